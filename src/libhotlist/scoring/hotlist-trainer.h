/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training: leakage guard, features, XGBoost round by round with early stopping, calibration. */
#pragma once

#include <gio/gio.h>

#include "scoring/hotlist-metrics.h"
#include "scoring/hotlist-scorer.h"

G_BEGIN_DECLS

typedef struct
{
  int         max_rounds;
  int         early_stopping_rounds;
  double      eta;
  int         max_depth;      /* 0 = no limit (with max_leaves) */
  int         max_leaves;     /* > 0: grow the best leaf first, up to this many leaves */
  int         parallel_trees; /* trees per round, each on its own subsample */
  double      min_child_weight;
  double      subsample;
  double      colsample_bytree;
  double      lambda;
  double      valid_fraction;
  gboolean    refit; /* after early stopping, train again on every closed lead */
  guint32     seed;
  int         nthread; /* 0 = every core */
  const char *name;    /* NULL: "Trained" and the date */
} HotlistTrainParams;

void hotlist_train_params_init (HotlistTrainParams *params);
gboolean
hotlist_train_params_set (HotlistTrainParams *params, const char *assignment, GError **error);

typedef struct
{
  gint64         model_id;
  HotlistMetrics metrics;
  guint          n_train;
  guint          n_valid;
  int            best_iteration; /* of early stopping on the held-out leads */
  int            rounds;         /* boosting rounds of the model kept */
  gboolean       time_ordered;
  GPtrArray     *leakage; /* "key: reason" for each attribute flagged */
} HotlistTrainReport;

void hotlist_train_report_free (HotlistTrainReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistTrainReport, hotlist_train_report_free)

HotlistTrainReport *hotlist_train (HotlistStore             *store,
                                   const HotlistTrainParams *params,
                                   HotlistProgressFunc       progress,
                                   gpointer                  user_data,
                                   GCancellable             *cancellable,
                                   GError                  **error);

void                hotlist_train_async (const char               *store_path,
                                         const HotlistTrainParams *params,
                                         HotlistProgressFunc       progress,
                                         gpointer                  progress_data,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data);
HotlistTrainReport *hotlist_train_finish (GAsyncResult *result, GError **error);

gboolean hotlist_store_ensure_activity_attributes (HotlistStore *store, GError **error);

G_END_DECLS
