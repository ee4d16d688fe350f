/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One workspace: a database file of leads, and the entry point the app, CLI and server share. */
#pragma once

#include <gio/gio.h>

#include "scoring/hotlist-scorer.h"
#include "store/hotlist-store.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_WORKSPACE (hotlist_workspace_get_type ())

G_DECLARE_FINAL_TYPE (HotlistWorkspace, hotlist_workspace, HOTLIST, WORKSPACE, GObject)

#define HOTLIST_WORKSPACE_SUFFIX ".hotlist"

HotlistWorkspace *hotlist_workspace_open (const char *path, GError **error);
const char       *hotlist_workspace_get_path (HotlistWorkspace *self);
HotlistStore     *hotlist_workspace_get_store (HotlistWorkspace *self);
HotlistScorer    *hotlist_workspace_get_scorer (HotlistWorkspace *self);
char             *hotlist_workspace_dup_name (HotlistWorkspace *self);
gboolean hotlist_workspace_set_name (HotlistWorkspace *self, const char *name, GError **error);

char *hotlist_workspace_peek_name (const char *path);
char *hotlist_workspace_get_default_dir (void);
char *hotlist_workspace_get_default_path (void);
char *hotlist_workspace_path_for_name (const char *name);

G_END_DECLS
