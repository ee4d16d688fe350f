/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each report as a CSV table. */

#include "config.h"

#include "hotlist-reports.h"

char *
hotlist_reports_to_csv (const HotlistReports *reports, HotlistReportKind kind)
{
  return g_strdup ("");
}
