/* gantry-aws-ecr.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-ecr"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-aws-ecr.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

/* The ECR actions Gantry uses: the one place their names are spelled. */
#define ACTION_DESCRIBE_REPOSITORIES             "DescribeRepositories"
#define ACTION_DESCRIBE_IMAGES                   "DescribeImages"
#define ACTION_BATCH_GET_IMAGE                   "BatchGetImage"
#define ACTION_PUT_IMAGE                         "PutImage"
#define ACTION_GET_REPOSITORY_POLICY             "GetRepositoryPolicy"
#define ACTION_SET_REPOSITORY_POLICY             "SetRepositoryPolicy"
#define ACTION_PUT_IMAGE_SCANNING_CONFIGURATION  "PutImageScanningConfiguration"
#define ACTION_DESCRIBE_IMAGE_SCAN_FINDINGS      "DescribeImageScanFindings"
#define ACTION_GET_LIFECYCLE_POLICY              "GetLifecyclePolicy"

#define TOKEN_MEMBER "nextToken"

/* DescribeImageScanFindings without a scan: a state, not a failure. */
#define ERROR_SCAN_NOT_FOUND "ScanNotFoundException"

/* Every manifest format a promotion may have to move (DESIGN.md, step 1):
 * without the list and index types ECR would answer a multi-arch tag with
 * a failure instead of the index. */
static const char * const accepted_media_types[] = {
  GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST,
  GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_LIST,
  GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST,
  GANTRY_AWS_ECR_MEDIA_TYPE_OCI_INDEX,
};

struct _GantryAwsEcr
{
  GObject          parent_instance;
  GantryAwsClient *client;
};

G_DEFINE_FINAL_TYPE (GantryAwsEcr, gantry_aws_ecr, G_TYPE_OBJECT)

typedef struct _CallData CallData;

/* Turns the reply pages (one for unpaged calls; NULL when the call failed
 * with @recover_code) into the task's result. */
typedef gpointer (*ParseFunc) (GantryAwsEcr  *self,
                               CallData      *data,
                               GPtrArray     *pages,
                               GError       **error);

struct _CallData
{
  const char     *action;
  char           *repository;
  ParseFunc       parse;
  GDestroyNotify  result_free;
  const char     *recover_code;
  gboolean        paged;
};

static void
call_data_free (CallData *data)
{
  g_free (data->repository);
  g_free (data);
}

static void
gantry_aws_ecr_dispose (GObject *object)
{
  GantryAwsEcr *self = GANTRY_AWS_ECR (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_ecr_parent_class)->dispose (object);
}

static void
gantry_aws_ecr_class_init (GantryAwsEcrClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_ecr_dispose;
}

static void
gantry_aws_ecr_init (GantryAwsEcr *self)
{
}

/**
 * gantry_aws_ecr_new:
 *
 * Returns: (transfer full): the ECR API on @client
 */
GantryAwsEcr *
gantry_aws_ecr_new (GantryAwsClient *client)
{
  GantryAwsEcr *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_ECR, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * gantry_aws_ecr_get_client:
 *
 * Returns: (transfer none): the client calls go through
 */
GantryAwsClient *
gantry_aws_ecr_get_client (GantryAwsEcr *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_ECR (self), NULL);
  return self->client;
}

static const char *
region (GantryAwsEcr *self)
{
  const char *name = gantry_aws_client_get_region (self->client);

  return name != NULL ? name : "?";
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryAwsEcr *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  gpointer parsed;

  if (data->paged)
    {
      pages = gantry_aws_client_paginate_json_finish (self->client, result, &error);
    }
  else
    {
      JsonObject *reply = gantry_aws_client_call_json_finish (self->client, result, &error);

      if (reply != NULL)
        {
          pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          g_ptr_array_add (pages, reply);
        }
    }

  if (pages == NULL &&
      !(data->recover_code != NULL && gantry_aws_error_has_aws_code (error, data->recover_code)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  parsed = data->parse (self, data, pages, &error);
  if (error != NULL)
    {
      if (gantry_aws_error_get_action (error) == NULL)
        gantry_aws_error_set_details (error, gantry_aws_error_get_aws_code (error),
                                      data->action, 200, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, data->result_free);
}

/* Starts @action for @task (transfer full), whose data @data becomes. */
static void
start_call (GantryAwsEcr *self,
            GTask        *task,
            CallData     *data,
            JsonObject   *input)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  if (data->paged)
    gantry_aws_client_paginate_json_async (self->client, &gantry_aws_service_ecr, data->action,
                                           input, TOKEN_MEMBER, cancellable, call_cb, task);
  else
    gantry_aws_client_call_json_async (self->client, &gantry_aws_service_ecr, data->action,
                                       input, cancellable, call_cb, task);
}

static CallData *
call_data_new (const char     *action,
               const char     *repository,
               ParseFunc       parse,
               GDestroyNotify  result_free)
{
  CallData *data = g_new0 (CallData, 1);

  data->action = action;
  data->repository = g_strdup (repository);
  data->parse = parse;
  data->result_free = result_free;
  return data;
}

static JsonObject *
new_input (const char *repository)
{
  JsonObject *input = json_object_new ();

  if (repository != NULL)
    json_object_set_string_member (input, "repositoryName", repository);
  return input;
}

static JsonObject *
image_id_new (const char *image_ref)
{
  JsonObject *image_id = json_object_new ();

  json_object_set_string_member (image_id,
                                 gantry_aws_ecr_is_digest (image_ref) ? "imageDigest" : "imageTag",
                                 image_ref);
  return image_id;
}

static JsonArray *
image_ids_new (const char * const *image_refs)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; image_refs[i] != NULL; i++)
    json_array_add_object_element (array, image_id_new (image_refs[i]));
  return array;
}

static gboolean
finish_boolean (gpointer      self,
                GAsyncResult *result,
                GError      **error)
{
  /* Operations without a result return a non-NULL marker pointer. */
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

static gpointer
parse_done (GantryAwsEcr  *self,
            CallData      *data,
            GPtrArray     *pages,
            GError       **error)
{
  return GINT_TO_POINTER (TRUE);
}

typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

/* Parses every object of @member over all @pages with @new_from_json. */
static GPtrArray *
collect (GPtrArray       *pages,
         const char      *member,
         NewFromJson      new_from_json,
         GDestroyNotify   free_func,
         GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);

  for (guint p = 0; p < pages->len; p++)
    {
      JsonArray *array = gantry_aws_json_get_array (g_ptr_array_index (pages, p), member);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          gpointer item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                           _("The reply from ECR has an entry of %s that is not an object."),
                           member);
              return NULL;
            }

          item = new_from_json (json_node_get_object (node), error);
          if (item == NULL)
            return NULL;
          g_ptr_array_add (items, item);
        }
    }

  return g_steal_pointer (&items);
}

/* DescribeRepositories */

static gpointer
parse_repositories (GantryAwsEcr  *self,
                    CallData      *data,
                    GPtrArray     *pages,
                    GError       **error)
{
  return collect (pages, "repositories",
                  (NewFromJson) gantry_aws_ecr_repository_new_from_json,
                  (GDestroyNotify) gantry_aws_ecr_repository_free, error);
}

/**
 * gantry_aws_ecr_describe_repositories_async:
 * @names: (nullable) (array zero-terminated=1): the repositories, or %NULL for all
 * @page_size: maxResults per page (1–1000), 0 for ECR's default; only used without @names
 *
 * Describes repositories, following `nextToken` through every page.
 */
void
gantry_aws_ecr_describe_repositories_async (GantryAwsEcr        *self,
                                            const char * const  *names,
                                            guint                page_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) input = new_input (NULL);
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_describe_repositories_async);

  /* ECR refuses maxResults next to an explicit list of names. */
  if (names != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; names[i] != NULL; i++)
        json_array_add_string_element (array, names[i]);
      json_object_set_array_member (input, "repositoryNames", array);
    }
  else if (page_size > 0)
    {
      json_object_set_int_member (input, "maxResults", page_size);
    }

  data = call_data_new (ACTION_DESCRIBE_REPOSITORIES, NULL, parse_repositories,
                        (GDestroyNotify) g_ptr_array_unref);
  data->paged = TRUE;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecr_describe_repositories_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcrRepository): the repositories
 */
GPtrArray *
gantry_aws_ecr_describe_repositories_finish (GantryAwsEcr  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DescribeImages */

static gpointer
parse_images (GantryAwsEcr  *self,
              CallData      *data,
              GPtrArray     *pages,
              GError       **error)
{
  return collect (pages, "imageDetails",
                  (NewFromJson) gantry_aws_ecr_image_detail_new_from_json,
                  (GDestroyNotify) gantry_aws_ecr_image_detail_free, error);
}

/**
 * gantry_aws_ecr_describe_images_async:
 * @repository: the repository name
 * @image_refs: (nullable) (array zero-terminated=1): tags or digests to
 *   describe, or %NULL for every image
 * @tag_status: (nullable): %GANTRY_AWS_ECR_TAG_STATUS_TAGGED, …, or %NULL for any;
 *   only used without @image_refs
 * @page_size: maxResults per page (1–1000), 0 for ECR's default; only used
 *   without @image_refs
 *
 * Describes images, following `nextToken` through every page. A tag or
 * digest in @image_refs that is not there fails the call with
 * `ImageNotFoundException`.
 */
void
gantry_aws_ecr_describe_images_async (GantryAwsEcr        *self,
                                      const char          *repository,
                                      const char * const  *image_refs,
                                      const char          *tag_status,
                                      guint                page_size,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_describe_images_async);

  input = new_input (repository);
  /* ECR refuses maxResults and filter next to explicit image IDs. */
  if (image_refs != NULL)
    {
      json_object_set_array_member (input, "imageIds", image_ids_new (image_refs));
    }
  else
    {
      if (page_size > 0)
        json_object_set_int_member (input, "maxResults", page_size);
      if (tag_status != NULL)
        {
          JsonObject *filter = json_object_new ();

          json_object_set_string_member (filter, "tagStatus", tag_status);
          json_object_set_object_member (input, "filter", filter);
        }
    }

  data = call_data_new (ACTION_DESCRIBE_IMAGES, repository, parse_images,
                        (GDestroyNotify) g_ptr_array_unref);
  data->paged = TRUE;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecr_describe_images_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsEcrImageDetail): the images
 */
GPtrArray *
gantry_aws_ecr_describe_images_finish (GantryAwsEcr  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* BatchGetImage */

/* A failureCode goes into the error's AWS code, where callers branch on it:
 * keep only what looks like a code. */
static const char *
sane_code (const char *code)
{
  if (code == NULL || *code == '\0' || strlen (code) > 64)
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return NULL;
  return code;
}

static GError *
failure_error (GantryAwsEcr *self,
               CallData     *data,
               JsonObject   *failure)
{
  JsonObject *image_id = gantry_aws_json_get_object (failure, "imageId");
  const char *ref = gantry_aws_json_get_string (image_id, "imageTag");
  const char *code = sane_code (gantry_aws_json_get_string (failure, "failureCode"));
  const char *reason = gantry_aws_json_get_string (failure, "failureReason");
  GError *error;

  if (ref == NULL)
    ref = gantry_aws_json_get_string (image_id, "imageDigest");

  error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE,
                       _("ECR could not read image %s of repository %s in %s: %.200s (%s)"),
                       ref != NULL ? ref : "?", data->repository, region (self),
                       reason != NULL ? reason : _("no reason given"),
                       code != NULL ? code : "?");
  gantry_aws_error_set_details (error, code, data->action, 200, NULL);
  return error;
}

static gpointer
parse_batch_get_image (GantryAwsEcr  *self,
                       CallData      *data,
                       GPtrArray     *pages,
                       GError       **error)
{
  JsonObject *reply = g_ptr_array_index (pages, 0);
  JsonArray *failures = gantry_aws_json_get_array (reply, "failures");
  g_autoptr(GPtrArray) images = NULL;

  /* The caller asked for each of these images: a partial answer would let
   * a promotion go ahead with less than it approved. */
  for (guint i = 0; failures != NULL && i < json_array_get_length (failures); i++)
    {
      JsonNode *node = json_array_get_element (failures, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, failure_error (self, data, json_node_get_object (node)));
          return NULL;
        }
    }

  images = collect (pages, "images", (NewFromJson) gantry_aws_image_new_from_json,
                    (GDestroyNotify) gantry_aws_image_free, error);
  if (images == NULL)
    return NULL;

  if (images->len == 0)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("ECR returned neither images nor failures for repository %s in %s."),
                   data->repository, region (self));
      return NULL;
    }

  return g_steal_pointer (&images);
}

static JsonObject *
batch_get_image_input_new (const char         *repository,
                           const char * const *image_refs)
{
  JsonObject *input = new_input (repository);
  JsonArray *media_types = json_array_new ();

  json_object_set_array_member (input, "imageIds", image_ids_new (image_refs));
  for (guint i = 0; i < G_N_ELEMENTS (accepted_media_types); i++)
    json_array_add_string_element (media_types, accepted_media_types[i]);
  json_object_set_array_member (input, "acceptedMediaTypes", media_types);
  return input;
}

/**
 * gantry_aws_ecr_batch_get_image_async:
 * @repository: the repository name
 * @image_refs: (array zero-terminated=1): tags or digests (at most 100)
 *
 * Reads image manifests, accepting Docker v2 manifests and manifest lists
 * and OCI manifests and indexes. If any image cannot be read (e.g. a tag
 * that does not exist), the call fails with %GANTRY_AWS_ERROR_SERVICE and
 * the image's failureCode (%GANTRY_AWS_ECR_FAILURE_IMAGE_NOT_FOUND, …) as
 * its AWS code.
 */
void
gantry_aws_ecr_batch_get_image_async (GantryAwsEcr        *self,
                                      const char          *repository,
                                      const char * const  *image_refs,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (image_refs != NULL && image_refs[0] != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_batch_get_image_async);

  input = batch_get_image_input_new (repository, image_refs);

  start_call (self, task,
              call_data_new (ACTION_BATCH_GET_IMAGE, repository, parse_batch_get_image,
                             (GDestroyNotify) g_ptr_array_unref),
              input);
}

/**
 * gantry_aws_ecr_batch_get_image_finish:
 *
 * Returns: (transfer container) (element-type GantryAwsImage): the images
 */
GPtrArray *
gantry_aws_ecr_batch_get_image_finish (GantryAwsEcr  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        gantry_aws_ecr_batch_get_image_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_get_image (GantryAwsEcr  *self,
                 CallData      *data,
                 GPtrArray     *pages,
                 GError       **error)
{
  g_autoptr(GPtrArray) images = parse_batch_get_image (self, data, pages, error);

  if (images == NULL)
    return NULL;
  return gantry_aws_image_copy (g_ptr_array_index (images, 0));
}

/**
 * gantry_aws_ecr_get_image_async:
 * @repository: the repository name
 * @image_ref: a tag or a digest
 *
 * BatchGetImage for one image; see gantry_aws_ecr_batch_get_image_async().
 */
void
gantry_aws_ecr_get_image_async (GantryAwsEcr        *self,
                                const char          *repository,
                                const char          *image_ref,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  const char *refs[] = { image_ref, NULL };
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (image_ref != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_get_image_async);

  input = batch_get_image_input_new (repository, refs);

  start_call (self, task,
              call_data_new (ACTION_BATCH_GET_IMAGE, repository, parse_get_image,
                             (GDestroyNotify) gantry_aws_image_free),
              input);
}

/**
 * gantry_aws_ecr_get_image_finish:
 *
 * Returns: (transfer full): the image, its manifest exactly as ECR stores it
 */
GantryAwsImage *
gantry_aws_ecr_get_image_finish (GantryAwsEcr  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        gantry_aws_ecr_get_image_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* PutImage */

static gpointer
parse_put_image (GantryAwsEcr  *self,
                 CallData      *data,
                 GPtrArray     *pages,
                 GError       **error)
{
  JsonObject *image = gantry_aws_json_get_object (g_ptr_array_index (pages, 0), "image");
  const char *digest = gantry_aws_json_get_string (gantry_aws_json_get_object (image, "imageId"),
                                                   "imageDigest");

  if (digest == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECR to PutImage for repository %s in %s has no image "
                     "digest."), data->repository, region (self));
      return NULL;
    }

  return g_strdup (digest);
}

/**
 * gantry_aws_ecr_put_image_async:
 * @image: the image; its repository, manifest, media type and digest are sent
 * @tag: (nullable): the tag to point at it, e.g. "prod-latest"
 *
 * Stores @image's manifest bytes unchanged under @tag. With a digest set,
 * ECR refuses a manifest that does not hash to it
 * (%GANTRY_AWS_ECR_ERROR_IMAGE_DIGEST_DOES_NOT_MATCH). If @tag already
 * points at this image, the call fails with
 * %GANTRY_AWS_ECR_ERROR_IMAGE_ALREADY_EXISTS; if the tag is immutable and
 * points elsewhere, with %GANTRY_AWS_ECR_ERROR_IMAGE_TAG_ALREADY_EXISTS.
 */
void
gantry_aws_ecr_put_image_async (GantryAwsEcr        *self,
                                GantryAwsImage      *image,
                                const char          *tag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  g_autofree char *manifest = NULL;
  const char *bytes;
  gsize size;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (image != NULL && image->repository_name != NULL && image->manifest != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_put_image_async);

  /* The manifest travels as a JSON string, so it must be text; a NUL would
   * silently cut it short. Anything else is escaped and unescaped exactly. */
  bytes = g_bytes_get_data (image->manifest, &size);
  if (size == 0 || !g_utf8_validate_len (bytes, size, NULL))
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                               _("The manifest for repository %s is not UTF-8 text; ECR only "
                                 "stores text manifests."), image->repository_name);
      g_object_unref (task);
      return;
    }
  manifest = g_strndup (bytes, size);

  input = new_input (image->repository_name);
  json_object_set_string_member (input, "imageManifest", manifest);
  if (image->manifest_media_type != NULL)
    json_object_set_string_member (input, "imageManifestMediaType", image->manifest_media_type);
  if (image->digest != NULL)
    json_object_set_string_member (input, "imageDigest", image->digest);
  if (tag != NULL)
    json_object_set_string_member (input, "imageTag", tag);

  start_call (self, task,
              call_data_new (ACTION_PUT_IMAGE, image->repository_name, parse_put_image, g_free),
              input);
}

/**
 * gantry_aws_ecr_put_image_finish:
 *
 * Returns: (transfer full): the digest ECR stored the image under
 */
char *
gantry_aws_ecr_put_image_finish (GantryAwsEcr  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Policies */

static gpointer
parse_policy_text (GantryAwsEcr  *self,
                   CallData      *data,
                   GPtrArray     *pages,
                   GError       **error)
{
  JsonObject *reply = g_ptr_array_index (pages, 0);
  const char *member = g_str_equal (data->action, ACTION_GET_LIFECYCLE_POLICY)
                       ? "lifecyclePolicyText" : "policyText";
  const char *text = gantry_aws_json_get_string (reply, member);

  if (text == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from ECR to %s for repository %s in %s has no %s."),
                   data->action, data->repository, region (self), member);
      return NULL;
    }

  return g_strdup (text);
}

/**
 * gantry_aws_ecr_get_repository_policy_async:
 *
 * Reads the repository's policy. A repository without one fails with
 * %GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND.
 */
void
gantry_aws_ecr_get_repository_policy_async (GantryAwsEcr        *self,
                                            const char          *repository,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_get_repository_policy_async);
  input = new_input (repository);
  start_call (self, task,
              call_data_new (ACTION_GET_REPOSITORY_POLICY, repository, parse_policy_text, g_free),
              input);
}

/**
 * gantry_aws_ecr_get_repository_policy_finish:
 *
 * Returns: (transfer full): the policy JSON text as ECR stores it
 */
char *
gantry_aws_ecr_get_repository_policy_finish (GantryAwsEcr  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gantry_aws_ecr_set_repository_policy_async:
 * @policy_text: the policy JSON text
 *
 * Replaces the repository's policy.
 */
void
gantry_aws_ecr_set_repository_policy_async (GantryAwsEcr        *self,
                                            const char          *repository,
                                            const char          *policy_text,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (policy_text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_set_repository_policy_async);
  input = new_input (repository);
  json_object_set_string_member (input, "policyText", policy_text);
  start_call (self, task,
              call_data_new (ACTION_SET_REPOSITORY_POLICY, repository, parse_done, NULL),
              input);
}

gboolean
gantry_aws_ecr_set_repository_policy_finish (GantryAwsEcr  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_boolean (self, result, error);
}

/**
 * gantry_aws_ecr_get_lifecycle_policy_async:
 *
 * Reads the repository's lifecycle policy. A repository without one fails
 * with %GANTRY_AWS_ECR_ERROR_LIFECYCLE_POLICY_NOT_FOUND.
 */
void
gantry_aws_ecr_get_lifecycle_policy_async (GantryAwsEcr        *self,
                                           const char          *repository,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_get_lifecycle_policy_async);
  input = new_input (repository);
  start_call (self, task,
              call_data_new (ACTION_GET_LIFECYCLE_POLICY, repository, parse_policy_text, g_free),
              input);
}

/**
 * gantry_aws_ecr_get_lifecycle_policy_finish:
 *
 * Returns: (transfer full): the lifecycle policy JSON text
 */
char *
gantry_aws_ecr_get_lifecycle_policy_finish (GantryAwsEcr  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Scanning */

/**
 * gantry_aws_ecr_put_image_scanning_configuration_async:
 *
 * Turns scan-on-push on or off for the repository.
 */
void
gantry_aws_ecr_put_image_scanning_configuration_async (GantryAwsEcr        *self,
                                                       const char          *repository,
                                                       gboolean             scan_on_push,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  JsonObject *configuration;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_put_image_scanning_configuration_async);
  input = new_input (repository);
  configuration = json_object_new ();
  json_object_set_boolean_member (configuration, "scanOnPush", scan_on_push);
  json_object_set_object_member (input, "imageScanningConfiguration", configuration);
  start_call (self, task,
              call_data_new (ACTION_PUT_IMAGE_SCANNING_CONFIGURATION, repository, parse_done,
                             NULL),
              input);
}

gboolean
gantry_aws_ecr_put_image_scanning_configuration_finish (GantryAwsEcr  *self,
                                                        GAsyncResult  *result,
                                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_boolean (self, result, error);
}

static gpointer
parse_scan_findings (GantryAwsEcr  *self,
                     CallData      *data,
                     GPtrArray     *pages,
                     GError       **error)
{
  JsonObject *reply;

  /* ScanNotFoundException: the image was never scanned. */
  if (pages == NULL)
    return gantry_aws_ecr_scan_findings_new_from_json (NULL, NULL);

  reply = g_ptr_array_index (pages, 0);
  return gantry_aws_ecr_scan_findings_new_from_json (
    gantry_aws_json_get_object (reply, "imageScanStatus"),
    gantry_aws_json_get_object (reply, "imageScanFindings"));
}

/**
 * gantry_aws_ecr_describe_image_scan_findings_async:
 * @image_ref: a tag or a digest
 *
 * Reads the image's scan status and finding counts per severity. An image
 * that was never scanned gives a result in state %GANTRY_AWS_ECR_SCAN_NONE,
 * not an error.
 */
void
gantry_aws_ecr_describe_image_scan_findings_async (GantryAwsEcr        *self,
                                                   const char          *repository,
                                                   const char          *image_ref,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = NULL;
  CallData *data;
  GTask *task;

  g_return_if_fail (GANTRY_IS_AWS_ECR (self));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (image_ref != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_aws_ecr_describe_image_scan_findings_async);
  input = new_input (repository);
  json_object_set_object_member (input, "imageId", image_id_new (image_ref));
  /* The severity counts come with every page; the findings themselves are
   * not needed, so one small page is enough. */
  json_object_set_int_member (input, "maxResults", 1);

  data = call_data_new (ACTION_DESCRIBE_IMAGE_SCAN_FINDINGS, repository, parse_scan_findings,
                        (GDestroyNotify) gantry_aws_ecr_scan_findings_free);
  data->recover_code = ERROR_SCAN_NOT_FOUND;
  start_call (self, task, data, input);
}

/**
 * gantry_aws_ecr_describe_image_scan_findings_finish:
 *
 * Returns: (transfer full): the scan outcome
 */
GantryAwsEcrScanFindings *
gantry_aws_ecr_describe_image_scan_findings_finish (GantryAwsEcr  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
