/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of score factors in plain words, and of the store's 👍/👎 feedback on scores. */

#include <sqlite3.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* Describes a factor made of the given parts and compares the sentence. */
static void
check_describe (const char *attribute,
                const char *label,
                const char *value,
                double      contribution,
                double      weight,
                const char *expected)
{
  HotlistFactor    factor = { 0 };
  g_autofree char *text = NULL;

  factor.attribute = (char *)attribute;
  factor.label = (char *)label;
  factor.value = (char *)value;
  factor.contribution = contribution;
  factor.weight = weight;
  text = hotlist_factor_describe (&factor);
  if (g_strcmp0 (text, expected) != 0)
    g_test_fail_printf ("%s = “%s” reads “%s”, expected “%s”", attribute,
                        value != NULL ? value : "(null)", text, expected);
}

static void
test_activity_windows (void)
{
  /* The last 7 days when there were any, else the last 30, else all time. */
  check_describe ("act_pricing_page_view", "Pricing page views",
                  "3 in the last 7 days, 4 in 30 days, 10 in all; last 4 days ago", 1.3, 1,
                  "Viewed the pricing page 3 times in the last 7 days (10 in all)");
  check_describe ("act_pricing_page_view", "Pricing page views",
                  "0 in the last 7 days, 4 in 30 days, 10 in all; last 9 days ago", 1.3, 1,
                  "Viewed the pricing page 4 times in the last 30 days (10 in all)");
  check_describe ("act_content_download", "Content downloads",
                  "0 in the last 7 days, 0 in 30 days, 2 in all; last 34 days ago", 0.02, 1,
                  "Downloaded 2 pieces of content, most recently 34 days ago");
  check_describe ("act_webinar_attended", "Webinars attended",
                  "0 in the last 7 days, 0 in 30 days, 1 in all; last 1 days ago", 0.05, 1,
                  "Attended 1 webinar, most recently yesterday");
  check_describe ("act_email_reply", "Email replies",
                  "0 in the last 7 days, 0 in 30 days, 5 in all; last 0 days ago", 0.05, 1,
                  "Replied to 5 emails, most recently today");
}

static void
test_activity_never (void)
{
  check_describe ("act_call", "Calls", "none", -0.3, 1, "No calls yet");
  check_describe ("act_meeting_booked", "Meetings booked", "none", -0.5, 1,
                  "No meetings booked yet");
  check_describe ("act_pricing_page_view", "Pricing page views", "none", -0.5, 1,
                  "Never viewed the pricing page");
  check_describe ("engagement", "Recent engagement", "none", -0.8, 1, "No activity yet");
}

static void
test_activity_plural (void)
{
  check_describe ("act_page_view", "Page views",
                  "1 in the last 7 days, 1 in 30 days, 1 in all; last 2 days ago", 0.1, 1,
                  "Viewed 1 page in the last 7 days");
  check_describe ("act_page_view", "Page views",
                  "2 in the last 7 days, 4 in 30 days, 12 in all; last 4 days ago", 0.2, 1,
                  "Viewed 2 pages in the last 7 days (12 in all)");
  check_describe ("act_pricing_page_view", "Pricing page views",
                  "1 in the last 7 days, 4 in 30 days, 10 in all; last 4 days ago", 1.3, 1,
                  "Viewed the pricing page 1 time in the last 7 days (10 in all)");
  check_describe ("act_call", "Calls",
                  "0 in the last 7 days, 1 in 30 days, 1 in all; last 23 days ago", 0.05, 1,
                  "Had 1 call in the last 30 days");
  check_describe ("act_call", "Calls",
                  "0 in the last 7 days, 0 in 30 days, 3 in all; last 45 days ago", 0.05, 1,
                  "Had 3 calls, most recently 45 days ago");
  check_describe ("engagement", "Recent engagement",
                  "6 in the last 7 days, 20 in 30 days, 46 in all; last 1 days ago", 0.7, 1,
                  "6 activities in the last 7 days (46 in all)");
  check_describe ("engagement", "Recent engagement",
                  "1 in the last 7 days, 1 in 30 days, 1 in all; last 1 days ago", 0.7, 1,
                  "1 activity in the last 7 days");
}

static void
test_activity_unknown_type (void)
{
  /* An activity type someone made up has its label and a count. */
  check_describe ("act_trial_signup", "Trial signups",
                  "1 in the last 7 days, 1 in 30 days, 1 in all; last 3 days ago", 0.4, 1,
                  "Trial signups: 1 time in the last 7 days");
  check_describe ("act_trial_signup", "Trial signups",
                  "0 in the last 7 days, 2 in 30 days, 2 in all; last 13 days ago", 0.4, 1,
                  "Trial signups: 2 times in the last 30 days");
  check_describe ("act_trial_signup", "Trial signups", "none", -0.1, 1, "Trial signups: never");
  /* Words the scorer never writes are shown as they are. */
  check_describe ("act_page_view", "Page views", "lots", 0.1, 1, "Page views: lots");
  check_describe ("act_page_view", "Page views", NULL, 0.1, 1, "Page views: not given");
}

static void
test_fields_positive_negative (void)
{
  check_describe ("company_size", "Company size", "653", 0.25, 1, "Company size 653 fits");
  check_describe ("company_size", "Company size", "12", -0.4, 1, "Company size 12 counts against");
  /* A weight of 0 leaves the attribute out: it neither fits nor counts against. */
  check_describe ("company_size", "Company size", "12", -0.4, 0, "Company size 12");
  check_describe ("job_title", "Job title", "CMO", 0.29, 1, "Job title CMO");
  check_describe ("job_title", "Job title", "Intern", -0.6, 2, "Job title Intern counts against");
  check_describe ("country", "Country", "Canada", -0.16, 1, "Country Canada counts against");
  check_describe ("industry", "Industry", "Media", 0.03, 1, "Industry Media");
  check_describe ("company_size", "Company size", NULL, -0.1, 1, "Company size not given");
  check_describe ("job_title", "Job title", "", -0.1, 1, "Job title not given");
}

static void
test_email (void)
{
  check_describe ("email", "Email domain", "sanne.lim@marshhollow.example", 0.07, 1,
                  "Work email at marshhollow.example");
  check_describe ("email", "Email domain", "someone@gmail.com", -0.3, 1,
                  "Personal email address (gmail.com) counts against");
  check_describe ("email", "Email domain", "not an address", 0.01, 1,
                  "Email domain not an address");
}

static void
test_custom_fallback (void)
{
  check_describe ("plan", "Plan", "Enterprise", 0.5, 1, "Plan: Enterprise");
  check_describe ("plan", "Plan", "Free", -0.5, 1, "Plan: Free");
  check_describe ("plan", "Plan", NULL, -0.5, 1, "Plan: not given");
  check_describe ("seats", NULL, "40", 0.5, 1, "seats: 40");
}

/* Feedback, in a real workspace. */

typedef struct
{
  guint  emissions;
  gint64 last_lead;
} LeadsChanged;

static void
leads_changed_cb (HotlistStore *store, const gint64 *leads, guint n_leads, LeadsChanged *seen)
{
  seen->emissions++;
  if (n_leads > 0)
    seen->last_lead = leads[n_leads - 1];
}

static gint64
add_lead (HotlistStore *store, const char *external_id)
{
  HotlistLeadInput   input = { 0 };
  g_autoptr (GError) error = NULL;
  gint64             id = 0;

  input.source = "test";
  input.external_id = external_id;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_FIRST_NAME);
  input.text[HOTLIST_LEAD_FIELD_FIRST_NAME] = external_id;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_JOB_TITLE);
  input.text[HOTLIST_LEAD_FIELD_JOB_TITLE] = "VP Marketing";
  g_assert_true (hotlist_store_upsert_lead (store, &input, &id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
count_feedback_rows (const char *path, const char *where)
{
  g_autoptr (sqlite3) db = NULL;
  g_autofree char    *sql = g_strdup_printf ("SELECT count(*) FROM feedback WHERE %s", where);
  sqlite3_stmt       *stmt = NULL;
  gint64              count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
test_feedback_store (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "feedback.hotlist");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (path, &error);
  HotlistStore                *store;
  LeadsChanged                 seen = { 0 };
  gint64                       lead, other;

  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  lead = add_lead (store, "ana");
  other = add_lead (store, "ben");
  g_signal_connect (store, "leads-changed", G_CALLBACK (leads_changed_cb), &seen);

  g_assert_cmpint (hotlist_store_get_feedback (store, lead, &error), ==, 0);
  g_assert_no_error (error);

  /* A verdict is kept, and the lead is rescored with it: the views hear of it. */
  g_assert_true (hotlist_store_add_feedback (store, lead, 1, "Called, very keen", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_get_feedback (store, lead, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (seen.emissions, ==, 1);
  g_assert_cmpint (seen.last_lead, ==, lead);
  g_assert_cmpint (count_feedback_rows (path, "note = 'Called, very keen' AND verdict = 1"), ==, 1);

  /* The latest verdict counts; the earlier one stays as history. */
  g_assert_true (hotlist_store_add_feedback (store, lead, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_get_feedback (store, lead, &error), ==, -1);
  g_assert_cmpint (count_feedback_rows (path, "note IS NULL AND verdict = -1"), ==, 1);
  g_assert_cmpuint (seen.emissions, ==, 2);
  g_assert_cmpint (hotlist_store_get_feedback (store, other, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_feedback_errors (void)
{
  g_autoptr (TestDir)          dir = test_dir_new ();
  g_autofree char             *path = test_dir_file (dir, "feedback.hotlist");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistWorkspace) workspace = hotlist_workspace_open (path, &error);
  HotlistStore                *store;
  LeadsChanged                 seen = { 0 };
  gint64                       lead;

  g_assert_no_error (error);
  store = hotlist_workspace_get_store (workspace);
  lead = add_lead (store, "ana");
  g_signal_connect (store, "leads-changed", G_CALLBACK (leads_changed_cb), &seen);

  g_assert_false (hotlist_store_add_feedback (store, lead, 0, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hotlist_store_add_feedback (store, lead, 2, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (hotlist_store_add_feedback (store, lead + 100, 1, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (hotlist_store_get_feedback (store, lead + 100, &error), ==, 0);
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* In a transaction of the caller's, an unknown lead writes nothing and leaves it open. */
  g_assert_true (hotlist_store_begin (store, &error));
  g_assert_false (hotlist_store_add_feedback (store, lead + 100, -1, NULL, &error));
  g_assert_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (hotlist_store_in_transaction (store));
  g_assert_true (hotlist_store_add_feedback (store, lead, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.emissions, ==, 0);
  g_assert_true (hotlist_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.emissions, ==, 1);

  g_assert_cmpint (hotlist_store_get_feedback (store, lead, &error), ==, -1);
  g_assert_cmpint (count_feedback_rows (path, "1"), ==, 1);
}

int
main (int argc, char **argv)
{
  int result;

  test_root_init ("test-factor-text");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/factor-text/activity/windows", test_activity_windows);
  g_test_add_func ("/factor-text/activity/never", test_activity_never);
  g_test_add_func ("/factor-text/activity/plural", test_activity_plural);
  g_test_add_func ("/factor-text/activity/unknown-type", test_activity_unknown_type);
  g_test_add_func ("/factor-text/field/positive-negative", test_fields_positive_negative);
  g_test_add_func ("/factor-text/field/email", test_email);
  g_test_add_func ("/factor-text/custom/fallback", test_custom_fallback);
  add_test ("/feedback/store", test_feedback_store);
  add_test ("/feedback/errors", test_feedback_errors);

  result = g_test_run ();
  return test_root_finish (result);
}
