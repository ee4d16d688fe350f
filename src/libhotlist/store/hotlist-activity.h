/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a lead did (page views, email opens, calls…), and the store's queries for activities. */
#pragma once

#include <glib-object.h>

#include "hotlist-store.h"

G_BEGIN_DECLS

/**
 * HotlistActivity:
 * @id: the row id
 * @activity_id: the public id (a UUID, as text)
 * @lead: the row id of the lead it belongs to
 * @activity_type: what happened, normalised ("page_view", "email_open", "meeting_booked"…)
 * @activity_date: when, in Unix seconds
 * @details: (nullable): free text or JSON
 * @source: the system it came from ("manual" unless told)
 * @external_id: (nullable): its id in @source
 *
 * One thing a lead did, read from the store.
 */
typedef struct
{
  gint64 id;
  char  *activity_id;
  gint64 lead;
  char  *activity_type;
  gint64 activity_date;
  char  *details;
  char  *source;
  char  *external_id;
} HotlistActivity;

#define HOTLIST_TYPE_ACTIVITY (hotlist_activity_get_type ())

GType            hotlist_activity_get_type (void) G_GNUC_CONST;
HotlistActivity *hotlist_activity_copy (const HotlistActivity *activity);
void             hotlist_activity_free (HotlistActivity *activity);
char            *hotlist_activity_normalize_type (const char *activity_type, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistActivity, hotlist_activity_free)

gboolean   hotlist_store_add_activity (HotlistStore *store,
                                       gint64        lead,
                                       const char   *activity_type,
                                       gint64        activity_date,
                                       const char   *details,
                                       const char   *source,
                                       const char   *external_id,
                                       gint64       *out_id,
                                       gboolean     *out_created,
                                       GError      **error);
GPtrArray *hotlist_store_list_activities (HotlistStore *store, gint64 lead, GError **error);
gint64     hotlist_store_count_activities (HotlistStore *store, GError **error);
gint64     hotlist_store_lookup_lead (HotlistStore *store,
                                      const char   *source,
                                      const char   *lead_ref,
                                      GError      **error);

G_END_DECLS
