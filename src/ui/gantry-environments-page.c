/* gantry-environments-page.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-environments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-environments-page.h"

/**
 * GantryEnvironmentsPage:
 *
 * The Preferences window's Environments page: the saved environments (and
 * the window's own one while it is only discovered, not saved), each opening
 * a #GantryEnvironmentEditor as a subpage, and Add for a new one. It owns no
 * environment the window uses: it says what was saved or deleted through
 * its signals and the window decides.
 */
struct _GantryEnvironmentsPage
{
  AdwPreferencesPage       parent_instance;

  /* template */
  GtkListBox              *list_box;

  /* owned */
  GantrySession           *session;
  GantryEnvironment       *current_environment;
  GCancellable            *cancellable;
  GStrv                    names;
  /* (element-type GantryEnvironment) index-aligned with names; NULL where
   * the file did not load, with the reason in errors */
  GPtrArray               *environments;
  GPtrArray               *errors;
  guint                    pending;

  /* borrowed: the open subpage, cleared by a weak pointer */
  GantryEnvironmentEditor *editor;
};

G_DEFINE_FINAL_TYPE (GantryEnvironmentsPage, gantry_environments_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CURRENT_ENVIRONMENT,
  PROP_LOADING,
  N_PROPS
};

enum {
  ENVIRONMENT_SAVED,
  ENVIRONMENT_DELETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The arrays hold NULL where there is nothing to free */
static void
object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
error_free_nullable (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static gboolean
is_saved (GantryEnvironmentsPage *self,
          const char             *name)
{
  return self->names != NULL && g_strv_contains ((const char * const *) self->names, name);
}

static void
add_toast (GantryEnvironmentsPage *self,
           char                   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  g_free (message);
}

/* --- the list ------------------------------------------------------------- */

static char *
describe (GantryEnvironment *environment)
{
  const char *profile = gantry_environment_get_profile (environment);
  const char *region = gantry_environment_get_region (environment);

  if (profile != NULL && region != NULL)
    /* Translators: an AWS profile name and a region, e.g. "prod · eu-central-1" */
    return g_strdup_printf (_("%s · %s"), profile, region);
  if (profile != NULL)
    return g_strdup (profile);
  return g_strdup (_("No profile"));
}

static GtkWidget *
create_row (GantryEnvironmentsPage *self,
            const char             *name,
            GantryEnvironment      *environment,
            const GError           *error,
            gboolean                saved)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean current = self->current_environment != NULL &&
                     g_strcmp0 (gantry_environment_get_name (self->current_environment), name) == 0;
  g_autofree char *description = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  g_object_set_data_full (G_OBJECT (row), "environment-name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), "unsaved", GINT_TO_POINTER (!saved));

  if (environment == NULL)
    {
      /* A hand-edited file with a mistake: say what, and leave it alone */
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (icon, _("This file could not be read"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error != NULL ? error->message : NULL);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      return row;
    }

  description = describe (environment);
  if (!saved)
    /* Translators: the environment was discovered from the account but has no file yet */
    subtitle = g_strdup_printf (_("%s · In use, not saved yet"), description);
  else if (current)
    /* Translators: the environment the main window works on */
    subtitle = g_strdup_printf (_("%s · In use"), description);
  else
    subtitle = g_steal_pointer (&description);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
rebuild (GantryEnvironmentsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  /* The window's environment first while only it knows it */
  if (self->current_environment != NULL &&
      !is_saved (self, gantry_environment_get_name (self->current_environment)))
    gtk_list_box_append (self->list_box,
                         create_row (self, gantry_environment_get_name (self->current_environment),
                                     self->current_environment, NULL, FALSE));

  for (guint i = 0; self->names != NULL && self->names[i] != NULL; i++)
    gtk_list_box_append (self->list_box,
                         create_row (self, self->names[i],
                                     g_ptr_array_index (self->environments, i),
                                     g_ptr_array_index (self->errors, i), TRUE));
}

typedef struct
{
  GantryEnvironmentsPage *self;
  guint                   index;
} LoadData;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GantryEnvironmentsPage) self = data->self;
  guint index = data->index;
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);
  environment = gantry_environment_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_ptr_array_index (self->environments, index) = g_steal_pointer (&environment);
  g_ptr_array_index (self->errors, index) = g_steal_pointer (&error);

  if (--self->pending == 0)
    {
      rebuild (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GantryEnvironmentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  guint n;

  names = gantry_environment_list_finish (result, &error);
  if (names == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      add_toast (self, g_strdup (error->message));
      names = g_new0 (char *, 1);
    }

  g_strfreev (self->names);
  self->names = g_steal_pointer (&names);
  n = g_strv_length (self->names);
  g_ptr_array_set_size (self->environments, 0);
  g_ptr_array_set_size (self->environments, n);
  g_ptr_array_set_size (self->errors, 0);
  g_ptr_array_set_size (self->errors, n);

  if (n == 0)
    {
      self->pending = 0;
      rebuild (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  /* The files are read at once; the list shows when the last one is in */
  self->pending = n;
  for (guint i = 0; i < n; i++)
    {
      LoadData *data = g_new0 (LoadData, 1);

      data->self = g_object_ref (self);
      data->index = i;
      gantry_environment_load_async (self->names[i], self->cancellable, load_cb, data);
    }
}

/**
 * gantry_environments_page_reload:
 *
 * Lists the environment files again.
 */
void
gantry_environments_page_reload (GantryEnvironmentsPage *self)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->pending = 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  gantry_environment_list_async (self->cancellable, list_cb, g_object_ref (self));
}

/* --- the editor ----------------------------------------------------------- */

/* The subpage leaves with a transition; it is done with at once */
static void
forget_editor (GantryEnvironmentsPage *self)
{
  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = NULL;
}

static void
editor_saved_cb (GantryEnvironmentsPage *self,
                 GantryEnvironment      *environment)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  add_toast (self, g_strdup_printf (_("Environment “%s” saved"),
                                    gantry_environment_get_name (environment)));
  g_signal_emit (self, signals[ENVIRONMENT_SAVED], 0, environment);
  forget_editor (self);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
  gantry_environments_page_reload (self);
}

static void
editor_deleted_cb (GantryEnvironmentsPage *self,
                   const char             *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  add_toast (self, g_strdup_printf (_("Environment “%s” deleted"), name));
  g_signal_emit (self, signals[ENVIRONMENT_DELETED], 0, name);
  forget_editor (self);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
  gantry_environments_page_reload (self);
}

static void
present_editor (GantryEnvironmentsPage *self,
                GtkWidget              *editor)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_if_fail (ADW_IS_PREFERENCES_WINDOW (root));

  forget_editor (self);
  self->editor = GANTRY_ENVIRONMENT_EDITOR (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &self->editor);

  gantry_environment_editor_set_session (self->editor, self->session);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "deleted", G_CALLBACK (editor_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (root), editor);
}

/**
 * gantry_environments_page_edit:
 * @name: a saved environment's name, or the window's unsaved one
 *
 * Opens the editor for @name, if it is listed and could be read.
 */
void
gantry_environments_page_edit (GantryEnvironmentsPage *self,
                               const char             *name)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self));
  g_return_if_fail (name != NULL);

  for (guint i = 0; self->names != NULL && self->names[i] != NULL; i++)
    if (g_str_equal (self->names[i], name))
      {
        GantryEnvironment *environment = g_ptr_array_index (self->environments, i);

        if (environment != NULL)
          present_editor (self, gantry_environment_editor_new (environment));
        return;
      }

  /* Saving the discovered environment creates its file */
  if (self->current_environment != NULL &&
      g_str_equal (gantry_environment_get_name (self->current_environment), name))
    present_editor (self,
                    gantry_environment_editor_new_for_create (self->current_environment,
                                                              (const char * const *) self->names));
}

static void
row_activated_cb (GantryEnvironmentsPage *self,
                  GtkListBoxRow          *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "environment-name");

  if (name != NULL)
    gantry_environments_page_edit (self, name);
}

static void
gantry_environments_page_add (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GantryEnvironmentsPage *self = GANTRY_ENVIRONMENTS_PAGE (widget);
  const char * const *names = (const char * const *) self->names;

  present_editor (self, gantry_environment_editor_new_for_create (NULL, names));
}

/* --- GObject -------------------------------------------------------------- */

static void
gantry_environments_page_dispose (GObject *object)
{
  GantryEnvironmentsPage *self = GANTRY_ENVIRONMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_editor (self);
  g_clear_object (&self->session);
  g_clear_object (&self->current_environment);

  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_ENVIRONMENTS_PAGE);

  G_OBJECT_CLASS (gantry_environments_page_parent_class)->dispose (object);
}

static void
gantry_environments_page_finalize (GObject *object)
{
  GantryEnvironmentsPage *self = GANTRY_ENVIRONMENTS_PAGE (object);

  g_strfreev (self->names);
  g_ptr_array_unref (self->environments);
  g_ptr_array_unref (self->errors);

  G_OBJECT_CLASS (gantry_environments_page_parent_class)->finalize (object);
}

static void
gantry_environments_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GantryEnvironmentsPage *self = GANTRY_ENVIRONMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_CURRENT_ENVIRONMENT:
      g_value_set_object (value, self->current_environment);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_environments_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GantryEnvironmentsPage *self = GANTRY_ENVIRONMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gantry_environments_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_CURRENT_ENVIRONMENT:
      gantry_environments_page_set_current_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gantry_environments_page_class_init (GantryEnvironmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_environments_page_dispose;
  object_class->finalize = gantry_environments_page_finalize;
  object_class->get_property = gantry_environments_page_get_property;
  object_class->set_property = gantry_environments_page_set_property;

  /**
   * GantryEnvironmentsPage:session:
   *
   * The window's account, for the editors' Auto-discover.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GANTRY_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GantryEnvironmentsPage:current-environment:
   *
   * The window's environment: marked "In use", and listed (to be saved)
   * while it has no file.
   */
  properties[PROP_CURRENT_ENVIRONMENT] =
    g_param_spec_object ("current-environment", NULL, NULL, GANTRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GantryEnvironmentsPage:loading:
   *
   * Whether the environment files are being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GantryEnvironmentsPage::environment-saved:
   * @environment: the environment as written
   */
  signals[ENVIRONMENT_SAVED] =
    g_signal_new ("environment-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GANTRY_TYPE_ENVIRONMENT);

  /**
   * GantryEnvironmentsPage::environment-deleted:
   * @name: the deleted environment's name
   */
  signals[ENVIRONMENT_DELETED] =
    g_signal_new ("environment-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-environments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GantryEnvironmentsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "environments.add", NULL,
                                   gantry_environments_page_add);

  g_type_ensure (GANTRY_TYPE_ENVIRONMENT_EDITOR);
}

static void
gantry_environments_page_init (GantryEnvironmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->environments = g_ptr_array_new_with_free_func (object_unref_nullable);
  self->errors = g_ptr_array_new_with_free_func (error_free_nullable);
  gantry_environments_page_reload (self);
}

GtkWidget *
gantry_environments_page_new (void)
{
  return g_object_new (GANTRY_TYPE_ENVIRONMENTS_PAGE, NULL);
}

/**
 * gantry_environments_page_get_session:
 *
 * Returns: (nullable) (transfer none): the account editors discover from
 */
GantrySession *
gantry_environments_page_get_session (GantryEnvironmentsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self), NULL);

  return self->session;
}

void
gantry_environments_page_set_session (GantryEnvironmentsPage *self,
                                      GantrySession          *session)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self));
  g_return_if_fail (session == NULL || GANTRY_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  if (self->editor != NULL)
    gantry_environment_editor_set_session (self->editor, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gantry_environments_page_get_current_environment:
 *
 * Returns: (nullable) (transfer none): the window's environment
 */
GantryEnvironment *
gantry_environments_page_get_current_environment (GantryEnvironmentsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self), NULL);

  return self->current_environment;
}

void
gantry_environments_page_set_current_environment (GantryEnvironmentsPage *self,
                                                  GantryEnvironment      *environment)
{
  g_return_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self));
  g_return_if_fail (environment == NULL || GANTRY_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->current_environment, environment))
    return;

  if (self->pending == 0)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ENVIRONMENT]);
}

gboolean
gantry_environments_page_get_loading (GantryEnvironmentsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self), FALSE);

  return self->pending > 0;
}

/**
 * gantry_environments_page_get_names:
 *
 * Returns: (transfer none) (nullable): the saved environments' names, as
 *   last listed
 */
const char * const *
gantry_environments_page_get_names (GantryEnvironmentsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self), NULL);

  return (const char * const *) self->names;
}

/**
 * gantry_environments_page_get_editor:
 *
 * Returns: (nullable) (transfer none): the editor shown as a subpage
 */
GantryEnvironmentEditor *
gantry_environments_page_get_editor (GantryEnvironmentsPage *self)
{
  g_return_val_if_fail (GANTRY_IS_ENVIRONMENTS_PAGE (self), NULL);

  return self->editor;
}
