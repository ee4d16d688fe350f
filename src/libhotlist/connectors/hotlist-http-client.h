/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one HTTP client every connector uses: JSON, retries with backoff, rate limits, one error domain. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define HOTLIST_HTTP_ERROR (hotlist_http_error_quark ())

/**
 * HotlistHttpError:
 * @HOTLIST_HTTP_ERROR_AUTH_EXPIRED: the service refused the credentials (HTTP 401), even after a
 *   refresh; the user has to sign in again
 * @HOTLIST_HTTP_ERROR_FORBIDDEN: the account may not do this (HTTP 403)
 * @HOTLIST_HTTP_ERROR_NOT_FOUND: no such object (HTTP 404)
 * @HOTLIST_HTTP_ERROR_RATE_LIMITED: the service still throttled the request after every retry, or
 *   asked to wait too long; the message says how long to wait
 * @HOTLIST_HTTP_ERROR_NETWORK: the service could not be reached (refused, reset, timed out)
 * @HOTLIST_HTTP_ERROR_BAD_RESPONSE: the answer was not usable JSON (malformed, cut off, wrong
 *   content type), or the service rejected the request with another 3xx/4xx status
 * @HOTLIST_HTTP_ERROR_SERVER: the service kept failing with 5xx
 * @HOTLIST_HTTP_ERROR_INVALID_URL: the URL is malformed or points to another host than the
 *   client's base URL; nothing was sent
 */
typedef enum
{
  HOTLIST_HTTP_ERROR_AUTH_EXPIRED,
  HOTLIST_HTTP_ERROR_FORBIDDEN,
  HOTLIST_HTTP_ERROR_NOT_FOUND,
  HOTLIST_HTTP_ERROR_RATE_LIMITED,
  HOTLIST_HTTP_ERROR_NETWORK,
  HOTLIST_HTTP_ERROR_BAD_RESPONSE,
  HOTLIST_HTTP_ERROR_SERVER,
  HOTLIST_HTTP_ERROR_INVALID_URL,
} HotlistHttpError;

GQuark hotlist_http_error_quark (void);

/**
 * HotlistHttpRateInfo:
 * @limit: requests allowed per window, or -1 if unknown
 * @remaining: requests left in the current window, or -1
 * @reset_ms: milliseconds from that response until the window resets, or -1
 * @daily_limit: requests allowed per day (HubSpot daily, Salesforce `api-usage` maximum), or -1
 * @daily_remaining: requests left today, or -1
 *
 * The rate-limit headers of the last response that carried any: HubSpot
 * `X-HubSpot-RateLimit-*`, Pipedrive/Outreach/Clearbit `X-RateLimit-*`, Salesforce
 * `Sforce-Limit-Info`.
 */
typedef struct
{
  gint64 limit;
  gint64 remaining;
  gint64 reset_ms;
  gint64 daily_limit;
  gint64 daily_remaining;
} HotlistHttpRateInfo;

#define HOTLIST_TYPE_HTTP_CLIENT (hotlist_http_client_get_type ())

G_DECLARE_FINAL_TYPE (HotlistHttpClient, hotlist_http_client, HOTLIST, HTTP_CLIENT, GObject)

/**
 * HotlistHttpAuthFunc:
 * @client: the client
 * @headers: the request headers, to add service-specific ones to
 * @user_data: closure data
 *
 * Called before every attempt, in the thread that sends the request.
 *
 * Returns: (transfer full) (nullable): the current bearer token, sent as
 *   `Authorization: Bearer …`, or %NULL to send none
 */
typedef char *(*HotlistHttpAuthFunc) (HotlistHttpClient  *client,
                                      SoupMessageHeaders *headers,
                                      gpointer            user_data);

/**
 * HotlistHttpRefreshFunc:
 * @client: the client
 * @cancellable: (nullable): the request's cancellable
 * @callback: to call when the refresh is done, in the thread-default main context
 * @callback_data: data for @callback
 * @user_data: closure data
 *
 * Starts renewing the credentials after a 401. A synchronous implementation makes a #GTask,
 * returns its result at once and pairs with a finish function calling g_task_propagate_boolean().
 */
typedef void (*HotlistHttpRefreshFunc) (HotlistHttpClient  *client,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            callback_data,
                                        gpointer            user_data);

/**
 * HotlistHttpRefreshFinishFunc:
 * @client: the client
 * @result: the result given to the callback
 * @user_data: closure data
 * @error: return location for a #GError
 *
 * Returns: %TRUE if new credentials are in place
 */
typedef gboolean (*HotlistHttpRefreshFinishFunc) (HotlistHttpClient *client,
                                                  GAsyncResult      *result,
                                                  gpointer           user_data,
                                                  GError           **error);

HotlistHttpClient *hotlist_http_client_new (const char *service, const char *base_url);
const char        *hotlist_http_client_get_service (HotlistHttpClient *self);
const char        *hotlist_http_client_get_base_url (HotlistHttpClient *self);
void               hotlist_http_client_set_max_retries (HotlistHttpClient *self, guint max_retries);
void  hotlist_http_client_set_backoff (HotlistHttpClient *self, guint initial_ms, guint max_ms);
void  hotlist_http_client_set_timeout (HotlistHttpClient *self, guint seconds);
void  hotlist_http_client_set_budget (HotlistHttpClient *self, guint requests, guint per_seconds);
void  hotlist_http_client_set_auth_func (HotlistHttpClient  *self,
                                         HotlistHttpAuthFunc func,
                                         gpointer            user_data,
                                         GDestroyNotify      destroy);
void  hotlist_http_client_set_refresh_func (HotlistHttpClient           *self,
                                            HotlistHttpRefreshFunc       refresh,
                                            HotlistHttpRefreshFinishFunc finish,
                                            gpointer                     user_data,
                                            GDestroyNotify               destroy);
guint hotlist_http_client_get_n_requests (HotlistHttpClient *self);
gboolean  hotlist_http_client_get_rate_info (HotlistHttpClient *self, HotlistHttpRateInfo *info);
void      hotlist_http_client_request_async (HotlistHttpClient  *self,
                                             const char         *method,
                                             const char         *path,
                                             GHashTable         *query,
                                             JsonNode           *body,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
JsonNode *hotlist_http_client_request_finish (HotlistHttpClient *self,
                                              GAsyncResult      *result,
                                              guint             *status,
                                              GError           **error);
JsonNode *hotlist_http_client_request_sync (HotlistHttpClient *self,
                                            const char        *method,
                                            const char        *path,
                                            GHashTable        *query,
                                            JsonNode          *body,
                                            GCancellable      *cancellable,
                                            guint             *status,
                                            GError           **error);

G_END_DECLS
