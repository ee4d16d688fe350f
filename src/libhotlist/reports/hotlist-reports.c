/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Report computations over a workspace's store: score bands, model accuracy, SDRs and ROI. */

#include "config.h"

#include "hotlist-reports.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scoring/hotlist-metrics.h"
#include "scoring/hotlist-scorer.h"
#include "store/hotlist-store-private.h"
#include "store/hotlist-value.h"

/*
 * Every lead query binds the same parameters: ?1 from, ?2 to, ?3 owner, ?4 lead source,
 * ?5 the JSON path of the campaign attribute in leads.custom and ?6 the campaign, each filter
 * NULL when unset. With a campaign filter but no campaign attribute, ?5 is NULL and no lead
 * matches, which is what the filter asks.
 */
#define LEAD_FILTER                         \
  " AND (?3 IS NULL OR l.owner = ?3)"       \
  " AND (?4 IS NULL OR l.lead_source = ?4)" \
  " AND (?6 IS NULL OR json_extract(l.custom, ?5) = ?6)"

#define CLOSED_IN_RANGE                              \
  " (l.outcome = 'converted' OR l.outcome = 'lost')" \
  " AND l.outcome_at >= ?1 AND l.outcome_at < ?2"

/* A lead created in the range, with what its activities add up to. */
typedef struct
{
  gint64         id;
  char          *owner;
  char          *source;
  char          *campaign;
  gint64         created_at;
  HotlistOutcome outcome;
  int            lead_score; /* -1 when not scored */
  double         probability;
  guint          activities;
  gint64         first_activity;
  guint          meetings;
  double         revenue; /* NAN when unknown */
} LeadFacts;

static double
ratio (double num, double den)
{
  return den != 0 && !isnan (num) && !isnan (den) ? num / den : NAN;
}

static void
lead_facts_clear (gpointer data)
{
  LeadFacts *facts = data;

  g_free (facts->owner);
  g_free (facts->source);
  g_free (facts->campaign);
}

static char *
dup_text (sqlite3_stmt *stmt, int column)
{
  return g_strdup (hotlist_store_column_text (stmt, column));
}

/* The JSON path of the first custom attribute found by @sql, or %NULL. */
static char *
find_attribute_path (HotlistStore *store, const char *sql, char **out_key, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (store, sql, error);
  char         *path = NULL;
  int           rc;

  *out_key = NULL;
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_key = dup_text (stmt, 0);
      path = g_strdup_printf ("$.\"%s\"", *out_key);
    }
  else if (rc != SQLITE_DONE)
    hotlist_store_set_error (store, error, _ ("Could not read the workspace’s attributes"));
  sqlite3_reset (stmt);
  return path;
}

/* The campaign is a custom attribute: a CRM or a CSV brings it as "campaign", "utm_campaign"… */
static char *
campaign_path (HotlistStore *store, char **out_key, GError **error)
{
  return find_attribute_path (store,
                              "SELECT key FROM attributes"
                              " WHERE is_core = 0 AND (key LIKE '%campaign%' OR label LIKE "
                              "'%campaign%')"
                              " ORDER BY key = 'campaign' DESC, position, key LIMIT 1",
                              out_key, error);
}

/* A number attribute holding what a deal brought. A company's annual revenue is a firmographic
 * and says nothing of the deal, so it is left out. */
static char *
revenue_path (HotlistStore *store, char **out_key, GError **error)
{
  return find_attribute_path (
      store,
      "SELECT key FROM attributes"
      " WHERE is_core = 0 AND kind = 'number'"
      "  AND (key LIKE '%revenue%' OR key LIKE '%deal%value%' OR key LIKE '%deal%amount%'"
      "       OR key = 'amount' OR key = 'deal_size')"
      "  AND key NOT LIKE '%annual%' AND key NOT LIKE '%company%'"
      "  AND key NOT LIKE '%account%'"
      " ORDER BY key LIKE '%deal%' DESC, position, key LIMIT 1",
      out_key, error);
}

static void
bind_query (sqlite3_stmt *stmt, const HotlistReportQuery *query, const char *campaign)
{
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  hotlist_store_bind_text (stmt, 3, query->owner);
  hotlist_store_bind_text (stmt, 4, query->source);
  hotlist_store_bind_text (stmt, 5, campaign);
  hotlist_store_bind_text (stmt, 6, query->campaign);
}

static gboolean
finish_query (HotlistStore *store, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not compute a report"));
      return FALSE;
    }
  return TRUE;
}

static void
conversion_bin_finish (HotlistConversionBin *bin, double base_rate)
{
  bin->rate = ratio (bin->conversions, bin->n);
  bin->lift = ratio (bin->rate, base_rate);
}

/* Leads created in the range, with their activity counts; @revenue_path may be %NULL. */
static GArray *
collect_lead_facts (HotlistStore             *store,
                    const HotlistReportQuery *query,
                    const char               *campaign,
                    const char               *revenue,
                    GError                  **error)
{
  g_autoptr (GArray) facts = g_array_new (FALSE, TRUE, sizeof (LeadFacts));
  sqlite3_stmt      *stmt;
  int                rc;

  g_array_set_clear_func (facts, lead_facts_clear);
  stmt = hotlist_store_prepare (
      store,
      "SELECT l.id, l.owner, l.lead_source, json_extract(l.custom, ?5), l.created_at,"
      "  l.outcome, l.lead_score, l.probability, count(a.id), min(a.activity_date),"
      "  coalesce(sum(a.activity_type = 'meeting_booked'), 0), json_extract(l.custom, ?7)"
      " FROM leads l LEFT JOIN activities a ON a.lead = l.id"
      " WHERE l.created_at >= ?1 AND l.created_at < ?2" LEAD_FILTER " GROUP BY l.id ORDER BY l.id",
      error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, campaign);
  hotlist_store_bind_text (stmt, 7, revenue);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LeadFacts lead = { 0 };

      lead.id = sqlite3_column_int64 (stmt, 0);
      lead.owner = dup_text (stmt, 1);
      lead.source = dup_text (stmt, 2);
      lead.campaign = campaign != NULL ? dup_text (stmt, 3) : NULL;
      lead.created_at = sqlite3_column_int64 (stmt, 4);
      if (!hotlist_outcome_from_string (hotlist_store_column_text (stmt, 5), &lead.outcome))
        lead.outcome = HOTLIST_OUTCOME_OPEN;
      lead.lead_score =
          sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
      lead.probability =
          sqlite3_column_type (stmt, 7) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 7);
      lead.activities = sqlite3_column_int (stmt, 8);
      lead.first_activity = sqlite3_column_int64 (stmt, 9);
      lead.meetings = sqlite3_column_int (stmt, 10);
      if (revenue == NULL
          || !hotlist_value_parse_number (hotlist_store_column_text (stmt, 11), &lead.revenue))
        lead.revenue = NAN;
      g_array_append_val (facts, lead);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&facts);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Highest score first, then highest probability, then the older row. */
static int
compare_by_score (gconstpointer a, gconstpointer b)
{
  const LeadFacts *x = *(LeadFacts *const *)a, *y = *(LeadFacts *const *)b;

  if (x->lead_score != y->lead_score)
    return y->lead_score - x->lead_score;
  if (x->probability != y->probability)
    return x->probability < y->probability ? 1 : -1;
  return (x->id > y->id) - (x->id < y->id);
}

static void
owner_efficiency_compute (HotlistOwnerEfficiency *row, GPtrArray *leads)
{
  g_autoptr (GArray)    delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) ranked = g_ptr_array_new ();
  guint                 n_ranked;

  for (guint i = 0; i < leads->len; i++)
    {
      const LeadFacts *lead = g_ptr_array_index (leads, i);

      row->leads++;
      if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
        row->conversions++;
      if (lead->activities == 0)
        continue;
      row->leads_worked++;
      row->touches += lead->activities;
      row->meetings += lead->meetings;
      {
        double delay = MAX (0, lead->first_activity - lead->created_at);
        g_array_append_val (delays, delay);
      }
      if (lead->outcome != HOTLIST_OUTCOME_OPEN && lead->lead_score >= 0)
        g_ptr_array_add (ranked, (gpointer)lead);
    }
  row->touches_per_lead = ratio (row->touches, row->leads_worked);
  row->conversion_rate = ratio (row->conversions, row->leads_worked);
  row->median_first_touch = NAN;
  if (delays->len > 0)
    {
      const double *d = (const double *)delays->data;
      guint         m = delays->len / 2;

      g_array_sort (delays, compare_doubles);
      row->median_first_touch = delays->len % 2 == 1 ? d[m] : (d[m - 1] + d[m]) / 2;
    }

  g_ptr_array_sort (ranked, compare_by_score);
  n_ranked = ranked->len;
  row->top_n = (n_ranked + 4) / 5;
  row->rest_n = n_ranked - row->top_n;
  for (guint i = 0; i < n_ranked; i++)
    {
      const LeadFacts *lead = g_ptr_array_index (ranked, i);

      if (lead->outcome != HOTLIST_OUTCOME_CONVERTED)
        continue;
      if (i < row->top_n)
        row->top_conversions++;
      else
        row->rest_conversions++;
    }
  row->top_rate = ratio (row->top_conversions, row->top_n);
  row->rest_rate = ratio (row->rest_conversions, row->rest_n);
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

static HotlistRoiRow *
roi_row_lookup (GHashTable *rows, const char *name)
{
  HotlistRoiRow *row = g_hash_table_lookup (rows, name);

  if (row == NULL)
    {
      row = g_new0 (HotlistRoiRow, 1);
      row->name = g_strdup (name);
      row->cost = NAN;
      g_hash_table_insert (rows, row->name, row);
    }
  return row;
}

static int
compare_roi_rows (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const HotlistRoiRow *)a)->name, ((const HotlistRoiRow *)b)->name);
}

/* Turns the working table into a sorted array and fills in the ratios. */
static HotlistRoiRow *
roi_rows_finish (GHashTable *rows, gboolean with_revenue, guint *n_rows)
{
  GHashTableIter iter;
  HotlistRoiRow *row;
  HotlistRoiRow *array = g_new0 (HotlistRoiRow, g_hash_table_size (rows) + 1);
  guint          n = 0;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&row))
    {
      if (!with_revenue)
        row->revenue = NAN;
      row->cost_per_meeting = ratio (row->cost, row->meetings);
      row->cost_per_conversion = ratio (row->cost, row->conversions);
      row->roi = ratio (row->revenue - row->cost, row->cost);
      array[n++] = *row;
      /* The name now belongs to the array. */
      g_hash_table_iter_steal (&iter);
      g_free (row);
    }
  qsort (array, n, sizeof (HotlistRoiRow), compare_roi_rows);
  *n_rows = n;
  return array;
}

static void
roi_add_lead (GHashTable *rows, const char *name, const LeadFacts *lead)
{
  HotlistRoiRow *row;

  if (name == NULL)
    return;
  row = roi_row_lookup (rows, name);
  row->leads++;
  row->meetings += lead->meetings;
  if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
    {
      row->conversions++;
      if (!isnan (lead->revenue))
        row->revenue += lead->revenue;
    }
}

static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_conversion_bin (JsonBuilder *builder, const HotlistConversionBin *bin)
{
  add_int (builder, "n", bin->n);
  add_int (builder, "conversions", bin->conversions);
  add_double (builder, "rate", bin->rate);
  add_double (builder, "lift", bin->lift);
}

static void
add_roi_rows (JsonBuilder *builder, const char *name, const HotlistRoiRow *rows, guint n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", rows[i].name);
      add_int (builder, "leads", rows[i].leads);
      add_int (builder, "meetings", rows[i].meetings);
      add_int (builder, "conversions", rows[i].conversions);
      add_double (builder, "cost", rows[i].cost);
      add_double (builder, "cost_per_meeting", rows[i].cost_per_meeting);
      add_double (builder, "cost_per_conversion", rows[i].cost_per_conversion);
      add_double (builder, "revenue", rows[i].revenue);
      add_double (builder, "roi", rows[i].roi);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * hotlist_report_query_init:
 * @query: a #HotlistReportQuery
 *
 * Sets @query to all leads of all time, without filters.
 */
void
hotlist_report_query_init (HotlistReportQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->from = G_MININT64;
  query->to = G_MAXINT64;
}

/**
 * hotlist_reports_score_distribution:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Counts the leads created in the range by score band.
 *
 * Returns: (transfer full): the distribution, or %NULL with @error set
 */
HotlistScoreDistribution *
hotlist_reports_score_distribution (HotlistStore             *store,
                                    const HotlistReportQuery *query,
                                    GError                  **error)
{
  g_autoptr (HotlistScoreDistribution) report = g_new0 (HotlistScoreDistribution, 1);
  g_autofree char                     *campaign_key = NULL;
  g_autofree char                     *campaign = NULL;
  GError                              *local_error = NULL;
  sqlite3_stmt                        *stmt;
  int                                  rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  stmt = hotlist_store_prepare (store,
                                "SELECT min(l.lead_score / 10, 9), count(*) FROM leads l"
                                " WHERE l.created_at >= ?1 AND l.created_at < ?2" LEAD_FILTER
                                " GROUP BY 1",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, campaign);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint count = sqlite3_column_int (stmt, 1);

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          report->n_unscored += count;
          continue;
        }
      report->bands[CLAMP (sqlite3_column_int (stmt, 0), 0, HOTLIST_REPORT_N_BANDS - 1)] += count;
      report->n_scored += count;
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * hotlist_reports_conversion:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * The conversion rate of the leads closed in the range, by score band and by decile of
 * probability, with the lift of each over the base rate. Leads without a score are left out.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistConversionReport *
hotlist_reports_conversion (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistConversionReport) report = g_new0 (HotlistConversionReport, 1);
  g_autoptr (GArray)                  converted = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autofree char                    *campaign_key = NULL;
  g_autofree char                    *campaign = NULL;
  GError                             *local_error = NULL;
  sqlite3_stmt                       *stmt;
  int                                 rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  stmt = hotlist_store_prepare (store,
                                "SELECT l.lead_score, l.outcome = 'converted' FROM leads l"
                                " WHERE" CLOSED_IN_RANGE LEAD_FILTER
                                " AND l.lead_score IS NOT NULL AND l.probability IS NOT NULL"
                                " ORDER BY l.probability DESC, l.id",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, campaign);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int                   band = MIN (sqlite3_column_int (stmt, 0) / 10, 9);
      guint8                yes = sqlite3_column_int (stmt, 1) != 0;
      HotlistConversionBin *bin = &report->bands[CLAMP (band, 0, HOTLIST_REPORT_N_BANDS - 1)];

      bin->n++;
      bin->conversions += yes;
      report->n++;
      report->conversions += yes;
      g_array_append_val (converted, yes);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  report->base_rate = ratio (report->conversions, report->n);
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      HotlistConversionBin *bin = &report->deciles[k];
      guint                 begin = (guint)((guint64)k * report->n / HOTLIST_REPORT_N_DECILES);
      guint                 end = (guint)((guint64)(k + 1) * report->n / HOTLIST_REPORT_N_DECILES);

      for (guint i = begin; i < end; i++)
        bin->conversions += g_array_index (converted, guint8, i);
      bin->n = end - begin;
      conversion_bin_finish (bin, report->base_rate);
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    conversion_bin_finish (&report->bands[k], report->base_rate);
  return g_steal_pointer (&report);
}

typedef struct
{
  double p;
  guint8 y;
} Prediction;

static int
compare_predictions (gconstpointer a, gconstpointer b)
{
  double x = ((const Prediction *)a)->p, y = ((const Prediction *)b)->p;

  return (x < y) - (x > y);
}

/**
 * hotlist_reports_model_accuracy:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * How well the active model did on the leads it scored that closed in the range after it was
 * trained: its ROC curve, AUC and calibration curve. Leads resolved before the model existed
 * may have been in its training data, so they would flatter it.
 *
 * Returns: (transfer full): the report (with @model_id 0 when no model is active), or %NULL
 *   with @error set
 */
HotlistModelAccuracy *
hotlist_reports_model_accuracy (HotlistStore             *store,
                                const HotlistReportQuery *query,
                                GError                  **error)
{
  g_autoptr (HotlistModelAccuracy) report = g_new0 (HotlistModelAccuracy, 1);
  g_autoptr (GArray)               predictions = g_array_new (FALSE, FALSE, sizeof (Prediction));
  g_autofree double               *p = NULL;
  g_autofree guint8               *y = NULL;
  g_autofree char                 *campaign_key = NULL;
  g_autofree char                 *campaign = NULL;
  GError                          *local_error = NULL;
  sqlite3_stmt                    *stmt;
  guint                            n;
  int                              rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  report->auc = report->brier = report->ece = NAN;
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    report->calibration[k].predicted = report->calibration[k].observed = NAN;

  stmt = hotlist_store_prepare (store,
                                "SELECT model_id, model_name, trained_at FROM scoring_models"
                                " WHERE status = 'active' ORDER BY trained_at DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report->model_id = sqlite3_column_int64 (stmt, 0);
      report->model_name = dup_text (stmt, 1);
      report->trained_at = sqlite3_column_int64 (stmt, 2);
      rc = SQLITE_DONE;
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  if (report->model_id == 0)
    return g_steal_pointer (&report);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  stmt = hotlist_store_prepare (store,
                                "SELECT l.probability, l.outcome = 'converted' FROM leads l"
                                " WHERE" CLOSED_IN_RANGE LEAD_FILTER
                                " AND l.probability IS NOT NULL AND l.score_model_id = ?7"
                                " AND l.outcome_at > ?8",
                                error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, campaign);
  sqlite3_bind_int64 (stmt, 7, report->model_id);
  sqlite3_bind_int64 (stmt, 8, report->trained_at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Prediction pred = { sqlite3_column_double (stmt, 0), sqlite3_column_int (stmt, 1) != 0 };

      g_array_append_val (predictions, pred);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  n = predictions->len;
  report->n = n;
  if (n == 0)
    return g_steal_pointer (&report);

  p = g_new (double, n);
  y = g_new (guint8, n);
  for (guint i = 0; i < n; i++)
    {
      const Prediction      *pred = &g_array_index (predictions, Prediction, i);
      HotlistCalibrationBin *bin =
          &report->calibration[MIN ((guint)floor (pred->p * HOTLIST_REPORT_N_CALIBRATION_BINS),
                                    HOTLIST_REPORT_N_CALIBRATION_BINS - 1)];

      p[i] = pred->p;
      y[i] = pred->y;
      report->n_pos += pred->y;
      /* Sums for now, means below. */
      if (bin->n++ == 0)
        bin->predicted = bin->observed = 0;
      bin->predicted += pred->p;
      bin->observed += pred->y;
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    {
      HotlistCalibrationBin *bin = &report->calibration[k];

      if (bin->n > 0)
        {
          bin->predicted /= bin->n;
          bin->observed /= bin->n;
        }
    }
  report->auc = hotlist_metrics_roc_auc (p, y, n);
  report->brier = hotlist_metrics_brier (p, y, n);
  report->ece = hotlist_metrics_ece (p, y, n);

  /* One point per distinct probability, from the highest down: tied leads move together. */
  if (report->n_pos > 0 && report->n_pos < n)
    {
      const Prediction *sorted;
      guint             n_neg = n - report->n_pos, tp = 0, fp = 0;

      g_array_sort (predictions, compare_predictions);
      sorted = (const Prediction *)predictions->data;
      report->roc = g_new (HotlistRocPoint, n + 1);
      report->roc[report->n_roc++] = (HotlistRocPoint){ INFINITY, 0, 0 };
      for (guint i = 0; i < n; i++)
        {
          if (sorted[i].y)
            tp++;
          else
            fp++;
          if (i + 1 < n && sorted[i + 1].p == sorted[i].p)
            continue;
          report->roc[report->n_roc++] =
              (HotlistRocPoint){ sorted[i].p, (double)fp / n_neg, (double)tp / report->n_pos };
        }
    }
  return g_steal_pointer (&report);
}

/**
 * hotlist_reports_sdr_efficiency:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * How each owner (SDR) worked the leads created in the range.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistSdrEfficiency *
hotlist_reports_sdr_efficiency (HotlistStore             *store,
                                const HotlistReportQuery *query,
                                GError                  **error)
{
  g_autoptr (HotlistSdrEfficiency) report = g_new0 (HotlistSdrEfficiency, 1);
  g_autoptr (GHashTable)           by_owner = NULL;
  g_autoptr (GArray)               facts = NULL;
  g_autofree char                 *campaign_key = NULL;
  g_autofree char                 *campaign = NULL;
  g_autofree char                **owners = NULL;
  GError                          *local_error = NULL;
  guint                            n_owners;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  facts = collect_lead_facts (store, query, campaign, NULL, error);
  if (facts == NULL)
    return NULL;

  by_owner =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < facts->len; i++)
    {
      LeadFacts *lead = &g_array_index (facts, LeadFacts, i);
      GPtrArray *leads;

      if (lead->owner == NULL)
        continue;
      leads = g_hash_table_lookup (by_owner, lead->owner);
      if (leads == NULL)
        {
          leads = g_ptr_array_new ();
          g_hash_table_insert (by_owner, lead->owner, leads);
        }
      g_ptr_array_add (leads, lead);
    }

  owners = (char **)g_hash_table_get_keys_as_array (by_owner, &n_owners);
  qsort (owners, n_owners, sizeof (char *), compare_names);
  report->owners = g_new0 (HotlistOwnerEfficiency, n_owners + 1);
  report->n_owners = n_owners;
  for (guint i = 0; i < n_owners; i++)
    {
      report->owners[i].owner = g_strdup (owners[i]);
      owner_efficiency_compute (&report->owners[i], g_hash_table_lookup (by_owner, owners[i]));
    }
  return g_steal_pointer (&report);
}

/**
 * hotlist_reports_roi:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * What each lead source and campaign brought for what it cost, over the leads created in the
 * range. A cost entered for a source or campaign without leads shows only when no other
 * filter (owner, the other of source and campaign) is set, since it cannot be split by them.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistRoiReport *
hotlist_reports_roi (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistRoiReport) report = g_new0 (HotlistRoiReport, 1);
  g_autoptr (GHashTable)       sources = NULL;
  g_autoptr (GHashTable)       campaigns = NULL;
  g_autoptr (GArray)           facts = NULL;
  g_autofree char             *campaign = NULL;
  g_autofree char             *revenue = NULL;
  GError                      *local_error = NULL;
  sqlite3_stmt                *stmt;
  int                          rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &report->campaign_attribute, &local_error);
  if (local_error == NULL)
    revenue = revenue_path (store, &report->revenue_attribute, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  facts = collect_lead_facts (store, query, campaign, revenue, error);
  if (facts == NULL)
    return NULL;

  sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  campaigns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  for (guint i = 0; i < facts->len; i++)
    {
      const LeadFacts *lead = &g_array_index (facts, LeadFacts, i);

      roi_add_lead (sources, lead->source, lead);
      roi_add_lead (campaigns, lead->campaign, lead);
    }

  stmt = hotlist_store_prepare (store,
                                "SELECT kind, name, sum(cost) FROM campaign_costs"
                                " WHERE (period_start IS NULL OR period_start < ?2)"
                                " AND (period_end IS NULL OR period_end >= ?1)"
                                " GROUP BY kind, name",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean       is_source = g_strcmp0 (hotlist_store_column_text (stmt, 0), "source") == 0;
      const char    *name = hotlist_store_column_text (stmt, 1);
      GHashTable    *rows = is_source ? sources : campaigns;
      HotlistRoiRow *row;

      if (name == NULL)
        continue;
      row = g_hash_table_lookup (rows, name);
      if (row == NULL)
        {
          gboolean shown =
              is_source ? (query->owner == NULL && query->campaign == NULL
                           && (query->source == NULL || g_strcmp0 (query->source, name) == 0))
                        : (query->owner == NULL && query->source == NULL
                           && (query->campaign == NULL || g_strcmp0 (query->campaign, name) == 0));
          if (!shown)
            continue;
          row = roi_row_lookup (rows, name);
        }
      row->cost = sqlite3_column_double (stmt, 2);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  report->sources = roi_rows_finish (sources, revenue != NULL, &report->n_sources);
  report->campaigns = roi_rows_finish (campaigns, revenue != NULL, &report->n_campaigns);
  return g_steal_pointer (&report);
}

static void
add_bound (JsonBuilder *builder, const char *name, gint64 value, gint64 unbounded)
{
  json_builder_set_member_name (builder, name);
  if (value != unbounded)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  if (value != 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_experiments (JsonBuilder *builder, const HotlistExperimentsReport *report)
{
  json_builder_set_member_name (builder, "experiments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->n_experiments; i++)
    {
      const HotlistExperimentReport *e = &report->experiments[i];

      json_builder_begin_object (builder);
      add_int (builder, "experiment_id", e->experiment_id);
      add_time (builder, "started_at", e->started_at);
      add_time (builder, "ended_at", e->ended_at);
      add_time (builder, "winner", e->winner);
      add_double (builder, "split", e->split);
      json_builder_set_member_name (builder, "arms");
      json_builder_begin_array (builder);
      for (guint a = 0; a < 2; a++)
        {
          const HotlistExperimentArmReport *arm = &e->arms[a];

          json_builder_begin_object (builder);
          add_string (builder, "arm", a == 0 ? "A" : "B");
          add_int (builder, "model_id", arm->model_id);
          add_string (builder, "model_name", arm->model_name);
          add_int (builder, "leads", arm->n_leads);
          add_int (builder, "resolved", arm->n_resolved);
          add_int (builder, "conversions", arm->conversions);
          add_double (builder, "rate", arm->rate);
          add_double (builder, "rate_low", arm->rate_low);
          add_double (builder, "rate_high", arm->rate_high);
          json_builder_set_member_name (builder, "bands");
          json_builder_begin_array (builder);
          for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
            {
              json_builder_begin_object (builder);
              add_int (builder, "min_score", 10 * k);
              add_int (builder, "max_score", k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9);
              add_conversion_bin (builder, &arm->bands[k]);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      add_double (builder, "difference", e->difference);
      add_double (builder, "difference_low", e->difference_low);
      add_double (builder, "difference_high", e->difference_high);
      add_double (builder, "z", e->z);
      add_double (builder, "p_value", e->p_value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_drift (JsonBuilder *builder, const HotlistDriftReport *report)
{
  json_builder_set_member_name (builder, "drift");
  json_builder_begin_object (builder);
  add_string (builder, "unit", report->unit == HOTLIST_DRIFT_WEEK ? "week" : "month");
  json_builder_set_member_name (builder, "periods");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->n_periods; i++)
    {
      const HotlistDriftPeriod *period = &report->periods[i];

      json_builder_begin_object (builder);
      add_int (builder, "start", period->start);
      add_int (builder, "end", period->end);
      add_int (builder, "n_scored", period->n_scored);
      add_double (builder, "mean_score", period->mean_score);
      json_builder_set_member_name (builder, "bands");
      json_builder_begin_array (builder);
      for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
        json_builder_add_int_value (builder, period->bands[k]);
      json_builder_end_array (builder);
      add_int (builder, "n_closed", period->n_closed);
      add_int (builder, "n_pos", period->n_pos);
      add_double (builder, "auc", period->auc);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * hotlist_reports_to_json:
 * @reports: the reports
 *
 * Every report as one JSON object, for `hotlist-cli report --json` and the local API. The
 * keys are always the same; an undefined number (a rate over no leads, a cost never entered)
 * is null.
 *
 * Returns: (transfer full): the JSON text
 */
char *
hotlist_reports_to_json (const HotlistReports *reports)
{
  const HotlistReportQuery       *query;
  const HotlistScoreDistribution *distribution;
  const HotlistConversionReport  *conversion;
  const HotlistModelAccuracy     *accuracy;
  const HotlistSdrEfficiency     *sdr;
  const HotlistRoiReport         *roi;
  g_autoptr (JsonBuilder)         builder = NULL;
  g_autoptr (JsonGenerator)       generator = NULL;
  g_autoptr (JsonNode)            root = NULL;

  g_return_val_if_fail (reports != NULL, NULL);

  query = &reports->query;
  distribution = reports->distribution;
  conversion = reports->conversion;
  accuracy = reports->accuracy;
  sdr = reports->sdr;
  roi = reports->roi;

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_string (builder, "workspace", reports->workspace_name);
  add_int (builder, "computed_at", reports->computed_at);
  json_builder_set_member_name (builder, "query");
  json_builder_begin_object (builder);
  add_bound (builder, "from", query->from, G_MININT64);
  add_bound (builder, "to", query->to, G_MAXINT64);
  add_string (builder, "owner", query->owner);
  add_string (builder, "source", query->source);
  add_string (builder, "campaign", query->campaign);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "score_distribution");
  json_builder_begin_object (builder);
  add_int (builder, "n_scored", distribution->n_scored);
  add_int (builder, "n_unscored", distribution->n_unscored);
  json_builder_set_member_name (builder, "bands");
  json_builder_begin_array (builder);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    json_builder_add_int_value (builder, distribution->bands[k]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "conversion");
  json_builder_begin_object (builder);
  add_int (builder, "n", conversion->n);
  add_int (builder, "conversions", conversion->conversions);
  add_double (builder, "base_rate", conversion->base_rate);
  json_builder_set_member_name (builder, "bands");
  json_builder_begin_array (builder);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      json_builder_begin_object (builder);
      add_int (builder, "min_score", 10 * k);
      add_int (builder, "max_score", k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9);
      add_conversion_bin (builder, &conversion->bands[k]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "deciles");
  json_builder_begin_array (builder);
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      json_builder_begin_object (builder);
      add_int (builder, "decile", k + 1);
      add_conversion_bin (builder, &conversion->deciles[k]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "model_accuracy");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model_id");
  if (accuracy->model_id != 0)
    json_builder_add_int_value (builder, accuracy->model_id);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "model_name", accuracy->model_name);
  json_builder_set_member_name (builder, "trained_at");
  if (accuracy->model_id != 0)
    json_builder_add_int_value (builder, accuracy->trained_at);
  else
    json_builder_add_null_value (builder);
  add_int (builder, "n", accuracy->n);
  add_int (builder, "n_pos", accuracy->n_pos);
  add_double (builder, "auc", accuracy->auc);
  add_double (builder, "brier", accuracy->brier);
  add_double (builder, "ece", accuracy->ece);
  json_builder_set_member_name (builder, "roc");
  json_builder_begin_array (builder);
  for (guint i = 0; i < accuracy->n_roc; i++)
    {
      json_builder_begin_object (builder);
      add_double (builder, "threshold", accuracy->roc[i].threshold);
      add_double (builder, "fpr", accuracy->roc[i].fpr);
      add_double (builder, "tpr", accuracy->roc[i].tpr);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "calibration");
  json_builder_begin_array (builder);
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    {
      json_builder_begin_object (builder);
      add_double (builder, "min", (double)k / HOTLIST_REPORT_N_CALIBRATION_BINS);
      add_double (builder, "max", (double)(k + 1) / HOTLIST_REPORT_N_CALIBRATION_BINS);
      add_int (builder, "n", accuracy->calibration[k].n);
      add_double (builder, "predicted", accuracy->calibration[k].predicted);
      add_double (builder, "observed", accuracy->calibration[k].observed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sdr_efficiency");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sdr->n_owners; i++)
    {
      const HotlistOwnerEfficiency *row = &sdr->owners[i];

      json_builder_begin_object (builder);
      add_string (builder, "owner", row->owner);
      add_int (builder, "leads", row->leads);
      add_int (builder, "leads_worked", row->leads_worked);
      add_int (builder, "touches", row->touches);
      add_double (builder, "touches_per_lead", row->touches_per_lead);
      add_double (builder, "median_first_touch_seconds", row->median_first_touch);
      add_int (builder, "meetings", row->meetings);
      add_int (builder, "conversions", row->conversions);
      add_double (builder, "conversion_rate", row->conversion_rate);
      add_int (builder, "top_n", row->top_n);
      add_int (builder, "top_conversions", row->top_conversions);
      add_double (builder, "top_rate", row->top_rate);
      add_int (builder, "rest_n", row->rest_n);
      add_int (builder, "rest_conversions", row->rest_conversions);
      add_double (builder, "rest_rate", row->rest_rate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "roi");
  json_builder_begin_object (builder);
  add_string (builder, "revenue_attribute", roi->revenue_attribute);
  add_string (builder, "campaign_attribute", roi->campaign_attribute);
  add_roi_rows (builder, "sources", roi->sources, roi->n_sources);
  add_roi_rows (builder, "campaigns", roi->campaigns, roi->n_campaigns);
  json_builder_end_object (builder);

  add_experiments (builder, reports->experiments);
  add_drift (builder, reports->drift);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
hotlist_score_distribution_free (HotlistScoreDistribution *report)
{
  g_free (report);
}

void
hotlist_conversion_report_free (HotlistConversionReport *report)
{
  g_free (report);
}

void
hotlist_model_accuracy_free (HotlistModelAccuracy *report)
{
  if (report == NULL)
    return;
  g_free (report->model_name);
  g_free (report->roc);
  g_free (report);
}

void
hotlist_sdr_efficiency_free (HotlistSdrEfficiency *report)
{
  if (report == NULL)
    return;
  for (guint i = 0; i < report->n_owners; i++)
    g_free (report->owners[i].owner);
  g_free (report->owners);
  g_free (report);
}

static void
roi_rows_free (HotlistRoiRow *rows, guint n)
{
  for (guint i = 0; i < n; i++)
    g_free (rows[i].name);
  g_free (rows);
}

void
hotlist_roi_report_free (HotlistRoiReport *report)
{
  if (report == NULL)
    return;
  g_free (report->revenue_attribute);
  g_free (report->campaign_attribute);
  roi_rows_free (report->sources, report->n_sources);
  roi_rows_free (report->campaigns, report->n_campaigns);
  g_free (report);
}

/* The 95 % Wilson score interval of @k successes in @n. */
static void
wilson_interval (guint k, guint n, double *low, double *high)
{
  const double z = 1.959963984540054;
  double       p, denominator, centre, half;

  if (n == 0)
    {
      *low = *high = NAN;
      return;
    }
  p = (double)k / n;
  denominator = 1 + z * z / n;
  centre = (p + z * z / (2.0 * n)) / denominator;
  half = z * sqrt (p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
  *low = MAX (0.0, centre - half);
  *high = MIN (1.0, centre + half);
}

static char *
model_name (HotlistStore *store, gint64 model_id)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store, "SELECT model_name FROM scoring_models WHERE model_id = ?1",
                             NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

/* Per arm: the leads, and those resolved in the range while the experiment ran. */
static gboolean
experiment_fill (HotlistStore             *store,
                 const HotlistReportQuery *query,
                 const char               *campaign,
                 HotlistExperimentReport  *e,
                 GError                  **error)
{
  gint64        end = e->ended_at != 0 ? e->ended_at : G_MAXINT64;
  gint64        resolved_from = MAX (query->from, e->started_at);
  gint64        resolved_to = MIN (query->to, end);
  sqlite3_stmt *stmt;
  int           rc;

  stmt = hotlist_store_prepare (store,
                                "SELECT l.lead_id, l.outcome, l.outcome_at, l.lead_score"
                                " FROM leads l WHERE l.created_at < ?7" LEAD_FILTER,
                                error);
  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, query, campaign);
  sqlite3_bind_int64 (stmt, 7, end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8               *lead_id = sqlite3_column_blob (stmt, 0);
      const char                 *outcome = hotlist_store_column_text (stmt, 1);
      gint64                      outcome_at = sqlite3_column_int64 (stmt, 2);
      HotlistExperimentArmReport *arm;
      gboolean                    converted;
      double                      u;

      if (lead_id == NULL || sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      u = (double)(hotlist_lead_arm_hash (lead_id) >> 11) * 0x1.0p-53;
      arm = &e->arms[u < e->split ? 1 : 0];
      arm->n_leads++;
      if (g_strcmp0 (outcome, "open") == 0 || sqlite3_column_type (stmt, 2) == SQLITE_NULL
          || outcome_at < resolved_from || outcome_at >= resolved_to)
        continue;
      converted = g_strcmp0 (outcome, "converted") == 0;
      arm->n_resolved++;
      arm->conversions += converted;
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          int                   score = CLAMP (sqlite3_column_int (stmt, 3), 0, 100);
          HotlistConversionBin *bin = &arm->bands[MIN (score / 10, HOTLIST_REPORT_N_BANDS - 1)];

          bin->n++;
          bin->conversions += converted;
        }
    }
  if (!finish_query (store, stmt, rc, error))
    return FALSE;

  for (guint a = 0; a < 2; a++)
    {
      HotlistExperimentArmReport *arm = &e->arms[a];

      arm->model_name = model_name (store, arm->model_id);
      arm->rate = ratio (arm->conversions, arm->n_resolved);
      wilson_interval (arm->conversions, arm->n_resolved, &arm->rate_low, &arm->rate_high);
      for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
        conversion_bin_finish (&arm->bands[k], arm->rate);
    }
  e->difference = e->difference_low = e->difference_high = e->z = e->p_value = NAN;
  if (e->arms[0].n_resolved > 0 && e->arms[1].n_resolved > 0)
    {
      const HotlistExperimentArmReport *a = &e->arms[0], *b = &e->arms[1];
      double                            se =
          sqrt (a->rate * (1 - a->rate) / a->n_resolved + b->rate * (1 - b->rate) / b->n_resolved);

      e->difference = b->rate - a->rate;
      e->difference_low = e->difference - 1.959963984540054 * se;
      e->difference_high = e->difference + 1.959963984540054 * se;
      hotlist_metrics_two_proportion_z (b->conversions, b->n_resolved, a->conversions,
                                        a->n_resolved, &e->z, &e->p_value);
    }
  return TRUE;
}

/**
 * hotlist_reports_experiments:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * The A/B experiments that ran during the range: per arm, its leads, those resolved in the
 * range while the experiment ran, their conversion rate with a 95 % interval and by score band;
 * the difference B − A with its 95 % interval and the two-proportion z-test.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistExperimentsReport *
hotlist_reports_experiments (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistExperimentsReport) report = g_new0 (HotlistExperimentsReport, 1);
  g_autoptr (GArray) experiments = g_array_new (FALSE, TRUE, sizeof (HotlistExperimentReport));
  g_autofree char   *campaign_key = NULL;
  g_autofree char   *campaign = NULL;
  GError            *local_error = NULL;
  sqlite3_stmt      *stmt;
  int                rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  stmt = hotlist_store_prepare (store,
                                "SELECT experiment_id, model_a, model_b, split, started_at,"
                                "  ended_at, winner FROM experiments"
                                " WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)"
                                " ORDER BY started_at DESC, experiment_id DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HotlistExperimentReport e = { 0 };

      e.experiment_id = sqlite3_column_int64 (stmt, 0);
      e.arms[0].model_id = sqlite3_column_int64 (stmt, 1);
      e.arms[1].model_id = sqlite3_column_int64 (stmt, 2);
      e.split = sqlite3_column_double (stmt, 3);
      e.started_at = sqlite3_column_int64 (stmt, 4);
      e.ended_at = sqlite3_column_int64 (stmt, 5);
      e.winner = sqlite3_column_int64 (stmt, 6);
      g_array_append_val (experiments, e);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  report->n_experiments = experiments->len;
  report->experiments =
      (HotlistExperimentReport *)(gpointer)g_array_free (g_steal_pointer (&experiments), FALSE);
  for (guint i = 0; i < report->n_experiments; i++)
    if (!experiment_fill (store, query, campaign, &report->experiments[i], error))
      return NULL;
  return g_steal_pointer (&report);
}

/* The first and last instants with data, for a range left open. */
static gboolean
data_span (HotlistStore *store, gint64 *first, gint64 *last, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      store,
      "SELECT min(created_at), max(max(created_at), coalesce(max(outcome_at), 0)) FROM leads",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *first = *last = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *first = sqlite3_column_int64 (stmt, 0);
      *last = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_DONE;
    }
  return finish_query (store, stmt, rc, error);
}

static gint64
month_start (gint64 t, int months_ahead)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (t);
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) moved = NULL;

  first = g_date_time_new_utc (g_date_time_get_year (at), g_date_time_get_month (at), 1, 0, 0, 0);
  moved = g_date_time_add_months (first, months_ahead);
  return g_date_time_to_unix (moved);
}

#define DRIFT_MAX_PERIODS 36

static int
drift_period_of (const HotlistDriftReport *report, gint64 t)
{
  guint lo = 0, hi = report->n_periods;

  if (report->n_periods == 0 || t < report->periods[0].start
      || t >= report->periods[report->n_periods - 1].end)
    return -1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (report->periods[mid].start <= t)
        lo = mid;
      else
        hi = mid;
    }
  return (int)lo;
}

/**
 * hotlist_reports_drift:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Model drift: per week (a range of up to 92 days) or calendar month, the score distribution of
 * the leads created then and the ROC AUC of the probabilities of the leads closed then. A range
 * left open starts at the first lead and ends after the last one; only the last 36 periods are
 * kept.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistDriftReport *
hotlist_reports_drift (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistDriftReport) report = g_new0 (HotlistDriftReport, 1);
  g_autoptr (GArray)             periods = g_array_new (FALSE, TRUE, sizeof (HotlistDriftPeriod));
  g_autoptr (GPtrArray)          probabilities = NULL;
  g_autoptr (GPtrArray)          labels = NULL;
  g_autofree char               *campaign_key = NULL;
  g_autofree char               *campaign = NULL;
  GError                        *local_error = NULL;
  gint64                         first, last, from, to;
  double                        *score_sums;
  sqlite3_stmt                  *stmt;
  int                            rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  campaign = campaign_path (store, &campaign_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (!data_span (store, &first, &last, error))
    return NULL;
  from = query->from != G_MININT64 ? query->from : first;
  to = query->to != G_MAXINT64 ? query->to : last + 1;
  if (to <= from)
    {
      report->unit = HOTLIST_DRIFT_MONTH;
      return g_steal_pointer (&report);
    }

  report->unit = to - from <= 92 * (gint64)86400 ? HOTLIST_DRIFT_WEEK : HOTLIST_DRIFT_MONTH;
  /* Periods from the end backwards, so that the last ones are kept. */
  for (gint64 end = to; end > from && periods->len < DRIFT_MAX_PERIODS;)
    {
      HotlistDriftPeriod period = { 0 };

      period.end = end;
      if (report->unit == HOTLIST_DRIFT_WEEK)
        period.start = MAX (from, end - 7 * (gint64)86400);
      else
        {
          gint64 start = month_start (end - 1, 0);

          period.start = MAX (from, start);
        }
      g_array_prepend_val (periods, period);
      end = period.start;
    }
  /* Weeks are counted from the start of the range: the first one may be short; move the
   * boundaries so that the short one is the last. */
  if (report->unit == HOTLIST_DRIFT_WEEK && periods->len > 0)
    {
      HotlistDriftPeriod *p = (HotlistDriftPeriod *)(gpointer)periods->data;
      gint64              start = p[0].start;

      for (guint i = 0; i < periods->len; i++)
        {
          p[i].start = start + (gint64)i * 7 * 86400;
          p[i].end = MIN (to, p[i].start + 7 * (gint64)86400);
        }
    }
  report->n_periods = periods->len;
  report->periods =
      (HotlistDriftPeriod *)(gpointer)g_array_free (g_steal_pointer (&periods), FALSE);
  if (report->n_periods == 0)
    return g_steal_pointer (&report);

  score_sums = g_new0 (double, report->n_periods);
  probabilities = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  labels = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < report->n_periods; i++)
    {
      g_ptr_array_add (probabilities, g_array_new (FALSE, FALSE, sizeof (double)));
      g_ptr_array_add (labels, g_array_new (FALSE, FALSE, sizeof (guint8)));
    }

  stmt = hotlist_store_prepare (
      store,
      "SELECT l.created_at, l.lead_score, l.outcome, l.outcome_at, l.probability FROM leads l"
      " WHERE ((l.created_at >= ?1 AND l.created_at < ?2)"
      "  OR ((l.outcome = 'converted' OR l.outcome = 'lost')"
      "      AND l.outcome_at >= ?1 AND l.outcome_at < ?2))"
      "  AND l.lead_score IS NOT NULL" LEAD_FILTER,
      error);
  if (stmt == NULL)
    {
      g_free (score_sums);
      return NULL;
    }
  bind_query (stmt, query, campaign);
  sqlite3_bind_int64 (stmt, 1, report->periods[0].start);
  sqlite3_bind_int64 (stmt, 2, report->periods[report->n_periods - 1].end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int         created = drift_period_of (report, sqlite3_column_int64 (stmt, 0));
      int         score = CLAMP (sqlite3_column_int (stmt, 1), 0, 100);
      const char *outcome = hotlist_store_column_text (stmt, 2);

      if (created >= 0)
        {
          HotlistDriftPeriod *period = &report->periods[created];

          period->n_scored++;
          period->bands[MIN (score / 10, HOTLIST_REPORT_N_BANDS - 1)]++;
          score_sums[created] += score;
        }
      if (g_strcmp0 (outcome, "open") != 0 && sqlite3_column_type (stmt, 3) != SQLITE_NULL
          && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          int closed = drift_period_of (report, sqlite3_column_int64 (stmt, 3));

          if (closed >= 0)
            {
              double p = sqlite3_column_double (stmt, 4);
              guint8 y = g_strcmp0 (outcome, "converted") == 0;

              g_array_append_val (probabilities->pdata[closed], p);
              g_array_append_val (labels->pdata[closed], y);
              report->periods[closed].n_closed++;
              report->periods[closed].n_pos += y;
            }
        }
    }
  if (!finish_query (store, stmt, rc, error))
    {
      g_free (score_sums);
      return NULL;
    }
  for (guint i = 0; i < report->n_periods; i++)
    {
      HotlistDriftPeriod *period = &report->periods[i];
      GArray             *p = probabilities->pdata[i];
      GArray             *y = labels->pdata[i];

      period->mean_score = ratio (score_sums[i], period->n_scored);
      period->auc = period->n_pos > 0 && period->n_pos < period->n_closed
                        ? hotlist_metrics_roc_auc ((const double *)(gpointer)p->data,
                                                   (const guint8 *)y->data, p->len)
                        : NAN;
    }
  g_free (score_sums);
  return g_steal_pointer (&report);
}

void
hotlist_experiments_report_free (HotlistExperimentsReport *report)
{
  if (report == NULL)
    return;
  for (guint i = 0; i < report->n_experiments; i++)
    for (guint a = 0; a < 2; a++)
      g_free (report->experiments[i].arms[a].model_name);
  g_free (report->experiments);
  g_free (report);
}

void
hotlist_drift_report_free (HotlistDriftReport *report)
{
  if (report == NULL)
    return;
  g_free (report->periods);
  g_free (report);
}

static const struct
{
  const char *id;
  const char *title;
} report_kinds[HOTLIST_REPORT_N_KINDS] = {
  [HOTLIST_REPORT_SCORE_DISTRIBUTION] = {
      "score-distribution", N_ ("Score Distribution") },
      [HOTLIST_REPORT_CONVERSION] = {
          "conversion", N_ ("Conversion by Score") },
          [HOTLIST_REPORT_MODEL_ACCURACY] = {
              "model-accuracy", N_ ("Model Accuracy") },
              [HOTLIST_REPORT_SDR_EFFICIENCY] = {
                  "sdr-efficiency", N_ ("SDR Efficiency") },
                  [HOTLIST_REPORT_ROI] = { "roi", N_ ("Source and Campaign ROI") },
                                           [HOTLIST_REPORT_EXPERIMENTS] = {
                                               "experiments", N_ ("A/B Experiments") },
                                               [HOTLIST_REPORT_DRIFT] = { "drift",
                                                                          N_ ("Model Drift") },
                                               };

/**
 * hotlist_report_kind_to_id:
 * @kind: a report
 *
 * Returns: the report's stable identifier ("score-distribution", "conversion",
 *   "model-accuracy", "sdr-efficiency", "roi", "experiments", "drift"), used in file names and
 *   on the command line
 */
const char *
hotlist_report_kind_to_id (HotlistReportKind kind)
{
  g_return_val_if_fail (kind < HOTLIST_REPORT_N_KINDS, NULL);
  return report_kinds[kind].id;
}

gboolean
hotlist_report_kind_from_id (const char *id, HotlistReportKind *kind)
{
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    if (g_strcmp0 (id, report_kinds[k].id) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/**
 * hotlist_report_kind_to_title:
 * @kind: a report
 *
 * Returns: the report's title, translated
 */
const char *
hotlist_report_kind_to_title (HotlistReportKind kind)
{
  g_return_val_if_fail (kind < HOTLIST_REPORT_N_KINDS, NULL);
  return _ (report_kinds[kind].title);
}

/**
 * hotlist_reports_compute:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Computes every report over @query, in one read transaction so that they agree.
 *
 * Returns: (transfer full): the reports, or %NULL with @error set
 */
HotlistReports *
hotlist_reports_compute (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistReports) reports = g_new0 (HotlistReports, 1);
  gboolean                   ok;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  reports->query = *query;
  reports->query.owner = reports->owned_strings[0] = g_strdup (query->owner);
  reports->query.source = reports->owned_strings[1] = g_strdup (query->source);
  reports->query.campaign = reports->owned_strings[2] = g_strdup (query->campaign);
  reports->computed_at = g_get_real_time () / G_USEC_PER_SEC;
  reports->workspace_name = hotlist_store_get_meta (store, "name");

  if (!hotlist_store_exec (store, "BEGIN", error))
    return NULL;
  query = &reports->query;
  ok = (reports->distribution = hotlist_reports_score_distribution (store, query, error)) != NULL
       && (reports->conversion = hotlist_reports_conversion (store, query, error)) != NULL
       && (reports->accuracy = hotlist_reports_model_accuracy (store, query, error)) != NULL
       && (reports->sdr = hotlist_reports_sdr_efficiency (store, query, error)) != NULL
       && (reports->roi = hotlist_reports_roi (store, query, error)) != NULL
       && (reports->experiments = hotlist_reports_experiments (store, query, error)) != NULL
       && (reports->drift = hotlist_reports_drift (store, query, error)) != NULL;
  hotlist_store_exec (store, "COMMIT", NULL);
  return ok ? g_steal_pointer (&reports) : NULL;
}

void
hotlist_reports_free (HotlistReports *reports)
{
  if (reports == NULL)
    return;
  g_free (reports->workspace_name);
  for (guint i = 0; i < G_N_ELEMENTS (reports->owned_strings); i++)
    g_free (reports->owned_strings[i]);
  hotlist_score_distribution_free (reports->distribution);
  hotlist_conversion_report_free (reports->conversion);
  hotlist_model_accuracy_free (reports->accuracy);
  hotlist_sdr_efficiency_free (reports->sdr);
  hotlist_roi_report_free (reports->roi);
  hotlist_experiments_report_free (reports->experiments);
  hotlist_drift_report_free (reports->drift);
  g_free (reports);
}

typedef struct
{
  char              *path;
  HotlistReportQuery query;
  char              *strings[3];
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  for (guint i = 0; i < G_N_ELEMENTS (data->strings); i++)
    g_free (data->strings[i]);
  g_free (data);
}

static void
compute_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ComputeData             *data = task_data;
  g_autoptr (HotlistStore) store = NULL;
  GError                  *error = NULL;
  HotlistReports          *reports;

  store = hotlist_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  reports = hotlist_reports_compute (store, &data->query, &error);
  if (reports == NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, reports, (GDestroyNotify)hotlist_reports_free);
  else
    hotlist_reports_free (reports);
}

/**
 * hotlist_reports_compute_async:
 * @workspace_path: the workspace file
 * @query: what to cover (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the reports are ready
 * @user_data: data for @callback
 *
 * Computes every report in a worker thread, on its own connection to the workspace.
 */
void
hotlist_reports_compute_async (const char               *workspace_path,
                               const HotlistReportQuery *query,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  ComputeData      *data;

  g_return_if_fail (workspace_path != NULL);
  g_return_if_fail (query != NULL);

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (workspace_path);
  data->query = *query;
  data->query.owner = data->strings[0] = g_strdup (query->owner);
  data->query.source = data->strings[1] = g_strdup (query->source);
  data->query.campaign = data->strings[2] = g_strdup (query->campaign);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_reports_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify)compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * hotlist_reports_compute_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reports, or %NULL with @error set
 */
HotlistReports *
hotlist_reports_compute_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char **
list_values (HotlistStore *store, const char *sql, const char *bind, GError **error)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt         *stmt = hotlist_store_prepare (store, sql, error);
  int                   rc;

  if (stmt == NULL)
    return NULL;
  hotlist_store_bind_text (stmt, 1, bind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, dup_text (stmt, 0));
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  g_ptr_array_add (values, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

/**
 * hotlist_reports_list_owners:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the owners of the workspace's leads, by name, for the filters
 */
char **
hotlist_reports_list_owners (HotlistStore *store, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  return list_values (store,
                      "SELECT DISTINCT owner FROM leads WHERE owner IS NOT NULL AND owner != ''"
                      " ORDER BY owner",
                      NULL, error);
}

/**
 * hotlist_reports_list_sources:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the lead sources of the workspace's leads, by name
 */
char **
hotlist_reports_list_sources (HotlistStore *store, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  return list_values (store,
                      "SELECT DISTINCT lead_source FROM leads"
                      " WHERE lead_source IS NOT NULL AND lead_source != '' ORDER BY lead_source",
                      NULL, error);
}

/**
 * hotlist_reports_list_campaigns:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the campaigns of the workspace's leads (the values of its campaign
 *   attribute), by name; empty when it has none
 */
char **
hotlist_reports_list_campaigns (HotlistStore *store, GError **error)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  GError          *local_error = NULL;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  path = campaign_path (store, &key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (path == NULL)
    return g_new0 (char *, 1);
  return list_values (store,
                      "SELECT DISTINCT c FROM (SELECT json_extract(custom, ?1) AS c FROM leads)"
                      " WHERE c IS NOT NULL AND c != '' ORDER BY c",
                      path, error);
}
