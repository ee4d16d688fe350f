/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the HubSpot connector against the fake HubSpot: windowed pulls, engagements, auth,
 * retries, broken answers and the score written back. */

#include <json-glib/json-glib.h>
#include <string.h>

#include "connectors/hotlist-provider-base.h"
#include "connectors/hotlist-provider-hubspot.h"
#include "hotlist-fake-hubspot.h"

#define TOKEN HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN

typedef struct
{
  HotlistFakeHubspot *fake;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->fake = hotlist_fake_hubspot_new ();
  g_assert_true (hotlist_fake_hubspot_start_in_thread (fx->fake, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  hotlist_fake_hubspot_stop (fx->fake);
  g_assert_finalize_object (fx->fake);
}

static HotlistProvider *
provider_new_full (Fixture                  *fx,
                   const HotlistCredentials *credentials,
                   const HotlistOAuthConfig *config,
                   guint                     page_size)
{
  HotlistProvider *provider =
      g_object_new (HOTLIST_TYPE_PROVIDER_HUBSPOT, "base-url",
                    hotlist_fake_hubspot_get_base_url (fx->fake), "credentials", credentials,
                    "oauth-config", config, "page-size", page_size, NULL);
  HotlistHttpClient *http =
      hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (provider));

  /* Retries as in production, only quicker. */
  hotlist_http_client_set_backoff (http, 10, 50);
  return provider;
}

static HotlistProvider *
provider_new (Fixture *fx, guint page_size)
{
  g_autoptr (HotlistCredentials) credentials =
      hotlist_credentials_new_api_token ("hubspot", "test-portal", TOKEN);

  return provider_new_full (fx, credentials, NULL, page_size);
}

static HotlistRemoteLead *
find_lead (HotlistPullPage *page, const char *id)
{
  for (guint i = 0; i < page->leads->len; i++)
    {
      HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);
      if (g_str_equal (lead->external_id, id))
        return lead;
    }
  return NULL;
}

typedef struct
{
  GHashTable *leads; /* external id → number of times seen */
  guint       n_leads;
  guint       n_activities;
  guint       n_pages;
  char       *cursor;
} PullAll;

static void
pull_all_clear (PullAll *all)
{
  g_clear_pointer (&all->leads, g_hash_table_unref);
  g_clear_pointer (&all->cursor, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PullAll, pull_all_clear)

/* Pulls from @all->cursor until no page follows (or @max_pages), checking that every page's
 * activities belong to the page's leads and that the cursor moves. */
static void
pull_pages (HotlistProvider *provider, PullAll *all, guint max_pages)
{
  if (all->leads == NULL)
    all->leads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint n = 0; n < max_pages; n++)
    {
      g_autoptr (GError)          error = NULL;
      g_autoptr (HotlistPullPage) page =
          hotlist_provider_pull_sync (provider, all->cursor, NULL, &error);
      gint64 previous = G_MININT64;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      all->n_pages++;
      for (guint i = 0; i < page->leads->len; i++)
        {
          HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);
          guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (all->leads, lead->external_id));

          g_assert_cmpint (lead->updated_at, >=, previous);
          previous = lead->updated_at;
          g_hash_table_replace (all->leads, g_strdup (lead->external_id),
                                GUINT_TO_POINTER (seen + 1));
          all->n_leads++;
        }
      for (guint i = 0; i < page->activities->len; i++)
        {
          HotlistRemoteActivity *a = g_ptr_array_index (page->activities, i);

          g_assert_nonnull (find_lead (page, a->lead_external_id));
          all->n_activities++;
        }
      if (page->leads->len > 0)
        g_assert_cmpstr (page->cursor, !=, all->cursor);
      g_free (all->cursor);
      all->cursor = g_strdup (page->cursor);
      if (!page->more)
        return;
    }
  g_assert_cmpuint (max_pages, <, 1000000); /* reached only when a test stops on purpose */
}

static void
assert_each_once (PullAll *all, guint expected)
{
  GHashTableIter iter;
  gpointer       value;

  g_assert_cmpuint (g_hash_table_size (all->leads), ==, expected);
  g_assert_cmpuint (all->n_leads, ==, expected);
  g_hash_table_iter_init (&iter, all->leads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
}

/* 25,000 contacts through pages of 100: far more than one search may return. */
static void
test_full_pull (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 100);
  g_auto (PullAll)            all = { 0 };
  g_auto (PullAll)            again = { 0 };
  g_auto (GStrv)              touched = NULL;
  gint64                      start;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 25000, 11);
  start = g_get_monotonic_time ();
  pull_pages (provider, &all, 1000);
  g_test_message ("pulled 25000 contacts and %u activities in %u pages, %.1f s", all.n_activities,
                  all.n_pages, (g_get_monotonic_time () - start) / 1e6);
  assert_each_once (&all, 25000);
  g_assert_cmpuint (all.n_pages, >=, 250);
  g_assert_cmpuint (all.n_pages, <=, 251);
  /* Every generated engagement has one contact, so it is one activity. */
  g_assert_cmpuint (all.n_activities, ==, hotlist_fake_hubspot_count_engagements (fx->fake, NULL));
  g_assert_cmpuint (all.n_activities, >, 25000);

  /* Nothing changed: the stored cursor gives an empty page. */
  again.cursor = g_strdup (all.cursor);
  pull_pages (provider, &again, 10);
  g_assert_cmpuint (again.n_leads, ==, 0);
  g_assert_cmpstr (again.cursor, ==, all.cursor);

  /* Fifty edits: the next pull brings exactly those. */
  touched = hotlist_fake_hubspot_touch_contacts (fx->fake, 50);
  pull_pages (provider, &again, 10);
  assert_each_once (&again, 50);
  for (guint i = 0; touched[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (again.leads, touched[i]));
}

/* 10,250 contacts modified in the same millisecond, as a bulk edit does: more than one search
 * may return, all with one lastmodifieddate. The cursor also survives a new provider object. */
static void
test_same_timestamp (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 200);
  g_autoptr (HotlistProvider) restarted = provider_new (fx, 200);
  g_auto (PullAll)            all = { 0 };
  g_auto (GStrv)              touched = NULL;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 10300, 12);
  hotlist_fake_hubspot_set_now_ms (fx->fake, G_GINT64_CONSTANT (1719000000000));
  touched = hotlist_fake_hubspot_touch_contacts (fx->fake, 10250);
  g_assert_cmpuint (g_strv_length (touched), ==, 10250);

  pull_pages (provider, &all, 30);
  g_assert_cmpuint (all.n_pages, ==, 30);
  /* As after a restart of the app: only the stored cursor carries over. */
  pull_pages (restarted, &all, 1000);
  assert_each_once (&all, 10300);
  g_assert_cmpuint (all.n_pages, <=, 53);
}

static void
test_mapping (Fixture *fx, gconstpointer data)
{
  const char *kv_customer[] = { "firstname",
                                "Ada",
                                "lastname",
                                "Lovelace",
                                "email",
                                "ada@example.com",
                                "company",
                                "Analytical Engines",
                                "jobtitle",
                                "CTO",
                                "industry",
                                "COMPUTER_SOFTWARE",
                                "country",
                                "United Kingdom",
                                "numemployees",
                                "25-50",
                                "hs_analytics_source",
                                "ORGANIC_SEARCH",
                                "lifecyclestage",
                                "customer",
                                "hubspot_owner_id",
                                "31000002",
                                "createdate",
                                "2024-01-02T03:04:05.000Z",
                                "lastmodifieddate",
                                "2024-02-01T00:00:00.000Z",
                                "favourite_colour",
                                "green",
                                NULL };
  const char *kv_lost[] = {
    "email", "grace@example.com", "hs_lead_status", "UNQUALIFIED",      "lifecyclestage",
    "lead",  "numemployees",      "1000+",          "lastmodifieddate", "2024-03-01T00:00:00.000Z",
    NULL
  };
  g_autoptr (HotlistProvider) provider = provider_new (fx, 0);
  g_autofree char   *customer_id = hotlist_fake_hubspot_add_contact (fx->fake, kv_customer);
  g_autofree char   *lost_id = hotlist_fake_hubspot_add_contact (fx->fake, kv_lost);
  g_autoptr (GError) error = NULL;
  g_autoptr (HotlistPullPage) page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  HotlistRemoteLead          *ada, *grace;

  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 2);
  g_assert_false (page->more);
  ada = find_lead (page, customer_id);
  grace = find_lead (page, lost_id);
  g_assert_nonnull (ada);
  g_assert_nonnull (grace);
  /* Oldest modification first. */
  g_assert_true (g_ptr_array_index (page->leads, 0) == ada);

  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Ada");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Lovelace");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_EMAIL], ==, "ada@example.com");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Analytical Engines");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "CTO");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_INDUSTRY], ==, "COMPUTER_SOFTWARE");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United Kingdom");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE], ==, "ORGANIC_SEARCH");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_STATUS], ==, "customer");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_OWNER], ==, "31000002");
  for (guint f = 0; f < HOTLIST_N_LEAD_TEXT_FIELDS; f++)
    g_assert_true (ada->present & (1u << f));
  g_assert_true (ada->present & (1u << HOTLIST_LEAD_FIELD_COMPANY_SIZE));
  g_assert_true (ada->present & (1u << HOTLIST_LEAD_FIELD_CREATED_AT));
  g_assert_true (ada->present & (1u << HOTLIST_LEAD_FIELD_OUTCOME));
  g_assert_cmpint (ada->company_size, ==, 37);
  g_assert_cmpint (ada->created_at, ==, 1704164645);
  g_assert_cmpint (ada->updated_at, ==, 1706745600);
  g_assert_cmpint (ada->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpstr (json_object_get_string_member_with_default (ada->custom, "favourite_colour",
                                                               NULL),
                   ==, "green");
  g_assert_false (json_object_has_member (ada->custom, "email"));
  g_assert_false (json_object_has_member (ada->custom, "hs_object_id"));

  g_assert_cmpint (grace->outcome, ==, HOTLIST_OUTCOME_LOST);
  g_assert_cmpstr (grace->text[HOTLIST_LEAD_FIELD_STATUS], ==, "UNQUALIFIED");
  g_assert_cmpint (grace->company_size, ==, 1000);
  /* Unset properties come as null: present, and empty. */
  g_assert_true (grace->present & (1u << HOTLIST_LEAD_FIELD_FIRST_NAME));
  g_assert_null (grace->text[HOTLIST_LEAD_FIELD_FIRST_NAME]);
  g_assert_cmpstr (page->cursor, !=, NULL);
}

static void
test_engagements (Fixture *fx, gconstpointer data)
{
  const char *kv_a[] = { "email", "a@example.com", NULL };
  const char *kv_b[] = { "email", "b@example.com", NULL };
  const char *kv_c[] = { "email", "c@example.com", NULL };
  const char *call[] = { "hs_timestamp",
                         "2024-04-01T10:00:00.000Z",
                         "hs_call_title",
                         "Discovery call",
                         "hs_call_status",
                         "COMPLETED",
                         NULL };
  const char *meeting[] = { "hs_timestamp",
                            "1712052000000",
                            "hs_meeting_title",
                            "Product demo",
                            "hs_meeting_outcome",
                            "SCHEDULED",
                            NULL };
  const char *reply[] = { "hs_timestamp",
                          "2024-04-03T10:00:00.000Z",
                          "hs_email_subject",
                          "Re: pricing",
                          "hs_email_direction",
                          "INCOMING_EMAIL",
                          NULL };
  const char *sent[] = { "hs_timestamp", "2024-04-04T10:00:00.000Z", "hs_email_direction", "EMAIL",
                         NULL };
  g_autoptr (HotlistProvider) provider = provider_new (fx, 10);
  g_autofree char            *a = hotlist_fake_hubspot_add_contact (fx->fake, kv_a);
  g_autofree char            *b = hotlist_fake_hubspot_add_contact (fx->fake, kv_b);
  g_autofree char            *c = hotlist_fake_hubspot_add_contact (fx->fake, kv_c);
  g_autofree char *call_id = hotlist_fake_hubspot_add_engagement (fx->fake, a, "calls", call);
  g_autofree char *meeting_id =
      hotlist_fake_hubspot_add_engagement (fx->fake, a, "meetings", meeting);
  g_autofree char   *reply_id = hotlist_fake_hubspot_add_engagement (fx->fake, b, "emails", reply);
  g_autofree char   *sent_id = hotlist_fake_hubspot_add_engagement (fx->fake, b, "emails", sent);
  g_autoptr (GError) error = NULL;
  g_autoptr (HotlistPullPage) page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  struct
  {
    const char *lead;
    const char *engagement;
    const char *type;
    gint64      date;
  } expected[] = {
    { a, call_id, "call", 1711965600 },
    { a, meeting_id, "meeting_booked", 1712052000 },
    { b, reply_id, "email_reply", 1712138400 },
    { b, sent_id, "email_sent", 1712224800 },
  };

  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpuint (page->leads->len, ==, 3);
  g_assert_cmpuint (page->activities->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < page->activities->len; k++)
        {
          HotlistRemoteActivity *act = g_ptr_array_index (page->activities, k);

          if (strstr (act->external_id, expected[i].engagement) == NULL)
            continue;
          g_assert_false (found);
          found = TRUE;
          g_assert_cmpstr (act->lead_external_id, ==, expected[i].lead);
          g_assert_cmpstr (act->activity_type, ==, expected[i].type);
          g_assert_cmpint (act->activity_date, ==, expected[i].date);
        }
      g_assert_true (found);
    }
  for (guint k = 0; k < page->activities->len; k++)
    {
      HotlistRemoteActivity *act = g_ptr_array_index (page->activities, k);
      if (g_str_equal (act->activity_type, "call"))
        g_assert_nonnull (strstr (act->details, "Discovery call"));
    }
}

static HotlistCredentials *
oauth_credentials (Fixture *fx)
{
  HotlistCredentials *credentials = hotlist_credentials_new ("hubspot", "test-oauth");
  g_autofree char    *refresh = NULL;

  credentials->access_token = hotlist_fake_hubspot_issue_tokens (fx->fake, &refresh);
  credentials->refresh_token = g_steal_pointer (&refresh);
  credentials->expires_at = g_get_real_time () / G_USEC_PER_SEC + 1800;
  credentials->token_type = g_strdup ("bearer");
  return credentials;
}

static HotlistOAuthConfig *
oauth_config (Fixture *fx)
{
  const char      *base = hotlist_fake_hubspot_get_base_url (fx->fake);
  g_autofree char *authorize = g_strconcat (base, "/oauth/authorize", NULL);
  g_autofree char *token = g_strconcat (base, "/oauth/v1/token", NULL);

  return hotlist_oauth_config_new ("hubspot", HOTLIST_FAKE_HUBSPOT_CLIENT_ID,
                                   HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET, authorize, token);
}

/* An expired OAuth token is refreshed once and the call retried. */
static void
test_auth_refresh (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) credentials = oauth_credentials (fx);
  g_autoptr (HotlistOAuthConfig) config = oauth_config (fx);
  g_autoptr (HotlistProvider)    provider = provider_new_full (fx, credentials, config, 50);
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistPullPage)    page = NULL;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 20, 3);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts/search",
                                     HOTLIST_FAKE_FAULT_401_EXPIRED, 1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 20);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_TOKEN), ==,
                    1);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_SEARCH), ==,
                    2);

  /* A second 401 on the same call is not refreshed again. */
  g_clear_pointer (&page, hotlist_pull_page_free);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts/search",
                                     HOTLIST_FAKE_FAULT_401_EXPIRED, 2);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_assert_null (page);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_TOKEN), ==,
                    2);
}

/* A private-app token the portal does not know: HubSpot's own words reach the user. */
static void
test_auth_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) credentials =
      hotlist_credentials_new_api_token ("hubspot", "test-portal", "pat-na1-revoked");
  g_autoptr (HotlistProvider) provider = provider_new_full (fx, credentials, NULL, 0);
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_autoptr (GPtrArray)       updates =
      g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);
  HotlistScoreUpdate   *u = g_new0 (HotlistScoreUpdate, 1);
  g_autoptr (GPtrArray) failed = NULL;

  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_assert_nonnull (strstr (error->message, "Authentication credentials not found"));
  g_assert_null (page);

  g_clear_error (&error);
  u->external_id = g_strdup ("5101");
  u->score = 50;
  g_ptr_array_add (updates, u);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_assert_null (failed);
}

static void
test_retries (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 50);
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  gint64                      start;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 40, 4);
  hotlist_fake_hubspot_set_retry_after (fx->fake, 1);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts/search",
                                     HOTLIST_FAKE_FAULT_429, 1);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v4/associations/", HOTLIST_FAKE_FAULT_503, 2);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/calls/", HOTLIST_FAKE_FAULT_500, 1);
  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/emails/", HOTLIST_FAKE_FAULT_502,
                                     1);
  start = g_get_monotonic_time ();
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 40);
  g_assert_cmpuint (page->activities->len, >, 0);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_faults (fx->fake), ==, 5);
  /* Retry-After was honoured. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
}

static void
test_broken_bodies (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 50);
  HotlistHttpClient          *http =
      hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (provider));
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = NULL;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 10, 5);
  hotlist_http_client_set_max_retries (http, 1);

  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts/search",
                                     HOTLIST_FAKE_FAULT_MALFORMED_JSON, 1);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "HubSpot"));
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_assert_null (page);
  g_clear_error (&error);

  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v4/associations/",
                                     HOTLIST_FAKE_FAULT_TRUNCATED_BODY, 0);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  /* libsoup reports the short body as cut off, or hands it over and it does not parse. */
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "HubSpot"));
  g_assert_true (strstr (error->message, "cut off") != NULL
                 || strstr (error->message, "not valid JSON") != NULL);
  g_assert_null (page);
  g_clear_error (&error);

  /* A cursor that is not ours. */
  hotlist_fake_hubspot_clear_faults (fx->fake);
  page = hotlist_provider_pull_sync (provider, "12345", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (page);
  g_clear_error (&error);

  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 10);
}

static GPtrArray *
make_updates (char **ids, guint n)
{
  static const char *const tiers[] = { "hot", "warm", "cool", "cold", NULL };
  GPtrArray *updates = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);

  for (guint i = 0; i < n; i++)
    {
      HotlistScoreUpdate *u = g_new0 (HotlistScoreUpdate, 1);

      u->external_id = g_strdup (ids[i]);
      u->score = (int)(i % 101);
      u->tier = i % 5 == 4 ? NULL : g_strdup (tiers[i % 5]);
      g_ptr_array_add (updates, u);
    }
  return updates;
}

static void
test_push (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 200);
  g_autoptr (GPtrArray)       ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray)       updates = NULL;
  g_autoptr (GPtrArray)       failed = NULL;
  g_autoptr (GError)          error = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_auto (GStrv)              names = NULL;
  HotlistScoreUpdate         *dup;
  g_autofree char            *archived = NULL;

  hotlist_fake_hubspot_generate_contacts (fx->fake, 250, 7);
  page = hotlist_provider_pull_sync (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, hotlist_pull_page_free);
  {
    g_autoptr (HotlistProvider) reader = provider_new (fx, 200);
    g_auto (PullAll)            all = { 0 };
    GHashTableIter              iter;
    gpointer                    key;

    pull_pages (reader, &all, 10);
    g_hash_table_iter_init (&iter, all.leads);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (ids, g_strdup (key));
  }
  g_assert_cmpuint (ids->len, ==, 250);
  g_ptr_array_sort (ids, (GCompareFunc)g_strcmp0);
  archived = g_strdup (g_ptr_array_index (ids, 17));
  g_assert_true (hotlist_fake_hubspot_archive_contact (fx->fake, archived));

  updates = make_updates ((char **)ids->pdata, ids->len);
  /* The same contact twice: the last score wins. */
  dup = g_new0 (HotlistScoreUpdate, 1);
  dup->external_id = g_strdup (g_ptr_array_index (ids, 0));
  dup->score = 99;
  dup->tier = g_strdup ("hot");
  g_ptr_array_add (updates, dup);

  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (failed);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (failed, 0), ==, archived);

  names = hotlist_fake_hubspot_list_property_names (fx->fake);
  g_assert_true (g_strv_contains ((const char *const *)names, "hotlist_score"));
  g_assert_true (g_strv_contains ((const char *const *)names, "hotlist_tier"));
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake,
                                                         HOTLIST_FAKE_HUBSPOT_PROPERTY_POST),
                    ==, 2);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake,
                                                         HOTLIST_FAKE_HUBSPOT_BATCH_UPDATE),
                    ==, 3);

  /* The fake holds what was written. */
  for (guint i = 1; i < ids->len; i++)
    {
      HotlistScoreUpdate *u = g_ptr_array_index (updates, i);
      g_autofree char    *score =
          hotlist_fake_hubspot_get_contact_property (fx->fake, u->external_id, "hotlist_score");
      g_autofree char *tier =
          hotlist_fake_hubspot_get_contact_property (fx->fake, u->external_id, "hotlist_tier");
      g_autofree char *want = g_strdup_printf ("%d", u->score);

      if (g_str_equal (u->external_id, archived))
        {
          g_assert_null (score);
          continue;
        }
      g_assert_cmpstr (score, ==, want);
      g_assert_cmpstr (tier, ==, u->tier);
    }
  {
    g_autofree char *score =
        hotlist_fake_hubspot_get_contact_property (fx->fake, g_ptr_array_index (ids, 0),
                                                   "hotlist_score");
    g_assert_cmpstr (score, ==, "99");
  }

  /* Once per provider: the second push does not look for the properties again. */
  g_clear_pointer (&failed, g_ptr_array_unref);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake, HOTLIST_FAKE_HUBSPOT_PROPERTY),
                    ==, 2);

  /* Another provider finds them and creates nothing; pulls leave our own fields out of custom. */
  {
    g_autoptr (HotlistProvider) other = provider_new (fx, 200);
    g_autoptr (GPtrArray)       one = make_updates ((char **)ids->pdata, 3);
    g_autoptr (GPtrArray)       none = hotlist_provider_push_scores_sync (other, one, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (hotlist_fake_hubspot_get_n_requests (fx->fake,
                                                           HOTLIST_FAKE_HUBSPOT_PROPERTY_POST),
                      ==, 2);
    page = hotlist_provider_pull_sync (other, NULL, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < page->leads->len; i++)
      {
        HotlistRemoteLead *lead = g_ptr_array_index (page->leads, i);
        g_assert_false (json_object_has_member (lead->custom, "hotlist_score"));
        g_assert_false (json_object_has_member (lead->custom, "hotlist_tier"));
      }
  }
}

/* A batch the service refuses fails alone; an outage before anything was written is an error. */
static void
test_push_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistProvider) provider = provider_new (fx, 0);
  HotlistHttpClient          *http =
      hotlist_provider_base_get_http_client (HOTLIST_PROVIDER_BASE (provider));
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) updates = NULL;
  g_autoptr (GPtrArray) failed = NULL;
  g_autoptr (GError)    error = NULL;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      const char      *kv[] = { "email", email, NULL };
      g_ptr_array_add (ids, hotlist_fake_hubspot_add_contact (fx->fake, kv));
    }
  updates = make_updates ((char **)ids->pdata, ids->len);
  hotlist_http_client_set_max_retries (http, 1);

  hotlist_fake_hubspot_inject_fault (fx->fake, "/crm/v3/objects/contacts/batch/update",
                                     HOTLIST_FAKE_FAULT_503, 0);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_SERVER);
  g_assert_null (failed);
  g_clear_error (&error);
  hotlist_fake_hubspot_clear_faults (fx->fake);

  /* The second batch comes back malformed: its 50 ids failed, the first 100 were written. */
  hotlist_fake_hubspot_set_fault_every (fx->fake, 2, HOTLIST_FAKE_FAULT_MALFORMED_JSON);
  failed = hotlist_provider_push_scores_sync (provider, updates, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 50);
  g_assert_cmpstr (g_ptr_array_index (failed, 0), ==, g_ptr_array_index (ids, 100));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/hubspot/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("full-pull", test_full_pull);
  ADD ("same-timestamp", test_same_timestamp);
  ADD ("mapping", test_mapping);
  ADD ("engagements", test_engagements);
  ADD ("auth-refresh", test_auth_refresh);
  ADD ("auth-refused", test_auth_refused);
  ADD ("retries", test_retries);
  ADD ("broken-bodies", test_broken_bodies);
  ADD ("push", test_push);
  ADD ("push-errors", test_push_errors);
#undef ADD

  return g_test_run ();
}
