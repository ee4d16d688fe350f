/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts: the CRM and outreach services a workspace is connected to, and their syncs. */

#include "config.h"

#include <glib/gi18n.h>

#include "hotlist-accounts-window.h"
#include "hotlist-application.h"

/* How often the accounts are read again (a sync in the background or from the command line
 * changes them) and "Last synced 5 minutes ago" is brought up to date. */
#define REFRESH_SECONDS 10
/* How often the progress bars of running syncs move; a sync does not know its total. */
#define PULSE_MS 150

/* The choices of Sync Automatically, in minutes (0: off), and their names. */
/* clang-format off */
static const guint interval_minutes[] = { 0, 5, 15, 30, 60, 240, 1440 };
static const char *const interval_labels[] = {
  N_ ("Off"), N_ ("Every 5 minutes"), N_ ("Every 15 minutes"), N_ ("Every 30 minutes"),
  N_ ("Every hour"), N_ ("Every 4 hours"), N_ ("Once a day"),
};
/* clang-format on */
G_STATIC_ASSERT (G_N_ELEMENTS (interval_minutes) == G_N_ELEMENTS (interval_labels));

/* One sync in a thread of its own, on its own workspace. Shared by the window's table of running
 * syncs, the task and the progress updates on their way to the main thread. It holds a
 * reference to the window, so that its callbacks never run on a finalized window. */
typedef struct
{
  HotlistAccountsWindow *self;
  char                  *service;
  char                  *account;
  char                  *key;
  char                  *path;
  GCancellable          *cancellable;
  GMutex                 lock;
  HotlistSyncStats       stats;            /* under @lock */
  gboolean               progress_pending; /* under @lock */
  gboolean               remove_after;     /* disconnect once the sync has stopped */
} SyncJob;

/* Credentials on their way to the keyring and the workspace. */
typedef struct
{
  HotlistAccountsWindow *self;
  GtkWindow             *dialog; /* the Connect dialog they came from, or NULL */
  HotlistCredentials    *credentials;
  char                  *base_url;
} ConnectRequest;

/* An account being disconnected in a thread. */
typedef struct
{
  HotlistAccountsWindow *self;
  char                  *service;
  char                  *account;
  char                  *path;
} RemoveJob;

/* The widgets of one connected account, and what they show. */
typedef struct
{
  char           *service;
  char           *account;
  char           *key;
  char           *state;
  char           *last_sync_text;
  char           *error_text;
  gint64          last_sync_at;
  AdwActionRow   *row;
  GtkButton      *sync_button;
  GtkButton      *disconnect_button;
  GtkWidget      *progress_row;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkButton      *cancel_button;
  AdwActionRow   *error_row;
} AccountView;

/* The Connect dialog of one service; it lives as long as its window object. */
typedef struct
{
  HotlistAccountsWindow     *self; /* the window destroys the dialog when it is disposed */
  const HotlistProviderInfo *info;
  GtkWindow                 *window;
  GCancellable              *cancellable;
  HotlistOAuthFlow          *flow;
  gboolean                   closed;
  AdwActionRow              *sign_in_row;
  GtkButton                 *sign_in_button;
  AdwPasswordEntryRow       *token_row;
  GtkButton                 *token_button;
  AdwEntryRow               *base_url_row;
  AdwEntryRow               *account_row;
  AdwPreferencesGroup       *error_group;
  AdwActionRow              *error_row;
} ConnectDialog;

struct _HotlistAccountsWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *services_group;
  AdwPreferencesGroup *schedule_group;
  AdwComboRow         *interval_row;
  GtkStringList       *interval_names;

  HotlistWorkspace *workspace;
  GSettings        *settings;
  gboolean          disposed;
  gboolean          updating;

  GPtrArray    *service_widgets; /* the rows in services_group */
  GHashTable   *service_rows;    /* service → its row (owned by the group) */
  GHashTable   *views;           /* key → AccountView */
  GHashTable   *jobs;            /* key → SyncJob, the running syncs */
  GHashTable   *failures;        /* key → what the last sync here failed with */
  GHashTable   *cancelled;       /* keys whose last sync here was cancelled */
  GCancellable *cancellable;     /* the window's own work: keyring writes */
  GtkWindow    *connect_dialog;
  guint         n_syncing; /* sync threads still running, also after the window closed */
  guint         n_connecting;
  guint         n_removing;
  guint         refresh_id;
  guint         pulse_id;
  char         *shown; /* the accounts as last read, to tell when they changed */

  /* Opens the sign-in page; NULL for the flow's own (the system browser). */
  HotlistOAuthLauncher launcher;
  gpointer             launcher_data;
  GDestroyNotify       launcher_destroy;
};

G_DEFINE_FINAL_TYPE (HotlistAccountsWindow, hotlist_accounts_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void  rebuild (HotlistAccountsWindow *self);
static char *describe_accounts (GPtrArray *accounts);
static void  start_remove (HotlistAccountsWindow *self, const char *service, const char *account);

/* Helpers. */

static char *
account_key (const char *service, const char *account)
{
  return g_strconcat (service, "/", account, NULL);
}

static const char *
service_name (const char *service)
{
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  return info != NULL ? _ (info->display_name) : service;
}

/* A toast in the window; @message is plain text. */
static void
show_toast (HotlistAccountsWindow *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static char *
format_count (guint n)
{
  /* The ' flag groups thousands as the locale does ("1,200"). */
  return g_strdup_printf ("%'u", n);
}

/* "Last synced 5 minutes ago", "Never synced". */
static char *
format_last_sync (gint64 when)
{
  gint64 age;

  if (when <= 0)
    return g_strdup (_ ("Never synced"));
  age = MAX (0, g_get_real_time () / G_USEC_PER_SEC - when);
  if (age < 60)
    return g_strdup (_ ("Last synced just now"));
  if (age < 3600)
    return g_strdup_printf (ngettext ("Last synced %d minute ago", "Last synced %d minutes ago",
                                      (int)(age / 60)),
                            (int)(age / 60));
  if (age < 86400)
    return g_strdup_printf (ngettext ("Last synced %d hour ago", "Last synced %d hours ago",
                                      (int)(age / 3600)),
                            (int)(age / 3600));
  if (age < 7 * 86400)
    return g_strdup_printf (ngettext ("Last synced %d day ago", "Last synced %d days ago",
                                      (int)(age / 86400)),
                            (int)(age / 86400));
  {
    g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (when);
    g_autofree char      *day = g_date_time_format (date, "%x");

    return g_strdup_printf (_ ("Last synced on %s"), day);
  }
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "syncing") == 0)
    return _ ("Syncing…");
  if (g_strcmp0 (state, "error") == 0)
    return _ ("Last sync failed");
  if (g_strcmp0 (state, "signed-out") == 0)
    return _ ("Signed out");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _ ("Last sync cancelled");
  return _ ("Connected");
}

/* What a service does, in a few words, for the rows of services not connected yet. */
static char *
describe_capabilities (const HotlistProviderInfo *info)
{
  HotlistProviderCapabilities caps = info->capabilities;
  g_autoptr (GPtrArray)       parts = g_ptr_array_new ();

  if ((caps & HOTLIST_PROVIDER_PULL_LEADS) && (caps & HOTLIST_PROVIDER_PULL_ACTIVITIES))
    g_ptr_array_add (parts, _ ("pulls leads and their activity"));
  else if (caps & HOTLIST_PROVIDER_PULL_LEADS)
    g_ptr_array_add (parts, _ ("pulls leads"));
  else if (caps & HOTLIST_PROVIDER_PULL_ACTIVITIES)
    g_ptr_array_add (parts, _ ("pulls email and call activity"));
  if (caps & HOTLIST_PROVIDER_PUSH_SCORES)
    g_ptr_array_add (parts, _ ("writes scores back"));
  if (caps & HOTLIST_PROVIDER_ENROL)
    g_ptr_array_add (parts, _ ("enrols hot leads in sequences"));
  if (caps & HOTLIST_PROVIDER_ENRICH)
    g_ptr_array_add (parts, _ ("fills in company details"));
  g_ptr_array_add (parts, NULL);
  /* Translators: "Not connected · pulls leads and their activity, writes scores back" */
  {
    g_autofree char *what = g_strjoinv (_ (", "), (char **)parts->pdata);

    return g_strdup_printf (_ ("Not connected · %s"), what);
  }
}

/* A sync's or a connection's failure in plain words, with what the user can do. */
static char *
describe_error (const char *service, const GError *error)
{
  const char *name = service_name (service);

  if (error->domain == HOTLIST_HTTP_ERROR)
    switch (error->code)
      {
      case HOTLIST_HTTP_ERROR_AUTH_EXPIRED:
        return g_strdup_printf (_ ("%s did not accept the sign-in or token. Connect the account "
                                   "again with a valid one."),
                                name);
      case HOTLIST_HTTP_ERROR_FORBIDDEN:
        return g_strdup_printf (_ ("%s refused access: the account lacks a permission Hotlist "
                                   "needs. Connect with an account or token that may read and "
                                   "edit contacts."),
                                name);
      case HOTLIST_HTTP_ERROR_RATE_LIMITED:
        return g_strdup_printf (_ ("%s is limiting requests right now. Try again in a few "
                                   "minutes; what was pulled so far is kept."),
                                name);
      case HOTLIST_HTTP_ERROR_NETWORK:
        return g_strdup_printf (_ ("%s could not be reached. Check the internet connection and "
                                   "try again."),
                                name);
      case HOTLIST_HTTP_ERROR_SERVER:
      case HOTLIST_HTTP_ERROR_BAD_RESPONSE:
        return g_strdup_printf (_ ("%s is having problems and sent answers Hotlist cannot use. "
                                   "Try again later."),
                                name);
      case HOTLIST_HTTP_ERROR_INVALID_URL:
        return g_strdup (_ ("The API base URL is not valid. Connect the account again with the "
                            "right address under Advanced."));
      default:
        break;
      }
  if (g_error_matches (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_UNAVAILABLE))
    return g_strdup (_ ("The keyring is locked or not available. Unlock it (it opens when you "
                        "log in), then try again."));
  if (g_error_matches (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND)
      || g_error_matches (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED)
      || g_error_matches (error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_INVALID_GRANT)
      || g_error_matches (error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN))
    return g_strdup_printf (_ ("The sign-in to %s has expired or is gone. Connect the account "
                               "again."),
                            name);
  if (g_error_matches (error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_ACCESS_DENIED))
    return g_strdup_printf (_ ("Access was declined in %s. Sign in again and allow access to "
                               "connect."),
                            name);
  if (g_error_matches (error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_TIMED_OUT))
    return g_strdup (_ ("The browser did not come back in time. Sign in again."));
  if (g_error_matches (error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BROWSER))
    return g_strdup_printf (_ ("No browser could be opened (%s). Use an API token instead, if "
                               "the service offers one."),
                            error->message);
  return g_strdup (error->message);
}

/* "Pulled 1,200 leads (35 new)…" */
static char *
describe_progress (const HotlistSyncStats *stats)
{
  g_autofree char *pulled = format_count (stats->pulled);
  g_autofree char *created = format_count (stats->created);
  g_autofree char *pushed = format_count (stats->pushed);

  if (stats->pages == 0 && stats->pushed == 0)
    return g_strdup (_ ("Connecting…"));
  if (stats->pushed > 0)
    return g_strdup_printf (ngettext ("Pulled %s leads · wrote %s score back…",
                                      "Pulled %s leads · wrote %s scores back…", stats->pushed),
                            pulled, pushed);
  if (stats->created > 0)
    return g_strdup_printf (ngettext ("Pulled %s lead (%s new)…", "Pulled %s leads (%s new)…",
                                      stats->pulled),
                            pulled, created);
  return g_strdup_printf (ngettext ("Pulled %s lead…", "Pulled %s leads…", stats->pulled), pulled);
}

/* "HubSpot synced: 1,200 leads pulled, 35 new; 300 scores written back." */
static char *
describe_result (const char *service, const HotlistSyncStats *stats)
{
  g_autofree char *pulled = format_count (stats->pulled);
  g_autofree char *created = format_count (stats->created);
  g_autofree char *pushed = format_count (stats->pushed);
  GString         *out = g_string_new (NULL);

  if (stats->pulled == 0 && stats->pushed == 0)
    {
      g_string_printf (out, _ ("%s synced: nothing changed."), service_name (service));
      return g_string_free (out, FALSE);
    }
  g_string_printf (out,
                   ngettext ("%s synced: %s lead pulled, %s new",
                             "%s synced: %s leads pulled, %s new", stats->pulled),
                   service_name (service), pulled, created);
  if (stats->pushed > 0)
    g_string_append_printf (out,
                            ngettext ("; %s score written back", "; %s scores written back",
                                      stats->pushed),
                            pushed);
  if (stats->failed > 0)
    g_string_append_printf (out,
                            ngettext ("; %u score refused (tried again next time)",
                                      "; %u scores refused (tried again next time)", stats->failed),
                            stats->failed);
  g_string_append (out, ".");
  return g_string_free (out, FALSE);
}

/* Sync jobs. */

static SyncJob *
sync_job_new (HotlistAccountsWindow *self, const char *service, const char *account)
{
  SyncJob *job = g_atomic_rc_box_new0 (SyncJob);

  job->self = g_object_ref (self);
  job->service = g_strdup (service);
  job->account = g_strdup (account);
  job->key = account_key (service, account);
  job->path = g_strdup (hotlist_workspace_get_path (self->workspace));
  job->cancellable = g_cancellable_new ();
  g_mutex_init (&job->lock);
  return job;
}

static SyncJob *
sync_job_ref (SyncJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
sync_job_clear (gpointer data)
{
  SyncJob *job = data;

  g_object_unref (job->self);
  g_free (job->service);
  g_free (job->account);
  g_free (job->key);
  g_free (job->path);
  g_object_unref (job->cancellable);
  g_mutex_clear (&job->lock);
}

static void
sync_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, sync_job_clear);
}

static void
sync_job_get_stats (SyncJob *job, HotlistSyncStats *stats)
{
  g_mutex_lock (&job->lock);
  *stats = job->stats;
  g_mutex_unlock (&job->lock);
}

static void
account_view_free (gpointer data)
{
  AccountView *view = data;

  g_free (view->service);
  g_free (view->account);
  g_free (view->key);
  g_free (view->state);
  g_free (view->last_sync_text);
  g_free (view->error_text);
  g_free (view);
}

static void
connect_request_free (ConnectRequest *request)
{
  g_object_unref (request->self);
  g_clear_object (&request->dialog);
  hotlist_credentials_free (request->credentials);
  g_free (request->base_url);
  g_free (request);
}

static void
remove_job_free (gpointer data)
{
  RemoveJob *job = data;

  g_object_unref (job->self);
  g_free (job->service);
  g_free (job->account);
  g_free (job->path);
  g_free (job);
}

/* Account views. */

static AccountView *
find_view (HotlistAccountsWindow *self, const char *service, const char *account)
{
  g_autofree char *key = account_key (service, account);

  return g_hash_table_lookup (self->views, key);
}

/* Brings a view's widgets in line with what it knows and with its running sync. */
static void
update_view (HotlistAccountsWindow *self, AccountView *view)
{
  SyncJob         *job = g_hash_table_lookup (self->jobs, view->key);
  g_autofree char *subtitle = NULL;

  g_free (view->last_sync_text);
  view->last_sync_text = format_last_sync (view->last_sync_at);
  subtitle = g_strdup_printf ("%s · %s", job != NULL ? _ ("Syncing…") : state_label (view->state),
                              view->last_sync_text);
  adw_action_row_set_subtitle (view->row, subtitle);

  gtk_widget_set_sensitive (GTK_WIDGET (view->sync_button), job == NULL);
  gtk_widget_set_visible (view->progress_row, job != NULL);
  if (job != NULL)
    {
      HotlistSyncStats stats;
      g_autofree char *text = NULL;

      sync_job_get_stats (job, &stats);
      text = describe_progress (&stats);
      gtk_label_set_text (view->progress_label, text);
      gtk_widget_set_sensitive (GTK_WIDGET (view->cancel_button),
                                !g_cancellable_is_cancelled (job->cancellable));
    }

  gtk_widget_set_visible (GTK_WIDGET (view->error_row), job == NULL && view->error_text != NULL);
  if (view->error_text != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->error_row),
                                     g_strcmp0 (view->state, "signed-out") == 0
                                         ? _ ("Signed out")
                                         : _ ("Last sync failed"));
      adw_action_row_set_subtitle (view->error_row, view->error_text);
    }
}

static gboolean
pulse_cb (gpointer data)
{
  HotlistAccountsWindow *self = data;
  GHashTableIter         iter;
  gpointer               key;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      AccountView *view = g_hash_table_lookup (self->views, key);

      if (view != NULL)
        gtk_progress_bar_pulse (view->progress_bar);
    }
  return G_SOURCE_CONTINUE;
}

static void
update_pulse (HotlistAccountsWindow *self)
{
  gboolean running = g_hash_table_size (self->jobs) > 0 && !self->disposed;

  if (running && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_MS, pulse_cb, self);
  else if (!running)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static gboolean
refresh_cb (gpointer data)
{
  HotlistAccountsWindow *self = data;
  GHashTableIter         iter;
  gpointer               value;

  /* Another sync (the scheduler's, the command line's) may have changed the accounts; the
   * window's own syncs rebuild the list when they end. */
  if (g_hash_table_size (self->jobs) == 0)
    {
      g_autoptr (GPtrArray) accounts =
          hotlist_accounts_list (hotlist_workspace_get_store (self->workspace), NULL);
      g_autofree char *now = accounts != NULL ? describe_accounts (accounts) : NULL;

      if (now != NULL && g_strcmp0 (now, self->shown) != 0)
        {
          rebuild (self);
          return G_SOURCE_CONTINUE;
        }
    }
  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_view (self, value);
  return G_SOURCE_CONTINUE;
}

/* Syncing. */

static gboolean
sync_progress_idle_cb (gpointer data)
{
  SyncJob     *job = data;
  AccountView *view;

  g_mutex_lock (&job->lock);
  job->progress_pending = FALSE;
  g_mutex_unlock (&job->lock);
  if (job->self->disposed)
    return G_SOURCE_REMOVE;
  view = g_hash_table_lookup (job->self->views, job->key);
  if (view != NULL)
    update_view (job->self, view);
  return G_SOURCE_REMOVE;
}

/* In the syncing thread: hands the numbers to the main thread, at most one update queued. */
static void
sync_progress_cb (const HotlistSyncStats *stats, gpointer data)
{
  SyncJob *job = data;
  gboolean schedule;

  g_mutex_lock (&job->lock);
  job->stats = *stats;
  schedule = !job->progress_pending;
  job->progress_pending = TRUE;
  g_mutex_unlock (&job->lock);
  if (schedule)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, sync_progress_idle_cb, sync_job_ref (job),
                                sync_job_unref);
}

static void
sync_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SyncJob                     *job = data;
  g_autoptr (HotlistWorkspace) workspace = NULL;
  HotlistSyncStats             stats = { 0 };
  GError                      *error = NULL;
  gboolean                     ok;

  workspace = hotlist_workspace_open (job->path, &error);
  if (workspace == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ok = hotlist_sync_run (hotlist_workspace_get_store (workspace), job->service, job->account, FALSE,
                         sync_progress_cb, job, &stats, cancellable, &error);
  g_mutex_lock (&job->lock);
  if (ok || stats.pages >= job->stats.pages)
    job->stats = stats;
  g_mutex_unlock (&job->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SyncJob               *job = data;
  HotlistAccountsWindow *self = job->self;
  g_autoptr (GError)     error = NULL;
  HotlistSyncStats       stats;
  gboolean               ok = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean               changed;

  self->n_syncing--;
  sync_job_get_stats (job, &stats);
  /* Pages committed before a failure or a cancellation stay in the workspace. */
  changed = ok || stats.pages > 0 || stats.pushed > 0;
  g_hash_table_remove (self->jobs, job->key);
  if (self->disposed)
    {
      sync_job_unref (job);
      return;
    }

  if (ok)
    {
      g_autofree char *message = describe_result (job->service, &stats);

      g_hash_table_remove (self->failures, job->key);
      g_hash_table_remove (self->cancelled, job->key);
      show_toast (self, message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      /* The engine records a cancellation as the account's last error; it is none. */
      g_hash_table_remove (self->failures, job->key);
      g_hash_table_add (self->cancelled, g_strdup (job->key));

      if (!job->remove_after)
        {
          message = g_strdup_printf (_ ("Sync with %s cancelled. What it pulled so far is kept."),
                                     service_name (job->service));
          show_toast (self, message);
        }
    }
  else
    {
      g_autofree char *message = NULL;

      g_hash_table_remove (self->cancelled, job->key);
      g_hash_table_replace (self->failures, g_strdup (job->key),
                            describe_error (job->service, error));
      message = g_strdup_printf (_ ("Sync with %s failed."), service_name (job->service));
      show_toast (self, message);
    }

  if (job->remove_after)
    start_remove (self, job->service, job->account);
  rebuild (self);
  update_pulse (self);
  if (changed)
    g_signal_emit (self, signals[SYNCED], 0, job->service, job->account);
  sync_job_unref (job);
}

static gboolean
start_sync (HotlistAccountsWindow *self, const char *service, const char *account)
{
  g_autofree char  *key = account_key (service, account);
  SyncJob          *job;
  g_autoptr (GTask) task = NULL;
  AccountView      *view;

  if (g_hash_table_contains (self->jobs, key))
    return FALSE;
  job = sync_job_new (self, service, account);
  g_hash_table_insert (self->jobs, g_strdup (key), job);
  task = g_task_new (NULL, job->cancellable, sync_done_cb, sync_job_ref (job));
  g_task_set_source_tag (task, start_sync);
  g_task_set_task_data (task, sync_job_ref (job), sync_job_unref);
  g_task_run_in_thread (task, sync_thread);
  self->n_syncing++;

  view = g_hash_table_lookup (self->views, key);
  if (view != NULL)
    {
      gtk_progress_bar_set_fraction (view->progress_bar, 0);
      update_view (self, view);
    }
  update_pulse (self);
  return TRUE;
}

static void
sync_clicked_cb (GtkButton *button, HotlistAccountsWindow *self)
{
  start_sync (self, g_object_get_data (G_OBJECT (button), "service"),
              g_object_get_data (G_OBJECT (button), "account"));
}

static gboolean
cancel_sync (HotlistAccountsWindow *self, const char *service, const char *account)
{
  g_autofree char *key = account_key (service, account);
  SyncJob         *job = g_hash_table_lookup (self->jobs, key);
  AccountView     *view;

  if (job == NULL)
    return FALSE;
  g_cancellable_cancel (job->cancellable);
  view = g_hash_table_lookup (self->views, key);
  if (view != NULL)
    {
      gtk_label_set_text (view->progress_label, _ ("Cancelling…"));
      gtk_widget_set_sensitive (GTK_WIDGET (view->cancel_button), FALSE);
    }
  return TRUE;
}

static void
cancel_clicked_cb (GtkButton *button, HotlistAccountsWindow *self)
{
  cancel_sync (self, g_object_get_data (G_OBJECT (button), "service"),
               g_object_get_data (G_OBJECT (button), "account"));
}

/* Disconnecting. */

static void
remove_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RemoveJob               *job = data;
  g_autoptr (HotlistStore) store = NULL;
  GError                  *error = NULL;

  store = hotlist_store_open (job->path, &error);
  if (store == NULL
      || !hotlist_accounts_remove (store, job->service, job->account, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
remove_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  RemoveJob             *job = g_task_get_task_data (G_TASK (result));
  HotlistAccountsWindow *self = job->self;
  g_autoptr (GError)     error = NULL;
  g_autofree char       *message = NULL;
  g_autofree char       *key = account_key (job->service, job->account);

  self->n_removing--;
  if (self->disposed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *why = describe_error (job->service, error);

      message =
          g_strdup_printf (_ ("Could not disconnect %s: %s"), service_name (job->service), why);
    }
  else
    {
      g_hash_table_remove (self->failures, key);
      g_hash_table_remove (self->cancelled, key);
      message = g_strdup_printf (_ ("%s disconnected. Its leads stay in this workspace."),
                                 service_name (job->service));
    }
  show_toast (self, message);
  rebuild (self);
}

static void
start_remove (HotlistAccountsWindow *self, const char *service, const char *account)
{
  RemoveJob        *job = g_new0 (RemoveJob, 1);
  g_autoptr (GTask) task = NULL;

  job->self = g_object_ref (self);
  job->service = g_strdup (service);
  job->account = g_strdup (account);
  job->path = g_strdup (hotlist_workspace_get_path (self->workspace));
  self->n_removing++;
  /* Not cancelled with the window: a disconnection the user confirmed is carried out. */
  task = g_task_new (NULL, NULL, remove_done_cb, NULL);
  g_task_set_source_tag (task, start_remove);
  g_task_set_task_data (task, job, remove_job_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
disconnect_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  HotlistAccountsWindow *self = data;
  const char            *service = g_object_get_data (G_OBJECT (dialog), "service");
  const char            *account = g_object_get_data (G_OBJECT (dialog), "account");
  g_autofree char       *key = NULL;
  SyncJob               *job;

  if (self->disposed || g_strcmp0 (response, "disconnect") != 0)
    return;
  key = account_key (service, account);
  job = g_hash_table_lookup (self->jobs, key);
  if (job != NULL)
    {
      /* The running sync stops first; its end carries out the disconnection. */
      job->remove_after = TRUE;
      cancel_sync (self, service, account);
      return;
    }
  start_remove (self, service, account);
  /* The rows go at once; the keyring and the workspace follow in the thread. */
  {
    AccountView *view = g_hash_table_lookup (self->views, key);

    if (view != NULL)
      {
        gtk_widget_set_sensitive (GTK_WIDGET (view->row), FALSE);
        gtk_widget_set_sensitive (GTK_WIDGET (view->disconnect_button), FALSE);
      }
  }
}

static AdwMessageDialog *
confirm_disconnect (HotlistAccountsWindow *self, const char *service, const char *account)
{
  g_autofree char *heading = g_strdup_printf (_ ("Disconnect %s?"), service_name (service));
  g_autofree char *body = g_strdup_printf (
      _ ("Hotlist stops syncing with the account “%s” and removes its sign-in from your keyring. "
         "Leads already pulled stay in this workspace."),
      account);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                    "disconnect", _ ("_Disconnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "service", g_strdup (service), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (account), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (disconnect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
disconnect_clicked_cb (GtkButton *button, HotlistAccountsWindow *self)
{
  confirm_disconnect (self, g_object_get_data (G_OBJECT (button), "service"),
                      g_object_get_data (G_OBJECT (button), "account"));
}

/* Connecting. */

static ConnectDialog *
get_connect_dialog (GtkWindow *window)
{
  return window != NULL ? g_object_get_data (G_OBJECT (window), "connect-dialog") : NULL;
}

static void
connect_dialog_set_busy (ConnectDialog *cd, gboolean busy, const char *waiting)
{
  if (cd->sign_in_button != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (cd->sign_in_button), !busy);
      adw_action_row_set_subtitle (cd->sign_in_row,
                                   waiting != NULL ? waiting
                                                   : _ ("Opens the sign-in page in your browser. "
                                                        "Allow access there, then come back "
                                                        "here."));
    }
  if (cd->token_row != NULL)
    {
      const char *token = gtk_editable_get_text (GTK_EDITABLE (cd->token_row));

      gtk_widget_set_sensitive (GTK_WIDGET (cd->token_row), !busy);
      gtk_widget_set_sensitive (GTK_WIDGET (cd->token_button), !busy && token[0] != '\0');
    }
  gtk_widget_set_sensitive (GTK_WIDGET (cd->base_url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (cd->account_row), !busy);
}

static void
connect_dialog_show_error (ConnectDialog *cd, const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (cd->error_group), message != NULL);
  if (message != NULL)
    adw_action_row_set_subtitle (cd->error_row, message);
}

/* Records a connected account once its credentials are in the keyring. Connecting an account
 * again (signed out, a new token) keeps its sync cursor and clears its last error. */
static gboolean
add_account (HotlistAccountsWindow *self,
             const char            *service,
             const char            *account,
             const char            *base_url,
             GError               **error)
{
  return hotlist_accounts_add (hotlist_workspace_get_store (self->workspace), service, account,
                               base_url, NULL, error);
}

static void
credentials_stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ConnectRequest        *request = data;
  HotlistAccountsWindow *self = request->self;
  ConnectDialog         *cd = get_connect_dialog (request->dialog);
  const char            *service = request->credentials->service;
  const char            *account = request->credentials->account;
  g_autoptr (GError)     error = NULL;
  gboolean               ok;

  self->n_connecting--;
  ok = hotlist_secrets_store_finish (result, &error)
       && add_account (self, service, account, request->base_url, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      connect_request_free (request);
      return;
    }
  if (!ok)
    {
      g_autofree char *message = describe_error (service, error);

      if (cd != NULL && !cd->closed)
        {
          connect_dialog_set_busy (cd, FALSE, NULL);
          connect_dialog_show_error (cd, message);
        }
      else
        {
          g_autofree char *toast =
              g_strdup_printf (_ ("Could not connect %s: %s"), service_name (service), message);
          show_toast (self, toast);
        }
    }
  else
    {
      g_autofree char *toast =
          g_strdup_printf (_ ("%s connected. Sync Now pulls its leads."), service_name (service));
      g_autofree char *key = account_key (service, account);

      if (cd != NULL && !cd->closed)
        gtk_window_destroy (cd->window);
      g_hash_table_remove (self->failures, key);
      g_hash_table_remove (self->cancelled, key);
      rebuild (self);
      show_toast (self, toast);
    }
  connect_request_free (request);
}

/* Keeps @credentials in the keyring, then records the account in the workspace. */
static void
connect_credentials (HotlistAccountsWindow *self,
                     HotlistCredentials    *credentials,
                     const char            *base_url,
                     GtkWindow             *dialog)
{
  ConnectRequest *request = g_new0 (ConnectRequest, 1);

  request->self = g_object_ref (self);
  request->dialog = dialog != NULL ? g_object_ref (dialog) : NULL;
  request->credentials = credentials;
  request->base_url = g_strdup (base_url);
  self->n_connecting++;
  hotlist_secrets_store_async (credentials, self->cancellable, credentials_stored_cb, request);
}

/* The base URL in the Advanced section, or NULL for the service's own. */
static char *
connect_dialog_get_base_url (ConnectDialog *cd)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cd->base_url_row))));

  if (text[0] == '\0' || g_strcmp0 (text, cd->info->default_base_url) == 0)
    return NULL;
  return g_steal_pointer (&text);
}

static char *
connect_dialog_get_account (ConnectDialog *cd)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cd->account_row))));

  if (text[0] == '\0')
    return g_strdup (HOTLIST_DEFAULT_ACCOUNT);
  return g_steal_pointer (&text);
}

static void
oauth_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GtkWindow) window = data;
  ConnectDialog        *cd = get_connect_dialog (window);
  g_autoptr (GError)    error = NULL;
  HotlistCredentials   *credentials;
  g_autofree char      *base_url = NULL;

  credentials = hotlist_oauth_flow_run_finish (HOTLIST_OAUTH_FLOW (source), result, &error);
  if (cd->closed)
    {
      /* Closing the dialog gave up on connecting. */
      g_clear_pointer (&credentials, hotlist_credentials_free);
      return;
    }
  if (credentials == NULL)
    {
      g_autofree char *message = NULL;

      connect_dialog_set_busy (cd, FALSE, NULL);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = describe_error (cd->info->service, error);
      connect_dialog_show_error (cd, message);
      return;
    }
  connect_dialog_set_busy (cd, TRUE, _ ("Saving the sign-in in your keyring…"));
  base_url = connect_dialog_get_base_url (cd);
  connect_credentials (cd->self, credentials, base_url, cd->window);
}

static void
sign_in_clicked_cb (GtkButton *button, ConnectDialog *cd)
{
  g_autofree char               *base_url = connect_dialog_get_base_url (cd);
  g_autofree char               *account = connect_dialog_get_account (cd);
  g_autoptr (HotlistOAuthConfig) config = NULL;
  g_autoptr (GError)             error = NULL;
  g_autofree char               *waiting = NULL;

  config = hotlist_sync_oauth_config (cd->info->service, base_url, &error);
  if (config == NULL)
    {
      connect_dialog_show_error (cd, error->message);
      return;
    }
  connect_dialog_show_error (cd, NULL);
  g_clear_object (&cd->flow);
  cd->flow = hotlist_oauth_flow_new (config);
  if (cd->self->launcher != NULL)
    hotlist_oauth_flow_set_launcher (cd->flow, cd->self->launcher, cd->self->launcher_data, NULL);
  waiting = g_strdup_printf (_ ("Waiting for you to allow access in %s in your browser…"),
                             _ (cd->info->display_name));
  connect_dialog_set_busy (cd, TRUE, waiting);
  hotlist_oauth_flow_run_async (cd->flow, account, cd->cancellable, oauth_done_cb,
                                g_object_ref (cd->window));
}

static void
token_connect_cb (ConnectDialog *cd)
{
  const char      *token = gtk_editable_get_text (GTK_EDITABLE (cd->token_row));
  g_autofree char *base_url = NULL;
  g_autofree char *account = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (token));

  if (trimmed[0] == '\0' || !gtk_widget_get_sensitive (GTK_WIDGET (cd->token_row)))
    return;
  base_url = connect_dialog_get_base_url (cd);
  account = connect_dialog_get_account (cd);
  connect_dialog_show_error (cd, NULL);
  connect_dialog_set_busy (cd, TRUE, NULL);
  connect_credentials (cd->self,
                       hotlist_credentials_new_api_token (cd->info->service, account, trimmed),
                       base_url, cd->window);
}

static void
token_changed_cb (GtkEditable *editable, ConnectDialog *cd)
{
  gtk_widget_set_sensitive (GTK_WIDGET (cd->token_button),
                            gtk_editable_get_text (editable)[0] != '\0');
}

static void
connect_dialog_free (gpointer data)
{
  ConnectDialog *cd = data;

  g_clear_object (&cd->cancellable);
  g_clear_object (&cd->flow);
  g_free (cd);
}

static void
connect_dialog_destroy_cb (GtkWidget *window, ConnectDialog *cd)
{
  cd->closed = TRUE;
  g_cancellable_cancel (cd->cancellable);
  if (cd->self->connect_dialog == GTK_WINDOW (window))
    cd->self->connect_dialog = NULL;
}

static AdwActionRow *
error_row_new (const char *title)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget    *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (row, icon);
  gtk_widget_add_css_class (GTK_WIDGET (row), "account-error");
  return row;
}

static GtkWindow *
connect_dialog_new (HotlistAccountsWindow *self, const HotlistProviderInfo *info)
{
  ConnectDialog       *cd = g_new0 (ConnectDialog, 1);
  GtkWidget           *window = adw_window_new ();
  GtkWidget           *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget           *header = adw_header_bar_new ();
  GtkWidget           *page = adw_preferences_page_new ();
  AdwPreferencesGroup *group;
  g_autofree char     *title = g_strdup_printf (_ ("Connect %s"), _ (info->display_name));
  GtkWidget           *expander;

  cd->self = self;
  cd->info = info;
  cd->window = GTK_WINDOW (window);
  cd->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (window), "connect-dialog", cd, connect_dialog_free);
  g_signal_connect (window, "destroy", G_CALLBACK (connect_dialog_destroy_cb), cd);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 600);
  gtk_widget_add_css_class (window, "hotlist-connect-dialog");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  if (info->capabilities & HOTLIST_PROVIDER_OAUTH)
    {
      g_autoptr (HotlistOAuthConfig) config = NULL;
      g_autoptr (GError)             error = NULL;
      g_autofree char *row_title = g_strdup_printf (_ ("Sign in with %s"), _ (info->display_name));

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _ ("Sign In"));
      cd->sign_in_row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (cd->sign_in_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cd->sign_in_row), row_title);
      config = hotlist_sync_oauth_config (info->service, NULL, &error);
      if (config == NULL)
        {
          /* No OAuth client is registered in this build: say so instead of offering a button
           * that cannot work. */
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          adw_action_row_set_subtitle (cd->sign_in_row, error->message);
          adw_action_row_add_prefix (cd->sign_in_row, icon);
          gtk_widget_add_css_class (GTK_WIDGET (cd->sign_in_row), "sign-in-unavailable");
        }
      else
        {
          /* No spinner while the browser is away: an animation keeps the main loop busy
           * enough to hold up the sign-in's low-priority callbacks on a slow display. */
          cd->sign_in_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Sign In…")));
          gtk_widget_set_valign (GTK_WIDGET (cd->sign_in_button), GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (GTK_WIDGET (cd->sign_in_button), "suggested-action");
          g_signal_connect (cd->sign_in_button, "clicked", G_CALLBACK (sign_in_clicked_cb), cd);
          adw_action_row_add_suffix (cd->sign_in_row, GTK_WIDGET (cd->sign_in_button));
          adw_action_row_set_activatable_widget (cd->sign_in_row, GTK_WIDGET (cd->sign_in_button));
        }
      adw_preferences_group_add (group, GTK_WIDGET (cd->sign_in_row));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
    }

  if (info->capabilities & HOTLIST_PROVIDER_API_TOKEN)
    {
      g_autofree char *description = g_strdup_printf (
          _ ("Paste a private-app or API token created in %s’s settings. It is kept in your "
             "keyring, never in the workspace."),
          _ (info->display_name));

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _ ("Use an API Token"));
      adw_preferences_group_set_description (group, description);
      cd->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cd->token_row), _ ("Token"));
      cd->token_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Connect")));
      gtk_widget_set_valign (GTK_WIDGET (cd->token_button), GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (GTK_WIDGET (cd->token_button), FALSE);
      if (cd->sign_in_button == NULL)
        gtk_widget_add_css_class (GTK_WIDGET (cd->token_button), "suggested-action");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (cd->token_row), GTK_WIDGET (cd->token_button));
      g_signal_connect_swapped (cd->token_button, "clicked", G_CALLBACK (token_connect_cb), cd);
      g_signal_connect_swapped (cd->token_row, "entry-activated", G_CALLBACK (token_connect_cb),
                                cd);
      g_signal_connect (cd->token_row, "changed", G_CALLBACK (token_changed_cb), cd);
      adw_preferences_group_add (group, GTK_WIDGET (cd->token_row));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
    }

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _ ("Advanced"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 _ ("A sandbox or regional host, or a second account"));
  cd->base_url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cd->base_url_row), _ ("API Base URL"));
  gtk_editable_set_text (GTK_EDITABLE (cd->base_url_row),
                         info->default_base_url != NULL ? info->default_base_url : "");
  cd->account_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cd->account_row), _ ("Account Name"));
  gtk_editable_set_text (GTK_EDITABLE (cd->account_row), HOTLIST_DEFAULT_ACCOUNT);
  gtk_widget_set_tooltip_text (GTK_WIDGET (cd->account_row),
                               _ ("Tells apart several accounts of one service, as "
                                  "hotlist-cli sync --account names them"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (cd->base_url_row));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (cd->account_row));
  adw_preferences_group_add (group, expander);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  cd->error_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  cd->error_row = error_row_new (_ ("Could not connect"));
  adw_preferences_group_add (cd->error_group, GTK_WIDGET (cd->error_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), cd->error_group);
  gtk_widget_set_visible (GTK_WIDGET (cd->error_group), FALSE);

  if (cd->sign_in_button != NULL)
    {
      connect_dialog_set_busy (cd, FALSE, NULL);
      gtk_window_set_default_widget (GTK_WINDOW (window), GTK_WIDGET (cd->sign_in_button));
    }
  return GTK_WINDOW (window);
}

static GtkWindow *
open_connect_dialog (HotlistAccountsWindow *self, const char *service)
{
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  if (info == NULL || info->get_type == NULL)
    return NULL;
  if (self->connect_dialog != NULL)
    gtk_window_destroy (self->connect_dialog);
  self->connect_dialog = connect_dialog_new (self, info);
  gtk_window_present (self->connect_dialog);
  return self->connect_dialog;
}

static void
connect_clicked_cb (GtkButton *button, HotlistAccountsWindow *self)
{
  open_connect_dialog (self, g_object_get_data (G_OBJECT (button), "service"));
}

/* Building the list. */

static GtkWidget *
button_new (const char *mnemonic, const char *service, const char *account)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "service", g_strdup (service), g_free);
  if (account != NULL)
    g_object_set_data_full (G_OBJECT (button), "account", g_strdup (account), g_free);
  return button;
}

static void
add_account_rows (HotlistAccountsWindow *self,
                  AdwExpanderRow        *expander,
                  const HotlistAccount  *record)
{
  AccountView *view = g_new0 (AccountView, 1);
  GtkWidget   *box, *text, *progress_row;
  const char  *failure;

  view->service = g_strdup (record->service);
  view->account = g_strdup (record->account);
  view->key = account_key (record->service, record->account);
  view->state = g_strdup (record->state);
  view->last_sync_at = record->last_sync_at;
  /* A failure this window saw is told in its own words, which know what the user can do;
   * otherwise what the sync engine recorded (a sync from the command line, an earlier run). */
  failure = g_hash_table_lookup (self->failures, view->key);
  if (g_hash_table_contains (self->cancelled, view->key))
    {
      g_free (view->state);
      view->state = g_strdup ("cancelled");
    }
  else if (failure != NULL)
    view->error_text = g_strdup (failure);
  else if (record->last_error != NULL && record->last_error[0] != '\0')
    view->error_text = g_strdup (record->last_error);
  g_hash_table_replace (self->views, view->key, view);

  view->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row),
                                 record->display_name != NULL && record->display_name[0] != '\0'
                                     ? record->display_name
                                     : record->account);
  adw_action_row_add_prefix (view->row, gtk_image_new_from_icon_name ("avatar-default-symbolic"));
  view->sync_button = GTK_BUTTON (button_new (_ ("_Sync Now"), record->service, record->account));
  g_signal_connect (view->sync_button, "clicked", G_CALLBACK (sync_clicked_cb), self);
  view->disconnect_button =
      GTK_BUTTON (button_new (_ ("_Disconnect…"), record->service, record->account));
  gtk_widget_add_css_class (GTK_WIDGET (view->disconnect_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (view->disconnect_button),
                               _ ("Stop syncing and forget the sign-in; the leads stay"));
  g_signal_connect (view->disconnect_button, "clicked", G_CALLBACK (disconnect_clicked_cb), self);
  adw_action_row_add_suffix (view->row, GTK_WIDGET (view->sync_button));
  adw_action_row_add_suffix (view->row, GTK_WIDGET (view->disconnect_button));
  adw_expander_row_add_row (expander, GTK_WIDGET (view->row));

  /* While it syncs: what it did so far, a bar that moves, and Cancel. */
  progress_row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (progress_row), _ ("Sync progress"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (progress_row), FALSE);
  gtk_widget_add_css_class (progress_row, "sync-progress");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  view->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (view->progress_label, 0);
  gtk_label_set_wrap (view->progress_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view->progress_label), "numeric");
  view->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_pulse_step (view->progress_bar, 0.08);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (view->progress_label));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (view->progress_bar));
  view->cancel_button = GTK_BUTTON (button_new (_ ("_Cancel"), record->service, record->account));
  g_signal_connect (view->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view->cancel_button));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (progress_row), box);
  view->progress_row = progress_row;
  adw_expander_row_add_row (expander, progress_row);

  view->error_row = error_row_new (_ ("Last sync failed"));
  adw_expander_row_add_row (expander, GTK_WIDGET (view->error_row));

  update_view (self, view);
}

static void
add_service_row (HotlistAccountsWindow *self, const HotlistProviderInfo *info, GPtrArray *records)
{
  GtkWidget *row;

  if (info->get_type == NULL)
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Coming later"));
      gtk_widget_set_sensitive (row, FALSE);
    }
  else if (records->len == 0)
    {
      g_autofree char *subtitle = describe_capabilities (info);
      GtkWidget       *button = button_new (_ ("_Connect…"), info->service, NULL);

      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_signal_connect (button, "clicked", G_CALLBACK (connect_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else
    {
      g_autofree char      *subtitle = NULL;
      GtkWidget            *button = button_new (_ ("_Connect…"), info->service, NULL);
      const HotlistAccount *first = g_ptr_array_index (records, 0);

      row = adw_expander_row_new ();
      if (records->len == 1)
        subtitle =
            g_strdup_printf (_ ("Connected as “%s”"),
                             first->display_name != NULL ? first->display_name : first->account);
      else
        subtitle = g_strdup_printf (ngettext ("%u account connected", "%u accounts connected",
                                              records->len),
                                    records->len);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (button, _ ("Connect another account of this service"));
      g_signal_connect (button, "clicked", G_CALLBACK (connect_clicked_cb), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
      for (guint i = 0; i < records->len; i++)
        add_account_rows (self, ADW_EXPANDER_ROW (row), g_ptr_array_index (records, i));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ (info->display_name));
  adw_preferences_group_add (self->services_group, row);
  g_ptr_array_add (self->service_widgets, row);
  g_hash_table_insert (self->service_rows, (gpointer)info->service, row);
}

/* Everything the list shows of @accounts, to compare with what it shows. */
static char *
describe_accounts (GPtrArray *accounts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      const HotlistAccount *a = g_ptr_array_index (accounts, i);

      g_string_append_printf (out, "%s\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\n",
                              a->service, a->account, a->base_url ? a->base_url : "",
                              a->display_name ? a->display_name : "", a->last_sync_at,
                              a->state ? a->state : "", a->last_error ? a->last_error : "");
    }
  return g_string_free (out, FALSE);
}

/* Reads the accounts again and builds the list of services from them. */
static void
rebuild (HotlistAccountsWindow *self)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (GPtrArray)      accounts = NULL;
  const HotlistProviderInfo *infos;
  guint                      n_infos = 0;

  accounts = hotlist_accounts_list (hotlist_workspace_get_store (self->workspace), &error);
  if (accounts == NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not read the connected accounts: %s"), error->message);

      show_toast (self, message);
      accounts = g_ptr_array_new ();
    }
  g_free (self->shown);
  self->shown = describe_accounts (accounts);

  for (guint i = 0; i < self->service_widgets->len; i++)
    adw_preferences_group_remove (self->services_group,
                                  g_ptr_array_index (self->service_widgets, i));
  g_ptr_array_set_size (self->service_widgets, 0);
  g_hash_table_remove_all (self->service_rows);
  g_hash_table_remove_all (self->views);

  infos = hotlist_provider_registry_list (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      g_autoptr (GPtrArray) records = g_ptr_array_new ();

      for (guint j = 0; j < accounts->len; j++)
        {
          HotlistAccount *record = g_ptr_array_index (accounts, j);

          if (g_strcmp0 (record->service, infos[i].service) == 0)
            g_ptr_array_add (records, record);
        }
      add_service_row (self, &infos[i], records);
    }
}

/* Sync Automatically. */

static void
interval_selected_cb (AdwComboRow *row, GParamSpec *pspec, HotlistAccountsWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->settings == NULL || selected >= G_N_ELEMENTS (interval_minutes))
    return;
  g_settings_set_uint (self->settings, "sync-interval-minutes", interval_minutes[selected]);
}

static void
interval_changed_cb (GSettings *settings, const char *key, HotlistAccountsWindow *self)
{
  guint minutes = g_settings_get_uint (settings, "sync-interval-minutes");
  guint selected = G_N_ELEMENTS (interval_minutes) - 1;

  /* A value set elsewhere (dconf, the CLI) shows as the nearest choice that is not shorter. */
  for (guint i = 0; i < G_N_ELEMENTS (interval_minutes); i++)
    if (interval_minutes[i] >= minutes)
      {
        selected = i;
        break;
      }
  self->updating = TRUE;
  adw_combo_row_set_selected (self->interval_row, selected);
  self->updating = FALSE;
}

static GSettings *
find_settings (void)
{
  GApplication               *app = g_application_get_default ();
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (app != NULL && HOTLIST_IS_APPLICATION (app))
    {
      GSettings *settings = hotlist_application_get_settings (HOTLIST_APPLICATION (app));

      return settings != NULL ? g_object_ref (settings) : NULL;
    }
  /* Without the app (tests), the schema if it is installed. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE);
  return schema != NULL ? g_settings_new (BASE_ID) : NULL;
}

/* GObject. */

static void
hotlist_accounts_window_dispose (GObject *object)
{
  HotlistAccountsWindow *self = HOTLIST_ACCOUNTS_WINDOW (object);
  GHashTableIter         iter;
  gpointer               value;

  self->disposed = TRUE;
  if (self->jobs != NULL)
    {
      g_hash_table_iter_init (&iter, self->jobs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (((SyncJob *)value)->cancellable);
      /* Each job holds a reference to the window: let go of them. */
      g_hash_table_remove_all (self->jobs);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->connect_dialog != NULL)
    gtk_window_destroy (self->connect_dialog);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_pointer (&self->views, g_hash_table_unref);
  g_clear_pointer (&self->service_rows, g_hash_table_unref);
  g_clear_pointer (&self->service_widgets, g_ptr_array_unref);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HOTLIST_TYPE_ACCOUNTS_WINDOW);

  G_OBJECT_CLASS (hotlist_accounts_window_parent_class)->dispose (object);
}

static void
hotlist_accounts_window_finalize (GObject *object)
{
  HotlistAccountsWindow *self = HOTLIST_ACCOUNTS_WINDOW (object);

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->cancelled, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  if (self->launcher_destroy != NULL)
    g_clear_pointer (&self->launcher_data, self->launcher_destroy);

  G_OBJECT_CLASS (hotlist_accounts_window_parent_class)->finalize (object);
}

static void
hotlist_accounts_window_class_init (HotlistAccountsWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hotlist_accounts_window_dispose;
  object_class->finalize = hotlist_accounts_window_finalize;

  /**
   * HotlistAccountsWindow::synced:
   * @self: the window
   * @service: the service's id
   * @account: the account's name
   *
   * Emitted when a sync ended that may have changed the workspace's leads: it finished, or it
   * stopped after committing some pages (what it committed stays).
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistAccountsWindow, services_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistAccountsWindow, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, HotlistAccountsWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, HotlistAccountsWindow, interval_names);
}

static void
load_css_once (void)
{
  static gsize loaded = 0;

  /* The app's style.css imports each window's sheet; this one is added here in case it does
   * not, so that the window looks right wherever it is opened. */
  if (g_once_init_enter (&loaded))
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        {
          g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (css, "/org/hotlist/Hotlist/accounts-window.css");
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&loaded, 1);
    }
}

static void
hotlist_accounts_window_init (HotlistAccountsWindow *self)
{
  load_css_once ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->service_widgets = g_ptr_array_new ();
  self->service_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->views = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, account_view_free);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sync_job_unref);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (interval_minutes); i++)
    gtk_string_list_append (self->interval_names, _ (interval_labels[i]));
  self->settings = find_settings ();
  if (self->settings != NULL)
    {
      interval_changed_cb (self->settings, "sync-interval-minutes", self);
      g_signal_connect (self->settings, "changed::sync-interval-minutes",
                        G_CALLBACK (interval_changed_cb), self);
      g_signal_connect (self->interval_row, "notify::selected", G_CALLBACK (interval_selected_cb),
                        self);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->schedule_group), FALSE);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

/* Public API. */

/**
 * hotlist_accounts_window_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: the workspace whose accounts it shows
 *
 * Returns: (transfer none): a new Accounts window, not yet shown
 */
HotlistAccountsWindow *
hotlist_accounts_window_new (GtkWindow *parent, HotlistWorkspace *workspace)
{
  HotlistAccountsWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HOTLIST_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (HOTLIST_TYPE_ACCOUNTS_WINDOW, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  rebuild (self);
  return self;
}

/**
 * hotlist_accounts_window_reload:
 * @self: a #HotlistAccountsWindow
 *
 * Reads the connected accounts again (after `hotlist-cli accounts` changed them, say).
 */
void
hotlist_accounts_window_reload (HotlistAccountsWindow *self)
{
  g_return_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self));
  rebuild (self);
}

/**
 * hotlist_accounts_window_open_connect_dialog:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 *
 * Opens the Connect dialog of @service, as its Connect… button does.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL if the service cannot be connected
 */
GtkWindow *
hotlist_accounts_window_open_connect_dialog (HotlistAccountsWindow *self, const char *service)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  return open_connect_dialog (self, service);
}

/**
 * hotlist_accounts_window_sign_in:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: (nullable): the account's name, %NULL for %HOTLIST_DEFAULT_ACCOUNT
 * @base_url: (nullable): the API's base URL, %NULL for the service's own
 *
 * Opens the Connect dialog of @service, fills in its Advanced section and presses Sign In. The
 * dialog closes once the account is connected; hotlist_accounts_window_is_busy() says when.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL if the service offers no sign-in in
 *   this build (no OAuth client registered)
 */
GtkWindow *
hotlist_accounts_window_sign_in (HotlistAccountsWindow *self,
                                 const char            *service,
                                 const char            *account,
                                 const char            *base_url)
{
  GtkWindow     *dialog;
  ConnectDialog *cd;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  dialog = open_connect_dialog (self, service);
  cd = get_connect_dialog (dialog);
  if (cd == NULL || cd->sign_in_button == NULL)
    return NULL;
  gtk_editable_set_text (GTK_EDITABLE (cd->account_row),
                         account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT);
  if (base_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (cd->base_url_row), base_url);
  g_signal_emit_by_name (cd->sign_in_button, "clicked");
  return dialog;
}

/**
 * hotlist_accounts_window_set_oauth_launcher:
 * @self: a #HotlistAccountsWindow
 * @launcher: (nullable): what opens the sign-in page, %NULL for the system browser
 * @user_data: closure data
 * @destroy: (nullable): frees @user_data with the window
 *
 * Replaces the browser of the sign-ins started from now on (tests).
 */
void
hotlist_accounts_window_set_oauth_launcher (HotlistAccountsWindow *self,
                                            HotlistOAuthLauncher   launcher,
                                            gpointer               user_data,
                                            GDestroyNotify         destroy)
{
  g_return_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self));

  if (self->launcher_destroy != NULL)
    g_clear_pointer (&self->launcher_data, self->launcher_destroy);
  self->launcher = launcher;
  self->launcher_data = user_data;
  self->launcher_destroy = destroy;
}

/**
 * hotlist_accounts_window_connect_with_token:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: (nullable): the account's name, %NULL for %HOTLIST_DEFAULT_ACCOUNT
 * @base_url: (nullable): the API's base URL, %NULL for the service's own
 * @token: an API or private-app token
 *
 * Connects an account as the Connect dialog's Use an API Token does: the token goes to the
 * keyring, then the account is recorded in the workspace and listed. It happens in the
 * background; hotlist_accounts_window_is_busy() says when it is done.
 */
void
hotlist_accounts_window_connect_with_token (HotlistAccountsWindow *self,
                                            const char            *service,
                                            const char            *account,
                                            const char            *base_url,
                                            const char            *token)
{
  g_return_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (token != NULL);

  if (account == NULL || account[0] == '\0')
    account = HOTLIST_DEFAULT_ACCOUNT;
  connect_credentials (self, hotlist_credentials_new_api_token (service, account, token), base_url,
                       NULL);
}

/**
 * hotlist_accounts_window_sync_now:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Starts a sync of the account, as its Sync Now button does.
 *
 * Returns: %FALSE if the account is already syncing
 */
gboolean
hotlist_accounts_window_sync_now (HotlistAccountsWindow *self,
                                  const char            *service,
                                  const char            *account)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), FALSE);
  g_return_val_if_fail (service != NULL && account != NULL, FALSE);
  return start_sync (self, service, account);
}

/**
 * hotlist_accounts_window_cancel_sync:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Cancels the account's sync, as its Cancel button does; what it committed stays.
 *
 * Returns: %FALSE if the account is not syncing
 */
gboolean
hotlist_accounts_window_cancel_sync (HotlistAccountsWindow *self,
                                     const char            *service,
                                     const char            *account)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), FALSE);
  g_return_val_if_fail (service != NULL && account != NULL, FALSE);
  return cancel_sync (self, service, account);
}

/**
 * hotlist_accounts_window_disconnect:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Asks whether to disconnect the account, as its Disconnect… button does. Its "disconnect"
 * response removes the account and its keyring entry in the background.
 *
 * Returns: (transfer none): the confirmation dialog, shown
 */
AdwMessageDialog *
hotlist_accounts_window_disconnect (HotlistAccountsWindow *self,
                                    const char            *service,
                                    const char            *account)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  g_return_val_if_fail (service != NULL && account != NULL, NULL);
  return confirm_disconnect (self, service, account);
}

/**
 * hotlist_accounts_window_get_service_row:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 *
 * Returns: (transfer none) (nullable): the service's row: an #AdwExpanderRow holding its
 *   accounts once one is connected, an #AdwActionRow before
 */
GtkWidget *
hotlist_accounts_window_get_service_row (HotlistAccountsWindow *self, const char *service)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  return g_hash_table_lookup (self->service_rows, service);
}

/**
 * hotlist_accounts_window_get_account_row:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Returns: (transfer none) (nullable): the account's row, or %NULL if it is not listed
 */
GtkWidget *
hotlist_accounts_window_get_account_row (HotlistAccountsWindow *self,
                                         const char            *service,
                                         const char            *account)
{
  AccountView *view;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  view = find_view (self, service, account);
  return view != NULL ? GTK_WIDGET (view->row) : NULL;
}

/**
 * hotlist_accounts_window_get_account_state:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Returns: (nullable): "syncing" while the window syncs it, "cancelled" after it cancelled the
 *   last sync, else the state last read from the workspace ("connected", "error",
 *   "signed-out"…); %NULL if the account is not listed
 */
const char *
hotlist_accounts_window_get_account_state (HotlistAccountsWindow *self,
                                           const char            *service,
                                           const char            *account)
{
  AccountView *view;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  view = find_view (self, service, account);
  if (view == NULL)
    return NULL;
  return g_hash_table_contains (self->jobs, view->key) ? "syncing" : view->state;
}

/**
 * hotlist_accounts_window_get_last_sync_text:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Returns: (nullable): "Last synced 5 minutes ago", "Never synced"…, as the row shows it
 */
const char *
hotlist_accounts_window_get_last_sync_text (HotlistAccountsWindow *self,
                                            const char            *service,
                                            const char            *account)
{
  AccountView *view;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  view = find_view (self, service, account);
  return view != NULL ? view->last_sync_text : NULL;
}

/**
 * hotlist_accounts_window_get_error_text:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Returns: (nullable): what the account's last sync failed with, as its error row shows it, or
 *   %NULL when the row is hidden
 */
const char *
hotlist_accounts_window_get_error_text (HotlistAccountsWindow *self,
                                        const char            *service,
                                        const char            *account)
{
  AccountView *view;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  view = find_view (self, service, account);
  if (view == NULL || !gtk_widget_get_visible (GTK_WIDGET (view->error_row)))
    return NULL;
  return adw_action_row_get_subtitle (view->error_row);
}

/**
 * hotlist_accounts_window_get_progress_text:
 * @self: a #HotlistAccountsWindow
 * @service: a service's id
 * @account: the account's name
 *
 * Returns: (nullable): what the running sync's progress row says ("Pulled 1,200 leads…"), or
 *   %NULL when the account is not syncing
 */
const char *
hotlist_accounts_window_get_progress_text (HotlistAccountsWindow *self,
                                           const char            *service,
                                           const char            *account)
{
  AccountView *view;

  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), NULL);
  view = find_view (self, service, account);
  if (view == NULL || !gtk_widget_get_visible (view->progress_row))
    return NULL;
  return gtk_label_get_text (view->progress_label);
}

/**
 * hotlist_accounts_window_is_busy:
 * @self: a #HotlistAccountsWindow
 *
 * Returns: %TRUE while a sync, a connection or a disconnection is under way
 */
gboolean
hotlist_accounts_window_is_busy (HotlistAccountsWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_ACCOUNTS_WINDOW (self), FALSE);
  return self->n_syncing > 0 || self->n_connecting > 0 || self->n_removing > 0;
}
