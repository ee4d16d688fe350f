/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each report as a CSV table (RFC 4180): one header line, then one line per row. Numbers are
 * written with a dot and as many digits as they need; an undefined one is an empty field;
 * instants are ISO 8601 in UTC. */

#include "config.h"

#include "hotlist-reports.h"

#include <math.h>
#include <string.h>

typedef struct
{
  GString *text;
  gboolean first; /* no field yet on this line */
} Csv;

static void
csv_field (Csv *csv, const char *value)
{
  if (!csv->first)
    g_string_append_c (csv->text, ',');
  csv->first = FALSE;
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") != NULL || g_ascii_isspace (value[0])
      || (value[0] != '\0' && g_ascii_isspace (value[strlen (value) - 1])))
    {
      g_string_append_c (csv->text, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv->text, '"');
          g_string_append_c (csv->text, *p);
        }
      g_string_append_c (csv->text, '"');
    }
  else
    g_string_append (csv->text, value);
}

static void
csv_end_line (Csv *csv)
{
  g_string_append (csv->text, "\r\n");
  csv->first = TRUE;
}

static void
csv_header (Csv *csv, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    csv_field (csv, names[i]);
  csv_end_line (csv);
}

static void
csv_uint (Csv *csv, guint64 value)
{
  char buffer[24];

  g_snprintf (buffer, sizeof buffer, "%" G_GUINT64_FORMAT, value);
  csv_field (csv, buffer);
}

static void
csv_double (Csv *csv, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      csv_field (csv, "");
      return;
    }
  csv_field (csv, g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

/* An instant as ISO 8601 in UTC; @with_time FALSE writes the date only. 0 is empty. */
static void
csv_time (Csv *csv, gint64 value, gboolean with_time)
{
  g_autoptr (GDateTime) at = NULL;
  g_autofree char      *text = NULL;

  if (value == 0 || (at = g_date_time_new_from_unix_utc (value)) == NULL)
    {
      csv_field (csv, "");
      return;
    }
  text = g_date_time_format (at, with_time ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d");
  csv_field (csv, text);
}

static void
band_limits (guint k, guint *min, guint *max)
{
  *min = 10 * k;
  *max = k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9;
}

static void
score_distribution_csv (Csv *csv, const HotlistScoreDistribution *d)
{
  static const char *const header[] = { "band", "min_score", "max_score", "leads", "share", NULL };
  guint                    total = d->n_scored + d->n_unscored;

  csv_header (csv, header);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      g_autofree char *band = NULL;
      guint            min, max;

      band_limits (k, &min, &max);
      band = g_strdup_printf ("%u-%u", min, max);
      csv_field (csv, band);
      csv_uint (csv, min);
      csv_uint (csv, max);
      csv_uint (csv, d->bands[k]);
      csv_double (csv, total > 0 ? (double)d->bands[k] / total : NAN);
      csv_end_line (csv);
    }
  csv_field (csv, "unscored");
  csv_field (csv, "");
  csv_field (csv, "");
  csv_uint (csv, d->n_unscored);
  csv_double (csv, total > 0 ? (double)d->n_unscored / total : NAN);
  csv_end_line (csv);
}

static void
conversion_row (Csv                        *csv,
                const char                 *group,
                const char                 *bin,
                int                         min,
                int                         max,
                const HotlistConversionBin *b)
{
  csv_field (csv, group);
  csv_field (csv, bin);
  if (min >= 0)
    {
      csv_uint (csv, min);
      csv_uint (csv, max);
    }
  else
    {
      csv_field (csv, "");
      csv_field (csv, "");
    }
  csv_uint (csv, b->n);
  csv_uint (csv, b->conversions);
  csv_double (csv, b->rate);
  csv_double (csv, b->lift);
  csv_end_line (csv);
}

static void
conversion_csv (Csv *csv, const HotlistConversionReport *c)
{
  static const char *const header[] = { "group",       "bin",  "min_score", "max_score", "leads",
                                        "conversions", "rate", "lift",      NULL };
  HotlistConversionBin     all = { c->n, c->conversions, c->base_rate, c->n > 0 ? 1.0 : NAN };

  csv_header (csv, header);
  conversion_row (csv, "all", "all", -1, -1, &all);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      g_autofree char *bin = NULL;
      guint            min, max;

      band_limits (k, &min, &max);
      bin = g_strdup_printf ("%u-%u", min, max);
      conversion_row (csv, "band", bin, min, max, &c->bands[k]);
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      g_autofree char *bin = g_strdup_printf ("%u", k + 1);

      conversion_row (csv, "decile", bin, -1, -1, &c->deciles[k]);
    }
}

static void
accuracy_prefix (Csv *csv, const HotlistModelAccuracy *a)
{
  if (a->model_id != 0)
    csv_uint (csv, a->model_id);
  else
    csv_field (csv, "");
  csv_field (csv, a->model_name);
  csv_time (csv, a->model_id != 0 ? a->trained_at : 0, TRUE);
  csv_uint (csv, a->n);
  csv_uint (csv, a->n_pos);
  csv_double (csv, a->auc);
  csv_double (csv, a->brier);
  csv_double (csv, a->ece);
}

/* One line per point of the ROC and calibration curves, each with the model's figures. */
static void
model_accuracy_csv (Csv *csv, const HotlistModelAccuracy *a)
{
  static const char *const header[] = { "model_id",    "model_name", "trained_at", "leads",
                                        "conversions", "auc",        "brier",      "ece",
                                        "curve",       "point",      "x",          "y",
                                        "threshold",   "bin_leads",  NULL };

  csv_header (csv, header);
  for (guint i = 0; i < a->n_roc; i++)
    {
      accuracy_prefix (csv, a);
      csv_field (csv, "roc");
      csv_uint (csv, i + 1);
      csv_double (csv, a->roc[i].fpr);
      csv_double (csv, a->roc[i].tpr);
      csv_double (csv, isinf (a->roc[i].threshold) ? NAN : a->roc[i].threshold);
      csv_field (csv, "");
      csv_end_line (csv);
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    {
      accuracy_prefix (csv, a);
      csv_field (csv, "calibration");
      csv_uint (csv, k + 1);
      csv_double (csv, a->calibration[k].predicted);
      csv_double (csv, a->calibration[k].observed);
      csv_field (csv, "");
      csv_uint (csv, a->calibration[k].n);
      csv_end_line (csv);
    }
  /* A workspace without a model, or without a resolved lead, still says so. */
  if (a->n_roc == 0 && a->n == 0)
    {
      accuracy_prefix (csv, a);
      for (guint i = 0; i < 6; i++)
        csv_field (csv, "");
      csv_end_line (csv);
    }
}

static void
sdr_efficiency_csv (Csv *csv, const HotlistSdrEfficiency *s)
{
  static const char *const header[] = { "owner",
                                        "leads",
                                        "leads_worked",
                                        "touches",
                                        "touches_per_lead",
                                        "median_first_touch_hours",
                                        "meetings",
                                        "conversions",
                                        "conversion_rate",
                                        "top_scored_leads",
                                        "top_scored_conversions",
                                        "top_scored_rate",
                                        "other_leads",
                                        "other_conversions",
                                        "other_rate",
                                        NULL };

  csv_header (csv, header);
  for (guint i = 0; i < s->n_owners; i++)
    {
      const HotlistOwnerEfficiency *row = &s->owners[i];

      csv_field (csv, row->owner);
      csv_uint (csv, row->leads);
      csv_uint (csv, row->leads_worked);
      csv_uint (csv, row->touches);
      csv_double (csv, row->touches_per_lead);
      csv_double (csv, row->median_first_touch / 3600.0);
      csv_uint (csv, row->meetings);
      csv_uint (csv, row->conversions);
      csv_double (csv, row->conversion_rate);
      csv_uint (csv, row->top_n);
      csv_uint (csv, row->top_conversions);
      csv_double (csv, row->top_rate);
      csv_uint (csv, row->rest_n);
      csv_uint (csv, row->rest_conversions);
      csv_double (csv, row->rest_rate);
      csv_end_line (csv);
    }
}

static void
roi_rows_csv (Csv *csv, const char *kind, const HotlistRoiRow *rows, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      csv_field (csv, kind);
      csv_field (csv, rows[i].name);
      csv_uint (csv, rows[i].leads);
      csv_uint (csv, rows[i].meetings);
      csv_uint (csv, rows[i].conversions);
      csv_double (csv, rows[i].cost);
      csv_double (csv, rows[i].cost_per_meeting);
      csv_double (csv, rows[i].cost_per_conversion);
      csv_double (csv, rows[i].revenue);
      csv_double (csv, rows[i].roi);
      csv_end_line (csv);
    }
}

static void
roi_csv (Csv *csv, const HotlistRoiReport *r)
{
  static const char *const header[] = { "kind",
                                        "name",
                                        "leads",
                                        "meetings",
                                        "conversions",
                                        "cost",
                                        "cost_per_meeting",
                                        "cost_per_conversion",
                                        "revenue",
                                        "roi",
                                        NULL };

  csv_header (csv, header);
  roi_rows_csv (csv, "source", r->sources, r->n_sources);
  roi_rows_csv (csv, "campaign", r->campaigns, r->n_campaigns);
}

/* One line per arm, each with the experiment's comparison. */
static void
experiments_csv (Csv *csv, const HotlistExperimentsReport *e)
{
  static const char *const header[] = { "experiment_id",
                                        "started_at",
                                        "ended_at",
                                        "split",
                                        "arm",
                                        "model_id",
                                        "model_name",
                                        "leads",
                                        "resolved",
                                        "conversions",
                                        "rate",
                                        "rate_low",
                                        "rate_high",
                                        "difference_b_minus_a",
                                        "difference_low",
                                        "difference_high",
                                        "z",
                                        "p_value",
                                        "winner_model_id",
                                        NULL };

  csv_header (csv, header);
  for (guint i = 0; i < e->n_experiments; i++)
    {
      const HotlistExperimentReport *x = &e->experiments[i];

      for (guint a = 0; a < 2; a++)
        {
          const HotlistExperimentArmReport *arm = &x->arms[a];

          csv_uint (csv, x->experiment_id);
          csv_time (csv, x->started_at, TRUE);
          csv_time (csv, x->ended_at, TRUE);
          csv_double (csv, x->split);
          csv_field (csv, a == 0 ? "A" : "B");
          csv_uint (csv, arm->model_id);
          csv_field (csv, arm->model_name);
          csv_uint (csv, arm->n_leads);
          csv_uint (csv, arm->n_resolved);
          csv_uint (csv, arm->conversions);
          csv_double (csv, arm->rate);
          csv_double (csv, arm->rate_low);
          csv_double (csv, arm->rate_high);
          csv_double (csv, x->difference);
          csv_double (csv, x->difference_low);
          csv_double (csv, x->difference_high);
          csv_double (csv, x->z);
          csv_double (csv, x->p_value);
          if (x->winner != 0)
            csv_uint (csv, x->winner);
          else
            csv_field (csv, "");
          csv_end_line (csv);
        }
    }
}

static void
drift_csv (Csv *csv, const HotlistDriftReport *d)
{
  csv_field (csv, "period_start");
  csv_field (csv, "period_end");
  csv_field (csv, "scored_leads");
  csv_field (csv, "mean_score");
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      g_autofree char *name = NULL;
      guint            min, max;

      band_limits (k, &min, &max);
      name = g_strdup_printf ("band_%u_%u", min, max);
      csv_field (csv, name);
    }
  csv_field (csv, "closed_leads");
  csv_field (csv, "conversions");
  csv_field (csv, "auc");
  csv_end_line (csv);
  for (guint i = 0; i < d->n_periods; i++)
    {
      const HotlistDriftPeriod *p = &d->periods[i];

      csv_time (csv, p->start, FALSE);
      csv_time (csv, p->end, FALSE);
      csv_uint (csv, p->n_scored);
      csv_double (csv, p->mean_score);
      for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
        csv_uint (csv, p->bands[k]);
      csv_uint (csv, p->n_closed);
      csv_uint (csv, p->n_pos);
      csv_double (csv, p->auc);
      csv_end_line (csv);
    }
}

/**
 * hotlist_reports_to_csv:
 * @reports: the reports
 * @kind: which one
 *
 * One report as CSV, for the Reports view's and `hotlist-cli report --csv`'s exports. The
 * columns of each report are fixed (see the header line); a model accuracy table has one line
 * per point of its ROC and calibration curves with the model's figures repeated, an experiment
 * one line per arm with the comparison repeated, drift one line per period (the period end is
 * excluded).
 *
 * Returns: (transfer full): the CSV text, lines ending in CR LF
 */
char *
hotlist_reports_to_csv (const HotlistReports *reports, HotlistReportKind kind)
{
  Csv csv = { g_string_new (NULL), TRUE };

  g_return_val_if_fail (reports != NULL, NULL);
  g_return_val_if_fail (kind < HOTLIST_REPORT_N_KINDS, NULL);

  switch (kind)
    {
    case HOTLIST_REPORT_SCORE_DISTRIBUTION:
      score_distribution_csv (&csv, reports->distribution);
      break;
    case HOTLIST_REPORT_CONVERSION:
      conversion_csv (&csv, reports->conversion);
      break;
    case HOTLIST_REPORT_MODEL_ACCURACY:
      model_accuracy_csv (&csv, reports->accuracy);
      break;
    case HOTLIST_REPORT_SDR_EFFICIENCY:
      sdr_efficiency_csv (&csv, reports->sdr);
      break;
    case HOTLIST_REPORT_ROI:
      roi_csv (&csv, reports->roi);
      break;
    case HOTLIST_REPORT_EXPERIMENTS:
      experiments_csv (&csv, reports->experiments);
      break;
    case HOTLIST_REPORT_DRIFT:
      drift_csv (&csv, reports->drift);
      break;
    case HOTLIST_REPORT_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  return g_string_free (csv.text, FALSE);
}
