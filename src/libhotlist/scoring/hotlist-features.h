/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attributes → model features: the feature schema a model is trained with, and extraction. */
#pragma once

#include <json-glib/json-glib.h>

#include "store/hotlist-store.h"

G_BEGIN_DECLS

/**
 * HotlistFeatureKind:
 * @HOTLIST_FEATURE_NUMBER: a number as it is
 * @HOTLIST_FEATURE_ONE_HOT: 1 when a category has the feature's value (or, with no value, when it
 *   has none of the frequent values: "other")
 * @HOTLIST_FEATURE_BOOLEAN: 0 or 1
 * @HOTLIST_FEATURE_DAYS_AGO: a date as days before the lead's reference time
 * @HOTLIST_FEATURE_SENIORITY: the job title's seniority, 0 (intern) to 7 (founder, C-level)
 * @HOTLIST_FEATURE_DEPARTMENT: 1 when the job title is in the feature's department
 * @HOTLIST_FEATURE_FREE_MAIL: 1 when the email is at a free-mail provider
 * @HOTLIST_FEATURE_ACT_COUNT: activities of a type in the last `window` days (0 = ever)
 * @HOTLIST_FEATURE_ACT_DAYS_SINCE: days since the last activity of a type
 * @HOTLIST_FEATURE_ACT_INTENSITY: Σ exp(−age/14 days) over every activity
 */
typedef enum
{
  HOTLIST_FEATURE_NUMBER,
  HOTLIST_FEATURE_ONE_HOT,
  HOTLIST_FEATURE_BOOLEAN,
  HOTLIST_FEATURE_DAYS_AGO,
  HOTLIST_FEATURE_SENIORITY,
  HOTLIST_FEATURE_DEPARTMENT,
  HOTLIST_FEATURE_FREE_MAIL,
  HOTLIST_FEATURE_ACT_COUNT,
  HOTLIST_FEATURE_ACT_DAYS_SINCE,
  HOTLIST_FEATURE_ACT_INTENSITY,
} HotlistFeatureKind;

/* Where an attribute's values come from. */
typedef enum
{
  HOTLIST_SOURCE_FIELD,      /* a core lead column */
  HOTLIST_SOURCE_CUSTOM,     /* leads.custom by key */
  HOTLIST_SOURCE_ACTIVITY,   /* activities of one type */
  HOTLIST_SOURCE_ENGAGEMENT, /* all activities */
} HotlistSourceKind;

typedef struct
{
  char             *key;
  char             *label;
  HotlistValueKind  kind;
  HotlistSourceKind source;
  int               field;         /* HotlistLeadField, for HOTLIST_SOURCE_FIELD */
  char             *activity_type; /* for HOTLIST_SOURCE_ACTIVITY */
} HotlistSchemaAttribute;

typedef struct
{
  HotlistFeatureKind kind;
  guint              attribute; /* index into the schema's attributes */
  char              *name;
  char              *value; /* category value or department; NULL = "other" */
  int                window;
} HotlistFeature;

typedef struct _HotlistFeatureSchema HotlistFeatureSchema;

/* One lead as features see it. Activities are (type index, date) pairs, in any order. */
typedef struct
{
  gint64        id;
  guint8        lead_id[16];
  const char   *text[10]; /* HOTLIST_N_LEAD_TEXT_FIELDS */
  gint64        company_size;
  JsonObject   *custom;
  gint64        as_of; /* the reference time: the outcome's time for closed leads, now for open */
  int           outcome;
  gint64        outcome_at;
  gint64        created_at;
  guint         n_activities;
  const guint  *activity_type; /* index into the schema's activity types */
  const gint64 *activity_date;
} HotlistFeatureRow;

/* Rows read in bulk from a store, with their activities. */
typedef struct _HotlistLeadSet HotlistLeadSet;

HotlistLeadSet          *hotlist_lead_set_read (HotlistStore *store,
                                                const gint64 *ids,
                                                guint         n_ids,
                                                gboolean      closed_only,
                                                gint64        now,
                                                GError      **error);
HotlistLeadSet          *hotlist_lead_set_read_range (HotlistStore *store,
                                                      gint64        after_id,
                                                      guint         limit,
                                                      gint64        now,
                                                      GError      **error);
guint                    hotlist_lead_set_get_size (HotlistLeadSet *set);
const HotlistFeatureRow *hotlist_lead_set_get_row (HotlistLeadSet *set, guint i);
GPtrArray               *hotlist_lead_set_get_activity_types (HotlistLeadSet *set);
void                     hotlist_lead_set_free (HotlistLeadSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistLeadSet, hotlist_lead_set_free)

HotlistFeatureSchema *hotlist_feature_schema_build (GPtrArray      *attributes,
                                                    HotlistLeadSet *training,
                                                    const guint    *rows,
                                                    guint           n_rows);
HotlistFeatureSchema *hotlist_feature_schema_from_json (const char *json, GError **error);
char                 *hotlist_feature_schema_to_json (HotlistFeatureSchema *schema);
void                  hotlist_feature_schema_free (HotlistFeatureSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistFeatureSchema, hotlist_feature_schema_free)

guint                 hotlist_feature_schema_get_n_features (HotlistFeatureSchema *schema);
const HotlistFeature *hotlist_feature_schema_get_feature (HotlistFeatureSchema *schema, guint i);
guint                 hotlist_feature_schema_get_n_attributes (HotlistFeatureSchema *schema);
const HotlistSchemaAttribute     *
hotlist_feature_schema_get_attribute (HotlistFeatureSchema *schema, guint i);
int hotlist_feature_schema_find_attribute (HotlistFeatureSchema *schema, const char *key);

void  hotlist_feature_schema_extract (HotlistFeatureSchema *schema,
                                      HotlistLeadSet       *set,
                                      const guint          *rows,
                                      guint                 n_rows,
                                      float                *out);
char *hotlist_feature_schema_describe_value (HotlistFeatureSchema    *schema,
                                             HotlistLeadSet          *set,
                                             const HotlistFeatureRow *row,
                                             guint                    attribute);

int         hotlist_job_title_seniority (const char *title);
const char *hotlist_job_title_department (const char *title);
gboolean    hotlist_email_is_free_mail (const char *email);

char *hotlist_activity_attribute_key (const char *activity_type);

G_END_DECLS
