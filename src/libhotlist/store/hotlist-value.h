/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parsing of the typed values that leads carry: numbers, booleans, dates and outcomes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HotlistOutcome:
 * @HOTLIST_OUTCOME_OPEN: the lead is still being worked
 * @HOTLIST_OUTCOME_CONVERTED: the lead converted
 * @HOTLIST_OUTCOME_LOST: the lead was lost or disqualified
 *
 * What became of a lead.
 */
typedef enum
{
  HOTLIST_OUTCOME_OPEN,
  HOTLIST_OUTCOME_CONVERTED,
  HOTLIST_OUTCOME_LOST,
} HotlistOutcome;

/**
 * HotlistValueKind:
 *
 * The kind of an attribute's values, as inferred from the data or declared by a connector.
 */
typedef enum
{
  HOTLIST_VALUE_NUMBER,
  HOTLIST_VALUE_CATEGORY,
  HOTLIST_VALUE_BOOLEAN,
  HOTLIST_VALUE_DATE,
  HOTLIST_VALUE_TEXT,
} HotlistValueKind;

const char *hotlist_outcome_to_string (HotlistOutcome outcome);
gboolean    hotlist_outcome_from_string (const char *text, HotlistOutcome *outcome);
gboolean    hotlist_outcome_parse_label (const char *text, HotlistOutcome *outcome);

const char      *hotlist_value_kind_to_string (HotlistValueKind kind);
gboolean         hotlist_value_kind_from_string (const char *text, HotlistValueKind *kind);
HotlistValueKind hotlist_value_kind_widen (HotlistValueKind a, HotlistValueKind b);

gboolean hotlist_value_parse_number (const char *text, double *number);
gboolean hotlist_value_parse_boolean (const char *text, gboolean *value);
gboolean hotlist_value_parse_date (const char *text, gint64 *unix_seconds);
char    *hotlist_value_format_date (gint64 unix_seconds);

char    *hotlist_uuid_new (void);
gboolean hotlist_uuid_is_valid (const char *text);
void     hotlist_uuid_generate (guint8 bytes[16]);
void     hotlist_uuid_format (const guint8 bytes[16], char text[37]);
gboolean hotlist_uuid_parse (const char *text, guint8 bytes[16]);

G_END_DECLS
