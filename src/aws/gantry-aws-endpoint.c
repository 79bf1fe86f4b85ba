/* gantry-aws-endpoint.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-aws-endpoint"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "gantry-aws-endpoint.h"
#include "gantry-aws-error.h"

/**
 * gantry_aws_region_is_valid:
 * @region: (nullable): a region name such as "eu-west-1"
 *
 * Checks the shape only (letters, dashes, a final number), so that a typo
 * fails with a clear message instead of a DNS error for a host that cannot
 * exist, while new regions keep working.
 */
gboolean
gantry_aws_region_is_valid (const char *region)
{
  return region != NULL &&
         g_regex_match_simple ("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", region, 0, 0);
}

/**
 * gantry_aws_endpoint_is_loopback:
 *
 * Returns: %TRUE if @uri's host is on this machine (127.0.0.0/8, ::1, localhost)
 */
gboolean
gantry_aws_endpoint_is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
env_override_for (const GantryAwsService *service)
{
  g_autofree char *name = g_strconcat ("AWS_ENDPOINT_URL_", service->env_suffix, NULL);
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    value = g_getenv ("AWS_ENDPOINT_URL");
  if (value == NULL || *value == '\0')
    return NULL;
  return g_strdup (value);
}

/* GUri accepts any byte in a host, but the host becomes the signed Host
 * header, where a control character or a space is a protocol violation
 * libsoup refuses (found by fuzzing the signer). */
static gboolean
is_valid_host (const char *host)
{
  if (host == NULL || *host == '\0')
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isgraph (*p) && !((guchar) *p & 0x80))
        return FALSE;
    }

  return TRUE;
}

static GUri *
parse_override (const char  *url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &local_error);
  if (uri == NULL || !is_valid_host (g_uri_get_host (uri)))
    {
      /* Escaped: the URL may hold control characters meant for a terminal. */
      g_autofree char *printable = g_strescape (url, NULL);

      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The endpoint URL “%s” is not a valid URL. Use the form https://host[:port]."),
                   printable);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && gantry_aws_endpoint_is_loopback (uri)))
    {
      /* Plain HTTP would send signed requests (and reveal what we ask for) in
       * clear text: only an emulator on this machine gets that. */
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("The endpoint URL “%s” must use https:// (plain http:// is allowed only for "
                     "127.0.0.1, ::1 or localhost)."),
                   url);
      return NULL;
    }

  /* "http://127.0.0.1:5000" has an empty path; requests go to "/". */
  if (*g_uri_get_path (uri) == '\0')
    {
      GUri *rooted = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                                  g_uri_get_host (uri), g_uri_get_port (uri), "/", NULL, NULL);
      g_uri_unref (uri);
      uri = rooted;
    }

  return g_steal_pointer (&uri);
}

/**
 * gantry_aws_endpoint_resolve:
 * @service: the service
 * @region: (nullable): the region
 * @override_url: (nullable): an endpoint from the command line, which wins
 * @out_signing_region: (out) (optional): the region to sign requests for
 * @error: return location for a %GANTRY_AWS_ERROR_CONFIG error
 *
 * Resolves where requests for @service go, in the order every AWS SDK uses:
 * @override_url, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then the
 * public endpoint of @region.
 *
 * Returns: (transfer full): the endpoint
 */
GUri *
gantry_aws_endpoint_resolve (const GantryAwsService  *service,
                             const char              *region,
                             const char              *override_url,
                             char                   **out_signing_region,
                             GError                 **error)
{
  g_autofree char *env_url = NULL;
  g_autofree char *host = NULL;
  const char *url = override_url;
  const char *signing_region = region;
  const char *suffix = "amazonaws.com";
  GUri *uri;

  if (url == NULL || *url == '\0')
    url = env_url = env_override_for (service);

  if (service->global_region != NULL)
    signing_region = service->global_region;
  else if (region == NULL && service == &gantry_aws_service_sts)
    signing_region = "us-east-1";

  if (signing_region == NULL)
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("No AWS region is set. Pass --region, set AWS_REGION, or add “region = …” "
                     "to the profile in ~/.aws/config."));
      return NULL;
    }
  if (!gantry_aws_region_is_valid (signing_region))
    {
      g_set_error (error, GANTRY_AWS_ERROR, GANTRY_AWS_ERROR_CONFIG,
                   _("“%s” is not an AWS region name (for example eu-west-1). Check --region, "
                     "AWS_REGION or the profile’s region."),
                   signing_region);
      return NULL;
    }

  if (url != NULL)
    {
      uri = parse_override (url, error);
      if (uri == NULL)
        return NULL;
    }
  else
    {
      if (g_str_has_prefix (signing_region, "cn-"))
        suffix = "amazonaws.com.cn";

      if (service->global_region != NULL)
        host = g_strdup_printf ("%s.%s", service->endpoint_prefix, suffix);
      else if (region == NULL)
        host = g_strdup_printf ("%s.%s", service->endpoint_prefix, suffix);
      else
        host = g_strdup_printf ("%s.%s.%s", service->endpoint_prefix, signing_region, suffix);

      uri = g_uri_build (G_URI_FLAGS_ENCODED, "https", NULL, host, -1, "/", NULL, NULL);
    }

  if (out_signing_region != NULL)
    *out_signing_region = g_strdup (signing_region);

  return uri;
}
