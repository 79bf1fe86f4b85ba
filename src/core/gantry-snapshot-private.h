/* gantry-snapshot-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-snapshot.h"

G_BEGIN_DECLS

/* For tests: S3 Control cannot be reached on a loopback endpoint, so its
 * verdicts are covered by parsing a recorded reply into the snapshot. */
void _gantry_snapshot_set_public_access_block (GantrySnapshot                  *self,
                                               GantrySnapshotPublicAccessBlock *block,
                                               GError                          *error);

G_END_DECLS
