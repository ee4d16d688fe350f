/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lead as stored in a workspace: its core field names, copying and freeing. */

#include "hotlist-lead.h"

#include <math.h>
#include <string.h>

static const char *field_columns[HOTLIST_N_LEAD_FIELDS] = {
  [HOTLIST_LEAD_FIELD_FIRST_NAME] = "first_name",
  [HOTLIST_LEAD_FIELD_LAST_NAME] = "last_name",
  [HOTLIST_LEAD_FIELD_EMAIL] = "email",
  [HOTLIST_LEAD_FIELD_COMPANY] = "company",
  [HOTLIST_LEAD_FIELD_JOB_TITLE] = "job_title",
  [HOTLIST_LEAD_FIELD_INDUSTRY] = "industry",
  [HOTLIST_LEAD_FIELD_COUNTRY] = "country",
  [HOTLIST_LEAD_FIELD_LEAD_SOURCE] = "lead_source",
  [HOTLIST_LEAD_FIELD_STATUS] = "status",
  [HOTLIST_LEAD_FIELD_OWNER] = "owner",
  [HOTLIST_LEAD_FIELD_COMPANY_SIZE] = "company_size",
  [HOTLIST_LEAD_FIELD_CREATED_AT] = "created_at",
  [HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE] = "last_activity_date",
  [HOTLIST_LEAD_FIELD_OUTCOME] = "outcome",
};

G_DEFINE_BOXED_TYPE (HotlistLead, hotlist_lead, hotlist_lead_copy, hotlist_lead_free)

/**
 * hotlist_lead_field_to_column:
 * @field: a core field
 *
 * Returns: the field's column name in the store and in exports
 */
const char *
hotlist_lead_field_to_column (HotlistLeadField field)
{
  g_return_val_if_fail (field < HOTLIST_N_LEAD_FIELDS, NULL);
  return field_columns[field];
}

gboolean
hotlist_lead_field_from_column (const char *column, HotlistLeadField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (column == NULL)
    return FALSE;
  for (guint i = 0; i < HOTLIST_N_LEAD_FIELDS; i++)
    if (strcmp (column, field_columns[i]) == 0)
      {
        *field = i;
        return TRUE;
      }
  return FALSE;
}

HotlistLead *
hotlist_lead_copy (const HotlistLead *lead)
{
  HotlistLead *copy;

  g_return_val_if_fail (lead != NULL, NULL);

  copy = g_memdup2 (lead, sizeof *lead);
  copy->lead_id = g_strdup (lead->lead_id);
  copy->source = g_strdup (lead->source);
  copy->external_id = g_strdup (lead->external_id);
  for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    copy->text[i] = g_strdup (lead->text[i]);
  copy->tier = g_strdup (lead->tier);
  copy->custom_json = g_strdup (lead->custom_json);
  return copy;
}

void
hotlist_lead_free (HotlistLead *lead)
{
  if (lead == NULL)
    return;
  g_free (lead->lead_id);
  g_free (lead->source);
  g_free (lead->external_id);
  for (guint i = 0; i < HOTLIST_N_LEAD_TEXT_FIELDS; i++)
    g_free (lead->text[i]);
  g_free (lead->tier);
  g_free (lead->custom_json);
  g_free (lead);
}

/**
 * hotlist_lead_dup_name:
 * @lead: a lead
 *
 * Returns: (transfer full): the lead's full name, or its email when it has no name
 */
char *
hotlist_lead_dup_name (const HotlistLead *lead)
{
  const char *first, *last;

  g_return_val_if_fail (lead != NULL, NULL);

  first = lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME];
  last = lead->text[HOTLIST_LEAD_FIELD_LAST_NAME];
  if (first != NULL && last != NULL)
    return g_strdup_printf ("%s %s", first, last);
  if (first != NULL || last != NULL)
    return g_strdup (first != NULL ? first : last);
  if (lead->text[HOTLIST_LEAD_FIELD_EMAIL] != NULL)
    return g_strdup (lead->text[HOTLIST_LEAD_FIELD_EMAIL]);
  return g_strdup (lead->external_id != NULL ? lead->external_id : lead->lead_id);
}
