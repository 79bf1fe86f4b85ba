/* gantry-cli-rollback.c: `gantryctl rollback`
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gantry-cli-history.h"

#include "core/gantry-error.h"
#include "core/gantry-rollback.h"

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

static void
print_result (GantryCli                *cli,
              const GantryRollbackPlan *plan,
              const char               *outcome,
              const char               *summary)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean revision = plan->target == GANTRY_ROLLBACK_TARGET_REVISION;

  if (cli->format != GANTRY_CLI_FORMAT_JSON)
    {
      g_print ("%s\n", summary);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_nullable (builder, "outcome", outcome);
  add_nullable (builder, "target", revision ? "revision" : "digest");
  add_nullable (builder, "cluster", plan->cluster);
  add_nullable (builder, "service", plan->service);
  add_nullable (builder, "repository", plan->repository);
  add_nullable (builder, "tag", plan->tag);
  add_nullable (builder, "from", revision ? plan->from_task_definition : plan->from_digest);
  add_nullable (builder, "to", revision ? plan->to_task_definition : plan->to_digest);
  add_nullable (builder, "commit", plan->commit);
  add_nullable (builder, "detail", summary);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gantry_cli_print_json (root);
}

/* Without --yes, the user confirms on the terminal; anything but "y" or
 * "yes" (including end of input) leaves everything as it is. */
static gboolean
confirm (const char *description)
{
  char answer[16] = { 0 };

  g_printerr ("%s\n%s", description, _("Roll back? [y/N] "));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0;
}

static int
fail (GantryCli    *cli,
      const GError *error)
{
  int status = gantry_cli_fail (cli, error);

  /* A rule said no: 1, as for promote. */
  if (g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED) ||
      g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_CONFLICT) ||
      g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND))
    return GANTRY_CLI_EXIT_NOT_OK;
  return status;
}

int
gantry_cli_rollback (GantryCli  *cli,
                     int         argc,
                     char      **argv)
{
  GantryCliHistoryOptions *options = gantry_cli_history_get_options ();
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GantryJournal) journal = NULL;
  g_autoptr(GantryRollback) rollback = NULL;
  g_autoptr(GantryRollbackPlan) plan = NULL;
  g_autoptr(GAsyncResult) plan_result = NULL;
  g_autoptr(GAsyncResult) execute_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *description = NULL;
  g_autofree char *summary = NULL;
  const char *service, *repository;
  guint n_targets;

  if (argc > 1)
    return gantry_cli_usage_error (_("rollback takes no arguments."));

  n_targets = (options->to_digest != NULL) + (options->to_revision != NULL) +
              !!options->last_healthy;
  service = options->services ? options->services[0] : NULL;
  repository = cli->repositories ? cli->repositories[0] : NULL;
  if (n_targets != 1 ||
      (options->to_digest != NULL && repository == NULL) ||
      (options->to_digest == NULL && service == NULL))
    return gantry_cli_usage_error (_("Use one of: --repository R --to-digest D, "
                                     "--service S --to-revision N, --service S --last-healthy."));
  if ((options->services && options->services[1]) ||
      (cli->repositories && cli->repositories[1]))
    return gantry_cli_usage_error (_("rollback takes one --service or one --repository."));

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  environment = gantry_cli_history_load_environment (cli, &error);
  if (environment == NULL && error != NULL)
    return gantry_cli_fail (cli, error);

  journal = gantry_journal_new (NULL);
  rollback = gantry_rollback_new (client, journal);
  if (environment != NULL)
    gantry_rollback_set_tag (rollback, gantry_environment_get_latest_tag (environment));
  gantry_rollback_set_watch (rollback, !options->no_watch, 0);

  if (options->to_digest != NULL)
    {
      gantry_rollback_plan_digest_async (rollback, repository, options->to_digest,
                                         cli->cancellable, gantry_cli_store_result, &plan_result);
    }
  else
    {
      cluster = gantry_cli_history_resolve_cluster (cli, client, &error);
      if (cluster == NULL)
        return gantry_cli_fail (cli, error);
      if (options->last_healthy)
        gantry_rollback_plan_last_healthy_async (rollback, cluster, service, cli->cancellable,
                                                 gantry_cli_store_result, &plan_result);
      else
        gantry_rollback_plan_revision_async (rollback, cluster, service, options->to_revision,
                                             cli->cancellable, gantry_cli_store_result,
                                             &plan_result);
    }
  gantry_cli_wait (&plan_result);
  plan = gantry_rollback_plan_finish (rollback, plan_result, &error);
  if (plan == NULL)
    return fail (cli, error);

  description = gantry_rollback_plan_describe (plan);
  if (plan->already_current)
    {
      print_result (cli, plan, "already-current", description);
      return GANTRY_CLI_EXIT_OK;
    }

  if (!cli->yes && !confirm (description))
    {
      g_printerr ("%s\n", _("gantryctl: not confirmed; nothing changed."));
      return GANTRY_CLI_EXIT_NOT_OK;
    }

  gantry_rollback_execute_async (rollback, plan, cli->cancellable, gantry_cli_store_result,
                                 &execute_result);
  gantry_cli_wait (&execute_result);
  summary = gantry_rollback_execute_finish (rollback, execute_result, &error);
  if (summary == NULL)
    return fail (cli, error);

  print_result (cli, plan, "done", summary);
  return GANTRY_CLI_EXIT_OK;
}
