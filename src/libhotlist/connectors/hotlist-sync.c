/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connected accounts of a workspace, and the sync that pulls their leads and pushes scores back. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hotlist-provider-base.h"
#include "hotlist-secrets.h"
#include "hotlist-sync.h"
#include "store/hotlist-activity.h"
#include "store/hotlist-store-private.h"

G_DEFINE_QUARK (hotlist - sync - error - quark, hotlist_sync_error)

/* Scores are written back this many at a time (the providers split further as their API needs). */
#define PUSH_BATCH 500

/* The stream name of the lead cursor in sync_state. */
#define LEADS_STREAM "leads"

void
hotlist_account_free (HotlistAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->service);
  g_free (account->account);
  g_free (account->base_url);
  g_free (account->display_name);
  g_free (account->state);
  g_free (account->last_error);
  g_free (account);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static const char *
service_display_name (const char *service)
{
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  return info != NULL ? _ (info->display_name) : service;
}

/* The `source` of the leads an account brings in: the service, or "service/account" for a
 * second account of the same service in one workspace. */
static char *
lead_source_for (const char *service, const char *account)
{
  if (account == NULL || g_strcmp0 (account, HOTLIST_DEFAULT_ACCOUNT) == 0)
    return g_strdup (service);
  return g_strdup_printf ("%s/%s", service, account);
}

static HotlistAccount *
account_from_row (sqlite3_stmt *stmt)
{
  HotlistAccount *account = g_new0 (HotlistAccount, 1);

  account->service = g_strdup (hotlist_store_column_text (stmt, 0));
  account->account = g_strdup (hotlist_store_column_text (stmt, 1));
  account->base_url = g_strdup (hotlist_store_column_text (stmt, 2));
  account->display_name = g_strdup (hotlist_store_column_text (stmt, 3));
  account->last_sync_at = sqlite3_column_int64 (stmt, 4);
  account->state = g_strdup (hotlist_store_column_text (stmt, 5));
  account->last_error = g_strdup (hotlist_store_column_text (stmt, 6));
  return account;
}

/**
 * hotlist_accounts_list:
 * @store: a workspace's store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type HotlistAccount): the connected accounts, by service
 */
GPtrArray *
hotlist_accounts_list (HotlistStore *store, GError **error)
{
  g_autoptr (GPtrArray) accounts =
      g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_account_free);
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);

  stmt = hotlist_store_prepare (store,
                                "SELECT service, account, base_url, display_name, last_sync_at,"
                                " state, last_error FROM accounts ORDER BY service, account",
                                error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the connected accounts"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&accounts);
}

/**
 * hotlist_accounts_get:
 * @store: a workspace's store
 * @service: a registry id
 * @account: (nullable): the account's name, %NULL for the default one
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the account, or %NULL with %HOTLIST_SYNC_ERROR_NOT_CONNECTED
 */
HotlistAccount *
hotlist_accounts_get (HotlistStore *store, const char *service, const char *account, GError **error)
{
  sqlite3_stmt   *stmt;
  HotlistAccount *found = NULL;
  int             rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  stmt = hotlist_store_prepare (store,
                                "SELECT service, account, base_url, display_name, last_sync_at,"
                                " state, last_error FROM accounts"
                                " WHERE service = ?1 AND account = ?2",
                                error);
  if (stmt == NULL)
    return NULL;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    found = account_from_row (stmt);
  else if (rc != SQLITE_DONE)
    hotlist_store_set_error (store, error, _ ("Could not read the connected accounts"));
  else
    g_set_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED,
                 _ ("This workspace is not connected to %s"), service_display_name (service));
  sqlite3_reset (stmt);
  return found;
}

/**
 * hotlist_accounts_add:
 * @store: a workspace's store
 * @service: a registry id
 * @account: (nullable): the account's name, %NULL for the default one
 * @base_url: (nullable): the account's API host when it is not the service's own
 * @display_name: (nullable): what the service calls the account
 * @error: return location for a #GError
 *
 * Records a connected account (its credentials go to the keyring separately). Connecting an
 * account again keeps its sync cursor and clears its last error.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_accounts_add (HotlistStore *store,
                      const char   *service,
                      const char   *account,
                      const char   *base_url,
                      const char   *display_name,
                      GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);

  if (hotlist_provider_registry_lookup (service) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a service Hotlist knows"), service);
      return FALSE;
    }
  stmt = hotlist_store_prepare (
      store,
      "INSERT INTO accounts (service, account, base_url, display_name, state, last_error)"
      " VALUES (?1, ?2, ?3, ?4, 'connected', NULL)"
      " ON CONFLICT (service, account) DO UPDATE SET base_url = excluded.base_url,"
      " display_name = COALESCE (excluded.display_name, display_name), state = 'connected',"
      " last_error = NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT);
  hotlist_store_bind_text (stmt, 3, base_url != NULL && *base_url != '\0' ? base_url : NULL);
  hotlist_store_bind_text (stmt, 4, display_name);
  return hotlist_store_step_done (store, stmt, error);
}

/**
 * hotlist_accounts_remove:
 * @store: a workspace's store
 * @service: a registry id
 * @account: (nullable): the account's name, %NULL for the default one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Disconnects an account: forgets its credentials (keyring), its sync cursors and the record of
 * which scores were written back. The leads it brought in stay in the workspace.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_accounts_remove (HotlistStore *store,
                         const char   *service,
                         const char   *account,
                         GCancellable *cancellable,
                         GError      **error)
{
  const char        *name = account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT;
  g_autoptr (GError) secret_error = NULL;
  sqlite3_stmt      *stmt;
  gboolean           existed;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);

  if (!hotlist_store_begin (store, error))
    return FALSE;
  stmt = hotlist_store_prepare (store, "DELETE FROM accounts WHERE service = ?1 AND account = ?2",
                                error);
  if (stmt == NULL)
    goto fail;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, name);
  if (!hotlist_store_step_done (store, stmt, error))
    goto fail;
  existed = sqlite3_changes (hotlist_store_get_db (store)) > 0;
  stmt = hotlist_store_prepare (store, "DELETE FROM sync_state WHERE service = ?1 AND account = ?2",
                                error);
  if (stmt == NULL)
    goto fail;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, name);
  if (!hotlist_store_step_done (store, stmt, error))
    goto fail;
  stmt =
      hotlist_store_prepare (store, "DELETE FROM score_pushes WHERE service = ?1 AND account = ?2",
                             error);
  if (stmt == NULL)
    goto fail;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, name);
  if (!hotlist_store_step_done (store, stmt, error))
    goto fail;

  /* The keyring entry goes even when the workspace had no record of it (a half-made
   * connection): nothing of the account's secrets may stay behind. */
  if (!hotlist_secrets_clear_sync (service, name, cancellable, &secret_error)
      && !g_error_matches (secret_error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&secret_error));
      goto fail;
    }
  if (!existed && secret_error != NULL)
    {
      g_set_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED,
                   _ ("This workspace is not connected to %s"), service_display_name (service));
      goto fail;
    }
  return hotlist_store_commit (store, error);

fail:
  hotlist_store_rollback (store);
  return FALSE;
}

/* Account state, written outside any sync transaction. */
static void
set_account_state (HotlistStore *store,
                   const char   *service,
                   const char   *account,
                   const char   *state,
                   const char   *last_error,
                   gboolean      synced)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt      *stmt;

  stmt = hotlist_store_prepare (store,
                                "UPDATE accounts SET state = ?3, last_error = ?4,"
                                " last_sync_at = CASE WHEN ?5 THEN ?6 ELSE last_sync_at END"
                                " WHERE service = ?1 AND account = ?2",
                                &error);
  if (stmt != NULL)
    {
      hotlist_store_bind_text (stmt, 1, service);
      hotlist_store_bind_text (stmt, 2, account);
      hotlist_store_bind_text (stmt, 3, state);
      hotlist_store_bind_text (stmt, 4, last_error);
      sqlite3_bind_int (stmt, 5, synced);
      sqlite3_bind_int64 (stmt, 6, now_seconds ());
      hotlist_store_step_done (store, stmt, &error);
    }
  if (error != NULL)
    g_warning ("Could not record the state of %s: %s", service, error->message);
}

static char *
read_cursor (HotlistStore *store, const char *service, const char *account, GError **error)
{
  sqlite3_stmt *stmt;
  char         *cursor = NULL;
  int           rc;

  stmt = hotlist_store_prepare (store,
                                "SELECT cursor FROM sync_state"
                                " WHERE service = ?1 AND account = ?2 AND stream = ?3",
                                error);
  if (stmt == NULL)
    return NULL;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, account);
  hotlist_store_bind_text (stmt, 3, LEADS_STREAM);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cursor = g_strdup (hotlist_store_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    hotlist_store_set_error (store, error, _ ("Could not read where the last sync stopped"));
  sqlite3_reset (stmt);
  return cursor;
}

static gboolean
write_cursor (HotlistStore *store,
              const char   *service,
              const char   *account,
              const char   *cursor,
              GError      **error)
{
  sqlite3_stmt *stmt;

  stmt =
      hotlist_store_prepare (store,
                             "INSERT INTO sync_state (service, account, stream, cursor, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (service, account, stream) DO UPDATE SET"
                             " cursor = excluded.cursor, updated_at = excluded.updated_at",
                             error);
  if (stmt == NULL)
    return FALSE;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, account);
  hotlist_store_bind_text (stmt, 3, LEADS_STREAM);
  hotlist_store_bind_text (stmt, 4, cursor);
  sqlite3_bind_int64 (stmt, 5, now_seconds ());
  return hotlist_store_step_done (store, stmt, error);
}

static gboolean
audit (HotlistStore *store,
       const char   *service,
       const char   *action,
       gint64        lead,
       const char   *status,
       const char   *detail,
       GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = hotlist_store_prepare (store,
                                "INSERT INTO audit_log (at, service, action, lead, status, detail)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  hotlist_store_bind_text (stmt, 2, service);
  hotlist_store_bind_text (stmt, 3, action);
  if (lead > 0)
    sqlite3_bind_int64 (stmt, 4, lead);
  else
    sqlite3_bind_null (stmt, 4);
  hotlist_store_bind_text (stmt, 5, status);
  hotlist_store_bind_text (stmt, 6, detail);
  return hotlist_store_step_done (store, stmt, error);
}

/* A service's own property names become custom attributes of the workspace; their keys are
 * looked up once per sync. */
typedef struct
{
  HotlistStore *store;
  GHashTable   *keys; /* property name → attribute key (JSON-quoted) */
} CustomKeys;

static const char *
custom_key_json (CustomKeys *keys, const char *name, GError **error)
{
  const char *key_json = g_hash_table_lookup (keys->keys, name);

  if (key_json == NULL)
    {
      g_autofree char     *key = NULL;
      HotlistValueKind     kind;
      gboolean             created;
      g_autoptr (JsonNode) node = NULL;

      key = hotlist_store_ensure_custom_attribute (keys->store, name, &kind, &created, error);
      if (key == NULL)
        return NULL;
      node = json_node_init_string (json_node_alloc (), key);
      key_json = json_to_string (node, FALSE);
      g_hash_table_insert (keys->keys, g_strdup (name), (char *)key_json);
    }
  return key_json;
}

/* The custom patch of a lead: {"key": "value", …} with every value as text, as CSV imports
 * write them, so that the attribute's kind decides how it is read. */
static char *
custom_patch_for (CustomKeys *keys, JsonObject *custom, GError **error)
{
  g_autoptr (GString) patch = NULL;
  JsonObjectIter      iter;
  const char         *name;
  JsonNode           *value;
  gboolean            first = TRUE;

  if (custom == NULL || json_object_get_size (custom) == 0)
    return NULL;
  patch = g_string_new ("{");
  json_object_iter_init (&iter, custom);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const char          *key_json;
      g_autoptr (JsonNode) text = NULL;
      g_autofree char     *text_json = NULL;

      if (!JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value))
        continue; /* nested objects and lists are not attributes */
      key_json = custom_key_json (keys, name, error);
      if (key_json == NULL)
        return NULL;
      if (JSON_NODE_HOLDS_NULL (value))
        text_json = g_strdup ("null");
      else
        {
          g_autofree char *string = NULL;

          switch (json_node_get_value_type (value) == G_TYPE_STRING ? 0 : 1)
            {
            case 0:
              string = g_strdup (json_node_get_string (value));
              break;
            default:
              {
                GValue v = G_VALUE_INIT;

                json_node_get_value (value, &v);
                if (G_VALUE_HOLDS_BOOLEAN (&v))
                  string = g_strdup (g_value_get_boolean (&v) ? "true" : "false");
                else if (G_VALUE_HOLDS_DOUBLE (&v))
                  {
                    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

                    string =
                        g_strdup (g_ascii_dtostr (buffer, sizeof buffer, g_value_get_double (&v)));
                  }
                else if (G_VALUE_HOLDS_INT64 (&v))
                  string = g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (&v));
                g_value_unset (&v);
              }
            }
          if (string == NULL || *string == '\0')
            text_json = g_strdup ("null");
          else
            {
              text = json_node_init_string (json_node_alloc (), string);
              text_json = json_to_string (text, FALSE);
            }
        }
      if (!first)
        g_string_append_c (patch, ',');
      first = FALSE;
      g_string_append (patch, key_json);
      g_string_append_c (patch, ':');
      g_string_append (patch, text_json);
    }
  if (first)
    return NULL;
  g_string_append_c (patch, '}');
  return g_string_free (g_steal_pointer (&patch), FALSE);
}

/* Properties that change whenever anything is written to the record (our own score included) and
 * so say nothing about the lead; and the fields Hotlist writes itself. */
static gboolean
is_bookkeeping_property (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_prefix (lower, "hotlist_") || strstr (lower, "lastmodified") != NULL
         || strstr (lower, "modstamp") != NULL || strstr (lower, "update_time") != NULL
         || strstr (lower, "updated_at") != NULL || strstr (lower, "updatedat") != NULL;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/* What the service holds for a lead, apart from bookkeeping, as a SHA-1 in hex. */
static char *
remote_lead_digest (const HotlistRemoteLead *remote)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  char                  number[64];

  for (guint f = 0; f < HOTLIST_N_LEAD_TEXT_FIELDS; f++)
    {
      if (remote->present & (1u << f))
        g_checksum_update (checksum,
                           (const guchar *)(remote->text[f] != NULL ? remote->text[f] : "\x01null"),
                           -1);
      g_checksum_update (checksum, (const guchar *)"\x1f", 1);
    }
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d:%u",
              remote->company_size, remote->created_at, remote->outcome, remote->present);
  g_checksum_update (checksum, (const guchar *)number, -1);
  if (remote->custom != NULL)
    {
      g_autoptr (GList)     members = json_object_get_members (remote->custom);
      g_autoptr (GPtrArray) names = g_ptr_array_new ();

      for (GList *l = members; l != NULL; l = l->next)
        if (!is_bookkeeping_property (l->data))
          g_ptr_array_add (names, l->data);
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          const char      *name = g_ptr_array_index (names, i);
          g_autofree char *value =
              json_to_string (json_object_get_member (remote->custom, name), FALSE);

          g_checksum_update (checksum, (const guchar *)name, -1);
          g_checksum_update (checksum, (const guchar *)"=", 1);
          g_checksum_update (checksum, (const guchar *)value, -1);
          g_checksum_update (checksum, (const guchar *)"\x1f", 1);
        }
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* Whether the workspace already holds exactly this version of the lead; records it if not. */
static gboolean
lead_unchanged (HotlistStore            *store,
                const char              *source,
                const HotlistRemoteLead *remote,
                gboolean                *unchanged,
                GError                 **error)
{
  g_autofree char *digest = remote_lead_digest (remote);
  sqlite3_stmt    *stmt;
  int              rc;

  *unchanged = FALSE;
  stmt = hotlist_store_prepare (store,
                                "SELECT digest FROM sync_digests WHERE source = ?1"
                                " AND external_id = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  hotlist_store_bind_text (stmt, 1, source);
  hotlist_store_bind_text (stmt, 2, remote->external_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *unchanged = g_strcmp0 (hotlist_store_column_text (stmt, 0), digest) == 0;
  else if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read what the last sync saw"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (*unchanged)
    return TRUE;
  stmt = hotlist_store_prepare (store,
                                "INSERT INTO sync_digests (source, external_id, digest)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT (source, external_id)"
                                " DO UPDATE SET digest = excluded.digest",
                                error);
  if (stmt == NULL)
    return FALSE;
  hotlist_store_bind_text (stmt, 1, source);
  hotlist_store_bind_text (stmt, 2, remote->external_id);
  hotlist_store_bind_text (stmt, 3, digest);
  return hotlist_store_step_done (store, stmt, error);
}

/* One page: leads, their activities and the cursor, in one transaction. */
static gboolean
commit_page (HotlistStore     *store,
             const char       *service,
             const char       *account,
             const char       *source,
             CustomKeys       *keys,
             HotlistPullPage  *page,
             HotlistSyncStats *stats,
             GError          **error)
{
  guint created = 0, updated = 0, new_activities = 0, unchanged_before = stats->unchanged;

  if (!hotlist_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < page->leads->len; i++)
    {
      HotlistRemoteLead *remote = g_ptr_array_index (page->leads, i);
      HotlistLeadInput   input = { 0 };
      g_autofree char   *patch = NULL;
      gboolean           was_created = FALSE;
      gboolean           unchanged = FALSE;

      if (remote->external_id == NULL || *remote->external_id == '\0')
        continue;
      if (!lead_unchanged (store, source, remote, &unchanged, error))
        goto fail;
      if (unchanged && hotlist_store_lookup_lead (store, source, remote->external_id, NULL) > 0)
        {
          /* Only its modification time moved (our own score written back, most often). */
          stats->unchanged++;
          continue;
        }
      input.source = source;
      input.external_id = remote->external_id;
      for (guint f = 0; f < HOTLIST_N_LEAD_TEXT_FIELDS; f++)
        input.text[f] = remote->text[f];
      input.present = remote->present;
      input.company_size = remote->company_size;
      input.created_at = remote->created_at;
      input.outcome = remote->outcome;
      patch = custom_patch_for (keys, remote->custom, error);
      if (patch == NULL && error != NULL && *error != NULL)
        goto fail;
      input.custom_patch = patch;
      if (!hotlist_store_upsert_lead (store, &input, NULL, &was_created, error))
        {
          g_prefix_error (error, _ ("Could not save %s contact %s: "),
                          service_display_name (service), remote->external_id);
          goto fail;
        }
      if (was_created)
        created++;
      else
        updated++;
    }
  for (guint i = 0; i < page->activities->len; i++)
    {
      HotlistRemoteActivity *activity = g_ptr_array_index (page->activities, i);
      gint64                 lead;
      gboolean               activity_created = FALSE;

      if (activity->lead_external_id == NULL || activity->activity_type == NULL)
        continue;
      lead = hotlist_store_lookup_lead (store, source, activity->lead_external_id, error);
      if (lead < 0)
        goto fail;
      if (lead == 0)
        continue; /* about a contact Hotlist has not pulled (yet): the next page may have it */
      if (!hotlist_store_add_activity (store, lead, activity->activity_type,
                                       activity->activity_date, activity->details, source,
                                       activity->external_id, NULL, &activity_created, error))
        goto fail;
      if (activity_created)
        new_activities++;
    }
  if (!write_cursor (store, service, account, page->cursor, error))
    goto fail;
  /* The commit rescores the page's leads; only if everything is written does the cursor move. */
  if (!hotlist_store_commit (store, error))
    return FALSE;
  /* Records read again with nothing new (the echo of a score written back) are not "pulled". */
  stats->pulled += page->leads->len - (stats->unchanged - unchanged_before);
  stats->created += created;
  stats->updated += updated;
  stats->activities += new_activities;
  stats->pages++;
  return TRUE;

fail:
  stats->unchanged = unchanged_before;
  hotlist_store_rollback (store);
  return FALSE;
}

typedef struct
{
  gint64   lead;
  char    *external_id;
  int      score;
  char    *tier;
  gboolean closed; /* converted or lost */
} PushCandidate;

static void
push_candidate_clear (gpointer data)
{
  PushCandidate *candidate = data;

  g_free (candidate->external_id);
  g_free (candidate->tier);
}

/* The next leads of @source whose score differs from what was last written back. */
static GArray *
next_push_candidates (HotlistStore *store,
                      const char   *service,
                      const char   *account,
                      const char   *source,
                      gint64        after,
                      GError      **error)
{
  g_autoptr (GArray) candidates = g_array_new (FALSE, TRUE, sizeof (PushCandidate));
  sqlite3_stmt      *stmt;
  int                rc;

  g_array_set_clear_func (candidates, push_candidate_clear);
  stmt = hotlist_store_prepare (
      store,
      "SELECT l.id, l.external_id, l.lead_score, l.tier, l.outcome != 'open' FROM leads l"
      " LEFT JOIN score_pushes p ON p.lead = l.id AND p.service = ?1 AND p.account = ?2"
      " WHERE l.source = ?3 AND l.id > ?4 AND l.lead_score IS NOT NULL"
      "   AND l.external_id IS NOT NULL"
      "   AND (p.lead IS NULL OR p.score IS NOT l.lead_score OR p.tier IS NOT l.tier)"
      " ORDER BY l.id LIMIT ?5",
      error);
  if (stmt == NULL)
    return NULL;
  hotlist_store_bind_text (stmt, 1, service);
  hotlist_store_bind_text (stmt, 2, account);
  hotlist_store_bind_text (stmt, 3, source);
  sqlite3_bind_int64 (stmt, 4, after);
  sqlite3_bind_int (stmt, 5, PUSH_BATCH);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PushCandidate candidate;

      candidate.lead = sqlite3_column_int64 (stmt, 0);
      candidate.external_id = g_strdup (hotlist_store_column_text (stmt, 1));
      candidate.score = sqlite3_column_int (stmt, 2);
      candidate.tier = g_strdup (hotlist_store_column_text (stmt, 3));
      candidate.closed = sqlite3_column_int (stmt, 4) != 0;
      g_array_append_val (candidates, candidate);
    }
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the scores to write back"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&candidates);
}

/* Records which scores the service now holds, and which it refused. */
static gboolean
record_push (HotlistStore *store,
             const char   *service,
             const char   *account,
             GArray       *candidates,
             GHashTable   *failed,
             const char   *failure,
             GError      **error)
{
  if (!hotlist_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < candidates->len; i++)
    {
      PushCandidate *candidate = &g_array_index (candidates, PushCandidate, i);
      sqlite3_stmt  *stmt;

      if (failed != NULL && g_hash_table_contains (failed, candidate->external_id))
        {
          /* A closed lead's record may refuse writes for good (Salesforce locks converted
           * leads): refused once, it is not tried again until its score changes. An open
           * lead's score is tried on every sync until the service takes it. */
          gboolean         final = candidate->closed && failure == NULL;
          g_autofree char *detail =
              g_strdup_printf (_ ("%s did not take score %d for contact %s%s%s%s"),
                               service_display_name (service), candidate->score,
                               candidate->external_id, failure != NULL ? ": " : "",
                               failure != NULL ? failure : "",
                               final ? _ (" (a closed lead: not tried again)") : "");

          if (!audit (store, service, "push-score", candidate->lead, "failed", detail, error))
            goto fail;
          if (!final)
            continue;
        }
      stmt = hotlist_store_prepare (
          store,
          "INSERT INTO score_pushes (lead, service, account, score, tier, pushed_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
          " ON CONFLICT (lead, service, account) DO UPDATE SET score = excluded.score,"
          " tier = excluded.tier, pushed_at = excluded.pushed_at",
          error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, candidate->lead);
      hotlist_store_bind_text (stmt, 2, service);
      hotlist_store_bind_text (stmt, 3, account);
      sqlite3_bind_int (stmt, 4, candidate->score);
      hotlist_store_bind_text (stmt, 5, candidate->tier);
      sqlite3_bind_int64 (stmt, 6, now_seconds ());
      if (!hotlist_store_step_done (store, stmt, error))
        goto fail;
    }
  return hotlist_store_commit (store, error);

fail:
  hotlist_store_rollback (store);
  return FALSE;
}

static gboolean
push_scores (HotlistStore           *store,
             HotlistProvider        *provider,
             const char             *account,
             const char             *source,
             HotlistSyncProgressFunc progress,
             gpointer                progress_data,
             HotlistSyncStats       *stats,
             GCancellable           *cancellable,
             GError                **error)
{
  const char *service = hotlist_provider_get_service (provider);
  gint64      after = 0;

  for (;;)
    {
      g_autoptr (GArray)     candidates = NULL;
      g_autoptr (GPtrArray)  updates = NULL;
      g_autoptr (GPtrArray)  failed_ids = NULL;
      g_autoptr (GHashTable) failed = NULL;
      g_autoptr (GError)     push_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      candidates = next_push_candidates (store, service, account, source, after, error);
      if (candidates == NULL)
        return FALSE;
      if (candidates->len == 0)
        return TRUE;
      after = g_array_index (candidates, PushCandidate, candidates->len - 1).lead;

      updates = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_score_update_free);
      for (guint i = 0; i < candidates->len; i++)
        {
          PushCandidate      *candidate = &g_array_index (candidates, PushCandidate, i);
          HotlistScoreUpdate *update = g_new0 (HotlistScoreUpdate, 1);

          update->external_id = g_strdup (candidate->external_id);
          update->score = candidate->score;
          update->tier = g_strdup (candidate->tier);
          g_ptr_array_add (updates, update);
        }

      failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      failed_ids = hotlist_provider_push_scores_sync (provider, updates, cancellable, &push_error);
      if (failed_ids == NULL)
        {
          /* Nothing of this batch was written: every lead in it is listed, and tried again on
           * the next sync (its score_pushes row did not change). */
          for (guint i = 0; i < candidates->len; i++)
            g_hash_table_add (failed,
                              g_strdup (g_array_index (candidates, PushCandidate, i).external_id));
          if (!record_push (store, service, account, candidates, failed, push_error->message,
                            error))
            return FALSE;
          stats->failed += candidates->len;
          g_propagate_error (error, g_steal_pointer (&push_error));
          return FALSE;
        }
      for (guint i = 0; i < failed_ids->len; i++)
        g_hash_table_add (failed, g_strdup (g_ptr_array_index (failed_ids, i)));
      if (!record_push (store, service, account, candidates, failed, NULL, error))
        return FALSE;
      stats->failed += g_hash_table_size (failed);
      stats->pushed += candidates->len - MIN (candidates->len, g_hash_table_size (failed));
      if (progress != NULL)
        progress (stats, progress_data);
    }
}

/**
 * hotlist_sync_run_with_provider:
 * @store: the store of a workspace opened in the calling thread
 * @provider: a built-in provider, connected
 * @account: (nullable): the account's name, %NULL for the default one
 * @full: start from the beginning rather than from the stored cursor
 * @progress: (nullable) (scope call): called after each committed page and push batch
 * @progress_data: closure data
 * @stats: (out caller-allocates): the numbers, also when the sync fails
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * See hotlist_sync_run(); this form does not touch the account record or the keyring.
 *
 * Returns: %TRUE if the sync finished
 */
gboolean
hotlist_sync_run_with_provider (HotlistStore           *store,
                                HotlistProvider        *provider,
                                const char             *account,
                                gboolean                full,
                                HotlistSyncProgressFunc progress,
                                gpointer                progress_data,
                                HotlistSyncStats       *stats,
                                GCancellable           *cancellable,
                                GError                **error)
{
  const char        *service;
  const char        *name = account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT;
  g_autofree char   *source = NULL;
  g_autofree char   *cursor = NULL;
  g_autoptr (GError) local_error = NULL;
  CustomKeys         keys;
  gboolean           ok = FALSE;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (HOTLIST_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  service = hotlist_provider_get_service (provider);
  source = lead_source_for (service, name);
  keys.store = store;
  keys.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!full)
    {
      g_autofree char *stored = read_cursor (store, service, name, &local_error);

      if (local_error != NULL)
        goto out;
      /* With the overlap the service needs; what comes again is recognised as unchanged. */
      cursor = hotlist_provider_rewind_cursor (provider, stored);
    }

  /* Page by page, a lead's score is what matters; its explanation is made when it is shown. */
  hotlist_store_set_defer_explanations (store, TRUE);
  if (hotlist_provider_get_capabilities (provider) & HOTLIST_PROVIDER_PULL_LEADS)
    for (;;)
      {
        g_autoptr (HotlistPullPage) page = NULL;
        gboolean                    more;

        if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
          goto out;
        page = hotlist_provider_pull_sync (provider, cursor, cancellable, &local_error);
        if (page == NULL)
          {
            g_prefix_error (&local_error, _ ("Reading from %s stopped after %u leads: "),
                            service_display_name (service), stats->pulled);
            goto out;
          }
        /* A page with no position of its own leaves the cursor where it was. */
        if (page->cursor == NULL)
          page->cursor = g_strdup (cursor);
        if (!commit_page (store, service, name, source, &keys, page, stats, &local_error))
          goto out;
        if (progress != NULL)
          progress (stats, progress_data);
        more = page->more;
        /* A page that neither moves the cursor nor says it is the last would loop for ever. */
        if (more && g_strcmp0 (page->cursor, cursor) == 0)
          {
            g_set_error (&local_error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_FAILED,
                         _ ("%s returned the same page twice"), service_display_name (service));
            goto out;
          }
        g_free (cursor);
        cursor = g_strdup (page->cursor);
        if (!more)
          break;
      }

  if (hotlist_provider_get_capabilities (provider) & HOTLIST_PROVIDER_PUSH_SCORES)
    if (!push_scores (store, provider, name, source, progress, progress_data, stats, cancellable,
                      &local_error))
      {
        g_prefix_error (&local_error, _ ("Writing scores to %s stopped: "),
                        service_display_name (service));
        goto out;
      }
  ok = TRUE;

out:
  hotlist_store_set_defer_explanations (store, FALSE);
  {
    g_autofree char   *detail = NULL;
    g_autoptr (GError) audit_error = NULL;

    if (ok)
      detail =
          g_strdup_printf ("pulled %u, created %u, updated %u, pushed %u, failed %u", stats->pulled,
                           stats->created, stats->updated, stats->pushed, stats->failed);
    else
      detail = g_strdup (local_error->message);
    if (!audit (store, service, full ? "full-sync" : "sync", 0, ok ? "ok" : "failed", detail,
                &audit_error))
      g_warning ("Could not write the audit log: %s", audit_error->message);
  }
  g_hash_table_unref (keys.keys);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* Blocking refresh of credentials close to expiry, for the syncing thread. */
typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
waiter_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static HotlistCredentials *
ensure_fresh_sync (const HotlistOAuthConfig *config,
                   const HotlistCredentials *credentials,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  Waiter                   waiter = { NULL };
  HotlistCredentials      *fresh;
  gboolean                 refreshed = FALSE;

  g_main_context_push_thread_default (context);
  hotlist_oauth_ensure_fresh_async (config, credentials, 120, cancellable, waiter_done_cb, &waiter);
  while (waiter.result == NULL)
    g_main_context_iteration (context, TRUE);
  fresh = hotlist_oauth_ensure_fresh_finish (waiter.result, &refreshed, error);
  g_object_unref (waiter.result);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return fresh;
}

/**
 * hotlist_sync_oauth_config:
 * @service: a registry id
 * @base_url: (nullable): a host that serves the sign-in endpoints too (sandboxes, fakes)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the sign-in config, or %NULL when no OAuth client is registered
 */
HotlistOAuthConfig *
hotlist_sync_oauth_config (const char *service, const char *base_url, GError **error)
{
  g_autofree char    *upper = g_ascii_strup (service, -1);
  g_autofree char    *id_var = g_strdup_printf ("HOTLIST_%s_CLIENT_ID", upper);
  g_autofree char    *secret_var = g_strdup_printf ("HOTLIST_%s_CLIENT_SECRET", upper);
  const char         *client_id = g_getenv (id_var);
  HotlistOAuthConfig *config;

  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED,
                   _ ("Signing in to %s in the browser needs an OAuth client registered with %s "
                      "(set %s); an API token works without one"),
                   service_display_name (service), service_display_name (service), id_var);
      return NULL;
    }
  config = hotlist_oauth_config_new_for_service (service, client_id, g_getenv (secret_var));
  if (config == NULL)
    {
      g_set_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED,
                   _ ("%s does not sign in with OAuth"), service_display_name (service));
      return NULL;
    }
  if (base_url != NULL && *base_url != '\0')
    {
      /* Same paths on the given host. */
      char **urls[] = { &config->authorize_url, &config->token_url };

      for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
        {
          g_autoptr (GUri) uri = g_uri_parse (*urls[i], G_URI_FLAGS_NONE, NULL);
          g_autofree char *trimmed = g_strdup (base_url);

          if (uri == NULL)
            continue;
          if (g_str_has_suffix (trimmed, "/"))
            trimmed[strlen (trimmed) - 1] = '\0';
          g_free (*urls[i]);
          *urls[i] = g_strconcat (trimmed, g_uri_get_path (uri), NULL);
        }
    }
  return config;
}

/* The accounts being synced in this process, by workspace file, service and account: the
 * Accounts window's Sync Now and the background schedule would otherwise read the same pages
 * twice at once. */
static GMutex      running_lock;
static GHashTable *running;

static char *
running_key (HotlistStore *store, const char *service, const char *account)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s", hotlist_store_get_path (store), service, account);
}

static gboolean
claim_account (HotlistStore *store, const char *service, const char *account)
{
  char    *key = running_key (store, service, account);
  gboolean claimed;

  g_mutex_lock (&running_lock);
  if (running == NULL)
    running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  claimed = !g_hash_table_contains (running, key);
  if (claimed)
    g_hash_table_add (running, key);
  else
    g_free (key);
  g_mutex_unlock (&running_lock);
  return claimed;
}

static void
release_account (HotlistStore *store, const char *service, const char *account)
{
  g_autofree char *key = running_key (store, service, account);

  g_mutex_lock (&running_lock);
  g_hash_table_remove (running, key);
  g_mutex_unlock (&running_lock);
}

/**
 * hotlist_sync_run:
 * @store: the store of a workspace opened in the calling thread
 * @service: a registry id
 * @account: (nullable): the account's name, %NULL for the default one
 * @full: start from the beginning rather than from the stored cursor
 * @progress: (nullable) (scope call): called after each committed page and push batch
 * @progress_data: closure data
 * @stats: (out caller-allocates): the numbers, also when the sync fails
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the sync finished; on %FALSE what was committed stays
 */
gboolean
hotlist_sync_run (HotlistStore           *store,
                  const char             *service,
                  const char             *account,
                  gboolean                full,
                  HotlistSyncProgressFunc progress,
                  gpointer                progress_data,
                  HotlistSyncStats       *stats,
                  GCancellable           *cancellable,
                  GError                **error)
{
  const char                    *name = account != NULL ? account : HOTLIST_DEFAULT_ACCOUNT;
  g_autoptr (HotlistAccount)     record = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;
  g_autoptr (HotlistOAuthConfig) config = NULL;
  g_autoptr (HotlistProvider)    provider = NULL;
  g_autoptr (GError)             local_error = NULL;
  gboolean                       ok;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  record = hotlist_accounts_get (store, service, name, error);
  if (record == NULL)
    return FALSE;

  credentials = hotlist_secrets_lookup_sync (service, name, cancellable, &local_error);
  if (credentials == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (local_error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND))
        message = g_strdup_printf (_ ("Signed out of %s: connect the account again"),
                                   service_display_name (service));
      else
        message = g_strdup (local_error->message);
      set_account_state (store, service, name, "signed-out", message, FALSE);
      g_set_error_literal (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_NOT_CONNECTED, message);
      return FALSE;
    }

  if (!credentials->is_api_token && credentials->refresh_token != NULL)
    {
      config = hotlist_sync_oauth_config (service, record->base_url, NULL);
      if (config != NULL && hotlist_credentials_expires_within (credentials, 120))
        {
          HotlistCredentials *fresh =
              ensure_fresh_sync (config, credentials, cancellable, &local_error);

          if (fresh == NULL)
            {
              set_account_state (store, service, name, "error", local_error->message, FALSE);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          hotlist_credentials_free (credentials);
          credentials = fresh;
        }
    }

  provider = hotlist_provider_new (service, record->base_url, credentials, config, error);
  if (provider == NULL)
    return FALSE;
  if (!claim_account (store, service, name))
    {
      g_set_error (error, HOTLIST_SYNC_ERROR, HOTLIST_SYNC_ERROR_BUSY, _ ("%s is syncing already"),
                   service_display_name (service));
      return FALSE;
    }
  set_account_state (store, service, name, "syncing", NULL, FALSE);
  ok = hotlist_sync_run_with_provider (store, provider, name, full, progress, progress_data, stats,
                                       cancellable, &local_error);
  release_account (store, service, name);
  if (ok)
    set_account_state (store, service, name, "connected", NULL, TRUE);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped by the user: not a failure of the account. */
      set_account_state (store, service, name, "connected", NULL, stats->pages > 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else
    {
      gboolean auth =
          g_error_matches (local_error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_AUTH_EXPIRED)
          || g_error_matches (local_error, HOTLIST_HTTP_ERROR, HOTLIST_HTTP_ERROR_FORBIDDEN);

      set_account_state (store, service, name, auth ? "signed-out" : "error", local_error->message,
                         stats->pages > 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}
