/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts of report figures drawn with cairo and pango, for the app's widgets and the PDF. */

#include "config.h"

#include "hotlist-chart-painter.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Space around the chart and between an axis, its labels and its title, in drawing units. */
#define PAD 8.0
#define GAP 6.0
/* How near the pointer must be to a point of a line to show its value. */
#define POINT_HIT_RADIUS 16.0
/* Axis labels, legends and reference labels are this much smaller than the font. */
#define SMALL 0.85
#define MAX_BAR_WIDTH 64.0
/* Bar labels turned to fit are cut to this length. */
#define MAX_TURNED_LABEL 110.0
#define SIN_45 0.70710678118654752

typedef struct
{
  char   *name;
  double *x;
  double *y;
  double *low; /* the ends of an interval around each value, or NULL */
  double *high;
  guint   n;
} ChartSeries;

/* Where everything goes for one size: the plot rectangle and both axes. */
typedef struct
{
  cairo_rectangle_t plot;
  double            y_lo, y_hi, y_first, y_step;
  guint             y_ticks;
  double            x_lo, x_hi, x_first, x_step;
  guint             x_ticks;
  guint             n_slots; /* categories of a bar chart */
  double            text_h;
  double            legend_h;
  double            label_h;     /* the height of the category or tick labels under the plot */
  gboolean          turn_labels; /* bar labels turned 45° to fit */
  double            turned_w;    /* how long a turned label may be */
} ChartGeometry;

struct _HotlistChartPainter
{
  GObject parent_instance;

  HotlistChartKind      kind;
  GPtrArray            *series;
  GStrv                 categories;
  char                 *x_title;
  char                 *y_title;
  gboolean              y_fixed;
  double                y_min, y_max;
  gboolean              x_fixed;
  double                x_min, x_max;
  HotlistChartReference reference;
  double                reference_value;
  char                 *reference_label;
  HotlistChartFormat    y_format;
  HotlistChartFormat    x_format;

  /* The item drawn highlighted (under the pointer); series is -1 when there is none. */
  int   highlight_series;
  guint highlight_index;

  PangoContext         *context;
  PangoFontDescription *font;
};

G_DEFINE_FINAL_TYPE (HotlistChartPainter, hotlist_chart_painter, G_TYPE_OBJECT)

static void
chart_series_free (ChartSeries *series)
{
  g_free (series->name);
  g_free (series->x);
  g_free (series->y);
  g_free (series->low);
  g_free (series->high);
  g_free (series);
}

/* Heckbert's nice numbers: 1, 2, 5 or 10 times a power of ten near @value. */
static double
nice_number (double value, gboolean round_it)
{
  double exponent = floor (log10 (value));
  double fraction = value / pow (10, exponent);
  double nice;

  if (round_it)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * pow (10, exponent);
}

static guint
n_series (HotlistChartPainter *self)
{
  return self->series->len;
}

static ChartSeries *
get_series (HotlistChartPainter *self, guint i)
{
  return g_ptr_array_index (self->series, i);
}

static ChartSeries *
find_series (HotlistChartPainter *self, const char *name)
{
  for (guint s = 0; s < n_series (self); s++)
    if (g_strcmp0 (get_series (self, s)->name, name) == 0)
      return get_series (self, s);
  return NULL;
}

/* Decimals that tell ticks @step apart. */
static int
decimals_for_step (double step)
{
  if (step <= 0 || !isfinite (step))
    return 0;
  return MAX (0, (int)ceil (-log10 (step) - 1e-9));
}

static char *
format_value (HotlistChartFormat format, double value, int decimals)
{
  /* A value of a tooltip (decimals < 0) keeps what its magnitude needs. */
  if (format == HOTLIST_CHART_FORMAT_PERCENT)
    {
      if (decimals < 0)
        decimals = fabs (value * 100 - round (value * 100)) < 1e-9 ? 0 : 1;
      /* TRANSLATORS: a percentage on a chart, such as "42%" */
      return g_strdup_printf (_ ("%.*f%%"), decimals, value * 100 + 0.0);
    }
  if (decimals < 0)
    decimals = fabs (value - round (value)) < 1e-9 ? 0 : fabs (value) < 1 ? 3 : 2;
  return g_strdup_printf ("%'.*f", decimals, value + 0.0);
}

static const char *
category (HotlistChartPainter *self, guint i)
{
  if (self->categories != NULL && i < g_strv_length (self->categories))
    return self->categories[i];
  return NULL;
}

static char *
category_or_number (HotlistChartPainter *self, guint i)
{
  const char *label = category (self, i);

  return label != NULL ? g_strdup (label) : g_strdup_printf ("%u", i + 1);
}

static double
series_x (ChartSeries *series, guint i)
{
  return series->x != NULL ? series->x[i] : (double)i;
}

/* The width of bin @i of a histogram: up to the next bin, or as wide as the one before. */
static double
histogram_bin_width (ChartSeries *series, guint i)
{
  if (series->n < 2)
    return 1;
  if (i + 1 < series->n)
    return series_x (series, i + 1) - series_x (series, i);
  return series_x (series, i) - series_x (series, i - 1);
}

static PangoContext *
painter_context (HotlistChartPainter *self)
{
  /* Without a context from a widget or a page, one of the default font map, at 96 dpi. */
  if (self->context == NULL)
    self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  return self->context;
}

static PangoLayout *
painter_layout (HotlistChartPainter *self, const char *text, double scale)
{
  PangoLayout *layout = pango_layout_new (painter_context (self));

  if (self->font != NULL)
    pango_layout_set_font_description (layout, self->font);
  pango_layout_set_text (layout, text, -1);
  if (scale != 1.0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
layout_size (PangoLayout *layout, double *width, double *height)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

static void
data_range (HotlistChartPainter *self, gboolean along_x, double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint s = 0; s < n_series (self); s++)
    {
      ChartSeries *series = get_series (self, s);

      for (guint i = 0; i < series->n; i++)
        {
          double v;

          if (!isfinite (series->y[i]))
            continue;
          v = along_x ? series_x (series, i) : series->y[i];
          if (!isfinite (v))
            continue;
          *lo = MIN (*lo, v);
          *hi = MAX (*hi, v);
          if (along_x && self->kind == HOTLIST_CHART_HISTOGRAM)
            *hi = MAX (*hi, v + histogram_bin_width (series, i));
          /* An interval stays inside the axis too. */
          if (!along_x && series->low != NULL && isfinite (series->low[i]))
            *lo = MIN (*lo, series->low[i]);
          if (!along_x && series->high != NULL && isfinite (series->high[i]))
            *hi = MAX (*hi, series->high[i]);
        }
    }
}

/* Whether every value (and interval end) is a whole number, as counts are. */
static gboolean
all_whole (HotlistChartPainter *self)
{
  if (self->y_format != HOTLIST_CHART_FORMAT_NUMBER)
    return FALSE;
  for (guint s = 0; s < n_series (self); s++)
    {
      ChartSeries *series = get_series (self, s);

      for (guint i = 0; i < series->n; i++)
        {
          if (isfinite (series->y[i]) && series->y[i] != floor (series->y[i]))
            return FALSE;
          if (series->low != NULL
              && ((isfinite (series->low[i]) && series->low[i] != floor (series->low[i]))
                  || (isfinite (series->high[i]) && series->high[i] != floor (series->high[i]))))
            return FALSE;
        }
    }
  return TRUE;
}

static guint
n_slots (HotlistChartPainter *self)
{
  guint n = self->categories != NULL ? g_strv_length (self->categories) : 0;

  for (guint s = 0; s < n_series (self); s++)
    n = MAX (n, get_series (self, s)->n);
  return n;
}

/* The widest category label of a bar chart. */
static double
widest_category (HotlistChartPainter *self, guint slots)
{
  double widest = 0;

  for (guint i = 0; i < slots; i++)
    {
      g_autofree char *text = category_or_number (self, i);
      PangoLayout     *layout = painter_layout (self, text, SMALL);
      double           w;

      layout_size (layout, &w, NULL);
      g_object_unref (layout);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Lays the chart out with @label_h under the plot for the x labels and @min_left at least
 * left of it. */
static void
compute_layout (HotlistChartPainter *self,
                double               width,
                double               height,
                double               label_h,
                double               min_left,
                ChartGeometry       *g)
{
  PangoLayout *probe = painter_layout (self, "0", SMALL);
  double       top, bottom, left, right, plot_h, plot_w;
  double       lo, hi, widest = 0;

  memset (g, 0, sizeof *g);
  layout_size (probe, NULL, &g->text_h);
  g_object_unref (probe);

  /* A legend names the series when there is more than one. */
  g->legend_h = n_series (self) > 1 ? g->text_h + GAP : 0;
  top = PAD + MAX (g->legend_h, g->text_h / 2);
  g->label_h = label_h > 0 ? label_h : g->text_h;
  bottom = PAD + g->label_h + GAP;
  if (self->x_title != NULL)
    bottom += g->text_h + GAP;
  plot_h = MAX (1, height - top - bottom);

  /* The y axis: the data (and a level reference line) from zero for bars, rounded out to ticks. */
  if (self->y_fixed)
    {
      g->y_lo = self->y_min;
      g->y_hi = self->y_max;
    }
  else
    {
      data_range (self, FALSE, &lo, &hi);
      if (!isfinite (lo))
        lo = 0, hi = 1;
      if (self->reference == HOTLIST_CHART_REFERENCE_HORIZONTAL)
        {
          lo = MIN (lo, self->reference_value);
          hi = MAX (hi, self->reference_value);
        }
      if (self->kind != HOTLIST_CHART_LINE)
        {
          lo = MIN (lo, 0);
          hi = MAX (hi, 0);
        }
      if (hi - lo < 1e-12)
        hi = lo + (fabs (lo) > 0 ? fabs (lo) : 1);
      g->y_lo = lo;
      g->y_hi = hi;
    }
  g->y_ticks = hotlist_chart_nice_ticks (g->y_lo, g->y_hi, CLAMP ((guint)(plot_h / 40), 2, 8),
                                         &g->y_first, &g->y_step);
  if (!self->y_fixed && g->y_step < 1 && all_whole (self))
    {
      /* Counts step by whole numbers: no tick at half a lead. */
      g->y_step = 1;
      g->y_first = floor (g->y_lo);
      g->y_ticks = (guint)(ceil (g->y_hi) - g->y_first) + 1;
    }
  if (!self->y_fixed)
    {
      g->y_lo = g->y_first;
      g->y_hi = g->y_first + (g->y_ticks - 1) * g->y_step;
    }
  else
    {
      /* Within a fixed range only the ticks inside it are drawn. */
      while (g->y_ticks > 0 && g->y_first < g->y_lo - g->y_step * 1e-6)
        {
          g->y_first += g->y_step;
          g->y_ticks--;
        }
      while (g->y_ticks > 0
             && g->y_first + (g->y_ticks - 1) * g->y_step > g->y_hi + g->y_step * 1e-6)
        g->y_ticks--;
    }

  for (guint t = 0; t < g->y_ticks; t++)
    {
      g_autofree char *text =
          format_value (self->y_format, g->y_first + t * g->y_step,
                        decimals_for_step (self->y_format == HOTLIST_CHART_FORMAT_PERCENT
                                               ? g->y_step * 100
                                               : g->y_step));
      PangoLayout *layout = painter_layout (self, text, SMALL);
      double       w;

      layout_size (layout, &w, NULL);
      g_object_unref (layout);
      widest = MAX (widest, w);
    }
  left = PAD + widest + GAP;
  if (self->y_title != NULL)
    left += g->text_h + GAP;
  left = MAX (left, min_left);
  right = PAD + 12;
  plot_w = MAX (1, width - left - right);

  g->plot = (cairo_rectangle_t){ left, top, plot_w, plot_h };

  if (self->kind == HOTLIST_CHART_BAR)
    {
      g->n_slots = MAX (1, n_slots (self));
      g->x_lo = 0;
      g->x_hi = g->n_slots;
      return;
    }

  /* The x axis spans the data exactly; its ticks are the nice numbers inside it. */
  if (self->x_fixed)
    {
      g->x_lo = self->x_min;
      g->x_hi = self->x_max;
    }
  else
    {
      data_range (self, TRUE, &lo, &hi);
      if (!isfinite (lo))
        lo = 0, hi = 1;
      if (hi - lo < 1e-12)
        hi = lo + 1;
      g->x_lo = lo;
      g->x_hi = hi;
    }
  if (self->kind == HOTLIST_CHART_LINE && self->categories != NULL)
    {
      /* Category labels along x (periods of a drift chart): every one that fits. */
      double label_w = 0;

      for (guint i = 0; self->categories[i] != NULL; i++)
        {
          PangoLayout *layout = painter_layout (self, self->categories[i], SMALL);
          double       w;

          layout_size (layout, &w, NULL);
          g_object_unref (layout);
          label_w = MAX (label_w, w);
        }
      g->x_first = ceil (g->x_lo);
      g->x_step = 1;
      while ((g->x_step * plot_w / MAX (1e-9, g->x_hi - g->x_lo)) < label_w + GAP * 2
             && g->x_step < 1e6)
        g->x_step++;
      g->x_ticks = (guint)floor ((g->x_hi - g->x_first) / g->x_step + 1e-9) + 1;
      return;
    }
  g->x_ticks = hotlist_chart_nice_ticks (g->x_lo, g->x_hi, CLAMP ((guint)(plot_w / 64), 2, 10),
                                         &g->x_first, &g->x_step);
  while (g->x_ticks > 0 && g->x_first < g->x_lo - g->x_step * 1e-6)
    {
      g->x_first += g->x_step;
      g->x_ticks--;
    }
  while (g->x_ticks > 0 && g->x_first + (g->x_ticks - 1) * g->x_step > g->x_hi + g->x_step * 1e-6)
    g->x_ticks--;
}

static void
compute_geometry (HotlistChartPainter *self, double width, double height, ChartGeometry *g)
{
  double widest, slot_w, extent, turned_w;

  compute_layout (self, width, height, 0, 0, g);
  if (self->kind != HOTLIST_CHART_BAR || g->n_slots < 2)
    return;
  slot_w = g->plot.width / g->n_slots;
  widest = widest_category (self, g->n_slots);
  if (widest <= slot_w - 2)
    return;
  /* Labels wider than their bars turn a quarter of the way up, ending under their bar; the
   * first may need more room on the left. */
  turned_w = MIN (widest, MAX_TURNED_LABEL);
  /* Long names are cut rather than leave the plot no room. */
  turned_w = MAX (MIN (turned_w, height * 0.3 / SIN_45 - g->text_h), 4 * g->text_h);
  extent = (turned_w + g->text_h) * SIN_45;
  compute_layout (self, width, height, extent, PAD + extent - slot_w / 2, g);
  g->turn_labels = TRUE;
  g->turned_w = turned_w;
}

static double
map_x (const ChartGeometry *g, double x)
{
  return g->plot.x + (x - g->x_lo) / (g->x_hi - g->x_lo) * g->plot.width;
}

static double
map_y (const ChartGeometry *g, double y)
{
  return g->plot.y + g->plot.height - (y - g->y_lo) / (g->y_hi - g->y_lo) * g->plot.height;
}

/* The horizontal extent of bar @index of series @s in a bar chart. */
static void
bar_extent (HotlistChartPainter *self,
            const ChartGeometry *g,
            guint                s,
            guint                index,
            double              *x0,
            double              *w)
{
  double slot_w = g->plot.width / g->n_slots;
  /* Few categories on a wide chart keep bars of a readable width, not slabs. */
  double bar_w = MIN (slot_w * 0.7 / MAX (1, n_series (self)), MAX_BAR_WIDTH);
  double group_w = bar_w * MAX (1, n_series (self));

  *x0 = g->plot.x + index * slot_w + (slot_w - group_w) / 2 + s * bar_w;
  *w = bar_w;
}

static void
set_source (cairo_t *cr, const HotlistChartColor *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static const HotlistChartColor *
series_color (const HotlistChartPalette *p, guint s)
{
  return &p->series[s % HOTLIST_CHART_N_SERIES_COLORS];
}

/* Draws @text with its top left at (@x, @y), or centred/right-aligned by @xalign. */
static void
draw_text (HotlistChartPainter     *self,
           cairo_t                 *cr,
           const char              *text,
           double                   scale,
           double                   x,
           double                   y,
           double                   xalign,
           double                   max_width,
           const HotlistChartColor *color,
           double                   alpha)
{
  PangoLayout *layout = painter_layout (self, text, scale);
  double       w;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int)(max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  layout_size (layout, &w, NULL);
  cairo_save (cr);
  set_source (cr, color, alpha);
  cairo_move_to (cr, round (x - w * xalign), round (y));
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

/* Draws a label over the data on a patch of the background, so that it reads over bars. */
static void
draw_label (HotlistChartPainter       *self,
            cairo_t                   *cr,
            const char                *text,
            double                     x,
            double                     y,
            double                     xalign,
            const HotlistChartPalette *c)
{
  PangoLayout *layout = painter_layout (self, text, SMALL);
  double       w, h;

  layout_size (layout, &w, &h);
  g_object_unref (layout);
  set_source (cr, &c->bg, 0.85);
  cairo_rectangle (cr, round (x - w * xalign) - 3, round (y), w + 6, h);
  cairo_fill (cr);
  draw_text (self, cr, text, SMALL, x, y, xalign, 0, &c->fg, 0.85);
}

static void
draw_reference (HotlistChartPainter       *self,
                cairo_t                   *cr,
                const ChartGeometry       *g,
                const HotlistChartPalette *c)
{
  static const double dash[] = { 5, 4 };
  double              x0 = g->plot.x, x1 = x0 + g->plot.width;

  if (self->reference == HOTLIST_CHART_REFERENCE_NONE)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, g->plot.x, g->plot.y - 1, g->plot.width, g->plot.height + 2);
  cairo_clip (cr);
  set_source (cr, &c->fg, 0.75);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  if (self->reference == HOTLIST_CHART_REFERENCE_HORIZONTAL)
    {
      double y = map_y (g, self->reference_value);

      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (self->reference_label != NULL)
        {
          g_autofree char *value = format_value (self->y_format, self->reference_value, -1);
          /* TRANSLATORS: the label of a reference line and its value, such as "Base rate 12%" */
          g_autofree char *text = g_strdup_printf (_ ("%s %s"), self->reference_label, value);

          draw_label (self, cr, text, x1 - 4, y - g->text_h - 2, 1.0, c);
        }
      return;
    }

  /* The diagonal from the lower left to the upper right corner, where y = x. */
  {
    double lo = MAX (g->x_lo, g->y_lo), hi = MIN (g->x_hi, g->y_hi);

    if (hi > lo)
      {
        cairo_move_to (cr, map_x (g, lo), map_y (g, lo));
        cairo_line_to (cr, map_x (g, hi), map_y (g, hi));
        cairo_stroke (cr);
      }
  }
  cairo_restore (cr);
  /* Below the diagonal, where a useful curve does not go. */
  if (self->reference_label != NULL)
    {
      double lo = MAX (g->x_lo, g->y_lo), hi = MIN (g->x_hi, g->y_hi);
      double at = lo + 0.6 * (hi - lo);

      if (hi > lo)
        draw_label (self, cr, self->reference_label, map_x (g, at) + 6, map_y (g, at) + 2, 0, c);
    }
}

/* An interval as a whisker with caps, centred on @x. */
static void
draw_interval (cairo_t                 *cr,
               const ChartGeometry     *g,
               double                   x,
               double                   cap,
               double                   low,
               double                   high,
               const HotlistChartColor *color)
{
  double y0, y1;

  if (!isfinite (low) || !isfinite (high))
    return;
  y0 = map_y (g, CLAMP (low, g->y_lo, g->y_hi));
  y1 = map_y (g, CLAMP (high, g->y_lo, g->y_hi));
  cairo_save (cr);
  set_source (cr, color, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_move_to (cr, x - cap / 2, y0);
  cairo_line_to (cr, x + cap / 2, y0);
  cairo_move_to (cr, x - cap / 2, y1);
  cairo_line_to (cr, x + cap / 2, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_bars (HotlistChartPainter       *self,
           cairo_t                   *cr,
           const ChartGeometry       *g,
           const HotlistChartPalette *c)
{
  double base = map_y (g, CLAMP (0, g->y_lo, g->y_hi));

  for (guint s = 0; s < n_series (self); s++)
    {
      ChartSeries *series = get_series (self, s);

      for (guint i = 0; i < series->n; i++)
        {
          double   x0, w, top;
          double   y = series->y[i];
          gboolean hover = self->highlight_series == (int)s && self->highlight_index == i;

          if (!isfinite (y))
            continue;
          if (self->kind == HOTLIST_CHART_BAR)
            {
              bar_extent (self, g, s, i, &x0, &w);
              if (n_series (self) > 1)
                w = MAX (1, w - 2);
            }
          else
            {
              double bx = series_x (series, i), bw = histogram_bin_width (series, i);

              x0 = map_x (g, bx);
              w = map_x (g, bx + bw) - x0;
              /* Adjoining bins keep a hairline apart to stay countable. */
              if (w > 3)
                x0 += 0.5, w -= 1;
            }
          top = map_y (g, CLAMP (y, g->y_lo, g->y_hi));
          set_source (cr, series_color (c, s), hover ? 1.0 : 0.85);
          cairo_rectangle (cr, x0, MIN (top, base), w, fabs (base - top));
          cairo_fill (cr);
          if (hover)
            {
              set_source (cr, &c->fg, 0.9);
              cairo_set_line_width (cr, 1.5);
              cairo_rectangle (cr, x0 + 0.75, MIN (top, base) + 0.75, MAX (0, w - 1.5),
                               MAX (0, fabs (base - top) - 1.5));
              cairo_stroke (cr);
            }
          if (series->low != NULL)
            draw_interval (cr, g, x0 + w / 2, MIN (12, w / 2), series->low[i], series->high[i],
                           &c->fg);
        }
    }
}

static void
draw_lines (HotlistChartPainter       *self,
            cairo_t                   *cr,
            const ChartGeometry       *g,
            const HotlistChartPalette *c)
{
  cairo_save (cr);
  cairo_rectangle (cr, g->plot.x - 4, g->plot.y - 4, g->plot.width + 8, g->plot.height + 8);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < n_series (self); s++)
    {
      ChartSeries *series = get_series (self, s);
      gboolean     pen_down = FALSE;
      /* Markers only where they do not merge into the line. */
      gboolean markers = series->n > 0 && g->plot.width / series->n > 12;

      if (series->low != NULL)
        for (guint i = 0; i < series->n; i++)
          if (isfinite (series_x (series, i)) && isfinite (series->y[i]))
            draw_interval (cr, g, map_x (g, series_x (series, i)), 8, series->low[i],
                           series->high[i], series_color (c, s));

      set_source (cr, series_color (c, s), 1.0);
      cairo_set_line_width (cr, 2.5);
      for (guint i = 0; i < series->n; i++)
        {
          double x = series_x (series, i), y = series->y[i];

          /* A missing value (an empty calibration bin) breaks the line. */
          if (!isfinite (x) || !isfinite (y))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, map_x (g, x), map_y (g, y));
          else
            cairo_move_to (cr, map_x (g, x), map_y (g, y));
          pen_down = TRUE;
        }
      cairo_stroke (cr);
      for (guint i = 0; i < series->n; i++)
        {
          double   x = series_x (series, i), y = series->y[i];
          gboolean hover = self->highlight_series == (int)s && self->highlight_index == i;
          /* A point between gaps has no line to show it: it keeps its marker. */
          gboolean alone = (i == 0 || !isfinite (series->y[i - 1]))
                           && (i + 1 == series->n || !isfinite (series->y[i + 1]));

          if (!isfinite (x) || !isfinite (y) || !(markers || hover || alone))
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, map_x (g, x), map_y (g, y), hover || alone ? 5 : 3.5, 0, 2 * G_PI);
          set_source (cr, series_color (c, s), 1.0);
          cairo_fill_preserve (cr);
          set_source (cr, &c->bg, 1.0);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_axes (HotlistChartPainter       *self,
           cairo_t                   *cr,
           const ChartGeometry       *g,
           const HotlistChartPalette *c)
{
  double px = g->plot.x, py = g->plot.y;
  double pw = g->plot.width, ph = g->plot.height;
  int    y_decimals = decimals_for_step (
         self->y_format == HOTLIST_CHART_FORMAT_PERCENT ? g->y_step * 100 : g->y_step);
  int x_decimals = decimals_for_step (
      self->x_format == HOTLIST_CHART_FORMAT_PERCENT ? g->x_step * 100 : g->x_step);

  /* Grid lines at the y ticks, with their values to the left. */
  cairo_set_line_width (cr, 1);
  for (guint t = 0; t < g->y_ticks; t++)
    {
      double           v = g->y_first + t * g->y_step;
      double           y = round (map_y (g, v)) + 0.5;
      g_autofree char *text = format_value (self->y_format, v, y_decimals);

      set_source (cr, &c->grid, 1.0);
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px + pw, y);
      cairo_stroke (cr);
      draw_text (self, cr, text, SMALL, px - GAP, y - g->text_h / 2, 1.0, 0, &c->fg, 0.7);
    }

  /* The baseline. */
  set_source (cr, &c->fg, 0.5);
  cairo_move_to (cr, px, round (py + ph) + 0.5);
  cairo_line_to (cr, px + pw, round (py + ph) + 0.5);
  cairo_stroke (cr);

  if (self->kind == HOTLIST_CHART_BAR)
    {
      double slot_w = pw / g->n_slots;

      for (guint i = 0; i < g->n_slots; i++)
        {
          g_autofree char *text = category_or_number (self, i);

          if (g->turn_labels)
            {
              /* Reading upwards to the right, ending under the middle of the slot. */
              cairo_save (cr);
              cairo_translate (cr, px + (i + 0.5) * slot_w + g->text_h * 0.3, py + ph + GAP / 2);
              cairo_rotate (cr, -G_PI / 4);
              draw_text (self, cr, text, SMALL, 0, -g->text_h / 2, 1.0, g->turned_w, &c->fg, 0.7);
              cairo_restore (cr);
            }
          else
            draw_text (self, cr, text, SMALL, px + (i + 0.5) * slot_w, py + ph + GAP, 0.5,
                       MAX (4, slot_w - 2), &c->fg, 0.7);
        }
    }
  else
    {
      for (guint t = 0; t < g->x_ticks; t++)
        {
          double           v = g->x_first + t * g->x_step;
          double           x = round (map_x (g, v)) + 0.5;
          g_autofree char *text = NULL;

          if (self->kind == HOTLIST_CHART_LINE && self->categories != NULL)
            {
              const char *label = category (self, (guint)llround (v));

              if (label == NULL)
                continue;
              text = g_strdup (label);
            }
          else
            text = format_value (self->x_format, v, x_decimals);
          set_source (cr, &c->fg, 0.5);
          cairo_move_to (cr, x, py + ph);
          cairo_line_to (cr, x, py + ph + 4);
          cairo_stroke (cr);
          draw_text (self, cr, text, SMALL, x, py + ph + GAP, 0.5, 0, &c->fg, 0.7);
        }
    }

  if (self->x_title != NULL)
    draw_text (self, cr, self->x_title, SMALL, px + pw / 2, py + ph + GAP + g->label_h + GAP, 0.5,
               pw, &c->fg, 0.85);
  if (self->y_title != NULL)
    {
      /* Turned a quarter, reading upwards, centred on the plot. */
      cairo_save (cr);
      cairo_translate (cr, PAD, py + ph / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (self, cr, self->y_title, SMALL, 0, 0, 0.5, ph, &c->fg, 0.85);
      cairo_restore (cr);
    }
}

static void
draw_legend (HotlistChartPainter       *self,
             cairo_t                   *cr,
             const ChartGeometry       *g,
             const HotlistChartPalette *c)
{
  double x = g->plot.x + g->plot.width;

  if (n_series (self) < 2)
    return;
  /* Right-aligned: lay out from the last series leftwards. */
  for (guint s = n_series (self); s-- > 0;)
    {
      const char  *name = get_series (self, s)->name != NULL ? get_series (self, s)->name : "";
      PangoLayout *layout = painter_layout (self, name, SMALL);
      double       w;

      layout_size (layout, &w, NULL);
      g_object_unref (layout);
      x -= w;
      draw_text (self, cr, name, SMALL, x, PAD, 0, 0, &c->fg, 0.85);
      x -= 4 + 10;
      set_source (cr, series_color (c, s), 1.0);
      cairo_rectangle (cr, x, PAD + (g->text_h - 10) / 2, 10, 10);
      cairo_fill (cr);
      x -= 3 * GAP;
    }
}

static const char *
kind_sentence (HotlistChartPainter *self)
{
  switch (self->kind)
    {
    case HOTLIST_CHART_BAR:
      return _ ("Bar chart.");
    case HOTLIST_CHART_LINE:
      return _ ("Line chart.");
    case HOTLIST_CHART_HISTOGRAM:
      return _ ("Histogram.");
    default:
      g_assert_not_reached ();
    }
}

static void
append_x (HotlistChartPainter *self, GString *out, ChartSeries *series, guint i)
{
  if (self->kind == HOTLIST_CHART_BAR
      || (self->kind == HOTLIST_CHART_LINE && self->categories != NULL
          && category (self, (guint)llround (series_x (series, i))) != NULL))
    {
      g_autofree char *label =
          self->kind == HOTLIST_CHART_BAR
              ? category_or_number (self, i)
              : g_strdup (category (self, (guint)llround (series_x (series, i))));

      g_string_append (out, label);
    }
  else if (self->kind == HOTLIST_CHART_HISTOGRAM)
    {
      g_autofree char *lo = format_value (self->x_format, series_x (series, i), -1);
      g_autofree char *hi =
          format_value (self->x_format, series_x (series, i) + histogram_bin_width (series, i), -1);

      /* TRANSLATORS: the range of a histogram bin, such as "20–30" */
      g_string_append_printf (out, _ ("%s–%s"), lo, hi);
    }
  else
    {
      g_autofree char *x = format_value (self->x_format, series_x (series, i), -1);

      g_string_append (out, x);
    }
}

/* A value, and its interval when it has one: "50%" or "50% (15%–85%)". */
static char *
dup_value_text (HotlistChartPainter *self, ChartSeries *series, guint i)
{
  g_autofree char *value = format_value (self->y_format, series->y[i], -1);

  if (series->low != NULL && isfinite (series->low[i]) && isfinite (series->high[i]))
    {
      g_autofree char *low = format_value (self->y_format, series->low[i], -1);
      g_autofree char *high = format_value (self->y_format, series->high[i], -1);

      /* TRANSLATORS: a value and its interval, such as "50% (15%–85%)" */
      return g_strdup_printf (_ ("%s (%s–%s)"), value, low, high);
    }
  return g_steal_pointer (&value);
}

static void
hotlist_chart_painter_finalize (GObject *object)
{
  HotlistChartPainter *self = HOTLIST_CHART_PAINTER (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);
  g_clear_pointer (&self->reference_label, g_free);
  g_clear_object (&self->context);
  g_clear_pointer (&self->font, pango_font_description_free);
  G_OBJECT_CLASS (hotlist_chart_painter_parent_class)->finalize (object);
}

static void
hotlist_chart_painter_class_init (HotlistChartPainterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hotlist_chart_painter_finalize;
}

static void
hotlist_chart_painter_init (HotlistChartPainter *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify)chart_series_free);
  self->highlight_series = -1;
}

/**
 * hotlist_chart_palette_light:
 *
 * The colours of a chart on white paper: dark text, the blue, green, ochre and purple of
 * the light GNOME style. The PDF always uses these.
 *
 * Returns: (transfer none): the palette
 */
const HotlistChartPalette *
hotlist_chart_palette_light (void)
{
  static const HotlistChartPalette light = {
    .fg = { 0, 0, 0, 0.8 },
    .bg = { 1, 1, 1, 1 },
    .grid = { 0, 0, 0, 0.1 },
    .series = {
      { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 },
      { 0x1b / 255.0, 0x85 / 255.0, 0x53 / 255.0, 1 },
      { 0x9c / 255.0, 0x6e / 255.0, 0x03 / 255.0, 1 },
      { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0, 1 },
    },
  };

  return &light;
}

/**
 * hotlist_chart_painter_new:
 * @kind: bars, lines or a histogram
 *
 * Creates an empty chart; give it data with hotlist_chart_painter_set_series().
 *
 * Returns: (transfer full): the new painter
 */
HotlistChartPainter *
hotlist_chart_painter_new (HotlistChartKind kind)
{
  HotlistChartPainter *self;

  g_return_val_if_fail (kind <= HOTLIST_CHART_HISTOGRAM, NULL);

  self = g_object_new (HOTLIST_TYPE_CHART_PAINTER, NULL);
  self->kind = kind;
  return self;
}

/**
 * hotlist_chart_painter_get_kind:
 * @self: a painter
 *
 * Returns: what @self draws
 */
HotlistChartKind
hotlist_chart_painter_get_kind (HotlistChartPainter *self)
{
  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), HOTLIST_CHART_BAR);

  return self->kind;
}

/**
 * hotlist_chart_painter_set_series:
 * @self: a painter
 * @name: (nullable): the series' name, shown in the legend and tooltips
 * @x: (array length=n) (nullable): x values, or %NULL for 0, 1, 2…; ignored by bar charts
 *   (category i is bar i), the lower edges of the bins of a histogram
 * @y: (array length=n): the values; NaN leaves a gap
 * @n: how many values
 *
 * Sets the series called @name, replacing one of that name (and its intervals) or adding it
 * after the others. The values are copied; the highlight is cleared.
 */
void
hotlist_chart_painter_set_series (HotlistChartPainter *self,
                                  const char          *name,
                                  const double        *x,
                                  const double        *y,
                                  guint                n)
{
  ChartSeries *series;

  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (y != NULL || n == 0);

  series = g_new0 (ChartSeries, 1);
  series->name = g_strdup (name);
  series->n = n;
  series->x = x != NULL ? g_memdup2 (x, sizeof (double) * n) : NULL;
  series->y = g_memdup2 (y, sizeof (double) * n);
  self->highlight_series = -1;
  for (guint s = 0; s < n_series (self); s++)
    if (g_strcmp0 (get_series (self, s)->name, name) == 0)
      {
        chart_series_free (g_steal_pointer (&self->series->pdata[s]));
        self->series->pdata[s] = series;
        return;
      }
  g_ptr_array_add (self->series, series);
}

/**
 * hotlist_chart_painter_set_intervals:
 * @self: a painter
 * @name: (nullable): the name of a series set before
 * @low: (array length=n) (nullable): the lower end of each value's interval (NaN for none), or
 *   %NULL to remove the intervals
 * @high: (array length=n) (nullable): the upper ends
 * @n: how many; as many as the series has values
 *
 * Gives the values of a series an interval each (a confidence interval), drawn as a whisker
 * and written after the value in its text.
 *
 * Returns: %FALSE if there is no series @name of @n values
 */
gboolean
hotlist_chart_painter_set_intervals (HotlistChartPainter *self,
                                     const char          *name,
                                     const double        *low,
                                     const double        *high,
                                     guint                n)
{
  ChartSeries *series;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);
  g_return_val_if_fail ((low == NULL) == (high == NULL), FALSE);

  series = find_series (self, name);
  if (series == NULL || series->n != n)
    return FALSE;
  g_clear_pointer (&series->low, g_free);
  g_clear_pointer (&series->high, g_free);
  if (low != NULL && n > 0)
    {
      series->low = g_memdup2 (low, sizeof (double) * n);
      series->high = g_memdup2 (high, sizeof (double) * n);
    }
  return TRUE;
}

/**
 * hotlist_chart_painter_get_n_series:
 * @self: a painter
 *
 * Returns: how many series @self has
 */
guint
hotlist_chart_painter_get_n_series (HotlistChartPainter *self)
{
  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), 0);

  return n_series (self);
}

/**
 * hotlist_chart_painter_has_data:
 * @self: a painter
 *
 * Returns: whether any series has a value that is not NaN
 */
gboolean
hotlist_chart_painter_has_data (HotlistChartPainter *self)
{
  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);

  for (guint s = 0; s < n_series (self); s++)
    for (guint i = 0; i < get_series (self, s)->n; i++)
      if (isfinite (get_series (self, s)->y[i]))
        return TRUE;
  return FALSE;
}

/**
 * hotlist_chart_painter_clear:
 * @self: a painter
 *
 * Removes every series; the chart says it has no data.
 */
void
hotlist_chart_painter_clear (HotlistChartPainter *self)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  g_ptr_array_set_size (self->series, 0);
  self->highlight_series = -1;
}

/**
 * hotlist_chart_painter_set_labels:
 * @self: a painter
 * @categories: (array zero-terminated=1) (nullable): names of the bars of a bar chart, or of
 *   x = 0, 1, 2… on a line chart (periods of a drift chart)
 *
 * Names the categories along the x axis.
 */
void
hotlist_chart_painter_set_labels (HotlistChartPainter *self, const char *const *categories)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **)categories);
}

/**
 * hotlist_chart_painter_set_axis_titles:
 * @self: a painter
 * @x_title: (nullable): what the x axis measures
 * @y_title: (nullable): what the y axis measures
 *
 * Titles the axes; they also name the chart (hotlist_chart_painter_dup_name()).
 */
void
hotlist_chart_painter_set_axis_titles (HotlistChartPainter *self,
                                       const char          *x_title,
                                       const char          *y_title)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  g_free (self->x_title);
  g_free (self->y_title);
  self->x_title = g_strdup (x_title);
  self->y_title = g_strdup (y_title);
}

/**
 * hotlist_chart_painter_set_y_range:
 * @self: a painter
 * @min: the lowest value shown
 * @max: the highest value shown, or at most @min to fit the range to the data again
 *
 * Fixes the y axis, as 0 to 1 for rates.
 */
void
hotlist_chart_painter_set_y_range (HotlistChartPainter *self, double min, double max)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (isfinite (min) && isfinite (max));

  self->y_fixed = max > min;
  self->y_min = min;
  self->y_max = max;
}

/**
 * hotlist_chart_painter_set_x_range:
 * @self: a painter
 * @min: the lowest x shown
 * @max: the highest x shown, or at most @min to fit the range to the data again
 *
 * Fixes the x axis of a line chart or histogram; bar charts ignore it.
 */
void
hotlist_chart_painter_set_x_range (HotlistChartPainter *self, double min, double max)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (isfinite (min) && isfinite (max));

  self->x_fixed = max > min;
  self->x_min = min;
  self->x_max = max;
}

/**
 * hotlist_chart_painter_set_reference_line:
 * @self: a painter
 * @reference: a level line, the diagonal, or none
 * @value: the level of a horizontal line (the base rate); ignored otherwise
 * @label: (nullable): what the line stands for, drawn beside it
 *
 * Sets the dashed line the data is read against.
 */
void
hotlist_chart_painter_set_reference_line (HotlistChartPainter  *self,
                                          HotlistChartReference reference,
                                          double                value,
                                          const char           *label)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (reference <= HOTLIST_CHART_REFERENCE_DIAGONAL);

  self->reference = reference;
  self->reference_value = isfinite (value) ? value : 0;
  g_free (self->reference_label);
  self->reference_label = g_strdup (label);
}

/**
 * hotlist_chart_painter_set_value_format:
 * @self: a painter
 * @format: numbers or percentages
 *
 * Sets how y values are written on the axis, in item texts and in the summary.
 */
void
hotlist_chart_painter_set_value_format (HotlistChartPainter *self, HotlistChartFormat format)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (format <= HOTLIST_CHART_FORMAT_PERCENT);

  self->y_format = format;
}

/**
 * hotlist_chart_painter_set_x_format:
 * @self: a painter
 * @format: numbers or percentages
 *
 * Sets how numeric x values are written (the false positive rate of a ROC curve).
 */
void
hotlist_chart_painter_set_x_format (HotlistChartPainter *self, HotlistChartFormat format)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (format <= HOTLIST_CHART_FORMAT_PERCENT);

  self->x_format = format;
}

/**
 * hotlist_chart_painter_set_highlight:
 * @self: a painter
 * @series: the series of the item to highlight, or -1 for none
 * @index: the item's index in its series
 *
 * Draws one bar, bin or point stronger, as the one under the pointer.
 */
void
hotlist_chart_painter_set_highlight (HotlistChartPainter *self, int series, guint index)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  self->highlight_series = MAX (series, -1);
  self->highlight_index = series >= 0 ? index : 0;
}

/**
 * hotlist_chart_painter_get_highlight:
 * @self: a painter
 * @series: (out) (optional): the series of the highlighted item
 * @index: (out) (optional): its index
 *
 * Returns: whether an item is highlighted
 */
gboolean
hotlist_chart_painter_get_highlight (HotlistChartPainter *self, guint *series, guint *index)
{
  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);

  if (self->highlight_series < 0)
    return FALSE;
  if (series != NULL)
    *series = self->highlight_series;
  if (index != NULL)
    *index = self->highlight_index;
  return TRUE;
}

/**
 * hotlist_chart_painter_set_pango_context:
 * @self: a painter
 * @context: (nullable): the context to lay text out with (a widget's, or one made for a page
 *   with pango_cairo_create_context()), or %NULL for one of the default font map
 *
 * Sets where the text's font, resolution and font options come from. The context must be of a
 * pango-cairo font map; @self keeps a reference.
 */
void
hotlist_chart_painter_set_pango_context (HotlistChartPainter *self, PangoContext *context)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (context == NULL || PANGO_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

/**
 * hotlist_chart_painter_set_font_description:
 * @self: a painter
 * @font: (nullable): the font of the chart's text, or %NULL for the context's
 *
 * Sets the font; axis labels and the legend are drawn a little smaller.
 */
void
hotlist_chart_painter_set_font_description (HotlistChartPainter        *self,
                                            const PangoFontDescription *font)
{
  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  g_clear_pointer (&self->font, pango_font_description_free);
  if (font != NULL)
    self->font = pango_font_description_copy (font);
}

/**
 * hotlist_chart_painter_dup_name:
 * @self: a painter
 *
 * Names the chart from its axis titles, such as “Conversion rate by Score band”.
 *
 * Returns: (transfer full): the name
 */
char *
hotlist_chart_painter_dup_name (HotlistChartPainter *self)
{
  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), NULL);

  if (self->y_title != NULL && self->x_title != NULL)
    /* TRANSLATORS: the name of a chart: what is measured, and along what, such as "Conversion rate by Score band" */
    return g_strdup_printf (_ ("%s by %s"), self->y_title, self->x_title);
  if (self->y_title != NULL)
    return g_strdup (self->y_title);
  return g_strdup (_ ("Chart"));
}

/**
 * hotlist_chart_painter_dup_summary:
 * @self: a painter
 *
 * Describes the chart in words, with its values: the accessible description of a chart
 * widget, and the text a keyboard tooltip shows.
 *
 * Returns: (transfer full): the description
 */
char *
hotlist_chart_painter_dup_summary (HotlistChartPainter *self)
{
  GString *out;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), NULL);

  out = g_string_new (kind_sentence (self));
  if (!hotlist_chart_painter_has_data (self))
    {
      g_string_append_printf (out, " %s", _ ("No data."));
      return g_string_free (out, FALSE);
    }
  for (guint s = 0; s < n_series (self); s++)
    {
      ChartSeries *series = get_series (self, s);
      guint        shown = 0;

      g_string_append_c (out, ' ');
      if (series->name != NULL && n_series (self) > 1)
        g_string_append_printf (out, "%s: ", series->name);
      if (series->n > 12)
        {
          /* Too many points to read out: the extent of the curve instead. */
          double              lo, hi;
          guint               first = G_MAXUINT, last = 0;
          g_autofree char    *lo_text = NULL;
          g_autofree char    *hi_text = NULL;
          g_autoptr (GString) from = g_string_new (NULL);
          g_autoptr (GString) to = g_string_new (NULL);

          lo = INFINITY, hi = -INFINITY;
          for (guint i = 0; i < series->n; i++)
            if (isfinite (series->y[i]))
              {
                lo = MIN (lo, series->y[i]);
                hi = MAX (hi, series->y[i]);
                first = MIN (first, i);
                last = i;
              }
          if (first == G_MAXUINT)
            {
              g_string_append (out, _ ("No data."));
              continue;
            }
          lo_text = format_value (self->y_format, lo, -1);
          hi_text = format_value (self->y_format, hi, -1);
          append_x (self, from, series, first);
          append_x (self, to, series, last);
          /* TRANSLATORS: a long series described by its extent, such as "101 values from 0% to 100%, between 0% and 100%." */
          g_string_append_printf (out, _ ("%u values from %s to %s, between %s and %s."), series->n,
                                  from->str, to->str, lo_text, hi_text);
          continue;
        }
      for (guint i = 0; i < series->n; i++)
        {
          g_autofree char *value = NULL;

          if (!isfinite (series->y[i]))
            continue;
          value = dup_value_text (self, series, i);
          if (shown++ > 0)
            g_string_append (out, "; ");
          append_x (self, out, series, i);
          g_string_append_printf (out, ": %s", value);
        }
      g_string_append_c (out, '.');
    }
  if (self->reference == HOTLIST_CHART_REFERENCE_HORIZONTAL)
    {
      g_autofree char *value = format_value (self->y_format, self->reference_value, -1);

      /* TRANSLATORS: a reference line in a chart's description, such as "Base rate: 12%." */
      g_string_append_printf (out, _ (" %s: %s."),
                              self->reference_label != NULL ? self->reference_label
                                                            : _ ("Reference"),
                              value);
    }
  else if (self->reference == HOTLIST_CHART_REFERENCE_DIAGONAL && self->reference_label != NULL)
    /* TRANSLATORS: the diagonal reference line in a chart's description, such as "Dashed line: Chance." */
    g_string_append_printf (out, _ (" Dashed line: %s."), self->reference_label);
  return g_string_free (out, FALSE);
}

/**
 * hotlist_chart_painter_draw:
 * @self: a painter
 * @cr: where to draw, such as a widget's snapshot or a page of a PDF
 * @width: the width to fill, in @cr's units
 * @height: the height to fill
 * @palette: the colours
 *
 * Draws the chart into the rectangle from (0, 0) to (@width, @height) of @cr: axes, grid,
 * data, reference line and legend, or “No data” inside the axes. The background is left as
 * it is; fill it with @palette's bg first where the chart needs its own.
 */
void
hotlist_chart_painter_draw (HotlistChartPainter       *self,
                            cairo_t                   *cr,
                            double                     width,
                            double                     height,
                            const HotlistChartPalette *palette)
{
  ChartGeometry g;

  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (palette != NULL);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return;
  compute_geometry (self, width, height, &g);

  cairo_save (cr);
  draw_axes (self, cr, &g, palette);
  if (!hotlist_chart_painter_has_data (self))
    {
      draw_text (self, cr, _ ("No data"), 1.0, g.plot.x + g.plot.width / 2,
                 g.plot.y + (g.plot.height - g.text_h) / 2, 0.5, 0, &palette->fg, 0.55);
      cairo_restore (cr);
      return;
    }
  if (self->reference == HOTLIST_CHART_REFERENCE_DIAGONAL)
    draw_reference (self, cr, &g, palette);
  if (self->kind == HOTLIST_CHART_LINE)
    draw_lines (self, cr, &g, palette);
  else
    draw_bars (self, cr, &g, palette);
  /* A level line stays visible across the bars. */
  if (self->reference == HOTLIST_CHART_REFERENCE_HORIZONTAL)
    draw_reference (self, cr, &g, palette);
  draw_legend (self, cr, &g, palette);
  cairo_restore (cr);
}

/**
 * hotlist_chart_painter_measure:
 * @self: a painter
 * @min_width: (out) (optional): the narrowest the chart can be drawn and stay readable
 * @natural_width: (out) (optional): the width it would like
 * @min_height: (out) (optional): the lowest it can be
 * @natural_height: (out) (optional): the height it would like
 *
 * Sizes the chart for its text: room for the axis labels and titles, and a few units per bar.
 */
void
hotlist_chart_painter_measure (HotlistChartPainter *self,
                               double              *min_width,
                               double              *natural_width,
                               double              *min_height,
                               double              *natural_height)
{
  PangoLayout *probe;
  double       text_w, text_h, axis, min;
  guint        slots;

  g_return_if_fail (HOTLIST_IS_CHART_PAINTER (self));

  probe = painter_layout (self, "100.0%", SMALL);
  layout_size (probe, &text_w, &text_h);
  g_object_unref (probe);

  /* Room for the y labels and title, and a few units per bar. */
  axis = PAD * 2 + text_w + GAP * 2 + text_h + 12;
  slots = self->kind == HOTLIST_CHART_LINE ? 8 : n_slots (self);
  min = ceil (axis + MAX (96, slots * 6.0 * MAX (1, n_series (self))));
  if (min_width != NULL)
    *min_width = min;
  if (natural_width != NULL)
    *natural_width = MAX (min, ceil (axis + 320));

  axis = PAD * 2 + text_h * 3.5 + GAP * 3;
  if (min_height != NULL)
    *min_height = ceil (axis + 80);
  if (natural_height != NULL)
    *natural_height = MAX (ceil (axis + 80), ceil (axis + 180));
}

/**
 * hotlist_chart_painter_get_plot_area:
 * @self: a painter
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @area: (out): the rectangle inside the axes
 *
 * Returns: %FALSE when the size is too small to draw a plot
 */
gboolean
hotlist_chart_painter_get_plot_area (HotlistChartPainter *self,
                                     double               width,
                                     double               height,
                                     cairo_rectangle_t   *area)
{
  ChartGeometry g;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return FALSE;
  compute_geometry (self, width, height, &g);
  *area = g.plot;
  return TRUE;
}

/**
 * hotlist_chart_painter_value_to_point:
 * @self: a painter
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @x: an x value; for a bar chart, the index of a category (its middle)
 * @y: a y value
 * @point_x: (out): where (@x, @y) is drawn, across
 * @point_y: (out): and down
 *
 * Returns: %FALSE when the size is too small to draw a plot
 */
gboolean
hotlist_chart_painter_value_to_point (HotlistChartPainter *self,
                                      double               width,
                                      double               height,
                                      double               x,
                                      double               y,
                                      double              *point_x,
                                      double              *point_y)
{
  ChartGeometry g;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);
  g_return_val_if_fail (point_x != NULL && point_y != NULL, FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return FALSE;
  compute_geometry (self, width, height, &g);
  *point_x = self->kind == HOTLIST_CHART_BAR ? map_x (&g, x + 0.5) : map_x (&g, x);
  *point_y = map_y (&g, y);
  return TRUE;
}

/**
 * hotlist_chart_painter_get_item_at:
 * @self: a painter
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @x: a position across the chart
 * @y: a position down the chart
 * @series: (out) (optional): the series of the item there
 * @index: (out) (optional): the item's index in its series
 *
 * Finds the bar or bin under (@x, @y) (anywhere over or above it in the plot), or the
 * point of a line nearest to it within a few units.
 *
 * Returns: whether there is an item there
 */
gboolean
hotlist_chart_painter_get_item_at (HotlistChartPainter *self,
                                   double               width,
                                   double               height,
                                   double               x,
                                   double               y,
                                   guint               *series,
                                   guint               *index)
{
  ChartGeometry            g;
  const cairo_rectangle_t *p = &g.plot;
  guint                    found_s = 0, found_i = 0;
  gboolean                 found = FALSE;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD || !hotlist_chart_painter_has_data (self))
    return FALSE;
  compute_geometry (self, width, height, &g);

  if (self->kind == HOTLIST_CHART_LINE)
    {
      double best = POINT_HIT_RADIUS * POINT_HIT_RADIUS;

      for (guint s = 0; s < n_series (self); s++)
        {
          ChartSeries *cs = get_series (self, s);

          for (guint i = 0; i < cs->n; i++)
            {
              double dx, dy;

              if (!isfinite (cs->y[i]) || !isfinite (series_x (cs, i)))
                continue;
              dx = map_x (&g, series_x (cs, i)) - x;
              dy = map_y (&g, cs->y[i]) - y;
              if (dx * dx + dy * dy <= best)
                {
                  best = dx * dx + dy * dy;
                  found_s = s, found_i = i, found = TRUE;
                }
            }
        }
    }
  else if (x >= p->x && x < p->x + p->width && y >= p->y && y <= p->y + p->height)
    {
      if (self->kind == HOTLIST_CHART_BAR)
        {
          guint  slot = MIN (g.n_slots - 1, (guint)((x - p->x) / (p->width / g.n_slots)));
          double x0, w;
          guint  s;

          bar_extent (self, &g, 0, slot, &x0, &w);
          /* With one series the whole slot belongs to its bar; side by side, the nearest bar. */
          s = x < x0 ? 0 : MIN (n_series (self) - 1, (guint)((x - x0) / w));
          if (s < n_series (self) && slot < get_series (self, s)->n
              && isfinite (get_series (self, s)->y[slot]))
            found_s = s, found_i = slot, found = TRUE;
        }
      else
        {
          for (guint s = 0; s < n_series (self) && !found; s++)
            {
              ChartSeries *cs = get_series (self, s);

              for (guint i = 0; i < cs->n; i++)
                {
                  double lo = map_x (&g, series_x (cs, i));
                  double hi = map_x (&g, series_x (cs, i) + histogram_bin_width (cs, i));

                  if (x >= lo && x < hi && isfinite (cs->y[i]))
                    {
                      found_s = s, found_i = i, found = TRUE;
                      break;
                    }
                }
            }
        }
    }

  if (found)
    {
      if (series != NULL)
        *series = found_s;
      if (index != NULL)
        *index = found_i;
    }
  return found;
}

/**
 * hotlist_chart_painter_dup_item_text:
 * @self: a painter
 * @series: a series' index
 * @index: an item's index in it
 *
 * The text of one bar, bin or point (a tooltip): where it is and its value.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if there is no such item
 */
char *
hotlist_chart_painter_dup_item_text (HotlistChartPainter *self, guint series, guint index)
{
  ChartSeries        *cs;
  g_autoptr (GString) where = g_string_new (NULL);
  g_autofree char    *value = NULL;

  g_return_val_if_fail (HOTLIST_IS_CHART_PAINTER (self), NULL);

  if (series >= n_series (self) || index >= get_series (self, series)->n)
    return NULL;
  cs = get_series (self, series);
  value = dup_value_text (self, cs, index);
  append_x (self, where, cs, index);
  if (self->kind == HOTLIST_CHART_LINE && self->x_title != NULL && self->categories == NULL)
    {
      g_autoptr (GString) out = g_string_new (NULL);

      if (cs->name != NULL)
        g_string_append_printf (out, "%s\n", cs->name);
      /* TRANSLATORS: one coordinate of a point in a tooltip, such as "False positive rate: 20%" */
      g_string_append_printf (out, _ ("%s: %s"), self->x_title, where->str);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _ ("%s: %s"),
                              self->y_title != NULL ? self->y_title : _ ("Value"), value);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (cs->name != NULL && n_series (self) > 1)
    /* TRANSLATORS: a bar's tooltip: its category, its series and its value, such as "Hot, Email: 32%" */
    return g_strdup_printf (_ ("%s, %s: %s"), where->str, cs->name, value);
  return g_strdup_printf (_ ("%s: %s"), where->str, value);
}

/**
 * hotlist_chart_nice_ticks:
 * @min: the lowest value to cover
 * @max: the highest value to cover
 * @target: about how many ticks are wanted
 * @first: (out): the first tick, at or below @min
 * @step: (out): the distance between ticks, 1, 2 or 5 times a power of ten
 *
 * Finds round tick values that cover @min to @max.
 *
 * Returns: how many ticks there are; the last is at or above @max
 */
guint
hotlist_chart_nice_ticks (double min, double max, guint target, double *first, double *step)
{
  double range, nice_step, last;

  g_return_val_if_fail (first != NULL && step != NULL, 0);
  g_return_val_if_fail (isfinite (min) && isfinite (max), 0);

  if (max < min)
    {
      double t = min;

      min = max;
      max = t;
    }
  if (max - min < 1e-12)
    max = min + (fabs (min) > 0 ? fabs (min) * 0.1 : 1);
  target = MAX (target, 2);
  range = nice_number (max - min, FALSE);
  nice_step = nice_number (range / (target - 1), TRUE);
  *first = floor (min / nice_step + 1e-9) * nice_step;
  last = ceil (max / nice_step - 1e-9) * nice_step;
  *step = nice_step;
  /* Keep exact zeros, not -0 or 1e-17. */
  if (fabs (*first) < nice_step * 1e-9)
    *first = 0;
  return (guint)llround ((last - *first) / nice_step) + 1;
}
