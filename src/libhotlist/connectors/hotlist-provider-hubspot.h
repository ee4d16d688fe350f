/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Hubspot connector. */
#pragma once

#include "hotlist-provider-base.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_PROVIDER_HUBSPOT (hotlist_provider_hubspot_get_type ())

G_DECLARE_FINAL_TYPE (HotlistProviderHubspot,
                      hotlist_provider_hubspot,
                      HOTLIST,
                      PROVIDER_HUBSPOT,
                      HotlistProviderBase)

G_END_DECLS
