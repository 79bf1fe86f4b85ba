/* gantry-fuzz.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The libFuzzer entry points, declared here because nothing else does. Each
 * fuzz-*.c defines LLVMFuzzerTestOneInput; libFuzzer (or, in ordinary
 * builds, gantry-fuzz-replay.c) calls it. */
int   LLVMFuzzerTestOneInput (const uint8_t  *data,
                              size_t          size);
int   LLVMFuzzerInitialize   (int            *argc,
                              char         ***argv);

void  gantry_fuzz_init       (void);
char *gantry_fuzz_strndup    (const uint8_t  *data,
                              size_t          size,
                              size_t          max);

G_END_DECLS
