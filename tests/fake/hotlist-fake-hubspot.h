/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake HubSpot CRM v3 server on 127.0.0.1 that keeps its own contacts, for the connector tests. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * HotlistFakeFault:
 * @HOTLIST_FAKE_FAULT_NONE: no fault
 * @HOTLIST_FAKE_FAULT_500: 500 Internal Server Error with a HubSpot error body
 * @HOTLIST_FAKE_FAULT_502: 502 Bad Gateway with an HTML body, as a proxy sends it
 * @HOTLIST_FAKE_FAULT_503: 503 Service Unavailable with a HubSpot error body
 * @HOTLIST_FAKE_FAULT_429: 429 with the `SECONDLY` body and `Retry-After`
 * @HOTLIST_FAKE_FAULT_401_EXPIRED: 401 `EXPIRED_AUTHENTICATION`; an OAuth access token presented
 *   with the request really expires, so the client has to refresh
 * @HOTLIST_FAKE_FAULT_MALFORMED_JSON: 200 with a complete body that is not valid JSON
 * @HOTLIST_FAKE_FAULT_TRUNCATED_BODY: 200 whose `Content-Length` promises more than is sent; the
 *   connection closes mid-body
 * @HOTLIST_FAKE_FAULT_SLOW: the normal answer, after the delay set with
 *   hotlist_fake_hubspot_set_fault_delay()
 *
 * Faults a test can make the fake serve instead of (or on top of) the normal answer.
 */
typedef enum
{
  HOTLIST_FAKE_FAULT_NONE,
  HOTLIST_FAKE_FAULT_500,
  HOTLIST_FAKE_FAULT_502,
  HOTLIST_FAKE_FAULT_503,
  HOTLIST_FAKE_FAULT_429,
  HOTLIST_FAKE_FAULT_401_EXPIRED,
  HOTLIST_FAKE_FAULT_MALFORMED_JSON,
  HOTLIST_FAKE_FAULT_TRUNCATED_BODY,
  HOTLIST_FAKE_FAULT_SLOW,
} HotlistFakeFault;

/* Endpoint names for hotlist_fake_hubspot_get_n_requests(). */
#define HOTLIST_FAKE_HUBSPOT_LIST "GET /crm/v3/objects/contacts"
#define HOTLIST_FAKE_HUBSPOT_GET "GET /crm/v3/objects/contacts/{id}"
#define HOTLIST_FAKE_HUBSPOT_CREATE "POST /crm/v3/objects/contacts"
#define HOTLIST_FAKE_HUBSPOT_PATCH "PATCH /crm/v3/objects/contacts/{id}"
#define HOTLIST_FAKE_HUBSPOT_BATCH_READ "POST /crm/v3/objects/contacts/batch/read"
#define HOTLIST_FAKE_HUBSPOT_BATCH_UPDATE "POST /crm/v3/objects/contacts/batch/update"
#define HOTLIST_FAKE_HUBSPOT_SEARCH "POST /crm/v3/objects/contacts/search"
#define HOTLIST_FAKE_HUBSPOT_PROPERTIES "GET /crm/v3/properties/contacts"
#define HOTLIST_FAKE_HUBSPOT_PROPERTY "GET /crm/v3/properties/contacts/{name}"
#define HOTLIST_FAKE_HUBSPOT_PROPERTY_POST "POST /crm/v3/properties/contacts"
#define HOTLIST_FAKE_HUBSPOT_TOKEN "POST /oauth/v1/token"
/* Engagements (calls, meetings, emails), their associations and marketing email events. */
#define HOTLIST_FAKE_HUBSPOT_ENGAGEMENT_BATCH_READ "POST /crm/v3/objects/{engagements}/batch/read"
#define HOTLIST_FAKE_HUBSPOT_ENGAGEMENT_GET "GET /crm/v3/objects/{engagements}/{id}"
#define HOTLIST_FAKE_HUBSPOT_ASSOCIATIONS_BATCH_READ \
  "POST /crm/v4/associations/contacts/{toType}/batch/read"
#define HOTLIST_FAKE_HUBSPOT_ASSOCIATIONS_LIST \
  "GET /crm/v4/objects/contacts/{id}/associations/{toType}"
#define HOTLIST_FAKE_HUBSPOT_EMAIL_EVENTS "GET /email/public/v1/events"

/* The private-app token every fake accepts unless told otherwise. */
#define HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN "pat-na1-00000000-fake-private-app-token"
#define HOTLIST_FAKE_HUBSPOT_CLIENT_ID "fake-hubspot-client-id"
#define HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET "fake-hubspot-client-secret"

#define HOTLIST_TYPE_FAKE_HUBSPOT (hotlist_fake_hubspot_get_type ())
G_DECLARE_FINAL_TYPE (HotlistFakeHubspot, hotlist_fake_hubspot, HOTLIST, FAKE_HUBSPOT, GObject)

HotlistFakeHubspot *hotlist_fake_hubspot_new (void);

/* Life cycle */
gboolean    hotlist_fake_hubspot_start (HotlistFakeHubspot *self, GError **error);
gboolean    hotlist_fake_hubspot_start_in_thread (HotlistFakeHubspot *self, GError **error);
const char *hotlist_fake_hubspot_get_base_url (HotlistFakeHubspot *self);
void        hotlist_fake_hubspot_stop (HotlistFakeHubspot *self);

/* Auth */
char *hotlist_fake_hubspot_issue_tokens (HotlistFakeHubspot *self, char **refresh_token);
void  hotlist_fake_hubspot_add_authorization_code (HotlistFakeHubspot *self,
                                                   const char         *code,
                                                   const char         *code_challenge);
void  hotlist_fake_hubspot_set_token_lifetime_ms (HotlistFakeHubspot *self, guint lifetime_ms);
void  hotlist_fake_hubspot_expire_access_tokens (HotlistFakeHubspot *self);
void  hotlist_fake_hubspot_add_private_app_token (HotlistFakeHubspot *self, const char *token);

/* Rate limits */
void hotlist_fake_hubspot_set_rate_limits (HotlistFakeHubspot *self,
                                           guint               per_second,
                                           guint               per_ten_seconds);
void hotlist_fake_hubspot_set_send_retry_after (HotlistFakeHubspot *self, gboolean send);

/* Fault injection */
void hotlist_fake_hubspot_inject_fault (HotlistFakeHubspot *self,
                                        const char         *path_prefix,
                                        HotlistFakeFault    kind,
                                        guint               count);
void
hotlist_fake_hubspot_set_fault_every (HotlistFakeHubspot *self, guint n, HotlistFakeFault kind);
void   hotlist_fake_hubspot_set_fault_delay (HotlistFakeHubspot *self, guint delay_ms);
void   hotlist_fake_hubspot_set_retry_after (HotlistFakeHubspot *self, guint seconds);
void   hotlist_fake_hubspot_clear_faults (HotlistFakeHubspot *self);
guint  hotlist_fake_hubspot_get_n_requests (HotlistFakeHubspot *self, const char *endpoint);
guint  hotlist_fake_hubspot_get_n_faults (HotlistFakeHubspot *self);
gint64 hotlist_fake_hubspot_get_serve_time_us (HotlistFakeHubspot *self);

/* Records */
void     hotlist_fake_hubspot_set_now_ms (HotlistFakeHubspot *self, gint64 now_ms);
char    *hotlist_fake_hubspot_add_contact (HotlistFakeHubspot *self, const char *const *kv_pairs);
void     hotlist_fake_hubspot_generate_contacts (HotlistFakeHubspot *self, guint n, guint32 seed);
char   **hotlist_fake_hubspot_touch_contacts (HotlistFakeHubspot *self, guint n);
gboolean hotlist_fake_hubspot_archive_contact (HotlistFakeHubspot *self, const char *id);
char    *hotlist_fake_hubspot_get_contact_property (HotlistFakeHubspot *self,
                                                    const char         *id,
                                                    const char         *name);
gint64   hotlist_fake_hubspot_get_contact_modified (HotlistFakeHubspot *self, const char *id);
guint    hotlist_fake_hubspot_count_contacts (HotlistFakeHubspot *self);
char   **hotlist_fake_hubspot_list_property_names (HotlistFakeHubspot *self);

/* Engagements: "calls", "meetings" or "emails", each associated with one contact */
char  *hotlist_fake_hubspot_add_engagement (HotlistFakeHubspot *self,
                                            const char         *contact_id,
                                            const char         *object_type,
                                            const char *const  *kv_pairs);
guint  hotlist_fake_hubspot_count_engagements (HotlistFakeHubspot *self, const char *object_type);
char **hotlist_fake_hubspot_list_engagements (HotlistFakeHubspot *self,
                                              const char         *contact_id,
                                              const char         *object_type);
char  *hotlist_fake_hubspot_add_email_event (HotlistFakeHubspot *self,
                                             const char         *contact_id,
                                             const char         *type,
                                             gint64              created_ms);
guint  hotlist_fake_hubspot_count_email_events (HotlistFakeHubspot *self);

G_END_DECLS
