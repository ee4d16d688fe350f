/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake HubSpot CRM v3 server on 127.0.0.1 that keeps its own contacts, for the connector tests. */

#include "hotlist-fake-hubspot.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* Search returns at most this many results per query, whatever the paging (reference 2.3). */
#define SEARCH_WINDOW 10000
#define LIST_MAX_LIMIT 100
#define SEARCH_MAX_LIMIT 200
#define BATCH_MAX 100
#define MAX_GROUPS 5
#define MAX_PER_GROUP 10
#define MAX_FILTERS 25
#define WINDOW_US (10 * G_USEC_PER_SEC)
#define PRIVATE_MAX 190
#define OAUTH_MAX 110
#define PRIVATE_DAILY 650000

typedef enum
{
  ROUTE_NONE,
  ROUTE_LIST,
  ROUTE_CREATE,
  ROUTE_GET,
  ROUTE_PATCH,
  ROUTE_BATCH_UPDATE,
  ROUTE_BATCH_READ,
  ROUTE_SEARCH,
  ROUTE_PROPERTIES,
  ROUTE_PROPERTY,
  ROUTE_PROPERTY_POST,
  ROUTE_TOKEN,
  ROUTE_ENGAGEMENT_BATCH_READ,
  ROUTE_ENGAGEMENT_GET,
  ROUTE_ASSOCIATIONS_BATCH_READ,
  ROUTE_ASSOCIATIONS_LIST,
  ROUTE_EMAIL_EVENTS,
} Route;

static const char *const route_names[] = {
  NULL,
  HOTLIST_FAKE_HUBSPOT_LIST,
  HOTLIST_FAKE_HUBSPOT_CREATE,
  HOTLIST_FAKE_HUBSPOT_GET,
  HOTLIST_FAKE_HUBSPOT_PATCH,
  HOTLIST_FAKE_HUBSPOT_BATCH_UPDATE,
  HOTLIST_FAKE_HUBSPOT_BATCH_READ,
  HOTLIST_FAKE_HUBSPOT_SEARCH,
  HOTLIST_FAKE_HUBSPOT_PROPERTIES,
  HOTLIST_FAKE_HUBSPOT_PROPERTY,
  HOTLIST_FAKE_HUBSPOT_PROPERTY_POST,
  HOTLIST_FAKE_HUBSPOT_TOKEN,
  HOTLIST_FAKE_HUBSPOT_ENGAGEMENT_BATCH_READ,
  HOTLIST_FAKE_HUBSPOT_ENGAGEMENT_GET,
  HOTLIST_FAKE_HUBSPOT_ASSOCIATIONS_BATCH_READ,
  HOTLIST_FAKE_HUBSPOT_ASSOCIATIONS_LIST,
  HOTLIST_FAKE_HUBSPOT_EMAIL_EVENTS,
};

typedef struct
{
  guint64        id;
  char          *id_str;
  GHashTable    *props;
  gint64         created_ms;
  gint64         modified_ms;
  gboolean       archived;
  gint64         archived_ms;
  GSequenceIter *by_modified;
  GPtrArray     *engagements; /* of Engagement, not owned; NULL when none */
} Contact;

/* Engagement objects (reference 2.6). Generated ones point at static strings, so that a large
 * fake stays small; those added by a test keep their properties in @extra. */
typedef enum
{
  ENGAGEMENT_CALLS,
  ENGAGEMENT_MEETINGS,
  ENGAGEMENT_EMAILS,
  N_ENGAGEMENT_TYPES
} EngagementType;

typedef struct
{
  guint64        id;
  EngagementType type;
  gint64         timestamp_ms;
  gint64         created_ms;
  gint64         modified_ms;
  gint64         duration_ms;
  const char    *title;
  const char    *direction;
  const char    *status;
  GHashTable    *extra;
  Contact       *contact;
} Engagement;

/* A marketing email event of the legacy feed (reference 2.6). */
typedef struct
{
  guint64     id;
  gint64      created_ms;
  const char *type;
  char       *recipient;
  guint       campaign;
} EmailEvent;

typedef struct
{
  char    *name;
  char    *label;
  char    *type;
  char    *field_type;
  char    *group_name;
  char    *description;
  char   **options;
  gboolean custom;
  gboolean read_only;
  gint64   created_ms;
} PropertyDef;

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

typedef enum
{
  OP_EQ,
  OP_NEQ,
  OP_LT,
  OP_LTE,
  OP_GT,
  OP_GTE,
  OP_BETWEEN,
  OP_IN,
  OP_NOT_IN,
  OP_HAS_PROPERTY,
  OP_NOT_HAS_PROPERTY,
  OP_CONTAINS_TOKEN,
  OP_NOT_CONTAINS_TOKEN,
} FilterOp;

typedef struct
{
  char    *prop;
  FilterOp op;
  char    *value;
  char    *high;
  char   **values;
  gboolean on_modified;
  gint64   t;
  gint64   th;
} Filter;

struct _HotlistFakeHubspot
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

  GPtrArray  *contacts;
  GHashTable *by_id;
  GHashTable *by_email;
  GSequence  *by_modified;
  guint64     next_id;
  GRand      *id_rand;
  GRand      *touch_rand;
  gint64      now_ms;
  gint64      last_clock_ms;
  GHashTable *properties;
  GPtrArray  *property_order;

  GPtrArray  *engagements; /* of Engagement, owned, in id order */
  GHashTable *engagements_by_id;
  guint64     next_engagement_id;
  GPtrArray  *email_events; /* of EmailEvent, owned */
  gboolean    email_events_sorted;
  guint64     next_email_event_id;

  GHashTable *access_tokens;
  GHashTable *refresh_tokens;
  GHashTable *private_tokens;
  GHashTable *auth_codes;
  guint       token_lifetime_ms;

  guint    per_second;
  guint    per_ten_seconds;
  gboolean send_retry_after;
  GArray  *hits;
  guint    hits_start;
  guint64  daily_used;

  GPtrArray       *faults;
  guint            fault_every;
  HotlistFakeFault fault_every_kind;
  guint64          n_counted;
  guint            fault_delay_ms;
  guint            retry_after_s;
  guint            n_faults;
  GHashTable      *n_requests;
  gint64           serve_time_us; /* from each request's start to its answer's last byte */
  GMutex           serve_lock;    /* of serve_time_us only: it is added to outside the handler */
};

G_DEFINE_FINAL_TYPE (HotlistFakeHubspot, hotlist_fake_hubspot, G_TYPE_OBJECT)

static const char *const lifecycle_options[] = {
  "subscriber",         "lead",        "marketingqualifiedlead",
  "salesqualifiedlead", "opportunity", "customer",
  "evangelist",         "other",       NULL
};
static const char *const lead_status_options[] = {
  "NEW",       "OPEN",       "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT",
  "CONNECTED", "BAD_TIMING", NULL
};
static const char *const default_properties[] = {
  "createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname", NULL
};

static const char *const first_names[] = {
  "Ada",     "Grace",  "Alan",  "Linus",  "Margaret", "Dennis",    "Barbara",   "Ken",
  "Frances", "Edsger", "Radia", "Donald", "Hedy",     "Tim",       "Katherine", "John",
  "Sophie",  "Bjarne", "Mary",  "Guido",  "Joan",     "Niklaus",   "Lynn",      "Leslie",
  "Karen",   "Vint",   "Shafi", "Robin",  "Jean",     "Whitfield", "Anita",     "Ivan",
  "Carol",   "Butler", "Elena", "Marco",  "Priya",    "Kenji",     "Fatima",    "Lars",
};
static const char *const last_names[] = {
  "Lovelace", "Hopper",   "Turing",   "Torvalds",   "Hamilton", "Ritchie",    "Liskov",
  "Thompson", "Allen",    "Dijkstra", "Perlman",    "Knuth",    "Lamarr",     "Berners-Lee",
  "Johnson",  "McCarthy", "Wilson",   "Stroustrup", "Keller",   "van Rossum", "Clarke",
  "Wirth",    "Conway",   "Lamport",  "Jones",      "Cerf",     "Goldwasser", "Milner",
  "Sammet",   "Diffie",   "Borg",     "Sutherland", "Shaw",     "Lampson",    "Rossi",
  "Bianchi",  "Sharma",   "Tanaka",   "Haddad",     "Nilsson",
};
static const char *const companies[][2] = {
  { "Acme Corp", "acme.example" },
  { "Globex", "globex.example" },
  { "Initech", "initech.example" },
  { "Umbrella Labs", "umbrella.example" },
  { "Stark Industries", "stark.example" },
  { "Wayne Enterprises", "wayne.example" },
  { "Hooli", "hooli.example" },
  { "Pied Piper", "piedpiper.example" },
  { "Vandelay Imports", "vandelay.example" },
  { "Soylent", "soylent.example" },
  { "Cyberdyne", "cyberdyne.example" },
  { "Tyrell", "tyrell.example" },
  { "Massive Dynamic", "massive.example" },
  { "Oscorp", "oscorp.example" },
  { "Aperture Science", "aperture.example" },
  { "Black Mesa", "blackmesa.example" },
  { "Gringotts", "gringotts.example" },
  { "Monsters Inc", "monsters.example" },
  { "Dunder Mifflin", "dundermifflin.example" },
  { "Wonka Industries", "wonka.example" },
};
static const char *const job_titles[] = {
  "CEO",
  "CTO",
  "VP Sales",
  "Head of Marketing",
  "Sales Manager",
  "Account Executive",
  "Software Engineer",
  "Product Manager",
  "Office Manager",
  "Procurement Lead",
  "CFO",
  "Marketing Specialist",
  "IT Director",
  "Operations Manager",
  "Founder",
  "Consultant",
};
static const char *const owner_ids[] = { "31000001", "31000002", "31000003", "31000004", NULL };

static const char *const industries[] = { "COMPUTER_SOFTWARE",
                                          "FINANCIAL_SERVICES",
                                          "HOSPITAL_HEALTH_CARE",
                                          "RETAIL",
                                          "MARKETING_AND_ADVERTISING",
                                          "MANUFACTURING",
                                          "EDUCATION_MANAGEMENT",
                                          "LOGISTICS_AND_SUPPLY_CHAIN",
                                          NULL };
static const char *const countries[] = { "United States",  "Germany", "France",
                                         "United Kingdom", "Japan",   "India",
                                         "Brazil",         "Sweden",  NULL };
static const char *const employee_options[] = { "1-5",     "5-25",     "25-50", "50-100",
                                                "100-500", "500-1000", "1000+", NULL };
static const char *const source_options[] = {
  "ORGANIC_SEARCH",  "PAID_SEARCH",    "EMAIL_MARKETING", "SOCIAL_MEDIA", "REFERRALS",
  "OTHER_CAMPAIGNS", "DIRECT_TRAFFIC", "OFFLINE",         "PAID_SOCIAL",  NULL
};

static const char *const engagement_type_names[] = { "calls", "meetings", "emails", NULL };
/* The HUBSPOT_DEFINED contact-to-engagement association type ids. */
static const int         engagement_association_ids[] = { 194, 200, 198 };
static const char *const call_titles[] = { "Discovery call", "Follow-up call", "Demo call",
                                           "Pricing questions", NULL };
static const char *const call_directions[] = { "OUTBOUND", "INBOUND", NULL };
static const char *const call_statuses[] = { "COMPLETED", "COMPLETED", "NO_ANSWER", "BUSY", NULL };
static const char *const meeting_titles[] = { "Intro meeting", "Product demo", "Contract review",
                                              NULL };
static const char *const meeting_outcomes[] = { "COMPLETED",   "SCHEDULED", "NO_SHOW",
                                                "RESCHEDULED", "CANCELED",  NULL };
static const char *const email_subjects[] = { "Quick question", "Following up", "Re: your trial",
                                              "Proposal attached", NULL };
static const char *const email_directions[] = { "EMAIL", "EMAIL", "INCOMING_EMAIL",
                                                "FORWARDED_EMAIL", NULL };
static const char *const email_statuses[] = { "SENT", "SENT", "SENT", "BOUNCED", NULL };
static const char *const email_event_types[] = { "SENT", "DELIVERED", "OPEN", "CLICK", NULL };

/* The properties each engagement type knows, besides the common hs_* ones. */
static const char *const engagement_properties[N_ENGAGEMENT_TYPES][5] = {
  { "hs_call_title", "hs_call_direction", "hs_call_status", "hs_call_duration", NULL },
  { "hs_meeting_title", "hs_meeting_outcome", "hs_meeting_start_time", "hs_meeting_end_time",
    NULL },
  { "hs_email_subject", "hs_email_direction", "hs_email_status", NULL, NULL },
};
static const char *const engagement_default_properties[] = { "hs_createdate", "hs_lastmodifieddate",
                                                             "hs_object_id", NULL };

/* Helpers: time and values */

static char *
format_iso (gint64 ms)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char      *s = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  s = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", s, (int)(ms % 1000));
}

static gboolean
parse_time (const char *s, gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = NULL;
  char                 *end = NULL;

  if (s == NULL || *s == '\0')
    return FALSE;
  if (g_ascii_isdigit (s[0]) || s[0] == '-')
    {
      gint64 v = g_ascii_strtoll (s, &end, 10);
      if (end != s && *end == '\0')
        {
          *out = v;
          return TRUE;
        }
    }
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (s, utc);
  if (dt == NULL && strlen (s) == 10)
    {
      g_autofree char *full = g_strconcat (s, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static gint64
clock_now (HotlistFakeHubspot *self)
{
  gint64 real;

  if (self->now_ms != 0)
    return self->now_ms;
  real = g_get_real_time () / 1000;
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

/* Helpers: records */

static void
contact_free (gpointer data)
{
  Contact *c = data;

  g_free (c->id_str);
  g_hash_table_unref (c->props);
  g_clear_pointer (&c->engagements, g_ptr_array_unref);
  g_free (c);
}

static void
engagement_free (gpointer data)
{
  Engagement *e = data;

  g_clear_pointer (&e->extra, g_hash_table_unref);
  g_free (e);
}

static void
email_event_free (gpointer data)
{
  EmailEvent *ev = data;

  g_free (ev->recipient);
  g_free (ev);
}

static void
property_def_free (gpointer data)
{
  PropertyDef *d = data;

  g_free (d->name);
  g_free (d->label);
  g_free (d->type);
  g_free (d->field_type);
  g_free (d->group_name);
  g_free (d->description);
  g_strfreev (d->options);
  g_free (d);
}

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
filter_free (gpointer data)
{
  Filter *f = data;

  g_free (f->prop);
  g_free (f->value);
  g_free (f->high);
  g_strfreev (f->values);
  g_free (f);
}

static int
compare_modified (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Contact *ca = a;
  const Contact *cb = b;

  if (ca->modified_ms != cb->modified_ms)
    return ca->modified_ms < cb->modified_ms ? -1 : 1;
  if (ca->id != cb->id)
    return ca->id < cb->id ? -1 : 1;
  return 0;
}

static void
define_property (HotlistFakeHubspot *self,
                 const char         *name,
                 const char         *label,
                 const char         *type,
                 const char         *field_type,
                 const char *const  *options,
                 gboolean            custom,
                 gboolean            read_only)
{
  PropertyDef *d = g_new0 (PropertyDef, 1);

  d->name = g_strdup (name);
  d->label = g_strdup (label);
  d->type = g_strdup (type);
  d->field_type = g_strdup (field_type);
  d->group_name = g_strdup ("contactinformation");
  d->description = g_strdup ("");
  d->options = g_strdupv ((char **)options);
  d->custom = custom;
  d->read_only = read_only;
  d->created_ms = custom ? clock_now (self) : 1262304000000;
  g_hash_table_insert (self->properties, d->name, d);
  g_ptr_array_add (self->property_order, d);
}

static Contact *
find_contact (HotlistFakeHubspot *self, const char *id, const char *id_property)
{
  if (id == NULL)
    return NULL;
  if (id_property != NULL && g_strcmp0 (id_property, "hs_object_id") != 0)
    {
      g_autofree char *lower = NULL;

      if (g_strcmp0 (id_property, "email") != 0)
        return NULL;
      lower = g_ascii_strdown (id, -1);
      return g_hash_table_lookup (self->by_email, lower);
    }
  return g_hash_table_lookup (self->by_id, id);
}

/* Returns a newly allocated value or NULL when the property is unset. */
static char *
contact_dup_value (Contact *c, const char *name)
{
  if (g_str_equal (name, "hs_object_id"))
    return g_strdup (c->id_str);
  if (g_str_equal (name, "createdate"))
    return format_iso (c->created_ms);
  if (g_str_equal (name, "lastmodifieddate"))
    return format_iso (c->modified_ms);
  return g_strdup (g_hash_table_lookup (c->props, name));
}

static void
contact_set_modified (HotlistFakeHubspot *self, Contact *c, gint64 ms)
{
  if (c->by_modified != NULL)
    g_sequence_remove (c->by_modified);
  c->modified_ms = ms;
  c->by_modified =
      c->archived ? NULL : g_sequence_insert_sorted (self->by_modified, c, compare_modified, NULL);
}

static void
contact_set_value (HotlistFakeHubspot *self, Contact *c, const char *name, const char *value)
{
  if (g_str_equal (name, "email"))
    {
      const char *old = g_hash_table_lookup (c->props, "email");

      if (old != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (old, -1);
          if (g_hash_table_lookup (self->by_email, lower) == c)
            g_hash_table_remove (self->by_email, lower);
        }
      if (value != NULL && *value != '\0')
        g_hash_table_insert (self->by_email, g_ascii_strdown (value, -1), c);
    }
  if (g_str_equal (name, "createdate"))
    {
      gint64 t;
      if (parse_time (value, &t))
        c->created_ms = t;
      return;
    }
  if (value == NULL)
    g_hash_table_remove (c->props, name);
  else
    g_hash_table_insert (c->props, g_strdup (name), g_strdup (value));
}

static Contact *
contact_new (HotlistFakeHubspot *self, gint64 created_ms)
{
  Contact *c = g_new0 (Contact, 1);

  self->next_id += 1 + g_rand_int_range (self->id_rand, 0, 5);
  c->id = self->next_id;
  c->id_str = g_strdup_printf ("%" G_GUINT64_FORMAT, c->id);
  c->props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->created_ms = created_ms;
  g_ptr_array_add (self->contacts, c);
  g_hash_table_insert (self->by_id, c->id_str, c);
  return c;
}

/* First index in self->contacts whose id is >= @id. */
static guint
lower_bound_id (HotlistFakeHubspot *self, guint64 id)
{
  guint lo = 0, hi = self->contacts->len;

  while (lo < hi)
    {
      guint    mid = lo + (hi - lo) / 2;
      Contact *c = g_ptr_array_index (self->contacts, mid);

      if (c->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Helpers: responses */

static char *
correlation_id (void)
{
  return g_uuid_string_random ();
}

static void
respond_json_node (SoupServerMessage *msg, guint status, JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  gsize                     len = 0;
  char                     *text;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=utf-8", SOUP_MEMORY_TAKE, text,
                                    len);
}

static void
respond_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  respond_json_node (msg, status, root);
}

/* The non-OAuth error body of reference 2.8. @errors is a list of (message, code, property)
 * triples, flattened; @context_key/@context_values go in "context". */
static void
respond_error_full (SoupServerMessage *msg,
                    guint              status,
                    const char        *category,
                    const char        *message,
                    const char *const *errors,
                    const char        *context_key,
                    const char *const *context_values)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char        *cid = correlation_id ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "error");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "correlationId");
  json_builder_add_string_value (b, cid);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, category);
  if (errors != NULL && errors[0] != NULL)
    {
      json_builder_set_member_name (b, "errors");
      json_builder_begin_array (b);
      for (guint i = 0; errors[i] != NULL; i += 3)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, errors[i]);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, errors[i + 1]);
          json_builder_set_member_name (b, "context");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "propertyName");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, errors[i + 2]);
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (context_key != NULL)
    {
      json_builder_set_member_name (b, "context");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, context_key);
      json_builder_begin_array (b);
      for (guint i = 0; context_values != NULL && context_values[i] != NULL; i++)
        json_builder_add_string_value (b, context_values[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  respond_builder (msg, status, b);
}

static void
respond_error (SoupServerMessage *msg, guint status, const char *category, const char *message)
{
  respond_error_full (msg, status, category, message, NULL, NULL, NULL);
}

static void
respond_oauth_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error,
                     const char        *hubspot_status,
                     const char        *description)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, hubspot_status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  respond_builder (msg, status, b);
}

static void
respond_rate_limited (HotlistFakeHubspot *self,
                      SoupServerMessage  *msg,
                      const char         *policy,
                      guint               retry_after)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char        *cid = correlation_id ();
  g_autofree char        *rid = correlation_id ();
  g_autofree char        *message =
      g_strdup_printf ("You have reached your %s limit.",
                       g_str_equal (policy, "SECONDLY") ? "secondly"
                       : g_str_equal (policy, "DAILY")  ? "daily"
                                                        : "ten_secondly_rolling");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "error");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "errorType");
  json_builder_add_string_value (b, "RATE_LIMIT");
  json_builder_set_member_name (b, "correlationId");
  json_builder_add_string_value (b, cid);
  json_builder_set_member_name (b, "policyName");
  json_builder_add_string_value (b, policy);
  json_builder_set_member_name (b, "requestId");
  json_builder_add_string_value (b, rid);
  json_builder_end_object (b);
  respond_builder (msg, 429, b);
  if (self->send_retry_after)
    {
      g_autofree char *v = g_strdup_printf ("%u", MAX (retry_after, 1));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    v);
    }
}

static void
add_contact_json (JsonBuilder *b, Contact *c, GPtrArray *requested, JsonObject *echo)
{
  g_autofree char *created = format_iso (c->created_ms);
  g_autofree char *updated = format_iso (c->modified_ms);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, c->id_str);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  if (echo != NULL)
    {
      g_autoptr (GList) names = json_object_get_members (echo);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *v = contact_dup_value (c, l->data);
          json_builder_set_member_name (b, l->data);
          if (v != NULL)
            json_builder_add_string_value (b, v);
          else
            json_builder_add_null_value (b);
        }
      json_builder_set_member_name (b, "hs_object_id");
      json_builder_add_string_value (b, c->id_str);
      json_builder_set_member_name (b, "lastmodifieddate");
      json_builder_add_string_value (b, updated);
    }
  else
    {
      const char *const *names =
          requested != NULL ? (const char *const *)requested->pdata : default_properties;
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *v = contact_dup_value (c, names[i]);

          if (!g_hash_table_add (seen, (gpointer)names[i]))
            continue;
          json_builder_set_member_name (b, names[i]);
          if (v != NULL)
            json_builder_add_string_value (b, v);
          else
            json_builder_add_null_value (b);
        }
      /* HubSpot always sends these three, asked for or not. */
      if (!g_hash_table_contains (seen, "hs_object_id"))
        {
          json_builder_set_member_name (b, "hs_object_id");
          json_builder_add_string_value (b, c->id_str);
        }
      if (!g_hash_table_contains (seen, "createdate"))
        {
          json_builder_set_member_name (b, "createdate");
          json_builder_add_string_value (b, created);
        }
      if (!g_hash_table_contains (seen, "lastmodifieddate"))
        {
          json_builder_set_member_name (b, "lastmodifieddate");
          json_builder_add_string_value (b, updated);
        }
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "createdAt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "updatedAt");
  json_builder_add_string_value (b, updated);
  json_builder_set_member_name (b, "archived");
  json_builder_add_boolean_value (b, c->archived);
  if (c->archived)
    {
      g_autofree char *archived = format_iso (c->archived_ms);
      json_builder_set_member_name (b, "archivedAt");
      json_builder_add_string_value (b, archived);
    }
  json_builder_end_object (b);
}

/* Known properties out of a comma-separated list or a JSON array; NULL-terminated. Unknown names
 * are silently dropped, as HubSpot does. */
static GPtrArray *
requested_properties (HotlistFakeHubspot *self, const char *csv, JsonArray *array)
{
  GPtrArray     *out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = NULL;

  if (csv != NULL)
    parts = g_strsplit (csv, ",", -1);
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (g_hash_table_contains (self->properties, parts[i]))
        g_ptr_array_add (out, g_strdup (parts[i]));
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);
      if (name != NULL && g_hash_table_contains (self->properties, name))
        g_ptr_array_add (out, g_strdup (name));
    }
  if ((csv == NULL || *csv == '\0') && array == NULL)
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  g_ptr_array_add (out, NULL);
  return out;
}

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize                  len = 0;
  const char            *data = g_bytes_get_data (bytes, &len);
  JsonNode              *root;

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_copy (root);
}

static char *
node_to_value (JsonNode *node)
{
  GType t;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (t == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (t == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (t == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  return NULL;
}

/* Checks the values a client wants to write; adds (message, code, property) triples to @errors. */
static void
validate_properties (HotlistFakeHubspot *self, JsonObject *props, GPtrArray *errors)
{
  g_autoptr (GList) names = json_object_get_members (props);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char      *name = l->data;
      PropertyDef     *d = g_hash_table_lookup (self->properties, name);
      JsonNode        *node = json_object_get_member (props, name);
      g_autofree char *value = node_to_value (node);

      if (d == NULL)
        {
          g_ptr_array_add (errors, g_strdup_printf ("Property \"%s\" does not exist", name));
          g_ptr_array_add (errors, g_strdup ("PROPERTY_DOESNT_EXIST"));
          g_ptr_array_add (errors, g_strdup (name));
          continue;
        }
      if (d->read_only)
        {
          g_ptr_array_add (
              errors,
              g_strdup_printf ("\"%s\" is a read only property; its value cannot be set.", name));
          g_ptr_array_add (errors, g_strdup ("READ_ONLY_VALUE"));
          g_ptr_array_add (errors, g_strdup (name));
          continue;
        }
      if (node != NULL && !JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node))
        {
          g_ptr_array_add (errors, g_strdup_printf ("Property \"%s\" must be a string", name));
          g_ptr_array_add (errors, g_strdup ("INVALID_STRING"));
          g_ptr_array_add (errors, g_strdup (name));
          continue;
        }
      if (value == NULL || *value == '\0')
        continue;
      if (g_str_equal (d->type, "number"))
        {
          char *end = NULL;
          g_ascii_strtod (value, &end);
          if (end == value || *end != '\0')
            {
              g_ptr_array_add (errors, g_strdup_printf ("\"%s\" is not a valid number", value));
              g_ptr_array_add (errors, g_strdup ("INVALID_INTEGER"));
              g_ptr_array_add (errors, g_strdup (name));
            }
        }
      else if (g_str_equal (d->type, "date") || g_str_equal (d->type, "datetime"))
        {
          gint64 t;
          if (!parse_time (value, &t))
            {
              g_ptr_array_add (errors, g_strdup_printf ("\"%s\" is not a valid date", value));
              g_ptr_array_add (errors, g_strdup ("INVALID_DATE"));
              g_ptr_array_add (errors, g_strdup (name));
            }
        }
      else if (g_str_equal (d->type, "bool"))
        {
          if (!g_str_equal (value, "true") && !g_str_equal (value, "false"))
            {
              g_ptr_array_add (errors, g_strdup_printf ("\"%s\" is not a valid boolean", value));
              g_ptr_array_add (errors, g_strdup ("INVALID_BOOLEAN"));
              g_ptr_array_add (errors, g_strdup (name));
            }
        }
      else if (g_str_equal (d->type, "enumeration") && d->options != NULL
               && !g_strv_contains ((const char *const *)d->options, value))
        {
          g_autofree char *allowed = g_strjoinv (", ", d->options);
          g_ptr_array_add (errors, g_strdup_printf ("%s was not one of the allowed options: [%s]",
                                                    value, allowed));
          g_ptr_array_add (errors, g_strdup ("INVALID_OPTION"));
          g_ptr_array_add (errors, g_strdup (name));
        }
    }
}

static void
respond_validation_errors (SoupServerMessage *msg, GPtrArray *errors)
{
  g_ptr_array_add (errors, NULL);
  respond_error_full (msg, 400, "VALIDATION_ERROR", "Property values were not valid",
                      (const char *const *)errors->pdata, NULL, NULL);
}

static void
apply_properties (HotlistFakeHubspot *self, Contact *c, JsonObject *props, gint64 now)
{
  g_autoptr (GList) names = json_object_get_members (props);

  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = node_to_value (json_object_get_member (props, l->data));
      contact_set_value (self, c, l->data, value != NULL && *value == '\0' ? NULL : value);
    }
  contact_set_modified (self, c, now);
}

/* Handlers: objects */

static void
handle_list (HotlistFakeHubspot *self, SoupServerMessage *msg, GHashTable *query)
{
  const char           *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char           *after_s = query ? g_hash_table_lookup (query, "after") : NULL;
  const char           *archived_s = query ? g_hash_table_lookup (query, "archived") : NULL;
  gboolean              archived = g_strcmp0 (archived_s, "true") == 0;
  g_autoptr (GPtrArray) requested =
      requested_properties (self, query ? g_hash_table_lookup (query, "properties") : NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint64                 limit = 10, after = 0;
  guint                   i, n = 0;

  if (limit_s != NULL
      && (!g_ascii_string_to_unsigned (limit_s, 10, 1, LIST_MAX_LIMIT, &limit, NULL)))
    {
      g_autofree char *m =
          g_strdup_printf ("limit must be between 1 and %d; got %s", LIST_MAX_LIMIT, limit_s);
      respond_error (msg, 400, "VALIDATION_ERROR", m);
      return;
    }
  if (after_s != NULL && !g_ascii_string_to_unsigned (after_s, 10, 0, G_MAXUINT64, &after, NULL))
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "after must be a paging cursor from paging.next.after");
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (i = lower_bound_id (self, after); i < self->contacts->len; i++)
    {
      Contact *c = g_ptr_array_index (self->contacts, i);

      if (c->archived != archived)
        continue;
      if (n == limit)
        break;
      add_contact_json (b, c, requested, NULL);
      n++;
    }
  json_builder_end_array (b);
  if (i < self->contacts->len)
    {
      Contact         *next = g_ptr_array_index (self->contacts, i);
      g_autofree char *link =
          g_strdup_printf ("%s/crm/v3/objects/contacts?after=%s", self->base_url, next->id_str);

      json_builder_set_member_name (b, "paging");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "next");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "after");
      json_builder_add_string_value (b, next->id_str);
      json_builder_set_member_name (b, "link");
      json_builder_add_string_value (b, link);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
respond_not_found (SoupServerMessage *msg, const char *id)
{
  const char *ids[] = { id, NULL };

  respond_error_full (msg, 404, "OBJECT_NOT_FOUND", "resource not found", NULL, "id", ids);
}

static void
handle_get (HotlistFakeHubspot *self, SoupServerMessage *msg, const char *id, GHashTable *query)
{
  const char *id_property = query ? g_hash_table_lookup (query, "idProperty") : NULL;
  gboolean    archived = query && g_strcmp0 (g_hash_table_lookup (query, "archived"), "true") == 0;
  Contact    *c = find_contact (self, id, id_property);
  g_autoptr (GPtrArray)   requested = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (c == NULL || c->archived != archived)
    {
      respond_not_found (msg, id);
      return;
    }
  requested =
      requested_properties (self, query ? g_hash_table_lookup (query, "properties") : NULL, NULL);
  add_contact_json (b, c, requested, NULL);
  respond_builder (msg, 200, b);
}

static void
handle_patch (HotlistFakeHubspot *self, SoupServerMessage *msg, const char *id, GHashTable *query)
{
  const char             *id_property = query ? g_hash_table_lookup (query, "idProperty") : NULL;
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  JsonObject             *props;
  Contact                *c;

  if (root == NULL || !json_object_has_member (json_node_get_object (root), "properties")
      || !JSON_NODE_HOLDS_OBJECT (
          json_object_get_member (json_node_get_object (root), "properties")))
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: expected {\"properties\":{...}}");
      return;
    }
  c = find_contact (self, id, id_property);
  if (c == NULL || c->archived)
    {
      respond_not_found (msg, id);
      return;
    }
  props = json_object_get_object_member (json_node_get_object (root), "properties");
  validate_properties (self, props, errors);
  if (errors->len > 0)
    {
      respond_validation_errors (msg, errors);
      return;
    }
  apply_properties (self, c, props, clock_now (self));
  add_contact_json (b, c, NULL, props);
  respond_builder (msg, 200, b);
}

static void
handle_create (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  JsonObject             *props;
  const char             *email;
  gint64                  now;
  Contact                *c;

  if (root == NULL || !json_object_has_member (json_node_get_object (root), "properties")
      || !JSON_NODE_HOLDS_OBJECT (
          json_object_get_member (json_node_get_object (root), "properties")))
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: expected {\"properties\":{...}}");
      return;
    }
  props = json_object_get_object_member (json_node_get_object (root), "properties");
  validate_properties (self, props, errors);
  if (errors->len > 0)
    {
      respond_validation_errors (msg, errors);
      return;
    }
  email = json_object_get_string_member_with_default (props, "email", NULL);
  if (email != NULL && (c = find_contact (self, email, "email")) != NULL)
    {
      g_autofree char *m = g_strdup_printf ("Contact already exists. Existing ID: %s", c->id_str);
      respond_error (msg, 409, "CONFLICT", m);
      return;
    }
  now = clock_now (self);
  c = contact_new (self, now);
  apply_properties (self, c, props, now);
  add_contact_json (b, c, NULL, props);
  respond_builder (msg, 201, b);
}

static void
add_batch_envelope (JsonBuilder *b, const char *started)
{
  g_autofree char *completed = format_iso (g_get_real_time () / 1000);

  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "COMPLETE");
  json_builder_set_member_name (b, "requestedAt");
  json_builder_add_string_value (b, started);
  json_builder_set_member_name (b, "startedAt");
  json_builder_add_string_value (b, started);
  json_builder_set_member_name (b, "completedAt");
  json_builder_add_string_value (b, completed);
  json_builder_set_member_name (b, "links");
  json_builder_begin_object (b);
  json_builder_end_object (b);
}

static void
add_not_found_errors (JsonBuilder *b, GPtrArray *missing, const char *object_name)
{
  g_autofree char *message =
      g_strdup_printf ("Could not get some %s objects, they may be deleted or not exist.",
                       object_name);

  json_builder_set_member_name (b, "numErrors");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "error");
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, "OBJECT_NOT_FOUND");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "context");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < missing->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (missing, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "links");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
}

static JsonArray *
batch_inputs (SoupServerMessage *msg, JsonNode *root)
{
  JsonObject *obj;
  JsonNode   *inputs;
  JsonArray  *array;

  if (root == NULL)
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: the body must be an object with \"inputs\"");
      return NULL;
    }
  obj = json_node_get_object (root);
  inputs = json_object_get_member (obj, "inputs");
  if (inputs == NULL || !JSON_NODE_HOLDS_ARRAY (inputs))
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: \"inputs\" must be an array");
      return NULL;
    }
  array = json_node_get_array (inputs);
  if (json_array_get_length (array) > BATCH_MAX)
    {
      g_autofree char *m = g_strdup_printf ("Batch input is limited to %d inputs; got %u",
                                            BATCH_MAX, json_array_get_length (array));
      respond_error (msg, 400, "VALIDATION_ERROR", m);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_OBJECT (n)
          || json_object_get_string_member_with_default (json_node_get_object (n), "id", NULL)
                 == NULL)
        {
          respond_error (msg, 400, "VALIDATION_ERROR",
                         "Invalid input JSON: every input needs a string \"id\"");
          return NULL;
        }
    }
  return array;
}

static void
handle_batch_update (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray)   missing = g_ptr_array_new ();
  g_autoptr (GHashTable)  seen = g_hash_table_new (NULL, NULL);
  g_autofree char        *started = format_iso (g_get_real_time () / 1000);
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree Contact    **targets = NULL;
  JsonArray              *inputs = batch_inputs (msg, root);
  guint                   n;
  gint64                  now;

  if (inputs == NULL)
    return;
  n = json_array_get_length (inputs);
  targets = g_new0 (Contact *, n + 1);
  /* Validate the whole batch first: a bad value anywhere rejects all of it, nothing is written. */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *in = json_array_get_object_element (inputs, i);
      const char *id = json_object_get_string_member (in, "id");
      const char *id_property = json_object_get_string_member_with_default (in, "idProperty", NULL);
      JsonNode   *props = json_object_get_member (in, "properties");

      if (props == NULL || !JSON_NODE_HOLDS_OBJECT (props))
        {
          respond_error (msg, 400, "VALIDATION_ERROR",
                         "Invalid input JSON: every input needs \"properties\"");
          return;
        }
      validate_properties (self, json_node_get_object (props), errors);
      targets[i] = find_contact (self, id, id_property);
      if (targets[i] != NULL && targets[i]->archived)
        targets[i] = NULL;
      if (targets[i] == NULL)
        g_ptr_array_add (missing, (gpointer)id);
      else if (!g_hash_table_add (seen, targets[i]))
        {
          const char *ids[] = { id, NULL };
          respond_error_full (msg, 400, "VALIDATION_ERROR", "Duplicate IDs found in batch input",
                              NULL, "ids", ids);
          return;
        }
    }
  if (errors->len > 0)
    {
      respond_validation_errors (msg, errors);
      return;
    }

  now = clock_now (self);
  b = json_builder_new ();
  json_builder_begin_object (b);
  add_batch_envelope (b, started);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *props;

      if (targets[i] == NULL)
        continue;
      props =
          json_object_get_object_member (json_array_get_object_element (inputs, i), "properties");
      apply_properties (self, targets[i], props, now);
      add_contact_json (b, targets[i], NULL, props);
    }
  json_builder_end_array (b);
  if (missing->len > 0)
    add_not_found_errors (b, missing, "CONTACT");
  json_builder_end_object (b);
  respond_builder (msg, missing->len > 0 ? 207 : 200, b);
}

static void
handle_batch_read (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   missing = g_ptr_array_new ();
  g_autofree char        *started = format_iso (g_get_real_time () / 1000);
  g_autoptr (GPtrArray)   requested = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  JsonArray              *inputs = batch_inputs (msg, root);
  const char             *id_property;
  JsonObject             *obj;

  if (inputs == NULL)
    return;
  obj = json_node_get_object (root);
  id_property = json_object_get_string_member_with_default (obj, "idProperty", NULL);
  if (json_object_has_member (obj, "properties")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "properties")))
    requested = requested_properties (self, NULL, json_object_get_array_member (obj, "properties"));
  b = json_builder_new ();
  json_builder_begin_object (b);
  add_batch_envelope (b, started);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      const char *id =
          json_object_get_string_member (json_array_get_object_element (inputs, i), "id");
      Contact *c = find_contact (self, id, id_property);

      if (c == NULL || c->archived)
        g_ptr_array_add (missing, (gpointer)id);
      else
        add_contact_json (b, c, requested, NULL);
    }
  json_builder_end_array (b);
  if (missing->len > 0)
    add_not_found_errors (b, missing, "CONTACT");
  json_builder_end_object (b);
  respond_builder (msg, missing->len > 0 ? 207 : 200, b);
}

/* Handlers: search */

static gboolean
parse_op (const char *s, FilterOp *op)
{
  static const char *const names[] = { "EQ",
                                       "NEQ",
                                       "LT",
                                       "LTE",
                                       "GT",
                                       "GTE",
                                       "BETWEEN",
                                       "IN",
                                       "NOT_IN",
                                       "HAS_PROPERTY",
                                       "NOT_HAS_PROPERTY",
                                       "CONTAINS_TOKEN",
                                       "NOT_CONTAINS_TOKEN",
                                       NULL };

  for (guint i = 0; s != NULL && names[i] != NULL; i++)
    if (g_str_equal (s, names[i]))
      {
        *op = (FilterOp)i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_time_property (HotlistFakeHubspot *self, const char *name)
{
  PropertyDef *d = g_hash_table_lookup (self->properties, name);

  return d != NULL && (g_str_equal (d->type, "date") || g_str_equal (d->type, "datetime"));
}

static gboolean
is_number_property (HotlistFakeHubspot *self, const char *name)
{
  PropertyDef *d = g_hash_table_lookup (self->properties, name);

  return d != NULL && g_str_equal (d->type, "number");
}

/* <0, 0, >0 like strcmp, comparing as the property's type. */
static int
compare_values (HotlistFakeHubspot *self, const char *prop, const char *a, const char *b)
{
  if (is_time_property (self, prop))
    {
      gint64 ta = 0, tb = 0;
      parse_time (a, &ta);
      parse_time (b, &tb);
      return ta < tb ? -1 : ta > tb;
    }
  if (is_number_property (self, prop) || g_str_equal (prop, "hs_object_id"))
    {
      double da = g_ascii_strtod (a, NULL), db = g_ascii_strtod (b, NULL);
      return da < db ? -1 : da > db;
    }
  return g_ascii_strcasecmp (a, b);
}

static gboolean
contains_token (const char *haystack, const char *token)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  g_autofree char *t = g_ascii_strdown (token, -1);
  g_autofree char *bare = g_strdup (t);

  /* HubSpot tokens allow a leading or trailing '*' wildcard. */
  g_strdelimit (bare, "*", ' ');
  g_strstrip (bare);
  return strstr (h, bare) != NULL;
}

static gboolean
filter_matches (HotlistFakeHubspot *self, Filter *f, Contact *c)
{
  g_autofree char *v = NULL;

  if (f->on_modified)
    {
      gint64 m = c->modified_ms;
      switch (f->op)
        {
        case OP_EQ:
          return m == f->t;
        case OP_NEQ:
          return m != f->t;
        case OP_LT:
          return m < f->t;
        case OP_LTE:
          return m <= f->t;
        case OP_GT:
          return m > f->t;
        case OP_GTE:
          return m >= f->t;
        case OP_BETWEEN:
          return m >= f->t && m <= f->th;
        case OP_HAS_PROPERTY:
          return TRUE;
        case OP_NOT_HAS_PROPERTY:
          return FALSE;
        case OP_IN:
        case OP_NOT_IN:
        case OP_CONTAINS_TOKEN:
        case OP_NOT_CONTAINS_TOKEN:
        default:
          break;
        }
    }
  v = contact_dup_value (c, f->prop);
  switch (f->op)
    {
    case OP_HAS_PROPERTY:
      return v != NULL && *v != '\0';
    case OP_NOT_HAS_PROPERTY:
      return v == NULL || *v == '\0';
    case OP_NEQ:
      return v == NULL || f->value == NULL || compare_values (self, f->prop, v, f->value) != 0;
    case OP_NOT_IN:
      for (guint i = 0; v != NULL && f->values && f->values[i]; i++)
        if (compare_values (self, f->prop, v, f->values[i]) == 0)
          return FALSE;
      return TRUE;
    case OP_NOT_CONTAINS_TOKEN:
      return v == NULL || f->value == NULL || !contains_token (v, f->value);
    case OP_EQ:
    case OP_LT:
    case OP_LTE:
    case OP_GT:
    case OP_GTE:
    case OP_BETWEEN:
    case OP_IN:
    case OP_CONTAINS_TOKEN:
    default:
      break;
    }
  if (v == NULL)
    return FALSE;
  switch (f->op)
    {
    case OP_EQ:
      return f->value && compare_values (self, f->prop, v, f->value) == 0;
    case OP_LT:
      return f->value && compare_values (self, f->prop, v, f->value) < 0;
    case OP_LTE:
      return f->value && compare_values (self, f->prop, v, f->value) <= 0;
    case OP_GT:
      return f->value && compare_values (self, f->prop, v, f->value) > 0;
    case OP_GTE:
      return f->value && compare_values (self, f->prop, v, f->value) >= 0;
    case OP_BETWEEN:
      return f->value && f->high && compare_values (self, f->prop, v, f->value) >= 0
             && compare_values (self, f->prop, v, f->high) <= 0;
    case OP_IN:
      for (guint i = 0; f->values && f->values[i]; i++)
        if (compare_values (self, f->prop, v, f->values[i]) == 0)
          return TRUE;
      return FALSE;
    case OP_CONTAINS_TOKEN:
      return f->value && contains_token (v, f->value);
    case OP_NEQ:
    case OP_NOT_IN:
    case OP_HAS_PROPERTY:
    case OP_NOT_HAS_PROPERTY:
    case OP_NOT_CONTAINS_TOKEN:
    default:
      return FALSE;
    }
}

typedef struct
{
  GPtrArray *groups; /* of GPtrArray of Filter */
  char      *query;
} Search;

static gboolean
search_matches (HotlistFakeHubspot *self, Search *s, Contact *c)
{
  gboolean any = s->groups->len == 0;

  if (s->query != NULL)
    {
      static const char *const fields[] = { "email",   "firstname", "lastname",
                                            "company", "phone",     NULL };
      gboolean                 hit = FALSE;
      for (guint i = 0; fields[i] != NULL && !hit; i++)
        {
          const char *v = g_hash_table_lookup (c->props, fields[i]);
          hit = v != NULL && contains_token (v, s->query);
        }
      if (!hit)
        return FALSE;
    }
  for (guint g = 0; g < s->groups->len && !any; g++)
    {
      GPtrArray *filters = g_ptr_array_index (s->groups, g);
      gboolean   all = TRUE;
      for (guint i = 0; i < filters->len && all; i++)
        all = filter_matches (self, g_ptr_array_index (filters, i), c);
      any = all;
    }
  return any;
}

/* The bounds a group puts on lastmodifieddate, inclusive. */
static void
group_bounds (GPtrArray *filters, gint64 *lo, gint64 *hi, gboolean *pure)
{
  *lo = G_MININT64;
  *hi = G_MAXINT64;
  *pure = TRUE;
  for (guint i = 0; i < filters->len; i++)
    {
      Filter *f = g_ptr_array_index (filters, i);

      if (!f->on_modified)
        {
          *pure = FALSE;
          continue;
        }
      switch (f->op)
        {
        case OP_EQ:
          *lo = MAX (*lo, f->t);
          *hi = MIN (*hi, f->t);
          break;
        case OP_GT:
          *lo = MAX (*lo, f->t + 1);
          break;
        case OP_GTE:
          *lo = MAX (*lo, f->t);
          break;
        case OP_LT:
          *hi = MIN (*hi, f->t - 1);
          break;
        case OP_LTE:
          *hi = MIN (*hi, f->t);
          break;
        case OP_BETWEEN:
          *lo = MAX (*lo, f->t);
          *hi = MIN (*hi, f->th);
          break;
        case OP_HAS_PROPERTY:
          break;
        case OP_NEQ:
        case OP_IN:
        case OP_NOT_IN:
        case OP_NOT_HAS_PROPERTY:
        case OP_CONTAINS_TOKEN:
        case OP_NOT_CONTAINS_TOKEN:
        default:
          *pure = FALSE;
          break;
        }
    }
}

static GSequenceIter *
first_modified_at_or_after (HotlistFakeHubspot *self, gint64 ms)
{
  Contact key = { 0 };

  if (ms == G_MININT64)
    return g_sequence_get_begin_iter (self->by_modified);
  key.modified_ms = ms;
  key.id = 0;
  return g_sequence_search (self->by_modified, &key, compare_modified, NULL);
}

typedef struct
{
  HotlistFakeHubspot *self;
  const char         *prop;
  gboolean            descending;
} SortContext;

static int
compare_for_sort (gconstpointer a, gconstpointer b, gpointer user_data)
{
  SortContext     *sc = user_data;
  Contact         *ca = *(Contact **)a;
  Contact         *cb = *(Contact **)b;
  g_autofree char *va = contact_dup_value (ca, sc->prop);
  g_autofree char *vb = contact_dup_value (cb, sc->prop);
  int              r;

  /* Unset values sort last, either direction. */
  if (va == NULL || vb == NULL)
    r = (va == NULL) - (vb == NULL);
  else
    r = compare_values (sc->self, sc->prop, va, vb);
  if (va != NULL && vb != NULL && sc->descending)
    r = -r;
  if (r == 0)
    r = ca->id < cb->id ? -1 : ca->id > cb->id;
  return r;
}

static char *
parse_search (HotlistFakeHubspot *self, JsonObject *obj, Search *s)
{
  JsonNode *groups = json_object_get_member (obj, "filterGroups");
  guint     total = 0;

  s->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  if (json_object_has_member (obj, "query"))
    {
      const char *q = json_object_get_string_member_with_default (obj, "query", NULL);
      if (q != NULL && *q != '\0')
        s->query = g_strdup (q);
    }
  if (groups == NULL || JSON_NODE_HOLDS_NULL (groups))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (groups))
    return g_strdup ("filterGroups must be an array");
  if (json_array_get_length (json_node_get_array (groups)) > MAX_GROUPS)
    return g_strdup_printf ("Too many filter groups: the maximum is %d", MAX_GROUPS);
  for (guint g = 0; g < json_array_get_length (json_node_get_array (groups)); g++)
    {
      JsonNode  *gn = json_array_get_element (json_node_get_array (groups), g);
      GPtrArray *filters = g_ptr_array_new_with_free_func (filter_free);
      JsonArray *fa;

      g_ptr_array_add (s->groups, filters);
      if (!JSON_NODE_HOLDS_OBJECT (gn)
          || !json_object_has_member (json_node_get_object (gn), "filters")
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (gn), "filters")))
        return g_strdup ("Every filter group needs a \"filters\" array");
      fa = json_object_get_array_member (json_node_get_object (gn), "filters");
      if (json_array_get_length (fa) > MAX_PER_GROUP)
        return g_strdup_printf ("Too many filters in a group: the maximum is %d", MAX_PER_GROUP);
      total += json_array_get_length (fa);
      if (total > MAX_FILTERS)
        return g_strdup_printf ("Too many filters: the maximum is %d in total", MAX_FILTERS);
      for (guint i = 0; i < json_array_get_length (fa); i++)
        {
          JsonNode   *fn = json_array_get_element (fa, i);
          JsonObject *fo;
          Filter     *f;

          if (!JSON_NODE_HOLDS_OBJECT (fn))
            return g_strdup ("Every filter must be an object");
          fo = json_node_get_object (fn);
          f = g_new0 (Filter, 1);
          g_ptr_array_add (filters, f);
          f->prop =
              g_strdup (json_object_get_string_member_with_default (fo, "propertyName", NULL));
          if (f->prop == NULL)
            return g_strdup ("Every filter needs a propertyName");
          if (!parse_op (json_object_get_string_member_with_default (fo, "operator", NULL), &f->op))
            return g_strdup_printf ("Unknown filter operator for %s", f->prop);
          f->value = node_to_value (json_object_get_member (fo, "value"));
          f->high = node_to_value (json_object_get_member (fo, "highValue"));
          if (json_object_has_member (fo, "values")
              && JSON_NODE_HOLDS_ARRAY (json_object_get_member (fo, "values")))
            {
              JsonArray *va = json_object_get_array_member (fo, "values");
              f->values = g_new0 (char *, json_array_get_length (va) + 1);
              for (guint k = 0; k < json_array_get_length (va); k++)
                f->values[k] = node_to_value (json_array_get_element (va, k));
            }
          if ((f->op <= OP_GTE && f->value == NULL)
              || (f->op == OP_BETWEEN && (f->value == NULL || f->high == NULL))
              || ((f->op == OP_IN || f->op == OP_NOT_IN) && f->values == NULL))
            return g_strdup_printf ("The filter on %s is missing its value", f->prop);
          if (g_str_equal (f->prop, "lastmodifieddate") && f->op != OP_IN && f->op != OP_NOT_IN
              && f->op != OP_CONTAINS_TOKEN && f->op != OP_NOT_CONTAINS_TOKEN)
            {
              if ((f->value != NULL && !parse_time (f->value, &f->t))
                  || (f->high != NULL && !parse_time (f->high, &f->th)))
                return g_strdup_printf ("%s is not a valid date value for lastmodifieddate",
                                        f->value);
              f->on_modified = TRUE;
            }
        }
    }
  return NULL;
}

static void
search_clear (Search *s)
{
  g_clear_pointer (&s->groups, g_ptr_array_unref);
  g_clear_pointer (&s->query, g_free);
}

static void
handle_search (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   requested = NULL;
  g_autoptr (GPtrArray)   page = g_ptr_array_new ();
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree char        *error = NULL;
  g_autofree char        *sort_prop = NULL;
  Search                  s = { 0 };
  gboolean                descending = FALSE;
  gint64                  limit = 10, after = 0;
  guint64                 total = 0;
  JsonObject             *obj;

  if (root == NULL)
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: the body must be a PublicObjectSearchRequest object");
      return;
    }
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "limit"))
    {
      JsonNode *ln = json_object_get_member (obj, "limit");
      if (!JSON_NODE_HOLDS_VALUE (ln) || json_node_get_value_type (ln) != G_TYPE_INT64
          || json_node_get_int (ln) < 1 || json_node_get_int (ln) > SEARCH_MAX_LIMIT)
        {
          g_autofree char *m =
              g_strdup_printf ("limit must be an integer between 1 and %d", SEARCH_MAX_LIMIT);
          respond_error (msg, 400, "VALIDATION_ERROR", m);
          return;
        }
      limit = json_node_get_int (ln);
    }
  if (json_object_has_member (obj, "after"))
    {
      g_autofree char *as = node_to_value (json_object_get_member (obj, "after"));
      guint64          v = 0;

      if (as != NULL && *as != '\0'
          && !g_ascii_string_to_unsigned (as, 10, 0, G_MAXINT32, &v, NULL))
        {
          respond_error (msg, 400, "VALIDATION_ERROR",
                         "after must be the paging cursor from paging.next.after");
          return;
        }
      after = (gint64)v;
    }
  if (after >= SEARCH_WINDOW)
    {
      respond_error (
          msg, 400, "VALIDATION_ERROR",
          "There was a problem with the request: search results are limited to 10000 per query; "
          "narrow the query (e.g. lastmodifieddate GTE the last value seen) to page further.");
      return;
    }
  if (json_object_has_member (obj, "sorts")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "sorts"))
      && json_array_get_length (json_object_get_array_member (obj, "sorts")) > 0)
    {
      /* Only the first sort is honoured; both the object and the string form are accepted. */
      JsonNode *sn = json_array_get_element (json_object_get_array_member (obj, "sorts"), 0);
      if (JSON_NODE_HOLDS_OBJECT (sn))
        {
          JsonObject *so = json_node_get_object (sn);
          sort_prop =
              g_strdup (json_object_get_string_member_with_default (so, "propertyName", NULL));
          descending =
              g_strcmp0 (json_object_get_string_member_with_default (so, "direction", NULL),
                         "DESCENDING")
              == 0;
        }
      else if (JSON_NODE_HOLDS_VALUE (sn) && json_node_get_string (sn) != NULL)
        {
          const char *str = json_node_get_string (sn);
          descending = str[0] == '-';
          sort_prop = g_strdup (str + (descending ? 1 : 0));
        }
    }
  if ((error = parse_search (self, obj, &s)) != NULL)
    {
      search_clear (&s);
      respond_error (msg, 400, "VALIDATION_ERROR", error);
      return;
    }
  if (json_object_has_member (obj, "properties")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "properties")))
    requested = requested_properties (self, NULL, json_object_get_array_member (obj, "properties"));

  if (g_strcmp0 (sort_prop, "lastmodifieddate") == 0 && !descending)
    {
      gint64         lo = G_MAXINT64, hi = G_MININT64;
      gboolean       pure = s.query == NULL && s.groups->len <= 1;
      GSequenceIter *it, *end;

      if (s.groups->len == 0)
        lo = G_MININT64, hi = G_MAXINT64;
      for (guint g = 0; g < s.groups->len; g++)
        {
          gint64   glo, ghi;
          gboolean gpure;
          group_bounds (g_ptr_array_index (s.groups, g), &glo, &ghi, &gpure);
          lo = MIN (lo, glo);
          hi = MAX (hi, ghi);
          pure = pure && gpure;
        }
      it = first_modified_at_or_after (self, lo);
      end = hi == G_MAXINT64 ? g_sequence_get_end_iter (self->by_modified)
                             : first_modified_at_or_after (self, hi + 1);
      if (lo > hi)
        end = it;
      if (pure)
        {
          /* Only lastmodifieddate bounds: the index answers it without scanning. */
          gint p0 = g_sequence_iter_get_position (it), p1 = g_sequence_iter_get_position (end);
          total = (guint64)MAX (p1 - p0, 0);
          if ((guint64)after < total)
            {
              it = g_sequence_iter_move (it, (gint)after);
              for (; it != end && page->len < limit && after + page->len < SEARCH_WINDOW;
                   it = g_sequence_iter_next (it))
                g_ptr_array_add (page, g_sequence_get (it));
            }
        }
      else
        {
          for (; it != end; it = g_sequence_iter_next (it))
            {
              Contact *c = g_sequence_get (it);
              if (!search_matches (self, &s, c))
                continue;
              if (total >= (guint64)after && page->len < limit && total < SEARCH_WINDOW)
                g_ptr_array_add (page, c);
              total++;
            }
        }
    }
  else
    {
      g_autoptr (GPtrArray) all = g_ptr_array_new ();

      for (guint i = 0; i < self->contacts->len; i++)
        {
          Contact *c = g_ptr_array_index (self->contacts, i);
          if (!c->archived && search_matches (self, &s, c))
            g_ptr_array_add (all, c);
        }
      if (sort_prop != NULL && g_hash_table_contains (self->properties, sort_prop)
          && !(g_str_equal (sort_prop, "hs_object_id") && !descending))
        {
          SortContext sc = { self, sort_prop, descending };
          g_ptr_array_sort_with_data (all, compare_for_sort, &sc);
        }
      total = all->len;
      for (guint i = (guint)after; i < all->len && page->len < limit && i < SEARCH_WINDOW; i++)
        g_ptr_array_add (page, g_ptr_array_index (all, i));
    }
  search_clear (&s);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, (gint64)total);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < page->len; i++)
    add_contact_json (b, g_ptr_array_index (page, i), requested, NULL);
  json_builder_end_array (b);
  if ((guint64)after + page->len < total)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64)after + page->len);
      g_autofree char *link = g_strdup_printf ("?after=%s", next);

      json_builder_set_member_name (b, "paging");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "next");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "after");
      json_builder_add_string_value (b, next);
      json_builder_set_member_name (b, "link");
      json_builder_add_string_value (b, link);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* Handlers: properties */

static void
add_property_json (JsonBuilder *b, PropertyDef *d)
{
  g_autofree char *created = format_iso (d->created_ms);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, d->name);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, d->label);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, d->type);
  json_builder_set_member_name (b, "fieldType");
  json_builder_add_string_value (b, d->field_type);
  json_builder_set_member_name (b, "groupName");
  json_builder_add_string_value (b, d->group_name);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, d->description);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  for (guint i = 0; d->options != NULL && d->options[i] != NULL; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, d->options[i]);
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, d->options[i]);
      json_builder_set_member_name (b, "displayOrder");
      json_builder_add_int_value (b, i);
      json_builder_set_member_name (b, "hidden");
      json_builder_add_boolean_value (b, FALSE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "displayOrder");
  json_builder_add_int_value (b, -1);
  json_builder_set_member_name (b, "calculated");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "externalOptions");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "hasUniqueValue");
  json_builder_add_boolean_value (b, g_str_equal (d->name, "email"));
  json_builder_set_member_name (b, "hidden");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "hubspotDefined");
  json_builder_add_boolean_value (b, !d->custom);
  json_builder_set_member_name (b, "formField");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "modificationMetadata");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "archivable");
  json_builder_add_boolean_value (b, d->custom);
  json_builder_set_member_name (b, "readOnlyDefinition");
  json_builder_add_boolean_value (b, !d->custom);
  json_builder_set_member_name (b, "readOnlyValue");
  json_builder_add_boolean_value (b, d->read_only);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "createdAt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "updatedAt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "archived");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
}

static void
handle_list_properties (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->property_order->len; i++)
    add_property_json (b, g_ptr_array_index (self->property_order, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_get_property (HotlistFakeHubspot *self, SoupServerMessage *msg, const char *name)
{
  PropertyDef            *d = g_hash_table_lookup (self->properties, name);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (d == NULL)
    {
      g_autofree char *m = g_strdup_printf ("Unable to find property %s for object type 0-1", name);
      respond_error (msg, 404, "OBJECT_NOT_FOUND", m);
      return;
    }
  add_property_json (b, d);
  respond_builder (msg, 200, b);
}

static gboolean
valid_property_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > 100)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
handle_create_property (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  static const char *const types[] = { "string",      "number", "date", "datetime",
                                       "enumeration", "bool",   NULL };
  static const char *const field_types[] = { "textarea",
                                             "text",
                                             "date",
                                             "file",
                                             "number",
                                             "select",
                                             "radio",
                                             "checkbox",
                                             "booleancheckbox",
                                             "calculation_equation",
                                             NULL };
  static const char *const required[] = { "name", "label", "type", "fieldType", "groupName", NULL };
  g_autoptr (JsonNode)     root = parse_body (msg);
  g_autoptr (JsonBuilder)  b = json_builder_new ();
  g_autoptr (GPtrArray)    options = g_ptr_array_new_with_free_func (g_free);
  JsonObject              *obj;
  const char              *name, *type, *field_type;
  PropertyDef             *d;

  if (root == NULL)
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "Invalid input JSON: the body must be a PropertyCreate object");
      return;
    }
  obj = json_node_get_object (root);
  for (guint i = 0; required[i] != NULL; i++)
    if (json_object_get_string_member_with_default (obj, required[i], NULL) == NULL)
      {
        g_autofree char *m = g_strdup_printf ("Property definition is missing \"%s\"", required[i]);
        respond_error (msg, 400, "VALIDATION_ERROR", m);
        return;
      }
  name = json_object_get_string_member (obj, "name");
  type = json_object_get_string_member (obj, "type");
  field_type = json_object_get_string_member (obj, "fieldType");
  if (!valid_property_name (name))
    {
      respond_error (
          msg, 400, "VALIDATION_ERROR",
          "Property names must start with a lowercase letter and contain only lowercase letters, digits and underscores");
      return;
    }
  if (!g_strv_contains (types, type) || !g_strv_contains (field_types, field_type))
    {
      g_autofree char *m =
          g_strdup_printf ("Invalid type/fieldType combination: %s/%s", type, field_type);
      respond_error (msg, 400, "VALIDATION_ERROR", m);
      return;
    }
  if (g_hash_table_contains (self->properties, name))
    {
      g_autofree char *m = g_strdup_printf ("A property named '%s' already exists.", name);
      respond_error (msg, 409, "OBJECT_ALREADY_EXISTS", m);
      return;
    }
  if (json_object_has_member (obj, "options")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "options")))
    {
      JsonArray *oa = json_object_get_array_member (obj, "options");
      for (guint i = 0; i < json_array_get_length (oa); i++)
        {
          JsonNode *on = json_array_get_element (oa, i);
          if (JSON_NODE_HOLDS_OBJECT (on))
            {
              const char *v = json_object_get_string_member_with_default (json_node_get_object (on),
                                                                          "value", NULL);
              if (v != NULL)
                g_ptr_array_add (options, g_strdup (v));
            }
        }
    }
  g_ptr_array_add (options, NULL);
  define_property (self, name, json_object_get_string_member (obj, "label"), type, field_type,
                   g_str_equal (type, "enumeration") ? (const char *const *)options->pdata : NULL,
                   TRUE, FALSE);
  d = g_hash_table_lookup (self->properties, name);
  g_free (d->group_name);
  d->group_name = g_strdup (json_object_get_string_member (obj, "groupName"));
  g_free (d->description);
  d->description = g_strdup (json_object_get_string_member_with_default (obj, "description", ""));
  add_property_json (b, d);
  respond_builder (msg, 201, b);
}

/* Handlers: engagements, associations and email events */

static gboolean
parse_engagement_type (const char *name, EngagementType *type)
{
  for (guint i = 0; engagement_type_names[i] != NULL; i++)
    if (g_strcmp0 (name, engagement_type_names[i]) == 0)
      {
        *type = (EngagementType)i;
        return TRUE;
      }
  return FALSE;
}

static Engagement *
engagement_new (HotlistFakeHubspot *self,
                Contact            *c,
                EngagementType      type,
                gint64              timestamp_ms,
                gint64              modified_ms)
{
  Engagement *e = g_new0 (Engagement, 1);

  /* Ids leave gaps, as HubSpot's do, but stay deterministic. */
  self->next_engagement_id += 1 + self->next_engagement_id % 3;
  e->id = self->next_engagement_id;
  e->type = type;
  e->timestamp_ms = timestamp_ms;
  e->created_ms = timestamp_ms;
  e->modified_ms = MAX (timestamp_ms, modified_ms);
  e->contact = c;
  g_ptr_array_add (self->engagements, e);
  g_hash_table_insert (self->engagements_by_id, &e->id, e);
  if (c->engagements == NULL)
    c->engagements = g_ptr_array_new ();
  g_ptr_array_add (c->engagements, e);
  return e;
}

static Engagement *
find_engagement (HotlistFakeHubspot *self, const char *id, EngagementType type)
{
  guint64     v = 0;
  Engagement *e;

  if (id == NULL || !g_ascii_string_to_unsigned (id, 10, 1, G_MAXUINT64, &v, NULL))
    return NULL;
  e = g_hash_table_lookup (self->engagements_by_id, &v);
  return e != NULL && e->type == type ? e : NULL;
}

static gboolean
engagement_knows (Engagement *e, const char *name)
{
  return g_strv_contains (engagement_default_properties, name) || g_str_equal (name, "hs_timestamp")
         || g_strv_contains (engagement_properties[e->type], name)
         || (e->extra != NULL && g_hash_table_contains (e->extra, name));
}

/* Returns a newly allocated value or NULL when the property is unset. */
static char *
engagement_dup_value (Engagement *e, const char *name)
{
  if (e->extra != NULL && g_hash_table_contains (e->extra, name))
    return g_strdup (g_hash_table_lookup (e->extra, name));
  if (g_str_equal (name, "hs_object_id"))
    return g_strdup_printf ("%" G_GUINT64_FORMAT, e->id);
  if (g_str_equal (name, "hs_timestamp") || g_str_equal (name, "hs_meeting_start_time"))
    return format_iso (e->timestamp_ms);
  if (g_str_equal (name, "hs_createdate"))
    return format_iso (e->created_ms);
  if (g_str_equal (name, "hs_lastmodifieddate"))
    return format_iso (e->modified_ms);
  if (g_str_equal (name, "hs_meeting_end_time"))
    return format_iso (e->timestamp_ms + e->duration_ms);
  if (g_str_equal (name, "hs_call_duration"))
    return e->type == ENGAGEMENT_CALLS ? g_strdup_printf ("%" G_GINT64_FORMAT, e->duration_ms)
                                       : NULL;
  if (g_str_has_suffix (name, "_title") || g_str_has_suffix (name, "_subject"))
    return g_strdup (e->title);
  if (g_str_has_suffix (name, "_direction"))
    return g_strdup (e->direction);
  if (g_str_has_suffix (name, "_status") || g_str_has_suffix (name, "_outcome"))
    return g_strdup (e->status);
  return NULL;
}

static void
add_engagement_json (JsonBuilder *b, Engagement *e, GPtrArray *requested)
{
  g_autofree char       *id = g_strdup_printf ("%" G_GUINT64_FORMAT, e->id);
  g_autofree char       *created = format_iso (e->created_ms);
  g_autofree char       *updated = format_iso (e->modified_ms);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *const     *names =
      requested != NULL ? (const char *const *)requested->pdata : engagement_default_properties;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *v = NULL;

          /* Unknown names are silently dropped, as for contacts. */
          if (!engagement_knows (e, names[i]) || !g_hash_table_add (seen, (gpointer)names[i]))
            continue;
          v = engagement_dup_value (e, names[i]);
          json_builder_set_member_name (b, names[i]);
          if (v != NULL)
            json_builder_add_string_value (b, v);
          else
            json_builder_add_null_value (b);
        }
      /* HubSpot always sends the default three, asked for or not. */
      names = engagement_default_properties;
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "createdAt");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "updatedAt");
  json_builder_add_string_value (b, updated);
  json_builder_set_member_name (b, "archived");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
}

/* Requested names of an engagement request, kept as given (unknown ones are dropped per record). */
static GPtrArray *
requested_names (const char *csv, JsonArray *array)
{
  GPtrArray     *out;
  g_auto (GStrv) parts = NULL;

  if ((csv == NULL || *csv == '\0') && array == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  if (csv != NULL)
    parts = g_strsplit (csv, ",", -1);
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (g_strstrip (parts[i])));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);
      if (name != NULL)
        g_ptr_array_add (out, g_strdup (name));
    }
  g_ptr_array_add (out, NULL);
  return out;
}

static void
handle_engagement_batch_read (HotlistFakeHubspot *self, SoupServerMessage *msg, EngagementType type)
{
  static const char *const object_names[] = { "CALL", "MEETING_EVENT", "EMAIL" };
  g_autoptr (JsonNode)     root = parse_body (msg);
  g_autoptr (GPtrArray)    missing = g_ptr_array_new ();
  g_autofree char         *started = format_iso (g_get_real_time () / 1000);
  g_autoptr (GPtrArray)    requested = NULL;
  g_autoptr (JsonBuilder)  b = NULL;
  JsonArray               *inputs = batch_inputs (msg, root);
  JsonObject              *obj;

  if (inputs == NULL)
    return;
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "properties")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "properties")))
    requested = requested_names (NULL, json_object_get_array_member (obj, "properties"));
  b = json_builder_new ();
  json_builder_begin_object (b);
  add_batch_envelope (b, started);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      const char *id =
          json_object_get_string_member (json_array_get_object_element (inputs, i), "id");
      Engagement *e = find_engagement (self, id, type);

      if (e == NULL)
        g_ptr_array_add (missing, (gpointer)id);
      else
        add_engagement_json (b, e, requested);
    }
  json_builder_end_array (b);
  if (missing->len > 0)
    add_not_found_errors (b, missing, object_names[type]);
  json_builder_end_object (b);
  respond_builder (msg, missing->len > 0 ? 207 : 200, b);
}

static void
handle_engagement_get (HotlistFakeHubspot *self,
                       SoupServerMessage  *msg,
                       EngagementType      type,
                       const char         *id,
                       GHashTable         *query)
{
  Engagement             *e = find_engagement (self, id, type);
  g_autoptr (GPtrArray)   requested = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (e == NULL)
    {
      respond_not_found (msg, id);
      return;
    }
  requested = requested_names (query ? g_hash_table_lookup (query, "properties") : NULL, NULL);
  add_engagement_json (b, e, requested);
  respond_builder (msg, 200, b);
}

#define ASSOCIATIONS_PAGE 500

static void
add_association_json (JsonBuilder *b, Engagement *e)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "toObjectId");
  json_builder_add_int_value (b, (gint64)e->id);
  json_builder_set_member_name (b, "associationTypes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, "HUBSPOT_DEFINED");
  json_builder_set_member_name (b, "typeId");
  json_builder_add_int_value (b, engagement_association_ids[e->type]);
  json_builder_set_member_name (b, "label");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* Adds up to @limit associations of @c to @type from @offset; returns the offset of the next
 * page, or 0 when there is none. */
static guint
add_associations (JsonBuilder *b, Contact *c, EngagementType type, guint offset, guint limit)
{
  guint n = 0, seen = 0;

  for (guint i = 0; c->engagements != NULL && i < c->engagements->len; i++)
    {
      Engagement *e = g_ptr_array_index (c->engagements, i);

      if (e->type != type)
        continue;
      if (seen++ < offset)
        continue;
      if (n == limit)
        return offset + n;
      add_association_json (b, e);
      n++;
    }
  return 0;
}

static guint
count_associations (Contact *c, EngagementType type)
{
  guint n = 0;

  for (guint i = 0; c->engagements != NULL && i < c->engagements->len; i++)
    n += ((Engagement *)g_ptr_array_index (c->engagements, i))->type == type;
  return n;
}

static void
add_next_page (JsonBuilder *b, guint next)
{
  g_autofree char *after = g_strdup_printf ("%u", next);

  json_builder_set_member_name (b, "paging");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "next");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "after");
  json_builder_add_string_value (b, after);
  json_builder_set_member_name (b, "link");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
handle_associations_batch_read (HotlistFakeHubspot *self,
                                SoupServerMessage  *msg,
                                EngagementType      type)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  g_autoptr (GPtrArray)   none = g_ptr_array_new ();
  g_autofree char        *started = format_iso (g_get_real_time () / 1000);
  g_autoptr (JsonBuilder) b = NULL;
  JsonArray              *inputs = batch_inputs (msg, root);

  if (inputs == NULL)
    return;
  b = json_builder_new ();
  json_builder_begin_object (b);
  add_batch_envelope (b, started);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject      *in = json_array_get_object_element (inputs, i);
      const char      *id = json_object_get_string_member (in, "id");
      Contact         *c = find_contact (self, id, NULL);
      g_autofree char *after = node_to_value (json_object_get_member (in, "after"));
      guint64          offset = 0;
      guint            next;

      if (after != NULL && *after != '\0'
          && !g_ascii_string_to_unsigned (after, 10, 0, G_MAXUINT32, &offset, NULL))
        offset = G_MAXUINT32;
      if (c == NULL || c->archived || count_associations (c, type) <= offset)
        {
          g_ptr_array_add (none, (gpointer)id);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "to");
      json_builder_begin_array (b);
      next = add_associations (b, c, type, (guint)offset, ASSOCIATIONS_PAGE);
      json_builder_end_array (b);
      if (next > 0)
        add_next_page (b, next);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (none->len > 0)
    {
      /* HubSpot reports a record without associations as an error of the batch. */
      json_builder_set_member_name (b, "numErrors");
      json_builder_add_int_value (b, none->len);
      json_builder_set_member_name (b, "errors");
      json_builder_begin_array (b);
      for (guint i = 0; i < none->len; i++)
        {
          g_autofree char *m =
              g_strdup_printf ("No %s is associated with contact %s.", engagement_type_names[type],
                               (const char *)g_ptr_array_index (none, i));

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, "error");
          json_builder_set_member_name (b, "category");
          json_builder_add_string_value (b, "OBJECT_NOT_FOUND");
          json_builder_set_member_name (b, "subCategory");
          json_builder_add_string_value (b, "crm.associations.NO_ASSOCIATIONS_FOUND");
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, m);
          json_builder_set_member_name (b, "context");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "fromObjectId");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, g_ptr_array_index (none, i));
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "errors");
          json_builder_begin_array (b);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "links");
          json_builder_begin_object (b);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  respond_builder (msg, none->len > 0 ? 207 : 200, b);
}

static void
handle_associations_list (HotlistFakeHubspot *self,
                          SoupServerMessage  *msg,
                          const char         *contact_id,
                          EngagementType      type,
                          GHashTable         *query)
{
  const char             *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char             *after_s = query ? g_hash_table_lookup (query, "after") : NULL;
  Contact                *c = find_contact (self, contact_id, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint64                 limit = ASSOCIATIONS_PAGE, after = 0;
  guint                   next;

  if (c == NULL || c->archived)
    {
      respond_not_found (msg, contact_id);
      return;
    }
  if ((limit_s != NULL
       && !g_ascii_string_to_unsigned (limit_s, 10, 1, ASSOCIATIONS_PAGE, &limit, NULL))
      || (after_s != NULL
          && !g_ascii_string_to_unsigned (after_s, 10, 0, G_MAXUINT32, &after, NULL)))
    {
      respond_error (msg, 400, "VALIDATION_ERROR",
                     "limit must be between 1 and 500, and after a paging cursor");
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  next = add_associations (b, c, type, (guint)after, (guint)limit);
  json_builder_end_array (b);
  if (next > 0)
    add_next_page (b, next);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static int
compare_email_events (gconstpointer a, gconstpointer b)
{
  const EmailEvent *ea = *(EmailEvent **)a;
  const EmailEvent *eb = *(EmailEvent **)b;

  if (ea->created_ms != eb->created_ms)
    return ea->created_ms < eb->created_ms ? -1 : 1;
  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

#define EMAIL_EVENTS_MAX_LIMIT 1000

static void
handle_email_events (HotlistFakeHubspot *self, SoupServerMessage *msg, GHashTable *query)
{
  const char             *params[] = { "startTimestamp", "endTimestamp", "limit", "offset" };
  guint64                 values[] = { 0, G_MAXINT64, 100, 0 };
  const char             *event_type = query ? g_hash_table_lookup (query, "eventType") : NULL;
  const char             *recipient = query ? g_hash_table_lookup (query, "recipient") : NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint                   i, n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (params); k++)
    {
      const char *v = query ? g_hash_table_lookup (query, params[k]) : NULL;

      if (v != NULL && !g_ascii_string_to_unsigned (v, 10, 0, G_MAXINT64, &values[k], NULL))
        {
          g_autofree char *m = g_strdup_printf ("%s must be a non-negative integer", params[k]);
          respond_error (msg, 400, "VALIDATION_ERROR", m);
          return;
        }
    }
  if (values[2] < 1 || values[2] > EMAIL_EVENTS_MAX_LIMIT)
    {
      respond_error (msg, 400, "VALIDATION_ERROR", "limit must be between 1 and 1000");
      return;
    }
  if (!self->email_events_sorted)
    {
      g_ptr_array_sort (self->email_events, compare_email_events);
      self->email_events_sorted = TRUE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (i = (guint)MIN (values[3], self->email_events->len); i < self->email_events->len; i++)
    {
      EmailEvent      *ev = g_ptr_array_index (self->email_events, i);
      g_autofree char *id = NULL;

      if ((guint64)ev->created_ms < values[0] || (guint64)ev->created_ms > values[1]
          || (event_type != NULL && g_ascii_strcasecmp (event_type, ev->type) != 0)
          || (recipient != NULL && g_ascii_strcasecmp (recipient, ev->recipient) != 0))
        continue;
      if (n == values[2])
        break;
      id = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", ev->id);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "created");
      json_builder_add_int_value (b, ev->created_ms);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, ev->type);
      json_builder_set_member_name (b, "recipient");
      json_builder_add_string_value (b, ev->recipient);
      json_builder_set_member_name (b, "portalId");
      json_builder_add_int_value (b, 62515);
      json_builder_set_member_name (b, "appId");
      json_builder_add_int_value (b, 113);
      json_builder_set_member_name (b, "appName");
      json_builder_add_string_value (b, "Batch");
      json_builder_set_member_name (b, "emailCampaignId");
      json_builder_add_int_value (b, 7000000 + ev->campaign);
      json_builder_set_member_name (b, "emailCampaignGroupId");
      json_builder_add_int_value (b, 7100000 + ev->campaign);
      if (g_str_equal (ev->type, "CLICK"))
        {
          json_builder_set_member_name (b, "url");
          json_builder_add_string_value (b, "https://www.example.com/pricing");
        }
      json_builder_end_object (b);
      n++;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "hasMore");
  json_builder_add_boolean_value (b, i < self->email_events->len);
  json_builder_set_member_name (b, "offset");
  {
    g_autofree char *offset = g_strdup_printf ("%u", i);
    json_builder_add_string_value (b, offset);
  }
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* Handlers: OAuth */

static char *
issue_tokens_locked (HotlistFakeHubspot *self, const char *refresh)
{
  AccessToken *t = g_new0 (AccessToken, 1);
  char        *access = random_token ("CJSP", 24);
  const char  *old = g_hash_table_lookup (self->refresh_tokens, refresh);

  /* One live access token per grant: refreshing invalidates the previous one. */
  if (old != NULL)
    g_hash_table_remove (self->access_tokens, old);
  t->refresh = g_strdup (refresh);
  t->expires_us = g_get_monotonic_time () + (gint64)self->token_lifetime_ms * 1000;
  g_hash_table_insert (self->access_tokens, g_strdup (access), t);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), g_strdup (access));
  return access;
}

static char *
s256 (const char *verifier)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8                digest[32];
  gsize                 len = sizeof digest;
  char                 *b64;

  g_checksum_update (sum, (const guchar *)verifier, -1);
  g_checksum_get_digest (sum, digest, &len);
  b64 = g_base64_encode (digest, len);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  for (char *p = b64 + strlen (b64); p > b64 && p[-1] == '='; p--)
    p[-1] = '\0';
  return b64;
}

static void
handle_token (HotlistFakeHubspot *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char   *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GHashTable)  form = soup_form_decode (text);
  const char             *grant = g_hash_table_lookup (form, "grant_type");
  const char             *client_id = g_hash_table_lookup (form, "client_id");
  const char             *client_secret = g_hash_table_lookup (form, "client_secret");
  g_autofree char        *refresh = NULL;
  g_autofree char        *access = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (query != NULL && g_hash_table_size (query) > 0)
    {
      respond_oauth_error (msg, 400, "invalid_request", "BAD_REQUEST",
                           "OAuth parameters must be sent in the form body, not the query string");
      return;
    }
  if (g_strcmp0 (client_id, HOTLIST_FAKE_HUBSPOT_CLIENT_ID) != 0)
    {
      respond_oauth_error (msg, 400, "invalid_client", "BAD_CLIENT_ID",
                           "missing or unknown client id");
      return;
    }
  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      const char *rt = g_hash_table_lookup (form, "refresh_token");

      if (g_strcmp0 (client_secret, HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET) != 0)
        {
          respond_oauth_error (msg, 400, "invalid_client", "BAD_CLIENT_SECRET",
                               "missing or wrong client secret");
          return;
        }
      if (rt == NULL || !g_hash_table_contains (self->refresh_tokens, rt))
        {
          respond_oauth_error (msg, 400, "invalid_grant", "BAD_REFRESH_TOKEN",
                               "refresh token is invalid, expired or revoked");
          return;
        }
      refresh = g_strdup (rt);
    }
  else if (g_strcmp0 (grant, "authorization_code") == 0)
    {
      const char *code = g_hash_table_lookup (form, "code");
      const char *verifier = g_hash_table_lookup (form, "code_verifier");
      const char *challenge = code ? g_hash_table_lookup (self->auth_codes, code) : NULL;

      if (challenge == NULL)
        {
          respond_oauth_error (msg, 400, "invalid_grant", "BAD_AUTH_CODE", "auth code not found");
          return;
        }
      if (*challenge != '\0')
        {
          g_autofree char *computed = verifier ? s256 (verifier) : NULL;
          if (g_strcmp0 (computed, challenge) != 0)
            {
              g_hash_table_remove (self->auth_codes, code);
              respond_oauth_error (msg, 400, "invalid_grant", "BAD_AUTH_CODE",
                                   "code_verifier does not match the code_challenge");
              return;
            }
        }
      else if (g_strcmp0 (client_secret, HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET) != 0)
        {
          respond_oauth_error (msg, 400, "invalid_client", "BAD_CLIENT_SECRET",
                               "missing or wrong client secret");
          return;
        }
      g_hash_table_remove (self->auth_codes, code);
      refresh = random_token ("", 4);
    }
  else
    {
      respond_oauth_error (msg, 400, "unsupported_grant_type", "BAD_GRANT_TYPE",
                           "grant_type must be authorization_code or refresh_token");
      return;
    }
  access = issue_tokens_locked (self, refresh);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "refresh_token");
  json_builder_add_string_value (b, refresh);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, self->token_lifetime_ms / 1000);
  json_builder_set_member_name (b, "token_type");
  json_builder_add_string_value (b, "bearer");
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* Auth, rate limits and faults */

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *h =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (h == NULL || g_ascii_strncasecmp (h, "Bearer ", 7) != 0)
    return NULL;
  return h + 7;
}

/* Returns FALSE after answering 401. */
static gboolean
check_auth (HotlistFakeHubspot *self, SoupServerMessage *msg, gboolean *is_private)
{
  const char  *token = bearer_token (msg);
  AccessToken *t;

  *is_private = FALSE;
  if (token != NULL && g_hash_table_contains (self->private_tokens, token))
    {
      *is_private = TRUE;
      return TRUE;
    }
  t = token ? g_hash_table_lookup (self->access_tokens, token) : NULL;
  if (t == NULL)
    {
      respond_error (
          msg, 401, "INVALID_AUTHENTICATION",
          "Authentication credentials not found. This API supports OAuth 2.0 authentication "
          "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
      return FALSE;
    }
  if (g_get_monotonic_time () >= t->expires_us)
    {
      gint64           ago = (g_get_monotonic_time () - t->expires_us) / G_USEC_PER_SEC;
      g_autofree char *m =
          g_strdup_printf ("The OAuth token used to make this call expired %" G_GINT64_FORMAT
                           " second(s) ago.",
                           ago);
      respond_error (msg, 401, "EXPIRED_AUTHENTICATION", m);
      return FALSE;
    }
  return TRUE;
}

static void
prune_hits (HotlistFakeHubspot *self, gint64 now)
{
  while (self->hits_start < self->hits->len
         && g_array_index (self->hits, gint64, self->hits_start) <= now - WINDOW_US)
    self->hits_start++;
  if (self->hits_start > 4096)
    {
      g_array_remove_range (self->hits, 0, self->hits_start);
      self->hits_start = 0;
    }
}

static guint
hits_since (HotlistFakeHubspot *self, gint64 since, gint64 *oldest)
{
  guint n = 0;

  for (guint i = self->hits->len; i > self->hits_start; i--)
    {
      gint64 t = g_array_index (self->hits, gint64, i - 1);
      if (t <= since)
        break;
      *oldest = t;
      n++;
    }
  return n;
}

static void
add_rate_headers (HotlistFakeHubspot *self, SoupServerMessage *msg, gboolean is_private)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  guint  max = self->per_ten_seconds ? self->per_ten_seconds : is_private ? PRIVATE_MAX : OAUTH_MAX;
  guint  used = self->hits->len - self->hits_start;
  gint64 oldest = 0;
  g_autofree char *max_s = g_strdup_printf ("%u", max);
  g_autofree char *remaining = NULL;

  /* Without an enforced limit the fake never claims the window is used up. */
  if (self->per_ten_seconds)
    remaining = g_strdup_printf ("%u", used >= max ? 0 : max - used);
  else
    remaining = g_strdup_printf ("%u", used >= max ? 1 : max - used);
  soup_message_headers_replace (h, "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
  soup_message_headers_replace (h, "X-HubSpot-RateLimit-Max", max_s);
  soup_message_headers_replace (h, "X-HubSpot-RateLimit-Remaining", remaining);
  if (is_private)
    {
      g_autofree char *daily = g_strdup_printf ("%u", PRIVATE_DAILY);
      g_autofree char *left =
          g_strdup_printf ("%" G_GUINT64_FORMAT, self->daily_used >= PRIVATE_DAILY
                                                     ? 0
                                                     : PRIVATE_DAILY - self->daily_used);
      soup_message_headers_replace (h, "X-HubSpot-RateLimit-Daily", daily);
      soup_message_headers_replace (h, "X-HubSpot-RateLimit-Daily-Remaining", left);
    }
  if (self->per_second)
    {
      guint            n1 = hits_since (self, g_get_monotonic_time () - G_USEC_PER_SEC, &oldest);
      g_autofree char *sec = g_strdup_printf ("%u", self->per_second);
      g_autofree char *sec_left =
          g_strdup_printf ("%u", n1 >= self->per_second ? 0 : self->per_second - n1);
      soup_message_headers_replace (h, "X-HubSpot-RateLimit-Secondly", sec);
      soup_message_headers_replace (h, "X-HubSpot-RateLimit-Secondly-Remaining", sec_left);
    }
}

/* Returns FALSE after answering 429. */
static gboolean
check_rate (HotlistFakeHubspot *self, SoupServerMessage *msg)
{
  gint64 now = g_get_monotonic_time ();
  gint64 oldest = now;

  prune_hits (self, now);
  if (self->per_second && hits_since (self, now - G_USEC_PER_SEC, &oldest) >= self->per_second)
    {
      respond_rate_limited (self, msg, "SECONDLY",
                            (guint)((oldest + G_USEC_PER_SEC - now + G_USEC_PER_SEC - 1)
                                    / G_USEC_PER_SEC));
      return FALSE;
    }
  if (self->per_ten_seconds && self->hits->len - self->hits_start >= self->per_ten_seconds)
    {
      oldest = g_array_index (self->hits, gint64, self->hits_start);
      respond_rate_limited (self, msg, "TEN_SECONDLY_ROLLING",
                            (guint)((oldest + WINDOW_US - now + G_USEC_PER_SEC - 1)
                                    / G_USEC_PER_SEC));
      return FALSE;
    }
  g_array_append_val (self->hits, now);
  self->daily_used++;
  return TRUE;
}

static HotlistFakeFault
pick_fault (HotlistFakeHubspot *self, const char *path, gboolean is_oauth)
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
  static const char partial[] = "{\"results\":[{\"id\":\"1\",\"properties\":{\"email\":\"ada@exa";
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char      *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                     "Content-Type: application/json;charset=utf-8\r\n"
                                                     "Content-Length: %zu\r\n"
                                                     "X-HubSpot-RateLimit-Interval-Milliseconds: 10000\r\n"
                                                     "X-HubSpot-RateLimit-Max: 190\r\n"
                                                     "X-HubSpot-RateLimit-Remaining: 189\r\n"
                                                     "\r\n",
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

/* Returns TRUE when the fault is the whole answer. */
static gboolean
serve_fault (HotlistFakeHubspot *self, SoupServerMessage *msg, HotlistFakeFault kind)
{
  static const char malformed[] =
      "{\"results\":[{\"id\":\"1\",,\"properties\":{\"email\" \"ada@example.com\"}}";
  static const char bad_gateway[] =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n";

  switch (kind)
    {
    case HOTLIST_FAKE_FAULT_500:
      respond_error (msg, 500, "INTERNAL_ERROR", "internal error");
      return TRUE;
    case HOTLIST_FAKE_FAULT_502:
      soup_server_message_set_status (msg, 502, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, bad_gateway,
                                        sizeof bad_gateway - 1);
      return TRUE;
    case HOTLIST_FAKE_FAULT_503:
      respond_error (msg, 503, "SERVICE_UNAVAILABLE",
                     "The service is temporarily unavailable; try again later.");
      return TRUE;
    case HOTLIST_FAKE_FAULT_429:
      respond_rate_limited (self, msg, "TEN_SECONDLY_ROLLING", self->retry_after_s);
      if (!self->send_retry_after)
        {
          g_autofree char *v = g_strdup_printf ("%u", self->retry_after_s);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", v);
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-HubSpot-RateLimit-Max", "190");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-HubSpot-RateLimit-Remaining", "0");
      return TRUE;
    case HOTLIST_FAKE_FAULT_401_EXPIRED:
      {
        const char  *token = bearer_token (msg);
        AccessToken *t = token ? g_hash_table_lookup (self->access_tokens, token) : NULL;

        if (t != NULL)
          t->expires_us = MIN (t->expires_us, g_get_monotonic_time ());
        respond_error (msg, 401, "EXPIRED_AUTHENTICATION",
                       "The OAuth token used to make this call expired 0 second(s) ago.");
        return TRUE;
      }
    case HOTLIST_FAKE_FAULT_MALFORMED_JSON:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json;charset=utf-8", SOUP_MEMORY_STATIC,
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

static Route
classify (const char *method, const char *path, const char **rest)
{
  static const char objects[] = "/crm/v3/objects/contacts";
  static const char props[] = "/crm/v3/properties/contacts";

  *rest = NULL;
  if (g_str_has_prefix (path, objects))
    {
      const char *r = path + strlen (objects);

      if (*r == '\0' || g_str_equal (r, "/"))
        return g_str_equal (method, "GET")    ? ROUTE_LIST
               : g_str_equal (method, "POST") ? ROUTE_CREATE
                                              : ROUTE_NONE;
      if (g_str_equal (r, "/search") && g_str_equal (method, "POST"))
        return ROUTE_SEARCH;
      if (g_str_equal (r, "/batch/update") && g_str_equal (method, "POST"))
        return ROUTE_BATCH_UPDATE;
      if (g_str_equal (r, "/batch/read") && g_str_equal (method, "POST"))
        return ROUTE_BATCH_READ;
      if (r[0] == '/' && r[1] != '\0' && strchr (r + 1, '/') == NULL)
        {
          *rest = r + 1;
          return g_str_equal (method, "GET")     ? ROUTE_GET
                 : g_str_equal (method, "PATCH") ? ROUTE_PATCH
                                                 : ROUTE_NONE;
        }
      return ROUTE_NONE;
    }
  if (g_str_has_prefix (path, props))
    {
      const char *r = path + strlen (props);

      if (*r == '\0')
        return g_str_equal (method, "GET")    ? ROUTE_PROPERTIES
               : g_str_equal (method, "POST") ? ROUTE_PROPERTY_POST
                                              : ROUTE_NONE;
      if (r[0] == '/' && r[1] != '\0' && strchr (r + 1, '/') == NULL && g_str_equal (method, "GET"))
        {
          *rest = r + 1;
          return ROUTE_PROPERTY;
        }
      return ROUTE_NONE;
    }
  if (g_str_has_prefix (path, "/crm/v3/objects/"))
    {
      /* /crm/v3/objects/{calls|meetings|emails}/(batch/read|{id}) */
      g_auto (GStrv) parts = g_strsplit (path + strlen ("/crm/v3/objects/"), "/", 3);
      EngagementType type;

      if (g_strv_length (parts) < 2 || !parse_engagement_type (parts[0], &type))
        return ROUTE_NONE;
      *rest = path + strlen ("/crm/v3/objects/") + strlen (parts[0]) + 1;
      if (g_str_equal (*rest, "batch/read"))
        return g_str_equal (method, "POST") ? ROUTE_ENGAGEMENT_BATCH_READ : ROUTE_NONE;
      if (parts[2] == NULL && *parts[1] != '\0')
        return g_str_equal (method, "GET") ? ROUTE_ENGAGEMENT_GET : ROUTE_NONE;
      return ROUTE_NONE;
    }
  if (g_str_has_prefix (path, "/crm/v4/associations/contacts/"))
    {
      /* /crm/v4/associations/contacts/{toType}/batch/read */
      const char      *r = path + strlen ("/crm/v4/associations/contacts/");
      const char      *slash = strchr (r, '/');
      EngagementType   type;
      g_autofree char *to = slash ? g_strndup (r, slash - r) : NULL;

      if (to != NULL && parse_engagement_type (to, &type) && g_str_equal (slash, "/batch/read")
          && g_str_equal (method, "POST"))
        {
          *rest = r;
          return ROUTE_ASSOCIATIONS_BATCH_READ;
        }
      return ROUTE_NONE;
    }
  if (g_str_has_prefix (path, "/crm/v4/objects/contacts/"))
    {
      /* /crm/v4/objects/contacts/{id}/associations/{toType} */
      g_auto (GStrv) parts = g_strsplit (path + strlen ("/crm/v4/objects/contacts/"), "/", -1);
      EngagementType type;

      if (g_strv_length (parts) == 3 && *parts[0] != '\0' && g_str_equal (parts[1], "associations")
          && parse_engagement_type (parts[2], &type) && g_str_equal (method, "GET"))
        {
          *rest = path + strlen ("/crm/v4/objects/contacts/");
          return ROUTE_ASSOCIATIONS_LIST;
        }
      return ROUTE_NONE;
    }
  if (g_str_equal (path, "/email/public/v1/events"))
    return g_str_equal (method, "GET") ? ROUTE_EMAIL_EVENTS : ROUTE_NONE;
  if (g_str_equal (method, "POST")
      && (g_str_equal (path, "/oauth/v1/token") || g_str_equal (path, "/oauth/v3/token")
          || g_str_equal (path, "/oauth/2026-03/token")))
    return ROUTE_TOKEN;
  return ROUTE_NONE;
}

/* @rest is what classify() left: "{type}/..." or "{id}/associations/{type}". */
static void
dispatch_engagements (HotlistFakeHubspot *self,
                      SoupServerMessage  *msg,
                      Route               route,
                      const char         *rest,
                      GHashTable         *query)
{
  g_auto (GStrv) parts = g_strsplit (rest, "/", -1);
  EngagementType type = ENGAGEMENT_CALLS;

  if (route == ROUTE_ENGAGEMENT_BATCH_READ || route == ROUTE_ENGAGEMENT_GET)
    {
      /* classify() pointed @rest past the type; find it again from the request path. */
      const char    *path = g_uri_get_path (soup_server_message_get_uri (msg));
      g_auto (GStrv) segs = g_strsplit (path + strlen ("/crm/v3/objects/"), "/", 2);

      parse_engagement_type (segs[0], &type);
      if (route == ROUTE_ENGAGEMENT_BATCH_READ)
        handle_engagement_batch_read (self, msg, type);
      else
        handle_engagement_get (self, msg, type, rest, query);
    }
  else if (route == ROUTE_ASSOCIATIONS_BATCH_READ)
    {
      parse_engagement_type (parts[0], &type);
      handle_associations_batch_read (self, msg, type);
    }
  else if (route == ROUTE_ASSOCIATIONS_LIST)
    {
      parse_engagement_type (parts[2], &type);
      handle_associations_list (self, msg, parts[0], type, query);
    }
  else
    g_assert_not_reached ();
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
  HotlistFakeHubspot      *self = user_data;
  const char              *method = soup_server_message_get_method (msg);
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char         *other = NULL;
  const char              *rest = NULL;
  Route                    route = classify (method, path, &rest);
  const char              *endpoint = route_names[route];
  gboolean                 is_oauth = g_str_has_prefix (path, "/oauth/");
  gboolean                 is_private = FALSE;
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
    handle_token (self, msg, query);
  else if (is_oauth || other != NULL)
    respond_error (msg, other != NULL && g_str_has_prefix (path, "/crm/") ? 405 : 404,
                   "OBJECT_NOT_FOUND", "No endpoint matches this method and path.");
  else if (check_auth (self, msg, &is_private) && check_rate (self, msg))
    {
      if (route == ROUTE_LIST)
        handle_list (self, msg, query);
      else if (route == ROUTE_CREATE)
        handle_create (self, msg);
      else if (route == ROUTE_GET)
        handle_get (self, msg, rest, query);
      else if (route == ROUTE_PATCH)
        handle_patch (self, msg, rest, query);
      else if (route == ROUTE_BATCH_UPDATE)
        handle_batch_update (self, msg);
      else if (route == ROUTE_BATCH_READ)
        handle_batch_read (self, msg);
      else if (route == ROUTE_SEARCH)
        handle_search (self, msg);
      else if (route == ROUTE_PROPERTIES)
        handle_list_properties (self, msg);
      else if (route == ROUTE_PROPERTY)
        handle_get_property (self, msg, rest);
      else if (route == ROUTE_PROPERTY_POST)
        handle_create_property (self, msg);
      else if (route == ROUTE_EMAIL_EVENTS)
        handle_email_events (self, msg, query);
      else
        dispatch_engagements (self, msg, route, rest, query);
    }
  /* Search responses carry no rate-limit headers (reference 2.3); 401s are answered before the
   * account is known. */
  if (!is_oauth && route != ROUTE_SEARCH && soup_server_message_get_status (msg) != 401
      && other == NULL)
    add_rate_headers (self, msg, is_private);

  if (fault == HOTLIST_FAKE_FAULT_SLOW)
    {
      g_autoptr (GSource) source = g_timeout_source_new (self->fault_delay_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (source, self->context);
    }
}

/* The time the fake spends on each request, for the benchmarks' ratio. */
static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "hotlist-fake-start", start, g_free);
}

static void
request_finished_cb (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  HotlistFakeHubspot *self = user_data;
  gint64             *start = g_object_get_data (G_OBJECT (msg), "hotlist-fake-start");

  if (start == NULL)
    return;
  g_mutex_lock (&self->serve_lock);
  self->serve_time_us += g_get_monotonic_time () - *start;
  g_mutex_unlock (&self->serve_lock);
}

static gboolean
listen_locked (HotlistFakeHubspot *self, GError **error)
{
  g_autoptr (SoupServer) server = soup_server_new ("server-header", "hotlist-fake-hubspot ", NULL);
  GSList                *uris;
  g_autofree char       *s = NULL;

  soup_server_add_handler (server, NULL, server_cb, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), self);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  s = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  /* g_uri_to_string leaves a trailing '/'; the base URL has none. */
  if (g_str_has_suffix (s, "/"))
    s[strlen (s) - 1] = '\0';
  self->base_url = g_steal_pointer (&s);
  self->server = g_steal_pointer (&server);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  HotlistFakeHubspot *self = data;
  GError             *error = NULL;
  gboolean            ok;

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
  /* Let libsoup finish closing connections before the context goes away. */
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
hotlist_fake_hubspot_finalize (GObject *object)
{
  HotlistFakeHubspot *self = HOTLIST_FAKE_HUBSPOT (object);

  hotlist_fake_hubspot_stop (self);
  g_clear_pointer (&self->by_modified, g_sequence_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_email, g_hash_table_unref);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->engagements_by_id, g_hash_table_unref);
  g_clear_pointer (&self->engagements, g_ptr_array_unref);
  g_clear_pointer (&self->email_events, g_ptr_array_unref);
  g_clear_pointer (&self->properties, g_hash_table_unref);
  g_clear_pointer (&self->property_order, g_ptr_array_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->private_tokens, g_hash_table_unref);
  g_clear_pointer (&self->auth_codes, g_hash_table_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->n_requests, g_hash_table_unref);
  g_clear_pointer (&self->id_rand, g_rand_free);
  g_clear_pointer (&self->touch_rand, g_rand_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->serve_lock);
  g_cond_clear (&self->started_cond);

  G_OBJECT_CLASS (hotlist_fake_hubspot_parent_class)->finalize (object);
}

static void
hotlist_fake_hubspot_class_init (HotlistFakeHubspotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hotlist_fake_hubspot_finalize;
}

static void
hotlist_fake_hubspot_init (HotlistFakeHubspot *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->serve_lock);
  g_cond_init (&self->started_cond);
  self->contacts = g_ptr_array_new_with_free_func (contact_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_modified = g_sequence_new (NULL);
  self->next_id = 5100;
  self->id_rand = g_rand_new_with_seed (51);
  self->touch_rand = g_rand_new_with_seed (77);
  self->properties = g_hash_table_new (g_str_hash, g_str_equal);
  self->property_order = g_ptr_array_new_with_free_func (property_def_free);
  self->engagements = g_ptr_array_new_with_free_func (engagement_free);
  self->engagements_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->next_engagement_id = 40000000;
  self->email_events = g_ptr_array_new_with_free_func (email_event_free);
  self->email_events_sorted = TRUE;
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, access_token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->private_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->auth_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_lifetime_ms = 1800 * 1000;
  self->send_retry_after = TRUE;
  self->hits = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->fault_delay_ms = 2000;
  self->retry_after_s = 1;
  self->n_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->private_tokens, g_strdup (HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN));

  define_property (self, "email", "Email", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "firstname", "First Name", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "lastname", "Last Name", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "company", "Company Name", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "jobtitle", "Job Title", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "phone", "Phone Number", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "website", "Website URL", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "industry", "Industry", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "country", "Country/Region", "string", "text", NULL, FALSE, FALSE);
  define_property (self, "numemployees", "Number of Employees", "enumeration", "select",
                   employee_options, FALSE, FALSE);
  define_property (self, "hs_analytics_source", "Original Source", "enumeration", "select",
                   source_options, FALSE, TRUE);
  define_property (self, "lifecyclestage", "Lifecycle Stage", "enumeration", "radio",
                   lifecycle_options, FALSE, FALSE);
  define_property (self, "hs_lead_status", "Lead Status", "enumeration", "radio",
                   lead_status_options, FALSE, FALSE);
  define_property (self, "hubspot_owner_id", "Contact owner", "enumeration", "select", NULL, FALSE,
                   FALSE);
  define_property (self, "createdate", "Create Date", "datetime", "date", NULL, FALSE, FALSE);
  define_property (self, "lastmodifieddate", "Last Modified Date", "datetime", "date", NULL, FALSE,
                   TRUE);
  define_property (self, "hs_object_id", "Record ID", "number", "number", NULL, FALSE, TRUE);
}

/* Public API */

/**
 * hotlist_fake_hubspot_new:
 *
 * Creates a fake HubSpot with no contacts, the standard contact properties, and the private-app
 * token %HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN. Nothing listens until it is started.
 *
 * Returns: (transfer full): a new fake
 */
HotlistFakeHubspot *
hotlist_fake_hubspot_new (void)
{
  return g_object_new (HOTLIST_TYPE_FAKE_HUBSPOT, NULL);
}

/**
 * hotlist_fake_hubspot_start:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from the thread-default main context: the caller
 * has to iterate that context (so only asynchronous clients work in the same thread).
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_hubspot_start (HotlistFakeHubspot *self, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), FALSE);
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
 * hotlist_fake_hubspot_start_in_thread:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from a thread of its own with its own main
 * context, so blocking clients can call it from the test's thread.
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_hubspot_start_in_thread (HotlistFakeHubspot *self, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), FALSE);
  g_return_val_if_fail (self->server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->started = FALSE;
  self->thread = g_thread_new ("fake-hubspot", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->started_cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      hotlist_fake_hubspot_stop (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_fake_hubspot_get_base_url:
 * @self: a started fake
 *
 * Returns: the URL that stands for `https://api.hubapi.com`, e.g. `http://127.0.0.1:41234`, with
 *   no trailing slash
 */
const char *
hotlist_fake_hubspot_get_base_url (HotlistFakeHubspot *self)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);

  return self->base_url;
}

/**
 * hotlist_fake_hubspot_stop:
 * @self: a fake
 *
 * Stops listening and, for a threaded fake, joins the thread. The records stay for inspection.
 */
void
hotlist_fake_hubspot_stop (HotlistFakeHubspot *self)
{
  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

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
 * hotlist_fake_hubspot_issue_tokens:
 * @self: a fake
 * @refresh_token: (out) (optional): the refresh token of the new grant
 *
 * Makes an OAuth grant as if the user had just authorized the app.
 *
 * Returns: (transfer full): the access token
 */
char *
hotlist_fake_hubspot_issue_tokens (HotlistFakeHubspot *self, char **refresh_token)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autofree char         *refresh = random_token ("", 4);

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (refresh);
  return issue_tokens_locked (self, refresh);
}

/**
 * hotlist_fake_hubspot_add_authorization_code:
 * @self: a fake
 * @code: a code the token endpoint will accept once
 * @code_challenge: (nullable): the PKCE S256 challenge; %NULL to require the client secret
 *
 * Registers a code as if the browser step had produced it.
 */
void
hotlist_fake_hubspot_add_authorization_code (HotlistFakeHubspot *self,
                                             const char         *code,
                                             const char         *code_challenge)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));
  g_return_if_fail (code != NULL);

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_insert (self->auth_codes, g_strdup (code),
                       g_strdup (code_challenge ? code_challenge : ""));
}

/**
 * hotlist_fake_hubspot_set_token_lifetime_ms:
 * @self: a fake
 * @lifetime_ms: how long new access tokens live; `expires_in` reports it in whole seconds
 *
 * The default is HubSpot's 30 minutes.
 */
void
hotlist_fake_hubspot_set_token_lifetime_ms (HotlistFakeHubspot *self, guint lifetime_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->token_lifetime_ms = lifetime_ms;
}

/**
 * hotlist_fake_hubspot_expire_access_tokens:
 * @self: a fake
 *
 * Makes every OAuth access token issued so far expired; refresh tokens stay valid.
 */
void
hotlist_fake_hubspot_expire_access_tokens (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  gint64                   now = g_get_monotonic_time ();

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((AccessToken *)value)->expires_us = MIN (((AccessToken *)value)->expires_us, now);
}

/**
 * hotlist_fake_hubspot_add_private_app_token:
 * @self: a fake
 * @token: a static token to accept; it never expires
 */
void
hotlist_fake_hubspot_add_private_app_token (HotlistFakeHubspot *self, const char *token)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));
  g_return_if_fail (token != NULL);

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_add (self->private_tokens, g_strdup (token));
}

/**
 * hotlist_fake_hubspot_set_rate_limits:
 * @self: a fake
 * @per_second: requests allowed in any second (`SECONDLY`), 0 for no limit
 * @per_ten_seconds: requests allowed in the rolling 10 s window (`TEN_SECONDLY_ROLLING`), 0 for
 *   no limit
 *
 * Turns on enforced limits; beyond them the fake answers 429 with the documented body. By default
 * nothing is enforced, and the headers report HubSpot's 190 (private app) or 110 (OAuth) per 10 s.
 */
void
hotlist_fake_hubspot_set_rate_limits (HotlistFakeHubspot *self,
                                      guint               per_second,
                                      guint               per_ten_seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->per_second = per_second;
  self->per_ten_seconds = per_ten_seconds;
}

/**
 * hotlist_fake_hubspot_set_send_retry_after:
 * @self: a fake
 * @send: whether enforced-limit 429s carry `Retry-After`
 *
 * Whether HubSpot sends `Retry-After` is unconfirmed (reference 2.7), so clients must cope with
 * both; the default is to send it. Injected 429 faults always carry it.
 */
void
hotlist_fake_hubspot_set_send_retry_after (HotlistFakeHubspot *self, gboolean send)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->send_retry_after = send;
}

/**
 * hotlist_fake_hubspot_inject_fault:
 * @self: a fake
 * @path_prefix: (nullable): requests whose path starts with this; %NULL for every API request
 *   (not the OAuth token endpoint)
 * @kind: the fault
 * @count: how many requests get it; 0 for all of them until hotlist_fake_hubspot_clear_faults()
 *
 * Queues a fault. Faults are checked before authentication, in the order they were injected.
 */
void
hotlist_fake_hubspot_inject_fault (HotlistFakeHubspot *self,
                                   const char         *path_prefix,
                                   HotlistFakeFault    kind,
                                   guint               count)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Fault                   *f;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));
  g_return_if_fail (kind != HOTLIST_FAKE_FAULT_NONE);

  locker = g_mutex_locker_new (&self->lock);
  f = g_new0 (Fault, 1);
  f->prefix = g_strdup (path_prefix);
  f->kind = kind;
  f->remaining = count;
  g_ptr_array_add (self->faults, f);
}

/**
 * hotlist_fake_hubspot_set_fault_every:
 * @self: a fake
 * @n: every @n-th API request gets the fault; 0 turns it off
 * @kind: the fault
 */
void
hotlist_fake_hubspot_set_fault_every (HotlistFakeHubspot *self, guint n, HotlistFakeFault kind)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_every = n;
  self->fault_every_kind = kind;
  self->n_counted = 0;
}

/**
 * hotlist_fake_hubspot_set_fault_delay:
 * @self: a fake
 * @delay_ms: how long %HOTLIST_FAKE_FAULT_SLOW holds an answer back (default 2000)
 */
void
hotlist_fake_hubspot_set_fault_delay (HotlistFakeHubspot *self, guint delay_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_delay_ms = delay_ms;
}

/**
 * hotlist_fake_hubspot_set_retry_after:
 * @self: a fake
 * @seconds: the `Retry-After` of injected 429s (default 1)
 */
void
hotlist_fake_hubspot_set_retry_after (HotlistFakeHubspot *self, guint seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->retry_after_s = seconds;
}

/**
 * hotlist_fake_hubspot_clear_faults:
 * @self: a fake
 *
 * Drops queued faults and the every-Nth fault.
 */
void
hotlist_fake_hubspot_clear_faults (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  g_ptr_array_set_size (self->faults, 0);
  self->fault_every = 0;
}

/**
 * hotlist_fake_hubspot_get_n_requests:
 * @self: a fake
 * @endpoint: (nullable): one of the `HOTLIST_FAKE_HUBSPOT_*` endpoint names, or "METHOD /path"
 *   for anything else; %NULL for all requests
 *
 * Returns: how many requests reached the endpoint, faulted ones included
 */
guint
hotlist_fake_hubspot_get_n_requests (HotlistFakeHubspot *self, const char *endpoint)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  if (endpoint != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests, endpoint));
  g_hash_table_iter_init (&iter, self->n_requests);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);
  return n;
}

/**
 * hotlist_fake_hubspot_get_serve_time_us:
 * @self: a fake
 *
 * Returns: the time spent so far between each request's start and the last byte of its answer,
 *   summed over every request, in microseconds
 */
gint64
hotlist_fake_hubspot_get_serve_time_us (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);
  locker = g_mutex_locker_new (&self->serve_lock);
  return self->serve_time_us;
}

/**
 * hotlist_fake_hubspot_get_n_faults:
 * @self: a fake
 *
 * Returns: how many faults have been served
 */
guint
hotlist_fake_hubspot_get_n_faults (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_faults;
}

/**
 * hotlist_fake_hubspot_set_now_ms:
 * @self: a fake
 * @now_ms: the time writes are stamped with, in epoch ms; 0 to follow the real clock
 *
 * Freezing the clock makes many records share one `lastmodifieddate`, as bulk edits do.
 */
void
hotlist_fake_hubspot_set_now_ms (HotlistFakeHubspot *self, gint64 now_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  self->now_ms = now_ms;
}

/**
 * hotlist_fake_hubspot_add_contact:
 * @self: a fake
 * @kv_pairs: (array zero-terminated=1): property names and values, alternating; `createdate`
 *   and `lastmodifieddate` take epoch ms or ISO 8601. Unknown names become custom text properties.
 *
 * Returns: (transfer full): the new contact's id
 */
char *
hotlist_fake_hubspot_add_contact (HotlistFakeHubspot *self, const char *const *kv_pairs)
{
  g_autoptr (GMutexLocker) locker = NULL;
  gint64                   now, modified;
  Contact                 *c;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);
  g_return_val_if_fail (kv_pairs != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  now = clock_now (self);
  c = contact_new (self, now);
  modified = now;
  for (guint i = 0; kv_pairs[i] != NULL && kv_pairs[i + 1] != NULL; i += 2)
    {
      const char *name = kv_pairs[i];

      if (g_str_equal (name, "hs_object_id"))
        continue;
      if (g_str_equal (name, "lastmodifieddate"))
        {
          parse_time (kv_pairs[i + 1], &modified);
          continue;
        }
      if (!g_hash_table_contains (self->properties, name))
        define_property (self, name, name, "string", "text", NULL, TRUE, FALSE);
      contact_set_value (self, c, name, kv_pairs[i + 1]);
    }
  /* A record is never modified before it was created. */
  c->created_ms = MIN (c->created_ms, modified);
  contact_set_modified (self, c, modified);
  return g_strdup (c->id_str);
}

static const char *
pick (GRand *rand, const char *const *options)
{
  return options[g_rand_int_range (rand, 0, g_strv_length ((char **)options))];
}

/* Firmographics, engagements and email events of a generated contact, all between its creation
 * and its last modification. */
static void
generate_more (HotlistFakeHubspot *self, GRand *rand, Contact *c, gint64 created, gint64 modified)
{
  guint n_engagements = g_rand_int_range (rand, 0, 4);
  guint n_events = g_rand_boolean (rand) ? g_rand_int_range (rand, 1, 4) : 0;

  if (g_rand_int_range (rand, 0, 5) > 0)
    contact_set_value (self, c, "industry", pick (rand, industries));
  if (g_rand_int_range (rand, 0, 5) > 0)
    contact_set_value (self, c, "country", pick (rand, countries));
  if (g_rand_int_range (rand, 0, 5) > 0)
    contact_set_value (self, c, "numemployees", pick (rand, employee_options));
  contact_set_value (self, c, "hs_analytics_source", pick (rand, source_options));

  for (guint k = 0; k < n_engagements; k++)
    {
      EngagementType type = (EngagementType)g_rand_int_range (rand, 0, N_ENGAGEMENT_TYPES);
      gint64         at = created + (gint64)(g_rand_double (rand) * (modified - created));
      Engagement    *e = engagement_new (self, c, type, at, at);

      switch (type)
        {
        case ENGAGEMENT_CALLS:
          e->title = pick (rand, call_titles);
          e->direction = pick (rand, call_directions);
          e->status = pick (rand, call_statuses);
          e->duration_ms = g_str_equal (e->status, "COMPLETED")
                               ? g_rand_int_range (rand, 60, 3600) * (gint64)1000
                               : 0;
          break;
        case ENGAGEMENT_MEETINGS:
          e->title = pick (rand, meeting_titles);
          e->status = pick (rand, meeting_outcomes);
          e->duration_ms = g_rand_int_range (rand, 1, 5) * (gint64)15 * 60 * 1000;
          break;
        case ENGAGEMENT_EMAILS:
        case N_ENGAGEMENT_TYPES:
        default:
          e->title = pick (rand, email_subjects);
          e->direction = pick (rand, email_directions);
          e->status = pick (rand, email_statuses);
          break;
        }
    }
  for (guint k = 0; k < n_events; k++)
    {
      EmailEvent *ev = g_new0 (EmailEvent, 1);

      ev->id = ++self->next_email_event_id;
      ev->created_ms = created + (gint64)(g_rand_double (rand) * (modified - created));
      ev->type = pick (rand, email_event_types);
      ev->recipient = g_strdup (g_hash_table_lookup (c->props, "email"));
      ev->campaign = g_rand_int_range (rand, 1, 20);
      g_ptr_array_add (self->email_events, ev);
      self->email_events_sorted = FALSE;
    }
}

/**
 * hotlist_fake_hubspot_generate_contacts:
 * @self: a fake
 * @n: how many contacts to add
 * @seed: the same seed gives the same contacts
 *
 * Adds realistic contacts created between 2022-06-01 and 2024-06-01, each last modified some
 * time after it was created and before 2024-06-01, with up to three engagements (calls,
 * meetings, emails) and up to three marketing email events each, dated in between.
 */
void
hotlist_fake_hubspot_generate_contacts (HotlistFakeHubspot *self, guint n, guint32 seed)
{
  const gint64             end_ms = G_GINT64_CONSTANT (1717200000000); /* 2024-06-01 */
  const gint64             span_ms = G_GINT64_CONSTANT (63158400000);  /* two years */
  g_autoptr (GMutexLocker) locker = NULL;
  GRand                   *rand;
  GRand                   *more;

  g_return_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self));

  locker = g_mutex_locker_new (&self->lock);
  rand = g_rand_new_with_seed (seed);
  /* A second stream for what came later, so the same seed still gives the same contacts. */
  more = g_rand_new_with_seed (seed ^ 0x9e3779b9u);
  for (guint i = 0; i < n; i++)
    {
      const char      *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char      *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      guint            co = g_rand_int_range (rand, 0, G_N_ELEMENTS (companies));
      gint64           created = end_ms - span_ms + (gint64)(g_rand_double (rand) * span_ms);
      gint64           modified = created + (gint64)(g_rand_double (rand) * (end_ms - created));
      g_autofree char *local = g_ascii_strdown (first, -1);
      g_autofree char *local2 = g_ascii_strdown (last, -1);
      g_autofree char *email = NULL;
      Contact         *c;

      g_strdelimit (local2, " ", '-');
      email = g_strdup_printf ("%s.%s@%s", local, local2, companies[co][1]);
      for (guint k = 2; g_hash_table_contains (self->by_email, email); k++)
        {
          g_free (email);
          email = g_strdup_printf ("%s.%s%u@%s", local, local2, k, companies[co][1]);
        }
      c = contact_new (self, created);
      contact_set_value (self, c, "email", email);
      contact_set_value (self, c, "firstname", first);
      contact_set_value (self, c, "lastname", last);
      contact_set_value (self, c, "company", companies[co][0]);
      contact_set_value (self, c, "jobtitle",
                         job_titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (job_titles))]);
      contact_set_value (self, c, "lifecyclestage",
                         lifecycle_options
                             [g_rand_int_range (rand, 0, G_N_ELEMENTS (lifecycle_options) - 1)]);
      if (g_rand_boolean (rand))
        contact_set_value (self, c, "hs_lead_status",
                           lead_status_options[g_rand_int_range (rand, 0,
                                                                 G_N_ELEMENTS (lead_status_options)
                                                                     - 1)]);
      contact_set_value (self, c, "hubspot_owner_id",
                         owner_ids[g_rand_int_range (rand, 0, G_N_ELEMENTS (owner_ids) - 1)]);
      generate_more (self, more, c, created, modified);
      contact_set_modified (self, c, modified);
    }
  g_rand_free (more);
  g_rand_free (rand);
}

/**
 * hotlist_fake_hubspot_touch_contacts:
 * @self: a fake
 * @n: how many live contacts to change
 *
 * Changes `hs_lead_status` of @n distinct contacts, picked at random, and stamps them with the
 * current time, as users editing in HubSpot would.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids changed
 */
char **
hotlist_fake_hubspot_touch_contacts (HotlistFakeHubspot *self, guint n)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray)    live = g_ptr_array_new ();
  GPtrArray               *ids = g_ptr_array_new ();
  gint64                   now;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      Contact *c = g_ptr_array_index (self->contacts, i);
      if (!c->archived)
        g_ptr_array_add (live, c);
    }
  now = clock_now (self);
  for (guint i = 0; i < n && i < live->len; i++)
    {
      guint       j = g_rand_int_range (self->touch_rand, i, live->len);
      Contact    *c = g_ptr_array_index (live, j);
      const char *old = g_hash_table_lookup (c->props, "hs_lead_status");
      guint       k = 0;

      live->pdata[j] = live->pdata[i];
      live->pdata[i] = c;
      while (old != NULL && lead_status_options[k] != NULL
             && !g_str_equal (old, lead_status_options[k]))
        k++;
      k = old != NULL && lead_status_options[k] != NULL ? k + 1 : 0;
      if (lead_status_options[k] == NULL)
        k = 0;
      contact_set_value (self, c, "hs_lead_status", lead_status_options[k]);
      contact_set_modified (self, c, now);
      g_ptr_array_add (ids, g_strdup (c->id_str));
    }
  g_ptr_array_add (ids, NULL);
  return (char **)g_ptr_array_free (ids, FALSE);
}

/**
 * hotlist_fake_hubspot_archive_contact:
 * @self: a fake
 * @id: a contact id
 *
 * Archives a contact, as deleting it in HubSpot does: it leaves lists and search.
 *
 * Returns: %TRUE if the contact existed and was live
 */
gboolean
hotlist_fake_hubspot_archive_contact (HotlistFakeHubspot *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Contact                 *c;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  c = g_hash_table_lookup (self->by_id, id);
  if (c == NULL || c->archived)
    return FALSE;
  c->archived = TRUE;
  c->archived_ms = clock_now (self);
  contact_set_modified (self, c, c->archived_ms);
  return TRUE;
}

/**
 * hotlist_fake_hubspot_get_contact_property:
 * @self: a fake
 * @id: a contact id
 * @name: a property name
 *
 * Returns: (transfer full) (nullable): the value the fake holds, as the API would send it, or
 *   %NULL if the contact or value does not exist
 */
char *
hotlist_fake_hubspot_get_contact_property (HotlistFakeHubspot *self,
                                           const char         *id,
                                           const char         *name)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Contact                 *c;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);
  g_return_val_if_fail (id != NULL && name != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  c = g_hash_table_lookup (self->by_id, id);
  return c ? contact_dup_value (c, name) : NULL;
}

/**
 * hotlist_fake_hubspot_get_contact_modified:
 * @self: a fake
 * @id: a contact id
 *
 * Returns: the contact's `lastmodifieddate` in epoch ms, or -1 if there is no such contact
 */
gint64
hotlist_fake_hubspot_get_contact_modified (HotlistFakeHubspot *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Contact                 *c;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  locker = g_mutex_locker_new (&self->lock);
  c = g_hash_table_lookup (self->by_id, id);
  return c ? c->modified_ms : -1;
}

/**
 * hotlist_fake_hubspot_count_contacts:
 * @self: a fake
 *
 * Returns: the number of live (not archived) contacts
 */
guint
hotlist_fake_hubspot_count_contacts (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return (guint)g_sequence_get_length (self->by_modified);
}

/**
 * hotlist_fake_hubspot_list_property_names:
 * @self: a fake
 *
 * Returns: (transfer full) (array zero-terminated=1): the contact property names, standard ones
 *   first, then custom ones in creation order
 */
char **
hotlist_fake_hubspot_list_property_names (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GStrvBuilder            *builder;
  char                   **names;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->property_order->len; i++)
    g_strv_builder_add (builder,
                        ((PropertyDef *)g_ptr_array_index (self->property_order, i))->name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * hotlist_fake_hubspot_add_engagement:
 * @self: a fake
 * @contact_id: the contact to associate it with
 * @object_type: "calls", "meetings" or "emails"
 * @kv_pairs: (array zero-terminated=1) (nullable): property names and values, alternating;
 *   `hs_timestamp` takes epoch ms or ISO 8601 (default: now)
 *
 * Logs an engagement on a contact, as a user does in HubSpot; the contact's `lastmodifieddate`
 * becomes now, as its last-contacted properties change.
 *
 * Returns: (transfer full) (nullable): the engagement's id, or %NULL if there is no such live
 *   contact or type
 */
char *
hotlist_fake_hubspot_add_engagement (HotlistFakeHubspot *self,
                                     const char         *contact_id,
                                     const char         *object_type,
                                     const char *const  *kv_pairs)
{
  g_autoptr (GMutexLocker) locker = NULL;
  EngagementType           type;
  Contact                 *c;
  Engagement              *e;
  gint64                   now, at;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);
  g_return_val_if_fail (contact_id != NULL && object_type != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  c = g_hash_table_lookup (self->by_id, contact_id);
  if (c == NULL || c->archived || !parse_engagement_type (object_type, &type))
    return NULL;
  now = clock_now (self);
  at = now;
  for (guint i = 0; kv_pairs != NULL && kv_pairs[i] != NULL && kv_pairs[i + 1] != NULL; i += 2)
    if (g_str_equal (kv_pairs[i], "hs_timestamp"))
      parse_time (kv_pairs[i + 1], &at);
  e = engagement_new (self, c, type, at, now);
  e->extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; kv_pairs != NULL && kv_pairs[i] != NULL && kv_pairs[i + 1] != NULL; i += 2)
    if (!g_str_equal (kv_pairs[i], "hs_timestamp"))
      g_hash_table_insert (e->extra, g_strdup (kv_pairs[i]), g_strdup (kv_pairs[i + 1]));
  contact_set_modified (self, c, MAX (now, c->modified_ms));
  return g_strdup_printf ("%" G_GUINT64_FORMAT, e->id);
}

/**
 * hotlist_fake_hubspot_count_engagements:
 * @self: a fake
 * @object_type: (nullable): "calls", "meetings" or "emails"; %NULL for all of them
 *
 * Returns: how many engagements of that type the fake holds
 */
guint
hotlist_fake_hubspot_count_engagements (HotlistFakeHubspot *self, const char *object_type)
{
  g_autoptr (GMutexLocker) locker = NULL;
  EngagementType           type;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  if (object_type == NULL)
    return self->engagements->len;
  if (!parse_engagement_type (object_type, &type))
    return 0;
  for (guint i = 0; i < self->engagements->len; i++)
    n += ((Engagement *)g_ptr_array_index (self->engagements, i))->type == type;
  return n;
}

/**
 * hotlist_fake_hubspot_list_engagements:
 * @self: a fake
 * @contact_id: a contact id
 * @object_type: (nullable): "calls", "meetings" or "emails"; %NULL for all of them
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids of the contact's engagements
 */
char **
hotlist_fake_hubspot_list_engagements (HotlistFakeHubspot *self,
                                       const char         *contact_id,
                                       const char         *object_type)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GStrvBuilder            *builder;
  EngagementType           type = ENGAGEMENT_CALLS;
  Contact                 *c;
  char                   **ids;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);
  g_return_val_if_fail (contact_id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  builder = g_strv_builder_new ();
  c = g_hash_table_lookup (self->by_id, contact_id);
  if (c != NULL && c->engagements != NULL
      && (object_type == NULL || parse_engagement_type (object_type, &type)))
    for (guint i = 0; i < c->engagements->len; i++)
      {
        Engagement *e = g_ptr_array_index (c->engagements, i);

        if (object_type == NULL || e->type == type)
          {
            g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, e->id);
            g_strv_builder_add (builder, id);
          }
      }
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

/**
 * hotlist_fake_hubspot_add_email_event:
 * @self: a fake
 * @contact_id: the contact whose email address receives it
 * @type: "SENT", "DELIVERED", "OPEN", "CLICK", "BOUNCE"…
 * @created_ms: when, in epoch ms
 *
 * Returns: (transfer full) (nullable): the event's id as the feed sends it, or %NULL if there is
 *   no such contact or it has no email address
 */
char *
hotlist_fake_hubspot_add_email_event (HotlistFakeHubspot *self,
                                      const char         *contact_id,
                                      const char         *type,
                                      gint64              created_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;
  EmailEvent              *ev;
  Contact                 *c;
  const char              *email;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), NULL);
  g_return_val_if_fail (contact_id != NULL && type != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  c = g_hash_table_lookup (self->by_id, contact_id);
  email = c ? g_hash_table_lookup (c->props, "email") : NULL;
  if (email == NULL)
    return NULL;
  ev = g_new0 (EmailEvent, 1);
  ev->id = ++self->next_email_event_id;
  ev->created_ms = created_ms;
  ev->type = g_intern_string (type);
  ev->recipient = g_strdup (email);
  ev->campaign = 1;
  g_ptr_array_add (self->email_events, ev);
  self->email_events_sorted = FALSE;
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", ev->id);
}

/**
 * hotlist_fake_hubspot_count_email_events:
 * @self: a fake
 *
 * Returns: how many marketing email events the fake holds
 */
guint
hotlist_fake_hubspot_count_email_events (HotlistFakeHubspot *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_HUBSPOT (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->email_events->len;
}
