/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Pipedrive connector: persons, their activities and deal outcomes in, scores out (API v2,
 * with v1 for the person fields). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-provider-pipedrive.h"

/* Pipedrive pages hold at most 500 records; `ids` filters take at most 100 (reference 4.3, 4.4). */
#define PIPEDRIVE_PAGE_SIZE 500
#define PIPEDRIVE_MAX_IDS 100
#define SCORE_FIELD "hotlist_score"
#define TIER_FIELD "hotlist_tier"
#define DEAL_COUNT_FIELDS "open_deals_count,won_deals_count,lost_deals_count"
#define CURSOR_VERSION 1
/* How many empty steps one pull may take before it hands back an empty page. */
#define MAX_EMPTY_STEPS 8

/* A pull walks three change streams in turn: persons, then activities, then deals (whose
 * persons are read again so that a deal won or lost updates the lead's outcome). */
typedef enum
{
  PHASE_PERSONS,
  PHASE_ACTIVITIES,
  PHASE_DEALS,
  N_PHASES
} Phase;

static const char *const phase_names[] = { "persons", "activities", "deals" };

/* One sweep over a stream, sorted by update_time then id: `updated_since` is inclusive, so the
 * records at @since with an id up to @tie were already returned. */
typedef struct
{
  gint64  since; /* seconds; 0 for the beginning */
  guint64 tie;
  char   *page; /* Pipedrive's cursor inside the current sweep */
  gint64  sweep_max;
  guint64 sweep_tie;
} Stream;

typedef struct
{
  Phase    phase;
  Stream   streams[N_PHASES];
  gboolean deals_anchored;
} SyncState;

typedef struct
{
  char       *name;
  char       *field_type;
  GHashTable *options; /* option id (as text) → label */
} FieldInfo;

typedef struct
{
  char *name;
  char *country;
} OrgInfo;

struct _HotlistProviderPipedrive
{
  HotlistProviderBase parent_instance;

  GHashTable *fields; /* custom field key → FieldInfo; NULL until read */
  char       *score_key;
  char       *tier_key;
  GHashTable *orgs; /* org id (as text) → OrgInfo */
};

G_DEFINE_FINAL_TYPE (HotlistProviderPipedrive,
                     hotlist_provider_pipedrive,
                     HOTLIST_TYPE_PROVIDER_BASE)

/* Helpers: values */

static void
field_info_free (gpointer data)
{
  FieldInfo *info = data;

  g_free (info->name);
  g_free (info->field_type);
  g_clear_pointer (&info->options, g_hash_table_unref);
  g_free (info);
}

static void
org_info_free (gpointer data)
{
  OrgInfo *info = data;

  g_free (info->name);
  g_free (info->country);
  g_free (info);
}

static void
sync_state_clear (SyncState *state)
{
  for (guint i = 0; i < N_PHASES; i++)
    g_clear_pointer (&state->streams[i].page, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncState, sync_state_clear)

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Ids are JSON numbers; 0 when missing or null. */
static guint64
member_id (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) > 0 ? (guint64)json_node_get_int (node) : 0;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node) > 0 ? (guint64)json_node_get_double (node) : 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoull (json_node_get_string (node), NULL, 10);
  return 0;
}

static gint64
member_count (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  return -1;
}

static gboolean
member_boolean (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* RFC 3339 (v2) or `YYYY-MM-DD HH:MM:SS` in UTC (v1), to UNIX seconds; 0 when unreadable. */
static gint64
parse_time (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char      *copy = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL && strlen (text) == 19 && text[10] == ' ')
    {
      copy = g_strdup (text);
      copy[10] = 'T';
      dt = g_date_time_new_from_iso8601 (copy, utc);
    }
  if (dt == NULL && strlen (text) == 10)
    {
      copy = g_strconcat (text, "T00:00:00", NULL);
      dt = g_date_time_new_from_iso8601 (copy, utc);
    }
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static char *
format_rfc3339 (gint64 seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static GHashTable *
query_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/* Sets a query parameter; the names are static strings. */
static void
query_set (GHashTable *query, const char *name, char *value)
{
  g_hash_table_insert (query, (gpointer)name, value);
}

static gboolean
is_numeric_id (const char *id)
{
  guint64 n;

  return id != NULL && g_ascii_string_to_unsigned (id, 10, 1, G_MAXINT64, &n, NULL);
}

static GError *
bad_answer (const char *what)
{
  return g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                      _ ("Pipedrive sent an answer to %s that Hotlist cannot read"), what);
}

/* The `{success, data, additional_data}` envelope of reference 4.2. */
static JsonObject *
envelope_of (JsonNode *root, const char *what, GError **error)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, bad_answer (what));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!member_boolean (object, "success"))
    {
      const char *message = member_string (object, "error");

      if (message != NULL)
        g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                     _ ("Pipedrive refused to %s: %s"), what, message);
      else
        g_propagate_error (error, bad_answer (what));
      return NULL;
    }
  return object;
}

/* The `data` list of an envelope; an empty list for `null`. */
static JsonArray *
envelope_list (JsonObject *envelope, const char *what, GError **error)
{
  JsonNode *data = json_object_get_member (envelope, "data");

  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return json_array_new ();
  if (!JSON_NODE_HOLDS_ARRAY (data))
    {
      g_propagate_error (error, bad_answer (what));
      return NULL;
    }
  return json_array_ref (json_node_get_array (data));
}

static JsonObject *
additional_data (JsonObject *envelope)
{
  JsonNode *node = json_object_get_member (envelope, "additional_data");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Helpers: the cursor */

static char *
sync_state_to_string (const SyncState *state)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "v");
  json_builder_add_int_value (b, CURSOR_VERSION);
  json_builder_set_member_name (b, "phase");
  json_builder_add_string_value (b, phase_names[state->phase]);
  json_builder_set_member_name (b, "anchored");
  json_builder_add_boolean_value (b, state->deals_anchored);
  for (guint i = 0; i < N_PHASES; i++)
    {
      const Stream *s = &state->streams[i];

      json_builder_set_member_name (b, phase_names[i]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "since");
      json_builder_add_int_value (b, s->since);
      json_builder_set_member_name (b, "tie");
      json_builder_add_int_value (b, (gint64)s->tie);
      if (s->page != NULL)
        {
          json_builder_set_member_name (b, "page");
          json_builder_add_string_value (b, s->page);
          json_builder_set_member_name (b, "max");
          json_builder_add_int_value (b, s->sweep_max);
          json_builder_set_member_name (b, "max_tie");
          json_builder_add_int_value (b, (gint64)s->sweep_tie);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* A cursor Hotlist cannot read (from a newer version, or damaged) starts over: a full pull only
 * writes the same leads again. */
static void
sync_state_parse (SyncState *state, const char *cursor)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject            *root;

  memset (state, 0, sizeof *state);
  if (cursor == NULL || *cursor == '\0')
    return;
  if (!json_parser_load_from_data (parser, cursor, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;
  root = json_node_get_object (json_parser_get_root (parser));
  if (member_count (root, "v") != CURSOR_VERSION)
    goto invalid;
  for (guint i = 0; i < N_PHASES; i++)
    {
      JsonNode   *node = json_object_get_member (root, phase_names[i]);
      JsonObject *o;
      Stream     *s = &state->streams[i];

      if (g_strcmp0 (member_string (root, "phase"), phase_names[i]) == 0)
        state->phase = i;
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        goto invalid;
      o = json_node_get_object (node);
      s->since = MAX (0, member_count (o, "since"));
      s->tie = (guint64)MAX (0, member_count (o, "tie"));
      s->page = g_strdup (member_string (o, "page"));
      s->sweep_max = MAX (s->since, member_count (o, "max"));
      s->sweep_tie = (guint64)MAX (0, member_count (o, "max_tie"));
    }
  state->deals_anchored = member_boolean (root, "anchored");
  return;

invalid:
  g_debug ("pipedrive: unreadable cursor, pulling from the beginning");
  sync_state_clear (state);
  memset (state, 0, sizeof *state);
}

/* Pipedrive keeps update_time to the second: a person saved later in the second of the last one
 * returned, with a lower id, would sort behind the cursor. A new sync starts every stream two
 * seconds earlier, from the persons; what it reads again is recognised as unchanged. */
#define REWIND_SECONDS 2

static char *
pipedrive_rewind_cursor (HotlistProviderBase *base, const char *cursor)
{
  SyncState state;
  char     *rewound;

  sync_state_parse (&state, cursor);
  for (guint i = 0; i < N_PHASES; i++)
    {
      Stream *s = &state.streams[i];

      g_clear_pointer (&s->page, g_free);
      if (s->since > 0)
        s->since = MAX (1, s->since - REWIND_SECONDS);
      s->tie = 0;
      s->sweep_max = s->since;
      s->sweep_tie = 0;
    }
  state.phase = 0;
  rewound = sync_state_to_string (&state);
  sync_state_clear (&state);
  return rewound;
}

/* Helpers: requests */

static JsonNode *
request (HotlistProviderPipedrive *self,
         const char               *method,
         const char               *path,
         GHashTable               *query,
         JsonNode                 *body,
         GCancellable             *cancellable,
         guint                    *status,
         GError                  **error)
{
  HotlistHttpClient *http = hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (self));
  guint              dummy = 0;

  return hotlist_http_client_request_sync (http, method, path, query, body, cancellable,
                                           status != NULL ? status : &dummy, error);
}

/* Reads the next page of a stream sorted by update_time; returns the records not returned
 * before, and moves @s past them. */
static JsonArray *
fetch_stream (HotlistProviderPipedrive *self,
              const char               *path,
              Stream                   *s,
              GHashTable               *extra,
              guint                     limit,
              gboolean                 *ended,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr (JsonNode)  root = NULL;
  g_autoptr (JsonArray) items = NULL;
  g_autoptr (GError)    local_error = NULL;
  JsonArray            *kept;
  JsonObject           *envelope, *more;
  const char           *next;
  guint                 status = 0;

  for (guint attempt = 0; root == NULL; attempt++)
    {
      g_autoptr (GHashTable) query = query_new ();
      GHashTableIter         iter;
      gpointer               key, value;

      if (s->page == NULL)
        {
          s->sweep_max = s->since;
          s->sweep_tie = s->tie;
        }
      if (extra != NULL)
        {
          g_hash_table_iter_init (&iter, extra);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_hash_table_insert (query, key, g_strdup (value));
        }
      query_set (query, "sort_by", g_strdup ("update_time"));
      query_set (query, "sort_direction", g_strdup ("asc"));
      query_set (query, "limit", g_strdup_printf ("%u", limit));
      if (s->since > 0)
        query_set (query, "updated_since", format_rfc3339 (s->since));
      if (s->page != NULL)
        query_set (query, "cursor", g_strdup (s->page));

      g_clear_error (&local_error);
      root = request (self, "GET", path, query, NULL, cancellable, &status, &local_error);
      if (root != NULL)
        break;
      if (local_error != NULL)
        {
          /* A page cursor Pipedrive no longer takes: carry on from what this sweep returned. */
          if (attempt == 0 && s->page != NULL && status == 400
              && g_error_matches (local_error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE))
            {
              s->since = s->sweep_max;
              s->tie = s->sweep_tie;
              g_clear_pointer (&s->page, g_free);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_propagate_error (error, bad_answer (path));
      return NULL;
    }

  envelope = envelope_of (root, path, error);
  if (envelope == NULL)
    return NULL;
  items = envelope_list (envelope, path, error);
  if (items == NULL)
    return NULL;
  more = additional_data (envelope);
  next = member_string (more, "next_cursor");

  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode   *node = json_array_get_element (items, i);
      JsonObject *item;
      gint64      t;
      guint64     id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      id = member_id (item, "id");
      t = parse_time (member_string (item, "update_time"));
      if (id == 0)
        continue;
      if (s->since > 0 && (t < s->since || (t == s->since && id <= s->tie)))
        continue;
      if (t > s->sweep_max)
        {
          s->sweep_max = t;
          s->sweep_tie = id;
        }
      else if (t == s->sweep_max)
        s->sweep_tie = MAX (s->sweep_tie, id);
      json_array_add_element (kept, json_node_copy (node));
    }

  if (next != NULL && *next != '\0' && json_array_get_length (items) > 0)
    {
      g_free (s->page);
      s->page = g_strdup (next);
      *ended = FALSE;
    }
  else
    {
      s->since = s->sweep_max;
      s->tie = s->sweep_tie;
      g_clear_pointer (&s->page, g_free);
      *ended = TRUE;
    }
  return kept;
}

/* Helpers: person fields and organizations */

static gboolean
load_fields (HotlistProviderPipedrive *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) fields =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, field_info_free);
  g_autofree char *score_key = NULL;
  g_autofree char *tier_key = NULL;
  gint64           start = 0;

  /* v1 personFields is offset-paged (reference 4.5). */
  for (;;)
    {
      g_autoptr (GHashTable) query = query_new ();
      g_autoptr (JsonNode)   root = NULL;
      g_autoptr (JsonArray)  items = NULL;
      JsonObject            *envelope, *pagination;
      JsonObject            *more;

      query_set (query, "start", g_strdup_printf ("%" G_GINT64_FORMAT, start));
      query_set (query, "limit", g_strdup_printf ("%u", PIPEDRIVE_PAGE_SIZE));
      root = request (self, "GET", "/api/v1/personFields", query, NULL, cancellable, NULL, error);
      if (root == NULL)
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, bad_answer (_ ("the list of person fields")));
          return FALSE;
        }
      envelope = envelope_of (root, _ ("list the person fields"), error);
      if (envelope == NULL)
        return FALSE;
      items = envelope_list (envelope, _ ("list the person fields"), error);
      if (items == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode   *node = json_array_get_element (items, i);
          JsonObject *item;
          const char *key, *name;
          FieldInfo  *info;
          JsonNode   *options;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          item = json_node_get_object (node);
          key = member_string (item, "key");
          name = member_string (item, "name");
          /* edit_flag marks the custom fields; the standard ones are mapped by hand. */
          if (key == NULL || name == NULL || !member_boolean (item, "edit_flag"))
            continue;
          if (score_key == NULL && g_str_equal (name, SCORE_FIELD))
            score_key = g_strdup (key);
          if (tier_key == NULL && g_str_equal (name, TIER_FIELD))
            tier_key = g_strdup (key);
          info = g_new0 (FieldInfo, 1);
          info->name = g_strdup (name);
          info->field_type = g_strdup (member_string (item, "field_type"));
          options = json_object_get_member (item, "options");
          if (options != NULL && JSON_NODE_HOLDS_ARRAY (options))
            {
              JsonArray *list = json_node_get_array (options);

              info->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              for (guint j = 0; j < json_array_get_length (list); j++)
                {
                  JsonNode   *o = json_array_get_element (list, j);
                  JsonObject *option;

                  if (!JSON_NODE_HOLDS_OBJECT (o))
                    continue;
                  option = json_node_get_object (o);
                  if (member_id (option, "id") > 0 && member_string (option, "label") != NULL)
                    g_hash_table_insert (info->options,
                                         g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                          member_id (option, "id")),
                                         g_strdup (member_string (option, "label")));
                }
            }
          g_hash_table_replace (fields, g_strdup (key), info);
        }
      more = additional_data (envelope);
      pagination = NULL;
      if (more != NULL && json_object_has_member (more, "pagination")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (more, "pagination")))
        pagination = json_object_get_object_member (more, "pagination");
      if (pagination == NULL || !member_boolean (pagination, "more_items_in_collection")
          || member_count (pagination, "next_start") <= start)
        break;
      start = member_count (pagination, "next_start");
    }

  g_clear_pointer (&self->fields, g_hash_table_unref);
  self->fields = g_steal_pointer (&fields);
  g_free (self->score_key);
  self->score_key = g_steal_pointer (&score_key);
  g_free (self->tier_key);
  self->tier_key = g_steal_pointer (&tier_key);
  return TRUE;
}

/* Company names and countries of the organizations in @persons, read by ids in hundreds. */
static gboolean
resolve_orgs (HotlistProviderPipedrive *self,
              JsonArray                *persons,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr (GPtrArray)  missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *p = json_array_get_object_element (persons, i);
      guint64     org = member_id (p, "org_id");
      char       *id;

      if (org == 0)
        continue;
      id = g_strdup_printf ("%" G_GUINT64_FORMAT, org);
      if (g_hash_table_contains (self->orgs, id) || g_hash_table_contains (seen, id))
        {
          g_free (id);
          continue;
        }
      g_hash_table_add (seen, id);
      g_ptr_array_add (missing, id);
    }

  for (guint i = 0; i < missing->len; i += PIPEDRIVE_MAX_IDS)
    {
      g_autoptr (GHashTable) query = query_new ();
      g_autoptr (GString)    ids = g_string_new (NULL);
      g_autoptr (JsonNode)   root = NULL;
      g_autoptr (JsonArray)  items = NULL;
      JsonObject            *envelope;

      for (guint j = i; j < missing->len && j < i + PIPEDRIVE_MAX_IDS; j++)
        g_string_append_printf (ids, "%s%s", j > i ? "," : "", (char *)missing->pdata[j]);
      query_set (query, "ids", g_strdup (ids->str));
      query_set (query, "limit", g_strdup_printf ("%u", PIPEDRIVE_MAX_IDS));
      root = request (self, "GET", "/api/v2/organizations", query, NULL, cancellable, NULL, error);
      if (root == NULL)
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, bad_answer (_ ("the organizations")));
          return FALSE;
        }
      envelope = envelope_of (root, _ ("read organizations"), error);
      if (envelope == NULL)
        return FALSE;
      items = envelope_list (envelope, _ ("read organizations"), error);
      if (items == NULL)
        return FALSE;
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonNode   *node = json_array_get_element (items, j);
          JsonObject *org, *address = NULL;
          OrgInfo    *info;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          org = json_node_get_object (node);
          if (member_id (org, "id") == 0)
            continue;
          if (json_object_has_member (org, "address")
              && JSON_NODE_HOLDS_OBJECT (json_object_get_member (org, "address")))
            address = json_object_get_object_member (org, "address");
          info = g_new0 (OrgInfo, 1);
          info->name = g_strdup (member_string (org, "name"));
          info->country = g_strdup (member_string (address, "country"));
          g_hash_table_replace (self->orgs,
                                g_strdup_printf ("%" G_GUINT64_FORMAT, member_id (org, "id")),
                                info);
        }
    }
  return TRUE;
}

/* Mapping */

static void
set_text (HotlistRemoteLead *lead, HotlistLeadField field, const char *value)
{
  g_free (lead->text[field]);
  lead->text[field] = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
  lead->present |= 1u << field;
}

static const char *
primary_value (JsonObject *person, const char *member)
{
  JsonNode   *node = json_object_get_member (person, member);
  JsonArray  *list;
  const char *first = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode   *e = json_array_get_element (list, i);
      JsonObject *o;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      o = json_node_get_object (e);
      value = member_string (o, "value");
      if (value == NULL || *value == '\0')
        continue;
      if (member_boolean (o, "primary"))
        return value;
      if (first == NULL)
        first = value;
    }
  return first;
}

/* Custom fields with these names fill a core field of the lead instead of an attribute. */
static gboolean
core_field_for_name (const char *name, HotlistLeadField *field)
{
  static const struct
  {
    const char      *name;
    HotlistLeadField field;
  } names[] = {
    { "lead source", HOTLIST_LEAD_FIELD_LEAD_SOURCE }, { "source", HOTLIST_LEAD_FIELD_LEAD_SOURCE },
    { "job title", HOTLIST_LEAD_FIELD_JOB_TITLE },     { "industry", HOTLIST_LEAD_FIELD_INDUSTRY },
    { "lead status", HOTLIST_LEAD_FIELD_STATUS },
  };
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (lower, names[i].name))
      {
        *field = names[i].field;
        return TRUE;
      }
  return FALSE;
}

/* A custom field's value as Hotlist keeps it: option labels for enum and set fields, the amount
 * of a monetary one. */
static JsonNode *
custom_value (FieldInfo *info, JsonNode *value)
{
  if (info != NULL && info->options != NULL && JSON_NODE_HOLDS_VALUE (value)
      && json_node_get_value_type (value) != G_TYPE_STRING)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      const char      *label = g_hash_table_lookup (info->options, id);

      if (label != NULL)
        return json_node_init_string (json_node_alloc (), label);
    }
  if (info != NULL && info->options != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray          *ids = json_node_get_array (value);
      g_autoptr (GString) labels = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          g_autofree char *id =
              g_strdup_printf ("%" G_GINT64_FORMAT, json_array_get_int_element (ids, i));
          const char *label = g_hash_table_lookup (info->options, id);

          g_string_append_printf (labels, "%s%s", labels->len > 0 ? ", " : "",
                                  label != NULL ? label : id);
        }
      return json_node_init_string (json_node_alloc (), labels->str);
    }
  if (JSON_NODE_HOLDS_OBJECT (value)
      && json_object_has_member (json_node_get_object (value), "value"))
    return json_node_copy (json_object_get_member (json_node_get_object (value), "value"));
  if (JSON_NODE_HOLDS_VALUE (value) || JSON_NODE_HOLDS_NULL (value))
    return json_node_copy (value);
  return NULL; /* addresses and other structures are not attributes */
}

static HotlistRemoteLead *
lead_from_person (HotlistProviderPipedrive *self, JsonObject *person)
{
  g_autoptr (HotlistRemoteLead) lead = hotlist_remote_lead_new ();
  const char                   *first = member_string (person, "first_name");
  const char                   *last = member_string (person, "last_name");
  const char                   *name = member_string (person, "name");
  const char                   *phone = primary_value (person, "phones");
  guint64                       org = member_id (person, "org_id");
  guint64                       owner = member_id (person, "owner_id");
  JsonNode                     *custom = json_object_get_member (person, "custom_fields");
  gint64                        won, lost, open;

  lead->external_id = g_strdup_printf ("%" G_GUINT64_FORMAT, member_id (person, "id"));
  lead->custom = json_object_new ();

  /* Pipedrive may hold only the full name; the first word is then taken as the first name. */
  if ((first == NULL || *first == '\0') && (last == NULL || *last == '\0') && name != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (name));
      g_auto (GStrv)   parts = g_strsplit (trimmed, " ", 2);

      set_text (lead, HOTLIST_LEAD_FIELD_FIRST_NAME, parts[0]);
      set_text (lead, HOTLIST_LEAD_FIELD_LAST_NAME, parts[0] != NULL ? parts[1] : NULL);
    }
  else
    {
      set_text (lead, HOTLIST_LEAD_FIELD_FIRST_NAME, first);
      set_text (lead, HOTLIST_LEAD_FIELD_LAST_NAME, last);
    }
  if (json_object_has_member (person, "emails"))
    set_text (lead, HOTLIST_LEAD_FIELD_EMAIL, primary_value (person, "emails"));
  if (json_object_has_member (person, "org_id"))
    {
      g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT, org);
      OrgInfo         *info = org != 0 ? g_hash_table_lookup (self->orgs, key) : NULL;

      if (org == 0 || info != NULL)
        {
          set_text (lead, HOTLIST_LEAD_FIELD_COMPANY, info != NULL ? info->name : NULL);
          set_text (lead, HOTLIST_LEAD_FIELD_COUNTRY, info != NULL ? info->country : NULL);
        }
    }
  if (json_object_has_member (person, "owner_id"))
    {
      g_autofree char *text = owner != 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, owner) : NULL;

      set_text (lead, HOTLIST_LEAD_FIELD_OWNER, text);
    }
  lead->created_at = parse_time (member_string (person, "add_time"));
  if (lead->created_at > 0)
    lead->present |= 1u << HOTLIST_LEAD_FIELD_CREATED_AT;
  lead->updated_at = parse_time (member_string (person, "update_time"));

  /* Outcome from the deal counts asked for with include_fields: any won deal converts the lead;
   * lost deals and none open lose it. */
  won = member_count (person, "won_deals_count");
  lost = member_count (person, "lost_deals_count");
  open = member_count (person, "open_deals_count");
  if (won >= 0 && lost >= 0)
    {
      lead->outcome = won > 0                 ? HOTLIST_OUTCOME_CONVERTED
                      : lost > 0 && open <= 0 ? HOTLIST_OUTCOME_LOST
                                              : HOTLIST_OUTCOME_OPEN;
      lead->present |= 1u << HOTLIST_LEAD_FIELD_OUTCOME;
    }

  if (json_object_has_member (person, "phones"))
    {
      if (phone != NULL)
        json_object_set_string_member (lead->custom, "phone", phone);
      else
        json_object_set_null_member (lead->custom, "phone");
    }
  if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
    {
      JsonObject       *fields = json_node_get_object (custom);
      g_autoptr (GList) keys = json_object_get_members (fields);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          FieldInfo  *info = self->fields != NULL ? g_hash_table_lookup (self->fields, key) : NULL;
          const char *field_name = info != NULL ? info->name : key;
          JsonNode   *value;
          HotlistLeadField core;

          if (g_strcmp0 (key, self->score_key) == 0 || g_strcmp0 (key, self->tier_key) == 0
              || g_str_equal (field_name, SCORE_FIELD) || g_str_equal (field_name, TIER_FIELD))
            continue;
          value = custom_value (info, json_object_get_member (fields, key));
          if (value == NULL)
            continue;
          if (core_field_for_name (field_name, &core))
            {
              set_text (lead, core,
                        JSON_NODE_HOLDS_VALUE (value)
                                && json_node_get_value_type (value) == G_TYPE_STRING
                            ? json_node_get_string (value)
                            : NULL);
              json_node_unref (value);
              continue;
            }
          json_object_set_member (lead->custom, field_name, value);
        }
    }
  return g_steal_pointer (&lead);
}

/* A Pipedrive activity as a Hotlist one: calls and emails once done, meetings once booked; other
 * types (tasks, deadlines) are the team's to-dos, not the lead's engagement. */
static HotlistRemoteActivity *
activity_from_json (JsonObject *object)
{
  HotlistRemoteActivity *activity;
  const char            *type = member_string (object, "type");
  const char            *hotlist_type;
  gboolean               done = member_boolean (object, "done");
  guint64                person = member_id (object, "person_id");
  gint64                 date = 0;

  if (type == NULL || person == 0 || member_boolean (object, "is_deleted"))
    return NULL;
  if (g_str_equal (type, "call") && done)
    hotlist_type = "call";
  else if (g_str_equal (type, "meeting") || g_str_equal (type, "lunch"))
    hotlist_type = "meeting_booked";
  else if (g_str_equal (type, "email") && done)
    hotlist_type = "email_sent";
  else
    return NULL;

  if (done)
    date = parse_time (member_string (object, "marked_as_done_time"));
  if (date == 0 && member_string (object, "due_date") != NULL)
    {
      const char      *time = member_string (object, "due_time");
      g_autofree char *when = g_strdup_printf ("%sT%s:00Z", member_string (object, "due_date"),
                                               time != NULL && strlen (time) == 5 ? time : "00:00");

      date = parse_time (when);
    }
  if (date == 0)
    date = parse_time (member_string (object, "add_time"));

  activity = hotlist_remote_activity_new ();
  activity->external_id = g_strdup_printf ("%" G_GUINT64_FORMAT, member_id (object, "id"));
  activity->lead_external_id = g_strdup_printf ("%" G_GUINT64_FORMAT, person);
  activity->activity_type = g_strdup (hotlist_type);
  activity->activity_date = date;
  activity->details = g_strdup (member_string (object, "subject"));
  return activity;
}

/* Pulling */

static gboolean
ensure_fields (HotlistProviderPipedrive *self, GCancellable *cancellable, GError **error)
{
  return self->fields != NULL || load_fields (self, cancellable, error);
}

static gboolean
add_persons (HotlistProviderPipedrive *self,
             JsonArray                *persons,
             HotlistPullPage          *page,
             GCancellable             *cancellable,
             GError                  **error)
{
  if (json_array_get_length (persons) == 0)
    return TRUE;
  if (!ensure_fields (self, cancellable, error)
      || !resolve_orgs (self, persons, cancellable, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonNode *node = json_array_get_element (persons, i);

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || member_boolean (json_node_get_object (node), "is_deleted"))
        continue;
      g_ptr_array_add (page->leads, lead_from_person (self, json_node_get_object (node)));
    }
  return TRUE;
}

/* Deals changed before the first pull are already in the persons' deal counts: the deals stream
 * starts at the newest deal there is. */
static gboolean
anchor_deals (HotlistProviderPipedrive *self,
              SyncState                *state,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr (GHashTable) query = query_new ();
  g_autoptr (JsonNode)   root = NULL;
  g_autoptr (JsonArray)  items = NULL;
  JsonObject            *envelope;
  Stream                *s = &state->streams[PHASE_DEALS];

  query_set (query, "sort_by", g_strdup ("update_time"));
  query_set (query, "sort_direction", g_strdup ("desc"));
  query_set (query, "limit", g_strdup ("1"));
  root = request (self, "GET", "/api/v2/deals", query, NULL, cancellable, NULL, error);
  if (root == NULL)
    {
      if (error != NULL && *error == NULL)
        g_propagate_error (error, bad_answer (_ ("the list of deals")));
      return FALSE;
    }
  envelope = envelope_of (root, _ ("list deals"), error);
  if (envelope == NULL)
    return FALSE;
  items = envelope_list (envelope, _ ("list deals"), error);
  if (items == NULL)
    return FALSE;
  if (json_array_get_length (items) > 0
      && JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
    {
      JsonObject *deal = json_array_get_object_element (items, 0);

      s->since = parse_time (member_string (deal, "update_time"));
      s->tie = member_id (deal, "id");
    }
  g_clear_pointer (&s->page, g_free);
  state->deals_anchored = TRUE;
  return TRUE;
}

static gboolean
pull_persons (HotlistProviderPipedrive *self,
              SyncState                *state,
              guint                     limit,
              HotlistPullPage          *page,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr (GHashTable) extra = query_new ();
  g_autoptr (JsonArray)  persons = NULL;
  gboolean               ended = FALSE;

  if (!state->deals_anchored && !anchor_deals (self, state, cancellable, error))
    return FALSE;
  query_set (extra, "include_fields", g_strdup (DEAL_COUNT_FIELDS));
  persons = fetch_stream (self, "/api/v2/persons", &state->streams[PHASE_PERSONS], extra, limit,
                          &ended, cancellable, error);
  if (persons == NULL || !add_persons (self, persons, page, cancellable, error))
    return FALSE;
  if (ended)
    state->phase = PHASE_ACTIVITIES;
  page->more = TRUE;
  return TRUE;
}

static gboolean
pull_activities (HotlistProviderPipedrive *self,
                 SyncState                *state,
                 guint                     limit,
                 HotlistPullPage          *page,
                 GCancellable             *cancellable,
                 GError                  **error)
{
  g_autoptr (JsonArray) items = NULL;
  gboolean              ended = FALSE;

  items = fetch_stream (self, "/api/v2/activities", &state->streams[PHASE_ACTIVITIES], NULL, limit,
                        &ended, cancellable, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      HotlistRemoteActivity *activity =
          activity_from_json (json_array_get_object_element (items, i));

      if (activity != NULL)
        g_ptr_array_add (page->activities, activity);
    }
  if (ended)
    state->phase = PHASE_DEALS;
  page->more = TRUE;
  return TRUE;
}

/* Deals won, lost or reopened since the last pull: their persons are read again, with their
 * deal counts, so the outcome follows. */
static gboolean
pull_deals (HotlistProviderPipedrive *self,
            SyncState                *state,
            guint                     limit,
            HotlistPullPage          *page,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr (JsonArray)  deals = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray)  ids = g_ptr_array_new_with_free_func (g_free);
  gboolean               ended = FALSE;

  deals = fetch_stream (self, "/api/v2/deals", &state->streams[PHASE_DEALS], NULL,
                        MIN (limit, PIPEDRIVE_MAX_IDS), &ended, cancellable, error);
  if (deals == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (deals); i++)
    {
      guint64 person = member_id (json_array_get_object_element (deals, i), "person_id");
      char   *id;

      if (person == 0)
        continue;
      id = g_strdup_printf ("%" G_GUINT64_FORMAT, person);
      if (g_hash_table_contains (seen, id))
        {
          g_free (id);
          continue;
        }
      g_hash_table_add (seen, id);
      g_ptr_array_add (ids, id);
    }

  if (ids->len > 0)
    {
      g_autoptr (GHashTable) query = query_new ();
      g_autoptr (GString)    list = g_string_new (NULL);
      g_autoptr (JsonNode)   root = NULL;
      g_autoptr (JsonArray)  persons = NULL;
      JsonObject            *envelope;

      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? "," : "", (char *)ids->pdata[i]);
      query_set (query, "ids", g_strdup (list->str));
      query_set (query, "limit", g_strdup_printf ("%u", PIPEDRIVE_MAX_IDS));
      query_set (query, "include_fields", g_strdup (DEAL_COUNT_FIELDS));
      root = request (self, "GET", "/api/v2/persons", query, NULL, cancellable, NULL, error);
      if (root == NULL)
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, bad_answer (_ ("the persons of changed deals")));
          return FALSE;
        }
      envelope = envelope_of (root, _ ("read persons"), error);
      if (envelope == NULL)
        return FALSE;
      persons = envelope_list (envelope, _ ("read persons"), error);
      if (persons == NULL || !add_persons (self, persons, page, cancellable, error))
        return FALSE;
    }
  if (ended)
    {
      state->phase = PHASE_PERSONS;
      page->more = FALSE;
    }
  else
    page->more = TRUE;
  return TRUE;
}

static HotlistPullPage *
hotlist_provider_pipedrive_pull (HotlistProviderBase *base,
                                 const char          *cursor,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  HotlistProviderPipedrive   *self = HOTLIST_PROVIDER_PIPEDRIVE (base);
  g_autoptr (HotlistPullPage) page = hotlist_pull_page_new ();
  g_auto (SyncState)          state = { 0 };
  guint                       limit =
      MIN (hotlist_provider_base_get_page_size (base, PIPEDRIVE_PAGE_SIZE), PIPEDRIVE_PAGE_SIZE);

  sync_state_parse (&state, cursor);
  /* Empty steps (a stream with nothing new) go on to the next stream in the same call. */
  for (guint step = 0; step < MAX_EMPTY_STEPS; step++)
    {
      gboolean ok;

      switch (state.phase)
        {
        case PHASE_ACTIVITIES:
          ok = pull_activities (self, &state, limit, page, cancellable, error);
          break;
        case PHASE_DEALS:
          ok = pull_deals (self, &state, limit, page, cancellable, error);
          break;
        case PHASE_PERSONS:
        case N_PHASES:
        default:
          ok = pull_persons (self, &state, limit, page, cancellable, error);
          break;
        }
      if (!ok)
        return NULL;
      if (page->leads->len > 0 || page->activities->len > 0 || !page->more)
        break;
    }
  page->cursor = sync_state_to_string (&state);
  return g_steal_pointer (&page);
}

/* Pushing */

static char *
create_field (HotlistProviderPipedrive *self,
              const char               *name,
              const char               *field_type,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;
  g_autoptr (JsonNode)    root = NULL;
  JsonObject             *envelope;
  JsonNode               *data;
  const char             *key;
  FieldInfo              *info;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "field_type");
  json_builder_add_string_value (b, field_type);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  root = request (self, "POST", "/api/v1/personFields", NULL, body, cancellable, NULL, error);
  if (root == NULL)
    {
      if (error != NULL && *error == NULL)
        g_propagate_error (error, bad_answer (_ ("the new person field")));
      return NULL;
    }
  envelope = envelope_of (root, _ ("create a person field"), error);
  if (envelope == NULL)
    return NULL;
  data = json_object_get_member (envelope, "data");
  key = data != NULL && JSON_NODE_HOLDS_OBJECT (data)
            ? member_string (json_node_get_object (data), "key")
            : NULL;
  if (key == NULL || *key == '\0')
    {
      g_propagate_error (error, bad_answer (_ ("the new person field")));
      return NULL;
    }
  info = g_new0 (FieldInfo, 1);
  info->name = g_strdup (name);
  info->field_type = g_strdup (field_type);
  g_hash_table_replace (self->fields, g_strdup (key), info);
  return g_strdup (key);
}

/* The score and tier fields, found by name or created (once per provider). */
static gboolean
ensure_score_fields (HotlistProviderPipedrive *self, GCancellable *cancellable, GError **error)
{
  if (self->score_key != NULL && self->tier_key != NULL)
    return TRUE;
  /* Someone may have made them since the fields were read: Pipedrive allows two fields with one
   * name, so look again before creating. */
  if (!load_fields (self, cancellable, error))
    return FALSE;
  if (self->score_key == NULL
      && (self->score_key = create_field (self, SCORE_FIELD, "double", cancellable, error)) == NULL)
    return FALSE;
  if (self->tier_key == NULL
      && (self->tier_key = create_field (self, TIER_FIELD, "varchar", cancellable, error)) == NULL)
    return FALSE;
  return TRUE;
}

static JsonNode *
score_body (HotlistProviderPipedrive *self, const HotlistScoreUpdate *update)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  FieldInfo              *score_info = g_hash_table_lookup (self->fields, self->score_key);
  FieldInfo              *tier_info = g_hash_table_lookup (self->fields, self->tier_key);
  gboolean                score_is_text = score_info != NULL && score_info->field_type != NULL
                           && !g_str_equal (score_info->field_type, "double");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "custom_fields");
  json_builder_begin_object (b);
  /* v2 refuses numeric strings for number fields, and numbers for text ones (reference 4.5). */
  json_builder_set_member_name (b, self->score_key);
  if (score_is_text)
    {
      g_autofree char *text = g_strdup_printf ("%d", CLAMP (update->score, 0, 100));

      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_int_value (b, CLAMP (update->score, 0, 100));
  json_builder_set_member_name (b, self->tier_key);
  if (update->tier == NULL || *update->tier == '\0')
    json_builder_add_null_value (b);
  else if (tier_info != NULL && tier_info->options != NULL)
    {
      /* A tier field someone made an enum takes the option id of the tier's label. */
      GHashTableIter iter;
      gpointer       id, label;
      gint64         option = 0;

      g_hash_table_iter_init (&iter, tier_info->options);
      while (g_hash_table_iter_next (&iter, &id, &label))
        if (g_ascii_strcasecmp (label, update->tier) == 0)
          option = g_ascii_strtoll (id, NULL, 10);
      if (option > 0)
        json_builder_add_int_value (b, option);
      else
        json_builder_add_null_value (b);
    }
  else
    json_builder_add_string_value (b, update->tier);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Errors after which no other person can be written either. */
static gboolean
is_fatal (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  if (error->domain != HOTLIST_HTTP_ERROR)
    return FALSE;
  return error->code == HOTLIST_HTTP_ERROR_AUTH_EXPIRED
         || error->code == HOTLIST_HTTP_ERROR_FORBIDDEN || error->code == HOTLIST_HTTP_ERROR_NETWORK
         || error->code == HOTLIST_HTTP_ERROR_RATE_LIMITED
         || error->code == HOTLIST_HTTP_ERROR_SERVER
         || error->code == HOTLIST_HTTP_ERROR_INVALID_URL;
}

static GPtrArray *
hotlist_provider_pipedrive_push_scores (HotlistProviderBase *base,
                                        GPtrArray           *updates,
                                        GCancellable        *cancellable,
                                        GError             **error)
{
  HotlistProviderPipedrive *self = HOTLIST_PROVIDER_PIPEDRIVE (base);
  g_autoptr (GPtrArray)     failed = g_ptr_array_new_with_free_func (g_free);
  guint                     written = 0;

  if (updates->len == 0)
    return g_steal_pointer (&failed);
  if (!ensure_score_fields (self, cancellable, error))
    return NULL;

  /* Pipedrive has no batch update for persons: one PATCH each (reference 4.5, 10.3). */
  for (guint i = 0; i < updates->len; i++)
    {
      const HotlistScoreUpdate *update = g_ptr_array_index (updates, i);
      g_autofree char          *path = NULL;
      g_autoptr (JsonNode)      body = NULL;
      g_autoptr (JsonNode)      root = NULL;
      g_autoptr (GError)        local_error = NULL;

      if (!is_numeric_id (update->external_id))
        {
          g_ptr_array_add (failed, g_strdup (update->external_id));
          continue;
        }
      path = g_strdup_printf ("/api/v2/persons/%s", update->external_id);
      body = score_body (self, update);
      root = request (self, "PATCH", path, NULL, body, cancellable, NULL, &local_error);
      if (root != NULL && envelope_of (root, _ ("write a score"), &local_error) != NULL)
        {
          written++;
          continue;
        }
      if (local_error != NULL && is_fatal (local_error))
        {
          if (written == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("pipedrive: stopped writing scores: %s", local_error->message);
          for (guint j = i; j < updates->len; j++)
            g_ptr_array_add (failed,
                             g_strdup (((HotlistScoreUpdate *)g_ptr_array_index (updates, j))
                                           ->external_id));
          break;
        }
      g_debug ("pipedrive: could not write the score of person %s: %s", update->external_id,
               local_error != NULL ? local_error->message : "empty answer");
      g_ptr_array_add (failed, g_strdup (update->external_id));
    }
  return g_steal_pointer (&failed);
}

/* GObject */

static void
hotlist_provider_pipedrive_finalize (GObject *object)
{
  HotlistProviderPipedrive *self = HOTLIST_PROVIDER_PIPEDRIVE (object);

  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->orgs, g_hash_table_unref);
  g_free (self->score_key);
  g_free (self->tier_key);
  G_OBJECT_CLASS (hotlist_provider_pipedrive_parent_class)->finalize (object);
}

static void
hotlist_provider_pipedrive_class_init (HotlistProviderPipedriveClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  object_class->finalize = hotlist_provider_pipedrive_finalize;
  base_class->service = "pipedrive";
  base_class->pull = hotlist_provider_pipedrive_pull;
  base_class->push_scores = hotlist_provider_pipedrive_push_scores;
  base_class->rewind_cursor = pipedrive_rewind_cursor;
}

static void
hotlist_provider_pipedrive_init (HotlistProviderPipedrive *self)
{
  self->orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, org_info_free);
}
