/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Pipedrive connector (being written). */
#include "config.h"

#include "hotlist-provider-pipedrive.h"

struct _HotlistProviderPipedrive
{
  HotlistProviderBase parent_instance;
};

G_DEFINE_FINAL_TYPE (HotlistProviderPipedrive, hotlist_provider_pipedrive, HOTLIST_TYPE_PROVIDER_BASE)

static void
hotlist_provider_pipedrive_class_init (HotlistProviderPipedriveClass *klass)
{
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  base_class->service = "pipedrive";
}

static void
hotlist_provider_pipedrive_init (HotlistProviderPipedrive *self)
{
}
