/* gantry-aws-ec2.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The EC2 network calls the Setup checks read (VPCs, subnets, routes,
 * gateways, NACLs, security groups) and the few writes its fixes make.
 * Replies use EC2's dialect: lists are <item> elements inside a "…Set"
 * element and the next page's token is a top-level <nextToken>.
 */

#define G_LOG_DOMAIN "gantry-aws-ec2"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-ec2.h"
#include "gantry-aws-error.h"
#include "gantry-aws-query-list-private.h"

#define ACTION_DESCRIBE_VPCS                  "DescribeVpcs"
#define ACTION_DESCRIBE_SUBNETS               "DescribeSubnets"
#define ACTION_DESCRIBE_ROUTE_TABLES          "DescribeRouteTables"
#define ACTION_DESCRIBE_INTERNET_GATEWAYS     "DescribeInternetGateways"
#define ACTION_DESCRIBE_NAT_GATEWAYS          "DescribeNatGateways"
#define ACTION_DESCRIBE_NETWORK_ACLS          "DescribeNetworkAcls"
#define ACTION_DESCRIBE_SECURITY_GROUPS       "DescribeSecurityGroups"
#define ACTION_DESCRIBE_SECURITY_GROUP_RULES  "DescribeSecurityGroupRules"
#define ACTION_CREATE_NETWORK_ACL_ENTRY       "CreateNetworkAclEntry"
#define ACTION_REVOKE_SECURITY_GROUP_INGRESS  "RevokeSecurityGroupIngress"
#define ACTION_REVOKE_SECURITY_GROUP_EGRESS   "RevokeSecurityGroupEgress"

/* Every EC2 Describe call pages the same way. */
#define EC2_TOKEN_PARAM     "NextToken"
#define EC2_TOKEN_PATH      "nextToken"
#define EC2_PAGE_SIZE_PARAM "MaxResults"
#define EC2_PAGE_SIZE_MIN   5
#define EC2_PAGE_SIZE_MAX   1000

struct _GantryAwsEc2
{
  GObject          parent_instance;
  GantryAwsClient *client;
  guint            page_size;
};

G_DEFINE_FINAL_TYPE (GantryAwsEc2, gantry_aws_ec2, G_TYPE_OBJECT)

/* --- freeing ------------------------------------------------------------ */

void
gantry_aws_ec2_vpc_free (GantryAwsEc2Vpc *vpc)
{
  if (vpc == NULL)
    return;
  g_free (vpc->vpc_id);
  g_free (vpc->cidr_block);
  g_free (vpc->state);
  g_free (vpc->owner_id);
  g_clear_pointer (&vpc->tags, g_hash_table_unref);
  g_free (vpc);
}

void
gantry_aws_ec2_subnet_free (GantryAwsEc2Subnet *subnet)
{
  if (subnet == NULL)
    return;
  g_free (subnet->subnet_id);
  g_free (subnet->vpc_id);
  g_free (subnet->availability_zone);
  g_free (subnet->availability_zone_id);
  g_free (subnet->cidr_block);
  g_strfreev (subnet->ipv6_cidr_blocks);
  g_free (subnet->state);
  g_clear_pointer (&subnet->tags, g_hash_table_unref);
  g_free (subnet);
}

void
gantry_aws_ec2_route_free (GantryAwsEc2Route *route)
{
  if (route == NULL)
    return;
  g_free (route->destination_cidr_block);
  g_free (route->destination_ipv6_cidr_block);
  g_free (route->destination_prefix_list_id);
  g_free (route->gateway_id);
  g_free (route->nat_gateway_id);
  g_free (route->transit_gateway_id);
  g_free (route->vpc_peering_connection_id);
  g_free (route->network_interface_id);
  g_free (route->instance_id);
  g_free (route->egress_only_internet_gateway_id);
  g_free (route->state);
  g_free (route->origin);
  g_free (route);
}

void
gantry_aws_ec2_route_table_association_free (GantryAwsEc2RouteTableAssociation *association)
{
  if (association == NULL)
    return;
  g_free (association->association_id);
  g_free (association->subnet_id);
  g_free (association->gateway_id);
  g_free (association);
}

void
gantry_aws_ec2_route_table_free (GantryAwsEc2RouteTable *table)
{
  if (table == NULL)
    return;
  g_free (table->route_table_id);
  g_free (table->vpc_id);
  g_clear_pointer (&table->routes, g_ptr_array_unref);
  g_clear_pointer (&table->associations, g_ptr_array_unref);
  g_clear_pointer (&table->tags, g_hash_table_unref);
  g_free (table);
}

void
gantry_aws_ec2_attachment_free (GantryAwsEc2Attachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->vpc_id);
  g_free (attachment->state);
  g_free (attachment);
}

void
gantry_aws_ec2_internet_gateway_free (GantryAwsEc2InternetGateway *gateway)
{
  if (gateway == NULL)
    return;
  g_free (gateway->internet_gateway_id);
  g_free (gateway->owner_id);
  g_clear_pointer (&gateway->attachments, g_ptr_array_unref);
  g_clear_pointer (&gateway->tags, g_hash_table_unref);
  g_free (gateway);
}

void
gantry_aws_ec2_nat_gateway_free (GantryAwsEc2NatGateway *gateway)
{
  if (gateway == NULL)
    return;
  g_free (gateway->nat_gateway_id);
  g_free (gateway->vpc_id);
  g_free (gateway->subnet_id);
  g_free (gateway->state);
  g_free (gateway->connectivity_type);
  g_clear_pointer (&gateway->tags, g_hash_table_unref);
  g_free (gateway);
}

void
gantry_aws_ec2_network_acl_entry_free (GantryAwsEc2NetworkAclEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->protocol);
  g_free (entry->rule_action);
  g_free (entry->cidr_block);
  g_free (entry->ipv6_cidr_block);
  g_free (entry);
}

void
gantry_aws_ec2_network_acl_association_free (GantryAwsEc2NetworkAclAssociation *association)
{
  if (association == NULL)
    return;
  g_free (association->association_id);
  g_free (association->network_acl_id);
  g_free (association->subnet_id);
  g_free (association);
}

void
gantry_aws_ec2_network_acl_free (GantryAwsEc2NetworkAcl *acl)
{
  if (acl == NULL)
    return;
  g_free (acl->network_acl_id);
  g_free (acl->vpc_id);
  g_clear_pointer (&acl->entries, g_ptr_array_unref);
  g_clear_pointer (&acl->associations, g_ptr_array_unref);
  g_clear_pointer (&acl->tags, g_hash_table_unref);
  g_free (acl);
}

void
gantry_aws_ec2_ip_permission_free (GantryAwsEc2IpPermission *permission)
{
  if (permission == NULL)
    return;
  g_free (permission->ip_protocol);
  g_strfreev (permission->ipv4_ranges);
  g_strfreev (permission->ipv6_ranges);
  g_strfreev (permission->group_ids);
  g_strfreev (permission->prefix_list_ids);
  g_free (permission);
}

void
gantry_aws_ec2_security_group_free (GantryAwsEc2SecurityGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->group_id);
  g_free (group->group_name);
  g_free (group->description);
  g_free (group->vpc_id);
  g_free (group->owner_id);
  g_clear_pointer (&group->ingress, g_ptr_array_unref);
  g_clear_pointer (&group->egress, g_ptr_array_unref);
  g_clear_pointer (&group->tags, g_hash_table_unref);
  g_free (group);
}

void
gantry_aws_ec2_security_group_rule_free (GantryAwsEc2SecurityGroupRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->rule_id);
  g_free (rule->group_id);
  g_free (rule->group_owner_id);
  g_free (rule->ip_protocol);
  g_free (rule->cidr_ipv4);
  g_free (rule->cidr_ipv6);
  g_free (rule->prefix_list_id);
  g_free (rule->referenced_group_id);
  g_free (rule->description);
  g_free (rule);
}

/* --- parsing ------------------------------------------------------------ */

static GHashTable *
parse_tags (GantryAwsXmlNode *item)
{
  return _gantry_aws_xml_tags (item, "tagSet/item", "key", "value");
}

static gpointer
parse_vpc (GantryAwsXmlNode  *item,
           const char       **missing_field)
{
  GantryAwsEc2Vpc *vpc;

  if (gantry_aws_xml_node_lookup_text (item, "vpcId") == NULL)
    {
      *missing_field = "vpcId";
      return NULL;
    }

  vpc = g_new0 (GantryAwsEc2Vpc, 1);
  vpc->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  vpc->cidr_block = _gantry_aws_xml_dup (item, "cidrBlock");
  vpc->state = _gantry_aws_xml_dup (item, "state");
  vpc->owner_id = _gantry_aws_xml_dup (item, "ownerId");
  vpc->is_default = _gantry_aws_xml_bool (item, "isDefault");
  vpc->tags = parse_tags (item);
  return vpc;
}

static gpointer
parse_subnet (GantryAwsXmlNode  *item,
              const char       **missing_field)
{
  GantryAwsEc2Subnet *subnet;

  if (gantry_aws_xml_node_lookup_text (item, "subnetId") == NULL)
    {
      *missing_field = "subnetId";
      return NULL;
    }

  subnet = g_new0 (GantryAwsEc2Subnet, 1);
  subnet->subnet_id = _gantry_aws_xml_dup (item, "subnetId");
  subnet->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  subnet->availability_zone = _gantry_aws_xml_dup (item, "availabilityZone");
  subnet->availability_zone_id = _gantry_aws_xml_dup (item, "availabilityZoneId");
  subnet->cidr_block = _gantry_aws_xml_dup (item, "cidrBlock");
  subnet->ipv6_cidr_blocks = _gantry_aws_xml_strv (item,
                                                   "ipv6CidrBlockAssociationSet/item/ipv6CidrBlock");
  subnet->state = _gantry_aws_xml_dup (item, "state");
  subnet->map_public_ip_on_launch = _gantry_aws_xml_bool (item, "mapPublicIpOnLaunch");
  subnet->default_for_az = _gantry_aws_xml_bool (item, "defaultForAz");
  subnet->tags = parse_tags (item);
  return subnet;
}

static gpointer
parse_route (GantryAwsXmlNode  *item,
             const char       **missing_field)
{
  GantryAwsEc2Route *route = g_new0 (GantryAwsEc2Route, 1);

  route->destination_cidr_block = _gantry_aws_xml_dup (item, "destinationCidrBlock");
  route->destination_ipv6_cidr_block = _gantry_aws_xml_dup (item, "destinationIpv6CidrBlock");
  route->destination_prefix_list_id = _gantry_aws_xml_dup (item, "destinationPrefixListId");
  route->gateway_id = _gantry_aws_xml_dup (item, "gatewayId");
  route->nat_gateway_id = _gantry_aws_xml_dup (item, "natGatewayId");
  route->transit_gateway_id = _gantry_aws_xml_dup (item, "transitGatewayId");
  route->vpc_peering_connection_id = _gantry_aws_xml_dup (item, "vpcPeeringConnectionId");
  route->network_interface_id = _gantry_aws_xml_dup (item, "networkInterfaceId");
  route->instance_id = _gantry_aws_xml_dup (item, "instanceId");
  route->egress_only_internet_gateway_id = _gantry_aws_xml_dup (item,
                                                                "egressOnlyInternetGatewayId");
  route->state = _gantry_aws_xml_dup (item, "state");
  route->origin = _gantry_aws_xml_dup (item, "origin");
  return route;
}

static gpointer
parse_route_table_association (GantryAwsXmlNode  *item,
                               const char       **missing_field)
{
  GantryAwsEc2RouteTableAssociation *association = g_new0 (GantryAwsEc2RouteTableAssociation, 1);

  association->association_id = _gantry_aws_xml_dup (item, "routeTableAssociationId");
  association->subnet_id = _gantry_aws_xml_dup (item, "subnetId");
  association->gateway_id = _gantry_aws_xml_dup (item, "gatewayId");
  association->main = _gantry_aws_xml_bool (item, "main");
  return association;
}

static gpointer
parse_route_table (GantryAwsXmlNode  *item,
                   const char       **missing_field)
{
  g_autoptr(GantryAwsEc2RouteTable) table = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "routeTableId") == NULL)
    {
      *missing_field = "routeTableId";
      return NULL;
    }

  table = g_new0 (GantryAwsEc2RouteTable, 1);
  table->route_table_id = _gantry_aws_xml_dup (item, "routeTableId");
  table->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  table->routes = _gantry_aws_xml_parse_all (item, "routeSet/item", parse_route,
                                             (GDestroyNotify) gantry_aws_ec2_route_free,
                                             missing_field);
  table->associations =
    _gantry_aws_xml_parse_all (item, "associationSet/item", parse_route_table_association,
                               (GDestroyNotify) gantry_aws_ec2_route_table_association_free,
                               missing_field);
  if (table->routes == NULL || table->associations == NULL)
    return NULL;

  for (guint i = 0; i < table->associations->len; i++)
    {
      GantryAwsEc2RouteTableAssociation *association = g_ptr_array_index (table->associations, i);

      table->main |= association->main;
    }

  table->tags = parse_tags (item);
  return g_steal_pointer (&table);
}

static gpointer
parse_attachment (GantryAwsXmlNode  *item,
                  const char       **missing_field)
{
  GantryAwsEc2Attachment *attachment = g_new0 (GantryAwsEc2Attachment, 1);

  attachment->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  attachment->state = _gantry_aws_xml_dup (item, "state");
  return attachment;
}

static gpointer
parse_internet_gateway (GantryAwsXmlNode  *item,
                        const char       **missing_field)
{
  g_autoptr(GantryAwsEc2InternetGateway) gateway = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "internetGatewayId") == NULL)
    {
      *missing_field = "internetGatewayId";
      return NULL;
    }

  gateway = g_new0 (GantryAwsEc2InternetGateway, 1);
  gateway->internet_gateway_id = _gantry_aws_xml_dup (item, "internetGatewayId");
  gateway->owner_id = _gantry_aws_xml_dup (item, "ownerId");
  gateway->attachments =
    _gantry_aws_xml_parse_all (item, "attachmentSet/item", parse_attachment,
                               (GDestroyNotify) gantry_aws_ec2_attachment_free, missing_field);
  if (gateway->attachments == NULL)
    return NULL;
  gateway->tags = parse_tags (item);
  return g_steal_pointer (&gateway);
}

static gpointer
parse_nat_gateway (GantryAwsXmlNode  *item,
                   const char       **missing_field)
{
  GantryAwsEc2NatGateway *gateway;

  if (gantry_aws_xml_node_lookup_text (item, "natGatewayId") == NULL)
    {
      *missing_field = "natGatewayId";
      return NULL;
    }

  gateway = g_new0 (GantryAwsEc2NatGateway, 1);
  gateway->nat_gateway_id = _gantry_aws_xml_dup (item, "natGatewayId");
  gateway->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  gateway->subnet_id = _gantry_aws_xml_dup (item, "subnetId");
  gateway->state = _gantry_aws_xml_dup (item, "state");
  gateway->connectivity_type = _gantry_aws_xml_dup (item, "connectivityType");
  gateway->tags = parse_tags (item);
  return gateway;
}

static gpointer
parse_network_acl_entry (GantryAwsXmlNode  *item,
                         const char       **missing_field)
{
  GantryAwsEc2NetworkAclEntry *entry;
  gint64 rule_number;

  /* A NACL check orders rules by number: an entry without one is useless. */
  if (!_gantry_aws_xml_int (item, "ruleNumber", 1, 32767, &rule_number))
    {
      *missing_field = "entrySet/item/ruleNumber";
      return NULL;
    }
  if (gantry_aws_xml_node_lookup_text (item, "ruleAction") == NULL)
    {
      *missing_field = "entrySet/item/ruleAction";
      return NULL;
    }

  entry = g_new0 (GantryAwsEc2NetworkAclEntry, 1);
  entry->rule_number = (int) rule_number;
  entry->protocol = _gantry_aws_xml_dup (item, "protocol");
  entry->rule_action = _gantry_aws_xml_dup (item, "ruleAction");
  entry->egress = _gantry_aws_xml_bool (item, "egress");
  entry->cidr_block = _gantry_aws_xml_dup (item, "cidrBlock");
  entry->ipv6_cidr_block = _gantry_aws_xml_dup (item, "ipv6CidrBlock");
  entry->port_from = _gantry_aws_xml_int_or (item, "portRange/from", -1);
  entry->port_to = _gantry_aws_xml_int_or (item, "portRange/to", -1);
  return entry;
}

static gpointer
parse_network_acl_association (GantryAwsXmlNode  *item,
                               const char       **missing_field)
{
  GantryAwsEc2NetworkAclAssociation *association = g_new0 (GantryAwsEc2NetworkAclAssociation, 1);

  association->association_id = _gantry_aws_xml_dup (item, "networkAclAssociationId");
  association->network_acl_id = _gantry_aws_xml_dup (item, "networkAclId");
  association->subnet_id = _gantry_aws_xml_dup (item, "subnetId");
  return association;
}

static gpointer
parse_network_acl (GantryAwsXmlNode  *item,
                   const char       **missing_field)
{
  g_autoptr(GantryAwsEc2NetworkAcl) acl = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "networkAclId") == NULL)
    {
      *missing_field = "networkAclId";
      return NULL;
    }

  acl = g_new0 (GantryAwsEc2NetworkAcl, 1);
  acl->network_acl_id = _gantry_aws_xml_dup (item, "networkAclId");
  acl->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  acl->is_default = _gantry_aws_xml_bool (item, "default");
  acl->entries = _gantry_aws_xml_parse_all (item, "entrySet/item", parse_network_acl_entry,
                                            (GDestroyNotify) gantry_aws_ec2_network_acl_entry_free,
                                            missing_field);
  if (acl->entries == NULL)
    return NULL;
  acl->associations =
    _gantry_aws_xml_parse_all (item, "associationSet/item", parse_network_acl_association,
                               (GDestroyNotify) gantry_aws_ec2_network_acl_association_free,
                               missing_field);
  if (acl->associations == NULL)
    return NULL;
  acl->tags = parse_tags (item);
  return g_steal_pointer (&acl);
}

static gpointer
parse_ip_permission (GantryAwsXmlNode  *item,
                     const char       **missing_field)
{
  GantryAwsEc2IpPermission *permission;

  if (gantry_aws_xml_node_lookup_text (item, "ipProtocol") == NULL)
    {
      *missing_field = "ipPermissions/item/ipProtocol";
      return NULL;
    }

  permission = g_new0 (GantryAwsEc2IpPermission, 1);
  permission->ip_protocol = _gantry_aws_xml_dup (item, "ipProtocol");
  permission->from_port = _gantry_aws_xml_int_or (item, "fromPort", -1);
  permission->to_port = _gantry_aws_xml_int_or (item, "toPort", -1);
  permission->ipv4_ranges = _gantry_aws_xml_strv (item, "ipRanges/item/cidrIp");
  permission->ipv6_ranges = _gantry_aws_xml_strv (item, "ipv6Ranges/item/cidrIpv6");
  permission->group_ids = _gantry_aws_xml_strv (item, "groups/item/groupId");
  permission->prefix_list_ids = _gantry_aws_xml_strv (item, "prefixListIds/item/prefixListId");
  return permission;
}

static gpointer
parse_security_group (GantryAwsXmlNode  *item,
                      const char       **missing_field)
{
  g_autoptr(GantryAwsEc2SecurityGroup) group = NULL;

  if (gantry_aws_xml_node_lookup_text (item, "groupId") == NULL)
    {
      *missing_field = "groupId";
      return NULL;
    }

  group = g_new0 (GantryAwsEc2SecurityGroup, 1);
  group->group_id = _gantry_aws_xml_dup (item, "groupId");
  group->group_name = _gantry_aws_xml_dup (item, "groupName");
  group->description = _gantry_aws_xml_dup (item, "groupDescription");
  group->vpc_id = _gantry_aws_xml_dup (item, "vpcId");
  group->owner_id = _gantry_aws_xml_dup (item, "ownerId");
  group->ingress = _gantry_aws_xml_parse_all (item, "ipPermissions/item", parse_ip_permission,
                                              (GDestroyNotify) gantry_aws_ec2_ip_permission_free,
                                              missing_field);
  if (group->ingress == NULL)
    return NULL;
  group->egress = _gantry_aws_xml_parse_all (item, "ipPermissionsEgress/item",
                                             parse_ip_permission,
                                             (GDestroyNotify) gantry_aws_ec2_ip_permission_free,
                                             missing_field);
  if (group->egress == NULL)
    return NULL;
  group->tags = parse_tags (item);
  return g_steal_pointer (&group);
}

static gpointer
parse_security_group_rule (GantryAwsXmlNode  *item,
                           const char       **missing_field)
{
  GantryAwsEc2SecurityGroupRule *rule;

  if (gantry_aws_xml_node_lookup_text (item, "securityGroupRuleId") == NULL)
    {
      *missing_field = "securityGroupRuleId";
      return NULL;
    }
  if (gantry_aws_xml_node_lookup_text (item, "groupId") == NULL)
    {
      *missing_field = "groupId";
      return NULL;
    }

  rule = g_new0 (GantryAwsEc2SecurityGroupRule, 1);
  rule->rule_id = _gantry_aws_xml_dup (item, "securityGroupRuleId");
  rule->group_id = _gantry_aws_xml_dup (item, "groupId");
  rule->group_owner_id = _gantry_aws_xml_dup (item, "groupOwnerId");
  rule->is_egress = _gantry_aws_xml_bool (item, "isEgress");
  rule->ip_protocol = _gantry_aws_xml_dup (item, "ipProtocol");
  rule->from_port = _gantry_aws_xml_int_or (item, "fromPort", -1);
  rule->to_port = _gantry_aws_xml_int_or (item, "toPort", -1);
  rule->cidr_ipv4 = _gantry_aws_xml_dup (item, "cidrIpv4");
  rule->cidr_ipv6 = _gantry_aws_xml_dup (item, "cidrIpv6");
  rule->prefix_list_id = _gantry_aws_xml_dup (item, "prefixListId");
  rule->referenced_group_id = _gantry_aws_xml_dup (item, "referencedGroupInfo/groupId");
  rule->description = _gantry_aws_xml_dup (item, "description");
  return rule;
}

/* --- the table of paged Describe calls ---------------------------------- */

typedef enum
{
  LIST_VPCS,
  LIST_SUBNETS,
  LIST_ROUTE_TABLES,
  LIST_INTERNET_GATEWAYS,
  LIST_NAT_GATEWAYS,
  LIST_NETWORK_ACLS,
  LIST_SECURITY_GROUPS,
  LIST_SECURITY_GROUP_RULES,
} Ec2List;

typedef struct
{
  GantryAwsListOp  op;
  const char      *filter_name;  /* the filter that narrows the list */
} Ec2ListOp;

#define EC2_LIST(action, list, parse, free_item, filter)                         \
  { { action, list, "item", EC2_TOKEN_PARAM, EC2_TOKEN_PATH, EC2_PAGE_SIZE_PARAM,  \
      EC2_PAGE_SIZE_MIN, EC2_PAGE_SIZE_MAX, parse, (GDestroyNotify) free_item },   \
    filter }

static const Ec2ListOp ec2_lists[] = {
  [LIST_VPCS] = EC2_LIST (ACTION_DESCRIBE_VPCS, "vpcSet", parse_vpc,
                          gantry_aws_ec2_vpc_free, "vpc-id"),
  [LIST_SUBNETS] = EC2_LIST (ACTION_DESCRIBE_SUBNETS, "subnetSet", parse_subnet,
                             gantry_aws_ec2_subnet_free, "vpc-id"),
  [LIST_ROUTE_TABLES] = EC2_LIST (ACTION_DESCRIBE_ROUTE_TABLES, "routeTableSet",
                                  parse_route_table, gantry_aws_ec2_route_table_free,
                                  "vpc-id"),
  [LIST_INTERNET_GATEWAYS] = EC2_LIST (ACTION_DESCRIBE_INTERNET_GATEWAYS, "internetGatewaySet",
                                       parse_internet_gateway,
                                       gantry_aws_ec2_internet_gateway_free,
                                       "attachment.vpc-id"),
  [LIST_NAT_GATEWAYS] = EC2_LIST (ACTION_DESCRIBE_NAT_GATEWAYS, "natGatewaySet",
                                  parse_nat_gateway, gantry_aws_ec2_nat_gateway_free,
                                  "vpc-id"),
  [LIST_NETWORK_ACLS] = EC2_LIST (ACTION_DESCRIBE_NETWORK_ACLS, "networkAclSet",
                                  parse_network_acl, gantry_aws_ec2_network_acl_free,
                                  "vpc-id"),
  [LIST_SECURITY_GROUPS] = EC2_LIST (ACTION_DESCRIBE_SECURITY_GROUPS, "securityGroupInfo",
                                     parse_security_group, gantry_aws_ec2_security_group_free,
                                     "vpc-id"),
  [LIST_SECURITY_GROUP_RULES] = EC2_LIST (ACTION_DESCRIBE_SECURITY_GROUP_RULES,
                                          "securityGroupRuleSet", parse_security_group_rule,
                                          gantry_aws_ec2_security_group_rule_free, "group-id"),
};

/* --- the object --------------------------------------------------------- */

static void
gantry_aws_ec2_dispose (GObject *object)
{
  GantryAwsEc2 *self = GANTRY_AWS_EC2 (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (gantry_aws_ec2_parent_class)->dispose (object);
}

static void
gantry_aws_ec2_class_init (GantryAwsEc2Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gantry_aws_ec2_dispose;
}

static void
gantry_aws_ec2_init (GantryAwsEc2 *self)
{
}

/**
 * gantry_aws_ec2_new:
 *
 * Returns: (transfer full): the EC2 API on @client
 */
GantryAwsEc2 *
gantry_aws_ec2_new (GantryAwsClient *client)
{
  GantryAwsEc2 *self;

  g_return_val_if_fail (GANTRY_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (GANTRY_TYPE_AWS_EC2, NULL);
  self->client = g_object_ref (client);
  return self;
}

guint
gantry_aws_ec2_get_page_size (GantryAwsEc2 *self)
{
  g_return_val_if_fail (GANTRY_IS_AWS_EC2 (self), 0);
  return self->page_size;
}

/**
 * gantry_aws_ec2_set_page_size:
 * @page_size: `MaxResults` for every Describe call, 0 to send none (AWS
 *   then picks); clamped to 5–1000
 *
 * Every Describe call still returns all pages; this only sets how many
 * requests that takes.
 */
void
gantry_aws_ec2_set_page_size (GantryAwsEc2 *self,
                              guint         page_size)
{
  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  self->page_size = page_size;
}

static void
ec2_list_async (GantryAwsEc2        *self,
                Ec2List              which,
                const char * const  *filter_values,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  if (filter_values != NULL && filter_values[0] != NULL)
    {
      gantry_aws_params_add (params, "Filter.1.Name", ec2_lists[which].filter_name);
      gantry_aws_params_add_list (params, "Filter.1.Value", filter_values);
    }

  _gantry_aws_list_async (self, source_tag, self->client, &gantry_aws_service_ec2,
                          &ec2_lists[which].op, params, self->page_size, cancellable,
                          callback, user_data);
}

static void
ec2_list_in_vpc_async (GantryAwsEc2        *self,
                       Ec2List              which,
                       const char          *vpc_id,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  const char *values[] = { vpc_id, NULL };

  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  ec2_list_async (self, which, values, source_tag, cancellable, callback, user_data);
}

/**
 * gantry_aws_ec2_describe_vpcs_async:
 * @vpc_id: (nullable): only this VPC, or %NULL for all
 */
void
gantry_aws_ec2_describe_vpcs_async (GantryAwsEc2        *self,
                                    const char          *vpc_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_VPCS, vpc_id, gantry_aws_ec2_describe_vpcs_async,
                         cancellable, callback, user_data);
}

/**
 * gantry_aws_ec2_describe_vpcs_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2Vpc): every VPC
 */
GPtrArray *
gantry_aws_ec2_describe_vpcs_finish (GantryAwsEc2  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_subnets_async:
 * @vpc_id: (nullable): only the subnets of this VPC
 */
void
gantry_aws_ec2_describe_subnets_async (GantryAwsEc2        *self,
                                       const char          *vpc_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_SUBNETS, vpc_id, gantry_aws_ec2_describe_subnets_async,
                         cancellable, callback, user_data);
}

/**
 * gantry_aws_ec2_describe_subnets_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2Subnet): every subnet
 */
GPtrArray *
gantry_aws_ec2_describe_subnets_finish (GantryAwsEc2  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_route_tables_async:
 * @vpc_id: (nullable): only the route tables of this VPC
 */
void
gantry_aws_ec2_describe_route_tables_async (GantryAwsEc2        *self,
                                            const char          *vpc_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_ROUTE_TABLES, vpc_id,
                         gantry_aws_ec2_describe_route_tables_async, cancellable, callback,
                         user_data);
}

/**
 * gantry_aws_ec2_describe_route_tables_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2RouteTable): every route table
 */
GPtrArray *
gantry_aws_ec2_describe_route_tables_finish (GantryAwsEc2  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_internet_gateways_async:
 * @vpc_id: (nullable): only the gateways attached to this VPC
 */
void
gantry_aws_ec2_describe_internet_gateways_async (GantryAwsEc2        *self,
                                                 const char          *vpc_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_INTERNET_GATEWAYS, vpc_id,
                         gantry_aws_ec2_describe_internet_gateways_async, cancellable, callback,
                         user_data);
}

/**
 * gantry_aws_ec2_describe_internet_gateways_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2InternetGateway): every gateway
 */
GPtrArray *
gantry_aws_ec2_describe_internet_gateways_finish (GantryAwsEc2  *self,
                                                  GAsyncResult  *result,
                                                  GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_nat_gateways_async:
 * @vpc_id: (nullable): only the NAT gateways of this VPC
 */
void
gantry_aws_ec2_describe_nat_gateways_async (GantryAwsEc2        *self,
                                            const char          *vpc_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_NAT_GATEWAYS, vpc_id,
                         gantry_aws_ec2_describe_nat_gateways_async, cancellable, callback,
                         user_data);
}

/**
 * gantry_aws_ec2_describe_nat_gateways_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2NatGateway): every NAT gateway
 */
GPtrArray *
gantry_aws_ec2_describe_nat_gateways_finish (GantryAwsEc2  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_network_acls_async:
 * @vpc_id: (nullable): only the network ACLs of this VPC
 */
void
gantry_aws_ec2_describe_network_acls_async (GantryAwsEc2        *self,
                                            const char          *vpc_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_NETWORK_ACLS, vpc_id,
                         gantry_aws_ec2_describe_network_acls_async, cancellable, callback,
                         user_data);
}

/**
 * gantry_aws_ec2_describe_network_acls_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2NetworkAcl): every network ACL
 */
GPtrArray *
gantry_aws_ec2_describe_network_acls_finish (GantryAwsEc2  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_security_groups_async:
 * @vpc_id: (nullable): only the security groups of this VPC
 */
void
gantry_aws_ec2_describe_security_groups_async (GantryAwsEc2        *self,
                                               const char          *vpc_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  ec2_list_in_vpc_async (self, LIST_SECURITY_GROUPS, vpc_id,
                         gantry_aws_ec2_describe_security_groups_async, cancellable, callback,
                         user_data);
}

/**
 * gantry_aws_ec2_describe_security_groups_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2SecurityGroup): every group
 */
GPtrArray *
gantry_aws_ec2_describe_security_groups_finish (GantryAwsEc2  *self,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/**
 * gantry_aws_ec2_describe_security_group_rules_async:
 * @group_ids: (nullable) (array zero-terminated=1): only the rules of these
 *   groups (the API has no VPC filter)
 */
void
gantry_aws_ec2_describe_security_group_rules_async (GantryAwsEc2        *self,
                                                    const char * const  *group_ids,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  ec2_list_async (self, LIST_SECURITY_GROUP_RULES, group_ids,
                  gantry_aws_ec2_describe_security_group_rules_async, cancellable, callback,
                  user_data);
}

/**
 * gantry_aws_ec2_describe_security_group_rules_finish:
 *
 * Returns: (transfer full) (element-type GantryAwsEc2SecurityGroupRule): every rule
 */
GPtrArray *
gantry_aws_ec2_describe_security_group_rules_finish (GantryAwsEc2  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return _gantry_aws_list_finish (self, result, error);
}

/* --- writes ------------------------------------------------------------- */

/* EC2 writes answer <return>true</return>. "false" means AWS did not apply
 * the change without saying why; an absent <return> is taken as success
 * because the HTTP status already said so (moto leaves it out). */
static void
ec2_write_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GantryAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *action = g_task_get_task_data (task);

  root = gantry_aws_client_call_query_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_strcmp0 (gantry_aws_xml_node_lookup_text (root, "return"), "false") == 0)
    {
      error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE,
                           _("AWS answered %s with “false” and did not apply it."), action);
      gantry_aws_error_set_details (error, NULL, action, 200,
                                    gantry_aws_xml_node_lookup_text (root, "requestId"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
ec2_write_async (GantryAwsEc2        *self,
                 const char          *action,
                 GantryAwsParams     *params,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Actions are the static strings at the top of this file. */
  g_task_set_task_data (task, (gpointer) action, NULL);
  gantry_aws_client_call_query_async (self->client, &gantry_aws_service_ec2, action, params,
                                      cancellable, ec2_write_cb, g_steal_pointer (&task));
}

static gboolean
ec2_write_finish (GantryAwsEc2  *self,
                  GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gantry_aws_ec2_create_network_acl_entry_async:
 * @network_acl_id: the NACL to add to
 * @entry: the entry; its port range is sent when @port_from is ≥ 0
 */
void
gantry_aws_ec2_create_network_acl_entry_async (GantryAwsEc2                      *self,
                                               const char                        *network_acl_id,
                                               const GantryAwsEc2NetworkAclEntry *entry,
                                               GCancellable                      *cancellable,
                                               GAsyncReadyCallback                callback,
                                               gpointer                           user_data)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();

  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  g_return_if_fail (network_acl_id != NULL);
  g_return_if_fail (entry != NULL && entry->protocol != NULL && entry->rule_action != NULL);
  g_return_if_fail ((entry->cidr_block == NULL) != (entry->ipv6_cidr_block == NULL));

  gantry_aws_params_add (params, "NetworkAclId", network_acl_id);
  gantry_aws_params_add_printf (params, "RuleNumber", "%d", entry->rule_number);
  gantry_aws_params_add (params, "Protocol", entry->protocol);
  gantry_aws_params_add (params, "RuleAction", entry->rule_action);
  gantry_aws_params_add (params, "Egress", entry->egress ? "true" : "false");
  if (entry->cidr_block != NULL)
    gantry_aws_params_add (params, "CidrBlock", entry->cidr_block);
  else
    gantry_aws_params_add (params, "Ipv6CidrBlock", entry->ipv6_cidr_block);
  if (entry->port_from >= 0)
    {
      gantry_aws_params_add_printf (params, "PortRange.From", "%d", entry->port_from);
      gantry_aws_params_add_printf (params, "PortRange.To", "%d",
                                    entry->port_to >= 0 ? entry->port_to : entry->port_from);
    }

  ec2_write_async (self, ACTION_CREATE_NETWORK_ACL_ENTRY, params,
                   gantry_aws_ec2_create_network_acl_entry_async, cancellable, callback,
                   user_data);
}

gboolean
gantry_aws_ec2_create_network_acl_entry_finish (GantryAwsEc2  *self,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  return ec2_write_finish (self, result, error);
}

static GantryAwsParams *
revoke_params (const char         *group_id,
               const char * const *rule_ids)
{
  GantryAwsParams *params = gantry_aws_params_new ();

  gantry_aws_params_add (params, "GroupId", group_id);
  gantry_aws_params_add_list (params, "SecurityGroupRuleId", rule_ids);
  return params;
}

/**
 * gantry_aws_ec2_revoke_security_group_ingress_async:
 * @group_id: the group the rules belong to
 * @rule_ids: (array zero-terminated=1): the `sgr-…` IDs to revoke
 */
void
gantry_aws_ec2_revoke_security_group_ingress_async (GantryAwsEc2        *self,
                                                    const char          *group_id,
                                                    const char * const  *rule_ids,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = NULL;

  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  g_return_if_fail (group_id != NULL && rule_ids != NULL && rule_ids[0] != NULL);

  params = revoke_params (group_id, rule_ids);
  ec2_write_async (self, ACTION_REVOKE_SECURITY_GROUP_INGRESS, params,
                   gantry_aws_ec2_revoke_security_group_ingress_async, cancellable, callback,
                   user_data);
}

gboolean
gantry_aws_ec2_revoke_security_group_ingress_finish (GantryAwsEc2  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return ec2_write_finish (self, result, error);
}

/**
 * gantry_aws_ec2_revoke_security_group_egress_async:
 * @group_id: the group the rules belong to
 * @rule_ids: (array zero-terminated=1): the `sgr-…` IDs to revoke
 */
void
gantry_aws_ec2_revoke_security_group_egress_async (GantryAwsEc2        *self,
                                                   const char          *group_id,
                                                   const char * const  *rule_ids,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(GantryAwsParams) params = NULL;

  g_return_if_fail (GANTRY_IS_AWS_EC2 (self));
  g_return_if_fail (group_id != NULL && rule_ids != NULL && rule_ids[0] != NULL);

  params = revoke_params (group_id, rule_ids);
  ec2_write_async (self, ACTION_REVOKE_SECURITY_GROUP_EGRESS, params,
                   gantry_aws_ec2_revoke_security_group_egress_async, cancellable, callback,
                   user_data);
}

gboolean
gantry_aws_ec2_revoke_security_group_egress_finish (GantryAwsEc2  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  return ec2_write_finish (self, result, error);
}
