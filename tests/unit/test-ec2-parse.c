/* test-ec2-parse.c: the EC2 module against recorded-shape replies
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures follow the EC2 API reference's response examples. A
 * scripted loopback server plays them back, so paging is real here even
 * though moto never pages EC2 lists.
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-ec2.h"
#include "aws/gantry-aws-error.h"
#include "gantry-test-replay.h"

#define DESCRIBE(ec2, call, arg, out_error)                                      \
  ({                                                                             \
    g_autoptr(GAsyncResult) result_ = NULL;                                      \
    gantry_aws_ec2_##call##_async ((ec2), (arg), NULL, gantry_test_store_result, \
                                   &result_);                                    \
    GANTRY_TEST_AWAIT (result_);                                                 \
    gantry_aws_ec2_##call##_finish ((ec2), result_, (out_error));                \
  })

static void
test_security_groups_pages (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page1.xml");
  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page2.xml");
  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page3.xml");
  gantry_aws_ec2_set_page_size (ec2, 5);

  groups = DESCRIBE (ec2, describe_security_groups, "vpc-1a2b3c4d", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 12);
  for (guint i = 0; i < groups->len; i++)
    {
      GantryAwsEc2SecurityGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *name = g_strdup_printf ("paging-sg-%02u", i);

      g_assert_cmpstr (group->group_name, ==, name);
    }

  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (gantry_test_replay_get_param (replay, i, "Action"), ==,
                       "DescribeSecurityGroups");
      g_assert_cmpstr (gantry_test_replay_get_param (replay, i, "MaxResults"), ==, "5");
      g_assert_cmpstr (gantry_test_replay_get_param (replay, i, "Filter.1.Name"), ==, "vpc-id");
      g_assert_cmpstr (gantry_test_replay_get_param (replay, i, "Filter.1.Value.1"), ==,
                       "vpc-1a2b3c4d");
    }
  g_assert_null (gantry_test_replay_get_param (replay, 0, "NextToken"));
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "NextToken"), ==, "page-2-token");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 2, "NextToken"), ==, "page-3-token");
}

static void
test_security_groups_fields (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2SecurityGroup *group;
  GantryAwsEc2IpPermission *permission;

  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups.xml");
  groups = DESCRIBE (ec2, describe_security_groups, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);
  /* No page size and no VPC: neither parameter is sent. */
  g_assert_null (gantry_test_replay_get_param (replay, 0, "MaxResults"));
  g_assert_null (gantry_test_replay_get_param (replay, 0, "Filter.1.Name"));

  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->group_id, ==, "sg-1a2b3c4d");
  g_assert_cmpstr (group->description, ==, "prod database");
  g_assert_cmpstr (group->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstr (group->owner_id, ==, "123456789012");
  g_assert_cmpstr (g_hash_table_lookup (group->tags, "Name"), ==, "prod-db-sg");
  g_assert_cmpuint (group->ingress->len, ==, 2);
  permission = g_ptr_array_index (group->ingress, 0);
  g_assert_cmpstr (permission->ip_protocol, ==, "tcp");
  g_assert_cmpint (permission->from_port, ==, 5432);
  g_assert_cmpint (permission->to_port, ==, 5432);
  g_assert_cmpstrv (permission->group_ids, ((const char *[]) { "sg-5e6f7a8b", NULL }));
  g_assert_cmpuint (g_strv_length (permission->ipv4_ranges), ==, 0);
  permission = g_ptr_array_index (group->ingress, 1);
  g_assert_cmpstrv (permission->ipv4_ranges, ((const char *[]) { "0.0.0.0/0", NULL }));
  g_assert_cmpstrv (permission->ipv6_ranges, ((const char *[]) { "::/0", NULL }));
  g_assert_cmpstrv (permission->prefix_list_ids, ((const char *[]) { "pl-12345678", NULL }));
  g_assert_cmpuint (group->egress->len, ==, 1);
  permission = g_ptr_array_index (group->egress, 0);
  g_assert_cmpstr (permission->ip_protocol, ==, "-1");
  g_assert_cmpint (permission->from_port, ==, -1);
  g_assert_cmpint (permission->to_port, ==, -1);

  /* Optional fields left out: NULLs and empty lists, never a crash. */
  group = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (group->group_id, ==, "sg-9a8b7c6d");
  g_assert_null (group->vpc_id);
  g_assert_null (group->description);
  g_assert_cmpuint (group->ingress->len, ==, 0);
  g_assert_cmpuint (group->egress->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (group->tags), ==, 0);
}

static void
test_security_groups_missing_id (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-no-group-id.xml");
  groups = DESCRIBE (ec2, describe_security_groups, NULL, &error);
  g_assert_null (groups);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "DescribeSecurityGroups");
  g_assert_nonnull (strstr (error->message, "groupId"));
}

static void
test_wrong_shapes (void)
{
  const char *bodies[] = {
    /* The list element is missing altogether. */
    "<DescribeSecurityGroupsResponse><requestId>r</requestId></DescribeSecurityGroupsResponse>",
    /* Items that are text, not structures. */
    "<DescribeSecurityGroupsResponse><securityGroupInfo><item>sg-1</item>"
    "</securityGroupInfo></DescribeSecurityGroupsResponse>",
    /* Another call's reply. */
    "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet>"
    "</DescribeVpcsResponse>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
      g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
      g_autoptr(GPtrArray) groups = NULL;
      g_autoptr(GError) error = NULL;

      gantry_test_replay_add_text (replay, 200, bodies[i]);
      groups = DESCRIBE (ec2, describe_security_groups, NULL, &error);
      g_assert_null (groups);
      g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
    }
}

static void
test_vpcs (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) vpcs = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2Vpc *vpc;

  gantry_test_replay_add (replay, 200, "ec2-describe-vpcs.xml");
  vpcs = DESCRIBE (ec2, describe_vpcs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vpcs->len, ==, 2);
  vpc = g_ptr_array_index (vpcs, 0);
  g_assert_cmpstr (vpc->vpc_id, ==, "vpc-1a2b3c4d");
  g_assert_cmpstr (vpc->cidr_block, ==, "10.0.0.0/16");
  g_assert_false (vpc->is_default);
  g_assert_cmpstr (g_hash_table_lookup (vpc->tags, "Name"), ==, "prod-vpc");
  vpc = g_ptr_array_index (vpcs, 1);
  g_assert_true (vpc->is_default);
  g_assert_null (vpc->owner_id);
}

static void
test_subnets (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) subnets = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2Subnet *subnet;

  gantry_test_replay_add (replay, 200, "ec2-describe-subnets.xml");
  gantry_aws_ec2_set_page_size (ec2, 2);
  subnets = DESCRIBE (ec2, describe_subnets, "vpc-0ee975135dEXAMPLE", &error);
  g_assert_no_error (error);
  /* Below what AWS accepts: raised to the minimum. */
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "MaxResults"), ==, "5");
  g_assert_cmpuint (subnets->len, ==, 2);

  subnet = g_ptr_array_index (subnets, 0);
  g_assert_cmpstr (subnet->subnet_id, ==, "subnet-0bb1c79de3EXAMPLE");
  g_assert_cmpstr (subnet->vpc_id, ==, "vpc-0ee975135dEXAMPLE");
  g_assert_cmpstr (subnet->availability_zone, ==, "us-east-1c");
  g_assert_cmpstr (subnet->availability_zone_id, ==, "use1-az1");
  g_assert_false (subnet->map_public_ip_on_launch);
  g_assert_cmpuint (g_strv_length (subnet->ipv6_cidr_blocks), ==, 0);
  g_assert_cmpstr (g_hash_table_lookup (subnet->tags, "Name"), ==, "Subnet B & friends");

  subnet = g_ptr_array_index (subnets, 1);
  g_assert_true (subnet->map_public_ip_on_launch);
  g_assert_cmpstr (g_hash_table_lookup (subnet->tags, "Name"), ==, "Subnet A <public>");
  g_assert_cmpstr (g_hash_table_lookup (subnet->tags, "env"), ==, "prod");
}

static void
test_route_tables (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2RouteTable *table;
  GantryAwsEc2Route *route;
  GantryAwsEc2RouteTableAssociation *association;

  gantry_test_replay_add (replay, 200, "ec2-describe-route-tables.xml");
  tables = DESCRIBE (ec2, describe_route_tables, "vpc-1a2b3c4d", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 2);

  table = g_ptr_array_index (tables, 0);
  g_assert_false (table->main);
  g_assert_cmpuint (table->routes->len, ==, 3);
  route = g_ptr_array_index (table->routes, 1);
  g_assert_cmpstr (route->destination_cidr_block, ==, "0.0.0.0/0");
  g_assert_cmpstr (route->gateway_id, ==, "igw-eaad4883EXAMPLE");
  g_assert_null (route->nat_gateway_id);
  route = g_ptr_array_index (table->routes, 2);
  g_assert_null (route->destination_cidr_block);
  g_assert_cmpstr (route->destination_ipv6_cidr_block, ==, "::/0");
  association = g_ptr_array_index (table->associations, 0);
  g_assert_cmpstr (association->subnet_id, ==, "subnet-15ad487c");
  g_assert_false (association->main);

  table = g_ptr_array_index (tables, 1);
  g_assert_true (table->main);
  route = g_ptr_array_index (table->routes, 1);
  g_assert_cmpstr (route->nat_gateway_id, ==, "nat-05dba92075d71c408");
  g_assert_cmpstr (route->state, ==, "blackhole");
  association = g_ptr_array_index (table->associations, 0);
  g_assert_null (association->subnet_id);
  g_assert_true (association->main);
}

static GantryAwsEc2NetworkAclEntry *
entry_at (GantryAwsEc2NetworkAcl *acl,
          guint                   i)
{
  return g_ptr_array_index (acl->entries, i);
}

static void
test_network_acls (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) acls = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAcl *acl;
  GantryAwsEc2NetworkAclAssociation *association;

  gantry_test_replay_add (replay, 200, "ec2-describe-network-acls.xml");
  acls = DESCRIBE (ec2, describe_network_acls, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acls->len, ==, 1);
  acl = g_ptr_array_index (acls, 0);
  g_assert_cmpstr (acl->network_acl_id, ==, "acl-5566778899aabbcc0");
  g_assert_false (acl->is_default);
  g_assert_cmpuint (acl->entries->len, ==, 4);

  g_assert_cmpint (entry_at (acl, 0)->rule_number, ==, 10);
  g_assert_cmpstr (entry_at (acl, 0)->rule_action, ==, "deny");
  g_assert_cmpstr (entry_at (acl, 0)->protocol, ==, "6");
  g_assert_false (entry_at (acl, 0)->egress);
  g_assert_cmpstr (entry_at (acl, 0)->cidr_block, ==, "0.0.0.0/0");
  g_assert_cmpint (entry_at (acl, 0)->port_from, ==, 22);
  g_assert_cmpint (entry_at (acl, 0)->port_to, ==, 22);

  g_assert_null (entry_at (acl, 1)->cidr_block);
  g_assert_cmpstr (entry_at (acl, 1)->ipv6_cidr_block, ==, "::/0");
  g_assert_cmpint (entry_at (acl, 1)->port_from, ==, 3389);

  g_assert_true (entry_at (acl, 2)->egress);
  g_assert_cmpstr (entry_at (acl, 2)->rule_action, ==, "allow");
  g_assert_cmpint (entry_at (acl, 2)->port_from, ==, -1);
  g_assert_cmpint (entry_at (acl, 2)->port_to, ==, -1);
  g_assert_cmpint (entry_at (acl, 3)->rule_number, ==, 32767);

  g_assert_cmpuint (acl->associations->len, ==, 1);
  association = g_ptr_array_index (acl->associations, 0);
  g_assert_cmpstr (association->subnet_id, ==, "subnet-ff669596");
  g_assert_cmpstr (association->association_id, ==, "aclassoc-5c659635");
}

static void
test_network_acls_bad_rule_number (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) acls = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "ec2-describe-network-acls-bad-rule-number.xml");
  acls = DESCRIBE (ec2, describe_network_acls, NULL, &error);
  g_assert_null (acls);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "ruleNumber"));
}

static void
test_gateways (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GPtrArray) igws = NULL;
  g_autoptr(GPtrArray) nats = NULL;
  g_autoptr(GError) error = NULL;
  GantryAwsEc2InternetGateway *igw;
  GantryAwsEc2Attachment *attachment;
  GantryAwsEc2NatGateway *nat;

  gantry_test_replay_add (replay, 200, "ec2-describe-internet-gateways.xml");
  gantry_test_replay_add (replay, 200, "ec2-describe-nat-gateways.xml");

  igws = DESCRIBE (ec2, describe_internet_gateways, "vpc-11ad4878", &error);
  g_assert_no_error (error);
  /* Gateways are filtered by what they are attached to. */
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Filter.1.Name"), ==,
                   "attachment.vpc-id");
  g_assert_cmpuint (igws->len, ==, 2);
  igw = g_ptr_array_index (igws, 0);
  g_assert_cmpuint (igw->attachments->len, ==, 1);
  attachment = g_ptr_array_index (igw->attachments, 0);
  g_assert_cmpstr (attachment->vpc_id, ==, "vpc-11ad4878");
  g_assert_cmpstr (attachment->state, ==, "available");
  igw = g_ptr_array_index (igws, 1);
  g_assert_cmpuint (igw->attachments->len, ==, 0);

  nats = DESCRIBE (ec2, describe_nat_gateways, "vpc-1a2b3c4d", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "Action"), ==, "DescribeNatGateways");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 1, "Filter.1.Name"), ==, "vpc-id");
  g_assert_cmpuint (nats->len, ==, 1);
  nat = g_ptr_array_index (nats, 0);
  g_assert_cmpstr (nat->nat_gateway_id, ==, "nat-05dba92075d71c408");
  g_assert_cmpstr (nat->subnet_id, ==, "subnet-847e4dc2");
  g_assert_cmpstr (nat->state, ==, "available");
  g_assert_cmpstr (nat->connectivity_type, ==, "public");
}

static void
test_security_group_rules (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;
  const char *group_ids[] = { "sg-1a2b3c4d", "sg-5e6f7a8b", NULL };
  GantryAwsEc2SecurityGroupRule *rule;

  gantry_test_replay_add (replay, 200, "ec2-describe-security-group-rules.xml");
  gantry_aws_ec2_describe_security_group_rules_async (ec2, group_ids, NULL,
                                                      gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  rules = gantry_aws_ec2_describe_security_group_rules_finish (ec2, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Filter.1.Name"), ==, "group-id");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Filter.1.Value.2"), ==,
                   "sg-5e6f7a8b");

  g_assert_cmpuint (rules->len, ==, 2);
  rule = g_ptr_array_index (rules, 0);
  g_assert_cmpstr (rule->rule_id, ==, "sgr-0b1c2d3e4f5a6b7c8");
  g_assert_false (rule->is_egress);
  g_assert_cmpint (rule->from_port, ==, 5432);
  g_assert_cmpstr (rule->referenced_group_id, ==, "sg-5e6f7a8b");
  g_assert_null (rule->cidr_ipv4);
  g_assert_cmpstr (rule->description, ==, "PostgreSQL from prod-ecs-sg");
  rule = g_ptr_array_index (rules, 1);
  g_assert_true (rule->is_egress);
  g_assert_cmpstr (rule->ip_protocol, ==, "-1");
  g_assert_cmpstr (rule->cidr_ipv4, ==, "0.0.0.0/0");
  g_assert_null (rule->referenced_group_id);
}

static gboolean
create_entry (GantryAwsEc2                      *ec2,
              const GantryAwsEc2NetworkAclEntry *entry,
              GCancellable                      *cancellable,
              GError                           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gantry_aws_ec2_create_network_acl_entry_async (ec2, "acl-5566778899aabbcc0", entry,
                                                 cancellable, gantry_test_store_result,
                                                 &result);
  GANTRY_TEST_AWAIT (result);
  return gantry_aws_ec2_create_network_acl_entry_finish (ec2, result, error);
}

static void
test_create_network_acl_entry (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAclEntry entry = {
    .rule_number = 12, .protocol = (char *) "6", .rule_action = (char *) "deny",
    .egress = FALSE, .ipv6_cidr_block = (char *) "::/0", .port_from = 3389, .port_to = 3389,
  };

  gantry_test_replay_add (replay, 200, "ec2-create-network-acl-entry.xml");
  g_assert_true (create_entry (ec2, &entry, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Action"), ==,
                   "CreateNetworkAclEntry");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "NetworkAclId"), ==,
                   "acl-5566778899aabbcc0");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "RuleNumber"), ==, "12");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Protocol"), ==, "6");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "RuleAction"), ==, "deny");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Egress"), ==, "false");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Ipv6CidrBlock"), ==, "::/0");
  g_assert_null (gantry_test_replay_get_param (replay, 0, "CidrBlock"));
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "PortRange.From"), ==, "3389");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "PortRange.To"), ==, "3389");
}

static void
test_create_network_acl_entry_error (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAclEntry entry = {
    .rule_number = 12, .protocol = (char *) "-1", .rule_action = (char *) "deny",
    .cidr_block = (char *) "0.0.0.0/0", .port_from = -1, .port_to = -1,
  };

  gantry_test_replay_add (replay, 400, "ec2-error-subnet-not-found.xml");
  g_assert_false (create_entry (ec2, &entry, NULL, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "InvalidSubnetID.NotFound");
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 400);
  /* All protocols: no port range is sent. */
  g_assert_null (gantry_test_replay_get_param (replay, 0, "PortRange.From"));
}

static void
test_create_network_acl_entry_cancelled (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GantryAwsEc2NetworkAclEntry entry = {
    .rule_number = 12, .protocol = (char *) "6", .rule_action = (char *) "deny",
    .cidr_block = (char *) "0.0.0.0/0", .port_from = 22, .port_to = 22,
  };

  gantry_test_replay_add (replay, 200, "ec2-create-network-acl-entry.xml");
  g_cancellable_cancel (cancellable);
  g_assert_false (create_entry (ec2, &entry, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_revoke_returns_false (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *rule_ids[] = { "sgr-0a9b8c7d6e5f4a3b2", "sgr-0b1c2d3e4f5a6b7c8", NULL };

  gantry_test_replay_add (replay, 200, "ec2-revoke-security-group-egress-false.xml");
  gantry_aws_ec2_revoke_security_group_egress_async (ec2, "sg-1a2b3c4d", rule_ids, NULL,
                                                     gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  g_assert_false (gantry_aws_ec2_revoke_security_group_egress_finish (ec2, result, &error));
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, "RevokeSecurityGroupEgress");

  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "GroupId"), ==, "sg-1a2b3c4d");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "SecurityGroupRuleId.1"), ==,
                   "sgr-0a9b8c7d6e5f4a3b2");
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "SecurityGroupRuleId.2"), ==,
                   "sgr-0b1c2d3e4f5a6b7c8");
}

static void
test_revoke_ingress (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *rule_ids[] = { "sgr-0b1c2d3e4f5a6b7c8", NULL };

  /* moto's reply shape: no <return> at all, which is still success. */
  gantry_test_replay_add_text (replay, 200,
                               "<RevokeSecurityGroupIngressResponse><requestId>r</requestId>"
                               "</RevokeSecurityGroupIngressResponse>");
  gantry_aws_ec2_revoke_security_group_ingress_async (ec2, "sg-1a2b3c4d", rule_ids, NULL,
                                                      gantry_test_store_result, &result);
  GANTRY_TEST_AWAIT (result);
  g_assert_true (gantry_aws_ec2_revoke_security_group_ingress_finish (ec2, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gantry_test_replay_get_param (replay, 0, "Action"), ==,
                   "RevokeSecurityGroupIngress");
}

static void
test_describe_cancelled_between_pages (void)
{
  g_autoptr(GantryTestReplay) replay = gantry_test_replay_new ();
  g_autoptr(GantryAwsEc2) ec2 = gantry_aws_ec2_new (gantry_test_replay_get_client (replay));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page1.xml");
  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page2.xml");
  gantry_test_replay_add (replay, 200, "ec2-describe-security-groups-page3.xml");

  gantry_aws_ec2_describe_security_groups_async (ec2, NULL, cancellable,
                                                 gantry_test_store_result, &result);
  while (gantry_test_replay_get_n_requests (replay) < 1)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  GANTRY_TEST_AWAIT (result);
  groups = gantry_aws_ec2_describe_security_groups_finish (ec2, result, &error);
  g_assert_null (groups);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gantry_test_replay_get_n_requests (replay), <, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/ec2/security-groups/pages", test_security_groups_pages);
  g_test_add_func ("/aws/ec2/security-groups/fields", test_security_groups_fields);
  g_test_add_func ("/aws/ec2/security-groups/missing-id", test_security_groups_missing_id);
  g_test_add_func ("/aws/ec2/security-groups/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/aws/ec2/security-groups/cancelled-between-pages",
                   test_describe_cancelled_between_pages);
  g_test_add_func ("/aws/ec2/vpcs", test_vpcs);
  g_test_add_func ("/aws/ec2/subnets", test_subnets);
  g_test_add_func ("/aws/ec2/route-tables", test_route_tables);
  g_test_add_func ("/aws/ec2/network-acls", test_network_acls);
  g_test_add_func ("/aws/ec2/network-acls/bad-rule-number", test_network_acls_bad_rule_number);
  g_test_add_func ("/aws/ec2/gateways", test_gateways);
  g_test_add_func ("/aws/ec2/security-group-rules", test_security_group_rules);
  g_test_add_func ("/aws/ec2/create-network-acl-entry", test_create_network_acl_entry);
  g_test_add_func ("/aws/ec2/create-network-acl-entry/error",
                   test_create_network_acl_entry_error);
  g_test_add_func ("/aws/ec2/create-network-acl-entry/cancelled",
                   test_create_network_acl_entry_cancelled);
  g_test_add_func ("/aws/ec2/revoke-egress/false", test_revoke_returns_false);
  g_test_add_func ("/aws/ec2/revoke-ingress", test_revoke_ingress);

  return g_test_run ();
}
