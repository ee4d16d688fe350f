/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the SQLite lead store and workspaces: schema, migrations, upserts, queries. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"
/* Only for reading PRAGMA foreign_keys on the store's own connection. */
#include "store/hotlist-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

static char *xdg_data_home;

static HotlistStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  HotlistStore      *store = hotlist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A second connection to the file, as the sqlite3 shell or another program would open it. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
raw_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message);
}

static int
raw_exec_rc (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

static gint64
raw_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
raw_table_exists (sqlite3 *db, const char *table)
{
  sqlite3_stmt *stmt = NULL;
  gboolean      exists;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT 1 FROM sqlite_master"
                                       " WHERE type = 'table' AND name = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

static gint64
count_leads (HotlistStore *store)
{
  g_autoptr (GError) error = NULL;
  gint64             count = hotlist_store_count_leads (store, &error);

  g_assert_no_error (error);
  return count;
}

static gint64
upsert (HotlistStore *store, const HotlistLeadInput *input, gboolean expect_created)
{
  g_autoptr (GError) error = NULL;
  gint64             id = 0;
  gboolean           created = !expect_created;

  g_assert_true (hotlist_store_upsert_lead (store, input, &id, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (created, ==, expect_created);
  g_assert_cmpint (id, >, 0);
  return id;
}

static HotlistLead *
get_lead (HotlistStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  HotlistLead       *lead = hotlist_store_get_lead (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static gboolean
file_contents_equal (const char *path, const char *expected, gsize expected_length)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return length == expected_length && memcmp (contents, expected, length) == 0;
}

/* The custom attributes of a lead, parsed from the store's JSON object. */
static JsonObject *
lead_custom (const HotlistLead *lead)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;
  JsonNode              *root;

  if (lead->custom_json == NULL)
    return json_object_new ();
  json_parser_load_from_data (parser, lead->custom_json, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* Opening, schema and migrations */

static const char *expected_tables[] = {
  "leads",           "activities",        "attributes",     "scoring_models", "lead_contributions",
  "experiments",     "feedback",          "sync_state",     "accounts",       "audit_log",
  "content_library", "message_templates", "campaign_costs", "workspace_meta",
};

static void
assert_fresh_schema (const char *path)
{
  g_autoptr (sqlite3) db = raw_open (path);
  g_autofree char    *journal_mode = raw_text (db, "PRAGMA journal_mode");

  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, hotlist_store_get_latest_version ());
  for (guint i = 0; i < G_N_ELEMENTS (expected_tables); i++)
    {
      if (!raw_table_exists (db, expected_tables[i]))
        g_error ("table “%s” is missing from a new workspace", expected_tables[i]);
    }
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_open_new_file (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "new.hotlist");
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  store = open_store (path);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (hotlist_store_get_path (store), ==, path);
  g_assert_cmpuint (hotlist_store_get_latest_version (), >=, 1);
  g_assert_cmpuint (hotlist_store_get_schema_version (store), ==,
                    hotlist_store_get_latest_version ());
  g_assert_cmpint (count_leads (store), ==, 0);
  g_assert_false (hotlist_store_in_transaction (store));
  g_assert_true (hotlist_store_check_integrity (store, &error));
  g_assert_no_error (error);

  assert_fresh_schema (path);
}

/* An empty file, as `touch` leaves it, is migrated from schema 0 like a missing one. */
static void
test_open_empty_file (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "empty.hotlist");
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  store = open_store (path);
  g_assert_cmpuint (hotlist_store_get_schema_version (store), ==,
                    hotlist_store_get_latest_version ());
  assert_fresh_schema (path);
}

static void
test_open_foreign_keys (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "fk.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (sqlite3)      db = raw_open (path);
  g_autoptr (GError)       error = NULL;
  HotlistLeadInput         input = { .source = "manual", .external_id = "fk-1" };
  gint64                   id;
  g_autofree char         *sql = NULL;

  /* The store's own connection enforces the references. */
  g_assert_cmpint (raw_int (hotlist_store_get_db (store), "PRAGMA foreign_keys"), ==, 1);

  id = upsert (store, &input, TRUE);
  raw_exec (db, "PRAGMA foreign_keys = ON");
  sql = g_strdup_printf ("INSERT INTO activities (activity_id, lead, activity_type, activity_date)"
                         " VALUES ('a1', %" G_GINT64_FORMAT ", 'email_open', 1700000000)",
                         id);
  raw_exec (db, sql);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM activities"), ==, 1);

  /* The schema refuses an activity of a lead that does not exist… */
  g_assert_cmpint (raw_exec_rc (db, "INSERT INTO activities (activity_id, lead, activity_type,"
                                    " activity_date) VALUES ('a2', 999999, 'call', 1)"),
                   ==, SQLITE_CONSTRAINT);
  /* …and deleting a lead takes its activities with it. */
  raw_exec (db, "DELETE FROM leads");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM activities"), ==, 0);
  g_assert_true (hotlist_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* A dangling reference written behind the store's back is found by the integrity check. */
  raw_exec (db, "PRAGMA foreign_keys = OFF");
  raw_exec (db, "INSERT INTO activities (activity_id, lead, activity_type, activity_date)"
                " VALUES ('a3', 424242, 'call', 1)");
  g_assert_false (hotlist_store_check_integrity (store, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "activities"));
}

static void
test_open_reopen_keeps_data (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "reopen.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  g_autoptr (GPtrArray)    attributes = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *key = NULL;
  g_autofree char         *name = NULL;
  HotlistLeadInput         input = { .source = "manual", .external_id = "keep-1" };
  guint                    n_attributes;

  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = "Ada";
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_FIRST_NAME);
  upsert (store, &input, TRUE);
  key = hotlist_store_ensure_custom_attribute (store, "Webinar visits", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_store_set_meta (store, "name", "Kept", &error));
  g_assert_no_error (error);
  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  n_attributes = attributes->len;
  g_clear_pointer (&attributes, g_ptr_array_unref);
  g_clear_object (&store);

  store = open_store (path);
  g_assert_cmpuint (hotlist_store_get_schema_version (store), ==,
                    hotlist_store_get_latest_version ());
  g_assert_cmpint (count_leads (store), ==, 1);
  lead = hotlist_store_find_lead (store, "keep-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Ada");
  name = hotlist_store_get_meta (store, "name");
  g_assert_cmpstr (name, ==, "Kept");
  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attributes->len, ==, n_attributes);
  g_assert_true (hotlist_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_open_newer_schema (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "future.hotlist");
  g_autofree char         *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char         *before = NULL;
  g_autofree char         *set_version = NULL;
  g_autofree char         *version_text = NULL;
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;
  gsize                    before_length = 0;
  guint                    future = hotlist_store_get_latest_version () + 1;

  /* A file as a later Hotlist, with a rollback journal, might have left it. */
  {
    g_autoptr (sqlite3) db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     ==, SQLITE_OK);
    raw_exec (db, "CREATE TABLE leads_v2 (id INTEGER PRIMARY KEY, name TEXT);"
                  "INSERT INTO leads_v2 (name) VALUES ('from the future');");
    set_version = g_strdup_printf ("PRAGMA user_version = %u", future);
    raw_exec (db, set_version);
  }
  g_file_get_contents (path, &before, &before_length, &error);
  g_assert_no_error (error);

  store = hotlist_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NEWER_SCHEMA);
  version_text = g_strdup_printf ("%u", future);
  g_assert_nonnull (strstr (error->message, version_text));

  /* Refused means untouched: still the later schema, none of ours, the same bytes, and the
   * journal mode it had rather than WAL. */
  {
    g_autoptr (sqlite3) db = raw_open (path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, future);
    g_assert_false (raw_table_exists (db, "leads"));
  }
  g_assert_true (file_contents_equal (path, before, before_length));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr (sqlite3) db = raw_open (path);
    g_autofree char    *journal_mode = raw_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (journal_mode, ==, "delete");
  }
}

static void
test_open_not_a_database (void)
{
  static const char text[] =
      "first_name,last_name\nAda,Lovelace\nThis is a CSV file, not a Hotlist workspace.\n"
      "It is long enough to hold a whole SQLite header and then some more bytes.\n";
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "leads.csv");
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_file_set_contents (path, text, sizeof text - 1, &error);
  g_assert_no_error (error);

  store = hotlist_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_CORRUPT);
  /* The message names the file, so the user knows which one is wrong. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (file_contents_equal (path, text, sizeof text - 1));
}

static void
test_open_creates_parent_folders (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *parent = g_build_filename (dir->path, "a", "b", "c", NULL);
  g_autofree char         *path = g_build_filename (parent, "deep.hotlist", NULL);
  g_autoptr (HotlistStore) store = NULL;

  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));
  store = open_store (path);
  g_assert_true (g_file_test (parent, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* A folder that cannot be made is a clear error, not a crash or a file somewhere else. */
static void
test_open_parent_is_a_file (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *blocker = test_dir_file (dir, "leads.csv");
  g_autofree char         *path = g_build_filename (blocker, "inside", "ws.hotlist", NULL);
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_file_set_contents (blocker, "id\n1\n", -1, &error);
  g_assert_no_error (error);

  store = hotlist_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, blocker));
  g_assert_true (g_file_test (blocker, G_FILE_TEST_IS_REGULAR));
}

/* A migration that fails half way leaves the file at its old version, with nothing of the new. */
static void
test_open_failed_migration (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "clash.hotlist");
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  {
    g_autoptr (sqlite3) db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     ==, SQLITE_OK);
    /* Schema 1 creates scoring_models first, then leads, which already exists here. */
    raw_exec (db, "CREATE TABLE leads (something_else TEXT)");
  }

  store = hotlist_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HOTLIST_STORE_ERROR);

  {
    g_autoptr (sqlite3) db = raw_open (path);

    g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
    g_assert_false (raw_table_exists (db, "scoring_models"));
    g_assert_false (raw_table_exists (db, "attributes"));
    g_assert_true (raw_table_exists (db, "leads"));
  }
}

/* Upserts */

static void
test_upsert_by_external_id (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "upsert.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  HotlistLeadInput         input = { .source = "hubspot", .external_id = "51873200101" };
  gint64                   id, again, other;

  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = "Maren";
  input.text[HOTLIST_LEAD_FIELD_COMPANY] = "Brightwater Analytics";
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_FIRST_NAME);
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_COMPANY);
  id = upsert (store, &input, TRUE);

  lead = get_lead (store, id);
  g_assert_true (hotlist_uuid_is_valid (lead->lead_id));
  g_assert_cmpstr (lead->source, ==, "hubspot");
  g_assert_cmpstr (lead->external_id, ==, "51873200101");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Brightwater Analytics");
  g_clear_pointer (&lead, hotlist_lead_free);

  /* The same source and id again is the same lead. */
  input.text[HOTLIST_LEAD_FIELD_COMPANY] = "Brightwater Analytics, Inc.";
  again = upsert (store, &input, FALSE);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (count_leads (store), ==, 1);
  lead = get_lead (store, id);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Brightwater Analytics, Inc.");
  g_assert_cmpint (lead->updated_at, >=, lead->created_at);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* The same id in another system is another lead. */
  input.source = "salesforce";
  other = upsert (store, &input, TRUE);
  g_assert_cmpint (other, !=, id);
  g_assert_cmpint (count_leads (store), ==, 2);

  /* Leads without an external id never match each other. */
  input.external_id = NULL;
  upsert (store, &input, TRUE);
  upsert (store, &input, TRUE);
  g_assert_cmpint (count_leads (store), ==, 4);
}

static void
test_upsert_by_lead_id (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "lead-id.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  g_autofree char         *chosen = hotlist_uuid_new ();
  g_autofree char         *lead_id = NULL;
  HotlistLeadInput         input = { .source = "manual" };
  HotlistLeadInput         update = { .source = "manual" };
  gint64                   id;

  /* A writer may choose the public id, as an import of an export does. */
  input.lead_id = chosen;
  input.text[HOTLIST_LEAD_FIELD_EMAIL] = "ada@larkspur.example";
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_EMAIL);
  id = upsert (store, &input, TRUE);
  lead = get_lead (store, id);
  g_assert_cmpstr (lead->lead_id, ==, chosen);
  g_assert_null (lead->external_id);
  lead_id = g_strdup (lead->lead_id);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* Updating by lead id changes the fields given and can attach an external id. */
  update.lead_id = lead_id;
  update.external_id = "L-77";
  update.text[HOTLIST_LEAD_FIELD_COMPANY] = "Larkspur Tools";
  HOTLIST_LEAD_INPUT_SET (&update, HOTLIST_LEAD_FIELD_COMPANY);
  g_assert_cmpint (upsert (store, &update, FALSE), ==, id);
  g_assert_cmpint (count_leads (store), ==, 1);
  lead = get_lead (store, id);
  g_assert_cmpstr (lead->lead_id, ==, lead_id);
  g_assert_cmpstr (lead->external_id, ==, "L-77");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Larkspur Tools");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_EMAIL], ==, "ada@larkspur.example");
}

static void
test_upsert_present_mask (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "mask.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  HotlistLeadInput         input = { .source = "csv", .external_id = "7" };
  HotlistLeadInput         update = { .source = "csv", .external_id = "7" };
  gint64                   created_at = utc (2024, 1, 8, 9, 14, 0);
  gint64                   last_activity = utc (2024, 3, 2, 16, 40, 0);
  gint64                   id;

  for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    HOTLIST_LEAD_INPUT_SET (&input, i);
  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = "Maren";
  input.text[HOTLIST_LEAD_FIELD_LAST_NAME] = "Holloway";
  input.text[HOTLIST_LEAD_FIELD_EMAIL] = "maren@brightwater.example";
  input.text[HOTLIST_LEAD_FIELD_COMPANY] = "Brightwater Analytics";
  input.text[HOTLIST_LEAD_FIELD_JOB_TITLE] = "VP, Revenue Operations";
  input.text[HOTLIST_LEAD_FIELD_INDUSTRY] = "Computer Software";
  input.text[HOTLIST_LEAD_FIELD_COUNTRY] = "United States";
  input.text[HOTLIST_LEAD_FIELD_LEAD_SOURCE] = "Organic Search";
  input.text[HOTLIST_LEAD_FIELD_STATUS] = "In Progress";
  input.text[HOTLIST_LEAD_FIELD_OWNER] = "Dana Whitfield";
  input.company_size = 420;
  input.created_at = created_at;
  input.last_activity_date = last_activity;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_COMPANY_SIZE);
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_CREATED_AT);
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE);
  id = upsert (store, &input, TRUE);

  lead = get_lead (store, id);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "VP, Revenue Operations");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_OWNER], ==, "Dana Whitfield");
  g_assert_cmpint (lead->company_size, ==, 420);
  g_assert_cmpint (lead->created_at, ==, created_at);
  g_assert_cmpint (lead->last_activity_date, ==, last_activity);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* A new e-mail; the first name and company size present but unknown; nothing else known. */
  update.text[HOTLIST_LEAD_FIELD_EMAIL] = "m.holloway@brightwater.example";
  HOTLIST_LEAD_INPUT_SET (&update, HOTLIST_LEAD_FIELD_EMAIL);
  HOTLIST_LEAD_INPUT_SET (&update, HOTLIST_LEAD_FIELD_FIRST_NAME);
  update.company_size = -1;
  HOTLIST_LEAD_INPUT_SET (&update, HOTLIST_LEAD_FIELD_COMPANY_SIZE);
  HOTLIST_LEAD_INPUT_SET (&update, HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE);
  g_assert_cmpint (upsert (store, &update, FALSE), ==, id);

  lead = get_lead (store, id);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_EMAIL], ==, "m.holloway@brightwater.example");
  g_assert_null (lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME]);
  g_assert_cmpint (lead->company_size, ==, -1);
  g_assert_cmpint (lead->last_activity_date, ==, 0);
  /* Not in the mask: kept. */
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Holloway");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Brightwater Analytics");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "VP, Revenue Operations");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_INDUSTRY], ==, "Computer Software");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United States");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE], ==, "Organic Search");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_STATUS], ==, "In Progress");
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_OWNER], ==, "Dana Whitfield");
  g_assert_cmpint (lead->created_at, ==, created_at);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_OPEN);
}

/* Values go in as data, whatever they look like. */
static void
test_upsert_text_verbatim (void)
{
  static const char *odd[] = {
    "Robert'); DROP TABLE leads;--",
    "O'Brien \"Bob\"",
    "Zoë Castellane",
    "?1 ?2 :name @x $y",
    "line one\nline two",
    "%s%s%n",
  };
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "verbatim.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      HotlistLeadInput        input = { .source = "manual", .external_id = odd[i] };
      g_autoptr (HotlistLead) lead = NULL;
      gint64                  id;

      input.text[HOTLIST_LEAD_FIELD_COMPANY] = odd[i];
      HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_COMPANY);
      id = upsert (store, &input, TRUE);
      lead = get_lead (store, id);
      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, odd[i]);
      g_assert_cmpstr (lead->external_id, ==, odd[i]);
    }
  g_assert_cmpint (count_leads (store), ==, G_N_ELEMENTS (odd));
}

static void
test_upsert_custom_patch (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "custom.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  g_autoptr (JsonObject)   custom = NULL;
  HotlistLeadInput         input = { .source = "csv", .external_id = "c1" };
  gint64                   id;

  input.custom_patch = "{\"pricing_page_views\": \"12\", \"plan\": \"basic\"}";
  id = upsert (store, &input, TRUE);
  lead = get_lead (store, id);
  custom = lead_custom (lead);
  g_assert_cmpuint (json_object_get_size (custom), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (custom, "pricing_page_views"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (custom, "plan"), ==, "basic");
  g_clear_pointer (&custom, json_object_unref);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* RFC 7396: members merge, null removes one, others stay. */
  input.custom_patch = "{\"plan\": null, \"webinar\": \"yes\"}";
  upsert (store, &input, FALSE);
  lead = get_lead (store, id);
  custom = lead_custom (lead);
  g_assert_cmpuint (json_object_get_size (custom), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (custom, "pricing_page_views"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (custom, "webinar"), ==, "yes");
  g_assert_false (json_object_has_member (custom, "plan"));
  g_clear_pointer (&custom, json_object_unref);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* No patch leaves the attributes alone. */
  input.custom_patch = NULL;
  upsert (store, &input, FALSE);
  lead = get_lead (store, id);
  custom = lead_custom (lead);
  g_assert_cmpuint (json_object_get_size (custom), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (custom, "webinar"), ==, "yes");
}

static void
test_upsert_outcome (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "outcome.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (sqlite3)      db = raw_open (path);
  g_autoptr (HotlistLead)  lead = NULL;
  HotlistLeadInput         input = { .source = "csv", .external_id = "o1" };
  HotlistLeadInput         no_outcome = { .source = "csv", .external_id = "o1" };
  gint64                   before = g_get_real_time () / G_USEC_PER_SEC;
  gint64                   after;
  gint64                   id;

  /* A lead created open has no outcome date. */
  id = upsert (store, &input, TRUE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_OPEN);
  g_assert_cmpint (lead->outcome_at, ==, 0);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* Converting it dates the outcome now. */
  input.outcome = HOTLIST_OUTCOME_CONVERTED;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_OUTCOME);
  upsert (store, &input, FALSE);
  after = g_get_real_time () / G_USEC_PER_SEC;
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (lead->outcome_at, >=, before);
  g_assert_cmpint (lead->outcome_at, <=, after);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* Saying the same outcome again keeps the date it was first reached. */
  raw_exec (db, "UPDATE leads SET outcome_at = 1600000000");
  upsert (store, &input, FALSE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (lead->outcome_at, ==, 1600000000);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* A writer that does not know the outcome leaves it. */
  no_outcome.text[HOTLIST_LEAD_FIELD_STATUS] = "Closed";
  HOTLIST_LEAD_INPUT_SET (&no_outcome, HOTLIST_LEAD_FIELD_STATUS);
  upsert (store, &no_outcome, FALSE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (lead->outcome_at, ==, 1600000000);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* A changed outcome is dated anew. */
  input.outcome = HOTLIST_OUTCOME_LOST;
  upsert (store, &input, FALSE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_LOST);
  g_assert_cmpint (lead->outcome_at, >=, before);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* Reopened: no outcome date. */
  input.outcome = HOTLIST_OUTCOME_OPEN;
  upsert (store, &input, FALSE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_OPEN);
  g_assert_cmpint (lead->outcome_at, ==, 0);
  g_clear_pointer (&lead, hotlist_lead_free);

  /* Created converted: dated at creation. */
  input.external_id = "o2";
  input.outcome = HOTLIST_OUTCOME_CONVERTED;
  id = upsert (store, &input, TRUE);
  lead = get_lead (store, id);
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (lead->outcome_at, >=, before);
}

static void
test_upsert_invalid_lead_id (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "invalid.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (GError)       error = NULL;
  HotlistLeadInput         input = { .source = "csv", .lead_id = "lead-42", .external_id = "42" };
  gboolean                 created = FALSE;
  gint64                   id = 0;

  g_assert_false (hotlist_store_upsert_lead (store, &input, &id, &created, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lead-42"));
  g_assert_cmpint (count_leads (store), ==, 0);
}

/* Transactions */

static void
test_transaction_rollback (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "rollback.hotlist");
  g_autoptr (HotlistStore)     store = open_store (path);
  g_autoptr (HotlistAttribute) attribute = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *key = NULL;
  g_autofree char             *meta = NULL;

  g_assert_true (hotlist_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (hotlist_store_in_transaction (store));
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *external_id = g_strdup_printf ("r%d", i);
      HotlistLeadInput input = { .source = "csv", .external_id = external_id };

      upsert (store, &input, TRUE);
    }
  key = hotlist_store_ensure_custom_attribute (store, "Trial started", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_store_set_meta (store, "name", "Half done", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_leads (store), ==, 3);

  hotlist_store_rollback (store);
  g_assert_false (hotlist_store_in_transaction (store));
  g_assert_cmpint (count_leads (store), ==, 0);
  attribute = hotlist_store_get_attribute (store, key, &error);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_assert_null (attribute);
  g_clear_error (&error);
  meta = hotlist_store_get_meta (store, "name");
  g_assert_null (meta);

  /* Nothing reached the file either. */
  g_clear_object (&store);
  {
    g_autoptr (sqlite3) db = raw_open (path);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM leads"), ==, 0);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM attributes WHERE is_core = 0"), ==, 0);
  }
}

static void
test_transaction_nested (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "nested.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (sqlite3)      reader = raw_open (path);
  g_autoptr (GError)       error = NULL;
  HotlistLeadInput         first = { .source = "csv", .external_id = "n1" };
  HotlistLeadInput         second = { .source = "csv", .external_id = "n2" };

  g_assert_true (hotlist_store_begin (store, &error));
  g_assert_true (hotlist_store_begin (store, &error));
  g_assert_no_error (error);
  upsert (store, &first, TRUE);
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);

  /* The inner commit writes nothing yet: another reader still sees an empty workspace. */
  g_assert_true (hotlist_store_in_transaction (store));
  g_assert_cmpint (raw_int (reader, "SELECT count(*) FROM leads"), ==, 0);

  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (hotlist_store_in_transaction (store));
  g_assert_cmpint (raw_int (reader, "SELECT count(*) FROM leads"), ==, 1);

  /* A rollback at the inner level undoes the whole transaction. */
  g_assert_true (hotlist_store_begin (store, &error));
  upsert (store, &second, TRUE);
  g_assert_true (hotlist_store_begin (store, &error));
  g_assert_no_error (error);
  second.external_id = "n3";
  upsert (store, &second, TRUE);
  hotlist_store_rollback (store);
  g_assert_false (hotlist_store_in_transaction (store));
  g_assert_cmpint (count_leads (store), ==, 1);
  g_assert_cmpint (raw_int (reader, "SELECT count(*) FROM leads"), ==, 1);

  /* And the store is usable afterwards. */
  upsert (store, &second, TRUE);
  g_assert_cmpint (raw_int (reader, "SELECT count(*) FROM leads"), ==, 2);
}

/* Lookups and listings */

static void
test_find_lead (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "find.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  by_id = NULL;
  g_autoptr (HotlistLead)  by_uuid = NULL;
  g_autoptr (HotlistLead)  by_external = NULL;
  g_autoptr (HotlistLead)  missing = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *unknown_uuid = hotlist_uuid_new ();
  HotlistLeadInput         input = { .source = "salesforce", .external_id = "00Q5e00000Ab3KqEAJ" };
  gint64                   id;

  input.text[HOTLIST_LEAD_FIELD_LAST_NAME] = "Harrowgate";
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_LAST_NAME);
  id = upsert (store, &input, TRUE);
  input.external_id = "other";
  upsert (store, &input, TRUE);
  by_id = get_lead (store, id);

  by_uuid = hotlist_store_find_lead (store, by_id->lead_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uuid->id, ==, id);
  g_assert_cmpstr (by_uuid->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Harrowgate");

  /* A lead id copied in upper case still finds the lead. */
  {
    g_autofree char        *upper = g_ascii_strup (by_id->lead_id, -1);
    g_autoptr (HotlistLead) by_upper = hotlist_store_find_lead (store, upper, &error);

    g_assert_no_error (error);
    g_assert_cmpint (by_upper->id, ==, id);
  }

  by_external = hotlist_store_find_lead (store, "00Q5e00000Ab3KqEAJ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_external->id, ==, id);

  missing = hotlist_store_find_lead (store, "00Q5e00000XXXXXXXX", &error);
  g_assert_null (missing);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  missing = hotlist_store_find_lead (store, unknown_uuid, &error);
  g_assert_null (missing);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  missing = hotlist_store_get_lead (store, 999999, &error);
  g_assert_null (missing);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
}

/* The same external id in two systems cannot name one lead: the user is told to use the lead id. */
static void
test_find_lead_ambiguous (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "ambiguous.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (HotlistLead)  lead = NULL;
  g_autoptr (HotlistLead)  first = NULL;
  g_autoptr (GError)       error = NULL;
  HotlistLeadInput         hubspot = { .source = "hubspot", .external_id = "101" };
  HotlistLeadInput         pipedrive = { .source = "pipedrive", .external_id = "101" };
  gint64                   id;

  id = upsert (store, &hubspot, TRUE);
  upsert (store, &pipedrive, TRUE);
  first = get_lead (store, id);

  lead = hotlist_store_find_lead (store, "101", &error);
  g_assert_null (lead);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "101"));
  g_assert_nonnull (strstr (error->message, first->lead_id));
  g_clear_error (&error);

  /* The lead id still finds each one. */
  lead = hotlist_store_find_lead (store, first->lead_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->source, ==, "hubspot");
}

typedef struct
{
  GPtrArray *names;
  guint      stop_after;
} Visit;

static gboolean
collect_name_cb (const HotlistLead *lead, gpointer user_data)
{
  Visit *visit = user_data;

  g_ptr_array_add (visit->names, g_strdup (lead->text[HOTLIST_LEAD_FIELD_LAST_NAME]));
  return visit->stop_after == 0 || visit->names->len < visit->stop_after;
}

static void
test_list_by_score (void)
{
  static const char       *names[] = { "Ashworth", "Brask", "Castellane", "Dunmore", "Ellery" };
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "score.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (sqlite3)      db = raw_open (path);
  g_autoptr (GPtrArray)    leads = NULL;
  g_autoptr (GPtrArray)    visited = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError)       error = NULL;
  Visit                    visit = { visited, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      HotlistLeadInput input = { .source = "csv", .external_id = names[i] };

      input.text[HOTLIST_LEAD_FIELD_LAST_NAME] = names[i];
      HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_LAST_NAME);
      upsert (store, &input, TRUE);
    }
  raw_exec (db, "UPDATE leads SET lead_score = 40, probability = 0.4, tier = 'cool'"
                " WHERE last_name = 'Brask';"
                "UPDATE leads SET lead_score = 90, probability = 0.9, tier = 'hot'"
                " WHERE last_name = 'Dunmore';"
                "UPDATE leads SET lead_score = 65, probability = 0.65, tier = 'warm'"
                " WHERE last_name = 'Ellery';");

  /* Highest score first, unscored leads after them in the order they arrived. */
  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_SCORE, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 5);
  g_assert_cmpstr (((HotlistLead *)leads->pdata[0])->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==,
                   "Dunmore");
  g_assert_cmpint (((HotlistLead *)leads->pdata[0])->lead_score, ==, 90);
  g_assert_cmpfloat_with_epsilon (((HotlistLead *)leads->pdata[0])->probability, 0.9, 1e-9);
  g_assert_cmpstr (((HotlistLead *)leads->pdata[0])->tier, ==, "hot");
  g_assert_cmpstr (((HotlistLead *)leads->pdata[1])->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==,
                   "Ellery");
  g_assert_cmpstr (((HotlistLead *)leads->pdata[2])->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==,
                   "Brask");
  g_assert_cmpstr (((HotlistLead *)leads->pdata[3])->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==,
                   "Ashworth");
  g_assert_cmpint (((HotlistLead *)leads->pdata[3])->lead_score, ==, -1);
  g_assert_true (isnan (((HotlistLead *)leads->pdata[3])->probability));
  g_assert_null (((HotlistLead *)leads->pdata[3])->tier);
  g_assert_cmpstr (((HotlistLead *)leads->pdata[4])->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==,
                   "Castellane");
  g_clear_pointer (&leads, g_ptr_array_unref);

  /* A limit gives the top of the list. */
  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_SCORE, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 2);
  g_assert_cmpint (((HotlistLead *)leads->pdata[0])->lead_score, ==, 90);
  g_assert_cmpint (((HotlistLead *)leads->pdata[1])->lead_score, ==, 65);
  g_clear_pointer (&leads, g_ptr_array_unref);

  /* A function that says stop is not called again, and that is not an error. */
  visit.stop_after = 3;
  g_assert_true (hotlist_store_foreach_lead (store, HOTLIST_LEAD_ORDER_CREATED, -1, collect_name_cb,
                                             &visit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (visited->len, ==, 3);
  g_assert_cmpstr (visited->pdata[0], ==, "Ashworth");
  g_assert_cmpstr (visited->pdata[2], ==, "Castellane");
}

/* Attributes */

static void
test_attributes_core (void)
{
  static const char *core[] = {
    "job_title",    "country",     "email",  "company", "industry",
    "company_size", "lead_source", "status", "owner",
  };
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "core.hotlist");
  g_autoptr (HotlistStore)     store = open_store (path);
  g_autoptr (GPtrArray)        attributes = NULL;
  g_autoptr (HotlistAttribute) size = NULL;
  g_autoptr (HotlistAttribute) country = NULL;
  g_autoptr (GError)           error = NULL;

  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attributes->len, ==, G_N_ELEMENTS (core));
  for (guint i = 0; i < attributes->len; i++)
    {
      HotlistAttribute *attribute = attributes->pdata[i];

      g_assert_cmpstr (attribute->key, ==, core[i]);
      g_assert_true (attribute->is_core);
      g_assert_true (attribute->enabled);
      g_assert_nonnull (attribute->label);
      g_assert_cmpstr (attribute->label, !=, "");
    }

  size = hotlist_store_get_attribute (store, "company_size", &error);
  g_assert_no_error (error);
  g_assert_cmpint (size->kind, ==, HOTLIST_VALUE_NUMBER);
  g_assert_cmpint (size->group, ==, HOTLIST_ATTRIBUTE_GROUP_FIRMOGRAPHICS);
  country = hotlist_store_get_attribute (store, "country", &error);
  g_assert_no_error (error);
  g_assert_cmpint (country->kind, ==, HOTLIST_VALUE_CATEGORY);
}

static void
test_attributes_ensure_custom (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "custom-attr.hotlist");
  g_autoptr (HotlistStore)     store = open_store (path);
  g_autoptr (HotlistAttribute) attribute = NULL;
  g_autoptr (GPtrArray)        attributes = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *key = NULL;
  g_autofree char             *again = NULL;
  HotlistValueKind             kind = HOTLIST_VALUE_NUMBER;
  gboolean                     created = FALSE;

  key =
      hotlist_store_ensure_custom_attribute (store, "Pricing page views", &kind, &created, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "pricing_page_views");
  g_assert_true (created);
  g_assert_cmpint (kind, ==, HOTLIST_VALUE_TEXT);

  attribute = hotlist_store_get_attribute (store, key, &error);
  g_assert_no_error (error);
  g_assert_false (attribute->is_core);
  g_assert_cmpstr (attribute->column_name, ==, "Pricing page views");
  g_assert_cmpstr (attribute->label, ==, "Pricing page views");
  g_assert_cmpint (attribute->group, ==, HOTLIST_ATTRIBUTE_GROUP_BEHAVIOR);
  g_clear_pointer (&attribute, hotlist_attribute_free);

  /* The same column again is the same attribute, with the kind it was given since. */
  g_assert_true (hotlist_store_update_attribute_kind (store, key, HOTLIST_VALUE_NUMBER, &error));
  g_assert_no_error (error);
  again =
      hotlist_store_ensure_custom_attribute (store, "Pricing page views", &kind, &created, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, key);
  g_assert_false (created);
  g_assert_cmpint (kind, ==, HOTLIST_VALUE_NUMBER);

  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attributes->len, ==, 10);
  /* Core attributes come first, then custom ones in the order they arrived. */
  g_assert_true (((HotlistAttribute *)attributes->pdata[0])->is_core);
  g_assert_cmpstr (((HotlistAttribute *)attributes->pdata[9])->key, ==, "pricing_page_views");
}

static void
test_attributes_key_collisions (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "keys.hotlist");
  g_autoptr (HotlistStore)     store = open_store (path);
  g_autoptr (HotlistAttribute) core = NULL;
  g_autoptr (HotlistAttribute) custom = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *company = NULL;
  g_autofree char             *company_lower = NULL;
  g_autofree char             *employees = NULL;
  g_autofree char             *budget = NULL;
  g_autofree char             *symbols = NULL;

  /* A CRM's own "Company" column must not take over the core company attribute. */
  company = hotlist_store_ensure_custom_attribute (store, "Company", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (company, ==, "company_2");
  core = hotlist_store_get_attribute (store, "company", &error);
  g_assert_no_error (error);
  g_assert_true (core->is_core);
  g_assert_null (core->column_name);
  custom = hotlist_store_get_attribute (store, "company_2", &error);
  g_assert_no_error (error);
  g_assert_false (custom->is_core);
  g_assert_cmpstr (custom->column_name, ==, "Company");

  /* Another spelling is another column, and gets the next free key. */
  company_lower = hotlist_store_ensure_custom_attribute (store, "company", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (company_lower, ==, "company_3");

  employees = hotlist_store_ensure_custom_attribute (store, "# Employees", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (employees, ==, "number_employees");
  budget = hotlist_store_ensure_custom_attribute (store, "2024 Budget (€)", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (budget, ==, "c_2024_budget");
  symbols = hotlist_store_ensure_custom_attribute (store, "€€€", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (symbols, ==, "column");
}

static void
test_attributes_update_kind (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "kind.hotlist");
  g_autoptr (HotlistStore)     store = open_store (path);
  g_autoptr (HotlistAttribute) attribute = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *key = NULL;

  key = hotlist_store_ensure_custom_attribute (store, "Signed up", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_store_update_attribute_kind (store, key, HOTLIST_VALUE_DATE, &error));
  g_assert_no_error (error);
  attribute = hotlist_store_get_attribute (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attribute->kind, ==, HOTLIST_VALUE_DATE);
  g_clear_pointer (&attribute, hotlist_attribute_free);

  /* The kind is kept in the file. */
  g_clear_object (&store);
  store = open_store (path);
  attribute = hotlist_store_get_attribute (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attribute->kind, ==, HOTLIST_VALUE_DATE);

  /* An attribute that does not exist is an error, not a silent success. */
  g_assert_false (hotlist_store_update_attribute_kind (store, "no_such_attribute",
                                                       HOTLIST_VALUE_NUMBER, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
}

static void
test_meta (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autofree char         *path = test_dir_file (dir, "meta.hotlist");
  g_autoptr (HotlistStore) store = open_store (path);
  g_autoptr (GError)       error = NULL;
  g_autofree char         *missing = NULL;
  g_autofree char         *value = NULL;

  missing = hotlist_store_get_meta (store, "currency");
  g_assert_null (missing);
  g_assert_true (hotlist_store_set_meta (store, "currency", "EUR", &error));
  g_assert_true (hotlist_store_set_meta (store, "currency", "USD", &error));
  g_assert_no_error (error);
  value = hotlist_store_get_meta (store, "currency");
  g_assert_cmpstr (value, ==, "USD");
}

/* Workspaces */

static void
test_workspace_default_path (void)
{
  g_autofree char *expected_dir = g_build_filename (xdg_data_home, "hotlist", NULL);
  g_autofree char *expected_path = g_build_filename (expected_dir, "default.hotlist", NULL);
  g_autofree char *default_dir = hotlist_workspace_get_default_dir ();
  g_autofree char *default_path = hotlist_workspace_get_default_path ();
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;

  g_assert_cmpstr (default_dir, ==, expected_dir);
  g_assert_cmpstr (default_path, ==, expected_path);

  /* Opening it the first time creates the folder and the file there. */
  g_assert_false (g_file_test (expected_dir, G_FILE_TEST_EXISTS));
  workspace = hotlist_workspace_open (default_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hotlist_workspace_get_path (workspace), ==, expected_path);
  g_assert_true (g_file_test (expected_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (HOTLIST_IS_STORE (hotlist_workspace_get_store (workspace)));

  g_clear_object (&workspace);
  remove_tree (expected_dir);
}

static void
test_workspace_path_for_name (void)
{
  static const struct
  {
    const char *name;
    const char *file;
  } cases[] = {
    { "Acme Corp", "acme-corp.hotlist" },
    { "Acme Corp.", "acme-corp.hotlist" },
    { "Q3 / EMEA pipeline", "q3-emea-pipeline.hotlist" },
    { "west_coast-2024", "west_coast-2024.hotlist" },
    { "../../etc/passwd", "etc-passwd.hotlist" },
    { "", "workspace.hotlist" },
    { "???", "workspace.hotlist" },
  };
  g_autofree char *dir = hotlist_workspace_get_default_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = hotlist_workspace_path_for_name (cases[i].name);
      g_autofree char *expected = g_build_filename (dir, cases[i].file, NULL);

      g_assert_cmpstr (path, ==, expected);
    }
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
test_workspace_name (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "Acme Corp.hotlist");
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *file_name = NULL;
  g_autofree char             *given = NULL;
  g_autofree char             *property = NULL;
  g_autofree char             *reopened = NULL;
  guint                        notified = 0;

  workspace = hotlist_workspace_open (path, &error);
  g_assert_no_error (error);

  /* Without a name, the file name stands in for it. */
  file_name = hotlist_workspace_dup_name (workspace);
  g_assert_cmpstr (file_name, ==, "Acme Corp");

  g_signal_connect (workspace, "notify::name", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (hotlist_workspace_set_name (workspace, "Acme — EMEA", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  given = hotlist_workspace_dup_name (workspace);
  g_assert_cmpstr (given, ==, "Acme — EMEA");
  g_object_get (workspace, "name", &property, NULL);
  g_assert_cmpstr (property, ==, "Acme — EMEA");

  g_clear_object (&workspace);
  workspace = hotlist_workspace_open (path, &error);
  g_assert_no_error (error);
  reopened = hotlist_workspace_dup_name (workspace);
  g_assert_cmpstr (reopened, ==, "Acme — EMEA");
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("test-store");

  /* Before anything asks GLib for the user data folder, which it reads only once. */
  xdg_data_home = g_build_filename (test_root, "xdg-data", NULL);
  g_setenv ("XDG_DATA_HOME", xdg_data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  /* A failed child is reported as a failed case, not the end of the run. */
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  add_test ("/store/open/new-file", test_open_new_file);
  add_test ("/store/open/empty-file", test_open_empty_file);
  add_test ("/store/open/foreign-keys", test_open_foreign_keys);
  add_test ("/store/open/reopen-keeps-data", test_open_reopen_keeps_data);
  add_test ("/store/open/newer-schema", test_open_newer_schema);
  add_test ("/store/open/not-a-database", test_open_not_a_database);
  add_test ("/store/open/creates-parent-folders", test_open_creates_parent_folders);
  add_test ("/store/open/parent-is-a-file", test_open_parent_is_a_file);
  add_test ("/store/open/failed-migration", test_open_failed_migration);
  add_test ("/store/upsert/by-external-id", test_upsert_by_external_id);
  add_test ("/store/upsert/by-lead-id", test_upsert_by_lead_id);
  add_test ("/store/upsert/present-mask", test_upsert_present_mask);
  add_test ("/store/upsert/text-verbatim", test_upsert_text_verbatim);
  add_test ("/store/upsert/custom-patch", test_upsert_custom_patch);
  add_test ("/store/upsert/outcome", test_upsert_outcome);
  add_test ("/store/upsert/invalid-lead-id", test_upsert_invalid_lead_id);
  add_test ("/store/transaction/rollback", test_transaction_rollback);
  add_test ("/store/transaction/nested", test_transaction_nested);
  add_test ("/store/find/lead", test_find_lead);
  add_test ("/store/find/ambiguous", test_find_lead_ambiguous);
  add_test ("/store/list/by-score", test_list_by_score);
  add_test ("/store/attributes/core", test_attributes_core);
  add_test ("/store/attributes/ensure-custom", test_attributes_ensure_custom);
  add_test ("/store/attributes/key-collisions", test_attributes_key_collisions);
  add_test ("/store/attributes/update-kind", test_attributes_update_kind);
  add_test ("/store/meta", test_meta);
  add_test ("/workspace/default-path", test_workspace_default_path);
  add_test ("/workspace/path-for-name", test_workspace_path_for_name);
  add_test ("/workspace/name", test_workspace_name);

  status = g_test_run ();
  g_free (xdg_data_home);
  return test_root_finish (status);
}
