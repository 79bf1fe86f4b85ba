/* test-xml.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-xml.h"
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

static GantryAwsXmlNode *
parse_string (const char  *text,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gantry_aws_xml_parse (bytes, error);
}

static void
test_xml_describe_subnets (void)
{
  g_autoptr(GBytes) body = load_fixture ("ec2-describe-subnets.xml");
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GPtrArray) subnets = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsXmlNode *first;
  GantryAwsXmlNode *second;

  root = gantry_aws_xml_parse (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  g_assert_cmpstr (gantry_aws_xml_node_get_name (root), ==, "DescribeSubnetsResponse");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "requestId"), ==,
                   "a5266c3e-2b7a-4434-971e-317b6EXAMPLE");

  subnets = gantry_aws_xml_node_lookup_all (root, "subnetSet/item");
  g_assert_cmpuint (subnets->len, ==, 2);
  first = g_ptr_array_index (subnets, 0);
  second = g_ptr_array_index (subnets, 1);

  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (first, "subnetId"), ==,
                   "subnet-0bb1c79de3EXAMPLE");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (second, "availabilityZone"), ==, "us-east-1a");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (second, "mapPublicIpOnLaunch"), ==, "true");

  /* Entities are decoded, CDATA is text, empty elements are "" not NULL. */
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (first, "tagSet/item/value"), ==,
                   "Subnet B & friends");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (second, "tagSet/item/value"), ==,
                   "Subnet A <public>");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (first, "ipv6CidrBlockAssociationSet"), ==, "");

  /* lookup_all from a nested node; lookup follows the first match only. */
  tags = gantry_aws_xml_node_lookup_all (second, "tagSet/item");
  g_assert_cmpuint (tags->len, ==, 2);
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (g_ptr_array_index (tags, 1), "key"), ==, "env");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "subnetSet/item/subnetId"), ==,
                   "subnet-0bb1c79de3EXAMPLE");
}

static void
test_xml_caller_identity (void)
{
  g_autoptr(GBytes) body = load_fixture ("sts-get-caller-identity.xml");
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_xml_parse (body, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "GetCallerIdentityResult/Arn"), ==,
                   "arn:aws:iam::123456789012:user/Alice");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "GetCallerIdentityResult/Account"), ==,
                   "123456789012");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "ResponseMetadata/RequestId"), ==,
                   "01234567-89ab-cdef-0123-456789abcdef");
  /* Whitespace between child elements is layout, not text. */
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "GetCallerIdentityResult"), ==, "");
}

static void
test_xml_db_clusters (void)
{
  g_autoptr(GBytes) body = load_fixture ("rds-describe-db-clusters.xml");
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) zones = NULL;
  g_autoptr(GPtrArray) no_members = NULL;
  g_autoptr(GPtrArray) all_members = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_xml_parse (body, &error);
  g_assert_no_error (error);

  clusters = gantry_aws_xml_node_lookup_all (root, "DescribeDBClustersResult/DBClusters/DBCluster");
  g_assert_cmpuint (clusters->len, ==, 2);

  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (g_ptr_array_index (clusters, 0), "Engine"), ==,
                   "aurora-postgresql");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (g_ptr_array_index (clusters, 1),
                                                    "DBClusterIdentifier"), ==, "staging-docdb");

  members = gantry_aws_xml_node_lookup_all (g_ptr_array_index (clusters, 0),
                                            "DBClusterMembers/DBClusterMember");
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (g_ptr_array_index (members, 0),
                                                    "IsClusterWriter"), ==, "true");

  zones = gantry_aws_xml_node_lookup_all (g_ptr_array_index (clusters, 0),
                                          "AvailabilityZones/AvailabilityZone");
  g_assert_cmpuint (zones->len, ==, 3);
  g_assert_cmpstr (gantry_aws_xml_node_get_text (g_ptr_array_index (zones, 2)), ==, "us-east-1e");

  no_members = gantry_aws_xml_node_lookup_all (g_ptr_array_index (clusters, 1),
                                               "DBClusterMembers/DBClusterMember");
  g_assert_cmpuint (no_members->len, ==, 0);

  /* Every branch is followed, not only the first cluster's. */
  all_members = gantry_aws_xml_node_lookup_all (root,
                                                "DescribeDBClustersResult/DBClusters/DBCluster/"
                                                "AvailabilityZones/AvailabilityZone");
  g_assert_cmpuint (all_members->len, ==, 4);
}

static void
test_xml_namespace_prefix (void)
{
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = parse_string ("<a:Envelope xmlns:a=\"urn:x\" b:attr=\"1\"><a:Body><Value>7</Value>"
                       "</a:Body></a:Envelope>", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gantry_aws_xml_node_get_name (root), ==, "Envelope");
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "Body/Value"), ==, "7");
}

static void
test_xml_children (void)
{
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GantryAwsXmlNode) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mixed = NULL;

  root = parse_string ("<r>  <a>  padded  </a>mixed<b/><a>2</a></r>", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gantry_aws_xml_node_get_n_children (root), ==, 3);
  g_assert_cmpstr (gantry_aws_xml_node_get_name (gantry_aws_xml_node_get_child (root, 1)), ==, "b");
  g_assert_null (gantry_aws_xml_node_get_child (root, 3));
  /* Leaf text is kept exactly; real text next to children is kept too. */
  g_assert_cmpstr (gantry_aws_xml_node_lookup_text (root, "a"), ==, "  padded  ");
  mixed = g_strdup (gantry_aws_xml_node_get_text (root));
  g_assert_cmpstr (g_strstrip (mixed), ==, "mixed");

  g_assert_true (gantry_aws_xml_node_lookup (root, "") == root);
  g_assert_null (gantry_aws_xml_node_lookup (root, "c"));
  g_assert_null (gantry_aws_xml_node_lookup (root, "a/x"));
  g_assert_null (gantry_aws_xml_node_lookup_text (root, "missing"));
  g_assert_null (gantry_aws_xml_node_lookup (NULL, "a"));

  /* A child reference outlives its root. */
  kept = gantry_aws_xml_node_ref (gantry_aws_xml_node_get_child (root, 2));
  g_clear_pointer (&root, gantry_aws_xml_node_unref);
  g_assert_cmpstr (gantry_aws_xml_node_get_text (kept), ==, "2");
}

static void
test_xml_boxed_type (void)
{
  g_autoptr(GantryAwsXmlNode) root = parse_string ("<r/>", NULL);
  GantryAwsXmlNode *copy;

  g_assert_true (G_TYPE_IS_BOXED (GANTRY_TYPE_AWS_XML_NODE));
  copy = g_boxed_copy (GANTRY_TYPE_AWS_XML_NODE, root);
  g_assert_true (copy == root);
  g_boxed_free (GANTRY_TYPE_AWS_XML_NODE, copy);
  g_assert_cmpstr (gantry_aws_xml_node_get_name (root), ==, "r");
}

static void
test_xml_malformed (void)
{
  static const char * const bodies[] = {
    "",
    "   \n  ",
    "<a>",
    "<a></b>",
    "<a><b></a>",
    "not xml at all",
    "{\"__type\":\"Json\"}",
    "<a/><b/>",
    "<a/>trailing text",
    "<a>&bogus;</a>",
    "<a>\xff\xfe</a>",
    "<?xml version=\"1.0\"?>",
    "<a b=\"unterminated></a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GantryAwsXmlNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = parse_string (bodies[i], &error);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
      g_assert_null (root);
    }
}

static void
test_xml_null_and_nul (void)
{
  static const char with_nul[] = "<a>x\0y</a>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (with_nul, sizeof with_nul - 1);
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  root = gantry_aws_xml_parse (NULL, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);

  root = gantry_aws_xml_parse (bytes, &error2);
  g_assert_error (error2, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static void
test_xml_html (void)
{
  g_autoptr(GBytes) body = load_fixture ("cloudfront-503.html");
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_xml_parse (body, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, "<n>");
  for (guint i = 0; i < depth; i++)
    g_string_append (s, "</n>");

  return g_string_free (s, FALSE);
}

static void
test_xml_depth (void)
{
  g_autofree char *ok_text = nested (GANTRY_AWS_XML_MAX_DEPTH);
  g_autofree char *deep_text = nested (GANTRY_AWS_XML_MAX_DEPTH + 1);
  g_autoptr(GantryAwsXmlNode) ok = NULL;
  g_autoptr(GantryAwsXmlNode) deep = NULL;
  g_autoptr(GError) error = NULL;

  ok = parse_string (ok_text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  deep = parse_string (deep_text, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (deep);
}

static void
test_xml_too_large (void)
{
  gsize size = GANTRY_AWS_XML_MAX_SIZE + 1;
  char *data = g_malloc0 (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (data, "<a>", 3);
  bytes = g_bytes_new_take (data, size);

  root = gantry_aws_xml_parse (bytes, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

static void
assert_xml_rejected (GBytes   *bytes,
                     gpointer  user_data)
{
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_xml_parse (bytes, &error);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_null (root);
}

/* Every truncation of a real reply must fail cleanly, never crash or
 * return a partial tree. */
static void
test_xml_truncated (void)
{
  g_autoptr(GBytes) body = load_fixture ("ec2-describe-subnets.xml");
  const char *data = g_bytes_get_data (body, NULL);
  const char *end = g_strrstr (data, "</DescribeSubnetsResponse>");
  gsize complete;

  g_assert_nonnull (end);
  complete = (end - data) + strlen ("</DescribeSubnetsResponse>");
  gantry_test_bytes_for_each_prefix (body, 0, complete, assert_xml_rejected, NULL);
}

/* A mutated reply parses to a tree or fails cleanly, never both or neither. */
static void
assert_xml_parsed_or_rejected (GBytes   *bytes,
                               gpointer  user_data)
{
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = gantry_aws_xml_parse (bytes, &error);
  g_assert_true ((root != NULL) != (error != NULL));
  if (error != NULL)
    g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
}

/* Cheap mutation fuzzing with a fixed seed. */
static void
test_xml_mutations (void)
{
  g_autoptr(GBytes) body = load_fixture ("rds-describe-db-clusters.xml");

  gantry_test_bytes_for_each_mutation (body, 20261123, 2000, assert_xml_parsed_or_rejected, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/xml/describe-subnets", test_xml_describe_subnets);
  g_test_add_func ("/aws/xml/caller-identity", test_xml_caller_identity);
  g_test_add_func ("/aws/xml/db-clusters", test_xml_db_clusters);
  g_test_add_func ("/aws/xml/namespace-prefix", test_xml_namespace_prefix);
  g_test_add_func ("/aws/xml/children", test_xml_children);
  g_test_add_func ("/aws/xml/boxed-type", test_xml_boxed_type);
  g_test_add_func ("/aws/xml/malformed", test_xml_malformed);
  g_test_add_func ("/aws/xml/null-and-nul", test_xml_null_and_nul);
  g_test_add_func ("/aws/xml/html", test_xml_html);
  g_test_add_func ("/aws/xml/depth", test_xml_depth);
  g_test_add_func ("/aws/xml/too-large", test_xml_too_large);
  g_test_add_func ("/aws/xml/truncated", test_xml_truncated);
  g_test_add_func ("/aws/xml/mutations", test_xml_mutations);

  return g_test_run ();
}
