/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Engine-internal access to the store: the SQLite handle, cached statements and migrations. */
#pragma once

#include <sqlite3.h>

#include "hotlist-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint       version;
  const char *sql;
} HotlistMigration;

struct _HotlistStore
{
  GObject parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements; /* SQL text (static) → sqlite3_stmt */
  guint       schema_version;
  guint       transaction_depth;

  /* Leads written in the open transaction, rescored by @rescore_func before it commits. */
  GHashTable             *changed_leads; /* gint64 id → id */
  HotlistStoreRescoreFunc rescore_func;
  gpointer                rescore_data;
  GDestroyNotify          rescore_destroy;
  gboolean                in_rescore;
  GArray                 *rescored; /* gint64 ids rescored before the pending COMMIT */
  gboolean                defer_explanations;
};

const HotlistMigration *hotlist_schema_get_migrations (guint *n_migrations);
guint                   hotlist_schema_get_version (void);

sqlite3      *hotlist_store_get_db (HotlistStore *self);
sqlite3_stmt *hotlist_store_prepare (HotlistStore *self, const char *sql, GError **error);
gboolean      hotlist_store_exec (HotlistStore *self, const char *sql, GError **error);
gboolean      hotlist_store_step_done (HotlistStore *self, sqlite3_stmt *stmt, GError **error);
void          hotlist_store_set_error (HotlistStore *self, GError **error, const char *what);
void          hotlist_store_bind_text (sqlite3_stmt *stmt, int index, const char *text);
const char   *hotlist_store_column_text (sqlite3_stmt *stmt, int column);
void          hotlist_store_mark_changed (HotlistStore *self, gint64 lead);

G_END_DECLS
