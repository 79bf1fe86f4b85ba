/* gantry-aws-query-list-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"

G_BEGIN_DECLS

/* Turns one list element of a reply into a typed struct. On a reply without
 * a field the product relies on, returns NULL and names the field. */
typedef gpointer (*GantryAwsItemParseFunc) (GantryAwsXmlNode  *item,
                                            const char       **missing_field);

/**
 * GantryAwsListOp:
 * @action: the AWS action
 * @list_path: the list element in each page, e.g. "securityGroupInfo" or
 *   "DescribeDBClustersResult/DBClusters"
 * @item_name: the name of each element in the list ("item", "member", …)
 * @token_param: the request parameter carrying the next page's token
 * @token_path: where a page carries the next token
 * @page_size_param: (nullable): "MaxResults", "MaxRecords" or "PageSize"
 * @page_size_min: the smallest page size AWS accepts for @action
 * @page_size_max: the largest page size AWS accepts for @action
 * @parse: builds one struct from one list element
 * @free_item: frees what @parse returned
 *
 * One row of a service's table of paged Describe calls.
 */
typedef struct
{
  const char             *action;
  const char             *list_path;
  const char             *item_name;
  const char             *token_param;
  const char             *token_path;
  const char             *page_size_param;
  guint                   page_size_min;
  guint                   page_size_max;
  GantryAwsItemParseFunc  parse;
  GDestroyNotify          free_item;
} GantryAwsListOp;

void        _gantry_aws_list_async         (gpointer                source_object,
                                            gpointer                source_tag,
                                            GantryAwsClient        *client,
                                            const GantryAwsService *service,
                                            const GantryAwsListOp  *op,
                                            GantryAwsParams        *params,
                                            guint                   page_size,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
GPtrArray  *_gantry_aws_list_finish        (gpointer                source_object,
                                            GAsyncResult           *result,
                                            GError                **error);

GError     *_gantry_aws_bad_response_error (const char             *action,
                                            const char             *field);

char       *_gantry_aws_xml_dup            (GantryAwsXmlNode       *node,
                                            const char             *path);
gboolean    _gantry_aws_xml_bool           (GantryAwsXmlNode       *node,
                                            const char             *path);
gboolean    _gantry_aws_xml_int            (GantryAwsXmlNode       *node,
                                            const char             *path,
                                            gint64                  min,
                                            gint64                  max,
                                            gint64                 *out_value);
int         _gantry_aws_xml_int_or         (GantryAwsXmlNode       *node,
                                            const char             *path,
                                            int                     fallback);
char      **_gantry_aws_xml_strv           (GantryAwsXmlNode       *node,
                                            const char             *path);
GHashTable *_gantry_aws_xml_tags           (GantryAwsXmlNode       *node,
                                            const char             *path,
                                            const char             *key_name,
                                            const char             *value_name);
GPtrArray  *_gantry_aws_xml_parse_all      (GantryAwsXmlNode       *node,
                                            const char             *path,
                                            GantryAwsItemParseFunc  parse,
                                            GDestroyNotify          free_item,
                                            const char            **missing_field);

G_END_DECLS
