/* gantryctl.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "gantry-cli.h"
#include "gantry-cli-history.h"

#include "aws/gantry-aws-chain-provider.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-sts.h"
#include "core/gantry-demo.h"
#include "core/gantry-error.h"

static const GantryCliCommand commands[] = {
  { "whoami", N_("Show the account, ARN and user ID of the credentials"), gantry_cli_whoami },
  { "credentials", N_("Store, list, import or delete keys in the keyring"), gantry_cli_credentials },
  { "history", N_("Show deployments, revisions, images and promotions"), gantry_cli_history },
  { "rollback", N_("Roll a service or a repository back"), gantry_cli_rollback },
  { "candidates", N_("Show each repository’s candidate and latest image"), gantry_cli_candidates },
  { "promote", N_("Promote a repository’s candidate image to latest"), gantry_cli_promote },
  { "check", N_("Audit the account against the production runbooks, and fix safe items"),
    gantry_cli_check },
};

void
gantry_cli_store_result (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * gantry_cli_wait:
 * @result: a location that gantry_cli_store_result() fills
 *
 * The CLI has no UI to keep alive, so it simply iterates the default context
 * until the asynchronous call it started has completed.
 */
void
gantry_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

const char *
gantry_cli_profile (GantryCli *cli)
{
  return cli->profile ? cli->profile : gantry_aws_profile_name_from_env ();
}

int
gantry_cli_usage_error (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("gantryctl: %s\n", message);
  return GANTRY_CLI_EXIT_USAGE;
}

/**
 * gantry_cli_fail:
 *
 * Prints @error as one line and maps it to an exit code: configuration
 * problems are the user's to fix (2), everything AWS or the network said is 3.
 */
int
gantry_cli_fail (GantryCli    *cli,
                 const GError *error)
{
  if (cli->format == GANTRY_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      if (gantry_aws_error_get_aws_code (error) != NULL)
        {
          json_builder_set_member_name (builder, "awsCode");
          json_builder_add_string_value (builder, gantry_aws_error_get_aws_code (error));
        }
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      text = json_to_string (node, FALSE);
      g_printerr ("%s\n", text);
    }
  else
    {
      g_printerr ("gantryctl: %s\n", error->message);
    }

  /* Configuration the user can fix: a missing profile, environment or
   * emulator, a bad value. Everything AWS or the network said is 3. */
  if (g_error_matches (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG) ||
      g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_NOT_AVAILABLE) ||
      g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_NOT_FOUND) ||
      g_error_matches (error, GANTRY_ERROR, GANTRY_ERROR_INVALID) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return GANTRY_CLI_EXIT_USAGE;
  return GANTRY_CLI_EXIT_AWS;
}

void
gantry_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/**
 * gantry_cli_read_secret:
 * @prompt: shown on the terminal
 *
 * Reads one line without echo from the terminal, or plainly from stdin when
 * it is a pipe. Secrets never come from argv, where `ps` would show them.
 *
 * Returns: (transfer full): the secret; free with gantry_aws_secret_free()
 */
char *
gantry_cli_read_secret (const char  *prompt,
                        GError     **error)
{
  char buffer[1024];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char *line;
  char *secret;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  if (line == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("No secret was given on standard input."));
      return NULL;
    }

  g_strchomp (buffer);
  secret = g_strdup (g_strstrip (buffer));
  OPENSSL_cleanse (buffer, sizeof buffer);

  if (*secret == '\0')
    {
      gantry_aws_secret_free (secret);
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The secret given on standard input is empty."));
      return NULL;
    }

  return secret;
}

static gboolean
sigint_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/* --demo: a fresh demo account for this one command. The caller stops it
 * with stop_demo() on every path, so moto never outlives gantryctl. */
static GantryDemo *
start_demo (GantryCli  *cli,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GantryDemo *demo;

  gantry_demo_start_async (cli->cancellable, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  demo = gantry_demo_start_finish (result, error);
  if (demo == NULL)
    return NULL;

  g_printerr (_("gantryctl: using the demo account on %s (a local moto_server, not AWS)\n"),
              gantry_demo_get_endpoint (demo));
  if (cli->verbose)
    g_printerr ("[gantryctl] moto_server log: %s\n",
                gantry_moto_server_get_log_path (gantry_demo_get_moto_server (demo)));

  cli->endpoint_url = g_strdup (gantry_demo_get_endpoint (demo));
  cli->region = g_strdup (gantry_demo_get_region (demo));
  cli->demo_credentials = gantry_aws_credentials_ref (gantry_demo_get_credentials (demo));
  return demo;
}

/* Waits until moto has exited: a script that runs gantryctl --demo twice
 * in a row must not find the first server still there. */
static void
stop_demo (GantryDemo *demo)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_demo_stop_async (demo, gantry_cli_store_result, &result);
  gantry_cli_wait (&result);
  if (!gantry_demo_stop_finish (demo, result, &error))
    g_printerr ("gantryctl: %s\n", error->message);
}

static void
verbose_log_handler (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  g_printerr ("[%s] %s\n", log_domain, message);
}

/* Every exit path after option parsing (usage errors, --version, unknown
 * commands) must free what GOption allocated: the sanitizer leg's
 * LeakSanitizer fails on any leak. */
static void
cli_clear (GantryCli *cli)
{
  g_clear_object (&cli->config);
  g_clear_object (&cli->cancellable);
  g_clear_pointer (&cli->profile, g_free);
  g_clear_pointer (&cli->region, g_free);
  g_clear_pointer (&cli->endpoint_url, g_free);
  g_clear_pointer (&cli->access_key_id, g_free);
  g_clear_pointer (&cli->demo_credentials, gantry_aws_credentials_unref);
  g_clear_pointer (&cli->env_name, g_free);
  g_clear_pointer (&cli->vpc_id, g_free);
  g_clear_pointer (&cli->cluster, g_free);
  g_clear_pointer (&cli->db_cluster, g_free);
  g_clear_pointer (&cli->load_balancer, g_free);
  g_clear_pointer (&cli->repositories, g_strfreev);
  g_clear_pointer (&cli->dev_accounts, g_strfreev);
  g_clear_pointer (&cli->backup_region, g_free);
  g_clear_pointer (&cli->only, g_free);
  g_clear_pointer (&cli->fix, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GantryCli, cli_clear)

static void
print_usage (void)
{
  g_printerr ("%s", _("Usage: gantryctl [OPTION…] COMMAND [ARG…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-14s %s\n", commands[i].name, _(commands[i].summary));
  g_printerr ("%s", _("\nRun “gantryctl --help” for the options.\n"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GantryDemo) demo = NULL;
  g_autofree char *format = NULL;
  const GantryCliCommand *command = NULL;
  gboolean version = FALSE;
  gboolean use_demo = FALSE;
  int timeout = 0;
  g_auto(GantryCli) cli = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &cli.profile, N_("AWS profile to use"), N_("NAME") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &cli.region, N_("AWS region"), N_("REGION") },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &cli.endpoint_url,
      N_("Send every request to this endpoint"), N_("URL") },
    { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &cli.access_key_id,
      N_("Use this access key; the secret is read from standard input"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: text or json (check also markdown)"), N_("FORMAT") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds a stalled request may wait (default 20)"), N_("SECONDS") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &use_demo,
      N_("Run the command against a fresh demo account on a local moto_server, not AWS"),
      NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose,
      N_("Log each request (never credentials)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &cli.yes,
      N_("Do not ask before changing anything (promote, rollback, fixes)"), NULL },
    { NULL }
  };
  GOptionEntry environment_entries[] = {
    { "env", 0, 0, G_OPTION_ARG_STRING, &cli.env_name,
      N_("Use the saved environment NAME"), N_("NAME") },
    { "vpc-id", 0, 0, G_OPTION_ARG_STRING, &cli.vpc_id, N_("The production VPC"), N_("ID") },
    { "cluster", 0, 0, G_OPTION_ARG_STRING, &cli.cluster, N_("The ECS cluster"), N_("NAME") },
    { "db-cluster", 0, 0, G_OPTION_ARG_STRING, &cli.db_cluster, N_("The DB cluster"),
      N_("ID") },
    { "load-balancer", 0, 0, G_OPTION_ARG_STRING, &cli.load_balancer,
      N_("The load balancer (name or ARN)"), N_("NAME") },
    { "repository", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.repositories,
      N_("An ECR repository (repeatable)"), N_("NAME") },
    { "dev-account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.dev_accounts,
      N_("A dev account ID that may pull and push (repeatable)"), N_("ID") },
    { "backup-region", 0, 0, G_OPTION_ARG_STRING, &cli.backup_region,
      N_("Where backups must be copied (default us-west-2)"), N_("REGION") },
    { NULL }
  };
  GOptionEntry check_entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING, &cli.only, N_("Run only these checks"), N_("ID,…") },
    { "fix", 0, 0, G_OPTION_ARG_STRING, &cli.fix, N_("Apply the fixes of these checks"),
      N_("ID,…") },
    { NULL }
  };
  GOptionGroup *group;

  /* Standard output carries the result (JSON, Markdown); log messages of
   * any level, including G_MESSAGES_DEBUG ones, must never mix into it. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARG…]"));
  g_option_context_set_summary (context,
                                _("Audit, promote and roll back on AWS ECS from the command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gantry_cli_history_option_group ());
  g_option_context_add_group (context, gantry_cli_promote_option_group ());
  group = g_option_group_new ("environment", _("Environment options:"),
                              _("Show the environment options"), NULL, NULL);
  g_option_group_add_entries (group, environment_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("check", _("Options of “check”:"),
                              _("Show the options of “check”"), NULL, NULL);
  g_option_group_add_entries (group, check_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
  /* Every option is global and may stand before or after the command, as in
   * `gantryctl whoami --format json`; what remains are the command's words. */
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gantry_cli_usage_error ("%s", error->message);

  if (version)
    {
      g_print ("gantryctl %s\n", PACKAGE_VERSION);
      return GANTRY_CLI_EXIT_OK;
    }

  if (format == NULL || g_str_equal (format, "text"))
    cli.format = GANTRY_CLI_FORMAT_TEXT;
  else if (g_str_equal (format, "json"))
    cli.format = GANTRY_CLI_FORMAT_JSON;
  else if (g_str_equal (format, "csv") && argc > 1 && g_str_equal (argv[1], "history"))
    cli.format = GANTRY_CLI_FORMAT_CSV;
  else if (g_str_equal (format, "markdown"))
    cli.format = GANTRY_CLI_FORMAT_MARKDOWN;
  else
    return gantry_cli_usage_error (_("Unknown format “%s”: use text, json or markdown."),
                                   format);

  if (timeout < 0)
    return gantry_cli_usage_error (_("--timeout must be a positive number of seconds."));
  cli.timeout = timeout;

  if (cli.verbose)
    g_log_set_handler ("gantry-aws-client", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO,
                       verbose_log_handler, NULL);

  if (argc < 2)
    {
      print_usage ();
      return GANTRY_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      print_usage ();
      return gantry_cli_usage_error (_("Unknown command “%s”."), argv[1]);
    }

  if (use_demo && (cli.profile != NULL || cli.region != NULL || cli.endpoint_url != NULL ||
                   cli.access_key_id != NULL))
    return gantry_cli_usage_error (_("--demo brings its own account: leave out --profile, "
                                     "--region, --endpoint-url and --access-key-id."));

  cli.cancellable = g_cancellable_new ();
  /* Ctrl+C, or a kill from a script or service manager, cancels the work in
   * progress; with --demo, moto is then stopped below like on any exit. */
  g_unix_signal_add (SIGINT, sigint_cb, cli.cancellable);
  g_unix_signal_add (SIGTERM, sigint_cb, cli.cancellable);
  g_unix_signal_add (SIGHUP, sigint_cb, cli.cancellable);

  if (use_demo)
    demo = start_demo (&cli, &error);

  if (use_demo && demo == NULL)
    status = gantry_cli_fail (&cli, error);
  else
    status = command->run (&cli, argc - 1, argv + 1);

  if (demo != NULL)
    stop_demo (demo);

  return status;
}
