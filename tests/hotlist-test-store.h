/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests read back from a workspace after an import: custom attributes and their values. */
#pragma once

#include <json-glib/json-glib.h>

#include "hotlist.h"

/* The custom attribute imported from @column_name, or NULL. */
static inline HotlistAttribute *
custom_attribute (HotlistStore *store, const char *column_name)
{
  g_autoptr (GPtrArray) attributes = NULL;
  g_autoptr (GError)    error = NULL;

  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < attributes->len; i++)
    {
      HotlistAttribute *attribute = attributes->pdata[i];

      if (!attribute->is_core && g_strcmp0 (attribute->column_name, column_name) == 0)
        return hotlist_attribute_copy (attribute);
    }
  return NULL;
}

/* The lead's value for the custom attribute of @column_name, or NULL when it has none. */
static inline char *
custom_value (HotlistStore *store, const HotlistLead *lead, const char *column_name)
{
  g_autoptr (HotlistAttribute) attribute = custom_attribute (store, column_name);
  g_autoptr (JsonParser)       parser = json_parser_new ();
  g_autoptr (GError)           error = NULL;
  JsonObject                  *object;

  g_assert_nonnull (attribute);
  if (lead->custom_json == NULL)
    return NULL;
  json_parser_load_from_data (parser, lead->custom_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, attribute->key)
      || json_object_get_null_member (object, attribute->key))
    return NULL;
  return g_strdup (json_object_get_string_member (object, attribute->key));
}
