/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Report computations: one pass over the workspace's leads, then every report from it. */

#include "config.h"

#include "hotlist-reports.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scoring/hotlist-metrics.h"
#include "scoring/hotlist-scorer.h"
#include "store/hotlist-store-private.h"
#include "store/hotlist-value.h"

/*
 * A report reads each lead of the workspace once, as a compact row: the figures the reports
 * need, the activity counts the store keeps on the lead (touches, first touch, meetings, kept by
 * triggers on activities), and its owner, source and campaign as indices into a table of names.
 * The date range is applied here, per report, because the reports do not agree on which date
 * counts: the closing date for conversion and accuracy, the creation date for the rest.
 */
typedef struct
{
  gint64  created_at;
  gint64  outcome_at;
  gint64  first_touch_at;
  gint64  model_id;
  double  probability; /* NAN when unscored */
  double  revenue;     /* NAN when unknown */
  guint64 arm_hash;    /* only when an experiment is reported */
  guint32 touches;
  guint32 meetings;
  guint32 owner; /* index into Scan.names; 0 for none */
  guint32 source;
  guint32 campaign;
  gint16  score; /* −1 when unscored */
  guint8  outcome;
  guint8  outcome_at_known;
} LeadRow;

typedef struct
{
  HotlistReportQuery query;
  GArray            *rows;
  GPtrArray         *names; /* [0] is NULL */
  GHashTable        *name_index;
  char              *campaign_key;
  char              *revenue_key;
} Scan;

static double
ratio (double num, double den)
{
  return den != 0 && !isnan (num) && !isnan (den) ? num / den : NAN;
}

static char *
dup_text (sqlite3_stmt *stmt, int column)
{
  return g_strdup (hotlist_store_column_text (stmt, column));
}

static gboolean
finish_query (HotlistStore *store, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not compute a report"));
      return FALSE;
    }
  return TRUE;
}

/* The key of the first attribute found by @sql, or %NULL (also on an error, then set). */
static char *
find_attribute (HotlistStore *store, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = hotlist_store_prepare (store, sql, error);
  char         *key = NULL;
  int           rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    key = dup_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    hotlist_store_set_error (store, error, _ ("Could not read the workspace’s attributes"));
  sqlite3_reset (stmt);
  return key;
}

/* The campaign is a custom attribute: a CRM or a CSV brings it as "campaign", "utm_campaign"… */
static char *
campaign_attribute (HotlistStore *store, GError **error)
{
  return find_attribute (store,
                         "SELECT key FROM attributes"
                         " WHERE is_core = 0 AND (key LIKE '%campaign%' OR label LIKE '%campaign%')"
                         " ORDER BY key = 'campaign' DESC, position, key LIMIT 1",
                         error);
}

/* A number attribute holding what a deal brought. A company's annual revenue is a firmographic
 * and says nothing of the deal, so it is left out. */
static char *
revenue_attribute (HotlistStore *store, GError **error)
{
  return find_attribute (
      store,
      "SELECT key FROM attributes"
      " WHERE is_core = 0 AND kind = 'number'"
      "  AND (key LIKE '%revenue%' OR key LIKE '%deal%value%' OR key LIKE '%deal%amount%'"
      "       OR key = 'amount' OR key = 'deal_size')"
      "  AND key NOT LIKE '%annual%' AND key NOT LIKE '%company%'"
      "  AND key NOT LIKE '%account%'"
      " ORDER BY key LIKE '%deal%' DESC, position, key LIMIT 1",
      error);
}

/*
 * Reading custom attributes. The store writes leads.custom as a flat JSON object; the two
 * members the reports want are found by walking its top level, which is several times faster
 * than a JSON parser over a million leads. A text with escapes takes json-glib's way.
 */
static const char *
json_skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* Past the string that starts at @p (on its quote), or %NULL if it does not end. */
static const char *
json_skip_string (const char *p)
{
  for (p++; *p != '\0' && *p != '"'; p++)
    if (*p == '\\' && p[1] != '\0')
      p++;
  return *p == '"' ? p + 1 : NULL;
}

static const char *
json_skip_value (const char *p)
{
  int depth = 0;

  if (*p == '"')
    return json_skip_string (p);
  if (*p != '{' && *p != '[')
    {
      while (*p != '\0' && *p != ',' && *p != '}')
        p++;
      return p;
    }
  while (*p != '\0')
    {
      if (*p == '"')
        {
          if ((p = json_skip_string (p)) == NULL)
            return NULL;
          continue;
        }
      if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        return p + 1;
      p++;
    }
  return NULL;
}

/* The member through json-glib, for texts with escapes. */
static char *
json_member_slow (const char *json, const char *key)
{
  g_autoptr (JsonNode) root = json_from_string (json, NULL);
  JsonNode            *member;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (member = json_object_get_member (json_node_get_object (root), key)) == NULL
      || !JSON_NODE_HOLDS_VALUE (member))
    return NULL;
  switch (json_node_get_value_type (member))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (member));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (member)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (member) ? "true" : "false");
    default:
      return NULL;
    }
}

/*
 * The member @key of the JSON object @json as text (a string's contents, a number or a boolean
 * as written), in @buffer when it fits, else in *@spill; %NULL when absent, null, an object or
 * an array.
 */
static const char *
json_member (const char *json, const char *key, char *buffer, gsize size, char **spill)
{
  gsize       key_length = strlen (key);
  const char *p;

  if (json == NULL)
    return NULL;
  if (strchr (json, '\\') != NULL)
    return *spill = json_member_slow (json, key);
  p = json_skip_space (json);
  if (*p++ != '{')
    return NULL;
  for (;;)
    {
      const char *name, *end;
      gboolean    match;

      p = json_skip_space (p);
      if (*p != '"' || (end = json_skip_string (p)) == NULL)
        return NULL;
      name = p + 1;
      match = (gsize)(end - 1 - name) == key_length && memcmp (name, key, key_length) == 0;
      p = json_skip_space (end);
      if (*p++ != ':')
        return NULL;
      p = json_skip_space (p);
      if (match)
        {
          const char *from = p, *to;

          if (*p == '{' || *p == '[' || strncmp (p, "null", 4) == 0)
            return NULL;
          if (*p == '"')
            {
              if ((to = json_skip_string (p)) == NULL)
                return NULL;
              from = p + 1;
              to--;
            }
          else
            {
              to = json_skip_value (p);
              while (to > from && g_ascii_isspace (to[-1]))
                to--;
            }
          if ((gsize)(to - from) < size)
            {
              memcpy (buffer, from, to - from);
              buffer[to - from] = '\0';
              return buffer;
            }
          return *spill = g_strndup (from, to - from);
        }
      if ((p = json_skip_value (p)) == NULL)
        return NULL;
      p = json_skip_space (p);
      if (*p++ != ',')
        return NULL;
    }
}

static guint32
scan_intern (Scan *scan, const char *name)
{
  gpointer index;

  if (name == NULL || *name == '\0')
    return 0;
  if (!g_hash_table_lookup_extended (scan->name_index, name, NULL, &index))
    {
      char *copy = g_strdup (name);

      index = GUINT_TO_POINTER (scan->names->len);
      g_ptr_array_add (scan->names, copy);
      g_hash_table_insert (scan->name_index, copy, index);
    }
  return GPOINTER_TO_UINT (index);
}

static const char *
scan_name (const Scan *scan, guint32 index)
{
  return scan->names->pdata[index];
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->rows, g_array_unref);
  g_clear_pointer (&scan->name_index, g_hash_table_unref);
  g_clear_pointer (&scan->names, g_ptr_array_unref);
  g_clear_pointer (&scan->campaign_key, g_free);
  g_clear_pointer (&scan->revenue_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

/* Does any experiment overlap the range? Only then are the leads' arms worked out. */
static gboolean
experiments_in_range (HotlistStore             *store,
                      const HotlistReportQuery *query,
                      gboolean                 *any,
                      GError                  **error)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store,
                             "SELECT count(*) FROM experiments"
                             " WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)",
                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  rc = sqlite3_step (stmt);
  *any = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
  return finish_query (store, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, error);
}

/*
 * Reads the leads that pass @query's owner, source and campaign filters (whatever their dates),
 * with their arm's hash when @with_arms. With a campaign filter and no campaign attribute, no
 * lead passes.
 */
static gboolean
scan_leads (Scan                     *scan,
            HotlistStore             *store,
            const HotlistReportQuery *query,
            gboolean                  with_arms,
            GError                  **error)
{
  GError       *local_error = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  memset (scan, 0, sizeof *scan);
  scan->query = *query;
  scan->rows = g_array_new (FALSE, FALSE, sizeof (LeadRow));
  scan->names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (scan->names, NULL);
  scan->name_index = g_hash_table_new (g_str_hash, g_str_equal);
  scan->campaign_key = campaign_attribute (store, &local_error);
  if (local_error == NULL)
    scan->revenue_key = revenue_attribute (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (query->campaign != NULL && scan->campaign_key == NULL)
    return TRUE;

  stmt = hotlist_store_prepare (
      store,
      "SELECT l.created_at, l.outcome, l.outcome_at, l.lead_score, l.probability,"
      "  l.score_model_id, l.owner, l.lead_source, l.touches, l.first_touch_at, l.meetings,"
      "  CASE WHEN ?3 THEN l.custom END, CASE WHEN ?4 THEN l.lead_id END"
      " FROM leads l WHERE (?1 IS NULL OR l.owner = ?1) AND (?2 IS NULL OR l.lead_source = ?2)",
      error);
  if (stmt == NULL)
    return FALSE;
  hotlist_store_bind_text (stmt, 1, query->owner);
  hotlist_store_bind_text (stmt, 2, query->source);
  sqlite3_bind_int (stmt, 3, scan->campaign_key != NULL || scan->revenue_key != NULL);
  sqlite3_bind_int (stmt, 4, with_arms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LeadRow     row = { 0 };
      const char *outcome = (const char *)sqlite3_column_text (stmt, 1);
      const char *custom = (const char *)sqlite3_column_text (stmt, 11);
      char        buffer[256];
      char       *spill = NULL;

      if (scan->campaign_key != NULL)
        {
          const char *campaign =
              json_member (custom, scan->campaign_key, buffer, sizeof buffer, &spill);

          if (query->campaign != NULL && g_strcmp0 (campaign, query->campaign) != 0)
            {
              g_free (spill);
              continue;
            }
          row.campaign = scan_intern (scan, campaign);
          g_clear_pointer (&spill, g_free);
        }
      row.created_at = sqlite3_column_int64 (stmt, 0);
      row.outcome = outcome == NULL     ? HOTLIST_OUTCOME_OPEN
                    : outcome[0] == 'c' ? HOTLIST_OUTCOME_CONVERTED
                    : outcome[0] == 'l' ? HOTLIST_OUTCOME_LOST
                                        : HOTLIST_OUTCOME_OPEN;
      row.outcome_at_known = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      row.outcome_at = sqlite3_column_int64 (stmt, 2);
      row.score = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                      ? -1
                      : (gint16)CLAMP (sqlite3_column_int (stmt, 3), 0, 100);
      row.probability =
          sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);
      row.model_id = sqlite3_column_int64 (stmt, 5);
      row.owner = scan_intern (scan, (const char *)sqlite3_column_text (stmt, 6));
      row.source = scan_intern (scan, (const char *)sqlite3_column_text (stmt, 7));
      row.touches = (guint32)MAX (0, sqlite3_column_int (stmt, 8));
      row.first_touch_at = sqlite3_column_int64 (stmt, 9);
      row.meetings = (guint32)MAX (0, sqlite3_column_int (stmt, 10));
      row.revenue = NAN;
      if (scan->revenue_key != NULL && row.outcome == HOTLIST_OUTCOME_CONVERTED)
        {
          const char *revenue =
              json_member (custom, scan->revenue_key, buffer, sizeof buffer, &spill);

          if (revenue == NULL || !hotlist_value_parse_number (revenue, &row.revenue))
            row.revenue = NAN;
          g_clear_pointer (&spill, g_free);
        }
      if (with_arms && sqlite3_column_bytes (stmt, 12) == 16)
        row.arm_hash = hotlist_lead_arm_hash (sqlite3_column_blob (stmt, 12));
      g_array_append_val (scan->rows, row);
    }
  return finish_query (store, stmt, rc, error);
}

static gboolean
created_in_range (const Scan *scan, const LeadRow *row)
{
  return row->created_at >= scan->query.from && row->created_at < scan->query.to;
}

static gboolean
closed_in (const LeadRow *row, gint64 from, gint64 to)
{
  return row->outcome != HOTLIST_OUTCOME_OPEN && row->outcome_at_known && row->outcome_at >= from
         && row->outcome_at < to;
}

static guint
band_of (int score)
{
  return MIN ((guint)score / 10, HOTLIST_REPORT_N_BANDS - 1);
}

static void
conversion_bin_finish (HotlistConversionBin *bin, double base_rate)
{
  bin->rate = ratio (bin->conversions, bin->n);
  bin->lift = ratio (bin->rate, base_rate);
}

static HotlistScoreDistribution *
distribution_from (const Scan *scan)
{
  HotlistScoreDistribution *report = g_new0 (HotlistScoreDistribution, 1);
  const LeadRow            *rows = (const LeadRow *)(gpointer)scan->rows->data;

  for (guint i = 0; i < scan->rows->len; i++)
    {
      if (!created_in_range (scan, &rows[i]))
        continue;
      if (rows[i].score < 0)
        report->n_unscored++;
      else
        {
          report->n_scored++;
          report->bands[band_of (rows[i].score)]++;
        }
    }
  return report;
}

typedef struct
{
  double  p;
  guint32 row;
  guint8  y;
} Prediction;

/*
 * Sorts @predictions, made in the order of the rows, by probability, the highest first, ties
 * staying in the order of the rows: a least-significant-byte-first radix sort on the bits of
 * the probability (for doubles from 0 to 1 their order is that of their bits), stable, and
 * some ten times faster than qsort() on the 700,000 closed leads of a large workspace.
 */
static void
sort_predictions (GArray *predictions)
{
  guint                  n = predictions->len;
  Prediction            *a = (Prediction *)(gpointer)predictions->data;
  g_autofree Prediction *buffer = NULL;
  g_autofree guint64    *keys = NULL, *key_buffer = NULL;
  Prediction            *from = a, *to;
  guint64               *from_keys, *to_keys;

  if (n < 2)
    return;
  buffer = g_new (Prediction, n);
  keys = g_new (guint64, n);
  key_buffer = g_new (guint64, n);
  for (guint i = 0; i < n; i++)
    {
      double  p = a[i].p == 0 ? 0.0 : a[i].p; /* −0 sorts as 0 */
      guint64 bits;

      memcpy (&bits, &p, sizeof bits);
      keys[i] = ~bits; /* the highest first */
    }
  to = buffer;
  from_keys = keys;
  to_keys = key_buffer;
  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint counts[256] = { 0 }, offset = 0;

      for (guint i = 0; i < n; i++)
        counts[(from_keys[i] >> shift) & 0xff]++;
      if (counts[(from_keys[0] >> shift) & 0xff] == n)
        continue; /* every key has the same byte here */
      for (guint b = 0; b < 256; b++)
        {
          guint count = counts[b];

          counts[b] = offset;
          offset += count;
        }
      for (guint i = 0; i < n; i++)
        {
          guint slot = counts[(from_keys[i] >> shift) & 0xff]++;

          to[slot] = from[i];
          to_keys[slot] = from_keys[i];
        }
      {
        Prediction *t = from;
        guint64    *tk = from_keys;

        from = to;
        to = t;
        from_keys = to_keys;
        to_keys = tk;
      }
    }
  if (from != a)
    memcpy (a, from, n * sizeof (Prediction));
}

/* The leads closed in the range with a probability, the highest probability first. */
static GArray *
sorted_closed (const Scan *scan)
{
  GArray        *closed = g_array_new (FALSE, FALSE, sizeof (Prediction));
  const LeadRow *rows = (const LeadRow *)(gpointer)scan->rows->data;

  for (guint i = 0; i < scan->rows->len; i++)
    {
      const LeadRow *row = &rows[i];
      Prediction     prediction;

      if (!closed_in (row, scan->query.from, scan->query.to) || isnan (row->probability))
        continue;
      prediction = (Prediction){ row->probability, i, row->outcome == HOTLIST_OUTCOME_CONVERTED };
      g_array_append_val (closed, prediction);
    }
  sort_predictions (closed);
  return closed;
}

/*
 * The ROC AUC of predictions sorted by probability, highest first: the share of (converted,
 * lost) pairs in which the converted lead has the higher probability, a tie counting half —
 * hotlist_metrics_roc_auc() without its sort.
 */
static double
auc_of_sorted (const Prediction *sorted, guint n)
{
  guint64 n_pos = 0, n_neg, neg_above = 0;
  double  wins = 0;

  for (guint i = 0; i < n; i++)
    n_pos += sorted[i].y;
  n_neg = n - n_pos;
  if (n_pos == 0 || n_neg == 0)
    return NAN;
  for (guint i = 0; i < n;)
    {
      guint64 pos = 0, neg = 0;
      guint   j = i;

      for (; j < n && sorted[j].p == sorted[i].p; j++)
        {
          pos += sorted[j].y;
          neg += !sorted[j].y;
        }
      wins += (double)pos * (double)(n_neg - neg_above - neg) + 0.5 * (double)pos * (double)neg;
      neg_above += neg;
      i = j;
    }
  return wins / ((double)n_pos * (double)n_neg);
}

/* Where decile @k starts among @n leads: ⌈k n / 10⌉, so that with fewer than ten leads the
 * top deciles hold one each and the bottom ones are empty. */
static guint
decile_bound (guint k, guint n)
{
  return (guint)(((guint64)k * n + HOTLIST_REPORT_N_DECILES - 1) / HOTLIST_REPORT_N_DECILES);
}

static HotlistConversionReport *
conversion_from (const Scan *scan, GArray *closed)
{
  HotlistConversionReport *report = g_new0 (HotlistConversionReport, 1);
  const LeadRow           *rows = (const LeadRow *)(gpointer)scan->rows->data;
  const Prediction        *sorted = (const Prediction *)(gpointer)closed->data;
  g_autofree guint8       *converted = g_new (guint8, closed->len + 1);

  /* The scored ones, in the order of their probability. */
  for (guint i = 0; i < closed->len; i++)
    {
      const LeadRow        *row = &rows[sorted[i].row];
      HotlistConversionBin *bin;

      if (row->score < 0)
        continue;
      bin = &report->bands[band_of (row->score)];
      bin->n++;
      bin->conversions += sorted[i].y;
      converted[report->n++] = sorted[i].y;
      report->conversions += sorted[i].y;
    }
  report->base_rate = ratio (report->conversions, report->n);
  for (guint k = 0; k < HOTLIST_REPORT_N_DECILES; k++)
    {
      HotlistConversionBin *bin = &report->deciles[k];
      guint                 begin = decile_bound (k, report->n);
      guint                 end = decile_bound (k + 1, report->n);

      for (guint i = begin; i < end; i++)
        bin->conversions += converted[i];
      bin->n = end - begin;
      conversion_bin_finish (bin, report->base_rate);
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
    conversion_bin_finish (&report->bands[k], report->base_rate);
  return report;
}

/*
 * A curve of more than HOTLIST_REPORT_MAX_ROC_POINTS points keeps those that move at least
 * 1/250 along either axis from the last one kept, and the last one: at most some 500 points,
 * which a chart, a PDF page or a JSON reader can take (a million leads give hundreds of
 * thousands of distinct probabilities). The AUC is computed on every lead all the same.
 */
static void
roc_thin (HotlistModelAccuracy *report)
{
  const double step = 1.0 / 250;
  guint        kept = 1;

  if (report->n_roc <= HOTLIST_REPORT_MAX_ROC_POINTS)
    return;
  for (guint i = 1; i < report->n_roc; i++)
    {
      const HotlistRocPoint *last = &report->roc[kept - 1], *point = &report->roc[i];

      if (i + 1 == report->n_roc || fabs (point->fpr - last->fpr) >= step
          || fabs (point->tpr - last->tpr) >= step)
        report->roc[kept++] = *point;
    }
  report->n_roc = kept;
  report->roc = g_renew (HotlistRocPoint, report->roc, kept);
}

static HotlistModelAccuracy *
accuracy_from (const Scan *scan, GArray *closed, HotlistStore *store, GError **error)
{
  g_autoptr (HotlistModelAccuracy) report = g_new0 (HotlistModelAccuracy, 1);
  g_autoptr (GArray)               predictions = g_array_new (FALSE, FALSE, sizeof (Prediction));
  const LeadRow                   *rows = (const LeadRow *)(gpointer)scan->rows->data;
  g_autofree double               *p = NULL;
  g_autofree guint8               *y = NULL;
  sqlite3_stmt                    *stmt;
  guint                            n;
  int                              rc;

  report->auc = report->brier = report->ece = NAN;
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    report->calibration[k].predicted = report->calibration[k].observed = NAN;

  stmt = hotlist_store_prepare (store,
                                "SELECT model_id, model_name, trained_at FROM scoring_models"
                                " WHERE status = 'active' ORDER BY trained_at DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report->model_id = sqlite3_column_int64 (stmt, 0);
      report->model_name = dup_text (stmt, 1);
      report->trained_at = sqlite3_column_int64 (stmt, 2);
      rc = SQLITE_DONE;
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  if (report->model_id == 0)
    return g_steal_pointer (&report);

  /* Still in the order of their probability. */
  for (guint i = 0; i < closed->len; i++)
    {
      const Prediction *prediction = &g_array_index (closed, Prediction, i);
      const LeadRow    *row = &rows[prediction->row];

      if (row->model_id == report->model_id && row->outcome_at > report->trained_at)
        g_array_append_val (predictions, *prediction);
    }

  n = predictions->len;
  report->n = n;
  if (n == 0)
    return g_steal_pointer (&report);

  p = g_new (double, n);
  y = g_new (guint8, n);
  for (guint i = 0; i < n; i++)
    {
      const Prediction      *prediction = &g_array_index (predictions, Prediction, i);
      HotlistCalibrationBin *bin =
          &report
               ->calibration[MIN ((guint)floor (prediction->p * HOTLIST_REPORT_N_CALIBRATION_BINS),
                                  HOTLIST_REPORT_N_CALIBRATION_BINS - 1)];

      p[i] = prediction->p;
      y[i] = prediction->y;
      report->n_pos += prediction->y;
      /* Sums for now, means below. */
      if (bin->n++ == 0)
        bin->predicted = bin->observed = 0;
      bin->predicted += prediction->p;
      bin->observed += prediction->y;
    }
  for (guint k = 0; k < HOTLIST_REPORT_N_CALIBRATION_BINS; k++)
    {
      HotlistCalibrationBin *bin = &report->calibration[k];

      if (bin->n > 0)
        {
          bin->predicted /= bin->n;
          bin->observed /= bin->n;
        }
    }
  report->auc = auc_of_sorted ((const Prediction *)(gpointer)predictions->data, n);
  report->brier = hotlist_metrics_brier (p, y, n);
  report->ece = hotlist_metrics_ece (p, y, n);

  /* One point per distinct probability, from the highest down: tied leads move together. */
  if (report->n_pos > 0 && report->n_pos < n)
    {
      const Prediction *sorted = (const Prediction *)(gpointer)predictions->data;
      guint             n_neg = n - report->n_pos, tp = 0, fp = 0;

      report->roc = g_new (HotlistRocPoint, n + 1);
      report->roc[report->n_roc++] = (HotlistRocPoint){ INFINITY, 0, 0 };
      for (guint i = 0; i < n; i++)
        {
          if (sorted[i].y)
            tp++;
          else
            fp++;
          if (i + 1 < n && sorted[i + 1].p == sorted[i].p)
            continue;
          report->roc[report->n_roc++] =
              (HotlistRocPoint){ sorted[i].p, (double)fp / n_neg, (double)tp / report->n_pos };
        }
      roc_thin (report);
    }
  return g_steal_pointer (&report);
}

static int
compare_doubles (const void *a, const void *b, void *data)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
swap_elements (char *a, char *b, gsize size)
{
  char t[16];

  memcpy (t, a, size);
  memcpy (a, b, size);
  memcpy (b, t, size);
}

/*
 * Puts the element that would be at @k if @base were sorted there, the smaller ones before it
 * and the others after (Hoare's selection, in linear time on average): a median or a top fifth
 * without sorting every owner's leads.
 */
static void
select_nth (void *base, gsize n, gsize size, gsize k, GCompareDataFunc compare, gpointer data)
{
  char *a = base;
  gsize lo = 0, hi = n;

  g_assert (size <= 16 && k < n);
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2, store = lo;

      /* The median of the first, middle and last as the pivot, moved to the end. */
      if (compare (a + mid * size, a + lo * size, data) < 0)
        swap_elements (a + mid * size, a + lo * size, size);
      if (compare (a + (hi - 1) * size, a + lo * size, data) < 0)
        swap_elements (a + (hi - 1) * size, a + lo * size, size);
      if (compare (a + mid * size, a + (hi - 1) * size, data) < 0)
        swap_elements (a + mid * size, a + (hi - 1) * size, size);
      for (gsize i = lo; i + 1 < hi; i++)
        if (compare (a + i * size, a + (hi - 1) * size, data) < 0)
          swap_elements (a + i * size, a + store++ * size, size);
      swap_elements (a + store * size, a + (hi - 1) * size, size);
      if (k == store)
        return;
      if (k < store)
        hi = store;
      else
        lo = store + 1;
    }
}

/* Highest score first, then highest probability, then the older row. */
static int
compare_by_score (const void *a, const void *b, void *data)
{
  const LeadRow *rows = data;
  guint32        i = *(const guint32 *)a, j = *(const guint32 *)b;
  const LeadRow *x = &rows[i], *y = &rows[j];

  if (x->score != y->score)
    return y->score - x->score;
  if (x->probability != y->probability)
    return x->probability < y->probability ? 1 : -1;
  return (i > j) - (i < j);
}

static void
owner_efficiency_compute (HotlistOwnerEfficiency *out,
                          const LeadRow          *rows,
                          const guint32          *leads,
                          guint                   n_leads)
{
  g_autoptr (GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (guint32));
  const guint32     *ranks;

  for (guint i = 0; i < n_leads; i++)
    {
      guint32        index = leads[i];
      const LeadRow *lead = &rows[index];
      double         delay;

      out->leads++;
      if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
        out->conversions++;
      if (lead->touches == 0)
        continue;
      out->leads_worked++;
      out->touches += lead->touches;
      out->meetings += lead->meetings;
      delay = MAX (0, lead->first_touch_at - lead->created_at);
      g_array_append_val (delays, delay);
      if (lead->outcome != HOTLIST_OUTCOME_OPEN && lead->score >= 0)
        g_array_append_val (ranked, index);
    }
  out->touches_per_lead = ratio (out->touches, out->leads_worked);
  out->conversion_rate = ratio (out->conversions, out->leads_worked);
  out->median_first_touch = NAN;
  if (delays->len > 0)
    {
      double *d = (double *)(gpointer)delays->data;
      guint   m = delays->len / 2;

      select_nth (d, delays->len, sizeof (double), m, compare_doubles, NULL);
      if (delays->len % 2 == 1)
        out->median_first_touch = d[m];
      else
        {
          double below = d[0];

          /* The other middle one is the largest of those before. */
          for (guint i = 1; i < m; i++)
            below = MAX (below, d[i]);
          out->median_first_touch = (below + d[m]) / 2;
        }
    }

  ranks = (const guint32 *)(gpointer)ranked->data;
  out->top_n = (ranked->len + 4) / 5;
  out->rest_n = ranked->len - out->top_n;
  /* The top fifth first, in no particular order. */
  if (out->top_n < ranked->len)
    select_nth (ranked->data, ranked->len, sizeof (guint32), out->top_n, compare_by_score,
                (gpointer)rows);
  for (guint i = 0; i < ranked->len; i++)
    {
      if (rows[ranks[i]].outcome != HOTLIST_OUTCOME_CONVERTED)
        continue;
      if (i < out->top_n)
        out->top_conversions++;
      else
        out->rest_conversions++;
    }
  out->top_rate = ratio (out->top_conversions, out->top_n);
  out->rest_rate = ratio (out->rest_conversions, out->rest_n);
}

static int
compare_owners (const void *a, const void *b)
{
  return strcmp (((const HotlistOwnerEfficiency *)a)->owner,
                 ((const HotlistOwnerEfficiency *)b)->owner);
}

static HotlistSdrEfficiency *
sdr_from (const Scan *scan)
{
  HotlistSdrEfficiency *report = g_new0 (HotlistSdrEfficiency, 1);
  const LeadRow        *rows = (const LeadRow *)(gpointer)scan->rows->data;
  guint                 n_names = scan->names->len;
  g_autofree guint     *starts = g_new0 (guint, n_names + 1);
  g_autofree guint     *fill = NULL;
  g_autofree guint32   *grouped = NULL;

  /* The leads grouped by owner, in the order of the rows: counted, then placed. */
  for (guint i = 0; i < scan->rows->len; i++)
    if (rows[i].owner != 0 && created_in_range (scan, &rows[i]))
      starts[rows[i].owner + 1]++;
  for (guint name = 0; name < n_names; name++)
    {
      report->n_owners += starts[name + 1] > 0;
      starts[name + 1] += starts[name];
    }
  grouped = g_new (guint32, starts[n_names] + 1);
  fill = g_memdup2 (starts, (n_names + 1) * sizeof (guint));
  for (guint i = 0; i < scan->rows->len; i++)
    if (rows[i].owner != 0 && created_in_range (scan, &rows[i]))
      grouped[fill[rows[i].owner]++] = i;

  report->owners = g_new0 (HotlistOwnerEfficiency, report->n_owners + 1);
  for (guint name = 1, n = 0; name < n_names; name++)
    {
      HotlistOwnerEfficiency *out;

      if (starts[name + 1] == starts[name])
        continue;
      out = &report->owners[n++];
      out->owner = g_strdup (scan_name (scan, name));
      owner_efficiency_compute (out, rows, grouped + starts[name], starts[name + 1] - starts[name]);
    }
  qsort (report->owners, report->n_owners, sizeof (HotlistOwnerEfficiency), compare_owners);
  return report;
}

static HotlistRoiRow *
roi_row_lookup (GHashTable *rows, const char *name)
{
  HotlistRoiRow *row = g_hash_table_lookup (rows, name);

  if (row == NULL)
    {
      row = g_new0 (HotlistRoiRow, 1);
      row->name = g_strdup (name);
      row->cost = NAN;
      g_hash_table_insert (rows, row->name, row);
    }
  return row;
}

static void
roi_row_free (gpointer data)
{
  HotlistRoiRow *row = data;

  g_free (row->name);
  g_free (row);
}

static int
compare_roi_rows (const void *a, const void *b)
{
  return g_strcmp0 (((const HotlistRoiRow *)a)->name, ((const HotlistRoiRow *)b)->name);
}

/* Turns the working table into a sorted array and fills in the ratios. */
static HotlistRoiRow *
roi_rows_finish (GHashTable *rows, gboolean with_revenue, guint *n_rows)
{
  GHashTableIter iter;
  HotlistRoiRow *row;
  HotlistRoiRow *array = g_new0 (HotlistRoiRow, g_hash_table_size (rows) + 1);
  guint          n = 0;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&row))
    {
      if (!with_revenue)
        row->revenue = NAN;
      row->cost_per_meeting = ratio (row->cost, row->meetings);
      row->cost_per_conversion = ratio (row->cost, row->conversions);
      row->roi = ratio (row->revenue - row->cost, row->cost);
      array[n++] = *row;
      /* The name now belongs to the array. */
      g_hash_table_iter_steal (&iter);
      g_free (row);
    }
  qsort (array, n, sizeof (HotlistRoiRow), compare_roi_rows);
  *n_rows = n;
  return array;
}

static void
roi_add_lead (GHashTable     *table,
              HotlistRoiRow **by_name,
              const Scan     *scan,
              guint32         name,
              const LeadRow  *lead)
{
  HotlistRoiRow *row;

  if (name == 0)
    return;
  if ((row = by_name[name]) == NULL)
    row = by_name[name] = roi_row_lookup (table, scan_name (scan, name));
  row->leads++;
  row->meetings += lead->meetings;
  if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
    {
      row->conversions++;
      if (!isnan (lead->revenue))
        row->revenue += lead->revenue;
    }
}

static HotlistRoiReport *
roi_from (const Scan *scan, HotlistStore *store, GError **error)
{
  g_autoptr (HotlistRoiReport) report = g_new0 (HotlistRoiReport, 1);
  g_autoptr (GHashTable)       sources =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, roi_row_free);
  g_autoptr (GHashTable) campaigns =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, roi_row_free);
  g_autofree HotlistRoiRow **source_rows = g_new0 (HotlistRoiRow *, scan->names->len);
  g_autofree HotlistRoiRow **campaign_rows = g_new0 (HotlistRoiRow *, scan->names->len);
  const LeadRow             *rows = (const LeadRow *)(gpointer)scan->rows->data;
  const HotlistReportQuery  *query = &scan->query;
  sqlite3_stmt              *stmt;
  int                        rc;

  report->campaign_attribute = g_strdup (scan->campaign_key);
  report->revenue_attribute = g_strdup (scan->revenue_key);
  for (guint i = 0; i < scan->rows->len; i++)
    {
      if (!created_in_range (scan, &rows[i]))
        continue;
      roi_add_lead (sources, source_rows, scan, rows[i].source, &rows[i]);
      roi_add_lead (campaigns, campaign_rows, scan, rows[i].campaign, &rows[i]);
    }

  stmt =
      hotlist_store_prepare (store,
                             /* A cost with a period counts for the part of it inside the range. */
                             "SELECT kind, name, sum(CASE"
                             "  WHEN period_start IS NULL OR period_end IS NULL THEN cost"
                             "  ELSE cost * (min(period_end, ?2) - max(period_start, ?1))"
                             "       / (period_end - period_start) END)"
                             " FROM campaign_costs"
                             " WHERE (period_start IS NULL OR period_start < ?2)"
                             " AND (period_end IS NULL OR period_end > ?1)"
                             " GROUP BY kind, name",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->from);
  sqlite3_bind_int64 (stmt, 2, query->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean       is_source = g_strcmp0 (hotlist_store_column_text (stmt, 0), "source") == 0;
      const char    *name = hotlist_store_column_text (stmt, 1);
      GHashTable    *table = is_source ? sources : campaigns;
      HotlistRoiRow *row;

      if (name == NULL)
        continue;
      row = g_hash_table_lookup (table, name);
      if (row == NULL)
        {
          /* A cost without leads shows when the filters would have let its leads through. */
          gboolean shown =
              is_source ? (query->owner == NULL && query->campaign == NULL
                           && (query->source == NULL || g_strcmp0 (query->source, name) == 0))
                        : (query->owner == NULL && query->source == NULL
                           && (query->campaign == NULL || g_strcmp0 (query->campaign, name) == 0));
          if (!shown)
            continue;
          row = roi_row_lookup (table, name);
        }
      row->cost = sqlite3_column_double (stmt, 2);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  report->sources = roi_rows_finish (sources, scan->revenue_key != NULL, &report->n_sources);
  report->campaigns = roi_rows_finish (campaigns, scan->revenue_key != NULL, &report->n_campaigns);
  return g_steal_pointer (&report);
}

/* The 95 % Wilson score interval of @k successes in @n. */
static void
wilson_interval (guint k, guint n, double *low, double *high)
{
  const double z = 1.959963984540054;
  double       p, denominator, centre, half;

  if (n == 0)
    {
      *low = *high = NAN;
      return;
    }
  p = (double)k / n;
  denominator = 1 + z * z / n;
  centre = (p + z * z / (2.0 * n)) / denominator;
  half = z * sqrt (p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
  *low = MAX (0.0, centre - half);
  *high = MIN (1.0, centre + half);
}

static char *
model_name (HotlistStore *store, gint64 model_id)
{
  sqlite3_stmt *stmt =
      hotlist_store_prepare (store, "SELECT model_name FROM scoring_models WHERE model_id = ?1",
                             NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

/* Per arm: the leads, and those resolved in the range while the experiment ran. */
static void
experiment_fill (const Scan *scan, HotlistStore *store, HotlistExperimentReport *e)
{
  const LeadRow *rows = (const LeadRow *)(gpointer)scan->rows->data;
  gint64         end = e->ended_at != 0 ? e->ended_at : G_MAXINT64;
  gint64         resolved_from = MAX (scan->query.from, e->started_at);
  gint64         resolved_to = MIN (scan->query.to, end);

  for (guint i = 0; i < scan->rows->len; i++)
    {
      const LeadRow              *row = &rows[i];
      HotlistExperimentArmReport *arm;
      gboolean                    converted;
      double                      u;

      if (row->created_at >= end)
        continue;
      u = (double)(row->arm_hash >> 11) * 0x1.0p-53;
      arm = &e->arms[u < e->split ? 1 : 0];
      arm->n_leads++;
      if (!closed_in (row, resolved_from, resolved_to))
        continue;
      converted = row->outcome == HOTLIST_OUTCOME_CONVERTED;
      arm->n_resolved++;
      arm->conversions += converted;
      if (row->score >= 0)
        {
          HotlistConversionBin *bin = &arm->bands[band_of (row->score)];

          bin->n++;
          bin->conversions += converted;
        }
    }

  for (guint a = 0; a < 2; a++)
    {
      HotlistExperimentArmReport *arm = &e->arms[a];

      arm->model_name = model_name (store, arm->model_id);
      arm->rate = ratio (arm->conversions, arm->n_resolved);
      wilson_interval (arm->conversions, arm->n_resolved, &arm->rate_low, &arm->rate_high);
      for (guint k = 0; k < HOTLIST_REPORT_N_BANDS; k++)
        conversion_bin_finish (&arm->bands[k], arm->rate);
    }
  e->difference = e->difference_low = e->difference_high = e->z = e->p_value = NAN;
  if (e->arms[0].n_resolved > 0 && e->arms[1].n_resolved > 0)
    {
      const HotlistExperimentArmReport *a = &e->arms[0], *b = &e->arms[1];
      double                            se =
          sqrt (a->rate * (1 - a->rate) / a->n_resolved + b->rate * (1 - b->rate) / b->n_resolved);

      e->difference = b->rate - a->rate;
      e->difference_low = e->difference - 1.959963984540054 * se;
      e->difference_high = e->difference + 1.959963984540054 * se;
      hotlist_metrics_two_proportion_z (b->conversions, b->n_resolved, a->conversions,
                                        a->n_resolved, &e->z, &e->p_value);
    }
}

static HotlistExperimentsReport *
experiments_from (const Scan *scan, HotlistStore *store, GError **error)
{
  g_autoptr (HotlistExperimentsReport) report = g_new0 (HotlistExperimentsReport, 1);
  g_autoptr (GArray) experiments = g_array_new (FALSE, TRUE, sizeof (HotlistExperimentReport));
  sqlite3_stmt      *stmt;
  int                rc;

  stmt = hotlist_store_prepare (store,
                                "SELECT experiment_id, model_a, model_b, split, started_at,"
                                "  ended_at, winner FROM experiments"
                                " WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)"
                                " ORDER BY started_at DESC, experiment_id DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, scan->query.from);
  sqlite3_bind_int64 (stmt, 2, scan->query.to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HotlistExperimentReport e = { 0 };

      e.experiment_id = sqlite3_column_int64 (stmt, 0);
      e.arms[0].model_id = sqlite3_column_int64 (stmt, 1);
      e.arms[1].model_id = sqlite3_column_int64 (stmt, 2);
      e.split = sqlite3_column_double (stmt, 3);
      e.started_at = sqlite3_column_int64 (stmt, 4);
      e.ended_at = sqlite3_column_int64 (stmt, 5);
      e.winner = sqlite3_column_int64 (stmt, 6);
      g_array_append_val (experiments, e);
    }
  if (!finish_query (store, stmt, rc, error))
    return NULL;

  report->n_experiments = experiments->len;
  report->experiments =
      (HotlistExperimentReport *)(gpointer)g_array_free (g_steal_pointer (&experiments), FALSE);
  for (guint i = 0; i < report->n_experiments; i++)
    experiment_fill (scan, store, &report->experiments[i]);
  return g_steal_pointer (&report);
}

static gint64
month_start (gint64 t)
{
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_utc (t);
  g_autoptr (GDateTime) first =
      g_date_time_new_utc (g_date_time_get_year (at), g_date_time_get_month (at), 1, 0, 0, 0);

  return g_date_time_to_unix (first);
}

#define DRIFT_MAX_PERIODS 36
#define WEEK (7 * G_GINT64_CONSTANT (86400))

static int
drift_period_of (const HotlistDriftReport *report, gint64 t)
{
  guint lo = 0, hi = report->n_periods;

  if (report->n_periods == 0 || t < report->periods[0].start
      || t >= report->periods[report->n_periods - 1].end)
    return -1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (report->periods[mid].start <= t)
        lo = mid;
      else
        hi = mid;
    }
  return (int)lo;
}

/* The periods covering [from, to): weeks from @from, or calendar months; the last 36. */
static void
drift_periods (HotlistDriftReport *report, gint64 from, gint64 to)
{
  g_autoptr (GArray) periods = g_array_new (FALSE, TRUE, sizeof (HotlistDriftPeriod));

  report->unit =
      to - from <= 92 * G_GINT64_CONSTANT (86400) ? HOTLIST_DRIFT_WEEK : HOTLIST_DRIFT_MONTH;
  if (report->unit == HOTLIST_DRIFT_WEEK)
    {
      gint64 n = (to - from + WEEK - 1) / WEEK;

      for (gint64 i = 0; i < n; i++)
        {
          HotlistDriftPeriod period = { 0 };

          period.start = from + i * WEEK;
          period.end = MIN (to, period.start + WEEK);
          g_array_append_val (periods, period);
        }
    }
  else
    for (gint64 end = to; end > from && periods->len < DRIFT_MAX_PERIODS;)
      {
        HotlistDriftPeriod period = { 0 };

        period.end = end;
        period.start = MAX (from, month_start (end - 1));
        g_array_prepend_val (periods, period);
        end = period.start;
      }
  report->n_periods = periods->len;
  report->periods =
      (HotlistDriftPeriod *)(gpointer)g_array_free (g_steal_pointer (&periods), FALSE);
}

static HotlistDriftReport *
drift_from (const Scan *scan, GArray *closed)
{
  g_autoptr (HotlistDriftReport) report = g_new0 (HotlistDriftReport, 1);
  const LeadRow                 *rows = (const LeadRow *)(gpointer)scan->rows->data;
  g_autofree double             *score_sums = NULL;
  g_autoptr (GPtrArray)          by_period = NULL;

  gint64 from = scan->query.from, to = scan->query.to;

  /* A range left open starts at the first lead and ends after the last thing that happened. */
  if (from == G_MININT64 || to == G_MAXINT64)
    {
      gint64 first = G_MAXINT64, last = G_MININT64;

      for (guint i = 0; i < scan->rows->len; i++)
        {
          first = MIN (first, rows[i].created_at);
          last = MAX (last, rows[i].created_at);
          if (rows[i].outcome_at_known)
            last = MAX (last, rows[i].outcome_at);
        }
      if (from == G_MININT64)
        from = first;
      if (to == G_MAXINT64)
        to = last == G_MININT64 ? last : last + 1;
    }
  if (scan->rows->len == 0 || to <= from)
    {
      report->unit = HOTLIST_DRIFT_MONTH;
      return g_steal_pointer (&report);
    }
  drift_periods (report, from, to);

  score_sums = g_new0 (double, report->n_periods);
  by_period = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < report->n_periods; i++)
    g_ptr_array_add (by_period, g_array_new (FALSE, FALSE, sizeof (Prediction)));
  for (guint i = 0; i < scan->rows->len; i++)
    {
      const LeadRow *row = &rows[i];
      int            created;

      if (row->score < 0)
        continue;
      if ((created = drift_period_of (report, row->created_at)) >= 0)
        {
          HotlistDriftPeriod *period = &report->periods[created];

          period->n_scored++;
          period->bands[band_of (row->score)]++;
          score_sums[created] += row->score;
        }
    }
  /* The closed ones, period by period, still in the order of their probability. */
  for (guint i = 0; i < closed->len; i++)
    {
      const Prediction *prediction = &g_array_index (closed, Prediction, i);
      const LeadRow    *row = &rows[prediction->row];
      int               period;

      if (row->score < 0 || (period = drift_period_of (report, row->outcome_at)) < 0)
        continue;
      g_array_append_val (by_period->pdata[period], *prediction);
      report->periods[period].n_closed++;
      report->periods[period].n_pos += prediction->y;
    }
  for (guint i = 0; i < report->n_periods; i++)
    {
      HotlistDriftPeriod *period = &report->periods[i];
      GArray             *predictions = by_period->pdata[i];

      period->mean_score = ratio (score_sums[i], period->n_scored);
      period->auc =
          auc_of_sorted ((const Prediction *)(gpointer)predictions->data, predictions->len);
    }
  return g_steal_pointer (&report);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* The names used as @field (an offset of owner, source or campaign in LeadRow), sorted. */
static char **
scan_values (const Scan *scan, gsize field)
{
  const LeadRow       *rows = (const LeadRow *)(gpointer)scan->rows->data;
  g_autofree gboolean *used = g_new0 (gboolean, scan->names->len);
  GPtrArray           *values = g_ptr_array_new ();

  for (guint i = 0; i < scan->rows->len; i++)
    used[G_STRUCT_MEMBER (guint32, &rows[i], field)] = TRUE;
  for (guint name = 1; name < scan->names->len; name++)
    if (used[name])
      g_ptr_array_add (values, g_strdup (scan_name (scan, name)));
  if (values->len > 1)
    qsort (values->pdata, values->len, sizeof (char *), compare_strings);
  g_ptr_array_add (values, NULL);
  return (char **)g_ptr_array_free (values, FALSE);
}

/**
 * hotlist_reports_score_distribution:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * How the scores of the leads created in the range spread over the score bands.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistScoreDistribution *
hotlist_reports_score_distribution (HotlistStore             *store,
                                    const HotlistReportQuery *query,
                                    GError                  **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  return distribution_from (&scan);
}

/**
 * hotlist_reports_conversion:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * The conversion rate of the scored leads closed in the range, by score band and by
 * probability decile, with the lift of each over the base rate.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistConversionReport *
hotlist_reports_conversion (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_autoptr (GArray) closed = NULL;

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  closed = sorted_closed (&scan);
  return conversion_from (&scan, closed);
}

/**
 * hotlist_reports_model_accuracy:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * How well the active model did on the leads it scored that closed in the range after it was
 * trained: leads it never saw while training.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistModelAccuracy *
hotlist_reports_model_accuracy (HotlistStore             *store,
                                const HotlistReportQuery *query,
                                GError                  **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_autoptr (GArray) closed = NULL;

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  closed = sorted_closed (&scan);
  return accuracy_from (&scan, closed, store, error);
}

/**
 * hotlist_reports_sdr_efficiency:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Per owner, over the leads created in the range: how many were worked and how, and whether the
 * top-scored ones they worked converted better than the rest.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistSdrEfficiency *
hotlist_reports_sdr_efficiency (HotlistStore             *store,
                                const HotlistReportQuery *query,
                                GError                  **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  return sdr_from (&scan);
}

/**
 * hotlist_reports_roi:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Per lead source and per campaign, over the leads created in the range: leads, meetings,
 * conversions, the costs entered for it, revenue where the workspace has it, and the return.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistRoiReport *
hotlist_reports_roi (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  return roi_from (&scan, store, error);
}

/**
 * hotlist_reports_experiments:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * The A/B experiments that ran during the range: per arm, its leads, those resolved in the
 * range while the experiment ran, their conversion rate with a 95 % interval and by score band;
 * the difference B − A with its 95 % interval and the two-proportion z-test.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistExperimentsReport *
hotlist_reports_experiments (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!scan_leads (&scan, store, query, TRUE, error))
    return NULL;
  return experiments_from (&scan, store, error);
}

/**
 * hotlist_reports_drift:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Model drift: per week (a range of up to 92 days) or calendar month, the score distribution of
 * the leads created then and the ROC AUC of the probabilities of the leads closed then. A range
 * left open starts at the first lead and ends after the last thing that happened to one; only
 * the last 36 months are kept.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
HotlistDriftReport *
hotlist_reports_drift (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_auto (Scan) scan = { 0 };

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_autoptr (GArray) closed = NULL;

  if (!scan_leads (&scan, store, query, FALSE, error))
    return NULL;
  closed = sorted_closed (&scan);
  return drift_from (&scan, closed);
}

/**
 * hotlist_reports_compute:
 * @store: the workspace's store
 * @query: what to cover
 * @error: return location for a #GError
 *
 * Computes every report over @query from one read of the leads, in one read transaction so
 * that they agree.
 *
 * Returns: (transfer full): the reports, or %NULL with @error set
 */
HotlistReports *
hotlist_reports_compute (HotlistStore *store, const HotlistReportQuery *query, GError **error)
{
  g_autoptr (HotlistReports) reports = g_new0 (HotlistReports, 1);
  g_auto (Scan)              scan = { 0 };
  gboolean                   with_arms = FALSE;
  gboolean                   ok;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  reports->query = *query;
  reports->query.owner = reports->owned_strings[0] = g_strdup (query->owner);
  reports->query.source = reports->owned_strings[1] = g_strdup (query->source);
  reports->query.campaign = reports->owned_strings[2] = g_strdup (query->campaign);
  reports->computed_at = g_get_real_time () / G_USEC_PER_SEC;
  reports->workspace_name = hotlist_store_get_meta (store, "name");

  if (!hotlist_store_exec (store, "BEGIN", error))
    return NULL;
  ok = experiments_in_range (store, query, &with_arms, error)
       && scan_leads (&scan, store, &reports->query, with_arms, error);
  if (ok)
    {
      g_autoptr (GArray) closed = sorted_closed (&scan);

      /* Without filters every lead was read: the filters' choices come with it. */
      if (query->owner == NULL && query->source == NULL && query->campaign == NULL)
        {
          reports->owners = scan_values (&scan, G_STRUCT_OFFSET (LeadRow, owner));
          reports->sources = scan_values (&scan, G_STRUCT_OFFSET (LeadRow, source));
          reports->campaigns = scan_values (&scan, G_STRUCT_OFFSET (LeadRow, campaign));
        }
      reports->distribution = distribution_from (&scan);
      reports->conversion = conversion_from (&scan, closed);
      reports->sdr = sdr_from (&scan);
      reports->drift = drift_from (&scan, closed);
      ok = (reports->accuracy = accuracy_from (&scan, closed, store, error)) != NULL
           && (reports->roi = roi_from (&scan, store, error)) != NULL
           && (reports->experiments = experiments_from (&scan, store, error)) != NULL;
    }
  hotlist_store_exec (store, "COMMIT", NULL);
  return ok ? g_steal_pointer (&reports) : NULL;
}

static char **
list_values (HotlistStore *store, const char *sql, const char *bind, GError **error)
{
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt         *stmt = hotlist_store_prepare (store, sql, error);
  int                   rc;

  if (stmt == NULL)
    return NULL;
  hotlist_store_bind_text (stmt, 1, bind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, dup_text (stmt, 0));
  if (!finish_query (store, stmt, rc, error))
    return NULL;
  g_ptr_array_add (values, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

/**
 * hotlist_reports_list_owners:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the owners of the workspace's leads, by name, for the filters
 */
char **
hotlist_reports_list_owners (HotlistStore *store, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  return list_values (store,
                      "SELECT DISTINCT owner FROM leads WHERE owner IS NOT NULL AND owner != ''"
                      " ORDER BY owner",
                      NULL, error);
}

/**
 * hotlist_reports_list_sources:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the lead sources of the workspace's leads, by name
 */
char **
hotlist_reports_list_sources (HotlistStore *store, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  return list_values (store,
                      "SELECT DISTINCT lead_source FROM leads"
                      " WHERE lead_source IS NOT NULL AND lead_source != '' ORDER BY lead_source",
                      NULL, error);
}

/**
 * hotlist_reports_list_campaigns:
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the campaigns of the workspace's leads (the values of its campaign
 *   attribute), by name; empty when it has none
 */
char **
hotlist_reports_list_campaigns (HotlistStore *store, GError **error)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  GError          *local_error = NULL;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  key = campaign_attribute (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (key == NULL)
    return g_new0 (char *, 1);
  path = g_strdup_printf ("$.\"%s\"", key);
  return list_values (store,
                      "SELECT DISTINCT c FROM (SELECT json_extract(custom, ?1) AS c FROM leads)"
                      " WHERE c IS NOT NULL AND c != '' ORDER BY c",
                      path, error);
}
