/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a full sync of 100,000 contacts from the fake HubSpot (no faults), timed next to the
 * time the fake itself spends serving the same requests. */

#include <locale.h>
#include <stdlib.h>

#include "bench-util.h"
#include "hotlist-fake-hubspot.h"
#include "hotlist.h"

#define DEFAULT_CONTACTS 100000
#define CHANGED 1000

static void
progress_cb (const HotlistSyncStats *stats, gpointer user_data)
{
  gint64 *last = user_data;
  gint64  now = g_get_monotonic_time ();

  if (now - *last > 10 * G_USEC_PER_SEC)
    {
      g_printerr ("bench-sync: %u pulled, %u pushed (load %.2f)\n", stats->pulled, stats->pushed,
                  bench_load_average ());
      *last = now;
    }
}

typedef struct
{
  double           seconds;
  double           serve_seconds;
  guint            requests;
  HotlistSyncStats stats;
} Run;

static void
run_sync (HotlistFakeHubspot *fake, HotlistStore *store, HotlistProvider *provider, Run *run)
{
  g_autoptr (GError) error = NULL;
  gint64             last = g_get_monotonic_time ();
  gint64             start;
  gint64             serve_before = hotlist_fake_hubspot_get_serve_time_us (fake);
  guint              requests_before = hotlist_fake_hubspot_get_n_requests (fake, NULL);

  start = g_get_monotonic_time ();
  if (!hotlist_sync_run_with_provider (store, provider, NULL, FALSE, progress_cb, &last,
                                       &run->stats, NULL, &error))
    g_error ("the sync failed: %s", error->message);
  run->seconds = (g_get_monotonic_time () - start) / 1e6;
  run->serve_seconds = (hotlist_fake_hubspot_get_serve_time_us (fake) - serve_before) / 1e6;
  run->requests = hotlist_fake_hubspot_get_n_requests (fake, NULL) - requests_before;
}

static void
report (const char *label, const Run *run)
{
  g_autofree char *pulled = bench_format_count (run->stats.pulled);
  g_autofree char *pushed = bench_format_count (run->stats.pushed);
  g_autofree char *requests = bench_format_count (run->requests);

  g_print ("%-22s %8.1f s  %8.0f leads/s  fake serving %6.1f s  ratio %5.1f×  "
           "(%s pulled, %s scores written, %u activities, %s requests)\n",
           label, run->seconds, run->stats.pulled / MAX (run->seconds, 1e-9), run->serve_seconds,
           run->seconds / MAX (run->serve_seconds, 1e-9), pulled, pushed, run->stats.activities,
           requests);
}

int
main (int argc, char **argv)
{
  g_autoptr (HotlistFakeHubspot) fake = NULL;
  g_autoptr (HotlistWorkspace)   workspace = NULL;
  g_autoptr (HotlistProvider)    provider = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;
  g_autoptr (GError)             error = NULL;
  g_autofree char               *tmpdir = NULL;
  g_autofree char               *db_path = NULL;
  g_autofree char               *cpu = bench_cpu_model ();
  g_autofree char               *memory = bench_memory_total ();
  g_autofree char               *count_text = NULL;
  const char                    *env = g_getenv ("HOTLIST_BENCH_CONTACTS");
  guint                          contacts = env != NULL ? (guint)atoi (env) : DEFAULT_CONTACTS;
  g_auto (GStrv)                 touched = NULL;
  Run                            full = { 0 }, incremental = { 0 };
  gint64                         start;

  setlocale (LC_ALL, "");
  if (contacts == 0)
    contacts = DEFAULT_CONTACTS;
  count_text = bench_format_count (contacts);
  g_print ("bench-sync: %s contacts from the fake HubSpot on 127.0.0.1, no injected faults\n",
           count_text);
  g_print ("machine: %s, %u cores, %s, load %.2f\n", cpu, g_get_num_processors (), memory,
           bench_load_average ());

  fake = hotlist_fake_hubspot_new ();
  if (!hotlist_fake_hubspot_start_in_thread (fake, &error))
    g_error ("%s", error->message);
  /* The real API's limits would make this a test of waiting: the fake serves as fast as it can. */
  hotlist_fake_hubspot_set_rate_limits (fake, 0, 0);
  start = g_get_monotonic_time ();
  hotlist_fake_hubspot_generate_contacts (fake, contacts, 42);
  g_print ("fake generated its records in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  tmpdir = g_dir_make_tmp ("hotlist-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmpdir, "sync.hotlist", NULL);
  workspace = hotlist_workspace_open (db_path, &error);
  if (workspace == NULL)
    g_error ("%s", error->message);

  credentials = hotlist_credentials_new_api_token ("hubspot", HOTLIST_DEFAULT_ACCOUNT,
                                                   HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN);
  provider = hotlist_provider_new ("hubspot", hotlist_fake_hubspot_get_base_url (fake), credentials,
                                   NULL, &error);
  g_assert_no_error (error);

  run_sync (fake, hotlist_workspace_get_store (workspace), provider, &full);
  report ("full sync", &full);

  touched = hotlist_fake_hubspot_touch_contacts (fake, CHANGED);
  run_sync (fake, hotlist_workspace_get_store (workspace), provider, &incremental);
  report ("1,000 changed", &incremental);

  g_clear_object (&workspace);
  hotlist_fake_hubspot_stop (fake);
  bench_remove_tree (tmpdir);
  return 0;
}
