/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the workspace's leads, by score. */

#include "config.h"

#include <glib/gi18n.h>

#include "hotlist-lead-item.h"
#include "hotlist-window.h"

struct _HotlistWindow
{
  AdwApplicationWindow parent_instance;

  HotlistWorkspace *workspace;
  GListStore       *leads;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  GtkColumnView       *lead_view;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkColumnViewColumn *score_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *company_column;
  GtkColumnViewColumn *title_column;
  GtkColumnViewColumn *tier_column;
  GtkColumnViewColumn *owner_column;
  GtkColumnViewColumn *source_column;
};

enum
{
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (HotlistWindow, hotlist_window, ADW_TYPE_APPLICATION_WINDOW)

typedef char *(*CellTextFunc) (const HotlistLead *lead);

static char *
score_text (const HotlistLead *lead)
{
  return lead->lead_score >= 0 ? g_strdup_printf ("%d", lead->lead_score) : g_strdup ("—");
}

static char *
name_text (const HotlistLead *lead)
{
  return hotlist_lead_dup_name (lead);
}

static char *
company_text (const HotlistLead *lead)
{
  return g_strdup (lead->text[HOTLIST_LEAD_FIELD_COMPANY]);
}

static char *
title_text (const HotlistLead *lead)
{
  return g_strdup (lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE]);
}

static char *
tier_text (const HotlistLead *lead)
{
  if (lead->tier == NULL)
    return NULL;
  if (g_str_equal (lead->tier, "hot"))
    return g_strdup (_ ("Hot"));
  if (g_str_equal (lead->tier, "warm"))
    return g_strdup (_ ("Warm"));
  if (g_str_equal (lead->tier, "cool"))
    return g_strdup (_ ("Cool"));
  return g_strdup (_ ("Cold"));
}

static char *
owner_text (const HotlistLead *lead)
{
  return g_strdup (lead->text[HOTLIST_LEAD_FIELD_OWNER]);
}

static char *
source_text (const HotlistLead *lead)
{
  return g_strdup (lead->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE]);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (user_data == score_text)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "score-badge");
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CellTextFunc       text_func = user_data;
  HotlistLeadItem   *lead_item = gtk_list_item_get_item (item);
  const HotlistLead *lead = hotlist_lead_item_get_lead (lead_item);
  GtkWidget         *label = gtk_list_item_get_child (item);
  g_autofree char   *text = text_func (lead);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  if (text_func == score_text)
    {
      static const char *bands[] = { "score-hot", "score-warm", "score-cool", "score-cold",
                                     "score-none" };
      const char        *band = lead->lead_score < 0     ? "score-none"
                                : lead->lead_score >= 70 ? "score-hot"
                                : lead->lead_score >= 40 ? "score-warm"
                                : lead->lead_score >= 20 ? "score-cool"
                                                         : "score-cold";

      for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
        gtk_widget_remove_css_class (label, bands[i]);
      gtk_widget_add_css_class (label, band);
    }
}

static void
set_column_factory (GtkColumnViewColumn *column, CellTextFunc text_func)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), text_func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), text_func);
  gtk_column_view_column_set_factory (column, factory);
}

static gboolean
add_lead_cb (const HotlistLead *lead, gpointer user_data)
{
  g_autoptr (HotlistLeadItem) item = hotlist_lead_item_new (lead);

  g_list_store_append (user_data, item);
  return TRUE;
}

/* Leads are listed by score, unscored ones last: the first tells whether any is scored. */
static gboolean
lead_is_scored (HotlistWindow *self, guint position)
{
  g_autoptr (HotlistLeadItem) item = g_list_model_get_item (G_LIST_MODEL (self->leads), position);

  return item != NULL && hotlist_lead_item_get_lead (item)->lead_score >= 0;
}

/**
 * hotlist_window_reload:
 * @self: a #HotlistWindow
 *
 * Reads the workspace's leads again, by score.
 */
void
hotlist_window_reload (HotlistWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *name = NULL;
  g_autofree char   *subtitle = NULL;
  guint              n;

  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  g_list_store_remove_all (self->leads);
  if (self->workspace == NULL)
    return;

  name = hotlist_workspace_dup_name (self->workspace);
  adw_window_title_set_title (self->window_title, name);

  if (!hotlist_store_foreach_lead (hotlist_workspace_get_store (self->workspace),
                                   HOTLIST_LEAD_ORDER_SCORE, -1, add_lead_cb, self->leads, &error))
    {
      hotlist_window_show_error (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->leads));
  if (n > 0 && !lead_is_scored (self, 0))
    /* Translators: the subtitle of a workspace whose leads no model has scored */
    subtitle =
        g_strdup_printf (ngettext ("%u lead, not scored yet", "%u leads, not scored yet", n), n);
  else
    {
      HotlistModel *model =
          hotlist_scorer_get_model (hotlist_workspace_get_scorer (self->workspace));
      g_autofree char *count = g_strdup_printf (ngettext ("%u lead", "%u leads", n), n);

      /* Which model the scores come from: the starter model until the team trains its own. */
      if (model != NULL && g_strcmp0 (hotlist_model_get_origin (model), "starter") == 0)
        /* Translators: "150 leads · scored by the starter model" */
        subtitle = g_strdup_printf (_ ("%s · scored by the starter model"), count);
      else if (model != NULL)
        /* Translators: "150 leads · scored by model 3" */
        subtitle = g_strdup_printf (_ ("%s · scored by model %" G_GINT64_FORMAT), count,
                                    hotlist_model_get_id (model));
      else
        subtitle = g_steal_pointer (&count);
    }
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "leads" : "empty");
}

void
hotlist_window_show_error (HotlistWindow *self, const char *message)
{
  g_return_if_fail (HOTLIST_IS_WINDOW (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

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
      g_set_object (&self->workspace, g_value_get_object (value));
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
  GApplication *app = g_application_get_default ();
  GSettings    *settings = HOTLIST_IS_APPLICATION (app)
                               ? hotlist_application_get_settings (HOTLIST_APPLICATION (app))
                               : NULL;

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

  hotlist_window_reload (self);
}

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
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, lead_view);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, score_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, company_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, title_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, tier_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, owner_column);
  gtk_widget_class_bind_template_child (widget_class, HotlistWindow, source_column);
}

static void
hotlist_window_init (HotlistWindow *self)
{
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->leads = g_list_store_new (HOTLIST_TYPE_LEAD_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->leads)));
  gtk_column_view_set_model (self->lead_view, GTK_SELECTION_MODEL (selection));

  set_column_factory (self->score_column, score_text);
  set_column_factory (self->name_column, name_text);
  set_column_factory (self->company_column, company_text);
  set_column_factory (self->title_column, title_text);
  set_column_factory (self->tier_column, tier_text);
  set_column_factory (self->owner_column, owner_text);
  set_column_factory (self->source_column, source_text);
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
 * hotlist_window_get_page_name:
 * @self: a #HotlistWindow
 *
 * Returns: what the window shows: "leads", "empty" or "error"
 */
const char *
hotlist_window_get_page_name (HotlistWindow *self)
{
  g_return_val_if_fail (HOTLIST_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
