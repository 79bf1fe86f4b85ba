/* gantry-history-entry.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the History timeline. GantryHistory keeps its entries in a
 * compact array and builds these objects only when a list view asks for an
 * item, so they are immutable snapshots that own their strings: one may
 * outlive a reload of the history it came from.
 */

#define G_LOG_DOMAIN "gantry-history"

#include "config.h"

#include "gantry-history-entry.h"
#include "gantry-history-private.h"

struct _GantryHistoryEntry
{
  GObject            parent_instance;

  GantryHistoryKind  kind;
  GDateTime         *time;
  char              *service;
  char              *repository;
  char              *from;
  char              *to;
  char              *actor;
  char              *outcome;
  char              *commit;
  char              *detail;
  guint              healthy : 1;
  guint              last_healthy : 1;
};

G_DEFINE_FINAL_TYPE (GantryHistoryEntry, gantry_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TIME,
  PROP_SERVICE,
  PROP_REPOSITORY,
  PROP_FROM,
  PROP_TO,
  PROP_ACTOR,
  PROP_OUTCOME,
  PROP_COMMIT,
  PROP_DETAIL,
  PROP_IS_LAST_HEALTHY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Counted so the list-model test can check that items are built lazily. */
static gint n_live;

static const char * const kind_names[] = {
  "deployment", "revision", "image", "promotion", "rollback", "cloudtrail", "event",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == GANTRY_HISTORY_N_KINDS);

GType
gantry_history_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { GANTRY_HISTORY_KIND_DEPLOYMENT, "GANTRY_HISTORY_KIND_DEPLOYMENT", "deployment" },
        { GANTRY_HISTORY_KIND_REVISION, "GANTRY_HISTORY_KIND_REVISION", "revision" },
        { GANTRY_HISTORY_KIND_IMAGE, "GANTRY_HISTORY_KIND_IMAGE", "image" },
        { GANTRY_HISTORY_KIND_PROMOTION, "GANTRY_HISTORY_KIND_PROMOTION", "promotion" },
        { GANTRY_HISTORY_KIND_ROLLBACK, "GANTRY_HISTORY_KIND_ROLLBACK", "rollback" },
        { GANTRY_HISTORY_KIND_CLOUDTRAIL, "GANTRY_HISTORY_KIND_CLOUDTRAIL", "cloudtrail" },
        { GANTRY_HISTORY_KIND_EVENT, "GANTRY_HISTORY_KIND_EVENT", "event" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("GantryHistoryKind"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * gantry_history_kind_to_string:
 *
 * Returns: the kind's name as `gantryctl history` prints it, e.g. "deployment"
 */
const char *
gantry_history_kind_to_string (GantryHistoryKind kind)
{
  g_return_val_if_fail ((guint) kind < GANTRY_HISTORY_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
gantry_history_kind_from_string (const char        *name,
                                 GantryHistoryKind *out_kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      {
        if (out_kind != NULL)
          *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
gantry_history_entry_finalize (GObject *object)
{
  GantryHistoryEntry *self = GANTRY_HISTORY_ENTRY (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->service);
  g_free (self->repository);
  g_free (self->from);
  g_free (self->to);
  g_free (self->actor);
  g_free (self->outcome);
  g_free (self->commit);
  g_free (self->detail);
  g_atomic_int_add (&n_live, -1);

  G_OBJECT_CLASS (gantry_history_entry_parent_class)->finalize (object);
}

static void
gantry_history_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GantryHistoryEntry *self = GANTRY_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_REPOSITORY:
      g_value_set_string (value, self->repository);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;
    case PROP_COMMIT:
      g_value_set_string (value, self->commit);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_IS_LAST_HEALTHY:
      g_value_set_boolean (value, self->last_healthy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_history_entry_class_init (GantryHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gantry_history_entry_finalize;
  object_class->get_property = gantry_history_entry_get_property;

  /* Read-only: an entry is a snapshot; list rows bind to these. */
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, GANTRY_TYPE_HISTORY_KIND,
                                             GANTRY_HISTORY_KIND_EVENT, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, flags);
  properties[PROP_REPOSITORY] = g_param_spec_string ("repository", NULL, NULL, NULL, flags);
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, flags);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME] = g_param_spec_string ("outcome", NULL, NULL, NULL, flags);
  properties[PROP_COMMIT] = g_param_spec_string ("commit", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_IS_LAST_HEALTHY] = g_param_spec_boolean ("is-last-healthy", NULL, NULL,
                                                           FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_history_entry_init (GantryHistoryEntry *self)
{
  g_atomic_int_inc (&n_live);
}

GantryHistoryEntry *
_gantry_history_entry_new (const GantryHistoryRecord *record,
                           gboolean                   is_last_healthy)
{
  GantryHistoryEntry *self = g_object_new (GANTRY_TYPE_HISTORY_ENTRY, NULL);

  self->kind = record->kind;
  self->time = record->time != NULL ? g_date_time_ref (record->time) : NULL;
  self->service = g_strdup (record->service);
  self->repository = g_strdup (record->repository);
  self->from = g_strdup (record->from);
  self->to = g_strdup (record->to);
  self->actor = g_strdup (record->actor);
  self->outcome = g_strdup (record->outcome);
  self->commit = g_strdup (record->commit);
  self->detail = g_strdup (record->detail);
  self->healthy = record->healthy;
  self->last_healthy = is_last_healthy;
  return self;
}

guint
_gantry_history_entry_get_n_live (void)
{
  return g_atomic_int_get (&n_live);
}

GantryHistoryKind
gantry_history_entry_get_kind (GantryHistoryEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), GANTRY_HISTORY_KIND_EVENT);
  return self->kind;
}

/**
 * gantry_history_entry_get_time:
 *
 * Returns: (transfer none) (nullable): when it happened (UTC), %NULL if the
 *   source did not say
 */
GDateTime *
gantry_history_entry_get_time (GantryHistoryEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), NULL);
  return self->time;
}

#define STRING_GETTER(field)                                        \
  const char *                                                      \
  gantry_history_entry_get_##field (GantryHistoryEntry *self)       \
  {                                                                 \
    g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), NULL);    \
    return self->field;                                             \
  }

/* Each (nullable): %NULL where the field does not apply to the kind. */
STRING_GETTER (service)
STRING_GETTER (repository)
STRING_GETTER (from)
STRING_GETTER (to)
STRING_GETTER (actor)
STRING_GETTER (outcome)
STRING_GETTER (commit)
STRING_GETTER (detail)

/**
 * gantry_history_entry_get_is_last_healthy:
 *
 * Returns: whether this is its service's newest deployment that reached
 *   COMPLETED and stayed PRIMARY without a circuit-breaker rollback
 */
gboolean
gantry_history_entry_get_is_last_healthy (GantryHistoryEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), FALSE);
  return self->last_healthy;
}

/**
 * gantry_history_entry_get_is_healthy:
 *
 * Returns: whether this deployment reached COMPLETED without being rolled back
 */
gboolean
gantry_history_entry_get_is_healthy (GantryHistoryEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), FALSE);
  return self->healthy;
}

/**
 * gantry_history_entry_can_roll_back_to:
 *
 * Returns: whether the entry names a target GantryRollback can plan for: a
 *   task-definition revision of a service, or an image digest of a repository
 */
gboolean
gantry_history_entry_can_roll_back_to (GantryHistoryEntry *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), FALSE);

  if (self->to == NULL)
    return FALSE;
  if (g_str_has_prefix (self->to, "sha256:"))
    return self->repository != NULL;
  return self->service != NULL &&
         (self->kind == GANTRY_HISTORY_KIND_REVISION ||
          self->kind == GANTRY_HISTORY_KIND_DEPLOYMENT);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * gantry_history_entry_to_json:
 *
 * The shape `gantryctl history --format json` prints: time (RFC 3339), kind,
 * service, repository, from, to, actor, outcome, commit, detail, with null
 * where a field does not apply.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gantry_history_entry_to_json (GantryHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *time = NULL;

  g_return_val_if_fail (GANTRY_IS_HISTORY_ENTRY (self), NULL);

  if (self->time != NULL)
    time = g_date_time_format_iso8601 (self->time);

  json_builder_begin_object (builder);
  add_nullable (builder, "time", time);
  add_nullable (builder, "kind", kind_names[self->kind]);
  add_nullable (builder, "service", self->service);
  add_nullable (builder, "repository", self->repository);
  add_nullable (builder, "from", self->from);
  add_nullable (builder, "to", self->to);
  add_nullable (builder, "actor", self->actor);
  add_nullable (builder, "outcome", self->outcome);
  add_nullable (builder, "commit", self->commit);
  add_nullable (builder, "detail", self->detail);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
