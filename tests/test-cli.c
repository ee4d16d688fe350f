/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of hotlist-cli's command-line and JSON contract, run as a separate process. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hotlist-test-cli.h"
#include "hotlist-test-dir.h"

static char *
data_file (const char *name)
{
  return g_build_filename (g_getenv ("HOTLIST_TEST_DATA"), name, NULL);
}

static char *
fresh_db (const char *name)
{
  g_autofree char *path = g_build_filename (test_root, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return g_steal_pointer (&path);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char **
lines_of (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  g_strchomp (copy);
  if (*copy == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (copy, "\n", -1);
}

/* The contract: exactly {"read", "created", "updated", "rejected"}, in that order. */
static void
assert_import_json (const char *out, gint64 read, gint64 created, gint64 updated, gint64 rejected)
{
  g_autoptr (JsonNode) root = parse_json (out);
  JsonObject          *object;
  g_autoptr (GList)    members = NULL;
  const char          *expected[] = { "read", "created", "updated", "rejected" };
  guint                i = 0;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (expected));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, expected[i++]);
  g_assert_cmpint (json_object_get_int_member (object, "read"), ==, read);
  g_assert_cmpint (json_object_get_int_member (object, "created"), ==, created);
  g_assert_cmpint (json_object_get_int_member (object, "updated"), ==, updated);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, rejected);
}

static void
test_import_json_and_rejections (void)
{
  g_autofree char             *db = fresh_db ("malformed.hotlist");
  g_autofree char             *csv = data_file ("malformed.csv");
  g_autoptr (HotlistCliResult) result = hotlist_cli_run ("--db", db, "import", csv, "--json", NULL);
  g_auto (GStrv)               lines = NULL;

  g_assert_cmpint (result->status, ==, 0);
  assert_import_json (result->out, 10, 7, 0, 3);

  /* Rejected rows go to stderr as "line N: reason", one per line. */
  lines = lines_of (result->err);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "line 4: "));
  g_assert_nonnull (strstr (lines[0], "found 7"));
  g_assert_true (g_str_has_prefix (lines[1], "line 7: "));
  g_assert_nonnull (strstr (lines[1], "found 5"));
  g_assert_true (g_str_has_prefix (lines[2], "line 9: "));
  g_assert_nonnull (strstr (lines[2], "UTF-8"));
}

static void
test_import_warnings (void)
{
  g_autofree char             *db = fresh_db ("warnings.hotlist");
  g_autofree char             *csv = g_build_filename (test_root, "warnings.csv", NULL);
  g_autoptr (HotlistCliResult) result = NULL;
  g_auto (GStrv)               lines = NULL;

  g_assert_true (g_file_set_contents (csv,
                                      "id,first_name,company,employees,created\n"
                                      "1,Ann,Acme,about forty,2024-03-01\n"
                                      "2,Bob,Beta,51-200,last tuesday\n"
                                      "3,Cy,Gamma,\"1,200\",2024-03-03\n"
                                      "4,Di,Delta,many,someday,extra\n",
                                      -1, NULL));
  result = hotlist_cli_run ("--db", db, "import", csv, "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  /* Values that cannot be read are left empty and reported, but the rows are imported. A
   * rejected row is reported once, for why it was rejected. */
  assert_import_json (result->out, 4, 3, 0, 1);
  lines = lines_of (result->err);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "warning: line 2: "));
  g_assert_nonnull (strstr (lines[0], "about forty"));
  g_assert_true (g_str_has_prefix (lines[1], "warning: line 3: "));
  g_assert_nonnull (strstr (lines[1], "last tuesday"));
  g_assert_true (g_str_has_prefix (lines[2], "line 5: expected 5 fields"));

  /* A row rejected for its outcome is not also warned about for its size. */
  g_assert_true (g_file_set_contents (csv, "id,employees,converted\n5,lots,maybe\n", -1, NULL));
  g_clear_pointer (&result, hotlist_cli_result_free);
  g_clear_pointer (&lines, g_strfreev);
  result = hotlist_cli_run ("--db", db, "import", csv, "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_import_json (result->out, 1, 0, 0, 1);
  lines = lines_of (result->err);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "line 2: "));
  g_assert_nonnull (strstr (lines[0], "maybe"));
}

static void
test_import_twice_updates (void)
{
  g_autofree char             *db = fresh_db ("hubspot.hotlist");
  g_autofree char             *csv = data_file ("hubspot-contacts-export.csv");
  g_autoptr (HotlistCliResult) first = NULL;
  g_autoptr (HotlistCliResult) second = NULL;
  g_autoptr (HotlistCliResult) list = NULL;
  g_autoptr (JsonNode)         root = NULL;

  first = hotlist_cli_run ("--db", db, "import", csv, "--id", "Record ID", "--json", NULL);
  g_assert_cmpint (first->status, ==, 0);
  assert_import_json (first->out, 25, 25, 0, 0);

  second = hotlist_cli_run ("--db", db, "import", csv, "--id", "Record ID", "--json", NULL);
  g_assert_cmpint (second->status, ==, 0);
  assert_import_json (second->out, 25, 0, 25, 0);

  list = hotlist_cli_run ("--db", db, "list", "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  root = parse_json (list->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 25);
}

static void
test_import_map_and_delimiter (void)
{
  g_autofree char             *db = fresh_db ("mapped.hotlist");
  g_autofree char             *csv = g_build_filename (test_root, "mapped.csv", NULL);
  g_autoptr (HotlistCliResult) result = NULL;
  g_autoptr (HotlistCliResult) list = NULL;
  g_autoptr (JsonNode)         root = NULL;
  JsonObject                  *lead;

  /* "Firma" matches no field by name; --map says what it is. The file is tab-separated. */
  g_assert_true (g_file_set_contents (csv,
                                      "Kundennummer\tVorname\tNachname\tFirma\tAbschluss\n"
                                      "K-1\tJana\tNovak\tStrom AG\tja\n",
                                      -1, NULL));
  result = hotlist_cli_run ("--db", db, "import", csv, "--delimiter", "tab", "--id", "Kundennummer",
                            "--label", "Abschluss", "--map", "Vorname=first_name", "--map",
                            "Nachname=last_name", "--map", "Firma=company", "--json", NULL);
  /* "ja" is not an outcome Hotlist knows: the row is rejected with its line. */
  g_assert_cmpint (result->status, ==, 0);
  assert_import_json (result->out, 1, 0, 0, 1);
  g_assert_true (g_str_has_prefix (result->err, "line 2: "));

  g_assert_true (g_file_set_contents (csv,
                                      "Kundennummer\tVorname\tNachname\tFirma\tAbschluss\n"
                                      "K-1\tJana\tNovak\tStrom AG\tyes\n",
                                      -1, NULL));
  g_clear_pointer (&result, hotlist_cli_result_free);
  result = hotlist_cli_run ("--db", db, "import", csv, "--delimiter", "tab", "--id", "Kundennummer",
                            "--label", "Abschluss", "--map", "Vorname=first_name", "--map",
                            "Nachname=last_name", "--map", "Firma=company", "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_import_json (result->out, 1, 1, 0, 0);

  list = hotlist_cli_run ("--db", db, "list", "--json", NULL);
  root = parse_json (list->out);
  lead = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (lead, "name"), ==, "Jana Novak");
  g_assert_cmpstr (json_object_get_string_member (lead, "company"), ==, "Strom AG");
  g_assert_cmpstr (json_object_get_string_member (lead, "external_id"), ==, "K-1");
}

static void
assert_one_line_error (HotlistCliResult *result, const char *mentions)
{
  g_auto (GStrv) lines = lines_of (result->err);

  g_assert_cmpint (result->status, !=, 0);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "hotlist-cli: "));
  if (mentions != NULL)
    g_assert_nonnull (strstr (lines[0], mentions));
  g_assert_cmpstr (result->out, ==, "");
}

static void
test_errors (void)
{
  g_autofree char             *db = fresh_db ("errors.hotlist");
  g_autofree char             *csv = data_file ("salesforce-leads-report.csv");
  g_autofree char             *missing = g_build_filename (test_root, "no-such-file.csv", NULL);
  g_autoptr (HotlistCliResult) r1 = NULL;
  g_autoptr (HotlistCliResult) r2 = NULL;
  g_autoptr (HotlistCliResult) r3 = NULL;
  g_autoptr (HotlistCliResult) r4 = NULL;
  g_autoptr (HotlistCliResult) r5 = NULL;
  g_autoptr (HotlistCliResult) r6 = NULL;
  g_autoptr (HotlistCliResult) list = NULL;

  r1 = hotlist_cli_run ("--db", db, "import", missing, NULL);
  assert_one_line_error (r1, "no-such-file.csv");

  r2 = hotlist_cli_run ("--db", db, "import", csv, "--id", "Lead Number", NULL);
  assert_one_line_error (r2, "Lead Number");

  r3 = hotlist_cli_run ("--db", db, "import", csv, "--map", "Title=seniority", NULL);
  assert_one_line_error (r3, "seniority");

  r4 = hotlist_cli_run ("--db", db, "frobnicate", NULL);
  assert_one_line_error (r4, "frobnicate");
  g_assert_cmpint (r4->status, ==, 2);

  r5 = hotlist_cli_run ("--db", db, "export", "--format", "xml", NULL);
  assert_one_line_error (r5, "xml");

  r6 = hotlist_cli_run ("--db", db, "list", "--top", "0", NULL);
  assert_one_line_error (r6, "--top");

  /* None of the failed imports wrote anything. */
  list = hotlist_cli_run ("--db", db, "list", "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (g_strstrip (list->out), ==, "[]");
}

static void
test_list_and_attributes_json (void)
{
  g_autofree char             *db = fresh_db ("list.hotlist");
  g_autofree char             *csv = data_file ("salesforce-leads-report.csv");
  g_autoptr (HotlistCliResult) import = hotlist_cli_run ("--db", db, "import", csv, NULL);
  g_autoptr (HotlistCliResult) list =
      hotlist_cli_run ("--db", db, "list", "--top", "3", "--json", NULL);
  g_autoptr (HotlistCliResult) attrs = hotlist_cli_run ("--db", db, "attributes", "--json", NULL);
  g_autoptr (JsonNode)         list_root = NULL;
  g_autoptr (JsonNode)         attrs_root = NULL;
  const char *lead_keys[] = { "lead_id", "external_id", "name", "company", "lead_score", "tier" };
  gboolean    saw_revenue = FALSE;
  JsonArray  *array;

  g_assert_cmpint (import->status, ==, 0);
  g_assert_true (g_str_has_prefix (import->out, "Read 25 rows: 25 created"));

  g_assert_cmpint (list->status, ==, 0);
  list_root = parse_json (list->out);
  array = json_node_get_array (list_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *lead = json_array_get_object_element (array, i);
      for (guint k = 0; k < G_N_ELEMENTS (lead_keys); k++)
        g_assert_true (json_object_has_member (lead, lead_keys[k]));
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (lead, "lead_id")));
      g_assert_cmpuint (strlen (json_object_get_string_member (lead, "external_id")), ==, 18);
    }

  g_assert_cmpint (attrs->status, ==, 0);
  attrs_root = parse_json (attrs->out);
  array = json_node_get_array (attrs_root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *attr = json_array_get_object_element (array, i);
      g_assert_true (json_object_has_member (attr, "key"));
      g_assert_true (json_object_has_member (attr, "kind"));
      g_assert_true (json_object_has_member (attr, "group"));
      g_assert_true (json_object_has_member (attr, "enabled"));
      g_assert_true (json_object_has_member (attr, "weight"));
      g_assert_true (json_object_has_member (attr, "leakage"));
      if (g_strcmp0 (json_object_get_string_member (attr, "key"), "annual_revenue") == 0)
        {
          saw_revenue = TRUE;
          g_assert_cmpstr (json_object_get_string_member (attr, "kind"), ==, "number");
          g_assert_cmpstr (json_object_get_string_member (attr, "column"), ==, "Annual Revenue");
        }
    }
  g_assert_true (saw_revenue);
}

static void
test_export (void)
{
  g_autofree char             *db = fresh_db ("export.hotlist");
  g_autofree char             *csv = data_file ("pipedrive-persons-export.csv");
  g_autofree char             *out_csv = g_build_filename (test_root, "export.csv", NULL);
  g_autoptr (HotlistCliResult) import = hotlist_cli_run ("--db", db, "import", csv, NULL);
  g_autoptr (HotlistCliResult) to_file = NULL;
  g_autoptr (HotlistCliResult) to_stdout = NULL;
  g_autoptr (HotlistCliResult) as_json = NULL;
  g_autoptr (JsonNode)         root = NULL;
  g_autofree char             *file_text = NULL;
  g_auto (GStrv)               lines = NULL;

  g_assert_cmpint (import->status, ==, 0);
  to_file = hotlist_cli_run ("--db", db, "export", "--output", out_csv, NULL);
  g_assert_cmpint (to_file->status, ==, 0);
  to_stdout = hotlist_cli_run ("--db", db, "export", "--format", "csv", NULL);
  g_assert_cmpint (to_stdout->status, ==, 0);
  g_assert_true (g_file_get_contents (out_csv, &file_text, NULL, NULL));
  g_assert_cmpstr (file_text, ==, to_stdout->out);

  lines = g_strsplit (file_text, "\r\n", -1);
  /* Header, 25 leads, and the empty string after the last line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 27);
  g_assert_true (g_str_has_prefix (lines[0], "hotlist_lead_id,source_system,external_id,"
                                             "first_name,last_name,email,company,"));
  g_assert_nonnull (strstr (lines[0], ",outcome,lead_score,probability,tier,"));
  g_assert_nonnull (strstr (lines[0], ",Open deals,"));

  as_json = hotlist_cli_run ("--db", db, "export", "--format", "json", NULL);
  g_assert_cmpint (as_json->status, ==, 0);
  root = parse_json (as_json->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 25);
}

/* Leads with known owners, sources and outcomes, for `report`. */
static const char report_csv[] =
    "Lead ID,First Name,Last Name,Email,Company,Job Title,Lead Source,Owner,Create Date,Outcome,"
    "Close Date\n"
    "L1,Ada,One,ada@one.example,One,CTO,Web,alice,2026-01-05,converted,2026-02-01\n"
    "L2,Ben,Two,ben@two.example,Two,CFO,Web,alice,2026-01-06,lost,2026-02-02\n"
    "L3,Cy,Three,cy@three.example,Three,CEO,Ads,bob,2026-01-07,converted,2026-03-10\n"
    "L4,Di,Four,di@four.example,Four,COO,Ads,bob,2026-02-15,,\n"
    "L5,Ed,Five,ed@five.example,Five,VP,Web,bob,2026-03-01,lost,2026-03-20\n"
    "L6,Flo,Six,flo@six.example,Six,CMO,Ads,alice,2025-12-20,converted,2026-01-10\n"
    "L7,Gus,Seven,gus@seven.example,Seven,CIO,Web,bob,2026-01-10,converted,2026-02-28\n";

static JsonObject *
report_member (JsonNode *root, const char *name)
{
  return json_object_get_object_member (json_node_get_object (root), name);
}

static void
test_report (void)
{
  g_autofree char             *db = fresh_db ("report.hotlist");
  g_autofree char             *csv = g_build_filename (test_root, "report.csv", NULL);
  g_autofree char             *pdf = g_build_filename (test_root, "report.pdf", NULL);
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistCliResult) r = NULL;
  g_autoptr (JsonNode)         root = NULL;
  JsonObject                  *conversion, *distribution, *query;
  JsonArray                   *owners, *sources;

  g_assert_true (g_file_set_contents (csv, report_csv, -1, &error));
  g_assert_no_error (error);
  r = hotlist_cli_run ("--db", db, "import", csv, "--json", NULL);
  g_assert_cmpint (r->status, ==, 0);
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* All time: 6 closed (L4 is open), 4 converted; 7 leads, alice 3 and bob 4, Ads 3 and Web 4. */
  r = hotlist_cli_run ("--db", db, "report", "--json", NULL);
  g_assert_cmpint (r->status, ==, 0);
  root = parse_json (r->out);
  conversion = report_member (root, "conversion");
  g_assert_cmpint (json_object_get_int_member (conversion, "n"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (conversion, "conversions"), ==, 4);
  distribution = report_member (root, "score_distribution");
  g_assert_cmpint (json_object_get_int_member (distribution, "n_scored")
                       + json_object_get_int_member (distribution, "n_unscored"),
                   ==, 7);
  query = report_member (root, "query");
  g_assert_true (json_object_get_null_member (query, "from"));
  g_assert_true (json_object_get_null_member (query, "to"));
  owners = json_object_get_array_member (json_node_get_object (root), "sdr_efficiency");
  g_assert_cmpuint (json_array_get_length (owners), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (owners, 0),
                                                  "owner"),
                   ==, "alice");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (owners, 0), "leads"),
                   ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (owners, 1), "leads"),
                   ==, 4);
  sources = json_object_get_array_member (report_member (root, "roi"), "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 0),
                                                  "name"),
                   ==, "Ads");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (sources, 0),
                                               "conversions"),
                   ==, 2);
  g_assert_true (json_object_has_member (json_node_get_object (root), "experiments"));
  g_assert_true (json_object_has_member (json_node_get_object (root), "drift"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* January and February, the 28th included: closed then L6 (c), L1 (c), L2 (l), L7 (c on the
   * 28th); created then L1–L4 and L7. */
  r = hotlist_cli_run ("--db", db, "report", "--from", "2026-01-01", "--to", "2026-02-28", "--json",
                       NULL);
  g_assert_cmpint (r->status, ==, 0);
  root = parse_json (r->out);
  conversion = report_member (root, "conversion");
  g_assert_cmpint (json_object_get_int_member (conversion, "n"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (conversion, "conversions"), ==, 3);
  distribution = report_member (root, "score_distribution");
  g_assert_cmpint (json_object_get_int_member (distribution, "n_scored")
                       + json_object_get_int_member (distribution, "n_unscored"),
                   ==, 5);
  query = report_member (root, "query");
  g_assert_cmpint (json_object_get_int_member (query, "from"), ==, 1767225600);
  g_assert_cmpint (json_object_get_int_member (query, "to"), ==, 1772323200);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* Bob's: L3 (c), L5 (l), L7 (c). */
  r = hotlist_cli_run ("--db", db, "report", "--owner", "bob", "--json", NULL);
  g_assert_cmpint (r->status, ==, 0);
  root = parse_json (r->out);
  conversion = report_member (root, "conversion");
  g_assert_cmpint (json_object_get_int_member (conversion, "n"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (conversion, "conversions"), ==, 2);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* One report as CSV. */
  r = hotlist_cli_run ("--db", db, "report", "--csv", "conversion", NULL);
  g_assert_cmpint (r->status, ==, 0);
  g_assert_true (g_str_has_prefix (r->out,
                                   "group,bin,min_score,max_score,leads,conversions,rate,lift\r\n"
                                   "all,all,,,6,4,0.6666666667,1\r\n"));
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* The text a person reads. */
  r = hotlist_cli_run ("--db", db, "report", NULL);
  g_assert_cmpint (r->status, ==, 0);
  g_assert_nonnull (strstr (r->out, "Conversion by Score"));
  g_assert_nonnull (strstr (r->out, "6 closed, 4 converted, base rate 66.7 %"));
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* The PDF, and nothing on standard output. */
  r = hotlist_cli_run ("--db", db, "report", "--pdf", pdf, NULL);
  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->out, ==, "");
  {
    g_autofree char *head = NULL;
    gsize            length = 0;

    g_assert_true (g_file_get_contents (pdf, &head, &length, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (head, "%PDF-"));
  }
  g_clear_pointer (&r, hotlist_cli_result_free);

  /* Mistakes: one clear line each, exit status 1. */
  r = hotlist_cli_run ("--db", db, "report", "--from", "2026-13-01", NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, "“2026-13-01” is not a date"));
  g_clear_pointer (&r, hotlist_cli_result_free);
  r = hotlist_cli_run ("--db", db, "report", "--from", "2026-03-01", "--to", "2026-02-01", NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, "--to is before --from"));
  g_clear_pointer (&r, hotlist_cli_result_free);
  r = hotlist_cli_run ("--db", db, "report", "--csv", "roc", NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, "unknown report “roc”"));
  g_clear_pointer (&r, hotlist_cli_result_free);
  r = hotlist_cli_run ("--db", db, "report", "--pdf", "/nonexistent-folder/report.pdf", NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, "/nonexistent-folder/report.pdf"));
}

int
main (int argc, char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  test_root_init ("test-cli");

  g_test_add_func ("/cli/import/json-and-rejections", test_import_json_and_rejections);
  g_test_add_func ("/cli/import/warnings", test_import_warnings);
  g_test_add_func ("/cli/import/twice-updates", test_import_twice_updates);
  g_test_add_func ("/cli/import/map-and-delimiter", test_import_map_and_delimiter);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/list-and-attributes-json", test_list_and_attributes_json);
  g_test_add_func ("/cli/export", test_export);
  g_test_add_func ("/cli/report", test_report);

  result = g_test_run ();
  return test_root_finish (result);
}
