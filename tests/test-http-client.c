/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the shared HTTP client, against a SoupServer on 127.0.0.1 that misbehaves on cue. */

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "connectors/hotlist-http-client.h"

#define OLD_TOKEN "secret-old-token-AAAA"
#define NEW_TOKEN "secret-new-token-BBBB"

/* Every log line the client writes, to check that no token ends up there. */
static GMutex   log_lock;
static GString *log_text;

/* One fake server: a SoupServer on loopback whose handlers reproduce a service's failures. */
typedef struct
{
  SoupServer   *server;
  char         *base_url;
  guint         hits; /* requests seen by the current test */
  GPtrArray    *auths;
  GMainContext *context; /* for a server in its own thread */
  GMainLoop    *loop;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
} FakeServer;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  g_mutex_unlock (&log_lock);
  /* Debug lines are only captured; the TAP output stays readable. */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
log_contains (const char *needle)
{
  gboolean found;

  g_mutex_lock (&log_lock);
  found = strstr (log_text->str, needle) != NULL;
  g_mutex_unlock (&log_lock);
  return found;
}

static void
respond_json (SoupServerMessage *msg, guint status, const char *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static const char HUBSPOT_THROTTLED[] =
    "{\"status\":\"error\",\"message\":\"You have reached your secondly limit.\","
    "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"SECONDLY\"}";

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeServer         *fake = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char         *auth = soup_message_headers_get_one (request_headers, "Authorization");
  guint               hit;

  g_mutex_lock (&fake->lock);
  hit = ++fake->hits;
  g_ptr_array_add (fake->auths, g_strdup (auth ? auth : ""));
  g_mutex_unlock (&fake->lock);

  if (g_str_equal (path, "/ok"))
    respond_json (msg, 200, "{\"ok\":true}");
  else if (g_str_equal (path, "/flaky"))
    {
      if (hit <= 2)
        respond_json (msg, 503, "{\"message\":\"Service Unavailable\"}");
      else
        respond_json (msg, 200, "{\"ok\":true}");
    }
  else if (g_str_equal (path, "/retry-after"))
    {
      if (hit == 1)
        {
          soup_message_headers_replace (response_headers, "Retry-After", "1");
          respond_json (msg, 429, HUBSPOT_THROTTLED);
        }
      else
        respond_json (msg, 200, "{\"ok\":true}");
    }
  else if (g_str_equal (path, "/throttled") || g_str_equal (path, "/slow-throttle"))
    {
      soup_message_headers_replace (response_headers, "Retry-After",
                                    g_str_equal (path, "/throttled") ? "1" : "10");
      respond_json (msg, 429, HUBSPOT_THROTTLED);
    }
  else if (g_str_equal (path, "/protected"))
    {
      if (g_strcmp0 (auth, "Bearer " NEW_TOKEN) == 0)
        respond_json (msg, 200, "{\"ok\":true}");
      else
        respond_json (msg, 401,
                      "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                      "\"category\":\"INVALID_AUTHENTICATION\"}");
    }
  else if (g_str_equal (path, "/expired"))
    {
      /* A careless service that echoes the token back. */
      g_autofree char *body = g_strdup_printf (
          "{\"status\":\"error\",\"message\":\"The OAuth token %s expired 3 days ago.\","
          "\"category\":\"EXPIRED_AUTHENTICATION\"}",
          auth && g_str_has_prefix (auth, "Bearer ") ? auth + 7 : "none");
      respond_json (msg, 401, body);
    }
  else if (g_str_equal (path, "/malformed"))
    respond_json (msg, 200, "{\"results\": [1, 2");
  else if (g_str_equal (path, "/html"))
    {
      const char html[] = "<html><body>Attention Required! | Cloudflare</body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (path, "/truncated"))
    {
      /* Promise 100 bytes, send a few, hang up. */
      const char            raw[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    "Content-Length: 100\r\n\r\n{\"results\": [";
      g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), raw, strlen (raw), NULL,
                                 NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
    }
  else if (g_str_equal (path, "/invalid"))
    respond_json (msg, 400,
                  "{\"status\":\"error\",\"message\":\"Property values were not valid\","
                  "\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\","
                  "\"category\":\"VALIDATION_ERROR\",\"errors\":[{\"message\":\"\\\"abc\\\" is not "
                  "a valid number\",\"code\":\"INVALID_INTEGER\"}]}");
  else if (g_str_equal (path, "/salesforce-limit"))
    {
      soup_message_headers_replace (response_headers, "Sforce-Limit-Info", "api-usage=5000/5000");
      respond_json (msg, 403,
                    "[{\"message\":\"TotalRequests Limit exceeded.\","
                    "\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
    }
  else if (g_str_equal (path, "/pipedrive-missing"))
    respond_json (msg, 404,
                  "{\"success\":false,\"error\":\"Person not found\",\"error_info\":\"Please "
                  "check developers.pipedrive.com\",\"data\":null}");
  else if (g_str_equal (path, "/hubspot-window"))
    {
      soup_message_headers_replace (response_headers, "X-HubSpot-RateLimit-Max", "100");
      soup_message_headers_replace (response_headers, "X-HubSpot-RateLimit-Remaining", "0");
      soup_message_headers_replace (response_headers, "X-HubSpot-RateLimit-Interval-Milliseconds",
                                    "400");
      respond_json (msg, 200, "{\"ok\":true}");
    }
  else if (g_str_equal (path, "/empty"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (g_str_equal (path, "/echo"))
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;
      g_autofree char        *json = NULL;
      SoupMessageBody        *body = soup_server_message_get_request_body (msg);
      GUri                   *uri = soup_server_message_get_uri (msg);
      const char             *fields[] = { "Accept", "Content-Type", "User-Agent" };
      g_autoptr (GBytes)      bytes = soup_message_body_flatten (body);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, soup_server_message_get_method (msg));
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, g_bytes_get_size (bytes) > 0
                                                  ? g_bytes_get_data (bytes, NULL)
                                                  : "");
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *value = soup_message_headers_get_one (request_headers, fields[i]);

          json_builder_set_member_name (builder, fields[i]);
          json_builder_add_string_value (builder, value ? value : "");
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json = json_to_string (root, FALSE);
      respond_json (msg, 200, json);
    }
  else
    respond_json (msg, 404, "{\"message\":\"No such path\"}");
}

static void
fake_server_listen (FakeServer *fake)
{
  g_autoptr (GError) error = NULL;
  GSList            *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, server_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->base_url = g_uri_to_string (uris->data);
  while (fake->base_url[0] != '\0' && g_str_has_suffix (fake->base_url, "/"))
    fake->base_url[strlen (fake->base_url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

/* A server in the test's own main context, which the async client shares. */
static FakeServer *
fake_server_new (void)
{
  FakeServer *fake = g_new0 (FakeServer, 1);

  g_mutex_init (&fake->lock);
  g_cond_init (&fake->cond);
  fake->auths = g_ptr_array_new_with_free_func (g_free);
  fake_server_listen (fake);
  return fake;
}

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *fake = data;

  g_main_context_push_thread_default (fake->context);
  fake_server_listen (fake);
  g_mutex_lock (&fake->lock);
  g_cond_signal (&fake->cond);
  g_mutex_unlock (&fake->lock);
  g_main_loop_run (fake->loop);
  soup_server_disconnect (fake->server);
  while (g_main_context_iteration (fake->context, FALSE))
    ;
  g_clear_object (&fake->server);
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

/* A server in a thread of its own, for the blocking API. */
static FakeServer *
fake_server_new_threaded (void)
{
  FakeServer *fake = g_new0 (FakeServer, 1);

  g_mutex_init (&fake->lock);
  g_cond_init (&fake->cond);
  fake->auths = g_ptr_array_new_with_free_func (g_free);
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);
  g_mutex_lock (&fake->lock);
  fake->thread = g_thread_new ("fake-server", fake_server_thread, fake);
  while (fake->base_url == NULL)
    g_cond_wait (&fake->cond, &fake->lock);
  g_mutex_unlock (&fake->lock);
  return fake;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fake_server_free (FakeServer *fake)
{
  if (fake->thread != NULL)
    {
      g_main_context_invoke (fake->context, quit_loop_cb, fake->loop);
      g_thread_join (fake->thread);
      g_main_loop_unref (fake->loop);
      g_main_context_unref (fake->context);
    }
  else
    {
      /* Close the connections the client kept alive before the server goes. */
      soup_server_disconnect (fake->server);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_clear_object (&fake->server);
    }
  g_free (fake->base_url);
  g_ptr_array_unref (fake->auths);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->cond);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

static HotlistHttpClient *
client_new (const char *service, const char *base_url)
{
  HotlistHttpClient *client = hotlist_http_client_new (service, base_url);

  hotlist_http_client_set_backoff (client, 10, 100);
  hotlist_http_client_set_timeout (client, 5);
  return client;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* Runs one asynchronous request in the default main context, where the fake server also runs. */
static JsonNode *
run_request (HotlistHttpClient *client,
             const char        *method,
             const char        *path,
             GHashTable        *query,
             JsonNode          *body,
             GCancellable      *cancellable,
             guint             *status,
             GError           **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  hotlist_http_client_request_async (client, method, path, query, body, cancellable,
                                     store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hotlist_http_client_request_finish (client, result, status, error);
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
assert_ok_object (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

/* Tests */

static void
test_retry_server_error (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  guint                         status = 0;
  gint64                        start = g_get_monotonic_time ();

  hotlist_http_client_set_max_retries (client, 3);
  hotlist_http_client_set_backoff (client, 100, 1000);
  node = run_request (client, "GET", "/flaky", NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  assert_ok_object (node);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (fake->hits, ==, 3);
  g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 3);
  /* Retry 1 waits 50–100 ms, retry 2 waits 100–200 ms. */
  g_assert_cmpfloat (elapsed_ms (start), >=, 150);
}

static void
test_retry_after (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  gint64                        start = g_get_monotonic_time ();

  node = run_request (client, "GET", "/retry-after", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_ok_object (node);
  g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 2);
  g_assert_cmpfloat (elapsed_ms (start), >=, 1000);
}

static void
test_rate_limited (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  guint                         status = 0;

  hotlist_http_client_set_max_retries (client, 1);
  node = run_request (client, "GET", "/throttled", NULL, NULL, NULL, &status, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_RATE_LIMITED);
  g_assert_null (node);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpuint (fake->hits, ==, 2);
  g_assert_nonnull (strstr (error->message, "HubSpot: You have reached your secondly limit."));
  g_assert_nonnull (strstr (error->message, "retry after 1 s"));
}

static char *
auth_cb (HotlistHttpClient *client, SoupMessageHeaders *headers, gpointer data)
{
  return g_strdup (*(char **)data);
}

static guint n_refreshes;

static void
refresh_cb (HotlistHttpClient  *client,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            callback_data,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (client, cancellable, callback, callback_data);
  char            **token = user_data;

  n_refreshes++;
  g_free (*token);
  *token = g_strdup (NEW_TOKEN);
  g_task_return_boolean (task, TRUE);
}

static gboolean
refresh_finish_cb (HotlistHttpClient *client,
                   GAsyncResult      *result,
                   gpointer           user_data,
                   GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_refresh (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  g_autofree char              *token = g_strdup (OLD_TOKEN);

  n_refreshes = 0;
  hotlist_http_client_set_auth_func (client, auth_cb, &token, NULL);
  hotlist_http_client_set_refresh_func (client, refresh_cb, refresh_finish_cb, &token, NULL);
  node = run_request (client, "GET", "/protected", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_ok_object (node);
  g_assert_cmpuint (n_refreshes, ==, 1);
  g_assert_cmpuint (fake->auths->len, ==, 2);
  g_assert_cmpstr (fake->auths->pdata[0], ==, "Bearer " OLD_TOKEN);
  g_assert_cmpstr (fake->auths->pdata[1], ==, "Bearer " NEW_TOKEN);
}

static void
test_auth_expired (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  g_autofree char              *token = g_strdup (OLD_TOKEN);
  guint                         status = 0;

  n_refreshes = 0;
  hotlist_http_client_set_auth_func (client, auth_cb, &token, NULL);
  hotlist_http_client_set_refresh_func (client, refresh_cb, refresh_finish_cb, &token, NULL);
  node = run_request (client, "GET", "/expired", NULL, NULL, NULL, &status, &error);
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED);
  g_assert_null (node);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpuint (n_refreshes, ==, 1);
  g_assert_cmpuint (fake->hits, ==, 2);
  g_test_message ("error: %s", error->message);
  g_assert_null (strstr (error->message, OLD_TOKEN));
  g_assert_null (strstr (error->message, NEW_TOKEN));
  g_assert_nonnull (strstr (error->message, "expired 3 days ago"));
  g_assert_nonnull (strstr (error->message, "Sign in to HubSpot again"));
  g_assert_false (log_contains (OLD_TOKEN));
  g_assert_false (log_contains (NEW_TOKEN));
}

static void
test_bad_response (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  const char                   *paths[] = { "/malformed", "/html", "/truncated" };

  hotlist_http_client_set_max_retries (client, 1);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError)   error = NULL;
      guint                before = hotlist_http_client_get_n_requests (client);

      node = run_request (client, "GET", paths[i], NULL, NULL, NULL, NULL, &error);
      g_test_message ("%s: %s", paths[i], error ? error->message : "no error");
      g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE);
      g_assert_null (node);
      /* Only a cut-off answer may be a passing network fault worth a retry. */
      g_assert_cmpuint (hotlist_http_client_get_n_requests (client) - before, ==,
                        g_str_equal (paths[i], "/truncated") ? 2 : 1);
    }
}

static void
test_connection_refused (void)
{
  g_autoptr (GSocket)           socket = NULL;
  g_autoptr (GInetAddress)      loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress)    address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress)    bound = NULL;
  g_autoptr (HotlistHttpClient) client = NULL;
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  g_autofree char              *base_url = NULL;
  guint                         status = 99;

  /* A port that is bound but not listening refuses connections, and nobody else can take it. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  base_url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  client = client_new ("pipedrive", base_url);
  hotlist_http_client_set_max_retries (client, 2);
  node = run_request (client, "GET", "/v1/persons", NULL, NULL, NULL, &status, &error);
  g_test_message ("error: %s", error ? error->message : "none");
  g_assert_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_NETWORK);
  g_assert_null (node);
  g_assert_cmpuint (status, ==, 0);
  g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 3);
  g_assert_nonnull (strstr (error->message, "Pipedrive"));
}

static void
test_service_messages (void)
{
  g_autoptr (FakeServer) fake = fake_server_new ();
  struct
  {
    const char *service, *path, *message;
    int         code;
  } cases[] = {
    { "hubspot", "/invalid", "HubSpot: Property values were not valid (HTTP 400)",
      HOTLIST_HTTP_ERROR_BAD_RESPONSE },
    { "pipedrive", "/pipedrive-missing", "Pipedrive: Person not found (HTTP 404)",
      HOTLIST_HTTP_ERROR_NOT_FOUND },
    { "salesforce", "/salesforce-limit", "Salesforce: TotalRequests Limit exceeded. (HTTP 403)",
      HOTLIST_HTTP_ERROR_RATE_LIMITED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HotlistHttpClient) client = client_new (cases[i].service, fake->base_url);
      g_autoptr (JsonNode)          node = NULL;
      g_autoptr (GError)            error = NULL;

      node = run_request (client, "PATCH", cases[i].path, NULL, NULL, NULL, NULL, &error);
      g_assert_error (error, HOTLIST_HTTP_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
      g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 1);

      if (g_str_equal (cases[i].service, "salesforce"))
        {
          HotlistHttpRateInfo info;

          g_assert_true (hotlist_http_client_get_rate_info (client, &info));
          g_assert_cmpint (info.daily_limit, ==, 5000);
          g_assert_cmpint (info.daily_remaining, ==, 0);
        }
    }
}

static void
test_budget (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  gint64                        start = g_get_monotonic_time ();

  hotlist_http_client_set_budget (client, 2, 1);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError)   error = NULL;

      node = run_request (client, "GET", "/ok", NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      assert_ok_object (node);
    }
  /* Two at 0 s, two at 1 s, the fifth at 2 s. */
  g_assert_cmpfloat (elapsed_ms (start), >=, 2000);
  g_assert_cmpfloat (elapsed_ms (start), <, 4000);
  g_assert_cmpuint (fake->hits, ==, 5);
}

static void
test_rate_headers (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          first = NULL;
  g_autoptr (JsonNode)          second = NULL;
  g_autoptr (GError)            error = NULL;
  HotlistHttpRateInfo           info;
  gint64                        start;

  g_assert_false (hotlist_http_client_get_rate_info (client, &info));
  g_assert_cmpint (info.remaining, ==, -1);
  first = run_request (client, "GET", "/hubspot-window", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_http_client_get_rate_info (client, &info));
  g_assert_cmpint (info.limit, ==, 100);
  g_assert_cmpint (info.remaining, ==, 0);
  g_assert_cmpint (info.reset_ms, ==, 400);

  /* No requests left in the window: the next one waits for it to pass. */
  start = g_get_monotonic_time ();
  second = run_request (client, "GET", "/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (elapsed_ms (start), >=, 300);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_wait (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (GCancellable)      cancellable = g_cancellable_new ();
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (GError)            error = NULL;
  gint64                        start = g_get_monotonic_time ();

  g_timeout_add (300, cancel_cb, cancellable);
  node = run_request (client, "GET", "/slow-throttle", NULL, NULL, cancellable, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (node);
  g_assert_cmpuint (fake->hits, ==, 1);
  g_assert_cmpfloat (elapsed_ms (start), <, 2000);
}

static void
test_other_host (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("salesforce", fake->base_url);
  g_autofree char              *same = g_strconcat (fake->base_url, "/ok", NULL);
  const char          *others[] = { "http://example.com/services/data/v59.0/query/01gXX-2000",
                                    "https://127.0.0.1/ok", "http://127.0.0.1:1/ok" };
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError)   error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr (JsonNode) refused = NULL;
      g_autoptr (GError)   refusal = NULL;

      refused = run_request (client, "GET", others[i], NULL, NULL, NULL, NULL, &refusal);
      g_assert_error (refusal, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_INVALID_URL);
      g_assert_null (refused);
    }
  g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 0);
  g_assert_cmpuint (fake->hits, ==, 0);

  /* The same host, as in Salesforce's nextRecordsUrl, is fine. */
  node = run_request (client, "GET", same, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_ok_object (node);
}

static void
test_request_shape (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonNode)   body = json_from_string ("{\"properties\":{\"lead_score\":42}}", NULL);
  g_autoptr (JsonNode)   node = NULL;
  g_autoptr (JsonNode)   empty = NULL;
  g_autoptr (GError)     error = NULL;
  JsonObject            *echo;
  guint                  status = 0;

  g_hash_table_insert (query, g_strdup ("limit"), g_strdup ("10"));
  g_hash_table_insert (query, g_strdup ("after"), g_strdup ("a b&c"));
  node = run_request (client, "post", "echo", query, body, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  echo = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (echo, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (echo, "query"), ==, "after=a%20b%26c&limit=10");
  g_assert_cmpstr (json_object_get_string_member (echo, "body"), ==,
                   "{\"properties\":{\"lead_score\":42}}");
  g_assert_cmpstr (json_object_get_string_member (echo, "Accept"), ==, "application/json");
  g_assert_cmpstr (json_object_get_string_member (echo, "Content-Type"), ==, "application/json");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (echo, "User-Agent"), "Hotlist/"));

  empty = run_request (client, "DELETE", "/empty", NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_null (empty);
  g_assert_cmpuint (status, ==, 204);
}

static void
test_sync (void)
{
  g_autoptr (FakeServer)        fake = fake_server_new_threaded ();
  g_autoptr (HotlistHttpClient) client = client_new ("hubspot", fake->base_url);
  g_autoptr (JsonNode)          node = NULL;
  g_autoptr (JsonNode)          missing = NULL;
  g_autoptr (GError)            error = NULL;
  g_autoptr (GError)            not_found = NULL;
  guint                         status = 0;

  /* Waits between retries run in the private main context of the blocking call. */
  node =
      hotlist_http_client_request_sync (client, "GET", "/flaky", NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  assert_ok_object (node);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (hotlist_http_client_get_n_requests (client), ==, 3);

  missing = hotlist_http_client_request_sync (client, "GET", "/nowhere", NULL, NULL, NULL, &status,
                                              &not_found);
  g_assert_error (not_found, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (not_found->message, ==, "HubSpot: No such path (HTTP 404)");
}

int
main (int argc, char **argv)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http-client/retry-server-error", test_retry_server_error);
  g_test_add_func ("/http-client/retry-after", test_retry_after);
  g_test_add_func ("/http-client/rate-limited", test_rate_limited);
  g_test_add_func ("/http-client/refresh", test_refresh);
  g_test_add_func ("/http-client/auth-expired", test_auth_expired);
  g_test_add_func ("/http-client/bad-response", test_bad_response);
  g_test_add_func ("/http-client/connection-refused", test_connection_refused);
  g_test_add_func ("/http-client/service-messages", test_service_messages);
  g_test_add_func ("/http-client/budget", test_budget);
  g_test_add_func ("/http-client/rate-headers", test_rate_headers);
  g_test_add_func ("/http-client/cancel-during-wait", test_cancel_during_wait);
  g_test_add_func ("/http-client/other-host", test_other_host);
  g_test_add_func ("/http-client/request-shape", test_request_shape);
  g_test_add_func ("/http-client/sync", test_sync);

  return g_test_run ();
}
