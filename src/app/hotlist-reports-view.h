/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports view of the main window. */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_REPORTS_VIEW (hotlist_reports_view_get_type ())

G_DECLARE_FINAL_TYPE (HotlistReportsView, hotlist_reports_view, HOTLIST, REPORTS_VIEW, GtkWidget)

GtkWidget        *hotlist_reports_view_new (void);
HotlistWorkspace *hotlist_reports_view_get_workspace (HotlistReportsView *self);
void     hotlist_reports_view_set_workspace (HotlistReportsView *self, HotlistWorkspace *workspace);
void     hotlist_reports_view_refresh (HotlistReportsView *self);
gboolean hotlist_reports_view_is_computing (HotlistReportsView *self);
const HotlistReports *hotlist_reports_view_get_reports (HotlistReportsView *self);
const char           *hotlist_reports_view_get_range (HotlistReportsView *self);
void                  hotlist_reports_view_set_range (HotlistReportsView *self, const char *range);
void       hotlist_reports_view_set_custom_range (HotlistReportsView *self, gint64 from, gint64 to);
gboolean   hotlist_reports_view_export_csv_to_file (HotlistReportsView *self,
                                                    HotlistReportKind   kind,
                                                    const char         *path,
                                                    GError            **error);
gboolean   hotlist_reports_view_export_pdf_to_file (HotlistReportsView *self,
                                                    const char         *path,
                                                    GError            **error);
char      *hotlist_reports_view_dup_csv_name (HotlistReportsView *self, HotlistReportKind kind);
GtkWindow *hotlist_reports_view_open_costs (HotlistReportsView *self);

G_END_DECLS
