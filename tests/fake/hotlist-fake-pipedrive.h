/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake Pipedrive (API v1 and v2) on 127.0.0.1 that keeps its own persons, activities and deals,
 * for the connector tests. */
#pragma once

#include <glib-object.h>

#include "hotlist-fake-hubspot.h" /* HotlistFakeFault */

G_BEGIN_DECLS

/* Endpoint names for hotlist_fake_pipedrive_get_n_requests(). */
#define HOTLIST_FAKE_PIPEDRIVE_PERSONS "GET /api/v2/persons"
#define HOTLIST_FAKE_PIPEDRIVE_PERSON "GET /api/v2/persons/{id}"
#define HOTLIST_FAKE_PIPEDRIVE_PERSON_PATCH "PATCH /api/v2/persons/{id}"
#define HOTLIST_FAKE_PIPEDRIVE_ACTIVITIES "GET /api/v2/activities"
#define HOTLIST_FAKE_PIPEDRIVE_DEALS "GET /api/v2/deals"
#define HOTLIST_FAKE_PIPEDRIVE_ORGANIZATIONS "GET /api/v2/organizations"
#define HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1 "GET /api/v1/personFields"
#define HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1_POST "POST /api/v1/personFields"
#define HOTLIST_FAKE_PIPEDRIVE_FIELDS_V2 "GET /api/v2/personFields"
#define HOTLIST_FAKE_PIPEDRIVE_FIELDS_V2_POST "POST /api/v2/personFields"
#define HOTLIST_FAKE_PIPEDRIVE_TOKEN "POST /oauth/token"

/* The API token every fake accepts unless told otherwise. */
#define HOTLIST_FAKE_PIPEDRIVE_API_TOKEN "0123456789abcdef0123456789abcdef01234567"
#define HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID "fake-pipedrive-client-id"
#define HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET "fake-pipedrive-client-secret"

#define HOTLIST_TYPE_FAKE_PIPEDRIVE (hotlist_fake_pipedrive_get_type ())
G_DECLARE_FINAL_TYPE (HotlistFakePipedrive,
                      hotlist_fake_pipedrive,
                      HOTLIST,
                      FAKE_PIPEDRIVE,
                      GObject)

HotlistFakePipedrive *hotlist_fake_pipedrive_new (void);

/* Life cycle */
gboolean    hotlist_fake_pipedrive_start (HotlistFakePipedrive *self, GError **error);
gboolean    hotlist_fake_pipedrive_start_in_thread (HotlistFakePipedrive *self, GError **error);
const char *hotlist_fake_pipedrive_get_base_url (HotlistFakePipedrive *self);
void        hotlist_fake_pipedrive_stop (HotlistFakePipedrive *self);

/* Auth */
char *hotlist_fake_pipedrive_issue_tokens (HotlistFakePipedrive *self, char **refresh_token);
void  hotlist_fake_pipedrive_set_token_lifetime_ms (HotlistFakePipedrive *self, guint lifetime_ms);
void  hotlist_fake_pipedrive_expire_access_tokens (HotlistFakePipedrive *self);
void  hotlist_fake_pipedrive_add_api_token (HotlistFakePipedrive *self, const char *token);

/* Fault injection */
void hotlist_fake_pipedrive_inject_fault (HotlistFakePipedrive *self,
                                          const char           *path_prefix,
                                          HotlistFakeFault      kind,
                                          guint                 count);
void
hotlist_fake_pipedrive_set_fault_every (HotlistFakePipedrive *self, guint n, HotlistFakeFault kind);
void  hotlist_fake_pipedrive_set_fault_delay (HotlistFakePipedrive *self, guint delay_ms);
void  hotlist_fake_pipedrive_set_retry_after (HotlistFakePipedrive *self, guint seconds);
void  hotlist_fake_pipedrive_clear_faults (HotlistFakePipedrive *self);
guint hotlist_fake_pipedrive_get_n_requests (HotlistFakePipedrive *self, const char *endpoint);
guint hotlist_fake_pipedrive_get_n_faults (HotlistFakePipedrive *self);

/* Persons */
void   hotlist_fake_pipedrive_set_now_ms (HotlistFakePipedrive *self, gint64 now_ms);
char  *hotlist_fake_pipedrive_add_contact (HotlistFakePipedrive *self, const char *const *kv_pairs);
void   hotlist_fake_pipedrive_generate_contacts (HotlistFakePipedrive *self, guint n, guint32 seed);
char **hotlist_fake_pipedrive_touch_contacts (HotlistFakePipedrive *self, guint n);
gboolean hotlist_fake_pipedrive_delete_contact (HotlistFakePipedrive *self, const char *id);
char    *hotlist_fake_pipedrive_get_contact_property (HotlistFakePipedrive *self,
                                                      const char           *id,
                                                      const char           *name);
gint64   hotlist_fake_pipedrive_get_contact_modified (HotlistFakePipedrive *self, const char *id);
guint    hotlist_fake_pipedrive_count_contacts (HotlistFakePipedrive *self);
char   **hotlist_fake_pipedrive_list_property_names (HotlistFakePipedrive *self);
char    *hotlist_fake_pipedrive_add_field (HotlistFakePipedrive *self,
                                           const char           *name,
                                           const char           *field_type,
                                           const char *const    *options);

/* Activities ("call", "meeting", "email", "task", …) and deals ("open", "won", "lost") */
char    *hotlist_fake_pipedrive_add_activity (HotlistFakePipedrive *self,
                                              const char           *person_id,
                                              const char           *type,
                                              const char           *subject,
                                              gboolean              done,
                                              const char           *due_date);
guint    hotlist_fake_pipedrive_count_activities (HotlistFakePipedrive *self);
char    *hotlist_fake_pipedrive_add_deal (HotlistFakePipedrive *self,
                                          const char           *person_id,
                                          const char           *title,
                                          const char           *status);
gboolean hotlist_fake_pipedrive_set_deal_status (HotlistFakePipedrive *self,
                                                 const char           *deal_id,
                                                 const char           *status);

G_END_DECLS
