/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Temporary folders for tests, and running each test case in a process of its own. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Every folder a test makes lives under this one, which the top-level process removes at the
 * end, even after a test case that failed and aborted. */
static char *test_root;

static inline void
remove_tree (const char *path)
{
  GDir       *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* Makes the test root (shared with the child processes of run_isolated() through the
 * environment), before g_test_init(). */
static inline void
test_root_init (const char *program)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = NULL;

  if (g_getenv ("HOTLIST_TEST_ROOT") != NULL)
    {
      test_root = g_strdup (g_getenv ("HOTLIST_TEST_ROOT"));
      return;
    }
  template = g_strdup_printf ("hotlist-%s-XXXXXX", program);
  test_root = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  g_setenv ("HOTLIST_TEST_ROOT", test_root, TRUE);
}

/* Removes the test root in the process that made it; returns @status. */
static inline int
test_root_finish (int status)
{
  if (!g_test_subprocess ())
    remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);
  return status;
}

/* A fresh folder for one test, removed with everything in it when the test ends. */
typedef struct
{
  char *path;
} TestDir;

static inline TestDir *
test_dir_new (void)
{
  TestDir *dir = g_new0 (TestDir, 1);

  dir->path = g_build_filename (test_root, "test-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (dir->path));
  return dir;
}

static inline void
test_dir_free (TestDir *dir)
{
  remove_tree (dir->path);
  g_free (dir->path);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, test_dir_free)

static inline char *
test_dir_file (TestDir *dir, const char *name)
{
  return g_build_filename (dir->path, name, NULL);
}

/*
 * Each case runs in a child process: a case that fails aborts only its own child, and the cases
 * after it still run and report.
 */
static inline void
run_isolated (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      ((GTestFunc)data) ();
      return;
    }
  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static inline void
add_test (const char *path, GTestFunc func)
{
  g_test_add_data_func (path, func, run_isolated);
}
