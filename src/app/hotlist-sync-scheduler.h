/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Syncs a workspace's connected accounts in the background, every few minutes (GSettings). */
#pragma once

#include <gio/gio.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_SYNC_SCHEDULER (hotlist_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (HotlistSyncScheduler,
                      hotlist_sync_scheduler,
                      HOTLIST,
                      SYNC_SCHEDULER,
                      GObject)

HotlistSyncScheduler *hotlist_sync_scheduler_new (GSettings *settings);
void     hotlist_sync_scheduler_set_workspace (HotlistSyncScheduler *self, const char *path);
gboolean hotlist_sync_scheduler_run_now (HotlistSyncScheduler *self);
gboolean hotlist_sync_scheduler_is_running (HotlistSyncScheduler *self);

G_END_DECLS
