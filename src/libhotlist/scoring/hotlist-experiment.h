/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A/B experiments: two models side by side, leads split into arms by a stable hash. */
#pragma once

#include "scoring/hotlist-scorer.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  model_id;
  guint64 n_leads;    /* leads in the arm */
  guint64 n_resolved; /* closed after the start */
  guint64 n_converted;
  double  conversion; /* n_converted / n_resolved, NAN when none resolved */
  double  roc_auc;    /* of the arm's scores on its resolved leads, NAN when undefined */
} HotlistExperimentArm;

typedef struct
{
  gint64               experiment_id;
  double               split; /* share of leads in arm B */
  gint64               started_at;
  gint64               ended_at; /* 0 while running */
  gint64               winner;   /* 0 until ended */
  HotlistExperimentArm arms[2];
  double               z;
  double               p_value;
} HotlistExperimentStatus;

gboolean hotlist_experiment_start (HotlistScorer *scorer,
                                   gint64         model_a,
                                   gint64         model_b,
                                   double         split,
                                   GError       **error);
gboolean hotlist_experiment_get_status (HotlistScorer           *scorer,
                                        HotlistExperimentStatus *status,
                                        GError                 **error);
gboolean
hotlist_experiment_stop (HotlistScorer *scorer, HotlistExperimentStatus *status, GError **error);

G_END_DECLS
