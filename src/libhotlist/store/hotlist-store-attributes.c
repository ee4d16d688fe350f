/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attribute queries of the store: listing, lookup, and registering custom columns. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hotlist-store-private.h"

#define ATTRIBUTE_COLUMNS \
  "key, label, kind, attr_group, is_core, column_name, position, enabled, weight, leakage"

static HotlistAttribute *
read_attribute (sqlite3_stmt *stmt)
{
  HotlistAttribute     *attribute = g_new0 (HotlistAttribute, 1);
  HotlistValueKind      kind = HOTLIST_VALUE_TEXT;
  HotlistAttributeGroup group = HOTLIST_ATTRIBUTE_GROUP_CUSTOM;

  attribute->key = g_strdup (hotlist_store_column_text (stmt, 0));
  attribute->label = g_strdup (hotlist_store_column_text (stmt, 1));
  hotlist_value_kind_from_string (hotlist_store_column_text (stmt, 2), &kind);
  attribute->kind = kind;
  hotlist_attribute_group_from_string (hotlist_store_column_text (stmt, 3), &group);
  attribute->group = group;
  attribute->is_core = sqlite3_column_int (stmt, 4) != 0;
  attribute->column_name = g_strdup (hotlist_store_column_text (stmt, 5));
  attribute->position = sqlite3_column_int (stmt, 6);
  attribute->enabled = sqlite3_column_int (stmt, 7) != 0;
  attribute->weight = sqlite3_column_double (stmt, 8);
  attribute->leakage = g_strdup (hotlist_store_column_text (stmt, 9));
  return attribute;
}

/**
 * hotlist_store_list_attributes:
 * @self: a #HotlistStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type HotlistAttribute): every attribute, core ones
 *   first, then custom ones in the order they arrived
 */
GPtrArray *
hotlist_store_list_attributes (HotlistStore *self, GError **error)
{
  g_autoptr (GPtrArray) attributes = NULL;
  sqlite3_stmt         *stmt;
  int                   rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);

  stmt = hotlist_store_prepare (self,
                                "SELECT " ATTRIBUTE_COLUMNS " FROM attributes"
                                " ORDER BY is_core DESC, position, key",
                                error);
  if (stmt == NULL)
    return NULL;
  attributes = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_attribute_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (attributes, read_attribute (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not list the attributes"));
      return NULL;
    }
  return g_steal_pointer (&attributes);
}

HotlistAttribute *
hotlist_store_get_attribute (HotlistStore *self, const char *key, GError **error)
{
  HotlistAttribute *attribute = NULL;
  sqlite3_stmt     *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = hotlist_store_prepare (self, "SELECT " ATTRIBUTE_COLUMNS " FROM attributes WHERE key = ?1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    attribute = read_attribute (stmt);
  else
    g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                 _ ("No attribute “%s” in this workspace"), key);
  sqlite3_reset (stmt);
  return attribute;
}

/* A key is lower-case ASCII words joined by underscores: "Pricing page views" → "pricing_page_views". */
static char *
make_key (const char *column_name)
{
  GString *key = g_string_new (NULL);
  gboolean gap = FALSE;

  for (const char *p = column_name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (gap && key->len > 0)
            g_string_append_c (key, '_');
          g_string_append_c (key, g_ascii_tolower (*p));
          gap = FALSE;
        }
      else if (*p == '#')
        {
          if (key->len > 0)
            g_string_append_c (key, '_');
          g_string_append (key, "number");
          gap = TRUE;
        }
      else
        gap = TRUE;
    }
  if (key->len == 0)
    g_string_append (key, "column");
  if (g_ascii_isdigit (key->str[0]))
    g_string_prepend (key, "c_");
  return g_string_free (key, FALSE);
}

static gboolean
name_mentions (const char *folded, const char **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (folded, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* A first guess at the group from the column's name; the user can read it in the settings. */
static HotlistAttributeGroup
guess_group (const char *column_name)
{
  static const char *behavior[] = { "visit",   "page",  "view",   "click",   "download", "webinar",
                                    "session", "trial", "demo",   "pricing", "website",  "web ",
                                    "content", "form",  "signup", "sign up", NULL };
  static const char *engagement[] = { "email",    "open",     "repl",     "call",
                                      "meeting",  "campaign", "contact",  "touch",
                                      "previous", "response", "sequence", NULL };
  static const char *firmographics[] = { "revenue", "employee",     "industry",     "funding",
                                         "company", "organization", "organisation", "account",
                                         "sector",  "headcount",    "tech",         NULL };
  static const char *demographics[] = { "age",        "job",  "title",  "education", "marital",
                                        "country",    "city", "region", "state",     "seniority",
                                        "department", "role", "gender", "language",  NULL };
  static const char *crm[] = { "deal",   "stage", "owner",    "status", "lifecycle", "rating",
                               "source", "label", "pipeline", "won",    "lost",      NULL };
  g_autofree char   *folded = g_ascii_strdown (column_name, -1);

  if (name_mentions (folded, crm))
    return HOTLIST_ATTRIBUTE_GROUP_CRM;
  if (name_mentions (folded, behavior))
    return HOTLIST_ATTRIBUTE_GROUP_BEHAVIOR;
  if (name_mentions (folded, engagement))
    return HOTLIST_ATTRIBUTE_GROUP_ENGAGEMENT;
  if (name_mentions (folded, firmographics))
    return HOTLIST_ATTRIBUTE_GROUP_FIRMOGRAPHICS;
  if (name_mentions (folded, demographics))
    return HOTLIST_ATTRIBUTE_GROUP_DEMOGRAPHICS;
  return HOTLIST_ATTRIBUTE_GROUP_CUSTOM;
}

static gboolean
key_exists (HotlistStore *self, const char *key)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (self, "SELECT 1 FROM attributes WHERE key = ?1", NULL);
  gboolean exists;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return exists;
}

/**
 * hotlist_store_ensure_custom_attribute:
 * @self: a #HotlistStore
 * @column_name: the column's name as the data source wrote it
 * @out_kind: (out) (optional): the attribute's kind; a new attribute starts as text, until
 *   the writer has seen its values and calls hotlist_store_update_attribute_kind()
 * @out_created: (out) (optional): whether the attribute is new
 * @error: return location for a #GError
 *
 * Finds the custom attribute for @column_name, or registers a new one.
 *
 * Returns: (transfer full): the attribute's key, or %NULL with @error set
 */
char *
hotlist_store_ensure_custom_attribute (HotlistStore     *self,
                                       const char       *column_name,
                                       HotlistValueKind *out_kind,
                                       gboolean         *out_created,
                                       GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *base = NULL;
  sqlite3_stmt    *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  g_return_val_if_fail (column_name != NULL, NULL);

  stmt = hotlist_store_prepare (self,
                                "SELECT key, kind FROM attributes"
                                " WHERE is_core = 0 AND column_name = ?1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, column_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      HotlistValueKind old_kind = HOTLIST_VALUE_TEXT;

      key = g_strdup (hotlist_store_column_text (stmt, 0));
      hotlist_value_kind_from_string (hotlist_store_column_text (stmt, 1), &old_kind);
      sqlite3_reset (stmt);
      if (out_kind != NULL)
        *out_kind = old_kind;
      if (out_created != NULL)
        *out_created = FALSE;
      return g_steal_pointer (&key);
    }
  sqlite3_reset (stmt);

  base = make_key (column_name);
  key = g_strdup (base);
  for (guint n = 2; key_exists (self, key); n++)
    {
      g_free (key);
      key = g_strdup_printf ("%s_%u", base, n);
    }

  stmt = hotlist_store_prepare (self,
                                "INSERT INTO attributes (key, label, kind, attr_group, is_core,"
                                " column_name, position)"
                                " VALUES (?1, ?2, ?3, ?4, 0, ?2,"
                                "  (SELECT coalesce(max(position), 0) + 1 FROM attributes))",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, "text", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hotlist_attribute_group_to_string (guess_group (column_name)), -1,
                     SQLITE_STATIC);
  if (!hotlist_store_step_done (self, stmt, error))
    return NULL;
  if (out_kind != NULL)
    *out_kind = HOTLIST_VALUE_TEXT;
  if (out_created != NULL)
    *out_created = TRUE;
  return g_steal_pointer (&key);
}

gboolean
hotlist_store_update_attribute_kind (HotlistStore    *self,
                                     const char      *key,
                                     HotlistValueKind kind,
                                     GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = hotlist_store_prepare (self, "UPDATE attributes SET kind = ?2 WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hotlist_value_kind_to_string (kind), -1, SQLITE_STATIC);
  if (!hotlist_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No attribute “%s” in this workspace"), key);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_store_set_attribute:
 * @self: a #HotlistStore
 * @key: the attribute's key
 * @weight: the new weight (0–3), or NAN to keep it
 * @enabled: 1 or 0, or -1 to keep it
 * @error: return location for a #GError
 *
 * Sets what the manager chose for an attribute. The choice is the user's from now on: a later
 * training's leakage guard reports on the attribute but no longer switches it off or on.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_store_set_attribute (HotlistStore *self,
                             const char   *key,
                             double        weight,
                             int           enabled,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!isnan (weight) && !(weight >= 0 && weight <= 3))
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("A weight is between 0 and 3, not %g"), weight);
      return FALSE;
    }
  stmt = hotlist_store_prepare (self,
                                "UPDATE attributes SET weight = COALESCE (?2, weight),"
                                " enabled = CASE WHEN ?3 < 0 THEN enabled ELSE ?3 END,"
                                " user_set = CASE WHEN ?3 < 0 THEN user_set ELSE 1 END"
                                " WHERE key = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (isnan (weight))
    sqlite3_bind_null (stmt, 2);
  else
    sqlite3_bind_double (stmt, 2, weight);
  sqlite3_bind_int (stmt, 3, enabled);
  if (!hotlist_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No attribute “%s” in this workspace"), key);
      return FALSE;
    }
  return TRUE;
}
