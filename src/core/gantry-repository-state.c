/* gantry-repository-state.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-repository-state"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-repository-state.h"

/* One repository as the Promotions page shows it: the candidate and latest
 * images side by side and what can be done about them. Immutable once
 * built: a reload makes new states, so a row never shows half-updated data. */

struct _GantryRepositoryState
{
  GObject                  parent_instance;

  char                    *name;
  char                    *candidate_tag;
  char                    *latest_tag;
  GantryRepositoryStatus   status;
  GantryAwsEcrRepository  *repository;
  GantryAwsEcrImageDetail *candidate;
  GantryAwsEcrImageDetail *latest;
  char                    *candidate_commit;
  char                    *latest_commit;
  GError                  *error;
};

G_DEFINE_FINAL_TYPE (GantryRepositoryState, gantry_repository_state, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GantryRepositoryStatus, gantry_repository_status,
                    G_DEFINE_ENUM_VALUE (GANTRY_REPOSITORY_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (GANTRY_REPOSITORY_STATUS_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (GANTRY_REPOSITORY_STATUS_CANDIDATE_READY, "candidate-ready"),
                    G_DEFINE_ENUM_VALUE (GANTRY_REPOSITORY_STATUS_NO_CANDIDATE, "no-candidate"),
                    G_DEFINE_ENUM_VALUE (GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE, "tags-immutable"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATUS,
  PROP_CANDIDATE_DIGEST,
  PROP_LATEST_DIGEST,
  PROP_CANDIDATE_COMMIT,
  PROP_LATEST_COMMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gantry_repository_status_to_string:
 *
 * Returns: the stable name used in `gantryctl candidates --format json`
 */
const char *
gantry_repository_status_to_string (GantryRepositoryStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GANTRY_TYPE_REPOSITORY_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  return value != NULL ? value->value_nick : "unknown";
}

static void
gantry_repository_state_finalize (GObject *object)
{
  GantryRepositoryState *self = (GantryRepositoryState *) object;

  g_free (self->name);
  g_free (self->candidate_tag);
  g_free (self->latest_tag);
  g_clear_pointer (&self->repository, gantry_aws_ecr_repository_free);
  g_clear_pointer (&self->candidate, gantry_aws_ecr_image_detail_free);
  g_clear_pointer (&self->latest, gantry_aws_ecr_image_detail_free);
  g_free (self->candidate_commit);
  g_free (self->latest_commit);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (gantry_repository_state_parent_class)->finalize (object);
}

static void
gantry_repository_state_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GantryRepositoryState *self = GANTRY_REPOSITORY_STATE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_CANDIDATE_DIGEST:
      g_value_set_string (value, gantry_repository_state_get_candidate_digest (self));
      break;
    case PROP_LATEST_DIGEST:
      g_value_set_string (value, gantry_repository_state_get_latest_digest (self));
      break;
    case PROP_CANDIDATE_COMMIT:
      g_value_set_string (value, self->candidate_commit);
      break;
    case PROP_LATEST_COMMIT:
      g_value_set_string (value, self->latest_commit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_repository_state_class_init (GantryRepositoryStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_repository_state_finalize;
  object_class->get_property = gantry_repository_state_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               GANTRY_TYPE_REPOSITORY_STATUS,
                                               GANTRY_REPOSITORY_STATUS_UNKNOWN, flags);
  properties[PROP_CANDIDATE_DIGEST] = g_param_spec_string ("candidate-digest", NULL, NULL, NULL,
                                                           flags);
  properties[PROP_LATEST_DIGEST] = g_param_spec_string ("latest-digest", NULL, NULL, NULL, flags);
  properties[PROP_CANDIDATE_COMMIT] = g_param_spec_string ("candidate-commit", NULL, NULL, NULL,
                                                           flags);
  properties[PROP_LATEST_COMMIT] = g_param_spec_string ("latest-commit", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_repository_state_init (GantryRepositoryState *self)
{
}

/**
 * gantry_repository_state_find_commit:
 * @detail: (nullable): an image
 * @candidate_tag: e.g. "prod-candidate"
 *
 * The pipeline tags each build `<candidate_tag>-<commit>` next to the
 * moving candidate tag, so the commit of any image that was once a
 * candidate can be read off its other tags.
 *
 * Returns: (transfer full) (nullable): the commit
 */
char *
gantry_repository_state_find_commit (GantryAwsEcrImageDetail *detail,
                                     const char              *candidate_tag)
{
  g_autofree char *prefix = NULL;

  if (detail == NULL || detail->tags == NULL || candidate_tag == NULL)
    return NULL;

  prefix = g_strconcat (candidate_tag, "-", NULL);
  for (guint i = 0; detail->tags[i] != NULL; i++)
    if (g_str_has_prefix (detail->tags[i], prefix) && detail->tags[i][strlen (prefix)] != '\0')
      return g_strdup (detail->tags[i] + strlen (prefix));

  return NULL;
}

static gboolean
matches_any_filter (GPtrArray  *filters,
                    const char *tag)
{
  for (guint i = 0; filters != NULL && i < filters->len; i++)
    {
      GantryAwsEcrTagFilter *filter = g_ptr_array_index (filters, i);

      /* ECR's WILDCARD filters only know '*', which GPatternSpec shares. */
      if (filter->filter != NULL && g_pattern_match_simple (filter->filter, tag))
        return TRUE;
    }
  return FALSE;
}

/**
 * gantry_repository_state_tag_can_move:
 * @repository: (nullable): the repository; %NULL if unknown (then assume yes
 *   and let PutImage say otherwise)
 * @tag: the tag a promotion moves, e.g. "prod-latest"
 *
 * Returns: whether ECR lets @tag point at another image
 */
gboolean
gantry_repository_state_tag_can_move (GantryAwsEcrRepository *repository,
                                      const char             *tag)
{
  if (repository == NULL)
    return TRUE;

  switch (repository->tag_mutability)
    {
    case GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE:
      return FALSE;
    case GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION:
      return matches_any_filter (repository->exclusion_filters, tag);
    case GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE_WITH_EXCLUSION:
      return !matches_any_filter (repository->exclusion_filters, tag);
    case GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE:
    case GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN:
    default:
      return TRUE;
    }
}

/**
 * gantry_repository_state_immutable_hint:
 *
 * The fix for immutable tags that keeps release tags immutable: exclude
 * exactly the two moving tags, not a wildcard that would let any tag move.
 *
 * Returns: (transfer full): an explanation with the AWS CLI command
 */
char *
gantry_repository_state_immutable_hint (const char *repository,
                                        const char *candidate_tag,
                                        const char *latest_tag)
{
  return g_strdup_printf (_("Tags in repository %s are immutable, so %s cannot move to a new "
                            "image. Keep release tags immutable and let only the promotion tags "
                            "move: set the tag mutability to IMMUTABLE_WITH_EXCLUSION with "
                            "exclusion filters for exactly %s and %s, e.g. “aws ecr "
                            "put-image-tag-mutability --repository-name %s "
                            "--image-tag-mutability IMMUTABLE_WITH_EXCLUSION "
                            "--image-tag-mutability-exclusion-filters "
                            "filterType=WILDCARD,filter=%s filterType=WILDCARD,filter=%s”."),
                          repository, latest_tag, candidate_tag, latest_tag, repository,
                          candidate_tag, latest_tag);
}

static GantryRepositoryState *
state_new (const char *name,
           const char *candidate_tag,
           const char *latest_tag)
{
  GantryRepositoryState *self = g_object_new (GANTRY_TYPE_REPOSITORY_STATE, NULL);

  self->name = g_strdup (name);
  self->candidate_tag = g_strdup (candidate_tag);
  self->latest_tag = g_strdup (latest_tag);
  return self;
}

/**
 * gantry_repository_state_new:
 * @repository: (nullable) (transfer full): the repository
 * @candidate: (nullable) (transfer full): the image the candidate tag names
 * @latest: (nullable) (transfer full): the image the latest tag names
 *
 * Returns: (transfer full): the state, with its status worked out
 */
GantryRepositoryState *
gantry_repository_state_new (const char              *name,
                             const char              *candidate_tag,
                             const char              *latest_tag,
                             GantryAwsEcrRepository  *repository,
                             GantryAwsEcrImageDetail *candidate,
                             GantryAwsEcrImageDetail *latest)
{
  GantryRepositoryState *self = state_new (name, candidate_tag, latest_tag);

  self->repository = repository;
  self->candidate = candidate;
  self->latest = latest;
  self->candidate_commit = gantry_repository_state_find_commit (candidate, candidate_tag);
  self->latest_commit = gantry_repository_state_find_commit (latest, candidate_tag);

  if (candidate == NULL)
    self->status = GANTRY_REPOSITORY_STATUS_NO_CANDIDATE;
  else if (latest != NULL && g_strcmp0 (candidate->digest, latest->digest) == 0)
    self->status = GANTRY_REPOSITORY_STATUS_UP_TO_DATE;
  /* A repository without the latest tag yet can still get it once. */
  else if (latest != NULL && !gantry_repository_state_tag_can_move (repository, latest_tag))
    self->status = GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE;
  else
    self->status = GANTRY_REPOSITORY_STATUS_CANDIDATE_READY;

  return self;
}

/**
 * gantry_repository_state_new_for_error:
 *
 * Returns: (transfer full): a state in %GANTRY_REPOSITORY_STATUS_UNKNOWN
 *   carrying why the repository could not be read
 */
GantryRepositoryState *
gantry_repository_state_new_for_error (const char   *name,
                                       const char   *candidate_tag,
                                       const char   *latest_tag,
                                       const GError *error)
{
  GantryRepositoryState *self = state_new (name, candidate_tag, latest_tag);

  self->status = GANTRY_REPOSITORY_STATUS_UNKNOWN;
  self->error = g_error_copy (error);
  return self;
}

const char *
gantry_repository_state_get_name (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->name;
}

GantryRepositoryStatus
gantry_repository_state_get_status (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), GANTRY_REPOSITORY_STATUS_UNKNOWN);
  return self->status;
}

const char *
gantry_repository_state_get_candidate_tag (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->candidate_tag;
}

const char *
gantry_repository_state_get_latest_tag (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->latest_tag;
}

/* Returns: (nullable): the repository (mutability, URI) */
GantryAwsEcrRepository *
gantry_repository_state_get_repository (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->repository;
}

/* Returns: (nullable): the candidate image: digest, tags, pushed-at, size, scan */
GantryAwsEcrImageDetail *
gantry_repository_state_get_candidate (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->candidate;
}

/* Returns: (nullable): the latest image */
GantryAwsEcrImageDetail *
gantry_repository_state_get_latest (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->latest;
}

const char *
gantry_repository_state_get_candidate_digest (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->candidate != NULL ? self->candidate->digest : NULL;
}

const char *
gantry_repository_state_get_latest_digest (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->latest != NULL ? self->latest->digest : NULL;
}

const char *
gantry_repository_state_get_candidate_commit (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->candidate_commit;
}

const char *
gantry_repository_state_get_latest_commit (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->latest_commit;
}

/* Returns: (nullable): why the state is %GANTRY_REPOSITORY_STATUS_UNKNOWN */
const GError *
gantry_repository_state_get_error (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);
  return self->error;
}

/**
 * gantry_repository_state_dup_fix_hint:
 *
 * Returns: (transfer full) (nullable): how to fix %GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE
 */
char *
gantry_repository_state_dup_fix_hint (GantryRepositoryState *self)
{
  g_return_val_if_fail (GANTRY_IS_REPOSITORY_STATE (self), NULL);

  if (self->status != GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE)
    return NULL;
  return gantry_repository_state_immutable_hint (self->name, self->candidate_tag,
                                                 self->latest_tag);
}
