/* gantry-session.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-credentials.h"
#include "aws/gantry-aws-mfa-prompter.h"

G_BEGIN_DECLS

/**
 * GantrySessionState:
 * @GANTRY_SESSION_STATE_DISCONNECTED: not connected yet
 * @GANTRY_SESSION_STATE_CONNECTING: resolving credentials and asking STS who we are
 * @GANTRY_SESSION_STATE_READY: connected; the client and the identity are known
 * @GANTRY_SESSION_STATE_FAILED: the last connection attempt failed, see #GantrySession:error
 */
typedef enum
{
  GANTRY_SESSION_STATE_DISCONNECTED,
  GANTRY_SESSION_STATE_CONNECTING,
  GANTRY_SESSION_STATE_READY,
  GANTRY_SESSION_STATE_FAILED,
} GantrySessionState;

/**
 * GantryProfileSource:
 * @GANTRY_PROFILE_SOURCE_KEYRING: the profile has keys in the keyring
 * @GANTRY_PROFILE_SOURCE_AWS_FILES: the profile is in `~/.aws/config` or `~/.aws/credentials`
 */
typedef enum
{
  GANTRY_PROFILE_SOURCE_KEYRING   = 1 << 0,
  GANTRY_PROFILE_SOURCE_AWS_FILES = 1 << 1,
} GantryProfileSource;

/**
 * GantryProfileInfo:
 * @name: the profile name
 * @sources: where the profile was found
 * @access_key_id: (nullable): the keyring item's access key ID (not a secret)
 * @role_arn: (nullable): the role a profile of the AWS files assumes
 * @region: (nullable): the region the AWS files give the profile
 *
 * One profile that a session can connect to. Holds no secret.
 */
typedef struct
{
  char                *name;
  GantryProfileSource  sources;
  char                *access_key_id;
  char                *role_arn;
  char                *region;
} GantryProfileInfo;

#define GANTRY_TYPE_SESSION_STATE (gantry_session_state_get_type ())
#define GANTRY_TYPE_PROFILE_SOURCE (gantry_profile_source_get_type ())
#define GANTRY_TYPE_PROFILE_INFO (gantry_profile_info_get_type ())

GType              gantry_session_state_get_type  (void) G_GNUC_CONST;
GType              gantry_profile_source_get_type (void) G_GNUC_CONST;
GType              gantry_profile_info_get_type   (void) G_GNUC_CONST;
GantryProfileInfo *gantry_profile_info_copy       (const GantryProfileInfo *info);
void               gantry_profile_info_free       (GantryProfileInfo       *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryProfileInfo, gantry_profile_info_free)

#define GANTRY_TYPE_SESSION (gantry_session_get_type ())

G_DECLARE_FINAL_TYPE (GantrySession, gantry_session, GANTRY, SESSION, GObject)

GantrySession        *gantry_session_new                  (const char            *profile,
                                                           const char            *region,
                                                           const char            *endpoint_url,
                                                           GantryAwsCredentials  *static_credentials,
                                                           GantryAwsMfaPrompter  *prompter);
void                  gantry_session_connect_async        (GantrySession         *self,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean              gantry_session_connect_finish       (GantrySession         *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
const char           *gantry_session_get_profile          (GantrySession         *self);
const char           *gantry_session_get_region           (GantrySession         *self);
const char           *gantry_session_get_endpoint_url     (GantrySession         *self);
const char           *gantry_session_get_account_id       (GantrySession         *self);
const char           *gantry_session_get_identity_arn     (GantrySession         *self);
gboolean              gantry_session_get_is_demo          (GantrySession         *self);
void                  gantry_session_set_demo             (GantrySession         *self,
                                                           gboolean               is_demo);
GantrySessionState    gantry_session_get_state            (GantrySession         *self);
const GError         *gantry_session_get_error            (GantrySession         *self);
GantryAwsClient      *gantry_session_get_client           (GantrySession         *self);

void                  gantry_session_list_profiles_async  (GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GPtrArray            *gantry_session_list_profiles_finish (GAsyncResult          *result,
                                                           GError               **error);

G_END_DECLS
