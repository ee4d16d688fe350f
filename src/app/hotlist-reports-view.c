/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports view of the main window: one card per report over a date range and filters, with
 * the costs that ROI needs and CSV and PDF exports. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hotlist-chart.h"
#include "hotlist-reports-view.h"

/* Lead changes come in bursts (an outcome, a rescore): the reports follow once they settle. */
#define REFRESH_DELAY_MS 800

/* Narrower than this, the filters and the buttons beside them go one above the other. */
#define NARROW_WIDTH 640

/* With fewer closed leads than this, accuracy figures move a lot from one lead to the next. */
#define FEW_CLOSED_LEADS 30

typedef enum
{
  FILTER_OWNER,
  FILTER_SOURCE,
  FILTER_CAMPAIGN,
  N_FILTERS
} ReportFilter;

struct _HotlistReportsView
{
  GtkWidget parent_instance;

  HotlistWorkspace *workspace;
  gulong            leads_changed_id;
  GCancellable     *computing;
  HotlistReports   *reports;
  char             *range;
  gint64            custom_from;
  gint64            custom_to;
  char             *filters[N_FILTERS];
  /* The one currency of every cost entered, NULL when there are none or several. */
  char      *currency;
  gboolean   mixed_currencies;
  gboolean   stale;
  gboolean   choices_stale;
  gboolean   updating_choices;
  guint      refresh_id;
  GtkWidget *bodies[HOTLIST_REPORT_N_KINDS];

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkBox          *toolbar;
  GtkWidget       *actions_box;
  GtkLabel        *range_label;
  GtkDropDown     *filter_dropdowns[N_FILTERS];
  GtkSpinner      *spinner;
  GtkSpinner      *loading_spinner;
  GtkStack        *stack;
  GtkBox          *cards_box;
  AdwStatusPage   *error_page;
};

enum
{
  PROP_0,
  PROP_WORKSPACE,
  PROP_RANGE,
  PROP_COMPUTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (HotlistReportsView, hotlist_reports_view, GTK_TYPE_WIDGET)

static void start_compute (HotlistReportsView *self);
static void query_changed (HotlistReportsView *self);

/* Numbers as a manager reads them; an undefined one is a dash. */

#define UNDEFINED "—"

static char *
format_percent (double value)
{
  if (!isfinite (value))
    return g_strdup (UNDEFINED);
  /* Translators: a percentage, such as "24.9%" */
  return g_strdup_printf (_ ("%.1f%%"), value * 100);
}

static char *
format_decimal (double value, int digits)
{
  if (!isfinite (value))
    return g_strdup (UNDEFINED);
  return g_strdup_printf ("%.*f", digits, value);
}

static char *
format_count (guint value)
{
  return g_strdup_printf ("%u", value);
}

static char *
format_lift (double value)
{
  if (!isfinite (value))
    return g_strdup (UNDEFINED);
  /* Translators: how many times the base rate a group converts at, such as "2.25×" */
  return g_strdup_printf (_ ("%.2f×"), value);
}

/* Totals in whole units, amounts per meeting or conversion with cents. */
static char *
format_money (HotlistReportsView *self, double value, int digits)
{
  if (!isfinite (value))
    return g_strdup (UNDEFINED);
  if (self->currency != NULL)
    /* Translators: an amount and its currency, such as "1250 USD" */
    return g_strdup_printf (_ ("%'.*f %s"), digits, value, self->currency);
  return g_strdup_printf ("%'.*f", digits, value);
}

static char *
format_duration (double seconds)
{
  if (!isfinite (seconds))
    return g_strdup (UNDEFINED);
  if (seconds < 3600)
    /* Translators: a time in minutes, such as "45 min" */
    return g_strdup_printf (_ ("%.0f min"), seconds / 60);
  if (seconds < 2 * 86400)
    /* Translators: a time in hours, such as "12.6 h" */
    return g_strdup_printf (_ ("%.1f h"), seconds / 3600);
  /* Translators: a time in days, such as "3.5 days" */
  return g_strdup_printf (_ ("%.1f days"), seconds / 86400);
}

/* A local day, such as "3 Mar 2026". */
static char *
format_day (gint64 when)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (when);

  if (at == NULL)
    return g_strdup (UNDEFINED);
  /* Translators: a day, such as "3 Mar 2026"; see g_date_time_format() */
  /* xgettext:no-c-format */
  return g_date_time_format (at, _ ("%-d %b %Y"));
}

/* A difference of rates in percentage points, with a true minus sign: "−2.5". */
static char *
format_points (double difference)
{
  if (!isfinite (difference))
    return g_strdup (UNDEFINED);
  if (difference * 100 <= -0.05)
    return g_strdup_printf ("−%.1f", -difference * 100);
  return g_strdup_printf ("%.1f", fabs (difference * 100));
}

static char *
format_p_value (double p)
{
  if (!isfinite (p))
    return g_strdup (_ ("p = —"));
  if (p < 0.001)
    return g_strdup (_ ("p < 0.001"));
  /* Translators: the p-value of a test, such as "p = 0.006" */
  return g_strdup_printf (_ ("p = %.3f"), p);
}

/* The start of the local day @days_ahead days after @day's. */
static gint64
local_midnight (GDateTime *day, int days_ahead)
{
  g_autoptr (GDateTime) start =
      g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), 0, 0, 0);
  g_autoptr (GDateTime) moved = g_date_time_add_days (start, days_ahead);

  return g_date_time_to_unix (moved);
}

static gboolean
is_known_range (const char *range)
{
  static const char *const ranges[] = { "last-30", "last-90", "this-year", "all", "custom" };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (g_strcmp0 (range, ranges[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
view_query (HotlistReportsView *self, HotlistReportQuery *query)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  hotlist_report_query_init (query);
  if (g_str_equal (self->range, "last-30"))
    {
      query->from = local_midnight (now, -29);
      query->to = local_midnight (now, 1);
    }
  else if (g_str_equal (self->range, "last-90"))
    {
      query->from = local_midnight (now, -89);
      query->to = local_midnight (now, 1);
    }
  else if (g_str_equal (self->range, "this-year"))
    {
      g_autoptr (GDateTime) new_year =
          g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);

      query->from = g_date_time_to_unix (new_year);
      query->to = local_midnight (now, 1);
    }
  else if (g_str_equal (self->range, "custom"))
    {
      query->from = self->custom_from;
      query->to = self->custom_to;
    }
  query->owner = self->filters[FILTER_OWNER];
  query->source = self->filters[FILTER_SOURCE];
  query->campaign = self->filters[FILTER_CAMPAIGN];
}

static char *
range_title (HotlistReportsView *self)
{
  if (g_str_equal (self->range, "last-30"))
    return g_strdup (_ ("Last 30 Days"));
  if (g_str_equal (self->range, "last-90"))
    return g_strdup (_ ("Last 90 Days"));
  if (g_str_equal (self->range, "this-year"))
    return g_strdup (_ ("This Year"));
  if (g_str_equal (self->range, "custom"))
    {
      g_autofree char *from = format_day (self->custom_from);
      g_autofree char *to = format_day (self->custom_to - 1);

      /* Translators: a range of days, both included, such as "3 Mar 2026 – 10 Apr 2026" */
      return g_strdup_printf (_ ("%s – %s"), from, to);
    }
  return g_strdup (_ ("All Time"));
}

/* Cards */

static const char *
report_subtitle (HotlistReportKind kind)
{
  switch (kind)
    {
    case HOTLIST_REPORT_SCORE_DISTRIBUTION:
      return _ ("How the leads created in this period spread over the scores");
    case HOTLIST_REPORT_CONVERSION:
      return _ ("Whether higher scores convert more: the leads won or lost in this period, by "
                "score, against the base rate");
    case HOTLIST_REPORT_MODEL_ACCURACY:
      return _ ("How well the active model’s probabilities ranked and matched what happened to "
                "the leads it scored");
    case HOTLIST_REPORT_SDR_EFFICIENCY:
      return _ ("Each owner’s work on the leads created in this period, and whether the "
                "top-scored ones convert more");
    case HOTLIST_REPORT_ROI:
      return _ ("What each lead source and campaign brought in this period for what it cost");
    case HOTLIST_REPORT_EXPERIMENTS:
      return _ ("Two models scoring side by side: which one picks the leads that convert");
    case HOTLIST_REPORT_DRIFT:
      return _ ("Whether the scores and their accuracy hold steady over time");
    case HOTLIST_REPORT_N_KINDS:
    default:
      break;
    }
  g_assert_not_reached ();
}

static GtkWidget *
card_new (HotlistReportKind kind, GtkWidget **body)
{
  const char      *id = hotlist_report_kind_to_id (kind);
  const char      *title = hotlist_report_kind_to_title (kind);
  GtkWidget       *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget       *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget       *label;
  GtkWidget       *button;
  g_autofree char *name = g_strconcat ("card-", id, NULL);
  g_autofree char *button_label = NULL;

  gtk_widget_set_name (card, name);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "report-card");

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (title_row), label);

  button = gtk_button_new_with_mnemonic (_ ("Export _CSV…"));
  gtk_widget_set_name (button, "export-csv");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: the tooltip of a report's export button, such as "Save Model Drift as a CSV
   * file for a spreadsheet" */
  button_label = g_strdup_printf (_ ("Save %s as a CSV file for a spreadsheet"), title);
  gtk_widget_set_tooltip_text (button, button_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  button_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reports.export-csv");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
  gtk_box_append (GTK_BOX (title_row), button);
  gtk_box_append (GTK_BOX (header), title_row);
  /* Under the title and the button, so that it keeps the card's width on a narrow window. */
  label = gtk_label_new (report_subtitle (kind));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "report-subtitle");
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (card), header);

  *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (card), *body);
  return card;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static GtkWidget *
add_note (GtkWidget *body, const char *name, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (name != NULL)
    gtk_widget_set_name (label, name);
  gtk_box_append (GTK_BOX (body), label);
  return label;
}

/* What a report with nothing to show says instead. */
static void
add_empty (GtkWidget *body, const char *text)
{
  GtkWidget *label = add_note (body, "empty-state", text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "report-empty");
}

static GtkWidget *
figures_new (GtkWidget *body)
{
  GtkWidget *figures = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (figures), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (figures), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (figures), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (figures), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (figures), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (figures), 12);
  gtk_widget_add_css_class (figures, "report-figures");
  gtk_box_append (GTK_BOX (body), figures);
  return figures;
}

/* A key figure: a big number over what it is. @name lets tests find the number. */
static void
add_figure (GtkWidget *figures, const char *name, const char *value, const char *caption)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *value_label = gtk_label_new (value);
  GtkWidget       *caption_label = gtk_label_new (caption);
  g_autofree char *spoken = g_strdup_printf ("%s: %s", caption, value);

  gtk_widget_add_css_class (box, "report-figure");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_name (value_label, name);
  gtk_widget_add_css_class (value_label, "report-figure-value");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  /* Long captions wrap rather than widen every figure of the row. */
  gtk_label_set_max_width_chars (GTK_LABEL (caption_label), 22);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_flow_box_append (GTK_FLOW_BOX (figures), box);
}

static HotlistChart *
add_chart (GtkWidget *parent, const char *name, HotlistChartKind kind)
{
  GtkWidget *chart = hotlist_chart_new (kind);

  gtk_widget_set_name (chart, name);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_add_css_class (chart, "report-chart");
  if (GTK_IS_FLOW_BOX (parent))
    gtk_flow_box_append (GTK_FLOW_BOX (parent), chart);
  else
    gtk_box_append (GTK_BOX (parent), chart);
  return HOTLIST_CHART (chart);
}

/* Two charts side by side on a wide window, one above the other on a narrow one. */
static GtkWidget *
add_chart_pair (GtkWidget *body)
{
  GtkWidget *pair = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (pair), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (pair), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (pair), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (pair), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (pair), 18);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (pair), 12);
  gtk_box_append (GTK_BOX (body), pair);
  return pair;
}

/* Tables: a grid of labels, the first column names the row, the others are numbers. It scrolls
 * sideways when the window is narrower than the table. */
static GtkGrid *
add_table (GtkWidget *body, const char *name, const char *const *headers)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_widget_set_name (grid, name);
  gtk_widget_add_css_class (grid, "report-table");
  for (guint i = 0; headers[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (headers[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0 : 1);
      gtk_widget_set_hexpand (label, i == 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "report-table-header");
      if (i == 0)
        gtk_widget_add_css_class (label, "report-table-first");
      gtk_grid_attach (GTK_GRID (grid), label, i, 0, 1, 1);
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_box_append (GTK_BOX (body), scroller);
  return GTK_GRID (grid);
}

/* Adds a row of cells (taking them) under the header, as row @row (1 being the first). */
static void
table_add_row (GtkGrid *grid, int row, char **cells, guint n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      GtkWidget *label = gtk_label_new (cells[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0 : 1);
      if (i == 0)
        {
          gtk_widget_add_css_class (label, "report-table-first");
        }
      else
        gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (grid, label, i, row, 1, 1);
      g_free (cells[i]);
    }
}

/* Score distribution */

static void
fill_distribution (HotlistReportsView *self, GtkWidget *body, const HotlistScoreDistribution *d)
{
  guint            total = d->n_scored + d->n_unscored;
  guint            high = d->bands[7] + d->bands[8] + d->bands[9];
  guint            low = d->bands[0] + d->bands[1];
  double           x[HOTLIST_REPORT_N_BANDS], y[HOTLIST_REPORT_N_BANDS];
  GtkWidget       *figures;
  HotlistChart    *chart;
  g_autofree char *scored = format_count (d->n_scored);
  g_autofree char *unscored = format_count (d->n_unscored);
  g_autofree char *high_share = format_percent ((double)high / d->n_scored);
  g_autofree char *low_share = format_percent ((double)low / d->n_scored);
  g_autofree char *high_text = NULL;
  g_autofree char *low_text = NULL;

  if (total == 0)
    {
      add_empty (body, _ ("No lead was created in this period."));
      return;
    }
  if (d->n_scored == 0)
    {
      g_autofree char *text =
          g_strdup_printf (ngettext ("The lead created in this period has no score yet.",
                                     "None of the %u leads created in this period has a score "
                                     "yet.",
                                     total),
                           total);
      add_empty (body, text);
      return;
    }
  /* Translators: a number of leads and their share, such as "120 (14.2%)" */
  high_text = g_strdup_printf (_ ("%u (%s)"), high, high_share);
  low_text = g_strdup_printf (_ ("%u (%s)"), low, low_share);
  figures = figures_new (body);
  add_figure (figures, "distribution-scored", scored, _ ("Scored leads"));
  add_figure (figures, "distribution-unscored", unscored, _ ("Not scored yet"));
  add_figure (figures, "distribution-high", high_text, _ ("Scored 70 or more"));
  add_figure (figures, "distribution-low", low_text, _ ("Scored under 20"));

  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      x[k] = 10.0 * k;
      y[k] = d->bands[k];
    }
  chart = add_chart (body, "distribution-chart", HOTLIST_CHART_HISTOGRAM);
  hotlist_chart_set_axis_titles (chart, _ ("Score"), _ ("Leads"));
  hotlist_chart_set_x_range (chart, 0, 100);
  hotlist_chart_set_series (chart, _ ("Leads"), x, y, HOTLIST_REPORT_N_BANDS);
}

/* Conversion by score band and decile */

static char **
band_labels (void)
{
  char **labels = g_new0 (char *, HOTLIST_REPORT_N_BANDS + 1);

  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    /* Translators: a range of scores, such as "20–29" */
    labels[k] =
        g_strdup_printf (_ ("%u–%u"), 10 * k, k + 1 < HOTLIST_REPORT_N_BANDS ? 10 * k + 9 : 100);
  return labels;
}

static void
fill_conversion (HotlistReportsView *self, GtkWidget *body, const HotlistConversionReport *c)
{
  double           y[HOTLIST_REPORT_N_BANDS];
  g_auto (GStrv)   labels = NULL;
  GtkWidget       *figures;
  HotlistChart    *chart;
  GtkGrid         *table;
  const char      *headers[HOTLIST_REPORT_N_DECILES + 2] = { NULL };
  g_auto (GStrv)   decile_names = g_new0 (char *, HOTLIST_REPORT_N_DECILES + 1);
  g_autofree char *n = format_count (c->n);
  g_autofree char *conversions = format_count (c->conversions);
  g_autofree char *base_rate = format_percent (c->base_rate);
  g_autofree char *top_rate = format_percent (c->deciles[0].rate);
  g_autofree char *top_lift = format_lift (c->deciles[0].lift);
  g_autofree char *top_caption = NULL;

  if (c->n == 0)
    {
      add_empty (body, _ ("No scored lead was won or lost in this period."));
      return;
    }
  /* Translators: the caption of the conversion rate of the top decile, with its lift */
  top_caption = g_strdup_printf (_ ("Top 10%% by probability, %s the base rate"), top_lift);
  figures = figures_new (body);
  add_figure (figures, "conversion-n", n, _ ("Leads won or lost"));
  add_figure (figures, "conversion-conversions", conversions, _ ("Converted"));
  add_figure (figures, "conversion-base-rate", base_rate, _ ("Base rate"));
  add_figure (figures, "conversion-top-decile", top_rate, top_caption);

  labels = band_labels ();
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    y[k] = c->bands[k].rate;
  chart = add_chart (body, "conversion-chart", HOTLIST_CHART_BAR);
  hotlist_chart_set_axis_titles (chart, _ ("Score"), _ ("Conversion rate"));
  hotlist_chart_set_labels (chart, (const char *const *)labels);
  hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_set_y_range (chart, 0, 1);
  /* The chart writes the rate after the line's name. */
  if (isfinite (c->base_rate))
    hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_HORIZONTAL, c->base_rate,
                                      _ ("Base rate"));
  hotlist_chart_set_series (chart, _ ("Conversion rate"), NULL, y, HOTLIST_REPORT_N_BANDS);

  /* The deciles, across: the top tenth by probability first. */
  headers[0] = _ ("Probability decile");
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      /* Translators: the header of the top probability decile */
      /* xgettext:no-c-format */
      decile_names[k] = k == 0 ? g_strdup (_ ("Top 10%")) : g_strdup_printf ("%u", k + 1);
      headers[k + 1] = decile_names[k];
    }
  table = add_table (body, "conversion-deciles", headers);
  for (guint row = 0; row < 4; row++)
    {
      char *cells[HOTLIST_REPORT_N_DECILES + 1];

      cells[0] = g_strdup (row == 0   ? _ ("Leads")
                           : row == 1 ? _ ("Converted")
                           : row == 2 ? _ ("Conversion rate")
                                      : _ ("Lift"));
      for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
        {
          const HotlistConversionBin *bin = &c->deciles[k];

          cells[k + 1] = row == 0   ? format_count (bin->n)
                         : row == 1 ? format_count (bin->conversions)
                         : row == 2 ? format_percent (bin->rate)
                                    : format_lift (bin->lift);
        }
      table_add_row (table, row + 1, cells, G_N_ELEMENTS (cells));
    }
  add_note (body, NULL,
            _ ("Lift is how many times the base rate a group converts at: the top deciles should "
               "be well above 1, the bottom ones below."));
}

/* Model accuracy */

static char *
accuracy_verdict (double auc)
{
  g_autofree char *share = format_percent (auc);

  if (!isfinite (auc))
    return g_strdup (_ ("Every closed lead had the same outcome, so how well the scores rank "
                        "leads cannot be measured yet."));
  if (auc >= 0.8)
    return g_strdup_printf (_ ("A lead that converted scored above one that was lost %s of the "
                               "time: the scores rank leads well."),
                            share);
  if (auc >= 0.7)
    return g_strdup_printf (_ ("A lead that converted scored above one that was lost %s of the "
                               "time: the scores help, but do not rank sharply."),
                            share);
  if (auc >= 0.6)
    return g_strdup_printf (_ ("A lead that converted scored above one that was lost %s of the "
                               "time: the scores rank leads weakly. Retraining may help."),
                            share);
  return g_strdup_printf (_ ("A lead that converted scored above one that was lost only %s of "
                             "the time: the scores are little better than chance. Do not rely "
                             "on them until the model is retrained."),
                          share);
}

static void
fill_accuracy (HotlistReportsView *self, GtkWidget *body, const HotlistModelAccuracy *a)
{
  GtkWidget       *figures, *pair, *label;
  HotlistChart    *chart;
  g_autofree char *model = NULL;
  g_autofree char *trained = NULL;
  g_autofree char *about = NULL;
  g_autofree char *auc = NULL;
  g_autofree char *brier = NULL;
  g_autofree char *ece = NULL;
  g_autofree char *n = NULL;
  g_autofree char *n_caption = NULL;
  g_autofree char *verdict = NULL;

  if (a->model_id == 0)
    {
      add_empty (body, _ ("No model is active yet. Train one in Model & Weights to see how well "
                          "its scores predict outcomes."));
      return;
    }
  model = a->model_name != NULL && *a->model_name != '\0'
              ? g_strdup (a->model_name)
              : g_strdup_printf (_ ("Model %" G_GINT64_FORMAT), a->model_id);
  trained = format_day (a->trained_at);
  /* Translators: which model a report is about, such as "Model “Spring”, trained 3 Mar 2026" */
  about = g_strdup_printf (_ ("Model “%s”, trained %s"), model, trained);
  label = add_note (body, "accuracy-model", about);
  gtk_widget_add_css_class (label, "heading");
  if (a->n == 0)
    {
      add_empty (body, _ ("No lead scored by this model was won or lost in this period after "
                          "it was trained, so its accuracy cannot be measured yet."));
      return;
    }
  auc = format_decimal (a->auc, 2);
  brier = format_decimal (a->brier, 3);
  ece = format_percent (a->ece);
  n = format_count (a->n);
  /* Translators: the caption of the number of closed leads, such as "Closed leads (12 converted)" */
  n_caption = g_strdup_printf (_ ("Closed leads (%u converted)"), a->n_pos);
  figures = figures_new (body);
  add_figure (figures, "accuracy-auc", auc, _ ("AUC: 0.5 is chance, 1 is perfect ranking"));
  add_figure (figures, "accuracy-brier", brier, _ ("Brier score: 0 is perfect, lower is better"));
  add_figure (figures, "accuracy-ece", ece, _ ("Calibration error: predicted vs. observed"));
  add_figure (figures, "accuracy-n", n, n_caption);

  verdict = accuracy_verdict (a->auc);
  label = add_note (body, "accuracy-verdict", verdict);
  gtk_widget_add_css_class (label, "report-verdict");
  if (a->n < FEW_CLOSED_LEADS)
    {
      g_autofree char *few = g_strdup_printf (
          ngettext ("Only %u lead has closed since the model was trained: read these numbers with "
                    "care.",
                    "Only %u leads have closed since the model was trained: read these numbers "
                    "with care.",
                    a->n),
          a->n);
      label = add_note (body, "accuracy-few", few);
      gtk_widget_add_css_class (label, "dim-label");
    }

  pair = add_chart_pair (body);
  if (a->n_roc > 0)
    {
      g_autofree double *x = g_new (double, a->n_roc);
      g_autofree double *y = g_new (double, a->n_roc);

      for (guint i = 0; i < a->n_roc; i++)
        {
          x[i] = a->roc[i].fpr;
          y[i] = a->roc[i].tpr;
        }
      chart = add_chart (pair, "accuracy-roc", HOTLIST_CHART_LINE);
      hotlist_chart_set_axis_titles (chart, _ ("False positive rate"), _ ("True positive rate"));
      hotlist_chart_set_x_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
      hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
      hotlist_chart_set_x_range (chart, 0, 1);
      hotlist_chart_set_y_range (chart, 0, 1);
      hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_DIAGONAL, 0, _ ("Chance"));
      hotlist_chart_set_series (chart, _ ("ROC curve"), x, y, a->n_roc);
    }
  {
    double x[HOTLIST_REPORT_N_CALIBRATION_BINS], y[HOTLIST_REPORT_N_CALIBRATION_BINS];
    guint  m = 0;

    for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
      if (a->calibration[k].n > 0)
        {
          x[m] = a->calibration[k].predicted;
          y[m] = a->calibration[k].observed;
          m++;
        }
    chart = add_chart (pair, "accuracy-calibration", HOTLIST_CHART_LINE);
    hotlist_chart_set_axis_titles (chart, _ ("Predicted probability"), _ ("Observed conversion"));
    hotlist_chart_set_x_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
    hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
    hotlist_chart_set_x_range (chart, 0, 1);
    hotlist_chart_set_y_range (chart, 0, 1);
    hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_DIAGONAL, 0,
                                      _ ("Perfect calibration"));
    hotlist_chart_set_series (chart, _ ("Calibration"), x, y, m);
  }
}

/* SDR efficiency */

static void
fill_sdr (HotlistReportsView *self, GtkWidget *body, const HotlistSdrEfficiency *sdr)
{
  const char             *headers[] = { _ ("Owner"),
                                        _ ("Leads"),
                                        _ ("Worked"),
                                        _ ("Touches per lead"),
                                        _ ("First touch"),
                                        _ ("Meetings"),
                                        _ ("Converted"),
                                        _ ("Conversion"),
                                        _ ("Top fifth"),
                                        _ ("The rest"),
                                        NULL };
  GtkGrid                *table;
  HotlistChart           *chart;
  g_autofree double      *top = g_new (double, sdr->n_owners);
  g_autofree double      *rest = g_new (double, sdr->n_owners);
  g_autofree const char **names = g_new0 (const char *, sdr->n_owners + 1);

  if (sdr->n_owners == 0)
    {
      add_empty (body, _ ("No lead with an owner was created in this period."));
      return;
    }
  table = add_table (body, "sdr-table", headers);
  for (guint i = 0; i < sdr->n_owners; i++)
    {
      const HotlistOwnerEfficiency *o = &sdr->owners[i];
      char                         *cells[] = {
                                g_strdup (o->owner),
                                format_count (o->leads),
                                format_count (o->leads_worked),
                                format_decimal (o->touches_per_lead, 1),
                                format_duration (o->median_first_touch),
                                format_count (o->meetings),
                                format_count (o->conversions),
                                format_percent (o->conversion_rate),
                                format_percent (o->top_rate),
                                format_percent (o->rest_rate),
      };

      table_add_row (table, i + 1, cells, G_N_ELEMENTS (cells));
      names[i] = o->owner;
      top[i] = o->top_rate;
      rest[i] = o->rest_rate;
    }
  add_note (body, NULL,
            _ ("First touch is the median time from a lead’s creation to its first activity. Top "
               "fifth is how the fifth of each owner’s worked, closed leads with the highest "
               "scores converted, against the rest: a wide gap means the scores point at the "
               "right leads."));
  chart = add_chart (body, "sdr-chart", HOTLIST_CHART_BAR);
  hotlist_chart_set_axis_titles (chart, _ ("Owner"), _ ("Conversion rate"));
  hotlist_chart_set_labels (chart, names);
  hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_set_y_range (chart, 0, 1);
  hotlist_chart_set_series (chart, _ ("Top-scored fifth"), NULL, top, sdr->n_owners);
  hotlist_chart_set_series (chart, _ ("The rest"), NULL, rest, sdr->n_owners);
}

/* ROI */

static gboolean
roi_has_cost (const HotlistRoiRow *rows, guint n)
{
  for (guint i = 0; i < n; i++)
    if (isfinite (rows[i].cost))
      return TRUE;
  return FALSE;
}

static void
add_roi_table (HotlistReportsView  *self,
               GtkWidget           *body,
               const char          *name,
               const char          *first_header,
               const HotlistRoiRow *rows,
               guint                n,
               gboolean             with_revenue)
{
  const char *headers[] = { first_header,
                            _ ("Leads"),
                            _ ("Meetings"),
                            _ ("Converted"),
                            _ ("Cost"),
                            _ ("Per meeting"),
                            _ ("Per conversion"),
                            with_revenue ? _ ("Revenue") : NULL,
                            _ ("ROI"),
                            NULL };
  GtkGrid    *table = add_table (body, name, headers);

  for (guint i = 0; i < n; i++)
    {
      const HotlistRoiRow *r = &rows[i];
      char                *cells[] = {
                       g_strdup (r->name),
                       format_count (r->leads),
                       format_count (r->meetings),
                       format_count (r->conversions),
                       format_money (self, r->cost, 0),
                       format_money (self, r->cost_per_meeting, 2),
                       format_money (self, r->cost_per_conversion, 2),
                       format_money (self, r->revenue, 0),
                       format_percent (r->roi),
      };

      table_add_row (table, i + 1, cells, with_revenue ? G_N_ELEMENTS (cells) : 7);
      if (!with_revenue)
        for (guint k = 7; k < G_N_ELEMENTS (cells); k++)
          g_free (cells[k]);
    }
}

static void
fill_roi (HotlistReportsView *self, GtkWidget *body, const HotlistRoiReport *roi)
{
  gboolean with_revenue = roi->revenue_attribute != NULL;
  gboolean any_cost = roi_has_cost (roi->sources, roi->n_sources)
                      || roi_has_cost (roi->campaigns, roi->n_campaigns);
  HotlistChart *chart;

  if (roi->n_sources == 0 && roi->n_campaigns == 0)
    {
      add_empty (body, _ ("No lead with a lead source was created in this period."));
      return;
    }
  if (!any_cost)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_ ("Enter what each lead source or campaign costs to see "
                                           "the cost of a meeting and of a conversion."));
      GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Enter Costs…"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_name (label, "roi-no-costs");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reports.costs");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), button);
      gtk_box_append (GTK_BOX (body), box);
    }
  if (roi->n_sources > 0)
    {
      g_autofree double      *y = g_new (double, roi->n_sources);
      g_autofree const char **names = g_new0 (const char *, roi->n_sources + 1);

      add_roi_table (self, body, "roi-sources", _ ("Lead source"), roi->sources, roi->n_sources,
                     with_revenue);
      for (guint i = 0; i < roi->n_sources; i++)
        {
          names[i] = roi->sources[i].name;
          y[i] = any_cost ? roi->sources[i].cost_per_conversion
                          : (roi->sources[i].leads > 0
                                 ? (double)roi->sources[i].conversions / roi->sources[i].leads
                                 : NAN);
        }
      chart = add_chart (body, "roi-chart", HOTLIST_CHART_BAR);
      /* Source names are long: the chart leans them, and needs the height. */
      gtk_widget_set_size_request (GTK_WIDGET (chart), -1, 300);
      hotlist_chart_set_labels (chart, names);
      if (any_cost)
        {
          g_autofree char *y_title =
              self->currency != NULL
                  /* Translators: an axis title with a currency, such as "USD per conversion" */
                  ? g_strdup_printf (_ ("%s per conversion"), self->currency)
                  : g_strdup (_ ("Cost per conversion"));

          hotlist_chart_set_axis_titles (chart, _ ("Lead source"), y_title);
          hotlist_chart_set_series (chart, _ ("Cost per conversion"), NULL, y, roi->n_sources);
        }
      else
        {
          hotlist_chart_set_axis_titles (chart, _ ("Lead source"), _ ("Leads converted"));
          hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
          hotlist_chart_set_y_range (chart, 0, 1);
          hotlist_chart_set_series (chart, _ ("Leads converted"), NULL, y, roi->n_sources);
        }
    }
  if (roi->n_campaigns > 0)
    add_roi_table (self, body, "roi-campaigns", _ ("Campaign"), roi->campaigns, roi->n_campaigns,
                   with_revenue);
  if (any_cost && self->mixed_currencies)
    add_note (body, "roi-currencies",
              _ ("Costs were entered in several currencies: they are added as entered."));
  if (any_cost && !with_revenue)
    {
      GtkWidget *label =
          add_note (body, "roi-no-revenue",
                    _ ("ROI needs a revenue figure on the leads, such as a deal value column in "
                       "the import."));
      gtk_widget_add_css_class (label, "dim-label");
    }
}

/* A/B experiments */

static char *
experiment_verdict (const HotlistExperimentReport *e)
{
  double           points = e->difference * 100;
  g_autofree char *p = format_p_value (e->p_value);
  g_autofree char *low = format_points (e->difference_low);
  g_autofree char *high = format_points (e->difference_high);
  g_autofree char *size = format_points (fabs (e->difference));
  g_autofree char *sentence = NULL;

  if (!isfinite (e->difference))
    return g_strdup (_ ("Too few leads have closed in both arms to compare the models yet."));
  if (fabs (points) < 0.05)
    sentence = g_strdup_printf (_ ("B converts as well as A (95%% CI %s to %s points), %s."), low,
                                high, p);
  else if (points > 0)
    /* Translators: the result of an A/B test, such as "B converts 4.1 points better than A (95%
     * CI 1.2 to 7.0), p = 0.006." */
    sentence = g_strdup_printf (_ ("B converts %s points better than A (95%% CI %s to %s), %s."),
                                size, low, high, p);
  else
    sentence = g_strdup_printf (_ ("B converts %s points worse than A (95%% CI %s to %s), %s."),
                                size, low, high, p);
  if (isfinite (e->p_value) && e->p_value < 0.05)
    return g_steal_pointer (&sentence);
  return g_strconcat (sentence, " ", _ ("The difference could still be chance."), NULL);
}

static void
fill_experiments (HotlistReportsView *self, GtkWidget *body, const HotlistExperimentsReport *x)
{
  if (x->n_experiments == 0)
    {
      add_empty (body, _ ("No experiment ran in this period."));
      return;
    }
  for (guint i = 0; i < x->n_experiments; i++)
    {
      const HotlistExperimentReport *e = &x->experiments[i];
      /* Translators: the header of the column of 95 % confidence intervals */
      /* xgettext:no-c-format */
      const char      *interval = _ ("95% interval");
      const char      *headers[] = { _ ("Arm"),       _ ("Model"),      _ ("Leads"), _ ("Closed"),
                                     _ ("Converted"), _ ("Conversion"), interval,    NULL };
      g_autofree char *started = format_day (e->started_at);
      g_autofree char *title = NULL;
      g_autofree char *verdict = experiment_verdict (e);
      g_autofree char *table_name = g_strdup_printf ("experiment-arms-%u", i);
      GtkWidget       *label;
      GtkGrid         *table;

      if (e->ended_at == 0)
        /* Translators: the title of an A/B experiment still running */
        title =
            g_strdup_printf (_ ("Running since %s, %.0f%% of leads in B"), started, e->split * 100);
      else
        {
          g_autofree char *ended = format_day (e->ended_at);
          const char      *winner = e->winner == e->arms[1].model_id   ? "B"
                                    : e->winner == e->arms[0].model_id ? "A"
                                                                       : NULL;

          title =
              winner != NULL
                  /* Translators: the title of an A/B experiment that ended, such as "3 Mar 2026 – 10 Apr 2026, B won" */
                  ? g_strdup_printf (_ ("%s – %s, %s won"), started, ended, winner)
                  : g_strdup_printf (_ ("%s – %s"), started, ended);
        }
      label = add_note (body, NULL, title);
      gtk_widget_add_css_class (label, "heading");
      label = add_note (body, "experiment-verdict", verdict);
      gtk_widget_add_css_class (label, "report-verdict");
      table = add_table (body, table_name, headers);
      for (guint arm = 0; arm < 2; arm++)
        {
          const HotlistExperimentArmReport *a = &e->arms[arm];
          g_autofree char                  *low = format_percent (a->rate_low);
          g_autofree char                  *high = format_percent (a->rate_high);
          char                             *cells[] = {
                                        g_strdup (arm == 0 ? _ ("A (incumbent)") : _ ("B (challenger)")),
            a->model_name != NULL ? g_strdup (a->model_name)
                                                              : g_strdup_printf ("%" G_GINT64_FORMAT, a->model_id),
                                        format_count (a->n_leads),
                                        format_count (a->n_resolved),
                                        format_count (a->conversions),
                                        format_percent (a->rate),
            isfinite (a->rate_low) ? g_strdup_printf (_ ("%s to %s"), low, high)
                                                               : g_strdup (UNDEFINED),
          };

          table_add_row (table, arm + 1, cells, G_N_ELEMENTS (cells));
        }
    }
}

/* Model drift */

static char **
period_labels (const HotlistDriftReport *drift)
{
  char **labels = g_new0 (char *, drift->n_periods + 1);

  for (guint i = 0; i < drift->n_periods; i++)
    {
      g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (drift->periods[i].start);

      /* Translators: the label of a month of the drift chart, such as "Mar 2026"; see
       * g_date_time_format() */
      /* xgettext:no-c-format */
      const char *month = _ ("%b %Y");
      /* Translators: the label of a week of the drift chart, its first day, such as "3 Mar" */
      /* xgettext:no-c-format */
      const char *week = _ ("%-d %b");

      labels[i] = g_date_time_format (start, drift->unit == HOTLIST_DRIFT_MONTH ? month : week);
    }
  return labels;
}

static void
fill_drift (HotlistReportsView *self, GtkWidget *body, const HotlistDriftReport *drift)
{
  g_auto (GStrv)     labels = NULL;
  g_autofree double *mean = NULL;
  g_autofree double *auc = NULL;
  const char        *x_title;
  int                first = -1, last = -1, lowest = -1, latest = -1;
  GtkWidget         *figures, *pair;
  HotlistChart      *chart;

  for (guint i = 0; i < drift->n_periods; i++)
    {
      const HotlistDriftPeriod *p = &drift->periods[i];

      if (p->n_scored > 0)
        {
          if (first < 0)
            first = i;
          last = i;
        }
      if (isfinite (p->auc))
        {
          if (lowest < 0 || p->auc < drift->periods[lowest].auc)
            lowest = i;
          latest = i;
        }
    }
  if (first < 0 && latest < 0)
    {
      add_empty (body, _ ("No scored lead was created or closed in this period."));
      return;
    }

  labels = period_labels (drift);
  x_title = drift->unit == HOTLIST_DRIFT_MONTH ? _ ("Month") : _ ("Week starting");
  figures = figures_new (body);
  if (first >= 0)
    {
      g_autofree char *a = format_decimal (drift->periods[first].mean_score, 1);
      g_autofree char *b = format_decimal (drift->periods[last].mean_score, 1);
      /* Translators: the caption of a mean score in a period, such as "Mean score, Mar 2026" */
      g_autofree char *a_caption = g_strdup_printf (_ ("Mean score, %s"), labels[first]);
      g_autofree char *b_caption = g_strdup_printf (_ ("Mean score, %s"), labels[last]);

      add_figure (figures, "drift-first-mean", a, a_caption);
      if (last != first)
        add_figure (figures, "drift-last-mean", b, b_caption);
    }
  if (latest >= 0)
    {
      g_autofree char *a = format_decimal (drift->periods[lowest].auc, 2);
      g_autofree char *b = format_decimal (drift->periods[latest].auc, 2);
      /* Translators: the caption of the lowest AUC of the periods, such as "Lowest AUC, Mar 2026" */
      g_autofree char *a_caption = g_strdup_printf (_ ("Lowest AUC, %s"), labels[lowest]);
      /* Translators: the caption of the AUC of the latest period, such as "AUC, Oct 2026" */
      g_autofree char *b_caption = g_strdup_printf (_ ("AUC, %s"), labels[latest]);

      add_figure (figures, "drift-lowest-auc", a, a_caption);
      if (latest != lowest)
        add_figure (figures, "drift-latest-auc", b, b_caption);
    }

  mean = g_new (double, drift->n_periods);
  auc = g_new (double, drift->n_periods);
  for (guint i = 0; i < drift->n_periods; i++)
    {
      mean[i] = drift->periods[i].mean_score;
      auc[i] = drift->periods[i].auc;
    }
  pair = add_chart_pair (body);
  chart = add_chart (pair, "drift-mean-score", HOTLIST_CHART_LINE);
  hotlist_chart_set_axis_titles (chart, x_title, _ ("Mean score"));
  hotlist_chart_set_labels (chart, (const char *const *)labels);
  hotlist_chart_set_y_range (chart, 0, 100);
  hotlist_chart_set_series (chart, _ ("Mean score"), NULL, mean, drift->n_periods);
  chart = add_chart (pair, "drift-auc", HOTLIST_CHART_LINE);
  hotlist_chart_set_axis_titles (chart, x_title, _ ("AUC"));
  hotlist_chart_set_labels (chart, (const char *const *)labels);
  hotlist_chart_set_y_range (chart, 0, 1);
  hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_HORIZONTAL, 0.5, _ ("Chance"));
  hotlist_chart_set_series (chart, _ ("AUC"), NULL, auc, drift->n_periods);
  add_note (body, NULL,
            _ ("A falling mean score means the leads coming in look less like the ones that "
               "converted; a falling AUC means the model ranks them less well. Either is a "
               "reason to retrain."));
}

static void
render (HotlistReportsView *self)
{
  const HotlistReports *r = self->reports;

  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    clear_box (self->bodies[k]);
  if (r == NULL)
    return;
  fill_distribution (self, self->bodies[HOTLIST_REPORT_SCORE_DISTRIBUTION], r->distribution);
  fill_conversion (self, self->bodies[HOTLIST_REPORT_CONVERSION], r->conversion);
  fill_accuracy (self, self->bodies[HOTLIST_REPORT_MODEL_ACCURACY], r->accuracy);
  fill_sdr (self, self->bodies[HOTLIST_REPORT_SDR_EFFICIENCY], r->sdr);
  fill_roi (self, self->bodies[HOTLIST_REPORT_ROI], r->roi);
  fill_experiments (self, self->bodies[HOTLIST_REPORT_EXPERIMENTS], r->experiments);
  fill_drift (self, self->bodies[HOTLIST_REPORT_DRIFT], r->drift);
}

/* Computing */

static void
update_busy (HotlistReportsView *self)
{
  gboolean busy = self->computing != NULL;

  gtk_spinner_set_spinning (self->spinner, busy && self->reports != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy && self->reports != NULL);
  gtk_spinner_set_spinning (self->loading_spinner, busy && self->reports == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv",
                                 !busy && self->reports != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf",
                                 !busy && self->reports != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.costs", self->workspace != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPUTING]);
}

static void
cancel_compute (HotlistReportsView *self)
{
  g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
}

static void
set_choices (HotlistReportsView *self, ReportFilter filter, char **values)
{
  static const char *const  all[] = { N_ ("All Owners"), N_ ("All Lead Sources"),
                                                             N_ ("All Campaigns") };
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  GtkDropDown              *dropdown = self->filter_dropdowns[filter];
  const char               *current = self->filters[filter];
  guint                     selected = 0;
  guint                     n = 1;

  gtk_string_list_append (list, _ (all[filter]));
  for (guint i = 0; values != NULL && values[i] != NULL; i++, n++)
    {
      gtk_string_list_append (list, values[i]);
      if (g_strcmp0 (values[i], current) == 0)
        selected = n;
    }
  /* A filter chosen stays chosen, even when its leads are gone. */
  if (current != NULL && selected == 0)
    {
      gtk_string_list_append (list, current);
      selected = n++;
    }
  self->updating_choices = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
  self->updating_choices = FALSE;
  /* A workspace without campaigns has no campaign filter to offer. */
  if (filter == FILTER_CAMPAIGN)
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (dropdown)), n > 1);
}

static void
compute_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HotlistReportsView) self = user_data;
  g_autoptr (GError)             error = NULL;
  HotlistReports                *reports = hotlist_reports_compute_finish (result, &error);

  /* A computation cancelled was replaced by a newer one, or the view is gone. */
  if (reports == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->computing);
  if (reports == NULL)
    {
      if (self->reports != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      update_busy (self);
      return;
    }
  g_clear_pointer (&self->reports, hotlist_reports_free);
  self->reports = reports;
  /* Computed without filters, the reports read every lead and know every choice; with a filter
   * on, the choices stay those of the last computation without. */
  if (reports->owners != NULL)
    {
      set_choices (self, FILTER_OWNER, reports->owners);
      set_choices (self, FILTER_SOURCE, reports->sources);
      set_choices (self, FILTER_CAMPAIGN, reports->campaigns);
    }
  render (self);
  gtk_stack_set_visible_child_name (self->stack, "reports");
  update_busy (self);
}

/* The currency of the costs; the filters' choices come with the reports (compute_cb), read by
 * the worker with the leads rather than by three more passes over them here. */
static void
update_choices (HotlistReportsView *self)
{
  HotlistStore         *store = hotlist_workspace_get_store (self->workspace);
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) costs = hotlist_campaign_costs_list (store, &error);

  self->choices_stale = FALSE;
  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  g_clear_pointer (&self->currency, g_free);
  self->mixed_currencies = FALSE;
  for (guint i = 0; i < costs->len; i++)
    {
      const HotlistCampaignCost *cost = costs->pdata[i];

      if (self->currency == NULL && !self->mixed_currencies)
        self->currency = g_strdup (cost->currency);
      else if (g_strcmp0 (self->currency, cost->currency) != 0)
        {
          self->mixed_currencies = TRUE;
          g_clear_pointer (&self->currency, g_free);
        }
    }
}

/* Starts computing the reports of the current range and filters, in place of any computation
 * under way. */
static void
start_compute (HotlistReportsView *self)
{
  g_autoptr (GError) error = NULL;
  HotlistReportQuery query;
  gint64             n_leads;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  cancel_compute (self);
  self->stale = FALSE;
  if (self->workspace == NULL)
    {
      g_clear_pointer (&self->reports, hotlist_reports_free);
      render (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_busy (self);
      return;
    }
  if (self->choices_stale)
    update_choices (self);
  n_leads = hotlist_store_count_leads (hotlist_workspace_get_store (self->workspace), &error);
  if (n_leads == 0 && error == NULL)
    {
      g_clear_pointer (&self->reports, hotlist_reports_free);
      render (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_busy (self);
      return;
    }
  view_query (self, &query);
  self->computing = g_cancellable_new ();
  if (self->reports == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  hotlist_reports_compute_async (hotlist_workspace_get_path (self->workspace), &query,
                                 self->computing, compute_cb, g_object_ref (self));
  update_busy (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  HotlistReportsView *self = user_data;

  self->refresh_id = 0;
  self->choices_stale = TRUE;
  query_changed (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (HotlistReportsView *self, guint delay)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (delay, refresh_timeout_cb, self);
}

/* The query changed: computes again now if the view is shown, else when it next is. */
static void
query_changed (HotlistReportsView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_compute (self);
  else
    self->stale = TRUE;
}

static void
leads_changed_cb (HotlistStore *store, const gint64 *ids, guint n_ids, gpointer user_data)
{
  queue_refresh (user_data, REFRESH_DELAY_MS);
}

/* The filters' choices: ellipsized on the button, so that a narrow window can shrink it, whole
 * in the list. */
static void
setup_choice_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (choice));
}

static GtkListItemFactory *
choice_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  return factory;
}

static void
filter_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, gpointer user_data)
{
  HotlistReportsView *self = user_data;
  ReportFilter        filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "filter"));
  guint               selected = gtk_drop_down_get_selected (dropdown);
  GListModel         *model = gtk_drop_down_get_model (dropdown);
  const char         *value = NULL;

  if (self->updating_choices || model == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    value = gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
  if (g_strcmp0 (value, self->filters[filter]) == 0)
    return;
  g_free (self->filters[filter]);
  self->filters[filter] = g_strdup (value);
  query_changed (self);
}

/* Custom range */

static GtkWidget *
calendar_column (const char *title, gint64 day)
{
  GtkWidget            *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget            *label = gtk_label_new (title);
  GtkWidget            *calendar = gtk_calendar_new ();
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (day);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_calendar_select_day (GTK_CALENDAR (calendar), at);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), calendar);
  g_object_set_data (G_OBJECT (box), "calendar", calendar);
  return box;
}

static gint64
calendar_day (GtkWidget *column, int days_ahead)
{
  GtkCalendar          *calendar = g_object_get_data (G_OBJECT (column), "calendar");
  g_autoptr (GDateTime) day = gtk_calendar_get_date (calendar);

  return local_midnight (day, days_ahead);
}

static void
custom_range_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  HotlistReportsView *self = user_data;
  GtkWidget          *columns = adw_message_dialog_get_extra_child (dialog);
  GtkWidget          *from_column = gtk_widget_get_first_child (columns);
  GtkWidget          *to_column = gtk_widget_get_last_child (columns);
  gint64              from, to;

  if (!g_str_equal (response, "apply"))
    return;
  from = calendar_day (from_column, 0);
  to = calendar_day (to_column, 1);
  /* Dates picked the wrong way round still mean the days between them. */
  if (to <= from)
    {
      from = calendar_day (to_column, 0);
      to = calendar_day (from_column, 1);
    }
  hotlist_reports_view_set_custom_range (self, from, to);
}

static void
custom_range_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HotlistReportsView   *self = HOTLIST_REPORTS_VIEW (widget);
  GtkRoot              *root = gtk_widget_get_root (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  gint64     from = self->custom_from != 0 ? self->custom_from : local_midnight (now, -29);
  gint64     to = self->custom_to != 0 ? self->custom_to : local_midnight (now, 1);
  GtkWidget *dialog;
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_widget_set_halign (columns, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (columns), calendar_column (_ ("From"), from));
  gtk_box_append (GTK_BOX (columns), calendar_column (_ ("To"), to - 1));
  dialog =
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Custom Range"),
                              _ ("The reports cover the days from the first to the last, "
                                 "both included"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), columns);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "apply",
                                    _ ("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (custom_range_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Exports */

static char *
today_string (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
show_toast (HotlistReportsView *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

#define EXPORT_PDF (-1)

static void
export_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  HotlistReportsView *self = user_data;
  int                 kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  g_autoptr (GFile)   file = NULL;
  g_autofree char    *path = NULL;
  g_autoptr (GError)  error = NULL;
  gboolean            ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    {
      ok = kind == EXPORT_PDF ? hotlist_reports_view_export_pdf_to_file (self, path, &error)
                              : hotlist_reports_view_export_csv_to_file (self, kind, path, &error);
      if (ok)
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: shown after an export, such as "Saved “hotlist-roi-2026-11-27.csv”" */
          g_autofree char *message = g_strdup_printf (_ ("Saved “%s”"), name);

          show_toast (self, message);
        }
      else
        show_toast (self, error->message);
    }
  else if (response == GTK_RESPONSE_ACCEPT)
    show_toast (self, _ ("Reports can only be saved to a local folder"));
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_export_file (HotlistReportsView *self, int kind, const char *title, const char *name)
{
  GtkRoot              *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser =
      gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_csv_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (widget);
  HotlistReportKind   kind;
  g_autofree char    *name = NULL;

  if (!hotlist_report_kind_from_id (g_variant_get_string (parameter, NULL), &kind))
    return;
  name = hotlist_reports_view_dup_csv_name (self, kind);
  choose_export_file (self, kind, _ ("Export CSV"), name);
}

static void
export_pdf_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autofree char *today = today_string ();
  g_autofree char *name = g_strdup_printf ("hotlist-reports-%s.pdf", today);

  choose_export_file (HOTLIST_REPORTS_VIEW (widget), EXPORT_PDF, _ ("Export PDF"), name);
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hotlist_reports_view_refresh (HOTLIST_REPORTS_VIEW (widget));
}

/* The Costs dialog: a list of costs per lead source and per campaign, saved together. */

typedef struct
{
  HotlistReportsView *view;
  AdwToastOverlay    *toasts;
  GtkListBox         *lists[2];
  GtkStringList      *names[2];
  GtkSizeGroup       *periods;
  GArray             *removed;
} CostsDialog;

/* One cost being edited. Its period's popover is made when first opened: a workspace with
 * monthly costs has hundreds of rows. */
typedef struct
{
  gint64          id;
  GtkDropDown    *name;
  GtkSpinButton  *amount;
  GtkEntry       *currency;
  GtkLabel       *period_label;
  GtkCheckButton *limited;
  GtkWidget      *from;
  GtkWidget      *to;
  gint64          period_start;
  gint64          period_end;
} CostRow;

static void
costs_dialog_free (CostsDialog *dialog)
{
  g_clear_object (&dialog->view);
  g_clear_object (&dialog->names[0]);
  g_clear_object (&dialog->names[1]);
  g_clear_object (&dialog->periods);
  g_array_unref (dialog->removed);
  g_free (dialog);
}

static void
cost_row_show_period (CostRow *row)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *label = NULL;

  if (row->period_start == 0)
    {
      gtk_label_set_text (row->period_label, _ ("Any Time"));
      return;
    }
  from = format_day (row->period_start);
  to = format_day (row->period_end - 1);
  label = g_strdup_printf (_ ("%s – %s"), from, to);
  gtk_label_set_text (row->period_label, label);
}

static void
cost_row_period_changed (CostRow *row)
{
  if (gtk_check_button_get_active (row->limited))
    {
      row->period_start = calendar_day (row->from, 0);
      row->period_end = calendar_day (row->to, 1);
    }
  else
    row->period_start = row->period_end = 0;
  cost_row_show_period (row);
}

static void
cost_row_create_popup (GtkMenuButton *button, gpointer user_data)
{
  CostRow              *row = user_data;
  GtkWidget            *popover, *box, *calendars, *limited;
  g_autoptr (GDateTime) now = NULL;
  gboolean              has_period = row->period_start != 0;

  if (row->limited != NULL)
    return;
  now = g_date_time_new_now_local ();
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  calendars = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  limited = gtk_check_button_new_with_mnemonic (_ ("_Only for these dates"));
  row->from =
      calendar_column (_ ("From"), has_period ? row->period_start : local_midnight (now, -29));
  row->to = calendar_column (_ ("To"), has_period ? row->period_end - 1 : local_midnight (now, 0));
  row->limited = GTK_CHECK_BUTTON (limited);
  gtk_box_append (GTK_BOX (calendars), row->from);
  gtk_box_append (GTK_BOX (calendars), row->to);
  g_object_bind_property (limited, "active", calendars, "sensitive", G_BINDING_SYNC_CREATE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (limited), has_period);
  gtk_box_append (GTK_BOX (box), limited);
  gtk_box_append (GTK_BOX (box), calendars);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_swapped (limited, "toggled", G_CALLBACK (cost_row_period_changed), row);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (row->from), "calendar"), "day-selected",
                            G_CALLBACK (cost_row_period_changed), row);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (row->to), "calendar"), "day-selected",
                            G_CALLBACK (cost_row_period_changed), row);
  gtk_menu_button_set_popover (button, popover);
}

static void
remove_cost_cb (GtkButton *button, gpointer user_data)
{
  CostsDialog *dialog = user_data;
  GtkWidget   *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  CostRow     *cost = g_object_get_data (G_OBJECT (row), "cost-row");

  if (cost->id != 0)
    g_array_append_val (dialog->removed, cost->id);
  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
}

static guint
string_list_find (GtkStringList *list, const char *value)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static GtkWidget *
cost_row_new (CostsDialog *dialog, HotlistCostKind kind, const HotlistCampaignCost *cost)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (dialog->names[kind])), NULL);
  GtkWidget *amount = gtk_spin_button_new_with_range (0, 1e9, 100);
  GtkWidget *currency = gtk_entry_new ();
  GtkWidget *period = gtk_menu_button_new ();
  GtkWidget *period_label = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  CostRow   *data = g_new0 (CostRow, 1);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (name, "cost-name");
  gtk_widget_set_hexpand (name, TRUE);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (name), TRUE);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (name),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_widget_set_tooltip_text (name,
                               kind == HOTLIST_COST_SOURCE ? _ ("Lead source") : _ ("Campaign"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == HOTLIST_COST_SOURCE ? _ ("Lead source") : _ ("Campaign"),
                                  -1);
  if (cost != NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (name),
                                string_list_find (dialog->names[kind], cost->name));

  gtk_widget_set_name (amount, "cost-amount");
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (amount), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (amount), cost != NULL ? cost->cost : 0);
  gtk_editable_set_width_chars (GTK_EDITABLE (amount), 10);
  gtk_widget_set_tooltip_text (amount, _ ("Amount"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (amount), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Amount"), -1);

  gtk_widget_set_name (currency, "cost-currency");
  gtk_entry_set_max_length (GTK_ENTRY (currency), 3);
  gtk_editable_set_width_chars (GTK_EDITABLE (currency), 4);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (currency), 4);
  gtk_editable_set_text (GTK_EDITABLE (currency),
                         cost != NULL && cost->currency != NULL ? cost->currency
                         : dialog->view->currency != NULL       ? dialog->view->currency
                                                                : "USD");
  gtk_widget_set_tooltip_text (currency, _ ("Currency code, such as USD or EUR"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (currency), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Currency"), -1);

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (period), cost_row_create_popup, data,
                                         NULL);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (period), period_label);
  gtk_widget_set_name (period, "cost-period");
  /* The rows' periods line up in a column. */
  gtk_size_group_add_widget (dialog->periods, period);
  gtk_widget_set_tooltip_text (period, _ ("The dates this cost covers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (period), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Period"), -1);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Remove this cost"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_cost_cb), dialog);

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), amount);
  gtk_box_append (GTK_BOX (box), currency);
  gtk_box_append (GTK_BOX (box), period);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  data->id = cost != NULL ? cost->id : 0;
  data->name = GTK_DROP_DOWN (name);
  data->amount = GTK_SPIN_BUTTON (amount);
  data->currency = GTK_ENTRY (currency);
  data->period_label = GTK_LABEL (period_label);
  data->period_start = cost != NULL ? cost->period_start : 0;
  data->period_end = cost != NULL ? cost->period_end : 0;
  g_object_set_data_full (G_OBJECT (row), "cost-row", data, g_free);
  cost_row_show_period (data);
  return row;
}

static void
add_cost_cb (GtkButton *button, gpointer user_data)
{
  CostsDialog    *dialog = user_data;
  HotlistCostKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  GtkWidget      *row = cost_row_new (dialog, kind, NULL);

  gtk_list_box_append (dialog->lists[kind], row);
  gtk_widget_grab_focus (
      GTK_WIDGET (((CostRow *)g_object_get_data (G_OBJECT (row), "cost-row"))->name));
}

static gboolean
costs_save (CostsDialog *dialog, GError **error)
{
  HotlistStore *store = hotlist_workspace_get_store (dialog->view->workspace);

  if (!hotlist_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < dialog->removed->len; i++)
    if (!hotlist_campaign_costs_remove (store, g_array_index (dialog->removed, gint64, i), error))
      goto failed;
  for (HotlistCostKind kind = HOTLIST_COST_SOURCE; kind <= HOTLIST_COST_CAMPAIGN; kind++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (dialog->lists[kind]));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        CostRow                        *data = g_object_get_data (G_OBJECT (row), "cost-row");
        guint                           selected;
        g_autoptr (HotlistCampaignCost) cost = NULL;
        g_autofree char                *currency = NULL;

        if (data == NULL)
          continue;
        selected = gtk_drop_down_get_selected (data->name);
        if (selected == GTK_INVALID_LIST_POSITION)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 kind == HOTLIST_COST_SOURCE
                                     ? _ ("Choose the lead source of each cost")
                                     : _ ("Choose the campaign of each cost"));
            goto failed;
          }
        gtk_spin_button_update (data->amount);
        cost =
            hotlist_campaign_cost_new (kind,
                                       gtk_string_list_get_string (dialog->names[kind], selected),
                                       gtk_spin_button_get_value (data->amount));
        cost->id = data->id;
        currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (data->currency)), -1);
        g_strstrip (currency);
        if (*currency != '\0')
          {
            g_free (cost->currency);
            cost->currency = g_steal_pointer (&currency);
          }
        cost->period_start = data->period_start;
        cost->period_end = data->period_end;
        if (cost->id == 0 ? hotlist_campaign_costs_add (store, cost, error) == 0
                          : !hotlist_campaign_costs_update (store, cost, error))
          goto failed;
      }
  return hotlist_store_commit (store, error);

failed:
  hotlist_store_rollback (store);
  return FALSE;
}

static void
costs_save_cb (GtkButton *button, gpointer user_data)
{
  CostsDialog       *dialog = user_data;
  g_autoptr (GError) error = NULL;
  GtkRoot           *window = gtk_widget_get_root (GTK_WIDGET (button));

  if (dialog->view->workspace == NULL || !costs_save (dialog, &error))
    {
      AdwToast *toast = adw_toast_new (error != NULL ? error->message : _ ("No workspace is open"));

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (dialog->toasts, toast);
      return;
    }
  hotlist_reports_view_refresh (dialog->view);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
costs_group (CostsDialog    *dialog,
             HotlistCostKind kind,
             const char     *title,
             const char     *empty,
             GPtrArray      *costs)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *add = gtk_button_new ();
  GtkWidget *add_content = adw_button_content_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (empty);
  gboolean   has_names = g_list_model_get_n_items (G_LIST_MODEL (dialog->names[kind])) > 0;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (add_content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (add_content), _ ("_Add"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (add_content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), add_content);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_name (add, kind == HOTLIST_COST_SOURCE ? "add-source-cost" : "add-campaign-cost");
  gtk_widget_set_sensitive (add, has_names);
  gtk_widget_set_tooltip_text (add, kind == HOTLIST_COST_SOURCE ? _ ("Add a cost of a lead source")
                                                                : _ ("Add a cost of a campaign"));
  g_object_set_data (G_OBJECT (add), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (add, "clicked", G_CALLBACK (add_cost_cb), dialog);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), add);

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  dialog->lists[kind] = GTK_LIST_BOX (list);
  for (guint i = 0; i < costs->len; i++)
    {
      const HotlistCampaignCost *cost = costs->pdata[i];

      if (cost->kind == kind)
        gtk_list_box_append (GTK_LIST_BOX (list), cost_row_new (dialog, kind, cost));
    }

  gtk_box_append (GTK_BOX (group), header);
  gtk_box_append (GTK_BOX (group), list);
  return group;
}

/* The names a cost can be for: those of the workspace's leads, and those costs were entered for. */
static GtkStringList *
cost_names (char **values, GPtrArray *costs, HotlistCostKind kind)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GtkStringList        *list = gtk_string_list_new (NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (names, values[i]);
  for (guint i = 0; i < costs->len; i++)
    {
      HotlistCampaignCost *cost = costs->pdata[i];

      if (cost->kind == kind
          && (values == NULL || !g_strv_contains ((const char *const *)values, cost->name)))
        {
          gboolean seen = FALSE;

          for (guint k = 0; k < names->len && !seen; k++)
            seen = g_str_equal (names->pdata[k], cost->name);
          if (!seen)
            g_ptr_array_add (names, cost->name);
        }
    }
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, names->pdata[i]);
  return list;
}

static void
costs_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hotlist_reports_view_open_costs (HOTLIST_REPORTS_VIEW (widget));
}

/* Widget */

static void
hotlist_reports_view_map (GtkWidget *widget)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (hotlist_reports_view_parent_class)->map (widget);
  /* Out of the map, so that the stack is not changed while it maps. */
  if (self->stale)
    queue_refresh (self, 0);
}

static void
hotlist_reports_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (widget);
  GtkOrientation      orientation =
      width < NARROW_WIDTH ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  /* GTK 4.8 has no breakpoints: the toolbar follows the width it is given. */
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->toolbar)) != orientation)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->toolbar), orientation);
      gtk_widget_set_halign (self->actions_box, orientation == GTK_ORIENTATION_VERTICAL
                                                    ? GTK_ALIGN_END
                                                    : GTK_ALIGN_FILL);
    }
  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);
}

static void
hotlist_reports_view_measure (GtkWidget     *widget,
                              GtkOrientation orientation,
                              int            for_size,
                              int           *minimum,
                              int           *natural,
                              int           *minimum_baseline,
                              int           *natural_baseline)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
hotlist_reports_view_dispose (GObject *object)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (object);

  cancel_compute (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->leads_changed_id, hotlist_workspace_get_store (self->workspace));
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->reports, hotlist_reports_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HOTLIST_TYPE_REPORTS_VIEW);

  G_OBJECT_CLASS (hotlist_reports_view_parent_class)->dispose (object);
}

static void
hotlist_reports_view_finalize (GObject *object)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (object);

  g_free (self->range);
  g_free (self->currency);
  for (guint i = 0; i < N_FILTERS; i++)
    g_free (self->filters[i]);

  G_OBJECT_CLASS (hotlist_reports_view_parent_class)->finalize (object);
}

static void
hotlist_reports_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_RANGE:
      g_value_set_string (value, self->range);
      break;
    case PROP_COMPUTING:
      g_value_set_boolean (value, self->computing != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_reports_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HotlistReportsView *self = HOTLIST_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      hotlist_reports_view_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_RANGE:
      hotlist_reports_view_set_range (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_reports_view_class_init (HotlistReportsViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hotlist_reports_view_dispose;
  object_class->finalize = hotlist_reports_view_finalize;
  object_class->get_property = hotlist_reports_view_get_property;
  object_class->set_property = hotlist_reports_view_set_property;
  widget_class->map = hotlist_reports_view_map;
  widget_class->size_allocate = hotlist_reports_view_size_allocate;
  widget_class->measure = hotlist_reports_view_measure;

  properties[PROP_WORKSPACE] =
      g_param_spec_object ("workspace", NULL, NULL, HOTLIST_TYPE_WORKSPACE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANGE] =
      g_param_spec_string ("range", NULL, NULL, "last-90",
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPUTING] = g_param_spec_boolean ("computing", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HOTLIST_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, range_label);
  gtk_widget_class_bind_template_child_full (widget_class, "owner_filter", FALSE,
                                             G_STRUCT_OFFSET (HotlistReportsView,
                                                              filter_dropdowns[FILTER_OWNER]));
  gtk_widget_class_bind_template_child_full (widget_class, "source_filter", FALSE,
                                             G_STRUCT_OFFSET (HotlistReportsView,
                                                              filter_dropdowns[FILTER_SOURCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "campaign_filter", FALSE,
                                             G_STRUCT_OFFSET (HotlistReportsView,
                                                              filter_dropdowns[FILTER_CAMPAIGN]));
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, cards_box);
  gtk_widget_class_bind_template_child (widget_class, HotlistReportsView, error_page);

  gtk_widget_class_install_property_action (widget_class, "reports.range", "range");
  gtk_widget_class_install_action (widget_class, "reports.custom-range", NULL, custom_range_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", "s", export_csv_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "reports.costs", NULL, costs_action);
  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, refresh_action);
}

static void
load_css_once (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        {
          g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (css, "/org/hotlist/Hotlist/reports-view.css");
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&loaded, 1);
    }
}

static void
hotlist_reports_view_init (HotlistReportsView *self)
{
  g_autofree char *title = NULL;

  load_css_once ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->range = g_strdup ("last-90");
  title = range_title (self);
  gtk_label_set_text (self->range_label, title);
  for (guint f = 0; f < N_FILTERS; f++)
    {
      g_autoptr (GtkListItemFactory) button_factory = choice_factory (TRUE);
      g_autoptr (GtkListItemFactory) list_factory = choice_factory (FALSE);

      gtk_drop_down_set_factory (self->filter_dropdowns[f], button_factory);
      gtk_drop_down_set_list_factory (self->filter_dropdowns[f], list_factory);
      g_object_set_data (G_OBJECT (self->filter_dropdowns[f]), "filter", GINT_TO_POINTER (f));
      set_choices (self, f, NULL);
      g_signal_connect (self->filter_dropdowns[f], "notify::selected",
                        G_CALLBACK (filter_changed_cb), self);
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    gtk_box_append (self->cards_box, card_new (k, &self->bodies[k]));
  self->stale = TRUE;
  self->choices_stale = TRUE;
  update_busy (self);
}

/**
 * hotlist_reports_view_new:
 *
 * Returns: (transfer floating): a Reports view without a workspace
 */
GtkWidget *
hotlist_reports_view_new (void)
{
  return g_object_new (HOTLIST_TYPE_REPORTS_VIEW, NULL);
}

/**
 * hotlist_reports_view_get_workspace:
 * @self: a #HotlistReportsView
 *
 * Returns: (transfer none) (nullable): the workspace reported on
 */
HotlistWorkspace *
hotlist_reports_view_get_workspace (HotlistReportsView *self)
{
  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), NULL);
  return self->workspace;
}

/**
 * hotlist_reports_view_set_workspace:
 * @self: a #HotlistReportsView
 * @workspace: (nullable): the workspace to report on
 *
 * Reports on @workspace, with its filters cleared; the reports follow its changes.
 */
void
hotlist_reports_view_set_workspace (HotlistReportsView *self, HotlistWorkspace *workspace)
{
  g_return_if_fail (HOTLIST_IS_REPORTS_VIEW (self));
  g_return_if_fail (workspace == NULL || HOTLIST_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->leads_changed_id, hotlist_workspace_get_store (self->workspace));
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    self->leads_changed_id =
        g_signal_connect (hotlist_workspace_get_store (workspace), "leads-changed",
                          G_CALLBACK (leads_changed_cb), self);
  /* Another workspace has other owners and sources. */
  for (guint f = 0; f < N_FILTERS; f++)
    g_clear_pointer (&self->filters[f], g_free);
  cancel_compute (self);
  g_clear_pointer (&self->reports, hotlist_reports_free);
  render (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  hotlist_reports_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * hotlist_reports_view_refresh:
 * @self: a #HotlistReportsView
 *
 * The workspace's data changed (an import, a sync, a rescore): computes the reports again now
 * if the view is shown, else when it is next shown.
 */
void
hotlist_reports_view_refresh (HotlistReportsView *self)
{
  g_return_if_fail (HOTLIST_IS_REPORTS_VIEW (self));

  self->choices_stale = TRUE;
  /* Several changes in a row (a workspace opened, then read) make one computation. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    queue_refresh (self, 0);
  else
    self->stale = TRUE;
}

/**
 * hotlist_reports_view_is_computing:
 * @self: a #HotlistReportsView
 *
 * Returns: whether the reports are being computed
 */
gboolean
hotlist_reports_view_is_computing (HotlistReportsView *self)
{
  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), FALSE);
  return self->computing != NULL || self->refresh_id != 0;
}

/**
 * hotlist_reports_view_get_reports:
 * @self: a #HotlistReportsView
 *
 * Returns: (transfer none) (nullable): the reports shown, %NULL before the first are computed
 */
const HotlistReports *
hotlist_reports_view_get_reports (HotlistReportsView *self)
{
  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), NULL);
  return self->reports;
}

/**
 * hotlist_reports_view_get_range:
 * @self: a #HotlistReportsView
 *
 * Returns: the date range: "last-30", "last-90", "this-year", "all" or "custom"
 */
const char *
hotlist_reports_view_get_range (HotlistReportsView *self)
{
  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), NULL);
  return self->range;
}

/**
 * hotlist_reports_view_set_range:
 * @self: a #HotlistReportsView
 * @range: "last-30", "last-90", "this-year" or "all" (the days before today's and today), or
 *   "custom" (the range last set with hotlist_reports_view_set_custom_range())
 *
 * Sets the date range the reports cover.
 */
void
hotlist_reports_view_set_range (HotlistReportsView *self, const char *range)
{
  g_autofree char *title = NULL;

  g_return_if_fail (HOTLIST_IS_REPORTS_VIEW (self));
  g_return_if_fail (is_known_range (range));

  if (g_str_equal (range, "custom") && self->custom_to == 0)
    return;
  if (g_strcmp0 (self->range, range) == 0)
    return;
  g_free (self->range);
  self->range = g_strdup (range);
  title = range_title (self);
  gtk_label_set_text (self->range_label, title);
  query_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

/**
 * hotlist_reports_view_set_custom_range:
 * @self: a #HotlistReportsView
 * @from: the start, Unix seconds, included
 * @to: the end, Unix seconds, excluded
 *
 * Reports on the leads of [@from, @to).
 */
void
hotlist_reports_view_set_custom_range (HotlistReportsView *self, gint64 from, gint64 to)
{
  g_autofree char *title = NULL;

  g_return_if_fail (HOTLIST_IS_REPORTS_VIEW (self));
  g_return_if_fail (to > from);

  self->custom_from = from;
  self->custom_to = to;
  if (!g_str_equal (self->range, "custom"))
    {
      g_free (self->range);
      self->range = g_strdup ("custom");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
    }
  title = range_title (self);
  gtk_label_set_text (self->range_label, title);
  query_changed (self);
}

/**
 * hotlist_reports_view_dup_csv_name:
 * @self: a #HotlistReportsView
 * @kind: a report
 *
 * Returns: (transfer full): the file name an export of @kind is offered under, such as
 *   "hotlist-conversion-2026-11-27.csv"
 */
char *
hotlist_reports_view_dup_csv_name (HotlistReportsView *self, HotlistReportKind kind)
{
  g_autofree char *today = today_string ();

  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), NULL);
  g_return_val_if_fail (kind < HOTLIST_REPORT_N_KINDS, NULL);

  return g_strdup_printf ("hotlist-%s-%s.csv", hotlist_report_kind_to_id (kind), today);
}

static gboolean
check_reports (HotlistReportsView *self, GError **error)
{
  if (self->reports != NULL)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       _ ("The reports are not ready yet: export them once they are shown"));
  return FALSE;
}

/**
 * hotlist_reports_view_export_csv_to_file:
 * @self: a #HotlistReportsView
 * @kind: the report
 * @path: the file to write
 * @error: return location for a #GError
 *
 * Writes the report shown as CSV, what Export CSV… does with the file chosen.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_reports_view_export_csv_to_file (HotlistReportsView *self,
                                         HotlistReportKind   kind,
                                         const char         *path,
                                         GError            **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (kind < HOTLIST_REPORT_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_reports (self, error))
    return FALSE;
  csv = hotlist_reports_to_csv (self->reports, kind);
  if (!g_file_set_contents (path, csv != NULL ? csv : "", -1, error))
    {
      g_prefix_error (error, _ ("The report could not be exported: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_reports_view_export_pdf_to_file:
 * @self: a #HotlistReportsView
 * @path: the file to write
 * @error: return location for a #GError
 *
 * Writes every report shown as one PDF, what Export PDF… does with the file chosen.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_reports_view_export_pdf_to_file (HotlistReportsView *self, const char *path, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_reports (self, error))
    return FALSE;
  if (!hotlist_reports_write_pdf (self->reports, path, error))
    {
      g_prefix_error (error, _ ("The reports could not be exported: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_reports_view_open_costs:
 * @self: a #HotlistReportsView
 *
 * Opens the Costs dialog, where a manager enters what each lead source and campaign costs;
 * saving it computes the reports again.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL without a workspace
 */
GtkWindow *
hotlist_reports_view_open_costs (HotlistReportsView *self)
{
  HotlistStore         *store;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) costs = NULL;
  g_auto (GStrv)        sources = NULL;
  g_auto (GStrv)        campaigns = NULL;
  GtkRoot              *root;
  CostsDialog          *dialog;
  GtkWidget            *window, *content, *header, *cancel, *save, *toasts, *scroller, *clamp;
  GtkWidget            *page, *intro;
  GtkEventController   *shortcuts;

  g_return_val_if_fail (HOTLIST_IS_REPORTS_VIEW (self), NULL);

  if (self->workspace == NULL)
    return NULL;
  store = hotlist_workspace_get_store (self->workspace);
  costs = hotlist_campaign_costs_list (store, &error);
  /* The sources and campaigns the last reports without filters found, or read them now. */
  if (costs != NULL && self->reports != NULL && self->reports->sources != NULL)
    {
      sources = g_strdupv (self->reports->sources);
      campaigns = g_strdupv (self->reports->campaigns);
    }
  else
    {
      if (costs != NULL)
        sources = hotlist_reports_list_sources (store, &error);
      if (sources != NULL)
        campaigns = hotlist_reports_list_campaigns (store, &error);
    }
  if (error != NULL)
    {
      show_toast (self, error->message);
      return NULL;
    }

  dialog = g_new0 (CostsDialog, 1);
  dialog->view = g_object_ref (self);
  dialog->removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  dialog->periods = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  dialog->names[HOTLIST_COST_SOURCE] = cost_names (sources, costs, HOTLIST_COST_SOURCE);
  dialog->names[HOTLIST_COST_CAMPAIGN] = cost_names (campaigns, costs, HOTLIST_COST_CAMPAIGN);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = adw_window_new ();
  gtk_widget_set_name (window, "costs-dialog");
  gtk_widget_add_css_class (window, "costs-dialog");
  gtk_window_set_title (GTK_WINDOW (window), _ ("Costs"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 560);
  g_object_set_data_full (G_OBJECT (window), "costs-dialog", dialog,
                          (GDestroyNotify)costs_dialog_free);
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_ ("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  save = gtk_button_new_with_mnemonic (_ ("_Save"));
  gtk_widget_set_name (save, "save");
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", G_CALLBACK (costs_save_cb), dialog);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (content), header);

  toasts = adw_toast_overlay_new ();
  dialog->toasts = ADW_TOAST_OVERLAY (toasts);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (page, 24);
  gtk_widget_set_margin_bottom (page, 24);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  intro = gtk_label_new (_ ("What each lead source and campaign cost. The ROI report divides "
                            "them by the meetings and conversions they brought. A cost with "
                            "dates counts in full in every report whose range overlaps them; "
                            "one without counts always."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_box_append (GTK_BOX (page), intro);
  gtk_box_append (GTK_BOX (page), costs_group (dialog, HOTLIST_COST_SOURCE, _ ("Lead Sources"),
                                               _ ("No cost entered for a lead source"), costs));
  gtk_box_append (GTK_BOX (page), costs_group (dialog, HOTLIST_COST_CAMPAIGN, _ ("Campaigns"),
                                               g_list_model_get_n_items (G_LIST_MODEL (
                                                   dialog->names[HOTLIST_COST_CAMPAIGN]))
                                                       > 0
                                                   ? _ ("No cost entered for a campaign")
                                                   : _ ("The leads have no campaign attribute: "
                                                        "import one to enter campaign costs"),
                                               costs));
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), scroller);
  gtk_box_append (GTK_BOX (content), toasts);
  adw_window_set_content (ADW_WINDOW (window), content);

  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
