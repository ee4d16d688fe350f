/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of a workspace's leads as CSV or JSON, in a shape its own import reads back. */
#pragma once

#include <gio/gio.h>

#include "store/hotlist-store.h"

G_BEGIN_DECLS

/**
 * HotlistExportFormat:
 * @HOTLIST_EXPORT_CSV: RFC 4180 CSV with a header line
 * @HOTLIST_EXPORT_JSON: a JSON array of objects, one per lead
 */
typedef enum
{
  HOTLIST_EXPORT_CSV,
  HOTLIST_EXPORT_JSON,
} HotlistExportFormat;

gboolean hotlist_export_leads (HotlistStore       *store,
                               HotlistExportFormat format,
                               GOutputStream      *stream,
                               GCancellable       *cancellable,
                               GError            **error);

G_END_DECLS
