/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for tests that run hotlist-cli as its own process, as scripts do. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status; /* exit status, or -1 if the process did not exit normally */
  char *out;
  char *err;
} HotlistCliResult;

static inline void
hotlist_cli_result_free (HotlistCliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistCliResult, hotlist_cli_result_free)

/* Runs $HOTLIST_CLI with the NULL-terminated arguments and waits for it. */
static inline HotlistCliResult *
hotlist_cli_run (const char *first_arg, ...)
{
  g_autoptr (GPtrArray)   args = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError)      error = NULL;
  HotlistCliResult       *result = g_new0 (HotlistCliResult, 1);
  const char             *cli = g_getenv ("HOTLIST_CLI");
  va_list                 ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer)cli);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process =
      g_subprocess_newv ((const char *const *)args->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status =
      g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return result;
}

G_END_DECLS
