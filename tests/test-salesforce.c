/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the fake Salesforce (driven with plain libsoup) and of the Salesforce connector
 * against it. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "connectors/hotlist-provider-salesforce.h"
#include "hotlist-fake-salesforce.h"

#define API "/services/data/" HOTLIST_SALESFORCE_API_VERSION

typedef struct
{
  HotlistFakeSalesforce *fake;
  SoupSession           *session;
  char                  *token;
  char                  *refresh;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->fake = hotlist_fake_salesforce_new ();
  g_assert_true (hotlist_fake_salesforce_start_in_thread (fx->fake, &error));
  g_assert_no_error (error);
  fx->session = soup_session_new_with_options ("timeout", 10, NULL);
  fx->token = hotlist_fake_salesforce_issue_tokens (fx->fake, &fx->refresh);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->session);
  g_free (fx->token);
  g_free (fx->refresh);
  hotlist_fake_salesforce_stop (fx->fake);
  g_assert_finalize_object (fx->fake);
}

/* Plain HTTP against the fake. @path may carry a query; @body is JSON text or form text. */
static Reply *
request (Fixture    *fx,
         const char *method,
         const char *path,
         const char *content_type,
         const char *body)
{
  g_autofree char *url = g_strconcat (hotlist_fake_salesforce_get_base_url (fx->fake), path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes)      bytes = NULL;
  g_autoptr (GError)      error = NULL;
  Reply                  *r = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (fx->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", fx->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg,
                                                content_type ? content_type : "application/json",
                                                b);
    }
  bytes = soup_session_send_and_read (fx->session, msg, NULL, &error);
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (bytes) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL))
        r->json = json_parser_steal_root (parser);
    }
  return r;
}

static Reply *
query (Fixture *fx, const char *soql)
{
  g_autofree char *escaped = g_uri_escape_string (soql, NULL, FALSE);
  g_autofree char *path = g_strconcat (API "/query?q=", escaped, NULL);

  return request (fx, "GET", path, NULL, NULL);
}

/* The errorCode of a Salesforce error array. */
static const char *
error_code (Reply *r)
{
  JsonArray *array;

  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (r->json));
  array = json_node_get_array (r->json);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  return json_object_get_string_member (json_array_get_object_element (array, 0), "errorCode");
}

static JsonArray *
records_of (Reply *r)
{
  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_array_member (json_node_get_object (r->json), "records");
}

/* The fake */

static void
test_fake_auth (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) r = NULL;
  g_autofree char  *form = NULL;
  g_autofree char  *token = NULL;
  JsonObject       *o;

  r = request (fx, "GET", API "/limits", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, reply_free);

  hotlist_fake_salesforce_expire_access_tokens (fx->fake);
  r = request (fx, "GET", API "/limits", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (error_code (r), ==, "INVALID_SESSION_ID");
  g_assert_null (soup_message_headers_get_one (r->headers, "Sforce-Limit-Info"));
  g_clear_pointer (&r, reply_free);

  /* Refresh: a new session, no new refresh token, instance_url = the fake. */
  token = g_steal_pointer (&fx->token);
  form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=%s",
                          HOTLIST_FAKE_SALESFORCE_CLIENT_ID, fx->refresh);
  r = request (fx, "POST", "/services/oauth2/token", "application/x-www-form-urlencoded", form);
  g_assert_cmpuint (r->status, ==, 200);
  o = json_node_get_object (r->json);
  g_assert_cmpstr (json_object_get_string_member (o, "instance_url"), ==,
                   hotlist_fake_salesforce_get_base_url (fx->fake));
  g_assert_cmpstr (json_object_get_string_member (o, "token_type"), ==, "Bearer");
  g_assert_false (json_object_has_member (o, "refresh_token"));
  g_assert_false (json_object_has_member (o, "expires_in"));
  g_assert_true (json_object_has_member (o, "signature"));
  fx->token = g_strdup (json_object_get_string_member (o, "access_token"));
  g_assert_cmpstr (fx->token, !=, token);
  g_clear_pointer (&r, reply_free);
  r = request (fx, "GET", API "/limits", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, reply_free);

  g_free (form);
  form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&refresh_token=nope",
                          HOTLIST_FAKE_SALESFORCE_CLIENT_ID);
  r = request (fx, "POST", "/services/oauth2/token", "application/x-www-form-urlencoded", form);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r->json), "error"), ==,
                   "invalid_grant");
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_TOKEN),
                    ==, 2);
}

static void
test_fake_query_paging (Fixture *fx, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (Reply)      r = NULL;
  g_autofree char       *next = NULL;
  char                   last[64] = "";
  gint64                 last_ms = 0;
  guint                  n_batches = 0;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 450, 3);
  hotlist_fake_salesforce_set_query_batch_size (fx->fake, 200);
  r = query (fx, "SELECT Id, Email, SystemModstamp FROM Lead ORDER BY SystemModstamp ASC, Id ASC");
  for (;;)
    {
      JsonObject *o = json_node_get_object (r->json);
      JsonArray  *records = records_of (r);

      n_batches++;
      g_assert_cmpint (json_object_get_int_member (o, "totalSize"), ==, 450);
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject      *rec = json_array_get_object_element (records, i);
          const char      *id = json_object_get_string_member (rec, "Id");
          gint64           ms = hotlist_fake_salesforce_get_contact_modified (fx->fake, id);
          g_autofree char *email =
              hotlist_fake_salesforce_get_contact_property (fx->fake, id, "Email");

          g_assert_cmpuint (strlen (id), ==, 18);
          g_assert_cmpstr (json_object_get_string_member (rec, "Email"), ==, email);
          g_assert_true (g_str_has_suffix (json_object_get_string_member (rec, "SystemModstamp"),
                                           ".000+0000"));
          g_assert_true (ms > last_ms || (ms == last_ms && strcmp (id, last) > 0));
          last_ms = ms;
          g_strlcpy (last, id, sizeof last);
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }
      if (json_object_get_boolean_member (o, "done"))
        {
          g_assert_false (json_object_has_member (o, "nextRecordsUrl"));
          break;
        }
      g_assert_cmpuint (json_array_get_length (records), ==, 200);
      g_free (next);
      next = g_strdup (json_object_get_string_member (o, "nextRecordsUrl"));
      g_assert_true (g_str_has_prefix (next, API "/query/01g"));
      g_clear_pointer (&r, reply_free);
      r = request (fx, "GET", next, NULL, NULL);
    }
  g_assert_cmpuint (n_batches, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 450);
  g_clear_pointer (&r, reply_free);

  /* An expired cursor. */
  hotlist_fake_salesforce_expire_query_locators (fx->fake);
  r = request (fx, "GET", next, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "INVALID_QUERY_LOCATOR");
}

static void
test_fake_query_filters (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) r = NULL;
  g_autofree char  *soql = NULL;
  g_autofree char  *first = NULL;
  g_auto (GStrv)    names = NULL;
  JsonArray        *records;
  guint             expected = 0;
  const char       *b;

  hotlist_fake_salesforce_set_now_ms (fx->fake, G_GINT64_CONSTANT (1720000000000));
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      const char      *kv[] = { "LastName", "Person", "Company", "Acme", "Email", email, NULL };
      g_autofree char *id = hotlist_fake_salesforce_add_contact (fx->fake, kv);

      if (i == 9)
        first = g_strdup (id);
    }
  /* Keyset: same second as everyone, after the 10th id. */
  soql = g_strdup_printf ("SELECT Id FROM Lead WHERE SystemModstamp >= 2024-07-03T09:46:40Z AND "
                          "(SystemModstamp > 2024-07-03T09:46:40Z OR Id > '%s') ORDER BY "
                          "SystemModstamp, Id LIMIT 7",
                          first);
  r = query (fx, soql);
  records = records_of (r);
  g_assert_cmpuint (json_array_get_length (records), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r->json), "totalSize"), ==, 7);
  b = json_object_get_string_member (json_array_get_object_element (records, 0), "Id");
  g_assert_cmpint (strcmp (b, first), >, 0);
  g_clear_pointer (&r, reply_free);

  r = query (fx, "SELECT Id FROM Lead WHERE SystemModstamp > 2024-07-03T09:46:40Z");
  g_assert_cmpuint (json_array_get_length (records_of (r)), ==, 0);
  g_clear_pointer (&r, reply_free);

  /* Case-insensitive text, IN, NOT, != null. */
  r = query (fx, "SELECT Id, Email FROM Lead WHERE Email IN ('P1@EXAMPLE.COM', 'p2@example.com') "
                 "AND NOT Email = 'p2@example.com' AND Company != null");
  records = records_of (r);
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0),
                                                  "Email"),
                   ==, "p1@example.com");
  g_clear_pointer (&r, reply_free);

  /* Errors Salesforce gives. */
  r = query (fx, "SELECT Id, Bogus FROM Lead");
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "INVALID_FIELD");
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Lead WHERE SystemModstamp > '2024-01-01T00:00:00Z'");
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "INVALID_FIELD");
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Lead WHERE");
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "MALFORMED_QUERY");
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Account");
  g_assert_cmpstr (error_code (r), ==, "INVALID_TYPE");
  g_clear_pointer (&r, reply_free);

  /* Activities by lead. */
  hotlist_fake_salesforce_set_now_ms (fx->fake, 0);
  hotlist_fake_salesforce_generate_contacts (fx->fake, 40, 5);
  names = hotlist_fake_salesforce_touch_contacts (fx->fake, 3);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_auto (GStrv) acts = hotlist_fake_salesforce_list_activities (fx->fake, names[i]);
      expected += g_strv_length (acts);
    }
  g_free (soql);
  soql = g_strdup_printf ("SELECT Id, WhoId FROM Task WHERE WhoId IN ('%s', '%s', '%s')", names[0],
                          names[1], names[2]);
  r = query (fx, soql);
  records = records_of (r);
  g_clear_pointer (&soql, g_free);
  soql = g_strdup_printf (
      "SELECT Id, WhoId, ActivityDateTime FROM Event WHERE WhoId IN ('%s', '%s', '%s')", names[0],
      names[1], names[2]);
  {
    g_autoptr (Reply) r2 = query (fx, soql);
    g_assert_cmpuint (json_array_get_length (records) + json_array_get_length (records_of (r2)), ==,
                      expected);
  }
}

static void
test_fake_limits_and_faults (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) r = NULL;

  hotlist_fake_salesforce_set_daily_limit (fx->fake, 3);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *usage = g_strdup_printf ("api-usage=%u/3", i);

      r = request (fx, "GET", API "/sobjects/Lead/describe", NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Sforce-Limit-Info"), ==, usage);
      g_clear_pointer (&r, reply_free);
    }
  r = request (fx, "GET", API "/sobjects/Lead/describe", NULL, NULL);
  g_assert_cmpuint (r->status, ==, 403);
  g_assert_cmpstr (error_code (r), ==, "REQUEST_LIMIT_EXCEEDED");
  g_assert_cmpuint (hotlist_fake_salesforce_get_api_usage (fx->fake), ==, 3);
  g_clear_pointer (&r, reply_free);
  hotlist_fake_salesforce_set_daily_limit (fx->fake, 15000);

  hotlist_fake_salesforce_set_retry_after (fx->fake, 2);
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_503, 1);
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_429, 1);
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_500, 1);
  r = query (fx, "SELECT Id FROM Lead");
  g_assert_cmpuint (r->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, "2");
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Lead");
  g_assert_cmpuint (r->status, ==, 403);
  g_assert_cmpstr (error_code (r), ==, "REQUEST_LIMIT_EXCEEDED");
  g_assert_nonnull (
      strstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (
                                                                                r->json),
                                                                            0),
                                             "message"),
              "ConcurrentRequests"));
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Lead");
  g_assert_cmpuint (r->status, ==, 500);
  g_assert_cmpstr (error_code (r), ==, "UNKNOWN_EXCEPTION");
  g_clear_pointer (&r, reply_free);
  r = query (fx, "SELECT Id FROM Lead");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_faults (fx->fake), ==, 3);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_QUERY),
                    ==, 4);
}

static void
test_fake_writes (Fixture *fx, gconstpointer data)
{
  const char *const lead[] = { "LastName", "Writer", "Company", "Acme", NULL };
  g_autofree char  *id = hotlist_fake_salesforce_add_contact (fx->fake, lead);
  g_autofree char  *other = hotlist_fake_salesforce_add_contact (fx->fake, lead);
  g_autofree char  *body = NULL;
  g_autofree char  *value = NULL;
  g_autoptr (Reply) r = NULL;
  JsonArray        *results;

  /* The field does not exist yet: the whole request fails, as Salesforce cannot read it. */
  body = g_strdup_printf ("{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Lead\"},"
                          "\"id\":\"%s\",\"hotlist_score__c\":87}]}",
                          id);
  r = request (fx, "PATCH", API "/composite/sobjects", NULL, body);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "INVALID_FIELD");
  g_clear_pointer (&r, reply_free);

  r = request (fx, "POST", API "/tooling/sobjects/CustomField", NULL,
               "{\"FullName\":\"Lead.hotlist_score__c\",\"Metadata\":{\"label\":\"Score\","
               "\"type\":\"Number\",\"precision\":3,\"scale\":0}}");
  g_assert_cmpuint (r->status, ==, 201);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (r->json), "success"));
  g_clear_pointer (&r, reply_free);
  r = request (fx, "POST", API "/tooling/sobjects/CustomField", NULL,
               "{\"FullName\":\"Lead.hotlist_score__c\",\"Metadata\":{\"label\":\"Score\","
               "\"type\":\"Number\",\"precision\":3,\"scale\":0}}");
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (error_code (r), ==, "DUPLICATE_DEVELOPER_NAME");
  g_clear_pointer (&r, reply_free);

  hotlist_fake_salesforce_set_record_error (fx->fake, other, "UNABLE_TO_LOCK_ROW",
                                            "unable to obtain exclusive access to this record");
  g_free (body);
  body = g_strdup_printf (
      "{\"allOrNone\":false,\"records\":["
      "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"%s\",\"hotlist_score__c\":87},"
      "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"%s\",\"hotlist_score__c\":5},"
      "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"bad\",\"hotlist_score__c\":5},"
      "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"%s\",\"hotlist_score__c\":1000}]}",
      id, other, id);
  r = request (fx, "PATCH", API "/composite/sobjects", NULL, body);
  g_assert_cmpuint (r->status, ==, 200);
  results = json_node_get_array (r->json);
  g_assert_cmpuint (json_array_get_length (results), ==, 4);
  g_assert_true (
      json_object_get_boolean_member (json_array_get_object_element (results, 0), "success"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "id"),
                   ==, id);
  for (guint i = 1; i < 4; i++)
    {
      JsonObject *res = json_array_get_object_element (results, i);
      const char *expect[] = { NULL, "UNABLE_TO_LOCK_ROW", "MALFORMED_ID",
                               "NUMBER_OUTSIDE_VALID_RANGE" };

      g_assert_false (json_object_get_boolean_member (res, "success"));
      g_assert_cmpstr (json_object_get_string_member (
                           json_array_get_object_element (json_object_get_array_member (res,
                                                                                        "errors"),
                                                          0),
                           "statusCode"),
                       ==, expect[i]);
    }
  value = hotlist_fake_salesforce_get_contact_property (fx->fake, id, "hotlist_score__c");
  g_assert_cmpstr (value, ==, "87");
  g_clear_pointer (&value, g_free);
  value = hotlist_fake_salesforce_get_contact_property (fx->fake, other, "hotlist_score__c");
  g_assert_null (value);
  g_clear_pointer (&r, reply_free);

  /* A converted lead is read-only; single-record PATCH answers 204 or an error array. */
  g_free (body);
  body = g_strdup ("{\"hotlist_score__c\":42}");
  {
    g_autofree char *path = g_strconcat (API "/sobjects/Lead/", id, NULL);

    r = request (fx, "PATCH", path, NULL, body);
    g_assert_cmpuint (r->status, ==, 204);
    g_clear_pointer (&r, reply_free);
    g_assert_true (hotlist_fake_salesforce_convert_lead (fx->fake, id));
    r = request (fx, "PATCH", path, NULL, body);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (error_code (r), ==, "CANNOT_UPDATE_CONVERTED_LEAD");
    g_clear_pointer (&r, reply_free);
  }
  value = hotlist_fake_salesforce_get_contact_property (fx->fake, id, "hotlist_score__c");
  g_assert_cmpstr (value, ==, "42");
}

/* The connector */

static HotlistProvider *
make_provider (Fixture *fx, guint page_size, gboolean with_oauth)
{
  g_autoptr (HotlistCredentials) credentials = hotlist_credentials_new ("salesforce", "fake-org");
  g_autoptr (HotlistOAuthConfig) config = NULL;
  g_autofree char               *token_url =
      g_strconcat (hotlist_fake_salesforce_get_base_url (fx->fake), "/services/oauth2/token", NULL);
  HotlistProvider *provider;

  credentials->access_token = g_strdup (fx->token);
  credentials->refresh_token = g_strdup (fx->refresh);
  credentials->instance_url = g_strdup (hotlist_fake_salesforce_get_base_url (fx->fake));
  if (with_oauth)
    config = hotlist_oauth_config_new ("salesforce", HOTLIST_FAKE_SALESFORCE_CLIENT_ID, NULL,
                                       "http://127.0.0.1:1/unused", token_url);
  provider = g_object_new (HOTLIST_TYPE_PROVIDER_SALESFORCE, "base-url",
                           hotlist_fake_salesforce_get_base_url (fx->fake), "credentials",
                           credentials, "oauth-config", config, "page-size", page_size, NULL);
  hotlist_http_client_set_backoff (hotlist_provider_base_get_http_client (
                                       HOTLIST_PROVIDER_BASE (provider)),
                                   10, 100);
  return provider;
}

/* Pulls from @cursor to the end; every lead id goes in @seen (which must not hold it yet). */
static char *
pull_all (HotlistProvider *provider,
          const char      *cursor,
          GHashTable      *seen,
          guint           *n_activities,
          guint           *n_pages)
{
  g_autofree char *current = g_strdup (cursor);
  gint64           last_t = G_MININT64;
  char             last_id[64] = "";

  for (guint guard = 0; guard < 1000; guard++)
    {
      g_autoptr (GError)          error = NULL;
      g_autoptr (HotlistPullPage) page =
          hotlist_provider_pull_sync (provider, current, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_nonnull (page->cursor);
      (*n_pages)++;
      for (guint i = 0; i < page->leads->len; i++)
        {
          HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);

          g_assert_true (
              lead->updated_at > last_t
              || (lead->updated_at == last_t && strcmp (lead->external_id, last_id) > 0));
          last_t = lead->updated_at;
          g_strlcpy (last_id, lead->external_id, sizeof last_id);
          if (!g_hash_table_add (seen, g_strdup (lead->external_id)))
            g_error ("lead %s pulled twice", lead->external_id);
        }
      if (n_activities != NULL)
        *n_activities += page->activities->len;
      g_free (current);
      current = g_strdup (page->cursor);
      if (!page->more)
        return g_steal_pointer (&current);
    }
  g_assert_not_reached ();
}

static void
test_pull_all (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (GHashTable)      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable)      touched_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autofree char            *cursor = NULL;
  g_autofree char            *first_cursor = NULL;
  g_auto (GStrv)              touched = NULL;
  guint                       n_activities = 0, n_pages = 0;
  gboolean                    checked_lead = FALSE, checked_converted = FALSE;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 2500, 42);
  provider = make_provider (fx, 200, FALSE);
  cursor = pull_all (provider, NULL, seen, &n_activities, &n_pages);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2500);
  /* 12 full pages, a last one of 100; every generated Task is a call or an email. */
  g_assert_cmpuint (n_pages, ==, 13);
  g_assert_cmpuint (n_activities, ==, hotlist_fake_salesforce_count_activities (fx->fake, NULL));
  g_assert_cmpuint (n_activities, >, 2500);

  /* The mapping, against the fake's own records. */
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 200);
  g_assert_true (page->more);
  for (guint i = 0; i < page->leads->len; i++)
    {
      HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);
      g_autofree char   *email =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id, "Email");
      g_autofree char *company =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id, "Company");
      g_autofree char *status =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id, "Status");
      g_autofree char *size =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id,
                                                        "NumberOfEmployees");
      g_autofree char *converted =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id, "IsConverted");
      g_autofree char *interest =
          hotlist_fake_salesforce_get_contact_property (fx->fake, lead->external_id,
                                                        "Product_Interest__c");

      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_EMAIL], ==, email);
      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, company);
      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_STATUS], ==, status);
      g_assert_cmpint (lead->company_size, ==, g_ascii_strtoll (size, NULL, 10));
      g_assert_cmpint (lead->updated_at * 1000, ==,
                       hotlist_fake_salesforce_get_contact_modified (fx->fake, lead->external_id));
      g_assert_true (lead->present & (1u << HOTLIST_LEAD_FIELD_EMAIL));
      g_assert_true (lead->present & (1u << HOTLIST_LEAD_FIELD_OUTCOME));
      g_assert_cmpint (lead->created_at, <=, lead->updated_at);
      g_assert_cmpint (lead->created_at, >, 1650000000);
      if (g_str_equal (converted, "true"))
        {
          g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
          checked_converted = TRUE;
        }
      else if (g_str_equal (status, "Closed - Not Converted"))
        g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_LOST);
      else
        g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_OPEN);
      g_assert_nonnull (lead->custom);
      g_assert_cmpstr (json_object_get_string_member (lead->custom, "Product_Interest__c"), ==,
                       interest);
      g_assert_false (json_object_has_member (lead->custom, "Email"));
      g_assert_false (json_object_has_member (lead->custom, "SystemModstamp"));
      checked_lead = TRUE;
    }
  g_assert_true (checked_lead);
  g_assert_true (checked_converted);
  for (guint i = 0; i < page->activities->len; i++)
    {
      HotlistRemoteActivity *a = g_ptr_array_index (page->activities, i);

      g_assert_true (g_str_equal (a->activity_type, "call")
                     || g_str_equal (a->activity_type, "meeting_booked")
                     || g_str_equal (a->activity_type, "email_reply")
                     || g_str_equal (a->activity_type, "email_sent"));
      g_assert_nonnull (a->details);
      g_assert_cmpint (a->activity_date, >, 1650000000);
      g_assert_cmpint (a->activity_date, <, 1717200000 + 86400);
    }

  /* Incremental: exactly the 50 touched leads, then nothing. */
  touched = hotlist_fake_salesforce_touch_contacts (fx->fake, 50);
  for (guint i = 0; touched[i] != NULL; i++)
    g_hash_table_add (touched_set, touched[i]);
  g_hash_table_remove_all (seen);
  n_pages = 0;
  first_cursor = g_steal_pointer (&cursor);
  cursor = pull_all (provider, first_cursor, seen, NULL, &n_pages);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 50);
  g_assert_cmpuint (n_pages, ==, 1);
  {
    GHashTableIter iter;
    gpointer       key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (touched_set, key));
  }
  g_hash_table_remove_all (seen);
  n_pages = 0;
  g_free (pull_all (provider, cursor, seen, NULL, &n_pages));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);
}

static void
test_pull_batches_and_ties (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (GHashTable)      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autofree char            *cursor = NULL;
  g_autofree char            *rest = NULL;
  g_auto (GStrv)              touched = NULL;
  guint                       n_pages = 0;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 1000, 7);
  /* Salesforce answers in batches smaller than the query's LIMIT: the cursor holds the
   * nextRecordsUrl between pages. */
  hotlist_fake_salesforce_set_query_batch_size (fx->fake, 150);
  provider = make_provider (fx, 400, FALSE);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 150);
  g_assert_true (page->more);
  g_assert_nonnull (strstr (page->cursor, "/query/01g"));
  for (guint i = 0; i < page->leads->len; i++)
    g_hash_table_add (seen,
                      g_strdup (
                          ((HotlistRemoteLead *)g_ptr_array_index (page->leads, i))->external_id));
  /* The cursor survives the query cursor expiring, as after a restart. */
  hotlist_fake_salesforce_expire_query_locators (fx->fake);
  rest = pull_all (provider, page->cursor, seen, NULL, &n_pages);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_QUERY_MORE),
                    >, 3);

  /* 300 leads changed in the same second, pulled 70 at a time: each exactly once. */
  hotlist_fake_salesforce_set_now_ms (fx->fake, G_GINT64_CONSTANT (1730000000000));
  touched = hotlist_fake_salesforce_touch_contacts (fx->fake, 300);
  g_clear_object (&provider);
  hotlist_fake_salesforce_set_query_batch_size (fx->fake, 2000);
  provider = make_provider (fx, 70, FALSE);
  g_hash_table_remove_all (seen);
  n_pages = 0;
  cursor = pull_all (provider, rest, seen, NULL, &n_pages);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 300);
  g_assert_cmpuint (n_pages, ==, 5);
  for (guint i = 0; touched[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (seen, touched[i]));
}

static void
test_pull_refresh (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (HotlistProvider) no_oauth = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 30, 1);
  provider = make_provider (fx, 100, TRUE);
  no_oauth = make_provider (fx, 100, FALSE);
  hotlist_fake_salesforce_expire_access_tokens (fx->fake);

  page = hotlist_provider_pull_sync (no_oauth, NULL, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_assert_null (page);
  g_clear_error (&error);

  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 30);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_TOKEN),
                    ==, 1);
  g_clear_pointer (&page, hotlist_pull_page_free);

  /* A session that ends in the middle of a pull. */
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_401_EXPIRED, 1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 30);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_TOKEN),
                    ==, 2);
}

static void
test_pull_retries (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;
  gint64                      start;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 20, 2);
  provider = make_provider (fx, 100, FALSE);

  /* 503 with Retry-After: the client waits as asked. */
  hotlist_fake_salesforce_set_retry_after (fx->fake, 1);
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_503, 2);
  start = g_get_monotonic_time ();
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 20);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 100000);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_faults (fx->fake), ==, 2);
  g_clear_pointer (&page, hotlist_pull_page_free);

  /* The concurrent-request limit (403 REQUEST_LIMIT_EXCEEDED, Salesforce's 429) is waited out. */
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_429, 1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 20);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_faults (fx->fake), ==, 3);
  g_clear_pointer (&page, hotlist_pull_page_free);

  /* A 500 now and then. */
  hotlist_fake_salesforce_set_fault_every (fx->fake, 3, HOTLIST_FAKE_FAULT_500);
  for (guint i = 0; i < 3; i++)
    {
      page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->leads->len, ==, 20);
      g_clear_pointer (&page, hotlist_pull_page_free);
    }
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_faults (fx->fake), >, 3);
}

static void
test_pull_bad_bodies (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 20, 2);
  provider = make_provider (fx, 100, FALSE);

  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_MALFORMED_JSON,
                                        1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "Salesforce"));
  g_assert_null (page);
  g_clear_error (&error);

  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_TRUNCATED_BODY,
                                        0);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_assert_null (page);
  g_clear_error (&error);

  /* A truncated answer once is retried. */
  hotlist_fake_salesforce_clear_faults (fx->fake);
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/query", HOTLIST_FAKE_FAULT_TRUNCATED_BODY,
                                        1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 20);
  g_clear_pointer (&page, hotlist_pull_page_free);

  g_assert_null (hotlist_provider_pull_sync (provider, "not a cursor", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_daily_limit (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (GError)          error = NULL;
  g_autofree char            *cursor = NULL;
  guint                       pages = 0;

  hotlist_fake_salesforce_generate_contacts (fx->fake, 500, 9);
  provider = make_provider (fx, 50, FALSE);
  /* Other apps used most of today's allowance: 8 requests are left. */
  hotlist_fake_salesforce_set_daily_limit (fx->fake, 1000);
  hotlist_fake_salesforce_set_api_usage (fx->fake, 992);
  for (;;)
    {
      g_autoptr (HotlistPullPage) page =
          hotlist_provider_pull_sync (provider, cursor, NULL, &error);

      if (page == NULL)
        break;
      pages++;
      g_free (cursor);
      cursor = g_strdup (page->cursor);
      g_assert_true (page->more);
    }
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "daily"));
  g_assert_nonnull (strstr (error->message, "1000"));
  /* describe + 3 × (leads, tasks, events) = 10 > 8: two pages, then it stopped by itself. */
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpuint (hotlist_fake_salesforce_get_api_usage (fx->fake), ==, 1000);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake, NULL), ==, 8);
  g_clear_error (&error);

  /* Still used up: nothing is sent. */
  g_assert_null (hotlist_provider_pull_sync (provider, cursor, NULL, &error));
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake, NULL), ==, 8);
}

static void
test_push (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (GPtrArray)       updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);
  g_autoptr (GPtrArray)    failed = NULL;
  g_autoptr (GHashTable)   expected_failed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable)   seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError)       error = NULL;
  g_auto (GStrv)           names = NULL;
  g_autofree char         *cursor = NULL;
  GHashTableIter           iter;
  gpointer                 key;
  guint                    n_pages = 0, i = 0;
  const char              *locked = NULL;
  static const char *const tiers[] = { "hot", "warm", "cool", "cold", NULL };

  hotlist_fake_salesforce_generate_contacts (fx->fake, 450, 11);
  provider = make_provider (fx, 2000, FALSE);
  cursor = pull_all (provider, NULL, seen, NULL, &n_pages);
  names = hotlist_fake_salesforce_list_property_names (fx->fake);
  g_assert_false (g_strv_contains ((const char *const *)names, "hotlist_score__c"));

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      HotlistScoreUpdate *u = g_new0 (HotlistScoreUpdate, 1);
      g_autofree char    *converted =
          hotlist_fake_salesforce_get_contact_property (fx->fake, key, "IsConverted");

      u->external_id = g_strdup (key);
      u->score = (int)(i * 7 % 101);
      u->tier = g_strdup (tiers[i % 5]);
      g_ptr_array_add (updates, u);
      if (g_str_equal (converted, "true"))
        g_hash_table_add (expected_failed, key);
      else if (locked == NULL)
        {
          locked = key;
          hotlist_fake_salesforce_set_record_error (
              fx->fake, locked, "UNABLE_TO_LOCK_ROW",
              "unable to obtain exclusive access to this record");
          g_hash_table_add (expected_failed, key);
        }
      i++;
    }
  {
    HotlistScoreUpdate *u = g_new0 (HotlistScoreUpdate, 1);

    u->external_id = g_strdup ("00Q5g0000000000AAA");
    u->score = 10;
    g_ptr_array_add (updates, u);
    g_hash_table_add (expected_failed, u->external_id);
  }
  g_assert_cmpuint (g_hash_table_size (expected_failed), >, 50);

  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (failed);
  g_assert_cmpuint (failed->len, ==, g_hash_table_size (expected_failed));
  for (guint k = 0; k < failed->len; k++)
    g_assert_true (g_hash_table_contains (expected_failed, g_ptr_array_index (failed, k)));
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_CUSTOM_FIELD),
                    ==, 2);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_COLLECTIONS),
                    ==, 3);
  g_clear_pointer (&names, g_strfreev);
  names = hotlist_fake_salesforce_list_property_names (fx->fake);
  g_assert_true (g_strv_contains ((const char *const *)names, "hotlist_score__c"));
  g_assert_true (g_strv_contains ((const char *const *)names, "hotlist_tier__c"));

  /* The fake holds what was written, and nothing for the refused ones. */
  for (guint k = 0; k < updates->len; k++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, k);
      g_autofree char    *score =
          hotlist_fake_salesforce_get_contact_property (fx->fake, u->external_id,
                                                        "hotlist_score__c");
      g_autofree char *tier =
          hotlist_fake_salesforce_get_contact_property (fx->fake, u->external_id,
                                                        "hotlist_tier__c");
      g_autofree char *want = g_strdup_printf ("%d", u->score);

      if (g_hash_table_contains (expected_failed, u->external_id))
        {
          g_assert_null (score);
          continue;
        }
      g_assert_cmpstr (score, ==, want);
      g_assert_cmpstr (tier, ==, u->tier);
    }

  /* Again, with the fields in place: no more field creation; the pulled scores stay out of
   * the custom attributes. */
  hotlist_fake_salesforce_clear_faults (fx->fake);
  g_clear_pointer (&failed, g_ptr_array_unref);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, g_hash_table_size (expected_failed) - 1);
  g_assert_cmpuint (hotlist_fake_salesforce_get_n_requests (fx->fake,
                                                            HOTLIST_FAKE_SALESFORCE_CUSTOM_FIELD),
                    ==, 2);
  {
    g_autoptr (HotlistPullPage) page = hotlist_provider_pull_sync (provider, cursor, NULL, &error);

    g_assert_no_error (error);
    /* Writing bumps SystemModstamp, as in Salesforce. */
    g_assert_cmpuint (page->leads->len, >, 300);
    for (guint k = 0; k < page->leads->len; k++)
      {
        HotlistRemoteLead *lead = g_ptr_array_index (page->leads, k);
        g_assert_false (lead->custom && json_object_has_member (lead->custom, "hotlist_score__c"));
      }
  }

  /* Nothing written at all: an error, not a list. */
  hotlist_fake_salesforce_inject_fault (fx->fake, API "/composite", HOTLIST_FAKE_FAULT_500, 0);
  g_clear_pointer (&failed, g_ptr_array_unref);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_SERVER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/salesforce/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("fake/auth", test_fake_auth);
  ADD ("fake/query-paging", test_fake_query_paging);
  ADD ("fake/query-filters", test_fake_query_filters);
  ADD ("fake/limits-and-faults", test_fake_limits_and_faults);
  ADD ("fake/writes", test_fake_writes);
  ADD ("pull/all-and-incremental", test_pull_all);
  ADD ("pull/batches-and-ties", test_pull_batches_and_ties);
  ADD ("pull/refresh", test_pull_refresh);
  ADD ("pull/retries", test_pull_retries);
  ADD ("pull/bad-bodies", test_pull_bad_bodies);
  ADD ("pull/daily-limit", test_daily_limit);
  ADD ("push", test_push);
#undef ADD

  return g_test_run ();
}
