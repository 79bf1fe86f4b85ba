/* gantry-test-ecr.h: ECR repositories to promote in, seeded on moto
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-test-moto.h"

G_BEGIN_DECLS

char *gantry_test_ecr_seed_repository (GantryTestMoto  *moto,
                                       const char      *repository,
                                       char           **out_latest,
                                       GError         **error);
char *gantry_test_ecr_dup_digest      (GantryTestMoto  *moto,
                                       const char      *repository,
                                       const char      *tag,
                                       GError         **error);

G_END_DECLS
