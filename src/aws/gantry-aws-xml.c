/* gantry-aws-xml.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-aws-error.h"
#include "gantry-aws-xml.h"

/* AWS query and EC2 replies are plain XML without DTDs or custom entities,
 * which is exactly what GMarkup accepts, so a tiny DOM on top of it avoids a
 * second XML library. */
struct _GantryAwsXmlNode
{
  gatomicrefcount  ref_count;
  char            *name;
  GString         *text;
  GPtrArray       *children;
};

G_DEFINE_BOXED_TYPE (GantryAwsXmlNode, gantry_aws_xml_node,
                     gantry_aws_xml_node_ref, gantry_aws_xml_node_unref)

static GantryAwsXmlNode *
node_new (const char *qualified_name)
{
  GantryAwsXmlNode *self = g_new0 (GantryAwsXmlNode, 1);
  const char *colon = strrchr (qualified_name, ':');

  g_atomic_ref_count_init (&self->ref_count);
  /* Callers look nodes up by local name; the prefix only names the namespace. */
  self->name = g_strdup (colon != NULL ? colon + 1 : qualified_name);
  self->text = g_string_new (NULL);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) gantry_aws_xml_node_unref);

  return self;
}

GantryAwsXmlNode *
gantry_aws_xml_node_ref (GantryAwsXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gantry_aws_xml_node_unref (GantryAwsXmlNode *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->children);
  g_free (self);
}

typedef struct
{
  GantryAwsXmlNode *root;
  GPtrArray        *stack; /* borrowed; the root owns them all */
} ParseState;

static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

static void
parse_start_element (GMarkupParseContext  *context,
                     const char           *element_name,
                     const char          **attribute_names,
                     const char          **attribute_values,
                     gpointer              user_data,
                     GError              **error)
{
  ParseState *state = user_data;
  GantryAwsXmlNode *node;

  if (state->stack->len == 0 && state->root != NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "more than one root element");
      return;
    }

  /* GMarkup recurses nowhere, but consumers of the tree do; a bound also
   * stops a reply of nested tags from using memory without limit. */
  if (state->stack->len >= GANTRY_AWS_XML_MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "elements nested deeper than %d levels", GANTRY_AWS_XML_MAX_DEPTH);
      return;
    }

  node = node_new (element_name);

  if (state->stack->len == 0)
    state->root = node;
  else
    g_ptr_array_add (((GantryAwsXmlNode *) g_ptr_array_index (state->stack,
                                                              state->stack->len - 1))->children,
                     node);

  g_ptr_array_add (state->stack, node);
}

static void
parse_end_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   gpointer              user_data,
                   GError              **error)
{
  ParseState *state = user_data;
  GantryAwsXmlNode *node;

  g_assert (state->stack->len > 0);

  node = g_ptr_array_steal_index (state->stack, state->stack->len - 1);

  /* Indentation between child elements is layout, not a value. */
  if (node->children->len > 0 && is_blank (node->text->str, node->text->len))
    g_string_truncate (node->text, 0);
}

static void
parse_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 text_len,
            gpointer              user_data,
            GError              **error)
{
  ParseState *state = user_data;

  if (state->stack->len == 0)
    {
      if (!is_blank (text, text_len))
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                             "text outside the root element");
      return;
    }

  g_string_append_len (((GantryAwsXmlNode *) g_ptr_array_index (state->stack,
                                                                state->stack->len - 1))->text,
                       text, text_len);
}

static const GMarkupParser parser = {
  parse_start_element,
  parse_end_element,
  parse_text,
  NULL,
  NULL,
};

static void
set_bad_response (GError    **error,
                  const char *detail)
{
  g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
               _("The reply from AWS is not well-formed XML (%s)"), detail);
}

/**
 * gantry_aws_xml_parse:
 * @body: the reply body
 * @error: return location for a %GANTRY_AWS_ERROR_BAD_RESPONSE error
 *
 * Parses @body into a tree. Empty, truncated, malformed, too deeply nested
 * (more than %GANTRY_AWS_XML_MAX_DEPTH levels) or too large (more than
 * %GANTRY_AWS_XML_MAX_SIZE bytes) bodies are rejected.
 *
 * Returns: (transfer full): the root element, or %NULL on error
 */
GantryAwsXmlNode *
gantry_aws_xml_parse (GBytes  *body,
                      GError **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GError) local_error = NULL;
  ParseState state = { NULL, NULL };
  const char *data = NULL;
  gsize len = 0;

  if (body != NULL)
    data = g_bytes_get_data (body, &len);

  if (len == 0)
    {
      set_bad_response (error, _("the body is empty"));
      return NULL;
    }

  if (len > GANTRY_AWS_XML_MAX_SIZE)
    {
      set_bad_response (error, _("the body is larger than 64 MiB"));
      return NULL;
    }

  /* XML forbids NUL; GMarkup would let one through and silently cut the
   * text at it when read as a C string. */
  if (memchr (data, '\0', len) != NULL)
    {
      set_bad_response (error, _("the body contains a NUL byte"));
      return NULL;
    }

  stack = g_ptr_array_new ();
  state.stack = stack;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);

  if (!g_markup_parse_context_parse (context, data, len, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_clear_pointer (&state.root, gantry_aws_xml_node_unref);
      set_bad_response (error, local_error->message);
      return NULL;
    }

  if (state.root == NULL)
    {
      set_bad_response (error, _("there is no root element"));
      return NULL;
    }

  return state.root;
}

const char *
gantry_aws_xml_node_get_name (GantryAwsXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * gantry_aws_xml_node_get_text:
 *
 * Returns: the text directly inside the element, CDATA included; never
 *   %NULL. Whitespace between child elements is dropped.
 */
const char *
gantry_aws_xml_node_get_text (GantryAwsXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text->str;
}

guint
gantry_aws_xml_node_get_n_children (GantryAwsXmlNode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->children->len;
}

/**
 * gantry_aws_xml_node_get_child:
 *
 * Returns: (transfer none) (nullable): the @i-th child element
 */
GantryAwsXmlNode *
gantry_aws_xml_node_get_child (GantryAwsXmlNode *self,
                               guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (i >= self->children->len)
    return NULL;

  return g_ptr_array_index (self->children, i);
}

static GantryAwsXmlNode *
find_child (GantryAwsXmlNode *self,
            const char       *name,
            gsize             name_len)
{
  for (guint i = 0; i < self->children->len; i++)
    {
      GantryAwsXmlNode *child = g_ptr_array_index (self->children, i);

      if (strncmp (child->name, name, name_len) == 0 && child->name[name_len] == '\0')
        return child;
    }

  return NULL;
}

/**
 * gantry_aws_xml_node_lookup:
 * @path: child names separated by "/", e.g. "GetCallerIdentityResult/Arn";
 *   "" is @self
 *
 * Follows the first child of each name.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL if there is none
 */
GantryAwsXmlNode *
gantry_aws_xml_node_lookup (GantryAwsXmlNode *self,
                            const char       *path)
{
  GantryAwsXmlNode *node = self;
  const char *segment = path;

  g_return_val_if_fail (path != NULL, NULL);

  if (self == NULL)
    return NULL;

  while (node != NULL && *segment != '\0')
    {
      const char *slash = strchr (segment, '/');
      gsize len = slash != NULL ? (gsize) (slash - segment) : strlen (segment);

      node = find_child (node, segment, len);
      segment += len;
      if (*segment == '/')
        segment++;
    }

  return node;
}

/**
 * gantry_aws_xml_node_lookup_text:
 *
 * Returns: (nullable): the text of the node at @path, or %NULL if there
 *   is no such node (an empty element gives "")
 */
const char *
gantry_aws_xml_node_lookup_text (GantryAwsXmlNode *self,
                                 const char       *path)
{
  GantryAwsXmlNode *node = gantry_aws_xml_node_lookup (self, path);

  return node != NULL ? node->text->str : NULL;
}

static void
collect (GantryAwsXmlNode *node,
         const char       *segment,
         GPtrArray        *out)
{
  const char *slash = strchr (segment, '/');
  gsize len = slash != NULL ? (gsize) (slash - segment) : strlen (segment);

  for (guint i = 0; i < node->children->len; i++)
    {
      GantryAwsXmlNode *child = g_ptr_array_index (node->children, i);

      if (strncmp (child->name, segment, len) != 0 || child->name[len] != '\0')
        continue;

      if (slash == NULL)
        g_ptr_array_add (out, child);
      else
        collect (child, slash + 1, out);
    }
}

/**
 * gantry_aws_xml_node_lookup_all:
 * @path: child names separated by "/", e.g. "subnetSet/item"
 *
 * Collects every node reached by @path, in document order. Every match of
 * each step is followed, like XPath, so "reservationSet/item/instancesSet/item"
 * gives the instances of all reservations, not only of the first.
 *
 * Returns: (transfer container) (element-type GantryAwsXmlNode): the
 *   nodes, an empty array if there are none
 */
GPtrArray *
gantry_aws_xml_node_lookup_all (GantryAwsXmlNode *self,
                                const char       *path)
{
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (path != NULL, out);

  /* Recursion depth is bounded by the number of segments in @path. */
  if (self != NULL && *path != '\0')
    collect (self, path, out);

  return out;
}
