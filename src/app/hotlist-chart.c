/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart of report figures (bars, lines, histogram) as a widget: a HotlistChartPainter drawn
 * in the style of the window, with tooltips and an accessible description. */
#include "config.h"

#include <math.h>

#include "hotlist-chart.h"

struct _HotlistChart
{
  GtkWidget parent_instance;

  /* The data, the geometry and the drawing; the widget adds colours, events and a11y. */
  HotlistChartPainter *painter;
};

G_DEFINE_FINAL_TYPE (HotlistChart, hotlist_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The painter, laying text out with the widget's current font and font options. */
static HotlistChartPainter *
chart_painter (HotlistChart *self)
{
  hotlist_chart_painter_set_pango_context (self->painter,
                                           gtk_widget_get_pango_context (GTK_WIDGET (self)));
  return self->painter;
}

static void
color_from_rgba (HotlistChartColor *color, const GdkRGBA *rgba)
{
  color->red = rgba->red;
  color->green = rgba->green;
  color->blue = rgba->blue;
  color->alpha = rgba->alpha;
}

static void
chart_resolve_colors (HotlistChart *self, HotlistChartPalette *palette)
{
  static const char *const series_names[HOTLIST_CHART_N_SERIES_COLORS] = {
    "accent_color", "success_color", "warning_color", "purple_3"
  };
  GtkStyleContext *context;
  GdkRGBA          fg, bg;
  gboolean         dark;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  /* The named pair of the view colours, not the node's own colour: a chart drawn for an export
   * need not be in a window, and outside one its node inherits no colour. */
  if (!gtk_style_context_lookup_color (context, "view_fg_color", &fg))
    gtk_style_context_get_color (context, &fg);
  /* A light text colour means a dark theme; it picks fallbacks when a named colour is missing. */
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &bg))
    gdk_rgba_parse (&bg, dark ? "#1e1e1e" : "#ffffff");
  color_from_rgba (&palette->fg, &fg);
  color_from_rgba (&palette->bg, &bg);
  palette->grid = palette->fg;
  palette->grid.alpha *= 0.12;
  for (guint i = 0; i < HOTLIST_CHART_N_SERIES_COLORS; i++)
    {
      static const char *const light[HOTLIST_CHART_N_SERIES_COLORS] = { "#1c71d8", "#1b8553",
                                                                        "#9c6e03", "#9141ac" };
      static const char *const dark_fallback[HOTLIST_CHART_N_SERIES_COLORS] = {
        "#78aeed", "#8ff0a4", "#f8e45c", "#dc8add"
      };
      GdkRGBA rgba;

      if (!gtk_style_context_lookup_color (context, series_names[i], &rgba))
        gdk_rgba_parse (&rgba, dark ? dark_fallback[i] : light[i]);
      color_from_rgba (&palette->series[i], &rgba);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
chart_update_accessible (HotlistChart *self)
{
  g_autofree char *summary = hotlist_chart_painter_dup_summary (self->painter);
  g_autofree char *label = hotlist_chart_painter_dup_name (self->painter);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

static void
chart_changed (HotlistChart *self)
{
  hotlist_chart_painter_set_highlight (self->painter, -1, 0);
  chart_update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, HotlistChart *self)
{
  guint s = 0, i = 0, old_s = 0, old_i = 0;
  int   hover_series = -1;
  guint hover_index = 0;
  int   old_series;

  if (hotlist_chart_get_item_at (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                 gtk_widget_get_height (GTK_WIDGET (self)), x, y, &s, &i))
    {
      hover_series = (int)s;
      hover_index = i;
    }
  old_series =
      hotlist_chart_painter_get_highlight (self->painter, &old_s, &old_i) ? (int)old_s : -1;
  if (hover_series != old_series || (hover_series >= 0 && hover_index != old_i))
    {
      hotlist_chart_painter_set_highlight (self->painter, hover_series, hover_index);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller, HotlistChart *self)
{
  if (hotlist_chart_painter_get_highlight (self->painter, NULL, NULL))
    {
      hotlist_chart_painter_set_highlight (self->painter, -1, 0);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
hotlist_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  HotlistChart       *self = HOTLIST_CHART (widget);
  int                 width = gtk_widget_get_width (widget);
  int                 height = gtk_widget_get_height (widget);
  HotlistChartPalette palette;
  cairo_t            *cr;

  if (width <= 0 || height <= 0)
    return;
  chart_resolve_colors (self, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The card or window behind the widget is its background. */
  hotlist_chart_painter_draw (chart_painter (self), cr, width, height, &palette);
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
  HotlistChart *self = HOTLIST_CHART (widget);
  double        min_w, nat_w, min_h, nat_h;

  hotlist_chart_painter_measure (chart_painter (self), &min_w, &nat_w, &min_h, &nat_h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int)ceil (min_w);
      *natural = (int)ceil (nat_w);
    }
  else
    {
      *minimum = (int)ceil (min_h);
      *natural = (int)ceil (nat_h);
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
      g_value_set_int (value, hotlist_chart_painter_get_kind (self->painter));
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
      /* Construct-only: the painter of the right kind replaces the default one. */
      g_clear_object (&self->painter);
      self->painter = hotlist_chart_painter_new (g_value_get_int (value));
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

  g_clear_object (&self->painter);
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

  self->painter = hotlist_chart_painter_new (HOTLIST_CHART_BAR);
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

  return hotlist_chart_painter_get_kind (self->painter);
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
  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (y != NULL || n == 0);

  hotlist_chart_painter_set_series (self->painter, name, x, y, n);
  chart_changed (self);
}

/**
 * hotlist_chart_set_intervals:
 * @self: a chart
 * @name: (nullable): the name of a series set before
 * @low: (array length=n) (nullable): the lower end of each value's interval, or %NULL for none
 * @high: (array length=n) (nullable): the upper ends
 * @n: as many as the series has values
 *
 * Draws an interval (a confidence interval) around each value of a series, and gives it in
 * the tooltips. See hotlist_chart_painter_set_intervals().
 *
 * Returns: %FALSE if there is no series @name of @n values
 */
gboolean
hotlist_chart_set_intervals (HotlistChart *self,
                             const char   *name,
                             const double *low,
                             const double *high,
                             guint         n)
{
  gboolean set;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);

  set = hotlist_chart_painter_set_intervals (self->painter, name, low, high, n);
  if (set)
    chart_changed (self);
  return set;
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

  hotlist_chart_painter_clear (self->painter);
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

  hotlist_chart_painter_set_labels (self->painter, categories);
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

  hotlist_chart_painter_set_axis_titles (self->painter, x_title, y_title);
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

  hotlist_chart_painter_set_y_range (self->painter, min, max);
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

  hotlist_chart_painter_set_x_range (self->painter, min, max);
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

  hotlist_chart_painter_set_reference_line (self->painter, reference, value, label);
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

  hotlist_chart_painter_set_value_format (self->painter, format);
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

  hotlist_chart_painter_set_x_format (self->painter, format);
  chart_changed (self);
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
  g_return_val_if_fail (HOTLIST_IS_CHART (self), NULL);

  return hotlist_chart_painter_dup_summary (self->painter);
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
  HotlistChartPalette palette;

  g_return_if_fail (HOTLIST_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  chart_resolve_colors (self, &palette);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, palette.bg.red, palette.bg.green, palette.bg.blue, palette.bg.alpha);
  cairo_paint (cr);
  hotlist_chart_painter_draw (chart_painter (self), cr, width, height, &palette);
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
  cairo_rectangle_t plot;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (!hotlist_chart_painter_get_plot_area (chart_painter (self), width, height, &plot))
    return FALSE;
  graphene_rect_init (area, plot.x, plot.y, plot.width, plot.height);
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
  double px, py;

  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (!hotlist_chart_painter_value_to_point (chart_painter (self), width, height, x, y, &px, &py))
    return FALSE;
  graphene_point_init (point, px, py);
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
  g_return_val_if_fail (HOTLIST_IS_CHART (self), FALSE);

  return hotlist_chart_painter_get_item_at (chart_painter (self), width, height, x, y, series,
                                            index);
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
  g_return_val_if_fail (HOTLIST_IS_CHART (self), NULL);

  return hotlist_chart_painter_dup_item_text (self->painter, series, index);
}
