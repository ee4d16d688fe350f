/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the import dialog under a headless display: preview, mapping, import, errors. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hotlist-import-dialog.h"
#include "hotlist-test-dir.h"
#include "hotlist-test-store.h"

#define WAIT_SECONDS 60

/* A custom column (Favourite Colour), an id (Record ID), an outcome under a name the import does
 * not know (Closed Won?), a column to ignore (Internal Note), a quoted cell over two lines, a
 * company size that is not a number (a warning: the row is imported without it), and two rows
 * the import rejects: line 6 has too few cells, line 7 an outcome that is none. */
static const char leads_csv[] =
    "Record ID,First Name,Last Name,Email,Company,# Employees,Favourite Colour,Internal Note,"
    "Closed Won?\n"
    "r1,Ada,Lovelace,ada@example.com,Analytical,51-200,green,note one,yes\n"
    "r2,Grace,Hopper,grace@example.com,Navy,10000+,blue,\"two\nlines\",no\n"
    "r3,Alan,Turing,alan@example.com,Bletchley,lots,red,note three,won\n"
    "r4,Bad,Row,bad@example.com\n"
    "r5,Maybe,Not,maybe@example.com,Unsure,10,teal,note five,maybe\n"
    "r6,Edsger,Dijkstra,edsger@example.com,Eindhoven,12,,note six,\n";

typedef struct
{
  guint                n_imported;
  HotlistImportReport *report;
} Imported;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
imported_cb (HotlistImportDialog *dialog, HotlistImportReport *report, Imported *imported)
{
  imported->n_imported++;
  g_clear_pointer (&imported->report, hotlist_import_report_free);
  imported->report = hotlist_import_report_copy (report);
}

static gboolean
page_is (HotlistImportDialog *dialog, const char *name)
{
  return g_strcmp0 (hotlist_import_dialog_get_page_name (dialog), name) == 0;
}

/* Waits until the import has ended, on any page but the progress page. */
static void
wait_for_import (HotlistImportDialog *dialog)
{
  gboolean timed_out = FALSE;
  guint    source = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (page_is (dialog, "importing") && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  if (page_is (dialog, "importing"))
    g_error ("the import did not end in %d s", WAIT_SECONDS);
}

static void
collect_text (GtkWidget *widget, GString *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

/* The text a user sees in the dialog now. */
static char *
visible_text (HotlistImportDialog *dialog)
{
  GString *out = g_string_new (NULL);

  wait_for_idle ();
  collect_text (GTK_WIDGET (dialog), out);
  return g_string_free (out, FALSE);
}

static void
assert_shows (HotlistImportDialog *dialog, const char *text)
{
  g_autofree char *shown = visible_text (dialog);

  if (strstr (shown, text) == NULL)
    g_error ("the dialog does not show “%s”; it shows:\n%s", text, shown);
}

static GtkStack *
find_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget))
    return GTK_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *stack = find_stack (child);
      if (stack != NULL)
        return stack;
    }
  return NULL;
}

/* With HOTLIST_SCREENSHOT_DIR set, saves what the dialog looks like as NAME.png there. */
static void
save_screenshot (HotlistImportDialog *dialog, const char *name)
{
  const char               *dir = g_getenv ("HOTLIST_SCREENSHOT_DIR");
  g_autofree char          *file = NULL;
  g_autofree char          *path = NULL;
  g_autoptr (GdkPaintable)  paintable = NULL;
  g_autoptr (GtkSnapshot)   snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;
  GskRenderer              *renderer;
  int                       width, height;
  gboolean                  timed_out = FALSE;

  guint source;

  if (dir == NULL)
    return;
  /* Let the page's transition end and the layout settle. */
  source = g_timeout_add (2000, timeout_cb, &timed_out);
  while (!timed_out && gtk_stack_get_transition_running (find_stack (GTK_WIDGET (dialog))))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  wait_for_idle ();

  width = gtk_widget_get_width (GTK_WIDGET (dialog));
  height = gtk_widget_get_height (GTK_WIDGET (dialog));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (dialog));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_test_message ("no screenshot %s: nothing was drawn", name);
      return;
    }
  renderer = gtk_native_get_renderer (GTK_NATIVE (dialog));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static HotlistWorkspace *
make_workspace (TestDir *dir)
{
  g_autofree char             *path = test_dir_file (dir, "leads.hotlist");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (path, &error);

  g_assert_no_error (error);
  return g_steal_pointer (&workspace);
}

static GFile *
write_file (TestDir *dir, const char *name, const char *contents, gssize length)
{
  g_autofree char   *path = test_dir_file (dir, name);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static HotlistImportDialog *
new_dialog (HotlistWorkspace *workspace, Imported *imported)
{
  HotlistImportDialog *dialog = hotlist_import_dialog_new (NULL, workspace);

  gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 700);
  if (imported != NULL)
    g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), imported);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_idle ();
  g_assert_true (page_is (dialog, "pick"));
  return dialog;
}

static void
close_dialog (HotlistImportDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_idle ();
}

static HotlistLead *
find_lead (HotlistStore *store, const char *external_id)
{
  g_autoptr (GError) error = NULL;
  HotlistLead       *lead = hotlist_store_find_lead (store, external_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

static gint64
count_leads (HotlistStore *store)
{
  g_autoptr (GError) error = NULL;
  gint64             n = hotlist_store_count_leads (store, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_issue (const HotlistImportReport *report, guint64 line, gboolean rejected, const char *says)
{
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);

      if (issue->line == line && issue->rejected == rejected && strstr (issue->reason, says))
        return;
    }
  g_error ("the report has no %s on line %" G_GUINT64_FORMAT " saying “%s”",
           rejected ? "rejection" : "warning", line, says);
}

static void
test_map_and_import (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  g_autoptr (GFile)            file = write_file (dir, "leads.csv", leads_csv, -1);
  HotlistStore                *store = hotlist_workspace_get_store (workspace);
  Imported                     imported = { 0 };
  HotlistImportDialog         *dialog = new_dialog (workspace, &imported);
  const HotlistImportReport   *report;
  static const char *prefilled[] = { "id",           "first_name", "last_name", "email", "company",
                                     "company_size", "custom",     "custom",    "custom" };

  hotlist_import_dialog_set_file (dialog, file);
  g_assert_true (page_is (dialog, "preview"));
  g_assert_cmpuint (hotlist_import_dialog_get_n_columns (dialog), ==, 9);
  g_assert_cmpuint (hotlist_import_dialog_get_n_preview_rows (dialog), ==, 6);

  /* Filled in as `hotlist-cli import` maps the file when given no options. */
  for (guint i = 0; i < G_N_ELEMENTS (prefilled); i++)
    g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, i), ==, prefilled[i]);
  g_assert_cmpstr (hotlist_import_dialog_get_column_sample (dialog, 3), ==, "ada@example.com");
  g_assert_cmpstr (hotlist_import_dialog_get_column_sample (dialog, 8), ==, "yes");
  g_assert_null (hotlist_import_dialog_get_mapping_problem (dialog));
  assert_shows (dialog, "e.g. green");

  /* The outcome column has a name the import does not know: the user says what it is. */
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 8, "outcome"));
  g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, 8), ==, "label");
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 7, "ignore"));
  g_assert_false (hotlist_import_dialog_set_column_target (dialog, 7, "shoe size"));
  g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, 7), ==, "ignore");

  /* Two outcome columns, or two id columns, cannot be imported; the page says why. */
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 6, "label"));
  g_assert_nonnull (hotlist_import_dialog_get_mapping_problem (dialog));
  g_assert_nonnull (
      strstr (hotlist_import_dialog_get_mapping_problem (dialog), "Favourite Colour"));
  assert_shows (dialog, "Only one column can be the outcome");
  g_assert_false (hotlist_import_dialog_start_import (dialog));
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 6, "custom"));
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 1, "external_id"));
  assert_shows (dialog, "Only one column can be the lead ID");
  g_assert_false (hotlist_import_dialog_start_import (dialog));
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 1, "first_name"));
  g_assert_null (hotlist_import_dialog_get_mapping_problem (dialog));
  save_screenshot (dialog, "import-dialog-preview");

  g_assert_true (hotlist_import_dialog_start_import (dialog));
  g_assert_true (page_is (dialog, "importing"));
  g_assert_false (hotlist_import_dialog_start_import (dialog));
  wait_for_import (dialog);
  g_assert_cmpstr (hotlist_import_dialog_get_page_name (dialog), ==, "summary");
  g_assert_cmpuint (imported.n_imported, ==, 1);

  /* The summary: counts, and the rejected rows by the line they start on. */
  report = hotlist_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->read, ==, 6);
  g_assert_cmpuint (report->created, ==, 4);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->rejected, ==, 2);
  g_assert_cmpuint (imported.report->created, ==, 4);
  g_assert_cmpuint (imported.report->rejected, ==, 2);
  assert_issue (report, 6, TRUE, "expected 9 fields");
  assert_issue (report, 7, TRUE, "“maybe” in column “Closed Won?” is not an outcome");
  assert_issue (report, 5, FALSE, "company size “lots”");
  assert_shows (dialog, "Read 6 rows: 4 created, 0 updated, 2 rejected");
  assert_shows (dialog, "Line 6");
  assert_shows (dialog, "Line 7");
  assert_shows (dialog, "Line 5");
  save_screenshot (dialog, "import-dialog-summary");

  /* The store has exactly the good rows, with their fields, custom values and outcomes,
   * scored as they were written. */
  g_assert_cmpint (count_leads (store), ==, 4);
  {
    g_autoptr (HotlistLead) ada = find_lead (store, "r1");
    g_autoptr (HotlistLead) grace = find_lead (store, "r2");
    g_autoptr (HotlistLead) alan = find_lead (store, "r3");
    g_autoptr (HotlistLead) edsger = find_lead (store, "r6");
    g_autoptr (GError)      error = NULL;
    g_autoptr (HotlistLead) missing = hotlist_store_find_lead (store, "r5", &error);
    g_autofree char        *colour = custom_value (store, ada, "Favourite Colour");
    g_autofree char        *grace_colour = custom_value (store, grace, "Favourite Colour");
    g_autofree char        *edsger_colour = custom_value (store, edsger, "Favourite Colour");

    g_assert_null (missing);
    g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Ada");
    g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Lovelace");
    g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_EMAIL], ==, "ada@example.com");
    g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Analytical");
    g_assert_cmpint (ada->company_size, ==, 126);
    g_assert_cmpint (grace->company_size, ==, 10000);
    g_assert_cmpint (alan->company_size, ==, -1);
    g_assert_cmpstr (colour, ==, "green");
    g_assert_cmpstr (grace_colour, ==, "blue");
    g_assert_null (edsger_colour);

    g_assert_cmpint (ada->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
    g_assert_cmpint (grace->outcome, ==, HOTLIST_OUTCOME_LOST);
    g_assert_cmpint (alan->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
    g_assert_cmpint (edsger->outcome, ==, HOTLIST_OUTCOME_OPEN);

    /* Neither the ignored column nor the outcome column became attributes. */
    g_assert_null (custom_attribute (store, "Internal Note"));
    g_assert_null (custom_attribute (store, "Closed Won?"));
    g_assert_null (strstr (grace->custom_json, "lines"));

    g_assert_cmpint (ada->lead_score, >=, 0);
    g_assert_cmpint (ada->lead_score, <=, 100);
    g_assert_cmpint (edsger->lead_score, >=, 0);
    g_assert_cmpint (ada->score_model_id, >, 0);
  }

  /* The same file again, with the id column: the leads are updated, not added again. */
  hotlist_import_dialog_set_file (dialog, file);
  g_assert_true (page_is (dialog, "preview"));
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 8, "label"));
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 7, "ignore"));
  g_assert_true (hotlist_import_dialog_start_import (dialog));
  wait_for_import (dialog);
  g_assert_cmpuint (imported.n_imported, ==, 2);
  g_assert_cmpuint (imported.report->created, ==, 0);
  g_assert_cmpuint (imported.report->updated, ==, 4);
  g_assert_cmpint (count_leads (store), ==, 4);

  close_dialog (dialog);
  hotlist_import_report_free (imported.report);
}

static void
assert_error_page (HotlistImportDialog *dialog, const char *says)
{
  const char *message = hotlist_import_dialog_get_error_message (dialog);

  g_assert_cmpstr (hotlist_import_dialog_get_page_name (dialog), ==, "error");
  g_assert_nonnull (message);
  if (strstr (message, says) == NULL)
    g_error ("the error “%s” does not say “%s”", message, says);
  g_assert_cmpuint (hotlist_import_dialog_get_n_columns (dialog), ==, 0);
  g_assert_false (hotlist_import_dialog_start_import (dialog));
  assert_shows (dialog, says);
  assert_shows (dialog, "Nothing was imported.");
}

static void
test_unreadable_files (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  g_autoptr (GFile)            empty = write_file (dir, "empty.csv", "", 0);
  g_autoptr (GFile)            blank = write_file (dir, "blank.csv", "\n\n", -1);
  g_autoptr (GFile)            bad_header = write_file (dir, "bad-header.csv",
                                                        "first_name,\xff\xfe"
                                                                   "email\nAda,ada@example.com\n",
                                                        -1);
  g_autoptr (GFile)    good = write_file (dir, "good.csv", "id,email\na,a@example.com\n", -1);
  g_autofree char     *missing_path = test_dir_file (dir, "missing.csv");
  g_autoptr (GFile)    missing = g_file_new_for_path (missing_path);
  Imported             imported = { 0 };
  HotlistImportDialog *dialog = new_dialog (workspace, &imported);

  hotlist_import_dialog_set_file (dialog, empty);
  assert_error_page (dialog, "The file is empty");
  save_screenshot (dialog, "import-dialog-error");

  hotlist_import_dialog_set_file (dialog, blank);
  assert_error_page (dialog, "The file is empty");

  hotlist_import_dialog_set_file (dialog, bad_header);
  assert_error_page (dialog, "The header line cannot be read");

  hotlist_import_dialog_set_file (dialog, missing);
  g_assert_cmpstr (hotlist_import_dialog_get_page_name (dialog), ==, "error");
  g_assert_nonnull (hotlist_import_dialog_get_error_message (dialog));

  /* Nothing was imported, and another file can still be chosen. */
  g_assert_cmpuint (imported.n_imported, ==, 0);
  g_assert_cmpint (count_leads (hotlist_workspace_get_store (workspace)), ==, 0);
  hotlist_import_dialog_set_file (dialog, good);
  g_assert_true (page_is (dialog, "preview"));
  g_assert_null (hotlist_import_dialog_get_error_message (dialog));
  g_assert_cmpuint (hotlist_import_dialog_get_n_preview_rows (dialog), ==, 1);

  close_dialog (dialog);
}

/* The bank-marketing set: `;`-separated, 41,188 rows, its outcome in "y". */
static void
test_semicolons_cancel_and_import (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  g_autofree char             *path =
      g_build_filename (g_getenv ("HOTLIST_TEST_DATA"), "bank-marketing.csv", NULL);
  g_autoptr (GFile)    file = g_file_new_for_path (path);
  HotlistStore        *store = hotlist_workspace_get_store (workspace);
  Imported             imported = { 0 };
  HotlistImportDialog *dialog = new_dialog (workspace, &imported);
  guint                n;
  gboolean             timed_out = FALSE;
  guint                source;

  hotlist_import_dialog_set_file (dialog, file);
  g_assert_true (page_is (dialog, "preview"));
  n = hotlist_import_dialog_get_n_columns (dialog);
  g_assert_cmpuint (n, ==, 17);
  g_assert_cmpuint (hotlist_import_dialog_get_n_preview_rows (dialog), ==, 20);
  g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, n - 1), ==, "label");
  g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, 0), ==, "custom");
  g_assert_cmpstr (hotlist_import_dialog_get_column_sample (dialog, 1), ==, "housemaid");
  assert_shows (dialog, "separated by semicolons");
  assert_shows (dialog, "No column is the lead ID");
  save_screenshot (dialog, "import-dialog-preview-bank");

  /* Cancelled once it has read some rows: nothing is committed, the columns are kept. */
  g_assert_true (hotlist_import_dialog_set_column_target (dialog, 7, "ignore"));
  g_assert_true (hotlist_import_dialog_start_import (dialog));
  source = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);
  while (hotlist_import_dialog_get_rows_read (dialog) == 0 && page_is (dialog, "importing")
         && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  g_assert_true (page_is (dialog, "importing"));
  g_assert_cmpuint (hotlist_import_dialog_get_rows_read (dialog), >, 0);
  hotlist_import_dialog_cancel_import (dialog);
  wait_for_import (dialog);
  g_assert_cmpstr (hotlist_import_dialog_get_page_name (dialog), ==, "preview");
  g_assert_cmpuint (imported.n_imported, ==, 0);
  g_assert_null (hotlist_import_dialog_get_report (dialog));
  g_assert_cmpint (count_leads (store), ==, 0);
  g_assert_null (custom_attribute (store, "job"));
  g_assert_cmpstr (hotlist_import_dialog_get_column_target (dialog, 7), ==, "ignore");
  assert_shows (dialog, "The import was cancelled and nothing was imported");

  /* Then all of it. */
  g_assert_true (hotlist_import_dialog_start_import (dialog));
  save_screenshot (dialog, "import-dialog-progress");
  wait_for_import (dialog);
  g_assert_cmpstr (hotlist_import_dialog_get_page_name (dialog), ==, "summary");
  g_assert_cmpuint (imported.n_imported, ==, 1);
  g_assert_cmpuint (imported.report->read, ==, 41188);
  g_assert_cmpuint (imported.report->created, ==, 41188);
  g_assert_cmpuint (imported.report->rejected, ==, 0);
  g_assert_cmpint (count_leads (store), ==, 41188);
  g_assert_nonnull (custom_attribute (store, "job"));
  g_assert_null (custom_attribute (store, "duration"));
  save_screenshot (dialog, "import-dialog-summary-bank");

  close_dialog (dialog);
  hotlist_import_report_free (imported.report);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int              result;

  test_root_init ("test-import-dialog");
  data_home = g_build_filename (test_root, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  add_test ("/import-dialog/map-and-import", test_map_and_import);
  add_test ("/import-dialog/unreadable-files", test_unreadable_files);
  add_test ("/import-dialog/semicolons-cancel-and-import", test_semicolons_cancel_and_import);

  result = g_test_run ();
  return test_root_finish (result);
}
