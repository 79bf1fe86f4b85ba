/* gantry-aws-query-list.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the EC2, RDS and ELBv2 modules share: every Describe call they make
 * is one row of a table (GantryAwsListOp), run here through the engine's
 * paginator and turned into an array of typed structs, so paging and the
 * "reply lacks a field" errors are written once.
 */

#define G_LOG_DOMAIN "gantry-aws-query-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gantry-aws-error.h"
#include "gantry-aws-query-list-private.h"

GError *
_gantry_aws_bad_response_error (const char *action,
                                 const char *field)
{
  GError *error = g_error_new (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                               _("The reply to %s has no %s."), action, field);

  gantry_aws_error_set_details (error, NULL, action, 200, NULL);
  return error;
}

/* Returns: (transfer full) (nullable): the text at @path, %NULL if absent */
char *
_gantry_aws_xml_dup (GantryAwsXmlNode *node,
                     const char       *path)
{
  return g_strdup (gantry_aws_xml_node_lookup_text (node, path));
}

/* AWS writes booleans as "true"/"false"; anything else, or nothing, is false. */
gboolean
_gantry_aws_xml_bool (GantryAwsXmlNode *node,
                      const char       *path)
{
  const char *text = gantry_aws_xml_node_lookup_text (node, path);

  return g_strcmp0 (text, "true") == 0;
}

/* Returns: %FALSE if the element is absent or not an integer in [min, max] */
gboolean
_gantry_aws_xml_int (GantryAwsXmlNode *node,
                     const char       *path,
                     gint64            min,
                     gint64            max,
                     gint64           *out_value)
{
  const char *text = gantry_aws_xml_node_lookup_text (node, path);

  if (text == NULL)
    return FALSE;
  return g_ascii_string_to_signed (text, 10, min, max, out_value, NULL);
}

int
_gantry_aws_xml_int_or (GantryAwsXmlNode *node,
                        const char       *path,
                        int               fallback)
{
  gint64 value;

  if (!_gantry_aws_xml_int (node, path, G_MININT, G_MAXINT, &value))
    return fallback;
  return (int) value;
}

/* Returns: (transfer full): the texts of every node at @path, never %NULL */
char **
_gantry_aws_xml_strv (GantryAwsXmlNode *node,
                      const char       *path)
{
  g_autoptr(GPtrArray) nodes = gantry_aws_xml_node_lookup_all (node, path);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < nodes->len; i++)
    g_strv_builder_add (builder, gantry_aws_xml_node_get_text (g_ptr_array_index (nodes, i)));

  return g_strv_builder_end (builder);
}

/* Returns: (transfer full): key → value of every tag at @path, never %NULL */
GHashTable *
_gantry_aws_xml_tags (GantryAwsXmlNode *node,
                      const char       *path,
                      const char       *key_name,
                      const char       *value_name)
{
  g_autoptr(GPtrArray) items = gantry_aws_xml_node_lookup_all (node, path);
  GHashTable *tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < items->len; i++)
    {
      GantryAwsXmlNode *item = g_ptr_array_index (items, i);
      const char *key = gantry_aws_xml_node_lookup_text (item, key_name);
      const char *value = gantry_aws_xml_node_lookup_text (item, value_name);

      if (key != NULL)
        g_hash_table_replace (tags, g_strdup (key), g_strdup (value ? value : ""));
    }

  return tags;
}

/* Returns: (transfer full) (nullable): every element at @path parsed, or
 *   %NULL with @missing_field set if one of them lacks a required field */
GPtrArray *
_gantry_aws_xml_parse_all (GantryAwsXmlNode        *node,
                           const char              *path,
                           GantryAwsItemParseFunc   parse,
                           GDestroyNotify           free_item,
                           const char             **missing_field)
{
  g_autoptr(GPtrArray) nodes = gantry_aws_xml_node_lookup_all (node, path);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_item);

  for (guint i = 0; i < nodes->len; i++)
    {
      gpointer item = parse (g_ptr_array_index (nodes, i), missing_field);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (out, item);
    }

  return g_steal_pointer (&out);
}

static void
list_pages_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const GantryAwsListOp *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item_path = NULL;

  pages = gantry_aws_client_paginate_query_finish (GANTRY_AWS_CLIENT (object), result, &error);
  if (pages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = g_ptr_array_new_with_free_func (op->free_item);
  item_path = g_strconcat (op->list_path, "/", op->item_name, NULL);

  for (guint p = 0; p < pages->len; p++)
    {
      GantryAwsXmlNode *page = g_ptr_array_index (pages, p);
      g_autoptr(GPtrArray) page_items = NULL;
      const char *missing_field = NULL;

      /* AWS always sends the list element, empty when there is nothing;
       * without it the reply is not the shape we asked for. */
      if (gantry_aws_xml_node_lookup (page, op->list_path) == NULL)
        {
          g_task_return_error (task, _gantry_aws_bad_response_error (op->action,
                                                                     op->list_path));
          return;
        }

      page_items = _gantry_aws_xml_parse_all (page, item_path, op->parse, op->free_item,
                                              &missing_field);
      if (page_items == NULL)
        {
          g_task_return_error (task, _gantry_aws_bad_response_error (op->action,
                                                                     missing_field));
          return;
        }

      /* Move, don't copy: the array's free function would free them twice. */
      g_ptr_array_set_free_func (page_items, NULL);
      g_ptr_array_extend_and_steal (items, g_steal_pointer (&page_items));
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * _gantry_aws_list_async:
 * @source_object: the service object the task belongs to
 * @source_tag: the public `_async` function
 * @params: (nullable): the first page's parameters (not modified)
 * @page_size: items per page, 0 to leave it to AWS; clamped to what @op's
 *   action accepts
 *
 * Calls @op's action for every page and parses every item.
 */
void
_gantry_aws_list_async (gpointer                source_object,
                        gpointer                source_tag,
                        GantryAwsClient        *client,
                        const GantryAwsService *service,
                        const GantryAwsListOp  *op,
                        GantryAwsParams        *params,
                        guint                   page_size,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GantryAwsParams) first = NULL;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* The table rows are static: no copy needed. */
  g_task_set_task_data (task, (gpointer) op, NULL);

  first = params != NULL ? gantry_aws_params_copy (params) : gantry_aws_params_new ();
  if (page_size > 0 && op->page_size_param != NULL)
    gantry_aws_params_add_printf (first, op->page_size_param, "%u",
                                  CLAMP (page_size, op->page_size_min, op->page_size_max));

  gantry_aws_client_paginate_query_async (client, service, op->action, first,
                                          op->token_param, op->token_path, cancellable,
                                          list_pages_cb, g_steal_pointer (&task));
}

/**
 * _gantry_aws_list_finish:
 *
 * Returns: (transfer full): the items of every page, in order
 */
GPtrArray *
_gantry_aws_list_finish (gpointer       source_object,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
