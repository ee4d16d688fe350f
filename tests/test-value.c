/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for parsing and formatting lead values: numbers, booleans, dates, outcomes, ids. */

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "store/hotlist-value.h"

/* 2024-05-01T00:00:00Z, a constant worked out by hand: 19844 days after the epoch. */
#define MAY_FIRST_2024 G_GINT64_CONSTANT (1714521600)

/* Marks the current test failed but lets it go on, so one run lists every wrong case. */
static void G_GNUC_PRINTF (1, 2) report_failure (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("%s", message);
  g_test_fail_printf ("%s", message);
}

/* The expected moment, computed by GLib rather than by the code under test. */
static gint64
unix_at (int year, int month, int day, int hour, int minute, int second, const char *zone)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr (GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, second);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
assert_number (const char *text, double expected)
{
  double value = -12345.678;

  if (!hotlist_value_parse_number (text, &value))
    report_failure ("\"%s\" was not read as a number", text);
  else if (fabs (value - expected) > 1e-9)
    report_failure ("\"%s\" was read as %.17g, expected %.17g", text, value, expected);
}

static void
assert_not_number (const char *text)
{
  double value = 0;

  if (hotlist_value_parse_number (text, &value))
    report_failure ("\"%s\" was read as the number %g", text, value);
}

static void
assert_boolean (const char *text, gboolean expected)
{
  gboolean value = !expected;

  if (!hotlist_value_parse_boolean (text, &value))
    report_failure ("\"%s\" was not read as a boolean", text);
  else if (value != expected)
    report_failure ("\"%s\" was read as %s", text, value ? "TRUE" : "FALSE");
}

static void
assert_date (const char *text, gint64 expected)
{
  gint64 value = -1;

  if (!hotlist_value_parse_date (text, &value))
    report_failure ("\"%s\" was not read as a date", text);
  else if (value != expected)
    report_failure ("\"%s\" was read as %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, text,
                    value, expected);
}

static void
assert_not_date (const char *text)
{
  gint64 value = 0;

  if (hotlist_value_parse_date (text, &value))
    report_failure ("\"%s\" was read as the date %" G_GINT64_FORMAT, text, value);
}

static void
assert_outcome (const char *text, HotlistOutcome expected)
{
  /* Start from an outcome other than the expected one, so a call that writes nothing fails. */
  HotlistOutcome outcome =
      expected == HOTLIST_OUTCOME_OPEN ? HOTLIST_OUTCOME_LOST : HOTLIST_OUTCOME_OPEN;

  if (!hotlist_outcome_parse_label (text, &outcome))
    report_failure ("\"%s\" was not read as an outcome", text);
  else if (outcome != expected)
    report_failure ("\"%s\" was read as %s, expected %s", text, hotlist_outcome_to_string (outcome),
                    hotlist_outcome_to_string (expected));
}

static void
test_number_plain (void)
{
  assert_number ("0", 0);
  assert_number ("42", 42);
  assert_number ("-17", -17);
  assert_number ("+5", 5);
  assert_number ("3.25", 3.25);
  assert_number ("-0.5", -0.5);
  assert_number ("0.001", 0.001);
  assert_number ("  42  ", 42);
  assert_number ("\t7\t", 7);
}

static void
test_number_thousands (void)
{
  assert_number ("1,200", 1200);
  assert_number ("12,345,678", 12345678);
  assert_number ("-1,200", -1200);
  assert_number ("1,234.5", 1234.5);
  assert_number ("999,999,999.25", 999999999.25);
}

static void
test_number_rejected (void)
{
  /* A comma that is not followed by exactly three digits is a decimal comma or a typo. */
  assert_not_number ("1,20");
  assert_not_number ("1,2345");
  assert_not_number ("1,000,00");
  assert_not_number (",123");
  assert_not_number ("1,");
  assert_not_number ("abc");
  assert_not_number ("12abc");
  assert_not_number ("inf");
  assert_not_number ("-inf");
  assert_not_number ("Infinity");
  assert_not_number ("nan");
  assert_not_number ("NaN");
  assert_not_number ("0x10");
  assert_not_number ("");
  assert_not_number ("   ");
  assert_not_number ("1 2");
  assert_not_number ("-");
  assert_not_number (".");
  assert_not_number ("1e999");
  assert_not_number (NULL);
}

/* A thousands separator sits between digits, the group before the first comma has one to
 * three digits, and no comma follows the decimal point: otherwise the cell is written in
 * another convention (such as the German "1.234,567") and reading it as a plain number
 * changes its value. */
static void
test_number_misplaced_separators (void)
{
  assert_not_number ("-,123");
  assert_not_number ("+,123");
  assert_not_number ("1234,567");
  assert_not_number ("1.234,567");
  assert_not_number ("0.5,000");
}

static void
test_boolean (void)
{
  assert_boolean ("yes", TRUE);
  assert_boolean ("no", FALSE);
  assert_boolean ("true", TRUE);
  assert_boolean ("false", FALSE);
  assert_boolean ("Y", TRUE);
  assert_boolean ("N", FALSE);
  assert_boolean ("1", TRUE);
  assert_boolean ("0", FALSE);
  assert_boolean ("YES", TRUE);
  assert_boolean ("No", FALSE);
  assert_boolean ("TRUE", TRUE);
  assert_boolean ("False", FALSE);
  assert_boolean ("  yes  ", TRUE);
  assert_boolean ("\tNO ", FALSE);
  assert_boolean (" 1", TRUE);
  assert_boolean ("0 ", FALSE);
}

static void
test_boolean_rejected (void)
{
  const char *texts[] = { "", "   ", "maybe", "yess", "2", "-1", "y e s", "truee", NULL };

  for (guint i = 0; texts[i] != NULL; i++)
    {
      gboolean value = FALSE;

      if (hotlist_value_parse_boolean (texts[i], &value))
        report_failure ("\"%s\" was read as a boolean", texts[i]);
    }
}

static void
test_date_iso (void)
{
  assert_date ("2024-05-01", MAY_FIRST_2024);
  assert_date ("2024-05-01", unix_at (2024, 5, 1, 0, 0, 0, "UTC"));
  assert_date ("2024-12-25", unix_at (2024, 12, 25, 0, 0, 0, "UTC"));
  assert_date ("2024-02-29", unix_at (2024, 2, 29, 0, 0, 0, "UTC"));
  assert_date ("1999-12-31", unix_at (1999, 12, 31, 0, 0, 0, "UTC"));
}

static void
test_date_iso_time (void)
{
  assert_date ("2024-05-01T00:00:00Z", MAY_FIRST_2024);
  assert_date ("2024-05-01T12:00:00Z", MAY_FIRST_2024 + 12 * 3600);
  assert_date ("2024-05-01T12:34:56Z", unix_at (2024, 5, 1, 12, 34, 56, "UTC"));
  /* Times without a zone are UTC. */
  assert_date ("2024-05-01T12:34:56", unix_at (2024, 5, 1, 12, 34, 56, "UTC"));
  assert_date ("2024-05-01T12:00:00+02:00", MAY_FIRST_2024 + 10 * 3600);
  assert_date ("2024-05-01T12:00:00+0200", MAY_FIRST_2024 + 10 * 3600);
  assert_date ("2024-05-01T12:00:00-05:00", MAY_FIRST_2024 + 17 * 3600);
  assert_date ("2024-05-01T12:00:00+05:30", unix_at (2024, 5, 1, 12, 0, 0, "+05:30"));
  assert_date ("2024-05-01T01:00:00+0300", unix_at (2024, 4, 30, 22, 0, 0, "UTC"));
}

static void
test_date_crm_forms (void)
{
  /* Salesforce */
  assert_date ("2024-05-01T12:00:00.000+0000", MAY_FIRST_2024 + 12 * 3600);
  assert_date ("2024-05-01T12:00:00.000+0200", MAY_FIRST_2024 + 10 * 3600);
  /* Milliseconds do not move the moment to another second. */
  assert_date ("2024-05-01T12:00:00.250Z", MAY_FIRST_2024 + 12 * 3600);
  assert_date ("2024-05-01T12:00:00.999+0000", MAY_FIRST_2024 + 12 * 3600);
  /* Pipedrive */
  assert_date ("2024-05-01 12:00:00", MAY_FIRST_2024 + 12 * 3600);
  assert_date ("2024-03-05 15:33:07", unix_at (2024, 3, 5, 15, 33, 7, "UTC"));
  /* HubSpot */
  assert_date ("2024-01-24 08:16", unix_at (2024, 1, 24, 8, 16, 0, "UTC"));
}

static void
test_date_slashed (void)
{
  /* Month first, as in US exports. */
  assert_date ("05/01/2024", MAY_FIRST_2024);
  assert_date ("5/1/2024", MAY_FIRST_2024);
  assert_date ("12/25/2024", unix_at (2024, 12, 25, 0, 0, 0, "UTC"));
  /* Day first when the first number cannot be a month. */
  assert_date ("25/12/2024", unix_at (2024, 12, 25, 0, 0, 0, "UTC"));
  assert_date ("13/01/2024", unix_at (2024, 1, 13, 0, 0, 0, "UTC"));
  /* Dotted dates are always day first. */
  assert_date ("25.12.2024", unix_at (2024, 12, 25, 0, 0, 0, "UTC"));
  assert_date ("01.05.2024", MAY_FIRST_2024);
}

static void
test_date_rejected (void)
{
  assert_not_date ("2024-02-30");
  assert_not_date ("2023-02-29");
  assert_not_date ("2024-13-01");
  assert_not_date ("2024-00-10");
  assert_not_date ("2024-04-31");
  assert_not_date ("13/13/2024");
  assert_not_date ("02/30/2024");
  assert_not_date ("2024-05-01T24:00:00Z");
  assert_not_date ("2024-05-01T12:60:00Z");
  assert_not_date ("2024-05-01 noon");
  assert_not_date ("yesterday");
  assert_not_date ("");
  assert_not_date ("42");
  assert_not_date ("2024");
  assert_not_date (NULL);
}

static void
test_format_date (void)
{
  g_autofree char *midnight = hotlist_value_format_date (MAY_FIRST_2024);
  g_autofree char *noon = hotlist_value_format_date (MAY_FIRST_2024 + 12 * 3600);
  g_autofree char *one_second = hotlist_value_format_date (MAY_FIRST_2024 + 1);
  g_autofree char *epoch = hotlist_value_format_date (0);
  g_autofree char *before_epoch = hotlist_value_format_date (-1);

  g_assert_cmpstr (midnight, ==, "2024-05-01");
  g_assert_cmpstr (noon, ==, "2024-05-01T12:00:00Z");
  g_assert_cmpstr (one_second, ==, "2024-05-01T00:00:01Z");
  g_assert_cmpstr (epoch, ==, "1970-01-01");
  g_assert_cmpstr (before_epoch, ==, "1969-12-31T23:59:59Z");
}

static void
test_format_date_round_trip (void)
{
  const gint64 moments[] = {
    MAY_FIRST_2024,
    MAY_FIRST_2024 + 12 * 3600,
    MAY_FIRST_2024 + 86399,
    unix_at (2024, 2, 29, 23, 59, 59, "UTC"),
    unix_at (1999, 12, 31, 0, 0, 0, "UTC"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *text = hotlist_value_format_date (moments[i]);

      assert_date (text, moments[i]);
    }
}

static void
test_outcome_labels (void)
{
  assert_outcome ("1", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("0", HOTLIST_OUTCOME_LOST);
  assert_outcome ("yes", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("No", HOTLIST_OUTCOME_LOST);
  assert_outcome ("true", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("FALSE", HOTLIST_OUTCOME_LOST);
  assert_outcome ("won", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("Lost", HOTLIST_OUTCOME_LOST);
  assert_outcome ("converted", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("Converted", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("Closed Won", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("closed lost", HOTLIST_OUTCOME_LOST);
  /* Salesforce lead statuses */
  assert_outcome ("Closed - Converted", HOTLIST_OUTCOME_CONVERTED);
  assert_outcome ("Closed - Not Converted", HOTLIST_OUTCOME_LOST);
  assert_outcome ("CLOSED LOST", HOTLIST_OUTCOME_LOST);
  assert_outcome ("disqualified", HOTLIST_OUTCOME_LOST);
  assert_outcome (" won ", HOTLIST_OUTCOME_CONVERTED);
}

static void
test_outcome_open (void)
{
  assert_outcome ("", HOTLIST_OUTCOME_OPEN);
  assert_outcome ("   ", HOTLIST_OUTCOME_OPEN);
  assert_outcome ("open", HOTLIST_OUTCOME_OPEN);
}

static void
test_outcome_rejected (void)
{
  const char *texts[] = { "maybe", "2", "closed", "won lost", "Closed Won!", NULL };

  for (guint i = 0; texts[i] != NULL; i++)
    {
      HotlistOutcome outcome = HOTLIST_OUTCOME_OPEN;

      if (hotlist_outcome_parse_label (texts[i], &outcome))
        report_failure ("\"%s\" was read as the outcome %s", texts[i],
                        hotlist_outcome_to_string (outcome));
    }
}

static void
test_outcome_names (void)
{
  const HotlistOutcome outcomes[] = { HOTLIST_OUTCOME_OPEN, HOTLIST_OUTCOME_CONVERTED,
                                      HOTLIST_OUTCOME_LOST };
  const char          *names[] = { "open", "converted", "lost" };
  HotlistOutcome       outcome;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_cmpstr (hotlist_outcome_to_string (outcomes[i]), ==, names[i]);
      outcome = outcomes[(i + 1) % G_N_ELEMENTS (outcomes)];
      g_assert_true (hotlist_outcome_from_string (names[i], &outcome));
      g_assert_cmpint (outcome, ==, outcomes[i]);
    }
  g_assert_false (hotlist_outcome_from_string ("won", &outcome));
  g_assert_false (hotlist_outcome_from_string (NULL, &outcome));
}

static void
test_kind_widen (void)
{
  const HotlistValueKind N = HOTLIST_VALUE_NUMBER;
  const HotlistValueKind C = HOTLIST_VALUE_CATEGORY;
  const HotlistValueKind B = HOTLIST_VALUE_BOOLEAN;
  const HotlistValueKind D = HOTLIST_VALUE_DATE;
  const HotlistValueKind T = HOTLIST_VALUE_TEXT;
  /* Rows and columns in the order N, C, B, D, T. */
  const HotlistValueKind kinds[] = { N, C, B, D, T };
  const HotlistValueKind expected[5][5] = {
    /*        N  C  B  D  T */
    /* N */ { N, C, N, C, T },
    /* C */ { C, C, C, C, T },
    /* B */ { N, C, B, C, T },
    /* D */ { C, C, C, D, T },
    /* T */ { T, T, T, T, T },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    for (guint j = 0; j < G_N_ELEMENTS (kinds); j++)
      {
        HotlistValueKind got = hotlist_value_kind_widen (kinds[i], kinds[j]);

        if (got != expected[i][j])
          report_failure ("widening %s with %s gave %s, expected %s",
                          hotlist_value_kind_to_string (kinds[i]),
                          hotlist_value_kind_to_string (kinds[j]),
                          hotlist_value_kind_to_string (got),
                          hotlist_value_kind_to_string (expected[i][j]));
      }
}

static void
test_kind_names (void)
{
  const char            *names[] = { "number", "category", "boolean", "date", "text" };
  const HotlistValueKind kinds[] = { HOTLIST_VALUE_NUMBER, HOTLIST_VALUE_CATEGORY,
                                     HOTLIST_VALUE_BOOLEAN, HOTLIST_VALUE_DATE,
                                     HOTLIST_VALUE_TEXT };
  HotlistValueKind       kind;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_cmpstr (hotlist_value_kind_to_string (kinds[i]), ==, names[i]);
      kind = kinds[(i + 1) % G_N_ELEMENTS (kinds)];
      g_assert_true (hotlist_value_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, kinds[i]);
    }
  g_assert_false (hotlist_value_kind_from_string ("integer", &kind));
  g_assert_false (hotlist_value_kind_from_string (NULL, &kind));
}

/* The 48-bit millisecond timestamp at the start of a version 7 UUID. */
static gint64
uuid_milliseconds (const char *uuid)
{
  g_autofree char *hex = g_strndup (uuid, 8);
  g_autofree char *all = g_strconcat (hex, uuid + 9, NULL);

  all[12] = '\0';
  return (gint64)g_ascii_strtoull (all, NULL, 16);
}

static void
test_uuid_format (void)
{
  gint64           before = g_get_real_time () / 1000;
  g_autofree char *uuid = hotlist_uuid_new ();
  gint64           after = g_get_real_time () / 1000;

  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 36);
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_true (hotlist_uuid_is_valid (uuid));
  /* Version 7, RFC 9562 variant. */
  g_assert_cmpint (uuid[14], ==, '7');
  g_assert_nonnull (strchr ("89ab", uuid[19]));
  /* Lower-case hex, as g_uuid_string_random () writes it. */
  for (const char *p = uuid; *p != '\0'; p++)
    g_assert_true (*p == '-' || g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  /* The leading bits are the time of creation; earlier bursts of ids may run a little ahead. */
  g_assert_cmpint (uuid_milliseconds (uuid), >=, before);
  g_assert_cmpint (uuid_milliseconds (uuid), <=, after + 1000);
}

static void
test_uuid_is_valid (void)
{
  g_assert_true (hotlist_uuid_is_valid ("018f2d3a-7b4c-7def-8123-456789abcdef"));
  g_assert_false (hotlist_uuid_is_valid (""));
  g_assert_false (hotlist_uuid_is_valid (NULL));
  g_assert_false (hotlist_uuid_is_valid ("018f2d3a-7b4c-7def-8123-456789abcde"));
  g_assert_false (hotlist_uuid_is_valid ("018f2d3a7b4c7def8123456789abcdef"));
  g_assert_false (hotlist_uuid_is_valid ("018f2d3a-7b4c-7def-8123-456789abcdeg"));
}

static void
test_uuid_ordered (void)
{
  const guint            n = 10000;
  g_autoptr (GPtrArray)  ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, hotlist_uuid_new ());

  for (guint i = 0; i < n; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (g_hash_table_add (seen, (gpointer)id));
      if (i > 0 && strcmp (g_ptr_array_index (ids, i - 1), id) >= 0)
        {
          report_failure ("id %u (%s) does not sort after id %u (%s)", i, id, i - 1,
                          (const char *)g_ptr_array_index (ids, i - 1));
          break;
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

/* An offset no time zone has is a broken cell, not a time in UTC. */
static void
test_date_offset_out_of_range (void)
{
  assert_not_date ("2024-05-01T12:00:00+25:00");
  assert_not_date ("2024-05-01T12:00:00-9900");
  assert_not_date ("2024-05-01T12:00:00+02:60");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/number/plain", test_number_plain);
  g_test_add_func ("/value/number/thousands", test_number_thousands);
  g_test_add_func ("/value/number/rejected", test_number_rejected);
  g_test_add_func ("/value/boolean/accepted", test_boolean);
  g_test_add_func ("/value/boolean/rejected", test_boolean_rejected);
  g_test_add_func ("/value/date/iso", test_date_iso);
  g_test_add_func ("/value/date/iso-time", test_date_iso_time);
  g_test_add_func ("/value/date/crm-forms", test_date_crm_forms);
  g_test_add_func ("/value/date/slashed", test_date_slashed);
  g_test_add_func ("/value/date/rejected", test_date_rejected);
  g_test_add_func ("/value/date/format", test_format_date);
  g_test_add_func ("/value/date/format-round-trip", test_format_date_round_trip);
  g_test_add_func ("/value/outcome/labels", test_outcome_labels);
  g_test_add_func ("/value/outcome/open", test_outcome_open);
  g_test_add_func ("/value/outcome/rejected", test_outcome_rejected);
  g_test_add_func ("/value/outcome/names", test_outcome_names);
  g_test_add_func ("/value/kind/widen", test_kind_widen);
  g_test_add_func ("/value/kind/names", test_kind_names);
  g_test_add_func ("/value/uuid/format", test_uuid_format);
  g_test_add_func ("/value/uuid/is-valid", test_uuid_is_valid);
  g_test_add_func ("/value/uuid/ordered", test_uuid_ordered);
  /* Last, so the cases above run even while these library bugs stand. */
  g_test_add_func ("/value/number-conventions/misplaced-separators",
                   test_number_misplaced_separators);
  g_test_add_func ("/value/date-offsets/out-of-range", test_date_offset_out_of_range);

  return g_test_run ();
}
