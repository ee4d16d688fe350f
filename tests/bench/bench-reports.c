/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Benchmark: every report over 1,000,000 leads and 5,000,000 activities (override with
 * HOTLIST_BENCH_LEADS and HOTLIST_BENCH_ACTIVITIES). The goal is all reports in under a second.
 *
 * A synthetic workspace is written straight into SQLite in one transaction (that is not what is
 * measured): two years of leads from ten sources and forty SDRs, a campaign and a deal value as
 * custom attributes, outcomes that follow the scores, activities in the order they happened,
 * costs per source and campaign, an active model trained half-way, a challenger in a running
 * A/B experiment. Then, on a fresh connection as the Reports view opens one:
 * hotlist_reports_compute() over all time (first run, then the best of 3), with an owner, a
 * source and a campaign filter, over the last 90 days; each report on its own; and
 * hotlist_reports_to_json(). Prints numbers, never fails on them.
 *
 * HOTLIST_BENCH_KEEP=1 keeps the workspace and prints where it is, for profiling in the sqlite3
 * shell; HOTLIST_BENCH_WORKSPACE=FILE measures an existing workspace (such a kept one) instead
 * of generating one, and leaves it in place.
 */

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "bench-util.h"

#include "hotlist.h"
#include "store/hotlist-store-private.h"

#define DEFAULT_LEADS 1000000
#define DEFAULT_ACTIVITIES 5000000
#define MAX_LEADS 50000000
#define MAX_ACTIVITIES 500000000
#define REPEATS 3
#define GOAL_S 1.0
#define DAY ((gint64)86400)
#define SPAN_DAYS 730
#define RANGE_DAYS 90
#define WORKED_SHARE 0.85  /* leads with at least one activity */
#define CLOSABLE_SHARE 0.9 /* leads that ever close; the others stay open */
#define CLOSE_MEAN_DAYS 35.0
#define UNSCORED_SHARE 0.01
#define CAMPAIGN_SHARE 0.7
#define N_COMPANIES 12800
#define RANDOM_SEED 20260501

static const char *workspace_files[] = { "reports" HOTLIST_WORKSPACE_SUFFIX,
                                         "reports" HOTLIST_WORKSPACE_SUFFIX "-wal",
                                         "reports" HOTLIST_WORKSPACE_SUFFIX "-shm",
                                         "reports" HOTLIST_WORKSPACE_SUFFIX "-journal" };

/* ---- A small, fast, reproducible random source (SplitMix64). ---- */

static guint64 rng_state = RANDOM_SEED;

static inline guint64
rng_next (void)
{
  guint64 z = (rng_state += 0x9e3779b97f4a7c15ull);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* In [0, 1). */
static inline double
rng_uniform (void)
{
  return (double)(rng_next () >> 11) * 0x1.0p-53;
}

static inline guint
rng_below (guint n)
{
  return (guint)(rng_uniform () * n);
}

static inline double
rng_normal (void)
{
  double u = 1.0 - rng_uniform (), v = rng_uniform ();

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Exponential with mean @mean. */
static inline double
rng_exponential (double mean)
{
  return -log (1.0 - rng_uniform ()) * mean;
}

static inline guint
rng_poisson (double mean)
{
  double limit = exp (-mean), product = rng_uniform ();
  guint  k = 0;

  if (mean > 30) /* not reached with the default sizes; a normal approximation is enough */
    return (guint)MAX (0.0, round (mean + sqrt (mean) * rng_normal ()));
  while (product > limit)
    {
      product *= rng_uniform ();
      k++;
    }
  return k;
}

static inline double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

/* ---- The synthetic world. Every name is invented. ---- */

static const char *first_names[] = {
  "Ada",  "Ben",   "Chloe", "Dev",   "Elena", "Farid", "Grace", "Hugo",   "Ines",   "Jonas",
  "Kira", "Liam",  "Maya",  "Noah",  "Olga",  "Pablo", "Quinn", "Rosa",   "Sami",   "Tara",
  "Umar", "Vera",  "Wes",   "Xenia", "Yusuf", "Zoe",   "Aaron", "Bianca", "Carlos", "Dana",
  "Emil", "Fiona", "Gil",   "Hana",  "Ivan",  "Jade",  "Kofi",  "Lena",   "Marco",  "Nina",
};

static const char *last_names[] = {
  "Abbott", "Baker",  "Castro", "Dubois", "Ekberg", "Fischer", "Garcia", "Haddad",
  "Ito",    "Jensen", "Kowal",  "Lopez",  "Moreau", "Novak",   "Okafor", "Petrov",
  "Quist",  "Rossi",  "Silva",  "Tanaka", "Ueda",   "Varga",   "Weber",  "Xu",
  "Young",  "Zimmer", "Arendt", "Brandt", "Costa",  "Diaz",    "Evans",  "Fontaine",
};

static const char *company_words[] = {
  "North",   "Blue",   "Bright",   "Cedar",  "Delta",    "Ember", "Falcon", "Granite",
  "Harbor",  "Iron",   "Juniper",  "Kite",   "Lumen",    "Maple", "Nimbus", "Orchid",
  "Pioneer", "Quartz", "River",    "Summit", "Tidal",    "Umber", "Vertex", "Willow",
  "Apex",    "Beacon", "Copper",   "Drift",  "Echo",     "Fjord", "Golden", "Helix",
  "Indigo",  "Jet",    "Keystone", "Lark",   "Meridian", "Nova",  "Onyx",   "Prism",
};

static const char *company_suffixes[] = {
  "Labs", "Systems", "Group", "Analytics", "Logistics", "Health", "Software", "Partners",
};

static const char *job_titles[] = {
  "Chief Executive Officer", "VP of Sales",       "VP, Marketing",
  "Head of Growth",          "Director of IT",    "Marketing Director",
  "Sales Manager",           "Marketing Manager", "IT Manager",
  "Operations Manager",      "Product Manager",   "Marketing Specialist",
  "Business Analyst",        "Software Engineer", "Account Executive",
  "Office Manager",
};

static const char *industries[] = {
  "Software", "Financial Services", "Healthcare", "Manufacturing",
  "Retail",   "Education",          "Logistics",  "Hospitality",
};

static const char *countries[] = {
  "United States", "United Kingdom", "Germany", "France",
  "Canada",        "Netherlands",    "Spain",   "Australia",
};

/* Lead sources with how they shift a lead's log-odds and what a quarter of them costs. */
static const struct
{
  const char *name;
  double      share;
  double      effect;
  double      quarter_cost;
} sources[] = {
  { "Organic search", 0.18, 0.1, 6000 }, { "Paid search", 0.16, -0.2, 45000 },
  { "Webinar", 0.10, 0.4, 12000 },       { "Referral", 0.06, 0.8, 8000 },
  { "Event", 0.07, 0.3, 30000 },         { "Outbound", 0.14, -0.6, 20000 },
  { "LinkedIn ads", 0.10, -0.1, 38000 }, { "Content download", 0.09, 0.0, 9000 },
  { "Partner", 0.05, 0.5, 15000 },       { "Direct", 0.05, 0.2, 0 },
};

/* Campaigns are a theme and the quarter it ran in: "Spring webinar Q2 2025". */
static const char *campaign_themes[] = {
  "Spring webinar", "Product launch", "Outbound push", "Partner summit", "Retargeting",
};

static const char *open_statuses[] = { "New", "Working", "Nurturing" };
static const char *lost_statuses[] = { "Unqualified", "Disqualified", "No response" };

static const char *utm_media[] = { "email", "cpc", "social", "organic", "referral" };
static const char *plans[] = { "Starter", "Team", "Business", "Enterprise" };

/* Activity types with their share of activities. */
typedef enum
{
  ACT_EMAIL_OPEN,
  ACT_PAGE_VIEW,
  ACT_EMAIL_CLICK,
  ACT_CALL,
  ACT_FORM,
  ACT_EMAIL_REPLY,
  ACT_NOTE,
  ACT_MEETING,
  N_ACT_TYPES
} ActivityType;

static const struct
{
  const char *type;
  double      share;
  const char *details;
} activity_types[N_ACT_TYPES] = {
  [ACT_EMAIL_OPEN] = { "email_open", 0.34, NULL },
  [ACT_PAGE_VIEW] = { "page_view", 0.20, "/pricing" },
  [ACT_EMAIL_CLICK] = { "email_click", 0.12, NULL },
  [ACT_CALL] = { "call", 0.14, "Connected, 6 min" },
  [ACT_FORM] = { "form_submission", 0.08, "Contact us" },
  [ACT_EMAIL_REPLY] = { "email_reply", 0.06, NULL },
  [ACT_NOTE] = { "note", 0.03, "Asked for a follow-up next quarter" },
  [ACT_MEETING] = { "meeting_booked", 0.03, "Discovery call" },
};

#define N_OWNERS 40
#define N_QUARTERS (SPAN_DAYS / 91 + 2)

typedef struct
{
  gint64   created_at;
  gint64   outcome_at; /* 0 while open */
  gint64   last_activity;
  double   p_true;
  double   probability;   /* the active model's */
  double   probability_b; /* the challenger's, for leads created during the experiment */
  guint32  n_activities;
  guint8   outcome; /* HotlistOutcome */
  guint8   source;
  guint8   owner;
  gint8    campaign; /* theme index, -1 for none */
  gboolean scored;
} Lead;

typedef struct
{
  gint64  date;
  guint32 lead; /* index into the leads */
  guint8  type;
} Activity;

typedef struct
{
  guint64 leads;
  guint64 activities;
  guint64 closed;
  guint64 converted;
  guint64 meetings;
  gint64  start, end;
  gint64  trained_at, challenger_trained_at, experiment_started_at;
  double  generate_s;
} World;

static char owner_names[N_OWNERS][48];

static double
seconds_since (gint64 start)
{
  return (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint
quarter_of (const World *world, gint64 t)
{
  return (guint)((t - world->start) / (91 * DAY));
}

static void
campaign_name (const World *world, guint theme, guint quarter, char *out, gsize size)
{
  g_autoptr (GDateTime) at =
      g_date_time_new_from_unix_utc (world->start + (gint64)quarter * 91 * DAY);

  g_snprintf (out, size, "%s Q%d %d", campaign_themes[theme],
              (g_date_time_get_month (at) - 1) / 3 + 1, g_date_time_get_year (at));
}

static int
compare_activities (const void *a, const void *b)
{
  const Activity *x = a, *y = b;

  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  return (x->lead > y->lead) - (x->lead < y->lead);
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static gboolean
exec (sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (sqlite3 *db, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sqlite3_sql (stmt),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* The models, the experiment, the custom attributes, the costs, the workspace's name. */
static gboolean
write_metadata (sqlite3 *db, const World *world, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt    *stmt;
  char             name[96];

  sql = g_strdup_printf (
      "INSERT INTO workspace_meta (key, value) VALUES ('name', 'Reports benchmark');"
      "INSERT INTO scoring_models (model_id, model_name, origin, trained_at, status) VALUES"
      "  (1, 'Starter model', 'starter', %" G_GINT64_FORMAT ", 'retired'),"
      "  (2, 'Gradient boosting, mid-term retrain', 'trained', %" G_GINT64_FORMAT ", 'active'),"
      "  (3, 'Gradient boosting with engagement', 'trained', %" G_GINT64_FORMAT ", 'challenger');"
      "INSERT INTO experiments (model_a, model_b, split, started_at) VALUES"
      "  (2, 3, 0.5, %" G_GINT64_FORMAT ");"
      "INSERT INTO attributes (key, label, kind, attr_group, is_core, column_name, position)"
      " VALUES ('campaign', 'Campaign', 'category', 'crm', 0, 'Campaign', 10),"
      "  ('deal_value', 'Deal value', 'number', 'crm', 0, 'Deal value', 11),"
      "  ('utm_medium', 'UTM medium', 'category', 'behavior', 0, 'UTM medium', 12),"
      "  ('plan', 'Plan', 'category', 'custom', 0, 'Plan', 13);",
      world->start, world->trained_at, world->challenger_trained_at, world->experiment_started_at);
  if (!exec (db, sql, error))
    return FALSE;

  stmt = prepare (db,
                  "INSERT INTO campaign_costs (kind, name, cost, currency, period_start,"
                  " period_end) VALUES (?1, ?2, ?3, 'USD', ?4, ?5)",
                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint q = 0; q < N_QUARTERS; q++)
    {
      gint64 from = world->start + (gint64)q * 91 * DAY, to = from + 91 * DAY;

      if (from >= world->end)
        break;
      for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
        {
          if (sources[s].quarter_cost == 0)
            continue;
          sqlite3_bind_text (stmt, 1, "source", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, sources[s].name, -1, SQLITE_STATIC);
          sqlite3_bind_double (stmt, 3,
                               round (sources[s].quarter_cost * (0.8 + 0.4 * rng_uniform ())));
          sqlite3_bind_int64 (stmt, 4, from);
          sqlite3_bind_int64 (stmt, 5, to);
          if (!step_done (db, stmt, error))
            goto fail;
        }
      for (guint t = 0; t < G_N_ELEMENTS (campaign_themes); t++)
        {
          campaign_name (world, t, q, name, sizeof name);
          sqlite3_bind_text (stmt, 1, "campaign", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_double (stmt, 3, round (5000 + 20000 * rng_uniform ()));
          sqlite3_bind_int64 (stmt, 4, from);
          sqlite3_bind_int64 (stmt, 5, to);
          if (!step_done (db, stmt, error))
            goto fail;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;

fail:
  sqlite3_finalize (stmt);
  return FALSE;
}

/* Leads, then their activities, in memory; outcomes follow the true odds, which the models
 * see through some noise. */
static Lead *
make_leads (World *world)
{
  Lead   *leads = g_new0 (Lead, world->leads);
  gint64 *created = g_new (gint64, world->leads);
  double  span = (double)(world->end - world->start);
  double  source_cum[G_N_ELEMENTS (sources)], total = 0;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    source_cum[s] = (total += sources[s].share);

  /* Some growth: twice as many leads a day at the end as at the start. */
  for (guint64 i = 0; i < world->leads; i++)
    {
      double v = rng_uniform ();

      created[i] = world->start + (gint64)(span * (sqrt (1.0 + 3.0 * v) - 1.0));
    }
  qsort (created, world->leads, sizeof (gint64), compare_gint64);

  for (guint64 i = 0; i < world->leads; i++)
    {
      Lead  *lead = &leads[i];
      double u = rng_uniform () * total, age, logit_model, logit_true, delay;
      guint  s = 0;

      while (s + 1 < G_N_ELEMENTS (sources) && u >= source_cum[s])
        s++;
      lead->created_at = created[i];
      lead->source = s;
      lead->owner = rng_below (N_OWNERS);
      lead->campaign =
          rng_uniform () < CAMPAIGN_SHARE ? (gint8)rng_below (G_N_ELEMENTS (campaign_themes)) : -1;
      /* What the model knows, drifting a little over the two years, and what it does not. */
      logit_model = -2.0 + 0.15 * (lead->created_at - world->start) / span + sources[s].effect
                    + 1.0 * rng_normal ();
      logit_true = logit_model + 0.7 * rng_normal ();
      lead->p_true = sigmoid (logit_true);
      lead->probability = sigmoid (logit_model);
      /* The challenger sees a little more of the truth. */
      lead->probability_b = sigmoid (0.75 * logit_model + 0.25 * logit_true);
      lead->scored = rng_uniform () >= UNSCORED_SHARE;

      age = (double)(world->end - lead->created_at);
      delay = rng_exponential (CLOSE_MEAN_DAYS * DAY);
      if (rng_uniform () < CLOSABLE_SHARE && delay < age)
        {
          lead->outcome_at = lead->created_at + MAX ((gint64)delay, 3600);
          lead->outcome_at = MIN (lead->outcome_at, world->end - 1);
          lead->outcome =
              rng_uniform () < lead->p_true ? HOTLIST_OUTCOME_CONVERTED : HOTLIST_OUTCOME_LOST;
          world->closed++;
          world->converted += lead->outcome == HOTLIST_OUTCOME_CONVERTED;
        }
      else
        lead->outcome = HOTLIST_OUTCOME_OPEN;
    }
  g_free (created);
  return leads;
}

/* How many activities each lead gets: WORKED_SHARE of the leads at least one, better leads
 * more, exactly world->activities in all. */
static void
count_activities (World *world, Lead *leads)
{
  double    worked_share = MIN (WORKED_SHARE, (double)world->activities / MAX (world->leads, 1));
  double    weights = 0, k;
  guint64   n_worked = 0, total = 0;
  gboolean *worked = g_new0 (gboolean, world->leads);

  for (guint64 i = 0; i < world->leads; i++)
    if (rng_uniform () < worked_share)
      {
        worked[i] = TRUE;
        n_worked++;
        weights += 0.5 + 2.0 * leads[i].p_true;
      }
  k = weights > 0 && world->activities > n_worked ? (world->activities - n_worked) / weights : 0;
  for (guint64 i = 0; i < world->leads; i++)
    if (worked[i])
      {
        leads[i].n_activities = 1 + rng_poisson (k * (0.5 + 2.0 * leads[i].p_true));
        total += leads[i].n_activities;
      }
  while (total < world->activities && world->leads > 0)
    {
      guint64 i = rng_next () % world->leads;

      leads[i].n_activities++;
      total++;
    }
  while (total > world->activities)
    {
      guint64 i = rng_next () % world->leads;

      if (leads[i].n_activities > 0)
        {
          leads[i].n_activities--;
          total--;
        }
    }
  g_free (worked);
}

static Activity *
make_activities (World *world, Lead *leads)
{
  Activity *activities = g_new (Activity, MAX (world->activities, 1));
  double    type_cum[N_ACT_TYPES], total = 0;
  guint64   n = 0;

  for (guint t = 0; t < N_ACT_TYPES; t++)
    type_cum[t] = (total += activity_types[t].share);
  for (guint64 i = 0; i < world->leads; i++)
    {
      Lead  *lead = &leads[i];
      gint64 first, last;

      if (lead->n_activities == 0)
        continue;
      /* The first touch within hours, sometimes days; the others until the lead closes (and a
       * little after), within four months. */
      first = lead->created_at + (gint64)(exp (log (4 * 3600.0) + 1.5 * rng_normal ()));
      last = lead->outcome_at != 0 ? lead->outcome_at + 7 * DAY : world->end;
      last = MIN (MIN (last, lead->created_at + 120 * DAY), world->end - 1);
      first = MIN (first, last);
      for (guint j = 0; j < lead->n_activities; j++)
        {
          Activity *a = &activities[n++];
          double    u = rng_uniform () * total;
          guint     t = 0;

          while (t + 1 < N_ACT_TYPES && u >= type_cum[t])
            t++;
          /* Leads that converted booked a meeting more often than not. */
          if (j == 0 && lead->outcome == HOTLIST_OUTCOME_CONVERTED && lead->n_activities > 1
              && rng_uniform () < 0.7)
            t = ACT_MEETING;
          a->lead = (guint32)i;
          a->type = t;
          a->date = j == 0 ? first : first + (gint64)(rng_uniform () * (double)(last - first));
          if (a->date > lead->last_activity)
            lead->last_activity = a->date;
          world->meetings += t == ACT_MEETING;
        }
    }
  g_assert (n == world->activities);
  /* In the order they happened, as a sync or a tracker brings them. */
  qsort (activities, n, sizeof (Activity), compare_activities);
  return activities;
}

static gboolean
insert_leads (sqlite3 *db, const World *world, const Lead *leads, GError **error)
{
  sqlite3_stmt *stmt = prepare (
      db,
      "INSERT INTO leads (id, lead_id, source, external_id, first_name, last_name, email,"
      " company, job_title, industry, company_size, country, lead_source, status, owner, outcome,"
      " outcome_at, lead_score, probability, tier, score_model_id, scored_at,"
      " last_activity_date, created_at, updated_at, custom)"
      " VALUES (?1, ?2, 'hubspot', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
      " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
      error);
  gint64 model_trained[4] = { 0, world->start, world->trained_at, world->challenger_trained_at };

  if (stmt == NULL)
    return FALSE;
  for (guint64 i = 0; i < world->leads; i++)
    {
      const Lead      *lead = &leads[i];
      const char      *first = first_names[rng_below (G_N_ELEMENTS (first_names))];
      const char      *last = last_names[rng_below (G_N_ELEMENTS (last_names))];
      guint            company = rng_below (N_COMPANIES);
      char             external_id[24], email[128], company_name[64], custom[256], campaign[64];
      guint8           lead_id[16];
      g_autofree char *email_first = g_ascii_strdown (first, -1);
      g_autofree char *email_last = g_ascii_strdown (last, -1);
      const char      *tier = NULL;
      const char      *status;
      double           probability;
      int              model;
      gint64 updated = MAX (MAX (lead->created_at, lead->outcome_at), lead->last_activity);
      int    len;

      hotlist_uuid_generate (lead_id);
      /* Leads created since the experiment started are scored by their arm's model (the
       * scorer's split: arm B when the hash falls under the split). */
      model = 0;
      probability = lead->probability;
      if (lead->scored)
        {
          model = 2;
          if (lead->created_at >= world->experiment_started_at
              && (double)(hotlist_lead_arm_hash (lead_id) >> 11) * 0x1.0p-53 < 0.5)
            {
              model = 3;
              probability = lead->probability_b;
            }
        }
      g_snprintf (external_id, sizeof external_id, "%" G_GUINT64_FORMAT, 100000000 + i);
      g_snprintf (company_name, sizeof company_name, "%s %s %s",
                  company_words[company % G_N_ELEMENTS (company_words)],
                  company_words[(company / 40 + 7) % G_N_ELEMENTS (company_words)],
                  company_suffixes[(company / 1600) % G_N_ELEMENTS (company_suffixes)]);
      g_snprintf (email, sizeof email, "%s.%s@%s%s-%u.example", email_first, email_last,
                  company_words[company % G_N_ELEMENTS (company_words)],
                  company_suffixes[(company / 1600) % G_N_ELEMENTS (company_suffixes)], company);
      for (char *c = email; *c != '\0'; c++)
        *c = g_ascii_tolower (*c);

      len = g_snprintf (custom, sizeof custom, "{\"utm_medium\":\"%s\",\"plan\":\"%s\"",
                        utm_media[rng_below (G_N_ELEMENTS (utm_media))],
                        plans[rng_below (G_N_ELEMENTS (plans))]);
      if (lead->campaign >= 0)
        {
          campaign_name (world, lead->campaign, quarter_of (world, lead->created_at), campaign,
                         sizeof campaign);
          len += g_snprintf (custom + len, sizeof custom - len, ",\"campaign\":\"%s\"", campaign);
        }
      if (lead->outcome == HOTLIST_OUTCOME_CONVERTED && rng_uniform () < 0.9)
        len += g_snprintf (custom + len, sizeof custom - len, ",\"deal_value\":\"%.0f\"",
                           500.0 * round (exp (log (12000.0) + 0.8 * rng_normal ()) / 500.0));
      g_snprintf (custom + len, sizeof custom - len, "}");

      if (lead->outcome == HOTLIST_OUTCOME_OPEN)
        status = open_statuses[rng_below (G_N_ELEMENTS (open_statuses))];
      else if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
        status = "Qualified";
      else
        status = lost_statuses[rng_below (G_N_ELEMENTS (lost_statuses))];
      if (model != 0 && lead->outcome == HOTLIST_OUTCOME_OPEN)
        tier = probability >= 0.40   ? "hot"
               : probability >= 0.22 ? "warm"
               : probability >= 0.12 ? "cool"
                                     : "cold";

      sqlite3_bind_int64 (stmt, 1, (gint64)i + 1);
      sqlite3_bind_blob (stmt, 2, lead_id, 16, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, external_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, company_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, job_titles[rng_below (G_N_ELEMENTS (job_titles))], -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, industries[company % G_N_ELEMENTS (industries)], -1,
                         SQLITE_STATIC);
      sqlite3_bind_int (stmt, 10, (int)round (exp (log (200.0) + 1.5 * rng_normal ())) + 1);
      sqlite3_bind_text (stmt, 11, countries[rng_below (G_N_ELEMENTS (countries))], -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, sources[lead->source].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 14, owner_names[lead->owner], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 15, hotlist_outcome_to_string (lead->outcome), -1, SQLITE_STATIC);
      if (lead->outcome_at != 0)
        sqlite3_bind_int64 (stmt, 16, lead->outcome_at);
      else
        sqlite3_bind_null (stmt, 16);
      if (model != 0)
        {
          sqlite3_bind_int (stmt, 17, (int)lround (100.0 * probability));
          sqlite3_bind_double (stmt, 18, probability);
          bind_text_or_null (stmt, 19, tier);
          sqlite3_bind_int (stmt, 20, model);
          sqlite3_bind_int64 (stmt, 21, MAX (lead->created_at, model_trained[model]));
        }
      else
        for (int c = 17; c <= 21; c++)
          sqlite3_bind_null (stmt, c);
      if (lead->last_activity != 0)
        sqlite3_bind_int64 (stmt, 22, lead->last_activity);
      else
        sqlite3_bind_null (stmt, 22);
      sqlite3_bind_int64 (stmt, 23, lead->created_at);
      sqlite3_bind_int64 (stmt, 24, updated);
      sqlite3_bind_text (stmt, 25, custom, -1, SQLITE_TRANSIENT);
      if (!step_done (db, stmt, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
insert_activities (sqlite3 *db, const World *world, const Activity *activities, GError **error)
{
  sqlite3_stmt *stmt = prepare (db,
                                "INSERT INTO activities (id, activity_id, lead, activity_type,"
                                " activity_date, activity_details, source, external_id)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'hubspot', ?7)",
                                error);
  gint64        last_say = g_get_monotonic_time ();

  if (stmt == NULL)
    return FALSE;
  for (guint64 i = 0; i < world->activities; i++)
    {
      const Activity *a = &activities[i];
      guint8          key[16];
      char            activity_id[37], external_id[24];

      hotlist_uuid_generate (key);
      hotlist_uuid_format (key, activity_id);
      g_snprintf (external_id, sizeof external_id, "%" G_GUINT64_FORMAT, 1000000000 + i);
      sqlite3_bind_int64 (stmt, 1, (gint64)i + 1);
      sqlite3_bind_text (stmt, 2, activity_id, 36, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, (gint64)a->lead + 1);
      sqlite3_bind_text (stmt, 4, activity_types[a->type].type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, a->date);
      bind_text_or_null (stmt, 6, activity_types[a->type].details);
      sqlite3_bind_text (stmt, 7, external_id, -1, SQLITE_TRANSIENT);
      if (!step_done (db, stmt, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if ((i & 0xffff) == 0 && g_get_monotonic_time () - last_say > 15 * G_USEC_PER_SEC)
        {
          bench_say ("  ... %.0f %% of the activities written", 100.0 * i / world->activities);
          last_say = g_get_monotonic_time ();
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
generate (const char *path, World *world, GError **error)
{
  g_autoptr (HotlistStore) store = NULL;
  g_autofree Lead         *leads = NULL;
  g_autofree Activity     *activities = NULL;
  sqlite3                 *db;
  gint64                   start = g_get_monotonic_time (), phase;

  for (guint i = 0; i < N_OWNERS; i++)
    g_snprintf (owner_names[i], sizeof owner_names[i], "%s %s",
                first_names[(i * 7) % G_N_ELEMENTS (first_names)],
                last_names[(i * 11 + 3) % G_N_ELEMENTS (last_names)]);

  phase = g_get_monotonic_time ();
  leads = make_leads (world);
  count_activities (world, leads);
  activities = make_activities (world, leads);
  bench_say ("  leads and activities made in memory in %.1f s", seconds_since (phase));

  /* The store makes the schema; the rows go in through SQLite directly, without the journal
   * (a failed generation is simply thrown away). */
  store = hotlist_store_open (path, error);
  if (store == NULL)
    return FALSE;
  db = hotlist_store_get_db (store);
  if (!exec (db,
             "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
             " PRAGMA cache_size = -1048576; BEGIN",
             error)
      || !write_metadata (db, world, error))
    return FALSE;
  phase = g_get_monotonic_time ();
  if (!insert_leads (db, world, leads, error))
    return FALSE;
  bench_say ("  leads written in %.1f s", seconds_since (phase));
  phase = g_get_monotonic_time ();
  if (!insert_activities (db, world, activities, error))
    return FALSE;
  bench_say ("  activities written in %.1f s", seconds_since (phase));
  phase = g_get_monotonic_time ();
  if (!exec (db, "COMMIT; PRAGMA journal_mode = WAL", error))
    return FALSE;
  bench_say ("  committed in %.1f s", seconds_since (phase));
  world->generate_s = seconds_since (start);
  return TRUE;
}

/* The sizes and dates of a workspace generated before. */
static gboolean
read_world (HotlistStore *store, World *world, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (
      store,
      "SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM activities),"
      " (SELECT count(*) FROM leads WHERE outcome <> 'open'),"
      " (SELECT count(*) FROM leads WHERE outcome = 'converted'),"
      " (SELECT count(*) FROM activities WHERE activity_type = 'meeting_booked'),"
      " (SELECT min(created_at) FROM leads),"
      " (SELECT max(max(created_at), coalesce(max(outcome_at), 0)) FROM leads)",
      error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      hotlist_store_set_error (store, error, "Could not read the workspace");
      sqlite3_reset (stmt);
      return FALSE;
    }
  world->leads = sqlite3_column_int64 (stmt, 0);
  world->activities = sqlite3_column_int64 (stmt, 1);
  world->closed = sqlite3_column_int64 (stmt, 2);
  world->converted = sqlite3_column_int64 (stmt, 3);
  world->meetings = sqlite3_column_int64 (stmt, 4);
  world->start = sqlite3_column_int64 (stmt, 5);
  world->end = sqlite3_column_int64 (stmt, 6) + 1;
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- Measuring. ---- */

typedef struct
{
  double first_s; /* the first run */
  double best_s;  /* the best of the REPEATS after it */
  double median_s;
  double cpu_s; /* CPU time of the best run */
} Timing;

typedef gpointer (*ComputeFunc) (HotlistStore             *store,
                                 const HotlistReportQuery *query,
                                 GError                  **error);

static gpointer
compute_all (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  return hotlist_reports_compute (store, query, error);
}

static const struct
{
  const char    *label;
  ComputeFunc    compute;
  GDestroyNotify free;
} report_funcs[] = {
  { "score distribution", (ComputeFunc)hotlist_reports_score_distribution,
    (GDestroyNotify)hotlist_score_distribution_free },
  { "conversion", (ComputeFunc)hotlist_reports_conversion,
    (GDestroyNotify)hotlist_conversion_report_free },
  { "model accuracy", (ComputeFunc)hotlist_reports_model_accuracy,
    (GDestroyNotify)hotlist_model_accuracy_free },
  { "SDR efficiency", (ComputeFunc)hotlist_reports_sdr_efficiency,
    (GDestroyNotify)hotlist_sdr_efficiency_free },
  { "ROI", (ComputeFunc)hotlist_reports_roi, (GDestroyNotify)hotlist_roi_report_free },
  { "experiments", (ComputeFunc)hotlist_reports_experiments,
    (GDestroyNotify)hotlist_experiments_report_free },
  { "drift", (ComputeFunc)hotlist_reports_drift, (GDestroyNotify)hotlist_drift_report_free },
};

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The first run, then REPEATS more; %FALSE when the report failed. */
static gboolean
measure (HotlistStore             *store,
         const HotlistReportQuery *query,
         ComputeFunc               compute,
         GDestroyNotify            free_func,
         Timing                   *timing,
         GError                  **error)
{
  double runs[REPEATS], cpus[REPEATS];

  for (int r = -1; r < REPEATS; r++)
    {
      gint64   start = g_get_monotonic_time ();
      double   cpu = cpu_seconds ();
      gpointer result = compute (store, query, error);
      double   wall = seconds_since (start);

      cpu = cpu_seconds () - cpu;
      if (result == NULL)
        return FALSE;
      free_func (result);
      if (r < 0)
        timing->first_s = wall;
      else
        {
          runs[r] = wall;
          cpus[r] = cpu;
        }
    }
  timing->best_s = runs[0];
  timing->cpu_s = cpus[0];
  for (int r = 1; r < REPEATS; r++)
    if (runs[r] < timing->best_s)
      {
        timing->best_s = runs[r];
        timing->cpu_s = cpus[r];
      }
  qsort (runs, REPEATS, sizeof (double), compare_doubles);
  timing->median_s = runs[REPEATS / 2];
  return TRUE;
}

static void
say_timing (const char *label, const Timing *t, const char *note)
{
  bench_say ("  %-36s %8.3f %8.3f %8.3f %8.3f  %s", label, t->first_s, t->best_s, t->median_s,
             t->cpu_s, note != NULL ? note : "");
}

static void
say_summary (const HotlistReports *r)
{
  const HotlistModelAccuracy    *acc = r->accuracy;
  const HotlistConversionReport *conv = r->conversion;
  guint                          n_costed_sources = 0, n_costed_campaigns = 0;

  for (guint i = 0; i < r->roi->n_sources; i++)
    n_costed_sources += !isnan (r->roi->sources[i].cost);
  for (guint i = 0; i < r->roi->n_campaigns; i++)
    n_costed_campaigns += !isnan (r->roi->campaigns[i].cost);
  bench_say ("what the reports found (all time):");
  bench_say ("  score distribution: %u scored, %u unscored; bands %u %u %u %u %u %u %u %u %u %u",
             r->distribution->n_scored, r->distribution->n_unscored, r->distribution->bands[0],
             r->distribution->bands[1], r->distribution->bands[2], r->distribution->bands[3],
             r->distribution->bands[4], r->distribution->bands[5], r->distribution->bands[6],
             r->distribution->bands[7], r->distribution->bands[8], r->distribution->bands[9]);
  bench_say ("  conversion: %u closed and scored, base rate %.3f, top decile %.3f (lift %.2f), "
             "bottom decile %.3f",
             conv->n, conv->base_rate, conv->deciles[0].rate, conv->deciles[0].lift,
             conv->deciles[HOTLIST_REPORT_N_DECILES - 1].rate);
  bench_say ("  model accuracy: model %" G_GINT64_FORMAT " (%s), %u leads (%u converted), "
             "AUC %.3f, Brier %.4f, ECE %.4f, %u ROC points",
             acc->model_id, acc->model_name != NULL ? acc->model_name : "no name", acc->n,
             acc->n_pos, acc->auc, acc->brier, acc->ece, acc->n_roc);
  bench_say ("  SDR efficiency: %u owners; %s: %u leads, %u worked, %.2f touches per lead, "
             "median first touch %.1f h, %u meetings",
             r->sdr->n_owners, r->sdr->n_owners > 0 ? r->sdr->owners[0].owner : "-",
             r->sdr->n_owners > 0 ? r->sdr->owners[0].leads : 0,
             r->sdr->n_owners > 0 ? r->sdr->owners[0].leads_worked : 0,
             r->sdr->n_owners > 0 ? r->sdr->owners[0].touches_per_lead : NAN,
             r->sdr->n_owners > 0 ? r->sdr->owners[0].median_first_touch / 3600 : NAN,
             r->sdr->n_owners > 0 ? r->sdr->owners[0].meetings : 0);
  bench_say ("  ROI: %u sources (%u with costs), %u campaigns (%u with costs); campaign attribute "
             "%s, revenue attribute %s",
             r->roi->n_sources, n_costed_sources, r->roi->n_campaigns, n_costed_campaigns,
             r->roi->campaign_attribute != NULL ? r->roi->campaign_attribute : "none",
             r->roi->revenue_attribute != NULL ? r->roi->revenue_attribute : "none");
  for (guint i = 0; i < r->experiments->n_experiments; i++)
    {
      const HotlistExperimentReport *e = &r->experiments->experiments[i];

      bench_say ("  experiment %" G_GINT64_FORMAT ": A %u leads, %u resolved, rate %.3f; "
                 "B %u leads, %u resolved, rate %.3f; p = %.3g; arm names %s / %s",
                 e->experiment_id, e->arms[0].n_leads, e->arms[0].n_resolved, e->arms[0].rate,
                 e->arms[1].n_leads, e->arms[1].n_resolved, e->arms[1].rate, e->p_value,
                 e->arms[0].model_name != NULL ? e->arms[0].model_name : "(none)",
                 e->arms[1].model_name != NULL ? e->arms[1].model_name : "(none)");
    }
  bench_say ("  drift: %u %s periods%s", r->drift->n_periods,
             r->drift->unit == HOTLIST_DRIFT_WEEK ? "weekly" : "monthly",
             r->drift->n_periods > 0 ? "" : " (none)");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (HotlistStore)   store = NULL;
  g_autoptr (HotlistReports) reports = NULL;
  g_autofree char           *tmpdir = NULL;
  g_autofree char           *db_path = NULL;
  g_autofree char           *cpu = bench_cpu_model ();
  g_autofree char           *memory = bench_memory_total ();
  g_autofree char           *n_leads = NULL, *n_activities = NULL, *n_closed = NULL;
  g_auto (GStrv)             owners = NULL;
  g_auto (GStrv)             campaigns = NULL;
  const char                *reuse = g_getenv ("HOTLIST_BENCH_WORKSPACE");
  gboolean                   keep = g_strcmp0 (g_getenv ("HOTLIST_BENCH_KEEP"), "1") == 0;
  World                      world = { 0 };
  HotlistReportQuery         query;
  Timing                     timing, all_time;
  GStatBuf                   st;
  double                     parts_total = 0;
  const char                *env;

  (void)argc;
  (void)argv;
  setlocale (LC_ALL, "");
  g_set_prgname ("bench-reports");

  world.leads = DEFAULT_LEADS;
  world.activities = DEFAULT_ACTIVITIES;
  env = g_getenv ("HOTLIST_BENCH_LEADS");
  if (env != NULL && *env != '\0'
      && !g_ascii_string_to_unsigned (env, 10, 100, MAX_LEADS, &world.leads, &error))
    {
      g_printerr ("bench-reports: HOTLIST_BENCH_LEADS: %s\n", error->message);
      return 1;
    }
  env = g_getenv ("HOTLIST_BENCH_ACTIVITIES");
  if (env != NULL && *env != '\0'
      && !g_ascii_string_to_unsigned (env, 10, 0, MAX_ACTIVITIES, &world.activities, &error))
    {
      g_printerr ("bench-reports: HOTLIST_BENCH_ACTIVITIES: %s\n", error->message);
      return 1;
    }

  bench_say ("machine: %s, %u cores, %s; SQLite %s", cpu, g_get_num_processors (), memory,
             sqlite3_libversion ());

  if (reuse != NULL && *reuse != '\0')
    {
      db_path = g_strdup (reuse);
      bench_say ("measuring the existing workspace %s (not generated, left in place)", db_path);
    }
  else
    {
      /* The end of the data is today (UTC midnight), the start two years before. */
      world.end = (g_get_real_time () / G_USEC_PER_SEC) / DAY * DAY;
      world.start = world.end - SPAN_DAYS * DAY;
      world.trained_at = world.start + SPAN_DAYS / 2 * DAY;
      world.challenger_trained_at = world.end - 60 * DAY;
      world.experiment_started_at = world.end - 45 * DAY;

      tmpdir = g_dir_make_tmp ("hotlist-bench-reports-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          g_printerr ("bench-reports: %s\n", error->message);
          return 1;
        }
      db_path = g_build_filename (tmpdir, workspace_files[0], NULL);
      if (!keep)
        {
          bench_scratch_set (tmpdir, workspace_files, G_N_ELEMENTS (workspace_files));
          bench_scratch_install_handlers ();
        }
      n_leads = bench_format_count (world.leads);
      n_activities = bench_format_count (world.activities);
      bench_say ("generating %s leads and %s activities over %d days in %s", n_leads, n_activities,
                 SPAN_DAYS, tmpdir);
      if (!generate (db_path, &world, &error))
        {
          g_printerr ("bench-reports: generating the workspace: %s\n", error->message);
          if (!keep)
            bench_remove_tree (tmpdir);
          return 1;
        }
      g_clear_pointer (&n_leads, g_free);
      g_clear_pointer (&n_activities, g_free);
      bench_say ("generated in %.1f s (not measured)", world.generate_s);
    }

  /* A connection of its own, as the Reports view's worker thread opens one; the operating
   * system's cache holds the file just written, SQLite's own cache is empty. */
  store = hotlist_store_open (db_path, &error);
  if (store == NULL || !read_world (store, &world, &error))
    {
      g_printerr ("bench-reports: %s\n", error->message);
      return 1;
    }
  n_leads = bench_format_count (world.leads);
  n_activities = bench_format_count (world.activities);
  n_closed = bench_format_count (world.closed);
  if (g_stat (db_path, &st) != 0)
    st.st_size = 0;
  bench_say ("workspace: %s leads (%s closed, %.1f %% of them converted), %s activities "
             "(%.2f per lead, %.1f %% meeting_booked), %.0f MiB; no ANALYZE (the app never runs "
             "it, so the planner has no statistics)",
             n_leads, n_closed, 100.0 * world.converted / MAX (world.closed, 1), n_activities,
             (double)world.activities / MAX (world.leads, 1),
             100.0 * world.meetings / MAX (world.activities, 1), st.st_size / 1048576.0);

  owners = hotlist_reports_list_owners (store, &error);
  campaigns = owners != NULL ? hotlist_reports_list_campaigns (store, &error) : NULL;
  if (campaigns == NULL)
    {
      g_printerr ("bench-reports: %s\n", error->message);
      return 1;
    }

  bench_say ("seconds (wall; first run on a fresh connection, then the best and median of %d "
             "more; CPU of the best):",
             REPEATS);
  bench_say ("  %-36s %8s %8s %8s %8s", "", "first", "best", "median", "cpu");

  hotlist_report_query_init (&query);
  if (!measure (store, &query, compute_all, (GDestroyNotify)hotlist_reports_free, &all_time,
                &error))
    goto failed;
  say_timing ("all reports, all time", &all_time,
              all_time.best_s < GOAL_S ? "goal (< 1 s) met" : "goal (< 1 s) NOT met");

  hotlist_report_query_init (&query);
  query.owner = owners[0] != NULL ? owners[0] : "nobody";
  if (!measure (store, &query, compute_all, (GDestroyNotify)hotlist_reports_free, &timing, &error))
    goto failed;
  say_timing ("all reports, one owner", &timing, query.owner);

  hotlist_report_query_init (&query);
  query.source = "Webinar";
  if (!measure (store, &query, compute_all, (GDestroyNotify)hotlist_reports_free, &timing, &error))
    goto failed;
  say_timing ("all reports, one source", &timing, query.source);

  hotlist_report_query_init (&query);
  query.campaign = campaigns[0] != NULL ? campaigns[0] : "none";
  if (!measure (store, &query, compute_all, (GDestroyNotify)hotlist_reports_free, &timing, &error))
    goto failed;
  say_timing ("all reports, one campaign", &timing, query.campaign);

  hotlist_report_query_init (&query);
  query.to = world.end;
  query.from = world.end - RANGE_DAYS * DAY;
  if (!measure (store, &query, compute_all, (GDestroyNotify)hotlist_reports_free, &timing, &error))
    goto failed;
  say_timing ("all reports, last 90 days", &timing, NULL);

  hotlist_report_query_init (&query);
  for (guint k = 0; k < G_N_ELEMENTS (report_funcs); k++)
    {
      g_autofree char *label = g_strdup_printf ("  %s alone", report_funcs[k].label);
      g_autofree char *share = NULL;

      if (!measure (store, &query, report_funcs[k].compute, report_funcs[k].free, &timing, &error))
        goto failed;
      parts_total += timing.best_s;
      share = g_strdup_printf ("%3.0f %% of all reports", 100.0 * timing.best_s / all_time.best_s);
      say_timing (label, &timing, share);
    }
  bench_say ("  %-36s %8s %8.3f", "  sum of the reports alone", "", parts_total);

  reports = hotlist_reports_compute (store, &query, &error);
  if (reports == NULL)
    goto failed;
  {
    double json_best = INFINITY;
    gsize  json_bytes = 0;

    for (int r = 0; r <= REPEATS; r++)
      {
        gint64           start = g_get_monotonic_time ();
        g_autofree char *json = hotlist_reports_to_json (reports);
        double           s = seconds_since (start);

        json_bytes = strlen (json);
        if (r > 0)
          json_best = MIN (json_best, s);
      }
    bench_say ("  %-36s %8s %8.3f %8s %8s  %" G_GSIZE_FORMAT " bytes", "hotlist_reports_to_json",
               "", json_best, "", "", json_bytes);
  }
  say_summary (reports);

  g_clear_object (&store);
  if (tmpdir != NULL)
    {
      if (keep)
        bench_say ("kept the workspace (HOTLIST_BENCH_KEEP=1): %s", db_path);
      else
        {
          bench_scratch_set (NULL, NULL, 0);
          bench_remove_tree (tmpdir);
        }
    }
  return 0;

failed:
  g_printerr ("bench-reports: %s\n", error->message);
  g_clear_object (&store);
  if (tmpdir != NULL && !keep)
    bench_remove_tree (tmpdir);
  return 1;
}
