/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the workspace's leads by score beside the selected lead, and Reports. */
#pragma once

#include <adwaita.h>

#include "hotlist-application.h"
#include "hotlist-lead-detail.h"
#include "hotlist-lead-list.h"
#include "hotlist-reports-view.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_WINDOW (hotlist_window_get_type ())

G_DECLARE_FINAL_TYPE (HotlistWindow, hotlist_window, HOTLIST, WINDOW, AdwApplicationWindow)

HotlistWindow    *hotlist_window_new (HotlistApplication *application, HotlistWorkspace *workspace);
HotlistWorkspace *hotlist_window_get_workspace (HotlistWindow *self);
void              hotlist_window_set_workspace (HotlistWindow *self, HotlistWorkspace *workspace);
gboolean    hotlist_window_open_workspace (HotlistWindow *self, const char *path, GError **error);
void        hotlist_window_update_workspaces (HotlistWindow *self);
gboolean    hotlist_window_create_workspace (HotlistWindow *self, const char *name, GError **error);
gboolean    hotlist_window_rename_workspace (HotlistWindow *self, const char *name, GError **error);
GMenuModel *hotlist_window_get_workspaces_menu (HotlistWindow *self);
GListModel *hotlist_window_get_leads (HotlistWindow *self);
HotlistLeadList    *hotlist_window_get_lead_list (HotlistWindow *self);
HotlistLeadDetail  *hotlist_window_get_detail (HotlistWindow *self);
GtkEditable        *hotlist_window_get_search_entry (HotlistWindow *self);
void                hotlist_window_select_position (HotlistWindow *self, guint position);
GtkWindow          *hotlist_window_open_model_window (HotlistWindow *self);
void                hotlist_window_show_error (HotlistWindow *self, const char *message);
void                hotlist_window_show_toast (HotlistWindow *self, const char *message);
void                hotlist_window_reload (HotlistWindow *self);
void                hotlist_window_refresh_scores (HotlistWindow *self);
const char         *hotlist_window_get_page_name (HotlistWindow *self);
gboolean            hotlist_window_is_folded (HotlistWindow *self);
const char         *hotlist_window_get_visible_pane (HotlistWindow *self);
GtkColumnView      *hotlist_window_get_column_view (HotlistWindow *self);
HotlistReportsView *hotlist_window_get_reports_view (HotlistWindow *self);
void                hotlist_window_show_view (HotlistWindow *self, const char *name);

char *hotlist_format_days_ago (gint64 when);

G_END_DECLS
