/* gantry-aws-mfa-prompter.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GANTRY_TYPE_AWS_MFA_PROMPTER (gantry_aws_mfa_prompter_get_type ())

G_DECLARE_INTERFACE (GantryAwsMfaPrompter, gantry_aws_mfa_prompter,
                     GANTRY, AWS_MFA_PROMPTER, GObject)

struct _GantryAwsMfaPrompterInterface
{
  GTypeInterface parent_iface;

  void   (*prompt_async)  (GantryAwsMfaPrompter  *self,
                           const char            *mfa_serial,
                           const char            *profile,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data);
  char  *(*prompt_finish) (GantryAwsMfaPrompter  *self,
                           GAsyncResult          *result,
                           GError               **error);
};

void  gantry_aws_mfa_prompter_prompt_async  (GantryAwsMfaPrompter  *self,
                                             const char            *mfa_serial,
                                             const char            *profile,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
char *gantry_aws_mfa_prompter_prompt_finish (GantryAwsMfaPrompter  *self,
                                             GAsyncResult          *result,
                                             GError               **error);

G_END_DECLS
