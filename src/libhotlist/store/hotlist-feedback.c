/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An SDR's 👍/👎 on a lead's score: the store's writes and reads of the feedback table. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-feedback.h"
#include "hotlist-store-private.h"

#define INSERT_FEEDBACK_SQL \
  "INSERT INTO feedback (lead, verdict, note, created_at) VALUES (?1, ?2, ?3, ?4)"

#define LATEST_FEEDBACK_SQL \
  "SELECT verdict FROM feedback WHERE lead = ?1 ORDER BY created_at DESC, id DESC LIMIT 1"

static gboolean
lead_exists (HotlistStore *self, gint64 lead, gboolean *exists, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (self, "SELECT 1 FROM leads WHERE id = ?1", error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not read the lead"));
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static void
set_no_lead_error (GError **error, gint64 lead)
{
  g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
               _ ("No lead #%" G_GINT64_FORMAT " in this workspace"), lead);
}

/**
 * hotlist_store_add_feedback:
 * @store: a #HotlistStore
 * @lead: the row id of the lead
 * @verdict: 1 when the score looks right, -1 when it looks wrong
 * @note: (nullable): why, in the SDR's words
 * @error: return location for a #GError
 *
 * Keeps an SDR's verdict on a lead's score. The latest verdict is the one that counts
 * (hotlist_store_get_feedback()); earlier ones stay as history. The lead is rescored with the
 * transaction, so the store's #HotlistStore::leads-changed signal tells the views. A lone call
 * is its own transaction.
 *
 * A verdict other than ±1 (%HOTLIST_STORE_ERROR_INVALID) or an unknown lead
 * (%HOTLIST_STORE_ERROR_NOT_FOUND) writes nothing and leaves an enclosing transaction open;
 * any other error rolls it back.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_store_add_feedback (HotlistStore *store,
                            gint64        lead,
                            int           verdict,
                            const char   *note,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean      nested;
  gboolean      exists = FALSE;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (verdict != 1 && verdict != -1)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("A verdict on a score is 1 (right) or -1 (wrong), not %d"), verdict);
      return FALSE;
    }
  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The note on the score is not valid UTF-8 text"));
      return FALSE;
    }
  if (note != NULL && *note == '\0')
    note = NULL;

  nested = hotlist_store_in_transaction (store);
  if (!hotlist_store_begin (store, error))
    return FALSE;
  if (!lead_exists (store, lead, &exists, error))
    goto fail;
  if (!exists)
    {
      set_no_lead_error (error, lead);
      /* Nothing was written: an enclosing transaction goes on. */
      if (nested)
        hotlist_store_commit (store, NULL);
      else
        hotlist_store_rollback (store);
      return FALSE;
    }

  stmt = hotlist_store_prepare (store, INSERT_FEEDBACK_SQL, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, lead);
  sqlite3_bind_int (stmt, 2, verdict);
  if (note != NULL)
    sqlite3_bind_text (stmt, 3, note, (int)strlen (note), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!hotlist_store_step_done (store, stmt, error))
    goto fail;

  hotlist_store_mark_changed (store, lead);
  return hotlist_store_commit (store, error);

fail:
  g_prefix_error (error, _ ("Could not keep the verdict on the score: "));
  hotlist_store_rollback (store);
  return FALSE;
}

/**
 * hotlist_store_get_feedback:
 * @store: a #HotlistStore
 * @lead: the row id of the lead
 * @error: return location for a #GError
 *
 * Returns: the latest verdict on the lead's score: 1 (right), -1 (wrong), or 0 when there is
 *   none; 0 with @error set when it cannot be read (%HOTLIST_STORE_ERROR_NOT_FOUND when there is
 *   no such lead)
 */
int
hotlist_store_get_feedback (HotlistStore *store, gint64 lead, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean      exists = FALSE;
  int           verdict = 0;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), 0);

  stmt = hotlist_store_prepare (store, LATEST_FEEDBACK_SQL, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, lead);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    verdict = sqlite3_column_int (stmt, 0);
  else if (rc != SQLITE_DONE)
    hotlist_store_set_error (store, error, _ ("Could not read the verdict on the score"));
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW || rc != SQLITE_DONE)
    return verdict;

  if (!lead_exists (store, lead, &exists, error))
    return 0;
  if (!exists)
    set_no_lead_error (error, lead);
  return 0;
}
