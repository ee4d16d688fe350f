/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotlist-cli: the engine's command line, for scripts, imports and exports. */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hotlist-cli.h"

typedef int (*CommandFunc) (HotlistWorkspace *workspace, int argc, char **argv);

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  CommandFunc func;
} Command;

#define fail hotlist_cli_fail
#define parse_options hotlist_cli_parse_options
#define print_json hotlist_cli_print_json
#define parse_delimiter hotlist_cli_parse_delimiter

int
hotlist_cli_fail (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message holds. */
  g_strdelimit (message, "\n", ' ');
  g_printerr ("hotlist-cli: %s\n", message);
  return 1;
}

gboolean
parse_options (GOptionEntry *entries, const char *usage, int *argc, char ***argv, GError **error)
{
  g_autoptr (GOptionContext) context = g_option_context_new (usage);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}

void
print_json (JsonBuilder *builder, gboolean pretty)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode)      root = json_builder_get_root (builder);
  g_autofree char          *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* A CSV field, quoted when it has to be. */
char *
hotlist_cli_csv_quote (const char *text)
{
  GString *out = g_string_new (NULL);

  hotlist_csv_append_cell (out, text);
  return g_string_free (out, FALSE);
}

gboolean
parse_delimiter (const char *text, char *delimiter)
{
  if (text == NULL)
    {
      *delimiter = '\0';
      return TRUE;
    }
  if (strcmp (text, "tab") == 0 || strcmp (text, "\\t") == 0 || strcmp (text, "\t") == 0)
    *delimiter = '\t';
  else if (strlen (text) == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r')
    *delimiter = text[0];
  else
    return FALSE;
  return TRUE;
}

static int
cmd_import (HotlistWorkspace *workspace, int argc, char **argv)
{
  g_autofree char *id_column = NULL;
  g_autofree char *label_column = NULL;
  g_autofree char *delimiter_text = NULL;
  g_autofree char *source = NULL;
  g_auto (GStrv)   maps = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "id", 0, 0, G_OPTION_ARG_STRING, &id_column,
          N_("Column with each lead's id"), N_("COLUMN") },
          { "label", 0, 0, G_OPTION_ARG_STRING, &label_column,
            N_("Column with the outcome"), N_("COLUMN") },
            { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps,
              N_("Map a column to a field"), N_("COLUMN=FIELD") },
              { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_text,
                N_("Field delimiter (default: sniffed)"), N_("C") },
                { "source", 0, 0, G_OPTION_ARG_STRING, &source,
                  N_("System the file comes from (default: csv)"), N_("NAME") },
                  { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
                    { NULL } };
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;
  char                            delimiter;

  if (!parse_options (entries, "import FILE.csv", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 2)
    return fail (_ ("import needs exactly one FILE.csv"));
  if (!parse_delimiter (delimiter_text, &delimiter))
    return fail (_ ("--delimiter must be one character, or “tab”"));

  hotlist_csv_import_set_id_column (import, id_column);
  hotlist_csv_import_set_label_column (import, label_column);
  hotlist_csv_import_set_delimiter (import, delimiter);
  if (source != NULL)
    hotlist_csv_import_set_source (import, source);
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char      *eq = strrchr (maps[i], '=');
      g_autofree char *column = NULL;

      if (eq == NULL || eq == maps[i] || eq[1] == '\0')
        return fail (_ ("--map takes COLUMN=FIELD, not “%s”"), maps[i]);
      column = g_strndup (maps[i], eq - maps[i]);
      if (!hotlist_csv_import_add_mapping (import, column, eq + 1, &error))
        return fail ("%s", error->message);
    }

  report = hotlist_csv_import_run_path (import, hotlist_workspace_get_store (workspace), argv[1],
                                        NULL, &error);
  if (report == NULL)
    return fail (_ ("Could not import %s: %s"), argv[1], error->message);

  /* Rejected rows are "line N: reason" (the contract scripts read); warnings on rows that
   * were imported start with "warning:", so that they are never counted as rejections. */
  for (guint i = 0; i < report->issues->len; i++)
    {
      const HotlistImportIssue *issue = g_ptr_array_index (report->issues, i);
      g_printerr ("%sline %" G_GUINT64_FORMAT ": %s\n",
                  issue->rejected ? "" : "warning: ", issue->line, issue->reason);
    }

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "read");
      json_builder_add_int_value (builder, report->read);
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, report->created);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, report->updated);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, report->rejected);
      json_builder_end_object (builder);
      print_json (builder, FALSE);
    }
  else
    /* Plain C conversions: translators' tools cannot read GLib's format macros. */
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Read %llu row: %llu created, %llu updated, %llu rejected.\n",
                          "Read %llu rows: %llu created, %llu updated, %llu rejected.\n",
                          report->read),
             (unsigned long long)report->read, (unsigned long long)report->created,
             (unsigned long long)report->updated, (unsigned long long)report->rejected);
  return 0;
}

static int
cmd_export (HotlistWorkspace *workspace, int argc, char **argv)
{
  g_autofree char          *format_text = NULL;
  g_autofree char          *output = NULL;
  GOptionEntry              entries[] = { { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
                                            N_("csv (default) or json"), N_("FORMAT") },
                                            { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
                                              N_("Write to FILE instead of standard output"), N_("FILE") },
                                              { NULL } };
  g_autoptr (GOutputStream) stream = NULL;
  g_autoptr (GError)        error = NULL;
  HotlistExportFormat       format = HOTLIST_EXPORT_CSV;

  if (!parse_options (entries, "export", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 1)
    return fail (_ ("export takes no arguments besides its options"));
  if (format_text != NULL && strcmp (format_text, "json") == 0)
    format = HOTLIST_EXPORT_JSON;
  else if (format_text != NULL && strcmp (format_text, "csv") != 0)
    return fail (_ ("Unknown export format “%s”; use csv or json"), format_text);

  if (output != NULL)
    {
      g_autoptr (GFile)  file = g_file_new_for_commandline_arg (output);
      GFileOutputStream *file_stream =
          g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
      if (file_stream == NULL)
        return fail (_ ("Could not write %s: %s"), output, error->message);
      stream = g_buffered_output_stream_new (G_OUTPUT_STREAM (file_stream));
      g_object_unref (file_stream);
    }
  else
    {
      g_autoptr (GOutputStream) out = g_unix_output_stream_new (1, FALSE);
      stream = g_buffered_output_stream_new (out);
    }

  if (!hotlist_export_leads (hotlist_workspace_get_store (workspace), format, stream, NULL, &error)
      || !g_output_stream_close (stream, NULL, &error))
    return fail (_ ("Could not export: %s"), error->message);
  return 0;
}

typedef struct
{
  JsonBuilder *builder;
} ListState;

static gboolean
list_lead_cb (const HotlistLead *lead, gpointer user_data)
{
  ListState       *state = user_data;
  g_autofree char *name = hotlist_lead_dup_name (lead);
  const char      *company = lead->text[HOTLIST_LEAD_FIELD_COMPANY];

  if (state->builder != NULL)
    {
      JsonBuilder *b = state->builder;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "lead_id");
      json_builder_add_string_value (b, lead->lead_id);
      json_builder_set_member_name (b, "external_id");
      if (lead->external_id != NULL)
        json_builder_add_string_value (b, lead->external_id);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "company");
      if (company != NULL)
        json_builder_add_string_value (b, company);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "lead_score");
      if (lead->lead_score >= 0)
        json_builder_add_int_value (b, lead->lead_score);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "tier");
      if (lead->tier != NULL)
        json_builder_add_string_value (b, lead->tier);
      else
        json_builder_add_null_value (b);
      /* Which model the score comes from (see `models`). */
      json_builder_set_member_name (b, "probability");
      if (!isnan (lead->probability))
        json_builder_add_double_value (b, lead->probability);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "model_id");
      if (lead->score_model_id > 0)
        json_builder_add_int_value (b, lead->score_model_id);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    {
      g_autofree char *score =
          lead->lead_score >= 0 ? g_strdup_printf ("%d", lead->lead_score) : g_strdup ("—");
      g_print ("%5s  %-5s  %-30s  %-28s  %s\n", score, lead->tier != NULL ? lead->tier : "", name,
               company != NULL ? company : "", lead->lead_id);
    }
  return TRUE;
}

static int
cmd_list (HotlistWorkspace *workspace, int argc, char **argv)
{
  int          top = -1;
  gboolean     json = FALSE;
  GOptionEntry entries[] = {
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("Show only the N best-scored leads"), N_("N") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL }, { NULL } };
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError)      error = NULL;
  ListState               state = { NULL };

  if (!parse_options (entries, "list", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 1)
    return fail (_ ("list takes no arguments besides its options"));
  if (top < -1 || top == 0)
    return fail (_ ("--top needs a positive number"));

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
      state.builder = builder;
    }
  else
    g_print ("%5s  %-5s  %-30s  %-28s  %s\n", "SCORE", "TIER", "NAME", "COMPANY", "LEAD ID");

  if (!hotlist_store_foreach_lead (hotlist_workspace_get_store (workspace),
                                   HOTLIST_LEAD_ORDER_SCORE, top, list_lead_cb, &state, &error))
    return fail ("%s", error->message);

  if (json)
    {
      json_builder_end_array (builder);
      print_json (builder, TRUE);
    }
  return 0;
}

static int
cmd_attributes (HotlistWorkspace *workspace, int argc, char **argv)
{
  gboolean     json = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
                               { NULL } };
  g_autoptr (GPtrArray)   attributes = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GError)      error = NULL;

  if (argc >= 2 && strcmp (argv[1], "set") == 0)
    return hotlist_cli_attributes_set (workspace, argc, argv);
  if (!parse_options (entries, "attributes", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 1)
    return fail (_ ("attributes takes no arguments besides its options"));

  attributes = hotlist_store_list_attributes (hotlist_workspace_get_store (workspace), &error);
  if (attributes == NULL)
    return fail ("%s", error->message);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }
  else
    g_print ("%-28s  %-9s  %-13s  %-7s  %6s  %s\n", "KEY", "KIND", "GROUP", "ENABLED", "WEIGHT",
             "LABEL");

  for (guint i = 0; i < attributes->len; i++)
    {
      const HotlistAttribute *a = g_ptr_array_index (attributes, i);

      if (!json)
        {
          g_print ("%-28s  %-9s  %-13s  %-7s  %6.2f  %s%s%s\n", a->key,
                   hotlist_value_kind_to_string (a->kind),
                   hotlist_attribute_group_to_string (a->group), a->enabled ? "yes" : "no",
                   a->weight, a->label, a->leakage != NULL ? "  ⚠ " : "",
                   a->leakage != NULL ? a->leakage : "");
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, a->key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, a->label);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, hotlist_value_kind_to_string (a->kind));
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, hotlist_attribute_group_to_string (a->group));
      json_builder_set_member_name (builder, "core");
      json_builder_add_boolean_value (builder, a->is_core);
      json_builder_set_member_name (builder, "column");
      if (a->column_name != NULL)
        json_builder_add_string_value (builder, a->column_name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, a->enabled);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_double_value (builder, a->weight);
      json_builder_set_member_name (builder, "leakage");
      if (a->leakage != NULL)
        json_builder_add_string_value (builder, a->leakage);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }

  if (json)
    {
      json_builder_end_array (builder);
      print_json (builder, TRUE);
    }
  return 0;
}

static const Command commands[] = {
  { "import",
    "FILE.csv [--id COLUMN] [--label COLUMN] [--map COLUMN=FIELD]… [--delimiter C] [--json]",
    N_("Import leads from a CSV file"), cmd_import },
    { "import-activities", "FILE.csv [--source NAME] [--json]",
      N_("Import activities (lead, type, date) from a CSV file"), hotlist_cli_import_activities },
      { "export", "[--format csv|json] [--output FILE]", N_("Export every lead"), cmd_export },
        { "list", "[--top N] [--json]", N_("List leads by score"), cmd_list },
          { "attributes", "[--json] | set KEY [--weight W] [--enabled true|false]",
            N_("List the attributes a model may use, or weight one"), cmd_attributes },
            { "train", "[--json]",
              N_("Train a model on the leads with an outcome and activate it"),
                  hotlist_cli_train },
              { "score", "FILE.csv [--id COLUMN]",
                N_("Score the rows of a CSV file without storing them"), hotlist_cli_score },
                { "explain", "LEAD [--json]",
                  N_("Explain a lead's score factor by factor"), hotlist_cli_explain },
                  { "models", "[--json] | activate ID | export ID FILE | import FILE",
                    N_("List, activate, export or import models"), hotlist_cli_models },
                    { "experiment", "start A B [--split P] | status [--json] | stop [--json]",
                      N_("A/B test two models"), hotlist_cli_experiment },
                      { "accounts",
                        "[--json] | add SERVICE [--base-url URL] [--token-stdin] | remove SERVICE",
                        N_("List, connect or disconnect CRM accounts"), hotlist_cli_accounts },
                        { "sync", "SERVICE [--full] [--json]",
                          N_("Pull changed leads from a connected CRM and write scores back"),
                              hotlist_cli_sync },
                          { "report",
                            "[--from DATE] [--to DATE] [--owner NAME] [--source NAME] [--campaign "
                            "NAME] [--json | --csv REPORT] [--pdf FILE]",
                            N_("Conversion by score, model accuracy, SDR efficiency, ROI, A/B "
                             "results and drift"),
                                hotlist_cli_report },
                        };

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _ ("Usage: hotlist-cli [--db FILE] COMMAND [OPTIONS…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-17s %s\n  %-17s   %s\n", commands[i].name, _ (commands[i].summary), "",
             commands[i].args);
  fprintf (out, "%s",
           _ ("\nWithout --db, the workspace in $XDG_DATA_HOME/hotlist/default.hotlist "
              "is used (or $HOTLIST_DB).\n"));
}

int
main (int argc, char **argv)
{
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *db = NULL;
  const Command               *command = NULL;
  int                          first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command. */
  while (first < argc && argv[first][0] == '-')
    {
      if (strcmp (argv[first], "--db") == 0 && first + 1 < argc)
        {
          g_free (db);
          db = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          g_free (db);
          db = g_strdup (argv[first] + 5);
          first++;
        }
      else if (strcmp (argv[first], "--help") == 0 || strcmp (argv[first], "-h") == 0)
        {
          print_usage (stdout);
          return 0;
        }
      else if (strcmp (argv[first], "--version") == 0)
        {
          g_print ("hotlist-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        {
          fail (_ ("unknown option %s (see hotlist-cli --help)"), argv[first]);
          return 2;
        }
    }
  if (first >= argc)
    {
      print_usage (stderr);
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[first], commands[i].name) == 0)
      command = &commands[i];
  if (command == NULL)
    {
      fail (_ ("unknown command “%s” (see hotlist-cli --help)"), argv[first]);
      return 2;
    }

  if (db == NULL && g_getenv ("HOTLIST_DB") != NULL)
    db = g_strdup (g_getenv ("HOTLIST_DB"));
  if (db == NULL)
    db = hotlist_workspace_get_default_path ();

  workspace = hotlist_workspace_open (db, &error);
  if (workspace == NULL)
    return fail ("%s", error->message);

  return command->func (workspace, argc - first, argv + first);
}
