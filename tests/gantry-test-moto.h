/* gantry-test-moto.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-credentials.h"

G_BEGIN_DECLS

/* What moto_server answers as, whatever the test asks for. */
#define GANTRY_TEST_MOTO_REGION     "us-east-1"
#define GANTRY_TEST_MOTO_ACCOUNT_ID "123456789012"

/* The IAM user seed-auth.py creates in signature-verifying mode. */
#define GANTRY_TEST_MOTO_USER_NAME  "gantry-ci"

/**
 * GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE:
 *
 * Use at the top of a test function: marks the test skipped and returns when
 * `moto_server` is not installed. This is the only condition under which an
 * integration test may skip; any other failure to start moto is a failure.
 */
#define GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE()                                   \
  G_STMT_START                                                                   \
  {                                                                              \
    if (!gantry_test_moto_is_available ())                                       \
      {                                                                          \
        g_test_skip ("moto_server is not on PATH; install moto[server] to run "  \
                     "the integration tests");                                   \
        return;                                                                  \
      }                                                                          \
  }                                                                              \
  G_STMT_END

typedef struct _GantryTestMoto GantryTestMoto;

gboolean              gantry_test_moto_is_available          (void);
GantryTestMoto       *gantry_test_moto_start                 (gboolean          verify_signatures,
                                                              GError          **error);
const char           *gantry_test_moto_get_endpoint          (GantryTestMoto   *self);
guint16               gantry_test_moto_get_port              (GantryTestMoto   *self);
const char           *gantry_test_moto_get_access_key_id     (GantryTestMoto   *self);
const char           *gantry_test_moto_get_secret_access_key (GantryTestMoto   *self);
const char           *gantry_test_moto_get_user_arn          (GantryTestMoto   *self);
GantryAwsCredentials *gantry_test_moto_get_credentials       (GantryTestMoto   *self);
gboolean              gantry_test_moto_get_verify_signatures (GantryTestMoto   *self);
const char           *gantry_test_moto_get_log_path          (GantryTestMoto   *self);
const char           *gantry_test_moto_get_identifier        (GantryTestMoto   *self);
void                  gantry_test_moto_setenv                (GantryTestMoto   *self);
gboolean              gantry_test_moto_reset                 (GantryTestMoto   *self,
                                                              GError          **error);
gboolean              gantry_test_moto_run_seed              (GantryTestMoto   *self,
                                                              const char       *script_name,
                                                              const char *const *args,
                                                              char            **out_stdout,
                                                              GError          **error);
void                  gantry_test_moto_stop                  (GantryTestMoto   *self);

GError               *gantry_test_moto_try_connect           (guint16           port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryTestMoto, gantry_test_moto_stop)

G_END_DECLS
