/* gantry-journal.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GANTRY_JOURNAL_STATE_STARTED,
  GANTRY_JOURNAL_STATE_DONE,
  GANTRY_JOURNAL_STATE_FAILED,
} GantryJournalState;

/**
 * GantryJournalEntry:
 * @id: shared by the `started` line and its `done`/`failed` line
 * @time: when the line was written (UTC)
 * @state: started, done or failed
 * @kind: "promotion" or "rollback"
 *
 * One line of the promotion journal. Never holds a secret.
 */
typedef struct
{
  char               *id;
  GDateTime          *time;
  GantryJournalState  state;
  char               *kind;
  char               *identity_arn;
  char               *account;
  char               *region;
  char               *repository;
  char               *from_digest;
  char               *to_digest;
  char               *commit;
  char               *tag;
  char               *cluster;
  char               *service;
  char               *task_definition;
  char               *message;
} GantryJournalEntry;

#define GANTRY_TYPE_JOURNAL_ENTRY (gantry_journal_entry_get_type ())

GType               gantry_journal_entry_get_type    (void) G_GNUC_CONST;
GantryJournalEntry *gantry_journal_entry_new         (const char               *kind);
GantryJournalEntry *gantry_journal_entry_copy        (const GantryJournalEntry *entry);
GantryJournalEntry *gantry_journal_entry_new_outcome (const GantryJournalEntry *started,
                                                      GantryJournalState        state,
                                                      const char               *message);
void                gantry_journal_entry_free        (GantryJournalEntry       *entry);
JsonNode           *gantry_journal_entry_to_json     (const GantryJournalEntry *entry);
GantryJournalEntry *gantry_journal_entry_from_json   (JsonNode                 *node,
                                                      GError                  **error);
const char         *gantry_journal_state_to_string   (GantryJournalState        state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryJournalEntry, gantry_journal_entry_free)

#define GANTRY_TYPE_JOURNAL (gantry_journal_get_type ())

G_DECLARE_FINAL_TYPE (GantryJournal, gantry_journal, GANTRY, JOURNAL, GObject)

GantryJournal *gantry_journal_new             (const char          *path);
const char    *gantry_journal_get_path        (GantryJournal       *self);
void           gantry_journal_append_async    (GantryJournal       *self,
                                               GantryJournalEntry  *entry,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       gantry_journal_append_finish   (GantryJournal       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void           gantry_journal_load_async      (GantryJournal       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray     *gantry_journal_load_finish     (GantryJournal       *self,
                                               GAsyncResult        *result,
                                               guint               *out_n_skipped,
                                               GError             **error);
GPtrArray     *gantry_journal_find_unfinished (GPtrArray           *entries);

G_END_DECLS
