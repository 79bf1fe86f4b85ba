/* gantry-check-private.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-check.h"

G_BEGIN_DECLS

void _gantry_check_result_set_check     (GantryCheckResult *self,
                                         GantryCheck       *check);
void _gantry_check_result_set_fix_calls (GantryCheckResult *self,
                                         GPtrArray         *calls);
void _gantry_check_result_set_waiver    (GantryCheckResult *self,
                                         const char        *reason);

/* The per-group tables of gantry-checks-*.c, each ended by a zeroed row. */
extern const GantryCheckInfo _gantry_checks_network[];
extern const GantryCheckInfo _gantry_checks_security_groups[];
extern const GantryCheckInfo _gantry_checks_database[];
extern const GantryCheckInfo _gantry_checks_load_balancer[];
extern const GantryCheckInfo _gantry_checks_ecs[];
extern const GantryCheckInfo _gantry_checks_ecr[];
extern const GantryCheckInfo _gantry_checks_operations[];

/* Helpers the check tables share. */
GantryCheckResult *_gantry_check_fail_if_no_vpc (GantrySnapshot *snapshot);
GPtrArray         *_gantry_fix_calls_new        (void);
int                _gantry_check_db_port        (GantryAwsRdsDbCluster *cluster);

G_END_DECLS
