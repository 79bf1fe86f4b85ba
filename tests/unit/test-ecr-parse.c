/* test-ecr-parse.c: the ECR service module against recorded-shape replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted SoupServer (GantryTestReplay) answers with fixtures in the shapes of the AWS API
 * reference, so the requests GantryAwsEcr builds and the results it parses
 * are both checked without moto.
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-replay.h"

#define TARGET_PREFIX "AmazonEC2ContainerRegistry_V20150921."

typedef struct
{
  GantryTestReplay *replay;
  GantryAwsEcr     *ecr;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->replay = gantry_test_replay_new ();
  fixture->ecr = gantry_aws_ecr_new (gantry_test_replay_get_client (fixture->replay));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->ecr);
  gantry_test_replay_free_checked (fixture->replay);
}

#define SCRIPT(fixture, ...) GANTRY_TEST_REPLAY_SCRIPT ((fixture)->replay, __VA_ARGS__)

static void
assert_target (Fixture    *fixture,
               guint       index,
               const char *action)
{
  g_autofree char *expected = g_strconcat (TARGET_PREFIX, action, NULL);

  g_assert_cmpstr (gantry_test_replay_get_target (fixture->replay, index), ==, expected);
}

static void
test_describe_repositories_pages (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  GantryAwsEcrRepository *repo;
  GantryAwsEcrTagFilter *filter;

  SCRIPT (fixture, { 200, "ecr-describe-repositories-page1.json" },
                   { 200, "ecr-describe-repositories-page2.json" });

  gantry_aws_ecr_describe_repositories_async (fixture->ecr, NULL, 1, NULL, gantry_test_store_result,
                                              &result);
  GANTRY_TEST_AWAIT (result);
  repositories = gantry_aws_ecr_describe_repositories_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repositories->len, ==, 3);

  assert_target (fixture, 0, "DescribeRepositories");
  first = gantry_test_replay_dup_json_body (fixture->replay, 0);
  second = gantry_test_replay_dup_json_body (fixture->replay, 1);
  g_assert_cmpint (json_object_get_int_member (first, "maxResults"), ==, 1);
  g_assert_false (json_object_has_member (first, "nextToken"));
  g_assert_cmpstr (json_object_get_string_member (second, "nextToken"), ==,
                   "eyJ0b2tlbiI6ICJwYWdlMiJ9");

  repo = g_ptr_array_index (repositories, 0);
  g_assert_cmpstr (repo->name, ==, "backend");
  g_assert_cmpstr (repo->arn, ==, "arn:aws:ecr:us-east-1:123456789012:repository/backend");
  g_assert_cmpstr (repo->uri, ==, "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend");
  g_assert_cmpstr (repo->registry_id, ==, "123456789012");
  g_assert_cmpint (repo->tag_mutability, ==,
                   GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION);
  g_assert_cmpstr (gantry_aws_ecr_tag_mutability_to_string (repo->tag_mutability), ==,
                   "IMMUTABLE_WITH_EXCLUSION");
  g_assert_true (repo->scan_on_push);
  g_assert_cmpint (g_date_time_to_unix (repo->created_at), ==, 1700000000);
  g_assert_cmpuint (repo->exclusion_filters->len, ==, 2);
  filter = g_ptr_array_index (repo->exclusion_filters, 0);
  g_assert_cmpstr (filter->filter_type, ==, "WILDCARD");
  g_assert_cmpstr (filter->filter, ==, "prod-*");

  repo = g_ptr_array_index (repositories, 1);
  g_assert_cmpstr (repo->name, ==, "frontend");
  g_assert_cmpint (repo->tag_mutability, ==, GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE);
  g_assert_false (repo->scan_on_push);
  g_assert_cmpuint (repo->exclusion_filters->len, ==, 0);

  /* A value newer than this build: unknown, but the raw text is kept. */
  repo = g_ptr_array_index (repositories, 2);
  g_assert_cmpint (repo->tag_mutability, ==, GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN);
  g_assert_cmpstr (repo->tag_mutability_text, ==, "SOMETHING_NEW");
}

static void
test_describe_repositories_by_name (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *names[] = { "frontend", "legacy", NULL };
  JsonArray *array;

  SCRIPT (fixture, { 200, "ecr-describe-repositories-page2.json" });

  gantry_aws_ecr_describe_repositories_async (fixture->ecr, names, 5, NULL,
                                              gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  repositories = gantry_aws_ecr_describe_repositories_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repositories->len, ==, 2);

  /* ECR refuses maxResults together with repositoryNames. */
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_false (json_object_has_member (body, "maxResults"));
  array = json_object_get_array_member (body, "repositoryNames");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "legacy");
}

static void
test_describe_repositories_missing_uri (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecr-describe-repositories-no-uri.json" });

  gantry_aws_ecr_describe_repositories_async (fixture->ecr, NULL, 0, NULL, gantry_test_store_result,
                                              &result);
  GANTRY_TEST_AWAIT (result);
  repositories = gantry_aws_ecr_describe_repositories_finish (fixture->ecr, result, &error);
  g_assert_null (repositories);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "repositoryUri"));
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeRepositories");
}

static void
test_describe_images_pages (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) second = NULL;
  GantryAwsEcrImageDetail *image;

  SCRIPT (fixture, { 200, "ecr-describe-images-page1.json" },
                   { 200, "ecr-describe-images-page2.json" });

  gantry_aws_ecr_describe_images_async (fixture->ecr, "backend", NULL,
                                        GANTRY_AWS_ECR_TAG_STATUS_TAGGED, 2, NULL,
                                        gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  images = gantry_aws_ecr_describe_images_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 4);

  assert_target (fixture, 1, "DescribeImages");
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "repositoryName"), ==, "backend");
  g_assert_cmpint (json_object_get_int_member (body, "maxResults"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "filter"),
                                                  "tagStatus"), ==, "TAGGED");
  second = gantry_test_replay_dup_json_body (fixture->replay, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "nextToken"), ==, "page-2");

  image = g_ptr_array_index (images, 0);
  g_assert_cmpstr (image->digest, ==,
                   "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_assert_true (gantry_aws_ecr_image_detail_has_tag (image, "prod-candidate"));
  g_assert_true (gantry_aws_ecr_image_detail_has_tag (image, "prod-candidate-e4a91b6"));
  g_assert_false (gantry_aws_ecr_image_detail_has_tag (image, "prod-latest"));
  g_assert_cmpint (image->size_bytes, ==, 53887122);
  g_assert_cmpint (g_date_time_to_unix (image->pushed_at), ==, 1763400000);
  g_assert_cmpstr (image->manifest_media_type, ==,
                   GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST);
  g_assert_cmpint (image->scan->state, ==, GANTRY_AWS_ECR_SCAN_COMPLETE);
  g_assert_true (image->scan->counts.known);
  g_assert_cmpuint (image->scan->counts.critical, ==, 1);
  g_assert_cmpuint (image->scan->counts.high, ==, 2);
  g_assert_cmpuint (image->scan->counts.medium, ==, 7);
  g_assert_cmpuint (image->scan->counts.low, ==, 0);
  g_assert_cmpuint (image->scan->counts.informational, ==, 3);
  g_assert_cmpint (g_date_time_to_unix (image->scan->completed_at), ==, 1763400100);

  /* Completed without findings: known, all zero. */
  image = g_ptr_array_index (images, 1);
  g_assert_true (gantry_aws_ecr_image_detail_has_tag (image, "prod-latest"));
  g_assert_cmpint (image->scan->state, ==, GANTRY_AWS_ECR_SCAN_COMPLETE);
  g_assert_true (image->scan->counts.known);
  g_assert_cmpuint (image->scan->counts.critical + image->scan->counts.high, ==, 0);

  /* Untagged and still scanning: no tags, counts unknown. */
  image = g_ptr_array_index (images, 2);
  g_assert_nonnull (image->tags);
  g_assert_cmpuint (g_strv_length (image->tags), ==, 0);
  g_assert_cmpint (image->scan->state, ==, GANTRY_AWS_ECR_SCAN_IN_PROGRESS);
  g_assert_false (image->scan->counts.known);

  /* Never scanned, pushed-at as ISO 8601, size missing. */
  image = g_ptr_array_index (images, 3);
  g_assert_cmpint (image->scan->state, ==, GANTRY_AWS_ECR_SCAN_NONE);
  g_assert_false (image->scan->counts.known);
  g_assert_cmpint (image->size_bytes, ==, -1);
  g_assert_cmpint (g_date_time_get_year (image->pushed_at), ==, 2025);
}

static void
test_describe_images_by_id (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *refs[] = {
    "prod-latest",
    "sha256:764f63476bdff6d83a09ba2a818f0d35757063724a9ac3ba5019c56f74ebf42a",
    NULL
  };
  JsonArray *ids;

  SCRIPT (fixture, { 200, "ecr-describe-images.json" });

  gantry_aws_ecr_describe_images_async (fixture->ecr, "app", refs, GANTRY_AWS_ECR_TAG_STATUS_ANY,
                                        10, NULL, gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  images = gantry_aws_ecr_describe_images_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 1);

  /* ECR refuses maxResults and filter together with imageIds. */
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_false (json_object_has_member (body, "maxResults"));
  g_assert_false (json_object_has_member (body, "filter"));
  ids = json_object_get_array_member (body, "imageIds");
  g_assert_cmpuint (json_array_get_length (ids), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ids, 0),
                                                  "imageTag"), ==, "prod-latest");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ids, 1),
                                                  "imageDigest"), ==, refs[1]);
  g_assert_false (json_object_has_member (json_array_get_object_element (ids, 1), "imageTag"));
}

static void
test_describe_images_malformed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecr-describe-images-malformed.json" });

  gantry_aws_ecr_describe_images_async (fixture->ecr, "backend", NULL, NULL, 0, NULL,
                                        gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  images = gantry_aws_ecr_describe_images_finish (fixture->ecr, result, &error);
  g_assert_null (images);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "imageDigest"));
}

static void
test_manifest_round_trip (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GantryAwsImage) image = NULL;
  g_autoptr(GBytes) expected = gantry_test_load_fixture ("ecr-manifest-unusual.json");
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) get_body = NULL;
  g_autoptr(JsonObject) put_body = NULL;
  g_autofree char *digest = NULL;
  const char *manifest;
  JsonArray *media_types;

  SCRIPT (fixture, { 200, "ecr-batch-get-image.json" },
                   { 200, "ecr-put-image.json" });

  gantry_aws_ecr_get_image_async (fixture->ecr, "backend", "prod-candidate", NULL,
                                  gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  image = gantry_aws_ecr_get_image_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);

  /* All four manifest media types are asked for. */
  assert_target (fixture, 0, "BatchGetImage");
  get_body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  media_types = json_object_get_array_member (get_body, "acceptedMediaTypes");
  g_assert_cmpuint (json_array_get_length (media_types), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (media_types, 0), ==,
                   "application/vnd.docker.distribution.manifest.v2+json");
  g_assert_cmpstr (json_array_get_string_element (media_types, 1), ==,
                   "application/vnd.docker.distribution.manifest.list.v2+json");
  g_assert_cmpstr (json_array_get_string_element (media_types, 2), ==,
                   "application/vnd.oci.image.manifest.v1+json");
  g_assert_cmpstr (json_array_get_string_element (media_types, 3), ==,
                   "application/vnd.oci.image.index.v1+json");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (get_body, "imageIds"), 0), "imageTag"), ==,
                   "prod-candidate");

  /* The manifest bytes are exactly the ones ECR stores: CRLF, tabs,
   * trailing blanks, escaped and raw non-ASCII, U+2028 and a surrogate pair. */
  g_assert_true (g_bytes_equal (image->manifest, expected));
  g_assert_cmpstr (image->digest, ==,
                   "sha256:0c3f1f2d8f7ab2b1a7d27c2d4a4e0f5a3c4d9b6e8f1a2b3c4d5e6f708192a3b4");
  g_assert_cmpstr (image->tag, ==, "prod-candidate");
  g_assert_cmpstr (image->manifest_media_type, ==, GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST);
  g_assert_cmpstr (image->repository_name, ==, "backend");

  gantry_aws_ecr_put_image_async (fixture->ecr, image, "prod-latest", NULL,
                                  gantry_test_store_result, &put_result);
  GANTRY_TEST_AWAIT (put_result);
  digest = gantry_aws_ecr_put_image_finish (fixture->ecr, put_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, image->digest);

  /* What went over the wire decodes to the very same bytes. */
  assert_target (fixture, 1, "PutImage");
  put_body = gantry_test_replay_dup_json_body (fixture->replay, 1);
  manifest = json_object_get_string_member (put_body, "imageManifest");
  sent = g_bytes_new (manifest, strlen (manifest));
  g_assert_true (g_bytes_equal (sent, expected));
  g_assert_cmpstr (json_object_get_string_member (put_body, "repositoryName"), ==, "backend");
  g_assert_cmpstr (json_object_get_string_member (put_body, "imageManifestMediaType"), ==,
                   GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST);
  g_assert_cmpstr (json_object_get_string_member (put_body, "imageDigest"), ==, image->digest);
  g_assert_cmpstr (json_object_get_string_member (put_body, "imageTag"), ==, "prod-latest");
  g_assert_false (json_object_has_member (put_body, "registryId"));
}

static void
test_batch_get_image_failure (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *refs[] = { "prod-candidate", NULL };

  SCRIPT (fixture, { 200, "ecr-batch-get-image-failure.json" });

  gantry_aws_ecr_batch_get_image_async (fixture->ecr, "backend", refs, NULL,
                                        gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  images = gantry_aws_ecr_batch_get_image_finish (fixture->ecr, result, &error);
  g_assert_null (images);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==,
                   GANTRY_AWS_ECR_FAILURE_IMAGE_NOT_FOUND);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "BatchGetImage");
  g_assert_nonnull (strstr (error->message, "prod-candidate"));
  g_assert_nonnull (strstr (error->message, "backend"));
  g_assert_nonnull (strstr (error->message, "us-east-1"));
}

static void
test_batch_get_image_no_manifest (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GantryAwsImage) image = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecr-batch-get-image-no-manifest.json" });

  gantry_aws_ecr_get_image_async (fixture->ecr, "backend", "prod-candidate", NULL,
                                  gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  image = gantry_aws_ecr_get_image_finish (fixture->ecr, result, &error);
  g_assert_null (image);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "imageManifest"));
}

static char *
put_image_expecting_error (Fixture  *fixture,
                           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) manifest = gantry_test_load_fixture ("ecr-manifest-unusual.json");
  g_autoptr(GantryAwsImage) image = NULL;

  image = gantry_aws_image_new ("backend", manifest, GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST,
                                "sha256:0c3f");
  gantry_aws_ecr_put_image_async (fixture->ecr, image, "prod-latest", NULL,
                                  gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_ecr_put_image_finish (fixture->ecr, result, error);
}

static void
test_put_image_already_exists (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tag_error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *tag_digest = NULL;

  SCRIPT (fixture, { 400, "ecr-error-image-already-exists.json" },
                   { 400, "ecr-error-image-tag-already-exists.json" });

  digest = put_image_expecting_error (fixture, &error);
  g_assert_null (digest);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==,
                   GANTRY_AWS_ECR_ERROR_IMAGE_ALREADY_EXISTS);

  tag_digest = put_image_expecting_error (fixture, &tag_error);
  g_assert_null (tag_digest);
  g_assert_error (tag_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (tag_error), ==,
                   GANTRY_AWS_ECR_ERROR_IMAGE_TAG_ALREADY_EXISTS);
}

static void
test_put_image_not_text (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char binary[] = { '{', '"', 'a', '"', ':', 0, '}', (char) 0xff };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) manifest = g_bytes_new_static (binary, sizeof binary);
  g_autoptr(GantryAwsImage) image = gantry_aws_image_new ("backend", manifest, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  SCRIPT (fixture, { 200, "ecr-put-image.json" });

  gantry_aws_ecr_put_image_async (fixture->ecr, image, "prod-latest", NULL,
                                  gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  digest = gantry_aws_ecr_put_image_finish (fixture->ecr, result, &error);
  g_assert_null (digest);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (fixture->replay), ==, 0);
}

static void
test_scan_findings (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) none_result = NULL;
  g_autoptr(GantryAwsEcrScanFindings) findings = NULL;
  g_autoptr(GantryAwsEcrScanFindings) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;

  SCRIPT (fixture, { 200, "ecr-describe-image-scan-findings.json" },
                   { 400, "ecr-error-scan-not-found.json" });

  gantry_aws_ecr_describe_image_scan_findings_async (fixture->ecr, "backend", "prod-candidate",
                                                     NULL, gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  findings = gantry_aws_ecr_describe_image_scan_findings_finish (fixture->ecr, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (findings->state, ==, GANTRY_AWS_ECR_SCAN_COMPLETE);
  g_assert_cmpstr (findings->status, ==, "COMPLETE");
  g_assert_true (findings->counts.known);
  g_assert_cmpuint (findings->counts.critical, ==, 2);
  g_assert_cmpuint (findings->counts.high, ==, 5);
  g_assert_cmpuint (findings->counts.medium, ==, 0);
  g_assert_cmpuint (findings->counts.low, ==, 11);
  g_assert_cmpuint (findings->counts.undefined, ==, 1);
  g_assert_nonnull (findings->completed_at);

  assert_target (fixture, 0, "DescribeImageScanFindings");
  body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "imageId"),
                                                  "imageTag"), ==, "prod-candidate");

  /* No scan at all is a result, not an error. */
  gantry_aws_ecr_describe_image_scan_findings_async (fixture->ecr, "backend", "prod-candidate",
                                                     NULL, gantry_test_store_result, &none_result);
  GANTRY_TEST_AWAIT (none_result);
  none = gantry_aws_ecr_describe_image_scan_findings_finish (fixture->ecr, none_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (none->state, ==, GANTRY_AWS_ECR_SCAN_NONE);
  g_assert_false (none->counts.known);
  g_assert_null (none->status);
}

static void
test_policies (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) repo_error = NULL;
  g_autoptr(GError) lifecycle_error = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *lifecycle = NULL;
  g_autofree char *no_policy = NULL;
  g_autofree char *no_lifecycle = NULL;

  SCRIPT (fixture, { 200, "ecr-get-repository-policy.json" },
                   { 200, "ecr-get-lifecycle-policy.json" },
                   { 400, "ecr-error-repository-policy-not-found.json" },
                   { 400, "ecr-error-lifecycle-policy-not-found.json" });

  gantry_aws_ecr_get_repository_policy_async (fixture->ecr, "backend", NULL,
                                              gantry_test_store_result, &r1);
  GANTRY_TEST_AWAIT (r1);
  policy = gantry_aws_ecr_get_repository_policy_finish (fixture->ecr, r1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (policy, "arn:aws:iam::111122223333:root"));

  gantry_aws_ecr_get_lifecycle_policy_async (fixture->ecr, "backend", NULL,
                                             gantry_test_store_result, &r2);
  GANTRY_TEST_AWAIT (r2);
  lifecycle = gantry_aws_ecr_get_lifecycle_policy_finish (fixture->ecr, r2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lifecycle, "imageCountMoreThan"));
  assert_target (fixture, 1, "GetLifecyclePolicy");

  gantry_aws_ecr_get_repository_policy_async (fixture->ecr, "backend", NULL,
                                              gantry_test_store_result, &r3);
  GANTRY_TEST_AWAIT (r3);
  no_policy = gantry_aws_ecr_get_repository_policy_finish (fixture->ecr, r3, &repo_error);
  g_assert_null (no_policy);
  g_assert_error (repo_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (repo_error), ==,
                   GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND);

  gantry_aws_ecr_get_lifecycle_policy_async (fixture->ecr, "backend", NULL,
                                             gantry_test_store_result, &r4);
  GANTRY_TEST_AWAIT (r4);
  no_lifecycle = gantry_aws_ecr_get_lifecycle_policy_finish (fixture->ecr, r4, &lifecycle_error);
  g_assert_null (no_lifecycle);
  g_assert_error (lifecycle_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (lifecycle_error), ==,
                   GANTRY_AWS_ECR_ERROR_LIFECYCLE_POLICY_NOT_FOUND);
}

static void
test_writes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set_body = NULL;
  g_autoptr(JsonObject) scan_body = NULL;
  const char *policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

  /* Both answer with a body the writes do not need; any 200 will do. */
  SCRIPT (fixture, { 200, "ecr-get-repository-policy.json" },
                   { 200, "ecr-get-repository-policy.json" });

  gantry_aws_ecr_set_repository_policy_async (fixture->ecr, "backend", policy, NULL,
                                              gantry_test_store_result, &r1);
  GANTRY_TEST_AWAIT (r1);
  g_assert_true (gantry_aws_ecr_set_repository_policy_finish (fixture->ecr, r1, &error));
  g_assert_no_error (error);
  assert_target (fixture, 0, "SetRepositoryPolicy");
  set_body = gantry_test_replay_dup_json_body (fixture->replay, 0);
  g_assert_cmpstr (json_object_get_string_member (set_body, "policyText"), ==, policy);
  g_assert_cmpstr (json_object_get_string_member (set_body, "repositoryName"), ==, "backend");

  gantry_aws_ecr_put_image_scanning_configuration_async (fixture->ecr, "backend", TRUE, NULL,
                                                         gantry_test_store_result, &r2);
  GANTRY_TEST_AWAIT (r2);
  g_assert_true (gantry_aws_ecr_put_image_scanning_configuration_finish (fixture->ecr, r2,
                                                                         &error));
  g_assert_no_error (error);
  assert_target (fixture, 1, "PutImageScanningConfiguration");
  scan_body = gantry_test_replay_dup_json_body (fixture->replay, 1);
  g_assert_true (json_object_get_boolean_member (
                   json_object_get_object_member (scan_body, "imageScanningConfiguration"),
                   "scanOnPush"));
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) repositories = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, "ecr-describe-repositories-page2.json" });

  g_cancellable_cancel (cancellable);
  gantry_aws_ecr_describe_repositories_async (fixture->ecr, NULL, 0, cancellable,
                                              gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  repositories = gantry_aws_ecr_describe_repositories_finish (fixture->ecr, result, &error);
  g_assert_null (repositories);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_repository_not_found (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 400, "ecr-error-repository-not-found.json" });

  gantry_aws_ecr_describe_images_async (fixture->ecr, "app", NULL, NULL, 0, NULL,
                                        gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  images = gantry_aws_ecr_describe_images_finish (fixture->ecr, result, &error);
  g_assert_null (images);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==,
                   GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND);
}

static void
test_image_copy_and_refs (void)
{
  g_autoptr(GBytes) manifest = g_bytes_new_static ("{}", 2);
  g_autoptr(GantryAwsImage) image = gantry_aws_image_new ("backend", manifest, NULL,
                                                          "sha256:abc");
  g_autoptr(GantryAwsImage) copy = gantry_aws_image_copy (image);

  g_assert_cmpstr (copy->repository_name, ==, "backend");
  g_assert_cmpstr (copy->digest, ==, "sha256:abc");
  g_assert_true (g_bytes_equal (copy->manifest, manifest));
  g_assert_true (G_TYPE_IS_BOXED (GANTRY_TYPE_AWS_IMAGE));

  g_assert_true (gantry_aws_ecr_is_digest ("sha256:abc"));
  g_assert_false (gantry_aws_ecr_is_digest ("prod-latest"));
  g_assert_false (gantry_aws_ecr_is_digest (NULL));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/aws/ecr/describe-repositories/pages", test_describe_repositories_pages);
  ADD ("/aws/ecr/describe-repositories/by-name", test_describe_repositories_by_name);
  ADD ("/aws/ecr/describe-repositories/missing-uri", test_describe_repositories_missing_uri);
  ADD ("/aws/ecr/describe-images/pages", test_describe_images_pages);
  ADD ("/aws/ecr/describe-images/by-id", test_describe_images_by_id);
  ADD ("/aws/ecr/describe-images/malformed", test_describe_images_malformed);
  ADD ("/aws/ecr/describe-images/repository-not-found", test_repository_not_found);
  ADD ("/aws/ecr/batch-get-image/manifest-round-trip", test_manifest_round_trip);
  ADD ("/aws/ecr/batch-get-image/failure", test_batch_get_image_failure);
  ADD ("/aws/ecr/batch-get-image/no-manifest", test_batch_get_image_no_manifest);
  ADD ("/aws/ecr/put-image/already-exists", test_put_image_already_exists);
  ADD ("/aws/ecr/put-image/not-text", test_put_image_not_text);
  ADD ("/aws/ecr/scan-findings", test_scan_findings);
  ADD ("/aws/ecr/policies", test_policies);
  ADD ("/aws/ecr/writes", test_writes);
  ADD ("/aws/ecr/cancelled", test_cancelled);
  g_test_add_func ("/aws/ecr/image-copy-and-refs", test_image_copy_and_refs);

  return g_test_run ();
}
