/* test-ec2.c: the EC2 service module against moto, signatures verified
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "aws/gantry-aws-ec2.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-query.h"

/* One moto for the program, seeded once with the demo account and the
 * paging resources; tests that write change things no other test reads. */
static GantryTestMoto *moto;
static JsonObject *demo;
static JsonObject *paging;

#define PAGING_COUNT 12

typedef GPtrArray *(*ListFinish) (GantryAwsEc2 *self, GAsyncResult *result, GError **error);

static GantryAwsEc2 *
ec2_new (guint page_size)
{
  g_autoptr(GantryAwsClient) client = gantry_test_query_client_new (moto);
  GantryAwsEc2 *ec2 = gantry_aws_ec2_new (client);

  gantry_aws_ec2_set_page_size (ec2, page_size);
  return ec2;
}

static const char *
demo_string (const char *path)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), demo);
  g_autoptr(JsonPath) json_path = json_path_new ();
  g_autoptr(JsonNode) match = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_path_compile (json_path, path, &error);
  g_assert_no_error (error);
  match = json_path_match (json_path, root);
  array = json_node_get_array (match);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  /* The string lives in @demo, which outlives every test. */
  return json_array_get_string_element (array, 0);
}

#define DEMO_VPC (demo_string ("$.VpcId"))

/* Runs one "describe in VPC" call to completion. */
#define DESCRIBE(ec2, call, vpc, out_error)                                      \
  ({                                                                             \
    g_autoptr(GAsyncResult) result_ = NULL;                                      \
    gantry_aws_ec2_##call##_async ((ec2), (vpc), NULL, gantry_test_store_result, \
                                   &result_);                                    \
    GANTRY_TEST_AWAIT (result_);                                                 \
    gantry_aws_ec2_##call##_finish ((ec2), result_, (out_error));                \
  })

static void
test_describe_vpcs (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2Vpc *vpc;

  all = DESCRIBE (ec2, describe_vpcs, NULL, &error);
  g_assert_no_error (error);
  /* moto's default VPC, the demo's and the paging seed's. */
  g_assert_cmpuint (all->len, ==, 3);

  one = DESCRIBE (ec2, describe_vpcs, DEMO_VPC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  vpc = g_ptr_array_index (one, 0);
  g_assert_cmpstr (vpc->vpc_id, ==, DEMO_VPC);
  g_assert_cmpstr (vpc->cidr_block, ==, "10.0.0.0/16");
  g_assert_false (vpc->is_default);
  g_assert_cmpstr (g_hash_table_lookup (vpc->tags, "Name"), ==, "prod-vpc");
}

static void
test_describe_subnets (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) subnets = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2Subnet *subnet;

  subnets = DESCRIBE (ec2, describe_subnets, DEMO_VPC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subnets->len, ==, 4);
  for (guint i = 0; i < subnets->len; i++)
    {
      subnet = g_ptr_array_index (subnets, i);
      g_assert_cmpstr (subnet->vpc_id, ==, DEMO_VPC);
    }

  subnet = gantry_test_find (subnets, G_STRUCT_OFFSET (GantryAwsEc2Subnet, subnet_id),
                             demo_string ("$.PrivateSubnetIds[1]"));
  g_assert_nonnull (subnet);
  g_assert_cmpstr (subnet->availability_zone, ==, "us-east-1b");
  g_assert_cmpstr (subnet->cidr_block, ==, "10.0.11.0/24");
  g_assert_false (subnet->map_public_ip_on_launch);
  g_assert_cmpstr (g_hash_table_lookup (subnet->tags, "Name"), ==, "prod-private-b");
}

static void
test_describe_route_tables (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2RouteTable *table;
  GantryAwsEc2Route *route;
  GantryAwsEc2RouteTableAssociation *association;
  guint n_main = 0;

  tables = DESCRIBE (ec2, describe_route_tables, DEMO_VPC, &error);
  g_assert_no_error (error);
  /* The main table, the public one and one private table per AZ. */
  g_assert_cmpuint (tables->len, ==, 4);
  for (guint i = 0; i < tables->len; i++)
    n_main += ((GantryAwsEc2RouteTable *) g_ptr_array_index (tables, i))->main;
  g_assert_cmpuint (n_main, ==, 1);

  table = gantry_test_find (tables, G_STRUCT_OFFSET (GantryAwsEc2RouteTable, route_table_id),
                            demo_string ("$.PublicRouteTableId"));
  g_assert_nonnull (table);
  g_assert_false (table->main);
  route = gantry_test_find (table->routes,
                            G_STRUCT_OFFSET (GantryAwsEc2Route, destination_cidr_block),
                            "0.0.0.0/0");
  g_assert_nonnull (route);
  g_assert_cmpstr (route->gateway_id, ==, demo_string ("$.InternetGatewayId"));
  g_assert_cmpuint (table->associations->len, ==, 2);
  association = gantry_test_find (table->associations,
                                  G_STRUCT_OFFSET (GantryAwsEc2RouteTableAssociation, subnet_id),
                                  demo_string ("$.PublicSubnetIds[0]"));
  g_assert_nonnull (association);

  table = gantry_test_find (tables, G_STRUCT_OFFSET (GantryAwsEc2RouteTable, route_table_id),
                            demo_string ("$.PrivateRouteTableIds[0]"));
  g_assert_nonnull (table);
  route = gantry_test_find (table->routes,
                            G_STRUCT_OFFSET (GantryAwsEc2Route, destination_cidr_block),
                            "0.0.0.0/0");
  g_assert_nonnull (route);
  g_assert_cmpstr (route->nat_gateway_id, ==, demo_string ("$.NatGatewayIds[0]"));
}

static void
test_describe_gateways (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) igws = NULL;
  g_autoptr(GPtrArray) nats = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2InternetGateway *igw;
  GantryAwsEc2NatGateway *nat;
  GantryAwsEc2Attachment *attachment;

  igws = DESCRIBE (ec2, describe_internet_gateways, DEMO_VPC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (igws->len, ==, 1);
  igw = g_ptr_array_index (igws, 0);
  g_assert_cmpstr (igw->internet_gateway_id, ==, demo_string ("$.InternetGatewayId"));
  g_assert_cmpuint (igw->attachments->len, ==, 1);
  attachment = g_ptr_array_index (igw->attachments, 0);
  g_assert_cmpstr (attachment->vpc_id, ==, DEMO_VPC);
  g_assert_nonnull (attachment->state);

  nats = DESCRIBE (ec2, describe_nat_gateways, DEMO_VPC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nats->len, ==, 2);
  nat = gantry_test_find (nats, G_STRUCT_OFFSET (GantryAwsEc2NatGateway, nat_gateway_id),
                          demo_string ("$.NatGatewayIds[1]"));
  g_assert_nonnull (nat);
  g_assert_cmpstr (nat->subnet_id, ==, demo_string ("$.PublicSubnetIds[1]"));
  g_assert_cmpstr (nat->vpc_id, ==, DEMO_VPC);
  g_assert_nonnull (nat->state);
}

static GantryAwsEc2NetworkAclEntry *
find_entry (GantryAwsEc2NetworkAcl *acl,
            int                     rule_number,
            gboolean                egress)
{
  for (guint i = 0; i < acl->entries->len; i++)
    {
      GantryAwsEc2NetworkAclEntry *entry = g_ptr_array_index (acl->entries, i);

      if (entry->rule_number == rule_number && entry->egress == egress)
        return entry;
    }
  return NULL;
}

static GantryAwsEc2NetworkAcl *
find_acl (GPtrArray  *acls,
          const char *id)
{
  return gantry_test_find (acls, G_STRUCT_OFFSET (GantryAwsEc2NetworkAcl, network_acl_id), id);
}

static void
test_describe_network_acls (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) acls = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAcl *acl;
  GantryAwsEc2NetworkAclEntry *entry;

  acls = DESCRIBE (ec2, describe_network_acls, DEMO_VPC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acls->len, ==, 3);

  acl = find_acl (acls, demo_string ("$.NetworkAclIds.private"));
  g_assert_nonnull (acl);
  g_assert_false (acl->is_default);
  entry = find_entry (acl, 10, FALSE);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->rule_action, ==, "deny");
  g_assert_cmpstr (entry->protocol, ==, "6");
  g_assert_cmpstr (entry->cidr_block, ==, "0.0.0.0/0");
  g_assert_cmpint (entry->port_from, ==, 22);
  g_assert_cmpint (entry->port_to, ==, 22);
  entry = find_entry (acl, 100, TRUE);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->rule_action, ==, "allow");
  g_assert_cmpint (entry->port_from, ==, -1);
  g_assert_cmpuint (acl->associations->len, ==, 2);
  g_assert_nonnull (gantry_test_find (acl->associations,
                                      G_STRUCT_OFFSET (GantryAwsEc2NetworkAclAssociation,
                                                       subnet_id),
                                      demo_string ("$.PrivateSubnetIds[0]")));

  acl = find_acl (acls, demo_string ("$.DefaultNetworkAclId"));
  g_assert_nonnull (acl);
  g_assert_true (acl->is_default);
}

static void
test_describe_security_groups_paged (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *paging_vpc = json_object_get_string_member (paging, "VpcId");
  GantryAwsEc2SecurityGroup *group;

  /* 12 groups + the VPC's default at MaxResults=5: AWS answers in 3 pages
   * (moto ignores MaxResults, the unit test covers real paging). */
  groups = DESCRIBE (ec2, describe_security_groups, paging_vpc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, PAGING_COUNT + 1);
  g_assert_cmpuint (gantry_test_count (groups,
                                       G_STRUCT_OFFSET (GantryAwsEc2SecurityGroup, group_name),
                                       "paging-sg-"), ==, PAGING_COUNT);

  all = DESCRIBE (ec2, describe_security_groups, NULL, &error);
  g_assert_no_error (error);
  /* Three VPCs' defaults, the demo's three and the paging groups. */
  g_assert_cmpuint (all->len, ==, PAGING_COUNT + 3 + 3);

  group = gantry_test_find (all, G_STRUCT_OFFSET (GantryAwsEc2SecurityGroup, group_id),
                            demo_string ("$.SecurityGroups['prod-db-sg']"));
  g_assert_nonnull (group);
  g_assert_cmpstr (group->group_name, ==, "prod-db-sg");
  g_assert_cmpstr (group->vpc_id, ==, DEMO_VPC);
  g_assert_cmpuint (group->ingress->len, ==, 1);
  {
    GantryAwsEc2IpPermission *permission = g_ptr_array_index (group->ingress, 0);

    g_assert_cmpstr (permission->ip_protocol, ==, "tcp");
    g_assert_cmpint (permission->from_port, ==, 5432);
    g_assert_cmpint (permission->to_port, ==, 5432);
    g_assert_cmpuint (g_strv_length (permission->ipv4_ranges), ==, 0);
    g_assert_cmpuint (g_strv_length (permission->group_ids), ==, 1);
    g_assert_cmpstr (permission->group_ids[0], ==,
                     demo_string ("$.SecurityGroups['prod-ecs-sg']"));
  }
  g_assert_cmpuint (group->egress->len, ==, 1);
  {
    GantryAwsEc2IpPermission *permission = g_ptr_array_index (group->egress, 0);

    g_assert_cmpstr (permission->ip_protocol, ==, "-1");
    g_assert_true (g_strv_contains ((const char * const *) permission->ipv4_ranges,
                                    "0.0.0.0/0"));
  }
}

static GPtrArray *
describe_rules (GantryAwsEc2  *ec2,
                const char    *group_id,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const char *group_ids[] = { group_id, NULL };

  gantry_aws_ec2_describe_security_group_rules_async (ec2, group_ids, NULL,
                                                      gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_ec2_describe_security_group_rules_finish (ec2, result, error);
}

static void
test_describe_security_group_rules (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;
  const char *ecs_sg = demo_string ("$.SecurityGroups['prod-ecs-sg']");
  gboolean saw_ssh = FALSE, saw_lb = FALSE;

  rules = describe_rules (ec2, ecs_sg, &error);
  g_assert_no_error (error);
  /* 8000 from the LB group, the stray 22 and the default egress rule. */
  g_assert_cmpuint (rules->len, ==, 3);
  for (guint i = 0; i < rules->len; i++)
    {
      GantryAwsEc2SecurityGroupRule *rule = g_ptr_array_index (rules, i);

      g_assert_cmpstr (rule->group_id, ==, ecs_sg);
      g_assert_true (g_str_has_prefix (rule->rule_id, "sgr-"));
      if (!rule->is_egress && rule->from_port == 22)
        {
          g_assert_cmpstr (rule->cidr_ipv4, ==, "0.0.0.0/0");
          saw_ssh = TRUE;
        }
      if (!rule->is_egress && rule->from_port == 8000)
        {
          g_assert_cmpstr (rule->referenced_group_id, ==,
                           demo_string ("$.SecurityGroups['prod-lb-sg']"));
          saw_lb = TRUE;
        }
    }
  g_assert_true (saw_ssh);
  g_assert_true (saw_lb);
}

static gboolean
create_entry (GantryAwsEc2                      *ec2,
              const char                        *acl_id,
              const GantryAwsEc2NetworkAclEntry *entry,
              GCancellable                      *cancellable,
              GError                           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ec2_create_network_acl_entry_async (ec2, acl_id, entry, cancellable,
                                                 gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_ec2_create_network_acl_entry_finish (ec2, result, error);
}

static void
test_create_network_acl_entry (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (0);
  g_autoptr(GPtrArray) acls = NULL;
  g_autoptr(GError) error = NULL;
  const char *acl_id = demo_string ("$.NetworkAclIds.private");
  GantryAwsEc2NetworkAclEntry deny_rdp = {
    .rule_number = 15, .protocol = (char *) "6", .rule_action = (char *) "deny",
    .egress = FALSE, .cidr_block = (char *) "0.0.0.0/0", .port_from = 3389, .port_to = 3389,
  };
  GantryAwsEc2NetworkAclEntry *entry;

  g_assert_true (create_entry (ec2, acl_id, &deny_rdp, NULL, &error));
  g_assert_no_error (error);

  acls = DESCRIBE (ec2, describe_network_acls, DEMO_VPC, &error);
  g_assert_no_error (error);
  entry = find_entry (find_acl (acls, acl_id), 15, FALSE);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->rule_action, ==, "deny");
  g_assert_cmpstr (entry->protocol, ==, "6");
  g_assert_cmpint (entry->port_from, ==, 3389);
  g_assert_cmpint (entry->port_to, ==, 3389);
  g_assert_cmpstr (entry->cidr_block, ==, "0.0.0.0/0");
}

static void
test_create_network_acl_entry_not_found (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (0);
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAclEntry entry = {
    .rule_number = 15, .protocol = (char *) "6", .rule_action = (char *) "deny",
    .cidr_block = (char *) "0.0.0.0/0", .port_from = 22, .port_to = 22,
  };

  g_assert_false (create_entry (ec2, "acl-00000000000000000", &entry, NULL, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "InvalidNetworkAclID.NotFound");
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "CreateNetworkAclEntry");
}

static void
test_revoke_default_egress (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) egress = g_strv_builder_new ();
  g_auto(GStrv) egress_ids = NULL;
  const char *default_sg = demo_string ("$.SecurityGroups.default");

  before = describe_rules (ec2, default_sg, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < before->len; i++)
    {
      GantryAwsEc2SecurityGroupRule *rule = g_ptr_array_index (before, i);

      if (rule->is_egress)
        g_strv_builder_add (egress, rule->rule_id);
    }
  egress_ids = g_strv_builder_end (egress);
  g_assert_cmpuint (g_strv_length (egress_ids), ==, 1);

  gantry_aws_ec2_revoke_security_group_egress_async (ec2, default_sg,
                                                     (const char * const *) egress_ids, NULL,
                                                     gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  g_assert_true (gantry_aws_ec2_revoke_security_group_egress_finish (ec2, result, &error));
  g_assert_no_error (error);

  after = describe_rules (ec2, default_sg, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->len; i++)
    {
      GantryAwsEc2SecurityGroupRule *rule = g_ptr_array_index (after, i);

      g_assert_false (rule->is_egress);
      g_assert_cmpstr (rule->rule_id, !=, egress_ids[0]);
    }
  g_assert_cmpuint (after->len, ==, before->len - 1);
}

static void
test_revoke_ingress_unknown_group (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *rule_ids[] = { "sgr-00000000000000000", NULL };

  gantry_aws_ec2_revoke_security_group_ingress_async (ec2, "sg-00000000000000000", rule_ids,
                                                      NULL, gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  g_assert_false (gantry_aws_ec2_revoke_security_group_ingress_finish (ec2, result, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "InvalidGroup.NotFound");
}

static void
test_cancelled (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while the first request is in flight. */
  gantry_aws_ec2_describe_security_groups_async (ec2, NULL, cancellable,
                                                 gantry_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  GANTRY_TEST_AWAIT (result);
  groups = gantry_aws_ec2_describe_security_groups_finish (ec2, result, &error);
  g_assert_null (groups);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_write_cancelled (void)
{
  g_autoptr(GantryAwsEc2) ec2 = ec2_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAclEntry entry = {
    .rule_number = 16, .protocol = (char *) "6", .rule_action = (char *) "deny",
    .cidr_block = (char *) "0.0.0.0/0", .port_from = 23, .port_to = 23,
  };

  g_cancellable_cancel (cancellable);
  g_assert_false (create_entry (ec2, demo_string ("$.NetworkAclIds.public"), &entry,
                                cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *paging_args[] = { "--count", G_STRINGIFY (PAGING_COUNT), NULL };
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!gantry_test_moto_is_available ())
    {
      g_test_add_func ("/integration/ec2/moto-unavailable", gantry_test_query_skip);
      return g_test_run ();
    }

  g_test_add_func ("/integration/ec2/describe-vpcs", test_describe_vpcs);
  g_test_add_func ("/integration/ec2/describe-subnets", test_describe_subnets);
  g_test_add_func ("/integration/ec2/describe-route-tables", test_describe_route_tables);
  g_test_add_func ("/integration/ec2/describe-gateways", test_describe_gateways);
  g_test_add_func ("/integration/ec2/describe-network-acls", test_describe_network_acls);
  g_test_add_func ("/integration/ec2/describe-security-groups-paged",
                   test_describe_security_groups_paged);
  g_test_add_func ("/integration/ec2/describe-security-group-rules",
                   test_describe_security_group_rules);
  g_test_add_func ("/integration/ec2/create-network-acl-entry", test_create_network_acl_entry);
  g_test_add_func ("/integration/ec2/create-network-acl-entry-not-found",
                   test_create_network_acl_entry_not_found);
  g_test_add_func ("/integration/ec2/revoke-default-egress", test_revoke_default_egress);
  g_test_add_func ("/integration/ec2/revoke-ingress-unknown-group",
                   test_revoke_ingress_unknown_group);
  g_test_add_func ("/integration/ec2/cancelled", test_cancelled);
  g_test_add_func ("/integration/ec2/write-cancelled", test_write_cancelled);

  moto = gantry_test_moto_start (TRUE, &error);
  g_assert_no_error (error);
  demo = gantry_test_query_seed_demo (moto);
  paging = gantry_test_query_seed (moto, "seed-paging.py", paging_args);

  status = g_test_run ();
  g_clear_pointer (&demo, json_object_unref);
  g_clear_pointer (&paging, json_object_unref);
  gantry_test_moto_stop (moto);
  return status;
}
