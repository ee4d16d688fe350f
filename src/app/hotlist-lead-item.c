/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One row of the lead list, made on demand from the list's compact data. */

#include <string.h>

#include "hotlist-lead-item.h"

struct _HotlistLeadItem
{
  GObject        parent_instance;
  HotlistLeadRow row;
  char          *strings; /* the row's strings, one block */
};

G_DEFINE_TYPE (HotlistLeadItem, hotlist_lead_item, G_TYPE_OBJECT)

static void
hotlist_lead_item_finalize (GObject *object)
{
  HotlistLeadItem *self = (HotlistLeadItem *)object;

  g_free (self->strings);
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

/**
 * hotlist_lead_item_new:
 * @row: what the row shows; its strings are copied
 *
 * Returns: (transfer full): a new item
 */
HotlistLeadItem *
hotlist_lead_item_new (const HotlistLeadRow *row)
{
  HotlistLeadItem   *self;
  const char *const *in[] = { &row->tier,  &row->name,   &row->company, &row->title,
                              &row->owner, &row->source, &row->status };
  const char       **out[G_N_ELEMENTS (in)];
  gsize              size = 0;
  char              *p;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (HOTLIST_TYPE_LEAD_ITEM, NULL);
  self->row = *row;
  out[0] = &self->row.tier;
  out[1] = &self->row.name;
  out[2] = &self->row.company;
  out[3] = &self->row.title;
  out[4] = &self->row.owner;
  out[5] = &self->row.source;
  out[6] = &self->row.status;
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    size += *in[i] != NULL ? strlen (*in[i]) + 1 : 0;
  p = self->strings = g_malloc (MAX (size, 1));
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    if (*in[i] != NULL)
      {
        gsize len = strlen (*in[i]) + 1;

        memcpy (p, *in[i], len);
        *out[i] = p;
        p += len;
      }
  return self;
}

const HotlistLeadRow *
hotlist_lead_item_get_row (HotlistLeadItem *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_ITEM (self), NULL);
  return &self->row;
}

gint64
hotlist_lead_item_get_id (HotlistLeadItem *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_ITEM (self), 0);
  return self->row.id;
}
