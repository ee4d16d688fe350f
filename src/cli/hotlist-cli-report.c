/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotlist-cli report: the Reports dashboard as text, JSON, CSV or PDF. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hotlist-cli.h"

/*
 * A day (YYYY-MM-DD, midnight UTC) or an instant (ISO 8601 with a time zone). With @end_of_day
 * a plain day stands for the end of that day, so that `--to 2026-11-30` includes the 30th.
 */
static gboolean
parse_date (const char *text, gboolean end_of_day, gint64 *out, GError **error)
{
  g_autoptr (GDateTime) at = NULL;
  int                   year, month, day;
  char                  rest;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3
      && g_date_valid_dmy (day, month, year))
    {
      at = g_date_time_new_utc (year, month, day, 0, 0, 0);
      if (at != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (at, 1);

          g_date_time_unref (at);
          at = next;
        }
    }
  else
    at = g_date_time_new_from_iso8601 (text, NULL);
  if (at == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("“%s” is not a date (YYYY-MM-DD)"), text);
      return FALSE;
    }
  *out = g_date_time_to_unix (at);
  return TRUE;
}

static char *
format_day (gint64 t)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (t);

  return at != NULL ? g_date_time_format (at, "%Y-%m-%d") : g_strdup ("?");
}

static void
print_heading (HotlistReportKind kind)
{
  g_print ("\n%s\n", hotlist_report_kind_to_title (kind));
}

/* The dashboard as text: the figures a manager reads first, per report. */
static void
print_text (const HotlistReports *r)
{
  const HotlistReportQuery *q = &r->query;
  g_autofree char          *from = q->from != G_MININT64 ? format_day (q->from) : NULL;
  g_autofree char          *to = q->to != G_MAXINT64 ? format_day (q->to - 1) : NULL;

  if (from == NULL && to == NULL)
    g_print (_ ("Reports for %s, all time"), r->workspace_name ? r->workspace_name : "");
  else
    g_print (_ ("Reports for %s, %s to %s"), r->workspace_name ? r->workspace_name : "",
             from ? from : "…", to ? to : "…");
  if (q->owner != NULL)
    g_print (_ (", owner %s"), q->owner);
  if (q->source != NULL)
    g_print (_ (", source %s"), q->source);
  if (q->campaign != NULL)
    g_print (_ (", campaign %s"), q->campaign);
  g_print ("\n");

  print_heading (HOTLIST_REPORT_SCORE_DISTRIBUTION);
  g_print (_ ("  %u scored, %u not scored\n"), r->distribution->n_scored,
           r->distribution->n_unscored);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    g_print ("  %3u–%-3u %8u\n", 10 * k, k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9,
             r->distribution->bands[k]);

  print_heading (HOTLIST_REPORT_CONVERSION);
  {
    g_autofree char *base = hotlist_report_format_percent (r->conversion->base_rate);

    g_print (_ ("  %u closed, %u converted, base rate %s\n"), r->conversion->n,
             r->conversion->conversions, base);
    for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
      {
        const HotlistConversionBin *b = &r->conversion->bands[k];
        g_autofree char            *rate = hotlist_report_format_percent (b->rate);
        g_autofree char            *lift = hotlist_report_format_number (b->lift, 2);

        g_print (_ ("  %3u–%-3u %6u closed  %8s  lift %s\n"), 10 * k,
                 k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9, b->n, rate, lift);
      }
  }

  print_heading (HOTLIST_REPORT_MODEL_ACCURACY);
  if (r->accuracy->model_id == 0)
    g_print (_ ("  No model is active.\n"));
  else
    {
      g_autofree char *auc = hotlist_report_format_number (r->accuracy->auc, 3);
      g_autofree char *brier = hotlist_report_format_number (r->accuracy->brier, 3);
      g_autofree char *ece = hotlist_report_format_number (r->accuracy->ece, 3);

      g_print (_ ("  %s: %u leads closed since it was trained, AUC %s, Brier %s, calibration "
                  "error %s\n"),
               r->accuracy->model_name ? r->accuracy->model_name : "?", r->accuracy->n, auc, brier,
               ece);
    }

  print_heading (HOTLIST_REPORT_SDR_EFFICIENCY);
  if (r->sdr->n_owners == 0)
    g_print (_ ("  No lead has an owner.\n"));
  for (guint i = 0; i < r->sdr->n_owners; i++)
    {
      const HotlistOwnerEfficiency *o = &r->sdr->owners[i];
      g_autofree char              *rate = hotlist_report_format_percent (o->conversion_rate);
      g_autofree char              *top = hotlist_report_format_percent (o->top_rate);
      g_autofree char              *rest = hotlist_report_format_percent (o->rest_rate);
      g_autofree char              *touches = hotlist_report_format_number (o->touches_per_lead, 1);

      g_print (_ ("  %s: %u worked of %u, %s touches per lead, %u meetings, %u converted (%s); "
                  "top-scored %s vs rest %s\n"),
               o->owner, o->leads_worked, o->leads, touches, o->meetings, o->conversions, rate, top,
               rest);
    }

  print_heading (HOTLIST_REPORT_ROI);
  if (r->roi->n_sources == 0 && r->roi->n_campaigns == 0)
    g_print (_ ("  No lead has a source or a campaign.\n"));
  for (guint pass = 0; pass < 2; pass++)
    {
      const HotlistRoiRow *rows = pass == 0 ? r->roi->sources : r->roi->campaigns;
      guint                n = pass == 0 ? r->roi->n_sources : r->roi->n_campaigns;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *cost = hotlist_report_format_number (rows[i].cost, 2);
          g_autofree char *per = hotlist_report_format_number (rows[i].cost_per_conversion, 2);
          g_autofree char *roi = hotlist_report_format_percent (rows[i].roi);

          g_print (_ ("  %s %s: %u leads, %u meetings, %u converted, cost %s, per conversion %s, "
                      "ROI %s\n"),
                   pass == 0 ? _ ("source") : _ ("campaign"), rows[i].name, rows[i].leads,
                   rows[i].meetings, rows[i].conversions, cost, per, roi);
        }
    }

  print_heading (HOTLIST_REPORT_EXPERIMENTS);
  if (r->experiments->n_experiments == 0)
    g_print (_ ("  No experiment ran in this period.\n"));
  for (guint i = 0; i < r->experiments->n_experiments; i++)
    {
      const HotlistExperimentReport *e = &r->experiments->experiments[i];
      g_autofree char               *a = hotlist_report_format_percent (e->arms[0].rate);
      g_autofree char               *b = hotlist_report_format_percent (e->arms[1].rate);
      g_autofree char               *difference = isfinite (e->difference)
                                                      ? g_strdup_printf ("%+.1f", 100 * e->difference)
                                                      : g_strdup ("—");
      g_autofree char *low = hotlist_report_format_number (100 * e->difference_low, 1);
      g_autofree char *high = hotlist_report_format_number (100 * e->difference_high, 1);
      g_autofree char *p = hotlist_report_format_number (e->p_value, 3);

      g_print (_ ("  Experiment %" G_GINT64_FORMAT ": A %s (%u resolved), B %s (%u resolved); "
                  "B − A %s points (95 %% CI %s to %s), p = %s\n"),
               e->experiment_id, a, e->arms[0].n_resolved, b, e->arms[1].n_resolved, difference,
               low, high, p);
    }

  print_heading (HOTLIST_REPORT_DRIFT);
  if (r->drift->n_periods == 0)
    g_print (_ ("  No leads in this period.\n"));
  for (guint i = 0; i < r->drift->n_periods; i++)
    {
      const HotlistDriftPeriod *p = &r->drift->periods[i];
      g_autofree char          *start = format_day (p->start);
      g_autofree char          *mean = hotlist_report_format_number (p->mean_score, 1);
      g_autofree char          *auc = hotlist_report_format_number (p->auc, 3);

      g_print (_ ("  %s  %6u scored, mean %5s  %6u closed, AUC %s\n"), start, p->n_scored, mean,
               p->n_closed, auc);
    }
}

/**
 * hotlist_cli_report:
 *
 * `hotlist-cli report [--from DATE] [--to DATE] [--owner NAME] [--source NAME]
 * [--campaign NAME] [--json] [--csv REPORT] [--pdf FILE]`
 */
int
hotlist_cli_report (HotlistWorkspace *workspace, int argc, char **argv)
{
  HotlistStore    *store = hotlist_workspace_get_store (workspace);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *source = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Leads from this day on"), N_("DATE") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Leads up to this day, included"), N_("DATE") },
            { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Only this owner’s leads"), N_("NAME") },
              { "source", 0, 0, G_OPTION_ARG_STRING, &source,
                N_("Only this lead source"), N_("NAME") },
                { "campaign", 0, 0, G_OPTION_ARG_STRING, &campaign,
                  N_("Only this campaign"), N_("NAME") },
                  { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print every report as JSON"), NULL },
                    { "csv", 0, 0, G_OPTION_ARG_STRING, &csv,
                      N_("Print one report as CSV: score-distribution, conversion, model-accuracy, "
         "sdr-efficiency, roi, experiments or drift"),
                          N_("REPORT") },
                      { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
                        N_("Write the dashboard as a PDF"), N_("FILE") }, { NULL } };
  g_autoptr (GError)         error = NULL;
  g_autoptr (HotlistReports) reports = NULL;
  HotlistReportQuery         query;
  HotlistReportKind          kind = HOTLIST_REPORT_SCORE_DISTRIBUTION;

  if (!hotlist_cli_parse_options (entries, "report", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 1)
    return hotlist_cli_fail (_ ("report takes no argument besides its options"));
  if (json && csv != NULL)
    return hotlist_cli_fail (_ ("--json and --csv print different things: choose one"));

  hotlist_report_query_init (&query);
  if ((from != NULL && !parse_date (from, FALSE, &query.from, &error))
      || (to != NULL && !parse_date (to, TRUE, &query.to, &error)))
    return hotlist_cli_fail ("%s", error->message);
  if (query.to <= query.from)
    return hotlist_cli_fail (_ ("--to is before --from"));
  if (csv != NULL && !hotlist_report_kind_from_id (csv, &kind))
    return hotlist_cli_fail (_ ("unknown report “%s” (one of: score-distribution, conversion, "
                                "model-accuracy, sdr-efficiency, roi, experiments, drift)"),
                             csv);
  query.owner = owner;
  query.source = source;
  query.campaign = campaign;

  reports = hotlist_reports_compute (store, &query, &error);
  if (reports == NULL)
    return hotlist_cli_fail ("%s", error->message);

  if (pdf != NULL && !hotlist_reports_write_pdf (reports, pdf, &error))
    return hotlist_cli_fail ("%s", error->message);

  if (json)
    {
      g_autofree char *text = hotlist_reports_to_json (reports);

      g_print ("%s\n", text);
    }
  else if (csv != NULL)
    {
      g_autofree char *text = hotlist_reports_to_csv (reports, kind);

      fputs (text, stdout);
    }
  else if (pdf == NULL)
    print_text (reports);
  return 0;
}
