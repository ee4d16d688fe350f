/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trained scoring model: an XGBoost booster, its feature schema and its Platt calibration. */
#pragma once

#include <gio/gio.h>

#include "scoring/hotlist-features.h"
#include "store/hotlist-store.h"

G_BEGIN_DECLS

#define HOTLIST_MODEL_ERROR (hotlist_model_error_quark ())

/**
 * HotlistModelError:
 * @HOTLIST_MODEL_ERROR_XGBOOST: XGBoost reported an error
 * @HOTLIST_MODEL_ERROR_NO_MODEL: the workspace has no model to score with
 * @HOTLIST_MODEL_ERROR_TOO_FEW: too few outcomes to train on
 * @HOTLIST_MODEL_ERROR_INVALID: the model file or record cannot be read
 */
typedef enum
{
  HOTLIST_MODEL_ERROR_XGBOOST,
  HOTLIST_MODEL_ERROR_NO_MODEL,
  HOTLIST_MODEL_ERROR_TOO_FEW,
  HOTLIST_MODEL_ERROR_INVALID,
} HotlistModelError;

GQuark hotlist_model_error_quark (void);

#define HOTLIST_TYPE_MODEL (hotlist_model_get_type ())
G_DECLARE_FINAL_TYPE (HotlistModel, hotlist_model, HOTLIST, MODEL, GObject)

HotlistModel *hotlist_model_new (gpointer              booster,
                                 HotlistFeatureSchema *schema,
                                 double                calibration_a,
                                 double                calibration_b,
                                 const char           *name,
                                 const char           *parameters_json,
                                 const char           *metrics_json,
                                 const char           *origin);
HotlistModel *hotlist_model_load (HotlistStore *store, gint64 model_id, GError **error);
HotlistModel *
hotlist_model_load_with_status (HotlistStore *store, const char *status, GError **error);
HotlistModel *hotlist_model_read_file (GBytes *contents, GError **error);
GBytes       *hotlist_model_write_file (HotlistModel *self, GError **error);

gboolean   hotlist_model_save (HotlistModel *self, HotlistStore *store, GError **error);
gboolean   hotlist_store_set_model_status (HotlistStore *store,
                                           gint64        model_id,
                                           const char   *status,
                                           GError      **error);
gboolean   hotlist_store_activate_model (HotlistStore *store, gint64 model_id, GError **error);
GPtrArray *hotlist_store_list_models (HotlistStore *store, GError **error);

gint64                hotlist_model_get_id (HotlistModel *self);
const char           *hotlist_model_get_name (HotlistModel *self);
int                   hotlist_model_get_version (HotlistModel *self);
const char           *hotlist_model_get_origin (HotlistModel *self);
void                  hotlist_model_set_origin (HotlistModel *self, const char *origin);
const char           *hotlist_model_get_status (HotlistModel *self);
gint64                hotlist_model_get_trained_at (HotlistModel *self);
const char           *hotlist_model_get_metrics_json (HotlistModel *self);
const char           *hotlist_model_get_parameters_json (HotlistModel *self);
HotlistFeatureSchema *hotlist_model_get_schema (HotlistModel *self);
void                  hotlist_model_get_calibration (HotlistModel *self, double *a, double *b);

gboolean hotlist_model_predict_margin (HotlistModel *self,
                                       const float  *features,
                                       guint         n_rows,
                                       double       *out_margin,
                                       GError      **error);
gboolean hotlist_model_contributions (HotlistModel *self,
                                      const float  *features,
                                      guint         n_rows,
                                      float        *out,
                                      GError      **error);

double hotlist_sigmoid (double x);

G_END_DECLS
