/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scoring engine: training, calibration, explanations, weights, leakage guard, A/B tests. */

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "hotlist-test-dir.h"
#include "hotlist.h"
#include "store/hotlist-activity.h"

/* A synthetic world with known probabilities: x1 (a number) and segment (a category) drive the
 * outcome, noise does not; p = σ(−1 + 1.6·x1 + effect(segment)). */
static const char  *segments[] = { "alpha", "beta", "gamma", "delta" };
static const double segment_effect[] = { 0.8, 0.0, -0.6, -1.2 };

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

typedef struct
{
  TestDir          *dir;
  char             *path;
  HotlistWorkspace *workspace;
  GHashTable       *truth; /* external id → true probability (double*) */
} World;

static void
world_free (World *world)
{
  g_clear_object (&world->workspace);
  g_free (world->path);
  g_clear_pointer (&world->truth, g_hash_table_unref);
  test_dir_free (world->dir);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

/* Writes @n leads, @n_open of them open, with outcomes drawn from the true probabilities; extra
 * columns can plant leaks. */
static World *
world_new (guint n, guint n_open, guint32 seed, gboolean plant_leaks)
{
  World                          *world = g_new0 (World, 1);
  g_autoptr (GRand)               rand = g_rand_new_with_seed (seed);
  g_autoptr (GString)             csv = g_string_new ("id,x1,segment,noise,outcome");
  g_autoptr (GError)              error = NULL;
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autofree char                *csv_path = NULL;

  world->dir = test_dir_new ();
  world->path = test_dir_file (world->dir, "world.hotlist");
  world->truth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (plant_leaks)
    g_string_append (csv, ",won_amount,close_reason");
  g_string_append_c (csv, '\n');
  for (guint i = 0; i < n; i++)
    {
      double   x1 = g_rand_double_range (rand, -2, 2);
      guint    s = g_rand_int_range (rand, 0, G_N_ELEMENTS (segments));
      double   p = sigmoid (-1 + 1.6 * x1 + segment_effect[s]);
      gboolean open = i < n_open;
      gboolean converted = g_rand_double (rand) < p;
      char     xbuf[G_ASCII_DTOSTR_BUF_SIZE], nbuf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (csv, "W-%05u,%s,%s,%s,%s", i,
                              g_ascii_formatd (xbuf, sizeof xbuf, "%.4f", x1), segments[s],
                              g_ascii_formatd (nbuf, sizeof nbuf, "%.4f", g_rand_double (rand)),
                              open        ? ""
                              : converted ? "converted"
                                          : "lost");
      if (plant_leaks)
        g_string_append_printf (csv, ",%s,%s", !open && converted ? "1200" : "",
                                open        ? ""
                                : converted ? "signed"
                                            : "no budget");
      g_string_append_c (csv, '\n');
      g_hash_table_insert (world->truth, g_strdup_printf ("W-%05u", i), g_memdup2 (&p, sizeof p));
    }
  csv_path = test_dir_file (world->dir, "world.csv");
  g_assert_true (g_file_set_contents (csv_path, csv->str, (gssize)csv->len, NULL));

  world->workspace = hotlist_workspace_open (world->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GFile)            file = g_file_new_for_path (csv_path);
    g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, &error);

    g_assert_no_error (error);
    report = hotlist_csv_import_run (import, hotlist_workspace_get_store (world->workspace),
                                     G_INPUT_STREAM (stream), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->created, ==, n);
  }
  return world;
}

static HotlistTrainReport *
world_train (World *world)
{
  g_autoptr (GError)  error = NULL;
  HotlistTrainReport *report = hotlist_train (hotlist_workspace_get_store (world->workspace), NULL,
                                              NULL, NULL, NULL, &error);
  HotlistScorer      *scorer = hotlist_workspace_get_scorer (world->workspace);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_rescore_all (scorer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return report;
}

static HotlistLead *
find_lead (World *world, const char *external_id)
{
  g_autoptr (GError) error = NULL;
  HotlistLead       *lead =
      hotlist_store_find_lead (hotlist_workspace_get_store (world->workspace), external_id, &error);

  g_assert_no_error (error);
  return lead;
}

static void
assert_additive (World *world, const char *external_id)
{
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistLead)        lead = find_lead (world, external_id);
  g_autoptr (HotlistExplanation) e =
      hotlist_scorer_explain (hotlist_workspace_get_scorer (world->workspace), lead->id, &error);
  double sum;

  g_assert_no_error (error);
  sum = e->bias;
  for (guint i = 0; i < e->factors->len; i++)
    {
      HotlistFactor *f = g_ptr_array_index (e->factors, i);
      sum += f->weight * f->contribution;
    }
  /* Exactly, up to the rounding of the additions themselves. */
  g_assert_cmpfloat_with_epsilon (e->logit, sum, 1e-12);
  g_assert_cmpfloat_with_epsilon (e->probability, sigmoid (e->logit), 1e-12);
  g_assert_cmpint (e->score, ==, (int)lround (100 * e->probability));
  /* And it is the score the lead carries. */
  g_assert_cmpint (lead->lead_score, ==, e->score);
  g_assert_cmpfloat_with_epsilon (lead->probability, e->probability, 1e-6);
  g_assert_cmpint (lead->score_model_id, ==, e->model_id);
}

static void
test_additivity (void)
{
  g_autoptr (World)              world = world_new (3000, 300, 1, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  const char                    *ids[] = { "W-00000", "W-00017", "W-00420", "W-01999", "W-02999" };

  g_assert_cmpfloat (report->metrics.roc_auc, >, 0.75);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_additive (world, ids[i]);
}

static double
factor_contribution (HotlistExplanation *e, const char *key, double *weight)
{
  for (guint i = 0; i < e->factors->len; i++)
    {
      HotlistFactor *f = g_ptr_array_index (e->factors, i);
      if (strcmp (f->attribute, key) == 0)
        {
          if (weight != NULL)
            *weight = f->weight;
          return f->contribution;
        }
    }
  g_assert_not_reached ();
  return NAN;
}

static void
test_weight_zero (void)
{
  g_autoptr (World)              world = world_new (3000, 300, 2, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  HotlistScorer                 *scorer = hotlist_workspace_get_scorer (world->workspace);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistLead)        before = find_lead (world, "W-00005");
  g_autoptr (HotlistLead)        after = NULL;
  g_autoptr (HotlistExplanation) e0 = hotlist_scorer_explain (scorer, before->id, &error);
  g_autoptr (HotlistExplanation) e1 = NULL;
  double                         contribution, weight;

  g_assert_no_error (error);
  contribution = factor_contribution (e0, "x1", &weight);
  g_assert_cmpfloat (weight, ==, 1.0);
  g_assert_cmpfloat (fabs (contribution), >, 0.05);

  g_assert_true (hotlist_store_set_attribute (store, "x1", 0.0, -1, &error));
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_reweight_all (scorer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  e1 = hotlist_scorer_explain (scorer, before->id, &error);
  g_assert_no_error (error);
  /* x1 no longer counts: the log-odds drop by exactly its contribution. */
  g_assert_cmpfloat (factor_contribution (e1, "x1", &weight), ==, contribution);
  g_assert_cmpfloat (weight, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (e1->logit, e0->logit - contribution, 1e-9);
  after = find_lead (world, "W-00005");
  g_assert_cmpfloat_with_epsilon (after->probability, sigmoid (e0->logit - contribution), 1e-6);
  assert_additive (world, "W-00005");
  assert_additive (world, "W-01234");

  /* And back. */
  g_assert_true (hotlist_store_set_attribute (store, "x1", 1.0, -1, &error));
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_reweight_all (scorer, NULL, NULL, NULL, &error));
  g_clear_pointer (&after, hotlist_lead_free);
  after = find_lead (world, "W-00005");
  g_assert_cmpfloat_with_epsilon (after->probability, sigmoid (e0->logit), 1e-6);
}

static void
test_calibration (void)
{
  g_autoptr (World)              world = world_new (12000, 2000, 3, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  g_autoptr (GError)             error = NULL;
  g_autoptr (GPtrArray)          leads = NULL;
  double                         total_error = 0, bins_p[10] = { 0 }, bins_true[10] = { 0 };
  guint                          n = 0, bins_n[10] = { 0 };

  /* On held-out leads the probabilities match the outcomes… */
  g_assert_cmpfloat (report->metrics.ece, <, 0.04);
  /* …and on the open leads, which the model never saw, they match the true probabilities. */
  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      HotlistLead *lead = g_ptr_array_index (leads, i);
      double      *p = g_hash_table_lookup (world->truth, lead->external_id);
      guint        bin;

      if (lead->outcome != HOTLIST_OUTCOME_OPEN)
        continue;
      total_error += fabs (lead->probability - *p);
      bin = MIN (9, (guint)(lead->probability * 10));
      bins_p[bin] += lead->probability;
      bins_true[bin] += *p;
      bins_n[bin]++;
      n++;
    }
  g_assert_cmpuint (n, ==, 2000);
  g_assert_cmpfloat (total_error / n, <, 0.05);
  for (guint b = 0; b < 10; b++)
    if (bins_n[b] >= 50)
      g_assert_cmpfloat (fabs (bins_p[b] - bins_true[b]) / bins_n[b], <, 0.06);
}

static void
test_leakage_guard (void)
{
  g_autoptr (World)              world = world_new (3000, 400, 4, TRUE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  HotlistModel *model = hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace));
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistAttribute) won = hotlist_store_get_attribute (store, "won_amount", &error);
  g_autoptr (HotlistAttribute) reason = hotlist_store_get_attribute (store, "close_reason", &error);
  g_autoptr (HotlistAttribute) x1 = hotlist_store_get_attribute (store, "x1", &error);
  g_autoptr (HotlistTrainReport) again = NULL;
  g_autoptr (HotlistAttribute)   reason_after = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (won->leakage);
  g_assert_false (won->enabled);
  g_assert_nonnull (reason->leakage);
  g_assert_false (reason->enabled);
  g_assert_null (x1->leakage);
  g_assert_true (x1->enabled);
  g_assert_cmpuint (report->leakage->len, ==, 2);
  g_assert_cmpint (hotlist_feature_schema_find_attribute (hotlist_model_get_schema (model),
                                                          "close_reason"),
                   <, 0);
  g_assert_cmpint (hotlist_feature_schema_find_attribute (hotlist_model_get_schema (model), "x1"),
                   >=, 0);

  /* The manager can use it anyway; the warning stays, the choice is kept. */
  g_assert_true (hotlist_store_set_attribute (store, "close_reason", NAN, 1, &error));
  again = world_train (world);
  reason_after = hotlist_store_get_attribute (store, "close_reason", &error);
  g_assert_true (reason_after->enabled);
  g_assert_nonnull (reason_after->leakage);
  model = hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace));
  g_assert_cmpint (hotlist_feature_schema_find_attribute (hotlist_model_get_schema (model),
                                                          "close_reason"),
                   >=, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         reports;
} CancelState;

static void
cancel_after_rounds (double fraction, const char *stage, gpointer data)
{
  CancelState *state = data;

  if (g_str_has_prefix (stage, "Training") && ++state->reports == 3)
    g_cancellable_cancel (state->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr (World)              world = world_new (3000, 0, 5, FALSE);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  g_autoptr (GCancellable)       cancellable = g_cancellable_new ();
  CancelState                    state = { cancellable, 0 };
  g_autoptr (GError)             error = NULL;
  g_autoptr (GPtrArray)          models_before = hotlist_store_list_models (store, &error);
  g_autoptr (GPtrArray)          models_after = NULL;
  g_autoptr (HotlistTrainReport) report = NULL;
  g_autoptr (HotlistModel)       active = NULL;

  report = hotlist_train (store, NULL, cancel_after_rounds, &state, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_assert_cmpuint (state.reports, ==, 3);
  models_after = hotlist_store_list_models (store, &error);
  g_assert_cmpuint (models_after->len, ==, models_before->len);
  active = hotlist_model_load_with_status (store, "active", NULL);
  g_assert_cmpstr (hotlist_model_get_origin (active), ==, "starter");
}

typedef struct
{
  GMainLoop          *loop;
  HotlistTrainReport *report;
  GError             *error;
  guint               progress_calls;
} AsyncState;

static void
count_progress (double fraction, const char *stage, gpointer data)
{
  ((AsyncState *)data)->progress_calls++;
}

static void
trained (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  state->report = hotlist_train_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
rescored (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  hotlist_rescore_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_background_training (void)
{
  g_autoptr (World)        world = world_new (3000, 0, 6, FALSE);
  AsyncState               state = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  g_autoptr (HotlistModel) active = NULL;

  hotlist_train_async (world->path, NULL, count_progress, &state, NULL, trained, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (state.progress_calls, >, 2);
  active = hotlist_model_load_with_status (hotlist_workspace_get_store (world->workspace), "active",
                                           NULL);
  g_assert_cmpint (hotlist_model_get_id (active), ==, state.report->model_id);
  g_assert_cmpstr (hotlist_model_get_origin (active), ==, "trained");
  hotlist_train_report_free (state.report);

  /* Rescoring every lead with the new model, in the background too. */
  state.progress_calls = 0;
  hotlist_rescore_async (world->path, HOTLIST_RESCORE_ALL, count_progress, &state, NULL, rescored,
                         &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.progress_calls, >, 0);
  {
    g_autoptr (GPtrArray) leads =
        hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                  HOTLIST_LEAD_ORDER_CREATED, -1, NULL);

    g_assert_cmpuint (leads->len, ==, 3000);
    for (guint i = 0; i < leads->len; i++)
      g_assert_cmpint (((HotlistLead *)g_ptr_array_index (leads, i))->score_model_id, ==,
                       hotlist_model_get_id (active));
  }
  g_main_loop_unref (state.loop);
}

static void
test_model_round_trip (void)
{
  g_autoptr (World)              world = world_new (2000, 100, 7, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistModel)       loaded = hotlist_model_load (store, report->model_id, &error);
  g_autoptr (GBytes)             file = NULL;
  g_autoptr (HotlistModel)       from_file = NULL;
  g_autoptr (HotlistLeadSet)     set = NULL;
  g_autofree float              *x = NULL;
  g_autofree double             *m1 = NULL, *m2 = NULL;
  g_autofree char               *schema1 = NULL, *schema2 = NULL;
  guint                          n, nf;
  double                         a1, b1, a2, b2;

  g_assert_no_error (error);
  file = hotlist_model_write_file (loaded, &error);
  g_assert_no_error (error);
  from_file = hotlist_model_read_file (file, &error);
  g_assert_no_error (error);
  schema1 = hotlist_feature_schema_to_json (hotlist_model_get_schema (loaded));
  schema2 = hotlist_feature_schema_to_json (hotlist_model_get_schema (from_file));
  g_assert_cmpstr (schema1, ==, schema2);
  hotlist_model_get_calibration (loaded, &a1, &b1);
  hotlist_model_get_calibration (from_file, &a2, &b2);
  g_assert_cmpfloat (a1, ==, a2);
  g_assert_cmpfloat (b1, ==, b2);

  set = hotlist_lead_set_read (store, NULL, 0, FALSE, g_get_real_time () / G_USEC_PER_SEC, &error);
  n = hotlist_lead_set_get_size (set);
  nf = hotlist_feature_schema_get_n_features (hotlist_model_get_schema (loaded));
  x = g_new (float, (gsize)n *nf);
  m1 = g_new (double, n);
  m2 = g_new (double, n);
  hotlist_feature_schema_extract (hotlist_model_get_schema (loaded), set, NULL, n, x);
  g_assert_true (hotlist_model_predict_margin (loaded, x, n, m1, &error));
  g_assert_true (hotlist_model_predict_margin (from_file, x, n, m2, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HotlistLead) lead =
          hotlist_store_get_lead (store, hotlist_lead_set_get_row (set, i)->id, NULL);

      g_assert_cmpfloat (m1[i], ==, m2[i]);
      /* The stored scores came from the same model before the round trip. */
      g_assert_cmpfloat_with_epsilon (lead->probability, sigmoid (m1[i]), 1e-6);
    }
}

static void
test_single_lead_rescore (void)
{
  g_autoptr (World)              world = world_new (3000, 300, 8, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  g_autoptr (HotlistLead)        before = find_lead (world, "W-00001");
  g_autoptr (HotlistLead)        after = NULL;
  g_autoptr (GError)             error = NULL;
  HotlistLeadInput               input = { 0 };
  gint64                         id = 0;
  gint64                         scored_before = before->scored_at;

  /* A much larger x1: the write itself rescores the lead. */
  input.source = "csv";
  input.external_id = "W-00001";
  input.custom_patch = "{\"x1\":\"1.9\",\"segment\":\"alpha\"}";
  g_assert_true (hotlist_store_upsert_lead (store, &input, &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, before->id);
  after = find_lead (world, "W-00001");
  g_assert_cmpint (after->score_model_id, ==, report->model_id);
  g_assert_cmpint (after->scored_at, >=, scored_before);
  g_assert_cmpfloat (after->probability, >, 0.5);
  g_assert_cmpfloat (after->probability, !=, before->probability);
  assert_additive (world, "W-00001");

  /* Inside a caller's transaction the new score is visible before the commit… */
  g_assert_true (hotlist_store_begin (store, &error));
  input.custom_patch = "{\"x1\":\"-1.9\",\"segment\":\"delta\"}";
  g_assert_true (hotlist_store_upsert_lead (store, &input, &id, NULL, &error));
  g_assert_true (hotlist_store_commit (store, &error));
  g_clear_pointer (&after, hotlist_lead_free);
  after = find_lead (world, "W-00001");
  g_assert_cmpfloat (after->probability, <, 0.2);
  assert_additive (world, "W-00001");

  /* …and a rolled-back write leaves the old score. */
  g_assert_true (hotlist_store_begin (store, &error));
  input.custom_patch = "{\"x1\":\"1.9\",\"segment\":\"alpha\"}";
  g_assert_true (hotlist_store_upsert_lead (store, &input, &id, NULL, &error));
  hotlist_store_rollback (store);
  {
    g_autoptr (HotlistLead) still = find_lead (world, "W-00001");
    g_assert_cmpfloat (still->probability, ==, after->probability);
  }
}

static void
test_ab_arms (void)
{
  g_autoptr (World)              world = world_new (4000, 2000, 9, FALSE);
  g_autoptr (HotlistTrainReport) first = world_train (world);
  g_autoptr (HotlistTrainReport) second = NULL;
  HotlistScorer                 *scorer = hotlist_workspace_get_scorer (world->workspace);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  g_autoptr (GError)             error = NULL;
  g_autoptr (GPtrArray)          leads = NULL;
  g_autoptr (GHashTable)  arms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HotlistExperimentStatus status;
  guint                   in_b = 0;
  guint8                  fixed[16];

  /* The hash is a pure function of the id: the same everywhere, every time. */
  g_assert_true (hotlist_uuid_parse ("01a218d5-2aac-71d4-87af-c86428c3fff6", fixed));
  g_assert_cmpuint (hotlist_lead_arm_hash (fixed), ==, hotlist_lead_arm_hash (fixed));

  second = world_train (world);
  g_assert_true (hotlist_experiment_start (scorer, first->model_id, second->model_id, 0.3, &error));
  g_assert_no_error (error);
  g_assert_true (hotlist_scorer_rescore_all (scorer, NULL, NULL, NULL, &error));

  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  for (guint i = 0; i < leads->len; i++)
    {
      HotlistLead *lead = g_ptr_array_index (leads, i);
      guint8       key[16];

      g_assert_true (hotlist_uuid_parse (lead->lead_id, key));
      g_assert_cmpint (lead->score_model_id, ==,
                       hotlist_model_get_id (hotlist_scorer_get_model_for_lead (scorer, key)));
      in_b += lead->score_model_id == second->model_id;
      g_hash_table_insert (arms, g_strdup (lead->lead_id), GINT_TO_POINTER (lead->score_model_id));
    }
  /* About 30 % in arm B. */
  g_assert_cmpfloat (fabs ((double)in_b / leads->len - 0.3), <, 0.03);

  /* A rescore, a reload, a reopened workspace: every lead stays in its arm. */
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_rescore_all (scorer, NULL, NULL, NULL, &error));
  g_clear_pointer (&leads, g_ptr_array_unref);
  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  for (guint i = 0; i < leads->len; i++)
    {
      HotlistLead *lead = g_ptr_array_index (leads, i);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (arms, lead->lead_id)), ==,
                       lead->score_model_id);
    }

  g_assert_true (hotlist_experiment_get_status (scorer, &status, &error));
  g_assert_cmpuint (status.arms[0].n_leads + status.arms[1].n_leads, ==, 4000);
  g_assert_cmpuint (status.arms[1].n_leads, ==, in_b);
  /* Nothing was resolved after the start yet. */
  g_assert_cmpuint (status.arms[0].n_resolved + status.arms[1].n_resolved, ==, 0);
  g_assert_true (hotlist_experiment_stop (scorer, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.winner, ==, first->model_id);
  g_assert_null (hotlist_scorer_get_challenger (scorer));
}

static void
test_too_few_outcomes (void)
{
  g_autoptr (World)              world = world_new (80, 40, 10, FALSE);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistTrainReport) report =
      hotlist_train (hotlist_workspace_get_store (world->workspace), NULL, NULL, NULL, NULL,
                     &error);
  g_autoptr (GPtrArray) leads = NULL;
  HotlistModel *model = hotlist_scorer_get_model (hotlist_workspace_get_scorer (world->workspace));

  g_assert_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_TOO_FEW);
  g_assert_null (report);
  /* The starter model scored the leads as they arrived. */
  g_assert_nonnull (model);
  g_assert_cmpstr (hotlist_model_get_origin (model), ==, "starter");
  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_CREATED, -1, NULL);
  for (guint i = 0; i < leads->len; i++)
    g_assert_cmpint (((HotlistLead *)g_ptr_array_index (leads, i))->score_model_id, ==,
                     hotlist_model_get_id (model));
}

static void
test_params_and_refit (void)
{
  g_autoptr (World)              world = world_new (4000, 1000, 11, FALSE);
  HotlistStore                  *store = hotlist_workspace_get_store (world->workspace);
  HotlistScorer                 *scorer = hotlist_workspace_get_scorer (world->workspace);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistTrainReport) held = NULL;
  g_autoptr (HotlistTrainReport) refit = NULL;
  g_autoptr (GPtrArray)          before = NULL;
  g_autoptr (GPtrArray)          after = NULL;
  HotlistTrainParams             params;
  const char *bad[] = { "eta",           "eta=",        "eta=fast",   "subsample=2",
                        "max_depth=3.5", "refit=maybe", "colour=red", "max_leaves=-1" };
  double      changed = 0, total_error = 0, held_error = 0;
  guint       n_open = 0;

  hotlist_train_params_init (&params);
  g_assert_true (hotlist_train_params_set (&params, "eta=0.1", &error));
  g_assert_true (hotlist_train_params_set (&params, "max_leaves=15", &error));
  g_assert_true (hotlist_train_params_set (&params, "refit=false", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (params.eta, ==, 0.1);
  g_assert_cmpint (params.max_leaves, ==, 15);
  g_assert_false (params.refit);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HotlistTrainParams copy = params;

      g_assert_false (hotlist_train_params_set (&copy, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_cmpmem (&copy, sizeof copy, &params, sizeof params);
    }

  /* Without the final fit, the model kept is the one early stopping chose… */
  hotlist_train_params_init (&params);
  params.refit = FALSE;
  held = hotlist_train (store, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (held->rounds, ==, held->best_iteration + 1);
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_true (hotlist_scorer_rescore_all (scorer, NULL, NULL, NULL, &error));
  before = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);

  /* …with it (the default), the same search measures the same held-out metrics, and a model
   * trained on every closed lead, for proportionally more rounds, scores the leads. */
  refit = world_train (world);
  g_assert_cmpint (refit->best_iteration, ==, held->best_iteration);
  g_assert_cmpfloat (refit->metrics.roc_auc, ==, held->metrics.roc_auc);
  g_assert_cmpint (refit->rounds, ==,
                   (int)lround ((refit->best_iteration + 1)
                                * (double)(refit->n_train + refit->n_valid) / refit->n_train));
  g_assert_cmpint (refit->rounds, >, refit->best_iteration + 1);
  after = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      HotlistLead *a = g_ptr_array_index (after, i);
      HotlistLead *b = g_ptr_array_index (before, i);

      g_assert_cmpint (a->score_model_id, ==, refit->model_id);
      if (a->outcome != HOTLIST_OUTCOME_OPEN)
        continue;
      changed += a->probability != b->probability;
      held_error +=
          fabs (b->probability - *(double *)g_hash_table_lookup (world->truth, b->external_id));
      total_error +=
          fabs (a->probability - *(double *)g_hash_table_lookup (world->truth, a->external_id));
      n_open++;
    }
  g_assert_cmpuint (n_open, ==, 1000);
  g_assert_cmpfloat (changed, >, 0.9 * n_open);
  /* The calibration measured on the held-out leads still fits the final model: its
   * probabilities are as close to the true ones as those of the model it was measured on. */
  g_test_message ("mean |p - true p| on open leads: %.4f held-out model, %.4f final model",
                  held_error / n_open, total_error / n_open);
  g_assert_cmpfloat (total_error, <, 1.1 * held_error);
}

static void
test_tiers (void)
{
  g_autoptr (World)              world = world_new (3000, 1000, 12, FALSE);
  g_autoptr (HotlistTrainReport) report = world_train (world);
  g_autoptr (GError)             error = NULL;
  g_autoptr (GPtrArray)          leads = NULL;
  const char                    *names[] = { "hot", "warm", "cool", "cold" };
  guint                          counts[4] = { 0 };
  double                         lowest[4] = { 2, 2, 2, 2 }, highest[4] = { -1, -1, -1, -1 };

  leads = hotlist_store_list_leads (hotlist_workspace_get_store (world->workspace),
                                    HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      HotlistLead *lead = g_ptr_array_index (leads, i);
      guint        t;

      if (lead->outcome != HOTLIST_OUTCOME_OPEN)
        {
          /* A tier ranks open leads; closed ones have none. */
          g_assert_null (lead->tier);
          continue;
        }
      g_assert_nonnull (lead->tier);
      for (t = 0; t < 4 && g_strcmp0 (lead->tier, names[t]) != 0; t++)
        ;
      g_assert_cmpuint (t, <, 4);
      counts[t]++;
      lowest[t] = MIN (lowest[t], lead->probability);
      highest[t] = MAX (highest[t], lead->probability);
    }
  /* Top 10 %, next 20 %, next 30 %, the rest (ties may push a lead up a tier)… */
  g_assert_cmpuint (counts[0], >=, 100);
  g_assert_cmpuint (counts[0], <=, 110);
  g_assert_cmpuint (counts[0] + counts[1], >=, 300);
  g_assert_cmpuint (counts[0] + counts[1], <=, 310);
  g_assert_cmpuint (counts[0] + counts[1] + counts[2], >=, 600);
  g_assert_cmpuint (counts[0] + counts[1] + counts[2], <=, 610);
  /* …in order of probability. */
  for (guint t = 0; t < 3; t++)
    g_assert_cmpfloat (lowest[t], >=, highest[t + 1]);
}

static void
cancel_when_explaining (double fraction, const char *stage, gpointer data)
{
  (void)fraction;
  if (g_strcmp0 (stage, "Explaining") == 0)
    g_cancellable_cancel (data);
}

/* How many of the open (or closed) leads have explanations cached for the model that scored
 * them, read straight from the file. */
static int
count_explained (World *world, gboolean open)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int           n;

  g_assert_cmpint (sqlite3_open_v2 (world->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "SELECT count(*) FROM leads l WHERE (l.outcome = 'open') = ?1"
                          " AND EXISTS (SELECT 1 FROM lead_contributions c"
                          " WHERE c.lead = l.id AND c.model_id = l.score_model_id)",
                          -1, &stmt, NULL),
      ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, open);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_explain_open_first (void)
{
  g_autoptr (World)              world = world_new (3000, 1000, 13, FALSE);
  g_autoptr (HotlistTrainReport) first = world_train (world);
  g_autoptr (HotlistTrainReport) second = NULL;
  g_autoptr (GCancellable)       cancellable = g_cancellable_new ();
  g_autoptr (GError)             error = NULL;
  HotlistScorer                 *scorer = hotlist_workspace_get_scorer (world->workspace);

  g_assert_cmpint (count_explained (world, TRUE), ==, 1000);
  g_assert_cmpint (count_explained (world, FALSE), ==, 2000);
  /* A new model: plain scores for every lead, then explanations, stopped after the first batch. */
  second = hotlist_train (hotlist_workspace_get_store (world->workspace), NULL, NULL, NULL, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_scorer_reload (scorer, &error));
  g_assert_false (hotlist_scorer_rescore_all (scorer, cancel_when_explaining, cancellable,
                                              cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The open leads came first. */
  g_assert_cmpint (count_explained (world, TRUE), ==, 1000);
  g_assert_cmpint (count_explained (world, FALSE), ==, 0);
}

int
main (int argc, char **argv)
{
  test_root_init ("test-scoring");
  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  add_test ("/scoring/explain/additivity", test_additivity);
  add_test ("/scoring/weights/zero-removes-effect", test_weight_zero);
  add_test ("/scoring/calibration/known-probabilities", test_calibration);
  add_test ("/scoring/leakage/planted", test_leakage_guard);
  add_test ("/scoring/train/cancel", test_cancel);
  add_test ("/scoring/train/background", test_background_training);
  add_test ("/scoring/model/round-trip", test_model_round_trip);
  add_test ("/scoring/rescore/single-lead", test_single_lead_rescore);
  add_test ("/scoring/experiment/arms", test_ab_arms);
  add_test ("/scoring/train/too-few-outcomes", test_too_few_outcomes);
  add_test ("/scoring/train/params-and-refit", test_params_and_refit);
  add_test ("/scoring/tiers/percentiles", test_tiers);
  add_test ("/scoring/explain/open-leads-first", test_explain_open_first);

  return test_root_finish (g_test_run ());
}
