/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import dialog: pick a CSV, preview it, map its columns, import with progress, summary. */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_IMPORT_DIALOG (hotlist_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HotlistImportDialog, hotlist_import_dialog, HOTLIST, IMPORT_DIALOG, AdwWindow)

HotlistImportDialog *hotlist_import_dialog_new (GtkWindow *parent, HotlistWorkspace *workspace);
void                 hotlist_import_dialog_set_file (HotlistImportDialog *self, GFile *file);

/* For tests */
const char *hotlist_import_dialog_get_page_name (HotlistImportDialog *self);
const char *hotlist_import_dialog_get_error_message (HotlistImportDialog *self);
guint       hotlist_import_dialog_get_n_columns (HotlistImportDialog *self);
guint       hotlist_import_dialog_get_n_preview_rows (HotlistImportDialog *self);
const char *hotlist_import_dialog_get_column_sample (HotlistImportDialog *self, guint column);
const char *hotlist_import_dialog_get_column_target (HotlistImportDialog *self, guint column);
gboolean    hotlist_import_dialog_set_column_target (HotlistImportDialog *self,
                                                     guint                column,
                                                     const char          *target);
const char *hotlist_import_dialog_get_mapping_problem (HotlistImportDialog *self);
gboolean    hotlist_import_dialog_start_import (HotlistImportDialog *self);
void        hotlist_import_dialog_cancel_import (HotlistImportDialog *self);
guint64     hotlist_import_dialog_get_rows_read (HotlistImportDialog *self);
const HotlistImportReport *hotlist_import_dialog_get_report (HotlistImportDialog *self);

G_END_DECLS
