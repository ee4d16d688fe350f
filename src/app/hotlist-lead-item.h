/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One row of the lead list, made on demand from the list's compact data. */
#pragma once

#include <glib-object.h>

#include "hotlist.h"

G_BEGIN_DECLS

/* What a row shows; the strings belong to the item. */
typedef struct
{
  gint64         id;
  int            score;       /* -1 when not scored */
  double         probability; /* NAN when not scored */
  const char    *tier;        /* "hot", "warm", "cool", "cold", or NULL */
  HotlistOutcome outcome;
  const char    *name;
  const char    *company;
  const char    *title;
  const char    *owner;
  const char    *source;
  const char    *status;
  gint64         last_activity; /* 0 when none */
} HotlistLeadRow;

#define HOTLIST_TYPE_LEAD_ITEM (hotlist_lead_item_get_type ())

G_DECLARE_FINAL_TYPE (HotlistLeadItem, hotlist_lead_item, HOTLIST, LEAD_ITEM, GObject)

HotlistLeadItem      *hotlist_lead_item_new (const HotlistLeadRow *row);
const HotlistLeadRow *hotlist_lead_item_get_row (HotlistLeadItem *self);
gint64                hotlist_lead_item_get_id (HotlistLeadItem *self);

G_END_DECLS
