/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the PDF report: its pages, their titles and figures (read back with poppler's tools),
 * the charts drawn on them, and what happens when the file cannot be written. */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"
#include "hotlist-test-reports.h"
#include "store/hotlist-store-private.h"

/*
 * The workspace of test-reports.c, T0 = 1,700,000,000 (2023-11-14 22:13:20 UTC) and D = one
 * day; the reports cover [T0, T0 + 100 D). Model 1 ("Spring") is active, trained at T0 + 10 D.
 *
 *  lead owner  source  campaign created outcome   at     score  p     model  deal_value
 *  L1   alice  web     spring   1 D     converted 20 D   100    0.95  1      "1,000"
 *  L2   alice  web     spring   1 D     lost      21 D    85    0.85  1
 *  L3   alice  ads     spring   2 D     converted 22 D    72    0.72  1      "500"
 *  L4   alice  ads     -        2 D     lost      23 D    55    0.55  1
 *  L5   alice  web     summer   3 D     open      -       40    0.40  1
 *  L6   bob    web     summer   3 D     converted  5 D    65    0.65  1      "2000"
 *  L7   bob    ads     summer   4 D     lost      24 D    35    0.32  1
 *  L8   bob    ads     spring   4 D     converted 25 D    30    0.32  1
 *  L9   bob    event   -        5 D     lost      26 D    15    0.15  1
 *  L10  bob    event   -        5 D     lost      27 D     5    0.05  2
 *  L11  -      web     -        6 D     open      -        -    -     -
 *  L12  alice  web     spring  -5 D     converted 120 D   90    0.90  1      "9999"  (out of range)
 *  L13  bob    web     -        6 D     converted 150 D   80    0.80  1      "300"
 *
 * with the activities and costs of test-reports.c, and experiment 1 (Spring against Winter,
 * running since T0 + 10 D; arm A L1–L6 and L12, arm B L7–L11 and L13).
 *
 * The figures the pages must show, worked out by hand (see test-reports.c for the details):
 *  - score distribution: 11 scored, 1 not; band 30–39 holds 2 of the 12 leads, 16.7 %;
 *  - conversion: 9 closed, 4 converted, base rate 4/9 = 44.4 %; band 60–69 converts 1 of 1,
 *    100.0 %, lift 9/4 = 2.25;
 *  - model accuracy: Spring, trained 2023-11-24, 7 leads, 3 converted, AUC 8.5/12 = 0.708,
 *    Brier 1.6932/7 = 0.242, ECE 2.24/7 = 0.320;
 *  - SDR: alice 1.75 touches a lead, first touch after 5400 s = 1.5 h, 50.0 % converted; bob
 *    1.60 touches, first after 3600 s = 1.0 h, 3 of 5 worked converted, 60.0 %;
 *  - ROI: web revenue 3300, ROI 2.3 = 230.0 %; ads ROI −1/6 = −16.7 %; campaign summer ROI 3 =
 *    300.0 %;
 *  - A/B: A converts 2 of 4, 50.0 % (Wilson 15.0 % to 85.0 %), B 1 of 4, 25.0 %; B − A is
 *    −25.0 points, p = 0.465;
 *  - drift: four months from 2023-11; November's 11 scored leads average 582/11 = 52.9;
 *    December's closed leads have an AUC of 11.5/15 = 0.767.
 */

static HotlistStore *
open_empty_workspace (TestDir *dir, const char *name)
{
  g_autofree char   *path = test_dir_file (dir, "reports.hotlist");
  g_autoptr (GError) error = NULL;
  HotlistStore      *store = hotlist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (hotlist_store_set_meta (store, "name", name, &error));
  g_assert_no_error (error);
  return store;
}

static HotlistStore *
open_workspace (TestDir *dir)
{
  HotlistStore *store = open_empty_workspace (dir, "Acme Outbound");

  add_reports_world (store);

  for (int id = 1; id <= 13; id++)
    place_in_arm (store, id, !(id <= 6 || id == 12));
  exec (store, sqlite3_mprintf ("INSERT INTO experiments (experiment_id, model_a, model_b, split,"
                                " started_at, ended_at, winner) VALUES"
                                " (1, 1, 2, 0.5, %lld, NULL, NULL)",
                                (long long)(T0 + 10 * D)));
  return store;
}

/* Poppler's tools. */

static gboolean
have_poppler (void)
{
  static const char *const tools[] = { "pdfinfo", "pdftotext", "pdftoppm" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_test_skip ("poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed; "
                       "build-aux/install-deps.sh installs it");
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs @argv and returns what it printed; the test fails if it does not exit with 0. */
static char *
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *err = NULL;
  char              *out = NULL;
  int                status = -1;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

static guint
pdf_page_count (const char *pdf)
{
  g_autofree char *info = run ((const char *const[]){ "pdfinfo", pdf, NULL });
  const char      *pages = strstr (info, "\nPages:");
  guint            n = 0;

  g_assert_nonnull (pages);
  g_assert_cmpint (sscanf (pages, "\nPages: %u", &n), ==, 1);
  return n;
}

/* The text of page @page, laid out as on the page, every run of white space made one space so
 * that a sentence wrapped across lines still reads whole. */
static char *
pdf_page_text (const char *pdf, guint page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *text = run (
      (const char *const[]){ "pdftotext", "-layout", "-f", number, "-l", number, pdf, "-", NULL });
  g_auto (GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  GString       *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (out, FALSE);
}

static void
check_page_has (const char *text, guint page, const char *const *expected)
{
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (text, expected[i]) == NULL)
      {
        g_printerr ("page %u lacks “%s”; its text:\n%s\n", page, expected[i], text);
        g_test_fail_printf ("page %u lacks “%s”", page, expected[i]);
      }
}

typedef struct
{
  guint  coloured;
  double top; /* the highest coloured pixel, as a fraction of the page's height */
} PageColours;

/* Renders page @page at 50 dpi and counts its coloured pixels: chart colours, not the grey of
 * text, rules and white paper. */
static PageColours
pdf_page_colours (const char *pdf, guint page, const char *dir)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *prefix = g_strdup_printf ("%s/page-%u", dir, page);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  g_autofree char *out =
      run ((const char *const[]){ "pdftoppm", "-png", "-r", "50", "-f", number, "-l", number,
                                  "-singlefile", pdf, prefix, NULL });
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  PageColours      colours = { 0, 1.0 };
  int              width, height, stride;
  const guchar    *data;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  /* A4 landscape at 50 dpi. */
  g_assert_cmpint (width, >, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 argb;
        int     r, g, b;

        memcpy (&argb, data + y * stride + x * 4, 4);
        r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
        if (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) >= 60)
          {
            colours.coloured++;
            colours.top = MIN (colours.top, (double)y / height);
          }
      }
  cairo_surface_destroy (surface);
  return colours;
}

static void
write_reports (HotlistStore *store, const HotlistReportQuery *query, const char *pdf)
{
  g_autoptr (HotlistReports) reports = NULL;
  g_autoptr (GError)         error = NULL;

  reports = hotlist_reports_compute (store, query, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_reports_write_pdf (reports, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* To look at the pages: HOTLIST_TEST_PDF_COPY=/some/folder meson test … */
  if (g_getenv ("HOTLIST_TEST_PDF_COPY") != NULL)
    {
      g_autofree char *contents = NULL;
      g_autofree char *base = g_path_get_basename (pdf);
      g_autofree char *copy = g_build_filename (g_getenv ("HOTLIST_TEST_PDF_COPY"), base, NULL);
      gsize            length;

      g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (copy, contents, length, NULL));
      g_test_message ("copied to %s", copy);
    }
}

/* The first page is the title page; report k is on page k + 2. */
static void
test_pages (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_workspace (dir);
  g_autofree char         *pdf = test_dir_file (dir, "dashboard.pdf");
  HotlistReportQuery       query;
  /* The figures of each report's page, by hand (above). */
  const char *const *const figures[HOTLIST_REPORT_N_KINDS] = {
    (const char *const[]){ "11 have a score", "30–39 2 16.7 %", "Not scored 1 8.3 %", NULL },
    (const char *const[]){ "44.4 %", "60–69 1 1 100.0 % 2.25", NULL },
    (const char *const[]){ "Spring", "2023-11-24", "0.708", "0.242", "0.320", NULL },
    (const char *const[]){ "alice 5 4 1.75 1.5 h 2 2 50.0 %", "bob 6 5 1.60 1.0 h 3 3 60.0 %",
                           NULL },
    (const char *const[]){ "web 6 4 3 1000.00", "3300.00 230.0 %", "-16.7 %", "summer", "300.0 %",
                           NULL },
    (const char *const[]){ "Experiment 1", "50.0 %", "25.0 %", "-25.0 pts", "0.465",
                           "15.0 % to 85.0 %", NULL },
    (const char *const[]){ "2023-11", "52.9", "0.767", NULL },
  };

  if (!have_poppler ())
    return;
  hotlist_report_query_init (&query);
  query.from = T0;
  query.to = T0 + 100 * D;
  write_reports (store, &query, pdf);

  g_assert_cmpuint (pdf_page_count (pdf), ==, 1 + HOTLIST_REPORT_N_KINDS);

  {
    g_autofree char  *text = pdf_page_text (pdf, 1);
    PageColours       colours = pdf_page_colours (pdf, 1, dir->path);
    const char *const title[] = { "Acme Outbound",
                                  "2023-11-14 to 2024-02-22",
                                  "All owners, sources and campaigns",
                                  "Generated on",
                                  "Contents",
                                  NULL };

    check_page_has (text, 1, title);
    for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
      check_page_has (text, 1, (const char *const[]){ hotlist_report_kind_to_title (k), NULL });
    /* No chart on the title page. */
    g_assert_cmpuint (colours.coloured, ==, 0);
  }

  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    {
      guint            page = k + 2;
      g_autofree char *text = pdf_page_text (pdf, page);
      PageColours      colours = pdf_page_colours (pdf, page, dir->path);

      g_test_message ("page %u (%s): %u coloured pixels from %.0f %% down", page,
                      hotlist_report_kind_to_title (k), colours.coloured, colours.top * 100);
      check_page_has (text, page, (const char *const[]){ hotlist_report_kind_to_title (k), NULL });
      check_page_has (text, page, figures[k]);
      /* A chart was drawn, in the body of the page below its title. */
      g_assert_cmpuint (colours.coloured, >=, 20);
      g_assert_cmpfloat (colours.top, >, 0.12);
    }
}

/* With no leads, no model and no experiment, every report still has its page, saying why it is
 * empty instead of showing an empty chart. */
static void
test_empty (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_empty_workspace (dir, "Empty Co");
  g_autofree char         *pdf = test_dir_file (dir, "empty.pdf");
  HotlistReportQuery       query;
  const char *const        why[HOTLIST_REPORT_N_KINDS] = {
           "No lead was created in this period",
           "No scored lead was closed in this period",
           "No model is active",
           "has an owner",
           "has a source or a campaign",
           "No A/B experiment ran in this period",
           "No lead was created or closed in this period",
  };

  if (!have_poppler ())
    return;
  /* Whatever the new workspace starts with, no model is active here. */
  exec (store, sqlite3_mprintf ("UPDATE scoring_models SET status = 'retired'"));
  hotlist_report_query_init (&query);
  query.owner = "nobody";
  write_reports (store, &query, pdf);

  g_assert_cmpuint (pdf_page_count (pdf), ==, 1 + HOTLIST_REPORT_N_KINDS);
  {
    g_autofree char *text = pdf_page_text (pdf, 1);

    check_page_has (text, 1,
                    (const char *const[]){ "Empty Co", "All time", "Owner: nobody", NULL });
  }
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    {
      guint            page = k + 2;
      g_autofree char *text = pdf_page_text (pdf, page);
      PageColours      colours = pdf_page_colours (pdf, page, dir->path);

      check_page_has (text, page,
                      (const char *const[]){ hotlist_report_kind_to_title (k), why[k], NULL });
      g_assert_cmpuint (colours.coloured, ==, 0);
    }
}

/*
 * A big workspace: 40 owners, 30 sources, 25 campaigns, leads over 32 months and ten
 * experiments. Tables that do not fit shrink, split into blocks or say how many rows they
 * leave out, and every report still takes one page.
 */
static void
test_long (void)
{
  g_autoptr (TestDir)      dir = test_dir_new ();
  g_autoptr (HotlistStore) store = open_empty_workspace (dir, "Big Co");
  g_autofree char         *pdf = test_dir_file (dir, "long.pdf");
  HotlistReportQuery       query;

  if (!have_poppler ())
    return;
  exec (store, sqlite3_mprintf ("UPDATE scoring_models SET status = 'retired'"));
  exec (store, sqlite3_mprintf ("INSERT INTO scoring_models (model_id, model_name, trained_at,"
                                " status) VALUES (101, 'Big', %lld, 'active'),"
                                " (102, 'Bigger', %lld, 'retired')",
                                (long long)(T0 - 2000 * D), (long long)(T0 - 2000 * D)));
  exec (store, sqlite3_mprintf ("INSERT INTO attributes (key, label, kind, attr_group) VALUES"
                                " ('campaign', 'Campaign', 'category', 'engagement'),"
                                " ('deal_value', 'Deal value', 'number', 'crm')"));
  for (int i = 1; i <= 240; i++)
    {
      g_autofree char *owner = g_strdup_printf ("owner-%02d", i % 40 + 1);
      g_autofree char *source = g_strdup_printf ("source with a rather long name %02d", i % 30 + 1);
      g_autofree char *custom =
          g_strdup_printf ("{\"campaign\":\"campaign-%02d\",\"deal_value\":\"%d\"}", i % 25 + 1,
                           100 * (i % 7));
      int score = (i * 37) % 101;

      add_lead (store, i, owner, source, custom, i * 4, i % 3 == 0 ? "converted" : "lost",
                i * 4 + 10, score, score / 100.0, 101);
      add_activity (store, i, "call", 3600 * (i % 5));
    }
  for (int i = 0; i < 30; i++)
    {
      g_autofree char *source = g_strdup_printf ("source with a rather long name %02d", i + 1);

      add_cost (store, "source", source, 100 + 10 * i, NONE, NONE);
    }
  for (int e = 1; e <= 10; e++)
    exec (store,
          sqlite3_mprintf ("INSERT INTO experiments (experiment_id, model_a, model_b, split,"
                           " started_at, ended_at, winner) VALUES"
                           " (%d, 101, 102, 0.5, %lld, %lld, 101)",
                           e, (long long)(T0 + e * 60 * D), (long long)(T0 + e * 60 * D + 50 * D)));
  hotlist_report_query_init (&query);
  write_reports (store, &query, pdf);

  g_assert_cmpuint (pdf_page_count (pdf), ==, 1 + HOTLIST_REPORT_N_KINDS);
  for (guint k = 0; k < HOTLIST_REPORT_N_KINDS; k++)
    {
      g_autofree char *text = pdf_page_text (pdf, k + 2);

      check_page_has (text, k + 2, (const char *const[]){ hotlist_report_kind_to_title (k), NULL });
    }
  {
    g_autofree char *sdr = pdf_page_text (pdf, 2 + HOTLIST_REPORT_SDR_EFFICIENCY);

    /* The first owner is there, and the last one or the count of those left out. */
    check_page_has (sdr, 5, (const char *const[]){ "owner-01", NULL });
    g_assert_true (strstr (sdr, "owner-40") != NULL || strstr (sdr, "more rows") != NULL);
  }
}

static guint
count_entries (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint            n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A file that cannot be written is an error naming it, and leaves nothing behind. */
static void
test_unwritable (void)
{
  g_autoptr (TestDir)        dir = test_dir_new ();
  g_autoptr (HotlistStore)   store = open_workspace (dir);
  g_autoptr (HotlistReports) reports = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *missing = test_dir_file (dir, "no-such-folder/dashboard.pdf");
  g_autofree char           *folder = test_dir_file (dir, "a-folder");
  g_autofree char           *good = test_dir_file (dir, "dashboard.pdf");
  HotlistReportQuery         query;
  guint                      before;

  hotlist_report_query_init (&query);
  reports = hotlist_reports_compute (store, &query, &error);
  g_assert_no_error (error);

  /* In a folder that does not exist. */
  g_assert_false (hotlist_reports_write_pdf (reports, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Over a folder: the PDF is made, but cannot take the folder's place; its temporary file goes. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  before = count_entries (dir->path);
  g_assert_false (hotlist_reports_write_pdf (reports, folder, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, folder));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir->path), ==, before);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (folder), ==, 0);

  /* A file that exists is replaced, and nothing else is left beside it. */
  g_assert_true (g_file_set_contents (good, "not a PDF", -1, NULL));
  before = count_entries (dir->path);
  g_assert_true (hotlist_reports_write_pdf (reports, good, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir->path), ==, before);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (good, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }
}

int
main (int argc, char **argv)
{
  test_root_init ("report-pdf");
  g_test_init (&argc, &argv, NULL);

  add_test ("/report-pdf/pages", test_pages);
  add_test ("/report-pdf/empty", test_empty);
  add_test ("/report-pdf/long", test_long);
  add_test ("/report-pdf/unwritable", test_unwritable);
  return test_root_finish (g_test_run ());
}
