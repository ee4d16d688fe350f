/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the fake HubSpot server, driven with plain libsoup and json-glib. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hotlist-fake-hubspot.h"

#define TOKEN HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN

typedef struct
{
  HotlistFakeHubspot *fake;
  SoupSession        *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->fake = hotlist_fake_hubspot_new ();
  g_assert_true (hotlist_fake_hubspot_start_in_thread (fx->fake, &error));
  g_assert_no_error (error);
  fx->session = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->session);
  hotlist_fake_hubspot_stop (fx->fake);
  g_assert_finalize_object (fx->fake);
}

static Reply *
request (Fixture    *fx,
         const char *method,
         const char *path,
         const char *token,
         const char *content_type,
         const char *body)
{
  g_autofree char *url = g_strconcat (hotlist_fake_hubspot_get_base_url (fx->fake), path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (JsonParser)  parser = json_parser_new ();
  Reply                  *r = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg,
                                                content_type ? content_type : "application/json",
                                                bytes);
    }
  r->body = soup_session_send_and_read (fx->session, msg, NULL, &r->error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (r->body != NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL),
                                     g_bytes_get_size (r->body), NULL))
    r->json = json_node_copy (json_parser_get_root (parser));
  return r;
}

static Reply *
get (Fixture *fx, const char *path)
{
  return request (fx, "GET", path, TOKEN, NULL, NULL);
}

static Reply *
post (Fixture *fx, const char *path, const char *body)
{
  return request (fx, "POST", path, TOKEN, NULL, body);
}

static JsonObject *
obj (Reply *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static const char *
next_after (Reply *r)
{
  JsonObject *o = obj (r);

  if (!json_object_has_member (o, "paging"))
    return NULL;
  return json_object_get_string_member (
      json_object_get_object_member (json_object_get_object_member (o, "paging"), "next"), "after");
}

static const char *
result_prop (JsonArray *results, guint i, const char *name)
{
  JsonObject *p =
      json_object_get_object_member (json_array_get_object_element (results, i), "properties");
  return json_object_get_string_member_with_default (p, name, NULL);
}

static gint64
iso_ms (const char *iso)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static void
test_list_paging (Fixture *fx, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char       *after = NULL;
  guint                  pages = 0;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 250, 1);
  g_assert_cmpuint (hotlist_fake_hubspot_count_contacts (fx->fake), ==, 250);
  do
    {
      g_autofree char *path = g_strdup_printf (
          "/crm/v3/objects/contacts?limit=100&properties=email,company,nosuchproperty%s%s",
          after ? "&after=" : "", after ? after : "");
      g_autoptr (Reply)   r = get (fx, path);
      JsonArray          *results;
      SoupMessageHeaders *h = r->headers;

      g_assert_no_error (r->error);
      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (h,
                                                     "X-HubSpot-RateLimit-Interval-Milliseconds"),
                       ==, "10000");
      g_assert_nonnull (soup_message_headers_get_one (h, "X-HubSpot-RateLimit-Max"));
      g_assert_nonnull (soup_message_headers_get_one (h, "X-HubSpot-RateLimit-Remaining"));
      g_assert_nonnull (soup_message_headers_get_one (h, "X-HubSpot-RateLimit-Daily"));
      g_assert_nonnull (soup_message_headers_get_one (h, "X-HubSpot-RateLimit-Daily-Remaining"));
      g_assert_false (json_object_has_member (obj (r), "total"));
      results = json_object_get_array_member (obj (r), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, pages < 2 ? 100 : 50);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *c = json_array_get_object_element (results, i);
          g_assert_true (
              g_hash_table_add (seen, g_strdup (json_object_get_string_member (c, "id"))));
          g_assert_nonnull (result_prop (results, i, "email"));
          g_assert_nonnull (result_prop (results, i, "company"));
          g_assert_nonnull (result_prop (results, i, "lastmodifieddate"));
          g_assert_false (json_object_has_member (json_object_get_object_member (c, "properties"),
                                                  "nosuchproperty"));
          g_assert_false (json_object_get_boolean_member (c, "archived"));
        }
      g_free (after);
      after = g_strdup (next_after (r));
      pages++;
    }
  while (after != NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_LIST), ==,
                    3);

  {
    g_autoptr (Reply) r = get (fx, "/crm/v3/objects/contacts?limit=101");
    g_assert_cmpuint (r->status, ==, 400);
  }
}

static void
test_search_modified_since (Fixture *fx, gconstpointer data)
{
  const gint64           cursor = G_GINT64_CONSTANT (1717200000000); /* generated data ends here */
  g_autoptr (GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv)         ids = NULL;
  g_autofree char       *body = NULL;
  g_autoptr (Reply)      r = NULL;
  JsonArray             *results;
  gint64                 prev = 0;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 300, 2);
  ids = hotlist_fake_hubspot_touch_contacts (fx->fake, 50);
  g_assert_cmpuint (g_strv_length (ids), ==, 50);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (touched, ids[i]);

  body = g_strdup_printf (
      "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\","
      "\"operator\":\"GT\",\"value\":\"%" G_GINT64_FORMAT "\"}]}],"
      "\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
      "\"properties\":[\"email\",\"hs_lead_status\"],\"limit\":100,\"after\":\"0\"}",
      cursor);
  r = post (fx, "/crm/v3/objects/contacts/search", body);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (r), "total"), ==, 50);
  g_assert_null (next_after (r));
  /* Search responses carry no rate-limit headers (reference 2.3). */
  g_assert_null (soup_message_headers_get_one (r->headers, "X-HubSpot-RateLimit-Remaining"));
  results = json_object_get_array_member (obj (r), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      const char *id =
          json_object_get_string_member (json_array_get_object_element (results, i), "id");
      gint64 m = iso_ms (result_prop (results, i, "lastmodifieddate"));

      g_assert_true (g_hash_table_contains (touched, id));
      g_assert_cmpint (m, >, cursor);
      g_assert_cmpint (m, >=, prev);
      prev = m;
      g_assert_nonnull (result_prop (results, i, "hs_lead_status"));
    }

  /* Paging a GTE search over everything walks all records in lastmodifieddate order. */
  {
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char       *after = g_strdup ("0");

    prev = 0;
    while (after != NULL)
      {
        g_autofree char *b2 = g_strdup_printf (
            "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\","
            "\"value\":\"0\"}]}],\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
            "\"limit\":70,\"after\":\"%s\"}",
            after);
        g_autoptr (Reply) p = post (fx, "/crm/v3/objects/contacts/search", b2);
        JsonArray        *res;

        g_assert_cmpuint (p->status, ==, 200);
        g_assert_cmpint (json_object_get_int_member (obj (p), "total"), ==, 300);
        res = json_object_get_array_member (obj (p), "results");
        for (guint i = 0; i < json_array_get_length (res); i++)
          {
            gint64 m = iso_ms (result_prop (res, i, "lastmodifieddate"));
            g_assert_cmpint (m, >=, prev);
            prev = m;
            g_assert_true (
                g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                            json_array_get_object_element (res, i), "id"))));
          }
        g_free (after);
        after = g_strdup (next_after (p));
      }
    g_assert_cmpuint (g_hash_table_size (seen), ==, 300);
  }

  /* A filter on another property, ORed groups. */
  {
    g_autoptr (Reply) q = post (
        fx, "/crm/v3/objects/contacts/search",
        "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":\"acme corp\"}]},"
        "{\"filters\":[{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":\"Globex\"}]}],\"limit\":200}");
    JsonArray *res;

    g_assert_cmpuint (q->status, ==, 200);
    res = json_object_get_array_member (obj (q), "results");
    g_assert_cmpuint (json_array_get_length (res), >, 0);
    for (guint i = 0; i < json_array_get_length (res); i++)
      {
        const char *id =
            json_object_get_string_member (json_array_get_object_element (res, i), "id");
        g_autofree char *company =
            hotlist_fake_hubspot_get_contact_property (fx->fake, id, "company");
        g_assert_true (g_str_equal (company, "Acme Corp") || g_str_equal (company, "Globex"));
      }
  }
}

static void
test_search_window (Fixture *fx, gconstpointer data)
{
#define TMPL                                                                                                          \
  "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"0\"}]}]," \
  "\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],\"limit\":%d,\"after\":\"%d\"}"
  g_autofree char  *b1 = g_strdup_printf (TMPL, 200, 9800);
  g_autofree char  *b2 = g_strdup_printf (TMPL, 200, 10000);
  g_autofree char  *b3 = g_strdup_printf (TMPL, 201, 0);
  g_autoptr (Reply) r1 = NULL;
  g_autoptr (Reply) r2 = NULL;
  g_autoptr (Reply) r3 = NULL;
#undef TMPL

  hotlist_fake_hubspot_generate_contacts (fx->fake, 10050, 3);
  r1 = post (fx, "/crm/v3/objects/contacts/search", b1);
  g_assert_cmpuint (r1->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (r1), "total"), ==, 10050);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (r1), "results")), ==,
                    200);
  g_assert_cmpstr (next_after (r1), ==, "10000");

  r2 = post (fx, "/crm/v3/objects/contacts/search", b2);
  g_assert_cmpuint (r2->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (obj (r2), "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (obj (r2), "category"), ==, "VALIDATION_ERROR");
  g_assert_nonnull (json_object_get_string_member (obj (r2), "correlationId"));

  r3 = post (fx, "/crm/v3/objects/contacts/search", b3);
  g_assert_cmpuint (r3->status, ==, 400);
}

static void
test_properties (Fixture *fx, gconstpointer data)
{
  const char *def =
      "{\"name\":\"lead_score_app\",\"label\":\"Lead score (app)\",\"type\":\"number\","
      "\"fieldType\":\"number\",\"groupName\":\"contactinformation\"}";
  g_autoptr (Reply) created = post (fx, "/crm/v3/properties/contacts", def);
  g_autoptr (Reply) dup = post (fx, "/crm/v3/properties/contacts", def);
  g_autoptr (Reply) list = get (fx, "/crm/v3/properties/contacts");
  g_autoptr (Reply) one = get (fx, "/crm/v3/properties/contacts/lead_score_app");
  g_autoptr (Reply) missing = get (fx, "/crm/v3/properties/contacts/nope");
  g_autoptr (Reply) bad = post (fx, "/crm/v3/properties/contacts", "{\"name\":\"x\"}");
  g_auto (GStrv)    names = hotlist_fake_hubspot_list_property_names (fx->fake);
  JsonArray        *results;
  gboolean          found = FALSE;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (created), "name"), ==, "lead_score_app");
  g_assert_cmpuint (dup->status, ==, 409);
  g_assert_cmpstr (json_object_get_string_member (obj (dup), "category"), ==,
                   "OBJECT_ALREADY_EXISTS");
  g_assert_cmpuint (list->status, ==, 200);
  results = json_object_get_array_member (obj (list), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (results, i),
                                                         "name"),
                          "lead_score_app");
  g_assert_true (found);
  g_assert_cmpuint (one->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (one), "type"), ==, "number");
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_true (g_strv_contains ((const char *const *)names, "lead_score_app"));
  g_assert_true (g_strv_contains ((const char *const *)names, "lifecyclestage"));
}

static void
test_batch_update (Fixture *fx, gconstpointer data)
{
  const char       *kv_a[] = { "email", "ada@example.com",  "firstname",
                               "Ada",   "lastmodifieddate", "1714557600000",
                               NULL };
  const char       *kv_b[] = { "email", "grace@example.com", "firstname", "Grace", NULL };
  g_autofree char  *a = hotlist_fake_hubspot_add_contact (fx->fake, kv_a);
  g_autofree char  *b = hotlist_fake_hubspot_add_contact (fx->fake, kv_b);
  g_autoptr (Reply) prop =
      post (fx, "/crm/v3/properties/contacts",
            "{\"name\":\"lead_score_app\",\"label\":\"Score\",\"type\":\"number\","
            "\"fieldType\":\"number\",\"groupName\":\"contactinformation\"}");
  g_autofree char *ok_body = g_strdup_printf (
      "{\"inputs\":[{\"id\":\"%s\",\"properties\":{\"lead_score_app\":\"87\"}},"
      "{\"id\":\"grace@example.com\",\"idProperty\":\"email\",\"properties\":{\"lead_score_app\":42,\"lifecyclestage\":\"lead\"}}]}",
      a);
  g_autofree char *bad_body =
      g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\",\"properties\":{\"lead_score_app\":\"1\"}},"
                       "{\"id\":\"%s\",\"properties\":{\"no_such_prop\":\"1\"}}]}",
                       a, b);
  g_autofree char *nan_body =
      g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\",\"properties\":{\"lead_score_app\":\"abc\"}}]}",
                       a);
  g_autofree char *partial_body =
      g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\",\"properties\":{\"lead_score_app\":\"5\"}},"
                       "{\"id\":\"999999\",\"properties\":{\"lead_score_app\":\"5\"}}]}",
                       b);
  g_autoptr (GString) big = g_string_new ("{\"inputs\":[");
  g_autoptr (Reply)   ok = NULL;
  g_autoptr (Reply)   bad = NULL;
  g_autoptr (Reply)   nan = NULL;
  g_autoptr (Reply)   partial = NULL;
  g_autoptr (Reply)   too_many = NULL;
  g_autoptr (Reply)   patched = NULL;
  g_autofree char    *score = NULL;
  g_autofree char    *patch_path = g_strdup_printf ("/crm/v3/objects/contacts/%s", a);
  JsonObject         *err;

  g_assert_cmpuint (prop->status, ==, 201);
  g_assert_cmpint (hotlist_fake_hubspot_get_contact_modified (fx->fake, a), ==, 1714557600000);

  ok = post (fx, "/crm/v3/objects/contacts/batch/update", ok_body);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (ok), "status"), ==, "COMPLETE");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (ok), "results")), ==,
                    2);
  score = hotlist_fake_hubspot_get_contact_property (fx->fake, a, "lead_score_app");
  g_assert_cmpstr (score, ==, "87");
  g_clear_pointer (&score, g_free);
  score = hotlist_fake_hubspot_get_contact_property (fx->fake, b, "lead_score_app");
  g_assert_cmpstr (score, ==, "42");
  g_clear_pointer (&score, g_free);
  g_assert_cmpint (hotlist_fake_hubspot_get_contact_modified (fx->fake, a), >, 1714557600000);

  bad = post (fx, "/crm/v3/objects/contacts/batch/update", bad_body);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (obj (bad), "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (obj (bad), "category"), ==, "VALIDATION_ERROR");
  g_assert_nonnull (json_object_get_string_member (obj (bad), "correlationId"));
  err = json_array_get_object_element (json_object_get_array_member (obj (bad), "errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "PROPERTY_DOESNT_EXIST");
  g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (json_object_get_object_member (err, "context"),
                                                     "propertyName"),
                       0),
                   ==, "no_such_prop");
  /* The whole batch was refused: the valid input was not written either. */
  score = hotlist_fake_hubspot_get_contact_property (fx->fake, a, "lead_score_app");
  g_assert_cmpstr (score, ==, "87");
  g_clear_pointer (&score, g_free);

  nan = post (fx, "/crm/v3/objects/contacts/batch/update", nan_body);
  g_assert_cmpuint (nan->status, ==, 400);
  err = json_array_get_object_element (json_object_get_array_member (obj (nan), "errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "INVALID_INTEGER");

  partial = post (fx, "/crm/v3/objects/contacts/batch/update", partial_body);
  g_assert_cmpuint (partial->status, ==, 207);
  g_assert_cmpint (json_object_get_int_member (obj (partial), "numErrors"), ==, 1);
  score = hotlist_fake_hubspot_get_contact_property (fx->fake, b, "lead_score_app");
  g_assert_cmpstr (score, ==, "5");
  g_clear_pointer (&score, g_free);

  for (guint i = 0; i < 101; i++)
    g_string_append_printf (big, "%s{\"id\":\"%s\",\"properties\":{\"lead_score_app\":\"1\"}}",
                            i ? "," : "", a);
  g_string_append (big, "]}");
  too_many = post (fx, "/crm/v3/objects/contacts/batch/update", big->str);
  g_assert_cmpuint (too_many->status, ==, 400);

  patched = request (fx, "PATCH", patch_path, TOKEN, NULL,
                     "{\"properties\":{\"lead_score_app\":\"99\"}}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (patched),
                                                                                 "properties"),
                                                  "lead_score_app"),
                   ==, "99");
  score = hotlist_fake_hubspot_get_contact_property (fx->fake, a, "lead_score_app");
  g_assert_cmpstr (score, ==, "99");
}

static Reply *
refresh (Fixture *fx, const char *refresh_token)
{
  g_autofree char *form =
      soup_form_encode ("grant_type", "refresh_token", "client_id", HOTLIST_FAKE_HUBSPOT_CLIENT_ID,
                        "client_secret", HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET, "refresh_token",
                        refresh_token, NULL);

  return request (fx, "POST", "/oauth/v1/token", NULL, "application/x-www-form-urlencoded", form);
}

static void
test_token_refresh (Fixture *fx, gconstpointer data)
{
  g_autofree char  *rt = NULL;
  g_autofree char  *old = hotlist_fake_hubspot_issue_tokens (fx->fake, &rt);
  const char       *path = "/crm/v3/objects/contacts?limit=1";
  g_autoptr (Reply) before = request (fx, "GET", path, old, NULL, NULL);
  g_autoptr (Reply) expired = NULL;
  g_autoptr (Reply) fresh = NULL;
  g_autoptr (Reply) with_new = NULL;
  g_autoptr (Reply) with_old = NULL;
  g_autoptr (Reply) bad = NULL;
  g_autoptr (Reply) none = NULL;
  const char       *access;

  g_assert_cmpuint (before->status, ==, 200);
  /* OAuth calls get no Daily headers. */
  g_assert_nonnull (soup_message_headers_get_one (before->headers, "X-HubSpot-RateLimit-Max"));
  g_assert_null (soup_message_headers_get_one (before->headers, "X-HubSpot-RateLimit-Daily"));

  hotlist_fake_hubspot_expire_access_tokens (fx->fake);
  expired = request (fx, "GET", path, old, NULL, NULL);
  g_assert_cmpuint (expired->status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (obj (expired), "category"), ==,
                   "EXPIRED_AUTHENTICATION");

  hotlist_fake_hubspot_set_token_lifetime_ms (fx->fake, 600 * 1000);
  fresh = refresh (fx, rt);
  g_assert_cmpuint (fresh->status, ==, 200);
  access = json_object_get_string_member (obj (fresh), "access_token");
  g_assert_cmpstr (access, !=, old);
  g_assert_cmpint (json_object_get_int_member (obj (fresh), "expires_in"), ==, 600);
  g_assert_cmpstr (json_object_get_string_member (obj (fresh), "token_type"), ==, "bearer");
  g_assert_nonnull (json_object_get_string_member (obj (fresh), "refresh_token"));

  with_new = request (fx, "GET", path, access, NULL, NULL);
  g_assert_cmpuint (with_new->status, ==, 200);
  with_old = request (fx, "GET", path, old, NULL, NULL);
  g_assert_cmpuint (with_old->status, ==, 401);

  /* Refreshing again retires the token it replaces even though that one has not expired. */
  {
    g_autoptr (Reply) again = refresh (fx, rt);
    g_autoptr (Reply) retired = NULL;
    g_autoptr (Reply) current = NULL;

    g_assert_cmpuint (again->status, ==, 200);
    retired = request (fx, "GET", path, access, NULL, NULL);
    g_assert_cmpuint (retired->status, ==, 401);
    current = request (fx, "GET", path, json_object_get_string_member (obj (again), "access_token"),
                       NULL, NULL);
    g_assert_cmpuint (current->status, ==, 200);
  }

  bad = refresh (fx, "not-a-refresh-token");
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (obj (bad), "error"), ==, "invalid_grant");
  g_assert_cmpstr (json_object_get_string_member (obj (bad), "status"), ==, "BAD_REFRESH_TOKEN");

  none = request (fx, "GET", path, NULL, NULL, NULL);
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (obj (none), "category"), ==,
                   "INVALID_AUTHENTICATION");

  /* A token lifetime really runs out. */
  {
    g_autoptr (Reply) r2 = NULL;
    g_autoptr (Reply) r3 = NULL;
    g_autofree char  *short_lived = NULL;

    hotlist_fake_hubspot_set_token_lifetime_ms (fx->fake, 200);
    short_lived = hotlist_fake_hubspot_issue_tokens (fx->fake, NULL);
    r2 = request (fx, "GET", path, short_lived, NULL, NULL);
    g_assert_cmpuint (r2->status, ==, 200);
    g_usleep (250 * 1000);
    r3 = request (fx, "GET", path, short_lived, NULL, NULL);
    g_assert_cmpuint (r3->status, ==, 401);
  }
}

static void
test_rate_limit (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) faulted = NULL;
  g_autoptr (Reply) after = NULL;
  guint             n_429 = 0;

  hotlist_fake_hubspot_set_retry_after (fx->fake, 7);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts", HOTLIST_FAKE_FAULT_429,
                                     1);
  faulted = get (fx, "/crm/v3/objects/contacts");
  g_assert_cmpuint (faulted->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (faulted->headers, "Retry-After"), ==, "7");
  g_assert_cmpstr (soup_message_headers_get_one (faulted->headers, "X-HubSpot-RateLimit-Remaining"),
                   ==, "0");
  g_assert_nonnull (soup_message_headers_get_one (faulted->headers, "X-HubSpot-RateLimit-Max"));
  g_assert_cmpstr (json_object_get_string_member (obj (faulted), "errorType"), ==, "RATE_LIMIT");
  g_assert_cmpstr (json_object_get_string_member (obj (faulted), "status"), ==, "error");
  g_assert_nonnull (json_object_get_string_member (obj (faulted), "policyName"));
  after = get (fx, "/crm/v3/objects/contacts");
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_faults (fx->fake), ==, 1);

  /* An enforced secondly limit. */
  hotlist_fake_hubspot_set_rate_limits (fx->fake, 3, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr (Reply) r = get (fx, "/crm/v3/objects/contacts?limit=1");
      if (r->status == 429)
        {
          n_429++;
          g_assert_cmpstr (json_object_get_string_member (obj (r), "policyName"), ==, "SECONDLY");
          g_assert_nonnull (soup_message_headers_get_one (r->headers, "Retry-After"));
        }
      else
        {
          g_assert_cmpuint (r->status, ==, 200);
          g_assert_nonnull (
              soup_message_headers_get_one (r->headers, "X-HubSpot-RateLimit-Secondly"));
        }
    }
  /* Six requests well within a second, after one allowed earlier: at least three refused. */
  g_assert_cmpuint (n_429, >=, 3);
}

static void
test_fault_every (Fixture *fx, gconstpointer data)
{
  hotlist_fake_hubspot_generate_contacts (fx->fake, 5, 4);
  hotlist_fake_hubspot_set_fault_every (fx->fake, 10, HOTLIST_FAKE_FAULT_503);
  for (guint i = 1; i <= 30; i++)
    {
      g_autoptr (Reply) r = get (fx, "/crm/v3/objects/contacts");
      g_assert_cmpuint (r->status, ==, i % 10 == 0 ? 503 : 200);
    }
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_faults (fx->fake), ==, 3);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_LIST), ==,
                    30);

  hotlist_fake_hubspot_clear_faults (fx->fake);
  hotlist_fake_hubspot_inject_fault (fx->fake, NULL, HOTLIST_FAKE_FAULT_500, 2);
  {
    g_autoptr (Reply) r1 = get (fx, "/crm/v3/objects/contacts");
    g_autoptr (Reply) r2 = post (fx, "/crm/v3/objects/contacts/search", "{}");
    g_autoptr (Reply) r3 = get (fx, "/crm/v3/objects/contacts");
    g_assert_cmpuint (r1->status, ==, 500);
    g_assert_cmpuint (r2->status, ==, 500);
    g_assert_cmpuint (r3->status, ==, 200);
  }
}

static void
test_broken_bodies (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) malformed = NULL;
  g_autoptr (Reply) truncated = NULL;
  g_autoptr (Reply) after = NULL;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 5, 5);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts",
                                     HOTLIST_FAKE_FAULT_MALFORMED_JSON, 1);
  malformed = get (fx, "/crm/v3/objects/contacts");
  g_assert_no_error (malformed->error);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_nonnull (malformed->body);
  g_assert_cmpuint (g_bytes_get_size (malformed->body), >, 0);
  g_assert_null (malformed->json);

  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts",
                                     HOTLIST_FAKE_FAULT_TRUNCATED_BODY, 1);
  truncated = get (fx, "/crm/v3/objects/contacts");
  /* Either libsoup reports the short read, or the bytes it hands over are not the whole JSON. */
  g_assert_true (truncated->error != NULL
                 || (truncated->body != NULL
                     && (goffset)g_bytes_get_size (truncated->body)
                            < soup_message_headers_get_content_length (truncated->headers)));
  g_assert_null (truncated->json);

  after = get (fx, "/crm/v3/objects/contacts");
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_nonnull (after->json);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_faults (fx->fake), ==, 2);
}

static void
test_slow (Fixture *fx, gconstpointer data)
{
  g_autoptr (Reply) r = NULL;
  gint64            start;

  hotlist_fake_hubspot_set_fault_delay (fx->fake, 300);
  hotlist_fake_hubspot_inject_fault (fx->fake, NULL, HOTLIST_FAKE_FAULT_SLOW, 1);
  start = g_get_monotonic_time ();
  r = get (fx, "/crm/v3/objects/contacts");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (r->status, ==, 200);
}

static void
send_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes           **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static void
test_main_context (void)
{
  g_autoptr (HotlistFakeHubspot) fake = hotlist_fake_hubspot_new ();
  g_autoptr (SoupSession)        session = soup_session_new ();
  g_autoptr (GError)             error = NULL;
  g_autoptr (GBytes)             body = NULL;
  g_autoptr (SoupMessage)        msg = NULL;
  g_autofree char               *url = NULL;
  const char                    *kv[] = { "email", "solo@example.com", NULL };
  g_autofree char               *id = NULL;

  g_assert_true (hotlist_fake_hubspot_start (fake, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hotlist_fake_hubspot_get_base_url (fake), "http://127.0.0.1:"));
  id = hotlist_fake_hubspot_add_contact (fake, kv);
  url = g_strdup_printf ("%s/crm/v3/objects/contacts/%s?properties=email",
                         hotlist_fake_hubspot_get_base_url (fake), id);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " TOKEN);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (
      g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "solo@example.com"));
  hotlist_fake_hubspot_stop (fake);
}

/* Not a benchmark: a full windowed sync of 100,000 records must finish; the time is printed. */
static void
test_large (Fixture *fx, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64                 cursor = 0, start;
  guint                  requests = 0;

  start = g_get_monotonic_time ();
  hotlist_fake_hubspot_generate_contacts (fx->fake, 100000, 6);
  g_test_message ("generated 100000 contacts in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  start = g_get_monotonic_time ();
  for (;;)
    {
      g_autofree char *after = g_strdup ("0");
      gint64           last = cursor;
      gboolean         more_windows = FALSE;

      while (after != NULL)
        {
          g_autofree char *body = g_strdup_printf (
              "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\","
              "\"value\":\"%" G_GINT64_FORMAT
              "\"}]}],\"sorts\":[{\"propertyName\":\"lastmodifieddate\","
              "\"direction\":\"ASCENDING\"}],\"properties\":[\"email\"],\"limit\":200,\"after\":\"%s\"}",
              cursor, after);
          g_autoptr (Reply) r = post (fx, "/crm/v3/objects/contacts/search", body);
          JsonArray        *res;

          requests++;
          g_assert_cmpuint (r->status, ==, 200);
          res = json_object_get_array_member (obj (r), "results");
          for (guint i = 0; i < json_array_get_length (res); i++)
            {
              g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                          json_array_get_object_element (res, i), "id")));
              last = iso_ms (result_prop (res, i, "lastmodifieddate"));
            }
          g_free (after);
          after = g_strdup (next_after (r));
          if (g_strcmp0 (after, "10000") == 0)
            {
              more_windows = TRUE;
              break;
            }
        }
      if (!more_windows)
        break;
      g_assert_cmpint (last, >, cursor);
      cursor = last;
    }
  g_test_message ("windowed search sync of 100000 contacts: %u requests in %.2f s", requests,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 100000);
}

/* Engagements (reference 2.6) and the v4 associations that link them to contacts (2.5). */
static void
test_engagements (Fixture *fx, gconstpointer data)
{
  const char       *kv[] = { "email", "ada@example.com", NULL };
  const char       *call[] = { "hs_timestamp", "2024-04-01T10:00:00.000Z", "hs_call_title",
                               "Discovery call", NULL };
  g_autofree char  *ada = hotlist_fake_hubspot_add_contact (fx->fake, kv);
  g_autofree char  *call_id = NULL;
  g_autofree char  *body = NULL;
  g_autofree char  *path = NULL;
  g_auto (GStrv)    ids = NULL;
  g_autoptr (Reply) assoc = NULL;
  g_autoptr (Reply) read = NULL;
  g_autoptr (Reply) one = NULL;
  g_autoptr (Reply) wrong_type = NULL;
  g_autoptr (Reply) list = NULL;
  g_autoptr (Reply) anonymous = NULL;
  g_autoptr (Reply) faulted = NULL;
  JsonArray        *results, *to;
  JsonObject       *props;

  /* Later than the real clock that stamped the contact. */
  hotlist_fake_hubspot_set_now_ms (fx->fake, G_GINT64_CONSTANT (4102444800000));
  call_id = hotlist_fake_hubspot_add_engagement (fx->fake, ada, "calls", call);
  g_assert_nonnull (call_id);
  g_assert_null (hotlist_fake_hubspot_add_engagement (fx->fake, ada, "faxes", NULL));
  g_assert_null (hotlist_fake_hubspot_add_engagement (fx->fake, "1", "calls", NULL));
  /* Logging an engagement modifies the contact. */
  g_assert_cmpint (hotlist_fake_hubspot_get_contact_modified (fx->fake, ada), ==,
                   G_GINT64_CONSTANT (4102444800000));
  ids = hotlist_fake_hubspot_list_engagements (fx->fake, ada, "calls");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, call_id);
  g_assert_cmpuint (hotlist_fake_hubspot_count_engagements (fx->fake, "meetings"), ==, 0);

  /* Generated contacts come with engagements of every kind. */
  hotlist_fake_hubspot_generate_contacts (fx->fake, 60, 9);
  g_assert_cmpuint (hotlist_fake_hubspot_count_engagements (fx->fake, "calls"), >, 1);
  g_assert_cmpuint (hotlist_fake_hubspot_count_engagements (fx->fake, "meetings"), >, 0);
  g_assert_cmpuint (hotlist_fake_hubspot_count_engagements (fx->fake, "emails"), >, 0);

  body = g_strdup_printf ("{\"inputs\":[{\"id\":\"%s\"},{\"id\":\"999999\"}]}", ada);
  assoc = post (fx, "/crm/v4/associations/contacts/calls/batch/read", body);
  g_assert_cmpuint (assoc->status, ==, 207);
  results = json_object_get_array_member (obj (assoc), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (json_array_get_object_element (results, 0),
                                                      "from"),
                       "id"),
                   ==, ada);
  to = json_object_get_array_member (json_array_get_object_element (results, 0), "to");
  g_assert_cmpuint (json_array_get_length (to), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (to, 0), "toObjectId"),
                   ==, g_ascii_strtoll (call_id, NULL, 10));
  g_assert_cmpint (json_object_get_int_member (obj (assoc), "numErrors"), ==, 1);

  g_free (body);
  body = g_strdup_printf ("{\"properties\":[\"hs_call_title\",\"hs_timestamp\",\"nope\"],"
                          "\"inputs\":[{\"id\":\"%s\"},{\"id\":\"1\"}]}",
                          call_id);
  read = post (fx, "/crm/v3/objects/calls/batch/read", body);
  g_assert_cmpuint (read->status, ==, 207);
  results = json_object_get_array_member (obj (read), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  props = json_object_get_object_member (json_array_get_object_element (results, 0), "properties");
  g_assert_cmpstr (json_object_get_string_member (props, "hs_call_title"), ==, "Discovery call");
  g_assert_cmpstr (json_object_get_string_member (props, "hs_timestamp"), ==,
                   "2024-04-01T10:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (props, "hs_object_id"), ==, call_id);
  g_assert_false (json_object_has_member (props, "nope"));

  g_free (path);
  path = g_strdup_printf ("/crm/v3/objects/calls/%s?properties=hs_call_title", call_id);
  one = get (fx, path);
  g_assert_cmpuint (one->status, ==, 200);
  g_free (path);
  path = g_strdup_printf ("/crm/v3/objects/meetings/%s", call_id);
  wrong_type = get (fx, path);
  g_assert_cmpuint (wrong_type->status, ==, 404);

  g_free (path);
  path = g_strdup_printf ("/crm/v4/objects/contacts/%s/associations/calls", ada);
  list = get (fx, path);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (list), "results")),
                    ==, 1);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake,
                                                         HOTLIST_FAKE_HUBSPOT_ASSOCIATIONS_LIST),
                    ==, 1);
  g_assert_cmpuint (
      hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_ENGAGEMENT_BATCH_READ),
      ==, 1);

  /* Same auth and faults as everywhere else. */
  anonymous = request (fx, "POST", "/crm/v3/objects/calls/batch/read", NULL, NULL, body);
  g_assert_cmpuint (anonymous->status, ==, 401);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v4/associations/", HOTLIST_FAKE_FAULT_503, 1);
  faulted = post (fx, "/crm/v4/associations/contacts/calls/batch/read", "{\"inputs\":[]}");
  g_assert_cmpuint (faulted->status, ==, 503);
}

static void
test_email_events (Fixture *fx, gconstpointer data)
{
  const char      *kv[] = { "email", "ada@example.com", NULL };
  g_autofree char *ada = hotlist_fake_hubspot_add_contact (fx->fake, kv);
  g_autofree char *open_id =
      hotlist_fake_hubspot_add_email_event (fx->fake, ada, "OPEN",
                                            G_GINT64_CONSTANT (1714000000000));
  g_autofree char *click_id =
      hotlist_fake_hubspot_add_email_event (fx->fake, ada, "CLICK",
                                            G_GINT64_CONSTANT (1714000100000));
  g_autoptr (Reply) first = NULL;
  g_autoptr (Reply) second = NULL;
  g_autoptr (Reply) later = NULL;
  g_autoptr (Reply) bad = NULL;
  g_autofree char  *path = NULL;
  JsonArray        *events;

  g_assert_nonnull (open_id);
  g_assert_nonnull (click_id);
  hotlist_fake_hubspot_generate_contacts (fx->fake, 50, 2);
  g_assert_cmpuint (hotlist_fake_hubspot_count_email_events (fx->fake), >, 2);

  first = get (fx, "/email/public/v1/events?recipient=ada@example.com&limit=1");
  g_assert_cmpuint (first->status, ==, 200);
  events = json_object_get_array_member (obj (first), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "id"),
                   ==, open_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "type"),
                   ==, "OPEN");
  g_assert_true (json_object_get_boolean_member (obj (first), "hasMore"));

  path = g_strdup_printf ("/email/public/v1/events?recipient=ada@example.com&limit=1&offset=%s",
                          json_object_get_string_member (obj (first), "offset"));
  second = get (fx, path);
  events = json_object_get_array_member (obj (second), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "id"),
                   ==, click_id);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (events, 0),
                                               "created"),
                   ==, G_GINT64_CONSTANT (1714000100000));

  later =
      get (fx, "/email/public/v1/events?recipient=ada@example.com&startTimestamp=1714000050000");
  events = json_object_get_array_member (obj (later), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_false (json_object_get_boolean_member (obj (later), "hasMore"));

  bad = get (fx, "/email/public/v1/events?limit=0");
  g_assert_cmpuint (bad->status, ==, 400);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/fake-hubspot/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("list-paging", test_list_paging);
  ADD ("search-modified-since", test_search_modified_since);
  ADD ("search-window", test_search_window);
  ADD ("properties", test_properties);
  ADD ("batch-update", test_batch_update);
  ADD ("token-refresh", test_token_refresh);
  ADD ("rate-limit", test_rate_limit);
  ADD ("fault-every", test_fault_every);
  ADD ("broken-bodies", test_broken_bodies);
  ADD ("slow", test_slow);
  ADD ("engagements", test_engagements);
  ADD ("email-events", test_email_events);
  ADD ("large", test_large);
#undef ADD
  g_test_add_func ("/fake-hubspot/main-context", test_main_context);

  return g_test_run ();
}
