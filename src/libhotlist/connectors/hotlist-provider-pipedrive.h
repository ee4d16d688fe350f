/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Pipedrive connector. */
#pragma once

#include "hotlist-provider-base.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_PROVIDER_PIPEDRIVE (hotlist_provider_pipedrive_get_type ())

G_DECLARE_FINAL_TYPE (HotlistProviderPipedrive,
                      hotlist_provider_pipedrive,
                      HOTLIST,
                      PROVIDER_PIPEDRIVE,
                      HotlistProviderBase)

G_END_DECLS
