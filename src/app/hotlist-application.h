/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Hotlist application: command-line options, actions, and the window it opens. */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_APPLICATION (hotlist_application_get_type ())

G_DECLARE_FINAL_TYPE (HotlistApplication, hotlist_application, HOTLIST, APPLICATION, AdwApplication)

HotlistApplication *hotlist_application_new (void);
HotlistWorkspace *
hotlist_application_open_workspace (HotlistApplication *self, const char *path, GError **error);
HotlistWorkspace *hotlist_application_open_demo (HotlistApplication *self, GError **error);
void              hotlist_application_open_demo_async (HotlistApplication *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
HotlistWorkspace *hotlist_application_open_demo_finish (HotlistApplication *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
GSettings        *hotlist_application_get_settings (HotlistApplication *self);

G_END_DECLS
