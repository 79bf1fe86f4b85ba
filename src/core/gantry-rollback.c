/* gantry-rollback.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rolling back is the promotion contract with an older target: plan (every
 * check that may refuse runs before anything is written), journal `started`,
 * write, verify, journal `done`/`failed`.
 *
 * Two targets: a task-definition revision (GantryRollout points the service
 * at it and follows the deployment ECS made PRIMARY until COMPLETED or
 * FAILED) and an image digest (GantryPromotion with kind "rollback": the
 * promotion contract with the older digest as the approved one). Planning
 * stays here: it is what a rollback adds to those two, the checks that
 * refuse a target whose image is gone or whose family is another service's.
 */

#define G_LOG_DOMAIN "gantry-rollback"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-sts.h"
#include "gantry-environment.h"
#include "gantry-error.h"
#include "gantry-history-private.h"
#include "gantry-history.h"
#include "gantry-promotion.h"
#include "gantry-repository-state.h"
#include "gantry-rollback.h"
#include "gantry-rollout.h"

#define DEFAULT_POLL_MS   5000
#define DEFAULT_TIMEOUT_S 1800

struct _GantryRollback
{
  GObject          parent_instance;
  GantryAwsClient *client;
  GantryJournal   *journal;
  GantryAwsEcs    *ecs;
  GantryAwsEcr    *ecr;
  char            *tag;
  gboolean         watch;
  guint            timeout_seconds;
  guint            poll_ms;
};

G_DEFINE_FINAL_TYPE (GantryRollback, gantry_rollback, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (GantryRollbackPlan, gantry_rollback_plan,
                     gantry_rollback_plan_copy, gantry_rollback_plan_free)

GantryRollbackPlan *
gantry_rollback_plan_copy (const GantryRollbackPlan *plan)
{
  GantryRollbackPlan *copy = g_new0 (GantryRollbackPlan, 1);

  copy->target = plan->target;
  copy->cluster = g_strdup (plan->cluster);
  copy->service = g_strdup (plan->service);
  copy->from_task_definition = g_strdup (plan->from_task_definition);
  copy->to_task_definition = g_strdup (plan->to_task_definition);
  copy->repository = g_strdup (plan->repository);
  copy->tag = g_strdup (plan->tag);
  copy->from_digest = g_strdup (plan->from_digest);
  copy->to_digest = g_strdup (plan->to_digest);
  copy->commit = g_strdup (plan->commit);
  copy->already_current = plan->already_current;
  return copy;
}

void
gantry_rollback_plan_free (GantryRollbackPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->cluster);
  g_free (plan->service);
  g_free (plan->from_task_definition);
  g_free (plan->to_task_definition);
  g_free (plan->repository);
  g_free (plan->tag);
  g_free (plan->from_digest);
  g_free (plan->to_digest);
  g_free (plan->commit);
  g_free (plan);
}

/**
 * gantry_rollback_plan_describe:
 *
 * Returns: (transfer full): one sentence saying what will change, naming
 *   the AWS call, for a confirmation prompt
 */
char *
gantry_rollback_plan_describe (const GantryRollbackPlan *plan)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->target == GANTRY_ROLLBACK_TARGET_REVISION)
    {
      from = _gantry_history_short_task_definition (plan->from_task_definition);
      to = _gantry_history_short_task_definition (plan->to_task_definition);
      if (plan->already_current)
        return g_strdup_printf (_("Service %s already runs %s: nothing to do."), plan->service, to);
      return g_strdup_printf (_("UpdateService: service %s in cluster %s moves from %s to %s."),
                              plan->service, plan->cluster ? plan->cluster : "default",
                              from ? from : "?", to);
    }

  if (plan->already_current)
    return g_strdup_printf (_("Tag %s of %s already points at %s: nothing to do."),
                            plan->tag, plan->repository, plan->to_digest);
  return g_strdup_printf (_("PutImage: tag %s of %s moves from %s to %s."),
                          plan->tag, plan->repository,
                          plan->from_digest ? plan->from_digest : _("nowhere"), plan->to_digest);
}

static void
gantry_rollback_dispose (GObject *object)
{
  GantryRollback *self = GANTRY_ROLLBACK (object);

  g_clear_object (&self->ecs);
  g_clear_object (&self->ecr);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (gantry_rollback_parent_class)->dispose (object);
}

static void
gantry_rollback_finalize (GObject *object)
{
  GantryRollback *self = GANTRY_ROLLBACK (object);

  g_free (self->tag);

  G_OBJECT_CLASS (gantry_rollback_parent_class)->finalize (object);
}

static void
gantry_rollback_class_init (GantryRollbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_rollback_dispose;
  object_class->finalize = gantry_rollback_finalize;
}

static void
gantry_rollback_init (GantryRollback *self)
{
  self->tag = g_strdup (GANTRY_ENVIRONMENT_DEFAULT_LATEST_TAG);
  self->watch = TRUE;
  self->timeout_seconds = DEFAULT_TIMEOUT_S;
  self->poll_ms = DEFAULT_POLL_MS;
}

/**
 * gantry_rollback_new:
 * @journal: where rollbacks are journaled
 *
 * Returns: (transfer full): a rollback planner and executor
 */
GantryRollback *
gantry_rollback_new (GantryAwsClient *client,
                     GantryJournal   *journal)
{
  GantryRollback *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (GANTRY_IS_JOURNAL (journal), NULL);

  self = g_object_new (GANTRY_TYPE_ROLLBACK, NULL);
  self->client = g_object_ref (client);
  self->journal = g_object_ref (journal);
  self->ecs = gantry_aws_ecs_new (client);
  self->ecr = gantry_aws_ecr_new (client);
  return self;
}

/**
 * gantry_rollback_set_tag:
 *
 * The tag a digest rollback moves; "prod-latest" by default.
 */
void
gantry_rollback_set_tag (GantryRollback *self,
                         const char     *tag)
{
  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  g_return_if_fail (tag != NULL);
  g_free (self->tag);
  self->tag = g_strdup (tag);
}

/**
 * gantry_rollback_set_watch:
 * @watch: whether a revision rollback waits for its deployment's verdict
 * @timeout_seconds: give up watching after this long, 0 for the default (30 min)
 *
 * Without watching, a revision rollback is `done` once ECS accepted
 * UpdateService; the journal line says the rollout was not watched.
 */
void
gantry_rollback_set_watch (GantryRollback *self,
                           gboolean        watch,
                           guint           timeout_seconds)
{
  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  self->watch = !!watch;
  self->timeout_seconds = timeout_seconds > 0 ? timeout_seconds : DEFAULT_TIMEOUT_S;
}

/**
 * gantry_rollback_set_poll_interval:
 *
 * The first delay between DescribeServices polls; GantryRollout makes it
 * grow from there.
 */
void
gantry_rollback_set_poll_interval (GantryRollback *self,
                                   guint           milliseconds)
{
  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  self->poll_ms = MAX (milliseconds, 1);
}

/* Helpers */

static char *
family_of (const char *task_definition)
{
  g_autofree char *short_name = _gantry_history_short_task_definition (task_definition);
  char *colon;

  if (short_name == NULL)
    return NULL;
  colon = strrchr (short_name, ':');
  if (colon != NULL)
    *colon = '\0';
  return g_steal_pointer (&short_name);
}

/* An image reference in an ECR registry of this client's region: its
 * repository and the tag or digest. Other registries give FALSE: Gantry
 * cannot check them. */
static gboolean
parse_ecr_image (GantryRollback  *self,
                 const char      *image,
                 char           **out_repository,
                 char           **out_ref)
{
  g_autofree char *host_marker = NULL;
  const char *slash, *at, *colon;

  host_marker = g_strdup_printf (".dkr.ecr.%s.", gantry_aws_client_get_region (self->client));
  if (image == NULL || strstr (image, host_marker) == NULL || (slash = strchr (image, '/')) == NULL)
    return FALSE;

  at = strchr (slash, '@');
  colon = strrchr (slash, ':');
  if (at != NULL)
    {
      *out_repository = g_strndup (slash + 1, at - slash - 1);
      *out_ref = g_strdup (at + 1);
    }
  else if (colon != NULL)
    {
      *out_repository = g_strndup (slash + 1, colon - slash - 1);
      *out_ref = g_strdup (colon + 1);
    }
  else
    {
      *out_repository = g_strdup (slash + 1);
      *out_ref = g_strdup ("latest");
    }
  return TRUE;
}

static void
refuse_missing_image (GTask      *task,
                      const char *repository,
                      const char *ref)
{
  g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                           _("Image %s no longer exists in ECR repository %s: it was probably "
                             "deleted by a lifecycle policy. Choose a newer target."),
                           ref, repository);
}

static gboolean
is_image_gone (const GError *error)
{
  return gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND) ||
         gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND);
}

/* Planning */

typedef struct
{
  GantryRollbackPlan *plan;
  char               *revision;
  GPtrArray          *checks;   /* repository, ref, repository, ref, … */
  guint               next_check;
} PlanData;

static void
plan_data_free (PlanData *data)
{
  gantry_rollback_plan_free (data->plan);
  g_free (data->revision);
  g_clear_pointer (&data->checks, g_ptr_array_unref);
  g_free (data);
}

static GTask *
plan_task_new (GantryRollback      *self,
               GantryRollbackTarget target,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PlanData *data = g_new0 (PlanData, 1);

  g_task_set_source_tag (task, source_tag);
  data->plan = g_new0 (GantryRollbackPlan, 1);
  data->plan->target = target;
  data->checks = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) plan_data_free);
  return task;
}

static void plan_check_next_image (GTask *task);

static void
plan_check_image_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *repository = g_ptr_array_index (data->checks, data->next_check - 2);
  const char *ref = g_ptr_array_index (data->checks, data->next_check - 1);

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if (images == NULL && is_image_gone (error))
    {
      refuse_missing_image (task, repository, ref);
      return;
    }
  if (images == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (images->len > 0 && data->plan->commit == NULL)
    {
      GantryAwsEcrImageDetail *detail = g_ptr_array_index (images, 0);

      data->plan->commit =
        gantry_repository_state_find_commit (detail, GANTRY_ENVIRONMENT_DEFAULT_CANDIDATE_TAG);
      if (data->plan->to_digest == NULL)
        data->plan->to_digest = g_strdup (detail->digest);
      if (data->plan->repository == NULL)
        data->plan->repository = g_strdup (repository);
    }

  plan_check_next_image (g_steal_pointer (&task));
}

/* @task: (transfer full) */
static void
plan_check_next_image (GTask *task)
{
  GantryRollback *self = g_task_get_source_object (task);
  PlanData *data = g_task_get_task_data (task);
  const char *refs[2] = { NULL, NULL };

  if (data->next_check >= data->checks->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->plan),
                             (GDestroyNotify) gantry_rollback_plan_free);
      g_object_unref (task);
      return;
    }

  refs[0] = g_ptr_array_index (data->checks, data->next_check + 1);
  gantry_aws_ecr_describe_images_async (self->ecr, g_ptr_array_index (data->checks,
                                                                      data->next_check),
                                        refs, NULL, 0, g_task_get_cancellable (task),
                                        plan_check_image_cb, task);
  data->next_check += 2;
}

static void
plan_target_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  PlanData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsTaskDefinition) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *family = family_of (data->plan->from_task_definition);

  target = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result,
                                                          &error);
  if (target == NULL)
    {
      if (gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECS_ERROR_CLIENT))
        g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND,
                                 _("Task definition %s does not exist in %s."),
                                 data->revision, gantry_aws_client_get_region (self->client));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The runbooks' COMMON MISTAKE: a service updated with another
   * service's task family. */
  if (g_strcmp0 (target->family, family) != 0)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                               _("Task family %s does not belong to service %s, which runs "
                                 "family %s."),
                               target->family, data->plan->service, family);
      return;
    }

  data->plan->to_task_definition = g_strdup (target->arn);
  data->plan->already_current = g_strcmp0 (target->arn, data->plan->from_task_definition) == 0;

  for (guint i = 0; i < target->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (target->containers, i);
      char *repository = NULL;
      char *ref = NULL;

      if (parse_ecr_image (self, container->image, &repository, &ref))
        {
          g_ptr_array_add (data->checks, repository);
          g_ptr_array_add (data->checks, ref);
        }
    }

  plan_check_next_image (g_steal_pointer (&task));
}

static void
plan_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  PlanData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *family = NULL;
  g_autofree char *target = NULL;
  GantryAwsEcsService *service;
  GCancellable *cancellable;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  service = g_ptr_array_index (services, 0);
  data->plan->from_task_definition = g_strdup (service->task_definition);
  family = family_of (service->task_definition);

  /* A bare number is a revision of the service's own family. */
  if (data->revision[0] != '\0' &&
      strspn (data->revision, "0123456789") == strlen (data->revision))
    target = g_strdup_printf ("%s:%s", family, data->revision);
  else
    target = g_strdup (data->revision);

  cancellable = g_task_get_cancellable (task);
  gantry_aws_ecs_describe_task_definition_async (self->ecs, target, cancellable,
                                                 plan_target_cb, g_steal_pointer (&task));
}

/**
 * gantry_rollback_plan_revision_async:
 * @cluster: (nullable): the cluster; %NULL for "default"
 * @service: the service
 * @revision: a revision number of the service's family ("3"), "family:3" or
 *   a task-definition ARN
 *
 * Plans moving @service back to @revision. Refuses (%GANTRY_ERROR_REFUSED) a
 * revision of another family than the service runs, and one whose ECR images
 * no longer exist.
 */
void
gantry_rollback_plan_revision_async (GantryRollback      *self,
                                     const char          *cluster,
                                     const char          *service,
                                     const char          *revision,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  const char *names[] = { service, NULL };
  GTask *task;
  PlanData *data;

  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (revision != NULL);

  task = plan_task_new (self, GANTRY_ROLLBACK_TARGET_REVISION, cancellable, callback, user_data,
                        gantry_rollback_plan_revision_async);
  data = g_task_get_task_data (task);
  data->plan->cluster = g_strdup (cluster);
  data->plan->service = g_strdup (service);
  data->revision = g_strdup (revision);

  gantry_aws_ecs_describe_services_async (self->ecs, cluster, names, cancellable,
                                          plan_service_cb, task);
}

static void
plan_current_tag_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if (images == NULL &&
      !gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (images != NULL && images->len > 0)
    data->plan->from_digest =
      g_strdup (((GantryAwsEcrImageDetail *) g_ptr_array_index (images, 0))->digest);
  data->plan->already_current = g_strcmp0 (data->plan->from_digest, data->plan->to_digest) == 0;

  g_task_return_pointer (task, g_steal_pointer (&data->plan),
                         (GDestroyNotify) gantry_rollback_plan_free);
}

static void
plan_digest_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  PlanData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *refs[] = { self->tag, NULL };
  GantryAwsEcrImageDetail *detail;
  GCancellable *cancellable;

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if ((images == NULL && is_image_gone (error)) || (images != NULL && images->len == 0))
    {
      refuse_missing_image (task, data->plan->repository, data->plan->to_digest);
      return;
    }
  if (images == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  detail = g_ptr_array_index (images, 0);
  data->plan->commit =
    gantry_repository_state_find_commit (detail, GANTRY_ENVIRONMENT_DEFAULT_CANDIDATE_TAG);

  cancellable = g_task_get_cancellable (task);
  gantry_aws_ecr_describe_images_async (self->ecr, data->plan->repository, refs, NULL, 0,
                                        cancellable, plan_current_tag_cb,
                                        g_steal_pointer (&task));
}

/**
 * gantry_rollback_plan_digest_async:
 * @repository: the ECR repository
 * @digest: the image digest ("sha256:…") the latest tag should point at
 *
 * Plans moving the latest tag of @repository back to @digest. Refuses
 * (%GANTRY_ERROR_REFUSED) a digest that no longer exists in ECR.
 */
void
gantry_rollback_plan_digest_async (GantryRollback      *self,
                                   const char          *repository,
                                   const char          *digest,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const char *refs[] = { digest, NULL };
  GTask *task;
  PlanData *data;

  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  g_return_if_fail (repository != NULL);
  g_return_if_fail (digest != NULL);

  task = plan_task_new (self, GANTRY_ROLLBACK_TARGET_DIGEST, cancellable, callback, user_data,
                        gantry_rollback_plan_digest_async);
  data = g_task_get_task_data (task);
  data->plan->repository = g_strdup (repository);
  data->plan->tag = g_strdup (self->tag);
  data->plan->to_digest = g_strdup (digest);

  if (!gantry_aws_ecr_is_digest (digest))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an image digest (sha256:…)."), digest);
      g_object_unref (task);
      return;
    }

  gantry_aws_ecr_describe_images_async (self->ecr, repository, refs, NULL, 0, cancellable,
                                        plan_digest_cb, task);
}

static void
plan_history_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  PlanData *data = g_task_get_task_data (task);
  GantryHistory *history = GANTRY_HISTORY (object);
  g_autoptr(GantryHistoryEntry) healthy = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { data->plan->service, NULL };
  GCancellable *cancellable;

  if (!gantry_history_load_finish (history, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  healthy = gantry_history_dup_last_healthy (history, data->plan->service);
  if (healthy == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND,
                               _("No deployment of service %s is known to have completed "
                                 "healthy: there is no last healthy revision to go back to."),
                               data->plan->service);
      return;
    }

  data->revision = g_strdup (gantry_history_entry_get_to (healthy));
  cancellable = g_task_get_cancellable (task);
  gantry_aws_ecs_describe_services_async (self->ecs, data->plan->cluster, names, cancellable,
                                          plan_service_cb, g_steal_pointer (&task));
}

/**
 * gantry_rollback_plan_last_healthy_async:
 * @cluster: (nullable): the cluster; %NULL for "default"
 * @service: the service
 *
 * Plans moving @service to the revision of its last healthy deployment (see
 * gantry_history_entry_get_is_last_healthy()). Fails with
 * %GANTRY_ERROR_NOT_FOUND when no deployment is known to have been healthy.
 */
void
gantry_rollback_plan_last_healthy_async (GantryRollback      *self,
                                         const char          *cluster,
                                         const char          *service,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GantryHistory) history = NULL;
  const char *names[] = { service, NULL };
  GTask *task;
  PlanData *data;

  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  g_return_if_fail (service != NULL);

  task = plan_task_new (self, GANTRY_ROLLBACK_TARGET_REVISION, cancellable, callback, user_data,
                        gantry_rollback_plan_last_healthy_async);
  data = g_task_get_task_data (task);
  data->plan->cluster = g_strdup (cluster);
  data->plan->service = g_strdup (service);

  /* Only deployments matter here: no journal, no CloudTrail. */
  history = gantry_history_new (self->client, NULL);
  gantry_history_set_cluster (history, cluster);
  gantry_history_set_services (history, names);
  gantry_history_set_use_cloudtrail (history, FALSE);
  gantry_history_load_async (history, cancellable, plan_history_cb, task);
}

/**
 * gantry_rollback_plan_finish:
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
GantryRollbackPlan *
gantry_rollback_plan_finish (GantryRollback  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Execution
 *
 * A digest rollback is a promotion of an older digest: GantryPromotion runs
 * the whole contract (re-read, journal, PutImage, verify) with kind
 * "rollback". A revision rollback journals here and lets GantryRollout
 * update the service and follow the deployment. */

typedef struct
{
  GantryRollbackPlan *plan;
  GantryJournalEntry *started;
  GantryRollout      *rollout;
  GError             *failure;
  char               *summary;
} ExecuteData;

static void
execute_data_free (ExecuteData *data)
{
  gantry_rollback_plan_free (data->plan);
  g_clear_pointer (&data->started, gantry_journal_entry_free);
  g_clear_object (&data->rollout);
  g_clear_error (&data->failure);
  g_free (data->summary);
  g_free (data);
}

static GError *
explain_missing_image (GError                   *error,
                       const GantryRollbackPlan *plan)
{
  if (!is_image_gone (error))
    return error;
  g_error_free (error);
  return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                      _("Image %s no longer exists in ECR repository %s: it was probably "
                        "deleted by a lifecycle policy."),
                      plan->to_digest, plan->repository);
}

/* Digest: GantryPromotion with kind "rollback" */

static void
execute_promote_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GantryPromotionResult) promoted = NULL;
  GError *error = NULL;

  promoted = gantry_promotion_promote_finish (GANTRY_PROMOTION (object), result, &error);
  if (promoted == NULL)
    {
      g_task_return_error (task, explain_missing_image (error, data->plan));
      return;
    }

  if (promoted->outcome == GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED)
    g_task_return_pointer (task,
                           g_strdup_printf (_("Tag %s of %s already pointed at %s: nothing "
                                              "was written."),
                                            promoted->tag, promoted->repository,
                                            promoted->to_digest),
                           g_free);
  else
    g_task_return_pointer (task,
                           g_strdup_printf (_("Tag %s of %s now points at %s."), promoted->tag,
                                            promoted->repository, promoted->to_digest),
                           g_free);
}

static void
execute_digest (GantryRollback *self,
                GTask          *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GantryPromotion) promotion = gantry_promotion_new (self->client, NULL, self->journal);
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new (data->plan->repository);

  request->kind = GANTRY_PROMOTION_KIND_ROLLBACK;
  request->approved_digest = g_strdup (data->plan->to_digest);
  request->to_tag = g_strdup (data->plan->tag);
  gantry_promotion_promote_async (promotion, request, g_task_get_cancellable (task),
                                  execute_promote_cb, task);
}

/* Revision: journal, then GantryRollout updates and watches */

static void
execute_journal_end_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    g_warning ("Could not journal the end of rollback %s: %s", data->started->id, error->message);

  if (data->failure != NULL)
    g_task_return_error (task, g_steal_pointer (&data->failure));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->summary), g_free);
}

/* Ends the journaled part: `done` with data->summary, or `failed` with
 * @error (transfer full). The end line is written even when the caller
 * cancelled, so the journal never keeps a dangling `started`. */
static void
execute_end (GTask  *task,
             GError *error)
{
  GantryRollback *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GantryJournalEntry) end = NULL;

  data->failure = error;
  end = gantry_journal_entry_new_outcome (data->started,
                                          error ? GANTRY_JOURNAL_STATE_FAILED
                                                : GANTRY_JOURNAL_STATE_DONE,
                                          error ? error->message : data->summary);
  gantry_journal_append_async (self->journal, end, NULL, execute_journal_end_cb, task);
}

static void
execute_watch_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  GantryRollout *rollout = GANTRY_ROLLOUT (object);
  GError *error = NULL;

  if (!gantry_rollout_watch_finish (rollout, result, &error))
    {
      execute_end (task, error);
      return;
    }

  data->summary = g_strdup_printf (_("Deployment %s of service %s completed: %"
                                     PRId64 "/%" PRId64 " running."),
                                   gantry_rollout_get_deployment_id (rollout),
                                   data->plan->service,
                                   gantry_rollout_get_running_count (rollout),
                                   gantry_rollout_get_desired_count (rollout));
  execute_end (task, NULL);
}

static void
execute_update_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  GantryRollout *rollout = GANTRY_ROLLOUT (object);
  GError *error = NULL;

  if (!gantry_rollout_update_finish (rollout, result, &error))
    {
      execute_end (task, error);
      return;
    }

  if (!self->watch)
    {
      data->summary = g_strdup_printf (_("ECS accepted UpdateService: service %s runs %s; the "
                                         "rollout was not watched."),
                                       data->plan->service, data->plan->to_task_definition);
      execute_end (task, NULL);
      return;
    }

  if (gantry_rollout_get_deployment_id (rollout) == NULL)
    {
      execute_end (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                      _("ECS accepted UpdateService for %s but did not start a "
                                        "deployment of %s."),
                                      data->plan->service, data->plan->to_task_definition));
      return;
    }

  /* Cancelling only stops the watch (journaled as failed); ECS carries on. */
  gantry_rollout_watch_async (rollout, NULL, g_task_get_cancellable (task), execute_watch_cb,
                              task);
}

static void
execute_journal_started_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GTask *task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Nothing is written to AWS unless the journal has the `started` line. */
  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  data->rollout = gantry_rollout_new (self->ecs,
                                      data->plan->cluster ? data->plan->cluster : "default",
                                      data->plan->service);
  gantry_rollout_set_poll_interval (data->rollout, self->poll_ms);
  gantry_rollout_set_deadline (data->rollout, self->timeout_seconds);
  /* Not cancellable: once journaled, the write runs to its verdict. */
  gantry_rollout_update_async (data->rollout, data->plan->to_task_definition, NULL,
                               execute_update_cb, task);
}

static void
execute_identity_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  GantryRollback *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  GantryJournalEntry *entry;
  g_autofree char *from = NULL;

  identity = gantry_aws_sts_get_caller_identity_finish (GANTRY_AWS_STS (object), result, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  entry = gantry_journal_entry_new ("rollback");
  entry->identity_arn = g_strdup (identity->arn);
  entry->account = g_strdup (identity->account);
  entry->region = g_strdup (gantry_aws_client_get_region (self->client));
  entry->commit = g_strdup (data->plan->commit);
  entry->cluster = g_strdup (data->plan->cluster);
  entry->service = g_strdup (data->plan->service);
  entry->task_definition = g_strdup (data->plan->to_task_definition);
  from = _gantry_history_short_task_definition (data->plan->from_task_definition);
  entry->message = g_strdup_printf (_("Rolling back from %s"), from ? from : "?");
  data->started = entry;

  gantry_journal_append_async (self->journal, entry, g_task_get_cancellable (task),
                               execute_journal_started_cb, task);
}

/**
 * gantry_rollback_execute_async:
 * @plan: a plan from gantry_rollback_plan_finish()
 *
 * Carries out @plan, journaled as kind "rollback" with the identity ARN.
 * A digest plan runs the promotion contract (GantryPromotion) with the
 * older digest; a revision plan updates the service (GantryRollout) and,
 * unless watching is off, follows the deployment to its verdict.
 * Cancellable until the journal's `started` line is written; after that the
 * write and its verification run to the end (cancelling a revision rollback
 * stops the watch, journaled as failed, while ECS carries on). A plan that is
 * already current completes at once without writing anything.
 */
void
gantry_rollback_execute_async (GantryRollback           *self,
                               const GantryRollbackPlan *plan,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(GantryAwsSts) sts = NULL;
  GTask *task;
  ExecuteData *data;

  g_return_if_fail (GANTRY_IS_ROLLBACK (self));
  g_return_if_fail (plan != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_rollback_execute_async);
  data = g_new0 (ExecuteData, 1);
  data->plan = gantry_rollback_plan_copy (plan);
  g_task_set_task_data (task, data, (GDestroyNotify) execute_data_free);

  if (plan->already_current)
    {
      g_task_return_pointer (task, gantry_rollback_plan_describe (plan), g_free);
      g_object_unref (task);
      return;
    }

  if (plan->target == GANTRY_ROLLBACK_TARGET_DIGEST)
    {
      execute_digest (self, task);
      return;
    }

  sts = gantry_aws_sts_new (self->client);
  gantry_aws_sts_get_caller_identity_async (sts, cancellable, execute_identity_cb, task);
}

/**
 * gantry_rollback_execute_finish:
 *
 * Returns: (transfer full): one sentence saying what changed, or %NULL
 *   with @error set (%GANTRY_ERROR_REFUSED when the image vanished since
 *   planning or a guard rail of the promotion contract refused,
 *   %GANTRY_ERROR_FAILED for a failed rollout, or an AWS error)
 */
char *
gantry_rollback_execute_finish (GantryRollback  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
