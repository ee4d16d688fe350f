/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: the scoring engine at 10,000 and 1,000,000 leads — import and starter scoring,
 * training, rescoring (plain scores, then contributions), reweighting, single-lead rescores. */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bench-util.h"

#include "hotlist.h"

#define DEFAULT_LARGE 1000000
#define SMALL_LEADS 10000
#define MAX_LEADS 50000000
#define RANDOM_SEED 20260401
#define CLOSED_SHARE 0.4
#define SINGLE_SAMPLES 1000
#define SINGLE_WARMUP 20
#define REWEIGHT_GOAL_S 10.0
#define REWEIGHT_VALUE 0.5
#define DEFAULT_PHASE_LIMIT_S 1800
#define FALLBACK_ROUNDS 50
#define DAY (24 * 3600)

/* The synthetic world: a lead's true log-odds are INTERCEPT plus the effects of its levels
 * below, of its company size and trial, and of each of its activities (see write_world()).
 * Every name is invented. */
typedef struct
{
  const char *name;
  double      effect;
} Level;

static const Level titles[] = {
  { "Chief Executive Officer", 0.7 },
  { "Chief Revenue Officer", 0.8 },
  { "VP of Sales", 0.6 },
  { "VP, Marketing", 0.5 },
  { "Head of Growth", 0.45 },
  { "Director of IT", 0.3 },
  { "Marketing Director", 0.3 },
  { "Sales Manager", 0.1 },
  { "Marketing Manager", 0.05 },
  { "IT Manager", 0.0 },
  { "Operations Manager", -0.1 },
  { "Product Manager", -0.05 },
  { "Marketing Specialist", -0.3 },
  { "Business Analyst", -0.35 },
  { "Software Engineer", -0.5 },
  { "Account Executive", -0.2 },
  { "Office Manager", -0.6 },
  { "Intern", -1.0 },
};

static const Level industries[] = {
  { "Software", 0.5 },   { "Financial Services", 0.3 },
  { "Healthcare", 0.1 }, { "Manufacturing", -0.1 },
  { "Retail", -0.3 },    { "Education", -0.5 },
  { "Logistics", 0.0 },  { "Hospitality", -0.4 },
};

static const Level countries[] = {
  { "United States", 0.2 }, { "United Kingdom", 0.1 }, { "Germany", 0.1 }, { "France", 0.0 },
  { "Canada", 0.05 },       { "Netherlands", 0.0 },    { "Spain", -0.15 }, { "Australia", -0.05 },
};

static const Level lead_sources[] = {
  { "Referral", 0.8 }, { "Webinar", 0.4 },      { "Event", 0.3 },
  { "Organic", 0.1 },  { "Paid search", -0.2 }, { "Outbound", -0.6 },
};

static const Level plans[] = {
  { "", 0.0 }, { "Starter", -0.2 }, { "Team", 0.2 }, { "Business", 0.5 }, { "Enterprise", 0.7 },
};

/* Activity types with how often they happen and what each occurrence adds to the log-odds. */
static const struct
{
  const char *type;
  double      share;
  double      effect;
} activity_types[] = {
  { "page_view", 0.45, 0.03 },         { "email_open", 0.30, 0.02 },
  { "pricing_page_view", 0.10, 0.45 }, { "email_reply", 0.10, 0.35 },
  { "meeting_booked", 0.05, 0.9 },
};

#define INTERCEPT (-2.3)

typedef struct
{
  guint64  leads;
  guint64  activities;
  guint64  closed;
  guint64  converted;
  gint64   db_bytes;
  double   generate_s;
  double   import_s, import_score_s;
  double   activity_import_s, activity_score_s;
  double   train_s;
  int      best_iteration;
  double   roc_auc;
  guint    n_train, n_valid, n_features, n_attributes;
  double   plain_s, contributions_s, rescore_all_s, tiers_s;
  guint    n_batches;
  double   first_batch_s, second_batch_s, last_batch_s;
  double   reweight_s;
  gboolean train_stopped, rescore_stopped, reweight_stopped;
  gboolean reweight_fallback;  /* measured with a model of FALLBACK_ROUNDS rounds */
  double   fallback_rescore_s; /* that model's rescore_all */
  double   single_median_ms, single_p99_ms, single_mean_ms, single_max_ms;
  double   single_score_median_ms, single_score_p99_ms;
} RunResult;

/* Wraps the scorer's hook on the store with a stopwatch; it calls the scorer as its own hook
 * does (explanations inline for small writes), so that the time scoring takes inside a write
 * can be told apart from the write. */
typedef struct
{
  HotlistScorer *scorer;
  gint64         usec;
  gint64         last_usec;
  guint64        calls;
  guint64        leads;
} HookTimer;

static gboolean
timed_rescore (HotlistStore *store,
               const gint64 *leads,
               guint         n_leads,
               gpointer      data,
               GError      **error)
{
  HookTimer *timer = data;
  gint64     start = g_get_monotonic_time ();
  gboolean   ok;

  (void)store;
  ok = hotlist_scorer_rescore (timer->scorer, leads, n_leads,
                               n_leads <= HOTLIST_SCORER_INLINE_CONTRIBUTIONS, error);
  timer->last_usec = g_get_monotonic_time () - start;
  timer->usec += timer->last_usec;
  timer->calls++;
  timer->leads += n_leads;
  return ok;
}

/* Prints a line now and then during a long phase, so that a long run shows where it is, and
 * stops a phase that runs past the limit (HOTLIST_BENCH_PHASE_LIMIT seconds; 0 for none). */
typedef struct
{
  const char   *label;
  const char   *what;
  gint64        start;
  gint64        last_print;
  double        fraction; /* as last reported */
  GCancellable *cancellable;
} Ticker;

static gint64 phase_limit_usec = DEFAULT_PHASE_LIMIT_S * G_USEC_PER_SEC;

static void
ticker_start (Ticker *ticker, const char *label, const char *what)
{
  g_clear_object (&ticker->cancellable);
  *ticker = (Ticker){ label, what, g_get_monotonic_time (), 0, 0, g_cancellable_new () };
}

static void
ticker_clear (Ticker *ticker)
{
  g_clear_object (&ticker->cancellable);
}

#define TICK_USEC (60 * G_USEC_PER_SEC)

static void
ticker_report (Ticker *ticker, double fraction, const char *stage)
{
  gint64 now = g_get_monotonic_time ();

  ticker->fraction = fraction;
  if (phase_limit_usec > 0 && now - ticker->start > phase_limit_usec
      && !g_cancellable_is_cancelled (ticker->cancellable))
    {
      g_print (
          "bench-scoring: [%s] ... %s: over the limit of %.0f s at %.1f %% (%s): stopping it\n",
          ticker->label, ticker->what, (double)phase_limit_usec / G_USEC_PER_SEC, 100.0 * fraction,
          stage);
      g_cancellable_cancel (ticker->cancellable);
    }
  if (ticker->last_print == 0)
    ticker->last_print = ticker->start;
  if (now - ticker->last_print < TICK_USEC)
    return;
  ticker->last_print = now;
  g_print ("bench-scoring: [%s] ... %s: %s, %.1f %% after %.0f s (load %.2f)\n", ticker->label,
           ticker->what, stage, 100.0 * fraction, (double)(now - ticker->start) / G_USEC_PER_SEC,
           bench_load_average ());
  fflush (stdout);
}

static void
ticker_progress (double fraction, const char *stage, gpointer data)
{
  ticker_report (data, fraction, stage);
}

/* Times the two phases of hotlist_scorer_rescore_all() from its progress reports: the first
 * stage is the plain scores; the last report of that stage ends them. The later reports each
 * end a batch of explanations. */
typedef struct
{
  Ticker  ticker;
  char   *first_stage;
  gint64  last_first_stage;
  gint64  last_report;
  GArray *batch_usec; /* gint64 per batch after the first stage */
} PhaseClock;

static void
phase_progress (double fraction, const char *stage, gpointer data)
{
  PhaseClock *clock = data;
  gint64      now = g_get_monotonic_time ();

  if (clock->first_stage == NULL)
    clock->first_stage = g_strdup (stage);
  if (g_strcmp0 (stage, clock->first_stage) == 0)
    clock->last_first_stage = now;
  else
    {
      gint64 usec = now - clock->last_report;
      g_array_append_val (clock->batch_usec, usec);
    }
  clock->last_report = now;
  ticker_report (&clock->ticker, fraction, stage);
}

/* Whether a phase ended well or was stopped at its limit (then @error is cleared). */
static gboolean
phase_done (gboolean ok, Ticker *ticker, gboolean *stopped, GError **error)
{
  *stopped = FALSE;
  if (ok)
    return TRUE;
  if (g_cancellable_is_cancelled (ticker->cancellable)
      && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      *stopped = TRUE;
      return TRUE;
    }
  return FALSE;
}

static double
seconds_since (gint64 start)
{
  return (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static guint
pick_weighted (GRand *rand)
{
  double u = g_rand_double (rand), sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (activity_types); i++)
    {
      sum += activity_types[i].share;
      if (u < sum)
        return i;
    }
  return G_N_ELEMENTS (activity_types) - 1;
}

static void
format_day (gint64 unix_seconds, char out[16])
{
  time_t    t = (time_t)unix_seconds;
  struct tm tm;

  gmtime_r (&t, &tm);
  strftime (out, 16, "%Y-%m-%d", &tm);
}

static gboolean
flush_buffer (GOutputStream *stream, GString *buffer, gboolean force, GError **error)
{
  if (!force && buffer->len < 1024 * 1024)
    return TRUE;
  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (buffer, 0);
  return TRUE;
}

/* Writes the leads and their activities; the outcome of a closed lead is drawn from its true
 * probability, which counts its activities before the outcome. */
static gboolean
write_world (const char *leads_path,
             const char *activities_path,
             guint64     n,
             RunResult  *result,
             GError    **error)
{
  g_autoptr (GRand)             rand = g_rand_new_with_seed (RANDOM_SEED);
  g_autoptr (GFile)             leads_file = g_file_new_for_path (leads_path);
  g_autoptr (GFile)             activities_file = g_file_new_for_path (activities_path);
  g_autoptr (GFileOutputStream) leads = NULL;
  g_autoptr (GFileOutputStream) activities = NULL;
  g_autoptr (GString)           lead_buffer = g_string_sized_new (2 * 1024 * 1024);
  g_autoptr (GString)           activity_buffer = g_string_sized_new (2 * 1024 * 1024);
  gint64                        now = g_get_real_time () / G_USEC_PER_SEC;
  guint64                       activity_number = 0;

  leads = g_file_replace (leads_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (leads == NULL)
    return FALSE;
  activities = g_file_replace (activities_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (activities == NULL)
    return FALSE;
  g_string_append (lead_buffer, "External ID,Job Title,Industry,Company Size,Country,Lead Source,"
                                "Created Date,Annual Revenue,Plan Interest,Trial Users,Outcome,"
                                "Outcome Date\n");
  g_string_append (activity_buffer, "Activity ID,Lead,Type,Date\n");

  for (guint64 i = 1; i <= n; i++)
    {
      guint    title = g_rand_int_range (rand, 0, G_N_ELEMENTS (titles));
      guint    industry = g_rand_int_range (rand, 0, G_N_ELEMENTS (industries));
      guint    country = g_rand_int_range (rand, 0, G_N_ELEMENTS (countries));
      guint    source = g_rand_int_range (rand, 0, G_N_ELEMENTS (lead_sources));
      guint    plan = g_rand_int_range (rand, 0, G_N_ELEMENTS (plans));
      double   log_size = g_rand_double_range (rand, log (5), log (20000));
      gint64   size = (gint64)exp (log_size);
      double   revenue = exp (log_size + g_rand_double_range (rand, 3.5, 5.5)) / 1000.0;
      gboolean has_trial = g_rand_double (rand) < 0.6;
      guint    trial_users = has_trial ? (guint)g_rand_int_range (rand, 1, 51) : 0;
      gboolean closed = g_rand_double (rand) < CLOSED_SHARE;
      gint64   created = now - (gint64)g_rand_int_range (rand, 20, 400) * DAY;
      gint64   until =
          closed ? MIN (created + (gint64)g_rand_int_range (rand, 7, 90) * DAY, now - DAY) : now;
      guint  n_activities = g_rand_int_range (rand, 3, 9);
      double logit = INTERCEPT + titles[title].effect + industries[industry].effect
                     + countries[country].effect + lead_sources[source].effect + plans[plan].effect
                     + 0.25 * (log_size - log (300)) + (has_trial ? 0.3 + 0.02 * trial_users : 0.0);
      char day[16], outcome_day[16];
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint k = 0; k < n_activities; k++)
        {
          guint  type = pick_weighted (rand);
          gint64 when = created + (gint64)(g_rand_double (rand) * (double)(until - created));

          logit += activity_types[type].effect;
          g_string_append_printf (activity_buffer,
                                  "A%" G_GUINT64_FORMAT ",L%08" G_GUINT64_FORMAT
                                  ",%s,%" G_GINT64_FORMAT "\n",
                                  ++activity_number, i, activity_types[type].type, when);
        }
      format_day (created, day);
      g_string_append_printf (lead_buffer, "L%08" G_GUINT64_FORMAT ",", i);
      hotlist_csv_append_cell (lead_buffer, titles[title].name);
      g_string_append_printf (lead_buffer, ",%s,%" G_GINT64_FORMAT ",%s,%s,%s,%s,%s,",
                              industries[industry].name, size, countries[country].name,
                              lead_sources[source].name, day,
                              g_ascii_formatd (number, sizeof number, "%.1f", revenue),
                              plans[plan].name);
      if (has_trial)
        g_string_append_printf (lead_buffer, "%u", trial_users);
      if (closed)
        {
          gboolean converted = g_rand_double (rand) < 1.0 / (1.0 + exp (-logit));

          format_day (until, outcome_day);
          g_string_append_printf (lead_buffer, ",%s,%s\n", converted ? "converted" : "lost",
                                  outcome_day);
          result->closed++;
          result->converted += converted;
        }
      else
        g_string_append (lead_buffer, ",,\n");
      if (!flush_buffer (G_OUTPUT_STREAM (leads), lead_buffer, i == n, error)
          || !flush_buffer (G_OUTPUT_STREAM (activities), activity_buffer, i == n, error))
        return FALSE;
    }
  result->activities = activity_number;
  return g_output_stream_close (G_OUTPUT_STREAM (leads), NULL, error)
         && g_output_stream_close (G_OUTPUT_STREAM (activities), NULL, error);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted, double p)
{
  guint rank = (guint)ceil (p * sorted->len);

  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static double
median (GArray *sorted)
{
  guint n = sorted->len;

  if (n == 0)
    return NAN;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* The attribute whose weight the reweighting changes: one every model of this world uses. */
static const char *
pick_reweighted (HotlistFeatureSchema *schema)
{
  static const char *preferred[] = { "industry", "lead_source", "job_title", NULL };

  for (guint i = 0; preferred[i] != NULL; i++)
    if (hotlist_feature_schema_find_attribute (schema, preferred[i]) >= 0)
      return preferred[i];
  return hotlist_feature_schema_get_attribute (schema, 0)->key;
}

static gboolean
measure_single (HotlistStore *store,
                HookTimer    *timer,
                guint64       n_leads,
                RunResult    *result,
                GError      **error)
{
  g_autoptr (GRand)  rand = g_rand_new_with_seed (RANDOM_SEED + 1);
  g_autoptr (GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) scoring = g_array_new (FALSE, FALSE, sizeof (double));
  double             sum = 0;

  for (guint s = 0; s < SINGLE_WARMUP + SINGLE_SAMPLES; s++)
    {
      g_autoptr (HotlistLead) lead = NULL;
      HotlistLeadInput        input = { 0 };
      gint64                  id = 0, start;
      double                  ms;
      guint                   title;

      while (lead == NULL)
        {
          g_autoptr (GError) local = NULL;

          lead = hotlist_store_get_lead (store, 1 + (gint64)g_rand_int_range (rand, 0, n_leads),
                                         &local);
          if (lead == NULL
              && !g_error_matches (local, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
        }
      /* A different job title, as a salesperson correcting a lead would write it. */
      do
        title = g_rand_int_range (rand, 0, G_N_ELEMENTS (titles));
      while (g_strcmp0 (titles[title].name, lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE]) == 0);
      input.lead_id = lead->lead_id;
      input.source = lead->source;
      input.external_id = lead->external_id;
      input.text[HOTLIST_LEAD_FIELD_JOB_TITLE] = titles[title].name;
      HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_JOB_TITLE);

      timer->last_usec = 0;
      start = g_get_monotonic_time ();
      if (!hotlist_store_upsert_lead (store, &input, &id, NULL, error))
        return FALSE;
      ms = (double)(g_get_monotonic_time () - start) / 1000.0;
      if (id != lead->id)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "lead %" G_GINT64_FORMAT " was written as %" G_GINT64_FORMAT, lead->id, id);
          return FALSE;
        }
      if (s < SINGLE_WARMUP)
        continue;
      sum += ms;
      g_array_append_val (total, ms);
      ms = (double)timer->last_usec / 1000.0;
      g_array_append_val (scoring, ms);
    }
  g_array_sort (total, compare_doubles);
  g_array_sort (scoring, compare_doubles);
  result->single_median_ms = median (total);
  result->single_p99_ms = percentile (total, 0.99);
  result->single_mean_ms = sum / total->len;
  result->single_max_ms = g_array_index (total, double, total->len - 1);
  result->single_score_median_ms = median (scoring);
  result->single_score_p99_ms = percentile (scoring, 0.99);
  return TRUE;
}

static gboolean
single_step (HotlistStore *store,
             HookTimer    *timer,
             guint64       n,
             const char   *label,
             RunResult    *result,
             GError      **error)
{
  if (!measure_single (store, timer, n, result, error))
    return FALSE;
  bench_say ("[%s] single-lead upsert + rescore (%d samples after %d warm-up): median %.3f ms, p99 "
             "%.3f ms, mean %.3f ms, max %.3f ms; of which scoring: median %.3f ms, p99 %.3f ms",
             label, SINGLE_SAMPLES, SINGLE_WARMUP, result->single_median_ms, result->single_p99_ms,
             result->single_mean_ms, result->single_max_ms, result->single_score_median_ms,
             result->single_score_p99_ms);
  return TRUE;
}

/* What a run leaves in its folder, for a benchmark stopped by a signal (meson's timeout sends
 * SIGTERM): the handler may only unlink and rmdir, so the paths are built beforehand. */
static const char *const run_files[] = {
  "leads.csv",
  "activities.csv",
  "bench" HOTLIST_WORKSPACE_SUFFIX,
  "bench" HOTLIST_WORKSPACE_SUFFIX "-wal",
  "bench" HOTLIST_WORKSPACE_SUFFIX "-shm",
  "bench" HOTLIST_WORKSPACE_SUFFIX "-journal",
};

static gint64
database_bytes (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  gint64      total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf         st;

      if (g_stat (file, &st) == 0)
        total += st.st_size;
    }
  return total;
}

static gboolean
run (guint64 n, RunResult *result, GError **error)
{
  g_autofree char                *tmpdir = NULL;
  g_autofree char                *leads_csv = NULL, *activities_csv = NULL, *db_path = NULL;
  g_autofree char                *label = bench_format_count (n);
  g_autofree char                *closed = NULL, *n_activities = NULL;
  g_autoptr (HotlistWorkspace)    workspace = NULL;
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistImportReport) activity_report = NULL;
  g_autoptr (HotlistTrainReport)  trained = NULL;
  HookTimer                       timer = { 0 };
  PhaseClock                      clock = { 0 };
  Ticker                          ticker = { 0 };
  HotlistStore                   *store;
  HotlistScorer                  *scorer;
  HotlistFeatureSchema           *schema;
  const char                     *reweighted;
  gint64                          start;
  gboolean                        ok = FALSE;

  memset (result, 0, sizeof *result);
  result->leads = n;
  result->fallback_rescore_s = NAN;
  tmpdir = g_dir_make_tmp ("hotlist-bench-scoring-XXXXXX", error);
  if (tmpdir == NULL)
    return FALSE;
  leads_csv = g_build_filename (tmpdir, "leads.csv", NULL);
  activities_csv = g_build_filename (tmpdir, "activities.csv", NULL);
  db_path = g_build_filename (tmpdir, "bench" HOTLIST_WORKSPACE_SUFFIX, NULL);
  bench_scratch_set (tmpdir, run_files, G_N_ELEMENTS (run_files));

  bench_say ("[%s] generating leads and activities in %s", label, tmpdir);
  start = g_get_monotonic_time ();
  if (!write_world (leads_csv, activities_csv, n, result, error))
    goto out;
  result->generate_s = seconds_since (start);
  closed = bench_format_count (result->closed);
  n_activities = bench_format_count (result->activities);
  bench_say ("[%s] generated %s leads (%s closed, %.1f %% of them converted) and %s activities in "
             "%.2f s",
             label, label, closed,
             100.0 * (double)result->converted / (double)MAX (result->closed, 1), n_activities,
             result->generate_s);

  workspace = hotlist_workspace_open (db_path, error);
  if (workspace == NULL)
    goto out;
  store = hotlist_workspace_get_store (workspace);
  scorer = hotlist_workspace_get_scorer (workspace);
  timer.scorer = scorer;
  hotlist_store_set_rescore_func (store, timed_rescore, &timer, NULL);

  /* 1. Import: one transaction, the starter model scores every lead in it. */
  start = g_get_monotonic_time ();
  report = hotlist_csv_import_run_path (import, store, leads_csv, NULL, error);
  if (report == NULL)
    goto out;
  result->import_s = seconds_since (start);
  result->import_score_s = (double)timer.usec / G_USEC_PER_SEC;
  bench_say ("[%s] lead import: %.2f s (%" G_GUINT64_FORMAT " created, %" G_GUINT64_FORMAT
             " rejected), of which starter-model scoring of %" G_GUINT64_FORMAT " leads %.2f s",
             label, result->import_s, report->created, report->rejected, timer.leads,
             result->import_score_s);
  if (report->created != n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%" G_GUINT64_FORMAT " leads created out of %" G_GUINT64_FORMAT, report->created,
                   n);
      goto out;
    }

  timer.usec = 0;
  timer.leads = 0;
  start = g_get_monotonic_time ();
  activity_report = hotlist_activity_import_run_path (store, activities_csv, NULL, NULL, error);
  if (activity_report == NULL)
    goto out;
  result->activity_import_s = seconds_since (start);
  result->activity_score_s = (double)timer.usec / G_USEC_PER_SEC;
  bench_say ("[%s] activity import: %.2f s (%" G_GUINT64_FORMAT " created, %" G_GUINT64_FORMAT
             " rejected), of which rescoring of %" G_GUINT64_FORMAT " leads %.2f s",
             label, result->activity_import_s, activity_report->created, activity_report->rejected,
             timer.leads, result->activity_score_s);

  /* 2. Training, with the defaults. */
  ticker_start (&ticker, label, "training");
  trained = hotlist_train (store, NULL, ticker_progress, &ticker, ticker.cancellable, error);
  if (!phase_done (trained != NULL, &ticker, &result->train_stopped, error))
    goto out;
  result->train_s = result->train_stopped ? NAN : seconds_since (ticker.start);
  if (!hotlist_scorer_reload (scorer, error))
    goto out;
  schema = hotlist_model_get_schema (hotlist_scorer_get_model (scorer));
  result->n_features = hotlist_feature_schema_get_n_features (schema);
  result->n_attributes = hotlist_feature_schema_get_n_attributes (schema);
  if (trained != NULL)
    {
      result->best_iteration = trained->best_iteration;
      result->roc_auc = trained->metrics.roc_auc;
      result->n_train = trained->n_train;
      result->n_valid = trained->n_valid;
      bench_say (
          "[%s] training: %.2f s on %u + %u held out closed leads, best iteration %d, "
          "validation ROC AUC %.4f, %u features from %u attributes, %u attributes flagged for "
          "leakage",
          label, result->train_s, result->n_train, result->n_valid, result->best_iteration,
          result->roc_auc, result->n_features, result->n_attributes, trained->leakage->len);
    }
  else
    {
      result->best_iteration = -1;
      result->roc_auc = NAN;
      bench_say (
          "[%s] training: STOPPED after %.0f s at %.1f %% of its progress; what follows uses "
          "the starter model (%u features from %u attributes)",
          label, seconds_since (ticker.start), 100.0 * ticker.fraction, result->n_features,
          result->n_attributes);
    }

  /* 3. Rescoring after the training: plain scores for every lead, then the contributions. */
  ticker_start (&clock.ticker, label, "rescore_all");
  clock.last_first_stage = clock.ticker.start;
  clock.last_report = clock.ticker.start;
  clock.batch_usec = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!phase_done (hotlist_scorer_rescore_all (scorer, phase_progress, &clock,
                                               clock.ticker.cancellable, error),
                   &clock.ticker, &result->rescore_stopped, error))
    goto out;
  result->rescore_all_s = seconds_since (clock.ticker.start);
  result->plain_s = (double)(clock.last_first_stage - clock.ticker.start) / G_USEC_PER_SEC;
  /* The last report ("Done") ends no batch; the first batch starts after the tier update. */
  if (clock.batch_usec->len > 0 && !result->rescore_stopped)
    g_array_set_size (clock.batch_usec, clock.batch_usec->len - 1);
  if (clock.batch_usec->len > 0)
    {
      GArray *b = clock.batch_usec;

      result->n_batches = b->len;
      result->first_batch_s = (double)g_array_index (b, gint64, 0) / G_USEC_PER_SEC;
      result->second_batch_s =
          b->len > 1 ? (double)g_array_index (b, gint64, 1) / G_USEC_PER_SEC : NAN;
      result->last_batch_s = (double)g_array_index (b, gint64, b->len - 1) / G_USEC_PER_SEC;
    }
  result->contributions_s = result->rescore_all_s - result->plain_s;
  if (result->rescore_stopped)
    {
      /* The plain scores are 30 % of the progress; the contributions the other 70 %. */
      double plain_share = MIN (clock.ticker.fraction / 0.3, 1.0);
      double explained = MAX (clock.ticker.fraction - 0.3, 0.0) / 0.7;

      if (plain_share < 1.0)
        {
          bench_say (
              "[%s] rescore_all: STOPPED in the plain scores after %.0f s at %.1f %% of them "
              "(%.0f leads/s; all of them would take about %.0f s)",
              label, result->rescore_all_s, 100.0 * plain_share,
              plain_share * (double)n / result->rescore_all_s,
              result->rescore_all_s / MAX (plain_share, 1e-9));
          result->plain_s = NAN;
        }
      else
        bench_say (
            "[%s] rescore_all: plain scores %.2f s (%.0f leads/s); contributions STOPPED after "
            "%.0f s with %.1f %% of the leads explained (%.0f leads/s; all of them would take "
            "about %.0f s at that rate); %u batches of 5,000 done, the first %.2f s, the last "
            "%.2f s",
            label, result->plain_s, (double)n / MAX (result->plain_s, 1e-9),
            result->contributions_s, 100.0 * explained,
            explained * (double)n / MAX (result->contributions_s, 1e-9),
            result->contributions_s / MAX (explained, 1e-9), result->n_batches,
            result->first_batch_s, result->last_batch_s);
      result->contributions_s = NAN;
      result->rescore_all_s = NAN;
    }
  start = g_get_monotonic_time ();
  if (!hotlist_store_begin (store, error))
    goto out;
  if (!hotlist_scorer_update_tiers (scorer, error))
    {
      hotlist_store_rollback (store);
      goto out;
    }
  if (!hotlist_store_commit (store, error))
    goto out;
  result->tiers_s = seconds_since (start);
  if (!result->rescore_stopped)
    {
      bench_say ("[%s] rescore_all: plain scores %.2f s (%.0f leads/s), then tiers + contributions "
                 "%.2f s (%.0f leads/s); total %.2f s",
                 label, result->plain_s, (double)n / MAX (result->plain_s, 1e-9),
                 result->contributions_s, (double)n / MAX (result->contributions_s, 1e-9),
                 result->rescore_all_s);
      bench_say (
          "[%s] contributions: %u batches; first (after the tier update) %.2f s, second %.2f s, "
          "last %.2f s",
          label, result->n_batches, result->first_batch_s, result->second_batch_s,
          result->last_batch_s);
    }
  bench_say ("[%s] a tier update alone, repeated: %.2f s", label, result->tiers_s);

  /* 5 first, when the contributions were stopped: single leads with the model just trained. */
  if (result->rescore_stopped && !single_step (store, &timer, n, label, result, error))
    goto out;

  /* 4. A weight change: every score again, from the cached contributions. Their cost does not
   * depend on the model; when the default model's were stopped, a model of a few rounds is
   * trained so that every lead's can be cached, and the reweighting measured with it. */
  if (result->rescore_stopped)
    {
      HotlistTrainParams params;
      gboolean           stopped = FALSE;

      hotlist_train_params_init (&params);
      params.max_rounds = FALLBACK_ROUNDS;
      params.name = "Benchmark fallback";
      bench_say (
          "[%s] training a model of at most %d rounds, to cache every lead's contributions for "
          "the reweighting",
          label, FALLBACK_ROUNDS);
      ticker_start (&ticker, label, "fallback training");
      g_clear_pointer (&trained, hotlist_train_report_free);
      trained = hotlist_train (store, &params, ticker_progress, &ticker, ticker.cancellable, error);
      if (!phase_done (trained != NULL, &ticker, &stopped, error)
          || !hotlist_scorer_reload (scorer, error))
        goto out;
      if (!stopped)
        {
          bench_say ("[%s] fallback training: %.2f s, best iteration %d, validation ROC AUC %.4f",
                     label, seconds_since (ticker.start), trained->best_iteration,
                     trained->metrics.roc_auc);
          schema = hotlist_model_get_schema (hotlist_scorer_get_model (scorer));
          ticker_start (&ticker, label, "fallback rescore_all");
          if (!phase_done (hotlist_scorer_rescore_all (scorer, ticker_progress, &ticker,
                                                       ticker.cancellable, error),
                           &ticker, &stopped, error))
            goto out;
          result->fallback_rescore_s = stopped ? NAN : seconds_since (ticker.start);
          bench_say ("[%s] fallback rescore_all (plain scores and contributions): %s%.2f s", label,
                     stopped ? "STOPPED after " : "", seconds_since (ticker.start));
        }
      result->reweight_fallback = !stopped;
    }
  reweighted = pick_reweighted (schema);
  if (!hotlist_store_set_attribute (store, reweighted, REWEIGHT_VALUE, -1, error)
      || !hotlist_scorer_reload (scorer, error))
    goto out;
  if (result->rescore_stopped && !result->reweight_fallback)
    {
      /* Without every lead's contributions cached, reweighting would compute them first. */
      result->reweight_s = NAN;
      bench_say ("[%s] reweight_all: SKIPPED, the contributions are not all cached", label);
    }
  else
    {
      ticker_start (&ticker, label, "reweight_all");
      if (!phase_done (hotlist_scorer_reweight_all (scorer, ticker_progress, &ticker,
                                                    ticker.cancellable, error),
                       &ticker, &result->reweight_stopped, error))
        goto out;
      result->reweight_s = seconds_since (ticker.start);
      if (result->reweight_stopped)
        {
          bench_say (
              "[%s] reweight_all (%s -> %.1f): STOPPED after %.0f s at %.1f %% (%.0f leads/s)",
              label, reweighted, REWEIGHT_VALUE, result->reweight_s, 100.0 * ticker.fraction,
              ticker.fraction * (double)n / MAX (result->reweight_s, 1e-9));
          result->reweight_s = NAN;
        }
      else
        bench_say ("[%s] reweight_all (%s -> %.1f%s): %.2f s (%.0f leads/s)", label, reweighted,
                   REWEIGHT_VALUE, result->reweight_fallback ? ", fallback model" : "",
                   result->reweight_s, (double)n / MAX (result->reweight_s, 1e-9));
    }

  /* 5. Single-lead rescores: one field changed, a lone write rescoring the lead inside it. */
  if (!result->rescore_stopped && !single_step (store, &timer, n, label, result, error))
    goto out;

  result->db_bytes = database_bytes (db_path);
  ok = TRUE;

out:
  g_free (clock.first_stage);
  g_clear_pointer (&clock.batch_usec, g_array_unref);
  ticker_clear (&clock.ticker);
  ticker_clear (&ticker);
  g_clear_object (&workspace);
  bench_remove_tree (tmpdir);
  bench_scratch_set (NULL, NULL, 0);
  return ok;
}

/* Not measured (a phase stopped at its limit, or skipped) shows as "n/a". */
static const char *
format_value (double value, char out[32])
{
  if (isnan (value))
    return "n/a";
  g_snprintf (out, 32, "%.3f", value);
  return out;
}

static void
print_row (const char *what, double small, double large, double scale, gboolean per_lead)
{
  double ratio = large / small;

  if (isnan (small) || isnan (large))
    {
      char a[32], b[32];

      g_print ("  %-44s %12s %12s %10s %9s\n", what, format_value (small, a),
               format_value (large, b), "-", "-");
    }
  else if (per_lead)
    g_print ("  %-44s %12.3f %12.3f %9.1fx %9.2f\n", what, small, large, ratio, ratio / scale);
  else
    g_print ("  %-44s %12.3f %12.3f %9.2fx %9s\n", what, small, large, ratio, "");
}

static void
print_table (const RunResult *small, const RunResult *large, gboolean have_small)
{
  g_autofree char *cpu = bench_cpu_model ();
  g_autofree char *memory = bench_memory_total ();
  g_autofree char *n_small = bench_format_count (small->leads);
  g_autofree char *n_large = bench_format_count (large->leads);
  double           scale = (double)large->leads / (double)small->leads;

  g_print ("\nbench-scoring: results (seconds unless marked ms; ratio = large / small; "
           "/linear = ratio / (%s / %s) = %.0f)\n",
           n_large, n_small, scale);
  g_print ("  machine: %u processors, %s, %s RAM; load average now %.2f\n", g_get_num_processors (),
           cpu, memory, bench_load_average ());
  if (phase_limit_usec > 0)
    g_print ("  a phase running past %.0f s is stopped and shows as n/a\n",
             (double)phase_limit_usec / G_USEC_PER_SEC);
  if (!have_small)
    small = large;
  g_print ("  %-44s %12s %12s %10s %9s\n", "", n_small, n_large, "ratio", "/linear");
  print_row ("activities", (double)small->activities, (double)large->activities, scale, TRUE);
  print_row ("lead import + starter scoring", small->import_s, large->import_s, scale, TRUE);
  print_row ("  of which starter scoring", small->import_score_s, large->import_score_s, scale,
             TRUE);
  print_row ("activity import + rescoring", small->activity_import_s, large->activity_import_s,
             scale, TRUE);
  print_row ("  of which rescoring", small->activity_score_s, large->activity_score_s, scale, TRUE);
  print_row ("training (default parameters)", small->train_s, large->train_s, scale, TRUE);
  print_row ("rescore_all: plain scores", small->plain_s, large->plain_s, scale, TRUE);
  print_row ("rescore_all: tiers + contributions", small->contributions_s, large->contributions_s,
             scale, TRUE);
  print_row ("rescore_all: total", small->rescore_all_s, large->rescore_all_s, scale, TRUE);
  print_row ("contributions: 2nd batch of 5,000 leads", small->second_batch_s,
             large->second_batch_s, scale, FALSE);
  print_row ("tier update alone", small->tiers_s, large->tiers_s, scale, TRUE);
  print_row (large->reweight_fallback || small->reweight_fallback
                 ? "reweight_all after a weight change (*)"
                 : "reweight_all after a weight change",
             small->reweight_s, large->reweight_s, scale, TRUE);
  print_row ("single-lead rescore, median (ms)", small->single_median_ms, large->single_median_ms,
             scale, FALSE);
  print_row ("single-lead rescore, p99 (ms)", small->single_p99_ms, large->single_p99_ms, scale,
             FALSE);
  print_row ("  of which scoring, median (ms)", small->single_score_median_ms,
             large->single_score_median_ms, scale, FALSE);
  print_row ("  of which scoring, p99 (ms)", small->single_score_p99_ms, large->single_score_p99_ms,
             scale, FALSE);
  print_row ("database size (MiB)", (double)small->db_bytes / 1048576.0,
             (double)large->db_bytes / 1048576.0, scale, TRUE);
  g_print ("  training: best iteration %d / %d, validation ROC AUC %.4f / %.4f, %u / %u "
           "features (-1 and nan: training stopped, starter model used)\n",
           small->best_iteration, large->best_iteration, small->roc_auc, large->roc_auc,
           small->n_features, large->n_features);
  if (large->reweight_fallback || small->reweight_fallback)
    g_print ("  (*) measured with a model of at most %d rounds where the default model's "
             "contributions were stopped at the limit (%s: %s, %s: %s); that model's "
             "rescore_all: %.2f s / %.2f s\n",
             FALLBACK_ROUNDS, n_small, small->reweight_fallback ? "yes" : "no", n_large,
             large->reweight_fallback ? "yes" : "no", small->fallback_rescore_s,
             large->fallback_rescore_s);
  if (isnan (large->reweight_s))
    g_print ("  goal: reweight_all of %s leads under %.0f s: not measured\n", n_large,
             REWEIGHT_GOAL_S);
  else
    g_print ("  goal: reweight_all of %s leads under %.0f s: %.2f s, %s\n", n_large,
             REWEIGHT_GOAL_S, large->reweight_s,
             large->reweight_s < REWEIGHT_GOAL_S ? "met" : "NOT met");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *label = NULL;
  const char        *env = g_getenv ("HOTLIST_BENCH_LEADS");
  guint64            large = DEFAULT_LARGE;
  guint64            small_n;
  RunResult          small = { 0 }, big = { 0 };
  gboolean           have_small;

  g_set_prgname ("bench-scoring");

  (void)argc;
  (void)argv;
  bench_scratch_install_handlers ();
  if (env != NULL && *env != '\0'
      && !g_ascii_string_to_unsigned (env, 10, 100, MAX_LEADS, &large, &error))
    {
      g_printerr ("bench-scoring: HOTLIST_BENCH_LEADS: %s\n", error->message);
      return 1;
    }
  env = g_getenv ("HOTLIST_BENCH_PHASE_LIMIT");
  if (env != NULL && *env != '\0')
    {
      guint64 limit = 0;

      if (!g_ascii_string_to_unsigned (env, 10, 0, 7 * 24 * 3600, &limit, &error))
        {
          g_printerr ("bench-scoring: HOTLIST_BENCH_PHASE_LIMIT: %s\n", error->message);
          return 1;
        }
      phase_limit_usec = (gint64)limit * G_USEC_PER_SEC;
    }
  small_n = MIN ((guint64)SMALL_LEADS, large);
  have_small = small_n < large;
  if (have_small && !run (small_n, &small, &error))
    {
      label = bench_format_count (small_n);
      g_printerr ("bench-scoring: %s leads: %s\n", label, error->message);
      return 1;
    }
  if (!run (large, &big, &error))
    {
      label = bench_format_count (large);
      g_printerr ("bench-scoring: %s leads: %s\n", label, error->message);
      return 1;
    }
  print_table (have_small ? &small : &big, &big, have_small);
  return 0;
}
