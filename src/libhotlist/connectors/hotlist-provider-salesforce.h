/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Salesforce connector: Leads by SOQL on SystemModstamp, their Tasks and Events as
 * activities, scores written back through sObject Collections. */
#pragma once

#include "hotlist-provider-base.h"

G_BEGIN_DECLS

/* The REST API version every request is made with (`/services/data/v60.0/…`). */
#define HOTLIST_SALESFORCE_API_VERSION "v60.0"

/* The custom Lead fields Hotlist writes; created through the Tooling API when missing. */
#define HOTLIST_SALESFORCE_SCORE_FIELD "hotlist_score__c"
#define HOTLIST_SALESFORCE_TIER_FIELD "hotlist_tier__c"

#define HOTLIST_TYPE_PROVIDER_SALESFORCE (hotlist_provider_salesforce_get_type ())

G_DECLARE_FINAL_TYPE (HotlistProviderSalesforce,
                      hotlist_provider_salesforce,
                      HOTLIST,
                      PROVIDER_SALESFORCE,
                      HotlistProviderBase)

G_END_DECLS
