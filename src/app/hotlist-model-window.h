/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Model & Weights: the manager's settings window (weights, models and training, A/B, tiers). */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

/**
 * HotlistTrainingState:
 * @HOTLIST_TRAINING_IDLE: no training is running
 * @HOTLIST_TRAINING_RUNNING: a model is being trained
 * @HOTLIST_TRAINING_RESCORING: the new model is saved and active; the leads are being rescored
 *
 * Where the Model & Weights window's training is.
 */
typedef enum
{
  HOTLIST_TRAINING_IDLE,
  HOTLIST_TRAINING_RUNNING,
  HOTLIST_TRAINING_RESCORING,
} HotlistTrainingState;

#define HOTLIST_TYPE_MODEL_WINDOW (hotlist_model_window_get_type ())

G_DECLARE_FINAL_TYPE (HotlistModelWindow,
                      hotlist_model_window,
                      HOTLIST,
                      MODEL_WINDOW,
                      AdwPreferencesWindow)

HotlistModelWindow *hotlist_model_window_new (GtkWindow *parent, HotlistWorkspace *workspace);

/* What tests drive; each goes through the same code as the widget it stands for. */
void hotlist_model_window_train (HotlistModelWindow *self);
void hotlist_model_window_cancel_training (HotlistModelWindow *self);
void
hotlist_model_window_set_train_params (HotlistModelWindow *self, const HotlistTrainParams *params);

HotlistTrainingState hotlist_model_window_get_training_state (HotlistModelWindow *self);
double hotlist_model_window_get_training_progress (HotlistModelWindow *self, const char **stage);
const char *hotlist_model_window_get_training_message (HotlistModelWindow *self);

gboolean hotlist_model_window_set_weight (HotlistModelWindow *self, const char *key, double weight);
gboolean
hotlist_model_window_set_enabled (HotlistModelWindow *self, const char *key, gboolean enabled);
gboolean hotlist_model_window_start_experiment (HotlistModelWindow *self,
                                                gint64              model_a,
                                                gint64              model_b,
                                                int                 split_percent);
void     hotlist_model_window_stop_experiment (HotlistModelWindow *self);
void hotlist_model_window_set_tier_percents (HotlistModelWindow *self, int hot, int warm, int cool);

GtkWidget *hotlist_model_window_get_attribute_row (HotlistModelWindow *self, const char *key);
GtkWidget *hotlist_model_window_get_version_row (HotlistModelWindow *self, gint64 model_id);
gboolean   hotlist_model_window_is_busy (HotlistModelWindow *self);

G_END_DECLS
