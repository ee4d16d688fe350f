/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one HTTP client every connector uses: JSON, retries with backoff, rate limits, one error domain. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotlist-http-client.h"

#define DEFAULT_MAX_RETRIES 3
#define DEFAULT_BACKOFF_INITIAL_MS 500
#define DEFAULT_BACKOFF_MAX_MS 30000
#define DEFAULT_TIMEOUT_S 30
/* A request does not sit waiting longer than this for a rate limit; it fails and says when to retry. */
#define MAX_WAIT_MS (120 * 1000)
#define MAX_SERVICE_MESSAGE_CHARS 300
/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

struct _HotlistHttpClient
{
  GObject parent_instance;

  char        *service;
  char        *base_url;
  GUri        *base_uri;
  SoupSession *session;

  guint max_retries;
  guint backoff_initial_ms;
  guint backoff_max_ms;

  HotlistHttpAuthFunc          auth_func;
  gpointer                     auth_data;
  GDestroyNotify               auth_destroy;
  HotlistHttpRefreshFunc       refresh_func;
  HotlistHttpRefreshFinishFunc refresh_finish;
  gpointer                     refresh_data;
  GDestroyNotify               refresh_destroy;

  /* Requests may be sent from several threads (libsoup ≥ 3.2 allows it); the rest is guarded. */
  GMutex              lock;
  guint               budget_requests;
  gint64              budget_window_us;
  GArray             *budget_sent; /* monotonic times of the latest sends, oldest first */
  gint64              paused_until;
  guint               n_requests;
  gboolean            has_rate_info;
  HotlistHttpRateInfo rate_info;
};

typedef void (*RequestStep) (GTask *task);

typedef struct
{
  HotlistHttpClient *client;
  char              *method;
  char              *url;
  char              *log_path; /* the path without the query, which may hold an API key */
  GBytes            *body;
  SoupMessage       *msg;
  guint              attempts;
  guint              retries;
  gboolean           refreshed;
  guint              status;
  char              *token; /* the last token sent, scrubbed from every message */
  GSource           *wait_source;
  GSource           *cancel_source;
  RequestStep        wait_next;
} Request;

G_DEFINE_QUARK (hotlist - http - error - quark, hotlist_http_error)

G_DEFINE_FINAL_TYPE (HotlistHttpClient, hotlist_http_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SERVICE,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_gate (GTask *task);

/* Static helpers */

static const char *
service_display_name (const char *service)
{
  static const struct
  {
    const char *id, *name;
  } names[] = {
    { "hubspot", "HubSpot" },   { "salesforce", "Salesforce" }, { "pipedrive", "Pipedrive" },
    { "outreach", "Outreach" }, { "salesloft", "SalesLoft" },   { "ga4", "Google Analytics" },
    { "clearbit", "Clearbit" }, { "zoominfo", "ZoomInfo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (service, names[i].id) == 0)
      return names[i].name;
  return service;
}

static void
secure_free (char *secret)
{
  if (secret == NULL)
    return;
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}

static void
request_free (Request *req)
{
  g_assert (req->wait_source == NULL && req->cancel_source == NULL);
  g_clear_object (&req->client);
  g_clear_object (&req->msg);
  g_free (req->method);
  g_free (req->url);
  g_free (req->log_path);
  g_clear_pointer (&req->body, g_bytes_unref);
  secure_free (req->token);
  g_free (req);
}

/* Replaces every occurrence of @token in @text, in case a service echoes credentials back. */
static char *
scrub_token (const char *text, const char *token)
{
  GString    *out;
  const char *p = text;
  const char *hit;
  gsize       len;

  if (token == NULL || strlen (token) < 4)
    return g_strdup (text);
  len = strlen (token);
  out = g_string_new (NULL);
  while ((hit = strstr (p, token)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "[redacted]");
      p = hit + len;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

static const char *
object_string (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
first_object (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  node = json_array_get_element (array, 0);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The service's own words from an error body: HubSpot `message`, Salesforce
 * `[{"message","errorCode"}]`, Pipedrive `error`, OAuth `error_description`/`error`, Google
 * `{"error":{"message"}}`, JSON:API `errors[].detail`. */
static char *
extract_service_message (GBytes *bytes, char **error_code)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode              *root;
  JsonObject            *object;
  const char            *message = NULL;
  gsize                  size;
  const char            *data = g_bytes_get_data (bytes, &size);

  *error_code = NULL;
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    return NULL;

  if ((object = first_object (root)) != NULL)
    {
      message = object_string (object, "message");
      *error_code = g_strdup (object_string (object, "errorCode"));
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode   *error_node;
      JsonObject *inner;

      object = json_node_get_object (root);
      *error_code = g_strdup (object_string (object, "errorCode"));
      if ((message = object_string (object, "message")) == NULL
          && (message = object_string (object, "error_description")) == NULL
          && (message = object_string (object, "error")) == NULL)
        {
          error_node = json_object_get_member (object, "error");
          if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
            message = object_string (json_node_get_object (error_node), "message");
          else if ((inner = first_object (json_object_get_member (object, "errors"))) != NULL)
            {
              if ((message = object_string (inner, "detail")) == NULL
                  && (message = object_string (inner, "title")) == NULL)
                message = object_string (inner, "message");
            }
          else
            message = object_string (object, "error_info");
        }
    }

  if (message == NULL || *message == '\0')
    return NULL;
  if (g_utf8_strlen (message, -1) > MAX_SERVICE_MESSAGE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (message, 0, MAX_SERVICE_MESSAGE_CHARS);
      return g_strconcat (cut, "…", NULL);
    }
  return g_strstrip (g_strdup (message));
}

/* Parses a decimal header, taking the smallest of a comma-separated list ("a, b" on Outreach). */
static gboolean
header_int (SoupMessageHeaders *headers, const char *name, gint64 *out)
{
  const char    *value = soup_message_headers_get_list (headers, name);
  g_auto (GStrv) parts = NULL;
  gboolean       found = FALSE;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 n;

      g_strstrip (parts[i]);
      if (!g_ascii_string_to_signed (parts[i], 10, 0, G_MAXINT64, &n, NULL))
        continue;
      if (!found || n < *out)
        *out = n;
      found = TRUE;
    }
  return found;
}

static gboolean
parse_rate_headers (SoupMessageHeaders *headers, HotlistHttpRateInfo *info)
{
  gboolean    found = FALSE;
  gint64      n;
  const char *sforce;

  info->limit = info->remaining = info->reset_ms = -1;
  info->daily_limit = info->daily_remaining = -1;

  /* HubSpot: a rolling window of Interval-Milliseconds; pausing for a whole window is safe. */
  found |= header_int (headers, "X-HubSpot-RateLimit-Max", &info->limit);
  found |= header_int (headers, "X-HubSpot-RateLimit-Remaining", &info->remaining);
  found |= header_int (headers, "X-HubSpot-RateLimit-Interval-Milliseconds", &info->reset_ms);
  found |= header_int (headers, "X-HubSpot-RateLimit-Daily", &info->daily_limit);
  found |= header_int (headers, "X-HubSpot-RateLimit-Daily-Remaining", &info->daily_remaining);

  /* Pipedrive (reset in seconds), Outreach (reset as epoch seconds), Clearbit. */
  found |= header_int (headers, "X-RateLimit-Limit", &info->limit);
  found |= header_int (headers, "X-RateLimit-Remaining", &info->remaining);
  if (header_int (headers, "X-RateLimit-Reset", &n))
    {
      found = TRUE;
      if (n > 1000000000)
        n = MAX (0, n - g_get_real_time () / G_USEC_PER_SEC);
      info->reset_ms = n * 1000;
    }
  if (info->remaining < 0 && header_int (headers, "X-RateLimit-Remaining-Minute", &info->remaining))
    {
      found = TRUE;
      info->reset_ms = 60 * 1000;
    }

  /* Salesforce: a rolling 24 h allocation, "api-usage=N/M". */
  sforce = soup_message_headers_get_one (headers, "Sforce-Limit-Info");
  if (sforce != NULL)
    {
      const char *usage = strstr (sforce, "api-usage=");
      gint64      used, max;

      if (usage != NULL
          && sscanf (usage, "api-usage=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, &used, &max) == 2)
        {
          found = TRUE;
          info->daily_limit = max;
          info->daily_remaining = MAX (0, max - used);
        }
    }
  return found;
}

/* Milliseconds asked for by `Retry-After` (seconds or an HTTP date), or -1. */
static gint64
retry_after_ms (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64     seconds;

  if (value == NULL)
    return -1;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64)seconds * 1000;
  else
    {
      g_autoptr (GDateTime) date = soup_date_time_new_from_http_string (value);
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      if (date == NULL)
        return -1;
      return MAX (0, g_date_time_difference (date, now) / 1000);
    }
}

static guint
backoff_ms (HotlistHttpClient *self, guint retry)
{
  guint64 delay = self->backoff_initial_ms;

  for (guint i = 1; i < retry && delay < self->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->backoff_max_ms);
  /* Equal jitter: half fixed, half random, so that clients that failed together spread out. */
  return (guint)(delay / 2 + (guint64)g_random_int_range (0, (gint32)(delay / 2) + 1));
}

static gboolean
is_json_content_type (const char *content_type)
{
  g_autofree char *lower = g_ascii_strdown (content_type, -1);

  return g_str_equal (lower, "application/json") || g_str_equal (lower, "text/json")
         || g_str_has_suffix (lower, "+json");
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a, GUri *b)
{
  return a != NULL && b != NULL && g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL
         && g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && effective_port (a) == effective_port (b);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Relative paths are appended to the base URL (which may carry a path prefix); absolute URLs,
 * such as Salesforce's nextRecordsUrl, must stay on the base URL's scheme, host and port. */
static char *
build_url (HotlistHttpClient *self,
           const char        *path,
           GHashTable        *query,
           char             **log_path,
           GError           **error)
{
  const char         *name = service_display_name (self->service);
  g_autoptr (GString) url = NULL;
  g_autoptr (GUri)    parsed = NULL;

  if (self->base_uri == NULL)
    {
      g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_INVALID_URL,
                   "%s: the service address is not a valid http(s) URL", name);
      return NULL;
    }

  if (g_uri_peek_scheme (path) != NULL)
    {
      g_autoptr (GUri) absolute = g_uri_parse (path, SOUP_HTTP_URI_FLAGS, NULL);

      if (absolute == NULL)
        {
          g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_INVALID_URL,
                       "%s: the link to follow is not a valid URL", name);
          return NULL;
        }
      if (!same_origin (self->base_uri, absolute))
        {
          g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_INVALID_URL,
                       "%s: refusing to follow a link to another host (%s)", name,
                       g_uri_get_host (absolute) ? g_uri_get_host (absolute) : "none");
          return NULL;
        }
      url = g_string_new (path);
    }
  else
    {
      url = g_string_new (self->base_url);
      while (url->len > 0 && url->str[url->len - 1] == '/')
        g_string_truncate (url, url->len - 1);
      if (path[0] != '/' && path[0] != '\0')
        g_string_append_c (url, '/');
      g_string_append (url, path);
    }

  if (query != NULL && g_hash_table_size (query) > 0)
    {
      g_autofree const char **keys = (const char **)g_hash_table_get_keys_as_array (query, NULL);
      guint                   n = g_hash_table_size (query);

      /* Sorted, so that the same request always has the same URL. */
      qsort (keys, n, sizeof (char *), compare_strings);
      for (guint i = 0; i < n; i++)
        {
          const char      *value = g_hash_table_lookup (query, keys[i]);
          g_autofree char *k = g_uri_escape_string (keys[i], NULL, FALSE);
          g_autofree char *v = g_uri_escape_string (value ? value : "", NULL, FALSE);

          g_string_append_c (url, strchr (url->str, '?') ? '&' : '?');
          g_string_append_printf (url, "%s=%s", k, v);
        }
    }

  parsed = g_uri_parse (url->str, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_INVALID_URL,
                   "%s: the request path is not valid in a URL", name);
      return NULL;
    }
  *log_path = g_strdup (g_uri_get_path (parsed));
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
client_update_rate_info (HotlistHttpClient *self, SoupMessageHeaders *headers)
{
  HotlistHttpRateInfo info;

  if (!parse_rate_headers (headers, &info))
    return;

  g_mutex_lock (&self->lock);
  self->rate_info = info;
  self->has_rate_info = TRUE;
  /* Out of requests for this window: everyone waits for the reset instead of earning a 429. */
  if (info.remaining == 0 && info.reset_ms > 0)
    {
      gint64 until = g_get_monotonic_time () + MIN (info.reset_ms, MAX_WAIT_MS) * 1000;

      self->paused_until = MAX (self->paused_until, until);
    }
  g_mutex_unlock (&self->lock);
}

static void
client_pause (HotlistHttpClient *self, gint64 ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  g_mutex_lock (&self->lock);
  self->paused_until = MAX (self->paused_until, until);
  g_mutex_unlock (&self->lock);
}

static void
request_stop_waiting (Request *req)
{
  if (req->wait_source != NULL)
    {
      g_source_destroy (req->wait_source);
      g_clear_pointer (&req->wait_source, g_source_unref);
    }
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_clear_pointer (&req->cancel_source, g_source_unref);
    }
}

static void
request_return_error (GTask *task, GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (req->token != NULL)
    {
      char *clean = scrub_token (error->message, req->token);

      g_free (error->message);
      error->message = clean;
    }
  g_debug ("%s: %s %s failed: %s", req->client->service, req->method, req->log_path,
           error->message);
  g_task_return_error (task, error);
}

/* Callbacks */

static gboolean
request_wait_done_cb (gpointer data)
{
  g_autoptr (GTask) task = g_object_ref (data);
  Request          *req = g_task_get_task_data (task);
  RequestStep       next = req->wait_next;

  request_stop_waiting (req);
  next (task);
  return G_SOURCE_REMOVE;
}

static gboolean
request_wait_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  g_autoptr (GTask) task = g_object_ref (data);
  Request          *req = g_task_get_task_data (task);

  request_stop_waiting (req);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

/* Waits on the task's main context; the cancellable ends the wait at once. */
static void
request_wait (GTask *task, gint64 delay_ms, RequestStep next)
{
  Request      *req = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);

  g_assert (req->wait_source == NULL);
  req->wait_next = next;
  req->wait_source = g_timeout_source_new ((guint)CLAMP (delay_ms, 0, G_MAXUINT));
  g_source_set_name (req->wait_source, "[hotlist] http wait");
  g_source_set_callback (req->wait_source, request_wait_done_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (req->wait_source, context);
  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source, G_SOURCE_FUNC (request_wait_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (req->cancel_source, context);
    }
}

static void
request_fail_transport (GTask *task, const GError *error)
{
  Request           *req = g_task_get_task_data (task);
  HotlistHttpClient *self = req->client;
  const char        *name = service_display_name (self->service);
  gboolean           truncated = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  gboolean           retry = error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }

  g_debug ("%s: %s %s: %s (attempt %u)", self->service, req->method, req->log_path, error->message,
           req->attempts);
  if (retry && req->retries < self->max_retries)
    {
      req->retries++;
      request_wait (task, backoff_ms (self, req->retries), request_gate);
      return;
    }

  if (truncated)
    request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                                             "%s sent a response that was cut off (%s), after %u "
                                             "attempts",
                                             name, error->message, req->attempts));
  else if (error->domain == SOUP_SESSION_ERROR)
    request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                                             "%s sent a response that is not valid HTTP: %s", name,
                                             error->message));
  else
    request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_NETWORK,
                                             "Could not reach %s: %s (after %u attempts). Check "
                                             "the network connection and try again.",
                                             name, error->message, req->attempts));
}

static void
request_fail_status (GTask *task, SoupMessage *msg, GBytes *bytes, gint64 wait_ms)
{
  Request           *req = g_task_get_task_data (task);
  HotlistHttpClient *self = req->client;
  const char        *name = service_display_name (self->service);
  guint              status = soup_message_get_status (msg);
  g_autofree char   *error_code = NULL;
  g_autofree char   *service_message = extract_service_message (bytes, &error_code);
  g_autofree char   *hint = NULL;
  const char        *what;
  int                code;

  what = service_message ? service_message : soup_status_get_phrase (status);
  if (what == NULL)
    what = "Unexpected status";

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      code = HOTLIST_HTTP_ERROR_AUTH_EXPIRED;
      hint = g_strdup_printf (". Sign in to %s again.", name);
    }
  else if (status == SOUP_STATUS_FORBIDDEN && g_strcmp0 (error_code, "REQUEST_LIMIT_EXCEEDED") == 0)
    {
      /* Salesforce's daily API allocation is a 403, not a 429. */
      code = HOTLIST_HTTP_ERROR_RATE_LIMITED;
      hint = g_strdup (". The API request limit is used up; retry later.");
    }
  else if (status == SOUP_STATUS_FORBIDDEN)
    {
      code = HOTLIST_HTTP_ERROR_FORBIDDEN;
      hint = g_strdup (". The account may lack a permission or scope this needs.");
    }
  else if (status == SOUP_STATUS_NOT_FOUND)
    code = HOTLIST_HTTP_ERROR_NOT_FOUND;
  else if (status == STATUS_TOO_MANY_REQUESTS)
    {
      code = HOTLIST_HTTP_ERROR_RATE_LIMITED;
      if (wait_ms >= 0)
        hint =
            g_strdup_printf (". Still rate limited after %u retries; retry after %" G_GINT64_FORMAT
                             " s.",
                             req->retries, (wait_ms + 999) / 1000);
      else
        hint =
            g_strdup_printf (". Still rate limited after %u retries; retry later.", req->retries);
    }
  else if (status >= 500)
    {
      code = HOTLIST_HTTP_ERROR_SERVER;
      hint = g_strdup_printf (", after %u attempts. Try again later.", req->attempts);
    }
  else
    code = HOTLIST_HTTP_ERROR_BAD_RESPONSE;

  request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, code, "%s: %s (HTTP %u)%s", name,
                                           what, status, hint ? hint : ""));
}

static void
request_parse (GTask *task, SoupMessage *msg, GBytes *bytes)
{
  Request               *req = g_task_get_task_data (task);
  const char            *name = service_display_name (req->client->service);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError)     error = NULL;
  const char            *content_type;
  gsize                  size;
  const char            *data = g_bytes_get_data (bytes, &size);

  if (req->status == SOUP_STATUS_NO_CONTENT || size == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  content_type =
      soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (content_type != NULL && !is_json_content_type (content_type))
    {
      request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                                               "%s sent %s instead of JSON (HTTP %u)", name,
                                               content_type, req->status));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &error))
    {
      request_return_error (task, g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_BAD_RESPONSE,
                                               "%s sent a response that is not valid JSON: %s",
                                               name, error->message));
      return;
    }
  g_task_return_pointer (task, json_parser_steal_root (parser), (GDestroyNotify)json_node_unref);
}

static void
request_refreshed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask)  task = data;
  Request           *req = g_task_get_task_data (task);
  HotlistHttpClient *self = req->client;
  g_autoptr (GError) error = NULL;

  if (!self->refresh_finish (self, result, self->refresh_data, &error))
    {
      const char *name = service_display_name (self->service);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        request_return_error (task,
                              g_error_new (HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED,
                                           "%s: the sign-in expired and could not be renewed "
                                           "(%s). Sign in to %s again.",
                                           name, error->message, name));
      return;
    }
  request_gate (task);
}

static void
request_sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask)       task = data;
  Request                *req = g_task_get_task_data (task);
  HotlistHttpClient      *self = req->client;
  g_autoptr (SoupMessage) msg = g_steal_pointer (&req->msg);
  g_autoptr (GError)      error = NULL;
  g_autoptr (GBytes)      bytes = NULL;
  SoupMessageHeaders     *headers;
  gint64                  wait_ms = -1;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      request_fail_transport (task, error);
      return;
    }

  req->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  client_update_rate_info (self, headers);
  g_debug ("%s: %s %s → %u (attempt %u)", self->service, req->method, req->log_path, req->status,
           req->attempts);

  if (SOUP_STATUS_IS_SUCCESSFUL (req->status))
    {
      request_parse (task, msg, bytes);
      return;
    }

  if (req->status == SOUP_STATUS_UNAUTHORIZED && self->refresh_func != NULL && !req->refreshed)
    {
      req->refreshed = TRUE;
      self->refresh_func (self, g_task_get_cancellable (task), request_refreshed_cb,
                          g_object_ref (task), self->refresh_data);
      return;
    }

  if (req->status == STATUS_TOO_MANY_REQUESTS || req->status >= 500)
    {
      wait_ms = retry_after_ms (headers);
      if (wait_ms < 0 && req->status == STATUS_TOO_MANY_REQUESTS)
        {
          HotlistHttpRateInfo info;

          if (parse_rate_headers (headers, &info) && info.remaining == 0 && info.reset_ms >= 0)
            wait_ms = info.reset_ms;
        }

      if (req->retries < self->max_retries && wait_ms <= MAX_WAIT_MS)
        {
          req->retries++;
          if (wait_ms >= 0)
            {
              /* The whole client waits, not only this request. */
              client_pause (self, wait_ms);
              request_gate (task);
            }
          else
            request_wait (task, backoff_ms (self, req->retries), request_gate);
          return;
        }
    }

  request_fail_status (task, msg, bytes, wait_ms);
}

static void
request_send (GTask *task)
{
  Request            *req = g_task_get_task_data (task);
  HotlistHttpClient  *self = req->client;
  SoupMessageHeaders *headers;

  g_clear_object (&req->msg);
  req->msg = soup_message_new (req->method, req->url);
  g_assert (req->msg != NULL);
  /* A redirect could carry the Authorization header to another host. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);

  if (self->auth_func != NULL)
    {
      char *token = self->auth_func (self, headers, self->auth_data);

      if (token != NULL && *token != '\0')
        {
          char *value = g_strconcat ("Bearer ", token, NULL);

          soup_message_headers_replace (headers, "Authorization", value);
          secure_free (value);
          secure_free (req->token);
          req->token = g_steal_pointer (&token);
        }
      secure_free (token);
    }

  req->attempts++;
  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), request_sent_cb,
                                    g_object_ref (task));
}

/* Sends when the client's budget and any rate-limit pause allow it, or waits until they do. */
static void
request_gate (GTask *task)
{
  Request           *req = g_task_get_task_data (task);
  HotlistHttpClient *self = req->client;
  gint64             now = g_get_monotonic_time ();
  gint64             wait_us = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  if (self->paused_until > now)
    wait_us = self->paused_until - now;
  else if (self->budget_requests > 0)
    {
      GArray *sent = self->budget_sent;

      while (sent->len > 0 && now - g_array_index (sent, gint64, 0) >= self->budget_window_us)
        g_array_remove_index (sent, 0);
      if (sent->len >= self->budget_requests)
        wait_us = g_array_index (sent, gint64, sent->len - self->budget_requests)
                  + self->budget_window_us - now;
    }
  if (wait_us <= 0)
    {
      if (self->budget_requests > 0)
        g_array_append_val (self->budget_sent, now);
      self->n_requests++;
    }
  g_mutex_unlock (&self->lock);

  if (wait_us > 0)
    request_wait (task, (wait_us + 999) / 1000, request_gate);
  else
    request_send (task);
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* VFuncs */

static void
hotlist_http_client_constructed (GObject *object)
{
  HotlistHttpClient *self = HOTLIST_HTTP_CLIENT (object);

  G_OBJECT_CLASS (hotlist_http_client_parent_class)->constructed (object);

  if (self->base_url != NULL)
    self->base_uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (self->base_uri != NULL && g_uri_get_host (self->base_uri) == NULL)
    g_clear_pointer (&self->base_uri, g_uri_unref);
}

static void
hotlist_http_client_dispose (GObject *object)
{
  HotlistHttpClient *self = HOTLIST_HTTP_CLIENT (object);

  if (self->auth_destroy != NULL)
    self->auth_destroy (self->auth_data);
  self->auth_func = NULL;
  self->auth_destroy = NULL;
  self->auth_data = NULL;
  if (self->refresh_destroy != NULL)
    self->refresh_destroy (self->refresh_data);
  self->refresh_func = NULL;
  self->refresh_finish = NULL;
  self->refresh_destroy = NULL;
  self->refresh_data = NULL;
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hotlist_http_client_parent_class)->dispose (object);
}

static void
hotlist_http_client_finalize (GObject *object)
{
  HotlistHttpClient *self = HOTLIST_HTTP_CLIENT (object);

  g_free (self->service);
  g_free (self->base_url);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->budget_sent, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hotlist_http_client_parent_class)->finalize (object);
}

static void
hotlist_http_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistHttpClient *self = HOTLIST_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_http_client_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HotlistHttpClient *self = HOTLIST_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_free (self->service);
      self->service = g_value_dup_string (value);
      break;
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_http_client_class_init (HotlistHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hotlist_http_client_constructed;
  object_class->dispose = hotlist_http_client_dispose;
  object_class->finalize = hotlist_http_client_finalize;
  object_class->get_property = hotlist_http_client_get_property;
  object_class->set_property = hotlist_http_client_set_property;

  /**
   * HotlistHttpClient:service:
   *
   * The service id ("hubspot", "salesforce", …), used in messages and logs.
   */
  properties[PROP_SERVICE] =
      g_param_spec_string ("service", NULL, NULL, "http",
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * HotlistHttpClient:base-url:
   *
   * The URL relative paths are appended to; also the only host absolute URLs may point to.
   */
  properties[PROP_BASE_URL] =
      g_param_spec_string ("base-url", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hotlist_http_client_init (HotlistHttpClient *self)
{
  g_mutex_init (&self->lock);
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->budget_sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->session = soup_session_new_with_options ("user-agent", "Hotlist/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_S, NULL);
}

/* Public API */

/**
 * hotlist_http_client_new:
 * @service: the service id, such as "hubspot"
 * @base_url: the service's base URL, such as "https://api.hubapi.com"
 *
 * Returns: (transfer full): a new client with 3 retries, a 0.5–30 s backoff, a 30 s timeout and
 *   no budget
 */
HotlistHttpClient *
hotlist_http_client_new (const char *service, const char *base_url)
{
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (HOTLIST_TYPE_HTTP_CLIENT, "service", service, "base-url", base_url, NULL);
}

/**
 * hotlist_http_client_get_service:
 * @self: a client
 *
 * Returns: the service id
 */
const char *
hotlist_http_client_get_service (HotlistHttpClient *self)
{
  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), NULL);

  return self->service;
}

/**
 * hotlist_http_client_get_base_url:
 * @self: a client
 *
 * Returns: the base URL
 */
const char *
hotlist_http_client_get_base_url (HotlistHttpClient *self)
{
  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * hotlist_http_client_set_max_retries:
 * @self: a client
 * @max_retries: how many times a request is sent again after a 5xx, a 429 or a network error
 */
void
hotlist_http_client_set_max_retries (HotlistHttpClient *self, guint max_retries)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));

  self->max_retries = max_retries;
}

/**
 * hotlist_http_client_set_backoff:
 * @self: a client
 * @initial_ms: the nominal wait before the first retry, doubled for each next one
 * @max_ms: the cap on the nominal wait
 *
 * The actual wait lies between half the nominal wait and the whole of it. A `Retry-After`
 * header replaces it.
 */
void
hotlist_http_client_set_backoff (HotlistHttpClient *self, guint initial_ms, guint max_ms)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));
  g_return_if_fail (initial_ms <= max_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
}

/**
 * hotlist_http_client_set_timeout:
 * @self: a client
 * @seconds: how long a connection may stay silent, 0 for no limit
 *
 * Call it in the thread that made the client, before sending requests.
 */
void
hotlist_http_client_set_timeout (HotlistHttpClient *self, guint seconds)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

/**
 * hotlist_http_client_set_budget:
 * @self: a client
 * @requests: how many requests may start in any window, 0 for no budget
 * @per_seconds: the length of the window
 *
 * Requests beyond the budget wait, without blocking, until the oldest one in the window has
 * aged out. Retries count too.
 */
void
hotlist_http_client_set_budget (HotlistHttpClient *self, guint requests, guint per_seconds)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));
  g_return_if_fail (requests == 0 || per_seconds > 0);

  g_mutex_lock (&self->lock);
  self->budget_requests = requests;
  self->budget_window_us = (gint64)per_seconds * G_USEC_PER_SEC;
  g_mutex_unlock (&self->lock);
}

/**
 * hotlist_http_client_set_auth_func:
 * @self: a client
 * @func: (nullable): gives the bearer token before each attempt
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Tokens are never written to errors or logs; a service that echoes one back has it replaced.
 */
void
hotlist_http_client_set_auth_func (HotlistHttpClient  *self,
                                   HotlistHttpAuthFunc func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));

  if (self->auth_destroy != NULL)
    self->auth_destroy (self->auth_data);
  self->auth_func = func;
  self->auth_data = user_data;
  self->auth_destroy = destroy;
}

/**
 * hotlist_http_client_set_refresh_func:
 * @self: a client
 * @refresh: (nullable): renews the credentials after a 401
 * @finish: (nullable): completes @refresh
 * @user_data: data for both
 * @destroy: (nullable): frees @user_data
 *
 * After a 401 the client calls @refresh once and, if it succeeds, sends the request once more
 * with the token the auth function then gives. A second 401 is %HOTLIST_HTTP_ERROR_AUTH_EXPIRED.
 */
void
hotlist_http_client_set_refresh_func (HotlistHttpClient           *self,
                                      HotlistHttpRefreshFunc       refresh,
                                      HotlistHttpRefreshFinishFunc finish,
                                      gpointer                     user_data,
                                      GDestroyNotify               destroy)
{
  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));
  g_return_if_fail ((refresh == NULL) == (finish == NULL));

  if (self->refresh_destroy != NULL)
    self->refresh_destroy (self->refresh_data);
  self->refresh_func = refresh;
  self->refresh_finish = finish;
  self->refresh_data = user_data;
  self->refresh_destroy = destroy;
}

/**
 * hotlist_http_client_get_n_requests:
 * @self: a client
 *
 * Returns: how many attempts the client has sent, retries included
 */
guint
hotlist_http_client_get_n_requests (HotlistHttpClient *self)
{
  guint n;

  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * hotlist_http_client_get_rate_info:
 * @self: a client
 * @info: (out caller-allocates): where to store the last rate-limit headers seen
 *
 * Returns: %FALSE if no response carried rate-limit headers yet
 */
gboolean
hotlist_http_client_get_rate_info (HotlistHttpClient *self, HotlistHttpRateInfo *info)
{
  gboolean has;

  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  g_mutex_lock (&self->lock);
  has = self->has_rate_info;
  *info = self->rate_info;
  g_mutex_unlock (&self->lock);
  if (!has)
    info->limit = info->remaining = info->reset_ms = info->daily_limit = info->daily_remaining = -1;
  return has;
}

/**
 * hotlist_http_client_request_async:
 * @self: a client
 * @method: "GET", "POST", "PATCH", …
 * @path: a path appended to the base URL, or an absolute URL on the base URL's host
 * @query: (nullable) (element-type utf8 utf8): query parameters, escaped here
 * @body: (nullable): a JSON body
 * @cancellable: (nullable): a #GCancellable, which also ends waits for backoff or rate limits
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Sends a request, retrying 5xx, 429 and network errors with exponential backoff and jitter, or
 * as long as `Retry-After` or the service's rate-limit headers ask.
 */
void
hotlist_http_client_request_async (HotlistHttpClient  *self,
                                   const char         *method,
                                   const char         *path,
                                   GHashTable         *query,
                                   JsonNode           *body,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GError) error = NULL;
  Request           *req;

  g_return_if_fail (HOTLIST_IS_HTTP_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_http_client_request_async);
  g_task_set_name (task, "[hotlist] http request");

  req = g_new0 (Request, 1);
  req->client = g_object_ref (self);
  req->method = g_ascii_strup (method, -1);
  g_task_set_task_data (task, req, (GDestroyNotify)request_free);

  req->url = build_url (self, path, query, &req->log_path, &error);
  if (req->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body != NULL)
    {
      gsize length;
      char *json = json_to_string (body, FALSE);

      length = strlen (json);
      req->body = g_bytes_new_take (json, length);
    }

  request_gate (task);
}

/**
 * hotlist_http_client_request_finish:
 * @self: a client
 * @result: the result given to the callback
 * @status: (out) (optional): the last HTTP status, 0 if none came
 * @error: return location for a #GError in %HOTLIST_HTTP_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the parsed JSON; %NULL for an empty answer (204) or on error
 */
JsonNode *
hotlist_http_client_request_finish (HotlistHttpClient *self,
                                    GAsyncResult      *result,
                                    guint             *status,
                                    GError           **error)
{
  Request *req;

  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                            == hotlist_http_client_request_async,
                        NULL);

  req = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = req->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * hotlist_http_client_request_sync:
 * @self: a client
 * @method: as for hotlist_http_client_request_async()
 * @path: as for hotlist_http_client_request_async()
 * @query: (nullable) (element-type utf8 utf8): query parameters
 * @body: (nullable): a JSON body
 * @cancellable: (nullable): a #GCancellable
 * @status: (out) (optional): the last HTTP status
 * @error: return location for a #GError
 *
 * Blocks the calling thread, running the request in a private main context; for worker threads
 * and the command line.
 *
 * Returns: (transfer full) (nullable): as hotlist_http_client_request_finish()
 */
JsonNode *
hotlist_http_client_request_sync (HotlistHttpClient *self,
                                  const char        *method,
                                  const char        *path,
                                  GHashTable        *query,
                                  JsonNode          *body,
                                  GCancellable      *cancellable,
                                  guint             *status,
                                  GError           **error)
{
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  JsonNode                *node;

  g_return_val_if_fail (HOTLIST_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  hotlist_http_client_request_async (self, method, path, query, body, cancellable, sync_done_cb,
                                     &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  node = hotlist_http_client_request_finish (self, result, status, error);
  /* Let libsoup finish its bookkeeping for this context before it goes away. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return node;
}
