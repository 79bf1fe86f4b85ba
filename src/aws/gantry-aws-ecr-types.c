/* gantry-aws-ecr-types.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-ecr"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-aws-ecr-types.h"
#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

/* Members the product cannot work without make the reply BAD_RESPONSE;
 * everything else is optional and degrades to "unknown", because AWS adds
 * and drops members over time and emulators leave many out. */
static gboolean
require_string (JsonObject  *object,
                const char  *member,
                const char  *what,
                GError     **error)
{
  const char *value = gantry_aws_json_get_string (object, member);

  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
               _("The reply from ECR has %s without %s."), what, member);
  return FALSE;
}

static GStrv
dup_string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

/**
 * gantry_aws_ecr_is_digest:
 * @image_ref: a tag or a digest
 *
 * Image references in this API are either a tag or a digest: tags cannot
 * contain ':' (ECR allows `[a-zA-Z0-9_.-]`), digests always do ("sha256:…").
 *
 * Returns: whether @image_ref is a digest
 */
gboolean
gantry_aws_ecr_is_digest (const char *image_ref)
{
  return image_ref != NULL && strchr (image_ref, ':') != NULL;
}

static const struct
{
  const char                *text;
  GantryAwsEcrTagMutability  value;
} tag_mutabilities[] = {
  { "MUTABLE", GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE },
  { "IMMUTABLE", GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE },
  { "IMMUTABLE_WITH_EXCLUSION", GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION },
  { "MUTABLE_WITH_EXCLUSION", GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE_WITH_EXCLUSION },
};

/**
 * gantry_aws_ecr_tag_mutability_to_string:
 *
 * Returns: the API value, e.g. "IMMUTABLE_WITH_EXCLUSION", or %NULL for unknown
 */
const char *
gantry_aws_ecr_tag_mutability_to_string (GantryAwsEcrTagMutability mutability)
{
  for (guint i = 0; i < G_N_ELEMENTS (tag_mutabilities); i++)
    if (tag_mutabilities[i].value == mutability)
      return tag_mutabilities[i].text;
  return NULL;
}

static GantryAwsEcrTagMutability
parse_tag_mutability (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (tag_mutabilities); i++)
    if (g_str_equal (tag_mutabilities[i].text, text))
      return tag_mutabilities[i].value;
  return GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN;
}

void
gantry_aws_ecr_tag_filter_free (GantryAwsEcrTagFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->filter_type);
  g_free (filter->filter);
  g_free (filter);
}

/**
 * gantry_aws_ecr_repository_new_from_json:
 * @object: one element of DescribeRepositories' `repositories`
 *
 * Returns: (transfer full): the repository, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE if it has no name, ARN or URI
 */
GantryAwsEcrRepository *
gantry_aws_ecr_repository_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  g_autoptr(GantryAwsEcrRepository) repository = NULL;
  JsonArray *filters;

  if (!require_string (object, "repositoryName", _("a repository"), error) ||
      !require_string (object, "repositoryArn", _("a repository"), error) ||
      !require_string (object, "repositoryUri", _("a repository"), error))
    return NULL;

  repository = g_new0 (GantryAwsEcrRepository, 1);
  repository->name = g_strdup (gantry_aws_json_get_string (object, "repositoryName"));
  repository->arn = g_strdup (gantry_aws_json_get_string (object, "repositoryArn"));
  repository->uri = g_strdup (gantry_aws_json_get_string (object, "repositoryUri"));
  repository->registry_id = g_strdup (gantry_aws_json_get_string (object, "registryId"));
  repository->created_at = gantry_aws_json_get_timestamp (object, "createdAt");
  repository->tag_mutability_text =
    g_strdup (gantry_aws_json_get_string (object, "imageTagMutability"));
  repository->tag_mutability = parse_tag_mutability (repository->tag_mutability_text);
  repository->scan_on_push =
    gantry_aws_json_get_bool (gantry_aws_json_get_object (object, "imageScanningConfiguration"),
                              "scanOnPush", FALSE);

  repository->exclusion_filters =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_ecr_tag_filter_free);
  filters = gantry_aws_json_get_array (object, "imageTagMutabilityExclusionFilters");
  for (guint i = 0; filters != NULL && i < json_array_get_length (filters); i++)
    {
      JsonNode *node = json_array_get_element (filters, i);
      GantryAwsEcrTagFilter *filter;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      if (gantry_aws_json_get_string (item, "filter") == NULL)
        continue;

      filter = g_new0 (GantryAwsEcrTagFilter, 1);
      filter->filter = g_strdup (gantry_aws_json_get_string (item, "filter"));
      filter->filter_type = g_strdup (gantry_aws_json_get_string (item, "filterType"));
      g_ptr_array_add (repository->exclusion_filters, filter);
    }

  return g_steal_pointer (&repository);
}

void
gantry_aws_ecr_repository_free (GantryAwsEcrRepository *repository)
{
  if (repository == NULL)
    return;
  g_free (repository->name);
  g_free (repository->arn);
  g_free (repository->uri);
  g_free (repository->registry_id);
  g_clear_pointer (&repository->created_at, g_date_time_unref);
  g_free (repository->tag_mutability_text);
  g_clear_pointer (&repository->exclusion_filters, g_ptr_array_unref);
  g_free (repository);
}

static GantryAwsEcrScanState
parse_scan_state (const char *status)
{
  static const struct
  {
    const char            *text;
    GantryAwsEcrScanState  state;
  } states[] = {
    { "IN_PROGRESS", GANTRY_AWS_ECR_SCAN_IN_PROGRESS },
    { "PENDING", GANTRY_AWS_ECR_SCAN_IN_PROGRESS },
    { "COMPLETE", GANTRY_AWS_ECR_SCAN_COMPLETE },
    { "ACTIVE", GANTRY_AWS_ECR_SCAN_COMPLETE },
    { "FAILED", GANTRY_AWS_ECR_SCAN_FAILED },
    { "UNSUPPORTED_IMAGE", GANTRY_AWS_ECR_SCAN_UNSUPPORTED },
    { "SCAN_ELIGIBILITY_EXPIRED", GANTRY_AWS_ECR_SCAN_UNSUPPORTED },
    { "FINDINGS_UNAVAILABLE", GANTRY_AWS_ECR_SCAN_UNSUPPORTED },
  };

  if (status == NULL)
    return GANTRY_AWS_ECR_SCAN_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (states[i].text, status))
      return states[i].state;

  return GANTRY_AWS_ECR_SCAN_OTHER;
}

/* A severity's count: absent is zero; anything but a non-negative integer
 * is unreadable (FALSE), never zero, or a garbled "CRITICAL": "3" would
 * read as no critical findings. */
static gboolean
read_count (JsonObject *counts,
            const char *severity,
            guint      *out_count)
{
  JsonNode *node = counts != NULL ? json_object_get_member (counts, severity) : NULL;
  gint64 value;

  *out_count = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 0)
    return FALSE;
  *out_count = (guint) MIN (value, G_MAXUINT);
  return TRUE;
}

/**
 * gantry_aws_ecr_scan_findings_new_from_json:
 * @status: (nullable): imageScanStatus
 * @summary: (nullable): imageScanFindingsSummary (DescribeImages) or
 *   imageScanFindings (DescribeImageScanFindings): both carry
 *   findingSeverityCounts and imageScanCompletedAt
 *
 * Returns: (transfer full): the scan outcome; %GANTRY_AWS_ECR_SCAN_NONE
 *   when @status is missing
 */
GantryAwsEcrScanFindings *
gantry_aws_ecr_scan_findings_new_from_json (JsonObject *status,
                                            JsonObject *summary)
{
  GantryAwsEcrScanFindings *findings = g_new0 (GantryAwsEcrScanFindings, 1);
  JsonObject *counts;
  gboolean readable = TRUE;

  findings->status = g_strdup (gantry_aws_json_get_string (status, "status"));
  findings->description = g_strdup (gantry_aws_json_get_string (status, "description"));
  findings->state = parse_scan_state (findings->status);

  findings->completed_at = gantry_aws_json_get_timestamp (summary, "imageScanCompletedAt");
  counts = gantry_aws_json_get_object (summary, "findingSeverityCounts");

  readable &= read_count (counts, "CRITICAL", &findings->counts.critical);
  readable &= read_count (counts, "HIGH", &findings->counts.high);
  readable &= read_count (counts, "MEDIUM", &findings->counts.medium);
  readable &= read_count (counts, "LOW", &findings->counts.low);
  readable &= read_count (counts, "INFORMATIONAL", &findings->counts.informational);
  readable &= read_count (counts, "UNDEFINED", &findings->counts.undefined);

  /* A completed scan with no findings has an empty or absent counts object:
   * that is "known, all zero", not "unknown". Unreadable counts are unknown. */
  findings->counts.known = readable &&
                           (findings->state == GANTRY_AWS_ECR_SCAN_COMPLETE || counts != NULL);
  findings->counts.unreadable = !readable;

  return findings;
}

void
gantry_aws_ecr_scan_findings_free (GantryAwsEcrScanFindings *findings)
{
  if (findings == NULL)
    return;
  g_free (findings->status);
  g_free (findings->description);
  g_clear_pointer (&findings->completed_at, g_date_time_unref);
  g_free (findings);
}

/**
 * gantry_aws_ecr_image_detail_new_from_json:
 * @object: one element of DescribeImages' `imageDetails`
 *
 * Returns: (transfer full): the image, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE if it has no digest
 */
GantryAwsEcrImageDetail *
gantry_aws_ecr_image_detail_new_from_json (JsonObject  *object,
                                           GError     **error)
{
  g_autoptr(GantryAwsEcrImageDetail) detail = NULL;
  JsonObject *status, *summary;

  if (!require_string (object, "imageDigest", _("an image"), error))
    return NULL;

  detail = g_new0 (GantryAwsEcrImageDetail, 1);
  detail->registry_id = g_strdup (gantry_aws_json_get_string (object, "registryId"));
  detail->repository_name = g_strdup (gantry_aws_json_get_string (object, "repositoryName"));
  detail->digest = g_strdup (gantry_aws_json_get_string (object, "imageDigest"));
  detail->tags = dup_string_array (gantry_aws_json_get_array (object, "imageTags"));
  detail->pushed_at = gantry_aws_json_get_timestamp (object, "imagePushedAt");
  detail->size_bytes = gantry_aws_json_get_int (object, "imageSizeInBytes", -1);
  detail->manifest_media_type =
    g_strdup (gantry_aws_json_get_string (object, "imageManifestMediaType"));
  detail->artifact_media_type =
    g_strdup (gantry_aws_json_get_string (object, "artifactMediaType"));
  detail->last_pulled_at = gantry_aws_json_get_timestamp (object, "lastRecordedPullTime");
  status = gantry_aws_json_get_object (object, "imageScanStatus");
  summary = gantry_aws_json_get_object (object, "imageScanFindingsSummary");
  detail->scan = gantry_aws_ecr_scan_findings_new_from_json (status, summary);

  return g_steal_pointer (&detail);
}

/**
 * gantry_aws_ecr_image_detail_has_tag:
 *
 * Returns: whether @tag points at this image
 */
gboolean
gantry_aws_ecr_image_detail_has_tag (GantryAwsEcrImageDetail *detail,
                                     const char              *tag)
{
  g_return_val_if_fail (detail != NULL, FALSE);
  return tag != NULL && g_strv_contains ((const char * const *) detail->tags, tag);
}

void
gantry_aws_ecr_image_detail_free (GantryAwsEcrImageDetail *detail)
{
  if (detail == NULL)
    return;
  g_free (detail->registry_id);
  g_free (detail->repository_name);
  g_free (detail->digest);
  g_strfreev (detail->tags);
  g_clear_pointer (&detail->pushed_at, g_date_time_unref);
  g_free (detail->manifest_media_type);
  g_free (detail->artifact_media_type);
  g_clear_pointer (&detail->last_pulled_at, g_date_time_unref);
  gantry_aws_ecr_scan_findings_free (detail->scan);
  g_free (detail);
}

G_DEFINE_BOXED_TYPE (GantryAwsImage, gantry_aws_image, gantry_aws_image_copy, gantry_aws_image_free)

/**
 * gantry_aws_image_new:
 * @repository_name: the repository to put it in
 * @manifest: the manifest bytes
 * @manifest_media_type: (nullable): its media type; %NULL lets ECR read it from the manifest
 * @digest: (nullable): the digest ECR must find for @manifest
 *
 * Returns: (transfer full): an image to pass to gantry_aws_ecr_put_image_async()
 */
GantryAwsImage *
gantry_aws_image_new (const char *repository_name,
                      GBytes     *manifest,
                      const char *manifest_media_type,
                      const char *digest)
{
  GantryAwsImage *image;

  g_return_val_if_fail (repository_name != NULL, NULL);
  g_return_val_if_fail (manifest != NULL, NULL);

  image = g_new0 (GantryAwsImage, 1);
  image->repository_name = g_strdup (repository_name);
  image->manifest = g_bytes_ref (manifest);
  image->manifest_media_type = g_strdup (manifest_media_type);
  image->digest = g_strdup (digest);
  return image;
}

/**
 * gantry_aws_image_new_from_json:
 * @object: one element of BatchGetImage's `images`, or PutImage's `image`
 *
 * The manifest is a JSON string inside the reply; json-glib has already
 * undone its escaping, so its UTF-8 text is exactly the manifest ECR stores.
 *
 * Returns: (transfer full): the image, or %NULL with
 *   %GANTRY_AWS_ERROR_BAD_RESPONSE if it has no digest, repository or manifest
 */
GantryAwsImage *
gantry_aws_image_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(GantryAwsImage) image = NULL;
  JsonObject *image_id = gantry_aws_json_get_object (object, "imageId");
  const char *manifest;

  if (!require_string (image_id, "imageDigest", _("an image"), error) ||
      !require_string (object, "repositoryName", _("an image"), error) ||
      !require_string (object, "imageManifest", _("an image"), error))
    return NULL;

  manifest = gantry_aws_json_get_string (object, "imageManifest");

  image = g_new0 (GantryAwsImage, 1);
  image->registry_id = g_strdup (gantry_aws_json_get_string (object, "registryId"));
  image->repository_name = g_strdup (gantry_aws_json_get_string (object, "repositoryName"));
  image->digest = g_strdup (gantry_aws_json_get_string (image_id, "imageDigest"));
  image->tag = g_strdup (gantry_aws_json_get_string (image_id, "imageTag"));
  image->manifest_media_type =
    g_strdup (gantry_aws_json_get_string (object, "imageManifestMediaType"));
  image->manifest = g_bytes_new (manifest, strlen (manifest));

  return g_steal_pointer (&image);
}

/**
 * gantry_aws_image_copy:
 *
 * Returns: (transfer full): a copy sharing the manifest bytes
 */
GantryAwsImage *
gantry_aws_image_copy (const GantryAwsImage *image)
{
  GantryAwsImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = g_new0 (GantryAwsImage, 1);
  copy->registry_id = g_strdup (image->registry_id);
  copy->repository_name = g_strdup (image->repository_name);
  copy->digest = g_strdup (image->digest);
  copy->tag = g_strdup (image->tag);
  copy->manifest_media_type = g_strdup (image->manifest_media_type);
  copy->manifest = image->manifest ? g_bytes_ref (image->manifest) : NULL;
  return copy;
}

void
gantry_aws_image_free (GantryAwsImage *image)
{
  if (image == NULL)
    return;
  g_free (image->registry_id);
  g_free (image->repository_name);
  g_free (image->digest);
  g_free (image->tag);
  g_free (image->manifest_media_type);
  g_clear_pointer (&image->manifest, g_bytes_unref);
  g_free (image);
}
