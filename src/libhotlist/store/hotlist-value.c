/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parsing of the typed values that leads carry: numbers, booleans, dates and outcomes. */

#include "hotlist-value.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *outcome_names[] = { "open", "converted", "lost" };
static const char *kind_names[] = { "number", "category", "boolean", "date", "text" };

/* Words that CRMs and spreadsheets use for a closed-won or closed-lost lead. */
/* clang-format off */
static const char *converted_words[] = {
  "1", "yes", "y", "true", "t", "won", "win", "converted", "convert", "closed won",
  "closedwon", "closed - converted", "closed converted", "customer", "success", "positive",
  NULL
};
static const char *lost_words[] = {
  "0", "no", "n", "false", "f", "lost", "lose", "not converted", "closed lost", "closedlost",
  "closed - not converted", "closed not converted", "disqualified", "unqualified", "failure",
  "negative", NULL
};
static const char *open_words[] = { "", "open", "pending", "in progress", "unknown", NULL };
/* clang-format on */

static gboolean
word_in (const char *folded, const char **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (folded, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Copies @text into @buf without surrounding blanks, in lower case; an over-long text becomes
 * one that matches no word. */
static const char *
fold_word (const char *text, char *buf, gsize size)
{
  gsize n = 0;
  gsize end;

  while (*text == ' ' || *text == '\t')
    text++;
  end = strlen (text);
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  if (end >= size)
    return "\x01";
  for (n = 0; n < end; n++)
    buf[n] = g_ascii_tolower (text[n]);
  buf[n] = '\0';
  return buf;
}

const char *
hotlist_outcome_to_string (HotlistOutcome outcome)
{
  g_return_val_if_fail (outcome <= HOTLIST_OUTCOME_LOST, NULL);
  return outcome_names[outcome];
}

gboolean
hotlist_outcome_from_string (const char *text, HotlistOutcome *outcome)
{
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (strcmp (text, outcome_names[i]) == 0)
      {
        *outcome = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * hotlist_outcome_parse_label:
 * @text: a cell of a label column
 * @outcome: (out): the outcome it names
 *
 * Reads the many ways an export writes an outcome: 1/0, yes/no, true/false, won/lost,
 * converted… An empty cell means the lead is still open.
 *
 * Returns: %FALSE if the text names no outcome
 */
gboolean
hotlist_outcome_parse_label (const char *text, HotlistOutcome *outcome)
{
  char        buf[32];
  const char *folded;

  g_return_val_if_fail (outcome != NULL, FALSE);

  /* Most label columns hold 1 and 0: answer those without folding and searching. */
  if (text != NULL && (text[0] == '0' || text[0] == '1') && text[1] == '\0')
    {
      *outcome = text[0] == '1' ? HOTLIST_OUTCOME_CONVERTED : HOTLIST_OUTCOME_LOST;
      return TRUE;
    }

  folded = fold_word (text != NULL ? text : "", buf, sizeof buf);
  if (word_in (folded, open_words))
    *outcome = HOTLIST_OUTCOME_OPEN;
  else if (word_in (folded, converted_words))
    *outcome = HOTLIST_OUTCOME_CONVERTED;
  else if (word_in (folded, lost_words))
    *outcome = HOTLIST_OUTCOME_LOST;
  else
    return FALSE;
  return TRUE;
}

const char *
hotlist_value_kind_to_string (HotlistValueKind kind)
{
  g_return_val_if_fail (kind <= HOTLIST_VALUE_TEXT, NULL);
  return kind_names[kind];
}

gboolean
hotlist_value_kind_from_string (const char *text, HotlistValueKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * hotlist_value_kind_widen:
 * @a: a kind
 * @b: another kind
 *
 * Returns: the kind that fits the values of both: numbers and booleans widen to numbers,
 *   other mixes to categories, and free text absorbs everything
 */
HotlistValueKind
hotlist_value_kind_widen (HotlistValueKind a, HotlistValueKind b)
{
  if (a == b)
    return a;
  if (a == HOTLIST_VALUE_TEXT || b == HOTLIST_VALUE_TEXT)
    return HOTLIST_VALUE_TEXT;
  if ((a == HOTLIST_VALUE_NUMBER && b == HOTLIST_VALUE_BOOLEAN)
      || (a == HOTLIST_VALUE_BOOLEAN && b == HOTLIST_VALUE_NUMBER))
    return HOTLIST_VALUE_NUMBER;
  return HOTLIST_VALUE_CATEGORY;
}

/**
 * hotlist_value_parse_number:
 * @text: a cell
 * @number: (out): its value
 *
 * Accepts plain decimal numbers in the C locale, with optional thousands separators
 * written as commas ("1,200") and surrounding blanks, as spreadsheets export them.
 *
 * Returns: %TRUE if the whole cell is a finite number
 */
gboolean
hotlist_value_parse_number (const char *text, double *number)
{
  char        buf[64];
  gsize       n = 0;
  const char *p;
  char       *end = NULL;
  double      v;
  guint       run = 0;
  gboolean    seen_dot = FALSE, seen_comma = FALSE, seen_exponent = FALSE;

  g_return_val_if_fail (number != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  while (*text == ' ' || *text == '\t')
    text++;
  if (*text == '\0')
    return FALSE;

  /* Plain whole numbers, the most common cells, exactly and without strtod. */
  {
    const char *q = text[0] == '-' ? text + 1 : text;
    gint64      whole = 0;
    guint       digits = 0;

    while (g_ascii_isdigit (q[digits]) && digits < 15)
      whole = whole * 10 + (q[digits++] - '0');
    if (digits > 0 && q[digits] == '\0')
      {
        *number = (double)(text[0] == '-' ? -whole : whole);
        return TRUE;
      }
  }

  /* Reject words strtod would take ("inf", "nan", hex), keep digits, sign, dot, exponent.
   * A thousands separator sits between digits of the integer part: one to three digits before
   * the first, and exactly three after each. */
  for (p = text; *p != '\0'; p++)
    {
      char c = *p;
      if (c == ',')
        {
          if (seen_dot || seen_exponent || run == 0 || run > 3 || (seen_comma && run != 3)
              || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || !g_ascii_isdigit (p[3])
              || g_ascii_isdigit (p[4]))
            return FALSE;
          seen_comma = TRUE;
          run = 0;
          continue;
        }
      if (c == ' ' || c == '\t')
        {
          for (const char *q = p; *q != '\0'; q++)
            if (*q != ' ' && *q != '\t')
              return FALSE;
          break;
        }
      if (!(g_ascii_isdigit (c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
        return FALSE;
      if (g_ascii_isdigit (c))
        run++;
      else if (c == '.')
        seen_dot = TRUE;
      else if (c == 'e' || c == 'E')
        seen_exponent = TRUE;
      if (n + 1 >= sizeof buf)
        return FALSE;
      buf[n++] = c;
    }
  buf[n] = '\0';
  if (!g_ascii_isdigit (buf[0]) && !(buf[0] == '-' || buf[0] == '+' || buf[0] == '.'))
    return FALSE;

  errno = 0;
  v = g_ascii_strtod (buf, &end);
  if (end == buf || *end != '\0' || errno == ERANGE || !isfinite (v))
    return FALSE;
  *number = v;
  return TRUE;
}

gboolean
hotlist_value_parse_boolean (const char *text, gboolean *value)
{
  static const char *yes[] = { "yes", "y", "true", "t", "1", "on", NULL };
  static const char *no[] = { "no", "n", "false", "f", "0", "off", NULL };
  char               buf[16];
  const char        *folded;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  folded = fold_word (text, buf, sizeof buf);
  if (word_in (folded, yes))
    *value = TRUE;
  else if (word_in (folded, no))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
read_uint (const char **p, guint min_digits, guint max_digits, int *out)
{
  int   v = 0;
  guint n = 0;

  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  if (n < min_digits)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
make_date (int     year,
           int     month,
           int     day,
           int     hour,
           int     minute,
           double  second,
           int     offset_minutes,
           gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) tz = NULL;

  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23
      || minute > 59 || second >= 61)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  tz = g_time_zone_new_offset (offset_minutes * 60);
  dt = g_date_time_new (tz, year, month, day, hour, minute, second);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/**
 * hotlist_value_parse_date:
 * @text: a cell
 * @unix_seconds: (out): the moment it names, in Unix seconds (UTC)
 *
 * Reads the date forms CRM exports use: ISO 8601 dates and date-times (`2024-05-01`,
 * `2024-05-01T12:00:00Z`, Salesforce's `2024-05-01T12:00:00.000+0000`, Pipedrive's
 * `2024-05-01 12:00:00`), and slashed dates (`05/01/2024` is read month first unless the
 * first number cannot be a month). Times without a zone are UTC.
 *
 * Returns: %TRUE if the whole cell is a date
 */
gboolean
hotlist_value_parse_date (const char *text, gint64 *unix_seconds)
{
  const char *p;
  int         a = 0, b = 0, c = 0, year, month, day;
  int         hour = 0, minute = 0, sec = 0, offset = 0;
  double      fraction = 0;

  g_return_val_if_fail (unix_seconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = text;
  while (*p == ' ')
    p++;

  if (!read_uint (&p, 1, 4, &a))
    return FALSE;
  if (*p == '-' && p - text >= 4)
    {
      p++;
      year = a;
      if (!read_uint (&p, 1, 2, &month) || *p++ != '-' || !read_uint (&p, 1, 2, &day))
        return FALSE;
    }
  else if (*p == '/' || *p == '.')
    {
      char sep = *p++;
      if (!read_uint (&p, 1, 2, &b) || *p++ != sep || !read_uint (&p, 4, 4, &c))
        return FALSE;
      year = c;
      if (sep == '.' || a > 12)
        {
          day = a;
          month = b;
        }
      else
        {
          month = a;
          day = b;
        }
    }
  else
    return FALSE;

  if (*p == 'T' || (*p == ' ' && g_ascii_isdigit (p[1])))
    {
      p++;
      if (!read_uint (&p, 2, 2, &hour) || *p++ != ':' || !read_uint (&p, 2, 2, &minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_uint (&p, 2, 2, &sec))
            return FALSE;
          if (*p == '.')
            {
              double scale = 0.1;
              p++;
              while (g_ascii_isdigit (*p))
                {
                  fraction += (*p - '0') * scale;
                  scale /= 10;
                  p++;
                }
            }
        }
      if (*p == 'Z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int oh = 0, om = 0;
          p++;
          if (!read_uint (&p, 2, 2, &oh))
            return FALSE;
          if (*p == ':')
            {
              p++;
              if (!read_uint (&p, 2, 2, &om))
                return FALSE;
            }
          else if (g_ascii_isdigit (*p) && !read_uint (&p, 2, 2, &om))
            return FALSE;
          /* Real zones lie between -12:00 and +14:00. */
          if (oh > 14 || om > 59)
            return FALSE;
          offset = sign * (oh * 60 + om);
        }
    }
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return FALSE;
  return make_date (year, month, day, hour, minute, sec + fraction, offset, unix_seconds);
}

/**
 * hotlist_value_format_date:
 * @unix_seconds: a moment
 *
 * Returns: (transfer full): the moment in ISO 8601, UTC; a date alone at midnight
 */
char *
hotlist_value_format_date (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return NULL;
  if (unix_seconds % 86400 == 0)
    return g_date_time_format (dt, "%Y-%m-%d");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* xorshift64*, seeded once from GLib's generator: ids need uniqueness, not secrecy, and an
 * import makes one per row. Called with the id lock held. */
static guint32
next_random (void)
{
  static guint64 state;

  if (G_UNLIKELY (state == 0))
    state = ((guint64)g_random_int () << 32 | g_random_int ()) | 1;
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (guint32)((state * G_GUINT64_CONSTANT (2685821657736338717)) >> 32);
}

/**
 * hotlist_uuid_generate:
 * @bytes: (out caller-allocates) (array fixed-size=16): where to write the id
 *
 * Makes a lead or activity id: a version 7 UUID, whose first 48 bits are the time in
 * milliseconds, so ids made one after the other sort together and index cheaply.
 */
void
hotlist_uuid_generate (guint8 bytes[16])
{
  static GMutex  lock;
  static guint64 last_ms;
  static guint32 seq;
  guint64        ms;
  guint32        r1, r2;

  g_mutex_lock (&lock);
  ms = (guint64)(g_get_real_time () / 1000);
  if (ms <= last_ms)
    {
      ms = last_ms;
      seq++;
    }
  else
    {
      last_ms = ms;
      seq = next_random () & 0x3ff;
    }
  /* 12 bits of counter keep ids made in the same millisecond in order. */
  if (seq > 0xfff)
    {
      last_ms = ++ms;
      seq = 0;
    }
  r1 = next_random ();
  r2 = next_random ();
  g_mutex_unlock (&lock);

  for (int i = 0; i < 6; i++)
    bytes[i] = (ms >> (40 - 8 * i)) & 0xff;
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | ((r1 >> 24) & 0x3f);
  bytes[9] = (r1 >> 16) & 0xff;
  bytes[10] = (r1 >> 8) & 0xff;
  bytes[11] = r1 & 0xff;
  bytes[12] = (r2 >> 24) & 0xff;
  bytes[13] = (r2 >> 16) & 0xff;
  bytes[14] = (r2 >> 8) & 0xff;
  bytes[15] = r2 & 0xff;
}

/**
 * hotlist_uuid_format:
 * @bytes: (array fixed-size=16): an id
 * @text: (out caller-allocates) (array fixed-size=37): where to write it, NUL-terminated
 *
 * Writes the id in the canonical lower-case form, 8-4-4-4-12 hex digits.
 */
void
hotlist_uuid_format (const guint8 bytes[16], char text[37])
{
  static const char hex[] = "0123456789abcdef";
  char             *p = text;

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0xf];
    }
  *p = '\0';
}

/**
 * hotlist_uuid_parse:
 * @text: a UUID in 8-4-4-4-12 hex form, either case
 * @bytes: (out caller-allocates) (array fixed-size=16): its bytes
 *
 * Returns: %FALSE if @text is not a UUID
 */
gboolean
hotlist_uuid_parse (const char *text, guint8 bytes[16])
{
  guint n = 0;

  if (text == NULL || !g_uuid_string_is_valid (text))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-')
        continue;
      if (n % 2 == 0)
        bytes[n / 2] = (guint8)(g_ascii_xdigit_value (*p) << 4);
      else
        bytes[n / 2] |= (guint8)g_ascii_xdigit_value (*p);
      n++;
    }
  return n == 32;
}

/**
 * hotlist_uuid_new:
 *
 * Returns: (transfer full): a new id, as hotlist_uuid_generate() makes them, as text
 */
char *
hotlist_uuid_new (void)
{
  guint8 bytes[16];
  char  *text = g_malloc (37);

  hotlist_uuid_generate (bytes);
  hotlist_uuid_format (bytes, text);
  return text;
}

gboolean
hotlist_uuid_is_valid (const char *text)
{
  if (text == NULL)
    return FALSE;
  return g_uuid_string_is_valid (text);
}
