/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An SDR's 👍/👎 on a lead's score, kept with the lead. */
#pragma once

#include "store/hotlist-store.h"

G_BEGIN_DECLS

gboolean hotlist_store_add_feedback (HotlistStore *store,
                                     gint64        lead,
                                     int           verdict,
                                     const char   *note,
                                     GError      **error);
/* The latest verdict on a lead: 1, -1, or 0 when none. */
int hotlist_store_get_feedback (HotlistStore *store, gint64 lead, GError **error);

G_END_DECLS
