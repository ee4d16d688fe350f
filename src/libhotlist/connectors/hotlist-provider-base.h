/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The common part of the built-in connectors: base URL, credentials, the HTTP client, and the
 * HotlistProvider interface run in a worker thread over the subclass's blocking calls. */
#pragma once

#include "hotlist-http-client.h"
#include "hotlist-oauth.h"
#include "hotlist-provider.h"
#include "hotlist-secrets.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_PROVIDER_BASE (hotlist_provider_base_get_type ())

G_DECLARE_DERIVABLE_TYPE (HotlistProviderBase,
                          hotlist_provider_base,
                          HOTLIST,
                          PROVIDER_BASE,
                          GObject)

/**
 * HotlistProviderBaseClass:
 * @service: the registry's id ("hubspot"), set in class_init
 * @capabilities: what the service can do, set in class_init
 * @pull: reads one page changed since @cursor (%NULL: from the beginning). Runs in a worker
 *   thread; use hotlist_http_client_request_sync().
 * @push_scores: writes each #HotlistScoreUpdate back; returns the external ids that failed
 *   (an empty array when all were written), or %NULL with @error when nothing could be tried.
 * @enrol: adds a lead to a sequence (optional)
 * @enrich: looks up a person or company (optional)
 *
 * Every vfunc runs in a worker thread, one call at a time per provider.
 */
struct _HotlistProviderBaseClass
{
  GObjectClass parent_class;

  const char                 *service;
  HotlistProviderCapabilities capabilities;

  HotlistPullPage *(*pull) (HotlistProviderBase *self,
                            const char          *cursor,
                            GCancellable        *cancellable,
                            GError             **error);
  GPtrArray *(*push_scores) (HotlistProviderBase *self,
                             GPtrArray           *updates,
                             GCancellable        *cancellable,
                             GError             **error);
  gboolean (*enrol) (HotlistProviderBase *self,
                     const char          *external_id,
                     const char          *sequence,
                     GCancellable        *cancellable,
                     GError             **error);
  HotlistRemoteLead *(*enrich) (HotlistProviderBase *self,
                                const char          *email_or_domain,
                                GCancellable        *cancellable,
                                GError             **error);

  /* Optional: where a new sync should start from a stored @cursor, moved back by the margin the
   * service needs (timestamps kept to the second, a search index that lags writes). The sync
   * reads the overlap again and recognises it as unchanged. NULL: from @cursor itself. */
  char *(*rewind_cursor) (HotlistProviderBase *self, const char *cursor);

  gpointer padding[7];
};

HotlistHttpClient        *hotlist_provider_base_get_http_client (HotlistProviderBase *self);
const char               *hotlist_provider_base_get_base_url (HotlistProviderBase *self);
const HotlistCredentials *hotlist_provider_base_get_credentials (HotlistProviderBase *self);
guint hotlist_provider_base_get_page_size (HotlistProviderBase *self, guint default_size);

/* Blocking forms of the interface, for the sync engine's worker thread and the CLI. */
HotlistPullPage *hotlist_provider_pull_sync (HotlistProvider *self,
                                             const char      *cursor,
                                             GCancellable    *cancellable,
                                             GError         **error);
GPtrArray       *hotlist_provider_push_scores_sync (HotlistProvider *self,
                                                    GPtrArray       *updates,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

char *hotlist_provider_rewind_cursor (HotlistProvider *self, const char *cursor);

/* A connected service's provider: @base_url (NULL: the registry's default) and @credentials
 * (copied; sent as the service wants them, refreshed once on a 401 when @oauth_config is given). */
HotlistProvider *hotlist_provider_new (const char               *service,
                                       const char               *base_url,
                                       const HotlistCredentials *credentials,
                                       const HotlistOAuthConfig *oauth_config,
                                       GError                  **error);

G_END_DECLS
