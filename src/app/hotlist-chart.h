/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart of report figures (bars, lines, histogram) drawn by one routine into a snapshot or any cairo context. */
#pragma once

#include <gtk/gtk.h>

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

#define HOTLIST_TYPE_CHART (hotlist_chart_get_type ())

G_DECLARE_FINAL_TYPE (HotlistChart, hotlist_chart, HOTLIST, CHART, GtkWidget)

GtkWidget       *hotlist_chart_new (HotlistChartKind kind);
HotlistChartKind hotlist_chart_get_kind (HotlistChart *self);
void             hotlist_chart_set_series (HotlistChart *self,
                                           const char   *name,
                                           const double *x,
                                           const double *y,
                                           guint         n);
void             hotlist_chart_clear (HotlistChart *self);
void             hotlist_chart_set_labels (HotlistChart *self, const char *const *categories);
void  hotlist_chart_set_axis_titles (HotlistChart *self, const char *x_title, const char *y_title);
void  hotlist_chart_set_y_range (HotlistChart *self, double min, double max);
void  hotlist_chart_set_x_range (HotlistChart *self, double min, double max);
void  hotlist_chart_set_reference_line (HotlistChart         *self,
                                        HotlistChartReference reference,
                                        double                value,
                                        const char           *label);
void  hotlist_chart_set_value_format (HotlistChart *self, HotlistChartFormat format);
void  hotlist_chart_set_x_format (HotlistChart *self, HotlistChartFormat format);
char *hotlist_chart_dup_summary (HotlistChart *self);
void  hotlist_chart_draw_to_cairo (HotlistChart *self, cairo_t *cr, int width, int height);
gboolean
hotlist_chart_get_plot_area (HotlistChart *self, int width, int height, graphene_rect_t *area);
gboolean hotlist_chart_value_to_point (HotlistChart     *self,
                                       int               width,
                                       int               height,
                                       double            x,
                                       double            y,
                                       graphene_point_t *point);
gboolean hotlist_chart_get_item_at (HotlistChart *self,
                                    int           width,
                                    int           height,
                                    double        x,
                                    double        y,
                                    guint        *series,
                                    guint        *index);
char    *hotlist_chart_dup_item_text (HotlistChart *self, guint series, guint index);
guint hotlist_chart_nice_ticks (double min, double max, guint target, double *first, double *step);

G_END_DECLS
