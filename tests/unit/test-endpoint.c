/* test-endpoint.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "aws/gantry-aws-endpoint.h"
#include "aws/gantry-aws-error.h"

static char *
resolve (const GantryAwsService  *service,
         const char              *region,
         const char              *override,
         char                   **signing_region,
         GError                 **error)
{
  g_autoptr(GUri) uri = gantry_aws_endpoint_resolve (service, region, override,
                                                     signing_region, error);
  return uri ? g_uri_to_string (uri) : NULL;
}

static void
test_endpoint_regional (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signing = NULL;
  g_autofree char *ecr = resolve (&gantry_aws_service_ecr, "eu-west-1", NULL, &signing, &error);
  g_autofree char *ecs = resolve (&gantry_aws_service_ecs, "eu-west-1", NULL, NULL, &error);
  g_autofree char *elb = resolve (&gantry_aws_service_elbv2, "us-west-2", NULL, NULL, &error);
  g_autofree char *cn = resolve (&gantry_aws_service_ec2, "cn-north-1", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ecr, ==, "https://api.ecr.eu-west-1.amazonaws.com/");
  g_assert_cmpstr (signing, ==, "eu-west-1");
  g_assert_cmpstr (ecs, ==, "https://ecs.eu-west-1.amazonaws.com/");
  g_assert_cmpstr (elb, ==, "https://elasticloadbalancing.us-west-2.amazonaws.com/");
  g_assert_cmpstr (cn, ==, "https://ec2.cn-north-1.amazonaws.com.cn/");
}

static void
test_endpoint_global (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signing = NULL;
  g_autofree char *sts_signing = NULL;
  g_autofree char *iam = resolve (&gantry_aws_service_iam, "eu-west-1", NULL, &signing, &error);
  g_autofree char *sts = resolve (&gantry_aws_service_sts, NULL, NULL, &sts_signing, &error);
  g_autofree char *sts_regional = resolve (&gantry_aws_service_sts, "eu-central-1", NULL, NULL,
                                           &error);

  g_assert_no_error (error);
  g_assert_cmpstr (iam, ==, "https://iam.amazonaws.com/");
  g_assert_cmpstr (signing, ==, "us-east-1");
  g_assert_cmpstr (sts, ==, "https://sts.amazonaws.com/");
  g_assert_cmpstr (sts_signing, ==, "us-east-1");
  g_assert_cmpstr (sts_regional, ==, "https://sts.eu-central-1.amazonaws.com/");
}

static void
test_endpoint_env_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ecr = NULL;
  g_autofree char *ecs = NULL;
  g_autofree char *flag = NULL;

  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_ECR", "http://localhost:6000", TRUE);
  ecr = resolve (&gantry_aws_service_ecr, "us-east-1", NULL, NULL, &error);
  ecs = resolve (&gantry_aws_service_ecs, "us-east-1", NULL, NULL, &error);
  flag = resolve (&gantry_aws_service_ecr, "us-east-1", "http://[::1]:7000", NULL, &error);
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("AWS_ENDPOINT_URL_ECR");

  g_assert_no_error (error);
  g_assert_cmpstr (ecr, ==, "http://localhost:6000/");
  g_assert_cmpstr (ecs, ==, "http://127.0.0.1:5000/");
  g_assert_cmpstr (flag, ==, "http://[::1]:7000/");
}

static void
test_endpoint_plain_http_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = resolve (&gantry_aws_service_ecr, "us-east-1",
                                  "http://ecr.example.com", NULL, &error);

  g_assert_null (uri);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "https://"));
}

static void
test_endpoint_bad_region (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autofree char *uri = resolve (&gantry_aws_service_ecr, "eu-wst1", NULL, NULL, &error);
  g_autofree char *none = resolve (&gantry_aws_service_ecr, NULL, NULL, NULL, &missing);

  g_assert_null (uri);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "eu-wst1"));
  g_assert_null (none);
  g_assert_error (missing, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_nonnull (strstr (missing->message, "--region"));
}

static void
test_endpoint_garbage_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = resolve (&gantry_aws_service_ecr, "us-east-1", "not a url", NULL,
                                  &error);

  g_assert_null (uri);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
}

/* Found by fuzzing the signer: GUri takes a CR in the host, which then
 * tripped libsoup's header check when the signer set Host. */
static void
test_endpoint_control_character_host (void)
{
  const char *urls[] = {
    "https://sts\r.amazonaws.com",
    "https://sts.amazonaws.com\n:443",
    "http://local host:5000",
    "https://sts\t.amazonaws.com/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = resolve (&gantry_aws_service_sts, "us-east-1", urls[i], NULL,
                                      &error);

      g_assert_null (uri);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
      /* The message shows the URL escaped, not its raw control characters. */
      g_assert_null (strpbrk (error->message, "\r\n\t"));
    }
}

static void
test_endpoint_region_shapes (void)
{
  g_assert_true (gantry_aws_region_is_valid ("us-east-1"));
  g_assert_true (gantry_aws_region_is_valid ("us-gov-west-1"));
  g_assert_true (gantry_aws_region_is_valid ("ap-southeast-4"));
  g_assert_false (gantry_aws_region_is_valid ("US-EAST-1"));
  g_assert_false (gantry_aws_region_is_valid ("useast1"));
  g_assert_false (gantry_aws_region_is_valid ("us-east-1/../x"));
  g_assert_false (gantry_aws_region_is_valid (""));
  g_assert_false (gantry_aws_region_is_valid (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/endpoint/regional", test_endpoint_regional);
  g_test_add_func ("/aws/endpoint/global", test_endpoint_global);
  g_test_add_func ("/aws/endpoint/env-override", test_endpoint_env_override);
  g_test_add_func ("/aws/endpoint/plain-http-refused", test_endpoint_plain_http_refused);
  g_test_add_func ("/aws/endpoint/bad-region", test_endpoint_bad_region);
  g_test_add_func ("/aws/endpoint/garbage-url", test_endpoint_garbage_url);
  g_test_add_func ("/aws/endpoint/control-character-host", test_endpoint_control_character_host);
  g_test_add_func ("/aws/endpoint/region-shapes", test_endpoint_region_shapes);

  return g_test_run ();
}
