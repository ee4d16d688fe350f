/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lead as a list item, for the lead list's column view. */

#include "hotlist-lead-item.h"

struct _HotlistLeadItem
{
  GObject parent_instance;

  HotlistLead *lead;
};

G_DEFINE_TYPE (HotlistLeadItem, hotlist_lead_item, G_TYPE_OBJECT)

static void
hotlist_lead_item_finalize (GObject *object)
{
  HotlistLeadItem *self = (HotlistLeadItem *)object;

  g_clear_pointer (&self->lead, hotlist_lead_free);

  G_OBJECT_CLASS (hotlist_lead_item_parent_class)->finalize (object);
}

static void
hotlist_lead_item_class_init (HotlistLeadItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hotlist_lead_item_finalize;
}

static void
hotlist_lead_item_init (HotlistLeadItem *self)
{
}

HotlistLeadItem *
hotlist_lead_item_new (const HotlistLead *lead)
{
  HotlistLeadItem *self;

  g_return_val_if_fail (lead != NULL, NULL);

  self = g_object_new (HOTLIST_TYPE_LEAD_ITEM, NULL);
  self->lead = hotlist_lead_copy (lead);
  return self;
}

const HotlistLead *
hotlist_lead_item_get_lead (HotlistLeadItem *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_ITEM (self), NULL);
  return self->lead;
}
