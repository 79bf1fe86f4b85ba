/* test-error.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "aws/gantry-aws-error.h"

static void
test_error_details_survive_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  error = g_error_new_literal (GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE, "boom");
  gantry_aws_error_set_details (error, "ImageAlreadyExistsException", "PutImage", 400, "req-1");
  copy = g_error_copy (error);

  g_assert_error (copy, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (copy), ==, "ImageAlreadyExistsException");
  g_assert_cmpstr (gantry_aws_error_get_action (copy), ==, "PutImage");
  g_assert_cmpstr (gantry_aws_error_get_request_id (copy), ==, "req-1");
  g_assert_cmpuint (gantry_aws_error_get_http_status (copy), ==, 400);
  g_assert_true (gantry_aws_error_has_aws_code (copy, "ImageAlreadyExistsException"));
  g_assert_false (gantry_aws_error_has_aws_code (copy, "Other"));
}

static void
test_error_other_domain (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_null (gantry_aws_error_get_aws_code (error));
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/error/details-survive-copy", test_error_details_survive_copy);
  g_test_add_func ("/aws/error/other-domain", test_error_other_domain);

  return g_test_run ();
}
