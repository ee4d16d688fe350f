/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lead list's model: compact rows for a whole workspace, sorted, searched and filtered. */
#pragma once

#include <gtk/gtk.h>

#include "hotlist-lead-item.h"
#include "hotlist.h"

G_BEGIN_DECLS

typedef enum
{
  HOTLIST_LEAD_SORT_SCORE,
  HOTLIST_LEAD_SORT_NAME,
  HOTLIST_LEAD_SORT_COMPANY,
  HOTLIST_LEAD_SORT_TITLE,
  HOTLIST_LEAD_SORT_TIER,
  HOTLIST_LEAD_SORT_LAST_ACTIVITY,
  HOTLIST_LEAD_SORT_OWNER,
  HOTLIST_LEAD_SORT_SOURCE,
  HOTLIST_N_LEAD_SORTS
} HotlistLeadSort;

typedef enum
{
  HOTLIST_LEAD_FILTER_TIER,
  HOTLIST_LEAD_FILTER_OWNER,
  HOTLIST_LEAD_FILTER_SOURCE,
  HOTLIST_LEAD_FILTER_STATUS,
  HOTLIST_LEAD_FILTER_OUTCOME,
  HOTLIST_N_LEAD_FILTERS
} HotlistLeadFilter;

#define HOTLIST_TYPE_LEAD_LIST (hotlist_lead_list_get_type ())

G_DECLARE_FINAL_TYPE (HotlistLeadList, hotlist_lead_list, HOTLIST, LEAD_LIST, GObject)

HotlistLeadList *hotlist_lead_list_new (void);

gboolean
hotlist_lead_list_load (HotlistLeadList *self, HotlistStore *store, gint64 limit, GError **error);
void hotlist_lead_list_load_async (HotlistLeadList    *self,
                                   const char         *store_path,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean
     hotlist_lead_list_load_finish (HotlistLeadList *self, GAsyncResult *result, GError **error);
void hotlist_lead_list_clear (HotlistLeadList *self);
gboolean hotlist_lead_list_is_complete (HotlistLeadList *self);

gboolean hotlist_lead_list_update_leads (HotlistLeadList *self,
                                         HotlistStore    *store,
                                         const gint64    *ids,
                                         guint            n_ids,
                                         GError         **error);
gboolean
hotlist_lead_list_refresh_scores (HotlistLeadList *self, HotlistStore *store, GError **error);

void hotlist_lead_list_set_sort (HotlistLeadList *self, HotlistLeadSort sort, gboolean descending);
HotlistLeadSort hotlist_lead_list_get_sort (HotlistLeadList *self, gboolean *descending);
void            hotlist_lead_list_set_search (HotlistLeadList *self, const char *text);
void
hotlist_lead_list_set_filter (HotlistLeadList *self, HotlistLeadFilter filter, const char *value);
const char *hotlist_lead_list_get_filter (HotlistLeadList *self, HotlistLeadFilter filter);
GStrv       hotlist_lead_list_dup_values (HotlistLeadList *self, HotlistLeadFilter filter);

guint  hotlist_lead_list_get_n_total (HotlistLeadList *self);
guint  hotlist_lead_list_find (HotlistLeadList *self, gint64 lead);
gint64 hotlist_lead_list_get_id (HotlistLeadList *self, guint position);
void   hotlist_lead_list_select_lead (HotlistLeadList *self, gint64 lead);
gint64 hotlist_lead_list_get_selected_lead (HotlistLeadList *self);

G_END_DECLS
