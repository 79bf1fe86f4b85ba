/* gantry-aws-json.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A reply larger than this is refused rather than parsed into memory. */
#define GANTRY_AWS_JSON_MAX_SIZE (64 * 1024 * 1024)

JsonNode   *gantry_aws_json_parse         (GBytes      *body,
                                           GError     **error);

const char *gantry_aws_json_get_string    (JsonObject  *object,
                                           const char  *member);
gint64      gantry_aws_json_get_int       (JsonObject  *object,
                                           const char  *member,
                                           gint64       fallback);
gdouble     gantry_aws_json_get_double    (JsonObject  *object,
                                           const char  *member,
                                           gdouble      fallback);
gboolean    gantry_aws_json_get_bool      (JsonObject  *object,
                                           const char  *member,
                                           gboolean     fallback);
JsonArray  *gantry_aws_json_get_array     (JsonObject  *object,
                                           const char  *member);
JsonObject *gantry_aws_json_get_object    (JsonObject  *object,
                                           const char  *member);
GDateTime  *gantry_aws_json_get_timestamp (JsonObject  *object,
                                           const char  *member);

G_END_DECLS
