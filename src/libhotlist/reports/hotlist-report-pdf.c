/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole dashboard as a PDF, one page per report, with its charts. */

#include "config.h"

#include "hotlist-report-pdf.h"

#include <gio/gio.h>

/* Placeholder until the PDF writer lands. */
gboolean
hotlist_reports_write_pdf (const HotlistReports *reports, const char *path, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}
