/* gantry-rollout.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-rollout"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-error.h"
#include "gantry-rollout.h"

#include "aws/gantry-aws-error.h"

/* Rolls one ECS service onto an image pinned by digest and follows the
 * deployment that UpdateService made PRIMARY until ECS gives a verdict.
 * Three steps so a promotion can check everything before it writes
 * anything: prepare (read + guard rails), deploy (register + update),
 * watch (poll with backoff). Nothing is ever deregistered: the revision
 * the service leaves is the rollback target. */

#define DEFAULT_POLL_INTERVAL_MS     3000
#define DEFAULT_MAX_POLL_INTERVAL_MS 15000
#define DEFAULT_DEADLINE_S           (30 * 60)
#define MAX_EVENTS                   10

struct _GantryRollout
{
  GObject                     parent_instance;

  GantryAwsEcs               *ecs;
  char                       *cluster;
  char                       *service;

  GantryRolloutState          state;
  GantryAwsEcsRolloutState    rollout_state;
  char                       *deployment_id;
  char                       *previous_task_definition;
  char                       *task_definition;
  char                       *container;
  char                       *image;
  char                       *failure_reason;
  gint64                      running_count;
  gint64                      desired_count;
  gint64                      pending_count;
  GPtrArray                  *events;
  GantryAwsEcsTaskDefinition *base;

  guint                       poll_interval;
  guint                       max_poll_interval;
  guint                       deadline;
};

G_DEFINE_FINAL_TYPE (GantryRollout, gantry_rollout, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GantryRolloutState, gantry_rollout_state,
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_PREPARED, "prepared"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED, "already-deployed"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_REGISTERING, "registering"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_UPDATING, "updating"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_IN_PROGRESS, "in-progress"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_COMPLETED, "completed"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (GANTRY_ROLLOUT_STATE_NOT_WATCHED, "not-watched"))

enum {
  PROP_0,
  PROP_CLUSTER,
  PROP_SERVICE,
  PROP_STATE,
  PROP_DEPLOYMENT_ID,
  PROP_TASK_DEFINITION,
  PROP_FAILURE_REASON,
  PROP_RUNNING_COUNT,
  PROP_DESIRED_COUNT,
  PROP_PENDING_COUNT,
  PROP_EVENTS,
  PROP_POLL_INTERVAL,
  PROP_DEADLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
gantry_rollout_state_to_string (GantryRolloutState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GANTRY_TYPE_ROLLOUT_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "unknown";
}

static void
set_state (GantryRollout      *self,
           GantryRolloutState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_string (GantryRollout  *self,
            char          **field,
            const char     *value,
            guint           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_count (GantryRollout *self,
           gint64        *field,
           gint64         value,
           guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
gantry_rollout_dispose (GObject *object)
{
  GantryRollout *self = (GantryRollout *) object;

  g_clear_object (&self->ecs);

  G_OBJECT_CLASS (gantry_rollout_parent_class)->dispose (object);
}

static void
gantry_rollout_finalize (GObject *object)
{
  GantryRollout *self = (GantryRollout *) object;

  g_free (self->cluster);
  g_free (self->service);
  g_free (self->deployment_id);
  g_free (self->previous_task_definition);
  g_free (self->task_definition);
  g_free (self->container);
  g_free (self->image);
  g_free (self->failure_reason);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->base, gantry_aws_ecs_task_definition_free);

  G_OBJECT_CLASS (gantry_rollout_parent_class)->finalize (object);
}

static void
gantry_rollout_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GantryRollout *self = GANTRY_ROLLOUT (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      g_value_set_string (value, self->cluster);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DEPLOYMENT_ID:
      g_value_set_string (value, self->deployment_id);
      break;
    case PROP_TASK_DEFINITION:
      g_value_set_string (value, self->task_definition);
      break;
    case PROP_FAILURE_REASON:
      g_value_set_string (value, self->failure_reason);
      break;
    case PROP_RUNNING_COUNT:
      g_value_set_int64 (value, self->running_count);
      break;
    case PROP_DESIRED_COUNT:
      g_value_set_int64 (value, self->desired_count);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, self->pending_count);
      break;
    case PROP_EVENTS:
      g_value_set_boxed (value, self->events);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_DEADLINE:
      g_value_set_uint (value, self->deadline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_rollout_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GantryRollout *self = GANTRY_ROLLOUT (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL:
      gantry_rollout_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_DEADLINE:
      gantry_rollout_set_deadline (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_rollout_class_init (GantryRolloutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gantry_rollout_dispose;
  object_class->finalize = gantry_rollout_finalize;
  object_class->get_property = gantry_rollout_get_property;
  object_class->set_property = gantry_rollout_set_property;

  properties[PROP_CLUSTER] = g_param_spec_string ("cluster", NULL, NULL, NULL, ro);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, GANTRY_TYPE_ROLLOUT_STATE,
                                              GANTRY_ROLLOUT_STATE_IDLE, ro);
  properties[PROP_DEPLOYMENT_ID] = g_param_spec_string ("deployment-id", NULL, NULL, NULL, ro);
  properties[PROP_TASK_DEFINITION] = g_param_spec_string ("task-definition", NULL, NULL, NULL,
                                                          ro);
  properties[PROP_FAILURE_REASON] = g_param_spec_string ("failure-reason", NULL, NULL, NULL, ro);
  properties[PROP_RUNNING_COUNT] = g_param_spec_int64 ("running-count", NULL, NULL,
                                                       0, G_MAXINT64, 0, ro);
  properties[PROP_DESIRED_COUNT] = g_param_spec_int64 ("desired-count", NULL, NULL,
                                                       0, G_MAXINT64, 0, ro);
  properties[PROP_PENDING_COUNT] = g_param_spec_int64 ("pending-count", NULL, NULL,
                                                       0, G_MAXINT64, 0, ro);
  /* (element-type GantryAwsEcsEvent), newest first */
  properties[PROP_EVENTS] = g_param_spec_boxed ("events", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  properties[PROP_POLL_INTERVAL] = g_param_spec_uint ("poll-interval", NULL, NULL,
                                                      1, G_MAXUINT, DEFAULT_POLL_INTERVAL_MS, rw);
  properties[PROP_DEADLINE] = g_param_spec_uint ("deadline", NULL, NULL,
                                                 0, G_MAXUINT, DEFAULT_DEADLINE_S, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_rollout_init (GantryRollout *self)
{
  self->poll_interval = DEFAULT_POLL_INTERVAL_MS;
  self->max_poll_interval = DEFAULT_MAX_POLL_INTERVAL_MS;
  self->deadline = DEFAULT_DEADLINE_S;
  self->events = g_ptr_array_new ();
}

/**
 * gantry_rollout_new:
 * @cluster: the cluster name or ARN
 * @service: the service name
 *
 * Returns: (transfer full): a rollout for @service
 */
GantryRollout *
gantry_rollout_new (GantryAwsEcs *ecs,
                    const char   *cluster,
                    const char   *service)
{
  GantryRollout *self;

  g_return_val_if_fail (GANTRY_IS_AWS_ECS (ecs), NULL);
  g_return_val_if_fail (cluster != NULL && service != NULL, NULL);

  self = g_object_new (GANTRY_TYPE_ROLLOUT, NULL);
  self->ecs = g_object_ref (ecs);
  self->cluster = g_strdup (cluster);
  self->service = g_strdup (service);
  return self;
}

const char *
gantry_rollout_get_cluster (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->cluster;
}

const char *
gantry_rollout_get_service (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->service;
}

GantryRolloutState
gantry_rollout_get_state (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), GANTRY_ROLLOUT_STATE_IDLE);
  return self->state;
}

/* The followed deployment's rolloutState as ECS last reported it. */
GantryAwsEcsRolloutState
gantry_rollout_get_rollout_state (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), GANTRY_AWS_ECS_ROLLOUT_STATE_UNKNOWN);
  return self->rollout_state;
}

/* Returns: (nullable): the ID of the deployment UpdateService made PRIMARY */
const char *
gantry_rollout_get_deployment_id (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->deployment_id;
}

/* Returns: (nullable): the revision the service ran before: the rollback target */
const char *
gantry_rollout_get_previous_task_definition (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->previous_task_definition;
}

/* Returns: (nullable): the ARN of the revision registered for the rollout */
const char *
gantry_rollout_get_task_definition (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->task_definition;
}

/* Returns: (nullable): the container whose image changes */
const char *
gantry_rollout_get_container (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->container;
}

/* Returns: (nullable): the pinned image, `REGISTRY/REPO@sha256:…` */
const char *
gantry_rollout_get_image (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->image;
}

/* Returns: (nullable): why the rollout failed */
const char *
gantry_rollout_get_failure_reason (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->failure_reason;
}

gint64
gantry_rollout_get_running_count (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->running_count;
}

gint64
gantry_rollout_get_desired_count (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->desired_count;
}

gint64
gantry_rollout_get_pending_count (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->pending_count;
}

/**
 * gantry_rollout_get_events:
 *
 * Returns: (transfer none) (element-type GantryAwsEcsEvent): the service's
 *   most recent events, newest first; replaced (and "events" notified) on
 *   every poll
 */
GPtrArray *
gantry_rollout_get_events (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), NULL);
  return self->events;
}

guint
gantry_rollout_get_poll_interval (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->poll_interval;
}

/**
 * gantry_rollout_set_poll_interval:
 * @msec: the first wait between two DescribeServices calls; it grows by half
 *   after each poll up to the maximum
 */
void
gantry_rollout_set_poll_interval (GantryRollout *self,
                                  guint          msec)
{
  g_return_if_fail (GANTRY_IS_ROLLOUT (self));
  msec = MAX (msec, 1);
  if (self->poll_interval == msec)
    return;
  self->poll_interval = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
gantry_rollout_get_max_poll_interval (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->max_poll_interval;
}

void
gantry_rollout_set_max_poll_interval (GantryRollout *self,
                                      guint          msec)
{
  g_return_if_fail (GANTRY_IS_ROLLOUT (self));
  self->max_poll_interval = MAX (msec, 1);
}

guint
gantry_rollout_get_deadline (GantryRollout *self)
{
  g_return_val_if_fail (GANTRY_IS_ROLLOUT (self), 0);
  return self->deadline;
}

/**
 * gantry_rollout_set_deadline:
 * @seconds: how long gantry_rollout_watch_async() follows the deployment
 *   before it gives up watching (the rollout itself goes on); 0 for no limit
 */
void
gantry_rollout_set_deadline (GantryRollout *self,
                             guint          seconds)
{
  g_return_if_fail (GANTRY_IS_ROLLOUT (self));
  if (self->deadline == seconds)
    return;
  self->deadline = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

/**
 * gantry_rollout_image_repository:
 * @image: an image reference, e.g. "1234.dkr.ecr.us-east-1.amazonaws.com/backend:prod-latest"
 *
 * Returns: (transfer full): @image without its tag or digest
 */
char *
gantry_rollout_image_repository (const char *image)
{
  const char *at = strchr (image, '@');
  const char *slash;
  const char *colon;

  if (at != NULL)
    return g_strndup (image, at - image);

  /* A ':' before the last '/' is a registry port, not a tag. */
  slash = strrchr (image, '/');
  colon = strrchr (slash != NULL ? slash : image, ':');
  if (colon != NULL)
    return g_strndup (image, colon - image);
  return g_strdup (image);
}

static char *
family_of (const char *task_definition)
{
  const char *name = strrchr (task_definition, '/');
  const char *colon;

  name = name != NULL ? name + 1 : task_definition;
  colon = strchr (name, ':');
  return colon != NULL ? g_strndup (name, colon - name) : g_strdup (name);
}

static void
take_events (GantryRollout       *self,
             GantryAwsEcsService *service)
{
  g_clear_pointer (&self->events, g_ptr_array_unref);
  /* Keep the service's array (and its free function) alive with our ref,
   * trimmed to what a page can show. */
  if (service->events->len > MAX_EVENTS)
    g_ptr_array_remove_range (service->events, MAX_EVENTS, service->events->len - MAX_EVENTS);
  self->events = g_ptr_array_ref (service->events);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS]);
}

static void
take_counts (GantryRollout          *self,
             GantryAwsEcsDeployment *deployment)
{
  set_count (self, &self->running_count, deployment->running_count, PROP_RUNNING_COUNT);
  set_count (self, &self->desired_count, deployment->desired_count, PROP_DESIRED_COUNT);
  set_count (self, &self->pending_count, deployment->pending_count, PROP_PENDING_COUNT);
  self->rollout_state = deployment->rollout_state;
}

/* prepare */

typedef struct
{
  char     *repository_uri;
  char     *task_definition;
  gboolean  check_family;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->repository_uri);
  g_free (data->task_definition);
  g_free (data);
}

static GantryAwsEcsService *
take_service (GantryRollout  *self,
              GPtrArray      *services,
              GError        **error)
{
  if (services == NULL || services->len == 0)
    {
      g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND,
                   _("There is no service %s in cluster %s."), self->service, self->cluster);
      return NULL;
    }
  return g_ptr_array_steal_index (services, 0);
}

static void
prepare_describe_task_definition_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollout *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autofree char *current_family = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsContainer *match = NULL;
  guint n_matches = 0;

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The runbook's COMMON MISTAKE: updating the prod-app service with a
   * prod-api task. A service keeps its own family. */
  current_family = family_of (self->previous_task_definition);
  if (data->check_family && g_strcmp0 (current_family, td->family) != 0)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                               _("Refused: service %s runs task family %s, not %s. Rolling it "
                                 "onto another family would run another service’s task in it "
                                 "(the “prod-app service updated with prod-api-task” mistake)."),
                               self->service, current_family, td->family);
      return;
    }

  for (guint i = 0; i < td->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);
      g_autofree char *repository = NULL;

      if (container->image == NULL)
        continue;
      repository = gantry_rollout_image_repository (container->image);
      if (g_strcmp0 (repository, data->repository_uri) == 0)
        {
          n_matches++;
          match = match != NULL ? match : container;
        }
    }

  if (match == NULL && (data->check_family || td->containers->len != 1))
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                               _("Refused: no container of task definition %s:%" PRId64
                                 " (service %s) runs an image from %s, so this image does not "
                                 "belong to that service."),
                               td->family, td->revision, self->service, data->repository_uri);
      return;
    }
  if (n_matches > 1)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                               _("Refused: %u containers of task definition %s:%" PRId64
                                 " run images from %s; Gantry changes exactly one."),
                               n_matches, td->family, td->revision, data->repository_uri);
      return;
    }
  if (match == NULL)
    match = g_ptr_array_index (td->containers, 0);

  g_free (self->container);
  self->container = g_strdup (match->name);

  if (g_strcmp0 (match->image, self->image) == 0 &&
      g_strcmp0 (td->arn, self->previous_task_definition) == 0)
    {
      set_state (self, GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED);
    }
  else
    {
      g_clear_pointer (&self->base, gantry_aws_ecs_task_definition_free);
      self->base = g_steal_pointer (&td);
      set_state (self, GANTRY_ROLLOUT_STATE_PREPARED);
    }

  g_task_return_boolean (task, TRUE);
}

static void
prepare_describe_service_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollout *self = g_task_get_source_object (task);
  PrepareData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services == NULL || (service = take_service (self, services, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (service->task_definition == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_INVALID,
                               _("Service %s in cluster %s has no task definition."),
                               self->service, self->cluster);
      return;
    }

  g_free (self->previous_task_definition);
  self->previous_task_definition = g_strdup (service->task_definition);
  set_count (self, &self->running_count, service->running_count, PROP_RUNNING_COUNT);
  set_count (self, &self->desired_count, service->desired_count, PROP_DESIRED_COUNT);
  take_events (self, service);

  cancellable = g_task_get_cancellable (task);
  gantry_aws_ecs_describe_task_definition_async (self->ecs,
                                                 data->task_definition != NULL
                                                   ? data->task_definition
                                                   : service->task_definition,
                                                 cancellable,
                                                 prepare_describe_task_definition_cb,
                                                 g_steal_pointer (&task));
}

/**
 * gantry_rollout_prepare_async:
 * @repository_uri: the repository the image comes from, e.g.
 *   "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend"
 * @image: the pinned image, `@repository_uri@sha256:…`
 * @task_definition: (nullable): the family, `family:revision` or ARN to base
 *   the new revision on; %NULL for the one the service runs
 * @check_family: refuse a task family other than the service's own (the
 *   environment's guard rail), and a task definition with no container
 *   from @repository_uri
 *
 * Reads the service and the task definition and applies the guard rails.
 * Writes nothing. Afterwards the state is PREPARED or ALREADY_DEPLOYED.
 * Refusals are %GANTRY_ERROR_REFUSED errors saying which rule.
 */
void
gantry_rollout_prepare_async (GantryRollout       *self,
                              const char          *repository_uri,
                              const char          *image,
                              const char          *task_definition,
                              gboolean             check_family,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *names[] = { self->service, NULL };
  PrepareData *data;

  g_return_if_fail (GANTRY_IS_ROLLOUT (self));
  g_return_if_fail (repository_uri != NULL && image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_rollout_prepare_async);
  data = g_new0 (PrepareData, 1);
  data->repository_uri = g_strdup (repository_uri);
  data->task_definition = g_strdup (task_definition);
  data->check_family = check_family;
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);

  g_free (self->image);
  self->image = g_strdup (image);

  gantry_aws_ecs_describe_services_async (self->ecs, self->cluster, names, cancellable,
                                          prepare_describe_service_cb, g_steal_pointer (&task));
}

gboolean
gantry_rollout_prepare_finish (GantryRollout  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* deploy */

static void
deploy_update_service_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollout *self = g_task_get_source_object (task);
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcsDeployment *primary;

  service = gantry_aws_ecs_update_service_finish (GANTRY_AWS_ECS (object), result, &error);
  if (service == NULL)
    {
      set_string (self, &self->failure_reason, error->message, PROP_FAILURE_REASON);
      set_state (self, GANTRY_ROLLOUT_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The deployment to follow is the one this update made PRIMARY, not
   * "whatever is PRIMARY later": a rollback makes another one PRIMARY.
   * gantry_rollout_update_async() (task data set) follows it only if it
   * runs the revision asked for: an update ECS accepted without starting a
   * deployment of it leaves nothing to watch. */
  primary = gantry_aws_ecs_service_get_primary (service);
  if (primary != NULL &&
      (g_task_get_task_data (task) == NULL ||
       g_strcmp0 (primary->task_definition, self->task_definition) == 0))
    {
      set_string (self, &self->deployment_id, primary->id, PROP_DEPLOYMENT_ID);
      take_counts (self, primary);
    }
  take_events (self, service);
  set_state (self, GANTRY_ROLLOUT_STATE_IN_PROGRESS);
  g_task_return_boolean (task, TRUE);
}

static void
deploy_register_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollout *self = g_task_get_source_object (task);
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  td = gantry_aws_ecs_register_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td == NULL)
    {
      set_string (self, &self->failure_reason, error->message, PROP_FAILURE_REASON);
      set_state (self, GANTRY_ROLLOUT_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_string (self, &self->task_definition, td->arn, PROP_TASK_DEFINITION);
  set_state (self, GANTRY_ROLLOUT_STATE_UPDATING);
  cancellable = g_task_get_cancellable (task);
  gantry_aws_ecs_update_service_async (self->ecs, self->cluster, self->service, td->arn, FALSE,
                                       cancellable,
                                       deploy_update_service_cb, g_steal_pointer (&task));
}

/**
 * gantry_rollout_deploy_async:
 *
 * Registers the prepared task definition again with only the matching
 * container's image replaced by the pinned one, then points the service at
 * the new revision. Afterwards the state is IN_PROGRESS and
 * #GantryRollout:deployment-id names the deployment to watch. Does nothing
 * when the state is ALREADY_DEPLOYED.
 */
void
gantry_rollout_deploy_async (GantryRollout       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GANTRY_IS_ROLLOUT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_rollout_deploy_async);

  if (self->state == GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state != GANTRY_ROLLOUT_STATE_PREPARED || self->base == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                               _("The rollout of service %s was not prepared."), self->service);
      return;
    }

  input = gantry_aws_ecs_task_definition_dup_register_input (self->base, self->container,
                                                             self->image, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_state (self, GANTRY_ROLLOUT_STATE_REGISTERING);
  gantry_aws_ecs_register_task_definition_async (self->ecs, input, cancellable,
                                                 deploy_register_cb, g_steal_pointer (&task));
}

gboolean
gantry_rollout_deploy_finish (GantryRollout  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gantry_rollout_update_async:
 * @task_definition: the ARN (or `family:revision`) of an existing revision
 *   of the service's family
 *
 * Points the service at @task_definition as it is, registering nothing: a
 * rollback to an older revision. The caller has already checked that the
 * revision belongs to the service (GantryRollback plans that). Afterwards
 * the state is IN_PROGRESS and #GantryRollout:deployment-id names the
 * deployment UpdateService made PRIMARY, or is %NULL when ECS accepted the
 * update without starting a deployment of @task_definition.
 */
void
gantry_rollout_update_async (GantryRollout       *self,
                             const char          *task_definition,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_ROLLOUT (self));
  g_return_if_fail (task_definition != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_rollout_update_async);
  /* Marks the task for deploy_update_service_cb: follow only a deployment
   * of this revision. */
  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);

  set_string (self, &self->task_definition, task_definition, PROP_TASK_DEFINITION);
  set_string (self, &self->deployment_id, NULL, PROP_DEPLOYMENT_ID);
  set_state (self, GANTRY_ROLLOUT_STATE_UPDATING);
  gantry_aws_ecs_update_service_async (self->ecs, self->cluster, self->service, task_definition,
                                       FALSE, cancellable, deploy_update_service_cb,
                                       g_steal_pointer (&task));
}

gboolean
gantry_rollout_update_finish (GantryRollout  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* watch */

typedef struct
{
  char    *deployment_id;
  gint64   deadline_us;
  guint    interval;
  GSource *timer;
  GSource *cancelled;
} WatchData;

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
watch_data_free (WatchData *data)
{
  clear_source (&data->timer);
  clear_source (&data->cancelled);
  g_free (data->deployment_id);
  g_free (data);
}

static void watch_poll (GTask *task);

static void
fail_watch (GTask      *task,
            const char *reason)
{
  GantryRollout *self = g_task_get_source_object (task);
  const char *last_event = NULL;

  if (self->events->len > 0)
    last_event = ((GantryAwsEcsEvent *) g_ptr_array_index (self->events, 0))->message;

  set_string (self, &self->failure_reason, reason, PROP_FAILURE_REASON);
  set_state (self, GANTRY_ROLLOUT_STATE_FAILED);
  if (last_event != NULL)
    g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                             _("The rollout of service %s failed: %s Last service event: %s"),
                             self->service, reason, last_event);
  else
    g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                             _("The rollout of service %s failed: %s"), self->service, reason);
}

/* Returns: TRUE when the task got its verdict */
static gboolean
judge (GTask               *task,
       GantryAwsEcsService *service)
{
  GantryRollout *self = g_task_get_source_object (task);
  WatchData *data = g_task_get_task_data (task);
  GantryAwsEcsDeployment *deployment;
  g_autofree char *reason = NULL;

  take_events (self, service);
  deployment = gantry_aws_ecs_service_get_deployment (service, data->deployment_id);

  if (deployment == NULL)
    {
      reason = g_strdup_printf (_("deployment %s is gone from the service."),
                                data->deployment_id);
      fail_watch (task, reason);
      return TRUE;
    }

  take_counts (self, deployment);

  if (deployment->rollout_state == GANTRY_AWS_ECS_ROLLOUT_STATE_FAILED)
    {
      reason = g_strdup_printf (_("deployment %s failed (%s)."), deployment->id,
                                deployment->rollout_state_reason != NULL
                                  ? deployment->rollout_state_reason : _("no reason given"));
      fail_watch (task, reason);
      return TRUE;
    }

  /* Someone else's update, or the circuit breaker rolling back, made another
   * deployment PRIMARY: whatever that one does, ours did not win. */
  if (deployment->status != GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY)
    {
      reason = g_strdup_printf (_("deployment %s is no longer the service’s primary deployment "
                                  "(rolled back or replaced)."), deployment->id);
      fail_watch (task, reason);
      return TRUE;
    }

  if (deployment->rollout_state == GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED ||
      (deployment->rollout_state == GANTRY_AWS_ECS_ROLLOUT_STATE_UNKNOWN &&
       service->deployments->len == 1 && deployment->pending_count == 0 &&
       deployment->running_count == deployment->desired_count))
    {
      set_state (self, GANTRY_ROLLOUT_STATE_COMPLETED);
      g_task_return_boolean (task, TRUE);
      return TRUE;
    }

  return FALSE;
}

/* The wait ends on the timer or on a cancel, whichever comes first. */
static void
watch_wake (GTask *task)
{
  WatchData *data = g_task_get_task_data (task);

  g_object_ref (task);
  clear_source (&data->timer);
  clear_source (&data->cancelled);
  watch_poll (task);
  g_object_unref (task);
}

static gboolean
watch_timer_cb (gpointer user_data)
{
  watch_wake (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
watch_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  watch_wake (user_data);
  return G_SOURCE_REMOVE;
}

static void
watch_describe_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryRollout *self = g_task_get_source_object (task);
  WatchData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsService) service = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services != NULL && services->len == 0)
    {
      fail_watch (task, _("the service is gone."));
      return;
    }
  if (services == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, GANTRY_ROLLOUT_STATE_NOT_WATCHED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  service = g_ptr_array_steal_index (services, 0);
  if (judge (task, service))
    return;

  if (data->deadline_us > 0 && g_get_monotonic_time () >= data->deadline_us)
    {
      set_state (self, GANTRY_ROLLOUT_STATE_NOT_WATCHED);
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                               _("Deployment %s of service %s is still in progress after %u s; "
                                 "Gantry stopped watching it (the rollout goes on)."),
                               data->deployment_id, self->service, self->deadline);
      return;
    }

  /* Wait on a timer that a cancel cuts short, so a cancelled watch ends
   * at once instead of at the next poll. */
  data->timer = g_timeout_source_new (data->interval);
  g_source_set_callback (data->timer, watch_timer_cb, g_object_ref (task), g_object_unref);
  g_source_attach (data->timer, g_task_get_context (task));
  if (g_task_get_cancellable (task) != NULL)
    {
      data->cancelled = g_cancellable_source_new (g_task_get_cancellable (task));
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (watch_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancelled, g_task_get_context (task));
    }
  data->interval = MIN (data->interval + data->interval / 2, self->max_poll_interval);
}

static void
watch_poll (GTask *task)
{
  GantryRollout *self = g_task_get_source_object (task);
  const char *names[] = { self->service, NULL };

  if (g_task_return_error_if_cancelled (task))
    {
      set_state (self, GANTRY_ROLLOUT_STATE_NOT_WATCHED);
      return;
    }

  gantry_aws_ecs_describe_services_async (self->ecs, self->cluster, names,
                                          g_task_get_cancellable (task),
                                          watch_describe_cb, g_object_ref (task));
}

/**
 * gantry_rollout_watch_async:
 * @deployment_id: (nullable): the deployment to follow; %NULL for the one
 *   gantry_rollout_deploy_async() recorded
 *
 * Polls DescribeServices with a growing interval until the deployment is
 * COMPLETED and still PRIMARY (success), or FAILED, no longer PRIMARY or
 * gone (a %GANTRY_ERROR_FAILED error with the reason and the last service
 * event). Past #GantryRollout:deadline or when cancelled, it stops watching
 * with an error and the state NOT_WATCHED; ECS carries on either way.
 */
void
gantry_rollout_watch_async (GantryRollout       *self,
                            const char          *deployment_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WatchData *data;

  g_return_if_fail (GANTRY_IS_ROLLOUT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_rollout_watch_async);

  if (deployment_id == NULL)
    deployment_id = self->deployment_id;
  if (deployment_id == NULL)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_FAILED,
                               _("There is no deployment of service %s to watch."),
                               self->service);
      return;
    }

  set_string (self, &self->deployment_id, deployment_id, PROP_DEPLOYMENT_ID);
  set_state (self, GANTRY_ROLLOUT_STATE_IN_PROGRESS);

  data = g_new0 (WatchData, 1);
  data->deployment_id = g_strdup (deployment_id);
  data->interval = self->poll_interval;
  if (self->deadline > 0)
    data->deadline_us = g_get_monotonic_time () + self->deadline * G_USEC_PER_SEC;
  g_task_set_task_data (task, data, (GDestroyNotify) watch_data_free);

  watch_poll (task);
}

gboolean
gantry_rollout_watch_finish (GantryRollout  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
