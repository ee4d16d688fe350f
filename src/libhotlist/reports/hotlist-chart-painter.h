/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts of report figures drawn with cairo and pango, for the app's widgets and the PDF. */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/**
 * HotlistChartKind:
 * @HOTLIST_CHART_BAR: one bar per category, series side by side (conversion by score band)
 * @HOTLIST_CHART_LINE: points joined by lines on numeric axes (ROC, calibration, drift)
 * @HOTLIST_CHART_HISTOGRAM: adjoining bins over a numeric x axis (score distribution)
 *
 * What a chart draws.
 */
typedef enum
{
  HOTLIST_CHART_BAR,
  HOTLIST_CHART_LINE,
  HOTLIST_CHART_HISTOGRAM,
} HotlistChartKind;

/**
 * HotlistChartFormat:
 * @HOTLIST_CHART_FORMAT_NUMBER: values shown as numbers
 * @HOTLIST_CHART_FORMAT_PERCENT: values are fractions, shown as percentages
 *
 * How values are written on an axis and in tooltips.
 */
typedef enum
{
  HOTLIST_CHART_FORMAT_NUMBER,
  HOTLIST_CHART_FORMAT_PERCENT,
} HotlistChartFormat;

/**
 * HotlistChartReference:
 * @HOTLIST_CHART_REFERENCE_NONE: no reference line
 * @HOTLIST_CHART_REFERENCE_HORIZONTAL: a level line at y = value (a base rate)
 * @HOTLIST_CHART_REFERENCE_DIAGONAL: the line y = x (chance on a ROC curve, perfect calibration)
 *
 * A dashed line to read the data against.
 */
typedef enum
{
  HOTLIST_CHART_REFERENCE_NONE,
  HOTLIST_CHART_REFERENCE_HORIZONTAL,
  HOTLIST_CHART_REFERENCE_DIAGONAL,
} HotlistChartReference;

/**
 * HOTLIST_CHART_N_SERIES_COLORS:
 *
 * How many series colours a palette has; further series take them again from the first.
 */
#define HOTLIST_CHART_N_SERIES_COLORS 4

/**
 * HotlistChartColor:
 * @red: from 0 to 1
 * @green: from 0 to 1
 * @blue: from 0 to 1
 * @alpha: the opacity, from 0 to 1
 */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} HotlistChartColor;

/**
 * HotlistChartPalette:
 * @fg: text, axes and reference lines
 * @bg: what the chart is drawn on (the outline of line markers)
 * @grid: the grid lines at the ticks
 * @series: one colour per series
 *
 * The colours of a chart, resolved by whoever draws it: from the style of a widget, or
 * hotlist_chart_palette_light() for print.
 */
typedef struct
{
  HotlistChartColor fg;
  HotlistChartColor bg;
  HotlistChartColor grid;
  HotlistChartColor series[HOTLIST_CHART_N_SERIES_COLORS];
} HotlistChartPalette;

const HotlistChartPalette *hotlist_chart_palette_light (void);

#define HOTLIST_TYPE_CHART_PAINTER (hotlist_chart_painter_get_type ())

G_DECLARE_FINAL_TYPE (HotlistChartPainter, hotlist_chart_painter, HOTLIST, CHART_PAINTER, GObject)

HotlistChartPainter *hotlist_chart_painter_new (HotlistChartKind kind);
HotlistChartKind     hotlist_chart_painter_get_kind (HotlistChartPainter *self);
void                 hotlist_chart_painter_set_series (HotlistChartPainter *self,
                                                       const char          *name,
                                                       const double        *x,
                                                       const double        *y,
                                                       guint                n);
gboolean             hotlist_chart_painter_set_intervals (HotlistChartPainter *self,
                                                          const char          *name,
                                                          const double        *low,
                                                          const double        *high,
                                                          guint                n);
guint                hotlist_chart_painter_get_n_series (HotlistChartPainter *self);
gboolean             hotlist_chart_painter_has_data (HotlistChartPainter *self);
void                 hotlist_chart_painter_clear (HotlistChartPainter *self);
void hotlist_chart_painter_set_labels (HotlistChartPainter *self, const char *const *categories);
void hotlist_chart_painter_set_axis_titles (HotlistChartPainter *self,
                                            const char          *x_title,
                                            const char          *y_title);
void hotlist_chart_painter_set_y_range (HotlistChartPainter *self, double min, double max);
void hotlist_chart_painter_set_x_range (HotlistChartPainter *self, double min, double max);
void hotlist_chart_painter_set_reference_line (HotlistChartPainter  *self,
                                               HotlistChartReference reference,
                                               double                value,
                                               const char           *label);
void hotlist_chart_painter_set_value_format (HotlistChartPainter *self, HotlistChartFormat format);
void hotlist_chart_painter_set_x_format (HotlistChartPainter *self, HotlistChartFormat format);
void hotlist_chart_painter_set_highlight (HotlistChartPainter *self, int series, guint index);
gboolean
      hotlist_chart_painter_get_highlight (HotlistChartPainter *self, guint *series, guint *index);
void  hotlist_chart_painter_set_pango_context (HotlistChartPainter *self, PangoContext *context);
void  hotlist_chart_painter_set_font_description (HotlistChartPainter        *self,
                                                  const PangoFontDescription *font);
char *hotlist_chart_painter_dup_name (HotlistChartPainter *self);
char *hotlist_chart_painter_dup_summary (HotlistChartPainter *self);
void  hotlist_chart_painter_draw (HotlistChartPainter       *self,
                                  cairo_t                   *cr,
                                  double                     width,
                                  double                     height,
                                  const HotlistChartPalette *palette);
void  hotlist_chart_painter_measure (HotlistChartPainter *self,
                                     double              *min_width,
                                     double              *natural_width,
                                     double              *min_height,
                                     double              *natural_height);
gboolean hotlist_chart_painter_get_plot_area (HotlistChartPainter *self,
                                              double               width,
                                              double               height,
                                              cairo_rectangle_t   *area);
gboolean hotlist_chart_painter_value_to_point (HotlistChartPainter *self,
                                               double               width,
                                               double               height,
                                               double               x,
                                               double               y,
                                               double              *point_x,
                                               double              *point_y);
gboolean hotlist_chart_painter_get_item_at (HotlistChartPainter *self,
                                            double               width,
                                            double               height,
                                            double               x,
                                            double               y,
                                            guint               *series,
                                            guint               *index);
char    *hotlist_chart_painter_dup_item_text (HotlistChartPainter *self, guint series, guint index);
guint hotlist_chart_nice_ticks (double min, double max, guint target, double *first, double *step);

G_END_DECLS
