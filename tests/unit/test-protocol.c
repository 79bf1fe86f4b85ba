/* test-protocol.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-error.h"
#include "aws/gantry-aws-protocol.h"

static GBytes *
load_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "aws", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/* ---------------------------------------------------------------------- */

static void
test_params_add_get_set (void)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();
  g_autofree char *form = NULL;

  gantry_aws_params_add (params, "VpcId", "vpc-1");
  gantry_aws_params_add (params, "Optional", NULL);
  gantry_aws_params_add_printf (params, "MaxResults", "%d", 100);
  gantry_aws_params_set (params, "NextToken", "abc");

  g_assert_cmpstr (gantry_aws_params_get (params, "VpcId"), ==, "vpc-1");
  g_assert_null (gantry_aws_params_get (params, "Optional"));
  g_assert_cmpstr (gantry_aws_params_get (params, "MaxResults"), ==, "100");
  g_assert_cmpstr (gantry_aws_params_get (params, "NextToken"), ==, "abc");

  /* Replacing keeps the position; NULL removes. */
  gantry_aws_params_set (params, "VpcId", "vpc-2");
  form = gantry_aws_params_to_form (params, NULL, NULL);
  g_assert_cmpstr (form, ==, "VpcId=vpc-2&MaxResults=100&NextToken=abc");

  gantry_aws_params_set (params, "NextToken", NULL);
  g_assert_null (gantry_aws_params_get (params, "NextToken"));
  g_clear_pointer (&form, g_free);
  form = gantry_aws_params_to_form (params, NULL, NULL);
  g_assert_cmpstr (form, ==, "VpcId=vpc-2&MaxResults=100");
}

static void
test_params_list_and_copy (void)
{
  const char * const subnets[] = { "subnet-a", "subnet-b", NULL };
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();
  g_autoptr(GantryAwsParams) copy = NULL;
  g_autoptr(GantryAwsParams) ref = NULL;
  g_autofree char *form = NULL;
  g_autofree char *copy_form = NULL;

  gantry_aws_params_add_list (params, "SubnetId", subnets);
  gantry_aws_params_add_list (params, "Empty", NULL);
  gantry_aws_params_add (params, "Filter.1.Name", "vpc-id");
  gantry_aws_params_add_list (params, "Filter.1.Value", (const char * const[]) { "vpc-1", NULL });

  copy = gantry_aws_params_copy (params);
  gantry_aws_params_set (copy, "Marker", "page-2");
  ref = gantry_aws_params_ref (params);
  g_assert_true (ref == params);

  form = gantry_aws_params_to_form (params, "DescribeSubnets", "2016-11-15");
  g_assert_cmpstr (form, ==,
                   "Action=DescribeSubnets&Version=2016-11-15&SubnetId.1=subnet-a&"
                   "SubnetId.2=subnet-b&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1");

  /* The copy is independent of the original. */
  g_assert_null (gantry_aws_params_get (params, "Marker"));
  copy_form = gantry_aws_params_to_form (copy, "DescribeSubnets", "2016-11-15");
  g_assert_true (g_str_has_suffix (copy_form, "&Marker=page-2"));
  g_assert_true (g_str_has_prefix (copy_form, form));

  g_assert_true (G_TYPE_IS_BOXED (GANTRY_TYPE_AWS_PARAMS));
}

static void
test_params_form_encoding (void)
{
  g_autoptr(GantryAwsParams) params = gantry_aws_params_new ();
  g_autofree char *form = NULL;

  gantry_aws_params_add (params, "PolicyDocument", "{\"a\": \"b c\"}");
  gantry_aws_params_add (params, "Plus", "a+b=c&d/e");
  gantry_aws_params_add (params, "Safe", "AZaz09-._~");
  gantry_aws_params_add (params, "Other", "*!'()%");
  gantry_aws_params_add (params, "Utf8", "café");
  gantry_aws_params_add (params, "Key With Space", "");

  form = gantry_aws_params_to_form (params, "SetPolicy", "2010-05-08");
  g_assert_cmpstr (form, ==,
                   "Action=SetPolicy&Version=2010-05-08&"
                   "PolicyDocument=%7B%22a%22%3A+%22b+c%22%7D&"
                   "Plus=a%2Bb%3Dc%26d%2Fe&"
                   "Safe=AZaz09-._~&"
                   "Other=%2A%21%27%28%29%25&"
                   "Utf8=caf%C3%A9&"
                   "Key+With+Space=");
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  const char        *fixture;
  GantryAwsProtocol  protocol;
  const char        *iam_prefix;
  const char        *action;
  guint              status;
  const char        *content_type;
  const char        *error_type_header;
  const char        *request_id_header;
  GantryAwsError     expected;
  const char        *aws_code;
  const char        *request_id;
  const char        *message_has[3];
} DecodeCase;

static const DecodeCase decode_cases[] = {
  /* JSON 1.1 (ECR/ECS) */
  { "ecr-error-repository-not-found.json", GANTRY_AWS_PROTOCOL_JSON, "ecr", "DescribeRepositories",
    400, "application/x-amz-json-1.1", "RepositoryNotFoundException", "req-ecr-1",
    GANTRY_AWS_ERROR_SERVICE, "RepositoryNotFoundException", "req-ecr-1",
    { "DescribeRepositories", "does not exist in the registry", NULL } },
  { "ecr-error-access-denied.json", GANTRY_AWS_PROTOCOL_JSON, "ecr", "PutImage",
    400, "application/x-amz-json-1.1", NULL, "req-ecr-2",
    GANTRY_AWS_ERROR_ACCESS_DENIED, "AccessDeniedException", "req-ecr-2",
    { "“ecr:PutImage”", "is not authorized to perform", NULL } },
  { "ecr-error-unrecognized-client.json", GANTRY_AWS_PROTOCOL_JSON, "ecr", "DescribeImages",
    400, "application/x-amz-json-1.1", NULL, NULL,
    GANTRY_AWS_ERROR_AUTH, "UnrecognizedClientException", NULL,
    { "credentials", "profile", "security token included in the request is invalid" } },
  { "ecs-error-throttling.json", GANTRY_AWS_PROTOCOL_JSON, "ecs", "DescribeServices",
    400, "application/x-amz-json-1.1", NULL, NULL,
    GANTRY_AWS_ERROR_THROTTLED, "ThrottlingException", NULL,
    { "DescribeServices", "Rate exceeded", NULL } },
  /* The header wins over the body and loses its ":http://…" tail. */
  { "ecr-error-repository-not-found.json", GANTRY_AWS_PROTOCOL_JSON, "ecr", "DescribeRepositories",
    400, "application/x-amz-json-1.1",
    "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", NULL,
    GANTRY_AWS_ERROR_THROTTLED, "ThrottlingException", NULL,
    { "DescribeRepositories", NULL, NULL } },
  /* moto: XML body with text/html on a JSON service. */
  { "moto-json-service-xml-error.xml", GANTRY_AWS_PROTOCOL_JSON, "ecr", "DescribeRepositories",
    403, "text/html; charset=utf-8", NULL, "tPtMrlZNUmNtgVMp5iZofkk7br0c8eEK2PUxHOUuiWWM1yKQAzCh",
    GANTRY_AWS_ERROR_AUTH, "InvalidClientTokenId", "tPtMrlZNUmNtgVMp5iZofkk7br0c8eEK2PUxHOUuiWWM1yKQAzCh",
    { "security token included in the request is invalid", NULL, NULL } },
  /* Query (STS, RDS) */
  { "sts-error-invalid-client-token-id.xml", GANTRY_AWS_PROTOCOL_QUERY, "sts", "GetCallerIdentity",
    403, "text/xml", NULL, NULL,
    GANTRY_AWS_ERROR_AUTH, "InvalidClientTokenId", "4b9b4d5e-7b9a-4c21-8a52-3c1fEXAMPLE",
    { "GetCallerIdentity", "profile", NULL } },
  { "rds-error-db-cluster-not-found.xml", GANTRY_AWS_PROTOCOL_QUERY, "rds", "DescribeDBClusters",
    404, "text/xml", NULL, "header-id",
    GANTRY_AWS_ERROR_SERVICE, "DBClusterNotFoundFault", "header-id",
    { "DescribeDBClusters", "DBCluster prod-db not found.", NULL } },
  /* EC2 */
  { "ec2-error-unauthorized-operation.xml", GANTRY_AWS_PROTOCOL_EC2, "ec2", "DescribeSubnets",
    403, "text/xml;charset=UTF-8", NULL, NULL,
    GANTRY_AWS_ERROR_ACCESS_DENIED, "UnauthorizedOperation", "9a0f4b1c-2d3e-4f50-8a7b-6c5dEXAMPLE",
    { "“ec2:DescribeSubnets”", "You are not authorized", NULL } },
  { "ec2-error-request-limit-exceeded.xml", GANTRY_AWS_PROTOCOL_EC2, "ec2", "DescribeVpcs",
    503, "text/xml", NULL, NULL,
    GANTRY_AWS_ERROR_THROTTLED, "RequestLimitExceeded", "1b2c3d4e-5f60-4718-9a0b-c1d2EXAMPLE",
    { "DescribeVpcs", "Request limit exceeded.", NULL } },
  { "ec2-error-subnet-not-found.xml", GANTRY_AWS_PROTOCOL_EC2, "ec2", "DescribeSubnets",
    400, "text/xml", NULL, NULL,
    GANTRY_AWS_ERROR_SERVICE, "InvalidSubnetID.NotFound", "3e4f5a6b-7c8d-4e9f-a0b1-c2d3EXAMPLE",
    { "subnet-nope", NULL, NULL } },
  /* Unreadable bodies fall back to the status. */
  { "cloudfront-503.html", GANTRY_AWS_PROTOCOL_JSON, "ecs", "ListClusters",
    503, "text/html", NULL, NULL,
    GANTRY_AWS_ERROR_SERVICE, NULL, NULL,
    { "HTTP 503", "ListClusters", NULL } },
  { "cloudfront-503.html", GANTRY_AWS_PROTOCOL_QUERY, "sts", "GetCallerIdentity",
    403, "text/html", NULL, NULL,
    GANTRY_AWS_ERROR_ACCESS_DENIED, NULL, NULL,
    { "“sts:GetCallerIdentity”", "HTTP 403", NULL } },
  /* moto 5.2.1 answers unimplemented actions with a generic werkzeug 500
   * page that does not say so: this is indistinguishable from a real
   * server failure and stays SERVICE (and retryable). */
  { "moto-not-implemented-500.html", GANTRY_AWS_PROTOCOL_JSON, "ecs", "UpdateClusterSettings",
    500, "text/html; charset=utf-8", NULL, NULL,
    GANTRY_AWS_ERROR_SERVICE, NULL, NULL,
    { "HTTP 500", "try again later", NULL } },
};

static void
check_decoded (GError           *error,
               const DecodeCase *c)
{
  g_assert_error (error, GANTRY_AWS_ERROR, c->expected);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, c->aws_code);
  g_assert_cmpstr (gantry_aws_error_get_action (error), ==, c->action);
  g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, c->status);
  g_assert_cmpstr (gantry_aws_error_get_request_id (error), ==, c->request_id);

  for (guint j = 0; j < G_N_ELEMENTS (c->message_has) && c->message_has[j] != NULL; j++)
    if (strstr (error->message, c->message_has[j]) == NULL)
      g_error ("“%s” not in “%s” (%s)", c->message_has[j], error->message, c->fixture);

  /* One line, no request details. */
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_decode_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (decode_cases); i++)
    {
      const DecodeCase *c = &decode_cases[i];
      g_autoptr(GBytes) body = load_fixture (c->fixture);
      g_autoptr(GError) error = NULL;

      error = gantry_aws_protocol_decode_error (c->protocol, c->iam_prefix, c->action, c->status,
                                                c->content_type, c->error_type_header,
                                                c->request_id_header, body);
      check_decoded (error, c);
    }
}

/* Query services append the canonical request (signed headers, including
 * the session token) to SignatureDoesNotMatch; none of it may survive. */
static void
test_decode_signature_does_not_match (void)
{
  g_autoptr(GBytes) body = load_fixture ("sts-error-signature-does-not-match.xml");
  g_autoptr(GError) error = NULL;

  error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_QUERY, "sts", "GetCallerIdentity",
                                            403, "text/xml", NULL, NULL, body);

  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
  g_assert_nonnull (strstr (error->message, "does not match the signature you provided"));
  g_assert_null (strstr (error->message, "x-amz-security-token"));
  g_assert_null (strstr (error->message, "IQoJb3JpZ2luX2Vj"));
  g_assert_null (strstr (error->message, "Canonical"));
  g_assert_null (strstr (error->message, "AWS4-HMAC-SHA256"));
}

typedef struct
{
  const char     *body;
  guint           status;
  GantryAwsError  expected;
} StatusCase;

static void
test_decode_by_status (void)
{
  static const StatusCase cases[] = {
    { "", 500, GANTRY_AWS_ERROR_SERVICE },
    { "", 400, GANTRY_AWS_ERROR_SERVICE },
    { "", 429, GANTRY_AWS_ERROR_THROTTLED },
    { "", 403, GANTRY_AWS_ERROR_ACCESS_DENIED },
    { "", 401, GANTRY_AWS_ERROR_AUTH },
    { "", 501, GANTRY_AWS_ERROR_NOT_AVAILABLE },
    { "   ", 502, GANTRY_AWS_ERROR_SERVICE },
    { "{\"__type\":\"Thrott", 400, GANTRY_AWS_ERROR_SERVICE },
    { "<ErrorResponse><Error><Code>AccessDenied</Code>", 400, GANTRY_AWS_ERROR_SERVICE },
    { "<html><body>Bad Gateway</body></html>", 502, GANTRY_AWS_ERROR_SERVICE },
    { "\xff\xfe\x00garbage", 400, GANTRY_AWS_ERROR_SERVICE },
    { "[1,2,3]", 400, GANTRY_AWS_ERROR_SERVICE },
    { "{\"__type\": 42, \"message\": [\"x\"]}", 400, GANTRY_AWS_ERROR_SERVICE },
    { "{\"__type\":\"<script>alert(1)</script>\"}", 400, GANTRY_AWS_ERROR_SERVICE },
    { "{\"message\":\"The update_cluster_settings action has not been implemented\"}", 500,
      GANTRY_AWS_ERROR_NOT_AVAILABLE },
    { "NotImplementedError: The ListServiceDeployments action is not yet implemented", 500,
      GANTRY_AWS_ERROR_NOT_AVAILABLE },
    { "{\"__type\":\"NotImplementedException\",\"message\":\"nope\"}", 400,
      GANTRY_AWS_ERROR_NOT_AVAILABLE },
    { "{\"__type\":\"InternalFailure\"}", 500, GANTRY_AWS_ERROR_SERVICE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new (cases[i].body, strlen (cases[i].body));
      g_autoptr(GError) error = NULL;

      error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, "ecs", "ListClusters",
                                                cases[i].status, "application/x-amz-json-1.1",
                                                NULL, NULL, body);
      g_assert_error (error, GANTRY_AWS_ERROR, cases[i].expected);
      g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, cases[i].status);
      g_assert_nonnull (strstr (error->message, "ListClusters"));
    }
}

static void
test_decode_no_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) nameless = NULL;

  error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_EC2, "ec2", "DescribeVpcs", 403,
                                            NULL, NULL, "", NULL);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
  g_assert_null (gantry_aws_error_get_aws_code (error));
  g_assert_null (gantry_aws_error_get_request_id (error));
  g_assert_nonnull (strstr (error->message, "“ec2:DescribeVpcs”"));

  /* No action, no prefix: still a sentence. */
  nameless = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, NULL, NULL, 400,
                                               NULL, "ExpiredTokenException", NULL, NULL);
  g_assert_error (nameless, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_AUTH);
  g_assert_cmpstr (gantry_aws_error_get_aws_code (nameless), ==, "ExpiredTokenException");
  g_assert_nonnull (strstr (nameless->message, "ExpiredTokenException"));
}

static void
test_decode_type_prefix_and_long_message (void)
{
  g_autoptr(GString) json = g_string_new ("{\"__type\":\"com.amazonaws.ecr#ImageAlreadyExistsException\","
                                          "\"message\":\"");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (json, "x ");
  g_string_append (json, "\"}");
  body = g_bytes_new (json->str, json->len);

  error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, "ecr", "PutImage", 400,
                                            "application/x-amz-json-1.1", NULL, NULL, body);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_true (gantry_aws_error_has_aws_code (error, "ImageAlreadyExistsException"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 1024);
}

static void
test_decode_huge_body (void)
{
  gsize size = 64 * 1024 * 1024 + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  body = g_bytes_new_take (data, size);

  error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_JSON, "ecr", "PutImage", 500,
                                            "application/x-amz-json-1.1", NULL, NULL, body);
  g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_SERVICE);
  g_assert_null (gantry_aws_error_get_aws_code (error));
}

/* Every truncation of a real error reply decodes to some error without
 * crashing; cut anywhere, the status still classifies it. */
static void
test_decode_truncated (void)
{
  const char * const fixtures[] = {
    "ec2-error-unauthorized-operation.xml",
    "ecr-error-access-denied.json",
  };

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autoptr(GBytes) body = load_fixture (fixtures[f]);
      gsize len = g_bytes_get_size (body);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (body, 0, cut);
          g_autoptr(GError) error = NULL;

          error = gantry_aws_protocol_decode_error (GANTRY_AWS_PROTOCOL_EC2, "ec2", "DescribeVpcs",
                                                    403, "text/xml", NULL, NULL, prefix);
          g_assert_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_ACCESS_DENIED);
          g_assert_cmpuint (gantry_aws_error_get_http_status (error), ==, 403);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aws/protocol/params/add-get-set", test_params_add_get_set);
  g_test_add_func ("/aws/protocol/params/list-and-copy", test_params_list_and_copy);
  g_test_add_func ("/aws/protocol/params/form-encoding", test_params_form_encoding);
  g_test_add_func ("/aws/protocol/decode/fixtures", test_decode_fixtures);
  g_test_add_func ("/aws/protocol/decode/signature-does-not-match",
                   test_decode_signature_does_not_match);
  g_test_add_func ("/aws/protocol/decode/by-status", test_decode_by_status);
  g_test_add_func ("/aws/protocol/decode/no-body", test_decode_no_body);
  g_test_add_func ("/aws/protocol/decode/type-prefix-and-long-message",
                   test_decode_type_prefix_and_long_message);
  g_test_add_func ("/aws/protocol/decode/huge-body", test_decode_huge_body);
  g_test_add_func ("/aws/protocol/decode/truncated", test_decode_truncated);

  return g_test_run ();
}
