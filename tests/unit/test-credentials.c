/* test-credentials.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "aws/gantry-aws-chain-provider.h"
#include "aws/gantry-aws-config.h"
#include "aws/gantry-aws-credentials-provider.h"
#include "aws/gantry-aws-env-provider.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-profile-provider.h"
#include "aws/gantry-aws-static-provider.h"

/* Test doubles of the role-assumer and MFA-prompter interfaces: they answer
 * asynchronously (from an idle, like a real network call would) and record
 * what they were asked. */

#define TEST_TYPE_ASSUMER (test_assumer_get_type ())
G_DECLARE_FINAL_TYPE (TestAssumer, test_assumer, TEST, ASSUMER, GObject)

struct _TestAssumer
{
  GObject    parent_instance;
  guint      calls;
  GTimeSpan  lifetime;     /* of the credentials it hands out */
  gboolean   fail;
  GPtrArray *log;          /* one line per call */
};

static void test_assumer_iface_init (GantryAwsRoleAssumerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestAssumer, test_assumer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_ROLE_ASSUMER,
                                                      test_assumer_iface_init))

static void
test_assumer_finalize (GObject *object)
{
  TestAssumer *self = TEST_ASSUMER (object);

  g_clear_pointer (&self->log, g_ptr_array_unref);
  G_OBJECT_CLASS (test_assumer_parent_class)->finalize (object);
}

static void
test_assumer_class_init (TestAssumerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_assumer_finalize;
}

static void
test_assumer_init (TestAssumer *self)
{
  self->lifetime = G_TIME_SPAN_HOUR;
  self->log = g_ptr_array_new_with_free_func (g_free);
}

static void
test_assumer_assume_role_async (GantryAwsRoleAssumer *assumer,
                                GantryAwsCredentials *source,
                                const char           *role_arn,
                                const char           *session_name,
                                const char           *external_id,
                                const char           *mfa_serial,
                                const char           *token_code,
                                guint                 duration_seconds,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  TestAssumer *self = TEST_ASSUMER (assumer);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiration = g_date_time_add (now, self->lifetime);
  g_autofree char *access_key_id = NULL;

  self->calls++;
  g_ptr_array_add (self->log,
                   g_strdup_printf ("%s by %s session=%s%s ext=%s mfa=%s code=%s duration=%u",
                                    role_arn, gantry_aws_credentials_get_access_key_id (source),
                                    g_str_has_prefix (session_name, "gantry-") ? "gantry-*" : "",
                                    g_str_has_prefix (session_name, "gantry-") ? "" : session_name,
                                    external_id ? external_id : "-",
                                    mfa_serial ? mfa_serial : "-",
                                    token_code ? token_code : "-",
                                    duration_seconds));

  if (self->fail)
    {
      g_task_return_new_error (task, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED,
                               "not allowed");
      return;
    }

  access_key_id = g_strdup_printf ("ASIA%u-%s", self->calls, strrchr (role_arn, '/') + 1);
  g_task_return_pointer (task,
                         gantry_aws_credentials_new (access_key_id, "role-secret", "role-token",
                                                     expiration, "test assumer"),
                         (GDestroyNotify) gantry_aws_credentials_unref);
}

static GantryAwsCredentials *
test_assumer_assume_role_finish (GantryAwsRoleAssumer  *assumer,
                                 GAsyncResult          *result,
                                 GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_assumer_iface_init (GantryAwsRoleAssumerInterface *iface)
{
  iface->assume_role_async = test_assumer_assume_role_async;
  iface->assume_role_finish = test_assumer_assume_role_finish;
}

#define TEST_TYPE_PROMPTER (test_prompter_get_type ())
G_DECLARE_FINAL_TYPE (TestPrompter, test_prompter, TEST, PROMPTER, GObject)

struct _TestPrompter
{
  GObject     parent_instance;
  guint       calls;
  const char *answer;       /* NULL: the user dismissed the prompt */
  char       *last_serial;
  char       *last_profile;
};

static void test_prompter_iface_init (GantryAwsMfaPrompterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPrompter, test_prompter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GANTRY_TYPE_AWS_MFA_PROMPTER,
                                                      test_prompter_iface_init))

static void
test_prompter_finalize (GObject *object)
{
  TestPrompter *self = TEST_PROMPTER (object);

  g_free (self->last_serial);
  g_free (self->last_profile);
  G_OBJECT_CLASS (test_prompter_parent_class)->finalize (object);
}

static void
test_prompter_class_init (TestPrompterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_prompter_finalize;
}

static void
test_prompter_init (TestPrompter *self)
{
  self->answer = "123456";
}

static void
test_prompter_prompt_async (GantryAwsMfaPrompter *prompter,
                            const char           *mfa_serial,
                            const char           *profile,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  TestPrompter *self = TEST_PROMPTER (prompter);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  g_free (self->last_serial);
  self->last_serial = g_strdup (mfa_serial);
  g_free (self->last_profile);
  self->last_profile = g_strdup (profile);

  if (self->answer == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "dismissed");
  else
    g_task_return_pointer (task, g_strdup (self->answer), g_free);
}

static char *
test_prompter_prompt_finish (GantryAwsMfaPrompter  *prompter,
                             GAsyncResult          *result,
                             GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_prompter_iface_init (GantryAwsMfaPrompterInterface *iface)
{
  iface->prompt_async = test_prompter_prompt_async;
  iface->prompt_finish = test_prompter_prompt_finish;
}

/* helpers ----------------------------------------------------------------- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GantryAwsCredentials *
get_credentials (GantryAwsCredentialsProvider  *provider,
                 GCancellable                  *cancellable,
                 GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_credentials_provider_get_credentials_async (provider, cancellable,
                                                         store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return gantry_aws_credentials_provider_get_credentials_finish (provider, result, error);
}

static GantryAwsConfig *
config_from_data (const char *config_text,
                  const char *credentials_text)
{
  g_autoptr(GantryAwsConfig) config = gantry_aws_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gantry_aws_config_load_from_data (config, config_text, credentials_text, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&config);
}

static void
clear_env (void)
{
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_SESSION_TOKEN");
}

static GantryAwsCredentialsProvider *
static_provider (const char *access_key_id)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;

  credentials = gantry_aws_credentials_new (access_key_id, "static-secret", NULL, NULL, "flags");
  return gantry_aws_static_provider_new (credentials);
}

/* not-found marker -------------------------------------------------------- */

static void
test_not_found_marker (void)
{
  g_autoptr(GError) not_found = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) config = NULL;
  g_autoptr(GError) other = NULL;

  not_found = gantry_aws_credentials_provider_new_not_found_error ("nothing for %s", "x");
  g_assert_error (not_found, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_cmpstr (not_found->message, ==, "nothing for x");
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (not_found));

  copy = g_error_copy (not_found);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (copy));

  config = g_error_new_literal (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG, "broken");
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (config));
  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (other));
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (NULL));
}

/* static and environment --------------------------------------------------- */

static void
test_static_provider (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = static_provider ("AKIASTATIC");
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = get_credentials (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIASTATIC");
  g_assert_cmpstr (gantry_aws_credentials_provider_get_name (provider), ==, "static");
}

static void
test_env_provider (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GantryAwsCredentials) with_token = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "envsecret", TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "", TRUE);

  credentials = get_credentials (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIAENV");
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (credentials), ==, "envsecret");
  g_assert_null (gantry_aws_credentials_get_session_token (credentials));
  g_assert_cmpstr (gantry_aws_credentials_get_source (credentials), ==, "environment");

  /* Read at each request, not when the provider was made. */
  g_setenv ("AWS_SESSION_TOKEN", "envtoken", TRUE);
  with_token = get_credentials (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_session_token (with_token), ==, "envtoken");

  clear_env ();
}

static void
test_env_provider_unset (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);

  credentials = get_credentials (provider, NULL, &error);
  g_assert_null (credentials);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));

  clear_env ();
}

static void
test_env_provider_partial (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAHALF", TRUE);

  credentials = get_credentials (provider, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (error));
  g_assert_nonnull (strstr (error->message, "AWS_SECRET_ACCESS_KEY"));

  clear_env ();
}

/* profile provider --------------------------------------------------------- */

static const char *roles_config =
  "[profile base]\n"
  "region = eu-west-1\n"
  "[profile ops]\n"
  "role_arn = arn:aws:iam::111111111111:role/Ops\n"
  "source_profile = base\n"
  "external_id = ext-1\n"
  "duration_seconds = 1800\n"
  "role_session_name = alice\n"
  "[profile prod]\n"
  "role_arn = arn:aws:iam::222222222222:role/Deploy\n"
  "source_profile = ops\n"
  "[profile mfa]\n"
  "role_arn = arn:aws:iam::333333333333:role/Admin\n"
  "source_profile = base\n"
  "mfa_serial = arn:aws:iam::000000000000:mfa/alice\n"
  "[profile loop-a]\n"
  "role_arn = arn:aws:iam::1:role/A\n"
  "source_profile = loop-b\n"
  "[profile loop-b]\n"
  "role_arn = arn:aws:iam::1:role/B\n"
  "source_profile = loop-c\n"
  "[profile loop-c]\n"
  "role_arn = arn:aws:iam::1:role/C\n"
  "source_profile = loop-a\n"
  "[profile self]\n"
  "role_arn = arn:aws:iam::444444444444:role/Self\n"
  "source_profile = self\n"
  "[profile keyed-role]\n"
  "role_arn = arn:aws:iam::555555555555:role/Keyed\n"
  "source_profile = base\n"
  "[profile via-keyed]\n"
  "role_arn = arn:aws:iam::666666666666:role/Via\n"
  "source_profile = keyed-role\n"
  "[profile no-source]\n"
  "role_arn = arn:aws:iam::1:role/X\n"
  "[profile bad-duration]\n"
  "role_arn = arn:aws:iam::1:role/X\n"
  "source_profile = base\n"
  "duration_seconds = 60\n"
  "[profile orphan]\n"
  "role_arn = arn:aws:iam::1:role/X\n"
  "source_profile = nowhere\n"
  "[profile region-only]\n"
  "region = us-east-1\n";

static const char *roles_credentials =
  "[base]\n"
  "aws_access_key_id = AKIABASE\n"
  "aws_secret_access_key = basesecret\n"
  "[self]\n"
  "aws_access_key_id = AKIASELF\n"
  "aws_secret_access_key = selfsecret\n"
  "[keyed-role]\n"
  "aws_access_key_id = AKIAKEYED\n"
  "aws_secret_access_key = keyedsecret\n"
  "[half]\n"
  "aws_access_key_id = AKIAHALF\n";

typedef struct
{
  GantryAwsConfig *config;
  TestAssumer     *assumer;
  TestPrompter    *prompter;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  clear_env ();
  fixture->config = config_from_data (roles_config, roles_credentials);
  fixture->assumer = g_object_new (TEST_TYPE_ASSUMER, NULL);
  fixture->prompter = g_object_new (TEST_TYPE_PROMPTER, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clear_env ();
  g_assert_finalize_object (fixture->config);
  g_assert_finalize_object (fixture->assumer);
  g_assert_finalize_object (fixture->prompter);
}

static GantryAwsCredentials *
profile_credentials (Fixture     *fixture,
                     const char  *profile,
                     GError     **error)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;

  provider = gantry_aws_profile_provider_new (fixture->config, profile,
                                              GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                              GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  return get_credentials (provider, NULL, error);
}

static void
test_profile_static_keys (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "base", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIABASE");
  g_assert_cmpstr (gantry_aws_credentials_get_secret_access_key (credentials), ==, "basesecret");
  g_assert_cmpstr (gantry_aws_credentials_get_source (credentials), ==, "profile base");
  g_assert_cmpuint (fixture->assumer->calls, ==, 0);
}

static void
test_profile_missing (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "x", &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_assert_cmpstr (error->message, ==,
                   "The AWS profile “x” was not found in ~/.aws/config or ~/.aws/credentials. "
                   "Run `gantryctl credentials set --profile x` or `aws configure --profile x`.");
}

static void
test_profile_without_keys (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "region-only", &error);
  g_assert_null (credentials);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_clear_error (&error);

  /* Half a key pair is a broken profile, not an absent one. */
  credentials = profile_credentials (fixture, "half", &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (error));
}

static void
test_profile_role (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "ops", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA1-Ops");
  g_assert_cmpstr (gantry_aws_credentials_get_session_token (credentials), ==, "role-token");
  g_assert_nonnull (gantry_aws_credentials_get_expiration (credentials));
  g_assert_cmpuint (fixture->assumer->calls, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->assumer->log, 0), ==,
                   "arn:aws:iam::111111111111:role/Ops by AKIABASE session=alice ext=ext-1 "
                   "mfa=- code=- duration=1800");
  g_assert_cmpuint (fixture->prompter->calls, ==, 0);
}

static void
test_profile_role_chain (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* prod → ops → base: ops is assumed with base's keys first, then prod's
   * role with ops's temporary credentials. */
  credentials = profile_credentials (fixture, "prod", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA2-Deploy");
  g_assert_cmpuint (fixture->assumer->calls, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->assumer->log, 0), ==,
                   "arn:aws:iam::111111111111:role/Ops by AKIABASE session=alice ext=ext-1 "
                   "mfa=- code=- duration=1800");
  g_assert_cmpstr (g_ptr_array_index (fixture->assumer->log, 1), ==,
                   "arn:aws:iam::222222222222:role/Deploy by ASIA1-Ops session=gantry-* ext=- "
                   "mfa=- code=- duration=3600");
}

static void
test_profile_source_keys_win (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Asked for directly, keyed-role's role wins over its keys... */
  credentials = profile_credentials (fixture, "keyed-role", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA1-Keyed");
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  /* ...but as a source profile its keys are used, as in the AWS CLI. */
  credentials = profile_credentials (fixture, "via-keyed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA2-Via");
  g_assert_cmpuint (fixture->assumer->calls, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->assumer->log, 1),
                                   "arn:aws:iam::666666666666:role/Via by AKIAKEYED "));
}

static void
test_profile_self_source (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "self", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA1-Self");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->assumer->log, 0),
                                   "arn:aws:iam::444444444444:role/Self by AKIASELF "));
}

static void
test_profile_cycle (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = profile_credentials (fixture, "loop-a", &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (error));
  g_assert_nonnull (strstr (error->message, "loop-a → loop-b → loop-c → loop-a"));
  g_assert_cmpuint (fixture->assumer->calls, ==, 0);
}

static void
test_profile_role_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *profiles[] = { "no-source", "bad-duration", "orphan" };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(GantryAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;

      credentials = profile_credentials (fixture, profiles[i], &error);
      g_assert_null (credentials);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
      g_assert_false (gantry_aws_credentials_provider_error_is_not_found (error));
      g_assert_nonnull (strstr (error->message, profiles[i]));
    }

  g_assert_cmpuint (fixture->assumer->calls, ==, 0);
}

static void
test_profile_role_without_assumer (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  provider = gantry_aws_profile_provider_new (fixture->config, "ops", NULL, NULL);
  credentials = get_credentials (provider, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
}

static void
test_profile_assume_fails (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  fixture->assumer->fail = TRUE;
  credentials = profile_credentials (fixture, "prod", &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "“ops”"));
  g_assert_cmpuint (fixture->assumer->calls, ==, 1);
}

static void
test_profile_mfa (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  fixture->prompter->answer = " 654321\n";
  credentials = profile_credentials (fixture, "mfa", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA1-Admin");
  g_assert_cmpuint (fixture->prompter->calls, ==, 1);
  g_assert_cmpstr (fixture->prompter->last_serial, ==, "arn:aws:iam::000000000000:mfa/alice");
  g_assert_cmpstr (fixture->prompter->last_profile, ==, "mfa");
  g_assert_cmpstr (g_ptr_array_index (fixture->assumer->log, 0), ==,
                   "arn:aws:iam::333333333333:role/Admin by AKIABASE session=gantry-* ext=- "
                   "mfa=arn:aws:iam::000000000000:mfa/alice code=654321 duration=3600");
}

static void
test_profile_mfa_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GantryAwsCredentialsProvider) no_prompter = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Dismissed: the cancellation reaches the caller as such. */
  fixture->prompter->answer = NULL;
  credentials = profile_credentials (fixture, "mfa", &error);
  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  fixture->prompter->answer = "  ";
  credentials = profile_credentials (fixture, "mfa", &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_clear_error (&error);

  no_prompter = gantry_aws_profile_provider_new (fixture->config, "mfa",
                                                 GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                                 NULL);
  credentials = get_credentials (no_prompter, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);

  g_assert_cmpuint (fixture->assumer->calls, ==, 0);
}

static GantryAwsCredentialsProvider *
source_factory (const char *profile,
                gpointer    user_data)
{
  guint *calls = user_data;
  g_autofree char *access_key_id = NULL;

  (*calls)++;
  if (!g_str_equal (profile, "base"))
    return NULL;

  access_key_id = g_strdup_printf ("AKIAKEYRING-%s", profile);
  return static_provider (access_key_id);
}

static void
test_profile_source_factory (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsCredentialsProvider) direct = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  guint factory_calls = 0;

  provider = gantry_aws_profile_provider_new (fixture->config, "ops",
                                              GANTRY_AWS_ROLE_ASSUMER (fixture->assumer), NULL);
  gantry_aws_profile_provider_set_source_factory (GANTRY_AWS_PROFILE_PROVIDER (provider),
                                                  source_factory, &factory_calls, NULL);
  credentials = get_credentials (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (factory_calls, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->assumer->log, 0),
                                   "arn:aws:iam::111111111111:role/Ops by AKIAKEYRING-base "));
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  /* The profile asked for is not looked up through the factory: the chain
   * asks the keyring for it itself. */
  direct = gantry_aws_profile_provider_new (fixture->config, "base", NULL, NULL);
  gantry_aws_profile_provider_set_source_factory (GANTRY_AWS_PROFILE_PROVIDER (direct),
                                                  source_factory, &factory_calls, NULL);
  credentials = get_credentials (direct, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIABASE");
  g_assert_cmpuint (factory_calls, ==, 1);
}

/* chain -------------------------------------------------------------------- */

static void
test_chain_order (void)
{
  g_autoptr(GantryAwsChainProvider) chain = gantry_aws_chain_provider_new ("dev");
  g_autoptr(GantryAwsCredentialsProvider) env = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentialsProvider) first = static_provider ("AKIAFIRST");
  g_autoptr(GantryAwsCredentialsProvider) second = static_provider ("AKIASECOND");
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  gantry_aws_chain_provider_append (chain, env);
  gantry_aws_chain_provider_append (chain, first);
  gantry_aws_chain_provider_append (chain, second);

  /* The environment has nothing: fall through to the first that has. */
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIAFIRST");
  g_assert_cmpstr (gantry_aws_chain_provider_get_profile (chain), ==, "dev");
}

static void
test_chain_error_stops (void)
{
  g_autoptr(GantryAwsChainProvider) chain = gantry_aws_chain_provider_new ("dev");
  g_autoptr(GantryAwsCredentialsProvider) env = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentialsProvider) fallback = static_provider ("AKIAFALLBACK");
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  g_setenv ("AWS_SECRET_ACCESS_KEY", "half", TRUE);
  gantry_aws_chain_provider_append (chain, env);
  gantry_aws_chain_provider_append (chain, fallback);

  /* A broken source is reported, never replaced by another identity. */
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_false (gantry_aws_credentials_provider_error_is_not_found (error));

  clear_env ();
}

static void
test_chain_nothing_found (void)
{
  g_autoptr(GantryAwsChainProvider) chain = gantry_aws_chain_provider_new ("x");
  g_autoptr(GantryAwsCredentialsProvider) env = gantry_aws_env_provider_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ();
  gantry_aws_chain_provider_append (chain, env);

  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_assert_cmpstr (error->message, ==,
                   "No AWS credentials found for profile “x”: set "
                   "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run "
                   "`gantryctl credentials set --profile x`, or add the profile to "
                   "~/.aws/credentials.");
}

static GantryAwsChainProvider *
role_chain (Fixture    *fixture,
            const char *profile)
{
  g_autoptr(GantryAwsChainProvider) chain = gantry_aws_chain_provider_new (profile);
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;

  provider = gantry_aws_profile_provider_new (fixture->config, profile,
                                              GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                              GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  gantry_aws_chain_provider_append (chain, provider);

  return g_steal_pointer (&chain);
}

static void
test_chain_caches (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "mfa");
  g_autoptr(GantryAwsCredentials) first = NULL;
  g_autoptr(GantryAwsCredentials) second = NULL;
  g_autoptr(GantryAwsCredentials) third = NULL;
  g_autoptr(GError) error = NULL;

  /* 10 minutes left: more than the refresh margin. */
  fixture->assumer->lifetime = 10 * G_TIME_SPAN_MINUTE;

  first = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  second = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);

  g_assert_true (first == second);
  g_assert_cmpuint (fixture->assumer->calls, ==, 1);
  g_assert_cmpuint (fixture->prompter->calls, ==, 1);

  gantry_aws_chain_provider_invalidate (chain);
  third = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->assumer->calls, ==, 2);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (third), ==, "ASIA2-Admin");
}

static void
test_chain_refreshes_before_expiry (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "ops");
  g_autoptr(GantryAwsCredentials) first = NULL;
  g_autoptr(GantryAwsCredentials) second = NULL;
  g_autoptr(GError) error = NULL;

  /* 4 minutes left: inside the 5-minute margin, so each use refreshes. */
  fixture->assumer->lifetime = 4 * G_TIME_SPAN_MINUTE;

  first = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (first), ==, "ASIA1-Ops");
  second = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (second), ==, "ASIA2-Ops");
  g_assert_cmpuint (fixture->assumer->calls, ==, 2);
}

static void
test_chain_errors_not_cached (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "ops");
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  fixture->assumer->fail = TRUE;
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  fixture->assumer->fail = FALSE;
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->assumer->calls, ==, 2);
}

static void
test_chain_shares_resolution (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "mfa");
  GantryAwsCredentialsProvider *provider = GANTRY_AWS_CREDENTIALS_PROVIDER (chain);
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GantryAwsCredentials) credentials1 = NULL;
  g_autoptr(GantryAwsCredentials) credentials2 = NULL;
  g_autoptr(GantryAwsCredentials) credentials3 = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result1);
  gantry_aws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result2);
  gantry_aws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result3);
  while (result1 == NULL || result2 == NULL || result3 == NULL)
    g_main_context_iteration (NULL, TRUE);

  credentials1 = gantry_aws_credentials_provider_get_credentials_finish (provider, result1, &error);
  g_assert_no_error (error);
  credentials2 = gantry_aws_credentials_provider_get_credentials_finish (provider, result2, &error);
  g_assert_no_error (error);
  credentials3 = gantry_aws_credentials_provider_get_credentials_finish (provider, result3, &error);
  g_assert_no_error (error);

  /* One MFA prompt and one AssumeRole for all three. */
  g_assert_cmpuint (fixture->prompter->calls, ==, 1);
  g_assert_cmpuint (fixture->assumer->calls, ==, 1);
  g_assert_true (credentials1 == credentials2);
  g_assert_true (credentials2 == credentials3);
}

static void
test_chain_cancel_one_waiter (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "ops");
  GantryAwsCredentialsProvider *provider = GANTRY_AWS_CREDENTIALS_PROVIDER (chain);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GantryAwsCredentials) credentials1 = NULL;
  g_autoptr(GantryAwsCredentials) credentials2 = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_credentials_provider_get_credentials_async (provider, cancellable,
                                                         store_result_cb, &result1);
  gantry_aws_credentials_provider_get_credentials_async (provider, NULL, store_result_cb, &result2);
  g_cancellable_cancel (cancellable);
  while (result1 == NULL || result2 == NULL)
    g_main_context_iteration (NULL, TRUE);

  credentials1 = gantry_aws_credentials_provider_get_credentials_finish (provider, result1, &error);
  g_assert_null (credentials1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The other caller still gets its credentials. */
  credentials2 = gantry_aws_credentials_provider_get_credentials_finish (provider, result2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials2), ==, "ASIA1-Ops");
}

static void
test_chain_cancel_all (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = role_chain (fixture, "ops");
  GantryAwsCredentialsProvider *provider = GANTRY_AWS_CREDENTIALS_PROVIDER (chain);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gantry_aws_credentials_provider_get_credentials_async (provider, cancellable,
                                                         store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  credentials = gantry_aws_credentials_provider_get_credentials_finish (provider, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Already cancelled: fails at once. */
  credentials = get_credentials (provider, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A new request starts afresh rather than joining the abandoned one. */
  credentials = get_credentials (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);

  /* Let the abandoned resolution finish before the fixture checks refs. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* default chain ------------------------------------------------------------ */

static void
test_default_chain_explicit_first (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = NULL;
  g_autoptr(GantryAwsCredentials) flags = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "envsecret", TRUE);
  flags = gantry_aws_credentials_new ("AKIAFLAGS", "flagsecret", NULL, NULL, "command line");

  chain = gantry_aws_chain_provider_new_default (fixture->config, "base", flags,
                                                 GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                                 GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIAFLAGS");
  g_assert_cmpstr (gantry_aws_credentials_get_source (credentials), ==, "command line");
}

static void
test_default_chain_env_before_profile (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "envsecret", TRUE);

  /* AWS_PROFILE (profile NULL here) does not beat environment keys... */
  g_setenv ("AWS_PROFILE", "ops", TRUE);
  chain = gantry_aws_chain_provider_new_default (fixture->config, NULL, NULL,
                                                 GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                                 GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_unsetenv ("AWS_PROFILE");
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_chain_provider_get_profile (chain), ==, "ops");
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "AKIAENV");
  g_assert_cmpuint (fixture->assumer->calls, ==, 0);
  g_clear_object (&chain);
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);

  /* ...but a profile named explicitly does, as in botocore. */
  chain = gantry_aws_chain_provider_new_default (fixture->config, "ops", NULL,
                                                 GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                                 GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), !=, "AKIAENV");
  g_assert_cmpuint (fixture->assumer->calls, ==, 1);
}

static void
test_default_chain_profile_last (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GantryAwsChainProvider) chain = NULL;
  g_autoptr(GantryAwsChainProvider) missing = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* The keyring step talks to the Secret Service; build-aux/test.sh runs
   * the suite in a private D-Bus session with a throw-away keyring. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("DBUS_SESSION_BUS_ADDRESS is unset: run under build-aux/test.sh");
      return;
    }

  chain = gantry_aws_chain_provider_new_default (fixture->config, "prod", NULL,
                                                 GANTRY_AWS_ROLE_ASSUMER (fixture->assumer),
                                                 GANTRY_AWS_MFA_PROMPTER (fixture->prompter));
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (chain), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_aws_credentials_get_access_key_id (credentials), ==, "ASIA2-Deploy");

  missing = gantry_aws_chain_provider_new_default (fixture->config, "x", NULL, NULL, NULL);
  g_clear_pointer (&credentials, gantry_aws_credentials_unref);
  credentials = get_credentials (GANTRY_AWS_CREDENTIALS_PROVIDER (missing), NULL, &error);
  g_assert_null (credentials);
  g_assert_true (gantry_aws_credentials_provider_error_is_not_found (error));
  g_assert_nonnull (strstr (error->message, "No AWS credentials found for profile “x”"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/aws/credentials/not-found-marker", test_not_found_marker);
  g_test_add_func ("/aws/credentials/static", test_static_provider);
  g_test_add_func ("/aws/credentials/env", test_env_provider);
  g_test_add_func ("/aws/credentials/env-unset", test_env_provider_unset);
  g_test_add_func ("/aws/credentials/env-partial", test_env_provider_partial);

  ADD ("/aws/credentials/profile/static-keys", test_profile_static_keys);
  ADD ("/aws/credentials/profile/missing", test_profile_missing);
  ADD ("/aws/credentials/profile/without-keys", test_profile_without_keys);
  ADD ("/aws/credentials/profile/role", test_profile_role);
  ADD ("/aws/credentials/profile/role-chain", test_profile_role_chain);
  ADD ("/aws/credentials/profile/source-keys-win", test_profile_source_keys_win);
  ADD ("/aws/credentials/profile/self-source", test_profile_self_source);
  ADD ("/aws/credentials/profile/cycle", test_profile_cycle);
  ADD ("/aws/credentials/profile/role-errors", test_profile_role_errors);
  ADD ("/aws/credentials/profile/role-without-assumer", test_profile_role_without_assumer);
  ADD ("/aws/credentials/profile/assume-fails", test_profile_assume_fails);
  ADD ("/aws/credentials/profile/mfa", test_profile_mfa);
  ADD ("/aws/credentials/profile/mfa-refused", test_profile_mfa_refused);
  ADD ("/aws/credentials/profile/source-factory", test_profile_source_factory);

  g_test_add_func ("/aws/credentials/chain/order", test_chain_order);
  g_test_add_func ("/aws/credentials/chain/error-stops", test_chain_error_stops);
  g_test_add_func ("/aws/credentials/chain/nothing-found", test_chain_nothing_found);
  ADD ("/aws/credentials/chain/caches", test_chain_caches);
  ADD ("/aws/credentials/chain/refreshes-before-expiry", test_chain_refreshes_before_expiry);
  ADD ("/aws/credentials/chain/errors-not-cached", test_chain_errors_not_cached);
  ADD ("/aws/credentials/chain/shares-resolution", test_chain_shares_resolution);
  ADD ("/aws/credentials/chain/cancel-one-waiter", test_chain_cancel_one_waiter);
  ADD ("/aws/credentials/chain/cancel-all", test_chain_cancel_all);

  ADD ("/aws/credentials/default-chain/explicit-first", test_default_chain_explicit_first);
  ADD ("/aws/credentials/default-chain/env-before-profile", test_default_chain_env_before_profile);
  ADD ("/aws/credentials/default-chain/profile-last", test_default_chain_profile_last);

#undef ADD

  return g_test_run ();
}
