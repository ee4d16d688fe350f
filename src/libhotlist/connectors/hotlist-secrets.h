/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credentials of the connected services (OAuth tokens, API tokens), kept only in libsecret. */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define HOTLIST_SECRETS_ERROR (hotlist_secrets_error_quark ())

/**
 * HotlistSecretsError:
 * @HOTLIST_SECRETS_ERROR_UNAVAILABLE: the keyring (Secret Service) could not be reached or is
 *   locked; the user has to unlock or install a keyring
 * @HOTLIST_SECRETS_ERROR_NOT_FOUND: no credentials are saved for this service and account; the
 *   user has to connect the account
 * @HOTLIST_SECRETS_ERROR_CORRUPT: the saved item is not one Hotlist can read; connecting the
 *   account again replaces it
 */
typedef enum
{
  HOTLIST_SECRETS_ERROR_UNAVAILABLE,
  HOTLIST_SECRETS_ERROR_NOT_FOUND,
  HOTLIST_SECRETS_ERROR_CORRUPT,
} HotlistSecretsError;

GQuark hotlist_secrets_error_quark (void);

/**
 * HotlistCredentials:
 * @service: the service id ("hubspot", "salesforce", "pipedrive", …)
 * @account: the account within the service (a portal, an org, a company domain, or a name the
 *   user chose)
 * @access_token: the bearer token, or the API token when @is_api_token is set
 * @refresh_token: (nullable): the OAuth refresh token
 * @expires_at: when @access_token expires, in seconds since the Unix epoch (UTC), or 0 if unknown
 *   or never (Salesforce gives no `expires_in`; API tokens do not expire)
 * @token_type: (nullable): the token type the server gave ("bearer")
 * @scope: (nullable): the granted scopes, as the server gave them
 * @instance_url: (nullable): Salesforce's `instance_url`, the host for API calls
 * @api_domain: (nullable): Pipedrive's `api_domain`, the host for API calls
 * @is_api_token: a static API token or private-app token, with no expiry and no refresh
 *
 * What Hotlist keeps for one connected account. It is stored as one libsecret item whose
 * secret is a small JSON object; it never goes to SQLite, GSettings or the logs.
 */
typedef struct
{
  char    *service;
  char    *account;
  char    *access_token;
  char    *refresh_token;
  gint64   expires_at;
  char    *token_type;
  char    *scope;
  char    *instance_url;
  char    *api_domain;
  gboolean is_api_token;
} HotlistCredentials;

#define HOTLIST_TYPE_CREDENTIALS (hotlist_credentials_get_type ())

GType               hotlist_credentials_get_type (void) G_GNUC_CONST;
HotlistCredentials *hotlist_credentials_new (const char *service, const char *account);
HotlistCredentials *
hotlist_credentials_new_api_token (const char *service, const char *account, const char *token);
HotlistCredentials *hotlist_credentials_copy (const HotlistCredentials *credentials);
void                hotlist_credentials_free (HotlistCredentials *credentials);
gboolean
hotlist_credentials_expires_within (const HotlistCredentials *credentials, gint64 margin_seconds);
char               *hotlist_credentials_to_json (const HotlistCredentials *credentials);
HotlistCredentials *hotlist_credentials_new_from_json (const char *service,
                                                       const char *account,
                                                       const char *json,
                                                       GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistCredentials, hotlist_credentials_free)

const SecretSchema *hotlist_secrets_get_schema (void);
char               *hotlist_secrets_describe_service (const char *service);

gboolean hotlist_secrets_store_sync (const HotlistCredentials *credentials,
                                     GCancellable             *cancellable,
                                     GError                  **error);
void     hotlist_secrets_store_async (const HotlistCredentials *credentials,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
gboolean hotlist_secrets_store_finish (GAsyncResult *result, GError **error);

HotlistCredentials *hotlist_secrets_lookup_sync (const char   *service,
                                                 const char   *account,
                                                 GCancellable *cancellable,
                                                 GError      **error);
void                hotlist_secrets_lookup_async (const char         *service,
                                                  const char         *account,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
HotlistCredentials *hotlist_secrets_lookup_finish (GAsyncResult *result, GError **error);

gboolean hotlist_secrets_clear_sync (const char   *service,
                                     const char   *account,
                                     GCancellable *cancellable,
                                     GError      **error);
void     hotlist_secrets_clear_async (const char         *service,
                                      const char         *account,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean hotlist_secrets_clear_finish (GAsyncResult *result, GError **error);

char **
hotlist_secrets_list_accounts_sync (const char *service, GCancellable *cancellable, GError **error);
void   hotlist_secrets_list_accounts_async (const char         *service,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
char **hotlist_secrets_list_accounts_finish (GAsyncResult *result, GError **error);

G_END_DECLS
