/* fuzz-sigv4.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-fuzz-sigv4"

#include "config.h"

#include <string.h>

#include "aws/gantry-aws-credentials.h"
#include "aws/gantry-aws-signer.h"
#include "gantry-fuzz.h"

/* The SigV4 canonicalizer. The input reads like the test suite's
 * request.txt, so its files seed the corpus:
 *
 *   METHOD TARGET[ HTTP/1.1]      TARGET is PATH[?QUERY]
 *   Name:value                    one header a line
 *
 * Header lines libsoup would refuse to build (bad name, CR/LF in the value)
 * are skipped: such a request can never reach the signer. */

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static gboolean
valid_header_name (const char *name)
{
  return *name != '\0' && strpbrk (name, " \t\r\n:") == NULL;
}

static void
canonicalize (const char         *method,
              const char         *path,
              const char         *query,
              SoupMessageHeaders *headers,
              gboolean            normalize)
{
  g_autofree char *canonical = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);

  canonical = gantry_aws_signer_canonical_request (method, path, query, headers,
                                                   EMPTY_SHA256, normalize, &signed_headers);
  g_assert_nonnull (canonical);
  g_assert_nonnull (signed_headers);
  /* The payload hash ends the canonical request, the signed headers precede it. */
  g_assert_true (g_str_has_suffix (canonical, "\n" EMPTY_SHA256));

  string_to_sign = gantry_aws_signer_string_to_sign (canonical, when, "us-east-1", "service");
  g_assert_true (g_str_has_prefix (string_to_sign, "AWS4-HMAC-SHA256\n"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *target = NULL;
  char *space;
  char *question;

  gantry_fuzz_init ();

  lines = g_strsplit (text, "\n", 64);
  if (lines[0] == NULL)
    return 0;

  g_strchomp (lines[0]);
  space = strchr (lines[0], ' ');
  if (space == NULL)
    {
      method = g_strdup (lines[0]);
      target = g_strdup ("/");
    }
  else
    {
      char *last_space = strrchr (lines[0], ' ');

      method = g_strndup (lines[0], space - lines[0]);
      if (last_space > space && g_str_has_prefix (last_space, " HTTP/"))
        target = g_strndup (space + 1, last_space - space - 1);
      else
        target = g_strdup (space + 1);
    }

  question = strchr (target, '?');
  if (question != NULL)
    {
      path = g_strndup (target, question - target);
      query = g_strdup (question + 1);
    }
  else
    {
      path = g_strdup (target);
    }

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      char *colon = strchr (line, ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (!valid_header_name (line) || strpbrk (colon + 1, "\r\n") != NULL)
        continue;
      soup_message_headers_append (headers, line, colon + 1);
    }

  /* Host is a documented precondition of the canonicalizer (the signer
   * sets it from the URI first); without one only the signing step runs. */
  if (soup_message_headers_get_one (headers, "Host") != NULL)
    {
      canonicalize (method, path, query, headers, TRUE);
      canonicalize (method, path, query, headers, FALSE);
    }

  /* The whole signing step, as the engine does it. The host is the
   * endpoint's, which gantry_aws_endpoint_resolve() validated; path and
   * query come from the input. */
  {
    g_autoptr(GUri) uri = g_uri_build (G_URI_FLAGS_ENCODED, "https", NULL,
                                       "example.amazonaws.com", -1, path, query, NULL);

    if (*method != '\0' && valid_header_name (method))
      {
        g_autoptr(GantryAwsSigner) signer = gantry_aws_signer_new ();
        g_autoptr(GantryAwsCredentials) credentials = NULL;
        g_autoptr(GDateTime) when = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
        g_autoptr(GBytes) body = g_bytes_new_static ("", 0);

        credentials = gantry_aws_credentials_new ("AKIDEXAMPLE",
                                                  "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                  NULL, NULL, "fuzz");
        gantry_aws_signer_sign (signer, method, uri, headers, body, credentials,
                                "us-east-1", "service", when);
        g_assert_nonnull (soup_message_headers_get_one (headers, "Authorization"));
      }
  }

  return 0;
}
