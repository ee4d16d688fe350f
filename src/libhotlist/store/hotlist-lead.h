/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lead as stored in a workspace, and the input a writer gives to create or update one. */
#pragma once

#include <glib-object.h>

#include "hotlist-value.h"

G_BEGIN_DECLS

/**
 * HotlistLeadField:
 *
 * The core fields of a lead that imports and connectors map their columns to.
 */
typedef enum
{
  HOTLIST_LEAD_FIELD_FIRST_NAME,
  HOTLIST_LEAD_FIELD_LAST_NAME,
  HOTLIST_LEAD_FIELD_EMAIL,
  HOTLIST_LEAD_FIELD_COMPANY,
  HOTLIST_LEAD_FIELD_JOB_TITLE,
  HOTLIST_LEAD_FIELD_INDUSTRY,
  HOTLIST_LEAD_FIELD_COUNTRY,
  HOTLIST_LEAD_FIELD_LEAD_SOURCE,
  HOTLIST_LEAD_FIELD_STATUS,
  HOTLIST_LEAD_FIELD_OWNER,
  HOTLIST_LEAD_FIELD_COMPANY_SIZE,
  HOTLIST_LEAD_FIELD_CREATED_AT,
  HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE,
  HOTLIST_LEAD_FIELD_OUTCOME,
  HOTLIST_N_LEAD_FIELDS
} HotlistLeadField;

/* The text fields come first, so that `text[]` below can be indexed by the field. */
#define HOTLIST_N_LEAD_TEXT_FIELDS (HOTLIST_LEAD_FIELD_OWNER + 1)

const char *hotlist_lead_field_to_column (HotlistLeadField field);
gboolean    hotlist_lead_field_from_column (const char *column, HotlistLeadField *field);

/**
 * HotlistLead:
 *
 * One lead, read from the store. Strings may be %NULL when unknown.
 */
typedef struct
{
  gint64         id;
  char          *lead_id;
  char          *source;
  char          *external_id;
  char          *text[HOTLIST_N_LEAD_TEXT_FIELDS];
  gint64         company_size; /* -1 when unknown */
  HotlistOutcome outcome;
  gint64         outcome_at;  /* 0 when open */
  int            lead_score;  /* -1 when not scored */
  double         probability; /* NAN when not scored */
  char          *tier;
  gint64         score_model_id; /* 0 when not scored */
  gint64         scored_at;
  gint64         last_activity_date; /* 0 when none */
  gint64         created_at;
  gint64         updated_at;
  char          *custom_json; /* JSON object of custom attribute key → cell, or NULL */
} HotlistLead;

#define HOTLIST_TYPE_LEAD (hotlist_lead_get_type ())

GType        hotlist_lead_get_type (void) G_GNUC_CONST;
HotlistLead *hotlist_lead_copy (const HotlistLead *lead);
void         hotlist_lead_free (HotlistLead *lead);
char        *hotlist_lead_dup_name (const HotlistLead *lead);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistLead, hotlist_lead_free)

/**
 * HotlistLeadInput:
 * @lead_id: (nullable): the public id to create the lead with, or to find it by
 * @source: where the lead comes from ("csv", "hubspot", …)
 * @external_id: (nullable): the lead's id in @source
 * @present: a bit mask of (1 << #HotlistLeadField) for the fields the writer knows;
 *   a field not present keeps its stored value on update
 * @custom_patch: (nullable): a JSON object merged into the custom attributes (RFC 7396:
 *   a null member removes the attribute)
 *
 * What a writer knows of one lead. Text fields that are present but %NULL are cleared.
 */
typedef struct
{
  const char    *lead_id;
  const char    *source;
  const char    *external_id;
  const char    *text[HOTLIST_N_LEAD_TEXT_FIELDS];
  gint64         company_size; /* < 0 clears */
  gint64         created_at;
  gint64         last_activity_date;
  HotlistOutcome outcome;
  gint64         outcome_at; /* when the outcome was decided; 0 = now, if it changes */
  guint32        present;
  const char    *custom_patch;
} HotlistLeadInput;

#define HOTLIST_LEAD_INPUT_SET(input, field) ((input)->present |= (1u << (field)))
#define HOTLIST_LEAD_INPUT_HAS(input, field) (((input)->present & (1u << (field))) != 0)

G_END_DECLS
