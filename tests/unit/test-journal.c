/* test-journal.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "core/gantry-journal.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
append (GantryJournal      *journal,
        GantryJournalEntry *entry)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_journal_append_async (journal, entry, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gantry_journal_append_finish (journal, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
load (GantryJournal *journal,
      guint         *n_skipped)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  gantry_journal_load_async (journal, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  entries = gantry_journal_load_finish (journal, result, n_skipped, &error);
  g_assert_no_error (error);
  return entries;
}

static GantryJournalEntry *
sample_entry (void)
{
  GantryJournalEntry *entry = gantry_journal_entry_new ("promotion");

  entry->identity_arn = g_strdup ("arn:aws:iam::123456789012:user/release");
  entry->account = g_strdup ("123456789012");
  entry->region = g_strdup ("us-east-1");
  entry->repository = g_strdup ("backend");
  entry->from_digest = g_strdup ("sha256:aaaa");
  entry->to_digest = g_strdup ("sha256:bbbb");
  entry->commit = g_strdup ("1a2b3c4");
  entry->tag = g_strdup ("prod-latest");
  return entry;
}

static void
test_journal_roundtrip (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GantryJournalEntry) started = sample_entry ();
  g_autoptr(GantryJournalEntry) done = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  GantryJournalEntry *read;
  GStatBuf st;
  guint skipped = 99;

  g_assert_true (g_str_has_prefix (gantry_journal_get_path (journal), g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (gantry_journal_get_path (journal), "gantry/journal.jsonl"));

  append (journal, started);
  done = gantry_journal_entry_new_outcome (started, GANTRY_JOURNAL_STATE_DONE, NULL);
  append (journal, done);

  entries = load (journal, &skipped);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (skipped, ==, 0);

  read = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (read->id, ==, started->id);
  g_assert_cmpint (read->state, ==, GANTRY_JOURNAL_STATE_STARTED);
  g_assert_cmpstr (read->identity_arn, ==, "arn:aws:iam::123456789012:user/release");
  g_assert_cmpstr (read->to_digest, ==, "sha256:bbbb");
  g_assert_cmpstr (read->commit, ==, "1a2b3c4");
  g_assert_true (g_date_time_equal (read->time, started->time));
  read = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (read->id, ==, started->id);
  g_assert_cmpint (read->state, ==, GANTRY_JOURNAL_STATE_DONE);

  unfinished = gantry_journal_find_unfinished (entries);
  g_assert_cmpuint (unfinished->len, ==, 0);

  /* Private to the user. */
  g_assert_cmpint (g_stat (gantry_journal_get_path (journal), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_journal_unfinished (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GantryJournalEntry) first = sample_entry ();
  g_autoptr(GantryJournalEntry) second = sample_entry ();
  g_autoptr(GantryJournalEntry) failed = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;

  append (journal, first);
  append (journal, second);
  failed = gantry_journal_entry_new_outcome (first, GANTRY_JOURNAL_STATE_FAILED, "boom");
  append (journal, failed);

  entries = load (journal, NULL);
  unfinished = gantry_journal_find_unfinished (entries);
  g_assert_cmpuint (unfinished->len, ==, 1);
  g_assert_cmpstr (((GantryJournalEntry *) g_ptr_array_index (unfinished, 0))->id, ==,
                   second->id);
  g_assert_cmpstr (((GantryJournalEntry *) g_ptr_array_index (entries, 2))->message, ==, "boom");
}

static void
test_journal_missing_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "nope", "j.jsonl", NULL);
  g_autoptr(GantryJournal) journal = gantry_journal_new (path);
  g_autoptr(GPtrArray) entries = NULL;

  entries = load (journal, NULL);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_journal_corrupt_lines (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "corrupt.jsonl", NULL);
  g_autoptr(GantryJournal) journal = gantry_journal_new (path);
  g_autoptr(GantryJournalEntry) good = sample_entry ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *junk =
    "not json at all\n"
    "{\"id\":\"x\",\"state\":\"started\",\"time\":\"2026-01-01T00:00:00Z\",\"repository\":5}\n"
    "{\"id\":\"x\",\"state\":\"weird\",\"time\":\"2026-01-01T00:00:00Z\"}\n"
    "[1,2,3]\n"
    "\n"
    "{\"state\":\"done\",\"time\":\"2026-01-01T00:00:00Z\"}\n"
    "{\"id\":\"torn\",\"state\":\"sta";
  guint skipped = 0;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, junk, -1, &error);
  g_assert_no_error (error);

  /* A torn last line (a crash mid-write) and an appended good line after it. */
  for (guint i = 0; i < 6; i++)
    g_test_expect_message ("gantry-journal", G_LOG_LEVEL_WARNING,
                           "Skipping unreadable journal line*");

  append (journal, good);
  entries = load (journal, &skipped);
  g_test_assert_expected_messages ();

  /* The torn line is lost, but the line appended after it is not glued on. */
  g_assert_cmpuint (skipped, ==, 6);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((GantryJournalEntry *) g_ptr_array_index (entries, 0))->id, ==, good->id);
}

static void
test_journal_good_after_corrupt (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "mixed.jsonl", NULL);
  g_autoptr(GantryJournal) journal = gantry_journal_new (path);
  g_autoptr(GantryJournalEntry) good = sample_entry ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint skipped = 0;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, "garbage line\n", -1, &error);
  g_assert_no_error (error);
  append (journal, good);

  g_test_expect_message ("gantry-journal", G_LOG_LEVEL_WARNING,
                         "Skipping unreadable journal line 1");
  entries = load (journal, &skipped);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((GantryJournalEntry *) g_ptr_array_index (entries, 0))->id, ==, good->id);
}

typedef struct
{
  guint pending;
} Counter;

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Counter *counter = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_journal_append_finish (GANTRY_JOURNAL (object), result, &error));
  g_assert_no_error (error);
  counter->pending--;
}

static void
test_journal_concurrent_appends (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GPtrArray) entries = NULL;
  Counter counter = { 40 };

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GantryJournalEntry) entry = sample_entry ();
      g_free (entry->message);
      entry->message = g_strnfill (2000, 'a' + (i % 26));
      gantry_journal_append_async (journal, entry, NULL, count_cb, &counter);
    }
  while (counter.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  entries = load (journal, NULL);
  g_assert_cmpuint (entries->len, ==, 40);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/journal/roundtrip", test_journal_roundtrip);
  g_test_add_func ("/core/journal/unfinished", test_journal_unfinished);
  g_test_add_func ("/core/journal/missing-file", test_journal_missing_file);
  g_test_add_func ("/core/journal/corrupt-lines", test_journal_corrupt_lines);
  g_test_add_func ("/core/journal/good-after-corrupt", test_journal_good_after_corrupt);
  g_test_add_func ("/core/journal/concurrent-appends", test_journal_concurrent_appends);

  return g_test_run ();
}
