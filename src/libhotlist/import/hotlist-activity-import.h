/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import of lead activities (page views, email opens, calls…) into a workspace. */
#pragma once

#include <gio/gio.h>

#include "hotlist-csv-import.h"
#include "store/hotlist-store.h"

G_BEGIN_DECLS

HotlistImportReport *hotlist_activity_import_run (HotlistStore *store,
                                                  GInputStream *input,
                                                  const char   *source,
                                                  GCancellable *cancellable,
                                                  GError      **error);
HotlistImportReport *hotlist_activity_import_run_path (HotlistStore *store,
                                                       const char   *path,
                                                       const char   *source,
                                                       GCancellable *cancellable,
                                                       GError      **error);

G_END_DECLS
