/* test-signer.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "aws/gantry-aws-credentials.h"
#include "aws/gantry-aws-signer.h"

#define EXAMPLE_AKID "AKIDEXAMPLE"
#define EXAMPLE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static SoupMessageHeaders *
new_headers (void)
{
  return soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
}

/* ------------------------------------------------------------------------
 * The AWS SigV4 test suite (header variant)
 */

static char *suite_dir;
static guint suite_cases_total;
static guint suite_cases_run;

typedef struct
{
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
} SuiteRequest;

static void
suite_request_free (SuiteRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuiteRequest, suite_request_free)

static char *
read_case_file (const char *case_dir,
                const char *name)
{
  g_autofree char *path = g_build_filename (case_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  /* The expected outputs end in a hex digest; a trailing newline added by
   * an editor carries no meaning. */
  g_strchomp (contents);

  return contents;
}

/* request.txt is a raw HTTP/1.1 request: the target may contain raw spaces
 * and UTF-8, header values may be folded onto indented lines, and the body
 * is everything after the blank line, byte for byte. */
static SuiteRequest *
parse_request (const char *case_dir)
{
  g_autofree char *path = g_build_filename (case_dir, "request.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SuiteRequest) request = g_new0 (SuiteRequest, 1);
  g_autofree char *last_name = NULL;
  g_autoptr(GString) last_value = NULL;
  gsize length = 0;
  const char *p;
  const char *line_end;
  const char *first_space;
  const char *last_space;
  const char *question;
  g_autofree char *target = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  line_end = strchr (contents, '\n');
  g_assert_nonnull (line_end);
  first_space = strchr (contents, ' ');
  g_assert_true (first_space != NULL && first_space < line_end);
  last_space = g_strrstr_len (contents, line_end - contents, " ");
  g_assert_true (last_space > first_space);

  request->method = g_strndup (contents, first_space - contents);
  target = g_strndup (first_space + 1, last_space - first_space - 1);
  question = strchr (target, '?');
  if (question != NULL)
    {
      request->path = g_strndup (target, question - target);
      request->query = g_strdup (question + 1);
    }
  else
    {
      request->path = g_strdup (target);
    }

  request->headers = new_headers ();
  p = line_end + 1;

  while (p < contents + length)
    {
      g_autofree char *line = NULL;
      const char *colon;

      line_end = strchr (p, '\n');
      if (line_end == NULL)
        line_end = contents + length;
      line = g_strndup (p, line_end - p);
      g_strchomp (line);
      p = line_end < contents + length ? line_end + 1 : line_end;

      if (*line == '\0')
        {
          /* Blank line: the body follows. */
          if (p < contents + length)
            request->body = g_bytes_new (p, contents + length - p);
          break;
        }

      if (line[0] == ' ' || line[0] == '\t')
        {
          g_assert_nonnull (last_value);
          g_string_append_c (last_value, ' ');
          g_string_append (last_value, g_strstrip (line));
          continue;
        }

      if (last_name != NULL)
        soup_message_headers_append (request->headers, last_name, last_value->str);
      g_clear_pointer (&last_name, g_free);
      if (last_value != NULL)
        g_string_free (g_steal_pointer (&last_value), TRUE);

      colon = strchr (line, ':');
      g_assert_nonnull (colon);
      last_name = g_strndup (line, colon - line);
      last_value = g_string_new (colon + 1);
    }

  if (last_name != NULL)
    soup_message_headers_append (request->headers, last_name, last_value->str);

  return g_steal_pointer (&request);
}

static char *
authorization_from_signed_request (const char *signed_request)
{
  g_auto(GStrv) lines = g_strsplit (signed_request, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Authorization:"))
        return g_strdup (lines[i] + strlen ("Authorization:"));
    }

  return NULL;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
test_suite_case (gconstpointer data)
{
  const char *case_name = data;
  g_autofree char *case_dir = g_build_filename (suite_dir, case_name, NULL);
  g_autofree char *context_path = g_build_filename (case_dir, "context.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SuiteRequest) request = NULL;
  g_autoptr(GantryAwsCredentials) credentials = NULL;
  g_autoptr(GantryAwsSigner) signer = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *expected_canonical = NULL;
  g_autofree char *expected_sts = NULL;
  g_autofree char *expected_signature = NULL;
  g_autofree char *signed_request = NULL;
  g_autofree char *expected_authorization = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;
  g_auto(GStrv) expected_lines = NULL;
  guint n_lines;
  JsonObject *context;
  JsonObject *creds;
  const char *token = NULL;
  const char *region;
  const char *service;
  gboolean normalize;
  gboolean sign_body;
  gboolean omit_session_token = FALSE;

  json_parser_load_from_file (parser, context_path, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  creds = json_object_get_object_member (context, "credentials");
  if (json_object_has_member (creds, "token"))
    token = json_object_get_string_member (creds, "token");
  region = json_object_get_string_member (context, "region");
  service = json_object_get_string_member (context, "service");
  normalize = json_object_get_boolean_member_with_default (context, "normalize", TRUE);
  sign_body = json_object_get_boolean_member_with_default (context, "sign_body", FALSE);
  omit_session_token = json_object_get_boolean_member_with_default (context,
                                                                    "omit_session_token",
                                                                    FALSE);
  when = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"),
                                       NULL);
  g_assert_nonnull (when);

  credentials =
    gantry_aws_credentials_new (json_object_get_string_member (creds, "access_key_id"),
                                json_object_get_string_member (creds, "secret_access_key"),
                                token, NULL, "test-suite");
  request = parse_request (case_dir);

  if (request->body != NULL)
    payload_hash = gantry_aws_sha256_hex (g_bytes_get_data (request->body, NULL),
                                          g_bytes_get_size (request->body));
  else
    payload_hash = gantry_aws_sha256_hex (NULL, 0);

  /* What the signer adds before step 1, as aws-c-auth does: the date, the
   * session token unless the case signs without it, and the payload hash
   * header when the case asks for the body to be signed. */
  amz_date = g_date_time_format (when, "%Y%m%dT%H%M%SZ");
  soup_message_headers_append (request->headers, "X-Amz-Date", amz_date);
  if (token != NULL && !omit_session_token)
    soup_message_headers_append (request->headers, "X-Amz-Security-Token", token);
  if (sign_body)
    soup_message_headers_append (request->headers, "X-Amz-Content-Sha256", payload_hash);

  expected_canonical = read_case_file (case_dir, "header-canonical-request.txt");
  expected_sts = read_case_file (case_dir, "header-string-to-sign.txt");
  expected_signature = read_case_file (case_dir, "header-signature.txt");

  canonical = gantry_aws_signer_canonical_request (request->method, request->path,
                                                   request->query, request->headers,
                                                   payload_hash, normalize, &signed_headers);
  g_assert_cmpstr (canonical, ==, expected_canonical);
  /* The signed-headers list is the canonical request's second-to-last line. */
  expected_lines = g_strsplit (expected_canonical, "\n", -1);
  n_lines = g_strv_length (expected_lines);
  g_assert_cmpuint (n_lines, >=, 2);
  g_assert_cmpstr (signed_headers, ==, expected_lines[n_lines - 2]);

  sts = gantry_aws_signer_string_to_sign (canonical, when, region, service);
  g_assert_cmpstr (sts, ==, expected_sts);

  signer = gantry_aws_signer_new ();
  signature = gantry_aws_signer_compute_signature (signer, credentials, sts, when, region, service);
  g_assert_cmpstr (signature, ==, expected_signature);

  /* The same case end to end through gantry_aws_signer_sign(), where that
   * models the case: sign() always normalizes non-S3 paths and always signs
   * the session token, so unnormalized and "token added after signing"
   * cases only test the three steps above. */
  signed_request = read_case_file (case_dir, "header-signed-request.txt");
  expected_authorization = authorization_from_signed_request (signed_request);
  g_assert_nonnull (expected_authorization);

  if (normalize && !omit_session_token)
    {
      g_autoptr(GUri) uri = NULL;
      g_autoptr(SoupMessageHeaders) headers = new_headers ();
      g_autoptr(SuiteRequest) fresh = parse_request (case_dir);

      /* The raw target may hold spaces and UTF-8, which a parser would
       * reject; build the GUri from the parts as they are on the wire. */
      uri = g_uri_build (G_URI_FLAGS_ENCODED, "https", NULL,
                         soup_message_headers_get_one (fresh->headers, "Host"), -1,
                         fresh->path, fresh->query, NULL);
      soup_message_headers_foreach (fresh->headers, copy_header, headers);
      if (sign_body)
        soup_message_headers_append (headers, "X-Amz-Content-Sha256", payload_hash);

      gantry_aws_signer_sign (signer, fresh->method, uri, headers, fresh->body,
                              credentials, region, service, when);
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                       expected_authorization);
    }

  suite_cases_run++;
}

static void
test_suite_missing (void)
{
  g_autofree char *message = g_strdup_printf ("AWS SigV4 test suite not found at %s; "
                                              "cases not run", suite_dir);

  g_test_skip (message);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_suite_tests (void)
{
  const char *shared = g_getenv ("GANTRY_SHARED_DIR");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  suite_dir = g_build_filename (shared != NULL ? shared : "../shared",
                                "aws-sigv4-test-suite", "v4", NULL);

  dir = g_dir_open (suite_dir, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *context = g_build_filename (suite_dir, name, "context.json", NULL);
          g_autofree char *expected = g_build_filename (suite_dir, name,
                                                        "header-canonical-request.txt", NULL);

          if (g_file_test (context, G_FILE_TEST_IS_REGULAR)
              && g_file_test (expected, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (names, g_strdup (name));
        }
    }

  if (names->len == 0)
    {
      g_test_add_func ("/aws/signer/suite/missing", test_suite_missing);
      return;
    }

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *case_name = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/aws/signer/suite/%s", case_name);

      g_test_add_data_func_full (test_path, g_strdup (case_name), test_suite_case, g_free);
      suite_cases_total++;
    }
}

/* ------------------------------------------------------------------------
 * Our own vectors, through gantry_aws_signer_sign()
 */

static GDateTime *
example_time (void)
{
  return g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
}

static GantryAwsCredentials *
example_credentials (const char *token)
{
  return gantry_aws_credentials_new (EXAMPLE_AKID, EXAMPLE_SECRET, token, NULL, "test");
}

static GUri *
parse_uri (const char *str,
           GUriFlags   flags)
{
  g_autoptr(GError) error = NULL;
  GUri *uri = g_uri_parse (str, flags, &error);

  g_assert_no_error (error);

  return uri;
}

#define IAM_LIST_USERS_URI "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"

#define IAM_LIST_USERS_SIGNATURE "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"

#define IAM_LIST_USERS_AUTHORIZATION \
  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " \
  "SignedHeaders=content-type;host;x-amz-date, " \
  "Signature=" IAM_LIST_USERS_SIGNATURE

/* The worked example of the AWS SigV4 documentation. */
static void
test_iam_list_users (void)
{
  const GUriFlags flag_sets[] = { G_URI_FLAGS_ENCODED, G_URI_FLAGS_NONE };

  /* libsoup may hand us an encoded or a decoded GUri; both must sign what
   * goes on the wire. */
  for (guint i = 0; i < G_N_ELEMENTS (flag_sets); i++)
    {
      g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
      g_autoptr(GantryAwsCredentials) credentials = example_credentials (NULL);
      g_autoptr(GDateTime) when = example_time ();
      g_autoptr(GUri) uri = parse_uri (IAM_LIST_USERS_URI,
                                       flag_sets[i]);
      g_autoptr(SoupMessageHeaders) headers = new_headers ();

      soup_message_headers_append (headers, "Content-Type",
                                   "application/x-www-form-urlencoded; charset=utf-8");
      gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, credentials,
                              "us-east-1", "iam", when);

      g_assert_cmpstr (soup_message_headers_get_one (headers, "Host"), ==, "iam.amazonaws.com");
      g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==,
                       "20150830T123600Z");
      g_assert_null (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
      g_assert_null (soup_message_headers_get_one (headers, "X-Amz-Content-Sha256"));
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                       IAM_LIST_USERS_AUTHORIZATION);
    }
}

static void
test_iam_list_users_steps (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials = example_credentials (NULL);
  g_autoptr(GDateTime) when = example_time ();
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;

  soup_message_headers_append (headers, "Host", "iam.amazonaws.com");
  soup_message_headers_append (headers, "Content-Type",
                               "application/x-www-form-urlencoded; charset=utf-8");
  soup_message_headers_append (headers, "X-Amz-Date", "20150830T123600Z");

  canonical = gantry_aws_signer_canonical_request ("GET", "/",
                                                   "Action=ListUsers&Version=2010-05-08",
                                                   headers, EMPTY_SHA256, TRUE, &signed_headers);
  g_assert_cmpstr (canonical, ==,
                   "GET\n"
                   "/\n"
                   "Action=ListUsers&Version=2010-05-08\n"
                   "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
                   "host:iam.amazonaws.com\n"
                   "x-amz-date:20150830T123600Z\n"
                   "\n"
                   "content-type;host;x-amz-date\n"
                   EMPTY_SHA256);
  g_assert_cmpstr (signed_headers, ==, "content-type;host;x-amz-date");

  sts = gantry_aws_signer_string_to_sign (canonical, when, "us-east-1", "iam");
  g_assert_cmpstr (sts, ==,
                   "AWS4-HMAC-SHA256\n"
                   "20150830T123600Z\n"
                   "20150830/us-east-1/iam/aws4_request\n"
                   "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");

  signature = gantry_aws_signer_compute_signature (signer, credentials, sts, when,
                                                   "us-east-1", "iam");
  g_assert_cmpstr (signature, ==, IAM_LIST_USERS_SIGNATURE);
}

static void
test_session_token_get (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials =
    example_credentials ("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
  g_autoptr(GDateTime) when = example_time ();
  g_autoptr(GUri) uri = parse_uri ("https://example.amazonaws.com/", G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();

  gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, credentials,
                          "us-east-1", "service", when);

  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Security-Token"), ==,
                   "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "AWS4-HMAC-SHA256 "
                   "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                   "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                   "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
}

#define STS_TOKEN \
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf" \
  "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7W" \
  "Z0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FD" \
  "rypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

static void
test_session_token_post (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials = example_credentials (STS_TOKEN);
  g_autoptr(GDateTime) when = example_time ();
  g_autoptr(GUri) uri = parse_uri ("https://example.amazonaws.com/", G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  /* An empty body and no body sign the same. */
  gantry_aws_signer_sign (signer, "POST", uri, headers, empty, credentials,
                          "us-east-1", "service", when);

  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Security-Token"), ==, STS_TOKEN);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "AWS4-HMAC-SHA256 "
                   "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                   "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                   "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

#define S3_EXAMPLE_AKID "AKIAIOSFODNN7EXAMPLE"
#define S3_EXAMPLE_SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

/* The "GET Object" example of the S3 SigV4 documentation: S3 signs the
 * payload hash header and does not double-encode. */
static void
test_s3_get_object (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials =
    gantry_aws_credentials_new (S3_EXAMPLE_AKID, S3_EXAMPLE_SECRET, NULL, NULL, "test");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2013, 5, 24, 0, 0, 0);
  g_autoptr(GUri) uri = parse_uri ("https://examplebucket.s3.amazonaws.com/test.txt",
                                   G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();

  soup_message_headers_append (headers, "Range", "bytes=0-9");
  gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, credentials,
                          "us-east-1", "s3", when);

  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Content-Sha256"), ==,
                   EMPTY_SHA256);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "AWS4-HMAC-SHA256 "
                   "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                   "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

/* The "PUT Object" example: a body, and a '$' in the key that is on the
 * wire as %24 and must be signed as %24, not %2524. */
static void
test_s3_put_object (void)
{
  static const char body_text[] = "Welcome to Amazon S3.";
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials =
    gantry_aws_credentials_new (S3_EXAMPLE_AKID, S3_EXAMPLE_SECRET, NULL, NULL, "test");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2013, 5, 24, 0, 0, 0);
  g_autoptr(GUri) uri = parse_uri ("https://examplebucket.s3.amazonaws.com/test%24file.text",
                                   G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autoptr(GBytes) body = g_bytes_new_static (body_text, strlen (body_text));

  soup_message_headers_append (headers, "Date", "Fri, 24 May 2013 00:00:00 GMT");
  soup_message_headers_append (headers, "x-amz-storage-class", "REDUCED_REDUNDANCY");
  gantry_aws_signer_sign (signer, "PUT", uri, headers, body, credentials,
                          "us-east-1", "s3", when);

  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Content-Sha256"), ==,
                   "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "AWS4-HMAC-SHA256 "
                   "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                   "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

static char *
signature_with_new_signer (GantryAwsCredentials *credentials,
                           const char           *sts,
                           GDateTime            *when,
                           const char           *region,
                           const char           *service)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();

  return gantry_aws_signer_compute_signature (signer, credentials, sts, when, region, service);
}

static char *
sign_cached (GantryAwsSigner      *signer,
             GantryAwsCredentials *credentials,
             const char           *sts,
             GDateTime            *when,
             const char           *region,
             const char           *service)
{
  return gantry_aws_signer_compute_signature (signer, credentials, sts, when, region, service);
}

static void
test_key_cache (void)
{
  const char *sts = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                    "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials = example_credentials (NULL);
  g_autoptr(GantryAwsCredentials) rotated =
    gantry_aws_credentials_new (EXAMPLE_AKID, "another-secret", NULL, NULL, "test");
  g_autoptr(GDateTime) day1 = example_time ();
  g_autoptr(GDateTime) day2 = g_date_time_add_days (day1, 1);
  g_autofree char *first = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *next_day = NULL;
  g_autofree char *next_day_fresh = NULL;
  g_autofree char *other_region = NULL;
  g_autofree char *other_region_fresh = NULL;
  g_autofree char *other_service = NULL;
  g_autofree char *back = NULL;
  g_autofree char *other_secret = NULL;
  g_autofree char *other_secret_fresh = NULL;
  g_autofree char *after_rotation = NULL;

  first = sign_cached (signer, credentials, sts, day1, "us-east-1", "iam");
  g_assert_cmpstr (first, ==, IAM_LIST_USERS_SIGNATURE);

  cached = sign_cached (signer, credentials, sts, day1, "us-east-1", "iam");
  g_assert_cmpstr (cached, ==, first);

  /* Each change of scope must derive a new key, not reuse the cached one:
   * compare with a signer that has never cached anything. */
  next_day = sign_cached (signer, credentials, sts, day2, "us-east-1", "iam");
  next_day_fresh = signature_with_new_signer (credentials, sts, day2, "us-east-1", "iam");
  g_assert_cmpstr (next_day, !=, first);
  g_assert_cmpstr (next_day, ==, next_day_fresh);

  other_region = sign_cached (signer, credentials, sts, day1, "eu-west-1", "iam");
  other_region_fresh = signature_with_new_signer (credentials, sts, day1, "eu-west-1", "iam");
  g_assert_cmpstr (other_region, !=, first);
  g_assert_cmpstr (other_region, ==, other_region_fresh);

  other_service = sign_cached (signer, credentials, sts, day1, "us-east-1", "sts");
  g_assert_cmpstr (other_service, !=, first);

  back = sign_cached (signer, credentials, sts, day1, "us-east-1", "iam");
  g_assert_cmpstr (back, ==, first);

  /* Same access key ID, different secret: the cached key must not be used. */
  other_secret = sign_cached (signer, rotated, sts, day1, "us-east-1", "iam");
  other_secret_fresh = signature_with_new_signer (rotated, sts, day1, "us-east-1", "iam");
  g_assert_cmpstr (other_secret, !=, first);
  g_assert_cmpstr (other_secret, ==, other_secret_fresh);

  after_rotation = sign_cached (signer, credentials, sts, day1, "us-east-1", "iam");
  g_assert_cmpstr (after_rotation, ==, first);
}

/* The signing time is an input: a time in 2015, given in another zone,
 * signs exactly like the UTC vector, however often and whenever we run. */
static void
test_never_reads_clock (void)
{
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) late_evening = NULL;
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials = example_credentials (NULL);
  g_autoptr(GUri) uri = parse_uri (IAM_LIST_USERS_URI,
                                   G_URI_FLAGS_ENCODED);

  g_assert_nonnull (plus_two);
  when = g_date_time_new (plus_two, 2015, 8, 30, 14, 36, 0);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessageHeaders) headers = new_headers ();

      soup_message_headers_append (headers, "Content-Type",
                                   "application/x-www-form-urlencoded; charset=utf-8");
      gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, credentials,
                              "us-east-1", "iam", when);

      g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==,
                       "20150830T123600Z");
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                       IAM_LIST_USERS_AUTHORIZATION);
    }

  /* 01:00 on the 31st at +02:00 is still the 30th in UTC, and the scope
   * date must follow UTC too. */
  late_evening = g_date_time_new (plus_two, 2015, 8, 31, 1, 0, 0);
  {
    g_autoptr(SoupMessageHeaders) headers = new_headers ();
    const char *authorization;

    gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, credentials,
                            "us-east-1", "iam", late_evening);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==, "20150830T230000Z");
    authorization = soup_message_headers_get_one (headers, "Authorization");
    g_assert_nonnull (strstr (authorization, "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/"));
  }
}

/* Re-derives the Authorization value from the three public steps over the
 * headers sign() left, to check sign() signed exactly those. */
static char *
expected_authorization (SoupMessageHeaders   *headers,
                        const char           *method,
                        const char           *path,
                        const char           *query,
                        GantryAwsCredentials *credentials,
                        GDateTime            *when,
                        const char           *region,
                        const char           *service)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(SoupMessageHeaders) copy = new_headers ();
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *date = g_date_time_format (when, "%Y%m%d");

  soup_message_headers_foreach (headers, copy_header, copy);
  soup_message_headers_remove (copy, "Authorization");

  canonical = gantry_aws_signer_canonical_request (method, path, query, copy, EMPTY_SHA256,
                                                   TRUE, &signed_headers);
  sts = gantry_aws_signer_string_to_sign (canonical, when, region, service);
  signature = gantry_aws_signer_compute_signature (signer, credentials, sts, when, region, service);

  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
                          "SignedHeaders=%s, Signature=%s",
                          gantry_aws_credentials_get_access_key_id (credentials),
                          date, region, service, signed_headers, signature);
}

#define MOTO_QUERY "Action=GetCallerIdentity&Version=2011-06-15"

static void
test_host_keeps_port (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) credentials = example_credentials (NULL);
  g_autoptr(GDateTime) when = example_time ();
  g_autoptr(GUri) moto = parse_uri ("http://127.0.0.1:5000/?" MOTO_QUERY,
                                    G_URI_FLAGS_ENCODED);
  g_autoptr(GUri) default_port = parse_uri ("https://sts.amazonaws.com:443/", G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autoptr(SoupMessageHeaders) default_headers = new_headers ();
  g_autoptr(SoupMessageHeaders) preset_headers = new_headers ();
  g_autofree char *expected = NULL;
  g_autofree char *canonical = NULL;

  gantry_aws_signer_sign (signer, "GET", moto, headers, NULL, credentials,
                          "us-east-1", "sts", when);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Host"), ==, "127.0.0.1:5000");

  canonical = gantry_aws_signer_canonical_request ("GET", "/", MOTO_QUERY, headers,
                                                   EMPTY_SHA256, TRUE, NULL);
  g_assert_nonnull (strstr (canonical, "\nhost:127.0.0.1:5000\n"));

  expected = expected_authorization (headers, "GET", "/", MOTO_QUERY, credentials, when,
                                     "us-east-1", "sts");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, expected);

  /* libsoup leaves the scheme's default port out of Host. */
  gantry_aws_signer_sign (signer, "GET", default_port, default_headers, NULL, credentials,
                          "us-east-1", "sts", when);
  g_assert_cmpstr (soup_message_headers_get_one (default_headers, "Host"), ==, "sts.amazonaws.com");

  /* A Host the caller already set is what gets sent, so it is kept. */
  soup_message_headers_append (preset_headers, "Host", "localhost:5000");
  gantry_aws_signer_sign (signer, "GET", moto, preset_headers, NULL, credentials,
                          "us-east-1", "sts", when);
  g_assert_cmpstr (soup_message_headers_get_one (preset_headers, "Host"), ==, "localhost:5000");
}

/* The engine signs a retried message again: old signing headers must be
 * replaced, never duplicated or signed themselves. */
static guint
count_headers (SoupMessageHeaders *headers,
               const char         *wanted)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  guint count = 0;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, wanted) == 0)
        count++;
    }

  return count;
}

static void
test_resign_replaces (void)
{
  g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
  g_autoptr(GantryAwsCredentials) with_token = example_credentials ("token-1");
  g_autoptr(GantryAwsCredentials) without_token = example_credentials (NULL);
  g_autoptr(GDateTime) when = example_time ();
  g_autoptr(GDateTime) later = g_date_time_add_minutes (when, 5);
  g_autoptr(GUri) uri = parse_uri (IAM_LIST_USERS_URI,
                                   G_URI_FLAGS_ENCODED);
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autoptr(SoupMessageHeaders) fresh = new_headers ();
  const char *authorization;

  soup_message_headers_append (headers, "Content-Type",
                               "application/x-www-form-urlencoded; charset=utf-8");
  soup_message_headers_append (headers, "User-Agent", "gantry/0.1");
  gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, with_token,
                          "us-east-1", "iam", when);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Security-Token"), ==, "token-1");

  gantry_aws_signer_sign (signer, "GET", uri, headers, NULL, without_token,
                          "us-east-1", "iam", later);

  g_assert_null (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
  g_assert_cmpstr (soup_message_headers_get_list (headers, "X-Amz-Date"), ==, "20150830T124100Z");
  g_assert_cmpuint (count_headers (headers, "Authorization"), ==, 1);
  g_assert_cmpuint (count_headers (headers, "X-Amz-Date"), ==, 1);
  authorization = soup_message_headers_get_one (headers, "Authorization");
  g_assert_null (strstr (authorization, "user-agent"));
  g_assert_nonnull (strstr (authorization, "SignedHeaders=content-type;host;x-amz-date, "));

  /* Identical to signing a message that was never signed before. */
  soup_message_headers_append (fresh, "Content-Type",
                               "application/x-www-form-urlencoded; charset=utf-8");
  gantry_aws_signer_sign (signer, "GET", uri, fresh, NULL, without_token,
                          "us-east-1", "iam", later);
  g_assert_cmpstr (authorization, ==, soup_message_headers_get_one (fresh, "Authorization"));
}

static void
test_canonical_uri_and_query (void)
{
  g_autoptr(SoupMessageHeaders) headers = new_headers ();
  g_autofree char *double_encoded = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *dot_dot = NULL;

  soup_message_headers_append (headers, "Host", "example.amazonaws.com");
  soup_message_headers_append (headers, "X-Multi", "  a   b\t c  ");
  soup_message_headers_append (headers, "x-multi", "d");

  /* Non-S3 services sign the wire path encoded once more. */
  double_encoded = gantry_aws_signer_canonical_request ("GET", "/a%20b//c/./d", NULL, headers,
                                                        EMPTY_SHA256, TRUE, NULL);
  g_assert_true (g_str_has_prefix (double_encoded, "GET\n/a%2520b/c/d\n\n"));
  g_assert_nonnull (strstr (double_encoded, "\nx-multi:a b c,d\n"));

  /* S3 signs it as sent, only with canonical hex case. */
  s3 = gantry_aws_signer_canonical_request ("GET", "/a%20b//c/%2a~", NULL, headers,
                                            EMPTY_SHA256, FALSE, NULL);
  g_assert_true (g_str_has_prefix (s3, "GET\n/a%20b//c/%2A~\n\n"));

  empty_path = gantry_aws_signer_canonical_request ("GET", "", "", headers,
                                                    EMPTY_SHA256, TRUE, NULL);
  g_assert_true (g_str_has_prefix (empty_path, "GET\n/\n\n"));

  dot_dot = gantry_aws_signer_canonical_request ("GET", "/a/b/../c/", NULL, headers,
                                                 EMPTY_SHA256, TRUE, NULL);
  g_assert_true (g_str_has_prefix (dot_dot, "GET\n/a/c/\n\n"));

  /* Sorted by key then value, bare keys get "=", '+' is a literal plus
   * and unreserved characters are decoded. */
  query = gantry_aws_signer_canonical_request ("GET", "/", "b=2&a=%7e&a=1&c&&x=a+b%2f", headers,
                                               EMPTY_SHA256, TRUE, NULL);
  g_assert_true (g_str_has_prefix (query, "GET\n/\na=1&a=~&b=2&c=&x=a%2Bb%2F\n"));
}

static void
test_sha256_hex (void)
{
  g_autofree char *empty = gantry_aws_sha256_hex (NULL, 0);
  g_autofree char *abc = gantry_aws_sha256_hex ("abc", 3);

  g_assert_cmpstr (empty, ==, EMPTY_SHA256);
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_suite_tests ();

  g_test_add_func ("/aws/signer/iam-list-users", test_iam_list_users);
  g_test_add_func ("/aws/signer/iam-list-users-steps", test_iam_list_users_steps);
  g_test_add_func ("/aws/signer/session-token-get", test_session_token_get);
  g_test_add_func ("/aws/signer/session-token-post", test_session_token_post);
  g_test_add_func ("/aws/signer/s3-get-object", test_s3_get_object);
  g_test_add_func ("/aws/signer/s3-put-object", test_s3_put_object);
  g_test_add_func ("/aws/signer/key-cache", test_key_cache);
  g_test_add_func ("/aws/signer/never-reads-clock", test_never_reads_clock);
  g_test_add_func ("/aws/signer/host-keeps-port", test_host_keeps_port);
  g_test_add_func ("/aws/signer/resign-replaces", test_resign_replaces);
  g_test_add_func ("/aws/signer/canonical-uri-and-query", test_canonical_uri_and_query);
  g_test_add_func ("/aws/signer/sha256-hex", test_sha256_hex);

  ret = g_test_run ();

  if (suite_cases_total > 0)
    g_test_message ("ran %u of %u SigV4 suite cases", suite_cases_run, suite_cases_total);

  g_free (suite_dir);

  return ret;
}
