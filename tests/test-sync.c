/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync engine against fake CRMs on 127.0.0.1: every contact once, scores written back and held
 * by the fake, faults, resuming after a kill -9, incremental syncs, and no token left anywhere. */

#define _GNU_SOURCE /* memmem */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "hotlist-fake-hubspot.h"
#include "hotlist-fake-pipedrive.h"
#include "hotlist-fake-salesforce.h"
#include "hotlist-test-dir.h"
#include "connectors/hotlist-provider-salesforce.h"
#include "hotlist.h"
#include "store/hotlist-store-private.h"

/* One fake service, as these tests drive it. */
typedef struct
{
  const char *service;
  gpointer (*new_fake) (void);
  gboolean (*start_in_thread) (gpointer fake, GError **error);
  const char *(*get_base_url) (gpointer fake);
  void (*stop) (gpointer fake);
  void (*generate) (gpointer fake, guint n, guint32 seed);
  char **(*touch) (gpointer fake, guint n);
  guint (*count) (gpointer fake);
  char *(*get_property) (gpointer fake, const char *id, const char *name);
  void (*fault_every) (gpointer fake, guint n, HotlistFakeFault kind);
  void (*inject) (gpointer fake, const char *prefix, HotlistFakeFault kind, guint count);
  void (*clear_faults) (gpointer fake);
  void (*set_retry_after) (gpointer fake, guint seconds);
  const char *api_token; /* what `accounts add --token-stdin` is given; NULL: OAuth only */
  const char *push_path; /* where scores are written, for injected push faults */
  const char *list_path; /* where contacts are read */
  char *(*issue_tokens) (gpointer fake, char **refresh_token);
  gboolean    refuses_converted; /* converted records cannot be written (Salesforce) */
  const char *score_field;       /* the service's name for the fields Hotlist writes */
  const char *tier_field;
  guint       size; /* contacts in the incremental test: Pipedrive writes one by one, paced */
} FakeService;

static const FakeService hubspot = {
  "hubspot",
  (gpointer)hotlist_fake_hubspot_new,
  (gpointer)hotlist_fake_hubspot_start_in_thread,
  (gpointer)hotlist_fake_hubspot_get_base_url,
  (gpointer)hotlist_fake_hubspot_stop,
  (gpointer)hotlist_fake_hubspot_generate_contacts,
  (gpointer)hotlist_fake_hubspot_touch_contacts,
  (gpointer)hotlist_fake_hubspot_count_contacts,
  (gpointer)hotlist_fake_hubspot_get_contact_property,
  (gpointer)hotlist_fake_hubspot_set_fault_every,
  (gpointer)hotlist_fake_hubspot_inject_fault,
  (gpointer)hotlist_fake_hubspot_clear_faults,
  (gpointer)hotlist_fake_hubspot_set_retry_after,
  HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN,
  "/crm/v3/objects/contacts/batch/update",
  "/crm/v3/objects/contacts/search",
  (gpointer)hotlist_fake_hubspot_issue_tokens,
  FALSE,
  "hotlist_score",
  "hotlist_tier",
  3000,
};

static const FakeService salesforce = {
  "salesforce",
  (gpointer)hotlist_fake_salesforce_new,
  (gpointer)hotlist_fake_salesforce_start_in_thread,
  (gpointer)hotlist_fake_salesforce_get_base_url,
  (gpointer)hotlist_fake_salesforce_stop,
  (gpointer)hotlist_fake_salesforce_generate_contacts,
  (gpointer)hotlist_fake_salesforce_touch_contacts,
  (gpointer)hotlist_fake_salesforce_count_contacts,
  (gpointer)hotlist_fake_salesforce_get_contact_property,
  (gpointer)hotlist_fake_salesforce_set_fault_every,
  (gpointer)hotlist_fake_salesforce_inject_fault,
  (gpointer)hotlist_fake_salesforce_clear_faults,
  (gpointer)hotlist_fake_salesforce_set_retry_after,
  NULL,
  "/services/data/" HOTLIST_SALESFORCE_API_VERSION "/composite/sobjects",
  "/services/data/" HOTLIST_SALESFORCE_API_VERSION "/query",
  (gpointer)hotlist_fake_salesforce_issue_tokens,
  TRUE,
  "hotlist_score__c",
  "hotlist_tier__c",
  3000,
};

static const FakeService pipedrive = {
  "pipedrive",
  (gpointer)hotlist_fake_pipedrive_new,
  (gpointer)hotlist_fake_pipedrive_start_in_thread,
  (gpointer)hotlist_fake_pipedrive_get_base_url,
  (gpointer)hotlist_fake_pipedrive_stop,
  (gpointer)hotlist_fake_pipedrive_generate_contacts,
  (gpointer)hotlist_fake_pipedrive_touch_contacts,
  (gpointer)hotlist_fake_pipedrive_count_contacts,
  (gpointer)hotlist_fake_pipedrive_get_contact_property,
  (gpointer)hotlist_fake_pipedrive_set_fault_every,
  (gpointer)hotlist_fake_pipedrive_inject_fault,
  (gpointer)hotlist_fake_pipedrive_clear_faults,
  (gpointer)hotlist_fake_pipedrive_set_retry_after,
  HOTLIST_FAKE_PIPEDRIVE_API_TOKEN,
  "/api/v2/persons/",
  "/api/v2/persons",
  (gpointer)hotlist_fake_pipedrive_issue_tokens,
  FALSE,
  "hotlist_score",
  "hotlist_tier",
  800,
};

typedef struct
{
  const FakeService *ops;
  gpointer           fake;
  char              *dir;
  char              *db_path;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->ops = data;
  fx->fake = fx->ops->new_fake ();
  g_assert_true (fx->ops->start_in_thread (fx->fake, &error));
  g_assert_no_error (error);
  fx->dir = g_dir_make_tmp ("hotlist-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "sync.hotlist", NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* Nothing of this test's account may stay in the keyring for the next one. */
  hotlist_secrets_clear_sync (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT, NULL, NULL);
  fx->ops->stop (fx->fake);
  g_object_unref (fx->fake);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
}

/* Connects the workspace to the fake with its API token, as `accounts add` does. */
static void
connect_account (Fixture *fx, HotlistStore *store)
{
  g_autoptr (HotlistCredentials) credentials = NULL;
  g_autoptr (GError)             error = NULL;

  if (fx->ops->api_token != NULL)
    credentials = hotlist_credentials_new_api_token (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT,
                                                     fx->ops->api_token);
  else
    {
      /* Signed in with OAuth (the flow itself is tested in test-oauth and test-accounts-window). */
      credentials = hotlist_credentials_new (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT);
      credentials->access_token = fx->ops->issue_tokens (fx->fake, &credentials->refresh_token);
      credentials->token_type = g_strdup ("Bearer");
      credentials->expires_at = g_get_real_time () / G_USEC_PER_SEC + 3600;
    }
  g_assert_true (hotlist_secrets_store_sync (credentials, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hotlist_accounts_add (store, fx->ops->service, NULL,
                                       fx->ops->get_base_url (fx->fake), NULL, &error));
  g_assert_no_error (error);
}

static gint64
query_int (HotlistStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (hotlist_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What a user would check after a sync: the workspace holds exactly the service's contacts, once
 * each, and the service holds each lead's current score and tier. */
static void
assert_in_step (Fixture *fx, HotlistStore *store)
{
  guint         expected = fx->ops->count (fx->fake);
  sqlite3_stmt *stmt = NULL;
  guint         checked = 0;

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM leads"), ==, expected);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT external_id) FROM leads"), ==,
                   expected);
  g_assert_cmpint (sqlite3_prepare_v2 (hotlist_store_get_db (store),
                                       "SELECT external_id, lead_score, tier, outcome FROM leads",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char      *id = (const char *)sqlite3_column_text (stmt, 0);
      g_autofree char *score = fx->ops->get_property (fx->fake, id, fx->ops->score_field);
      g_autofree char *tier = fx->ops->get_property (fx->fake, id, fx->ops->tier_field);
      const char      *our_tier = (const char *)sqlite3_column_text (stmt, 2);
      const char      *outcome = (const char *)sqlite3_column_text (stmt, 3);

      if (score == NULL && fx->ops->refuses_converted && g_strcmp0 (outcome, "converted") == 0)
        {
          checked++;
          continue;
        }
      if (score == NULL)
        g_test_message ("%s has no %s at %s (outcome %s)", id, fx->ops->score_field,
                        fx->ops->service, outcome);
      g_assert_nonnull (score);
      g_assert_cmpint ((int)g_ascii_strtod (score, NULL), ==, sqlite3_column_int (stmt, 1));
      if (our_tier != NULL)
        g_assert_cmpstr (tier, ==, our_tier);
      checked++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (checked, ==, expected);
}

/* How many scores the service refuses for good. */
static guint
n_refused (Fixture *fx, HotlistStore *store)
{
  if (!fx->ops->refuses_converted)
    return 0;
  return (guint)query_int (store, "SELECT count(*) FROM leads WHERE outcome = 'converted'");
}

static gboolean
sync_once (HotlistStore *store, const char *service, HotlistSyncStats *stats, GError **error)
{
  return hotlist_sync_run (store, service, NULL, FALSE, NULL, NULL, stats, NULL, error);
}

/* 20,000 contacts, one request in ten answered with a fault: a sync that stops is run again and
 * picks up where it stopped, until it finishes; then everything is in step. */
static void
test_faults (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistStore                *store;
  HotlistSyncStats             stats;
  /* The first three syncs meet a body that is not JSON (not retried: the sync stops); the later
   * ones meet faults the HTTP client retries. */
  const HotlistFakeFault kinds[] = { HOTLIST_FAKE_FAULT_MALFORMED_JSON,
                                     HOTLIST_FAKE_FAULT_MALFORMED_JSON,
                                     HOTLIST_FAKE_FAULT_MALFORMED_JSON,
                                     HOTLIST_FAKE_FAULT_503,
                                     HOTLIST_FAKE_FAULT_429,
                                     HOTLIST_FAKE_FAULT_500,
                                     HOTLIST_FAKE_FAULT_TRUNCATED_BODY };
  guint                  total = g_test_slow () ? 20000 : 20000;
  guint                  attempts = 0, pulled = 0;
  gboolean               done = FALSE;

  fx->ops->generate (fx->fake, total, 42);
  fx->ops->set_retry_after (fx->fake, 0);
  workspace = hotlist_workspace_open (fx->db_path, &error);
  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  connect_account (fx, store);

  /* Retried faults (5xx, 429) are absorbed by the HTTP client; broken bodies stop a sync, and
   * the next one resumes from the last committed page. */
  while (!done)
    {
      g_clear_error (&error);
      fx->ops->fault_every (fx->fake, 10,
                            kinds[attempts < 3 ? attempts
                                               : 3 + (attempts - 3) % (G_N_ELEMENTS (kinds) - 3)]);
      done = sync_once (store, fx->ops->service, &stats, &error);
      pulled += stats.pulled;
      attempts++;
      g_assert_cmpuint (attempts, <, 400);
      if (!done)
        {
          g_test_message ("attempt %u stopped after %u leads: %s", attempts, stats.pulled,
                          error->message);
          g_assert_nonnull (error);
          /* A stopped sync says so in plain words and keeps what it committed. */
          g_assert_cmpint (query_int (store, "SELECT count(*) FROM audit_log WHERE status = "
                                             "'failed' AND action = 'sync'"),
                           >, 0);
        }
    }
  g_test_message ("%u attempts, %u leads pulled in all", attempts, pulled);
  g_assert_cmpuint (attempts, >=, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM audit_log WHERE status = 'failed'"
                                     " AND action = 'sync'"),
                   >=, 3);
  /* Resuming never starts over: with pages of at most a few hundred, the leads read again are
   * few next to the 20,000. */
  g_assert_cmpuint (pulled, <, total + attempts * 200);
  fx->ops->clear_faults (fx->fake);
  assert_in_step (fx, store);

  {
    g_autoptr (HotlistAccount) account =
        hotlist_accounts_get (store, fx->ops->service, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (account->state, ==, "connected");
    g_assert_null (account->last_error);
    g_assert_cmpint (account->last_sync_at, >, 0);
  }
}

/* After a full sync, 50 contacts change at the service: the next sync pulls those 50 only, and
 * writes back only the scores that moved. */
static void
test_incremental (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  g_auto (GStrv)               touched = NULL;
  HotlistStore                *store;
  HotlistSyncStats             stats;
  const guint                  n = fx->ops->size;

  fx->ops->generate (fx->fake, n, 7);
  workspace = hotlist_workspace_open (fx->db_path, &error);
  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  connect_account (fx, store);

  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pulled, ==, n);
  g_assert_cmpuint (stats.created, ==, n);
  g_assert_cmpuint (stats.pushed, ==, n - n_refused (fx, store));
  g_assert_cmpuint (stats.failed, ==, n_refused (fx, store));
  assert_in_step (fx, store);

  /* Nothing changed but our own scores: nothing pulled, nothing written. (Writing a score
   * moves a record's modification time, so the service may send it again; it is recognised.) */
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_cmpuint (stats.pulled, ==, 0);
  g_assert_cmpuint (stats.created + stats.updated, ==, 0);
  g_assert_cmpuint (stats.pushed, ==, 0);
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_cmpuint (stats.pulled + stats.created + stats.updated + stats.pushed, ==, 0);

  touched = fx->ops->touch (fx->fake, 50);
  g_assert_cmpuint (g_strv_length (touched), ==, 50);
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pulled, ==, 50);
  g_assert_cmpuint (stats.created, ==, 0);
  g_assert_cmpuint (stats.updated, ==, 50);
  g_assert_cmpuint (stats.pushed, <=, 50);
  assert_in_step (fx, store);

  /* --full reads everything again, finds it as it was, and creates nothing new. */
  g_assert_true (
      hotlist_sync_run (store, fx->ops->service, NULL, TRUE, NULL, NULL, &stats, NULL, &error));
  g_assert_cmpuint (stats.pulled + stats.unchanged, ==, n);
  g_assert_cmpuint (stats.pulled, <=, 50);
  g_assert_cmpuint (stats.created, ==, 0);
  assert_in_step (fx, store);
}

/* Scores the service refuses stay pending: the sync says so, the audit log lists them, and the
 * next sync writes them. */
static void
test_push_retry (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistStore                *store;
  guint                        failed;
  const guint                  n = fx->ops->size / 2;
  HotlistSyncStats             stats;

  fx->ops->generate (fx->fake, n, 11);
  fx->ops->set_retry_after (fx->fake, 0);
  workspace = hotlist_workspace_open (fx->db_path, &error);
  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  connect_account (fx, store);

  /* More 503s than the client retries: the first batch cannot be written at all. */
  fx->ops->inject (fx->fake, fx->ops->push_path, HOTLIST_FAKE_FAULT_503, 50);
  g_assert_false (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (stats.pulled, ==, n);
  g_assert_cmpuint (stats.failed, >, 0);
  failed = stats.failed;
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'push-score'"
                                     " AND status = 'failed'"),
                   ==, failed);
  {
    g_autoptr (HotlistAccount) account =
        hotlist_accounts_get (store, fx->ops->service, NULL, &error);
    g_assert_cmpstr (account->state, ==, "error");
    g_assert_nonnull (account->last_error);
  }

  fx->ops->clear_faults (fx->fake);
  g_clear_error (&error);
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pulled, ==, 0);
  g_assert_cmpuint (stats.pushed, ==, n - n_refused (fx, store));
  g_assert_cmpuint (stats.failed, ==, n_refused (fx, store));
  assert_in_step (fx, store);
  /* Refused for good only once: the next sync does not try them again. */
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_cmpuint (stats.pushed + stats.failed, ==, 0);
}

static gpointer
sync_thread (gpointer data)
{
  Fixture                     *fx = data;
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (fx->db_path, NULL);
  g_autoptr (GError)           error = NULL;
  HotlistSyncStats             stats;

  g_assert_nonnull (workspace);
  return GINT_TO_POINTER (
      sync_once (hotlist_workspace_get_store (workspace), fx->ops->service, &stats, &error));
}

/* Sync Now while the background schedule syncs the same account (two connections, one
 * process): the second says the account is syncing already, and the first finishes. */
static void
test_busy (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistStore                *store;
  HotlistSyncStats             stats;
  GThread                     *thread;
  gboolean                     syncing = FALSE;

  fx->ops->generate (fx->fake, 1000, 13);
  workspace = hotlist_workspace_open (fx->db_path, &error);
  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  connect_account (fx, store);

  fx->ops->fault_every (fx->fake, 1, HOTLIST_FAKE_FAULT_SLOW);
  hotlist_fake_hubspot_set_fault_delay (fx->fake, 30);
  thread = g_thread_new ("first-sync", sync_thread, fx);
  for (guint waited = 0; waited < 10000 && !syncing; waited += 10)
    {
      g_autoptr (HotlistAccount) account =
          hotlist_accounts_get (store, fx->ops->service, NULL, NULL);

      syncing = account != NULL && g_strcmp0 (account->state, "syncing") == 0;
      if (!syncing)
        g_usleep (10 * 1000);
    }
  g_assert_true (syncing);
  g_assert_false (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_BUSY);
  g_clear_error (&error);
  fx->ops->clear_faults (fx->fake);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));
  assert_in_step (fx, store);
  /* Once it is done, the account syncs again. */
  g_assert_true (sync_once (store, fx->ops->service, &stats, &error));
  g_assert_no_error (error);
}

/* hotlist-cli, as scripts run it. */
static char *
run_cli (const char *const *argv_tail,
         const char        *stdin_text,
         const char *const *extra_env,
         int               *status,
         char             **err_out)
{
  g_autoptr (GPtrArray)           argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess)         process = NULL;
  g_autoptr (GError)              error = NULL;
  char                           *out = NULL;

  g_ptr_array_add (argv, (char *)g_getenv ("HOTLIST_CLI"));
  for (guint i = 0; argv_tail[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)argv_tail[i]);
  g_ptr_array_add (argv, NULL);
  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                 | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, extra_env[i], extra_env[i + 1], TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, err_out, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return out;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* `accounts add --token-stdin`, `accounts --json`, `sync --json` and `accounts remove`, with the
 * contract's names and keys. */
static void
test_cli_contract (Fixture *fx, gconstpointer data)
{
  const char                    *base_url = fx->ops->get_base_url (fx->fake);
  g_autofree char               *out = NULL;
  g_autofree char               *err = NULL;
  g_autoptr (JsonObject)         result = NULL;
  g_autoptr (JsonParser)         parser = json_parser_new ();
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistCredentials) stored = NULL;
  JsonArray                     *accounts;
  int                            status;

  fx->ops->generate (fx->fake, 700, 3);
  {
    const char      *args[] = { "--db",       fx->db_path, "accounts",      "add", fx->ops->service,
                                "--base-url", base_url,    "--token-stdin", NULL };
    g_autofree char *token_line = g_strconcat (fx->ops->api_token, "\n", NULL);

    out = run_cli (args, token_line, NULL, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  stored = hotlist_secrets_lookup_sync (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, fx->ops->api_token);
  g_assert_true (stored->is_api_token);

  {
    const char *args[] = { "--db", fx->db_path, "accounts", "--json", NULL };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    accounts = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0),
                                                    "service"),
                     ==, fx->ops->service);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0),
                                                    "base_url"),
                     ==, base_url);
    g_assert_true (
        json_object_get_boolean_member (json_array_get_object_element (accounts, 0), "signed_in"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *args[] = { "--db", fx->db_path, "sync", fx->ops->service, "--json", NULL };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, ==, 0);
    result = parse_object (out);
    g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 700);
    g_assert_cmpint (json_object_get_int_member (result, "created"), ==, 700);
    g_assert_cmpint (json_object_get_int_member (result, "updated"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (result, "pushed"), ==, 700);
    g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&result, json_object_unref);
  }

  /* A sync that cannot finish exits non-zero, after printing what it did. */
  fx->ops->inject (fx->fake, fx->ops->list_path, HOTLIST_FAKE_FAULT_MALFORMED_JSON, 100);
  {
    const char *args[] = {
      "--db", fx->db_path, "sync", fx->ops->service, "--full", "--json", NULL
    };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, !=, 0);
    result = parse_object (out);
    g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 0);
    g_assert_true (json_object_has_member (result, "error"));
    g_assert_nonnull (strstr (err, "hotlist-cli: "));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  fx->ops->clear_faults (fx->fake);

  {
    const char *args[] = { "--db", fx->db_path, "accounts", "remove", fx->ops->service, NULL };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_clear_pointer (&stored, hotlist_credentials_free);
  stored = hotlist_secrets_lookup_sync (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT, NULL, &error);
  g_assert_null (stored);
  g_assert_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Syncing a disconnected service is a clear error. */
  {
    const char *args[] = { "--db", fx->db_path, "sync", fx->ops->service, NULL };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (err, "not connected"));
  }
}

static guint
count_leads_in_file (const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint         n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return 0;
    }
  sqlite3_busy_timeout (db, 2000);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM leads", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint)sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* `hotlist-cli sync` killed with SIGKILL in the middle: the workspace holds whole pages only, and
 * the next sync resumes from the cursor and ends exactly as an uninterrupted one. */
static void
test_kill_resume (Fixture *fx, gconstpointer data)
{
  const guint             total = 6000;
  g_autoptr (GError)      error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char        *out = NULL;
  g_autofree char        *err = NULL;
  g_autoptr (JsonObject)  result = NULL;
  guint                   before_kill = 0;
  int                     status;

  fx->ops->generate (fx->fake, total, 5);
  {
    g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (fx->db_path, &error);

    g_assert_no_error (error);
    connect_account (fx, hotlist_workspace_get_store (workspace));
  }

  /* Slow answers, so that the kill lands mid-way. */
  fx->ops->fault_every (fx->fake, 1, HOTLIST_FAKE_FAULT_SLOW);
  if (fx->ops == &hubspot)
    hotlist_fake_hubspot_set_fault_delay (fx->fake, 40);
  {
    const char *argv[] = { g_getenv ("HOTLIST_CLI"), "--db",   fx->db_path, "sync",
                           fx->ops->service,         "--json", NULL };

    process =
        g_subprocess_newv (argv,
                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error);
    g_assert_no_error (error);
  }
  for (guint waited = 0; waited < 60000; waited += 20)
    {
      before_kill = count_leads_in_file (fx->db_path);
      if (before_kill >= total / 4)
        break;
      g_usleep (20 * 1000);
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));
  before_kill = count_leads_in_file (fx->db_path);
  g_test_message ("killed with %u of %u leads in the workspace", before_kill, total);
  g_assert_cmpuint (before_kill, >, 0);
  g_assert_cmpuint (before_kill, <, total);

  {
    g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (fx->db_path, &error);
    HotlistStore                *store;

    g_assert_no_error (error);
    store = hotlist_workspace_get_store (workspace);
    g_assert_true (hotlist_store_check_integrity (store, &error));
    g_assert_no_error (error);
    /* The cursor is there, written with the last committed page. */
    g_assert_cmpint (query_int (store, "SELECT count(*) FROM sync_state WHERE cursor IS NOT NULL"),
                     ==, 1);
  }

  fx->ops->clear_faults (fx->fake);
  {
    const char *args[] = { "--db", fx->db_path, "sync", fx->ops->service, "--json", NULL };

    out = run_cli (args, NULL, NULL, &status, &err);
    g_assert_cmpint (status, ==, 0);
    result = parse_object (out);
    g_test_message ("resumed: %s", out);
    /* Resumed, not started over. */
    g_assert_cmpint (json_object_get_int_member (result, "created"), ==, total - before_kill);
    g_assert_cmpint (json_object_get_int_member (result, "pulled"), <=, total - before_kill + 200);
  }
  {
    g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (fx->db_path, &error);

    g_assert_no_error (error);
    assert_in_step (fx, hotlist_workspace_get_store (workspace));
  }
}

/* Does @needle appear anywhere under @path (files of any kind, recursively)? */
static gboolean
tree_contains (const char *path, const char *needle, char **where)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char      *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize            length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        {
          *where = g_strdup (path);
          return TRUE;
        }
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (tree_contains (child, needle, where))
        return TRUE;
    }
  return FALSE;
}

/* OAuth tokens (expired, so refreshed during the sync) and an API token go through a whole CLI
 * session with debug logging on and settings written to a file: afterwards neither the tokens
 * nor the refreshed ones appear in the workspace file, its journal, the settings file, the
 * output, or anywhere in the home directory (the keyring's own file is encrypted). */
static void
test_no_token_leak (Fixture *fx, gconstpointer data)
{
  g_autofree char               *home = g_build_filename (fx->dir, "home", NULL);
  g_autofree char               *config = g_build_filename (home, ".config", NULL);
  const char                    *base_url = fx->ops->get_base_url (fx->fake);
  g_autofree char               *refresh = NULL;
  g_autofree char               *access = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;
  g_autoptr (HotlistCredentials) after = NULL;
  g_autoptr (GError)             error = NULL;
  g_autofree char               *out = NULL;
  g_autofree char               *err = NULL;
  g_autofree char               *where = NULL;
  int                            status;
  const char                    *env[] = { "G_MESSAGES_DEBUG",
                                           "all",
                                           "GSETTINGS_BACKEND",
                                           "keyfile",
                                           "XDG_CONFIG_HOME",
                                           config,
                                           "HOTLIST_HUBSPOT_CLIENT_ID",
                                           HOTLIST_FAKE_HUBSPOT_CLIENT_ID,
                                           "HOTLIST_HUBSPOT_CLIENT_SECRET",
                                           HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET,
                                           NULL };

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  fx->ops->generate (fx->fake, 300, 9);
  access = hotlist_fake_hubspot_issue_tokens (fx->fake, &refresh);
  hotlist_fake_hubspot_expire_access_tokens (fx->fake);

  credentials = hotlist_credentials_new (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT);
  credentials->access_token = g_strdup (access);
  credentials->refresh_token = g_strdup (refresh);
  credentials->token_type = g_strdup ("bearer");
  credentials->expires_at = g_get_real_time () / G_USEC_PER_SEC + 3600; /* it thinks it is fresh */
  g_assert_true (hotlist_secrets_store_sync (credentials, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (fx->db_path, &error);

    g_assert_no_error (error);
    g_assert_true (hotlist_accounts_add (hotlist_workspace_get_store (workspace), fx->ops->service,
                                         NULL, base_url, NULL, &error));
  }

  {
    const char *args[] = { "--db", fx->db_path, "sync", fx->ops->service, "--json", NULL };

    out = run_cli (args, NULL, env, &status, &err);
    g_assert_cmpint (status, ==, 0);
  }
  /* The 401 was answered by refreshing: the keyring now holds new tokens. */
  after = hotlist_secrets_lookup_sync (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->access_token, !=, access);

  {
    const char *tokens[] = { access, refresh, after->access_token, after->refresh_token };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        if (tokens[i] == NULL)
          continue;
        g_assert_null (strstr (out, tokens[i]));
        g_assert_null (strstr (err, tokens[i]));
        if (tree_contains (fx->dir, tokens[i], &where))
          g_error ("a token was found in %s", where);
        /* Under build-aux/run-tests.sh the home directory (and the keyring's file in it) is a
         * scratch one made for the run: search it too. */
        if (strstr (g_get_home_dir (), "hotlist-tests-") != NULL
            && tree_contains (g_get_home_dir (), tokens[i], &where))
          g_error ("a token was found in %s", where);
      }
  }
  /* The debug log did run, and saw the refusal and the retry (GLib writes debug lines to standard
   * output), so the search above had the requests' log lines to look through. */
  g_assert_nonnull (strstr (out, "hubspot: POST"));
  g_assert_nonnull (strstr (out, "→ 401"));

  /* A refused token's error message does not repeat it. */
  hotlist_fake_hubspot_expire_access_tokens (fx->fake);
  {
    g_autoptr (HotlistCredentials) bad =
        hotlist_credentials_new_api_token (fx->ops->service, HOTLIST_DEFAULT_ACCOUNT,
                                           "pat-na1-not-a-token-that-works");
    const char *args[] = { "--db", fx->db_path, "sync", fx->ops->service, NULL };

    g_assert_true (hotlist_secrets_store_sync (bad, NULL, &error));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = run_cli (args, NULL, env, &status, &err);
    g_assert_cmpint (status, !=, 0);
    g_assert_null (strstr (err, "pat-na1-not-a-token-that-works"));
    g_assert_false (tree_contains (fx->dir, "pat-na1-not-a-token-that-works", &where));
  }
}

int
main (int argc, char **argv)
{
  static const FakeService *services[] = { &hubspot, &salesforce, &pipedrive };

  g_test_init (&argc, &argv, NULL);
  /* The OAuth clients the fakes know, for refreshing tokens. */
  g_setenv ("HOTLIST_SALESFORCE_CLIENT_ID", HOTLIST_FAKE_SALESFORCE_CLIENT_ID, TRUE);
  g_setenv ("HOTLIST_SALESFORCE_CLIENT_SECRET", HOTLIST_FAKE_SALESFORCE_CLIENT_SECRET, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      const FakeService *ops = services[i];
      g_autofree char   *p1 = g_strdup_printf ("/sync/%s/incremental", ops->service);
      g_autofree char   *p2 = g_strdup_printf ("/sync/%s/push-retry", ops->service);
      g_autofree char   *p3 = g_strdup_printf ("/sync/%s/cli", ops->service);

      g_test_add (p1, Fixture, ops, fixture_setup, test_incremental, fixture_teardown);
      g_test_add (p2, Fixture, ops, fixture_setup, test_push_retry, fixture_teardown);
      if (ops->api_token != NULL)
        g_test_add (p3, Fixture, ops, fixture_setup, test_cli_contract, fixture_teardown);
    }
  g_test_add ("/sync/large/hubspot-20000-with-faults", Fixture, &hubspot, fixture_setup,
              test_faults, fixture_teardown);
  g_test_add ("/sync/hubspot/busy", Fixture, &hubspot, fixture_setup, test_busy, fixture_teardown);
  g_test_add ("/sync/process/hubspot-kill-9-resume", Fixture, &hubspot, fixture_setup,
              test_kill_resume, fixture_teardown);
  g_test_add ("/sync/process/hubspot-no-token-leak", Fixture, &hubspot, fixture_setup,
              test_no_token_leak, fixture_teardown);
  return g_test_run ();
}
