/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake Pipedrive (API v1 and v2, reference section 4) on 127.0.0.1, for the connector tests. */

#include "hotlist-fake-pipedrive.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 500
#define MAX_IDS 100
#define MAX_CUSTOM_FIELDS_PARAM 15
#define WINDOW_US (2 * G_USEC_PER_SEC)
/* Burst limits per 2 s of the Premium plan (reference 4.6). */
#define API_TOKEN_BURST 100
#define OAUTH_BURST 400
#define DAILY_FAIR_USE 10000
#define ERROR_INFO "Please check developers.pipedrive.com for more information about Pipedrive API."

typedef enum
{
  ROUTE_NONE,
  ROUTE_PERSONS,
  ROUTE_PERSON,
  ROUTE_PERSON_PATCH,
  ROUTE_ACTIVITIES,
  ROUTE_DEALS,
  ROUTE_ORGANIZATIONS,
  ROUTE_FIELDS_V1,
  ROUTE_FIELDS_V1_POST,
  ROUTE_FIELDS_V2,
  ROUTE_FIELDS_V2_POST,
  ROUTE_TOKEN,
} Route;

static const char *const route_names[] = {
  NULL,
  HOTLIST_FAKE_PIPEDRIVE_PERSONS,
  HOTLIST_FAKE_PIPEDRIVE_PERSON,
  HOTLIST_FAKE_PIPEDRIVE_PERSON_PATCH,
  HOTLIST_FAKE_PIPEDRIVE_ACTIVITIES,
  HOTLIST_FAKE_PIPEDRIVE_DEALS,
  HOTLIST_FAKE_PIPEDRIVE_ORGANIZATIONS,
  HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1,
  HOTLIST_FAKE_PIPEDRIVE_FIELDS_V1_POST,
  HOTLIST_FAKE_PIPEDRIVE_FIELDS_V2,
  HOTLIST_FAKE_PIPEDRIVE_FIELDS_V2_POST,
  HOTLIST_FAKE_PIPEDRIVE_TOKEN,
};

/* What every listed record has, first in each record struct, so one pager serves them all. */
typedef struct
{
  guint64  id;
  gint64   add_time; /* seconds */
  gint64   update_time;
  gboolean is_deleted;
} Head;

typedef struct
{
  Head        head;
  char       *id_str;
  char       *name;
  char       *first_name;
  char       *last_name;
  char       *email;
  char       *phone;
  guint64     org_id;
  guint64     owner_id;
  GHashTable *custom; /* field key → JsonNode */
} Person;

typedef struct
{
  Head     head;
  char    *type;
  char    *subject;
  gboolean done;
  char    *due_date; /* YYYY-MM-DD */
  char    *due_time; /* HH:MM, or NULL */
  gint64   done_time;
  guint64  person_id;
  guint64  deal_id;
  guint64  owner_id;
} Activity;

typedef struct
{
  Head    head;
  char   *title;
  char   *status;
  guint64 person_id;
  guint64 org_id;
  guint64 owner_id;
  double  value;
  gint64  won_time;
  gint64  lost_time;
} Deal;

typedef struct
{
  Head  head;
  char *name;
  char *country;
} Organization;

typedef struct
{
  guint      id;
  char      *key;
  char      *name;
  char      *field_type;
  gboolean   custom;
  GPtrArray *options; /* labels; an option's id is its index + 1 */
  gint64     add_time;
} Field;

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

struct _HotlistFakePipedrive
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

  GPtrArray  *persons; /* of Person, in id order */
  GHashTable *persons_by_id;
  GPtrArray  *activities;
  GPtrArray  *deals;
  GHashTable *deals_by_id;
  GPtrArray  *organizations;
  GPtrArray  *fields;
  guint64     next_person_id;
  guint64     next_activity_id;
  guint64     next_deal_id;
  guint64     next_org_id;
  guint       next_field_id;
  GRand      *rand;
  gint64      now_ms;

  GHashTable *access_tokens;
  GHashTable *refresh_tokens;
  GHashTable *api_tokens;
  guint       token_lifetime_ms;

  GArray *hits;
  guint   hits_start;
  guint   daily_used;

  GPtrArray       *faults;
  guint            fault_every;
  HotlistFakeFault fault_every_kind;
  guint64          n_counted;
  guint            fault_delay_ms;
  guint            retry_after_s;
  guint            n_faults;
  GHashTable      *n_requests;
};

G_DEFINE_FINAL_TYPE (HotlistFakePipedrive, hotlist_fake_pipedrive, G_TYPE_OBJECT)

static const char *const first_names[] = {
  "Ada",    "Grace", "Alan",   "Linus", "Margaret", "Dennis", "Barbara", "Ken",      "Frances",
  "Edsger", "Radia", "Donald", "Hedy",  "Tim",      "Sophie", "Bjarne",  "Mary",     "Guido",
  "Joan",   "Lynn",  "Leslie", "Karen", "Vint",     "Shafi",  "Robin",   "Elena",    "Marco",
  "Priya",  "Kenji", "Fatima", "Lars",  "Ines",     "Tomas",  "Aiko",    "Olusegun",
};
static const char *const last_names[] = {
  "Lovelace", "Hopper", "Turing",   "Torvalds", "Hamilton",   "Ritchie", "Liskov",
  "Thompson", "Allen",  "Dijkstra", "Perlman",  "Knuth",      "Lamarr",  "Johnson",
  "Wilson",   "Keller", "Clarke",   "Wirth",    "Conway",     "Lamport", "Cerf",
  "Milner",   "Sammet", "Diffie",   "Borg",     "Sutherland", "Rossi",   "Sharma",
  "Tanaka",   "Haddad", "Nilsson",  "Okafor",   "Novak",      "Garcia",
};
static const char *const companies[][3] = {
  { "Acme Corp", "acme.example", "United States" },
  { "Globex", "globex.example", "Germany" },
  { "Initech", "initech.example", "United States" },
  { "Umbrella Labs", "umbrella.example", "United Kingdom" },
  { "Stark Industries", "stark.example", "United States" },
  { "Hooli", "hooli.example", "United States" },
  { "Pied Piper", "piedpiper.example", "United States" },
  { "Vandelay Imports", "vandelay.example", "France" },
  { "Cyberdyne", "cyberdyne.example", "Japan" },
  { "Tyrell", "tyrell.example", "Canada" },
  { "Massive Dynamic", "massive.example", "Netherlands" },
  { "Aperture Science", "aperture.example", "Sweden" },
  { "Dunder Mifflin", "dundermifflin.example", "United States" },
  { "Wonka Industries", "wonka.example", "United Kingdom" },
};
static const guint64     owner_ids[] = { 18, 19, 20, 21 };
static const char *const lead_sources[] = { "Web", "Referral", "Event", "Outbound", NULL };
static const char *const activity_types[] = { "call", "meeting", "email", "task" };
static const char *const activity_subjects[] = { "Discovery call", "Product demo", "Follow-up",
                                                 "Send proposal" };

/* Helpers: time and values */

static char *
format_rfc3339 (gint64 seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* Epoch milliseconds, RFC 3339 or a bare date, to seconds. */
static gboolean
parse_time (const char *s, gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = NULL;
  char                 *end = NULL;

  if (s == NULL || *s == '\0')
    return FALSE;
  if (g_ascii_isdigit (s[0]))
    {
      gint64 v = g_ascii_strtoll (s, &end, 10);

      if (end != s && *end == '\0')
        {
          *out = v / 1000;
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
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gint64
clock_now (HotlistFakePipedrive *self)
{
  if (self->now_ms != 0)
    return self->now_ms / 1000;
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
replace_str (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
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
person_free (gpointer data)
{
  Person *p = data;

  g_free (p->id_str);
  g_free (p->name);
  g_free (p->first_name);
  g_free (p->last_name);
  g_free (p->email);
  g_free (p->phone);
  g_hash_table_unref (p->custom);
  g_free (p);
}

static void
activity_free (gpointer data)
{
  Activity *a = data;

  g_free (a->type);
  g_free (a->subject);
  g_free (a->due_date);
  g_free (a->due_time);
  g_free (a);
}

static void
deal_free (gpointer data)
{
  Deal *d = data;

  g_free (d->title);
  g_free (d->status);
  g_free (d);
}

static void
organization_free (gpointer data)
{
  Organization *o = data;

  g_free (o->name);
  g_free (o->country);
  g_free (o);
}

static void
field_free (gpointer data)
{
  Field *f = data;

  g_free (f->key);
  g_free (f->name);
  g_free (f->field_type);
  g_clear_pointer (&f->options, g_ptr_array_unref);
  g_free (f);
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

static Field *
define_field (HotlistFakePipedrive *self,
              const char           *key,
              const char           *name,
              const char           *field_type,
              const char *const    *options)
{
  Field *f = g_new0 (Field, 1);

  f->id = self->next_field_id++;
  f->custom = key == NULL;
  if (key == NULL)
    {
      /* Custom fields get a 40-hex key that differs per company (reference 4.5). */
      g_autofree char *seed = g_strdup_printf ("%s/%u/%08x", name, f->id, g_rand_int (self->rand));

      f->key = g_compute_checksum_for_string (G_CHECKSUM_SHA1, seed, -1);
    }
  else
    f->key = g_strdup (key);
  f->name = g_strdup (name);
  f->field_type = g_strdup (field_type);
  f->add_time = clock_now (self);
  if (options != NULL)
    {
      f->options = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; options[i] != NULL; i++)
        g_ptr_array_add (f->options, g_strdup (options[i]));
    }
  g_ptr_array_add (self->fields, f);
  return f;
}

static Field *
find_field_by_key (HotlistFakePipedrive *self, const char *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (g_str_equal (f->key, key))
        return f;
    }
  return NULL;
}

static Field *
find_field_by_name (HotlistFakePipedrive *self, const char *name, gboolean custom_only)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if ((!custom_only || f->custom) && g_str_equal (f->name, name))
        return f;
    }
  return NULL;
}

static gboolean
is_custom_field_type (const char *type)
{
  static const char *const types[] = { "varchar",   "varchar_auto", "text",      "double",
                                       "monetary",  "set",          "enum",      "user",
                                       "org",       "people",       "phone",     "time",
                                       "timerange", "date",         "daterange", "address",
                                       NULL };

  return type != NULL && g_strv_contains (types, type);
}

static Person *
find_person (HotlistFakePipedrive *self, const char *id)
{
  Person *p = id != NULL ? g_hash_table_lookup (self->persons_by_id, id) : NULL;

  return p != NULL && !p->head.is_deleted ? p : NULL;
}

static Person *
person_new (HotlistFakePipedrive *self, gint64 add_time)
{
  Person *p = g_new0 (Person, 1);

  p->head.id = self->next_person_id++;
  p->head.add_time = p->head.update_time = add_time;
  p->id_str = g_strdup_printf ("%" G_GUINT64_FORMAT, p->head.id);
  p->custom =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_node_unref);
  g_ptr_array_add (self->persons, p);
  g_hash_table_insert (self->persons_by_id, p->id_str, p);
  return p;
}

static guint64
organization_for (HotlistFakePipedrive *self, const char *name, const char *country)
{
  Organization *o;

  for (guint i = 0; i < self->organizations->len; i++)
    {
      o = g_ptr_array_index (self->organizations, i);
      if (g_str_equal (o->name, name))
        return o->head.id;
    }
  o = g_new0 (Organization, 1);
  o->head.id = self->next_org_id++;
  o->head.add_time = o->head.update_time = clock_now (self);
  o->name = g_strdup (name);
  o->country = g_strdup (country);
  g_ptr_array_add (self->organizations, o);
  return o->head.id;
}

static void
person_set_custom (Person *p, const char *key, JsonNode *value)
{
  g_hash_table_replace (p->custom, g_strdup (key),
                        value != NULL ? value : json_node_new (JSON_NODE_NULL));
}

static JsonNode *
option_value (Field *f, const char *label)
{
  for (guint i = 0; f->options != NULL && i < f->options->len; i++)
    if (g_str_equal (g_ptr_array_index (f->options, i), label))
      return json_node_init_int (json_node_alloc (), i + 1);
  return NULL;
}

static Activity *
activity_new (HotlistFakePipedrive *self,
              Person               *p,
              const char           *type,
              const char           *subject,
              gboolean              done,
              gint64                due)
{
  Activity             *a = g_new0 (Activity, 1);
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (due);

  a->head.id = self->next_activity_id++;
  a->head.add_time = a->head.update_time = clock_now (self);
  a->type = g_strdup (type);
  a->subject = g_strdup (subject);
  a->done = done;
  a->due_date = g_date_time_format (dt, "%Y-%m-%d");
  a->due_time = g_date_time_format (dt, "%H:%M");
  a->done_time = done ? due : 0;
  a->person_id = p->head.id;
  a->owner_id = p->owner_id;
  g_ptr_array_add (self->activities, a);
  return a;
}

static Deal *
deal_new (HotlistFakePipedrive *self, Person *p, const char *title, const char *status)
{
  Deal *d = g_new0 (Deal, 1);

  d->head.id = self->next_deal_id++;
  d->head.add_time = d->head.update_time = clock_now (self);
  d->title = g_strdup (title);
  d->status = g_strdup (status);
  d->person_id = p->head.id;
  d->org_id = p->org_id;
  d->owner_id = p->owner_id;
  d->value = 1000;
  g_ptr_array_add (self->deals, d);
  g_hash_table_insert (self->deals_by_id, g_strdup_printf ("%" G_GUINT64_FORMAT, d->head.id), d);
  return d;
}

static void
deal_set_status (HotlistFakePipedrive *self, Deal *d, const char *status, gint64 now)
{
  g_free (d->status);
  d->status = g_strdup (status);
  d->won_time = g_str_equal (status, "won") ? now : 0;
  d->lost_time = g_str_equal (status, "lost") ? now : 0;
  d->head.update_time = now;
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
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, text,
                                    len);
}

static void
respond_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  respond_json_node (msg, status, root);
}

/* The error envelope of reference 4.2. */
static void
respond_error (SoupServerMessage *msg, guint status, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  if (status == 401)
    {
      json_builder_set_member_name (b, "errorCode");
      json_builder_add_int_value (b, 401);
    }
  json_builder_set_member_name (b, "error_info");
  json_builder_add_string_value (b, ERROR_INFO);
  json_builder_set_member_name (b, "data");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "additional_data");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  respond_builder (msg, status, b);
}

static void
respond_oauth_error (SoupServerMessage *msg, guint status, const char *error, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  respond_builder (msg, status, b);
}

static void
begin_envelope (JsonBuilder *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "success");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "data");
}

static void
add_time_member (JsonBuilder *b, const char *name, gint64 seconds)
{
  json_builder_set_member_name (b, name);
  if (seconds > 0)
    {
      g_autofree char *s = format_rfc3339 (seconds);

      json_builder_add_string_value (b, s);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_id_member (JsonBuilder *b, const char *name, guint64 id)
{
  json_builder_set_member_name (b, name);
  if (id > 0)
    json_builder_add_int_value (b, (gint64)id);
  else
    json_builder_add_null_value (b);
}

static void
add_string_member (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_contact_list (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  if (value != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, "work");
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, value);
      json_builder_set_member_name (b, "primary");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

typedef struct
{
  guint open;
  guint won;
  guint lost;
} DealCounts;

/* The v2 person object of reference 4.4; @counts is set when `include_fields` asked for them,
 * @only_keys when `custom_fields` narrowed the custom fields. */
static void
add_person_json (JsonBuilder      *b,
                 Person           *p,
                 char            **include,
                 const DealCounts *counts,
                 char            **only_keys)
{
  GHashTableIter iter;
  gpointer       key, value;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, (gint64)p->head.id);
  add_string_member (b, "name", p->name);
  add_string_member (b, "first_name", p->first_name);
  add_string_member (b, "last_name", p->last_name);
  add_id_member (b, "owner_id", p->owner_id);
  add_id_member (b, "org_id", p->org_id);
  add_time_member (b, "add_time", p->head.add_time);
  add_time_member (b, "update_time", p->head.update_time);
  json_builder_set_member_name (b, "visible_to");
  json_builder_add_int_value (b, 3);
  json_builder_set_member_name (b, "picture_id");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "label_ids");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "is_deleted");
  json_builder_add_boolean_value (b, p->head.is_deleted);
  add_contact_list (b, "emails", p->email);
  add_contact_list (b, "phones", p->phone);
  json_builder_set_member_name (b, "custom_fields");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, p->custom);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (only_keys != NULL && !g_strv_contains ((const char *const *)only_keys, key))
        continue;
      json_builder_set_member_name (b, key);
      json_builder_add_value (b, json_node_copy (value));
    }
  json_builder_end_object (b);
  if (include != NULL && counts != NULL)
    {
      static const char *const names[] = { "open_deals_count", "won_deals_count",
                                           "lost_deals_count", "closed_deals_count" };
      const guint              values[] = { counts->open, counts->won, counts->lost,
                                            counts->won + counts->lost };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_strv_contains ((const char *const *)include, names[i]))
          {
            json_builder_set_member_name (b, names[i]);
            json_builder_add_int_value (b, values[i]);
          }
    }
  json_builder_end_object (b);
}

static void
add_activity_json (JsonBuilder *b, Activity *a)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, (gint64)a->head.id);
  add_string_member (b, "subject", a->subject);
  add_string_member (b, "type", a->type);
  add_id_member (b, "owner_id", a->owner_id);
  add_id_member (b, "creator_user_id", a->owner_id);
  json_builder_set_member_name (b, "is_deleted");
  json_builder_add_boolean_value (b, a->head.is_deleted);
  json_builder_set_member_name (b, "done");
  json_builder_add_boolean_value (b, a->done);
  add_string_member (b, "due_date", a->due_date);
  add_string_member (b, "due_time", a->due_time);
  add_string_member (b, "duration", "00:30");
  json_builder_set_member_name (b, "busy");
  json_builder_add_boolean_value (b, FALSE);
  add_time_member (b, "add_time", a->head.add_time);
  add_time_member (b, "update_time", a->head.update_time);
  add_time_member (b, "marked_as_done_time", a->done ? a->done_time : 0);
  add_string_member (b, "location", NULL);
  add_id_member (b, "org_id", 0);
  add_id_member (b, "person_id", a->person_id);
  add_id_member (b, "deal_id", a->deal_id);
  add_string_member (b, "lead_id", NULL);
  add_id_member (b, "project_id", 0);
  json_builder_set_member_name (b, "private");
  json_builder_add_boolean_value (b, FALSE);
  add_string_member (b, "priority", NULL);
  add_string_member (b, "note", NULL);
  add_string_member (b, "public_description", NULL);
  json_builder_set_member_name (b, "participants");
  json_builder_begin_array (b);
  if (a->person_id > 0)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "person_id");
      json_builder_add_int_value (b, (gint64)a->person_id);
      json_builder_set_member_name (b, "primary_flag");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_deal_json (JsonBuilder *b, Deal *d)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, (gint64)d->head.id);
  add_string_member (b, "title", d->title);
  add_id_member (b, "owner_id", d->owner_id);
  add_id_member (b, "person_id", d->person_id);
  add_id_member (b, "org_id", d->org_id);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, d->value);
  add_string_member (b, "currency", "USD");
  add_string_member (b, "status", d->status);
  json_builder_set_member_name (b, "is_deleted");
  json_builder_add_boolean_value (b, d->head.is_deleted);
  add_time_member (b, "add_time", d->head.add_time);
  add_time_member (b, "update_time", d->head.update_time);
  add_time_member (b, "won_time", d->won_time);
  add_time_member (b, "lost_time", d->lost_time);
  add_time_member (b, "close_time", MAX (d->won_time, d->lost_time));
  json_builder_end_object (b);
}

static void
add_organization_json (JsonBuilder *b, Organization *o)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, (gint64)o->head.id);
  add_string_member (b, "name", o->name);
  add_time_member (b, "add_time", o->head.add_time);
  add_time_member (b, "update_time", o->head.update_time);
  json_builder_set_member_name (b, "is_deleted");
  json_builder_add_boolean_value (b, o->head.is_deleted);
  json_builder_set_member_name (b, "address");
  json_builder_begin_object (b);
  add_string_member (b, "value", o->country);
  add_string_member (b, "country", o->country);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "custom_fields");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Cursor paging over any record list (reference 4.3, 4.4) */

typedef enum
{
  SORT_ID,
  SORT_UPDATE_TIME,
  SORT_ADD_TIME,
} SortBy;

typedef struct
{
  SortBy   sort_by;
  gboolean descending;
} Sort;

static gint64
sort_key (Head *h, SortBy by)
{
  switch (by)
    {
    case SORT_UPDATE_TIME:
      return h->update_time;
    case SORT_ADD_TIME:
      return h->add_time;
    case SORT_ID:
    default:
      return (gint64)h->id;
    }
}

/* Ties are broken by id, so that the order, and with it the cursor, is total. */
static int
compare_heads (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Sort *sort = user_data;
  Head       *ha = *(Head **)a;
  Head       *hb = *(Head **)b;
  gint64      ka = sort_key (ha, sort->sort_by), kb = sort_key (hb, sort->sort_by);
  int         c = ka < kb ? -1 : ka > kb ? 1 : ha->id < hb->id ? -1 : ha->id > hb->id ? 1 : 0;

  return sort->descending ? -c : c;
}

static char *
encode_cursor (const Sort *sort, Head *last)
{
  g_autofree char *raw =
      g_strdup_printf ("{\"s\":%d,\"d\":%d,\"k\":%" G_GINT64_FORMAT ",\"id\":%" G_GUINT64_FORMAT
                       "}",
                       sort->sort_by, sort->descending, sort_key (last, sort->sort_by), last->id);

  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

static gboolean
decode_cursor (const char *cursor, const Sort *sort, gint64 *key, guint64 *id)
{
  gsize                  len = 0;
  g_autofree guchar     *raw = NULL;
  g_autofree char       *text = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject            *o;

  raw = g_base64_decode (cursor, &len);
  if (raw == NULL || len == 0)
    return FALSE;
  text = g_strndup ((const char *)raw, len);
  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (o, "s") || !json_object_has_member (o, "id")
      || json_object_get_int_member (o, "s") != sort->sort_by
      || json_object_get_int_member (o, "d") != sort->descending)
    return FALSE;
  *key = json_object_get_int_member (o, "k");
  *id = (guint64)json_object_get_int_member (o, "id");
  return TRUE;
}

typedef gboolean (*RecordFilter) (HotlistFakePipedrive *self, Head *h, GHashTable *query);

typedef struct
{
  GPtrArray *page; /* of Head, not owned */
  char      *next_cursor;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->page, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static const char *
query_get (GHashTable *query, const char *name)
{
  const char *v = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return v != NULL && *v != '\0' ? v : NULL;
}

/* Parses a comma list of numbers; FALSE if one is not a number. */
static gboolean
parse_id_list (const char *csv, GArray *out)
{
  g_auto (GStrv) parts = g_strsplit (csv, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id;

      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXINT64, &id, NULL))
        return FALSE;
      g_array_append_val (out, id);
    }
  return TRUE;
}

/* Answers 400 and returns FALSE when the paging or filter parameters are invalid. */
static gboolean
list_page (HotlistFakePipedrive *self,
           SoupServerMessage    *msg,
           GPtrArray            *records,
           GHashTable           *query,
           RecordFilter          filter,
           Page                 *out)
{
  const char           *sort_by = query_get (query, "sort_by");
  const char           *direction = query_get (query, "sort_direction");
  const char           *limit_s = query_get (query, "limit");
  const char           *cursor = query_get (query, "cursor");
  const char           *since_s = query_get (query, "updated_since");
  const char           *until_s = query_get (query, "updated_until");
  const char           *ids_s = query_get (query, "ids");
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();
  g_autoptr (GArray)    ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  Sort                  sort = { SORT_ID, FALSE };
  guint64               limit = DEFAULT_LIMIT;
  gint64                since = G_MININT64, until = G_MAXINT64;
  gint64                cursor_key = 0;
  guint64               cursor_id = 0;
  guint                 start = 0;

  if (sort_by == NULL || g_str_equal (sort_by, "id"))
    sort.sort_by = SORT_ID;
  else if (g_str_equal (sort_by, "update_time"))
    sort.sort_by = SORT_UPDATE_TIME;
  else if (g_str_equal (sort_by, "add_time"))
    sort.sort_by = SORT_ADD_TIME;
  else
    {
      respond_error (msg, 400, "Invalid sort_by: use id, update_time or add_time");
      return FALSE;
    }
  if (direction != NULL && !g_str_equal (direction, "asc") && !g_str_equal (direction, "desc"))
    {
      respond_error (msg, 400, "Invalid sort_direction: use asc or desc");
      return FALSE;
    }
  sort.descending = direction != NULL && g_str_equal (direction, "desc");
  if (limit_s != NULL && !g_ascii_string_to_unsigned (limit_s, 10, 1, MAX_LIMIT, &limit, NULL))
    {
      respond_error (msg, 400, "Invalid limit: it must be a number from 1 to 500");
      return FALSE;
    }
  if ((since_s != NULL && (!g_str_has_suffix (since_s, "Z") || !parse_time (since_s, &since)))
      || (until_s != NULL && (!g_str_has_suffix (until_s, "Z") || !parse_time (until_s, &until))))
    {
      respond_error (msg, 400, "updated_since and updated_until must be RFC 3339 times");
      return FALSE;
    }
  if (ids_s != NULL && (!parse_id_list (ids_s, ids) || ids->len > MAX_IDS))
    {
      respond_error (msg, 400, "ids must be a comma-separated list of at most 100 ids");
      return FALSE;
    }
  if (cursor != NULL && !decode_cursor (cursor, &sort, &cursor_key, &cursor_id))
    {
      respond_error (msg, 400, "Invalid cursor");
      return FALSE;
    }

  for (guint i = 0; i < records->len; i++)
    {
      Head    *h = g_ptr_array_index (records, i);
      gboolean listed = ids->len == 0;

      if (h->is_deleted || h->update_time < since || h->update_time >= until)
        continue;
      for (guint j = 0; !listed && j < ids->len; j++)
        listed = g_array_index (ids, guint64, j) == h->id;
      if (!listed || (filter != NULL && !filter (self, h, query)))
        continue;
      g_ptr_array_add (matches, h);
    }
  g_ptr_array_sort_with_data (matches, compare_heads, &sort);
  if (cursor != NULL)
    {
      /* Everything strictly after the cursor's record in the sort order. */
      Head mark = { .id = cursor_id };

      if (sort.sort_by == SORT_UPDATE_TIME)
        mark.update_time = cursor_key;
      else if (sort.sort_by == SORT_ADD_TIME)
        mark.add_time = cursor_key;
      else
        mark.id = (guint64)cursor_key;
      while (start < matches->len)
        {
          Head *markp = &mark;

          if (compare_heads (&matches->pdata[start], &markp, &sort) > 0)
            break;
          start++;
        }
    }
  out->page = g_ptr_array_new ();
  for (guint i = start; i < matches->len && out->page->len < limit; i++)
    g_ptr_array_add (out->page, matches->pdata[i]);
  if (start + out->page->len < matches->len)
    out->next_cursor = encode_cursor (&sort, g_ptr_array_index (out->page, out->page->len - 1));
  return TRUE;
}

static void
end_cursor_envelope (JsonBuilder *b, const char *next_cursor)
{
  json_builder_set_member_name (b, "additional_data");
  json_builder_begin_object (b);
  add_string_member (b, "next_cursor", next_cursor);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Handlers: persons */

static gboolean
id_param_matches (GHashTable *query, const char *name, guint64 value)
{
  const char *s = query_get (query, name);
  guint64     id;

  if (s == NULL)
    return TRUE;
  return g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT64, &id, NULL) && id == value;
}

static gboolean
person_filter (HotlistFakePipedrive *self, Head *h, GHashTable *query)
{
  Person *p = (Person *)h;

  if (!id_param_matches (query, "owner_id", p->owner_id)
      || !id_param_matches (query, "org_id", p->org_id))
    return FALSE;
  if (query_get (query, "deal_id") != NULL)
    {
      Deal *d = g_hash_table_lookup (self->deals_by_id, query_get (query, "deal_id"));

      return d != NULL && d->person_id == p->head.id;
    }
  return TRUE;
}

static DealCounts *
deal_counts_for (HotlistFakePipedrive *self, GPtrArray *persons)
{
  DealCounts            *counts = g_new0 (DealCounts, MAX (persons->len, 1));
  g_autoptr (GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < persons->len; i++)
    g_hash_table_insert (index, &((Head *)g_ptr_array_index (persons, i))->id,
                         GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < self->deals->len; i++)
    {
      Deal  *d = g_ptr_array_index (self->deals, i);
      gint64 pid = (gint64)d->person_id;
      guint  slot;

      if (d->head.is_deleted)
        continue;
      slot = GPOINTER_TO_UINT (g_hash_table_lookup (index, &pid));
      if (slot == 0)
        continue;
      if (g_str_equal (d->status, "won"))
        counts[slot - 1].won++;
      else if (g_str_equal (d->status, "lost"))
        counts[slot - 1].lost++;
      else
        counts[slot - 1].open++;
    }
  return counts;
}

static void
handle_persons (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto (Page)           page = { 0 };
  g_autoptr (JsonBuilder) b = NULL;
  g_auto (GStrv)          include = NULL;
  g_auto (GStrv)          only_keys = NULL;
  g_autofree DealCounts  *counts = NULL;

  if (query_get (query, "custom_fields") != NULL)
    {
      only_keys = g_strsplit (query_get (query, "custom_fields"), ",", -1);
      if (g_strv_length (only_keys) > MAX_CUSTOM_FIELDS_PARAM)
        {
          respond_error (msg, 400, "custom_fields accepts at most 15 keys");
          return;
        }
    }
  if (!list_page (self, msg, self->persons, query, person_filter, &page))
    return;
  if (query_get (query, "include_fields") != NULL)
    {
      include = g_strsplit (query_get (query, "include_fields"), ",", -1);
      counts = deal_counts_for (self, page.page);
    }
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = 0; i < page.page->len; i++)
    add_person_json (b, g_ptr_array_index (page.page, i), include,
                     counts != NULL ? &counts[i] : NULL, only_keys);
  json_builder_end_array (b);
  end_cursor_envelope (b, page.next_cursor);
  respond_builder (msg, 200, b);
}

static void
respond_person (HotlistFakePipedrive *self, SoupServerMessage *msg, Person *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  begin_envelope (b);
  add_person_json (b, p, NULL, NULL, NULL);
  json_builder_set_member_name (b, "additional_data");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_person (HotlistFakePipedrive *self, SoupServerMessage *msg, const char *id)
{
  Person *p = find_person (self, id);

  if (p == NULL)
    respond_error (msg, 404, "Person not found");
  else
    respond_person (self, msg, p);
}

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (g_bytes_get_size (bytes) == 0
      || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static gboolean
node_is_number (JsonNode *n)
{
  return JSON_NODE_HOLDS_VALUE (n)
         && (json_node_get_value_type (n) == G_TYPE_INT64
             || json_node_get_value_type (n) == G_TYPE_DOUBLE);
}

static gboolean
node_is_string (JsonNode *n)
{
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING;
}

/* v2 is strict about types (reference 4.5): numeric strings are refused, not coerced. */
static char *
check_custom_value (Field *f, JsonNode *value)
{
  const char *t = f->field_type;

  if (JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (g_str_equal (t, "double") && !node_is_number (value))
    return g_strdup_printf ("Custom field '%s' expects a number", f->key);
  if (g_str_equal (t, "monetary")
      && !(JSON_NODE_HOLDS_OBJECT (value)
           && json_object_has_member (json_node_get_object (value), "value")))
    return g_strdup_printf ("Custom field '%s' expects {\"value\",\"currency\"}", f->key);
  if ((g_str_equal (t, "varchar") || g_str_equal (t, "varchar_auto") || g_str_equal (t, "text")
       || g_str_equal (t, "phone"))
      && !node_is_string (value))
    return g_strdup_printf ("Custom field '%s' expects a string", f->key);
  if (g_str_equal (t, "enum")
      && !(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64
           && json_node_get_int (value) >= 1 && f->options != NULL
           && json_node_get_int (value) <= (gint64)f->options->len))
    return g_strdup_printf ("Custom field '%s' expects an option id", f->key);
  if (g_str_equal (t, "set") && !JSON_NODE_HOLDS_ARRAY (value))
    return g_strdup_printf ("Custom field '%s' expects a list of option ids", f->key);
  return NULL;
}

static void
handle_person_patch (HotlistFakePipedrive *self, SoupServerMessage *msg, const char *id)
{
  static const char *const writable[] = { "name",       "first_name", "last_name", "owner_id",
                                          "org_id",     "emails",     "phones",    "custom_fields",
                                          "visible_to", "label_ids",  NULL };
  Person                  *p = find_person (self, id);
  g_autoptr (JsonNode)     root = NULL;
  JsonObject              *body, *custom = NULL;
  g_autoptr (GList)        members = NULL;

  if (p == NULL)
    {
      respond_error (msg, 404, "Person not found");
      return;
    }
  root = parse_body (msg);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, 400, "The request body must be a JSON object");
      return;
    }
  body = json_node_get_object (root);
  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (writable, l->data))
      {
        g_autofree char *m = g_strdup_printf ("Unknown parameter '%s'", (char *)l->data);

        respond_error (msg, 400, m);
        return;
      }
  if (json_object_has_member (body, "custom_fields"))
    {
      JsonNode         *node = json_object_get_member (body, "custom_fields");
      g_autoptr (GList) keys = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          respond_error (msg, 400, "custom_fields must be an object");
          return;
        }
      custom = json_node_get_object (node);
      keys = json_object_get_members (custom);
      /* Validate everything before writing anything. */
      for (GList *l = keys; l != NULL; l = l->next)
        {
          Field           *f = find_field_by_key (self, l->data);
          g_autofree char *problem = NULL;

          if (f == NULL || !f->custom)
            {
              g_autofree char *m =
                  g_strdup_printf ("Custom field with key '%s' does not exist", (char *)l->data);

              respond_error (msg, 400, m);
              return;
            }
          problem = check_custom_value (f, json_object_get_member (custom, l->data));
          if (problem != NULL)
            {
              respond_error (msg, 400, problem);
              return;
            }
        }
      for (GList *l = keys; l != NULL; l = l->next)
        person_set_custom (p, l->data, json_node_copy (json_object_get_member (custom, l->data)));
    }
  if (json_object_has_member (body, "name")
      && node_is_string (json_object_get_member (body, "name")))
    {
      g_free (p->name);
      p->name = g_strdup (json_object_get_string_member (body, "name"));
    }
  p->head.update_time = clock_now (self);
  respond_person (self, msg, p);
}

/* Handlers: activities, deals, organizations */

static gboolean
activity_filter (HotlistFakePipedrive *self, Head *h, GHashTable *query)
{
  Activity   *a = (Activity *)h;
  const char *done = query_get (query, "done");

  if (done != NULL)
    {
      gboolean want = g_str_equal (done, "true") || g_str_equal (done, "1");

      if (want != a->done)
        return FALSE;
    }
  return id_param_matches (query, "person_id", a->person_id)
         && id_param_matches (query, "deal_id", a->deal_id)
         && id_param_matches (query, "owner_id", a->owner_id);
}

static void
handle_activities (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto (Page)           page = { 0 };
  g_autoptr (JsonBuilder) b = NULL;

  if (!list_page (self, msg, self->activities, query, activity_filter, &page))
    return;
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = 0; i < page.page->len; i++)
    add_activity_json (b, g_ptr_array_index (page.page, i));
  json_builder_end_array (b);
  end_cursor_envelope (b, page.next_cursor);
  respond_builder (msg, 200, b);
}

static gboolean
deal_filter (HotlistFakePipedrive *self, Head *h, GHashTable *query)
{
  Deal       *d = (Deal *)h;
  const char *status = query_get (query, "status");

  if (status != NULL)
    {
      g_auto (GStrv) wanted = g_strsplit (status, ",", -1);

      if (!g_strv_contains ((const char *const *)wanted, d->status))
        return FALSE;
    }
  return id_param_matches (query, "person_id", d->person_id)
         && id_param_matches (query, "org_id", d->org_id)
         && id_param_matches (query, "owner_id", d->owner_id);
}

static void
handle_deals (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto (Page)           page = { 0 };
  g_autoptr (JsonBuilder) b = NULL;
  const char             *status = query_get (query, "status");

  if (status != NULL)
    {
      static const char *const known[] = { "open", "won", "lost", "deleted", NULL };
      g_auto (GStrv)           parts = g_strsplit (status, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (!g_strv_contains (known, parts[i]))
          {
            respond_error (msg, 400, "Invalid status: use open, won, lost or deleted");
            return;
          }
    }
  if (!list_page (self, msg, self->deals, query, deal_filter, &page))
    return;
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = 0; i < page.page->len; i++)
    add_deal_json (b, g_ptr_array_index (page.page, i));
  json_builder_end_array (b);
  end_cursor_envelope (b, page.next_cursor);
  respond_builder (msg, 200, b);
}

static void
handle_organizations (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto (Page)           page = { 0 };
  g_autoptr (JsonBuilder) b = NULL;

  if (!list_page (self, msg, self->organizations, query, NULL, &page))
    return;
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = 0; i < page.page->len; i++)
    add_organization_json (b, g_ptr_array_index (page.page, i));
  json_builder_end_array (b);
  end_cursor_envelope (b, page.next_cursor);
  respond_builder (msg, 200, b);
}

/* Handlers: person fields, v1 (offset paging) and v2 (cursor paging) */

static void
add_options_json (JsonBuilder *b, Field *f)
{
  json_builder_set_member_name (b, "options");
  if (f->options == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < f->options->len; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, g_ptr_array_index (f->options, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_field_v1_json (JsonBuilder *b, Field *f, guint order)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, f->id);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, f->key);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, f->name);
  json_builder_set_member_name (b, "order_nr");
  json_builder_add_int_value (b, order);
  json_builder_set_member_name (b, "field_type");
  json_builder_add_string_value (b, f->field_type);
  add_time_member (b, "add_time", f->add_time);
  add_time_member (b, "update_time", f->add_time);
  json_builder_set_member_name (b, "active_flag");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "edit_flag");
  json_builder_add_boolean_value (b, f->custom);
  json_builder_set_member_name (b, "bulk_edit_allowed");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "mandatory_flag");
  json_builder_add_boolean_value (b, FALSE);
  add_options_json (b, f);
  json_builder_end_object (b);
}

static void
add_field_v2_json (JsonBuilder *b, Field *f)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "field_name");
  json_builder_add_string_value (b, f->name);
  json_builder_set_member_name (b, "field_code");
  json_builder_add_string_value (b, f->key);
  json_builder_set_member_name (b, "field_type");
  json_builder_add_string_value (b, f->field_type);
  json_builder_set_member_name (b, "is_custom_field");
  json_builder_add_boolean_value (b, f->custom);
  json_builder_set_member_name (b, "is_optional_response_field");
  json_builder_add_boolean_value (b, FALSE);
  add_options_json (b, f);
  json_builder_set_member_name (b, "subfields");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
handle_fields_v1 (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  const char             *start_s = query_get (query, "start");
  const char             *limit_s = query_get (query, "limit");
  guint64                 start = 0, limit = DEFAULT_LIMIT;
  g_autoptr (JsonBuilder) b = NULL;
  guint                   end;

  if ((start_s != NULL && !g_ascii_string_to_unsigned (start_s, 10, 0, G_MAXUINT, &start, NULL))
      || (limit_s != NULL && !g_ascii_string_to_unsigned (limit_s, 10, 1, MAX_LIMIT, &limit, NULL)))
    {
      respond_error (msg, 400, "start must be ≥ 0 and limit from 1 to 500");
      return;
    }
  end = (guint)MIN (self->fields->len, start + limit);
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = (guint)MIN (start, self->fields->len); i < end; i++)
    add_field_v1_json (b, g_ptr_array_index (self->fields, i), i + 1);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "additional_data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pagination");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, (gint64)start);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, (gint64)limit);
  json_builder_set_member_name (b, "more_items_in_collection");
  json_builder_add_boolean_value (b, end < self->fields->len);
  if (end < self->fields->len)
    {
      json_builder_set_member_name (b, "next_start");
      json_builder_add_int_value (b, end);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

static void
handle_fields_v2 (HotlistFakePipedrive *self, SoupServerMessage *msg, GHashTable *query)
{
  const char             *limit_s = query_get (query, "limit");
  const char             *cursor = query_get (query, "cursor");
  guint64                 start = 0, limit = DEFAULT_LIMIT;
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree char        *next = NULL;
  guint                   end;

  if ((limit_s != NULL && !g_ascii_string_to_unsigned (limit_s, 10, 1, MAX_LIMIT, &limit, NULL))
      || (cursor != NULL && !g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXUINT, &start, NULL)))
    {
      respond_error (msg, 400, "Invalid cursor or limit");
      return;
    }
  end = (guint)MIN (self->fields->len, start + limit);
  if (end < self->fields->len)
    next = g_strdup_printf ("%u", end);
  b = json_builder_new ();
  begin_envelope (b);
  json_builder_begin_array (b);
  for (guint i = (guint)MIN (start, self->fields->len); i < end; i++)
    add_field_v2_json (b, g_ptr_array_index (self->fields, i));
  json_builder_end_array (b);
  end_cursor_envelope (b, next);
  respond_builder (msg, 200, b);
}

static GPtrArray *
options_from_json (JsonNode *node)
{
  GPtrArray *labels;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (node_is_string (e))
        g_ptr_array_add (labels, g_strdup (json_node_get_string (e)));
      else if (JSON_NODE_HOLDS_OBJECT (e)
               && json_object_has_member (json_node_get_object (e), "label"))
        g_ptr_array_add (labels, g_strdup (json_object_get_string_member (json_node_get_object (e),
                                                                          "label")));
    }
  return labels;
}

static void
handle_field_create (HotlistFakePipedrive *self, SoupServerMessage *msg, gboolean v2)
{
  g_autoptr (JsonNode)    root = parse_body (msg);
  JsonObject             *body;
  const char             *name, *type;
  Field                  *f;
  g_autoptr (JsonBuilder) b = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, 400, "The request body must be a JSON object");
      return;
    }
  body = json_node_get_object (root);
  name = json_object_get_string_member_with_default (body, v2 ? "field_name" : "name", NULL);
  type = json_object_get_string_member_with_default (body, "field_type", NULL);
  if (name == NULL || *name == '\0')
    {
      respond_error (msg, 400, v2 ? "field_name is required" : "Field name is required");
      return;
    }
  if (!is_custom_field_type (type))
    {
      respond_error (msg, 400, "Invalid field_type");
      return;
    }
  if ((g_str_equal (type, "enum") || g_str_equal (type, "set"))
      && options_from_json (json_object_get_member (body, "options")) == NULL)
    {
      respond_error (msg, 400, "Options are required for enum and set fields");
      return;
    }
  /* Pipedrive allows two fields with one name; finding the existing one is the client's part. */
  f = define_field (self, NULL, name, type, NULL);
  f->options = options_from_json (json_object_get_member (body, "options"));
  for (guint i = 0; i < self->persons->len; i++)
    person_set_custom (g_ptr_array_index (self->persons, i), f->key, NULL);
  b = json_builder_new ();
  begin_envelope (b);
  if (v2)
    add_field_v2_json (b, f);
  else
    add_field_v1_json (b, f, self->fields->len);
  json_builder_end_object (b);
  respond_builder (msg, v2 ? 200 : 201, b);
}

/* Handlers: OAuth (reference 4.1) */

static char *
issue_tokens_locked (HotlistFakePipedrive *self, const char *refresh)
{
  AccessToken *t = g_new0 (AccessToken, 1);
  char        *access = random_token ("v1u:AQIBAH", 12);
  const char  *old = g_hash_table_lookup (self->refresh_tokens, refresh);

  if (old != NULL)
    g_hash_table_remove (self->access_tokens, old);
  t->refresh = g_strdup (refresh);
  t->expires_us = g_get_monotonic_time () + (gint64)self->token_lifetime_ms * 1000;
  g_hash_table_insert (self->access_tokens, g_strdup (access), t);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), g_strdup (access));
  return access;
}

/* The client authenticates with HTTP Basic, or (discouraged but accepted) in the form body. */
static gboolean
client_ok (SoupServerMessage *msg, GHashTable *form)
{
  const char *h =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  const char *id = g_hash_table_lookup (form, "client_id");
  const char *secret = g_hash_table_lookup (form, "client_secret");

  if (h != NULL && g_ascii_strncasecmp (h, "Basic ", 6) == 0)
    {
      gsize              len = 0;
      g_autofree guchar *raw = g_base64_decode (h + 6, &len);
      g_autofree char   *pair = g_strndup ((const char *)raw, len);

      return g_str_equal (pair, HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID
                          ":" HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET);
    }
  return g_strcmp0 (id, HOTLIST_FAKE_PIPEDRIVE_CLIENT_ID) == 0
         && g_strcmp0 (secret, HOTLIST_FAKE_PIPEDRIVE_CLIENT_SECRET) == 0;
}

static void
handle_token (HotlistFakePipedrive *self, SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char   *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GHashTable)  form = soup_form_decode (text);
  const char             *grant = g_hash_table_lookup (form, "grant_type");
  const char             *refresh = g_hash_table_lookup (form, "refresh_token");
  g_autofree char        *access = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (!client_ok (msg, form))
    {
      respond_oauth_error (msg, 401, "invalid_client", "Invalid client: client is invalid");
      return;
    }
  if (g_strcmp0 (grant, "authorization_code") == 0)
    {
      respond_oauth_error (msg, 400, "invalid_grant",
                           "Invalid grant: authorization_code is invalid");
      return;
    }
  if (g_strcmp0 (grant, "refresh_token") != 0)
    {
      respond_oauth_error (msg, 400, "unsupported_grant_type",
                           "Unsupported grant type: grant_type is invalid");
      return;
    }
  if (refresh == NULL || !g_hash_table_contains (self->refresh_tokens, refresh))
    {
      respond_oauth_error (msg, 400, "invalid_grant", "Invalid grant: refresh_token is invalid");
      return;
    }
  /* Pipedrive returns the same refresh token, its expiry pushed out. */
  access = issue_tokens_locked (self, refresh);
  json_builder_begin_object (b);
  add_string_member (b, "access_token", access);
  add_string_member (b, "token_type", "Bearer");
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, self->token_lifetime_ms / 1000);
  add_string_member (b, "refresh_token", refresh);
  add_string_member (b, "scope", "base,contacts:full,deals:read,activities:read");
  add_string_member (b, "api_domain", self->base_url);
  json_builder_end_object (b);
  respond_builder (msg, 200, b);
}

/* Auth, rate headers and faults */

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
check_auth (HotlistFakePipedrive *self,
            SoupServerMessage    *msg,
            GHashTable           *query,
            gboolean             *is_api_token)
{
  const char *api_token =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "x-api-token");
  const char  *bearer = bearer_token (msg);
  AccessToken *t;

  *is_api_token = FALSE;
  if (api_token == NULL)
    api_token = query_get (query, "api_token");
  if (api_token != NULL && bearer == NULL)
    {
      if (g_hash_table_contains (self->api_tokens, api_token))
        {
          *is_api_token = TRUE;
          return TRUE;
        }
      respond_error (msg, 401, "unauthorized access");
      return FALSE;
    }
  t = bearer != NULL ? g_hash_table_lookup (self->access_tokens, bearer) : NULL;
  if (t == NULL)
    {
      respond_error (msg, 401,
                     bearer != NULL ? "Invalid token: access_token is invalid"
                                    : "unauthorized access");
      return FALSE;
    }
  if (g_get_monotonic_time () >= t->expires_us)
    {
      /* The wording for an expired token is unconfirmed; the status is what clients act on. */
      respond_error (msg, 401, "Invalid token: access_token has expired");
      return FALSE;
    }
  return TRUE;
}

static guint
hits_in_window (HotlistFakePipedrive *self, gint64 now, gint64 *oldest)
{
  while (self->hits_start < self->hits->len
         && g_array_index (self->hits, gint64, self->hits_start) <= now - WINDOW_US)
    self->hits_start++;
  if (self->hits_start > 4096)
    {
      g_array_remove_range (self->hits, 0, self->hits_start);
      self->hits_start = 0;
    }
  *oldest = self->hits_start < self->hits->len
                ? g_array_index (self->hits, gint64, self->hits_start)
                : now;
  return self->hits->len - self->hits_start;
}

/* The burst-window headers of reference 4.6; nothing is enforced unless a 429 is injected. */
static void
add_rate_headers (HotlistFakePipedrive *self, SoupServerMessage *msg, gboolean is_api_token)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  gint64              now = g_get_monotonic_time ();
  gint64              oldest;
  guint               limit = is_api_token ? API_TOKEN_BURST : OAUTH_BURST;
  guint               used;
  g_autofree char    *l = NULL, *r = NULL, *reset = NULL;

  g_array_append_val (self->hits, now);
  used = hits_in_window (self, now, &oldest);
  l = g_strdup_printf ("%u", limit);
  r = g_strdup_printf ("%u", used >= limit ? 0 : limit - used);
  reset =
      g_strdup_printf ("%" G_GINT64_FORMAT,
                       MAX (1, (oldest + WINDOW_US - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  soup_message_headers_replace (h, "x-ratelimit-limit", l);
  soup_message_headers_replace (h, "x-ratelimit-remaining", r);
  soup_message_headers_replace (h, "x-ratelimit-reset", reset);
  if (is_api_token)
    {
      g_autofree char *daily = NULL;

      self->daily_used++;
      daily = g_strdup_printf ("%u", self->daily_used >= DAILY_FAIR_USE
                                         ? 0
                                         : DAILY_FAIR_USE - self->daily_used);
      soup_message_headers_replace (h, "x-daily-requests-left", daily);
    }
}

static HotlistFakeFault
pick_fault (HotlistFakePipedrive *self, const char *path, gboolean is_oauth)
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
      "{\"success\":true,\"data\":[{\"id\":1,\"name\":\"Ada Lovelace\",\"emails\":[{\"value\":\"ada@exa";
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char      *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                     "Content-Type: application/json; charset=utf-8\r\n"
                                                     "Content-Length: %zu\r\n"
                                                     "x-ratelimit-limit: 100\r\n"
                                                     "x-ratelimit-remaining: 99\r\n"
                                                     "x-ratelimit-reset: 2\r\n"
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
serve_fault (HotlistFakePipedrive *self, SoupServerMessage *msg, HotlistFakeFault kind)
{
  static const char malformed[] = "{\"success\":true,\"data\":[{\"id\":1,,\"name\" \"Ada\"}]";
  static const char bad_gateway[] =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
      "</center><hr><center>cloudflare</center></body></html>\n";
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  switch (kind)
    {
    case HOTLIST_FAKE_FAULT_500:
      respond_error (msg, 500, "Internal server error");
      return TRUE;
    case HOTLIST_FAKE_FAULT_502:
      soup_server_message_set_status (msg, 502, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, bad_gateway,
                                        sizeof bad_gateway - 1);
      return TRUE;
    case HOTLIST_FAKE_FAULT_503:
      respond_error (msg, 503, "Service is temporarily unavailable for maintenance");
      return TRUE;
    case HOTLIST_FAKE_FAULT_429:
      {
        g_autofree char *s = g_strdup_printf ("%u", self->retry_after_s);

        respond_error (msg, 429, "Request over limit");
        soup_message_headers_replace (h, "Retry-After", s);
        soup_message_headers_replace (h, "x-ratelimit-limit", "100");
        soup_message_headers_replace (h, "x-ratelimit-remaining", "0");
        soup_message_headers_replace (h, "x-ratelimit-reset", s);
        return TRUE;
      }
    case HOTLIST_FAKE_FAULT_401_EXPIRED:
      {
        const char  *token = bearer_token (msg);
        AccessToken *t = token ? g_hash_table_lookup (self->access_tokens, token) : NULL;

        if (t != NULL)
          t->expires_us = MIN (t->expires_us, g_get_monotonic_time ());
        respond_error (msg, 401, "Invalid token: access_token has expired");
        return TRUE;
      }
    case HOTLIST_FAKE_FAULT_MALFORMED_JSON:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
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
classify (const char *method, const char *path, const char **rest, gboolean *known_path)
{
  static const char persons[] = "/api/v2/persons";
  gboolean          get = g_str_equal (method, "GET");
  gboolean          post = g_str_equal (method, "POST");

  *rest = NULL;
  *known_path = TRUE;
  if (g_str_equal (path, persons))
    return get ? ROUTE_PERSONS : ROUTE_NONE;
  if (g_str_has_prefix (path, persons) && path[strlen (persons)] == '/'
      && path[strlen (persons) + 1] != '\0' && strchr (path + strlen (persons) + 1, '/') == NULL)
    {
      *rest = path + strlen (persons) + 1;
      return get ? ROUTE_PERSON : g_str_equal (method, "PATCH") ? ROUTE_PERSON_PATCH : ROUTE_NONE;
    }
  if (g_str_equal (path, "/api/v2/activities"))
    return get ? ROUTE_ACTIVITIES : ROUTE_NONE;
  if (g_str_equal (path, "/api/v2/deals"))
    return get ? ROUTE_DEALS : ROUTE_NONE;
  if (g_str_equal (path, "/api/v2/organizations"))
    return get ? ROUTE_ORGANIZATIONS : ROUTE_NONE;
  if (g_str_equal (path, "/api/v1/personFields"))
    return get ? ROUTE_FIELDS_V1 : post ? ROUTE_FIELDS_V1_POST : ROUTE_NONE;
  if (g_str_equal (path, "/api/v2/personFields"))
    return get ? ROUTE_FIELDS_V2 : post ? ROUTE_FIELDS_V2_POST : ROUTE_NONE;
  if (g_str_equal (path, "/oauth/token"))
    return post ? ROUTE_TOKEN : ROUTE_NONE;
  *known_path = FALSE;
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
  HotlistFakePipedrive    *self = user_data;
  const char              *method = soup_server_message_get_method (msg);
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char         *other = NULL;
  const char              *rest = NULL;
  gboolean                 known_path;
  Route                    route = classify (method, path, &rest, &known_path);
  const char              *endpoint = route_names[route];
  gboolean                 is_oauth = g_str_has_prefix (path, "/oauth/");
  gboolean                 is_api_token = FALSE;
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
  else if (route == ROUTE_NONE)
    respond_error (msg, known_path ? 405 : 404,
                   known_path ? "Method not allowed" : "Unknown method .");
  else if (check_auth (self, msg, query, &is_api_token))
    {
      switch (route)
        {
        case ROUTE_PERSONS:
          handle_persons (self, msg, query);
          break;
        case ROUTE_PERSON:
          handle_person (self, msg, rest);
          break;
        case ROUTE_PERSON_PATCH:
          handle_person_patch (self, msg, rest);
          break;
        case ROUTE_ACTIVITIES:
          handle_activities (self, msg, query);
          break;
        case ROUTE_DEALS:
          handle_deals (self, msg, query);
          break;
        case ROUTE_ORGANIZATIONS:
          handle_organizations (self, msg, query);
          break;
        case ROUTE_FIELDS_V1:
          handle_fields_v1 (self, msg, query);
          break;
        case ROUTE_FIELDS_V1_POST:
          handle_field_create (self, msg, FALSE);
          break;
        case ROUTE_FIELDS_V2:
          handle_fields_v2 (self, msg, query);
          break;
        case ROUTE_FIELDS_V2_POST:
          handle_field_create (self, msg, TRUE);
          break;
        case ROUTE_TOKEN:
        case ROUTE_NONE:
        default:
          g_assert_not_reached ();
        }
    }
  if (!is_oauth && soup_server_message_get_status (msg) != 401 && route != ROUTE_NONE)
    add_rate_headers (self, msg, is_api_token);

  if (fault == HOTLIST_FAKE_FAULT_SLOW)
    {
      g_autoptr (GSource) source = g_timeout_source_new (self->fault_delay_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (source, self->context);
    }
}

static gboolean
listen_locked (HotlistFakePipedrive *self, GError **error)
{
  g_autoptr (SoupServer) server =
      soup_server_new ("server-header", "hotlist-fake-pipedrive ", NULL);
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
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&s);
  self->server = g_steal_pointer (&server);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  HotlistFakePipedrive *self = data;
  GError               *error = NULL;
  gboolean              ok;

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
hotlist_fake_pipedrive_finalize (GObject *object)
{
  HotlistFakePipedrive *self = HOTLIST_FAKE_PIPEDRIVE (object);

  hotlist_fake_pipedrive_stop (self);
  g_clear_pointer (&self->persons_by_id, g_hash_table_unref);
  g_clear_pointer (&self->persons, g_ptr_array_unref);
  g_clear_pointer (&self->activities, g_ptr_array_unref);
  g_clear_pointer (&self->deals_by_id, g_hash_table_unref);
  g_clear_pointer (&self->deals, g_ptr_array_unref);
  g_clear_pointer (&self->organizations, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->api_tokens, g_hash_table_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->n_requests, g_hash_table_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started_cond);

  G_OBJECT_CLASS (hotlist_fake_pipedrive_parent_class)->finalize (object);
}

static void
hotlist_fake_pipedrive_class_init (HotlistFakePipedriveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hotlist_fake_pipedrive_finalize;
}

static void
hotlist_fake_pipedrive_init (HotlistFakePipedrive *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->started_cond);
  self->persons = g_ptr_array_new_with_free_func (person_free);
  self->persons_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->activities = g_ptr_array_new_with_free_func (activity_free);
  self->deals = g_ptr_array_new_with_free_func (deal_free);
  self->deals_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->organizations = g_ptr_array_new_with_free_func (organization_free);
  self->fields = g_ptr_array_new_with_free_func (field_free);
  self->next_person_id = 1;
  self->next_activity_id = 1;
  self->next_deal_id = 1;
  self->next_org_id = 1;
  self->next_field_id = 9001;
  self->rand = g_rand_new_with_seed (4242);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, access_token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->api_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->token_lifetime_ms = 3600 * 1000;
  self->hits = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->fault_delay_ms = 2000;
  self->retry_after_s = 1;
  self->n_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->api_tokens, g_strdup (HOTLIST_FAKE_PIPEDRIVE_API_TOKEN));

  define_field (self, "name", "Name", "varchar", NULL);
  define_field (self, "first_name", "First name", "varchar", NULL);
  define_field (self, "last_name", "Last name", "varchar", NULL);
  define_field (self, "email", "Email", "varchar", NULL);
  define_field (self, "phone", "Phone", "phone", NULL);
  define_field (self, "org_id", "Organization", "org", NULL);
  define_field (self, "owner_id", "Owner", "user", NULL);
  define_field (self, "label_ids", "Labels", "set", NULL);
  define_field (self, "add_time", "Person created", "date", NULL);
  define_field (self, "update_time", "Update time", "date", NULL);
  define_field (self, "visible_to", "Visible to", "visible_to", NULL);
  define_field (self, NULL, "Lead source", "enum", lead_sources);
}

/* Public API */

/**
 * hotlist_fake_pipedrive_new:
 *
 * Creates a fake Pipedrive with no persons, the standard person fields plus a custom "Lead
 * source" enum, and the API token %HOTLIST_FAKE_PIPEDRIVE_API_TOKEN. Nothing listens until it is
 * started.
 *
 * Returns: (transfer full): a new fake
 */
HotlistFakePipedrive *
hotlist_fake_pipedrive_new (void)
{
  return g_object_new (HOTLIST_TYPE_FAKE_PIPEDRIVE, NULL);
}

/**
 * hotlist_fake_pipedrive_start:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from the thread-default main context, which the
 * caller has to iterate (so only asynchronous clients work in the same thread).
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_pipedrive_start (HotlistFakePipedrive *self, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), FALSE);
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
 * hotlist_fake_pipedrive_start_in_thread:
 * @self: a fake
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 on a free port, served from a thread of its own, so blocking clients can
 * call it from the test's thread.
 *
 * Returns: %TRUE when listening
 */
gboolean
hotlist_fake_pipedrive_start_in_thread (HotlistFakePipedrive *self, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), FALSE);
  g_return_val_if_fail (self->server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->started = FALSE;
  self->thread = g_thread_new ("fake-pipedrive", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->started_cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      hotlist_fake_pipedrive_stop (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_fake_pipedrive_get_base_url:
 * @self: a started fake
 *
 * Returns: the URL that stands for `https://{company}.pipedrive.com` (and for
 *   `https://oauth.pipedrive.com`), e.g. `http://127.0.0.1:41234`, with no trailing slash
 */
const char *
hotlist_fake_pipedrive_get_base_url (HotlistFakePipedrive *self)
{
  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);

  return self->base_url;
}

/**
 * hotlist_fake_pipedrive_stop:
 * @self: a fake
 *
 * Stops listening and, for a threaded fake, joins the thread. The records stay for inspection.
 */
void
hotlist_fake_pipedrive_stop (HotlistFakePipedrive *self)
{
  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

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
 * hotlist_fake_pipedrive_issue_tokens:
 * @self: a fake
 * @refresh_token: (out) (optional): the refresh token of the new grant
 *
 * Makes an OAuth grant as if the user had just installed the app.
 *
 * Returns: (transfer full): the access token
 */
char *
hotlist_fake_pipedrive_issue_tokens (HotlistFakePipedrive *self, char **refresh_token)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autofree char         *refresh = random_token ("13180:", 6);

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (refresh);
  return issue_tokens_locked (self, refresh);
}

/**
 * hotlist_fake_pipedrive_set_token_lifetime_ms:
 * @self: a fake
 * @lifetime_ms: how long new access tokens live (default Pipedrive's 60 minutes)
 */
void
hotlist_fake_pipedrive_set_token_lifetime_ms (HotlistFakePipedrive *self, guint lifetime_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->token_lifetime_ms = lifetime_ms;
}

/**
 * hotlist_fake_pipedrive_expire_access_tokens:
 * @self: a fake
 *
 * Makes every OAuth access token issued so far expired; refresh tokens stay valid.
 */
void
hotlist_fake_pipedrive_expire_access_tokens (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  gint64                   now = g_get_monotonic_time ();

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((AccessToken *)value)->expires_us = MIN (((AccessToken *)value)->expires_us, now);
}

/**
 * hotlist_fake_pipedrive_add_api_token:
 * @self: a fake
 * @token: another API token to accept (sent as `x-api-token` or `?api_token=`)
 */
void
hotlist_fake_pipedrive_add_api_token (HotlistFakePipedrive *self, const char *token)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));
  g_return_if_fail (token != NULL);

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_add (self->api_tokens, g_strdup (token));
}

/**
 * hotlist_fake_pipedrive_inject_fault:
 * @self: a fake
 * @path_prefix: (nullable): requests whose path starts with this; %NULL for every API request
 *   (not the OAuth token endpoint)
 * @kind: the fault
 * @count: how many requests get it; 0 for all of them until cleared
 *
 * Queues a fault. Faults are checked before authentication, in the order they were injected.
 */
void
hotlist_fake_pipedrive_inject_fault (HotlistFakePipedrive *self,
                                     const char           *path_prefix,
                                     HotlistFakeFault      kind,
                                     guint                 count)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Fault                   *f;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));
  g_return_if_fail (kind != HOTLIST_FAKE_FAULT_NONE);

  locker = g_mutex_locker_new (&self->lock);
  f = g_new0 (Fault, 1);
  f->prefix = g_strdup (path_prefix);
  f->kind = kind;
  f->remaining = count;
  g_ptr_array_add (self->faults, f);
}

/**
 * hotlist_fake_pipedrive_set_fault_every:
 * @self: a fake
 * @n: every @n-th API request gets the fault; 0 turns it off
 * @kind: the fault
 */
void
hotlist_fake_pipedrive_set_fault_every (HotlistFakePipedrive *self, guint n, HotlistFakeFault kind)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_every = n;
  self->fault_every_kind = kind;
  self->n_counted = 0;
}

/**
 * hotlist_fake_pipedrive_set_fault_delay:
 * @self: a fake
 * @delay_ms: how long %HOTLIST_FAKE_FAULT_SLOW holds an answer back (default 2000)
 */
void
hotlist_fake_pipedrive_set_fault_delay (HotlistFakePipedrive *self, guint delay_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->fault_delay_ms = delay_ms;
}

/**
 * hotlist_fake_pipedrive_set_retry_after:
 * @self: a fake
 * @seconds: the `Retry-After` and `x-ratelimit-reset` of injected 429s (default 1). Whether
 *   Pipedrive still sends `Retry-After` is unconfirmed (reference 4.6).
 */
void
hotlist_fake_pipedrive_set_retry_after (HotlistFakePipedrive *self, guint seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->retry_after_s = seconds;
}

/**
 * hotlist_fake_pipedrive_clear_faults:
 * @self: a fake
 *
 * Drops queued faults and the every-Nth fault.
 */
void
hotlist_fake_pipedrive_clear_faults (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_ptr_array_set_size (self->faults, 0);
  self->fault_every = 0;
}

/**
 * hotlist_fake_pipedrive_get_n_requests:
 * @self: a fake
 * @endpoint: (nullable): one of the `HOTLIST_FAKE_PIPEDRIVE_*` endpoint names, or "METHOD /path"
 *   for anything else; %NULL for all requests
 *
 * Returns: how many requests reached the endpoint, faulted ones included
 */
guint
hotlist_fake_pipedrive_get_n_requests (HotlistFakePipedrive *self, const char *endpoint)
{
  g_autoptr (GMutexLocker) locker = NULL;
  GHashTableIter           iter;
  gpointer                 value;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  if (endpoint != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests, endpoint));
  g_hash_table_iter_init (&iter, self->n_requests);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);
  return n;
}

/**
 * hotlist_fake_pipedrive_get_n_faults:
 * @self: a fake
 *
 * Returns: how many faults have been served
 */
guint
hotlist_fake_pipedrive_get_n_faults (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_faults;
}

/**
 * hotlist_fake_pipedrive_set_now_ms:
 * @self: a fake
 * @now_ms: the time writes are stamped with, in epoch ms; 0 to follow the real clock
 *
 * Pipedrive keeps whole seconds, so many records share one `update_time` anyway; freezing the
 * clock makes it happen on purpose.
 */
void
hotlist_fake_pipedrive_set_now_ms (HotlistFakePipedrive *self, gint64 now_ms)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  self->now_ms = now_ms;
}

/**
 * hotlist_fake_pipedrive_add_contact:
 * @self: a fake
 * @kv_pairs: (array zero-terminated=1): names and values, alternating: `name`, `first_name`,
 *   `last_name`, `email`, `phone`, `org` (an organization name), `country` (the organization's),
 *   `owner_id`, `add_time`, `update_time` (epoch ms or RFC 3339); any other name is a custom
 *   field, by its name (created as `varchar` if missing; an enum takes an option's label)
 *
 * Returns: (transfer full): the new person's id
 */
char *
hotlist_fake_pipedrive_add_contact (HotlistFakePipedrive *self, const char *const *kv_pairs)
{
  g_autoptr (GMutexLocker) locker = NULL;
  const char              *org = NULL, *country = NULL;
  gint64                   now, updated;
  Person                  *p;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);
  g_return_val_if_fail (kv_pairs != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  now = clock_now (self);
  p = person_new (self, now);
  updated = now;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (f->custom)
        person_set_custom (p, f->key, NULL);
    }
  for (guint i = 0; kv_pairs[i] != NULL && kv_pairs[i + 1] != NULL; i += 2)
    {
      const char *name = kv_pairs[i], *value = kv_pairs[i + 1];

      if (g_str_equal (name, "name"))
        replace_str (&p->name, value);
      else if (g_str_equal (name, "first_name"))
        replace_str (&p->first_name, value);
      else if (g_str_equal (name, "last_name"))
        replace_str (&p->last_name, value);
      else if (g_str_equal (name, "email"))
        replace_str (&p->email, value);
      else if (g_str_equal (name, "phone"))
        replace_str (&p->phone, value);
      else if (g_str_equal (name, "org"))
        org = value;
      else if (g_str_equal (name, "country"))
        country = value;
      else if (g_str_equal (name, "owner_id"))
        p->owner_id = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (name, "add_time"))
        parse_time (value, &p->head.add_time);
      else if (g_str_equal (name, "update_time"))
        parse_time (value, &updated);
      else
        {
          Field    *f = find_field_by_name (self, name, TRUE);
          JsonNode *v;

          if (f == NULL)
            {
              f = define_field (self, NULL, name, "varchar", NULL);
              for (guint j = 0; j < self->persons->len; j++)
                person_set_custom (g_ptr_array_index (self->persons, j), f->key, NULL);
            }
          if (f->options != NULL)
            v = option_value (f, value);
          else if (g_str_equal (f->field_type, "double"))
            v = json_node_init_double (json_node_alloc (), g_ascii_strtod (value, NULL));
          else
            v = json_node_init_string (json_node_alloc (), value);
          person_set_custom (p, f->key, v);
        }
    }
  if (p->name == NULL)
    p->name =
        g_strjoin (" ", p->first_name ? p->first_name : "", p->last_name ? p->last_name : "", NULL);
  g_strstrip (p->name);
  if (org != NULL)
    p->org_id = organization_for (self, org, country);
  p->head.add_time = MIN (p->head.add_time, updated);
  p->head.update_time = updated;
  return g_strdup (p->id_str);
}

/**
 * hotlist_fake_pipedrive_generate_contacts:
 * @self: a fake
 * @n: how many persons to add
 * @seed: the same seed gives the same persons
 *
 * Adds realistic persons created between 2022-06-01 and 2024-06-01 in one of a few
 * organizations, each updated some time after it was created, with 0–3 activities (calls,
 * meetings, emails, tasks) and, for some, a deal that is open, won or lost.
 */
void
hotlist_fake_pipedrive_generate_contacts (HotlistFakePipedrive *self, guint n, guint32 seed)
{
  const gint64             end = G_GINT64_CONSTANT (1717200000); /* 2024-06-01 */
  const gint64             span = G_GINT64_CONSTANT (63158400);  /* two years */
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GRand)        rand = NULL;
  Field                   *source;

  g_return_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self));

  locker = g_mutex_locker_new (&self->lock);
  rand = g_rand_new_with_seed (seed);
  source = find_field_by_name (self, "Lead source", TRUE);
  for (guint i = 0; i < n; i++)
    {
      const char      *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char      *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      guint            co = g_rand_int_range (rand, 0, G_N_ELEMENTS (companies));
      gint64           created = end - span + (gint64)(g_rand_double (rand) * span);
      gint64           updated = created + (gint64)(g_rand_double (rand) * (end - created));
      g_autofree char *local = g_ascii_strdown (first, -1);
      g_autofree char *local2 = g_ascii_strdown (last, -1);
      guint            n_activities = g_rand_int_range (rand, 0, 4);
      Person          *p = person_new (self, created);

      for (guint j = 0; j < self->fields->len; j++)
        {
          Field *f = g_ptr_array_index (self->fields, j);

          if (f->custom)
            person_set_custom (p, f->key, NULL);
        }
      p->first_name = g_strdup (first);
      p->last_name = g_strdup (last);
      p->name = g_strdup_printf ("%s %s", first, last);
      p->email = g_strdup_printf ("%s.%s.%" G_GUINT64_FORMAT "@%s", local, local2, p->head.id,
                                  companies[co][1]);
      p->phone = g_strdup_printf ("555-%04u", g_rand_int_range (rand, 0, 10000));
      p->org_id = organization_for (self, companies[co][0], companies[co][2]);
      p->owner_id = owner_ids[g_rand_int_range (rand, 0, G_N_ELEMENTS (owner_ids))];
      if (source != NULL && g_rand_boolean (rand))
        person_set_custom (p, source->key,
                           json_node_init_int (json_node_alloc (),
                                               g_rand_int_range (rand, 1,
                                                                 (gint32)source->options->len
                                                                     + 1)));
      for (guint j = 0; j < n_activities; j++)
        {
          guint     t = g_rand_int_range (rand, 0, G_N_ELEMENTS (activity_types));
          gint64    due = created + (gint64)(g_rand_double (rand) * (updated - created));
          Activity *a = activity_new (self, p, activity_types[t], activity_subjects[t],
                                      g_rand_boolean (rand), due);

          a->head.add_time = created;
          a->head.update_time = MAX (due, created);
        }
      if (g_rand_int_range (rand, 0, 10) < 3)
        {
          static const char *const statuses[] = { "open", "won", "lost" };
          g_autofree char         *title = g_strdup_printf ("%s deal", companies[co][0]);
          Deal                    *d = deal_new (self, p, title, "open");

          d->head.add_time = created;
          deal_set_status (self, d, statuses[g_rand_int_range (rand, 0, 3)], updated);
        }
      p->head.update_time = updated;
    }
}

/**
 * hotlist_fake_pipedrive_touch_contacts:
 * @self: a fake
 * @n: how many live persons to change
 *
 * Changes the phone number of @n distinct persons, picked at random, and stamps them with the
 * current time, as users editing in Pipedrive would.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids changed
 */
char **
hotlist_fake_pipedrive_touch_contacts (HotlistFakePipedrive *self, guint n)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray)    live = g_ptr_array_new ();
  GPtrArray               *ids = g_ptr_array_new ();
  gint64                   now;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < self->persons->len; i++)
    {
      Person *p = g_ptr_array_index (self->persons, i);

      if (!p->head.is_deleted)
        g_ptr_array_add (live, p);
    }
  now = clock_now (self);
  for (guint i = 0; i < n && i < live->len; i++)
    {
      guint   j = g_rand_int_range (self->rand, i, live->len);
      Person *p = g_ptr_array_index (live, j);

      live->pdata[j] = live->pdata[i];
      live->pdata[i] = p;
      g_free (p->phone);
      p->phone = g_strdup_printf ("555-%04u", g_rand_int_range (self->rand, 0, 10000));
      p->head.update_time = now;
      g_ptr_array_add (ids, g_strdup (p->id_str));
    }
  g_ptr_array_add (ids, NULL);
  return (char **)g_ptr_array_free (ids, FALSE);
}

/**
 * hotlist_fake_pipedrive_delete_contact:
 * @self: a fake
 * @id: a person id
 *
 * Deletes a person, as Pipedrive does: it is marked `is_deleted` and leaves the lists.
 *
 * Returns: %TRUE if the person existed and was live
 */
gboolean
hotlist_fake_pipedrive_delete_contact (HotlistFakePipedrive *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Person                  *p;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  p = find_person (self, id);
  if (p == NULL)
    return FALSE;
  p->head.is_deleted = TRUE;
  p->head.update_time = clock_now (self);
  return TRUE;
}

static char *
node_to_text (JsonNode *node, Field *f)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (f != NULL && f->options != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 i = json_node_get_int (node);

      if (i >= 1 && i <= (gint64)f->options->len)
        return g_strdup (g_ptr_array_index (f->options, i - 1));
    }
  if (node_is_string (node))
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return json_to_string (node, FALSE);
}

/**
 * hotlist_fake_pipedrive_get_contact_property:
 * @self: a fake
 * @id: a person id
 * @name: a standard field key (`name`, `first_name`, `last_name`, `email`, `phone`, `org_id`,
 *   `owner_id`) or a custom field's name, such as "hotlist_score" (the first custom field of that
 *   name, whatever its generated key)
 *
 * Returns: (transfer full) (nullable): the value the fake holds (numbers as the shortest decimal,
 *   enum options by label), or %NULL if the person, the field or the value does not exist
 */
char *
hotlist_fake_pipedrive_get_contact_property (HotlistFakePipedrive *self,
                                             const char           *id,
                                             const char           *name)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Person                  *p;
  Field                   *f;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);
  g_return_val_if_fail (id != NULL && name != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  p = g_hash_table_lookup (self->persons_by_id, id);
  if (p == NULL)
    return NULL;
  if (g_str_equal (name, "name"))
    return g_strdup (p->name);
  if (g_str_equal (name, "first_name"))
    return g_strdup (p->first_name);
  if (g_str_equal (name, "last_name"))
    return g_strdup (p->last_name);
  if (g_str_equal (name, "email"))
    return g_strdup (p->email);
  if (g_str_equal (name, "phone"))
    return g_strdup (p->phone);
  if (g_str_equal (name, "org_id"))
    return p->org_id ? g_strdup_printf ("%" G_GUINT64_FORMAT, p->org_id) : NULL;
  if (g_str_equal (name, "owner_id"))
    return p->owner_id ? g_strdup_printf ("%" G_GUINT64_FORMAT, p->owner_id) : NULL;
  f = find_field_by_name (self, name, TRUE);
  if (f == NULL)
    f = find_field_by_key (self, name);
  if (f == NULL)
    return NULL;
  return node_to_text (g_hash_table_lookup (p->custom, f->key), f);
}

/**
 * hotlist_fake_pipedrive_get_contact_modified:
 * @self: a fake
 * @id: a person id
 *
 * Returns: the person's `update_time` in epoch ms (whole seconds), or -1 if there is no such
 *   person
 */
gint64
hotlist_fake_pipedrive_get_contact_modified (HotlistFakePipedrive *self, const char *id)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Person                  *p;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  locker = g_mutex_locker_new (&self->lock);
  p = g_hash_table_lookup (self->persons_by_id, id);
  return p != NULL ? p->head.update_time * 1000 : -1;
}

/**
 * hotlist_fake_pipedrive_count_contacts:
 * @self: a fake
 *
 * Returns: the number of live (not deleted) persons
 */
guint
hotlist_fake_pipedrive_count_contacts (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < self->persons->len; i++)
    if (!((Person *)g_ptr_array_index (self->persons, i))->head.is_deleted)
      n++;
  return n;
}

/**
 * hotlist_fake_pipedrive_list_property_names:
 * @self: a fake
 *
 * Returns: (transfer full) (array zero-terminated=1): the person field names, standard ones
 *   first, then custom ones in creation order (a name created twice is listed twice)
 */
char **
hotlist_fake_pipedrive_list_property_names (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < self->fields->len; i++)
    g_strv_builder_add (builder, ((Field *)g_ptr_array_index (self->fields, i))->name);
  return g_strv_builder_end (builder);
}

/**
 * hotlist_fake_pipedrive_add_field:
 * @self: a fake
 * @name: the field's name
 * @field_type: a custom field type (`varchar`, `double`, `enum`, …)
 * @options: (nullable) (array zero-terminated=1): the option labels of an enum or set
 *
 * Returns: (transfer full): the field's generated 40-hex key
 */
char *
hotlist_fake_pipedrive_add_field (HotlistFakePipedrive *self,
                                  const char           *name,
                                  const char           *field_type,
                                  const char *const    *options)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Field                   *f;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);
  g_return_val_if_fail (name != NULL && is_custom_field_type (field_type), NULL);

  locker = g_mutex_locker_new (&self->lock);
  f = define_field (self, NULL, name, field_type, options);
  for (guint i = 0; i < self->persons->len; i++)
    person_set_custom (g_ptr_array_index (self->persons, i), f->key, NULL);
  return g_strdup (f->key);
}

/**
 * hotlist_fake_pipedrive_add_activity:
 * @self: a fake
 * @person_id: the person it is about
 * @type: "call", "meeting", "email", "task", "deadline" or "lunch"
 * @subject: its subject
 * @done: whether it is marked as done
 * @due_date: (nullable): when it is due, RFC 3339 or epoch ms; %NULL for now
 *
 * The activity is added (and its person is not touched) at the fake's current time.
 *
 * Returns: (transfer full) (nullable): the activity's id, or %NULL if there is no such person
 */
char *
hotlist_fake_pipedrive_add_activity (HotlistFakePipedrive *self,
                                     const char           *person_id,
                                     const char           *type,
                                     const char           *subject,
                                     gboolean              done,
                                     const char           *due_date)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Person                  *p;
  Activity                *a;
  gint64                   due;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  p = find_person (self, person_id);
  if (p == NULL)
    return NULL;
  due = clock_now (self);
  if (due_date != NULL)
    parse_time (due_date, &due);
  a = activity_new (self, p, type, subject, done, due);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, a->head.id);
}

/**
 * hotlist_fake_pipedrive_count_activities:
 * @self: a fake
 *
 * Returns: the number of activities that are not deleted
 */
guint
hotlist_fake_pipedrive_count_activities (HotlistFakePipedrive *self)
{
  g_autoptr (GMutexLocker) locker = NULL;
  guint                    n = 0;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < self->activities->len; i++)
    if (!((Activity *)g_ptr_array_index (self->activities, i))->head.is_deleted)
      n++;
  return n;
}

/**
 * hotlist_fake_pipedrive_add_deal:
 * @self: a fake
 * @person_id: the deal's contact person
 * @title: its title
 * @status: "open", "won" or "lost"
 *
 * Returns: (transfer full) (nullable): the deal's id, or %NULL if there is no such person
 */
char *
hotlist_fake_pipedrive_add_deal (HotlistFakePipedrive *self,
                                 const char           *person_id,
                                 const char           *title,
                                 const char           *status)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Person                  *p;
  Deal                    *d;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), NULL);
  g_return_val_if_fail (title != NULL && status != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  p = find_person (self, person_id);
  if (p == NULL)
    return NULL;
  d = deal_new (self, p, title, "open");
  deal_set_status (self, d, status, d->head.add_time);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, d->head.id);
}

/**
 * hotlist_fake_pipedrive_set_deal_status:
 * @self: a fake
 * @deal_id: a deal id
 * @status: "open", "won" or "lost"
 *
 * Changes the deal's status at the fake's current time; as in Pipedrive, its person's
 * `update_time` does not move.
 *
 * Returns: %TRUE if the deal exists
 */
gboolean
hotlist_fake_pipedrive_set_deal_status (HotlistFakePipedrive *self,
                                        const char           *deal_id,
                                        const char           *status)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Deal                    *d;

  g_return_val_if_fail (HOTLIST_IS_FAKE_PIPEDRIVE (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && status != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  d = g_hash_table_lookup (self->deals_by_id, deal_id);
  if (d == NULL)
    return FALSE;
  deal_set_status (self, d, status, clock_now (self));
  return TRUE;
}
