/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import into a workspace: column mapping, kind inference, upsert by id, row reports. */
#pragma once

#include <gio/gio.h>

#include "hotlist-column-match.h"
#include "store/hotlist-store.h"

G_BEGIN_DECLS

#define HOTLIST_IMPORT_ERROR (hotlist_import_error_quark ())

/**
 * HotlistImportError:
 * @HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN: an option names a column the file does not have
 * @HOTLIST_IMPORT_ERROR_BAD_MAPPING: a mapping names no field
 * @HOTLIST_IMPORT_ERROR_EMPTY: the file has no header
 * @HOTLIST_IMPORT_ERROR_BAD_HEADER: the header cannot be read
 */
typedef enum
{
  HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN,
  HOTLIST_IMPORT_ERROR_BAD_MAPPING,
  HOTLIST_IMPORT_ERROR_EMPTY,
  HOTLIST_IMPORT_ERROR_BAD_HEADER,
} HotlistImportError;

GQuark hotlist_import_error_quark (void);

/**
 * HotlistImportIssue:
 * @line: the line of the file the row starts on
 * @rejected: %TRUE if the row was not imported, %FALSE for a warning on an imported row
 * @reason: what is wrong, in plain words
 */
typedef struct
{
  guint64  line;
  gboolean rejected;
  char    *reason;
} HotlistImportIssue;

/**
 * HotlistImportReport:
 * @read: data rows read
 * @created: leads created
 * @updated: leads updated
 * @rejected: rows not imported
 * @issues: (element-type HotlistImportIssue): rejected rows and warnings, in file order
 */
typedef struct
{
  guint64    read;
  guint64    created;
  guint64    updated;
  guint64    rejected;
  GPtrArray *issues;
} HotlistImportReport;

#define HOTLIST_TYPE_IMPORT_REPORT (hotlist_import_report_get_type ())

GType                hotlist_import_report_get_type (void) G_GNUC_CONST;
HotlistImportReport *hotlist_import_report_copy (const HotlistImportReport *report);
void                 hotlist_import_report_free (HotlistImportReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistImportReport, hotlist_import_report_free)

/**
 * HotlistImportProgressFunc:
 * @bytes_read: bytes of the file read so far
 * @rows_read: rows read so far
 * @user_data: closure data
 *
 * Called now and then during an import, from the thread that runs it.
 */
typedef void (*HotlistImportProgressFunc) (guint64  bytes_read,
                                           guint64  rows_read,
                                           gpointer user_data);

#define HOTLIST_TYPE_CSV_IMPORT (hotlist_csv_import_get_type ())

G_DECLARE_FINAL_TYPE (HotlistCsvImport, hotlist_csv_import, HOTLIST, CSV_IMPORT, GObject)

HotlistCsvImport *hotlist_csv_import_new (void);
void              hotlist_csv_import_set_id_column (HotlistCsvImport *self, const char *column);
void              hotlist_csv_import_set_label_column (HotlistCsvImport *self, const char *column);
gboolean          hotlist_csv_import_add_mapping (HotlistCsvImport *self,
                                                  const char       *column,
                                                  const char       *target,
                                                  GError          **error);
void              hotlist_csv_import_set_delimiter (HotlistCsvImport *self, char delimiter);
void              hotlist_csv_import_set_source (HotlistCsvImport *self, const char *source);
void              hotlist_csv_import_set_progress_func (HotlistCsvImport         *self,
                                                        HotlistImportProgressFunc func,
                                                        gpointer                  user_data);

HotlistImportReport *hotlist_csv_import_run (HotlistCsvImport *self,
                                             HotlistStore     *store,
                                             GInputStream     *stream,
                                             GCancellable     *cancellable,
                                             GError          **error);
HotlistImportReport *hotlist_csv_import_run_path (HotlistCsvImport *self,
                                                  HotlistStore     *store,
                                                  const char       *path,
                                                  GCancellable     *cancellable,
                                                  GError          **error);

G_END_DECLS
