/* test-promotions-page.c: the Promotions page against moto with signature
 * checking on and the demo account seeded: promote through the page action
 * and the dialog, check ECR itself, undo, roll a service, typed
 * confirmation and a refusal.
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gantry-application.h"
#include "gantry-promote-dialog.h"
#include "gantry-promotions-page.h"
#include "gantry-repository-row.h"
#include "gantry-rollout-view.h"
#include "gantry-test-moto.h"
#include "gantry-test-ui.h"
#include "gantry-window-private.h"

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"

/* Generous: the first frame under Xvfb with software GL can take seconds,
 * and moto answers slowly on a loaded two-core machine. */
#define WAIT_TIMEOUT_SECONDS 60

static GantryApplication *app;
static GantryTestMoto *moto;
/* from the demo seed's summary: backend's builds, oldest first */
static char *seed_candidate_digest;
static char *seed_latest_digest;

/* summaries of the desktop notifications Gantry sent */
static GPtrArray *notifications;

/* A stand-in for the desktop's notification server on the private session
 * bus of build-aux/test.sh: GIO's freedesktop backend talks to it, and the
 * test sees what the user would have seen. The window is never active
 * under Xvfb without a window manager, so every result is notified. */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (notifications, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", capabilities));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "gantry", "1",
                                                            "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static const GDBusInterfaceVTable notifications_vtable = { notifications_method_call };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
start_notification_server (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean acquired = FALSE;

  notifications = g_ptr_array_new_with_free_func (g_free);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &notifications_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                &acquired, NULL);
  gantry_test_ui_wait_until (flag_set, &acquired, WAIT_TIMEOUT_SECONDS);
}

static gboolean
notified (const char *prefix)
{
  for (guint i = 0; i < notifications->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (notifications, i), prefix))
      return TRUE;
  return FALSE;
}

/* AWS, read directly rather than through the page */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GantryAwsClient *
new_client (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  return client;
}

/* Returns: the digest @tag of @repository names in ECR (DescribeImages) */
static char *
ecr_tag_digest (const char *repository,
                const char *tag)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *refs[] = { tag, NULL };

  gantry_aws_ecr_describe_images_async (ecr, repository, refs, NULL, 0, NULL, store_result,
                                        &result);
  gantry_test_ui_wait_until (have_result, &result, WAIT_TIMEOUT_SECONDS);
  images = gantry_aws_ecr_describe_images_finish (ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 1);
  return g_strdup (((GantryAwsEcrImageDetail *) g_ptr_array_index (images, 0))->digest);
}

static char *
ecs_service_task_definition (const char *service)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { service, NULL };

  gantry_aws_ecs_describe_services_async (ecs, "prod", names, NULL, store_result, &result);
  gantry_test_ui_wait_until (have_result, &result, WAIT_TIMEOUT_SECONDS);
  services = gantry_aws_ecs_describe_services_finish (ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  return g_strdup (((GantryAwsEcsService *) g_ptr_array_index (services, 0))->task_definition);
}

/* Pushes a new build of backend as prod-candidate, as CI would */
static char *
push_new_candidate (void)
{
  static const char manifest[] =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
    "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":7030,"
    "\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000c0ffee\"},"
    "\"layers\":[]}";
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GBytes) bytes = g_bytes_new_static (manifest, strlen (manifest));
  g_autoptr(GantryAwsImage) image = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *digest;

  image = gantry_aws_image_new ("backend", bytes, GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST, NULL);
  gantry_aws_ecr_put_image_async (ecr, image, "prod-candidate", NULL, store_result, &result);
  gantry_test_ui_wait_until (have_result, &result, WAIT_TIMEOUT_SECONDS);
  digest = gantry_aws_ecr_put_image_finish (ecr, result, &error);
  g_assert_no_error (error);
  return digest;
}

/* The window and the page */

typedef struct
{
  GantryWindow         *window;
  GantryPromotionsPage *page;
} Fixture;

static gboolean
window_has_environment (gpointer data)
{
  return gantry_window_get_environment (data) != NULL;
}

/* @user_data: non-%NULL for an environment that is not production */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GantrySession) session = NULL;
  GantryEnvironment *environment;

  fixture->window = gantry_window_new (ADW_APPLICATION (app));
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 820);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "promotions"));
  fixture->page = GANTRY_PROMOTIONS_PAGE (
    adw_view_stack_get_child_by_name (fixture->window->view_stack, "promotions"));

  session = gantry_session_new ("moto", GANTRY_TEST_MOTO_REGION,
                                gantry_test_moto_get_endpoint (moto),
                                gantry_test_moto_get_credentials (moto), NULL);
  gantry_window_set_session (fixture->window, session);
  /* The window hands its session and, once it picked or discovered one,
   * its environment to the page */
  g_assert_true (gantry_promotions_page_get_session (fixture->page) == session);
  gantry_test_ui_wait_until (window_has_environment, fixture->window, WAIT_TIMEOUT_SECONDS);
  environment = gantry_window_get_environment (fixture->window);
  g_assert_true (gantry_promotions_page_get_environment (fixture->page) == environment);
  /* New environments are production with typed confirmation */
  g_assert_true (gantry_environment_get_production (environment));
  if (user_data != NULL)
    gantry_environment_set_production (environment, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
}

static gboolean
backend_read (gpointer data)
{
  Fixture *fixture = data;
  GantryRepositoryRow *row = gantry_promotions_page_get_row (fixture->page, "backend");
  /* the page's template child: its crossfade must be over for screenshots */
  GtkStack *stack = GTK_STACK (gtk_widget_get_first_child (GTK_WIDGET (fixture->page)));

  return row != NULL && !gantry_repository_row_get_busy (row) &&
         g_strcmp0 (gantry_promotions_page_get_view_name (fixture->page), "content") == 0 &&
         !gtk_stack_get_transition_running (stack);
}

static GantryRepositoryRow *
wait_for_backend (Fixture *fixture)
{
  gantry_test_ui_wait_until (backend_read, fixture, WAIT_TIMEOUT_SECONDS);
  return gantry_promotions_page_get_row (fixture->page, "backend");
}

static gboolean
dialog_ready (gpointer data)
{
  Fixture *fixture = data;
  GantryPromoteDialog *dialog = gantry_promotions_page_get_dialog (fixture->page);

  return dialog != NULL && gantry_promote_dialog_get_services_loaded (dialog);
}

static GantryPromoteDialog *
open_dialog (Fixture *fixture)
{
  GantryPromoteDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.promote", "s",
                                             "backend"));
  gantry_test_ui_wait_until (dialog_ready, fixture, WAIT_TIMEOUT_SECONDS);
  dialog = gantry_promotions_page_get_dialog (fixture->page);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Promote backend?");
  return dialog;
}

static gboolean
dialog_gone (gpointer data)
{
  Fixture *fixture = data;

  return gantry_promotions_page_get_dialog (fixture->page) == NULL;
}

static void
answer_dialog (Fixture             *fixture,
               GantryPromoteDialog *dialog,
               const char          *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  /* AdwMessageDialog closes itself when a response button is clicked;
   * a response emitted by code has to close it as the button would. */
  if (gantry_promotions_page_get_dialog (fixture->page) != NULL)
    gtk_window_close (GTK_WINDOW (dialog));
  gantry_test_ui_wait_until (dialog_gone, fixture, WAIT_TIMEOUT_SECONDS);
}

typedef struct
{
  Fixture    *fixture;
  const char *status;
} StatusWait;

static gboolean
backend_settled_as (gpointer data)
{
  StatusWait *wait = data;
  GantryRepositoryRow *row = gantry_promotions_page_get_row (wait->fixture->page, "backend");

  return row != NULL && !gantry_repository_row_get_busy (row) &&
         gantry_repository_row_get_message (row) != NULL &&
         g_strcmp0 (gantry_repository_row_get_status_text (row), wait->status) == 0;
}

static void
wait_for_status (Fixture    *fixture,
                 const char *status)
{
  StatusWait wait = { fixture, status };

  gantry_test_ui_wait_until (backend_settled_as, &wait, WAIT_TIMEOUT_SECONDS);
}

static gboolean
undo_dialog_closed (gpointer data)
{
  Fixture *fixture = data;

  return gantry_promotions_page_get_undo_dialog (fixture->page) == NULL;
}

/* Asks for an Undo as the toast's button does; returns its confirmation */
static AdwMessageDialog *
request_undo (Fixture *fixture)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.undo", "s",
                                             "backend"));
  dialog = gantry_promotions_page_get_undo_dialog (fixture->page);
  g_assert_nonnull (dialog);
  return dialog;
}

/* As a click on a response button: the response, then the dialog closes */
static void
answer_undo (Fixture          *fixture,
             AdwMessageDialog *dialog,
             const char       *response)
{
  adw_message_dialog_response (dialog, response);
  if (gantry_promotions_page_get_undo_dialog (fixture->page) != NULL)
    gtk_window_close (GTK_WINDOW (dialog));
  gantry_test_ui_wait_until (undo_dialog_closed, fixture, WAIT_TIMEOUT_SECONDS);
}

static void
test_promote_and_undo (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GantryRepositoryRow *row = wait_for_backend (fixture);
  GantryRepositoryState *state = gantry_repository_row_get_state (row);
  GantryPromoteDialog *dialog;
  g_auto(GStrv) offered = NULL;
  g_auto(GStrv) chosen = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *prefix = NULL;
  AdwMessageDialog *undo_dialog;

  g_assert_cmpstr (gantry_repository_row_get_status_text (row), ==, "Candidate ready");
  g_assert_cmpstr (gantry_repository_state_get_candidate_digest (state), ==,
                   seed_candidate_digest);
  g_assert_cmpstr (gantry_repository_state_get_latest_digest (state), ==, seed_latest_digest);
  g_assert_nonnull (gantry_promotions_page_get_row (fixture->page, "frontend"));
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (fixture->window), "promotions-page",
                                        WAIT_TIMEOUT_SECONDS);

  dialog = open_dialog (fixture);
  /* Only the service whose task definition runs backend is offered */
  offered = gantry_promote_dialog_dup_offered_services (dialog);
  g_assert_cmpuint (g_strv_length (offered), ==, 1);
  g_assert_cmpstr (offered[0], ==, "prod-api");
  g_assert_cmpstr (gantry_promote_dialog_get_cluster (dialog), ==, "prod");
  /* The default environment is production with typed confirmation */
  g_assert_true (gantry_promote_dialog_get_needs_typing (dialog));
  gtk_editable_set_text (gantry_promote_dialog_get_confirm_entry (dialog), "backend");
  chosen = gantry_promote_dialog_dup_services (dialog);
  g_assert_cmpuint (g_strv_length (chosen), ==, 0);
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (dialog), "promote-dialog",
                                        WAIT_TIMEOUT_SECONDS);
  answer_dialog (fixture, dialog, "promote");

  wait_for_status (fixture, "Up to date");
  g_assert_cmpstr (gantry_repository_row_get_message (row), ==,
                   "Promoted: prod-latest now names the candidate");
  prefix = g_strdup_printf ("Now: %s\nBefore: %s", seed_candidate_digest, seed_latest_digest);
  g_assert_cmpstr (gantry_repository_row_get_message_body (row), ==, prefix);
  /* The window is not active under Xvfb: the desktop was told */
  g_assert_false (gtk_window_is_active (GTK_WINDOW (fixture->window)));
  g_assert_true (notified ("backend promoted to sha256:"));
  g_assert_null (gantry_repository_row_get_rollout_view (row, "prod-api"));

  /* ECR itself: prod-latest moved, the candidate did not */
  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_candidate_digest);
  candidate = ecr_tag_digest ("backend", "prod-candidate");
  g_assert_cmpstr (candidate, ==, seed_candidate_digest);
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (fixture->window), "promotions-page-promoted",
                                        WAIT_TIMEOUT_SECONDS);

  /* Undo, as the toast's button does: asked first, and Cancel writes nothing */
  undo_dialog = request_undo (fixture);
  g_assert_cmpstr (adw_message_dialog_get_default_response (undo_dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (undo_dialog, "undo"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (undo_dialog), seed_latest_digest));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (undo_dialog), "ecr:PutImage"));
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (undo_dialog), "promotions-undo-dialog",
                                        WAIT_TIMEOUT_SECONDS);
  answer_undo (fixture, undo_dialog, "cancel");
  g_assert_cmpstr (gantry_repository_row_get_status_text (row), ==, "Up to date");
  g_clear_pointer (&latest, g_free);
  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_candidate_digest);

  answer_undo (fixture, request_undo (fixture), "undo");
  wait_for_status (fixture, "Candidate ready");
  g_assert_true (g_str_has_prefix (gantry_repository_row_get_message (row), "Rolled back:"));
  g_clear_pointer (&latest, g_free);
  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_latest_digest);
}

static gboolean
rollout_watched (gpointer data)
{
  GantryRepositoryRow *row = data;

  return gantry_repository_row_get_watching (row) &&
         gantry_repository_row_get_rollout_view (row, "prod-api") != NULL;
}

static gboolean
rollout_unwatched (gpointer data)
{
  return !gantry_repository_row_get_watching (data);
}

static void
test_roll_service (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GantryRepositoryRow *row = wait_for_backend (fixture);
  GantryPromoteDialog *dialog;
  GantryRolloutView *view;
  g_autofree char *before = ecs_service_task_definition ("prod-api");
  g_autofree char *after = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *other = ecs_service_task_definition ("prod-app");
  g_autofree char *other_after = NULL;

  g_assert_cmpstr (gantry_repository_row_get_status_text (row), ==, "Candidate ready");
  dialog = open_dialog (fixture);
  /* Not production here: no name to type */
  g_assert_false (gantry_promote_dialog_get_needs_typing (dialog));
  g_assert_true (gantry_promote_dialog_set_service_active (dialog, "prod-api", TRUE));
  g_assert_false (gantry_promote_dialog_set_service_active (dialog, "prod-app", TRUE));
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                         "ecs:UpdateService") != NULL);
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (dialog), "promote-dialog-service",
                                        WAIT_TIMEOUT_SECONDS);
  answer_dialog (fixture, dialog, "promote");

  wait_for_status (fixture, "Up to date");
  /* moto never completes a deployment: the page follows it, in progress,
   * until told to stop */
  gantry_test_ui_wait_until (rollout_watched, row, WAIT_TIMEOUT_SECONDS);
  view = GANTRY_ROLLOUT_VIEW (gantry_repository_row_get_rollout_view (row, "prod-api"));
  g_assert_cmpstr (gantry_rollout_view_get_state_text (view), ==, "In progress");
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (fixture->window), "promotions-page-rollout",
                                        WAIT_TIMEOUT_SECONDS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.stop-watching",
                                             "s", "backend"));
  gantry_test_ui_wait_until (rollout_unwatched, row, WAIT_TIMEOUT_SECONDS);
  g_assert_cmpint (gantry_rollout_get_state (gantry_rollout_view_get_rollout (view)), ==,
                   GANTRY_ROLLOUT_STATE_NOT_WATCHED);

  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_candidate_digest);
  after = ecs_service_task_definition ("prod-api");
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpstr (after, ==, gantry_rollout_get_task_definition (
                                gantry_rollout_view_get_rollout (view)));
  other_after = ecs_service_task_definition ("prod-app");
  g_assert_cmpstr (other_after, ==, other);

  /* Undo, confirmed, puts the image and the service back */
  answer_undo (fixture, request_undo (fixture), "undo");
  wait_for_status (fixture, "Candidate ready");
  g_clear_pointer (&latest, g_free);
  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_latest_digest);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.stop-watching", "s", "backend");
  gantry_test_ui_wait_until (rollout_unwatched, row, WAIT_TIMEOUT_SECONDS);
}

static void
test_typed_confirmation (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GantryRepositoryRow *row = wait_for_backend (fixture);
  GantryPromoteDialog *dialog = open_dialog (fixture);
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);
  GtkEditable *entry = gantry_promote_dialog_get_confirm_entry (dialog);
  g_autofree char *latest = NULL;

  g_assert_true (gantry_promote_dialog_get_needs_typing (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (message, "promote"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (message), ==, "cancel");
  gtk_editable_set_text (entry, "backen");
  g_assert_false (adw_message_dialog_get_response_enabled (message, "promote"));
  gtk_editable_set_text (entry, "frontend");
  g_assert_false (adw_message_dialog_get_response_enabled (message, "promote"));
  gtk_editable_set_text (entry, "backend");
  g_assert_true (adw_message_dialog_get_response_enabled (message, "promote"));
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (dialog), "promote-dialog-production",
                                        WAIT_TIMEOUT_SECONDS);

  answer_dialog (fixture, dialog, "cancel");
  g_assert_false (gantry_repository_row_get_busy (row));
  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_latest_digest);
}

typedef struct
{
  GantryRepositoryRow *row;
  const char          *digest;
} CandidateWait;

static gboolean
row_shows_candidate (gpointer data)
{
  CandidateWait *wait = data;

  return g_strcmp0 (gantry_repository_state_get_candidate_digest (
                      gantry_repository_row_get_state (wait->row)), wait->digest) == 0;
}

static void
test_candidate_moved (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GantryRepositoryRow *row = wait_for_backend (fixture);
  GantryPromoteDialog *dialog = open_dialog (fixture);
  g_autofree char *pushed = NULL;
  g_autofree char *latest = NULL;
  const char *message;

  /* CI pushes a new candidate while the user reads the dialog. moto's
   * PutImage reply does not give ECR's digest: read it back. */
  g_free (push_new_candidate ());
  pushed = ecr_tag_digest ("backend", "prod-candidate");
  g_assert_cmpstr (pushed, !=, seed_candidate_digest);
  answer_dialog (fixture, dialog, "promote");

  wait_for_status (fixture, "Candidate ready");
  g_assert_cmpstr (gantry_repository_row_get_message (row), ==,
                   "Refused: the candidate is not the approved image");
  message = gantry_repository_row_get_message_body (row);
  g_assert_nonnull (message);
  /* Both digests: the one approved and the one now tagged */
  g_assert_nonnull (strstr (message, seed_candidate_digest));
  g_assert_nonnull (strstr (message, pushed));
  /* The page reads the repository again and offers the new candidate */
  gantry_test_ui_wait_until (row_shows_candidate, &(CandidateWait) { row, pushed },
                             WAIT_TIMEOUT_SECONDS);
  gantry_test_ui_save_screenshot_drawn (GTK_WIDGET (fixture->window), "promotions-page-refused",
                                        WAIT_TIMEOUT_SECONDS);

  latest = ecr_tag_digest ("backend", "prod-latest");
  g_assert_cmpstr (latest, ==, seed_latest_digest);
}

static void
read_seed_summary (const char *summary)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *repositories;
  JsonArray *images;
  guint n;

  json_parser_load_from_data (parser, summary, -1, &error);
  g_assert_no_error (error);
  repositories = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                "Repositories");
  images = json_object_get_array_member (json_object_get_object_member (repositories, "backend"),
                                         "Images");
  n = json_array_get_length (images);
  g_assert_cmpuint (n, >=, 3);
  /* The newest build is prod-candidate; the second oldest prod-latest */
  seed_candidate_digest = g_strdup (json_object_get_string_member (
    json_array_get_object_element (images, n - 1), "Digest"));
  seed_latest_digest = g_strdup (json_object_get_string_member (
    json_array_get_object_element (images, 1), "Digest"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Isolated: promotions journal to $XDG_DATA_HOME */
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  if (g_getenv ("GANTRY_DEMO_SEED") == NULL)
    {
      g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                     "gantry-demo-seed.py", NULL);

      g_setenv ("GANTRY_DEMO_SEED", seed, TRUE);
    }

  start_notification_server ();

  app = g_object_new (GANTRY_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, &summary, &error);
  g_assert_no_error (error);
  read_seed_summary (summary);

  g_test_add ("/ui/promotions-page/promote-and-undo", Fixture, NULL, fixture_set_up,
              test_promote_and_undo, fixture_tear_down);
  /* Not production: rolling a service needs no typing */
  g_test_add ("/ui/promotions-page/roll-service", Fixture, "staging", fixture_set_up,
              test_roll_service, fixture_tear_down);
  g_test_add ("/ui/promotions-page/typed-confirmation", Fixture, NULL, fixture_set_up,
              test_typed_confirmation, fixture_tear_down);
  /* Last: it leaves a new candidate behind */
  g_test_add ("/ui/promotions-page/candidate-moved", Fixture, "staging", fixture_set_up,
              test_candidate_moved, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&notifications, g_ptr_array_unref);
  if (moto != NULL)
    gantry_test_moto_stop (moto);
  g_free (seed_candidate_digest);
  g_free (seed_latest_digest);
  return ret;
}
