/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lead list's model: compact rows for a whole workspace, sorted, searched and filtered. */

/*
 * A million leads must open, sort and filter without a GObject per lead. The list keeps each
 * lead as a small fixed-size row (ids, score, tier, offsets into one block of text, indexes
 * into tables of owners, sources and statuses), one lower-cased block of the text that search
 * looks through, and for each column a permutation of the rows in that column's order, made
 * once when the leads are read. Sorting is then choosing a permutation, a filter is one pass
 * over it, and the rows GTK shows are made as items only when it asks for them.
 */

#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hotlist-lead-list.h"

/* Values many leads share are kept once each: the rows hold their index. */
enum
{
  VALUE_OWNER,
  VALUE_SOURCE,
  VALUE_STATUS,
  VALUE_COMPANY,
  VALUE_TITLE,
  N_VALUE_TABLES
};

typedef struct
{
  gint64  id;
  guint32 last_activity;          /* Unix time, 0 when none */
  float   probability;            /* NAN when not scored */
  gint16  score;                  /* -1 when not scored */
  guint8  tier;                   /* see tier_names */
  guint8  outcome;                /* HotlistOutcome */
  guint32 name;                   /* offset into Data.text */
  guint32 values[N_VALUE_TABLES]; /* indexes into Data.values[], 0 for none */
  guint32 hay;                    /* offset of the row's search text in Data.hay */
} Row;

/* Tier as a rank, so that sorting by tier is sorting by number. */
static const char *const tier_names[] = { NULL, "cold", "cool", "warm", "hot" };

typedef struct
{
  GArray     *rows;                         /* Row */
  GByteArray *text;                         /* display strings, NUL-terminated; offset 0 is "" */
  GByteArray *hay;                          /* per row "name\x1femail\n", in lower case */
  gboolean    hay_in_row_order;             /* row i's search text comes before row i+1's */
  GPtrArray  *values[N_VALUE_TABLES];       /* distinct values; index 0 is "" */
  GHashTable *value_ids[N_VALUE_TABLES];    /* value → index */
  GArray     *value_ranks[N_VALUE_TABLES];  /* guint32 rank of each value in sort order, or NULL */
  GPtrArray  *lower_values[N_VALUE_TABLES]; /* the values in lower case, or NULL */
  GArray     *by_id;                        /* guint32 rows by lead id */
  GArray     *perm[HOTLIST_N_LEAD_SORTS];   /* guint32 rows in a column's ascending order: kept
                                           * for score and name, made when asked for the
                                           * others (see column_order()) */
  gboolean    complete;                     /* every lead of the workspace is here */
  gboolean    made_descending;              /* the made order in perm[] is descending */
} Data;

struct _HotlistLeadList
{
  GObject parent_instance;

  Data           *data;
  GArray         *visible;           /* guint32 rows, in the order shown */
  guint32         selected_row;      /* G_MAXUINT32 when none */
  gint64          selected_lead;     /* 0 when none; kept while the row is filtered out */
  guint           selected_position; /* GTK_INVALID_LIST_POSITION when not shown */
  HotlistLeadSort sort;
  gboolean        descending;
  char           *filters[HOTLIST_N_LEAD_FILTERS];
  guint32         filter_ids[HOTLIST_N_LEAD_FILTERS]; /* G_MAXUINT32 = any; NO_MATCH = none */
  char           *query;                              /* lower case, NULL when not searching */
  guint8         *match;                              /* per row, with @query */
};

enum
{
  PROP_0,
  PROP_SELECTED_LEAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Leads written at once that are moved row by row; more are shown again as a whole. */
#define MOVED_ONE_BY_ONE 32

#define ANY G_MAXUINT32
#define NO_MATCH (G_MAXUINT32 - 1)

static void hotlist_lead_list_model_init (GListModelInterface *iface);
static void hotlist_lead_list_selection_init (GtkSelectionModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (HotlistLeadList,
                         hotlist_lead_list,
                         G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hotlist_lead_list_model_init)
                             G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                    hotlist_lead_list_selection_init))

/* Data */

static Data *
data_new (void)
{
  Data *data = g_new0 (Data, 1);

  data->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  data->text = g_byte_array_new ();
  g_byte_array_append (data->text, (const guint8 *)"", 1);
  data->hay = g_byte_array_new ();
  data->hay_in_row_order = TRUE;
  data->by_id = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < N_VALUE_TABLES; i++)
    {
      data->values[i] = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (data->values[i], g_strdup (""));
      data->value_ids[i] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  return data;
}

static void
data_free (Data *data)
{
  if (data == NULL)
    return;
  g_array_unref (data->rows);
  g_byte_array_unref (data->text);
  g_byte_array_unref (data->hay);
  g_array_unref (data->by_id);
  for (guint i = 0; i < N_VALUE_TABLES; i++)
    {
      g_hash_table_unref (data->value_ids[i]);
      g_ptr_array_unref (data->values[i]);
      if (data->value_ranks[i] != NULL)
        g_array_unref (data->value_ranks[i]);
      if (data->lower_values[i] != NULL)
        g_ptr_array_unref (data->lower_values[i]);
    }
  for (guint i = 0; i < HOTLIST_N_LEAD_SORTS; i++)
    if (data->perm[i] != NULL)
      g_array_unref (data->perm[i]);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Data, data_free)

#define ROW(data, i) (&g_array_index ((data)->rows, Row, (i)))

static const char *
row_text (const Data *data, guint32 offset)
{
  return (const char *)data->text->data + offset;
}

static guint32
add_text (Data *data, const char *text)
{
  guint32 offset;

  if (text == NULL || *text == '\0')
    return 0;
  offset = data->text->len;
  g_byte_array_append (data->text, (const guint8 *)text, strlen (text) + 1);
  return offset;
}

static guint32
intern_value (Data *data, guint table, const char *value)
{
  gpointer found;

  if (value == NULL || *value == '\0')
    return 0;
  if (g_hash_table_lookup_extended (data->value_ids[table], value, NULL, &found))
    return GPOINTER_TO_UINT (found);
  g_clear_pointer (&data->value_ranks[table], g_array_unref);
  g_ptr_array_add (data->values[table], g_strdup (value));
  g_hash_table_insert (data->value_ids[table],
                       g_ptr_array_index (data->values[table], data->values[table]->len - 1),
                       GUINT_TO_POINTER (data->values[table]->len - 1));
  return data->values[table]->len - 1;
}

/* Appends @text in lower case; separators in the text become spaces. */
static void
append_lower (GByteArray *hay, const char *text)
{
  gboolean ascii = TRUE;
  gsize    len, start;

  if (text == NULL)
    return;
  len = strlen (text);
  for (gsize i = 0; i < len; i++)
    if ((guchar)text[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }
  start = hay->len;
  if (ascii)
    {
      g_byte_array_set_size (hay, start + len);
      for (gsize i = 0; i < len; i++)
        hay->data[start + i] = g_ascii_tolower (text[i]);
    }
  else
    {
      g_autofree char *lower = g_utf8_strdown (text, len);

      len = strlen (lower);
      g_byte_array_append (hay, (const guint8 *)lower, len);
    }
  for (gsize i = start; i < hay->len; i++)
    if (hay->data[i] == '\n' || hay->data[i] == 0x1f)
      hay->data[i] = ' ';
}

static void
set_hay (Data *data, guint32 row, const HotlistLeadSummary *lead, const char *name)
{
  static const guint8 separator = 0x1f, end = '\n';

  ROW (data, row)->hay = data->hay->len;
  append_lower (data->hay, name);
  g_byte_array_append (data->hay, &separator, 1);
  append_lower (data->hay, lead->text[HOTLIST_LEAD_FIELD_EMAIL]);
  g_byte_array_append (data->hay, &end, 1);
}

/* The name a row shows: first and last name, or the e-mail address when there is none. */
static char *
summary_name (const HotlistLeadSummary *lead)
{
  const char *first = lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME];
  const char *last = lead->text[HOTLIST_LEAD_FIELD_LAST_NAME];

  if (first != NULL && last != NULL)
    return g_strconcat (first, " ", last, NULL);
  if (first != NULL || last != NULL)
    return g_strdup (first != NULL ? first : last);
  return g_strdup (lead->text[HOTLIST_LEAD_FIELD_EMAIL]);
}

static guint8
tier_rank (const char *tier)
{
  for (guint8 i = 1; i < G_N_ELEMENTS (tier_names); i++)
    if (g_strcmp0 (tier, tier_names[i]) == 0)
      return i;
  return 0;
}

static void
set_scores (Row *row, const HotlistLeadSummary *lead)
{
  row->score = lead->lead_score;
  row->probability = lead->probability;
  row->tier = tier_rank (lead->tier);
  row->outcome = lead->outcome;
  row->last_activity = (guint32)CLAMP (lead->last_activity_date, 0, G_MAXUINT32);
}

static void
set_texts (Data *data, guint32 index, const HotlistLeadSummary *lead)
{
  g_autofree char *name = summary_name (lead);
  Row             *row = ROW (data, index);

  row->name = add_text (data, name);
  row->values[VALUE_COMPANY] =
      intern_value (data, VALUE_COMPANY, lead->text[HOTLIST_LEAD_FIELD_COMPANY]);
  row->values[VALUE_TITLE] =
      intern_value (data, VALUE_TITLE, lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE]);
  row->values[VALUE_OWNER] = intern_value (data, VALUE_OWNER, lead->text[HOTLIST_LEAD_FIELD_OWNER]);
  row->values[VALUE_SOURCE] =
      intern_value (data, VALUE_SOURCE, lead->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE]);
  row->values[VALUE_STATUS] =
      intern_value (data, VALUE_STATUS, lead->text[HOTLIST_LEAD_FIELD_STATUS]);
  set_hay (data, index, lead, name);
}

static gboolean
append_summary_cb (const HotlistLeadSummary *lead, gpointer user_data)
{
  Data   *data = user_data;
  Row     row = { 0 };
  guint32 index = data->rows->len;

  row.id = lead->id;
  set_scores (&row, lead);
  g_array_append_val (data->rows, row);
  set_texts (data, index, lead);
  return TRUE;
}

/* Sorting: each column's order as a key of 64 bits, and what breaks ties. */

typedef struct
{
  guint64 key;
  guint32 row;
} SortEntry;

typedef struct
{
  Data           *data;
  HotlistLeadSort sort;
} SortContext;

static guint32
probability_bits (float probability)
{
  guint32 bits;

  if (isnan (probability) || probability <= 0)
    return 0;
  memcpy (&bits, &probability, sizeof bits);
  return bits;
}

/* The table a column shows, for the columns whose values are shared. */
static int
sort_table (HotlistLeadSort sort)
{
  switch (sort)
    {
    case HOTLIST_LEAD_SORT_COMPANY:
      return VALUE_COMPANY;
    case HOTLIST_LEAD_SORT_TITLE:
      return VALUE_TITLE;
    case HOTLIST_LEAD_SORT_OWNER:
      return VALUE_OWNER;
    case HOTLIST_LEAD_SORT_SOURCE:
      return VALUE_SOURCE;
    default:
      return -1;
    }
}

static int
compare_values (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GPtrArray  *values = user_data;
  const char *x = g_ptr_array_index (values, *(const guint32 *)a);
  const char *y = g_ptr_array_index (values, *(const guint32 *)b);
  int         c;

  /* Empty sorts last. */
  if (*x == '\0' || *y == '\0')
    return (*x == '\0') - (*y == '\0');
  c = g_ascii_strcasecmp (x, y);
  return c != 0 ? c : strcmp (x, y);
}

/* Each distinct value's place in sort order: sorting rows by a shared value is then sorting
 * numbers. */
static const guint32 *
value_ranks (Data *data, guint table)
{
  GPtrArray          *values = data->values[table];
  g_autofree guint32 *order = NULL;

  if (data->value_ranks[table] != NULL)
    return (const guint32 *)(gpointer)data->value_ranks[table]->data;
  order = g_new (guint32, values->len);
  for (guint32 i = 0; i < values->len; i++)
    order[i] = i;
  g_qsort_with_data (order, values->len, sizeof (guint32), compare_values, values);
  data->value_ranks[table] = g_array_sized_new (FALSE, FALSE, sizeof (guint32), values->len);
  g_array_set_size (data->value_ranks[table], values->len);
  for (guint32 i = 0; i < values->len; i++)
    g_array_index (data->value_ranks[table], guint32, order[i]) = i;
  return (const guint32 *)(gpointer)data->value_ranks[table]->data;
}

/* Names sort case-insensitively, empty ones last; the key holds the first eight bytes. */
static guint64
text_key (const char *text)
{
  guint64 key = 0;
  guint   i;

  if (*text == '\0')
    return G_MAXUINT64;
  for (i = 0; i < 8 && text[i] != '\0'; i++)
    key |= (guint64)(guchar)g_ascii_tolower (text[i]) << (56 - 8 * i);
  return key;
}

static guint64
sort_key (Data *data, guint32 index, HotlistLeadSort sort)
{
  const Row *row = ROW (data, index);
  int        table = sort_table (sort);

  if (table >= 0)
    return value_ranks (data, table)[row->values[table]];
  switch (sort)
    {
    case HOTLIST_LEAD_SORT_SCORE:
      return ((guint64)(row->score + 1) << 32) | probability_bits (row->probability);
    case HOTLIST_LEAD_SORT_TIER:
      return ((guint64)row->tier << 32) | probability_bits (row->probability);
    case HOTLIST_LEAD_SORT_LAST_ACTIVITY:
      return row->last_activity;
    default:
      return text_key (row_text (data, row->name));
    }
}

static int
compare_rows (const SortContext *context, guint64 key_a, guint32 a, guint64 key_b, guint32 b)
{
  const Row *row_a, *row_b;

  if (key_a != key_b)
    return key_a < key_b ? -1 : 1;
  row_a = ROW (context->data, a);
  row_b = ROW (context->data, b);
  if (context->sort == HOTLIST_LEAD_SORT_NAME && key_a != G_MAXUINT64)
    {
      int c = g_ascii_strcasecmp (row_text (context->data, row_a->name),
                                  row_text (context->data, row_b->name));
      if (c != 0)
        return c;
    }
  /* Scores and tiers read highest first, and then by lead id: ties go by id the other way. */
  if (context->sort == HOTLIST_LEAD_SORT_SCORE || context->sort == HOTLIST_LEAD_SORT_TIER)
    return (row_a->id < row_b->id) - (row_a->id > row_b->id);
  return (row_a->id > row_b->id) - (row_a->id < row_b->id);
}

static int
compare_entries (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const SortEntry *x = a, *y = b;

  return compare_rows (user_data, x->key, x->row, y->key, y->row);
}

static GArray *
make_perm (Data *data, HotlistLeadSort sort)
{
  SortContext context = { data, sort };
  guint       n = data->rows->len;
  SortEntry  *entries = g_new (SortEntry, MAX (n, 1));
  GArray     *perm = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);

  for (guint32 i = 0; i < n; i++)
    {
      entries[i].key = sort_key (data, i, sort);
      entries[i].row = i;
    }
  g_qsort_with_data (entries, n, sizeof (SortEntry), compare_entries, &context);
  g_array_set_size (perm, n);
  for (guint32 i = 0; i < n; i++)
    g_array_index (perm, guint32, i) = entries[i].row;
  g_free (entries);
  return perm;
}

static int
compare_ids (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Data *data = user_data;
  gint64      x = ROW (data, *(const guint32 *)a)->id, y = ROW (data, *(const guint32 *)b)->id;

  return (x > y) - (x < y);
}

static void
index_ids (Data *data)
{
  g_array_set_size (data->by_id, data->rows->len);
  for (guint32 i = 0; i < data->rows->len; i++)
    g_array_index (data->by_id, guint32, i) = i;
  g_qsort_with_data (data->by_id->data, data->by_id->len, sizeof (guint32), compare_ids, data);
}

/* The orders kept from the start: those that compare strings or floats. */
static const HotlistLeadSort kept_orders[] = { HOTLIST_LEAD_SORT_SCORE, HOTLIST_LEAD_SORT_NAME };

static gboolean
is_kept_order (HotlistLeadSort sort)
{
  return sort == HOTLIST_LEAD_SORT_SCORE || sort == HOTLIST_LEAD_SORT_NAME;
}

/* A column's order as a whole number per row, for the orders made when asked for. */
static guint32
order_key (Data *data, const guint32 *ranks, const Row *row, HotlistLeadSort sort)
{
  switch (sort)
    {
    case HOTLIST_LEAD_SORT_TIER:
      return ((guint32)row->tier << 8) | (guint32)(row->score + 1);
    case HOTLIST_LEAD_SORT_LAST_ACTIVITY:
      return row->last_activity;
    default:
      return ranks[row->values[sort_table (sort)]];
    }
}

/* Rows in a column's order by a stable radix sort of its 32-bit key, from the order of the
 * rows (by lead id): a million rows in a few passes, with no comparisons. */
static GArray *
make_radix_perm (Data *data, HotlistLeadSort sort, gboolean descending)
{
  guint               n = data->rows->len;
  int                 table = sort_table (sort);
  const guint32      *ranks = table >= 0 ? value_ranks (data, table) : NULL;
  g_autofree guint32 *keys = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *other = g_new (guint32, MAX (n, 1));
  GArray             *perm = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  guint32            *from, *to;
  guint32             max_key = 0;

  g_array_set_size (perm, n);
  from = (guint32 *)(gpointer)perm->data;
  to = other;
  for (guint32 i = 0; i < n; i++)
    {
      guint32 row = g_array_index (data->by_id, guint32, i);

      from[i] = row;
      keys[row] = order_key (data, ranks, ROW (data, row), sort);
      /* Descending by its own order, so that equal values still go by lead id. */
      if (descending)
        keys[row] = G_MAXUINT32 - keys[row];
      max_key = MAX (max_key, keys[row]);
    }
  for (guint shift = 0; shift < 32 && (max_key >> shift) != 0; shift += 8)
    {
      guint counts[257] = { 0 };

      for (guint i = 0; i < n; i++)
        counts[((keys[from[i]] >> shift) & 0xff) + 1]++;
      for (guint b = 1; b < 257; b++)
        counts[b] += counts[b - 1];
      for (guint i = 0; i < n; i++)
        to[counts[(keys[from[i]] >> shift) & 0xff]++] = from[i];
      {
        guint32 *swap = from;

        from = to;
        to = swap;
      }
    }
  if (from != (guint32 *)(gpointer)perm->data)
    memcpy (perm->data, from, n * sizeof (guint32));
  return perm;
}

/* The rows in a column's order: kept, or made now (and kept until the rows change). Kept
 * orders are ascending, read from the end for descending; made ones come in the order asked. */
static GArray *
column_order (Data *data, HotlistLeadSort sort, gboolean descending)
{
  if (!is_kept_order (sort) && data->perm[sort] != NULL && data->made_descending != descending)
    g_clear_pointer (&data->perm[sort], g_array_unref);
  if (data->perm[sort] == NULL)
    {
      /* One made order at a time: sorting by another column makes its own. */
      for (guint i = 0; i < HOTLIST_N_LEAD_SORTS; i++)
        if (!is_kept_order (i))
          g_clear_pointer (&data->perm[i], g_array_unref);
      data->perm[sort] =
          is_kept_order (sort) ? make_perm (data, sort) : make_radix_perm (data, sort, descending);
      if (!is_kept_order (sort))
        data->made_descending = descending;
    }
  return data->perm[sort];
}

/* After rows changed: made orders are made again when next asked for. */
static void
drop_made_orders (Data *data)
{
  for (guint i = 0; i < HOTLIST_N_LEAD_SORTS; i++)
    if (!is_kept_order (i))
      g_clear_pointer (&data->perm[i], g_array_unref);
}

/* Where @row is, or would go, in @perm. */
static guint
perm_search (Data *data, GArray *perm, HotlistLeadSort sort, guint32 row)
{
  SortContext context = { data, sort };
  guint64     key = sort_key (data, row, sort);
  guint       low = 0, high = perm->len;

  while (low < high)
    {
      guint   mid = low + (high - low) / 2;
      guint32 other = g_array_index (perm, guint32, mid);

      if (compare_rows (&context, sort_key (data, other, sort), other, key, row) < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static guint32
find_row (const Data *data, gint64 id)
{
  guint low = 0, high = data->by_id->len;

  while (low < high)
    {
      guint  mid = low + (high - low) / 2;
      gint64 other = ROW (data, g_array_index (data->by_id, guint32, mid))->id;

      if (other == id)
        return g_array_index (data->by_id, guint32, mid);
      if (other < id)
        low = mid + 1;
      else
        high = mid;
    }
  return G_MAXUINT32;
}

/* Search */

/* The shared values in lower case, for search; made on the first search, extended after. */
static GPtrArray *
lower_values (Data *data, guint table)
{
  GPtrArray *values = data->values[table];

  if (data->lower_values[table] == NULL)
    data->lower_values[table] = g_ptr_array_new_with_free_func (g_free);
  for (guint i = data->lower_values[table]->len; i < values->len; i++)
    g_ptr_array_add (data->lower_values[table], g_utf8_strdown (g_ptr_array_index (values, i), -1));
  return data->lower_values[table];
}

/* Which of a table's values contain @query. */
static guint8 *
match_values (Data *data, guint table, const char *query)
{
  GPtrArray *lower = lower_values (data, table);
  guint8    *match = g_malloc0 (MAX (lower->len, 1));

  for (guint i = 1; i < lower->len; i++)
    match[i] = strstr (g_ptr_array_index (lower, i), query) != NULL;
  return match;
}

static gboolean
hay_matches (const Data *data, const Row *row, const char *query, gsize query_len)
{
  const char *start = (const char *)data->hay->data + row->hay;
  const char *end = memchr (start, '\n', data->hay->len - row->hay);

  return memmem (start, end - start, query, query_len) != NULL;
}

static gboolean
row_matches_query (Data *data, guint32 index, const char *query)
{
  const Row *row = ROW (data, index);
  GPtrArray *companies = lower_values (data, VALUE_COMPANY);
  GPtrArray *titles = lower_values (data, VALUE_TITLE);

  return strstr (g_ptr_array_index (companies, row->values[VALUE_COMPANY]), query) != NULL
         || strstr (g_ptr_array_index (titles, row->values[VALUE_TITLE]), query) != NULL
         || hay_matches (data, row, query, strlen (query));
}

/* Marks the rows whose name, e-mail address, company or title contains @query; @previous,
 * when given, limits the rows looked at to those that matched a query contained in this one
 * (typing on narrows). */
static void
search_rows (Data *data, const char *query, guint8 *match, const guint8 *previous)
{
  gsize              query_len = strlen (query);
  const char        *hay = (const char *)data->hay->data;
  gsize              hay_len = data->hay->len;
  gsize              at = 0;
  guint              hit_row = 0;
  g_autofree guint8 *companies = match_values (data, VALUE_COMPANY, query);
  g_autofree guint8 *titles = match_values (data, VALUE_TITLE, query);
  guint              n = data->rows->len;

  if (previous != NULL)
    {
      for (guint32 i = 0; i < n; i++)
        {
          const Row *row = ROW (data, i);

          match[i] = previous[i]
                     && (companies[row->values[VALUE_COMPANY]] || titles[row->values[VALUE_TITLE]]
                         || hay_matches (data, row, query, query_len));
        }
      return;
    }
  memset (match, 0, n);
  if (!data->hay_in_row_order)
    /* A lead's text was written again at the end: look row by row. */
    for (guint32 i = 0; i < n; i++)
      match[i] = hay_matches (data, ROW (data, i), query, query_len);
  /* One pass over the names and addresses: each hit is mapped to its row (the rows' texts are
   * in row order), then the search goes on after that row's text. */
  while (data->hay_in_row_order && at < hay_len)
    {
      const char *hit = memmem (hay + at, hay_len - at, query, query_len);
      const char *end;
      gsize       offset;
      guint       low, high;

      if (hit == NULL)
        break;
      offset = hit - hay;
      /* The row whose text starts at or before the hit: hits only move forward. */
      low = hit_row;
      high = n;
      while (low + 1 < high)
        {
          guint mid = low + (high - low) / 2;

          if (ROW (data, mid)->hay <= offset)
            low = mid;
          else
            high = mid;
        }
      hit_row = low;
      match[hit_row] = 1;
      end = memchr (hit, '\n', hay_len - offset);
      at = end != NULL ? (gsize)(end - hay) + 1 : hay_len;
    }
  for (guint32 i = 0; i < n; i++)
    {
      const Row *row = ROW (data, i);

      match[i] |= companies[row->values[VALUE_COMPANY]] | titles[row->values[VALUE_TITLE]];
    }
}

/* The list */

static gboolean
row_passes (HotlistLeadList *self, guint32 index)
{
  const Row *row = ROW (self->data, index);

  if (self->match != NULL && !self->match[index])
    return FALSE;
  if (self->filter_ids[HOTLIST_LEAD_FILTER_TIER] != ANY
      && row->tier != self->filter_ids[HOTLIST_LEAD_FILTER_TIER])
    return FALSE;
  if (self->filter_ids[HOTLIST_LEAD_FILTER_OUTCOME] != ANY
      && row->outcome != self->filter_ids[HOTLIST_LEAD_FILTER_OUTCOME])
    return FALSE;
  for (guint i = VALUE_OWNER; i <= VALUE_STATUS; i++)
    {
      guint32 wanted = self->filter_ids[HOTLIST_LEAD_FILTER_OWNER + i];

      if (wanted != ANY && row->values[i] != wanted)
        return FALSE;
    }
  return TRUE;
}

/* The rows shown, in order, into @visible; returns where the selected row is among them. */
static guint
build_visible (HotlistLeadList *self, GArray *visible)
{
  GArray  *perm;
  gboolean backwards;
  guint    n, k = 0, selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (visible, 0);
  if (self->data == NULL)
    return selected;
  perm = column_order (self->data, self->sort, self->descending);
  backwards = self->descending && is_kept_order (self->sort);
  n = perm->len;
  g_array_set_size (visible, n);
  {
    guint32       *out = (guint32 *)(gpointer)visible->data;
    const guint32 *in = (const guint32 *)(gpointer)perm->data;

    for (guint i = 0; i < n; i++)
      {
        guint32 row = in[backwards ? n - 1 - i : i];

        if (row_passes (self, row))
          {
            if (row == self->selected_row)
              selected = k;
            out[k++] = row;
          }
      }
  }
  g_array_set_size (visible, k);
  return selected;
}

/* Everything shown may have changed: one signal for GTK, which then asks only for the rows it
 * shows (and, this being the selection model too, it has nothing to search for). */
static void
refilter (HotlistLeadList *self)
{
  guint              before = self->visible->len;
  g_autoptr (GArray) after = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint              selected = build_visible (self, after);

  /* Told as "all removed", then "all added": told as one change, GTK 4.8 looks through every
   * added row for the rows it showed before, asking for a million items after a sort. */
  if (before > 0)
    {
      g_array_set_size (self->visible, 0);
      self->selected_position = GTK_INVALID_LIST_POSITION;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
    }
  g_array_unref (self->visible);
  self->visible = g_steal_pointer (&after);
  self->selected_position = selected;
  if (self->visible->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->visible->len);
}

static guint32
resolve_filter (const Data *data, HotlistLeadFilter filter, const char *value)
{
  if (value == NULL)
    return ANY;
  switch (filter)
    {
    case HOTLIST_LEAD_FILTER_TIER:
      return g_str_equal (value, "none") ? 0 : tier_rank (value) ? tier_rank (value) : NO_MATCH;
    case HOTLIST_LEAD_FILTER_OUTCOME:
      {
        HotlistOutcome outcome;

        return hotlist_outcome_from_string (value, &outcome) ? (guint32)outcome : NO_MATCH;
      }
    default:
      {
        guint    table = VALUE_OWNER + (filter - HOTLIST_LEAD_FILTER_OWNER);
        gpointer found;

        if (data == NULL
            || !g_hash_table_lookup_extended (data->value_ids[table], value, NULL, &found))
          return NO_MATCH;
        return GPOINTER_TO_UINT (found);
      }
    }
}

static void
resolve_filters (HotlistLeadList *self)
{
  for (guint i = 0; i < HOTLIST_N_LEAD_FILTERS; i++)
    self->filter_ids[i] = resolve_filter (self->data, i, self->filters[i]);
}

static void
research (HotlistLeadList *self, const guint8 *previous)
{
  g_clear_pointer (&self->match, g_free);
  if (self->query == NULL || self->data == NULL)
    return;
  self->match = g_malloc (MAX (self->data->rows->len, 1));
  search_rows (self->data, self->query, self->match, previous);
}

/* Takes @data in place of the list's own, keeping sort, search, filters and selection. */
static void
set_data (HotlistLeadList *self, Data *data)
{
  data_free (self->data);
  self->data = data;
  self->selected_row =
      data != NULL && self->selected_lead != 0 ? find_row (data, self->selected_lead) : G_MAXUINT32;
  resolve_filters (self);
  research (self, NULL);
  refilter (self);
}

static GType
hotlist_lead_list_get_item_type (GListModel *model)
{
  return HOTLIST_TYPE_LEAD_ITEM;
}

static guint
hotlist_lead_list_get_n_items (GListModel *model)
{
  return HOTLIST_LEAD_LIST (model)->visible->len;
}

static gpointer
hotlist_lead_list_get_item (GListModel *model, guint position)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (model);
  const Data      *data = self->data;
  const Row       *row;
  HotlistLeadRow   item;

  if (position >= self->visible->len)
    return NULL;
  row = ROW (data, g_array_index (self->visible, guint32, position));
  item = (HotlistLeadRow){
    .id = row->id,
    .score = row->score,
    .probability = row->probability,
    .tier = tier_names[row->tier],
    .outcome = row->outcome,
    .name = row_text (data, row->name),
    .company = g_ptr_array_index (data->values[VALUE_COMPANY], row->values[VALUE_COMPANY]),
    .title = g_ptr_array_index (data->values[VALUE_TITLE], row->values[VALUE_TITLE]),
    .owner = g_ptr_array_index (data->values[VALUE_OWNER], row->values[VALUE_OWNER]),
    .source = g_ptr_array_index (data->values[VALUE_SOURCE], row->values[VALUE_SOURCE]),
    .status = g_ptr_array_index (data->values[VALUE_STATUS], row->values[VALUE_STATUS]),
    .last_activity = row->last_activity,
  };
  return hotlist_lead_item_new (&item);
}

static void
hotlist_lead_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hotlist_lead_list_get_item_type;
  iface->get_n_items = hotlist_lead_list_get_n_items;
  iface->get_item = hotlist_lead_list_get_item;
}

/* Selection: one lead, kept by its id across sorts, searches and filters. */

static gboolean
hotlist_lead_list_is_selected (GtkSelectionModel *model, guint position)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (model);

  return position == self->selected_position;
}

static void
select_row (HotlistLeadList *self, guint32 row, guint position)
{
  guint before = self->selected_position;

  self->selected_row = row;
  self->selected_lead = row != G_MAXUINT32 ? ROW (self->data, row)->id : 0;
  self->selected_position = position;
  if (before != GTK_INVALID_LIST_POSITION && position != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), MIN (before, position),
                                           MAX (before, position) - MIN (before, position) + 1);
  else if (before != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), before, 1);
  else if (position != GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LEAD]);
}

static gboolean
hotlist_lead_list_select_item (GtkSelectionModel *model, guint position, gboolean unselect_rest)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (model);

  if (position >= self->visible->len)
    return FALSE;
  if (position != self->selected_position)
    select_row (self, g_array_index (self->visible, guint32, position), position);
  return TRUE;
}

static gboolean
hotlist_lead_list_unselect_item (GtkSelectionModel *model, guint position)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (model);

  if (position != self->selected_position)
    return FALSE;
  select_row (self, G_MAXUINT32, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

/* At most one row is selected: no need to look at each row of the range, as GTK's default
 * would, a million times after each sort. */
static GtkBitset *
hotlist_lead_list_get_selection_in_range (GtkSelectionModel *model, guint position, guint n_items)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (model);
  GtkBitset       *selection = gtk_bitset_new_empty ();

  if (self->selected_position != GTK_INVALID_LIST_POSITION && self->selected_position >= position
      && self->selected_position - position < n_items)
    gtk_bitset_add (selection, self->selected_position);
  return selection;
}

static void
hotlist_lead_list_selection_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = hotlist_lead_list_is_selected;
  iface->get_selection_in_range = hotlist_lead_list_get_selection_in_range;
  iface->select_item = hotlist_lead_list_select_item;
  iface->unselect_item = hotlist_lead_list_unselect_item;
}

static void
hotlist_lead_list_finalize (GObject *object)
{
  HotlistLeadList *self = (HotlistLeadList *)object;

  data_free (self->data);
  g_array_unref (self->visible);
  for (guint i = 0; i < HOTLIST_N_LEAD_FILTERS; i++)
    g_free (self->filters[i]);
  g_free (self->query);
  g_free (self->match);

  G_OBJECT_CLASS (hotlist_lead_list_parent_class)->finalize (object);
}

static void
hotlist_lead_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistLeadList *self = HOTLIST_LEAD_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED_LEAD:
      g_value_set_int64 (value, self->selected_lead);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_lead_list_class_init (HotlistLeadListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hotlist_lead_list_finalize;
  object_class->get_property = hotlist_lead_list_get_property;

  /**
   * HotlistLeadList:selected-lead:
   *
   * The selected lead's row id, or 0: what the detail pane shows.
   */
  properties[PROP_SELECTED_LEAD] =
      g_param_spec_int64 ("selected-lead", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hotlist_lead_list_init (HotlistLeadList *self)
{
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->sort = HOTLIST_LEAD_SORT_SCORE;
  self->descending = TRUE;
  self->selected_row = G_MAXUINT32;
  self->selected_position = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < HOTLIST_N_LEAD_FILTERS; i++)
    self->filter_ids[i] = ANY;
}

HotlistLeadList *
hotlist_lead_list_new (void)
{
  return g_object_new (HOTLIST_TYPE_LEAD_LIST, NULL);
}

static Data *
read_data (HotlistStore *store, gint64 limit, GCancellable *cancellable, GError **error)
{
  g_autoptr (Data) data = data_new ();

  if (!hotlist_store_foreach_lead_summary (store, NULL, 0, limit, FALSE, append_summary_cb, data,
                                           error))
    return NULL;
  data->complete = limit < 0 || data->rows->len < limit;
  /* The orders that need comparing strings or floats, made once here (in the loading thread
   * for a whole workspace) so that sorting by them is only choosing one. */
  index_ids (data);
  for (guint i = 0; i < G_N_ELEMENTS (kept_orders); i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      data->perm[kept_orders[i]] = make_perm (data, kept_orders[i]);
    }
  return g_steal_pointer (&data);
}

/**
 * hotlist_lead_list_load:
 * @self: a #HotlistLeadList
 * @store: the workspace's store
 * @limit: read at most this many leads, the highest scored, or -1 for all
 * @error: return location for a #GError
 *
 * Reads the leads in the calling thread, replacing those listed. With a @limit, what a window
 * shows at once is there at once; hotlist_lead_list_load_async() then reads the rest.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_lead_list_load (HotlistLeadList *self, HotlistStore *store, gint64 limit, GError **error)
{
  Data *data;

  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), FALSE);
  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);

  data = read_data (store, limit, NULL, error);
  if (data == NULL)
    return FALSE;
  set_data (self, data);
  return TRUE;
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (HotlistStore) store = NULL;
  g_autoptr (GError)       error = NULL;
  Data                    *data;

  store = hotlist_store_open (task_data, &error);
  if (store != NULL)
    /* One pass through the table: a small cache does, and keeps the app's memory down. */
    hotlist_store_set_cache_size (store, 2048);
  if (store == NULL || (data = read_data (store, -1, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      data_free (data);
      return;
    }
  g_task_return_pointer (task, data, (GDestroyNotify)data_free);
}

/**
 * hotlist_lead_list_load_async:
 * @self: a #HotlistLeadList
 * @store_path: the workspace's database file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the leads were read
 * @user_data: for @callback
 *
 * Reads every lead in a thread of its own, with its own connection to the database, and then
 * (in hotlist_lead_list_load_finish()) puts them in place of the leads listed.
 */
void
hotlist_lead_list_load_async (HotlistLeadList    *self,
                              const char         *store_path,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));
  g_return_if_fail (store_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_lead_list_load_async);
  g_task_set_task_data (task, g_strdup (store_path), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
hotlist_lead_list_load_finish (HotlistLeadList *self, GAsyncResult *result, GError **error)
{
  Data *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_propagate_pointer (G_TASK (result), error);
  if (data == NULL)
    return FALSE;
  set_data (self, data);
  return TRUE;
}

void
hotlist_lead_list_clear (HotlistLeadList *self)
{
  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));
  self->selected_lead = 0;
  set_data (self, NULL);
}

/**
 * hotlist_lead_list_is_complete:
 * @self: a #HotlistLeadList
 *
 * Returns: %TRUE when every lead of the workspace is listed (not only the first read)
 */
gboolean
hotlist_lead_list_is_complete (HotlistLeadList *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), FALSE);
  return self->data != NULL && self->data->complete;
}

/* A lead as read for an update, kept until every lead of the batch is read. */
typedef struct
{
  HotlistLeadSummary summary;
  char              *strings[HOTLIST_N_LEAD_TEXT_FIELDS + 1];
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  for (guint i = 0; i < G_N_ELEMENTS (update->strings); i++)
    g_free (update->strings[i]);
  g_free (update);
}

static gboolean
collect_update_cb (const HotlistLeadSummary *lead, gpointer user_data)
{
  Update *update = g_new0 (Update, 1);

  update->summary = *lead;
  for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    update->summary.text[i] = update->strings[i] = g_strdup (lead->text[i]);
  update->summary.tier = update->strings[HOTLIST_N_LEAD_TEXT_FIELDS] = g_strdup (lead->tier);
  g_ptr_array_add (user_data, update);
  return TRUE;
}

/* Puts the lead's new values in its row, and the row where they put it in every order. */
static guint32
apply_update (HotlistLeadList *self, const HotlistLeadSummary *lead)
{
  Data   *data = self->data;
  guint32 index = find_row (data, lead->id);

  /* The orders made on demand are made again when next asked for. */
  drop_made_orders (data);

  if (index == G_MAXUINT32)
    {
      /* A lead new to the list. */
      Row   row = { 0 };
      guint at;

      index = data->rows->len;
      row.id = lead->id;
      g_array_append_val (data->rows, row);
      at = data->by_id->len;
      while (at > 0 && ROW (data, g_array_index (data->by_id, guint32, at - 1))->id > lead->id)
        at--;
      g_array_insert_val (data->by_id, at, index);
      if (self->match != NULL)
        self->match = g_realloc (self->match, data->rows->len);
    }
  else
    {
      guint8 *text;

      for (guint s = 0; s < HOTLIST_N_LEAD_SORTS; s++)
        if (data->perm[s] != NULL)
          g_array_remove_index (data->perm[s], perm_search (data, data->perm[s], s, index));
      /* Its old search text no longer matches anything; the new one goes at the end. */
      for (text = data->hay->data + ROW (data, index)->hay; *text != '\n'; text++)
        *text = 0x1f;
      data->hay_in_row_order = FALSE;
    }
  set_scores (ROW (data, index), lead);
  set_texts (data, index, lead);
  for (guint s = 0; s < HOTLIST_N_LEAD_SORTS; s++)
    if (data->perm[s] != NULL)
      g_array_insert_val (data->perm[s], perm_search (data, data->perm[s], s, index), index);
  if (self->match != NULL)
    /* Searched again on its own: its new name or company may match, or no longer. */
    self->match[index] = row_matches_query (data, index, self->query);
  return index;
}

static guint
position_in (GArray *rows, guint32 index)
{
  const guint32 *visible = (const guint32 *)(gpointer)rows->data;

  for (guint i = 0; i < rows->len; i++)
    if (visible[i] == index)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static guint
position_of_row (HotlistLeadList *self, guint32 index)
{
  return position_in (self->visible, index);
}

/* Where the selected row is now shown, after the shown rows changed. */
static void
rebuild_selected (HotlistLeadList *self)
{
  self->selected_position = self->selected_row != G_MAXUINT32
                                ? position_of_row (self, self->selected_row)
                                : GTK_INVALID_LIST_POSITION;
}

/* Updates one lead's row and tells GTK of that row alone: changed in place, or out of its old
 * place and into its new one. */
static void
move_lead (HotlistLeadList *self, const HotlistLeadSummary *lead)
{
  guint32 index = find_row (self->data, lead->id);
  guint   old_position = index != G_MAXUINT32 ? position_of_row (self, index) : G_MAXUINT;
  guint   new_position;
  g_autoptr (GArray) final = g_array_new (FALSE, FALSE, sizeof (guint32));

  index = apply_update (self, lead);
  build_visible (self, final);
  new_position = position_in (final, index);
  if (old_position != G_MAXUINT && new_position == old_position)
    {
      g_array_unref (self->visible);
      self->visible = g_steal_pointer (&final);
      rebuild_selected (self);
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 1);
      return;
    }
  /* In between, GTK may read the list, which is then the final one without the row. */
  if (old_position != G_MAXUINT)
    {
      g_array_unref (self->visible);
      self->visible = g_array_copy (final);
      if (new_position != G_MAXUINT)
        g_array_remove_index (self->visible, new_position);
      rebuild_selected (self);
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
    }
  g_array_unref (self->visible);
  self->visible = g_steal_pointer (&final);
  rebuild_selected (self);
  if (new_position != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
}

/**
 * hotlist_lead_list_update_leads:
 * @self: a #HotlistLeadList
 * @store: the workspace's store
 * @ids: (array length=n_ids): leads written (see #HotlistStore::leads-changed)
 * @n_ids: how many
 * @error: return location for a #GError
 *
 * Reads these leads again and updates their rows in place, without reading the others. A lead
 * moves to where its new score puts it, and GTK hears of that row alone (up to a few dozen
 * leads; past that, of the whole list).
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_lead_list_update_leads (HotlistLeadList *self,
                                HotlistStore    *store,
                                const gint64    *ids,
                                guint            n_ids,
                                GError         **error)
{
  g_autoptr (GPtrArray) updates = g_ptr_array_new_with_free_func (update_free);

  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), FALSE);
  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);

  if (self->data == NULL || n_ids == 0)
    return TRUE;
  /* Past a few thousand leads, reading every score again is quicker than moving each. */
  if (n_ids > 4096)
    return hotlist_lead_list_refresh_scores (self, store, error);
  if (!hotlist_store_foreach_lead_summary (store, ids, n_ids, -1, FALSE, collect_update_cb, updates,
                                           error))
    return FALSE;
  /* A few leads move one by one, and the list stays where the user scrolled it; more are
   * shown again all at once. */
  if (updates->len <= MOVED_ONE_BY_ONE)
    {
      for (guint i = 0; i < updates->len; i++)
        move_lead (self, &((Update *)g_ptr_array_index (updates, i))->summary);
      return TRUE;
    }
  for (guint i = 0; i < updates->len; i++)
    apply_update (self, &((Update *)g_ptr_array_index (updates, i))->summary);
  refilter (self);
  return TRUE;
}

static gboolean
refresh_score_cb (const HotlistLeadSummary *lead, gpointer user_data)
{
  Data   *data = user_data;
  guint32 index = find_row (data, lead->id);

  if (index != G_MAXUINT32)
    set_scores (ROW (data, index), lead);
  return TRUE;
}

/**
 * hotlist_lead_list_refresh_scores:
 * @self: a #HotlistLeadList
 * @store: the workspace's store
 * @error: return location for a #GError
 *
 * Reads every lead's score, tier, outcome and last activity again — after a background task
 * (training, a new weight) rescored them through a connection of its own.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_lead_list_refresh_scores (HotlistLeadList *self, HotlistStore *store, GError **error)
{

  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), FALSE);
  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);

  if (self->data == NULL)
    return TRUE;
  if (!hotlist_store_foreach_lead_summary (store, NULL, 0, -1, TRUE, refresh_score_cb, self->data,
                                           error))
    return FALSE;
  drop_made_orders (self->data);
  g_clear_pointer (&self->data->perm[HOTLIST_LEAD_SORT_SCORE], g_array_unref);
  self->data->perm[HOTLIST_LEAD_SORT_SCORE] = make_perm (self->data, HOTLIST_LEAD_SORT_SCORE);
  refilter (self);
  return TRUE;
}

void
hotlist_lead_list_set_sort (HotlistLeadList *self, HotlistLeadSort sort, gboolean descending)
{
  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));
  g_return_if_fail (sort < HOTLIST_N_LEAD_SORTS);

  if (self->sort == sort && self->descending == !!descending)
    return;
  self->sort = sort;
  self->descending = !!descending;
  refilter (self);
}

HotlistLeadSort
hotlist_lead_list_get_sort (HotlistLeadList *self, gboolean *descending)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), HOTLIST_LEAD_SORT_SCORE);
  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

/**
 * hotlist_lead_list_set_search:
 * @self: a #HotlistLeadList
 * @text: (nullable): what to look for in names, companies, e-mail addresses and titles
 *
 * Lists only the leads whose text contains @text, ignoring case; %NULL or blank lists all.
 */
void
hotlist_lead_list_set_search (HotlistLeadList *self, const char *text)
{
  g_autofree char   *query = NULL;
  g_autofree guint8 *previous = NULL;

  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));

  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      for (char *p = stripped; *p != '\0'; p++)
        if (*p == '\n' || *p == 0x1f)
          *p = ' ';
      if (*stripped != '\0')
        query = g_utf8_strdown (stripped, -1);
    }
  if (g_strcmp0 (query, self->query) == 0)
    return;
  /* Typing on only narrows the leads that matched so far. */
  if (query != NULL && self->query != NULL && strstr (query, self->query) != NULL)
    previous = g_steal_pointer (&self->match);
  g_free (self->query);
  self->query = g_steal_pointer (&query);
  research (self, previous);
  refilter (self);
}

/**
 * hotlist_lead_list_set_filter:
 * @self: a #HotlistLeadList
 * @filter: what to filter by
 * @value: (nullable): the value leads must have, or %NULL for any. Tiers are "hot", "warm",
 *   "cool", "cold" or "none"; outcomes "open", "converted" or "lost".
 */
void
hotlist_lead_list_set_filter (HotlistLeadList *self, HotlistLeadFilter filter, const char *value)
{
  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));
  g_return_if_fail (filter < HOTLIST_N_LEAD_FILTERS);

  if (g_strcmp0 (self->filters[filter], value) == 0)
    return;
  g_free (self->filters[filter]);
  self->filters[filter] = g_strdup (value);
  self->filter_ids[filter] = resolve_filter (self->data, filter, value);
  refilter (self);
}

const char *
hotlist_lead_list_get_filter (HotlistLeadList *self, HotlistLeadFilter filter)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), NULL);
  g_return_val_if_fail (filter < HOTLIST_N_LEAD_FILTERS, NULL);
  return self->filters[filter];
}

static int
compare_strv_items (const void *a, const void *b)
{
  return g_utf8_collate (*(const char *const *)a, *(const char *const *)b);
}

/**
 * hotlist_lead_list_dup_values:
 * @self: a #HotlistLeadList
 * @filter: %HOTLIST_LEAD_FILTER_OWNER, _SOURCE or _STATUS
 *
 * Returns: (transfer full): the values the leads have for @filter, sorted, for a filter menu
 */
GStrv
hotlist_lead_list_dup_values (HotlistLeadList *self, HotlistLeadFilter filter)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  GStrv                    values;

  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), NULL);
  g_return_val_if_fail (filter >= HOTLIST_LEAD_FILTER_OWNER && filter <= HOTLIST_LEAD_FILTER_STATUS,
                        NULL);

  if (self->data != NULL)
    {
      GPtrArray *table = self->data->values[VALUE_OWNER + (filter - HOTLIST_LEAD_FILTER_OWNER)];

      for (guint i = 1; i < table->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (table, i));
    }
  values = g_strv_builder_end (builder);
  qsort (values, g_strv_length (values), sizeof (char *), compare_strv_items);
  return values;
}

guint
hotlist_lead_list_get_n_total (HotlistLeadList *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), 0);
  return self->data != NULL ? self->data->rows->len : 0;
}

/**
 * hotlist_lead_list_find:
 * @self: a #HotlistLeadList
 * @lead: a lead's row id
 *
 * Returns: the position the lead is shown at, or %GTK_INVALID_LIST_POSITION (G_MAXUINT)
 */
guint
hotlist_lead_list_find (HotlistLeadList *self, gint64 lead)
{
  guint32 index;

  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), G_MAXUINT);

  if (self->data == NULL || (index = find_row (self->data, lead)) == G_MAXUINT32)
    return G_MAXUINT;
  if (index == self->selected_row)
    return self->selected_position;
  return position_of_row (self, index);
}

gint64
hotlist_lead_list_get_id (HotlistLeadList *self, guint position)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), 0);

  if (position >= self->visible->len)
    return 0;
  return ROW (self->data, g_array_index (self->visible, guint32, position))->id;
}

/**
 * hotlist_lead_list_select_lead:
 * @self: a #HotlistLeadList
 * @lead: a lead's row id, or 0 for none
 *
 * Selects a lead, shown or not (a filtered-out lead is selected again when it shows).
 */
void
hotlist_lead_list_select_lead (HotlistLeadList *self, gint64 lead)
{
  guint32 index;

  g_return_if_fail (HOTLIST_IS_LEAD_LIST (self));

  index = self->data != NULL && lead != 0 ? find_row (self->data, lead) : G_MAXUINT32;
  if (index == self->selected_row && lead == self->selected_lead)
    return;
  select_row (self, index,
              index != G_MAXUINT32 ? position_of_row (self, index) : GTK_INVALID_LIST_POSITION);
}

/**
 * hotlist_lead_list_get_selected_lead:
 * @self: a #HotlistLeadList
 *
 * Returns: the selected lead's row id, or 0
 */
gint64
hotlist_lead_list_get_selected_lead (HotlistLeadList *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_LIST (self), 0);
  return self->selected_lead;
}
