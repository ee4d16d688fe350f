/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of a workspace's leads as CSV or JSON, in a shape its own import reads back. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "hotlist-csv-reader.h"
#include "hotlist-lead-export.h"

/* The fixed columns, in order; custom attributes follow under their original column names. */
static const char *fixed_columns[] = {
  "hotlist_lead_id", "source_system", "external_id", "first_name",
  "last_name",       "email",         "company",     "job_title",
  "industry",        "company_size",  "country",     "lead_source",
  "status",          "owner",         "created_at",  "last_activity_date",
  "outcome",         "lead_score",    "probability", "tier",
};

typedef struct
{
  HotlistExportFormat format;
  GOutputStream      *stream;
  GCancellable       *cancellable;
  GPtrArray          *custom; /* HotlistAttribute, the non-core ones */
  GString            *line;
  JsonParser         *parser;
  guint64             n_leads;
  GError             *error;
} ExportState;

/* Fills @cells with the lead's fixed values as text (NULL for unknown), in fixed_columns order. */
static void
fixed_cells (const HotlistLead *lead, char *cells[G_N_ELEMENTS (fixed_columns)])
{
  guint n = 0;

  cells[n++] = g_strdup (lead->lead_id);
  cells[n++] = g_strdup (lead->source);
  cells[n++] = g_strdup (lead->external_id);
  for (guint i = HOTLIST_LEAD_FIELD_FIRST_NAME; i <= HOTLIST_LEAD_FIELD_INDUSTRY; i++)
    cells[n++] = g_strdup (lead->text[i]);
  cells[n++] =
      lead->company_size >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, lead->company_size) : NULL;
  for (guint i = HOTLIST_LEAD_FIELD_COUNTRY; i <= HOTLIST_LEAD_FIELD_OWNER; i++)
    cells[n++] = g_strdup (lead->text[i]);
  cells[n++] = lead->created_at > 0 ? hotlist_value_format_date (lead->created_at) : NULL;
  cells[n++] =
      lead->last_activity_date > 0 ? hotlist_value_format_date (lead->last_activity_date) : NULL;
  cells[n++] = g_strdup (hotlist_outcome_to_string (lead->outcome));
  cells[n++] = lead->lead_score >= 0 ? g_strdup_printf ("%d", lead->lead_score) : NULL;
  if (isnan (lead->probability))
    cells[n++] = NULL;
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      cells[n++] = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6f", lead->probability));
    }
  cells[n++] = g_strdup (lead->tier);
  g_assert (n == G_N_ELEMENTS (fixed_columns));
}

static JsonObject *
parse_custom (ExportState *state, const HotlistLead *lead)
{
  JsonNode *root;

  if (lead->custom_json == NULL || state->custom->len == 0)
    return NULL;
  if (!json_parser_load_from_data (state->parser, lead->custom_json, -1, NULL))
    return NULL;
  root = json_parser_get_root (state->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

static const char *
custom_value (JsonObject *object, const char *key)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, key);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
write_csv_lead (ExportState *state, const HotlistLead *lead)
{
  char       *cells[G_N_ELEMENTS (fixed_columns)];
  JsonObject *custom = parse_custom (state, lead);

  fixed_cells (lead, cells);
  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    {
      if (i > 0)
        g_string_append_c (state->line, ',');
      hotlist_csv_append_cell (state->line, cells[i]);
      g_free (cells[i]);
    }
  for (guint i = 0; i < state->custom->len; i++)
    {
      const HotlistAttribute *attribute = g_ptr_array_index (state->custom, i);
      g_string_append_c (state->line, ',');
      hotlist_csv_append_cell (state->line, custom_value (custom, attribute->key));
    }
  g_string_append (state->line, "\r\n");
}

static void
write_json_lead (ExportState *state, const HotlistLead *lead)
{
  g_autoptr (JsonBuilder)   builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode)      root = NULL;
  g_autofree char          *text = NULL;
  char                     *cells[G_N_ELEMENTS (fixed_columns)];
  JsonObject               *custom = parse_custom (state, lead);

  fixed_cells (lead, cells);
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    {
      const char *name = fixed_columns[i];

      json_builder_set_member_name (builder, name);
      if (cells[i] == NULL)
        json_builder_add_null_value (builder);
      else if (strcmp (name, "company_size") == 0 || strcmp (name, "lead_score") == 0)
        json_builder_add_int_value (builder, g_ascii_strtoll (cells[i], NULL, 10));
      else if (strcmp (name, "probability") == 0)
        json_builder_add_double_value (builder, lead->probability);
      else
        json_builder_add_string_value (builder, cells[i]);
      g_free (cells[i]);
    }
  /* Custom attributes sit in an object of their own: a custom column may carry the name of a
   * fixed one (a team's own "status" beside the CRM's "Lead Status"). */
  json_builder_set_member_name (builder, "custom");
  json_builder_begin_object (builder);
  for (guint i = 0; i < state->custom->len; i++)
    {
      const HotlistAttribute *attribute = g_ptr_array_index (state->custom, i);
      const char             *value = custom_value (custom, attribute->key);

      json_builder_set_member_name (builder, attribute->column_name);
      if (value == NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (state->line, state->n_leads == 0 ? "\n  " : ",\n  ");
  g_string_append (state->line, text);
}

static gboolean
flush_line (ExportState *state)
{
  if (state->line->len < 65536)
    return TRUE;
  if (!g_output_stream_write_all (state->stream, state->line->str, state->line->len, NULL,
                                  state->cancellable, &state->error))
    return FALSE;
  g_string_truncate (state->line, 0);
  return TRUE;
}

static gboolean
export_lead_cb (const HotlistLead *lead, gpointer user_data)
{
  ExportState *state = user_data;

  if (state->format == HOTLIST_EXPORT_CSV)
    write_csv_lead (state, lead);
  else
    write_json_lead (state, lead);
  state->n_leads++;
  if (state->n_leads % 4096 == 0
      && g_cancellable_set_error_if_cancelled (state->cancellable, &state->error))
    return FALSE;
  return flush_line (state);
}

/**
 * hotlist_export_leads:
 * @store: a workspace's store
 * @format: CSV or JSON
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every lead, by score: `hotlist_lead_id`, `source_system`, `external_id`, the core
 * fields, `outcome`, `lead_score`, `probability`, `tier`, then each custom attribute under the
 * column name it was imported with (in JSON, in the lead's `custom` object). Importing the CSV
 * again gives back the same leads.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_export_leads (HotlistStore       *store,
                      HotlistExportFormat format,
                      GOutputStream      *stream,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr (GPtrArray)  attributes = NULL;
  g_autoptr (GPtrArray)  custom = g_ptr_array_new ();
  g_autoptr (GString)    line = g_string_sized_new (1 << 17);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  ExportState            state = { 0 };
  gboolean               ok;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  attributes = hotlist_store_list_attributes (store, error);
  if (attributes == NULL)
    return FALSE;
  for (guint i = 0; i < attributes->len; i++)
    {
      HotlistAttribute *attribute = g_ptr_array_index (attributes, i);
      if (!attribute->is_core && attribute->column_name != NULL)
        g_ptr_array_add (custom, attribute);
    }

  state.format = format;
  state.stream = stream;
  state.cancellable = cancellable;
  state.custom = custom;
  state.line = line;
  state.parser = parser;

  if (format == HOTLIST_EXPORT_CSV)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          g_string_append (line, fixed_columns[i]);
        }
      for (guint i = 0; i < custom->len; i++)
        {
          g_string_append_c (line, ',');
          hotlist_csv_append_cell (line, ((HotlistAttribute *)g_ptr_array_index (custom, i))
                                             ->column_name);
        }
      g_string_append (line, "\r\n");
    }
  else
    g_string_append_c (line, '[');

  ok = hotlist_store_foreach_lead (store, HOTLIST_LEAD_ORDER_SCORE, -1, export_lead_cb, &state,
                                   error);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }
  if (!ok)
    return FALSE;

  if (format == HOTLIST_EXPORT_JSON)
    g_string_append (line, state.n_leads > 0 ? "\n]\n" : "]\n");
  if (!g_output_stream_write_all (stream, line->str, line->len, NULL, cancellable, error))
    return FALSE;
  return g_output_stream_flush (stream, cancellable, error);
}
