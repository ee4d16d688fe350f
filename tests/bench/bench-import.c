/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: `hotlist-cli import` against sqlite3's `.import` on a generated CSV of leads. */

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bench-util.h"
#include "hotlist.h"

#define DEFAULT_ROWS 1000000
#define MAX_ROWS 100000000
#define DEFAULT_RUNS 3
#define RANDOM_SEED 42
#define GOAL_RATIO 1.5
#define LIMIT_RATIO 3.0
#define CSV_NAME "leads.csv"
#define PLAIN_DB_NAME "plain.db"
#define HOTLIST_DB_NAME "hotlist.db"
#define PLAIN_TABLE "leads_plain"
#define WRITE_CHUNK_BYTES (1024 * 1024)

typedef struct
{
  const char *name;
  const char *domain;
  const char *industry;
  const char *country;
} BenchCompany;

typedef struct
{
  char   *hotlist_cli;
  char   *sqlite3;
  char   *tmpdir;
  char   *csv_path;
  guint64 rows;
  guint   runs;
} BenchContext;

/* Invented pools; the generated leads describe no real person or business. */
static const char *const first_names[] = {
  "Ada",     "Adrian",  "Aiko",    "Alina",  "Amara",  "Anders", "Beatriz", "Benedikt", "Bryony",
  "Camille", "Caspar",  "Chidi",   "Clara",  "Dario",  "Delia",  "Dmitri",  "Edith",    "Elias",
  "Esra",    "Fabian",  "Farah",   "Freya",  "Gideon", "Greta",  "Hamid",   "Hanne",    "Ilse",
  "Imran",   "Jasper",  "Joaquin", "Juno",   "Kai",    "Keira",  "Lars",    "Leonie",   "Linnea",
  "Lorenzo", "Lucia",   "Magnus",  "Maia",   "Mateo",  "Milo",   "Nadia",   "Nikolai",  "Noor",
  "Oskar",   "Paloma",  "Quentin", "Rhea",   "Rowan",  "Saskia", "Soren",   "Tamsin",   "Teodor",
  "Ulla",    "Valeria", "Wren",    "Xavier", "Yara",   "Zeno",
};

static const char *const last_names[] = {
  "Abernethy",   "Achterberg", "Alderton",   "Amsel",     "Baptiste",    "Bellamy",   "Birkeland",
  "Blackthorn",  "Caldwell",   "Castellane", "Corrigan",  "Dalgliesh",   "Delacourt", "Eastwick",
  "Falkner",     "Fenwick",    "Galloway",   "Gruber",    "Hargreave",   "Ishikawa",  "Jovanovic",
  "Kettleby",    "Kowalczyk",  "Lindqvist",  "Lockhart",  "Marchetti",   "Nakamura",  "Northcott",
  "Okafor",      "Ortega",     "Pemberton",  "Quintero",  "Ravensworth", "Rosales",   "Sandoval",
  "Thistlewood", "Underhill",  "Vasquez",    "Wakefield", "Whitlock",    "Yilmaz",    "Zimmermann",
};

/* A few names hold commas so the file needs RFC 4180 quoting, as real exports do. */
static const BenchCompany companies[] = {
  { "Brightwater Analytics, Inc.", "brightwater", "Software", "United States" },
  { "Quillmark", "quillmark", "Marketing & Advertising", "United Kingdom" },
  { "Fernhollow Logistics", "fernhollow", "Logistics", "France" },
  { "Kestrel Systems", "kestrel", "Software", "United States" },
  { "Lindqvist & Partner GmbH", "lindqvist-partner", "Financial Services", "Germany" },
  { "Northpeak Health", "northpeak", "Healthcare", "United States" },
  { "Tallgrass Robotics", "tallgrass", "Manufacturing", "Sweden" },
  { "Polderline B.V.", "polderline", "Financial Services", "Netherlands" },
  { "Harbourlight Insurance", "harbourlight", "Insurance", "United Kingdom" },
  { "Ironvale Manufacturing, LLC", "ironvale", "Manufacturing", "United States" },
  { "Clairvent", "clairvent", "Software", "France" },
  { "Wickerbay Outfitters", "wickerbay", "Retail", "Canada" },
  { "Larchwood University", "larchwood", "Education", "United Kingdom" },
  { "Tessellate Data", "tessellate", "Software", "United States" },
  { "Bluecairn Telecom", "bluecairn", "Telecommunications", "Ireland" },
  { "Amberlight Energy", "amberlight", "Energy", "Australia" },
  { "Quayside Freight, Ltd.", "quayside", "Logistics", "United Kingdom" },
  { "Pinnaclebrook Consulting", "pinnaclebrook", "Consulting", "Canada" },
  { "Stormcliff Software", "stormcliff", "Software", "United States" },
  { "Oakmere Foods", "oakmere", "Retail", "United Kingdom" },
  { "Nordhavn Shipping", "nordhavn", "Logistics", "Denmark" },
  { "Copperline Utilities", "copperline", "Energy", "United States" },
  { "Fjellstad Engineering", "fjellstad", "Manufacturing", "Norway" },
  { "Brightspire Insurance", "brightspire", "Insurance", "Germany" },
  { "Quartzline Semiconductors", "quartzline", "Manufacturing", "United States" },
  { "Velaris Cloud", "velaris", "Software", "France" },
  { "Tidewater Payments", "tidewater", "Financial Services", "United States" },
  { "Meridian Tile & Stone, S.L.", "meridiantile", "Manufacturing", "Spain" },
  { "Rivebleue Hotels", "rivebleue", "Hospitality", "France" },
  { "Harrowgate Retail Group", "harrowgate", "Retail", "United States" },
};

static const char *const job_titles[] = {
  "Chief Executive Officer",
  "Chief Revenue Officer",
  "CTO",
  "VP of Sales",
  "VP, Marketing",
  "Head of Growth",
  "Director of IT",
  "Marketing Director",
  "Sales Manager",
  "Marketing Manager",
  "IT Manager",
  "Operations Manager",
  "Product Manager",
  "Marketing Specialist",
  "Business Analyst",
  "Software Engineer",
  "Account Executive",
  "Office Manager",
  "Intern",
};

static const guint company_sizes[] = {
  5, 12, 25, 48, 90, 150, 240, 380, 600, 950, 1500, 2600, 4200, 8000, 15000,
};

static const char *const lead_sources[] = {
  "Webinar", "Organic", "Paid search", "Referral", "Event", "Outbound",
};

static const char *const owners[] = {
  "Avery Lindholm",
  "Jordan Okoye",
  "Riley Castano",
  "Sam Whitaker",
};

static const char *const csv_header =
    "external_id,first_name,last_name,email,company,job_title,industry,"
    "company_size,country,lead_source,owner,converted\n";

static void
bench_context_clear (BenchContext *self)
{
  g_clear_pointer (&self->hotlist_cli, g_free);
  g_clear_pointer (&self->sqlite3, g_free);
  g_clear_pointer (&self->tmpdir, g_free);
  g_clear_pointer (&self->csv_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchContext, bench_context_clear)

static gboolean
parse_count (const char *text, const char *what, guint64 max, guint64 *out_value, GError **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, out_value, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }

  return TRUE;
}

static const char *
pick (GRand *rand, const char *const *pool, gsize n)
{
  return pool[g_rand_int_range (rand, 0, (gint32)n)];
}

static void
append_lead_row (GString *buffer, GRand *rand, guint64 row)
{
  const char         *first = pick (rand, first_names, G_N_ELEMENTS (first_names));
  const char         *last = pick (rand, last_names, G_N_ELEMENTS (last_names));
  const BenchCompany *company;
  guint               title_index;
  guint               size;
  const char         *source;
  const char         *owner;
  g_autofree char    *first_lower = g_ascii_strdown (first, -1);
  g_autofree char    *last_lower = g_ascii_strdown (last, -1);
  gboolean            converted;

  company = &companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))];
  title_index = g_rand_int_range (rand, 0, G_N_ELEMENTS (job_titles));
  size = company_sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (company_sizes))];
  source = pick (rand, lead_sources, G_N_ELEMENTS (lead_sources));
  owner = pick (rand, owners, G_N_ELEMENTS (owners));
  /* Earlier titles in the pool are more senior, and seniority converts better. */
  converted = g_rand_double (rand) < 0.30 - 0.012 * title_index;

  g_string_append_printf (buffer,
                          "L%07" G_GUINT64_FORMAT ",%s,%s,%s.%s.%" G_GUINT64_FORMAT "@%s.example,",
                          row, first, last, first_lower, last_lower, row, company->domain);
  hotlist_csv_append_cell (buffer, company->name);
  g_string_append_c (buffer, ',');
  hotlist_csv_append_cell (buffer, job_titles[title_index]);
  g_string_append_printf (buffer, ",%s,%u,%s,%s,%s,%c\n", company->industry, size, company->country,
                          source, owner, converted ? '1' : '0');
}

static gboolean
write_leads_csv (const char *path, guint64 rows, GError **error)
{
  g_autoptr (GFile)             file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GRand)             rand = g_rand_new_with_seed (RANDOM_SEED);
  g_autoptr (GString)           buffer = g_string_sized_new (WRITE_CHUNK_BYTES + 4096);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return FALSE;

  g_string_append (buffer, csv_header);

  for (guint64 row = 1; row <= rows; row++)
    {
      append_lead_row (buffer, rand, row);

      if (buffer->len >= WRITE_CHUNK_BYTES || row == rows)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), buffer->str, buffer->len, NULL,
                                          NULL, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

/* Runs argv in cwd and returns its stdout; wall time covers spawn to exit. */
static char *
run_timed (const char *const *argv, const char *cwd, double *out_seconds, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess)         process = NULL;
  g_autoptr (GError)              local_error = NULL;
  g_autofree char                *stdout_text = NULL;
  g_autofree char                *stderr_text = NULL;
  g_autofree char                *command = g_strjoinv (" ", (char **)argv);
  gint64                          start;

  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd);

  /* Start each run with the previous runs' writes on disk, so that one tool does not pay for
   * the other's write-back. */
  sync ();
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    {
      g_prefix_error (error, "could not start %s: ", argv[0]);
      return NULL;
    }

  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, error))
    {
      g_prefix_error (error, "%s: ", command);
      return NULL;
    }
  *out_seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  if (!g_spawn_check_wait_status (g_subprocess_get_status (process), &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s%s%s", command,
                   local_error->message, stderr_text != NULL && stderr_text[0] != '\0' ? "\n" : "",
                   stderr_text != NULL ? g_strstrip (stderr_text) : "");
      return NULL;
    }

  return g_steal_pointer (&stdout_text);
}

static gboolean
remove_database (const char *dir, const char *name, GError **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file_name = g_strconcat (name, suffixes[i], NULL);
      g_autofree char *path = g_build_filename (dir, file_name, NULL);

      if (g_remove (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "could not remove %s: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/* Reads the number after "key": in the CLI's one-line JSON summary. */
static gboolean
json_get_count (const char *json, const char *key, guint64 *out_value)
{
  g_autofree char   *escaped = g_regex_escape_string (key, -1);
  g_autofree char   *pattern = g_strdup_printf ("\"%s\"\\s*:\\s*([0-9]+)", escaped);
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char       *digits = NULL;

  g_assert (regex != NULL);

  if (!g_regex_match (regex, json, G_REGEX_MATCH_DEFAULT, &match))
    return FALSE;

  digits = g_match_info_fetch (match, 1);
  return g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, out_value, NULL);
}

static gboolean
run_sqlite_import (const BenchContext *ctx, double *out_seconds, GError **error)
{
  const char *const import_argv[] = { ctx->sqlite3,
                                      "-batch",
                                      "-bail",
                                      "-cmd",
                                      ".mode csv",
                                      PLAIN_DB_NAME,
                                      ".import " CSV_NAME " " PLAIN_TABLE,
                                      NULL };
  const char *const count_argv[] = { ctx->sqlite3, "-batch", PLAIN_DB_NAME,
                                     "SELECT count(*) FROM " PLAIN_TABLE ";", NULL };
  g_autofree char  *import_output = NULL;
  g_autofree char  *count_output = NULL;
  double            count_seconds;
  guint64           count;

  if (!remove_database (ctx->tmpdir, PLAIN_DB_NAME, error))
    return FALSE;

  import_output = run_timed (import_argv, ctx->tmpdir, out_seconds, error);
  if (import_output == NULL)
    return FALSE;

  /* Untimed: .import skips bad lines with a warning, so check that all rows arrived. */
  count_output = run_timed (count_argv, ctx->tmpdir, &count_seconds, error);
  if (count_output == NULL)
    return FALSE;

  if (!g_ascii_string_to_unsigned (g_strstrip (count_output), 10, 0, G_MAXUINT64, &count, NULL)
      || count != ctx->rows)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "sqlite3 .import stored \"%s\" rows, expected %" G_GUINT64_FORMAT, count_output,
                   ctx->rows);
      return FALSE;
    }

  return remove_database (ctx->tmpdir, PLAIN_DB_NAME, error);
}

static gboolean
run_hotlist_import (const BenchContext *ctx, double *out_seconds, GError **error)
{
  g_autofree char  *db_path = g_build_filename (ctx->tmpdir, HOTLIST_DB_NAME, NULL);
  const char *const import_argv[] = { ctx->hotlist_cli, "--db",   db_path,       "import",
                                      ctx->csv_path,    "--id",   "external_id", "--label",
                                      "converted",      "--json", NULL };
  g_autofree char  *json = NULL;
  guint64           created;

  if (!remove_database (ctx->tmpdir, HOTLIST_DB_NAME, error))
    return FALSE;

  json = run_timed (import_argv, ctx->tmpdir, out_seconds, error);
  if (json == NULL)
    return FALSE;

  if (!json_get_count (json, "created", &created))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "hotlist-cli import --json printed no \"created\" count: %s", g_strstrip (json));
      return FALSE;
    }

  if (created != ctx->rows)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "hotlist-cli created %" G_GUINT64_FORMAT " leads, expected %" G_GUINT64_FORMAT
                   ": %s",
                   created, ctx->rows, g_strstrip (json));
      return FALSE;
    }

  return remove_database (ctx->tmpdir, HOTLIST_DB_NAME, error);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (const double *values, guint n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  g_assert (n > 0);

  qsort (sorted, n, sizeof (double), compare_doubles);
  if (n % 2 == 1)
    return sorted[n / 2];
  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

static char *
read_proc_field (const char *path, const char *key)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv)   lines = NULL;
  gsize            key_len = strlen (key);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon;

      if (strncmp (lines[i], key, key_len) != 0)
        continue;
      colon = strchr (lines[i] + key_len, ':');
      if (colon == NULL)
        continue;
      return g_strstrip (g_strdup (colon + 1));
    }

  return NULL;
}

static char *
describe_machine (void)
{
  g_autofree char *model = read_proc_field ("/proc/cpuinfo", "model name");
  g_autofree char *mem_total = read_proc_field ("/proc/meminfo", "MemTotal");
  g_autofree char *memory = NULL;
  char            *end = NULL;
  guint64          mem_kib = 0;

  /* MemTotal reads like "16318480 kB". */
  if (mem_total != NULL)
    mem_kib = g_ascii_strtoull (mem_total, &end, 10);
  if (mem_kib > 0 && end != mem_total)
    memory = g_strdup_printf ("%.1f GiB RAM", (double)mem_kib / (1024.0 * 1024.0));
  else
    memory = g_strdup ("unknown RAM");

  return g_strdup_printf ("%s, %u CPUs, %s", model != NULL ? model : "unknown CPU",
                          g_get_num_processors (), memory);
}

static char *
sqlite3_version (const BenchContext *ctx)
{
  const char *const argv[] = { ctx->sqlite3, "--version", NULL };
  g_autofree char  *output = NULL;
  double            seconds;
  char             *space;

  output = run_timed (argv, ctx->tmpdir, &seconds, NULL);
  if (output == NULL)
    return g_strdup ("unknown version");

  g_strstrip (output);
  space = strchr (output, ' ');
  if (space != NULL)
    *space = '\0';

  return g_steal_pointer (&output);
}

static void
print_runs (const double *seconds, guint n)
{
  for (guint i = 0; i < n; i++)
    g_print (" %.2f", seconds[i]);
  g_print ("\n");
}

static void
print_report (const BenchContext *ctx,
              guint64             file_bytes,
              const double       *sqlite_seconds,
              const double       *hotlist_seconds)
{
  double           sqlite_median = median (sqlite_seconds, ctx->runs);
  double           hotlist_median = median (hotlist_seconds, ctx->runs);
  double           ratio = hotlist_median / sqlite_median;
  g_autofree char *rows = bench_format_count (ctx->rows);
  g_autofree char *sqlite_rate = bench_format_count ((guint64)((double)ctx->rows / sqlite_median));
  g_autofree char *hotlist_rate =
      bench_format_count ((guint64)((double)ctx->rows / hotlist_median));
  g_autofree char *machine = describe_machine ();
  g_autofree char *version = sqlite3_version (ctx);
  const char      *verdict;

  if (ratio <= GOAL_RATIO)
    verdict = "meets the goal";
  else if (ratio <= LIMIT_RATIO)
    verdict = "above the goal, within the limit";
  else
    verdict = "EXCEEDS THE LIMIT";

  g_print ("\n");
  g_print ("Hotlist import benchmark\n");
  g_print ("  machine    %s\n", machine);
  g_print ("  rows       %s (12 columns, %.1f MB CSV)\n", rows, (double)file_bytes / 1e6);
  g_print ("  runs       %u of each, alternating, fresh database files, median shown\n", ctx->runs);
  g_print ("  reference  sqlite3 %s: .mode csv + .import into a plain table, no indexes\n",
           version);
  g_print ("\n");
  g_print ("  %-22s %10s %12s   %s\n", "tool", "median s", "rows/s", "all runs (s)");
  g_print ("  %-22s %10.2f %12s  ", "sqlite3 .import", sqlite_median, sqlite_rate);
  print_runs (sqlite_seconds, ctx->runs);
  g_print ("  %-22s %10.2f %12s  ", "hotlist-cli import", hotlist_median, hotlist_rate);
  print_runs (hotlist_seconds, ctx->runs);
  g_print ("\n");
  g_print ("  ratio hotlist/sqlite3  %.2fx   (goal <= %.1fx, must not exceed %.0fx): %s\n", ratio,
           GOAL_RATIO, LIMIT_RATIO, verdict);
}

static gboolean
run_benchmark (BenchContext *ctx, GError **error)
{
  g_autofree double *sqlite_seconds = g_new0 (double, ctx->runs);
  g_autofree double *hotlist_seconds = g_new0 (double, ctx->runs);
  g_autofree char   *rows = bench_format_count (ctx->rows);
  GStatBuf           st;
  gint64             start;

  ctx->csv_path = g_build_filename (ctx->tmpdir, CSV_NAME, NULL);

  g_print ("generating %s rows in %s ...\n", rows, ctx->csv_path);
  start = g_get_monotonic_time ();
  if (!write_leads_csv (ctx->csv_path, ctx->rows, error))
    {
      g_prefix_error (error, "could not write %s: ", ctx->csv_path);
      return FALSE;
    }
  if (g_stat (ctx->csv_path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "could not stat %s: %s", ctx->csv_path, g_strerror (saved_errno));
      return FALSE;
    }
  g_print ("generated %.1f MB in %.2f s\n", (double)st.st_size / 1e6,
           (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  for (guint i = 0; i < ctx->runs; i++)
    {
      if (!run_sqlite_import (ctx, &sqlite_seconds[i], error))
        return FALSE;
      g_print ("run %u/%u  sqlite3 .import      %8.2f s\n", i + 1, ctx->runs, sqlite_seconds[i]);

      if (!run_hotlist_import (ctx, &hotlist_seconds[i], error))
        return FALSE;
      g_print ("run %u/%u  hotlist-cli import   %8.2f s\n", i + 1, ctx->runs, hotlist_seconds[i]);
    }

  print_report (ctx, (guint64)st.st_size, sqlite_seconds, hotlist_seconds);
  return TRUE;
}

int
main (int argc, char *argv[])
{
  g_auto (BenchContext)      ctx = { 0 };
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *rows_arg = NULL;
  int                        runs_arg = DEFAULT_RUNS;
  const char                *rows_env = g_getenv ("HOTLIST_BENCH_ROWS");
  gboolean                   ok;
  const GOptionEntry         entries[] = { { "rows", 'n', 0, G_OPTION_ARG_STRING, &rows_arg,
                                             "Rows to generate (default 1000000, or $HOTLIST_BENCH_ROWS)",
                                             "N" },
                                           { "runs", 'r', 0, G_OPTION_ARG_INT, &runs_arg,
                                             "Runs of each tool; the median is reported (default 3)", "N" },
                                           G_OPTION_ENTRY_NULL };

  g_set_prgname ("bench-import");

  setlocale (LC_ALL, "");
  /* Keep the table's decimal points stable for anyone parsing the log. */
  setlocale (LC_NUMERIC, "C");

  options = g_option_context_new ("HOTLIST-CLI - time hotlist-cli import against sqlite3 .import");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc != 2)
    {
      g_printerr ("bench-import: expected the path of hotlist-cli as the only argument\n");
      return EXIT_FAILURE;
    }

  ctx.rows = DEFAULT_ROWS;
  if ((rows_arg != NULL && !parse_count (rows_arg, "--rows", MAX_ROWS, &ctx.rows, &error))
      || (rows_arg == NULL && rows_env != NULL
          && !parse_count (rows_env, "HOTLIST_BENCH_ROWS", MAX_ROWS, &ctx.rows, &error)))
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (runs_arg < 1 || runs_arg > 99)
    {
      g_printerr ("bench-import: --runs must be between 1 and 99\n");
      return EXIT_FAILURE;
    }
  ctx.runs = (guint)runs_arg;

  if (!g_file_test (argv[1], G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-import: %s is not an executable hotlist-cli\n", argv[1]);
      return EXIT_FAILURE;
    }
  ctx.hotlist_cli = g_canonicalize_filename (argv[1], NULL);

  ctx.sqlite3 = g_find_program_in_path ("sqlite3");
  if (ctx.sqlite3 == NULL)
    {
      g_printerr ("bench-import: the sqlite3 command-line shell is not in PATH.\n"
                  "It is the reference this benchmark compares against; install it "
                  "(Debian: apt install sqlite3) and run the benchmark again.\n");
      return EXIT_FAILURE;
    }

  ctx.tmpdir = g_dir_make_tmp ("hotlist-bench-XXXXXX", &error);
  if (ctx.tmpdir == NULL)
    {
      g_printerr ("bench-import: could not create a temporary directory: %s\n", error->message);
      return EXIT_FAILURE;
    }

  ok = run_benchmark (&ctx, &error);
  bench_remove_tree (ctx.tmpdir);

  if (!ok)
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
