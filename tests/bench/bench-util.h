/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers the benchmarks share: numbers with thousands separators, removing a scratch
 * folder, what machine they ran on. */
#pragma once

#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <unistd.h>
#include <math.h>
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

static inline double bench_load_average (void);

/* A progress line on standard error, "PROGRAM: text (load 1.23)", so that a slow phase can be
 * told from a busy machine. */
static inline void bench_say (const char *format, ...) G_GNUC_PRINTF (1, 2);

static inline void
bench_say (const char *format, ...)
{
  va_list          args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: %s (load %.2f)\n", g_get_prgname (), text, bench_load_average ());
}

/* The processor's model name, from /proc/cpuinfo (free with g_free()). */
static inline char *
bench_cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv)   lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }
  return g_strdup ("unknown");
}

/* The machine's memory, "23.6 GiB" (free with g_free()). */
static inline char *
bench_memory_total (void)
{
  g_autofree char *text = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL)
      || (line = strstr (text, "MemTotal:")) == NULL)
    return g_strdup ("unknown");
  return g_strdup_printf ("%.1f GiB", g_ascii_strtod (line + 9, NULL) / (1024.0 * 1024.0));
}

/* The one-minute load average, or NAN. */
static inline double
bench_load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return NAN;
  return g_ascii_strtod (text, NULL);
}

/*
 * Removing a benchmark's scratch files when it is stopped (SIGINT, SIGTERM): the handler may
 * only unlink and rmdir, so the paths are built beforehand.
 */
#define BENCH_MAX_SCRATCH_FILES 8

static char *volatile bench_scratch_paths[BENCH_MAX_SCRATCH_FILES + 1]; /* files, then the folder */

static inline void
bench_scratch_on_signal (int signum)
{
  for (guint i = 0; i < BENCH_MAX_SCRATCH_FILES; i++)
    if (bench_scratch_paths[i] != NULL)
      unlink (bench_scratch_paths[i]);
  if (bench_scratch_paths[BENCH_MAX_SCRATCH_FILES] != NULL)
    rmdir (bench_scratch_paths[BENCH_MAX_SCRATCH_FILES]);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* The files in @tmpdir a stopped run removes, and @tmpdir after them; @tmpdir %NULL forgets. */
static inline void
bench_scratch_set (const char *tmpdir, const char *const *files, guint n_files)
{
  g_assert (n_files <= BENCH_MAX_SCRATCH_FILES);
  for (guint i = 0; i < G_N_ELEMENTS (bench_scratch_paths); i++)
    {
      char *path = bench_scratch_paths[i];

      bench_scratch_paths[i] = NULL;
      g_free (path);
    }
  if (tmpdir == NULL)
    return;
  for (guint i = 0; i < n_files; i++)
    bench_scratch_paths[i] = g_build_filename (tmpdir, files[i], NULL);
  bench_scratch_paths[BENCH_MAX_SCRATCH_FILES] = g_strdup (tmpdir);
}

static inline void
bench_scratch_install_handlers (void)
{
  signal (SIGTERM, bench_scratch_on_signal);
  signal (SIGINT, bench_scratch_on_signal);
}
