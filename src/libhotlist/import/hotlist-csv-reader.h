/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A streaming RFC 4180 CSV reader with delimiter sniffing, for imports of any size. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HotlistCsvReader HotlistCsvReader;

HotlistCsvReader *hotlist_csv_reader_new (GInputStream *stream,
                                          char          delimiter,
                                          GCancellable *cancellable,
                                          GError      **error);
HotlistCsvReader      *
hotlist_csv_reader_new_for_path (const char *path, char delimiter, GError **error);
void hotlist_csv_reader_free (HotlistCsvReader *self);

char        hotlist_csv_reader_get_delimiter (HotlistCsvReader *self);
gboolean    hotlist_csv_reader_next (HotlistCsvReader *self, GError **error);
guint       hotlist_csv_reader_get_n_fields (HotlistCsvReader *self);
const char *hotlist_csv_reader_get_field (HotlistCsvReader *self, guint index);
gsize       hotlist_csv_reader_get_field_length (HotlistCsvReader *self, guint index);
guint64     hotlist_csv_reader_get_line (HotlistCsvReader *self);
const char *hotlist_csv_reader_get_problem (HotlistCsvReader *self);
int         hotlist_csv_reader_get_problem_field (HotlistCsvReader *self);
guint64     hotlist_csv_reader_get_bytes_read (HotlistCsvReader *self);

char hotlist_csv_sniff_delimiter (const char *data, gsize length);
void hotlist_csv_append_cell (GString *line, const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistCsvReader, hotlist_csv_reader_free)

G_END_DECLS
