/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Activity queries of the store: adding or updating what a lead did, and listing it. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-activity.h"
#include "hotlist-store-private.h"

/* Longer than any type a CRM or a tracker names; a longer cell is not a type but a mistake. */
#define MAX_TYPE_LENGTH 100

/* Raises the lead's last activity date, never lowers it. ?1 lead, ?2 activity date, ?3 now. */
#define TOUCH_LEAD_SQL                                                               \
  "UPDATE leads SET last_activity_date = max(coalesce(last_activity_date, ?2), ?2)," \
  " updated_at = ?3 WHERE id = ?1"

/*
 * ?1 activity_id, ?2 lead, ?3 type, ?4 date, ?5 details, ?6 source, ?7 external_id. An activity
 * already known by (source, external_id) is updated in place, so it keeps its public id: the
 * returned activity_id tells a new row from an updated one. One that belongs to another lead is
 * left alone here, and moved by the caller.
 */
#define UPSERT_ACTIVITY_SQL                                                             \
  "INSERT INTO activities (activity_id, lead, activity_type, activity_date,"            \
  " activity_details, source, external_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"         \
  " ON CONFLICT (source, external_id) DO UPDATE SET"                                    \
  " activity_type = excluded.activity_type, activity_date = excluded.activity_date,"    \
  " activity_details = excluded.activity_details WHERE activities.lead = excluded.lead" \
  " RETURNING id, activity_id"

#define FIND_ACTIVITY_SQL "SELECT id, lead FROM activities WHERE source = ?1 AND external_id = ?2"

#define MOVE_ACTIVITY_SQL                                                    \
  "UPDATE activities SET lead = ?2, activity_type = ?3, activity_date = ?4," \
  " activity_details = ?5 WHERE id = ?1"

#define ACTIVITY_COLUMNS                                                           \
  "id, activity_id, lead, activity_type, activity_date, activity_details, source," \
  " external_id"

G_DEFINE_BOXED_TYPE (HotlistActivity,
                     hotlist_activity,
                     hotlist_activity_copy,
                     hotlist_activity_free)

HotlistActivity *
hotlist_activity_copy (const HotlistActivity *activity)
{
  HotlistActivity *copy;

  g_return_val_if_fail (activity != NULL, NULL);

  copy = g_memdup2 (activity, sizeof *activity);
  copy->activity_id = g_strdup (activity->activity_id);
  copy->activity_type = g_strdup (activity->activity_type);
  copy->details = g_strdup (activity->details);
  copy->source = g_strdup (activity->source);
  copy->external_id = g_strdup (activity->external_id);
  return copy;
}

void
hotlist_activity_free (HotlistActivity *activity)
{
  if (activity == NULL)
    return;
  g_free (activity->activity_id);
  g_free (activity->activity_type);
  g_free (activity->details);
  g_free (activity->source);
  g_free (activity->external_id);
  g_free (activity);
}

static gboolean
is_separator (gunichar c)
{
  return c == '-' || c == '_' || g_unichar_isspace (c);
}

/**
 * hotlist_activity_normalize_type:
 * @activity_type: an activity type as a person or a system wrote it
 * @error: return location for a #GError
 *
 * Trims the type, lower-cases it and joins its words with single underscores: "Page View",
 * "page-view" and " PAGE_VIEW " are all "page_view". A type must then be made of letters,
 * digits, underscores and dots, and not be empty.
 *
 * Returns: (transfer full): the type, or %NULL with @error set (%HOTLIST_STORE_ERROR_INVALID)
 */
char *
hotlist_activity_normalize_type (const char *activity_type, GError **error)
{
  g_autoptr (GString) out = NULL;
  gboolean            pending_separator = FALSE;

  if (activity_type == NULL || !g_utf8_validate (activity_type, -1, NULL))
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The activity type is not valid UTF-8 text"));
      return NULL;
    }

  out = g_string_sized_new (strlen (activity_type));
  for (const char *p = activity_type; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        {
          /* Separators at the start and the end are dropped, runs of them become one. */
          pending_separator = out->len > 0;
          continue;
        }
      if (!g_unichar_isalnum (c) && c != '.')
        {
          g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                       _ ("“%s” is not an activity type: use letters, digits, spaces, “-” or "
                          "“_” (like “page_view” or “email open”)"),
                       activity_type);
          return NULL;
        }
      if (pending_separator)
        g_string_append_c (out, '_');
      pending_separator = FALSE;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  if (out->len == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The activity type is empty"));
      return NULL;
    }
  if (out->len > MAX_TYPE_LENGTH)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The activity type “%s” is longer than %d characters"), activity_type,
                   MAX_TYPE_LENGTH);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Statements come from hotlist_store_prepare() with every parameter NULL already. */
static inline void
bind_text_if_set (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, (int)strlen (text), SQLITE_STATIC);
}

static gboolean
move_activity (HotlistStore *self,
               gint64        lead,
               const char   *type,
               gint64        activity_date,
               const char   *details,
               const char   *source,
               const char   *external_id,
               gint64       *out_id,
               GError      **error)
{
  sqlite3_stmt *stmt;
  gint64        id, old_lead;
  int           rc;

  stmt = hotlist_store_prepare (self, FIND_ACTIVITY_SQL, error);
  if (stmt == NULL)
    return FALSE;
  bind_text_if_set (stmt, 1, source);
  bind_text_if_set (stmt, 2, external_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_QUERY,
                     _ ("Could not add the activity “%s” of “%s”"), external_id, source);
      else
        hotlist_store_set_error (self, error, _ ("Could not add the activity"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  id = sqlite3_column_int64 (stmt, 0);
  old_lead = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  stmt = hotlist_store_prepare (self, MOVE_ACTIVITY_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, lead);
  bind_text_if_set (stmt, 3, type);
  sqlite3_bind_int64 (stmt, 4, activity_date);
  bind_text_if_set (stmt, 5, details);
  if (!hotlist_store_step_done (self, stmt, error))
    return FALSE;

  /* The lead it was taken from has one activity less to be scored on. */
  hotlist_store_mark_changed (self, old_lead);
  *out_id = id;
  return TRUE;
}

static gboolean
add_activity (HotlistStore *self,
              gint64        lead,
              const char   *type,
              gint64        activity_date,
              const char   *details,
              const char   *source,
              const char   *external_id,
              gint64       *out_id,
              gboolean     *out_created,
              gboolean     *out_no_lead,
              GError      **error)
{
  sqlite3_stmt *stmt;
  guint8        key[16];
  char          activity_id[37];
  int           rc;

  /* Touching the lead first finds whether it exists, before anything is written. */
  stmt = hotlist_store_prepare (self, TOUCH_LEAD_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  sqlite3_bind_int64 (stmt, 2, activity_date);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  if (!hotlist_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      *out_no_lead = TRUE;
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No lead #%" G_GINT64_FORMAT " in this workspace"), lead);
      return FALSE;
    }

  hotlist_uuid_generate (key);
  hotlist_uuid_format (key, activity_id);
  stmt = hotlist_store_prepare (self, UPSERT_ACTIVITY_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, activity_id, 36, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, lead);
  bind_text_if_set (stmt, 3, type);
  sqlite3_bind_int64 (stmt, 4, activity_date);
  bind_text_if_set (stmt, 5, details);
  bind_text_if_set (stmt, 6, source);
  bind_text_if_set (stmt, 7, external_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_created = g_strcmp0 (hotlist_store_column_text (stmt, 1), activity_id) == 0;
      sqlite3_reset (stmt);
    }
  else if (rc == SQLITE_DONE)
    {
      /* The activity is known, under another lead: the newer word on it wins. */
      sqlite3_reset (stmt);
      *out_created = FALSE;
      if (!move_activity (self, lead, type, activity_date, details, source, external_id, out_id,
                          error))
        return FALSE;
    }
  else
    {
      hotlist_store_set_error (self, error, _ ("Could not add the activity"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  hotlist_store_mark_changed (self, lead);
  return TRUE;
}

/**
 * hotlist_store_add_activity:
 * @store: a #HotlistStore
 * @lead: the row id of the lead
 * @activity_type: what happened; normalised by hotlist_activity_normalize_type()
 * @activity_date: when, in Unix seconds
 * @details: (nullable): free text or JSON
 * @source: (nullable): the system the activity comes from; "manual" when %NULL
 * @external_id: (nullable): the activity's id in @source
 * @out_id: (out) (optional): the activity's row id
 * @out_created: (out) (optional): whether the activity is new
 * @error: return location for a #GError
 *
 * Records an activity of a lead, or updates the one already known by @source and @external_id
 * (its type, date and details; and its lead, should it have moved). The lead's last activity
 * date is raised to @activity_date when that is later, and the lead is rescored with the
 * transaction. A lone call is its own transaction.
 *
 * An empty or malformed type (%HOTLIST_STORE_ERROR_INVALID) or an unknown lead
 * (%HOTLIST_STORE_ERROR_NOT_FOUND) writes nothing and leaves an enclosing transaction open;
 * any other error rolls it back.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_store_add_activity (HotlistStore *store,
                            gint64        lead,
                            const char   *activity_type,
                            gint64        activity_date,
                            const char   *details,
                            const char   *source,
                            const char   *external_id,
                            gint64       *out_id,
                            gboolean     *out_created,
                            GError      **error)
{
  g_autofree char *type = NULL;
  gint64           id = 0;
  gboolean         created = FALSE;
  gboolean         no_lead = FALSE;
  gboolean         nested;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (activity_type != NULL, FALSE);

  type = hotlist_activity_normalize_type (activity_type, error);
  if (type == NULL)
    return FALSE;
  if (source == NULL || *source == '\0')
    source = "manual";
  if (external_id != NULL && *external_id == '\0')
    external_id = NULL;

  nested = hotlist_store_in_transaction (store);
  if (!hotlist_store_begin (store, error))
    return FALSE;
  if (!add_activity (store, lead, type, activity_date, details, source, external_id, &id, &created,
                     &no_lead, error))
    {
      /* A missing lead is found before anything is written: an enclosing transaction goes on
       * (a nested commit only closes this level). */
      if (no_lead && nested)
        hotlist_store_commit (store, NULL);
      else
        hotlist_store_rollback (store);
      return FALSE;
    }
  if (!hotlist_store_commit (store, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = id;
  if (out_created != NULL)
    *out_created = created;
  return TRUE;
}

static void
read_activity (sqlite3_stmt *stmt, HotlistActivity *activity)
{
  activity->id = sqlite3_column_int64 (stmt, 0);
  activity->activity_id = g_strdup (hotlist_store_column_text (stmt, 1));
  activity->lead = sqlite3_column_int64 (stmt, 2);
  activity->activity_type = g_strdup (hotlist_store_column_text (stmt, 3));
  activity->activity_date = sqlite3_column_int64 (stmt, 4);
  activity->details = g_strdup (hotlist_store_column_text (stmt, 5));
  activity->source = g_strdup (hotlist_store_column_text (stmt, 6));
  activity->external_id = g_strdup (hotlist_store_column_text (stmt, 7));
}

static gboolean
lead_exists (HotlistStore *self, gint64 lead, gboolean *exists, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (self, "SELECT 1 FROM leads WHERE id = ?1", error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not read the lead"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * hotlist_store_list_activities:
 * @store: a #HotlistStore
 * @lead: the row id of a lead
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type HotlistActivity): the lead's activities, newest
 *   first; or %NULL with @error set (%HOTLIST_STORE_ERROR_NOT_FOUND when there is no such lead)
 */
GPtrArray *
hotlist_store_list_activities (HotlistStore *store, gint64 lead, GError **error)
{
  g_autoptr (GPtrArray) activities = NULL;
  sqlite3_stmt         *stmt;
  gboolean              exists = FALSE;
  int                   rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);

  stmt = hotlist_store_prepare (store,
                                "SELECT " ACTIVITY_COLUMNS " FROM activities WHERE lead = ?1"
                                " ORDER BY activity_date DESC, id DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  activities = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_activity_free);
  sqlite3_bind_int64 (stmt, 1, lead);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HotlistActivity *activity = g_new0 (HotlistActivity, 1);

      read_activity (stmt, activity);
      g_ptr_array_add (activities, activity);
    }
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not list the activities"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (activities->len == 0)
    {
      if (!lead_exists (store, lead, &exists, error))
        return NULL;
      if (!exists)
        {
          g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                       _ ("No lead #%" G_GINT64_FORMAT " in this workspace"), lead);
          return NULL;
        }
    }
  return g_steal_pointer (&activities);
}

/**
 * hotlist_store_count_activities:
 * @store: a #HotlistStore
 * @error: return location for a #GError
 *
 * Returns: how many activities the workspace holds, or -1 with @error set
 */
gint64
hotlist_store_count_activities (HotlistStore *store, GError **error)
{
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), -1);

  stmt = hotlist_store_prepare (store, "SELECT count(*) FROM activities", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    hotlist_store_set_error (store, error, _ ("Could not count the activities"));
  sqlite3_reset (stmt);
  return count;
}

static gboolean
lookup_one (HotlistStore *self, sqlite3_stmt *stmt, gint64 *id, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not look the lead up"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * hotlist_store_lookup_lead:
 * @store: a #HotlistStore
 * @source: (nullable): the system whose ids @lead_ref may be one of; %NULL for lead ids only
 * @lead_ref: the lead's id in @source, or its Hotlist lead id (a UUID)
 * @error: return location for a #GError
 *
 * Finds the row id of a lead named the way imports and connectors name one: by its id in
 * the system it came from, or else by its lead id.
 *
 * Returns: the lead's row id, 0 if there is no such lead, or -1 with @error set
 */
gint64
hotlist_store_lookup_lead (HotlistStore *store,
                           const char   *source,
                           const char   *lead_ref,
                           GError      **error)
{
  sqlite3_stmt *stmt;
  gint64        id = 0;
  guint8        key[16];

  g_return_val_if_fail (HOTLIST_IS_STORE (store), -1);
  g_return_val_if_fail (lead_ref != NULL, -1);

  if (source != NULL)
    {
      stmt = hotlist_store_prepare (store,
                                    "SELECT id FROM leads WHERE source = ?1 AND external_id = ?2",
                                    error);
      if (stmt == NULL)
        return -1;
      bind_text_if_set (stmt, 1, source);
      bind_text_if_set (stmt, 2, lead_ref);
      if (!lookup_one (store, stmt, &id, error))
        return -1;
      if (id != 0)
        return id;
    }

  if (hotlist_uuid_parse (lead_ref, key))
    {
      stmt = hotlist_store_prepare (store, "SELECT id FROM leads WHERE lead_id = ?1", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_blob (stmt, 1, key, 16, SQLITE_STATIC);
      if (!lookup_one (store, stmt, &id, error))
        return -1;
    }
  return id;
}
