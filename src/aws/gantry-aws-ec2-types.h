/* gantry-aws-ec2-types.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the Setup checks need from EC2's network resources. Strings are
 * %NULL when AWS left the field out; ports are -1 when absent ("all" for
 * protocol "-1"). @tags maps tag keys to values and is never %NULL. */

typedef struct
{
  char       *vpc_id;
  char       *cidr_block;
  char       *state;
  char       *owner_id;
  gboolean    is_default;
  GHashTable *tags;
} GantryAwsEc2Vpc;

typedef struct
{
  char       *subnet_id;
  char       *vpc_id;
  char       *availability_zone;
  char       *availability_zone_id;
  char       *cidr_block;
  char      **ipv6_cidr_blocks;
  char       *state;
  gboolean    map_public_ip_on_launch;
  gboolean    default_for_az;
  GHashTable *tags;
} GantryAwsEc2Subnet;

typedef struct
{
  char *destination_cidr_block;
  char *destination_ipv6_cidr_block;
  char *destination_prefix_list_id;
  char *gateway_id;
  char *nat_gateway_id;
  char *transit_gateway_id;
  char *vpc_peering_connection_id;
  char *network_interface_id;
  char *instance_id;
  char *egress_only_internet_gateway_id;
  char *state;
  char *origin;
} GantryAwsEc2Route;

typedef struct
{
  char     *association_id;
  char     *subnet_id;
  char     *gateway_id;
  gboolean  main;
} GantryAwsEc2RouteTableAssociation;

typedef struct
{
  char       *route_table_id;
  char       *vpc_id;
  gboolean    main;          /* one of the associations is the VPC's main one */
  GPtrArray  *routes;        /* (element-type GantryAwsEc2Route) */
  GPtrArray  *associations;  /* (element-type GantryAwsEc2RouteTableAssociation) */
  GHashTable *tags;
} GantryAwsEc2RouteTable;

typedef struct
{
  char *vpc_id;
  char *state;
} GantryAwsEc2Attachment;

typedef struct
{
  char       *internet_gateway_id;
  char       *owner_id;
  GPtrArray  *attachments;   /* (element-type GantryAwsEc2Attachment) */
  GHashTable *tags;
} GantryAwsEc2InternetGateway;

typedef struct
{
  char       *nat_gateway_id;
  char       *vpc_id;
  char       *subnet_id;
  char       *state;
  char       *connectivity_type;
  GHashTable *tags;
} GantryAwsEc2NatGateway;

/**
 * GantryAwsEc2NetworkAclEntry:
 * @rule_number: 1–32766, or 32767 for the implicit "*" rule
 * @protocol: the IP protocol number as AWS writes it ("6", "17", "-1" for all)
 * @rule_action: "allow" or "deny"
 * @egress: an outbound rule
 * @cidr_block: (nullable): the IPv4 range
 * @ipv6_cidr_block: (nullable): the IPv6 range
 * @port_from: first port, -1 when the entry has no port range
 * @port_to: last port, -1 when the entry has no port range
 *
 * Also the input of gantry_aws_ec2_create_network_acl_entry_async().
 */
typedef struct
{
  int       rule_number;
  char     *protocol;
  char     *rule_action;
  gboolean  egress;
  char     *cidr_block;
  char     *ipv6_cidr_block;
  int       port_from;
  int       port_to;
} GantryAwsEc2NetworkAclEntry;

typedef struct
{
  char *association_id;
  char *network_acl_id;
  char *subnet_id;
} GantryAwsEc2NetworkAclAssociation;

typedef struct
{
  char       *network_acl_id;
  char       *vpc_id;
  gboolean    is_default;
  GPtrArray  *entries;       /* (element-type GantryAwsEc2NetworkAclEntry) */
  GPtrArray  *associations;  /* (element-type GantryAwsEc2NetworkAclAssociation) */
  GHashTable *tags;
} GantryAwsEc2NetworkAcl;

/**
 * GantryAwsEc2IpPermission:
 * @ip_protocol: "tcp", "udp", "icmp", a number, or "-1" for all traffic
 * @from_port: -1 when absent
 * @to_port: -1 when absent
 * @ipv4_ranges: (array zero-terminated=1): source/destination IPv4 CIDRs
 * @ipv6_ranges: (array zero-terminated=1): IPv6 CIDRs
 * @group_ids: (array zero-terminated=1): referenced security groups
 * @prefix_list_ids: (array zero-terminated=1): referenced prefix lists
 */
typedef struct
{
  char  *ip_protocol;
  int    from_port;
  int    to_port;
  char **ipv4_ranges;
  char **ipv6_ranges;
  char **group_ids;
  char **prefix_list_ids;
} GantryAwsEc2IpPermission;

typedef struct
{
  char       *group_id;
  char       *group_name;
  char       *description;
  char       *vpc_id;
  char       *owner_id;
  GPtrArray  *ingress;       /* (element-type GantryAwsEc2IpPermission) */
  GPtrArray  *egress;        /* (element-type GantryAwsEc2IpPermission) */
  GHashTable *tags;
} GantryAwsEc2SecurityGroup;

typedef struct
{
  char     *rule_id;
  char     *group_id;
  char     *group_owner_id;
  gboolean  is_egress;
  char     *ip_protocol;
  int       from_port;
  int       to_port;
  char     *cidr_ipv4;
  char     *cidr_ipv6;
  char     *prefix_list_id;
  char     *referenced_group_id;
  char     *description;
} GantryAwsEc2SecurityGroupRule;

void gantry_aws_ec2_vpc_free                      (GantryAwsEc2Vpc                   *vpc);
void gantry_aws_ec2_subnet_free                   (GantryAwsEc2Subnet                *subnet);
void gantry_aws_ec2_route_free                    (GantryAwsEc2Route                 *route);
void gantry_aws_ec2_route_table_association_free  (GantryAwsEc2RouteTableAssociation *association);
void gantry_aws_ec2_route_table_free              (GantryAwsEc2RouteTable            *table);
void gantry_aws_ec2_attachment_free               (GantryAwsEc2Attachment            *attachment);
void gantry_aws_ec2_internet_gateway_free         (GantryAwsEc2InternetGateway       *gateway);
void gantry_aws_ec2_nat_gateway_free              (GantryAwsEc2NatGateway            *gateway);
void gantry_aws_ec2_network_acl_entry_free        (GantryAwsEc2NetworkAclEntry       *entry);
void gantry_aws_ec2_network_acl_association_free  (GantryAwsEc2NetworkAclAssociation *association);
void gantry_aws_ec2_network_acl_free              (GantryAwsEc2NetworkAcl            *acl);
void gantry_aws_ec2_ip_permission_free            (GantryAwsEc2IpPermission          *permission);
void gantry_aws_ec2_security_group_free           (GantryAwsEc2SecurityGroup         *group);
void gantry_aws_ec2_security_group_rule_free      (GantryAwsEc2SecurityGroupRule     *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2Vpc, gantry_aws_ec2_vpc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2Subnet, gantry_aws_ec2_subnet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2Route, gantry_aws_ec2_route_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2RouteTableAssociation,
                               gantry_aws_ec2_route_table_association_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2RouteTable, gantry_aws_ec2_route_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2Attachment, gantry_aws_ec2_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2InternetGateway, gantry_aws_ec2_internet_gateway_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2NatGateway, gantry_aws_ec2_nat_gateway_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2NetworkAclEntry, gantry_aws_ec2_network_acl_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2NetworkAclAssociation,
                               gantry_aws_ec2_network_acl_association_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2NetworkAcl, gantry_aws_ec2_network_acl_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2IpPermission, gantry_aws_ec2_ip_permission_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2SecurityGroup, gantry_aws_ec2_security_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEc2SecurityGroupRule,
                               gantry_aws_ec2_security_group_rule_free)

G_END_DECLS
