/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite lead store behind one workspace: schema, transactions, lead and attribute queries. */
#pragma once

#include <gio/gio.h>

#include "hotlist-attribute.h"
#include "hotlist-lead.h"

G_BEGIN_DECLS

#define HOTLIST_STORE_ERROR (hotlist_store_error_quark ())

/**
 * HotlistStoreError:
 * @HOTLIST_STORE_ERROR_OPEN: the database file could not be opened
 * @HOTLIST_STORE_ERROR_NEWER_SCHEMA: the file was written by a newer Hotlist
 * @HOTLIST_STORE_ERROR_CORRUPT: the file is not a usable database
 * @HOTLIST_STORE_ERROR_BUSY: another program holds the database
 * @HOTLIST_STORE_ERROR_QUERY: a statement failed
 * @HOTLIST_STORE_ERROR_NOT_FOUND: no such lead, attribute or model
 * @HOTLIST_STORE_ERROR_INVALID: the data given is not acceptable
 */
typedef enum
{
  HOTLIST_STORE_ERROR_OPEN,
  HOTLIST_STORE_ERROR_NEWER_SCHEMA,
  HOTLIST_STORE_ERROR_CORRUPT,
  HOTLIST_STORE_ERROR_BUSY,
  HOTLIST_STORE_ERROR_QUERY,
  HOTLIST_STORE_ERROR_NOT_FOUND,
  HOTLIST_STORE_ERROR_INVALID,
} HotlistStoreError;

GQuark hotlist_store_error_quark (void);

#define HOTLIST_TYPE_STORE (hotlist_store_get_type ())

G_DECLARE_FINAL_TYPE (HotlistStore, hotlist_store, HOTLIST, STORE, GObject)

/**
 * HotlistLeadOrder:
 *
 * How a lead listing is ordered.
 */
typedef enum
{
  HOTLIST_LEAD_ORDER_SCORE,
  HOTLIST_LEAD_ORDER_NAME,
  HOTLIST_LEAD_ORDER_CREATED,
} HotlistLeadOrder;

/**
 * HotlistLeadFunc:
 * @lead: a lead, owned by the caller of the function
 * @user_data: closure data
 *
 * Returns: %FALSE to stop the iteration
 */
typedef gboolean (*HotlistLeadFunc) (const HotlistLead *lead, gpointer user_data);

/**
 * HotlistStoreRescoreFunc:
 * @store: the store, inside the transaction that changed the leads
 * @leads: (array length=n_leads): row ids of the leads whose data changed
 * @n_leads: how many
 * @user_data: closure data
 * @error: return location for a #GError
 *
 * Called before the outermost commit of a transaction that changed leads, so that their scores
 * are written in the same transaction as their data. A failure rolls the transaction back.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*HotlistStoreRescoreFunc) (HotlistStore *store,
                                             const gint64 *leads,
                                             guint         n_leads,
                                             gpointer      user_data,
                                             GError      **error);

HotlistStore *hotlist_store_open (const char *path, GError **error);
void          hotlist_store_set_rescore_func (HotlistStore           *self,
                                              HotlistStoreRescoreFunc func,
                                              gpointer                user_data,
                                              GDestroyNotify          destroy);
const char   *hotlist_store_get_path (HotlistStore *self);
guint         hotlist_store_get_schema_version (HotlistStore *self);
guint         hotlist_store_get_latest_version (void);

gboolean hotlist_store_begin (HotlistStore *self, GError **error);
gboolean hotlist_store_commit (HotlistStore *self, GError **error);
void     hotlist_store_rollback (HotlistStore *self);
gboolean hotlist_store_in_transaction (HotlistStore *self);
gboolean hotlist_store_check_integrity (HotlistStore *self, GError **error);
void     hotlist_store_set_cache_size (HotlistStore *self, guint kib);
void     hotlist_store_set_defer_explanations (HotlistStore *self, gboolean defer);
gboolean hotlist_store_get_defer_explanations (HotlistStore *self);

gboolean     hotlist_store_upsert_lead (HotlistStore           *self,
                                        const HotlistLeadInput *input,
                                        gint64                 *out_id,
                                        gboolean               *out_created,
                                        GError                **error);
HotlistLead *hotlist_store_get_lead (HotlistStore *self, gint64 id, GError **error);
HotlistLead *
hotlist_store_find_lead (HotlistStore *self, const char *lead_or_external_id, GError **error);
gint64   hotlist_store_count_leads (HotlistStore *self, GError **error);
gboolean hotlist_store_shift_dates (HotlistStore *self, gint64 seconds, GError **error);
gboolean hotlist_store_foreach_lead (HotlistStore    *self,
                                     HotlistLeadOrder order,
                                     gint64           limit,
                                     HotlistLeadFunc  func,
                                     gpointer         user_data,
                                     GError         **error);
/**
 * HotlistLeadSummary:
 *
 * What a list of leads shows of each, borrowed from the query for the length of one call.
 */
typedef struct
{
  gint64         id;
  const char    *text[HOTLIST_N_LEAD_TEXT_FIELDS]; /* NULL when empty */
  const char    *tier;                             /* NULL when none */
  int            lead_score;                       /* -1 when not scored */
  double         probability;                      /* NAN when not scored */
  HotlistOutcome outcome;
  gint64         last_activity_date; /* 0 when none */
} HotlistLeadSummary;

typedef gboolean (*HotlistLeadSummaryFunc) (const HotlistLeadSummary *lead, gpointer user_data);

gboolean hotlist_store_foreach_lead_summary (HotlistStore          *self,
                                             const gint64          *ids,
                                             guint                  n_ids,
                                             gint64                 limit,
                                             gboolean               scores_only,
                                             HotlistLeadSummaryFunc func,
                                             gpointer               user_data,
                                             GError               **error);

GPtrArray *
hotlist_store_list_leads (HotlistStore *self, HotlistLeadOrder order, gint64 limit, GError **error);

GPtrArray        *hotlist_store_list_attributes (HotlistStore *self, GError **error);
HotlistAttribute *hotlist_store_get_attribute (HotlistStore *self, const char *key, GError **error);
char             *hotlist_store_ensure_custom_attribute (HotlistStore     *self,
                                                         const char       *column_name,
                                                         HotlistValueKind *out_kind,
                                                         gboolean         *out_created,
                                                         GError          **error);
gboolean          hotlist_store_update_attribute_kind (HotlistStore    *self,
                                                       const char      *key,
                                                       HotlistValueKind kind,
                                                       GError         **error);

gboolean hotlist_store_set_attribute (HotlistStore *self,
                                      const char   *key,
                                      double        weight,
                                      int           enabled,
                                      GError      **error);

char *hotlist_store_get_meta (HotlistStore *self, const char *key);
gboolean
hotlist_store_set_meta (HotlistStore *self, const char *key, const char *value, GError **error);

G_END_DECLS
