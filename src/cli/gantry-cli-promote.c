/* gantry-cli-promote.c: gantryctl promote
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gantry-cli.h"

#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "core/gantry-error.h"
#include "core/gantry-promotion.h"

/* The options only `promote` takes; gantryctl parses every option up
 * front, so they live in their own group (shown by --help-promote). */
static struct
{
  char     *expect_digest;
  char     *from_tag;
  char     *to_tag;
  GStrv     deploy;
  gboolean  no_wait;
} options;

static const GOptionEntry promote_entries[] = {
  { "expect-digest", 0, 0, G_OPTION_ARG_STRING, &options.expect_digest,
    N_("Promote only if the candidate is this digest"), N_("sha256:…") },
  { "from-tag", 0, 0, G_OPTION_ARG_STRING, &options.from_tag,
    N_("The candidate tag (default: the environment’s, prod-candidate)"), N_("TAG") },
  { "to-tag", 0, 0, G_OPTION_ARG_STRING, &options.to_tag,
    N_("The tag to move (default: the environment’s, prod-latest)"), N_("TAG") },
  { "deploy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.deploy,
    N_("Roll this ECS service onto the image pinned by digest (repeatable)"), N_("SERVICE") },
  { "no-wait", 0, 0, G_OPTION_ARG_NONE, &options.no_wait,
    N_("Return once ECS accepted the update instead of following the rollout"), NULL },
  { NULL }
};

static void
clear_options (gpointer data)
{
  g_clear_pointer (&options.expect_digest, g_free);
  g_clear_pointer (&options.from_tag, g_free);
  g_clear_pointer (&options.to_tag, g_free);
  g_clear_pointer (&options.deploy, g_strfreev);
}

/**
 * gantry_cli_promote_option_group:
 *
 * Returns: (transfer full): the `promote` options
 */
GOptionGroup *
gantry_cli_promote_option_group (void)
{
  GOptionGroup *group = g_option_group_new ("promote", _("Options of “promote”:"),
                                            _("Show the options of “promote”"), NULL,
                                            clear_options);

  g_option_group_add_entries (group, promote_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

/* The default: the environment's cluster, else the account's only one. */
static char *
resolve_cluster (GantryCli          *cli,
                 GantryEnvironment  *environment,
                 GantryAwsClient    *client,
                 GError            **error)
{
  g_autoptr(GantryAwsEcs) ecs = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) clusters = NULL;

  if (cli->cluster != NULL)
    return g_strdup (cli->cluster);
  if (gantry_environment_get_cluster (environment) != NULL)
    return g_strdup (gantry_environment_get_cluster (environment));

  ecs = gantry_aws_ecs_new (client);
  gantry_aws_ecs_list_clusters_async (ecs, 0, cli->cancellable, gantry_cli_store_result,
                                      &result);
  gantry_cli_wait (&result);
  clusters = gantry_aws_ecs_list_clusters_finish (ecs, result, error);
  if (clusters == NULL)
    return NULL;
  if (g_strv_length (clusters) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The account has %u clusters: name one with --cluster."),
                   g_strv_length (clusters));
      return NULL;
    }
  return g_strdup (clusters[0]);
}

static char *
read_line (void)
{
  char buffer[512];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  return g_strstrip (g_strdup (buffer));
}

/* Shows what is about to happen and asks. The approval is bound to the
 * digest shown: the promotion then refuses if the candidate moved since. */
static int
confirm (GantryCli              *cli,
         GantryEnvironment      *environment,
         GantryPromotion        *promotion,
         GantryPromotionRequest *request)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GantryRepositoryState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const char *names[] = { request->repository, NULL };
  const char *candidate;
  gboolean typed;

  if (!isatty (STDIN_FILENO))
    return gantry_cli_usage_error (_("promote changes ECR and asks for confirmation, but "
                                     "standard input is not a terminal: pass --yes to promote "
                                     "without asking."));

  gantry_promotion_inspect_async (promotion, names, cli->cancellable, gantry_cli_store_result,
                                  &result);
  gantry_cli_wait (&result);
  states = gantry_promotion_inspect_finish (promotion, result, &error);
  if (states == NULL)
    return gantry_cli_fail (cli, error);
  state = g_list_model_get_item (states, 0);
  if (gantry_repository_state_get_error (state) != NULL)
    return gantry_cli_fail (cli, gantry_repository_state_get_error (state));

  candidate = gantry_repository_state_get_candidate_digest (state);
  if (request->from_tag == NULL && candidate != NULL)
    {
      g_print (_("Repository:  %s\n"), request->repository);
      g_print (_("%s: %s → %s\n"), gantry_repository_state_get_latest_tag (state),
               gantry_repository_state_get_latest_digest (state) != NULL
                 ? gantry_repository_state_get_latest_digest (state) : _("(none)"),
               candidate);
      if (gantry_repository_state_get_candidate_commit (state) != NULL)
        g_print (_("Commit:      %s\n"), gantry_repository_state_get_candidate_commit (state));
      if (request->approved_digest == NULL)
        request->approved_digest = g_strdup (candidate);
    }
  else
    {
      g_print (_("Repository:  %s (%s → %s)\n"), request->repository,
               request->from_tag != NULL ? request->from_tag
                                         : gantry_environment_get_candidate_tag (environment),
               request->to_tag != NULL ? request->to_tag
                                       : gantry_environment_get_latest_tag (environment));
    }
  for (guint i = 0; request->services != NULL && request->services[i] != NULL; i++)
    g_print (_("Roll service %s in cluster %s\n"), request->services[i], request->cluster);

  typed = gantry_environment_get_production (environment) &&
          gantry_environment_get_typed_confirmation (environment);
  if (typed)
    g_print (_("Type the repository name to promote: "));
  else
    g_print (_("Promote? [y/N] "));
  fflush (stdout);

  answer = read_line ();
  if (answer == NULL ||
      (typed && g_strcmp0 (answer, request->repository) != 0) ||
      (!typed && g_ascii_strcasecmp (answer, "y") != 0 && g_ascii_strcasecmp (answer, "yes") != 0))
    {
      g_printerr (_("gantryctl: not promoted.\n"));
      return GANTRY_CLI_EXIT_NOT_OK;
    }
  return -1;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_result (GantryCli             *cli,
              GantryPromotionResult *result)
{
  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_string (builder, "outcome", gantry_promotion_outcome_to_string (result->outcome));
      add_string (builder, "repository", result->repository);
      add_string (builder, "tag", result->tag);
      add_string (builder, "from_digest", result->from_digest);
      add_string (builder, "to_digest", result->to_digest);
      add_string (builder, "media_type", result->media_type);
      add_string (builder, "commit", result->commit);
      add_string (builder, "journal_id", result->journal_id);
      json_builder_set_member_name (builder, "rollouts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->rollouts->len; i++)
        {
          GantryRollout *rollout = g_ptr_array_index (result->rollouts, i);

          json_builder_begin_object (builder);
          add_string (builder, "service", gantry_rollout_get_service (rollout));
          add_string (builder, "cluster", gantry_rollout_get_cluster (rollout));
          add_string (builder, "state",
                      gantry_rollout_state_to_string (gantry_rollout_get_state (rollout)));
          add_string (builder, "image", gantry_rollout_get_image (rollout));
          add_string (builder, "task_definition", gantry_rollout_get_task_definition (rollout));
          add_string (builder, "previous_task_definition",
                      gantry_rollout_get_previous_task_definition (rollout));
          add_string (builder, "deployment_id", gantry_rollout_get_deployment_id (rollout));
          add_string (builder, "failure_reason", gantry_rollout_get_failure_reason (rollout));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      add_string (builder, "rollout_error",
                  result->rollout_error != NULL ? result->rollout_error->message : NULL);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      gantry_cli_print_json (root);
      return;
    }

  if (result->outcome == GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED)
    g_print (_("Already promoted: %s in %s names %s.\n"), result->tag, result->repository,
             result->to_digest);
  else
    g_print (_("Promoted: %s in %s now names %s (was %s).\n"), result->tag, result->repository,
             result->to_digest, result->from_digest != NULL ? result->from_digest : _("none"));

  for (guint i = 0; i < result->rollouts->len; i++)
    {
      GantryRollout *rollout = g_ptr_array_index (result->rollouts, i);

      g_print (_("Service %s: %s (%s)\n"), gantry_rollout_get_service (rollout),
               gantry_rollout_state_to_string (gantry_rollout_get_state (rollout)),
               gantry_rollout_get_task_definition (rollout) != NULL
                 ? gantry_rollout_get_task_definition (rollout)
                 : gantry_rollout_get_previous_task_definition (rollout));
    }
  if (result->rollout_error != NULL)
    g_printerr ("gantryctl: %s\n", result->rollout_error->message);
}

static int
refused (GantryCli       *cli,
         GantryPromotion *promotion,
         const GError    *error)
{
  GantryPromotionRule which = gantry_promotion_get_refused_rule (promotion);
  const char *rule = gantry_promotion_rule_to_string (which);

  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_string (builder, "outcome", "refused");
      add_string (builder, "rule", rule);
      add_string (builder, "error", error->message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      gantry_cli_print_json (root);
    }
  g_printerr ("gantryctl: %s [%s]\n", error->message, rule);
  return GANTRY_CLI_EXIT_NOT_OK;
}

/* Settles journal entries an earlier run left open; never fatal here. */
static void
reconcile (GantryCli       *cli,
           GantryPromotion *promotion)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  gantry_promotion_reconcile_async (promotion, cli->cancellable, gantry_cli_store_result,
                                    &result);
  gantry_cli_wait (&result);
  n = gantry_promotion_reconcile_finish (promotion, result, &error);
  if (error != NULL)
    g_printerr (_("gantryctl: could not check the journal’s unfinished entries: %s\n"),
                error->message);
  else if (n > 0 && cli->verbose)
    g_printerr ("[gantryctl] reconciled %u journal entries\n", n);
}

/**
 * gantry_cli_promote:
 *
 * `gantryctl promote --repository NAME [--expect-digest D] [--from-tag T]
 * [--to-tag T] [--deploy SERVICE [--cluster NAME]] [--yes]`. Exit 0 when
 * promoted or already promoted, 1 when a rule refused it, 2 for usage, 3
 * when AWS failed it (or a rollout failed after the promotion).
 */
int
gantry_cli_promote (GantryCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryPromotion) promotion = NULL;
  g_autoptr(GantryPromotionRequest) request = NULL;
  g_autoptr(GantryPromotionResult) outcome = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1)
    return gantry_cli_usage_error (_("promote takes no arguments; name the repository with "
                                     "--repository."));
  if (cli->repositories == NULL || g_strv_length (cli->repositories) != 1)
    return gantry_cli_usage_error (_("promote needs exactly one --repository NAME."));
  if (options.expect_digest != NULL && !g_str_has_prefix (options.expect_digest, "sha256:"))
    return gantry_cli_usage_error (_("--expect-digest takes a digest, sha256:…"));
  if (cli->cluster != NULL && options.deploy == NULL)
    return gantry_cli_usage_error (_("--cluster goes with --deploy SERVICE."));

  environment = gantry_cli_load_environment (cli, &error);
  if (environment == NULL)
    return gantry_cli_fail (cli, error);

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  request = gantry_promotion_request_new (cli->repositories[0]);
  request->approved_digest = g_strdup (options.expect_digest);
  request->from_tag = g_strdup (options.from_tag);
  request->to_tag = g_strdup (options.to_tag);
  request->services = g_strdupv (options.deploy);
  request->watch = !options.no_wait;
  if (options.deploy != NULL)
    {
      request->cluster = resolve_cluster (cli, environment, client, &error);
      if (request->cluster == NULL)
        return gantry_cli_fail (cli, error);
    }

  promotion = gantry_promotion_new (client, environment, NULL);
  reconcile (cli, promotion);

  if (!cli->yes)
    {
      int status = confirm (cli, environment, promotion, request);

      if (status >= 0)
        return status;
    }

  gantry_promotion_promote_async (promotion, request, cli->cancellable, gantry_cli_store_result,
                                  &result);
  gantry_cli_wait (&result);
  outcome = gantry_promotion_promote_finish (promotion, result, &error);

  if (outcome == NULL)
    {
      if (gantry_promotion_get_outcome (promotion) == GANTRY_PROMOTION_OUTCOME_REFUSED)
        return refused (cli, promotion, error);
      return gantry_cli_fail (cli, error);
    }

  print_result (cli, outcome);
  return outcome->rollout_error != NULL ? GANTRY_CLI_EXIT_AWS : GANTRY_CLI_EXIT_OK;
}
