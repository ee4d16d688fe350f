/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotlist-cli's scoring commands: train, score, explain, attributes set, models, experiment. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hotlist-cli.h"

static void
add_double_or_null (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_progress (double fraction, const char *stage, gpointer user_data)
{
  if (isatty (STDERR_FILENO))
    g_printerr ("\r%-48s %3.0f%%", stage, 100 * fraction);
}

static void
end_progress (void)
{
  if (isatty (STDERR_FILENO))
    g_printerr ("\r%-60s\r", "");
}

/* After a model change: every lead's score with the new model, plain scores first. */
static gboolean
rescore_everything (HotlistWorkspace *workspace, GError **error)
{
  HotlistScorer *scorer = hotlist_workspace_get_scorer (workspace);
  gboolean       ok;

  ok = hotlist_scorer_reload (scorer, error)
       && hotlist_scorer_rescore_all (scorer, print_progress, NULL, NULL, error);
  end_progress ();
  return ok;
}

int
hotlist_cli_train (HotlistWorkspace *workspace, int argc, char **argv)
{
  gboolean         json = FALSE;
  g_autofree char *name = NULL;
  g_auto (GStrv)   assignments = NULL;
  GOptionEntry     entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
          { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the model"), N_("NAME") },
            { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &assignments,
              N_("Change a training parameter (eta, max_depth, max_leaves, parallel_trees, "
                                        "min_child_weight, subsample, colsample_bytree, lambda, "
                                        "max_rounds, early_stopping_rounds, valid_fraction, "
                                        "refit, seed, nthread); repeatable"),
                  N_("KEY=VALUE") },
              { NULL } };
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistTrainReport) report = NULL;
  const HotlistMetrics          *m;
  HotlistTrainParams             params;
  gint64                         started, trained, rescored;

  if (!hotlist_cli_parse_options (entries, "train", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 1)
    return hotlist_cli_fail (_ ("train takes no arguments besides its options"));

  hotlist_train_params_init (&params);
  params.name = name;
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    if (!hotlist_train_params_set (&params, assignments[i], &error))
      return hotlist_cli_fail ("%s", error->message);
  started = g_get_monotonic_time ();
  report = hotlist_train (hotlist_workspace_get_store (workspace), &params, print_progress, NULL,
                          NULL, &error);
  trained = g_get_monotonic_time ();
  end_progress ();
  if (report == NULL)
    return hotlist_cli_fail ("%s", error->message);
  if (!rescore_everything (workspace, &error))
    return hotlist_cli_fail (_ ("The model was trained (model %" G_GINT64_FORMAT
                                ") but rescoring failed: %s"),
                             report->model_id, error->message);
  rescored = g_get_monotonic_time ();
  m = &report->metrics;
  for (guint i = 0; i < report->leakage->len; i++)
    g_printerr (
        _ ("warning: leakage: %s (left out; “attributes set KEY --enabled true” to use it)\n"),
        (const char *)g_ptr_array_index (report->leakage, i));
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model_id");
      json_builder_add_int_value (builder, report->model_id);
      add_double_or_null (builder, "roc_auc", m->roc_auc);
      add_double_or_null (builder, "pr_auc", m->pr_auc);
      add_double_or_null (builder, "log_loss", m->log_loss);
      add_double_or_null (builder, "brier", m->brier);
      add_double_or_null (builder, "ece", m->ece);
      json_builder_set_member_name (builder, "n_train");
      json_builder_add_int_value (builder, report->n_train);
      json_builder_set_member_name (builder, "n_valid");
      json_builder_add_int_value (builder, report->n_valid);
      add_double_or_null (builder, "base_rate", m->base_rate);
      add_double_or_null (builder, "best_threshold", m->best_threshold);
      add_double_or_null (builder, "precision", m->precision);
      add_double_or_null (builder, "recall", m->recall);
      add_double_or_null (builder, "f1", m->f1);
      json_builder_set_member_name (builder, "lift");
      json_builder_begin_array (builder);
      for (guint d = 0; d < HOTLIST_METRICS_N_DECILES; d++)
        if (isfinite (m->decile_lift[d]))
          json_builder_add_double_value (builder, m->decile_lift[d]);
        else
          json_builder_add_null_value (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rounds");
      json_builder_add_int_value (builder, report->rounds);
      json_builder_set_member_name (builder, "validation_rounds");
      json_builder_add_int_value (builder, report->best_iteration + 1);
      json_builder_set_member_name (builder, "split");
      json_builder_add_string_value (builder, report->time_ordered ? "time" : "stratified");
      json_builder_set_member_name (builder, "train_seconds");
      json_builder_add_double_value (builder, (trained - started) / (double)G_USEC_PER_SEC);
      json_builder_set_member_name (builder, "rescore_seconds");
      json_builder_add_double_value (builder, (rescored - trained) / (double)G_USEC_PER_SEC);
      json_builder_set_member_name (builder, "leakage");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->leakage->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (report->leakage, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hotlist_cli_print_json (builder, TRUE);
      return 0;
    }
  g_print (_ ("Model %" G_GINT64_FORMAT " trained and active: %d rounds on %u closed leads\n"),
           report->model_id, report->rounds,
           params.refit ? report->n_train + report->n_valid : report->n_train);
  g_print (_ ("  measured on %u held-out leads (%s split) after training on %u for %d rounds:\n"),
           report->n_valid, report->time_ordered ? _ ("time-ordered") : _ ("stratified"),
           report->n_train, report->best_iteration + 1);
  g_print ("  ROC AUC %.4f   PR AUC %.4f   log loss %.4f   Brier %.4f   ECE %.4f\n", m->roc_auc,
           m->pr_auc, m->log_loss, m->brier, m->ece);
  g_print (_ ("  at threshold %.3f: precision %.3f, recall %.3f, F1 %.3f; top-decile lift %.2f×\n"),
           m->best_threshold, m->precision, m->recall, m->f1, m->decile_lift[0]);
  return 0;
}

int
hotlist_cli_score (HotlistWorkspace *workspace, int argc, char **argv)
{
  g_autofree char                *id_column = NULL;
  g_autofree char                *delimiter_text = NULL;
  GOptionEntry                    entries[] = { { "id", 0, 0, G_OPTION_ARG_STRING, &id_column,
                                                  N_("Column with each row's id"), N_("COLUMN") },
                                                  { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_text,
                                                    N_("Field delimiter (default: sniffed)"), N_("C") }, { NULL } };
  g_autoptr (GError)              error = NULL;
  g_autoptr (HotlistStore)        scratch = NULL;
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GFile)               file = NULL;
  g_autoptr (GFileInputStream)    stream = NULL;
  g_autoptr (HotlistLeadSet)      set = NULL;
  g_autoptr (GPtrArray)           leads = NULL;
  g_autofree double              *probability = NULL;
  char                            delimiter;

  if (!hotlist_cli_parse_options (entries, "score FILE.csv", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 2)
    return hotlist_cli_fail (_ ("score needs exactly one FILE.csv"));
  if (!hotlist_cli_parse_delimiter (delimiter_text, &delimiter))
    return hotlist_cli_fail (_ ("--delimiter must be one character, or “tab”"));
  if (hotlist_scorer_get_model (hotlist_workspace_get_scorer (workspace)) == NULL)
    return hotlist_cli_fail (
        _ ("The workspace has no model yet: train one with “hotlist-cli train”"));

  /* The rows are read exactly as an import would read them, into a scratch store in memory, and
   * scored from there: nothing is written to the workspace. */
  scratch = hotlist_store_open (":memory:", &error);
  if (scratch == NULL)
    return hotlist_cli_fail ("%s", error->message);
  hotlist_csv_import_set_id_column (import, id_column);
  hotlist_csv_import_set_delimiter (import, delimiter);
  file = g_file_new_for_commandline_arg (argv[1]);
  stream = g_file_read (file, NULL, &error);
  if (stream == NULL)
    return hotlist_cli_fail ("%s", error->message);
  report = hotlist_csv_import_run (import, scratch, G_INPUT_STREAM (stream), NULL, &error);
  if (report == NULL)
    return hotlist_cli_fail ("%s", error->message);
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);
      if (issue->rejected)
        g_printerr (_ ("line %" G_GUINT64_FORMAT ": %s (not scored)\n"), issue->line,
                    issue->reason);
    }
  /* Rows go in by id, so a row that repeats an earlier row's id replaces it. */
  if (report->updated > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "warning: %" G_GUINT64_FORMAT " row repeats the id of an earlier row; "
                             "each id is scored once, from its last row\n",
                             "warning: %" G_GUINT64_FORMAT " rows repeat the id of an earlier row; "
                             "each id is scored once, from its last row\n",
                             report->updated),
                report->updated);
  set =
      hotlist_lead_set_read (scratch, NULL, 0, FALSE, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (set == NULL)
    return hotlist_cli_fail ("%s", error->message);
  leads = hotlist_store_list_leads (scratch, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  if (leads == NULL)
    return hotlist_cli_fail ("%s", error->message);
  probability = g_new (double, MAX (hotlist_lead_set_get_size (set), 1));
  if (!hotlist_scorer_score_set (hotlist_workspace_get_scorer (workspace), set, probability,
                                 &error))
    return hotlist_cli_fail ("%s", error->message);

  {
    /* The set is in row-id order, which is file order. */
    g_autoptr (GHashTable) external = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < leads->len; i++)
      {
        HotlistLead *lead = g_ptr_array_index (leads, i);
        g_hash_table_insert (external, &lead->id, lead->external_id);
      }
    g_print ("id,score,probability\n");
    for (guint i = 0; i < hotlist_lead_set_get_size (set); i++)
      {
        const HotlistFeatureRow *row = hotlist_lead_set_get_row (set, i);
        const char              *id = g_hash_table_lookup (external, &row->id);
        g_autofree char         *quoted = hotlist_cli_csv_quote (id != NULL ? id : "");
        char                     buffer[G_ASCII_DTOSTR_BUF_SIZE];

        if (id == NULL)
          {
            g_free (quoted);
            quoted = g_strdup_printf ("%u", i + 1);
          }
        g_print ("%s,%ld,%s\n", quoted, lround (100 * probability[i]),
                 g_ascii_formatd (buffer, sizeof buffer, "%.6f", probability[i]));
      }
  }
  return 0;
}

int
hotlist_cli_explain (HotlistWorkspace *workspace, int argc, char **argv)
{
  gboolean     json = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
                               { NULL } };
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistLead)        lead = NULL;
  g_autoptr (HotlistExplanation) explanation = NULL;
  HotlistStore                  *store = hotlist_workspace_get_store (workspace);

  if (!hotlist_cli_parse_options (entries, "explain LEAD", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 2)
    return hotlist_cli_fail (_ ("explain needs one LEAD (its external id or Hotlist lead id)"));
  lead = hotlist_store_find_lead (store, argv[1], &error);
  if (lead == NULL)
    return hotlist_cli_fail ("%s", error->message);
  explanation = hotlist_scorer_explain (hotlist_workspace_get_scorer (workspace), lead->id, &error);
  if (explanation == NULL)
    return hotlist_cli_fail ("%s", error->message);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lead_id");
      json_builder_add_string_value (builder, explanation->lead_id);
      json_builder_set_member_name (builder, "external_id");
      if (lead->external_id != NULL)
        json_builder_add_string_value (builder, lead->external_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "model_id");
      json_builder_add_int_value (builder, explanation->model_id);
      json_builder_set_member_name (builder, "model_name");
      json_builder_add_string_value (builder, explanation->model_name);
      json_builder_set_member_name (builder, "score");
      json_builder_add_int_value (builder, explanation->score);
      json_builder_set_member_name (builder, "probability");
      json_builder_add_double_value (builder, explanation->probability);
      json_builder_set_member_name (builder, "logit");
      json_builder_add_double_value (builder, explanation->logit);
      json_builder_set_member_name (builder, "bias");
      json_builder_add_double_value (builder, explanation->bias);
      json_builder_set_member_name (builder, "factors");
      json_builder_begin_array (builder);
      for (guint i = 0; i < explanation->factors->len; i++)
        {
          const HotlistFactor *f = g_ptr_array_index (explanation->factors, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "attribute");
          json_builder_add_string_value (builder, f->attribute);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, f->label);
          json_builder_set_member_name (builder, "value");
          if (f->value != NULL)
            json_builder_add_string_value (builder, f->value);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "contribution");
          json_builder_add_double_value (builder, f->contribution);
          json_builder_set_member_name (builder, "weight");
          json_builder_add_double_value (builder, f->weight);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hotlist_cli_print_json (builder, TRUE);
      return 0;
    }
  g_print (_ ("Score %d/100 (probability %.3f) by model %" G_GINT64_FORMAT " “%s”\n"),
           explanation->score, explanation->probability, explanation->model_id,
           explanation->model_name);
  g_print (_ ("log-odds %+.4f = base %+.4f + Σ weight × contribution:\n"), explanation->logit,
           explanation->bias);
  for (guint i = 0; i < explanation->factors->len; i++)
    {
      const HotlistFactor *f = g_ptr_array_index (explanation->factors, i);

      g_print ("  %+8.4f  %-24s %s%s×%.2f\n", f->weight * f->contribution, f->label,
               f->value != NULL ? f->value : "—", "  ", f->weight);
    }
  return 0;
}

int
hotlist_cli_attributes_set (HotlistWorkspace *workspace, int argc, char **argv)
{
  g_autofree char   *weight_text = NULL;
  g_autofree char   *enabled_text = NULL;
  GOptionEntry       entries[] = { { "weight", 0, 0, G_OPTION_ARG_STRING, &weight_text,
                                     N_("Weight, 0 to 3"), N_("W") },
                                     { "enabled", 0, 0, G_OPTION_ARG_STRING, &enabled_text,
                                       N_("Use the attribute"), N_("true|false") }, { NULL } };
  g_autoptr (GError) error = NULL;
  HotlistScorer     *scorer = hotlist_workspace_get_scorer (workspace);
  double             weight = NAN;
  int                enabled = -1;
  char              *end = NULL;

  if (!hotlist_cli_parse_options (entries, "attributes set KEY", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 3)
    return hotlist_cli_fail (_ ("attributes set needs one KEY"));
  if (weight_text == NULL && enabled_text == NULL)
    return hotlist_cli_fail (_ ("attributes set needs --weight W or --enabled true|false"));
  if (weight_text != NULL)
    {
      weight = g_ascii_strtod (weight_text, &end);
      if (end == weight_text || *end != '\0' || !(weight >= 0 && weight <= 3))
        return hotlist_cli_fail (_ ("--weight takes a number from 0 to 3, not “%s”"), weight_text);
    }
  if (enabled_text != NULL)
    {
      gboolean value;
      if (!hotlist_value_parse_boolean (enabled_text, &value))
        return hotlist_cli_fail (_ ("--enabled takes true or false, not “%s”"), enabled_text);
      enabled = value;
    }
  if (!hotlist_store_set_attribute (hotlist_workspace_get_store (workspace), argv[2], weight,
                                    enabled, &error))
    return hotlist_cli_fail ("%s", error->message);
  /* No retraining: the cached contributions get the new weights. */
  if (!hotlist_scorer_reload (scorer, &error)
      || !hotlist_scorer_reweight_all (scorer, print_progress, NULL, NULL, &error))
    return hotlist_cli_fail ("%s", error->message);
  end_progress ();
  if (enabled == 1 && hotlist_scorer_get_model (scorer) != NULL
      && hotlist_feature_schema_find_attribute (hotlist_model_get_schema (
                                                    hotlist_scorer_get_model (scorer)),
                                                argv[2])
             < 0)
    g_printerr (_ ("note: the active model does not use “%s”; it takes part after the next "
                   "training\n"),
                argv[2]);
  return 0;
}

static void
add_model_json (JsonBuilder *builder, HotlistModel *model)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model_id");
  json_builder_add_int_value (builder, hotlist_model_get_id (model));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hotlist_model_get_name (model));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, hotlist_model_get_version (model));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, hotlist_model_get_status (model));
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, hotlist_model_get_origin (model));
  json_builder_set_member_name (builder, "trained_at");
  json_builder_add_int_value (builder, hotlist_model_get_trained_at (model));
  json_builder_set_member_name (builder, "metrics");
  if (json_parser_load_from_data (parser, hotlist_model_get_metrics_json (model), -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

int
hotlist_cli_models (HotlistWorkspace *workspace, int argc, char **argv)
{
  gboolean     json = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
                               { NULL } };
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  HotlistStore         *store = hotlist_workspace_get_store (workspace);

  if (!hotlist_cli_parse_options (entries, "models [activate ID | export ID FILE | import FILE]",
                                  &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);

  if (argc >= 2 && strcmp (argv[1], "activate") == 0)
    {
      gint64 id;
      if (argc != 3 || !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL))
        return hotlist_cli_fail (_ ("models activate needs one model ID"));
      if (!hotlist_store_activate_model (store, id, &error)
          || !rescore_everything (workspace, &error))
        return hotlist_cli_fail ("%s", error->message);
      return 0;
    }
  if (argc >= 2 && strcmp (argv[1], "export") == 0)
    {
      gint64                   id;
      g_autoptr (HotlistModel) model = NULL;
      g_autoptr (GBytes)       bytes = NULL;

      if (argc != 4 || !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL))
        return hotlist_cli_fail (_ ("models export needs a model ID and a FILE"));
      model = hotlist_model_load (store, id, &error);
      if (model == NULL || (bytes = hotlist_model_write_file (model, &error)) == NULL
          || !g_file_set_contents (argv[3], g_bytes_get_data (bytes, NULL),
                                   (gssize)g_bytes_get_size (bytes), &error))
        return hotlist_cli_fail ("%s", error->message);
      return 0;
    }
  if (argc >= 2 && strcmp (argv[1], "import") == 0)
    {
      g_autofree char         *contents = NULL;
      gsize                    length = 0;
      g_autoptr (GBytes)       bytes = NULL;
      g_autoptr (HotlistModel) model = NULL;

      if (argc != 3)
        return hotlist_cli_fail (_ ("models import needs a FILE"));
      if (!g_file_get_contents (argv[2], &contents, &length, &error))
        return hotlist_cli_fail ("%s", error->message);
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      model = hotlist_model_read_file (bytes, &error);
      if (model == NULL || !hotlist_model_save (model, store, &error))
        return hotlist_cli_fail ("%s", error->message);
      g_print ("%" G_GINT64_FORMAT "\n", hotlist_model_get_id (model));
      return 0;
    }
  if (argc != 1)
    return hotlist_cli_fail (_ ("unknown models subcommand “%s”"), argv[1]);

  models = hotlist_store_list_models (store, &error);
  if (models == NULL)
    return hotlist_cli_fail ("%s", error->message);
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < models->len; i++)
        add_model_json (builder, g_ptr_array_index (models, i));
      json_builder_end_array (builder);
      hotlist_cli_print_json (builder, TRUE);
      return 0;
    }
  g_print ("%4s  %-10s  %-8s  %-9s  %s\n", "ID", "STATUS", "ORIGIN", "ROC AUC", "NAME");
  for (guint i = 0; i < models->len; i++)
    {
      HotlistModel          *model = g_ptr_array_index (models, i);
      HotlistMetrics         metrics;
      g_autoptr (JsonParser) parser = json_parser_new ();

      memset (&metrics, 0, sizeof metrics);
      metrics.roc_auc = NAN;
      if (json_parser_load_from_data (parser, hotlist_model_get_metrics_json (model), -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        hotlist_metrics_from_json (json_node_get_object (json_parser_get_root (parser)), &metrics);
      g_print ("%4" G_GINT64_FORMAT "  %-10s  %-8s  %9.4f  %s\n", hotlist_model_get_id (model),
               hotlist_model_get_status (model), hotlist_model_get_origin (model), metrics.roc_auc,
               hotlist_model_get_name (model));
    }
  return 0;
}

static void
add_arm_json (JsonBuilder *builder, const HotlistExperimentArm *arm)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model_id");
  json_builder_add_int_value (builder, arm->model_id);
  json_builder_set_member_name (builder, "leads");
  json_builder_add_int_value (builder, (gint64)arm->n_leads);
  json_builder_set_member_name (builder, "resolved");
  json_builder_add_int_value (builder, (gint64)arm->n_resolved);
  json_builder_set_member_name (builder, "converted");
  json_builder_add_int_value (builder, (gint64)arm->n_converted);
  add_double_or_null (builder, "conversion", arm->conversion);
  add_double_or_null (builder, "roc_auc", arm->roc_auc);
  json_builder_end_object (builder);
}

static void
print_experiment (const HotlistExperimentStatus *status, gboolean json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "experiment_id");
      json_builder_add_int_value (builder, status->experiment_id);
      json_builder_set_member_name (builder, "running");
      json_builder_add_boolean_value (builder, status->ended_at == 0);
      json_builder_set_member_name (builder, "split");
      json_builder_add_double_value (builder, status->split);
      json_builder_set_member_name (builder, "started_at");
      json_builder_add_int_value (builder, status->started_at);
      json_builder_set_member_name (builder, "ended_at");
      if (status->ended_at != 0)
        json_builder_add_int_value (builder, status->ended_at);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "a");
      add_arm_json (builder, &status->arms[0]);
      json_builder_set_member_name (builder, "b");
      add_arm_json (builder, &status->arms[1]);
      add_double_or_null (builder, "z", status->z);
      add_double_or_null (builder, "p_value", status->p_value);
      json_builder_set_member_name (builder, "winner");
      if (status->winner != 0)
        json_builder_add_int_value (builder, status->winner);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      hotlist_cli_print_json (builder, TRUE);
      return;
    }
  g_print (_ ("Experiment %" G_GINT64_FORMAT " (%s), %.0f%% of leads in arm B\n"),
           status->experiment_id, status->ended_at == 0 ? _ ("running") : _ ("ended"),
           100 * status->split);
  for (int arm = 0; arm < 2; arm++)
    g_print (_ ("  arm %c: model %" G_GINT64_FORMAT ", %" G_GUINT64_FORMAT
                " leads, %" G_GUINT64_FORMAT " resolved, %" G_GUINT64_FORMAT
                " converted (%.1f%%), AUC %.3f\n"),
             'A' + arm, status->arms[arm].model_id, status->arms[arm].n_leads,
             status->arms[arm].n_resolved, status->arms[arm].n_converted,
             100 * status->arms[arm].conversion, status->arms[arm].roc_auc);
  g_print (_ ("  difference in conversion: z = %.3f, p = %.4f\n"), status->z, status->p_value);
  if (status->winner != 0)
    g_print (_ ("  winner: model %" G_GINT64_FORMAT "\n"), status->winner);
}

int
hotlist_cli_experiment (HotlistWorkspace *workspace, int argc, char **argv)
{
  gboolean         json = FALSE;
  g_autofree char *split_text = NULL;
  GOptionEntry     entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
                                   { "split", 0, 0, G_OPTION_ARG_STRING, &split_text,
                                     N_("Share of leads in arm B (default 0.5)"), N_("P") },
                                     { NULL } };
  g_autoptr (GError)      error = NULL;
  HotlistScorer          *scorer = hotlist_workspace_get_scorer (workspace);
  HotlistExperimentStatus status;

  if (!hotlist_cli_parse_options (entries, "experiment start A B | status | stop", &argc, &argv,
                                  &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc >= 2 && strcmp (argv[1], "start") == 0)
    {
      gint64 a, b;
      double split = 0.5;

      if (argc != 4 || !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &a, NULL)
          || !g_ascii_string_to_signed (argv[3], 10, 1, G_MAXINT64, &b, NULL))
        return hotlist_cli_fail (_ ("experiment start needs two model IDs, A and B"));
      if (split_text != NULL)
        {
          char *end = NULL;
          split = g_ascii_strtod (split_text, &end);
          if (end == split_text || *end != '\0')
            return hotlist_cli_fail (_ ("--split takes a number between 0 and 1"));
        }
      if (!hotlist_experiment_start (scorer, a, b, split, &error)
          || !rescore_everything (workspace, &error))
        return hotlist_cli_fail ("%s", error->message);
      return 0;
    }
  if (argc == 2 && strcmp (argv[1], "status") == 0)
    {
      if (!hotlist_experiment_get_status (scorer, &status, &error))
        return hotlist_cli_fail ("%s", error->message);
      print_experiment (&status, json);
      return 0;
    }
  if (argc == 2 && strcmp (argv[1], "stop") == 0)
    {
      if (!hotlist_experiment_stop (scorer, &status, &error)
          || !rescore_everything (workspace, &error))
        return hotlist_cli_fail ("%s", error->message);
      print_experiment (&status, json);
      return 0;
    }
  return hotlist_cli_fail (_ ("experiment takes start A B [--split P], status or stop"));
}

int
hotlist_cli_import_activities (HotlistWorkspace *workspace, int argc, char **argv)
{
  g_autofree char *source = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "source", 0, 0, G_OPTION_ARG_STRING, &source,
          N_("System the leads were imported from (default: csv)"), N_("NAME") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
            { NULL } };
  g_autoptr (GError)              error = NULL;
  g_autoptr (HotlistImportReport) report = NULL;

  if (!hotlist_cli_parse_options (entries, "import-activities FILE.csv", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 2)
    return hotlist_cli_fail (_ ("import-activities needs exactly one FILE.csv"));
  report = hotlist_activity_import_run_path (hotlist_workspace_get_store (workspace), argv[1],
                                             source != NULL ? source : "csv", NULL, &error);
  if (report == NULL)
    return hotlist_cli_fail ("%s", error->message);
  /* Each activity type is an attribute managers can weight from now on. */
  if (!hotlist_store_ensure_activity_attributes (hotlist_workspace_get_store (workspace), &error))
    return hotlist_cli_fail ("%s", error->message);
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);
      g_printerr (issue->rejected ? "line %" G_GUINT64_FORMAT ": %s\n"
                                  : "warning: line %" G_GUINT64_FORMAT ": %s\n",
                  issue->line, issue->reason);
    }
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "read");
      json_builder_add_int_value (builder, (gint64)report->read);
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, (gint64)report->created);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, (gint64)report->updated);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, (gint64)report->rejected);
      json_builder_end_object (builder);
      hotlist_cli_print_json (builder, FALSE);
    }
  else
    g_print (_ ("%" G_GUINT64_FORMAT " activities read: %" G_GUINT64_FORMAT
                " added, %" G_GUINT64_FORMAT " updated, %" G_GUINT64_FORMAT " rejected\n"),
             report->read, report->created, report->updated, report->rejected);
  return 0;
}
