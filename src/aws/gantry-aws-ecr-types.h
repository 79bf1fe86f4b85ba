/* gantry-aws-ecr-types.h
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The manifest media types BatchGetImage is asked for: a promotion must be
 * able to move single-platform and multi-platform images of both formats. */
#define GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define GANTRY_AWS_ECR_MEDIA_TYPE_DOCKER_LIST     "application/vnd.docker.distribution.manifest.list.v2+json"
#define GANTRY_AWS_ECR_MEDIA_TYPE_OCI_MANIFEST    "application/vnd.oci.image.manifest.v1+json"
#define GANTRY_AWS_ECR_MEDIA_TYPE_OCI_INDEX       "application/vnd.oci.image.index.v1+json"

/**
 * GantryAwsEcrTagMutability:
 * @GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN: missing or a value this build does not know
 * @GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE: every tag may move
 * @GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE: no tag may move
 * @GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION: immutable except tags matching a filter
 * @GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE_WITH_EXCLUSION: mutable except tags matching a filter
 */
typedef enum
{
  GANTRY_AWS_ECR_TAG_MUTABILITY_UNKNOWN,
  GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE,
  GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE,
  GANTRY_AWS_ECR_TAG_MUTABILITY_IMMUTABLE_WITH_EXCLUSION,
  GANTRY_AWS_ECR_TAG_MUTABILITY_MUTABLE_WITH_EXCLUSION,
} GantryAwsEcrTagMutability;

/**
 * GantryAwsEcrScanState:
 * @GANTRY_AWS_ECR_SCAN_NONE: the image has no scan (never scanned, or ScanNotFoundException)
 * @GANTRY_AWS_ECR_SCAN_IN_PROGRESS: IN_PROGRESS or PENDING
 * @GANTRY_AWS_ECR_SCAN_COMPLETE: COMPLETE or ACTIVE (enhanced scanning): counts are valid
 * @GANTRY_AWS_ECR_SCAN_FAILED: the scan failed
 * @GANTRY_AWS_ECR_SCAN_UNSUPPORTED: UNSUPPORTED_IMAGE, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE
 * @GANTRY_AWS_ECR_SCAN_OTHER: a status this build does not know; see the raw status
 */
typedef enum
{
  GANTRY_AWS_ECR_SCAN_NONE,
  GANTRY_AWS_ECR_SCAN_IN_PROGRESS,
  GANTRY_AWS_ECR_SCAN_COMPLETE,
  GANTRY_AWS_ECR_SCAN_FAILED,
  GANTRY_AWS_ECR_SCAN_UNSUPPORTED,
  GANTRY_AWS_ECR_SCAN_OTHER,
} GantryAwsEcrScanState;

/**
 * GantryAwsEcrTagFilter:
 * @filter_type: "WILDCARD" today
 * @filter: the pattern, e.g. "prod-*"
 */
typedef struct
{
  char *filter_type;
  char *filter;
} GantryAwsEcrTagFilter;

void gantry_aws_ecr_tag_filter_free (GantryAwsEcrTagFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcrTagFilter, gantry_aws_ecr_tag_filter_free)

/**
 * GantryAwsEcrRepository:
 * @name: repositoryName
 * @arn: repositoryArn
 * @uri: repositoryUri, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend"
 * @registry_id: the account that owns the registry
 * @created_at: (nullable): createdAt
 * @tag_mutability: imageTagMutability
 * @tag_mutability_text: (nullable): the raw value, for display of unknown ones
 * @exclusion_filters: (element-type GantryAwsEcrTagFilter): imageTagMutabilityExclusionFilters, never %NULL
 * @scan_on_push: imageScanningConfiguration.scanOnPush
 */
typedef struct
{
  char                      *name;
  char                      *arn;
  char                      *uri;
  char                      *registry_id;
  GDateTime                 *created_at;
  GantryAwsEcrTagMutability  tag_mutability;
  char                      *tag_mutability_text;
  GPtrArray                 *exclusion_filters;
  gboolean                   scan_on_push;
} GantryAwsEcrRepository;

GantryAwsEcrRepository *gantry_aws_ecr_repository_new_from_json (JsonObject              *object,
                                                                 GError                 **error);
void                    gantry_aws_ecr_repository_free          (GantryAwsEcrRepository  *repository);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcrRepository, gantry_aws_ecr_repository_free)

/**
 * GantryAwsEcrFindingCounts:
 * @known: whether a completed scan gave counts (all zero counts are then "no findings")
 * @unreadable: the reply had counts that are not non-negative integers (then
 *   not @known, and every count reads 0: never trust them)
 *
 * findingSeverityCounts of a scan; a severity the reply leaves out is 0.
 */
typedef struct
{
  gboolean known;
  gboolean unreadable;
  guint    critical;
  guint    high;
  guint    medium;
  guint    low;
  guint    informational;
  guint    undefined;
} GantryAwsEcrFindingCounts;

/**
 * GantryAwsEcrScanFindings:
 * @state: what the scan status means
 * @status: (nullable): the raw imageScanStatus.status
 * @description: (nullable): imageScanStatus.description
 * @completed_at: (nullable): imageScanCompletedAt
 * @counts: the severity counts
 *
 * The outcome of an image scan, from DescribeImages or DescribeImageScanFindings.
 */
typedef struct
{
  GantryAwsEcrScanState      state;
  char                      *status;
  char                      *description;
  GDateTime                 *completed_at;
  GantryAwsEcrFindingCounts  counts;
} GantryAwsEcrScanFindings;

GantryAwsEcrScanFindings *gantry_aws_ecr_scan_findings_new_from_json (JsonObject               *status,
                                                                     JsonObject               *summary);
void                      gantry_aws_ecr_scan_findings_free          (GantryAwsEcrScanFindings *findings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcrScanFindings, gantry_aws_ecr_scan_findings_free)

/**
 * GantryAwsEcrImageDetail:
 * @registry_id: registryId
 * @repository_name: repositoryName
 * @digest: imageDigest
 * @tags: imageTags, never %NULL (an untagged image has none)
 * @pushed_at: (nullable): imagePushedAt
 * @size_bytes: imageSizeInBytes, -1 if unknown
 * @manifest_media_type: (nullable): imageManifestMediaType
 * @artifact_media_type: (nullable): artifactMediaType
 * @last_pulled_at: (nullable): lastRecordedPullTime
 * @scan: the scan status and severity counts, never %NULL
 *
 * One entry of DescribeImages: what the Promotions and History pages show.
 */
typedef struct
{
  char                     *registry_id;
  char                     *repository_name;
  char                     *digest;
  GStrv                     tags;
  GDateTime                *pushed_at;
  gint64                    size_bytes;
  char                     *manifest_media_type;
  char                     *artifact_media_type;
  GDateTime                *last_pulled_at;
  GantryAwsEcrScanFindings *scan;
} GantryAwsEcrImageDetail;

GantryAwsEcrImageDetail *gantry_aws_ecr_image_detail_new_from_json (JsonObject               *object,
                                                                   GError                  **error);
gboolean                 gantry_aws_ecr_image_detail_has_tag       (GantryAwsEcrImageDetail  *detail,
                                                                   const char               *tag);
void                     gantry_aws_ecr_image_detail_free          (GantryAwsEcrImageDetail  *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsEcrImageDetail, gantry_aws_ecr_image_detail_free)

#define GANTRY_TYPE_AWS_IMAGE (gantry_aws_image_get_type ())

/**
 * GantryAwsImage:
 * @registry_id: (nullable): registryId
 * @repository_name: repositoryName
 * @digest: imageId.imageDigest
 * @tag: (nullable): imageId.imageTag, the tag it was asked for by
 * @manifest_media_type: (nullable): imageManifestMediaType
 * @manifest: the manifest exactly as ECR stores it (UTF-8 JSON text, no trailing NUL
 *   counted in its size)
 *
 * An image as BatchGetImage returns it and PutImage takes it. The manifest
 * bytes are what the digest is computed over: they are carried unchanged.
 */
typedef struct
{
  char   *registry_id;
  char   *repository_name;
  char   *digest;
  char   *tag;
  char   *manifest_media_type;
  GBytes *manifest;
} GantryAwsImage;

GType           gantry_aws_image_get_type      (void) G_GNUC_CONST;
GantryAwsImage *gantry_aws_image_new           (const char      *repository_name,
                                                GBytes          *manifest,
                                                const char      *manifest_media_type,
                                                const char      *digest);
GantryAwsImage *gantry_aws_image_new_from_json (JsonObject      *object,
                                                GError         **error);
GantryAwsImage *gantry_aws_image_copy          (const GantryAwsImage *image);
void            gantry_aws_image_free          (GantryAwsImage  *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GantryAwsImage, gantry_aws_image_free)

const char *gantry_aws_ecr_tag_mutability_to_string (GantryAwsEcrTagMutability mutability);
gboolean    gantry_aws_ecr_is_digest                (const char *image_ref);

G_END_DECLS
