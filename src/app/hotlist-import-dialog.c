/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import dialog: pick a CSV, preview it, map its columns, import with progress, summary. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hotlist-import-dialog.h"

/* Rows read for the preview, and rows listed in the summary before "and N more". */
#define N_PREVIEW_ROWS 20
#define MAX_LISTED_ISSUES 200

/* The grid of the preview page: a line-number column, then one column per file column. */
#define GRID_ROW_HEADER 0
#define GRID_ROW_TARGET 1
#define GRID_ROW_SAMPLE 2
#define GRID_ROW_SEPARATOR 3
#define GRID_ROW_FIRST_DATA 4

typedef struct
{
  HotlistColumnRole role;
  HotlistLeadField  field;
  const char       *label;
} Target;

/* What a column can become, in the order the drop-downs list them. */
static const Target targets[] = {
  { HOTLIST_COLUMN_CUSTOM, 0, N_ ("Custom attribute") },
    { HOTLIST_COLUMN_IGNORE, 0, N_ ("Ignore") },
      { HOTLIST_COLUMN_ID, 0, N_ ("Lead ID / external id") },
        { HOTLIST_COLUMN_LABEL, 0, N_ ("Outcome label") },
          { HOTLIST_COLUMN_OUTCOME_AT, 0, N_ ("Outcome date") },
            { HOTLIST_COLUMN_FULL_NAME, 0, N_ ("Full name") },
              { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_FIRST_NAME, N_ ("First name") },
                { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_LAST_NAME, N_ ("Last name") },
                  { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_EMAIL, N_ ("Email") },
                    { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_COMPANY, N_ ("Company") },
                      { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_JOB_TITLE, N_ ("Job title") },
                        { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_INDUSTRY, N_ ("Industry") },
                          { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_COMPANY_SIZE,
                            N_ ("Company size") },
                            { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_COUNTRY, N_ ("Country") },
                              { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_LEAD_SOURCE,
                                N_ ("Lead source") },
                                { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_STATUS, N_ ("Status") },
                                  { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_OWNER, N_ ("Owner") },
                                    { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_CREATED_AT,
                                      N_ ("Created") },
                                      { HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE,
                                        N_ ("Last activity") },
                                        { HOTLIST_COLUMN_LEAD_ID, 0, N_ ("Hotlist lead ID") },
                                          { HOTLIST_COLUMN_SOURCE_SYSTEM, 0, N_ ("Source system") },
                                        };

#define TARGET_CUSTOM 0
#define TARGET_IGNORE 1

typedef struct
{
  char        *header;
  char        *sample;    /* the first value in the preview rows that is not empty */
  guint        duplicate; /* 0, or 2, 3… for a header that repeats an earlier column's */
  GtkDropDown *dropdown;
} PreviewColumn;

typedef struct
{
  guint64 line;
  char  **cells;
  guint   n_cells;
  char   *problem;
} PreviewRow;

typedef struct
{
  GFile            *file;
  HotlistCsvImport *import;
  char             *workspace_path;
} ImportJob;

struct _HotlistImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *back_button;
  GtkButton      *import_button;
  GtkStack       *stack;
  GtkButton      *choose_button;
  GtkLabel       *preview_summary;
  GtkLabel       *problem_label;
  GtkLabel       *notice_label;
  GtkGrid        *preview_grid;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkButton      *cancel_button;
  AdwStatusPage  *summary_page;
  GtkButton      *done_button;
  GtkLabel       *rejected_heading;
  GtkListBox     *rejected_list;
  GtkLabel       *warnings_heading;
  GtkListBox     *warnings_list;
  AdwStatusPage  *error_page;
  GtkButton      *error_back_button;
  GtkButton      *error_choose_button;

  HotlistWorkspace     *workspace;
  GtkStringList        *target_names;
  GtkFileChooserNative *chooser;

  /* The file and its preview */
  GFile     *file;
  guint64    file_size;
  char       delimiter;
  GArray    *columns; /* PreviewColumn */
  GPtrArray *rows;    /* PreviewRow */
  char      *mapping_problem;
  char      *error_message;
  char      *cancel_notice;

  /* The import */
  gboolean             importing;
  GCancellable        *cancellable;
  GMutex               progress_lock;
  guint64              progress_bytes;
  guint64              progress_rows;
  gboolean             progress_pending;
  guint64              rows_read;
  HotlistImportReport *report;
};

G_DEFINE_TYPE (HotlistImportDialog, hotlist_import_dialog, ADW_TYPE_WINDOW)

enum
{
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
preview_column_clear (gpointer data)
{
  PreviewColumn *column = data;

  g_free (column->header);
  g_free (column->sample);
}

static void
preview_row_free (gpointer data)
{
  PreviewRow *row = data;

  g_strfreev (row->cells);
  g_free (row->problem);
  g_free (row);
}

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_clear_object (&job->file);
  g_clear_object (&job->import);
  g_free (job->workspace_path);
  g_free (job);
}

static const char *
target_name (guint index)
{
  const Target *target = &targets[index];

  switch (target->role)
    {
    case HOTLIST_COLUMN_FIELD:
      return hotlist_lead_field_to_column (target->field);
    case HOTLIST_COLUMN_CUSTOM:
      return "custom";
    case HOTLIST_COLUMN_ID:
      return "id";
    case HOTLIST_COLUMN_LABEL:
      return "label";
    case HOTLIST_COLUMN_LEAD_ID:
      return "hotlist_lead_id";
    case HOTLIST_COLUMN_SOURCE_SYSTEM:
      return "source_system";
    case HOTLIST_COLUMN_FULL_NAME:
      return "name";
    case HOTLIST_COLUMN_OUTCOME_AT:
      return "outcome_at";
    case HOTLIST_COLUMN_IGNORE:
    case HOTLIST_COLUMN_DERIVED:
    default:
      return "ignore";
    }
}

static guint
find_target (HotlistColumnRole role, HotlistLeadField field)
{
  /* Hotlist's own score, probability and tier are computed, never imported. */
  if (role == HOTLIST_COLUMN_DERIVED)
    return TARGET_IGNORE;
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (targets[i].role == role && (role != HOTLIST_COLUMN_FIELD || targets[i].field == field))
      return i;
  return TARGET_CUSTOM;
}

static PreviewColumn *
get_column (HotlistImportDialog *self, guint index)
{
  return &g_array_index (self->columns, PreviewColumn, index);
}

static guint
column_target (HotlistImportDialog *self, guint index)
{
  guint selected = gtk_drop_down_get_selected (get_column (self, index)->dropdown);

  return selected < G_N_ELEMENTS (targets) ? selected : TARGET_CUSTOM;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return _ ("semicolons");
    case '\t':
      return _ ("tabs");
    default:
      return _ ("commas");
    }
}

/*
 * What hotlist_csv_import_run() does with each column when given no options (its
 * plan_columns()): the first column named like a core field takes it, later ones stay custom;
 * only the first id-like and outcome-like columns count as such; a full name beside a first or
 * last name is kept as a custom attribute; a column without a name is ignored.
 */
static void
prefill_targets (HotlistImportDialog *self, guint *defaults)
{
  gboolean claimed[HOTLIST_N_LEAD_FIELDS] = { FALSE };
  gboolean has_id = FALSE, has_label = FALSE, has_first_or_last;
  guint    n = self->columns->len;

  for (guint i = 0; i < n; i++)
    {
      const char       *header = get_column (self, i)->header;
      HotlistLeadField  field = 0;
      HotlistColumnRole role = hotlist_column_match (header, &field);

      if (role == HOTLIST_COLUMN_FIELD && !claimed[field])
        claimed[field] = TRUE;
      else if (role == HOTLIST_COLUMN_FIELD || (role == HOTLIST_COLUMN_ID && has_id)
               || (role == HOTLIST_COLUMN_LABEL && has_label))
        role = HOTLIST_COLUMN_CUSTOM;
      has_id |= role == HOTLIST_COLUMN_ID;
      has_label |= role == HOTLIST_COLUMN_LABEL;
      defaults[i] = find_target (role, field);
    }

  has_first_or_last =
      claimed[HOTLIST_LEAD_FIELD_FIRST_NAME] || claimed[HOTLIST_LEAD_FIELD_LAST_NAME];
  for (guint i = 0; i < n; i++)
    {
      if (targets[defaults[i]].role == HOTLIST_COLUMN_FULL_NAME && has_first_or_last)
        defaults[i] = TARGET_CUSTOM;
      if (targets[defaults[i]].role == HOTLIST_COLUMN_FULL_NAME)
        has_first_or_last = TRUE;
      if (defaults[i] == TARGET_CUSTOM && get_column (self, i)->header[0] == '\0')
        defaults[i] = TARGET_IGNORE;
    }
}

static void
clear_preview (HotlistImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
  g_array_set_size (self->columns, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->mapping_problem, g_free);
  g_clear_pointer (&self->cancel_notice, g_free);
  self->file_size = 0;
  self->delimiter = ',';
}

static void
show_page (HotlistImportDialog *self, const char *name)
{
  gboolean   preview = g_str_equal (name, "preview");
  GtkWidget *default_widget = NULL;

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), preview);
  gtk_window_set_deletable (GTK_WINDOW (self), !g_str_equal (name, "importing"));

  if (g_str_equal (name, "pick"))
    default_widget = GTK_WIDGET (self->choose_button);
  else if (preview)
    default_widget = GTK_WIDGET (self->import_button);
  else if (g_str_equal (name, "importing"))
    default_widget = GTK_WIDGET (self->cancel_button);
  else if (g_str_equal (name, "summary"))
    default_widget = GTK_WIDGET (self->done_button);
  else if (g_str_equal (name, "error"))
    default_widget = GTK_WIDGET (self->error_choose_button);
  gtk_window_set_default_widget (GTK_WINDOW (self), default_widget);
  if (default_widget != NULL && !preview)
    gtk_widget_grab_focus (default_widget);
}

/* Shows what went wrong and what to do; @can_go_back when the preview is still good. */
static void
show_error (HotlistImportDialog *self, const char *title, const GError *error, gboolean can_go_back)
{
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;
  const char      *hint;

  if (g_error_matches (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_EMPTY))
    hint = _ ("Export the leads again with a header line that names the columns, or choose "
              "another file.");
  else if (g_error_matches (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER))
    hint = _ ("Save the file as CSV with UTF-8 text (most spreadsheets offer “CSV UTF-8”), "
              "then choose it again.");
  else if (error->domain == G_IO_ERROR)
    hint = _ ("Check that the file still exists and that you may read it, or choose another "
              "file.");
  else
    hint = _ ("Try again, or choose another file.");

  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  escaped = g_markup_escape_text (error->message, -1);
  description = g_strdup_printf ("%s\n\n%s %s", escaped, _ ("Nothing was imported."), hint);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->error_back_button), can_go_back);
  show_page (self, "error");
}

/* Reads the header and the first rows of the file the way the import will read it. */
static gboolean
load_preview (HotlistImportDialog *self, GError **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo)        info = NULL;
  g_autoptr (HotlistCsvReader) reader = NULL;
  g_autoptr (GError)           local_error = NULL;
  gboolean                     named = FALSE;
  guint                        n;

  stream = g_file_read (self->file, NULL, error);
  if (stream == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    self->file_size = g_file_info_get_size (info);

  /* A delimiter of 0 sniffs it, as the CLI does when not given --delimiter. */
  reader = hotlist_csv_reader_new (G_INPUT_STREAM (stream), '\0', NULL, error);
  if (reader == NULL)
    return FALSE;
  if (!hotlist_csv_reader_next (reader, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_EMPTY,
                     _ ("The file is empty: a CSV file needs a header line naming its columns"));
      return FALSE;
    }
  if (hotlist_csv_reader_get_problem (reader) != NULL)
    {
      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER,
                   _ ("The header line cannot be read: %s"),
                   hotlist_csv_reader_get_problem (reader));
      return FALSE;
    }

  self->delimiter = hotlist_csv_reader_get_delimiter (reader);
  n = hotlist_csv_reader_get_n_fields (reader);
  g_array_set_size (self->columns, n);
  for (guint i = 0; i < n; i++)
    {
      PreviewColumn *column = get_column (self, i);

      column->header = g_strdup (hotlist_csv_reader_get_field (reader, i));
      named |= column->header[0] != '\0';
      for (guint j = 0; j < i; j++)
        if (g_str_equal (get_column (self, j)->header, column->header))
          column->duplicate = column->duplicate == 0 ? 2 : column->duplicate + 1;
    }
  if (!named)
    {
      g_set_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER,
                   _ ("The first line of the file is blank: it should name the columns"));
      return FALSE;
    }

  while (self->rows->len < N_PREVIEW_ROWS)
    {
      PreviewRow *row;
      guint       n_cells;

      if (!hotlist_csv_reader_next (reader, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      n_cells = hotlist_csv_reader_get_n_fields (reader);
      row = g_new0 (PreviewRow, 1);
      row->line = hotlist_csv_reader_get_line (reader);
      row->n_cells = n_cells;
      row->cells = g_new0 (char *, n_cells + 1);
      for (guint i = 0; i < n_cells; i++)
        row->cells[i] = g_strdup (hotlist_csv_reader_get_field (reader, i));
      if (hotlist_csv_reader_get_problem (reader) != NULL)
        row->problem = g_strdup (hotlist_csv_reader_get_problem (reader));
      else if (n_cells != n)
        row->problem = g_strdup_printf (_ ("This row has %u fields where the header has %u: it "
                                           "will be rejected"),
                                        n_cells, n);
      g_ptr_array_add (self->rows, row);

      for (guint i = 0; i < MIN (n, n_cells); i++)
        if (get_column (self, i)->sample == NULL && row->problem == NULL && row->cells[i][0])
          get_column (self, i)->sample = g_strdup (row->cells[i]);
    }
  return TRUE;
}

static void
update_notice (HotlistImportDialog *self)
{
  g_autoptr (GString) notice = g_string_new (self->cancel_notice);
  gboolean            has_id = FALSE;

  for (guint i = 0; i < self->columns->len; i++)
    {
      HotlistColumnRole role = targets[column_target (self, i)].role;
      has_id |= role == HOTLIST_COLUMN_ID || role == HOTLIST_COLUMN_LEAD_ID;
    }
  if (!has_id)
    {
      if (notice->len > 0)
        g_string_append_c (notice, '\n');
      g_string_append (notice, _ ("No column is the lead ID: importing this file again will add "
                                  "its leads again rather than update them."));
    }
  gtk_label_set_label (self->notice_label, notice->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice->len > 0);
}

/* At most one column per core field and per role that names one thing; a problem blocks the
 * import and is explained above the preview, the columns in question marked. */
static void
validate_mapping (HotlistImportDialog *self)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  guint               n = self->columns->len;

  for (guint i = 0; i < n; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (get_column (self, i)->dropdown), "error");

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autoptr (GString) names = NULL;
      guint               count = 0;

      if (t == TARGET_CUSTOM || t == TARGET_IGNORE)
        continue;
      for (guint i = 0; i < n; i++)
        if (column_target (self, i) == t)
          count++;
      if (count < 2)
        continue;

      names = g_string_new (NULL);
      for (guint i = 0, k = 0; i < n; i++)
        {
          if (column_target (self, i) != t)
            continue;
          gtk_widget_add_css_class (GTK_WIDGET (get_column (self, i)->dropdown), "error");
          if (k > 0)
            g_string_append (names, k + 1 == count ? _ (" and ") : ", ");
          g_string_append_printf (names, "“%s”", get_column (self, i)->header);
          k++;
        }
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      if (targets[t].role == HOTLIST_COLUMN_ID)
        g_string_append_printf (problems,
                                _ ("Only one column can be the lead ID, but %s are: keep one "
                                   "and make the others custom attributes or ignore them."),
                                names->str);
      else if (targets[t].role == HOTLIST_COLUMN_LABEL)
        g_string_append_printf (problems,
                                _ ("Only one column can be the outcome, but %s are: keep one "
                                   "and make the others custom attributes or ignore them."),
                                names->str);
      else
        g_string_append_printf (problems,
                                _ ("Only one column can be imported as “%s”, but %s are: "
                                   "choose one."),
                                _ (targets[t].label), names->str);
    }

  g_clear_pointer (&self->mapping_problem, g_free);
  if (problems->len > 0)
    self->mapping_problem = g_strdup (problems->str);
  gtk_label_set_label (self->problem_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problems->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            problems->len == 0 && !self->importing);
  update_notice (self);
}

/* Ignored columns look ignored in the preview. */
static void
update_column_cells (HotlistImportDialog *self, guint index)
{
  gboolean ignored = column_target (self, index) == TARGET_IGNORE;

  for (guint r = 0; r < self->rows->len; r++)
    {
      GtkWidget *cell =
          gtk_grid_get_child_at (self->preview_grid, index + 1, GRID_ROW_FIRST_DATA + r);
      if (cell == NULL)
        continue;
      if (ignored)
        gtk_widget_add_css_class (cell, "ignored");
      else
        gtk_widget_remove_css_class (cell, "ignored");
    }
}

static void
target_changed_cb (HotlistImportDialog *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (get_column (self, i)->dropdown == dropdown)
      update_column_cells (self, i);
  validate_mapping (self);
}

static GtkWidget *
cell_label (const char *text, const char *css_class)
{
  GtkWidget       *label = gtk_label_new (NULL);
  g_autofree char *flat = g_strdup (text);

  /* A quoted cell may hold line breaks: the preview shows one line per row. */
  g_strdelimit (flat, "\r\n\t", ' ');
  gtk_label_set_text (GTK_LABEL (label), flat);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* As wide as the text up to 24 characters: the grid scrolls rather than squeeze cells. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (flat, -1), 24));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (g_utf8_strlen (flat, -1) > 24)
    gtk_widget_set_tooltip_text (label, text);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build_preview (HotlistImportDialog *self)
{
  g_autofree guint *defaults = g_new0 (guint, self->columns->len + 1);
  g_autofree char  *summary = NULL;
  GtkWidget        *widget;
  guint             n = self->columns->len;
  guint             n_bad = 0;

  prefill_targets (self, defaults);

  widget = cell_label (_ ("Line"), "dim-label");
  gtk_widget_add_css_class (widget, "column-header");
  gtk_grid_attach (self->preview_grid, widget, 0, GRID_ROW_HEADER, 1, 1);
  widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_grid_attach (self->preview_grid, widget, 0, GRID_ROW_SEPARATOR, n + 1, 1);

  for (guint i = 0; i < n; i++)
    {
      PreviewColumn   *column = get_column (self, i);
      g_autofree char *accessible = NULL;
      g_autofree char *sample = NULL;
      const char      *header = column->header[0] != '\0' ? column->header : _ ("(no name)");

      widget = cell_label (header, "column-header");
      gtk_grid_attach (self->preview_grid, widget, i + 1, GRID_ROW_HEADER, 1, 1);

      column->dropdown = GTK_DROP_DOWN (
          gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->target_names)), NULL));
      gtk_drop_down_set_selected (column->dropdown, defaults[i]);
      accessible = g_strdup_printf (_ ("Import column “%s” as"), header);
      gtk_accessible_update_property (GTK_ACCESSIBLE (column->dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (column->dropdown), accessible);
      if (column->duplicate > 0)
        {
          /* The import addresses columns by name: a repeated name follows its own rules. */
          g_autofree char *tip = g_strdup_printf (_ ("An earlier column is also named “%s”: "
                                                     "this one is imported by the default rules"),
                                                  header);
          gtk_widget_set_sensitive (GTK_WIDGET (column->dropdown), FALSE);
          gtk_widget_set_tooltip_text (GTK_WIDGET (column->dropdown), tip);
        }
      g_signal_connect_object (column->dropdown, "notify::selected", G_CALLBACK (target_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_grid_attach (self->preview_grid, GTK_WIDGET (column->dropdown), i + 1, GRID_ROW_TARGET, 1,
                       1);

      sample = column->sample != NULL ? g_strdup_printf (_ ("e.g. %s"), column->sample)
                                      : g_strdup (_ ("no values in the first rows"));
      widget = cell_label (sample, "caption");
      gtk_widget_add_css_class (widget, "dim-label");
      gtk_grid_attach (self->preview_grid, widget, i + 1, GRID_ROW_SAMPLE, 1, 1);
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      const PreviewRow *row = g_ptr_array_index (self->rows, r);
      g_autofree char  *line = g_strdup_printf ("%" G_GUINT64_FORMAT, row->line);

      widget = cell_label (line, row->problem != NULL ? "error" : "dim-label");
      gtk_widget_add_css_class (widget, "numeric");
      if (row->problem != NULL)
        {
          g_autofree char *tip = g_strdup_printf (_ ("Line %s: %s"), line, row->problem);
          n_bad++;
          gtk_widget_set_tooltip_text (widget, tip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
        }
      gtk_grid_attach (self->preview_grid, widget, 0, GRID_ROW_FIRST_DATA + r, 1, 1);
      for (guint i = 0; i < MIN (n, row->n_cells); i++)
        gtk_grid_attach (self->preview_grid,
                         cell_label (row->cells[i], row->problem != NULL ? "error" : NULL), i + 1,
                         GRID_ROW_FIRST_DATA + r, 1, 1);
    }
  for (guint i = 0; i < n; i++)
    update_column_cells (self, i);

  if (self->rows->len == 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u column, separated by %s. The file has no rows "
                                            "under its header.",
                                            "%u columns, separated by %s. The file has no rows "
                                            "under its header.",
                                            n),
                               n, delimiter_name (self->delimiter));
  else if (self->rows->len < N_PREVIEW_ROWS)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u column, separated by %s. All the file's rows are "
                                            "shown: choose what each column becomes.",
                                            "%u columns, separated by %s. All the file's rows are "
                                            "shown: choose what each column becomes.",
                                            n),
                               n, delimiter_name (self->delimiter));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u column, separated by %s. The first %u rows are "
                                            "shown: choose what each column becomes.",
                                            "%u columns, separated by %s. The first %u rows are "
                                            "shown: choose what each column becomes.",
                                            n),
                               n, delimiter_name (self->delimiter), (guint)N_PREVIEW_ROWS);
  if (n_bad > 0)
    {
      g_autofree char *with_bad = g_strdup_printf (
          "%s %s", summary,
          g_dngettext (GETTEXT_PACKAGE,
                       "The row in red will be rejected: point at its line number to see why.",
                       "The rows in red will be rejected: point at their line numbers to see why.",
                       n_bad));
      g_free (summary);
      summary = g_steal_pointer (&with_bad);
    }
  gtk_label_set_label (self->preview_summary, summary);
  validate_mapping (self);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_issue_list (GtkListBox                *list,
                 GtkWidget                 *heading,
                 const HotlistImportReport *report,
                 gboolean                   rejected)
{
  guint listed = 0, more = 0;

  clear_list (list);
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);
      g_autofree char          *title = NULL;
      g_autofree char          *reason = NULL;
      GtkWidget                *row;

      if (issue->rejected != rejected)
        continue;
      if (listed == MAX_LISTED_ISSUES)
        {
          more++;
          continue;
        }
      title = g_strdup_printf (_ ("Line %" G_GUINT64_FORMAT), issue->line);
      reason = g_markup_escape_text (issue->reason, -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (list, row);
      listed++;
    }
  if (more > 0)
    {
      g_autofree char *text =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "…and %u more row (“hotlist-cli import” lists them all)",
                                        "…and %u more rows (“hotlist-cli import” lists them all)",
                                        more),
                           more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_list_box_append (list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (list), listed > 0);
  gtk_widget_set_visible (heading, listed > 0);
}

static void
show_summary (HotlistImportDialog *self)
{
  const HotlistImportReport *report = self->report;
  g_autofree char           *read = NULL;
  g_autofree char           *counts = NULL;
  g_autofree char           *description = NULL;

  read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Read %llu row", "Read %llu rows",
                                       report->read),
                          (unsigned long long)report->read);
  counts =
      g_strdup_printf (_ ("%llu created, %llu updated, %llu rejected"),
                       (unsigned long long)report->created, (unsigned long long)report->updated,
                       (unsigned long long)report->rejected);
  description = g_strdup_printf ("%s: %s.\n%s", read, counts,
                                 report->rejected > 0
                                     ? _ ("The rows below were not imported; fix them in the "
                                          "file and import it again to add them.")
                                     : _ ("The leads are scored and in your list."));
  adw_status_page_set_description (self->summary_page, description);
  adw_status_page_set_icon_name (self->summary_page, report->rejected > 0
                                                         ? "dialog-warning-symbolic"
                                                         : "emblem-ok-symbolic");
  fill_issue_list (self->rejected_list, GTK_WIDGET (self->rejected_heading), report, TRUE);
  fill_issue_list (self->warnings_list, GTK_WIDGET (self->warnings_heading), report, FALSE);
  show_page (self, "summary");
}

static void
update_progress (HotlistImportDialog *self, guint64 bytes, guint64 rows)
{
  g_autofree char *text = NULL;

  self->rows_read = rows;
  if (self->file_size > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double)bytes / self->file_size));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu row read", "%llu rows read", rows),
                          (unsigned long long)rows);
  gtk_label_set_label (self->progress_label, text);
}

static gboolean
progress_idle_cb (gpointer data)
{
  HotlistImportDialog *self = data;
  guint64              bytes, rows;

  g_mutex_lock (&self->progress_lock);
  bytes = self->progress_bytes;
  rows = self->progress_rows;
  self->progress_pending = FALSE;
  g_mutex_unlock (&self->progress_lock);

  if (self->importing)
    update_progress (self, bytes, rows);
  return G_SOURCE_REMOVE;
}

/* Called in the import thread: keeps the latest numbers, and has the main thread show them. */
static void
import_progress_cb (guint64 bytes_read, guint64 rows_read, gpointer user_data)
{
  HotlistImportDialog *self = user_data;
  gboolean             schedule;

  g_mutex_lock (&self->progress_lock);
  self->progress_bytes = bytes_read;
  self->progress_rows = rows_read;
  schedule = !self->progress_pending;
  self->progress_pending = TRUE;
  g_mutex_unlock (&self->progress_lock);

  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self), g_object_unref);
}

/*
 * The import runs on a workspace of its own, opened on the same file: its store has that
 * workspace's scorer attached, so every lead is scored in the import's transaction, and the
 * dialog's workspace (used by the main thread) is never touched from this thread.
 */
static void
import_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ImportJob                      *job = task_data;
  g_autoptr (HotlistWorkspace)    workspace = NULL;
  g_autoptr (GFileInputStream)    stream = NULL;
  g_autoptr (HotlistImportReport) report = NULL;
  GError                         *error = NULL;

  workspace = hotlist_workspace_open (job->workspace_path, &error);
  if (workspace == NULL)
    {
      g_prefix_error (&error, _ ("Could not open the workspace: "));
      g_task_return_error (task, error);
      return;
    }
  stream = g_file_read (job->file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  report = hotlist_csv_import_run (job->import, hotlist_workspace_get_store (workspace),
                                   G_INPUT_STREAM (stream), cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&report),
                         (GDestroyNotify)hotlist_import_report_free);
}

static void
import_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HotlistImportDialog *self = HOTLIST_IMPORT_DIALOG (source);
  HotlistImportReport *report;
  g_autoptr (GError)   error = NULL;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  /* Closed while importing (the app quit): the template's widgets are gone. */
  if (self->stack == NULL)
    {
      g_clear_pointer (&report, hotlist_import_report_free);
      return;
    }
  self->importing = FALSE;
  g_clear_object (&self->cancellable);

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The import rolled back its one transaction: say so, keep the user's columns. */
          g_free (self->cancel_notice);
          self->cancel_notice = g_strdup (_ ("The import was cancelled and nothing was imported. "
                                             "Your column choices are kept."));
          show_page (self, "preview");
          validate_mapping (self);
        }
      else
        show_error (self, _ ("The Import Failed"), error, TRUE);
      return;
    }

  g_clear_pointer (&self->report, hotlist_import_report_free);
  self->report = report;
  update_progress (self, self->file_size, report->read);
  show_summary (self);
  g_signal_emit (self, signals[IMPORTED], 0, self->report);
}

static void
choose_response_cb (HotlistImportDialog *self, int response, GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        hotlist_import_dialog_set_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (HotlistImportDialog *self)
{
  GtkFileFilter *filter;

  if (self->chooser != NULL || self->importing)
    return;
  self->chooser =
      gtk_file_chooser_native_new (_ ("Choose a CSV File"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (choose_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (HotlistImportDialog *self, const GValue *value, double x, double y, GtkDropTarget *target)
{
  GFile *file;

  if (self->importing || !G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  file = g_value_get_object (value);
  if (file == NULL)
    return FALSE;
  hotlist_import_dialog_set_file (self, file);
  return TRUE;
}

static void
back_clicked_cb (HotlistImportDialog *self)
{
  clear_preview (self);
  g_clear_object (&self->file);
  adw_window_title_set_subtitle (self->window_title, NULL);
  show_page (self, "pick");
}

static void
error_back_clicked_cb (HotlistImportDialog *self)
{
  show_page (self, "preview");
}

static void
import_clicked_cb (HotlistImportDialog *self)
{
  hotlist_import_dialog_start_import (self);
}

static void
cancel_clicked_cb (HotlistImportDialog *self)
{
  hotlist_import_dialog_cancel_import (self);
}

static void
done_clicked_cb (HotlistImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
escape_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HotlistImportDialog *self = HOTLIST_IMPORT_DIALOG (widget);

  /* While importing, Escape does nothing: Cancel is a deliberate choice. */
  if (!self->importing)
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static gboolean
hotlist_import_dialog_close_request (GtkWindow *window)
{
  HotlistImportDialog *self = HOTLIST_IMPORT_DIALOG (window);

  if (self->importing)
    return TRUE;
  return GTK_WINDOW_CLASS (hotlist_import_dialog_parent_class)->close_request (window);
}

static void
hotlist_import_dialog_dispose (GObject *object)
{
  HotlistImportDialog *self = (HotlistImportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), HOTLIST_TYPE_IMPORT_DIALOG);
  self->stack = NULL;

  G_OBJECT_CLASS (hotlist_import_dialog_parent_class)->dispose (object);
}

static void
hotlist_import_dialog_finalize (GObject *object)
{
  HotlistImportDialog *self = (HotlistImportDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_object (&self->target_names);
  g_clear_object (&self->file);
  g_array_unref (self->columns);
  g_ptr_array_unref (self->rows);
  g_free (self->mapping_problem);
  g_free (self->error_message);
  g_free (self->cancel_notice);
  g_clear_pointer (&self->report, hotlist_import_report_free);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (hotlist_import_dialog_parent_class)->finalize (object);
}

static void
hotlist_import_dialog_class_init (HotlistImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hotlist_import_dialog_dispose;
  object_class->finalize = hotlist_import_dialog_finalize;
  window_class->close_request = hotlist_import_dialog_close_request;

  /**
   * HotlistImportDialog::imported:
   * @self: the dialog
   * @report: (type HotlistImportReport): what the import did
   *
   * Emitted when an import has been committed to the workspace, so that views of its leads
   * reload them. A cancelled or failed import commits nothing and emits nothing.
   */
  signals[IMPORTED] =
      g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, HOTLIST_TYPE_IMPORT_REPORT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, preview_summary);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, summary_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, rejected_heading);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, warnings_heading);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, error_back_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistImportDialog, error_choose_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_back_clicked_cb);
}

static void
hotlist_import_dialog_init (HotlistImportDialog *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->columns = g_array_new (FALSE, TRUE, sizeof (PreviewColumn));
  g_array_set_clear_func (self->columns, preview_column_clear);
  self->rows = g_ptr_array_new_with_free_func (preview_row_free);
  self->delimiter = ',';
  g_mutex_init (&self->progress_lock);

  self->target_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    gtk_string_list_append (self->target_names, _ (targets[i].label));

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (drop));

  show_page (self, "pick");
}

/**
 * hotlist_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @workspace: the workspace to import into
 *
 * Returns: (transfer full): a new modal import dialog, not yet shown
 */
HotlistImportDialog *
hotlist_import_dialog_new (GtkWindow *parent, HotlistWorkspace *workspace)
{
  HotlistImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (HOTLIST_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  return self;
}

/**
 * hotlist_import_dialog_set_file:
 * @self: a #HotlistImportDialog
 * @file: the CSV file to import
 *
 * Reads the header and the first rows of @file and shows them with a choice of what each
 * column becomes, filled in as `hotlist-cli import` would map the file. A file that cannot be
 * read (missing, empty, unreadable header) shows what is wrong and what to do instead. This is
 * what the file chooser and a file dropped on the dialog call. Does nothing while importing.
 */
void
hotlist_import_dialog_set_file (HotlistImportDialog *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *name = NULL;

  g_return_if_fail (HOTLIST_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->importing)
    return;
  clear_preview (self);
  g_set_object (&self->file, file);
  g_clear_pointer (&self->report, hotlist_import_report_free);
  g_clear_pointer (&self->error_message, g_free);

  name = g_file_get_basename (file);
  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    g_clear_pointer (&name, g_free);
  if (name == NULL)
    name = g_file_get_parse_name (file);
  adw_window_title_set_subtitle (self->window_title, name);

  if (!load_preview (self, &error))
    {
      clear_preview (self);
      show_error (self, _ ("This File Cannot Be Imported"), error, FALSE);
      return;
    }
  build_preview (self);
  show_page (self, "preview");
  if (self->columns->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (get_column (self, 0)->dropdown));
}

/**
 * hotlist_import_dialog_get_page_name:
 * @self: a #HotlistImportDialog
 *
 * Returns: the page shown: "pick", "preview", "importing", "summary" or "error"
 */
const char *
hotlist_import_dialog_get_page_name (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * hotlist_import_dialog_get_error_message:
 * @self: a #HotlistImportDialog
 *
 * Returns: (nullable): what went wrong, as the error page says it, or %NULL
 */
const char *
hotlist_import_dialog_get_error_message (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  return self->error_message;
}

/**
 * hotlist_import_dialog_get_n_columns:
 * @self: a #HotlistImportDialog
 *
 * Returns: the number of columns in the file's header, 0 when no file is previewed
 */
guint
hotlist_import_dialog_get_n_columns (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), 0);
  return self->columns->len;
}

/**
 * hotlist_import_dialog_get_n_preview_rows:
 * @self: a #HotlistImportDialog
 *
 * Returns: the number of data rows the preview shows (at most 20)
 */
guint
hotlist_import_dialog_get_n_preview_rows (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), 0);
  return self->rows->len;
}

/**
 * hotlist_import_dialog_get_column_sample:
 * @self: a #HotlistImportDialog
 * @column: the index of a column of the file
 *
 * Returns: (nullable): the sample value shown under the column: its first non-empty value in
 *   the preview, or %NULL
 */
const char *
hotlist_import_dialog_get_column_sample (HotlistImportDialog *self, guint column)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return get_column (self, column)->sample;
}

/**
 * hotlist_import_dialog_get_column_target:
 * @self: a #HotlistImportDialog
 * @column: the index of a column of the file
 *
 * Returns: what the column is imported as, in the words of hotlist_column_parse_target(): a
 *   core field's name ("email"), or "id", "label", "outcome_at", "name", "hotlist_lead_id",
 *   "source_system", "custom" or "ignore"
 */
const char *
hotlist_import_dialog_get_column_target (HotlistImportDialog *self, guint column)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return target_name (column_target (self, column));
}

/**
 * hotlist_import_dialog_set_column_target:
 * @self: a #HotlistImportDialog
 * @column: the index of a column of the file
 * @target: what to import it as, as hotlist_column_parse_target() reads it ("label",
 *   "outcome", "job_title", "ignore"…)
 *
 * Chooses in the column's drop-down, as the user would.
 *
 * Returns: %FALSE if @target names nothing a column can be
 */
gboolean
hotlist_import_dialog_set_column_target (HotlistImportDialog *self,
                                         guint                column,
                                         const char          *target)
{
  HotlistColumnRole role;
  HotlistLeadField  field = 0;

  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (column < self->columns->len, FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (!hotlist_column_parse_target (target, &role, &field))
    return FALSE;
  gtk_drop_down_set_selected (get_column (self, column)->dropdown, find_target (role, field));
  return TRUE;
}

/**
 * hotlist_import_dialog_get_mapping_problem:
 * @self: a #HotlistImportDialog
 *
 * Returns: (nullable): why the column choices cannot be imported (two id columns…), as
 *   the preview page explains it, or %NULL when they can
 */
const char *
hotlist_import_dialog_get_mapping_problem (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  return self->mapping_problem;
}

/**
 * hotlist_import_dialog_start_import:
 * @self: a #HotlistImportDialog
 *
 * Starts importing the previewed file with the chosen columns, in a thread, as the Import
 * button does. The dialog shows progress; when the import is committed it shows the summary
 * and emits #HotlistImportDialog::imported.
 *
 * Returns: %FALSE if there is nothing to import, the columns have a problem, or an import
 *   is already running
 */
gboolean
hotlist_import_dialog_start_import (HotlistImportDialog *self)
{
  g_autoptr (GTask) task = NULL;
  ImportJob        *job;

  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), FALSE);

  if (self->importing || self->file == NULL || self->columns->len == 0
      || self->mapping_problem != NULL)
    return FALSE;

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (self->file);
  job->workspace_path = g_strdup (hotlist_workspace_get_path (self->workspace));
  job->import = hotlist_csv_import_new ();
  hotlist_csv_import_set_delimiter (job->import, self->delimiter);
  hotlist_csv_import_set_progress_func (job->import, import_progress_cb, self);

  /* Every column is mapped as shown, except a repeated name, which the import cannot address
   * on its own and maps by its default rules, as the preview said. */
  for (guint i = 0; i < self->columns->len; i++)
    {
      const PreviewColumn *column = get_column (self, i);
      guint                target = column_target (self, i);
      g_autoptr (GError)   error = NULL;

      if (column->duplicate > 0)
        continue;
      if (targets[target].role == HOTLIST_COLUMN_ID)
        hotlist_csv_import_set_id_column (job->import, column->header);
      else if (targets[target].role == HOTLIST_COLUMN_LABEL)
        hotlist_csv_import_set_label_column (job->import, column->header);
      else if (!hotlist_csv_import_add_mapping (job->import, column->header, target_name (target),
                                                &error))
        g_critical ("%s", error->message);
    }

  self->importing = TRUE;
  self->rows_read = 0;
  g_clear_pointer (&self->cancel_notice, g_free);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_mutex_lock (&self->progress_lock);
  self->progress_bytes = self->progress_rows = 0;
  g_mutex_unlock (&self->progress_lock);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  update_progress (self, 0, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  show_page (self, "importing");

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, hotlist_import_dialog_start_import);
  /* A cancel that comes after the commit must not hide the import that happened. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_thread);
  return TRUE;
}

/**
 * hotlist_import_dialog_cancel_import:
 * @self: a #HotlistImportDialog
 *
 * Cancels a running import, as the Cancel button does. The import rolls back its one
 * transaction, so nothing of the file is imported, and the dialog returns to the preview with
 * the columns as they were chosen. The import looks for the cancellation at each read of the
 * file and every 1024 rows; one that comes after the last of those finds the import committed,
 * and the dialog then shows the summary as usual.
 */
void
hotlist_import_dialog_cancel_import (HotlistImportDialog *self)
{
  g_return_if_fail (HOTLIST_IS_IMPORT_DIALOG (self));

  if (self->importing)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
    }
}

/**
 * hotlist_import_dialog_get_rows_read:
 * @self: a #HotlistImportDialog
 *
 * Returns: the rows the running or last import had read, as its progress shows
 */
guint64
hotlist_import_dialog_get_rows_read (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), 0);
  return self->rows_read;
}

/**
 * hotlist_import_dialog_get_report:
 * @self: a #HotlistImportDialog
 *
 * Returns: (nullable) (transfer none): what the last committed import did, as the summary
 *   page shows it, or %NULL
 */
const HotlistImportReport *
hotlist_import_dialog_get_report (HotlistImportDialog *self)
{
  g_return_val_if_fail (HOTLIST_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}
