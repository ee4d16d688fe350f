/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the Reports view under a headless display: the figures a manager reads on a small
 * workspace of known outcomes, the filters and date range, empty states, costs and exports. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "hotlist-application.h"
#include "hotlist-reports-view.h"
#include "hotlist-test-dir.h"
#include "hotlist-test-reports.h"
#include "hotlist-window.h"
#include "store/hotlist-store-private.h"

/*
 * The workspace (as in test-reports.c), T0 = 1,700,000,000 and D = one day; the view covers
 * [T0, T0 + 100 D). The active model ("Spring") was trained at T0 + 10 D; "Winter" is retired.
 *
 *  lead owner  source  campaign created outcome   at     score  p     model  deal_value
 *  L1   alice  web     spring   1 D     converted 20 D   100    0.95  Spring 1000
 *  L2   alice  web     spring   1 D     lost      21 D    85    0.85  Spring
 *  L3   alice  ads     spring   2 D     converted 22 D    72    0.72  Spring 500
 *  L4   alice  ads     -        2 D     lost      23 D    55    0.55  Spring
 *  L5   alice  web     summer   3 D     open      -       40    0.40  Spring
 *  L6   bob    web     summer   3 D     converted  5 D    65    0.65  Spring 2000
 *  L7   bob    ads     summer   4 D     lost      24 D    35    0.32  Spring
 *  L8   bob    ads     spring   4 D     converted 25 D    30    0.32  Spring
 *  L9   bob    event   -        5 D     lost      26 D    15    0.15  Spring
 *  L10  bob    event   -        5 D     lost      27 D     5    0.05  Winter
 *  L11  -      web     -        6 D     open      -        -    -     -
 *  L13  bob    web     -        6 D     converted 150 D   80    0.80  Spring 300
 *
 * Closed in the range and scored: L1–L4, L6–L10: 9 leads, 4 converted, a base rate of 44.4%.
 * Alice's: L1–L4, 2 of 4 (50.0%). Spring's accuracy counts the leads it scored that closed
 * after it was trained: L1–L4, L7–L9, whose AUC is 8.5 / 12 (0.71); Alice's L1–L4, 0.75.
 *
 * An experiment runs since T0 + 10 D, Spring (A) against Winter (B): arm A holds L1–L6, arm B
 * L7–L13. A resolved 2 of 4 (L1–L4), B 1 of 4 (L7–L10): B converts 25.0 points worse, with a
 * 95% interval of −89.8 to 39.8 and p = 0.465 (worked out in test-reports.c).
 */

static gint64
model_id (HotlistStore *store, const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gint64        id;

  g_assert_cmpint (sqlite3_prepare_v2 (hotlist_store_get_db (store),
                                       "SELECT model_id FROM scoring_models WHERE model_name = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static HotlistWorkspace *
make_workspace (TestDir *dir)
{
  gint64                       spring, winter;
  g_autofree char             *path = test_dir_file (dir, "reports.hotlist");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (path, &error);
  HotlistStore                *store;

  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  /* The workspace came with the starter model, active: it becomes Spring. */
  exec (store, sqlite3_mprintf ("UPDATE scoring_models SET model_name = 'Spring', trained_at = %lld"
                                " WHERE status = 'active'",
                                (long long)(T0 + 10 * D)));
  exec (store, sqlite3_mprintf ("INSERT INTO scoring_models (model_name, trained_at, status)"
                                " VALUES ('Winter', %lld, 'retired')",
                                (long long)(T0 - 100 * D)));
  exec (store, sqlite3_mprintf ("INSERT INTO attributes (key, label, kind, attr_group) VALUES"
                                " ('campaign', 'Campaign', 'category', 'engagement'),"
                                " ('deal_value', 'Deal value', 'number', 'crm')"));
  spring = model_id (store, "Spring");
  winter = model_id (store, "Winter");

  add_lead (store, 1, "alice", "web", "{\"campaign\":\"spring\",\"deal_value\":\"1000\"}", 1,
            "converted", 20, 100, 0.95, spring);
  add_lead (store, 2, "alice", "web", "{\"campaign\":\"spring\"}", 1, "lost", 21, 85, 0.85, spring);
  add_lead (store, 3, "alice", "ads", "{\"campaign\":\"spring\",\"deal_value\":\"500\"}", 2,
            "converted", 22, 72, 0.72, spring);
  add_lead (store, 4, "alice", "ads", NULL, 2, "lost", 23, 55, 0.55, spring);
  add_lead (store, 5, "alice", "web", "{\"campaign\":\"summer\"}", 3, "open", NONE, 40, 0.40,
            spring);
  add_lead (store, 6, "bob", "web", "{\"campaign\":\"summer\",\"deal_value\":\"2000\"}", 3,
            "converted", 5, 65, 0.65, spring);
  add_lead (store, 7, "bob", "ads", "{\"campaign\":\"summer\"}", 4, "lost", 24, 35, 0.32, spring);
  add_lead (store, 8, "bob", "ads", "{\"campaign\":\"spring\"}", 4, "converted", 25, 30, 0.32,
            spring);
  add_lead (store, 9, "bob", "event", NULL, 5, "lost", 26, 15, 0.15, spring);
  add_lead (store, 10, "bob", "event", NULL, 5, "lost", 27, 5, 0.05, winter);
  add_lead (store, 11, NULL, "web", NULL, 6, "open", NONE, -1, 0, 0);
  add_lead (store, 13, "bob", "web", "{\"deal_value\":\"300\"}", 6, "converted", 150, 80, 0.80,
            spring);

  add_activity (store, 1, "call", 3600);
  add_activity (store, 1, "meeting_booked", 86400);
  add_activity (store, 2, "call", 7200);
  add_activity (store, 3, "call", 10800);
  add_activity (store, 6, "call", 1800);
  add_activity (store, 6, "meeting_booked", 86400);
  add_activity (store, 7, "call", 86400);
  add_activity (store, 13, "meeting_booked", 86400);

  for (int id = 1; id <= 13; id++)
    if (id != 12)
      place_in_arm (store, id, id > 6);
  exec (store, sqlite3_mprintf ("INSERT INTO experiments (model_a, model_b, split, started_at)"
                                " SELECT a.model_id, b.model_id, 0.5, %lld FROM scoring_models a,"
                                " scoring_models b WHERE a.model_name = 'Spring'"
                                " AND b.model_name = 'Winter'",
                                (long long)(T0 + 10 * D)));
  return g_steal_pointer (&workspace);
}

/* Widgets */

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_reports (HotlistReportsView *view)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

  while (!timed_out && hotlist_reports_view_is_computing (view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_named (GtkWidget *root, const char *name, GPtrArray *found)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, found);
}

/* The text of the label called @name inside the card of @kind. */
static const char *
card_label (HotlistReportsView *view, HotlistReportKind kind, const char *name)
{
  g_autofree char *card_name = g_strconcat ("card-", hotlist_report_kind_to_id (kind), NULL);
  GtkWidget       *card = find_named (GTK_WIDGET (view), card_name);
  GtkWidget       *label;

  g_assert_nonnull (card);
  label = find_named (card, name);
  if (label == NULL)
    return NULL;
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static const char *
figure (HotlistReportsView *view, HotlistReportKind kind, const char *name)
{
  const char *text = card_label (view, kind, name);

  if (text == NULL)
    g_error ("No figure “%s” in the card of %s", name, hotlist_report_kind_to_id (kind));
  return text;
}

static const char *
grid_text (GtkGrid *grid, int column, int row)
{
  GtkWidget *cell = gtk_grid_get_child_at (grid, column, row);

  return cell != NULL ? gtk_label_get_text (GTK_LABEL (cell)) : NULL;
}

/* The rows' names (first column) of the table called @name. */
static GStrv
table_rows (HotlistReportsView *view, const char *name)
{
  GtkWidget               *grid = find_named (GTK_WIDGET (view), name);
  g_autoptr (GStrvBuilder) rows = g_strv_builder_new ();

  g_assert_nonnull (grid);
  for (int row = 1; grid_text (GTK_GRID (grid), 0, row) != NULL; row++)
    g_strv_builder_add (rows, grid_text (GTK_GRID (grid), 0, row));
  return g_strv_builder_end (rows);
}

/* The cell of table @name in the row named @row, under the header @column, as a user reads it. */
static const char *
table_cell (HotlistReportsView *view, const char *name, const char *row, const char *column)
{
  GtkWidget *grid = find_named (GTK_WIDGET (view), name);
  int        x = -1, y = -1;

  g_assert_nonnull (grid);
  for (int i = 0; grid_text (GTK_GRID (grid), i, 0) != NULL; i++)
    if (g_str_equal (grid_text (GTK_GRID (grid), i, 0), column))
      x = i;
  for (int i = 1; grid_text (GTK_GRID (grid), 0, i) != NULL; i++)
    if (g_str_equal (grid_text (GTK_GRID (grid), 0, i), row))
      y = i;
  if (x < 0 || y < 0)
    g_error ("No cell (%s, %s) in the table %s", row, column, name);
  return grid_text (GTK_GRID (grid), x, y);
}

static void
choose (GtkWidget *root, const char *dropdown_name, const char *value)
{
  GtkWidget  *dropdown = find_named (root, dropdown_name);
  GListModel *model;

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
        return;
      }
  g_error ("No “%s” in %s", value, dropdown_name);
}

/* A click on a button, at once (activating it waits for its pressed look to end). */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
}

static HotlistReportsView *
open_view_sized (HotlistWorkspace *workspace, int width, GtkWindow **window)
{
  HotlistReportsView *view = HOTLIST_REPORTS_VIEW (hotlist_reports_view_new ());

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, width, 900);
  gtk_window_set_child (*window, GTK_WIDGET (view));
  hotlist_reports_view_set_workspace (view, workspace);
  hotlist_reports_view_set_custom_range (view, T0, T0 + 100 * D);
  gtk_window_present (*window);
  wait_for_reports (view);
  return view;
}

static HotlistReportsView *
open_view (HotlistWorkspace *workspace, GtkWindow **window)
{
  return open_view_sized (workspace, 1100, window);
}

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Cases */

static void
test_figures (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  g_auto (GStrv)               owners = NULL;

  g_assert_nonnull (hotlist_reports_view_get_reports (view));
  g_assert_cmpstr (hotlist_reports_view_get_range (view), ==, "custom");

  /* Created in the range: 11 scored (L1–L10, L13), L11 not. */
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_SCORE_DISTRIBUTION, "distribution-scored"), ==,
                   "11");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_SCORE_DISTRIBUTION, "distribution-unscored"), ==,
                   "1");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-n"), ==, "9");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-conversions"), ==, "4");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "44.4%");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_MODEL_ACCURACY, "accuracy-auc"), ==, "0.71");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_MODEL_ACCURACY, "accuracy-n"), ==, "7");
  g_assert_true (
      g_str_has_prefix (card_label (view, HOTLIST_REPORT_MODEL_ACCURACY, "accuracy-model"),
                        "Model “Spring”, trained "));
  /* Few leads closed: the view says to read the numbers with care. */
  g_assert_nonnull (card_label (view, HOTLIST_REPORT_MODEL_ACCURACY, "accuracy-few"));

  owners = table_rows (view, "sdr-table");
  g_assert_cmpstrv (owners, ((const char *const[]){ "alice", "bob", NULL }));
  g_assert_cmpstr (table_cell (view, "sdr-table", "alice", "Leads"), ==, "5");
  g_assert_cmpstr (table_cell (view, "sdr-table", "bob", "Leads"), ==, "6");
  g_assert_cmpstr (table_cell (view, "sdr-table", "bob", "Meetings"), ==, "2");

  /* The deciles, the campaigns and the experiment in plain words. */
  /* Nine leads in ten deciles: decile k holds the leads [⌈9 k / 10⌉, ⌈9 (k + 1) / 10⌉), so
   * the first nine hold one each — the top one L1, converted — and the last is empty. */
  g_assert_cmpstr (table_cell (view, "conversion-deciles", "Leads", "Top 10%"), ==, "1");
  g_assert_cmpstr (table_cell (view, "conversion-deciles", "Leads", "2"), ==, "1");
  g_assert_cmpstr (table_cell (view, "conversion-deciles", "Leads", "10"), ==, "0");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-top-decile"), ==, "100.0%");
  g_clear_pointer (&owners, g_strfreev);
  owners = table_rows (view, "roi-campaigns");
  g_assert_cmpstrv (owners, ((const char *const[]){ "spring", "summer", NULL }));
  g_assert_cmpstr (card_label (view, HOTLIST_REPORT_EXPERIMENTS, "experiment-verdict"), ==,
                   "B converts 25.0 points worse than A (95% CI −89.8 to 39.8), p = 0.465. The "
                   "difference could still be chance.");
  g_assert_cmpstr (table_cell (view, "experiment-arms-0", "A (incumbent)", "Conversion"), ==,
                   "50.0%");
  g_assert_cmpstr (table_cell (view, "experiment-arms-0", "B (challenger)", "Conversion"), ==,
                   "25.0%");
  /* Undefined numbers are dashes: L11's owner-less lead is not a row, but touches per lead of
   * an owner without worked leads would be; the drift AUC of weeks without both outcomes is. */
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per conversion"), ==, "—");

  /* Alice's leads only. */
  choose (GTK_WIDGET (view), "owner-filter", "alice");
  wait_for_reports (view);
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-n"), ==, "4");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "50.0%");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_MODEL_ACCURACY, "accuracy-auc"), ==, "0.75");
  g_clear_pointer (&owners, g_strfreev);
  owners = table_rows (view, "sdr-table");
  g_assert_cmpstrv (owners, ((const char *const[]){ "alice", NULL }));

  /* Back to everyone. */
  choose (GTK_WIDGET (view), "owner-filter", "All Owners");
  wait_for_reports (view);
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "44.4%");

  close_window (window);
}

/* A lead written in the workspace (an outcome marked in the lead detail, a sync) changes the
 * reports shown, without a click. */
static void
test_follows_changes (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  HotlistStore                *store = hotlist_workspace_get_store (workspace);
  const gint64                 ids[] = { 5 };

  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "44.4%");
  /* L5 converts on day 30; the store says so when its transaction commits. */
  exec (store, sqlite3_mprintf ("UPDATE leads SET outcome = 'converted', outcome_at = %lld"
                                " WHERE id = 5",
                                (long long)(T0 + 30 * D)));
  g_signal_emit_by_name (store, "leads-changed", ids, 1u);
  g_assert_true (hotlist_reports_view_is_computing (view));
  wait_for_reports (view);
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-n"), ==, "10");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "50.0%");
  close_window (window);
}

static void
test_empty_range (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  static const struct
  {
    HotlistReportKind kind;
    const char       *text;
  } expected[] = {
    { HOTLIST_REPORT_SCORE_DISTRIBUTION, "No lead was created in this period." },
    { HOTLIST_REPORT_CONVERSION, "No scored lead was won or lost in this period." },
    { HOTLIST_REPORT_MODEL_ACCURACY,
      "No lead scored by this model was won or lost in this period after it was trained, so its "
      "accuracy cannot be measured yet." },
    { HOTLIST_REPORT_SDR_EFFICIENCY, "No lead with an owner was created in this period." },
    { HOTLIST_REPORT_ROI, "No lead with a lead source was created in this period." },
    { HOTLIST_REPORT_EXPERIMENTS, "No experiment ran in this period." },
    { HOTLIST_REPORT_DRIFT, "No scored lead was created or closed in this period." },
  };

  /* Long before the first lead, and the experiment (which still runs, so a range after it would
   * show it). */
  hotlist_reports_view_set_custom_range (view, T0 - 1000 * D, T0 - 970 * D);
  wait_for_reports (view);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (card_label (view, expected[i].kind, "empty-state"), ==, expected[i].text);
  g_assert_null (card_label (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"));
  g_assert_null (find_named (GTK_WIDGET (view), "sdr-table"));

  /* A range with the leads again fills the cards. */
  hotlist_reports_view_set_custom_range (view, T0, T0 + 100 * D);
  wait_for_reports (view);
  g_assert_null (card_label (view, HOTLIST_REPORT_CONVERSION, "empty-state"));
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "44.4%");

  close_window (window);
}

/* Custom… asks for two days in calendars; the reports then cover them, both included. */
static void
test_custom_range (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  g_autoptr (GListModel)       toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog            *dialog = NULL;
  GtkWidget                   *columns;
  g_autoptr (GDateTime)        first = g_date_time_new_from_unix_local (T0);
  g_autoptr (GDateTime)        last = g_date_time_new_from_unix_local (T0 + 99 * D);

  hotlist_reports_view_set_range (view, "all");
  wait_for_reports (view);
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-n"), ==, "10");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "reports.custom-range", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  columns = adw_message_dialog_get_extra_child (dialog);
  gtk_calendar_select_day (g_object_get_data (G_OBJECT (gtk_widget_get_first_child (columns)),
                                              "calendar"),
                           first);
  gtk_calendar_select_day (g_object_get_data (G_OBJECT (gtk_widget_get_last_child (columns)),
                                              "calendar"),
                           last);
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_reports (view);

  g_assert_cmpstr (hotlist_reports_view_get_range (view), ==, "custom");
  /* L13 closed after the last day. */
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-n"), ==, "9");
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "44.4%");
  close_window (window);
}

static void
test_no_model (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view;

  exec (hotlist_workspace_get_store (workspace),
        sqlite3_mprintf ("UPDATE scoring_models SET status = 'retired'"));
  view = open_view (workspace, &window);
  g_assert_cmpstr (card_label (view, HOTLIST_REPORT_MODEL_ACCURACY, "empty-state"), ==,
                   "No model is active yet. Train one in Model & Weights to see how well its "
                   "scores predict outcomes.");
  close_window (window);
}

static void
test_costs (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  GtkWindow                   *dialog;
  GtkWidget                   *amount;
  g_autoptr (GPtrArray)        rows = g_ptr_array_new ();
  g_autoptr (GPtrArray)        costs = NULL;
  g_autoptr (GError)           error = NULL;

  /* Without costs, the ROI card asks for them. */
  g_assert_nonnull (card_label (view, HOTLIST_REPORT_ROI, "roi-no-costs"));
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per conversion"), ==, "—");

  dialog = hotlist_reports_view_open_costs (view);
  g_assert_nonnull (dialog);
  click (find_named (GTK_WIDGET (dialog), "add-source-cost"));
  choose (GTK_WIDGET (dialog), "cost-name", "web");
  amount = find_named (GTK_WIDGET (dialog), "cost-amount");
  gtk_editable_set_text (GTK_EDITABLE (amount), "1200");
  click (find_named (GTK_WIDGET (dialog), "save"));
  wait_for_reports (view);

  costs = hotlist_campaign_costs_list (hotlist_workspace_get_store (workspace), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 1);
  g_assert_cmpfloat (((HotlistCampaignCost *)costs->pdata[0])->cost, ==, 1200);

  /* Web's leads created in the range converted three times (L1, L6, L13) and had three
   * meetings; their deals were worth 3300. */
  g_assert_null (card_label (view, HOTLIST_REPORT_ROI, "roi-no-costs"));
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Cost"), ==, "1200 USD");
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per conversion"), ==, "400.00 USD");
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per meeting"), ==, "400.00 USD");
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "ROI"), ==, "175.0%");
  g_assert_cmpstr (table_cell (view, "roi-sources", "ads", "Per conversion"), ==, "—");

  /* The dialog lists it again, and removing it takes it away. */
  dialog = hotlist_reports_view_open_costs (view);
  collect_named (GTK_WIDGET (dialog), "cost-amount", rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (rows->pdata[0]), ==, 1200);
  {
    GtkWidget *row = gtk_widget_get_ancestor (rows->pdata[0], GTK_TYPE_LIST_BOX_ROW);
    GtkWidget *remove =
        gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

    click (remove);
  }
  click (find_named (GTK_WIDGET (dialog), "save"));
  wait_for_reports (view);
  g_clear_pointer (&costs, g_ptr_array_unref);
  costs = hotlist_campaign_costs_list (hotlist_workspace_get_store (workspace), &error);
  g_assert_cmpuint (costs->len, ==, 0);
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per conversion"), ==, "—");

  /* A cost for the last 30 days only (the period's default dates) does not count in a range
   * long before them. */
  dialog = hotlist_reports_view_open_costs (view);
  click (find_named (GTK_WIDGET (dialog), "add-source-cost"));
  choose (GTK_WIDGET (dialog), "cost-name", "web");
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "cost-amount")), "900");
  {
    GtkWidget            *period = find_named (GTK_WIDGET (dialog), "cost-period");
    GtkWidget            *limited;
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) today =
        g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), 0, 0, 0);
    g_autoptr (GDateTime) tomorrow = g_date_time_add_days (today, 1);
    g_autoptr (GDateTime) start = g_date_time_add_days (today, -29);
    HotlistCampaignCost  *cost;

    g_assert_cmpstr (gtk_label_get_text (
                         GTK_LABEL (gtk_menu_button_get_child (GTK_MENU_BUTTON (period)))),
                     ==, "Any Time");
    gtk_menu_button_popup (GTK_MENU_BUTTON (period));
    limited = gtk_widget_get_first_child (
        gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (period))));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (limited), TRUE);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (period));
    g_assert_cmpstr (gtk_label_get_text (
                         GTK_LABEL (gtk_menu_button_get_child (GTK_MENU_BUTTON (period)))),
                     !=, "Any Time");
    click (find_named (GTK_WIDGET (dialog), "save"));
    wait_for_reports (view);
    g_clear_pointer (&costs, g_ptr_array_unref);
    costs = hotlist_campaign_costs_list (hotlist_workspace_get_store (workspace), &error);
    g_assert_cmpuint (costs->len, ==, 1);
    cost = costs->pdata[0];
    g_assert_cmpfloat (cost->cost, ==, 900);
    g_assert_cmpint (cost->period_start, ==, g_date_time_to_unix (start));
    g_assert_cmpint (cost->period_end, ==, g_date_time_to_unix (tomorrow));
  }
  g_assert_cmpstr (table_cell (view, "roi-sources", "web", "Per conversion"), ==, "—");

  close_window (window);
}

static void
test_export_csv (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  GtkWindow                   *window;
  HotlistReportsView          *view = open_view (workspace, &window);
  g_autofree char             *path = test_dir_file (dir, "conversion.csv");
  g_autofree char             *bad_path = test_dir_file (dir, "missing/conversion.csv");
  g_autofree char             *contents = NULL;
  g_autofree char             *name = NULL;
  g_autoptr (GDateTime)        now = g_date_time_new_now_local ();
  g_autofree char             *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char             *expected_name = g_strdup_printf ("hotlist-conversion-%s.csv", today);
  g_autoptr (GError)           error = NULL;
  g_auto (GStrv)               lines = NULL;

  name = hotlist_reports_view_dup_csv_name (view, HOTLIST_REPORT_CONVERSION);
  g_assert_cmpstr (name, ==, expected_name);

  g_assert_true (
      hotlist_reports_view_export_csv_to_file (view, HOTLIST_REPORT_CONVERSION, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  /* RFC 4180 lines end in CR LF. */
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "group,bin,min_score,max_score,leads,conversions,rate,lift");
  /* The whole range: 9 closed leads, 4 converted. */
  g_assert_true (g_str_has_prefix (lines[1], "all,all,,,9,4,"));

  /* The whole dashboard as a PDF. */
  {
    g_autofree char *pdf = test_dir_file (dir, "reports.pdf");
    g_autofree char *bytes = NULL;
    gsize            length = 0;

    g_assert_true (hotlist_reports_view_export_pdf_to_file (view, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 4);
    g_assert_cmpmem (bytes, 4, "%PDF", 4);
  }

  /* A folder that is not there: an error that says so, nothing written. */
  g_assert_false (
      hotlist_reports_view_export_csv_to_file (view, HOTLIST_REPORT_CONVERSION, bad_path, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "The report could not be exported: "));

  close_window (window);
}

/* The main window's Reports page reports on its workspace once shown. */
static void
test_window (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autoptr (HotlistWorkspace) workspace = make_workspace (dir);
  HotlistWindow               *window = hotlist_window_new (NULL, workspace);
  HotlistReportsView          *view = hotlist_window_get_reports_view (window);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_reports (view);
  g_assert_true (hotlist_reports_view_get_workspace (view) == workspace);
  /* Not shown yet, not computed yet. */
  g_assert_null (hotlist_reports_view_get_reports (view));
  hotlist_window_show_view (window, "reports");
  hotlist_reports_view_set_range (view, "all");
  wait_for_reports (view);
  g_assert_nonnull (hotlist_reports_view_get_reports (view));
  /* All time: L13 closed too (5 of 10). */
  g_assert_cmpstr (figure (view, HOTLIST_REPORT_CONVERSION, "conversion-base-rate"), ==, "50.0%");
  close_window (GTK_WINDOW (window));
}

static void
screenshot (GtkWidget *widget, const char *name)
{
  const char               *dir = g_getenv ("HOTLIST_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable)  paintable = NULL;
  g_autoptr (GtkSnapshot)   snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;
  g_autofree char          *file = g_strconcat (name, ".png", NULL);
  g_autofree char          *path = NULL;
  int                       width = gtk_widget_get_width (widget);
  int                       height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The demo workspace comes with costs: every lead source has a cost per conversion. */
static void
test_demo (void)
{
  g_autoptr (HotlistApplication) app = hotlist_application_new ();
  g_autoptr (HotlistWorkspace)   demo = NULL;
  g_autoptr (GError)             error = NULL;
  GtkWindow                     *window;
  HotlistReportsView            *view;
  g_auto (GStrv)                 sources = NULL;

  demo = hotlist_application_open_demo (app, &error);
  g_assert_no_error (error);
  view = open_view (demo, &window);
  hotlist_reports_view_set_range (view, "all");
  wait_for_reports (view);
  sources = table_rows (view, "roi-sources");
  g_assert_cmpuint (g_strv_length (sources), ==, 9);
  for (guint i = 0; sources[i] != NULL; i++)
    g_assert_cmpstr (table_cell (view, "roi-sources", sources[i], "Per conversion"), !=, "—");
  g_assert_null (card_label (view, HOTLIST_REPORT_ROI, "roi-no-costs"));

  /* A tall window shows every card at once, for a look at the whole view. */
  if (g_getenv ("HOTLIST_SCREENSHOT_DIR") != NULL)
    {
      gtk_widget_set_size_request (GTK_WIDGET (view), 1100, 4800);
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE), g_usleep (10000);
      screenshot (GTK_WIDGET (window), "reports-view-demo");
      close_window (window);
      /* And on a phone-sized window. */
      view = open_view_sized (demo, 360, &window);
      hotlist_reports_view_set_range (view, "all");
      wait_for_reports (view);
      gtk_widget_set_size_request (GTK_WIDGET (view), 360, 5200);
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE), g_usleep (10000);
      screenshot (GTK_WIDGET (window), "reports-view-narrow");
    }
  /* The costs the demo came with, in the Costs dialog: nine sources, every month. */
  {
    gint64                start = g_get_monotonic_time ();
    GtkWindow            *dialog = hotlist_reports_view_open_costs (view);
    g_autoptr (GPtrArray) rows = g_ptr_array_new ();

    collect_named (GTK_WIDGET (dialog), "cost-amount", rows);
    g_assert_cmpuint (rows->len, ==, 9 * 19);
    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE), g_usleep (10000);
    g_test_message ("the Costs dialog opened in %.0f ms",
                    (g_get_monotonic_time () - start) / 1000.0 - 500);
    screenshot (GTK_WIDGET (dialog), "reports-costs-demo");
    gtk_window_destroy (dialog);
  }
  close_window (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int              status;

  test_root_init ("reports-view");
  data_home = g_build_filename (test_root, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  add_test ("/reports-view/figures", test_figures);
  add_test ("/reports-view/follows-changes", test_follows_changes);
  add_test ("/reports-view/empty-range", test_empty_range);
  add_test ("/reports-view/custom-range", test_custom_range);
  add_test ("/reports-view/no-model", test_no_model);
  add_test ("/reports-view/costs", test_costs);
  add_test ("/reports-view/export-csv", test_export_csv);
  add_test ("/reports-view/window", test_window);
  add_test ("/reports-view/demo", test_demo);
  status = g_test_run ();
  return test_root_finish (status);
}
