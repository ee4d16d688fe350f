/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scores leads with a workspace's models: weights, cached contributions, tiers, explanations. */

#include "config.h"

#include "hotlist-scorer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/hotlist-store-private.h"

#define BATCH_SIZE 5000

typedef struct
{
  HotlistModel *model;
  double       *weights; /* per schema attribute: enabled ? weight : 0 */
  gboolean      neutral;
} Arm;

struct _HotlistScorer
{
  GObject parent_instance;

  HotlistStore *store; /* weak: the store owns the scorer through its rescore hook */
  Arm           active;
  Arm           challenger;
  double        split; /* share of leads in the challenger's arm; 0 without an experiment */
  double        cutoffs[3];
  gboolean      have_cutoffs;
  guint         cutoff_base;       /* how many open leads the cut-offs were taken from */
  guint         pending_for_tiers; /* leads rescored since */
};

G_DEFINE_TYPE (HotlistScorer, hotlist_scorer, G_TYPE_OBJECT)

GResource *hotlist_engine_get_resource (void);

static void
arm_clear (Arm *arm)
{
  g_clear_object (&arm->model);
  g_clear_pointer (&arm->weights, g_free);
  arm->neutral = TRUE;
}

static void
hotlist_scorer_finalize (GObject *object)
{
  HotlistScorer *self = (HotlistScorer *)object;

  arm_clear (&self->active);
  arm_clear (&self->challenger);
  G_OBJECT_CLASS (hotlist_scorer_parent_class)->finalize (object);
}

static void
hotlist_scorer_class_init (HotlistScorerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hotlist_scorer_finalize;
}

static void
hotlist_scorer_init (HotlistScorer *self)
{
  self->active.neutral = TRUE;
  self->challenger.neutral = TRUE;
}

void
hotlist_explanation_free (HotlistExplanation *explanation)
{
  if (explanation == NULL)
    return;
  g_free (explanation->lead_id);
  g_free (explanation->model_name);
  g_ptr_array_unref (explanation->factors);
  g_free (explanation);
}

static void
factor_free (gpointer data)
{
  HotlistFactor *factor = data;

  g_free (factor->attribute);
  g_free (factor->label);
  g_free (factor->value);
  g_free (factor);
}

/**
 * hotlist_lead_arm_hash:
 * @lead_id: a lead id
 *
 * A stable 64-bit hash of a lead id (FNV-1a, then a SplitMix64 finalizer), so that a lead stays
 * in the same experiment arm on every machine and every run.
 */
guint64
hotlist_lead_arm_hash (const guint8 lead_id[16])
{
  guint64 h = 0xcbf29ce484222325ull;

  for (int i = 0; i < 16; i++)
    {
      h ^= lead_id[i];
      h *= 0x100000001b3ull;
    }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

/* Starter model. */

GBytes *
hotlist_starter_model_bytes (void)
{
  /* Referencing the resource keeps it linked in from the static library. */
  g_resources_register (hotlist_engine_get_resource ());
  return g_resources_lookup_data ("/org/hotlist/engine/starter-model.json",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/**
 * hotlist_store_install_starter_model:
 * @store: a workspace
 * @out_installed: (out) (optional): whether it was installed now
 * @error: return location for a #GError
 *
 * Gives a workspace without any model the starter model that ships with Hotlist, active.
 */
gboolean
hotlist_store_install_starter_model (HotlistStore *store, gboolean *out_installed, GError **error)
{
  g_autoptr (GBytes)       bytes = NULL;
  g_autoptr (HotlistModel) model = NULL;
  sqlite3_stmt            *stmt;
  gboolean                 any;

  if (out_installed != NULL)
    *out_installed = FALSE;
  stmt = hotlist_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM scoring_models)", error);
  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (any)
    return TRUE;
  bytes = hotlist_starter_model_bytes ();
  if (bytes == NULL || g_bytes_get_size (bytes) < 16)
    return TRUE; /* a build without one: leads stay unscored until a training */
  model = hotlist_model_read_file (bytes, error);
  if (model == NULL)
    return FALSE;
  hotlist_model_set_origin (model, "starter");
  if (!hotlist_store_begin (store, error))
    return FALSE;
  if (!hotlist_model_save (model, store, error)
      || !hotlist_store_activate_model (store, hotlist_model_get_id (model), error))
    {
      hotlist_store_rollback (store);
      return FALSE;
    }
  if (!hotlist_store_commit (store, error))
    return FALSE;
  if (out_installed != NULL)
    *out_installed = TRUE;
  return TRUE;
}

/* Loading. */

static gboolean
load_weights (HotlistScorer *self, Arm *arm, GError **error)
{
  HotlistFeatureSchema *schema;
  guint                 n;

  g_clear_pointer (&arm->weights, g_free);
  arm->neutral = TRUE;
  if (arm->model == NULL)
    return TRUE;
  schema = hotlist_model_get_schema (arm->model);
  n = hotlist_feature_schema_get_n_attributes (schema);
  arm->weights = g_new (double, MAX (n, 1));
  for (guint a = 0; a < n; a++)
    {
      const HotlistSchemaAttribute *sa = hotlist_feature_schema_get_attribute (schema, a);
      g_autoptr (GError)            local = NULL;
      g_autoptr (HotlistAttribute)  attribute =
          hotlist_store_get_attribute (self->store, sa->key, &local);

      if (attribute == NULL
          && !g_error_matches (local, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      arm->weights[a] = attribute == NULL ? 1.0 : attribute->enabled ? attribute->weight : 0.0;
      arm->neutral &= arm->weights[a] == 1.0;
    }
  return TRUE;
}

static void
load_cutoffs (HotlistScorer *self)
{
  g_autofree char *text = hotlist_store_get_meta (self->store, "tier_cutoffs");

  self->have_cutoffs =
      text != NULL
      && sscanf (text, "%lf,%lf,%lf", &self->cutoffs[0], &self->cutoffs[1], &self->cutoffs[2]) == 3;
}

/**
 * hotlist_scorer_reload:
 *
 * Reads the workspace's active model (and challenger, during an experiment), the attribute
 * weights and the tier cut-offs again.
 */
gboolean
hotlist_scorer_reload (HotlistScorer *self, GError **error)
{
  sqlite3_stmt *stmt;

  arm_clear (&self->active);
  arm_clear (&self->challenger);
  self->split = 0;
  self->active.model = hotlist_model_load_with_status (self->store, "active", error);
  if (self->active.model == NULL && error != NULL && *error != NULL)
    return FALSE;
  stmt = hotlist_store_prepare (self->store,
                                "SELECT model_b, split FROM experiments WHERE ended_at IS NULL"
                                " ORDER BY experiment_id DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 model_b = sqlite3_column_int64 (stmt, 0);

      self->split = sqlite3_column_double (stmt, 1);
      sqlite3_reset (stmt);
      self->challenger.model = hotlist_model_load (self->store, model_b, error);
      if (self->challenger.model == NULL)
        return FALSE;
    }
  else
    sqlite3_reset (stmt);
  if (!load_weights (self, &self->active, error) || !load_weights (self, &self->challenger, error))
    return FALSE;
  load_cutoffs (self);
  return TRUE;
}

static gboolean
rescore_hook (HotlistStore *store,
              const gint64 *leads,
              guint         n_leads,
              gpointer      data,
              GError      **error)
{
  HotlistScorer *self = data;

  return hotlist_scorer_rescore (self, leads, n_leads,
                                 n_leads <= HOTLIST_SCORER_INLINE_CONTRIBUTIONS
                                     && !hotlist_store_get_defer_explanations (store),
                                 error);
}

/**
 * hotlist_scorer_new:
 * @store: a workspace
 * @error: return location for a #GError
 *
 * Creates the workspace's scorer and hooks it to @store, so that every write that changes a lead
 * rescores it in the same transaction. A workspace without any model gets the starter model.
 *
 * Returns: (transfer full): the scorer; it lives as long as @store does
 */
HotlistScorer *
hotlist_scorer_new (HotlistStore *store, GError **error)
{
  g_autoptr (HotlistScorer) self = g_object_new (HOTLIST_TYPE_SCORER, NULL);

  self->store = store;
  if (!hotlist_store_install_starter_model (store, NULL, error)
      || !hotlist_scorer_reload (self, error))
    return NULL;
  hotlist_store_set_rescore_func (store, rescore_hook, g_object_ref (self), g_object_unref);
  return g_steal_pointer (&self);
}

HotlistStore *
hotlist_scorer_get_store (HotlistScorer *self)
{
  return self->store;
}

HotlistModel *
hotlist_scorer_get_model (HotlistScorer *self)
{
  return self->active.model;
}

HotlistModel *
hotlist_scorer_get_challenger (HotlistScorer *self)
{
  return self->challenger.model;
}

static Arm *
arm_for_lead (HotlistScorer *self, const guint8 lead_id[16])
{
  if (self->challenger.model != NULL && self->split > 0)
    {
      double u = (double)(hotlist_lead_arm_hash (lead_id) >> 11) * 0x1.0p-53;
      if (u < self->split)
        return &self->challenger;
    }
  return &self->active;
}

HotlistModel *
hotlist_scorer_get_model_for_lead (HotlistScorer *self, const guint8 lead_id[16])
{
  return arm_for_lead (self, lead_id)->model;
}

gboolean
hotlist_scorer_weights_are_neutral (HotlistScorer *self, HotlistModel *model)
{
  if (model == self->challenger.model && model != NULL)
    return self->challenger.neutral;
  return self->active.neutral;
}

/* Scores and tiers. */

static double
weighted_logit (const Arm *arm, const float *row, guint n_attributes)
{
  double logit = row[0];

  for (guint a = 0; a < n_attributes; a++)
    logit += arm->weights[a] * (double)row[1 + a];
  return logit;
}

static const char *
tier_for (HotlistScorer *self, double probability)
{
  if (!self->have_cutoffs)
    return NULL;
  if (probability >= self->cutoffs[0])
    return "hot";
  if (probability >= self->cutoffs[1])
    return "warm";
  if (probability >= self->cutoffs[2])
    return "cool";
  return "cold";
}

static gboolean
write_score (HotlistScorer *self,
             gint64         lead,
             double         probability,
             gint64         model_id,
             gint64         now,
             GError       **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      self->store,
      "UPDATE leads SET lead_score = ?2, probability = ?3,"
      " tier = CASE WHEN outcome = 'open' THEN ?4 END, score_model_id = ?5, scored_at = ?6"
      " WHERE id = ?1",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  sqlite3_bind_int (stmt, 2, (int)lround (100.0 * probability));
  sqlite3_bind_double (stmt, 3, probability);
  if (tier_for (self, probability) != NULL)
    sqlite3_bind_text (stmt, 4, tier_for (self, probability), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, model_id);
  sqlite3_bind_int64 (stmt, 6, now);
  return hotlist_store_step_done (self->store, stmt, error);
}

static gboolean
write_contributions (HotlistScorer *self,
                     gint64         lead,
                     gint64         model_id,
                     const float   *row,
                     guint          n,
                     GError       **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      self->store,
      "INSERT OR REPLACE INTO lead_contributions (lead, model_id, contributions) VALUES (?1, ?2, ?3)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  sqlite3_bind_int64 (stmt, 2, model_id);
  sqlite3_bind_blob (stmt, 3, row, (int)(n * sizeof (float)), SQLITE_STATIC);
  return hotlist_store_step_done (self->store, stmt, error);
}

static gboolean
forget_contributions (HotlistScorer *self, gint64 lead, GError **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (self->store, "DELETE FROM lead_contributions WHERE lead = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lead);
  return hotlist_store_step_done (self->store, stmt, error);
}

static gboolean
any_contributions_from (HotlistScorer *self, gint64 lowest, gboolean *any, GError **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (self->store,
                             "SELECT EXISTS (SELECT 1 FROM lead_contributions WHERE lead >= ?1)",
                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lowest);
  *any = sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Scores the rows of @set that belong to @arm and writes them. */
static gboolean
score_arm_rows (HotlistScorer  *self,
                Arm            *arm,
                HotlistLeadSet *set,
                GArray         *rows,
                gboolean        contributions,
                gint64          now,
                GError        **error)
{
  HotlistFeatureSchema *schema = hotlist_model_get_schema (arm->model);
  guint                 n_features = hotlist_feature_schema_get_n_features (schema);
  guint                 n_attributes = hotlist_feature_schema_get_n_attributes (schema);
  gint64                model_id = hotlist_model_get_id (arm->model);
  g_autofree float     *x = NULL;

  if (rows->len == 0)
    return TRUE;
  {
    gint64 t0 = g_get_monotonic_time ();
    x = g_new (float, (gsize)rows->len *MAX (n_features, 1));
    hotlist_feature_schema_extract (schema, set, (const guint *)(gpointer)rows->data, rows->len, x);
    g_debug ("features of %u leads: %.3f s", rows->len, (g_get_monotonic_time () - t0) / 1e6);
  }

  if (!contributions && arm->neutral)
    {
      g_autofree double *margin = g_new (double, rows->len);
      gint64             t0 = g_get_monotonic_time ();

      if (!hotlist_model_predict_margin (arm->model, x, rows->len, margin, error))
        return FALSE;
      g_debug ("plain prediction of %u leads: %.3f s", rows->len,
               (g_get_monotonic_time () - t0) / 1e6);
      /* New leads (an import) have no explanations to forget. */
      gboolean any_cached = TRUE;
      gint64   lowest = G_MAXINT64;

      for (guint i = 0; i < rows->len; i++)
        lowest = MIN (lowest, hotlist_lead_set_get_row (set, g_array_index (rows, guint, i))->id);
      if (!any_contributions_from (self, lowest, &any_cached, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          const HotlistFeatureRow *row =
              hotlist_lead_set_get_row (set, g_array_index (rows, guint, i));

          if (!write_score (self, row->id, hotlist_sigmoid (margin[i]), model_id, now, error)
              || (any_cached && !forget_contributions (self, row->id, error)))
            return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autofree float *phi = g_new (float, (gsize)rows->len *(n_attributes + 1));

      if (!hotlist_model_contributions (arm->model, x, rows->len, phi, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          const HotlistFeatureRow *row =
              hotlist_lead_set_get_row (set, g_array_index (rows, guint, i));
          const float *c = phi + (gsize)i * (n_attributes + 1);
          double       p = hotlist_sigmoid (weighted_logit (arm, c, n_attributes));

          if (!forget_contributions (self, row->id, error)
              || !write_contributions (self, row->id, model_id, c, n_attributes + 1, error)
              || !write_score (self, row->id, p, model_id, now, error))
            return FALSE;
        }
      return TRUE;
    }
}

static gboolean
score_set (HotlistScorer *self, HotlistLeadSet *set, gboolean contributions, GError **error)
{
  g_autoptr (GArray) active_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) challenger_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64             now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < hotlist_lead_set_get_size (set); i++)
    {
      const HotlistFeatureRow *row = hotlist_lead_set_get_row (set, i);
      g_array_append_val (arm_for_lead (self, row->lead_id) == &self->challenger ? challenger_rows
                                                                                 : active_rows,
                          i);
    }
  return score_arm_rows (self, &self->active, set, active_rows, contributions, now, error)
         && (self->challenger.model == NULL
             || score_arm_rows (self, &self->challenger, set, challenger_rows, contributions, now,
                                error));
}

static gboolean
rescore_leads (HotlistScorer *self,
               const gint64  *leads,
               guint          n_leads,
               gboolean       contributions,
               gboolean       tiers,
               GError       **error)
{
  g_autoptr (HotlistLeadSet) set = NULL;
  gint64                     now = g_get_real_time () / G_USEC_PER_SEC;
  gint64                     t0 = g_get_monotonic_time (), t1, t2;

  if (self->active.model == NULL || n_leads == 0)
    return TRUE;
  if (!hotlist_store_begin (self->store, error))
    return FALSE;
  set = hotlist_lead_set_read (self->store, leads, n_leads, FALSE, now, error);
  t1 = g_get_monotonic_time ();
  if (set == NULL || !score_set (self, set, contributions, error))
    {
      hotlist_store_rollback (self->store);
      return FALSE;
    }
  t2 = g_get_monotonic_time ();
  if ((tiers || !self->have_cutoffs) && !hotlist_scorer_update_tiers (self, error))
    {
      hotlist_store_rollback (self->store);
      return FALSE;
    }
  g_debug ("rescored %u leads: read %.3f s, score %.3f s, tiers %.3f s", n_leads, (t1 - t0) / 1e6,
           (t2 - t1) / 1e6, (g_get_monotonic_time () - t2) / 1e6);
  return hotlist_store_commit (self->store, error);
}

/**
 * hotlist_scorer_rescore:
 * @self: a scorer
 * @leads: (array length=n_leads): row ids of leads
 * @n_leads: how many
 * @contributions: whether to compute and cache explanations too (always done when weights are
 *   not all 1, since the weighted score needs them)
 * @error: return location for a #GError
 *
 * Rescores leads inside the caller's transaction (or one of its own).
 */
gboolean
hotlist_scorer_rescore (HotlistScorer *self,
                        const gint64  *leads,
                        guint          n_leads,
                        gboolean       contributions,
                        GError       **error)
{
  /* A lead or a few take their tier from the kept cut-offs. The cut-offs are taken again when a
   * write brings many leads, but only once the leads written add up to a tenth of those the
   * cut-offs came from: an import in batches then costs a handful of passes, not one per batch.
   * (A full rescore takes them once at its end.) */
  self->pending_for_tiers += n_leads;
  return rescore_leads (self, leads, n_leads, contributions,
                        n_leads >= 1000
                            && self->pending_for_tiers >= MAX (1000, self->cutoff_base / 10),
                        error);
}

static gboolean
check_cancel (GCancellable *cancellable, GError **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gint64
count_leads (HotlistScorer *self)
{
  gint64 n = hotlist_store_count_leads (self->store, NULL);
  return MAX (n, 1);
}

/* Every lead, batch by batch, each batch in its own transaction. */
static gboolean
rescore_batches (HotlistScorer      *self,
                 gboolean            contributions,
                 const char         *stage,
                 double              from,
                 double              to,
                 HotlistProgressFunc progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  gint64 after = 0, done = 0, total = count_leads (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr (HotlistLeadSet) set = NULL;
      guint                      n;

      if (!check_cancel (cancellable, error))
        return FALSE;
      set = hotlist_lead_set_read_range (self->store, after, BATCH_SIZE, now, error);
      if (set == NULL)
        return FALSE;
      n = hotlist_lead_set_get_size (set);
      if (n == 0)
        break;
      if (!hotlist_store_begin (self->store, error))
        return FALSE;
      if (!score_set (self, set, contributions, error))
        {
          hotlist_store_rollback (self->store);
          return FALSE;
        }
      if (!hotlist_store_commit (self->store, error))
        return FALSE;
      after = hotlist_lead_set_get_row (set, n - 1)->id;
      done += n;
      if (progress != NULL)
        progress (from + (to - from) * MIN (1.0, (double)done / total), stage, user_data);
    }
  return TRUE;
}

/**
 * hotlist_scorer_rescore_all:
 *
 * Rescores every lead after a training or a model change, in batches: plain scores first, so
 * that the list is right within seconds, then the explanations.
 */
gboolean
hotlist_scorer_rescore_all (HotlistScorer      *self,
                            HotlistProgressFunc progress,
                            gpointer            user_data,
                            GCancellable       *cancellable,
                            GError            **error)
{
  gboolean neutral = self->active.neutral && self->challenger.neutral;

  if (self->active.model == NULL)
    return TRUE;
  if (!rescore_batches (self, !neutral, _ ("Scoring"), 0, neutral ? 0.3 : 0.9, progress, user_data,
                        cancellable, error))
    return FALSE;
  if (!hotlist_store_begin (self->store, error))
    return FALSE;
  if (!hotlist_scorer_update_tiers (self, error))
    {
      hotlist_store_rollback (self->store);
      return FALSE;
    }
  if (!hotlist_store_commit (self->store, error))
    return FALSE;
  if (neutral)
    return hotlist_scorer_fill_contributions (self, progress, user_data, cancellable, error);
  if (progress != NULL)
    progress (1.0, _ ("Done"), user_data);
  return TRUE;
}

/**
 * hotlist_scorer_fill_contributions:
 *
 * Computes the explanations of leads that have a score but no cached contributions for the model
 * that scored them, open leads first. Scores do not change (weights are neutral when plain scores
 * were written).
 */
gboolean
hotlist_scorer_fill_contributions (HotlistScorer      *self,
                                   HotlistProgressFunc progress,
                                   gpointer            user_data,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  gint64 total = count_leads (self);

  /* Open leads first: they are the ones someone is about to look at. */
  for (int pass = 0; pass < 2; pass++)
    for (gint64 after = 0;;)
      {
        g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        sqlite3_stmt      *stmt;
        int                rc;

        if (!check_cancel (cancellable, error))
          return FALSE;
        stmt = hotlist_store_prepare (
            self->store,
            "SELECT l.id FROM leads l WHERE l.id > ?1 AND l.score_model_id IS NOT NULL"
            " AND (l.outcome = 'open') = ?3"
            " AND NOT EXISTS (SELECT 1 FROM lead_contributions c WHERE c.lead = l.id"
            " AND c.model_id = l.score_model_id) ORDER BY l.id LIMIT ?2",
            error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, after);
        sqlite3_bind_int (stmt, 2, BATCH_SIZE);
        sqlite3_bind_int (stmt, 3, pass == 0);
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, id);
          }
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
          {
            hotlist_store_set_error (self->store, error, _ ("Could not read the leads"));
            return FALSE;
          }
        if (ids->len == 0)
          break;
        /* Explaining does not change scores, so tiers stay. */
        if (!rescore_leads (self, (const gint64 *)(gpointer)ids->data, ids->len, TRUE, FALSE,
                            error))
          return FALSE;
        after = g_array_index (ids, gint64, ids->len - 1);
        if (progress != NULL)
          progress (0.3 + 0.35 * (pass + MIN (1.0, (double)after / (double)MAX (total, after))),
                    _ ("Explaining"), user_data);
      }
  if (progress != NULL)
    progress (1.0, _ ("Done"), user_data);
  return TRUE;
}

/**
 * hotlist_scorer_reweight_all:
 *
 * Applies changed weights to every lead from the cached contributions, without TreeSHAP; leads
 * without a cache entry are explained first.
 */
gboolean
hotlist_scorer_reweight_all (HotlistScorer      *self,
                             HotlistProgressFunc progress,
                             gpointer            user_data,
                             GCancellable       *cancellable,
                             GError            **error)
{
  gint64 after = 0, total = count_leads (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->active.model == NULL)
    return TRUE;
  for (;;)
    {
      g_autoptr (GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt      *stmt;
      guint              n = 0;
      int                rc;

      if (!check_cancel (cancellable, error))
        return FALSE;
      if (!hotlist_store_begin (self->store, error))
        return FALSE;
      stmt = hotlist_store_prepare (
          self->store,
          "SELECT l.id, l.lead_id, c.model_id, c.contributions FROM leads l"
          " LEFT JOIN lead_contributions c ON c.lead = l.id AND c.model_id = l.score_model_id"
          " WHERE l.id > ?1 ORDER BY l.id LIMIT ?2",
          error);
      if (stmt == NULL)
        {
          hotlist_store_rollback (self->store);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, after);
      sqlite3_bind_int (stmt, 2, BATCH_SIZE);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64       id = sqlite3_column_int64 (stmt, 0);
          const void  *lead_id = sqlite3_column_blob (stmt, 1);
          gint64       model_id = sqlite3_column_int64 (stmt, 2);
          const float *c = sqlite3_column_blob (stmt, 3);
          int          bytes = sqlite3_column_bytes (stmt, 3);
          Arm         *arm;
          guint        n_attributes;

          n++;
          after = id;
          if (lead_id == NULL || sqlite3_column_bytes (stmt, 1) != 16)
            continue;
          arm = arm_for_lead (self, lead_id);
          n_attributes =
              hotlist_feature_schema_get_n_attributes (hotlist_model_get_schema (arm->model));
          if (c == NULL || model_id != hotlist_model_get_id (arm->model)
              || bytes != (int)((n_attributes + 1) * sizeof (float)))
            {
              g_array_append_val (missing, id);
              continue;
            }
          {
            /* The blob may not be aligned for floats. */
            g_autofree float *row = g_memdup2 (c, bytes);
            GError           *local = NULL;

            if (!write_score (self, id, hotlist_sigmoid (weighted_logit (arm, row, n_attributes)),
                              model_id, now, &local))
              {
                sqlite3_reset (stmt);
                g_propagate_error (error, local);
                hotlist_store_rollback (self->store);
                return FALSE;
              }
          }
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          hotlist_store_set_error (self->store, error, _ ("Could not read the leads"));
          hotlist_store_rollback (self->store);
          return FALSE;
        }
      if (missing->len > 0
          && !rescore_leads (self, (const gint64 *)(gpointer)missing->data, missing->len, TRUE,
                             FALSE, error))
        {
          hotlist_store_rollback (self->store);
          return FALSE;
        }
      if (!hotlist_store_commit (self->store, error))
        return FALSE;
      if (n == 0)
        break;
      if (progress != NULL)
        progress (MIN (1.0, (double)after / (double)MAX (total, after)), _ ("Reweighting"),
                  user_data);
    }
  if (!hotlist_store_begin (self->store, error))
    return FALSE;
  if (!hotlist_scorer_update_tiers (self, error))
    {
      hotlist_store_rollback (self->store);
      return FALSE;
    }
  return hotlist_store_commit (self->store, error);
}

/* A tier is a rank among open leads: closed leads have none. */
#define TIER_OF_LEAD                                                         \
  "(CASE WHEN outcome <> 'open' THEN NULL WHEN probability >= ?1 THEN 'hot'" \
  " WHEN probability >= ?2 THEN 'warm' WHEN probability >= ?3 THEN 'cool' ELSE 'cold' END)"

/**
 * hotlist_scorer_update_tiers:
 *
 * Sets every open lead's tier from its percentile among open leads (top 10 % hot, next 20 % warm,
 * next 30 % cool, the rest cold, unless the workspace's `tier_percents` say otherwise) and keeps
 * the cut-offs, so that a lead rescored alone gets its tier without a full pass. Closed leads have
 * no tier.
 */
gboolean
hotlist_scorer_update_tiers (HotlistScorer *self, GError **error)
{
  g_autofree char   *percents_text = hotlist_store_get_meta (self->store, "tier_percents");
  g_autoptr (GArray) probabilities = g_array_new (FALSE, FALSE, sizeof (double));
  double             percents[3] = { 10, 20, 30 };
  char               buffer[3][G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char   *cutoffs = NULL;
  sqlite3_stmt      *stmt;
  int                rc;

  if (percents_text != NULL)
    sscanf (percents_text, "%lf,%lf,%lf", &percents[0], &percents[1], &percents[2]);
  stmt = hotlist_store_prepare (self->store,
                                "SELECT probability FROM leads WHERE outcome = 'open'"
                                " AND probability IS NOT NULL ORDER BY probability DESC",
                                error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double p = sqlite3_column_double (stmt, 0);
      g_array_append_val (probabilities, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (self->store, error, _ ("Could not read the scores"));
      return FALSE;
    }
  if (probabilities->len == 0)
    return TRUE;
  {
    double share = 0;

    for (int t = 0; t < 3; t++)
      {
        guint rank;

        share += percents[t] / 100.0;
        rank = (guint)ceil (share * probabilities->len);
        rank = CLAMP (rank, 1, probabilities->len);
        self->cutoffs[t] = g_array_index (probabilities, double, rank - 1);
      }
  }
  self->have_cutoffs = TRUE;
  self->cutoff_base = probabilities->len;
  self->pending_for_tiers = 0;
  cutoffs =
      g_strdup_printf ("%s,%s,%s", g_ascii_dtostr (buffer[0], sizeof buffer[0], self->cutoffs[0]),
                       g_ascii_dtostr (buffer[1], sizeof buffer[1], self->cutoffs[1]),
                       g_ascii_dtostr (buffer[2], sizeof buffer[2], self->cutoffs[2]));
  if (!hotlist_store_set_meta (self->store, "tier_cutoffs", cutoffs, error))
    return FALSE;
  stmt = hotlist_store_prepare (self->store,
                                "UPDATE leads SET tier = " TIER_OF_LEAD
                                " WHERE probability IS NOT NULL"
                                " AND tier IS NOT " TIER_OF_LEAD,
                                error);
  if (stmt == NULL)
    return FALSE;
  for (int t = 0; t < 3; t++)
    sqlite3_bind_double (stmt, t + 1, self->cutoffs[t]);
  return hotlist_store_step_done (self->store, stmt, error);
}

/**
 * hotlist_scorer_score_set:
 * @self: a scorer
 * @set: leads that need not be in the workspace
 * @out_probability: (out caller-allocates): one probability per lead of @set
 * @error: return location for a #GError
 *
 * Scores leads with the active model and the workspace's weights, writing nothing.
 */
gboolean
hotlist_scorer_score_set (HotlistScorer  *self,
                          HotlistLeadSet *set,
                          double         *out_probability,
                          GError        **error)
{
  HotlistFeatureSchema *schema;
  guint                 n = hotlist_lead_set_get_size (set), n_features, n_attributes;
  g_autofree float     *x = NULL;

  if (self->active.model == NULL)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_NO_MODEL,
                   _ ("The workspace has no model yet: train one with “hotlist-cli train”"));
      return FALSE;
    }
  schema = hotlist_model_get_schema (self->active.model);
  n_features = hotlist_feature_schema_get_n_features (schema);
  n_attributes = hotlist_feature_schema_get_n_attributes (schema);
  x = g_new (float, (gsize)MAX (n, 1) * MAX (n_features, 1));
  hotlist_feature_schema_extract (schema, set, NULL, n, x);
  if (self->active.neutral)
    {
      g_autofree double *margin = g_new (double, MAX (n, 1));

      if (!hotlist_model_predict_margin (self->active.model, x, n, margin, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        out_probability[i] = hotlist_sigmoid (margin[i]);
    }
  else
    {
      g_autofree float *phi = g_new (float, (gsize)MAX (n, 1) * (n_attributes + 1));

      if (!hotlist_model_contributions (self->active.model, x, n, phi, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        out_probability[i] = hotlist_sigmoid (
            weighted_logit (&self->active, phi + (gsize)i * (n_attributes + 1), n_attributes));
    }
  return TRUE;
}

static int
compare_factors (gconstpointer a, gconstpointer b)
{
  const HotlistFactor *x = *(HotlistFactor *const *)a, *y = *(HotlistFactor *const *)b;
  double ex = fabs (x->weight * x->contribution), ey = fabs (y->weight * y->contribution);

  return (ex < ey) - (ex > ey);
}

/**
 * hotlist_scorer_explain:
 * @self: a scorer
 * @lead: a lead's row id
 * @error: return location for a #GError
 *
 * Explains a lead's score with the model that scored it (or would score it): the calibrated
 * bias and each attribute's contribution and weight, with logit = bias + Σ weight·contribution.
 *
 * Returns: (transfer full): the explanation, or %NULL with @error set
 */
HotlistExplanation *
hotlist_scorer_explain (HotlistScorer *self, gint64 lead, GError **error)
{
  g_autoptr (HotlistLeadSet)     set = NULL;
  g_autoptr (HotlistExplanation) explanation = NULL;
  const HotlistFeatureRow       *row;
  HotlistFeatureSchema          *schema;
  g_autofree float              *phi = NULL;
  g_autofree float              *x = NULL;
  guint                          n_attributes;
  Arm                           *arm;
  char                           text[37];

  if (self->active.model == NULL)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_NO_MODEL,
                   _ ("The workspace has no model yet: train one with “hotlist-cli train”"));
      return NULL;
    }
  set = hotlist_lead_set_read (self->store, &lead, 1, FALSE, g_get_real_time () / G_USEC_PER_SEC,
                               error);
  if (set == NULL)
    return NULL;
  if (hotlist_lead_set_get_size (set) == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No such lead in this workspace"));
      return NULL;
    }
  row = hotlist_lead_set_get_row (set, 0);
  arm = arm_for_lead (self, row->lead_id);
  schema = hotlist_model_get_schema (arm->model);
  n_attributes = hotlist_feature_schema_get_n_attributes (schema);
  phi = g_new (float, n_attributes + 1);

  {
    /* The cached contributions are what the stored score was computed from. */
    sqlite3_stmt *stmt = hotlist_store_prepare (
        self->store,
        "SELECT contributions FROM lead_contributions WHERE lead = ?1 AND model_id = ?2", error);
    gboolean cached = FALSE;

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, lead);
    sqlite3_bind_int64 (stmt, 2, hotlist_model_get_id (arm->model));
    if (sqlite3_step (stmt) == SQLITE_ROW
        && sqlite3_column_bytes (stmt, 0) == (int)((n_attributes + 1) * sizeof (float)))
      {
        memcpy (phi, sqlite3_column_blob (stmt, 0), (n_attributes + 1) * sizeof (float));
        cached = TRUE;
      }
    sqlite3_reset (stmt);
    if (!cached)
      {
        x = g_new (float, MAX (hotlist_feature_schema_get_n_features (schema), 1));
        hotlist_feature_schema_extract (schema, set, NULL, 1, x);
        if (!hotlist_model_contributions (arm->model, x, 1, phi, error))
          return NULL;
      }
  }

  explanation = g_new0 (HotlistExplanation, 1);
  hotlist_uuid_format (row->lead_id, text);
  explanation->lead_id = g_strdup (text);
  explanation->model_id = hotlist_model_get_id (arm->model);
  explanation->model_name = g_strdup (hotlist_model_get_name (arm->model));
  explanation->bias = phi[0];
  explanation->factors = g_ptr_array_new_with_free_func (factor_free);
  for (guint a = 0; a < n_attributes; a++)
    {
      const HotlistSchemaAttribute *sa = hotlist_feature_schema_get_attribute (schema, a);
      HotlistFactor                *factor = g_new0 (HotlistFactor, 1);

      factor->attribute = g_strdup (sa->key);
      factor->label = g_strdup (sa->label);
      factor->value = hotlist_feature_schema_describe_value (schema, set, row, a);
      factor->contribution = phi[1 + a];
      factor->weight = arm->weights[a];
      g_ptr_array_add (explanation->factors, factor);
    }
  explanation->logit = weighted_logit (arm, phi, n_attributes);
  explanation->probability = hotlist_sigmoid (explanation->logit);
  explanation->score = (int)lround (100.0 * explanation->probability);
  g_ptr_array_sort (explanation->factors, compare_factors);
  return g_steal_pointer (&explanation);
}

/* Rescoring in the background. */

typedef struct
{
  char               *path;
  HotlistRescoreKind  kind;
  HotlistProgressFunc progress;
  gpointer            progress_data;
  GMainContext       *context;
} RescoreTask;

typedef struct
{
  RescoreTask *task;
  double       fraction;
  char        *stage;
} RescoreProgress;

static void
rescore_task_free (gpointer data)
{
  RescoreTask *task = data;

  g_free (task->path);
  g_main_context_unref (task->context);
  g_free (task);
}

static void
rescore_progress_free (gpointer data)
{
  RescoreProgress *update = data;

  g_free (update->stage);
  g_free (update);
}

static gboolean
deliver_rescore_progress (gpointer data)
{
  RescoreProgress *update = data;

  update->task->progress (update->fraction, update->stage, update->task->progress_data);
  return G_SOURCE_REMOVE;
}

static void
forward_rescore_progress (double fraction, const char *stage, gpointer data)
{
  RescoreTask     *task = data;
  RescoreProgress *update;

  if (task->progress == NULL)
    return;
  update = g_new0 (RescoreProgress, 1);
  update->task = task;
  update->fraction = fraction;
  update->stage = g_strdup (stage);
  g_main_context_invoke_full (task->context, G_PRIORITY_DEFAULT, deliver_rescore_progress, update,
                              rescore_progress_free);
}

static void
rescore_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RescoreTask              *rescore = data;
  g_autoptr (HotlistStore)  store = NULL;
  g_autoptr (HotlistScorer) scorer = NULL;
  GError                   *error = NULL;
  gboolean                  ok;

  /* Its own connection: each batch commits on its own, and the caller's list reads between. */
  store = hotlist_store_open (rescore->path, &error);
  if (store != NULL)
    scorer = hotlist_scorer_new (store, &error);
  if (scorer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (rescore->kind == HOTLIST_RESCORE_REWEIGHT)
    ok = hotlist_scorer_reweight_all (scorer, forward_rescore_progress, rescore, cancellable,
                                      &error);
  else
    ok =
        hotlist_scorer_rescore_all (scorer, forward_rescore_progress, rescore, cancellable, &error);
  /* The hook holds a reference to the scorer: drop it with the store. */
  hotlist_store_set_rescore_func (store, NULL, NULL, NULL);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * hotlist_rescore_async:
 * @store_path: the workspace file; the rescoring opens its own connection to it
 * @kind: %HOTLIST_RESCORE_ALL after a model change, %HOTLIST_RESCORE_REWEIGHT after a weight
 *   change (no TreeSHAP for leads with cached contributions)
 * @progress: (nullable): called in the caller's thread-default main context
 * @progress_data: for @progress; must outlive the task
 * @cancellable: (nullable): stops between batches; the batches done stay done
 * @callback: called when done
 * @user_data: for @callback
 *
 * Rescores every lead in a worker thread, in batches of their own transactions.
 */
void
hotlist_rescore_async (const char         *store_path,
                       HotlistRescoreKind  kind,
                       HotlistProgressFunc progress,
                       gpointer            progress_data,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RescoreTask      *rescore = g_new0 (RescoreTask, 1);

  rescore->path = g_strdup (store_path);
  rescore->kind = kind;
  rescore->progress = progress;
  rescore->progress_data = progress_data;
  rescore->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, hotlist_rescore_async);
  g_task_set_task_data (task, rescore, rescore_task_free);
  g_task_run_in_thread (task, rescore_thread);
}

gboolean
hotlist_rescore_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
