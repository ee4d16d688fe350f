/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart of report figures (bars, lines, histogram) drawn by one routine into a snapshot or any cairo context. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "hotlist-chart.h"

/* Space around the chart and between an axis, its labels and its title, in pixels. */
#define PAD 8.0
#define GAP 6.0
/* How near the pointer must be to a point of a line to show its value. */
#define POINT_HIT_RADIUS 16.0
#define N_SERIES_COLORS 4

typedef struct
{
  char   *name;
  double *x;
  double *y;
  guint   n;
} ChartSeries;

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
  GdkRGBA series[N_SERIES_COLORS];
} ChartColors;

/* Where everything goes for one size: the plot rectangle and both axes. */
typedef struct
{
  graphene_rect_t plot;
  double          y_lo, y_hi, y_first, y_step;
  guint           y_ticks;
  double          x_lo, x_hi, x_first, x_step;
  guint           x_ticks;
  guint           n_slots; /* categories of a bar chart */
  double          text_h;
  double          legend_h;
} ChartGeometry;

struct _HotlistChart
{
  GtkWidget parent_instance;

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

  /* The item under the pointer, drawn highlighted; series is -1 when there is none. */
  int   hover_series;
  guint hover_index;
};

G_DEFINE_FINAL_TYPE (HotlistChart, hotlist_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
chart_series_free (ChartSeries *series)
{
  g_free (series->name);
  g_free (series->x);
  g_free (series->y);
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
chart_n_series (HotlistChart *self)
{
  return self->series->len;
}

static ChartSeries *
chart_series (HotlistChart *self, guint i)
{
  return g_ptr_array_index (self->series, i);
}

static gboolean
chart_has_data (HotlistChart *self)
{
  for (guint s = 0; s < chart_n_series (self); s++)
    for (guint i = 0; i < chart_series (self, s)->n; i++)
      if (isfinite (chart_series (self, s)->y[i]))
        return TRUE;
  return FALSE;
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
chart_category (HotlistChart *self, guint i)
{
  if (self->categories != NULL && i < g_strv_length (self->categories))
    return self->categories[i];
  return NULL;
}

static char *
chart_category_or_number (HotlistChart *self, guint i)
{
  const char *label = chart_category (self, i);

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

static PangoLayout *
chart_layout (HotlistChart *self, const char *text, double scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (scale != 1.0)
    {
      g_autoptr (PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
      pango_layout_set_attributes (layout, attrs);
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
chart_data_range (HotlistChart *self, gboolean along_x, double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint s = 0; s < chart_n_series (self); s++)
    {
      ChartSeries *series = chart_series (self, s);

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
        }
    }
}

static guint
chart_n_slots (HotlistChart *self)
{
  guint n = self->categories != NULL ? g_strv_length (self->categories) : 0;

  for (guint s = 0; s < chart_n_series (self); s++)
    n = MAX (n, chart_series (self, s)->n);
  return n;
}

static void
chart_geometry (HotlistChart *self, int width, int height, ChartGeometry *g)
{
  g_autoptr (PangoLayout) probe = chart_layout (self, "0", 0.85);
  double                  top, bottom, left, right, plot_h, plot_w;
  double                  lo, hi, widest = 0;

  memset (g, 0, sizeof *g);
  layout_size (probe, NULL, &g->text_h);

  /* A legend names the series when there is more than one. */
  g->legend_h = chart_n_series (self) > 1 ? g->text_h + GAP : 0;
  top = PAD + MAX (g->legend_h, g->text_h / 2);
  bottom = PAD + g->text_h + GAP;
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
      chart_data_range (self, FALSE, &lo, &hi);
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
      g_autoptr (PangoLayout) layout = chart_layout (self, text, 0.85);
      double                  w;

      layout_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  left = PAD + widest + GAP;
  if (self->y_title != NULL)
    left += g->text_h + GAP;
  right = PAD + 12;
  plot_w = MAX (1, width - left - right);

  g->plot = GRAPHENE_RECT_INIT (left, top, plot_w, plot_h);

  if (self->kind == HOTLIST_CHART_BAR)
    {
      g->n_slots = MAX (1, chart_n_slots (self));
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
      chart_data_range (self, TRUE, &lo, &hi);
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
          g_autoptr (PangoLayout) layout = chart_layout (self, self->categories[i], 0.85);
          double                  w;

          layout_size (layout, &w, NULL);
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

static double
map_x (const ChartGeometry *g, double x)
{
  return g->plot.origin.x + (x - g->x_lo) / (g->x_hi - g->x_lo) * g->plot.size.width;
}

static double
map_y (const ChartGeometry *g, double y)
{
  return g->plot.origin.y + g->plot.size.height
         - (y - g->y_lo) / (g->y_hi - g->y_lo) * g->plot.size.height;
}

/* The horizontal extent of bar @index of series @s in a bar chart. */
static void
bar_extent (HotlistChart *self, const ChartGeometry *g, guint s, guint index, double *x0, double *w)
{
  double slot_w = g->plot.size.width / g->n_slots;
  double group_w = slot_w * 0.7;
  double bar_w = group_w / MAX (1, chart_n_series (self));

  *x0 = g->plot.origin.x + index * slot_w + (slot_w - group_w) / 2 + s * bar_w;
  *w = bar_w;
}

static void
chart_resolve_colors (HotlistChart *self, ChartColors *c)
{
  static const char *const series_names[N_SERIES_COLORS] = { "accent_color", "success_color",
                                                             "warning_color", "purple_3" };
  GtkStyleContext         *context;
  gboolean                 dark;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  /* The named pair of the view colours, not the node's own colour: a chart drawn for an export
   * need not be in a window, and outside one its node inherits no colour. */
  if (!gtk_style_context_lookup_color (context, "view_fg_color", &c->fg))
    gtk_style_context_get_color (context, &c->fg);
  /* A light text colour means a dark theme; it picks fallbacks when a named colour is missing. */
  dark = 0.2126 * c->fg.red + 0.7152 * c->fg.green + 0.0722 * c->fg.blue > 0.5;
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &c->bg))
    gdk_rgba_parse (&c->bg, dark ? "#1e1e1e" : "#ffffff");
  for (guint i = 0; i < N_SERIES_COLORS; i++)
    {
      static const char *const light[N_SERIES_COLORS] = { "#1c71d8", "#1b8553", "#9c6e03",
                                                          "#9141ac" };
      static const char *const dark_fallback[N_SERIES_COLORS] = { "#78aeed", "#8ff0a4", "#f8e45c",
                                                                  "#dc8add" };

      if (!gtk_style_context_lookup_color (context, series_names[i], &c->series[i]))
        gdk_rgba_parse (&c->series[i], dark ? dark_fallback[i] : light[i]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
set_source (cairo_t *cr, const GdkRGBA *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Draws @text with its top left at (@x, @y), or centred/right-aligned by @xalign. */
static void
draw_text (HotlistChart  *self,
           cairo_t       *cr,
           const char    *text,
           double         scale,
           double         x,
           double         y,
           double         xalign,
           double         max_width,
           const GdkRGBA *color,
           double         alpha)
{
  g_autoptr (PangoLayout) layout = chart_layout (self, text, scale);
  double                  w;

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
}

static void
draw_reference (HotlistChart *self, cairo_t *cr, const ChartGeometry *g, const ChartColors *c)
{
  static const double dash[] = { 5, 4 };
  double              x0 = g->plot.origin.x, x1 = x0 + g->plot.size.width;

  if (self->reference == HOTLIST_CHART_REFERENCE_NONE)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, g->plot.origin.x, g->plot.origin.y - 1, g->plot.size.width,
                   g->plot.size.height + 2);
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

          draw_text (self, cr, text, 0.85, x1 - 2, y - g->text_h - 2, 1.0, 0, &c->fg, 0.85);
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
        draw_text (self, cr, self->reference_label, 0.85, map_x (g, at) + 6, map_y (g, at) + 2, 0,
                   0, &c->fg, 0.85);
    }
}

static void
draw_bars (HotlistChart *self, cairo_t *cr, const ChartGeometry *g, const ChartColors *c)
{
  double base = map_y (g, CLAMP (0, g->y_lo, g->y_hi));

  for (guint s = 0; s < chart_n_series (self); s++)
    {
      ChartSeries *series = chart_series (self, s);

      for (guint i = 0; i < series->n; i++)
        {
          double   x0, w, top;
          double   y = series->y[i];
          gboolean hover = self->hover_series == (int)s && self->hover_index == i;

          if (!isfinite (y))
            continue;
          if (self->kind == HOTLIST_CHART_BAR)
            {
              bar_extent (self, g, s, i, &x0, &w);
              if (chart_n_series (self) > 1)
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
          set_source (cr, &c->series[s % N_SERIES_COLORS], hover ? 1.0 : 0.85);
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
        }
    }
}

static void
draw_lines (HotlistChart *self, cairo_t *cr, const ChartGeometry *g, const ChartColors *c)
{
  cairo_save (cr);
  cairo_rectangle (cr, g->plot.origin.x - 4, g->plot.origin.y - 4, g->plot.size.width + 8,
                   g->plot.size.height + 8);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < chart_n_series (self); s++)
    {
      ChartSeries *series = chart_series (self, s);
      gboolean     pen_down = FALSE;
      /* Markers only where they do not merge into the line. */
      gboolean markers = series->n > 0 && g->plot.size.width / series->n > 12;

      set_source (cr, &c->series[s % N_SERIES_COLORS], 1.0);
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
          gboolean hover = self->hover_series == (int)s && self->hover_index == i;

          if (!isfinite (x) || !isfinite (y) || !(markers || hover))
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, map_x (g, x), map_y (g, y), hover ? 5 : 3.5, 0, 2 * G_PI);
          set_source (cr, &c->series[s % N_SERIES_COLORS], 1.0);
          cairo_fill_preserve (cr);
          set_source (cr, &c->bg, 1.0);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_axes (HotlistChart *self, cairo_t *cr, const ChartGeometry *g, const ChartColors *c)
{
  double px = g->plot.origin.x, py = g->plot.origin.y;
  double pw = g->plot.size.width, ph = g->plot.size.height;
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

      set_source (cr, &c->fg, 0.12);
      cairo_move_to (cr, px, y);
      cairo_line_to (cr, px + pw, y);
      cairo_stroke (cr);
      draw_text (self, cr, text, 0.85, px - GAP, y - g->text_h / 2, 1.0, 0, &c->fg, 0.7);
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
          g_autofree char *text = chart_category_or_number (self, i);

          draw_text (self, cr, text, 0.85, px + (i + 0.5) * slot_w, py + ph + GAP, 0.5,
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
              const char *label = chart_category (self, (guint)llround (v));

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
          draw_text (self, cr, text, 0.85, x, py + ph + GAP, 0.5, 0, &c->fg, 0.7);
        }
    }

  if (self->x_title != NULL)
    draw_text (self, cr, self->x_title, 0.85, px + pw / 2, py + ph + GAP + g->text_h + GAP, 0.5, pw,
               &c->fg, 0.85);
  if (self->y_title != NULL)
    {
      /* Turned a quarter, reading upwards, centred on the plot. */
      cairo_save (cr);
      cairo_translate (cr, PAD, py + ph / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (self, cr, self->y_title, 0.85, 0, 0, 0.5, ph, &c->fg, 0.85);
      cairo_restore (cr);
    }
}

static void
draw_legend (HotlistChart *self, cairo_t *cr, const ChartGeometry *g, const ChartColors *c)
{
  double x = g->plot.origin.x + g->plot.size.width;

  if (chart_n_series (self) < 2)
    return;
  /* Right-aligned: lay out from the last series leftwards. */
  for (guint s = chart_n_series (self); s-- > 0;)
    {
      const char *name = chart_series (self, s)->name != NULL ? chart_series (self, s)->name : "";
      g_autoptr (PangoLayout) layout = chart_layout (self, name, 0.85);
      double                  w;

      layout_size (layout, &w, NULL);
      x -= w;
      draw_text (self, cr, name, 0.85, x, PAD, 0, 0, &c->fg, 0.85);
      x -= 4 + 10;
      set_source (cr, &c->series[s % N_SERIES_COLORS], 1.0);
      cairo_rectangle (cr, x, PAD + (g->text_h - 10) / 2, 10, 10);
      cairo_fill (cr);
      x -= 3 * GAP;
    }
}

/* The one drawing routine behind the widget's snapshot and hotlist_chart_draw_to_cairo(). */
static void
chart_draw (HotlistChart *self, cairo_t *cr, int width, int height, gboolean fill_background)
{
  ChartColors   colors;
  ChartGeometry g;

  chart_resolve_colors (self, &colors);
  if (fill_background)
    {
      set_source (cr, &colors.bg, 1.0);
      cairo_paint (cr);
    }
  if (width <= 2 * PAD || height <= 2 * PAD)
    return;
  chart_geometry (self, width, height, &g);

  draw_axes (self, cr, &g, &colors);
  if (!chart_has_data (self))
    {
      draw_text (self, cr, _ ("No data"), 1.0, g.plot.origin.x + g.plot.size.width / 2,
                 g.plot.origin.y + (g.plot.size.height - g.text_h) / 2, 0.5, 0, &colors.fg, 0.55);
      return;
    }
  if (self->reference == HOTLIST_CHART_REFERENCE_DIAGONAL)
    draw_reference (self, cr, &g, &colors);
  if (self->kind == HOTLIST_CHART_LINE)
    draw_lines (self, cr, &g, &colors);
  else
    draw_bars (self, cr, &g, &colors);
  /* A level line stays visible across the bars. */
  if (self->reference == HOTLIST_CHART_REFERENCE_HORIZONTAL)
    draw_reference (self, cr, &g, &colors);
  draw_legend (self, cr, &g, &colors);
}

static const char *
chart_kind_sentence (HotlistChart *self)
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
chart_update_accessible (HotlistChart *self)
{
  g_autofree char *summary = hotlist_chart_dup_summary (self);
  g_autofree char *label = NULL;

  if (self->y_title != NULL && self->x_title != NULL)
    /* TRANSLATORS: the name of a chart: what is measured, and along what, such as "Conversion rate by Score band" */
    label = g_strdup_printf (_ ("%s by %s"), self->y_title, self->x_title);
  else if (self->y_title != NULL)
    label = g_strdup (self->y_title);
  else
    label = g_strdup (_ ("Chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

static void
chart_changed (HotlistChart *self)
{
  self->hover_series = -1;
  chart_update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, HotlistChart *self)
{
  guint s, i;
  int   hover_series = -1;
  guint hover_index = 0;

  if (hotlist_chart_get_item_at (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                 gtk_widget_get_height (GTK_WIDGET (self)), x, y, &s, &i))
    {
      hover_series = (int)s;
      hover_index = i;
    }
  if (hover_series != self->hover_series || hover_index != self->hover_index)
    {
      self->hover_series = hover_series;
      self->hover_index = hover_index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller, HotlistChart *self)
{
  if (self->hover_series != -1)
    {
      self->hover_series = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
hotlist_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HotlistChart *self = HOTLIST_CHART (widget);
  int           width = gtk_widget_get_width (widget);
  int           height = gtk_widget_get_height (widget);
  cairo_t      *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The card or window behind the widget is its background. */
  chart_draw (self, cr, width, height, FALSE);
  cairo_destroy (cr);
}

static void
hotlist_chart_measure (GtkWidget     *widget,
                       GtkOrientation orientation,
                       int            for_size,
                       int           *minimum,
                       int           *natural,
                       int           *minimum_baseline,
                       int           *natural_baseline)
{
  HotlistChart           *self = HOTLIST_CHART (widget);
  g_autoptr (PangoLayout) probe = chart_layout (self, "100.0%", 0.85);
  double                  text_w, text_h;

  layout_size (probe, &text_w, &text_h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Room for the y labels and title, and a few pixels per bar. */
      double axis = PAD * 2 + text_w + GAP * 2 + text_h + 12;
      guint  slots = self->kind == HOTLIST_CHART_LINE ? 8 : chart_n_slots (self);

      *minimum = (int)ceil (axis + MAX (96, slots * 6.0 * MAX (1, chart_n_series (self))));
      *natural = MAX (*minimum, (int)ceil (axis + 320));
    }
  else
    {
      double axis = PAD * 2 + text_h * 3.5 + GAP * 3;

      *minimum = (int)ceil (axis + 80);
      *natural = MAX (*minimum, (int)ceil (axis + 180));
    }
}

static gboolean
hotlist_chart_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_tooltip,
                             GtkTooltip *tooltip)
{
  HotlistChart    *self = HOTLIST_CHART (widget);
  g_autofree char *text = NULL;
  guint            s, i;

  if (keyboard_tooltip)
    {
      /* From the keyboard the whole chart is described. */
      text = hotlist_chart_dup_summary (self);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  if (!hotlist_chart_get_item_at (self, gtk_widget_get_width (widget),
                                  gtk_widget_get_height (widget), x, y, &s, &i))
    return FALSE;
  text = hotlist_chart_dup_item_text (self, s, i);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
hotlist_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hotlist_chart_parent_class)->css_changed (widget, change);
  /* Colours and fonts come from the style, which changes with light and dark. */
  gtk_widget_queue_draw (widget);
}

static void
hotlist_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistChart *self = HOTLIST_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HotlistChart *self = HOTLIST_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_chart_constructed (GObject *object)
{
  G_OBJECT_CLASS (hotlist_chart_parent_class)->constructed (object);
  chart_update_accessible (HOTLIST_CHART (object));
}

static void
hotlist_chart_finalize (GObject *object)
{
  HotlistChart *self = HOTLIST_CHART (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);
  g_clear_pointer (&self->reference_label, g_free);
  G_OBJECT_CLASS (hotlist_chart_parent_class)->finalize (object);
}

static void
hotlist_chart_class_init (HotlistChartClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hotlist_chart_get_property;
  object_class->set_property = hotlist_chart_set_property;
  object_class->constructed = hotlist_chart_constructed;
  object_class->finalize = hotlist_chart_finalize;
  widget_class->snapshot = hotlist_chart_snapshot;
  widget_class->measure = hotlist_chart_measure;
  widget_class->query_tooltip = hotlist_chart_query_tooltip;
  widget_class->css_changed = hotlist_chart_css_changed;

  /**
   * HotlistChart:kind:
   *
   * What the chart draws, a #HotlistChartKind; set at construction.
   */
  properties[PROP_KIND] =
      g_param_spec_int ("kind", NULL, NULL, HOTLIST_CHART_BAR, HOTLIST_CHART_HISTOGRAM,
                        HOTLIST_CHART_BAR,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hotlist_chart_init (HotlistChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify)chart_series_free);
  self->hover_series = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/**
 * hotlist_chart_new:
 * @kind: bars, lines or a histogram
 *
 * Creates an empty chart; give it data with hotlist_chart_set_series().
 *
 * Returns: (transfer floating): the new chart
 */
GtkWidget *
hotlist_chart_new (HotlistChartKind kind)
{
  g_return_val_if_fail (kind <= HOTLIST_CHART_HISTOGRAM, NULL);

  return g_object_new (HOTLIST_TYPE_CHART, "kind", (int)kind, NULL);
}

/**
 * hotlist_chart_get_kind:
 * @self: a chart
 *
 * Returns: what @self draws
 */
HotlistChartKind
hotlist_chart_get_kind (HotlistChart *self)
{
  g_return_val_if_fail (HOTLIST_IS_CHART (self), HOTLIST_CHART_BAR);

  return self->kind;
}

/**
 * hotlist_chart_set_series:
 * @self: a chart
 * @name: (nullable): the series' name, shown in the legend and tooltips
 * @x: (array length=n) (nullable): x values, or %NULL for 0, 1, 2…; ignored by bar charts
 *   (category i is bar i), the lower edges of the bins of a histogram
 * @y: (array length=n): the values; NaN leaves a gap
 * @n: how many values
 *
 * Sets the series called @name, replacing one of that name or adding it after the others.
 * The values are copied.
 */
void
hotlist_chart_set_series (HotlistChart *self,
                          const char   *name,
                          const double *x,
                          const double *y,
                          guint         n)
{
  ChartSeries *series;

  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (y != NULL || n == 0);

  series = g_new0 (ChartSeries, 1);
  series->name = g_strdup (name);
  series->n = n;
  series->x = x != NULL ? g_memdup2 (x, sizeof (double) * n) : NULL;
  series->y = g_memdup2 (y, sizeof (double) * n);
  for (guint s = 0; s < chart_n_series (self); s++)
    if (g_strcmp0 (chart_series (self, s)->name, name) == 0)
      {
        chart_series_free (g_steal_pointer (&self->series->pdata[s]));
        self->series->pdata[s] = series;
        chart_changed (self);
        return;
      }
  g_ptr_array_add (self->series, series);
  chart_changed (self);
}

/**
 * hotlist_chart_clear:
 * @self: a chart
 *
 * Removes every series; the chart says it has no data.
 */
void
hotlist_chart_clear (HotlistChart *self)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  chart_changed (self);
}

/**
 * hotlist_chart_set_labels:
 * @self: a chart
 * @categories: (array zero-terminated=1) (nullable): names of the bars of a bar chart, or of
 *   x = 0, 1, 2… on a line chart (periods of a drift chart)
 *
 * Names the categories along the x axis.
 */
void
hotlist_chart_set_labels (HotlistChart *self, const char *const *categories)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **)categories);
  chart_changed (self);
}

/**
 * hotlist_chart_set_axis_titles:
 * @self: a chart
 * @x_title: (nullable): what the x axis measures
 * @y_title: (nullable): what the y axis measures
 *
 * Titles the axes; they also name the chart to assistive technologies.
 */
void
hotlist_chart_set_axis_titles (HotlistChart *self, const char *x_title, const char *y_title)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));

  g_free (self->x_title);
  g_free (self->y_title);
  self->x_title = g_strdup (x_title);
  self->y_title = g_strdup (y_title);
  chart_changed (self);
}

/**
 * hotlist_chart_set_y_range:
 * @self: a chart
 * @min: the lowest value shown
 * @max: the highest value shown, or at most @min to fit the range to the data again
 *
 * Fixes the y axis, as 0 to 1 for rates.
 */
void
hotlist_chart_set_y_range (HotlistChart *self, double min, double max)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (isfinite (min) && isfinite (max));

  self->y_fixed = max > min;
  self->y_min = min;
  self->y_max = max;
  chart_changed (self);
}

/**
 * hotlist_chart_set_x_range:
 * @self: a chart
 * @min: the lowest x shown
 * @max: the highest x shown, or at most @min to fit the range to the data again
 *
 * Fixes the x axis of a line chart or histogram; bar charts ignore it.
 */
void
hotlist_chart_set_x_range (HotlistChart *self, double min, double max)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (isfinite (min) && isfinite (max));

  self->x_fixed = max > min;
  self->x_min = min;
  self->x_max = max;
  chart_changed (self);
}

/**
 * hotlist_chart_set_reference_line:
 * @self: a chart
 * @reference: a level line, the diagonal, or none
 * @value: the level of a horizontal line (the base rate); ignored otherwise
 * @label: (nullable): what the line stands for, drawn beside it
 *
 * Sets the dashed line the data is read against.
 */
void
hotlist_chart_set_reference_line (HotlistChart         *self,
                                  HotlistChartReference reference,
                                  double                value,
                                  const char           *label)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (reference <= HOTLIST_CHART_REFERENCE_DIAGONAL);

  self->reference = reference;
  self->reference_value = isfinite (value) ? value : 0;
  g_free (self->reference_label);
  self->reference_label = g_strdup (label);
  chart_changed (self);
}

/**
 * hotlist_chart_set_value_format:
 * @self: a chart
 * @format: numbers or percentages
 *
 * Sets how y values are written on the axis, in tooltips and in the description.
 */
void
hotlist_chart_set_value_format (HotlistChart *self, HotlistChartFormat format)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (format <= HOTLIST_CHART_FORMAT_PERCENT);

  self->y_format = format;
  chart_changed (self);
}

/**
 * hotlist_chart_set_x_format:
 * @self: a chart
 * @format: numbers or percentages
 *
 * Sets how numeric x values are written (the false positive rate of a ROC curve).
 */
void
hotlist_chart_set_x_format (HotlistChart *self, HotlistChartFormat format)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (format <= HOTLIST_CHART_FORMAT_PERCENT);

  self->x_format = format;
  chart_changed (self);
}

static void
append_x (HotlistChart *self, GString *out, ChartSeries *series, guint i)
{
  if (self->kind == HOTLIST_CHART_BAR
      || (self->kind == HOTLIST_CHART_LINE && self->categories != NULL
          && chart_category (self, (guint)llround (series_x (series, i))) != NULL))
    {
      g_autofree char *label =
          self->kind == HOTLIST_CHART_BAR
              ? chart_category_or_number (self, i)
              : g_strdup (chart_category (self, (guint)llround (series_x (series, i))));

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

/**
 * hotlist_chart_dup_summary:
 * @self: a chart
 *
 * Describes the chart in words, with its values: the accessible description, and the text a
 * keyboard tooltip shows.
 *
 * Returns: (transfer full): the description
 */
char *
hotlist_chart_dup_summary (HotlistChart *self)
{
  GString *out;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), NULL);

  out = g_string_new (chart_kind_sentence (self));
  if (!chart_has_data (self))
    {
      g_string_append_printf (out, " %s", _ ("No data."));
      return g_string_free (out, FALSE);
    }
  for (guint s = 0; s < chart_n_series (self); s++)
    {
      ChartSeries *series = chart_series (self, s);
      guint        shown = 0;

      g_string_append_c (out, ' ');
      if (series->name != NULL && chart_n_series (self) > 1)
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
          value = format_value (self->y_format, series->y[i], -1);
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
 * hotlist_chart_draw_to_cairo:
 * @self: a chart
 * @cr: where to draw, such as a page of a PDF
 * @width: the width to fill, in @cr's units
 * @height: the height to fill
 *
 * Draws the chart as the widget shows it, on its view background, into the rectangle from
 * (0, 0) to (@width, @height) of @cr. Colours follow the widget's current style.
 */
void
hotlist_chart_draw_to_cairo (HotlistChart *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  chart_draw (self, cr, width, height, TRUE);
  cairo_restore (cr);
}

/**
 * hotlist_chart_get_plot_area:
 * @self: a chart
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @area: (out): the rectangle inside the axes
 *
 * Returns: %FALSE when the size is too small to draw a plot
 */
gboolean
hotlist_chart_get_plot_area (HotlistChart *self, int width, int height, graphene_rect_t *area)
{
  ChartGeometry g;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return FALSE;
  chart_geometry (self, width, height, &g);
  *area = g.plot;
  return TRUE;
}

/**
 * hotlist_chart_value_to_point:
 * @self: a chart
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @x: an x value; for a bar chart, the index of a category (its middle)
 * @y: a y value
 * @point: (out): where (@x, @y) is drawn
 *
 * Returns: %FALSE when the size is too small to draw a plot
 */
gboolean
hotlist_chart_value_to_point (HotlistChart     *self,
                              int               width,
                              int               height,
                              double            x,
                              double            y,
                              graphene_point_t *point)
{
  ChartGeometry g;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return FALSE;
  chart_geometry (self, width, height, &g);
  point->x = self->kind == HOTLIST_CHART_BAR ? map_x (&g, x + 0.5) : map_x (&g, x);
  point->y = map_y (&g, y);
  return TRUE;
}

/**
 * hotlist_chart_get_item_at:
 * @self: a chart
 * @width: the width the chart is drawn at
 * @height: the height it is drawn at
 * @x: a position across the chart
 * @y: a position down the chart
 * @series: (out) (optional): the series of the item there
 * @index: (out) (optional): the item's index in its series
 *
 * Finds the bar or bin under (@x, @y) (anywhere over or above it in the plot), or the
 * point of a line nearest to it within a few pixels.
 *
 * Returns: whether there is an item there
 */
gboolean
hotlist_chart_get_item_at (HotlistChart *self,
                           int           width,
                           int           height,
                           double        x,
                           double        y,
                           guint        *series,
                           guint        *index)
{
  ChartGeometry          g;
  const graphene_rect_t *p = &g.plot;
  guint                  found_s = 0, found_i = 0;
  gboolean               found = FALSE;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);

  if (width <= 2 * PAD || height <= 2 * PAD || !chart_has_data (self))
    return FALSE;
  chart_geometry (self, width, height, &g);

  if (self->kind == HOTLIST_CHART_LINE)
    {
      double best = POINT_HIT_RADIUS * POINT_HIT_RADIUS;

      for (guint s = 0; s < chart_n_series (self); s++)
        {
          ChartSeries *cs = chart_series (self, s);

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
  else if (x >= p->origin.x && x < p->origin.x + p->size.width && y >= p->origin.y
           && y <= p->origin.y + p->size.height)
    {
      if (self->kind == HOTLIST_CHART_BAR)
        {
          guint slot =
              MIN (g.n_slots - 1, (guint)((x - p->origin.x) / (p->size.width / g.n_slots)));
          double x0, w;
          guint  s;

          bar_extent (self, &g, 0, slot, &x0, &w);
          /* With one series the whole slot belongs to its bar; side by side, the nearest bar. */
          s = x < x0 ? 0 : MIN (chart_n_series (self) - 1, (guint)((x - x0) / w));
          if (s < chart_n_series (self) && slot < chart_series (self, s)->n
              && isfinite (chart_series (self, s)->y[slot]))
            found_s = s, found_i = slot, found = TRUE;
        }
      else
        {
          for (guint s = 0; s < chart_n_series (self) && !found; s++)
            {
              ChartSeries *cs = chart_series (self, s);

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
 * hotlist_chart_dup_item_text:
 * @self: a chart
 * @series: a series' index
 * @index: an item's index in it
 *
 * The text of the tooltip of one bar, bin or point: where it is and its value.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if there is no such item
 */
char *
hotlist_chart_dup_item_text (HotlistChart *self, guint series, guint index)
{
  ChartSeries        *cs;
  g_autoptr (GString) where = g_string_new (NULL);
  g_autofree char    *value = NULL;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), NULL);

  if (series >= chart_n_series (self) || index >= chart_series (self, series)->n)
    return NULL;
  cs = chart_series (self, series);
  value = format_value (self->y_format, cs->y[index], -1);
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
  if (cs->name != NULL && chart_n_series (self) > 1)
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
