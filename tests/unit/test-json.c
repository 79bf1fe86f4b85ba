/* test-json.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-json.h"
#include "gantry-test-bytes.h"

static GBytes *
load_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static JsonNode *
parse_string (const char  *text,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gantry_aws_json_parse (bytes, error);
}

static void
test_json_describe_images (void)
{
  g_autoptr(GBytes) body = load_fixture ("ecr-describe-images.json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) pushed = NULL;
  g_autoptr(GDateTime) pulled = NULL;
  g_autoptr(GDateTime) scanned = NULL;
  JsonArray *details;
  JsonObject *image;
  JsonObject *counts;

  root = gantry_aws_json_parse (body, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  details = gantry_aws_json_get_array (json_node_get_object (root), "imageDetails");
  g_assert_nonnull (details);
  g_assert_cmpuint (json_array_get_length (details), ==, 1);
  image = json_array_get_object_element (details, 0);

  g_assert_cmpstr (gantry_aws_json_get_string (image, "repositoryName"), ==, "app");
  g_assert_cmpint (gantry_aws_json_get_int (image, "imageSizeInBytes", -1), ==, 53887122);
  g_assert_cmpuint (json_array_get_length (gantry_aws_json_get_array (image, "imageTags")), ==, 2);
  g_assert_null (gantry_aws_json_get_string (json_node_get_object (root), "nextToken"));

  /* Epoch seconds with a fraction, whole epoch seconds, and ISO 8601. */
  pushed = gantry_aws_json_get_timestamp (image, "imagePushedAt");
  g_assert_nonnull (pushed);
  g_assert_cmpint (g_date_time_to_unix (pushed), ==, 1700000000);
  g_assert_cmpint (g_date_time_get_microsecond (pushed), ==, 123000);

  pulled = gantry_aws_json_get_timestamp (image, "lastRecordedPullTime");
  g_assert_nonnull (pulled);
  g_assert_cmpint (g_date_time_to_unix (pulled), ==, 1763892000);

  scanned = gantry_aws_json_get_timestamp (gantry_aws_json_get_object (image,
                                                                       "imageScanFindingsSummary"),
                                           "imageScanCompletedAt");
  g_assert_nonnull (scanned);
  g_assert_cmpint (g_date_time_get_year (scanned), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (scanned), ==, 18);

  counts = gantry_aws_json_get_object (gantry_aws_json_get_object (image,
                                                                   "imageScanFindingsSummary"),
                                       "findingSeverityCounts");
  g_assert_cmpint (gantry_aws_json_get_int (counts, "HIGH", 0), ==, 2);
  g_assert_cmpint (gantry_aws_json_get_int (counts, "CRITICAL", 0), ==, 0);
}

static void
test_json_wrong_types (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  root = parse_string ("{\"s\":\"text\",\"i\":42,\"d\":2.75,\"b\":true,\"n\":null,"
                       "\"a\":[1],\"o\":{\"x\":1},\"big\":1e300}", &error);
  g_assert_no_error (error);
  o = json_node_get_object (root);

  g_assert_cmpstr (gantry_aws_json_get_string (o, "s"), ==, "text");
  g_assert_null (gantry_aws_json_get_string (o, "i"));
  g_assert_null (gantry_aws_json_get_string (o, "n"));
  g_assert_null (gantry_aws_json_get_string (o, "a"));
  g_assert_null (gantry_aws_json_get_string (o, "missing"));

  g_assert_cmpint (gantry_aws_json_get_int (o, "i", -1), ==, 42);
  g_assert_cmpint (gantry_aws_json_get_int (o, "d", -1), ==, 2);
  g_assert_cmpint (gantry_aws_json_get_int (o, "s", -1), ==, -1);
  g_assert_cmpint (gantry_aws_json_get_int (o, "b", -1), ==, -1);
  g_assert_cmpint (gantry_aws_json_get_int (o, "o", -1), ==, -1);
  g_assert_cmpint (gantry_aws_json_get_int (o, "big", -1), ==, -1);

  g_assert_cmpfloat (gantry_aws_json_get_double (o, "d", -1), ==, 2.75);
  g_assert_cmpfloat (gantry_aws_json_get_double (o, "i", -1), ==, 42.0);
  g_assert_cmpfloat (gantry_aws_json_get_double (o, "s", -1), ==, -1.0);
  g_assert_cmpfloat (gantry_aws_json_get_double (o, "n", -1), ==, -1.0);

  g_assert_true (gantry_aws_json_get_bool (o, "b", FALSE));
  g_assert_false (gantry_aws_json_get_bool (o, "i", FALSE));
  g_assert_true (gantry_aws_json_get_bool (o, "s", TRUE));
  g_assert_true (gantry_aws_json_get_bool (o, "missing", TRUE));

  g_assert_nonnull (gantry_aws_json_get_array (o, "a"));
  g_assert_null (gantry_aws_json_get_array (o, "o"));
  g_assert_null (gantry_aws_json_get_array (o, "n"));
  g_assert_nonnull (gantry_aws_json_get_object (o, "o"));
  g_assert_null (gantry_aws_json_get_object (o, "a"));
  g_assert_null (gantry_aws_json_get_object (o, "s"));

  /* A missing parent object chains through as "unknown". */
  g_assert_null (gantry_aws_json_get_string (NULL, "s"));
  g_assert_cmpint (gantry_aws_json_get_int (NULL, "i", 7), ==, 7);
  g_assert_cmpfloat (gantry_aws_json_get_double (NULL, "d", 7.5), ==, 7.5);
  g_assert_false (gantry_aws_json_get_bool (NULL, "b", FALSE));
  g_assert_null (gantry_aws_json_get_array (NULL, "a"));
  g_assert_null (gantry_aws_json_get_object (NULL, "o"));
  g_assert_null (gantry_aws_json_get_timestamp (NULL, "t"));
}

static void
test_json_timestamps (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) negative = NULL;
  g_autoptr(GDateTime) offset = NULL;
  g_autoptr(GDateTime) no_zone = NULL;
  JsonObject *o;

  root = parse_string ("{\"neg\":-1.5,\"offset\":\"2026-11-23T20:00:00+02:00\","
                       "\"nozone\":\"2026-11-23T18:00:00\",\"bad\":\"yesterday\","
                       "\"bool\":true,\"huge\":1e300,\"arr\":[1]}", &error);
  g_assert_no_error (error);
  o = json_node_get_object (root);

  negative = gantry_aws_json_get_timestamp (o, "neg");
  g_assert_nonnull (negative);
  g_assert_cmpint (g_date_time_to_unix (negative), ==, -2);
  g_assert_cmpint (g_date_time_get_microsecond (negative), ==, 500000);

  offset = gantry_aws_json_get_timestamp (o, "offset");
  g_assert_nonnull (offset);
  g_assert_cmpint (g_date_time_get_hour (offset), ==, 18);
  g_assert_cmpint (g_date_time_get_utc_offset (offset), ==, 0);

  no_zone = gantry_aws_json_get_timestamp (o, "nozone");
  g_assert_nonnull (no_zone);
  g_assert_cmpint (g_date_time_get_hour (no_zone), ==, 18);

  g_assert_null (gantry_aws_json_get_timestamp (o, "bad"));
  g_assert_null (gantry_aws_json_get_timestamp (o, "bool"));
  g_assert_null (gantry_aws_json_get_timestamp (o, "huge"));
  g_assert_null (gantry_aws_json_get_timestamp (o, "arr"));
  g_assert_null (gantry_aws_json_get_timestamp (o, "missing"));
}

static void
test_json_empty_is_object (void)
{
  static const char * const bodies[] = { "", "  \r\n\t" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = parse_string (bodies[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 0);
    }

  {
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GError) error = NULL;

    root = gantry_aws_json_parse (NULL, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  }
}

static void
test_json_malformed (void)
{
  static const char * const bodies[] = {
    "[]",
    "[{\"a\":1}]",
    "\"string\"",
    "42",
    "null",
    "{",
    "{\"a\":",
    "{\"a\":1,}x",
    "{\"a\" 1}",
    "<ErrorResponse/>",
    "<!doctype html><html></html>",
    "{\"a\":\"\xff\xfe\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = parse_string (bodies[i], &error);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
      g_assert_null (root);
    }
}

static void
test_json_embedded_nul (void)
{
  static const char with_nul[] = "{\"a\":\"x\0y\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (with_nul, sizeof with_nul - 1);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_json_parse (bytes, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static void
test_json_too_large (void)
{
  gsize size = GANTRY_AWS_JSON_MAX_SIZE + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  bytes = g_bytes_new_take (data, size);

  root = gantry_aws_json_parse (bytes, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static void
assert_json_rejected (GBytes   *bytes,
                      gpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_json_parse (bytes, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static void
test_json_truncated (void)
{
  g_autoptr(GBytes) body = load_fixture ("ecr-describe-images.json");
  const char *data = g_bytes_get_data (body, NULL);
  gsize complete = strrchr (data, '}') - data + 1;

  /* The empty prefix is the empty-object case, tested on its own. */
  gantry_test_bytes_for_each_prefix (body, 1, complete, assert_json_rejected, NULL);
}

/* A mutated reply parses to a tree or fails cleanly, never both or neither. */
static void
assert_json_parsed_or_rejected (GBytes   *bytes,
                                gpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_json_parse (bytes, &error);
  g_assert_true ((root != NULL) != (error != NULL));
  if (root != NULL)
    {
      JsonObject *o = json_node_get_object (root);
      g_autoptr(GDateTime) t = NULL;

      /* The readers must cope with whatever survived. */
      JsonArray *details = gantry_aws_json_get_array (o, "imageDetails");
      JsonNode *first = details && json_array_get_length (details) > 0
                        ? json_array_get_element (details, 0) : NULL;
      JsonObject *image = first && JSON_NODE_HOLDS_OBJECT (first)
                          ? json_node_get_object (first) : NULL;

      (void) gantry_aws_json_get_string (image, "repositoryName");
      (void) gantry_aws_json_get_int (image, "imageSizeInBytes", 0);
      t = gantry_aws_json_get_timestamp (image, "imagePushedAt");
    }
  else
    {
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
    }
}

static void
test_json_mutations (void)
{
  g_autoptr(GBytes) body = load_fixture ("ecr-describe-images.json");

  gantry_test_bytes_for_each_mutation (body, 20261123, 2000, assert_json_parsed_or_rejected, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/json/describe-images", test_json_describe_images);
  g_test_add_func ("/aws/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/aws/json/timestamps", test_json_timestamps);
  g_test_add_func ("/aws/json/empty-is-object", test_json_empty_is_object);
  g_test_add_func ("/aws/json/malformed", test_json_malformed);
  g_test_add_func ("/aws/json/embedded-nul", test_json_embedded_nul);
  g_test_add_func ("/aws/json/too-large", test_json_too_large);
  g_test_add_func ("/aws/json/truncated", test_json_truncated);
  g_test_add_func ("/aws/json/mutations", test_json_mutations);

  return g_test_run ();
}
