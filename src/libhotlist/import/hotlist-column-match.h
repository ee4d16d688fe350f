/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Matching of CSV and CRM column names to the core lead fields, by common synonyms. */
#pragma once

#include <glib.h>

#include "store/hotlist-lead.h"

G_BEGIN_DECLS

/**
 * HotlistColumnRole:
 * @HOTLIST_COLUMN_FIELD: a core lead field
 * @HOTLIST_COLUMN_CUSTOM: kept as a custom attribute
 * @HOTLIST_COLUMN_IGNORE: not imported
 * @HOTLIST_COLUMN_ID: the lead's id in the system the file came from
 * @HOTLIST_COLUMN_LABEL: the outcome
 * @HOTLIST_COLUMN_LEAD_ID: Hotlist's own lead id, as its exports write it
 * @HOTLIST_COLUMN_SOURCE_SYSTEM: the system a lead came from, as Hotlist's exports write it
 * @HOTLIST_COLUMN_FULL_NAME: a full name, split into first and last name
 * @HOTLIST_COLUMN_DERIVED: a value Hotlist computes (score, probability, tier); not imported
 * @HOTLIST_COLUMN_OUTCOME_AT: when the outcome was decided (a close date)
 *
 * What an import does with a column.
 */
typedef enum
{
  HOTLIST_COLUMN_FIELD,
  HOTLIST_COLUMN_CUSTOM,
  HOTLIST_COLUMN_IGNORE,
  HOTLIST_COLUMN_ID,
  HOTLIST_COLUMN_LABEL,
  HOTLIST_COLUMN_LEAD_ID,
  HOTLIST_COLUMN_SOURCE_SYSTEM,
  HOTLIST_COLUMN_FULL_NAME,
  HOTLIST_COLUMN_DERIVED,
  HOTLIST_COLUMN_OUTCOME_AT,
} HotlistColumnRole;

HotlistColumnRole hotlist_column_match (const char *header, HotlistLeadField *field);
gboolean
hotlist_column_parse_target (const char *target, HotlistColumnRole *role, HotlistLeadField *field);
char       *hotlist_column_normalize (const char *header);
const char *hotlist_column_describe_targets (void);

G_END_DECLS
