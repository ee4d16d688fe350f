/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Matching of CSV and CRM column names to the core lead fields, by common synonyms. */

#include "hotlist-column-match.h"

#include <string.h>

typedef struct
{
  const char       *name; /* normalized */
  HotlistColumnRole role;
  HotlistLeadField  field;
} Synonym;

#define FIELD(n, f)                                 \
  {                                                 \
    n, HOTLIST_COLUMN_FIELD, HOTLIST_LEAD_FIELD_##f \
  }
#define ROLE(n, r)           \
  {                          \
    n, HOTLIST_COLUMN_##r, 0 \
  }

/*
 * Names as HubSpot, Salesforce and Pipedrive exports and common spreadsheets write them, after
 * normalization ("Company / Account" → "companyaccount", "# Employees" → "numberemployees",
 * "Email - Work" → "emailwork", "Person - Name" → "name").
 */
static const Synonym synonyms[] = {
  FIELD ("firstname", FIRST_NAME),
  FIELD ("first", FIRST_NAME),
  FIELD ("givenname", FIRST_NAME),
  FIELD ("forename", FIRST_NAME),
  FIELD ("fname", FIRST_NAME),
  FIELD ("lastname", LAST_NAME),
  FIELD ("last", LAST_NAME),
  FIELD ("surname", LAST_NAME),
  FIELD ("familyname", LAST_NAME),
  FIELD ("lname", LAST_NAME),
  ROLE ("name", FULL_NAME),
  ROLE ("fullname", FULL_NAME),
  ROLE ("contactname", FULL_NAME),
  ROLE ("leadname", FULL_NAME),
  ROLE ("personname", FULL_NAME),
  FIELD ("email", EMAIL),
  FIELD ("emailaddress", EMAIL),
  FIELD ("emailwork", EMAIL),
  FIELD ("workemail", EMAIL),
  FIELD ("businessemail", EMAIL),
  FIELD ("emailhome", EMAIL),
  FIELD ("emailother", EMAIL),
  FIELD ("mail", EMAIL),
  FIELD ("primaryemail", EMAIL),
  FIELD ("company", COMPANY),
  FIELD ("companyname", COMPANY),
  FIELD ("companyaccount", COMPANY),
  FIELD ("account", COMPANY),
  FIELD ("accountname", COMPANY),
  FIELD ("organization", COMPANY),
  FIELD ("organisation", COMPANY),
  FIELD ("organizationname", COMPANY),
  FIELD ("org", COMPANY),
  FIELD ("employer", COMPANY),
  FIELD ("associatedcompany", COMPANY),
  FIELD ("jobtitle", JOB_TITLE),
  FIELD ("title", JOB_TITLE),
  FIELD ("position", JOB_TITLE),
  FIELD ("role", JOB_TITLE),
  FIELD ("jobrole", JOB_TITLE),
  FIELD ("designation", JOB_TITLE),
  FIELD ("industry", INDUSTRY),
  FIELD ("sector", INDUSTRY),
  FIELD ("vertical", INDUSTRY),
  FIELD ("companyindustry", INDUSTRY),
  FIELD ("companysize", COMPANY_SIZE),
  FIELD ("employees", COMPANY_SIZE),
  FIELD ("numberofemployees", COMPANY_SIZE),
  FIELD ("noofemployees", COMPANY_SIZE),
  FIELD ("numberemployees", COMPANY_SIZE),
  FIELD ("numemployees", COMPANY_SIZE),
  FIELD ("employeecount", COMPANY_SIZE),
  FIELD ("headcount", COMPANY_SIZE),
  FIELD ("companyheadcount", COMPANY_SIZE),
  FIELD ("size", COMPANY_SIZE),
  FIELD ("country", COUNTRY),
  FIELD ("countryregion", COUNTRY),
  FIELD ("countrycode", COUNTRY),
  FIELD ("nation", COUNTRY),
  FIELD ("leadsource", LEAD_SOURCE),
  FIELD ("source", LEAD_SOURCE),
  FIELD ("originalsource", LEAD_SOURCE),
  FIELD ("channel", LEAD_SOURCE),
  FIELD ("acquisitionchannel", LEAD_SOURCE),
  FIELD ("sourcechannel", LEAD_SOURCE),
  FIELD ("status", STATUS),
  FIELD ("leadstatus", STATUS),
  FIELD ("contactstatus", STATUS),
  FIELD ("owner", OWNER),
  FIELD ("leadowner", OWNER),
  FIELD ("contactowner", OWNER),
  FIELD ("ownername", OWNER),
  FIELD ("salesrep", OWNER),
  FIELD ("sdr", OWNER),
  FIELD ("assignedto", OWNER),
  FIELD ("recordowner", OWNER),
  FIELD ("createdat", CREATED_AT),
  FIELD ("createdate", CREATED_AT),
  FIELD ("createddate", CREATED_AT),
  FIELD ("created", CREATED_AT),
  FIELD ("personcreated", CREATED_AT),
  FIELD ("dateadded", CREATED_AT),
  FIELD ("addtime", CREATED_AT),
  FIELD ("lastactivitydate", LAST_ACTIVITY_DATE),
  FIELD ("lastactivity", LAST_ACTIVITY_DATE),
  FIELD ("lastactivityat", LAST_ACTIVITY_DATE),
  FIELD ("lastcontacted", LAST_ACTIVITY_DATE),
  FIELD ("lastengagementdate", LAST_ACTIVITY_DATE),
  ROLE ("externalid", ID),
  ROLE ("id", ID),
  ROLE ("recordid", ID),
  ROLE ("contactid", ID),
  ROLE ("leadid", ID),
  ROLE ("personid", ID),
  ROLE ("crmid", ID),
  ROLE ("customerid", ID),
  ROLE ("outcome", LABEL),
  ROLE ("converted", LABEL),
  ROLE ("isconverted", LABEL),
  ROLE ("y", LABEL),
  ROLE ("target", LABEL),
  ROLE ("won", LABEL),
  ROLE ("result", LABEL),
  ROLE ("outcomeat", OUTCOME_AT),
  ROLE ("outcomedate", OUTCOME_AT),
  ROLE ("closedate", OUTCOME_AT),
  ROLE ("closeddate", OUTCOME_AT),
  ROLE ("closedat", OUTCOME_AT),
  ROLE ("convertedat", OUTCOME_AT),
  ROLE ("converteddate", OUTCOME_AT),
  ROLE ("dateconverted", OUTCOME_AT),
};

/* What Hotlist itself computes and writes in exports; matched exactly, so that a CRM's own
 * "Lead Score" column is still imported as an attribute. */
static const char *derived_columns[] = { "lead_score",    "probability",  "tier",
                                         "hotlist_score", "hotlist_tier", NULL };

/* Hotlist's own export columns that say where a lead comes from; matched exactly too, so that
 * another tool's "Source System" is kept as the attribute it is. */
static const struct
{
  const char       *name;
  HotlistColumnRole role;
} identity_columns[] = {
  { "hotlist_lead_id", HOTLIST_COLUMN_LEAD_ID },
  { "source_system", HOTLIST_COLUMN_SOURCE_SYSTEM },
};

static const char *prefixes[] = { "person", "contact", "lead", NULL };

/**
 * hotlist_column_normalize:
 * @header: a column name
 *
 * Returns: (transfer full): the name in lower case with only letters and digits, "#" read
 *   as "number", and Pipedrive's "Person - " prefix dropped
 */
char *
hotlist_column_normalize (const char *header)
{
  GString    *out = g_string_new (NULL);
  const char *p = header;
  const char *dash;

  g_return_val_if_fail (header != NULL, NULL);

  /* Pipedrive exports name columns "Person - Name", "Organization - Name". */
  dash = strstr (header, " - ");
  if (dash != NULL)
    {
      g_autofree char *head = g_ascii_strdown (header, dash - header);
      for (guint i = 0; prefixes[i] != NULL; i++)
        if (strcmp (head, prefixes[i]) == 0)
          p = dash + 3;
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p == '#')
        g_string_append (out, "number");
    }
  return g_string_free (out, FALSE);
}

/**
 * hotlist_column_match:
 * @header: a column name
 * @field: (out): the core field, when the role is %HOTLIST_COLUMN_FIELD
 *
 * Returns: what an import does with a column of this name by default
 */
HotlistColumnRole
hotlist_column_match (const char *header, HotlistLeadField *field)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (header != NULL, HOTLIST_COLUMN_CUSTOM);
  g_return_val_if_fail (field != NULL, HOTLIST_COLUMN_CUSTOM);

  for (guint i = 0; derived_columns[i] != NULL; i++)
    if (strcmp (header, derived_columns[i]) == 0)
      return HOTLIST_COLUMN_DERIVED;
  for (guint i = 0; i < G_N_ELEMENTS (identity_columns); i++)
    if (strcmp (header, identity_columns[i].name) == 0)
      return identity_columns[i].role;

  name = hotlist_column_normalize (header);
  if (name[0] == '\0')
    return HOTLIST_COLUMN_CUSTOM;
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (strcmp (name, synonyms[i].name) == 0)
      {
        *field = synonyms[i].field;
        return synonyms[i].role;
      }
  return HOTLIST_COLUMN_CUSTOM;
}

/**
 * hotlist_column_parse_target:
 * @target: what the user asked a column to be: a core field name ("job_title"), or "id",
 *   "label", "custom" or "ignore"
 * @role: (out): the role
 * @field: (out): the field, for %HOTLIST_COLUMN_FIELD
 *
 * Returns: %FALSE if @target names nothing
 */
gboolean
hotlist_column_parse_target (const char *target, HotlistColumnRole *role, HotlistLeadField *field)
{
  static const struct
  {
    const char       *name;
    HotlistColumnRole role;
  } roles[] = {
    { "id", HOTLIST_COLUMN_ID },
    { "external_id", HOTLIST_COLUMN_ID },
    { "label", HOTLIST_COLUMN_LABEL },
    { "outcome", HOTLIST_COLUMN_LABEL },
    { "custom", HOTLIST_COLUMN_CUSTOM },
    { "ignore", HOTLIST_COLUMN_IGNORE },
    { "name", HOTLIST_COLUMN_FULL_NAME },
    { "full_name", HOTLIST_COLUMN_FULL_NAME },
    { "hotlist_lead_id", HOTLIST_COLUMN_LEAD_ID },
    { "source_system", HOTLIST_COLUMN_SOURCE_SYSTEM },
    { "outcome_at", HOTLIST_COLUMN_OUTCOME_AT },
  };

  g_return_val_if_fail (role != NULL && field != NULL, FALSE);

  if (target == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (strcmp (target, roles[i].name) == 0)
      {
        *role = roles[i].role;
        return TRUE;
      }
  if (hotlist_lead_field_from_column (target, field) && *field != HOTLIST_LEAD_FIELD_OUTCOME)
    {
      *role = HOTLIST_COLUMN_FIELD;
      return TRUE;
    }
  return FALSE;
}

/**
 * hotlist_column_describe_targets:
 *
 * Returns: the names hotlist_column_parse_target() accepts, for error messages
 */
const char *
hotlist_column_describe_targets (void)
{
  return "first_name, last_name, name, email, company, job_title, industry, company_size, "
         "country, lead_source, status, owner, created_at, last_activity_date, id, label, "
         "custom, ignore";
}
