/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OAuth 2.0 for native apps: system browser, loopback redirect, PKCE S256, token refresh. */
#pragma once

#include <gio/gio.h>

#include "hotlist-http-client.h"
#include "hotlist-secrets.h"

G_BEGIN_DECLS

#define HOTLIST_OAUTH_ERROR (hotlist_oauth_error_quark ())

/**
 * HotlistOAuthError:
 * @HOTLIST_OAUTH_ERROR_ACCESS_DENIED: the user declined access in the browser
 * @HOTLIST_OAUTH_ERROR_STATE_MISMATCH: the browser came back with a missing or wrong `state`, so
 *   the answer may be forged; the sign-in was stopped and no token was requested
 * @HOTLIST_OAUTH_ERROR_AUTHORIZATION: the service refused the authorization request (another
 *   `error=` than access_denied, or no `code`)
 * @HOTLIST_OAUTH_ERROR_INVALID_GRANT: the code or refresh token was refused (expired, used or
 *   revoked); the user has to sign in again
 * @HOTLIST_OAUTH_ERROR_TOKEN_REQUEST: the token endpoint refused the request for another reason
 *   (wrong client id or secret, bad redirect URI, …)
 * @HOTLIST_OAUTH_ERROR_BAD_RESPONSE: the token endpoint's answer was not a usable token response
 * @HOTLIST_OAUTH_ERROR_NETWORK: the token endpoint could not be reached
 * @HOTLIST_OAUTH_ERROR_TIMED_OUT: the browser did not come back in time
 * @HOTLIST_OAUTH_ERROR_BROWSER: no browser could be opened, or the loopback listener could not
 *   be started
 * @HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN: the access token expired and there is no refresh token
 *   (or these are API-token credentials); the user has to sign in again
 */
typedef enum
{
  HOTLIST_OAUTH_ERROR_ACCESS_DENIED,
  HOTLIST_OAUTH_ERROR_STATE_MISMATCH,
  HOTLIST_OAUTH_ERROR_AUTHORIZATION,
  HOTLIST_OAUTH_ERROR_INVALID_GRANT,
  HOTLIST_OAUTH_ERROR_TOKEN_REQUEST,
  HOTLIST_OAUTH_ERROR_BAD_RESPONSE,
  HOTLIST_OAUTH_ERROR_NETWORK,
  HOTLIST_OAUTH_ERROR_TIMED_OUT,
  HOTLIST_OAUTH_ERROR_BROWSER,
  HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN,
} HotlistOAuthError;

GQuark hotlist_oauth_error_quark (void);

/**
 * HotlistOAuthClientAuth:
 * @HOTLIST_OAUTH_CLIENT_AUTH_BODY: `client_id` (and `client_secret` if any) in the form body
 * @HOTLIST_OAUTH_CLIENT_AUTH_BASIC: HTTP Basic `client_id:client_secret` (Pipedrive)
 *
 * How the token requests authenticate the client.
 */
typedef enum
{
  HOTLIST_OAUTH_CLIENT_AUTH_BODY,
  HOTLIST_OAUTH_CLIENT_AUTH_BASIC,
} HotlistOAuthClientAuth;

/**
 * HotlistOAuthConfig:
 * @service: the service id, as the secrets store names it ("hubspot")
 * @client_id: the app's client id
 * @client_secret: (nullable): the client secret, for the vendors that want one even from a
 *   native app (HubSpot, Pipedrive, Outreach, SalesLoft; Salesforce unless "Require Secret" is
 *   off). It is not confidential inside a desktop app.
 * @authorize_url: the browser endpoint
 * @token_url: the token endpoint
 * @scopes: (array zero-terminated=1) (nullable): the scopes to ask for
 * @scope_separator: how @scopes are joined (" ", or "," for Pipedrive)
 * @client_auth: how token requests carry the client credentials
 * @extra_params: (element-type utf8 utf8): more authorize-request parameters
 *   (`access_type=offline`, `optional_scope`, `prompt`, …)
 *
 * Where and how one service signs in. Every URL can point at a sandbox or a fake on loopback.
 */
typedef struct
{
  char                  *service;
  char                  *client_id;
  char                  *client_secret;
  char                  *authorize_url;
  char                  *token_url;
  char                 **scopes;
  char                  *scope_separator;
  HotlistOAuthClientAuth client_auth;
  GHashTable            *extra_params;
} HotlistOAuthConfig;

#define HOTLIST_TYPE_OAUTH_CONFIG (hotlist_oauth_config_get_type ())

GType               hotlist_oauth_config_get_type (void) G_GNUC_CONST;
HotlistOAuthConfig *hotlist_oauth_config_new (const char *service,
                                              const char *client_id,
                                              const char *client_secret,
                                              const char *authorize_url,
                                              const char *token_url);
HotlistOAuthConfig *hotlist_oauth_config_new_for_service (const char *service,
                                                          const char *client_id,
                                                          const char *client_secret);
HotlistOAuthConfig *hotlist_oauth_config_copy (const HotlistOAuthConfig *config);
void                hotlist_oauth_config_free (HotlistOAuthConfig *config);
void hotlist_oauth_config_set_scopes (HotlistOAuthConfig *config, const char *const *scopes);
void
hotlist_oauth_config_add_param (HotlistOAuthConfig *config, const char *name, const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistOAuthConfig, hotlist_oauth_config_free)

char *hotlist_oauth_generate_code_verifier (GError **error);
char *hotlist_oauth_compute_code_challenge (const char *code_verifier);

#define HOTLIST_TYPE_OAUTH_FLOW (hotlist_oauth_flow_get_type ())

G_DECLARE_FINAL_TYPE (HotlistOAuthFlow, hotlist_oauth_flow, HOTLIST, OAUTH_FLOW, GObject)

/**
 * HotlistOAuthLauncher:
 * @flow: the flow
 * @uri: the authorization URL to open
 * @user_data: closure data
 * @error: return location for a #GError
 *
 * Opens @uri in the user's browser. It must not block: the loopback listener answers the
 * browser in the flow's main context.
 *
 * Returns: %TRUE if the browser is being opened
 */
typedef gboolean (*HotlistOAuthLauncher) (HotlistOAuthFlow *flow,
                                          const char       *uri,
                                          gpointer          user_data,
                                          GError          **error);

HotlistOAuthFlow *hotlist_oauth_flow_new (const HotlistOAuthConfig *config);
void              hotlist_oauth_flow_set_launcher (HotlistOAuthFlow    *self,
                                                   HotlistOAuthLauncher launcher,
                                                   gpointer             user_data,
                                                   GDestroyNotify       destroy);
void              hotlist_oauth_flow_set_timeout (HotlistOAuthFlow *self, guint seconds);
const char       *hotlist_oauth_flow_get_redirect_uri (HotlistOAuthFlow *self);
void              hotlist_oauth_flow_run_async (HotlistOAuthFlow   *self,
                                                const char         *account,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
HotlistCredentials *
hotlist_oauth_flow_run_finish (HotlistOAuthFlow *self, GAsyncResult *result, GError **error);

void                hotlist_oauth_refresh_async (const HotlistOAuthConfig *config,
                                                 const HotlistCredentials *credentials,
                                                 GCancellable             *cancellable,
                                                 GAsyncReadyCallback       callback,
                                                 gpointer                  user_data);
HotlistCredentials *hotlist_oauth_refresh_finish (GAsyncResult *result, GError **error);

void hotlist_oauth_ensure_fresh_async (const HotlistOAuthConfig *config,
                                       const HotlistCredentials *credentials,
                                       gint64                    margin_seconds,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data);
HotlistCredentials *
hotlist_oauth_ensure_fresh_finish (GAsyncResult *result, gboolean *refreshed, GError **error);

void hotlist_oauth_bind_http_client (HotlistHttpClient        *client,
                                     const HotlistOAuthConfig *config,
                                     const HotlistCredentials *credentials);

G_END_DECLS
