/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of lead activities: the store's upserts and dates, and the CSV import of activities. */

#include <sqlite3.h>
#include <string.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"
#include "import/hotlist-activity-import.h"
#include "store/hotlist-activity.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

static HotlistStore *
open_store (TestDir *dir)
{
  g_autofree char   *path = test_dir_file (dir, "activities.hotlist");
  g_autoptr (GError) error = NULL;
  HotlistStore      *store = hotlist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

/* A lead known as @external_id in @source (or by its lead id alone, when NULL). */
static gint64
add_lead (HotlistStore *store, const char *source, const char *external_id)
{
  HotlistLeadInput   input = { 0 };
  g_autoptr (GError) error = NULL;
  gint64             id = 0;

  input.source = source;
  input.external_id = external_id;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_FIRST_NAME);
  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = external_id != NULL ? external_id : "Anonymous";
  g_assert_true (hotlist_store_upsert_lead (store, &input, &id, NULL, &error));
  g_assert_no_error (error);
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
last_activity_date (HotlistStore *store, gint64 lead)
{
  g_autoptr (HotlistLead) read = get_lead (store, lead);

  return read->last_activity_date;
}

static gint64
count_activities (HotlistStore *store)
{
  g_autoptr (GError) error = NULL;
  gint64             count = hotlist_store_count_activities (store, &error);

  g_assert_no_error (error);
  return count;
}

static GPtrArray *
list_activities (HotlistStore *store, gint64 lead)
{
  g_autoptr (GError) error = NULL;
  GPtrArray         *activities = hotlist_store_list_activities (store, lead, &error);

  g_assert_no_error (error);
  g_assert_nonnull (activities);
  return activities;
}

static gint64
add_activity (HotlistStore *store,
              gint64        lead,
              const char   *type,
              gint64        date,
              const char   *source,
              const char   *external_id,
              gboolean      expect_created)
{
  g_autoptr (GError) error = NULL;
  gint64             id = 0;
  gboolean           created = !expect_created;

  g_assert_true (hotlist_store_add_activity (store, lead, type, date, NULL, source, external_id,
                                             &id, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (created, ==, expect_created);
  return id;
}

static HotlistImportReport *
import_activities (HotlistStore *store,
                   const char   *text,
                   const char   *source,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);

  return hotlist_activity_import_run (store, stream, source, cancellable, error);
}

/* Imports activities that must import. */
static HotlistImportReport *
import_ok (HotlistStore *store, const char *text, const char *source)
{
  g_autoptr (GError)   error = NULL;
  HotlistImportReport *report = import_activities (store, text, source, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (hotlist_store_in_transaction (store));
  return report;
}

static void
import_leads (HotlistStore *store, const char *text, const char *source)
{
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (GInputStream)        stream = NULL;
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;

  if (source != NULL)
    hotlist_csv_import_set_source (import, source);
  stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  report = hotlist_csv_import_run (import, store, stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->rejected, ==, 0);
}

static void
assert_report (const HotlistImportReport *report,
               guint64                    read,
               guint64                    created,
               guint64                    updated,
               guint64                    rejected)
{
  g_assert_cmpuint (report->read, ==, read);
  g_assert_cmpuint (report->created, ==, created);
  g_assert_cmpuint (report->updated, ==, updated);
  g_assert_cmpuint (report->rejected, ==, rejected);
  g_assert_cmpuint (report->issues->len, ==, rejected);
}

static void
assert_mentions (const char *text, const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not mention “%s”", text, part);
}

static void
assert_issue (const HotlistImportReport *report, guint index, guint64 line, const char *part)
{
  const HotlistImportIssue *issue;

  g_assert_cmpuint (index, <, report->issues->len);
  issue = report->issues->pdata[index];
  g_assert_cmpuint (issue->line, ==, line);
  g_assert_true (issue->rejected);
  assert_mentions (issue->reason, part);
}

static gint64
lead_by_external_id (HotlistStore *store, const char *external_id)
{
  g_autoptr (GError)      error = NULL;
  g_autoptr (HotlistLead) lead = hotlist_store_find_lead (store, external_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead->id;
}

static const char leads_csv[] = "Lead ID,First Name,Last Name,Email\n"
                                "L1,Ada,Lovelace,ada@example.com\n"
                                "L2,Grace,Hopper,grace@example.com\n"
                                "L3,Alan,Turing,alan@example.com\n";

/* The store */

static void
test_store_last_activity_date (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (GPtrArray)    activities = NULL;
  g_autoptr (HotlistLead)  before = NULL;
  g_autoptr (HotlistLead)  after = NULL;
  gint64                   lead = add_lead (store, "csv", "L1");
  gint64                   other = add_lead (store, "csv", "L2");
  gint64                   may = utc (2024, 5, 1, 9, 30, 0);
  gint64                   april = utc (2024, 4, 2, 12, 0, 0);
  gint64                   june = utc (2024, 6, 15, 8, 0, 0);
  const HotlistActivity   *newest;

  before = get_lead (store, lead);
  g_assert_cmpint (before->last_activity_date, ==, 0);

  add_activity (store, lead, "page_view", may, NULL, NULL, TRUE);
  g_assert_cmpint (last_activity_date (store, lead), ==, may);
  after = get_lead (store, lead);
  g_assert_cmpint (after->updated_at, >=, before->updated_at);

  /* An older activity does not move the date back… */
  add_activity (store, lead, "email_open", april, NULL, NULL, TRUE);
  g_assert_cmpint (last_activity_date (store, lead), ==, may);
  /* …a newer one moves it on, and other leads keep theirs. */
  add_activity (store, lead, " Pricing Page-View ", june, NULL, NULL, TRUE);
  g_assert_cmpint (last_activity_date (store, lead), ==, june);
  g_assert_cmpint (last_activity_date (store, other), ==, 0);
  g_assert_cmpint (count_activities (store), ==, 3);

  /* Newest first, with the type normalised and the source defaulted. */
  activities = list_activities (store, lead);
  g_assert_cmpuint (activities->len, ==, 3);
  newest = activities->pdata[0];
  g_assert_cmpstr (newest->activity_type, ==, "pricing_page_view");
  g_assert_cmpint (newest->activity_date, ==, june);
  g_assert_cmpint (newest->lead, ==, lead);
  g_assert_cmpstr (newest->source, ==, "manual");
  g_assert_null (newest->external_id);
  g_assert_null (newest->details);
  g_assert_true (hotlist_uuid_is_valid (newest->activity_id));
  g_assert_cmpint (((HotlistActivity *)activities->pdata[1])->activity_date, ==, may);
  g_assert_cmpint (((HotlistActivity *)activities->pdata[2])->activity_date, ==, april);
  g_assert_cmpstr (((HotlistActivity *)activities->pdata[2])->activity_type, ==, "email_open");
  g_assert_cmpstr (((HotlistActivity *)activities->pdata[0])->activity_id, !=,
                   ((HotlistActivity *)activities->pdata[1])->activity_id);
  g_clear_pointer (&activities, g_ptr_array_unref);

  /* A lead with no activities has an empty list. */
  activities = list_activities (store, other);
  g_assert_cmpuint (activities->len, ==, 0);
}

static void
test_store_keeps_later_lead_date (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (GError)       error = NULL;
  HotlistLeadInput         input = { 0 };
  gint64                   lead = 0;
  gint64                   imported = utc (2024, 9, 1, 0, 0, 0);

  /* The CRM said the lead was active in September; an activity of May says nothing newer. */
  input.source = "csv";
  input.external_id = "L1";
  input.last_activity_date = imported;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE);
  g_assert_true (hotlist_store_upsert_lead (store, &input, &lead, NULL, &error));
  g_assert_no_error (error);

  add_activity (store, lead, "call", utc (2024, 5, 1, 0, 0, 0), NULL, NULL, TRUE);
  g_assert_cmpint (last_activity_date (store, lead), ==, imported);
  add_activity (store, lead, "call", imported + 60, NULL, NULL, TRUE);
  g_assert_cmpint (last_activity_date (store, lead), ==, imported + 60);
}

static void
test_store_upsert_external_id (void)
{
  g_autoptr (TestDir)         dir = test_dir_new ();
  g_autoptr (HotlistStore)    store = open_store (dir);
  g_autoptr (GPtrArray)       activities = NULL;
  g_autoptr (HotlistActivity) first = NULL;
  g_autoptr (GError)          error = NULL;
  const HotlistActivity      *updated;
  gint64                      lead = add_lead (store, "hubspot", "101");
  gint64                      other = add_lead (store, "hubspot", "102");
  gint64                      id, again, elsewhere;
  gboolean                    created = TRUE;

  id = add_activity (store, lead, "email_open", utc (2024, 3, 1, 10, 0, 0), "hubspot", "E-1", TRUE);
  activities = list_activities (store, lead);
  first = hotlist_activity_copy (activities->pdata[0]);
  g_clear_pointer (&activities, g_ptr_array_unref);
  g_assert_cmpstr (first->source, ==, "hubspot");
  g_assert_cmpstr (first->external_id, ==, "E-1");

  /* The same activity again, as the CRM now describes it, is updated in place. */
  g_assert_true (hotlist_store_add_activity (store, lead, "Email Click", utc (2024, 3, 2, 11, 0, 0),
                                             "{\"url\":\"/pricing\"}", "hubspot", "E-1", &again,
                                             &created, &error));
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (count_activities (store), ==, 1);
  activities = list_activities (store, lead);
  g_assert_cmpuint (activities->len, ==, 1);
  updated = activities->pdata[0];
  g_assert_cmpstr (updated->activity_type, ==, "email_click");
  g_assert_cmpint (updated->activity_date, ==, utc (2024, 3, 2, 11, 0, 0));
  g_assert_cmpstr (updated->details, ==, "{\"url\":\"/pricing\"}");
  g_assert_cmpstr (updated->activity_id, ==, first->activity_id);
  g_assert_cmpint (last_activity_date (store, lead), ==, utc (2024, 3, 2, 11, 0, 0));
  g_clear_pointer (&activities, g_ptr_array_unref);

  /* The same id from another system is another activity. */
  elsewhere =
      add_activity (store, lead, "email_open", utc (2024, 3, 1, 10, 0, 0), "marketo", "E-1", TRUE);
  g_assert_cmpint (elsewhere, !=, id);
  g_assert_cmpint (count_activities (store), ==, 2);

  /* An activity the CRM now files under another lead moves to it. */
  again = add_activity (store, other, "email_click", utc (2024, 3, 3, 0, 0, 0), "hubspot", "E-1",
                        FALSE);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (count_activities (store), ==, 2);
  activities = list_activities (store, other);
  g_assert_cmpuint (activities->len, ==, 1);
  g_assert_cmpint (((HotlistActivity *)activities->pdata[0])->id, ==, id);
  g_clear_pointer (&activities, g_ptr_array_unref);
  activities = list_activities (store, lead);
  g_assert_cmpuint (activities->len, ==, 1);
  g_assert_cmpstr (((HotlistActivity *)activities->pdata[0])->source, ==, "marketo");

  /* Without an external id, nothing is matched: two calls are two activities. */
  add_activity (store, lead, "call", utc (2024, 3, 5, 0, 0, 0), "hubspot", NULL, TRUE);
  add_activity (store, lead, "call", utc (2024, 3, 5, 0, 0, 0), "hubspot", "", TRUE);
  g_assert_cmpint (count_activities (store), ==, 4);
}

static void
test_store_normalize_type (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } good[] = {
    { "page_view", "page_view" },
    { " Page View ", "page_view" },
    { "EMAIL-OPEN", "email_open" },
    { "meeting  -  booked", "meeting_booked" },
    { "form_submission", "form_submission" },
    { "Call", "call" },
    { "Démo", "démo" },
    { "crm.task", "crm.task" },
  };
  static const char *bad[] = { "", "   ", "--", "page view!", "email/open", "a\tb\x01", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char   *type = hotlist_activity_normalize_type (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (type, ==, good[i].out);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char   *type = hotlist_activity_normalize_type (bad[i], &error);

      if (type != NULL)
        g_error ("“%s” was taken as the type “%s”", bad[i], type);
      g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
    }
}

static void
test_store_invalid (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (GError)       error = NULL;
  g_autoptr (GPtrArray)    activities = NULL;
  gint64                   lead = add_lead (store, "csv", "L1");
  gint64                   when = utc (2024, 1, 1, 0, 0, 0);

  /* A malformed type… */
  g_assert_false (
      hotlist_store_add_activity (store, lead, "  ", when, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hotlist_store_add_activity (store, lead, "page view!", when, NULL, NULL, NULL,
                                              NULL, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* …or a lead that does not exist writes nothing. */
  g_assert_false (hotlist_store_add_activity (store, lead + 1000, "call", when, NULL, NULL, NULL,
                                              NULL, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_activities (store), ==, 0);
  g_assert_cmpint (last_activity_date (store, lead), ==, 0);
  g_assert_false (hotlist_store_in_transaction (store));

  activities = hotlist_store_list_activities (store, lead + 1000, &error);
  g_assert_null (activities);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Inside a transaction, such a refusal leaves the transaction to go on. */
  g_assert_true (hotlist_store_begin (store, &error));
  add_activity (store, lead, "call", when, NULL, NULL, TRUE);
  g_assert_false (hotlist_store_add_activity (store, lead + 1000, "call", when, NULL, NULL, NULL,
                                              NULL, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
      hotlist_store_add_activity (store, lead, "", when, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hotlist_store_in_transaction (store));
  add_activity (store, lead, "meeting_booked", when + 1, NULL, NULL, TRUE);
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (hotlist_store_in_transaction (store));
  g_assert_cmpint (count_activities (store), ==, 2);

  /* A transaction rolled back takes its activities and the lead's date with it. */
  g_assert_true (hotlist_store_begin (store, &error));
  add_activity (store, lead, "call", when + 100, NULL, NULL, TRUE);
  hotlist_store_rollback (store);
  g_assert_cmpint (count_activities (store), ==, 2);
  g_assert_cmpint (last_activity_date (store, lead), ==, when + 1);
}

typedef struct
{
  GArray *leads;
  guint   calls;
} RescoreLog;

static gboolean
record_rescore_cb (HotlistStore *store,
                   const gint64 *leads,
                   guint         n_leads,
                   gpointer      user_data,
                   GError      **error)
{
  RescoreLog *log = user_data;

  log->calls++;
  g_array_append_vals (log->leads, leads, n_leads);
  return TRUE;
}

static void
test_store_rescores_lead (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (GArray)       leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError)       error = NULL;
  RescoreLog               log = { leads, 0 };
  gint64                   lead = add_lead (store, "csv", "L1");
  gint64                   other = add_lead (store, "csv", "L2");

  hotlist_store_set_rescore_func (store, record_rescore_cb, &log, NULL);
  add_activity (store, lead, "page_view", utc (2024, 2, 1, 0, 0, 0), "web", "v1", TRUE);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpint (g_array_index (leads, gint64, 0), ==, lead);

  /* Moving an activity rescores both leads. */
  g_array_set_size (leads, 0);
  add_activity (store, other, "page_view", utc (2024, 2, 1, 0, 0, 0), "web", "v1", FALSE);
  g_assert_cmpuint (log.calls, ==, 2);
  g_assert_cmpuint (leads->len, ==, 2);
  g_assert_cmpint (g_array_index (leads, gint64, 0), ==, MIN (lead, other));
  g_assert_cmpint (g_array_index (leads, gint64, 1), ==, MAX (lead, other));

  /* A refused activity rescores nothing. */
  g_assert_false (hotlist_store_add_activity (store, other + 1000, "call", 1, NULL, NULL, NULL,
                                              NULL, NULL, &error));
  g_assert_cmpuint (log.calls, ==, 2);
  hotlist_store_set_rescore_func (store, NULL, NULL, NULL);
}

static void
test_store_shift_dates (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (GArray)       leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError)       error = NULL;
  g_autoptr (HotlistLead)  before = NULL;
  g_autoptr (HotlistLead)  after = NULL;
  g_autoptr (GPtrArray)    activities = NULL;
  RescoreLog               log = { leads, 0 };
  gint64                   lead = add_lead (store, "csv", "L1");
  gint64                   other = add_lead (store, "csv", "L2");
  gint64                   day = utc (2024, 2, 1, 0, 0, 0), week = 7 * 86400;

  add_activity (store, lead, "page_view", day, "web", "v1", TRUE);
  before = hotlist_store_get_lead (store, lead, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->last_activity_date, ==, day);

  hotlist_store_set_rescore_func (store, record_rescore_cb, &log, NULL);
  g_assert_true (hotlist_store_shift_dates (store, week, &error));
  g_assert_no_error (error);
  /* Every lead moved and was rescored, in one transaction. */
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (leads->len, ==, 2);
  g_assert_cmpint (g_array_index (leads, gint64, 0), ==, MIN (lead, other));
  g_assert_cmpint (g_array_index (leads, gint64, 1), ==, MAX (lead, other));
  after = hotlist_store_get_lead (store, lead, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->created_at, ==, before->created_at + week);
  g_assert_cmpint (after->last_activity_date, ==, day + week);
  activities = list_activities (store, lead);
  g_assert_cmpuint (activities->len, ==, 1);
  g_assert_cmpint (((HotlistActivity *)activities->pdata[0])->activity_date, ==, day + week);
  /* Nothing to move, nothing written. */
  g_assert_true (hotlist_store_shift_dates (store, 0, &error));
  g_assert_cmpuint (log.calls, ==, 1);
  hotlist_store_set_rescore_func (store, NULL, NULL, NULL);
}

static void
test_store_cascade (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_store (dir);
  g_autoptr (sqlite3)      db = NULL;
  g_autoptr (GPtrArray)    kept = NULL;
  g_autofree char         *sql = NULL;
  gint64                   lead = add_lead (store, "csv", "L1");
  gint64                   other = add_lead (store, "csv", "L2");
  char                    *message = NULL;

  add_activity (store, lead, "page_view", 100000000, NULL, NULL, TRUE);
  add_activity (store, lead, "email_open", 100000001, "hubspot", "x", TRUE);
  add_activity (store, other, "call", 100000002, NULL, NULL, TRUE);
  g_assert_cmpint (count_activities (store), ==, 3);

  /* There is no API to delete a lead yet: as another program would, with foreign keys on. */
  g_assert_cmpint (sqlite3_open (hotlist_store_get_path (store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sql = g_strdup_printf ("PRAGMA foreign_keys = ON; DELETE FROM leads WHERE id = %" G_GINT64_FORMAT,
                         lead);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("could not delete the lead: %s", message);

  g_assert_cmpint (count_activities (store), ==, 1);
  kept = list_activities (store, other);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpstr (((HotlistActivity *)kept->pdata[0])->activity_type, ==, "call");
  g_assert_true (hotlist_store_check_integrity (store, NULL));
}

/* The import */

static void
test_import_rejects_rows (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GPtrArray)           activities = NULL;
  const HotlistActivity          *activity;
  gint64                          l1, l2, l3;

  import_leads (store, leads_csv, NULL);
  l1 = lead_by_external_id (store, "L1");
  l2 = lead_by_external_id (store, "L2");
  l3 = lead_by_external_id (store, "L3");

  report = import_ok (store,
                      "Activity ID,Lead ID,Activity Type,Occurred At,Description\n" /* 1 */
                      "a1,L1,Page View,2024-05-01T10:00:00Z,/pricing\n"             /* 2 */
                      "a2,L9,email_open,2024-05-02,\n"                              /* 3 */
                      "a3,L2,email_open,yesterday,\n"                               /* 4 */
                      "a4,L2,call,2024-05-03 14:30:00,\"Discovery call:\n"          /* 5 */
                      "budget confirmed\"\n"                                        /* 6 */
                      "a5,L1,,2024-05-04,\n"                                        /* 7 */
                      "a6,L1,page view!,2024-05-04,\n"                              /* 8 */
                      "a7,,call,2024-05-04,\n"                                      /* 9 */
                      "a8,L2,call,2024-05-04\n"                                     /* 10 */
                      "a9,L1,email-click,1714903200,\n"                             /* 11 */
                      "a10,L2,meeting_booked,,\n",                                  /* 12 */
                      NULL);

  assert_report (report, 10, 3, 0, 7);
  assert_issue (report, 0, 3, "L9");
  assert_issue (report, 1, 4, "yesterday");
  assert_issue (report, 1, 4, "Occurred At");
  assert_issue (report, 2, 7, "Activity Type");
  assert_issue (report, 3, 8, "page view!");
  assert_issue (report, 4, 9, "Lead ID");
  assert_issue (report, 5, 10, "expected 5 fields");
  assert_issue (report, 6, 12, "no date");

  /* The good rows are in, with their details, and have moved their leads' dates on. */
  g_assert_cmpint (count_activities (store), ==, 3);
  activities = list_activities (store, l1);
  g_assert_cmpuint (activities->len, ==, 2);
  activity = activities->pdata[0];
  g_assert_cmpstr (activity->activity_type, ==, "email_click");
  g_assert_cmpint (activity->activity_date, ==, 1714903200);
  g_assert_cmpstr (activity->source, ==, "csv");
  g_assert_cmpstr (activity->external_id, ==, "a9");
  activity = activities->pdata[1];
  g_assert_cmpstr (activity->activity_type, ==, "page_view");
  g_assert_cmpstr (activity->details, ==, "/pricing");
  g_assert_cmpint (last_activity_date (store, l1), ==, 1714903200);
  g_clear_pointer (&activities, g_ptr_array_unref);

  activities = list_activities (store, l2);
  g_assert_cmpuint (activities->len, ==, 1);
  activity = activities->pdata[0];
  g_assert_cmpstr (activity->details, ==, "Discovery call:\nbudget confirmed");
  g_assert_cmpint (activity->activity_date, ==, utc (2024, 5, 3, 14, 30, 0));
  g_assert_cmpint (last_activity_date (store, l2), ==, utc (2024, 5, 3, 14, 30, 0));
  g_assert_cmpint (last_activity_date (store, l3), ==, 0);
}

static void
test_import_reimport (void)
{
  static const char               with_ids[] = "id;lead;type;date;details\n"
                                               "a1;L1;page_view;2024-05-01;\n"
                                               "a2;L1;page_view;2024-05-01;\n"
                                               "a3;L2;email_open;2024-05-02;hello\n";
  static const char               edited[] = "id;lead;type;date;details\n"
                                             "a3;L2;email_reply;2024-05-03;re: hello\n"
                                             "a4;L3;call;2024-05-04;\n";
  static const char               without_ids[] = "Lead,Event Type,Timestamp,Subject\n"
                                                  "L1,page_view,2024-06-01T10:00:00Z,\n"
                                                  "L1,page_view,2024-06-01T10:00:00Z,\n"
                                                  "L2,content_download,2024-06-02,Whitepaper\n"
                                                  "L2,content_download,2024-06-02,Case study\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistImportReport) third = NULL;
  g_autoptr (HotlistImportReport) fourth = NULL;
  g_autoptr (HotlistImportReport) fifth = NULL;
  g_autoptr (GPtrArray)           activities = NULL;
  const HotlistActivity          *activity;

  import_leads (store, leads_csv, NULL);

  /* Semicolons are sniffed; activities with ids are upserted by them. */
  first = import_ok (store, with_ids, NULL);
  assert_report (first, 3, 3, 0, 0);
  second = import_ok (store, with_ids, NULL);
  assert_report (second, 3, 0, 3, 0);
  g_assert_cmpint (count_activities (store), ==, 3);

  third = import_ok (store, edited, NULL);
  assert_report (third, 2, 1, 1, 0);
  g_assert_cmpint (count_activities (store), ==, 4);
  activities = list_activities (store, lead_by_external_id (store, "L2"));
  g_assert_cmpuint (activities->len, ==, 1);
  activity = activities->pdata[0];
  g_assert_cmpstr (activity->activity_type, ==, "email_reply");
  g_assert_cmpstr (activity->details, ==, "re: hello");
  g_assert_cmpstr (activity->external_id, ==, "a3");

  /* Without ids, the same file twice adds nothing the second time, and two identical rows of
   * one file are two activities. */
  fourth = import_ok (store, without_ids, NULL);
  assert_report (fourth, 4, 4, 0, 0);
  g_assert_cmpint (count_activities (store), ==, 8);
  fifth = import_ok (store, without_ids, NULL);
  assert_report (fifth, 4, 0, 4, 0);
  g_assert_cmpint (count_activities (store), ==, 8);
}

static void
test_import_lead_id (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistLead)         manual = NULL;
  g_autoptr (GPtrArray)           activities = NULL;
  g_autofree char                *upper = NULL;
  g_autofree char                *csv = NULL;
  gint64                          lead = add_lead (store, "manual", NULL);

  manual = get_lead (store, lead);
  g_assert_nonnull (manual->lead_id);
  upper = g_ascii_strup (manual->lead_id, -1);
  csv = g_strdup_printf ("Hotlist Lead ID,Type,Date\n"
                         "%s,meeting_booked,2024-07-01\n"
                         "%s,call,2024-07-02\n"
                         "00000000-0000-7000-8000-000000000000,call,2024-07-03\n",
                         manual->lead_id, upper);

  report = import_ok (store, csv, NULL);
  assert_report (report, 3, 2, 0, 1);
  assert_issue (report, 0, 4, "00000000-0000-7000-8000-000000000000");
  activities = list_activities (store, lead);
  g_assert_cmpuint (activities->len, ==, 2);
  g_assert_cmpstr (((HotlistActivity *)activities->pdata[0])->activity_type, ==, "call");
  g_assert_cmpint (last_activity_date (store, lead), ==, utc (2024, 7, 2, 0, 0, 0));
}

static void
test_import_source (void)
{
  static const char               activities_csv[] = "Contact ID,Type,Date\n"
                                                     "L1,email_open,2024-08-01\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) wrong = NULL;
  g_autoptr (HotlistImportReport) right = NULL;

  import_leads (store, leads_csv, "hubspot");

  /* The leads are HubSpot's: the same ids in "csv" name no lead. */
  wrong = import_ok (store, activities_csv, NULL);
  assert_report (wrong, 1, 0, 0, 1);
  assert_issue (wrong, 0, 2, "“csv”");
  right = import_ok (store, activities_csv, "hubspot");
  assert_report (right, 1, 1, 0, 0);
  g_assert_cmpint (last_activity_date (store, lead_by_external_id (store, "L1")), ==,
                   utc (2024, 8, 1, 0, 0, 0));
}

static void
test_import_missing_column (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;

  import_leads (store, leads_csv, NULL);

  report = import_activities (store, "Lead ID,Activity Type,When\nL1,call,2024-01-01\n", NULL, NULL,
                              &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER);
  assert_mentions (error->message, "no date column");
  assert_mentions (error->message, "Lead ID, Activity Type, When");
  g_clear_error (&error);

  report = import_activities (store, "Name,Kind\nL1,call\n", NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_HEADER);
  assert_mentions (error->message, "no lead column");
  assert_mentions (error->message, "no activity type column");
  assert_mentions (error->message, "no date column");
  g_clear_error (&error);

  report = import_activities (store, "", NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_EMPTY);
  g_assert_cmpint (count_activities (store), ==, 0);
  g_assert_false (hotlist_store_in_transaction (store));
}

static char *
make_activities_csv (guint n_rows, guint n_leads)
{
  GString *csv = g_string_new ("activity_id,lead_id,activity_type,activity_date,details\n");
  static const char *types[] = {
    "page_view",       "pricing_page_view", "email_open", "email_click",   "email_reply",
    "form_submission", "content_download",  "call",       "meeting_booked"
  };

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "act-%u,L%u,%s,%" G_GINT64_FORMAT ",row %u\n", i, i % n_leads,
                            types[i % G_N_ELEMENTS (types)], (gint64)1700000000 + i, i);
  return g_string_free (csv, FALSE);
}

static char *
make_leads_csv (guint n_leads)
{
  GString *csv = g_string_new ("Lead ID,First Name\n");

  for (guint i = 0; i < n_leads; i++)
    g_string_append_printf (csv, "L%u,Lead %u\n", i, i);
  return g_string_free (csv, FALSE);
}

/* A stream that cancels the import reading it once it has handed out @cancel_at bytes. */
typedef struct
{
  GInputStream  parent_instance;
  const char   *data;
  gsize         length;
  gsize         offset;
  gsize         cancel_at;
  GCancellable *cancellable;
} CancellingStream;

typedef GInputStreamClass CancellingStreamClass;

GType cancelling_stream_get_type (void);
G_DEFINE_TYPE (CancellingStream, cancelling_stream, G_TYPE_INPUT_STREAM)

static gssize
cancelling_stream_read (GInputStream *stream,
                        void         *buffer,
                        gsize         count,
                        GCancellable *cancellable,
                        GError      **error)
{
  CancellingStream *self = (CancellingStream *)stream;
  gsize             n = MIN (MIN (count, 4096), self->length - self->offset);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  memcpy (buffer, self->data + self->offset, n);
  self->offset += n;
  if (self->offset >= self->cancel_at)
    g_cancellable_cancel (self->cancellable);
  return (gssize)n;
}

static void
cancelling_stream_class_init (CancellingStreamClass *klass)
{
  klass->read_fn = cancelling_stream_read;
}

static void
cancelling_stream_init (CancellingStream *self)
{
}

static void
test_import_cancel (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (GCancellable)        cancellable = g_cancellable_new ();
  g_autoptr (GCancellable)        cancelled = g_cancellable_new ();
  g_autoptr (GInputStream)        stream = NULL;
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistImportReport) after = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *leads = make_leads_csv (50);
  g_autofree char                *big = make_activities_csv (60000, 50);
  CancellingStream               *cancelling;

  import_leads (store, leads, NULL);
  g_assert_cmpuint (strlen (big), >, 2 << 20);

  /* Cancelled part way through a large file, after the first rows were written… */
  stream = g_object_new (cancelling_stream_get_type (), NULL);
  cancelling = (CancellingStream *)stream;
  cancelling->data = big;
  cancelling->length = strlen (big);
  cancelling->cancel_at = 1 << 20;
  cancelling->cancellable = cancellable;
  report = hotlist_activity_import_run (store, stream, NULL, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (cancelling->offset, <, cancelling->length);
  g_clear_error (&error);

  /* …or before a file too short to reach a check: nothing is written either way. */
  g_cancellable_cancel (cancelled);
  report =
      import_activities (store, "lead,type,date\nL1,call,2024-01-01\n", NULL, cancelled, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpint (count_activities (store), ==, 0);
  g_assert_cmpint (last_activity_date (store, lead_by_external_id (store, "L1")), ==, 0);
  g_assert_false (hotlist_store_in_transaction (store));

  /* The workspace is ready for the next import. */
  after = import_ok (store, big, NULL);
  assert_report (after, 60000, 60000, 0, 0);
  g_assert_cmpint (count_activities (store), ==, 60000);
}

static void
test_import_large (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir);
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistImportReport) again = NULL;
  g_autoptr (GTimer)              timer = NULL;
  guint                           n_rows = 100000;
  g_autofree char                *leads = make_leads_csv (5000);
  g_autofree char                *activities = make_activities_csv (n_rows, 5000);
  double                          seconds;

  import_leads (store, leads, NULL);
  timer = g_timer_new ();
  report = import_ok (store, activities, NULL);
  seconds = g_timer_elapsed (timer, NULL);
  g_test_minimized_result (seconds, "imported %u activities in %.2f s", n_rows, seconds);
  assert_report (report, n_rows, n_rows, 0, 0);
  g_assert_cmpint (count_activities (store), ==, n_rows);
  /* A couple of seconds on a laptop; the bound leaves room for a loaded test machine. */
  g_assert_cmpfloat (seconds, <, 20.0);

  again = import_ok (store, activities, NULL);
  assert_report (again, n_rows, 0, n_rows, 0);
  g_assert_cmpint (count_activities (store), ==, n_rows);
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("test-activities");

  g_test_init (&argc, &argv, NULL);
  /* A failed child is reported as a failed case, not the end of the run. */
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  add_test ("/activities/store/last-activity-date", test_store_last_activity_date);
  add_test ("/activities/store/keeps-later-lead-date", test_store_keeps_later_lead_date);
  add_test ("/activities/store/upsert-external-id", test_store_upsert_external_id);
  add_test ("/activities/store/normalize-type", test_store_normalize_type);
  add_test ("/activities/store/invalid", test_store_invalid);
  add_test ("/activities/store/rescores-lead", test_store_rescores_lead);
  add_test ("/activities/store/cascade", test_store_cascade);
  add_test ("/activities/store/shift-dates", test_store_shift_dates);
  add_test ("/activities/import/rejects-rows", test_import_rejects_rows);
  add_test ("/activities/import/reimport", test_import_reimport);
  add_test ("/activities/import/lead-id", test_import_lead_id);
  add_test ("/activities/import/source", test_import_source);
  add_test ("/activities/import/missing-column", test_import_missing_column);
  add_test ("/activities/import/cancel", test_import_cancel);
  /* `-m perf` times an import of 100,000 activities; the case's child process learns of the
   * mode through the environment. */
  if (g_test_perf ())
    g_setenv ("HOTLIST_TEST_PERF", "1", TRUE);
  if (g_getenv ("HOTLIST_TEST_PERF") != NULL)
    add_test ("/activities/import/large", test_import_large);

  status = g_test_run ();
  return test_root_finish (status);
}
