/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workspace database schema and its forward migrations, keyed on PRAGMA user_version. */

#include "hotlist-store-private.h"

/*
 * Every timestamp is Unix seconds (UTC) in an INTEGER column.
 *
 * Leads have two ids: `id`, the compact row id that other tables refer to, and `lead_id`, the
 * public UUID that the CLI, the local API and exports use, stored as its 16 bytes (in SQL,
 * `lower(hex(lead_id))` gives it without the dashes). Kept as text, it made the lead table and
 * its index a fifth larger, and imports slower. A lead from a CRM or a CSV id column
 * is also known by (source, external_id).
 *
 * Custom attributes are stored per lead as one JSON object in `leads.custom`, mapping the
 * attribute key to the cell as it arrived (a string); the attribute's kind in `attributes` says
 * how to read it. Keeping them in the lead row makes an import one insert per lead.
 *
 * Checks on the lead table are written as OR chains: an IN list in a CHECK builds a temporary
 * table on every insert, which made imports several times slower.
 */
static const char migration_1[] =
    "CREATE TABLE scoring_models ("
    "  model_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  model_name TEXT NOT NULL,"
    "  model_version INTEGER NOT NULL DEFAULT 1,"
    "  parameters TEXT NOT NULL DEFAULT '{}',"
    "  feature_schema TEXT NOT NULL DEFAULT '{}',"
    "  metrics TEXT NOT NULL DEFAULT '{}',"
    "  calibration TEXT NOT NULL DEFAULT '{}',"
    "  model BLOB,"
    "  origin TEXT NOT NULL DEFAULT 'trained' CHECK (origin IN ('trained', 'starter', 'imported')),"
    "  trained_at INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'retired'"
    "    CHECK (status IN ('active', 'challenger', 'retired'))"
    ");"
    "CREATE TABLE leads ("
    "  id INTEGER PRIMARY KEY,"
    "  lead_id BLOB NOT NULL UNIQUE,"
    "  source TEXT NOT NULL DEFAULT 'manual',"
    "  external_id TEXT,"
    "  first_name TEXT, last_name TEXT, email TEXT, company TEXT, job_title TEXT,"
    "  industry TEXT, company_size INTEGER, country TEXT, lead_source TEXT, status TEXT,"
    "  owner TEXT,"
    "  outcome TEXT NOT NULL DEFAULT 'open'"
    "    CHECK (outcome = 'open' OR outcome = 'converted' OR outcome = 'lost'),"
    "  outcome_at INTEGER,"
    "  lead_score INTEGER CHECK (lead_score BETWEEN 0 AND 100),"
    "  probability REAL CHECK (probability BETWEEN 0 AND 1),"
    "  tier TEXT CHECK (tier = 'hot' OR tier = 'warm' OR tier = 'cool' OR tier = 'cold'),"
    "  score_model_id INTEGER REFERENCES scoring_models (model_id) ON DELETE SET NULL,"
    "  scored_at INTEGER,"
    "  last_activity_date INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  custom TEXT,"
    "  UNIQUE (source, external_id)"
    ");"
    "CREATE TABLE activities ("
    "  id INTEGER PRIMARY KEY,"
    "  activity_id TEXT NOT NULL UNIQUE,"
    "  lead INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,"
    "  activity_type TEXT NOT NULL,"
    "  activity_date INTEGER NOT NULL,"
    "  activity_details TEXT,"
    "  source TEXT NOT NULL DEFAULT 'manual',"
    "  external_id TEXT,"
    "  UNIQUE (source, external_id)"
    ");"
    "CREATE INDEX activities_by_lead ON activities (lead, activity_date);"
    "CREATE TABLE attributes ("
    "  key TEXT PRIMARY KEY,"
    "  label TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('number', 'category', 'boolean', 'date', 'text')),"
    "  attr_group TEXT NOT NULL CHECK (attr_group IN"
    "    ('demographics', 'firmographics', 'behavior', 'engagement', 'crm', 'custom')),"
    "  is_core INTEGER NOT NULL DEFAULT 0,"
    "  column_name TEXT,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  weight REAL NOT NULL DEFAULT 1.0 CHECK (weight BETWEEN 0 AND 3),"
    "  leakage TEXT,"
    "  user_set INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE lead_contributions ("
    "  lead INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,"
    "  model_id INTEGER NOT NULL REFERENCES scoring_models (model_id) ON DELETE CASCADE,"
    "  contributions BLOB NOT NULL,"
    "  PRIMARY KEY (lead, model_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE experiments ("
    "  experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  model_a INTEGER NOT NULL REFERENCES scoring_models (model_id),"
    "  model_b INTEGER NOT NULL REFERENCES scoring_models (model_id),"
    "  split REAL NOT NULL DEFAULT 0.5 CHECK (split > 0 AND split < 1),"
    "  started_at INTEGER NOT NULL,"
    "  ended_at INTEGER,"
    "  winner INTEGER REFERENCES scoring_models (model_id)"
    ");"
    "CREATE TABLE feedback ("
    "  id INTEGER PRIMARY KEY,"
    "  lead INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,"
    "  verdict INTEGER NOT NULL CHECK (verdict IN (-1, 1)),"
    "  note TEXT,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE sync_state ("
    "  service TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  stream TEXT NOT NULL,"
    "  cursor TEXT,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (service, account, stream)"
    ");"
    "CREATE TABLE accounts ("
    "  service TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  base_url TEXT,"
    "  display_name TEXT,"
    "  last_sync_at INTEGER,"
    "  state TEXT NOT NULL DEFAULT 'connected',"
    "  last_error TEXT,"
    "  PRIMARY KEY (service, account)"
    ");"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  service TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  lead INTEGER REFERENCES leads (id) ON DELETE SET NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'pending')),"
    "  detail TEXT"
    ");"
    "CREATE TABLE content_library ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  url TEXT,"
    "  topics TEXT,"
    "  stage TEXT"
    ");"
    "CREATE TABLE message_templates ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  subject TEXT,"
    "  body TEXT NOT NULL"
    ");"
    "CREATE TABLE campaign_costs ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('source', 'campaign')),"
    "  name TEXT NOT NULL,"
    "  cost REAL NOT NULL,"
    "  currency TEXT NOT NULL DEFAULT 'USD',"
    "  period_start INTEGER,"
    "  period_end INTEGER"
    ");"
    "CREATE TABLE workspace_meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT"
    ");";

/* The attributes every workspace has from the start: the core lead fields a model may use. */
static const char migration_1_core_attributes[] =
    "INSERT INTO attributes (key, label, kind, attr_group, is_core, position) VALUES"
    "  ('job_title', 'Job title', 'text', 'demographics', 1, 1),"
    "  ('country', 'Country', 'category', 'demographics', 1, 2),"
    "  ('email', 'Email domain', 'text', 'demographics', 1, 3),"
    "  ('company', 'Company', 'text', 'firmographics', 1, 4),"
    "  ('industry', 'Industry', 'category', 'firmographics', 1, 5),"
    "  ('company_size', 'Company size', 'number', 'firmographics', 1, 6),"
    "  ('lead_source', 'Lead source', 'category', 'crm', 1, 7),"
    "  ('status', 'Lead status', 'category', 'crm', 1, 8),"
    "  ('owner', 'Owner', 'category', 'crm', 1, 9);";

/* Version 2: which score each connected account holds for a lead, so that a sync writes back
 * only the scores that changed since, and retries those it could not write. */
static const char migration_2[] =
    "CREATE TABLE score_pushes ("
    "  lead INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,"
    "  service TEXT NOT NULL,"
    "  account TEXT NOT NULL,"
    "  score INTEGER,"
    "  tier TEXT,"
    "  pushed_at INTEGER NOT NULL,"
    "  PRIMARY KEY (lead, service, account)"
    ");"
    "CREATE INDEX leads_by_source ON leads (source, id);"
    /* A digest of what the service last sent for each record: writing a score back changes the
     * record's modification time at the service, and the next sync reads it again; an unchanged
     * digest tells that echo (or any change to fields Hotlist does not use) from a real edit. */
    "CREATE TABLE sync_digests ("
    "  source TEXT NOT NULL,"
    "  external_id TEXT NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  PRIMARY KEY (source, external_id)"
    ") WITHOUT ROWID;";

/* Version 3: what each lead's activities add up to — how many, the first one's date and the
 * meetings booked — kept by triggers on every write to activities, so that the reports read one
 * row per lead instead of its activities (5,000,000 of them in a large workspace). */
static const char migration_3[] =
    "ALTER TABLE leads ADD COLUMN touches INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE leads ADD COLUMN first_touch_at INTEGER;"
    "ALTER TABLE leads ADD COLUMN meetings INTEGER NOT NULL DEFAULT 0;"
    "UPDATE leads SET touches = s.n, first_touch_at = s.first, meetings = s.m"
    "  FROM (SELECT lead, count(*) AS n, min(activity_date) AS first,"
    "        sum(activity_type = 'meeting_booked') AS m FROM activities GROUP BY lead) AS s"
    "  WHERE leads.id = s.lead;"
    "CREATE TRIGGER activities_add AFTER INSERT ON activities BEGIN"
    "  UPDATE leads SET touches = touches + 1,"
    "    first_touch_at = min(coalesce(first_touch_at, new.activity_date), new.activity_date),"
    "    meetings = meetings + (new.activity_type = 'meeting_booked')"
    "  WHERE id = new.lead;"
    "END;"
    "CREATE TRIGGER activities_remove AFTER DELETE ON activities BEGIN"
    "  UPDATE leads SET touches = touches - 1,"
    "    first_touch_at = (SELECT min(activity_date) FROM activities WHERE lead = old.lead),"
    "    meetings = meetings - (old.activity_type = 'meeting_booked')"
    "  WHERE id = old.lead;"
    "END;"
    "CREATE TRIGGER activities_change AFTER UPDATE OF lead, activity_type, activity_date"
    "  ON activities BEGIN"
    "  UPDATE leads SET touches = touches - 1,"
    "    meetings = meetings - (old.activity_type = 'meeting_booked')"
    "  WHERE id = old.lead;"
    "  UPDATE leads SET touches = touches + 1,"
    "    meetings = meetings + (new.activity_type = 'meeting_booked')"
    "  WHERE id = new.lead;"
    "  UPDATE leads SET"
    "    first_touch_at = (SELECT min(activity_date) FROM activities WHERE lead = leads.id)"
    "  WHERE id IN (old.lead, new.lead);"
    "END;";

static const HotlistMigration migrations[] = {
  { 1, migration_1 },
  { 1, migration_1_core_attributes },
  { 2, migration_2 },
  { 3, migration_3 },
};

const HotlistMigration *
hotlist_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

guint
hotlist_schema_get_version (void)
{
  guint version = 0;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    version = MAX (version, migrations[i].version);
  return version;
}
