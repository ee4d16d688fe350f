/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One workspace: a database file of leads, and the entry point the app, CLI and server share. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "hotlist-workspace.h"

struct _HotlistWorkspace
{
  GObject parent_instance;

  HotlistStore  *store;
  HotlistScorer *scorer;
};

enum
{
  PROP_0,
  PROP_PATH,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (HotlistWorkspace, hotlist_workspace, G_TYPE_OBJECT)

static void
hotlist_workspace_dispose (GObject *object)
{
  HotlistWorkspace *self = (HotlistWorkspace *)object;

  g_clear_object (&self->scorer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hotlist_workspace_parent_class)->dispose (object);
}

static void
hotlist_workspace_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistWorkspace *self = HOTLIST_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, hotlist_workspace_get_path (self));
      break;
    case PROP_NAME:
      g_value_take_string (value, hotlist_workspace_dup_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_workspace_class_init (HotlistWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hotlist_workspace_dispose;
  object_class->get_property = hotlist_workspace_get_property;

  properties[PROP_PATH] =
      g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hotlist_workspace_init (HotlistWorkspace *self)
{
}

/**
 * hotlist_workspace_open:
 * @path: the workspace's database file, created when missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the workspace, or %NULL with @error set
 */
HotlistWorkspace *
hotlist_workspace_open (const char *path, GError **error)
{
  g_autoptr (HotlistWorkspace) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HOTLIST_TYPE_WORKSPACE, NULL);
  self->store = hotlist_store_open (path, error);
  if (self->store == NULL)
    return NULL;
  /* From here on every write to a lead rescores it in the same transaction. */
  self->scorer = hotlist_scorer_new (self->store, error);
  if (self->scorer == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
hotlist_workspace_get_path (HotlistWorkspace *self)
{
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (self), NULL);
  return hotlist_store_get_path (self->store);
}

/**
 * hotlist_workspace_get_scorer:
 * @self: a #HotlistWorkspace
 *
 * Returns: (transfer none): the workspace's scorer
 */
HotlistScorer *
hotlist_workspace_get_scorer (HotlistWorkspace *self)
{
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (self), NULL);
  return self->scorer;
}

/**
 * hotlist_workspace_get_store:
 * @self: a #HotlistWorkspace
 *
 * Returns: (transfer none): the workspace's store
 */
HotlistStore *
hotlist_workspace_get_store (HotlistWorkspace *self)
{
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (self), NULL);
  return self->store;
}

static char *
name_from_path (const char *path)
{
  char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, HOTLIST_WORKSPACE_SUFFIX))
    base[strlen (base) - strlen (HOTLIST_WORKSPACE_SUFFIX)] = '\0';
  return base;
}

/**
 * hotlist_workspace_dup_name:
 * @self: a #HotlistWorkspace
 *
 * Returns: (transfer full): the name the user gave the workspace, or its file name
 */
char *
hotlist_workspace_dup_name (HotlistWorkspace *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (self), NULL);

  name = hotlist_store_get_meta (self->store, "name");
  if (name != NULL && *name != '\0')
    return g_steal_pointer (&name);
  return name_from_path (hotlist_workspace_get_path (self));
}

/**
 * hotlist_workspace_peek_name:
 * @path: a workspace file
 *
 * Reads a workspace's name without opening it as a workspace (no migration, no model): for
 * listing the workspaces in a menu.
 *
 * Returns: (transfer full): the name the user gave it, or its file name
 */
char *
hotlist_workspace_peek_name (const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char         *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT value FROM workspace_meta WHERE key = 'name'", -1, &stmt,
                             NULL)
             == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL
      && *sqlite3_column_text (stmt, 0) != '\0')
    name = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return name != NULL ? name : name_from_path (path);
}

gboolean
hotlist_workspace_set_name (HotlistWorkspace *self, const char *name, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!hotlist_store_set_meta (self->store, "name", name, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return TRUE;
}

/**
 * hotlist_workspace_get_default_dir:
 *
 * Returns: (transfer full): the folder workspaces live in, `$XDG_DATA_HOME/hotlist`
 */
char *
hotlist_workspace_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "hotlist", NULL);
}

/**
 * hotlist_workspace_get_default_path:
 *
 * Returns: (transfer full): the workspace opened when none is named
 */
char *
hotlist_workspace_get_default_path (void)
{
  return hotlist_workspace_path_for_name ("default");
}

/**
 * hotlist_workspace_path_for_name:
 * @name: a workspace name ("Acme Corp")
 *
 * Returns: (transfer full): where a workspace of that name is kept by default
 */
char *
hotlist_workspace_path_for_name (const char *name)
{
  g_autofree char    *dir = hotlist_workspace_get_default_dir ();
  g_autoptr (GString) file = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (file, g_ascii_tolower (*p));
      else if (file->len > 0 && file->str[file->len - 1] != '-')
        g_string_append_c (file, '-');
    }
  while (file->len > 0 && file->str[file->len - 1] == '-')
    g_string_truncate (file, file->len - 1);
  if (file->len == 0)
    g_string_append (file, "workspace");
  g_string_append (file, HOTLIST_WORKSPACE_SUFFIX);
  return g_build_filename (dir, file->str, NULL);
}
