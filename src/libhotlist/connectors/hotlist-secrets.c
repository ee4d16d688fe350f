/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credentials of the connected services (OAuth tokens, API tokens), kept only in libsecret. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hotlist-secrets.h"

#define KIND_OAUTH "oauth"
#define KIND_API_TOKEN "api-token"

G_DEFINE_QUARK (hotlist - secrets - error - quark, hotlist_secrets_error)

G_DEFINE_BOXED_TYPE (HotlistCredentials,
                     hotlist_credentials,
                     hotlist_credentials_copy,
                     hotlist_credentials_free)

static const SecretSchema credentials_schema = {
  "org.hotlist.Hotlist.Credentials",
  SECRET_SCHEMA_NONE,
  {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

/* Overwrites a string that held a secret before it goes back to the allocator. */
static void
wipe_string (char *text)
{
  volatile char *p = text;

  if (text == NULL)
    return;
  while (*p != '\0')
    *p++ = '\0';
}

static void
free_secret_string (char *text)
{
  wipe_string (text);
  g_free (text);
}

/* libsecret's errors name D-Bus objects, never secrets, so they can be shown as they are. */
static void
propagate_keyring_error (GError **error, GError *keyring_error, const char *what)
{
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, keyring_error);
      return;
    }
  g_set_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_UNAVAILABLE,
               "Could not %s in the keyring: %s. Check that a keyring (such as GNOME Keyring) is "
               "running and unlocked.",
               what, keyring_error->message);
  g_error_free (keyring_error);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

static GHashTable *
new_attributes (const char *service, const char *account, const char *kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "service", (gpointer)service);
  if (account != NULL)
    g_hash_table_insert (attributes, (gpointer) "account", (gpointer)account);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer)kind);
  return attributes;
}

static void
set_optional_member (JsonBuilder *builder, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
dup_optional_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/**
 * hotlist_credentials_new:
 * @service: the service id
 * @account: the account within the service
 *
 * Returns: (transfer full): empty OAuth credentials for @service and @account
 */
HotlistCredentials *
hotlist_credentials_new (const char *service, const char *account)
{
  HotlistCredentials *credentials;

  g_return_val_if_fail (service != NULL && *service != '\0', NULL);
  g_return_val_if_fail (account != NULL && *account != '\0', NULL);

  credentials = g_new0 (HotlistCredentials, 1);
  credentials->service = g_strdup (service);
  credentials->account = g_strdup (account);
  return credentials;
}

/**
 * hotlist_credentials_new_api_token:
 * @service: the service id
 * @account: the account within the service
 * @token: the API token or private-app token (HubSpot private apps, Pipedrive API token)
 *
 * Returns: (transfer full): credentials that never expire and are never refreshed; save them
 *   with hotlist_secrets_store_sync()
 */
HotlistCredentials *
hotlist_credentials_new_api_token (const char *service, const char *account, const char *token)
{
  HotlistCredentials *credentials;

  g_return_val_if_fail (token != NULL && *token != '\0', NULL);

  credentials = hotlist_credentials_new (service, account);
  g_return_val_if_fail (credentials != NULL, NULL);
  credentials->access_token = g_strdup (token);
  credentials->is_api_token = TRUE;
  return credentials;
}

/**
 * hotlist_credentials_copy:
 * @credentials: credentials
 *
 * Returns: (transfer full): a deep copy
 */
HotlistCredentials *
hotlist_credentials_copy (const HotlistCredentials *credentials)
{
  HotlistCredentials *copy;

  g_return_val_if_fail (credentials != NULL, NULL);

  copy = g_new0 (HotlistCredentials, 1);
  copy->service = g_strdup (credentials->service);
  copy->account = g_strdup (credentials->account);
  copy->access_token = g_strdup (credentials->access_token);
  copy->refresh_token = g_strdup (credentials->refresh_token);
  copy->expires_at = credentials->expires_at;
  copy->token_type = g_strdup (credentials->token_type);
  copy->scope = g_strdup (credentials->scope);
  copy->instance_url = g_strdup (credentials->instance_url);
  copy->api_domain = g_strdup (credentials->api_domain);
  copy->is_api_token = credentials->is_api_token;
  return copy;
}

/**
 * hotlist_credentials_free:
 * @credentials: (nullable): credentials
 *
 * Frees @credentials, overwriting the tokens first.
 */
void
hotlist_credentials_free (HotlistCredentials *credentials)
{
  if (credentials == NULL)
    return;
  g_free (credentials->service);
  g_free (credentials->account);
  free_secret_string (credentials->access_token);
  free_secret_string (credentials->refresh_token);
  g_free (credentials->token_type);
  g_free (credentials->scope);
  g_free (credentials->instance_url);
  g_free (credentials->api_domain);
  g_free (credentials);
}

/**
 * hotlist_credentials_expires_within:
 * @credentials: credentials
 * @margin_seconds: how far ahead to look
 *
 * Returns: %TRUE if the access token is missing, or expires (or expired) within
 *   @margin_seconds from now; %FALSE for API tokens and tokens of unknown lifetime
 */
gboolean
hotlist_credentials_expires_within (const HotlistCredentials *credentials, gint64 margin_seconds)
{
  g_return_val_if_fail (credentials != NULL, FALSE);

  if (credentials->access_token == NULL || *credentials->access_token == '\0')
    return TRUE;
  if (credentials->is_api_token || credentials->expires_at <= 0)
    return FALSE;
  return credentials->expires_at - margin_seconds <= g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * hotlist_credentials_to_json:
 * @credentials: credentials
 *
 * The secret as stored in the keyring. The service and account are item attributes, not part of
 * the secret.
 *
 * Returns: (transfer full): a JSON object holding the tokens; it is a secret: do not log it
 */
char *
hotlist_credentials_to_json (const HotlistCredentials *credentials)
{
  g_autoptr (JsonBuilder)   builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode)      root = NULL;

  g_return_val_if_fail (credentials != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  set_optional_member (builder, "access_token", credentials->access_token);
  set_optional_member (builder, "refresh_token", credentials->refresh_token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, credentials->expires_at);
  set_optional_member (builder, "token_type", credentials->token_type);
  set_optional_member (builder, "scope", credentials->scope);
  set_optional_member (builder, "instance_url", credentials->instance_url);
  set_optional_member (builder, "api_domain", credentials->api_domain);
  json_builder_set_member_name (builder, "api_token");
  json_builder_add_boolean_value (builder, credentials->is_api_token);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * hotlist_credentials_new_from_json:
 * @service: the service id
 * @account: the account
 * @json: a secret written by hotlist_credentials_to_json()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL with
 *   %HOTLIST_SECRETS_ERROR_CORRUPT
 */
HotlistCredentials *
hotlist_credentials_new_from_json (const char *service,
                                   const char *account,
                                   const char *json,
                                   GError    **error)
{
  g_autoptr (JsonParser)         parser = json_parser_new ();
  g_autoptr (HotlistCredentials) credentials = NULL;
  JsonObject                    *object;
  JsonNode                      *root;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The parser's own message could quote the secret, so it is not passed on. */
  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_CORRUPT,
                   "The saved credentials for %s are not readable; connect the account again",
                   service);
      return NULL;
    }
  object = json_node_get_object (root);

  credentials = hotlist_credentials_new (service, account);
  if (credentials == NULL)
    return NULL;
  credentials->access_token = dup_optional_member (object, "access_token");
  credentials->refresh_token = dup_optional_member (object, "refresh_token");
  credentials->expires_at = json_object_get_int_member_with_default (object, "expires_at", 0);
  credentials->token_type = dup_optional_member (object, "token_type");
  credentials->scope = dup_optional_member (object, "scope");
  credentials->instance_url = dup_optional_member (object, "instance_url");
  credentials->api_domain = dup_optional_member (object, "api_domain");
  credentials->is_api_token =
      json_object_get_boolean_member_with_default (object, "api_token", FALSE);
  if (credentials->access_token == NULL)
    {
      g_set_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_CORRUPT,
                   "The saved credentials for %s hold no token; connect the account again",
                   service);
      return NULL;
    }
  return g_steal_pointer (&credentials);
}

/**
 * hotlist_secrets_get_schema:
 *
 * The one libsecret schema of Hotlist, "org.hotlist.Hotlist.Credentials", with the attributes
 * `service`, `account` and `kind` (`oauth` or `api-token`).
 *
 * Returns: (transfer none): the schema
 */
const SecretSchema *
hotlist_secrets_get_schema (void)
{
  return &credentials_schema;
}

/**
 * hotlist_secrets_describe_service:
 * @service: a service id
 *
 * Returns: (transfer full): the service's name as its vendor writes it ("HubSpot")
 */
char *
hotlist_secrets_describe_service (const char *service)
{
  static const struct
  {
    const char *id;
    const char *name;
  } names[] = {
    { "hubspot", "HubSpot" },   { "salesforce", "Salesforce" }, { "pipedrive", "Pipedrive" },
    { "outreach", "Outreach" }, { "salesloft", "SalesLoft" },   { "ga4", "Google Analytics" },
    { "clearbit", "Clearbit" }, { "zoominfo", "ZoomInfo" },
  };

  g_return_val_if_fail (service != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (service, names[i].id) == 0)
      return g_strdup (names[i].name);
  return g_strdup (service);
}

/**
 * hotlist_secrets_store_sync:
 * @credentials: the credentials to save
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves @credentials in the default keyring collection, replacing what was saved for the same
 * service and account. The item is labelled "Hotlist: HubSpot account X" in Seahorse.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_secrets_store_sync (const HotlistCredentials *credentials,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GHashTable) other_kind = NULL;
  g_autofree char       *service_name = NULL;
  g_autofree char       *label = NULL;
  char                  *secret;
  const char            *kind;
  GError                *local_error = NULL;
  gboolean               stored;

  g_return_val_if_fail (credentials != NULL, FALSE);
  g_return_val_if_fail (credentials->service != NULL && credentials->account != NULL, FALSE);
  g_return_val_if_fail (credentials->access_token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = credentials->is_api_token ? KIND_API_TOKEN : KIND_OAUTH;
  attributes = new_attributes (credentials->service, credentials->account, kind);
  service_name = hotlist_secrets_describe_service (credentials->service);
  label = g_strdup_printf ("Hotlist: %s account %s", service_name, credentials->account);

  secret = hotlist_credentials_to_json (credentials);
  stored = secret_password_storev_sync (&credentials_schema, attributes, SECRET_COLLECTION_DEFAULT,
                                        label, secret, cancellable, &local_error);
  free_secret_string (secret);
  if (!stored)
    {
      propagate_keyring_error (error, local_error, "save the credentials");
      return FALSE;
    }

  /* The keyring replaces an item only when every attribute matches, so switching between an API
   * token and OAuth would otherwise leave the old item behind. */
  other_kind = new_attributes (credentials->service, credentials->account,
                               credentials->is_api_token ? KIND_OAUTH : KIND_API_TOKEN);
  if (!secret_password_clearv_sync (&credentials_schema, other_kind, cancellable, &local_error)
      && local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "replace the old credentials");
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_secrets_lookup_sync:
 * @service: the service id
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the saved credentials, or %NULL with
 *   %HOTLIST_SECRETS_ERROR_NOT_FOUND if there are none
 */
HotlistCredentials *
hotlist_secrets_lookup_sync (const char   *service,
                             const char   *account,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char       *service_name = NULL;
  HotlistCredentials    *credentials;
  GError                *local_error = NULL;
  char                  *secret;

  g_return_val_if_fail (service != NULL && account != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attributes = new_attributes (service, account, NULL);
  secret =
      secret_password_lookupv_sync (&credentials_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "read the credentials");
      return NULL;
    }
  if (secret == NULL)
    {
      service_name = hotlist_secrets_describe_service (service);
      g_set_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND,
                   "No %s credentials are saved for account %s; connect the account first",
                   service_name, account);
      return NULL;
    }

  credentials = hotlist_credentials_new_from_json (service, account, secret, error);
  secret_password_free (secret);
  return credentials;
}

/**
 * hotlist_secrets_clear_sync:
 * @service: the service id
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes the saved credentials of @account. Removing credentials that are not there succeeds.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_secrets_clear_sync (const char   *service,
                            const char   *account,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError                *local_error = NULL;

  g_return_val_if_fail (service != NULL && account != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  attributes = new_attributes (service, account, NULL);
  if (!secret_password_clearv_sync (&credentials_schema, attributes, cancellable, &local_error)
      && local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "remove the credentials");
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_secrets_list_accounts_sync:
 * @service: the service id
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the accounts with saved
 *   credentials for @service, sorted, possibly empty; %NULL on error
 */
char **
hotlist_secrets_list_accounts_sync (const char *service, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GPtrArray)  accounts = NULL;
  GError                *local_error = NULL;
  GList                 *items;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attributes = new_attributes (service, NULL, NULL);
  items = secret_password_searchv_sync (&credentials_schema, attributes, SECRET_SEARCH_ALL,
                                        cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (error, local_error, "list the accounts");
      return NULL;
    }

  accounts = g_ptr_array_new_with_free_func (g_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr (GHashTable) item_attributes = secret_retrievable_get_attributes (l->data);
      const char            *account = g_hash_table_lookup (item_attributes, "account");

      if (account != NULL
          && !g_ptr_array_find_with_equal_func (accounts, account, g_str_equal, NULL))
        g_ptr_array_add (accounts, g_strdup (account));
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (accounts, compare_strings);
  g_ptr_array_add (accounts, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&accounts), FALSE);
}

/* The async variants run the synchronous calls in a worker thread: libsecret's sync API keeps
 * its own main context, so the caller's context never waits on the keyring. */

typedef struct
{
  HotlistCredentials *credentials;
  char               *service;
  char               *account;
} SecretsTaskData;

static void
secrets_task_data_free (SecretsTaskData *data)
{
  hotlist_credentials_free (data->credentials);
  g_free (data->service);
  g_free (data->account);
  g_free (data);
}

static GTask *
new_secrets_task (GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data,
                  gpointer            source_tag,
                  SecretsTaskData    *data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify)secrets_task_data_free);
  return task;
}

static void
store_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SecretsTaskData *data = task_data;
  GError          *error = NULL;

  if (hotlist_secrets_store_sync (data->credentials, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * hotlist_secrets_store_async:
 * @credentials: the credentials to save (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asynchronous hotlist_secrets_store_sync().
 */
void
hotlist_secrets_store_async (const HotlistCredentials *credentials,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  SecretsTaskData  *data;

  g_return_if_fail (credentials != NULL && credentials->access_token != NULL);

  data = g_new0 (SecretsTaskData, 1);
  data->credentials = hotlist_credentials_copy (credentials);
  task = new_secrets_task (cancellable, callback, user_data, hotlist_secrets_store_async, data);
  g_task_run_in_thread (task, store_thread);
}

/**
 * hotlist_secrets_store_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_secrets_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_secrets_store_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SecretsTaskData    *data = task_data;
  HotlistCredentials *credentials;
  GError             *error = NULL;

  credentials = hotlist_secrets_lookup_sync (data->service, data->account, cancellable, &error);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify)hotlist_credentials_free);
  else
    g_task_return_error (task, error);
}

/**
 * hotlist_secrets_lookup_async:
 * @service: the service id
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asynchronous hotlist_secrets_lookup_sync().
 */
void
hotlist_secrets_lookup_async (const char         *service,
                              const char         *account,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SecretsTaskData  *data;

  g_return_if_fail (service != NULL && account != NULL);

  data = g_new0 (SecretsTaskData, 1);
  data->service = g_strdup (service);
  data->account = g_strdup (account);
  task = new_secrets_task (cancellable, callback, user_data, hotlist_secrets_lookup_async, data);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * hotlist_secrets_lookup_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL with an error
 */
HotlistCredentials *
hotlist_secrets_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_secrets_lookup_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SecretsTaskData *data = task_data;
  GError          *error = NULL;

  if (hotlist_secrets_clear_sync (data->service, data->account, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * hotlist_secrets_clear_async:
 * @service: the service id
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asynchronous hotlist_secrets_clear_sync().
 */
void
hotlist_secrets_clear_async (const char         *service,
                             const char         *account,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SecretsTaskData  *data;

  g_return_if_fail (service != NULL && account != NULL);

  data = g_new0 (SecretsTaskData, 1);
  data->service = g_strdup (service);
  data->account = g_strdup (account);
  task = new_secrets_task (cancellable, callback, user_data, hotlist_secrets_clear_async, data);
  g_task_run_in_thread (task, clear_thread);
}

/**
 * hotlist_secrets_clear_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_secrets_clear_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_secrets_clear_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_accounts_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SecretsTaskData *data = task_data;
  GError          *error = NULL;
  char           **accounts;

  accounts = hotlist_secrets_list_accounts_sync (data->service, cancellable, &error);
  if (accounts != NULL)
    g_task_return_pointer (task, accounts, (GDestroyNotify)g_strfreev);
  else
    g_task_return_error (task, error);
}

/**
 * hotlist_secrets_list_accounts_async:
 * @service: the service id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asynchronous hotlist_secrets_list_accounts_sync().
 */
void
hotlist_secrets_list_accounts_async (const char         *service,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SecretsTaskData  *data;

  g_return_if_fail (service != NULL);

  data = g_new0 (SecretsTaskData, 1);
  data->service = g_strdup (service);
  task = new_secrets_task (cancellable, callback, user_data, hotlist_secrets_list_accounts_async,
                           data);
  g_task_run_in_thread (task, list_accounts_thread);
}

/**
 * hotlist_secrets_list_accounts_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the accounts, or %NULL with an
 *   error
 */
char **
hotlist_secrets_list_accounts_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                            == hotlist_secrets_list_accounts_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
