/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reports as JSON, their names, and computing them in a worker thread. */

#include "config.h"

#include "hotlist-reports.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* A "bands" member: the bins of the score bands, each with its scores. */
static void
add_band_bins (JsonBuilder *builder, const HotlistConversionBin *bins)
{
  json_builder_set_member_name (builder, "bands");
  json_builder_begin_array (builder);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      json_builder_begin_object (builder);
      add_int (builder, "min_score", 10 * k);
      add_int (builder, "max_score", k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9);
      add_conversion_bin (builder, &bins[k]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
 * hotlist_report_format_percent:
 * @value: a fraction
 *
 * Returns: (transfer full): @value as a percentage with one decimal ("12.5 %"), "—" when it is
 *   undefined; as the PDF and `hotlist-cli report` write it
 */
char *
hotlist_report_format_percent (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  /* TRANSLATORS: a percentage in a report, such as "12.5 %" */
  return g_strdup_printf (_ ("%.1f %%"), 100 * value + 0.0);
}

/**
 * hotlist_report_format_number:
 * @value: a number
 * @decimals: how many decimals to write
 *
 * Returns: (transfer full): @value with @decimals decimals, "—" when it is undefined
 */
char *
hotlist_report_format_number (double value, int decimals)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", decimals, value + 0.0);
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
          add_band_bins (builder, arm->bands);
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
  add_band_bins (builder, conversion->bands);
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
  g_strfreev (reports->owners);
  g_strfreev (reports->sources);
  g_strfreev (reports->campaigns);
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
