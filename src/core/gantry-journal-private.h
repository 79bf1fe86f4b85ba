/* gantry-journal-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-journal.h"

G_BEGIN_DECLS

/* The journal reader's line parser, shared with the fuzzer (tests/fuzz) so it
 * can be driven without a file and a thread per input. */
void _gantry_journal_parse_lines (char      *contents,
                                  gsize      length,
                                  GPtrArray *entries,
                                  guint     *n_skipped);

G_END_DECLS
