/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The common part of the built-in connectors. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hotlist-provider-base.h"

typedef struct
{
  char               *base_url;
  HotlistCredentials *credentials;
  HotlistOAuthConfig *oauth_config;
  HotlistHttpClient  *http;
  guint               page_size;
  GMutex              lock; /* one vfunc at a time */
} HotlistProviderBasePrivate;

static void hotlist_provider_base_iface_init (HotlistProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (HotlistProviderBase,
                                  hotlist_provider_base,
                                  G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (HotlistProviderBase)
                                      G_IMPLEMENT_INTERFACE (HOTLIST_TYPE_PROVIDER,
                                                             hotlist_provider_base_iface_init))

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_CREDENTIALS,
  PROP_OAUTH_CONFIG,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hotlist_provider_base_constructed (GObject *object)
{
  HotlistProviderBase        *self = HOTLIST_PROVIDER_BASE (object);
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);
  HotlistProviderBaseClass   *klass = HOTLIST_PROVIDER_BASE_GET_CLASS (self);
  const char                 *base_url = priv->base_url;

  G_OBJECT_CLASS (hotlist_provider_base_parent_class)->constructed (object);

  if (base_url == NULL)
    {
      const HotlistProviderInfo *info = hotlist_provider_registry_lookup (klass->service);

      /* Salesforce answers on the instance its token names, Pipedrive on the company's domain. */
      if (priv->credentials != NULL && priv->credentials->instance_url != NULL)
        base_url = priv->credentials->instance_url;
      else if (priv->credentials != NULL && priv->credentials->api_domain != NULL)
        base_url = priv->credentials->api_domain;
      else if (info != NULL)
        base_url = info->default_base_url;
      priv->base_url = g_strdup (base_url);
    }
  priv->http = hotlist_http_client_new (klass->service, priv->base_url);
  if (priv->credentials != NULL)
    hotlist_oauth_bind_http_client (priv->http, priv->oauth_config, priv->credentials);
}

static void
hotlist_provider_base_finalize (GObject *object)
{
  HotlistProviderBase        *self = HOTLIST_PROVIDER_BASE (object);
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_free (priv->base_url);
  g_clear_pointer (&priv->credentials, hotlist_credentials_free);
  g_clear_pointer (&priv->oauth_config, hotlist_oauth_config_free);
  g_clear_object (&priv->http);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (hotlist_provider_base_parent_class)->finalize (object);
}

static void
hotlist_provider_base_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HotlistProviderBase        *self = HOTLIST_PROVIDER_BASE (object);
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, priv->base_url);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, priv->page_size);
      break;
    default:
      /* Credentials are not read back through properties. */
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_provider_base_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HotlistProviderBase        *self = HOTLIST_PROVIDER_BASE (object);
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (priv->base_url);
      priv->base_url = g_value_dup_string (value);
      break;
    case PROP_CREDENTIALS:
      g_clear_pointer (&priv->credentials, hotlist_credentials_free);
      priv->credentials = g_value_dup_boxed (value);
      break;
    case PROP_OAUTH_CONFIG:
      g_clear_pointer (&priv->oauth_config, hotlist_oauth_config_free);
      priv->oauth_config = g_value_dup_boxed (value);
      break;
    case PROP_PAGE_SIZE:
      priv->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_provider_base_class_init (HotlistProviderBaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hotlist_provider_base_constructed;
  object_class->finalize = hotlist_provider_base_finalize;
  object_class->get_property = hotlist_provider_base_get_property;
  object_class->set_property = hotlist_provider_base_set_property;

  properties[PROP_BASE_URL] =
      g_param_spec_string ("base-url", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
      g_param_spec_boxed ("credentials", NULL, NULL, HOTLIST_TYPE_CREDENTIALS,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OAUTH_CONFIG] =
      g_param_spec_boxed ("oauth-config", NULL, NULL, HOTLIST_TYPE_OAUTH_CONFIG,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
      g_param_spec_uint ("page-size", NULL, NULL, 0, 10000, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hotlist_provider_base_init (HotlistProviderBase *self)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_mutex_init (&priv->lock);
}

HotlistHttpClient *
hotlist_provider_base_get_http_client (HotlistProviderBase *self)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  return priv->http;
}

const char *
hotlist_provider_base_get_base_url (HotlistProviderBase *self)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  return priv->base_url;
}

const HotlistCredentials *
hotlist_provider_base_get_credentials (HotlistProviderBase *self)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  return priv->credentials;
}

/**
 * hotlist_provider_base_get_page_size:
 * @self: a provider
 * @default_size: the service's own page size
 *
 * Returns: the page size set at construction (tests, benchmarks), or @default_size
 */
guint
hotlist_provider_base_get_page_size (HotlistProviderBase *self, guint default_size)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), default_size);
  return priv->page_size > 0 ? priv->page_size : default_size;
}

/* The interface, over the blocking vfuncs in a worker thread. */

typedef enum
{
  CALL_PULL,
  CALL_PUSH,
  CALL_ENROL,
  CALL_ENRICH,
} CallKind;

typedef struct
{
  CallKind   kind;
  char      *arg1;
  char      *arg2;
  GPtrArray *updates;
} Call;

static void
call_free (Call *call)
{
  g_free (call->arg1);
  g_free (call->arg2);
  g_clear_pointer (&call->updates, g_ptr_array_unref);
  g_free (call);
}

static gboolean
check_supported (HotlistProvider *self, gpointer vfunc, const char *what, GError **error);

/* The enrol and enrich vfuncs, checked and one call at a time, as the _sync forms below do for
 * pull and push. */
static gboolean
enrol_locked (HotlistProviderBase *self, Call *call, GCancellable *cancellable, GError **error)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);
  HotlistProviderBaseClass   *klass = HOTLIST_PROVIDER_BASE_GET_CLASS (self);
  gboolean                    ok;

  if (!check_supported (HOTLIST_PROVIDER (self), klass->enrol, _ ("enrol a lead in a sequence"),
                        error))
    return FALSE;
  g_mutex_lock (&priv->lock);
  ok = klass->enrol (self, call->arg1, call->arg2, cancellable, error);
  g_mutex_unlock (&priv->lock);
  return ok;
}

static HotlistRemoteLead *
enrich_locked (HotlistProviderBase *self, Call *call, GCancellable *cancellable, GError **error)
{
  HotlistProviderBasePrivate *priv = hotlist_provider_base_get_instance_private (self);
  HotlistProviderBaseClass   *klass = HOTLIST_PROVIDER_BASE_GET_CLASS (self);
  HotlistRemoteLead          *lead;

  if (!check_supported (HOTLIST_PROVIDER (self), klass->enrich, _ ("enrich leads"), error))
    return NULL;
  g_mutex_lock (&priv->lock);
  lead = klass->enrich (self, call->arg1, cancellable, error);
  g_mutex_unlock (&priv->lock);
  return lead;
}

static void
run_call (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HotlistProviderBase *self = source;
  Call                *call = task_data;
  GError              *error = NULL;

  switch (call->kind)
    {
    case CALL_PULL:
      {
        HotlistPullPage *page =
            hotlist_provider_pull_sync (HOTLIST_PROVIDER (self), call->arg1, cancellable, &error);

        if (page != NULL)
          g_task_return_pointer (task, page, (GDestroyNotify)hotlist_pull_page_free);
        break;
      }
    case CALL_PUSH:
      {
        GPtrArray *failed = hotlist_provider_push_scores_sync (HOTLIST_PROVIDER (self),
                                                               call->updates, cancellable, &error);

        if (failed != NULL)
          g_task_return_pointer (task, failed, (GDestroyNotify)g_ptr_array_unref);
        break;
      }
    case CALL_ENROL:
      if (enrol_locked (self, call, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      break;
    case CALL_ENRICH:
      {
        HotlistRemoteLead *lead = enrich_locked (self, call, cancellable, &error);

        if (lead != NULL)
          g_task_return_pointer (task, lead, (GDestroyNotify)hotlist_remote_lead_free);
        break;
      }
    }
  if (error != NULL)
    g_task_return_error (task, error);
}

static void
start_call (HotlistProvider    *provider,
            Call               *call,
            gpointer            source_tag,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);
  g_task_run_in_thread (task, run_call);
  g_object_unref (task);
}

static const char *
base_get_service (HotlistProvider *provider)
{
  return HOTLIST_PROVIDER_BASE_GET_CLASS (provider)->service;
}

static HotlistProviderCapabilities
base_get_capabilities (HotlistProvider *provider)
{
  HotlistProviderBaseClass  *klass = HOTLIST_PROVIDER_BASE_GET_CLASS (provider);
  const HotlistProviderInfo *info;

  if (klass->capabilities != 0)
    return klass->capabilities;
  info = hotlist_provider_registry_lookup (klass->service);
  return info != NULL ? info->capabilities : 0;
}

static void
base_pull_async (HotlistProvider    *provider,
                 const char         *cursor,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  Call *call = g_new0 (Call, 1);

  call->kind = CALL_PULL;
  call->arg1 = g_strdup (cursor);
  start_call (provider, call, base_pull_async, cancellable, callback, user_data);
}

static HotlistPullPage *
base_pull_finish (HotlistProvider *provider, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
base_push_scores_async (HotlistProvider    *provider,
                        GPtrArray          *updates,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  Call *call = g_new0 (Call, 1);

  call->kind = CALL_PUSH;
  call->updates = g_ptr_array_ref (updates);
  start_call (provider, call, base_push_scores_async, cancellable, callback, user_data);
}

static GPtrArray *
base_push_scores_finish (HotlistProvider *provider, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
base_enrol_async (HotlistProvider    *provider,
                  const char         *external_id,
                  const char         *sequence,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  Call *call = g_new0 (Call, 1);

  call->kind = CALL_ENROL;
  call->arg1 = g_strdup (external_id);
  call->arg2 = g_strdup (sequence);
  start_call (provider, call, base_enrol_async, cancellable, callback, user_data);
}

static gboolean
base_enrol_finish (HotlistProvider *provider, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
base_enrich_async (HotlistProvider    *provider,
                   const char         *email_or_domain,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  Call *call = g_new0 (Call, 1);

  call->kind = CALL_ENRICH;
  call->arg1 = g_strdup (email_or_domain);
  start_call (provider, call, base_enrich_async, cancellable, callback, user_data);
}

static HotlistRemoteLead *
base_enrich_finish (HotlistProvider *provider, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
hotlist_provider_base_iface_init (HotlistProviderInterface *iface)
{
  iface->get_service = base_get_service;
  iface->get_capabilities = base_get_capabilities;
  iface->pull_async = base_pull_async;
  iface->pull_finish = base_pull_finish;
  iface->push_scores_async = base_push_scores_async;
  iface->push_scores_finish = base_push_scores_finish;
  iface->enrol_async = base_enrol_async;
  iface->enrol_finish = base_enrol_finish;
  iface->enrich_async = base_enrich_async;
  iface->enrich_finish = base_enrich_finish;
}

/* Blocking forms: the subclass's vfunc directly, for a thread that already is a worker. */

static gboolean
check_supported (HotlistProvider *self, gpointer vfunc, const char *what, GError **error)
{
  if (vfunc != NULL)
    return TRUE;
  hotlist_provider_set_not_supported (self, what, error);
  return FALSE;
}

/**
 * hotlist_provider_pull_sync:
 * @self: a built-in provider
 * @cursor: (nullable): where the last committed page ended
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Blocks; for worker threads and the command line.
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
HotlistPullPage *
hotlist_provider_pull_sync (HotlistProvider *self,
                            const char      *cursor,
                            GCancellable    *cancellable,
                            GError         **error)
{
  HotlistProviderBase        *base;
  HotlistProviderBasePrivate *priv;
  HotlistPullPage            *page;

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  base = HOTLIST_PROVIDER_BASE (self);
  priv = hotlist_provider_base_get_instance_private (base);
  if (!check_supported (self, HOTLIST_PROVIDER_BASE_GET_CLASS (base)->pull, _ ("read leads"),
                        error))
    return NULL;
  g_mutex_lock (&priv->lock);
  page = HOTLIST_PROVIDER_BASE_GET_CLASS (base)->pull (base, cursor, cancellable, error);
  g_mutex_unlock (&priv->lock);
  return page;
}

/**
 * hotlist_provider_push_scores_sync:
 * @self: a built-in provider
 * @updates: (element-type HotlistScoreUpdate): the scores to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8): the external ids that failed, or %NULL with
 *   @error set when nothing could be written
 */
GPtrArray *
hotlist_provider_push_scores_sync (HotlistProvider *self,
                                   GPtrArray       *updates,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  HotlistProviderBase        *base;
  HotlistProviderBasePrivate *priv;
  GPtrArray                  *failed;

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  base = HOTLIST_PROVIDER_BASE (self);
  priv = hotlist_provider_base_get_instance_private (base);
  if (!check_supported (self, HOTLIST_PROVIDER_BASE_GET_CLASS (base)->push_scores,
                        _ ("store scores"), error))
    return NULL;
  g_mutex_lock (&priv->lock);
  failed = HOTLIST_PROVIDER_BASE_GET_CLASS (base)->push_scores (base, updates, cancellable, error);
  g_mutex_unlock (&priv->lock);
  return failed;
}

/**
 * hotlist_provider_rewind_cursor:
 * @self: a built-in provider
 * @cursor: (nullable): the cursor the last sync stored
 *
 * Returns: (transfer full) (nullable): the cursor a new sync starts from
 */
char *
hotlist_provider_rewind_cursor (HotlistProvider *self, const char *cursor)
{
  HotlistProviderBaseClass *klass;

  g_return_val_if_fail (HOTLIST_IS_PROVIDER_BASE (self), NULL);
  klass = HOTLIST_PROVIDER_BASE_GET_CLASS (self);
  if (cursor == NULL || klass->rewind_cursor == NULL)
    return g_strdup (cursor);
  return klass->rewind_cursor (HOTLIST_PROVIDER_BASE (self), cursor);
}

/**
 * hotlist_provider_new:
 * @service: a registry id
 * @base_url: (nullable): the account's API host, or %NULL for the service's own
 * @credentials: (nullable): the account's credentials
 * @oauth_config: (nullable): for refreshing OAuth credentials on a 401
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the provider, or %NULL when Hotlist has no connector for @service
 */
HotlistProvider *
hotlist_provider_new (const char               *service,
                      const char               *base_url,
                      const HotlistCredentials *credentials,
                      const HotlistOAuthConfig *oauth_config,
                      GError                  **error)
{
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  if (info == NULL || info->get_type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("Hotlist cannot sync with “%s” yet"),
                   info != NULL ? _ (info->display_name) : service);
      return NULL;
    }
  return g_object_new (info->get_type (), "base-url", base_url, "credentials", credentials,
                       "oauth-config", oauth_config, NULL);
}
