/* gantry-history-page.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The History page: GantryHistory's timeline in a GtkListView, filters,
 * export, and "Roll back to this…".
 *
 * GantryHistory builds an entry object only when the view asks for its
 * position, and filters inside the model, so the list stays smooth with
 * tens of thousands of entries: nothing here walks the model except the
 * one pass after a load that collects the filter choices.
 *
 * The page loads when it is shown and something changed (session,
 * environment, a reload), not when the account connects: most visits to
 * the app never open History, and its sources are the slowest (CloudTrail
 * answers two requests a second).
 */

#define G_LOG_DOMAIN "gantry-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-history-page.h"
#include "gantry-history-row.h"
#include "gantry-rollback-dialog.h"
#include "gantry-window.h"

#include "core/gantry-error.h"
#include "core/gantry-journal.h"
#include "core/gantry-rollback.h"

struct _GantryHistoryPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_reload_button;
  AdwStatusPage        *error_page;
  GtkDropDown          *service_dropdown;
  GtkDropDown          *repository_dropdown;
  GtkDropDown          *outcome_dropdown;
  GtkSearchEntry       *search_entry;
  GtkSpinner           *reload_spinner;
  GtkLabel             *count_label;
  GtkMenuButton        *sources_button;
  GtkLabel             *sources_label;
  GtkBox               *sources_box;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkSpinner           *progress_spinner;
  GtkStack             *list_stack;
  GtkListView          *list_view;

  /* owned */
  GantrySession        *session;
  GantryEnvironment    *environment;
  GantryHistory        *history;
  GantryJournal        *journal;
  GantryRollback       *rollback;
  GtkNoSelection       *selection;
  GtkStringList        *services;
  GtkStringList        *repositories;
  GtkStringList        *outcomes;
  GtkNativeDialog      *chooser;
  /* the page's life: cancelled in dispose */
  GCancellable         *cancellable;
  /* the current load; a new one replaces it */
  GCancellable         *load_cancellable;
  GError               *load_error;

  /* borrowed: a weak pointer */
  GantryRollbackDialog *dialog;

  guint                 dirty : 1;
  guint                 loading : 1;
  guint                 rolling_back : 1;
  guint                 watch_rollouts : 1;
  guint                 updating_filters : 1;
};

G_DEFINE_FINAL_TYPE (GantryHistoryPage, gantry_history_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENVIRONMENT,
  PROP_WATCH_ROLLOUTS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (GantryHistoryPage *self);

static void
toast (GantryHistoryPage *self,
       const char        *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (!GANTRY_IS_WINDOW (root))
    {
      g_message ("%s", message);
      return;
    }
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  gantry_window_add_toast (GANTRY_WINDOW (root), toast);
}

static void
set_flag (GantryHistoryPage *self,
          gboolean           loading,
          gboolean           rolling_back)
{
  gboolean was_busy = self->loading || self->rolling_back;

  self->loading = !!loading;
  self->rolling_back = !!rolling_back;
  if (was_busy != (self->loading || self->rolling_back))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* --- states ---------------------------------------------------------------- */

static gboolean
session_ready (GantryHistoryPage *self)
{
  return self->session != NULL &&
         gantry_session_get_state (self->session) == GANTRY_SESSION_STATE_READY;
}

static void
update_state (GantryHistoryPage *self)
{
  guint n_total = gantry_history_get_n_total (self->history);
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  g_autofree char *count = NULL;
  const char *name;

  /* Entries already shown stay while a reload runs; the spinner in the
   * filter bar says that one is under way. */
  if (n_total > 0)
    name = "content";
  else if (self->loading)
    name = "loading";
  else if (self->load_error != NULL)
    name = "error";
  else
    name = "empty";

  if (g_str_equal (name, "error"))
    adw_status_page_set_description (self->error_page, self->load_error->message);

  if (g_str_equal (name, "empty") && !session_ready (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Account"));
      adw_status_page_set_description (self->empty_page,
                                       _("Connect an AWS account to see its deployments, "
                                         "revisions, images and promotions."));
      gtk_widget_set_visible (self->empty_reload_button, FALSE);
    }
  else if (g_str_equal (name, "empty"))
    {
      g_autofree char *description = NULL;
      const char *cluster = gantry_history_get_cluster (self->history);

      description = g_strdup_printf (_("No deployments, task definition revisions, images or "
                                       "promotions were found for cluster %s."),
                                     cluster != NULL ? cluster : "default");
      adw_status_page_set_title (self->empty_page, _("No History Yet"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_widget_set_visible (self->empty_reload_button, TRUE);
    }

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "no-match");
  gtk_spinner_set_spinning (self->reload_spinner, self->loading && n_total > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_spinner), self->loading && n_total > 0);

  if (n_shown == n_total)
    count = g_strdup_printf (ngettext ("%u entry", "%u entries", n_total), n_total);
  else
    count = g_strdup_printf (ngettext ("%u of %u entry", "%u of %u entries", n_total),
                             n_shown, n_total);
  gtk_label_set_label (self->count_label, count);
}

/* --- filters --------------------------------------------------------------- */

static const char *
dropdown_choice (GtkDropDown   *dropdown,
                 GtkStringList *choices)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* The first choice is "all" */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (choices, selected);
}

static void
apply_filter (GantryHistoryPage *self)
{
  GantryHistoryFilter filter = { 0 };

  if (self->updating_filters || self->history == NULL)
    return;

  filter.service = dropdown_choice (self->service_dropdown, self->services);
  filter.repository = dropdown_choice (self->repository_dropdown, self->repositories);
  filter.outcome = dropdown_choice (self->outcome_dropdown, self->outcomes);
  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gantry_history_set_filter (self->history, &filter);
  update_state (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replace_choices (GtkDropDown   *dropdown,
                 GtkStringList *choices,
                 const char    *all,
                 GHashTable    *values)
{
  g_autofree char *selected = NULL;
  g_autofree const char **sorted = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (choices));
  guint n;

  if (gtk_drop_down_get_selected (dropdown) > 0 &&
      gtk_drop_down_get_selected (dropdown) != GTK_INVALID_LIST_POSITION)
    selected = g_strdup (gtk_string_list_get_string (choices,
                                                     gtk_drop_down_get_selected (dropdown)));

  sorted = (const char **) g_hash_table_get_keys_as_array (values, &n);
  g_qsort_with_data (sorted, n, sizeof (char *), compare_strings, NULL);
  gtk_string_list_splice (choices, 0, n_old, NULL);
  gtk_string_list_append (choices, all);
  gtk_drop_down_set_selected (dropdown, 0);
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (choices, sorted[i]);
      if (g_strcmp0 (sorted[i], selected) == 0)
        gtk_drop_down_set_selected (dropdown, i + 1);
    }
}

/* One pass over all entries after a load, for the dropdowns. The filter is
 * lifted for it because the model only shows what matches. */
static void
collect_choices (GantryHistoryPage *self)
{
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) repositories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) outcomes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (self->history);
  gboolean filtered;

  filtered = g_list_model_get_n_items (model) != gantry_history_get_n_total (self->history);
  if (filtered)
    gantry_history_set_filter (self->history, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (model, i);
      const char *service = gantry_history_entry_get_service (entry);
      const char *repository = gantry_history_entry_get_repository (entry);
      const char *outcome = gantry_history_entry_get_outcome (entry);

      /* The strings belong to the entry: keep those in the tables alive */
      if ((service != NULL && !g_hash_table_contains (services, service)) ||
          (repository != NULL && !g_hash_table_contains (repositories, repository)) ||
          (outcome != NULL && !g_hash_table_contains (outcomes, outcome)))
        g_ptr_array_add (keep, g_object_ref (entry));
      if (service != NULL)
        g_hash_table_add (services, (gpointer) service);
      if (repository != NULL)
        g_hash_table_add (repositories, (gpointer) repository);
      if (outcome != NULL)
        g_hash_table_add (outcomes, (gpointer) outcome);
    }

  self->updating_filters = TRUE;
  replace_choices (self->service_dropdown, self->services, _("All Services"), services);
  replace_choices (self->repository_dropdown, self->repositories, _("All Repositories"),
                   repositories);
  replace_choices (self->outcome_dropdown, self->outcomes, _("All Outcomes"), outcomes);
  self->updating_filters = FALSE;

  if (filtered)
    apply_filter (self);
}

static void
reset_filters (GantryHistoryPage *self)
{
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->service_dropdown, 0);
  gtk_drop_down_set_selected (self->repository_dropdown, 0);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating_filters = FALSE;
}

static void
filter_changed_cb (GantryHistoryPage *self)
{
  apply_filter (self);
}

/* --- sources --------------------------------------------------------------- */

static const char *
source_name (const char *id)
{
  static const struct { const char *id; const char *name; } names[] = {
    { GANTRY_HISTORY_SOURCE_JOURNAL, N_("Gantry journal") },
    { GANTRY_HISTORY_SOURCE_ECS_SERVICES, N_("ECS services") },
    { GANTRY_HISTORY_SOURCE_ECS_TASK_DEFINITIONS, N_("Task definitions") },
    { GANTRY_HISTORY_SOURCE_ECS_DEPLOYMENTS, N_("ECS service deployments") },
    { GANTRY_HISTORY_SOURCE_ECR_IMAGES, N_("ECR images") },
    { GANTRY_HISTORY_SOURCE_CLOUDTRAIL, N_("CloudTrail") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].id, id))
      return _(names[i].name);
  return id;
}

static void
update_sources (GantryHistoryPage *self)
{
  GPtrArray *sources = gantry_history_get_sources (self->history);
  GtkWidget *child;
  guint n_missing = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_box))) != NULL)
    gtk_box_remove (self->sources_box, child);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const GantryHistorySource *source = g_ptr_array_index (sources, i);
      g_autofree char *title = NULL;
      GtkWidget *label;

      if (source->state == GANTRY_HISTORY_SOURCE_READ)
        continue;
      n_missing++;
      /* Translators: "CloudTrail: not available" */
      title = g_strdup_printf (source->state == GANTRY_HISTORY_SOURCE_SKIPPED
                               ? _("%s: not available") : _("%s: failed"),
                               source_name (source->id));
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (self->sources_box, label);
      if (source->reason != NULL)
        {
          label = gtk_label_new (source->reason);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (self->sources_box, label);
        }
    }

  if (n_missing > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u source skipped",
                                                         "%u sources skipped", n_missing),
                                               n_missing);

      gtk_label_set_label (self->sources_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sources_button), n_missing > 0);
}

/* --- loading --------------------------------------------------------------- */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GantryHistoryPage) self = user_data;
  GantryHistory *history = GANTRY_HISTORY (object);
  g_autoptr(GError) error = NULL;

  if (!gantry_history_load_finish (history, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A load of a history the page has since replaced */
  if (history != self->history)
    return;

  set_flag (self, FALSE, self->rolling_back);
  g_clear_error (&self->load_error);
  if (error != NULL)
    {
      self->load_error = g_steal_pointer (&error);
      /* Entries from an earlier load stay; the toast says they are old */
      if (gantry_history_get_n_total (self->history) > 0)
        toast (self, self->load_error->message);
    }
  else
    {
      collect_choices (self);
      update_sources (self);
    }
  update_state (self);
}

static void
load (GantryHistoryPage *self)
{
  self->dirty = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (!session_ready (self))
    {
      set_flag (self, FALSE, self->rolling_back);
      update_state (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  set_flag (self, TRUE, self->rolling_back);
  update_state (self);
  gantry_history_load_async (self->history, self->load_cancellable, load_cb,
                             g_object_ref (self));
}

/* Loads now when shown, else the next time it is. */
static void
invalidate (GantryHistoryPage *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    update_state (self);
}

static void
history_items_changed_cb (GantryHistoryPage *self)
{
  /* Records added from outside a load (tests, a future live feed) */
  if (!self->loading)
    update_state (self);
}

/* A new account or environment is a new timeline: new model, no filters. */
static void
replace_history (GantryHistoryPage *self)
{
  GantryAwsClient *client = NULL;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_flag (self, FALSE, self->rolling_back);
  g_clear_error (&self->load_error);
  g_clear_object (&self->rollback);

  if (session_ready (self))
    client = gantry_session_get_client (self->session);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  self->history = gantry_history_new (client, client != NULL ? self->journal : NULL);
  if (self->environment != NULL)
    gantry_history_set_environment (self->history, self->environment);
  g_signal_connect_swapped (self->history, "items-changed",
                            G_CALLBACK (history_items_changed_cb), self);

  if (client != NULL)
    {
      self->rollback = gantry_rollback_new (client, self->journal);
      if (self->environment != NULL)
        gantry_rollback_set_tag (self->rollback,
                                 gantry_environment_get_latest_tag (self->environment));
      gantry_rollback_set_watch (self->rollback, self->watch_rollouts, 0);
    }

  reset_filters (self);
  update_sources (self);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->history));
  invalidate (self);
}

static void
session_state_changed_cb (GantryHistoryPage *self)
{
  GantrySessionState state = gantry_session_get_state (self->session);

  /* Only a change to or from READY changes what there is to read */
  if (state == GANTRY_SESSION_STATE_READY || self->rollback != NULL)
    replace_history (self);
}

static void
gantry_history_page_reload (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  /* The window forwards win.refresh here so that it never needs to know
   * page types. */
  load (GANTRY_HISTORY_PAGE (widget));
}

static void
gantry_history_page_clear_filters (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (widget);

  reset_filters (self);
  apply_filter (self);
}

static void
gantry_history_page_focus_search (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "content"))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- export ---------------------------------------------------------------- */

static void
export_replace_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, GPOINTER_TO_UINT (g_task_get_task_data (task)));
}

/**
 * gantry_history_page_export_async:
 * @format: "csv" or "json"
 * @file: where to write
 *
 * Writes the entries the page shows (the filter applies), newest first, as
 * `gantryctl history` would print them.
 */
void
gantry_history_page_export_async (GantryHistoryPage   *self,
                                  const char          *format,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (GANTRY_IS_HISTORY_PAGE (self));
  g_return_if_fail (format != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gantry_history_page_export_async);
  g_task_set_task_data (task,
                        GUINT_TO_POINTER (g_list_model_get_n_items (G_LIST_MODEL (self->history))),
                        NULL);

  if (g_str_equal (format, "csv"))
    {
      text = gantry_history_to_csv (self->history, 0);
    }
  else if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) node = gantry_history_to_json (self->history, 0);

      text = json_to_string (node, TRUE);
    }
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Unknown export format “%s”."), format);
      return;
    }

  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, export_replace_cb, g_steal_pointer (&task));
}

/* Returns: how many entries were written, or 0 with @error set */
guint
gantry_history_page_export_finish (GantryHistoryPage  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  guint n;

  n = gantry_history_page_export_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  name = g_file_get_parse_name (file);
  if (error != NULL)
    message = g_strdup_printf (_("Could not export the history to %s: %s"), name,
                               error->message);
  else
    message = g_strdup_printf (ngettext ("Exported %u entry to %s", "Exported %u entries to %s",
                                         n), n, name);
  toast (self, message);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     GantryHistoryPage *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "gantry-export-format");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    gantry_history_page_export_async (self, format, file, self->cancellable, export_done_cb,
                                      g_object_ref (file));
  g_clear_object (&self->chooser);
}

static void
gantry_history_page_export (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (!g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    {
      g_warning ("Unknown export format “%s”", format);
      return;
    }

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  chooser = gtk_file_chooser_native_new (_("Export History"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = g_strdup_printf ("gantry-history.%s", format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "gantry-export-format", g_strdup (format), g_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* --- rollback -------------------------------------------------------------- */

static void
rollback_execute_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GantryHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  summary = gantry_rollback_execute_finish (GANTRY_ROLLBACK (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (self->cancellable))
    return;

  set_flag (self, self->loading, FALSE);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_spinner_set_spinning (self->progress_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.rollback", TRUE);

  toast (self, error != NULL ? error->message : summary);
  /* The rollback is in the journal and in AWS now: show it */
  load (self);
}

static void
rollback_response_cb (GantryRollbackDialog *dialog,
                      const char           *response,
                      GantryHistoryPage    *self)
{
  const GantryRollbackPlan *plan = gantry_rollback_dialog_get_plan (dialog);
  g_autofree char *target = NULL;
  g_autofree char *progress = NULL;

  if (!g_str_equal (response, GANTRY_ROLLBACK_DIALOG_RESPONSE_ROLLBACK) || plan == NULL ||
      self->rollback == NULL)
    return;

  if (plan->target == GANTRY_ROLLBACK_TARGET_REVISION)
    {
      target = gantry_history_row_short_target (plan->to_task_definition);
      progress = g_strdup_printf (self->watch_rollouts
                                  ? _("Rolling back service %s to %s and watching the "
                                      "deployment…")
                                  : _("Rolling back service %s to %s…"),
                                  plan->service, target);
    }
  else
    {
      target = gantry_history_row_short_target (plan->to_digest);
      progress = g_strdup_printf (_("Moving tag %s of %s back to %s…"), plan->tag,
                                  plan->repository, target);
    }

  set_flag (self, self->loading, TRUE);
  gtk_label_set_label (self->progress_label, progress);
  gtk_spinner_set_spinning (self->progress_spinner, TRUE);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.rollback", FALSE);
  gantry_rollback_execute_async (self->rollback, plan, self->cancellable, rollback_execute_cb,
                                 g_object_ref (self));
}

static void
rollback_plan_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GantryRollbackDialog) dialog = user_data;
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = gantry_rollback_plan_finish (GANTRY_ROLLBACK (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Refusals (image gone, foreign family) and failures alike end up in the
   * dialog, which the user opened to see exactly this. */
  if (plan == NULL)
    gantry_rollback_dialog_set_error (dialog, error);
  else
    gantry_rollback_dialog_set_plan (dialog, plan);
}

static void
gantry_history_page_rollback (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (widget);
  guint position = g_variant_get_uint32 (parameter);
  g_autoptr(GantryHistoryEntry) entry = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *to;

  entry = g_list_model_get_item (G_LIST_MODEL (self->history), position);
  if (entry == NULL || !gantry_history_entry_can_roll_back_to (entry))
    {
      toast (self, _("This entry names no image or revision to roll back to."));
      return;
    }
  if (self->rollback == NULL || !GTK_IS_WINDOW (root))
    {
      toast (self, _("Connect an AWS account to roll back."));
      return;
    }
  if (self->rolling_back)
    {
      toast (self, _("A rollback is already running; wait for it to finish."));
      return;
    }

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  self->dialog = gantry_rollback_dialog_new (GTK_WINDOW (root), entry);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (rollback_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));

  to = gantry_history_entry_get_to (entry);
  if (g_str_has_prefix (to, "sha256:"))
    gantry_rollback_plan_digest_async (self->rollback, gantry_history_entry_get_repository (entry),
                                       to, self->cancellable, rollback_plan_cb,
                                       g_object_ref (self->dialog));
  else
    gantry_rollback_plan_revision_async (self->rollback, gantry_history_get_cluster (self->history),
                                         gantry_history_entry_get_service (entry), to,
                                         self->cancellable, rollback_plan_cb,
                                         g_object_ref (self->dialog));
}

/* --- list ------------------------------------------------------------------ */

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_child (item, gantry_history_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  gantry_history_row_set_entry (GANTRY_HISTORY_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item),
                                gtk_list_item_get_position (item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  /* Drops the row's reference, so the model's weak cache lets go too */
  gantry_history_row_set_entry (GANTRY_HISTORY_ROW (gtk_list_item_get_child (item)), NULL, 0);
}

/* Dropdown labels that ellipsize, so the filter bar fits a phone-sized
 * window; the popup is as wide as its longest choice anyway. */
static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* --- GObject --------------------------------------------------------------- */

static void
gantry_history_page_map (GtkWidget *widget)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (gantry_history_page_parent_class)->map (widget);

  if (self->dirty)
    load (self);
}

static void
gantry_history_page_dispose (GObject *object)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->environment);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_HISTORY_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->history);
  g_clear_object (&self->rollback);
  g_clear_object (&self->journal);
  g_clear_object (&self->services);
  g_clear_object (&self->repositories);
  g_clear_object (&self->outcomes);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gantry_history_page_parent_class)->dispose (object);
}

static void
gantry_history_page_finalize (GObject *object)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (object);

  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (gantry_history_page_parent_class)->finalize (object);
}

static void
gantry_history_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;
    case PROP_WATCH_ROLLOUTS:
      g_value_set_boolean (value, self->watch_rollouts);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, gantry_history_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_history_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GantryHistoryPage *self = GANTRY_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_history_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_ENVIRONMENT:
      gantry_history_page_set_environment (self, g_value_get_object (value));
      break;
    case PROP_WATCH_ROLLOUTS:
      gantry_history_page_set_watch_rollouts (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_history_page_class_init (GantryHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gantry_history_page_dispose;
  object_class->finalize = gantry_history_page_finalize;
  object_class->get_property = gantry_history_page_get_property;
  object_class->set_property = gantry_history_page_set_property;
  widget_class->map = gantry_history_page_map;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION, rw);
  properties[PROP_ENVIRONMENT] = g_param_spec_object ("environment", NULL, NULL,
                                                      GANTRY_TYPE_ENVIRONMENT, rw);
  /* Whether a revision rollback follows its deployment to a verdict, or
   * ends once ECS accepted UpdateService */
  properties[PROP_WATCH_ROLLOUTS] = g_param_spec_boolean ("watch-rollouts", NULL, NULL, TRUE, rw);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-history-page.ui");
  /* A plain widget with a bin layout rather than an AdwBin: AdwBin's own
   * dispose would unparent the child gtk_widget_dispose_template() already
   * unparented. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, empty_reload_button);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, service_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, repository_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, reload_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, sources_button);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, sources_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, sources_box);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GantryHistoryPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, factory_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL, gantry_history_page_reload);
  gtk_widget_class_install_action (widget_class, "page.rollback", "u",
                                   gantry_history_page_rollback);
  gtk_widget_class_install_action (widget_class, "page.export", "s", gantry_history_page_export);
  gtk_widget_class_install_action (widget_class, "page.clear-filters", NULL,
                                   gantry_history_page_clear_filters);
  gtk_widget_class_install_action (widget_class, "page.focus-search", NULL,
                                   gantry_history_page_focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "page.focus-search", NULL);
}

static void
gantry_history_page_init (GantryHistoryPage *self)
{
  g_autoptr(GtkListItemFactory) choices = NULL;

  self->watch_rollouts = TRUE;
  self->cancellable = g_cancellable_new ();
  self->journal = gantry_journal_new (NULL);
  self->services = gtk_string_list_new (NULL);
  self->repositories = gtk_string_list_new (NULL);
  self->outcomes = gtk_string_list_new (NULL);
  gtk_string_list_append (self->services, _("All Services"));
  gtk_string_list_append (self->repositories, _("All Repositories"));
  gtk_string_list_append (self->outcomes, _("All Outcomes"));

  gtk_widget_init_template (GTK_WIDGET (self));

  choices = gtk_signal_list_item_factory_new ();
  g_signal_connect (choices, "setup", G_CALLBACK (choice_setup_cb), NULL);
  g_signal_connect (choices, "bind", G_CALLBACK (choice_bind_cb), NULL);
  gtk_drop_down_set_factory (self->service_dropdown, choices);
  gtk_drop_down_set_factory (self->repository_dropdown, choices);
  gtk_drop_down_set_factory (self->outcome_dropdown, choices);
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (self->services));
  gtk_drop_down_set_model (self->repository_dropdown, G_LIST_MODEL (self->repositories));
  gtk_drop_down_set_model (self->outcome_dropdown, G_LIST_MODEL (self->outcomes));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  replace_history (self);
}

/* --- public ---------------------------------------------------------------- */

/**
 * gantry_history_page_get_session:
 *
 * Returns: (nullable) (transfer none): the account shown
 */
GantrySession *
gantry_history_page_get_session (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), NULL);
  return self->session;
}

/**
 * gantry_history_page_set_session:
 * @session: (nullable): the account to show the history of
 */
void
gantry_history_page_set_session (GantryHistoryPage *self,
                                 GantrySession     *session)
{
  g_return_if_fail (GANTRY_IS_HISTORY_PAGE (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_changed_cb),
                             self, G_CONNECT_SWAPPED);
  replace_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gantry_history_page_get_environment:
 *
 * Returns: (nullable) (transfer none): what "prod" is: cluster,
 *   repositories, latest tag
 */
GantryEnvironment *
gantry_history_page_get_environment (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), NULL);
  return self->environment;
}

void
gantry_history_page_set_environment (GantryHistoryPage *self,
                                     GantryEnvironment *environment)
{
  g_return_if_fail (GANTRY_IS_HISTORY_PAGE (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;
  replace_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

gboolean
gantry_history_page_get_watch_rollouts (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), FALSE);
  return self->watch_rollouts;
}

void
gantry_history_page_set_watch_rollouts (GantryHistoryPage *self,
                                        gboolean           watch)
{
  g_return_if_fail (GANTRY_IS_HISTORY_PAGE (self));

  watch = !!watch;
  if (self->watch_rollouts == (guint) watch)
    return;
  self->watch_rollouts = watch;
  if (self->rollback != NULL)
    gantry_rollback_set_watch (self->rollback, watch, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_ROLLOUTS]);
}

/* Returns: whether a load or a rollback is under way */
gboolean
gantry_history_page_get_busy (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), FALSE);
  return self->loading || self->rolling_back;
}

/* Returns: "loading", "empty", "error" or "content" */
const char *
gantry_history_page_get_state_name (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * gantry_history_page_get_history:
 *
 * Returns: (transfer none): the model the list shows; replaced when the
 *   session or the environment changes
 */
GantryHistory *
gantry_history_page_get_history (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), NULL);
  return self->history;
}

/**
 * gantry_history_page_get_rollback_dialog:
 *
 * Returns: (nullable) (transfer none): the open "Roll back to this…" dialog
 */
GantryRollbackDialog *
gantry_history_page_get_rollback_dialog (GantryHistoryPage *self)
{
  g_return_val_if_fail (GANTRY_IS_HISTORY_PAGE (self), NULL);
  return self->dialog;
}
