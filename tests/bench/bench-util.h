/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers the benchmarks share: numbers with thousands separators, removing a scratch
 * folder. */
#pragma once

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* "1234567" → "1,234,567" (free with g_free()). */
static inline char *
bench_format_count (guint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GString         *out = g_string_new (NULL);
  gsize            len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* Removes @path and everything under it (not following symbolic links); says what it could not
 * remove and goes on. */
static inline void
bench_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char      *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          bench_remove_tree (child);
        else if (g_remove (child) != 0)
          g_printerr ("%s: could not remove %s: %s\n", g_get_prgname (), child, g_strerror (errno));
      }
  if (g_rmdir (path) != 0)
    g_printerr ("%s: could not remove %s: %s\n", g_get_prgname (), path, g_strerror (errno));
}
