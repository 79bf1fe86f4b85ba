/* gantry-history.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The History timeline: ECS deployments and events, task-definition
 * revisions, ECR image pushes, Gantry's journal and CloudTrail, merged
 * newest first into one GListModel.
 *
 * A busy account has thousands of entries, and a GObject per entry costs far
 * more than the entry itself. So the merged timeline is a compact array of
 * plain records whose strings live (deduplicated) in one GStringChunk, and a
 * GantryHistoryEntry is built only when a list view asks for that position.
 * Built entries are cached weakly: the same position gives the same object
 * while someone holds it, and nothing is kept once the view lets go.
 *
 * Filtering is part of the model (an index array over the records), so the
 * UI needs no GtkFilterListModel walking 10,000 objects to filter them.
 */

#define G_LOG_DOMAIN "gantry-history"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "aws/gantry-aws-cloudtrail.h"
#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs-deployments.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "gantry-error.h"
#include "gantry-history-private.h"
#include "gantry-history.h"

#define COMMIT_TAG_PREFIX "prod-candidate-"
#define NO_TIME G_MININT64

typedef struct
{
  gint64      time;
  const char *service;
  const char *repository;
  const char *from;
  const char *to;
  const char *actor;
  const char *outcome;
  const char *commit;
  const char *detail;
  guint32     seq;
  guint8      kind;
  guint8      healthy : 1;
  guint8      last_healthy : 1;
} Record;

typedef struct
{
  GantryHistory      *self;
  GantryHistoryEntry *entry;
  guint               position;
} CacheSlot;

struct _GantryHistory
{
  GObject          parent_instance;

  GantryAwsClient *client;
  GantryJournal   *journal;
  char            *cluster;
  GStrv            services;
  GStrv            repositories;
  char            *latest_tag;
  gboolean         use_cloudtrail;

  GArray          *records;    /* (element-type Record), newest first */
  GStringChunk    *strings;
  guint32          next_seq;
  GArray          *visible;    /* (element-type guint) indices into records; NULL: all */
  GHashTable      *cache;      /* position → CacheSlot */
  GPtrArray       *sources;    /* (element-type GantryHistorySource) */
  gboolean         loading;

  char            *filter_service;
  char            *filter_repository;
  char            *filter_outcome;
  char            *filter_search;
};

static void gantry_history_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GantryHistory, gantry_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      gantry_history_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const source_state_names[] = { "read", "skipped", "failed" };

const char *
gantry_history_source_state_to_string (GantryHistorySourceState state)
{
  g_return_val_if_fail (state <= GANTRY_HISTORY_SOURCE_FAILED, NULL);
  return source_state_names[state];
}

static void
source_free (GantryHistorySource *source)
{
  g_free (source->id);
  g_free (source->reason);
  g_free (source);
}

/* Cache of built entries */

static void
cache_weak_notify (gpointer  user_data,
                   GObject  *where_the_object_was)
{
  CacheSlot *slot = user_data;

  /* Removing the slot frees it (the table's value destroy function). */
  g_hash_table_remove (slot->self->cache, GUINT_TO_POINTER (slot->position));
}

static void
cache_slot_free (CacheSlot *slot)
{
  g_free (slot);
}

static void
cache_clear (GantryHistory *self)
{
  GHashTableIter iter;
  CacheSlot *slot;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
    g_object_weak_unref (G_OBJECT (slot->entry), cache_weak_notify, slot);
  g_hash_table_remove_all (self->cache);
}

/* GListModel */

static guint
n_visible (GantryHistory *self)
{
  return self->visible != NULL ? self->visible->len : self->records->len;
}

static Record *
visible_record (GantryHistory *self,
                guint          position)
{
  guint index = self->visible != NULL ? g_array_index (self->visible, guint, position) : position;

  return &g_array_index (self->records, Record, index);
}

/* GLib 2.74 lacks the _usec variants of these. */
static gint64
time_to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static GDateTime *
time_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return seconds != NULL ? g_date_time_add (seconds, usec % G_USEC_PER_SEC) : NULL;
}

static void
record_to_public (const Record        *record,
                  GantryHistoryRecord *out)
{
  out->kind = record->kind;
  out->time = record->time != NO_TIME ? time_from_usec (record->time) : NULL;
  out->service = record->service;
  out->repository = record->repository;
  out->from = record->from;
  out->to = record->to;
  out->actor = record->actor;
  out->outcome = record->outcome;
  out->commit = record->commit;
  out->detail = record->detail;
  out->healthy = record->healthy;
}

static GantryHistoryEntry *
build_entry (const Record *record)
{
  GantryHistoryRecord pub;
  GantryHistoryEntry *entry;

  record_to_public (record, &pub);
  entry = _gantry_history_entry_new (&pub, record->last_healthy);
  g_clear_pointer (&pub.time, g_date_time_unref);
  return entry;
}

static GType
gantry_history_get_item_type (GListModel *model)
{
  return GANTRY_TYPE_HISTORY_ENTRY;
}

static guint
gantry_history_get_n_items (GListModel *model)
{
  return n_visible (GANTRY_HISTORY (model));
}

static gpointer
gantry_history_get_item (GListModel *model,
                         guint       position)
{
  GantryHistory *self = GANTRY_HISTORY (model);
  CacheSlot *slot;

  if (position >= n_visible (self))
    return NULL;

  slot = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot->entry);

  slot = g_new0 (CacheSlot, 1);
  slot->self = self;
  slot->position = position;
  slot->entry = build_entry (visible_record (self, position));
  g_object_weak_ref (G_OBJECT (slot->entry), cache_weak_notify, slot);
  g_hash_table_insert (self->cache, GUINT_TO_POINTER (position), slot);
  return slot->entry;
}

static void
gantry_history_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gantry_history_get_item_type;
  iface->get_n_items = gantry_history_get_n_items;
  iface->get_item = gantry_history_get_item;
}

/* GObject */

static void
gantry_history_dispose (GObject *object)
{
  GantryHistory *self = GANTRY_HISTORY (object);

  if (self->cache != NULL)
    cache_clear (self);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (gantry_history_parent_class)->dispose (object);
}

static void
gantry_history_finalize (GObject *object)
{
  GantryHistory *self = GANTRY_HISTORY (object);

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->visible, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_free (self->cluster);
  g_strfreev (self->services);
  g_strfreev (self->repositories);
  g_free (self->latest_tag);
  g_free (self->filter_service);
  g_free (self->filter_repository);
  g_free (self->filter_outcome);
  g_free (self->filter_search);

  G_OBJECT_CLASS (gantry_history_parent_class)->finalize (object);
}

static void
gantry_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GantryHistory *self = GANTRY_HISTORY (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, n_visible (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_history_class_init (GantryHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gantry_history_dispose;
  object_class->finalize = gantry_history_finalize;
  object_class->get_property = gantry_history_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gantry_history_init (GantryHistory *self)
{
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  self->strings = g_string_chunk_new (64 * 1024);
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) cache_slot_free);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->latest_tag = g_strdup (GANTRY_ENVIRONMENT_DEFAULT_LATEST_TAG);
  self->use_cloudtrail = TRUE;
}

/**
 * gantry_history_new:
 * @client: (nullable): the AWS client the sources are read with; %NULL for
 *   a history filled only with gantry_history_add_records()
 * @journal: (nullable): Gantry's journal, or %NULL to leave it out
 *
 * Returns: (transfer full): an empty history
 */
GantryHistory *
gantry_history_new (GantryAwsClient *client,
                    GantryJournal   *journal)
{
  GantryHistory *self;

  g_return_val_if_fail (client == NULL || GANTRY_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (journal == NULL || GANTRY_IS_JOURNAL (journal), NULL);

  self = g_object_new (GANTRY_TYPE_HISTORY, NULL);
  g_set_object (&self->client, client);
  g_set_object (&self->journal, journal);
  return self;
}

/**
 * gantry_history_set_environment:
 *
 * Takes the cluster, the repositories and the latest tag from @environment.
 */
void
gantry_history_set_environment (GantryHistory     *self,
                                GantryEnvironment *environment)
{
  const char * const *repositories;

  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_return_if_fail (GANTRY_IS_ENVIRONMENT (environment));

  gantry_history_set_cluster (self, gantry_environment_get_cluster (environment));
  repositories = gantry_environment_get_repositories (environment);
  if (repositories != NULL && repositories[0] != NULL)
    gantry_history_set_repositories (self, repositories);
  g_free (self->latest_tag);
  self->latest_tag = g_strdup (gantry_environment_get_latest_tag (environment));
}

const char *
gantry_history_get_cluster (GantryHistory *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), NULL);
  return self->cluster;
}

/**
 * gantry_history_set_cluster:
 * @cluster: (nullable): the ECS cluster; %NULL for "default"
 */
void
gantry_history_set_cluster (GantryHistory *self,
                            const char    *cluster)
{
  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_free (self->cluster);
  self->cluster = g_strdup (cluster);
}

/**
 * gantry_history_set_services:
 * @services: (nullable) (array zero-terminated=1): service names; %NULL for
 *   every service of the cluster
 */
void
gantry_history_set_services (GantryHistory      *self,
                             const char * const *services)
{
  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_strfreev (self->services);
  self->services = services != NULL && services[0] != NULL ? g_strdupv ((GStrv) services) : NULL;
}

/**
 * gantry_history_set_repositories:
 * @repositories: (nullable) (array zero-terminated=1): ECR repository names;
 *   %NULL for the repositories the services' task definitions pull from
 */
void
gantry_history_set_repositories (GantryHistory      *self,
                                 const char * const *repositories)
{
  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_strfreev (self->repositories);
  self->repositories = repositories != NULL && repositories[0] != NULL
                       ? g_strdupv ((GStrv) repositories) : NULL;
}

/**
 * gantry_history_set_use_cloudtrail:
 *
 * CloudTrail is read by default; LookupEvents is slow (two requests a
 * second) and a caller that only wants the ECS and ECR view can leave it out.
 */
void
gantry_history_set_use_cloudtrail (GantryHistory *self,
                                   gboolean       use_cloudtrail)
{
  g_return_if_fail (GANTRY_IS_HISTORY (self));
  self->use_cloudtrail = !!use_cloudtrail;
}

gboolean
gantry_history_get_loading (GantryHistory *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), FALSE);
  return self->loading;
}

/**
 * gantry_history_get_sources:
 *
 * Returns: (transfer none) (element-type GantryHistorySource): what each
 *   source did in the last load, in a fixed order; empty before the first
 */
GPtrArray *
gantry_history_get_sources (GantryHistory *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), NULL);
  return self->sources;
}

guint
gantry_history_get_n_total (GantryHistory *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), 0);
  return self->records->len;
}

/**
 * gantry_history_get_n_materialized:
 *
 * Returns: how many entry objects of this model are alive: the list builds
 *   them on demand, so this stays near the number of visible rows
 */
guint
gantry_history_get_n_materialized (GantryHistory *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), 0);
  return g_hash_table_size (self->cache);
}

/* Records, filter, last healthy */

static const char *
intern (GantryHistory *self,
        const char    *text)
{
  return text != NULL ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

/* "family:12" before "family:9": higher revisions are newer. */
static int
compare_targets (const char *a,
                 const char *b)
{
  const char *ca = a ? strrchr (a, ':') : NULL;
  const char *cb = b ? strrchr (b, ':') : NULL;

  if (ca != NULL && cb != NULL && ca - a == cb - b && strncmp (a, b, ca - a) == 0 &&
      g_ascii_isdigit (ca[1]) && g_ascii_isdigit (cb[1]))
    {
      guint64 na = g_ascii_strtoull (ca + 1, NULL, 10);
      guint64 nb = g_ascii_strtoull (cb + 1, NULL, 10);

      if (na != nb)
        return na > nb ? -1 : 1;
    }
  return g_strcmp0 (a, b);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const Record *ra = a;
  const Record *rb = b;
  int cmp;

  /* Newest first. Sources answer concurrently, so entries with equal times
   * (or none, as emulators give) are ordered by their content, not by
   * arrival, to keep the output the same from one load to the next. */
  if (ra->time != rb->time)
    return ra->time > rb->time ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  if ((cmp = g_strcmp0 (ra->service, rb->service)) != 0 ||
      (cmp = g_strcmp0 (ra->repository, rb->repository)) != 0 ||
      (cmp = compare_targets (ra->to, rb->to)) != 0 ||
      (cmp = g_strcmp0 (ra->detail, rb->detail)) != 0)
    return cmp;
  return ra->seq < rb->seq ? -1 : ra->seq > rb->seq;
}

/* "Last healthy": per service, the newest deployment that reached COMPLETED
 * and stayed PRIMARY without a circuit-breaker rollback. */
static void
mark_last_healthy (GantryHistory *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->records->len; i++)
    {
      Record *record = &g_array_index (self->records, Record, i);

      record->last_healthy = FALSE;
      if (record->kind != GANTRY_HISTORY_KIND_DEPLOYMENT || !record->healthy ||
          record->service == NULL || g_hash_table_contains (seen, record->service))
        continue;
      /* Interned strings compare by pointer. */
      g_hash_table_add (seen, (gpointer) record->service);
      record->last_healthy = TRUE;
    }
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  gsize n = strlen (needle);

  if (haystack == NULL)
    return FALSE;
  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
filter_matches (GantryHistory *self,
                const Record  *record)
{
  if (self->filter_service != NULL && g_strcmp0 (record->service, self->filter_service) != 0)
    return FALSE;
  if (self->filter_repository != NULL &&
      g_strcmp0 (record->repository, self->filter_repository) != 0)
    return FALSE;
  if (self->filter_outcome != NULL && g_strcmp0 (record->outcome, self->filter_outcome) != 0)
    return FALSE;
  if (self->filter_search != NULL &&
      !contains_ci (record->from, self->filter_search) &&
      !contains_ci (record->to, self->filter_search) &&
      !contains_ci (record->commit, self->filter_search))
    return FALSE;
  return TRUE;
}

static gboolean
has_filter (GantryHistory *self)
{
  return self->filter_service != NULL || self->filter_repository != NULL ||
         self->filter_outcome != NULL || self->filter_search != NULL;
}

static void
rebuild_visible (GantryHistory *self)
{
  g_clear_pointer (&self->visible, g_array_unref);
  if (!has_filter (self))
    return;

  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->records->len; i++)
    if (filter_matches (self, &g_array_index (self->records, Record, i)))
      g_array_append_val (self->visible, i);
}

/* Positions change on any reorder or filter: every row is replaced. */
static void
replace_all (GantryHistory *self,
             guint          old_n)
{
  guint new_n;

  cache_clear (self);
  rebuild_visible (self);
  new_n = n_visible (self);
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * gantry_history_add_records:
 * @records: (array length=n_records): the entries to add
 *
 * Adds entries to the timeline (copying them) and re-sorts it newest first.
 */
void
gantry_history_add_records (GantryHistory             *self,
                            const GantryHistoryRecord *records,
                            guint                      n_records)
{
  guint old_n;

  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_return_if_fail (records != NULL || n_records == 0);

  old_n = n_visible (self);
  g_array_set_size (self->records, self->records->len);
  for (guint i = 0; i < n_records; i++)
    {
      const GantryHistoryRecord *in = &records[i];
      Record record = { 0 };

      g_return_if_fail ((guint) in->kind < GANTRY_HISTORY_N_KINDS);

      record.time = in->time != NULL ? time_to_usec (in->time) : NO_TIME;
      record.kind = in->kind;
      record.service = intern (self, in->service);
      record.repository = intern (self, in->repository);
      record.from = intern (self, in->from);
      record.to = intern (self, in->to);
      record.actor = intern (self, in->actor);
      record.outcome = intern (self, in->outcome);
      record.commit = intern (self, in->commit);
      record.detail = intern (self, in->detail);
      record.healthy = !!in->healthy;
      record.seq = self->next_seq++;
      g_array_append_val (self->records, record);
    }

  g_array_sort (self->records, compare_records);
  mark_last_healthy (self);
  replace_all (self, old_n);
}

/**
 * gantry_history_clear:
 *
 * Removes every entry.
 */
void
gantry_history_clear (GantryHistory *self)
{
  guint old_n;

  g_return_if_fail (GANTRY_IS_HISTORY (self));

  old_n = n_visible (self);
  g_array_set_size (self->records, 0);
  /* Entries own copies of their strings, so the chunk can go. */
  g_string_chunk_clear (self->strings);
  self->next_seq = 0;
  replace_all (self, old_n);
}

static void
set_filter_string (char       **field,
                   const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/**
 * gantry_history_set_filter:
 * @filter: (nullable): what to show; %NULL shows everything
 *
 * Narrows the model to the matching entries (the model's items change);
 * gantry_history_get_n_total() still counts all.
 */
void
gantry_history_set_filter (GantryHistory             *self,
                           const GantryHistoryFilter *filter)
{
  guint old_n;

  g_return_if_fail (GANTRY_IS_HISTORY (self));

  old_n = n_visible (self);
  set_filter_string (&self->filter_service, filter ? filter->service : NULL);
  set_filter_string (&self->filter_repository, filter ? filter->repository : NULL);
  set_filter_string (&self->filter_outcome, filter ? filter->outcome : NULL);
  set_filter_string (&self->filter_search, filter ? filter->search : NULL);
  replace_all (self, old_n);
}

/**
 * gantry_history_dup_last_healthy:
 * @service: the service name
 *
 * Looks through all entries, whatever the filter.
 *
 * Returns: (transfer full) (nullable): the service's last healthy deployment
 */
GantryHistoryEntry *
gantry_history_dup_last_healthy (GantryHistory *self,
                                 const char    *service)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  for (guint i = 0; i < self->records->len; i++)
    {
      const Record *record = &g_array_index (self->records, Record, i);

      if (record->last_healthy && g_strcmp0 (record->service, service) == 0)
        return build_entry (record);
    }
  return NULL;
}

/* Export */

/**
 * gantry_history_to_json:
 * @limit: at most this many entries, 0 for all
 *
 * Returns: (transfer full): a JSON array of the shown entries, newest first,
 *   each as gantry_history_entry_to_json() makes it
 */
JsonNode *
gantry_history_to_json (GantryHistory *self,
                        guint          limit)
{
  g_autoptr(JsonArray) array = json_array_new ();
  guint n;

  g_return_val_if_fail (GANTRY_IS_HISTORY (self), NULL);

  n = n_visible (self);
  if (limit > 0)
    n = MIN (n, limit);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryHistoryEntry) entry = build_entry (visible_record (self, i));

      json_array_add_element (array, gantry_history_entry_to_json (entry));
    }

  return json_node_init_array (json_node_alloc (), array);
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value != NULL)
    {
      /* RFC 4180: quote fields with separators, quotes or line breaks. A
       * leading =, +, - or @ would be run as a formula by spreadsheets, so
       * such a field gets a leading quote mark inside the quotes. */
      gboolean formula = strchr ("=+-@", value[0]) != NULL && value[0] != '\0';

      if (formula || strpbrk (value, ",\"\r\n") != NULL)
        {
          g_string_append_c (out, '"');
          if (formula)
            g_string_append_c (out, '\'');
          for (const char *p = value; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        {
          g_string_append (out, value);
        }
    }
  g_string_append (out, last ? "\r\n" : ",");
}

/**
 * gantry_history_to_csv:
 * @limit: at most this many entries, 0 for all
 *
 * Returns: (transfer full): the shown entries as CSV (RFC 4180, with a
 *   header line), the same columns as gantry_history_to_json()
 */
char *
gantry_history_to_csv (GantryHistory *self,
                       guint          limit)
{
  GString *out = g_string_new ("time,kind,service,repository,from,to,actor,outcome,commit,detail\r\n");
  guint n;

  g_return_val_if_fail (GANTRY_IS_HISTORY (self), NULL);

  n = n_visible (self);
  if (limit > 0)
    n = MIN (n, limit);
  for (guint i = 0; i < n; i++)
    {
      const Record *record = visible_record (self, i);
      g_autofree char *time = NULL;

      if (record->time != NO_TIME)
        {
          g_autoptr(GDateTime) dt = time_from_usec (record->time);

          time = g_date_time_format_iso8601 (dt);
        }
      csv_field (out, time, FALSE);
      csv_field (out, gantry_history_kind_to_string (record->kind), FALSE);
      csv_field (out, record->service, FALSE);
      csv_field (out, record->repository, FALSE);
      csv_field (out, record->from, FALSE);
      csv_field (out, record->to, FALSE);
      csv_field (out, record->actor, FALSE);
      csv_field (out, record->outcome, FALSE);
      csv_field (out, record->commit, FALSE);
      csv_field (out, record->detail, TRUE);
    }

  return g_string_free (out, FALSE);
}

/* Helpers shared with the sources */

/**
 * _gantry_history_short_task_definition:
 * @arn: (nullable): "arn:aws:ecs:…:task-definition/family:7", or already "family:7"
 *
 * Returns: (transfer full) (nullable): "family:7"
 */
char *
_gantry_history_short_task_definition (const char *arn)
{
  const char *slash;

  if (arn == NULL)
    return NULL;
  slash = strrchr (arn, '/');
  return g_strdup (slash != NULL ? slash + 1 : arn);
}

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

static const char *
last_component (const char *arn)
{
  const char *slash = arn != NULL ? strrchr (arn, '/') : NULL;

  return slash != NULL ? slash + 1 : arn;
}

static char *
lower_dashed (const char *text)
{
  char *lower;

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (text, -1);
  g_strdelimit (lower, "_", '-');
  return lower;
}

static const char *
commit_of_tags (const char * const *tags)
{
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (g_str_has_prefix (tags[i], COMMIT_TAG_PREFIX) && tags[i][strlen (COMMIT_TAG_PREFIX)] != '\0')
      return tags[i] + strlen (COMMIT_TAG_PREFIX);
  return NULL;
}

/* "…dkr.ecr.REGION.amazonaws.com/REPO@sha256:…" or "…/REPO:tag" → REPO.
 * Images outside ECR (Docker Hub, another registry) give %NULL. */
static char *
ecr_repository_of_image (const char  *image,
                         char       **out_digest)
{
  const char *slash, *end;

  if (out_digest != NULL)
    *out_digest = NULL;
  if (image == NULL || strstr (image, ".dkr.ecr.") == NULL)
    return NULL;
  slash = strchr (image, '/');
  if (slash == NULL)
    return NULL;
  end = strchr (slash, '@');
  if (end != NULL)
    {
      if (out_digest != NULL)
        *out_digest = g_strdup (end + 1);
    }
  else
    {
      end = strrchr (slash, ':');
      if (end == NULL)
        end = slash + strlen (slash);
    }
  return g_strndup (slash + 1, end - slash - 1);
}

/* Loading */

typedef struct
{
  GantryAwsEcs        *ecs;
  GantryAwsEcr        *ecr;
  GantryAwsCloudtrail *cloudtrail;
  char                *cluster;

  guint                pending;
  GError              *fatal;

  GStringChunk        *chunk;
  GArray              *records;          /* GantryHistoryRecord, strings in chunk */
  GArray              *fallback;         /* DescribeServices deployments */
  GPtrArray           *trail_events;     /* GantryAwsCloudtrailEvent */
  GHashTable          *services;         /* name → current task-definition ARN */
  GHashTable          *families;         /* family → service name */
  GHashTable          *repositories;     /* name set */
  GHashTable          *with_deployments; /* services ListServiceDeployments covered */
  GHashTable          *digest_commits;   /* digest → commit */
  GHashTable          *td_digests;       /* "family:rev" → first image digest */
  gboolean             derive_repositories;
  GPtrArray           *sources;
} LoadData;

static void
load_data_free (LoadData *data)
{
  for (guint i = 0; i < data->records->len; i++)
    g_clear_pointer (&g_array_index (data->records, GantryHistoryRecord, i).time,
                     g_date_time_unref);
  for (guint i = 0; i < data->fallback->len; i++)
    g_clear_pointer (&g_array_index (data->fallback, GantryHistoryRecord, i).time,
                     g_date_time_unref);
  g_array_unref (data->records);
  g_array_unref (data->fallback);
  g_string_chunk_free (data->chunk);
  g_ptr_array_unref (data->trail_events);
  g_hash_table_unref (data->services);
  g_hash_table_unref (data->families);
  g_hash_table_unref (data->repositories);
  g_hash_table_unref (data->with_deployments);
  g_hash_table_unref (data->digest_commits);
  g_hash_table_unref (data->td_digests);
  g_clear_pointer (&data->sources, g_ptr_array_unref);
  g_clear_object (&data->ecs);
  g_clear_object (&data->ecr);
  g_clear_object (&data->cloudtrail);
  g_clear_error (&data->fatal);
  g_free (data->cluster);
  g_free (data);
}

static const char *
load_intern (LoadData   *data,
             const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (data->chunk, text) : NULL;
}

/* Copies @record's strings into the load's chunk and takes a ref on its time. */
static void
load_add_to (LoadData                  *data,
             GArray                    *array,
             const GantryHistoryRecord *record)
{
  GantryHistoryRecord copy = *record;

  copy.time = record->time != NULL ? g_date_time_ref (record->time) : NULL;
  copy.service = load_intern (data, record->service);
  copy.repository = load_intern (data, record->repository);
  copy.from = load_intern (data, record->from);
  copy.to = load_intern (data, record->to);
  copy.actor = load_intern (data, record->actor);
  copy.outcome = load_intern (data, record->outcome);
  copy.commit = load_intern (data, record->commit);
  copy.detail = load_intern (data, record->detail);
  g_array_append_val (array, copy);
}

static void
load_add (LoadData                  *data,
          const char                *source_id,
          const GantryHistoryRecord *record)
{
  load_add_to (data, data->records, record);
  for (guint i = 0; i < data->sources->len; i++)
    {
      GantryHistorySource *source = g_ptr_array_index (data->sources, i);

      if (g_str_equal (source->id, source_id))
        source->n_entries++;
    }
}

static GantryHistorySource *
find_source (LoadData   *data,
             const char *id)
{
  for (guint i = 0; i < data->sources->len; i++)
    {
      GantryHistorySource *source = g_ptr_array_index (data->sources, i);

      if (g_str_equal (source->id, id))
        return source;
    }
  g_return_val_if_reached (NULL);
}

static void
source_skip (LoadData   *data,
             const char *id,
             const char *reason)
{
  GantryHistorySource *source = find_source (data, id);

  if (source->state != GANTRY_HISTORY_SOURCE_READ)
    return;
  source->state = GANTRY_HISTORY_SOURCE_SKIPPED;
  source->reason = g_strdup (reason);
}

static gboolean
is_fatal (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH) ||
         g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NETWORK) ||
         g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
}

/* An endpoint without the action (moto's not-implemented page is
 * NOT_AVAILABLE) or access denied means "skip and say so". An AWS
 * InternalFailure that outlasted the retries is a failure: the source
 * exists, its entries are missing. */
static gboolean
is_unavailable (const GError *error)
{
  return g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_NOT_AVAILABLE) ||
         g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
}

/* A failed source never fails the load, except for errors that would fail
 * every source alike (credentials, network, cancellation). */
static void
source_error (LoadData     *data,
              const char   *id,
              const GError *error)
{
  GantryHistorySource *source = find_source (data, id);

  if (is_fatal (error))
    {
      if (data->fatal == NULL)
        data->fatal = g_error_copy (error);
      return;
    }

  if (source->state == GANTRY_HISTORY_SOURCE_FAILED)
    return;
  if (is_unavailable (error))
    {
      if (source->state == GANTRY_HISTORY_SOURCE_SKIPPED)
        return;
      source->state = GANTRY_HISTORY_SOURCE_SKIPPED;
    }
  else
    {
      source->state = GANTRY_HISTORY_SOURCE_FAILED;
    }
  g_free (source->reason);
  source->reason = g_strdup (error->message);
  g_debug ("History source %s: %s", id, error->message);
}

static void load_finish_if_done (GTask *task);

/* Each source step holds one "pending" count and a ref on the task. */
static GTask *
step_begin (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);

  data->pending++;
  return g_object_ref (task);
}

static void
step_end (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);

  g_assert (data->pending > 0);
  data->pending--;
  load_finish_if_done (task);
}

/* Journal */

static void
add_journal_entries (LoadData  *data,
                     GPtrArray *lines)
{
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  GantryJournalEntry *started;

  /* One entry per operation: its first line's time, its last line's state. */
  for (guint i = 0; i < lines->len; i++)
    {
      GantryJournalEntry *line = g_ptr_array_index (lines, i);

      if (!g_hash_table_contains (first, line->id))
        g_hash_table_insert (first, line->id, line);
      g_hash_table_insert (last, line->id, line);
    }

  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &started))
    {
      GantryJournalEntry *end = g_hash_table_lookup (last, started->id);
      GantryHistoryRecord record = { 0 };
      g_autofree char *to = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *service = NULL;

      record.kind = g_strcmp0 (started->kind, "rollback") == 0
                    ? GANTRY_HISTORY_KIND_ROLLBACK : GANTRY_HISTORY_KIND_PROMOTION;
      record.time = started->time;
      record.repository = end->repository;
      service = g_strdup (last_component (end->service));
      record.service = service;
      record.actor = end->identity_arn;
      record.outcome = gantry_journal_state_to_string (end->state);
      record.commit = end->commit;
      if (end->to_digest != NULL)
        {
          record.from = end->from_digest;
          record.to = end->to_digest;
        }
      else
        {
          to = _gantry_history_short_task_definition (end->task_definition);
          record.to = to;
        }
      if (end->message != NULL)
        detail = g_strdup (end->message);
      else if (end->tag != NULL)
        detail = g_strdup_printf (_("Tag %s"), end->tag);
      record.detail = detail;
      load_add (data, GANTRY_HISTORY_SOURCE_JOURNAL, &record);
    }
}

static void
journal_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  lines = gantry_journal_load_finish (GANTRY_JOURNAL (object), result, &n_skipped, &error);
  if (lines == NULL)
    source_error (data, GANTRY_HISTORY_SOURCE_JOURNAL, error);
  else
    add_journal_entries (data, lines);

  step_end (task);
}

/* ECR images */

static void
images_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  images = gantry_aws_ecr_describe_images_finish (GANTRY_AWS_ECR (object), result, &error);
  if (images == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECR_IMAGES, error);
      step_end (task);
      return;
    }

  for (guint i = 0; i < images->len; i++)
    {
      GantryAwsEcrImageDetail *image = g_ptr_array_index (images, i);
      GantryHistoryRecord record = { 0 };
      g_autofree char *tags = NULL;
      g_autofree char *detail = NULL;
      const char *commit = commit_of_tags ((const char * const *) image->tags);

      if (commit != NULL)
        g_hash_table_insert (data->digest_commits, g_strdup (image->digest), g_strdup (commit));

      tags = g_strjoinv (", ", image->tags);
      if (image->tags[0] != NULL)
        detail = g_strdup_printf (_("Tags: %s"), tags);
      else
        detail = g_strdup (_("Untagged"));

      record.kind = GANTRY_HISTORY_KIND_IMAGE;
      record.time = image->pushed_at;
      record.repository = image->repository_name;
      record.to = image->digest;
      record.outcome = "pushed";
      record.commit = commit;
      record.detail = detail;
      load_add (data, GANTRY_HISTORY_SOURCE_ECR_IMAGES, &record);
    }

  step_end (task);
}

static void
start_images (GTask      *task,
              const char *repository)
{
  LoadData *data = g_task_get_task_data (task);

  if (!g_hash_table_add (data->repositories, g_strdup (repository)))
    return;

  gantry_aws_ecr_describe_images_async (data->ecr, repository, NULL, NULL, 0,
                                        g_task_get_cancellable (task), images_cb,
                                        step_begin (task));
}

/* ECS task-definition revisions */

static void
task_definition_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GString) images = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *short_name = NULL;
  g_autofree char *outcome = NULL;
  GantryHistoryRecord record = { 0 };
  const char *service;
  gboolean current = FALSE;

  td = gantry_aws_ecs_describe_task_definition_finish (GANTRY_AWS_ECS (object), result, &error);
  if (td == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS, error);
      step_end (task);
      return;
    }

  service = g_hash_table_lookup (data->families, td->family);
  if (service != NULL)
    current = g_strcmp0 (g_hash_table_lookup (data->services, service), td->arn) == 0;
  short_name = g_strdup_printf ("%s:%" G_GINT64_FORMAT, td->family, td->revision);

  for (guint i = 0; i < td->containers->len; i++)
    {
      GantryAwsEcsContainer *container = g_ptr_array_index (td->containers, i);
      g_autofree char *digest = NULL;
      g_autofree char *repository = ecr_repository_of_image (container->image, &digest);

      g_string_append_printf (images, "%s%s=%s", i > 0 ? ", " : "",
                              container->name, container->image ? container->image : "");
      if (digest != NULL && !g_hash_table_contains (data->td_digests, short_name))
        g_hash_table_insert (data->td_digests, g_strdup (short_name), g_strdup (digest));
      /* Without configured repositories, the history covers the ones the
       * services run from. */
      if (repository != NULL && current && data->derive_repositories)
        start_images (task, repository);
    }

  outcome = lower_dashed (td->status);
  record.kind = GANTRY_HISTORY_KIND_REVISION;
  record.time = td->registered_at;
  record.service = service;
  record.to = short_name;
  record.actor = td->registered_by;
  record.outcome = outcome;
  record.detail = images->str;
  load_add (data, GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS, &record);

  step_end (task);
}

static void
list_task_definitions_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  arns = gantry_aws_ecs_list_task_definitions_finish (GANTRY_AWS_ECS (object), result, &error);
  if (arns == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS, error);
      step_end (task);
      return;
    }

  for (guint i = 0; arns[i] != NULL; i++)
    {
      g_autofree char *family = family_of (arns[i]);

      /* familyPrefix also matches "prod-api-worker" for "prod-api". */
      if (!g_hash_table_contains (data->families, family))
        continue;
      gantry_aws_ecs_describe_task_definition_async (data->ecs, arns[i],
                                                     g_task_get_cancellable (task),
                                                     task_definition_cb, step_begin (task));
    }

  step_end (task);
}

/* ECS service deployments (ListServiceDeployments & co.) */

typedef struct
{
  GTask     *task;
  GPtrArray *deployments;
} DeploymentBatch;

static void
deployment_batch_free (DeploymentBatch *batch)
{
  g_object_unref (batch->task);
  g_ptr_array_unref (batch->deployments);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeploymentBatch, deployment_batch_free)

static void
add_service_deployments (LoadData  *data,
                         GPtrArray *deployments,
                         GPtrArray *revisions)
{
  for (guint i = 0; i < deployments->len; i++)
    {
      GantryAwsEcsServiceDeployment *deployment = g_ptr_array_index (deployments, i);
      GantryHistoryRecord record = { 0 };
      g_autofree char *to = NULL;
      g_autofree char *outcome = lower_dashed (deployment->status);
      g_autofree char *detail = NULL;
      const char *task_definition = NULL;
      const char *service = last_component (deployment->service_arn);

      for (guint r = 0; revisions != NULL && r < revisions->len; r++)
        {
          GantryAwsEcsServiceRevision *revision = g_ptr_array_index (revisions, r);

          if (g_strcmp0 (revision->arn, deployment->target_revision_arn) == 0)
            task_definition = revision->task_definition;
        }
      to = task_definition != NULL ? _gantry_history_short_task_definition (task_definition)
                                   : g_strdup (deployment->target_revision_arn);

      if (deployment->rollback_reason != NULL)
        detail = g_strdup_printf (_("%s; rolled back: %s"), last_component (deployment->arn),
                                  deployment->rollback_reason);
      else if (deployment->status_reason != NULL)
        detail = g_strdup_printf ("%s: %s", last_component (deployment->arn),
                                  deployment->status_reason);
      else
        detail = g_strdup (last_component (deployment->arn));

      record.kind = GANTRY_HISTORY_KIND_DEPLOYMENT;
      record.time = deployment->created_at ? deployment->created_at : deployment->started_at;
      record.service = service;
      record.to = to;
      record.outcome = outcome;
      record.detail = detail;
      record.healthy = g_strcmp0 (deployment->status,
                                  GANTRY_AWS_ECS_SERVICE_DEPLOYMENT_SUCCESSFUL) == 0 &&
                       !gantry_aws_ecs_service_deployment_is_rolled_back (deployment);
      g_hash_table_add (data->with_deployments, g_strdup (service));
      load_add (data, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS, &record);
    }
}

static void
describe_revisions_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DeploymentBatch) batch = user_data;
  LoadData *data = g_task_get_task_data (batch->task);
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;

  revisions = gantry_aws_ecs_describe_service_revisions_finish (GANTRY_AWS_ECS (object), result,
                                                                &error);
  /* Without revisions the deployments still count; they name the service
   * revision instead of the task definition. */
  if (revisions == NULL)
    source_error (data, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS, error);
  add_service_deployments (data, batch->deployments, revisions);
  step_end (batch->task);
}

static void
describe_deployments_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) deployments = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;
  DeploymentBatch *batch;

  deployments = gantry_aws_ecs_describe_service_deployments_finish (GANTRY_AWS_ECS (object),
                                                                    result, &error);
  if (deployments == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS, error);
      step_end (task);
      return;
    }

  for (guint i = 0; i < deployments->len; i++)
    {
      GantryAwsEcsServiceDeployment *deployment = g_ptr_array_index (deployments, i);

      if (deployment->target_revision_arn != NULL)
        g_strv_builder_add (builder, deployment->target_revision_arn);
    }
  arns = g_strv_builder_end (builder);
  if (arns[0] == NULL)
    {
      add_service_deployments (data, deployments, NULL);
      step_end (task);
      return;
    }

  batch = g_new0 (DeploymentBatch, 1);
  batch->task = step_begin (task);
  batch->deployments = g_steal_pointer (&deployments);
  gantry_aws_ecs_describe_service_revisions_async (data->ecs, (const char * const *) arns,
                                                   g_task_get_cancellable (task),
                                                   describe_revisions_cb, batch);
  step_end (task);
}

static void
list_deployments_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(GError) error = NULL;

  briefs = gantry_aws_ecs_list_service_deployments_finish (GANTRY_AWS_ECS (object), result,
                                                           &error);
  if (briefs == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS, error);
      step_end (task);
      return;
    }

  for (guint start = 0; start < briefs->len; start += GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) arns = NULL;

      for (guint i = start; i < briefs->len && i < start + GANTRY_AWS_ECS_MAX_DESCRIBE_DEPLOYMENTS;
           i++)
        g_strv_builder_add (builder,
                            ((GantryAwsEcsServiceDeployment *) g_ptr_array_index (briefs, i))->arn);
      arns = g_strv_builder_end (builder);
      gantry_aws_ecs_describe_service_deployments_async (data->ecs, (const char * const *) arns,
                                                         g_task_get_cancellable (task),
                                                         describe_deployments_cb,
                                                         step_begin (task));
    }

  step_end (task);
}

/* ECS services: deployments (fallback) and events */

static void
add_service (LoadData            *data,
             GantryAwsEcsService *service)
{
  for (guint i = 0; i < service->deployments->len; i++)
    {
      GantryAwsEcsDeployment *deployment = g_ptr_array_index (service->deployments, i);
      GantryHistoryRecord record = { 0 };
      g_autofree char *to = _gantry_history_short_task_definition (deployment->task_definition);
      g_autofree char *outcome =
        lower_dashed (gantry_aws_ecs_rollout_state_to_string (deployment->rollout_state));
      g_autofree char *detail = NULL;
      const char *status = gantry_aws_ecs_deployment_status_to_string (deployment->status);
      gboolean rolled_back = deployment->rollout_state_reason != NULL &&
                             strstr (deployment->rollout_state_reason, "circuit breaker") != NULL;

      detail = g_strdup_printf (_("%s %s: %" PRId64 "/%" PRId64
                                  " running, %" PRId64 " failed%s%s"),
                                deployment->id, status ? status : "?",
                                deployment->running_count, deployment->desired_count,
                                deployment->failed_tasks,
                                deployment->rollout_state_reason ? "; " : "",
                                deployment->rollout_state_reason ? deployment->rollout_state_reason : "");

      record.kind = GANTRY_HISTORY_KIND_DEPLOYMENT;
      record.time = deployment->created_at;
      record.service = service->name;
      record.to = to;
      record.outcome = outcome;
      record.detail = detail;
      /* COMPLETED and still PRIMARY, or COMPLETED and then replaced (ACTIVE,
       * draining); never one the circuit breaker rolled back. */
      record.healthy = deployment->rollout_state == GANTRY_AWS_ECS_ROLLOUT_STATE_COMPLETED &&
                       (deployment->status == GANTRY_AWS_ECS_DEPLOYMENT_STATUS_PRIMARY ||
                        deployment->status == GANTRY_AWS_ECS_DEPLOYMENT_STATUS_ACTIVE) &&
                       !rolled_back;
      load_add_to (data, data->fallback, &record);
    }

  for (guint i = 0; i < service->events->len; i++)
    {
      GantryAwsEcsEvent *event = g_ptr_array_index (service->events, i);
      GantryHistoryRecord record = { 0 };

      record.kind = GANTRY_HISTORY_KIND_EVENT;
      record.time = event->created_at;
      record.service = service->name;
      record.detail = event->message;
      load_add (data, GANTRY_HISTORY_SOURCE_ECS_SERVICES, &record);
    }
}

static void
describe_services_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  services = gantry_aws_ecs_describe_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (services == NULL)
    {
      source_error (data, GANTRY_HISTORY_SOURCE_ECS_SERVICES, error);
      step_end (task);
      return;
    }

  for (guint i = 0; i < services->len; i++)
    {
      GantryAwsEcsService *service = g_ptr_array_index (services, i);
      g_autofree char *family = family_of (service->task_definition);
      gboolean new_family;

      g_hash_table_insert (data->services, g_strdup (service->name),
                           g_strdup (service->task_definition));
      add_service (data, service);

      gantry_aws_ecs_list_service_deployments_async (data->ecs, data->cluster, service->name,
                                                     g_task_get_cancellable (task),
                                                     list_deployments_cb, step_begin (task));

      if (family == NULL)
        continue;
      new_family = !g_hash_table_contains (data->families, family);
      g_hash_table_insert (data->families, g_strdup (family), g_strdup (service->name));
      if (new_family)
        gantry_aws_ecs_list_task_definitions_async (data->ecs, family, 0,
                                                    g_task_get_cancellable (task),
                                                    list_task_definitions_cb, step_begin (task));
    }

  step_end (task);
}

static void
start_services (GTask              *task,
                const char * const *names)
{
  LoadData *data = g_task_get_task_data (task);
  guint n = names != NULL ? g_strv_length ((GStrv) names) : 0;

  for (guint start = 0; start < n; start += 10)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) batch = NULL;

      for (guint i = start; i < n && i < start + 10; i++)
        g_strv_builder_add (builder, last_component (names[i]));
      batch = g_strv_builder_end (builder);
      gantry_aws_ecs_describe_services_async (data->ecs, data->cluster,
                                              (const char * const *) batch,
                                              g_task_get_cancellable (task),
                                              describe_services_cb, step_begin (task));
    }
}

static void
list_services_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_auto(GStrv) arns = NULL;
  g_autoptr(GError) error = NULL;

  arns = gantry_aws_ecs_list_services_finish (GANTRY_AWS_ECS (object), result, &error);
  if (arns == NULL)
    source_error (data, GANTRY_HISTORY_SOURCE_ECS_SERVICES, error);
  else
    start_services (task, (const char * const *) arns);

  step_end (task);
}

/* CloudTrail */

static void
trail_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  events = gantry_aws_cloudtrail_lookup_events_finish (GANTRY_AWS_CLOUDTRAIL (object), result,
                                                       &error);
  if (events == NULL)
    source_error (data, GANTRY_HISTORY_SOURCE_CLOUDTRAIL, error);
  else
    g_ptr_array_extend_and_steal (data->trail_events, g_steal_pointer (&events));

  step_end (task);
}

/* Only now are the services and repositories in scope known. */
static void
add_trail_events (LoadData *data)
{
  for (guint i = 0; i < data->trail_events->len; i++)
    {
      GantryAwsCloudtrailEvent *event = g_ptr_array_index (data->trail_events, i);
      GantryHistoryRecord record = { 0 };
      g_autofree char *to = NULL;
      g_autofree char *detail = NULL;
      const char *service = last_component (event->service);

      record.kind = GANTRY_HISTORY_KIND_CLOUDTRAIL;
      record.time = event->time;
      record.actor = event->actor_arn;
      record.outcome = event->error_code != NULL ? event->error_code : "succeeded";

      if (g_str_equal (event->name, GANTRY_AWS_CLOUDTRAIL_EVENT_PUT_IMAGE))
        {
          if (event->repository == NULL ||
              !g_hash_table_contains (data->repositories, event->repository))
            continue;
          record.repository = event->repository;
          record.to = event->image_digest;
          detail = g_strdup_printf (_("PutImage tag %s"),
                                    event->image_tag ? event->image_tag : "-");
        }
      else
        {
          if (service == NULL || !g_hash_table_contains (data->services, service))
            continue;
          record.service = service;
          to = _gantry_history_short_task_definition (event->task_definition);
          record.to = to;
          detail = g_strdup (_("UpdateService"));
        }
      record.detail = detail;
      load_add (data, GANTRY_HISTORY_SOURCE_CLOUDTRAIL, &record);
    }
}

/* The commit column for entries that only know a digest or a revision. */
static void
fill_commits (LoadData *data,
              GArray   *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      GantryHistoryRecord *record = &g_array_index (records, GantryHistoryRecord, i);
      const char *digest;

      if (record->commit != NULL || record->to == NULL)
        continue;
      digest = g_str_has_prefix (record->to, "sha256:")
               ? record->to : g_hash_table_lookup (data->td_digests, record->to);
      if (digest != NULL)
        record->commit = load_intern (data, g_hash_table_lookup (data->digest_commits, digest));
    }
}

static void
load_finish_if_done (GTask *task)
{
  GantryHistory *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  GHashTableIter iter;
  const char *service;

  if (data->pending > 0)
    return;

  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (data->fatal != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->fatal));
      return;
    }

  add_trail_events (data);

  /* ListServiceDeployments keeps what DescribeServices shows, and more;
   * DescribeServices' deployments only stand in where it was not read. */
  g_hash_table_iter_init (&iter, data->services);
  while (g_hash_table_iter_next (&iter, (gpointer *) &service, NULL))
    if (!g_hash_table_contains (data->with_deployments, service))
      for (guint i = 0; i < data->fallback->len; i++)
        {
          GantryHistoryRecord *record = &g_array_index (data->fallback, GantryHistoryRecord, i);

          if (g_strcmp0 (record->service, service) == 0)
            load_add (data, GANTRY_HISTORY_SOURCE_ECS_SERVICES, record);
        }

  fill_commits (data, data->records);

  g_ptr_array_unref (self->sources);
  self->sources = g_steal_pointer (&data->sources);
  gantry_history_clear (self);
  gantry_history_add_records (self, (GantryHistoryRecord *) (gpointer) data->records->data,
                              data->records->len);
  g_task_return_boolean (task, TRUE);
}

static void
add_source (LoadData   *data,
            const char *id)
{
  GantryHistorySource *source = g_new0 (GantryHistorySource, 1);

  source->id = g_strdup (id);
  source->state = GANTRY_HISTORY_SOURCE_READ;
  g_ptr_array_add (data->sources, source);
}

/**
 * gantry_history_load_async:
 *
 * Reads every source concurrently for the cluster, services and
 * repositories set on @self, then replaces the model's entries with the
 * merged timeline. A source that is not available (not implemented by the
 * endpoint, access denied) or fails is skipped and reported by
 * gantry_history_get_sources(); only errors that affect all sources alike
 * (credentials, network, cancellation) fail the load, and leave the model
 * as it was.
 */
void
gantry_history_load_async (GantryHistory       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (GANTRY_IS_HISTORY (self));
  g_return_if_fail (self->client != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_history_load_async);

  data = g_new0 (LoadData, 1);
  data->ecs = gantry_aws_ecs_new (self->client);
  data->ecr = gantry_aws_ecr_new (self->client);
  data->cloudtrail = gantry_aws_cloudtrail_new (self->client);
  data->cluster = g_strdup (self->cluster);
  data->chunk = g_string_chunk_new (16 * 1024);
  data->records = g_array_new (FALSE, TRUE, sizeof (GantryHistoryRecord));
  data->fallback = g_array_new (FALSE, TRUE, sizeof (GantryHistoryRecord));
  data->trail_events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_cloudtrail_event_free);
  data->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->repositories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->with_deployments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->digest_commits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->td_digests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->derive_repositories = self->repositories == NULL;
  data->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  add_source (data, GANTRY_HISTORY_SOURCE_JOURNAL);
  add_source (data, GANTRY_HISTORY_SOURCE_ECS_SERVICES);
  add_source (data, GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS);
  add_source (data, GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS);
  add_source (data, GANTRY_HISTORY_SOURCE_ECR_IMAGES);
  add_source (data, GANTRY_HISTORY_SOURCE_CLOUDTRAIL);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* One count for this function, so that a source finishing synchronously
   * cannot complete the task before the others have started. */
  data->pending++;

  if (self->journal != NULL)
    gantry_journal_load_async (self->journal, cancellable, journal_cb, step_begin (task));
  else
    source_skip (data, GANTRY_HISTORY_SOURCE_JOURNAL, _("No journal is configured."));

  if (self->services != NULL)
    start_services (task, (const char * const *) self->services);
  else
    gantry_aws_ecs_list_services_async (data->ecs, self->cluster, 0, cancellable,
                                        list_services_cb, step_begin (task));

  for (guint i = 0; self->repositories != NULL && self->repositories[i] != NULL; i++)
    start_images (task, self->repositories[i]);

  if (self->use_cloudtrail)
    {
      gantry_aws_cloudtrail_lookup_events_async (data->cloudtrail,
                                                 GANTRY_AWS_CLOUDTRAIL_EVENT_PUT_IMAGE,
                                                 NULL, NULL, 0, cancellable, trail_cb,
                                                 step_begin (task));
      gantry_aws_cloudtrail_lookup_events_async (data->cloudtrail,
                                                 GANTRY_AWS_CLOUDTRAIL_EVENT_UPDATE_SERVICE,
                                                 NULL, NULL, 0, cancellable, trail_cb,
                                                 step_begin (task));
    }
  else
    {
      source_skip (data, GANTRY_HISTORY_SOURCE_CLOUDTRAIL, _("CloudTrail is turned off."));
    }

  step_end (task);
}

/**
 * gantry_history_load_finish:
 *
 * Returns: %TRUE if the model now holds the loaded timeline
 */
gboolean
gantry_history_load_finish (GantryHistory  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
