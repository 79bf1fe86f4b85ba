/* gantry-aws-xml.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_XML_NODE (gantry_aws_xml_node_get_type ())

/* Limits that keep a hostile or broken reply from exhausting memory or stack. */
#define GANTRY_AWS_XML_MAX_DEPTH 64
#define GANTRY_AWS_XML_MAX_SIZE  (64 * 1024 * 1024)

/**
 * GantryAwsXmlNode:
 *
 * One element of a parsed AWS XML reply: its local name, its text and its
 * child elements. Attributes and namespaces are dropped, AWS replies carry
 * their data in elements only. Reference-counted; a node keeps its children
 * alive, not its parent.
 */
typedef struct _GantryAwsXmlNode GantryAwsXmlNode;

GType             gantry_aws_xml_node_get_type        (void) G_GNUC_CONST;
GantryAwsXmlNode *gantry_aws_xml_parse                (GBytes           *body,
                                                       GError          **error);
GantryAwsXmlNode *gantry_aws_xml_node_ref             (GantryAwsXmlNode *self);
void              gantry_aws_xml_node_unref           (GantryAwsXmlNode *self);
const char       *gantry_aws_xml_node_get_name        (GantryAwsXmlNode *self);
const char       *gantry_aws_xml_node_get_text        (GantryAwsXmlNode *self);
GantryAwsXmlNode *gantry_aws_xml_node_lookup          (GantryAwsXmlNode *self,
                                                       const char       *path);
const char       *gantry_aws_xml_node_lookup_text     (GantryAwsXmlNode *self,
                                                       const char       *path);
GPtrArray        *gantry_aws_xml_node_lookup_all      (GantryAwsXmlNode *self,
                                                       const char       *path);
guint             gantry_aws_xml_node_get_n_children  (GantryAwsXmlNode *self);
GantryAwsXmlNode *gantry_aws_xml_node_get_child       (GantryAwsXmlNode *self,
                                                       guint             i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsXmlNode, gantry_aws_xml_node_unref)

G_END_DECLS
