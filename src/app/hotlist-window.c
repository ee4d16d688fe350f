/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the workspace's leads by score beside the selected lead, and Reports. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hotlist-accounts-window.h"
#include "hotlist-sync-scheduler.h"
#include "hotlist-import-dialog.h"
#include "hotlist-lead-detail.h"
#include "hotlist-lead-item.h"
#include "hotlist-lead-list.h"
#include "hotlist-model-window.h"
#include "hotlist-reports-view.h"
#include "hotlist-window.h"

/* Leads read before the window first shows; the rest follow from a thread. */
#define FIRST_READ 500

struct _HotlistWindow
{
  AdwApplicationWindow parent_instance;

  HotlistWorkspace  *workspace;
  gulong             leads_changed_id;
  HotlistLeadList   *leads;
  HotlistLeadDetail *detail;
  GCancellable      *loading;
  HotlistLeadSort    probed_sort;
  gboolean           probed;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  GtkWidget            *search_button;
  GtkWidget            *filter_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkStack             *list_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *list_pane;
  GtkWidget            *detail_pane;
  GtkWidget            *pane_separator;
  GtkColumnView        *lead_view;
  GtkLabel             *count_label;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
  GtkDropDown          *outcome_filter;
  GtkDropDown          *tier_filter;
  GtkDropDown          *owner_filter;
  GtkDropDown          *source_filter;
  GtkDropDown          *status_filter;
  GMenu                *workspaces_section;
  GtkColumnViewColumn  *columns[HOTLIST_N_LEAD_SORTS];
  HotlistReportsView   *reports_view;

  /* Syncs the workspace's connected accounts every few minutes. */
  HotlistSyncScheduler *scheduler;
};

enum
{
  PROP_0,
  PROP_WORKSPACE,
  PROP_HAS_LEADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (HotlistWindow, hotlist_window, ADW_TYPE_APPLICATION_WINDOW)

/* Cells */

static void
set_score_band (GtkWidget *label, int score)
{
  static const char *bands[] = { "score-hot", "score-warm", "score-cool", "score-cold",
                                 "score-none" };
  const char        *band = score < 0     ? "score-none"
                            : score >= 70 ? "score-hot"
                            : score >= 40 ? "score-warm"
                            : score >= 20 ? "score-cool"
                                          : "score-cold";

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    if (!g_str_equal (bands[i], band))
      gtk_widget_remove_css_class (label, bands[i]);
  gtk_widget_add_css_class (label, band);
}

static const char *
tier_label (const char *tier)
{
  if (tier == NULL)
    return NULL;
  if (g_str_equal (tier, "hot"))
    return _ ("Hot");
  if (g_str_equal (tier, "warm"))
    return _ ("Warm");
  if (g_str_equal (tier, "cool"))
    return _ ("Cool");
  return _ ("Cold");
}

/**
 * hotlist_format_days_ago:
 * @when: a Unix time, or 0
 *
 * Returns: (transfer full) (nullable): "Today", "Yesterday", "3 days ago", "5 weeks ago"…
 */
char *
hotlist_format_days_ago (gint64 when)
{
  gint64 days;

  if (when <= 0)
    return NULL;
  days = (g_get_real_time () / G_USEC_PER_SEC - when) / 86400;
  if (days <= 0)
    return g_strdup (_ ("Today"));
  if (days == 1)
    return g_strdup (_ ("Yesterday"));
  if (days < 14)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", (int)days), (int)days);
  if (days < 60)
    return g_strdup_printf (ngettext ("%d week ago", "%d weeks ago", (int)(days / 7)),
                            (int)(days / 7));
  if (days < 730)
    return g_strdup_printf (ngettext ("%d month ago", "%d months ago", (int)(days / 30)),
                            (int)(days / 30));
  return g_strdup_printf (ngettext ("%d year ago", "%d years ago", (int)(days / 365)),
                          (int)(days / 365));
}

static void
setup_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  HotlistLeadSort column = GPOINTER_TO_INT (user_data);
  GtkWidget      *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == HOTLIST_LEAD_SORT_SCORE)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "score-badge");
      gtk_widget_add_css_class (label, "numeric");
    }
  else if (column == HOTLIST_LEAD_SORT_TIER)
    gtk_widget_add_css_class (label, "tier-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  HotlistLeadSort       column = GPOINTER_TO_INT (user_data);
  const HotlistLeadRow *row = hotlist_lead_item_get_row (gtk_list_item_get_item (item));
  GtkWidget            *label = gtk_list_item_get_child (item);
  g_autofree char      *owned = NULL;
  const char           *text = NULL;

  switch (column)
    {
    case HOTLIST_LEAD_SORT_SCORE:
      {
        /* Translators: how a screen reader reads a lead's score */
        g_autofree char *spoken = row->score >= 0
                                      ? g_strdup_printf (_ ("Score %d of 100"), row->score)
                                      : g_strdup (_ ("Not scored"));

        text = owned = row->score >= 0 ? g_strdup_printf ("%d", row->score) : g_strdup ("—");
        set_score_band (label, row->score);
        gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        spoken, -1);
      }
      break;
    case HOTLIST_LEAD_SORT_NAME:
      text = row->name;
      break;
    case HOTLIST_LEAD_SORT_COMPANY:
      text = row->company;
      break;
    case HOTLIST_LEAD_SORT_TITLE:
      text = row->title;
      break;
    case HOTLIST_LEAD_SORT_TIER:
      if (row->outcome == HOTLIST_OUTCOME_CONVERTED)
        text = _ ("Converted");
      else if (row->outcome == HOTLIST_OUTCOME_LOST)
        text = _ ("Lost");
      else
        text = tier_label (row->tier);
      for (guint i = 1; i <= 4; i++)
        {
          static const char *classes[] = { NULL, "tier-hot", "tier-warm", "tier-cool",
                                           "tier-cold" };
          gtk_widget_remove_css_class (label, classes[i]);
        }
      if (row->outcome == HOTLIST_OUTCOME_OPEN && row->tier != NULL)
        {
          g_autofree char *css = g_strconcat ("tier-", row->tier, NULL);
          gtk_widget_add_css_class (label, css);
        }
      break;
    case HOTLIST_LEAD_SORT_LAST_ACTIVITY:
      text = owned = hotlist_format_days_ago (row->last_activity);
      break;
    case HOTLIST_LEAD_SORT_OWNER:
      text = row->owner;
      break;
    case HOTLIST_LEAD_SORT_SOURCE:
      text = row->source;
      break;
    default:
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

/* Sorting: the list sorts itself; the column view's sorters only say which column was clicked.
 * GTK 4.8 has no call for the primary sort column, so the window asks the column view's sorter
 * to compare two items and sees which column's sorter it calls first. */

typedef struct
{
  HotlistWindow  *window;
  HotlistLeadSort sort;
} ColumnProbe;

static int
probe_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  ColumnProbe *probe = user_data;

  if (!probe->window->probed)
    {
      probe->window->probed = TRUE;
      probe->window->probed_sort = probe->sort;
    }
  return GTK_ORDERING_SMALLER;
}

static void
update_count (HotlistWindow *self)
{
  guint            shown = g_list_model_get_n_items (G_LIST_MODEL (self->leads));
  guint            total = hotlist_lead_list_get_n_total (self->leads);
  g_autofree char *label = NULL;

  g_autofree char *count = NULL;
  const char      *subtitle = adw_view_switcher_title_get_subtitle (self->switcher_title);

  if (!hotlist_lead_list_is_complete (self->leads) && total > 0)
    count = g_strdup (_ ("Reading every lead…"));
  else if (shown == total)
    count = g_strdup_printf (ngettext ("%u lead", "%u leads", total), total);
  else
    /* Translators: "120 of 3000 leads", shown under a filtered list */
    count = g_strdup_printf (ngettext ("%u of %u lead", "%u of %u leads", total), shown, total);
  /* The workspace, what is shown of it, and which model scored it: under the list, where an
   * agency sees at a glance which client's list it is working. */
  label = g_strjoin (" · ", adw_view_switcher_title_get_title (self->switcher_title), count,
                     subtitle != NULL ? subtitle : "", NULL);
  if (subtitle == NULL)
    label[strlen (label) - strlen (" · ")] = '\0';
  gtk_label_set_text (self->count_label, label);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "no-match");
}

static void
column_sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, gpointer user_data)
{
  HotlistWindow      *self = user_data;
  g_autoptr (GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering         order;

  self->probed = FALSE;
  order = gtk_sorter_compare (sorter, a, b);
  if (!self->probed)
    hotlist_lead_list_set_sort (self->leads, HOTLIST_LEAD_SORT_SCORE, TRUE);
  else
    hotlist_lead_list_set_sort (self->leads, self->probed_sort, order == GTK_ORDERING_LARGER);
}

/* Selection and detail */

static void
selected_lead_changed_cb (HotlistWindow *self)
{
  hotlist_lead_detail_set_lead (self->detail, self->workspace,
                                hotlist_lead_list_get_selected_lead (self->leads));
}

static void
leads_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  update_count (user_data);
}

/* Search and filters are the lead list's: the Reports view has its own filters. */
static void
view_changed_cb (HotlistWindow *self)
{
  gboolean leads =
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "leads") == 0;

  gtk_widget_set_visible (self->search_button, leads);
  gtk_widget_set_visible (self->filter_button, leads);
  /* Typing on the Reports page does not search leads it does not show; a search under way
   * stays for when the list is back. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_bar), leads);
  gtk_search_bar_set_key_capture_widget (self->search_bar, leads ? GTK_WIDGET (self) : NULL);
}

static void
stack_page_changed_cb (HotlistWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_LEADS]);
}

/* Side by side, a click selects and the detail follows; in one pane, a click opens the lead. */
static void
folded_changed_cb (HotlistWindow *self)
{
  gtk_column_view_set_single_click_activate (self->lead_view,
                                             adw_leaflet_get_folded (self->leaflet));
}

static void
activate_cb (GtkColumnView *view, guint position, gpointer user_data)
{
  HotlistWindow *self = user_data;

  hotlist_lead_list_select_lead (self->leads, hotlist_lead_list_get_id (self->leads, position));
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
leads_changed_cb (HotlistStore *store, const gint64 *ids, guint n_ids, gpointer user_data)
{
  HotlistWindow     *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!hotlist_lead_list_update_leads (self->leads, store, ids, n_ids, &error))
    {
      hotlist_window_show_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < n_ids; i++)
    if (ids[i] == hotlist_lead_list_get_selected_lead (self->leads))
      {
        hotlist_lead_detail_refresh (self->detail);
        break;
      }
}

/* Filters */

static const char *const tier_values[] = { NULL, "hot", "warm", "cool", "cold", "none" };
static const char *const outcome_values[] = { "open", NULL, "converted", "lost" };

static void
value_filter_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, gpointer user_data)
{
  HotlistWindow    *self = user_data;
  HotlistLeadFilter filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "filter"));
  guint             selected = gtk_drop_down_get_selected (dropdown);
  GtkStringList    *model = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));
  const char       *value = NULL;

  if (model == NULL)
    return;
  if (filter == HOTLIST_LEAD_FILTER_TIER)
    value = selected < G_N_ELEMENTS (tier_values) ? tier_values[selected] : NULL;
  else if (filter == HOTLIST_LEAD_FILTER_OUTCOME)
    value = selected < G_N_ELEMENTS (outcome_values) ? outcome_values[selected] : NULL;
  else if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    value = gtk_string_list_get_string (model, selected);
  hotlist_lead_list_set_filter (self->leads, filter, value);
}

static GtkDropDown *
filter_dropdown (HotlistWindow *self, HotlistLeadFilter filter)
{
  switch (filter)
    {
    case HOTLIST_LEAD_FILTER_OWNER:
      return self->owner_filter;
    case HOTLIST_LEAD_FILTER_SOURCE:
      return self->source_filter;
    case HOTLIST_LEAD_FILTER_STATUS:
      return self->status_filter;
    case HOTLIST_LEAD_FILTER_TIER:
      return self->tier_filter;
    default:
      return self->outcome_filter;
    }
}

/* Fills the owner, source and status menus with the values the leads have. */
static void
update_filter_choices (HotlistWindow *self)
{
  static const char *any[] = { N_ ("Any Owner"), N_ ("Any Source"), N_ ("Any Status") };

  for (HotlistLeadFilter f = HOTLIST_LEAD_FILTER_OWNER; f <= HOTLIST_LEAD_FILTER_STATUS; f++)
    {
      GtkDropDown              *dropdown = filter_dropdown (self, f);
      g_auto (GStrv)            values = hotlist_lead_list_dup_values (self->leads, f);
      g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
      const char               *current = hotlist_lead_list_get_filter (self->leads, f);
      guint                     selected = 0;

      gtk_string_list_append (model, _ (any[f - HOTLIST_LEAD_FILTER_OWNER]));
      for (guint i = 0; values[i] != NULL; i++)
        {
          gtk_string_list_append (model, values[i]);
          if (g_strcmp0 (values[i], current) == 0)
            selected = i + 1;
        }
      g_signal_handlers_block_by_func (dropdown, value_filter_changed_cb, self);
      gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
      gtk_drop_down_set_selected (dropdown, selected);
      g_signal_handlers_unblock_by_func (dropdown, value_filter_changed_cb, self);
      if (selected == 0)
        hotlist_lead_list_set_filter (self->leads, f, NULL);
    }
}

/* Loading */

static void
update_title (HotlistWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  HotlistModel    *model;

  if (self->workspace == NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, _ ("Hotlist"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      return;
    }
  name = hotlist_workspace_dup_name (self->workspace);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  model = hotlist_scorer_get_model (hotlist_workspace_get_scorer (self->workspace));
  /* Which model the scores come from: the starter model until the team trains its own. */
  if (model == NULL)
    subtitle = g_strdup (_ ("Not scored yet"));
  else if (g_strcmp0 (hotlist_model_get_origin (model), "starter") == 0)
    subtitle = g_strdup (_ ("Scored by the starter model"));
  else
    /* Translators: "Scored by model 3" */
    subtitle =
        g_strdup_printf (_ ("Scored by model %" G_GINT64_FORMAT), hotlist_model_get_id (model));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  update_count (self);
}

static void
load_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HotlistWindow) self = user_data;
  g_autoptr (GError)        error = NULL;

  if (!hotlist_lead_list_load_finish (HOTLIST_LEAD_LIST (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hotlist_window_show_toast (self, error->message);
      return;
    }
  update_filter_choices (self);
  update_count (self);
}

/**
 * hotlist_window_reload:
 * @self: a #HotlistWindow
 *
 * Reads the workspace's leads again: the top ones at once, every lead from a thread.
 */
void
hotlist_window_reload (HotlistWindow *self)
{
  g_autoptr (GError) error = NULL;
  guint              n;

  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  update_title (self);
  /* What was imported or synced changes the reports too. */
  hotlist_reports_view_refresh (self->reports_view);
  if (self->workspace == NULL)
    {
      hotlist_lead_list_clear (self->leads);
      return;
    }
  /* The first leads come through a connection of their own with a small cache: finding the
   * top ones reads the whole table once, which the workspace's own connection need not keep. */
  {
    g_autoptr (HotlistStore) reader =
        hotlist_store_open (hotlist_workspace_get_path (self->workspace), &error);
    if (reader != NULL)
      hotlist_store_set_cache_size (reader, 2048);
    if (reader == NULL || !hotlist_lead_list_load (self->leads, reader, FIRST_READ, &error))
      {
        hotlist_window_show_error (self, error->message);
        return;
      }
  }
  update_filter_choices (self);
  n = hotlist_lead_list_get_n_total (self->leads);
  if (!hotlist_lead_list_is_complete (self->leads))
    {
      self->loading = g_cancellable_new ();
      hotlist_lead_list_load_async (self->leads, hotlist_workspace_get_path (self->workspace),
                                    self->loading, load_cb, g_object_ref (self));
    }
  update_count (self);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "leads" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_LEADS]);
  /* Side by side, the top lead is shown from the start. */
  if (n > 0 && hotlist_lead_list_get_selected_lead (self->leads) == 0
      && !adw_leaflet_get_folded (self->leaflet)
      && g_list_model_get_n_items (G_LIST_MODEL (self->leads)) > 0)
    hotlist_lead_list_select_lead (self->leads, hotlist_lead_list_get_id (self->leads, 0));
}

/**
 * hotlist_window_refresh_scores:
 * @self: a #HotlistWindow
 *
 * Reads every lead's score again, after a background task rescored the workspace.
 */
void
hotlist_window_refresh_scores (HotlistWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  if (self->workspace == NULL)
    return;
  update_title (self);
  hotlist_reports_view_refresh (self->reports_view);
  if (!hotlist_lead_list_refresh_scores (self->leads, hotlist_workspace_get_store (self->workspace),
                                         &error))
    hotlist_window_show_toast (self, error->message);
  hotlist_lead_detail_refresh (self->detail);
}

void
hotlist_window_show_error (HotlistWindow *self, const char *message)
{
  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/**
 * hotlist_window_show_toast:
 * @self: a #HotlistWindow
 * @message: what happened, and what to do
 */
void
hotlist_window_show_toast (HotlistWindow *self, const char *message)
{
  AdwToast *toast;

  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * hotlist_window_set_workspace:
 * @self: a #HotlistWindow
 * @workspace: (nullable): the workspace to show
 *
 * Shows another workspace in this window: an agency switching from one client's to another's.
 */
static void
scheduled_sync_cb (HotlistSyncScheduler *scheduler,
                   guint                 n_changed,
                   const char           *error,
                   gpointer              user_data)
{
  if (n_changed > 0)
    hotlist_window_reload (user_data);
}

/* The background sync follows the workspace shown. */
static void
update_sync_schedule (HotlistWindow *self)
{
  if (self->scheduler == NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      self->scheduler = hotlist_sync_scheduler_new (
          HOTLIST_IS_APPLICATION (app)
              ? hotlist_application_get_settings (HOTLIST_APPLICATION (app))
              : NULL);
      g_signal_connect (self->scheduler, "synced", G_CALLBACK (scheduled_sync_cb), self);
    }
  hotlist_sync_scheduler_set_workspace (self->scheduler,
                                        self->workspace != NULL
                                            ? hotlist_workspace_get_path (self->workspace)
                                            : NULL);
}

void
hotlist_window_set_workspace (HotlistWindow *self, HotlistWorkspace *workspace)
{
  g_return_if_fail (HOTLIST_IS_WINDOW (self));
  g_return_if_fail (workspace == NULL || HOTLIST_IS_WORKSPACE (workspace));

  if (self->workspace != NULL && self->leads_changed_id != 0)
    g_clear_signal_handler (&self->leads_changed_id, hotlist_workspace_get_store (self->workspace));
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    self->leads_changed_id =
        g_signal_connect (hotlist_workspace_get_store (workspace), "leads-changed",
                          G_CALLBACK (leads_changed_cb), self);
  hotlist_lead_list_clear (self->leads);
  hotlist_lead_detail_set_lead (self->detail, workspace, 0);
  hotlist_reports_view_set_workspace (self->reports_view, workspace);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_sync_schedule (self);
  hotlist_window_reload (self);
  hotlist_window_update_workspaces (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/* Workspaces */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  const char *const *x = *(const char *const *const *)a;
  const char *const *y = *(const char *const *const *)b;

  return g_utf8_collate (x[0], y[0]);
}

/**
 * hotlist_window_update_workspaces:
 * @self: a #HotlistWindow
 *
 * Lists the workspaces in the data folder in the Workspaces menu.
 */
void
hotlist_window_update_workspaces (HotlistWindow *self)
{
  g_autofree char      *dir_path = hotlist_workspace_get_default_dir ();
  g_autoptr (GDir)      dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  const char           *current =
      self->workspace != NULL ? hotlist_workspace_get_path (self->workspace) : NULL;
  const char *file;

  g_menu_remove_all (self->workspaces_section);
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      char           **entry;

      if (!g_str_has_suffix (file, ".hotlist"))
        continue;
      path = g_build_filename (dir_path, file, NULL);
      entry = g_new0 (char *, 3);
      entry[0] = hotlist_workspace_peek_name (path);
      entry[1] = g_steal_pointer (&path);
      g_ptr_array_add (entries, entry);
    }
  if (current != NULL && !g_str_has_prefix (current, dir_path))
    {
      char **entry = g_new0 (char *, 3);

      entry[0] = hotlist_workspace_dup_name (self->workspace);
      entry[1] = g_strdup (current);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_names);
  for (guint i = 0; i < entries->len; i++)
    {
      char                **entry = g_ptr_array_index (entries, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (entry[0], NULL);

      g_menu_item_set_action_and_target_value (item, "win.switch-workspace",
                                               g_variant_new_string (entry[1]));
      g_menu_append_item (self->workspaces_section, item);
    }
  {
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "switch-workspace");

    if (action != NULL && current != NULL)
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (current));
  }
}

/**
 * hotlist_window_open_workspace:
 * @self: a #HotlistWindow
 * @path: a workspace file
 * @error: return location for a #GError
 *
 * Opens the workspace in @path (creating it when missing) and shows it in this window.
 *
 * Returns: %TRUE on success; on failure the window keeps the workspace it showed
 */
gboolean
hotlist_window_open_workspace (HotlistWindow *self, const char *path, GError **error)
{
  GtkApplication              *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr (HotlistWorkspace) workspace = NULL;

  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), FALSE);

  if (HOTLIST_IS_APPLICATION (app))
    workspace = hotlist_application_open_workspace (HOTLIST_APPLICATION (app), path, error);
  else
    workspace = hotlist_workspace_open (path, error);
  if (workspace == NULL)
    return FALSE;
  hotlist_window_set_workspace (self, workspace);
  return TRUE;
}

static void
switch_workspace_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow     *self = user_data;
  g_autoptr (GError) error = NULL;
  const char        *path = g_variant_get_string (parameter, NULL);

  if (self->workspace != NULL
      && g_strcmp0 (path, hotlist_workspace_get_path (self->workspace)) == 0)
    return;
  if (!hotlist_window_open_workspace (self, path, &error))
    hotlist_window_show_toast (self, error->message);
}

/**
 * hotlist_window_create_workspace:
 * @self: a #HotlistWindow
 * @name: what the user called it ("Acme Corp")
 * @error: return location for a #GError
 *
 * Creates a workspace of that name in the data folder (or opens it, if one of that name is
 * there already) and shows it.
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_window_create_workspace (HotlistWindow *self, const char *name, GError **error)
{
  g_autofree char *path = NULL;
  gboolean         existed;

  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);

  path = hotlist_workspace_path_for_name (name);
  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!hotlist_window_open_workspace (self, path, error))
    return FALSE;
  if (existed)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("A workspace named “%s” was there already: it is open"), name);
      hotlist_window_show_toast (self, message);
    }
  else if (!hotlist_workspace_set_name (self->workspace, name, error))
    return FALSE;
  update_title (self);
  hotlist_window_update_workspaces (self);
  return TRUE;
}

/**
 * hotlist_window_rename_workspace:
 * @self: a #HotlistWindow
 * @name: the new name
 * @error: return location for a #GError
 *
 * Renames the workspace shown (its name, not its file).
 *
 * Returns: %TRUE on success
 */
gboolean
hotlist_window_rename_workspace (HotlistWindow *self, const char *name, GError **error)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);

  if (self->workspace == NULL || !hotlist_workspace_set_name (self->workspace, name, error))
    return self->workspace == NULL ? TRUE : FALSE;
  update_title (self);
  hotlist_window_update_workspaces (self);
  return TRUE;
}

static void
name_dialog_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  HotlistWindow     *self = user_data;
  GtkEditable       *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char   *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr (GError) error = NULL;
  gboolean           ok = TRUE;

  if (*name == '\0')
    return;
  if (g_str_equal (response, "create"))
    ok = hotlist_window_create_workspace (self, name, &error);
  else if (g_str_equal (response, "rename"))
    ok = hotlist_window_rename_workspace (self, name, &error);
  if (!ok)
    hotlist_window_show_toast (self, error->message);
}

static void
ask_workspace_name (HotlistWindow *self, gboolean rename)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog =
      adw_message_dialog_new (GTK_WINDOW (self),
                              rename ? _ ("Rename Workspace") : _ ("New Workspace"),
                              rename ? _ ("The name shown in the title and the Workspaces menu")
                                     : _ ("A workspace keeps its own leads, models and "
                                          "settings, for example one per client"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Workspace name"), -1);
  if (rename && self->workspace != NULL)
    {
      g_autofree char *name = hotlist_workspace_dup_name (self->workspace);
      gtk_editable_set_text (GTK_EDITABLE (entry), name);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                    rename ? "rename" : "create",
                                    rename ? _ ("_Rename") : _ ("_Create"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              rename ? "rename" : "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           rename ? "rename" : "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (name_dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
new_workspace_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ask_workspace_name (user_data, FALSE);
}

static void
rename_workspace_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ask_workspace_name (user_data, TRUE);
}

static void
open_demo_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HotlistWindow)    self = user_data;
  g_autoptr (HotlistWorkspace) demo = NULL;
  g_autoptr (GError)           error = NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "open-demo");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), TRUE);
  demo = hotlist_application_open_demo_finish (HOTLIST_APPLICATION (source), result, &error);
  if (demo == NULL)
    {
      /* Back to what the window showed. */
      hotlist_window_reload (self);
      hotlist_window_show_toast (self, error->message);
      return;
    }
  hotlist_window_set_workspace (self, demo);
}

/* The demo is made in a thread the first time (some seconds); the window shows a spinner. */
static void
open_demo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow  *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!HOTLIST_IS_APPLICATION (app))
    return;
  g_simple_action_set_enabled (action, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_LEADS]);
  hotlist_application_open_demo_async (HOTLIST_APPLICATION (app), NULL, open_demo_cb,
                                       g_object_ref (self));
}

/* Dialogs */

static void
imported_cb (HotlistImportDialog *dialog, gpointer report, gpointer user_data)
{
  HotlistWindow *self = user_data;

  hotlist_window_reload (self);
}

static void
import_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow       *self = user_data;
  HotlistImportDialog *dialog;

  if (self->workspace == NULL)
    return;
  dialog = hotlist_import_dialog_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
scores_changed_cb (HotlistModelWindow *window, gpointer user_data)
{
  hotlist_window_refresh_scores (user_data);
}

/**
 * hotlist_window_open_model_window:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the Model & Weights window, opened
 */
GtkWindow *
hotlist_window_open_model_window (HotlistWindow *self)
{
  HotlistModelWindow *window;

  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);

  window = hotlist_model_window_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (window, "scores-changed", G_CALLBACK (scores_changed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
accounts_synced_cb (HotlistAccountsWindow *window,
                    const char            *service,
                    const char            *account,
                    gpointer               user_data)
{
  hotlist_window_reload (user_data);
}

static void
accounts_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow         *self = user_data;
  HotlistAccountsWindow *window;

  if (self->workspace == NULL)
    return;
  window = hotlist_accounts_window_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (window, "synced", G_CALLBACK (accounts_synced_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
model_weights_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow *self = user_data;

  if (self->workspace != NULL)
    hotlist_window_open_model_window (self);
}

static void
search_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->view_stack, "leads");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HotlistWindow *self = user_data;

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
show_toast_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  hotlist_window_show_toast (user_data, g_variant_get_string (parameter, NULL));
}

static void
search_changed_cb (GtkSearchEntry *entry, gpointer user_data)
{
  HotlistWindow *self = user_data;

  hotlist_lead_list_set_search (self->leads, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (GtkSearchEntry *entry, gpointer user_data)
{
  HotlistWindow *self = user_data;

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Window */

static void
save_window_state (HotlistWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings      *settings =
      app != NULL ? hotlist_application_get_settings (HOTLIST_APPLICATION (app)) : NULL;
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static gboolean
hotlist_window_close_request (GtkWindow *window)
{
  save_window_state (HOTLIST_WINDOW (window));
  return GTK_WINDOW_CLASS (hotlist_window_parent_class)->close_request (window);
}

static void
hotlist_window_dispose (GObject *object)
{
  HotlistWindow *self = (HotlistWindow *)object;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->workspace != NULL && self->leads_changed_id != 0)
    g_clear_signal_handler (&self->leads_changed_id, hotlist_workspace_get_store (self->workspace));
  if (self->lead_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->lead_view), self);
  if (self->leads != NULL)
    g_signal_handlers_disconnect_by_data (self->leads, self);
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->view_stack, self);
  /* libadwaita 1.2's view switchers must let go of the stack before it goes. */
  if (self->switcher_bar != NULL)
    {
      adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
      adw_view_switcher_title_set_stack (self->switcher_title, NULL);
    }
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  gtk_widget_dispose_template (GTK_WIDGET (self), HOTLIST_TYPE_WINDOW);
  g_clear_object (&self->workspace);
  g_clear_object (&self->leads);

  G_OBJECT_CLASS (hotlist_window_parent_class)->dispose (object);
}

static void
hotlist_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistWindow *self = HOTLIST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_HAS_LEADS:
      g_value_set_boolean (value, self->stack != NULL
                                      && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                                    "leads")
                                             == 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HotlistWindow *self = HOTLIST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      if (self->leads == NULL) /* during construction */
        g_set_object (&self->workspace, g_value_get_object (value));
      else
        hotlist_window_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_window_constructed (GObject *object)
{
  HotlistWindow *self = (HotlistWindow *)object;
  /* The "application" property is set only after construction; the default one is ours. */
  GApplication                *app = g_application_get_default ();
  GSettings                   *settings = HOTLIST_IS_APPLICATION (app)
                                              ? hotlist_application_get_settings (HOTLIST_APPLICATION (app))
                                              : NULL;
  g_autoptr (HotlistWorkspace) workspace = g_steal_pointer (&self->workspace);

  G_OBJECT_CLASS (hotlist_window_parent_class)->constructed (object);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  /* A way to open on another view than Leads, for screenshots. */
  if (g_getenv ("HOTLIST_INITIAL_VIEW") != NULL
      && adw_view_stack_get_child_by_name (self->view_stack, g_getenv ("HOTLIST_INITIAL_VIEW"))
             != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, g_getenv ("HOTLIST_INITIAL_VIEW"));

  hotlist_window_set_workspace (self, workspace);
}

static const GActionEntry win_actions[] = {
  { "import", import_action },
  { "model-weights", model_weights_action },
  { "new-workspace", new_workspace_action },
  { "rename-workspace", rename_workspace_action },
  { "open-demo", open_demo_action },
  { "switch-workspace", switch_workspace_action, "s", "''" },
  { "search", search_action },
  { "back", back_action },
  { "show-toast", show_toast_action, "s" },
  { "accounts", accounts_action },
};

static void
hotlist_window_class_init (HotlistWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hotlist_window_dispose;
  object_class->get_property = hotlist_window_get_property;
  object_class->set_property = hotlist_window_set_property;
  object_class->constructed = hotlist_window_constructed;
  window_class->close_request = hotlist_window_close_request;

  properties[PROP_WORKSPACE] =
      g_param_spec_object ("workspace", NULL, NULL, HOTLIST_TYPE_WORKSPACE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_LEADS] = g_param_spec_boolean ("has-leads", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HOTLIST_TYPE_LEAD_DETAIL);
  g_type_ensure (HOTLIST_TYPE_REPORTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, pane_separator);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, lead_view);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, outcome_filter);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, tier_filter);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, owner_filter);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, source_filter);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, workspaces_section);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, reports_view);
  gtk_widget_class_bind_template_child_full (widget_class, "score_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "name_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "company_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "title_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "tier_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[4]));
  gtk_widget_class_bind_template_child_full (widget_class, "activity_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[5]));
  gtk_widget_class_bind_template_child_full (widget_class, "owner_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[6]));
  gtk_widget_class_bind_template_child_full (widget_class, "source_column", FALSE,
                                             G_STRUCT_OFFSET (HotlistWindow, columns[7]));

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.model-weights", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-workspace", NULL);
}

static void
hotlist_window_init (HotlistWindow *self)
{
  GtkSorter                     *view_sorter;
  static const HotlistLeadFilter filters[] = {
    HOTLIST_LEAD_FILTER_OUTCOME, HOTLIST_LEAD_FILTER_TIER,   HOTLIST_LEAD_FILTER_OWNER,
    HOTLIST_LEAD_FILTER_SOURCE,  HOTLIST_LEAD_FILTER_STATUS,
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  adw_leaflet_page_set_navigatable (adw_leaflet_get_page (self->leaflet, self->pane_separator),
                                    FALSE);
  self->detail = hotlist_lead_detail_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (self->detail), TRUE);
  gtk_box_append (GTK_BOX (self->detail_pane), GTK_WIDGET (self->detail));

  self->leads = hotlist_lead_list_new ();
  /* SDRs work the open leads: those are listed until the filter says otherwise. */
  hotlist_lead_list_set_filter (self->leads, HOTLIST_LEAD_FILTER_OUTCOME, "open");
  /* The list is its own selection model: the selected lead stays selected by its id through
   * sorting and filtering, at no cost per row. */
  gtk_column_view_set_model (self->lead_view, GTK_SELECTION_MODEL (self->leads));
  g_signal_connect_swapped (self->leads, "notify::selected-lead",
                            G_CALLBACK (selected_lead_changed_cb), self);
  g_signal_connect (self->leads, "items-changed", G_CALLBACK (leads_items_changed_cb), self);
  g_signal_connect (self->lead_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (stack_page_changed_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (view_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self);

  for (guint i = 0; i < HOTLIST_N_LEAD_SORTS; i++)
    {
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      ColumnProbe                   *probe = g_new (ColumnProbe, 1);
      g_autoptr (GtkSorter)          sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (self->columns[i], factory);
      probe->window = self;
      probe->sort = i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
    }
  view_sorter = gtk_column_view_get_sorter (self->lead_view);
  gtk_column_view_sort_by_column (self->lead_view, self->columns[HOTLIST_LEAD_SORT_SCORE],
                                  GTK_SORT_DESCENDING);
  g_signal_connect (view_sorter, "changed", G_CALLBACK (column_sorter_changed_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      GtkDropDown *dropdown = filter_dropdown (self, filters[i]);

      g_object_set_data (G_OBJECT (dropdown), "filter", GINT_TO_POINTER (filters[i]));
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (value_filter_changed_cb), self);
    }

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
}

HotlistWindow *
hotlist_window_new (HotlistApplication *application, HotlistWorkspace *workspace)
{
  return g_object_new (HOTLIST_TYPE_WINDOW, "application", application, "workspace", workspace,
                       NULL);
}

/**
 * hotlist_window_get_workspace:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none) (nullable): the workspace shown
 */
HotlistWorkspace *
hotlist_window_get_workspace (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return self->workspace;
}

/**
 * hotlist_window_get_leads:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the leads the list shows, as #HotlistLeadItem
 */
GListModel *
hotlist_window_get_leads (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->leads);
}

/**
 * hotlist_window_get_lead_list:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the list's model, for its search, filters and sort
 */
HotlistLeadList *
hotlist_window_get_lead_list (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return self->leads;
}

/**
 * hotlist_window_get_detail:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the lead detail pane
 */
HotlistLeadDetail *
hotlist_window_get_detail (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return self->detail;
}

/**
 * hotlist_window_select_position:
 * @self: a #HotlistWindow
 * @position: a row of the list
 *
 * Selects a row, as a click would: the detail pane shows its lead.
 */
void
hotlist_window_select_position (HotlistWindow *self, guint position)
{
  g_return_if_fail (HOTLIST_IS_WINDOW (self));
  hotlist_lead_list_select_lead (self->leads, hotlist_lead_list_get_id (self->leads, position));
}

/**
 * hotlist_window_get_page_name:
 * @self: a #HotlistWindow
 *
 * Returns: what the window shows: "leads", "empty", "loading" or "error"
 */
const char *
hotlist_window_get_page_name (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * hotlist_window_get_search_entry:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the search entry
 */
GtkEditable *
hotlist_window_get_search_entry (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

/**
 * hotlist_window_is_folded:
 * @self: a #HotlistWindow
 *
 * Returns: whether the window is too narrow for the list and the detail side by side
 */
gboolean
hotlist_window_is_folded (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), FALSE);
  return adw_leaflet_get_folded (self->leaflet);
}

/**
 * hotlist_window_get_visible_pane:
 * @self: a #HotlistWindow
 *
 * Returns: "list" or "detail": which pane a folded window shows
 */
const char *
hotlist_window_get_visible_pane (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return adw_leaflet_get_visible_child (self->leaflet) == self->detail_pane ? "detail" : "list";
}

/**
 * hotlist_window_get_column_view:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the lead list's column view
 */
GtkColumnView *
hotlist_window_get_column_view (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return self->lead_view;
}

/**
 * hotlist_window_get_workspaces_menu:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the Workspaces submenu's list of workspaces
 */
GMenuModel *
hotlist_window_get_workspaces_menu (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return G_MENU_MODEL (self->workspaces_section);
}

/**
 * hotlist_window_get_reports_view:
 * @self: a #HotlistWindow
 *
 * Returns: (transfer none): the Reports view
 */
HotlistReportsView *
hotlist_window_get_reports_view (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return self->reports_view;
}

/**
 * hotlist_window_show_view:
 * @self: a #HotlistWindow
 * @name: "leads" or "reports"
 *
 * Shows one of the window's views, as the view switcher does.
 */
void
hotlist_window_show_view (HotlistWindow *self, const char *name)
{
  g_return_if_fail (HOTLIST_IS_WINDOW (self));
  g_return_if_fail (name != NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
