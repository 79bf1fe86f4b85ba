/* gantry-aws-ec2.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"
#include "gantry-aws-ec2-types.h"

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_EC2 (gantry_aws_ec2_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsEc2, gantry_aws_ec2, GANTRY, AWS_EC2, GObject)

GantryAwsEc2 *gantry_aws_ec2_new                                (GantryAwsClient    *client);
guint         gantry_aws_ec2_get_page_size                      (GantryAwsEc2       *self);
void          gantry_aws_ec2_set_page_size                      (GantryAwsEc2       *self,
                                                                 guint               page_size);

void          gantry_aws_ec2_describe_vpcs_async                (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_vpcs_finish               (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_subnets_async             (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_subnets_finish            (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_route_tables_async        (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_route_tables_finish       (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_internet_gateways_async   (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_internet_gateways_finish  (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_nat_gateways_async        (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_nat_gateways_finish       (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_network_acls_async        (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_network_acls_finish       (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_security_groups_async     (GantryAwsEc2       *self,
                                                                 const char         *vpc_id,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
GPtrArray    *gantry_aws_ec2_describe_security_groups_finish    (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_describe_security_group_rules_async (GantryAwsEc2      *self,
                                                                  const char * const *group_ids,
                                                                  GCancellable      *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer           user_data);
GPtrArray    *gantry_aws_ec2_describe_security_group_rules_finish (GantryAwsEc2     *self,
                                                                   GAsyncResult     *result,
                                                                   GError          **error);

void          gantry_aws_ec2_create_network_acl_entry_async     (GantryAwsEc2                      *self,
                                                                 const char                        *network_acl_id,
                                                                 const GantryAwsEc2NetworkAclEntry *entry,
                                                                 GCancellable                      *cancellable,
                                                                 GAsyncReadyCallback                callback,
                                                                 gpointer                           user_data);
gboolean      gantry_aws_ec2_create_network_acl_entry_finish    (GantryAwsEc2       *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);
void          gantry_aws_ec2_revoke_security_group_ingress_async (GantryAwsEc2      *self,
                                                                  const char        *group_id,
                                                                  const char * const *rule_ids,
                                                                  GCancellable      *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer           user_data);
gboolean      gantry_aws_ec2_revoke_security_group_ingress_finish (GantryAwsEc2     *self,
                                                                   GAsyncResult     *result,
                                                                   GError          **error);
void          gantry_aws_ec2_revoke_security_group_egress_async (GantryAwsEc2       *self,
                                                                 const char         *group_id,
                                                                 const char * const *rule_ids,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
gboolean      gantry_aws_ec2_revoke_security_group_egress_finish (GantryAwsEc2      *self,
                                                                  GAsyncResult      *result,
                                                                  GError           **error);

G_END_DECLS
