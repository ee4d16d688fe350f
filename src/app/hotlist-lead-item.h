/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lead as a list item, for the lead list's column view. */
#pragma once

#include <glib-object.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_LEAD_ITEM (hotlist_lead_item_get_type ())

G_DECLARE_FINAL_TYPE (HotlistLeadItem, hotlist_lead_item, HOTLIST, LEAD_ITEM, GObject)

HotlistLeadItem   *hotlist_lead_item_new (const HotlistLead *lead);
const HotlistLead *hotlist_lead_item_get_lead (HotlistLeadItem *self);

G_END_DECLS
