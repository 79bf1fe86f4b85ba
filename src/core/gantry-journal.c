/* gantry-journal.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gantry-journal.h"
#include "gantry-journal-private.h"

/* The promotion journal: one JSON object per line in
 * $XDG_DATA_HOME/gantry/journal.jsonl, appended with O_APPEND and fsync'd
 * before the operation it records goes on, so a crash can lose neither the
 * `started` line nor a finished one. Lines are small (< PIPE_BUF is not
 * guaranteed for files, hence the lock) and never rewritten. */

#define JOURNAL_MAX_LINE (64 * 1024)

struct _GantryJournal
{
  GObject  parent_instance;
  char    *path;
  GMutex   write_lock;
};

G_DEFINE_FINAL_TYPE (GantryJournal, gantry_journal, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (GantryJournalEntry, gantry_journal_entry,
                     gantry_journal_entry_copy, gantry_journal_entry_free)

static const char *state_names[] = { "started", "done", "failed" };

const char *
gantry_journal_state_to_string (GantryJournalState state)
{
  g_return_val_if_fail (state <= GANTRY_JOURNAL_STATE_FAILED, NULL);
  return state_names[state];
}

/**
 * gantry_journal_entry_new:
 * @kind: "promotion" or "rollback"
 *
 * Returns: (transfer full): a `started` entry with a fresh ID and the current time
 */
GantryJournalEntry *
gantry_journal_entry_new (const char *kind)
{
  GantryJournalEntry *entry = g_new0 (GantryJournalEntry, 1);

  entry->id = g_uuid_string_random ();
  entry->time = g_date_time_new_now_utc ();
  entry->state = GANTRY_JOURNAL_STATE_STARTED;
  entry->kind = g_strdup (kind);
  return entry;
}

GantryJournalEntry *
gantry_journal_entry_copy (const GantryJournalEntry *entry)
{
  GantryJournalEntry *copy = g_new0 (GantryJournalEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->time = entry->time ? g_date_time_ref (entry->time) : NULL;
  copy->state = entry->state;
  copy->kind = g_strdup (entry->kind);
  copy->identity_arn = g_strdup (entry->identity_arn);
  copy->account = g_strdup (entry->account);
  copy->region = g_strdup (entry->region);
  copy->repository = g_strdup (entry->repository);
  copy->from_digest = g_strdup (entry->from_digest);
  copy->to_digest = g_strdup (entry->to_digest);
  copy->commit = g_strdup (entry->commit);
  copy->tag = g_strdup (entry->tag);
  copy->cluster = g_strdup (entry->cluster);
  copy->service = g_strdup (entry->service);
  copy->task_definition = g_strdup (entry->task_definition);
  copy->message = g_strdup (entry->message);
  return copy;
}

/**
 * gantry_journal_entry_new_outcome:
 * @started: the `started` entry
 * @state: done or failed
 * @message: (nullable): what happened, for failures
 *
 * Returns: (transfer full): the closing line for @started, now
 */
GantryJournalEntry *
gantry_journal_entry_new_outcome (const GantryJournalEntry *started,
                                  GantryJournalState        state,
                                  const char               *message)
{
  GantryJournalEntry *entry = gantry_journal_entry_copy (started);

  g_clear_pointer (&entry->time, g_date_time_unref);
  entry->time = g_date_time_new_now_utc ();
  entry->state = state;
  g_free (entry->message);
  entry->message = g_strdup (message);
  return entry;
}

void
gantry_journal_entry_free (GantryJournalEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_clear_pointer (&entry->time, g_date_time_unref);
  g_free (entry->kind);
  g_free (entry->identity_arn);
  g_free (entry->account);
  g_free (entry->region);
  g_free (entry->repository);
  g_free (entry->from_digest);
  g_free (entry->to_digest);
  g_free (entry->commit);
  g_free (entry->tag);
  g_free (entry->cluster);
  g_free (entry->service);
  g_free (entry->task_definition);
  g_free (entry->message);
  g_free (entry);
}

/* Member names and offsets in one table, so writing and reading can't drift. */
static const struct
{
  const char *name;
  gsize       offset;
} string_members[] = {
  { "id", G_STRUCT_OFFSET (GantryJournalEntry, id) },
  { "kind", G_STRUCT_OFFSET (GantryJournalEntry, kind) },
  { "identityArn", G_STRUCT_OFFSET (GantryJournalEntry, identity_arn) },
  { "account", G_STRUCT_OFFSET (GantryJournalEntry, account) },
  { "region", G_STRUCT_OFFSET (GantryJournalEntry, region) },
  { "repository", G_STRUCT_OFFSET (GantryJournalEntry, repository) },
  { "fromDigest", G_STRUCT_OFFSET (GantryJournalEntry, from_digest) },
  { "toDigest", G_STRUCT_OFFSET (GantryJournalEntry, to_digest) },
  { "commit", G_STRUCT_OFFSET (GantryJournalEntry, commit) },
  { "tag", G_STRUCT_OFFSET (GantryJournalEntry, tag) },
  { "cluster", G_STRUCT_OFFSET (GantryJournalEntry, cluster) },
  { "service", G_STRUCT_OFFSET (GantryJournalEntry, service) },
  { "taskDefinition", G_STRUCT_OFFSET (GantryJournalEntry, task_definition) },
  { "message", G_STRUCT_OFFSET (GantryJournalEntry, message) },
};

#define MEMBER(entry, i) G_STRUCT_MEMBER (char *, entry, string_members[i].offset)

/**
 * gantry_journal_entry_to_json:
 *
 * Returns: (transfer full): the entry as a JSON object node
 */
JsonNode *
gantry_journal_entry_to_json (const GantryJournalEntry *entry)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *time = g_date_time_format_iso8601 (entry->time);

  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "state", gantry_journal_state_to_string (entry->state));
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    if (MEMBER (entry, i) != NULL)
      json_object_set_string_member (object, string_members[i].name, MEMBER (entry, i));

  return json_node_init_object (json_node_alloc (), object);
}

/**
 * gantry_journal_entry_from_json:
 *
 * Returns: (transfer full): the entry, or %NULL with @error set when @node is
 *   not a journal line (wrong type, no ID, unknown state, bad time)
 */
GantryJournalEntry *
gantry_journal_entry_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(GantryJournalEntry) entry = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *state;
  const char *time;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);

  entry = g_new0 (GantryJournalEntry, 1);
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      member = json_object_get_member (object, string_members[i].name);
      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (json_node_get_value_type (member) != G_TYPE_STRING)
        goto invalid;
      MEMBER (entry, i) = g_strdup (json_node_get_string (member));
    }

  member = json_object_get_member (object, "state");
  state = member && json_node_get_value_type (member) == G_TYPE_STRING
          ? json_node_get_string (member) : NULL;
  member = json_object_get_member (object, "time");
  time = member && json_node_get_value_type (member) == G_TYPE_STRING
         ? json_node_get_string (member) : NULL;
  if (entry->id == NULL || state == NULL || time == NULL)
    goto invalid;

  entry->time = g_date_time_new_from_iso8601 (time, NULL);
  if (entry->time == NULL)
    goto invalid;

  if (g_str_equal (state, "started"))
    entry->state = GANTRY_JOURNAL_STATE_STARTED;
  else if (g_str_equal (state, "done"))
    entry->state = GANTRY_JOURNAL_STATE_DONE;
  else if (g_str_equal (state, "failed"))
    entry->state = GANTRY_JOURNAL_STATE_FAILED;
  else
    goto invalid;

  return g_steal_pointer (&entry);

invalid:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Not a journal entry"));
  return NULL;
}

static void
gantry_journal_finalize (GObject *object)
{
  GantryJournal *self = GANTRY_JOURNAL (object);

  g_free (self->path);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (gantry_journal_parent_class)->finalize (object);
}

static void
gantry_journal_class_init (GantryJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gantry_journal_finalize;
}

static void
gantry_journal_init (GantryJournal *self)
{
  g_mutex_init (&self->write_lock);
}

/**
 * gantry_journal_new:
 * @path: (nullable): the journal file, or %NULL for
 *   `$XDG_DATA_HOME/gantry/journal.jsonl`
 *
 * Returns: (transfer full): the journal
 */
GantryJournal *
gantry_journal_new (const char *path)
{
  GantryJournal *self = g_object_new (GANTRY_TYPE_JOURNAL, NULL);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    self->path = g_build_filename (g_get_user_data_dir (), "gantry", "journal.jsonl", NULL);

  return self;
}

const char *
gantry_journal_get_path (GantryJournal *self)
{
  g_return_val_if_fail (GANTRY_IS_JOURNAL (self), NULL);
  return self->path;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s", g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

static gboolean
ends_with_newline (int fd)
{
  struct stat st;
  char last;

  if (fstat (fd, &st) != 0 || st.st_size == 0)
    return TRUE;
  return pread (fd, &last, 1, st.st_size - 1) == 1 && last == '\n';
}

static gboolean
append_line (GantryJournal  *self,
             const char     *line,
             GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->write_lock);
  gboolean ok;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the journal folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (self->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open the journal “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }

  /* A crash mid-write can leave a torn last line without its newline; start
   * on a fresh line so the torn one does not swallow this one too. */
  if (!ends_with_newline (fd))
    ok = write_all (fd, "\n", 1, error);
  else
    ok = TRUE;
  ok = ok && write_all (fd, line, strlen (line), error);
  if (!ok)
    g_prefix_error (error, _("Could not write the journal “%s”: "), self->path);

  if (ok && fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save the journal “%s”: %s"), self->path, g_strerror (saved));
      ok = FALSE;
    }

  if (close (fd) != 0 && ok)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save the journal “%s”: %s"), self->path, g_strerror (saved));
      ok = FALSE;
    }

  return ok;
}

static void
append_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GantryJournal *self = source_object;
  const char *line = task_data;
  GError *error = NULL;

  /* No cancellation check here: a line that was asked for is written, so a
   * cancelled promotion can never lose its `started` record half-way. */
  if (append_line (self, line, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gantry_journal_append_async:
 * @entry: the line to append
 *
 * Appends @entry and fsyncs the file, in a worker thread.
 */
void
gantry_journal_append_async (GantryJournal       *self,
                             GantryJournalEntry  *entry,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (GANTRY_IS_JOURNAL (self));
  g_return_if_fail (entry != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_journal_append_async);

  node = gantry_journal_entry_to_json (entry);
  json = json_to_string (node, FALSE);
  g_task_set_task_data (task, g_strconcat (json, "\n", NULL), g_free);
  g_task_run_in_thread (task, append_thread);
}

gboolean
gantry_journal_append_finish (GantryJournal  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *entries;
  guint      n_skipped;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

/**
 * _gantry_journal_parse_lines:
 * @contents: the journal's text; modified in place (lines are cut at their
 *   newline). `contents[length]` must be writable, as g_file_get_contents()
 *   guarantees with its trailing NUL
 * @length: the length of @contents, without that trailing byte
 * @entries: (element-type GantryJournalEntry): where readable lines are added
 * @n_skipped: (inout): incremented for every unreadable line
 */
void
_gantry_journal_parse_lines (char      *contents,
                             gsize      length,
                             GPtrArray *entries,
                             guint     *n_skipped)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *line = contents;
  char *end = contents + length;
  guint line_number = 0;

  while (line < end)
    {
      char *newline = memchr (line, '\n', end - line);
      char *line_end = newline ? newline : end;
      g_autoptr(GError) error = NULL;
      GantryJournalEntry *entry;

      line_number++;
      *line_end = '\0';

      if (*g_strstrip (line) != '\0')
        {
          if (line_end - line > JOURNAL_MAX_LINE ||
              !json_parser_load_from_data (parser, line, -1, &error) ||
              (entry = gantry_journal_entry_from_json (json_parser_get_root (parser),
                                                       &error)) == NULL)
            {
              /* A torn or hand-edited line must not hide the rest. */
              g_warning ("Skipping unreadable journal line %u", line_number);
              (*n_skipped)++;
            }
          else
            {
              g_ptr_array_add (entries, entry);
            }
        }

      line = line_end + 1;
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GantryJournal *self = source_object;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  LoadResult *result;
  gsize length = 0;

  result = g_new0 (LoadResult, 1);
  result->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_journal_entry_free);

  if (!g_file_get_contents (self->path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          load_result_free (result);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("Could not read the journal “%s”: %s"),
                                   self->path, error->message);
          return;
        }
    }
  else
    {
      _gantry_journal_parse_lines (contents, length, result->entries, &result->n_skipped);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

void
gantry_journal_load_async (GantryJournal       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GANTRY_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_journal_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gantry_journal_load_finish:
 * @out_n_skipped: (out) (optional): how many unreadable lines were skipped
 *
 * Returns: (transfer full) (element-type GantryJournalEntry): every readable
 *   line, oldest first; empty when there is no journal yet
 */
GPtrArray *
gantry_journal_load_finish (GantryJournal  *self,
                            GAsyncResult   *result,
                            guint          *out_n_skipped,
                            GError        **error)
{
  LoadResult *load;
  GPtrArray *entries;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  load = g_task_propagate_pointer (G_TASK (result), error);
  if (load == NULL)
    return NULL;

  if (out_n_skipped != NULL)
    *out_n_skipped = load->n_skipped;
  entries = g_steal_pointer (&load->entries);
  load_result_free (load);
  return entries;
}

/**
 * gantry_journal_find_unfinished:
 * @entries: (element-type GantryJournalEntry): loaded lines
 *
 * Returns: (transfer container) (element-type GantryJournalEntry): the
 *   `started` lines that have no `done`/`failed` line: operations cut off by a
 *   crash or a lost connection, to be reconciled against AWS
 */
GPtrArray *
gantry_journal_find_unfinished (GPtrArray *entries)
{
  g_autoptr(GHashTable) finished = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *unfinished = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      GantryJournalEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state != GANTRY_JOURNAL_STATE_STARTED)
        g_hash_table_add (finished, entry->id);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      GantryJournalEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state == GANTRY_JOURNAL_STATE_STARTED &&
          !g_hash_table_contains (finished, entry->id))
        g_ptr_array_add (unfinished, entry);
    }

  return unfinished;
}
