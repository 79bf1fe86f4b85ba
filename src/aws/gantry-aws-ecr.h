/* gantry-aws-ecr.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gantry-aws-client.h"
#include "gantry-aws-ecr-types.h"

G_BEGIN_DECLS

/* AWS error codes callers branch on (with gantry_aws_error_has_aws_code()). */
#define GANTRY_AWS_ECR_ERROR_REPOSITORY_NOT_FOUND        "RepositoryNotFoundException"
#define GANTRY_AWS_ECR_ERROR_IMAGE_NOT_FOUND             "ImageNotFoundException"
#define GANTRY_AWS_ECR_ERROR_IMAGE_ALREADY_EXISTS        "ImageAlreadyExistsException"
#define GANTRY_AWS_ECR_ERROR_IMAGE_TAG_ALREADY_EXISTS    "ImageTagAlreadyExistsException"
#define GANTRY_AWS_ECR_ERROR_IMAGE_DIGEST_DOES_NOT_MATCH "ImageDigestDoesNotMatchException"
#define GANTRY_AWS_ECR_ERROR_REPOSITORY_POLICY_NOT_FOUND "RepositoryPolicyNotFoundException"
#define GANTRY_AWS_ECR_ERROR_LIFECYCLE_POLICY_NOT_FOUND  "LifecyclePolicyNotFoundException"
/* BatchGetImage's per-image failureCode for a tag or digest that is not there. */
#define GANTRY_AWS_ECR_FAILURE_IMAGE_NOT_FOUND           "ImageNotFound"

/* DescribeImages' filter.tagStatus */
#define GANTRY_AWS_ECR_TAG_STATUS_TAGGED   "TAGGED"
#define GANTRY_AWS_ECR_TAG_STATUS_UNTAGGED "UNTAGGED"
#define GANTRY_AWS_ECR_TAG_STATUS_ANY      "ANY"

#define GANTRY_TYPE_AWS_ECR (gantry_aws_ecr_get_type ())

G_DECLARE_FINAL_TYPE (GantryAwsEcr, gantry_aws_ecr, GANTRY, AWS_ECR, GObject)

GantryAwsEcr             *gantry_aws_ecr_new                                    (GantryAwsClient      *client);
GantryAwsClient          *gantry_aws_ecr_get_client                             (GantryAwsEcr         *self);

void                      gantry_aws_ecr_describe_repositories_async            (GantryAwsEcr         *self,
                                                                                 const char * const   *names,
                                                                                 guint                 page_size,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
GPtrArray                *gantry_aws_ecr_describe_repositories_finish           (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_describe_images_async                  (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 const char * const   *image_refs,
                                                                                 const char           *tag_status,
                                                                                 guint                 page_size,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
GPtrArray                *gantry_aws_ecr_describe_images_finish                 (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_batch_get_image_async                  (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 const char * const   *image_refs,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
GPtrArray                *gantry_aws_ecr_batch_get_image_finish                 (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);
void                      gantry_aws_ecr_get_image_async                        (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 const char           *image_ref,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
GantryAwsImage           *gantry_aws_ecr_get_image_finish                       (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_put_image_async                        (GantryAwsEcr         *self,
                                                                                 GantryAwsImage       *image,
                                                                                 const char           *tag,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
char                     *gantry_aws_ecr_put_image_finish                       (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_get_repository_policy_async            (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
char                     *gantry_aws_ecr_get_repository_policy_finish           (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);
void                      gantry_aws_ecr_set_repository_policy_async            (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 const char           *policy_text,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
gboolean                  gantry_aws_ecr_set_repository_policy_finish           (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_put_image_scanning_configuration_async (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 gboolean              scan_on_push,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
gboolean                  gantry_aws_ecr_put_image_scanning_configuration_finish (GantryAwsEcr        *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_describe_image_scan_findings_async     (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 const char           *image_ref,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
GantryAwsEcrScanFindings *gantry_aws_ecr_describe_image_scan_findings_finish    (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

void                      gantry_aws_ecr_get_lifecycle_policy_async             (GantryAwsEcr         *self,
                                                                                 const char           *repository,
                                                                                 GCancellable         *cancellable,
                                                                                 GAsyncReadyCallback   callback,
                                                                                 gpointer              user_data);
char                     *gantry_aws_ecr_get_lifecycle_policy_finish            (GantryAwsEcr         *self,
                                                                                 GAsyncResult         *result,
                                                                                 GError              **error);

G_END_DECLS
