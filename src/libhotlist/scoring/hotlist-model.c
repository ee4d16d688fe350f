/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trained scoring model: an XGBoost booster, its feature schema and its Platt calibration. */

#include "config.h"

#include "hotlist-model.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "store/hotlist-store-private.h"

struct _HotlistModel
{
  GObject parent_instance;

  gint64                model_id;
  char                 *name;
  int                   version;
  char                 *origin;
  char                 *status;
  gint64                trained_at;
  char                 *parameters;
  char                 *metrics;
  double                a, b;
  HotlistFeatureSchema *schema;
  BoosterHandle         booster;
  GMutex                lock; /* around the booster */
};

G_DEFINE_TYPE (HotlistModel, hotlist_model, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (hotlist-model-error-quark, hotlist_model_error)
/* clang-format on */

static void
hotlist_model_finalize (GObject *object)
{
  HotlistModel *self = (HotlistModel *)object;

  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  g_clear_pointer (&self->schema, hotlist_feature_schema_free);
  g_free (self->name);
  g_free (self->origin);
  g_free (self->status);
  g_free (self->parameters);
  g_free (self->metrics);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (hotlist_model_parent_class)->finalize (object);
}

static void
hotlist_model_class_init (HotlistModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hotlist_model_finalize;
}

static void
hotlist_model_init (HotlistModel *self)
{
  g_mutex_init (&self->lock);
  self->a = 1;
  self->version = 1;
}

double
hotlist_sigmoid (double x)
{
  if (x >= 0)
    return 1.0 / (1.0 + exp (-x));
  return exp (x) / (1.0 + exp (x));
}

static gboolean
xgb_check (int rc, GError **error, const char *what)
{
  if (rc == 0)
    return TRUE;
  g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_XGBOOST, "%s: %s", what,
               XGBGetLastError ());
  return FALSE;
}

/**
 * hotlist_model_new:
 * @booster: (transfer full): an XGBoost BoosterHandle
 * @schema: (transfer full): the features it reads
 *
 * Returns: (transfer full): a model not yet saved in any workspace
 */
HotlistModel *
hotlist_model_new (gpointer              booster,
                   HotlistFeatureSchema *schema,
                   double                calibration_a,
                   double                calibration_b,
                   const char           *name,
                   const char           *parameters_json,
                   const char           *metrics_json,
                   const char           *origin)
{
  HotlistModel *self = g_object_new (HOTLIST_TYPE_MODEL, NULL);

  self->booster = booster;
  self->schema = schema;
  self->a = calibration_a;
  self->b = calibration_b;
  self->name = g_strdup (name);
  self->parameters = g_strdup (parameters_json != NULL ? parameters_json : "{}");
  self->metrics = g_strdup (metrics_json != NULL ? metrics_json : "{}");
  self->origin = g_strdup (origin != NULL ? origin : "trained");
  self->status = g_strdup ("retired");
  self->trained_at = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

static gboolean
parse_calibration (const char *json, double *a, double *b)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject            *object;

  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  *a = json_object_get_double_member_with_default (object, "a", 1.0);
  *b = json_object_get_double_member_with_default (object, "b", 0.0);
  return TRUE;
}

static char *
calibration_json (double a, double b)
{
  char abuf[G_ASCII_DTOSTR_BUF_SIZE], bbuf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("{\"method\":\"platt\",\"a\":%s,\"b\":%s}",
                          g_ascii_dtostr (abuf, sizeof abuf, a),
                          g_ascii_dtostr (bbuf, sizeof bbuf, b));
}

static HotlistModel *
model_from_parts (const void *blob,
                  gsize       blob_size,
                  const char *schema_json,
                  const char *calibration,
                  GError    **error)
{
  g_autoptr (HotlistModel) self = g_object_new (HOTLIST_TYPE_MODEL, NULL);

  self->schema = hotlist_feature_schema_from_json (schema_json, error);
  if (self->schema == NULL)
    return NULL;
  if (!parse_calibration (calibration, &self->a, &self->b))
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_INVALID,
                   _ ("The model's calibration cannot be read"));
      return NULL;
    }
  if (blob == NULL || blob_size == 0)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_INVALID,
                   _ ("The model has no trees stored"));
      return NULL;
    }
  if (!xgb_check (XGBoosterCreate (NULL, 0, &self->booster), error, "XGBoosterCreate")
      || !xgb_check (XGBoosterLoadModelFromBuffer (self->booster, blob, blob_size), error,
                     _ ("The model cannot be loaded")))
    return NULL;
  return g_steal_pointer (&self);
}

#define MODEL_COLUMNS                                                                      \
  "model_id, model_name, model_version, parameters, feature_schema, metrics, calibration," \
  " model, origin, trained_at, status"

static HotlistModel *
read_model_row (sqlite3_stmt *stmt, GError **error)
{
  HotlistModel *self =
      model_from_parts (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7),
                        (const char *)sqlite3_column_text (stmt, 4),
                        (const char *)sqlite3_column_text (stmt, 6), error);

  if (self == NULL)
    return NULL;
  self->model_id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  self->version = sqlite3_column_int (stmt, 2);
  self->parameters = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  self->metrics = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  self->origin = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  self->trained_at = sqlite3_column_int64 (stmt, 9);
  self->status = g_strdup ((const char *)sqlite3_column_text (stmt, 10));
  return self;
}

/**
 * hotlist_model_load:
 * @store: a store
 * @model_id: the model's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
HotlistModel *
hotlist_model_load (HotlistStore *store, gint64 model_id, GError **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store,
                             "SELECT " MODEL_COLUMNS " FROM scoring_models WHERE model_id = ?1",
                             error);
  HotlistModel *self = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self = read_model_row (stmt, error);
  else
    g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                 _ ("No model %" G_GINT64_FORMAT " in this workspace"), model_id);
  sqlite3_reset (stmt);
  return self;
}

/**
 * hotlist_model_load_with_status:
 * @store: a store
 * @status: "active" or "challenger"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the newest model with @status; %NULL without an error
 *   when there is none
 */
HotlistModel *
hotlist_model_load_with_status (HotlistStore *store, const char *status, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      store,
      "SELECT " MODEL_COLUMNS
      " FROM scoring_models WHERE status = ?1 ORDER BY model_id DESC LIMIT 1",
      error);
  HotlistModel *self = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self = read_model_row (stmt, error);
  sqlite3_reset (stmt);
  return self;
}

static gboolean
booster_to_buffer (HotlistModel *self, const char **buffer, bst_ulong *length, GError **error)
{
  return xgb_check (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"ubj\"}", length,
                                                buffer),
                    error, "XGBoosterSaveModelToBuffer");
}

/**
 * hotlist_model_save:
 * @self: a model that is not in @store yet
 * @store: the workspace
 * @error: return location for a #GError
 *
 * Stores the model with the next version number, retired until it is activated.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_model_save (HotlistModel *self, HotlistStore *store, GError **error)
{
  g_autofree char *schema = hotlist_feature_schema_to_json (self->schema);
  g_autofree char *calibration = calibration_json (self->a, self->b);
  const char      *buffer = NULL;
  bst_ulong        length = 0;
  sqlite3_stmt    *stmt;
  gboolean         ok;

  g_return_val_if_fail (HOTLIST_IS_MODEL (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = booster_to_buffer (self, &buffer, &length, error);
  if (ok)
    {
      stmt = hotlist_store_prepare (
          store,
          "INSERT INTO scoring_models (model_name, model_version, parameters, feature_schema,"
          " metrics, calibration, model, origin, trained_at, status)"
          " VALUES (?1, (SELECT COALESCE (MAX (model_version), 0) + 1 FROM scoring_models),"
          " ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'retired') RETURNING model_id, model_version",
          error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, self->name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, self->parameters, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, schema, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, self->metrics, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, calibration, -1, SQLITE_STATIC);
          sqlite3_bind_blob64 (stmt, 6, buffer, length, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 7, self->origin, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 8, self->trained_at);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              self->model_id = sqlite3_column_int64 (stmt, 0);
              self->version = sqlite3_column_int (stmt, 1);
              g_free (self->status);
              self->status = g_strdup ("retired");
            }
          else
            {
              hotlist_store_set_error (store, error, _ ("Could not store the model"));
              ok = FALSE;
            }
          sqlite3_reset (stmt);
        }
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
hotlist_store_set_model_status (HotlistStore *store,
                                gint64        model_id,
                                const char   *status,
                                GError      **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store, "UPDATE scoring_models SET status = ?2 WHERE model_id = ?1",
                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  if (!hotlist_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (hotlist_store_get_db (store)) == 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND,
                   _ ("No model %" G_GINT64_FORMAT " in this workspace"), model_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_store_activate_model:
 *
 * Makes @model_id the active model and retires the one before it (and any challenger), in one
 * transaction. Scores are not touched: rescoring is the scorer's job.
 */
gboolean
hotlist_store_activate_model (HotlistStore *store, gint64 model_id, GError **error)
{
  if (!hotlist_store_begin (store, error))
    return FALSE;
  if (!hotlist_store_exec (store,
                           "UPDATE scoring_models SET status = 'retired'"
                           " WHERE status = 'active' OR status = 'challenger'",
                           error)
      || !hotlist_store_set_model_status (store, model_id, "active", error))
    {
      hotlist_store_rollback (store);
      return FALSE;
    }
  return hotlist_store_commit (store, error);
}

/**
 * hotlist_store_list_models:
 *
 * Returns: (transfer full) (element-type HotlistModel): every model, newest first
 */
GPtrArray *
hotlist_store_list_models (HotlistStore *store, GError **error)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt         *stmt =
      hotlist_store_prepare (store,
                             "SELECT " MODEL_COLUMNS " FROM scoring_models ORDER BY model_id DESC",
                             error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HotlistModel *model = read_model_row (stmt, error);

      if (model == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (models, model);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not list the models"));
      return NULL;
    }
  return g_steal_pointer (&models);
}

/* Model files: the starter model ships as one JSON document. */

/**
 * hotlist_model_write_file:
 *
 * Returns: (transfer full): the model as a self-contained JSON document (name, parameters,
 *   metrics, feature schema, calibration and the booster in base64 UBJSON)
 */
GBytes *
hotlist_model_write_file (HotlistModel *self, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;
  g_autofree char        *schema = hotlist_feature_schema_to_json (self->schema);
  g_autofree char        *calibration = calibration_json (self->a, self->b);
  g_autofree char        *encoded = NULL;
  const char             *buffer = NULL;
  bst_ulong               length = 0;
  char                   *text;

  g_mutex_lock (&self->lock);
  if (!booster_to_buffer (self, &buffer, &length, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  encoded = g_base64_encode ((const guchar *)buffer, length);
  g_mutex_unlock (&self->lock);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "hotlist-model/1");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_string_value (builder, self->parameters);
  json_builder_set_member_name (builder, "metrics");
  json_builder_add_string_value (builder, self->metrics);
  json_builder_set_member_name (builder, "feature_schema");
  json_builder_add_string_value (builder, schema);
  json_builder_set_member_name (builder, "calibration");
  json_builder_add_string_value (builder, calibration);
  json_builder_set_member_name (builder, "booster_ubj_base64");
  json_builder_add_string_value (builder, encoded);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

HotlistModel *
hotlist_model_read_file (GBytes *contents, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree guchar     *booster = NULL;
  gsize                  booster_size = 0;
  JsonObject            *object;
  HotlistModel          *self;
  gsize                  size;
  const char            *data = g_bytes_get_data (contents, &size);

  if (!json_parser_load_from_data (parser, data, (gssize)size, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (
                                                                    json_parser_get_root (parser)),
                                                                "format", NULL),
                    "hotlist-model/1")
             != 0)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_INVALID,
                   _ ("This is not a Hotlist model file"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  booster = g_base64_decode (json_object_get_string_member_with_default (object,
                                                                         "booster_ubj_base64", ""),
                             &booster_size);
  self =
      model_from_parts (booster, booster_size,
                        json_object_get_string_member_with_default (object, "feature_schema", "{}"),
                        json_object_get_string_member_with_default (object, "calibration", "{}"),
                        error);
  if (self == NULL)
    return NULL;
  self->name =
      g_strdup (json_object_get_string_member_with_default (object, "name", "Imported model"));
  self->parameters =
      g_strdup (json_object_get_string_member_with_default (object, "parameters", "{}"));
  self->metrics = g_strdup (json_object_get_string_member_with_default (object, "metrics", "{}"));
  self->origin = g_strdup ("imported");
  self->status = g_strdup ("retired");
  self->trained_at = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

/* Accessors. */

gint64
hotlist_model_get_id (HotlistModel *self)
{
  return self->model_id;
}

const char *
hotlist_model_get_name (HotlistModel *self)
{
  return self->name;
}

int
hotlist_model_get_version (HotlistModel *self)
{
  return self->version;
}

const char *
hotlist_model_get_origin (HotlistModel *self)
{
  return self->origin;
}

void
hotlist_model_set_origin (HotlistModel *self, const char *origin)
{
  g_free (self->origin);
  self->origin = g_strdup (origin);
}

const char *
hotlist_model_get_status (HotlistModel *self)
{
  return self->status;
}

gint64
hotlist_model_get_trained_at (HotlistModel *self)
{
  return self->trained_at;
}

const char *
hotlist_model_get_metrics_json (HotlistModel *self)
{
  return self->metrics;
}

const char *
hotlist_model_get_parameters_json (HotlistModel *self)
{
  return self->parameters;
}

HotlistFeatureSchema *
hotlist_model_get_schema (HotlistModel *self)
{
  return self->schema;
}

void
hotlist_model_get_calibration (HotlistModel *self, double *a, double *b)
{
  *a = self->a;
  *b = self->b;
}

/* Prediction. */

static gboolean
predict (HotlistModel  *self,
         const float   *features,
         guint          n_rows,
         int            type,
         const float  **out,
         bst_ulong     *out_len,
         DMatrixHandle *matrix,
         GError       **error)
{
  guint            n_features = hotlist_feature_schema_get_n_features (self->schema);
  const bst_ulong *shape = NULL;
  bst_ulong        dim = 0;
  g_autofree char *config = g_strdup_printf (
      "{\"type\": %d, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0,"
      " \"strict_shape\": false}",
      type);

  if (!xgb_check (XGDMatrixCreateFromMat (features, n_rows, n_features, NAN, matrix), error,
                  "XGDMatrixCreateFromMat"))
    return FALSE;
  if (!xgb_check (XGBoosterPredictFromDMatrix (self->booster, *matrix, config, &shape, &dim, out),
                  error, _ ("The model could not score the leads")))
    return FALSE;
  *out_len = 1;
  for (bst_ulong i = 0; i < dim; i++)
    *out_len *= shape[i];
  return TRUE;
}

/**
 * hotlist_model_predict_margin:
 * @self: a model
 * @features: (array): @n_rows rows of the schema's features
 * @n_rows: how many rows
 * @out_margin: (out caller-allocates) (array length=n_rows): the calibrated log-odds
 * @error: return location for a #GError
 *
 * Plain prediction, without explanations: a·margin + b per row.
 */
gboolean
hotlist_model_predict_margin (HotlistModel *self,
                              const float  *features,
                              guint         n_rows,
                              double       *out_margin,
                              GError      **error)
{
  DMatrixHandle matrix = NULL;
  const float  *result = NULL;
  bst_ulong     length = 0;
  gboolean      ok;

  if (n_rows == 0)
    return TRUE;
  g_mutex_lock (&self->lock);
  {
    /* In-place prediction reads the rows where they are, without building a DMatrix. */
    guint            n_features = hotlist_feature_schema_get_n_features (self->schema);
    const bst_ulong *shape = NULL;
    bst_ulong        dim = 0;
    g_autofree char *values = g_strdup_printf ("{\"data\": [%" G_GUINTPTR_FORMAT
                                               ", true], \"shape\": [%u, %u], \"typestr\": \"<f4\","
                                               " \"version\": 3}",
                                               (guintptr)features, n_rows, n_features);

    ok = xgb_check (XGBoosterPredictFromDense (self->booster, values,
                                               "{\"type\": 1, \"training\": false,"
                                               " \"iteration_begin\": 0, \"iteration_end\": 0,"
                                               " \"strict_shape\": false, \"cache_id\": 0,"
                                               " \"missing\": NaN}",
                                               NULL, &shape, &dim, &result),
                    error, _ ("The model could not score the leads"));
    length = 1;
    for (bst_ulong i = 0; ok && i < dim; i++)
      length *= shape[i];
  }
  if (ok && length != n_rows)
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_XGBOOST,
                   "XGBoost returned %lu predictions for %u rows", (unsigned long)length, n_rows);
      ok = FALSE;
    }
  for (guint i = 0; ok && i < n_rows; i++)
    out_margin[i] = self->a * (double)result[i] + self->b;
  if (matrix != NULL)
    XGDMatrixFree (matrix);
  g_mutex_unlock (&self->lock);
  return ok;
}

/**
 * hotlist_model_contributions:
 * @self: a model
 * @features: (array): @n_rows rows of the schema's features
 * @n_rows: how many rows
 * @out: (out caller-allocates): @n_rows × (1 + attributes) values: the calibrated bias, then each
 *   attribute's calibrated TreeSHAP contribution
 * @error: return location for a #GError
 *
 * The calibration is folded in, so that bias + Σ contributions is the calibrated log-odds:
 * a·(φ₀ + Σφᵢ) + b = (a·φ₀ + b) + Σ a·φᵢ. Feature contributions are summed per attribute.
 */
gboolean
hotlist_model_contributions (HotlistModel *self,
                             const float  *features,
                             guint         n_rows,
                             float        *out,
                             GError      **error)
{
  guint         n_features = hotlist_feature_schema_get_n_features (self->schema);
  guint         n_attributes = hotlist_feature_schema_get_n_attributes (self->schema);
  DMatrixHandle matrix = NULL;
  const float  *result = NULL;
  bst_ulong     length = 0;
  gboolean      ok;

  if (n_rows == 0)
    return TRUE;
  g_mutex_lock (&self->lock);
  ok = predict (self, features, n_rows, 2, &result, &length, &matrix, error);
  if (ok && length != (bst_ulong)n_rows * (n_features + 1))
    {
      g_set_error (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_XGBOOST,
                   "XGBoost returned %lu contributions for %u rows", (unsigned long)length, n_rows);
      ok = FALSE;
    }
  for (guint r = 0; ok && r < n_rows; r++)
    {
      const float       *phi = result + (gsize)r * (n_features + 1);
      float             *row = out + (gsize)r * (n_attributes + 1);
      g_autofree double *sums = g_new0 (double, n_attributes);

      for (guint f = 0; f < n_features; f++)
        sums[hotlist_feature_schema_get_feature (self->schema, f)->attribute] += phi[f];
      row[0] = (float)(self->a * (double)phi[n_features] + self->b);
      for (guint a = 0; a < n_attributes; a++)
        row[1 + a] = (float)(self->a * sums[a]);
    }
  if (matrix != NULL)
    XGDMatrixFree (matrix);
  g_mutex_unlock (&self->lock);
  return ok;
}
