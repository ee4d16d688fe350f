/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HubSpot connector: contacts through the CRM search API, their calls, meetings and emails as
 * activities, and the score written back into two contact properties. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-provider-hubspot.h"

/* Reference 2.3: at most 200 per search page; 2.2: at most 100 inputs per batch. */
#define DEFAULT_PAGE_SIZE 100
#define SEARCH_MAX_LIMIT 200
#define BATCH_MAX 100
#define CURSOR_PREFIX "hs1:"
#define SCORE_PROPERTY "hotlist_score"
#define TIER_PROPERTY "hotlist_tier"
#define PROPERTY_GROUP "contactinformation"

struct _HotlistProviderHubspot
{
  HotlistProviderBase parent_instance;

  char   **properties;       /* what a pull asks for; NULL until the first pull */
  gboolean score_properties; /* hotlist_score and hotlist_tier are known to exist */
};

G_DEFINE_FINAL_TYPE (HotlistProviderHubspot, hotlist_provider_hubspot, HOTLIST_TYPE_PROVIDER_BASE)

/* Contact properties that map to Hotlist's text fields. */
static const struct
{
  const char      *property;
  HotlistLeadField field;
} text_fields[] = {
  { "firstname", HOTLIST_LEAD_FIELD_FIRST_NAME },
  { "lastname", HOTLIST_LEAD_FIELD_LAST_NAME },
  { "email", HOTLIST_LEAD_FIELD_EMAIL },
  { "company", HOTLIST_LEAD_FIELD_COMPANY },
  { "jobtitle", HOTLIST_LEAD_FIELD_JOB_TITLE },
  { "industry", HOTLIST_LEAD_FIELD_INDUSTRY },
  { "country", HOTLIST_LEAD_FIELD_COUNTRY },
  { "hs_analytics_source", HOTLIST_LEAD_FIELD_LEAD_SOURCE },
  { "hubspot_owner_id", HOTLIST_LEAD_FIELD_OWNER },
};

/* Asked for besides the mapped ones; they and the account's own properties land in `custom`. */
static const char *const special_properties[] = { "hs_lead_status",
                                                  "lifecyclestage",
                                                  "numemployees",
                                                  "createdate",
                                                  "lastmodifieddate",
                                                  "phone",
                                                  "mobilephone",
                                                  "website",
                                                  "city",
                                                  "state",
                                                  NULL };

typedef enum
{
  ENGAGEMENT_CALLS,
  ENGAGEMENT_MEETINGS,
  ENGAGEMENT_EMAILS,
  N_ENGAGEMENTS
} Engagement;

static const struct
{
  const char *object_type;
  const char *prefix; /* of the activity's external id */
  const char *properties[6];
} engagements[N_ENGAGEMENTS] = {
  { "calls",
    "call",
    { "hs_timestamp", "hs_call_title", "hs_call_direction", "hs_call_status", "hs_call_duration",
      NULL } },
  { "meetings",
    "meeting",
    { "hs_timestamp", "hs_meeting_title", "hs_meeting_outcome", "hs_meeting_start_time", NULL } },
  { "emails",
    "email",
    { "hs_timestamp", "hs_email_subject", "hs_email_direction", "hs_email_status", NULL } },
};

/* Helpers: JSON */

static GError *
bad_response (const char *what)
{
  return g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                      _ ("HubSpot sent a bad response: %s"), what);
}

static JsonObject *
get_object (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object, const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A property value as text: HubSpot sends strings, but be lenient with numbers and booleans.
 * Returns NULL for null, empty or anything else. */
static char *
dup_value (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
    }
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return NULL;
}

static char *
dup_member (JsonObject *object, const char *member)
{
  return object ? dup_value (json_object_get_member (object, member)) : NULL;
}

/* HubSpot dates are ISO 8601 ("2024-05-01T10:11:12.345Z") or epoch milliseconds. */
static gboolean
parse_time_ms (const char *text, gint64 *ms)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (g_ascii_isdigit (text[0]))
    {
      char  *end = NULL;
      gint64 v = g_ascii_strtoll (text, &end, 10);

      if (end != text && *end == '\0')
        {
          *ms = v;
          return TRUE;
        }
    }
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static void
add_string_array (JsonBuilder *b, const char *member, const char *const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_filter (JsonBuilder *b, const char *property, const char *op, const char *value)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "propertyName");
  json_builder_add_string_value (b, property);
  json_builder_set_member_name (b, "operator");
  json_builder_add_string_value (b, op);
  json_builder_set_member_name (b, "value");
  json_builder_add_string_value (b, value);
  json_builder_end_object (b);
}

static JsonNode *
request (HotlistProviderHubspot *self,
         const char             *method,
         const char             *path,
         JsonBuilder            *body,
         GCancellable           *cancellable,
         guint                  *status,
         GError                **error)
{
  HotlistHttpClient   *http = hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (self));
  g_autoptr (JsonNode) root = body ? json_builder_get_root (body) : NULL;

  return hotlist_http_client_request_sync (http, method, path, NULL, root, cancellable, status,
                                           error);
}

/* Requests that must answer with a JSON object. */
static JsonNode *
request_object (HotlistProviderHubspot *self,
                const char             *method,
                const char             *path,
                JsonBuilder            *body,
                GCancellable           *cancellable,
                GError                **error)
{
  GError   *local = NULL;
  JsonNode *node = request (self, method, path, body, cancellable, NULL, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      g_propagate_error (error, bad_response (_ ("the answer is not a JSON object")));
      return NULL;
    }
  return node;
}

/* Pull: the properties to ask for */

static gboolean
is_mapped (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (name, text_fields[i].property))
      return TRUE;
  return g_strv_contains (special_properties, name);
}

/* The mapped properties, plus every property the account defined itself (they go to custom). */
static gboolean
ensure_properties (HotlistProviderHubspot *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GStrvBuilder) names = NULL;
  g_autoptr (GError)       local = NULL;
  g_autoptr (JsonNode)     root = NULL;
  JsonArray               *results;

  if (self->properties != NULL)
    return TRUE;
  names = g_strv_builder_new ();
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    g_strv_builder_add (names, text_fields[i].property);
  g_strv_builder_addv (names, (const char **)special_properties);

  root = request_object (self, "GET", "/crm/v3/properties/contacts", NULL, cancellable, &local);
  if (root == NULL)
    {
      /* Without crm.schemas.contacts.read the mapped properties still come. */
      if (!g_error_matches (local, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_FORBIDDEN)
          && !g_error_matches (local, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_debug ("hubspot: cannot list contact properties: %s", local->message);
    }
  else if ((results = get_array (json_node_get_object (root), "results")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode   *node = json_array_get_element (results, i);
          JsonObject *prop = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *name =
              prop ? json_object_get_string_member_with_default (prop, "name", NULL) : NULL;

          if (name == NULL || is_mapped (name) || g_str_equal (name, SCORE_PROPERTY)
              || g_str_equal (name, TIER_PROPERTY)
              || json_object_get_boolean_member_with_default (prop, "hubspotDefined", TRUE))
            continue;
          g_strv_builder_add (names, name);
        }
    }
  self->properties = g_strv_builder_end (names);
  return TRUE;
}

/* Pull: contacts */

static gint64
size_from_text (const char *text)
{
  char  *end = NULL;
  gint64 lo, hi;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return -1;
  lo = g_ascii_strtoll (text, &end, 10);
  /* HubSpot's numemployees is a range ("25-50") or an open one ("1000+"). */
  if (*end == '-' && g_ascii_isdigit (end[1]))
    {
      hi = g_ascii_strtoll (end + 1, NULL, 10);
      return (lo + hi) / 2;
    }
  return lo;
}

static HotlistRemoteLead *
lead_from_result (JsonObject *result, gint64 *modified_ms, GError **error)
{
  g_autoptr (HotlistRemoteLead) lead = hotlist_remote_lead_new ();
  JsonObject                   *props = get_object (result, "properties");
  g_autoptr (GList)             members = NULL;
  g_autofree char              *lead_status = NULL;
  g_autofree char              *lifecycle = NULL;
  g_autofree char              *modified = NULL;
  gboolean                      has_status = FALSE;
  gint64                        ms;

  lead->external_id = dup_member (result, "id");
  if (lead->external_id == NULL || props == NULL)
    {
      g_propagate_error (error, bad_response (_ ("a contact without id or properties")));
      return NULL;
    }
  lead->custom = json_object_new ();
  members = json_object_get_members (props);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char      *name = l->data;
      g_autofree char *value = dup_value (json_object_get_member (props, name));
      gboolean         done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (text_fields) && !done; i++)
        if (g_str_equal (name, text_fields[i].property))
          {
            lead->text[text_fields[i].field] = g_steal_pointer (&value);
            lead->present |= 1u << text_fields[i].field;
            done = TRUE;
          }
      if (done || g_str_equal (name, "hs_object_id") || g_str_equal (name, SCORE_PROPERTY)
          || g_str_equal (name, TIER_PROPERTY))
        continue;
      if (g_str_equal (name, "hs_lead_status"))
        {
          lead_status = g_steal_pointer (&value);
          has_status = TRUE;
        }
      else if (g_str_equal (name, "lifecyclestage"))
        {
          lifecycle = g_steal_pointer (&value);
          has_status = TRUE;
        }
      else if (g_str_equal (name, "numemployees"))
        {
          lead->company_size = size_from_text (value);
          lead->present |= 1u << HOTLIST_LEAD_FIELD_COMPANY_SIZE;
        }
      else if (g_str_equal (name, "createdate"))
        {
          if (parse_time_ms (value, &ms))
            {
              lead->created_at = ms / 1000;
              lead->present |= 1u << HOTLIST_LEAD_FIELD_CREATED_AT;
            }
        }
      else if (g_str_equal (name, "lastmodifieddate"))
        modified = g_steal_pointer (&value);
      else if (value != NULL)
        json_object_set_string_member (lead->custom, name, value);
    }

  if (modified == NULL)
    modified = dup_member (result, "updatedAt");
  if (!parse_time_ms (modified, &ms))
    {
      g_propagate_error (error, bad_response (_ ("a contact without a valid lastmodifieddate")));
      return NULL;
    }
  *modified_ms = ms;
  lead->updated_at = ms / 1000;

  if (has_status)
    {
      /* The lead status is the finer one; the lifecycle stage tells what became of the lead. */
      lead->text[HOTLIST_LEAD_FIELD_STATUS] = g_strdup (lead_status ? lead_status : lifecycle);
      lead->present |= 1u << HOTLIST_LEAD_FIELD_STATUS;
      if (g_strcmp0 (lifecycle, "customer") == 0 || g_strcmp0 (lifecycle, "evangelist") == 0)
        lead->outcome = HOTLIST_OUTCOME_CONVERTED;
      else if (g_strcmp0 (lead_status, "UNQUALIFIED") == 0)
        lead->outcome = HOTLIST_OUTCOME_LOST;
      else
        lead->outcome = HOTLIST_OUTCOME_OPEN;
      lead->present |= 1u << HOTLIST_LEAD_FIELD_OUTCOME;
    }
  return g_steal_pointer (&lead);
}

/* The cursor is "hs1:<lastmodifieddate ms>:<contact id>" of the last contact returned. */
static gboolean
parse_cursor (const char *cursor, gint64 *ts, guint64 *last_id, GError **error)
{
  g_auto (GStrv) parts = NULL;

  *ts = -1;
  *last_id = 0;
  if (cursor == NULL || *cursor == '\0')
    return TRUE;
  if (g_str_has_prefix (cursor, CURSOR_PREFIX))
    parts = g_strsplit (cursor + strlen (CURSOR_PREFIX), ":", -1);
  if (parts == NULL || g_strv_length (parts) != 2
      || !g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT64, ts, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, last_id, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The HubSpot sync position “%s” is not valid; sync from the start again"),
                   cursor);
      return FALSE;
    }
  return TRUE;
}

/* HubSpot's search index follows writes by a few seconds: a contact saved just before the last
 * sync's final page may appear in the index only after it. A new sync starts ten seconds before
 * the stored position; what it reads again is recognised as unchanged. */
#define REWIND_MS 10000

static char *
hubspot_rewind_cursor (HotlistProviderBase *base, const char *cursor)
{
  gint64  ts;
  guint64 last_id;

  if (!parse_cursor (cursor, &ts, &last_id, NULL) || ts < 0)
    return g_strdup (cursor);
  return g_strdup_printf (CURSOR_PREFIX "%" G_GINT64_FORMAT ":0", MAX (ts - REWIND_MS, 0));
}

/* Contacts modified after (ts, id), oldest first. Every page is a new search, so the 10,000
 * results one search may return never run out, and a contact that changes between two pages
 * moves behind the cursor instead of shifting the offsets. Contacts that share one modification
 * time come in id order, and the second filter group resumes inside such a run. */
static JsonBuilder *
build_search (HotlistProviderHubspot *self, gint64 ts, guint64 last_id, guint limit)
{
  JsonBuilder     *b = json_builder_new ();
  g_autofree char *ts_s = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (ts, 0));
  g_autofree char *id_s = g_strdup_printf ("%" G_GUINT64_FORMAT, last_id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "filterGroups");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "filters");
  json_builder_begin_array (b);
  add_filter (b, "lastmodifieddate", ts < 0 ? "GTE" : "GT", ts_s);
  json_builder_end_array (b);
  json_builder_end_object (b);
  if (ts >= 0)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "filters");
      json_builder_begin_array (b);
      add_filter (b, "lastmodifieddate", "EQ", ts_s);
      add_filter (b, "hs_object_id", "GT", id_s);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "sorts");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "propertyName");
  json_builder_add_string_value (b, "lastmodifieddate");
  json_builder_set_member_name (b, "direction");
  json_builder_add_string_value (b, "ASCENDING");
  json_builder_end_object (b);
  json_builder_end_array (b);
  add_string_array (b, "properties", (const char *const *)self->properties);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, limit);
  json_builder_end_object (b);
  return b;
}

/* Pull: engagements */

static const char *
activity_type (Engagement kind, JsonObject *props)
{
  const char *direction =
      json_object_get_string_member_with_default (props, "hs_email_direction", NULL);
  const char *status = NULL;

  switch (kind)
    {
    case ENGAGEMENT_CALLS:
      return "call";
    case ENGAGEMENT_MEETINGS:
      status = json_object_get_string_member_with_default (props, "hs_meeting_outcome", NULL);
      if (g_strcmp0 (status, "CANCELED") == 0)
        return "meeting_canceled";
      if (g_strcmp0 (status, "NO_SHOW") == 0)
        return "meeting_no_show";
      return "meeting_booked";
    case ENGAGEMENT_EMAILS:
    case N_ENGAGEMENTS:
    default:
      status = json_object_get_string_member_with_default (props, "hs_email_status", NULL);
      if (g_strcmp0 (status, "BOUNCED") == 0)
        return "email_bounce";
      if (g_strcmp0 (direction, "INCOMING_EMAIL") == 0)
        return "email_reply";
      return "email_sent";
    }
}

static char *
activity_details (Engagement kind, JsonObject *props)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_autofree char    *title = NULL;
  g_autofree char    *a = NULL;
  g_autofree char    *b = NULL;
  g_autofree char    *duration = NULL;

  switch (kind)
    {
    case ENGAGEMENT_CALLS:
      title = dup_member (props, "hs_call_title");
      a = dup_member (props, "hs_call_direction");
      b = dup_member (props, "hs_call_status");
      duration = dup_member (props, "hs_call_duration");
      break;
    case ENGAGEMENT_MEETINGS:
      title = dup_member (props, "hs_meeting_title");
      b = dup_member (props, "hs_meeting_outcome");
      break;
    case ENGAGEMENT_EMAILS:
    case N_ENGAGEMENTS:
    default:
      title = dup_member (props, "hs_email_subject");
      a = dup_member (props, "hs_email_direction");
      b = dup_member (props, "hs_email_status");
      break;
    }
  if (title != NULL)
    g_string_append (s, title);
  if (a != NULL || b != NULL || duration != NULL)
    {
      gboolean first = TRUE;

      g_string_append (s, s->len > 0 ? " (" : "(");
      if (a != NULL)
        {
          g_string_append (s, a);
          first = FALSE;
        }
      if (b != NULL)
        {
          g_string_append_printf (s, "%s%s", first ? "" : ", ", b);
          first = FALSE;
        }
      if (duration != NULL && g_ascii_strtoll (duration, NULL, 10) > 0)
        g_string_append_printf (s, "%s%" G_GINT64_FORMAT " s", first ? "" : ", ",
                                g_ascii_strtoll (duration, NULL, 10) / 1000);
      g_string_append_c (s, ')');
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

/* Engagement id → the page's contacts it is associated with, through the v4 batch read. */
static GHashTable *
read_associations (HotlistProviderHubspot *self,
                   Engagement              kind,
                   GPtrArray              *contact_ids,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr (GHashTable) map =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  g_autofree char *path = g_strdup_printf ("/crm/v4/associations/contacts/%s/batch/read",
                                           engagements[kind].object_type);
  /* Pairs of (contact id, after), for the contacts with more associations to read. */
  g_autoptr (GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < contact_ids->len; i++)
    {
      g_ptr_array_add (pending, g_strdup (g_ptr_array_index (contact_ids, i)));
      g_ptr_array_add (pending, NULL);
    }
  while (pending->len > 0)
    {
      g_autoptr (GPtrArray) next = g_ptr_array_new_with_free_func (g_free);

      for (guint start = 0; start < pending->len; start += 2 * BATCH_MAX)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          g_autoptr (JsonNode)    root = NULL;
          JsonArray              *results;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "inputs");
          json_builder_begin_array (b);
          for (guint i = start; i < pending->len && i < start + 2 * BATCH_MAX; i += 2)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_string_value (b, g_ptr_array_index (pending, i));
              if (g_ptr_array_index (pending, i + 1) != NULL)
                {
                  json_builder_set_member_name (b, "after");
                  json_builder_add_string_value (b, g_ptr_array_index (pending, i + 1));
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);

          root = request_object (self, "POST", path, b, cancellable, error);
          if (root == NULL)
            return NULL;
          /* Contacts without such associations come back in "errors"; nothing to read there. */
          results = get_array (json_node_get_object (root), "results");
          for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
            {
              JsonNode   *node = json_array_get_element (results, i);
              JsonObject *result =
                  JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
              g_autofree char *from = dup_member (get_object (result, "from"), "id");
              JsonArray       *to = get_array (result, "to");
              g_autofree char *after = NULL;

              if (from == NULL || to == NULL)
                {
                  g_propagate_error (error, bad_response (_ ("an association without ids")));
                  return NULL;
                }
              for (guint k = 0; k < json_array_get_length (to); k++)
                {
                  JsonNode        *tn = json_array_get_element (to, k);
                  g_autofree char *eid =
                      JSON_NODE_HOLDS_OBJECT (tn) ? dup_value (
                          json_object_get_member (json_node_get_object (tn), "toObjectId"))
                                                  : NULL;
                  GPtrArray *contacts;

                  if (eid == NULL)
                    continue;
                  contacts = g_hash_table_lookup (map, eid);
                  if (contacts == NULL)
                    {
                      contacts = g_ptr_array_new_with_free_func (g_free);
                      g_hash_table_insert (map, g_strdup (eid), contacts);
                    }
                  g_ptr_array_add (contacts, g_strdup (from));
                }
              after = dup_member (get_object (get_object (result, "paging"), "next"), "after");
              if (after != NULL)
                {
                  g_ptr_array_add (next, g_steal_pointer (&from));
                  g_ptr_array_add (next, g_steal_pointer (&after));
                }
            }
        }
      g_ptr_array_set_size (pending, 0);
      g_ptr_array_extend_and_steal (pending, g_steal_pointer (&next));
    }
  return g_steal_pointer (&map);
}

static gboolean
read_engagements (HotlistProviderHubspot *self,
                  Engagement              kind,
                  GPtrArray              *contact_ids,
                  HotlistPullPage        *page,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autoptr (GHashTable)  map = read_associations (self, kind, contact_ids, cancellable, error);
  g_autofree char        *path = NULL;
  g_autofree const char **ids = NULL;
  guint                   n;

  if (map == NULL)
    return FALSE;
  n = g_hash_table_size (map);
  if (n == 0)
    return TRUE;
  ids = (const char **)g_hash_table_get_keys_as_array (map, NULL);
  path = g_strdup_printf ("/crm/v3/objects/%s/batch/read", engagements[kind].object_type);
  for (guint start = 0; start < n; start += BATCH_MAX)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;
      JsonArray              *results;

      json_builder_begin_object (b);
      add_string_array (b, "properties", engagements[kind].properties);
      json_builder_set_member_name (b, "inputs");
      json_builder_begin_array (b);
      for (guint i = start; i < n && i < start + BATCH_MAX; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, ids[i]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      root = request_object (self, "POST", path, b, cancellable, error);
      if (root == NULL)
        return FALSE;
      results = get_array (json_node_get_object (root), "results");
      if (results == NULL)
        {
          g_propagate_error (error, bad_response (_ ("no results in an engagement batch")));
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode   *node = json_array_get_element (results, i);
          JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          JsonObject *props = get_object (result, "properties");
          g_autofree char *id = dup_member (result, "id");
          g_autofree char *when = dup_member (props, "hs_timestamp");
          GPtrArray       *contacts = id ? g_hash_table_lookup (map, id) : NULL;
          gint64           ms;

          if (contacts == NULL || props == NULL)
            continue;
          if (when == NULL)
            when = dup_member (result, "createdAt");
          if (!parse_time_ms (when, &ms))
            continue;
          for (guint k = 0; k < contacts->len; k++)
            {
              HotlistRemoteActivity *activity = hotlist_remote_activity_new ();
              const char            *contact = g_ptr_array_index (contacts, k);

              /* One engagement can involve several contacts; each gets its own activity. */
              activity->external_id =
                  g_strdup_printf ("%s:%s:%s", engagements[kind].prefix, id, contact);
              activity->lead_external_id = g_strdup (contact);
              activity->activity_type = g_strdup (activity_type (kind, props));
              activity->activity_date = ms / 1000;
              activity->details = activity_details (kind, props);
              g_ptr_array_add (page->activities, activity);
            }
        }
    }
  return TRUE;
}

static HotlistPullPage *
hotlist_provider_hubspot_pull (HotlistProviderBase *base,
                               const char          *cursor,
                               GCancellable        *cancellable,
                               GError             **error)
{
  HotlistProviderHubspot     *self = HOTLIST_PROVIDER_HUBSPOT (base);
  g_autoptr (HotlistPullPage) page = hotlist_pull_page_new ();
  g_autoptr (GPtrArray)       contact_ids = g_ptr_array_new ();
  g_autoptr (JsonBuilder)     search = NULL;
  g_autoptr (JsonNode)        root = NULL;
  guint                       limit = hotlist_provider_base_get_page_size (base, DEFAULT_PAGE_SIZE);
  gint64                      ts, last_ts;
  guint64                     last_id, max_id;
  JsonArray                  *results;

  if (!parse_cursor (cursor, &ts, &last_id, error) || !ensure_properties (self, cancellable, error))
    return NULL;
  limit = CLAMP (limit, 1, SEARCH_MAX_LIMIT);
  search = build_search (self, ts, last_id, limit);
  root =
      request_object (self, "POST", "/crm/v3/objects/contacts/search", search, cancellable, error);
  if (root == NULL)
    return NULL;
  results = get_array (json_node_get_object (root), "results");
  if (results == NULL)
    {
      g_propagate_error (error, bad_response (_ ("no results in a contact search")));
      return NULL;
    }

  last_ts = ts;
  max_id = last_id;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode          *node = json_array_get_element (results, i);
      HotlistRemoteLead *lead;
      gint64             modified = 0;
      guint64            id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, bad_response (_ ("a contact that is not an object")));
          return NULL;
        }
      lead = lead_from_result (json_node_get_object (node), &modified, error);
      if (lead == NULL)
        return NULL;
      g_ptr_array_add (page->leads, lead);
      g_ptr_array_add (contact_ids, lead->external_id);
      if (!g_ascii_string_to_unsigned (lead->external_id, 10, 0, G_MAXUINT64, &id, NULL))
        {
          g_propagate_error (error, bad_response (_ ("a contact id that is not a number")));
          return NULL;
        }
      /* The search is sorted, but the cursor never goes back whatever the order. */
      if (modified > last_ts || (modified == last_ts && id > max_id))
        {
          last_ts = modified;
          max_id = id;
        }
    }

  for (guint kind = 0; kind < N_ENGAGEMENTS && contact_ids->len > 0; kind++)
    if (!read_engagements (self, kind, contact_ids, page, cancellable, error))
      return NULL;

  if (last_ts >= 0)
    page->cursor =
        g_strdup_printf (CURSOR_PREFIX "%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT, last_ts, max_id);
  else
    page->cursor = g_strdup (cursor);
  page->more = json_array_get_length (results) > 0
               && get_object (get_object (json_node_get_object (root), "paging"), "next") != NULL;
  return g_steal_pointer (&page);
}

/* Push */

static JsonBuilder *
property_definition (const char *name)
{
  static const char *const tiers[] = { "hot", "warm", "cool", "cold", NULL };
  static const char *const tier_labels[] = { "Hot", "Warm", "Cool", "Cold", NULL };
  gboolean                 score = g_str_equal (name, SCORE_PROPERTY);
  JsonBuilder             *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, score ? "Hotlist score" : "Hotlist tier");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, score ? "number" : "enumeration");
  json_builder_set_member_name (b, "fieldType");
  json_builder_add_string_value (b, score ? "number" : "select");
  json_builder_set_member_name (b, "groupName");
  json_builder_add_string_value (b, PROPERTY_GROUP);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, score ? "Lead score from 0 to 100, written by Hotlist"
                                          : "Lead tier, written by Hotlist");
  if (!score)
    {
      json_builder_set_member_name (b, "options");
      json_builder_begin_array (b);
      for (guint i = 0; tiers[i] != NULL; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, tier_labels[i]);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, tiers[i]);
          json_builder_set_member_name (b, "displayOrder");
          json_builder_add_int_value (b, i);
          json_builder_set_member_name (b, "hidden");
          json_builder_add_boolean_value (b, FALSE);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return b;
}

static gboolean
ensure_score_property (HotlistProviderHubspot *self,
                       const char             *name,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autofree char        *path = g_strdup_printf ("/crm/v3/properties/contacts/%s", name);
  g_autoptr (GError)      local = NULL;
  g_autoptr (JsonNode)    root = NULL;
  g_autoptr (JsonBuilder) definition = NULL;
  guint                   status = 0;

  root = request (self, "GET", path, NULL, cancellable, NULL, &local);
  if (local == NULL)
    return TRUE;
  if (!g_error_matches (local, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_clear_error (&local);
  definition = property_definition (name);
  g_clear_pointer (&root, json_node_unref);
  root = request (self, "POST", "/crm/v3/properties/contacts", definition, cancellable, &status,
                  &local);
  /* 409: someone else created it in the meantime. */
  if (local != NULL && status != 409)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Whether an error of one batch means the others would fail too. */
static gboolean
is_fatal (const GError *error)
{
  return error->domain != HOTLIST_HTTP_ERROR || error->code != HOTLIST_HTTP_ERROR_BAD_RESPONSE;
}

static GPtrArray *
hotlist_provider_hubspot_push_scores (HotlistProviderBase *base,
                                      GPtrArray           *updates,
                                      GCancellable        *cancellable,
                                      GError             **error)
{
  HotlistProviderHubspot *self = HOTLIST_PROVIDER_HUBSPOT (base);
  g_autoptr (GPtrArray)   failed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray)   unique = g_ptr_array_new ();
  g_autoptr (GHashTable)  latest = g_hash_table_new (g_str_hash, g_str_equal);
  guint                   written = 0;

  /* A batch may not name a contact twice; the last score of one wins. */
  for (guint i = 0; i < updates->len; i++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, i);

      if (u->external_id == NULL)
        continue;
      if (!g_hash_table_contains (latest, u->external_id))
        g_ptr_array_add (unique, u->external_id);
      g_hash_table_insert (latest, u->external_id, u);
    }
  if (unique->len == 0)
    return g_steal_pointer (&failed);

  if (!self->score_properties)
    {
      if (!ensure_score_property (self, SCORE_PROPERTY, cancellable, error)
          || !ensure_score_property (self, TIER_PROPERTY, cancellable, error))
        return NULL;
      self->score_properties = TRUE;
    }

  for (guint start = 0; start < unique->len; start += BATCH_MAX)
    {
      guint                   end = MIN (start + BATCH_MAX, unique->len);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;
      g_autoptr (GError)      local = NULL;
      g_autoptr (GHashTable)  done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      JsonArray              *results;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "inputs");
      json_builder_begin_array (b);
      for (guint i = start; i < end; i++)
        {
          HotlistScoreUpdate *u = g_hash_table_lookup (latest, g_ptr_array_index (unique, i));
          g_autofree char    *score = g_strdup_printf ("%d", CLAMP (u->score, 0, 100));

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, u->external_id);
          json_builder_set_member_name (b, "properties");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, SCORE_PROPERTY);
          json_builder_add_string_value (b, score);
          json_builder_set_member_name (b, TIER_PROPERTY);
          json_builder_add_string_value (b, u->tier ? u->tier : "");
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      root = request_object (self, "POST", "/crm/v3/objects/contacts/batch/update", b, cancellable,
                             &local);
      if (root == NULL)
        {
          gboolean fatal = is_fatal (local);

          if (fatal && written == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          /* A refused batch fails alone; after an outage the rest is not tried. */
          g_debug ("hubspot: a batch of scores failed: %s", local->message);
          for (guint i = start; i < (fatal ? unique->len : end); i++)
            g_ptr_array_add (failed, g_strdup (g_ptr_array_index (unique, i)));
          if (fatal)
            break;
          continue;
        }
      /* 200 or 207: what is in "results" was written; "errors" names the rest. */
      results = get_array (json_node_get_object (root), "results");
      for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
        {
          JsonNode *node = json_array_get_element (results, i);
          char     *id =
              JSON_NODE_HOLDS_OBJECT (node) ? dup_member (json_node_get_object (node), "id") : NULL;

          if (id != NULL)
            g_hash_table_add (done, id);
        }
      for (guint i = start; i < end; i++)
        {
          const char *id = g_ptr_array_index (unique, i);

          if (g_hash_table_contains (done, id))
            written++;
          else
            g_ptr_array_add (failed, g_strdup (id));
        }
    }
  return g_steal_pointer (&failed);
}

/* GObject */

static void
hotlist_provider_hubspot_finalize (GObject *object)
{
  HotlistProviderHubspot *self = HOTLIST_PROVIDER_HUBSPOT (object);

  g_strfreev (self->properties);
  G_OBJECT_CLASS (hotlist_provider_hubspot_parent_class)->finalize (object);
}

static void
hotlist_provider_hubspot_class_init (HotlistProviderHubspotClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  object_class->finalize = hotlist_provider_hubspot_finalize;
  base_class->service = "hubspot";
  base_class->pull = hotlist_provider_hubspot_pull;
  base_class->push_scores = hotlist_provider_hubspot_push_scores;
  base_class->rewind_cursor = hubspot_rewind_cursor;
}

static void
hotlist_provider_hubspot_init (HotlistProviderHubspot *self)
{
}
