/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the report computations against numbers worked out by hand on a small workspace. */

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"
#include "hotlist-test-reports.h"
#include "scoring/hotlist-metrics.h"
#include "store/hotlist-store-private.h"

/* The workspace is the one of add_reports_world() in hotlist-test-reports.h. */

/* Marks the current test failed but lets it go on, so one run lists every wrong number. */
static void G_GNUC_PRINTF (1, 2) report_failure (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* On stderr too: a case runs in a child process whose TAP output the parent does not show. */
  g_printerr ("%s\n", message);
  g_test_fail_printf ("%s", message);
}

/* Equal within 1e-9, or both NaN. */
static void
check_double (const char *what, double value, double expected)
{
  if (isnan (expected) && isnan (value))
    return;
  if (isnan (expected) || isnan (value) || !(fabs (value - expected) <= 1e-9))
    report_failure ("%s is %.17g, expected %.17g", what, value, expected);
}

static void
check_uint (const char *what, guint64 value, guint64 expected)
{
  if (value != expected)
    report_failure ("%s is %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT, what, value,
                    expected);
}

static HotlistStore *
open_workspace (TestDir *dir)
{
  g_autofree char   *path = test_dir_file (dir, "reports.hotlist");
  g_autoptr (GError) error = NULL;
  HotlistStore      *store = hotlist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  add_reports_world (store);
  return store;
}

static void
query_init (HotlistReportQuery *query)
{
  hotlist_report_query_init (query);
  query->from = T0;
  query->to = T0 + 100 * D;
}

static void
check_bands (const char *what, const guint *bands, const guint *expected)
{
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      g_autofree char *name = g_strdup_printf ("%s band %u", what, k);
      check_uint (name, bands[k], expected[k]);
    }
}

static void
check_bin (const char                 *what,
           guint                       k,
           const HotlistConversionBin *bin,
           guint                       n,
           guint                       conversions,
           double                      rate,
           double                      lift)
{
  g_autofree char *n_name = g_strdup_printf ("%s %u n", what, k);
  g_autofree char *c_name = g_strdup_printf ("%s %u conversions", what, k);
  g_autofree char *r_name = g_strdup_printf ("%s %u rate", what, k);
  g_autofree char *l_name = g_strdup_printf ("%s %u lift", what, k);

  check_uint (n_name, bin->n, n);
  check_uint (c_name, bin->conversions, conversions);
  check_double (r_name, bin->rate, rate);
  check_double (l_name, bin->lift, lift);
}

static void
test_score_distribution (void)
{
  g_autoptr (TestDir)                  dir = test_dir_new ();
  g_autoptr (HotlistStore)             store = open_workspace (dir);
  g_autoptr (HotlistScoreDistribution) report = NULL;
  g_autoptr (GError)                   error = NULL;
  HotlistReportQuery                   query;

  query_init (&query);
  report = hotlist_reports_score_distribution (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  /* Created in range: L1–L11 and L13 (L12 was created before T0). L11 has no score.
   * Scores 100→9, 85→8, 72→7, 55→5, 40→4, 65→6, 35→3, 30→3, 15→1, 5→0, 80→8. */
  check_uint ("scored", report->n_scored, 11);
  check_uint ("unscored", report->n_unscored, 1);
  check_bands ("all", report->bands, (const guint[]){ 1, 1, 0, 2, 1, 1, 1, 1, 2, 1 });
  g_clear_pointer (&report, hotlist_score_distribution_free);

  /* Bob: L6 (65→6), L7 (35→3), L8 (30→3), L9 (15→1), L10 (5→0), L13 (80→8). */
  query.owner = "bob";
  report = hotlist_reports_score_distribution (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("bob scored", report->n_scored, 6);
  check_uint ("bob unscored", report->n_unscored, 0);
  check_bands ("bob", report->bands, (const guint[]){ 1, 1, 0, 2, 0, 0, 1, 0, 1, 0 });
  g_clear_pointer (&report, hotlist_score_distribution_free);

  /* Campaign spring, in range: L1 (9), L2 (8), L3 (7), L8 (3). */
  query.owner = NULL;
  query.campaign = "spring";
  report = hotlist_reports_score_distribution (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("spring scored", report->n_scored, 4);
  check_bands ("spring", report->bands, (const guint[]){ 0, 0, 0, 1, 0, 0, 0, 1, 1, 1 });
}

static void
test_conversion (void)
{
  g_autoptr (TestDir)                 dir = test_dir_new ();
  g_autoptr (HotlistStore)            store = open_workspace (dir);
  g_autoptr (HotlistConversionReport) report = NULL;
  g_autoptr (GError)                  error = NULL;
  HotlistReportQuery                  query;
  /* Closed in range and scored: L1 c, L2 l, L3 c, L4 l, L6 c, L7 l, L8 c, L9 l, L10 l (L12 and
   * L13 closed after the range, L5 is open): 9 leads, 4 conversions, base rate 4/9, so a
   * rate of 1 has lift 9/4 = 2.25 and a rate of 1/2 has lift 9/8 = 1.125. */
  const double b = 4.0 / 9.0;

  query_init (&query);
  report = hotlist_reports_conversion (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  check_uint ("n", report->n, 9);
  check_uint ("conversions", report->conversions, 4);
  check_double ("base rate", report->base_rate, b);

  /* Bands: 0 L10 (0/1); 1 L9 (0/1); 2 none; 3 L7, L8 (1/2); 4 none (L5 open); 5 L4 (0/1);
   * 6 L6 (1/1); 7 L3 (1/1); 8 L2 (0/1); 9 L1 (1/1). */
  check_bin ("band", 0, &report->bands[0], 1, 0, 0, 0);
  check_bin ("band", 1, &report->bands[1], 1, 0, 0, 0);
  check_bin ("band", 2, &report->bands[2], 0, 0, NAN, NAN);
  check_bin ("band", 3, &report->bands[3], 2, 1, 0.5, 1.125);
  check_bin ("band", 4, &report->bands[4], 0, 0, NAN, NAN);
  check_bin ("band", 5, &report->bands[5], 1, 0, 0, 0);
  check_bin ("band", 6, &report->bands[6], 1, 1, 1, 2.25);
  check_bin ("band", 7, &report->bands[7], 1, 1, 1, 2.25);
  check_bin ("band", 8, &report->bands[8], 1, 0, 0, 0);
  check_bin ("band", 9, &report->bands[9], 1, 1, 1, 2.25);

  /* By probability: L1 .95 c, L2 .85 l, L3 .72 c, L6 .65 c, L4 .55 l, L7 .32 l, L8 .32 c (the
   * tie goes by row), L9 .15 l, L10 .05 l. With n = 9, decile k is [⌈9k/10⌉, ⌈9(k+1)/10⌉):
   * the bounds are 0 1 2 3 4 5 6 7 8 9 9, so each of the first nine holds one lead, in that
   * order, and the last is empty. */
  check_bin ("decile", 0, &report->deciles[0], 1, 1, 1, 2.25);
  check_bin ("decile", 1, &report->deciles[1], 1, 0, 0, 0);
  check_bin ("decile", 2, &report->deciles[2], 1, 1, 1, 2.25);
  check_bin ("decile", 3, &report->deciles[3], 1, 1, 1, 2.25);
  check_bin ("decile", 4, &report->deciles[4], 1, 0, 0, 0);
  check_bin ("decile", 5, &report->deciles[5], 1, 0, 0, 0);
  check_bin ("decile", 6, &report->deciles[6], 1, 1, 1, 2.25);
  check_bin ("decile", 7, &report->deciles[7], 1, 0, 0, 0);
  check_bin ("decile", 8, &report->deciles[8], 1, 0, 0, 0);
  check_bin ("decile", 9, &report->deciles[9], 0, 0, NAN, NAN);
  g_clear_pointer (&report, hotlist_conversion_report_free);

  /* Bob: L6 c, L7 l, L8 c, L9 l, L10 l: 2 of 5, base rate 0.4; band 3 (L7, L8) is 1/2, lift
   * 0.5 / 0.4 = 1.25. */
  query.owner = "bob";
  report = hotlist_reports_conversion (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("bob n", report->n, 5);
  check_uint ("bob conversions", report->conversions, 2);
  check_double ("bob base rate", report->base_rate, 0.4);
  check_bin ("bob band", 3, &report->bands[3], 2, 1, 0.5, 1.25);
  g_clear_pointer (&report, hotlist_conversion_report_free);

  /* A range before any lead closed: no leads, every rate undefined. */
  query.owner = NULL;
  query.to = T0 + 2 * D;
  report = hotlist_reports_conversion (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("empty n", report->n, 0);
  check_double ("empty base rate", report->base_rate, NAN);
  check_bin ("empty band", 9, &report->bands[9], 0, 0, NAN, NAN);
}

static void
test_model_accuracy (void)
{
  g_autoptr (TestDir)              dir = test_dir_new ();
  g_autoptr (HotlistStore)         store = open_workspace (dir);
  g_autoptr (HotlistModelAccuracy) report = NULL;
  g_autoptr (GError)               error = NULL;
  HotlistReportQuery               query;
  /* The ROC curve by hand, thresholds from the top, 3 converted and 4 lost:
   *   +∞ (0, 0); .95 c (0, 1/3); .85 l (1/4, 1/3); .72 c (1/4, 2/3); .55 l (2/4, 2/3);
   *   .32 l + c together (3/4, 1); .15 l (1, 1). */
  const HotlistRocPoint roc[] = { { INFINITY, 0, 0 },      { 0.95, 0, 1.0 / 3 },
                                  { 0.85, 0.25, 1.0 / 3 }, { 0.72, 0.25, 2.0 / 3 },
                                  { 0.55, 0.5, 2.0 / 3 },  { 0.32, 0.75, 1 },
                                  { 0.15, 1, 1 } };

  query_init (&query);
  report = hotlist_reports_model_accuracy (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->model_id, ==, 1);
  g_assert_cmpstr (report->model_name, ==, "Spring");
  g_assert_cmpint (report->trained_at, ==, T0 + 10 * D);

  /* Scored by model 1, closed in range after T0 + 10 D: L1 (.95, c), L2 (.85, l), L3 (.72, c),
   * L4 (.55, l), L7 (.32, l), L8 (.32, c), L9 (.15, l). L6 closed on day 5, before training;
   * L10 was scored by the retired model. */
  check_uint ("n", report->n, 7);
  check_uint ("n_pos", report->n_pos, 3);
  /* 12 converted–lost pairs. .95 beats all 4 lost; .72 beats .55, .32, .15 (3); .32 ties
   * with L7's .32 (½) and beats .15 (1): (4 + 3 + 1.5) / 12 = 8.5 / 12. */
  check_double ("auc", report->auc, 8.5 / 12);
  /* Squared errors: .05² + .85² + .28² + .55² + .32² + .68² + .15²
   * = .0025 + .7225 + .0784 + .3025 + .1024 + .4624 + .0225 = 1.6932, over 7. */
  check_double ("brier", report->brier, 1.6932 / 7);
  /* Bins: 9 {.95: 1}, 8 {.85: 0}, 7 {.72: 1}, 5 {.55: 0}, 3 {.32: 0, .32: 1}, 1 {.15: 0}.
   * |pred − obs| weighted by count: .05 + .85 + .28 + .55 + 2 × .18 + .15 = 2.24, over 7. */
  check_double ("ece", report->ece, 2.24 / 7);

  check_uint ("roc points", report->n_roc, G_N_ELEMENTS (roc));
  for (guint i = 0; i < MIN (report->n_roc, G_N_ELEMENTS (roc)); i++)
    {
      g_autofree char *t = g_strdup_printf ("roc %u threshold", i);
      g_autofree char *f = g_strdup_printf ("roc %u fpr", i);
      g_autofree char *p = g_strdup_printf ("roc %u tpr", i);

      if (isinf (roc[i].threshold))
        {
          if (!isinf (report->roc[i].threshold))
            report_failure ("%s is %g, expected +∞", t, report->roc[i].threshold);
        }
      else
        check_double (t, report->roc[i].threshold, roc[i].threshold);
      check_double (f, report->roc[i].fpr, roc[i].fpr);
      check_double (p, report->roc[i].tpr, roc[i].tpr);
    }

  {
    const guint  n[] = { 0, 1, 0, 2, 0, 1, 0, 1, 1, 1 };
    const double predicted[] = { NAN, 0.15, NAN, 0.32, NAN, 0.55, NAN, 0.72, 0.85, 0.95 };
    const double observed[] = { NAN, 0, NAN, 0.5, NAN, 0, NAN, 1, 0, 1 };

    for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
      {
        g_autofree char *a = g_strdup_printf ("calibration %u n", k);
        g_autofree char *b = g_strdup_printf ("calibration %u predicted", k);
        g_autofree char *c = g_strdup_printf ("calibration %u observed", k);

        check_uint (a, report->calibration[k].n, n[k]);
        check_double (b, report->calibration[k].predicted, predicted[k]);
        check_double (c, report->calibration[k].observed, observed[k]);
      }
  }
  g_clear_pointer (&report, hotlist_model_accuracy_free);

  /* Alice's: L1 c, L2 l, L3 c, L4 l; converted .95 and .72 against lost .85 and .55: 3 of 4
   * pairs. */
  query.owner = "alice";
  report = hotlist_reports_model_accuracy (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("alice n", report->n, 4);
  check_double ("alice auc", report->auc, 0.75);
  g_clear_pointer (&report, hotlist_model_accuracy_free);

  /* Without an active model there is nothing to judge. */
  query.owner = NULL;
  exec (store, sqlite3_mprintf ("UPDATE scoring_models SET status = 'retired'"));
  report = hotlist_reports_model_accuracy (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->model_id, ==, 0);
  check_uint ("no model n", report->n, 0);
  check_uint ("no model roc", report->n_roc, 0);
  check_double ("no model auc", report->auc, NAN);
}

static void
test_sdr_efficiency (void)
{
  g_autoptr (TestDir)              dir = test_dir_new ();
  g_autoptr (HotlistStore)         store = open_workspace (dir);
  g_autoptr (HotlistSdrEfficiency) report = NULL;
  g_autoptr (GError)               error = NULL;
  HotlistOwnerEfficiency          *alice, *bob;
  HotlistReportQuery               query;

  query_init (&query);
  report = hotlist_reports_sdr_efficiency (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  /* L11 has no owner; L12 was created before the range. */
  g_assert_cmpuint (report->n_owners, ==, 2);
  alice = &report->owners[0];
  bob = &report->owners[1];
  g_assert_cmpstr (alice->owner, ==, "alice");
  g_assert_cmpstr (bob->owner, ==, "bob");

  /* Alice: L1–L5, worked L1 (3), L2 (1), L3 (2), L5 (1): 7 touches over 4, 1.75 a lead.
   * First touches 3600, 7200, 10800, 0 → sorted 0 3600 7200 10800, median 5400. Meetings:
   * L1, L3. Converted L1, L3: 2 / 4 worked. Worked, closed, scored: L1 100 c, L2 85 l,
   * L3 72 c; the top fifth of 3 rounds up to 1: L1 (1/1), the rest L2, L3 (1/2). */
  check_uint ("alice leads", alice->leads, 5);
  check_uint ("alice worked", alice->leads_worked, 4);
  check_uint ("alice touches", alice->touches, 7);
  check_double ("alice touches per lead", alice->touches_per_lead, 1.75);
  check_double ("alice first touch", alice->median_first_touch, 5400);
  check_uint ("alice meetings", alice->meetings, 2);
  check_uint ("alice conversions", alice->conversions, 2);
  check_double ("alice conversion rate", alice->conversion_rate, 0.5);
  check_uint ("alice top n", alice->top_n, 1);
  check_uint ("alice top conversions", alice->top_conversions, 1);
  check_double ("alice top rate", alice->top_rate, 1);
  check_uint ("alice rest n", alice->rest_n, 2);
  check_uint ("alice rest conversions", alice->rest_conversions, 1);
  check_double ("alice rest rate", alice->rest_rate, 0.5);

  /* Bob: L6–L10 and L13, worked L6 (3), L7 (1), L8 (1), L10 (1), L13 (2): 8 touches over 5,
   * 1.6 a lead. First touches 1800, 86400, 600, 3600, 7200 → median 3600. Meetings: L6 two,
   * L13 one. Converted L6, L8, L13 (its outcome date does not matter here): 3 / 5. Ranked:
   * L13 80 c, L6 65 c, L7 35 l, L8 30 c, L10 5 l; top 1: L13 (1/1), rest 2/4. */
  check_uint ("bob leads", bob->leads, 6);
  check_uint ("bob worked", bob->leads_worked, 5);
  check_uint ("bob touches", bob->touches, 8);
  check_double ("bob touches per lead", bob->touches_per_lead, 1.6);
  check_double ("bob first touch", bob->median_first_touch, 3600);
  check_uint ("bob meetings", bob->meetings, 3);
  check_uint ("bob conversions", bob->conversions, 3);
  check_double ("bob conversion rate", bob->conversion_rate, 0.6);
  check_uint ("bob top n", bob->top_n, 1);
  check_uint ("bob top conversions", bob->top_conversions, 1);
  check_double ("bob top rate", bob->top_rate, 1);
  check_uint ("bob rest n", bob->rest_n, 4);
  check_uint ("bob rest conversions", bob->rest_conversions, 2);
  check_double ("bob rest rate", bob->rest_rate, 0.5);
  g_clear_pointer (&report, hotlist_sdr_efficiency_free);

  /* Source "event" leaves bob with L9 (not worked) and L10 (1 touch at 3600, lost). */
  query.source = "event";
  report = hotlist_reports_sdr_efficiency (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_owners, ==, 1);
  g_assert_cmpstr (report->owners[0].owner, ==, "bob");
  check_uint ("event leads", report->owners[0].leads, 2);
  check_uint ("event worked", report->owners[0].leads_worked, 1);
  check_double ("event first touch", report->owners[0].median_first_touch, 3600);
  check_double ("event conversion rate", report->owners[0].conversion_rate, 0);
  check_uint ("event top n", report->owners[0].top_n, 1);
  check_uint ("event rest n", report->owners[0].rest_n, 0);
  check_double ("event rest rate", report->owners[0].rest_rate, NAN);
}

static void
check_roi_row (const HotlistRoiRow *row,
               const char          *name,
               guint                leads,
               guint                meetings,
               guint                conversions,
               double               cost,
               double               per_meeting,
               double               per_conversion,
               double               revenue,
               double               roi)
{
  g_autofree char *a = g_strdup_printf ("%s leads", name);
  g_autofree char *b = g_strdup_printf ("%s meetings", name);
  g_autofree char *c = g_strdup_printf ("%s conversions", name);
  g_autofree char *d = g_strdup_printf ("%s cost", name);
  g_autofree char *e = g_strdup_printf ("%s cost per meeting", name);
  g_autofree char *f = g_strdup_printf ("%s cost per conversion", name);
  g_autofree char *g = g_strdup_printf ("%s revenue", name);
  g_autofree char *h = g_strdup_printf ("%s roi", name);

  if (g_strcmp0 (row->name, name) != 0)
    {
      report_failure ("row is %s, expected %s", row->name, name);
      return;
    }
  check_uint (a, row->leads, leads);
  check_uint (b, row->meetings, meetings);
  check_uint (c, row->conversions, conversions);
  check_double (d, row->cost, cost);
  check_double (e, row->cost_per_meeting, per_meeting);
  check_double (f, row->cost_per_conversion, per_conversion);
  check_double (g, row->revenue, revenue);
  check_double (h, row->roi, roi);
}

static void
test_roi (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistStore)     store = open_workspace (dir);
  g_autoptr (HotlistRoiReport) report = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistReportQuery           query;

  query_init (&query);
  report = hotlist_reports_roi (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->revenue_attribute, ==, "deal_value");
  g_assert_cmpstr (report->campaign_attribute, ==, "campaign");

  /* Sources, by name:
   * ads: L3, L4, L7, L8; meetings L3 (1); converted L3, L8; revenue 500 + nothing for L8;
   *   cost 600 (the 400 lies outside the range): 600 a meeting, 300 a conversion,
   *   ROI (500 − 600) / 600 = −1/6.
   * event: L9, L10; no meeting, no conversion, revenue 0, cost 300: ROI −1.
   * radio: no leads, cost 250: ROI −1.
   * web: L1, L2, L5, L6, L11, L13; meetings L1 1 + L6 2 + L13 1 = 4; converted L1, L6, L13;
   *   revenue 1000 + 2000 + 300 = 3300 (L1's annual revenue is not deal revenue); cost 1000:
   *   250 a meeting, 1000/3 a conversion, ROI 2300 / 1000 = 2.3. */
  g_assert_cmpuint (report->n_sources, ==, 4);
  if (report->n_sources == 4)
    {
      check_roi_row (&report->sources[0], "ads", 4, 1, 2, 600, 600, 300, 500, -1.0 / 6);
      check_roi_row (&report->sources[1], "event", 2, 0, 0, 300, NAN, NAN, 0, -1);
      check_roi_row (&report->sources[2], "radio", 0, 0, 0, 250, NAN, NAN, 0, -1);
      check_roi_row (&report->sources[3], "web", 6, 4, 3, 1000, 250, 1000.0 / 3, 3300, 2.3);
    }

  /* Campaigns:
   * spring: L1, L2, L3, L8; meetings L1, L3; converted L1, L3, L8; revenue 1000 + 500;
   *   cost 800: 400 a meeting, 800/3 a conversion, ROI 700 / 800 = 0.875.
   * summer: L5, L6, L7; meetings L6 (2); converted L6; revenue 2000; cost 500 over days −50
   *   to 1, of which one day of 51 lies in the range: 500/51, half that a meeting, 500/51 a
   *   conversion, ROI 2000 · 51 / 500 − 1 = 203. (ads' 600 over days 0–30 lies wholly in it.) */
  g_assert_cmpuint (report->n_campaigns, ==, 2);
  if (report->n_campaigns == 2)
    {
      check_roi_row (&report->campaigns[0], "spring", 4, 2, 3, 800, 400, 800.0 / 3, 1500, 0.875);
      check_roi_row (&report->campaigns[1], "summer", 3, 2, 1, 500.0 / 51, 250.0 / 51, 500.0 / 51,
                     2000, 203);
    }
  g_clear_pointer (&report, hotlist_roi_report_free);

  /* Only ads: radio's cost has no lead of the filter, so it goes. */
  query.source = "ads";
  report = hotlist_reports_roi (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_sources, ==, 1);
  g_assert_cmpstr (report->sources[0].name, ==, "ads");
  g_clear_pointer (&report, hotlist_roi_report_free);

  /* Without a revenue attribute, revenue and ROI are unknown, not 0. */
  query.source = NULL;
  exec (store, sqlite3_mprintf ("DELETE FROM attributes WHERE key = 'deal_value'"));
  report = hotlist_reports_roi (store, &query, &error);
  g_assert_no_error (error);
  g_assert_null (report->revenue_attribute);
  check_roi_row (&report->sources[3], "web", 6, 4, 3, 1000, 250, 1000.0 / 3, NAN, NAN);
}

static void
test_json (void)
{
  g_autoptr (TestDir)        dir = test_dir_new ();
  g_autoptr (HotlistStore)   store = open_workspace (dir);
  g_autoptr (JsonParser)     parser = json_parser_new ();
  g_autoptr (GError)         error = NULL;
  g_autofree char           *json = NULL;
  g_autoptr (HotlistReports) reports = NULL;
  static const char         *keys[] = { "computed_at",    "conversion", "drift", "experiments",
                                        "model_accuracy", "query",      "roi",   "score_distribution",
                                        "sdr_efficiency", "workspace" };
  HotlistReportQuery         query;
  JsonObject                *root, *conversion, *accuracy;
  GList                     *members;
  guint                      i = 0;

  query_init (&query);
  reports = hotlist_reports_compute (store, &query, &error);
  g_assert_no_error (error);
  /* Without filters the reports know every choice of the filters, whatever the range (L12 was
   * created before it; L11 has no owner). */
  g_assert_cmpstrv (reports->owners, ((const char *const[]){ "alice", "bob", NULL }));
  g_assert_cmpstrv (reports->sources, ((const char *const[]){ "ads", "event", "web", NULL }));
  g_assert_cmpstrv (reports->campaigns, ((const char *const[]){ "spring", "summer", NULL }));
  {
    g_autoptr (HotlistReports) filtered = NULL;
    HotlistReportQuery         bob = query;

    bob.owner = "bob";
    filtered = hotlist_reports_compute (store, &bob, &error);
    g_assert_no_error (error);
    g_assert_null (filtered->owners);
    g_assert_null (filtered->campaigns);
  }
  json = hotlist_reports_to_json (reports);
  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  members = g_list_sort (json_object_get_members (root), (GCompareFunc)g_strcmp0);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, keys[i++]);
  g_list_free (members);

  conversion = json_object_get_object_member (root, "conversion");
  check_uint ("json n", json_object_get_int_member (conversion, "n"), 9);
  check_double ("json base rate", json_object_get_double_member (conversion, "base_rate"), 4.0 / 9);
  /* Band 2 had no leads: its rate is null, not NaN (which JSON cannot hold). */
  g_assert_true (json_object_get_null_member (
      json_array_get_object_element (json_object_get_array_member (conversion, "bands"), 2),
      "rate"));
  accuracy = json_object_get_object_member (root, "model_accuracy");
  check_double ("json auc", json_object_get_double_member (accuracy, "auc"), 8.5 / 12);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (accuracy, "roc")), ==, 7);
  g_assert_true (json_object_get_null_member (
      json_array_get_object_element (json_object_get_array_member (accuracy, "roc"), 0),
      "threshold"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "sdr_efficiency")),
                    ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "roi"),
                                                  "revenue_attribute"),
                   ==, "deal_value");
}

/*
 * Experiment 1: Spring (A) against Winter (B), split 0.5, running since T0 + 10 D. Arm A holds
 * L1–L6 and L12, arm B L7–L11 and L13. Experiment 2 ended before the range, experiment 3 starts
 * after it: neither is reported.
 */
static void
add_experiments (HotlistStore *store)
{
  for (int id = 1; id <= 13; id++)
    place_in_arm (store, id, !(id <= 6 || id == 12));
  exec (store, sqlite3_mprintf ("INSERT INTO experiments (experiment_id, model_a, model_b, split,"
                                " started_at, ended_at, winner) VALUES"
                                " (1, 1, 2, 0.5, %lld, NULL, NULL),"
                                " (2, 2, 1, 0.5, %lld, %lld, 2),"
                                " (3, 1, 2, 0.5, %lld, NULL, NULL)",
                                (long long)(T0 + 10 * D), (long long)(T0 - 200 * D),
                                (long long)(T0 - 100 * D), (long long)(T0 + 200 * D)));
}

static void
test_experiments (void)
{
  g_autoptr (TestDir)                  dir = test_dir_new ();
  g_autoptr (HotlistStore)             store = open_workspace (dir);
  g_autoptr (HotlistExperimentsReport) report = NULL;
  g_autoptr (GError)                   error = NULL;
  const HotlistExperimentReport       *e;
  HotlistReportQuery                   query;

  add_experiments (store);
  query_init (&query);
  report = hotlist_reports_experiments (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  check_uint ("experiments", report->n_experiments, 1);
  if (report->n_experiments != 1)
    return;
  e = &report->experiments[0];
  check_uint ("experiment id", e->experiment_id, 1);
  check_uint ("model A", e->arms[0].model_id, 1);
  g_assert_cmpstr (e->arms[0].model_name, ==, "Spring");
  g_assert_cmpstr (e->arms[1].model_name, ==, "Winter");
  /* Resolved in [T0 + 10 D, T0 + 100 D): A L1 c, L2 l, L3 c, L4 l (L6 closed before the start,
   * L5 is open, L12 closed after the range): 2 of 4. B: L7 l, L8 c, L9 l, L10 l: 1 of 4. */
  check_uint ("A leads", e->arms[0].n_leads, 7);
  check_uint ("B leads", e->arms[1].n_leads, 6);
  check_uint ("A resolved", e->arms[0].n_resolved, 4);
  check_uint ("A conversions", e->arms[0].conversions, 2);
  check_uint ("B resolved", e->arms[1].n_resolved, 4);
  check_uint ("B conversions", e->arms[1].conversions, 1);
  check_double ("A rate", e->arms[0].rate, 0.5);
  check_double ("B rate", e->arms[1].rate, 0.25);
  /* Wilson, z = 1.959964: 2 of 4 → centre 0.5, half-width 0.349961; 1 of 4 → [0.045587,
   * 0.699358] (worked out with the formula by hand and a calculator to 6 places). */
  g_assert_cmpfloat_with_epsilon (e->arms[0].rate_low, 0.150039, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->arms[0].rate_high, 0.849961, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->arms[1].rate_low, 0.045587, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->arms[1].rate_high, 0.699358, 1e-6);
  /* B − A = −0.25; unpooled SE √(0.25/4 + 0.1875/4) = 0.330719 → ±0.648197. Pooled 3/8:
   * SE √(0.375 · 0.625 · 0.5) = 0.342327, z = −0.25 / 0.342327 = −0.730297, p = 0.465209. */
  check_double ("difference", e->difference, -0.25);
  g_assert_cmpfloat_with_epsilon (e->difference_low, -0.898197, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->difference_high, 0.398197, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->z, -0.730297, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->p_value, 0.465209, 1e-6);
  /* By score band within arm A (rate 0.5): L4 55 → band 5 lost, L3 72 → 7 converted, L2 85 → 8
   * lost, L1 100 → 9 converted. */
  check_bin ("A band", 5, &e->arms[0].bands[5], 1, 0, 0, 0);
  check_bin ("A band", 7, &e->arms[0].bands[7], 1, 1, 1, 2);
  check_bin ("A band", 9, &e->arms[0].bands[9], 1, 1, 1, 2);
  check_bin ("A band", 4, &e->arms[0].bands[4], 0, 0, NAN, NAN);
  /* B (rate 0.25): L7 35 and L8 30 → band 3, one of two. */
  check_bin ("B band", 3, &e->arms[1].bands[3], 2, 1, 0.5, 2);
  g_clear_pointer (&report, hotlist_experiments_report_free);

  /* Bob's leads: A has L6 only (resolved before the start): no rate, no difference. */
  query.owner = "bob";
  report = hotlist_reports_experiments (store, &query, &error);
  g_assert_no_error (error);
  e = &report->experiments[0];
  check_uint ("bob A leads", e->arms[0].n_leads, 1);
  check_uint ("bob A resolved", e->arms[0].n_resolved, 0);
  check_double ("bob A rate", e->arms[0].rate, NAN);
  check_uint ("bob B leads", e->arms[1].n_leads, 5);
  check_uint ("bob B resolved", e->arms[1].n_resolved, 4);
  check_double ("bob difference", e->difference, NAN);
  check_double ("bob p", e->p_value, NAN);
  g_clear_pointer (&report, hotlist_experiments_report_free);

  /* A range before experiment 1 started: experiment 2 ran then. */
  query.owner = NULL;
  query.from = T0 - 150 * D;
  query.to = T0 - 120 * D;
  report = hotlist_reports_experiments (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("earlier experiments", report->n_experiments, 1);
  check_uint ("earlier experiment", report->experiments[0].experiment_id, 2);
  check_uint ("earlier winner", report->experiments[0].winner, 2);
  check_uint ("earlier resolved", report->experiments[0].arms[0].n_resolved, 0);
}

static void
check_period (guint                     i,
              const HotlistDriftPeriod *period,
              gint64                    start,
              gint64                    end,
              guint                     n_scored,
              double                    mean_score,
              guint                     n_closed,
              guint                     n_pos,
              double                    auc)
{
  g_autofree char *what = g_strdup_printf ("period %u", i);
  g_autofree char *s = g_strconcat (what, " start", NULL);
  g_autofree char *e = g_strconcat (what, " end", NULL);
  g_autofree char *n = g_strconcat (what, " scored", NULL);
  g_autofree char *m = g_strconcat (what, " mean", NULL);
  g_autofree char *c = g_strconcat (what, " closed", NULL);
  g_autofree char *p = g_strconcat (what, " converted", NULL);
  g_autofree char *a = g_strconcat (what, " auc", NULL);

  check_uint (s, period->start, start);
  check_uint (e, period->end, end);
  check_uint (n, period->n_scored, n_scored);
  check_double (m, period->mean_score, mean_score);
  check_uint (c, period->n_closed, n_closed);
  check_uint (p, period->n_pos, n_pos);
  check_double (a, period->auc, auc);
}

static void
test_drift (void)
{
  g_autoptr (TestDir)            dir = test_dir_new ();
  g_autoptr (HotlistStore)       store = open_workspace (dir);
  g_autoptr (HotlistDriftReport) report = NULL;
  g_autoptr (GError)             error = NULL;
  HotlistReportQuery             query;
  /* T0 is 2023-11-14 22:13:20 UTC; T0 + 100 D is 2024-02-22. */
  const gint64 dec1 = 1701388800, jan1 = 1704067200, feb1 = 1706745600;

  query_init (&query);
  report = hotlist_reports_drift (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  /* 100 days: calendar months, the first and last cut by the range. */
  g_assert_cmpint (report->unit, ==, HOTLIST_DRIFT_MONTH);
  check_uint ("months", report->n_periods, 4);
  if (report->n_periods != 4)
    return;
  /* Created in November: the 11 scored leads of the range (L11 has no score), scores summing
   * to 582. Closed in November (before T0 + 16.07 D): L6 only, converted: no AUC.
   * December: L1 c .95, L2 l .85, L3 c .72, L4 l .55, L7 l .32, L8 c .32, L9 l .15, L10 l .05:
   * pairs won 5 + 4 + 2.5 (a tie at .32 counts half) of 15. */
  check_period (0, &report->periods[0], T0, dec1, 11, 582.0 / 11, 1, 1, NAN);
  check_period (1, &report->periods[1], dec1, jan1, 0, NAN, 8, 3, 11.5 / 15);
  check_period (2, &report->periods[2], jan1, feb1, 0, NAN, 0, 0, NAN);
  check_period (3, &report->periods[3], feb1, T0 + 100 * D, 0, NAN, 0, 0, NAN);
  check_bands ("november", report->periods[0].bands,
               (const guint[]){ 1, 1, 0, 2, 1, 1, 1, 1, 2, 1 });
  g_clear_pointer (&report, hotlist_drift_report_free);

  /* 30 days: weeks from T0, the last one short. Week 3 (days 14–21) closes L1; week 4
   * (21–28) L2, L3, L4, L7, L8, L9, L10: pairs won 4 + 2.5 of 10. */
  query.to = T0 + 30 * D;
  report = hotlist_reports_drift (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->unit, ==, HOTLIST_DRIFT_WEEK);
  check_uint ("weeks", report->n_periods, 5);
  if (report->n_periods != 5)
    return;
  check_period (0, &report->periods[0], T0, T0 + 7 * D, 11, 582.0 / 11, 1, 1, NAN);
  check_period (1, &report->periods[1], T0 + 7 * D, T0 + 14 * D, 0, NAN, 0, 0, NAN);
  check_period (2, &report->periods[2], T0 + 14 * D, T0 + 21 * D, 0, NAN, 1, 1, NAN);
  check_period (3, &report->periods[3], T0 + 21 * D, T0 + 28 * D, 0, NAN, 7, 2, 6.5 / 10);
  check_period (4, &report->periods[4], T0 + 28 * D, T0 + 30 * D, 0, NAN, 0, 0, NAN);
  g_clear_pointer (&report, hotlist_drift_report_free);

  /* All time: from the first lead (L12, T0 − 5 D, in November 2023) to after the last close
   * (L13, T0 + 150 D, April 2024): six months. */
  hotlist_report_query_init (&query);
  report = hotlist_reports_drift (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->unit, ==, HOTLIST_DRIFT_MONTH);
  check_uint ("all-time months", report->n_periods, 6);
  check_uint ("all-time start", report->periods[0].start, T0 - 5 * D);
  check_uint ("all-time november scored", report->periods[0].n_scored, 12);
}

/* The CSV line that starts with @prefix, without its CR LF. */
static char *
csv_line (const char *csv, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i]);
  return NULL;
}

static void
check_csv_line (const char *csv, const char *prefix, const char *expected)
{
  g_autofree char *line = csv_line (csv, prefix);

  if (g_strcmp0 (line, expected) != 0)
    report_failure ("CSV line “%s…” is “%s”, expected “%s”", prefix, line ? line : "(none)",
                    expected);
}

static void
test_csv (void)
{
  g_autoptr (TestDir)        dir = test_dir_new ();
  g_autoptr (HotlistStore)   store = open_workspace (dir);
  g_autoptr (HotlistReports) reports = NULL;
  g_autoptr (GError)         error = NULL;
  HotlistReportQuery         query;
  char                      *csv[HOTLIST_REPORT_N_KINDS];

  add_experiments (store);
  add_cost (store, "source", "Trade show, \"Berlin\"", 100, NONE, NONE);
  query_init (&query);
  reports = hotlist_reports_compute (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reports);
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    {
      csv[k] = hotlist_reports_to_csv (reports, k);
      g_assert_true (g_str_has_suffix (csv[k], "\r\n"));
    }

  check_csv_line (csv[HOTLIST_REPORT_SCORE_DISTRIBUTION], "band,",
                  "band,min_score,max_score,leads,share");
  check_csv_line (csv[HOTLIST_REPORT_SCORE_DISTRIBUTION], "30-39,", "30-39,30,39,2,0.1666666667");
  check_csv_line (csv[HOTLIST_REPORT_SCORE_DISTRIBUTION], "unscored,",
                  "unscored,,,1,0.08333333333");

  check_csv_line (csv[HOTLIST_REPORT_CONVERSION], "group,",
                  "group,bin,min_score,max_score,leads,conversions,rate,lift");
  check_csv_line (csv[HOTLIST_REPORT_CONVERSION], "all,", "all,all,,,9,4,0.4444444444,1");
  check_csv_line (csv[HOTLIST_REPORT_CONVERSION], "band,30-39,", "band,30-39,30,39,2,1,0.5,1.125");
  /* An empty band: no rate, no lift. */
  check_csv_line (csv[HOTLIST_REPORT_CONVERSION], "band,20-29,", "band,20-29,20,29,0,0,,");

  /* Model accuracy: Spring, 7 leads (3 converted), AUC 8.5/12 (test_model_accuracy), repeated per point. */
  check_csv_line (csv[HOTLIST_REPORT_MODEL_ACCURACY], "model_id,",
                  "model_id,model_name,trained_at,leads,conversions,auc,brier,ece,curve,point,x,y,"
                  "threshold,bin_leads");
  {
    g_autofree char *first = csv_line (csv[HOTLIST_REPORT_MODEL_ACCURACY], "1,Spring,");

    g_assert_nonnull (first);
    g_assert_true (g_str_has_prefix (first, "1,Spring,2023-11-24T22:13:20Z,7,3,0.7083333333,"));
    g_assert_true (g_str_has_suffix (first, ",roc,1,0,0,,"));
  }

  /* Bob in range: L6–L10 and L13, worked L6, L7, L8, L10, L13 with 3+1+1+1+2 touches; first
   * touches 600, 1800, 3600, 7200, 86400 s (median one hour); meetings 2 (L6) + 1 (L13);
   * converted L6, L8, L13; top fifth of the five worked and closed: L13 (80, converted), the
   * rest 2 of 4. */
  check_csv_line (csv[HOTLIST_REPORT_SDR_EFFICIENCY], "bob,",
                  "bob,6,5,8,1.6,1,3,3,0.6,1,1,1,4,2,0.5");

  /* The quoted name of a source without leads, its cost and a loss of everything. */
  check_csv_line (csv[HOTLIST_REPORT_ROI], "source,\"Trade",
                  "source,\"Trade show, \"\"Berlin\"\"\",0,0,0,100,,,0,-1");

  /* One line per arm; B − A and the p-value repeated on both. */
  {
    g_autofree char *a =
        csv_line (csv[HOTLIST_REPORT_EXPERIMENTS], "1,2023-11-24T22:13:20Z,,0.5,A,");
    g_autofree char *b =
        csv_line (csv[HOTLIST_REPORT_EXPERIMENTS], "1,2023-11-24T22:13:20Z,,0.5,B,");

    g_assert_nonnull (a);
    g_assert_nonnull (b);
    g_assert_true (g_str_has_prefix (a, "1,2023-11-24T22:13:20Z,,0.5,A,1,Spring,7,4,2,0.5,"));
    g_assert_true (g_str_has_prefix (b, "1,2023-11-24T22:13:20Z,,0.5,B,2,Winter,6,4,1,0.25,"));
    g_assert_nonnull (strstr (b, ",-0.25,"));
  }

  check_csv_line (csv[HOTLIST_REPORT_DRIFT], "2023-12-01,",
                  "2023-12-01,2024-01-01,0,,0,0,0,0,0,0,0,0,0,0,8,3,0.7666666667");

  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    g_free (csv[k]);
}

static void
test_campaign_costs (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_workspace (dir);
  g_autoptr (HotlistCampaignCost) cost = NULL;
  g_autoptr (GPtrArray)           costs = NULL;
  g_autoptr (HotlistRoiReport)    roi = NULL;
  g_autoptr (GError)              error = NULL;
  HotlistReportQuery              query;
  gint64                          id;

  g_assert_true (hotlist_store_exec (store, "DELETE FROM campaign_costs", &error));

  /* Refused, and nothing stored. */
  cost = hotlist_campaign_cost_new (HOTLIST_COST_SOURCE, "  ", 10);
  g_assert_cmpint (hotlist_campaign_costs_add (store, cost, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&cost, hotlist_campaign_cost_free);
  cost = hotlist_campaign_cost_new (HOTLIST_COST_SOURCE, "web", -1);
  g_assert_cmpint (hotlist_campaign_costs_add (store, cost, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cost->cost = 10;
  cost->period_start = T0 + 5 * D;
  cost->period_end = T0;
  g_assert_cmpint (hotlist_campaign_costs_add (store, cost, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  costs = hotlist_campaign_costs_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 0);
  g_clear_pointer (&costs, g_ptr_array_unref);

  /* Web costs 1,200 in the range: 3 conversions of web leads in range created there (L1, L6;
   * L13 closed later but converted) — cost per conversion as the ROI report counts it. */
  cost->period_start = cost->period_end = 0;
  cost->cost = 1200;
  id = hotlist_campaign_costs_add (store, cost, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_pointer (&cost, hotlist_campaign_cost_free);
  cost = hotlist_campaign_cost_new (HOTLIST_COST_CAMPAIGN, " spring ", 800);
  g_assert_cmpint (hotlist_campaign_costs_add (store, cost, &error), >, 0);
  g_assert_no_error (error);

  costs = hotlist_campaign_costs_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 2);
  {
    HotlistCampaignCost *web = costs->pdata[0], *spring = costs->pdata[1];

    g_assert_cmpint (web->kind, ==, HOTLIST_COST_SOURCE);
    g_assert_cmpstr (web->name, ==, "web");
    g_assert_cmpfloat (web->cost, ==, 1200);
    g_assert_cmpstr (web->currency, ==, "USD");
    g_assert_cmpint (spring->kind, ==, HOTLIST_COST_CAMPAIGN);
    g_assert_cmpstr (spring->name, ==, "spring"); /* trimmed */
  }

  query_init (&query);
  roi = hotlist_reports_roi (store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < roi->n_sources; i++)
    if (g_strcmp0 (roi->sources[i].name, "web") == 0)
      check_double ("web cost", roi->sources[i].cost, 1200);
  g_clear_pointer (&roi, hotlist_roi_report_free);

  /* Changed, then removed: the report follows. */
  {
    g_autoptr (HotlistCampaignCost) web = hotlist_campaign_cost_copy (costs->pdata[0]);

    web->cost = 600;
    g_assert_true (hotlist_campaign_costs_update (store, web, &error));
    g_assert_no_error (error);
    roi = hotlist_reports_roi (store, &query, &error);
    for (guint i = 0; i < roi->n_sources; i++)
      if (g_strcmp0 (roi->sources[i].name, "web") == 0)
        check_double ("web cost after the change", roi->sources[i].cost, 600);
    g_clear_pointer (&roi, hotlist_roi_report_free);

    g_assert_true (hotlist_campaign_costs_remove (store, web->id, &error));
    g_assert_no_error (error);
    web->id = id + 1000;
    g_assert_false (hotlist_campaign_costs_update (store, web, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    roi = hotlist_reports_roi (store, &query, &error);
    for (guint i = 0; i < roi->n_sources; i++)
      if (g_strcmp0 (roi->sources[i].name, "web") == 0)
        check_double ("web cost after removal", roi->sources[i].cost, NAN);
  }
}

/* The store's per-lead activity counts equal a count of the activities themselves. */
static void
check_activity_counts (HotlistStore *store, const char *when)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (
                       hotlist_store_get_db (store),
                       "SELECT l.id, l.touches, l.first_touch_at, l.meetings, count(a.id),"
                       " min(a.activity_date), coalesce(sum(a.activity_type = 'meeting_booked'), 0)"
                       " FROM leads l LEFT JOIN activities a ON a.lead = l.id GROUP BY l.id",
                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int              id = sqlite3_column_int (stmt, 0);
      g_autofree char *what = g_strdup_printf ("%s: lead %d", when, id);
      g_autofree char *touches = g_strconcat (what, " touches", NULL);
      g_autofree char *first = g_strconcat (what, " first touch", NULL);
      g_autofree char *meetings = g_strconcat (what, " meetings", NULL);

      check_uint (touches, sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 4));
      check_uint (first, sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 5));
      check_uint (meetings, sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 6));
    }
  sqlite3_finalize (stmt);
}

static void
test_activity_counts (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "reports.hotlist");
  g_autoptr (HotlistStore) store = open_workspace (dir);
  g_autoptr (GError)       error = NULL;

  /* L1: call +3600, email_reply +7200, meeting_booked +86400. */
  check_activity_counts (store, "as made");
  /* An earlier activity, a meeting that becomes a call, one moved from L1 to L2, one gone. */
  add_activity (store, 1, "meeting_booked", 60);
  exec (store, sqlite3_mprintf ("UPDATE activities SET activity_type = 'call'"
                                " WHERE lead = 6 AND activity_type = 'meeting_booked'"
                                " AND activity_date = (SELECT created_at + 86400 FROM leads"
                                " WHERE id = 6)"));
  exec (store,
        sqlite3_mprintf ("UPDATE activities SET lead = 2, activity_date = activity_date - 1000000"
                         " WHERE lead = 1 AND activity_type = 'email_reply'"));
  exec (store,
        sqlite3_mprintf ("DELETE FROM activities WHERE lead = 3 AND activity_type = 'call'"));
  check_activity_counts (store, "after changes");
  {
    sqlite3_stmt *stmt = NULL;

    /* Worked out by hand: L1 has call, meeting +86400 and meeting +60 (3, first +60, 2
     * meetings); L3 keeps its meeting +172800 (1, first +172800, 1). */
    g_assert_cmpint (sqlite3_prepare_v2 (hotlist_store_get_db (store),
                                         "SELECT touches, first_touch_at - created_at, meetings"
                                         " FROM leads WHERE id IN (1, 3) ORDER BY id",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    check_uint ("L1 touches", sqlite3_column_int (stmt, 0), 3);
    check_uint ("L1 first touch", sqlite3_column_int64 (stmt, 1), 60);
    check_uint ("L1 meetings", sqlite3_column_int (stmt, 2), 2);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    check_uint ("L3 touches", sqlite3_column_int (stmt, 0), 1);
    check_uint ("L3 first touch", sqlite3_column_int64 (stmt, 1), 172800);
    check_uint ("L3 meetings", sqlite3_column_int (stmt, 2), 1);
    sqlite3_finalize (stmt);
  }

  /* A workspace of schema 2 (no counts, no triggers) gets them when it is opened. */
  exec (store, sqlite3_mprintf ("DROP TRIGGER activities_add; DROP TRIGGER activities_remove;"
                                " DROP TRIGGER activities_change;"
                                " ALTER TABLE leads DROP COLUMN touches;"
                                " ALTER TABLE leads DROP COLUMN first_touch_at;"
                                " ALTER TABLE leads DROP COLUMN meetings;"
                                " PRAGMA user_version = 2"));
  g_clear_object (&store);
  store = hotlist_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hotlist_store_get_schema_version (store), ==, 3);
  check_activity_counts (store, "after the migration");
  add_activity (store, 9, "meeting_booked", 10);
  check_activity_counts (store, "after the migration and a new activity");
}

/* A curve of 1,200 distinct probabilities is thinned; its AUC still counts every lead. */
static void
test_roc_thinned (void)
{
  g_autoptr (TestDir)              dir = test_dir_new ();
  g_autoptr (HotlistStore)         store = open_workspace (dir);
  g_autoptr (HotlistModelAccuracy) report = NULL;
  g_autoptr (GError)               error = NULL;
  g_autofree double               *p = g_new (double, 1200);
  g_autofree guint8               *y = g_new (guint8, 1200);
  HotlistReportQuery               query;
  GRand                           *rand = g_rand_new_with_seed (5);

  exec (store, sqlite3_mprintf ("DELETE FROM leads"));
  exec (store, sqlite3_mprintf ("BEGIN"));
  for (int i = 0; i < 1200; i++)
    {
      p[i] = (i + 0.5) / 1200;
      y[i] = g_rand_double (rand) < p[i];
      add_lead (store, 100 + i, "alice", "web", NULL, 1, y[i] ? "converted" : "lost", 20,
                (int)(100 * p[i]), p[i], 1);
    }
  exec (store, sqlite3_mprintf ("COMMIT"));
  g_rand_free (rand);

  query_init (&query);
  report = hotlist_reports_model_accuracy (store, &query, &error);
  g_assert_no_error (error);
  check_uint ("n", report->n, 1200);
  check_double ("auc", report->auc, hotlist_metrics_roc_auc (p, y, 1200));
  g_assert_cmpuint (report->n_roc, >, 100);
  g_assert_cmpuint (report->n_roc, <=, HOTLIST_REPORT_MAX_ROC_POINTS + 2);
  check_double ("first fpr", report->roc[0].fpr, 0);
  check_double ("first tpr", report->roc[0].tpr, 0);
  check_double ("last fpr", report->roc[report->n_roc - 1].fpr, 1);
  check_double ("last tpr", report->roc[report->n_roc - 1].tpr, 1);
  for (guint i = 1; i < report->n_roc; i++)
    {
      const HotlistRocPoint *a = &report->roc[i - 1], *b = &report->roc[i];

      g_assert_cmpfloat (b->fpr, >=, a->fpr);
      g_assert_cmpfloat (b->tpr, >=, a->tpr);
      g_assert_cmpfloat (b->threshold, <, a->threshold);
      if (i + 1 < report->n_roc)
        g_assert_true (b->fpr - a->fpr >= 1.0 / 250 - 1e-12
                       || b->tpr - a->tpr >= 1.0 / 250 - 1e-12);
    }
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("test-reports");
  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  add_test ("/reports/score-distribution", test_score_distribution);
  add_test ("/reports/conversion", test_conversion);
  add_test ("/reports/model-accuracy", test_model_accuracy);
  add_test ("/reports/sdr-efficiency", test_sdr_efficiency);
  add_test ("/reports/roi", test_roi);
  add_test ("/reports/json", test_json);
  add_test ("/reports/experiments", test_experiments);
  add_test ("/reports/drift", test_drift);
  add_test ("/reports/csv", test_csv);
  add_test ("/reports/campaign-costs", test_campaign_costs);
  add_test ("/reports/activity-counts", test_activity_counts);
  add_test ("/reports/roc-thinned", test_roc_thinned);

  status = g_test_run ();
  return test_root_finish (status);
}
