/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A killed import (kill -9) must leave the workspace as it was before the import began. */

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "hotlist.h"
#include "hotlist-test-cli.h"
#include "hotlist-test-dir.h"

#define N_BEFORE 100
#define N_ROWS 60000

static char *
write_csv (const char *name, guint first, guint n, const char *company)
{
  g_autofree char    *path = g_build_filename (test_root, name, NULL);
  g_autoptr (GString) text = g_string_new ("external_id,first_name,last_name,email,company,"
                                           "job_title,company_size,converted\n");

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (text, "L%06u,First%u,Last%u,p%u@example.org,%s %u,Buyer,%u,%s\n", i, i,
                            i, i, company, i, 10 + i % 900, i % 3 == 0 ? "1" : "");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_steal_pointer (&path);
}

/* The workspace holds exactly the N_BEFORE leads of the first import, unchanged. */
static void
assert_workspace_as_before (const char *db)
{
  g_autoptr (GError)       error = NULL;
  g_autoptr (HotlistStore) store = hotlist_store_open (db, &error);
  g_autoptr (GPtrArray)    leads = NULL;

  g_assert_no_error (error);
  hotlist_store_check_integrity (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_count_leads (store, NULL), ==, N_BEFORE);

  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      const HotlistLead *lead = g_ptr_array_index (leads, i);
      g_assert_true (g_str_has_prefix (lead->text[HOTLIST_LEAD_FIELD_COMPANY], "Before "));
    }
}

static GSubprocess *
spawn_import (const char *db, const char *csv, const char *stall_after)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  GSubprocess       *process;

  if (stall_after != NULL)
    g_subprocess_launcher_setenv (launcher, "HOTLIST_TEST_STALL_IMPORT_AFTER", stall_after, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HOTLIST_CLI"), "--db", db,
                                         "import", csv, "--id", "external_id", "--json", NULL);
  g_assert_no_error (error);
  return process;
}

static void
kill_and_wait (GSubprocess *process)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

static void
prepare (const char *db_name, char **db, char **big_csv)
{
  g_autofree char             *before_csv = write_csv ("before.csv", 0, N_BEFORE, "Before");
  g_autoptr (HotlistCliResult) first = NULL;

  *db = g_build_filename (test_root, db_name, NULL);
  first = hotlist_cli_run ("--db", *db, "import", before_csv, "--id", "external_id", NULL);
  g_assert_cmpint (first->status, ==, 0);
  /* The big file updates the first leads and adds many more. */
  *big_csv = write_csv ("big.csv", 0, N_ROWS, "After");
}

static void
finish_import (const char *db, const char *big_csv, gboolean already_done)
{
  g_autoptr (HotlistCliResult) again = NULL;
  g_autoptr (HotlistStore)     store = NULL;
  g_autoptr (HotlistLead)      lead = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char *expected = g_strdup_printf ("{\"read\":%u,\"created\":%u,\"updated\":%u,"
                                               "\"rejected\":0}\n",
                                               N_ROWS, already_done ? 0 : N_ROWS - N_BEFORE,
                                               already_done ? N_ROWS : N_BEFORE);

  /* Running the import again after the crash does the whole job once. */
  again = hotlist_cli_run ("--db", db, "import", big_csv, "--id", "external_id", "--json", NULL);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, expected);

  store = hotlist_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hotlist_store_count_leads (store, NULL), ==, N_ROWS);
  lead = hotlist_store_find_lead (store, "L000042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "After 42");
  g_assert_cmpint (lead->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
}

static void
test_kill_inside_transaction (void)
{
  g_autofree char             *db = NULL;
  g_autofree char             *big_csv = NULL;
  g_autoptr (GSubprocess)      process = NULL;
  g_autoptr (GDataInputStream) err = NULL;
  g_autofree char             *line = NULL;

  prepare ("kill-inside.hotlist", &db, &big_csv);

  /* The importer pauses after 30,000 rows, well inside its transaction, and says so. */
  process = spawn_import (db, big_csv, "30000");
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, NULL);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "paused after 30000 rows"));
  kill_and_wait (process);

  assert_workspace_as_before (db);
  finish_import (db, big_csv, FALSE);
}

static void
test_kill_at_many_points (void)
{
  g_autofree char *db = NULL;
  g_autofree char *big_csv = NULL;
  gboolean         done = FALSE;

  prepare ("kill-anywhere.hotlist", &db, &big_csv);

  /* Kill without warning at several moments: before, during, or while committing. Each
   * time the workspace must be whole: as before, or with the import fully done. */
  for (guint delay_ms = 5; delay_ms <= 405; delay_ms += 50)
    {
      g_autoptr (GSubprocess)  process = spawn_import (db, big_csv, NULL);
      g_autoptr (HotlistStore) store = NULL;
      g_autoptr (GError)       error = NULL;
      gint64                   count;

      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      store = hotlist_store_open (db, &error);
      g_assert_no_error (error);
      hotlist_store_check_integrity (store, &error);
      g_assert_no_error (error);
      count = hotlist_store_count_leads (store, NULL);
      g_test_message ("killed after %u ms: %" G_GINT64_FORMAT " leads", delay_ms, count);
      if (count == N_ROWS)
        {
          done = TRUE;
          break;
        }
      g_assert_cmpint (count, ==, N_BEFORE);
      g_clear_object (&store);
      assert_workspace_as_before (db);
    }
  finish_import (db, big_csv, done);
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  test_root_init ("test-crash");

  g_test_add_func ("/crash/kill-inside-transaction", test_kill_inside_transaction);
  g_test_add_func ("/crash/kill-at-many-points", test_kill_at_many_points);

  result = g_test_run ();
  return test_root_finish (result);
}
