/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the workspace's leads, by score. */
#pragma once

#include <adwaita.h>

#include "hotlist-application.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_WINDOW (hotlist_window_get_type ())

G_DECLARE_FINAL_TYPE (HotlistWindow, hotlist_window, HOTLIST, WINDOW, AdwApplicationWindow)

HotlistWindow    *hotlist_window_new (HotlistApplication *application, HotlistWorkspace *workspace);
HotlistWorkspace *hotlist_window_get_workspace (HotlistWindow *self);
GListModel       *hotlist_window_get_leads (HotlistWindow *self);
void              hotlist_window_show_error (HotlistWindow *self, const char *message);
void              hotlist_window_reload (HotlistWindow *self);
const char       *hotlist_window_get_page_name (HotlistWindow *self);

G_END_DECLS
