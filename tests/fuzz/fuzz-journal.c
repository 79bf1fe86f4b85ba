/* fuzz-journal.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-journal"

#include "config.h"

#include <string.h>

#include "core/gantry-journal.h"
#include "core/gantry-journal-private.h"
#include "gantry-fuzz.h"

/* The promotion journal reader: the input is a whole journal file. Every
 * line read back must survive a write/read round trip, and looking for
 * unfinished operations must work on whatever was read. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  /* The parser cuts lines in place and writes at contents[length], as
   * g_file_get_contents() leaves room for. */
  g_autofree char *contents = g_malloc (size + 1);
  guint n_skipped = 0;
  guint n_lines = 0;

  gantry_fuzz_init ();

  memcpy (contents, data, size);
  contents[size] = '\0';
  for (size_t i = 0; i < size; i++)
    n_lines += data[i] == '\n';

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_journal_entry_free);
  _gantry_journal_parse_lines (contents, size, entries, &n_skipped);
  g_assert_cmpuint (entries->len + n_skipped, <=, n_lines + 1);

  for (guint i = 0; i < entries->len; i++)
    {
      GantryJournalEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) node = gantry_journal_entry_to_json (entry);
      g_autoptr(GantryJournalEntry) again = NULL;
      g_autoptr(GantryJournalEntry) copy = gantry_journal_entry_copy (entry);
      g_autoptr(GError) error = NULL;

      again = gantry_journal_entry_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again->id, ==, entry->id);
      g_assert_cmpstr (again->kind, ==, entry->kind);
      g_assert_cmpint (again->state, ==, entry->state);
      g_assert_cmpstr (copy->id, ==, entry->id);
    }

  unfinished = gantry_journal_find_unfinished (entries);
  g_assert_cmpuint (unfinished->len, <=, entries->len);

  return 0;
}
