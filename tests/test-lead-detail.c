/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the lead detail pane under a headless display: why a lead scored, outcomes, 👍/👎. */

#include <adwaita.h>
#include <string.h>

#include "hotlist-lead-detail.h"
#include "hotlist-test-dir.h"

#define DAY (24 * 60 * 60)

static HotlistWorkspace *
make_workspace (const char *name, const char *csv)
{
  g_autofree char                *path = g_build_filename (test_root, name, NULL);
  g_autoptr (GError)              error = NULL;
  g_autoptr (HotlistWorkspace)    workspace = hotlist_workspace_open (path, &error);
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (GInputStream)        stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
  g_autoptr (HotlistImportReport) report = NULL;

  g_assert_no_error (error);
  report = hotlist_csv_import_run (import, hotlist_workspace_get_store (workspace), stream, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rejected, ==, 0);
  return g_steal_pointer (&workspace);
}

static gint64
find_lead (HotlistWorkspace *workspace, const char *external_id)
{
  g_autoptr (GError)      error = NULL;
  g_autoptr (HotlistLead) lead =
      hotlist_store_find_lead (hotlist_workspace_get_store (workspace), external_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead->id;
}

static void
add_activities (HotlistWorkspace *workspace,
                gint64            lead,
                const char       *type,
                const char       *details,
                guint             n,
                int               days_apart)
{
  HotlistStore      *store = hotlist_workspace_get_store (workspace);
  gint64             now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GError) error = NULL;

  g_assert_true (hotlist_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (hotlist_store_add_activity (store, lead, type,
                                                 now - (gint64)(i * days_apart + 1) * DAY / 2,
                                                 details, "test", NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);
}

/* Two buyers, one busy and one quiet, as an import and a tracker would leave them. */
static HotlistWorkspace *
make_sales_workspace (const char *name, gint64 *busy, gint64 *quiet)
{
  HotlistWorkspace *workspace = make_workspace (
      name, "id,first_name,last_name,email,company,job_title,industry,country,company_size,"
            "lead_source,status,owner\n"
            "a,Ana,Buyer,ana@marshhollow.example,Marsh Hollow,CMO,Media,Canada,653,Webinar,"
            "Working,Dana Whitcombe\n"
            "b,Ben,Quiet,ben@gmail.com,Tiny Shop,Intern,Retail,France,4,Cold Call,New,"
            "Dana Whitcombe\n");

  *busy = find_lead (workspace, "a");
  *quiet = find_lead (workspace, "b");
  add_activities (workspace, *busy, "pricing_page_view", "/pricing", 4, 1);
  add_activities (workspace, *busy, "page_view", "/blog/lead-scoring-101", 60, 2);
  add_activities (workspace, *busy, "email_reply", "Re: Pricing for 50 seats", 2, 3);
  return workspace;
}

static void
wait_for_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWindow *
show_in_window (HotlistLeadDetail *detail, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 720, height);
  gtk_window_set_child (window, GTK_WIDGET (detail));
  gtk_window_present (window);
  wait_for_idle ();
  return window;
}

/* Whether a label shows @text, mapped, outside a button (a button's own label is not what the
 * pane says about the lead). */
static gboolean
shows_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_BUTTON (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget *widget, const char *label, const char *name)
{
  if (GTK_IS_BUTTON (widget)
      && ((label != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
          || (name != NULL && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click (GtkWidget *root, const char *label, const char *name)
{
  GtkWidget *button = find_button (root, label, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wait_for_idle ();
}

static HotlistLead *
get_lead (HotlistWorkspace *workspace, gint64 id)
{
  g_autoptr (GError) error = NULL;
  HotlistLead *lead = hotlist_store_get_lead (hotlist_workspace_get_store (workspace), id, &error);

  g_assert_no_error (error);
  return lead;
}

static void
test_why_this_score (void)
{
  gint64                         busy, quiet;
  g_autoptr (HotlistWorkspace)   workspace = make_sales_workspace ("why.hotlist", &busy, &quiet);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistExplanation) explanation = NULL;
  g_autoptr (GPtrArray)          texts = NULL;
  g_autoptr (GPtrArray)          expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (HotlistLead)        lead = get_lead (workspace, busy);
  HotlistLeadDetail             *detail = hotlist_lead_detail_new ();
  GtkWindow                     *window = show_in_window (detail, 900);
  g_autofree char               *score = NULL;
  guint                          n_positive = 0, n_negative = 0;
  gboolean                       mentions_pricing = FALSE;

  g_assert_cmpint (lead->lead_score, >=, 0);
  hotlist_lead_detail_set_lead (detail, workspace, busy);
  wait_for_idle ();
  g_assert_cmpint (hotlist_lead_detail_get_lead (detail), ==, busy);

  /* The strongest factors that raise the score, then those that lower it, each by impact. */
  explanation = hotlist_scorer_explain (hotlist_workspace_get_scorer (workspace), busy, &error);
  g_assert_no_error (error);
  for (guint sign = 0; sign < 2; sign++)
    for (guint i = 0; i < explanation->factors->len; i++)
      {
        HotlistFactor *factor = g_ptr_array_index (explanation->factors, i);
        double         impact = factor->weight * factor->contribution;

        if (sign == 0 && impact > 0 && n_positive++ < 6)
          g_ptr_array_add (expected, hotlist_factor_describe (factor));
        else if (sign == 1 && impact < 0 && n_negative++ < 4)
          g_ptr_array_add (expected, hotlist_factor_describe (factor));
      }
  texts = hotlist_lead_detail_dup_factor_texts (detail);
  g_assert_cmpuint (texts->len, ==, expected->len);
  g_assert_cmpuint (texts->len, >=, 3);
  for (guint i = 0; i < texts->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (texts, i), ==, g_ptr_array_index (expected, i));
      if (strstr (g_ptr_array_index (texts, i), "pricing page 4 times in the last 7 days"))
        mentions_pricing = TRUE;
    }
  g_assert_true (mentions_pricing);

  /* Who, and the score as the list shows it. */
  score = g_strdup_printf ("%d", lead->lead_score);
  g_assert_true (shows_label (GTK_WIDGET (detail), "Ana Buyer"));
  g_assert_true (shows_label (GTK_WIDGET (detail), "CMO @ Marsh Hollow"));
  g_assert_true (shows_label (GTK_WIDGET (detail), score));
  g_assert_true (shows_label (GTK_WIDGET (detail), "ana@marshhollow.example"));
  g_assert_true (shows_label (GTK_WIDGET (detail), "653"));

  /* The timeline: newest first, capped, with the rest counted. */
  g_assert_true (shows_label (GTK_WIDGET (detail), "Viewed the pricing page"));
  g_assert_true (shows_label (GTK_WIDGET (detail), "and 16 more, earlier"));

  /* Another lead replaces it all. */
  hotlist_lead_detail_set_lead (detail, workspace, quiet);
  wait_for_idle ();
  g_assert_true (shows_label (GTK_WIDGET (detail), "Ben Quiet"));
  g_assert_false (shows_label (GTK_WIDGET (detail), "Ana Buyer"));
  g_assert_false (shows_label (GTK_WIDGET (detail), "Viewed the pricing page"));

  gtk_window_destroy (window);
  wait_for_idle ();
}

static void
test_outcomes (void)
{
  gint64                       busy, quiet;
  g_autoptr (HotlistWorkspace) workspace = make_sales_workspace ("outcomes.hotlist", &busy, &quiet);
  g_autoptr (GError)           error = NULL;
  g_autoptr (GPtrArray)        activities = NULL;
  HotlistLeadDetail           *detail = hotlist_lead_detail_new ();
  GtkWindow                   *window = show_in_window (detail, 900);
  gboolean                     booked = FALSE;

  hotlist_lead_detail_set_lead (detail, workspace, busy);
  wait_for_idle ();
  g_assert_false (shows_label (GTK_WIDGET (detail), "Converted"));

  click (GTK_WIDGET (detail), "Meeting Booked", NULL);
  activities =
      hotlist_store_list_activities (hotlist_workspace_get_store (workspace), busy, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < activities->len; i++)
    {
      HotlistActivity *activity = g_ptr_array_index (activities, i);

      booked |= g_str_equal (activity->activity_type, "meeting_booked");
    }
  g_assert_true (booked);
  g_assert_true (shows_label (GTK_WIDGET (detail), "Meeting booked"));

  click (GTK_WIDGET (detail), "Converted", NULL);
  {
    g_autoptr (HotlistLead) lead = get_lead (workspace, busy);

    g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
    g_assert_null (lead->tier);
  }
  g_assert_true (shows_label (GTK_WIDGET (detail), "Converted"));
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (detail), "Converted", NULL)));

  click (GTK_WIDGET (detail), "Disqualified", NULL);
  {
    g_autoptr (HotlistLead) lead = get_lead (workspace, busy);

    g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_LOST);
  }
  g_assert_true (shows_label (GTK_WIDGET (detail), "Lost"));
  g_assert_false (shows_label (GTK_WIDGET (detail), "Converted"));

  gtk_window_destroy (window);
  wait_for_idle ();
}

static void
test_feedback (void)
{
  gint64                       busy, quiet;
  g_autoptr (HotlistWorkspace) workspace = make_sales_workspace ("feedback.hotlist", &busy, &quiet);
  HotlistStore                *store = hotlist_workspace_get_store (workspace);
  g_autoptr (GError)           error = NULL;
  HotlistLeadDetail           *detail = hotlist_lead_detail_new ();
  GtkWindow                   *window = show_in_window (detail, 900);
  GtkWidget                   *right, *wrong;

  hotlist_lead_detail_set_lead (detail, workspace, quiet);
  wait_for_idle ();
  right = find_button (GTK_WIDGET (detail), NULL, "feedback-right");
  wrong = find_button (GTK_WIDGET (detail), NULL, "feedback-wrong");
  g_assert_nonnull (right);
  g_assert_nonnull (wrong);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (right)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (wrong)));

  click (GTK_WIDGET (detail), NULL, "feedback-right");
  g_assert_cmpint (hotlist_store_get_feedback (store, quiet, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_get_feedback (store, busy, &error), ==, 0);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (right)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (wrong)));

  click (GTK_WIDGET (detail), NULL, "feedback-wrong");
  g_assert_cmpint (hotlist_store_get_feedback (store, quiet, &error), ==, -1);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (right)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (wrong)));

  /* Each lead shows its own verdict. */
  hotlist_lead_detail_set_lead (detail, workspace, busy);
  wait_for_idle ();
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (wrong)));
  hotlist_lead_detail_set_lead (detail, workspace, quiet);
  wait_for_idle ();
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (wrong)));

  gtk_window_destroy (window);
  wait_for_idle ();
}

static void
test_no_lead (void)
{
  gint64                       busy, quiet;
  g_autoptr (HotlistWorkspace) workspace = make_sales_workspace ("none.hotlist", &busy, &quiet);
  HotlistLeadDetail           *detail = hotlist_lead_detail_new ();
  GtkWindow                   *window = show_in_window (detail, 900);
  g_autoptr (GPtrArray)        texts = NULL;

  /* A new pane, and a pane whose selection went away, both say what to do. */
  g_assert_true (shows_label (GTK_WIDGET (detail), "No Lead Selected"));
  hotlist_lead_detail_set_lead (detail, workspace, busy);
  wait_for_idle ();
  g_assert_false (shows_label (GTK_WIDGET (detail), "No Lead Selected"));

  hotlist_lead_detail_set_lead (detail, workspace, 0);
  wait_for_idle ();
  g_assert_cmpint (hotlist_lead_detail_get_lead (detail), ==, 0);
  g_assert_true (shows_label (GTK_WIDGET (detail), "No Lead Selected"));
  g_assert_true (shows_label (GTK_WIDGET (detail), "Select a lead to see why it scored as it did"));
  g_assert_false (shows_label (GTK_WIDGET (detail), "Ana Buyer"));
  texts = hotlist_lead_detail_dup_factor_texts (detail);
  g_assert_cmpuint (texts->len, ==, 0);

  /* A lead that is not in the workspace (deleted since it was selected). */
  hotlist_lead_detail_set_lead (detail, workspace, quiet + 1000);
  wait_for_idle ();
  g_assert_true (shows_label (GTK_WIDGET (detail), "Lead Not Found"));

  gtk_window_destroy (window);
  wait_for_idle ();
}

/* HOTLIST_SCREENSHOT_DIR=… [HOTLIST_SCREENSHOT_DB=a copy of a workspace, HOTLIST_SCREENSHOT_LEAD=
 * its lead id]: saves the pane, light and dark, for a person to look at. */
static void
save_screenshot (GtkWindow *window, const char *path)
{
  g_autoptr (GdkPaintable)  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot              *snapshot = gtk_snapshot_new ();
  int                       width = gtk_widget_get_width (GTK_WIDGET (window));
  int                       height = gtk_widget_get_height (GTK_WIDGET (window));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static GtkWidget *
find_scrolled_window (GtkWidget *widget)
{
  /* The pane's own, not the one inside its (hidden) status page. */
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_screenshot (void)
{
  const char                  *dir = g_getenv ("HOTLIST_SCREENSHOT_DIR");
  const char                  *db = g_getenv ("HOTLIST_SCREENSHOT_DB");
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistLeadDetail           *detail;
  GtkWindow                   *window;
  gint64                       lead, quiet;

  if (dir == NULL)
    {
      g_test_skip ("HOTLIST_SCREENSHOT_DIR is not set");
      return;
    }
  if (db != NULL)
    {
      workspace = hotlist_workspace_open (db, &error);
      g_assert_no_error (error);
      lead = find_lead (workspace, g_getenv ("HOTLIST_SCREENSHOT_LEAD"));
    }
  else
    workspace = make_sales_workspace ("screenshot.hotlist", &lead, &quiet);

  detail = hotlist_lead_detail_new ();
  window = show_in_window (detail, 1200);
  {
    /* How long a change of selection takes, for a person to read (never a failure). */
    gint64 start = g_get_monotonic_time ();

    hotlist_lead_detail_set_lead (detail, workspace, lead);
    g_test_message ("set_lead took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  }
  for (int i = 0; i < 20; i++)
    {
      wait_for_idle ();
      g_usleep (20000);
    }
  {
    g_autofree char *path = g_build_filename (dir, "lead-detail-light.png", NULL);
    save_screenshot (window, path);
  }
  {
    g_autofree char *path = g_build_filename (dir, "lead-detail-end.png", NULL);
    GtkWidget       *scrolled = find_scrolled_window (GTK_WIDGET (detail));
    GtkAdjustment   *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    for (int i = 0; i < 20; i++)
      {
        wait_for_idle ();
        g_usleep (20000);
      }
    save_screenshot (window, path);
    gtk_adjustment_set_value (adjustment, 0);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  for (int i = 0; i < 20; i++)
    {
      wait_for_idle ();
      g_usleep (20000);
    }
  {
    g_autofree char *path = g_build_filename (dir, "lead-detail-dark.png", NULL);
    save_screenshot (window, path);
  }
  gtk_window_destroy (window);
  wait_for_idle ();
}

int
main (int argc, char **argv)
{
  int result;

  test_root_init ("test-lead-detail");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    /* The app's styles, which an AdwApplication would load from its resources. */
    g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/org/hotlist/Hotlist/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  add_test ("/lead-detail/why-this-score", test_why_this_score);
  add_test ("/lead-detail/outcomes", test_outcomes);
  add_test ("/lead-detail/feedback", test_feedback);
  add_test ("/lead-detail/no-lead", test_no_lead);
  g_test_add_func ("/lead-detail/screenshot", test_screenshot);

  result = g_test_run ();
  return test_root_finish (result);
}
