/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connected accounts of a workspace, and the sync that pulls their leads and pushes scores back. */
#pragma once

#include <gio/gio.h>

#include "hotlist-oauth.h"
#include "hotlist-provider.h"
#include "store/hotlist-store.h"

G_BEGIN_DECLS

#define HOTLIST_SYNC_ERROR (hotlist_sync_error_quark ())

typedef enum
{
  HOTLIST_SYNC_ERROR_NOT_CONNECTED, /* no such account, or its credentials are gone */
  HOTLIST_SYNC_ERROR_FAILED,        /* the sync stopped; what was committed stays */
  HOTLIST_SYNC_ERROR_BUSY,          /* the account is being synced in this process already */
} HotlistSyncError;

GQuark hotlist_sync_error_quark (void);

/* A connected account, as the workspace records it (its secrets are in the keyring). */
typedef struct
{
  char  *service;      /* "hubspot" */
  char  *account;      /* "default", or the name given when connecting */
  char  *base_url;     /* NULL: the service's own */
  char  *display_name; /* what the service calls the account (portal, org), or NULL */
  gint64 last_sync_at; /* 0: never */
  char  *state;        /* "connected", "syncing", "error", "signed-out" */
  char  *last_error;   /* in plain words, or NULL */
} HotlistAccount;

void hotlist_account_free (HotlistAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistAccount, hotlist_account_free)

#define HOTLIST_DEFAULT_ACCOUNT "default"

GPtrArray      *hotlist_accounts_list (HotlistStore *store, GError **error);
HotlistAccount *hotlist_accounts_get (HotlistStore *store,
                                      const char   *service,
                                      const char   *account,
                                      GError      **error);
gboolean        hotlist_accounts_add (HotlistStore *store,
                                      const char   *service,
                                      const char   *account,
                                      const char   *base_url,
                                      const char   *display_name,
                                      GError      **error);
/* Removes the account, its sync cursors and its keyring entry; its leads stay. */
gboolean hotlist_accounts_remove (HotlistStore *store,
                                  const char   *service,
                                  const char   *account,
                                  GCancellable *cancellable,
                                  GError      **error);

/* The numbers a sync reports (`hotlist-cli sync --json` prints the first five). */
typedef struct
{
  guint pulled;     /* leads read from the service that were new or changed */
  guint created;    /* new in the workspace */
  guint updated;    /* already there, changed */
  guint pushed;     /* scores written back */
  guint failed;     /* scores the service refused (retried next time) */
  guint unchanged;  /* read again but the same as before (e.g. after a score was written) */
  guint activities; /* new ones */
  guint pages;
} HotlistSyncStats;

/* Called in the syncing thread after each committed page and push batch. */
typedef void (*HotlistSyncProgressFunc) (const HotlistSyncStats *stats, gpointer user_data);

/* Blocking; call it from a worker thread or the command line. @store must be that thread's own
 * (a workspace opened there, so that pulled leads are scored). Pulls every page changed since
 * the account's cursor (from the start with @full), each page committed in one transaction
 * with its cursor; then writes back the scores that changed since they were last written.
 * Records last sync, state and last error on the account. Returns FALSE when the sync could
 * not finish; what it committed stays and the next sync resumes from there. */
gboolean hotlist_sync_run (HotlistStore           *store,
                           const char             *service,
                           const char             *account,
                           gboolean                full,
                           HotlistSyncProgressFunc progress,
                           gpointer                progress_data,
                           HotlistSyncStats       *stats,
                           GCancellable           *cancellable,
                           GError                **error);

/* The same with a provider made by the caller (tests, benchmarks). */
gboolean hotlist_sync_run_with_provider (HotlistStore           *store,
                                         HotlistProvider        *provider,
                                         const char             *account,
                                         gboolean                full,
                                         HotlistSyncProgressFunc progress,
                                         gpointer                progress_data,
                                         HotlistSyncStats       *stats,
                                         GCancellable           *cancellable,
                                         GError                **error);

/* The OAuth client registered for @service: the client id and secret come from the
 * environment (HOTLIST_<SERVICE>_CLIENT_ID / _CLIENT_SECRET) or the build; NULL with @error
 * when none is known. @base_url, when set, also hosts the authorize and token endpoints
 * (fakes, sandboxes). */
HotlistOAuthConfig *
hotlist_sync_oauth_config (const char *service, const char *base_url, GError **error);

G_END_DECLS
