/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the main window under a headless display: leads by score, search, filters, sort,
 * rows updated in place, the detail pane, workspaces, empty and error states. */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hotlist-application.h"
#include "hotlist-lead-item.h"
#include "hotlist-model-window.h"
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
  const char    *expected[] = { "Ben High", "Dan Middle", "Ana Low", "Cleo Unscored" };

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
      g_assert_cmpstr (hotlist_lead_item_get_row (item)->name, ==, expected[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

static const char *people_csv =
    "id,first_name,last_name,email,company,job_title,owner,lead_source,status,company_size\n"
    "p1,Ana,Alvarez,ana@alpha.example,Alpha Health,CMO,Dana,Webinar,New,1200\n"
    "p2,Ben,Brook,ben@beta.example,Beta Labs,Intern,Eli,Cold Call,New,8\n"
    "p3,Cleo,Chen,cleo@gamma.example,Gamma Retail,VP Sales,Dana,Webinar,Working,400\n"
    "p4,Dan,Dorsey,dan@delta.example,Delta Freight,Analyst,Eli,Referral,Working,60\n"
    "p5,Eve,Ek,eve@zeta.example,Zeta Software,Head of Marketing,Dana,Content Download,New,2500\n";

static char **
shown_names (HotlistWindow *window)
{
  GListModel *leads = hotlist_window_get_leads (window);
  guint       n = g_list_model_get_n_items (leads);
  char      **names = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, i);
      names[i] = g_strdup (hotlist_lead_item_get_row (item)->name);
    }
  return names;
}

static HotlistWindow *
open_window (HotlistWorkspace *workspace)
{
  HotlistWindow *window = hotlist_window_new (NULL, workspace);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_idle ();
  return window;
}

static void
close_window (HotlistWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

static void
test_window_search_filter_sort (void)
{
  g_autoptr (HotlistWorkspace) workspace = make_workspace ("people.hotlist", people_csv);
  HotlistWindow               *window = open_window (workspace);
  HotlistLeadList             *list = hotlist_window_get_lead_list (window);
  GListModel                  *leads = hotlist_window_get_leads (window);
  GtkEditable                 *search = hotlist_window_get_search_entry (window);
  g_auto (GStrv)               names = NULL;
  g_auto (GStrv)               owners = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 5);

  /* Search looks at names, companies, e-mail addresses and titles, ignoring case. */
  hotlist_lead_list_set_search (list, "WEBINAR"); /* a source, not searched */
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 0);
  g_assert_cmpstr (hotlist_window_get_page_name (window), ==, "leads");
  hotlist_lead_list_set_search (list, "delta");
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Dan Dorsey", NULL }));
  g_clear_pointer (&names, g_strfreev);
  hotlist_lead_list_set_search (list, "ZETA.EX"); /* e-mail */
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Eve Ek", NULL }));
  g_clear_pointer (&names, g_strfreev);
  /* Typing on narrows; deleting widens again. Through the entry, as a user types. */
  gtk_editable_set_text (search, "e");
  wait_for_idle ();
  hotlist_lead_list_set_search (list, gtk_editable_get_text (search));
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 5);
  hotlist_lead_list_set_search (list, "vp");
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Cleo Chen", NULL }));
  g_clear_pointer (&names, g_strfreev);
  hotlist_lead_list_set_search (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 5);

  /* Filters, and the values the owner filter offers. */
  owners = hotlist_lead_list_dup_values (list, HOTLIST_LEAD_FILTER_OWNER);
  g_assert_cmpstrv (owners, ((const char *[]){ "Dana", "Eli", NULL }));
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_OWNER, "Eli");
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 2);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_STATUS, "Working");
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 1);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_STATUS, "No such status");
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 0);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_STATUS, NULL);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_OWNER, NULL);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_SOURCE, "Webinar");
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 2);
  hotlist_lead_list_set_filter (list, HOTLIST_LEAD_FILTER_SOURCE, NULL);

  /* Sorting by name, both ways, and back to score (highest first). */
  hotlist_lead_list_set_sort (list, HOTLIST_LEAD_SORT_NAME, FALSE);
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Ana Alvarez", "Ben Brook", "Cleo Chen", "Dan Dorsey",
                                              "Eve Ek", NULL }));
  g_clear_pointer (&names, g_strfreev);
  hotlist_lead_list_set_sort (list, HOTLIST_LEAD_SORT_COMPANY, TRUE);
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Eve Ek", "Cleo Chen", "Dan Dorsey", "Ben Brook",
                                              "Ana Alvarez", NULL }));
  g_clear_pointer (&names, g_strfreev);
  /* Owners A to Z; within one owner, by lead id (the order they were imported). */
  hotlist_lead_list_set_sort (list, HOTLIST_LEAD_SORT_OWNER, FALSE);
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Ana Alvarez", "Cleo Chen", "Eve Ek", "Ben Brook",
                                              "Dan Dorsey", NULL }));
  g_clear_pointer (&names, g_strfreev);
  hotlist_lead_list_set_sort (list, HOTLIST_LEAD_SORT_SOURCE, TRUE);
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Ana Alvarez", "Cleo Chen", "Dan Dorsey", "Eve Ek",
                                              "Ben Brook", NULL }));
  g_clear_pointer (&names, g_strfreev);
  hotlist_lead_list_set_sort (list, HOTLIST_LEAD_SORT_SCORE, TRUE);
  {
    int last = 101;

    for (guint i = 0; i < g_list_model_get_n_items (leads); i++)
      {
        g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, i);
        int                         score = hotlist_lead_item_get_row (item)->score;

        g_assert_cmpint (score, >=, 0); /* the starter model scored them on import */
        g_assert_cmpint (score, <=, last);
        last = score;
      }
  }
  close_window (window);
}

typedef struct
{
  guint signals;
  guint largest;
} ChangeCount;

static void
count_changes_cb (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  ChangeCount *count = data;

  count->signals++;
  count->largest = MAX (count->largest, MAX (removed, added));
}

static guint
position_of (HotlistWindow *window, const char *name)
{
  GListModel *leads = hotlist_window_get_leads (window);

  for (guint i = 0; i < g_list_model_get_n_items (leads); i++)
    {
      g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, i);
      if (g_strcmp0 (hotlist_lead_item_get_row (item)->name, name) == 0)
        return i;
    }
  return G_MAXUINT;
}

/* A lead rescored by a write moves to its new place; GTK hears of that row, not of a reload. */
static void
test_window_updates_rows_in_place (void)
{
  g_autoptr (HotlistWorkspace) workspace = make_workspace ("in-place.hotlist", people_csv);
  HotlistStore                *store = hotlist_workspace_get_store (workspace);
  HotlistWindow               *window = open_window (workspace);
  GListModel                  *leads = hotlist_window_get_leads (window);
  ChangeCount                  count = { 0 };
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistLead)      before = hotlist_store_find_lead (store, "p2", &error);
  g_autoptr (HotlistLead)      after = NULL;
  guint                        last = g_list_model_get_n_items (leads) - 1;
  gint64                       now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  /* The intern at an 8-person company is last… */
  g_assert_cmpuint (position_of (window, "Ben Brook"), ==, last);
  hotlist_window_select_position (window, last);
  g_assert_cmpint (hotlist_lead_detail_get_lead (hotlist_window_get_detail (window)), ==,
                   before->id);

  /* …until they look at pricing, book a meeting and reply, all this week. */
  g_signal_connect (leads, "items-changed", G_CALLBACK (count_changes_cb), &count);
  g_assert_true (hotlist_store_begin (store, &error));
  for (int i = 0; i < 6; i++)
    {
      g_assert_true (hotlist_store_add_activity (store, before->id, "pricing_page_view",
                                                 now - i * 3600, NULL, "test", NULL, NULL, NULL,
                                                 &error));
      g_assert_true (hotlist_store_add_activity (store, before->id, "email_reply", now - i * 7200,
                                                 NULL, "test", NULL, NULL, NULL, &error));
    }
  g_assert_true (hotlist_store_add_activity (store, before->id, "meeting_booked", now, NULL, "test",
                                             NULL, NULL, NULL, &error));
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);
  wait_for_idle ();

  after = hotlist_store_find_lead (store, "p2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->lead_score, >, before->lead_score);
  /* The row shows the new score where the new score puts it. */
  {
    guint                       position = position_of (window, "Ben Brook");
    g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, position);

    g_assert_cmpint (hotlist_lead_item_get_row (item)->score, ==, after->lead_score);
    g_assert_cmpuint (position, <, last);
    for (guint i = 0; i + 1 < g_list_model_get_n_items (leads); i++)
      {
        g_autoptr (HotlistLeadItem) a = g_list_model_get_item (leads, i);
        g_autoptr (HotlistLeadItem) b = g_list_model_get_item (leads, i + 1);
        g_assert_cmpint (hotlist_lead_item_get_row (a)->score, >=,
                         hotlist_lead_item_get_row (b)->score);
      }
  }
  g_assert_cmpuint (count.signals, >=, 1);
  g_assert_cmpuint (count.largest, ==, 1);
  /* The lead stays selected and shown. */
  g_assert_cmpint (hotlist_lead_detail_get_lead (hotlist_window_get_detail (window)), ==,
                   after->id);

  /* Two leads written in one transaction move one by one too. */
  {
    g_autoptr (HotlistLead) ana = hotlist_store_find_lead (store, "p1", &error);
    g_autoptr (HotlistLead) dan = hotlist_store_find_lead (store, "p4", &error);

    count = (ChangeCount){ 0 };
    g_assert_true (hotlist_store_begin (store, &error));
    g_assert_true (hotlist_store_add_activity (store, ana->id, "call", now, NULL, "test", NULL,
                                               NULL, NULL, &error));
    g_assert_true (hotlist_store_add_activity (store, dan->id, "pricing_page_view", now, NULL,
                                               "test", NULL, NULL, NULL, &error));
    g_assert_true (hotlist_store_commit (store, &error));
    g_assert_no_error (error);
    wait_for_idle ();
    g_assert_cmpuint (count.signals, >=, 2);
    g_assert_cmpuint (count.largest, ==, 1);
    for (guint i = 0; i + 1 < g_list_model_get_n_items (leads); i++)
      {
        g_autoptr (HotlistLeadItem) a = g_list_model_get_item (leads, i);
        g_autoptr (HotlistLeadItem) b = g_list_model_get_item (leads, i + 1);
        g_assert_cmpint (hotlist_lead_item_get_row (a)->score, >=,
                         hotlist_lead_item_get_row (b)->score);
      }
  }

  /* Search still finds the rewritten row by its name and the others by theirs. */
  hotlist_lead_list_set_search (hotlist_window_get_lead_list (window), "brook");
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 1);
  g_assert_cmpuint (position_of (window, "Ben Brook"), ==, 0);
  hotlist_lead_list_set_search (hotlist_window_get_lead_list (window), "alvarez");
  g_assert_cmpuint (position_of (window, "Ana Alvarez"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 1);
  hotlist_lead_list_set_search (hotlist_window_get_lead_list (window), NULL);

  /* Closing a lead takes it off the default list of open leads. */
  {
    HotlistLeadInput input = { .lead_id = after->lead_id,
                               .source = after->source,
                               .outcome = HOTLIST_OUTCOME_CONVERTED };

    HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_OUTCOME);
    g_assert_true (hotlist_store_upsert_lead (store, &input, NULL, NULL, &error));
    g_assert_no_error (error);
    wait_for_idle ();
    g_assert_cmpuint (position_of (window, "Ben Brook"), ==, G_MAXUINT);
    g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 4);
    hotlist_lead_list_set_filter (hotlist_window_get_lead_list (window),
                                  HOTLIST_LEAD_FILTER_OUTCOME, "converted");
    g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 1);
  }
  g_signal_handlers_disconnect_by_func (leads, count_changes_cb, &count);
  close_window (window);
}

static void
add_busy_week (HotlistStore *store, gint64 lead)
{
  g_autoptr (GError) error = NULL;
  gint64             now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (hotlist_store_begin (store, &error));
  for (int i = 0; i < 6; i++)
    {
      g_assert_true (hotlist_store_add_activity (store, lead, "pricing_page_view", now - i * 3600,
                                                 NULL, "test", NULL, NULL, NULL, &error));
      g_assert_true (hotlist_store_add_activity (store, lead, "email_reply", now - i * 7200, NULL,
                                                 "test", NULL, NULL, NULL, &error));
    }
  g_assert_true (hotlist_store_add_activity (store, lead, "meeting_booked", now, NULL, "test", NULL,
                                             NULL, NULL, &error));
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_true (hotlist_store_ensure_activity_attributes (store, &error));
  g_assert_no_error (error);
}

static void
scores_changed_cb (HotlistModelWindow *window, gpointer user_data)
{
  (*(guint *)user_data)++;
}

/* A manager turns the weight of engagement down in Model & Weights; the list reorders. */
static void
test_window_weight_changes_order (void)
{
  g_autoptr (HotlistWorkspace) workspace = make_workspace ("weights.hotlist", people_csv);
  HotlistStore                *store = hotlist_workspace_get_store (workspace);
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistLead)      ben = hotlist_store_find_lead (store, "p2", &error);
  HotlistWindow               *window;
  HotlistModelWindow          *settings;
  guint                        changes = 0;
  const char *const            engagement[] = { "act_pricing_page_view", "act_email_reply",
                                                "act_meeting_booked", "engagement" };
  gint64                       deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  add_busy_week (store, ben->id);
  window = open_window (workspace);
  g_assert_cmpuint (position_of (window, "Ben Brook"), ==, 0);

  settings = HOTLIST_MODEL_WINDOW (hotlist_window_open_model_window (window));
  g_signal_connect (settings, "scores-changed", G_CALLBACK (scores_changed_cb), &changes);
  for (guint i = 0; i < G_N_ELEMENTS (engagement); i++)
    g_assert_true (hotlist_model_window_set_weight (settings, engagement[i], 0));
  while (changes == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes, >=, 1);
  wait_for_idle ();

  /* Without the week's engagement, the intern at an eight-person company is no longer first, and
   * the list shows the store's new order. */
  g_assert_cmpuint (position_of (window, "Ben Brook"), >, 0);
  {
    GListModel           *leads = hotlist_window_get_leads (window);
    g_autoptr (GPtrArray) stored =
        hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_SCORE, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (leads), ==, stored->len);
    for (guint i = 0; i < stored->len; i++)
      {
        g_autoptr (HotlistLeadItem) item = g_list_model_get_item (leads, i);
        HotlistLead                *lead = g_ptr_array_index (stored, i);

        g_assert_cmpint (hotlist_lead_item_get_row (item)->score, ==, lead->lead_score);
      }
  }
  gtk_window_destroy (GTK_WINDOW (settings));
  close_window (window);
}

/* Selecting a lead shows why it scored as it did. */
static void
test_window_detail_shows_factors (void)
{
  g_autoptr (HotlistWorkspace)   workspace = make_workspace ("detail.hotlist", people_csv);
  HotlistWindow                 *window = open_window (workspace);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistLeadItem)    item = NULL;
  g_autoptr (HotlistExplanation) explanation = NULL;
  g_autoptr (GPtrArray)          texts = NULL;

  hotlist_window_select_position (window, 1);
  wait_for_idle ();
  item = g_list_model_get_item (hotlist_window_get_leads (window), 1);
  g_assert_cmpint (hotlist_lead_detail_get_lead (hotlist_window_get_detail (window)), ==,
                   hotlist_lead_item_get_id (item));
  explanation = hotlist_scorer_explain (hotlist_workspace_get_scorer (workspace),
                                        hotlist_lead_item_get_id (item), &error);
  g_assert_no_error (error);
  texts = hotlist_lead_detail_dup_factor_texts (hotlist_window_get_detail (window));
  g_assert_cmpuint (texts->len, >, 0);
  /* The strongest factor comes first, in plain words. */
  {
    HotlistFactor   *top = g_ptr_array_index (explanation->factors, 0);
    g_autofree char *expected = hotlist_factor_describe (top);

    g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, expected);
  }
  close_window (window);
}

static void
test_window_switch_workspace (void)
{
  g_autoptr (HotlistWorkspace) first = make_workspace ("client-a.hotlist", people_csv);
  g_autofree char             *second_path = g_build_filename (test_root, "client-b.hotlist", NULL);
  HotlistWindow               *window = open_window (first);
  g_autoptr (GError)           error = NULL;
  g_auto (GStrv)               names = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (hotlist_window_get_leads (window)), ==, 5);
  {
    g_autoptr (HotlistWorkspace) second =
        make_workspace ("client-b.hotlist", "id,first_name,last_name\nz,Zoe,Zimmer\n");
    g_assert_true (hotlist_workspace_set_name (second, "Client B", &error));
  }
  g_assert_true (hotlist_window_open_workspace (window, second_path, &error));
  g_assert_no_error (error);
  wait_for_idle ();
  g_assert_cmpstr (hotlist_workspace_get_path (hotlist_window_get_workspace (window)), ==,
                   second_path);
  names = shown_names (window);
  g_assert_cmpstrv (names, ((const char *[]){ "Zoe Zimmer", NULL }));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Client B");
  g_assert_cmpint (hotlist_lead_detail_get_lead (hotlist_window_get_detail (window)), !=, 0);

  /* A workspace that cannot be opened leaves the window on the one it showed. */
  g_assert_false (hotlist_window_open_workspace (window, "/proc/no/such/dir/x.hotlist", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (hotlist_workspace_get_path (hotlist_window_get_workspace (window)), ==,
                   second_path);
  close_window (window);
}

static char **
menu_labels (GMenuModel *menu)
{
  guint  n = g_menu_model_get_n_items (menu);
  char **labels = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &labels[i]);
  return labels;
}

/* An agency adds a workspace for a new client, names it, and finds it in the menu. */
static void
test_window_create_rename_workspace (void)
{
  g_autoptr (HotlistWorkspace) first = make_workspace ("agency-a.hotlist", people_csv);
  HotlistWindow               *window = open_window (first);
  g_autoptr (GError)           error = NULL;
  g_auto (GStrv)               labels = NULL;
  g_autofree char             *expected = NULL;

  g_assert_true (hotlist_window_create_workspace (window, "Acme Corp", &error));
  g_assert_no_error (error);
  wait_for_idle ();
  expected = hotlist_workspace_path_for_name ("Acme Corp");
  g_assert_cmpstr (hotlist_workspace_get_path (hotlist_window_get_workspace (window)), ==,
                   expected);
  g_assert_cmpstr (hotlist_window_get_page_name (window), ==, "empty");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Acme Corp");
  labels = menu_labels (hotlist_window_get_workspaces_menu (window));
  g_assert_true (g_strv_contains ((const char *const *)labels, "Acme Corp"));
  g_clear_pointer (&labels, g_strfreev);

  g_assert_true (hotlist_window_rename_workspace (window, "Acme Corporation", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Acme Corporation");
  labels = menu_labels (hotlist_window_get_workspaces_menu (window));
  g_assert_true (g_strv_contains ((const char *const *)labels, "Acme Corporation"));
  g_assert_false (g_strv_contains ((const char *const *)labels, "Acme Corp"));
  {
    g_autofree char *peeked = hotlist_workspace_peek_name (expected);
    g_assert_cmpstr (peeked, ==, "Acme Corporation");
  }

  /* Creating it again opens the one that is there, and keeps its name. */
  g_assert_true (
      hotlist_window_open_workspace (window, hotlist_workspace_get_path (first), &error));
  g_assert_true (hotlist_window_create_workspace (window, "Acme Corp", &error));
  g_assert_cmpstr (hotlist_workspace_get_path (hotlist_window_get_workspace (window)), ==,
                   expected);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Acme Corporation");
  close_window (window);
}

static void
demo_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  HotlistWorkspace **demo = user_data;

  *demo = hotlist_application_open_demo_finish (HOTLIST_APPLICATION (source), result, &error);
  g_assert_no_error (error);
}

/* The demo is made in a thread, while the main loop goes on. */
static void
test_demo_workspace_async (void)
{
  g_autoptr (HotlistApplication) app = hotlist_application_new ();
  g_autoptr (HotlistWorkspace)   demo = NULL;
  gint64                         deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;
  gboolean                       loop_ran = FALSE;

  hotlist_application_open_demo_async (app, NULL, demo_ready_cb, &demo);
  while (demo == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      loop_ran = TRUE;
    }
  g_assert_true (loop_ran);
  g_assert_nonnull (demo);
  g_assert_cmpint (hotlist_store_count_leads (hotlist_workspace_get_store (demo), NULL), ==, 3000);
  g_assert_nonnull (hotlist_scorer_get_model (hotlist_workspace_get_scorer (demo)));
}

/* A narrow window shows one pane at a time, and fits. */
static void
test_window_narrow (void)
{
  g_autoptr (HotlistWorkspace) workspace = make_workspace ("narrow.hotlist", people_csv);
  HotlistWindow               *window = hotlist_window_new (NULL, workspace);
  int                          min;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_idle ();
  /* 360 px of content; the header bar's window buttons (three of them without a desktop's
   * layout setting) add a little. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 400);
  g_assert_true (hotlist_window_is_folded (window));
  g_assert_cmpstr (hotlist_window_get_visible_pane (window), ==, "list");
  /* Opening a lead shows its detail in place of the list; Back returns. */
  g_signal_emit_by_name (hotlist_window_get_column_view (window), "activate", 2);
  wait_for_idle ();
  g_assert_cmpstr (hotlist_window_get_visible_pane (window), ==, "detail");
  g_assert_cmpint (hotlist_lead_detail_get_lead (hotlist_window_get_detail (window)), ==,
                   hotlist_lead_list_get_id (hotlist_window_get_lead_list (window), 2));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  wait_for_idle ();
  g_assert_cmpstr (hotlist_window_get_visible_pane (window), ==, "list");
  close_window (window);
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
  g_test_add_func ("/window/search-filter-sort", test_window_search_filter_sort);
  g_test_add_func ("/window/updates-rows-in-place", test_window_updates_rows_in_place);
  g_test_add_func ("/window/detail-shows-factors", test_window_detail_shows_factors);
  g_test_add_func ("/window/weight-changes-order", test_window_weight_changes_order);
  g_test_add_func ("/window/switch-workspace", test_window_switch_workspace);
  g_test_add_func ("/window/narrow", test_window_narrow);
  g_test_add_func ("/window/empty-workspace", test_window_empty_workspace);
  g_test_add_func ("/window/error-state", test_window_error_state);
  g_test_add_func ("/window/create-rename-workspace", test_window_create_rename_workspace);
  g_test_add_func ("/window/demo-workspace-async", test_demo_workspace_async);
  g_test_add_func ("/window/demo-workspace", test_demo_workspace);

  result = g_test_run ();
  return test_root_finish (result);
}
