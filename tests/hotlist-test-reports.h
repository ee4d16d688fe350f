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

/*
 * The world of the reports' tests, T0 = 1,700,000,000 and D = one day; the reports cover [T0, T0 + 100 D).
 * Model 1 ("Spring") is active, trained at T0 + 10 D; model 2 is retired.
 *
 *  lead owner  source  campaign created outcome   at     score  p     model  custom deal_value
 *  L1   alice  web     spring   1 D     converted 20 D   100    0.95  1      "1,000"
 *  L2   alice  web     spring   1 D     lost      21 D    85    0.85  1
 *  L3   alice  ads     spring   2 D     converted 22 D    72    0.72  1      "500"
 *  L4   alice  ads     -        2 D     lost      23 D    55    0.55  1
 *  L5   alice  web     summer   3 D     open      -       40    0.40  1
 *  L6   bob    web     summer   3 D     converted  5 D    65    0.65  1      "2000"
 *  L7   bob    ads     summer   4 D     lost      24 D    35    0.32  1
 *  L8   bob    ads     spring   4 D     converted 25 D    30    0.32  1      (none)
 *  L9   bob    event   -        5 D     lost      26 D    15    0.15  1
 *  L10  bob    event   -        5 D     lost      27 D     5    0.05  2
 *  L11  -      web     -        6 D     open      -        -    -     -
 *  L12  alice  web     spring  -5 D     converted 120 D   90    0.90  1      "9999"  (out of range)
 *  L13  bob    web     -        6 D     converted 150 D   80    0.80  1      "300"
 *
 * L1 also has annual_revenue "5000000", a company figure the ROI must not take for revenue.
 *
 * Activities, in seconds after the lead's creation:
 *  L1 call +3600, email_reply +7200, meeting_booked +86400     3 touches, first 3600
 *  L2 call +7200                                               1, first 7200
 *  L3 call +10800, meeting_booked +172800                      2, first 10800
 *  L5 email_open −100 (before the lead was created)            1, first 0
 *  L6 call +1800, meeting_booked +86400, meeting_booked +259200  3, first 1800
 *  L7 call +86400                                              1, first 86400
 *  L8 call +600                                                1, first 600
 *  L10 call +3600                                              1, first 3600
 *  L11 page_view +60
 *  L12 meeting_booked +60
 *  L13 call +7200, meeting_booked +86400                       2, first 7200
 *
 * Costs: source web 1000 (no period); ads 600 over [T0, T0 + 30 D] and 400 over
 * [T0 + 200 D, T0 + 230 D] (outside the range); event 300; radio 250 (no leads);
 * campaign spring 800; summer 500 over [T0 − 50 D, T0 + 1 D) (one day of it in the range).
 */
static inline void
add_reports_world (HotlistStore *store)
{
  exec (store, sqlite3_mprintf ("INSERT INTO scoring_models (model_id, model_name, trained_at,"
                                " status) VALUES (1, 'Spring', %lld, 'active'),"
                                " (2, 'Winter', %lld, 'retired')",
                                (long long)(T0 + 10 * D), (long long)(T0 - 100 * D)));
  exec (store, sqlite3_mprintf ("INSERT INTO attributes (key, label, kind, attr_group) VALUES"
                                " ('annual_revenue', 'Annual revenue', 'number', 'firmographics'),"
                                " ('campaign', 'Campaign', 'category', 'engagement'),"
                                " ('deal_value', 'Deal value', 'number', 'crm')"));

  add_lead (store, 1, "alice", "web",
            "{\"campaign\":\"spring\",\"deal_value\":\"1,000\",\"annual_revenue\":\"5000000\"}", 1,
            "converted", 20, 100, 0.95, 1);
  add_lead (store, 2, "alice", "web", "{\"campaign\":\"spring\"}", 1, "lost", 21, 85, 0.85, 1);
  add_lead (store, 3, "alice", "ads", "{\"campaign\":\"spring\",\"deal_value\":\"500\"}", 2,
            "converted", 22, 72, 0.72, 1);
  add_lead (store, 4, "alice", "ads", NULL, 2, "lost", 23, 55, 0.55, 1);
  add_lead (store, 5, "alice", "web", "{\"campaign\":\"summer\"}", 3, "open", NONE, 40, 0.40, 1);
  add_lead (store, 6, "bob", "web", "{\"campaign\":\"summer\",\"deal_value\":\"2000\"}", 3,
            "converted", 5, 65, 0.65, 1);
  add_lead (store, 7, "bob", "ads", "{\"campaign\":\"summer\"}", 4, "lost", 24, 35, 0.32, 1);
  add_lead (store, 8, "bob", "ads", "{\"campaign\":\"spring\"}", 4, "converted", 25, 30, 0.32, 1);
  add_lead (store, 9, "bob", "event", NULL, 5, "lost", 26, 15, 0.15, 1);
  add_lead (store, 10, "bob", "event", NULL, 5, "lost", 27, 5, 0.05, 2);
  add_lead (store, 11, NULL, "web", NULL, 6, "open", NONE, -1, 0, 0);
  add_lead (store, 12, "alice", "web", "{\"campaign\":\"spring\",\"deal_value\":\"9999\"}", -5,
            "converted", 120, 90, 0.90, 1);
  add_lead (store, 13, "bob", "web", "{\"deal_value\":\"300\"}", 6, "converted", 150, 80, 0.80, 1);

  add_activity (store, 1, "call", 3600);
  add_activity (store, 1, "email_reply", 7200);
  add_activity (store, 1, "meeting_booked", 86400);
  add_activity (store, 2, "call", 7200);
  add_activity (store, 3, "call", 10800);
  add_activity (store, 3, "meeting_booked", 172800);
  add_activity (store, 5, "email_open", -100);
  add_activity (store, 6, "call", 1800);
  add_activity (store, 6, "meeting_booked", 86400);
  add_activity (store, 6, "meeting_booked", 259200);
  add_activity (store, 7, "call", 86400);
  add_activity (store, 8, "call", 600);
  add_activity (store, 10, "call", 3600);
  add_activity (store, 11, "page_view", 60);
  add_activity (store, 12, "meeting_booked", 60);
  add_activity (store, 13, "call", 7200);
  add_activity (store, 13, "meeting_booked", 86400);

  add_cost (store, "source", "web", 1000, NONE, NONE);
  add_cost (store, "source", "ads", 600, 0, 30);
  add_cost (store, "source", "ads", 400, 200, 230);
  add_cost (store, "source", "event", 300, NONE, NONE);
  add_cost (store, "source", "radio", 250, NONE, NONE);
  add_cost (store, "campaign", "spring", 800, NONE, NONE);
  add_cost (store, "campaign", "summer", 500, -50, 1);
}
