/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Hotlist application: command-line options, actions, and the window it opens. */

#include "config.h"

#include <glib/gi18n.h>

#include "hotlist-application.h"
#include "hotlist-window.h"

struct _HotlistApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  char      *workspace_path;
  gboolean   demo;
};

G_DEFINE_TYPE (HotlistApplication, hotlist_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the workspace in FILE"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo workspace"), NULL }, { NULL } };

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  /* Running from a build tree without compiled schemas must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; settings will not be kept", BASE_ID);
      return NULL;
    }
  return g_settings_new (BASE_ID);
}

/*
 * The demo workspace is made from a sample shipped in the app's resources, the first time it
 * is opened.
 */

/* The --today of data/demo/generate-demo-world.py that made data/demo. */
#define DEMO_WORLD_TODAY 2026, 11, 1
/* Opens the demo workspace in @path, making it first if it is empty; any thread. */
static HotlistWorkspace *
open_demo_at (const char *path, GError **error)
{
  g_autoptr (HotlistWorkspace)    workspace = NULL;
  g_autoptr (HotlistCsvImport)    import = NULL;
  g_autoptr (HotlistImportReport) report = NULL;
  g_autoptr (GInputStream)        stream = NULL;
  HotlistStore                   *store;

  workspace = hotlist_workspace_open (path, error);
  if (workspace == NULL)
    return NULL;
  store = hotlist_workspace_get_store (workspace);
  if (hotlist_store_count_leads (store, NULL) > 0)
    return g_steal_pointer (&workspace);

  stream = g_resources_open_stream ("/org/hotlist/Hotlist/demo/demo-leads.csv",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (stream == NULL)
    return NULL;
  import = hotlist_csv_import_new ();
  hotlist_csv_import_set_source (import, "demo");
  report = hotlist_csv_import_run (import, store, stream, NULL, error);
  if (report == NULL)
    return NULL;
  g_clear_object (&stream);
  g_clear_pointer (&report, hotlist_import_report_free);
  stream = g_resources_open_stream ("/org/hotlist/Hotlist/demo/demo-activities.csv",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (stream == NULL)
    return NULL;
  report = hotlist_activity_import_run (store, stream, "demo", NULL, error);
  if (report == NULL || !hotlist_store_ensure_activity_attributes (store, error))
    return NULL;
  /* The demo world was generated as of DEMO_WORLD_TODAY; brought forward to today, its open
   * leads' recent activity is recent again, as the starter model expects. */
  {
    g_autoptr (GDateTime) demo_today = g_date_time_new_utc (DEMO_WORLD_TODAY, 0, 0, 0);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    gint64                days = g_date_time_difference (now, demo_today) / G_TIME_SPAN_DAY;

    if (days > 0 && !hotlist_store_shift_dates (store, days * 86400, error))
      return NULL;
  }
  /* Every lead was scored by the starter model as it arrived; now their explanations. */
  if (!hotlist_scorer_fill_contributions (hotlist_workspace_get_scorer (workspace), NULL, NULL,
                                          NULL, error))
    return NULL;
  /* What the demo's lead sources cost each month of the demo's time, so that the ROI report
   * has numbers to divide. */
  {
    static const struct
    {
      const char *source;
      double      monthly;
    } costs[] = {
      { "Paid Search", 2000 }, { "LinkedIn Ads", 1500 },    { "Trade Show", 2200 },
      { "Webinar", 500 },      { "Content Download", 700 }, { "Cold Outbound", 1300 },
      { "Partner", 800 },      { "Website", 400 },          { "Referral", 250 },
    };
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) month =
        g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);

    for (int m = 0; m < 19; m++)
      {
        g_autoptr (GDateTime) start = g_date_time_add_months (month, -m);
        g_autoptr (GDateTime) end = g_date_time_add_months (start, 1);

        for (guint i = 0; i < G_N_ELEMENTS (costs); i++)
          {
            g_autoptr (HotlistCampaignCost) cost =
                hotlist_campaign_cost_new (HOTLIST_COST_SOURCE, costs[i].source, costs[i].monthly);

            cost->period_start = g_date_time_to_unix (start);
            cost->period_end = g_date_time_to_unix (end);
            if (hotlist_campaign_costs_add (store, cost, error) == 0)
              return NULL;
          }
      }
  }
  hotlist_workspace_set_name (workspace, _ ("Demo"), NULL);
  return g_steal_pointer (&workspace);
}

/**
 * hotlist_application_open_demo:
 * @self: the application
 * @error: return location for a #GError
 *
 * Opens the demo workspace, making it from the sample in the resources the first time (which
 * takes some seconds: see hotlist_application_open_demo_async()).
 *
 * Returns: (transfer full): the demo workspace, or %NULL with @error set
 */
HotlistWorkspace *
hotlist_application_open_demo (HotlistApplication *self, GError **error)
{
  g_autofree char *path = hotlist_workspace_path_for_name ("demo");

  g_return_val_if_fail (HOTLIST_IS_APPLICATION (self), NULL);
  return open_demo_at (path, error);
}

static void
open_demo_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  HotlistWorkspace  *workspace = open_demo_at (task_data, &error);

  /* Made here with a connection of this thread; the caller opens its own. */
  if (workspace == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_object_unref (workspace);
      g_task_return_boolean (task, TRUE);
    }
}

/**
 * hotlist_application_open_demo_async:
 * @self: the application
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the demo workspace is ready
 * @user_data: for @callback
 *
 * Makes the demo workspace in a thread (the first time: import, activities, explanations),
 * so that the window stays responsive; hotlist_application_open_demo_finish() opens it.
 */
void
hotlist_application_open_demo_async (HotlistApplication *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (HOTLIST_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hotlist_application_open_demo_async);
  g_task_set_task_data (task, hotlist_workspace_path_for_name ("demo"), g_free);
  g_task_run_in_thread (task, open_demo_thread);
}

HotlistWorkspace *
hotlist_application_open_demo_finish (HotlistApplication *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return hotlist_application_open_workspace (self, g_task_get_task_data (G_TASK (result)), error);
}

HotlistWorkspace *
hotlist_application_open_workspace (HotlistApplication *self, const char *path, GError **error)
{
  HotlistWorkspace *workspace;

  g_return_val_if_fail (HOTLIST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  workspace = hotlist_workspace_open (path, error);
  if (workspace != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-workspace", path);
  return workspace;
}

GSettings *
hotlist_application_get_settings (HotlistApplication *self)
{
  g_return_val_if_fail (HOTLIST_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
about_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistApplication *self = user_data;
  const char         *developers[] = { "The Hotlist developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _ ("Hotlist"), "application-icon", APP_ID, "version",
                         PACKAGE_VERSION, "developer-name", _ ("The Hotlist developers"),
                         "developers", developers, "license-type", GTK_LICENSE_GPL_3_0, "comments",
                         _ ("Score and prioritize sales leads on your desktop"), NULL);
}

static void
help_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistApplication *self = user_data;

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)), "help:hotlist",
                GDK_CURRENT_TIME);
}

static void
quit_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "help", help_action_cb },
  { "quit", quit_action_cb },
};

static int
hotlist_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  HotlistApplication *self = HOTLIST_APPLICATION (application);
  const char         *path = NULL;

  if (g_variant_dict_lookup (options, "workspace", "^&ay", &path))
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
      self->workspace_path = g_file_get_path (file);
    }
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
hotlist_application_activate (GApplication *application)
{
  HotlistApplication          *self = HOTLIST_APPLICATION (application);
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *path = NULL;
  GtkWindow                   *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->demo)
    workspace = hotlist_application_open_demo (self, &error);
  else
    {
      if (self->workspace_path != NULL)
        path = g_strdup (self->workspace_path);
      else if (self->settings != NULL)
        {
          path = g_settings_get_string (self->settings, "last-workspace");
          if (*path == '\0')
            g_clear_pointer (&path, g_free);
        }
      if (path == NULL)
        path = hotlist_workspace_get_default_path ();
      workspace = hotlist_application_open_workspace (self, path, &error);
    }

  window = GTK_WINDOW (hotlist_window_new (self, workspace));
  if (workspace == NULL)
    hotlist_window_show_error (HOTLIST_WINDOW (window), error->message);
  gtk_window_present (window);
}

static void
hotlist_application_startup (GApplication *application)
{
  HotlistApplication *self = HOTLIST_APPLICATION (application);
  const char         *quit_accels[] = { "<Control>q", NULL };
  const char         *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (hotlist_application_parent_class)->startup (application);

  self->settings = settings_new_if_installed ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
}

static void
hotlist_application_finalize (GObject *object)
{
  HotlistApplication *self = (HotlistApplication *)object;

  g_clear_object (&self->settings);
  g_free (self->workspace_path);

  G_OBJECT_CLASS (hotlist_application_parent_class)->finalize (object);
}

static void
hotlist_application_class_init (HotlistApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hotlist_application_finalize;
  app_class->handle_local_options = hotlist_application_handle_local_options;
  app_class->activate = hotlist_application_activate;
  app_class->startup = hotlist_application_startup;
}

static void
hotlist_application_init (HotlistApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

HotlistApplication *
hotlist_application_new (void)
{
  return g_object_new (HOTLIST_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", "/org/hotlist/Hotlist",
                       NULL);
}
