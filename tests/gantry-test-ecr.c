/* gantry-test-ecr.c: ECR repositories to promote in, seeded on moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-test-ecr"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-async.h"
#include "gantry-test-ecr.h"

/* Talks to moto directly, never through a test's proxy: seeding and
 * checking must not be disturbed by the faults under test. */

static GantryAwsClient *
direct_client (GantryTestMoto *moto)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  return client;
}

/* A Docker v2 manifest unique to @n, small and well-formed. */
static GantryAwsImage *
build_image (const char *repository,
             guint       n)
{
  g_autofree char *manifest = g_strdup_printf (
    "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":"
    "\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":\"sha256:%064x\"},"
    "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
    "\"size\":2,\"digest\":\"sha256:%064x\"}]}",
    GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST, n + 1, n + 100);
  g_autoptr(GBytes) bytes = g_bytes_new (manifest, strlen (manifest));

  return gantry_aws_image_new (repository, bytes, GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST,
                               NULL);
}

/**
 * gantry_test_ecr_seed_repository:
 * @repository: a name not used yet
 * @out_latest: (out) (optional): the digest tagged prod-latest
 *
 * Creates @repository with prod-latest on one image and prod-candidate on
 * a newer one, as a promotion finds them.
 *
 * Returns: (transfer full): the candidate's digest, or %NULL on error
 */
char *
gantry_test_ecr_seed_repository (GantryTestMoto  *moto,
                                 const char      *repository,
                                 char           **out_latest,
                                 GError         **error)
{
  g_autoptr(GantryAwsClient) client = direct_client (moto);
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *candidate = NULL;

  json_object_set_string_member (input, "repositoryName", repository);
  gantry_aws_client_call_json_async (client, &gantry_aws_service_ecr, "CreateRepository", input,
                                     NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  reply = gantry_aws_client_call_json_finish (client, result, error);
  if (reply == NULL)
    return NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GantryAwsImage) image = build_image (repository, i);
      g_autoptr(GAsyncResult) put_result = NULL;
      char *digest;

      gantry_aws_ecr_put_image_async (ecr, image, i == 0 ? "prod-latest" : "prod-candidate",
                                      NULL, gantry_test_store_result, &put_result);
      gantry_test_await (&put_result);
      digest = gantry_aws_ecr_put_image_finish (ecr, put_result, error);
      if (digest == NULL)
        return NULL;
      if (i == 0)
        latest = digest;
      else
        candidate = digest;
    }

  if (out_latest != NULL)
    *out_latest = g_steal_pointer (&latest);
  return g_steal_pointer (&candidate);
}

/**
 * gantry_test_ecr_dup_digest:
 *
 * Returns: (transfer full): the digest @tag points at in @repository, or
 *   %NULL on error
 */
char *
gantry_test_ecr_dup_digest (GantryTestMoto  *moto,
                            const char      *repository,
                            const char      *tag,
                            GError         **error)
{
  g_autoptr(GantryAwsClient) client = direct_client (moto);
  g_autoptr(GantryAwsEcr) ecr = gantry_aws_ecr_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsImage) image = NULL;

  gantry_aws_ecr_get_image_async (ecr, repository, tag, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  image = gantry_aws_ecr_get_image_finish (ecr, result, error);
  return image ? g_strdup (image->digest) : NULL;
}
