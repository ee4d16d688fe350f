/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A streaming RFC 4180 CSV reader with delimiter sniffing, for imports of any size. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hotlist-csv-reader.h"

#define CHUNK_SIZE (1 << 20)

struct _HotlistCsvReader
{
  GInputStream *stream;
  GCancellable *cancellable;
  char          delimiter;

  guint8  *buffer;
  gsize    length; /* bytes in buffer */
  gsize    pos;    /* next byte to read */
  gboolean eof;
  guint64  consumed; /* bytes before buffer[0] */

  guint64 line;        /* line number of the next byte (1-based) */
  guint64 record_line; /* line the current record starts on */

  /* The record's fields, each NUL-terminated, one after the other in data. Plain arrays
   * rather than GString/GArray: an import fills them a million times. */
  char  *data;
  gsize  data_len;
  gsize  data_cap;
  guint *offsets; /* start of each field in data */
  gsize *lengths; /* length of each field */
  guint  n_fields;
  guint  fields_cap;
  guint8 high_bits;    /* the OR of the record's bytes, a NUL as 0x80: below 0x80, it is ASCII */
  guint8 special[256]; /* the bytes that end a run of plain bytes */

  char *problem;       /* why the current record is unusable, or NULL */
  int   problem_field; /* the field the problem is in, or -1 */
};

/* Quote-aware count of @delimiter on each of the first lines of @data. */
static guint
count_consistent (const char *data, gsize length, char delimiter)
{
  guint    counts[16];
  guint    n_lines = 0;
  guint    count = 0;
  gboolean quoted = FALSE;
  gsize    i;

  for (i = 0; i < length && n_lines < G_N_ELEMENTS (counts); i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == delimiter)
        count++;
      else if (!quoted && (c == '\n' || c == '\r'))
        {
          if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
            i++;
          counts[n_lines++] = count;
          count = 0;
        }
    }
  /* A last line counts only if the sample holds all of it. */
  if (i == length && count > 0 && n_lines < G_N_ELEMENTS (counts) && length < CHUNK_SIZE)
    counts[n_lines++] = count;

  if (n_lines == 0 || counts[0] == 0)
    return 0;
  for (guint l = 1; l < n_lines; l++)
    if (counts[l] != counts[0])
      return 0;
  return counts[0];
}

/**
 * hotlist_csv_sniff_delimiter:
 * @data: the start of a file
 * @length: its length
 *
 * Picks the delimiter among comma, semicolon and tab that splits every one of the first lines
 * into the same number of fields; when none does, the one the header holds most of.
 *
 * Returns: the delimiter
 */
char
hotlist_csv_sniff_delimiter (const char *data, gsize length)
{
  static const char candidates[] = { ',', ';', '\t' };
  char              best = ',';
  guint             best_count = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint count = count_consistent (data, length, candidates[c]);
      if (count > best_count)
        {
          best = candidates[c];
          best_count = count;
        }
    }
  if (best_count > 0)
    return best;

  /* No candidate is consistent (ragged rows): count on the header line alone. */
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint count = 0;
      for (gsize i = 0; i < length && data[i] != '\n' && data[i] != '\r'; i++)
        if (data[i] == candidates[c])
          count++;
      if (count > best_count)
        {
          best = candidates[c];
          best_count = count;
        }
    }
  return best;
}

static gboolean
fill (HotlistCsvReader *self, GError **error)
{
  gssize n;

  if (self->eof)
    return TRUE;
  if (self->pos > 0)
    {
      memmove (self->buffer, self->buffer + self->pos, self->length - self->pos);
      self->consumed += self->pos;
      self->length -= self->pos;
      self->pos = 0;
    }
  n = g_input_stream_read (self->stream, self->buffer + self->length, CHUNK_SIZE - self->length,
                           self->cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    self->eof = TRUE;
  self->length += n;
  return TRUE;
}

/**
 * hotlist_csv_reader_new:
 * @stream: the CSV bytes
 * @delimiter: the field delimiter, or 0 to sniff it from the start of the stream
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a reader positioned before the first record
 */
HotlistCsvReader *
hotlist_csv_reader_new (GInputStream *stream,
                        char          delimiter,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr (HotlistCsvReader) self = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (HotlistCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->buffer = g_malloc (CHUNK_SIZE);
  self->data_cap = 1024;
  self->data = g_malloc (self->data_cap);
  self->fields_cap = 64;
  self->offsets = g_new (guint, self->fields_cap);
  self->lengths = g_new (gsize, self->fields_cap);
  self->line = 1;

  /* Read until the first chunk is full or the stream ends, for the BOM and the sniffing. */
  while (!self->eof && self->length < CHUNK_SIZE)
    if (!fill (self, error))
      return NULL;

  if (self->length >= 3 && memcmp (self->buffer, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  self->delimiter = delimiter != '\0'
                        ? delimiter
                        : hotlist_csv_sniff_delimiter ((const char *)self->buffer + self->pos,
                                                       self->length - self->pos);
  self->special[(guint8)self->delimiter] = 1;
  self->special['\n'] = 1;
  self->special['\r'] = 1;
  self->special['"'] = 1;
  self->special['\0'] = 1;
  return g_steal_pointer (&self);
}

HotlistCsvReader *
hotlist_csv_reader_new_for_path (const char *path, char delimiter, GError **error)
{
  g_autoptr (GFile)            file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  return hotlist_csv_reader_new (G_INPUT_STREAM (stream), delimiter, NULL, error);
}

void
hotlist_csv_reader_free (HotlistCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->buffer);
  g_free (self->data);
  g_free (self->offsets);
  g_free (self->lengths);
  g_free (self->problem);
  g_free (self);
}

char
hotlist_csv_reader_get_delimiter (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, ',');
  return self->delimiter;
}

static inline void
reserve (HotlistCsvReader *self, gsize more)
{
  if (G_UNLIKELY (self->data_len + more > self->data_cap))
    {
      while (self->data_len + more > self->data_cap)
        self->data_cap *= 2;
      self->data = g_realloc (self->data, self->data_cap);
    }
}

static inline void
append_byte (HotlistCsvReader *self, guint8 byte)
{
  reserve (self, 1);
  self->data[self->data_len++] = (char)byte;
  /* A NUL is not valid text either: it would cut the field short. */
  self->high_bits |= byte != 0 ? byte : 0x80;
}

static inline void
end_field (HotlistCsvReader *self, gsize start)
{
  if (G_UNLIKELY (self->n_fields == self->fields_cap))
    {
      self->fields_cap *= 2;
      self->offsets = g_renew (guint, self->offsets, self->fields_cap);
      self->lengths = g_renew (gsize, self->lengths, self->fields_cap);
    }
  self->offsets[self->n_fields] = (guint)start;
  self->lengths[self->n_fields] = self->data_len - start;
  self->n_fields++;
  reserve (self, 1);
  self->data[self->data_len++] = '\0';
}

/* Returns the next byte, or -1 at the end of the stream or on error (then *error is set);
 * @error must not be %NULL. */
static inline int
next_byte (HotlistCsvReader *self, GError **error)
{
  if (G_UNLIKELY (self->pos >= self->length))
    {
      /* After a read error, every later read ends too: the error is reported once. */
      if (*error != NULL || !fill (self, error) || self->pos >= self->length)
        return -1;
    }
  return self->buffer[self->pos++];
}

static inline int
peek_byte (HotlistCsvReader *self, GError **error)
{
  if (G_UNLIKELY (self->pos >= self->length))
    {
      /* After a read error, every later read ends too: the error is reported once. */
      if (*error != NULL || !fill (self, error) || self->pos >= self->length)
        return -1;
    }
  return self->buffer[self->pos];
}

/**
 * hotlist_csv_reader_next:
 * @self: a #HotlistCsvReader
 * @error: return location for a #GError
 *
 * Reads the next record. Quoted fields may hold delimiters, doubled quotes and line breaks;
 * lines end in LF, CRLF or CR; blank lines are skipped. A record that cannot be read as
 * intended (an unterminated quote, bytes that are not UTF-8) is still returned, with a
 * problem set, so the caller can report it and go on.
 *
 * Returns: %TRUE if a record was read; %FALSE at the end, or with @error set on a read error
 */
gboolean
hotlist_csv_reader_next (HotlistCsvReader *self, GError **error)
{
  GError  *local_error = NULL;
  guint    field_start;
  gboolean in_record = FALSE;
  int      c;

  g_return_val_if_fail (self != NULL, FALSE);

  self->data_len = 0;
  self->n_fields = 0;
  self->high_bits = 0;
  g_clear_pointer (&self->problem, g_free);
  self->problem_field = -1;

  /* Skip blank lines between records. */
  for (;;)
    {
      c = peek_byte (self, &local_error);
      if (c == '\n' || c == '\r')
        {
          self->pos++;
          if (c == '\r' && peek_byte (self, &local_error) == '\n')
            self->pos++;
          self->line++;
          continue;
        }
      break;
    }
  if (c < 0)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return FALSE;
    }

  self->record_line = self->line;
  field_start = 0;

  for (;;)
    {
      c = next_byte (self, &local_error);
      if (c < 0)
        break;
      in_record = TRUE;

      if (c == '"' && self->data_len == field_start)
        {
          guint64  quote_line = self->line;
          gboolean closed = FALSE;

          /* A quoted field: runs to the next quote that is not doubled. */
          for (;;)
            {
              c = next_byte (self, &local_error);
              if (c < 0)
                break;
              if (c == '"')
                {
                  if (peek_byte (self, &local_error) == '"')
                    {
                      self->pos++;
                      append_byte (self, '"');
                      continue;
                    }
                  closed = TRUE;
                  break;
                }
              if (c == '\n' || (c == '\r' && peek_byte (self, &local_error) != '\n'))
                self->line++;
              append_byte (self, (guint8)c);
            }
          if (!closed && local_error == NULL && self->problem == NULL)
            self->problem =
                g_strdup_printf (_ ("a quoted field that starts on line %llu is never closed"),
                                 (unsigned long long)quote_line);
          continue;
        }

      if (c == self->delimiter)
        {
          end_field (self, field_start);
          field_start = self->data_len;
          continue;
        }
      if (c == '\n' || c == '\r')
        {
          if (c == '\r' && peek_byte (self, &local_error) == '\n')
            self->pos++;
          self->line++;
          break;
        }

      /* Plain bytes: copy the run up to the next byte that means something. */
      {
        const guint8 *start = self->buffer + self->pos - 1;
        const guint8 *end = self->buffer + self->length;
        const guint8 *p = start + 1;
        guint8        bits = c != 0 ? (guint8)c : 0x80;

        while (p < end && !self->special[*p])
          bits |= *p++;
        reserve (self, p - start);
        memcpy (self->data + self->data_len, start, p - start);
        self->data_len += p - start;
        self->high_bits |= bits;
        self->pos += p - start - 1;
      }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!in_record)
    return FALSE;
  end_field (self, field_start);

  /* Fields are NUL-separated in one buffer, and a NUL fails validation: check each one, unless
   * every byte was ASCII. */
  if (self->problem == NULL && (self->high_bits & 0x80) != 0)
    for (guint i = 0; i < self->n_fields; i++)
      {
        const char *field = self->data + self->offsets[i];
        gsize       length = self->lengths[i];

        if (length > 0 && !g_utf8_validate (field, length, NULL))
          {
            self->problem = g_strdup_printf (_ ("field %u is not valid UTF-8 text"), i + 1);
            self->problem_field = (int)i;
            break;
          }
      }
  return TRUE;
}

guint
hotlist_csv_reader_get_n_fields (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_fields;
}

const char *
hotlist_csv_reader_get_field (HotlistCsvReader *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_fields, NULL);
  return self->data + self->offsets[index];
}

gsize
hotlist_csv_reader_get_field_length (HotlistCsvReader *self, guint index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_fields, 0);
  return self->lengths[index];
}

/**
 * hotlist_csv_reader_get_line:
 * @self: a #HotlistCsvReader
 *
 * Returns: the line of the file the current record starts on, counting from 1
 */
guint64
hotlist_csv_reader_get_line (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

/**
 * hotlist_csv_reader_get_problem:
 * @self: a #HotlistCsvReader
 *
 * Returns: (nullable): why the current record cannot be used as read, or %NULL
 */
const char *
hotlist_csv_reader_get_problem (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem;
}

/**
 * hotlist_csv_reader_get_problem_field:
 * @self: a #HotlistCsvReader
 *
 * Returns: the index of the field the current problem is in, or -1
 */
int
hotlist_csv_reader_get_problem_field (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->problem_field;
}

guint64
hotlist_csv_reader_get_bytes_read (HotlistCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->consumed + self->pos;
}

/**
 * hotlist_csv_append_cell:
 * @line: the line being written
 * @value: (nullable): the cell's text; %NULL for an empty cell
 *
 * Appends one comma-separated CSV cell, quoted (RFC 4180) when it holds a delimiter this reader
 * could sniff, a quote, a line break, or spaces at either end that a reader might trim.
 */
void
hotlist_csv_append_cell (GString *line, const char *value)
{
  gboolean quote;

  if (value == NULL)
    return;
  quote = strpbrk (value, ",\"\r\n;\t") != NULL || value[0] == ' '
          || (value[0] != '\0' && value[strlen (value) - 1] == ' ');
  if (!quote)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}
