/* fuzz-xml.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-xml"

#include "config.h"

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-protocol.h"
#include "aws/gantry-aws-xml.h"
#include "gantry-fuzz.h"

/* The query/EC2 reply decoder: the XML DOM, path lookups built from the
 * tree's own names (so they hit), a path made of the raw input, and the
 * error decoder for both XML protocols. */

#define WALK_MAX_DEPTH (GANTRY_AWS_XML_MAX_DEPTH + 1)

static void
walk (GantryAwsXmlNode *root,
      GantryAwsXmlNode *node,
      const char       *path,
      guint             depth)
{
  guint n_children = gantry_aws_xml_node_get_n_children (node);

  g_assert_cmpuint (depth, <=, WALK_MAX_DEPTH);
  (void) gantry_aws_xml_node_get_text (node);
  g_assert_nonnull (gantry_aws_xml_node_get_name (node));

  for (guint i = 0; i < n_children; i++)
    {
      GantryAwsXmlNode *child = gantry_aws_xml_node_get_child (node, i);
      const char *name = gantry_aws_xml_node_get_name (child);
      g_autofree char *child_path = path != NULL
                                    ? g_strconcat (path, "/", name, NULL)
                                    : g_strdup (name);
      g_autoptr(GPtrArray) all = NULL;

      /* Lookups follow the first namesake, so from the parent the name hits;
       * lookup_all() from the root follows every namesake, so it holds this
       * very child. */
      g_assert_nonnull (gantry_aws_xml_node_lookup (node, name));
      (void) gantry_aws_xml_node_lookup (root, child_path);
      (void) gantry_aws_xml_node_lookup_text (root, child_path);
      all = gantry_aws_xml_node_lookup_all (root, child_path);
      g_assert_nonnull (all);
      g_assert_true (g_ptr_array_find (all, child, NULL));

      walk (root, child, child_path, depth + 1);
    }

  g_assert_null (gantry_aws_xml_node_get_child (node, n_children));
}

static const guint statuses[] = { 400, 403, 404, 429, 500, 503 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) query_error = NULL;
  g_autoptr(GError) ec2_error = NULL;
  g_autofree char *path = gantry_fuzz_strndup (data, size, 512);
  guint status = statuses[size % G_N_ELEMENTS (statuses)];

  gantry_fuzz_init ();

  root = gantry_aws_xml_parse (body, &parse_error);
  if (root != NULL)
    {
      g_autoptr(GPtrArray) all = NULL;

      g_assert_no_error (parse_error);
      walk (root, root, NULL, 0);

      (void) gantry_aws_xml_node_lookup (root, path);
      (void) gantry_aws_xml_node_lookup_text (root, path);
      all = gantry_aws_xml_node_lookup_all (root, path);
      g_assert_nonnull (all);
      (void) gantry_aws_xml_node_lookup (root, "");
      (void) gantry_aws_xml_node_lookup (root, "/");
      (void) gantry_aws_xml_node_lookup (root, "Errors/Error/Code");
    }
  else
    {
      g_assert_error (parse_error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
    }

  query_error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_QUERY, "sts",
                                                  "AssumeRole", status, "text/xml",
                                                  NULL, NULL, body);
  g_assert_true (query_error != NULL && query_error->domain == GANTRY_AWS_ERROR);

  ec2_error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_EC2, "ec2",
                                                "DescribeVpcs", status, NULL,
                                                NULL, "", body);
  g_assert_true (ec2_error != NULL && ec2_error->domain == GANTRY_AWS_ERROR);
  (void) gantry_aws_error_get_request_id (ec2_error);

  return 0;
}
