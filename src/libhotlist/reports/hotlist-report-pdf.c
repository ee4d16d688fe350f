/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole dashboard as a PDF, one page per report, with its charts. */

#include "config.h"

#include "hotlist-report-pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "hotlist-chart-painter.h"

/*
 * A4 landscape, in points. A page has a running header (workspace, period, filters), the
 * section's title and a sentence, the body (charts and tables), and a footer with the page
 * number. The first page is the title page with the contents.
 */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define MARGIN 36.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BODY_BOTTOM (PAGE_H - 42.0)
#define COLUMN_GAP 28.0
#define FONT_FAMILY "Cantarell,DejaVu Sans,Sans"
#define BODY_SIZE 10.0
#define CHART_FONT_SIZE 9.0
#define N_PAGES (1 + HOTLIST_REPORT_N_KINDS)
/* Experiments beyond these are in the tables only. */
#define MAX_CHART_EXPERIMENTS 8

typedef struct
{
  cairo_t                   *cr;
  PangoContext              *context;
  const HotlistReports      *reports;
  const HotlistChartPalette *palette;
  guint                      page;
  char                      *running_header;
  char                      *generated;
  char                      *generated_at;
} Pdf;

/* A table of text cells: the first @n_text columns are left-aligned names, the rest numbers. */
typedef struct
{
  guint      n_columns;
  guint      n_text;
  GPtrArray *headers;
  GPtrArray *cells;
} Table;

typedef struct
{
  int fd;
  int saved_errno;
} PdfSink;

/* Numbers as a reader of the PDF sees them; NaN is "—". */

static char *
fmt_money (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%'.2f", value + 0.0);
}

static char *
fmt_uint (guint value)
{
  return g_strdup_printf ("%u", value);
}

/* A difference of two rates, in percentage points with its sign. */
static char *
fmt_points (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  /* TRANSLATORS: a difference of two rates in percentage points, such as "-25.0 pts" */
  return g_strdup_printf (_ ("%+.1f pts"), 100 * value + 0.0);
}

static char *
fmt_duration (double seconds)
{
  if (!isfinite (seconds))
    return g_strdup ("—");
  if (seconds < 3600)
    /* TRANSLATORS: a duration in minutes, such as "45 min" */
    return g_strdup_printf (_ ("%.0f min"), seconds / 60);
  if (seconds < 48 * 3600)
    /* TRANSLATORS: a duration in hours, such as "1.5 h" */
    return g_strdup_printf (_ ("%.1f h"), seconds / 3600);
  /* TRANSLATORS: a duration in days, such as "3.5 days" */
  return g_strdup_printf (_ ("%.1f days"), seconds / 86400);
}

static char *
fmt_day (gint64 t)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (t);

  return at != NULL ? g_date_time_format (at, "%Y-%m-%d") : g_strdup ("?");
}

static char *
fmt_band (guint k)
{
  return g_strdup_printf ("%u–%u", 10 * k, k + 1 == HOTLIST_REPORT_N_BANDS ? 100 : 10 * k + 9);
}

/* The period the reports cover, the end day included as the user chose it. */
static char *
fmt_range (const HotlistReportQuery *q)
{
  g_autofree char *from = q->from != G_MININT64 ? fmt_day (q->from) : NULL;
  g_autofree char *to = q->to != G_MAXINT64 ? fmt_day (q->to - 1) : NULL;

  if (from == NULL && to == NULL)
    return g_strdup (_ ("All time"));
  if (from == NULL)
    /* TRANSLATORS: a period with no start, such as "Until 2024-03-31" */
    return g_strdup_printf (_ ("Until %s"), to);
  if (to == NULL)
    /* TRANSLATORS: a period with no end, such as "From 2024-01-01" */
    return g_strdup_printf (_ ("From %s"), from);
  if (g_strcmp0 (from, to) == 0)
    return g_steal_pointer (&from);
  /* TRANSLATORS: a period, such as "2024-01-01 to 2024-03-31" */
  return g_strdup_printf (_ ("%s to %s"), from, to);
}

static char *
fmt_filters (const HotlistReportQuery *q)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (q->owner != NULL)
    /* TRANSLATORS: a filter of the reports, such as "Owner: alice" */
    g_ptr_array_add (parts, g_strdup_printf (_ ("Owner: %s"), q->owner));
  if (q->source != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_ ("Source: %s"), q->source));
  if (q->campaign != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_ ("Campaign: %s"), q->campaign));
  if (parts->len == 0)
    return g_strdup (_ ("All owners, sources and campaigns"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

/* Tables. */

static Table *
table_new (guint n_text, const char *first_header, ...)
{
  Table      *table = g_new0 (Table, 1);
  const char *header;
  va_list     args;

  table->n_text = n_text;
  table->headers = g_ptr_array_new_with_free_func (g_free);
  table->cells = g_ptr_array_new_with_free_func (g_free);
  va_start (args, first_header);
  for (header = first_header; header != NULL; header = va_arg (args, const char *))
    g_ptr_array_add (table->headers, g_strdup (header));
  va_end (args);
  table->n_columns = table->headers->len;
  return table;
}

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->headers);
  g_ptr_array_unref (table->cells);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* Appends the next cell, taking @text. */
static void
table_take (Table *table, char *text)
{
  g_ptr_array_add (table->cells, text);
}

static void
table_add (Table *table, const char *text)
{
  table_take (table, g_strdup (text));
}

static guint
table_n_rows (Table *table)
{
  return table->cells->len / table->n_columns;
}

static const char *
table_cell (Table *table, guint row, guint column)
{
  return g_ptr_array_index (table->cells, row * table->n_columns + column);
}

/* Text. */

static PangoLayout *
pdf_layout (Pdf *pdf, const char *text, double size, PangoWeight weight, double width)
{
  PangoLayout          *layout = pango_layout_new (pdf->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_size (font, (int)(size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static void
pdf_set_color (Pdf *pdf, const HotlistChartColor *color, double alpha)
{
  cairo_set_source_rgba (pdf->cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double)logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double)logical.width / PANGO_SCALE;
}

/* Draws @layout with its top left at (@x, @y). */
static void
pdf_show (Pdf *pdf, PangoLayout *layout, double x, double y, double alpha)
{
  cairo_save (pdf->cr);
  pdf_set_color (pdf, &pdf->palette->fg, alpha);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  cairo_restore (pdf->cr);
}

/* Draws @text wrapped to @width (or on one line when 0) and returns its height. */
static double
pdf_text (Pdf        *pdf,
          const char *text,
          double      x,
          double      y,
          double      width,
          double      size,
          PangoWeight weight,
          double      alpha)
{
  PangoLayout *layout = pdf_layout (pdf, text, size, weight, width);
  double       height = layout_height (layout);

  pdf_show (pdf, layout, x, y, alpha);
  g_object_unref (layout);
  return height;
}

/* Draws @text on one line ending at @right. */
static void
pdf_text_right (Pdf *pdf, const char *text, double right, double y, double size, double alpha)
{
  PangoLayout *layout = pdf_layout (pdf, text, size, PANGO_WEIGHT_NORMAL, 0);

  pdf_show (pdf, layout, right - layout_width (layout), y, alpha);
  g_object_unref (layout);
}

static void
pdf_rule (Pdf *pdf, double x, double y, double width, double line_width, double alpha)
{
  pdf_set_color (pdf, &pdf->palette->fg, alpha);
  cairo_set_line_width (pdf->cr, line_width);
  cairo_move_to (pdf->cr, x, y);
  cairo_line_to (pdf->cr, x + width, y);
  cairo_stroke (pdf->cr);
}

/* Laying out tables. */

typedef struct
{
  double  size;
  double  row_h;
  double  pad;
  guint   blocks;
  guint   rows_per_block;
  guint   shown_rows; /* the rows drawn; when fewer than the table's, a note says so */
  double *widths;
} TableFit;

static void
table_natural_widths (Pdf *pdf, Table *table, double size, double pad, double *widths)
{
  for (guint c = 0; c < table->n_columns; c++)
    {
      PangoLayout *layout =
          pdf_layout (pdf, g_ptr_array_index (table->headers, c), size, PANGO_WEIGHT_BOLD, 0);

      widths[c] = layout_width (layout);
      g_object_unref (layout);
      for (guint r = 0; r < table_n_rows (table); r++)
        {
          layout = pdf_layout (pdf, table_cell (table, r, c), size, PANGO_WEIGHT_NORMAL, 0);
          widths[c] = MAX (widths[c], layout_width (layout));
          g_object_unref (layout);
        }
      widths[c] = ceil (widths[c]) + 2 * pad;
    }
}

static double
sum (const double *values, guint n)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    total += values[i];
  return total;
}

/* Lays @table out at @size in as few blocks as hold all its rows; returns whether they fit. */
static gboolean
table_fit_size (Pdf *pdf, Table *table, double size, double width, double height, TableFit *fit)
{
  PangoLayout *probe = pdf_layout (pdf, "Ag", size, PANGO_WEIGHT_NORMAL, 0);
  guint        n_rows = table_n_rows (table);
  guint        rows_fit;
  double       natural;

  fit->size = size;
  fit->pad = size * 0.45;
  fit->row_h = ceil (layout_height (probe) + fit->pad);
  g_object_unref (probe);
  table_natural_widths (pdf, table, fit->size, fit->pad, fit->widths);
  natural = sum (fit->widths, table->n_columns);
  rows_fit = (guint)MAX (0, floor ((height - fit->row_h * 1.3) / fit->row_h));
  fit->blocks = 1;
  fit->rows_per_block = rows_fit;
  for (guint blocks = 1; blocks <= 4; blocks++)
    {
      double block_w = (width - (blocks - 1) * COLUMN_GAP) / blocks;

      if (blocks > 1 && natural > block_w)
        break;
      fit->blocks = blocks;
      fit->rows_per_block = rows_fit;
      if (rows_fit * blocks >= n_rows)
        {
          fit->rows_per_block = (n_rows + blocks - 1) / blocks;
          fit->shown_rows = n_rows;
          return TRUE;
        }
    }
  /* The last line says how many rows are left out. */
  fit->shown_rows =
      fit->rows_per_block * fit->blocks > 0 ? fit->rows_per_block * fit->blocks - 1 : 0;
  return FALSE;
}

/*
 * Finds the largest font at which the table fits in @width × @height, in up to four blocks of
 * rows side by side when it is long and narrow. When no font holds every row, some are left
 * out and counted, at a font still easy to read. A table wider than @width narrows its name
 * columns, then every column, and the cells are ellipsized.
 */
static void
table_fit (Pdf *pdf, Table *table, double width, double height, TableFit *fit)
{
  static const double sizes[] = { 9, 8.5, 8, 7.5, 7, 6.5 };
  double              natural;
  gboolean            fitted = FALSE;

  fit->widths = g_new0 (double, table->n_columns);
  for (guint s = 0; s < G_N_ELEMENTS (sizes) && !fitted; s++)
    fitted = table_fit_size (pdf, table, sizes[s], width, height, fit);
  if (!fitted)
    table_fit_size (pdf, table, 7.5, width, height, fit);

  {
    double block_w = (width - (fit->blocks - 1) * COLUMN_GAP) / fit->blocks;

    natural = sum (fit->widths, table->n_columns);
    if (natural > block_w)
      {
        /* Names give way first, down to a few characters, then every column alike. */
        double text_w = sum (fit->widths, table->n_text);
        double excess = natural - block_w;
        double room = MAX (0, text_w - 48.0 * table->n_text);

        for (guint c = 0; c < table->n_text && room > 0; c++)
          fit->widths[c] -= MIN (excess, room) * fit->widths[c] / text_w;
        natural = sum (fit->widths, table->n_columns);
        if (natural > block_w)
          for (guint c = 0; c < table->n_columns; c++)
            fit->widths[c] *= block_w / natural;
      }
    else
      {
        /* A table spreads over its space, but no wider than keeps its columns together. */
        double target = MIN (block_w, natural * 1.6);

        for (guint c = 0; c < table->n_columns; c++)
          fit->widths[c] *= target / natural;
      }
  }
}

static void
pdf_cell (Pdf            *pdf,
          const char     *text,
          double          x,
          double          y,
          double          width,
          const TableFit *fit,
          gboolean        right,
          PangoWeight     weight,
          double          alpha)
{
  PangoLayout *layout = pdf_layout (pdf, text, fit->size, weight, 0);
  double       inner = MAX (1, width - 2 * fit->pad);

  pango_layout_set_width (layout, (int)(inner * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pdf_show (pdf, layout, x + fit->pad, y + fit->pad / 2, alpha);
  g_object_unref (layout);
}

/* Draws @table at (@x, @y) within @width × @height; returns the height it took. */
static double
pdf_table (Pdf *pdf, Table *table, double x, double y, double width, double height)
{
  TableFit fit = { 0 };
  guint    n_rows = table_n_rows (table);
  double   block_w, table_w, used = 0;

  table_fit (pdf, table, width, height, &fit);
  block_w = (width - (fit.blocks - 1) * COLUMN_GAP) / fit.blocks;
  table_w = sum (fit.widths, table->n_columns);
  for (guint b = 0; b < fit.blocks; b++)
    {
      double bx = x + b * (block_w + COLUMN_GAP);
      double cx = bx;
      double ry = y + fit.row_h * 1.1;
      guint  first = b * fit.rows_per_block;
      guint  last = MIN (fit.shown_rows, first + fit.rows_per_block);

      if (first >= fit.shown_rows && b > 0)
        break;
      for (guint c = 0; c < table->n_columns; c++)
        {
          pdf_cell (pdf, g_ptr_array_index (table->headers, c), cx, y, fit.widths[c], &fit,
                    c >= table->n_text, PANGO_WEIGHT_BOLD, 0.9);
          cx += fit.widths[c];
        }
      pdf_rule (pdf, bx, ry - 1, table_w, 0.8, 0.6);
      for (guint r = first; r < last; r++)
        {
          if ((r - first) % 2 == 1)
            {
              cairo_set_source_rgba (pdf->cr, 0, 0, 0, 0.045);
              cairo_rectangle (pdf->cr, bx, ry, table_w, fit.row_h);
              cairo_fill (pdf->cr);
            }
          cx = bx;
          for (guint c = 0; c < table->n_columns; c++)
            {
              pdf_cell (pdf, table_cell (table, r, c), cx, ry, fit.widths[c], &fit,
                        c >= table->n_text, PANGO_WEIGHT_NORMAL, 0.85);
              cx += fit.widths[c];
            }
          ry += fit.row_h;
        }
      if (b + 1 == fit.blocks && fit.shown_rows < n_rows)
        {
          g_autofree char *more =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "… and %u more row: the CSV export has them all.",
                                            "… and %u more rows: the CSV export has them all.",
                                            n_rows - fit.shown_rows),
                               n_rows - fit.shown_rows);

          pdf_cell (pdf, more, bx, ry, table_w, &fit, FALSE, PANGO_WEIGHT_NORMAL, 0.6);
          ry += fit.row_h;
        }
      pdf_rule (pdf, bx, ry, table_w, 0.5, 0.3);
      used = MAX (used, ry - y);
    }
  g_free (fit.widths);
  return used;
}

/* Charts. */

static HotlistChartPainter *
pdf_painter (Pdf *pdf, HotlistChartKind kind)
{
  HotlistChartPainter  *painter = hotlist_chart_painter_new (kind);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_size (font, (int)(CHART_FONT_SIZE * PANGO_SCALE));
  hotlist_chart_painter_set_pango_context (painter, pdf->context);
  hotlist_chart_painter_set_font_description (painter, font);
  pango_font_description_free (font);
  return painter;
}

/*
 * Draws a chart with its caption above it in @width × @height at (@x, @y); a chart without
 * data is replaced by @empty, a sentence saying why. Returns the height it took.
 */
static double
pdf_chart (Pdf                 *pdf,
           HotlistChartPainter *painter,
           const char          *caption,
           const char          *empty,
           double               x,
           double               y,
           double               width,
           double               height)
{
  double caption_h = pdf_text (pdf, caption, x, y, width, BODY_SIZE, PANGO_WEIGHT_BOLD, 0.9) + 4;

  if (!hotlist_chart_painter_has_data (painter))
    {
      return caption_h + 8
             + pdf_text (pdf, empty != NULL ? empty : _ ("There is no data to chart."), x,
                         y + caption_h + 8, width, BODY_SIZE, PANGO_WEIGHT_NORMAL, 0.65);
    }
  cairo_save (pdf->cr);
  /* The painter's margins hold its axis labels; pulled left so the y axis lines up with the
   * text above. */
  cairo_translate (pdf->cr, x - 6, y + caption_h);
  hotlist_chart_painter_draw (painter, pdf->cr, width + 6, height - caption_h, pdf->palette);
  cairo_restore (pdf->cr);
  return height;
}

/* Pages. */

static void
pdf_footer (Pdf *pdf)
{
  g_autofree char *page = NULL;
  double           y = PAGE_H - 30;

  pdf_rule (pdf, MARGIN, y - 6, CONTENT_W, 0.5, 0.25);
  pdf_text (pdf, pdf->generated, MARGIN, y, 0, 8, PANGO_WEIGHT_NORMAL, 0.6);
  /* TRANSLATORS: the page number in the PDF report's footer, such as "Page 2 of 8" */
  page = g_strdup_printf (_ ("Page %u of %u"), pdf->page, (guint)N_PAGES);
  pdf_text_right (pdf, page, MARGIN + CONTENT_W, y, 8, 0.6);
}

/* Starts the page of @kind: header, title and the sentence under it; returns where the body
 * begins. */
static double
pdf_begin_section (Pdf *pdf, HotlistReportKind kind, const char *sentence)
{
  g_autofree char *link = NULL;
  double           y = 22;

  pdf->page++;
  /* A bookmark per report in the viewer's outline. */
  link = g_strdup_printf ("page=%u", pdf->page);
  cairo_pdf_surface_add_outline (cairo_get_target (pdf->cr), CAIRO_PDF_OUTLINE_ROOT,
                                 hotlist_report_kind_to_title (kind), link, 0);
  pdf_text (pdf, pdf->running_header, MARGIN, y, CONTENT_W, 8, PANGO_WEIGHT_NORMAL, 0.6);
  y += 20;
  y += pdf_text (pdf, hotlist_report_kind_to_title (kind), MARGIN, y, CONTENT_W, 18,
                 PANGO_WEIGHT_BOLD, 1.0);
  y += 6;
  if (sentence != NULL)
    y += pdf_text (pdf, sentence, MARGIN, y, CONTENT_W, BODY_SIZE, PANGO_WEIGHT_NORMAL, 0.8);
  pdf_footer (pdf);
  return y + 16;
}

static void
pdf_end_page (Pdf *pdf)
{
  cairo_show_page (pdf->cr);
}

/* Score distribution: a histogram of the bands beside the table of counts. */
static void
page_distribution (Pdf *pdf)
{
  const HotlistScoreDistribution *d = pdf->reports->distribution;
  g_autoptr (HotlistChartPainter) chart = NULL;
  g_autoptr (Table)               table = NULL;
  g_autofree char                *sentence = NULL;
  double                          edges[HOTLIST_REPORT_N_BANDS], counts[HOTLIST_REPORT_N_BANDS];
  guint                           total = d->n_scored + d->n_unscored;
  double                          top, chart_w;

  if (d->n_scored == 0)
    {
      if (total == 0)
        sentence = g_strdup (_ ("No lead was created in this period, so there are no scores to "
                                "show."));
      else
        sentence = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "The %u lead created in this period has no score yet, so there are no "
                         "scores to show.",
                         "None of the %u leads created in this period has a score yet, so there "
                         "are no scores to show.",
                         total),
            total);
      pdf_begin_section (pdf, HOTLIST_REPORT_SCORE_DISTRIBUTION, sentence);
      pdf_end_page (pdf);
      return;
    }

  sentence = g_strdup_printf (_ ("Of the %u leads created in this period, %u have a score and "
                                 "%u do not yet. Each band holds ten points of the lead score."),
                              total, d->n_scored, d->n_unscored);
  top = pdf_begin_section (pdf, HOTLIST_REPORT_SCORE_DISTRIBUTION, sentence);

  chart = pdf_painter (pdf, HOTLIST_CHART_HISTOGRAM);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      edges[k] = 10 * k;
      counts[k] = d->bands[k];
    }
  hotlist_chart_painter_set_series (chart, _ ("Leads"), edges, counts, HOTLIST_REPORT_N_BANDS);
  hotlist_chart_painter_set_x_range (chart, 0, 100);
  hotlist_chart_painter_set_axis_titles (chart, _ ("Lead score"), _ ("Leads"));
  chart_w = CONTENT_W * 0.6;
  pdf_chart (pdf, chart, _ ("Scored leads by score band"), NULL, MARGIN, top, chart_w,
             MIN (340, BODY_BOTTOM - top));

  table = table_new (1, _ ("Score band"), _ ("Leads"), _ ("Share"), NULL);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      table_take (table, fmt_band (k));
      table_take (table, fmt_uint (d->bands[k]));
      table_take (table, hotlist_report_format_percent ((double)d->bands[k] / total));
    }
  table_add (table, _ ("Not scored"));
  table_take (table, fmt_uint (d->n_unscored));
  table_take (table, hotlist_report_format_percent ((double)d->n_unscored / total));
  table_add (table, _ ("All leads"));
  table_take (table, fmt_uint (total));
  table_take (table, hotlist_report_format_percent (1));
  pdf_table (pdf, table, MARGIN + chart_w + COLUMN_GAP, top + 18, CONTENT_W - chart_w - COLUMN_GAP,
             BODY_BOTTOM - top - 18);
  pdf_end_page (pdf);
}

static void
add_conversion_row (Table *table, char *label, const HotlistConversionBin *bin)
{
  table_take (table, label);
  table_take (table, fmt_uint (bin->n));
  table_take (table, fmt_uint (bin->conversions));
  table_take (table, hotlist_report_format_percent (bin->rate));
  table_take (table, hotlist_report_format_number (bin->lift, 2));
}

/* Conversion: the rate by score band against the base rate, the lift by probability decile. */
static void
page_conversion (Pdf *pdf)
{
  const HotlistConversionReport  *c = pdf->reports->conversion;
  g_autoptr (HotlistChartPainter) bands = NULL;
  g_autoptr (HotlistChartPainter) deciles = NULL;
  g_autoptr (Table)               band_table = NULL;
  g_autoptr (Table)               decile_table = NULL;
  g_autoptr (GPtrArray)           band_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray)           decile_labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char                *base = NULL;
  g_autofree char                *sentence = NULL;
  double                          rates[HOTLIST_REPORT_N_BANDS], lifts[HOTLIST_REPORT_N_DECILES];
  double                          top, col_w = (CONTENT_W - COLUMN_GAP) / 2, chart_h;

  if (c->n == 0)
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_CONVERSION,
                         _ ("No scored lead was closed in this period, so there is no conversion "
                            "to show."));
      pdf_end_page (pdf);
      return;
    }

  base = hotlist_report_format_percent (c->base_rate);
  sentence = g_strdup_printf (
      _ ("%u scored leads were closed in this period and %u of them converted: a base rate of "
         "%s. A group’s lift is its conversion rate over the base rate."),
      c->n, c->conversions, base);
  top = pdf_begin_section (pdf, HOTLIST_REPORT_CONVERSION, sentence);
  chart_h = MIN (230, (BODY_BOTTOM - top) * 0.52);

  bands = pdf_painter (pdf, HOTLIST_CHART_BAR);
  band_table =
      table_new (1, _ ("Score band"), _ ("Closed"), _ ("Converted"), _ ("Rate"), _ ("Lift"), NULL);
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    {
      g_ptr_array_add (band_labels, fmt_band (k));
      rates[k] = c->bands[k].rate;
      add_conversion_row (band_table, fmt_band (k), &c->bands[k]);
    }
  g_ptr_array_add (band_labels, NULL);
  hotlist_chart_painter_set_series (bands, _ ("Conversion rate"), NULL, rates,
                                    HOTLIST_REPORT_N_BANDS);
  hotlist_chart_painter_set_labels (bands, (const char *const *)band_labels->pdata);
  hotlist_chart_painter_set_axis_titles (bands, _ ("Score band"), _ ("Conversion rate"));
  hotlist_chart_painter_set_value_format (bands, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_y_range (bands, 0, 1);
  hotlist_chart_painter_set_reference_line (bands, HOTLIST_CHART_REFERENCE_HORIZONTAL, c->base_rate,
                                            _ ("Base rate"));
  pdf_chart (pdf, bands, _ ("Conversion rate by score band"), NULL, MARGIN, top, col_w, chart_h);
  pdf_table (pdf, band_table, MARGIN, top + chart_h + 8, col_w, BODY_BOTTOM - top - chart_h - 8);

  deciles = pdf_painter (pdf, HOTLIST_CHART_BAR);
  decile_table =
      table_new (1, _ ("Decile"), _ ("Closed"), _ ("Converted"), _ ("Rate"), _ ("Lift"), NULL);
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      g_ptr_array_add (decile_labels, fmt_uint (k + 1));
      lifts[k] = c->deciles[k].lift;
      add_conversion_row (decile_table,
                          /* TRANSLATORS: a probability decile in a table, such as "1 (top 10 %)" */
                          k == 0 ? g_strdup (_ ("1 (top 10 %)")) : fmt_uint (k + 1),
                          &c->deciles[k]);
    }
  g_ptr_array_add (decile_labels, NULL);
  hotlist_chart_painter_set_series (deciles, _ ("Lift"), NULL, lifts, HOTLIST_REPORT_N_DECILES);
  hotlist_chart_painter_set_labels (deciles, (const char *const *)decile_labels->pdata);
  hotlist_chart_painter_set_axis_titles (deciles,
                                         _ ("Decile of the predicted probability, 1 = highest"),
                                         _ ("Lift"));
  hotlist_chart_painter_set_reference_line (deciles, HOTLIST_CHART_REFERENCE_HORIZONTAL, 1,
                                            _ ("Base rate, lift"));
  pdf_chart (pdf, deciles, _ ("Lift by probability decile"),
             _ ("No decile has a lift: the base rate is 0."), MARGIN + col_w + COLUMN_GAP, top,
             col_w, chart_h);
  pdf_table (pdf, decile_table, MARGIN + col_w + COLUMN_GAP, top + chart_h + 8, col_w,
             BODY_BOTTOM - top - chart_h - 8);
  pdf_end_page (pdf);
}

/* Model accuracy: the ROC curve and the calibration curve, each against its diagonal. */
static void
page_accuracy (Pdf *pdf)
{
  const HotlistModelAccuracy     *a = pdf->reports->accuracy;
  g_autoptr (HotlistChartPainter) roc = NULL;
  g_autoptr (HotlistChartPainter) calibration = NULL;
  g_autoptr (Table)               figures = NULL;
  g_autoptr (Table)               bins = NULL;
  g_autofree char                *sentence = NULL;
  g_autofree char                *trained = fmt_day (a->trained_at);
  g_autofree char                *auc = hotlist_report_format_number (a->auc, 3);
  g_autofree char                *roc_empty = NULL;
  g_autofree double              *fpr = NULL;
  g_autofree double              *tpr = NULL;
  double predicted[HOTLIST_REPORT_N_CALIBRATION_BINS], observed[HOTLIST_REPORT_N_CALIBRATION_BINS];
  const char *name = a->model_name != NULL ? a->model_name : "?";
  double      top, col_w = (CONTENT_W - COLUMN_GAP) / 2, chart_h;

  if (a->model_id == 0)
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_MODEL_ACCURACY,
                         _ ("No model is active, so there is no accuracy to report."));
      pdf_end_page (pdf);
      return;
    }
  if (a->n == 0)
    {
      sentence = g_strdup_printf (_ ("No lead scored by the active model “%s” has closed in this "
                                     "period since it was trained on %s, so its accuracy cannot "
                                     "be judged yet."),
                                  name, trained);
      pdf_begin_section (pdf, HOTLIST_REPORT_MODEL_ACCURACY, sentence);
      pdf_end_page (pdf);
      return;
    }

  sentence = g_strdup_printf (
      _ ("The active model “%s”, trained on %s, scored %u leads that closed in this period after "
         "its training; %u of them converted. Its AUC is %s (0.5 is chance, 1 is perfect)."),
      name, trained, a->n, a->n_pos, auc);
  top = pdf_begin_section (pdf, HOTLIST_REPORT_MODEL_ACCURACY, sentence);
  chart_h = MIN (260, (BODY_BOTTOM - top) * 0.6);

  roc = pdf_painter (pdf, HOTLIST_CHART_LINE);
  fpr = g_new (double, MAX (1, a->n_roc));
  tpr = g_new (double, MAX (1, a->n_roc));
  for (guint i = 0; i < a->n_roc; i++)
    {
      fpr[i] = a->roc[i].fpr;
      tpr[i] = a->roc[i].tpr;
    }
  if (a->n_roc > 0)
    hotlist_chart_painter_set_series (roc, _ ("ROC"), fpr, tpr, a->n_roc);
  hotlist_chart_painter_set_axis_titles (roc, _ ("False positive rate"), _ ("True positive rate"));
  hotlist_chart_painter_set_value_format (roc, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_x_format (roc, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_x_range (roc, 0, 1);
  hotlist_chart_painter_set_y_range (roc, 0, 1);
  hotlist_chart_painter_set_reference_line (roc, HOTLIST_CHART_REFERENCE_DIAGONAL, 0, _ ("Chance"));
  roc_empty = g_strdup_printf (a->n_pos == 0 ? _ ("None of the %u leads converted: a ROC curve "
                                                  "needs both converted and lost leads.")
                                             : _ ("All %u leads converted: a ROC curve needs "
                                                  "both converted and lost leads."),
                               a->n);
  pdf_chart (pdf, roc, _ ("ROC curve"), roc_empty, MARGIN, top, col_w, chart_h);

  calibration = pdf_painter (pdf, HOTLIST_CHART_LINE);
  bins = table_new (1, _ ("Probability"), _ ("Leads"), _ ("Mean predicted"), _ ("Observed"), NULL);
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    {
      const HotlistCalibrationBin *bin = &a->calibration[k];

      predicted[k] = bin->predicted;
      observed[k] = bin->observed;
      table_take (bins, g_strdup_printf ("%u–%u %%", 10 * k, 10 * (k + 1)));
      table_take (bins, fmt_uint (bin->n));
      table_take (bins, hotlist_report_format_percent (bin->predicted));
      table_take (bins, hotlist_report_format_percent (bin->observed));
    }
  hotlist_chart_painter_set_series (calibration, _ ("Observed"), predicted, observed,
                                    HOTLIST_REPORT_N_CALIBRATION_BINS);
  hotlist_chart_painter_set_axis_titles (calibration, _ ("Mean predicted probability"),
                                         _ ("Observed conversion rate"));
  hotlist_chart_painter_set_value_format (calibration, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_x_format (calibration, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_x_range (calibration, 0, 1);
  hotlist_chart_painter_set_y_range (calibration, 0, 1);
  hotlist_chart_painter_set_reference_line (calibration, HOTLIST_CHART_REFERENCE_DIAGONAL, 0,
                                            _ ("Perfect calibration"));
  pdf_chart (pdf, calibration, _ ("Calibration: predicted against observed"), NULL,
             MARGIN + col_w + COLUMN_GAP, top, col_w, chart_h);

  figures = table_new (1, _ ("Measure"), _ ("Value"), NULL);
  table_add (figures, _ ("Model"));
  table_add (figures, name);
  table_add (figures, _ ("Trained on"));
  table_add (figures, trained);
  table_add (figures, _ ("Leads closed since"));
  table_take (figures, fmt_uint (a->n));
  table_add (figures, _ ("Converted"));
  table_take (figures, fmt_uint (a->n_pos));
  table_add (figures, _ ("AUC (area under the ROC curve)"));
  table_add (figures, auc);
  table_add (figures, _ ("Brier score (lower is better)"));
  table_take (figures, hotlist_report_format_number (a->brier, 3));
  table_add (figures, _ ("Expected calibration error"));
  table_take (figures, hotlist_report_format_number (a->ece, 3));
  pdf_table (pdf, figures, MARGIN, top + chart_h + 8, col_w, BODY_BOTTOM - top - chart_h - 8);
  pdf_table (pdf, bins, MARGIN + col_w + COLUMN_GAP, top + chart_h + 8, col_w,
             BODY_BOTTOM - top - chart_h - 8);
  pdf_end_page (pdf);
}

static char *
fmt_rate_of (double rate, guint conversions, guint n)
{
  g_autofree char *percent = hotlist_report_format_percent (rate);

  if (n == 0)
    return g_steal_pointer (&percent);
  /* TRANSLATORS: a rate with its counts, such as "50.0 % (1/2)" */
  return g_strdup_printf (_ ("%s (%u/%u)"), percent, conversions, n);
}

/* SDR efficiency: per owner, the conversion of worked leads, of the top-scored fifth and of the
 * rest. */
static void
page_sdr (Pdf *pdf)
{
  const HotlistSdrEfficiency     *s = pdf->reports->sdr;
  g_autoptr (HotlistChartPainter) chart = NULL;
  g_autoptr (Table)               table = NULL;
  g_autoptr (GPtrArray)           owners = g_ptr_array_new ();
  g_autofree double              *all = g_new (double, MAX (1, s->n_owners));
  g_autofree double              *top_rates = g_new (double, MAX (1, s->n_owners));
  g_autofree double              *rest = g_new (double, MAX (1, s->n_owners));
  double                          top, chart_h, y;

  if (s->n_owners == 0)
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_SDR_EFFICIENCY,
                         _ ("No lead created in this period has an owner, so there are no SDRs "
                            "to compare."));
      pdf_end_page (pdf);
      return;
    }

  top = pdf_begin_section (
      pdf, HOTLIST_REPORT_SDR_EFFICIENCY,
      _ ("The leads created in this period, by owner. The top-scored fifth is the fifth of an "
         "owner’s worked, closed and scored leads with the highest scores: when scores help, it "
         "converts better than the rest."));
  chart_h = MIN (220, (BODY_BOTTOM - top) * 0.5);

  table = table_new (1, _ ("Owner"), _ ("Leads"), _ ("Worked"), _ ("Touches per lead"),
                     _ ("First touch"), _ ("Meetings"), _ ("Converted"), _ ("Conversion rate"),
                     _ ("Top-scored fifth"), _ ("Rest"), NULL);
  for (guint i = 0; i < s->n_owners; i++)
    {
      const HotlistOwnerEfficiency *o = &s->owners[i];

      g_ptr_array_add (owners, o->owner);
      all[i] = o->conversion_rate;
      top_rates[i] = o->top_rate;
      rest[i] = o->rest_rate;
      table_add (table, o->owner);
      table_take (table, fmt_uint (o->leads));
      table_take (table, fmt_uint (o->leads_worked));
      table_take (table, hotlist_report_format_number (o->touches_per_lead, 2));
      table_take (table, fmt_duration (o->median_first_touch));
      table_take (table, fmt_uint (o->meetings));
      table_take (table, fmt_uint (o->conversions));
      table_take (table, hotlist_report_format_percent (o->conversion_rate));
      table_take (table, fmt_rate_of (o->top_rate, o->top_conversions, o->top_n));
      table_take (table, fmt_rate_of (o->rest_rate, o->rest_conversions, o->rest_n));
    }
  g_ptr_array_add (owners, NULL);

  chart = pdf_painter (pdf, HOTLIST_CHART_BAR);
  hotlist_chart_painter_set_series (chart, _ ("Worked leads"), NULL, all, s->n_owners);
  hotlist_chart_painter_set_series (chart, _ ("Top-scored fifth"), NULL, top_rates, s->n_owners);
  hotlist_chart_painter_set_series (chart, _ ("Rest"), NULL, rest, s->n_owners);
  hotlist_chart_painter_set_labels (chart, (const char *const *)owners->pdata);
  hotlist_chart_painter_set_axis_titles (chart, _ ("Owner"), _ ("Conversion rate"));
  hotlist_chart_painter_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_y_range (chart, 0, 1);
  y = top + 8
      + pdf_chart (pdf, chart, _ ("Conversion rate by owner"),
                   _ ("No owner has worked a lead in this period, so there are no conversion "
                      "rates to compare."),
                   MARGIN, top, CONTENT_W, chart_h);
  pdf_table (pdf, table, MARGIN, y, CONTENT_W, BODY_BOTTOM - y);
  pdf_end_page (pdf);
}

static Table *
roi_table (const char *first_header, const HotlistRoiRow *rows, guint n)
{
  Table *table =
      table_new (1, first_header, _ ("Leads"), _ ("Meetings"), _ ("Converted"), _ ("Cost"),
                 _ ("Cost per meeting"), _ ("Cost per conversion"), _ ("Revenue"), _ ("ROI"), NULL);

  for (guint i = 0; i < n; i++)
    {
      table_add (table, rows[i].name);
      table_take (table, fmt_uint (rows[i].leads));
      table_take (table, fmt_uint (rows[i].meetings));
      table_take (table, fmt_uint (rows[i].conversions));
      table_take (table, fmt_money (rows[i].cost));
      table_take (table, fmt_money (rows[i].cost_per_meeting));
      table_take (table, fmt_money (rows[i].cost_per_conversion));
      table_take (table, fmt_money (rows[i].revenue));
      table_take (table, hotlist_report_format_percent (rows[i].roi));
    }
  return table;
}

/* Source and campaign ROI: the ROI by source, and every figure of sources and campaigns. */
static void
page_roi (Pdf *pdf)
{
  const HotlistRoiReport         *r = pdf->reports->roi;
  g_autoptr (HotlistChartPainter) chart = NULL;
  g_autoptr (Table)               sources = NULL;
  g_autoptr (Table)               campaigns = NULL;
  g_autoptr (GPtrArray)           names = g_ptr_array_new ();
  gboolean                        by_source = r->n_sources > 0;
  const HotlistRoiRow            *rows = by_source ? r->sources : r->campaigns;
  guint                           n_rows = by_source ? r->n_sources : r->n_campaigns;
  g_autofree double              *roi = g_new (double, MAX (1, n_rows));
  g_autofree char                *sentence = NULL;
  double                          top, chart_h, y, room, share;
  gboolean                        any_roi = FALSE;

  if (r->n_sources == 0 && r->n_campaigns == 0)
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_ROI,
                         _ ("No lead in this period has a source or a campaign, and no cost was "
                            "entered, so there is no return to show."));
      pdf_end_page (pdf);
      return;
    }

  if (r->revenue_attribute != NULL)
    sentence = g_strdup_printf (_ ("Revenue is the sum of “%s” over the converted leads, and ROI "
                                   "is revenue minus cost over cost. Costs are counted as "
                                   "entered, whatever their currency."),
                                r->revenue_attribute);
  else
    sentence = g_strdup (_ ("The workspace has no revenue attribute, so revenue and ROI are not "
                            "known. Costs are counted as entered, whatever their currency."));
  top = pdf_begin_section (pdf, HOTLIST_REPORT_ROI, sentence);
  chart_h = MIN (200, (BODY_BOTTOM - top) * 0.42);

  /* By source; by campaign when no lead has a source. */
  for (guint i = 0; i < n_rows; i++)
    {
      g_ptr_array_add (names, rows[i].name);
      roi[i] = rows[i].roi;
      any_roi |= isfinite (roi[i]);
    }
  g_ptr_array_add (names, NULL);
  chart = pdf_painter (pdf, HOTLIST_CHART_BAR);
  if (any_roi)
    hotlist_chart_painter_set_series (chart, _ ("ROI"), NULL, roi, n_rows);
  hotlist_chart_painter_set_labels (chart, (const char *const *)names->pdata);
  hotlist_chart_painter_set_axis_titles (chart, by_source ? _ ("Lead source") : _ ("Campaign"),
                                         _ ("ROI"));
  hotlist_chart_painter_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_reference_line (chart, HOTLIST_CHART_REFERENCE_HORIZONTAL, 0,
                                            _ ("Break-even"));
  y = top + 8
      + pdf_chart (pdf, chart,
                   by_source ? _ ("Return on investment by source")
                             : _ ("Return on investment by campaign"),
                   r->revenue_attribute == NULL
                       ? _ ("Without a revenue attribute there is no ROI to chart.")
                       : _ ("No source or campaign has both a cost and revenue, so there is no "
                            "ROI to chart. Enter costs under Campaign costs."),
                   MARGIN, top, CONTENT_W, chart_h);
  room = BODY_BOTTOM - y;
  /* The two tables share the room by their lengths, each keeping a few rows. */
  share = (double)(r->n_sources + 2) / (r->n_sources + r->n_campaigns + 4);
  sources = roi_table (_ ("Source"), r->sources, r->n_sources);
  if (r->n_sources > 0)
    y += pdf_table (pdf, sources, MARGIN, y, CONTENT_W, room * share - 10) + 14;
  else
    y += pdf_text (pdf, _ ("No lead in this period has a source."), MARGIN, y, CONTENT_W, BODY_SIZE,
                   PANGO_WEIGHT_NORMAL, 0.65)
         + 14;
  if (r->n_campaigns > 0)
    {
      campaigns = roi_table (_ ("Campaign"), r->campaigns, r->n_campaigns);
      pdf_table (pdf, campaigns, MARGIN, y, CONTENT_W, BODY_BOTTOM - y);
    }
  else
    pdf_text (pdf,
              r->campaign_attribute != NULL
                  ? _ ("No lead in this period has a campaign.")
                  : _ ("The workspace has no campaign attribute, so there are no campaigns."),
              MARGIN, y, CONTENT_W, BODY_SIZE, PANGO_WEIGHT_NORMAL, 0.65);
  pdf_end_page (pdf);
}

static char *
experiment_name (const HotlistExperimentReport *e)
{
  /* TRANSLATORS: an A/B experiment, such as "Experiment 3" */
  return g_strdup_printf (_ ("Experiment %" G_GINT64_FORMAT), e->experiment_id);
}

static char *
model_name (const HotlistExperimentReport *e, gint64 model_id)
{
  for (guint arm = 0; arm < 2; arm++)
    if (e->arms[arm].model_id == model_id && e->arms[arm].model_name != NULL)
      return g_strdup (e->arms[arm].model_name);
  return g_strdup_printf ("#%" G_GINT64_FORMAT, model_id);
}

/* A/B experiments: each arm's conversion with its interval, and B − A with its test. */
static void
page_experiments (Pdf *pdf)
{
  const HotlistExperimentsReport *x = pdf->reports->experiments;
  g_autoptr (HotlistChartPainter) chart = NULL;
  g_autoptr (Table)               arms = NULL;
  g_autoptr (Table)               results = NULL;
  g_autoptr (GPtrArray)           names = g_ptr_array_new_with_free_func (g_free);
  double                          rate[2][MAX_CHART_EXPERIMENTS];
  double                          low[2][MAX_CHART_EXPERIMENTS], high[2][MAX_CHART_EXPERIMENTS];
  guint                           n_chart = MIN (x->n_experiments, MAX_CHART_EXPERIMENTS);
  const char                     *arm_names[2] = { _ ("A (incumbent)"), _ ("B (challenger)") };
  g_autofree char                *caption = NULL;
  double                          top, chart_h, y;

  if (x->n_experiments == 0)
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_EXPERIMENTS,
                         _ ("No A/B experiment ran in this period."));
      pdf_end_page (pdf);
      return;
    }

  top = pdf_begin_section (
      pdf, HOTLIST_REPORT_EXPERIMENTS,
      _ ("The experiments that ran in this period, the latest first. An arm’s rate is over its "
         "leads resolved in the period while the experiment ran, with its 95 % interval; B − A "
         "is in percentage points with its 95 % confidence interval, and a p-value below 0.05 "
         "means the difference is unlikely to be chance."));
  chart_h = MIN (210, (BODY_BOTTOM - top) * 0.45);

  arms = table_new (3, _ ("Experiment"), _ ("Arm"), _ ("Model"), _ ("Leads"), _ ("Resolved"),
                    _ ("Converted"), _ ("Rate"), _ ("95 % interval"), NULL);
  results =
      table_new (1, _ ("Experiment"), _ ("Started"), _ ("Ended"), _ ("Share in B"), _ ("B − A"),
                 _ ("95 % confidence interval"), _ ("z"), _ ("p-value"), _ ("Winner"), NULL);
  for (guint i = 0; i < x->n_experiments; i++)
    {
      const HotlistExperimentReport *e = &x->experiments[i];
      g_autofree char               *name = experiment_name (e);
      g_autofree char               *d_low = fmt_points (e->difference_low);
      g_autofree char               *d_high = fmt_points (e->difference_high);

      for (guint arm = 0; arm < 2; arm++)
        {
          const HotlistExperimentArmReport *a = &e->arms[arm];
          g_autofree char                  *a_low = hotlist_report_format_percent (a->rate_low);
          g_autofree char                  *a_high = hotlist_report_format_percent (a->rate_high);

          table_add (arms, name);
          table_add (arms, arm_names[arm]);
          table_take (arms, a->model_name != NULL ? g_strdup (a->model_name)
                                                  : model_name (e, a->model_id));
          table_take (arms, fmt_uint (a->n_leads));
          table_take (arms, fmt_uint (a->n_resolved));
          table_take (arms, fmt_uint (a->conversions));
          table_take (arms, hotlist_report_format_percent (a->rate));
          table_take (arms, isfinite (a->rate_low)
                                /* TRANSLATORS: an interval, such as "15.0 % to 85.0 %" */
                                ? g_strdup_printf (_ ("%s to %s"), a_low, a_high)
                                : g_strdup ("—"));
          if (i < n_chart)
            {
              rate[arm][i] = a->rate;
              low[arm][i] = a->rate_low;
              high[arm][i] = a->rate_high;
            }
        }
      if (i < n_chart)
        g_ptr_array_add (names, g_strdup (name));

      table_add (results, name);
      table_take (results, fmt_day (e->started_at));
      table_take (results, e->ended_at != 0 ? fmt_day (e->ended_at) : g_strdup (_ ("Running")));
      table_take (results, hotlist_report_format_percent (e->split));
      table_take (results, fmt_points (e->difference));
      table_take (results, isfinite (e->difference_low)
                               ? g_strdup_printf (_ ("%s to %s"), d_low, d_high)
                               : g_strdup ("—"));
      table_take (results, hotlist_report_format_number (e->z, 2));
      table_take (results, hotlist_report_format_number (e->p_value, 3));
      table_take (results, e->winner != 0 ? model_name (e, e->winner) : g_strdup ("—"));
    }
  g_ptr_array_add (names, NULL);

  chart = pdf_painter (pdf, HOTLIST_CHART_BAR);
  for (guint arm = 0; arm < 2; arm++)
    {
      hotlist_chart_painter_set_series (chart, arm_names[arm], NULL, rate[arm], n_chart);
      hotlist_chart_painter_set_intervals (chart, arm_names[arm], low[arm], high[arm], n_chart);
    }
  hotlist_chart_painter_set_labels (chart, (const char *const *)names->pdata);
  hotlist_chart_painter_set_axis_titles (chart, NULL, _ ("Conversion rate"));
  hotlist_chart_painter_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_painter_set_y_range (chart, 0, 1);
  caption = x->n_experiments > n_chart
                ? g_strdup_printf (_ ("Conversion rate by arm, with 95 %% intervals: the %u latest "
                                      "experiments"),
                                   n_chart)
                : g_strdup (_ ("Conversion rate by arm, with 95 % intervals"));
  y = top + 8
      + pdf_chart (pdf, chart, caption,
                   _ ("No lead of any arm was resolved while the experiments ran in this period, "
                      "so there are no rates to compare yet."),
                   MARGIN, top, CONTENT_W, chart_h);
  y += pdf_table (pdf, arms, MARGIN, y, CONTENT_W, (BODY_BOTTOM - y) * 0.6) + 14;
  pdf_table (pdf, results, MARGIN, y, CONTENT_W, BODY_BOTTOM - y);
  pdf_end_page (pdf);
}

/* An empty workspace over all time still has one period, with nothing in it. */
static gboolean
drift_has_leads (const HotlistDriftReport *d)
{
  for (guint i = 0; i < d->n_periods; i++)
    if (d->periods[i].n_scored > 0 || d->periods[i].n_closed > 0)
      return TRUE;
  return FALSE;
}

/* Model drift: the mean score of new leads and the AUC of closed ones, period by period. */
static void
page_drift (Pdf *pdf)
{
  const HotlistDriftReport       *d = pdf->reports->drift;
  g_autoptr (HotlistChartPainter) means = NULL;
  g_autoptr (HotlistChartPainter) aucs = NULL;
  g_autoptr (Table)               table = NULL;
  g_autoptr (GPtrArray)           labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double              *mean = g_new (double, MAX (1, d->n_periods));
  g_autofree double              *auc = g_new (double, MAX (1, d->n_periods));
  gboolean                        weeks = d->unit == HOTLIST_DRIFT_WEEK;
  double                          top, col_w = (CONTENT_W - COLUMN_GAP) / 2, chart_h;

  if (!drift_has_leads (d))
    {
      pdf_begin_section (pdf, HOTLIST_REPORT_DRIFT,
                         _ ("No lead was created or closed in this period, so there is no drift "
                            "to show."));
      pdf_end_page (pdf);
      return;
    }

  top = pdf_begin_section (
      pdf, HOTLIST_REPORT_DRIFT,
      weeks ? _ ("Week by week: the mean score of the leads created in each week, and the AUC "
                 "of the leads closed in it. A falling AUC or a shifting mean score means the "
                 "model may need retraining.")
            : _ ("Month by month: the mean score of the leads created in each month, and the "
                 "AUC of the leads closed in it. A falling AUC or a shifting mean score means the "
                 "model may need retraining."));
  chart_h = MIN (220, (BODY_BOTTOM - top) * 0.5);

  table = table_new (1, weeks ? _ ("Week from") : _ ("Month"), _ ("Scored"), _ ("Mean score"),
                     _ ("Closed"), _ ("Converted"), _ ("AUC"), NULL);
  for (guint i = 0; i < d->n_periods; i++)
    {
      const HotlistDriftPeriod *p = &d->periods[i];
      g_autoptr (GDateTime)     start = g_date_time_new_from_unix_utc (p->start);
      char                     *label =
          start != NULL ? g_date_time_format (start, weeks ? "%Y-%m-%d" : "%Y-%m") : g_strdup ("?");

      mean[i] = p->mean_score;
      auc[i] = p->auc;
      g_ptr_array_add (labels, label);
      table_add (table, label);
      table_take (table, fmt_uint (p->n_scored));
      table_take (table, hotlist_report_format_number (p->mean_score, 1));
      table_take (table, fmt_uint (p->n_closed));
      table_take (table, fmt_uint (p->n_pos));
      table_take (table, hotlist_report_format_number (p->auc, 3));
    }
  g_ptr_array_add (labels, NULL);

  means = pdf_painter (pdf, HOTLIST_CHART_LINE);
  hotlist_chart_painter_set_series (means, _ ("Mean score"), NULL, mean, d->n_periods);
  hotlist_chart_painter_set_labels (means, (const char *const *)labels->pdata);
  hotlist_chart_painter_set_axis_titles (means, weeks ? _ ("Week") : _ ("Month"), _ ("Mean score"));
  hotlist_chart_painter_set_x_range (means, -0.5, d->n_periods - 0.5);
  hotlist_chart_painter_set_y_range (means, 0, 100);
  pdf_chart (pdf, means, _ ("Mean score of new leads"),
             _ ("No scored lead was created in this period."), MARGIN, top, col_w, chart_h);

  aucs = pdf_painter (pdf, HOTLIST_CHART_LINE);
  hotlist_chart_painter_set_series (aucs, _ ("AUC"), NULL, auc, d->n_periods);
  hotlist_chart_painter_set_labels (aucs, (const char *const *)labels->pdata);
  hotlist_chart_painter_set_axis_titles (aucs, weeks ? _ ("Week") : _ ("Month"), _ ("AUC"));
  hotlist_chart_painter_set_x_range (aucs, -0.5, d->n_periods - 0.5);
  hotlist_chart_painter_set_y_range (aucs, 0, 1);
  hotlist_chart_painter_set_reference_line (aucs, HOTLIST_CHART_REFERENCE_HORIZONTAL, 0.5,
                                            _ ("Chance"));
  pdf_chart (pdf, aucs, _ ("AUC of closed leads"),
             _ ("No period has both converted and lost leads among its closed ones, so there is "
                "no AUC to show."),
             MARGIN + col_w + COLUMN_GAP, top, col_w, chart_h);

  pdf_table (pdf, table, MARGIN, top + chart_h + 8, CONTENT_W, BODY_BOTTOM - top - chart_h - 8);
  pdf_end_page (pdf);
}

/* What a section says in a few words, for the contents. */
static char *
section_gist (const HotlistReports *r, HotlistReportKind kind)
{
  switch (kind)
    {
    case HOTLIST_REPORT_SCORE_DISTRIBUTION:
      return g_strdup_printf (_ ("%u scored, %u not scored"), r->distribution->n_scored,
                              r->distribution->n_unscored);
    case HOTLIST_REPORT_CONVERSION:
      {
        g_autofree char *base = hotlist_report_format_percent (r->conversion->base_rate);

        if (r->conversion->n == 0)
          return g_strdup (_ ("No closed leads"));
        return g_strdup_printf (_ ("Base rate %s over %u closed leads"), base, r->conversion->n);
      }
    case HOTLIST_REPORT_MODEL_ACCURACY:
      {
        g_autofree char *auc = hotlist_report_format_number (r->accuracy->auc, 3);

        if (r->accuracy->model_id == 0)
          return g_strdup (_ ("No active model"));
        if (r->accuracy->n == 0)
          return g_strdup (_ ("No lead closed since the model was trained"));
        return g_strdup_printf (_ ("AUC %s over %u leads"), auc, r->accuracy->n);
      }
    case HOTLIST_REPORT_SDR_EFFICIENCY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u owner", "%u owners",
                                           r->sdr->n_owners),
                              r->sdr->n_owners);
    case HOTLIST_REPORT_ROI:
      return g_strdup_printf (_ ("%u sources, %u campaigns"), r->roi->n_sources,
                              r->roi->n_campaigns);
    case HOTLIST_REPORT_EXPERIMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u experiment", "%u experiments",
                                           r->experiments->n_experiments),
                              r->experiments->n_experiments);
    case HOTLIST_REPORT_DRIFT:
      if (!drift_has_leads (r->drift))
        return g_strdup (_ ("No leads"));
      return g_strdup_printf (r->drift->unit == HOTLIST_DRIFT_WEEK
                                  ? g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks",
                                                 r->drift->n_periods)
                                  : g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months",
                                                 r->drift->n_periods),
                              r->drift->n_periods);
    case HOTLIST_REPORT_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* The title page: the workspace, what the reports cover, and the contents. */
static void
page_title (Pdf *pdf)
{
  const HotlistReports *r = pdf->reports;
  g_autoptr (Table)     facts = table_new (1, _ ("Covers"), "", NULL);
  g_autoptr (Table)     contents = table_new (2, _ ("Page"), _ ("Report"), _ ("In short"), NULL);
  double                x = MARGIN + 36, width = CONTENT_W - 72, y = 90;

  pdf->page++;
  y += pdf_text (pdf, _ ("Hotlist reports"), x, y, width, 12, PANGO_WEIGHT_NORMAL, 0.6) + 4;
  y +=
      pdf_text (pdf,
                r->workspace_name != NULL && r->workspace_name[0] != '\0' ? r->workspace_name
                                                                          : _ ("Unnamed workspace"),
                x, y, width, 28, PANGO_WEIGHT_BOLD, 1.0)
      + 24;

  table_add (facts, _ ("Period"));
  table_take (facts, fmt_range (&r->query));
  table_add (facts, _ ("Filters"));
  table_take (facts, fmt_filters (&r->query));
  table_add (facts, _ ("Generated"));
  table_add (facts, pdf->generated_at);
  /* Labels and values read as a list: no numbers column. */
  facts->n_text = 2;
  y += pdf_table (pdf, facts, x, y, width * 0.7, 120) + 28;

  y += pdf_text (pdf, _ ("Contents"), x, y, width, 14, PANGO_WEIGHT_BOLD, 1.0) + 8;
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    {
      table_take (contents, fmt_uint (k + 2));
      table_add (contents, hotlist_report_kind_to_title (k));
      table_take (contents, section_gist (r, k));
    }
  contents->n_text = 3;
  pdf_table (pdf, contents, x, y, width * 0.7, BODY_BOTTOM - y);
  pdf_footer (pdf);
  pdf_end_page (pdf);
}

static cairo_status_t
write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  PdfSink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
set_write_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* TRANSLATORS: writing the PDF report failed: the file and why */
               _ ("Could not write the report to “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static void
draw_document (Pdf *pdf)
{
  page_title (pdf);
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    switch ((HotlistReportKind)k)
      {
      case HOTLIST_REPORT_SCORE_DISTRIBUTION:
        page_distribution (pdf);
        break;
      case HOTLIST_REPORT_CONVERSION:
        page_conversion (pdf);
        break;
      case HOTLIST_REPORT_MODEL_ACCURACY:
        page_accuracy (pdf);
        break;
      case HOTLIST_REPORT_SDR_EFFICIENCY:
        page_sdr (pdf);
        break;
      case HOTLIST_REPORT_ROI:
        page_roi (pdf);
        break;
      case HOTLIST_REPORT_EXPERIMENTS:
        page_experiments (pdf);
        break;
      case HOTLIST_REPORT_DRIFT:
        page_drift (pdf);
        break;
      case HOTLIST_REPORT_N_KINDS:
      default:
        g_assert_not_reached ();
      }
}

/**
 * hotlist_reports_write_pdf:
 * @reports: the reports
 * @path: (type filename): the file to write; replaced if it exists
 * @error: return location for a #GError in %G_IO_ERROR
 *
 * Writes every report as a PDF in A4 landscape, always in light colours: a title page (the
 * workspace, the period, the filters, when it was generated and the contents), then one page
 * per report in the order of #HotlistReportKind with its title, its charts and its figures as
 * tables. A report without data says why on its page instead of showing an empty chart.
 *
 * The PDF is written to a temporary file beside @path and renamed over it at the end, so that
 * a failure leaves no partial file behind.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
hotlist_reports_write_pdf (const HotlistReports *reports, const char *path, GError **error)
{
  g_autofree char      *dir = NULL;
  g_autofree char      *base = NULL;
  g_autofree char      *tmp_path = NULL;
  g_autofree char      *range = NULL;
  g_autofree char      *filters = NULL;
  g_autoptr (GDateTime) generated_at = NULL;
  g_autofree char      *generated_text = NULL;
  cairo_surface_t      *surface;
  cairo_font_options_t *options;
  cairo_status_t        status;
  PdfSink               sink = { -1, 0 };
  Pdf                   pdf = { 0 };

  g_return_val_if_fail (reports != NULL, FALSE);
  g_return_val_if_fail (reports->distribution != NULL && reports->conversion != NULL
                            && reports->accuracy != NULL && reports->sdr != NULL
                            && reports->roi != NULL && reports->experiments != NULL
                            && reports->drift != NULL,
                        FALSE);
  g_return_val_if_fail (path != NULL && path[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (sink.fd < 0)
    return set_write_error (error, path, errno);

  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  reports->workspace_name != NULL ? reports->workspace_name
                                                                  : _ ("Hotlist reports"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Hotlist");

  pdf.cr = cairo_create (surface);
  pdf.reports = reports;
  pdf.palette = hotlist_chart_palette_light ();
  /* Text in points, laid out without hinting: a PDF is scaled, not drawn on pixels. */
  pdf.context = pango_cairo_create_context (pdf.cr);
  pango_cairo_context_set_resolution (pdf.context, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pdf.context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pdf.context, FALSE);

  range = fmt_range (&reports->query);
  filters = fmt_filters (&reports->query);
  if (reports->workspace_name != NULL && reports->workspace_name[0] != '\0')
    pdf.running_header =
        g_strdup_printf ("%s  ·  %s  ·  %s", reports->workspace_name, range, filters);
  else
    pdf.running_header = g_strdup_printf ("%s  ·  %s", range, filters);
  generated_at = g_date_time_new_from_unix_local (reports->computed_at);
  generated_text = generated_at != NULL ? g_date_time_format (generated_at, "%Y-%m-%d %H:%M %Z")
                                        : g_strdup ("?");
  /* TRANSLATORS: when the PDF report was made, such as "Generated on 2024-03-31 14:05 CEST" */
  pdf.generated = g_strdup_printf (_ ("Generated on %s"), generated_text);
  pdf.generated_at = g_steal_pointer (&generated_text);

  draw_document (&pdf);

  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_object_unref (pdf.context);
  g_free (pdf.running_header);
  g_free (pdf.generated);
  g_free (pdf.generated_at);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      int saved_errno = sink.saved_errno;

      close (sink.fd);
      g_unlink (tmp_path);
      if (saved_errno != 0)
        return set_write_error (error, path, saved_errno);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Could not write the report to “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  {
    int saved_errno = fsync (sink.fd) != 0 ? errno : 0;

    if (close (sink.fd) != 0 && saved_errno == 0)
      saved_errno = errno;
    if (saved_errno != 0)
      {
        g_unlink (tmp_path);
        return set_write_error (error, path, saved_errno);
      }
  }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      return set_write_error (error, path, saved_errno);
    }
  return TRUE;
}
