/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the Model & Weights window: reweighting, training and its cancellation, leakage. */

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "hotlist-model-window.h"
#include "hotlist-test-dir.h"

/* Longest any background work may take before a test gives up. */
#define TIMEOUT_SECONDS 120

/* A small synthetic world: x1 and segment drive the outcome, noise does not; won_amount and
 * close_reason are filled only once a lead closed, so they leak the outcome. */
typedef struct
{
  TestDir          *dir;
  HotlistWorkspace *workspace;
} World;

static void
world_free (World *world)
{
  g_clear_object (&world->workspace);
  test_dir_free (world->dir);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

static World *
world_new (guint n, guint n_open)
{
  static const char  *segments[] = { "alpha", "beta", "gamma", "delta" };
  static const double effect[] = { 0.8, 0.0, -0.6, -1.2 };
  World              *world = g_new0 (World, 1);
  g_autoptr (GRand)   rand = g_rand_new_with_seed (7);
  g_autoptr (GString) csv = g_string_new ("id,x1,segment,noise,won_amount,close_reason,outcome\n");
  g_autoptr (GError)  error = NULL;
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autofree char                *csv_path = NULL;
  g_autofree char                *path = NULL;

  world->dir = test_dir_new ();
  for (guint i = 0; i < n; i++)
    {
      double   x1 = g_rand_double_range (rand, -2, 2);
      guint    s = g_rand_int_range (rand, 0, G_N_ELEMENTS (segments));
      double   p = 1.0 / (1.0 + exp (-(-1 + 2.0 * x1 + effect[s])));
      gboolean open = i < n_open;
      gboolean converted = g_rand_double (rand) < p;
      char     xbuf[G_ASCII_DTOSTR_BUF_SIZE], nbuf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (csv, "W-%05u,%s,%s,%s,%s,%s,%s\n", i,
                              g_ascii_formatd (xbuf, sizeof xbuf, "%.4f", x1), segments[s],
                              g_ascii_formatd (nbuf, sizeof nbuf, "%.4f", g_rand_double (rand)),
                              !open && converted ? "1200" : "",
                              open        ? ""
                              : converted ? "signed"
                                          : "no budget",
                              open        ? ""
                              : converted ? "converted"
                                          : "lost");
    }
  csv_path = test_dir_file (world->dir, "world.csv");
  g_assert_true (g_file_set_contents (csv_path, csv->str, (gssize)csv->len, NULL));
  path = test_dir_file (world->dir, "world.hotlist");
  world->workspace = hotlist_workspace_open (path, &error);
  g_assert_no_error (error);
  report = hotlist_csv_import_run_path (import, hotlist_workspace_get_store (world->workspace),
                                        csv_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, n);
  return world;
}

/* Trains and rescores the way the CLI does, outside the window. */
static void
world_train (World *world)
{
  g_autoptr (GError)             error = NULL;
  HotlistScorer                 *scorer = hotlist_workspace_get_scorer (world->workspace);
  g_autoptr (HotlistTrainReport) report =
      hotlist_train (hotlist_workspace_get_store (world->workspace), NULL, NULL, NULL, NULL,
                     &error);

  g_assert_no_error (error);
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_rescore_all (scorer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static guint
count_models (World *world)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) models =
      hotlist_store_list_models (hotlist_workspace_get_store (world->workspace), &error);

  g_assert_no_error (error);
  return models->len;
}

/* The open leads' external ids, best score first. */
static char *
order_by_score (World *world)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) leads =
      hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                HOTLIST_LEAD_ORDER_SCORE, -1, &error);
  g_autoptr (GString) order = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      const HotlistLead *lead = g_ptr_array_index (leads, i);

      if (lead->outcome == HOTLIST_OUTCOME_OPEN)
        g_string_append_printf (order, "%s ", lead->external_id);
    }
  return g_string_free (g_steal_pointer (&order), FALSE);
}

/* The key the import gave the column @column. */
static char *
attribute_key (World *world, const char *column)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) attributes =
      hotlist_store_list_attributes (hotlist_workspace_get_store (world->workspace), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < attributes->len; i++)
    {
      const HotlistAttribute *attribute = g_ptr_array_index (attributes, i);

      if (g_strcmp0 (attribute->column_name, column) == 0
          || g_strcmp0 (attribute->key, column) == 0)
        return g_strdup (attribute->key);
    }
  g_assert_not_reached ();
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (HotlistModelWindow *window);

/* Runs the main loop until @condition holds; fails after TIMEOUT_SECONDS. */
static void
wait_until (HotlistModelWindow *window, Condition condition, const char *what)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (!condition (window) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out waiting for %s", what);
  g_source_remove (timeout);
}

static gboolean
is_idle (HotlistModelWindow *window)
{
  return !hotlist_model_window_is_busy (window);
}

static gboolean
is_training (HotlistModelWindow *window)
{
  const char *stage = NULL;

  hotlist_model_window_get_training_progress (window, &stage);
  return hotlist_model_window_get_training_state (window) == HOTLIST_TRAINING_RUNNING
         && g_str_has_prefix (stage, "Training");
}

/* Lets a few frames be drawn, so that screenshots show a laid-out window. */
static void
settle (void)
{
  gboolean timed_out = FALSE;

  g_timeout_add (300, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* With HOTLIST_SCREENSHOT_DIR set, saves the window as NAME.png there. */
static void
screenshot (HotlistModelWindow *window, const char *name)
{
  const char               *dir = g_getenv ("HOTLIST_SCREENSHOT_DIR");
  GtkWidget                *widget = GTK_WIDGET (window);
  g_autoptr (GdkPaintable)  paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;
  g_autofree char          *file = NULL;
  g_autofree char          *path = NULL;
  int                       width = 0, height = 0;

  if (dir == NULL)
    return;
  settle ();
  /* A window whose layout is being redone (progress coming in) draws nothing until it is done. */
  for (int attempt = 0; node == NULL && attempt < 200; attempt++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      g_main_context_iteration (NULL, FALSE);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Scrolls the page @row is on so that the row is in view. */
static void
scroll_to (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  /* Twice: the first layout of a page built again may not have its full height yet. */
  for (int pass = 0; pass < 2; pass++)
    {
      GtkAdjustment   *adjustment;
      graphene_point_t point;

      settle ();
      g_assert_true (
          gtk_widget_compute_point (row,
                                    gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                    &GRAPHENE_POINT_INIT (0, 0), &point));
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      /* The viewport's origin is the top of what is in view. */
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 120);
    }
}

static void
count_cb (HotlistModelWindow *window, gpointer data)
{
  (*(guint *)data)++;
}

static HotlistModelWindow *
open_window (World *world, guint *scores_changed)
{
  HotlistModelWindow *window = hotlist_model_window_new (NULL, world->workspace);

  g_object_ref (window);
  g_signal_connect (window, "scores-changed", G_CALLBACK (count_cb), scores_changed);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Closes the window and checks nothing else holds it once its work has stopped. */
static void
close_window (HotlistModelWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (window, is_idle, "the work to stop");
  g_assert_finalize_object (window);
}

static void
test_weight_reorders_leads (void)
{
  g_autoptr (World)            world = world_new (1500, 300);
  guint                        scores_changed = 0;
  HotlistModelWindow          *window;
  g_autofree char             *before = NULL, *after = NULL, *key = NULL;
  g_autoptr (HotlistAttribute) attribute = NULL;
  g_autoptr (GError)           error = NULL;

  world_train (world);
  key = attribute_key (world, "x1");
  before = order_by_score (world);
  window = open_window (world, &scores_changed);
  screenshot (window, "weights");

  /* Dragging goes through several values; one rescoring follows the last. */
  g_assert_true (hotlist_model_window_set_weight (window, key, 0.5));
  g_assert_true (hotlist_model_window_set_weight (window, key, 0.0));
  g_assert_true (hotlist_model_window_is_busy (window));
  wait_until (window, is_idle, "the reweighting");
  g_assert_cmpuint (scores_changed, ==, 1);

  attribute =
      hotlist_store_get_attribute (hotlist_workspace_get_store (world->workspace), key, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (attribute->weight, ==, 0.0);
  after = order_by_score (world);
  g_assert_cmpstr (before, !=, after);
  /* The workspace's scorer, which the main window explains leads with, has the weight too. */
  g_assert_false (
      hotlist_scorer_weights_are_neutral (hotlist_workspace_get_scorer (world->workspace),
                                          hotlist_scorer_get_model (
                                              hotlist_workspace_get_scorer (world->workspace))));
  close_window (window);
}

static void
test_cancel_training (void)
{
  g_autoptr (World)   world = world_new (1500, 300);
  guint               scores_changed = 0;
  guint               models = count_models (world);
  HotlistModelWindow *window;
  g_autofree char    *before = order_by_score (world);
  g_autofree char    *after = NULL;
  HotlistModel       *active;
  HotlistTrainParams  params;

  /* Rounds without end, so that the training is surely in the middle of them when cancelled. */
  hotlist_train_params_init (&params);
  params.max_rounds = 1000000;
  params.early_stopping_rounds = 1000000;
  params.eta = 0.001;
  window = open_window (world, &scores_changed);
  hotlist_model_window_set_train_params (window, &params);
  hotlist_model_window_train (window);
  g_assert_cmpint (hotlist_model_window_get_training_state (window), ==, HOTLIST_TRAINING_RUNNING);
  /* Cancel in the middle of the boosting rounds. */
  wait_until (window, is_training, "the boosting rounds");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "model");
  screenshot (window, "model-training");
  hotlist_model_window_cancel_training (window);
  wait_until (window, is_idle, "the training to stop");

  g_assert_cmpint (hotlist_model_window_get_training_state (window), ==, HOTLIST_TRAINING_IDLE);
  g_assert_true (
      g_str_has_prefix (hotlist_model_window_get_training_message (window), "Training cancelled"));
  g_assert_cmpuint (count_models (world), ==, models);
  g_assert_cmpuint (scores_changed, ==, 0);
  active = hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace));
  g_assert_cmpstr (hotlist_model_get_origin (active), ==, "starter");
  g_assert_nonnull (hotlist_model_window_get_version_row (window, hotlist_model_get_id (active)));
  after = order_by_score (world);
  g_assert_cmpstr (before, ==, after);
  screenshot (window, "model-cancelled");
  close_window (window);
}

static gboolean
row_has_label (GtkWidget *widget, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        || row_has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_training_completes (void)
{
  g_autoptr (World)     world = world_new (1500, 300);
  guint                 scores_changed = 0;
  guint                 models = count_models (world);
  HotlistModelWindow   *window;
  HotlistModel         *active;
  GtkWidget            *row;
  g_autofree char      *leak = NULL;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) leads = NULL;

  window = open_window (world, &scores_changed);
  hotlist_model_window_train (window);
  wait_until (window, is_idle, "the training and the rescoring");

  g_assert_cmpint (hotlist_model_window_get_training_state (window), ==, HOTLIST_TRAINING_IDLE);
  g_assert_cmpuint (count_models (world), ==, models + 1);
  g_assert_cmpuint (scores_changed, >=, 1);
  active = hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace));
  g_assert_cmpstr (hotlist_model_get_origin (active), ==, "trained");
  g_assert_cmpstr (hotlist_model_get_status (active), ==, "active");
  row = hotlist_model_window_get_version_row (window, hotlist_model_get_id (active));
  g_assert_nonnull (row);
  g_assert_true (row_has_label (row, "Active"));
  g_assert_nonnull (strstr (hotlist_model_window_get_training_message (window), "trained"));

  /* Every lead is scored by the new model. */
  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_SCORE, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    g_assert_cmpint (((HotlistLead *)g_ptr_array_index (leads, i))->score_model_id, ==,
                     hotlist_model_get_id (active));

  /* The training's leakage guard shows on the Weights page, which was built again. */
  leak = attribute_key (world, "close_reason");
  row = hotlist_model_window_get_attribute_row (window, leak);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (row, "leakage"));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "model");
  screenshot (window, "model-trained");
  close_window (window);
}

static void
test_weights_page (void)
{
  g_autoptr (World)     world = world_new (1500, 300);
  guint                 scores_changed = 0;
  HotlistModelWindow   *window;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) attributes = NULL;
  guint                 leaky = 0;

  world_train (world);
  attributes =
      hotlist_store_list_attributes (hotlist_workspace_get_store (world->workspace), &error);
  g_assert_no_error (error);
  window = open_window (world, &scores_changed);

  for (guint i = 0; i < attributes->len; i++)
    {
      const HotlistAttribute *attribute = g_ptr_array_index (attributes, i);
      GtkWidget              *row = hotlist_model_window_get_attribute_row (window, attribute->key);
      const char             *subtitle;

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       attribute->label);
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      g_assert_true (g_str_has_prefix (subtitle, attribute->key));
      if (attribute->leakage != NULL)
        {
          leaky++;
          g_assert_true (gtk_widget_has_css_class (row, "leakage"));
          g_assert_nonnull (strstr (subtitle, attribute->leakage));
          g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), attribute->leakage));
        }
      else
        g_assert_false (gtk_widget_has_css_class (row, "leakage"));
    }
  /* close_reason and won_amount are filled only after a lead closed. */
  g_assert_cmpuint (leaky, >=, 1);
  g_assert_null (hotlist_model_window_get_attribute_row (window, "no_such_attribute"));
  g_assert_false (hotlist_model_window_set_weight (window, "no_such_attribute", 2));

  scroll_to (
      hotlist_model_window_get_attribute_row (window, attribute_key (world, "close_reason")));
  screenshot (window, "weights-leakage");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "experiment");
  screenshot (window, "experiment");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "scoring");
  screenshot (window, "scoring");
  g_assert_cmpuint (scores_changed, ==, 0);
  close_window (window);
}

/* Tiers: new percentages are saved and the tiers taken again in the background. */
static void
test_tiers (void)
{
  g_autoptr (World)     world = world_new (1500, 300);
  guint                 scores_changed = 0;
  HotlistModelWindow   *window;
  g_autofree char      *percents = NULL;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) leads = NULL;
  guint                 hot = 0;

  world_train (world);
  window = open_window (world, &scores_changed);
  hotlist_model_window_set_tier_percents (window, 50, 20, 10);
  wait_until (window, is_idle, "the tiers");
  g_assert_cmpuint (scores_changed, ==, 1);
  percents =
      hotlist_store_get_meta (hotlist_workspace_get_store (world->workspace), "tier_percents");
  g_assert_cmpstr (percents, ==, "50,20,10");
  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_SCORE, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    hot += g_strcmp0 (((HotlistLead *)g_ptr_array_index (leads, i))->tier, "hot") == 0;
  g_assert_cmpuint (hot, >=, 145);
  g_assert_cmpuint (hot, <=, 160);
  close_window (window);
}

/* An experiment started and stopped from the window: both rescore every lead. */
static void
test_experiment (void)
{
  g_autoptr (World)     world = world_new (1500, 300);
  guint                 scores_changed = 0;
  HotlistModelWindow   *window;
  HotlistScorer        *scorer;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) leads = NULL;
  gint64                starter, trained;
  guint                 by[2] = { 0, 0 };

  starter = hotlist_model_get_id (
      hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace)));
  world_train (world);
  scorer = hotlist_workspace_get_scorer (world->workspace);
  trained = hotlist_model_get_id (hotlist_scorer_get_model (scorer));
  window = open_window (world, &scores_changed);

  g_assert_true (hotlist_model_window_start_experiment (window, trained, starter, 30));
  wait_until (window, is_idle, "the rescoring");
  g_assert_cmpuint (scores_changed, ==, 1);
  g_assert_cmpint (hotlist_model_get_id (hotlist_scorer_get_challenger (scorer)), ==, starter);
  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_SCORE, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      gint64 model = ((HotlistLead *)g_ptr_array_index (leads, i))->score_model_id;

      g_assert_true (model == trained || model == starter);
      by[model == starter]++;
    }
  /* About 30 % of the leads in arm B. */
  g_assert_cmpuint (by[1], >, leads->len / 5);
  g_assert_cmpuint (by[1], <, leads->len * 2 / 5);
  /* A model cannot be activated in the middle of an experiment. */
  g_assert_nonnull (hotlist_model_window_get_version_row (window, starter));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "experiment");
  screenshot (window, "experiment-running");

  hotlist_model_window_stop_experiment (window);
  wait_until (window, is_idle, "the rescoring");
  g_assert_cmpuint (scores_changed, ==, 2);
  g_assert_null (hotlist_scorer_get_challenger (scorer));
  screenshot (window, "experiment-stopped");
  close_window (window);
}

/* With HOTLIST_SCREENSHOT_WORKSPACE set (a copy of a scored workspace), screenshots of it. */
static void
test_screenshots (void)
{
  const char                  *path = g_getenv ("HOTLIST_SCREENSHOT_WORKSPACE");
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistModelWindow          *window;
  const char                  *pages[] = { "weights", "model", "experiment", "scoring" };

  if (path == NULL || g_getenv ("HOTLIST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("HOTLIST_SCREENSHOT_WORKSPACE and HOTLIST_SCREENSHOT_DIR are not set");
      return;
    }
  workspace = hotlist_workspace_open (path, &error);
  g_assert_no_error (error);
  window = hotlist_model_window_new (NULL, workspace);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_window_present (GTK_WINDOW (window));
  if (hotlist_model_window_get_attribute_row (window, "status") != NULL)
    scroll_to (hotlist_model_window_get_attribute_row (window, "status"));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strconcat ("demo-", pages[i], NULL);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), pages[i]);
      screenshot (window, name);
    }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "model");
  hotlist_model_window_train (window);
  wait_until (window, is_training, "the boosting rounds");
  screenshot (window, "demo-training");
  wait_until (window, is_idle, "the training");
  screenshot (window, "demo-trained");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "weights");
  if (hotlist_model_window_get_attribute_row (window, "status") != NULL)
    scroll_to (hotlist_model_window_get_attribute_row (window, "status"));
  screenshot (window, "demo-weights-trained");
  {
    g_autoptr (GPtrArray) models =
        hotlist_store_list_models (hotlist_workspace_get_store (workspace), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (models->len, >=, 2);
    g_assert_true (
        hotlist_model_window_start_experiment (window,
                                               hotlist_model_get_id (g_ptr_array_index (models, 0)),
                                               hotlist_model_get_id (g_ptr_array_index (models, 1)),
                                               40));
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "experiment");
    wait_until (window, is_idle, "the rescoring");
    screenshot (window, "demo-experiment-running");
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "model");
    screenshot (window, "demo-model-experiment");
    hotlist_model_window_stop_experiment (window);
    wait_until (window, is_idle, "the rescoring");
  }
  close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("model-window");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/hotlist/Hotlist/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  add_test ("/model-window/weight-reorders-leads", test_weight_reorders_leads);
  add_test ("/model-window/cancel-training", test_cancel_training);
  add_test ("/model-window/training-completes", test_training_completes);
  add_test ("/model-window/weights-page", test_weights_page);
  add_test ("/model-window/tiers", test_tiers);
  add_test ("/model-window/experiment", test_experiment);
  /* Screenshots only on request: a tool for the metainfo's pictures, not a check. */
  if (g_getenv ("HOTLIST_SCREENSHOT_WORKSPACE") != NULL
      && g_getenv ("HOTLIST_SCREENSHOT_DIR") != NULL)
    add_test ("/model-window/screenshots", test_screenshots);
  status = g_test_run ();
  return test_root_finish (status);
}
