/* gantry-cli-candidates.c: gantryctl candidates
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "gantry-cli.h"

#include "aws/gantry-aws-ecr.h"
#include "core/gantry-promotion.h"

/**
 * gantry_cli_load_environment:
 *
 * Loads `--env NAME`, or makes a default environment (prod-candidate /
 * prod-latest, guard rails on) when none is named. The environment's
 * profile and region apply unless the command line names its own.
 *
 * Returns: (transfer full): the environment
 */
GantryEnvironment *
gantry_cli_load_environment (GantryCli  *cli,
                             GError    **error)
{
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (cli->env_name == NULL)
    return gantry_environment_new ("default");

  gantry_environment_load_async (cli->env_name, cli->cancellable, gantry_cli_store_result,
                                 &result);
  gantry_cli_wait (&result);
  environment = gantry_environment_load_finish (result, error);
  if (environment == NULL)
    return NULL;

  /* --demo brings its own account; anything else may come from the file. */
  if (cli->demo_credentials == NULL)
    {
      if (cli->profile == NULL && gantry_environment_get_profile (environment) != NULL)
        cli->profile = g_strdup (gantry_environment_get_profile (environment));
      if (cli->region == NULL && gantry_environment_get_region (environment) != NULL)
        cli->region = g_strdup (gantry_environment_get_region (environment));
    }

  return g_steal_pointer (&environment);
}

static GStrv
all_repositories (GantryCli        *cli,
                  GantryAwsClient  *client,
                  GError          **error)
{
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  gantry_aws_ecr_describe_repositories_async (ecr, NULL, 0, cli->cancellable,
                                              gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  repositories = gantry_aws_ecr_describe_repositories_finish (ecr, result, error);
  if (repositories == NULL)
    return NULL;

  for (guint i = 0; i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repository = g_ptr_array_index (repositories, i);

      g_strv_builder_add (names, repository->name);
    }
  return g_strv_builder_end (names);
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
add_image (JsonBuilder             *builder,
           const char              *member,
           const char              *tag,
           GantryAwsEcrImageDetail *image,
           const char              *commit)
{
  g_autofree char *pushed_at = NULL;

  json_builder_set_member_name (builder, member);
  if (image == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  if (image->pushed_at != NULL)
    pushed_at = g_date_time_format_iso8601 (image->pushed_at);

  json_builder_begin_object (builder);
  add_string (builder, "tag", tag);
  add_string (builder, "digest", image->digest);
  add_string (builder, "pushed_at", pushed_at);
  add_string (builder, "commit", commit);
  add_string (builder, "media_type", image->manifest_media_type);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, image->size_bytes);
  json_builder_set_member_name (builder, "scan");
  json_builder_begin_object (builder);
  add_string (builder, "status", image->scan != NULL ? image->scan->status : NULL);
  if (image->scan != NULL && image->scan->counts.known)
    {
      json_builder_set_member_name (builder, "critical");
      json_builder_add_int_value (builder, image->scan->counts.critical);
      json_builder_set_member_name (builder, "high");
      json_builder_add_int_value (builder, image->scan->counts.high);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
print_json (GListModel *states)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(GantryRepositoryState) state = g_list_model_get_item (states, i);
      g_autofree char *hint = gantry_repository_state_dup_fix_hint (state);
      const GError *error = gantry_repository_state_get_error (state);

      json_builder_begin_object (builder);
      add_string (builder, "repository", gantry_repository_state_get_name (state));
      add_string (builder, "state",
                  gantry_repository_status_to_string (gantry_repository_state_get_status (state)));
      add_image (builder, "candidate", gantry_repository_state_get_candidate_tag (state),
                 gantry_repository_state_get_candidate (state),
                 gantry_repository_state_get_candidate_commit (state));
      add_image (builder, "latest", gantry_repository_state_get_latest_tag (state),
                 gantry_repository_state_get_latest (state),
                 gantry_repository_state_get_latest_commit (state));
      if (hint != NULL)
        add_string (builder, "fix_hint", hint);
      if (error != NULL)
        add_string (builder, "error", error->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  gantry_cli_print_json (root);
}

static const char *
status_text (GantryRepositoryStatus status)
{
  switch (status)
    {
    case GANTRY_REPOSITORY_STATUS_UP_TO_DATE:
      return _("Up to date");
    case GANTRY_REPOSITORY_STATUS_CANDIDATE_READY:
      return _("Candidate ready");
    case GANTRY_REPOSITORY_STATUS_NO_CANDIDATE:
      return _("No candidate");
    case GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE:
      return _("Tags immutable");
    case GANTRY_REPOSITORY_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static void
print_image_line (const char              *tag,
                  GantryAwsEcrImageDetail *image,
                  const char              *commit)
{
  g_autofree char *pushed_at = NULL;

  if (image == NULL)
    {
      g_print (_("  %-16s (none)\n"), tag);
      return;
    }
  if (image->pushed_at != NULL)
    pushed_at = g_date_time_format (image->pushed_at, "%Y-%m-%d %H:%M UTC");
  g_print ("  %-16s %s  %s %s  %s %s\n", tag, image->digest,
           _("commit"), commit != NULL ? commit : "-",
           _("pushed"), pushed_at != NULL ? pushed_at : "-");
  if (image->scan != NULL && image->scan->counts.known)
    g_print (_("  %-16s scan: %u critical, %u high\n"), "", image->scan->counts.critical,
             image->scan->counts.high);
}

static void
print_text (GListModel *states)
{
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(GantryRepositoryState) state = g_list_model_get_item (states, i);
      g_autofree char *hint = gantry_repository_state_dup_fix_hint (state);
      const GError *error = gantry_repository_state_get_error (state);

      g_print ("%s: %s\n", gantry_repository_state_get_name (state),
               status_text (gantry_repository_state_get_status (state)));
      if (error != NULL)
        {
          g_print ("  %s\n", error->message);
          continue;
        }
      print_image_line (gantry_repository_state_get_candidate_tag (state),
                        gantry_repository_state_get_candidate (state),
                        gantry_repository_state_get_candidate_commit (state));
      print_image_line (gantry_repository_state_get_latest_tag (state),
                        gantry_repository_state_get_latest (state),
                        gantry_repository_state_get_latest_commit (state));
      if (hint != NULL)
        g_print ("  %s\n", hint);
    }
}

/**
 * gantry_cli_candidates:
 *
 * `gantryctl candidates [--env NAME] [--repository R…]`: the candidate and
 * latest image of each repository (the environment's, else every one in
 * the account) and its state. Exit 3 if any repository could not be read.
 */
int
gantry_cli_candidates (GantryCli  *cli,
                       int         argc,
                       char      **argv)
{
  g_autoptr(GantryEnvironment) environment = NULL;
  g_autoptr(GantryAwsClient) client = NULL;
  g_autoptr(GantryPromotion) promotion = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) states = NULL;
  g_auto(GStrv) everything = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *names;
  int status = GANTRY_CLI_EXIT_OK;

  if (argc > 1)
    return gantry_cli_usage_error (_("candidates takes no arguments; name repositories with "
                                     "--repository."));

  environment = gantry_cli_load_environment (cli, &error);
  if (environment == NULL)
    return gantry_cli_fail (cli, error);

  client = gantry_cli_create_client (cli, &error);
  if (client == NULL)
    return gantry_cli_fail (cli, error);

  names = (const char * const *) cli->repositories;
  if (names == NULL)
    names = gantry_environment_get_repositories (environment);
  if (names == NULL || names[0] == NULL)
    {
      everything = all_repositories (cli, client, &error);
      if (everything == NULL)
        return gantry_cli_fail (cli, error);
      names = (const char * const *) everything;
    }

  promotion = gantry_promotion_new (client, environment, NULL);
  gantry_promotion_inspect_async (promotion, names, cli->cancellable, gantry_cli_store_result,
                                  &result);
  gantry_cli_wait (&result);
  states = gantry_promotion_inspect_finish (promotion, result, &error);
  if (states == NULL)
    return gantry_cli_fail (cli, error);

  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    print_json (states);
  else
    print_text (states);

  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(GantryRepositoryState) state = g_list_model_get_item (states, i);

      if (gantry_repository_state_get_status (state) == GANTRY_REPOSITORY_STATUS_UNKNOWN)
        status = GANTRY_CLI_EXIT_AWS;
    }
  return status;
}
