/* gantry-aws-endpoint.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gantry-aws-service.h"

G_BEGIN_DECLS

gboolean  gantry_aws_region_is_valid      (const char *region);
gboolean  gantry_aws_endpoint_is_loopback (GUri       *uri);
GUri     *gantry_aws_endpoint_resolve     (const GantryAwsService  *service,
                                           const char              *region,
                                           const char              *override_url,
                                           char                   **out_signing_region,
                                           GError                 **error);

G_END_DECLS
