/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lead detail pane: score and tier, why, activity timeline, outcome and feedback controls. */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_LEAD_DETAIL (hotlist_lead_detail_get_type ())

G_DECLARE_FINAL_TYPE (HotlistLeadDetail, hotlist_lead_detail, HOTLIST, LEAD_DETAIL, AdwBin)

HotlistLeadDetail *hotlist_lead_detail_new (void);
void
hotlist_lead_detail_set_lead (HotlistLeadDetail *self, HotlistWorkspace *workspace, gint64 lead);
gint64 hotlist_lead_detail_get_lead (HotlistLeadDetail *self);
void   hotlist_lead_detail_refresh (HotlistLeadDetail *self);
/* For tests: the factor rows shown under "Why this score", as their plain-language text. */
GPtrArray *hotlist_lead_detail_dup_factor_texts (HotlistLeadDetail *self);

G_END_DECLS
