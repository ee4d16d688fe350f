/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the main window under a headless display: leads by score, empty and error states. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hotlist-application.h"
#include "hotlist-lead-item.h"
#include "hotlist-window.h"
#include "hotlist-test-dir.h"

static void
set_score (const char *db_path, const char *external_id, int score)
{
  sqlite3         *db = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sql =
      sqlite3_mprintf ("UPDATE leads SET lead_score = %d, probability = %f WHERE external_id = %Q",
                       score, score / 100.0, external_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_free (g_steal_pointer (&sql));
  sqlite3_close (db);
}

static HotlistWorkspace *
make_workspace (const char *name, const char *csv)
{
  g_autofree char             *path = g_build_filename (test_root, name, NULL);
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (path, NULL);
  g_autoptr (GError)           error = NULL;

  g_assert_nonnull (workspace);
  if (csv != NULL)
    {
      g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
      g_autoptr (GInputStream)        stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
      g_autoptr (HotlistImportReport) report =
          hotlist_csv_import_run (import, hotlist_workspace_get_store (workspace), stream, NULL,
                                  &error);
      g_assert_no_error (error);
      g_assert_cmpuint (report->rejected, ==, 0);
    }
  return g_steal_pointer (&workspace);
}

static void
wait_for_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_window_lists_by_score (void)
{
  g_autoptr (HotlistWorkspace) workspace =
      make_workspace ("scored.hotlist", "id,first_name,last_name,company\n"
                                        "a,Ana,Low,Alpha\n"
                                        "b,Ben,High,Beta\n"
                                        "c,Cleo,Unscored,Gamma\n"
                                        "d,Dan,Middle,Delta\n");
  const char    *path = hotlist_workspace_get_path (workspace);
  HotlistWindow *window;
  GListModel    *leads;
  const char    *expected[] = { "b", "d", "a", "c" };

  set_score (path, "a", 12);
  set_score (path, "b", 91);
  set_score (path, "d", 55);

  window = hotlist_window_new (NULL, workspace);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_idle ();

  g_assert_cmpstr (hotlist_window_get_page_name (window), ==, "leads");
  leads = hotlist_window_get_leads (window);
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, i);
      g_assert_cmpstr (hotlist_lead_item_get_lead (item)->external_id, ==, expected[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

static void
test_window_empty_workspace (void)
{
  g_autoptr (HotlistWorkspace) workspace = make_workspace ("empty.hotlist", NULL);
  HotlistWindow               *window = hotlist_window_new (NULL, workspace);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_idle ();
  g_assert_cmpstr (hotlist_window_get_page_name (window), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (hotlist_window_get_leads (window)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

static void
test_window_error_state (void)
{
  HotlistWindow *window = hotlist_window_new (NULL, NULL);

  hotlist_window_show_error (window, "The disk is full");
  g_assert_cmpstr (hotlist_window_get_page_name (window), ==, "error");
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

static void
test_demo_workspace (void)
{
  g_autoptr (HotlistApplication) app = hotlist_application_new ();
  g_autoptr (HotlistWorkspace)   demo = NULL;
  g_autoptr (HotlistWorkspace)   again = NULL;
  g_autoptr (GError)             error = NULL;
  g_autofree char               *expected_path =
      g_build_filename (test_root, "data", "hotlist", "demo.hotlist", NULL);
  g_autofree char *name = NULL;

  demo = hotlist_application_open_demo (app, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hotlist_workspace_get_path (demo), ==, expected_path);
  /* The demo world (data/demo/generate-demo-world.py): 3000 leads and their activities, every
   * lead scored and explained by the starter model. */
  g_assert_cmpint (hotlist_store_count_leads (hotlist_workspace_get_store (demo), NULL), ==, 3000);
  g_assert_cmpint (hotlist_store_count_activities (hotlist_workspace_get_store (demo), NULL), ==,
                   39801);
  {
    g_autoptr (GPtrArray) leads = hotlist_store_list_leads (hotlist_workspace_get_store (demo),
                                                            HOTLIST_LEAD_ORDER_SCORE, -1, NULL);
    HotlistModel         *model = hotlist_scorer_get_model (hotlist_workspace_get_scorer (demo));

    g_assert_nonnull (model);
    g_assert_cmpstr (hotlist_model_get_origin (model), ==, "starter");
    g_assert_cmpuint (leads->len, ==, 3000);
    for (guint i = 0; i < leads->len; i++)
      {
        HotlistLead *lead = g_ptr_array_index (leads, i);
        g_assert_cmpint (lead->score_model_id, ==, hotlist_model_get_id (model));
        g_assert_cmpint (lead->lead_score, >=, 0);
      }
  }
  name = hotlist_workspace_dup_name (demo);
  g_assert_cmpstr (name, ==, "Demo");
  g_clear_object (&demo);

  /* Opening it again keeps what is there instead of importing the sample twice. */
  again = hotlist_application_open_demo (app, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_count_leads (hotlist_workspace_get_store (again), NULL), ==, 3000);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int              result;

  test_root_init ("test-window");
  data_home = g_build_filename (test_root, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/lists-by-score", test_window_lists_by_score);
  g_test_add_func ("/window/empty-workspace", test_window_empty_workspace);
  g_test_add_func ("/window/error-state", test_window_error_state);
  g_test_add_func ("/window/demo-workspace", test_demo_workspace);

  result = g_test_run ();
  return test_root_finish (result);
}
