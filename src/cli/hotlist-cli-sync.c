/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotlist-cli accounts and sync: connecting CRMs and syncing with them from the command line. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hotlist-cli.h"

static const HotlistProviderInfo *
lookup_service (const char *service)
{
  const HotlistProviderInfo *info = hotlist_provider_registry_lookup (service);

  if (info == NULL)
    {
      guint                      n;
      const HotlistProviderInfo *all = hotlist_provider_registry_list (&n);
      g_autoptr (GString)        names = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", all[i].service);
      hotlist_cli_fail (_ ("unknown service “%s” (one of: %s)"), service, names->str);
    }
  return info;
}

/* A token typed or piped in: the first line, without surrounding blanks. */
static char *
read_token_from_stdin (GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char                buffer[4096];
  size_t              n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_string_append_len (text, buffer, (gssize)n);
      if (text->len > 64 * 1024)
        break;
    }
  for (gsize i = 0; i < text->len; i++)
    if (text->str[i] == '\n' || text->str[i] == '\r')
      {
        g_string_truncate (text, i);
        break;
      }
  g_strstrip (text->str);
  if (text->str[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("no token on standard input"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
print_uri_launcher (HotlistOAuthFlow *flow, const char *uri, gpointer user_data, GError **error)
{
  g_printerr (_ ("Opening your browser to sign in. If it does not open, visit:\n  %s\n"), uri);
  /* Then the browser, as the app would open it. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
  return TRUE;
}

static int
accounts_add (HotlistStore *store, int argc, char **argv)
{
  g_autofree char *base_url = NULL;
  g_autofree char *account = NULL;
  gboolean         token_stdin = FALSE;
  GOptionEntry     entries[] = {
        { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
          N_("The service's API host (sandbox, EU data centre)"), N_("URL") },
          { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin,
            N_("Read a private-app or API token from standard input instead of signing in"), NULL },
            { "account", 0, 0, G_OPTION_ARG_STRING, &account,
              N_("A name for this account, when one workspace has two of a service"), N_("NAME") },
              { NULL } };
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;
  const HotlistProviderInfo     *info;
  const char                    *service;

  if (!hotlist_cli_parse_options (entries, "accounts add SERVICE", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 3)
    return hotlist_cli_fail (_ ("accounts add needs one SERVICE"));
  service = argv[2];
  if ((info = lookup_service (service)) == NULL)
    return 1;
  if (account == NULL)
    account = g_strdup (HOTLIST_DEFAULT_ACCOUNT);
  if (base_url != NULL)
    {
      g_autoptr (GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, &error);

      if (uri == NULL
          || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
              && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
        return hotlist_cli_fail (_ ("--base-url must be an http or https URL"));
    }

  if (token_stdin)
    {
      g_autofree char *token = NULL;

      if (!(info->capabilities & HOTLIST_PROVIDER_API_TOKEN))
        return hotlist_cli_fail (_ ("%s does not take API tokens; run without --token-stdin to "
                                    "sign in in the browser"),
                                 _ (info->display_name));
      token = read_token_from_stdin (&error);
      if (token == NULL)
        return hotlist_cli_fail ("%s", error->message);
      credentials = hotlist_credentials_new_api_token (service, account, token);
      memset (token, 0, strlen (token));
      if (!hotlist_secrets_store_sync (credentials, NULL, &error))
        return hotlist_cli_fail ("%s", error->message);
    }
  else
    {
      g_autoptr (HotlistOAuthConfig) config = NULL;
      g_autoptr (HotlistOAuthFlow)   flow = NULL;
      g_autoptr (GMainLoop)          loop = g_main_loop_new (NULL, FALSE);
      Wait                           wait = { loop, NULL };

      if (!(info->capabilities & HOTLIST_PROVIDER_OAUTH))
        return hotlist_cli_fail (_ ("%s connects with an API token: use --token-stdin"),
                                 _ (info->display_name));
      config = hotlist_sync_oauth_config (service, base_url, &error);
      if (config == NULL)
        return hotlist_cli_fail ("%s", error->message);
      flow = hotlist_oauth_flow_new (config);
      hotlist_oauth_flow_set_launcher (flow, print_uri_launcher, NULL, NULL);
      hotlist_oauth_flow_run_async (flow, account, NULL, wait_done_cb, &wait);
      g_main_loop_run (loop);
      /* The flow keeps the credentials in the keyring itself. */
      credentials = hotlist_oauth_flow_run_finish (flow, wait.result, &error);
      g_object_unref (wait.result);
      if (credentials == NULL)
        return hotlist_cli_fail ("%s", error->message);
    }

  if (!hotlist_accounts_add (store, service, account, base_url, NULL, &error))
    {
      hotlist_secrets_clear_sync (service, account, NULL, NULL);
      return hotlist_cli_fail ("%s", error->message);
    }
  g_printerr (_ ("Connected %s (%s). Run “hotlist-cli sync %s” to bring its leads in.\n"),
              _ (info->display_name), account, service);
  return 0;
}

static int
accounts_remove (HotlistStore *store, int argc, char **argv)
{
  g_autofree char   *account = NULL;
  GOptionEntry       entries[] = { { "account", 0, 0, G_OPTION_ARG_STRING, &account,
                                     N_("Which account of the service"), N_("NAME") }, { NULL } };
  g_autoptr (GError) error = NULL;

  if (!hotlist_cli_parse_options (entries, "accounts remove SERVICE", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 3)
    return hotlist_cli_fail (_ ("accounts remove needs one SERVICE"));
  if (lookup_service (argv[2]) == NULL)
    return 1;
  if (!hotlist_accounts_remove (store, argv[2], account, NULL, &error))
    return hotlist_cli_fail ("%s", error->message);
  return 0;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr (GDateTime) time = NULL;

  if (seconds <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (seconds);
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

/**
 * hotlist_cli_accounts:
 *
 * `hotlist-cli accounts [--json]`, `accounts add SERVICE [--base-url URL] [--token-stdin]`,
 * `accounts remove SERVICE`.
 */
int
hotlist_cli_accounts (HotlistWorkspace *workspace, int argc, char **argv)
{
  HotlistStore *store = hotlist_workspace_get_store (workspace);
  gboolean      json = FALSE;
  GOptionEntry  entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
                                { NULL } };
  g_autoptr (GError)      error = NULL;
  g_autoptr (GPtrArray)   accounts = NULL;
  g_autoptr (JsonBuilder) builder = NULL;

  if (argc >= 2 && strcmp (argv[1], "add") == 0)
    return accounts_add (store, argc, argv);
  if (argc >= 2 && strcmp (argv[1], "remove") == 0)
    return accounts_remove (store, argc, argv);

  if (!hotlist_cli_parse_options (entries, "accounts [add SERVICE | remove SERVICE]", &argc, &argv,
                                  &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 1)
    return hotlist_cli_fail (_ ("unknown accounts command “%s”"), argv[1]);
  accounts = hotlist_accounts_list (store, &error);
  if (accounts == NULL)
    return hotlist_cli_fail ("%s", error->message);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }
  else if (accounts->len == 0)
    g_print ("%s\n", _ ("No connected accounts. Connect one with “hotlist-cli accounts add "
                        "SERVICE”."));
  for (guint i = 0; i < accounts->len; i++)
    {
      HotlistAccount                *account = g_ptr_array_index (accounts, i);
      const HotlistProviderInfo     *info = hotlist_provider_registry_lookup (account->service);
      g_autofree char               *last_sync = format_time (account->last_sync_at);
      g_autoptr (HotlistCredentials) credentials = NULL;
      g_autoptr (GError)             lookup_error = NULL;
      gboolean                       signed_in;

      credentials =
          hotlist_secrets_lookup_sync (account->service, account->account, NULL, &lookup_error);
      signed_in = credentials != NULL;
      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "service");
          json_builder_add_string_value (builder, account->service);
          json_builder_set_member_name (builder, "account");
          json_builder_add_string_value (builder, account->account);
          json_builder_set_member_name (builder, "base_url");
          json_builder_add_string_value (builder, account->base_url);
          json_builder_set_member_name (builder, "display_name");
          json_builder_add_string_value (builder, account->display_name);
          json_builder_set_member_name (builder, "state");
          json_builder_add_string_value (builder, account->state);
          json_builder_set_member_name (builder, "signed_in");
          json_builder_add_boolean_value (builder, signed_in);
          json_builder_set_member_name (builder, "last_sync");
          json_builder_add_string_value (builder, last_sync);
          json_builder_set_member_name (builder, "last_error");
          json_builder_add_string_value (builder, account->last_error);
          json_builder_end_object (builder);
        }
      else
        {
          g_print ("%-12s %-12s %-11s %s%s%s\n",
                   info != NULL ? _ (info->display_name) : account->service, account->account,
                   signed_in ? account->state : "signed-out",
                   last_sync != NULL ? _ ("last synced ") : _ ("never synced"),
                   last_sync != NULL ? last_sync : "", account->base_url != NULL ? "" : "");
          if (account->last_error != NULL)
            g_print ("  %s\n", account->last_error);
        }
    }
  if (json)
    {
      json_builder_end_array (builder);
      hotlist_cli_print_json (builder, TRUE);
    }
  return 0;
}

static void
sync_progress_cb (const HotlistSyncStats *stats, gpointer user_data)
{
  if (isatty (STDERR_FILENO))
    g_printerr (_ ("\rPulled %u leads (%u new), wrote %u scores…"), stats->pulled, stats->created,
                stats->pushed);
}

/**
 * hotlist_cli_sync:
 *
 * `hotlist-cli sync SERVICE [--full] [--json]`: prints {"pulled", "created", "updated",
 * "pushed", "failed"}; exits 1 when the sync could not finish (after committing what it could).
 */
int
hotlist_cli_sync (HotlistWorkspace *workspace, int argc, char **argv)
{
  HotlistStore    *store = hotlist_workspace_get_store (workspace);
  gboolean         json = FALSE;
  gboolean         full = FALSE;
  g_autofree char *account = NULL;
  GOptionEntry     entries[] = {
        { "full", 0, 0, G_OPTION_ARG_NONE, &full,
          N_("Read every lead again, not only those changed since the last sync"), NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the numbers as JSON"), NULL },
            { "account", 0, 0, G_OPTION_ARG_STRING, &account,
              N_("Which account of the service"), N_("NAME") }, { NULL } };
  g_autoptr (GError) error = NULL;
  HotlistSyncStats   stats = { 0 };
  gboolean           ok;

  if (!hotlist_cli_parse_options (entries, "sync SERVICE", &argc, &argv, &error))
    return hotlist_cli_fail ("%s", error->message);
  if (argc != 2)
    return hotlist_cli_fail (_ ("sync needs one SERVICE"));
  if (lookup_service (argv[1]) == NULL)
    return 1;

  ok = hotlist_sync_run (store, argv[1], account, full, sync_progress_cb, NULL, &stats, NULL,
                         &error);
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pulled");
      json_builder_add_int_value (builder, stats.pulled);
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, stats.created);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, stats.updated);
      json_builder_set_member_name (builder, "pushed");
      json_builder_add_int_value (builder, stats.pushed);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, stats.failed);
      json_builder_set_member_name (builder, "unchanged");
      json_builder_add_int_value (builder, stats.unchanged);
      json_builder_set_member_name (builder, "activities");
      json_builder_add_int_value (builder, stats.activities);
      if (!ok)
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
      hotlist_cli_print_json (builder, TRUE);
    }
  else
    g_print (_ ("Pulled %u leads (%u new, %u updated, %u activities); wrote %u scores back, %u "
                "refused.\n"),
             stats.pulled, stats.created, stats.updated, stats.activities, stats.pushed,
             stats.failed);
  if (!ok)
    return hotlist_cli_fail ("%s", error->message);
  return 0;
}
