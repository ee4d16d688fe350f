/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building small workspaces with known outcomes, for the tests of the reports, their PDF and the
 * Reports view: leads, activities and costs written straight into the store, in days from T0. */
#pragma once

#include <sqlite3.h>
#include <string.h>

#include "hotlist.h"
#include "store/hotlist-store-private.h"

#define T0 G_GINT64_CONSTANT (1700000000)
#define D G_GINT64_CONSTANT (86400)
#define NONE G_MININT64

/* Runs @sql (made by sqlite3_mprintf(), freed here) or fails the test. */
static inline void
exec (HotlistStore *store, char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (hotlist_store_exec (store, sql, &error));
  g_assert_no_error (error);
  sqlite3_free (sql);
}

/* A lead created on day @created_day, closed on @outcome_day (NONE while open), scored by the
 * model @model (no score when @score is negative). */
static inline void
add_lead (HotlistStore *store,
          int           id,
          const char   *owner,
          const char   *source,
          const char   *custom,
          gint64        created_day,
          const char   *outcome,
          gint64        outcome_day,
          int           score,
          double        probability,
          gint64        model)
{
  g_autofree char *score_sql =
      score >= 0 ? g_strdup_printf ("%d, %.17g, %" G_GINT64_FORMAT, score, probability, model)
                 : g_strdup ("NULL, NULL, NULL");
  g_autofree char *outcome_at = outcome_day != NONE
                                    ? g_strdup_printf ("%" G_GINT64_FORMAT, T0 + outcome_day * D)
                                    : g_strdup ("NULL");

  exec (store, sqlite3_mprintf ("INSERT INTO leads (id, lead_id, external_id, owner, lead_source,"
                                " custom, created_at, updated_at, outcome, outcome_at, lead_score,"
                                " probability, score_model_id)"
                                " VALUES (%d, randomblob(16), 'L%d', %Q, %Q, %Q, %lld, %lld, %Q,"
                                " %s, %s)",
                                id, id, owner, source, custom, (long long)(T0 + created_day * D),
                                (long long)(T0 + created_day * D), outcome, outcome_at, score_sql));
}

/* An activity @after_creation seconds after the lead was created. */
static inline void
add_activity (HotlistStore *store, int lead, const char *type, gint64 after_creation)
{
  exec (store, sqlite3_mprintf ("INSERT INTO activities (activity_id, lead, activity_type,"
                                " activity_date)"
                                " SELECT hex(randomblob(8)), id, %Q, created_at + %lld"
                                " FROM leads WHERE id = %d",
                                type, (long long)after_creation, lead));
}

/* A cost for [@start_day, @end_day), or without a period when @start_day is NONE. */
static inline void
add_cost (HotlistStore *store,
          const char   *kind,
          const char   *name,
          double        cost,
          gint64        start_day,
          gint64        end_day)
{
  if (start_day == NONE)
    exec (store, sqlite3_mprintf ("INSERT INTO campaign_costs (kind, name, cost)"
                                  " VALUES (%Q, %Q, %.17g)",
                                  kind, name, cost));
  else
    exec (store, sqlite3_mprintf ("INSERT INTO campaign_costs (kind, name, cost, period_start,"
                                  " period_end) VALUES (%Q, %Q, %.17g, %lld, %lld)",
                                  kind, name, cost, (long long)(T0 + start_day * D),
                                  (long long)(T0 + end_day * D)));
}

/* Gives lead @id a lead_id that the experiments' stable hash puts in arm B (@in_b) or A, for a
 * split of 0.5: arm B holds the leads whose hash, read as a number in [0, 1), is below it. */
static inline void
place_in_arm (HotlistStore *store, int id, gboolean in_b)
{
  guint8        lead_id[16] = { 0 };
  sqlite3_stmt *stmt = NULL;

  lead_id[0] = (guint8)id;
  for (guint32 salt = 0;; salt++)
    {
      double u;

      memcpy (lead_id + 4, &salt, sizeof salt);
      u = (double)(hotlist_lead_arm_hash (lead_id) >> 11) * 0x1.0p-53;
      if ((u < 0.5) == in_b)
        break;
    }
  g_assert_cmpint (sqlite3_prepare_v2 (hotlist_store_get_db (store),
                                       "UPDATE leads SET lead_id = ?1 WHERE id = ?2", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, lead_id, 16, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}
