/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake Salesforce org on 127.0.0.1 (OAuth token endpoint, SOQL, sObjects, Tooling custom
 * fields) that keeps its own Leads, Tasks and Events, for the connector tests. */
#pragma once

#include <glib-object.h>

/* HotlistFakeFault is shared by every fake; in this fake %HOTLIST_FAKE_FAULT_429 serves the
 * throttle Salesforce really has, a 403 `REQUEST_LIMIT_EXCEEDED` for concurrent requests
 * (reference 3.6: the REST API does not use 429). */
#include "hotlist-fake-hubspot.h"

G_BEGIN_DECLS

/* Endpoint names for hotlist_fake_salesforce_get_n_requests(); any API version is served. */
#define HOTLIST_FAKE_SALESFORCE_TOKEN "POST /services/oauth2/token"
#define HOTLIST_FAKE_SALESFORCE_VERSIONS "GET /services/data"
#define HOTLIST_FAKE_SALESFORCE_QUERY "GET /services/data/vXX.X/query"
#define HOTLIST_FAKE_SALESFORCE_QUERY_MORE "GET /services/data/vXX.X/query/{locator}"
#define HOTLIST_FAKE_SALESFORCE_LIMITS "GET /services/data/vXX.X/limits"
#define HOTLIST_FAKE_SALESFORCE_DESCRIBE "GET /services/data/vXX.X/sobjects/{type}/describe"
#define HOTLIST_FAKE_SALESFORCE_GET "GET /services/data/vXX.X/sobjects/{type}/{id}"
#define HOTLIST_FAKE_SALESFORCE_PATCH "PATCH /services/data/vXX.X/sobjects/{type}/{id}"
#define HOTLIST_FAKE_SALESFORCE_COLLECTIONS "PATCH /services/data/vXX.X/composite/sobjects"
#define HOTLIST_FAKE_SALESFORCE_CUSTOM_FIELD \
  "POST /services/data/vXX.X/tooling/sobjects/CustomField"

#define HOTLIST_FAKE_SALESFORCE_CLIENT_ID "fake-salesforce-consumer-key"
#define HOTLIST_FAKE_SALESFORCE_CLIENT_SECRET "fake-salesforce-consumer-secret"

#define HOTLIST_TYPE_FAKE_SALESFORCE (hotlist_fake_salesforce_get_type ())
G_DECLARE_FINAL_TYPE (HotlistFakeSalesforce,
                      hotlist_fake_salesforce,
                      HOTLIST,
                      FAKE_SALESFORCE,
                      GObject)

HotlistFakeSalesforce *hotlist_fake_salesforce_new (void);

/* Life cycle */
gboolean    hotlist_fake_salesforce_start (HotlistFakeSalesforce *self, GError **error);
gboolean    hotlist_fake_salesforce_start_in_thread (HotlistFakeSalesforce *self, GError **error);
const char *hotlist_fake_salesforce_get_base_url (HotlistFakeSalesforce *self);
void        hotlist_fake_salesforce_stop (HotlistFakeSalesforce *self);

/* Auth */
char *hotlist_fake_salesforce_issue_tokens (HotlistFakeSalesforce *self, char **refresh_token);
void hotlist_fake_salesforce_set_token_lifetime_ms (HotlistFakeSalesforce *self, guint lifetime_ms);
void hotlist_fake_salesforce_expire_access_tokens (HotlistFakeSalesforce *self);

/* API limits */
void  hotlist_fake_salesforce_set_daily_limit (HotlistFakeSalesforce *self, guint max_requests);
void  hotlist_fake_salesforce_set_api_usage (HotlistFakeSalesforce *self, guint used);
guint hotlist_fake_salesforce_get_api_usage (HotlistFakeSalesforce *self);

/* Fault injection */
void  hotlist_fake_salesforce_inject_fault (HotlistFakeSalesforce *self,
                                            const char            *path_prefix,
                                            HotlistFakeFault       kind,
                                            guint                  count);
void  hotlist_fake_salesforce_set_fault_every (HotlistFakeSalesforce *self,
                                               guint                  n,
                                               HotlistFakeFault       kind);
void  hotlist_fake_salesforce_set_fault_delay (HotlistFakeSalesforce *self, guint delay_ms);
void  hotlist_fake_salesforce_set_retry_after (HotlistFakeSalesforce *self, guint seconds);
void  hotlist_fake_salesforce_clear_faults (HotlistFakeSalesforce *self);
guint hotlist_fake_salesforce_get_n_requests (HotlistFakeSalesforce *self, const char *endpoint);
guint hotlist_fake_salesforce_get_n_faults (HotlistFakeSalesforce *self);
void  hotlist_fake_salesforce_set_record_error (HotlistFakeSalesforce *self,
                                                const char            *id,
                                                const char            *status_code,
                                                const char            *message);

/* Queries */
void  hotlist_fake_salesforce_set_query_batch_size (HotlistFakeSalesforce *self, guint size);
void  hotlist_fake_salesforce_expire_query_locators (HotlistFakeSalesforce *self);
char *hotlist_fake_salesforce_get_last_query (HotlistFakeSalesforce *self);

/* Leads ("contacts", as in the other fakes) */
void hotlist_fake_salesforce_set_now_ms (HotlistFakeSalesforce *self, gint64 now_ms);
char      *
hotlist_fake_salesforce_add_contact (HotlistFakeSalesforce *self, const char *const *kv_pairs);
void hotlist_fake_salesforce_generate_contacts (HotlistFakeSalesforce *self, guint n, guint32 seed);
char   **hotlist_fake_salesforce_touch_contacts (HotlistFakeSalesforce *self, guint n);
guint    hotlist_fake_salesforce_count_contacts (HotlistFakeSalesforce *self);
char    *hotlist_fake_salesforce_get_contact_property (HotlistFakeSalesforce *self,
                                                       const char            *id,
                                                       const char            *name);
gint64   hotlist_fake_salesforce_get_contact_modified (HotlistFakeSalesforce *self, const char *id);
char   **hotlist_fake_salesforce_list_property_names (HotlistFakeSalesforce *self);
gboolean hotlist_fake_salesforce_convert_lead (HotlistFakeSalesforce *self, const char *id);

/* Activities: "Task" (TaskSubtype Call, Email or Task) or "Event", with WhoId = a lead */
char *hotlist_fake_salesforce_add_activity (HotlistFakeSalesforce *self,
                                            const char            *lead_id,
                                            const char            *object_type,
                                            const char *const     *kv_pairs);
guint
hotlist_fake_salesforce_count_activities (HotlistFakeSalesforce *self, const char *object_type);
char **hotlist_fake_salesforce_list_activities (HotlistFakeSalesforce *self, const char *lead_id);

G_END_DECLS
