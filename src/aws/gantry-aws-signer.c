/* gantry-aws-signer.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-signer"

#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "gantry-aws-signer.h"

/*
 * AWS Signature Version 4, split like aws-c-auth into three steps that
 * can each be checked against the published test suite:
 *
 *   1. canonical request (method, canonical URI, query, headers, payload hash)
 *   2. string to sign (algorithm, date, credential scope, hash of step 1)
 *   3. signature (HMAC with a key derived from the secret, date, region, service)
 *
 * The time is always an input: a signer that reads the clock cannot be
 * tested against fixed vectors, and the engine corrects for clock skew
 * before it calls us.
 */

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_TERMINATOR "aws4_request"
#define SHA256_LEN 32

/* A desktop session talks to a handful of (region, service) pairs; past
 * this we start over instead of growing without bound. */
#define MAX_CACHED_KEYS 64

typedef struct
{
  guint8 key[SHA256_LEN];
  /* SHA-256 of the secret the key was derived from, so that a second secret
   * under the same access key ID (a rotated key, a deliberately wrong one in
   * tests) never signs with a stale key. */
  guint8 secret_fingerprint[SHA256_LEN];
} SigningKey;

struct _GantryAwsSigner
{
  GObject     parent_instance;

  /* The engine may sign from worker threads while the UI signs on the main
   * thread; the cache is the only shared state. */
  GMutex      mutex;
  char       *cache_date;  /* YYYYMMDD that every cached key belongs to */
  GHashTable *keys;        /* "akid\nregion\nservice" → SigningKey */
};

G_DEFINE_FINAL_TYPE (GantryAwsSigner, gantry_aws_signer, G_TYPE_OBJECT)

/* Headers that proxies, libsoup or the retry loop may add or rewrite after
 * signing; signing them would make a valid request fail verification.
 * Authorization is here so that re-signing a retried request works. */
static const char * const unsigned_headers[] = {
  "authorization",
  "connection",
  "expect",
  "transfer-encoding",
  "user-agent",
  "x-amzn-trace-id",
};

static void
signing_key_free (gpointer data)
{
  SigningKey *key = data;

  OPENSSL_cleanse (key, sizeof *key);
  g_free (key);
}

static void
sha256 (const void *data,
        gsize       len,
        guint8      out[SHA256_LEN])
{
  unsigned int out_len = 0;

  /* Only a libcrypto without SHA-256 (a broken install) gets here; there is
   * no way to sign anything at all then. */
  if (!EVP_Digest (data, len, out, &out_len, EVP_sha256 (), NULL) || out_len != SHA256_LEN)
    g_error ("libcrypto could not compute SHA-256");
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const void   *data,
             gsize         data_len,
             guint8        out[SHA256_LEN])
{
  size_t out_len = 0;

  if (EVP_Q_mac (NULL, "HMAC", NULL, "SHA256", NULL,
                 key, key_len, data, data_len,
                 out, SHA256_LEN, &out_len) == NULL
      || out_len != SHA256_LEN)
    g_error ("libcrypto could not compute HMAC-SHA256");
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      hex[i * 2] = digits[data[i] >> 4];
      hex[i * 2 + 1] = digits[data[i] & 0xf];
    }
  hex[len * 2] = '\0';

  return hex;
}

/**
 * gantry_aws_sha256_hex:
 * @data: (array length=len) (nullable): bytes to hash
 * @len: number of bytes
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of @data, as used for
 *   payload hashes
 */
char *
gantry_aws_sha256_hex (const void *data,
                       gsize       len)
{
  guint8 digest[SHA256_LEN];

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  sha256 (data != NULL ? data : "", len, digest);

  return hex_encode (digest, sizeof digest);
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* The SigV4 URI encoding: RFC 3986 unreserved characters stay, every other
 * byte becomes %XX with upper-case hex. */
static void
append_uri_encoded (GString    *out,
                    const char *data,
                    gsize       len,
                    gboolean    keep_slash)
{
  static const char digits[] = "0123456789ABCDEF";

  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        {
          g_string_append_c (out, c);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, digits[c >> 4]);
          g_string_append_c (out, digits[c & 0xf]);
        }
    }
}

/* Lenient on purpose: a stray '%' that starts no escape is kept as a
 * literal, which is how AWS reads it too. '+' is not a space here: AWS
 * requires spaces as %20, so a '+' on the wire is a literal plus. */
static GString *
uri_decode (const char *data,
            gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '%' && i + 2 < len
          && g_ascii_isxdigit (data[i + 1]) && g_ascii_isxdigit (data[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (data[i + 1]) << 4
                                          | g_ascii_xdigit_value (data[i + 2])));
          i += 2;
        }
      else
        {
          g_string_append_c (out, data[i]);
        }
    }

  return out;
}

/* Segment-wise like aws-c-auth and botocore: empty and "." segments go,
 * ".." drops the previous one, and a trailing slash survives. */
static char *
remove_dot_segments (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out = g_string_new ("/");

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (*segment == '\0' || strcmp (segment, ".") == 0)
        continue;

      if (strcmp (segment, "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }

      g_ptr_array_add (kept, (gpointer) segment);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }

  if (kept->len > 0 && g_str_has_suffix (path, "/"))
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static char *
canonical_uri (const char *path,
               gboolean    normalize)
{
  g_autofree char *normalized = NULL;
  GString *out = NULL;

  if (path == NULL || *path == '\0')
    path = "/";

  if (normalize)
    {
      /* Every service but S3 normalizes the path and then encodes what was
       * sent on the wire a second time: "%20" is signed as "%2520". */
      normalized = remove_dot_segments (path);
      out = g_string_sized_new (strlen (normalized) + 16);
      append_uri_encoded (out, normalized, strlen (normalized), TRUE);
      return g_string_free (out, FALSE);
    }

  /* S3 signs the path as is, encoded once. Decoding and re-encoding each
   * segment only makes spellings like "%2a" or "~" canonical; "%2F" inside
   * a key stays "%2F" because we split on '/' first. */
  out = g_string_sized_new (strlen (path) + 16);
  for (const char *p = path; ; )
    {
      const char *slash = strchr (p, '/');
      gsize len = slash != NULL ? (gsize) (slash - p) : strlen (p);
      g_autoptr(GString) decoded = uri_decode (p, len);

      append_uri_encoded (out, decoded->str, decoded->len, FALSE);
      if (slash == NULL)
        break;
      g_string_append_c (out, '/');
      p = slash + 1;
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  char *key;
  char *value;
} QueryParam;

static void
query_param_free (gpointer data)
{
  QueryParam *param = data;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

static char *
encode_component (const char *data,
                  gsize       len)
{
  g_autoptr(GString) decoded = uri_decode (data, len);
  GString *out = g_string_sized_new (decoded->len + 8);

  append_uri_encoded (out, decoded->str, decoded->len, FALSE);

  return g_string_free (out, FALSE);
}

static int
query_param_compare (gconstpointer a,
                     gconstpointer b)
{
  const QueryParam *pa = *(const QueryParam * const *) a;
  const QueryParam *pb = *(const QueryParam * const *) b;
  int cmp = strcmp (pa->key, pb->key);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static char *
canonical_query (const char *query)
{
  g_autoptr(GPtrArray) params = NULL;
  g_auto(GStrv) parts = NULL;
  GString *out = NULL;

  if (query == NULL || *query == '\0')
    return g_strdup ("");

  params = g_ptr_array_new_with_free_func (query_param_free);
  parts = g_strsplit (query, "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      const char *eq = strchr (part, '=');
      QueryParam *param;

      /* "a=1&&b=2" has nothing between the ampersands to sign. */
      if (*part == '\0')
        continue;

      param = g_new0 (QueryParam, 1);
      if (eq != NULL)
        {
          param->key = encode_component (part, eq - part);
          param->value = encode_component (eq + 1, strlen (eq + 1));
        }
      else
        {
          /* A bare key is signed as "key=". */
          param->key = encode_component (part, strlen (part));
          param->value = g_strdup ("");
        }
      g_ptr_array_add (params, param);
    }

  g_ptr_array_sort (params, query_param_compare);

  out = g_string_new (NULL);
  for (guint i = 0; i < params->len; i++)
    {
      const QueryParam *param = g_ptr_array_index (params, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", param->key, param->value);
    }

  return g_string_free (out, FALSE);
}

/* Trims the value and turns every inner run of whitespace into one space,
 * which also flattens obsolete line folding. */
static void
append_header_value (GString    *out,
                     const char *value)
{
  gboolean pending_space = FALSE;
  gboolean any = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          pending_space = any;
          continue;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      g_string_append_c (out, *p);
      pending_space = FALSE;
      any = TRUE;
    }
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_unsigned_header (const char *lower_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (unsigned_headers); i++)
    {
      if (strcmp (lower_name, unsigned_headers[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * gantry_aws_signer_canonical_request:
 * @method: the HTTP method, e.g. "GET"
 * @path: the path exactly as sent on the wire (already percent-encoded)
 * @query: (nullable): the query exactly as sent, without '?'
 * @headers: the request headers; must contain Host
 * @payload_hash: hex SHA-256 of the body, or another value the service
 *   accepts such as "UNSIGNED-PAYLOAD"
 * @normalize_path: %TRUE for every service except S3: remove dot segments,
 *   collapse duplicate slashes and URI-encode the wire path a second time.
 *   %FALSE (S3): the path is only brought to canonical single encoding.
 * @out_signed_headers: (out) (optional) (transfer full): the signed-headers
 *   list, e.g. "host;x-amz-date"
 *
 * Step 1 of SigV4. Every header in @headers is signed except a few that
 * proxies and libsoup may change (User-Agent, Connection, Expect,
 * Transfer-Encoding, X-Amzn-Trace-Id) and Authorization itself.
 *
 * Returns: (transfer full): the canonical request
 */
char *
gantry_aws_signer_canonical_request (const char          *method,
                                     const char          *path,
                                     const char          *query,
                                     SoupMessageHeaders  *headers,
                                     const char          *payload_hash,
                                     gboolean             normalize_path,
                                     char               **out_signed_headers)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *canonical_qs = NULL;
  g_autoptr(GString) canonical_headers = NULL;
  g_autoptr(GString) signed_headers = NULL;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);
  g_return_val_if_fail (payload_hash != NULL, NULL);
  g_return_val_if_fail (soup_message_headers_get_one (headers, "Host") != NULL, NULL);

  /* Repeated names are joined with "," in the order they were added, so
   * group values per lower-case name first and sort the names after. */
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  names = g_ptr_array_new ();

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      GString *joined;

      if (is_unsigned_header (lower))
        continue;

      joined = g_hash_table_lookup (values, lower);
      if (joined == NULL)
        {
          joined = g_string_new (NULL);
          g_ptr_array_add (names, lower);
          g_hash_table_insert (values, g_steal_pointer (&lower), joined);
        }
      else
        {
          g_string_append_c (joined, ',');
        }
      append_header_value (joined, value);
    }

  g_ptr_array_sort (names, compare_strings);

  canonical_headers = g_string_new (NULL);
  signed_headers = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *lower = g_ptr_array_index (names, i);
      GString *joined = g_hash_table_lookup (values, lower);

      g_string_append_printf (canonical_headers, "%s:%s\n", lower, joined->str);
      if (i > 0)
        g_string_append_c (signed_headers, ';');
      g_string_append (signed_headers, lower);
    }

  uri = canonical_uri (path, normalize_path);
  canonical_qs = canonical_query (query);

  if (out_signed_headers != NULL)
    *out_signed_headers = g_strdup (signed_headers->str);

  return g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s",
                          method, uri, canonical_qs,
                          canonical_headers->str, signed_headers->str,
                          payload_hash);
}

static char *
format_utc (GDateTime  *when,
            const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, format);
}

static char *
credential_scope (GDateTime  *when,
                  const char *region,
                  const char *service)
{
  g_autofree char *date = format_utc (when, "%Y%m%d");

  return g_strdup_printf ("%s/%s/%s/" SIGV4_TERMINATOR, date, region, service);
}

/**
 * gantry_aws_signer_string_to_sign:
 * @canonical_request: the result of gantry_aws_signer_canonical_request()
 * @when: the signing time; any time zone, it is converted to UTC
 * @region: the signing region, e.g. "eu-west-1"
 * @service: the signing name of the service, e.g. "ecr"
 *
 * Step 2 of SigV4.
 *
 * Returns: (transfer full): the string to sign
 */
char *
gantry_aws_signer_string_to_sign (const char *canonical_request,
                                  GDateTime  *when,
                                  const char *region,
                                  const char *service)
{
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (canonical_request != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);

  amz_date = format_utc (when, "%Y%m%dT%H%M%SZ");
  scope = credential_scope (when, region, service);
  hash = gantry_aws_sha256_hex (canonical_request, strlen (canonical_request));

  return g_strdup_printf (SIGV4_ALGORITHM "\n%s\n%s\n%s", amz_date, scope, hash);
}

static void
derive_signing_key (const char *secret,
                    const char *date,
                    const char *region,
                    const char *service,
                    guint8      out[SHA256_LEN])
{
  gsize secret_len = strlen (secret);
  gsize k_secret_len = secret_len + 4;
  guint8 *k_secret = g_malloc (k_secret_len);
  guint8 k_date[SHA256_LEN];
  guint8 k_region[SHA256_LEN];
  guint8 k_service[SHA256_LEN];

  memcpy (k_secret, "AWS4", 4);
  memcpy (k_secret + 4, secret, secret_len);

  hmac_sha256 (k_secret, k_secret_len, date, strlen (date), k_date);
  hmac_sha256 (k_date, sizeof k_date, region, strlen (region), k_region);
  hmac_sha256 (k_region, sizeof k_region, service, strlen (service), k_service);
  hmac_sha256 (k_service, sizeof k_service, SIGV4_TERMINATOR, strlen (SIGV4_TERMINATOR), out);

  /* Every intermediate is as good as the secret for this day and region. */
  OPENSSL_cleanse (k_secret, k_secret_len);
  OPENSSL_cleanse (k_date, sizeof k_date);
  OPENSSL_cleanse (k_region, sizeof k_region);
  OPENSSL_cleanse (k_service, sizeof k_service);
  g_free (k_secret);
}

/* Called with the mutex held. Copies the key into @out so that nothing
 * outside the lock touches the cache entry. */
static void
lookup_signing_key (GantryAwsSigner      *self,
                    GantryAwsCredentials *credentials,
                    const char           *date,
                    const char           *region,
                    const char           *service,
                    guint8                out[SHA256_LEN])
{
  const char *secret = gantry_aws_credentials_get_secret_access_key (credentials);
  g_autofree char *cache_key = NULL;
  guint8 fingerprint[SHA256_LEN];
  SigningKey *entry;

  /* Keys are only good for one UTC day; when the day changes every cached
   * key is dead weight. */
  if (g_strcmp0 (self->cache_date, date) != 0)
    {
      g_hash_table_remove_all (self->keys);
      g_free (self->cache_date);
      self->cache_date = g_strdup (date);
    }

  sha256 (secret, strlen (secret), fingerprint);
  cache_key = g_strdup_printf ("%s\n%s\n%s",
                               gantry_aws_credentials_get_access_key_id (credentials),
                               region, service);

  entry = g_hash_table_lookup (self->keys, cache_key);
  if (entry == NULL
      || CRYPTO_memcmp (entry->secret_fingerprint, fingerprint, SHA256_LEN) != 0)
    {
      if (entry == NULL && g_hash_table_size (self->keys) >= MAX_CACHED_KEYS)
        g_hash_table_remove_all (self->keys);

      entry = g_new0 (SigningKey, 1);
      derive_signing_key (secret, date, region, service, entry->key);
      memcpy (entry->secret_fingerprint, fingerprint, SHA256_LEN);
      /* Replacing an entry runs signing_key_free() on the old one. */
      g_hash_table_replace (self->keys, g_steal_pointer (&cache_key), entry);
    }

  memcpy (out, entry->key, SHA256_LEN);
  OPENSSL_cleanse (fingerprint, sizeof fingerprint);
}

/**
 * gantry_aws_signer_compute_signature:
 * @self: a #GantryAwsSigner
 * @credentials: the credentials to sign with
 * @string_to_sign: the result of gantry_aws_signer_string_to_sign()
 * @when: the signing time (its UTC date selects the signing key)
 * @region: the signing region
 * @service: the signing name of the service
 *
 * Step 3 of SigV4. The derived signing key is cached per access key ID,
 * UTC date, region and service, since deriving it costs four HMACs and
 * changes at most once a day.
 *
 * Returns: (transfer full): the signature as lower-case hex
 */
char *
gantry_aws_signer_compute_signature (GantryAwsSigner      *self,
                                     GantryAwsCredentials *credentials,
                                     const char           *string_to_sign,
                                     GDateTime            *when,
                                     const char           *region,
                                     const char           *service)
{
  g_autofree char *date = NULL;
  guint8 key[SHA256_LEN];
  guint8 signature[SHA256_LEN];

  g_return_val_if_fail (GANTRY_IS_AWS_SIGNER (self), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);

  date = format_utc (when, "%Y%m%d");

  g_mutex_lock (&self->mutex);
  lookup_signing_key (self, credentials, date, region, service, key);
  g_mutex_unlock (&self->mutex);

  hmac_sha256 (key, sizeof key, string_to_sign, strlen (string_to_sign), signature);
  OPENSSL_cleanse (key, sizeof key);

  return hex_encode (signature, sizeof signature);
}

/* S3 (and S3 Control, which signs as "s3") neither normalizes nor
 * double-encodes the path, and insists on X-Amz-Content-Sha256. */
static gboolean
service_is_s3 (const char *service)
{
  return strcmp (service, "s3") == 0 || strcmp (service, "s3-outposts") == 0;
}

static char *
host_header_for_uri (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  const char *scheme = g_uri_get_scheme (uri);
  int port = g_uri_get_port (uri);
  int default_port = -1;
  g_autofree char *bracketed = NULL;

  if (host == NULL)
    host = "";

  /* IPv6 literals keep their brackets in Host. */
  if (strchr (host, ':') != NULL)
    host = bracketed = g_strdup_printf ("[%s]", host);

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "https") == 0)
    default_port = 443;
  else if (scheme != NULL && g_ascii_strcasecmp (scheme, "http") == 0)
    default_port = 80;

  /* moto and other local endpoints run on http://127.0.0.1:PORT and the
   * port is part of what libsoup sends as Host, so it must be signed. */
  if (port < 0 || port == default_port)
    return g_strdup (host);

  return g_strdup_printf ("%s:%d", host, port);
}

/* The path and query exactly as libsoup puts them on the wire. libsoup
 * works on percent-encoded URIs; a GUri parsed without the ENCODED flags
 * holds decoded parts, so re-encode it the same way first. */
static void
uri_get_wire_path_and_query (GUri  *uri,
                             char **out_path,
                             char **out_query)
{
  const GUriFlags encoded_flags = G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY;
  GUriFlags flags = g_uri_get_flags (uri);
  g_autoptr(GUri) reparsed = NULL;

  if ((flags & G_URI_FLAGS_ENCODED) == 0 && (flags & encoded_flags) != encoded_flags)
    {
      g_autofree char *str = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO
                                                            | G_URI_HIDE_FRAGMENT);

      /* Re-parsing what GLib itself printed cannot fail in practice; if it
       * does, the decoded parts are still the best guess we have. */
      reparsed = g_uri_parse (str, flags | encoded_flags, NULL);
      if (reparsed != NULL)
        uri = reparsed;
    }

  *out_path = g_strdup (g_uri_get_path (uri));
  *out_query = g_strdup (g_uri_get_query (uri));
}

/**
 * gantry_aws_signer_sign:
 * @self: a #GantryAwsSigner
 * @method: the HTTP method
 * @uri: the request URI; its path and query are signed as sent
 * @headers: the request headers, updated in place
 * @body: (nullable): the request body; %NULL means empty
 * @credentials: the credentials to sign with
 * @region: the signing region
 * @service: the signing name of the service
 * @when: the signing time; the clock is never read here
 *
 * Signs a request in the Authorization header. Sets Host if missing (with
 * the port when it is not the scheme's default), X-Amz-Date from @when,
 * X-Amz-Security-Token when @credentials carry a session token (signed, as
 * AWS recommends), X-Amz-Content-Sha256 for S3, and Authorization. Any
 * previous values of these headers are replaced, so a retried request can
 * simply be signed again.
 */
void
gantry_aws_signer_sign (GantryAwsSigner      *self,
                        const char           *method,
                        GUri                 *uri,
                        SoupMessageHeaders   *headers,
                        GBytes               *body,
                        GantryAwsCredentials *credentials,
                        const char           *region,
                        const char           *service,
                        GDateTime            *when)
{
  g_autofree char *amz_date = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *authorization = NULL;
  const char *token;
  gboolean is_s3;

  g_return_if_fail (GANTRY_IS_AWS_SIGNER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (uri != NULL);
  g_return_if_fail (headers != NULL);
  g_return_if_fail (credentials != NULL);
  g_return_if_fail (region != NULL);
  g_return_if_fail (service != NULL);
  g_return_if_fail (when != NULL);

  is_s3 = service_is_s3 (service);

  if (body != NULL)
    {
      gsize len = 0;
      const void *data = g_bytes_get_data (body, &len);

      payload_hash = gantry_aws_sha256_hex (data, len);
    }
  else
    {
      payload_hash = gantry_aws_sha256_hex (NULL, 0);
    }

  if (soup_message_headers_get_one (headers, "Host") == NULL)
    {
      g_autofree char *host = host_header_for_uri (uri);

      soup_message_headers_replace (headers, "Host", host);
    }

  amz_date = format_utc (when, "%Y%m%dT%H%M%SZ");
  soup_message_headers_replace (headers, "X-Amz-Date", amz_date);

  token = gantry_aws_credentials_get_session_token (credentials);
  if (token != NULL && *token != '\0')
    soup_message_headers_replace (headers, "X-Amz-Security-Token", token);
  else
    soup_message_headers_remove (headers, "X-Amz-Security-Token");

  if (is_s3)
    soup_message_headers_replace (headers, "X-Amz-Content-Sha256", payload_hash);

  soup_message_headers_remove (headers, "Authorization");

  uri_get_wire_path_and_query (uri, &path, &query);
  canonical = gantry_aws_signer_canonical_request (method, path, query, headers,
                                                   payload_hash, !is_s3, &signed_headers);
  string_to_sign = gantry_aws_signer_string_to_sign (canonical, when, region, service);
  signature = gantry_aws_signer_compute_signature (self, credentials, string_to_sign,
                                                   when, region, service);
  scope = credential_scope (when, region, service);

  authorization = g_strdup_printf (SIGV4_ALGORITHM " Credential=%s/%s, "
                                   "SignedHeaders=%s, Signature=%s",
                                   gantry_aws_credentials_get_access_key_id (credentials),
                                   scope, signed_headers, signature);
  soup_message_headers_replace (headers, "Authorization", authorization);
}

static void
gantry_aws_signer_finalize (GObject *object)
{
  GantryAwsSigner *self = (GantryAwsSigner *)object;

  /* The destroy function cleanses every key. */
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->cache_date, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (gantry_aws_signer_parent_class)->finalize (object);
}

static void
gantry_aws_signer_class_init (GantryAwsSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gantry_aws_signer_finalize;
}

static void
gantry_aws_signer_init (GantryAwsSigner *self)
{
  g_mutex_init (&self->mutex);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, signing_key_free);
}

/**
 * gantry_aws_signer_new:
 *
 * Returns: (transfer full): a new signer with an empty key cache
 */
GantryAwsSigner *
gantry_aws_signer_new (void)
{
  return g_object_new (GANTRY_TYPE_AWS_SIGNER, NULL);
}
