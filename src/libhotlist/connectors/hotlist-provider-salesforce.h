/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Salesforce connector. */
#pragma once

#include "hotlist-provider-base.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_PROVIDER_SALESFORCE (hotlist_provider_salesforce_get_type ())

G_DECLARE_FINAL_TYPE (HotlistProviderSalesforce, hotlist_provider_salesforce, HOTLIST, PROVIDER_SALESFORCE,
                      HotlistProviderBase)

G_END_DECLS
