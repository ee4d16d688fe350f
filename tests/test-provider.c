/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The provider interface: what a service cannot do fails clearly; the registry of services. */

#include "hotlist.h"

/* A service that can only pull: one page of one lead. */
#define TEST_TYPE_PULL_ONLY (test_pull_only_get_type ())
G_DECLARE_FINAL_TYPE (TestPullOnly, test_pull_only, TEST, PULL_ONLY, GObject)

struct _TestPullOnly
{
  GObject parent_instance;
};

static const char *
pull_only_get_service (HotlistProvider *self)
{
  return "hubspot";
}

static HotlistProviderCapabilities
pull_only_get_capabilities (HotlistProvider *self)
{
  return HOTLIST_PROVIDER_PULL_LEADS;
}

static void
pull_only_pull_async (HotlistProvider    *self,
                      const char         *cursor,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask)  task = g_task_new (self, cancellable, callback, user_data);
  HotlistPullPage   *page = hotlist_pull_page_new ();
  HotlistRemoteLead *lead = hotlist_remote_lead_new ();

  lead->external_id = g_strdup ("501");
  lead->text[HOTLIST_LEAD_FIELD_EMAIL] = g_strdup ("ada@example.com");
  g_ptr_array_add (page->leads, lead);
  page->cursor = g_strdup_printf ("after:%s", cursor != NULL ? cursor : "start");
  g_task_return_pointer (task, page, (GDestroyNotify)hotlist_pull_page_free);
}

static HotlistPullPage *
pull_only_pull_finish (HotlistProvider *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pull_only_provider_init (HotlistProviderInterface *iface)
{
  iface->get_service = pull_only_get_service;
  iface->get_capabilities = pull_only_get_capabilities;
  iface->pull_async = pull_only_pull_async;
  iface->pull_finish = pull_only_pull_finish;
}

G_DEFINE_TYPE_WITH_CODE (TestPullOnly,
                         test_pull_only,
                         G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (HOTLIST_TYPE_PROVIDER, pull_only_provider_init))

static void
test_pull_only_class_init (TestPullOnlyClass *klass)
{
}

static void
test_pull_only_init (TestPullOnly *self)
{
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_unsupported_operations (void)
{
  g_autoptr (HotlistProvider) provider = g_object_new (TEST_TYPE_PULL_ONLY, NULL);
  g_autoptr (GAsyncResult)    pulled = NULL, enrolled = NULL, pushed = NULL;
  g_autoptr (HotlistPullPage) page = NULL;
  g_autoptr (GError)          error = NULL;
  g_autoptr (GPtrArray)       updates = g_ptr_array_new ();

  g_assert_cmpstr (hotlist_provider_get_service (provider), ==, "hubspot");
  g_assert_cmpint (hotlist_provider_get_capabilities (provider), ==, HOTLIST_PROVIDER_PULL_LEADS);

  hotlist_provider_pull_async (provider, "42", NULL, store_result_cb, &pulled);
  page = hotlist_provider_pull_finish (provider, wait_for (&pulled), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->leads->len, ==, 1);
  g_assert_cmpstr (page->cursor, ==, "after:42");

  /* What it cannot do fails with a message that names the service as users know it. */
  hotlist_provider_enrol_async (provider, "501", "welcome", NULL, store_result_cb, &enrolled);
  g_assert_false (hotlist_provider_enrol_finish (provider, wait_for (&enrolled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==, "HubSpot cannot enrol a lead in a sequence");
  g_clear_error (&error);

  hotlist_provider_push_scores_async (provider, updates, NULL, store_result_cb, &pushed);
  g_assert_null (hotlist_provider_push_scores_finish (provider, wait_for (&pushed), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* A built-in connector without enrolment (HubSpot's has none) fails the same way, through its
 * worker thread, rather than calling a missing function. */
static void
test_connector_unsupported (void)
{
  g_autoptr (HotlistCredentials) credentials =
      hotlist_credentials_new_api_token ("hubspot", HOTLIST_DEFAULT_ACCOUNT, "pat-test");
  g_autoptr (HotlistProvider)   provider = NULL;
  g_autoptr (GAsyncResult)      enrolled = NULL, enriched = NULL;
  g_autoptr (HotlistRemoteLead) lead = NULL;
  g_autoptr (GError)            error = NULL;

  provider = hotlist_provider_new ("hubspot", "http://127.0.0.1:9", credentials, NULL, &error);
  g_assert_no_error (error);
  hotlist_provider_enrol_async (provider, "501", "welcome", NULL, store_result_cb, &enrolled);
  g_assert_false (hotlist_provider_enrol_finish (provider, wait_for (&enrolled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==, "HubSpot cannot enrol a lead in a sequence");
  g_clear_error (&error);

  hotlist_provider_enrich_async (provider, "ada@example.com", NULL, store_result_cb, &enriched);
  lead = hotlist_provider_enrich_finish (provider, wait_for (&enriched), &error);
  g_assert_null (lead);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==, "HubSpot cannot enrich leads");
}

static void
test_registry (void)
{
  guint                      n = 0;
  const HotlistProviderInfo *all = hotlist_provider_registry_list (&n);
  const char                *expected[] = { "hubspot",   "salesforce", "pipedrive", "outreach",
                                            "salesloft", "ga4",        "clearbit",  "zoominfo" };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (all[i].service, ==, expected[i]);
      g_assert_true (g_str_has_prefix (all[i].default_base_url, "https://"));
      g_assert_true (hotlist_provider_registry_lookup (expected[i]) == &all[i]);
    }
  /* The CRMs read leads and take scores back; the enrichment services only enrich. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (all[i].capabilities
                         & (HOTLIST_PROVIDER_PULL_LEADS | HOTLIST_PROVIDER_PUSH_SCORES),
                     ==, HOTLIST_PROVIDER_PULL_LEADS | HOTLIST_PROVIDER_PUSH_SCORES);
  g_assert_cmpint (hotlist_provider_registry_lookup ("clearbit")->capabilities
                       & HOTLIST_PROVIDER_PULL_LEADS,
                   ==, 0);
  g_assert_null (hotlist_provider_registry_lookup ("myspace"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/provider/unsupported-operations", test_unsupported_operations);
  g_test_add_func ("/provider/registry", test_registry);
  g_test_add_func ("/provider/connector-unsupported", test_connector_unsupported);
  return g_test_run ();
}
