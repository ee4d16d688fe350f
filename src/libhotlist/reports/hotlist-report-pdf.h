/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole dashboard as a PDF, one page per report, with its charts. */
#pragma once

#include "reports/hotlist-reports.h"

G_BEGIN_DECLS

gboolean
hotlist_reports_write_pdf (const HotlistReports *reports, const char *path, GError **error);

G_END_DECLS
