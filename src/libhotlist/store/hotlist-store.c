/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite connection of a workspace: opening, migrations, transactions and statement cache. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hotlist-store-private.h"

G_DEFINE_TYPE (HotlistStore, hotlist_store, G_TYPE_OBJECT)

enum
{
  SIGNAL_LEADS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* clang-format off */
G_DEFINE_QUARK (hotlist-store-error-quark, hotlist_store_error)
/* clang-format on */

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

void
hotlist_store_set_error (HotlistStore *self, GError **error, const char *what)
{
  int               code = sqlite3_extended_errcode (self->db) & 0xff;
  HotlistStoreError domain_code;

  switch (code)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      domain_code = HOTLIST_STORE_ERROR_BUSY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      domain_code = HOTLIST_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      domain_code = HOTLIST_STORE_ERROR_INVALID;
      break;
    default:
      domain_code = HOTLIST_STORE_ERROR_QUERY;
      break;
    }
  g_set_error (error, HOTLIST_STORE_ERROR, domain_code, "%s: %s", what, sqlite3_errmsg (self->db));
}

sqlite3 *
hotlist_store_get_db (HotlistStore *self)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  return self->db;
}

/*
 * Statements are cached by the address of their SQL text: callers pass string literals, whose
 * address is fixed, so looking one up costs no hashing of the text. A statement
 * is handed out reset and with its bindings cleared.
 */
sqlite3_stmt *
hotlist_store_prepare (HotlistStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      hotlist_store_set_error (self, error, _ ("Could not prepare a query"));
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

gboolean
hotlist_store_exec (HotlistStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_QUERY, "%s",
                   message != NULL ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
hotlist_store_step_done (HotlistStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      hotlist_store_set_error (self, error, _ ("Could not write to the workspace"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
hotlist_store_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

const char *
hotlist_store_column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static gboolean
read_user_version (HotlistStore *self, guint *version, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    {
      hotlist_store_set_error (self, error, _ ("Could not read the workspace"));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      hotlist_store_set_error (self, error, _ ("Could not read the workspace"));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *version = (guint)sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/*
 * Migrations run in one transaction, so a file is either at its old version or fully at the new
 * one; user_version is written inside the same transaction. @current was read, and checked not
 * to be newer than this version knows, before the file was touched.
 */
static gboolean
migrate (HotlistStore *self, guint current, GError **error)
{
  const HotlistMigration *migrations;
  guint                   n_migrations;
  guint                   latest = hotlist_schema_get_version ();
  g_autofree char        *set_version = NULL;

  g_assert (current <= latest);
  if (current == latest)
    {
      self->schema_version = current;
      return TRUE;
    }

  if (!hotlist_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  migrations = hotlist_schema_get_migrations (&n_migrations);
  for (guint i = 0; i < n_migrations; i++)
    {
      if (migrations[i].version <= current)
        continue;
      if (!hotlist_store_exec (self, migrations[i].sql, error))
        {
          g_prefix_error (error, _ ("Could not upgrade the workspace to schema %u: "),
                          migrations[i].version);
          hotlist_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %u", latest);
  if (!hotlist_store_exec (self, set_version, error) || !hotlist_store_exec (self, "COMMIT", error))
    {
      hotlist_store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  self->schema_version = latest;
  return TRUE;
}

static void
hotlist_store_finalize (GObject *object)
{
  HotlistStore *self = (HotlistStore *)object;

  if (self->rescore_destroy != NULL)
    self->rescore_destroy (self->rescore_data);
  self->rescore_destroy = NULL;
  g_clear_pointer (&self->changed_leads, g_hash_table_unref);
  g_clear_pointer (&self->rescored, g_array_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* A clean close checkpoints the WAL into the main file. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (hotlist_store_parent_class)->finalize (object);
}

static void
hotlist_store_class_init (HotlistStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hotlist_store_finalize;

  /**
   * HotlistStore::leads-changed:
   * @self: the store
   * @leads: (array length=n_leads): the ids of the leads written and rescored, ascending
   * @n_leads: how many
   *
   * Emitted after a transaction that wrote leads committed, once they were rescored: what a
   * view of the leads needs to update those rows in place. Writes made through another
   * connection to the same file (a background task) are not seen here.
   */
  signals[SIGNAL_LEADS_CHANGED] =
      g_signal_new ("leads-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
}

static void
hotlist_store_init (HotlistStore *self)
{
  self->statements =
      g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  self->changed_leads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * hotlist_store_set_rescore_func:
 * @self: a #HotlistStore
 * @func: (nullable): the function that rescores changed leads, or %NULL
 * @user_data: closure data for @func
 * @destroy: frees @user_data
 *
 * Sets the function that rescores the leads a transaction changed, before it commits.
 */
void
hotlist_store_set_rescore_func (HotlistStore           *self,
                                HotlistStoreRescoreFunc func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (HOTLIST_IS_STORE (self));

  if (self->rescore_destroy != NULL)
    self->rescore_destroy (self->rescore_data);
  self->rescore_func = func;
  self->rescore_data = user_data;
  self->rescore_destroy = destroy;
}

/* Records that a lead's data changed in the open transaction (or in a write of its own). */
void
hotlist_store_mark_changed (HotlistStore *self, gint64 lead)
{
  if (self->rescore_func == NULL || self->in_rescore)
    return;
  if (!g_hash_table_contains (self->changed_leads, &lead))
    g_hash_table_add (self->changed_leads, g_memdup2 (&lead, sizeof lead));
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* Rescores what the transaction changed; called before its outermost commit. */
static gboolean
rescore_changed (HotlistStore *self, GError **error)
{
  g_autoptr (GArray) ids = NULL;
  GHashTableIter     iter;
  gpointer           key;
  gboolean           ok;

  if (self->rescore_func == NULL || g_hash_table_size (self->changed_leads) == 0)
    return TRUE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->changed_leads));
  g_hash_table_iter_init (&iter, self->changed_leads);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *)key);
  g_hash_table_remove_all (self->changed_leads);
  g_array_sort (ids, compare_ids);
  self->in_rescore = TRUE;
  ok = self->rescore_func (self, (const gint64 *)(gpointer)ids->data, ids->len, self->rescore_data,
                           error);
  self->in_rescore = FALSE;
  if (ok)
    {
      g_clear_pointer (&self->rescored, g_array_unref);
      self->rescored = g_steal_pointer (&ids);
    }
  return ok;
}

/**
 * hotlist_store_open:
 * @path: the database file; created with its parent folders when missing
 * @error: return location for a #GError
 *
 * Opens a workspace database in WAL mode with foreign keys on, and brings its schema up to
 * date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
HotlistStore *
hotlist_store_open (const char *path, GError **error)
{
  static gsize             sqlite_configured;
  g_autoptr (HotlistStore) self = NULL;
  g_autofree char         *dir = NULL;
  int                      rc;
  guint                    version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Memory statistics cost a lock on every allocation and nothing here reads them. */
  if (g_once_init_enter (&sqlite_configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&sqlite_configured, 1);
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_OPEN,
                   _ ("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (HOTLIST_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_OPEN,
                   _ ("Could not open the workspace “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Before anything writes to the file: is it a database, and one this version can read? A
   * file from a newer Hotlist is left exactly as it is. */
  if (!read_user_version (self, &version, error))
    {
      g_prefix_error (error, _ ("Could not open the workspace “%s”: "), path);
      return NULL;
    }
  if (version > hotlist_schema_get_version ())
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NEWER_SCHEMA,
                   _ ("The workspace “%s” was written by a newer version of Hotlist (schema %u, "
                      "this version knows %u). Update Hotlist to open it."),
                   path, version, hotlist_schema_get_version ());
      return NULL;
    }

  /* The page size applies only to a new file (it is fixed once the file is in WAL mode); lead
   * rows are wide, and 8 KiB pages made bulk imports faster than the default 4 KiB. */
  if (!hotlist_store_exec (self,
                           "PRAGMA page_size = 8192;"
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA cache_size = -65536;"
                           "PRAGMA temp_store = MEMORY;",
                           error))
    {
      g_prefix_error (error, _ ("Could not open the workspace “%s”: "), path);
      if (error != NULL && *error != NULL && (*error)->domain == HOTLIST_STORE_ERROR)
        (*error)->code = sqlite3_errcode (self->db) == SQLITE_NOTADB ? HOTLIST_STORE_ERROR_CORRUPT
                                                                     : HOTLIST_STORE_ERROR_OPEN;
      return NULL;
    }

  if (!migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
hotlist_store_get_path (HotlistStore *self)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  return self->path;
}

guint
hotlist_store_get_schema_version (HotlistStore *self)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), 0);
  return self->schema_version;
}

guint
hotlist_store_get_latest_version (void)
{
  return hotlist_schema_get_version ();
}

/**
 * hotlist_store_begin:
 * @self: a #HotlistStore
 * @error: return location for a #GError
 *
 * Starts a write transaction. Transactions nest: only the outermost commit writes, and a
 * rollback at any depth undoes the whole transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_store_begin (HotlistStore *self, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);

  if (self->transaction_depth == 0)
    {
      if (!hotlist_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      g_hash_table_remove_all (self->changed_leads);
    }
  self->transaction_depth++;
  return TRUE;
}

/**
 * hotlist_store_set_defer_explanations:
 * @self: a #HotlistStore
 * @defer: whether leads written from now on get their score only
 *
 * Leads are rescored in the transaction that writes them, with the contributions that explain
 * their score. A writer of many small transactions (a sync, page by page) can ask for the score
 * alone: the explanation of a lead is then computed when it is first shown.
 */
void
hotlist_store_set_defer_explanations (HotlistStore *self, gboolean defer)
{
  g_return_if_fail (HOTLIST_IS_STORE (self));
  self->defer_explanations = defer;
}

gboolean
hotlist_store_get_defer_explanations (HotlistStore *self)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  return self->defer_explanations;
}

gboolean
hotlist_store_commit (HotlistStore *self, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth > 1)
    {
      self->transaction_depth--;
      return TRUE;
    }
  if (!rescore_changed (self, error))
    {
      hotlist_store_rollback (self);
      return FALSE;
    }
  if (!hotlist_store_exec (self, "COMMIT", error))
    {
      g_clear_pointer (&self->rescored, g_array_unref);
      return FALSE;
    }
  self->transaction_depth = 0;
  if (self->rescored != NULL)
    {
      g_autoptr (GArray) ids = g_steal_pointer (&self->rescored);

      g_signal_emit (self, signals[SIGNAL_LEADS_CHANGED], 0, ids->data, ids->len);
    }
  return TRUE;
}

void
hotlist_store_rollback (HotlistStore *self)
{
  g_return_if_fail (HOTLIST_IS_STORE (self));

  if (self->transaction_depth == 0)
    return;
  self->transaction_depth = 0;
  g_hash_table_remove_all (self->changed_leads);
  g_clear_pointer (&self->rescored, g_array_unref);
  if (!sqlite3_get_autocommit (self->db))
    hotlist_store_exec (self, "ROLLBACK", NULL);
}

gboolean
hotlist_store_in_transaction (HotlistStore *self)
{
  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  return self->transaction_depth > 0;
}

/**
 * hotlist_store_check_integrity:
 * @self: a #HotlistStore
 * @error: return location for a #GError
 *
 * Runs SQLite's integrity and foreign-key checks.
 *
 * Returns: %TRUE if the database is consistent
 */
gboolean
hotlist_store_check_integrity (HotlistStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  const char   *result;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);

  stmt = hotlist_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      hotlist_store_set_error (self, error, _ ("Could not check the workspace"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  result = hotlist_store_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_CORRUPT,
                   _ ("The workspace is damaged: %s"), result);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  stmt = hotlist_store_prepare (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_CORRUPT,
                   _ ("The workspace has a dangling reference in table “%s”"),
                   hotlist_store_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

char *
hotlist_store_get_meta (HotlistStore *self, const char *key)
{
  sqlite3_stmt *stmt;
  char         *value = NULL;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = hotlist_store_prepare (self, "SELECT value FROM workspace_meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (hotlist_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
hotlist_store_set_meta (HotlistStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = hotlist_store_prepare (self,
                                "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  hotlist_store_bind_text (stmt, 2, value);
  return hotlist_store_step_done (self, stmt, error);
}

/**
 * hotlist_store_set_cache_size:
 * @self: a #HotlistStore
 * @kib: the most memory, in KiB, this connection keeps of the database's pages
 *
 * A connection that only reads the leads once through (a list's loader) needs little cache;
 * the default suits the connection that scores and writes.
 */
void
hotlist_store_set_cache_size (HotlistStore *self, guint kib)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (HOTLIST_IS_STORE (self));

  sql = g_strdup_printf ("PRAGMA cache_size = -%u", MAX (kib, 64));
  hotlist_store_exec (self, sql, NULL);
}
