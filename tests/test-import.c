/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of CSV import and export: CRM headers, kinds, upserts, rejected rows, round trips. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "hotlist.h"
#include "hotlist-test-dir.h"
#include "hotlist-test-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

static char *
data_file (const char *name)
{
  const char *dir = g_getenv ("HOTLIST_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static HotlistStore *
open_store (TestDir *dir, const char *name)
{
  g_autofree char   *path = test_dir_file (dir, name);
  g_autoptr (GError) error = NULL;
  HotlistStore      *store = hotlist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
count_leads (HotlistStore *store)
{
  g_autoptr (GError) error = NULL;
  gint64             count = hotlist_store_count_leads (store, &error);

  g_assert_no_error (error);
  return count;
}

/* Imports a file that must import; @import may carry options, or be NULL for none. */
static HotlistImportReport *
import_path (HotlistStore *store, HotlistCsvImport *import, const char *path)
{
  g_autoptr (HotlistCsvImport) plain = NULL;
  g_autoptr (GError)           error = NULL;
  HotlistImportReport         *report;

  if (import == NULL)
    import = plain = hotlist_csv_import_new ();
  report = hotlist_csv_import_run_path (import, store, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static HotlistImportReport *
import_data (HotlistStore *store, const char *name, const char *source)
{
  g_autoptr (HotlistCsvImport) import = hotlist_csv_import_new ();
  g_autofree char             *path = data_file (name);

  if (source != NULL)
    hotlist_csv_import_set_source (import, source);
  return import_path (store, import, path);
}

static HotlistImportReport *
import_text (HotlistStore *store, HotlistCsvImport *import, const char *text, GError **error)
{
  g_autoptr (HotlistCsvImport) plain = NULL;
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);

  if (import == NULL)
    import = plain = hotlist_csv_import_new ();
  return hotlist_csv_import_run (import, store, stream, NULL, error);
}

static void
assert_report (const HotlistImportReport *report,
               guint64                    read,
               guint64                    created,
               guint64                    updated,
               guint64                    rejected)
{
  g_assert_cmpuint (report->read, ==, read);
  g_assert_cmpuint (report->created, ==, created);
  g_assert_cmpuint (report->updated, ==, updated);
  g_assert_cmpuint (report->rejected, ==, rejected);
}

static HotlistLead *
find_lead (HotlistStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  HotlistLead       *lead = hotlist_store_find_lead (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lead);
  return lead;
}

static gboolean
lead_exists (HotlistStore *store, const char *id)
{
  g_autoptr (HotlistLead) lead = hotlist_store_find_lead (store, id, NULL);

  return lead != NULL;
}

static guint
count_custom_attributes (HotlistStore *store)
{
  g_autoptr (GPtrArray) attributes = NULL;
  g_autoptr (GError)    error = NULL;
  guint                 n = 0;

  attributes = hotlist_store_list_attributes (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < attributes->len; i++)
    n += !((HotlistAttribute *)attributes->pdata[i])->is_core;
  return n;
}

static void
assert_kind (HotlistStore *store, const char *column_name, HotlistValueKind kind)
{
  g_autoptr (HotlistAttribute) attribute = custom_attribute (store, column_name);

  if (attribute == NULL)
    g_error ("no custom attribute for the column “%s”", column_name);
  if (attribute->kind != kind)
    g_error ("the column “%s” was read as %s, not %s", column_name,
             hotlist_value_kind_to_string (attribute->kind), hotlist_value_kind_to_string (kind));
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static void
count_outcomes (HotlistStore *store, guint64 *open, guint64 *converted, guint64 *lost)
{
  g_autoptr (GPtrArray) leads = NULL;
  g_autoptr (GError)    error = NULL;

  *open = *converted = *lost = 0;
  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leads->len; i++)
    {
      const HotlistLead *lead = leads->pdata[i];

      switch (lead->outcome)
        {
        case HOTLIST_OUTCOME_OPEN:
          (*open)++;
          break;
        case HOTLIST_OUTCOME_CONVERTED:
          (*converted)++;
          break;
        case HOTLIST_OUTCOME_LOST:
          (*lost)++;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static char *
export_to_file (HotlistStore *store, HotlistExportFormat format, TestDir *dir, const char *name)
{
  g_autofree char              *path = test_dir_file (dir, name);
  g_autoptr (GFile)             file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GError)            error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hotlist_export_leads (store, format, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
read_file (const char *path, gsize *length)
{
  g_autoptr (GError) error = NULL;
  char              *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static const HotlistImportIssue *
issue_at (const HotlistImportReport *report, guint index)
{
  g_assert_cmpuint (index, <, report->issues->len);
  return report->issues->pdata[index];
}

static void
assert_mentions (const char *text, const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not mention “%s”", text, part);
}

/* The exports of the three CRMs */

static void
test_crm_hubspot (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "hubspot.hotlist");
  g_autoptr (HotlistImportReport) report =
      import_data (store, "hubspot-contacts-export.csv", "hubspot");
  g_autoptr (HotlistLead) maren = NULL;
  g_autoptr (HotlistLead) tobias = NULL;
  g_autoptr (HotlistLead) zoe = NULL;
  g_autoptr (HotlistLead) idris = NULL;
  g_autoptr (HotlistLead) annika = NULL;
  g_autofree char        *phone = NULL;
  g_autofree char        *no_phone = NULL;
  g_autofree char        *stage = NULL;
  guint64                 open, converted, lost;

  /* 25 leads on 27 lines: one job title holds a line break. */
  assert_report (report, 25, 25, 0, 0);
  g_assert_cmpuint (report->issues->len, ==, 0);
  g_assert_cmpint (count_leads (store), ==, 25);

  /* "Record ID", behind a UTF-8 byte order mark, is the lead's id. */
  maren = find_lead (store, "51873200101");
  g_assert_cmpstr (maren->source, ==, "hubspot");
  g_assert_cmpstr (maren->external_id, ==, "51873200101");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Maren");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Holloway");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_EMAIL], ==,
                   "maren.holloway@brightwater-analytics.example");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Brightwater Analytics, Inc.");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "VP, Revenue Operations");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_INDUSTRY], ==, "Computer Software");
  g_assert_cmpint (maren->company_size, ==, 420);
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United States");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_STATUS], ==, "In Progress");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_OWNER], ==, "Dana Whitfield");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE], ==, "Organic Search");
  g_assert_cmpint (maren->created_at, ==, utc (2024, 1, 8, 9, 14, 0));
  g_assert_cmpint (maren->last_activity_date, ==, utc (2024, 3, 2, 16, 40, 0));

  tobias = find_lead (store, "51873200102");
  g_assert_cmpint (tobias->last_activity_date, ==, 0);
  g_assert_cmpstr (tobias->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United Kingdom");
  zoe = find_lead (store, "51873200103");
  g_assert_cmpstr (zoe->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Zoë");
  idris = find_lead (store, "51873200104");
  g_assert_cmpstr (idris->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Kestrel \"KX\" Systems");
  annika = find_lead (store, "51873200109");
  g_assert_cmpstr (annika->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==,
                   "Head of Partnerships\nEMEA & APAC");
  g_assert_cmpstr (annika->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "Sweden");

  /* The rest are custom attributes, with the kinds their values show. */
  g_assert_cmpuint (count_custom_attributes (store), ==, 2);
  assert_kind (store, "Phone Number", HOTLIST_VALUE_TEXT);
  assert_kind (store, "Lifecycle Stage", HOTLIST_VALUE_CATEGORY);
  phone = custom_value (store, maren, "Phone Number");
  g_assert_cmpstr (phone, ==, "+1 (415) 555-0132");
  no_phone = custom_value (store, zoe, "Phone Number");
  g_assert_null (no_phone);
  stage = custom_value (store, maren, "Lifecycle Stage");
  g_assert_cmpstr (stage, ==, "Sales Qualified Lead");

  /* No label column: every lead is still open. */
  count_outcomes (store, &open, &converted, &lost);
  g_assert_cmpuint (open, ==, 25);
}

static void
test_crm_salesforce (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "salesforce.hotlist");
  g_autoptr (HotlistImportReport) report =
      import_data (store, "salesforce-leads-report.csv", "salesforce");
  g_autoptr (HotlistLead)      gideon = NULL;
  g_autoptr (HotlistLead)      elodie = NULL;
  g_autoptr (HotlistLead)      percival = NULL;
  g_autoptr (HotlistLead)      clementine = NULL;
  g_autoptr (HotlistAttribute) converted_column = NULL;
  g_autofree char             *revenue = NULL;
  g_autofree char             *rating = NULL;
  g_autofree char             *no_rating = NULL;
  guint64                      open, converted, lost;

  assert_report (report, 25, 25, 0, 0);
  g_assert_cmpuint (report->issues->len, ==, 0);

  gideon = find_lead (store, "00Q5e00000Ab3KqEAJ");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Gideon");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Harrowgate");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "VP of Sales");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Stormcliff Software, Inc.");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_EMAIL], ==,
                   "gideon.harrowgate@stormcliff.example");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE], ==, "Web");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_STATUS], ==, "Closed - Converted");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_OWNER], ==, "Lena Brightwell");
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_INDUSTRY], ==, "Technology");
  g_assert_cmpint (gideon->company_size, ==, 650);
  g_assert_cmpstr (gideon->text[HOTLIST_LEAD_FIELD_COUNTRY], ==, "United States");
  /* "1/4/2024" in a US export is January 4. */
  g_assert_cmpint (gideon->created_at, ==, utc (2024, 1, 4, 0, 0, 0));
  g_assert_cmpint (gideon->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (gideon->outcome_at, >, 0);

  elodie = find_lead (store, "00Q5e00000AdW1pEAF");
  g_assert_cmpstr (elodie->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Élodie");
  g_assert_cmpstr (elodie->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Orvane Cosmétiques");
  g_assert_cmpint (elodie->outcome, ==, HOTLIST_OUTCOME_LOST);
  g_assert_cmpint (elodie->created_at, ==, utc (2024, 1, 16, 0, 0, 0));

  /* The web lead without an employee count. */
  clementine = find_lead (store, "00Q5e00000AhZq6EAF");
  g_assert_cmpint (clementine->company_size, ==, -1);

  /* "Converted" is the label: 8 converted, the rest lost, and no attribute of its own. */
  count_outcomes (store, &open, &converted, &lost);
  g_assert_cmpuint (converted, ==, 8);
  g_assert_cmpuint (lost, ==, 17);
  g_assert_cmpuint (open, ==, 0);
  converted_column = custom_attribute (store, "Converted");
  g_assert_null (converted_column);

  g_assert_cmpuint (count_custom_attributes (store), ==, 2);
  assert_kind (store, "Annual Revenue", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "Rating", HOTLIST_VALUE_CATEGORY);
  revenue = custom_value (store, gideon, "Annual Revenue");
  g_assert_cmpstr (revenue, ==, "48000000");
  rating = custom_value (store, gideon, "Rating");
  g_assert_cmpstr (rating, ==, "Hot");
  percival = find_lead (store, "00Q5e00000Ad7mXEAR");
  no_rating = custom_value (store, percival, "Rating");
  g_assert_null (no_rating);
}

static void
test_crm_pipedrive (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "pipedrive.hotlist");
  g_autoptr (HotlistImportReport) report =
      import_data (store, "pipedrive-persons-export.csv", "pipedrive");
  g_autoptr (HotlistLead)      cordelia = NULL;
  g_autoptr (HotlistLead)      saoirse = NULL;
  g_autoptr (HotlistAttribute) name_column = NULL;
  g_autofree char             *label = NULL;
  g_autofree char             *updated = NULL;
  g_autofree char             *open_deals = NULL;
  guint64                      open, converted, lost;

  assert_report (report, 25, 25, 0, 0);
  g_assert_cmpuint (report->issues->len, ==, 0);

  cordelia = find_lead (store, "101");
  g_assert_cmpstr (cordelia->source, ==, "pipedrive");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, "Cordelia");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Blackwood");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Ravensholt Analytics");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_EMAIL], ==,
                   "cordelia.blackwood@ravensholt.example");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_OWNER], ==, "Jonas Mercer");
  g_assert_cmpstr (cordelia->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "Head of Analytics");
  g_assert_cmpint (cordelia->created_at, ==, utc (2024, 1, 3, 8, 41, 12));

  saoirse = find_lead (store, "108");
  g_assert_null (saoirse->text[HOTLIST_LEAD_FIELD_COMPANY]);
  g_assert_cmpstr (saoirse->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, "Callaghan");

  /* The full name went to first and last name, not to an attribute. */
  name_column = custom_attribute (store, "Name");
  g_assert_null (name_column);

  g_assert_cmpuint (count_custom_attributes (store), ==, 6);
  assert_kind (store, "Label", HOTLIST_VALUE_CATEGORY);
  assert_kind (store, "Phone - Work", HOTLIST_VALUE_TEXT);
  assert_kind (store, "Update time", HOTLIST_VALUE_DATE);
  assert_kind (store, "Open deals", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "Won deals", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "Lost deals", HOTLIST_VALUE_NUMBER);
  label = custom_value (store, cordelia, "Label");
  g_assert_cmpstr (label, ==, "Hot lead");
  updated = custom_value (store, cordelia, "Update time");
  g_assert_cmpstr (updated, ==, "2024-03-12 14:02:55");
  open_deals = custom_value (store, cordelia, "Open deals");
  g_assert_cmpstr (open_deals, ==, "1");

  count_outcomes (store, &open, &converted, &lost);
  g_assert_cmpuint (open, ==, 25);
}

/* Pipedrive's "Name" is the whole name; the README names two that a naive split gets wrong. */
static void
test_crm_pipedrive_full_names (void)
{
  static const struct
  {
    const char *id;
    const char *first;
    const char *last;
  } names[] = {
    { "101", "Cordelia", "Blackwood" },
    { "112", "Marguerite", "Delacroix-Hale" },
    { "104", "Ximena", "Oyarzún" },
    { "102", "Anna-Lena", "van der Berg" },
  };
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "names.hotlist");
  g_autoptr (HotlistImportReport) report =
      import_data (store, "pipedrive-persons-export.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (HotlistLead) lead = find_lead (store, names[i].id);
      g_autofree char        *full = hotlist_lead_dup_name (lead);

      g_test_message ("person %s: first “%s”, last “%s”", names[i].id,
                      lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME],
                      lead->text[HOTLIST_LEAD_FIELD_LAST_NAME]);
      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_FIRST_NAME], ==, names[i].first);
      g_assert_cmpstr (lead->text[HOTLIST_LEAD_FIELD_LAST_NAME], ==, names[i].last);
      g_assert_true (g_str_has_prefix (full, names[i].first));
    }
}

/* Header synonyms */

static void
test_synonyms (void)
{
  static const struct
  {
    const char      *header;
    HotlistLeadField field;
  } fields[] = {
    { "Job Title", HOTLIST_LEAD_FIELD_JOB_TITLE },
    { "jobtitle", HOTLIST_LEAD_FIELD_JOB_TITLE },
    { "Title", HOTLIST_LEAD_FIELD_JOB_TITLE },
    { "job_title", HOTLIST_LEAD_FIELD_JOB_TITLE },
    { "Company Name", HOTLIST_LEAD_FIELD_COMPANY },
    { "Company / Account", HOTLIST_LEAD_FIELD_COMPANY },
    { "Organization", HOTLIST_LEAD_FIELD_COMPANY },
    { "Organization - Name", HOTLIST_LEAD_FIELD_COMPANY },
    { "E-mail", HOTLIST_LEAD_FIELD_EMAIL },
    { "Email - Work", HOTLIST_LEAD_FIELD_EMAIL },
    { "Person - Email", HOTLIST_LEAD_FIELD_EMAIL },
    { "Email Address", HOTLIST_LEAD_FIELD_EMAIL },
    { "# Employees", HOTLIST_LEAD_FIELD_COMPANY_SIZE },
    { "NumberOfEmployees", HOTLIST_LEAD_FIELD_COMPANY_SIZE },
    { "No. of Employees", HOTLIST_LEAD_FIELD_COMPANY_SIZE },
    { "Number of Employees", HOTLIST_LEAD_FIELD_COMPANY_SIZE },
    { "Country/Region", HOTLIST_LEAD_FIELD_COUNTRY },
    { "Contact owner", HOTLIST_LEAD_FIELD_OWNER },
    { "Lead Owner", HOTLIST_LEAD_FIELD_OWNER },
    { "First Name", HOTLIST_LEAD_FIELD_FIRST_NAME },
    { "FirstName", HOTLIST_LEAD_FIELD_FIRST_NAME },
    { "Last Name", HOTLIST_LEAD_FIELD_LAST_NAME },
    { "Original Source", HOTLIST_LEAD_FIELD_LEAD_SOURCE },
    { "Lead Source", HOTLIST_LEAD_FIELD_LEAD_SOURCE },
    { "Lead Status", HOTLIST_LEAD_FIELD_STATUS },
    { "Industry", HOTLIST_LEAD_FIELD_INDUSTRY },
    { "Create Date", HOTLIST_LEAD_FIELD_CREATED_AT },
    { "Person created", HOTLIST_LEAD_FIELD_CREATED_AT },
    { "CreatedDate", HOTLIST_LEAD_FIELD_CREATED_AT },
    { "Last Activity Date", HOTLIST_LEAD_FIELD_LAST_ACTIVITY_DATE },
  };
  static const struct
  {
    const char       *header;
    HotlistColumnRole role;
  } roles[] = {
    { "Person - Name", HOTLIST_COLUMN_FULL_NAME },
    { "Name", HOTLIST_COLUMN_FULL_NAME },
    { "Full Name", HOTLIST_COLUMN_FULL_NAME },
    { "Record ID", HOTLIST_COLUMN_ID },
    { "Lead ID", HOTLIST_COLUMN_ID },
    { "ID", HOTLIST_COLUMN_ID },
    { "external_id", HOTLIST_COLUMN_ID },
    { "Converted", HOTLIST_COLUMN_LABEL },
    { "y", HOTLIST_COLUMN_LABEL },
    { "outcome", HOTLIST_COLUMN_LABEL },
    { "hotlist_lead_id", HOTLIST_COLUMN_LEAD_ID },
    { "source_system", HOTLIST_COLUMN_SOURCE_SYSTEM },
    { "lead_score", HOTLIST_COLUMN_DERIVED },
    { "probability", HOTLIST_COLUMN_DERIVED },
    { "tier", HOTLIST_COLUMN_DERIVED },
    { "Phone Number", HOTLIST_COLUMN_CUSTOM },
    { "Lifecycle Stage", HOTLIST_COLUMN_CUSTOM },
    { "Annual Revenue", HOTLIST_COLUMN_CUSTOM },
    { "Lead Score", HOTLIST_COLUMN_CUSTOM },
    /* Only Hotlist's own export names say where a lead comes from. */
    { "Source System", HOTLIST_COLUMN_CUSTOM },
    { "Hotlist Lead ID", HOTLIST_COLUMN_CUSTOM },
    { "Label", HOTLIST_COLUMN_CUSTOM },
    { "Won deals", HOTLIST_COLUMN_CUSTOM },
    { "", HOTLIST_COLUMN_CUSTOM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      HotlistLeadField  field = HOTLIST_N_LEAD_FIELDS;
      HotlistColumnRole role = hotlist_column_match (fields[i].header, &field);

      if (role != HOTLIST_COLUMN_FIELD || field != fields[i].field)
        g_error ("“%s” should match the field %s (role %d, field %d)", fields[i].header,
                 hotlist_lead_field_to_column (fields[i].field), role, field);
    }
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      HotlistLeadField  field = HOTLIST_N_LEAD_FIELDS;
      HotlistColumnRole role = hotlist_column_match (roles[i].header, &field);

      if (role != roles[i].role)
        g_error ("“%s” should have the role %d, not %d", roles[i].header, roles[i].role, role);
    }
}

/* A CRM's own score is data to learn from; Hotlist's own score column is never read back. */
static void
test_synonyms_lead_score (void)
{
  static const char               csv[] = "id,first_name,Lead Score,lead_score,probability,tier\n"
                                          "1,Ada,87,12,0.12,cold\n"
                                          "2,Bram,45,99,0.99,hot\n"
                                          "3,Cora,61,50,0.5,warm\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "score.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistAttribute)    ours = NULL;
  g_autoptr (HotlistLead)         ada = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *crm_score = NULL;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 3, 3, 0, 0);

  assert_kind (store, "Lead Score", HOTLIST_VALUE_NUMBER);
  ours = custom_attribute (store, "lead_score");
  g_assert_null (ours);
  g_assert_cmpuint (count_custom_attributes (store), ==, 1);

  ada = find_lead (store, "1");
  crm_score = custom_value (store, ada, "Lead Score");
  g_assert_cmpstr (crm_score, ==, "87");
  g_assert_cmpint (ada->lead_score, ==, -1);
  g_assert_null (ada->tier);
}

/* Upsert by id */

static void
test_upsert_same_file_twice (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "twice.hotlist");
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistLead)         before = NULL;
  g_autoptr (HotlistLead)         after = NULL;

  first = import_data (store, "hubspot-contacts-export.csv", NULL);
  assert_report (first, 25, 25, 0, 0);
  before = find_lead (store, "51873200104");

  second = import_data (store, "hubspot-contacts-export.csv", NULL);
  assert_report (second, 25, 0, 25, 0);
  g_assert_cmpint (count_leads (store), ==, 25);
  g_assert_cmpuint (count_custom_attributes (store), ==, 2);

  /* The same lead, not a copy of it. */
  after = find_lead (store, "51873200104");
  g_assert_cmpint (after->id, ==, before->id);
  g_assert_cmpstr (after->lead_id, ==, before->lead_id);
  g_assert_cmpint (after->created_at, ==, before->created_at);
}

static void
test_upsert_edited_value (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "edited.hotlist");
  g_autofree char                *first_path = test_dir_file (dir, "first.csv");
  g_autofree char                *second_path = test_dir_file (dir, "second.csv");
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistLead)         ada = NULL;
  g_autoptr (HotlistLead)         bram = NULL;
  g_autofree char                *stage = NULL;
  g_autofree char                *phone = NULL;
  g_autofree char                *bram_stage = NULL;

  write_file (first_path, "Record ID,First Name,Job Title,Lifecycle Stage,Phone Number\n"
                          "1,Ada,CTO,Lead,555-0100\n"
                          "2,Bram,CFO,Lead,555-0101\n");
  write_file (second_path, "Record ID,First Name,Job Title,Lifecycle Stage,Phone Number\n"
                           "1,Ada,Chief Technology Officer,Customer,\n");

  first = import_path (store, NULL, first_path);
  assert_report (first, 2, 2, 0, 0);
  second = import_path (store, NULL, second_path);
  assert_report (second, 1, 0, 1, 0);
  g_assert_cmpint (count_leads (store), ==, 2);

  ada = find_lead (store, "1");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "Chief Technology Officer");
  stage = custom_value (store, ada, "Lifecycle Stage");
  g_assert_cmpstr (stage, ==, "Customer");
  /* An emptied cell removes the attribute's value. */
  phone = custom_value (store, ada, "Phone Number");
  g_assert_null (phone);

  /* A lead not in the second file is left as it was. */
  bram = find_lead (store, "2");
  g_assert_cmpstr (bram->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==, "CFO");
  bram_stage = custom_value (store, bram, "Lifecycle Stage");
  g_assert_cmpstr (bram_stage, ==, "Lead");
}

/* A row that does not know when its lead was created must not move the date already known:
 * an empty cell or one that is not a date (reported as "left empty") keeps it. */
static void
test_upsert_unknown_created_date (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "created.hotlist");
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistLead)         ada = NULL;
  g_autoptr (HotlistLead)         bram = NULL;
  g_autoptr (GError)              error = NULL;

  first = import_text (store, NULL,
                       "id,first_name,Create Date\n"
                       "1,Ada,2024-01-08 09:14\n"
                       "2,Bram,2024-02-01 10:10\n",
                       &error);
  g_assert_no_error (error);
  assert_report (first, 2, 2, 0, 0);

  second = import_text (store, NULL,
                        "id,first_name,Create Date\n"
                        "1,Ada,\n"
                        "2,Bram,last spring\n",
                        &error);
  g_assert_no_error (error);
  assert_report (second, 2, 0, 2, 0);
  /* The bad date is a warning on its line, not a rejection. */
  g_assert_cmpuint (second->issues->len, ==, 1);
  g_assert_cmpuint (issue_at (second, 0)->line, ==, 3);
  g_assert_false (issue_at (second, 0)->rejected);
  assert_mentions (issue_at (second, 0)->reason, "last spring");

  ada = find_lead (store, "1");
  g_assert_cmpint (ada->created_at, ==, utc (2024, 1, 8, 9, 14, 0));
  bram = find_lead (store, "2");
  g_assert_cmpint (bram->created_at, ==, utc (2024, 2, 1, 10, 10, 0));
}

/* Labels */

static void
test_label_values (void)
{
  static const char csv[] = "id,first_name,outcome\n"
                            "1,A,1\n"
                            "2,B,0\n"
                            "3,C,yes\n"
                            "4,D,No\n"
                            "5,E,TRUE\n"
                            "6,F,false\n"
                            "7,G,won\n"
                            "8,H,Lost\n"
                            "9,I,converted\n"
                            "10,J,\n"
                            "11,K,maybe\n"
                            "12,L, Closed Won \n";
  static const struct
  {
    const char    *id;
    HotlistOutcome outcome;
  } expected[] = {
    { "1", HOTLIST_OUTCOME_CONVERTED },  { "2", HOTLIST_OUTCOME_LOST },
    { "3", HOTLIST_OUTCOME_CONVERTED },  { "4", HOTLIST_OUTCOME_LOST },
    { "5", HOTLIST_OUTCOME_CONVERTED },  { "6", HOTLIST_OUTCOME_LOST },
    { "7", HOTLIST_OUTCOME_CONVERTED },  { "8", HOTLIST_OUTCOME_LOST },
    { "9", HOTLIST_OUTCOME_CONVERTED },  { "10", HOTLIST_OUTCOME_OPEN },
    { "12", HOTLIST_OUTCOME_CONVERTED },
  };
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "labels.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;
  const HotlistImportIssue       *issue;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 12, 11, 0, 1);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (HotlistLead) lead = find_lead (store, expected[i].id);

      if (lead->outcome != expected[i].outcome)
        g_error ("lead %s is %s, not %s", expected[i].id, hotlist_outcome_to_string (lead->outcome),
                 hotlist_outcome_to_string (expected[i].outcome));
      g_assert_cmpint (lead->outcome_at == 0, ==, expected[i].outcome == HOTLIST_OUTCOME_OPEN);
    }

  /* "maybe" names no outcome: that row alone is rejected, on its line. */
  g_assert_false (lead_exists (store, "11"));
  g_assert_cmpuint (report->issues->len, ==, 1);
  issue = issue_at (report, 0);
  g_assert_cmpuint (issue->line, ==, 12);
  g_assert_true (issue->rejected);
  assert_mentions (issue->reason, "maybe");
  assert_mentions (issue->reason, "outcome");
  g_assert_cmpuint (count_custom_attributes (store), ==, 0);
}

/* A label column with a name no synonym knows, given as an option. */
static void
test_label_named_column (void)
{
  static const char               csv[] = "Contact ID,Email,Stage Result\n"
                                          "c1,a@x.example,Closed Won\n"
                                          "c2,b@x.example,Closed Lost\n"
                                          "c3,c@x.example,\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "label-option.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistLead)         c1 = NULL;
  g_autoptr (HotlistLead)         c2 = NULL;
  g_autoptr (HotlistLead)         c3 = NULL;
  g_autoptr (GError)              error = NULL;

  hotlist_csv_import_set_label_column (import, "Stage Result");
  report = import_text (store, import, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 3, 3, 0, 0);
  c1 = find_lead (store, "c1");
  c2 = find_lead (store, "c2");
  c3 = find_lead (store, "c3");
  g_assert_cmpint (c1->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  g_assert_cmpint (c2->outcome, ==, HOTLIST_OUTCOME_LOST);
  g_assert_cmpint (c3->outcome, ==, HOTLIST_OUTCOME_OPEN);
  g_assert_cmpuint (count_custom_attributes (store), ==, 0);
}

/* Rejected rows */

static void
test_rejected_malformed (void)
{
  static const char              *imported[] = { "1", "2", "4", "5", "7", "9", "10" };
  static const char              *rejected[] = { "3", "6", "8" };
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "malformed.hotlist");
  g_autoptr (HotlistImportReport) report = import_data (store, "malformed.csv", NULL);
  g_autoptr (HotlistLead)         ada = NULL;
  g_autoptr (HotlistLead)         bram = NULL;
  const HotlistImportIssue       *issue;

  assert_report (report, 10, 7, 0, 3);
  g_assert_cmpint (count_leads (store), ==, 7);
  g_assert_cmpuint (report->issues->len, ==, 3);

  /* Line 4: one field too many. */
  issue = issue_at (report, 0);
  g_assert_cmpuint (issue->line, ==, 4);
  g_assert_true (issue->rejected);
  assert_mentions (issue->reason, "field");
  assert_mentions (issue->reason, "6");
  assert_mentions (issue->reason, "7");

  /* Line 7: one field too few. */
  issue = issue_at (report, 1);
  g_assert_cmpuint (issue->line, ==, 7);
  g_assert_true (issue->rejected);
  assert_mentions (issue->reason, "field");
  assert_mentions (issue->reason, "5");

  /* Line 9: a byte that is not UTF-8, in the company column. */
  issue = issue_at (report, 2);
  g_assert_cmpuint (issue->line, ==, 9);
  g_assert_true (issue->rejected);
  assert_mentions (issue->reason, "UTF-8");
  assert_mentions (issue->reason, "company");

  for (guint i = 0; i < G_N_ELEMENTS (imported); i++)
    g_assert_true (lead_exists (store, imported[i]));
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    g_assert_false (lead_exists (store, rejected[i]));

  ada = find_lead (store, "1");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_COMPANY], ==, "Larkspur Tools");
  g_assert_cmpint (ada->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  bram = find_lead (store, "2");
  g_assert_cmpint (bram->outcome, ==, HOTLIST_OUTCOME_LOST);
}

/* Line numbers are the file's lines, so the user can find the row in an editor. */
static void
test_rejected_after_embedded_newlines (void)
{
  static const char csv[] = "id,first_name,notes\r\n"       /* 1 */
                            "1,Ada,\"first line\r\n"        /* 2 */
                            "second line\"\r\n"             /* 3 */
                            "2,Bram,\"a\nb\nc\"\r\n"        /* 4–6 */
                            "3,Cora,ok,extra\r\n"           /* 7: rejected */
                            "\r\n"                          /* 8: blank */
                            "4,\"Dov\r\nHaskell\",fine\r\n" /* 9–10 */
                            "5,Esme\r\n"                    /* 11: rejected */
                            "6,Fane,last\r\n";              /* 12 */
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "newlines.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistLead)         bram = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *notes = NULL;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 6, 4, 0, 2);
  g_assert_cmpuint (report->issues->len, ==, 2);
  g_assert_cmpuint (issue_at (report, 0)->line, ==, 7);
  g_assert_cmpuint (issue_at (report, 1)->line, ==, 11);

  bram = find_lead (store, "2");
  notes = custom_value (store, bram, "notes");
  g_assert_cmpstr (notes, ==, "a\nb\nc");
  g_assert_true (lead_exists (store, "6"));
}

/* Options */

static void
test_options_unknown_id_column (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "unknown-id.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = data_file ("hubspot-contacts-export.csv");

  hotlist_csv_import_set_id_column (import, "Customer Number");
  report = hotlist_csv_import_run_path (import, store, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN);
  /* The message names the missing column and the ones the file has. */
  assert_mentions (error->message, "Customer Number");
  assert_mentions (error->message, "Record ID");
  g_assert_cmpint (count_leads (store), ==, 0);
  g_assert_cmpuint (count_custom_attributes (store), ==, 0);
}

static void
test_options_unknown_label_column (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "unknown-label.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = data_file ("salesforce-leads-report.csv");

  hotlist_csv_import_set_label_column (import, "IsWon");
  report = hotlist_csv_import_run_path (import, store, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN);
  assert_mentions (error->message, "IsWon");
  g_assert_cmpint (count_leads (store), ==, 0);
  g_assert_cmpuint (count_custom_attributes (store), ==, 0);
}

static void
test_options_bad_mapping (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "bad-map.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = data_file ("hubspot-contacts-export.csv");

  /* A target that names no field… */
  g_assert_false (hotlist_csv_import_add_mapping (import, "Email", "e-mail address", &error));
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_MAPPING);
  assert_mentions (error->message, "e-mail address");
  assert_mentions (error->message, "job_title");
  g_clear_error (&error);
  /* …and what Hotlist computes itself cannot be imported into. */
  g_assert_false (hotlist_csv_import_add_mapping (import, "Lifecycle Stage", "lead_score", &error));
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_BAD_MAPPING);
  g_clear_error (&error);

  /* A mapping of a column the file does not have imports nothing. */
  g_assert_true (hotlist_csv_import_add_mapping (import, "Fax", "custom", &error));
  g_assert_no_error (error);
  report = hotlist_csv_import_run_path (import, store, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_UNKNOWN_COLUMN);
  assert_mentions (error->message, "Fax");
  g_assert_cmpint (count_leads (store), ==, 0);
}

static void
test_options_mapping_overrides_synonyms (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "map.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistAttribute)    email_column = NULL;
  g_autoptr (HotlistAttribute)    stage_column = NULL;
  g_autoptr (HotlistLead)         maren = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = data_file ("hubspot-contacts-export.csv");
  g_autofree char                *lead_status = NULL;
  g_autofree char                *industry = NULL;

  g_assert_true (hotlist_csv_import_add_mapping (import, "Lifecycle Stage", "status", &error));
  g_assert_true (hotlist_csv_import_add_mapping (import, "Email", "ignore", &error));
  g_assert_true (hotlist_csv_import_add_mapping (import, "Industry", "custom", &error));
  g_assert_no_error (error);
  report = import_path (store, import, path);
  assert_report (report, 25, 25, 0, 0);

  maren = find_lead (store, "51873200101");
  /* The mapped column wins the field; the synonym that lost it is kept as an attribute. */
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_STATUS], ==, "Sales Qualified Lead");
  lead_status = custom_value (store, maren, "Lead Status");
  g_assert_cmpstr (lead_status, ==, "In Progress");
  /* Ignored: neither a field nor an attribute. */
  g_assert_null (maren->text[HOTLIST_LEAD_FIELD_EMAIL]);
  email_column = custom_attribute (store, "Email");
  g_assert_null (email_column);
  /* Kept as it is instead of filling the core field. */
  g_assert_null (maren->text[HOTLIST_LEAD_FIELD_INDUSTRY]);
  industry = custom_value (store, maren, "Industry");
  g_assert_cmpstr (industry, ==, "Computer Software");
  stage_column = custom_attribute (store, "Lifecycle Stage");
  g_assert_null (stage_column);
}

static void
test_options_id_column (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "id-option.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistLead)         maren = NULL;
  g_autofree char                *path = data_file ("hubspot-contacts-export.csv");
  g_autofree char                *record_id = NULL;

  hotlist_csv_import_set_id_column (import, "Email");
  first = import_path (store, import, path);
  assert_report (first, 25, 25, 0, 0);
  second = import_path (store, import, path);
  assert_report (second, 25, 0, 25, 0);

  maren = find_lead (store, "maren.holloway@brightwater-analytics.example");
  g_assert_cmpstr (maren->text[HOTLIST_LEAD_FIELD_EMAIL], ==,
                   "maren.holloway@brightwater-analytics.example");
  /* The column that would have been the id is kept as an attribute. */
  record_id = custom_value (store, maren, "Record ID");
  g_assert_cmpstr (record_id, ==, "51873200101");
}

static void
test_empty_file (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "empty.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;

  report = import_text (store, NULL, "", &error);
  g_assert_null (report);
  g_assert_error (error, HOTLIST_IMPORT_ERROR, HOTLIST_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  /* A header alone is a valid file with no leads. */
  report = import_text (store, NULL, "id,first_name,email\n", &error);
  g_assert_no_error (error);
  assert_report (report, 0, 0, 0, 0);
  g_assert_cmpint (count_leads (store), ==, 0);
}

/* Two columns of the same name both keep their values, the second as "Notes (2)", and a
 * second import of the same file finds the same two attributes. */
static void
test_duplicate_headers (void)
{
  static const char               csv[] = "id,Notes,first_name,Notes\n"
                                          "1,called twice,Ann,prefers email\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "duplicates.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistLead)         ann = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *first = NULL;
  g_autofree char                *second = NULL;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 1, 1, 0, 0);
  g_clear_pointer (&report, hotlist_import_report_free);
  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 1, 0, 1, 0);

  ann = find_lead (store, "1");
  first = custom_value (store, ann, "Notes");
  second = custom_value (store, ann, "Notes (2)");
  g_assert_cmpstr (first, ==, "called twice");
  g_assert_cmpstr (second, ==, "prefers email");
}

/* The UCI bank marketing data: 41,188 rows, semicolons, label "y". */

static void
count_bank_labels (guint64 *rows, guint64 *subscribed)
{
  g_autofree char *path = data_file ("bank-marketing.csv");
  g_autofree char *contents = NULL;
  g_auto (GStrv)   lines = NULL;
  gsize            length;

  contents = read_file (path, &length);
  lines = g_strsplit (contents, "\n", -1);
  *rows = *subscribed = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *last = strrchr (lines[i], ';');

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (last);
      (*rows)++;
      if (strcmp (last + 1, "1") == 0)
        (*subscribed)++;
    }
}

static void
test_bank_marketing (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "bank.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistAttribute)    label_column = NULL;
  g_autoptr (HotlistLead)         first = NULL;
  g_autoptr (GPtrArray)           leads = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *age = NULL;
  g_autofree char                *job = NULL;
  guint64                         rows, subscribed, open, converted, lost;

  count_bank_labels (&rows, &subscribed);
  g_assert_cmpuint (rows, ==, 41188);

  report = import_data (store, "bank-marketing.csv", NULL);
  assert_report (report, rows, rows, 0, 0);
  g_assert_cmpuint (report->issues->len, ==, 0);
  g_assert_cmpint (count_leads (store), ==, (gint64)rows);

  count_outcomes (store, &open, &converted, &lost);
  g_assert_cmpuint (converted, ==, subscribed);
  g_assert_cmpuint (lost, ==, rows - subscribed);
  g_assert_cmpuint (open, ==, 0);
  label_column = custom_attribute (store, "y");
  g_assert_null (label_column);

  /* Sixteen columns, all kept. */
  g_assert_cmpuint (count_custom_attributes (store), ==, 16);
  assert_kind (store, "age", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "duration", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "emp.var.rate", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "job", HOTLIST_VALUE_CATEGORY);
  assert_kind (store, "marital", HOTLIST_VALUE_CATEGORY);
  assert_kind (store, "education", HOTLIST_VALUE_CATEGORY);
  /* yes, no and unknown: a category, not a boolean. */
  assert_kind (store, "housing", HOTLIST_VALUE_CATEGORY);
  assert_kind (store, "default", HOTLIST_VALUE_CATEGORY);

  /* The first row of the file, as written. */
  leads = hotlist_store_list_leads (store, HOTLIST_LEAD_ORDER_CREATED, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  age = custom_value (store, leads->pdata[0], "age");
  job = custom_value (store, leads->pdata[0], "job");
  g_assert_cmpstr (age, ==, "56");
  g_assert_cmpstr (job, ==, "housemaid");

  {
    g_autoptr (sqlite3) db = NULL;
    sqlite3_stmt       *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (hotlist_store_get_path (store), &db, SQLITE_OPEN_READONLY,
                                      NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT count(*) FROM leads, attributes"
                                         " WHERE attributes.column_name = 'housing'"
                                         " AND json_extract(leads.custom, '$.' ||"
                                         " attributes.key) = 'unknown'",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), >, 0);
    sqlite3_finalize (stmt);
  }
}

/* Kinds */

static void
test_kinds_inference (void)
{
  static const char csv[] =
      "email,Newsletter,Seats,Signed up,Plan,Notes\n"
      "a@x.example,yes,12,2024-01-05,basic,Asked about SSO\n"
      "b@x.example,No,\"1,200\",2024-02-10,pro,Wants a demo next week\n"
      "c@x.example,YES,-3.5,03/15/2024,basic,\n"
      "d@x.example,no,,2024-04-01 10:00,pro,Budget approved in Q3\n"
      "e@x.example,y,7,2024-05-20T08:30:00Z,enterprise,Evaluating two vendors\n"
      "f@x.example,n,0,2024-06-30,basic,Call back after the holidays\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "kinds.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GError)              error = NULL;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 6, 6, 0, 0);

  g_assert_cmpuint (count_custom_attributes (store), ==, 5);
  assert_kind (store, "Newsletter", HOTLIST_VALUE_BOOLEAN);
  assert_kind (store, "Seats", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "Signed up", HOTLIST_VALUE_DATE);
  assert_kind (store, "Plan", HOTLIST_VALUE_CATEGORY);
  assert_kind (store, "Notes", HOTLIST_VALUE_TEXT);
}

/* A later import can only widen a kind: text in a number column makes it text, and 0/1
 * values do not narrow a number column to a boolean. */
static void
test_kinds_widening (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "widen.hotlist");
  g_autoptr (HotlistImportReport) first = NULL;
  g_autoptr (HotlistImportReport) second = NULL;
  g_autoptr (HotlistLead)         old = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *deal_size = NULL;

  first = import_text (store, NULL,
                       "id,Deal size,Seats\n"
                       "1,1000,12\n"
                       "2,2500,40\n"
                       "3,400,3\n",
                       &error);
  g_assert_no_error (error);
  assert_kind (store, "Deal size", HOTLIST_VALUE_NUMBER);
  assert_kind (store, "Seats", HOTLIST_VALUE_NUMBER);

  second = import_text (store, NULL,
                        "id,Deal size,Seats\n"
                        "4,about 5k,1\n"
                        "5,unknown yet,0\n"
                        "6,TBD after the call,1\n",
                        &error);
  g_assert_no_error (error);
  assert_report (second, 3, 3, 0, 0);
  assert_kind (store, "Deal size", HOTLIST_VALUE_TEXT);
  assert_kind (store, "Seats", HOTLIST_VALUE_NUMBER);
  g_assert_cmpuint (count_custom_attributes (store), ==, 2);

  old = find_lead (store, "1");
  deal_size = custom_value (store, old, "Deal size");
  g_assert_cmpstr (deal_size, ==, "1000");
}

/* Export */

static const char fixed_header[] =
    "hotlist_lead_id,source_system,external_id,first_name,last_name,email,company,job_title,"
    "industry,company_size,country,lead_source,status,owner,created_at,last_activity_date,"
    "outcome,lead_score,probability,tier";

static void
test_export_header (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "header.hotlist");
  g_autoptr (HotlistImportReport) report = import_data (store, "hubspot-contacts-export.csv", NULL);
  g_autoptr (HotlistLead)         idris = find_lead (store, "51873200104");
  g_autofree char *path = export_to_file (store, HOTLIST_EXPORT_CSV, dir, "header.csv");
  g_autofree char *contents = NULL;
  g_autofree char *expected_header = NULL;
  g_autofree char *expected_start = NULL;
  g_auto (GStrv)   lines = NULL;
  gsize            length;

  contents = read_file (path, &length);
  g_assert_true (g_str_has_prefix (contents, "hotlist_lead_id,source_system,external_id,"));
  assert_mentions (contents, ",outcome,lead_score,probability,tier");
  expected_header = g_strconcat (fixed_header, ",Phone Number,Lifecycle Stage\r\n", NULL);
  g_assert_true (g_str_has_prefix (contents, expected_header));

  /* One line per lead, each with the public id, source and external id first. */
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 25 + 1);
  g_assert_cmpstr (lines[26], ==, "");
  expected_start = g_strdup_printf ("%s,csv,51873200104,Idris,Pembleton,idris@kestrelkx.example,"
                                    "\"Kestrel \"\"KX\"\" Systems\",CTO,",
                                    idris->lead_id);
  g_assert_true (g_str_has_prefix (lines[4], expected_start));
  g_assert_true (g_str_has_suffix (lines[4], ",open,,,,+1 212-555-0178,Opportunity"));
}

/* Export A, import into B, export B: the same bytes, so nothing is lost or changed. */
static void
test_export_round_trip (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        a = open_store (dir, "a.hotlist");
  g_autoptr (HotlistStore)        b = open_store (dir, "b.hotlist");
  g_autoptr (HotlistImportReport) hubspot = import_data (a, "hubspot-contacts-export.csv", NULL);
  g_autoptr (HotlistImportReport) bank = import_data (a, "bank-marketing.csv", NULL);
  g_autoptr (HotlistImportReport) into_b = NULL;
  g_autoptr (HotlistImportReport) into_a = NULL;
  g_autoptr (HotlistLead)         in_a = NULL;
  g_autoptr (HotlistLead)         in_b = NULL;
  g_autofree char                *a_path = NULL;
  g_autofree char                *b_path = NULL;
  g_autofree char                *a_csv = NULL;
  g_autofree char                *b_csv = NULL;
  g_autofree char                *phone_a = NULL;
  g_autofree char                *phone_b = NULL;
  gsize                           a_length, b_length;
  gint64                          n = count_leads (a);

  g_assert_cmpint (n, ==, 25 + 41188);
  a_path = export_to_file (a, HOTLIST_EXPORT_CSV, dir, "a.csv");
  into_b = import_path (b, NULL, a_path);
  assert_report (into_b, n, n, 0, 0);
  g_assert_cmpuint (into_b->issues->len, ==, 0);
  g_assert_cmpint (count_leads (b), ==, n);

  b_path = export_to_file (b, HOTLIST_EXPORT_CSV, dir, "b.csv");
  a_csv = read_file (a_path, &a_length);
  b_csv = read_file (b_path, &b_length);
  g_assert_cmpuint (a_length, ==, b_length);
  g_assert_true (memcmp (a_csv, b_csv, a_length) == 0);

  /* The same leads: same public ids, fields, outcomes and attributes. */
  in_a = find_lead (a, "51873200109");
  in_b = find_lead (b, in_a->lead_id);
  g_assert_cmpstr (in_b->external_id, ==, "51873200109");
  g_assert_cmpstr (in_b->text[HOTLIST_LEAD_FIELD_JOB_TITLE], ==,
                   "Head of Partnerships\nEMEA & APAC");
  g_assert_cmpint (in_b->created_at, ==, in_a->created_at);
  g_assert_cmpint (in_b->company_size, ==, in_a->company_size);
  phone_a = custom_value (a, in_a, "Phone Number");
  phone_b = custom_value (b, in_b, "Phone Number");
  g_assert_cmpstr (phone_b, ==, phone_a);
  assert_kind (b, "age", HOTLIST_VALUE_NUMBER);
  assert_kind (b, "housing", HOTLIST_VALUE_CATEGORY);
  assert_kind (b, "Lifecycle Stage", HOTLIST_VALUE_CATEGORY);
  {
    guint64 open_a, converted_a, lost_a, open_b, converted_b, lost_b;

    count_outcomes (a, &open_a, &converted_a, &lost_a);
    count_outcomes (b, &open_b, &converted_b, &lost_b);
    g_assert_cmpuint (converted_b, ==, converted_a);
    g_assert_cmpuint (lost_b, ==, lost_a);
    g_assert_cmpuint (open_b, ==, open_a);
  }

  /* Importing its own export into A changes no lead's identity and adds none. */
  into_a = import_path (a, NULL, a_path);
  assert_report (into_a, n, 0, n, 0);
  g_assert_cmpint (count_leads (a), ==, n);
}

static void
test_export_json (void)
{
  static const char *custom_columns[] = {
    "Phone Number", "Lifecycle Stage", "Rating",     "Annual Revenue", "Label",
    "Phone - Work", "Update time",     "Open deals", "Won deals",      "Lost deals",
  };
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "json.hotlist");
  g_autoptr (HotlistImportReport) hubspot =
      import_data (store, "hubspot-contacts-export.csv", "hubspot");
  g_autoptr (HotlistImportReport) salesforce =
      import_data (store, "salesforce-leads-report.csv", "salesforce");
  g_autoptr (HotlistImportReport) pipedrive =
      import_data (store, "pipedrive-persons-export.csv", "pipedrive");
  g_autoptr (HotlistLead) maren = find_lead (store, "51873200101");
  g_autoptr (JsonParser)  parser = json_parser_new ();
  g_autoptr (GError)      error = NULL;
  g_autofree char        *path = export_to_file (store, HOTLIST_EXPORT_JSON, dir, "leads.json");
  JsonArray              *array;
  JsonObject             *found = NULL;
  guint                   converted = 0;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, count_leads (store));
  g_assert_cmpuint (json_array_get_length (array), ==, 75);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject    *object = json_array_get_object_element (array, i);
      g_auto (GStrv) fixed = g_strsplit (fixed_header, ",", -1);

      for (guint f = 0; fixed[f] != NULL; f++)
        g_assert_true (json_object_has_member (object, fixed[f]));
      g_assert_true (json_object_has_member (object, "custom"));
      for (guint c = 0; c < G_N_ELEMENTS (custom_columns); c++)
        g_assert_true (json_object_has_member (json_object_get_object_member (object, "custom"),
                                               custom_columns[c]));
      if (g_strcmp0 (json_object_get_string_member (object, "outcome"), "converted") == 0)
        converted++;
      if (g_strcmp0 (json_object_get_string_member (object, "hotlist_lead_id"), maren->lead_id)
          == 0)
        found = object;
    }
  g_assert_cmpuint (converted, ==, 8);

  g_assert_nonnull (found);
  g_assert_cmpstr (json_object_get_string_member (found, "source_system"), ==, "hubspot");
  g_assert_cmpstr (json_object_get_string_member (found, "external_id"), ==, "51873200101");
  g_assert_cmpstr (json_object_get_string_member (found, "company"), ==,
                   "Brightwater Analytics, Inc.");
  g_assert_cmpint (json_object_get_int_member (found, "company_size"), ==, 420);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (found, "custom"),
                                                  "Lifecycle Stage"),
                   ==, "Sales Qualified Lead");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (found, "custom"),
                                                  "Phone Number"),
                   ==, "+1 (415) 555-0132");
  g_assert_true (
      json_object_get_null_member (json_object_get_object_member (found, "custom"), "Rating"));
  g_assert_false (json_object_has_member (found, "Rating"));
  g_assert_true (json_object_get_null_member (found, "lead_score"));
  g_assert_cmpstr (json_object_get_string_member (found, "outcome"), ==, "open");
}

/* A custom column may carry the name of a fixed export column (a team's own "status" beside the
 * CRM's "Lead Status"): in JSON, the fixed member must still hold the lead's own value. */
static void
test_export_json_custom_named_like_core (void)
{
  static const char               csv[] = "id,first_name,Lead Status,status,Converted,outcome\n"
                                          "1,Ada,Working - Contacted,vip,1,Closed Lost\n";
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "json-names.hotlist");
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistLead)         ada = NULL;
  g_autoptr (JsonParser)          parser = json_parser_new ();
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = NULL;
  g_autofree char                *own_status = NULL;
  JsonObject                     *object;

  report = import_text (store, NULL, csv, &error);
  g_assert_no_error (error);
  assert_report (report, 1, 1, 0, 0);
  ada = find_lead (store, "1");
  g_assert_cmpstr (ada->text[HOTLIST_LEAD_FIELD_STATUS], ==, "Working - Contacted");
  g_assert_cmpint (ada->outcome, ==, HOTLIST_OUTCOME_CONVERTED);
  own_status = custom_value (store, ada, "status");
  g_assert_cmpstr (own_status, ==, "vip");

  path = export_to_file (store, HOTLIST_EXPORT_JSON, dir, "names.json");
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "external_id"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Working - Contacted");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "converted");
  /* The custom columns of the same names keep their own values. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "custom"),
                                                  "status"),
                   ==, "vip");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "custom"),
                                                  "outcome"),
                   ==, "Closed Lost");
}

/* Cancellation */

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelState;

static void
cancel_progress_cb (guint64 bytes_read, guint64 rows_read, gpointer user_data)
{
  CancelState *state = user_data;

  state->calls++;
  g_cancellable_cancel (state->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr (TestDir)             dir = test_dir_new ();
  g_autoptr (HotlistStore)        store = open_store (dir, "cancel.hotlist");
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (GCancellable)        cancellable = g_cancellable_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (HotlistImportReport) after = NULL;
  g_autoptr (GError)              error = NULL;
  g_autofree char                *path = data_file ("bank-marketing.csv");
  CancelState                     state = { cancellable, 0 };

  hotlist_csv_import_set_progress_func (import, cancel_progress_cb, &state);
  report = hotlist_csv_import_run_path (import, store, path, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (state.calls, >=, 1);

  /* Nothing of it is kept, and the workspace is ready for the next import. */
  g_assert_cmpint (count_leads (store), ==, 0);
  g_assert_cmpuint (count_custom_attributes (store), ==, 0);
  g_assert_false (hotlist_store_in_transaction (store));
  after = import_data (store, "malformed.csv", NULL);
  assert_report (after, 10, 7, 0, 3);
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("test-import");

  g_test_init (&argc, &argv, NULL);
  /* A failed child is reported as a failed case, not the end of the run. */
  if (!g_test_subprocess ())
    g_test_set_nonfatal_assertions ();

  add_test ("/import/crm/hubspot", test_crm_hubspot);
  add_test ("/import/crm/salesforce", test_crm_salesforce);
  add_test ("/import/crm/pipedrive", test_crm_pipedrive);
  add_test ("/import/crm/pipedrive-full-names", test_crm_pipedrive_full_names);
  add_test ("/import/synonyms/headers", test_synonyms);
  add_test ("/import/synonyms/lead-score", test_synonyms_lead_score);
  add_test ("/import/upsert/same-file-twice", test_upsert_same_file_twice);
  add_test ("/import/upsert/edited-value", test_upsert_edited_value);
  add_test ("/import/upsert/unknown-created-date", test_upsert_unknown_created_date);
  add_test ("/import/label/values", test_label_values);
  add_test ("/import/label/named-column", test_label_named_column);
  add_test ("/import/rejected/malformed", test_rejected_malformed);
  add_test ("/import/rejected/embedded-newlines", test_rejected_after_embedded_newlines);
  add_test ("/import/options/unknown-id-column", test_options_unknown_id_column);
  add_test ("/import/options/unknown-label-column", test_options_unknown_label_column);
  add_test ("/import/options/bad-mapping", test_options_bad_mapping);
  add_test ("/import/options/mapping-overrides-synonyms", test_options_mapping_overrides_synonyms);
  add_test ("/import/options/id-column", test_options_id_column);
  add_test ("/import/options/empty-file", test_empty_file);
  add_test ("/import/columns/duplicate-headers", test_duplicate_headers);
  add_test ("/import/bank-marketing", test_bank_marketing);
  add_test ("/import/kinds/inference", test_kinds_inference);
  add_test ("/import/kinds/widening", test_kinds_widening);
  add_test ("/import/export/header", test_export_header);
  add_test ("/import/export/round-trip", test_export_round_trip);
  add_test ("/import/export/json", test_export_json);
  add_test ("/import/export/json-custom-named-like-core", test_export_json_custom_named_like_core);
  add_test ("/import/cancel", test_cancel);

  status = g_test_run ();
  return test_root_finish (status);
}
