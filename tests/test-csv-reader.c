/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the streaming CSV reader: RFC 4180 quoting, line ends, sniffing, big and real files. */

#include <stdarg.h>
#include <string.h>

#include <gio/gio.h>

#include "import/hotlist-csv-reader.h"

/* The reader refills its buffer 1 MiB at a time; inputs around this size cross a refill. */
#define CHUNK (1 << 20)

/* A stream that hands out its bytes a few at a time, honours its cancellable and can fail
 * part way, as pipes, network mounts and unplugged drives do. */
#define HOTLIST_TYPE_TEST_STREAM (hotlist_test_stream_get_type ())
G_DECLARE_FINAL_TYPE (HotlistTestStream, hotlist_test_stream, HOTLIST, TEST_STREAM, GInputStream)

struct _HotlistTestStream
{
  GInputStream parent_instance;

  GBytes *bytes;
  gsize   offset;
  gsize   max_read;
  gsize   fail_at;
};

G_DEFINE_FINAL_TYPE (HotlistTestStream, hotlist_test_stream, G_TYPE_INPUT_STREAM)

static gssize
hotlist_test_stream_read (GInputStream *stream,
                          void         *buffer,
                          gsize         count,
                          GCancellable *cancellable,
                          GError      **error)
{
  HotlistTestStream *self = HOTLIST_TEST_STREAM (stream);
  gsize              size;
  const guint8      *data = g_bytes_get_data (self->bytes, &size);
  gsize              n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->offset >= self->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the drive was unplugged");
      return -1;
    }
  n = MIN (count, self->max_read);
  n = MIN (n, size - self->offset);
  n = MIN (n, self->fail_at - self->offset);
  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return n;
}

static void
hotlist_test_stream_finalize (GObject *object)
{
  HotlistTestStream *self = HOTLIST_TEST_STREAM (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (hotlist_test_stream_parent_class)->finalize (object);
}

static void
hotlist_test_stream_class_init (HotlistTestStreamClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = hotlist_test_stream_finalize;
  stream_class->read_fn = hotlist_test_stream_read;
}

static void
hotlist_test_stream_init (HotlistTestStream *self)
{
  self->max_read = G_MAXSIZE;
  self->fail_at = G_MAXSIZE;
}

static GInputStream *
hotlist_test_stream_new (const char *data, gsize length, gsize max_read, gsize fail_at)
{
  HotlistTestStream *self = g_object_new (HOTLIST_TYPE_TEST_STREAM, NULL);

  self->bytes = g_bytes_new (data, length);
  self->max_read = max_read;
  self->fail_at = fail_at;
  return G_INPUT_STREAM (self);
}

static char *
data_path (const char *name)
{
  const char *dir = g_getenv ("HOTLIST_TEST_DATA");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static HotlistCsvReader *
reader_new_for_stream (GInputStream *stream, char delimiter)
{
  g_autoptr (GError) error = NULL;
  HotlistCsvReader  *reader;

  reader = hotlist_csv_reader_new (stream, delimiter, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

/* A reader over a copy of @length bytes of @data (-1: up to the NUL). */
static HotlistCsvReader *
reader_new_for_data (const char *data, gssize length, char delimiter)
{
  g_autoptr (GInputStream) stream = NULL;

  if (length < 0)
    length = strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, length), length, g_free);
  return reader_new_for_stream (stream, delimiter);
}

/* Reads the next record and checks it is exactly the NULL-terminated @fields, without problem,
 * starting on @line. */
static void
expect_fields (HotlistCsvReader *reader, guint64 line, const char *const *fields)
{
  g_autoptr (GError) error = NULL;
  guint              n = g_strv_length ((GStrv)fields);

  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hotlist_csv_reader_get_problem (reader), ==, NULL);
  g_assert_cmpint (hotlist_csv_reader_get_problem_field (reader), ==, -1);
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, line);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (hotlist_csv_reader_get_field (reader, i), ==, fields[i]);
      g_assert_cmpuint (hotlist_csv_reader_get_field_length (reader, i), ==, strlen (fields[i]));
    }
}

static void
expect_record (HotlistCsvReader *reader, guint64 line, ...)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  const char           *field;
  va_list               args;

  va_start (args, line);
  while ((field = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (fields, (gpointer)field);
  va_end (args);
  g_ptr_array_add (fields, NULL);
  expect_fields (reader, line, (const char *const *)fields->pdata);
}

static void
expect_end (HotlistCsvReader *reader)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  /* The end stays the end. */
  g_assert_false (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

/* Compares a big field without printing megabytes when it differs. */
static void
expect_long_field (HotlistCsvReader *reader,
                   guint             index,
                   const char       *expected,
                   gsize             expected_length)
{
  const char *field = hotlist_csv_reader_get_field (reader, index);
  gsize       length = hotlist_csv_reader_get_field_length (reader, index);

  g_assert_cmpuint (length, ==, expected_length);
  g_assert_cmpuint (strlen (field), ==, expected_length);
  for (gsize i = 0; i < length; i++)
    if (field[i] != expected[i])
      g_error ("field %u differs from byte %" G_GSIZE_FORMAT " on: \"%.40s\" instead of \"%.40s\"",
               index, i, field + i, expected + i);
}

/* Appends @value as a CSV field, quoted only when it must be. */
static void
append_field (GString *csv, const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (csv, value);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static guint
count_lf (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_basic_records (void)
{
  const char                  *data = "id,name,score\n1,Ann,5\n2,Bob,7\n";
  g_autoptr (HotlistCsvReader) reader = reader_new_for_data (data, -1, 0);

  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');
  expect_record (reader, 1, "id", "name", "score", NULL);
  expect_record (reader, 2, "1", "Ann", "5", NULL);
  expect_record (reader, 3, "2", "Bob", "7", NULL);
  expect_end (reader);
  g_assert_cmpuint (hotlist_csv_reader_get_bytes_read (reader), ==, strlen (data));
}

static void
test_basic_empty_input (void)
{
  const char *inputs[] = {
    "", "\n", "\n\r\n\r\n\n", "\r", "\xEF\xBB\xBF", "\xEF\xBB\xBF\r\n", NULL
  };

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr (HotlistCsvReader) reader = reader_new_for_data (inputs[i], -1, 0);

      expect_end (reader);
    }
}

static void
test_quoted_delimiter (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("company,title\n"
                                "\"Brightwater Analytics, Inc.\",\"VP, Revenue Operations\"\n"
                                "\",\",\",,\"\n"
                                "plain,\"a,b,c\"\n",
                                -1, ',');
  expect_record (reader, 1, "company", "title", NULL);
  expect_record (reader, 2, "Brightwater Analytics, Inc.", "VP, Revenue Operations", NULL);
  expect_record (reader, 3, ",", ",,", NULL);
  expect_record (reader, 4, "plain", "a,b,c", NULL);
  expect_end (reader);
}

static void
test_quoted_doubled_quotes (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("\"Kestrel \"\"KX\"\" Systems\",x\n"
                                "\"\"\"\",\"\"\"\"\"\",\"\"\n"
                                "\"\"\"quoted\"\"\",\"a\"\"\"\"b\"\n",
                                -1, ',');
  expect_record (reader, 1, "Kestrel \"KX\" Systems", "x", NULL);
  expect_record (reader, 2, "\"", "\"\"", "", NULL);
  expect_record (reader, 3, "\"quoted\"", "a\"\"b", NULL);
  expect_end (reader);
}

static void
test_quoted_lf (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("id,title\n"
                                "1,\"Head of Partnerships\nEMEA & APAC\"\n"
                                "2,\"three\nline\nnote\"\n"
                                "3,\"\n\"\n"
                                "4,last\n",
                                -1, ',');
  expect_record (reader, 1, "id", "title", NULL);
  expect_record (reader, 2, "1", "Head of Partnerships\nEMEA & APAC", NULL);
  expect_record (reader, 4, "2", "three\nline\nnote", NULL);
  expect_record (reader, 7, "3", "\n", NULL);
  expect_record (reader, 9, "4", "last", NULL);
  expect_end (reader);
}

static void
test_quoted_crlf (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("id,title\r\n"
                                "1,\"Head of Partnerships\r\nEMEA & APAC\"\r\n"
                                "2,\"a\r\n\r\nb\",x\r\n"
                                "3,last\r\n",
                                -1, ',');
  expect_record (reader, 1, "id", "title", NULL);
  expect_record (reader, 2, "1", "Head of Partnerships\r\nEMEA & APAC", NULL);
  expect_record (reader, 4, "2", "a\r\n\r\nb", "x", NULL);
  expect_record (reader, 7, "3", "last", NULL);
  expect_end (reader);
}

/* Quotes in the middle of an unquoted field are text, as in a screen size of 27". */
static void
test_quoted_inside_plain_field (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("Monitor 27\",5'11\" tall,a\"b\"c\n", -1, ',');
  expect_record (reader, 1, "Monitor 27\"", "5'11\" tall", "a\"b\"c", NULL);
  expect_end (reader);
}

static void
test_line_endings_crlf (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("a,b\r\n1,2\r\n3,\r\n", -1, 0);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');
  expect_record (reader, 1, "a", "b", NULL);
  expect_record (reader, 2, "1", "2", NULL);
  expect_record (reader, 3, "3", "", NULL);
  expect_end (reader);
}

static void
test_line_endings_cr (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("a,b\r1,\"x\ry\"\r3,4\r", -1, 0);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');
  expect_record (reader, 1, "a", "b", NULL);
  expect_record (reader, 2, "1", "x\ry", NULL);
  expect_record (reader, 4, "3", "4", NULL);
  expect_end (reader);
}

static void
test_line_endings_mixed (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("a,b\n1,2\r\n3,4\r5,6\n\r7,8", -1, ',');
  expect_record (reader, 1, "a", "b", NULL);
  expect_record (reader, 2, "1", "2", NULL);
  expect_record (reader, 3, "3", "4", NULL);
  expect_record (reader, 4, "5", "6", NULL);
  /* LF then CR is two line ends, the second of a blank line. */
  expect_record (reader, 6, "7", "8", NULL);
  expect_end (reader);
}

static void
test_bom (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;
  g_autoptr (HotlistCsvReader) explicit = NULL;
  g_autoptr (HotlistCsvReader) sniffed = NULL;

  reader = reader_new_for_data ("\xEF\xBB\xBFRecord ID,Name\r\n1,Zoë\r\n", -1, 0);
  expect_record (reader, 1, "Record ID", "Name", NULL);
  expect_record (reader, 2, "1", "Zoë", NULL);
  expect_end (reader);

  explicit = reader_new_for_data ("\xEF\xBB\xBF\"Record ID\";Name\n", -1, ';');
  expect_record (explicit, 1, "Record ID", "Name", NULL);
  expect_end (explicit);

  sniffed = reader_new_for_data ("\xEF\xBB\xBF"
                                 "id;name\n1;Ann\n",
                                 -1, 0);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (sniffed), ==, ';');
  expect_record (sniffed, 1, "id", "name", NULL);
}

static void
test_no_final_newline (void)
{
  g_autoptr (HotlistCsvReader) plain = reader_new_for_data ("a,b\n1,2", -1, ',');
  g_autoptr (HotlistCsvReader) quoted = reader_new_for_data ("a,b\n1,\"x\ny\"", -1, ',');
  g_autoptr (HotlistCsvReader) trailing = reader_new_for_data ("a,b,\n1,2,", -1, ',');

  expect_record (plain, 1, "a", "b", NULL);
  expect_record (plain, 2, "1", "2", NULL);
  expect_end (plain);

  expect_record (quoted, 1, "a", "b", NULL);
  expect_record (quoted, 2, "1", "x\ny", NULL);
  expect_end (quoted);

  expect_record (trailing, 1, "a", "b", "", NULL);
  expect_record (trailing, 2, "1", "2", "", NULL);
  expect_end (trailing);
}

static void
test_blank_lines (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("\n\na,b\n\n\n1,2\r\n\r\n3,4\r\r5,6\n\n", -1, ',');
  expect_record (reader, 3, "a", "b", NULL);
  expect_record (reader, 6, "1", "2", NULL);
  expect_record (reader, 8, "3", "4", NULL);
  expect_record (reader, 10, "5", "6", NULL);
  expect_end (reader);
}

static void
test_empty_fields (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("a,b,c\n"
                                ",,\n"
                                "1,,3\n"
                                "\"\",\"\",\"\"\n"
                                ",x,\n",
                                -1, ',');
  expect_record (reader, 1, "a", "b", "c", NULL);
  expect_record (reader, 2, "", "", "", NULL);
  expect_record (reader, 3, "1", "", "3", NULL);
  expect_record (reader, 4, "", "", "", NULL);
  expect_record (reader, 5, "", "x", "", NULL);
  expect_end (reader);
}

static void
test_trailing_empty_field (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("a,b,\n1,2,\r\n\"x\",\"y\",\n", -1, ',');
  expect_record (reader, 1, "a", "b", "", NULL);
  expect_record (reader, 2, "1", "2", "", NULL);
  expect_record (reader, 3, "x", "y", "", NULL);
  expect_end (reader);
}

static void
test_unterminated_quote (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;
  g_autoptr (GError)           error = NULL;
  const char                  *problem;

  reader = reader_new_for_data ("id,name\n"
                                "1,Ann\n"
                                "\n"
                                "2,\"Bob\n"
                                "Builder\"\n"
                                "3,Cat\n"
                                "4,\"never closed\n"
                                "5,Dan\n",
                                -1, ',');
  expect_record (reader, 1, "id", "name", NULL);
  expect_record (reader, 2, "1", "Ann", NULL);
  expect_record (reader, 4, "2", "Bob\nBuilder", NULL);
  expect_record (reader, 6, "3", "Cat", NULL);

  /* The broken record is still returned, so the import can report it and go on. */
  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, 7);
  problem = hotlist_csv_reader_get_problem (reader);
  g_assert_nonnull (problem);
  g_test_message ("problem: %s", problem);
  if (!g_regex_match_simple ("\\b7\\b", problem, 0, 0))
    g_error ("the problem \"%s\" does not name line 7, where the quote opens", problem);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 2);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, "4");
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 1), ==, "never closed\n5,Dan\n");

  expect_end (reader);
}

static void
test_unterminated_quote_in_header (void)
{
  g_autoptr (HotlistCsvReader) reader = reader_new_for_data ("\"id,name\n1,Ann\n", -1, ',');
  g_autoptr (GError)           error = NULL;

  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, 1);
  g_assert_nonnull (hotlist_csv_reader_get_problem (reader));
  g_assert_true (g_regex_match_simple ("\\b1\\b", hotlist_csv_reader_get_problem (reader), 0, 0));
  expect_end (reader);
}

/* Reads the next record and checks it has @n_fields and the problem of invalid text in @field. */
static void
expect_invalid_text (HotlistCsvReader *reader, guint64 line, guint n_fields, int field)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, line);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, n_fields);
  g_assert_nonnull (hotlist_csv_reader_get_problem (reader));
  g_test_message ("line %" G_GUINT64_FORMAT ": %s", line, hotlist_csv_reader_get_problem (reader));
  g_assert_cmpint (hotlist_csv_reader_get_problem_field (reader), ==, field);
}

static void
test_invalid_utf8 (void)
{
  const char                   data[] = "id,company,email\n"
                                        "8,Quarry\xff"
                                        "dale Stone,q@quarry.example\n"
                                        "9,Fine,f@fine.example\n"
                                        "caf\xc3,x,y\n"
                                        "a,b,\"\xc0\xaf quoted\"\n"
                                        "10,\"Zoë, Noémie\",z@z.example\n"
                                        "11,nul\0byte,n@n.example\n"
                                        "12,\xed\xa0\x80,surrogate\n";
  g_autoptr (HotlistCsvReader) reader = reader_new_for_data (data, sizeof data - 1, ',');

  expect_record (reader, 1, "id", "company", "email", NULL);
  expect_invalid_text (reader, 2, 3, 1);
  /* The problem belongs to one record only. */
  expect_record (reader, 3, "9", "Fine", "f@fine.example", NULL);
  expect_invalid_text (reader, 4, 3, 0);
  expect_invalid_text (reader, 5, 3, 2);
  expect_record (reader, 6, "10", "Zoë, Noémie", "z@z.example", NULL);
  /* A NUL would cut the field short for every caller that reads it as a string. */
  expect_invalid_text (reader, 7, 3, 1);
  expect_invalid_text (reader, 8, 3, 1);
  expect_end (reader);
}

static void
test_utf8_kept (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("Zoë,Noémie,Élodie,Ximena Oyarzún,Brückner\n"
                                "日本語,\"Ελληνικά, ναι\",😀,Ærøskøbing,\"Müller \"\"Ü\"\"\"\n",
                                -1, 0);
  expect_record (reader, 1, "Zoë", "Noémie", "Élodie", "Ximena Oyarzún", "Brückner", NULL);
  expect_record (reader, 2, "日本語", "Ελληνικά, ναι", "😀", "Ærøskøbing", "Müller \"Ü\"", NULL);
  g_assert_cmpuint (hotlist_csv_reader_get_field_length (reader, 2), ==, 4);
  expect_end (reader);
}

static void
expect_sniffed (const char *data, char expected)
{
  char delimiter = hotlist_csv_sniff_delimiter (data, strlen (data));

  if (delimiter != expected)
    g_error ("sniffed '%c' instead of '%c' in:\n%s", delimiter, expected, data);
}

static void
test_sniff_simple (void)
{
  expect_sniffed ("id,name,score\n1,Ann,5\n2,Bob,7\n", ',');
  expect_sniffed ("id;name;score\n1;Ann;5\n2;Bob;7\n", ';');
  expect_sniffed ("id\tname\tscore\n1\tAnn\t5\n2\tBob\t7\n", '\t');
  expect_sniffed ("id;name;score\r\n1;Ann;5\r\n", ';');
  expect_sniffed ("id;name;score", ';');
  expect_sniffed ("id\tname", '\t');
}

static void
test_sniff_quoted_delimiters (void)
{
  /* Every line holds two commas and two semicolons, but the commas are inside quotes. */
  expect_sniffed ("\"Name, full\";Company;Revenue\n"
                  "\"Doe, Jane\";\"Acme, Inc.\";1200\n"
                  "\"Roe, Rick\";Foo;\"3,400\"\n",
                  ';');
  expect_sniffed ("\"Name, full\";\"Company, legal\";Revenue\n"
                  "\"Doe, Jane\";\"Acme, Inc.\";1200\n"
                  "\"Roe, Rick\";\"Foo, Ltd.\";3400\n",
                  ';');
  expect_sniffed ("name,note\n\"a;b\",\"c;d\"\n\"e;f\",\"g;h\"\n", ',');
  /* A quoted line break does not end a line. */
  expect_sniffed ("id;note\n1;\"two, lines\nof text, here\"\n2;plain\n", ';');
  /* Commas in unquoted text of a tab-separated file. */
  expect_sniffed ("name\tnote\nAnn\tlikes a, b and c\nBob\tnone\n", '\t');
}

static void
test_sniff_bank_marketing (void)
{
  expect_sniffed ("age;job;marital;education;default;housing;loan;duration;campaign;pdays;previous;"
                  "emp.var.rate;cons.price.idx;cons.conf.idx;euribor3m;nr.employed;y\n"
                  "56;housemaid;married;basic.4y;no;no;no;261;1;999;0;"
                  "1.1;93.994;-36.4;4.857;5191;0\n"
                  "57;services;married;high.school;unknown;no;no;149;1;999;0;"
                  "1.1;93.994;-36.4;4.857;5191;0\n",
                  ';');
}

/* Commas in the header's names, but a semicolon between every pair of columns. */
static void
test_sniff_commas_in_header (void)
{
  expect_sniffed ("Name;Notes, remarks, comments\nAnn;none\nBob;late\n", ';');
  expect_sniffed ("Name;Notes, remarks, comments\r\nAnn;none\r\nBob;late\r\n", ';');
}

static void
test_sniff_ragged (void)
{
  /* No delimiter splits every line alike: the header decides. */
  expect_sniffed ("a;b;c\n1;2\n3;4;5;6\n", ';');
  expect_sniffed ("a\tb\tc\n1\t2\n3,4\n", '\t');
}

static void
test_sniff_by_reader (void)
{
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = reader_new_for_data ("\"Name, full\";Company\n\"Doe, Jane\";\"Acme, Inc.\"\n", -1, 0);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ';');
  expect_record (reader, 1, "Name, full", "Company", NULL);
  expect_record (reader, 2, "Doe, Jane", "Acme, Inc.", NULL);
  expect_end (reader);
}

static void
test_explicit_delimiter (void)
{
  const char                  *data = "a;b,c\n1;2,3\n";
  g_autoptr (HotlistCsvReader) comma = reader_new_for_data (data, -1, ',');
  g_autoptr (HotlistCsvReader) semicolon = reader_new_for_data (data, -1, ';');
  g_autoptr (HotlistCsvReader) tab = reader_new_for_data (data, -1, '\t');
  g_autoptr (HotlistCsvReader) against_sniffing = NULL;

  g_assert_cmpint (hotlist_csv_reader_get_delimiter (comma), ==, ',');
  expect_record (comma, 1, "a;b", "c", NULL);
  expect_record (comma, 2, "1;2", "3", NULL);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (semicolon), ==, ';');
  expect_record (semicolon, 1, "a", "b,c", NULL);
  expect_record (semicolon, 2, "1", "2,3", NULL);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (tab), ==, '\t');
  expect_record (tab, 1, "a;b,c", NULL);

  /* A file sniffing would read as ';' read as ','. */
  against_sniffing = reader_new_for_data ("x;y;z\n1;2;3\n", -1, ',');
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (against_sniffing), ==, ',');
  expect_record (against_sniffing, 1, "x;y;z", NULL);
}

static void
test_large_quoted_field (void)
{
  g_autoptr (GString)          value = g_string_new (NULL);
  g_autoptr (GString)          csv = g_string_new ("before,");
  g_autoptr (HotlistCsvReader) reader = NULL;
  g_autoptr (GError)           error = NULL;
  guint                        rows = 0;

  while (value->len < 3 * CHUNK)
    g_string_append_printf (value, "row %06u: a \"quoted\" word, a comma\n", rows++);
  append_field (csv, value->str);
  g_string_append (csv, ",after\nnext,1,2\n");

  reader = reader_new_for_data (csv->str, csv->len, ',');
  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (hotlist_csv_reader_get_problem (reader));
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, 1);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 3);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, "before");
  expect_long_field (reader, 1, value->str, value->len);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 2), ==, "after");
  expect_record (reader, rows + 2, "next", "1", "2", NULL);
  expect_end (reader);
  g_assert_cmpuint (hotlist_csv_reader_get_bytes_read (reader), ==, csv->len);
}

static void
test_large_plain_field (void)
{
  g_autoptr (GString)          value = g_string_new (NULL);
  g_autoptr (GString)          csv = g_string_new ("id,blob,tail\r\n1,");
  g_autoptr (HotlistCsvReader) reader = NULL;
  g_autoptr (GError)           error = NULL;

  for (guint i = 0; value->len < 3 * CHUNK + 17; i++)
    g_string_append_printf (value, "%u;", i);
  g_string_append (csv, value->str);
  g_string_append (csv, ",end\r\n2,x,y");

  reader = reader_new_for_data (csv->str, csv->len, ',');
  expect_record (reader, 1, "id", "blob", "tail", NULL);
  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (hotlist_csv_reader_get_problem (reader));
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, 2);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 3);
  expect_long_field (reader, 1, value->str, value->len);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 2), ==, "end");
  expect_record (reader, 3, "2", "x", "y", NULL);
  expect_end (reader);
}

#define N_COLUMNS 5

/* The fields of record @i of a generated file: quoting, line breaks and empty cells vary. */
static GStrv
sample_record (guint i)
{
  GStrv fields = g_new0 (char *, N_COLUMNS + 1);

  fields[0] = g_strdup_printf ("%u", i);
  if (i % 4 == 0)
    fields[1] = g_strdup_printf ("Zoë Brückner %u", i);
  else
    fields[1] = g_strdup_printf ("name-%u", i);
  fields[2] = g_strdup_printf ("Company %u, Inc.", i);
  if (i % 7 == 0)
    fields[3] = g_strdup_printf ("line one %u\nline two", i);
  else if (i % 11 == 0)
    fields[3] = g_strdup_printf ("line one %u\r\nline two\r\nline three", i);
  else
    fields[3] = g_strdup_printf ("note %u", i);
  fields[4] = i % 5 == 0 ? g_strdup ("") : g_strdup_printf ("say \"hi\" %u", i);
  return fields;
}

/* Writes @n_records generated records with mixed line ends and some blank lines; fills @lines
 * with the line each record starts on. */
static GString *
sample_csv (guint n_records, guint64 *lines)
{
  static const char *line_ends[] = { "\n", "\r\n", "\r" };
  GString           *csv = g_string_new (NULL);
  guint64            line = 1;

  for (guint i = 0; i < n_records; i++)
    {
      g_auto (GStrv) fields = sample_record (i);

      lines[i] = line;
      for (guint f = 0; f < N_COLUMNS; f++)
        {
          if (f > 0)
            g_string_append_c (csv, ',');
          append_field (csv, fields[f]);
          line += count_lf (fields[f]);
        }
      g_string_append (csv, line_ends[i % G_N_ELEMENTS (line_ends)]);
      line++;
      if (i % 1000 == 999)
        {
          g_string_append (csv, "\r\n");
          line++;
        }
    }
  return csv;
}

static void
expect_sample_records (HotlistCsvReader *reader, guint n_records, const guint64 *lines)
{
  for (guint i = 0; i < n_records; i++)
    {
      g_auto (GStrv) fields = sample_record (i);

      expect_fields (reader, lines[i], (const char *const *)fields);
    }
  expect_end (reader);
}

static void
test_large_many_records (void)
{
  const guint                  n = 50000;
  g_autofree guint64          *lines = g_new (guint64, n);
  g_autoptr (GString)          csv = sample_csv (n, lines);
  g_autoptr (HotlistCsvReader) reader = NULL;

  /* Enough to cross several refills at all sorts of places in a record. */
  g_assert_cmpuint (csv->len, >, 3 * CHUNK);
  reader = reader_new_for_data (csv->str, csv->len, 0);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');
  expect_sample_records (reader, n, lines);
  g_assert_cmpuint (hotlist_csv_reader_get_bytes_read (reader), ==, csv->len);
}

/* A pipe or a network mount hands out a few bytes per read. */
static void
test_stream_short_reads (void)
{
  const char  data[] = "\xEF\xBB\xBFid;\"note\"\r\n1;\"a;\"\"b\"\"\r\nc\"\r\n\r\n2;Zoë\r3;";
  const gsize n = 3000;
  g_autofree guint64 *lines = g_new (guint64, n);
  g_autoptr (GString) csv = sample_csv (n, lines);

  for (gsize max_read = 1; max_read <= 4; max_read++)
    {
      g_autoptr (GInputStream)     stream = NULL;
      g_autoptr (HotlistCsvReader) reader = NULL;

      stream = hotlist_test_stream_new (data, sizeof data - 1, max_read, G_MAXSIZE);
      reader = reader_new_for_stream (stream, 0);

      g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ';');
      expect_record (reader, 1, "id", "note", NULL);
      expect_record (reader, 2, "1", "a;\"b\"\r\nc", NULL);
      expect_record (reader, 5, "2", "Zoë", NULL);
      expect_record (reader, 6, "3", "", NULL);
      expect_end (reader);
    }

  {
    g_autoptr (GInputStream) stream = hotlist_test_stream_new (csv->str, csv->len, 7, G_MAXSIZE);
    g_autoptr (HotlistCsvReader) reader = reader_new_for_stream (stream, ',');

    expect_sample_records (reader, n, lines);
  }
}

static void
test_stream_cancelled_before (void)
{
  g_autoptr (GCancellable)     cancellable = g_cancellable_new ();
  g_autoptr (GInputStream)     stream = hotlist_test_stream_new ("a,b\n", 4, G_MAXSIZE, G_MAXSIZE);
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCsvReader) reader = NULL;

  g_cancellable_cancel (cancellable);
  reader = hotlist_csv_reader_new (stream, 0, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reader);
}

/* A record of filler that fills the first buffer up to @boundary bytes into @tail. */
static GString *
csv_with_boundary_in (const char *tail, gsize boundary, char **filler)
{
  GString *csv = g_string_new (NULL);
  gsize    filler_length = CHUNK - boundary - 1;

  *filler = g_malloc (filler_length + 1);
  memset (*filler, 'f', filler_length);
  (*filler)[filler_length] = '\0';
  g_string_append_len (csv, *filler, filler_length);
  g_string_append_c (csv, '\n');
  g_string_append (csv, tail);
  g_assert_cmpuint (csv->len, ==, CHUNK + strlen (tail) - boundary);
  return csv;
}

/* Puts every byte of a few records full of special cases on a refill boundary in turn. */
static void
test_large_chunk_boundary (void)
{
  const char *tail = "\"a\"\"b\",\"l1\r\nl2\",plain,\r\n\r\nend\r\"x\"\r\nlast";

  for (gsize boundary = 0; boundary <= strlen (tail); boundary++)
    {
      g_autofree char             *filler = NULL;
      g_autoptr (GString)          csv = csv_with_boundary_in (tail, boundary, &filler);
      g_autoptr (HotlistCsvReader) reader = NULL;

      g_test_message ("refill %" G_GSIZE_FORMAT " bytes into the tail", boundary);
      reader = reader_new_for_data (csv->str, csv->len, ',');
      expect_record (reader, 1, filler, NULL);
      expect_record (reader, 2, "a\"b", "l1\r\nl2", "plain", "", NULL);
      expect_record (reader, 5, "end", NULL);
      expect_record (reader, 6, "x", NULL);
      expect_record (reader, 7, "last", NULL);
      expect_end (reader);
    }
}

/* A record with a plain, a quoted and an escaped field, and the next one. */
#define FAILING_TAIL "1,\"quoted, \"\"across\"\"\",x\n2,y\n"

/* For each place in the first record of FAILING_TAIL, a stream fails (or is cancelled) just
 * when the reader needs the bytes from there on: the record must end in that error, and GLib
 * must not warn (warnings abort a test program). */
static void
sweep_failures (gboolean cancel)
{
  gsize record_end = strchr (FAILING_TAIL, '\n') - FAILING_TAIL;
  int   code = cancel ? G_IO_ERROR_CANCELLED : G_IO_ERROR_FAILED;

  for (gsize boundary = 0; boundary <= record_end; boundary++)
    {
      g_autofree char             *filler = NULL;
      g_autoptr (GString)          csv = csv_with_boundary_in (FAILING_TAIL, boundary, &filler);
      g_autoptr (GCancellable)     cancellable = g_cancellable_new ();
      g_autoptr (GInputStream)     stream = NULL;
      g_autoptr (HotlistCsvReader) reader = NULL;
      g_autoptr (GError)           error = NULL;

      g_test_message ("%s %" G_GSIZE_FORMAT " bytes into \"%s\"",
                      cancel ? "cancelled" : "read error", boundary, FAILING_TAIL);
      stream = hotlist_test_stream_new (csv->str, csv->len, G_MAXSIZE, cancel ? G_MAXSIZE : CHUNK);
      reader = hotlist_csv_reader_new (stream, ',', cancellable, &error);
      g_assert_no_error (error);
      expect_record (reader, 1, filler, NULL);
      if (cancel)
        g_cancellable_cancel (cancellable);
      g_assert_false (hotlist_csv_reader_next (reader, &error));
      g_assert_error (error, G_IO_ERROR, code);
    }
}

/* A stream that fails between records or in an unquoted field ends the reading with its error. */
static void
test_stream_read_error_outside_quotes (void)
{
  const char *tail = "12,plain\n";

  for (gsize boundary = 0; boundary < strlen (tail); boundary++)
    {
      g_autofree char             *filler = NULL;
      g_autoptr (GString)          csv = csv_with_boundary_in (tail, boundary, &filler);
      g_autoptr (GInputStream)     stream = NULL;
      g_autoptr (HotlistCsvReader) reader = NULL;
      g_autoptr (GError)           error = NULL;

      stream = hotlist_test_stream_new (csv->str, csv->len, G_MAXSIZE, CHUNK);
      reader = reader_new_for_stream (stream, ',');
      g_test_message ("read error %" G_GSIZE_FORMAT " bytes into \"%s\"", boundary, tail);
      expect_record (reader, 1, filler, NULL);
      g_assert_false (hotlist_csv_reader_next (reader, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    }
}

static void
test_stream_read_error (void)
{
  if (g_test_subprocess ())
    {
      sweep_failures (FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_stream_cancelled_midway (void)
{
  if (g_test_subprocess ())
    {
      sweep_failures (TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_file_hubspot (void)
{
  g_autofree char             *path = data_path ("hubspot-contacts-export.csv");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCsvReader) reader = hotlist_csv_reader_new_for_path (path, 0, &error);
  guint                        records = 0;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');

  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (hotlist_csv_reader_get_problem (reader));
  g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, 1);
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 16);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, "Record ID");
  g_assert_cmpuint (hotlist_csv_reader_get_field_length (reader, 0), ==, strlen ("Record ID"));
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 5), ==, "Company Name");
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 15), ==, "Last Activity Date");

  while (hotlist_csv_reader_next (reader, &error))
    {
      g_autofree char *id = NULL;
      guint64          line;

      records++;
      id = g_strdup_printf ("518732001%02u", records);
      /* Record 109 spans two lines, so the ones after it start a line later. */
      line = records + 1 + (records > 9 ? 1 : 0);

      g_assert_null (hotlist_csv_reader_get_problem (reader));
      g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 16);
      g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, line);
      g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, id);
      for (guint f = 0; f < 16; f++)
        {
          const char *field = hotlist_csv_reader_get_field (reader, f);

          g_assert_null (strchr (field, '\r'));
          g_assert_true (g_utf8_validate (field, -1, NULL));
        }

      if (records == 1)
        {
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 5), ==,
                           "Brightwater Analytics, Inc.");
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 6), ==, "VP, Revenue Operations");
        }
      else if (records == 3)
        {
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 1), ==, "Zoë");
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 4), ==, "");
        }
      else if (records == 4)
        g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 5), ==, "Kestrel \"KX\" Systems");
      else if (records == 9)
        g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 6), ==,
                         "Head of Partnerships\nEMEA & APAC");
      else if (records == 25)
        g_assert_cmpuint (line, ==, 27);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 25);
}

static void
test_file_bank_marketing (void)
{
  g_autofree char             *path = data_path ("bank-marketing.csv");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCsvReader) reader = hotlist_csv_reader_new_for_path (path, 0, &error);
  guint64                      records = 0;

  g_assert_no_error (error);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ';');
  g_assert_true (hotlist_csv_reader_next (reader, &error));
  g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 17);
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, "age");
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 7), ==, "duration");
  g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 16), ==, "y");

  while (hotlist_csv_reader_next (reader, &error))
    {
      const char *label;

      records++;
      g_assert_null (hotlist_csv_reader_get_problem (reader));
      g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, records + 1);
      g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, 17);
      label = hotlist_csv_reader_get_field (reader, 16);
      g_assert_true (g_str_equal (label, "0") || g_str_equal (label, "1"));
      if (records == 1)
        {
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 0), ==, "56");
          g_assert_cmpstr (hotlist_csv_reader_get_field (reader, 13), ==, "-36.4");
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, 41188);
}

static void
test_file_malformed (void)
{
  g_autofree char             *path = data_path ("malformed.csv");
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCsvReader) reader = hotlist_csv_reader_new_for_path (path, 0, &error);
  guint64                      line = 1;

  g_assert_no_error (error);
  g_assert_cmpint (hotlist_csv_reader_get_delimiter (reader), ==, ',');
  while (hotlist_csv_reader_next (reader, &error))
    {
      guint expected_fields = line == 4 ? 7 : line == 7 ? 5 : 6;

      g_assert_cmpuint (hotlist_csv_reader_get_line (reader), ==, line);
      g_assert_cmpuint (hotlist_csv_reader_get_n_fields (reader), ==, expected_fields);
      if (line == 9)
        {
          g_assert_nonnull (hotlist_csv_reader_get_problem (reader));
          g_assert_cmpint (hotlist_csv_reader_get_problem_field (reader), ==, 4);
          g_assert_cmpmem (hotlist_csv_reader_get_field (reader, 4),
                           hotlist_csv_reader_get_field_length (reader, 4),
                           "Quarry\xff"
                           "dale Stone",
                           strlen ("Quarry\xff"
                                   "dale Stone"));
        }
      else
        g_assert_null (hotlist_csv_reader_get_problem (reader));
      line++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 12);
}

static void
test_file_missing (void)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCsvReader) reader = NULL;

  reader = hotlist_csv_reader_new_for_path ("/nonexistent/hotlist/leads.csv", 0, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (reader);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-reader/basic/records", test_basic_records);
  g_test_add_func ("/csv-reader/basic/empty-input", test_basic_empty_input);
  g_test_add_func ("/csv-reader/quoted/delimiter", test_quoted_delimiter);
  g_test_add_func ("/csv-reader/quoted/doubled-quotes", test_quoted_doubled_quotes);
  g_test_add_func ("/csv-reader/quoted/lf", test_quoted_lf);
  g_test_add_func ("/csv-reader/quoted/crlf", test_quoted_crlf);
  g_test_add_func ("/csv-reader/quoted/inside-plain-field", test_quoted_inside_plain_field);
  g_test_add_func ("/csv-reader/line-endings/crlf", test_line_endings_crlf);
  g_test_add_func ("/csv-reader/line-endings/cr", test_line_endings_cr);
  g_test_add_func ("/csv-reader/line-endings/mixed", test_line_endings_mixed);
  g_test_add_func ("/csv-reader/bom", test_bom);
  g_test_add_func ("/csv-reader/no-final-newline", test_no_final_newline);
  g_test_add_func ("/csv-reader/blank-lines", test_blank_lines);
  g_test_add_func ("/csv-reader/empty-fields", test_empty_fields);
  g_test_add_func ("/csv-reader/trailing-empty-field", test_trailing_empty_field);
  g_test_add_func ("/csv-reader/problem/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv-reader/problem/unterminated-quote-in-header",
                   test_unterminated_quote_in_header);
  g_test_add_func ("/csv-reader/problem/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv-reader/utf8", test_utf8_kept);
  g_test_add_func ("/csv-reader/sniff/simple", test_sniff_simple);
  g_test_add_func ("/csv-reader/sniff/quoted-delimiters", test_sniff_quoted_delimiters);
  g_test_add_func ("/csv-reader/sniff/bank-marketing", test_sniff_bank_marketing);
  g_test_add_func ("/csv-reader/sniff/commas-in-header", test_sniff_commas_in_header);
  g_test_add_func ("/csv-reader/sniff/ragged", test_sniff_ragged);
  g_test_add_func ("/csv-reader/sniff/by-reader", test_sniff_by_reader);
  g_test_add_func ("/csv-reader/explicit-delimiter", test_explicit_delimiter);
  g_test_add_func ("/csv-reader/large/quoted-field", test_large_quoted_field);
  g_test_add_func ("/csv-reader/large/plain-field", test_large_plain_field);
  g_test_add_func ("/csv-reader/large/many-records", test_large_many_records);
  g_test_add_func ("/csv-reader/large/chunk-boundary", test_large_chunk_boundary);
  g_test_add_func ("/csv-reader/stream/short-reads", test_stream_short_reads);
  g_test_add_func ("/csv-reader/stream/cancelled-before", test_stream_cancelled_before);
  g_test_add_func ("/csv-reader/stream/read-error-outside-quotes",
                   test_stream_read_error_outside_quotes);
  g_test_add_func ("/csv-reader/file/hubspot", test_file_hubspot);
  g_test_add_func ("/csv-reader/file/bank-marketing", test_file_bank_marketing);
  g_test_add_func ("/csv-reader/file/malformed", test_file_malformed);
  g_test_add_func ("/csv-reader/file/missing", test_file_missing);
  /* Last, so the cases above run even while this library bug stands. */
  g_test_add_func ("/csv-reader/stream-failure/read-error", test_stream_read_error);
  g_test_add_func ("/csv-reader/stream-failure/cancelled-midway", test_stream_cancelled_midway);

  return g_test_run ();
}
