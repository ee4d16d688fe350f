/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-to-end tests of the OAuth sign-in and the keyring store, against a fake OAuth server. */

#include <string.h>

#include <glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "connectors/hotlist-oauth.h"
#include "connectors/hotlist-secrets.h"

#define CLIENT_ID "hotlist-test-client"
#define CLIENT_SECRET "test-client-secret-1234"
#define INSTANCE_URL "https://acme.my.salesforce.com"

/* The fake authorization server: /authorize plays the consent screen, /token the token
 * endpoint, both checking what RFC 6749 and RFC 7636 require. */
typedef struct
{
  SoupServer *server;
  char       *base_url;

  /* What the test makes it do. */
  gboolean tamper_state;
  gboolean deny;
  gboolean corrupt_challenge;
  gboolean revoke_refresh;
  int      expires_in;

  /* What it saw and issued. */
  char      *challenge;
  char      *redirect_uri;
  char      *code;
  gboolean   code_used;
  char      *access_token;
  char      *refresh_token;
  guint      n_authorize;
  guint      n_token_calls;
  guint      n_refresh_calls;
  gboolean   verifier_matched;
  GPtrArray *secrets; /* every code, token and verifier that went over the wire */
  guint      serial;
} Fake;

/* The test's browser: follows the authorize URL and its redirect to the app's listener. */
typedef struct
{
  Fake        *fake;
  SoupSession *session;
  gboolean     launched;
  gboolean     done;
  gboolean     stay_idle;
  guint        final_status;
  char        *final_body;
  char        *authorize_uri;
} Browser;

typedef struct
{
  Fake               *fake;
  Browser             browser;
  HotlistOAuthConfig *config;
  HotlistOAuthFlow   *flow;
  HotlistCredentials *result;
  GError             *error;
  gboolean            finished;
  gboolean            refreshed;
  const char         *service;
} Fixture;

static char *
random_string (const char *prefix)
{
  return g_strdup_printf ("%s-%08x%08x%08x", prefix, g_random_int (), g_random_int (),
                          g_random_int ());
}

static void
fake_remember (Fake *fake, const char *secret)
{
  if (secret != NULL)
    g_ptr_array_add (fake->secrets, g_strdup (secret));
}

static void
fake_respond_json (SoupServerMessage *msg, guint status, const char *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* An error whose description echoes what the client sent, as a careless server might. */
static void
fake_respond_oauth_error (SoupServerMessage *msg, const char *error, const char *echoed)
{
  g_autofree char *json =
      g_strdup_printf ("{\"error\":\"%s\",\"error_description\":\"rejected %s\"}", error,
                       echoed ? echoed : "");

  fake_respond_json (msg, 400, json);
}

static void
fake_authorize_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Fake            *fake = user_data;
  g_autofree char *location = NULL;
  g_autoptr (GUri) redirect = NULL;
  const char      *redirect_uri, *state, *challenge;

  fake->n_authorize++;
  redirect_uri = query ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  state = query ? g_hash_table_lookup (query, "state") : NULL;
  challenge = query ? g_hash_table_lookup (query, "code_challenge") : NULL;
  redirect = redirect_uri ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL) : NULL;

  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "client_id"), CLIENT_ID) != 0
      || g_strcmp0 (g_hash_table_lookup (query, "response_type"), "code") != 0
      || g_strcmp0 (g_hash_table_lookup (query, "code_challenge_method"), "S256") != 0
      || challenge == NULL || strlen (challenge) != 43 || state == NULL || redirect == NULL
      || g_strcmp0 (g_uri_get_scheme (redirect), "http") != 0
      || g_strcmp0 (g_uri_get_host (redirect), "127.0.0.1") != 0 || g_uri_get_port (redirect) <= 0
      || g_strcmp0 (g_uri_get_path (redirect), "/callback") != 0)
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "invalid_request",
                                        15);
      return;
    }

  g_free (fake->challenge);
  fake->challenge = g_strdup (
      fake->corrupt_challenge ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" : challenge);
  g_free (fake->redirect_uri);
  fake->redirect_uri = g_strdup (redirect_uri);

  if (fake->deny)
    location = g_strdup_printf ("%s?error=access_denied&state=%s", redirect_uri, state);
  else
    {
      g_free (fake->code);
      fake->code = random_string ("code");
      fake->code_used = FALSE;
      fake_remember (fake, fake->code);
      location = g_strdup_printf ("%s?code=%s&state=%s", redirect_uri, fake->code,
                                  fake->tamper_state ? "tampered-state" : state);
    }
  soup_server_message_set_redirect (msg, 302, location);
}

static void
fake_issue_tokens (Fake *fake, SoupServerMessage *msg, gboolean with_refresh)
{
  g_autofree char *json = NULL;

  fake->serial++;
  g_free (fake->access_token);
  fake->access_token = random_string ("access");
  fake_remember (fake, fake->access_token);
  if (with_refresh)
    {
      g_free (fake->refresh_token);
      fake->refresh_token = random_string ("refresh");
      fake_remember (fake, fake->refresh_token);
    }
  /* A refresh answer without refresh_token: the client keeps the one it has. */
  json = g_strdup_printf ("{\"access_token\":\"%s\"%s%s%s,\"expires_in\":%d,"
                          "\"token_type\":\"bearer\",\"instance_url\":\"%s\"}",
                          fake->access_token, with_refresh ? ",\"refresh_token\":\"" : "",
                          with_refresh ? fake->refresh_token : "", with_refresh ? "\"" : "",
                          fake->expires_in, INSTANCE_URL);
  fake_respond_json (msg, 200, json);
}

static void
fake_token_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fake                  *fake = user_data;
  SoupMessageBody       *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes)     bytes = soup_message_body_flatten (body);
  g_autoptr (GHashTable) form = NULL;
  g_autofree char       *text = NULL;
  const char            *grant;

  fake->n_token_calls++;
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST
      || g_strcmp0 (soup_message_headers_get_content_type (soup_server_message_get_request_headers (
                                                               msg),
                                                           NULL),
                    "application/x-www-form-urlencoded")
             != 0)
    {
      fake_respond_oauth_error (msg, "invalid_request", NULL);
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = soup_form_decode (text);
  grant = g_hash_table_lookup (form, "grant_type");

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), CLIENT_ID) != 0
      || g_strcmp0 (g_hash_table_lookup (form, "client_secret"), CLIENT_SECRET) != 0)
    {
      fake_respond_oauth_error (msg, "invalid_client", NULL);
      return;
    }

  if (g_strcmp0 (grant, "authorization_code") == 0)
    {
      const char           *code = g_hash_table_lookup (form, "code");
      const char           *verifier = g_hash_table_lookup (form, "code_verifier");
      g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char      *encoded = NULL;
      guint8                digest[32];
      gsize                 len = sizeof digest;

      fake_remember (fake, verifier);
      if (code == NULL || g_strcmp0 (code, fake->code) != 0 || fake->code_used)
        {
          fake_respond_oauth_error (msg, "invalid_grant", code);
          return;
        }
      fake->code_used = TRUE;
      if (g_strcmp0 (g_hash_table_lookup (form, "redirect_uri"), fake->redirect_uri) != 0)
        {
          fake_respond_oauth_error (msg, "invalid_grant", "redirect_uri");
          return;
        }
      if (verifier == NULL || strlen (verifier) < 43 || strlen (verifier) > 128)
        {
          fake_respond_oauth_error (msg, "invalid_grant", verifier);
          return;
        }
      g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
      g_checksum_get_digest (checksum, digest, &len);
      encoded = g_base64_encode (digest, len);
      g_strdelimit (encoded, "+", '-');
      g_strdelimit (encoded, "/", '_');
      g_strdelimit (encoded, "=", '\0');
      if (g_strcmp0 (encoded, fake->challenge) != 0)
        {
          /* The description quotes the code and the verifier: the client must not pass them on. */
          g_autofree char *echo = g_strdup_printf ("%s %s", code, verifier);

          fake_respond_oauth_error (msg, "invalid_grant", echo);
          return;
        }
      fake->verifier_matched = TRUE;
      fake_issue_tokens (fake, msg, TRUE);
    }
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      const char *refresh = g_hash_table_lookup (form, "refresh_token");

      fake->n_refresh_calls++;
      if (fake->revoke_refresh || g_strcmp0 (refresh, fake->refresh_token) != 0)
        {
          fake_respond_oauth_error (msg, "invalid_grant", refresh);
          return;
        }
      fake_issue_tokens (fake, msg, FALSE);
    }
  else
    fake_respond_oauth_error (msg, "unsupported_grant_type", NULL);
}

static Fake *
fake_new (void)
{
  g_autoptr (GError)         error = NULL;
  g_autoptr (GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  Fake                      *fake = g_new0 (Fake, 1);
  GSList                    *uris;

  fake->expires_in = 1800;
  fake->secrets = g_ptr_array_new_with_free_func (g_free);
  fake_remember (fake, CLIENT_SECRET);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/authorize", fake_authorize_cb, fake, NULL);
  soup_server_add_handler (fake->server, "/token", fake_token_cb, fake, NULL);
  soup_server_listen (fake->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_free (fake->base_url);
  g_free (fake->challenge);
  g_free (fake->redirect_uri);
  g_free (fake->code);
  g_free (fake->access_token);
  g_free (fake->refresh_token);
  g_ptr_array_unref (fake->secrets);
  g_free (fake);
}

/* No error may quote a code, token, verifier or the client secret. */
static void
assert_error_clean (Fake *fake, const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_test_message ("error: %s", error->message);
  for (guint i = 0; i < fake->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (fake->secrets, i);

      if (strstr (error->message, secret) != NULL)
        g_test_fail_printf ("the error \"%s\" quotes a secret", error->message);
    }
}

static void
browser_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Browser           *browser = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage       *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  browser->final_status = soup_message_get_status (msg);
  browser->final_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  browser->done = TRUE;
}

static gboolean
browser_launch (HotlistOAuthFlow *flow, const char *uri, gpointer user_data, GError **error)
{
  Browser                *browser = user_data;
  g_autoptr (SoupMessage) msg = NULL;

  browser->launched = TRUE;
  browser->authorize_uri = g_strdup (uri);
  if (browser->stay_idle)
    return TRUE;

  /* libsoup follows the 302 to the app's loopback listener, as a browser would. */
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_assert_nonnull (msg);
  soup_session_send_and_read_async (browser->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    browser_done_cb, browser);
  return TRUE;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autofree char *authorize = NULL;
  g_autofree char *token = NULL;

  fx->service = data;
  fx->fake = fake_new ();
  fx->browser.fake = fx->fake;
  fx->browser.session = soup_session_new ();
  authorize = g_strconcat (fx->fake->base_url, "/authorize", NULL);
  token = g_strconcat (fx->fake->base_url, "/token", NULL);
  fx->config = hotlist_oauth_config_new (fx->service, CLIENT_ID, CLIENT_SECRET, authorize, token);
  hotlist_oauth_config_set_scopes (fx->config,
                                   (const char *const[]){ "api", "refresh_token", NULL });
  fx->flow = hotlist_oauth_flow_new (fx->config);
  hotlist_oauth_flow_set_launcher (fx->flow, browser_launch, &fx->browser, NULL);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_auto (GStrv)     accounts = NULL;
  g_autoptr (GError) error = NULL;

  accounts = hotlist_secrets_list_accounts_sync (fx->service, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; accounts[i] != NULL; i++)
    {
      hotlist_secrets_clear_sync (fx->service, accounts[i], NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_finalize_object (fx->flow);
  hotlist_oauth_config_free (fx->config);
  hotlist_credentials_free (fx->result);
  g_clear_error (&fx->error);
  g_object_unref (fx->browser.session);
  g_free (fx->browser.final_body);
  g_free (fx->browser.authorize_uri);
  fake_free (fx->fake);
}

static void
flow_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fx = user_data;

  fx->result = hotlist_oauth_flow_run_finish (HOTLIST_OAUTH_FLOW (source), result, &fx->error);
  fx->finished = TRUE;
}

/* Runs the sign-in until it is over and the browser has its page. */
static void
run_flow (Fixture *fx, const char *account, GCancellable *cancellable)
{
  fx->finished = FALSE;
  hotlist_oauth_flow_run_async (fx->flow, account, cancellable, flow_done_cb, fx);
  while (!fx->finished || (fx->browser.launched && !fx->browser.stay_idle && !fx->browser.done))
    g_main_context_iteration (NULL, TRUE);
  fx->finished = FALSE;
}

static void
refresh_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fx = user_data;

  g_clear_pointer (&fx->result, hotlist_credentials_free);
  fx->result = hotlist_oauth_refresh_finish (result, &fx->error);
  fx->finished = TRUE;
}

static void
ensure_fresh_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fx = user_data;

  g_clear_pointer (&fx->result, hotlist_credentials_free);
  fx->result = hotlist_oauth_ensure_fresh_finish (result, &fx->refreshed, &fx->error);
  fx->finished = TRUE;
}

static void
wait_finished (Fixture *fx)
{
  while (!fx->finished)
    g_main_context_iteration (NULL, TRUE);
  fx->finished = FALSE;
}

static void
lookup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HotlistCredentials **out = user_data;
  g_autoptr (GError)   error = NULL;

  *out = hotlist_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
port_is_open (const char *uri)
{
  g_autoptr (GUri)              parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GSocketClient)     client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (parsed), NULL, NULL);
  return connection != NULL;
}

/* Tests */

static void
test_pkce (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *challenge = NULL;
  g_autofree char   *a = NULL;
  g_autofree char   *b = NULL;

  challenge = hotlist_oauth_compute_code_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  a = hotlist_oauth_generate_code_verifier (&error);
  g_assert_no_error (error);
  b = hotlist_oauth_generate_code_verifier (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), >=, 43);
  g_assert_cmpuint (strlen (a), <=, 128);
  g_assert_cmpuint (strspn (a,
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"),
                    ==, strlen (a));
  g_assert_cmpstr (a, !=, b);
}

static void
test_full_flow (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;
  g_auto (GStrv)                 accounts = NULL;
  g_autofree char               *query_state = NULL;
  gint64                         now = g_get_real_time () / G_USEC_PER_SEC;
  const char                    *redirect;

  run_flow (fx, "acme", NULL);
  g_assert_no_error (fx->error);
  g_assert_nonnull (fx->result);

  /* The fake saw PKCE done right: its challenge matched the verifier sent to /token. */
  g_assert_true (fx->fake->verifier_matched);
  g_assert_cmpuint (fx->fake->n_token_calls, ==, 1);
  g_assert_true (fx->fake->code_used);

  /* The authorization request: loopback redirect on an ephemeral port, S256, state, scopes. */
  redirect = hotlist_oauth_flow_get_redirect_uri (fx->flow);
  g_assert_true (g_str_has_prefix (redirect, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect, "/callback"));
  g_assert_cmpstr (redirect, ==, fx->fake->redirect_uri);
  g_assert_nonnull (strstr (fx->browser.authorize_uri, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (fx->browser.authorize_uri, "state="));
  g_assert_true (strstr (fx->browser.authorize_uri, "scope=api+refresh_token") != NULL
                 || strstr (fx->browser.authorize_uri, "scope=api%20refresh_token") != NULL);

  /* The browser was told it can close the tab, and the listener is gone. */
  g_assert_cmpuint (fx->browser.final_status, ==, 200);
  g_assert_nonnull (strstr (fx->browser.final_body, "close this tab"));
  g_assert_false (port_is_open (redirect));

  g_assert_cmpstr (fx->result->service, ==, fx->service);
  g_assert_cmpstr (fx->result->account, ==, "acme");
  g_assert_cmpstr (fx->result->access_token, ==, fx->fake->access_token);
  g_assert_cmpstr (fx->result->refresh_token, ==, fx->fake->refresh_token);
  g_assert_cmpstr (fx->result->token_type, ==, "bearer");
  g_assert_cmpstr (fx->result->instance_url, ==, INSTANCE_URL);
  g_assert_false (fx->result->is_api_token);
  g_assert_cmpint (fx->result->expires_at, >=, now + 1800 - 5);
  g_assert_cmpint (fx->result->expires_at, <=, now + 1800 + 5);

  /* The same credentials come back out of the keyring, through the async API. */
  hotlist_secrets_lookup_async (fx->service, "acme", NULL, lookup_done_cb, &stored);
  while (stored == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (stored->access_token, ==, fx->fake->access_token);
  g_assert_cmpstr (stored->refresh_token, ==, fx->fake->refresh_token);
  g_assert_cmpint (stored->expires_at, ==, fx->result->expires_at);
  g_assert_cmpstr (stored->instance_url, ==, INSTANCE_URL);

  accounts = hotlist_secrets_list_accounts_sync (fx->service, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (accounts, ((const char *const[]){ "acme", NULL }));
}

static void
test_account_from_response (Fixture *fx, gconstpointer data)
{
  run_flow (fx, NULL, NULL);
  g_assert_no_error (fx->error);
  g_assert_cmpstr (fx->result->account, ==, "acme.my.salesforce.com");
}

static void
test_wrong_state (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;

  fx->fake->tamper_state = TRUE;
  run_flow (fx, "acme", NULL);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_STATE_MISMATCH);
  g_assert_null (fx->result);
  assert_error_clean (fx->fake, fx->error);

  /* The code was never exchanged. */
  g_assert_cmpuint (fx->fake->n_token_calls, ==, 0);
  g_assert_false (fx->fake->code_used);
  g_assert_cmpuint (fx->browser.final_status, ==, 400);
  g_assert_false (port_is_open (hotlist_oauth_flow_get_redirect_uri (fx->flow)));

  stored = hotlist_secrets_lookup_sync (fx->service, "acme", NULL, &error);
  g_assert_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (stored);
}

static void
test_access_denied (Fixture *fx, gconstpointer data)
{
  fx->fake->deny = TRUE;
  run_flow (fx, "acme", NULL);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (fx->error->message, "declined"));
  assert_error_clean (fx->fake, fx->error);
  g_assert_cmpuint (fx->fake->n_token_calls, ==, 0);
  g_assert_cmpuint (fx->browser.final_status, ==, 200);
}

static void
test_wrong_verifier (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;

  /* The fake remembers another challenge, so the verifier cannot match: the token endpoint
   * refuses, and echoes the code and verifier in its description. */
  fx->fake->corrupt_challenge = TRUE;
  run_flow (fx, "acme", NULL);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_INVALID_GRANT);
  g_assert_false (fx->fake->verifier_matched);
  g_assert_cmpuint (fx->fake->n_token_calls, ==, 1);
  assert_error_clean (fx->fake, fx->error);

  stored = hotlist_secrets_lookup_sync (fx->service, "acme", NULL, &error);
  g_assert_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND);
}

static void
test_refresh (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) before = NULL;
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;

  run_flow (fx, "acme", NULL);
  g_assert_no_error (fx->error);
  before = hotlist_credentials_copy (fx->result);

  hotlist_oauth_refresh_async (fx->config, before, NULL, refresh_done_cb, fx);
  wait_finished (fx);
  g_assert_no_error (fx->error);
  g_assert_cmpuint (fx->fake->n_refresh_calls, ==, 1);
  g_assert_cmpstr (fx->result->access_token, ==, fx->fake->access_token);
  g_assert_cmpstr (fx->result->access_token, !=, before->access_token);
  /* The answer had no refresh_token: the old one is kept. */
  g_assert_cmpstr (fx->result->refresh_token, ==, before->refresh_token);

  stored = hotlist_secrets_lookup_sync (fx->service, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, fx->fake->access_token);
  g_assert_cmpstr (stored->refresh_token, ==, before->refresh_token);
}

static void
test_refresh_revoked (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) before = NULL;

  run_flow (fx, "acme", NULL);
  g_assert_no_error (fx->error);
  before = hotlist_credentials_copy (fx->result);

  fx->fake->revoke_refresh = TRUE;
  hotlist_oauth_refresh_async (fx->config, before, NULL, refresh_done_cb, fx);
  wait_finished (fx);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (fx->error->message, "connect the account again"));
  assert_error_clean (fx->fake, fx->error);
}

static void
test_ensure_fresh (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) creds = NULL;
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;
  gint64                         now = g_get_real_time () / G_USEC_PER_SEC;

  run_flow (fx, "acme", NULL);
  g_assert_no_error (fx->error);
  creds = hotlist_credentials_copy (fx->result);

  /* Valid for 30 minutes: left alone. */
  hotlist_oauth_ensure_fresh_async (fx->config, creds, -1, NULL, ensure_fresh_done_cb, fx);
  wait_finished (fx);
  g_assert_no_error (fx->error);
  g_assert_false (fx->refreshed);
  g_assert_cmpuint (fx->fake->n_refresh_calls, ==, 0);
  g_assert_cmpstr (fx->result->access_token, ==, creds->access_token);

  /* Expiring within the default 60 s margin: refreshed. */
  creds->expires_at = now + 30;
  hotlist_oauth_ensure_fresh_async (fx->config, creds, -1, NULL, ensure_fresh_done_cb, fx);
  wait_finished (fx);
  g_assert_no_error (fx->error);
  g_assert_true (fx->refreshed);
  g_assert_cmpuint (fx->fake->n_refresh_calls, ==, 1);

  /* Already expired: refreshed, and the keyring has the new token. */
  g_clear_pointer (&creds, hotlist_credentials_free);
  creds = hotlist_credentials_copy (fx->result);
  creds->expires_at = now - 10;
  hotlist_oauth_ensure_fresh_async (fx->config, creds, 0, NULL, ensure_fresh_done_cb, fx);
  wait_finished (fx);
  g_assert_no_error (fx->error);
  g_assert_true (fx->refreshed);
  g_assert_cmpuint (fx->fake->n_refresh_calls, ==, 2);
  g_assert_cmpstr (fx->result->access_token, !=, creds->access_token);
  g_assert_cmpint (fx->result->expires_at, >, now + 1000);

  stored = hotlist_secrets_lookup_sync (fx->service, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, fx->fake->access_token);
}

static void
test_api_token (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) token = NULL;
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (HotlistCredentials) gone = NULL;
  g_autoptr (GError)             error = NULL;
  g_auto (GStrv)                 accounts = NULL;
  g_auto (GStrv)                 after = NULL;
  g_autofree char               *secret = random_string ("pat-na1");

  fake_remember (fx->fake, secret);
  token = hotlist_credentials_new_api_token (fx->service, "private-app", secret);
  g_assert_true (hotlist_secrets_store_sync (token, NULL, &error));
  g_assert_no_error (error);

  stored = hotlist_secrets_lookup_sync (fx->service, "private-app", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, secret);
  g_assert_true (stored->is_api_token);
  g_assert_null (stored->refresh_token);
  g_assert_cmpint (stored->expires_at, ==, 0);
  g_assert_false (hotlist_credentials_expires_within (stored, 3600));

  /* Never refreshed: ensure_fresh leaves it alone, an explicit refresh says why not. */
  hotlist_oauth_ensure_fresh_async (fx->config, stored, -1, NULL, ensure_fresh_done_cb, fx);
  wait_finished (fx);
  g_assert_no_error (fx->error);
  g_assert_false (fx->refreshed);
  hotlist_oauth_refresh_async (fx->config, stored, NULL, refresh_done_cb, fx);
  wait_finished (fx);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_NO_REFRESH_TOKEN);
  assert_error_clean (fx->fake, fx->error);
  g_assert_cmpuint (fx->fake->n_token_calls, ==, 0);

  accounts = hotlist_secrets_list_accounts_sync (fx->service, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (accounts, ((const char *const[]){ "private-app", NULL }));

  g_assert_true (hotlist_secrets_clear_sync (fx->service, "private-app", NULL, &error));
  g_assert_no_error (error);
  gone = hotlist_secrets_lookup_sync (fx->service, "private-app", NULL, &error);
  g_assert_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (gone);
  assert_error_clean (fx->fake, error);
  g_clear_error (&error);
  after = hotlist_secrets_list_accounts_sync (fx->service, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (after), ==, 0);

  /* Clearing what is not there is not an error. */
  g_assert_true (hotlist_secrets_clear_sync (fx->service, "private-app", NULL, &error));
  g_assert_no_error (error);
}

static void
test_replace_kind (Fixture *fx, gconstpointer data)
{
  g_autoptr (HotlistCredentials) token = NULL;
  g_autoptr (HotlistCredentials) stored = NULL;
  g_autoptr (GError)             error = NULL;
  g_auto (GStrv)                 accounts = NULL;

  /* Connecting with OAuth where an API token was saved leaves one item, the OAuth one. */
  token = hotlist_credentials_new_api_token (fx->service, "acme", "pipedrive-api-token-0001");
  g_assert_true (hotlist_secrets_store_sync (token, NULL, &error));
  g_assert_no_error (error);
  run_flow (fx, "acme", NULL);
  g_assert_no_error (fx->error);

  stored = hotlist_secrets_lookup_sync (fx->service, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (stored->is_api_token);
  g_assert_cmpstr (stored->access_token, ==, fx->fake->access_token);
  accounts = hotlist_secrets_list_accounts_sync (fx->service, NULL, &error);
  g_assert_cmpstrv (accounts, ((const char *const[]){ "acme", NULL }));
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  fx->browser.stay_idle = TRUE;
  g_timeout_add (50, cancel_cb, cancellable);
  run_flow (fx, "acme", cancellable);
  g_assert_error (fx->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (fx->browser.launched);
  g_assert_false (port_is_open (hotlist_oauth_flow_get_redirect_uri (fx->flow)));
}

static void
test_timeout (Fixture *fx, gconstpointer data)
{
  fx->browser.stay_idle = TRUE;
  hotlist_oauth_flow_set_timeout (fx->flow, 1);
  run_flow (fx, "acme", NULL);
  g_assert_error (fx->error, HOTLIST_OAUTH_ERROR, HOTLIST_OAUTH_ERROR_TIMED_OUT);
  g_assert_false (port_is_open (hotlist_oauth_flow_get_redirect_uri (fx->flow)));
}

/* The tests use the session keyring; without one they cannot say anything, and say so. */
static void
test_keyring_missing (gconstpointer data)
{
  g_test_fail_printf (
      "No usable Secret Service (keyring) on the session bus: %s. Run the tests "
      "with `make check`, build-aux/run-tests.sh or /work/shared/tools/with-keyring.",
      (const char *)data);
}

static char *
probe_keyring (void)
{
  g_autoptr (SecretService)      service = NULL;
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistCredentials) probe = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  if (service == NULL)
    return g_strdup (error->message);
  probe = hotlist_credentials_new_api_token ("hotlist-test-probe", "probe", "probe-value");
  if (!hotlist_secrets_store_sync (probe, NULL, &error)
      || !hotlist_secrets_clear_sync ("hotlist-test-probe", "probe", NULL, &error))
    return g_strdup (error->message);
  return NULL;
}

#define ADD(path, func, service) \
  g_test_add (path, Fixture, service, fixture_set_up, func, fixture_tear_down)

/* Under AddressSanitizer: full stacks for every allocation, so that the suppression of the few
 * bytes libsecret 0.20.5 leaves behind when it searches the keyring (build-aux/lsan.supp) can
 * match; the fast unwinder stops at GLib's allocator. Ignored in builds without ASan. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

int
main (int argc, char **argv)
{
  g_autofree char *keyring_problem = NULL;

  g_test_init (&argc, &argv, NULL);

  keyring_problem = probe_keyring ();
  if (keyring_problem != NULL)
    {
      g_test_add_data_func ("/oauth/keyring", keyring_problem, test_keyring_missing);
      return g_test_run ();
    }

  g_test_add_func ("/oauth/pkce", test_pkce);
  ADD ("/oauth/flow", test_full_flow, "test-oauth-flow");
  ADD ("/oauth/account-from-response", test_account_from_response, "test-oauth-account");
  ADD ("/oauth/wrong-state", test_wrong_state, "test-oauth-state");
  ADD ("/oauth/access-denied", test_access_denied, "test-oauth-denied");
  ADD ("/oauth/wrong-verifier", test_wrong_verifier, "test-oauth-verifier");
  ADD ("/oauth/refresh", test_refresh, "test-oauth-refresh");
  ADD ("/oauth/refresh-revoked", test_refresh_revoked, "test-oauth-revoked");
  ADD ("/oauth/ensure-fresh", test_ensure_fresh, "test-oauth-fresh");
  ADD ("/oauth/api-token", test_api_token, "test-oauth-api-token");
  ADD ("/oauth/replace-kind", test_replace_kind, "test-oauth-kind");
  ADD ("/oauth/cancel", test_cancel, "test-oauth-cancel");
  ADD ("/oauth/timeout", test_timeout, "test-oauth-timeout");

  return g_test_run ();
}
