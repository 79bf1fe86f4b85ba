/* gantry-cli-history.c: `gantryctl history`
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gantry-cli-history.h"

#include "aws/gantry-aws-ecs.h"
#include "core/gantry-error.h"
#include "core/gantry-history.h"

static GantryCliHistoryOptions options;

/**
 * gantry_cli_history_option_group:
 *
 * The options of `history` and `rollback`, in their own group so that
 * gantryctl.c only has to add the group.
 *
 * Returns: (transfer full): the group
 */
GOptionGroup *
gantry_cli_history_option_group (void)
{
  static GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.services,
      N_("history, rollback: the ECS service"), N_("NAME") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options.limit,
      N_("history: show at most this many entries"), N_("N") },
    { "to-digest", 0, 0, G_OPTION_ARG_STRING, &options.to_digest,
      N_("rollback: move the latest tag back to this digest"), N_("DIGEST") },
    { "to-revision", 0, 0, G_OPTION_ARG_STRING, &options.to_revision,
      N_("rollback: move the service back to this task-definition revision"), N_("N") },
    { "last-healthy", 0, 0, G_OPTION_ARG_NONE, &options.last_healthy,
      N_("rollback: move the service back to its last healthy revision"), NULL },
    { "no-watch", 0, 0, G_OPTION_ARG_NONE, &options.no_watch,
      N_("rollback: do not wait for the ECS deployment to complete"), NULL },
    { NULL }
  };
  GOptionGroup *group;

  group = g_option_group_new ("history", _("History and rollback options:"),
                              _("Show the options of history and rollback"), NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

GantryCliHistoryOptions *
gantry_cli_history_get_options (void)
{
  return &options;
}

/**
 * gantry_cli_history_load_environment:
 *
 * Returns: (transfer full) (nullable): the --env environment, or %NULL
 *   without --env (and without an error)
 */
GantryEnvironment *
gantry_cli_history_load_environment (GantryCli  *cli,
                                     GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (cli->env_name == NULL)
    return NULL;

  gantry_environment_load_async (cli->env_name, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  return gantry_environment_load_finish (result, error);
}

/**
 * gantry_cli_history_resolve_cluster:
 *
 * --cluster, else the environment's, else the account's only cluster.
 *
 * Returns: (transfer full): the cluster, or %NULL with @error set
 */
char *
gantry_cli_history_resolve_cluster (GantryCli        *cli,
                                    GantryAwsClient  *client,
                                    GError          **error)
{
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GantryAwsEcs) ecs = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) arns = NULL;
  const char *slash;

  if (cli->cluster != NULL)
    return g_strdup (cli->cluster);

  environment = gantry_cli_history_load_environment (cli, error);
  if (environment == NULL && cli->env_name != NULL)
    return NULL;
  if (environment != NULL && gantry_environment_get_cluster (environment) != NULL)
    return g_strdup (gantry_environment_get_cluster (environment));

  ecs = gantry_aws_ecs_new (client);
  gantry_aws_ecs_list_clusters_async (ecs, 0, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  arns = gantry_aws_ecs_list_clusters_finish (ecs, result, error);
  if (arns == NULL)
    return NULL;
  if (g_strv_length (arns) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The account has %u ECS clusters in %s: choose one with --cluster or --env."),
                   g_strv_length (arns), gantry_aws_client_get_region (client));
      return NULL;
    }

  slash = strrchr (arns[0], '/');
  return g_strdup (slash != NULL ? slash + 1 : arns[0]);
}

static void
print_text (GantryHistory *history,
            guint          limit)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (history));

  if (limit > 0)
    n = MIN (n, limit);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GantryHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);
      GDateTime *time = gantry_history_entry_get_time (entry);
      g_autofree char *when = time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : NULL;
      const char *subject = gantry_history_entry_get_service (entry);

      if (subject == NULL)
        subject = gantry_history_entry_get_repository (entry);

      g_print ("%-19s  %-10s  %-12s  %s%s%s  %s%s%s%s\n",
               when ? when : "-",
               gantry_history_kind_to_string (gantry_history_entry_get_kind (entry)),
               subject ? subject : "-",
               gantry_history_entry_get_from (entry) ? gantry_history_entry_get_from (entry) : "",
               gantry_history_entry_get_from (entry) ? " → " : "",
               gantry_history_entry_get_to (entry) ? gantry_history_entry_get_to (entry) : "-",
               gantry_history_entry_get_outcome (entry) ? gantry_history_entry_get_outcome (entry) : "",
               gantry_history_entry_get_commit (entry) ? "  commit " : "",
               gantry_history_entry_get_commit (entry) ? gantry_history_entry_get_commit (entry) : "",
               gantry_history_entry_get_is_last_healthy (entry) ? _("  (last healthy)") : "");
      if (gantry_history_entry_get_detail (entry) != NULL)
        g_print ("%23s%s\n", "", gantry_history_entry_get_detail (entry));
    }
}

int
gantry_cli_history (GantryCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GantryJournal) journal = NULL;
  g_autoptr(GantryHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cluster = NULL;
  GPtrArray *sources;

  if (argc > 1)
    return gantry_cli_usage_error (_("history takes no arguments."));
  if (options.limit < 0)
    return gantry_cli_usage_error (_("--limit must not be negative."));
  if (options.to_digest || options.to_revision || options.last_healthy)
    return gantry_cli_usage_error (_("--to-digest, --to-revision and --last-healthy are "
                                     "options of rollback."));

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  environment = gantry_cli_history_load_environment (cli, &error);
  if (environment == NULL && error != NULL)
    return gantry_cli_fail (cli, error);
  cluster = gantry_cli_history_resolve_cluster (cli, client, &error);
  if (cluster == NULL)
    return gantry_cli_fail (cli, error);

  journal = gantry_journal_new (NULL);
  history = gantry_history_new (client, journal);
  if (environment != NULL)
    gantry_history_set_environment (history, environment);
  gantry_history_set_cluster (history, cluster);
  if (options.services != NULL)
    gantry_history_set_services (history, (const char * const *) options.services);
  if (cli->repositories != NULL)
    gantry_history_set_repositories (history, (const char * const *) cli->repositories);

  gantry_history_load_async (history, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_history_load_finish (history, result, &error))
    return gantry_cli_fail (cli, error);

  /* Say what is missing, on stderr so stdout stays the bare JSON array. */
  sources = gantry_history_get_sources (history);
  for (guint i = 0; i < sources->len; i++)
    {
      GantryHistorySource *source = g_ptr_array_index (sources, i);

      if (source->state == GANTRY_HISTORY_SOURCE_SKIPPED)
        g_printerr (_("gantryctl: history source %s skipped: %s\n"), source->id, source->reason);
      else if (source->state == GANTRY_HISTORY_SOURCE_FAILED)
        g_printerr (_("gantryctl: history source %s failed: %s\n"), source->id, source->reason);
    }

  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = gantry_history_to_json (history, options.limit);

      gantry_cli_print_json (node);
    }
  else if (cli->format == GANTRY_CLI_FORMAT_CSV)
    {
      g_autofree char *csv = gantry_history_to_csv (history, options.limit);

      g_print ("%s", csv);
    }
  else
    {
      print_text (history, options.limit);
    }

  return GANTRY_CLI_EXIT_OK;
}
