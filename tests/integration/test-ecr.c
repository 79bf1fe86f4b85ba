/* test-ecr.c: GantryAwsEcr against moto with signature verification on
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto is seeded once with the demo account (backend and frontend with
 * prod-candidate / prod-latest, both with a pull policy) plus one empty
 * repository without a policy. Tests that write use their own tags or
 * repositories, so the order they run in does not matter. Only the demo
 * seed runs in Python: the other moto tests measure its time and run in
 * parallel with this one on small machines.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

#define EMPTY_REPOSITORY "gantry-test-empty"

/* A sha256 digest written in two pieces to keep lines short. */
#define DIGEST(head, tail) "sha256:" head tail

static GantryTestMoto *moto;

static GantryAwsEcr *
new_ecr (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  g_autoptr(GantryAwsClient) client = NULL;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  gantry_aws_client_set_timeout (client, 10);
  return gantry_aws_ecr_new (client);
}

static GPtrArray *
describe_images (GantryAwsEcr        *ecr,
                 const char          *repository,
                 const char * const  *refs,
                 guint                page_size,
                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ecr_describe_images_async (ecr, repository, refs, NULL, page_size, NULL,
                                        gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_aws_ecr_describe_images_finish (ecr, result, error);
}

static GantryAwsImage *
get_image (GantryAwsEcr  *ecr,
           const char    *repository,
           const char    *ref,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ecr_get_image_async (ecr, repository, ref, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_aws_ecr_get_image_finish (ecr, result, error);
}

static char *
put_image (GantryAwsEcr    *ecr,
           GantryAwsImage  *image,
           const char      *tag,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ecr_put_image_async (ecr, image, tag, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_aws_ecr_put_image_finish (ecr, result, error);
}

static GantryAwsEcrImageDetail *
find_tag (GPtrArray  *images,
          const char *tag)
{
  for (guint i = 0; i < images->len; i++)
    if (gantry_aws_ecr_image_detail_has_tag (g_ptr_array_index (images, i), tag))
      return g_ptr_array_index (images, i);
  return NULL;
}

/* CreateRepository is not part of GantryAwsEcr (Gantry never creates
 * repositories), so the test calls the engine directly. */
static void
create_empty_repository (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (input, "repositoryName", EMPTY_REPOSITORY);
  gantry_aws_client_call_json_async (gantry_aws_ecr_get_client (ecr), &gantry_aws_service_ecr,
                                     "CreateRepository", input, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  reply = gantry_aws_client_call_json_finish (gantry_aws_ecr_get_client (ecr), result, &error);
  g_assert_no_error (error);
}

static void
test_describe_repositories_pages (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcrRepository *backend = NULL;

  /* moto 5.2.1 ignores maxResults and answers in one page (test-ecr-parse
   * follows nextToken over scripted pages); a small page size must still
   * give every repository, with a request moto and AWS both accept. */
  gantry_aws_ecr_describe_repositories_async (ecr, NULL, 1, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  repositories = gantry_aws_ecr_describe_repositories_finish (ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repositories->len, ==, 3);

  for (guint i = 0; i < repositories->len; i++)
    {
      GantryAwsEcrRepository *repo = g_ptr_array_index (repositories, i);

      if (g_str_equal (repo->name, "backend"))
        backend = repo;
      else
        g_assert_true (g_str_equal (repo->name, "frontend") ||
                       g_str_equal (repo->name, EMPTY_REPOSITORY));
    }

  g_assert_nonnull (backend);
  g_assert_cmpint (backend->tag_mutability, ==,
                   GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION);
  g_assert_cmpuint (backend->exclusion_filters->len, ==, 1);
  g_assert_cmpstr (((GantryAwsEcrTagFilter *) g_ptr_array_index (backend->exclusion_filters,
                                                                 0))->filter, ==, "prod-*");
  g_assert_true (backend->scan_on_push);
  g_assert_cmpstr (backend->registry_id, ==, GANTRY_TEST_MOTO_ACCOUNT_ID);
  g_assert_true (g_str_has_suffix (backend->uri, "/backend"));
  g_assert_true (g_str_has_suffix (backend->arn, ":repository/backend"));
}

static void
test_describe_images_pages (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEcrImageDetail *candidate;

  /* The demo pushes four builds to frontend; one per page. */
  images = describe_images (ecr, "frontend", NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 4);

  candidate = find_tag (images, "prod-candidate");
  g_assert_nonnull (candidate);
  g_assert_true (gantry_aws_ecr_image_detail_has_tag (candidate, "prod-candidate-e4a91b6"));
  g_assert_true (g_str_has_prefix (candidate->digest, "sha256:"));
  g_assert_nonnull (candidate->pushed_at);
  g_assert_nonnull (find_tag (images, "prod-latest"));
  g_assert_true (find_tag (images, "prod-latest") != candidate);
}

static void
test_promote (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GantryAwsImage) candidate = NULL;
  g_autoptr(GantryAwsImage) latest = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *again = NULL;
  const char *refs[] = { "prod-latest", NULL };
  GantryAwsEcrImageDetail *detail;

  candidate = get_image (ecr, "backend", "prod-candidate", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (candidate->manifest_media_type, ==,
                   GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST);

  digest = put_image (ecr, candidate, "prod-latest", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, candidate->digest);

  images = describe_images (ecr, "backend", refs, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 1);
  detail = g_ptr_array_index (images, 0);
  g_assert_cmpstr (detail->digest, ==, candidate->digest);
  g_assert_true (gantry_aws_ecr_image_detail_has_tag (detail, "prod-candidate"));

  latest = get_image (ecr, "backend", "prod-latest", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (latest->manifest, candidate->manifest));

  /* Once more: already done, and said so distinguishably. */
  again = put_image (ecr, candidate, "prod-latest", &again_error);
  g_assert_null (again);
  g_assert_error (again_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (again_error), ==,
                   GANTRY_AWS_ECR_ERROR_IMAGE_ALREADY_EXISTS);
}

/* Pushes @manifest as @tag into @repository and reads it back unchanged. */
static void
assert_round_trip (GantryAwsEcr *ecr,
                   const char   *repository,
                   const char   *tag,
                   const char   *media_type,
                   const char   *manifest)
{
  g_autoptr(GBytes) bytes = g_bytes_new (manifest, strlen (manifest));
  g_autoptr(GantryAwsImage) image = gantry_aws_image_new (repository, bytes, media_type, NULL);
  g_autoptr(GantryAwsImage) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  digest = put_image (ecr, image, tag, &error);
  g_assert_no_error (error);
  g_assert_nonnull (digest);

  back = get_image (ecr, repository, tag, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->digest, ==, digest);
  g_assert_cmpstr (back->manifest_media_type, ==, media_type);
  g_assert_true (g_bytes_equal (back->manifest, bytes));
}

static void
test_media_types (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  /* Whitespace, escapes and non-ASCII that a re-serialiser would change. */
  const char *oci_manifest =
    "{\r\n\t\"schemaVersion\" :  2 ,\n"
    "  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n"
    "  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", "
    "\"size\": 1469,\n"
    "             \"digest\": \""
    DIGEST ("3f9c2a10b6bd2c4f7e1a8d4e5c6b7a8f", "9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b") "\"},\n"
    "  \"layers\": [ ],\n"
    "  \"annotations\": {\"title\": \"caf\\u00e9 \\\"q\\\" \\/\", "
    "\"text\": \"café 🚀\"}   \n}  \n";
  const char *oci_index =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
    "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
    "\"size\":1024,\"digest\":\""
    DIGEST ("11111111111111111111111111111111", "11111111111111111111111111111111") "\","
    "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
    "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":1025,"
    "\"digest\":\""
    DIGEST ("22222222222222222222222222222222", "22222222222222222222222222222222") "\","
    "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}";
  const char *docker_list =
    "{\n   \"schemaVersion\": 2,\n"
    "   \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n"
    "   \"manifests\": [\n      {\n"
    "         \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n"
    "         \"size\": 7143,\n"
    "         \"digest\": \""
    DIGEST ("33333333333333333333333333333333", "33333333333333333333333333333333") "\",\n"
    "         \"platform\": {\"architecture\": \"ppc64le\", \"os\": \"linux\"}\n"
    "      }\n   ]\n}";

  assert_round_trip (ecr, EMPTY_REPOSITORY, "oci", GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST,
                     oci_manifest);
  assert_round_trip (ecr, EMPTY_REPOSITORY, "index", GANTRY_AWS_ECR_MEDIA_TYPE_OCI_INDEX,
                     oci_index);
  assert_round_trip (ecr, EMPTY_REPOSITORY, "list", GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_LIST,
                     docker_list);
}

static void
test_missing (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GantryAwsImage) image = NULL;
  g_autoptr(GantryAwsImage) no_tag = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) image_error = NULL;
  g_autoptr(GError) tag_error = NULL;

  images = describe_images (ecr, "no-such-repository", NULL, 0, &error);
  g_assert_null (images);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==,
                   GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND);

  image = get_image (ecr, "no-such-repository", "prod-candidate", &image_error);
  g_assert_null (image);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (image_error), ==,
                   GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND);

  no_tag = get_image (ecr, "backend", "no-such-tag", &tag_error);
  g_assert_null (no_tag);
  g_assert_error (tag_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (tag_error), ==,
                   GANTRY_AWS_ECR_FAILURE_IMAGE_NOT_FOUND);
}

static void
test_policies (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GAsyncResult) r5 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) policy_error = NULL;
  g_autoptr(GError) lifecycle_error = NULL;
  g_autofree char *demo_policy = NULL;
  g_autofree char *set_policy = NULL;
  g_autofree char *none = NULL;
  g_autofree char *no_lifecycle = NULL;
  const char *policy =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Pull\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},"
    "\"Action\":[\"ecr:BatchGetImage\"]}]}";

  gantry_aws_ecr_get_repository_policy_async (ecr, "backend", NULL, gantry_test_store_result, &r1);
  gantry_test_await (&r1);
  demo_policy = gantry_aws_ecr_get_repository_policy_finish (ecr, r1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (demo_policy, "111122223333"));

  gantry_aws_ecr_set_repository_policy_async (ecr, "frontend", policy, NULL, gantry_test_store_result, &r2);
  gantry_test_await (&r2);
  g_assert_true (gantry_aws_ecr_set_repository_policy_finish (ecr, r2, &error));
  g_assert_no_error (error);

  gantry_aws_ecr_get_repository_policy_async (ecr, "frontend", NULL, gantry_test_store_result, &r3);
  gantry_test_await (&r3);
  set_policy = gantry_aws_ecr_get_repository_policy_finish (ecr, r3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (set_policy, "444455556666"));

  gantry_aws_ecr_get_repository_policy_async (ecr, EMPTY_REPOSITORY, NULL, gantry_test_store_result, &r4);
  gantry_test_await (&r4);
  none = gantry_aws_ecr_get_repository_policy_finish (ecr, r4, &policy_error);
  g_assert_null (none);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (policy_error), ==,
                   GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND);

  gantry_aws_ecr_get_lifecycle_policy_async (ecr, "backend", NULL, gantry_test_store_result, &r5);
  gantry_test_await (&r5);
  no_lifecycle = gantry_aws_ecr_get_lifecycle_policy_finish (ecr, r5, &lifecycle_error);
  g_assert_null (no_lifecycle);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (lifecycle_error), ==,
                   GANTRY_AWS_ECR_ERROR_LIFECYCLE_POLICY_NOT_FOUND);
}

static void
test_scanning (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GantryAwsEcrScanFindings) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { EMPTY_REPOSITORY, NULL };

  gantry_aws_ecr_put_image_scanning_configuration_async (ecr, EMPTY_REPOSITORY, TRUE, NULL,
                                                         gantry_test_store_result, &r1);
  gantry_test_await (&r1);
  g_assert_true (gantry_aws_ecr_put_image_scanning_configuration_finish (ecr, r1, &error));
  g_assert_no_error (error);

  gantry_aws_ecr_describe_repositories_async (ecr, names, 0, NULL, gantry_test_store_result, &r2);
  gantry_test_await (&r2);
  repositories = gantry_aws_ecr_describe_repositories_finish (ecr, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repositories->len, ==, 1);
  g_assert_true (((GantryAwsEcrRepository *) g_ptr_array_index (repositories, 0))->scan_on_push);

  /* Whatever moto knows about the scan, the answer is a result. */
  gantry_aws_ecr_describe_image_scan_findings_async (ecr, "backend", "prod-candidate", NULL,
                                                     gantry_test_store_result, &r3);
  gantry_test_await (&r3);
  findings = gantry_aws_ecr_describe_image_scan_findings_finish (ecr, r3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
  g_assert_true (findings->state == GANTRY_AWS_ECR_SCAN_NONE || findings->status != NULL);
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while the first page is on its way. */
  gantry_aws_ecr_describe_repositories_async (ecr, NULL, 1, cancellable, gantry_test_store_result, &result);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  gantry_test_await (&result);
  repositories = gantry_aws_ecr_describe_repositories_finish (ecr, result, &error);
  g_assert_null (repositories);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/ecr/describe-repositories/pages",
                   test_describe_repositories_pages);
  g_test_add_func ("/integration/ecr/describe-images/pages", test_describe_images_pages);
  g_test_add_func ("/integration/ecr/promote", test_promote);
  g_test_add_func ("/integration/ecr/media-types", test_media_types);
  g_test_add_func ("/integration/ecr/missing", test_missing);
  g_test_add_func ("/integration/ecr/policies", test_policies);
  g_test_add_func ("/integration/ecr/scanning", test_scanning);
  g_test_add_func ("/integration/ecr/cancelled", test_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error);
  g_assert_no_error (error);
  create_empty_repository ();

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
