/* gantry-promotion.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-promotion"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gantry-error.h"
#include "gantry-promotion.h"

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-sts.h"

/* The promotion contract of DESIGN.md, step by step: read the candidate,
 * apply the guard rails, read it again right before writing if anything
 * waited since the first read, PutImage the exact manifest bytes under the
 * latest tag, verify with DescribeImages, journal before and after, then
 * optionally roll services onto the image pinned by digest. Nothing is
 * ever deleted or deregistered.
 *
 * The round trips of a promotion without services: one round of reads in
 * parallel (the candidate's manifest by BatchGetImage, its and the latest
 * tag's details, the repository, and the identity unless the caller gave
 * it), PutImage, the DescribeImages check: three sequential round trips.
 * tests/integration/test-promote-calls.c pins that sequence. */

struct _GantryPromotion
{
  GObject                  parent_instance;

  GantryAwsClient         *client;
  GantryEnvironment       *environment;
  GantryJournal           *journal;
  GantryAwsEcr            *ecr;
  GantryAwsEcs            *ecs;
  GantryAwsSts            *sts;
  GantryAwsCallerIdentity *identity;

  GListStore              *repositories;
  GListStore              *rollouts;
  GantryPromotionStep      step;
  GantryPromotionOutcome   outcome;
  GantryPromotionRule      refused_rule;
  gboolean                 cancellable_now;
  gboolean                 busy;
  guint                    poll_interval;
};

G_DEFINE_FINAL_TYPE (GantryPromotion, gantry_promotion, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GantryPromotionStep, gantry_promotion_step,
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_READING, "reading"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_CHECKING, "checking"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_WRITING, "writing"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_VERIFYING, "verifying"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_ROLLING_OUT, "rolling-out"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_STEP_DONE, "done"))

G_DEFINE_ENUM_TYPE (GantryPromotionOutcome, gantry_promotion_outcome,
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_OUTCOME_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_OUTCOME_PROMOTED, "promoted"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED,
                                         "already-promoted"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_OUTCOME_REFUSED, "refused"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_OUTCOME_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (GantryPromotionRule, gantry_promotion_rule,
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_DIGEST_CHANGED, "digest-changed"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS,
                                         "critical-findings"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_TASK_FAMILY, "task-family"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_BUSY, "busy"),
                    G_DEFINE_ENUM_VALUE (GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE, "tags-immutable"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  PROP_JOURNAL,
  PROP_REPOSITORIES,
  PROP_ROLLOUTS,
  PROP_STEP,
  PROP_CANCELLABLE_NOW,
  PROP_BUSY,
  PROP_OUTCOME,
  PROP_REFUSED_RULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BEFORE_WRITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : "unknown";
}

const char *
gantry_promotion_step_to_string (GantryPromotionStep step)
{
  return enum_nick (GANTRY_TYPE_PROMOTION_STEP, step);
}

const char *
gantry_promotion_outcome_to_string (GantryPromotionOutcome outcome)
{
  return enum_nick (GANTRY_TYPE_PROMOTION_OUTCOME, outcome);
}

const char *
gantry_promotion_rule_to_string (GantryPromotionRule rule)
{
  return enum_nick (GANTRY_TYPE_PROMOTION_RULE, rule);
}

/* GantryPromotionRequest */

G_DEFINE_BOXED_TYPE (GantryPromotionRequest, gantry_promotion_request,
                     gantry_promotion_request_copy, gantry_promotion_request_free)

/**
 * gantry_promotion_request_new:
 *
 * Returns: (transfer full): a promotion of @repository's candidate with the
 *   environment's tags, no services, watching rollouts for up to 30 minutes
 */
GantryPromotionRequest *
gantry_promotion_request_new (const char *repository)
{
  GantryPromotionRequest *request = g_new0 (GantryPromotionRequest, 1);

  request->kind = GANTRY_PROMOTION_KIND_PROMOTION;
  request->repository = g_strdup (repository);
  request->watch = TRUE;
  request->watch_deadline = 30 * 60;
  return request;
}

GantryPromotionRequest *
gantry_promotion_request_copy (const GantryPromotionRequest *request)
{
  GantryPromotionRequest *copy = g_new0 (GantryPromotionRequest, 1);

  copy->kind = request->kind;
  copy->repository = g_strdup (request->repository);
  copy->approved_digest = g_strdup (request->approved_digest);
  copy->from_tag = g_strdup (request->from_tag);
  copy->to_tag = g_strdup (request->to_tag);
  copy->cluster = g_strdup (request->cluster);
  copy->services = g_strdupv (request->services);
  copy->task_definition = g_strdup (request->task_definition);
  copy->watch = request->watch;
  copy->watch_deadline = request->watch_deadline;
  return copy;
}

void
gantry_promotion_request_free (GantryPromotionRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->repository);
  g_free (request->approved_digest);
  g_free (request->from_tag);
  g_free (request->to_tag);
  g_free (request->cluster);
  g_strfreev (request->services);
  g_free (request->task_definition);
  g_free (request);
}

/* GantryPromotionResult */

static void
result_clear (GantryPromotionResult *result)
{
  g_free (result->repository);
  g_free (result->tag);
  g_free (result->from_digest);
  g_free (result->to_digest);
  g_free (result->media_type);
  g_free (result->commit);
  g_free (result->journal_id);
  g_clear_pointer (&result->rollouts, g_ptr_array_unref);
  g_clear_error (&result->rollout_error);
}

static GantryPromotionResult *
result_new (void)
{
  GantryPromotionResult *result = g_atomic_rc_box_new0 (GantryPromotionResult);

  result->rollouts = g_ptr_array_new_with_free_func (g_object_unref);
  return result;
}

GantryPromotionResult *
gantry_promotion_result_ref (GantryPromotionResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
gantry_promotion_result_unref (GantryPromotionResult *result)
{
  g_atomic_rc_box_release_full (result, (GDestroyNotify) result_clear);
}

G_DEFINE_BOXED_TYPE (GantryPromotionResult, gantry_promotion_result,
                     gantry_promotion_result_ref, gantry_promotion_result_unref)

/* One promotion per repository at a time: a table for this process and an
 * advisory lock file for other processes (the app and a gantryctl script).
 * flock() locks die with the process, so a crash never leaves one behind. */

static GHashTable *promotions_running;

typedef struct
{
  char *key;
  int   fd;
} RepositoryLock;

static void
repository_lock_release (RepositoryLock *lock)
{
  if (lock == NULL)
    return;
  g_hash_table_remove (promotions_running, lock->key);
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock->key);
  g_free (lock);
}

static RepositoryLock *
repository_lock_acquire (const char  *region,
                         const char  *repository,
                         GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "gantry", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  RepositoryLock *lock;

  if (promotions_running == NULL)
    promotions_running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  lock = g_new0 (RepositoryLock, 1);
  lock->key = g_strdup_printf ("%s/%s", region != NULL ? region : "-", repository);
  lock->fd = -1;

  if (g_hash_table_contains (promotions_running, lock->key))
    goto busy;

  /* Repository names may hold '/', which a file name cannot. The lock file
   * is opened on the local runtime directory (tmpfs) with a non-blocking
   * flock(): nothing here waits. */
  name = g_strdup_printf ("promote-%s.lock", lock->key);
  g_strdelimit (name + strlen ("promote-"), "/", '+');
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) == 0)
    lock->fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock->fd < 0)
    g_warning ("Cannot open the promotion lock file %s (%s); only promotions in this process "
               "are kept apart", path, g_strerror (errno));
  else if (flock (lock->fd, LOCK_EX | LOCK_NB) != 0)
    goto busy;

  g_hash_table_add (promotions_running, g_strdup (lock->key));
  return lock;

busy:
  g_set_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
               _("Refused: another promotion of repository %s in %s is running. Wait for it "
                 "to finish."), repository, region != NULL ? region : "?");
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock->key);
  g_free (lock);
  return NULL;
}

/* GObject */

static void
set_step (GantryPromotion     *self,
          GantryPromotionStep  step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
set_cancellable_now (GantryPromotion *self,
                     gboolean         cancellable_now)
{
  if (self->cancellable_now == cancellable_now)
    return;
  self->cancellable_now = cancellable_now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLABLE_NOW]);
}

static void
set_busy (GantryPromotion *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_outcome (GantryPromotion        *self,
             GantryPromotionOutcome  outcome,
             GantryPromotionRule     rule)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->outcome != outcome)
    {
      self->outcome = outcome;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
    }
  if (self->refused_rule != rule)
    {
      self->refused_rule = rule;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFUSED_RULE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
gantry_promotion_dispose (GObject *object)
{
  GantryPromotion *self = (GantryPromotion *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->environment);
  g_clear_object (&self->journal);
  g_clear_object (&self->ecr);
  g_clear_object (&self->ecs);
  g_clear_object (&self->sts);
  g_clear_object (&self->repositories);
  g_clear_object (&self->rollouts);

  G_OBJECT_CLASS (gantry_promotion_parent_class)->dispose (object);
}

static void
gantry_promotion_finalize (GObject *object)
{
  GantryPromotion *self = (GantryPromotion *) object;

  g_clear_pointer (&self->identity, gantry_aws_caller_identity_free);

  G_OBJECT_CLASS (gantry_promotion_parent_class)->finalize (object);
}

static void
gantry_promotion_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GantryPromotion *self = GANTRY_PROMOTION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_REPOSITORIES:
      g_value_set_object (value, self->repositories);
      break;
    case PROP_ROLLOUTS:
      g_value_set_object (value, self->rollouts);
      break;
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;
    case PROP_CANCELLABLE_NOW:
      g_value_set_boolean (value, self->cancellable_now);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_REFUSED_RULE:
      g_value_set_enum (value, self->refused_rule);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_promotion_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GantryPromotion *self = GANTRY_PROMOTION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_ENVIRONMENT:
      self->environment = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_promotion_constructed (GObject *object)
{
  GantryPromotion *self = (GantryPromotion *) object;

  G_OBJECT_CLASS (gantry_promotion_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  if (self->environment == NULL)
    self->environment = gantry_environment_new ("default");
  if (self->journal == NULL)
    self->journal = gantry_journal_new (NULL);
  self->ecr = gantry_aws_ecr_new (self->client);
  self->ecs = gantry_aws_ecs_new (self->client);
  self->sts = gantry_aws_sts_new (self->client);
}

static void
gantry_promotion_class_init (GantryPromotionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gantry_promotion_constructed;
  object_class->dispose = gantry_promotion_dispose;
  object_class->finalize = gantry_promotion_finalize;
  object_class->get_property = gantry_promotion_get_property;
  object_class->set_property = gantry_promotion_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, GANTRY_TYPE_AWS_CLIENT,
                                                 construct);
  properties[PROP_ENVIRONMENT] = g_param_spec_object ("environment", NULL, NULL,
                                                      GANTRY_TYPE_ENVIRONMENT, construct);
  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, GANTRY_TYPE_JOURNAL,
                                                  construct);
  /* (element-type GantryRepositoryState): filled by inspect, in the
   * environment's order; replaced in place on each inspection. */
  properties[PROP_REPOSITORIES] = g_param_spec_object ("repositories", NULL, NULL,
                                                       G_TYPE_LIST_MODEL, ro);
  /* (element-type GantryRollout): the current promotion's rollouts */
  properties[PROP_ROLLOUTS] = g_param_spec_object ("rollouts", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_STEP] = g_param_spec_enum ("step", NULL, NULL, GANTRY_TYPE_PROMOTION_STEP,
                                             GANTRY_PROMOTION_STEP_IDLE, ro);
  /* TRUE while cancelling stops the promotion without any write; FALSE from
   * the write (and its re-read, if any) on, when cancelling only stops the
   * watch. */
  properties[PROP_CANCELLABLE_NOW] = g_param_spec_boolean ("cancellable-now", NULL, NULL, FALSE,
                                                           ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_OUTCOME] = g_param_spec_enum ("outcome", NULL, NULL,
                                                GANTRY_TYPE_PROMOTION_OUTCOME,
                                                GANTRY_PROMOTION_OUTCOME_NONE, ro);
  properties[PROP_REFUSED_RULE] = g_param_spec_enum ("refused-rule", NULL, NULL,
                                                     GANTRY_TYPE_PROMOTION_RULE,
                                                     GANTRY_PROMOTION_RULE_NONE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GantryPromotion::before-write:
   * @repository: the repository
   * @digest: the approved digest about to be written
   *
   * Emitted once the guard rails passed, right before the write. The
   * last moment a cancel writes nothing; tests use it to push a new
   * candidate between the read and the write. A connected handler may run
   * anything (a main loop, a push), so with one the candidate is read
   * again after it, as it is after the services' ECS reads.
   */
  signals[BEFORE_WRITE] = g_signal_new ("before-write", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gantry_promotion_init (GantryPromotion *self)
{
  self->repositories = g_list_store_new (GANTRY_TYPE_REPOSITORY_STATE);
  self->rollouts = g_list_store_new (GANTRY_TYPE_ROLLOUT);
}

/**
 * gantry_promotion_new:
 * @client: the AWS client of the account
 * @environment: (nullable): what "prod" means; %NULL for the defaults
 * @journal: (nullable): the journal; %NULL for the default one
 *
 * Returns: (transfer full): a promotion engine; one promotion at a time
 */
GantryPromotion *
gantry_promotion_new (GantryAwsClient   *client,
                      GantryEnvironment *environment,
                      GantryJournal     *journal)
{
  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  return g_object_new (GANTRY_TYPE_PROMOTION,
                       "client", client,
                       "environment", environment,
                       "journal", journal,
                       NULL);
}

GantryAwsClient *
gantry_promotion_get_client (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return self->client;
}

GantryEnvironment *
gantry_promotion_get_environment (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return self->environment;
}

GantryJournal *
gantry_promotion_get_journal (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return self->journal;
}

/* Returns: (transfer none): the inspected repositories (GantryRepositoryState) */
GListModel *
gantry_promotion_get_repositories (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return G_LIST_MODEL (self->repositories);
}

/* Returns: (transfer none): the rollouts (GantryRollout) of the current promotion */
GListModel *
gantry_promotion_get_rollouts (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return G_LIST_MODEL (self->rollouts);
}

GantryPromotionStep
gantry_promotion_get_step (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), GANTRY_PROMOTION_STEP_IDLE);
  return self->step;
}

gboolean
gantry_promotion_get_cancellable_now (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), FALSE);
  return self->cancellable_now;
}

gboolean
gantry_promotion_get_busy (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), FALSE);
  return self->busy;
}

GantryPromotionOutcome
gantry_promotion_get_outcome (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), GANTRY_PROMOTION_OUTCOME_NONE);
  return self->outcome;
}

GantryPromotionRule
gantry_promotion_get_refused_rule (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), GANTRY_PROMOTION_RULE_NONE);
  return self->refused_rule;
}

guint
gantry_promotion_get_poll_interval (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), 0);
  return self->poll_interval;
}

/**
 * gantry_promotion_set_poll_interval:
 * @msec: the first poll interval of the rollouts; 0 for GantryRollout's default
 */
void
gantry_promotion_set_poll_interval (GantryPromotion *self,
                                    guint            msec)
{
  g_return_if_fail (GANTRY_IS_PROMOTION (self));
  self->poll_interval = msec;
}

/**
 * gantry_promotion_get_identity_arn:
 *
 * Returns: (nullable): the identity journaled as the actor: set, or read
 *   by the last promotion or reconciliation
 */
const char *
gantry_promotion_get_identity_arn (GantryPromotion *self)
{
  g_return_val_if_fail (GANTRY_IS_PROMOTION (self), NULL);
  return self->identity != NULL ? self->identity->arn : NULL;
}

/**
 * gantry_promotion_set_identity:
 * @arn: (nullable): the caller's ARN (GetCallerIdentity's), %NULL to forget it
 * @account: (nullable): the caller's account
 *
 * Gives the engine the identity its client's credentials stand for, as a
 * connected session already knows it: promotions and reconciliations then
 * skip their GetCallerIdentity call. Only pass the identity of this
 * engine's client: the journal records it as the actor of every write.
 */
void
gantry_promotion_set_identity (GantryPromotion *self,
                               const char      *arn,
                               const char      *account)
{
  g_return_if_fail (GANTRY_IS_PROMOTION (self));

  g_clear_pointer (&self->identity, gantry_aws_caller_identity_free);
  if (arn == NULL || account == NULL)
    return;
  self->identity = g_new0 (GantryAwsCallerIdentity, 1);
  self->identity->arn = g_strdup (arn);
  self->identity->account = g_strdup (account);
}

static const char *
region (GantryPromotion *self)
{
  const char *name = gantry_aws_client_get_region (self->client);

  return name != NULL ? name : "?";
}

/* Inspect */

typedef struct
{
  char                    *name;
  GantryAwsEcrRepository  *repository;
  GantryAwsEcrImageDetail *candidate;
  GantryAwsEcrImageDetail *latest;
  GError                  *error;
} InspectSlot;

typedef struct
{
  GPtrArray *slots;
  guint      pending;
  char      *candidate_tag;
  char      *latest_tag;
} InspectData;

typedef struct
{
  GTask       *task;
  InspectSlot *slot;
  guint        which;
} InspectCall;

enum { CALL_REPOSITORY, CALL_CANDIDATE, CALL_LATEST };

static void
inspect_slot_free (InspectSlot *slot)
{
  g_free (slot->name);
  g_clear_pointer (&slot->repository, gantry_aws_ecr_repository_free);
  g_clear_pointer (&slot->candidate, gantry_aws_ecr_image_detail_free);
  g_clear_pointer (&slot->latest, gantry_aws_ecr_image_detail_free);
  g_clear_error (&slot->error);
  g_free (slot);
}

static void
inspect_data_free (InspectData *data)
{
  g_ptr_array_unref (data->slots);
  g_free (data->candidate_tag);
  g_free (data->latest_tag);
  g_free (data);
}

static void
inspect_done (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  InspectData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < data->slots->len; i++)
    {
      InspectSlot *slot = g_ptr_array_index (data->slots, i);

      if (slot->error != NULL)
        g_ptr_array_add (states,
                         gantry_repository_state_new_for_error (slot->name, data->candidate_tag,
                                                                data->latest_tag, slot->error));
      else
        g_ptr_array_add (states,
                         gantry_repository_state_new (slot->name, data->candidate_tag,
                                                      data->latest_tag,
                                                      g_steal_pointer (&slot->repository),
                                                      g_steal_pointer (&slot->candidate),
                                                      g_steal_pointer (&slot->latest)));
    }

  /* One splice: a list view sees one change, not a flicker per row. */
  g_list_store_splice (self->repositories, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->repositories)),
                       states->pdata, states->len);
  g_task_return_pointer (task, g_object_ref (self->repositories), g_object_unref);
}

static void
inspect_call_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  InspectCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  InspectData *data = g_task_get_task_data (task);
  InspectSlot *slot = call->slot;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (call->which == CALL_REPOSITORY)
    items = gantry_aws_ecr_describe_repositories_finish (GANTRY_AWS_ECR (object), result, &error);
  else
    items = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);

  /* A missing tag is a state (no candidate, never promoted), not a failure. */
  if (error != NULL && call->which != CALL_REPOSITORY &&
      gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND))
    g_clear_error (&error);

  if (error != NULL && slot->error == NULL)
    slot->error = g_steal_pointer (&error);
  else if (items != NULL && items->len > 0)
    {
      gpointer item = g_ptr_array_steal_index (items, 0);

      if (call->which == CALL_REPOSITORY)
        slot->repository = item;
      else if (call->which == CALL_CANDIDATE)
        slot->candidate = item;
      else
        slot->latest = item;
    }

  g_free (call);
  if (--data->pending == 0)
    inspect_done (task);
}

static InspectCall *
inspect_call_new (GTask       *task,
                  InspectSlot *slot,
                  guint        which)
{
  InspectCall *call = g_new0 (InspectCall, 1);

  call->task = g_object_ref (task);
  call->slot = slot;
  call->which = which;
  return call;
}

/**
 * gantry_promotion_inspect_async:
 * @repositories: (nullable) (array zero-terminated=1): repository names;
 *   %NULL for the environment's
 *
 * Reads each repository, its candidate and its latest image (three calls
 * per repository, all at once) into #GantryPromotion:repositories. A
 * repository that cannot be read becomes a state with an error, so one
 * missing permission does not hide the others.
 */
void
gantry_promotion_inspect_async (GantryPromotion     *self,
                                const char * const  *repositories,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InspectData *data;

  g_return_if_fail (GANTRY_IS_PROMOTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_promotion_inspect_async);

  if (repositories == NULL)
    repositories = gantry_environment_get_repositories (self->environment);

  data = g_new0 (InspectData, 1);
  data->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) inspect_slot_free);
  data->candidate_tag = g_strdup (gantry_environment_get_candidate_tag (self->environment));
  data->latest_tag = g_strdup (gantry_environment_get_latest_tag (self->environment));
  g_task_set_task_data (task, data, (GDestroyNotify) inspect_data_free);

  if (repositories == NULL || repositories[0] == NULL)
    {
      inspect_done (task);
      return;
    }

  /* Count every call first: a callback may not see pending reach 0 early. */
  for (guint i = 0; repositories[i] != NULL; i++)
    {
      InspectSlot *slot = g_new0 (InspectSlot, 1);

      slot->name = g_strdup (repositories[i]);
      g_ptr_array_add (data->slots, slot);
      data->pending += 3;
    }

  for (guint i = 0; i < data->slots->len; i++)
    {
      InspectSlot *slot = g_ptr_array_index (data->slots, i);
      const char *names[] = { slot->name, NULL };
      const char *candidate[] = { data->candidate_tag, NULL };
      const char *latest[] = { data->latest_tag, NULL };

      gantry_aws_ecr_describe_repositories_async (self->ecr, names, 0, cancellable,
                                                  inspect_call_cb,
                                                  inspect_call_new (task, slot, CALL_REPOSITORY));
      gantry_aws_ecr_describe_images_async (self->ecr, slot->name, candidate, NULL, 0,
                                            cancellable, inspect_call_cb,
                                            inspect_call_new (task, slot, CALL_CANDIDATE));
      gantry_aws_ecr_describe_images_async (self->ecr, slot->name, latest, NULL, 0,
                                            cancellable, inspect_call_cb,
                                            inspect_call_new (task, slot, CALL_LATEST));
    }
}

/**
 * gantry_promotion_inspect_finish:
 *
 * Returns: (transfer full): #GantryPromotion:repositories
 */
GListModel *
gantry_promotion_inspect_finish (GantryPromotion  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Promote */

typedef struct
{
  GantryPromotionRequest  *request;
  char                    *from_tag;
  char                    *to_tag;
  char                    *cluster;
  char                    *source_ref;
  RepositoryLock          *lock;
  guint                    pending;
  GError                  *read_error;

  GantryAwsEcrRepository  *repository;
  GantryAwsImage          *image;
  GantryAwsEcrImageDetail *source;
  GantryAwsEcrImageDetail *latest;

  GantryPromotionResult   *result;
  GantryJournalEntry      *started;
  GError                  *put_error;
  gboolean                 already;
  guint                    next_rollout;
  GantryPromotionRule      write_rule;
} PromoteData;

static void
promote_data_free (PromoteData *data)
{
  gantry_promotion_request_free (data->request);
  g_free (data->from_tag);
  g_free (data->to_tag);
  g_free (data->cluster);
  g_free (data->source_ref);
  repository_lock_release (data->lock);
  g_clear_error (&data->read_error);
  g_clear_pointer (&data->repository, gantry_aws_ecr_repository_free);
  g_clear_pointer (&data->image, gantry_aws_image_free);
  g_clear_pointer (&data->source, gantry_aws_ecr_image_detail_free);
  g_clear_pointer (&data->latest, gantry_aws_ecr_image_detail_free);
  g_clear_pointer (&data->result, gantry_promotion_result_unref);
  g_clear_pointer (&data->started, gantry_journal_entry_free);
  g_clear_error (&data->put_error);
  g_free (data);
}

static GantryPromotionRule
rule_of (const GError *error)
{
  if (g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_CONFLICT))
    return GANTRY_PROMOTION_RULE_DIGEST_CHANGED;
  return GANTRY_PROMOTION_RULE_NONE;
}

/* Every path ends here: the step, outcome and lock are settled before the
 * caller's callback runs, so a UI reading them from it sees the end state. */
static void
promote_fail (GTask               *task,
              GError              *error,
              GantryPromotionRule  rule)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  gboolean refused = g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED) ||
                     g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_CONFLICT);

  if (refused && rule == GANTRY_PROMOTION_RULE_NONE)
    rule = rule_of (error);

  g_clear_pointer (&data->lock, repository_lock_release);
  set_step (self, GANTRY_PROMOTION_STEP_DONE);
  set_cancellable_now (self, FALSE);
  set_outcome (self,
               refused ? GANTRY_PROMOTION_OUTCOME_REFUSED : GANTRY_PROMOTION_OUTCOME_FAILED,
               refused ? rule : GANTRY_PROMOTION_RULE_NONE);
  set_busy (self, FALSE);
  g_task_return_error (task, error);
}

static void
promote_succeed (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->lock, repository_lock_release);
  set_step (self, GANTRY_PROMOTION_STEP_DONE);
  set_cancellable_now (self, FALSE);
  set_outcome (self, data->result->outcome, GANTRY_PROMOTION_RULE_NONE);
  set_busy (self, FALSE);
  g_task_return_pointer (task, gantry_promotion_result_ref (data->result),
                         (GDestroyNotify) gantry_promotion_result_unref);
}

static GantryJournalEntry *
journal_entry_new (GantryPromotion *self,
                   PromoteData     *data)
{
  GantryJournalEntry *entry = gantry_journal_entry_new (
    data->request->kind == GANTRY_PROMOTION_KIND_ROLLBACK ? "rollback" : "promotion");

  entry->identity_arn = g_strdup (self->identity->arn);
  entry->account = g_strdup (self->identity->account);
  entry->region = g_strdup (gantry_aws_client_get_region (self->client));
  entry->repository = g_strdup (data->request->repository);
  entry->from_digest = g_strdup (data->result->from_digest);
  entry->to_digest = g_strdup (data->result->to_digest);
  entry->commit = g_strdup (data->result->commit);
  return entry;
}

/* A journal line after a write that already happened must not undo or hide
 * it: a failure to append is logged, and the promotion reports what AWS did. */
static void
journal_append_logged_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  void (*next) (GTask *) = g_object_get_data (G_OBJECT (task), "gantry-journal-next");

  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    g_warning ("Could not append to the promotion journal %s: %s",
               gantry_journal_get_path (GANTRY_JOURNAL (object)), error->message);
  next (task);
}

static void
journal_then (GTask              *task,
              GantryJournalEntry *entry,
              void              (*next) (GTask *))
{
  GantryPromotion *self = g_task_get_source_object (task);

  g_object_set_data (G_OBJECT (task), "gantry-journal-next", next);
  /* Not cancellable: the line records a write that happened. */
  gantry_journal_append_async (self->journal, entry, NULL, journal_append_logged_cb,
                               g_object_ref (task));
}

static void promote_rollout_next (GTask *task);

static void
promote_rollouts_watched (GTask *task)
{
  promote_succeed (task);
}

static void
promote_watch_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_rollout_watch_finish (GANTRY_ROLLOUT (object), result, &error) &&
      data->result->rollout_error == NULL)
    data->result->rollout_error = g_steal_pointer (&error);

  if (--data->pending == 0)
    promote_rollouts_watched (task);
}

static void
promote_watch_all (GTask *task)
{
  PromoteData *data = g_task_get_task_data (task);
  GPtrArray *rollouts = data->result->rollouts;

  data->pending = 1;
  for (guint i = 0; data->request->watch && i < rollouts->len; i++)
    {
      GantryRollout *rollout = g_ptr_array_index (rollouts, i);

      if (gantry_rollout_get_state (rollout) != GANTRY_ROLLOUT_STATE_IN_PROGRESS)
        continue;
      data->pending++;
      gantry_rollout_set_deadline (rollout, data->request->watch_deadline);
      /* Cancelling from here on only stops watching: the writes are done. */
      gantry_rollout_watch_async (rollout, NULL, g_task_get_cancellable (task),
                                  promote_watch_cb, g_object_ref (task));
    }
  if (--data->pending == 0)
    promote_rollouts_watched (task);
}

static void
promote_rollout_journaled (GTask *task)
{
  PromoteData *data = g_task_get_task_data (task);

  data->next_rollout++;
  promote_rollout_next (task);
}

static void
promote_deploy_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  GantryRollout *rollout = GANTRY_ROLLOUT (object);
  g_autoptr(GantryJournalEntry) outcome = NULL;
  g_autoptr(GError) error = NULL;

  if (!gantry_rollout_deploy_finish (rollout, result, &error))
    {
      outcome = gantry_journal_entry_new_outcome (data->started, GANTRY_JOURNAL_STATE_FAILED,
                                                  error->message);
      if (data->result->rollout_error == NULL)
        data->result->rollout_error = g_steal_pointer (&error);
    }
  else
    {
      outcome = gantry_journal_entry_new_outcome (data->started, GANTRY_JOURNAL_STATE_DONE,
                                                  NULL);
      g_free (outcome->task_definition);
      outcome->task_definition = g_strdup (gantry_rollout_get_task_definition (rollout));
    }

  g_clear_pointer (&data->started, gantry_journal_entry_free);
  journal_then (task, outcome, promote_rollout_journaled);
}

static void
promote_rollout_started_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  GantryRollout *rollout = g_ptr_array_index (data->result->rollouts, data->next_rollout);
  g_autoptr(GError) error = NULL;

  /* No journal line, no write: an unaudited rollout is worse than none. */
  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    {
      g_prefix_error (&error, _("Service %s was not rolled: "),
                      gantry_rollout_get_service (rollout));
      if (data->result->rollout_error == NULL)
        data->result->rollout_error = g_steal_pointer (&error);
      g_clear_pointer (&data->started, gantry_journal_entry_free);
      data->next_rollout++;
      promote_rollout_next (task);
      return;
    }

  gantry_rollout_deploy_async (rollout, NULL, promote_deploy_cb, g_steal_pointer (&task));
}

/* The rollouts go one after the other, each journaled on its own: the
 * image write is already journaled `done` and must stay so even when a
 * service then fails to update. */
static void
promote_rollout_next (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  GantryRollout *rollout;

  set_step (self, GANTRY_PROMOTION_STEP_ROLLING_OUT);

  while (data->next_rollout < data->result->rollouts->len)
    {
      rollout = g_ptr_array_index (data->result->rollouts, data->next_rollout);
      if (gantry_rollout_get_state (rollout) == GANTRY_ROLLOUT_STATE_PREPARED)
        break;
      data->next_rollout++;
    }

  if (data->next_rollout >= data->result->rollouts->len)
    {
      promote_watch_all (task);
      return;
    }

  rollout = g_ptr_array_index (data->result->rollouts, data->next_rollout);
  g_clear_pointer (&data->started, gantry_journal_entry_free);
  data->started = journal_entry_new (self, data);
  data->started->cluster = g_strdup (gantry_rollout_get_cluster (rollout));
  data->started->service = g_strdup (gantry_rollout_get_service (rollout));
  data->started->task_definition = g_strdup (gantry_rollout_get_previous_task_definition (rollout));
  gantry_journal_append_async (self->journal, data->started, NULL, promote_rollout_started_cb,
                               g_object_ref (task));
}

static void
promote_outcome_journaled (GTask *task)
{
  PromoteData *data = g_task_get_task_data (task);
  GError *error = g_object_steal_data (G_OBJECT (task), "gantry-promote-error");

  if (error != NULL)
    {
      promote_fail (task, error, data->write_rule);
      return;
    }

  data->result->outcome = GANTRY_PROMOTION_OUTCOME_PROMOTED;
  data->next_rollout = 0;
  promote_rollout_next (task);
}

/* Ends the image write: `done`, or `failed` with @error. */
static void
promote_write_finished (GTask  *task,
                        GError *error)
{
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GantryJournalEntry) outcome = NULL;

  outcome = gantry_journal_entry_new_outcome (data->started,
                                              error != NULL ? GANTRY_JOURNAL_STATE_FAILED
                                                            : GANTRY_JOURNAL_STATE_DONE,
                                              error != NULL ? error->message : NULL);
  if (error != NULL)
    g_object_set_data_full (G_OBJECT (task), "gantry-promote-error", error,
                            (GDestroyNotify) g_error_free);
  journal_then (task, outcome, promote_outcome_journaled);
}

static void
promote_verify_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcrImageDetail *detail;

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if (images == NULL &&
      !gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND))
    {
      if (data->put_error == NULL)
        {
          /* ECR accepted the PutImage: the tag moved even if the check
           * could not confirm it. */
          g_warning ("Could not verify %s:%s after PutImage: %s",
                     data->request->repository, data->to_tag, error->message);
          promote_write_finished (task, NULL);
          return;
        }

      /* Neither the write nor the check got an answer: the outcome is
       * unknown, so the journal keeps its `started` line for
       * gantry_promotion_reconcile_async() rather than a guess. */
      g_clear_pointer (&data->started, gantry_journal_entry_free);
      promote_fail (task,
                    g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK,
                                 _("Gantry could not tell whether %s in repository %s (%s) now "
                                   "names %s: the write got no answer (%s) and neither did the "
                                   "check. It will be checked again the next time Gantry "
                                   "starts."),
                                 data->to_tag, data->request->repository, region (self),
                                 data->result->to_digest, data->put_error->message),
                    GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  detail = images != NULL && images->len > 0 ? g_ptr_array_index (images, 0) : NULL;
  if (detail != NULL && g_strcmp0 (detail->digest, data->result->to_digest) == 0)
    {
      promote_write_finished (task, NULL);
      return;
    }

  if (data->put_error != NULL)
    {
      promote_write_finished (task, g_steal_pointer (&data->put_error));
      return;
    }

  promote_write_finished (task,
                          g_error_new (GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                                       _("After the write, %s in repository %s (%s) names %s, "
                                         "not %s: someone else moved it."),
                                       data->to_tag, data->request->repository, region (self),
                                       detail != NULL ? detail->digest : _("no image"),
                                       data->result->to_digest));
}

static void
promote_verify (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  const char *refs[] = { data->to_tag, NULL };

  set_step (self, GANTRY_PROMOTION_STEP_VERIFYING);
  gantry_aws_ecr_describe_images_async (self->ecr, data->request->repository, refs, NULL, 0,
                                        NULL, promote_verify_cb, g_steal_pointer (&task));
}

static void
promote_put_image_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  g_autofree char *digest = NULL;
  g_autoptr(GError) error = NULL;

  digest = gantry_aws_ecr_put_image_finish (GANTRY_AWS_ECR (object), result, &error);

  if (digest != NULL ||
      gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_ALREADY_EXISTS))
    {
      promote_verify (g_steal_pointer (&task));
      return;
    }

  if (gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_TAG_ALREADY_EXISTS))
    {
      g_autofree char *hint = gantry_repository_state_immutable_hint (data->request->repository,
                                                                      data->from_tag,
                                                                      data->to_tag);

      data->write_rule = GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE;
      promote_write_finished (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED, "%s", hint));
      return;
    }

  /* Did the write land? Only ECR knows: a lost reply, a 5xx or a timeout
   * says nothing about it, so the check decides, never a guess. */
  if (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK) ||
      g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_THROTTLED) ||
      g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE) ||
      g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE))
    {
      data->put_error = g_steal_pointer (&error);
      promote_verify (g_steal_pointer (&task));
      return;
    }

  promote_write_finished (task, g_steal_pointer (&error));
}

static void
promote_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* No `started` line, no write: every tag move is audited. */
  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    {
      g_prefix_error (&error, _("Nothing was written: "));
      promote_fail (task, g_steal_pointer (&error), GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  gantry_aws_ecr_put_image_async (self->ecr, data->image, data->to_tag, NULL,
                                  promote_put_image_cb, g_steal_pointer (&task));
}

/* The bytes written are the ones just read, which hash to the approved
 * digest: PutImage gets that digest so ECR rejects anything else. The
 * `started` line is on disk (fsync'd) before PutImage leaves. */
static void
promote_journal_and_put (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);

  data->started = journal_entry_new (self, data);
  data->started->tag = g_strdup (data->to_tag);
  g_free (data->result->journal_id);
  data->result->journal_id = g_strdup (data->started->id);
  gantry_journal_append_async (self->journal, data->started, NULL, promote_started_cb, task);
}

static void
promote_reread_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsImage) image = NULL;
  g_autoptr(GError) error = NULL;

  image = gantry_aws_ecr_get_image_finish (GANTRY_AWS_ECR (object), result, &error);
  if (image == NULL)
    {
      promote_fail (task, g_steal_pointer (&error), GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  if (g_strcmp0 (image->digest, data->result->to_digest) != 0)
    {
      promote_fail (task,
                    g_error_new (GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                                 _("Refused: %s in repository %s (%s) moved while Gantry was "
                                   "checking it: it was %s and is now %s. Someone pushed a new "
                                   "candidate; nothing was written. Review and approve the new "
                                   "one."),
                                 data->from_tag, data->request->repository, region (self),
                                 data->result->to_digest, image->digest),
                    GANTRY_PROMOTION_RULE_DIGEST_CHANGED);
      return;
    }

  g_clear_pointer (&data->image, gantry_aws_image_free);
  data->image = g_steal_pointer (&image);
  promote_journal_and_put (g_steal_pointer (&task));
}

static void
promote_write (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  gboolean reread;

  /* The contract wants the approved digest read right before the write.
   * The first read round already fetched the manifest and checked its
   * digest; when the checks after it were all local, nothing ran between
   * that read and this write but the `started` fsync, and reading again
   * would only cost a round trip. Read again when something could have
   * waited in between: the services' ECS reads, or a before-write handler
   * (which may spin the main loop). */
  reread = data->result->rollouts->len > 0 ||
           g_signal_has_handler_pending (self, signals[BEFORE_WRITE], 0, TRUE);

  g_signal_emit (self, signals[BEFORE_WRITE], 0, data->request->repository,
                 data->result->to_digest);

  if (g_task_return_error_if_cancelled (task))
    {
      /* g_task_return_error_if_cancelled() already returned; settle the state. */
      g_clear_pointer (&data->lock, repository_lock_release);
      set_step (self, GANTRY_PROMOTION_STEP_DONE);
      set_cancellable_now (self, FALSE);
      set_outcome (self, GANTRY_PROMOTION_OUTCOME_FAILED, GANTRY_PROMOTION_RULE_NONE);
      set_busy (self, FALSE);
      return;
    }

  /* From the re-read on, the operations take no cancellable: a cancel in
   * the middle of a write would only make its outcome unknown. */
  set_cancellable_now (self, FALSE);
  set_step (self, GANTRY_PROMOTION_STEP_WRITING);
  if (reread)
    gantry_aws_ecr_get_image_async (self->ecr, data->request->repository, data->source_ref,
                                    NULL, promote_reread_cb, g_object_ref (task));
  else
    promote_journal_and_put (g_object_ref (task));
}

static void
promote_prepare_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (object != NULL &&
      !gantry_rollout_prepare_finish (GANTRY_ROLLOUT (object), result, &error) &&
      data->read_error == NULL)
    data->read_error = g_steal_pointer (&error);

  if (--data->pending > 0)
    return;

  if (data->read_error != NULL)
    {
      GantryPromotionRule rule = g_error_matches (data->read_error, GANTRY_ERROR,
                                                  GANTRY_ERROR_REFUSED)
                                 ? GANTRY_PROMOTION_RULE_TASK_FAMILY : GANTRY_PROMOTION_RULE_NONE;

      promote_fail (task, g_steal_pointer (&data->read_error), rule);
      return;
    }

  if (data->already)
    {
      gboolean all_deployed = TRUE;

      for (guint i = 0; i < data->result->rollouts->len; i++)
        if (gantry_rollout_get_state (g_ptr_array_index (data->result->rollouts, i)) !=
            GANTRY_ROLLOUT_STATE_ALREADY_DEPLOYED)
          all_deployed = FALSE;

      data->result->outcome = GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED;
      if (all_deployed)
        {
          promote_succeed (task);
          return;
        }

      /* The tag is in place but a service is not on it yet (a re-run after
       * a failed rollout): roll only what is missing. */
      set_cancellable_now (GANTRY_PROMOTION (g_task_get_source_object (task)), FALSE);
      promote_rollout_next (task);
      return;
    }

  promote_write (task);
}

/* The "refuse critical findings" guard rail. It fails closed: a scan that
 * is still running, failed, could not scan the image, answered without its
 * finding summary, or describes another digest than the one about to be
 * written says nothing about CRITICAL findings, and letting it through
 * would make the guard a silent pass exactly when it is needed. An image
 * with no scan status at all (its repository does not scan) passes: there
 * is no scan to wait for, the Setup audit's ecr.scan-on-push check flags
 * such repositories, and moto (the demo and the tests) never reports one.
 *
 * Returns: (transfer full) (nullable): why the promotion is refused */
static GError *
check_scan (GantryPromotion *self,
            PromoteData     *data)
{
  GantryAwsEcrScanFindings *scan;
  const char *digest = data->image->digest;
  const char *repository = data->request->repository;

  if (data->source == NULL || data->source->scan == NULL ||
      g_strcmp0 (data->source->digest, digest) != 0)
    return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                        _("Refused: ECR did not describe image %s of repository %s (%s), so "
                          "Gantry cannot tell whether its scan found CRITICAL vulnerabilities. "
                          "Nothing was written; try again."),
                        digest, repository, region (self));

  scan = data->source->scan;
  switch (scan->state)
    {
    case GANTRY_AWS_ECR_SCAN_NONE:
      /* Finding counts without a readable status: a garbled reply, not
       * an unscanned image. */
      if (scan->counts.known || scan->completed_at != NULL)
        return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                            _("Refused: ECR sent finding counts for the scan of %s in "
                              "repository %s (%s) but no readable scan status, so Gantry "
                              "cannot tell whether it found CRITICAL vulnerabilities. Nothing "
                              "was written."),
                            digest, repository, region (self));
      return NULL;

    case GANTRY_AWS_ECR_SCAN_COMPLETE:
      /* ECR sends imageScanFindingsSummary with its completion time for
       * every finished scan; without it the counts read as zero. */
      if (scan->completed_at == NULL)
        return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                            _("Refused: ECR says the scan of %s in repository %s (%s) is %s "
                              "but sent no finding summary, so Gantry cannot tell whether it "
                              "found CRITICAL vulnerabilities. Nothing was written."),
                            digest, repository, region (self), scan->status);
      if (scan->counts.unreadable)
        return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                            _("Refused: ECR sent finding counts for the scan of %s in "
                              "repository %s (%s) that are not numbers, so Gantry cannot tell "
                              "whether it found CRITICAL vulnerabilities. Nothing was written."),
                            digest, repository, region (self));
      if (scan->counts.critical > 0)
        return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Refused: the image scan of %s in repository %s found "
                                         "%u CRITICAL vulnerability. Fix it, or turn off the "
                                         "environment’s “refuse critical findings” guard rail.",
                                         "Refused: the image scan of %s in repository %s found "
                                         "%u CRITICAL vulnerabilities. Fix them, or turn off "
                                         "the environment’s “refuse critical findings” guard "
                                         "rail.",
                                         scan->counts.critical),
                            digest, repository, scan->counts.critical);
      return NULL;

    case GANTRY_AWS_ECR_SCAN_IN_PROGRESS:
      return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                          _("Refused: the image scan of %s in repository %s (%s) is still "
                            "running (%s). Nothing was written; promote again once it has "
                            "finished."),
                          digest, repository, region (self), scan->status);

    case GANTRY_AWS_ECR_SCAN_FAILED:
    case GANTRY_AWS_ECR_SCAN_UNSUPPORTED:
    case GANTRY_AWS_ECR_SCAN_OTHER:
    default:
      return g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                          _("Refused: the image scan of %s in repository %s (%s) gave no "
                            "verdict (%s%s%.200s), so Gantry cannot tell whether it has "
                            "CRITICAL vulnerabilities. Nothing was written. Scan it again, or "
                            "turn off the environment’s “refuse critical findings” guard rail."),
                          digest, repository, region (self),
                          scan->status != NULL ? scan->status : "?",
                          scan->description != NULL ? ": " : "",
                          scan->description != NULL ? scan->description : "");
    }
}

static void
promote_check (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  GantryPromotionRequest *request = data->request;
  g_autofree char *pinned = NULL;

  set_step (self, GANTRY_PROMOTION_STEP_CHECKING);

  if (request->approved_digest != NULL &&
      g_strcmp0 (request->approved_digest, data->image->digest) != 0)
    {
      promote_fail (task,
                    g_error_new (GANTRY_ERROR, GANTRY_ERROR_CONFLICT,
                                 _("Refused: %s in repository %s (%s) is %s, not the approved "
                                   "%s. Nothing was written; review and approve the current "
                                   "candidate."),
                                 data->source_ref, request->repository, region (self),
                                 data->image->digest, request->approved_digest),
                    GANTRY_PROMOTION_RULE_DIGEST_CHANGED);
      return;
    }

  data->already = data->latest != NULL &&
                  g_strcmp0 (data->latest->digest, data->image->digest) == 0;

  if (!data->already && request->kind == GANTRY_PROMOTION_KIND_PROMOTION &&
      gantry_environment_get_refuse_critical (self->environment))
    {
      GError *refusal = check_scan (self, data);

      if (refusal != NULL)
        {
          promote_fail (task, refusal, GANTRY_PROMOTION_RULE_CRITICAL_FINDINGS);
          return;
        }
    }

  if (!data->already && data->latest != NULL &&
      !gantry_repository_state_tag_can_move (data->repository, data->to_tag))
    {
      g_autofree char *hint = gantry_repository_state_immutable_hint (request->repository,
                                                                      data->from_tag,
                                                                      data->to_tag);

      promote_fail (task, g_error_new (GANTRY_ERROR, GANTRY_ERROR_REFUSED, "%s", hint),
                    GANTRY_PROMOTION_RULE_TAGS_IMMUTABLE);
      return;
    }

  if (request->services == NULL || request->services[0] == NULL)
    {
      data->pending = 1;
      promote_prepare_cb (NULL, NULL, g_object_ref (task));
      return;
    }

  if (data->cluster == NULL)
    {
      promote_fail (task,
                    g_error_new (GANTRY_ERROR, GANTRY_ERROR_INVALID,
                                 _("Name the cluster of service %s: the environment has none."),
                                 request->services[0]),
                    GANTRY_PROMOTION_RULE_NONE);
      return;
    }
  if (data->repository == NULL || data->repository->uri == NULL)
    {
      promote_fail (task,
                    g_error_new (GANTRY_ERROR, GANTRY_ERROR_FAILED,
                                 _("ECR did not give the URI of repository %s (%s)."),
                                 request->repository, region (self)),
                    GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  pinned = g_strdup_printf ("%s@%s", data->repository->uri, data->image->digest);
  data->pending = g_strv_length (request->services);
  for (guint i = 0; request->services[i] != NULL; i++)
    {
      g_autoptr(GantryRollout) rollout = gantry_rollout_new (self->ecs, data->cluster,
                                                             request->services[i]);

      if (self->poll_interval > 0)
        gantry_rollout_set_poll_interval (rollout, self->poll_interval);
      g_ptr_array_add (data->result->rollouts, g_object_ref (rollout));
      g_list_store_append (self->rollouts, rollout);
      gantry_rollout_prepare_async (rollout, data->repository->uri, pinned,
                                    request->task_definition,
                                    gantry_environment_get_check_task_family (self->environment),
                                    g_task_get_cancellable (task), promote_prepare_cb,
                                    g_object_ref (task));
    }
}

static void
promote_read_done (GTask *task)
{
  PromoteData *data = g_task_get_task_data (task);

  if (data->read_error != NULL)
    {
      promote_fail (task, g_steal_pointer (&data->read_error), GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  data->result->to_digest = g_strdup (data->image->digest);
  data->result->media_type = g_strdup (data->image->manifest_media_type);
  data->result->from_digest = data->latest != NULL ? g_strdup (data->latest->digest) : NULL;
  data->result->commit = gantry_repository_state_find_commit (data->source, data->from_tag);
  promote_check (task);
}

static void
keep_read_error (PromoteData *data,
                 GError     **error)
{
  if (data->read_error == NULL)
    data->read_error = g_steal_pointer (error);
}

static void
promote_read_identity_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GantryAwsCallerIdentity *identity;

  identity = gantry_aws_sts_get_caller_identity_finish (GANTRY_AWS_STS (object), result, &error);
  if (identity == NULL)
    keep_read_error (data, &error);
  else
    {
      g_clear_pointer (&self->identity, gantry_aws_caller_identity_free);
      self->identity = identity;
    }

  if (--data->pending == 0)
    promote_read_done (task);
}

static void
promote_read_repository_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;

  repositories = gantry_aws_ecr_describe_repositories_finish (GANTRY_AWS_ECR (object), result,
                                                              &error);
  if (repositories == NULL)
    keep_read_error (data, &error);
  else if (repositories->len > 0)
    data->repository = g_ptr_array_steal_index (repositories, 0);

  if (--data->pending == 0)
    promote_read_done (task);
}

static void
promote_read_image_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->image = gantry_aws_ecr_get_image_finish (GANTRY_AWS_ECR (object), result, &error);
  if (data->image == NULL)
    keep_read_error (data, &error);

  if (--data->pending == 0)
    promote_read_done (task);
}

static void
promote_read_details (GTask         *task,
                      GAsyncResult  *result,
                      gboolean       latest)
{
  GantryPromotion *self = g_task_get_source_object (task);
  PromoteData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  images = gantry_aws_ecr_describe_images_finish (self->ecr, result, &error);
  /* No latest tag yet is a first promotion; a missing source shows up as
   * the BatchGetImage failure, which names it better. */
  if (images == NULL &&
      !gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND))
    keep_read_error (data, &error);
  else if (images != NULL && images->len > 0 && latest)
    data->latest = g_ptr_array_steal_index (images, 0);
  else if (images != NULL && images->len > 0)
    data->source = g_ptr_array_steal_index (images, 0);

  if (--data->pending == 0)
    promote_read_done (task);
}

static void
promote_read_source_details_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  promote_read_details (task, result, FALSE);
}

static void
promote_read_latest_details_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  promote_read_details (task, result, TRUE);
}

/**
 * gantry_promotion_promote_async:
 * @request: what to promote and where to roll it
 * @cancellable: (nullable): cancels until #GantryPromotion:cancellable-now
 *   turns %FALSE; after that it only stops watching the rollouts
 *
 * Runs the promotion contract (DESIGN.md): reads the source image, the
 * current latest image, the repository and the caller's identity (unless
 * set with gantry_promotion_set_identity()) at once; applies the guard
 * rails (approved digest, CRITICAL findings, immutable tags, task
 * families); when the services' reads (or a #GantryPromotion::before-write
 * handler) ran since, re-reads the source and stops if it moved; journals
 * `started`; PutImage with the exact manifest bytes, media type
 * and digest; verifies with DescribeImages (which also settles a write
 * whose reply was lost); journals `done`/`failed`; then registers a
 * pinned revision for each service, updates it and follows the deployment.
 *
 * Refusals are %GANTRY_ERROR_REFUSED or %GANTRY_ERROR_CONFLICT errors with
 * #GantryPromotion:refused-rule set. A rollout failure after a successful
 * write is reported in the result's @rollout_error, not as an error.
 */
void
gantry_promotion_promote_async (GantryPromotion              *self,
                                const GantryPromotionRequest *request,
                                GCancellable                 *cancellable,
                                GAsyncReadyCallback           callback,
                                gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PromoteData *data;
  const char *from_refs[2] = { NULL, NULL };
  const char *to_refs[2] = { NULL, NULL };
  const char *names[2] = { NULL, NULL };

  g_return_if_fail (GANTRY_IS_PROMOTION (self));
  g_return_if_fail (request != NULL && request->repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_promotion_promote_async);
  /* A cancel after the write must not turn a done promotion into an error. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (PromoteData, 1);
  data->request = gantry_promotion_request_copy (request);
  data->from_tag = g_strdup (request->from_tag != NULL
                               ? request->from_tag
                               : gantry_environment_get_candidate_tag (self->environment));
  data->to_tag = g_strdup (request->to_tag != NULL
                             ? request->to_tag
                             : gantry_environment_get_latest_tag (self->environment));
  data->cluster = g_strdup (request->cluster != NULL
                              ? request->cluster
                              : gantry_environment_get_cluster (self->environment));
  data->source_ref = g_strdup (request->kind == GANTRY_PROMOTION_KIND_ROLLBACK
                                 ? request->approved_digest : data->from_tag);
  data->result = result_new ();
  data->result->repository = g_strdup (request->repository);
  data->result->tag = g_strdup (data->to_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) promote_data_free);

  if (self->busy)
    {
      g_task_return_new_error (task, GANTRY_ERROR, GANTRY_ERROR_REFUSED,
                               _("This promotion object is already promoting; use another."));
      return;
    }

  g_list_store_remove_all (self->rollouts);
  set_busy (self, TRUE);
  set_outcome (self, GANTRY_PROMOTION_OUTCOME_NONE, GANTRY_PROMOTION_RULE_NONE);
  set_cancellable_now (self, TRUE);
  set_step (self, GANTRY_PROMOTION_STEP_READING);

  if (data->source_ref == NULL)
    {
      promote_fail (task,
                    g_error_new (GANTRY_ERROR, GANTRY_ERROR_INVALID,
                                 _("A rollback of repository %s needs the digest to go back "
                                   "to."), request->repository),
                    GANTRY_PROMOTION_RULE_NONE);
      return;
    }

  data->lock = repository_lock_acquire (gantry_aws_client_get_region (self->client),
                                        request->repository, &error);
  if (data->lock == NULL)
    {
      promote_fail (task, g_steal_pointer (&error), GANTRY_PROMOTION_RULE_BUSY);
      return;
    }

  /* Everything the checks and the write need, read at once: one round
   * trip of latency. The identity is only read when nobody told it (see
   * gantry_promotion_set_identity()) and no earlier call read it. */
  from_refs[0] = data->source_ref;
  to_refs[0] = data->to_tag;
  names[0] = request->repository;
  data->pending = 4;
  if (self->identity == NULL)
    {
      data->pending++;
      gantry_aws_sts_get_caller_identity_async (self->sts, cancellable, promote_read_identity_cb,
                                                g_object_ref (task));
    }
  gantry_aws_ecr_describe_repositories_async (self->ecr, names, 0, cancellable,
                                              promote_read_repository_cb, g_object_ref (task));
  gantry_aws_ecr_get_image_async (self->ecr, request->repository, data->source_ref, cancellable,
                                  promote_read_image_cb, g_object_ref (task));
  gantry_aws_ecr_describe_images_async (self->ecr, request->repository, from_refs, NULL, 0,
                                        cancellable, promote_read_source_details_cb,
                                        g_object_ref (task));
  gantry_aws_ecr_describe_images_async (self->ecr, request->repository, to_refs, NULL, 0,
                                        cancellable, promote_read_latest_details_cb,
                                        g_object_ref (task));
}

/**
 * gantry_promotion_promote_finish:
 *
 * Returns: (transfer full): the result: PROMOTED or ALREADY_PROMOTED
 */
GantryPromotionResult *
gantry_promotion_promote_finish (GantryPromotion  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reconcile */

typedef struct
{
  GPtrArray *entries;
  GPtrArray *unfinished;
  guint      next;
  guint      reconciled;
} ReconcileData;

static void
reconcile_data_free (ReconcileData *data)
{
  g_clear_pointer (&data->unfinished, g_ptr_array_unref);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

static void reconcile_next (GTask *task);

static void
reconcile_appended_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReconcileData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->reconciled++;
  data->next++;
  reconcile_next (g_steal_pointer (&task));
}

static void
reconcile_close (GTask              *task,
                 GantryJournalEntry *started,
                 gboolean            done,
                 const char         *message)
{
  GantryPromotion *self = g_task_get_source_object (task);
  g_autoptr(GantryJournalEntry) outcome = NULL;

  outcome = gantry_journal_entry_new_outcome (started,
                                              done ? GANTRY_JOURNAL_STATE_DONE
                                                   : GANTRY_JOURNAL_STATE_FAILED,
                                              message);
  gantry_journal_append_async (self->journal, outcome, g_task_get_cancellable (task),
                               reconcile_appended_cb, task);
}

static void
reconcile_skip (GTask  *task,
                GError *error)
{
  ReconcileData *data = g_task_get_task_data (task);
  GantryJournalEntry *entry = g_ptr_array_index (data->unfinished, data->next);

  /* Unknown stays unknown: the entry is tried again next time. */
  g_message ("Journal entry %s stays unfinished: %s", entry->id, error->message);
  g_error_free (error);
  data->next++;
  reconcile_next (task);
}

static void
reconcile_task_definition_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GTask *task = user_data;
  ReconcileData *data = g_task_get_task_data (task);
  GantryJournalEntry *entry = g_ptr_array_index (data->unfinished, data->next);
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autofree char *suffix = NULL;
  GError *error = NULL;
  gboolean done = FALSE;

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td == NULL)
    {
      reconcile_skip (task, error);
      return;
    }

  suffix = g_strconcat ("@", entry->to_digest, NULL);
  for (guint i = 0; i < td->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);

      if (container->image != NULL && g_str_has_suffix (container->image, suffix))
        done = TRUE;
    }

  reconcile_close (task, entry, done,
                   done ? _("Reconciled: the service runs the image.")
                        : _("Reconciled: the service does not run the image."));
}

static void
reconcile_service_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  ReconcileData *data = g_task_get_task_data (task);
  GantryJournalEntry *entry = g_ptr_array_index (data->unfinished, data->next);
  g_autoptr(GPtrArray) services = NULL;
  GantryAwsEcsService *service;
  GError *error = NULL;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services == NULL)
    {
      reconcile_skip (task, error);
      return;
    }
  if (services->len == 0)
    {
      reconcile_close (task, entry, FALSE, _("Reconciled: the service is gone."));
      return;
    }

  service = g_ptr_array_index (services, 0);
  gantry_aws_ecs_describe_task_definition_async (self->ecs, service->task_definition,
                                                 g_task_get_cancellable (task),
                                                 reconcile_task_definition_cb, task);
}

static void
reconcile_tag_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  ReconcileData *data = g_task_get_task_data (task);
  GantryJournalEntry *entry = g_ptr_array_index (data->unfinished, data->next);
  g_autoptr(GPtrArray) images = NULL;
  GError *error = NULL;
  GantryAwsEcrImageDetail *detail;
  gboolean done;

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if (images == NULL &&
      !gantry_aws_error_has_aws_code (error, GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND))
    {
      reconcile_skip (task, error);
      return;
    }
  g_clear_error (&error);

  detail = images != NULL && images->len > 0 ? g_ptr_array_index (images, 0) : NULL;
  done = detail != NULL && g_strcmp0 (detail->digest, entry->to_digest) == 0;
  reconcile_close (task, entry, done,
                   done ? _("Reconciled: ECR shows the tag on the digest.")
                        : _("Reconciled: ECR shows the tag elsewhere; the write did not land."));
}

static void
reconcile_next (GTask *task)
{
  GantryPromotion *self = g_task_get_source_object (task);
  ReconcileData *data = g_task_get_task_data (task);
  const char *here = gantry_aws_client_get_region (self->client);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  for (; data->next < data->unfinished->len; data->next++)
    {
      GantryJournalEntry *entry = g_ptr_array_index (data->unfinished, data->next);

      /* Only this account and region can answer for an entry. */
      if (g_strcmp0 (entry->region, here) != 0 ||
          (self->identity != NULL && g_strcmp0 (entry->account, self->identity->account) != 0) ||
          entry->to_digest == NULL || entry->repository == NULL)
        continue;

      if (entry->tag != NULL)
        {
          const char *refs[] = { entry->tag, NULL };

          gantry_aws_ecr_describe_images_async (self->ecr, entry->repository, refs, NULL, 0,
                                                g_task_get_cancellable (task), reconcile_tag_cb,
                                                task);
          return;
        }
      if (entry->service != NULL && entry->cluster != NULL)
        {
          const char *names[] = { entry->service, NULL };

          gantry_aws_ecs_describe_services_async (self->ecs, entry->cluster, names,
                                                  g_task_get_cancellable (task),
                                                  reconcile_service_cb, task);
          return;
        }
    }

  g_task_return_int (task, data->reconciled);
  g_object_unref (task);
}

static void
reconcile_identity_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  GantryAwsCallerIdentity *identity;
  g_autoptr(GError) error = NULL;

  identity = gantry_aws_sts_get_caller_identity_finish (GANTRY_AWS_STS (object), result, &error);
  if (identity == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_clear_pointer (&self->identity, gantry_aws_caller_identity_free);
  self->identity = identity;
  reconcile_next (task);
}

static void
reconcile_load_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GantryPromotion *self = g_task_get_source_object (task);
  ReconcileData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  data->entries = gantry_journal_load_finish (GANTRY_JOURNAL (object), result, &n_skipped,
                                              &error);
  if (data->entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  data->unfinished = gantry_journal_find_unfinished (data->entries);
  if (data->unfinished->len == 0)
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }

  /* The account decides which entries this client can answer for. */
  if (self->identity != NULL)
    {
      reconcile_next (task);
      return;
    }
  gantry_aws_sts_get_caller_identity_async (self->sts, g_task_get_cancellable (task),
                                            reconcile_identity_cb, task);
}

/**
 * gantry_promotion_reconcile_async:
 *
 * Settles the journal's `started` entries without an end, left by a crash
 * or a lost connection: for this account and region, reads ECR (does the
 * tag name the digest?) or ECS (does the service run it?) and appends
 * `done` or `failed`. An entry that cannot be checked now stays open.
 * Run it at start, before showing promotions.
 */
void
gantry_promotion_reconcile_async (GantryPromotion     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GANTRY_IS_PROMOTION (self));

  /* This chain passes one plain reference from step to step. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_promotion_reconcile_async);
  g_task_set_task_data (task, g_new0 (ReconcileData, 1), (GDestroyNotify) reconcile_data_free);
  gantry_journal_load_async (self->journal, cancellable, reconcile_load_cb, task);
}

/**
 * gantry_promotion_reconcile_finish:
 *
 * Returns: how many entries were settled
 */
guint
gantry_promotion_reconcile_finish (GantryPromotion  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}
