/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Model & Weights: the manager's settings window (weights, models and training, A/B, tiers). */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "hotlist-model-window.h"

/* How long after the last weight or tier change the leads are rescored. */
#define RESCORE_DELAY_MS 300

/* Background rescoring, from least to most work: a bigger job does everything a smaller one does
 * (rescoring and reweighting both take the tiers again at the end). */
typedef enum
{
  JOB_NONE,
  JOB_TIERS,
  JOB_REWEIGHT,
  JOB_ALL,
} JobKind;

/* One background task. It holds a reference to the window, so that its callback never runs on a
 * finalized window; the window's own cancellables tell it whether the window was closed. */
typedef struct
{
  HotlistModelWindow *self;
  JobKind             kind;
} Job;

/* The widgets of one attribute on the Weights page. */
typedef struct
{
  HotlistModelWindow *self;
  char               *key;
  AdwActionRow       *row;
  GtkSwitch          *enabled;
  GtkRange           *weight;
  gboolean            in_model; /* the active model uses it */
} WeightRow;

struct _HotlistModelWindow
{
  AdwPreferencesWindow parent_instance;

  HotlistWorkspace *workspace;
  gboolean          disposed;

  /* Weights */
  GtkButton          *reset_button;
  AdwActionRow       *weights_status_row;
  GtkImage           *weights_status_icon;
  GtkSpinner         *weights_spinner;
  GPtrArray          *weight_groups; /* AdwPreferencesGroup, one per attribute group */
  GHashTable         *weight_rows;   /* key → WeightRow, owned by the rows */
  gboolean            updating;      /* set while the window itself sets widgets' values */
  AdwPreferencesPage *weights_page;

  /* Rescoring in the background, one job at a time */
  JobKind       running;
  JobKind       pending; /* to start when the running job ends */
  JobKind       delayed; /* to request when the delay runs out */
  guint         delay_id;
  GCancellable *job_cancellable;

  /* Model */
  AdwPreferencesGroup *active_group;
  GPtrArray           *active_rows;
  AdwPreferencesGroup *versions_group;
  GPtrArray           *version_rows;
  GPtrArray           *models; /* HotlistModel, newest first */
  GtkButton           *train_button;
  AdwPreferencesRow   *train_progress_row;
  GtkLabel            *train_stage_label;
  GtkProgressBar      *train_progress;
  GtkButton           *cancel_button;
  AdwActionRow        *train_status_row;
  GtkImage            *train_status_icon;
  HotlistTrainingState training;
  GCancellable        *train_cancellable;
  gint64               active_before_training;
  HotlistTrainParams   train_params;
  gboolean             have_train_params;

  /* Experiment */
  AdwPreferencesGroup *experiment_status_group;
  GPtrArray           *experiment_rows;
  GtkButton           *experiment_refresh_button;
  GtkButton           *stop_button;
  AdwPreferencesGroup *experiment_setup_group;
  GtkButton           *start_button;
  AdwComboRow         *model_a_row;
  AdwComboRow         *model_b_row;
  GtkSpinButton       *split_spin;
  GArray              *combo_ids; /* gint64 model id of each combo row item */
  gboolean             experiment_running;

  /* Scoring */
  AdwActionRow  *hot_row;
  AdwActionRow  *warm_row;
  AdwActionRow  *cool_row;
  AdwActionRow  *cold_row;
  GtkSpinButton *hot_spin;
  GtkSpinButton *warm_spin;
  GtkSpinButton *cool_spin;
  GtkLabel      *cold_label;
};

G_DEFINE_TYPE (HotlistModelWindow, hotlist_model_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  SCORES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh_models (HotlistModelWindow *self);
static void refresh_experiment (HotlistModelWindow *self);
static void refresh_tiers (HotlistModelWindow *self);
static void build_weights (HotlistModelWindow *self);
static void update_training (HotlistModelWindow *self);

/* Helpers. */

static HotlistStore *
get_store (HotlistModelWindow *self)
{
  return hotlist_workspace_get_store (self->workspace);
}

static HotlistScorer *
get_scorer (HotlistModelWindow *self)
{
  return hotlist_workspace_get_scorer (self->workspace);
}

/* A toast in the window; @message is plain text. */
static void
show_toast (HotlistModelWindow *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static Job *
job_new (HotlistModelWindow *self, JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->kind = kind;
  return job;
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static AdwActionRow *
info_row_new (const char *title, const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

/* A row with a value on its right, as the metrics are shown. */
static AdwActionRow *
value_row_new (const char *title, const char *subtitle, const char *value)
{
  AdwActionRow *row = info_row_new (title, subtitle);
  GtkWidget    *label = gtk_label_new (value);

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "metric-value");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (row, label);
  return row;
}

static void
clear_rows (AdwPreferencesGroup *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group, GPtrArray *rows, AdwActionRow *row)
{
  adw_preferences_group_add (group, GTK_WIDGET (row));
  g_ptr_array_add (rows, row);
}

static char *
format_number (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr (GDateTime) when = NULL;

  if (unix_time <= 0)
    return g_strdup (_ ("an unknown date"));
  when = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

static HotlistModel *
find_model (HotlistModelWindow *self, gint64 model_id)
{
  for (guint i = 0; self->models != NULL && i < self->models->len; i++)
    {
      HotlistModel *model = g_ptr_array_index (self->models, i);

      if (hotlist_model_get_id (model) == model_id)
        return model;
    }
  return NULL;
}

/* “v3 · Trained 2024-05-01 10:00”, or “model 7” for one no longer listed. */
static char *
describe_model (HotlistModelWindow *self, gint64 model_id)
{
  HotlistModel *model = find_model (self, model_id);

  if (model == NULL)
    return g_strdup_printf (_ ("Model %" G_GINT64_FORMAT), model_id);
  return g_strdup_printf ("v%d · %s", hotlist_model_get_version (model),
                          hotlist_model_get_name (model));
}

typedef struct
{
  HotlistMetrics metrics;
  gint64         n_train;
  gint64         n_valid;
  const char    *split;
  JsonParser    *parser;
} ModelMetrics;

static void
model_metrics_read (HotlistModel *model, ModelMetrics *out)
{
  const char *json = hotlist_model_get_metrics_json (model);
  JsonObject *object = NULL;

  memset (out, 0, sizeof *out);
  out->parser = json_parser_new ();
  if (json != NULL && json_parser_load_from_data (out->parser, json, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (out->parser)))
    object = json_node_get_object (json_parser_get_root (out->parser));
  hotlist_metrics_from_json (object, &out->metrics);
  if (object != NULL)
    {
      out->n_train = json_object_get_int_member_with_default (object, "n_train", 0);
      out->n_valid = json_object_get_int_member_with_default (object, "n_valid", 0);
      out->split = json_object_get_string_member_with_default (object, "split", NULL);
    }
}

static void
model_metrics_clear (ModelMetrics *metrics)
{
  g_clear_object (&metrics->parser);
}

static gboolean
is_busy_rescoring (HotlistModelWindow *self)
{
  return self->delay_id != 0 || self->running != JOB_NONE || self->pending != JOB_NONE;
}

/* Background rescoring. */

static void
update_scores_status (HotlistModelWindow *self)
{
  gboolean busy = is_busy_rescoring (self);

  gtk_spinner_set_spinning (self->weights_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->weights_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->weights_status_icon), !busy);
  if (busy)
    adw_action_row_set_subtitle (self->weights_status_row, _ ("Updating every lead’s score…"));
  else
    adw_action_row_set_subtitle (self->weights_status_row, _ ("Up to date"));
}

static void
job_progress_cb (double fraction, const char *stage, gpointer data)
{
  HotlistModelWindow *self = data;
  g_autofree char    *text = NULL;

  if (self->disposed)
    return;
  text = g_strdup_printf (_ ("%s… %.0f %%"), stage, 100 * fraction);
  adw_action_row_set_subtitle (self->weights_status_row, text);
  if (self->training == HOTLIST_TRAINING_RESCORING)
    {
      gtk_progress_bar_set_fraction (self->train_progress, fraction);
      gtk_label_set_text (self->train_stage_label, text);
    }
}

/* The tiers again, in a thread of their own with their own connection to the workspace. */
static void
tiers_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char               *path = data;
  g_autoptr (HotlistStore)  store = NULL;
  g_autoptr (HotlistScorer) scorer = NULL;
  GError                   *error = NULL;
  gboolean                  ok;

  store = hotlist_store_open (path, &error);
  if (store != NULL)
    scorer = hotlist_scorer_new (store, &error);
  if (scorer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ok = hotlist_scorer_update_tiers (scorer, &error);
  /* The store's rescoring hook holds a reference to the scorer. */
  hotlist_store_set_rescore_func (store, NULL, NULL, NULL);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void job_done_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
start_job (HotlistModelWindow *self, JobKind kind)
{
  const char *path = hotlist_workspace_get_path (self->workspace);
  Job        *job = job_new (self, kind);

  g_assert (self->running == JOB_NONE);
  self->running = kind;
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = g_cancellable_new ();
  if (kind == JOB_TIERS)
    {
      g_autoptr (GTask) task = g_task_new (NULL, self->job_cancellable, job_done_cb, job);

      g_task_set_source_tag (task, tiers_thread);
      g_task_set_task_data (task, g_strdup (path), g_free);
      g_task_run_in_thread (task, tiers_thread);
    }
  else
    hotlist_rescore_async (path, kind == JOB_ALL ? HOTLIST_RESCORE_ALL : HOTLIST_RESCORE_REWEIGHT,
                           job_progress_cb, self, self->job_cancellable, job_done_cb, job);
  update_scores_status (self);
}

static void
request_rescore (HotlistModelWindow *self, JobKind kind)
{
  if (self->running == JOB_NONE)
    {
      start_job (self, MAX (kind, self->pending));
      self->pending = JOB_NONE;
      return;
    }
  if (kind >= JOB_REWEIGHT)
    {
      /* The running job works from weights or a model that just changed: stop it, and do its
       * work and the new one's when it has stopped. */
      self->pending = MAX (self->pending, MAX (kind, self->running));
      g_cancellable_cancel (self->job_cancellable);
    }
  else
    self->pending = MAX (self->pending, kind);
  update_scores_status (self);
}

static gboolean
delay_done_cb (gpointer data)
{
  HotlistModelWindow *self = data;
  JobKind             kind = self->delayed;

  self->delay_id = 0;
  self->delayed = JOB_NONE;
  request_rescore (self, kind);
  return G_SOURCE_REMOVE;
}

/* Rescores a moment after the last of a quick series of changes (a scale being dragged). */
static void
request_rescore_soon (HotlistModelWindow *self, JobKind kind)
{
  self->delayed = MAX (self->delayed, kind);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  self->delay_id = g_timeout_add (RESCORE_DELAY_MS, delay_done_cb, self);
  update_scores_status (self);
}

static void
finish_training (HotlistModelWindow *self)
{
  self->training = HOTLIST_TRAINING_IDLE;
  update_training (self);
}

static void
job_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (Job)     job = data;
  HotlistModelWindow *self = job->self;
  g_autoptr (GError)  error = NULL;
  gboolean            ok;

  if (job->kind == JOB_TIERS)
    ok = g_task_propagate_boolean (G_TASK (result), &error);
  else
    ok = hotlist_rescore_finish (result, &error);
  if (self->disposed)
    return;

  self->running = JOB_NONE;
  if (ok)
    {
      g_autoptr (GError) reload_error = NULL;

      if (!hotlist_scorer_reload (get_scorer (self), &reload_error))
        {
          g_autofree char *message =
              g_strdup_printf (_ ("The scores were updated, but the window could not read the "
                                  "model again: %s"),
                               reload_error->message);
          show_toast (self, message);
        }
      g_signal_emit (self, signals[SCORES_CHANGED], 0);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("Could not update the scores: %s. Close other programs using this workspace and "
             "change a weight to try again."),
          error->message);
      AdwToast        *toast;
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      toast = adw_toast_new (escaped);
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _ ("_Retry"));
      adw_toast_set_action_name (toast, "model.rescore");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      if (self->training == HOTLIST_TRAINING_RESCORING)
        {
          adw_action_row_set_subtitle (self->train_status_row, message);
          gtk_image_set_from_icon_name (self->train_status_icon, "dialog-warning-symbolic");
        }
    }

  if (self->pending != JOB_NONE)
    {
      JobKind kind = self->pending;

      self->pending = JOB_NONE;
      start_job (self, kind);
    }
  else if (self->training == HOTLIST_TRAINING_RESCORING)
    finish_training (self);
  update_scores_status (self);
  refresh_tiers (self);
  if (job->kind == JOB_ALL && self->pending == JOB_NONE && self->running == JOB_NONE)
    refresh_experiment (self);
}

/* Weights. */

static const char *
group_title (HotlistAttributeGroup group)
{
  switch (group)
    {
    case HOTLIST_ATTRIBUTE_GROUP_DEMOGRAPHICS:
      return _ ("Demographics");
    case HOTLIST_ATTRIBUTE_GROUP_FIRMOGRAPHICS:
      return _ ("Firmographics");
    case HOTLIST_ATTRIBUTE_GROUP_BEHAVIOR:
      return _ ("Behavior");
    case HOTLIST_ATTRIBUTE_GROUP_ENGAGEMENT:
      return _ ("Engagement");
    case HOTLIST_ATTRIBUTE_GROUP_CRM:
      return _ ("CRM");
    case HOTLIST_ATTRIBUTE_GROUP_CUSTOM:
      return _ ("Custom Columns");
    default:
      return _ ("Other");
    }
}

static void
weight_row_free (gpointer data)
{
  WeightRow *wr = data;

  g_free (wr->key);
  g_free (wr);
}

static void
update_reset_button (HotlistModelWindow *self)
{
  GHashTableIter iter;
  gpointer       value;
  gboolean       neutral = TRUE;

  g_hash_table_iter_init (&iter, self->weight_rows);
  while (neutral && g_hash_table_iter_next (&iter, NULL, &value))
    {
      WeightRow *wr = value;

      if (!wr->in_model)
        continue;
      neutral = gtk_switch_get_active (wr->enabled) && gtk_range_get_value (wr->weight) == 1.0;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button),
                            !neutral && hotlist_scorer_get_model (get_scorer (self)) != NULL);
}

static void
weight_changed_cb (GtkRange *range, gpointer data)
{
  WeightRow          *wr = data;
  HotlistModelWindow *self = wr->self;
  g_autoptr (GError)  error = NULL;

  if (self->updating)
    return;
  if (!hotlist_store_set_attribute (get_store (self), wr->key, gtk_range_get_value (range), -1,
                                    &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not save the weight: %s"), error->message);
      show_toast (self, message);
      return;
    }
  update_reset_button (self);
  request_rescore_soon (self, JOB_REWEIGHT);
}

static void
enabled_changed_cb (GtkSwitch *toggle, GParamSpec *pspec, gpointer data)
{
  WeightRow          *wr = data;
  HotlistModelWindow *self = wr->self;
  g_autoptr (GError)  error = NULL;
  gboolean            active = gtk_switch_get_active (toggle);

  gtk_widget_set_sensitive (GTK_WIDGET (wr->weight), active);
  if (self->updating)
    return;
  if (!hotlist_store_set_attribute (get_store (self), wr->key, NAN, active, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not save the change: %s"), error->message);
      show_toast (self, message);
      return;
    }
  update_reset_button (self);
  request_rescore_soon (self, JOB_REWEIGHT);
}

static AdwActionRow *
weight_row_new (HotlistModelWindow *self, const HotlistAttribute *attribute, HotlistModel *model)
{
  WeightRow          *wr = g_new0 (WeightRow, 1);
  AdwActionRow       *row = info_row_new (attribute->label, NULL);
  GtkWidget          *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 3, 0.1);
  GtkWidget          *toggle = gtk_switch_new ();
  g_autoptr (GString) subtitle = g_string_new (NULL);

  wr->self = self;
  wr->key = g_strdup (attribute->key);
  wr->row = row;
  wr->weight = GTK_RANGE (scale);
  wr->enabled = GTK_SWITCH (toggle);
  wr->in_model =
      model != NULL
      && hotlist_feature_schema_find_attribute (hotlist_model_get_schema (model), attribute->key)
             >= 0;
  g_object_set_data_full (G_OBJECT (row), "weight-row", wr, weight_row_free);
  g_hash_table_insert (self->weight_rows, wr->key, wr);

  g_string_append_printf (subtitle, "%s · %s", attribute->key,
                          hotlist_value_kind_to_string (attribute->kind));
  if (model != NULL && !wr->in_model && attribute->enabled && attribute->leakage == NULL)
    g_string_append (subtitle, _ (" · not used by the active model"));
  if (attribute->leakage != NULL)
    {
      GtkWidget       *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *why = g_strdup_printf (_ ("May leak the outcome: %s"), attribute->leakage);

      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, why);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), why);
      gtk_widget_set_tooltip_text (icon, why);
      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_add_css_class (GTK_WIDGET (row), "leakage");
      adw_action_row_add_prefix (row, icon);
    }
  adw_action_row_set_subtitle (row, subtitle->str);

  gtk_range_set_round_digits (GTK_RANGE (scale), 1);
  gtk_scale_set_digits (GTK_SCALE (scale), 1);
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  for (int mark = 0; mark <= 3; mark++)
    gtk_scale_add_mark (GTK_SCALE (scale), mark, GTK_POS_BOTTOM, NULL);
  gtk_range_set_value (GTK_RANGE (scale), attribute->weight);
  gtk_widget_set_size_request (scale, 180, -1);
  gtk_widget_set_valign (scale, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (scale, attribute->enabled);
  gtk_widget_add_css_class (scale, "weight-scale");
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  attribute->label, -1);
  g_signal_connect (scale, "value-changed", G_CALLBACK (weight_changed_cb), wr);

  gtk_switch_set_active (GTK_SWITCH (toggle), attribute->enabled);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _ ("Use this attribute"));
  g_signal_connect (toggle, "notify::active", G_CALLBACK (enabled_changed_cb), wr);

  adw_action_row_add_suffix (row, scale);
  adw_action_row_add_suffix (row, toggle);
  return row;
}

static void
build_weights (HotlistModelWindow *self)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) attributes = hotlist_store_list_attributes (get_store (self), &error);
  HotlistModel         *model = hotlist_scorer_get_model (get_scorer (self));

  g_hash_table_remove_all (self->weight_rows);
  for (guint i = 0; i < self->weight_groups->len; i++)
    adw_preferences_page_remove (self->weights_page, g_ptr_array_index (self->weight_groups, i));
  g_ptr_array_set_size (self->weight_groups, 0);
  if (attributes == NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not read the attributes: %s"), error->message);
      show_toast (self, message);
      return;
    }

  self->updating = TRUE;
  for (int group = HOTLIST_ATTRIBUTE_GROUP_DEMOGRAPHICS; group <= HOTLIST_ATTRIBUTE_GROUP_CUSTOM;
       group++)
    {
      AdwPreferencesGroup *widget = NULL;

      for (guint i = 0; i < attributes->len; i++)
        {
          const HotlistAttribute *attribute = g_ptr_array_index (attributes, i);

          if ((int)attribute->group != group)
            continue;
          if (widget == NULL)
            {
              widget = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (widget, group_title (attribute->group));
              adw_preferences_page_add (self->weights_page, widget);
              g_ptr_array_add (self->weight_groups, widget);
            }
          adw_preferences_group_add (widget, GTK_WIDGET (weight_row_new (self, attribute, model)));
        }
    }
  if (self->weight_groups->len == 0)
    {
      AdwPreferencesGroup *widget = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_add (
          widget,
          GTK_WIDGET (info_row_new (_ ("No attributes yet"),
                                    _ ("Import leads first: their columns become attributes "
                                       "you can weight here."))));
      adw_preferences_page_add (self->weights_page, widget);
      g_ptr_array_add (self->weight_groups, widget);
    }
  self->updating = FALSE;
  update_reset_button (self);
}

/* Weight 1 everywhere, and the model's own attributes on: the scores are the model's own. */
static void
reset_clicked_cb (HotlistModelWindow *self)
{
  HotlistStore         *store = get_store (self);
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) attributes = hotlist_store_list_attributes (store, &error);
  GHashTableIter        iter;
  gpointer              value;

  if (attributes == NULL || !hotlist_store_begin (store, &error))
    goto fail;
  for (guint i = 0; i < attributes->len; i++)
    {
      const HotlistAttribute *attribute = g_ptr_array_index (attributes, i);
      WeightRow              *wr = g_hash_table_lookup (self->weight_rows, attribute->key);
      gboolean                enable = wr != NULL && wr->in_model && !attribute->enabled;

      if (attribute->weight == 1.0 && !enable)
        continue;
      if (!hotlist_store_set_attribute (store, attribute->key, 1.0, enable ? 1 : -1, &error))
        {
          hotlist_store_rollback (store);
          goto fail;
        }
    }
  if (!hotlist_store_commit (store, &error))
    {
      hotlist_store_rollback (store);
      goto fail;
    }

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->weight_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WeightRow *wr = value;

      gtk_range_set_value (wr->weight, 1.0);
      if (wr->in_model)
        gtk_switch_set_active (wr->enabled, TRUE);
    }
  self->updating = FALSE;
  update_reset_button (self);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  request_rescore (self, MAX (self->delayed, JOB_REWEIGHT));
  self->delayed = JOB_NONE;
  return;

fail:
  {
    g_autofree char *message =
        g_strdup_printf (_ ("Could not reset the weights: %s"), error->message);
    show_toast (self, message);
  }
}

/* Model. */

static const char *
origin_text (HotlistModel *model)
{
  const char *origin = hotlist_model_get_origin (model);

  if (g_strcmp0 (origin, "starter") == 0)
    return _ ("The starter model that ships with Hotlist");
  if (g_strcmp0 (origin, "trained") == 0)
    return _ ("Trained on this workspace’s leads");
  return _ ("Imported");
}

/* “Trained on this workspace’s leads”, with the date unless the name already says it. */
static char *
describe_origin (HotlistModel *model)
{
  g_autofree char *when = format_date (hotlist_model_get_trained_at (model));
  g_autofree char *day = g_strndup (when, 10);

  if (strstr (hotlist_model_get_name (model), day) != NULL)
    return g_strdup (origin_text (model));
  return g_strdup_printf (_ ("%s, %s"), origin_text (model), when);
}

static void
refresh_active (HotlistModelWindow *self)
{
  HotlistScorer   *scorer = get_scorer (self);
  HotlistModel    *model = hotlist_scorer_get_model (scorer);
  HotlistModel    *challenger = hotlist_scorer_get_challenger (scorer);
  ModelMetrics     m;
  g_autofree char *title = NULL, *subtitle = NULL;
  g_autofree char *auc = NULL, *pr = NULL, *base = NULL, *brier = NULL, *ece = NULL;
  g_autofree char *calibration = NULL, *leads = NULL, *lift = NULL;

  clear_rows (self->active_group, self->active_rows);
  adw_preferences_group_set_description (
      self->active_group,
      model != NULL && g_strcmp0 (hotlist_model_get_origin (model), "starter") == 0
          ? _ ("Measured on the demo data the starter model was trained on, not on your leads.")
          : NULL);
  if (model == NULL)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("Leads have no scores yet. Train a model below once the workspace has at least %d "
             "converted and %d lost leads."),
          HOTLIST_MIN_OUTCOMES_PER_CLASS, HOTLIST_MIN_OUTCOMES_PER_CLASS);
      add_row (self->active_group, self->active_rows, info_row_new (_ ("No model yet"), text));
      return;
    }

  model_metrics_read (model, &m);
  title = g_strdup_printf ("v%d · %s", hotlist_model_get_version (model),
                           hotlist_model_get_name (model));
  subtitle = describe_origin (model);
  add_row (self->active_group, self->active_rows, info_row_new (title, subtitle));
  if (g_strcmp0 (hotlist_model_get_origin (model), "starter") == 0)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("It was trained on demo data. Train on your own outcomes once the workspace has at "
             "least %d converted and %d lost leads."),
          HOTLIST_MIN_OUTCOMES_PER_CLASS, HOTLIST_MIN_OUTCOMES_PER_CLASS);
      AdwActionRow *row = info_row_new (_ ("Scoring with the starter model"), text);

      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("dialog-information-symbolic"));
      add_row (self->active_group, self->active_rows, row);
    }

  auc = format_number (m.metrics.roc_auc, "%.3f");
  add_row (self->active_group, self->active_rows,
           value_row_new (_ ("Ranking (ROC AUC)"),
                          _ ("How often a lead that converted outscored one that did not: 0.5 is "
                             "chance, 1 is perfect"),
                          auc));
  pr = format_number (m.metrics.pr_auc, "%.3f");
  base = isfinite (m.metrics.base_rate)
             ? g_strdup_printf (_ ("Precision over recall; a random order scores the base rate, "
                                   "%.1f %%"),
                                100 * m.metrics.base_rate)
             : g_strdup (_ ("Precision over recall"));
  add_row (self->active_group, self->active_rows,
           value_row_new (_ ("Precision–Recall (PR AUC)"), base, pr));
  brier = format_number (m.metrics.brier, "%.3f");
  ece = format_number (m.metrics.ece, "%.3f");
  calibration = g_strdup_printf (_ ("Brier %s · ECE %s"), brier, ece);
  add_row (self->active_group, self->active_rows,
           value_row_new (_ ("Calibration"),
                          _ ("How close the probabilities are to the conversion rates seen; "
                             "lower is better"),
                          calibration));
  if (isfinite (m.metrics.decile_lift[0]))
    {
      lift = g_strdup_printf ("%.1f×", m.metrics.decile_lift[0]);
      add_row (self->active_group, self->active_rows,
               value_row_new (_ ("Top-Decile Lift"),
                              _ ("How much more often the top 10 % by score converted than "
                                 "leads on average"),
                              lift));
    }
  if (m.n_train > 0 || m.n_valid > 0)
    {
      g_autofree char *split_text =
          g_strdup_printf (_ ("Measured on the held-out leads (%s split)"),
                           g_strcmp0 (m.split, "time") == 0 ? _ ("time-ordered")
                                                            : _ ("stratified"));

      leads = g_strdup_printf (_ ("%" G_GINT64_FORMAT " trained · %" G_GINT64_FORMAT " held out"),
                               m.n_train, m.n_valid);
      add_row (self->active_group, self->active_rows,
               value_row_new (_ ("Closed Leads"), split_text, leads));
    }
  if (challenger != NULL)
    {
      g_autofree char *name = g_strdup_printf ("v%d · %s", hotlist_model_get_version (challenger),
                                               hotlist_model_get_name (challenger));

      add_row (self->active_group, self->active_rows,
               value_row_new (_ ("Challenger"), _ ("Scores arm B of the running experiment"),
                              name));
    }
  model_metrics_clear (&m);
}

static void
activate_clicked_cb (GtkButton *button, gpointer data)
{
  HotlistModelWindow *self = data;
  gint64 model_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "model-id"));
  g_autoptr (GError) error = NULL;
  g_autofree char   *name = describe_model (self, model_id);

  if (!hotlist_store_activate_model (get_store (self), model_id, &error)
      || !hotlist_scorer_reload (get_scorer (self), &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not activate %s: %s"), name, error->message);
      show_toast (self, message);
      return;
    }
  refresh_models (self);
  build_weights (self);
  request_rescore (self, JOB_ALL);
  {
    g_autofree char *message =
        g_strdup_printf (_ ("%s is active; every lead is being rescored with it"), name);
    show_toast (self, message);
  }
}

static AdwActionRow *
version_row_new (HotlistModelWindow *self, HotlistModel *model)
{
  const char      *status = hotlist_model_get_status (model);
  ModelMetrics     m;
  g_autofree char *title = g_strdup_printf ("v%d · %s", hotlist_model_get_version (model),
                                            hotlist_model_get_name (model));
  g_autofree char *origin = describe_origin (model);
  g_autofree char *auc = NULL, *subtitle = NULL;
  AdwActionRow    *row;

  model_metrics_read (model, &m);
  auc = format_number (m.metrics.roc_auc, "%.3f");
  subtitle = g_strdup_printf (_ ("ROC AUC %s · %s"), auc, origin);
  model_metrics_clear (&m);
  row = info_row_new (title, subtitle);
  g_object_set_data (G_OBJECT (row), "model-id", GSIZE_TO_POINTER (hotlist_model_get_id (model)));

  if (g_strcmp0 (status, "active") == 0 || g_strcmp0 (status, "challenger") == 0)
    {
      GtkWidget *label =
          gtk_label_new (g_strcmp0 (status, "active") == 0 ? _ ("Active") : _ ("Challenger"));

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "model-status");
      gtk_widget_add_css_class (label, g_strcmp0 (status, "active") == 0
                                           ? "model-status-active"
                                           : "model-status-challenger");
      adw_action_row_add_suffix (row, label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Activate"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "model-id",
                         GSIZE_TO_POINTER (hotlist_model_get_id (model)));
      if (self->experiment_running)
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, _ ("Stop the running experiment first"));
        }
      else
        gtk_widget_set_tooltip_text (button, _ ("Score every lead with this model"));
      g_signal_connect (button, "clicked", G_CALLBACK (activate_clicked_cb), self);
      adw_action_row_add_suffix (row, button);
    }
  return row;
}

static void
refresh_combos (HotlistModelWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  HotlistModel             *active = hotlist_scorer_get_model (get_scorer (self));
  guint                     a = 0, b = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->combo_ids, 0);
  for (guint i = 0; i < self->models->len; i++)
    {
      HotlistModel    *model = g_ptr_array_index (self->models, i);
      gint64           id = hotlist_model_get_id (model);
      g_autofree char *name = describe_model (self, id);

      gtk_string_list_append (names, name);
      g_array_append_val (self->combo_ids, id);
      if (active != NULL && id == hotlist_model_get_id (active))
        a = i;
      else if (b == GTK_INVALID_LIST_POSITION)
        b = i;
    }
  adw_combo_row_set_model (self->model_a_row, G_LIST_MODEL (names));
  adw_combo_row_set_model (self->model_b_row, G_LIST_MODEL (names));
  if (self->models->len > 0)
    {
      adw_combo_row_set_selected (self->model_a_row, a);
      adw_combo_row_set_selected (self->model_b_row, b != GTK_INVALID_LIST_POSITION ? b : a);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), self->models->len >= 2);
  adw_preferences_group_set_description (
      self->experiment_setup_group,
      self->models->len >= 2
          ? _ ("Score with two models side by side. Each lead is put in arm A or B by a stable "
               "hash and scored by its arm’s model; conversions then show which model ranks "
               "leads better.")
          : _ ("An experiment compares two models on live leads. Train a second model on the "
               "Model page first."));
}

static void
refresh_models (HotlistModelWindow *self)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) models = hotlist_store_list_models (get_store (self), &error);

  if (models == NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not list the models: %s"), error->message);
      show_toast (self, message);
      models = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = g_steal_pointer (&models);

  refresh_active (self);
  clear_rows (self->versions_group, self->version_rows);
  for (guint i = 0; i < self->models->len; i++)
    add_row (self->versions_group, self->version_rows,
             version_row_new (self, g_ptr_array_index (self->models, i)));
  if (self->models->len == 0)
    add_row (self->versions_group, self->version_rows,
             info_row_new (_ ("No models yet"), _ ("A trained model shows up here.")));
  refresh_combos (self);
}

static void
set_training_message (HotlistModelWindow *self, const char *icon_name, const char *message)
{
  adw_action_row_set_subtitle (self->train_status_row, message);
  gtk_image_set_from_icon_name (self->train_status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->train_status_row), TRUE);
}

static void
update_training (HotlistModelWindow *self)
{
  gboolean idle = self->training == HOTLIST_TRAINING_IDLE;

  /* Training activates the new model, which would end the experiment's arms. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->train_button), idle && !self->experiment_running);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->train_button),
                               self->experiment_running ? _ ("Stop the running experiment first")
                                                        : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->train_progress_row), !idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button),
                            self->training == HOTLIST_TRAINING_RUNNING
                                && self->train_cancellable != NULL
                                && !g_cancellable_is_cancelled (self->train_cancellable));
  if (self->training == HOTLIST_TRAINING_RESCORING)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button),
                                 _ ("The new model is saved; its scores are being written"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button), NULL);
}

static void
train_progress_cb (double fraction, const char *stage, gpointer data)
{
  HotlistModelWindow *self = data;

  if (self->disposed || self->training != HOTLIST_TRAINING_RUNNING
      || g_cancellable_is_cancelled (self->train_cancellable))
    return;
  gtk_progress_bar_set_fraction (self->train_progress, fraction);
  gtk_label_set_text (self->train_stage_label, stage);
}

static void
train_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (Job)                job = data;
  HotlistModelWindow            *self = job->self;
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistTrainReport) report = hotlist_train_finish (result, &error);
  g_autoptr (GError)             reload_error = NULL;
  HotlistModel                  *active;
  g_autofree char               *name = NULL;
  g_autoptr (GString)            message = g_string_new (NULL);

  if (self->disposed)
    return;
  g_clear_object (&self->train_cancellable);

  if (report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A cancellation that came after the model was saved is too late to undo it. */
      if (hotlist_scorer_reload (get_scorer (self), NULL)
          && (active = hotlist_scorer_get_model (get_scorer (self))) != NULL
          && hotlist_model_get_id (active) != self->active_before_training
          && g_strcmp0 (hotlist_model_get_origin (active), "trained") == 0)
        g_clear_error (&error);
      else
        {
          finish_training (self);
          set_training_message (self, "dialog-information-symbolic",
                                _ ("Training cancelled. Nothing was changed."));
          return;
        }
    }
  else if (report == NULL)
    {
      finish_training (self);
      if (g_error_matches (error, HOTLIST_MODEL_ERROR, HOTLIST_MODEL_ERROR_TOO_FEW))
        {
          set_training_message (self, "dialog-warning-symbolic", error->message);
          show_toast (self, _ ("Not enough closed leads to train on yet"));
        }
      else
        {
          g_autofree char *text =
              g_strdup_printf (_ ("Training failed: %s. The active model is unchanged."),
                               error->message);
          set_training_message (self, "dialog-error-symbolic", text);
          show_toast (self, text);
        }
      return;
    }

  if (!hotlist_scorer_reload (get_scorer (self), &reload_error))
    {
      g_autofree char *text =
          g_strdup_printf (_ ("The model was trained, but could not be read back: %s"),
                           reload_error->message);
      show_toast (self, text);
    }
  refresh_models (self);
  active = hotlist_scorer_get_model (get_scorer (self));
  name = active != NULL ? g_strdup_printf (_ ("Model v%d"), hotlist_model_get_version (active))
                        : g_strdup (_ ("The new model"));
  if (report != NULL)
    g_string_printf (message,
                     _ ("%s is trained and active: ROC AUC %.3f on %u held-out leads, after "
                        "learning from %u."),
                     name, report->metrics.roc_auc, report->n_valid, report->n_train);
  else
    g_string_printf (message, _ ("%s is trained and active."), name);
  if (report != NULL && report->leakage->len > 0)
    {
      g_string_append (message, _ (" Left out as leaking the outcome: "));
      for (guint i = 0; i < report->leakage->len; i++)
        {
          const char *entry = g_ptr_array_index (report->leakage, i);
          const char *colon = strchr (entry, ':');

          if (i > 0)
            g_string_append (message, ", ");
          g_string_append_len (message, entry, colon != NULL ? colon - entry : -1);
        }
      g_string_append (message, _ (" (see Weights)."));
    }
  set_training_message (self, "emblem-ok-symbolic", message->str);
  /* The leakage guard may have switched attributes on or off. */
  build_weights (self);

  self->training = HOTLIST_TRAINING_RESCORING;
  gtk_progress_bar_set_fraction (self->train_progress, 0);
  gtk_label_set_text (self->train_stage_label, _ ("Scoring the leads with the new model…"));
  update_training (self);
  request_rescore (self, JOB_ALL);
  {
    g_autofree char *toast = g_strdup_printf (_ ("%s is trained and active"), name);
    show_toast (self, toast);
  }
}

static void
train_clicked_cb (HotlistModelWindow *self)
{
  HotlistModel *active = hotlist_scorer_get_model (get_scorer (self));

  if (self->training != HOTLIST_TRAINING_IDLE)
    return;
  if (self->experiment_running)
    {
      show_toast (self, _ ("Stop the running experiment before training a new model"));
      return;
    }
  self->active_before_training = active != NULL ? hotlist_model_get_id (active) : 0;
  self->train_cancellable = g_cancellable_new ();
  self->training = HOTLIST_TRAINING_RUNNING;
  gtk_progress_bar_set_fraction (self->train_progress, 0);
  gtk_label_set_text (self->train_stage_label, _ ("Starting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->train_status_row), FALSE);
  update_training (self);
  hotlist_train_async (hotlist_workspace_get_path (self->workspace),
                       self->have_train_params ? &self->train_params : NULL, train_progress_cb,
                       self, self->train_cancellable, train_done_cb, job_new (self, JOB_NONE));
}

static void
cancel_clicked_cb (HotlistModelWindow *self)
{
  if (self->training != HOTLIST_TRAINING_RUNNING || self->train_cancellable == NULL)
    return;
  g_cancellable_cancel (self->train_cancellable);
  gtk_label_set_text (self->train_stage_label, _ ("Cancelling…"));
  update_training (self);
}

/* Experiment. */

static AdwActionRow *
arm_row_new (HotlistModelWindow *self, char arm, const HotlistExperimentArm *status)
{
  g_autofree char *model = describe_model (self, status->model_id);
  g_autofree char *title = g_strdup_printf (_ ("Arm %c · %s"), arm, model);
  g_autofree char *conversion = isfinite (status->conversion)
                                    ? g_strdup_printf ("%.1f %%", 100 * status->conversion)
                                    : g_strdup ("—");
  g_autofree char *auc = format_number (status->roc_auc, "%.3f");
  g_autofree char *subtitle =
      g_strdup_printf (_ ("%" G_GUINT64_FORMAT " leads · %" G_GUINT64_FORMAT
                          " closed since the start · %" G_GUINT64_FORMAT " converted · AUC %s"),
                       status->n_leads, status->n_resolved, status->n_converted, auc);

  return value_row_new (title, subtitle, conversion);
}

static void
refresh_experiment (HotlistModelWindow *self)
{
  HotlistExperimentStatus status;
  g_autoptr (GError)      error = NULL;
  gboolean                have;

  clear_rows (self->experiment_status_group, self->experiment_rows);
  have = hotlist_experiment_get_status (get_scorer (self), &status, &error);
  if (!have && !g_error_matches (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not read the experiment: %s"), error->message);
      show_toast (self, message);
    }
  self->experiment_running = have && status.ended_at == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->experiment_running);
  gtk_widget_set_visible (GTK_WIDGET (self->experiment_refresh_button), have);
  gtk_widget_set_visible (GTK_WIDGET (self->experiment_setup_group), !self->experiment_running);
  update_training (self);
  if (!have)
    {
      adw_preferences_group_set_title (self->experiment_status_group, _ ("Experiments"));
      adw_preferences_group_set_description (self->experiment_status_group, NULL);
      add_row (self->experiment_status_group, self->experiment_rows,
               info_row_new (_ ("No experiment yet"),
                             _ ("Start one below to see which of two models ranks your leads "
                                "better.")));
      return;
    }

  {
    g_autofree char *started = format_date (status.started_at);
    g_autofree char *ended = format_date (status.ended_at);
    g_autofree char *description =
        self->experiment_running
            ? g_strdup_printf (_ ("Started %s, with %.0f %% of the leads in arm B. Conversions "
                                  "count once leads close."),
                               started, 100 * status.split)
            : g_strdup_printf (_ ("Ran from %s to %s, with %.0f %% of the leads in arm B."),
                               started, ended, 100 * status.split);

    adw_preferences_group_set_title (self->experiment_status_group, self->experiment_running
                                                                        ? _ ("Running Experiment")
                                                                        : _ ("Last Experiment"));
    adw_preferences_group_set_description (self->experiment_status_group, description);
  }
  add_row (self->experiment_status_group, self->experiment_rows,
           arm_row_new (self, 'A', &status.arms[0]));
  add_row (self->experiment_status_group, self->experiment_rows,
           arm_row_new (self, 'B', &status.arms[1]));
  {
    g_autofree char *z = format_number (status.z, "%.2f");
    g_autofree char *p = format_number (status.p_value, "%.3f");
    g_autofree char *value = g_strdup_printf ("z = %s · p = %s", z, p);
    const char      *verdict;

    if (status.arms[0].n_resolved == 0 || status.arms[1].n_resolved == 0)
      verdict = _ ("Needs leads in both arms to close after the start");
    else if (!isfinite (status.p_value))
      verdict = _ ("Not measurable yet");
    else if (status.p_value < 0.05)
      verdict = _ ("Significant (p < 0.05)");
    else
      verdict = _ ("Not significant yet (p ≥ 0.05): let more leads close");
    add_row (self->experiment_status_group, self->experiment_rows,
             value_row_new (_ ("Difference in Conversion"), verdict, value));
  }
  if (status.winner != 0)
    {
      g_autofree char *winner = describe_model (self, status.winner);

      add_row (self->experiment_status_group, self->experiment_rows,
               value_row_new (_ ("Winner"), _ ("Made the active model when the experiment stopped"),
                              winner));
    }
}

static void
experiment_refresh_clicked_cb (HotlistModelWindow *self)
{
  refresh_experiment (self);
}

static void
start_clicked_cb (HotlistModelWindow *self)
{
  guint              a = adw_combo_row_get_selected (self->model_a_row);
  guint              b = adw_combo_row_get_selected (self->model_b_row);
  double             split = gtk_spin_button_get_value (self->split_spin) / 100.0;
  g_autoptr (GError) error = NULL;

  if (a >= self->combo_ids->len || b >= self->combo_ids->len)
    return;
  if (a == b)
    {
      show_toast (self, _ ("Pick two different models for arms A and B"));
      return;
    }
  if (!hotlist_experiment_start (get_scorer (self), g_array_index (self->combo_ids, gint64, a),
                                 g_array_index (self->combo_ids, gint64, b), split, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not start the experiment: %s"), error->message);
      show_toast (self, message);
      return;
    }
  refresh_experiment (self);
  refresh_models (self);
  build_weights (self);
  request_rescore (self, JOB_ALL);
  show_toast (self, _ ("Experiment started; every lead is being rescored by its arm’s model"));
}

static void
stop_clicked_cb (HotlistModelWindow *self)
{
  HotlistExperimentStatus status;
  g_autoptr (GError)      error = NULL;
  g_autofree char        *winner = NULL, *message = NULL;

  if (!hotlist_experiment_stop (get_scorer (self), &status, &error))
    {
      message = g_strdup_printf (_ ("Could not stop the experiment: %s"), error->message);
      show_toast (self, message);
      return;
    }
  refresh_experiment (self);
  refresh_models (self);
  build_weights (self);
  request_rescore (self, JOB_ALL);
  winner = describe_model (self, status.winner);
  message = g_strdup_printf (_ ("Experiment stopped: %s won and is the active model"), winner);
  show_toast (self, message);
}

/* Scoring: tiers. */

static void
read_tier_percents (HotlistModelWindow *self, int percents[3])
{
  g_autofree char *text = hotlist_store_get_meta (get_store (self), "tier_percents");
  g_auto (GStrv)   parts = text != NULL ? g_strsplit (text, ",", 3) : NULL;

  percents[0] = 10;
  percents[1] = 20;
  percents[2] = 30;
  if (parts != NULL && g_strv_length (parts) == 3)
    for (int t = 0; t < 3; t++)
      percents[t] = (int)lround (g_ascii_strtod (parts[t], NULL));
}

static void
show_tiers (HotlistModelWindow *self, const int percents[3])
{
  g_autofree char *cutoff_text = hotlist_store_get_meta (get_store (self), "tier_cutoffs");
  g_auto (GStrv)   parts = cutoff_text != NULL ? g_strsplit (cutoff_text, ",", 3) : NULL;
  AdwActionRow    *rows[3] = { self->hot_row, self->warm_row, self->cool_row };
  int              cold = 100 - percents[0] - percents[1] - percents[2];
  gboolean         have_cutoffs = parts != NULL && g_strv_length (parts) == 3;
  g_autofree char *cold_text = g_strdup_printf ("%d %%", MAX (cold, 0));

  for (int t = 0; t < 3; t++)
    {
      g_autofree char *title = t == 0 ? g_strdup_printf (_ ("Top %d %% of open leads"), percents[0])
                                      : g_strdup_printf (_ ("Next %d %%"), percents[t]);
      g_autofree char *subtitle =
          have_cutoffs ? g_strdup_printf (_ ("Score %ld and above"),
                                          lround (100 * g_ascii_strtod (parts[t], NULL)))
                       : NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows[t]), title);
      adw_action_row_set_subtitle (rows[t], subtitle);
    }
  gtk_label_set_text (self->cold_label, cold_text);
  if (cold < 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cold_row), _ ("The rest"));
      adw_action_row_set_subtitle (self->cold_row,
                                   _ ("Hot, Warm and Cool add up to more than 100 %: lower one "
                                      "of them. Tiers stay as they were until then."));
      gtk_widget_add_css_class (GTK_WIDGET (self->cold_row), "error");
    }
  else
    {
      g_autofree char *subtitle =
          have_cutoffs ? g_strdup_printf (_ ("Below score %ld"),
                                          lround (100 * g_ascii_strtod (parts[2], NULL)))
                       : NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cold_row), _ ("The rest"));
      adw_action_row_set_subtitle (self->cold_row, subtitle);
      gtk_widget_remove_css_class (GTK_WIDGET (self->cold_row), "error");
    }
}

static void
refresh_tiers (HotlistModelWindow *self)
{
  int percents[3];

  read_tier_percents (self, percents);
  self->updating = TRUE;
  gtk_spin_button_set_value (self->hot_spin, percents[0]);
  gtk_spin_button_set_value (self->warm_spin, percents[1]);
  gtk_spin_button_set_value (self->cool_spin, percents[2]);
  self->updating = FALSE;
  show_tiers (self, percents);
}

static void
tier_spin_changed_cb (HotlistModelWindow *self)
{
  int                percents[3] = { gtk_spin_button_get_value_as_int (self->hot_spin),
                                     gtk_spin_button_get_value_as_int (self->warm_spin),
                                     gtk_spin_button_get_value_as_int (self->cool_spin) };
  g_autofree char   *text = NULL;
  g_autoptr (GError) error = NULL;

  if (self->updating)
    return;
  show_tiers (self, percents);
  if (percents[0] + percents[1] + percents[2] > 100)
    return;
  text = g_strdup_printf ("%d,%d,%d", percents[0], percents[1], percents[2]);
  if (!hotlist_store_set_meta (get_store (self), "tier_percents", text, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not save the tiers: %s"), error->message);
      show_toast (self, message);
      return;
    }
  request_rescore_soon (self, JOB_TIERS);
}

/* Actions. */

static void
rescore_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  request_rescore (HOTLIST_MODEL_WINDOW (widget), JOB_ALL);
}

/* GObject. */

static void
hotlist_model_window_dispose (GObject *object)
{
  HotlistModelWindow *self = HOTLIST_MODEL_WINDOW (object);

  /* Work in flight ends with its callbacks, which see this and touch nothing. */
  self->disposed = TRUE;
  if (self->train_cancellable != NULL)
    g_cancellable_cancel (self->train_cancellable);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->train_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (self->weight_rows != NULL)
    g_hash_table_remove_all (self->weight_rows);

  gtk_widget_dispose_template (GTK_WIDGET (self), HOTLIST_TYPE_MODEL_WINDOW);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (hotlist_model_window_parent_class)->dispose (object);
}

static void
hotlist_model_window_finalize (GObject *object)
{
  HotlistModelWindow *self = HOTLIST_MODEL_WINDOW (object);

  g_clear_pointer (&self->weight_rows, g_hash_table_unref);
  g_clear_pointer (&self->weight_groups, g_ptr_array_unref);
  g_clear_pointer (&self->active_rows, g_ptr_array_unref);
  g_clear_pointer (&self->version_rows, g_ptr_array_unref);
  g_clear_pointer (&self->experiment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->combo_ids, g_array_unref);

  G_OBJECT_CLASS (hotlist_model_window_parent_class)->finalize (object);
}

static void
hotlist_model_window_class_init (HotlistModelWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hotlist_model_window_dispose;
  object_class->finalize = hotlist_model_window_finalize;

  /**
   * HotlistModelWindow::scores-changed:
   *
   * Emitted when the leads' scores changed in the background: after a weight change, a
   * training, a model being activated, an experiment starting or stopping, or new tiers.
   */
  signals[SCORES_CHANGED] = g_signal_new ("scores-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-model-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, weights_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, reset_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, weights_status_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, weights_status_icon);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, weights_spinner);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, active_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, versions_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_progress_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_stage_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_progress);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_status_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, train_status_icon);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, experiment_status_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow,
                                        experiment_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, experiment_setup_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, model_a_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, model_b_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, split_spin);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, hot_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, warm_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, cool_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, cold_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, hot_spin);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, warm_spin);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, cool_spin);
  gtk_widget_class_bind_template_child (widget_class, HotlistModelWindow, cold_label);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, train_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, experiment_refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, tier_spin_changed_cb);

  gtk_widget_class_install_action (widget_class, "model.rescore", NULL, rescore_action_cb);
}

static void
hotlist_model_window_init (HotlistModelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->weight_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->weight_groups = g_ptr_array_new ();
  self->active_rows = g_ptr_array_new ();
  self->version_rows = g_ptr_array_new ();
  self->experiment_rows = g_ptr_array_new ();
  self->combo_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->models = g_ptr_array_new_with_free_func (g_object_unref);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->train_status_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->weights_status_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->weights_spinner), FALSE);
}

/* Public API. */

/**
 * hotlist_model_window_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: the workspace whose weights and models it shows
 *
 * Returns: (transfer none): a new Model & Weights window, not yet shown
 */
HotlistModelWindow *
hotlist_model_window_new (GtkWindow *parent, HotlistWorkspace *workspace)
{
  HotlistModelWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (HOTLIST_TYPE_MODEL_WINDOW, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  refresh_models (self);
  build_weights (self);
  refresh_experiment (self);
  refresh_models (self); /* the versions' Activate buttons depend on the experiment */
  refresh_tiers (self);
  update_training (self);
  update_scores_status (self);
  return self;
}

/**
 * hotlist_model_window_train:
 * @self: a #HotlistModelWindow
 *
 * Starts a training, as Train Now does; does nothing while one runs.
 */
void
hotlist_model_window_train (HotlistModelWindow *self)
{
  g_return_if_fail (HOTLIST_IS_MODEL_WINDOW (self));
  train_clicked_cb (self);
}

/**
 * hotlist_model_window_set_train_params:
 * @self: a #HotlistModelWindow
 * @params: (nullable): what the next trainings use, %NULL for the defaults; the name is not kept
 *
 * Sets the training parameters of Train Now.
 */
void
hotlist_model_window_set_train_params (HotlistModelWindow *self, const HotlistTrainParams *params)
{
  g_return_if_fail (HOTLIST_IS_MODEL_WINDOW (self));

  self->have_train_params = params != NULL;
  if (params != NULL)
    {
      self->train_params = *params;
      self->train_params.name = NULL;
    }
}

/**
 * hotlist_model_window_cancel_training:
 * @self: a #HotlistModelWindow
 *
 * Cancels the running training, as its Cancel button does. Nothing is written.
 */
void
hotlist_model_window_cancel_training (HotlistModelWindow *self)
{
  g_return_if_fail (HOTLIST_IS_MODEL_WINDOW (self));
  cancel_clicked_cb (self);
}

/**
 * hotlist_model_window_get_training_state:
 * @self: a #HotlistModelWindow
 *
 * Returns: where the training is
 */
HotlistTrainingState
hotlist_model_window_get_training_state (HotlistModelWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), HOTLIST_TRAINING_IDLE);
  return self->training;
}

/**
 * hotlist_model_window_get_training_progress:
 * @self: a #HotlistModelWindow
 * @stage: (out) (optional) (transfer none): the stage the progress bar shows
 *
 * Returns: the fraction the training's progress bar shows
 */
double
hotlist_model_window_get_training_progress (HotlistModelWindow *self, const char **stage)
{
  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), 0);
  if (stage != NULL)
    *stage = gtk_label_get_text (self->train_stage_label);
  return gtk_progress_bar_get_fraction (self->train_progress);
}

/**
 * hotlist_model_window_get_training_message:
 * @self: a #HotlistModelWindow
 *
 * Returns: (nullable): what the last training ended with, as the Model page shows it
 */
const char *
hotlist_model_window_get_training_message (HotlistModelWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->train_status_row)))
    return NULL;
  return adw_action_row_get_subtitle (self->train_status_row);
}

/**
 * hotlist_model_window_set_weight:
 * @self: a #HotlistModelWindow
 * @key: an attribute's key
 * @weight: from 0 to 3
 *
 * Moves the attribute's weight scale, which saves the weight and rescores the leads shortly after.
 *
 * Returns: %FALSE if the Weights page has no such attribute
 */
gboolean
hotlist_model_window_set_weight (HotlistModelWindow *self, const char *key, double weight)
{
  WeightRow *wr;

  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  wr = g_hash_table_lookup (self->weight_rows, key);
  if (wr == NULL)
    return FALSE;
  gtk_range_set_value (wr->weight, weight);
  return TRUE;
}

/**
 * hotlist_model_window_set_enabled:
 * @self: a #HotlistModelWindow
 * @key: an attribute's key
 * @enabled: whether the attribute is used
 *
 * Flips the attribute's switch, which saves the choice and rescores the leads shortly after.
 *
 * Returns: %FALSE if the Weights page has no such attribute
 */
gboolean
hotlist_model_window_set_enabled (HotlistModelWindow *self, const char *key, gboolean enabled)
{
  WeightRow *wr;

  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  wr = g_hash_table_lookup (self->weight_rows, key);
  if (wr == NULL)
    return FALSE;
  gtk_switch_set_active (wr->enabled, enabled);
  return TRUE;
}

/**
 * hotlist_model_window_start_experiment:
 * @self: a #HotlistModelWindow
 * @model_a: the incumbent's model id
 * @model_b: the challenger's model id
 * @split_percent: the share of leads in arm B, 10 to 90
 *
 * Picks the models and the split on the Experiment page and presses Start Experiment.
 *
 * Returns: %FALSE if either model is not in the window's lists
 */
gboolean
hotlist_model_window_start_experiment (HotlistModelWindow *self,
                                       gint64              model_a,
                                       gint64              model_b,
                                       int                 split_percent)
{
  guint a = GTK_INVALID_LIST_POSITION, b = GTK_INVALID_LIST_POSITION;

  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), FALSE);

  for (guint i = 0; i < self->combo_ids->len; i++)
    {
      if (g_array_index (self->combo_ids, gint64, i) == model_a)
        a = i;
      if (g_array_index (self->combo_ids, gint64, i) == model_b)
        b = i;
    }
  if (a == GTK_INVALID_LIST_POSITION || b == GTK_INVALID_LIST_POSITION)
    return FALSE;
  adw_combo_row_set_selected (self->model_a_row, a);
  adw_combo_row_set_selected (self->model_b_row, b);
  gtk_spin_button_set_value (self->split_spin, split_percent);
  start_clicked_cb (self);
  return TRUE;
}

/**
 * hotlist_model_window_stop_experiment:
 * @self: a #HotlistModelWindow
 *
 * Presses Stop and Pick Winner on the Experiment page.
 */
void
hotlist_model_window_stop_experiment (HotlistModelWindow *self)
{
  g_return_if_fail (HOTLIST_IS_MODEL_WINDOW (self));
  stop_clicked_cb (self);
}

/**
 * hotlist_model_window_set_tier_percents:
 * @self: a #HotlistModelWindow
 * @hot: the share of open leads that are hot, in percent
 * @warm: the share after them that is warm
 * @cool: the share after those that is cool
 *
 * Sets the Scoring page's spin buttons, which save the shares and take the tiers again shortly
 * after (when they add up to at most 100).
 */
void
hotlist_model_window_set_tier_percents (HotlistModelWindow *self, int hot, int warm, int cool)
{
  g_return_if_fail (HOTLIST_IS_MODEL_WINDOW (self));

  gtk_spin_button_set_value (self->hot_spin, hot);
  gtk_spin_button_set_value (self->warm_spin, warm);
  gtk_spin_button_set_value (self->cool_spin, cool);
}

/**
 * hotlist_model_window_get_attribute_row:
 * @self: a #HotlistModelWindow
 * @key: an attribute's key
 *
 * The row of an attribute on the Weights page. A row of an attribute flagged as leaking the
 * outcome has the style class "leakage", a warning icon and the reason in its subtitle and
 * tooltip.
 *
 * Returns: (transfer none) (nullable): the #AdwActionRow, or %NULL
 */
GtkWidget *
hotlist_model_window_get_attribute_row (HotlistModelWindow *self, const char *key)
{
  WeightRow *wr;

  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  wr = g_hash_table_lookup (self->weight_rows, key);
  return wr != NULL ? GTK_WIDGET (wr->row) : NULL;
}

/**
 * hotlist_model_window_get_version_row:
 * @self: a #HotlistModelWindow
 * @model_id: a model's id
 *
 * Returns: (transfer none) (nullable): the model's row in the Versions list, or %NULL
 */
GtkWidget *
hotlist_model_window_get_version_row (HotlistModelWindow *self, gint64 model_id)
{
  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), NULL);

  for (guint i = 0; i < self->version_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->version_rows, i);

      if (GPOINTER_TO_SIZE (g_object_get_data (row, "model-id")) == (gsize)model_id)
        return GTK_WIDGET (row);
    }
  return NULL;
}

/**
 * hotlist_model_window_is_busy:
 * @self: a #HotlistModelWindow
 *
 * Returns: %TRUE while a training or a rescoring is running or about to start
 */
gboolean
hotlist_model_window_is_busy (HotlistModelWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_MODEL_WINDOW (self), FALSE);
  return self->training != HOTLIST_TRAINING_IDLE || is_busy_rescoring (self);
}
