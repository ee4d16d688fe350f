/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lead queries of the store: upsert by id, lookups, counts and ordered iteration. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hotlist-store-private.h"

/*
 * Parameters shared by the insert and update statements:
 *   ?1 lead_id, ?2 source, ?3 external_id, ?4–?13 the text fields in HotlistLeadField order,
 *   ?14 company_size, ?15 outcome, ?16 outcome_at, ?17 last_activity_date, ?18 created_at,
 *   ?19 now, ?20 custom patch, ?21 the mask of present fields, ?22 an explicit outcome_at.
 */
#define LEAD_INSERT_SQL                                                                            \
  "INSERT INTO leads (lead_id, source, external_id, first_name, last_name, email, company,"        \
  " job_title, industry, country, lead_source, status, owner, company_size, outcome, outcome_at,"  \
  " last_activity_date, created_at, updated_at, custom)"                                           \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19," \
  " CASE WHEN ?20 IS NULL THEN NULL ELSE json_patch('{}', ?20) END)"                               \
  " ON CONFLICT DO NOTHING"

#define LEAD_UPDATE_SET                                                              \
  "UPDATE leads SET"                                                                 \
  " first_name = CASE WHEN ?21 & 1 THEN ?4 ELSE first_name END,"                     \
  " last_name = CASE WHEN ?21 & 2 THEN ?5 ELSE last_name END,"                       \
  " email = CASE WHEN ?21 & 4 THEN ?6 ELSE email END,"                               \
  " company = CASE WHEN ?21 & 8 THEN ?7 ELSE company END,"                           \
  " job_title = CASE WHEN ?21 & 16 THEN ?8 ELSE job_title END,"                      \
  " industry = CASE WHEN ?21 & 32 THEN ?9 ELSE industry END,"                        \
  " country = CASE WHEN ?21 & 64 THEN ?10 ELSE country END,"                         \
  " lead_source = CASE WHEN ?21 & 128 THEN ?11 ELSE lead_source END,"                \
  " status = CASE WHEN ?21 & 256 THEN ?12 ELSE status END,"                          \
  " owner = CASE WHEN ?21 & 512 THEN ?13 ELSE owner END,"                            \
  " company_size = CASE WHEN ?21 & 1024 THEN ?14 ELSE company_size END,"             \
  " created_at = CASE WHEN ?21 & 2048 THEN ?18 ELSE created_at END,"                 \
  " last_activity_date = CASE WHEN ?21 & 4096 THEN ?17 ELSE last_activity_date END," \
  " outcome_at = CASE WHEN ?21 & 8192 AND ?22 IS NOT NULL THEN ?22"                  \
  "   WHEN ?21 & 8192 AND ?15 <> outcome THEN ?16 ELSE outcome_at END,"              \
  " outcome = CASE WHEN ?21 & 8192 THEN ?15 ELSE outcome END,"                       \
  " custom = CASE WHEN ?20 IS NULL THEN custom"                                      \
  "   ELSE json_patch(coalesce(custom, '{}'), ?20) END,"                             \
  " updated_at = ?19"

#define LEAD_UPDATE_BY_LEAD_ID_SQL \
  LEAD_UPDATE_SET ", external_id = coalesce(?3, external_id) WHERE lead_id = ?1 RETURNING id"

#define LEAD_UPDATE_BY_EXTERNAL_ID_SQL \
  LEAD_UPDATE_SET " WHERE source = ?2 AND external_id = ?3 RETURNING id"

#define LEAD_COLUMNS                                                                           \
  "id, lead_id, source, external_id, first_name, last_name, email, company, job_title,"        \
  " industry, country, lead_source, status, owner, company_size, outcome, outcome_at,"         \
  " lead_score, probability, tier, score_model_id, scored_at, last_activity_date, created_at," \
  " updated_at, custom"

G_STATIC_ASSERT (HOTLIST_LEAD_FIELD_COMPANY_SIZE == 10);
G_STATIC_ASSERT (HOTLIST_LEAD_FIELD_CREATED_AT == 11);
G_STATIC_ASSERT (HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE == 12);
G_STATIC_ASSERT (HOTLIST_LEAD_FIELD_OUTCOME == 13);

static void
bind_optional_int (sqlite3_stmt *stmt, int index, gboolean present, gint64 value)
{
  if (present)
    sqlite3_bind_int64 (stmt, index, value);
}

/* Statements come from hotlist_store_prepare() with every parameter NULL already, so a
 * NULL needs no binding; an import binds twenty parameters per row. */
static inline void
bind_text_if_set (sqlite3_stmt *stmt, int index, const char *text)
{
  /* With a length of -1, SQLite measures the text a byte at a time; libc's strlen is faster. */
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, (int)strlen (text), SQLITE_STATIC);
}

static void
bind_input (sqlite3_stmt *stmt, const HotlistLeadInput *input, const guint8 *key, gint64 now)
{
  gboolean       has_outcome = HOTLIST_LEAD_INPUT_HAS (input, HOTLIST_LEAD_FIELD_OUTCOME);
  HotlistOutcome outcome = has_outcome ? input->outcome : HOTLIST_OUTCOME_OPEN;

  if (key != NULL)
    sqlite3_bind_blob (stmt, 1, key, 16, SQLITE_STATIC);
  bind_text_if_set (stmt, 2, input->source);
  bind_text_if_set (stmt, 3, input->external_id);
  for (int i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    bind_text_if_set (stmt, 4 + i, input->text[i]);
  bind_optional_int (stmt, 14,
                     HOTLIST_LEAD_INPUT_HAS (input, HOTLIST_LEAD_FIELD_COMPANY_SIZE)
                         && input->company_size >= 0,
                     input->company_size);
  sqlite3_bind_text (stmt, 15, hotlist_outcome_to_string (outcome), -1, SQLITE_STATIC);
  bind_optional_int (stmt, 16, outcome != HOTLIST_OUTCOME_OPEN,
                     input->outcome_at > 0 ? input->outcome_at : now);
  bind_optional_int (stmt, 22, outcome != HOTLIST_OUTCOME_OPEN && input->outcome_at > 0,
                     input->outcome_at);
  bind_optional_int (stmt, 17,
                     HOTLIST_LEAD_INPUT_HAS (input, HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE)
                         && input->last_activity_date > 0,
                     input->last_activity_date);
  sqlite3_bind_int64 (stmt, 18,
                      HOTLIST_LEAD_INPUT_HAS (input, HOTLIST_LEAD_FIELD_CREATED_AT)
                              && input->created_at > 0
                          ? input->created_at
                          : now);
  sqlite3_bind_int64 (stmt, 19, now);
  bind_text_if_set (stmt, 20, input->custom_patch);
  sqlite3_bind_int (stmt, 21, (int)input->present);
}

static gboolean
run_update (HotlistStore           *self,
            const char             *sql,
            const HotlistLeadInput *input,
            const guint8           *key,
            gint64                  now,
            gint64                 *out_id,
            GError                **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (self, sql, error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  bind_input (stmt, input, key, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    hotlist_store_set_error (self, error, _ ("Could not update the lead"));
  else
    *out_id = 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/**
 * hotlist_store_upsert_lead:
 * @self: a #HotlistStore
 * @input: what is known of the lead
 * @out_id: (out) (optional): the lead's row id
 * @out_created: (out) (optional): whether the lead is new
 * @error: return location for a #GError
 *
 * Creates the lead, or updates the one with the same lead id, or the same source and
 * external id. Only the fields in @input's mask are written on update.
 *
 * Returns: %TRUE on success
 */
static gboolean upsert_lead (HotlistStore           *self,
                             const HotlistLeadInput *input,
                             gint64                 *out_id,
                             gboolean               *out_created,
                             GError                **error);

gboolean
hotlist_store_upsert_lead (HotlistStore           *self,
                           const HotlistLeadInput *input,
                           gint64                 *out_id,
                           gboolean               *out_created,
                           GError                **error)
{
  gint64   id = 0;
  gboolean outermost;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (input->source != NULL, FALSE);

  /* A lone write is its own transaction, so that the lead is rescored with it. Inside a
   * caller's transaction, a failed row leaves the rest of it alone (the caller decides). */
  outermost = !hotlist_store_in_transaction (self);
  if (!hotlist_store_begin (self, error))
    return FALSE;
  if (!upsert_lead (self, input, &id, out_created, error))
    {
      if (outermost)
        hotlist_store_rollback (self);
      else
        self->transaction_depth--;
      return FALSE;
    }
  hotlist_store_mark_changed (self, id);
  if (!hotlist_store_commit (self, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;
}

static gboolean
upsert_lead (HotlistStore           *self,
             const HotlistLeadInput *input,
             gint64                 *out_id,
             gboolean               *out_created,
             GError                **error)
{
  guint8        key[16];
  guint8        new_key[16];
  gboolean      has_key = FALSE;
  sqlite3_stmt *stmt;
  gint64        now = g_get_real_time () / G_USEC_PER_SEC;
  gint64        id = 0;

  if (input->lead_id != NULL)
    {
      if (!hotlist_uuid_parse (input->lead_id, key))
        {
          g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                       _ ("“%s” is not a valid lead id"), input->lead_id);
          return FALSE;
        }
      has_key = TRUE;
    }
  else
    hotlist_uuid_generate (new_key);

  stmt = hotlist_store_prepare (self, LEAD_INSERT_SQL, error);
  if (stmt == NULL)
    return FALSE;
  bind_input (stmt, input, has_key ? key : new_key, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not add the lead"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (self->db) > 0)
    {
      if (out_id != NULL)
        *out_id = sqlite3_last_insert_rowid (self->db);
      if (out_created != NULL)
        *out_created = TRUE;
      return TRUE;
    }

  /* The lead exists: find it by the ids the writer gave, public id first. */
  if (has_key && !run_update (self, LEAD_UPDATE_BY_LEAD_ID_SQL, input, key, now, &id, error))
    return FALSE;
  if (id == 0 && input->external_id != NULL
      && !run_update (self, LEAD_UPDATE_BY_EXTERNAL_ID_SQL, input, NULL, now, &id, error))
    return FALSE;
  if (id == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The lead conflicts with another lead and could not be matched"));
      return FALSE;
    }

  if (out_id != NULL)
    *out_id = id;
  if (out_created != NULL)
    *out_created = FALSE;
  return TRUE;
}

static char *
dup_column (sqlite3_stmt *stmt, int column)
{
  return g_strdup (hotlist_store_column_text (stmt, column));
}

static gint64
column_int_or (sqlite3_stmt *stmt, int column, gint64 missing)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return missing;
  return sqlite3_column_int64 (stmt, column);
}

static void
read_lead (sqlite3_stmt *stmt, HotlistLead *lead)
{
  HotlistOutcome outcome = HOTLIST_OUTCOME_OPEN;

  lead->id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_bytes (stmt, 1) == 16)
    {
      lead->lead_id = g_malloc (37);
      hotlist_uuid_format (sqlite3_column_blob (stmt, 1), lead->lead_id);
    }
  lead->source = dup_column (stmt, 2);
  lead->external_id = dup_column (stmt, 3);
  for (int i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    lead->text[i] = dup_column (stmt, 4 + i);
  lead->company_size = column_int_or (stmt, 14, -1);
  hotlist_outcome_from_string (hotlist_store_column_text (stmt, 15), &outcome);
  lead->outcome = outcome;
  lead->outcome_at = column_int_or (stmt, 16, 0);
  lead->lead_score = (int)column_int_or (stmt, 17, -1);
  lead->probability =
      sqlite3_column_type (stmt, 18) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 18);
  lead->tier = dup_column (stmt, 19);
  lead->score_model_id = column_int_or (stmt, 20, 0);
  lead->scored_at = column_int_or (stmt, 21, 0);
  lead->last_activity_date = column_int_or (stmt, 22, 0);
  lead->created_at = column_int_or (stmt, 23, 0);
  lead->updated_at = column_int_or (stmt, 24, 0);
  lead->custom_json = dup_column (stmt, 25);
}

static void
clear_lead (HotlistLead *lead)
{
  g_free (lead->lead_id);
  g_free (lead->source);
  g_free (lead->external_id);
  for (int i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    g_free (lead->text[i]);
  g_free (lead->tier);
  g_free (lead->custom_json);
  memset (lead, 0, sizeof *lead);
}

static HotlistLead *
fetch_one (HotlistStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  HotlistLead *lead;
  int          rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No lead “%s” in this workspace"), what);
      sqlite3_reset (stmt);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      hotlist_store_set_error (self, error, _ ("Could not read the lead"));
      sqlite3_reset (stmt);
      return NULL;
    }
  lead = g_new0 (HotlistLead, 1);
  read_lead (stmt, lead);
  sqlite3_reset (stmt);
  return lead;
}

HotlistLead *
hotlist_store_get_lead (HotlistStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  char          what[32];

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);

  stmt = hotlist_store_prepare (self, "SELECT " LEAD_COLUMNS " FROM leads WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  g_snprintf (what, sizeof what, "#%" G_GINT64_FORMAT, id);
  return fetch_one (self, stmt, what, error);
}

/**
 * hotlist_store_find_lead:
 * @self: a #HotlistStore
 * @lead_or_external_id: a lead id (UUID) or an external id
 * @error: return location for a #GError
 *
 * Finds a lead by its public id, or else by its id in the system it came from.
 *
 * Returns: (transfer full): the lead, or %NULL with @error set
 */
HotlistLead *
hotlist_store_find_lead (HotlistStore *self, const char *lead_or_external_id, GError **error)
{
  sqlite3_stmt *stmt;
  HotlistLead  *lead;
  int           rc;
  guint8        key[16];

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  g_return_val_if_fail (lead_or_external_id != NULL, NULL);

  if (hotlist_uuid_parse (lead_or_external_id, key))
    {
      stmt = hotlist_store_prepare (self, "SELECT " LEAD_COLUMNS " FROM leads WHERE lead_id = ?1",
                                    error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_blob (stmt, 1, key, 16, SQLITE_STATIC);
      return fetch_one (self, stmt, lead_or_external_id, error);
    }

  stmt = hotlist_store_prepare (self,
                                "SELECT " LEAD_COLUMNS " FROM leads WHERE external_id = ?1"
                                " ORDER BY id LIMIT 2",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lead_or_external_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No lead “%s” in this workspace"), lead_or_external_id);
      return NULL;
    }
  lead = g_new0 (HotlistLead, 1);
  read_lead (stmt, lead);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("More than one source has a lead “%s”; use its lead id (%s) instead"),
                   lead_or_external_id, lead->lead_id);
      hotlist_lead_free (lead);
      return NULL;
    }
  sqlite3_reset (stmt);
  return lead;
}

gint64
hotlist_store_count_leads (HotlistStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gint64        count = -1;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), -1);

  stmt = hotlist_store_prepare (self, "SELECT count(*) FROM leads", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    hotlist_store_set_error (self, error, _ ("Could not count the leads"));
  sqlite3_reset (stmt);
  return count;
}

/**
 * hotlist_store_foreach_lead:
 * @self: a #HotlistStore
 * @order: the order to visit leads in
 * @limit: the most leads to visit, or -1 for all
 * @func: (scope call): called for each lead
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Visits leads one at a time without holding them all in memory, for exports and listings.
 * Score order puts the highest score first and unscored leads last.
 *
 * Returns: %TRUE if every lead was visited or @func stopped the iteration
 */
gboolean
hotlist_store_foreach_lead (HotlistStore    *self,
                            HotlistLeadOrder order,
                            gint64           limit,
                            HotlistLeadFunc  func,
                            gpointer         user_data,
                            GError         **error)
{
  static const char *sql[] = {
    [HOTLIST_LEAD_ORDER_SCORE] =
        "SELECT " LEAD_COLUMNS " FROM leads ORDER BY lead_score DESC, id LIMIT ?1",
    [HOTLIST_LEAD_ORDER_NAME] =
        "SELECT " LEAD_COLUMNS " FROM leads"
        " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT ?1",
    [HOTLIST_LEAD_ORDER_CREATED] = "SELECT " LEAD_COLUMNS " FROM leads ORDER BY id LIMIT ?1",
  };
  sqlite3_stmt *stmt;
  HotlistLead   lead = { 0 };
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (order <= HOTLIST_LEAD_ORDER_CREATED, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The statement is not shared from the cache: @func may query the store itself. */
  if (sqlite3_prepare_v2 (self->db, sql[order], -1, &stmt, NULL) != SQLITE_OK)
    {
      hotlist_store_set_error (self, error, _ ("Could not list the leads"));
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean go_on;

      read_lead (stmt, &lead);
      go_on = func (&lead, user_data);
      clear_lead (&lead);
      if (!go_on)
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  if (rc != SQLITE_DONE)
    hotlist_store_set_error (self, error, _ ("Could not list the leads"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

#define SUMMARY_COLUMNS                                                                           \
  "id, first_name, last_name, email, company, job_title, industry, country, lead_source, status," \
  " owner, tier, lead_score, probability, outcome, last_activity_date"

static void
read_summary (sqlite3_stmt *stmt, gboolean scores_only, HotlistLeadSummary *lead)
{
  int column = 1;

  memset (lead, 0, sizeof *lead);
  lead->id = sqlite3_column_int64 (stmt, 0);
  if (!scores_only)
    for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++, column++)
      lead->text[i] = hotlist_store_column_text (stmt, column);
  lead->tier = hotlist_store_column_text (stmt, column++);
  lead->lead_score =
      sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, column);
  column++;
  lead->probability = sqlite3_column_type (stmt, column) == SQLITE_NULL
                          ? NAN
                          : sqlite3_column_double (stmt, column);
  column++;
  if (!hotlist_outcome_from_string ((const char *)sqlite3_column_text (stmt, column++),
                                    &lead->outcome))
    lead->outcome = HOTLIST_OUTCOME_OPEN;
  lead->last_activity_date = sqlite3_column_int64 (stmt, column++);
}

/**
 * hotlist_store_foreach_lead_summary:
 * @self: a #HotlistStore
 * @ids: (array length=n_ids) (nullable): the leads to visit, or %NULL for every lead
 * @n_ids: how many in @ids
 * @limit: with @ids %NULL, visit at most this many leads, or -1 for all
 * @scores_only: read only the score, probability, tier, outcome and last activity (the text
 *   fields are %NULL)
 * @func: called with each lead; returns %FALSE to stop
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Visits what a lead list shows of each lead, without making a #HotlistLead of each: the
 * fast path for listing a whole workspace. With a @limit the leads come by score, highest
 * first (then by probability and id), unscored leads last; without one, every lead in the
 * order of the table (which spares sorting them); with @ids in the order given, and an id
 * that is not in the store is skipped.
 *
 * Returns: %TRUE if every lead was visited or @func stopped the iteration
 */
gboolean
hotlist_store_foreach_lead_summary (HotlistStore          *self,
                                    const gint64          *ids,
                                    guint                  n_ids,
                                    gint64                 limit,
                                    gboolean               scores_only,
                                    HotlistLeadSummaryFunc func,
                                    gpointer               user_data,
                                    GError               **error)
{
  static const char *sql[3][2] = {
    { "SELECT " SUMMARY_COLUMNS " FROM leads"
      " ORDER BY lead_score IS NULL, lead_score DESC, probability DESC, id LIMIT ?1",
      "SELECT id, tier, lead_score, probability, outcome, last_activity_date FROM leads"
      " ORDER BY lead_score IS NULL, lead_score DESC, probability DESC, id LIMIT ?1" },
    { "SELECT " SUMMARY_COLUMNS " FROM leads WHERE id = ?1",
      "SELECT id, tier, lead_score, probability, outcome, last_activity_date FROM leads"
      " WHERE id = ?1" },
    /* Every lead: in the order of the table, without sorting a million rows first. */
    { "SELECT " SUMMARY_COLUMNS " FROM leads WHERE ?1 < 0",
      "SELECT id, tier, lead_score, probability, outcome, last_activity_date FROM leads"
      " WHERE ?1 < 0" },
  };
  guint              kind = ids != NULL ? 1 : limit < 0 ? 2 : 0;
  HotlistLeadSummary lead;
  sqlite3_stmt      *stmt;
  int                rc = SQLITE_DONE;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Not shared from the cache: @func may query the store itself. */
  if (sqlite3_prepare_v2 (self->db, sql[kind][scores_only != FALSE], -1, &stmt, NULL) != SQLITE_OK)
    {
      hotlist_store_set_error (self, error, _ ("Could not list the leads"));
      return FALSE;
    }
  if (ids == NULL)
    {
      sqlite3_bind_int64 (stmt, 1, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          read_summary (stmt, scores_only, &lead);
          if (!func (&lead, user_data))
            {
              rc = SQLITE_DONE;
              break;
            }
        }
    }
  else
    for (guint i = 0; i < n_ids && rc == SQLITE_DONE; i++)
      {
        sqlite3_bind_int64 (stmt, 1, ids[i]);
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          {
            read_summary (stmt, scores_only, &lead);
            rc = func (&lead, user_data) ? SQLITE_DONE : -1;
          }
        sqlite3_reset (stmt);
        if (rc == -1)
          {
            rc = SQLITE_DONE;
            break;
          }
      }
  if (rc != SQLITE_DONE)
    hotlist_store_set_error (self, error, _ ("Could not list the leads"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
append_lead_cb (const HotlistLead *lead, gpointer user_data)
{
  g_ptr_array_add (user_data, hotlist_lead_copy (lead));
  return TRUE;
}

/**
 * hotlist_store_list_leads:
 * @self: a #HotlistStore
 * @order: the order of the list
 * @limit: the most leads to return, or -1 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type HotlistLead): the leads, or %NULL with @error set
 */
GPtrArray *
hotlist_store_list_leads (HotlistStore *self, HotlistLeadOrder order, gint64 limit, GError **error)
{
  g_autoptr (GPtrArray) leads = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_lead_free);

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);

  if (!hotlist_store_foreach_lead (self, order, limit, append_lead_cb, leads, error))
    return NULL;
  return g_steal_pointer (&leads);
}

/**
 * hotlist_store_shift_dates:
 * @self: a workspace
 * @seconds: how far to move every date, later when positive
 * @error: return location for a #GError
 *
 * Moves every lead's and activity's dates by @seconds in one transaction, and so rescores every
 * lead. For sample data made on one day and opened on another (the demo workspace): its leads
 * then look as recent as they were meant to.
 *
 * Returns: whether the dates moved
 */
gboolean
hotlist_store_shift_dates (HotlistStore *self, gint64 seconds, GError **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);

  if (seconds == 0)
    return TRUE;
  if (!hotlist_store_begin (self, error))
    return FALSE;
  stmt = hotlist_store_prepare (
      self,
      "UPDATE leads SET created_at = created_at + ?1, outcome_at = outcome_at + ?1,"
      " last_activity_date = last_activity_date + ?1 RETURNING id",
      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, seconds);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    hotlist_store_mark_changed (self, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self, error, _ ("Could not move the dates"));
      goto fail;
    }
  stmt = hotlist_store_prepare (self, "UPDATE activities SET activity_date = activity_date + ?1",
                                error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, seconds);
  if (!hotlist_store_step_done (self, stmt, error))
    goto fail;
  return hotlist_store_commit (self, error);

fail:
  hotlist_store_rollback (self);
  return FALSE;
}
