/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import into a workspace: column mapping, kind inference, upsert by id, row reports. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hotlist-csv-import.h"
#include "hotlist-csv-reader.h"

/* A column with more distinct values than this is free text, not a category. */
#define MAX_CATEGORIES 100
#define PROGRESS_EVERY 1024

typedef struct
{
  char             *header;
  char             *attribute_name; /* for a custom column whose header repeats an earlier one */
  HotlistColumnRole role;
  HotlistLeadField  field;
  gboolean          also_field; /* an id or label column that also fills its field */

  /* Custom columns */
  char            *key;
  GString         *key_json; /* "key": ready to append */
  HotlistValueKind stored_kind;
  gboolean         created;
  guint64          n_values;
  guint64          n_number;
  guint64          n_boolean;
  guint64          n_date;
  GHashTable      *distinct; /* NULL once over MAX_CATEGORIES */
} Column;

struct _HotlistCsvImport
{
  GObject parent_instance;

  char                     *id_column;
  char                     *label_column;
  GHashTable               *mappings; /* column → HotlistColumnRole | field << 8 */
  char                      delimiter;
  char                     *source;
  HotlistImportProgressFunc progress_func;
  gpointer                  progress_data;
};

G_DEFINE_TYPE (HotlistCsvImport, hotlist_csv_import, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (hotlist-import-error-quark, hotlist_import_error)
/* clang-format on */

G_DEFINE_BOXED_TYPE (HotlistImportReport,
                     hotlist_import_report,
                     hotlist_import_report_copy,
                     hotlist_import_report_free)

static void
issue_free (gpointer data)
{
  HotlistImportIssue *issue = data;

  g_free (issue->reason);
  g_free (issue);
}

static HotlistImportReport *
report_new (void)
{
  HotlistImportReport *report = g_new0 (HotlistImportReport, 1);

  report->issues = g_ptr_array_new_with_free_func (issue_free);
  return report;
}

HotlistImportReport *
hotlist_import_report_copy (const HotlistImportReport *report)
{
  HotlistImportReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = report_new ();
  copy->read = report->read;
  copy->created = report->created;
  copy->updated = report->updated;
  copy->rejected = report->rejected;
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);
      HotlistImportIssue       *dup = g_new0 (HotlistImportIssue, 1);

      dup->line = issue->line;
      dup->rejected = issue->rejected;
      dup->reason = g_strdup (issue->reason);
      g_ptr_array_add (copy->issues, dup);
    }
  return copy;
}

void
hotlist_import_report_free (HotlistImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->issues);
  g_free (report);
}

static void
add_issue (HotlistImportReport *report, guint64 line, gboolean rejected, char *reason)
{
  HotlistImportIssue *issue = g_new0 (HotlistImportIssue, 1);

  issue->line = line;
  issue->rejected = rejected;
  issue->reason = reason;
  g_ptr_array_add (report->issues, issue);
}

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->header);
  g_free (column->attribute_name);
  g_free (column->key);
  if (column->key_json != NULL)
    g_string_free (column->key_json, TRUE);
  g_clear_pointer (&column->distinct, g_hash_table_unref);
}

static void
hotlist_csv_import_finalize (GObject *object)
{
  HotlistCsvImport *self = (HotlistCsvImport *)object;

  g_free (self->id_column);
  g_free (self->label_column);
  g_hash_table_unref (self->mappings);
  g_free (self->source);

  G_OBJECT_CLASS (hotlist_csv_import_parent_class)->finalize (object);
}

static void
hotlist_csv_import_class_init (HotlistCsvImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hotlist_csv_import_finalize;
}

static void
hotlist_csv_import_init (HotlistCsvImport *self)
{
  self->mappings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->source = g_strdup ("csv");
}

HotlistCsvImport *
hotlist_csv_import_new (void)
{
  return g_object_new (HOTLIST_TYPE_CSV_IMPORT, NULL);
}

/**
 * hotlist_csv_import_set_id_column:
 * @self: a #HotlistCsvImport
 * @column: (nullable): the column that holds each lead's id in the system the file came from
 *
 * Importing a row whose id is already known updates that lead. Without this, a column named
 * like an id ("Record ID", "Lead ID", "ID", "external_id") is used.
 */
void
hotlist_csv_import_set_id_column (HotlistCsvImport *self, const char *column)
{
  g_return_if_fail (HOTLIST_IS_CSV_IMPORT (self));
  g_free (self->id_column);
  self->id_column = g_strdup (column);
}

/**
 * hotlist_csv_import_set_label_column:
 * @self: a #HotlistCsvImport
 * @column: (nullable): the column that holds each lead's outcome
 *
 * Without this, a column named like an outcome ("outcome", "converted", "y") is used.
 */
void
hotlist_csv_import_set_label_column (HotlistCsvImport *self, const char *column)
{
  g_return_if_fail (HOTLIST_IS_CSV_IMPORT (self));
  g_free (self->label_column);
  self->label_column = g_strdup (column);
}

/**
 * hotlist_csv_import_add_mapping:
 * @self: a #HotlistCsvImport
 * @column: a column of the file
 * @target: a core field name, or "id", "label", "name", "custom" or "ignore"
 * @error: return location for a #GError
 *
 * Returns: %FALSE if @target names nothing
 */
gboolean
hotlist_csv_import_add_mapping (HotlistCsvImport *self,
                                const char       *column,
                                const char       *target,
                                GError          **error)
{
  HotlistColumnRole role;
  HotlistLeadField  field = 0;

  g_return_val_if_fail (HOTLIST_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (column != NULL && target != NULL, FALSE);

  if (!hotlist_column_parse_target (target, &role, &field))
    {
      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_MAPPING,
                   _ ("“%s” is not a field a column can be mapped to; use one of: %s"), target,
                   hotlist_column_describe_targets ());
      return FALSE;
    }
  g_hash_table_replace (self->mappings, g_strdup (column),
                        GUINT_TO_POINTER ((guint)role | ((guint)field << 8) | 0x10000));
  return TRUE;
}

void
hotlist_csv_import_set_delimiter (HotlistCsvImport *self, char delimiter)
{
  g_return_if_fail (HOTLIST_IS_CSV_IMPORT (self));
  self->delimiter = delimiter;
}

/**
 * hotlist_csv_import_set_source:
 * @self: a #HotlistCsvImport
 * @source: the name of the system the file comes from ("csv" unless told)
 *
 * Ids are unique per source, so two files from the same system share their leads.
 */
void
hotlist_csv_import_set_source (HotlistCsvImport *self, const char *source)
{
  g_return_if_fail (HOTLIST_IS_CSV_IMPORT (self));
  g_return_if_fail (source != NULL && *source != '\0');
  g_free (self->source);
  self->source = g_strdup (source);
}

void
hotlist_csv_import_set_progress_func (HotlistCsvImport         *self,
                                      HotlistImportProgressFunc func,
                                      gpointer                  user_data)
{
  g_return_if_fail (HOTLIST_IS_CSV_IMPORT (self));
  self->progress_func = func;
  self->progress_data = user_data;
}

static char *
list_headers (GArray *columns)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, g_array_index (columns, Column, i).header);
    }
  return g_string_free (list, FALSE);
}

static Column *
find_column (GArray *columns, const char *header)
{
  for (guint i = 0; i < columns->len; i++)
    if (strcmp (g_array_index (columns, Column, i).header, header) == 0)
      return &g_array_index (columns, Column, i);
  return NULL;
}

static gboolean
assign_named_column (GArray           *columns,
                     const char       *header,
                     HotlistColumnRole role,
                     const char       *option,
                     GError          **error)
{
  Column *column = find_column (columns, header);

  if (column == NULL)
    {
      g_autofree char *list = list_headers (columns);
      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN,
                   _ ("The file has no column “%s” (given as the %s column); its columns are: %s"),
                   header, option, list);
      return FALSE;
    }
  column->role = role;
  return TRUE;
}

static void
append_json_string (GString *out, const char *text, gsize length)
{
  const char *p = text;
  const char *end = text + length;

  g_string_append_c (out, '"');
  while (p < end)
    {
      const char *run = p;

      while (p < end && *p != '"' && *p != '\\' && (guchar)*p >= 0x20)
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", (guchar)*p);
          break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

/*
 * Plans what happens to each column: explicit options first, then header synonyms. A core
 * field is claimed by the first column that matches it; a later one stays a custom attribute.
 */
static GArray *
plan_columns (HotlistCsvImport *self, HotlistCsvReader *reader, GError **error)
{
  g_autoptr (GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  gboolean           claimed[HOTLIST_N_LEAD_FIELDS] = { FALSE };
  gboolean           has_id = FALSE, has_label = FALSE, has_first_or_last = FALSE;
  GHashTableIter     iter;
  gpointer           key, value;
  guint              n = hotlist_csv_reader_get_n_fields (reader);

  g_array_set_clear_func (columns, column_clear);
  g_array_set_size (columns, n);

  for (guint i = 0; i < n; i++)
    {
      Column     *column = &g_array_index (columns, Column, i);
      const char *header = hotlist_csv_reader_get_field (reader, i);

      column->header = g_strdup (header);
      column->role = G_MAXINT; /* not decided yet */
    }
  if (hotlist_csv_reader_get_problem (reader) != NULL)
    {
      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER,
                   _ ("The header line cannot be read: %s"),
                   hotlist_csv_reader_get_problem (reader));
      return NULL;
    }

  /* What the user said. */
  g_hash_table_iter_init (&iter, self->mappings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint   packed = GPOINTER_TO_UINT (value);
      Column *column = find_column (columns, key);

      if (column == NULL)
        {
          g_autofree char *list = list_headers (columns);
          g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN,
                       _ ("The file has no column “%s” (given in --map); its columns are: %s"),
                       (const char *)key, list);
          return NULL;
        }
      column->role = packed & 0xff;
      column->field = (packed >> 8) & 0xff;
    }
  if (self->id_column != NULL
      && !assign_named_column (columns, self->id_column, HOTLIST_COLUMN_ID, "id", error))
    return NULL;
  if (self->label_column != NULL
      && !assign_named_column (columns, self->label_column, HOTLIST_COLUMN_LABEL, "label", error))
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      Column *column = &g_array_index (columns, Column, i);
      if (column->role == HOTLIST_COLUMN_FIELD)
        claimed[column->field] = TRUE;
      has_id |= column->role == HOTLIST_COLUMN_ID;
      has_label |= column->role == HOTLIST_COLUMN_LABEL;
    }

  /* An id or label column named like a core field fills that field too ("--id Email"). */
  for (guint i = 0; i < n; i++)
    {
      Column          *column = &g_array_index (columns, Column, i);
      HotlistLeadField field = 0;

      if ((column->role == HOTLIST_COLUMN_ID || column->role == HOTLIST_COLUMN_LABEL)
          && hotlist_column_match (column->header, &field) == HOTLIST_COLUMN_FIELD
          && !claimed[field])
        {
          claimed[field] = TRUE;
          column->field = field;
          column->also_field = TRUE;
        }
    }

  /* Header synonyms for the rest. */
  for (guint i = 0; i < n; i++)
    {
      Column           *column = &g_array_index (columns, Column, i);
      HotlistLeadField  field = 0;
      HotlistColumnRole role;

      if (column->role != (HotlistColumnRole)G_MAXINT)
        continue;
      role = hotlist_column_match (column->header, &field);
      if (role == HOTLIST_COLUMN_FIELD && !claimed[field])
        {
          claimed[field] = TRUE;
          column->field = field;
        }
      else if (role == HOTLIST_COLUMN_FIELD
               || (role == HOTLIST_COLUMN_ID && (has_id || self->id_column != NULL))
               || (role == HOTLIST_COLUMN_LABEL && (has_label || self->label_column != NULL)))
        role = HOTLIST_COLUMN_CUSTOM;
      has_id |= role == HOTLIST_COLUMN_ID;
      has_label |= role == HOTLIST_COLUMN_LABEL;
      column->role = role;
    }

  has_first_or_last =
      claimed[HOTLIST_LEAD_FIELD_FIRST_NAME] || claimed[HOTLIST_LEAD_FIELD_LAST_NAME];
  for (guint i = 0; i < n; i++)
    {
      Column *column = &g_array_index (columns, Column, i);

      /* A full name beside first and last names is kept as it is. */
      if (column->role == HOTLIST_COLUMN_FULL_NAME && has_first_or_last)
        column->role = HOTLIST_COLUMN_CUSTOM;
      if (column->role == HOTLIST_COLUMN_FULL_NAME)
        has_first_or_last = TRUE;
      if (column->role == HOTLIST_COLUMN_CUSTOM && column->header[0] == '\0')
        column->role = HOTLIST_COLUMN_IGNORE;
    }

  /* Two columns with the same name keep both their values: the second is "Notes (2)". */
  for (guint i = 0; i < n; i++)
    {
      Column *column = &g_array_index (columns, Column, i);
      guint   same = 1;

      if (column->role != HOTLIST_COLUMN_CUSTOM)
        continue;
      for (guint j = 0; j < i; j++)
        if (g_array_index (columns, Column, j).role == HOTLIST_COLUMN_CUSTOM
            && strcmp (g_array_index (columns, Column, j).header, column->header) == 0)
          same++;
      if (same > 1)
        column->attribute_name = g_strdup_printf ("%s (%u)", column->header, same);
    }

  return g_steal_pointer (&columns);
}

static gboolean
register_custom_columns (GArray *columns, HotlistStore *store, GError **error)
{
  for (guint i = 0; i < columns->len; i++)
    {
      Column *column = &g_array_index (columns, Column, i);

      if (column->role != HOTLIST_COLUMN_CUSTOM)
        continue;
      column->key =
          hotlist_store_ensure_custom_attribute (store,
                                                 column->attribute_name != NULL
                                                     ? column->attribute_name
                                                     : column->header,
                                                 &column->stored_kind, &column->created, error);
      if (column->key == NULL)
        return FALSE;
      column->key_json = g_string_new (NULL);
      append_json_string (column->key_json, column->key, strlen (column->key));
      g_string_append_c (column->key_json, ':');
      column->distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  return TRUE;
}

static gboolean
looks_like_date (const char *value)
{
  return g_ascii_isdigit (value[0])
         && (strchr (value, '-') != NULL || strchr (value, '/') != NULL
             || strchr (value, '.') != NULL);
}

/* Counts what the values of a custom column look like; once one value breaks a kind, that
 * kind is not checked again. */
static void
observe_value (Column *column, const char *value)
{
  double   number;
  gboolean boolean;
  gint64   date;
  guint64  seen = column->n_values++;

  if (column->n_number == seen && hotlist_value_parse_number (value, &number))
    column->n_number++;
  if (column->n_boolean == seen && hotlist_value_parse_boolean (value, &boolean))
    column->n_boolean++;
  if (column->n_date == seen && looks_like_date (value) && hotlist_value_parse_date (value, &date))
    column->n_date++;
  if (column->distinct != NULL && !g_hash_table_contains (column->distinct, value))
    {
      if (g_hash_table_size (column->distinct) >= MAX_CATEGORIES)
        g_clear_pointer (&column->distinct, g_hash_table_unref);
      else
        g_hash_table_add (column->distinct, g_strdup (value));
    }
}

static HotlistValueKind
infer_kind (const Column *column)
{
  guint n_distinct;

  if (column->n_boolean == column->n_values)
    return HOTLIST_VALUE_BOOLEAN;
  if (column->n_number == column->n_values)
    return HOTLIST_VALUE_NUMBER;
  if (column->n_date == column->n_values)
    return HOTLIST_VALUE_DATE;
  if (column->distinct == NULL)
    return HOTLIST_VALUE_TEXT;
  /* Values that repeat are categories; values that are all different are free text. */
  n_distinct = g_hash_table_size (column->distinct);
  if (n_distinct <= MAX (1, column->n_values / 2))
    return HOTLIST_VALUE_CATEGORY;
  return HOTLIST_VALUE_TEXT;
}

static gboolean
store_kinds (GArray *columns, HotlistStore *store, GError **error)
{
  for (guint i = 0; i < columns->len; i++)
    {
      Column          *column = &g_array_index (columns, Column, i);
      HotlistValueKind kind;

      if (column->role != HOTLIST_COLUMN_CUSTOM || column->n_values == 0)
        continue;
      kind = infer_kind (column);
      if (!column->created)
        kind = hotlist_value_kind_widen (column->stored_kind, kind);
      if ((column->created || kind != column->stored_kind)
          && !hotlist_store_update_attribute_kind (store, column->key, kind, error))
        return FALSE;
    }
  return TRUE;
}

/* "51-200" → 126, "10,000+" → 10000, "1200" → 1200 */
static gboolean
parse_company_size (const char *value, gint64 *size)
{
  char   copy[64];
  char  *dash;
  double low, high;
  gsize  len;

  if (g_strlcpy (copy, value, sizeof copy) >= sizeof copy)
    return FALSE;
  g_strstrip (copy);
  len = strlen (copy);
  if (len > 0 && copy[len - 1] == '+')
    copy[len - 1] = '\0';
  dash = strchr (copy + 1, '-');
  if (dash != NULL)
    {
      *dash = '\0';
      if (!hotlist_value_parse_number (copy, &low) || !hotlist_value_parse_number (dash + 1, &high)
          || low < 0 || high < low)
        return FALSE;
      *size = (gint64)llround ((low + high) / 2);
      return TRUE;
    }
  if (!hotlist_value_parse_number (copy, &low) || low < 0 || low > 1e9)
    return FALSE;
  *size = (gint64)llround (low);
  return TRUE;
}

typedef struct
{
  char *first;
  char *last;
} NameParts;

static void
split_full_name (const char *value, NameParts *parts)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  char            *space = strchr (copy, ' ');

  /* The first word is the first name, the rest the last name: "Anna-Lena van der Berg" keeps
   * its surname whole, as CRMs split names too. */
  if (space == NULL)
    {
      parts->first = g_steal_pointer (&copy);
      return;
    }
  *space = '\0';
  parts->first = g_strdup (copy);
  parts->last = g_strdup (g_strchug (space + 1));
}

/*
 * A cell of a core field. An empty text or size cell clears the field; a date is written only
 * when the cell holds one, so a re-import without dates keeps the lead's creation date. A
 * value that cannot be read is not imported, and reported.
 */
static void
read_field_cell (const Column        *column,
                 const char          *value,
                 gboolean             empty,
                 HotlistLeadInput    *input,
                 HotlistImportReport *report,
                 guint64              line)
{
  gint64 when = 0;

  if (column->field < HOTLIST_N_LEAD_TEXT_FIELDS)
    {
      HOTLIST_LEAD_INPUT_SET (input, column->field);
      input->text[column->field] = empty ? NULL : value;
      return;
    }
  if (column->field == HOTLIST_LEAD_FIELD_COMPANY_SIZE)
    {
      if (empty)
        {
          HOTLIST_LEAD_INPUT_SET (input, column->field);
          input->company_size = -1;
        }
      else if (parse_company_size (value, &input->company_size))
        HOTLIST_LEAD_INPUT_SET (input, column->field);
      else
        add_issue (report, line, FALSE,
                   g_strdup_printf (_ ("company size “%s” in column “%s” is not a number and "
                                       "was not imported"),
                                    value, column->header));
      return;
    }
  if (empty)
    return;
  if (!hotlist_value_parse_date (value, &when))
    {
      add_issue (report, line, FALSE,
                 g_strdup_printf (_ ("“%s” in column “%s” is not a date and was not imported"),
                                  value, column->header));
      return;
    }
  HOTLIST_LEAD_INPUT_SET (input, column->field);
  if (column->field == HOTLIST_LEAD_FIELD_CREATED_AT)
    input->created_at = when;
  else
    input->last_activity_date = when;
}

static void
stall_for_tests (guint64 rows)
{
  /* Lets the crash test kill the process at a known point inside the import transaction. */
  g_printerr ("hotlist: import paused after %" G_GUINT64_FORMAT " rows\n", rows);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

static gboolean
import_rows (HotlistCsvImport    *self,
             HotlistStore        *store,
             HotlistCsvReader    *reader,
             GArray              *columns,
             HotlistImportReport *report,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr (GString) patch = g_string_sized_new (256);
  const char         *stall_env = g_getenv ("HOTLIST_TEST_STALL_IMPORT_AFTER");
  guint64             stall_after = stall_env != NULL ? g_ascii_strtoull (stall_env, NULL, 10) : 0;
  guint               n_columns = columns->len;

  for (;;)
    {
      HotlistLeadInput   input = { 0 };
      NameParts          name = { NULL, NULL };
      gboolean           has_custom = FALSE;
      gboolean           reject = FALSE;
      gboolean           created = FALSE;
      g_autoptr (GError) row_error = NULL;
      guint64            line;
      guint              n_fields;
      guint              first_issue;

      if (!hotlist_csv_reader_next (reader, error))
        return error == NULL || *error == NULL;

      report->read++;
      line = hotlist_csv_reader_get_line (reader);
      if (report->read % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (self->progress_func != NULL)
            self->progress_func (hotlist_csv_reader_get_bytes_read (reader), report->read,
                                 self->progress_data);
        }
      if (stall_after > 0 && report->read == stall_after)
        stall_for_tests (report->read);

      if (hotlist_csv_reader_get_problem (reader) != NULL)
        {
          int field = hotlist_csv_reader_get_problem_field (reader);

          report->rejected++;
          if (field >= 0 && (guint)field < n_columns)
            add_issue (report, line, TRUE,
                       g_strdup_printf (_ ("the value in column “%s” is not valid UTF-8 text"),
                                        g_array_index (columns, Column, field).header));
          else
            add_issue (report, line, TRUE, g_strdup (hotlist_csv_reader_get_problem (reader)));
          continue;
        }
      n_fields = hotlist_csv_reader_get_n_fields (reader);
      if (n_fields != n_columns)
        {
          report->rejected++;
          add_issue (report, line, TRUE,
                     g_strdup_printf (_ ("expected %u fields as in the header, found %u"),
                                      n_columns, n_fields));
          continue;
        }

      input.source = self->source;
      first_issue = report->issues->len;
      g_string_truncate (patch, 0);
      g_string_append_c (patch, '{');

      for (guint i = 0; i < n_columns && !reject; i++)
        {
          Column     *column = &g_array_index (columns, Column, i);
          const char *value = hotlist_csv_reader_get_field (reader, i);
          gsize       length = hotlist_csv_reader_get_field_length (reader, i);
          gboolean    empty = length == 0;

          switch (column->role)
            {
            case HOTLIST_COLUMN_FIELD:
              read_field_cell (column, value, empty, &input, report, line);
              break;

            case HOTLIST_COLUMN_ID:
              input.external_id = empty ? NULL : value;
              if (column->also_field)
                read_field_cell (column, value, empty, &input, report, line);
              break;

            case HOTLIST_COLUMN_LABEL:
              if (column->also_field)
                read_field_cell (column, value, empty, &input, report, line);
              HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_OUTCOME);
              if (!hotlist_outcome_parse_label (value, &input.outcome))
                {
                  reject = TRUE;
                  add_issue (report, line, TRUE,
                             g_strdup_printf (_ ("“%s” in column “%s” is not an outcome "
                                                 "(use 1/0, yes/no, won/lost, converted…)"),
                                              value, column->header));
                }
              break;

            case HOTLIST_COLUMN_LEAD_ID:
              input.lead_id = empty ? NULL : value;
              break;

            case HOTLIST_COLUMN_OUTCOME_AT:
              if (!empty && !hotlist_value_parse_date (value, &input.outcome_at))
                add_issue (report, line, FALSE,
                           g_strdup_printf (_ ("“%s” in column “%s” is not a date and was not "
                                               "imported"),
                                            value, column->header));
              break;

            case HOTLIST_COLUMN_SOURCE_SYSTEM:
              if (!empty)
                input.source = value;
              break;

            case HOTLIST_COLUMN_FULL_NAME:
              HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_FIRST_NAME);
              HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_LAST_NAME);
              if (!empty)
                {
                  split_full_name (value, &name);
                  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = name.first;
                  input.text[HOTLIST_LEAD_FIELD_LAST_NAME] = name.last;
                }
              break;

            case HOTLIST_COLUMN_CUSTOM:
              if (has_custom)
                g_string_append_c (patch, ',');
              has_custom = TRUE;
              g_string_append_len (patch, column->key_json->str, column->key_json->len);
              if (empty)
                g_string_append (patch, "null");
              else
                {
                  append_json_string (patch, value, length);
                  observe_value (column, value);
                }
              break;

            case HOTLIST_COLUMN_IGNORE:
            case HOTLIST_COLUMN_DERIVED:
            default:
              break;
            }
        }

      if (!reject)
        {
          g_string_append_c (patch, '}');
          input.custom_patch = has_custom ? patch->str : NULL;
          if (hotlist_store_upsert_lead (store, &input, NULL, &created, &row_error))
            {
              if (created)
                report->created++;
              else
                report->updated++;
            }
          else if (g_error_matches (row_error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID))
            {
              reject = TRUE;
              add_issue (report, line, TRUE, g_strdup (row_error->message));
            }
          else
            {
              g_free (name.first);
              g_free (name.last);
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
        }
      if (reject)
        {
          /* A rejected row is reported once, for why it was rejected: warnings about its
           * other cells would only be noise. */
          for (guint i = report->issues->len; i > first_issue; i--)
            if (!((HotlistImportIssue *)g_ptr_array_index (report->issues, i - 1))->rejected)
              g_ptr_array_remove_index (report->issues, i - 1);
          report->rejected++;
        }
      g_free (name.first);
      g_free (name.last);
    }
}

/**
 * hotlist_csv_import_run:
 * @self: a #HotlistCsvImport
 * @store: the workspace's store
 * @stream: the CSV file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports every good row of the file in one transaction. Rows that cannot be imported are
 * listed in the report with their line and reason; the others are imported. An error
 * (unreadable file, unknown column in an option, cancellation) imports nothing.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistImportReport *
hotlist_csv_import_run (HotlistCsvImport *self,
                        HotlistStore     *store,
                        GInputStream     *stream,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr (HotlistCsvReader)    reader = NULL;
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GArray)              columns = NULL;
  GError                         *local_error = NULL;

  g_return_val_if_fail (HOTLIST_IS_CSV_IMPORT (self), NULL);
  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader = hotlist_csv_reader_new (stream, self->delimiter, cancellable, error);
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
  columns = plan_columns (self, reader, error);
  if (columns == NULL)
    return NULL;

  report = report_new ();
  if (!hotlist_store_begin (store, error))
    return NULL;
  if (!register_custom_columns (columns, store, error)
      || !import_rows (self, store, reader, columns, report, cancellable, error)
      || !store_kinds (columns, store, error) || !hotlist_store_commit (store, error))
    {
      hotlist_store_rollback (store);
      return NULL;
    }
  if (self->progress_func != NULL)
    self->progress_func (hotlist_csv_reader_get_bytes_read (reader), report->read,
                         self->progress_data);
  return g_steal_pointer (&report);
}

HotlistImportReport *
hotlist_csv_import_run_path (HotlistCsvImport *self,
                             HotlistStore     *store,
                             const char       *path,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_autoptr (GFile)            file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  return hotlist_csv_import_run (self, store, G_INPUT_STREAM (stream), cancellable, error);
}
