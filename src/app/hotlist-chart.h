/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart of report figures (bars, lines, histogram) as a widget: a HotlistChartPainter drawn
 * in the style of the window, with tooltips and an accessible description. */
#pragma once

#include <gtk/gtk.h>

#include "reports/hotlist-chart-painter.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_CHART (hotlist_chart_get_type ())

G_DECLARE_FINAL_TYPE (HotlistChart, hotlist_chart, HOTLIST, CHART, GtkWidget)

GtkWidget       *hotlist_chart_new (HotlistChartKind kind);
HotlistChartKind hotlist_chart_get_kind (HotlistChart *self);
void             hotlist_chart_set_series (HotlistChart *self,
                                           const char   *name,
                                           const double *x,
                                           const double *y,
                                           guint         n);
gboolean         hotlist_chart_set_intervals (HotlistChart *self,
                                              const char   *name,
                                              const double *low,
                                              const double *high,
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

G_END_DECLS
