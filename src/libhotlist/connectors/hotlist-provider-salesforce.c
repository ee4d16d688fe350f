/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Salesforce connector (being written). */
#include "config.h"

#include "hotlist-provider-salesforce.h"

struct _HotlistProviderSalesforce
{
  HotlistProviderBase parent_instance;
};

G_DEFINE_FINAL_TYPE (HotlistProviderSalesforce, hotlist_provider_salesforce, HOTLIST_TYPE_PROVIDER_BASE)

static void
hotlist_provider_salesforce_class_init (HotlistProviderSalesforceClass *klass)
{
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  base_class->service = "salesforce";
}

static void
hotlist_provider_salesforce_init (HotlistProviderSalesforce *self)
{
}
