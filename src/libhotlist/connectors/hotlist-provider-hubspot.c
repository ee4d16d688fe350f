/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Hubspot connector (being written). */
#include "config.h"

#include "hotlist-provider-hubspot.h"

struct _HotlistProviderHubspot
{
  HotlistProviderBase parent_instance;
};

G_DEFINE_FINAL_TYPE (HotlistProviderHubspot, hotlist_provider_hubspot, HOTLIST_TYPE_PROVIDER_BASE)

static void
hotlist_provider_hubspot_class_init (HotlistProviderHubspotClass *klass)
{
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  base_class->service = "hubspot";
}

static void
hotlist_provider_hubspot_init (HotlistProviderHubspot *self)
{
}
