/* gantry-test-query.h: shared bits of the EC2, RDS and ELBv2 integration tests
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aws/gantry-aws-client.h"
#include "aws/gantry-aws-static-provider.h"
#include "gantry-test-moto.h"

G_BEGIN_DECLS

/* Spins the default main context until the callback stored a result. */
#define GANTRY_TEST_AWAIT(result)                 \
  G_STMT_START                                    \
  {                                               \
    while ((result) == NULL)                      \
      g_main_context_iteration (NULL, TRUE);      \
  }                                               \
  G_STMT_END

static inline void
gantry_test_store_result (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Registered instead of the real tests when moto_server is missing. */
static inline void
gantry_test_query_skip (void)
{
  GANTRY_TEST_MOTO_SKIP_IF_UNAVAILABLE ();
  g_assert_not_reached ();
}

/* A client signed with the key moto verifies against. */
static inline GantryAwsClient *
gantry_test_query_client_new (GantryTestMoto *moto)
{
  g_autoptr(GantryAwsCredentialsProvider) provider = NULL;
  GantryAwsClient *client;

  provider = gantry_aws_static_provider_new (gantry_test_moto_get_credentials (moto));
  client = gantry_aws_client_new (provider, GANTRY_TEST_MOTO_REGION);
  gantry_aws_client_set_endpoint_url (client, gantry_test_moto_get_endpoint (moto));
  gantry_aws_client_set_timeout (client, 20);
  return client;
}

/* Runs a seed script and returns its JSON summary. */
static inline JsonObject *
gantry_test_query_seed (GantryTestMoto     *moto,
                        const char         *script,
                        const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  gantry_test_moto_run_seed (moto, script, args, &output, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, output, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The demo seed is found through GANTRY_DEMO_SEED, which meson sets. */
static inline JsonObject *
gantry_test_query_seed_demo (GantryTestMoto *moto)
{
  const char *path = g_getenv ("GANTRY_DEMO_SEED");

  g_assert_nonnull (path);
  return gantry_test_query_seed (moto, path, NULL);
}

/* The first struct in @items whose string field at @offset equals @value. */
static inline gpointer
gantry_test_find (GPtrArray  *items,
                  gsize       offset,
                  const char *value)
{
  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      if (g_strcmp0 (G_STRUCT_MEMBER (char *, item, offset), value) == 0)
        return item;
    }
  return NULL;
}

static inline guint
gantry_test_count (GPtrArray  *items,
                   gsize       offset,
                   const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const char *field = G_STRUCT_MEMBER (char *, g_ptr_array_index (items, i), offset);

      n += field != NULL && g_str_has_prefix (field, prefix);
    }
  return n;
}

G_END_DECLS
