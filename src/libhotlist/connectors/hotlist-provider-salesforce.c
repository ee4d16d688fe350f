/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Salesforce connector: Leads by SOQL on SystemModstamp, their Tasks and Events as
 * activities, scores written back through sObject Collections. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-provider-salesforce.h"

#define API_PATH "/services/data/" HOTLIST_SALESFORCE_API_VERSION
/* A query answers up to 2000 records per batch (reference 3.3). */
#define DEFAULT_PAGE_SIZE 2000
/* sObject Collections take up to 200 records (reference 3.5). */
#define COLLECTION_MAX 200
/* Activities are looked up by lead, this many lead ids per `WhoId IN (…)`, which keeps the
 * query URL well under Salesforce's 16 KB. */
#define WHO_CHUNK 200
/* A concurrent-request 403 is retried this many times, waiting 1, 2, 4 s. */
#define CONCURRENT_RETRIES 3
#define CONCURRENT_WAIT_MS 1000
/* Once the daily allowance is used up, no request is sent for this long. */
#define EXHAUSTED_PAUSE_US (10 * 60 * G_USEC_PER_SEC)
#define CURSOR_VERSION 1

struct _HotlistProviderSalesforce
{
  HotlistProviderBase parent_instance;

  GPtrArray  *lead_fields; /* the Lead fields to select, from describe; NULL until described */
  GHashTable *described;   /* every Lead field name describe listed */
  gboolean    score_fields_ready;
  gint64      exhausted_until; /* monotonic µs */
  gint64      daily_limit;
};

G_DEFINE_FINAL_TYPE (HotlistProviderSalesforce,
                     hotlist_provider_salesforce,
                     HOTLIST_TYPE_PROVIDER_BASE)

/* Where a pull resumes: after (stamp, id) in (SystemModstamp, Id) order, and inside a query
 * whose next batch is at @next. */
typedef struct
{
  gboolean has_position;
  gint64   stamp; /* unix seconds */
  char    *id;
  char    *next;
  gint64   limit;
} Position;

static const struct
{
  const char      *name;
  HotlistLeadField field;
} text_fields[] = {
  { "FirstName", HOTLIST_LEAD_FIELD_FIRST_NAME }, { "LastName", HOTLIST_LEAD_FIELD_LAST_NAME },
  { "Email", HOTLIST_LEAD_FIELD_EMAIL },          { "Company", HOTLIST_LEAD_FIELD_COMPANY },
  { "Title", HOTLIST_LEAD_FIELD_JOB_TITLE },      { "Industry", HOTLIST_LEAD_FIELD_INDUSTRY },
  { "Country", HOTLIST_LEAD_FIELD_COUNTRY },      { "LeadSource", HOTLIST_LEAD_FIELD_LEAD_SOURCE },
  { "Status", HOTLIST_LEAD_FIELD_STATUS },        { "OwnerId", HOTLIST_LEAD_FIELD_OWNER },
};

/* Bookkeeping fields that say nothing about the lead; they stay out of the custom attributes. */
static const char *const skipped_fields[] = {
  "Id",
  "IsDeleted",
  "IsConverted",
  "NumberOfEmployees",
  "CreatedDate",
  "CreatedById",
  "LastModifiedDate",
  "LastModifiedById",
  "SystemModstamp",
  "LastViewedDate",
  "LastReferencedDate",
  "MasterRecordId",
  "PhotoUrl",
  "Name",
  HOTLIST_SALESFORCE_SCORE_FIELD,
  HOTLIST_SALESFORCE_TIER_FIELD,
  NULL,
};

/* Field types a SOQL select list cannot take, or that are of no use to Hotlist. */
static const char *const unselected_types[] = { "address", "location", "base64", "complexvalue",
                                                NULL };

static void
position_clear (Position *pos)
{
  g_clear_pointer (&pos->id, g_free);
  g_clear_pointer (&pos->next, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Position, position_clear)

/* Helpers: values */

static gboolean
parse_datetime (const char *text, gint64 *out)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char      *fixed = NULL;
  gsize                 len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  /* Salesforce writes "+0000"; GDateTime wants "+00:00". */
  if (len > 5 && (text[len - 5] == '+' || text[len - 5] == '-')
      && strchr (text + len - 5, ':') == NULL)
    fixed = g_strdup_printf ("%.*s:%s", (int)(len - 2), text, text + len - 2);
  else if (len == 10)
    fixed = g_strconcat (text, "T00:00:00Z", NULL);
  else
    fixed = g_strdup (text);
  dt = g_date_time_new_from_iso8601 (fixed, utc);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static char *
format_soql_datetime (gint64 seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* A SOQL string literal. */
static void
append_quoted (GString *s, const char *text)
{
  g_string_append_c (s, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GError *
bad_response (const char *what)
{
  return g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                      _ ("Salesforce sent %s that Hotlist cannot read. Try again later; if it "
                         "keeps happening, the org may use a setup Hotlist does not support."),
                      what);
}

/* Helpers: requests */

static gboolean
wait_ms (guint ms, GCancellable *cancellable, GError **error)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, until - g_get_monotonic_time () + 1));
    }
  return TRUE;
}

/* Whether the last `Sforce-Limit-Info` said the org's daily allowance is gone; if so, no
 * request is sent for a while. */
static gboolean
note_exhausted (HotlistProviderSalesforce *self)
{
  HotlistHttpClient  *http = hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (self));
  HotlistHttpRateInfo info;

  if (!hotlist_http_client_get_rate_info (http, &info) || info.daily_limit <= 0)
    return FALSE;
  self->daily_limit = info.daily_limit;
  if (info.daily_remaining > 0)
    {
      self->exhausted_until = 0;
      return FALSE;
    }
  if (self->exhausted_until == 0)
    self->exhausted_until = g_get_monotonic_time () + EXHAUSTED_PAUSE_US;
  return TRUE;
}

static void
set_exhausted_error (HotlistProviderSalesforce *self, GError **error)
{
  g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_RATE_LIMITED,
               _ ("Salesforce: the org’s daily allowance of %" G_GINT64_FORMAT " API requests is "
                  "used up. Hotlist will sync again later; Salesforce counts requests over a "
                  "rolling 24 hours."),
               self->daily_limit);
}

/* One API request, stopping before the daily allowance runs out and waiting out the
 * concurrent-request limit, which Salesforce signals as a 403 rather than a 429. */
static JsonNode *
sf_request (HotlistProviderSalesforce *self,
            const char                *method,
            const char                *path,
            GHashTable                *query,
            JsonNode                  *body,
            GCancellable              *cancellable,
            guint                     *status,
            GError                   **error)
{
  HotlistHttpClient *http = hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (self));

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      JsonNode          *node;
      gboolean           exhausted;

      if (self->exhausted_until > g_get_monotonic_time ())
        {
          set_exhausted_error (self, error);
          return NULL;
        }
      node = hotlist_http_client_request_sync (http, method, path, query, body, cancellable, status,
                                               &local_error);
      exhausted = note_exhausted (self);
      if (local_error == NULL)
        return node;
      if (g_error_matches (local_error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_RATE_LIMITED))
        {
          if (exhausted)
            {
              set_exhausted_error (self, error);
              return NULL;
            }
          if (attempt < CONCURRENT_RETRIES)
            {
              g_debug ("salesforce: %s; retrying", local_error->message);
              if (!wait_ms (CONCURRENT_WAIT_MS << attempt, cancellable, error))
                return NULL;
              continue;
            }
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

typedef struct
{
  JsonArray *records; /* owned by the root */
  gboolean   done;
  gint64     total;
  char      *next;
} QueryResult;

static gboolean
read_query_result (JsonNode *root, QueryResult *out, GError **error)
{
  JsonObject *object;
  JsonNode   *records, *done, *total;
  const char *next;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, bad_response (_ ("a query answer")));
      return FALSE;
    }
  object = json_node_get_object (root);
  records = json_object_get_member (object, "records");
  done = json_object_get_member (object, "done");
  total = json_object_get_member (object, "totalSize");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records) || done == NULL
      || !JSON_NODE_HOLDS_VALUE (done) || json_node_get_value_type (done) != G_TYPE_BOOLEAN)
    {
      g_propagate_error (error, bad_response (_ ("a query answer without records")));
      return FALSE;
    }
  out->records = json_node_get_array (records);
  out->done = json_node_get_boolean (done);
  out->total = total != NULL && JSON_NODE_HOLDS_VALUE (total) ? json_node_get_int (total) : 0;
  next = member_string (object, "nextRecordsUrl");
  out->next = !out->done && next != NULL ? g_strdup (next) : NULL;
  if (!out->done && out->next == NULL)
    {
      g_propagate_error (error, bad_response (_ ("an unfinished query answer with no next page")));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
run_soql (HotlistProviderSalesforce *self,
          const char                *soql,
          GCancellable              *cancellable,
          GError                   **error)
{
  g_autoptr (GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (query, (char *)"q", (char *)soql);
  return sf_request (self, "GET", API_PATH "/query", query, NULL, cancellable, NULL, error);
}

/* Runs a query to the end, following nextRecordsUrl; calls @func on each record. */
static gboolean
query_all (HotlistProviderSalesforce *self,
           const char                *soql,
           void (*func) (JsonObject *record, gpointer data),
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (JsonNode) root = run_soql (self, soql, cancellable, error);

  while (root != NULL)
    {
      QueryResult      result = { 0 };
      g_autofree char *next = NULL;

      if (!read_query_result (root, &result, error))
        return FALSE;
      next = result.next;
      for (guint i = 0; i < json_array_get_length (result.records); i++)
        {
          JsonNode *node = json_array_get_element (result.records, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            func (json_node_get_object (node), data);
        }
      g_clear_pointer (&root, json_node_unref);
      if (next == NULL)
        return TRUE;
      root = sf_request (self, "GET", next, NULL, NULL, cancellable, NULL, error);
    }
  return FALSE;
}

/* Helpers: describe */

static gboolean
describe_leads (HotlistProviderSalesforce *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (JsonNode)   root = NULL;
  g_autoptr (GPtrArray)  select = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) described = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode              *fields;
  gboolean               has_id = FALSE, has_stamp = FALSE;

  root = sf_request (self, "GET", API_PATH "/sobjects/Lead/describe", NULL, NULL, cancellable, NULL,
                     error);
  if (root == NULL)
    {
      if (error != NULL && *error == NULL)
        g_propagate_error (error, bad_response (_ ("an empty description of leads")));
      return FALSE;
    }
  fields = JSON_NODE_HOLDS_OBJECT (root)
               ? json_object_get_member (json_node_get_object (root), "fields")
               : NULL;
  if (fields == NULL || !JSON_NODE_HOLDS_ARRAY (fields))
    {
      g_propagate_error (error, bad_response (_ ("a description of leads")));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      JsonNode   *node = json_array_get_element (json_node_get_array (fields), i);
      JsonObject *field = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = field ? member_string (field, "name") : NULL;
      const char *type = field ? member_string (field, "type") : NULL;

      if (name == NULL)
        continue;
      g_hash_table_add (described, g_strdup (name));
      if (type != NULL && g_strv_contains (unselected_types, type))
        continue;
      if (g_str_equal (name, HOTLIST_SALESFORCE_SCORE_FIELD)
          || g_str_equal (name, HOTLIST_SALESFORCE_TIER_FIELD))
        continue;
      has_id |= g_str_equal (name, "Id");
      has_stamp |= g_str_equal (name, "SystemModstamp");
      g_ptr_array_add (select, g_strdup (name));
    }
  if (!has_id || !has_stamp)
    {
      g_propagate_error (error, bad_response (_ ("a description of leads without Id or "
                                                 "SystemModstamp")));
      return FALSE;
    }
  g_clear_pointer (&self->lead_fields, g_ptr_array_unref);
  g_clear_pointer (&self->described, g_hash_table_unref);
  self->lead_fields = g_steal_pointer (&select);
  self->described = g_steal_pointer (&described);
  return TRUE;
}

/* Helpers: pull */

static gboolean cursor_parse (const char *cursor, Position *pos, GError **error);
static char    *cursor_format (const Position *pos);

/* Salesforce keeps SystemModstamp to the second: a lead saved later in the second of the last
 * one pulled, with a lower id, would sort behind the cursor. A new sync starts two seconds
 * earlier, from the start of a query. */
#define REWIND_SECONDS 2

static char *
salesforce_rewind_cursor (HotlistProviderBase *base, const char *cursor)
{
  Position pos;
  char    *rewound;

  if (!cursor_parse (cursor, &pos, NULL) || !pos.has_position)
    {
      g_free (pos.id);
      g_free (pos.next);
      return g_strdup (cursor);
    }
  pos.stamp -= REWIND_SECONDS;
  g_clear_pointer (&pos.next, g_free);
  /* The lowest id: every lead of that second comes again. */
  g_free (pos.id);
  pos.id = g_strdup ("");
  rewound = cursor_format (&pos);
  g_free (pos.id);
  return rewound;
}

static gboolean
cursor_parse (const char *cursor, Position *pos, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject            *object;

  memset (pos, 0, sizeof *pos);
  if (cursor == NULL || *cursor == '\0')
    return TRUE;
  if (!json_parser_load_from_data (parser, cursor, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || json_object_get_int_member_with_default ((object = json_node_get_object (
                                                       json_parser_get_root (parser))),
                                                  "v", 0)
             != CURSOR_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The saved Salesforce sync position is not one Hotlist can read; "
                      "disconnect and connect the account again to start over."));
      return FALSE;
    }
  if (json_object_has_member (object, "t") && member_string (object, "id") != NULL)
    {
      pos->has_position = TRUE;
      pos->stamp = json_object_get_int_member (object, "t");
      pos->id = g_strdup (member_string (object, "id"));
    }
  if (member_string (object, "next") != NULL)
    pos->next = g_strdup (member_string (object, "next"));
  pos->limit = json_object_get_int_member_with_default (object, "limit", DEFAULT_PAGE_SIZE);
  return TRUE;
}

static char *
cursor_format (const Position *pos)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "v");
  json_builder_add_int_value (b, CURSOR_VERSION);
  if (pos->has_position)
    {
      json_builder_set_member_name (b, "t");
      json_builder_add_int_value (b, pos->stamp);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, pos->id);
    }
  if (pos->next != NULL)
    {
      json_builder_set_member_name (b, "next");
      json_builder_add_string_value (b, pos->next);
    }
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, pos->limit);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* SELECT … FROM Lead, after the position, oldest change first, ties broken by Id. The leading
 * SystemModstamp range keeps the query selective on Salesforce's index. */
static char *
build_lead_query (HotlistProviderSalesforce *self, const Position *pos, gint64 limit)
{
  GString *s = g_string_new ("SELECT ");

  for (guint i = 0; i < self->lead_fields->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (self->lead_fields, i));
    }
  g_string_append (s, " FROM Lead");
  if (pos->has_position)
    {
      g_autofree char *t = format_soql_datetime (pos->stamp);

      g_string_append_printf (s, " WHERE SystemModstamp >= %s AND (SystemModstamp > %s OR Id > ", t,
                              t);
      append_quoted (s, pos->id);
      g_string_append_c (s, ')');
    }
  g_string_append_printf (s, " ORDER BY SystemModstamp ASC, Id ASC LIMIT %" G_GINT64_FORMAT, limit);
  return g_string_free (s, FALSE);
}

static HotlistRemoteLead *
lead_from_record (JsonObject *record, GError **error)
{
  g_autoptr (HotlistRemoteLead) lead = hotlist_remote_lead_new ();
  g_autoptr (GList)             members = NULL;
  const char                   *id = member_string (record, "Id");
  const char                   *status;
  JsonNode                     *node;

  if (id == NULL || !parse_datetime (member_string (record, "SystemModstamp"), &lead->updated_at))
    {
      g_propagate_error (error, bad_response (_ ("a lead without Id or SystemModstamp")));
      return NULL;
    }
  lead->external_id = g_strdup (id);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      node = json_object_get_member (record, text_fields[i].name);
      if (node == NULL)
        continue;
      lead->present |= 1u << text_fields[i].field;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && *json_node_get_string (node) != '\0')
        lead->text[text_fields[i].field] = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (record, "NumberOfEmployees");
  if (node != NULL)
    {
      lead->present |= 1u << HOTLIST_LEAD_FIELD_COMPANY_SIZE;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING)
        lead->company_size = (gint64)json_node_get_double (node);
    }
  if (parse_datetime (member_string (record, "CreatedDate"), &lead->created_at))
    lead->present |= 1u << HOTLIST_LEAD_FIELD_CREATED_AT;

  /* A converted lead won; one closed without converting was lost. */
  node = json_object_get_member (record, "IsConverted");
  status = lead->text[HOTLIST_LEAD_FIELD_STATUS];
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      lead->present |= 1u << HOTLIST_LEAD_FIELD_OUTCOME;
      if (json_node_get_boolean (node))
        lead->outcome = HOTLIST_OUTCOME_CONVERTED;
      else if (status != NULL && g_ascii_strncasecmp (status, "Closed", 6) == 0)
        lead->outcome = HOTLIST_OUTCOME_LOST;
      else
        lead->outcome = HOTLIST_OUTCOME_OPEN;
    }

  members = json_object_get_members (record);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gboolean mapped = g_str_equal (name, "attributes") || g_strv_contains (skipped_fields, name);

      for (guint i = 0; !mapped && i < G_N_ELEMENTS (text_fields); i++)
        mapped = g_str_equal (name, text_fields[i].name);
      node = json_object_get_member (record, name);
      if (mapped || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (lead->custom == NULL)
        lead->custom = json_object_new ();
      json_object_set_member (lead->custom, name, json_node_copy (node));
    }
  return g_steal_pointer (&lead);
}

typedef struct
{
  GPtrArray *activities;
  gboolean   events;
} ActivityCollector;

static void
collect_activity_cb (JsonObject *record, gpointer data)
{
  ActivityCollector     *collector = data;
  const char            *id = member_string (record, "Id");
  const char            *who = member_string (record, "WhoId");
  const char            *subject = member_string (record, "Subject");
  const char            *type;
  gint64                 date = 0;
  HotlistRemoteActivity *activity;

  if (id == NULL || who == NULL)
    return;
  if (collector->events)
    {
      type = "meeting_booked";
      if (!parse_datetime (member_string (record, "ActivityDateTime"), &date)
          && !parse_datetime (member_string (record, "ActivityDate"), &date))
        parse_datetime (member_string (record, "CreatedDate"), &date);
    }
  else
    {
      const char *subtype = member_string (record, "TaskSubtype");

      if (g_strcmp0 (subtype, "Call") == 0)
        type = "call";
      /* An email the lead answered is logged with the reply's subject. */
      else if (g_strcmp0 (subtype, "Email") == 0)
        type = subject != NULL && g_ascii_strncasecmp (subject, "Re:", 3) == 0 ? "email_reply"
                                                                               : "email_sent";
      else
        return;
      if (!parse_datetime (member_string (record, "ActivityDate"), &date))
        parse_datetime (member_string (record, "CreatedDate"), &date);
    }
  activity = hotlist_remote_activity_new ();
  activity->external_id = g_strdup (id);
  activity->lead_external_id = g_strdup (who);
  activity->activity_type = g_strdup (type);
  activity->activity_date = date;
  if (subject != NULL && member_string (record, "CallType") != NULL)
    activity->details = g_strdup_printf ("%s (%s)", subject, member_string (record, "CallType"));
  else
    activity->details = g_strdup (subject);
  g_ptr_array_add (collector->activities, activity);
}

/* The calls, emails and meetings of the page's leads. */
static gboolean
pull_activities (HotlistProviderSalesforce *self,
                 GPtrArray                 *leads,
                 GPtrArray                 *activities,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  for (guint start = 0; start < leads->len; start += WHO_CHUNK)
    {
      g_autoptr (GString) in = g_string_new (NULL);
      g_autofree char    *tasks = NULL;
      g_autofree char    *events = NULL;
      ActivityCollector   collector = { activities, FALSE };

      for (guint i = start; i < MIN (start + WHO_CHUNK, leads->len); i++)
        {
          if (i > start)
            g_string_append_c (in, ',');
          append_quoted (in, ((HotlistRemoteLead *)g_ptr_array_index (leads, i))->external_id);
        }
      tasks = g_strdup_printf ("SELECT Id, WhoId, Subject, TaskSubtype, CallType, ActivityDate, "
                               "CreatedDate FROM Task WHERE WhoId IN (%s) AND TaskSubtype IN "
                               "('Call', 'Email') ORDER BY Id",
                               in->str);
      events = g_strdup_printf ("SELECT Id, WhoId, Subject, ActivityDateTime, ActivityDate, "
                                "CreatedDate FROM Event WHERE WhoId IN (%s) ORDER BY Id",
                                in->str);
      if (!query_all (self, tasks, collect_activity_cb, &collector, cancellable, error))
        return FALSE;
      collector.events = TRUE;
      if (!query_all (self, events, collect_activity_cb, &collector, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* Helpers: push */

static gboolean
create_field (HotlistProviderSalesforce *self,
              const char                *name,
              GCancellable              *cancellable,
              GError                   **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode)    body = NULL;
  g_autoptr (JsonNode)    reply = NULL;
  g_autoptr (GError)      local_error = NULL;
  g_autofree char        *full_name = g_strconcat ("Lead.", name, NULL);
  gboolean                score = g_str_equal (name, HOTLIST_SALESFORCE_SCORE_FIELD);

  /* Labels are the org's metadata, seen by all its users, so they are not translated. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "FullName");
  json_builder_add_string_value (b, full_name);
  json_builder_set_member_name (b, "Metadata");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, score ? "Hotlist Score" : "Hotlist Tier");
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, score
                                        ? "Lead score from 0 to 100, written by Hotlist"
                                        : "Lead tier (hot, warm, cool, cold), written by Hotlist");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, score ? "Number" : "Text");
  if (score)
    {
      json_builder_set_member_name (b, "precision");
      json_builder_add_int_value (b, 3);
      json_builder_set_member_name (b, "scale");
      json_builder_add_int_value (b, 0);
    }
  else
    {
      json_builder_set_member_name (b, "length");
      json_builder_add_int_value (b, 10);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  reply = sf_request (self, "POST", API_PATH "/tooling/sobjects/CustomField", NULL, body,
                      cancellable, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Creates the score and tier fields on Lead unless describe lists them; once per provider. */
static gboolean
ensure_score_fields (HotlistProviderSalesforce *self, GCancellable *cancellable, GError **error)
{
  const char *const names[] = { HOTLIST_SALESFORCE_SCORE_FIELD, HOTLIST_SALESFORCE_TIER_FIELD };
  gboolean          created = FALSE;

  if (self->score_fields_ready)
    return TRUE;
  if (!describe_leads (self, cancellable, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (g_hash_table_contains (self->described, names[i]))
        continue;
      if (!create_field (self, names[i], cancellable, &local_error))
        {
          /* Someone else may have created it since describe; the check below tells. */
          if (!g_error_matches (local_error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE))
            {
              g_propagate_prefixed_error (
                  error, g_steal_pointer (&local_error),
                  _ ("Could not create the Lead field %s in Salesforce; a Salesforce admin can "
                     "create it (%s) instead: "),
                  names[i], i == 0 ? "Number(3, 0)" : "Text(10)");
              return FALSE;
            }
          g_debug ("salesforce: creating %s: %s", names[i], local_error->message);
        }
      created = TRUE;
    }
  if (created)
    {
      if (!describe_leads (self, cancellable, error))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (!g_hash_table_contains (self->described, names[i]))
          {
            g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_FORBIDDEN,
                         _ ("Salesforce: the Lead field %s is missing or hidden from this user. "
                            "Ask a Salesforce admin to create it, or to give your profile "
                            "read and edit access to it."),
                         names[i]);
            return FALSE;
          }
    }
  self->score_fields_ready = TRUE;
  return TRUE;
}

static JsonNode *
build_collection (GPtrArray *updates, guint start, guint end)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "allOrNone");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = start; i < end; i++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "attributes");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "Lead");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, u->external_id);
      json_builder_set_member_name (b, HOTLIST_SALESFORCE_SCORE_FIELD);
      json_builder_add_int_value (b, CLAMP (u->score, 0, 100));
      json_builder_set_member_name (b, HOTLIST_SALESFORCE_TIER_FIELD);
      if (u->tier != NULL && *u->tier != '\0')
        json_builder_add_string_value (b, u->tier);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Sends one chunk; adds the ids Salesforce refused to @failed and returns how many it wrote. */
static gboolean
push_chunk (HotlistProviderSalesforce *self,
            GPtrArray                 *updates,
            guint                      start,
            guint                      end,
            GPtrArray                 *failed,
            guint                     *written,
            GCancellable              *cancellable,
            GError                   **error)
{
  g_autoptr (JsonNode) body = build_collection (updates, start, end);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GError)   local_error = NULL;
  guint                status = 0;
  JsonArray           *results;

  reply = sf_request (self, "PATCH", API_PATH "/composite/sobjects", NULL, body, cancellable,
                      &status, &local_error);
  if (reply == NULL && status == 400 && local_error != NULL)
    {
      /* INVALID_FIELD: the fields went away since they were checked; make them again. */
      g_debug ("salesforce: score update refused (%s); checking the fields", local_error->message);
      g_clear_error (&local_error);
      self->score_fields_ready = FALSE;
      if (!ensure_score_fields (self, cancellable, error))
        return FALSE;
      reply = sf_request (self, "PATCH", API_PATH "/composite/sobjects", NULL, body, cancellable,
                          &status, &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply)
      || json_array_get_length (json_node_get_array (reply)) != end - start)
    {
      g_propagate_error (error, bad_response (_ ("an answer to a score update")));
      return FALSE;
    }
  results = json_node_get_array (reply);
  for (guint i = start; i < end; i++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, i);
      JsonNode           *node = json_array_get_element (results, i - start);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (result != NULL && json_object_get_boolean_member_with_default (result, "success", FALSE))
        (*written)++;
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_debug ("salesforce: %s refused: %s", u->external_id, text);
          g_ptr_array_add (failed, g_strdup (u->external_id));
        }
    }
  return TRUE;
}

/* VFuncs */

static HotlistPullPage *
hotlist_provider_salesforce_pull (HotlistProviderBase *base,
                                  const char          *cursor,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  HotlistProviderSalesforce  *self = HOTLIST_PROVIDER_SALESFORCE (base);
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (JsonNode)        root = NULL;
  g_auto (Position)           pos = { 0 };
  QueryResult                 result = { 0 };
  guint                       n_records;

  if (!cursor_parse (cursor, &pos, error))
    return NULL;
  if (self->lead_fields == NULL && !describe_leads (self, cancellable, error))
    {
      g_prefix_error (error, _ ("Could not read the lead fields from Salesforce: "));
      return NULL;
    }

  if (pos.next != NULL)
    {
      g_autoptr (GError) local_error = NULL;
      guint              status = 0;

      root = sf_request (self, "GET", pos.next, NULL, NULL, cancellable, &status, &local_error);
      if (root == NULL && (status == 400 || status == 404))
        {
          /* The query cursor expired (INVALID_QUERY_LOCATOR); the position says where to
           * start the query again. */
          g_debug ("salesforce: %s; querying again", local_error->message);
          g_clear_pointer (&pos.next, g_free);
        }
      else if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _ ("Could not read the leads from Salesforce: "));
          return NULL;
        }
    }
  if (pos.next == NULL)
    {
      g_autofree char *soql = NULL;

      pos.limit = hotlist_provider_base_get_page_size (base, DEFAULT_PAGE_SIZE);
      soql = build_lead_query (self, &pos, pos.limit);
      root = run_soql (self, soql, cancellable, error);
      if (root == NULL)
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, bad_response (_ ("an empty query answer")));
          g_prefix_error (error, _ ("Could not read the leads from Salesforce: "));
          return NULL;
        }
    }
  if (!read_query_result (root, &result, error))
    return NULL;

  page = hotlist_pull_page_new ();
  n_records = json_array_get_length (result.records);
  for (guint i = 0; i < n_records; i++)
    {
      JsonNode          *node = json_array_get_element (result.records, i);
      HotlistRemoteLead *lead;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      lead = lead_from_record (json_node_get_object (node), error);
      if (lead == NULL)
        {
          g_free (result.next);
          return NULL;
        }
      /* The position only moves forward, whatever order the records came in. */
      if (!pos.has_position || lead->updated_at > pos.stamp
          || (lead->updated_at == pos.stamp && strcmp (lead->external_id, pos.id) > 0))
        {
          pos.has_position = TRUE;
          pos.stamp = lead->updated_at;
          g_free (pos.id);
          pos.id = g_strdup (lead->external_id);
        }
      g_ptr_array_add (page->leads, lead);
    }

  if (!pull_activities (self, page->leads, page->activities, cancellable, error))
    {
      g_free (result.next);
      g_prefix_error (error, _ ("Could not read the activities of leads from Salesforce: "));
      return NULL;
    }

  g_free (pos.next);
  pos.next = result.next;
  /* A query that returned its whole LIMIT may have left records for the next one. */
  page->more = pos.next != NULL || (n_records > 0 && result.total >= pos.limit);
  page->cursor = cursor_format (&pos);
  return g_steal_pointer (&page);
}

static GPtrArray *
hotlist_provider_salesforce_push_scores (HotlistProviderBase *base,
                                         GPtrArray           *updates,
                                         GCancellable        *cancellable,
                                         GError             **error)
{
  HotlistProviderSalesforce *self = HOTLIST_PROVIDER_SALESFORCE (base);
  g_autoptr (GPtrArray)      failed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray)      valid = g_ptr_array_new ();
  guint                      written = 0;

  for (guint i = 0; i < updates->len; i++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, i);

      if (u->external_id == NULL || *u->external_id == '\0')
        continue;
      g_ptr_array_add (valid, u);
    }
  if (valid->len == 0)
    return g_steal_pointer (&failed);

  if (!ensure_score_fields (self, cancellable, error))
    return NULL;

  for (guint start = 0; start < valid->len; start += COLLECTION_MAX)
    {
      guint              end = MIN (start + COLLECTION_MAX, valid->len);
      g_autoptr (GError) local_error = NULL;

      if (push_chunk (self, valid, start, end, failed, &written, cancellable, &local_error))
        continue;
      if (written == 0 && failed->len == 0)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _ ("Could not write the scores to Salesforce: "));
          return NULL;
        }
      /* Some were written: report the rest as not written, and stop. */
      g_debug ("salesforce: score update stopped: %s", local_error->message);
      for (guint i = start; i < valid->len; i++)
        g_ptr_array_add (failed,
                         g_strdup (
                             ((HotlistScoreUpdate *)g_ptr_array_index (valid, i))->external_id));
      break;
    }
  return g_steal_pointer (&failed);
}

static void
hotlist_provider_salesforce_finalize (GObject *object)
{
  HotlistProviderSalesforce *self = HOTLIST_PROVIDER_SALESFORCE (object);

  g_clear_pointer (&self->lead_fields, g_ptr_array_unref);
  g_clear_pointer (&self->described, g_hash_table_unref);

  G_OBJECT_CLASS (hotlist_provider_salesforce_parent_class)->finalize (object);
}

static void
hotlist_provider_salesforce_class_init (HotlistProviderSalesforceClass *klass)
{
  GObjectClass             *object_class = G_OBJECT_CLASS (klass);
  HotlistProviderBaseClass *base_class = HOTLIST_PROVIDER_BASE_CLASS (klass);

  object_class->finalize = hotlist_provider_salesforce_finalize;

  base_class->service = "salesforce";
  base_class->pull = hotlist_provider_salesforce_pull;
  base_class->push_scores = hotlist_provider_salesforce_push_scores;
  base_class->rewind_cursor = salesforce_rewind_cursor;
}

static void
hotlist_provider_salesforce_init (HotlistProviderSalesforce *self)
{
}
