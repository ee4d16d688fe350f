/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hotlist-sync.h"

G_DEFINE_QUARK (hotlist-sync-error-quark, hotlist_sync_error)
