/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import of lead activities: columns by name, leads by id, upsert by activity id. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-activity-import.h"
#include "hotlist-csv-reader.h"
#include "store/hotlist-activity.h"

#define CANCEL_CHECK_EVERY 1024

/* The source the lead import gives its leads unless told otherwise. */
#define DEFAULT_SOURCE "csv"

typedef enum
{
  ROLE_LEAD,
  ROLE_TYPE,
  ROLE_DATE,
  ROLE_ID,
  ROLE_DETAILS,
  N_ROLES
} Role;

/* The normalized headers each role's column is found by, the preferred first. */
static const char *const role_names[N_ROLES][8] = {
  [ROLE_LEAD] = { "lead", "leadid", "externalid", "contactid", "personid", "hotlistleadid",
                  "leadexternalid", NULL },
  [ROLE_TYPE] = { "type", "activitytype", "eventtype", NULL },
  [ROLE_DATE] = { "date", "activitydate", "timestamp", "occurredat", NULL },
  [ROLE_ID] = { "activityid", "id", NULL },
  [ROLE_DETAILS] = { "details", "activitydetails", "description", "subject", NULL },
};

/* What a file lacks without the column of a required role. */
static const char *
describe_missing (Role role)
{
  switch (role)
    {
    case ROLE_LEAD:
      return _ ("no lead column (one named “Lead”, “Lead ID”, “External ID”, “Contact ID”, "
                "“Person ID”, “Hotlist Lead ID” or “Lead External ID”)");
    case ROLE_TYPE:
      return _ ("no activity type column (one named “Type”, “Activity Type” or “Event Type”)");
    case ROLE_DATE:
      return _ ("no date column (one named “Date”, “Activity Date”, “Timestamp” or "
                "“Occurred At”)");
    case ROLE_ID:
    case ROLE_DETAILS:
    case N_ROLES:
    default:
      return NULL;
    }
}

typedef struct
{
  HotlistStore        *store;
  const char          *source;
  HotlistImportReport *report;
  GPtrArray           *headers;
  int                  column[N_ROLES]; /* field index, or -1 */

  GHashTable *leads;    /* lead cell → gint64 row id, 0 for no such lead */
  GHashTable *contents; /* digest of an id-less activity → times seen in this file */
  GChecksum  *checksum;
  GString    *key;
  GString    *trim[N_ROLES];
} Import;

static void
issue_free (gpointer data)
{
  HotlistImportIssue *issue = data;

  g_free (issue->reason);
  g_free (issue);
}

static void
reject (Import *import, guint64 line, char *reason)
{
  HotlistImportIssue *issue = g_new0 (HotlistImportIssue, 1);

  issue->line = line;
  issue->rejected = TRUE;
  issue->reason = reason;
  g_ptr_array_add (import->report->issues, issue);
  import->report->rejected++;
}

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->headers, g_ptr_array_unref);
  g_clear_pointer (&import->leads, g_hash_table_unref);
  g_clear_pointer (&import->contents, g_hash_table_unref);
  g_clear_pointer (&import->checksum, g_checksum_free);
  if (import->key != NULL)
    g_string_free (import->key, TRUE);
  for (guint i = 0; i < N_ROLES; i++)
    if (import->trim[i] != NULL)
      g_string_free (import->trim[i], TRUE);
  hotlist_import_report_free (import->report);
}

static char *
list_headers (GPtrArray *headers)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < headers->len; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, g_ptr_array_index (headers, i));
    }
  return g_string_free (list, FALSE);
}

/* Finds each role's column; among several, the one with the preferred name, then the first. */
static gboolean
plan_columns (Import *import, HotlistCsvReader *reader, GError **error)
{
  guint               n = hotlist_csv_reader_get_n_fields (reader);
  int                 rank[N_ROLES];
  g_autoptr (GString) missing = NULL;

  import->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < N_ROLES; r++)
    {
      import->column[r] = -1;
      rank[r] = G_MAXINT;
    }

  for (guint i = 0; i < n; i++)
    {
      const char      *header = hotlist_csv_reader_get_field (reader, i);
      g_autofree char *name = hotlist_column_normalize (header);

      g_ptr_array_add (import->headers, g_strstrip (g_strdup (header)));
      for (guint r = 0; r < N_ROLES; r++)
        for (int k = 0; role_names[r][k] != NULL; k++)
          if (strcmp (name, role_names[r][k]) == 0 && k < rank[r])
            {
              import->column[r] = (int)i;
              rank[r] = k;
            }
    }

  for (guint r = 0; r < N_ROLES; r++)
    {
      const char *what = describe_missing (r);

      if (what == NULL || import->column[r] >= 0)
        continue;
      if (missing == NULL)
        missing = g_string_new (what);
      else
        g_string_append_printf (missing, "; %s", what);
    }
  if (missing != NULL)
    {
      g_autofree char *list = list_headers (import->headers);

      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER,
                   _ ("The file cannot be imported as activities: it has %s. Its columns are: %s"),
                   missing->str, list);
      return FALSE;
    }
  return TRUE;
}

/* The cell of @role without surrounding white space; copied only when it has some. */
static const char *
get_cell (Import *import, HotlistCsvReader *reader, Role role)
{
  const char *value;
  gsize       length;
  gsize       start = 0;

  if (import->column[role] < 0)
    return "";
  value = hotlist_csv_reader_get_field (reader, (guint)import->column[role]);
  length = hotlist_csv_reader_get_field_length (reader, (guint)import->column[role]);
  while (start < length && g_ascii_isspace (value[start]))
    start++;
  while (length > start && g_ascii_isspace (value[length - 1]))
    length--;
  if (value[length] == '\0')
    return value + start;
  g_string_truncate (import->trim[role], 0);
  g_string_append_len (import->trim[role], value + start, length - start);
  return import->trim[role]->str;
}

static const char *
header_of (Import *import, Role role)
{
  return g_ptr_array_index (import->headers, import->column[role]);
}

/* Unix seconds ("1714567890") or milliseconds ("1714567890123"), as trackers write them. */
static gboolean
parse_unix_time (const char *text, gint64 *unix_seconds)
{
  gsize  digits = strspn (text, "0123456789");
  gint64 value;

  if (digits < 9 || digits > 13 || (text[digits] != '\0' && text[digits] != '.'))
    return FALSE;
  if (text[digits] == '.' && strspn (text + digits + 1, "0123456789") != strlen (text + digits + 1))
    return FALSE;
  value = g_ascii_strtoll (text, NULL, 10);
  *unix_seconds = digits > 11 ? value / 1000 : value;
  return TRUE;
}

static gboolean
parse_date (const char *text, gint64 *unix_seconds)
{
  return hotlist_value_parse_date (text, unix_seconds) || parse_unix_time (text, unix_seconds);
}

static gboolean
only_separators (const char *text)
{
  return text[strspn (text, " \t-_")] == '\0';
}

/* The lead a cell names, by id in the import's source or by Hotlist lead id; 0 for none. */
static gboolean
resolve_lead (Import *import, const char *cell, gint64 *lead, GError **error)
{
  gint64 *known = g_hash_table_lookup (import->leads, cell);
  gint64  id;

  if (known != NULL)
    {
      *lead = *known;
      return TRUE;
    }
  id = hotlist_store_lookup_lead (import->store, import->source, cell, error);
  if (id < 0)
    return FALSE;
  g_hash_table_insert (import->leads, g_strdup (cell), g_memdup2 (&id, sizeof id));
  *lead = id;
  return TRUE;
}

/*
 * An activity without an id is known by what it is: its lead, type, date and details, and
 * which of the same it is in the file (two identical page views stay two). Importing the file
 * again then finds the activities it made instead of adding them twice.
 */
static const char *
content_key (Import *import, gint64 lead, const char *type, gint64 date, const char *details)
{
  char  number[64];
  guint seen;
  char *digest;
  gsize n;

  g_checksum_reset (import->checksum);
  n = (gsize)g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f",
                         lead, date);
  g_checksum_update (import->checksum, (const guchar *)number, n);
  g_checksum_update (import->checksum, (const guchar *)type, strlen (type));
  if (details != NULL)
    {
      g_checksum_update (import->checksum, (const guchar *)"\x1f", 1);
      g_checksum_update (import->checksum, (const guchar *)details, strlen (details));
    }
  digest = g_strndup (g_checksum_get_string (import->checksum), 32);
  seen = GPOINTER_TO_UINT (g_hash_table_lookup (import->contents, digest)) + 1;

  g_string_truncate (import->key, 0);
  g_string_append_printf (import->key, "row-%s", digest);
  if (seen > 1)
    g_string_append_printf (import->key, "-%u", seen);
  g_hash_table_replace (import->contents, digest, GUINT_TO_POINTER (seen));
  return import->key->str;
}

static gboolean
import_row (Import *import, HotlistCsvReader *reader, guint64 line, GError **error)
{
  const char      *lead_cell, *type_cell, *date_cell, *id_cell, *details;
  const char      *external_id;
  g_autofree char *type = NULL;
  gint64           lead = 0;
  gint64           date = 0;
  gboolean         created = FALSE;

  lead_cell = get_cell (import, reader, ROLE_LEAD);
  if (*lead_cell == '\0')
    {
      reject (import, line,
              g_strdup_printf (_ ("no lead in column “%s”"), header_of (import, ROLE_LEAD)));
      return TRUE;
    }
  if (!resolve_lead (import, lead_cell, &lead, error))
    return FALSE;
  if (lead == 0)
    {
      reject (import, line,
              g_strdup_printf (_ ("no lead “%s” (column “%s”): it is neither the id of a lead "
                                  "imported from “%s” nor a Hotlist lead id"),
                               lead_cell, header_of (import, ROLE_LEAD), import->source));
      return TRUE;
    }

  type_cell = get_cell (import, reader, ROLE_TYPE);
  type = hotlist_activity_normalize_type (type_cell, NULL);
  if (type == NULL)
    {
      if (only_separators (type_cell))
        reject (import, line,
                g_strdup_printf (_ ("no activity type in column “%s”"),
                                 header_of (import, ROLE_TYPE)));
      else
        reject (import, line,
                g_strdup_printf (_ ("“%s” in column “%s” is not an activity type (use letters, "
                                    "digits, spaces, “-” or “_”, like “page_view”)"),
                                 type_cell, header_of (import, ROLE_TYPE)));
      return TRUE;
    }

  date_cell = get_cell (import, reader, ROLE_DATE);
  if (*date_cell == '\0')
    {
      reject (import, line,
              g_strdup_printf (_ ("no date in column “%s”"), header_of (import, ROLE_DATE)));
      return TRUE;
    }
  if (!parse_date (date_cell, &date))
    {
      reject (import, line,
              g_strdup_printf (_ ("“%s” in column “%s” is not a date"), date_cell,
                               header_of (import, ROLE_DATE)));
      return TRUE;
    }

  details = import->column[ROLE_DETAILS] >= 0
                ? hotlist_csv_reader_get_field (reader, (guint)import->column[ROLE_DETAILS])
                : NULL;
  if (details != NULL && details[strspn (details, " \t\r\n")] == '\0')
    details = NULL;

  id_cell = get_cell (import, reader, ROLE_ID);
  external_id = *id_cell != '\0' ? id_cell : content_key (import, lead, type, date, details);

  /* Every check that can reject a row was made above, so a failure here is the workspace's
   * and ends the import. */
  if (!hotlist_store_add_activity (import->store, lead, type, date, details, import->source,
                                   external_id, NULL, &created, error))
    return FALSE;
  if (created)
    import->report->created++;
  else
    import->report->updated++;
  return TRUE;
}

static gboolean
import_rows (Import *import, HotlistCsvReader *reader, GCancellable *cancellable, GError **error)
{
  guint n_columns = import->headers->len;

  for (;;)
    {
      guint64 line;
      guint   n_fields;

      if (!hotlist_csv_reader_next (reader, error))
        return error == NULL || *error == NULL;

      import->report->read++;
      line = hotlist_csv_reader_get_line (reader);
      if (import->report->read % CANCEL_CHECK_EVERY == 0
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (hotlist_csv_reader_get_problem (reader) != NULL)
        {
          int field = hotlist_csv_reader_get_problem_field (reader);

          if (field >= 0 && (guint)field < n_columns)
            reject (import, line,
                    g_strdup_printf (_ ("the value in column “%s” is not valid UTF-8 text"),
                                     (const char *)g_ptr_array_index (import->headers, field)));
          else
            reject (import, line, g_strdup (hotlist_csv_reader_get_problem (reader)));
          continue;
        }
      n_fields = hotlist_csv_reader_get_n_fields (reader);
      if (n_fields != n_columns)
        {
          reject (import, line,
                  g_strdup_printf (_ ("expected %u fields as in the header, found %u"), n_columns,
                                   n_fields));
          continue;
        }

      if (!import_row (import, reader, line, error))
        return FALSE;
    }
}

/**
 * hotlist_activity_import_run:
 * @store: the workspace's store
 * @input: a CSV file of activities, one a row
 * @source: (nullable): the system the file comes from: its leads are looked up among the
 *   leads imported from it, and its activities are known by their ids in it ("csv" if %NULL,
 *   as for lead imports)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports what leads did: a lead column (the lead's id in @source, or its Hotlist lead id), an
 * activity type and a date are needed; an activity id and details are read when present. The
 * delimiter is sniffed. An activity whose id was imported before is updated, not added again;
 * one without an id is known by its content, so that importing a file twice adds nothing.
 *
 * Rows naming no known lead, or without a type or a readable date, are listed in the report
 * with their line and reason; the others are imported, in one transaction. An error (an
 * unreadable file, a missing column, cancellation) imports nothing.
 *
 * Returns: (transfer full): the report (created and updated count activities), or %NULL with
 *   @error set
 */
HotlistImportReport *
hotlist_activity_import_run (HotlistStore *store,
                             GInputStream *input,
                             const char   *source,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autoptr (HotlistCsvReader) reader = NULL;
  Import                       import = { 0 };
  GError                      *local_error = NULL;
  HotlistImportReport         *report;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = hotlist_csv_reader_new (input, '\0', cancellable, error);
  if (reader == NULL)
    return NULL;
  if (!hotlist_csv_reader_next (reader, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_EMPTY,
                     _ ("The file is empty: a CSV file needs a header line naming its columns"));
      return NULL;
    }

  import.store = store;
  import.source = source != NULL && *source != '\0' ? source : DEFAULT_SOURCE;
  import.report = g_new0 (HotlistImportReport, 1);
  import.report->issues = g_ptr_array_new_with_free_func (issue_free);
  if (!plan_columns (&import, reader, error))
    {
      import_clear (&import);
      return NULL;
    }
  import.leads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.checksum = g_checksum_new (G_CHECKSUM_SHA256);
  import.key = g_string_sized_new (48);
  for (guint i = 0; i < N_ROLES; i++)
    import.trim[i] = g_string_sized_new (64);

  if (!hotlist_store_begin (store, error))
    {
      import_clear (&import);
      return NULL;
    }
  if (!import_rows (&import, reader, cancellable, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error)
      || !hotlist_store_commit (store, error))
    {
      hotlist_store_rollback (store);
      import_clear (&import);
      return NULL;
    }

  report = g_steal_pointer (&import.report);
  import_clear (&import);
  return report;
}

/**
 * hotlist_activity_import_run_path:
 * @store: the workspace's store
 * @path: the CSV file
 * @source: (nullable): as for hotlist_activity_import_run()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistImportReport *
hotlist_activity_import_run_path (HotlistStore *store,
                                  const char   *path,
                                  const char   *source,
                                  GCancellable *cancellable,
                                  GError      **error)
{
  g_autoptr (GFile)            file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  return hotlist_activity_import_run (store, G_INPUT_STREAM (stream), source, cancellable, error);
}
