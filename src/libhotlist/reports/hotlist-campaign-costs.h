/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a lead source or a campaign cost: entered by a manager, read by the ROI report. */
#pragma once

#include <glib.h>

#include "store/hotlist-store.h"

G_BEGIN_DECLS

/**
 * HotlistCostKind:
 * @HOTLIST_COST_SOURCE: the cost of a lead source (the lead_source field)
 * @HOTLIST_COST_CAMPAIGN: the cost of a campaign (the campaign attribute)
 */
typedef enum
{
  HOTLIST_COST_SOURCE,
  HOTLIST_COST_CAMPAIGN,
} HotlistCostKind;

/**
 * HotlistCampaignCost:
 * @id: the row, 0 for one not yet stored
 * @kind: a source's or a campaign's
 * @name: the source or campaign
 * @cost: the amount, 0 or more
 * @currency: the ISO 4217 code, "USD" when unset
 * @period_start: the first day it covers (Unix seconds), 0 for no period
 * @period_end: the end of what it covers (excluded), 0 for no period
 *
 * A report counts the share of a cost's period that lies in its range (prorated by time); a
 * cost without a period always counts in full.
 */
typedef struct
{
  gint64          id;
  HotlistCostKind kind;
  char           *name;
  double          cost;
  char           *currency;
  gint64          period_start;
  gint64          period_end;
} HotlistCampaignCost;

HotlistCampaignCost *
hotlist_campaign_cost_new (HotlistCostKind kind, const char *name, double cost);
HotlistCampaignCost *hotlist_campaign_cost_copy (const HotlistCampaignCost *cost);
void                 hotlist_campaign_cost_free (HotlistCampaignCost *cost);

GPtrArray *hotlist_campaign_costs_list (HotlistStore *store, GError **error);
gint64
hotlist_campaign_costs_add (HotlistStore *store, const HotlistCampaignCost *cost, GError **error);
gboolean hotlist_campaign_costs_update (HotlistStore              *store,
                                        const HotlistCampaignCost *cost,
                                        GError                   **error);
gboolean hotlist_campaign_costs_remove (HotlistStore *store, gint64 id, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistCampaignCost, hotlist_campaign_cost_free)

G_END_DECLS
