/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the fake Pipedrive and of the Pipedrive connector against it. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "connectors/hotlist-provider-pipedrive.h"
#include "hotlist.h"
#include "hotlist-fake-pipedrive.h"

#define TOKEN HOTLIST_FAKE_PIPEDRIVE_API_TOKEN

typedef struct
{
  HotlistFakePipedrive *fake;
  SoupSession          *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  JsonNode           *json;
  GError             *error;
} Reply;

static void
reply_free (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->fake = hotlist_fake_pipedrive_new ();
  g_assert_true (hotlist_fake_pipedrive_start_in_thread (fx->fake, &error));
  g_assert_no_error (error);
  fx->session = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->session);
  hotlist_fake_pipedrive_stop (fx->fake);
  g_assert_finalize_object (fx->fake);
}

/* A plain request to the fake; @token is sent as `x-api-token` unless NULL. */
static Reply *
raw_request (Fixture *fx, const char *method, const char *path, const char *token, const char *body)
{
  g_autofree char *url = g_strconcat (hotlist_fake_pipedrive_get_base_url (fx->fake), path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes)      bytes = NULL;
  Reply                  *r = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "x-api-token", token);
  if (body != NULL)
    {
      g_autoptr (GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (fx->session, msg, NULL, &r->error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL))
        r->json = json_parser_steal_root (parser);
    }
  return r;
}

static JsonObject *
reply_object (Reply *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static HotlistProvider *
provider_new (Fixture *fx, const char *token, guint page_size)
{
  g_autoptr (HotlistCredentials) credentials =
      hotlist_credentials_new_api_token ("pipedrive", "acme", token);
  HotlistProvider *provider =
      g_object_new (HOTLIST_TYPE_PROVIDER_PIPEDRIVE, "base-url",
                    hotlist_fake_pipedrive_get_base_url (fx->fake), "credentials", credentials,
                    "page-size", page_size, NULL);
  HotlistHttpClient *http =
      hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (provider));

  hotlist_http_client_set_backoff (http, 10, 50);
  return provider;
}

typedef struct
{
  GHashTable *leads;      /* external id → HotlistRemoteLead (not owned; pages keep them) */
  GHashTable *activities; /* external id → lead external id */
  GPtrArray  *pages;
  guint       n_leads;
  guint       n_pulls;
  char       *cursor;
} Collected;

static void
collected_init (Collected *c)
{
  c->leads = g_hash_table_new (g_str_hash, g_str_equal);
  c->activities = g_hash_table_new (g_str_hash, g_str_equal);
  c->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_pull_page_free);
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->leads, g_hash_table_unref);
  g_clear_pointer (&c->activities, g_hash_table_unref);
  g_clear_pointer (&c->pages, g_ptr_array_unref);
  g_clear_pointer (&c->cursor, g_free);
}

/* Pulls pages from @c->cursor until there are no more, or @max_pages; checks there are no
 * duplicate leads or activities. */
static gboolean
pull_pages (HotlistProvider *provider, Collected *c, guint max_pages)
{
  for (guint i = 0; i < max_pages; i++)
    {
      g_autoptr (GError) error = NULL;
      HotlistPullPage   *page = hotlist_provider_pull_sync (provider, c->cursor, NULL, &error);
      gint64             last = 0;
      gboolean           more;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_nonnull (page->cursor);
      c->n_pulls++;
      for (guint j = 0; j < page->leads->len; j++)
        {
          HotlistRemoteLead *lead = g_ptr_array_index (page->leads, j);

          g_assert_false (g_hash_table_contains (c->leads, lead->external_id));
          g_hash_table_insert (c->leads, lead->external_id, lead);
          /* Oldest change first. */
          g_assert_cmpint (lead->updated_at, >=, last);
          last = lead->updated_at;
          c->n_leads++;
        }
      for (guint j = 0; j < page->activities->len; j++)
        {
          HotlistRemoteActivity *a = g_ptr_array_index (page->activities, j);

          g_assert_false (g_hash_table_contains (c->activities, a->external_id));
          g_hash_table_insert (c->activities, a->external_id, a->lead_external_id);
        }
      g_free (c->cursor);
      c->cursor = g_strdup (page->cursor);
      more = page->more;
      g_ptr_array_add (c->pages, page);
      if (!more)
        return TRUE;
    }
  return FALSE;
}

/* The fake */

static void
test_fake_envelope_and_paging (Fixture *fx, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char       *cursor = NULL;
  guint                  pages = 0;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 250, 7);
  g_assert_cmpuint (hotlist_fake_pipedrive_count_contacts (fx->fake), ==, 250);

  do
    {
      g_autofree char  *path = cursor != NULL
                                   ? g_strdup_printf ("/api/v2/persons?limit=100&cursor=%s", cursor)
                                   : g_strdup ("/api/v2/persons?limit=100");
      g_autoptr (Reply) r = raw_request (fx, "GET", path, TOKEN, NULL);
      JsonObject       *o = reply_object (r);
      JsonArray        *list;
      JsonObject       *more;

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_true (json_object_get_boolean_member (o, "success"));
      list = json_object_get_array_member (o, "data");
      g_assert_cmpuint (json_array_get_length (list), <=, 100);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *p = json_array_get_object_element (list, i);
          gint64     *id = g_new (gint64, 1);

          *id = json_object_get_int_member (p, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          g_assert_true (g_str_has_suffix (json_object_get_string_member (p, "update_time"), "Z"));
          g_assert_true (json_object_has_member (p, "custom_fields"));
        }
      more = json_object_get_object_member (o, "additional_data");
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (more, "next_cursor"))
        cursor =
            g_uri_escape_string (json_object_get_string_member (more, "next_cursor"), NULL, FALSE);
      /* Every answer carries the burst-window headers of reference 4.6. */
      g_assert_nonnull (soup_message_headers_get_one (r->headers, "x-ratelimit-limit"));
      g_assert_nonnull (soup_message_headers_get_one (r->headers, "x-ratelimit-remaining"));
      g_assert_nonnull (soup_message_headers_get_one (r->headers, "x-ratelimit-reset"));
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);

  {
    g_autoptr (Reply) r = raw_request (fx, "GET", "/api/v2/persons?limit=501", TOKEN, NULL);

    g_assert_cmpuint (r->status, ==, 400);
    g_assert_false (json_object_get_boolean_member (reply_object (r), "success"));
    g_assert_nonnull (json_object_get_string_member (reply_object (r), "error"));
  }
  {
    g_autoptr (Reply) r =
        raw_request (fx, "GET", "/api/v2/persons?updated_since=yesterday", TOKEN, NULL);

    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    /* updated_since is inclusive and the list is sorted as asked. */
    g_autoptr (Reply) r = raw_request (
        fx, "GET",
        "/api/v2/persons?updated_since=2024-01-01T00:00:00Z&sort_by=update_time&sort_direction=asc",
        TOKEN, NULL);
    JsonArray *list = json_object_get_array_member (reply_object (r), "data");
    gint64     previous = 0;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (list), >, 0);
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (
            json_object_get_string_member (json_array_get_object_element (list, i), "update_time"),
            NULL);
        gint64 t = g_date_time_to_unix (dt);

        g_assert_cmpint (t, >=, 1704067200);
        g_assert_cmpint (t, >=, previous);
        previous = t;
      }
  }
}

static void
test_fake_auth (Fixture *fx, gconstpointer data)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  g_free (hotlist_fake_pipedrive_add_contact (fx->fake, (const char *const[]){
                                                            "name", "Ada Lovelace", NULL }));
  {
    g_autoptr (Reply) r = raw_request (fx, "GET", "/api/v2/persons", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_false (json_object_get_boolean_member (reply_object (r), "success"));
  }
  {
    g_autoptr (Reply) r = raw_request (fx, "GET", "/api/v2/persons", "wrong-token", NULL);

    g_assert_cmpuint (r->status, ==, 401);
  }
  {
    /* The legacy query parameter still works. */
    g_autoptr (Reply) r = raw_request (fx, "GET", "/api/v2/persons?api_token=" TOKEN, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  hotlist_fake_pipedrive_add_api_token (fx->fake, "second-token");
  {
    g_autoptr (Reply) r = raw_request (fx, "GET", "/api/v2/persons", "second-token", NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }

  /* The refresh grant returns the same refresh token and the api_domain. */
  access = hotlist_fake_pipedrive_issue_tokens (fx->fake, &refresh);
  {
    g_autofree char *url =
        g_strconcat (hotlist_fake_pipedrive_get_base_url (fx->fake), "/oauth/token", NULL);
    g_autoptr (SoupMessage) msg = NULL;
    g_autoptr (GBytes)      bytes = NULL;
    g_autoptr (JsonParser)  parser = json_parser_new ();
    g_autofree char        *form =
        soup_form_encode ("grant_type", "refresh_token", "refresh_token", refresh, NULL);
    g_autofree char   *basic = g_base64_encode ((const guchar *)HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID
                                                ":" HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET,
                                                strlen (HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID
                                                        ":" HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET));
    g_autofree char   *auth = g_strconcat ("Basic ", basic, NULL);
    g_autoptr (GBytes) body = g_bytes_new (form, strlen (form));
    JsonObject        *o;

    msg = soup_message_new ("POST", url);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    bytes = soup_session_send_and_read (fx->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                               (gssize)g_bytes_get_size (bytes), NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "refresh_token"), ==, refresh);
    g_assert_cmpstr (json_object_get_string_member (o, "api_domain"), ==,
                     hotlist_fake_pipedrive_get_base_url (fx->fake));
    g_assert_cmpstr (json_object_get_string_member (o, "access_token"), !=, access);
  }
}

static void
test_fake_fields_and_patch (Fixture *fx, gconstpointer data)
{
  g_autofree char *id =
      hotlist_fake_pipedrive_add_contact (fx->fake,
                                          (const char *const[]){ "first_name", "Grace", "last_name",
                                                                 "Hopper", NULL });
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v2/persons/%s", id);

  {
    g_autoptr (Reply) r = raw_request (fx, "POST", "/api/v1/personFields", TOKEN,
                                       "{\"name\":\"hotlist_score\",\"field_type\":\"double\"}");
    JsonObject       *field;

    g_assert_cmpuint (r->status, ==, 201);
    field = json_object_get_object_member (reply_object (r), "data");
    key = g_strdup (json_object_get_string_member (field, "key"));
    g_assert_cmpuint (strlen (key), ==, 40);
    g_assert_true (json_object_get_boolean_member (field, "edit_flag"));
  }
  {
    /* v1 fields are offset-paged. */
    g_autoptr (Reply) r =
        raw_request (fx, "GET", "/api/v1/personFields?start=0&limit=5", TOKEN, NULL);
    JsonObject *pagination =
        json_object_get_object_member (json_object_get_object_member (reply_object (r),
                                                                      "additional_data"),
                                       "pagination");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (pagination, "more_items_in_collection"));
    g_assert_cmpint (json_object_get_int_member (pagination, "next_start"), ==, 5);
  }
  {
    /* v2 refuses a numeric string for a number field. */
    g_autofree char  *body = g_strdup_printf ("{\"custom_fields\":{\"%s\":\"87\"}}", key);
    g_autoptr (Reply) r = raw_request (fx, "PATCH", path, TOKEN, body);

    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autoptr (Reply) r =
        raw_request (fx, "PATCH", path, TOKEN,
                     "{\"custom_fields\":{\"0000000000000000000000000000000000000000\":1}}");

    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autofree char  *body = g_strdup_printf ("{\"custom_fields\":{\"%s\":87}}", key);
    g_autoptr (Reply) r = raw_request (fx, "PATCH", path, TOKEN, body);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (reply_object (r), "success"));
  }
  value = hotlist_fake_pipedrive_get_contact_property (fx->fake, id, "hotlist_score");
  g_assert_cmpstr (value, ==, "87");
  {
    g_autoptr (Reply) r = raw_request (fx, "PATCH", "/api/v2/persons/424242", TOKEN, "{}");

    g_assert_cmpuint (r->status, ==, 404);
  }
}

/* The connector */

static void
test_pull_all_pages (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (HotlistProvider) restarted = NULL;
  Collected                   c = { 0 };
  Collected                   inc = { 0 };
  Collected                   deals = { 0 };
  g_auto (GStrv)              touched = NULL;
  g_autofree char            *ada = NULL;
  g_autofree char            *deal = NULL;
  HotlistRemoteLead          *lead;
  guint                       n_persons_requests;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 2500, 42);
  ada = hotlist_fake_pipedrive_add_contact (fx->fake,
                                            (const char *const[]){
                                                "first_name", "Ada", "last_name", "Lovelace",
                                                "email", "ada@analytical.example", "org",
                                                "Analytical Engines", "country", "United Kingdom",
                                                "owner_id", "18", "Lead source", "Referral",
                                                "Favourite colour", "green", "update_time",
                                                "2024-05-01T10:00:00Z", NULL });
  g_free (hotlist_fake_pipedrive_add_activity (fx->fake, ada, "call", "Intro call", TRUE,
                                               "2024-04-01T09:30:00Z"));
  g_free (
      hotlist_fake_pipedrive_add_activity (fx->fake, ada, "task", "Send contract", FALSE, NULL));
  deal = hotlist_fake_pipedrive_add_deal (fx->fake, ada, "Engines", "won");
  g_assert_nonnull (deal);

  /* Several pages, then a "restart": a new provider object goes on from the stored cursor. */
  collected_init (&c);
  provider = provider_new (fx, TOKEN, 100);
  g_assert_false (pull_pages (provider, &c, 7));
  restarted = provider_new (fx, TOKEN, 100);
  g_assert_true (pull_pages (restarted, &c, 1000));
  g_assert_cmpuint (c.n_leads, ==, 2501);
  g_assert_cmpuint (g_hash_table_size (c.leads), ==, 2501);
  n_persons_requests =
      hotlist_fake_pipedrive_get_n_requests (fx->fake, HOTLIST_FAKE_PIPEDRIVE_PERSONS);
  g_assert_cmpuint (n_persons_requests, ==, 26);

  /* Mapping. */
  lead = g_hash_table_lookup (c.leads, ada);
  g_assert_nonnull (lead);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Ada");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Lovelace");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_EMAIL], ==, "ada@analytical.example");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Analytical Engines");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United Kingdom");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_OWNER], ==, "18");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE], ==, "Referral");
  g_assert_true (lead->present & (1u << HOTLIST_LEAD_FIELD_EMAIL));
  g_assert_true (lead->present & (1u << HOTLIST_LEAD_FIELD_OUTCOME));
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (lead->updated_at, ==, 1714557600);
  g_assert_cmpstr (json_object_get_string_member (lead->custom, "Favourite colour"), ==, "green");
  g_assert_false (json_object_has_member (lead->custom, "Lead source"));

  /* Activities: the done call, not the open task; every one about a pulled person. */
  g_assert_cmpuint (g_hash_table_size (c.activities), >, 100);
  {
    GHashTableIter iter;
    gpointer       person;
    guint          of_ada = 0;

    g_hash_table_iter_init (&iter, c.activities);
    while (g_hash_table_iter_next (&iter, NULL, &person))
      {
        g_assert_true (g_hash_table_contains (c.leads, person));
        if (g_str_equal (person, ada))
          of_ada++;
      }
    g_assert_cmpuint (of_ada, ==, 1);
  }

  /* Nothing changed: an incremental pull returns nothing. */
  collected_init (&inc);
  inc.cursor = g_strdup (c.cursor);
  g_assert_true (pull_pages (provider, &inc, 10));
  g_assert_cmpuint (inc.n_leads, ==, 0);
  g_assert_cmpuint (g_hash_table_size (inc.activities), ==, 0);
  collected_clear (&inc);

  /* Exactly the 50 touched, although they share one update_time. */
  hotlist_fake_pipedrive_set_now_ms (fx->fake, g_get_real_time () / 1000 + 3600 * 1000);
  touched = hotlist_fake_pipedrive_touch_contacts (fx->fake, 50);
  g_assert_cmpuint (g_strv_length (touched), ==, 50);
  collected_init (&inc);
  inc.cursor = g_strdup (c.cursor);
  g_assert_true (pull_pages (provider, &inc, 10));
  g_assert_cmpuint (inc.n_leads, ==, 50);
  for (guint i = 0; touched[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (inc.leads, touched[i]));

  /* A deal lost afterwards: the person comes back with the new outcome, without being edited. */
  hotlist_fake_pipedrive_set_now_ms (fx->fake, g_get_real_time () / 1000 + 3700 * 1000);
  g_assert_true (hotlist_fake_pipedrive_set_deal_status (fx->fake, deal, "lost"));
  collected_init (&deals);
  deals.cursor = g_strdup (inc.cursor);
  g_assert_true (pull_pages (provider, &deals, 10));
  g_assert_cmpuint (deals.n_leads, ==, 1);
  lead = g_hash_table_lookup (deals.leads, ada);
  g_assert_nonnull (lead);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_LOST);

  collected_clear (&deals);
  collected_clear (&inc);
  collected_clear (&c);
}

static void
test_pull_many_ties (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, TOKEN, 10);
  Collected                   c = { 0 };

  /* 45 persons in one second: pages of 10 must neither skip nor repeat. */
  hotlist_fake_pipedrive_set_now_ms (fx->fake, G_GINT64_CONSTANT (1700000000000));
  for (guint i = 0; i < 45; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i);
      g_autofree char *id =
          hotlist_fake_pipedrive_add_contact (fx->fake,
                                              (const char *const[]){ "name", name, NULL });
    }
  collected_init (&c);
  g_assert_true (pull_pages (provider, &c, 100));
  g_assert_cmpuint (c.n_leads, ==, 45);
  /* A name alone is split into first and last name. */
  g_assert_cmpstr (((HotlistRemoteLead *)g_hash_table_lookup (c.leads, "1"))->text[0], ==,
                   "Person");
  g_assert_cmpstr (((HotlistRemoteLead *)g_hash_table_lookup (c.leads, "1"))->text[1], ==, "0");

  /* Five more in that same second come next, and only they. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id =
          hotlist_fake_pipedrive_add_contact (fx->fake,
                                              (const char *const[]){ "name", "Late Comer", NULL });
    }
  g_hash_table_remove_all (c.leads);
  c.n_leads = 0;
  g_assert_true (pull_pages (provider, &c, 100));
  g_assert_cmpuint (c.n_leads, ==, 5);
  g_assert_true (g_hash_table_contains (c.leads, "46"));
  g_assert_true (g_hash_table_contains (c.leads, "50"));
  collected_clear (&c);
}

static void
test_auth_api_token (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) good = provider_new (fx, TOKEN, 0);
  g_autoptr (HotlistProvider) bad = provider_new (fx, "not-the-token", 0);
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 3, 1);
  page = hotlist_provider_pull_sync (good, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 3);
  g_clear_pointer (&page, hotlist_pull_page_free);

  page = hotlist_provider_pull_sync (bad, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
}

static void
test_auth_oauth_refresh (Fixture *fx, gconstpointer data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = hotlist_fake_pipedrive_issue_tokens (fx->fake, &refresh);
  g_autofree char *token_url =
      g_strconcat (hotlist_fake_pipedrive_get_base_url (fx->fake), "/oauth/token", NULL);
  g_autofree char *authorize_url =
      g_strconcat (hotlist_fake_pipedrive_get_base_url (fx->fake), "/oauth/authorize", NULL);
  g_autoptr (HotlistCredentials) credentials = hotlist_credentials_new ("pipedrive", "acme");
  g_autoptr (HotlistOAuthConfig) config =
      hotlist_oauth_config_new ("pipedrive", HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID,
                                HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET, authorize_url, token_url);
  g_autoptr (HotlistProvider) provider = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;

  config->client_auth = HOTLIST_OAUTH_CLIENT_AUTH_BASIC;
  credentials->access_token = g_strdup (access);
  credentials->refresh_token = g_strdup (refresh);
  hotlist_fake_pipedrive_generate_contacts (fx->fake, 5, 3);
  provider = hotlist_provider_new ("pipedrive", hotlist_fake_pipedrive_get_base_url (fx->fake),
                                   credentials, config, &error);
  g_assert_no_error (error);

  /* The access token expired: one 401, one refresh, the call again. */
  hotlist_fake_pipedrive_expire_access_tokens (fx->fake);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 5);
  g_assert_cmpuint (hotlist_fake_pipedrive_get_n_requests (fx->fake, HOTLIST_FAKE_PIPEDRIVE_TOKEN),
                    ==, 1);
  g_clear_pointer (&page, hotlist_pull_page_free);

  /* A token the server expires mid-sync (the injected 401) is refreshed the same way. */
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons", HOTLIST_FAKE_FAULT_401_EXPIRED,
                                       1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 5);
  g_assert_cmpuint (hotlist_fake_pipedrive_get_n_requests (fx->fake, HOTLIST_FAKE_PIPEDRIVE_TOKEN),
                    ==, 2);
}

static void
test_retry_429_and_5xx (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, TOKEN, 0);
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;
  gint64                      start;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 4, 9);
  hotlist_fake_pipedrive_set_retry_after (fx->fake, 1);
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons", HOTLIST_FAKE_FAULT_429, 1);
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons", HOTLIST_FAKE_FAULT_500, 1);
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons", HOTLIST_FAKE_FAULT_503, 1);
  start = g_get_monotonic_time ();
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 4);
  g_assert_cmpuint (hotlist_fake_pipedrive_get_n_faults (fx->fake), ==, 3);
  /* Retry-After was honoured. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_clear_pointer (&page, hotlist_pull_page_free);

  /* A server that keeps failing gives up with a clear error. */
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons", HOTLIST_FAKE_FAULT_502, 0);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_SERVER);
}

static void
test_bad_bodies (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, TOKEN, 0);
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 4, 9);
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons",
                                       HOTLIST_FAKE_FAULT_MALFORMED_JSON, 0);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "JSON"));
  g_clear_error (&error);

  hotlist_fake_pipedrive_clear_faults (fx->fake);
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons",
                                       HOTLIST_FAKE_FAULT_TRUNCATED_BODY, 0);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_test_message ("truncated: %s", error->message);
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_clear_error (&error);

  /* Once the server behaves, the same cursor works. */
  hotlist_fake_pipedrive_clear_faults (fx->fake);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 4);
}

static HotlistScoreUpdate *
score_update (const char *id, int score, const char *tier)
{
  HotlistScoreUpdate *u = g_new0 (HotlistScoreUpdate, 1);

  u->external_id = g_strdup (id);
  u->score = score;
  u->tier = g_strdup (tier);
  return u;
}

static void
test_push_scores (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, TOKEN, 0);
  g_autoptr (HotlistProvider) other = NULL;
  g_autoptr (GPtrArray)       updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);
  g_autoptr (GPtrArray)    failed = NULL;
  g_autoptr (GError)       error = NULL;
  g_auto (GStrv)           names = NULL;
  static const char *const tiers[] = { "hot", "warm", "cool", "cold" };
  guint                    n_score = 0, n_tier = 0;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 20, 5);
  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      g_ptr_array_add (updates, score_update (id, (int)(i * 9), i == 10 ? NULL : tiers[i % 4]));
    }
  g_ptr_array_add (updates, score_update ("999999", 50, "warm"));
  g_ptr_array_add (updates, score_update ("not-an-id", 50, "warm"));

  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (failed);
  g_assert_cmpuint (failed->len, ==, 2);
  g_assert_cmpstr (failed->pdata[0], ==, "999999");
  g_assert_cmpstr (failed->pdata[1], ==, "not-an-id");

  /* The fake holds what was written. */
  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *score =
          hotlist_fake_pipedrive_get_contact_property (fx->fake, id, "hotlist_score");
      g_autofree char *tier =
          hotlist_fake_pipedrive_get_contact_property (fx->fake, id, "hotlist_tier");
      g_autofree char *expected = g_strdup_printf ("%u", i * 9);

      g_assert_cmpstr (score, ==, expected);
      g_assert_cmpstr (tier, ==, i == 10 ? NULL : tiers[i % 4]);
    }
  g_assert_null (hotlist_fake_pipedrive_get_contact_property (fx->fake, "11", "hotlist_score"));

  names = hotlist_fake_pipedrive_list_property_names (fx->fake);
  for (guint i = 0; names[i] != NULL; i++)
    {
      n_score += g_str_equal (names[i], "hotlist_score");
      n_tier += g_str_equal (names[i], "hotlist_tier");
    }
  g_assert_cmpuint (n_score, ==, 1);
  g_assert_cmpuint (n_tier, ==, 1);
  g_assert_cmpuint (hotlist_fake_pipedrive_get_n_requests (fx->fake,
                                                           HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1_POST),
                    ==, 2);

  /* Again, and from a new provider: the fields are found, not made twice. */
  g_clear_pointer (&failed, g_ptr_array_unref);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&failed, g_ptr_array_unref);
  other = provider_new (fx, TOKEN, 0);
  failed = hotlist_provider_push_scores_sync (other, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 2);
  g_assert_cmpuint (hotlist_fake_pipedrive_get_n_requests (fx->fake,
                                                           HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1_POST),
                    ==, 2);

  /* What Hotlist wrote does not come back as an attribute. */
  {
    g_autoptr (HotlistPullPage) page = hotlist_provider_pull_sync (other, NULL, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < page->leads->len; i++)
      {
        HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);

        g_assert_false (json_object_has_member (lead->custom, "hotlist_score"));
        g_assert_false (json_object_has_member (lead->custom, "hotlist_tier"));
      }
  }
}

static void
test_push_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, "wrong-token", 0);
  g_autoptr (HotlistProvider) good = provider_new (fx, TOKEN, 0);
  g_autoptr (GPtrArray)       updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);
  g_autoptr (GPtrArray) failed = NULL;
  g_autoptr (GError)    error = NULL;

  hotlist_fake_pipedrive_generate_contacts (fx->fake, 3, 5);
  g_ptr_array_add (updates, score_update ("1", 80, "hot"));
  g_ptr_array_add (updates, score_update ("2", 10, "cold"));

  /* Nothing can be written: NULL and the error. */
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_clear_error (&error);

  /* One person refused by the server (deleted meanwhile): only it fails. */
  g_assert_true (hotlist_fake_pipedrive_delete_contact (fx->fake, "2"));
  failed = hotlist_provider_push_scores_sync (good, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpstr (failed->pdata[0], ==, "2");
  g_clear_pointer (&failed, g_ptr_array_unref);

  /* The server failing for good after the first write: the rest are reported as failed. */
  hotlist_fake_pipedrive_inject_fault (fx->fake, "/api/v2/persons/3", HOTLIST_FAKE_FAULT_500, 0);
  g_ptr_array_add (updates, score_update ("3", 55, "warm"));
  hotlist_http_client_set_max_retries (hotlist_provider_base_get_http_client (
                                           HOTLIST_PROVIDER_BASE (good)),
                                       1);
  failed = hotlist_provider_push_scores_sync (good, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 2);
  g_assert_cmpstr (failed->pdata[1], ==, "3");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/pipedrive/fake/envelope-and-paging", test_fake_envelope_and_paging);
  ADD ("/pipedrive/fake/auth", test_fake_auth);
  ADD ("/pipedrive/fake/fields-and-patch", test_fake_fields_and_patch);
  ADD ("/pipedrive/pull/all-pages", test_pull_all_pages);
  ADD ("/pipedrive/pull/many-ties", test_pull_many_ties);
  ADD ("/pipedrive/auth/api-token", test_auth_api_token);
  ADD ("/pipedrive/auth/oauth-refresh", test_auth_oauth_refresh);
  ADD ("/pipedrive/errors/retry-429-5xx", test_retry_429_and_5xx);
  ADD ("/pipedrive/errors/bad-bodies", test_bad_bodies);
  ADD ("/pipedrive/push/scores", test_push_scores);
  ADD ("/pipedrive/push/refused", test_push_refused);
#undef ADD

  return g_test_run ();
}
