/* gantry-aws-json.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gantry-aws-error.h"
#include "gantry-aws-json.h"

/* The readers below take whatever the service sent: a member that is
 * missing, null or of another type than documented gives the fallback, so a
 * changed or broken reply degrades into "unknown" instead of a crash or a
 * critical warning from json-glib's typed getters. */

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/**
 * gantry_aws_json_parse:
 * @body: (nullable): the reply body
 * @error: return location for a %GANTRY_AWS_ERROR_BAD_RESPONSE error
 *
 * Parses a JSON 1.x reply, which must be an object. An empty body is an
 * empty object: JSON 1.1 services answer some successful calls that way.
 *
 * Returns: (transfer full): an object node, or %NULL on error
 */
JsonNode *
gantry_aws_json_parse (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data = NULL;
  gsize len = 0;
  JsonNode *root;

  if (body != NULL)
    data = g_bytes_get_data (body, &len);

  if (len == 0 || is_blank (data, len))
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, json_object_new ());
      return node;
    }

  if (len > GANTRY_AWS_JSON_MAX_SIZE)
    {
      g_set_error_literal (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                           _("The reply from AWS is larger than 64 MiB and was not read"));
      return NULL;
    }

  /* json-glib's scanner does not promise to stop at embedded NULs or
   * invalid UTF-8, so refuse them before it sees the data. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                           _("The reply from AWS is not valid UTF-8 JSON"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                   _("The reply from AWS is not well-formed JSON (%s)"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_BAD_RESPONSE,
                           _("The reply from AWS is JSON but not an object"));
      return NULL;
    }

  return json_node_ref (root);
}

static JsonNode *
get_value (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  return node;
}

/**
 * gantry_aws_json_get_string:
 * @object: (nullable): an object
 *
 * Returns: (nullable): the string, or %NULL if @member is missing or not a
 *   string
 */
const char *
gantry_aws_json_get_string (JsonObject *object,
                            const char *member)
{
  JsonNode *node = get_value (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * gantry_aws_json_get_int:
 * @object: (nullable): an object
 *
 * Returns: the integer; a number with a fraction is truncated; @fallback if
 *   @member is missing, not a number or out of range
 */
gint64
gantry_aws_json_get_int (JsonObject *object,
                         const char *member,
                         gint64      fallback)
{
  JsonNode *node = get_value (object, member);
  GType type;

  if (node == NULL)
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);

  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* Converting an out-of-range double to an integer is undefined. */
      if (isfinite (d) && d >= -9.2e18 && d <= 9.2e18)
        return (gint64) d;
    }

  return fallback;
}

/**
 * gantry_aws_json_get_double:
 * @object: (nullable): an object
 *
 * Returns: the number (integers too), or @fallback
 */
gdouble
gantry_aws_json_get_double (JsonObject *object,
                            const char *member,
                            gdouble     fallback)
{
  JsonNode *node = get_value (object, member);
  GType type;

  if (node == NULL)
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (type == G_TYPE_INT64)
    return (gdouble) json_node_get_int (node);

  return fallback;
}

/**
 * gantry_aws_json_get_bool:
 * @object: (nullable): an object
 *
 * Returns: the boolean, or @fallback if @member is missing or not a boolean
 */
gboolean
gantry_aws_json_get_bool (JsonObject *object,
                          const char *member,
                          gboolean    fallback)
{
  JsonNode *node = get_value (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

/**
 * gantry_aws_json_get_array:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the array, or %NULL if @member is
 *   missing or not an array
 */
JsonArray *
gantry_aws_json_get_array (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/**
 * gantry_aws_json_get_object:
 * @object: (nullable): an object
 *
 * Returns: (transfer none) (nullable): the object, or %NULL if @member is
 *   missing or not an object
 */
JsonObject *
gantry_aws_json_get_object (JsonObject *object,
                            const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/**
 * gantry_aws_json_get_timestamp:
 * @object: (nullable): an object
 *
 * Reads a timestamp. JSON 1.1 services send epoch seconds as a number,
 * often with a fraction ("createdAt": 1.700000000123E9); some members and
 * emulators send ISO 8601 strings, which are read too (UTC if no zone).
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL if missing
 *   or unreadable
 */
GDateTime *
gantry_aws_json_get_timestamp (JsonObject *object,
                               const char *member)
{
  JsonNode *node = get_value (object, member);
  GType type;

  if (node == NULL)
    return NULL;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      g_autoptr(GDateTime) whole = NULL;
      double seconds = json_node_get_double (node);
      gint64 integral;
      double fraction;

      /* Beyond year 9999 GDateTime gives NULL anyway; the bound keeps the
       * cast to gint64 defined. Plain arithmetic instead of modf() keeps
       * libgantry free of a libm dependency. */
      if (!isfinite (seconds) || seconds > 1e12 || seconds < -1e12)
        return NULL;

      integral = (gint64) seconds;
      fraction = seconds - (double) integral;
      whole = g_date_time_new_from_unix_utc (integral);
      if (whole == NULL)
        return NULL;

      return g_date_time_add (whole,
                              (GTimeSpan) (fraction * G_TIME_SPAN_SECOND
                                           + (fraction >= 0 ? 0.5 : -0.5)));
    }

  if (type == G_TYPE_STRING)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) parsed = NULL;

      parsed = g_date_time_new_from_iso8601 (json_node_get_string (node), utc);
      if (parsed == NULL)
        return NULL;

      return g_date_time_to_utc (parsed);
    }

  return NULL;
}
