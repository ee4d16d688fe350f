/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake Salesforce org on 127.0.0.1 that keeps its own Leads, Tasks and Events, for the
 * connector tests. */

#include "hotlist-fake-salesforce.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* A query answers in batches of at most this many records (reference 3.3). */
#define MAX_BATCH 2000
/* sObject Collections take at most this many records (reference 3.5). */
#define COLLECTION_MAX 200
/* Salesforce keeps 10 open query cursors per user and drops the oldest. */
#define MAX_LOCATORS 10
#define DEFAULT_DAILY_LIMIT 15000
#define DEFAULT_SESSION_MS (2 * 3600 * 1000)
#define ORG_ID "00D5g000004FakeEAA"
#define USER_ID "0055g00000AbCdEAAZ"

typedef enum
{
  ROUTE_NONE,
  ROUTE_TOKEN,
  ROUTE_VERSIONS,
  ROUTE_QUERY,
  ROUTE_QUERY_MORE,
  ROUTE_LIMITS,
  ROUTE_DESCRIBE,
  ROUTE_GET,
  ROUTE_PATCH,
  ROUTE_COLLECTIONS,
  ROUTE_CUSTOM_FIELD,
  ROUTE_NOT_ALLOWED,
} Route;

static const char *const route_names[] = {
  NULL,
  HOTLIST_FAKE_SALESFORCE_TOKEN,
  HOTLIST_FAKE_SALESFORCE_VERSIONS,
  HOTLIST_FAKE_SALESFORCE_QUERY,
  HOTLIST_FAKE_SALESFORCE_QUERY_MORE,
  HOTLIST_FAKE_SALESFORCE_LIMITS,
  HOTLIST_FAKE_SALESFORCE_DESCRIBE,
  HOTLIST_FAKE_SALESFORCE_GET,
  HOTLIST_FAKE_SALESFORCE_PATCH,
  HOTLIST_FAKE_SALESFORCE_COLLECTIONS,
  HOTLIST_FAKE_SALESFORCE_CUSTOM_FIELD,
  NULL,
};

typedef enum
{
  OBJ_LEAD,
  OBJ_TASK,
  OBJ_EVENT,
  N_OBJ
} ObjType;

static const char *const obj_names[] = { "Lead", "Task", "Event" };
static const char *const obj_prefixes[] = { "00Q", "00T", "00U" };

typedef enum
{
  FT_ID,
  FT_REFERENCE,
  FT_STRING,
  FT_EMAIL,
  FT_PICKLIST,
  FT_INT,
  FT_DOUBLE,
  FT_BOOLEAN,
  FT_DATE,
  FT_DATETIME,
} FieldType;

static const char *const field_type_names[] = {
  "id", "reference", "string", "email", "picklist", "int", "double", "boolean", "date", "datetime"
};

typedef struct
{
  char     *name;
  char     *label;
  FieldType type;
  gboolean  custom;
  gboolean  updateable;
  guint     length;
  guint     precision;
  guint     scale;
} FieldDef;

typedef struct
{
  GPtrArray  *fields;   /* of FieldDef, owned, in describe order */
  GHashTable *by_lower; /* lower-case name → FieldDef */
  GSequence  *by_modified;
  guint64     next_id;
} SObjectType;

typedef struct
{
  ObjType        type;
  char          *id;
  GHashTable    *values; /* canonical field name (static in FieldDef) → value text */
  gint64         created_ms;
  gint64         modified_ms;
  GSequenceIter *iter;
} Record;

typedef struct
{
  char  *refresh;
  gint64 expires_us;
} AccessToken;

typedef struct
{
  char            *prefix;
  HotlistFakeFault kind;
  guint            remaining;
} Fault;

typedef struct
{
  char      *id;
  ObjType    type;
  GPtrArray *select; /* of FieldDef, not owned */
  GPtrArray *ids;    /* of char*, owned */
} Locator;

typedef struct
{
  char *code;
  char *message;
} RecordError;

struct _HotlistFakeSalesforce
{
  GObject parent_instance;

  /* Everything below is shared between the server thread and the test thread. */
  GMutex lock;

  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *base_url;
  GCond         started_cond;
  gboolean      started;
  GError       *start_error;

  SObjectType types[N_OBJ];
  GHashTable *records;           /* id → Record, owned */
  GHashTable *activities_by_who; /* lead id → GPtrArray of Record */
  GHashTable *emails;            /* lower-case emails in use */
  GRand      *touch_rand;
  gint64      now_ms;
  gint64      last_clock_ms;
  guint64     next_field_id;

  GHashTable *access_tokens;
  GHashTable *refresh_tokens;
  guint       token_lifetime_ms;

  guint daily_limit;
  guint api_usage;

  GHashTable *locators; /* id → Locator */
  GQueue      locator_order;
  guint64     next_locator;
  guint       batch_size;
  char       *last_query;

  GHashTable      *record_errors; /* id → RecordError */
  GPtrArray       *faults;
  guint            fault_every;
  HotlistFakeFault fault_every_kind;
  guint64          n_counted;
  guint            fault_delay_ms;
  guint            retry_after_s;
  guint            n_faults;
  GHashTable      *n_requests;
};

G_DEFINE_FINAL_TYPE (HotlistFakeSalesforce, hotlist_fake_salesforce, G_TYPE_OBJECT)

static const char *const first_names[] = {
  "Amara", "Bruno",  "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hiro",   "Ines",
  "Jonas", "Keiko",  "Lucas",  "Maya",   "Nils",   "Olga",  "Pablo", "Quinn",  "Rosa",
  "Samir", "Talia",  "Umar",   "Vera",   "Wen",    "Xenia", "Yusuf", "Zoe",    "Anika",
  "Bodhi", "Celine", "Dario",  "Elif",   "Felix",  "Gaia",  "Hugo",  "Ingrid", "Jamal",
};
static const char *const last_names[] = {
  "Abbott",   "Baptiste", "Castillo", "Dubois",    "Eriksen", "Fontaine", "Garcia", "Hoffmann",
  "Iqbal",    "Jansen",   "Kowalski", "Larsen",    "Moreau",  "Novak",    "Okafor", "Petrov",
  "Quintero", "Rossi",    "Schmidt",  "Takahashi", "Urban",   "Varga",    "Weber",  "Xu",
  "Yilmaz",   "Zimmer",   "Andersen", "Bianco",    "Costa",   "Da Silva", "Evans",  "Fischer",
};
static const char *const companies[][2] = {
  { "Northwind Traders", "northwind.example" },
  { "Contoso", "contoso.example" },
  { "Fabrikam", "fabrikam.example" },
  { "Tailspin Toys", "tailspin.example" },
  { "Litware", "litware.example" },
  { "Proseware", "proseware.example" },
  { "Adventure Works", "adventureworks.example" },
  { "Wide World Importers", "wwi.example" },
  { "Lucerne Publishing", "lucerne.example" },
  { "Margie's Travel", "margies.example" },
  { "Alpine Ski House", "alpineski.example" },
  { "Coho Winery", "coho.example" },
  { "Blue Yonder Airlines", "blueyonder.example" },
  { "Trey Research", "treyresearch.example" },
  { "Humongous Insurance", "humongous.example" },
  { "Woodgrove Bank", "woodgrove.example" },
};
static const char *const titles[] = {
  "CEO",           "CTO",       "VP of Sales", "Marketing Director", "Sales Manager",
  "IT Manager",    "Developer", "Buyer",       "Operations Lead",    "Founder",
  "Product Owner", "CFO",       "Analyst",     "Office Manager",
};
static const char *const industries[] = { "Technology",    "Finance",   "Healthcare", "Retail",
                                          "Manufacturing", "Education", "Media",      "Energy" };
static const char *const countries[] = { "USA",   "Germany", "France", "United Kingdom",
                                         "Japan", "India",   "Brazil", "Canada" };
static const char *const lead_sources[] = { "Web", "Phone Inquiry", "Partner Referral",
                                            "Purchased List", "Other" };
static const char *const statuses[] = { "Open - Not Contacted", "Working - Contacted",
                                        "Closed - Converted", "Closed - Not Converted" };
static const char *const ratings[] = { "Hot", "Warm", "Cold" };
static const char *const owners[] = { "0055g00000AbCdEAAZ", "0055g00000AbCdFAAZ",
                                      "0055g00000AbCdGAAZ" };
static const char *const interests[] = { "Analytics", "Platform", "Support Plan" };
static const int         employees[] = { 8, 45, 120, 800, 2500, 12000 };
static const char *const call_subjects[] = { "Call", "Discovery call", "Follow-up call" };
static const char *const email_subjects[] = { "Email: Intro", "Email: Pricing", "Re: Your trial",
                                              "Re: Proposal" };
static const char *const event_subjects[] = { "Meeting", "Product demo", "Contract review" };

/* Helpers: time and values */

static char *
format_datetime (gint64 ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char      *s = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000+0000");
  s = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03d+0000", s, (int)(ms % 1000));
}

static char *
format_date (gint64 ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("1970-01-01");
}

/* Epoch ms, ISO 8601 with Z or an offset (also Salesforce's "+0000"), or a bare date. */
static gboolean
parse_datetime (const char *s, gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char      *fixed = NULL;
  char                 *end = NULL;
  gsize                 len;

  if (s == NULL || *s == '\0')
    return FALSE;
  len = strlen (s);
  if (g_ascii_isdigit (s[0]) && strchr (s, '-') == NULL)
    {
      gint64 v = g_ascii_strtoll (s, &end, 10);
      if (end != s && *end == '\0')
        {
          *out = v;
          return TRUE;
        }
    }
  /* GDateTime wants "+00:00", Salesforce writes "+0000". */
  if (len > 5 && (s[len - 5] == '+' || s[len - 5] == '-') && strchr (s + len - 5, ':') == NULL)
    fixed = g_strdup_printf ("%.*s:%s", (int)(len - 2), s, s + len - 2);
  else if (len == 10)
    fixed = g_strconcat (s, "T00:00:00Z", NULL);
  else
    fixed = g_strdup (s);
  dt = g_date_time_new_from_iso8601 (fixed, utc);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* Salesforce keeps datetimes to the second. */
static gint64
clock_now (HotlistFakeSalesforce *self)
{
  gint64 real;

  if (self->now_ms != 0)
    return self->now_ms - self->now_ms % 1000;
  real = g_get_real_time () / 1000;
  real -= real % 1000;
  self->last_clock_ms = MAX (self->last_clock_ms, real);
  return self->last_clock_ms;
}

static char *
random_token (const char *prefix, guint n_chunks)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < n_chunks; i++)
    g_string_append_printf (s, "%08x", g_random_int ());
  return g_string_free (s, FALSE);
}

/* An 18-character id: key prefix, a base-62 counter in ASCII order (so later ids sort later),
 * and the case-folding checksum suffix. */
static char *
make_id (const char *prefix, guint64 n)
{
  static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static const char suffix_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  char              id[19];

  memcpy (id, prefix, 3);
  id[3] = '5';
  id[4] = 'g';
  id[5] = '0';
  for (int i = 14; i >= 6; i--)
    {
      id[i] = digits[n % 62];
      n /= 62;
    }
  for (int chunk = 0; chunk < 3; chunk++)
    {
      guint flags = 0;

      for (int j = 0; j < 5; j++)
        if (g_ascii_isupper (id[chunk * 5 + j]))
          flags |= 1u << j;
      id[15 + chunk] = suffix_chars[flags];
    }
  id[18] = '\0';
  return g_strdup (id);
}

static gboolean
is_wellformed_id (const char *id)
{
  gsize len = id ? strlen (id) : 0;

  if (len != 15 && len != 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]))
      return FALSE;
  return TRUE;
}

static int
compare_ids (const char *a, const char *b)
{
  return strncmp (a, b, 15);
}

static double
pow10_of (guint n)
{
  double v = 1;

  while (n-- > 0)
    v *= 10;
  return v;
}

static int
compare_record_ids (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(const Record *const *)a)->id, (*(const Record *const *)b)->id);
}

/* Helpers: the schema */

static void
field_def_free (gpointer data)
{
  FieldDef *f = data;

  g_free (f->name);
  g_free (f->label);
  g_free (f);
}

static FieldDef *
define_field (HotlistFakeSalesforce *self,
              ObjType                obj,
              const char            *name,
              const char            *label,
              FieldType              type,
              gboolean               updateable)
{
  SObjectType *t = &self->types[obj];
  FieldDef    *f = g_new0 (FieldDef, 1);

  f->name = g_strdup (name);
  f->label = g_strdup (label);
  f->type = type;
  f->custom = g_str_has_suffix (name, "__c");
  f->updateable = updateable;
  f->length = type == FT_STRING || type == FT_EMAIL || type == FT_PICKLIST ? 255
              : type == FT_ID || type == FT_REFERENCE                      ? 18
                                                                           : 0;
  f->precision = type == FT_INT ? 8 : type == FT_DOUBLE ? 18 : 0;
  g_ptr_array_add (t->fields, f);
  g_hash_table_insert (t->by_lower, g_ascii_strdown (name, -1), f);
  return f;
}

static FieldDef *
find_field (HotlistFakeSalesforce *self, ObjType obj, const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (self->types[obj].by_lower, lower);
}

static gboolean
find_object (const char *name, ObjType *out)
{
  for (guint i = 0; i < N_OBJ; i++)
    if (g_ascii_strcasecmp (name, obj_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static void
define_schema (HotlistFakeSalesforce *self)
{
  static const struct
  {
    ObjType     obj;
    const char *name;
    const char *label;
    FieldType   type;
    gboolean    updateable;
  } fields[] = {
    { OBJ_LEAD, "Id", "Lead ID", FT_ID, FALSE },
    { OBJ_LEAD, "IsDeleted", "Deleted", FT_BOOLEAN, FALSE },
    { OBJ_LEAD, "FirstName", "First Name", FT_STRING, TRUE },
    { OBJ_LEAD, "LastName", "Last Name", FT_STRING, TRUE },
    { OBJ_LEAD, "Title", "Title", FT_STRING, TRUE },
    { OBJ_LEAD, "Company", "Company", FT_STRING, TRUE },
    { OBJ_LEAD, "Country", "Country", FT_STRING, TRUE },
    { OBJ_LEAD, "Email", "Email", FT_EMAIL, TRUE },
    { OBJ_LEAD, "LeadSource", "Lead Source", FT_PICKLIST, TRUE },
    { OBJ_LEAD, "Status", "Status", FT_PICKLIST, TRUE },
    { OBJ_LEAD, "Industry", "Industry", FT_PICKLIST, TRUE },
    { OBJ_LEAD, "Rating", "Rating", FT_PICKLIST, TRUE },
    { OBJ_LEAD, "NumberOfEmployees", "Employees", FT_INT, TRUE },
    { OBJ_LEAD, "OwnerId", "Owner ID", FT_REFERENCE, TRUE },
    { OBJ_LEAD, "IsConverted", "Converted", FT_BOOLEAN, FALSE },
    { OBJ_LEAD, "ConvertedDate", "Converted Date", FT_DATE, FALSE },
    { OBJ_LEAD, "CreatedDate", "Created Date", FT_DATETIME, FALSE },
    { OBJ_LEAD, "LastModifiedDate", "Last Modified Date", FT_DATETIME, FALSE },
    { OBJ_LEAD, "SystemModstamp", "System Modstamp", FT_DATETIME, FALSE },
    { OBJ_LEAD, "Product_Interest__c", "Product Interest", FT_PICKLIST, TRUE },
    { OBJ_LEAD, "Webinar_Attended__c", "Webinar Attended", FT_BOOLEAN, TRUE },
    { OBJ_TASK, "Id", "Activity ID", FT_ID, FALSE },
    { OBJ_TASK, "IsDeleted", "Deleted", FT_BOOLEAN, FALSE },
    { OBJ_TASK, "WhoId", "Name ID", FT_REFERENCE, TRUE },
    { OBJ_TASK, "Subject", "Subject", FT_STRING, TRUE },
    { OBJ_TASK, "ActivityDate", "Due Date Only", FT_DATE, TRUE },
    { OBJ_TASK, "Status", "Status", FT_PICKLIST, TRUE },
    { OBJ_TASK, "TaskSubtype", "Task Subtype", FT_PICKLIST, FALSE },
    { OBJ_TASK, "CallType", "Call Type", FT_PICKLIST, TRUE },
    { OBJ_TASK, "CallDurationInSeconds", "Call Duration", FT_INT, TRUE },
    { OBJ_TASK, "OwnerId", "Assigned To ID", FT_REFERENCE, TRUE },
    { OBJ_TASK, "CreatedDate", "Created Date", FT_DATETIME, FALSE },
    { OBJ_TASK, "LastModifiedDate", "Last Modified Date", FT_DATETIME, FALSE },
    { OBJ_TASK, "SystemModstamp", "System Modstamp", FT_DATETIME, FALSE },
    { OBJ_EVENT, "Id", "Activity ID", FT_ID, FALSE },
    { OBJ_EVENT, "IsDeleted", "Deleted", FT_BOOLEAN, FALSE },
    { OBJ_EVENT, "WhoId", "Name ID", FT_REFERENCE, TRUE },
    { OBJ_EVENT, "Subject", "Subject", FT_STRING, TRUE },
    { OBJ_EVENT, "ActivityDate", "Due Date Only", FT_DATE, TRUE },
    { OBJ_EVENT, "ActivityDateTime", "Due Date Time", FT_DATETIME, TRUE },
    { OBJ_EVENT, "DurationInMinutes", "Duration", FT_INT, TRUE },
    { OBJ_EVENT, "EventSubtype", "Event Subtype", FT_PICKLIST, FALSE },
    { OBJ_EVENT, "OwnerId", "Assigned To ID", FT_REFERENCE, TRUE },
    { OBJ_EVENT, "CreatedDate", "Created Date", FT_DATETIME, FALSE },
    { OBJ_EVENT, "LastModifiedDate", "Last Modified Date", FT_DATETIME, FALSE },
    { OBJ_EVENT, "SystemModstamp", "System Modstamp", FT_DATETIME, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    define_field (self, fields[i].obj, fields[i].name, fields[i].label, fields[i].type,
                  fields[i].updateable);
}

/* Helpers: records */

static void
record_free (gpointer data)
{
  Record *r = data;

  g_free (r->id);
  g_hash_table_unref (r->values);
  g_free (r);
}

static int
compare_modified (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Record *ra = a;
  const Record *rb = b;

  if (ra->modified_ms != rb->modified_ms)
    return ra->modified_ms < rb->modified_ms ? -1 : 1;
  return strcmp (ra->id, rb->id);
}

static Record *
record_new (HotlistFakeSalesforce *self, ObjType type, gint64 created_ms)
{
  SObjectType *t = &self->types[type];
  Record      *r = g_new0 (Record, 1);

  r->type = type;
  r->id = make_id (obj_prefixes[type], ++t->next_id);
  r->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  r->created_ms = created_ms;
  r->modified_ms = created_ms;
  r->iter = g_sequence_insert_sorted (t->by_modified, r, compare_modified, NULL);
  g_hash_table_insert (self->records, r->id, r);
  return r;
}

static void
record_set_modified (HotlistFakeSalesforce *self, Record *r, gint64 ms)
{
  r->modified_ms = ms - ms % 1000;
  g_sequence_sort_changed (r->iter, compare_modified, NULL);
}

/* The value as the API renders it, or NULL for null. */
static char *
record_dup_value (Record *r, FieldDef *f)
{
  const char *v;

  if (g_str_equal (f->name, "Id"))
    return g_strdup (r->id);
  if (g_str_equal (f->name, "SystemModstamp") || g_str_equal (f->name, "LastModifiedDate"))
    return format_datetime (r->modified_ms);
  if (g_str_equal (f->name, "CreatedDate"))
    return format_datetime (r->created_ms);
  if (g_str_equal (f->name, "IsDeleted"))
    return g_strdup ("false");
  v = g_hash_table_lookup (r->values, f->name);
  if (v == NULL && f->type == FT_BOOLEAN)
    return g_strdup ("false");
  return g_strdup (v);
}

static void
record_set_value (Record *r, FieldDef *f, const char *value)
{
  if (value == NULL)
    g_hash_table_remove (r->values, f->name);
  else
    g_hash_table_insert (r->values, f->name, g_strdup (value));
}

static void
record_set (HotlistFakeSalesforce *self, Record *r, const char *name, const char *value)
{
  FieldDef *f = find_field (self, r->type, name);

  g_assert (f != NULL);
  record_set_value (r, f, value);
}

static void
add_value_json (JsonBuilder *b, FieldDef *f, const char *v)
{
  if (v == NULL)
    json_builder_add_null_value (b);
  else if (f->type == FT_INT)
    json_builder_add_int_value (b, g_ascii_strtoll (v, NULL, 10));
  else if (f->type == FT_DOUBLE)
    json_builder_add_double_value (b, g_ascii_strtod (v, NULL));
  else if (f->type == FT_BOOLEAN)
    json_builder_add_boolean_value (b, g_str_equal (v, "true"));
  else
    json_builder_add_string_value (b, v);
}

static void
add_record_json (JsonBuilder *b, Record *r, GPtrArray *select, const char *version)
{
  g_autofree char *url =
      g_strdup_printf ("/services/data/%s/sobjects/%s/%s", version, obj_names[r->type], r->id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, obj_names[r->type]);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);
  for (guint i = 0; i < select->len; i++)
    {
      FieldDef        *f = g_ptr_array_index (select, i);
      g_autofree char *v = record_dup_value (r, f);

      json_builder_set_member_name (b, f->name);
      add_value_json (b, f, v);
    }
  json_builder_end_object (b);
}

static void
add_activity_index (HotlistFakeSalesforce *self, Record *activity, const char *who)
{
  GPtrArray *list = g_hash_table_lookup (self->activities_by_who, who);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->activities_by_who, g_strdup (who), list);
    }
  g_ptr_array_add (list, activity);
}

/* Helpers: responses */

static void
respond_json_node (SoupServerMessage *msg, guint status, JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  gsize                     len = 0;
  char                     *text;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_TAKE, text,
                                    len);
}

static void
respond_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  respond_json_node (msg, status, root);
}

/* The REST error body of reference 3.5/3.7: an array of {message, errorCode[, fields]}. */
static void
respond_error_fields (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *message,
                      const char        *field)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "errorCode");
  json_builder_add_string_value (b, code);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "fields");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, field);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_array (b);
  respond_builder (msg, status, b);
}

static void
respond_error (SoupServerMessage *msg, guint status, const char *code, const char *message)
{
  respond_error_fields (msg, status, code, message, NULL);
}

static void
respond_oauth_error (SoupServerMessage *msg, const char *error, const char *description)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  respond_builder (msg, 400, b);
}

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize                  len;
  const char            *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
respond_json_parse_error (SoupServerMessage *msg)
{
  respond_error (msg, 400, "JSON_PARSER_ERROR",
                 "The request body is either invalid or incomplete.");
}

/* SOQL: enough of the language for what connectors send. */

typedef enum
{
  TOK_END,
  TOK_WORD,   /* identifiers and keywords */
  TOK_STRING, /* 'quoted' */
  TOK_VALUE,  /* numbers, dates and datetimes: unquoted and starting with a digit */
  TOK_OP,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_COMMA,
} TokKind;

typedef struct
{
  TokKind kind;
  char   *text;
  guint   column;
} Token;

typedef enum
{
  LIT_NULL,
  LIT_STRING,
  LIT_VALUE,
  LIT_BOOL,
} LitKind;

typedef struct
{
  LitKind kind;
  char   *text;
} Literal;

typedef enum
{
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
} CmpOp;

typedef enum
{
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_CMP,
  NODE_IN,
} NodeKind;

typedef struct Node Node;
struct Node
{
  NodeKind  kind;
  Node     *a;
  Node     *b;
  FieldDef *field;
  CmpOp     op;
  Literal   lit;
  GArray   *list; /* of Literal */
  gboolean  negate;
  gint64    ms; /* a datetime literal, parsed once */
};

typedef struct
{
  FieldDef *field;
  gboolean  desc;
} OrderBy;

typedef struct
{
  HotlistFakeSalesforce *self;
  GPtrArray             *tokens;
  guint                  pos;
  ObjType                obj;
  GPtrArray             *select;
  Node                  *where;
  GArray                *order;
  gint64                 limit;
  gint64                 offset;
  char                  *error_code;
  char                  *error_message;
} Soql;

static void
token_free (gpointer data)
{
  Token *t = data;

  g_free (t->text);
  g_free (t);
}

static void
literal_clear (gpointer data)
{
  Literal *l = data;

  g_clear_pointer (&l->text, g_free);
}

static void
node_free (Node *n)
{
  if (n == NULL)
    return;
  node_free (n->a);
  node_free (n->b);
  literal_clear (&n->lit);
  g_clear_pointer (&n->list, g_array_unref);
  g_free (n);
}

static void
soql_clear (Soql *q)
{
  g_clear_pointer (&q->tokens, g_ptr_array_unref);
  g_clear_pointer (&q->select, g_ptr_array_unref);
  g_clear_pointer (&q->where, node_free);
  g_clear_pointer (&q->order, g_array_unref);
  g_clear_pointer (&q->error_code, g_free);
  g_clear_pointer (&q->error_message, g_free);
}

static gboolean soql_fail (Soql *q, const char *code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
soql_fail (Soql *q, const char *code, const char *format, ...)
{
  va_list args;

  if (q->error_code != NULL)
    return FALSE;
  va_start (args, format);
  q->error_code = g_strdup (code);
  q->error_message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static gboolean
tokenize (Soql *q, const char *text)
{
  const char *p = text;

  q->tokens = g_ptr_array_new_with_free_func (token_free);
  for (;;)
    {
      Token *t;

      while (g_ascii_isspace (*p))
        p++;
      t = g_new0 (Token, 1);
      t->column = (guint)(p - text) + 1;
      g_ptr_array_add (q->tokens, t);
      if (*p == '\0')
        {
          t->kind = TOK_END;
          return TRUE;
        }
      if (g_ascii_isalpha (*p) || *p == '_')
        {
          const char *start = p;

          while (g_ascii_isalnum (*p) || *p == '_' || *p == '.')
            p++;
          t->kind = TOK_WORD;
          t->text = g_strndup (start, p - start);
        }
      else if (g_ascii_isdigit (*p) || (*p == '-' && g_ascii_isdigit (p[1])))
        {
          const char *start = p++;

          while (g_ascii_isalnum (*p) || *p == ':' || *p == '.' || *p == '+' || *p == '-')
            p++;
          t->kind = TOK_VALUE;
          t->text = g_strndup (start, p - start);
        }
      else if (*p == '\'')
        {
          GString *s = g_string_new (NULL);

          for (p++; *p != '\'' && *p != '\0'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (s, *p);
            }
          if (*p != '\'')
            {
              g_string_free (s, TRUE);
              return soql_fail (q, "MALFORMED_QUERY", "unexpected end of query: unclosed string");
            }
          p++;
          t->kind = TOK_STRING;
          t->text = g_string_free (s, FALSE);
        }
      else if (*p == '(' || *p == ')' || *p == ',')
        {
          t->kind = *p == '(' ? TOK_LPAREN : *p == ')' ? TOK_RPAREN : TOK_COMMA;
          t->text = g_strndup (p, 1);
          p++;
        }
      else if (strchr ("=!<>", *p) != NULL)
        {
          const char *start = p++;

          if (*p == '=' || (*start == '<' && *p == '>'))
            p++;
          t->kind = TOK_OP;
          t->text = g_strndup (start, p - start);
        }
      else
        return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%c'", *p);
    }
}

static Token *
peek (Soql *q)
{
  return g_ptr_array_index (q->tokens, q->pos);
}

static Token *
next (Soql *q)
{
  Token *t = peek (q);

  if (t->kind != TOK_END)
    q->pos++;
  return t;
}

static gboolean
is_keyword (Token *t, const char *word)
{
  return t->kind == TOK_WORD && g_ascii_strcasecmp (t->text, word) == 0;
}

static gboolean
expect_keyword (Soql *q, const char *word)
{
  Token *t = next (q);

  if (!is_keyword (t, word))
    return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s', expecting %s",
                      t->text ? t->text : "<EOF>", word);
  return TRUE;
}

static FieldDef *
parse_field (Soql *q)
{
  Token    *t = next (q);
  FieldDef *f;

  if (t->kind != TOK_WORD)
    {
      soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text ? t->text : "<EOF>");
      return NULL;
    }
  f = find_field (q->self, q->obj, t->text);
  if (f == NULL)
    soql_fail (q, "INVALID_FIELD",
               "ERROR at Row:1:Column:%u\nNo such column '%s' on entity '%s'. If you are "
               "attempting to use a custom field, be sure to append the '__c' after the custom "
               "field name. Please reference your WSDL or the describe call for the appropriate "
               "names.",
               t->column, t->text, obj_names[q->obj]);
  return f;
}

/* Checks a literal against the field's type, as Salesforce does before running the query. */
static gboolean
parse_literal (Soql *q, FieldDef *f, Literal *out, gint64 *ms)
{
  Token *t = next (q);

  out->text = NULL;
  if (is_keyword (t, "null"))
    {
      out->kind = LIT_NULL;
      return TRUE;
    }
  if (is_keyword (t, "true") || is_keyword (t, "false"))
    {
      out->kind = LIT_BOOL;
      out->text = g_ascii_strdown (t->text, -1);
    }
  else if (t->kind == TOK_STRING)
    {
      out->kind = LIT_STRING;
      out->text = g_strdup (t->text);
    }
  else if (t->kind == TOK_VALUE)
    {
      out->kind = LIT_VALUE;
      out->text = g_strdup (t->text);
    }
  else
    return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text ? t->text : "<EOF>");

  switch (f->type)
    {
    case FT_DATETIME:
      if (out->kind != LIT_VALUE || strchr (out->text, 'T') == NULL
          || !parse_datetime (out->text, ms))
        return soql_fail (q, "INVALID_FIELD",
                          "value of filter criterion for field '%s' must be of type dateTime "
                          "and should not be enclosed in quotes",
                          f->name);
      break;
    case FT_DATE:
      if (out->kind != LIT_VALUE || strlen (out->text) != 10)
        return soql_fail (q, "INVALID_FIELD",
                          "value of filter criterion for field '%s' must be of type date and "
                          "should not be enclosed in quotes",
                          f->name);
      break;
    case FT_INT:
    case FT_DOUBLE:
      if (out->kind != LIT_VALUE)
        return soql_fail (q, "INVALID_FIELD",
                          "value of filter criterion for field '%s' must be of type %s and "
                          "should not be enclosed in quotes",
                          f->name, field_type_names[f->type]);
      break;
    case FT_BOOLEAN:
      if (out->kind != LIT_BOOL)
        return soql_fail (q, "INVALID_FIELD",
                          "value of filter criterion for field '%s' must be of type boolean "
                          "and should not be enclosed in quotes",
                          f->name);
      break;
    case FT_ID:
    case FT_REFERENCE:
    case FT_STRING:
    case FT_EMAIL:
    case FT_PICKLIST:
    default:
      if (out->kind != LIT_STRING)
        return soql_fail (q, "MALFORMED_QUERY",
                          "value of filter criterion for field '%s' must be a quoted string",
                          f->name);
      break;
    }
  return TRUE;
}

static Node *parse_or (Soql *q);

static Node *
parse_condition (Soql *q)
{
  Token *t = peek (q);
  Node  *n;

  if (t->kind == TOK_LPAREN)
    {
      next (q);
      n = parse_or (q);
      if (n != NULL && next (q)->kind != TOK_RPAREN)
        {
          node_free (n);
          soql_fail (q, "MALFORMED_QUERY", "unexpected token, expecting ')'");
          return NULL;
        }
      return n;
    }
  if (is_keyword (t, "NOT"))
    {
      next (q);
      n = g_new0 (Node, 1);
      n->kind = NODE_NOT;
      n->a = parse_condition (q);
      if (n->a == NULL)
        g_clear_pointer (&n, node_free);
      return n;
    }

  n = g_new0 (Node, 1);
  n->field = parse_field (q);
  if (n->field == NULL)
    {
      node_free (n);
      return NULL;
    }
  t = next (q);
  if (is_keyword (t, "IN") || (is_keyword (t, "NOT") && is_keyword (peek (q), "IN")))
    {
      n->kind = NODE_IN;
      n->negate = is_keyword (t, "NOT");
      if (n->negate)
        next (q);
      n->list = g_array_new (FALSE, TRUE, sizeof (Literal));
      g_array_set_clear_func (n->list, literal_clear);
      if (next (q)->kind != TOK_LPAREN)
        {
          node_free (n);
          soql_fail (q, "MALFORMED_QUERY", "unexpected token, expecting '('");
          return NULL;
        }
      for (;;)
        {
          Literal lit = { 0 };
          gint64  ms = 0;

          if (!parse_literal (q, n->field, &lit, &ms))
            {
              literal_clear (&lit);
              node_free (n);
              return NULL;
            }
          g_array_append_val (n->list, lit);
          t = next (q);
          if (t->kind == TOK_RPAREN)
            break;
          if (t->kind != TOK_COMMA)
            {
              node_free (n);
              soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'",
                         t->text ? t->text : "<EOF>");
              return NULL;
            }
        }
      return n;
    }
  if (t->kind != TOK_OP)
    {
      node_free (n);
      soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text ? t->text : "<EOF>");
      return NULL;
    }
  n->kind = NODE_CMP;
  n->op = g_str_equal (t->text, "=")                                   ? OP_EQ
          : g_str_equal (t->text, "!=") || g_str_equal (t->text, "<>") ? OP_NE
          : g_str_equal (t->text, "<")                                 ? OP_LT
          : g_str_equal (t->text, "<=")                                ? OP_LE
          : g_str_equal (t->text, ">")                                 ? OP_GT
                                                                       : OP_GE;
  if (!parse_literal (q, n->field, &n->lit, &n->ms))
    {
      node_free (n);
      return NULL;
    }
  return n;
}

static Node *
parse_and (Soql *q)
{
  Node *left = parse_condition (q);

  while (left != NULL && is_keyword (peek (q), "AND"))
    {
      Node *n = g_new0 (Node, 1);

      next (q);
      n->kind = NODE_AND;
      n->a = left;
      n->b = parse_condition (q);
      left = n;
      if (n->b == NULL)
        g_clear_pointer (&left, node_free);
    }
  return left;
}

static Node *
parse_or (Soql *q)
{
  Node *left = parse_and (q);

  while (left != NULL && is_keyword (peek (q), "OR"))
    {
      Node *n = g_new0 (Node, 1);

      next (q);
      n->kind = NODE_OR;
      n->a = left;
      n->b = parse_and (q);
      left = n;
      if (n->b == NULL)
        g_clear_pointer (&left, node_free);
    }
  return left;
}

static gboolean
parse_count (Soql *q, gint64 *out)
{
  Token *t = next (q);
  char  *end = NULL;

  if (t->kind != TOK_VALUE)
    return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text ? t->text : "<EOF>");
  *out = g_ascii_strtoll (t->text, &end, 10);
  if (*end != '\0' || *out < 0)
    return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text);
  return TRUE;
}

/* SELECT f, … FROM Object [WHERE …] [ORDER BY f [ASC|DESC], …] [LIMIT n] [OFFSET n] */
static gboolean
soql_parse (Soql *q, const char *text)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  Token                *t;

  q->limit = -1;
  if (!tokenize (q, text) || !expect_keyword (q, "SELECT"))
    return FALSE;
  do
    {
      t = next (q);
      if (t->kind != TOK_WORD)
        return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'",
                          t->text ? t->text : "<EOF>");
      g_ptr_array_add (names, t);
    }
  while (next (q)->kind == TOK_COMMA);
  q->pos--;
  if (!expect_keyword (q, "FROM"))
    return FALSE;
  t = next (q);
  if (t->kind != TOK_WORD || !find_object (t->text, &q->obj))
    return soql_fail (q, "INVALID_TYPE",
                      "sObject type '%s' is not supported. If you are attempting to use a custom "
                      "object, be sure to append the '__c' after the entity name.",
                      t->text ? t->text : "");
  q->select = g_ptr_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      Token    *name = g_ptr_array_index (names, i);
      FieldDef *f = find_field (q->self, q->obj, name->text);

      if (f == NULL)
        return soql_fail (q, "INVALID_FIELD",
                          "\n%s\nERROR at Row:1:Column:%u\nNo such column '%s' on entity '%s'. "
                          "If you are attempting to use a custom field, be sure to append the "
                          "'__c' after the custom field name. Please reference your WSDL or the "
                          "describe call for the appropriate names.",
                          text, name->column, name->text, obj_names[q->obj]);
      if (!g_ptr_array_find (q->select, f, NULL))
        g_ptr_array_add (q->select, f);
    }

  if (is_keyword (peek (q), "WHERE"))
    {
      next (q);
      q->where = parse_or (q);
      if (q->where == NULL)
        return FALSE;
    }
  q->order = g_array_new (FALSE, FALSE, sizeof (OrderBy));
  if (is_keyword (peek (q), "ORDER"))
    {
      next (q);
      if (!expect_keyword (q, "BY"))
        return FALSE;
      do
        {
          OrderBy o = { 0 };

          o.field = parse_field (q);
          if (o.field == NULL)
            return FALSE;
          if (is_keyword (peek (q), "ASC"))
            next (q);
          else if (is_keyword (peek (q), "DESC"))
            {
              next (q);
              o.desc = TRUE;
            }
          g_array_append_val (q->order, o);
        }
      while (peek (q)->kind == TOK_COMMA && next (q) != NULL);
    }
  if (is_keyword (peek (q), "LIMIT"))
    {
      next (q);
      if (!parse_count (q, &q->limit))
        return FALSE;
    }
  if (is_keyword (peek (q), "OFFSET"))
    {
      next (q);
      if (!parse_count (q, &q->offset))
        return FALSE;
      if (q->offset > 2000)
        return soql_fail (q, "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000");
    }
  t = peek (q);
  if (t->kind != TOK_END)
    return soql_fail (q, "MALFORMED_QUERY", "unexpected token: '%s'", t->text);
  return TRUE;
}

static gint64
record_datetime (Record *r, FieldDef *f, gboolean *is_null)
{
  g_autofree char *v = NULL;
  gint64           ms = 0;

  *is_null = FALSE;
  if (g_str_equal (f->name, "SystemModstamp") || g_str_equal (f->name, "LastModifiedDate"))
    return r->modified_ms;
  if (g_str_equal (f->name, "CreatedDate"))
    return r->created_ms;
  v = record_dup_value (r, f);
  if (v == NULL || !parse_datetime (v, &ms))
    *is_null = TRUE;
  return ms;
}

/* Compares a record's value with a literal: <0, 0, >0; sets @is_null when the value is null. */
static int
compare_value (Record *r, FieldDef *f, const Literal *lit, gint64 lit_ms, gboolean *is_null)
{
  g_autofree char *v = NULL;

  if (f->type == FT_DATETIME)
    {
      gint64 ms = record_datetime (r, f, is_null);
      return ms < lit_ms ? -1 : ms > lit_ms ? 1 : 0;
    }
  if (f->type == FT_ID && g_str_equal (f->name, "Id"))
    return compare_ids (r->id, lit->text);
  v = record_dup_value (r, f);
  *is_null = v == NULL;
  if (v == NULL)
    return 0;
  switch (f->type)
    {
    case FT_INT:
    case FT_DOUBLE:
      {
        double a = g_ascii_strtod (v, NULL);
        double b = g_ascii_strtod (lit->text, NULL);
        return a < b ? -1 : a > b ? 1 : 0;
      }
    case FT_ID:
    case FT_REFERENCE:
      return compare_ids (v, lit->text);
    case FT_BOOLEAN:
    case FT_DATE:
      return strcmp (v, lit->text);
    case FT_STRING:
    case FT_EMAIL:
    case FT_PICKLIST:
    case FT_DATETIME:
    default:
      /* SOQL compares text without regard to case. */
      return g_ascii_strcasecmp (v, lit->text);
    }
}

static gboolean
node_matches (Node *n, Record *r)
{
  gboolean is_null = FALSE;
  int      c;

  switch (n->kind)
    {
    case NODE_AND:
      return node_matches (n->a, r) && node_matches (n->b, r);
    case NODE_OR:
      return node_matches (n->a, r) || node_matches (n->b, r);
    case NODE_NOT:
      return !node_matches (n->a, r);
    case NODE_IN:
      for (guint i = 0; i < n->list->len; i++)
        {
          Literal *lit = &g_array_index (n->list, Literal, i);
          gint64   ms = 0;

          if (lit->kind == LIT_NULL)
            continue;
          if (n->field->type == FT_DATETIME)
            parse_datetime (lit->text, &ms);
          if (compare_value (r, n->field, lit, ms, &is_null) == 0 && !is_null)
            return !n->negate;
        }
      return n->negate;
    case NODE_CMP:
    default:
      if (n->lit.kind == LIT_NULL)
        {
          g_autofree char *v = record_dup_value (r, n->field);
          return n->op == OP_EQ ? v == NULL : n->op == OP_NE ? v != NULL : FALSE;
        }
      c = compare_value (r, n->field, &n->lit, n->ms, &is_null);
      if (is_null)
        return n->op == OP_NE;
      switch (n->op)
        {
        case OP_EQ:
          return c == 0;
        case OP_NE:
          return c != 0;
        case OP_LT:
          return c < 0;
        case OP_LE:
          return c <= 0;
        case OP_GT:
          return c > 0;
        case OP_GE:
        default:
          return c >= 0;
        }
    }
}

/* A `WhoId IN (…)` at the top of the filter, to look activities up by lead. */
static Node *
who_filter (Node *n)
{
  Node *found;

  if (n == NULL)
    return NULL;
  if (n->kind == NODE_IN && !n->negate && g_str_equal (n->field->name, "WhoId"))
    return n;
  if (n->kind == NODE_CMP && n->op == OP_EQ && n->lit.kind == LIT_STRING
      && g_str_equal (n->field->name, "WhoId"))
    return n;
  if (n->kind != NODE_AND)
    return NULL;
  found = who_filter (n->a);
  return found ? found : who_filter (n->b);
}

static int
compare_for_order (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  Record *a = *(Record **)pa;
  Record *b = *(Record **)pb;
  GArray *order = user_data;

  for (guint i = 0; i < order->len; i++)
    {
      OrderBy         *o = &g_array_index (order, OrderBy, i);
      g_autofree char *va = NULL;
      g_autofree char *vb = NULL;
      int              c;

      if (o->field->type == FT_DATETIME)
        {
          gboolean na, nb;
          gint64   ma = record_datetime (a, o->field, &na);
          gint64   mb = record_datetime (b, o->field, &nb);

          c = na != nb ? (na ? -1 : 1) : ma < mb ? -1 : ma > mb ? 1 : 0;
        }
      else
        {
          va = record_dup_value (a, o->field);
          vb = record_dup_value (b, o->field);
          /* Nulls first in ascending order, SOQL's default. */
          if (va == NULL || vb == NULL)
            c = (va == NULL) - (vb == NULL) ? (va == NULL ? -1 : 1) : 0;
          else if (o->field->type == FT_INT || o->field->type == FT_DOUBLE)
            {
              double da = g_ascii_strtod (va, NULL), db = g_ascii_strtod (vb, NULL);
              c = da < db ? -1 : da > db ? 1 : 0;
            }
          else if (o->field->type == FT_ID || o->field->type == FT_REFERENCE)
            c = strcmp (va, vb);
          else
            c = g_ascii_strcasecmp (va, vb);
        }
      if (c != 0)
        return o->desc ? -c : c;
    }
  return strcmp (a->id, b->id);
}

/* Whether ORDER BY is the order records are kept in: (SystemModstamp, Id), ascending. */
static gboolean
natural_order (GArray *order)
{
  if (order->len == 0)
    return TRUE;
  if (order->len > 2)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      OrderBy *o = &g_array_index (order, OrderBy, i);

      if (o->desc || !g_str_equal (o->field->name, i == 0 ? "SystemModstamp" : "Id"))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
run_query (HotlistFakeSalesforce *self, Soql *q)
{
  GPtrArray *matches = g_ptr_array_new ();
  Node      *who = who_filter (q->where);
  gboolean   ordered = natural_order (q->order);
  gint64     wanted = q->limit >= 0 && ordered ? q->offset + q->limit : -1;

  if (who != NULL && q->obj != OBJ_LEAD)
    {
      GArray *order = g_array_new (FALSE, FALSE, sizeof (OrderBy));
      OrderBy o = { find_field (self, q->obj, "SystemModstamp"), FALSE };
      guint   n = who->kind == NODE_IN ? who->list->len : 1;

      for (guint i = 0; i < n; i++)
        {
          Literal *lit = who->kind == NODE_IN ? &g_array_index (who->list, Literal, i) : &who->lit;
          GPtrArray *list =
              lit->text ? g_hash_table_lookup (self->activities_by_who, lit->text) : NULL;

          for (guint j = 0; list != NULL && j < list->len; j++)
            {
              Record *r = g_ptr_array_index (list, j);

              if (r->type == q->obj && node_matches (q->where, r)
                  && !g_ptr_array_find (matches, r, NULL))
                g_ptr_array_add (matches, r);
            }
        }
      g_array_append_val (order, o);
      g_ptr_array_sort_with_data (matches, compare_for_order, order);
      g_array_unref (order);
    }
  else
    {
      GSequenceIter *it = g_sequence_get_begin_iter (self->types[q->obj].by_modified);

      for (; !g_sequence_iter_is_end (it); it = g_sequence_iter_next (it))
        {
          Record *r = g_sequence_get (it);

          if (q->where == NULL || node_matches (q->where, r))
            g_ptr_array_add (matches, r);
          if (wanted >= 0 && matches->len >= (guint)wanted)
            break;
        }
    }
  if (!ordered)
    g_ptr_array_sort_with_data (matches, compare_for_order, q->order);
  if (q->offset > 0)
    g_ptr_array_remove_range (matches, 0, MIN ((guint)q->offset, matches->len));
  if (q->limit >= 0 && matches->len > (guint)q->limit)
    g_ptr_array_set_size (matches, (guint)q->limit);
  return matches;
}

/* Handlers: queries */

static void
locator_free (gpointer data)
{
  Locator *l = data;

  g_free (l->id);
  g_ptr_array_unref (l->select);
  g_ptr_array_unref (l->ids);
  g_free (l);
}

static void
respond_batch (HotlistFakeSalesforce *self,
               SoupServerMessage     *msg,
               Locator               *l,
               guint                  offset,
               const char            *version)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint                   batch = MIN (self->batch_size, MAX_BATCH);
  guint                   end = MIN (offset + batch, l->ids->len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "totalSize");
  json_builder_add_int_value (b, l->ids->len);
  json_builder_set_member_name (b, "done");
  json_builder_add_boolean_value (b, end >= l->ids->len);
  if (end < l->ids->len)
    {
      g_autofree char *url = g_strdup_printf ("/services/data/%s/query/%s-%u", version, l->id, end);

      json_builder_set_member_name (b, "nextRecordsUrl");
      json_builder_add_string_value (b, url);
    }
  json_builder_set_member_name (b, "records");
  json_builder_begin_array (b);
  for (guint i = offset; i < end; i++)
    {
      Record *r = g_hash_table_lookup (self->records, g_ptr_array_index (l->ids, i));

      if (r != NULL)
        add_record_json (b, r, l->select, version);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_query (HotlistFakeSalesforce *self,
              SoupServerMessage     *msg,
              GHashTable            *query,
              const char            *version)
{
  const char           *text = query ? g_hash_table_lookup (query, "q") : NULL;
  Soql                  q = { 0 };
  g_autoptr (GPtrArray) matches = NULL;
  Locator              *l;

  if (text == NULL || *text == '\0')
    {
      respond_error (msg, 400, "MALFORMED_QUERY", "A query string has to be specified");
      return;
    }
  g_free (self->last_query);
  self->last_query = g_strdup (text);
  q.self = self;
  if (!soql_parse (&q, text))
    {
      respond_error (msg, 400, q.error_code, q.error_message);
      soql_clear (&q);
      return;
    }
  matches = run_query (self, &q);

  l = g_new0 (Locator, 1);
  l->id = g_strdup_printf ("01g5g%010" G_GUINT64_FORMAT "AAA", ++self->next_locator);
  l->type = q.obj;
  l->select = g_ptr_array_ref (q.select);
  l->ids = g_ptr_array_new_full (matches->len, g_free);
  for (guint i = 0; i < matches->len; i++)
    g_ptr_array_add (l->ids, g_strdup (((Record *)g_ptr_array_index (matches, i))->id));
  g_hash_table_insert (self->locators, l->id, l);
  g_queue_push_tail (&self->locator_order, l->id);
  while (g_queue_get_length (&self->locator_order) > MAX_LOCATORS)
    g_hash_table_remove (self->locators, g_queue_pop_head (&self->locator_order));
  soql_clear (&q);
  respond_batch (self, msg, l, 0, version);
}

static void
handle_query_more (HotlistFakeSalesforce *self,
                   SoupServerMessage     *msg,
                   const char            *rest,
                   const char            *version)
{
  const char      *dash = strrchr (rest, '-');
  g_autofree char *id = dash ? g_strndup (rest, dash - rest) : NULL;
  Locator         *l = id ? g_hash_table_lookup (self->locators, id) : NULL;
  guint64          offset = 0;

  if (l == NULL || !g_ascii_string_to_unsigned (dash + 1, 10, 0, l->ids->len, &offset, NULL))
    {
      respond_error (msg, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
      return;
    }
  respond_batch (self, msg, l, (guint)offset, version);
}

/* Handlers: sObjects */

static void
add_field_json (JsonBuilder *b, FieldDef *f)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, f->name);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, f->label);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, field_type_names[f->type]);
  json_builder_set_member_name (b, "custom");
  json_builder_add_boolean_value (b, f->custom);
  json_builder_set_member_name (b, "updateable");
  json_builder_add_boolean_value (b, f->updateable);
  json_builder_set_member_name (b, "createable");
  json_builder_add_boolean_value (b, f->updateable);
  json_builder_set_member_name (b, "nillable");
  json_builder_add_boolean_value (b, f->type != FT_ID && f->type != FT_BOOLEAN
                                         && !g_str_equal (f->name, "LastName")
                                         && !g_str_equal (f->name, "Company"));
  json_builder_set_member_name (b, "filterable");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "sortable");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "length");
  json_builder_add_int_value (b, f->length);
  json_builder_set_member_name (b, "precision");
  json_builder_add_int_value (b, f->precision);
  json_builder_set_member_name (b, "scale");
  json_builder_add_int_value (b, f->scale);
  json_builder_end_object (b);
}

static void
handle_describe (HotlistFakeSalesforce *self,
                 SoupServerMessage     *msg,
                 ObjType                obj,
                 const char            *version)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char        *base =
      g_strdup_printf ("/services/data/%s/sobjects/%s", version, obj_names[obj]);
  g_autofree char *describe = g_strconcat (base, "/describe", NULL);
  g_autofree char *row = g_strconcat (base, "/{ID}", NULL);
  GPtrArray       *fields = self->types[obj].fields;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, obj_names[obj]);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, obj_names[obj]);
  json_builder_set_member_name (b, "custom");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "keyPrefix");
  json_builder_add_string_value (b, obj_prefixes[obj]);
  json_builder_set_member_name (b, "queryable");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "updateable");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < fields->len; i++)
    add_field_json (b, g_ptr_array_index (fields, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "urls");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sobject");
  json_builder_add_string_value (b, base);
  json_builder_set_member_name (b, "describe");
  json_builder_add_string_value (b, describe);
  json_builder_set_member_name (b, "rowTemplate");
  json_builder_add_string_value (b, row);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_get (HotlistFakeSalesforce *self,
            SoupServerMessage     *msg,
            ObjType                obj,
            const char            *id,
            GHashTable            *query,
            const char            *version)
{
  const char             *csv = query ? g_hash_table_lookup (query, "fields") : NULL;
  Record                 *r = g_hash_table_lookup (self->records, id);
  g_autoptr (GPtrArray)   select = g_ptr_array_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (r == NULL || r->type != obj)
    {
      respond_error (msg, 404, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
  if (csv != NULL)
    {
      g_auto (GStrv) names = g_strsplit (csv, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          FieldDef *f = find_field (self, obj, g_strstrip (names[i]));

          if (f == NULL)
            {
              g_autofree char *m = g_strdup_printf ("No such column '%s' on sobject of type %s",
                                                    names[i], obj_names[obj]);
              respond_error (msg, 400, "INVALID_FIELD", m);
              return;
            }
          g_ptr_array_add (select, f);
        }
    }
  else
    for (guint i = 0; i < self->types[obj].fields->len; i++)
      g_ptr_array_add (select, g_ptr_array_index (self->types[obj].fields, i));
  add_record_json (b, r, select, version);
  respond_builder (msg, 200, b);
}

typedef struct
{
  const char *code;
  char       *message;
  const char *field;
} SaveError;

/* Checks one record's values; the whole request fails (INVALID_FIELD) on an unknown name, as
 * the JSON could not be read into the sObject. Returns FALSE after answering. */
static gboolean
check_field_names (HotlistFakeSalesforce *self,
                   SoupServerMessage     *msg,
                   ObjType                obj,
                   JsonObject            *values)
{
  g_autoptr (GList) members = json_object_get_members (values);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "attributes") || g_ascii_strcasecmp (name, "id") == 0)
        continue;
      if (find_field (self, obj, name) == NULL)
        {
          g_autofree char *m =
              g_strdup_printf ("No such column '%s' on sobject of type %s", name, obj_names[obj]);
          respond_error (msg, 400, "INVALID_FIELD", m);
          return FALSE;
        }
    }
  return TRUE;
}

/* Validates an update; on success the new values are in @out (field name → value or NULL). */
static gboolean
validate_update (HotlistFakeSalesforce *self,
                 Record                *r,
                 JsonObject            *values,
                 GHashTable            *out,
                 SaveError             *error)
{
  g_autoptr (GList) members = json_object_get_members (values);
  RecordError      *injected = g_hash_table_lookup (self->record_errors, r->id);

  if (injected != NULL)
    {
      error->code = injected->code;
      error->message = g_strdup (injected->message);
      return FALSE;
    }
  if (r->type == OBJ_LEAD
      && g_strcmp0 (g_hash_table_lookup (r->values, "IsConverted"), "true") == 0)
    {
      error->code = "CANNOT_UPDATE_CONVERTED_LEAD";
      error->message = g_strdup ("cannot reference converted lead");
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode   *node = json_object_get_member (values, name);
      FieldDef   *f;
      char       *text = NULL;

      if (g_str_equal (name, "attributes") || g_ascii_strcasecmp (name, "id") == 0)
        continue;
      f = find_field (self, r->type, name);
      g_assert (f != NULL);
      error->field = f->name;
      if (!f->updateable)
        {
          error->code = "INVALID_FIELD_FOR_INSERT_UPDATE";
          error->message = g_strdup_printf (
              "Unable to create/update fields: %s. Please check the security settings of this "
              "field and verify that it is read/write for your profile or permission set.",
              f->name);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_hash_table_insert (out, f->name, NULL);
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (node))
        {
          error->code = "INVALID_TYPE_ON_FIELD_IN_RECORD";
          error->message = g_strdup_printf ("%s: value not of required type", f->label);
          return FALSE;
        }
      if (f->type == FT_INT || f->type == FT_DOUBLE)
        {
          double   v;
          gboolean ok = TRUE;

          if (json_node_get_value_type (node) == G_TYPE_STRING)
            {
              char *end = NULL;
              v = g_ascii_strtod (json_node_get_string (node), &end);
              ok = end != json_node_get_string (node) && *end == '\0';
            }
          else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            ok = FALSE, v = 0;
          else
            v = json_node_get_double (node);
          if (!ok)
            {
              error->code = "INVALID_TYPE_ON_FIELD_IN_RECORD";
              error->message = g_strdup_printf ("%s: value not of required type", f->label);
              return FALSE;
            }
          if (f->precision > 0 && f->precision - f->scale < 18
              && ABS (v) >= pow10_of (f->precision - f->scale))
            {
              error->code = "NUMBER_OUTSIDE_VALID_RANGE";
              error->message =
                  g_strdup_printf ("%s: value outside of valid range on numeric field", f->label);
              return FALSE;
            }
          if (f->type == FT_INT || f->scale == 0)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)(v < 0 ? v - 0.5 : v + 0.5));
          else
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              text = g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
            }
        }
      else if (f->type == FT_BOOLEAN)
        {
          if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
            {
              error->code = "INVALID_TYPE_ON_FIELD_IN_RECORD";
              error->message = g_strdup_printf ("%s: value not of required type", f->label);
              return FALSE;
            }
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
        }
      else
        {
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (node));
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          else
            {
              error->code = "INVALID_TYPE_ON_FIELD_IN_RECORD";
              error->message = g_strdup_printf ("%s: value not of required type", f->label);
              return FALSE;
            }
          if (f->length > 0 && g_utf8_strlen (text, -1) > f->length)
            {
              error->code = "STRING_TOO_LONG";
              error->message = g_strdup_printf ("%s: data value too large: %s (max length=%u)",
                                                f->label, text, f->length);
              g_free (text);
              return FALSE;
            }
        }
      g_hash_table_insert (out, f->name, text);
    }
  error->field = NULL;
  return TRUE;
}

static void
apply_update (HotlistFakeSalesforce *self, Record *r, GHashTable *values)
{
  GHashTableIter iter;
  gpointer       key, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value == NULL)
        g_hash_table_remove (r->values, key);
      else
        g_hash_table_insert (r->values, key, g_strdup (value));
    }
  record_set_modified (self, r, clock_now (self));
}

static void
handle_patch (HotlistFakeSalesforce *self, SoupServerMessage *msg, ObjType obj, const char *id)
{
  g_autoptr (JsonNode)   root = parse_body (msg);
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  Record                *r;
  SaveError              error = { 0 };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_json_parse_error (msg);
      return;
    }
  if (!check_field_names (self, msg, obj, json_node_get_object (root)))
    return;
  r = g_hash_table_lookup (self->records, id);
  if (r == NULL || r->type != obj)
    {
      respond_error (msg, 404, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
  if (!validate_update (self, r, json_node_get_object (root), values, &error))
    {
      respond_error_fields (msg, 400, error.code, error.message, error.field);
      g_free (error.message);
      return;
    }
  apply_update (self, r, values);
  soup_server_message_set_status (msg, 204, NULL);
}

static void
add_save_error (JsonBuilder *b, const char *code, const char *message, const char *field)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "statusCode");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  if (field != NULL)
    json_builder_add_string_value (b, field);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* sObject Collections update (reference 3.5): up to 200 records, a SaveResult each. */
static void
handle_collections (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GPtrArray)   pending = NULL;
  JsonObject             *body;
  JsonArray              *records;
  gboolean                all_or_none;
  gboolean                any_failed = FALSE;
  guint                   n;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_json_parse_error (msg);
      return;
    }
  body = json_node_get_object (root);
  if (!json_object_has_member (body, "records")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "records")))
    {
      respond_error (msg, 400, "INVALID_FIELD", "The 'records' field is required.");
      return;
    }
  records = json_object_get_array_member (body, "records");
  n = json_array_get_length (records);
  all_or_none = json_object_get_boolean_member_with_default (body, "allOrNone", FALSE);
  if (n > COLLECTION_MAX)
    {
      respond_error (msg, 400, "EXCEEDED_ID_LIMIT",
                     "record limit reached. cannot submit more than 200 records into this call");
      return;
    }
  /* Unknown fields make the whole body unreadable, before any record is tried. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode   *node = json_array_get_element (records, i);
      JsonObject *rec = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *attrs = rec ? json_object_get_object_member (rec, "attributes") : NULL;
      const char *type =
          attrs ? json_object_get_string_member_with_default (attrs, "type", NULL) : NULL;
      ObjType obj;

      if (type == NULL)
        {
          respond_error (msg, 400, "INVALID_TYPE",
                         "Must send a concrete entity type in 'attributes.type'.");
          return;
        }
      if (!find_object (type, &obj))
        {
          g_autofree char *m = g_strdup_printf ("sObject type '%s' is not supported.", type);
          respond_error (msg, 400, "INVALID_TYPE", m);
          return;
        }
      if (!check_field_names (self, msg, obj, rec))
        return;
    }

  pending = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  json_builder_begin_array (b);
  for (guint pass = 0; pass < 2; pass++)
    {
      /* allOrNone: a first pass only validates; if anything fails nothing is written. */
      if (pass == 0 && !all_or_none)
        continue;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *rec = json_array_get_object_element (records, i);
          const char *id = json_object_get_string_member_with_default (rec, "id", NULL);
          Record     *r = NULL;
          ObjType     obj = OBJ_LEAD;
          SaveError   error = { 0 };
          GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

          if (id == NULL)
            id = json_object_get_string_member_with_default (rec, "Id", NULL);
          find_object (json_object_get_string_member (json_object_get_object_member (rec,
                                                                                     "attributes"),
                                                      "type"),
                       &obj);
          if (id == NULL)
            {
              error.code = "MISSING_ARGUMENT";
              error.message = g_strdup ("Id not specified in an update call");
            }
          else if (!is_wellformed_id (id))
            {
              error.code = "MALFORMED_ID";
              error.message = g_strdup_printf ("malformed id %s", id);
            }
          else if ((r = g_hash_table_lookup (self->records, id)) == NULL || r->type != obj)
            {
              error.code = "INVALID_CROSS_REFERENCE_KEY";
              error.message = g_strdup ("invalid cross reference id");
            }
          else
            validate_update (self, r, rec, values, &error);

          if (pass == 0)
            {
              any_failed |= error.code != NULL;
              g_ptr_array_add (pending, values);
              g_free (error.message);
              continue;
            }
          if (error.code != NULL)
            add_save_error (b, error.code, error.message, error.field);
          else if (all_or_none && any_failed)
            add_save_error (b, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the "
                            "request was using AllOrNone header",
                            NULL);
          else
            {
              apply_update (self, r, values);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_string_value (b, r->id);
              json_builder_set_member_name (b, "success");
              json_builder_add_boolean_value (b, TRUE);
              json_builder_set_member_name (b, "errors");
              json_builder_begin_array (b);
              json_builder_end_array (b);
              json_builder_end_object (b);
            }
          g_free (error.message);
          g_hash_table_unref (values);
        }
    }
  json_builder_end_array (b);
  respond_builder (msg, 200, b);
}

static gboolean
valid_custom_name (const char *name)
{
  gsize len = strlen (name);

  if (len < 4 || len > 43 || !g_str_has_suffix (name, "__c") || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (gsize i = 0; i < len - 3; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return strstr (name, "__") == name + len - 3;
}

/* Tooling API: POST /tooling/sobjects/CustomField with {"FullName":"Lead.X__c","Metadata":{…}}.
 * Number takes precision and scale, Text a length, Checkbox nothing more. */
static void
handle_custom_field (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char        *id = NULL;
  JsonObject             *body, *meta;
  const char             *full_name, *dot, *type, *label;
  g_autofree char        *object = NULL;
  ObjType                 obj;
  FieldDef               *f;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_json_parse_error (msg);
      return;
    }
  body = json_node_get_object (root);
  full_name = json_object_get_string_member_with_default (body, "FullName", NULL);
  meta = json_object_has_member (body, "Metadata")
                 && JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "Metadata"))
             ? json_object_get_object_member (body, "Metadata")
             : NULL;
  if (full_name == NULL || meta == NULL)
    {
      respond_error (msg, 400, "REQUIRED_FIELD_MISSING",
                     "Required fields are missing: [FullName, Metadata]");
      return;
    }
  dot = strchr (full_name, '.');
  object = dot ? g_strndup (full_name, dot - full_name) : NULL;
  if (object == NULL || !find_object (object, &obj))
    {
      respond_error (msg, 400, "INVALID_FIELD", "Invalid FullName: use Object.Field__c");
      return;
    }
  if (!valid_custom_name (dot + 1))
    {
      respond_error (msg, 400, "INVALID_FIELD",
                     "The field name can only contain underscores and alphanumeric characters. "
                     "It must be unique, begin with a letter, not include spaces, not end with "
                     "an underscore, not contain two consecutive underscores and end with __c.");
      return;
    }
  if (find_field (self, obj, dot + 1) != NULL)
    {
      respond_error (msg, 400, "DUPLICATE_DEVELOPER_NAME",
                     "There is already a field with that name.");
      return;
    }
  type = json_object_get_string_member_with_default (meta, "type", NULL);
  label = json_object_get_string_member_with_default (meta, "label", NULL);
  if (label == NULL || *label == '\0' || type == NULL)
    {
      respond_error (msg, 400, "REQUIRED_FIELD_MISSING",
                     "Required fields are missing: [label, type]");
      return;
    }
  if (g_str_equal (type, "Number"))
    {
      gint64 precision = json_object_get_int_member_with_default (meta, "precision", 0);
      gint64 scale = json_object_get_int_member_with_default (meta, "scale", 0);

      if (precision < 1 || precision > 18 || scale < 0 || scale > precision)
        {
          respond_error (msg, 400, "FIELD_INTEGRITY_EXCEPTION",
                         "Length and decimal places must add up to 18 or less (precision 1-18)");
          return;
        }
      f = define_field (self, obj, dot + 1, label, FT_DOUBLE, TRUE);
      f->precision = precision;
      f->scale = scale;
    }
  else if (g_str_equal (type, "Text"))
    {
      gint64 length = json_object_get_int_member_with_default (meta, "length", 0);

      if (length < 1 || length > 255)
        {
          respond_error (msg, 400, "FIELD_INTEGRITY_EXCEPTION",
                         "Length: must be between 1 and 255");
          return;
        }
      f = define_field (self, obj, dot + 1, label, FT_STRING, TRUE);
      f->length = length;
    }
  else if (g_str_equal (type, "Checkbox"))
    define_field (self, obj, dot + 1, label, FT_BOOLEAN, TRUE);
  else
    {
      g_autofree char *m =
          g_strdup_printf ("This fake supports Number, Text and Checkbox, not %s", type);
      respond_error (msg, 400, "INVALID_TYPE", m);
      return;
    }
  id = make_id ("00N", ++self->next_field_id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "infos");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_builder (msg, 201, b);
}

static void
handle_limits (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "DailyApiRequests");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Max");
  json_builder_add_int_value (b, self->daily_limit);
  json_builder_set_member_name (b, "Remaining");
  json_builder_add_int_value (b, self->api_usage >= self->daily_limit
                                     ? 0
                                     : self->daily_limit - self->api_usage);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_versions (SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (int v = 58; v <= 61; v++)
    {
      g_autofree char *version = g_strdup_printf ("%d.0", v);
      g_autofree char *url = g_strdup_printf ("/services/data/v%d.0", v);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, "Fake");
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, url);
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, version);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  respond_builder (msg, 200, b);
}

/* Handlers: OAuth */

static char *
issue_tokens_locked (HotlistFakeSalesforce *self, const char *refresh)
{
  AccessToken *t = g_new0 (AccessToken, 1);
  char        *access = random_token (ORG_ID "!AQ", 12);
  const char  *old = g_hash_table_lookup (self->refresh_tokens, refresh);

  /* One live session per grant: refreshing ends the previous one. */
  if (old != NULL)
    g_hash_table_remove (self->access_tokens, old);
  t->refresh = g_strdup (refresh);
  t->expires_us = g_get_monotonic_time () + (gint64)self->token_lifetime_ms * 1000;
  g_hash_table_insert (self->access_tokens, g_strdup (access), t);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), g_strdup (access));
  return access;
}

static void
handle_token (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char   *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GHashTable)  form = soup_form_decode (text);
  const char             *grant = g_hash_table_lookup (form, "grant_type");
  const char             *client_id = g_hash_table_lookup (form, "client_id");
  const char             *client_secret = g_hash_table_lookup (form, "client_secret");
  const char             *refresh = g_hash_table_lookup (form, "refresh_token");
  g_autofree char        *access = NULL;
  g_autofree char        *issued_at = NULL;
  g_autofree char        *identity = NULL;
  g_autofree char        *signature = NULL;
  g_autoptr (GHmac)       hmac = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint8                  digest[32];
  gsize                   digest_len = sizeof digest;

  if (g_strcmp0 (grant, "refresh_token") != 0)
    {
      respond_oauth_error (msg, "unsupported_grant_type", "grant type not supported");
      return;
    }
  if (g_strcmp0 (client_id, HOTLIST_FAKE_SALESFORCE_CLIENT_ID) != 0)
    {
      respond_oauth_error (msg, "invalid_client_id", "client identifier invalid");
      return;
    }
  /* The secret may be left out ("Require Secret" off), but a wrong one is refused. */
  if (client_secret != NULL && !g_str_equal (client_secret, HOTLIST_FAKE_SALESFORCE_CLIENT_SECRET))
    {
      respond_oauth_error (msg, "invalid_client", "invalid client credentials");
      return;
    }
  if (refresh == NULL || !g_hash_table_contains (self->refresh_tokens, refresh))
    {
      respond_oauth_error (msg, "invalid_grant", "expired access/refresh token");
      return;
    }
  access = issue_tokens_locked (self, refresh);
  issued_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  identity = g_strdup_printf ("https://login.salesforce.com/id/%s/%s", ORG_ID, USER_ID);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)HOTLIST_FAKE_SALESFORCE_CLIENT_SECRET,
                     strlen (HOTLIST_FAKE_SALESFORCE_CLIENT_SECRET));
  g_hmac_update (hmac, (const guchar *)identity, -1);
  g_hmac_update (hmac, (const guchar *)issued_at, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature = g_base64_encode (digest, digest_len);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, signature);
  json_builder_set_member_name (b, "scope");
  json_builder_add_string_value (b, "api refresh_token");
  json_builder_set_member_name (b, "instance_url");
  json_builder_add_string_value (b, self->base_url);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, identity);
  json_builder_set_member_name (b, "token_type");
  json_builder_add_string_value (b, "Bearer");
  json_builder_set_member_name (b, "issued_at");
  json_builder_add_string_value (b, issued_at);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* Auth, limits and faults */

static const char *
session_token (SoupServerMessage *msg)
{
  const char *h =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (h == NULL)
    return NULL;
  if (g_ascii_strncasecmp (h, "Bearer ", 7) == 0)
    return h + 7;
  if (g_ascii_strncasecmp (h, "OAuth ", 6) == 0)
    return h + 6;
  return NULL;
}

static void
respond_invalid_session (SoupServerMessage *msg)
{
  respond_error (msg, 401, "INVALID_SESSION_ID", "Session expired or invalid");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                "Token");
}

/* Returns FALSE after answering 401. */
static gboolean
check_auth (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  const char  *token = session_token (msg);
  AccessToken *t = token ? g_hash_table_lookup (self->access_tokens, token) : NULL;

  if (t == NULL || g_get_monotonic_time () >= t->expires_us)
    {
      respond_invalid_session (msg);
      return FALSE;
    }
  return TRUE;
}

static void
add_limit_header (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autofree char *v = g_strdup_printf ("api-usage=%u/%u", self->api_usage, self->daily_limit);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Sforce-Limit-Info",
                                v);
}

/* Returns FALSE after answering 403; counts the request otherwise. */
static gboolean
check_limit (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  if (self->api_usage >= self->daily_limit)
    {
      respond_error (msg, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
      return FALSE;
    }
  self->api_usage++;
  return TRUE;
}

static HotlistFakeFault
pick_fault (HotlistFakeSalesforce *self, const char *path, gboolean is_oauth)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault           *f = g_ptr_array_index (self->faults, i);
      HotlistFakeFault kind = f->kind;

      if (f->prefix == NULL ? is_oauth : !g_str_has_prefix (path, f->prefix))
        continue;
      if (f->remaining > 0 && --f->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);
      return kind;
    }
  if (!is_oauth && self->fault_every > 0)
    {
      self->n_counted++;
      if (self->n_counted % self->fault_every == 0)
        return self->fault_every_kind;
    }
  return HOTLIST_FAKE_FAULT_NONE;
}

static void
serve_truncated (SoupServerMessage *msg)
{
  static const char partial[] =
      "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"00Q5g";
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char      *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                     "Content-Type: application/json;charset=UTF-8\r\n"
                                                     "Content-Length: %zu\r\n\r\n",
                                                sizeof partial * 8);
  GOutputStream        *out;

  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, partial, sizeof partial - 1, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
add_retry_after (HotlistFakeSalesforce *self, SoupServerMessage *msg)
{
  g_autofree char *v = NULL;

  if (self->retry_after_s == 0)
    return;
  v = g_strdup_printf ("%u", self->retry_after_s);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", v);
}

/* Returns TRUE when the fault is the whole answer. */
static gboolean
serve_fault (HotlistFakeSalesforce *self, SoupServerMessage *msg, HotlistFakeFault kind)
{
  static const char malformed[] =
      "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Lead\"},,\"Id\" "
      "\"00Q5g\"}";
  static const char bad_gateway[] =
      "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n";

  switch (kind)
    {
    case HOTLIST_FAKE_FAULT_500:
      respond_error (msg, 500, "UNKNOWN_EXCEPTION",
                     "An unexpected error occurred. Please include this ErrorId if you contact "
                     "support: 1732958474-12345 (-1386145211)");
      add_limit_header (self, msg);
      return TRUE;
    case HOTLIST_FAKE_FAULT_502:
      soup_server_message_set_status (msg, 502, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, bad_gateway,
                                        sizeof bad_gateway - 1);
      return TRUE;
    case HOTLIST_FAKE_FAULT_503:
      respond_error (msg, 503, "SERVER_UNAVAILABLE",
                     "The server is temporarily unavailable; try again later.");
      add_retry_after (self, msg);
      return TRUE;
    case HOTLIST_FAKE_FAULT_429:
      /* The concurrent-request throttle: the org's allocation is not used up. */
      respond_error (msg, 403, "REQUEST_LIMIT_EXCEEDED",
                     "ConcurrentRequests (Concurrent API Requests) Limit exceeded.");
      add_limit_header (self, msg);
      add_retry_after (self, msg);
      return TRUE;
    case HOTLIST_FAKE_FAULT_401_EXPIRED:
      {
        const char  *token = session_token (msg);
        AccessToken *t = token ? g_hash_table_lookup (self->access_tokens, token) : NULL;

        if (t != NULL)
          t->expires_us = MIN (t->expires_us, g_get_monotonic_time ());
        respond_invalid_session (msg);
        return TRUE;
      }
    case HOTLIST_FAKE_FAULT_MALFORMED_JSON:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_STATIC,
                                        malformed, sizeof malformed - 1);
      return TRUE;
    case HOTLIST_FAKE_FAULT_TRUNCATED_BODY:
      serve_truncated (msg);
      return TRUE;
    case HOTLIST_FAKE_FAULT_SLOW:
    case HOTLIST_FAKE_FAULT_NONE:
    default:
      return FALSE;
    }
}

/* Splits "/services/data/v60.0/rest" into the version and the rest. */
static Route
classify (const char *method, const char *path, char **version, ObjType *obj, const char **rest)
{
  static const char data[] = "/services/data/";
  const char       *p, *r;
  gboolean          get = g_str_equal (method, "GET");

  *version = NULL;
  *rest = NULL;
  if (g_str_equal (path, "/services/oauth2/token"))
    return g_str_equal (method, "POST") ? ROUTE_TOKEN : ROUTE_NOT_ALLOWED;
  if (g_str_equal (path, "/services/data") || g_str_equal (path, data))
    return get ? ROUTE_VERSIONS : ROUTE_NOT_ALLOWED;
  if (!g_str_has_prefix (path, data) || path[strlen (data)] != 'v')
    return ROUTE_NONE;
  p = path + strlen (data);
  r = strchr (p, '/');
  if (r == NULL)
    return ROUTE_NONE;
  *version = g_strndup (p, r - p);

  if (g_str_equal (r, "/query") || g_str_equal (r, "/queryAll"))
    return get ? ROUTE_QUERY : ROUTE_NOT_ALLOWED;
  if (g_str_has_prefix (r, "/query/") && strchr (r + 7, '/') == NULL)
    {
      *rest = r + 7;
      return get ? ROUTE_QUERY_MORE : ROUTE_NOT_ALLOWED;
    }
  if (g_str_equal (r, "/limits"))
    return get ? ROUTE_LIMITS : ROUTE_NOT_ALLOWED;
  if (g_str_equal (r, "/composite/sobjects"))
    return g_str_equal (method, "PATCH") ? ROUTE_COLLECTIONS : ROUTE_NOT_ALLOWED;
  if (g_str_equal (r, "/tooling/sobjects/CustomField"))
    return g_str_equal (method, "POST") ? ROUTE_CUSTOM_FIELD : ROUTE_NOT_ALLOWED;
  if (g_str_has_prefix (r, "/sobjects/"))
    {
      g_auto (GStrv) parts = g_strsplit (r + strlen ("/sobjects/"), "/", -1);

      if (parts[0] == NULL || parts[1] == NULL || parts[2] != NULL || !find_object (parts[0], obj))
        return ROUTE_NONE;
      if (g_str_equal (parts[1], "describe"))
        return get ? ROUTE_DESCRIBE : ROUTE_NOT_ALLOWED;
      *rest = strrchr (r, '/') + 1;
      return get ? ROUTE_GET : g_str_equal (method, "PATCH") ? ROUTE_PATCH : ROUTE_NOT_ALLOWED;
    }
  return ROUTE_NONE;
}

/* Callbacks */

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  HotlistFakeSalesforce   *self = user_data;
  const char              *method = soup_server_message_get_method (msg);
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char         *other = NULL;
  g_autofree char         *version = NULL;
  const char              *rest = NULL;
  ObjType                  obj = OBJ_LEAD;
  Route                    route = classify (method, path, &version, &obj, &rest);
  const char              *endpoint = route_names[route];
  gboolean                 is_oauth = g_str_has_prefix (path, "/services/oauth2/");
  HotlistFakeFault         fault;
  guint                    count;

  if (endpoint == NULL)
    endpoint = other = g_strdup_printf ("%s %s", method, path);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests, endpoint));
  g_hash_table_insert (self->n_requests, g_strdup (endpoint), GUINT_TO_POINTER (count + 1));

  fault = pick_fault (self, path, is_oauth);
  if (fault != HOTLIST_FAKE_FAULT_NONE)
    {
      self->n_faults++;
      if (serve_fault (self, msg, fault))
        return;
    }

  if (route == ROUTE_TOKEN)
    handle_token (self, msg);
  else if (route == ROUTE_VERSIONS)
    handle_versions (msg);
  else if (route == ROUTE_NONE)
    respond_error (msg, 404, "NOT_FOUND", "The requested resource does not exist");
  else if (route == ROUTE_NOT_ALLOWED)
    {
      g_autofree char *m = g_strdup_printf ("HTTP Method '%s' not allowed.", method);
      respond_error (msg, 405, "METHOD_NOT_ALLOWED", m);
    }
  else if (check_auth (self, msg) && check_limit (self, msg))
    {
      if (route == ROUTE_QUERY)
        handle_query (self, msg, query, version);
      else if (route == ROUTE_QUERY_MORE)
        handle_query_more (self, msg, rest, version);
      else if (route == ROUTE_LIMITS)
        handle_limits (self, msg);
      else if (route == ROUTE_DESCRIBE)
        handle_describe (self, msg, obj, version);
      else if (route == ROUTE_GET)
        handle_get (self, msg, obj, rest, query, version);
      else if (route == ROUTE_PATCH)
        handle_patch (self, msg, obj, rest);
      else if (route == ROUTE_COLLECTIONS)
        handle_collections (self, msg);
      else if (route == ROUTE_CUSTOM_FIELD)
        handle_custom_field (self, msg);
      else
        g_assert_not_reached ();
    }
  /* Every REST answer carries the usage (reference 3.6), but not a 401: the org is unknown. */
  if (version != NULL && soup_server_message_get_status (msg) != 401)
    add_limit_header (self, msg);

  if (fault == HOTLIST_FAKE_FAULT_SLOW)
    {
      g_autoptr (GSource) source = g_timeout_source_new (self->fault_delay_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (source, self->context);
    }
}

static gboolean
listen_locked (HotlistFakeSalesforce *self, GError **error)
{
  g_autoptr (SoupServer) server =
      soup_server_new ("server-header", "hotlist-fake-salesforce ", NULL);
  GSList          *uris;
  g_autofree char *s = NULL;

  soup_server_add_handler (server, NULL, server_cb, self, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  s = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  if (g_str_has_suffix (s, "/"))
    s[strlen (s) - 1] = '\0';
  self->base_url = g_steal_pointer (&s);
  self->server = g_steal_pointer (&server);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  HotlistFakeSalesforce *self = data;
  GError                *error = NULL;
  gboolean               ok;

  g_main_context_push_thread_default (self->context);
  g_mutex_lock (&self->lock);
  ok = listen_locked (self, &error);
  self->start_error = error;
  self->started = TRUE;
  g_cond_broadcast (&self->started_cond);
  g_mutex_unlock (&self->lock);
  if (ok)
    g_main_loop_run (self->loop);
  g_mutex_lock (&self->lock);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_mutex_unlock (&self->lock);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
access_token_free (gpointer data)
{
  AccessToken *t = data;

  g_free (t->refresh);
  g_free (t);
}

static void
fault_free (gpointer data)
{
  Fault *f = data;

  g_free (f->prefix);
  g_free (f);
}

static void
record_error_free (gpointer data)
{
  RecordError *e = data;

  g_free (e->code);
  g_free (e->message);
  g_free (e);
}

static void
hotlist_fake_salesforce_finalize (GObject *object)
{
  HotlistFakeSalesforce *self = HOTLIST_FAKE_SALESFORCE (object);

  hotlist_fake_salesforce_stop (self);
  g_clear_pointer (&self->locators, g_hash_table_unref);
  g_queue_clear (&self->locator_order);
  g_clear_pointer (&self->activities_by_who, g_hash_table_unref);
  for (guint i = 0; i < N_OBJ; i++)
    {
      g_clear_pointer (&self->types[i].by_modified, g_sequence_free);
      g_clear_pointer (&self->types[i].by_lower, g_hash_table_unref);
    }
  g_clear_pointer (&self->records, g_hash_table_unref);
  for (guint i = 0; i < N_OBJ; i++)
    g_clear_pointer (&self->types[i].fields, g_ptr_array_unref);
  g_clear_pointer (&self->emails, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->record_errors, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->n_requests, g_hash_table_unref);
  g_clear_pointer (&self->touch_rand, g_rand_free);
  g_clear_pointer (&self->last_query, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started_cond);

  G_OBJECT_CLASS (hotlist_fake_salesforce_parent_class)->finalize (object);
}

static void
hotlist_fake_salesforce_class_init (HotlistFakeSalesforceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hotlist_fake_salesforce_finalize;
}

static void
hotlist_fake_salesforce_init (HotlistFakeSalesforce *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->started_cond);
  for (guint i = 0; i < N_OBJ; i++)
    {
      self->types[i].fields = g_ptr_array_new_with_free_func (field_def_free);
      self->types[i].by_lower = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->types[i].by_modified = g_sequence_new (NULL);
    }
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);
  self->activities_by_who =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->touch_rand = g_rand_new_with_seed (77);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, access_token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_lifetime_ms = DEFAULT_SESSION_MS;
  self->daily_limit = DEFAULT_DAILY_LIMIT;
  self->locators = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, locator_free);
  g_queue_init (&self->locator_order);
  self->batch_size = MAX_BATCH;
  self->record_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, record_error_free);
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->fault_delay_ms = 2000;
  self->n_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  define_schema (self);
}

/* Public API */

/**
 * hotlist_fake_salesforce_new:
 *
 * Creates a fake org with no records, the standard Lead, Task and Event fields plus two custom
 * Lead fields (`Product_Interest__c`, `Webinar_Attended__c`), and a daily allocation of 15,000
 * API requests. Nothing listens until it is started.
 *
 * Returns: (transfer full): a new fake
 */
HotlistFakeSalesforce *
hotlist_fake_salesforce_new (void)
{
  return g_object_new (HOTLIST_TYPE_FAKE_SALESFORCE, NULL);
}

/**
 * hotlist_fake_salesforce_start:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from the thread-default main context.
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_salesforce_start (HotlistFakeSalesforce *self, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), FALSE);
  g_return_val_if_fail (self->server == NULL && self->thread == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  if (!listen_locked (self, error))
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_fake_salesforce_start_in_thread:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from a thread of its own, so blocking clients
 * can call it from the test's thread.
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_salesforce_start_in_thread (HotlistFakeSalesforce *self, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), FALSE);
  g_return_val_if_fail (self->server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->started = FALSE;
  self->thread = g_thread_new ("fake-salesforce", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->started_cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      hotlist_fake_salesforce_stop (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_fake_salesforce_get_base_url:
 * @self: a started fake
 *
 * Returns: the URL that stands both for the login host and for the org's `instance_url`, e.g.
 *   `http://127.0.0.1:41234`, with no trailing slash
 */
const char *
hotlist_fake_salesforce_get_base_url (HotlistFakeSalesforce *self)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);

  return self->base_url;
}

/**
 * hotlist_fake_salesforce_stop:
 * @self: a fake
 *
 * Stops listening and, for a threaded fake, joins the thread. The records stay for inspection.
 */
void
hotlist_fake_salesforce_stop (HotlistFakeSalesforce *self)
{
  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  if (self->thread != NULL)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_callback (source, quit_cb, self->loop, NULL);
      g_source_attach (source, self->context);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  else if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

/**
 * hotlist_fake_salesforce_issue_tokens:
 * @self: a fake
 * @refresh_token: (out) (optional): the refresh token of the new grant
 *
 * Makes a grant as if the user had just authorized the connected app.
 *
 * Returns: (transfer full): the access token (a session id)
 */
char *
hotlist_fake_salesforce_issue_tokens (HotlistFakeSalesforce *self, char **refresh_token)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autofree char         *refresh = random_token ("5Aep861", 6);

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (refresh);
  return issue_tokens_locked (self, refresh);
}

/**
 * hotlist_fake_salesforce_set_token_lifetime_ms:
 * @self: a fake
 * @lifetime_ms: how long new sessions live (the org's session timeout); the default is 2 hours.
 *   Salesforce does not tell clients (no `expires_in`).
 */
void
hotlist_fake_salesforce_set_token_lifetime_ms (HotlistFakeSalesforce *self, guint lifetime_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->token_lifetime_ms = lifetime_ms;
}

/**
 * hotlist_fake_salesforce_expire_access_tokens:
 * @self: a fake
 *
 * Ends every session issued so far; refresh tokens stay valid.
 */
void
hotlist_fake_salesforce_expire_access_tokens (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  gint64                   now = g_get_monotonic_time ();

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((AccessToken *)value)->expires_us = MIN (((AccessToken *)value)->expires_us, now);
}

/**
 * hotlist_fake_salesforce_set_daily_limit:
 * @self: a fake
 * @max_requests: the org's rolling 24-hour API allocation (default 15,000, a Developer Edition)
 *
 * Beyond it, API requests get 403 `REQUEST_LIMIT_EXCEEDED`; every REST answer reports the usage
 * in `Sforce-Limit-Info`.
 */
void
hotlist_fake_salesforce_set_daily_limit (HotlistFakeSalesforce *self, guint max_requests)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->daily_limit = max_requests;
}

/**
 * hotlist_fake_salesforce_set_api_usage:
 * @self: a fake
 * @used: how many requests of today's allocation are used, as if other apps had made them
 */
void
hotlist_fake_salesforce_set_api_usage (HotlistFakeSalesforce *self, guint used)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->api_usage = used;
}

/**
 * hotlist_fake_salesforce_get_api_usage:
 * @self: a fake
 *
 * Returns: the requests counted against the daily allocation (authenticated API requests that
 *   were not refused for the limit)
 */
guint
hotlist_fake_salesforce_get_api_usage (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->api_usage;
}

/**
 * hotlist_fake_salesforce_inject_fault:
 * @self: a fake
 * @path_prefix: (nullable): requests whose path starts with this; %NULL for every API request
 *   (not the OAuth token endpoint)
 * @kind: the fault; %HOTLIST_FAKE_FAULT_429 serves 403 `REQUEST_LIMIT_EXCEEDED` for concurrent
 *   requests, the throttle Salesforce has in place of a 429
 * @count: how many requests get it; 0 for all of them until cleared
 *
 * Queues a fault. Faults are checked before authentication, in the order they were injected.
 */
void
hotlist_fake_salesforce_inject_fault (HotlistFakeSalesforce *self,
                                      const char            *path_prefix,
                                      HotlistFakeFault       kind,
                                      guint                  count)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Fault                   *f;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));
  g_return_if_fail (kind != HOTLIST_FAKE_FAULT_NONE);

  locker = g_mutex_locker_new (&self->lock);
  f = g_new0 (Fault, 1);
  f->prefix = g_strdup (path_prefix);
  f->kind = kind;
  f->remaining = count;
  g_ptr_array_add (self->faults, f);
}

/**
 * hotlist_fake_salesforce_set_fault_every:
 * @self: a fake
 * @n: every @n-th API request gets the fault; 0 turns it off
 * @kind: the fault
 */
void
hotlist_fake_salesforce_set_fault_every (HotlistFakeSalesforce *self,
                                         guint                  n,
                                         HotlistFakeFault       kind)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_every = n;
  self->fault_every_kind = kind;
  self->n_counted = 0;
}

/**
 * hotlist_fake_salesforce_set_fault_delay:
 * @self: a fake
 * @delay_ms: how long %HOTLIST_FAKE_FAULT_SLOW holds an answer back (default 2000)
 */
void
hotlist_fake_salesforce_set_fault_delay (HotlistFakeSalesforce *self, guint delay_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_delay_ms = delay_ms;
}

/**
 * hotlist_fake_salesforce_set_retry_after:
 * @self: a fake
 * @seconds: the `Retry-After` of injected 503s and concurrent-limit 403s; 0 (the default) sends
 *   none, as Salesforce's REST API normally does not (reference 3.6)
 */
void
hotlist_fake_salesforce_set_retry_after (HotlistFakeSalesforce *self, guint seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->retry_after_s = seconds;
}

/**
 * hotlist_fake_salesforce_clear_faults:
 * @self: a fake
 *
 * Drops queued faults, the every-Nth fault and per-record errors.
 */
void
hotlist_fake_salesforce_clear_faults (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_ptr_array_set_size (self->faults, 0);
  self->fault_every = 0;
  g_hash_table_remove_all (self->record_errors);
}

/**
 * hotlist_fake_salesforce_get_n_requests:
 * @self: a fake
 * @endpoint: (nullable): one of the `HOTLIST_FAKE_SALESFORCE_*` endpoint names, or
 *   "METHOD /path" for anything else; %NULL for all requests
 *
 * Returns: how many requests reached the endpoint, faulted ones included
 */
guint
hotlist_fake_salesforce_get_n_requests (HotlistFakeSalesforce *self, const char *endpoint)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  if (endpoint != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests, endpoint));
  g_hash_table_iter_init (&iter, self->n_requests);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);
  return n;
}

/**
 * hotlist_fake_salesforce_get_n_faults:
 * @self: a fake
 *
 * Returns: how many faults have been served
 */
guint
hotlist_fake_salesforce_get_n_faults (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_faults;
}

/**
 * hotlist_fake_salesforce_set_record_error:
 * @self: a fake
 * @id: a record id
 * @status_code: (nullable): the SaveResult `statusCode` every update of the record gets, e.g.
 *   "UNABLE_TO_LOCK_ROW" or "FIELD_CUSTOM_VALIDATION_EXCEPTION"; %NULL to remove it
 * @message: (nullable): its message
 */
void
hotlist_fake_salesforce_set_record_error (HotlistFakeSalesforce *self,
                                          const char            *id,
                                          const char            *status_code,
                                          const char            *message)
{
  g_autoptr (GMutexLocker) locker = NULL;
  RecordError             *e;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));
  g_return_if_fail (id != NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (status_code == NULL)
    {
      g_hash_table_remove (self->record_errors, id);
      return;
    }
  e = g_new0 (RecordError, 1);
  e->code = g_strdup (status_code);
  e->message = g_strdup (message ? message : status_code);
  g_hash_table_insert (self->record_errors, g_strdup (id), e);
}

/**
 * hotlist_fake_salesforce_set_query_batch_size:
 * @self: a fake
 * @size: how many records a query answer holds before `nextRecordsUrl` (default and maximum
 *   2000; Salesforce lowers it on its own for wide records)
 */
void
hotlist_fake_salesforce_set_query_batch_size (HotlistFakeSalesforce *self, guint size)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));
  g_return_if_fail (size > 0);

  locker = g_mutex_locker_new (&self->lock);
  self->batch_size = MIN (size, MAX_BATCH);
}

/**
 * hotlist_fake_salesforce_expire_query_locators:
 * @self: a fake
 *
 * Forgets every open query cursor, as Salesforce does after 15 minutes of inactivity: following
 * a `nextRecordsUrl` then gets 400 `INVALID_QUERY_LOCATOR`.
 */
void
hotlist_fake_salesforce_expire_query_locators (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_remove_all (self->locators);
  g_queue_clear (&self->locator_order);
}

/**
 * hotlist_fake_salesforce_get_last_query:
 * @self: a fake
 *
 * Returns: (transfer full) (nullable): the SOQL of the last query request
 */
char *
hotlist_fake_salesforce_get_last_query (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return g_strdup (self->last_query);
}

/**
 * hotlist_fake_salesforce_set_now_ms:
 * @self: a fake
 * @now_ms: the time writes are stamped with, in epoch ms (kept to the second, as Salesforce
 *   does); 0 to follow the real clock
 */
void
hotlist_fake_salesforce_set_now_ms (HotlistFakeSalesforce *self, gint64 now_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->now_ms = now_ms;
}

static void
set_kv_pairs (HotlistFakeSalesforce *self, Record *r, const char *const *kv_pairs, gint64 *modified)
{
  for (guint i = 0; kv_pairs[i] != NULL && kv_pairs[i + 1] != NULL; i += 2)
    {
      const char *name = kv_pairs[i];
      FieldDef   *f = find_field (self, r->type, name);
      gint64      ms;

      if (g_ascii_strcasecmp (name, "SystemModstamp") == 0
          || g_ascii_strcasecmp (name, "LastModifiedDate") == 0)
        {
          if (parse_datetime (kv_pairs[i + 1], &ms))
            *modified = ms - ms % 1000;
          continue;
        }
      if (g_ascii_strcasecmp (name, "CreatedDate") == 0)
        {
          if (parse_datetime (kv_pairs[i + 1], &ms))
            r->created_ms = ms - ms % 1000;
          continue;
        }
      if (f == NULL)
        f = define_field (self, r->type, name, name, FT_STRING, TRUE);
      if (f->type == FT_ID)
        continue;
      record_set_value (r, f, kv_pairs[i + 1]);
    }
}

/**
 * hotlist_fake_salesforce_add_contact:
 * @self: a fake
 * @kv_pairs: (array zero-terminated=1): Lead field names and values, alternating, as the API
 *   writes them ("IsConverted" "true", "NumberOfEmployees" "250"); `CreatedDate` and
 *   `SystemModstamp` take epoch ms or ISO 8601. Unknown names become custom text fields.
 *
 * Returns: (transfer full): the new Lead's id
 */
char *
hotlist_fake_salesforce_add_contact (HotlistFakeSalesforce *self, const char *const *kv_pairs)
{
  g_autoptr (GMutexLocker) locker = NULL;
  gint64                   modified;
  Record                  *r;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);
  g_return_val_if_fail (kv_pairs != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  r = record_new (self, OBJ_LEAD, clock_now (self));
  modified = r->created_ms;
  set_kv_pairs (self, r, kv_pairs, &modified);
  r->created_ms = MIN (r->created_ms, modified);
  record_set_modified (self, r, modified);
  return g_strdup (r->id);
}

static Record *
add_activity_locked (HotlistFakeSalesforce *self, Record *lead, ObjType type, gint64 when_ms)
{
  Record *a = record_new (self, type, when_ms);

  record_set (self, a, "WhoId", lead->id);
  record_set (self, a, "OwnerId", g_hash_table_lookup (lead->values, "OwnerId"));
  add_activity_index (self, a, lead->id);
  return a;
}

/**
 * hotlist_fake_salesforce_generate_contacts:
 * @self: a fake
 * @n: how many Leads to add
 * @seed: the same seed gives the same Leads
 *
 * Adds realistic Leads created between 2022-06-01 and 2024-06-01, each last modified some time
 * after it was created, about a fifth of them converted; each gets up to four activities
 * (call and email Tasks, Events) between its creation and its last change.
 */
void
hotlist_fake_salesforce_generate_contacts (HotlistFakeSalesforce *self, guint n, guint32 seed)
{
  const gint64             end_ms = G_GINT64_CONSTANT (1717200000000); /* 2024-06-01 */
  const gint64             span_ms = G_GINT64_CONSTANT (63158400000);  /* two years */
  g_autoptr (GMutexLocker) locker = NULL;
  GRand                   *rand;

#define PICK(array) (array[g_rand_int_range (rand, 0, G_N_ELEMENTS (array))])

  g_return_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self));

  locker = g_mutex_locker_new (&self->lock);
  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < n; i++)
    {
      const char *first = PICK (first_names);
      const char *last = PICK (last_names);
      guint       co = g_rand_int_range (rand, 0, G_N_ELEMENTS (companies));
      gint64      created = end_ms - span_ms + (gint64)(g_rand_double (rand) * span_ms);
      gint64      modified = created + (gint64)(g_rand_double (rand) * (end_ms - created));
      const char *status =
          statuses[g_rand_int_range (rand, 0, 100) < 20   ? 2
                   : g_rand_int_range (rand, 0, 100) < 15 ? 3
                                                          : g_rand_int_range (rand, 0, 2)];
      g_autofree char *local = g_ascii_strdown (first, -1);
      g_autofree char *local2 = g_ascii_strdown (last, -1);
      g_autofree char *email = NULL;
      g_autofree char *size = g_strdup_printf ("%d", PICK (employees));
      guint            n_activities = g_rand_int_range (rand, 0, 5);
      Record          *r;

      g_strdelimit (local2, " ", '-');
      email = g_strdup_printf ("%s.%s@%s", local, local2, companies[co][1]);
      for (guint k = 2; g_hash_table_contains (self->emails, email); k++)
        {
          g_free (email);
          email = g_strdup_printf ("%s.%s%u@%s", local, local2, k, companies[co][1]);
        }
      g_hash_table_add (self->emails, g_strdup (email));
      r = record_new (self, OBJ_LEAD, created - created % 1000);
      record_set (self, r, "FirstName", first);
      record_set (self, r, "LastName", last);
      record_set (self, r, "Email", email);
      record_set (self, r, "Company", companies[co][0]);
      if (g_rand_int_range (rand, 0, 10) > 0)
        record_set (self, r, "Title", PICK (titles));
      record_set (self, r, "Industry", PICK (industries));
      record_set (self, r, "NumberOfEmployees", size);
      record_set (self, r, "Country", PICK (countries));
      record_set (self, r, "LeadSource", PICK (lead_sources));
      record_set (self, r, "Status", status);
      record_set (self, r, "OwnerId", PICK (owners));
      if (g_rand_boolean (rand))
        record_set (self, r, "Rating", PICK (ratings));
      record_set (self, r, "Product_Interest__c", PICK (interests));
      record_set (self, r, "Webinar_Attended__c", g_rand_boolean (rand) ? "true" : "false");
      if (g_str_equal (status, "Closed - Converted"))
        {
          g_autofree char *day = format_date (modified);

          record_set (self, r, "IsConverted", "true");
          record_set (self, r, "ConvertedDate", day);
        }
      record_set_modified (self, r, modified);

      for (guint k = 0; k < n_activities; k++)
        {
          gint64  when = created + (gint64)(g_rand_double (rand) * (modified - created));
          guint   kind = g_rand_int_range (rand, 0, 3);
          Record *a;

          when -= when % 1000;
          if (kind == 2)
            {
              g_autofree char *at = format_datetime (when);
              g_autofree char *day = format_date (when);

              a = add_activity_locked (self, r, OBJ_EVENT, when);
              record_set (self, a, "Subject", PICK (event_subjects));
              record_set (self, a, "ActivityDateTime", at);
              record_set (self, a, "ActivityDate", day);
              record_set (self, a, "DurationInMinutes", "30");
              record_set (self, a, "EventSubtype", "Event");
            }
          else
            {
              g_autofree char *day = format_date (when);

              a = add_activity_locked (self, r, OBJ_TASK, when);
              record_set (self, a, "TaskSubtype", kind == 0 ? "Call" : "Email");
              record_set (self, a, "Subject",
                          kind == 0 ? PICK (call_subjects) : PICK (email_subjects));
              record_set (self, a, "Status", "Completed");
              record_set (self, a, "ActivityDate", day);
              if (kind == 0)
                {
                  record_set (self, a, "CallType", g_rand_boolean (rand) ? "Outbound" : "Inbound");
                  record_set (self, a, "CallDurationInSeconds", "300");
                }
            }
        }
    }
  g_rand_free (rand);
#undef PICK
}

/**
 * hotlist_fake_salesforce_touch_contacts:
 * @self: a fake
 * @n: how many Leads to change
 *
 * Changes the `Rating` of @n distinct Leads, picked at random, and stamps them with the current
 * time, as users editing in Salesforce would.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids changed
 */
char **
hotlist_fake_salesforce_touch_contacts (HotlistFakeSalesforce *self, guint n)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray)    all = g_ptr_array_new ();
  GPtrArray               *ids = g_ptr_array_new ();
  GSequenceIter           *it;
  gint64                   now;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  for (it = g_sequence_get_begin_iter (self->types[OBJ_LEAD].by_modified);
       !g_sequence_iter_is_end (it); it = g_sequence_iter_next (it))
    g_ptr_array_add (all, g_sequence_get (it));
  /* By id, so that the picks do not depend on earlier touches. */
  g_ptr_array_sort (all, compare_record_ids);
  now = clock_now (self);
  for (guint i = 0; i < n && i < all->len; i++)
    {
      guint       j = g_rand_int_range (self->touch_rand, i, all->len);
      Record     *r = g_ptr_array_index (all, j);
      const char *old = g_hash_table_lookup (r->values, "Rating");
      guint       k = 0;

      all->pdata[j] = all->pdata[i];
      all->pdata[i] = r;
      while (old != NULL && k < G_N_ELEMENTS (ratings) && !g_str_equal (old, ratings[k]))
        k++;
      k = old != NULL ? (k + 1) % G_N_ELEMENTS (ratings) : 0;
      record_set (self, r, "Rating", ratings[k]);
      record_set_modified (self, r, now);
      g_ptr_array_add (ids, g_strdup (r->id));
    }
  g_ptr_array_add (ids, NULL);
  return (char **)g_ptr_array_free (ids, FALSE);
}

/**
 * hotlist_fake_salesforce_count_contacts:
 * @self: a fake
 *
 * Returns: the number of Leads
 */
guint
hotlist_fake_salesforce_count_contacts (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return (guint)g_sequence_get_length (self->types[OBJ_LEAD].by_modified);
}

/**
 * hotlist_fake_salesforce_get_contact_property:
 * @self: a fake
 * @id: a Lead id
 * @name: a field name (any case)
 *
 * Returns: (transfer full) (nullable): the value the fake holds, as text ("87", "true",
 *   "2024-05-01T10:11:12.000+0000"), or %NULL if the Lead, the field or the value does not exist
 */
char *
hotlist_fake_salesforce_get_contact_property (HotlistFakeSalesforce *self,
                                              const char            *id,
                                              const char            *name)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Record                  *r;
  FieldDef                *f;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);
  g_return_val_if_fail (id != NULL && name != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  r = g_hash_table_lookup (self->records, id);
  if (r == NULL || r->type != OBJ_LEAD || (f = find_field (self, OBJ_LEAD, name)) == NULL)
    return NULL;
  return record_dup_value (r, f);
}

/**
 * hotlist_fake_salesforce_get_contact_modified:
 * @self: a fake
 * @id: a Lead id
 *
 * Returns: the Lead's `SystemModstamp` in epoch ms, or -1 if there is no such Lead
 */
gint64
hotlist_fake_salesforce_get_contact_modified (HotlistFakeSalesforce *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Record                  *r;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  locker = g_mutex_locker_new (&self->lock);
  r = g_hash_table_lookup (self->records, id);
  return r != NULL && r->type == OBJ_LEAD ? r->modified_ms : -1;
}

/**
 * hotlist_fake_salesforce_list_property_names:
 * @self: a fake
 *
 * Returns: (transfer full) (array zero-terminated=1): the Lead field names in describe order,
 *   custom fields created through the Tooling API last
 */
char **
hotlist_fake_salesforce_list_property_names (HotlistFakeSalesforce *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GPtrArray               *fields;
  GStrvBuilder            *builder;
  char                   **names;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  fields = self->types[OBJ_LEAD].fields;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < fields->len; i++)
    g_strv_builder_add (builder, ((FieldDef *)g_ptr_array_index (fields, i))->name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * hotlist_fake_salesforce_convert_lead:
 * @self: a fake
 * @id: a Lead id
 *
 * Converts the Lead (`IsConverted`, status "Closed - Converted"); it cannot be updated after.
 *
 * Returns: %TRUE if the Lead existed and was not converted yet
 */
gboolean
hotlist_fake_salesforce_convert_lead (HotlistFakeSalesforce *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autofree char         *day = NULL;
  Record                  *r;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  r = g_hash_table_lookup (self->records, id);
  if (r == NULL || r->type != OBJ_LEAD
      || g_strcmp0 (g_hash_table_lookup (r->values, "IsConverted"), "true") == 0)
    return FALSE;
  day = format_date (clock_now (self));
  record_set (self, r, "IsConverted", "true");
  record_set (self, r, "Status", "Closed - Converted");
  record_set (self, r, "ConvertedDate", day);
  record_set_modified (self, r, clock_now (self));
  return TRUE;
}

/**
 * hotlist_fake_salesforce_add_activity:
 * @self: a fake
 * @lead_id: the Lead the activity is about (its `WhoId`)
 * @object_type: "Task" or "Event"
 * @kv_pairs: (array zero-terminated=1) (nullable): field names and values, alternating
 *   ("TaskSubtype" "Call", "Subject" "…", "ActivityDate" "2024-05-01", "CreatedDate" ms or ISO)
 *
 * Adds an activity; the Lead's `SystemModstamp` does not change, as in Salesforce.
 *
 * Returns: (transfer full) (nullable): the new record's id, or %NULL if there is no such Lead
 */
char *
hotlist_fake_salesforce_add_activity (HotlistFakeSalesforce *self,
                                      const char            *lead_id,
                                      const char            *object_type,
                                      const char *const     *kv_pairs)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Record                  *lead, *a;
  ObjType                  type = OBJ_TASK;
  gint64                   modified;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);
  g_return_val_if_fail (lead_id != NULL && object_type != NULL, NULL);
  g_return_val_if_fail (find_object (object_type, &type) && type != OBJ_LEAD, NULL);

  locker = g_mutex_locker_new (&self->lock);
  lead = g_hash_table_lookup (self->records, lead_id);
  if (lead == NULL || lead->type != OBJ_LEAD)
    return NULL;
  a = add_activity_locked (self, lead, type, clock_now (self));
  modified = a->created_ms;
  if (kv_pairs != NULL)
    set_kv_pairs (self, a, kv_pairs, &modified);
  record_set_modified (self, a, MAX (modified, a->created_ms));
  return g_strdup (a->id);
}

/**
 * hotlist_fake_salesforce_count_activities:
 * @self: a fake
 * @object_type: (nullable): "Task" or "Event"; %NULL for both
 *
 * Returns: how many there are
 */
guint
hotlist_fake_salesforce_count_activities (HotlistFakeSalesforce *self, const char *object_type)
{
  g_autoptr (GMutexLocker) locker = NULL;
  ObjType                  type;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  if (object_type == NULL)
    return g_sequence_get_length (self->types[OBJ_TASK].by_modified)
           + g_sequence_get_length (self->types[OBJ_EVENT].by_modified);
  if (!find_object (object_type, &type))
    return 0;
  return g_sequence_get_length (self->types[type].by_modified);
}

/**
 * hotlist_fake_salesforce_list_activities:
 * @self: a fake
 * @lead_id: a Lead id
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids of the Lead's Tasks and Events,
 *   in the order they were added
 */
char **
hotlist_fake_salesforce_list_activities (HotlistFakeSalesforce *self, const char *lead_id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GStrvBuilder            *builder;
  GPtrArray               *list;
  char                   **ids;

  g_return_val_if_fail (HOTLIST_IS_FAKE_SALESFORCE (self), NULL);
  g_return_val_if_fail (lead_id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  builder = g_strv_builder_new ();
  list = g_hash_table_lookup (self->activities_by_who, lead_id);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_strv_builder_add (builder, ((Record *)g_ptr_array_index (list, i))->id);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}
