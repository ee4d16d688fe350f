/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A service Hotlist syncs with, and the registry of the built-in ones. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hotlist-provider.h"
#include "hotlist-provider-hubspot.h"
#include "hotlist-provider-pipedrive.h"
#include "hotlist-provider-salesforce.h"

G_DEFINE_INTERFACE (HotlistProvider, hotlist_provider, G_TYPE_OBJECT)

HotlistRemoteLead *
hotlist_remote_lead_new (void)
{
  HotlistRemoteLead *lead = g_new0 (HotlistRemoteLead, 1);

  lead->company_size = -1;
  return lead;
}

void
hotlist_remote_lead_free (HotlistRemoteLead *lead)
{
  if (lead == NULL)
    return;
  g_free (lead->external_id);
  for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    g_free (lead->text[i]);
  g_clear_pointer (&lead->custom, json_object_unref);
  g_free (lead);
}

HotlistRemoteActivity *
hotlist_remote_activity_new (void)
{
  return g_new0 (HotlistRemoteActivity, 1);
}

void
hotlist_remote_activity_free (HotlistRemoteActivity *activity)
{
  if (activity == NULL)
    return;
  g_free (activity->external_id);
  g_free (activity->lead_external_id);
  g_free (activity->activity_type);
  g_free (activity->details);
  g_free (activity);
}

HotlistPullPage *
hotlist_pull_page_new (void)
{
  HotlistPullPage *page = g_new0 (HotlistPullPage, 1);

  page->leads = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_remote_lead_free);
  page->activities = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_remote_activity_free);
  return page;
}

void
hotlist_pull_page_free (HotlistPullPage *page)
{
  if (page == NULL)
    return;
  g_ptr_array_unref (page->leads);
  g_ptr_array_unref (page->activities);
  g_free (page->cursor);
  g_free (page);
}

void
hotlist_score_update_free (HotlistScoreUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->external_id);
  g_free (update->tier);
  g_free (update);
}

/**
 * hotlist_provider_set_not_supported:
 * @self: a provider
 * @what: what it cannot do, as a verb phrase ("enrol a lead in a sequence")
 * @error: return location for a #GError
 *
 * What a service cannot do fails with %G_IO_ERROR_NOT_SUPPORTED, naming the service; for the
 * interface's wrappers and for connectors that lack a call.
 */
void
hotlist_provider_set_not_supported (HotlistProvider *self, const char *what, GError **error)
{
  const char                *service = hotlist_provider_get_service (self);
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: "HubSpot cannot enrol a lead in a sequence" */
               _ ("%s cannot %s"), info != NULL ? _ (info->display_name) : service, what);
}

static void
not_supported_async (HotlistProvider    *self,
                     const char         *what,
                     gpointer            source_tag,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  GError *error = NULL;

  hotlist_provider_set_not_supported (self, what, &error);
  g_task_report_error (self, callback, user_data, source_tag, error);
}

static void
hotlist_provider_default_init (HotlistProviderInterface *iface)
{
}

/**
 * hotlist_provider_get_service:
 * @self: a #HotlistProvider
 *
 * Returns: the service's id, as the registry and the secrets store name it ("hubspot")
 */
const char *
hotlist_provider_get_service (HotlistProvider *self)
{
  HotlistProviderInterface *iface;

  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), NULL);
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  return iface->get_service != NULL ? iface->get_service (self) : G_OBJECT_TYPE_NAME (self);
}

HotlistProviderCapabilities
hotlist_provider_get_capabilities (HotlistProvider *self)
{
  HotlistProviderInterface *iface;

  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), 0);
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  return iface->get_capabilities != NULL ? iface->get_capabilities (self) : 0;
}

/**
 * hotlist_provider_pull_async:
 * @self: a #HotlistProvider
 * @cursor: (nullable): where the last committed page ended, or %NULL for a full sync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the page
 * @user_data: for @callback
 *
 * Reads the next page of leads (and activities) changed since @cursor.
 */
void
hotlist_provider_pull_async (HotlistProvider    *self,
                             const char         *cursor,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  HotlistProviderInterface *iface;

  g_return_if_fail (HOTLIST_IS_PROVIDER (self));
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  if (iface->pull_async == NULL)
    not_supported_async (self, _ ("read leads"), hotlist_provider_pull_async, callback, user_data);
  else
    iface->pull_async (self, cursor, cancellable, callback, user_data);
}

/**
 * hotlist_provider_pull_finish:
 * @self: a #HotlistProvider
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
HotlistPullPage *
hotlist_provider_pull_finish (HotlistProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), NULL);
  if (g_async_result_is_tagged (result, hotlist_provider_pull_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return HOTLIST_PROVIDER_GET_IFACE (self)->pull_finish (self, result, error);
}

/**
 * hotlist_provider_push_scores_async:
 * @self: a #HotlistProvider
 * @updates: (element-type HotlistScoreUpdate): the scores to write back
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when they were written
 * @user_data: for @callback
 *
 * Writes scores and tiers to the service's leads, creating the fields when missing, in the
 * batches the service allows.
 */
void
hotlist_provider_push_scores_async (HotlistProvider    *self,
                                    GPtrArray          *updates,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  HotlistProviderInterface *iface;

  g_return_if_fail (HOTLIST_IS_PROVIDER (self));
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  if (iface->push_scores_async == NULL)
    not_supported_async (self, _ ("store scores"), hotlist_provider_push_scores_async, callback,
                         user_data);
  else
    iface->push_scores_async (self, updates, cancellable, callback, user_data);
}

/**
 * hotlist_provider_push_scores_finish:
 * @self: a #HotlistProvider
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8): the external ids whose score could not be
 *   written (retried at the next sync), or %NULL with @error set when nothing could be
 */
GPtrArray *
hotlist_provider_push_scores_finish (HotlistProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), NULL);
  if (g_async_result_is_tagged (result, hotlist_provider_push_scores_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return HOTLIST_PROVIDER_GET_IFACE (self)->push_scores_finish (self, result, error);
}

void
hotlist_provider_enrol_async (HotlistProvider    *self,
                              const char         *external_id,
                              const char         *sequence,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  HotlistProviderInterface *iface;

  g_return_if_fail (HOTLIST_IS_PROVIDER (self));
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  if (iface->enrol_async == NULL)
    not_supported_async (self, _ ("enrol a lead in a sequence"), hotlist_provider_enrol_async,
                         callback, user_data);
  else
    iface->enrol_async (self, external_id, sequence, cancellable, callback, user_data);
}

gboolean
hotlist_provider_enrol_finish (HotlistProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), FALSE);
  if (g_async_result_is_tagged (result, hotlist_provider_enrol_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return HOTLIST_PROVIDER_GET_IFACE (self)->enrol_finish (self, result, error);
}

void
hotlist_provider_enrich_async (HotlistProvider    *self,
                               const char         *email_or_domain,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  HotlistProviderInterface *iface;

  g_return_if_fail (HOTLIST_IS_PROVIDER (self));
  iface = HOTLIST_PROVIDER_GET_IFACE (self);
  if (iface->enrich_async == NULL)
    not_supported_async (self, _ ("enrich leads"), hotlist_provider_enrich_async, callback,
                         user_data);
  else
    iface->enrich_async (self, email_or_domain, cancellable, callback, user_data);
}

HotlistRemoteLead *
hotlist_provider_enrich_finish (HotlistProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_PROVIDER (self), NULL);
  if (g_async_result_is_tagged (result, hotlist_provider_enrich_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return HOTLIST_PROVIDER_GET_IFACE (self)->enrich_finish (self, result, error);
}

/* The built-in services. A service's connector registers its type here when it is built; until
 * then the Accounts window lists the service without a way to connect it. */
static const HotlistProviderInfo providers[] = {
  { "hubspot",
    N_ ("HubSpot"),
        HOTLIST_PROVIDER_PULL_LEADS | HOTLIST_PROVIDER_PULL_ACTIVITIES
            | HOTLIST_PROVIDER_PUSH_SCORES | HOTLIST_PROVIDER_OAUTH | HOTLIST_PROVIDER_API_TOKEN,
        "https://api.hubapi.com",
        hotlist_provider_hubspot_get_type },
    { "salesforce",
      N_ ("Salesforce"),
          HOTLIST_PROVIDER_PULL_LEADS | HOTLIST_PROVIDER_PULL_ACTIVITIES
              | HOTLIST_PROVIDER_PUSH_SCORES | HOTLIST_PROVIDER_OAUTH,
          "https://login.salesforce.com",
          hotlist_provider_salesforce_get_type },
      { "pipedrive",
        N_ ("Pipedrive"),
            HOTLIST_PROVIDER_PULL_LEADS | HOTLIST_PROVIDER_PULL_ACTIVITIES
                | HOTLIST_PROVIDER_PUSH_SCORES | HOTLIST_PROVIDER_OAUTH
                | HOTLIST_PROVIDER_API_TOKEN,
            "https://api.pipedrive.com",
            hotlist_provider_pipedrive_get_type },
        { "outreach",
          N_ ("Outreach"),
              HOTLIST_PROVIDER_PULL_ACTIVITIES | HOTLIST_PROVIDER_PUSH_SCORES
                  | HOTLIST_PROVIDER_ENROL | HOTLIST_PROVIDER_OAUTH,
              "https://api.outreach.io/api/v2",
              NULL },
          { "salesloft",
            N_ ("SalesLoft"),
                HOTLIST_PROVIDER_PULL_ACTIVITIES | HOTLIST_PROVIDER_PUSH_SCORES
                    | HOTLIST_PROVIDER_ENROL | HOTLIST_PROVIDER_OAUTH | HOTLIST_PROVIDER_API_TOKEN,
                "https://api.salesloft.com/v2",
                NULL },
            { "ga4",
              N_ ("Google Analytics 4"),
                  HOTLIST_PROVIDER_PULL_ACTIVITIES | HOTLIST_PROVIDER_OAUTH,
                  "https://analyticsdata.googleapis.com/v1beta",
                  NULL },
              { "clearbit",
                N_ ("Clearbit"),
                    HOTLIST_PROVIDER_ENRICH | HOTLIST_PROVIDER_API_TOKEN,
                    "https://person.clearbit.com",
                    NULL },
                { "zoominfo",
                  N_ ("ZoomInfo"),
                      HOTLIST_PROVIDER_ENRICH | HOTLIST_PROVIDER_OAUTH,
                      "https://api.zoominfo.com",
                      NULL },
              };

/**
 * hotlist_provider_registry_list:
 * @n_providers: (out): how many
 *
 * Returns: (array length=n_providers): the built-in services, in the order the app lists them
 */
const HotlistProviderInfo *
hotlist_provider_registry_list (guint *n_providers)
{
  g_return_val_if_fail (n_providers != NULL, NULL);
  *n_providers = G_N_ELEMENTS (providers);
  return providers;
}

/**
 * hotlist_provider_registry_lookup:
 * @service: a service id ("hubspot")
 *
 * Returns: (nullable): the service, or %NULL when Hotlist does not know it
 */
const HotlistProviderInfo *
hotlist_provider_registry_lookup (const char *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (providers[i].service, service))
      return &providers[i];
  return NULL;
}
