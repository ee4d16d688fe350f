/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Syncs a workspace's connected accounts in the background, every few minutes (GSettings). */
#include "config.h"

#include <glib/gi18n.h>

#include "hotlist-sync-scheduler.h"

struct _HotlistSyncScheduler
{
  GObject parent_instance;

  GSettings    *settings; /* nullable: no schedule without settings */
  char         *path;     /* the workspace file */
  guint         timeout_id;
  GCancellable *cancellable; /* of the sync running now, or NULL */
};

G_DEFINE_FINAL_TYPE (HotlistSyncScheduler, hotlist_sync_scheduler, G_TYPE_OBJECT)

enum
{
  SIGNAL_SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *path;
  guint n_synced;
  guint n_changed;
  char *first_error;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->first_error);
  g_free (job);
}

/* Every account of the workspace, one after the other, on a connection of this thread's own. */
static void
sync_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job                         *job = task_data;
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GPtrArray)        accounts = NULL;
  g_autoptr (GError)           error = NULL;

  workspace = hotlist_workspace_open (job->path, &error);
  if (workspace != NULL)
    accounts = hotlist_accounts_list (hotlist_workspace_get_store (workspace), &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < accounts->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      HotlistAccount    *account = g_ptr_array_index (accounts, i);
      HotlistSyncStats   stats;
      g_autoptr (GError) sync_error = NULL;

      /* Accounts that need signing in again wait for the user; retrying would only fail. */
      if (g_strcmp0 (account->state, "signed-out") == 0)
        continue;
      if (!hotlist_sync_run (hotlist_workspace_get_store (workspace), account->service,
                             account->account, FALSE, NULL, NULL, &stats, cancellable, &sync_error)
          && job->first_error == NULL
          && !g_error_matches (sync_error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_BUSY)
          && !g_error_matches (sync_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        job->first_error = g_strdup (sync_error->message);
      job->n_synced++;
      job->n_changed += stats.created + stats.updated;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sync_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  HotlistSyncScheduler *self = HOTLIST_SYNC_SCHEDULER (object);
  Job                  *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError)    error = NULL;

  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Scheduled sync: %s", error->message);
      return;
    }
  if (job->first_error != NULL)
    g_message ("Scheduled sync: %s", job->first_error);
  if (job->n_synced > 0)
    g_signal_emit (self, signals[SIGNAL_SYNCED], 0, job->n_changed, job->first_error);
}

/**
 * hotlist_sync_scheduler_run_now:
 * @self: a scheduler
 *
 * Syncs every connected account of the workspace in a thread, unless a sync is running already.
 *
 * Returns: %TRUE if a sync was started
 */
gboolean
hotlist_sync_scheduler_run_now (HotlistSyncScheduler *self)
{
  g_autoptr (GTask) task = NULL;
  Job              *job;

  g_return_val_if_fail (HOTLIST_IS_SYNC_SCHEDULER (self), FALSE);

  if (self->path == NULL || self->cancellable != NULL)
    return FALSE;
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->path = g_strdup (self->path);
  task = g_task_new (self, self->cancellable, sync_done_cb, NULL);
  g_task_set_source_tag (task, hotlist_sync_scheduler_run_now);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, sync_thread);
  return TRUE;
}

gboolean
hotlist_sync_scheduler_is_running (HotlistSyncScheduler *self)
{
  g_return_val_if_fail (HOTLIST_IS_SYNC_SCHEDULER (self), FALSE);
  return self->cancellable != NULL;
}

static gboolean
tick_cb (gpointer user_data)
{
  hotlist_sync_scheduler_run_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
reschedule (HotlistSyncScheduler *self)
{
  guint minutes =
      self->settings != NULL ? g_settings_get_uint (self->settings, "sync-interval-minutes") : 0;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (minutes > 0 && self->path != NULL)
    self->timeout_id = g_timeout_add_seconds (minutes * 60, tick_cb, self);
}

static void
interval_changed_cb (GSettings *settings, const char *key, gpointer user_data)
{
  reschedule (user_data);
}

/**
 * hotlist_sync_scheduler_set_workspace:
 * @self: a scheduler
 * @path: (nullable): the workspace file whose accounts to sync, or %NULL for none
 *
 * Stops a sync of the previous workspace and restarts the schedule.
 */
void
hotlist_sync_scheduler_set_workspace (HotlistSyncScheduler *self, const char *path)
{
  g_return_if_fail (HOTLIST_IS_SYNC_SCHEDULER (self));

  if (g_strcmp0 (path, self->path) == 0)
    return;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_free (self->path);
  self->path = g_strdup (path);
  reschedule (self);
}

static void
hotlist_sync_scheduler_dispose (GObject *object)
{
  HotlistSyncScheduler *self = HOTLIST_SYNC_SCHEDULER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (hotlist_sync_scheduler_parent_class)->dispose (object);
}

static void
hotlist_sync_scheduler_finalize (GObject *object)
{
  HotlistSyncScheduler *self = HOTLIST_SYNC_SCHEDULER (object);

  g_free (self->path);
  G_OBJECT_CLASS (hotlist_sync_scheduler_parent_class)->finalize (object);
}

static void
hotlist_sync_scheduler_class_init (HotlistSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hotlist_sync_scheduler_dispose;
  object_class->finalize = hotlist_sync_scheduler_finalize;

  /**
   * HotlistSyncScheduler::synced:
   * @n_changed: leads created or updated
   * @error: (nullable): the first account's error, in plain words
   *
   * Emitted on the main thread after a background sync committed, so views can reload.
   */
  signals[SIGNAL_SYNCED] =
      g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
hotlist_sync_scheduler_init (HotlistSyncScheduler *self)
{
}

/**
 * hotlist_sync_scheduler_new:
 * @settings: (nullable): the app's settings (`sync-interval-minutes`)
 *
 * Returns: (transfer full): a scheduler with no workspace yet
 */
HotlistSyncScheduler *
hotlist_sync_scheduler_new (GSettings *settings)
{
  HotlistSyncScheduler *self = g_object_new (HOTLIST_TYPE_SYNC_SCHEDULER, NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (settings, "changed::sync-interval-minutes",
                        G_CALLBACK (interval_changed_cb), self);
    }
  return self;
}
