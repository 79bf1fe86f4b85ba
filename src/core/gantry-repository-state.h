/* gantry-repository-state.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "aws/gantry-aws-ecr-types.h"

G_BEGIN_DECLS

/**
 * GantryRepositoryStatus:
 * @GANTRY_REPOSITORY_STATUS_UNKNOWN: the repository could not be read (see the error)
 * @GANTRY_REPOSITORY_STATUS_UP_TO_DATE: the candidate and latest tags name the same digest
 * @GANTRY_REPOSITORY_STATUS_CANDIDATE_READY: a candidate differs from latest: it can be promoted
 * @GANTRY_REPOSITORY_STATUS_NO_CANDIDATE: there is no candidate tag
 * @GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE: the latest tag cannot move; see the fix hint
 *
 * What the Promotions page and `gantryctl candidates` say about a repository.
 */
typedef enum
{
  GANTRY_REPOSITORY_STATUS_UNKNOWN,
  GANTRY_REPOSITORY_STATUS_UP_TO_DATE,
  GANTRY_REPOSITORY_STATUS_CANDIDATE_READY,
  GANTRY_REPOSITORY_STATUS_NO_CANDIDATE,
  GANTRY_REPOSITORY_STATUS_TAGS_IMMUTABLE,
} GantryRepositoryStatus;

#define GANTRY_TYPE_REPOSITORY_STATUS (gantry_repository_status_get_type ())
GType       gantry_repository_status_get_type  (void) G_GNUC_CONST;
const char *gantry_repository_status_to_string (GantryRepositoryStatus status);

#define GANTRY_TYPE_REPOSITORY_STATE (gantry_repository_state_get_type ())

G_DECLARE_FINAL_TYPE (GantryRepositoryState, gantry_repository_state, GANTRY, REPOSITORY_STATE, GObject)

GantryRepositoryState   *gantry_repository_state_new                (const char              *name,
                                                                     const char              *candidate_tag,
                                                                     const char              *latest_tag,
                                                                     GantryAwsEcrRepository  *repository,
                                                                     GantryAwsEcrImageDetail *candidate,
                                                                     GantryAwsEcrImageDetail *latest);
GantryRepositoryState   *gantry_repository_state_new_for_error      (const char              *name,
                                                                     const char              *candidate_tag,
                                                                     const char              *latest_tag,
                                                                     const GError            *error);

const char              *gantry_repository_state_get_name           (GantryRepositoryState   *self);
GantryRepositoryStatus   gantry_repository_state_get_status         (GantryRepositoryState   *self);
const char              *gantry_repository_state_get_candidate_tag  (GantryRepositoryState   *self);
const char              *gantry_repository_state_get_latest_tag     (GantryRepositoryState   *self);
GantryAwsEcrRepository  *gantry_repository_state_get_repository     (GantryRepositoryState   *self);
GantryAwsEcrImageDetail *gantry_repository_state_get_candidate      (GantryRepositoryState   *self);
GantryAwsEcrImageDetail *gantry_repository_state_get_latest         (GantryRepositoryState   *self);
const char              *gantry_repository_state_get_candidate_digest (GantryRepositoryState *self);
const char              *gantry_repository_state_get_latest_digest  (GantryRepositoryState   *self);
const char              *gantry_repository_state_get_candidate_commit (GantryRepositoryState *self);
const char              *gantry_repository_state_get_latest_commit  (GantryRepositoryState   *self);
const GError            *gantry_repository_state_get_error          (GantryRepositoryState   *self);
char                    *gantry_repository_state_dup_fix_hint       (GantryRepositoryState   *self);

char                    *gantry_repository_state_find_commit        (GantryAwsEcrImageDetail *detail,
                                                                     const char              *candidate_tag);
gboolean                 gantry_repository_state_tag_can_move       (GantryAwsEcrRepository  *repository,
                                                                     const char              *tag);
char                    *gantry_repository_state_immutable_hint     (const char              *repository,
                                                                     const char              *candidate_tag,
                                                                     const char              *latest_tag);

G_END_DECLS
