/* test-promote.c: the promotion engine and gantryctl promote against moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moto verifies signatures and is seeded once with the demo account
 * (backend and frontend with prod-candidate ahead of prod-latest; services
 * prod-api and prod-app). Tests that move a tag use their own target tag
 * (prod-test-…, which the demo's tag-immutability exclusion lets move) or
 * their own repository, so they do not depend on the order they run in.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "aws/gantry-aws-ecr.h"
#include "aws/gantry-aws-ecs.h"
#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-static-provider.h"
#include "core/gantry-error.h"
#include "core/gantry-promotion.h"
#include "gantry-test-async.h"
#include "gantry-test-moto.h"

#define MEDIA_REPOSITORY "gantry-test-media"

static GantryTestMoto *moto;

static GantryAwsClient *
new_client (void)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  gantry_aws_client_set_timeout (client, 10);
  return client;
}

static GantryPromotion *
new_promotion (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryEnvironment) environment = gantry_environment_new ("test");

  gantry_environment_set_cluster (environment, "prod");
  return gantry_promotion_new (client, environment, NULL);
}

static GantryPromotionResult *
promote (GantryPromotion         *promotion,
         GantryPromotionRequest  *request,
         GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_promotion_promote_async (promotion, request, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  return gantry_promotion_promote_finish (promotion, result, error);
}

static GantryAwsEcr *
new_ecr (void)
{
  g_autoptr(GantryAwsClient) client = new_client ();

  return gantry_aws_ecr_new (client);
}

/* Returns: (nullable): the digest @tag names, %NULL when it names nothing */
static char *
tag_digest (const char *repository,
            const char *tag)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *refs[] = { tag, NULL };

  gantry_aws_ecr_describe_images_async (ecr, repository, refs, NULL, 0, NULL, gantry_test_store_result,
                                        &result);
  gantry_test_await (&result);
  images = gantry_aws_ecr_describe_images_finish (ecr, result, &error);
  if (images == NULL)
    {
      g_assert_true (gantry_aws_error_has_aws_code (error,
                                                    GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND));
      return NULL;
    }
  g_assert_cmpuint (images->len, ==, 1);
  return g_strdup (((GantryAwsEcrImageDetail *) g_ptr_array_index (images, 0))->digest);
}

static GantryAwsImage *
get_image (const char *repository,
           const char *ref)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsImage *image;

  gantry_aws_ecr_get_image_async (ecr, repository, ref, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  image = gantry_aws_ecr_get_image_finish (ecr, result, &error);
  g_assert_no_error (error);
  return image;
}

static char *
put_manifest (const char *repository,
              const char *manifest,
              const char *media_type,
              const char *tag)
{
  g_autoptr(GantryAwsEcr) ecr = new_ecr ();
  g_autoptr(GBytes) bytes = g_bytes_new (manifest, strlen (manifest));
  g_autoptr(GantryAwsImage) image = gantry_aws_image_new (repository, bytes, media_type, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *digest;

  gantry_aws_ecr_put_image_async (ecr, image, tag, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  digest = gantry_aws_ecr_put_image_finish (ecr, result, &error);
  g_assert_no_error (error);
  return digest;
}

static GPtrArray *
load_journal (void)
{
  g_autoptr(GantryJournal) journal = gantry_journal_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  gantry_journal_load_async (journal, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  entries = gantry_journal_load_finish (journal, result, NULL, &error);
  g_assert_no_error (error);
  return entries;
}

static guint
journal_length (void)
{
  g_autoptr(GPtrArray) entries = load_journal ();

  return entries->len;
}

static void
test_promote_moves_latest (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("backend");
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GantryPromotionResult) again = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = tag_digest ("backend", "prod-candidate");
  g_autofree char *latest = tag_digest ("backend", "prod-latest");
  g_autofree char *candidate_after = NULL;
  g_autofree char *latest_after = NULL;
  GantryJournalEntry *started, *done;
  guint before = journal_length ();

  g_assert_cmpstr (candidate, !=, latest);
  request->approved_digest = g_strdup (candidate);

  result = promote (promotion, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpstr (result->to_digest, ==, candidate);
  g_assert_cmpstr (result->from_digest, ==, latest);
  g_assert_cmpstr (result->commit, ==, "e4a91b6");
  g_assert_cmpint (gantry_promotion_get_step (promotion), ==, GANTRY_PROMOTION_STEP_DONE);
  g_assert_cmpint (gantry_promotion_get_outcome (promotion), ==,
                   GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_false (gantry_promotion_get_busy (promotion));

  latest_after = tag_digest ("backend", "prod-latest");
  candidate_after = tag_digest ("backend", "prod-candidate");
  g_assert_cmpstr (latest_after, ==, candidate);
  g_assert_cmpstr (candidate_after, ==, candidate);

  /* started before the write, done after, with who did it */
  entries = load_journal ();
  g_assert_cmpuint (entries->len, ==, before + 2);
  started = g_ptr_array_index (entries, before);
  done = g_ptr_array_index (entries, before + 1);
  g_assert_cmpint (started->state, ==, GANTRY_JOURNAL_STATE_STARTED);
  g_assert_cmpint (done->state, ==, GANTRY_JOURNAL_STATE_DONE);
  g_assert_cmpstr (started->id, ==, done->id);
  g_assert_cmpstr (done->id, ==, result->journal_id);
  g_assert_cmpstr (done->identity_arn, ==, gantry_test_moto_get_user_arn (moto));
  g_assert_cmpstr (done->account, ==, "123456789012");
  g_assert_cmpstr (done->region, ==, GANTRY_TEST_MOTO_REGION);
  g_assert_cmpstr (done->repository, ==, "backend");
  g_assert_cmpstr (done->from_digest, ==, latest);
  g_assert_cmpstr (done->to_digest, ==, candidate);
  g_assert_cmpstr (done->commit, ==, "e4a91b6");
  g_assert_cmpstr (done->tag, ==, "prod-latest");

  /* Running it again is a success that writes nothing. */
  again = promote (promotion, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->outcome, ==, GANTRY_PROMOTION_OUTCOME_ALREADY_PROMOTED);
  g_assert_null (again->journal_id);
  g_assert_cmpuint (journal_length (), ==, before + 2);
}

static void
test_stale_digest (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("frontend");
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = tag_digest ("frontend", "prod-latest");
  g_autofree char *latest_after = NULL;
  guint before = journal_length ();

  request->approved_digest = g_strdup ("sha256:"
                                       "0000000000000000000000000000000000000000000000000000000000000000");
  result = promote (promotion, request, &error);
  g_assert_null (result);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_CONFLICT);
  g_assert_cmpint (gantry_promotion_get_outcome (promotion), ==,
                   GANTRY_PROMOTION_OUTCOME_REFUSED);
  g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                   GANTRY_PROMOTION_RULE_DIGEST_CHANGED);

  latest_after = tag_digest ("frontend", "prod-latest");
  g_assert_cmpstr (latest_after, ==, latest);
  g_assert_cmpuint (journal_length (), ==, before);
}

static void
push_new_candidate_cb (GantryPromotion *promotion,
                       const char      *repository,
                       const char      *digest,
                       gpointer         user_data)
{
  g_autofree char *pushed = NULL;

  /* The pipeline pushes a new build while the release manager approves. */
  pushed = put_manifest (repository,
                         "{\"schemaVersion\":2,\"mediaType\":"
                         "\"application/vnd.docker.distribution.manifest.v2+json\","
                         "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                         "\"size\":1,\"digest\":\"sha256:"
                         "1111111111111111111111111111111111111111111111111111111111111111\"},"
                         "\"layers\":[]}",
                         GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST, "prod-candidate");
  g_assert_cmpstr (pushed, !=, digest);
  *(char **) user_data = g_steal_pointer (&pushed);
}

static void
test_candidate_moved (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("frontend");
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *candidate = tag_digest ("frontend", "prod-candidate");
  g_autofree char *pushed = NULL;
  guint before = journal_length ();

  request->approved_digest = g_strdup (candidate);
  request->to_tag = g_strdup ("prod-test-moved");
  g_signal_connect (promotion, "before-write", G_CALLBACK (push_new_candidate_cb), &pushed);

  result = promote (promotion, request, &error);
  g_assert_null (result);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_CONFLICT);
  /* Both digests are shown. */
  g_assert_nonnull (strstr (error->message, candidate));
  g_assert_nonnull (strstr (error->message, pushed));
  g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                   GANTRY_PROMOTION_RULE_DIGEST_CHANGED);
  g_assert_null (tag_digest ("frontend", "prod-test-moved"));
  g_assert_cmpuint (journal_length (), ==, before);
}

/* Whitespace and key order a re-serialisation would change: the bytes must
 * come back exactly. */
static const struct
{
  const char *media_type;
  const char *manifest;
} manifests[] = {
  { GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST,
    "{\n   \"schemaVersion\": 2,\n   \"mediaType\": "
    "\"application/vnd.docker.distribution.manifest.v2+json\",\n   \"config\": {\n      "
    "\"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n      \"size\": 7023,\n"
    "      \"digest\": \"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
    "   },\n   \"layers\": [\n      {\n         \"mediaType\": "
    "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n         \"size\": 29124512,\n"
    "         \"digest\": \"sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"\n"
    "      }\n   ]\n}" },
  { GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST,
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
    "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":42,"
    "\"digest\":\"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"},"
    "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":9,"
    "\"digest\":\"sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"}],"
    "\"annotations\":{\"org.opencontainers.image.revision\":\"c07d5e2\"}}  " },
  { GANTRY_AWS_ECR_MEDIA_TYPE_OCI_INDEX,
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
    "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
    "\"size\":500,\"digest\":\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\","
    "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
    "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":501,"
    "\"digest\":\"sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\","
    "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}" },
};

static void
create_repository (const char *name)
{
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (input, "repositoryName", name);
  gantry_aws_client_call_json_async (client, &gantry_aws_service_ecr, "CreateRepository", input,
                                     NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  reply = gantry_aws_client_call_json_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
test_media_types_byte_identical (void)
{
  create_repository (MEDIA_REPOSITORY);

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    {
      g_autoptr(GantryPromotion) promotion = new_promotion ();
      g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new (MEDIA_REPOSITORY);
      g_autoptr(GantryPromotionResult) result = NULL;
      g_autoptr(GantryAwsImage) before = NULL;
      g_autoptr(GantryAwsImage) after = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *digest = NULL;

      g_test_message ("media type %s", manifests[i].media_type);
      digest = put_manifest (MEDIA_REPOSITORY, manifests[i].manifest, manifests[i].media_type,
                             "prod-candidate");
      before = get_image (MEDIA_REPOSITORY, "prod-candidate");
      request->approved_digest = g_strdup (digest);

      result = promote (promotion, request, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
      g_assert_cmpstr (result->media_type, ==, manifests[i].media_type);

      after = get_image (MEDIA_REPOSITORY, "prod-latest");
      g_assert_cmpstr (after->digest, ==, digest);
      g_assert_cmpstr (after->manifest_media_type, ==, manifests[i].media_type);
      g_assert_true (g_bytes_equal (after->manifest, before->manifest));
      g_assert_cmpmem (g_bytes_get_data (after->manifest, NULL),
                       g_bytes_get_size (after->manifest),
                       manifests[i].manifest, strlen (manifests[i].manifest));
    }
}

static GantryAwsEcsService *
describe_service (GantryAwsEcs *ecs,
                  const char   *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { name, NULL };

  gantry_aws_ecs_describe_services_async (ecs, "prod", names, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  services = gantry_aws_ecs_describe_services_finish (ecs, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 1);
  return g_ptr_array_steal_index (services, 0);
}

static void
test_deploy_pins_digest (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("backend");
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (client);
  g_autoptr(GantryAwsEcsService) before = describe_service (ecs, "prod-api");
  g_autoptr(GantryAwsEcsService) after = NULL;
  g_autoptr(GantryAwsEcsTaskDefinition) td = NULL;
  g_autoptr(GAsyncResult) td_result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pinned = NULL;
  const char * const services[] = { "prod-api", NULL };
  GantryAwsEcsContainer *container;
  GantryRollout *rollout;
  GantryJournalEntry *last;

  request->to_tag = g_strdup ("prod-test-deploy");
  request->services = g_strdupv ((GStrv) services);
  /* moto does not start deployments: its PRIMARY would never complete. */
  request->watch = FALSE;

  result = promote (promotion, request, &error);
  g_assert_no_error (error);
  g_assert_no_error (result->rollout_error);
  g_assert_cmpint (result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
  g_assert_cmpuint (result->rollouts->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (gantry_promotion_get_rollouts (promotion)), ==, 1);

  rollout = g_ptr_array_index (result->rollouts, 0);
  g_assert_cmpint (gantry_rollout_get_state (rollout), ==, GANTRY_ROLLOUT_STATE_IN_PROGRESS);
  g_assert_cmpstr (gantry_rollout_get_previous_task_definition (rollout), ==,
                   before->task_definition);
  g_assert_nonnull (gantry_rollout_get_deployment_id (rollout));
  pinned = g_strdup_printf ("123456789012.dkr.ecr.us-east-1.amazonaws.com/backend@%s",
                            result->to_digest);
  g_assert_cmpstr (gantry_rollout_get_image (rollout), ==, pinned);

  after = describe_service (ecs, "prod-api");
  g_assert_cmpstr (after->task_definition, ==, gantry_rollout_get_task_definition (rollout));
  g_assert_cmpstr (after->task_definition, !=, before->task_definition);

  gantry_aws_ecs_describe_task_definition_async (ecs, after->task_definition, NULL, gantry_test_store_result,
                                                 &td_result);
  gantry_test_await (&td_result);
  td = gantry_aws_ecs_describe_task_definition_finish (ecs, td_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (td->family, ==, "prod-api");
  container = gantry_aws_ecs_task_definition_get_container (td, "prod-api");
  g_assert_nonnull (container);
  g_assert_cmpstr (container->image, ==, pinned);
  /* Everything else carried over */
  g_assert_cmpstr (json_object_get_string_member (td->raw, "cpu"), ==, "512");
  g_assert_cmpstr (json_object_get_string_member (td->raw, "networkMode"), ==, "awsvpc");

  entries = load_journal ();
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpint (last->state, ==, GANTRY_JOURNAL_STATE_DONE);
  g_assert_cmpstr (last->service, ==, "prod-api");
  g_assert_cmpstr (last->task_definition, ==, after->task_definition);
}

static void
test_wrong_family_refused (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("backend");
  g_autoptr(GantryPromotionResult) result = NULL;
  g_autoptr(GantryAwsClient) client = new_client ();
  g_autoptr(GantryAwsEcs) ecs = gantry_aws_ecs_new (client);
  g_autoptr(GantryAwsEcsService) before = describe_service (ecs, "prod-app");
  g_autoptr(GantryAwsEcsService) after = NULL;
  g_autoptr(GError) error = NULL;
  const char * const services[] = { "prod-app", NULL };
  guint n_entries = journal_length ();

  /* The runbook's COMMON MISTAKE: prod-app updated with the prod-api task. */
  request->to_tag = g_strdup ("prod-test-family");
  request->services = g_strdupv ((GStrv) services);
  request->task_definition = g_strdup ("prod-api");
  request->watch = FALSE;

  result = promote (promotion, request, &error);
  g_assert_null (result);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "prod-api"));
  g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                   GANTRY_PROMOTION_RULE_TASK_FAMILY);
  g_clear_error (&error);

  /* The same mistake by image: the api image into the app's own family. */
  g_clear_pointer (&request->task_definition, g_free);
  result = promote (promotion, request, &error);
  g_assert_null (result);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_cmpint (gantry_promotion_get_refused_rule (promotion), ==,
                   GANTRY_PROMOTION_RULE_TASK_FAMILY);

  /* Nothing written anywhere. */
  g_assert_null (tag_digest ("backend", "prod-test-family"));
  after = describe_service (ecs, "prod-app");
  g_assert_cmpstr (after->task_definition, ==, before->task_definition);
  g_assert_cmpuint (journal_length (), ==, n_entries);
}

static void
test_two_at_once_refused (void)
{
  g_autoptr(GantryPromotion) first = new_promotion ();
  g_autoptr(GantryPromotion) second = new_promotion ();
  g_autoptr(GantryPromotionRequest) request = gantry_promotion_request_new ("backend");
  g_autoptr(GantryPromotionResult) first_result = NULL;
  g_autoptr(GantryPromotionResult) second_result = NULL;
  g_autoptr(GAsyncResult) async_first = NULL;
  g_autoptr(GAsyncResult) async_second = NULL;
  g_autoptr(GError) error = NULL;

  request->to_tag = g_strdup ("prod-test-busy");
  gantry_promotion_promote_async (first, request, NULL, gantry_test_store_result, &async_first);
  gantry_promotion_promote_async (second, request, NULL, gantry_test_store_result, &async_second);
  gantry_test_await (&async_second);
  second_result = gantry_promotion_promote_finish (second, async_second, &error);
  g_assert_null (second_result);
  g_assert_error (error, GANTRY_ERROR, GANTRY_ERROR_REFUSED);
  g_assert_cmpint (gantry_promotion_get_refused_rule (second), ==, GANTRY_PROMOTION_RULE_BUSY);
  g_clear_error (&error);

  gantry_test_await (&async_first);
  first_result = gantry_promotion_promote_finish (first, async_first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_result->outcome, ==, GANTRY_PROMOTION_OUTCOME_PROMOTED);
}

static void
test_inspect (void)
{
  g_autoptr(GantryPromotion) promotion = new_promotion ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GantryRepositoryState) missing = NULL;
  g_autoptr(GantryRepositoryState) frontend = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "frontend", "gantry-test-missing", NULL };

  gantry_promotion_inspect_async (promotion, names, NULL, gantry_test_store_result, &result);
  gantry_test_await (&result);
  states = gantry_promotion_inspect_finish (promotion, result, &error);
  g_assert_no_error (error);
  g_assert_true (states == gantry_promotion_get_repositories (promotion));
  g_assert_cmpuint (g_list_model_get_n_items (states), ==, 2);

  frontend = g_list_model_get_item (states, 0);
  g_assert_cmpstr (gantry_repository_state_get_name (frontend), ==, "frontend");
  g_assert_nonnull (gantry_repository_state_get_candidate_digest (frontend));
  g_assert_nonnull (gantry_repository_state_get_latest_digest (frontend));
  g_assert_cmpstr (gantry_repository_state_get_latest_commit (frontend), ==, "8be41d7");
  g_assert_cmpint (gantry_repository_state_get_repository (frontend)->tag_mutability, ==,
                   GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION);

  missing = g_list_model_get_item (states, 1);
  g_assert_cmpint (gantry_repository_state_get_status (missing), ==,
                   GANTRY_REPOSITORY_STATUS_UNKNOWN);
  g_assert_true (gantry_aws_error_has_aws_code (gantry_repository_state_get_error (missing),
                                                GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND));
}

/* gantryctl, run as a user would, with the keys in its environment. */
static int
run_gantryctl (const char * const  *args,
               char               **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GANTRYCTL"));
  g_ptr_array_add (argv, (gpointer) "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) gantry_test_moto_get_endpoint (moto));
  g_ptr_array_add (argv, (gpointer) "--region");
  g_ptr_array_add (argv, (gpointer) GANTRY_TEST_MOTO_REGION);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (argv->pdata[0]);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  /* The test's journal and lock directory, so both sides see the same. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID",
                                gantry_test_moto_get_access_key_id (moto), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY",
                                gantry_test_moto_get_secret_access_key (moto), TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, out_stdout, &err, &error);
  g_assert_no_error (error);
  g_test_message ("gantryctl exited %d; stderr: %s", g_subprocess_get_exit_status (process), err);
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_gantryctl_promote (void)
{
  const char *promote_args[] = { "promote", "--repository", "backend", "--to-tag",
                                 "prod-test-cli", "--yes", "--format", "json", NULL };
  const char *stale_args[] = { "promote", "--repository", "backend", "--to-tag",
                               "prod-test-cli-stale", "--yes", "--format", "json",
                               "--expect-digest", "sha256:"
                               "0000000000000000000000000000000000000000000000000000000000000000",
                               NULL };
  const char *ask_args[] = { "promote", "--repository", "backend", "--to-tag",
                             "prod-test-cli-ask", NULL };
  const char *wrong_args[] = { "promote", "--repository", "backend", "--to-tag",
                               "prod-test-cli-wrong", "--deploy", "prod-app", "--cluster", "prod",
                               "--yes", NULL };
  g_autofree char *out = NULL;
  g_autofree char *candidate = tag_digest ("backend", "prod-candidate");
  g_autofree char *landed = NULL;
  g_autoptr(JsonObject) reply = NULL;

  g_assert_cmpint (run_gantryctl (promote_args, &out), ==, 0);
  reply = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (reply, "outcome"), ==, "promoted");
  g_assert_cmpstr (json_object_get_string_member (reply, "to_digest"), ==, candidate);
  landed = tag_digest ("backend", "prod-test-cli");
  g_assert_cmpstr (landed, ==, candidate);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  g_assert_cmpint (run_gantryctl (promote_args, &out), ==, 0);
  reply = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (reply, "outcome"), ==, "already-promoted");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&reply, json_object_unref);

  g_assert_cmpint (run_gantryctl (stale_args, &out), ==, 1);
  reply = parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (reply, "outcome"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (reply, "rule"), ==, "digest-changed");
  g_assert_null (tag_digest ("backend", "prod-test-cli-stale"));
  g_clear_pointer (&out, g_free);

  /* No terminal to ask on: refuse and say to pass --yes. */
  g_assert_cmpint (run_gantryctl (ask_args, &out), ==, 2);
  g_assert_null (tag_digest ("backend", "prod-test-cli-ask"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_gantryctl (wrong_args, &out), ==, 1);
  g_assert_null (tag_digest ("backend", "prod-test-cli-wrong"));
}

static void
test_gantryctl_candidates (void)
{
  const char *args[] = { "candidates", "--repository", "frontend", "--format", "json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *frontend;
  JsonObject *latest;

  g_assert_cmpint (run_gantryctl (args, &out), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  frontend = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (frontend, "repository"), ==, "frontend");
  g_assert_nonnull (json_object_get_string_member (frontend, "state"));
  latest = json_object_get_object_member (frontend, "latest");
  g_assert_cmpstr (json_object_get_string_member (latest, "tag"), ==, "prod-latest");
  g_assert_cmpstr (json_object_get_string_member (latest, "commit"), ==, "8be41d7");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (latest, "digest"), "sha256:"));
  g_assert_nonnull (json_object_get_string_member (latest, "pushed_at"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/integration/promote/moves-latest", test_promote_moves_latest);
  g_test_add_func ("/integration/promote/stale-digest", test_stale_digest);
  g_test_add_func ("/integration/promote/candidate-moved", test_candidate_moved);
  g_test_add_func ("/integration/promote/media-types", test_media_types_byte_identical);
  g_test_add_func ("/integration/promote/deploy", test_deploy_pins_digest);
  g_test_add_func ("/integration/promote/wrong-family", test_wrong_family_refused);
  g_test_add_func ("/integration/promote/two-at-once", test_two_at_once_refused);
  g_test_add_func ("/integration/promote/inspect", test_inspect);
  g_test_add_func ("/integration/promote/gantryctl-promote", test_gantryctl_promote);
  g_test_add_func ("/integration/promote/gantryctl-candidates", test_gantryctl_candidates);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  gantry_test_moto_run_seed (moto, g_getenv ("GANTRY_DEMO_SEED"), NULL, NULL, &error);
  g_assert_no_error (error);

  status = g_test_run ();
  gantry_test_moto_stop (moto);
  return status;
}
