/* gantry-aws-protocol.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gantry-aws-error.h"
#include "gantry-aws-json.h"
#include "gantry-aws-protocol.h"
#include "gantry-aws-xml.h"

/* ---------------------------------------------------------------------- */
/* Query parameters                                                        */

struct _GantryAwsParams
{
  gatomicrefcount  ref_count;
  /* Alternating key, value: the order is kept because the engine sends the
   * form in the order the service table built it, which makes requests
   * reproducible in tests and logs. */
  GPtrArray       *pairs;
};

G_DEFINE_BOXED_TYPE (GantryAwsParams, gantry_aws_params,
                     gantry_aws_params_ref, gantry_aws_params_unref)

GantryAwsParams *
gantry_aws_params_new (void)
{
  GantryAwsParams *self = g_new0 (GantryAwsParams, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->pairs = g_ptr_array_new_with_free_func (g_free);

  return self;
}

GantryAwsParams *
gantry_aws_params_ref (GantryAwsParams *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gantry_aws_params_unref (GantryAwsParams *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->pairs);
  g_free (self);
}

/**
 * gantry_aws_params_copy:
 *
 * Paging changes NextToken/Marker on a copy so the caller's first-page
 * parameters stay as they were.
 *
 * Returns: (transfer full): an independent copy of @self
 */
GantryAwsParams *
gantry_aws_params_copy (GantryAwsParams *self)
{
  GantryAwsParams *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = gantry_aws_params_new ();
  for (guint i = 0; i < self->pairs->len; i++)
    g_ptr_array_add (copy->pairs, g_strdup (g_ptr_array_index (self->pairs, i)));

  return copy;
}

/**
 * gantry_aws_params_add:
 * @key: the parameter name, e.g. "Filter.1.Name"
 * @value: (nullable): the value; nothing is added if %NULL, so optional
 *   parameters need no branch at the call site
 */
void
gantry_aws_params_add (GantryAwsParams *self,
                       const char      *key,
                       const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  if (value == NULL)
    return;

  g_ptr_array_add (self->pairs, g_strdup (key));
  g_ptr_array_add (self->pairs, g_strdup (value));
}

void
gantry_aws_params_add_printf (GantryAwsParams *self,
                              const char      *key,
                              const char      *format,
                              ...)
{
  g_autofree char *value = NULL;
  va_list args;

  g_return_if_fail (format != NULL);

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  gantry_aws_params_add (self, key, value);
}

/**
 * gantry_aws_params_add_list:
 * @prefix: e.g. "SubnetId" or "Filter.1.Value"
 * @values: (nullable) (array zero-terminated=1): the members
 *
 * Adds "@prefix.1", "@prefix.2", … the way query protocols flatten lists.
 */
void
gantry_aws_params_add_list (GantryAwsParams    *self,
                            const char         *prefix,
                            const char * const *values)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (prefix != NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s.%u", prefix, i + 1);

      gantry_aws_params_add (self, key, values[i]);
    }
}

static gint
find_key (GantryAwsParams *self,
          const char      *key)
{
  for (guint i = 0; i < self->pairs->len; i += 2)
    if (g_str_equal (g_ptr_array_index (self->pairs, i), key))
      return (gint) i;

  return -1;
}

/**
 * gantry_aws_params_set:
 * @value: (nullable): the new value, or %NULL to remove @key
 *
 * Replaces the first @key in place (or appends it); used for paging tokens.
 */
void
gantry_aws_params_set (GantryAwsParams *self,
                       const char      *key,
                       const char      *value)
{
  gint index;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  index = find_key (self, key);

  if (index < 0)
    {
      gantry_aws_params_add (self, key, value);
      return;
    }

  if (value == NULL)
    {
      g_ptr_array_remove_range (self->pairs, index, 2);
      return;
    }

  g_free (self->pairs->pdata[index + 1]);
  self->pairs->pdata[index + 1] = g_strdup (value);
}

/**
 * gantry_aws_params_get:
 *
 * Returns: (nullable): the value of the first @key
 */
const char *
gantry_aws_params_get (GantryAwsParams *self,
                       const char      *key)
{
  gint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = find_key (self, key);

  return index < 0 ? NULL : g_ptr_array_index (self->pairs, index + 1);
}

/* A form body: unreserved characters stay as they are, a space becomes "+"
 * (as botocore's urlencode does; AWS decodes both, and emulators that
 * re-encode the form before checking the signature expect "+"), everything
 * else is %XX. The body is signed by its hash, so this is not the SigV4
 * canonical query encoding. */
static void
append_encoded (GString    *out,
                const char *text)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        {
          g_string_append_c (out, *p);
        }
      else if (*p == ' ')
        {
          g_string_append_c (out, '+');
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
}

static void
append_pair (GString    *out,
             const char *key,
             const char *value)
{
  if (out->len > 0)
    g_string_append_c (out, '&');
  append_encoded (out, key);
  g_string_append_c (out, '=');
  append_encoded (out, value);
}

/**
 * gantry_aws_params_to_form:
 * @action: (nullable): the Action, sent first
 * @version: (nullable): the API Version, sent second
 *
 * Returns: (transfer full): the application/x-www-form-urlencoded body
 */
char *
gantry_aws_params_to_form (GantryAwsParams *self,
                           const char      *action,
                           const char      *version)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);

  if (action != NULL)
    append_pair (out, "Action", action);
  if (version != NULL)
    append_pair (out, "Version", version);

  for (guint i = 0; i < self->pairs->len; i += 2)
    append_pair (out, g_ptr_array_index (self->pairs, i), g_ptr_array_index (self->pairs, i + 1));

  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Error replies                                                           */

static const char * const auth_codes[] = {
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "IncompleteSignatureException",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "AuthFailure",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "InvalidAccessKeyId",
  "TokenRefreshRequired",
  "RequestExpired",
  "RequestTimeTooSkewed",
  "RequestInTheFuture",
  "InvalidToken",
  NULL
};

static const char * const access_denied_codes[] = {
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  NULL
};

/* The throttling codes of the SDKs' standard retry mode. */
static const char * const throttling_codes[] = {
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  NULL
};

static const char * const not_implemented_codes[] = {
  "NotImplemented",
  "NotImplementedException",
  NULL
};

/* Enough for every AWS message; more is likely a stack trace or a page. */
#define MAX_MESSAGE_CHARS 512

/* What is read from a body before the "not implemented" sniffing. */
#define MAX_SNIFF_BYTES 4096

/* Returns the bare error code from a __type member or an x-amzn-ErrorType
 * header: "Code:http://internal…" and "com.amazonaws.ecr#Code" both give
 * "Code" (the Smithy awsJson rules). Anything that does not look like a code
 * is dropped so a garbage reply cannot inject text into messages. */
static char *
sanitize_code (const char *raw)
{
  g_autofree char *code = NULL;
  const char *hash;
  char *colon;

  if (raw == NULL)
    return NULL;

  code = g_strstrip (g_strdup (raw));
  colon = strchr (code, ':');
  if (colon != NULL)
    *colon = '\0';

  hash = strchr (code, '#');
  if (hash != NULL)
    {
      char *bare = g_strdup (hash + 1);

      g_free (code);
      code = bare;
    }

  if (*code == '\0' || strlen (code) > 128)
    return NULL;

  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return NULL;

  return g_steal_pointer (&code);
}

/* Keeps AWS's sentence and nothing after it. SignatureDoesNotMatch replies
 * of query services append the canonical request and string to sign after
 * a blank line; those hold signed header values (a session token among
 * them), which must never reach a message or a log. */
static char *
sanitize_message (const char *raw)
{
  static const char * const cut_markers[] = {
    "\n\n",
    "\r\n\r\n",
    "The Canonical String",
    "The String-to-Sign",
    "The String to Sign",
  };
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;
  gboolean space = FALSE;

  if (raw == NULL)
    return NULL;

  len = strlen (raw);
  for (guint i = 0; i < G_N_ELEMENTS (cut_markers); i++)
    {
      const char *hit = strstr (raw, cut_markers[i]);

      if (hit != NULL && (gsize) (hit - raw) < len)
        len = hit - raw;
    }

  valid = g_utf8_make_valid (raw, len);

  /* One line: collapse whitespace and drop control characters. */
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  if (g_utf8_strlen (out->str, -1) > MAX_MESSAGE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (out->str, 0, MAX_MESSAGE_CHARS);

      g_string_free (out, TRUE);
      return g_strconcat (cut, "…", NULL);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  char *code;
  char *message;
  char *request_id;
} ErrorBody;

static void
error_body_clear (ErrorBody *body)
{
  g_clear_pointer (&body->code, g_free);
  g_clear_pointer (&body->message, g_free);
  g_clear_pointer (&body->request_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ErrorBody, error_body_clear)

static void
read_json_error (GBytes    *bytes,
                 ErrorBody *out)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *message;

  /* A malformed body just carries no details; the HTTP status still
   * classifies the error. */
  root = gantry_aws_json_parse (bytes, NULL);
  if (root == NULL)
    return;

  object = json_node_get_object (root);
  out->code = sanitize_code (gantry_aws_json_get_string (object, "__type"));
  if (out->code == NULL)
    out->code = sanitize_code (gantry_aws_json_get_string (object, "code"));
  if (out->code == NULL)
    out->code = sanitize_code (gantry_aws_json_get_string (object, "Code"));

  message = gantry_aws_json_get_string (object, "message");
  if (message == NULL)
    message = gantry_aws_json_get_string (object, "Message");
  if (message == NULL)
    message = gantry_aws_json_get_string (object, "errorMessage");
  out->message = sanitize_message (message);
}

static void
read_xml_error (GBytes    *bytes,
                ErrorBody *out)
{
  g_autoptr(GantryAwsXmlNode) root = NULL;
  GantryAwsXmlNode *error_node;
  const char *request_id;

  /* As for JSON, a malformed body carries no details. */
  root = gantry_aws_xml_parse (bytes, NULL);
  if (root == NULL)
    return;

  /* EC2: <Response><Errors><Error>; query: <ErrorResponse><Error>; moto
   * also sends <ErrorResponse><Errors><Error>; S3-style: a bare <Error>. */
  error_node = gantry_aws_xml_node_lookup (root, "Errors/Error");
  if (error_node == NULL)
    error_node = gantry_aws_xml_node_lookup (root, "Error");
  if (error_node == NULL && g_str_equal (gantry_aws_xml_node_get_name (root), "Error"))
    error_node = root;

  if (error_node != NULL)
    {
      out->code = sanitize_code (gantry_aws_xml_node_lookup_text (error_node, "Code"));
      out->message = sanitize_message (gantry_aws_xml_node_lookup_text (error_node, "Message"));
    }

  request_id = gantry_aws_xml_node_lookup_text (root, "RequestId");
  if (request_id == NULL)
    request_id = gantry_aws_xml_node_lookup_text (root, "RequestID");
  if (request_id == NULL)
    request_id = gantry_aws_xml_node_lookup_text (root, "requestId");
  if (request_id != NULL && *request_id != '\0')
    out->request_id = g_utf8_make_valid (request_id, -1);
}

/* The body is sniffed rather than trusted to match the protocol or the
 * Content-Type: moto answers JSON services with XML (and "text/html"). */
static void
read_error_body (GBytes    *bytes,
                 ErrorBody *out)
{
  const char *data;
  gsize len = 0;
  gsize i = 0;

  if (bytes == NULL)
    return;

  data = g_bytes_get_data (bytes, &len);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;

  if (i == len)
    return;

  if (data[i] == '{')
    read_json_error (bytes, out);
  else if (data[i] == '<')
    read_xml_error (bytes, out);
}

static gboolean
says_not_implemented (GBytes *bytes)
{
  g_autofree char *lower = NULL;
  const char *data;
  gsize len = 0;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  lower = g_ascii_strdown (data != NULL ? data : "", MIN (len, MAX_SNIFF_BYTES));

  return strstr (lower, "not implemented") != NULL ||
         strstr (lower, "not yet implemented") != NULL ||
         strstr (lower, "not been implemented") != NULL;
}

static gboolean
code_in (const char         *code,
         const char * const *list)
{
  return code != NULL && g_strv_contains (list, code);
}

static GantryAwsError
classify (const char *code,
          guint       http_status,
          GBytes     *body)
{
  if (code_in (code, auth_codes))
    return GANTRY_AWS_ERROR_AUTH;
  if (code_in (code, access_denied_codes))
    return GANTRY_AWS_ERROR_ACCESS_DENIED;
  if (code_in (code, throttling_codes) || http_status == 429)
    return GANTRY_AWS_ERROR_THROTTLED;
  if (code_in (code, not_implemented_codes) || http_status == 501 ||
      (http_status == 500 && says_not_implemented (body)))
    return GANTRY_AWS_ERROR_NOT_AVAILABLE;
  if (http_status == 403)
    return GANTRY_AWS_ERROR_ACCESS_DENIED;
  if (http_status == 401)
    return GANTRY_AWS_ERROR_AUTH;

  return GANTRY_AWS_ERROR_SERVICE;
}

/**
 * gantry_aws_protocol_decode_error:
 * @protocol: the service's protocol
 * @iam_prefix: (nullable): the IAM service prefix, e.g. "ecr"
 * @action: (nullable): the API action, e.g. "PutImage"
 * @http_status: the reply's HTTP status
 * @content_type: (nullable): the reply's Content-Type
 * @amzn_error_type: (nullable): the X-Amzn-ErrorType header
 * @request_id: (nullable): the x-amzn-RequestId or x-amz-request-id header
 * @body: (nullable): the reply body
 *
 * Turns a non-2xx reply into a %GANTRY_AWS_ERROR with details set. Any body
 * is accepted: one that cannot be read is classified by @http_status. The
 * body's format is sniffed, so @protocol and @content_type only describe
 * what was expected; neither decides how the body is read.
 *
 * Returns: (transfer full): the error
 */
GError *
gantry_aws_protocol_decode_error (GantryAwsProtocol  protocol,
                                  const char        *iam_prefix,
                                  const char        *action,
                                  guint              http_status,
                                  const char        *content_type,
                                  const char        *amzn_error_type,
                                  const char        *request_id,
                                  GBytes            *body)
{
  g_auto(ErrorBody) parsed = { NULL, NULL, NULL };
  g_autofree char *header_code = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *permission = NULL;
  const char *code;
  const char *action_name = action != NULL ? action : "AWS";
  GantryAwsError kind;
  GError *error;

  read_error_body (body, &parsed);

  /* Smithy's awsJson protocols give the header precedence over __type. */
  header_code = sanitize_code (amzn_error_type);
  code = header_code != NULL ? header_code : parsed.code;

  if (code != NULL && parsed.message != NULL)
    detail = g_strdup_printf ("%s: %s", code, parsed.message);
  else if (code != NULL)
    detail = g_strdup_printf ("%s, HTTP %u", code, http_status);
  else
    detail = g_strdup_printf ("HTTP %u", http_status);

  kind = classify (code, http_status, body);

  switch (kind)
    {
    case GANTRY_AWS_ERROR_AUTH:
      /* The one auth failure with a known remedy other than "check". */
      if (g_strcmp0 (code, "ExpiredToken") == 0 || g_strcmp0 (code, "ExpiredTokenException") == 0)
        error = g_error_new (GANTRY_AWS_ERROR, kind,
                             _("The session token expired before the %s request; get fresh "
                               "credentials (for an MFA or role profile, sign in again) (%s)"),
                             action_name, detail);
      else
        error = g_error_new (GANTRY_AWS_ERROR, kind,
                             _("AWS rejected the credentials or signature of the %s request; "
                               "check the profile, its access keys and the system clock (%s)"),
                             action_name, detail);
      break;

    case GANTRY_AWS_ERROR_ACCESS_DENIED:
      permission = iam_prefix != NULL && action != NULL
                   ? g_strdup_printf ("%s:%s", iam_prefix, action)
                   : g_strdup (action_name);
      error = g_error_new (GANTRY_AWS_ERROR, kind,
                           _("Access denied to %s; ask for the IAM permission “%s” (%s)"),
                           action_name, permission, detail);
      break;

    case GANTRY_AWS_ERROR_THROTTLED:
      error = g_error_new (GANTRY_AWS_ERROR, kind,
                           _("AWS throttled the %s request; wait a minute and try again (%s)"),
                           action_name, detail);
      break;

    case GANTRY_AWS_ERROR_NOT_AVAILABLE:
      error = g_error_new (GANTRY_AWS_ERROR, kind,
                           _("The endpoint does not implement %s; use an AWS endpoint that "
                             "supports it (%s)"),
                           action_name, detail);
      break;

    case GANTRY_AWS_ERROR_SERVICE:
      if (http_status >= 500)
        error = g_error_new (GANTRY_AWS_ERROR, kind,
                             _("AWS failed to perform %s on its side; try again later (%s)"),
                             action_name, detail);
      else
        error = g_error_new (GANTRY_AWS_ERROR, kind,
                             _("AWS refused the %s request; check its input (%s)"),
                             action_name, detail);
      break;

    case GANTRY_AWS_ERROR_NETWORK:
    case GANTRY_AWS_ERROR_BAD_RESPONSE:
    case GANTRY_AWS_ERROR_CONFIG:
    default:
      g_assert_not_reached ();
    }

  gantry_aws_error_set_details (error, code, action, http_status,
                                request_id != NULL && *request_id != '\0'
                                ? request_id : parsed.request_id);

  return error;
}
