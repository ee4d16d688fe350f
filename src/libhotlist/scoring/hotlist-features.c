/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attributes → model features: the feature schema a model is trained with, and extraction. */

#include "config.h"

#include "hotlist-features.h"

#include <math.h>
#include <string.h>

#include "store/hotlist-store-private.h"

#define SECONDS_PER_DAY 86400.0
#define INTENSITY_HALF_DAYS 14.0
#define MAX_CATEGORY_VALUES 40

struct _HotlistFeatureSchema
{
  GPtrArray *attributes; /* HotlistSchemaAttribute */
  GArray    *features;   /* HotlistFeature */
};

struct _HotlistLeadSet
{
  GArray       *rows; /* HotlistFeatureRow */
  GStringChunk *strings;
  GArray       *types; /* guint, activity type index per activity */
  GArray       *dates; /* gint64 */
  GPtrArray    *type_names;
  GHashTable   *type_index; /* name → index + 1 */
  GPtrArray    *customs;    /* JsonObject, owned */
  JsonParser   *parser;     /* reused for every lead's custom attributes; NULL until needed */
};

/* Job titles. */

typedef struct
{
  const char *word;
  int         value;
} TitleWord;

/* Seniority from the first matching phrase, highest first: 7 owners and C-level, 6 VPs and heads,
 * 5 directors, 4 senior managers, 3 managers and leads, 2 seniors, 1 individual contributors,
 * 0 interns and assistants. */
static const TitleWord seniority_words[] = {
  { " founder ", 7 },
  { " cofounder ", 7 },
  { " co founder ", 7 },
  { " owner ", 7 },
  { " chief ", 7 },
  { " ceo ", 7 },
  { " cto ", 7 },
  { " cfo ", 7 },
  { " coo ", 7 },
  { " cmo ", 7 },
  { " cio ", 7 },
  { " cro ", 7 },
  { " president ", 7 },
  { " partner ", 7 },
  { " vice president ", 6 },
  { " vp ", 6 },
  { " svp ", 6 },
  { " evp ", 6 },
  { " head ", 6 },
  { " director ", 5 },
  { " senior manager ", 4 },
  { " sr manager ", 4 },
  { " manager ", 3 },
  { " lead ", 3 },
  { " principal ", 3 },
  { " senior ", 2 },
  { " sr ", 2 },
  { " intern ", 0 },
  { " assistant ", 0 },
  { " trainee ", 0 },
  { " student ", 0 },
  { " specialist ", 1 },
  { " analyst ", 1 },
  { " coordinator ", 1 },
  { " associate ", 1 },
  { " representative ", 1 },
  { " engineer ", 1 },
  { " developer ", 1 },
  { " consultant ", 1 },
  { " administrator ", 1 },
  { " executive ", 1 },
  { " officer ", 1 },
  { " designer ", 1 },
  { " accountant ", 1 },
  { " recruiter ", 1 },
};

typedef struct
{
  const char *word;
  const char *department;
} DepartmentWord;

static const DepartmentWord department_words[] = {
  { " marketing ", "marketing" },
  { " brand ", "marketing" },
  { " growth ", "marketing" },
  { " demand ", "marketing" },
  { " content ", "marketing" },
  { " cmo ", "marketing" },
  { " customer success ", "customer_success" },
  { " customer service ", "customer_success" },
  { " support ", "customer_success" },
  { " sales ", "sales" },
  { " account executive ", "sales" },
  { " business development ", "sales" },
  { " revenue ", "sales" },
  { " sdr ", "sales" },
  { " bdr ", "sales" },
  { " cro ", "sales" },
  { " product ", "product" },
  { " engineering ", "engineering" },
  { " engineer ", "engineering" },
  { " developer ", "engineering" },
  { " software ", "engineering" },
  { " devops ", "engineering" },
  { " cto ", "engineering" },
  { " it ", "it" },
  { " information technology ", "it" },
  { " systems ", "it" },
  { " security ", "it" },
  { " network ", "it" },
  { " cio ", "it" },
  { " finance ", "finance" },
  { " financial ", "finance" },
  { " accounting ", "finance" },
  { " accountant ", "finance" },
  { " controller ", "finance" },
  { " cfo ", "finance" },
  { " hr ", "hr" },
  { " human resources ", "hr" },
  { " people ", "hr" },
  { " talent ", "hr" },
  { " recruiter ", "hr" },
  { " recruiting ", "hr" },
  { " operations ", "operations" },
  { " ops ", "operations" },
  { " logistics ", "operations" },
  { " supply ", "operations" },
  { " coo ", "operations" },
  { " ceo ", "executive" },
  { " founder ", "executive" },
  { " cofounder ", "executive" },
  { " owner ", "executive" },
  { " president ", "executive" },
  { " chief ", "executive" },
};

/* " Sr. Manager, Demand-Gen " → "  sr manager demand gen  ": words between single spaces. */
static char *
normalize_title (const char *title)
{
  GString *out = g_string_sized_new (strlen (title) + 2);
  gboolean space = TRUE;

  g_string_append_c (out, ' ');
  for (const char *p = title; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (!space)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/**
 * hotlist_job_title_seniority:
 * @title: (nullable): a job title
 *
 * Returns: 0 (intern) to 7 (founder, C-level), or -1 when the title says nothing about it
 */
int
hotlist_job_title_seniority (const char *title)
{
  g_autofree char *words = NULL;

  if (title == NULL || *title == '\0')
    return -1;
  words = normalize_title (title);
  for (guint i = 0; i < G_N_ELEMENTS (seniority_words); i++)
    if (strstr (words, seniority_words[i].word) != NULL)
      return seniority_words[i].value;
  return -1;
}

/**
 * hotlist_job_title_department:
 * @title: (nullable): a job title
 *
 * Returns: (nullable): the department ("marketing", "sales", "engineering", "it", "operations",
 *   "finance", "hr", "product", "customer_success", "executive"), or %NULL
 */
const char *
hotlist_job_title_department (const char *title)
{
  g_autofree char *words = NULL;

  if (title == NULL || *title == '\0')
    return NULL;
  words = normalize_title (title);
  for (guint i = 0; i < G_N_ELEMENTS (department_words); i++)
    if (strstr (words, department_words[i].word) != NULL)
      return department_words[i].department;
  return NULL;
}

static const char *const free_mail_domains[] = {
  "gmail.com",      "googlemail.com", "yahoo.com",     "yahoo.co.uk", "hotmail.com", "outlook.com",
  "live.com",       "msn.com",        "aol.com",       "icloud.com",  "me.com",      "mac.com",
  "proton.me",      "protonmail.com", "gmx.de",        "gmx.net",     "gmx.com",     "web.de",
  "mail.com",       "yandex.ru",      "yandex.com",    "mail.ru",     "qq.com",      "163.com",
  "zoho.com",       "fastmail.com",   "hey.com",       "laposte.net", "orange.fr",   "free.fr",
  "libero.it",      "t-online.de",    "hotmail.co.uk", "hotmail.fr",  "live.co.uk",  "ymail.com",
  "rocketmail.com",
};

gboolean
hotlist_email_is_free_mail (const char *email)
{
  const char *at;

  if (email == NULL || (at = strrchr (email, '@')) == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (free_mail_domains); i++)
    if (g_ascii_strcasecmp (at + 1, free_mail_domains[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * hotlist_activity_attribute_key:
 * @activity_type: a normalized activity type, such as "page_view"
 *
 * Returns: (transfer full): the key of the attribute that stands for activities of the type
 */
char *
hotlist_activity_attribute_key (const char *activity_type)
{
  return g_strconcat ("act_", activity_type, NULL);
}

/* Lead sets. */

static HotlistLeadSet *
lead_set_new (void)
{
  HotlistLeadSet *set = g_new0 (HotlistLeadSet, 1);

  set->rows = g_array_new (FALSE, TRUE, sizeof (HotlistFeatureRow));
  set->strings = g_string_chunk_new (64 * 1024);
  set->types = g_array_new (FALSE, FALSE, sizeof (guint));
  set->dates = g_array_new (FALSE, FALSE, sizeof (gint64));
  set->type_names = g_ptr_array_new_with_free_func (g_free);
  set->type_index = g_hash_table_new (g_str_hash, g_str_equal);
  set->customs = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  return set;
}

void
hotlist_lead_set_free (HotlistLeadSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->rows);
  g_string_chunk_free (set->strings);
  g_array_unref (set->types);
  g_array_unref (set->dates);
  g_hash_table_unref (set->type_index);
  g_ptr_array_unref (set->type_names);
  g_ptr_array_unref (set->customs);
  g_clear_object (&set->parser);
  g_free (set);
}

guint
hotlist_lead_set_get_size (HotlistLeadSet *set)
{
  return set->rows->len;
}

const HotlistFeatureRow *
hotlist_lead_set_get_row (HotlistLeadSet *set, guint i)
{
  g_return_val_if_fail (i < set->rows->len, NULL);
  return &g_array_index (set->rows, HotlistFeatureRow, i);
}

/**
 * hotlist_lead_set_get_activity_types:
 *
 * Returns: (transfer none) (element-type utf8): the activity types seen, by index
 */
GPtrArray *
hotlist_lead_set_get_activity_types (HotlistLeadSet *set)
{
  return set->type_names;
}

static guint
intern_type (HotlistLeadSet *set, const char *name)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (set->type_index, name));

  if (index == 0)
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (set->type_names, copy);
      index = set->type_names->len;
      g_hash_table_insert (set->type_index, copy, GUINT_TO_POINTER (index));
    }
  return index - 1;
}

#define LEAD_SET_COLUMNS                                                              \
  "id, lead_id, first_name, last_name, email, company, job_title, industry, country," \
  " lead_source, status, owner, company_size, custom, outcome, outcome_at, created_at"

static void
read_lead_row (HotlistLeadSet *set, sqlite3_stmt *stmt, gint64 now)
{
  HotlistFeatureRow row = { 0 };
  const void       *blob;
  const char       *custom;
  HotlistOutcome    outcome = HOTLIST_OUTCOME_OPEN;

  row.id = sqlite3_column_int64 (stmt, 0);
  blob = sqlite3_column_blob (stmt, 1);
  if (blob != NULL && sqlite3_column_bytes (stmt, 1) == 16)
    memcpy (row.lead_id, blob, 16);
  for (int i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 2 + i);
      row.text[i] =
          text != NULL && *text != '\0' ? g_string_chunk_insert_const (set->strings, text) : NULL;
    }
  row.company_size =
      sqlite3_column_type (stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 12);
  custom = (const char *)sqlite3_column_text (stmt, 13);
  if (custom != NULL && custom[0] == '{' && custom[1] != '}')
    {
      JsonNode *root;

      /* One parser for the whole set: making one per lead cost more than the parsing. The
       * objects kept hold their own references. */
      if (set->parser == NULL)
        set->parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (set->parser, custom, -1, NULL)
          && (root = json_parser_get_root (set->parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          row.custom = json_object_ref (json_node_get_object (root));
          g_ptr_array_add (set->customs, row.custom);
        }
    }
  hotlist_outcome_from_string ((const char *)sqlite3_column_text (stmt, 14), &outcome);
  row.outcome = outcome;
  row.outcome_at = sqlite3_column_int64 (stmt, 15);
  row.created_at = sqlite3_column_int64 (stmt, 16);
  row.as_of = outcome != HOTLIST_OUTCOME_OPEN && row.outcome_at > 0 ? row.outcome_at : now;
  g_array_append_val (set->rows, row);
}

/* Points each row at its slice of the activity arrays, once they are complete: a row's activities
 * are contiguous, starting at first[i], count[i] of them. */
static void
link_activities (HotlistLeadSet *set, GArray *first, GArray *count)
{
  for (guint i = 0; i < set->rows->len; i++)
    {
      HotlistFeatureRow *row = &g_array_index (set->rows, HotlistFeatureRow, i);
      guint              start = g_array_index (first, guint, i);

      row->n_activities = g_array_index (count, guint, i);
      row->activity_type = row->n_activities > 0 ? &g_array_index (set->types, guint, start) : NULL;
      row->activity_date =
          row->n_activities > 0 ? &g_array_index (set->dates, gint64, start) : NULL;
    }
}

static void
add_activity (HotlistLeadSet *set,
              GArray         *first,
              GArray         *count,
              guint           row,
              const char     *type_name,
              gint64          date)
{
  guint type = intern_type (set, type_name);

  if (g_array_index (count, guint, row) == 0)
    g_array_index (first, guint, row) = set->types->len;
  g_array_index (count, guint, row)++;
  g_array_append_val (set->types, type);
  g_array_append_val (set->dates, date);
}

/* Adds the activities of leads row_from… of the set, read in lead order from @stmt (lead, type,
 * date), skipping those after each lead's reference time: a closed lead is seen as it was when
 * its outcome was decided. */
static int
merge_activities (HotlistLeadSet *set, sqlite3_stmt *stmt, GArray *first, GArray *count)
{
  guint row_index = 0;
  int   rc;

  g_array_set_size (first, set->rows->len);
  g_array_set_size (count, set->rows->len);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64             lead = sqlite3_column_int64 (stmt, 0);
      gint64             date = sqlite3_column_int64 (stmt, 2);
      HotlistFeatureRow *row;

      while (row_index < set->rows->len
             && g_array_index (set->rows, HotlistFeatureRow, row_index).id < lead)
        row_index++;
      if (row_index >= set->rows->len)
        {
          rc = SQLITE_DONE;
          break;
        }
      row = &g_array_index (set->rows, HotlistFeatureRow, row_index);
      if (row->id != lead || date > row->as_of)
        continue;
      add_activity (set, first, count, row_index, (const char *)sqlite3_column_text (stmt, 1),
                    date);
    }
  sqlite3_reset (stmt);
  return rc;
}

static gboolean
read_activities_of (HotlistStore   *store,
                    HotlistLeadSet *set,
                    guint           row_index,
                    GArray         *first,
                    GArray         *count,
                    GError        **error)
{
  HotlistFeatureRow *row = &g_array_index (set->rows, HotlistFeatureRow, row_index);
  sqlite3_stmt      *stmt =
      hotlist_store_prepare (store,
                             "SELECT activity_type, activity_date FROM activities WHERE lead = ?1",
                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_array_set_size (first, set->rows->len);
  g_array_set_size (count, set->rows->len);
  sqlite3_bind_int64 (stmt, 1, row->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 date = sqlite3_column_int64 (stmt, 1);

      if (date <= row->as_of)
        add_activity (set, first, count, row_index, (const char *)sqlite3_column_text (stmt, 0),
                      date);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, "Could not read activities");
      return FALSE;
    }
  return TRUE;
}

static HotlistLeadSet *
read_between (HotlistStore *store,
              const gint64 *ids,
              guint         n_ids,
              gint64        lo,
              gint64        hi,
              gint64        now,
              GError      **error)
{
  g_autoptr (HotlistLeadSet) set = lead_set_new ();
  g_autoptr (GArray)         first = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (GArray)         count = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (GHashTable)     wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt              *stmt, *acts;
  int                        rc;

  for (guint i = 0; i < n_ids; i++)
    g_hash_table_add (wanted, (gpointer)&ids[i]);
  stmt = hotlist_store_prepare (store,
                                "SELECT " LEAD_SET_COLUMNS
                                " FROM leads WHERE id >= ?1 AND id <= ?2 ORDER BY id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, lo);
  sqlite3_bind_int64 (stmt, 2, hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (g_hash_table_contains (wanted, &id))
        read_lead_row (set, stmt, now);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, "Could not read leads");
      return NULL;
    }
  acts = hotlist_store_prepare (store,
                                "SELECT lead, activity_type, activity_date FROM activities"
                                " WHERE lead >= ?1 AND lead <= ?2 ORDER BY lead",
                                error);
  if (acts == NULL)
    return NULL;
  sqlite3_bind_int64 (acts, 1, lo);
  sqlite3_bind_int64 (acts, 2, hi);
  if (merge_activities (set, acts, first, count) != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, "Could not read activities");
      return NULL;
    }
  g_array_set_size (first, set->rows->len);
  g_array_set_size (count, set->rows->len);
  link_activities (set, first, count);
  return g_steal_pointer (&set);
}

/**
 * hotlist_lead_set_read:
 * @store: a store
 * @ids: (array length=n_ids) (nullable): the leads to read, or %NULL for every lead
 * @n_ids: how many
 * @closed_only: with @ids %NULL, read only leads with an outcome
 * @now: the reference time for open leads
 * @error: return location for a #GError
 *
 * Reads leads and their activities for feature extraction. Missing ids are skipped.
 *
 * Returns: (transfer full): the set, or %NULL with @error set
 */
HotlistLeadSet *
hotlist_lead_set_read (HotlistStore *store,
                       const gint64 *ids,
                       guint         n_ids,
                       gboolean      closed_only,
                       gint64        now,
                       GError      **error)
{
  g_autoptr (HotlistLeadSet) set = lead_set_new ();
  g_autoptr (GArray)         first = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (GArray)         count = g_array_new (FALSE, TRUE, sizeof (guint));
  sqlite3_stmt              *stmt;
  int                        rc = SQLITE_DONE;

  if (ids != NULL && n_ids >= 1000)
    {
      /* Many leads, mostly next to each other (an import): two range scans beat a lookup each. */
      gint64 lo = G_MAXINT64, hi = G_MININT64;

      for (guint i = 0; i < n_ids; i++)
        {
          lo = MIN (lo, ids[i]);
          hi = MAX (hi, ids[i]);
        }
      if ((guint64)(hi - lo) < 2 * (guint64)n_ids)
        return read_between (store, ids, n_ids, lo, hi, now, error);
    }
  if (ids != NULL)
    {
      stmt = hotlist_store_prepare (store, "SELECT " LEAD_SET_COLUMNS " FROM leads WHERE id = ?1",
                                    error);
      if (stmt == NULL)
        return NULL;
      for (guint i = 0; i < n_ids; i++)
        {
          sqlite3_bind_int64 (stmt, 1, ids[i]);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              read_lead_row (set, stmt, now);
              sqlite3_reset (stmt);
              if (!read_activities_of (store, set, set->rows->len - 1, first, count, error))
                return NULL;
              rc = SQLITE_DONE;
            }
          else
            sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            {
              hotlist_store_set_error (store, error, "Could not read leads");
              return NULL;
            }
        }
    }
  else
    {
      /* Every lead, then every activity in lead order: two scans, no per-lead lookups. */
      sqlite3_stmt *acts;

      stmt =
          hotlist_store_prepare (store,
                                 closed_only ? "SELECT " LEAD_SET_COLUMNS
                                               " FROM leads WHERE outcome <> 'open' ORDER BY id"
                                             : "SELECT " LEAD_SET_COLUMNS " FROM leads ORDER BY id",
                                 error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        read_lead_row (set, stmt, now);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          hotlist_store_set_error (store, error, "Could not read leads");
          return NULL;
        }
      acts = hotlist_store_prepare (
          store, "SELECT lead, activity_type, activity_date FROM activities ORDER BY lead", error);
      if (acts == NULL)
        return NULL;
      if (merge_activities (set, acts, first, count) != SQLITE_DONE)
        {
          hotlist_store_set_error (store, error, "Could not read activities");
          return NULL;
        }
    }
  g_array_set_size (first, set->rows->len);
  g_array_set_size (count, set->rows->len);
  link_activities (set, first, count);
  return g_steal_pointer (&set);
}

/**
 * hotlist_lead_set_read_range:
 * @store: a store
 * @after_id: read leads with a larger row id
 * @limit: at most this many
 * @now: the reference time for open leads
 * @error: return location for a #GError
 *
 * Reads a batch of leads in row-id order, for rescoring every lead batch by batch.
 *
 * Returns: (transfer full): the set (empty at the end), or %NULL with @error set
 */
HotlistLeadSet *
hotlist_lead_set_read_range (HotlistStore *store,
                             gint64        after_id,
                             guint         limit,
                             gint64        now,
                             GError      **error)
{
  g_autoptr (HotlistLeadSet) set = lead_set_new ();
  g_autoptr (GArray)         first = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (GArray)         count = g_array_new (FALSE, TRUE, sizeof (guint));
  sqlite3_stmt              *stmt, *acts;
  int                        rc;

  stmt = hotlist_store_prepare (store,
                                "SELECT " LEAD_SET_COLUMNS
                                " FROM leads WHERE id > ?1 ORDER BY id LIMIT ?2",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read_lead_row (set, stmt, now);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, "Could not read leads");
      return NULL;
    }
  if (set->rows->len > 0)
    {
      acts = hotlist_store_prepare (store,
                                    "SELECT lead, activity_type, activity_date FROM activities"
                                    " WHERE lead > ?1 AND lead <= ?2 ORDER BY lead",
                                    error);
      if (acts == NULL)
        return NULL;
      sqlite3_bind_int64 (acts, 1, after_id);
      sqlite3_bind_int64 (acts, 2,
                          g_array_index (set->rows, HotlistFeatureRow, set->rows->len - 1).id);
      if (merge_activities (set, acts, first, count) != SQLITE_DONE)
        {
          hotlist_store_set_error (store, error, "Could not read activities");
          return NULL;
        }
    }
  g_array_set_size (first, set->rows->len);
  g_array_set_size (count, set->rows->len);
  link_activities (set, first, count);
  return g_steal_pointer (&set);
}

/* Reading an attribute's value from a row. */

static const char *
custom_text (const HotlistFeatureRow *row, const char *key)
{
  JsonNode *node;

  if (row->custom == NULL || (node = json_object_get_member (row->custom, key)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The attribute's value as text (categories, titles, emails), or NULL when it is missing. */
static const char *
attribute_text (const HotlistSchemaAttribute *attribute, const HotlistFeatureRow *row)
{
  const char *text = NULL;

  if (attribute->source == HOTLIST_SOURCE_FIELD && attribute->field < HOTLIST_N_LEAD_TEXT_FIELDS)
    text = row->text[attribute->field];
  else if (attribute->source == HOTLIST_SOURCE_CUSTOM)
    text = custom_text (row, attribute->key);
  return text != NULL && *text != '\0' ? text : NULL;
}

static double
attribute_number (const HotlistSchemaAttribute *attribute, const HotlistFeatureRow *row)
{
  const char *text;
  double      number;

  if (attribute->source == HOTLIST_SOURCE_FIELD
      && attribute->field == HOTLIST_LEAD_FIELD_COMPANY_SIZE)
    return row->company_size >= 0 ? (double)row->company_size : NAN;
  text = attribute_text (attribute, row);
  if (text == NULL)
    return NAN;
  switch (attribute->kind)
    {
    case HOTLIST_VALUE_NUMBER:
      return hotlist_value_parse_number (text, &number) ? number : NAN;
    case HOTLIST_VALUE_BOOLEAN:
      {
        gboolean value;
        return hotlist_value_parse_boolean (text, &value) ? (value ? 1.0 : 0.0) : NAN;
      }
    case HOTLIST_VALUE_DATE:
      {
        gint64 when;
        return hotlist_value_parse_date (text, &when) ? (row->as_of - when) / SECONDS_PER_DAY : NAN;
      }
    case HOTLIST_VALUE_CATEGORY:
    case HOTLIST_VALUE_TEXT:
    default:
      return NAN;
    }
}

/* Schema building. */

static void
schema_attribute_free (gpointer data)
{
  HotlistSchemaAttribute *attribute = data;

  g_free (attribute->key);
  g_free (attribute->label);
  g_free (attribute->activity_type);
  g_free (attribute);
}

static void
feature_clear (gpointer data)
{
  HotlistFeature *feature = data;

  g_free (feature->name);
  g_free (feature->value);
}

static HotlistFeatureSchema *
schema_new (void)
{
  HotlistFeatureSchema *schema = g_new0 (HotlistFeatureSchema, 1);

  schema->attributes = g_ptr_array_new_with_free_func (schema_attribute_free);
  schema->features = g_array_new (FALSE, TRUE, sizeof (HotlistFeature));
  g_array_set_clear_func (schema->features, feature_clear);
  return schema;
}

void
hotlist_feature_schema_free (HotlistFeatureSchema *schema)
{
  if (schema == NULL)
    return;
  g_ptr_array_unref (schema->attributes);
  g_array_unref (schema->features);
  g_free (schema);
}

static void
add_feature (HotlistFeatureSchema *schema,
             HotlistFeatureKind    kind,
             guint                 attribute,
             const char           *value,
             int                   window)
{
  HotlistFeature          feature = { kind, attribute, NULL, g_strdup (value), window };
  HotlistSchemaAttribute *owner = g_ptr_array_index (schema->attributes, attribute);

  switch (kind)
    {
    case HOTLIST_FEATURE_ONE_HOT:
    case HOTLIST_FEATURE_DEPARTMENT:
      feature.name = g_strdup_printf ("%s=%s", owner->key, value != NULL ? value : "(other)");
      break;
    case HOTLIST_FEATURE_SENIORITY:
      feature.name = g_strdup_printf ("%s:seniority", owner->key);
      break;
    case HOTLIST_FEATURE_FREE_MAIL:
      feature.name = g_strdup_printf ("%s:free_mail", owner->key);
      break;
    case HOTLIST_FEATURE_ACT_COUNT:
      feature.name = window > 0 ? g_strdup_printf ("%s:count_%dd", owner->key, window)
                                : g_strdup_printf ("%s:count", owner->key);
      break;
    case HOTLIST_FEATURE_ACT_DAYS_SINCE:
      feature.name = g_strdup_printf ("%s:days_since", owner->key);
      break;
    case HOTLIST_FEATURE_DAYS_AGO:
      feature.name = g_strdup_printf ("%s:days_ago", owner->key);
      break;
    case HOTLIST_FEATURE_NUMBER:
    case HOTLIST_FEATURE_BOOLEAN:
    case HOTLIST_FEATURE_ACT_INTENSITY:
    default:
      feature.name = g_strdup (owner->key);
      break;
    }
  g_array_append_val (schema->features, feature);
}

typedef struct
{
  const char *value;
  guint       count;
} ValueCount;

static int
compare_counts (gconstpointer a, gconstpointer b)
{
  const ValueCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->value, y->value);
}

/* One-hot features over a category's frequent values; returns FALSE when the attribute
 * identifies rows (almost every filled value unique) and so is no feature at all. */
static gboolean
add_category_features (HotlistFeatureSchema *schema, guint index, GPtrArray *values, guint n_rows)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray)     sorted = g_array_new (FALSE, FALSE, sizeof (ValueCount));
  GHashTableIter         iter;
  gpointer               key, value;
  guint                  min_count = MAX (10, n_rows / 1000), kept = 0, rest = 0;

  for (guint i = 0; i < values->len; i++)
    {
      const char *text = g_ptr_array_index (values, i);
      g_hash_table_insert (counts, (gpointer)text,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, text))
                                             + 1));
    }
  if (values->len >= 50 && g_hash_table_size (counts) > values->len / 2)
    return FALSE;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ValueCount vc = { key, GPOINTER_TO_UINT (value) };
      g_array_append_val (sorted, vc);
    }
  g_array_sort (sorted, compare_counts);
  for (guint i = 0; i < sorted->len; i++)
    {
      ValueCount *vc = &g_array_index (sorted, ValueCount, i);

      if (vc->count >= min_count && kept < MAX_CATEGORY_VALUES)
        {
          add_feature (schema, HOTLIST_FEATURE_ONE_HOT, index, vc->value, 0);
          kept++;
        }
      else
        rest += vc->count;
    }
  if (rest >= min_count || (kept == 0 && rest > 0))
    add_feature (schema, HOTLIST_FEATURE_ONE_HOT, index, NULL, 0);
  return TRUE;
}

/* A number column is an identifier when every filled value is a distinct integer. */
static gboolean
numbers_identify_rows (GArray *numbers)
{
  g_autoptr (GHashTable) seen = NULL;

  if (numbers->len < 100)
    return FALSE;
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < numbers->len; i++)
    {
      double  x = g_array_index (numbers, double, i);
      gint64 *key;

      if (x != floor (x) || g_hash_table_contains (seen, &(gint64){ (gint64)x }))
        return FALSE;
      key = g_new (gint64, 1);
      *key = (gint64)x;
      g_hash_table_add (seen, key);
    }
  return TRUE;
}

static const char *const activity_windows_doc = "7, 30 and 90 days, and ever";
static const int         activity_windows[] = { 7, 30, 90, 0 };

/**
 * hotlist_feature_schema_build:
 * @attributes: (element-type HotlistAttribute): the enabled attributes to use
 * @training: the training leads
 * @rows: (array length=n_rows): the rows of @training to learn categories from
 * @n_rows: how many
 *
 * Decides the features of a model: which category values get their own column, which job-title
 * departments, which activity types; attributes that identify rows are left out.
 *
 * Returns: (transfer full): the schema
 */
HotlistFeatureSchema *
hotlist_feature_schema_build (GPtrArray      *attributes,
                              HotlistLeadSet *training,
                              const guint    *rows,
                              guint           n_rows)
{
  HotlistFeatureSchema *schema = schema_new ();

  (void)activity_windows_doc;
  for (guint a = 0; a < attributes->len; a++)
    {
      HotlistAttribute       *attribute = g_ptr_array_index (attributes, a);
      HotlistSchemaAttribute *sa = g_new0 (HotlistSchemaAttribute, 1);
      HotlistLeadField        field;
      guint                   index = schema->attributes->len;
      guint                   n_before = schema->features->len;

      sa->key = g_strdup (attribute->key);
      sa->label = g_strdup (attribute->label);
      sa->kind = attribute->kind;
      sa->field = -1;
      if (attribute->is_core && hotlist_lead_field_from_column (attribute->key, &field))
        {
          sa->source = HOTLIST_SOURCE_FIELD;
          sa->field = field;
        }
      else if (!attribute->is_core && attribute->column_name == NULL
               && g_str_has_prefix (attribute->key, "act_"))
        {
          sa->source = HOTLIST_SOURCE_ACTIVITY;
          sa->activity_type = g_strdup (attribute->key + 4);
        }
      else if (!attribute->is_core && attribute->column_name == NULL
               && strcmp (attribute->key, "engagement") == 0)
        sa->source = HOTLIST_SOURCE_ENGAGEMENT;
      else if (!attribute->is_core)
        sa->source = HOTLIST_SOURCE_CUSTOM;
      else
        {
          schema_attribute_free (sa);
          continue;
        }
      g_ptr_array_add (schema->attributes, sa);

      if (sa->source == HOTLIST_SOURCE_ACTIVITY)
        {
          GPtrArray *types = hotlist_lead_set_get_activity_types (training);
          gboolean   seen = FALSE;

          for (guint t = 0; t < types->len && !seen; t++)
            seen = strcmp (g_ptr_array_index (types, t), sa->activity_type) == 0;
          if (seen)
            {
              for (guint w = 0; w < G_N_ELEMENTS (activity_windows); w++)
                add_feature (schema, HOTLIST_FEATURE_ACT_COUNT, index, NULL, activity_windows[w]);
              add_feature (schema, HOTLIST_FEATURE_ACT_DAYS_SINCE, index, NULL, 0);
            }
        }
      else if (sa->source == HOTLIST_SOURCE_ENGAGEMENT)
        add_feature (schema, HOTLIST_FEATURE_ACT_INTENSITY, index, NULL, 0);
      else if (sa->source == HOTLIST_SOURCE_FIELD && sa->field == HOTLIST_LEAD_FIELD_JOB_TITLE)
        {
          g_autoptr (GPtrArray) departments = g_ptr_array_new ();
          gboolean              any_seniority = FALSE;

          for (guint r = 0; r < n_rows; r++)
            {
              const char *title = attribute_text (sa, hotlist_lead_set_get_row (training, rows[r]));
              const char *department = hotlist_job_title_department (title);

              any_seniority |= hotlist_job_title_seniority (title) >= 0;
              if (department != NULL)
                g_ptr_array_add (departments, (gpointer)department);
            }
          if (any_seniority)
            add_feature (schema, HOTLIST_FEATURE_SENIORITY, index, NULL, 0);
          if (departments->len > 0)
            {
              guint first = schema->features->len;

              add_category_features (schema, index, departments, n_rows);
              for (guint f = first; f < schema->features->len; f++)
                g_array_index (schema->features, HotlistFeature, f).kind =
                    HOTLIST_FEATURE_DEPARTMENT;
            }
        }
      else if (sa->source == HOTLIST_SOURCE_FIELD && sa->field == HOTLIST_LEAD_FIELD_EMAIL)
        {
          gboolean any = FALSE;

          for (guint r = 0; r < n_rows && !any; r++)
            any = attribute_text (sa, hotlist_lead_set_get_row (training, rows[r])) != NULL;
          if (any)
            add_feature (schema, HOTLIST_FEATURE_FREE_MAIL, index, NULL, 0);
        }
      else if (sa->kind == HOTLIST_VALUE_CATEGORY)
        {
          g_autoptr (GPtrArray) values = g_ptr_array_new ();

          for (guint r = 0; r < n_rows; r++)
            {
              const char *text = attribute_text (sa, hotlist_lead_set_get_row (training, rows[r]));
              if (text != NULL)
                g_ptr_array_add (values, (gpointer)text);
            }
          if (values->len > 0)
            add_category_features (schema, index, values, n_rows);
        }
      else if (sa->kind == HOTLIST_VALUE_NUMBER || sa->kind == HOTLIST_VALUE_BOOLEAN
               || sa->kind == HOTLIST_VALUE_DATE)
        {
          g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));

          for (guint r = 0; r < n_rows; r++)
            {
              double x = attribute_number (sa, hotlist_lead_set_get_row (training, rows[r]));
              if (!isnan (x))
                g_array_append_val (numbers, x);
            }
          if (numbers->len > 0
              && !(sa->kind == HOTLIST_VALUE_NUMBER && numbers_identify_rows (numbers)))
            add_feature (schema,
                         sa->kind == HOTLIST_VALUE_NUMBER    ? HOTLIST_FEATURE_NUMBER
                         : sa->kind == HOTLIST_VALUE_BOOLEAN ? HOTLIST_FEATURE_BOOLEAN
                                                             : HOTLIST_FEATURE_DAYS_AGO,
                         index, NULL, 0);
        }
      /* Free text (names, companies, notes) is no feature. */

      if (schema->features->len == n_before)
        g_ptr_array_remove_index (schema->attributes, index);
    }
  return schema;
}

guint
hotlist_feature_schema_get_n_features (HotlistFeatureSchema *schema)
{
  return schema->features->len;
}

const HotlistFeature *
hotlist_feature_schema_get_feature (HotlistFeatureSchema *schema, guint i)
{
  return &g_array_index (schema->features, HotlistFeature, i);
}

guint
hotlist_feature_schema_get_n_attributes (HotlistFeatureSchema *schema)
{
  return schema->attributes->len;
}

const HotlistSchemaAttribute *
hotlist_feature_schema_get_attribute (HotlistFeatureSchema *schema, guint i)
{
  return g_ptr_array_index (schema->attributes, i);
}

int
hotlist_feature_schema_find_attribute (HotlistFeatureSchema *schema, const char *key)
{
  for (guint i = 0; i < schema->attributes->len; i++)
    if (strcmp (((HotlistSchemaAttribute *)g_ptr_array_index (schema->attributes, i))->key, key)
        == 0)
      return (int)i;
  return -1;
}

/* Extraction. */

/* Per-attribute scratch for one row: activity statistics of the attribute's type. */
typedef struct
{
  int    type; /* index in the lead set, or -1 */
  guint  counts[G_N_ELEMENTS (activity_windows)];
  double days_since;
} ActivityStats;

void
hotlist_feature_schema_extract (HotlistFeatureSchema *schema,
                                HotlistLeadSet       *set,
                                const guint          *rows,
                                guint                 n_rows,
                                float                *out)
{
  guint n_features = schema->features->len, n_attributes = schema->attributes->len;
  g_autofree ActivityStats *stats = g_new0 (ActivityStats, MAX (n_attributes, 1));
  g_autofree int           *attribute_of_type = g_new (int, set->type_names->len + 1);

  for (guint t = 0; t < set->type_names->len; t++)
    attribute_of_type[t] = -1;
  for (guint a = 0; a < n_attributes; a++)
    {
      HotlistSchemaAttribute *sa = g_ptr_array_index (schema->attributes, a);
      gpointer                index;

      stats[a].type = -1;
      if (sa->source == HOTLIST_SOURCE_ACTIVITY
          && (index = g_hash_table_lookup (set->type_index, sa->activity_type)) != NULL)
        {
          stats[a].type = GPOINTER_TO_INT (index) - 1;
          attribute_of_type[stats[a].type] = (int)a;
        }
    }

  for (guint r = 0; r < n_rows; r++)
    {
      const HotlistFeatureRow *row =
          &g_array_index (set->rows, HotlistFeatureRow, rows != NULL ? rows[r] : r);
      float      *x = out + (gsize)r * n_features;
      double      intensity = 0;
      gboolean    have_title = FALSE;
      int         seniority = -1;
      const char *department = NULL;

      for (guint a = 0; a < n_attributes; a++)
        {
          memset (stats[a].counts, 0, sizeof stats[a].counts);
          stats[a].days_since = NAN;
        }
      for (guint i = 0; i < row->n_activities; i++)
        {
          double age = (row->as_of - row->activity_date[i]) / SECONDS_PER_DAY;
          int    a = attribute_of_type[row->activity_type[i]];

          intensity += exp (-age * G_LN2 / INTENSITY_HALF_DAYS);
          if (a < 0)
            continue;
          for (guint w = 0; w < G_N_ELEMENTS (activity_windows); w++)
            if (activity_windows[w] == 0 || age <= activity_windows[w])
              stats[a].counts[w]++;
          if (isnan (stats[a].days_since) || age < stats[a].days_since)
            stats[a].days_since = age;
        }

      for (guint f = 0; f < n_features; f++)
        {
          const HotlistFeature *feature = &g_array_index (schema->features, HotlistFeature, f);
          const HotlistSchemaAttribute *sa =
              g_ptr_array_index (schema->attributes, feature->attribute);
          float value = NAN;

          switch (feature->kind)
            {
            case HOTLIST_FEATURE_NUMBER:
            case HOTLIST_FEATURE_BOOLEAN:
            case HOTLIST_FEATURE_DAYS_AGO:
              value = (float)attribute_number (sa, row);
              break;

            case HOTLIST_FEATURE_ONE_HOT:
              {
                const char *text = attribute_text (sa, row);

                if (text == NULL)
                  value = NAN;
                else if (feature->value != NULL)
                  value = strcmp (text, feature->value) == 0;
                else
                  {
                    /* "other": none of the attribute's named values. */
                    value = 1;
                    for (guint g = 0; g < n_features; g++)
                      {
                        const HotlistFeature *other =
                            &g_array_index (schema->features, HotlistFeature, g);
                        if (other->attribute == feature->attribute && other->value != NULL
                            && strcmp (other->value, text) == 0)
                          {
                            value = 0;
                            break;
                          }
                      }
                  }
              }
              break;

            case HOTLIST_FEATURE_SENIORITY:
            case HOTLIST_FEATURE_DEPARTMENT:
              if (!have_title)
                {
                  const char *title = attribute_text (sa, row);
                  seniority = hotlist_job_title_seniority (title);
                  department = hotlist_job_title_department (title);
                  have_title = TRUE;
                }
              if (feature->kind == HOTLIST_FEATURE_SENIORITY)
                value = seniority >= 0 ? (float)seniority : NAN;
              else if (attribute_text (sa, row) == NULL)
                value = NAN;
              else if (feature->value != NULL)
                value = department != NULL && strcmp (department, feature->value) == 0;
              else
                {
                  value = department != NULL;
                  for (guint g = 0; g < n_features && department != NULL; g++)
                    {
                      const HotlistFeature *other =
                          &g_array_index (schema->features, HotlistFeature, g);
                      if (other->attribute == feature->attribute && other->value != NULL
                          && strcmp (other->value, department) == 0)
                        value = 0;
                    }
                }
              break;

            case HOTLIST_FEATURE_FREE_MAIL:
              {
                const char *email = attribute_text (sa, row);
                value = email != NULL ? hotlist_email_is_free_mail (email) : NAN;
              }
              break;

            case HOTLIST_FEATURE_ACT_COUNT:
              for (guint w = 0; w < G_N_ELEMENTS (activity_windows); w++)
                if (activity_windows[w] == feature->window)
                  value = stats[feature->attribute].counts[w];
              break;

            case HOTLIST_FEATURE_ACT_DAYS_SINCE:
              value = (float)stats[feature->attribute].days_since;
              break;

            case HOTLIST_FEATURE_ACT_INTENSITY:
              value = (float)intensity;
              break;

            default:
              break;
            }
          x[f] = value;
        }
    }
}

/**
 * hotlist_feature_schema_describe_value:
 *
 * Returns: (transfer full): the attribute's value for the lead in plain words ("Director of
 *   Marketing", "3 in the last 7 days, 5 in all"), or %NULL when it has none
 */
char *
hotlist_feature_schema_describe_value (HotlistFeatureSchema    *schema,
                                       HotlistLeadSet          *set,
                                       const HotlistFeatureRow *row,
                                       guint                    attribute)
{
  const HotlistSchemaAttribute *sa = g_ptr_array_index (schema->attributes, attribute);

  if (sa->source == HOTLIST_SOURCE_ACTIVITY || sa->source == HOTLIST_SOURCE_ENGAGEMENT)
    {
      guint  in7 = 0, in30 = 0, all = 0;
      double last = NAN;

      for (guint i = 0; i < row->n_activities; i++)
        {
          double age = (row->as_of - row->activity_date[i]) / SECONDS_PER_DAY;

          if (sa->source == HOTLIST_SOURCE_ACTIVITY
              && strcmp (g_ptr_array_index (set->type_names, row->activity_type[i]),
                         sa->activity_type)
                     != 0)
            continue;
          all++;
          in7 += age <= 7;
          in30 += age <= 30;
          if (isnan (last) || age < last)
            last = age;
        }
      if (all == 0)
        return g_strdup ("none");
      return g_strdup_printf ("%u in the last 7 days, %u in 30 days, %u in all; last %.0f days ago",
                              in7, in30, all, floor (last));
    }
  if (sa->source == HOTLIST_SOURCE_FIELD && sa->field == HOTLIST_LEAD_FIELD_COMPANY_SIZE)
    return row->company_size >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->company_size) : NULL;
  return g_strdup (attribute_text (sa, row));
}

/* JSON. */

static const char *const feature_kind_names[] = {
  "number",     "one_hot",   "boolean",   "days_ago",       "seniority",
  "department", "free_mail", "act_count", "act_days_since", "act_intensity",
};

static const char *const source_names[] = { "field", "custom", "activity", "engagement" };

char *
hotlist_feature_schema_to_json (HotlistFeatureSchema *schema)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_array (builder);
  for (guint a = 0; a < schema->attributes->len; a++)
    {
      HotlistSchemaAttribute *sa = g_ptr_array_index (schema->attributes, a);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, sa->key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, sa->label);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, hotlist_value_kind_to_string (sa->kind));
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source_names[sa->source]);
      if (sa->source == HOTLIST_SOURCE_FIELD)
        {
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, hotlist_lead_field_to_column (sa->field));
        }
      if (sa->activity_type != NULL)
        {
          json_builder_set_member_name (builder, "activity_type");
          json_builder_add_string_value (builder, sa->activity_type);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint f = 0; f < schema->features->len; f++)
    {
      HotlistFeature *feature = &g_array_index (schema->features, HotlistFeature, f);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, feature->name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, feature_kind_names[feature->kind]);
      json_builder_set_member_name (builder, "attribute");
      json_builder_add_int_value (builder, feature->attribute);
      if (feature->value != NULL)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, feature->value);
        }
      if (feature->window != 0)
        {
          json_builder_set_member_name (builder, "window");
          json_builder_add_int_value (builder, feature->window);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static int
lookup_name (const char *const *names, guint n_names, const char *name)
{
  for (guint i = 0; name != NULL && i < n_names; i++)
    if (strcmp (names[i], name) == 0)
      return (int)i;
  return -1;
}

HotlistFeatureSchema *
hotlist_feature_schema_from_json (const char *json, GError **error)
{
  g_autoptr (JsonParser)           parser = json_parser_new ();
  g_autoptr (HotlistFeatureSchema) schema = schema_new ();
  JsonObject                      *root;
  JsonArray                       *attributes, *features;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || (root = json_node_get_object (json_parser_get_root (parser))) == NULL
      || !json_object_has_member (root, "attributes") || !json_object_has_member (root, "features"))
    goto bad;
  attributes = json_object_get_array_member (root, "attributes");
  features = json_object_get_array_member (root, "features");
  if (attributes == NULL || features == NULL)
    goto bad;
  for (guint a = 0; a < json_array_get_length (attributes); a++)
    {
      JsonObject             *object = json_array_get_object_element (attributes, a);
      HotlistSchemaAttribute *sa = g_new0 (HotlistSchemaAttribute, 1);
      HotlistValueKind        kind = HOTLIST_VALUE_TEXT;
      HotlistLeadField        field;
      int                     source;

      g_ptr_array_add (schema->attributes, sa);
      if (object == NULL)
        goto bad;
      sa->key = g_strdup (json_object_get_string_member_with_default (object, "key", ""));
      sa->label = g_strdup (json_object_get_string_member_with_default (object, "label", sa->key));
      hotlist_value_kind_from_string (json_object_get_string_member_with_default (object, "kind",
                                                                                  "text"),
                                      &kind);
      sa->kind = kind;
      source = lookup_name (source_names, G_N_ELEMENTS (source_names),
                            json_object_get_string_member_with_default (object, "source", NULL));
      if (source < 0 || sa->key[0] == '\0')
        goto bad;
      sa->source = source;
      sa->field = -1;
      if (sa->source == HOTLIST_SOURCE_FIELD)
        {
          if (!hotlist_lead_field_from_column (json_object_get_string_member_with_default (object,
                                                                                           "field",
                                                                                           ""),
                                               &field))
            goto bad;
          sa->field = field;
        }
      sa->activity_type =
          g_strdup (json_object_get_string_member_with_default (object, "activity_type", NULL));
      if (sa->source == HOTLIST_SOURCE_ACTIVITY && sa->activity_type == NULL)
        goto bad;
    }
  for (guint f = 0; f < json_array_get_length (features); f++)
    {
      JsonObject    *object = json_array_get_object_element (features, f);
      HotlistFeature feature = { 0 };
      int            kind;
      gint64         attribute;

      if (object == NULL)
        goto bad;
      kind = lookup_name (feature_kind_names, G_N_ELEMENTS (feature_kind_names),
                          json_object_get_string_member_with_default (object, "kind", NULL));
      attribute = json_object_get_int_member_with_default (object, "attribute", -1);
      if (kind < 0 || attribute < 0 || attribute >= schema->attributes->len)
        goto bad;
      feature.kind = kind;
      feature.attribute = (guint)attribute;
      feature.name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      feature.value = g_strdup (json_object_get_string_member_with_default (object, "value", NULL));
      feature.window = (int)json_object_get_int_member_with_default (object, "window", 0);
      g_array_append_val (schema->features, feature);
    }
  return g_steal_pointer (&schema);

bad:
  g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_CORRUPT,
               "The model's feature schema cannot be read");
  return NULL;
}
