/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A/B experiments: two models side by side, leads split into arms by a stable hash. */

#include "config.h"

#include "hotlist-experiment.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "scoring/hotlist-metrics.h"
#include "store/hotlist-store-private.h"

static HotlistStore *
scorer_store (HotlistScorer *scorer)
{
  return hotlist_scorer_get_store (scorer);
}

static gboolean
model_exists (HotlistStore *store, gint64 model_id, GError **error)
{
  g_autoptr (HotlistModel) model = hotlist_model_load (store, model_id, error);
  return model != NULL;
}

/**
 * hotlist_experiment_start:
 * @scorer: the workspace's scorer
 * @model_a: the incumbent (arm A)
 * @model_b: the challenger (arm B)
 * @split: the share of leads in arm B, between 0 and 1 exclusive
 * @error: return location for a #GError
 *
 * Starts an A/B test: @model_a becomes the active model and @model_b the challenger; each lead is
 * scored by the model of its arm from now on. The caller rescores the leads.
 */
gboolean
hotlist_experiment_start (HotlistScorer *scorer,
                          gint64         model_a,
                          gint64         model_b,
                          double         split,
                          GError       **error)
{
  HotlistStore *store = scorer_store (scorer);
  sqlite3_stmt *stmt;
  gboolean      running;

  if (model_a == model_b)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("An experiment needs two different models"));
      return FALSE;
    }
  if (!(split > 0 && split < 1))
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("The split must be between 0 and 1 (the share of leads in arm B)"));
      return FALSE;
    }
  if (!model_exists (store, model_a, error) || !model_exists (store, model_b, error))
    return FALSE;
  stmt = hotlist_store_prepare (store,
                                "SELECT EXISTS (SELECT 1 FROM experiments WHERE ended_at IS NULL)",
                                error);
  if (stmt == NULL)
    return FALSE;
  running = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (running)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID,
                   _ ("An experiment is already running; stop it first"));
      return FALSE;
    }
  if (!hotlist_store_begin (store, error))
    return FALSE;
  stmt = hotlist_store_prepare (store,
                                "INSERT INTO experiments (model_a, model_b, split, started_at)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, model_a);
  sqlite3_bind_int64 (stmt, 2, model_b);
  sqlite3_bind_double (stmt, 3, split);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!hotlist_store_step_done (store, stmt, error)
      || !hotlist_store_activate_model (store, model_a, error)
      || !hotlist_store_set_model_status (store, model_b, "challenger", error)
      || !hotlist_store_commit (store, error))
    goto fail;
  return hotlist_scorer_reload (scorer, error);

fail:
  hotlist_store_rollback (store);
  return FALSE;
}

/**
 * hotlist_experiment_get_status:
 * @scorer: the workspace's scorer
 * @status: (out caller-allocates): the latest experiment's state
 * @error: return location for a #GError
 *
 * Per arm: leads, leads resolved since the start, conversions, and the ROC AUC of the arm's
 * scores on its resolved leads; and a two-proportion z-test of the conversion rates.
 *
 * Returns: %FALSE with %HOTLIST_STORE_ERROR_NOT_FOUND when there never was an experiment
 */
gboolean
hotlist_experiment_get_status (HotlistScorer           *scorer,
                               HotlistExperimentStatus *status,
                               GError                 **error)
{
  HotlistStore      *store = scorer_store (scorer);
  g_autoptr (GArray) scores_a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) scores_b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) labels_a = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GArray) labels_b = g_array_new (FALSE, FALSE, sizeof (guint8));
  GArray            *scores[2] = { scores_a, scores_b };
  GArray            *labels[2] = { labels_a, labels_b };
  sqlite3_stmt      *stmt;
  int                rc;

  memset (status, 0, sizeof *status);
  stmt = hotlist_store_prepare (store,
                                "SELECT experiment_id, model_a, model_b, split, started_at,"
                                " COALESCE (ended_at, 0), COALESCE (winner, 0) FROM experiments"
                                " ORDER BY experiment_id DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No experiment has been started in this workspace"));
      return FALSE;
    }
  status->experiment_id = sqlite3_column_int64 (stmt, 0);
  status->arms[0].model_id = sqlite3_column_int64 (stmt, 1);
  status->arms[1].model_id = sqlite3_column_int64 (stmt, 2);
  status->split = sqlite3_column_double (stmt, 3);
  status->started_at = sqlite3_column_int64 (stmt, 4);
  status->ended_at = sqlite3_column_int64 (stmt, 5);
  status->winner = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);

  stmt = hotlist_store_prepare (store,
                                "SELECT lead_id, outcome, outcome_at, probability, score_model_id"
                                " FROM leads",
                                error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *lead_id = sqlite3_column_blob (stmt, 0);
      const char   *outcome = (const char *)sqlite3_column_text (stmt, 1);
      gint64        outcome_at = sqlite3_column_int64 (stmt, 2);
      double        u;
      int           arm;

      if (lead_id == NULL || sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      u = (double)(hotlist_lead_arm_hash (lead_id) >> 11) * 0x1.0p-53;
      arm = u < status->split ? 1 : 0;
      status->arms[arm].n_leads++;
      if (g_strcmp0 (outcome, "open") == 0 || outcome_at < status->started_at
          || (status->ended_at > 0 && outcome_at > status->ended_at))
        continue;
      status->arms[arm].n_resolved++;
      status->arms[arm].n_converted += g_strcmp0 (outcome, "converted") == 0;
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL
          && sqlite3_column_int64 (stmt, 4) == status->arms[arm].model_id)
        {
          double p = sqlite3_column_double (stmt, 3);
          guint8 y = g_strcmp0 (outcome, "converted") == 0;
          g_array_append_val (scores[arm], p);
          g_array_append_val (labels[arm], y);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the leads"));
      return FALSE;
    }
  for (int arm = 0; arm < 2; arm++)
    {
      HotlistExperimentArm *a = &status->arms[arm];

      a->conversion = a->n_resolved > 0 ? (double)a->n_converted / a->n_resolved : NAN;
      a->roc_auc = hotlist_metrics_roc_auc ((const double *)(gpointer)scores[arm]->data,
                                            (const guint8 *)labels[arm]->data, scores[arm]->len);
    }
  hotlist_metrics_two_proportion_z (status->arms[0].n_converted, status->arms[0].n_resolved,
                                    status->arms[1].n_converted, status->arms[1].n_resolved,
                                    &status->z, &status->p_value);
  return TRUE;
}

/**
 * hotlist_experiment_stop:
 * @scorer: the workspace's scorer
 * @status: (out caller-allocates) (optional): the final state, with the winner
 * @error: return location for a #GError
 *
 * Ends the running experiment and promotes the winner to the active model: the arm with the higher
 * conversion rate when the difference is significant (p < 0.05); otherwise the one whose scores
 * ranked its resolved leads better (higher AUC); with neither, the incumbent A stays. The caller
 * rescores the leads.
 */
gboolean
hotlist_experiment_stop (HotlistScorer *scorer, HotlistExperimentStatus *out, GError **error)
{
  HotlistStore           *store = scorer_store (scorer);
  HotlistExperimentStatus status;
  sqlite3_stmt           *stmt;
  gint64                  winner;

  if (!hotlist_experiment_get_status (scorer, &status, error))
    return FALSE;
  if (status.ended_at != 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No experiment is running"));
      return FALSE;
    }
  winner = status.arms[0].model_id;
  if (status.p_value < 0.05 && status.arms[1].conversion > status.arms[0].conversion)
    winner = status.arms[1].model_id;
  else if (!(status.p_value < 0.05) && !isnan (status.arms[0].roc_auc)
           && !isnan (status.arms[1].roc_auc) && status.arms[1].roc_auc > status.arms[0].roc_auc)
    winner = status.arms[1].model_id;

  if (!hotlist_store_begin (store, error))
    return FALSE;
  stmt = hotlist_store_prepare (
      store, "UPDATE experiments SET ended_at = ?2, winner = ?3 WHERE experiment_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  status.ended_at = g_get_real_time () / G_USEC_PER_SEC;
  status.winner = winner;
  sqlite3_bind_int64 (stmt, 1, status.experiment_id);
  sqlite3_bind_int64 (stmt, 2, status.ended_at);
  sqlite3_bind_int64 (stmt, 3, winner);
  if (!hotlist_store_step_done (store, stmt, error)
      || !hotlist_store_activate_model (store, winner, error)
      || !hotlist_store_commit (store, error))
    goto fail;
  if (out != NULL)
    *out = status;
  return hotlist_scorer_reload (scorer, error);

fail:
  hotlist_store_rollback (store);
  return FALSE;
}
