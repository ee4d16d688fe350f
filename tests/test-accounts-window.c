/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the Accounts window against the fake HubSpot: connect, sync, errors, disconnect. */

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "fake/hotlist-fake-hubspot.h"
#include "hotlist-accounts-window.h"
#include "hotlist-test-dir.h"

/* Longest any background work may take before a test gives up. */
#define TIMEOUT_SECONDS 120
#define N_CONTACTS 1200

typedef struct
{
  TestDir            *dir;
  HotlistWorkspace   *workspace;
  HotlistFakeHubspot *fake;
  char               *account; /* unique to the process: the keyring is shared between tests */
} World;

static void
world_free (World *world)
{
  g_clear_object (&world->workspace);
  if (world->fake != NULL)
    hotlist_fake_hubspot_stop (world->fake);
  g_clear_object (&world->fake);
  test_dir_free (world->dir);
  g_free (world->account);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

static World *
world_new (guint n_contacts)
{
  World             *world = g_new0 (World, 1);
  g_autofree char   *path = NULL;
  g_autoptr (GError) error = NULL;

  world->dir = test_dir_new ();
  path = test_dir_file (world->dir, "accounts.hotlist");
  world->workspace = hotlist_workspace_open (path, &error);
  g_assert_no_error (error);
  world->fake = hotlist_fake_hubspot_new ();
  g_assert_true (hotlist_fake_hubspot_start_in_thread (world->fake, &error));
  g_assert_no_error (error);
  hotlist_fake_hubspot_generate_contacts (world->fake, n_contacts, 42);
  /* Screenshots are taken on request, alone: they show a plausible name. */
  if (g_getenv ("HOTLIST_SCREENSHOT_DIR") != NULL)
    world->account = g_strdup ("sales-team");
  else
    world->account = g_strdup_printf ("ui-test-%d", (int)getpid ());
  return world;
}

static gint64
count_leads (World *world)
{
  g_autoptr (GError) error = NULL;
  gint64 n = hotlist_store_count_leads (hotlist_workspace_get_store (world->workspace), &error);

  g_assert_no_error (error);
  return n;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (HotlistAccountsWindow *window, gpointer data);

/* Runs the main loop until @condition holds; fails after TIMEOUT_SECONDS. */
static void
wait_until (HotlistAccountsWindow *window, Condition condition, gpointer data, const char *what)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (!condition (window, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out waiting for %s", what);
  g_source_remove (timeout);
}

static gboolean
is_idle (HotlistAccountsWindow *window, gpointer data)
{
  return !hotlist_accounts_window_is_busy (window);
}

/* Keeps what the progress row said while the sync ran. */
static gboolean
is_idle_noting_progress (HotlistAccountsWindow *window, gpointer data)
{
  GPtrArray  *seen = data;
  const char *account = g_object_get_data (G_OBJECT (window), "test-account");
  const char *text = hotlist_accounts_window_get_progress_text (window, "hubspot", account);

  if (text != NULL
      && (seen->len == 0 || g_strcmp0 (g_ptr_array_index (seen, seen->len - 1), text) != 0))
    g_ptr_array_add (seen, g_strdup (text));
  return !hotlist_accounts_window_is_busy (window);
}

/* The progress row counts pulled leads, or the sync already ended (the caller checks which). */
static gboolean
shows_progress (HotlistAccountsWindow *window, gpointer data)
{
  const char *text = hotlist_accounts_window_get_progress_text (window, "hubspot", data);

  return (text != NULL && g_str_has_prefix (text, "Pulled"))
         || !hotlist_accounts_window_is_busy (window);
}

/* Lets a few frames be drawn, so that screenshots show a laid-out window. */
static void
settle (void)
{
  gboolean timed_out = FALSE;

  g_timeout_add (400, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits for the toasts to go (they last 6 s), when a screenshot is to be taken. */
static void
wait_for_toasts (void)
{
  gboolean timed_out = FALSE;

  if (g_getenv ("HOTLIST_SCREENSHOT_DIR") == NULL)
    return;
  g_timeout_add (7000, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* With HOTLIST_SCREENSHOT_DIR set, saves @window as NAME.png there. */
static void
screenshot (GtkWindow *window, const char *name)
{
  const char               *dir = g_getenv ("HOTLIST_SCREENSHOT_DIR");
  GtkWidget                *widget = GTK_WIDGET (window);
  g_autoptr (GdkPaintable)  paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;
  g_autofree char          *file = NULL;
  g_autofree char          *path = NULL;
  int                       width = 0, height = 0;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  settle ();
  for (int attempt = 0; node == NULL && attempt < 200; attempt++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      g_main_context_iteration (NULL, FALSE);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
synced_cb (HotlistAccountsWindow *window, const char *service, const char *account, gpointer data)
{
  g_assert_cmpstr (service, ==, "hubspot");
  (*(guint *)data)++;
}

static HotlistAccountsWindow *
open_window (World *world, guint *synced)
{
  HotlistAccountsWindow *window = hotlist_accounts_window_new (NULL, world->workspace);

  g_object_ref (window);
  g_object_set_data_full (G_OBJECT (window), "test-account", g_strdup (world->account), g_free);
  g_signal_connect (window, "synced", G_CALLBACK (synced_cb), synced);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Closes the window and checks nothing else holds it once its work has stopped. */
static void
close_window (HotlistAccountsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (window, is_idle, NULL, "the work to stop");
  g_assert_finalize_object (window);
}

static void
connect (World *world, HotlistAccountsWindow *window, const char *token)
{
  hotlist_accounts_window_connect_with_token (window, "hubspot", world->account,
                                              hotlist_fake_hubspot_get_base_url (world->fake),
                                              token);
  wait_until (window, is_idle, NULL, "the account to be connected");
  g_assert_nonnull (hotlist_accounts_window_get_account_row (window, "hubspot", world->account));
}

static void
collect_entry_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (ADW_IS_ENTRY_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_entry_rows (child, rows);
}

static gboolean
is_connected_and_closed (HotlistAccountsWindow *window, gpointer data)
{
  GtkWidget  *dialog = data;
  const char *account = g_object_get_data (G_OBJECT (window), "test-account");

  return !gtk_widget_get_visible (dialog) && !hotlist_accounts_window_is_busy (window)
         && hotlist_accounts_window_get_account_row (window, "hubspot", account) != NULL;
}

/* Connects by typing the token, the base URL and the account name into the Connect dialog. */
static void
connect_in_dialog (World *world, HotlistAccountsWindow *window, const char *token)
{
  GtkWindow            *dialog = hotlist_accounts_window_open_connect_dialog (window, "hubspot");
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  GtkEditable          *token_row, *base_url_row, *account_row;

  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  collect_entry_rows (GTK_WIDGET (dialog), rows);
  /* The token, then Advanced: the base URL and the account's name. */
  g_assert_cmpuint (rows->len, ==, 3);
  token_row = g_ptr_array_index (rows, 0);
  base_url_row = g_ptr_array_index (rows, 1);
  account_row = g_ptr_array_index (rows, 2);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (token_row));
  g_assert_cmpstr (gtk_editable_get_text (base_url_row), ==, "https://api.hubapi.com");
  g_assert_cmpstr (gtk_editable_get_text (account_row), ==, HOTLIST_DEFAULT_ACCOUNT);
  gtk_editable_set_text (base_url_row, hotlist_fake_hubspot_get_base_url (world->fake));
  gtk_editable_set_text (account_row, world->account);
  gtk_editable_set_text (token_row, token);
  g_signal_emit_by_name (token_row, "entry-activated");
  wait_until (window, is_connected_and_closed, dialog, "the dialog to connect the account");
  g_object_unref (dialog);
}

/* Disconnects through the confirmation dialog and checks the keyring forgot the token. */
static void
disconnect (World *world, HotlistAccountsWindow *window)
{
  AdwMessageDialog              *dialog;
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;

  dialog = hotlist_accounts_window_disconnect (window, "hubspot", world->account);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  adw_message_dialog_response (dialog, "disconnect");
  wait_until (window, is_idle, NULL, "the account to be disconnected");
  g_assert_null (hotlist_accounts_window_get_account_row (window, "hubspot", world->account));
  credentials = hotlist_secrets_lookup_sync ("hubspot", world->account, NULL, &error);
  g_assert_error (error, HOTLIST_SECRETS_ERROR, HOTLIST_SECRETS_ERROR_NOT_FOUND);
  g_assert_null (credentials);
}

/* Every built-in service has a row; those without a connector cannot be connected yet. */
static void
test_services (void)
{
  g_autoptr (World)          world = world_new (0);
  guint                      synced = 0, n = 0;
  const HotlistProviderInfo *infos = hotlist_provider_registry_list (&n);
  HotlistAccountsWindow     *window = open_window (world, &synced);
  GtkWindow                 *dialog;
  AdwComboRow               *combo;
  g_autoptr (GSettings)      settings = g_settings_new ("org.hotlist.Hotlist");

  g_assert_cmpuint (n, >=, 8);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = hotlist_accounts_window_get_service_row (window, infos[i].service);

      g_assert_nonnull (row);
      g_assert_cmpint (gtk_widget_get_sensitive (row), ==, infos[i].get_type != NULL);
      if (infos[i].get_type == NULL)
        g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Coming later");
    }
  g_assert_null (hotlist_accounts_window_open_connect_dialog (window, "zoominfo"));

  /* Sync Automatically is the sync-interval-minutes setting, both ways. */
  combo = ADW_COMBO_ROW (find_widget (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (combo);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval-minutes"), ==, 15);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 2);
  adw_combo_row_set_selected (combo, 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval-minutes"), ==, 60);
  g_settings_set_uint (settings, "sync-interval-minutes", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  g_settings_set_uint (settings, "sync-interval-minutes", 90);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval-minutes"), ==, 90);
  g_settings_set_uint (settings, "sync-interval-minutes", 15);

  /* No OAuth client in the test environment: the dialog says so instead of offering sign-in,
   * and offers the token. */
  g_unsetenv ("HOTLIST_HUBSPOT_CLIENT_ID");
  dialog = hotlist_accounts_window_open_connect_dialog (window, "hubspot");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  screenshot (GTK_WINDOW (window), "accounts-empty");
  screenshot (dialog, "accounts-connect");
  close_window (window);
  g_assert_cmpuint (synced, ==, 0);
}

/* Connect with a token, Sync Now pulls every contact, Disconnect forgets the token. */
static void
test_connect_sync_disconnect (void)
{
  g_autoptr (World)          world = world_new (N_CONTACTS);
  guint                      synced = 0;
  HotlistAccountsWindow     *window = open_window (world, &synced);
  g_autoptr (GPtrArray)      seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError)         error = NULL;
  g_autoptr (HotlistAccount) record = NULL;

  connect (world, window, HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN);
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "connected");
  g_assert_cmpstr (hotlist_accounts_window_get_last_sync_text (window, "hubspot", world->account),
                   ==, "Never synced");
  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_true (ADW_IS_EXPANDER_ROW (hotlist_accounts_window_get_service_row (window, "hubspot")));

  /* Slow answers, so that the progress can be seen. */
  hotlist_fake_hubspot_set_fault_delay (world->fake, 40);
  hotlist_fake_hubspot_set_fault_every (world->fake, 1, HOTLIST_FAKE_FAULT_SLOW);
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  g_assert_false (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "syncing");
  wait_until (window, shows_progress, world->account, "the progress row");
  g_assert_true (hotlist_accounts_window_is_busy (window));
  screenshot (GTK_WINDOW (window), "accounts-syncing");
  wait_until (window, is_idle_noting_progress, seen, "the sync");
  hotlist_fake_hubspot_clear_faults (world->fake);
  for (guint i = 0; i < seen->len; i++)
    g_test_message ("progress: %s", (const char *)g_ptr_array_index (seen, i));
  g_assert_cmpuint (seen->len, >=, 1);

  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "connected");
  g_assert_cmpstr (hotlist_accounts_window_get_last_sync_text (window, "hubspot", world->account),
                   ==, "Last synced just now");
  g_assert_cmpuint (synced, ==, 1);
  g_assert_cmpint (count_leads (world), ==, hotlist_fake_hubspot_count_contacts (world->fake));
  g_assert_cmpint (count_leads (world), ==, N_CONTACTS);
  record = hotlist_accounts_get (hotlist_workspace_get_store (world->workspace), "hubspot",
                                 world->account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->last_sync_at, >, 0);
  g_assert_cmpstr (record->base_url, ==, hotlist_fake_hubspot_get_base_url (world->fake));
  wait_for_toasts ();
  screenshot (GTK_WINDOW (window), "accounts");

  /* A second sync finds nothing new, and still tells the list to reload. */
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the second sync");
  g_assert_cmpuint (synced, ==, 2);
  g_assert_cmpint (count_leads (world), ==, N_CONTACTS);

  disconnect (world, window);
  /* The leads it brought stay. */
  g_assert_cmpint (count_leads (world), ==, N_CONTACTS);
  g_assert_true (ADW_IS_ACTION_ROW (hotlist_accounts_window_get_service_row (window, "hubspot")));
  close_window (window);
}

/* A token the service refuses: the row says so in plain words, and nothing is pulled. */
static void
test_wrong_token (void)
{
  g_autoptr (World)      world = world_new (50);
  guint                  synced = 0;
  HotlistAccountsWindow *window = open_window (world, &synced);
  const char            *text;

  connect (world, window, "pat-na1-this-token-is-wrong");
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the sync");
  text = hotlist_accounts_window_get_error_text (window, "hubspot", world->account);
  g_test_message ("error: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "HubSpot did not accept"));
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "signed-out");
  g_assert_cmpstr (hotlist_accounts_window_get_last_sync_text (window, "hubspot", world->account),
                   ==, "Never synced");
  g_assert_cmpint (count_leads (world), ==, 0);
  g_assert_cmpuint (synced, ==, 0);
  wait_for_toasts ();
  screenshot (GTK_WINDOW (window), "accounts-error");

  /* Connecting again with the right token, typed into the Connect dialog, clears the error,
   * and the sync works. */
  connect_in_dialog (world, window, HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN);
  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the sync");
  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_cmpint (count_leads (world), ==, 50);
  g_assert_cmpuint (synced, ==, 1);

  disconnect (world, window);
  close_window (window);
}

/* Cancel stops the sync; what it pulled stays, and the row shows no error. */
static void
test_cancel (void)
{
  g_autoptr (World)      world = world_new (N_CONTACTS);
  guint                  synced = 0;
  HotlistAccountsWindow *window = open_window (world, &synced);

  connect (world, window, HOTLIST_FAKE_HUBSPOT_PRIVATE_APP_TOKEN);
  hotlist_fake_hubspot_set_fault_delay (world->fake, 300);
  hotlist_fake_hubspot_set_fault_every (world->fake, 1, HOTLIST_FAKE_FAULT_SLOW);
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, shows_progress, world->account, "the first page");
  g_assert_true (hotlist_accounts_window_is_busy (window));
  g_assert_true (hotlist_accounts_window_cancel_sync (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the sync to stop");
  hotlist_fake_hubspot_clear_faults (world->fake);
  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "cancelled");
  g_assert_cmpint (count_leads (world), >, 0);
  g_assert_cmpint (count_leads (world), <, N_CONTACTS);
  /* Some pages were committed: the list has to reload. */
  g_assert_cmpuint (synced, ==, 1);

  /* The next sync goes on from where it stopped. */
  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the sync");
  g_assert_cmpint (count_leads (world), ==, N_CONTACTS);
  g_assert_cmpstr (hotlist_accounts_window_get_account_state (window, "hubspot", world->account),
                   ==, "connected");

  disconnect (world, window);
  close_window (window);
}

/* The browser of the sign-in tests: it allows access at once and goes back to the app. */
typedef struct
{
  HotlistFakeHubspot *fake;
  SoupSession        *session;
  guint               n_launched;
} Browser;

static void
browser_back_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "Hotlist is connected"));
}

static gboolean
browser_launch (HotlistOAuthFlow *flow, const char *uri, gpointer data, GError **error)
{
  Browser                *browser = data;
  g_autoptr (GUri)        parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, error);
  g_autoptr (GHashTable)  query = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char        *back = NULL;
  g_autofree char        *state = NULL;

  if (parsed == NULL)
    return FALSE;
  query = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, error);
  if (query == NULL)
    return FALSE;
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, HOTLIST_FAKE_HUBSPOT_CLIENT_ID);
  g_assert_nonnull (g_hash_table_lookup (query, "code_challenge"));
  hotlist_fake_hubspot_add_authorization_code (browser->fake, "ui-test-code",
                                               g_hash_table_lookup (query, "code_challenge"));
  state = g_uri_escape_string (g_hash_table_lookup (query, "state"), NULL, FALSE);
  back = g_strdup_printf ("%s?code=ui-test-code&state=%s",
                          (const char *)g_hash_table_lookup (query, "redirect_uri"), state);
  msg = soup_message_new ("GET", back);
  g_assert_nonnull (msg);
  soup_session_send_and_read_async (browser->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    browser_back_cb, NULL);
  browser->n_launched++;
  return TRUE;
}

static gboolean
is_signed_in (HotlistAccountsWindow *window, gpointer data)
{
  return hotlist_accounts_window_get_account_row (window, "hubspot", data) != NULL
         && !hotlist_accounts_window_is_busy (window);
}

/* Sign in with HubSpot: the browser step, the tokens in the keyring, then a sync with them. */
static void
test_sign_in (void)
{
  g_autoptr (World)              world = world_new (30);
  guint                          synced = 0;
  HotlistAccountsWindow         *window;
  GtkWindow                     *dialog;
  Browser                        browser = { world->fake, soup_session_new (), 0 };
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistCredentials) credentials = NULL;

  g_setenv ("HOTLIST_HUBSPOT_CLIENT_ID", HOTLIST_FAKE_HUBSPOT_CLIENT_ID, TRUE);
  g_setenv ("HOTLIST_HUBSPOT_CLIENT_SECRET", HOTLIST_FAKE_HUBSPOT_CLIENT_SECRET, TRUE);
  window = open_window (world, &synced);
  hotlist_accounts_window_set_oauth_launcher (window, browser_launch, &browser, NULL);
  dialog = hotlist_accounts_window_sign_in (window, "hubspot", world->account,
                                            hotlist_fake_hubspot_get_base_url (world->fake));
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  wait_until (window, is_signed_in, world->account, "the sign-in");
  g_assert_cmpuint (browser.n_launched, ==, 1);
  /* The dialog closed once the account was connected. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  credentials = hotlist_secrets_lookup_sync ("hubspot", world->account, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (credentials->is_api_token);
  g_assert_nonnull (credentials->refresh_token);

  g_assert_true (hotlist_accounts_window_sync_now (window, "hubspot", world->account));
  wait_until (window, is_idle, NULL, "the sync");
  g_assert_null (hotlist_accounts_window_get_error_text (window, "hubspot", world->account));
  g_assert_cmpint (count_leads (world), ==, 30);
  g_assert_cmpuint (synced, ==, 1);

  disconnect (world, window);
  close_window (window);
  g_object_unref (browser.session);
}

int
main (int argc, char **argv)
{
  int status;

  test_root_init ("accounts-window");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/hotlist/Hotlist/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  add_test ("/accounts-window/services", test_services);
  add_test ("/accounts-window/connect-sync-disconnect", test_connect_sync_disconnect);
  add_test ("/accounts-window/wrong-token", test_wrong_token);
  add_test ("/accounts-window/cancel", test_cancel);
  add_test ("/accounts-window/sign-in", test_sign_in);
  status = g_test_run ();
  return test_root_finish (status);
}
