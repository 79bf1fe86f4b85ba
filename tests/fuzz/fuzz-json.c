/* fuzz-json.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-json"

#include "config.h"

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-json.h"
#include "aws/gantry-aws-protocol.h"
#include "gantry-fuzz.h"

/* The JSON 1.1 reply decoder: the parser, every safe reader on every member
 * of every object, and the error decoder, which sniffs the body itself. */

/* Deeper than any AWS reply; bounds the fuzzer's own recursion. */
#define WALK_MAX_DEPTH 32

static void walk_node (JsonNode *node,
                       guint     depth);

static void
walk_object (JsonObject *object,
             guint       depth)
{
  g_autoptr(GList) members = NULL;

  if (depth > WALK_MAX_DEPTH)
    return;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autoptr(GDateTime) timestamp = NULL;
      JsonArray *array;
      JsonObject *child;

      /* Each reader must answer with its fallback or a value, whatever the
       * member's type is. */
      (void) gantry_aws_json_get_string (object, name);
      (void) gantry_aws_json_get_int (object, name, -1);
      (void) gantry_aws_json_get_double (object, name, -1.0);
      (void) gantry_aws_json_get_bool (object, name, FALSE);
      timestamp = gantry_aws_json_get_timestamp (object, name);
      if (timestamp != NULL)
        g_free (g_date_time_format_iso8601 (timestamp));

      array = gantry_aws_json_get_array (object, name);
      if (array != NULL)
        {
          for (guint i = 0; i < json_array_get_length (array); i++)
            walk_node (json_array_get_element (array, i), depth + 1);
        }

      child = gantry_aws_json_get_object (object, name);
      if (child != NULL)
        walk_object (child, depth + 1);
    }

  /* Members that are not there. */
  (void) gantry_aws_json_get_string (object, "nextToken");
  (void) gantry_aws_json_get_int (object, "", 0);
}

static void
walk_node (JsonNode *node,
           guint     depth)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    walk_object (json_node_get_object (node), depth);
}

static const guint statuses[] = { 400, 403, 404, 413, 429, 500, 501, 503 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) decoded = NULL;
  g_autoptr(GError) decoded_header = NULL;
  g_autofree char *header = NULL;
  guint status = statuses[size % G_N_ELEMENTS (statuses)];

  gantry_fuzz_init ();

  root = gantry_aws_json_parse (body, &parse_error);
  if (root != NULL)
    {
      g_assert_no_error (parse_error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      walk_node (root, 0);
    }
  else
    {
      g_assert_error (parse_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
    }

  decoded = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, "ecr", "PutImage",
                                              status, "application/x-amz-json-1.1",
                                              NULL, NULL, body);
  g_assert_true (decoded != NULL && decoded->domain == GANTRY_AWS_ERROR);
  (void) gantry_aws_error_get_aws_code (decoded);

  /* The same bytes as an X-Amzn-ErrorType header, which is sanitized. */
  header = gantry_fuzz_strndup (data, size, 256);
  decoded_header = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, NULL, NULL,
                                                     status, NULL, header, header, body);
  g_assert_true (decoded_header != NULL && decoded_header->domain == GANTRY_AWS_ERROR);

  return 0;
}
