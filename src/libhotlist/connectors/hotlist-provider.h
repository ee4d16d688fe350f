/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A service Hotlist syncs with (a CRM, a sequencer, an enrichment source), and the registry of
 * the built-in ones. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "store/hotlist-lead.h"

G_BEGIN_DECLS

/**
 * HotlistProviderCapabilities:
 * @HOTLIST_PROVIDER_PULL_LEADS: reads leads (contacts, persons) changed since a cursor
 * @HOTLIST_PROVIDER_PULL_ACTIVITIES: reads engagement (emails, calls, meetings) as activities
 * @HOTLIST_PROVIDER_PUSH_SCORES: writes the score and tier back to each lead
 * @HOTLIST_PROVIDER_ENROL: adds a lead to a sequence or cadence
 * @HOTLIST_PROVIDER_ENRICH: fills in firmographics for a lead
 * @HOTLIST_PROVIDER_OAUTH: connects through OAuth 2.0 in the browser
 * @HOTLIST_PROVIDER_API_TOKEN: accepts a private-app or API token instead
 *
 * What a service can do, as the Accounts window and the sync engine need to know.
 */
typedef enum
{
  HOTLIST_PROVIDER_PULL_LEADS = 1 << 0,
  HOTLIST_PROVIDER_PULL_ACTIVITIES = 1 << 1,
  HOTLIST_PROVIDER_PUSH_SCORES = 1 << 2,
  HOTLIST_PROVIDER_ENROL = 1 << 3,
  HOTLIST_PROVIDER_ENRICH = 1 << 4,
  HOTLIST_PROVIDER_OAUTH = 1 << 5,
  HOTLIST_PROVIDER_API_TOKEN = 1 << 6,
} HotlistProviderCapabilities;

/* A lead as a service holds it, mapped to Hotlist's fields; the rest in @custom. */
typedef struct
{
  char          *external_id;
  char          *text[HOTLIST_N_LEAD_TEXT_FIELDS];
  guint32        present; /* HOTLIST_LEAD_INPUT_SET bits for the fields the service sent */
  gint64         company_size;
  gint64         created_at;
  gint64         updated_at; /* the service's last modification, the pull cursor's unit */
  HotlistOutcome outcome;
  JsonObject    *custom; /* other properties, by the service's name for them */
} HotlistRemoteLead;

/* Something a lead did, as a service records it. */
typedef struct
{
  char  *external_id;
  char  *lead_external_id;
  char  *activity_type; /* Hotlist's type: "email_open", "call", "meeting_booked"… */
  gint64 activity_date;
  char  *details;
} HotlistRemoteActivity;

/* One page of a pull: what changed, and where the next page starts. */
typedef struct
{
  GPtrArray *leads;      /* HotlistRemoteLead */
  GPtrArray *activities; /* HotlistRemoteActivity */
  char      *cursor;     /* to resume after this page; stored once the page is committed */
  gboolean   more;       /* another page follows */
} HotlistPullPage;

/* A score to write back to a lead of the service. */
typedef struct
{
  char *external_id;
  int   score;
  char *tier; /* NULL for a closed lead */
} HotlistScoreUpdate;

HotlistRemoteLead     *hotlist_remote_lead_new (void);
void                   hotlist_remote_lead_free (HotlistRemoteLead *lead);
HotlistRemoteActivity *hotlist_remote_activity_new (void);
void                   hotlist_remote_activity_free (HotlistRemoteActivity *activity);
HotlistPullPage       *hotlist_pull_page_new (void);
void                   hotlist_pull_page_free (HotlistPullPage *page);
void                   hotlist_score_update_free (HotlistScoreUpdate *update);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistRemoteLead, hotlist_remote_lead_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistPullPage, hotlist_pull_page_free)

#define HOTLIST_TYPE_PROVIDER (hotlist_provider_get_type ())

G_DECLARE_INTERFACE (HotlistProvider, hotlist_provider, HOTLIST, PROVIDER, GObject)

struct _HotlistProviderInterface
{
  GTypeInterface parent_iface;

  const char *(*get_service) (HotlistProvider *self);
  HotlistProviderCapabilities (*get_capabilities) (HotlistProvider *self);

  void (*pull_async) (HotlistProvider    *self,
                      const char         *cursor,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data);
  HotlistPullPage *(*pull_finish) (HotlistProvider *self, GAsyncResult *result, GError **error);

  void (*push_scores_async) (HotlistProvider    *self,
                             GPtrArray          *updates,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
  GPtrArray *(*push_scores_finish) (HotlistProvider *self, GAsyncResult *result, GError **error);

  void (*enrol_async) (HotlistProvider    *self,
                       const char         *external_id,
                       const char         *sequence,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data);
  gboolean (*enrol_finish) (HotlistProvider *self, GAsyncResult *result, GError **error);

  void (*enrich_async) (HotlistProvider    *self,
                        const char         *email_or_domain,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data);
  HotlistRemoteLead *(*enrich_finish) (HotlistProvider *self, GAsyncResult *result, GError **error);
};

HotlistProviderCapabilities hotlist_provider_get_capabilities (HotlistProvider *self);
void hotlist_provider_set_not_supported (HotlistProvider *self, const char *what, GError **error);
const char *hotlist_provider_get_service (HotlistProvider *self);

void hotlist_provider_pull_async (HotlistProvider    *self,
                                  const char         *cursor,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
HotlistPullPage      *
hotlist_provider_pull_finish (HotlistProvider *self, GAsyncResult *result, GError **error);
void hotlist_provider_push_scores_async (HotlistProvider    *self,
                                         GPtrArray          *updates,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
GPtrArray *
hotlist_provider_push_scores_finish (HotlistProvider *self, GAsyncResult *result, GError **error);
void hotlist_provider_enrol_async (HotlistProvider    *self,
                                   const char         *external_id,
                                   const char         *sequence,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean
     hotlist_provider_enrol_finish (HotlistProvider *self, GAsyncResult *result, GError **error);
void hotlist_provider_enrich_async (HotlistProvider    *self,
                                    const char         *email_or_domain,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
HotlistRemoteLead *
hotlist_provider_enrich_finish (HotlistProvider *self, GAsyncResult *result, GError **error);

/* The built-in services, for the Accounts window and `hotlist-cli accounts`. */
typedef struct
{
  const char                 *service;      /* "hubspot" */
  const char                 *display_name; /* "HubSpot", translated */
  HotlistProviderCapabilities capabilities;
  const char                 *default_base_url;
  GType (*get_type) (void); /* NULL until the service's connector is built */
} HotlistProviderInfo;

const HotlistProviderInfo *hotlist_provider_registry_list (guint *n_providers);
const HotlistProviderInfo *hotlist_provider_registry_lookup (const char *service);

G_END_DECLS
