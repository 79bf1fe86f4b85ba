/* gantry-cli-check.c: gantryctl check
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "gantry-cli.h"

#include "core/gantry-audit.h"
#include "core/gantry-error.h"

static GantryEnvironment *
build_environment (GantryCli  *cli,
                   GError    **error)
{
  g_autoptr(GantryEnvironment) env = NULL;

  if (cli->env_name != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;

      gantry_environment_load_async (cli->env_name, cli->cancellable, gantry_cli_store_result,
                                     &result);
      gantry_cli_wait (&result);
      env = gantry_environment_load_finish (result, error);
      if (env == NULL)
        return NULL;
    }
  else
    {
      env = gantry_environment_new ("prod");
    }

  /* Explicit flags win over the saved environment, for one-off runs. */
  if (cli->vpc_id != NULL)
    gantry_environment_set_vpc_id (env, cli->vpc_id);
  if (cli->cluster != NULL)
    gantry_environment_set_cluster (env, cli->cluster);
  if (cli->db_cluster != NULL)
    gantry_environment_set_db_cluster (env, cli->db_cluster);
  if (cli->load_balancer != NULL)
    gantry_environment_set_load_balancer (env, cli->load_balancer);
  if (cli->repositories != NULL)
    gantry_environment_set_repositories (env, (const char * const *) cli->repositories);
  if (cli->dev_accounts != NULL)
    gantry_environment_set_dev_accounts (env, (const char * const *) cli->dev_accounts);
  if (cli->backup_region != NULL)
    gantry_environment_set_backup_region (env, cli->backup_region);

  if (cli->region == NULL && gantry_environment_get_region (env) != NULL)
    cli->region = g_strdup (gantry_environment_get_region (env));
  if (cli->profile == NULL && gantry_environment_get_profile (env) != NULL &&
      cli->demo_credentials == NULL)
    cli->profile = g_strdup (gantry_environment_get_profile (env));

  return g_steal_pointer (&env);
}

static GStrv
split_ids (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static const char *
status_tag (GantryCheckStatus status)
{
  switch (status)
    {
    case GANTRY_CHECK_STATUS_PASS:
      return "PASS";
    case GANTRY_CHECK_STATUS_FAIL:
      return "FAIL";
    case GANTRY_CHECK_STATUS_WARN:
      return "WARN";
    case GANTRY_CHECK_STATUS_NOT_APPLICABLE:
      return "N/A ";
    case GANTRY_CHECK_STATUS_ERROR:
      return "ERR ";
    default:
      return "?   ";
    }
}

static void
print_text (GantryAudit *audit)
{
  GPtrArray *checks = gantry_audit_get_checks (audit);
  GantrySnapshot *snapshot = gantry_audit_get_snapshot (audit);

  g_print (_("Account %s, region %s\n\n"),
           gantry_snapshot_get_account_id (snapshot) ? gantry_snapshot_get_account_id (snapshot)
                                                     : "?",
           gantry_snapshot_get_region (snapshot));
  for (guint i = 0; i < checks->len; i++)
    {
      GantryCheck *check = checks->pdata[i];
      GantryCheckResult *result = gantry_audit_lookup_result (audit, gantry_check_get_id (check));
      GPtrArray *calls;

      if (result == NULL)
        continue;
      g_print ("%s  %-32s %s\n", status_tag (gantry_check_result_get_status (result)),
               gantry_check_get_id (check), gantry_check_get_title (check));
      g_print ("      %s\n", gantry_check_result_get_detail (result));
      if (gantry_check_result_get_waived (result))
        g_print (_("      accepted risk: %s\n"), gantry_check_result_get_waiver_reason (result));
      calls = gantry_check_result_get_fix_calls (result);
      for (guint c = 0; c < calls->len; c++)
        {
          g_autofree char *text = gantry_fix_call_to_string (calls->pdata[c]);

          g_print (_("      fix: %s\n"), text);
        }
    }
  g_print (_("\n%u pass, %u fail, %u warn, %u not evaluated, %u not applicable\n"),
           gantry_audit_count (audit, GANTRY_CHECK_STATUS_PASS),
           gantry_audit_count (audit, GANTRY_CHECK_STATUS_FAIL),
           gantry_audit_count (audit, GANTRY_CHECK_STATUS_WARN),
           gantry_audit_count (audit, GANTRY_CHECK_STATUS_ERROR),
           gantry_audit_count (audit, GANTRY_CHECK_STATUS_NOT_APPLICABLE));
}

/* Without --yes, a person must agree on a terminal; a script must say --yes. */
static gboolean
confirm (GantryCli *cli)
{
  char answer[16];

  if (cli->yes)
    return TRUE;
  if (!isatty (STDIN_FILENO))
    return FALSE;
  g_printerr ("%s", _("Make these calls? [y/N] "));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  return answer[0] == 'y' || answer[0] == 'Y';
}

/* Returns: the exit code of the fix phase */
static int
apply_fixes (GantryCli   *cli,
             GantryAudit *audit,
             char       **ids)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  int status = GANTRY_CLI_EXIT_OK;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      GantryCheckResult *result = gantry_audit_lookup_result (audit, ids[i]);
      GPtrArray *calls;

      if (result == NULL || !gantry_check_result_get_fix_available (result))
        {
          g_printerr (_("%s: nothing to fix.\n"), ids[i]);
          continue;
        }
      calls = gantry_check_result_get_fix_calls (result);
      g_printerr (_("%s will make these AWS calls:\n"), ids[i]);
      for (guint c = 0; c < calls->len; c++)
        {
          g_autofree char *text = gantry_fix_call_to_string (calls->pdata[c]);

          g_printerr ("  %s\n", text);
        }
      g_ptr_array_add (pending, ids[i]);
    }

  if (pending->len == 0)
    return GANTRY_CLI_EXIT_OK;
  if (!confirm (cli))
    {
      g_printerr ("%s", _("gantryctl: not confirmed; nothing was changed (use --yes in "
                          "scripts).\n"));
      return GANTRY_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(GAsyncResult) async_result = NULL;
      g_autoptr(GantryCheckResult) fresh = NULL;
      g_autoptr(GError) error = NULL;

      gantry_audit_fix_async (audit, pending->pdata[i], cli->cancellable,
                              gantry_cli_store_result, &async_result);
      gantry_cli_wait (&async_result);
      fresh = gantry_audit_fix_finish (audit, async_result, &error);
      if (fresh == NULL)
        {
          g_printerr (_("gantryctl: the fix of %s failed: %s\n"), (char *) pending->pdata[i],
                      error->message);
          status = GANTRY_CLI_EXIT_AWS;
          continue;
        }
      g_printerr (_("%s: fixed; re-check says %s.\n"), (char *) pending->pdata[i],
                  gantry_check_status_to_string (gantry_check_result_get_status (fresh)));
    }
  return status;
}

int
gantry_cli_check (GantryCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GantryEnvironment) env = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryAudit) audit = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) only = NULL;
  g_auto(GStrv) fix = NULL;
  int fix_status = GANTRY_CLI_EXIT_OK;
  guint n_failed = 0;
  guint n_errors = 0;

  if (argc > 1)
    return gantry_cli_usage_error (_("check takes no arguments: use --only, --fix and the "
                                     "environment options."));
  if (cli->yes && cli->fix == NULL)
    return gantry_cli_usage_error (_("--yes only goes with --fix."));

  env = build_environment (cli, &error);
  if (env == NULL)
    return gantry_cli_fail (cli, error);

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  audit = gantry_audit_new (client, env);

  if (cli->only != NULL)
    only = split_ids (cli->only);
  if (cli->fix != NULL)
    fix = split_ids (cli->fix);
  for (guint i = 0; only != NULL && only[i] != NULL; i++)
    if (gantry_audit_find_check (audit, only[i]) == NULL)
      return gantry_cli_usage_error (_("Unknown check “%s”."), only[i]);
  for (guint i = 0; fix != NULL && fix[i] != NULL; i++)
    {
      GantryCheck *check = gantry_audit_find_check (audit, fix[i]);

      if (check == NULL)
        return gantry_cli_usage_error (_("Unknown check “%s”."), fix[i]);
      if (!gantry_check_get_has_fix (check))
        return gantry_cli_usage_error (_("The check “%s” has no automatic fix."), fix[i]);
      if (only != NULL && !g_strv_contains ((const char * const *) only, fix[i]))
        return gantry_cli_usage_error (_("--fix %s is not among the --only checks."), fix[i]);
    }
  gantry_audit_set_only (audit, (const char * const *) only);

  gantry_audit_run_async (audit, cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_audit_run_finish (audit, result, &error))
    return gantry_cli_fail (cli, error);

  if (fix != NULL)
    {
      fix_status = apply_fixes (cli, audit, fix);
      if (fix_status == GANTRY_CLI_EXIT_USAGE)
        return fix_status;
    }

  switch (cli->format)
    {
    case GANTRY_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonNode) node = gantry_audit_to_json (audit, NULL);

        gantry_cli_print_json (node);
      }
      break;
    case GANTRY_CLI_FORMAT_MARKDOWN:
      {
        g_autofree char *text = gantry_audit_to_markdown (audit, NULL);

        g_print ("%s", text);
      }
      break;
    case GANTRY_CLI_FORMAT_TEXT:
    case GANTRY_CLI_FORMAT_CSV:
    default:
      print_text (audit);
      break;
    }

  /* An accepted risk does not fail a pipeline; it is still reported. */
  for (guint i = 0; i < g_list_model_get_n_items (gantry_audit_get_results (audit)); i++)
    {
      g_autoptr(GantryCheckResult) item = g_list_model_get_item (gantry_audit_get_results (audit),
                                                                 i);
      GantryCheckStatus check_status = gantry_check_result_get_status (item);

      if (check_status == GANTRY_CHECK_STATUS_FAIL && !gantry_check_result_get_waived (item))
        n_failed++;
      else if (check_status == GANTRY_CHECK_STATUS_ERROR)
        n_errors++;
    }

  if (fix_status != GANTRY_CLI_EXIT_OK)
    return fix_status;
  if (n_failed > 0)
    return GANTRY_CLI_EXIT_NOT_OK;
  /* A check that could not be evaluated is no pass: a pipeline gating on
   * exit 0 must not go ahead when AWS or the network failed the audit. */
  if (n_errors > 0)
    {
      g_printerr (ngettext ("gantryctl: %u check could not be evaluated; its detail says why.\n",
                            "gantryctl: %u checks could not be evaluated; their details say "
                            "why.\n", n_errors), n_errors);
      return GANTRY_CLI_EXIT_AWS;
    }
  return GANTRY_CLI_EXIT_OK;
}
