/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OAuth 2.0 for native apps: system browser, loopback redirect, PKCE S256, token refresh. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hotlist-oauth.h"

#define DEFAULT_TIMEOUT_SECONDS 300
#define DEFAULT_MARGIN_SECONDS 60
#define VERIFIER_BYTES 32
#define MAX_DESCRIPTION_CHARS 200
#define REDACTED "[redacted]"

struct _HotlistOAuthFlow
{
  GObject parent_instance;

  HotlistOAuthConfig  *config;
  HotlistOAuthLauncher launcher;
  gpointer             launcher_data;
  GDestroyNotify       launcher_destroy;
  guint                timeout_seconds;

  /* The run in progress, if any. */
  GTask      *task;
  SoupServer *server;
  char       *redirect_uri;
  char       *state;
  char       *code_verifier;
  char       *code;
  char       *account;
  GSource    *timeout_source;
  GSource    *cancel_source;
  gboolean    callback_received;
};

G_DEFINE_TYPE (HotlistOAuthFlow, hotlist_oauth_flow, G_TYPE_OBJECT)

G_DEFINE_QUARK (hotlist - oauth - error - quark, hotlist_oauth_error)

G_DEFINE_BOXED_TYPE (HotlistOAuthConfig,
                     hotlist_oauth_config,
                     hotlist_oauth_config_copy,
                     hotlist_oauth_config_free)

/* One token request (code exchange or refresh) in flight. */
typedef struct
{
  HotlistOAuthConfig *config;
  HotlistCredentials *credentials; /* the result being built */
  GPtrArray          *secrets;     /* strings that must never appear in an error */
  gint64              margin;
  gboolean            refreshed;
} TokenRequest;

static void flow_fail (HotlistOAuthFlow *self, GError *error);

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

static void
token_request_free (TokenRequest *req)
{
  hotlist_oauth_config_free (req->config);
  hotlist_credentials_free (req->credentials);
  g_clear_pointer (&req->secrets, g_ptr_array_unref);
  g_free (req);
}

static TokenRequest *
token_request_new (const HotlistOAuthConfig *config, HotlistCredentials *credentials)
{
  TokenRequest *req = g_new0 (TokenRequest, 1);

  req->config = hotlist_oauth_config_copy (config);
  req->credentials = credentials;
  req->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify)free_secret_string);
  if (config->client_secret != NULL)
    g_ptr_array_add (req->secrets, g_strdup (config->client_secret));
  if (credentials->access_token != NULL)
    g_ptr_array_add (req->secrets, g_strdup (credentials->access_token));
  if (credentials->refresh_token != NULL)
    g_ptr_array_add (req->secrets, g_strdup (credentials->refresh_token));
  return req;
}

/* Replaces every secret in @text, in case a server echoes what it was sent. */
static char *
scrub (const char *text, GPtrArray *secrets)
{
  g_autoptr (GString) out = g_string_new (text);

  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      if (secret != NULL && strlen (secret) >= 4)
        g_string_replace (out, secret, REDACTED, 0);
    }
  if (g_utf8_strlen (out->str, -1) > MAX_DESCRIPTION_CHARS)
    {
      g_string_truncate (out,
                         g_utf8_offset_to_pointer (out->str, MAX_DESCRIPTION_CHARS) - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
base64url_encode (const guint8 *data, gsize len)
{
  char *text = g_base64_encode (data, len);
  char *out = text;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '=')
        continue;
      *out++ = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    }
  *out = '\0';
  return text;
}

static gboolean
read_random_bytes (guint8 *buffer, gsize len, GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_autoptr (GFile)            file = g_file_new_for_path ("/dev/urandom");
          g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, error);

          /* getrandom() is missing only on very old kernels; /dev/urandom is as good. */
          if (stream == NULL
              || !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer + done, len - done, NULL,
                                           NULL, error))
            {
              g_prefix_error (error, "Could not get random numbers for the sign-in: ");
              return FALSE;
            }
          return TRUE;
        }
      done += n;
    }
  return TRUE;
}

/* Compares without an early exit, so timing says nothing about where two strings differ. */
static gboolean
equal_constant_time (const char *a, const char *b)
{
  gsize         len_a, len_b;
  unsigned char diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;
  len_a = strlen (a);
  len_b = strlen (b);
  for (gsize i = 0; i < len_a; i++)
    diff |= (unsigned char)a[i] ^ (unsigned char)b[i % (len_b + 1)];
  return diff == 0 && len_a == len_b;
}

static char *
host_of (const char *url)
{
  g_autoptr (GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

static void
set_form_client (GHashTable *form, const HotlistOAuthConfig *config, SoupMessage *msg)
{
  if (config->client_auth == HOTLIST_OAUTH_CLIENT_AUTH_BASIC && config->client_secret != NULL)
    {
      g_autofree char *pair = g_strconcat (config->client_id, ":", config->client_secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
      wipe_string (pair);
      wipe_string (encoded);
      wipe_string (value);
      return;
    }
  g_hash_table_insert (form, g_strdup ("client_id"), g_strdup (config->client_id));
  if (config->client_secret != NULL)
    g_hash_table_insert (form, g_strdup ("client_secret"), g_strdup (config->client_secret));
}

/* Reads a number that some servers send as a JSON string ("3600"). */
static gint64
get_seconds_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  return -1;
}

static void
replace_member (char **field, JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return;
  free_secret_string (*field);
  *field = g_strdup (json_node_get_string (node));
}

/* Merges a token response into @credentials; a missing refresh token keeps the old one. */
static gboolean
apply_token_response (HotlistCredentials *credentials, JsonObject *object)
{
  gint64 expires_in;

  if (!json_object_has_member (object, "access_token"))
    return FALSE;
  g_clear_pointer (&credentials->access_token, free_secret_string);
  replace_member (&credentials->access_token, object, "access_token");
  if (credentials->access_token == NULL || *credentials->access_token == '\0')
    return FALSE;
  replace_member (&credentials->refresh_token, object, "refresh_token");
  replace_member (&credentials->token_type, object, "token_type");
  replace_member (&credentials->scope, object, "scope");
  replace_member (&credentials->instance_url, object, "instance_url");
  replace_member (&credentials->api_domain, object, "api_domain");

  /* Salesforce gives no expires_in: the token lives as long as the session, and a 401 says when
   * it is over. */
  expires_in = get_seconds_member (object, "expires_in");
  credentials->expires_at = expires_in > 0 ? g_get_real_time () / G_USEC_PER_SEC + expires_in : 0;
  credentials->is_api_token = FALSE;
  return TRUE;
}

static GError *
token_error_from_response (TokenRequest *req, guint status, GBytes *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char       *service = hotlist_secrets_describe_service (req->config->service);
  g_autofree char       *code = NULL;
  g_autofree char       *description = NULL;
  JsonNode              *root;
  gsize                  len = 0;
  const char            *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL && json_parser_load_from_data (parser, data, len, NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      const char *value;

      value = json_object_get_string_member_with_default (object, "error", NULL);
      if (value != NULL)
        code = scrub (value, req->secrets);
      value = json_object_get_string_member_with_default (object, "error_description", NULL);
      if (value == NULL)
        value = json_object_get_string_member_with_default (object, "message", NULL);
      if (value != NULL)
        description = scrub (value, req->secrets);
    }

  if (g_strcmp0 (code, "invalid_grant") == 0)
    return g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_INVALID_GRANT,
                        "%s no longer accepts Hotlist's sign-in (%s); connect the account again",
                        service, description != NULL ? description : "invalid_grant");
  return g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_TOKEN_REQUEST,
                      "%s refused the token request (HTTP %u%s%s%s%s); check the app's client id "
                      "and secret, then connect again",
                      service, status, code != NULL ? ", " : "", code != NULL ? code : "",
                      description != NULL ? ": " : "", description != NULL ? description : "");
}

static void
token_request_sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)      task = user_data;
  g_autoptr (GBytes)     body = NULL;
  g_autoptr (GError)     error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char       *service = NULL;
  TokenRequest          *req = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  JsonNode    *root;
  guint        status;
  gsize        len = 0;
  const char  *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  service = hotlist_secrets_describe_service (req->config->service);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_autofree char *reason = scrub (error->message, req->secrets);

          g_task_return_new_error (task, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_NETWORK,
                                   "Could not reach the %s sign-in server: %s; check the "
                                   "network and try again",
                                   service, reason);
        }
      return;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, token_error_from_response (req, status, body));
      return;
    }

  data = g_bytes_get_data (body, &len);
  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !apply_token_response (req->credentials, json_node_get_object (root)))
    {
      g_task_return_new_error (task, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BAD_RESPONSE,
                               "The %s sign-in server sent an answer without a usable token "
                               "(HTTP %u); try again later",
                               service, status);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* POSTs @form to the token endpoint; on success the task's TokenRequest holds the merged
 * credentials. */
static void
token_request_send (GTask *task, GHashTable *form)
{
  TokenRequest           *req = g_task_get_task_data (task);
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  char                   *encoded;

  msg = soup_message_new (SOUP_METHOD_POST, req->config->token_url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_TOKEN_REQUEST,
                               "The token URL of %s is not valid", req->config->service);
      g_object_unref (task);
      return;
    }
  set_form_client (form, req->config, msg);
  encoded = soup_form_encode_hash (form);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded",
                                            g_bytes_new_with_free_func (encoded, strlen (encoded),
                                                                        (GDestroyNotify)
                                                                            free_secret_string,
                                                                        encoded));
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  /* A redirect could carry the code or the client secret elsewhere. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  session = soup_session_new_with_options ("timeout", 60, "user-agent", "Hotlist", NULL);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    token_request_sent_cb, task);
}

static GHashTable *
new_form (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify)free_secret_string);
}

static char *
derive_account (const HotlistCredentials *credentials)
{
  char *host = host_of (credentials->instance_url);

  if (host == NULL)
    host = host_of (credentials->api_domain);
  return host != NULL ? host : g_strdup ("default");
}

/* HotlistOAuthConfig */

/**
 * hotlist_oauth_config_new:
 * @service: the service id
 * @client_id: the app's client id
 * @client_secret: (nullable): the client secret, if the vendor wants one
 * @authorize_url: the browser endpoint
 * @token_url: the token endpoint
 *
 * Returns: (transfer full): a config sending the client credentials in the form body and
 *   joining scopes with spaces
 */
HotlistOAuthConfig *
hotlist_oauth_config_new (const char *service,
                          const char *client_id,
                          const char *client_secret,
                          const char *authorize_url,
                          const char *token_url)
{
  HotlistOAuthConfig *config;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (authorize_url != NULL, NULL);
  g_return_val_if_fail (token_url != NULL, NULL);

  config = g_new0 (HotlistOAuthConfig, 1);
  config->service = g_strdup (service);
  config->client_id = g_strdup (client_id);
  config->client_secret = g_strdup (client_secret);
  config->authorize_url = g_strdup (authorize_url);
  config->token_url = g_strdup (token_url);
  config->scope_separator = g_strdup (" ");
  config->client_auth = HOTLIST_OAUTH_CLIENT_AUTH_BODY;
  config->extra_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return config;
}

/**
 * hotlist_oauth_config_new_for_service:
 * @service: "hubspot", "salesforce", "pipedrive", "outreach", "salesloft" or "ga4"
 * @client_id: the app's client id
 * @client_secret: (nullable): the client secret
 *
 * The vendors' production endpoints, scopes and client authentication. Change the URLs for
 * sandboxes (Salesforce `test.salesforce.com`) or fakes.
 *
 * Returns: (transfer full) (nullable): the config, or %NULL for an unknown service
 */
HotlistOAuthConfig *
hotlist_oauth_config_new_for_service (const char *service,
                                      const char *client_id,
                                      const char *client_secret)
{
  static const struct
  {
    const char *service;
    const char *authorize_url;
    const char *token_url;
    const char *scopes;
    const char *separator;
    gboolean    basic;
  } presets[] = {
    { "hubspot", "https://app.hubspot.com/oauth/authorize", "https://api.hubapi.com/oauth/v1/token",
      "oauth crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read "
      "crm.schemas.contacts.write",
      " ", FALSE },
    { "salesforce", "https://login.salesforce.com/services/oauth2/authorize",
      "https://login.salesforce.com/services/oauth2/token", "api refresh_token", " ", FALSE },
    { "pipedrive", "https://oauth.pipedrive.com/oauth/authorize",
      "https://oauth.pipedrive.com/oauth/token", NULL, ",", TRUE },
    { "outreach", "https://api.outreach.io/oauth/authorize", "https://api.outreach.io/oauth/token",
      "prospects.all sequences.read sequenceStates.all", " ", FALSE },
    { "salesloft", "https://accounts.salesloft.com/oauth/authorize",
      "https://accounts.salesloft.com/oauth/token", NULL, " ", FALSE },
    { "ga4", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
      "https://www.googleapis.com/auth/analytics.readonly", " ", FALSE },
  };

  g_return_val_if_fail (service != NULL && client_id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      HotlistOAuthConfig *config;

      if (!g_str_equal (service, presets[i].service))
        continue;
      config = hotlist_oauth_config_new (service, client_id, client_secret,
                                         presets[i].authorize_url, presets[i].token_url);
      if (presets[i].scopes != NULL)
        config->scopes = g_strsplit (presets[i].scopes, " ", -1);
      g_free (config->scope_separator);
      config->scope_separator = g_strdup (presets[i].separator);
      config->client_auth =
          presets[i].basic ? HOTLIST_OAUTH_CLIENT_AUTH_BASIC : HOTLIST_OAUTH_CLIENT_AUTH_BODY;
      if (g_str_equal (service, "ga4"))
        hotlist_oauth_config_add_param (config, "access_type", "offline");
      return config;
    }
  return NULL;
}

/**
 * hotlist_oauth_config_copy:
 * @config: a config
 *
 * Returns: (transfer full): a deep copy
 */
HotlistOAuthConfig *
hotlist_oauth_config_copy (const HotlistOAuthConfig *config)
{
  HotlistOAuthConfig *copy;
  GHashTableIter      iter;
  gpointer            key, value;

  g_return_val_if_fail (config != NULL, NULL);

  copy = hotlist_oauth_config_new (config->service, config->client_id, config->client_secret,
                                   config->authorize_url, config->token_url);
  copy->scopes = g_strdupv (config->scopes);
  g_free (copy->scope_separator);
  copy->scope_separator = g_strdup (config->scope_separator);
  copy->client_auth = config->client_auth;
  if (config->extra_params != NULL)
    {
      g_hash_table_iter_init (&iter, config->extra_params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        hotlist_oauth_config_add_param (copy, key, value);
    }
  return copy;
}

/**
 * hotlist_oauth_config_free:
 * @config: (nullable): a config
 *
 * Frees @config.
 */
void
hotlist_oauth_config_free (HotlistOAuthConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->service);
  g_free (config->client_id);
  free_secret_string (config->client_secret);
  g_free (config->authorize_url);
  g_free (config->token_url);
  g_strfreev (config->scopes);
  g_free (config->scope_separator);
  g_clear_pointer (&config->extra_params, g_hash_table_unref);
  g_free (config);
}

/**
 * hotlist_oauth_config_set_scopes:
 * @config: a config
 * @scopes: (array zero-terminated=1) (nullable): the scopes to ask for
 *
 * Replaces the scopes.
 */
void
hotlist_oauth_config_set_scopes (HotlistOAuthConfig *config, const char *const *scopes)
{
  g_return_if_fail (config != NULL);

  g_strfreev (config->scopes);
  config->scopes = g_strdupv ((char **)scopes);
}

/**
 * hotlist_oauth_config_add_param:
 * @config: a config
 * @name: a parameter name
 * @value: its value
 *
 * Adds a parameter to the authorization request, replacing one of the same name.
 */
void
hotlist_oauth_config_add_param (HotlistOAuthConfig *config, const char *name, const char *value)
{
  g_return_if_fail (config != NULL && name != NULL && value != NULL);

  if (config->extra_params == NULL)
    config->extra_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (config->extra_params, g_strdup (name), g_strdup (value));
}

/* PKCE */

/**
 * hotlist_oauth_generate_code_verifier:
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a PKCE `code_verifier`: 32 bytes from the kernel's
 *   CSPRNG, base64url without padding (43 characters of the unreserved set)
 */
char *
hotlist_oauth_generate_code_verifier (GError **error)
{
  guint8 bytes[VERIFIER_BYTES];
  char  *verifier;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_random_bytes (bytes, sizeof bytes, error))
    return NULL;
  verifier = base64url_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  return verifier;
}

/**
 * hotlist_oauth_compute_code_challenge:
 * @code_verifier: a PKCE verifier
 *
 * Returns: (transfer full): the S256 `code_challenge`: BASE64URL(SHA256(verifier)), no padding
 */
char *
hotlist_oauth_compute_code_challenge (const char *code_verifier)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8                digest[32];
  gsize                 len = sizeof digest;

  g_return_val_if_fail (code_verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *)code_verifier, strlen (code_verifier));
  g_checksum_get_digest (checksum, digest, &len);
  return base64url_encode (digest, len);
}

/* HotlistOAuthFlow */

static const char page_done[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hotlist</title></head>"
    "<body style=\"font-family:sans-serif;text-align:center;margin-top:4em\">"
    "<h1>Hotlist is connected</h1><p>You can close this tab and go back to Hotlist.</p>"
    "</body></html>";

static const char page_denied[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hotlist</title></head>"
    "<body style=\"font-family:sans-serif;text-align:center;margin-top:4em\">"
    "<h1>Hotlist was not connected</h1><p>Access was not granted. You can close this tab and "
    "try again from Hotlist.</p></body></html>";

static const char page_invalid[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hotlist</title></head>"
    "<body style=\"font-family:sans-serif;text-align:center;margin-top:4em\">"
    "<h1>This sign-in link is not valid</h1><p>It does not belong to the sign-in Hotlist started, "
    "so it was ignored and the sign-in was stopped. Close this tab and connect again from "
    "Hotlist.</p></body></html>";

static void
respond_page (SoupServerMessage *msg, guint status, const char *page)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, page,
                                    strlen (page));
}

/* Closes the listener and forgets the run's secrets. */
static void
flow_stop (HotlistOAuthFlow *self)
{
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  g_clear_pointer (&self->state, free_secret_string);
  g_clear_pointer (&self->code_verifier, free_secret_string);
  g_clear_pointer (&self->code, free_secret_string);
  g_clear_pointer (&self->account, g_free);
}

static void
flow_fail (HotlistOAuthFlow *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  flow_stop (self);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
flow_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;
  TokenRequest      *req = g_task_get_task_data (task);

  if (!hotlist_secrets_store_finish (result, &error))
    {
      g_prefix_error (&error, "Signed in, but ");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&req->credentials),
                         (GDestroyNotify)hotlist_credentials_free);
}

static void
flow_exchanged_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;
  HotlistOAuthFlow  *self = g_task_get_source_object (task);
  TokenRequest      *req = g_task_get_task_data (task);

  /* The run may have timed out or been cancelled meanwhile; its result is already given. */
  if (self->task != task)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      flow_fail (self, g_steal_pointer (&error));
      return;
    }

  g_free (req->credentials->account);
  req->credentials->account =
      self->account != NULL ? g_strdup (self->account) : derive_account (req->credentials);
  g_clear_object (&self->task);
  flow_stop (self);
  hotlist_secrets_store_async (req->credentials, g_task_get_cancellable (task), flow_stored_cb,
                               g_object_ref (task));
}

static void
flow_exchange_code (HotlistOAuthFlow *self)
{
  g_autoptr (GHashTable) form = new_form ();
  HotlistCredentials    *credentials;
  TokenRequest          *req;
  GTask                 *exchange;

  credentials = hotlist_credentials_new (self->config->service, "pending");
  req = token_request_new (self->config, credentials);
  g_ptr_array_add (req->secrets, g_strdup (self->code));
  g_ptr_array_add (req->secrets, g_strdup (self->code_verifier));
  g_task_set_task_data (self->task, req, (GDestroyNotify)token_request_free);

  g_hash_table_insert (form, g_strdup ("grant_type"), g_strdup ("authorization_code"));
  g_hash_table_insert (form, g_strdup ("code"), g_strdup (self->code));
  g_hash_table_insert (form, g_strdup ("redirect_uri"), g_strdup (self->redirect_uri));
  g_hash_table_insert (form, g_strdup ("code_verifier"), g_strdup (self->code_verifier));

  /* The exchange borrows the run's TokenRequest and keeps the run's task alive. */
  exchange = g_task_new (NULL, g_task_get_cancellable (self->task), flow_exchanged_cb,
                         g_object_ref (self->task));
  g_task_set_source_tag (exchange, flow_exchange_code);
  g_task_set_task_data (exchange, req, NULL);
  token_request_send (exchange, form);
}

/* What the browser brought back, acted on once its page has been sent. */
typedef struct
{
  HotlistOAuthFlow *flow;
  GError           *error;
} CallbackOutcome;

static gboolean
callback_outcome_idle_cb (gpointer user_data)
{
  CallbackOutcome  *outcome = user_data;
  HotlistOAuthFlow *self = outcome->flow;

  if (self->task == NULL)
    g_clear_error (&outcome->error);
  else if (outcome->error != NULL)
    flow_fail (self, g_steal_pointer (&outcome->error));
  else
    flow_exchange_code (self);
  return G_SOURCE_REMOVE;
}

static void
callback_outcome_free (gpointer data)
{
  CallbackOutcome *outcome = data;

  g_clear_error (&outcome->error);
  g_object_unref (outcome->flow);
  g_free (outcome);
}

static void
callback_message_finished_cb (SoupServerMessage *msg, gpointer user_data)
{
  CallbackOutcome *outcome = user_data;
  GSource         *source = g_idle_source_new ();

  /* Stopping the server from inside its own message's signal is not safe. At the default
   * priority, not the idle one: a window that animates (a spinner) would hold it back. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, callback_outcome_idle_cb, outcome, callback_outcome_free);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  HotlistOAuthFlow *self = user_data;
  g_autofree char  *service = hotlist_secrets_describe_service (self->config->service);
  CallbackOutcome  *outcome;
  const char       *state, *error_code, *code;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (self->task == NULL || self->callback_received)
    {
      respond_page (msg, SOUP_STATUS_GONE, page_invalid);
      return;
    }

  self->callback_received = TRUE;
  outcome = g_new0 (CallbackOutcome, 1);
  outcome->flow = g_object_ref (self);

  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  error_code = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;

  /* A wrong state fails the whole sign-in rather than waiting for a better one: the listener
   * lives on a fresh port for this run only, so only a forged or mixed-up request can carry
   * one, and no token is requested for it. */
  if (!equal_constant_time (state, self->state))
    {
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, page_invalid);
      outcome->error = g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_STATE_MISMATCH,
                                    "The browser came back from %s with a sign-in answer that "
                                    "does not match the one Hotlist asked for, so it was refused; "
                                    "connect again",
                                    service);
    }
  else if (error_code != NULL)
    {
      respond_page (msg, SOUP_STATUS_OK, page_denied);
      if (g_str_equal (error_code, "access_denied") || g_str_equal (error_code, "user_denied"))
        outcome->error = g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_ACCESS_DENIED,
                                      "Access to %s was declined in the browser; connect again "
                                      "and allow Hotlist to use the account",
                                      service);
      else
        {
          g_autofree char *safe = scrub (error_code, NULL);

          outcome->error = g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_AUTHORIZATION,
                                        "%s refused the sign-in (%s); check the app's settings "
                                        "and connect again",
                                        service, safe);
        }
    }
  else if (code == NULL || *code == '\0')
    {
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, page_invalid);
      outcome->error = g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_AUTHORIZATION,
                                    "The browser came back from %s without an authorization "
                                    "code; connect again",
                                    service);
    }
  else
    {
      respond_page (msg, SOUP_STATUS_OK, page_done);
      self->code = g_strdup (code);
    }

  g_signal_connect (msg, "finished", G_CALLBACK (callback_message_finished_cb), outcome);
}

static gboolean
flow_timeout_cb (gpointer user_data)
{
  HotlistOAuthFlow *self = user_data;
  g_autofree char  *service = hotlist_secrets_describe_service (self->config->service);

  g_clear_pointer (&self->timeout_source, g_source_unref);
  flow_fail (self, g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_TIMED_OUT,
                                "The sign-in to %s was not finished in the browser within %u "
                                "minutes; connect again",
                                service, MAX (1, self->timeout_seconds / 60)));
  return G_SOURCE_REMOVE;
}

static gboolean
flow_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  HotlistOAuthFlow *self = user_data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  flow_fail (self,
             g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The sign-in was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
default_launch_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HotlistOAuthFlow) self = user_data;
  g_autoptr (GError)           error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) && self->task != NULL)
    flow_fail (self, g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BROWSER,
                                  "Could not open the web browser to sign in: %s", error->message));
}

/* Inside Flatpak, GIO hands the URI to the OpenURI portal. */
static gboolean
default_launcher (HotlistOAuthFlow *self, const char *uri, gpointer user_data, GError **error)
{
  g_app_info_launch_default_for_uri_async (uri, NULL, g_task_get_cancellable (self->task),
                                           default_launch_cb, g_object_ref (self));
  return TRUE;
}

static char *
build_authorize_uri (HotlistOAuthFlow *self)
{
  g_autoptr (GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char       *challenge = hotlist_oauth_compute_code_challenge (self->code_verifier);
  g_autofree char       *scope = NULL;
  g_autofree char       *query = NULL;
  GHashTableIter         iter;
  gpointer               key, value;

  if (self->config->extra_params != NULL)
    {
      g_hash_table_iter_init (&iter, self->config->extra_params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, key, value);
    }
  g_hash_table_insert (params, (gpointer) "response_type", (gpointer) "code");
  g_hash_table_insert (params, (gpointer) "client_id", self->config->client_id);
  g_hash_table_insert (params, (gpointer) "redirect_uri", self->redirect_uri);
  g_hash_table_insert (params, (gpointer) "state", self->state);
  g_hash_table_insert (params, (gpointer) "code_challenge", challenge);
  g_hash_table_insert (params, (gpointer) "code_challenge_method", (gpointer) "S256");
  if (self->config->scopes != NULL && self->config->scopes[0] != NULL)
    {
      scope =
          g_strjoinv (self->config->scope_separator != NULL ? self->config->scope_separator : " ",
                      self->config->scopes);
      g_hash_table_insert (params, (gpointer) "scope", scope);
    }

  query = soup_form_encode_hash (params);
  return g_strconcat (self->config->authorize_url,
                      strchr (self->config->authorize_url, '?') != NULL ? "&" : "?", query, NULL);
}

static gboolean
flow_listen (HotlistOAuthFlow *self, GError **error)
{
  g_autoptr (GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList                    *uris;
  guint                      port = 0;

  self->server = soup_server_new ("server-header", "Hotlist", NULL);
  soup_server_add_handler (self->server, "/callback", callback_handler, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  if (port == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no port was assigned");
      return FALSE;
    }

  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  return TRUE;
}

static void
hotlist_oauth_flow_dispose (GObject *object)
{
  HotlistOAuthFlow *self = HOTLIST_OAUTH_FLOW (object);

  /* A running flow holds a reference through its task, so none is running here. */
  flow_stop (self);
  if (self->launcher_destroy != NULL)
    g_clear_pointer (&self->launcher_data, self->launcher_destroy);
  self->launcher_destroy = NULL;

  G_OBJECT_CLASS (hotlist_oauth_flow_parent_class)->dispose (object);
}

static void
hotlist_oauth_flow_finalize (GObject *object)
{
  HotlistOAuthFlow *self = HOTLIST_OAUTH_FLOW (object);

  hotlist_oauth_config_free (self->config);
  g_free (self->redirect_uri);

  G_OBJECT_CLASS (hotlist_oauth_flow_parent_class)->finalize (object);
}

static void
hotlist_oauth_flow_class_init (HotlistOAuthFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hotlist_oauth_flow_dispose;
  object_class->finalize = hotlist_oauth_flow_finalize;
}

static void
hotlist_oauth_flow_init (HotlistOAuthFlow *self)
{
  self->launcher = default_launcher;
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
}

/**
 * hotlist_oauth_flow_new:
 * @config: where and how to sign in (copied)
 *
 * Returns: (transfer full): a sign-in flow for one service
 */
HotlistOAuthFlow *
hotlist_oauth_flow_new (const HotlistOAuthConfig *config)
{
  HotlistOAuthFlow *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (HOTLIST_TYPE_OAUTH_FLOW, NULL);
  self->config = hotlist_oauth_config_copy (config);
  return self;
}

/**
 * hotlist_oauth_flow_set_launcher:
 * @self: a flow
 * @launcher: (nullable): what opens the browser, or %NULL for the default
 *   (g_app_info_launch_default_for_uri_async(), the OpenURI portal inside Flatpak)
 * @user_data: data for @launcher
 * @destroy: (nullable): frees @user_data
 *
 * Replaces the browser launcher; the tests play the browser with it.
 */
void
hotlist_oauth_flow_set_launcher (HotlistOAuthFlow    *self,
                                 HotlistOAuthLauncher launcher,
                                 gpointer             user_data,
                                 GDestroyNotify       destroy)
{
  g_return_if_fail (HOTLIST_IS_OAUTH_FLOW (self));

  if (self->launcher_destroy != NULL)
    self->launcher_destroy (self->launcher_data);
  self->launcher = launcher != NULL ? launcher : default_launcher;
  self->launcher_data = user_data;
  self->launcher_destroy = destroy;
}

/**
 * hotlist_oauth_flow_set_timeout:
 * @self: a flow
 * @seconds: how long to wait for the browser to come back (default 300), 0 for ever
 *
 * Sets the time after which a run fails with %HOTLIST_OAUTH_ERROR_TIMED_OUT.
 */
void
hotlist_oauth_flow_set_timeout (HotlistOAuthFlow *self, guint seconds)
{
  g_return_if_fail (HOTLIST_IS_OAUTH_FLOW (self));

  self->timeout_seconds = seconds;
}

/**
 * hotlist_oauth_flow_get_redirect_uri:
 * @self: a flow
 *
 * Returns: (nullable): the loopback redirect URI of the current or last run
 *   (`http://127.0.0.1:PORT/callback`), or %NULL before the first run
 */
const char *
hotlist_oauth_flow_get_redirect_uri (HotlistOAuthFlow *self)
{
  g_return_val_if_fail (HOTLIST_IS_OAUTH_FLOW (self), NULL);

  return self->redirect_uri;
}

/**
 * hotlist_oauth_flow_run_async:
 * @self: a flow that is not running
 * @account: (nullable): the account to save the credentials under, or %NULL to name it after the
 *   service's answer (Salesforce instance host, Pipedrive company domain, else "default")
 * @cancellable: (nullable): cancels the sign-in and closes the listener
 * @callback: called when the sign-in is over
 * @user_data: data for @callback
 *
 * Signs in: listens on 127.0.0.1 on an ephemeral port, opens the authorization URL (with
 * `state` and a PKCE S256 challenge) in the browser, waits for the redirect, exchanges the code
 * for tokens and saves them in the keyring. A callback with a missing or wrong `state` is
 * answered with an error page and fails the run with %HOTLIST_OAUTH_ERROR_STATE_MISMATCH; no
 * token is requested for it. Everything happens in the thread-default main context.
 */
void
hotlist_oauth_flow_run_async (HotlistOAuthFlow   *self,
                              const char         *account,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *uri = NULL;
  g_autofree char   *service = NULL;

  g_return_if_fail (HOTLIST_IS_OAUTH_FLOW (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, hotlist_oauth_flow_run_async);
  self->callback_received = FALSE;
  self->account = g_strdup (account);
  service = hotlist_secrets_describe_service (self->config->service);

  if ((self->code_verifier = hotlist_oauth_generate_code_verifier (&error)) == NULL
      || (self->state = hotlist_oauth_generate_code_verifier (&error)) == NULL)
    {
      flow_fail (self, g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BROWSER, "%s",
                                    error->message));
      return;
    }

  /* Bind before the browser opens, so the redirect always finds the listener. */
  if (!flow_listen (self, &error))
    {
      flow_fail (self, g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BROWSER,
                                    "Could not wait for the %s sign-in on 127.0.0.1: %s", service,
                                    error->message));
      return;
    }

  if (self->timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new_seconds (self->timeout_seconds);
      g_source_set_callback (self->timeout_source, flow_timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, g_task_get_context (self->task));
    }
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc)(void (*) (void))flow_cancelled_cb,
                             self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (self->task));
    }

  uri = build_authorize_uri (self);
  g_debug ("%s: waiting for the sign-in on %s", self->config->service, self->redirect_uri);
  if (!self->launcher (self, uri, self->launcher_data, &error))
    flow_fail (self, g_error_new (HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_BROWSER,
                                  "Could not open the web browser to sign in to %s: %s", service,
                                  error != NULL ? error->message : "unknown error"));
}

/**
 * hotlist_oauth_flow_run_finish:
 * @self: a flow
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the saved credentials, or %NULL with an error
 */
HotlistCredentials *
hotlist_oauth_flow_run_finish (HotlistOAuthFlow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_OAUTH_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_oauth_flow_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refresh */

static void
refresh_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;
  TokenRequest      *req = g_task_get_task_data (task);

  if (!hotlist_secrets_store_finish (result, &error))
    {
      g_prefix_error (&error, "Renewed the sign-in, but ");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  req->refreshed = TRUE;
  g_task_return_pointer (task, hotlist_credentials_copy (req->credentials),
                         (GDestroyNotify)hotlist_credentials_free);
}

static void
refresh_exchanged_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;
  TokenRequest      *req = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hotlist_secrets_store_async (req->credentials, g_task_get_cancellable (task), refresh_stored_cb,
                               g_object_ref (task));
}

/* The inner task of a refresh shares the outer task's TokenRequest without owning it. */
static void
refresh_start (GTask *task)
{
  TokenRequest          *req = g_task_get_task_data (task);
  g_autoptr (GHashTable) form = new_form ();
  g_autofree char       *service = hotlist_secrets_describe_service (req->config->service);
  GTask                 *inner;

  if (req->credentials->is_api_token)
    {
      g_task_return_new_error (task, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN,
                               "The %s API token of account %s cannot be renewed; if %s refuses "
                               "it, enter a new token",
                               service, req->credentials->account, service);
      g_object_unref (task);
      return;
    }
  if (req->credentials->refresh_token == NULL)
    {
      g_task_return_new_error (task, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN,
                               "The %s sign-in of account %s has expired and cannot be renewed; "
                               "connect the account again",
                               service, req->credentials->account);
      g_object_unref (task);
      return;
    }

  g_hash_table_insert (form, g_strdup ("grant_type"), g_strdup ("refresh_token"));
  g_hash_table_insert (form, g_strdup ("refresh_token"),
                       g_strdup (req->credentials->refresh_token));

  inner = g_task_new (NULL, g_task_get_cancellable (task), refresh_exchanged_cb, task);
  g_task_set_source_tag (inner, refresh_start);
  g_task_set_task_data (inner, req, NULL);
  token_request_send (inner, form);
}

/**
 * hotlist_oauth_refresh_async:
 * @config: the service's sign-in config
 * @credentials: the current credentials (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets a new access token with the refresh token (`grant_type=refresh_token`) and saves the
 * result in the keyring. A response without a refresh token keeps the old one.
 */
void
hotlist_oauth_refresh_async (const HotlistOAuthConfig *config,
                             const HotlistCredentials *credentials,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (config != NULL && credentials != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_oauth_refresh_async);
  g_task_set_task_data (task, token_request_new (config, hotlist_credentials_copy (credentials)),
                        (GDestroyNotify)token_request_free);
  refresh_start (task);
}

/**
 * hotlist_oauth_refresh_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the renewed credentials, already saved, or %NULL with an
 *   error (%HOTLIST_OAUTH_ERROR_INVALID_GRANT or %HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN mean the
 *   user has to sign in again)
 */
HotlistCredentials *
hotlist_oauth_refresh_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_oauth_refresh_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * hotlist_oauth_ensure_fresh_async:
 * @config: the service's sign-in config
 * @credentials: the current credentials (copied)
 * @margin_seconds: refresh when the token expires within this many seconds; negative for the
 *   default of 60
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Refreshes the access token if it expires soon; otherwise returns the credentials as they are.
 * API tokens and tokens of unknown lifetime are never refreshed here (a 401 tells).
 */
void
hotlist_oauth_ensure_fresh_async (const HotlistOAuthConfig *config,
                                  const HotlistCredentials *credentials,
                                  gint64                    margin_seconds,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  TokenRequest *req;
  GTask        *task;

  g_return_if_fail (config != NULL && credentials != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_oauth_ensure_fresh_async);
  req = token_request_new (config, hotlist_credentials_copy (credentials));
  req->margin = margin_seconds < 0 ? DEFAULT_MARGIN_SECONDS : margin_seconds;
  g_task_set_task_data (task, req, (GDestroyNotify)token_request_free);

  if (!hotlist_credentials_expires_within (credentials, req->margin))
    {
      g_task_return_pointer (task, hotlist_credentials_copy (credentials),
                             (GDestroyNotify)hotlist_credentials_free);
      g_object_unref (task);
      return;
    }
  refresh_start (task);
}

/**
 * hotlist_oauth_ensure_fresh_finish:
 * @result: the result
 * @refreshed: (out) (optional): set to whether a refresh happened
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): credentials with a usable access token, or %NULL with an
 *   error
 */
HotlistCredentials *
hotlist_oauth_ensure_fresh_finish (GAsyncResult *result, gboolean *refreshed, GError **error)
{
  TokenRequest *req;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hotlist_oauth_ensure_fresh_async,
                        NULL);

  req = g_task_get_task_data (G_TASK (result));
  if (refreshed != NULL)
    *refreshed = req->refreshed;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* HTTP client binding */

typedef struct
{
  gatomicrefcount     ref_count;
  GMutex              mutex;
  HotlistOAuthConfig *config;
  HotlistCredentials *credentials;
} Binding;

static Binding *
binding_ref (Binding *binding)
{
  g_atomic_ref_count_inc (&binding->ref_count);
  return binding;
}

static void
binding_unref (gpointer data)
{
  Binding *binding = data;

  if (!g_atomic_ref_count_dec (&binding->ref_count))
    return;
  g_mutex_clear (&binding->mutex);
  hotlist_oauth_config_free (binding->config);
  hotlist_credentials_free (binding->credentials);
  g_free (binding);
}

static char *
binding_auth_cb (HotlistHttpClient *client, SoupMessageHeaders *headers, gpointer user_data)
{
  Binding *binding = user_data;
  char    *token = NULL;

  g_mutex_lock (&binding->mutex);
  /* Pipedrive wants its API token in its own header, not as a bearer token. */
  if (binding->credentials->is_api_token
      && g_strcmp0 (binding->credentials->service, "pipedrive") == 0)
    soup_message_headers_replace (headers, "x-api-token", binding->credentials->access_token);
  else
    token = g_strdup (binding->credentials->access_token);
  g_mutex_unlock (&binding->mutex);
  return token;
}

static void
binding_refreshed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask)   task = user_data;
  g_autoptr (GError)  error = NULL;
  Binding            *binding = g_task_get_task_data (task);
  HotlistCredentials *credentials;

  credentials = hotlist_oauth_refresh_finish (result, &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_mutex_lock (&binding->mutex);
  hotlist_credentials_free (binding->credentials);
  binding->credentials = credentials;
  g_mutex_unlock (&binding->mutex);
  g_task_return_boolean (task, TRUE);
}

static void
binding_refresh_cb (HotlistHttpClient  *client,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            callback_data,
                    gpointer            user_data)
{
  Binding            *binding = user_data;
  GTask              *task = g_task_new (client, cancellable, callback, callback_data);
  HotlistCredentials *credentials;

  g_task_set_source_tag (task, binding_refresh_cb);
  g_task_set_task_data (task, binding_ref (binding), binding_unref);
  g_mutex_lock (&binding->mutex);
  credentials = hotlist_credentials_copy (binding->credentials);
  g_mutex_unlock (&binding->mutex);
  hotlist_oauth_refresh_async (binding->config, credentials, cancellable, binding_refreshed_cb,
                               task);
  hotlist_credentials_free (credentials);
}

static gboolean
binding_refresh_finish_cb (HotlistHttpClient *client,
                           GAsyncResult      *result,
                           gpointer           user_data,
                           GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hotlist_oauth_bind_http_client:
 * @client: the service's HTTP client
 * @config: (nullable): the service's sign-in config, or %NULL for API tokens
 * @credentials: the credentials to send (copied)
 *
 * Makes @client send @credentials (as a bearer token, or Pipedrive's `x-api-token`) and, for
 * OAuth credentials with a refresh token, renew them once on a 401 and retry the call. Renewed
 * credentials are saved in the keyring. Refreshing before expiry is the caller's part:
 * hotlist_oauth_ensure_fresh_async() before a batch of calls.
 */
void
hotlist_oauth_bind_http_client (HotlistHttpClient        *client,
                                const HotlistOAuthConfig *config,
                                const HotlistCredentials *credentials)
{
  Binding *binding;

  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (client));
  g_return_if_fail (credentials != NULL);

  binding = g_new0 (Binding, 1);
  g_atomic_ref_count_init (&binding->ref_count);
  g_mutex_init (&binding->mutex);
  binding->config = config != NULL ? hotlist_oauth_config_copy (config) : NULL;
  binding->credentials = hotlist_credentials_copy (credentials);

  hotlist_http_client_set_auth_func (client, binding_auth_cb, binding_ref (binding), binding_unref);
  if (config != NULL && !credentials->is_api_token && credentials->refresh_token != NULL)
    hotlist_http_client_set_refresh_func (client, binding_refresh_cb, binding_refresh_finish_cb,
                                          binding_ref (binding), binding_unref);
  else
    hotlist_http_client_set_refresh_func (client, NULL, NULL, NULL, NULL);
  binding_unref (binding);
}
