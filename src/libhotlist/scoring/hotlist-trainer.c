/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training: leakage guard, features, XGBoost round by round with early stopping, calibration. */

#include "config.h"

#include "hotlist-trainer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "store/hotlist-store-private.h"

#define LEAK_AUC 0.9
#define LEAK_MIN_FILLED 20

/**
 * hotlist_train_params_init:
 *
 * The defaults, chosen on three data sets at once (the UCI bank marketing data, the demo world
 * and a generated set; see tests/bench/bench-accuracy.py and the README), not tuned to one: trees
 * grown best leaf first up to 31 leaves (as scikit-learn's HistGradientBoosting does), a small
 * learning rate with early stopping on a held-out fifth, light L2, row and column subsampling so
 * that single strong attributes do not crowd out the rest, and a final fit on every closed lead.
 */
void
hotlist_train_params_init (HotlistTrainParams *params)
{
  params->max_rounds = 2000;
  params->early_stopping_rounds = 100;
  params->eta = 0.03;
  params->max_depth = 0;
  params->max_leaves = 31;
  params->parallel_trees = 1;
  params->min_child_weight = 2;
  params->subsample = 0.8;
  params->colsample_bytree = 0.8;
  params->lambda = 1;
  params->valid_fraction = 0.2;
  params->refit = TRUE;
  params->seed = 20261126;
  params->nthread = 0;
  params->name = NULL;
}

/**
 * hotlist_train_params_set:
 * @params: parameters to change
 * @assignment: "KEY=VALUE", KEY one of the fields of #HotlistTrainParams (eta, max_depth,
 *   max_leaves, parallel_trees, min_child_weight, subsample, colsample_bytree, lambda,
 *   max_rounds, early_stopping_rounds, valid_fraction, refit, seed, nthread)
 * @error: return location for a #GError
 *
 * For people who want to try other settings than the defaults (hotlist-cli train --param).
 *
 * Returns: whether @assignment named a parameter and a valid value for it
 */
gboolean
hotlist_train_params_set (HotlistTrainParams *params, const char *assignment, GError **error)
{
  static const struct
  {
    const char *key;
    gsize       offset;
    char        type; /* d = double, i = int, b = boolean, u = guint32 */
    double      min, max;
  } keys[] = {
    { "eta", G_STRUCT_OFFSET (HotlistTrainParams, eta), 'd', 1e-4, 1 },
    { "max_depth", G_STRUCT_OFFSET (HotlistTrainParams, max_depth), 'i', 0, 16 },
    { "max_leaves", G_STRUCT_OFFSET (HotlistTrainParams, max_leaves), 'i', 0, 4096 },
    { "parallel_trees", G_STRUCT_OFFSET (HotlistTrainParams, parallel_trees), 'i', 1, 64 },
    { "min_child_weight", G_STRUCT_OFFSET (HotlistTrainParams, min_child_weight), 'd', 0, 1e6 },
    { "subsample", G_STRUCT_OFFSET (HotlistTrainParams, subsample), 'd', 0.05, 1 },
    { "colsample_bytree", G_STRUCT_OFFSET (HotlistTrainParams, colsample_bytree), 'd', 0.05, 1 },
    { "lambda", G_STRUCT_OFFSET (HotlistTrainParams, lambda), 'd', 0, 1e6 },
    { "max_rounds", G_STRUCT_OFFSET (HotlistTrainParams, max_rounds), 'i', 1, 100000 },
    { "early_stopping_rounds", G_STRUCT_OFFSET (HotlistTrainParams, early_stopping_rounds), 'i', 1,
      100000 },
    { "valid_fraction", G_STRUCT_OFFSET (HotlistTrainParams, valid_fraction), 'd', 0.01, 0.5 },
    { "refit", G_STRUCT_OFFSET (HotlistTrainParams, refit), 'b', 0, 1 },
    { "seed", G_STRUCT_OFFSET (HotlistTrainParams, seed), 'u', 0, G_MAXUINT32 },
    { "nthread", G_STRUCT_OFFSET (HotlistTrainParams, nthread), 'i', 0, 1024 },
  };
  const char      *equals = strchr (assignment, '=');
  g_autofree char *key = NULL;
  const char      *text;
  double           value;
  char            *end = NULL;

  if (equals == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("“%s” is not KEY=VALUE"),
                   assignment);
      return FALSE;
    }
  key = g_strndup (assignment, equals - assignment);
  text = equals + 1;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gpointer field = G_STRUCT_MEMBER_P (params, keys[i].offset);

      if (strcmp (key, keys[i].key) != 0)
        continue;
      if (keys[i].type == 'b')
        {
          if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0)
            value = 1;
          else if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0)
            value = 0;
          else
            value = NAN;
        }
      else
        {
          value = g_ascii_strtod (text, &end);
          if (end == text || *end != '\0' || (keys[i].type != 'd' && value != floor (value)))
            value = NAN;
        }
      if (!(value >= keys[i].min && value <= keys[i].max))
        {
          if (keys[i].type == 'b')
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _ ("%s must be true or false, not “%s”"), key, text);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _ ("%s must be %s between %g and %g, not “%s”"), key,
                         keys[i].type == 'd' ? _ ("a number") : _ ("a whole number"), keys[i].min,
                         keys[i].max, text);
          return FALSE;
        }
      switch (keys[i].type)
        {
        case 'd':
          *(double *)field = value;
          break;
        case 'i':
          *(int *)field = (int)value;
          break;
        case 'b':
          *(gboolean *)field = value != 0;
          break;
        default:
          *(guint32 *)field = (guint32)value;
          break;
        }
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _ ("Unknown training parameter “%s”"), key);
  return FALSE;
}

void
hotlist_train_report_free (HotlistTrainReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->leakage, g_ptr_array_unref);
  g_free (report);
}

/* Activity attributes. */

static const struct
{
  const char *type;
  const char *label;
  const char *group;
} activity_labels[] = {
  { "page_view", N_ ("Page views"), "behavior" },
    { "pricing_page_view", N_ ("Pricing page views"), "behavior" },
      { "form_submission", N_ ("Form submissions"), "behavior" },
        { "content_download", N_ ("Content downloads"), "behavior" },
          { "webinar_attended", N_ ("Webinars attended"), "engagement" },
            { "email_open", N_ ("Email opens"), "engagement" },
              { "email_click", N_ ("Email clicks"), "engagement" },
                { "email_reply", N_ ("Email replies"), "engagement" },
                  { "call", N_ ("Calls"), "engagement" },
                    { "meeting_booked", N_ ("Meetings booked"), "engagement" },
                  };

static gboolean
insert_attribute (HotlistStore *store,
                  const char   *key,
                  const char   *label,
                  const char   *group,
                  int           position,
                  GError      **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      store,
      "INSERT OR IGNORE INTO attributes (key, label, kind, attr_group, is_core, column_name,"
      " position) VALUES (?1, ?2, 'number', ?3, 0, NULL, ?4)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, group, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, position);
  return hotlist_store_step_done (store, stmt, error);
}

/**
 * hotlist_store_ensure_activity_attributes:
 *
 * Makes sure that every activity type in the workspace has its attribute ("act_page_view",
 * Page views) and that "engagement" (recent activity) exists, so that they can be weighted.
 */
gboolean
hotlist_store_ensure_activity_attributes (HotlistStore *store, GError **error)
{
  g_autoptr (GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt         *stmt;
  int                   rc;

  stmt = hotlist_store_prepare (store, "SELECT DISTINCT activity_type FROM activities", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (types, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the activity types"));
      return FALSE;
    }
  if (types->len == 0)
    return TRUE;
  if (!hotlist_store_begin (store, error))
    return FALSE;
  if (!insert_attribute (store, "engagement", _ ("Recent engagement"), "engagement", 100, error))
    goto fail;
  for (guint i = 0; i < types->len; i++)
    {
      const char      *type = g_ptr_array_index (types, i);
      g_autofree char *key = hotlist_activity_attribute_key (type);
      g_autofree char *label = NULL;
      const char      *group = "engagement";
      int              position = 200;

      for (guint k = 0; k < G_N_ELEMENTS (activity_labels); k++)
        if (strcmp (activity_labels[k].type, type) == 0)
          {
            label = g_strdup (_ (activity_labels[k].label));
            group = activity_labels[k].group;
            position = 101 + (int)k;
          }
      if (label == NULL)
        label = g_strdup_printf (_ ("Activity: %s"), type);
      if (!insert_attribute (store, key, label, group, position, error))
        goto fail;
    }
  return hotlist_store_commit (store, error);

fail:
  hotlist_store_rollback (store);
  return FALSE;
}

/* Leakage guard. */

typedef struct
{
  char    *key;
  gboolean enabled;
  gboolean user_set;
  char    *leakage; /* found now */
} AttributeState;

static void
attribute_state_free (gpointer data)
{
  AttributeState *state = data;

  g_free (state->key);
  g_free (state->leakage);
  g_free (state);
}

static double
auc_of (GArray *scores, GArray *labels)
{
  double auc = hotlist_metrics_roc_auc ((const double *)(gpointer)scores->data,
                                        (const guint8 *)labels->data, scores->len);
  return isnan (auc) ? NAN : MAX (auc, 1.0 - auc);
}

/* Whether one feature value counts as "filled" for the attribute. */
static gboolean
feature_filled (const HotlistFeature *feature, float value)
{
  if (isnan (value))
    return FALSE;
  if (feature->kind == HOTLIST_FEATURE_ACT_COUNT || feature->kind == HOTLIST_FEATURE_ACT_INTENSITY)
    return value > 0;
  return TRUE;
}

/*
 * Flags attributes that give the outcome away: alone they separate converted from lost almost
 * perfectly (AUC ≥ 0.9 on the closed leads where they are filled), or they are filled only on
 * closed leads (or only on converted ones).
 */
static char *
check_leakage (HotlistFeatureSchema *schema,
               guint                 attribute,
               const float          *x_closed,
               const guint8         *labels,
               guint                 n_closed,
               const float          *x_open,
               guint                 n_open)
{
  guint              n_features = hotlist_feature_schema_get_n_features (schema);
  g_autoptr (GArray) features = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) score_labels = g_array_new (FALSE, FALSE, sizeof (guint8));
  guint              filled_closed = 0, filled_pos = 0, filled_open = 0;
  gboolean           one_hot = FALSE;
  double             best = 0;

  for (guint f = 0; f < n_features; f++)
    if (hotlist_feature_schema_get_feature (schema, f)->attribute == attribute)
      {
        const HotlistFeature *feature = hotlist_feature_schema_get_feature (schema, f);
        g_array_append_val (features, f);
        one_hot |=
            feature->kind == HOTLIST_FEATURE_ONE_HOT || feature->kind == HOTLIST_FEATURE_DEPARTMENT;
      }
  if (features->len == 0)
    return NULL;

  for (guint r = 0; r < n_closed; r++)
    {
      gboolean filled = FALSE;
      for (guint i = 0; i < features->len && !filled; i++)
        {
          guint f = g_array_index (features, guint, i);
          filled = feature_filled (hotlist_feature_schema_get_feature (schema, f),
                                   x_closed[(gsize)r * n_features + f]);
        }
      filled_closed += filled;
      filled_pos += filled && labels[r];
    }
  for (guint r = 0; r < n_open; r++)
    for (guint i = 0; i < features->len; i++)
      {
        guint f = g_array_index (features, guint, i);
        if (feature_filled (hotlist_feature_schema_get_feature (schema, f),
                            x_open[(gsize)r * n_features + f]))
          {
            filled_open++;
            break;
          }
      }

  if (filled_closed >= LEAK_MIN_FILLED && n_open >= LEAK_MIN_FILLED && filled_open == 0)
    return g_strdup_printf (_ ("filled on %u closed leads and on none of the %u open ones: "
                               "probably recorded only once the outcome is known"),
                            filled_closed, n_open);
  if (filled_closed >= LEAK_MIN_FILLED && filled_pos == filled_closed)
    return g_strdup_printf (_ ("filled only on converted leads (%u of them)"), filled_pos);
  if (filled_pos < 10 || filled_closed - filled_pos < 10)
    return NULL;

  if (one_hot)
    {
      /* A category: the conversion rate of the lead's value, as the single-attribute score. */
      g_autofree double *converted = g_new0 (double, features->len + 1);
      g_autofree double *total = g_new0 (double, features->len + 1);
      g_autofree int    *level = g_new (int, n_closed);

      for (guint r = 0; r < n_closed; r++)
        {
          level[r] = -1;
          for (guint i = 0; i < features->len; i++)
            if (x_closed[(gsize)r * n_features + g_array_index (features, guint, i)] == 1.0f)
              level[r] = (int)i;
          if (level[r] >= 0)
            {
              converted[level[r]] += labels[r];
              total[level[r]] += 1;
            }
        }
      for (guint r = 0; r < n_closed; r++)
        if (level[r] >= 0)
          {
            double score = converted[level[r]] / total[level[r]];
            g_array_append_val (scores, score);
            g_array_append_val (score_labels, labels[r]);
          }
      best = auc_of (scores, score_labels);
    }
  else
    for (guint i = 0; i < features->len; i++)
      {
        guint                 f = g_array_index (features, guint, i);
        const HotlistFeature *feature = hotlist_feature_schema_get_feature (schema, f);
        double                auc;

        g_array_set_size (scores, 0);
        g_array_set_size (score_labels, 0);
        for (guint r = 0; r < n_closed; r++)
          {
            float value = x_closed[(gsize)r * n_features + f];
            if (!feature_filled (feature, value) && feature->kind != HOTLIST_FEATURE_ACT_DAYS_SINCE)
              continue;
            if (isnan (value))
              continue;
            {
              double score = value;
              g_array_append_val (scores, score);
              g_array_append_val (score_labels, labels[r]);
            }
          }
        auc = scores->len >= LEAK_MIN_FILLED ? auc_of (scores, score_labels) : NAN;
        if (!isnan (auc) && auc > best)
          best = auc;
      }
  if (best >= LEAK_AUC)
    return g_strdup_printf (_ ("separates converted from lost leads almost perfectly on its own "
                               "(AUC %.2f)"),
                            best);
  return NULL;
}

/* Training proper. */

typedef struct
{
  HotlistProgressFunc func;
  gpointer            data;
} Progress;

static void
report_progress (Progress *progress, double fraction, const char *stage)
{
  if (progress->func != NULL)
    progress->func (fraction, stage, progress->data);
}

static gboolean
xgb_ok (int rc, GError **error)
{
  if (rc == 0)
    return TRUE;
  g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_XGBOOST, _ ("Training failed: %s"),
               XGBGetLastError ());
  return FALSE;
}

static gboolean
set_param (BoosterHandle booster, const char *name, const char *value, GError **error)
{
  return xgb_ok (XGBoosterSetParam (booster, name, value), error);
}

static gboolean
set_param_double (BoosterHandle booster, const char *name, double value, GError **error)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return set_param (booster, name, g_ascii_dtostr (buffer, sizeof buffer, value), error);
}

static gboolean
configure_booster (BoosterHandle booster, const HotlistTrainParams *params, GError **error)
{
  return set_param (booster, "objective", "binary:logistic", error)
         && set_param (booster, "tree_method", "hist", error)
         && set_param (booster, "eval_metric", "logloss", error)
         && set_param (booster, "verbosity", "0", error)
         && set_param_double (booster, "eta", params->eta, error)
         && set_param_double (booster, "max_depth", params->max_depth, error)
         && (params->max_leaves <= 0
             || (set_param (booster, "grow_policy", "lossguide", error)
                 && set_param_double (booster, "max_leaves", params->max_leaves, error)))
         && set_param_double (booster, "min_child_weight", params->min_child_weight, error)
         && set_param_double (booster, "subsample", params->subsample, error)
         && set_param_double (booster, "colsample_bytree", params->colsample_bytree, error)
         && set_param_double (booster, "lambda", params->lambda, error)
         && set_param_double (booster, "num_parallel_tree", MAX (params->parallel_trees, 1), error)
         && set_param_double (booster, "seed", params->seed, error)
         && (params->nthread <= 0 || set_param_double (booster, "nthread", params->nthread, error));
}

static char *
params_to_json (const HotlistTrainParams *params, double pos_weight, int best_iteration, int rounds)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "objective");
  json_builder_add_string_value (builder, "binary:logistic");
  json_builder_set_member_name (builder, "tree_method");
  json_builder_add_string_value (builder, "hist");
  json_builder_set_member_name (builder, "eta");
  json_builder_add_double_value (builder, params->eta);
  json_builder_set_member_name (builder, "max_depth");
  json_builder_add_int_value (builder, params->max_depth);
  json_builder_set_member_name (builder, "max_leaves");
  json_builder_add_int_value (builder, params->max_leaves);
  json_builder_set_member_name (builder, "parallel_trees");
  json_builder_add_int_value (builder, params->parallel_trees);
  json_builder_set_member_name (builder, "min_child_weight");
  json_builder_add_double_value (builder, params->min_child_weight);
  json_builder_set_member_name (builder, "subsample");
  json_builder_add_double_value (builder, params->subsample);
  json_builder_set_member_name (builder, "colsample_bytree");
  json_builder_add_double_value (builder, params->colsample_bytree);
  json_builder_set_member_name (builder, "lambda");
  json_builder_add_double_value (builder, params->lambda);
  json_builder_set_member_name (builder, "max_rounds");
  json_builder_add_int_value (builder, params->max_rounds);
  json_builder_set_member_name (builder, "early_stopping_rounds");
  json_builder_add_int_value (builder, params->early_stopping_rounds);
  json_builder_set_member_name (builder, "valid_fraction");
  json_builder_add_double_value (builder, params->valid_fraction);
  json_builder_set_member_name (builder, "positive_weight");
  json_builder_add_double_value (builder, pos_weight);
  json_builder_set_member_name (builder, "validation_rounds");
  json_builder_add_int_value (builder, best_iteration + 1);
  json_builder_set_member_name (builder, "rounds");
  json_builder_add_int_value (builder, rounds);
  json_builder_set_member_name (builder, "refit");
  json_builder_add_boolean_value (builder, params->refit);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, params->seed);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
metrics_to_json (const HotlistMetrics *metrics, guint n_train, guint n_valid, gboolean time_ordered)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);
  hotlist_metrics_add_to_builder (metrics, builder);
  json_builder_set_member_name (builder, "n_train");
  json_builder_add_int_value (builder, n_train);
  json_builder_set_member_name (builder, "n_valid");
  json_builder_add_int_value (builder, n_valid);
  json_builder_set_member_name (builder, "split");
  json_builder_add_string_value (builder, time_ordered ? "time" : "stratified");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef struct
{
  guint  row;
  gint64 when;
} TimedRow;

static int
compare_timed (gconstpointer a, gconstpointer b)
{
  const TimedRow *x = a, *y = b;

  if (x->when != y->when)
    return x->when < y->when ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/*
 * Stratified validation split: per outcome, the latest leads when the leads have dates spread
 * over more than two weeks (a model is judged on leads after the ones it learned from), else a
 * seeded random sample. Returns whether the split is time-ordered.
 */
static gboolean
split_rows (HotlistLeadSet *set,
            GArray         *closed,
            const guint8   *labels,
            double          fraction,
            guint32         seed,
            guint8         *is_valid)
{
  gint64            lo = G_MAXINT64, hi = G_MININT64;
  gboolean          timed;
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < closed->len; i++)
    {
      gint64 when = hotlist_lead_set_get_row (set, g_array_index (closed, guint, i))->as_of;
      lo = MIN (lo, when);
      hi = MAX (hi, when);
    }
  timed = hi - lo > 14 * 86400;
  for (int label = 0; label <= 1; label++)
    {
      g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (TimedRow));
      guint              n_valid;

      for (guint i = 0; i < closed->len; i++)
        if (labels[i] == label)
          {
            TimedRow t = {
              i, timed ? hotlist_lead_set_get_row (set, g_array_index (closed, guint, i))->as_of : 0
            };
            g_array_append_val (rows, t);
          }
      if (timed)
        g_array_sort (rows, compare_timed);
      else
        for (guint i = rows->len; i > 1; i--)
          {
            guint    j = g_rand_int_range (rand, 0, (gint32)i);
            TimedRow tmp = g_array_index (rows, TimedRow, i - 1);
            g_array_index (rows, TimedRow, i - 1) = g_array_index (rows, TimedRow, j);
            g_array_index (rows, TimedRow, j) = tmp;
          }
      n_valid = (guint)lround (fraction * rows->len);
      n_valid = CLAMP (n_valid, 1, rows->len > 1 ? rows->len - 1 : 1);
      for (guint i = 0; i < rows->len; i++)
        is_valid[g_array_index (rows, TimedRow, i).row] = i >= rows->len - n_valid;
    }
  return timed;
}

static gboolean
read_attribute_states (HotlistStore *store, GHashTable *states, GError **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store, "SELECT key, enabled, user_set FROM attributes", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttributeState *state = g_new0 (AttributeState, 1);

      state->key = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      state->enabled = sqlite3_column_int (stmt, 1) != 0;
      state->user_set = sqlite3_column_int (stmt, 2) != 0;
      g_hash_table_insert (states, state->key, state);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the attributes"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_attribute_states (HotlistStore *store, GHashTable *states, GError **error)
{
  GHashTableIter iter;
  gpointer       value;
  sqlite3_stmt  *stmt = hotlist_store_prepare (
       store,
       "UPDATE attributes SET leakage = ?2,"
        " enabled = CASE WHEN user_set THEN enabled ELSE ?3 END WHERE key = ?1",
       error);

  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AttributeState *state = value;

      sqlite3_bind_text (stmt, 1, state->key, -1, SQLITE_STATIC);
      if (state->leakage != NULL)
        sqlite3_bind_text (stmt, 2, state->leakage, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 2);
      sqlite3_bind_int (stmt, 3, state->leakage == NULL);
      if (!hotlist_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static double
parse_eval (const char *text)
{
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;

  return colon != NULL ? g_ascii_strtod (colon + 1, NULL) : NAN;
}

/**
 * hotlist_train:
 * @store: the workspace
 * @params: (nullable): training parameters, %NULL for the defaults
 * @progress: (nullable): called with the fraction done, from the calling thread
 * @user_data: for @progress
 * @cancellable: (nullable): cancels between boosting rounds
 * @error: return location for a #GError
 *
 * Trains a model on the workspace's closed leads and, in one transaction, stores it, makes it the
 * active model, and records the leakage guard's findings on the attributes. Leads are not
 * rescored here (see hotlist_scorer_rescore_all()). A cancelled or failed run writes nothing.
 *
 * Returns: (transfer full): what was trained, or %NULL with @error set
 */
HotlistTrainReport *
hotlist_train (HotlistStore             *store,
               const HotlistTrainParams *params,
               HotlistProgressFunc       progress_func,
               gpointer                  user_data,
               GCancellable             *cancellable,
               GError                  **error)
{
  HotlistTrainParams         defaults;
  Progress                   progress = { progress_func, user_data };
  gint64                     now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (HotlistLeadSet) set = NULL;
  g_autoptr (GArray)         closed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray)         open = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray)      attributes = NULL;
  g_autoptr (GPtrArray)      enabled = g_ptr_array_new ();
  g_autoptr (GHashTable)     states =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, attribute_state_free);
  g_autoptr (HotlistFeatureSchema) probe = NULL;
  g_autoptr (HotlistFeatureSchema) schema = NULL;
  g_autoptr (HotlistTrainReport)   report = g_new0 (HotlistTrainReport, 1);
  g_autoptr (HotlistModel)         model = NULL;
  g_autofree guint8               *labels = NULL;
  g_autofree guint8               *is_valid = NULL;
  g_autofree float                *x = NULL;
  g_autofree float *x_train = NULL, *x_valid = NULL, *y_train = NULL, *y_valid = NULL,
                   *w_train = NULL, *y_all = NULL, *w_all = NULL;
  g_autofree double *margin = NULL, *probability = NULL;
  g_autofree guint8 *valid_labels = NULL;
  g_autofree char   *params_json = NULL, *metrics_json = NULL, *name = NULL;
  DMatrixHandle      dtrain = NULL, dvalid = NULL, dall = NULL;
  BoosterHandle      booster = NULL, best = NULL, final = NULL;
  double             search_end; /* progress at the end of the early-stopping search */
  guint              n_pos = 0, n_neg = 0, n_features, n_train = 0, n_valid = 0;
  double             best_loss = INFINITY, pos_weight = 1, a = 1, b = 0;
  int                best_iteration = -1;
  gboolean           ok = FALSE;

  if (params == NULL)
    {
      hotlist_train_params_init (&defaults);
      params = &defaults;
    }
  search_end = params->refit ? 0.6 : 0.85;
  report->leakage = g_ptr_array_new_with_free_func (g_free);

  report_progress (&progress, 0.0, _ ("Reading leads"));
  if (!hotlist_store_ensure_activity_attributes (store, error))
    return NULL;
  set = hotlist_lead_set_read (store, NULL, 0, FALSE, now, error);
  if (set == NULL)
    return NULL;
  for (guint i = 0; i < hotlist_lead_set_get_size (set); i++)
    {
      int outcome = hotlist_lead_set_get_row (set, i)->outcome;

      g_array_append_val (outcome == HOTLIST_OUTCOME_OPEN ? open : closed, i);
      n_pos += outcome == HOTLIST_OUTCOME_CONVERTED;
      n_neg += outcome == HOTLIST_OUTCOME_LOST;
    }
  if (n_pos < HOTLIST_MIN_OUTCOMES_PER_CLASS || n_neg < HOTLIST_MIN_OUTCOMES_PER_CLASS)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_TOO_FEW,
                   _ ("Training needs at least %d converted and %d lost leads; this workspace has "
                      "%u converted and %u lost. Until then it scores with the starter model."),
                   HOTLIST_MIN_OUTCOMES_PER_CLASS, HOTLIST_MIN_OUTCOMES_PER_CLASS, n_pos, n_neg);
      return NULL;
    }
  labels = g_new (guint8, closed->len);
  for (guint i = 0; i < closed->len; i++)
    labels[i] = hotlist_lead_set_get_row (set, g_array_index (closed, guint, i))->outcome
                == HOTLIST_OUTCOME_CONVERTED;

  /* The leakage guard looks at every attribute, enabled or not. */
  attributes = hotlist_store_list_attributes (store, error);
  if (attributes == NULL || !read_attribute_states (store, states, error))
    return NULL;
  report_progress (&progress, 0.02, _ ("Checking attributes for leakage"));
  probe = hotlist_feature_schema_build (attributes, set, (const guint *)(gpointer)closed->data,
                                        closed->len);
  {
    guint             nf = hotlist_feature_schema_get_n_features (probe);
    g_autofree float *xc = g_new (float, (gsize)closed->len *MAX (nf, 1));
    g_autofree float *xo = g_new (float, (gsize)MAX (open->len, 1) * MAX (nf, 1));

    hotlist_feature_schema_extract (probe, set, (const guint *)(gpointer)closed->data, closed->len,
                                    xc);
    hotlist_feature_schema_extract (probe, set, (const guint *)(gpointer)open->data, open->len, xo);
    for (guint a_index = 0; a_index < hotlist_feature_schema_get_n_attributes (probe); a_index++)
      {
        const HotlistSchemaAttribute *sa = hotlist_feature_schema_get_attribute (probe, a_index);
        AttributeState               *state = g_hash_table_lookup (states, sa->key);
        char *reason = check_leakage (probe, a_index, xc, labels, closed->len, xo, open->len);

        if (state == NULL)
          {
            g_free (reason);
            continue;
          }
        state->leakage = reason;
        if (reason != NULL)
          g_ptr_array_add (report->leakage, g_strdup_printf ("%s: %s", sa->key, reason));
      }
  }
  for (guint i = 0; i < attributes->len; i++)
    {
      HotlistAttribute *attribute = g_ptr_array_index (attributes, i);
      AttributeState   *state = g_hash_table_lookup (states, attribute->key);
      gboolean          use = state == NULL     ? attribute->enabled
                              : state->user_set ? state->enabled
                                                : state->leakage == NULL;

      if (use)
        g_ptr_array_add (enabled, attribute);
    }

  /* Features of the model. */
  schema = hotlist_feature_schema_build (enabled, set, (const guint *)(gpointer)closed->data,
                                         closed->len);
  n_features = hotlist_feature_schema_get_n_features (schema);
  if (n_features == 0)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_TOO_FEW,
                   _ ("No enabled attribute has values to learn from"));
      return NULL;
    }
  x = g_new (float, (gsize)closed->len *n_features);
  hotlist_feature_schema_extract (schema, set, (const guint *)(gpointer)closed->data, closed->len,
                                  x);

  is_valid = g_new0 (guint8, closed->len);
  report->time_ordered =
      split_rows (set, closed, labels, params->valid_fraction, params->seed, is_valid);
  for (guint i = 0; i < closed->len; i++)
    {
      n_valid += is_valid[i];
      n_train += !is_valid[i];
    }
  x_train = g_new (float, (gsize)n_train *n_features);
  x_valid = g_new (float, (gsize)n_valid *n_features);
  y_train = g_new (float, n_train);
  y_valid = g_new (float, n_valid);
  w_train = g_new (float, n_train);
  valid_labels = g_new (guint8, n_valid);
  y_all = g_new (float, closed->len);
  w_all = g_new (float, closed->len);
  /* Rare outcomes get more weight, by the square root of the imbalance, so that trees still
   * split on them; Platt scaling afterwards puts the probabilities back in line. */
  {
    double minority = (double)MIN (n_pos, n_neg) / (n_pos + n_neg);
    if (minority < 0.05)
      pos_weight = sqrt ((double)n_neg / n_pos);
  }
  for (guint i = 0, t = 0, v = 0; i < closed->len; i++)
    {
      y_all[i] = labels[i];
      w_all[i] = labels[i] ? (float)pos_weight : 1.0f;
      if (is_valid[i])
        {
          memcpy (x_valid + (gsize)v * n_features, x + (gsize)i * n_features,
                  n_features * sizeof (float));
          y_valid[v] = labels[i];
          valid_labels[v++] = labels[i];
        }
      else
        {
          memcpy (x_train + (gsize)t * n_features, x + (gsize)i * n_features,
                  n_features * sizeof (float));
          y_train[t] = labels[i];
          w_train[t++] = labels[i] ? (float)pos_weight : 1.0f;
        }
    }

  if (!xgb_ok (XGDMatrixCreateFromMat (x_train, n_train, n_features, NAN, &dtrain), error)
      || !xgb_ok (XGDMatrixSetFloatInfo (dtrain, "label", y_train, n_train), error)
      || !xgb_ok (XGDMatrixSetFloatInfo (dtrain, "weight", w_train, n_train), error)
      || !xgb_ok (XGDMatrixCreateFromMat (x_valid, n_valid, n_features, NAN, &dvalid), error)
      || !xgb_ok (XGDMatrixSetFloatInfo (dvalid, "label", y_valid, n_valid), error))
    goto out;
  /* The matrices hold their own copies. */
  g_clear_pointer (&x_train, g_free);
  g_clear_pointer (&x_valid, g_free);
  {
    DMatrixHandle cache[] = { dtrain, dvalid };
    if (!xgb_ok (XGBoosterCreate (cache, 2, &booster), error))
      goto out;
  }
  if (!configure_booster (booster, params, error))
    goto out;

  for (int iteration = 0; iteration < params->max_rounds; iteration++)
    {
      const char   *eval = NULL;
      const char   *names[] = { "valid" };
      DMatrixHandle sets[] = { dvalid };
      double        loss;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!xgb_ok (XGBoosterUpdateOneIter (booster, iteration, dtrain), error)
          || !xgb_ok (XGBoosterEvalOneIter (booster, iteration, sets, names, 1, &eval), error))
        goto out;
      loss = parse_eval (eval);
      if (loss < best_loss - 1e-7)
        {
          best_loss = loss;
          best_iteration = iteration;
        }
      else if (iteration - best_iteration >= params->early_stopping_rounds)
        break;
      if (iteration % 10 == 0)
        {
          g_autofree char *stage = g_strdup_printf (_ ("Training: round %d, best %d"),
                                                    iteration + 1, best_iteration + 1);
          /* Early stopping usually ends well before max_rounds: show progress against the
           * rounds it can still take. */
          report_progress (&progress,
                           0.05
                               + (search_end - 0.05) * (double)iteration
                                     / MIN (params->max_rounds,
                                            best_iteration + params->early_stopping_rounds + 1),
                           stage);
        }
    }
  if (!xgb_ok (XGBoosterSlice (booster, 0, best_iteration + 1, 1, &best), error))
    goto out;

  /* Platt scaling on the held-out leads' margins, then the metrics of calibrated scores. */
  report_progress (&progress, search_end + 0.01, _ ("Calibrating"));
  {
    const bst_ulong *shape = NULL;
    bst_ulong        dim = 0;
    const float     *result = NULL;

    if (!xgb_ok (XGBoosterPredictFromDMatrix (best, dvalid,
                                              "{\"type\": 1, \"training\": false,"
                                              " \"iteration_begin\": 0, \"iteration_end\": 0,"
                                              " \"strict_shape\": false}",
                                              &shape, &dim, &result),
                 error))
      goto out;
    margin = g_new (double, n_valid);
    probability = g_new (double, n_valid);
    for (guint i = 0; i < n_valid; i++)
      margin[i] = result[i];
  }
  if (!hotlist_metrics_platt_fit (margin, valid_labels, n_valid, &a, &b))
    {
      a = 1;
      b = 0;
    }
  /* Class weights shift the margin; without them, a fit far from the identity is suspect. */
  for (guint i = 0; i < n_valid; i++)
    probability[i] = hotlist_sigmoid (a * margin[i] + b);
  hotlist_metrics_compute (probability, valid_labels, n_valid, &report->metrics);
  report->n_train = n_train;
  report->n_valid = n_valid;
  report->best_iteration = best_iteration;
  report->rounds = best_iteration + 1;

  /* The final fit: the same parameters on every closed lead, the held-out ones too, for as many
   * rounds as early stopping chose, scaled up by the larger training set. The metrics and the
   * calibration stay those measured on the held-out leads, the only honest estimate there is. */
  if (params->refit)
    {
      XGBoosterFree (booster);
      booster = NULL;
      XGDMatrixFree (dtrain);
      dtrain = NULL;
      report->rounds = (int)lround ((best_iteration + 1) * (double)closed->len / n_train);
      report_progress (&progress, search_end + 0.02, _ ("Training on every lead"));
      if (!xgb_ok (XGDMatrixCreateFromMat (x, closed->len, n_features, NAN, &dall), error)
          || !xgb_ok (XGDMatrixSetFloatInfo (dall, "label", y_all, closed->len), error)
          || !xgb_ok (XGDMatrixSetFloatInfo (dall, "weight", w_all, closed->len), error)
          || !xgb_ok (XGBoosterCreate (&dall, 1, &final), error)
          || !configure_booster (final, params, error))
        goto out;
      g_clear_pointer (&x, g_free);
      for (int iteration = 0; iteration < report->rounds; iteration++)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error)
              || !xgb_ok (XGBoosterUpdateOneIter (final, iteration, dall), error))
            goto out;
          if (iteration % 10 == 0)
            {
              g_autofree char *stage =
                  g_strdup_printf (_ ("Training on every lead: round %d of %d"), iteration + 1,
                                   report->rounds);
              report_progress (&progress,
                               search_end + 0.03
                                   + (0.93 - search_end) * (double)iteration / report->rounds,
                               stage);
            }
        }
      XGBoosterFree (best);
      best = g_steal_pointer (&final);
    }

  params_json = params_to_json (params, pos_weight, best_iteration, report->rounds);
  metrics_json = metrics_to_json (&report->metrics, n_train, n_valid, report->time_ordered);
  {
    g_autoptr (GDateTime) when = g_date_time_new_now_utc ();
    name = params->name != NULL ? g_strdup (params->name)
                                : g_date_time_format (when, _ ("Trained %Y-%m-%d %H:%M"));
  }
  model = hotlist_model_new (best, g_steal_pointer (&schema), a, b, name, params_json, metrics_json,
                             "trained");
  best = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  report_progress (&progress, 0.96, _ ("Saving the model"));
  if (!hotlist_store_begin (store, error))
    goto out;
  if (!hotlist_model_save (model, store, error)
      || !hotlist_store_activate_model (store, hotlist_model_get_id (model), error)
      || !write_attribute_states (store, states, error) || !hotlist_store_commit (store, error))
    {
      hotlist_store_rollback (store);
      goto out;
    }
  report->model_id = hotlist_model_get_id (model);
  report_progress (&progress, 1.0, _ ("Trained"));
  ok = TRUE;

out:
  if (final != NULL)
    XGBoosterFree (final);
  if (dall != NULL)
    XGDMatrixFree (dall);
  if (best != NULL)
    XGBoosterFree (best);
  if (booster != NULL)
    XGBoosterFree (booster);
  if (dtrain != NULL)
    XGDMatrixFree (dtrain);
  if (dvalid != NULL)
    XGDMatrixFree (dvalid);
  return ok ? g_steal_pointer (&report) : NULL;
}

/* In the background. */

typedef struct
{
  char               *path;
  HotlistTrainParams  params;
  gboolean            have_params;
  HotlistProgressFunc progress;
  gpointer            progress_data;
  GMainContext       *context;
} TrainTask;

typedef struct
{
  TrainTask *task;
  double     fraction;
  char      *stage;
} ProgressUpdate;

static void
train_task_free (gpointer data)
{
  TrainTask *task = data;

  g_free (task->path);
  g_main_context_unref (task->context);
  g_free (task);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressUpdate *update = data;

  update->task->progress (update->fraction, update->stage, update->task->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_free (update->stage);
  g_free (update);
}

static void
forward_progress (double fraction, const char *stage, gpointer data)
{
  TrainTask      *task = data;
  ProgressUpdate *update;

  if (task->progress == NULL)
    return;
  update = g_new0 (ProgressUpdate, 1);
  update->task = task;
  update->fraction = fraction;
  update->stage = g_strdup (stage);
  g_main_context_invoke_full (task->context, G_PRIORITY_DEFAULT, deliver_progress, update,
                              progress_update_free);
}

static void
train_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  TrainTask                     *train = data;
  g_autoptr (HotlistStore)       store = NULL;
  g_autoptr (HotlistTrainReport) report = NULL;
  g_autoptr (HotlistScorer)      scorer = NULL;
  GError                        *error = NULL;

  /* A connection of its own: the caller's stays free for the UI while this one trains. */
  store = hotlist_store_open (train->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  report = hotlist_train (store, train->have_params ? &train->params : NULL, forward_progress,
                          train, cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&report),
                         (GDestroyNotify)hotlist_train_report_free);
}

/**
 * hotlist_train_async:
 * @store_path: the workspace file; the training opens its own connection to it
 * @params: (nullable): parameters, %NULL for the defaults
 * @progress: (nullable): called in the caller's thread-default main context
 * @progress_data: for @progress; must outlive the task
 * @cancellable: (nullable): cancels the training between rounds; nothing is written
 * @callback: called when done
 * @user_data: for @callback
 *
 * Trains in a worker thread, one boosting round at a time.
 */
void
hotlist_train_async (const char               *store_path,
                     const HotlistTrainParams *params,
                     HotlistProgressFunc       progress,
                     gpointer                  progress_data,
                     GCancellable             *cancellable,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TrainTask        *train = g_new0 (TrainTask, 1);

  train->path = g_strdup (store_path);
  if (params != NULL)
    {
      train->params = *params;
      train->have_params = TRUE;
    }
  train->progress = progress;
  train->progress_data = progress_data;
  train->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, hotlist_train_async);
  g_task_set_task_data (task, train, train_task_free);
  g_task_run_in_thread (task, train_thread);
}

/**
 * hotlist_train_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistTrainReport *
hotlist_train_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
