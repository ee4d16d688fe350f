/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lead detail pane: score and tier, why, activity timeline, outcome and feedback controls. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hotlist-lead-detail.h"

/* How many factors of each sign "Why this score" shows, and how many activities the timeline. */
#define MAX_POSITIVE_FACTORS 6
#define MAX_NEGATIVE_FACTORS 4
#define MAX_ACTIVITIES 50

typedef enum
{
  CONTACT_EMAIL,
  CONTACT_OWNER,
  CONTACT_SOURCE,
  CONTACT_STATUS,
  CONTACT_COUNTRY,
  CONTACT_INDUSTRY,
  CONTACT_COMPANY_SIZE,
  N_CONTACT_ROWS
} ContactRow;

struct _HotlistLeadDetail
{
  AdwBin parent_instance;

  HotlistWorkspace *workspace;
  gint64            lead_row_id;
  HotlistLead      *lead;
  int               feedback;
  GPtrArray        *factor_texts;
  GtkLabel         *contact_values[N_CONTACT_ROWS];

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *name_label;
  GtkLabel          *role_label;
  GtkLabel          *model_label;
  GtkWidget         *score_badge;
  GtkLabel          *score_label;
  GtkLabel          *tier_label;
  GtkLabel          *error_label;
  GtkLabel          *factors_placeholder;
  GtkBox            *factors_box;
  GtkListBox        *activity_list;
  GtkListBox        *contact_list;
  GtkBox            *insights_box;
};

enum
{
  PROP_0,
  PROP_FEEDBACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (HotlistLeadDetail, hotlist_lead_detail, ADW_TYPE_BIN)

static const char *const badge_classes[] = { "hot",       "warm", "cool", "cold",
                                             "converted", "lost", "none" };

/* Static helpers. */

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

/* "just now", "5 minutes ago", "3 hours ago", "yesterday", "12 days ago", or a date. */
static char *
format_relative (gint64 then, gint64 now)
{
  gint64 seconds = now - then;
  gint64 days;

  if (seconds < -60)
    {
      g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (then);

      return date != NULL ? g_date_time_format (date, "%-d %b %Y") : g_strdup ("");
    }
  if (seconds < 60)
    return g_strdup (_ ("just now"));
  if (seconds < 3600)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (gulong)(seconds / 60)),
                            (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (gulong)(seconds / 3600)),
                            (int)(seconds / 3600));
  days = seconds / 86400;
  if (days == 1)
    return g_strdup (_ ("yesterday"));
  if (days < 60)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", (gulong)days), (int)days);
  {
    g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (then);

    return date != NULL ? g_date_time_format (date, "%-d %b %Y") : g_strdup ("");
  }
}

static void
report_error (HotlistLeadDetail *self, const char *what, const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  /* The window shows it as a toast; a pane on its own (or in a test) shows it in place. */
  if (gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message))
    return;
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
clear_error (HotlistLeadDetail *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_text (self->error_label, "");
}

static void
set_feedback_state (HotlistLeadDetail *self, int verdict)
{
  if (self->feedback == verdict)
    return;
  self->feedback = verdict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEEDBACK]);
}

static const char *
activity_icon_name (const char *type)
{
  static const struct
  {
    const char *type;
    const char *icon;
  } icons[] = {
    { "page_view", "web-browser-symbolic" },
    { "pricing_page_view", "starred-symbolic" },
    { "form_submission", "document-edit-symbolic" },
    { "content_download", "folder-download-symbolic" },
    { "webinar_attended", "camera-web-symbolic" },
    { "email_open", "mail-read-symbolic" },
    { "email_click", "mail-forward-symbolic" },
    { "email_reply", "mail-replied-symbolic" },
    { "call", "call-start-symbolic" },
    { "meeting_booked", "x-office-calendar-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (type, icons[i].type) == 0)
      return icons[i].icon;
  return "document-open-recent-symbolic";
}

static char *
activity_title (const char *type)
{
  g_autofree char *words = NULL;

  if (g_strcmp0 (type, "page_view") == 0)
    return g_strdup (_ ("Viewed a page"));
  if (g_strcmp0 (type, "pricing_page_view") == 0)
    return g_strdup (_ ("Viewed the pricing page"));
  if (g_strcmp0 (type, "form_submission") == 0)
    return g_strdup (_ ("Submitted a form"));
  if (g_strcmp0 (type, "content_download") == 0)
    return g_strdup (_ ("Downloaded content"));
  if (g_strcmp0 (type, "webinar_attended") == 0)
    return g_strdup (_ ("Attended a webinar"));
  if (g_strcmp0 (type, "email_open") == 0)
    return g_strdup (_ ("Opened an email"));
  if (g_strcmp0 (type, "email_click") == 0)
    return g_strdup (_ ("Clicked a link in an email"));
  if (g_strcmp0 (type, "email_reply") == 0)
    return g_strdup (_ ("Replied to an email"));
  if (g_strcmp0 (type, "call") == 0)
    return g_strdup (_ ("Call"));
  if (g_strcmp0 (type, "meeting_booked") == 0)
    return g_strdup (_ ("Meeting booked"));

  /* A type of the workspace's own: its words, as the import normalised them. */
  words = g_strdelimit (g_strdup (type != NULL ? type : ""), "_.", ' ');
  if (words[0] != '\0')
    words[0] = g_ascii_toupper (words[0]);
  return g_steal_pointer (&words);
}

static GtkWidget *
make_activity_row (const HotlistActivity *activity, gint64 now)
{
  g_autofree char      *title = activity_title (activity->activity_type);
  g_autofree char      *when = format_relative (activity->activity_date, now);
  g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (activity->activity_date);
  g_autofree char      *exact = date != NULL ? g_date_time_format (date, "%c") : NULL;
  GtkWidget            *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget            *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (activity_icon_name (activity->activity_type));
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *when_label = gtk_label_new (when);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_add_css_class (box, "lead-activity");
  gtk_widget_add_css_class (icon, "lead-activity-icon");
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), icon);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_box_append (GTK_BOX (text), title_label);
  if (activity->details != NULL && activity->details[0] != '\0')
    {
      GtkWidget *details = gtk_label_new (activity->details);

      gtk_label_set_xalign (GTK_LABEL (details), 0);
      gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (details), TRUE);
      gtk_widget_set_tooltip_text (details, activity->details);
      gtk_widget_add_css_class (details, "dim-label");
      gtk_widget_add_css_class (details, "caption");
      gtk_box_append (GTK_BOX (text), details);
    }
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (when_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (when_label, "dim-label");
  gtk_widget_add_css_class (when_label, "caption");
  if (exact != NULL)
    gtk_widget_set_tooltip_text (when_label, exact);
  gtk_box_append (GTK_BOX (box), when_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
make_note_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "lead-activity-note");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* One factor of the score: its sentence, and a bar as long as its share of the largest. */
static GtkWidget *
make_factor_row (const char *text, double impact, double largest)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget       *label = gtk_label_new (text);
  GtkWidget       *bar = gtk_level_bar_new_for_interval (0, 1);
  g_autofree char *accessible = NULL;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  /* The level bar's own colours mark thresholds; here the colour is the sign. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                           largest > 0 ? CLAMP (fabs (impact) / largest, 0.02, 1.0) : 0);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (bar, "factor-bar");
  gtk_widget_add_css_class (bar, impact >= 0 ? "positive" : "negative");
  if (impact >= 0)
    /* TRANSLATORS: the accessible name of a factor's bar; %.2f is its share of the log-odds */
    accessible = g_strdup_printf (_ ("%s: raises the score by %.2f"), text, fabs (impact));
  else
    accessible = g_strdup_printf (_ ("%s: lowers the score by %.2f"), text, fabs (impact));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (bar, accessible);
  gtk_box_append (GTK_BOX (box), bar);
  return box;
}

static GtkWidget *
make_factor_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
show_factors_placeholder (HotlistLeadDetail *self, const char *text)
{
  gtk_label_set_text (self->factors_placeholder, text);
  gtk_widget_set_visible (GTK_WIDGET (self->factors_placeholder), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->factors_box), FALSE);
}

static double
factor_impact (const HotlistFactor *factor)
{
  return factor->weight * factor->contribution;
}

static void
update_factors (HotlistLeadDetail *self, const HotlistExplanation *explanation)
{
  g_autoptr (GPtrArray) positive = g_ptr_array_new ();
  g_autoptr (GPtrArray) negative = g_ptr_array_new ();
  double                largest = 0;

  remove_children (GTK_WIDGET (self->factors_box));
  g_ptr_array_set_size (self->factor_texts, 0);

  /* The explanation lists factors by |impact|, largest first: each sign keeps that order. */
  for (guint i = 0; i < explanation->factors->len; i++)
    {
      HotlistFactor *factor = g_ptr_array_index (explanation->factors, i);
      double         impact = factor_impact (factor);

      if (impact > 0 && positive->len < MAX_POSITIVE_FACTORS)
        g_ptr_array_add (positive, factor);
      else if (impact < 0 && negative->len < MAX_NEGATIVE_FACTORS)
        g_ptr_array_add (negative, factor);
      else
        continue;
      largest = MAX (largest, fabs (impact));
    }

  if (positive->len + negative->len == 0)
    {
      show_factors_placeholder (self, _ ("Nothing about this lead moves its score away from the "
                                         "average yet."));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->factors_placeholder), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->factors_box), TRUE);

  for (guint sign = 0; sign < 2; sign++)
    {
      GPtrArray *factors = sign == 0 ? positive : negative;

      if (factors->len == 0)
        continue;
      gtk_box_append (self->factors_box, make_factor_heading (sign == 0 ? _ ("Raises the score")
                                                                        : _ ("Lowers the score")));
      for (guint i = 0; i < factors->len; i++)
        {
          HotlistFactor *factor = g_ptr_array_index (factors, i);
          char          *text = hotlist_factor_describe (factor);

          gtk_box_append (self->factors_box,
                          make_factor_row (text, factor_impact (factor), largest));
          g_ptr_array_add (self->factor_texts, text);
        }
    }
}

/* Which model scored the lead, in words: "the starter model", "model 3 “Trained 26 Nov”". */
static char *
describe_model (HotlistLeadDetail *self, const HotlistExplanation *explanation)
{
  HotlistScorer *scorer = hotlist_workspace_get_scorer (self->workspace);
  HotlistModel  *candidates[2] = { NULL, NULL };

  if (scorer != NULL)
    {
      candidates[0] = hotlist_scorer_get_model (scorer);
      candidates[1] = hotlist_scorer_get_challenger (scorer);
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      HotlistModel *model = candidates[i];

      if (model == NULL || hotlist_model_get_id (model) != self->lead->score_model_id)
        continue;
      if (g_strcmp0 (hotlist_model_get_origin (model), "starter") == 0)
        return g_strdup (_ ("the starter model"));
      return g_strdup_printf (_ ("model %d “%s”"), hotlist_model_get_version (model),
                              hotlist_model_get_name (model));
    }
  if (explanation != NULL && explanation->model_id == self->lead->score_model_id)
    return g_strdup_printf (_ ("model “%s”"), explanation->model_name);
  return g_strdup (_ ("an earlier model"));
}

static void
update_header (HotlistLeadDetail *self, const HotlistExplanation *explanation, gint64 now)
{
  const HotlistLead *lead = self->lead;
  const char        *title = lead->text[HOTLIST_LEAD_FIELD_JOB_TITLE];
  const char        *company = lead->text[HOTLIST_LEAD_FIELD_COMPANY];
  const char        *badge = "none";
  const char        *tier_text = NULL;
  g_autofree char   *name = hotlist_lead_dup_name (lead);
  g_autofree char   *role = NULL;
  g_autofree char   *score = NULL;
  g_autofree char   *scored_by = NULL;

  gtk_label_set_text (self->name_label, name != NULL ? name : "");

  if (title != NULL && company != NULL)
    /* TRANSLATORS: a lead's job title and company, like “CMO @ Marsh Hollow” */
    role = g_strdup_printf (_ ("%s @ %s"), title, company);
  else
    role = g_strdup (title != NULL ? title : company);
  gtk_label_set_text (self->role_label, role != NULL ? role : "");
  gtk_widget_set_visible (GTK_WIDGET (self->role_label), role != NULL);

  /* A closed lead is no longer ranked among the open ones: its outcome stands for its tier. */
  if (lead->outcome == HOTLIST_OUTCOME_CONVERTED)
    badge = "converted", tier_text = _ ("Converted");
  else if (lead->outcome == HOTLIST_OUTCOME_LOST)
    badge = "lost", tier_text = _ ("Lost");
  else if (g_strcmp0 (lead->tier, "hot") == 0)
    badge = "hot", tier_text = _ ("Hot");
  else if (g_strcmp0 (lead->tier, "warm") == 0)
    badge = "warm", tier_text = _ ("Warm");
  else if (g_strcmp0 (lead->tier, "cool") == 0)
    badge = "cool", tier_text = _ ("Cool");
  else if (g_strcmp0 (lead->tier, "cold") == 0)
    badge = "cold", tier_text = _ ("Cold");
  else if (lead->lead_score < 0)
    tier_text = _ ("Not scored");

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (self->score_badge, badge_classes[i]);
  gtk_widget_add_css_class (self->score_badge, badge);

  if (lead->lead_score >= 0)
    score = g_strdup_printf ("%d", lead->lead_score);
  gtk_label_set_text (self->score_label, score != NULL ? score : "—");
  gtk_label_set_text (self->tier_label, tier_text != NULL ? tier_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tier_label), tier_text != NULL);
  {
    g_autofree char *accessible =
        lead->lead_score >= 0 ? g_strdup_printf (_ ("Score %d out of 100, %s"), lead->lead_score,
                                                 tier_text != NULL ? tier_text : "")
                              : g_strdup (_ ("Not scored yet"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->score_badge),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    gtk_widget_set_tooltip_text (self->score_badge,
                                 lead->lead_score >= 0 ? _ ("Score out of 100") : NULL);
  }

  if (lead->lead_score < 0 || lead->score_model_id == 0)
    scored_by = g_strdup (_ ("Not scored yet: a model scores leads when the workspace has one"));
  else
    {
      g_autofree char *model = describe_model (self, explanation);
      g_autofree char *when = format_relative (lead->scored_at, now);

      /* TRANSLATORS: “Scored by the starter model · 2 hours ago” */
      scored_by = g_strdup_printf (_ ("Scored by %s · %s"), model, when);
    }
  gtk_label_set_text (self->model_label, scored_by);
}

static void
update_activities (HotlistLeadDetail *self, HotlistStore *store, gint64 now)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) activities =
      hotlist_store_list_activities (store, self->lead_row_id, &error);

  remove_children (GTK_WIDGET (self->activity_list));
  if (activities == NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Could not read the activity: %s"), error->message);

      gtk_list_box_append (self->activity_list, make_note_row (message));
      return;
    }
  if (activities->len == 0)
    {
      gtk_list_box_append (self->activity_list,
                           make_note_row (_ ("No activity yet. Page views, emails and calls "
                                             "show here as they come in.")));
      return;
    }
  for (guint i = 0; i < MIN (activities->len, MAX_ACTIVITIES); i++)
    gtk_list_box_append (self->activity_list,
                         make_activity_row (g_ptr_array_index (activities, i), now));
  if (activities->len > MAX_ACTIVITIES)
    {
      guint            more = activities->len - MAX_ACTIVITIES;
      g_autofree char *text =
          g_strdup_printf (ngettext ("and %u more, earlier", "and %u more, earlier", more), more);

      gtk_list_box_append (self->activity_list, make_note_row (text));
    }
}

static void
set_contact (HotlistLeadDetail *self, ContactRow row, const char *value)
{
  GtkLabel *label = self->contact_values[row];

  gtk_label_set_text (label, value != NULL && value[0] != '\0' ? value : "—");
  gtk_label_set_selectable (label, value != NULL && value[0] != '\0');
}

static void
update_contact (HotlistLeadDetail *self)
{
  const HotlistLead *lead = self->lead;
  g_autofree char   *size = NULL;

  if (lead->company_size >= 0)
    size = g_strdup_printf ("%" G_GINT64_FORMAT, lead->company_size);
  set_contact (self, CONTACT_EMAIL, lead->text[HOTLIST_LEAD_FIELD_EMAIL]);
  set_contact (self, CONTACT_OWNER, lead->text[HOTLIST_LEAD_FIELD_OWNER]);
  set_contact (self, CONTACT_SOURCE, lead->text[HOTLIST_LEAD_FIELD_LEAD_SOURCE]);
  set_contact (self, CONTACT_STATUS, lead->text[HOTLIST_LEAD_FIELD_STATUS]);
  set_contact (self, CONTACT_COUNTRY, lead->text[HOTLIST_LEAD_FIELD_COUNTRY]);
  set_contact (self, CONTACT_INDUSTRY, lead->text[HOTLIST_LEAD_FIELD_INDUSTRY]);
  set_contact (self, CONTACT_COMPANY_SIZE, size);
}

static void
update_actions (HotlistLeadDetail *self)
{
  gboolean has_lead = self->lead != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.meeting-booked", has_lead);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.mark-converted",
                                 has_lead && self->lead->outcome != HOTLIST_OUTCOME_CONVERTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.mark-lost",
                                 has_lead && self->lead->outcome != HOTLIST_OUTCOME_LOST);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lead.feedback", has_lead);
}

static void
show_empty (HotlistLeadDetail *self, const char *title, const char *description)
{
  g_clear_pointer (&self->lead, hotlist_lead_free);
  g_ptr_array_set_size (self->factor_texts, 0);
  remove_children (GTK_WIDGET (self->factors_box));
  remove_children (GTK_WIDGET (self->activity_list));
  set_feedback_state (self, 0);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

/* Writes. Each goes through the workspace's store, which rescores the lead in the same
 * transaction; the pane then reads it back. */

static void
set_outcome (HotlistLeadDetail *self, HotlistOutcome outcome)
{
  HotlistLeadInput   input = { 0 };
  g_autoptr (GError) error = NULL;

  if (self->lead == NULL || self->workspace == NULL)
    return;
  input.lead_id = self->lead->lead_id;
  input.source = self->lead->source != NULL ? self->lead->source : "manual";
  input.outcome = outcome;
  HOTLIST_LEAD_INPUT_SET (&input, HOTLIST_LEAD_FIELD_OUTCOME);
  if (!hotlist_store_upsert_lead (hotlist_workspace_get_store (self->workspace), &input, NULL, NULL,
                                  &error))
    {
      report_error (self,
                    outcome == HOTLIST_OUTCOME_CONVERTED ? _ ("Could not mark the lead converted")
                                                         : _ ("Could not disqualify the lead"),
                    error);
      return;
    }
  clear_error (self);
  hotlist_lead_detail_refresh (self);
}

static void
add_feedback (HotlistLeadDetail *self, int verdict)
{
  g_autoptr (GError) error = NULL;
  int                previous = self->feedback;

  if (self->lead == NULL || self->workspace == NULL || verdict == self->feedback
      || (verdict != 1 && verdict != -1))
    return;
  if (!hotlist_store_add_feedback (hotlist_workspace_get_store (self->workspace), self->lead_row_id,
                                   verdict, NULL, &error))
    {
      report_error (self, _ ("Could not keep your verdict on the score"), error);
      /* The toggle the user pressed goes back to what is stored. */
      self->feedback = verdict;
      set_feedback_state (self, previous);
      return;
    }
  clear_error (self);
  set_feedback_state (self, verdict);
  hotlist_lead_detail_refresh (self);
}

/* Callbacks. */

static void
meeting_booked_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HotlistLeadDetail *self = HOTLIST_LEAD_DETAIL (widget);
  g_autoptr (GError) error = NULL;

  if (self->lead == NULL || self->workspace == NULL)
    return;
  if (!hotlist_store_add_activity (hotlist_workspace_get_store (self->workspace), self->lead_row_id,
                                   "meeting_booked", g_get_real_time () / G_USEC_PER_SEC, NULL,
                                   "manual", NULL, NULL, NULL, &error))
    {
      report_error (self, _ ("Could not record the meeting"), error);
      return;
    }
  clear_error (self);
  hotlist_lead_detail_refresh (self);
}

static void
mark_converted_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  set_outcome (HOTLIST_LEAD_DETAIL (widget), HOTLIST_OUTCOME_CONVERTED);
}

static void
mark_lost_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  set_outcome (HOTLIST_LEAD_DETAIL (widget), HOTLIST_OUTCOME_LOST);
}

/* GObject. */

static void
hotlist_lead_detail_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HotlistLeadDetail *self = HOTLIST_LEAD_DETAIL (object);

  switch (prop_id)
    {
    case PROP_FEEDBACK:
      g_value_set_int (value, self->feedback);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_lead_detail_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HotlistLeadDetail *self = HOTLIST_LEAD_DETAIL (object);

  switch (prop_id)
    {
    case PROP_FEEDBACK:
      /* Set by the "lead.feedback" action of the 👍/👎 buttons: a verdict to keep. */
      add_feedback (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hotlist_lead_detail_dispose (GObject *object)
{
  HotlistLeadDetail *self = HOTLIST_LEAD_DETAIL (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->lead, hotlist_lead_free);

  G_OBJECT_CLASS (hotlist_lead_detail_parent_class)->dispose (object);
}

static void
hotlist_lead_detail_finalize (GObject *object)
{
  HotlistLeadDetail *self = HOTLIST_LEAD_DETAIL (object);

  g_clear_pointer (&self->factor_texts, g_ptr_array_unref);

  G_OBJECT_CLASS (hotlist_lead_detail_parent_class)->finalize (object);
}

static void
hotlist_lead_detail_class_init (HotlistLeadDetailClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hotlist_lead_detail_get_property;
  object_class->set_property = hotlist_lead_detail_set_property;
  object_class->dispose = hotlist_lead_detail_dispose;
  object_class->finalize = hotlist_lead_detail_finalize;

  /**
   * HotlistLeadDetail:feedback:
   *
   * The latest verdict on the shown lead's score: 1 (right), -1 (wrong) or 0 (none). Setting
   * it to ±1 keeps that verdict in the workspace.
   */
  properties[PROP_FEEDBACK] =
      g_param_spec_int ("feedback", NULL, NULL, -1, 1, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hotlist/Hotlist/hotlist-lead-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, role_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, model_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, score_badge);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, score_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, tier_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, factors_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, factors_box);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, activity_list);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, contact_list);
  gtk_widget_class_bind_template_child (widget_class, HotlistLeadDetail, insights_box);

  gtk_widget_class_install_action (widget_class, "lead.meeting-booked", NULL, meeting_booked_cb);
  gtk_widget_class_install_action (widget_class, "lead.mark-converted", NULL, mark_converted_cb);
  gtk_widget_class_install_action (widget_class, "lead.mark-lost", NULL, mark_lost_cb);
  gtk_widget_class_install_property_action (widget_class, "lead.feedback", "feedback");
}

static void
hotlist_lead_detail_init (HotlistLeadDetail *self)
{
  const char *contact_titles[N_CONTACT_ROWS] = {
    [CONTACT_EMAIL] = _ ("Email"),
    [CONTACT_OWNER] = _ ("Owner"),
    [CONTACT_SOURCE] = _ ("Source"),
    [CONTACT_STATUS] = _ ("Status"),
    [CONTACT_COUNTRY] = _ ("Country"),
    [CONTACT_INDUSTRY] = _ ("Industry"),
    [CONTACT_COMPANY_SIZE] = _ ("Company size"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->factor_texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_CONTACT_ROWS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new ("—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), contact_titles[i]);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      gtk_list_box_append (self->contact_list, row);
      self->contact_values[i] = GTK_LABEL (value);
    }

  show_empty (self, _ ("No Lead Selected"), _ ("Select a lead to see why it scored as it did"));
}

/* Public API. */

/**
 * hotlist_lead_detail_new:
 *
 * Returns: (transfer full): a pane that shows no lead yet
 */
HotlistLeadDetail *
hotlist_lead_detail_new (void)
{
  return g_object_new (HOTLIST_TYPE_LEAD_DETAIL, NULL);
}

/**
 * hotlist_lead_detail_set_lead:
 * @self: a #HotlistLeadDetail
 * @workspace: (nullable): the workspace the lead is in
 * @lead: the lead's row id, or 0 for none
 *
 * Shows a lead: its score and why, its activity and contact, with the controls to record
 * what happened. Called on every change of selection, so it reads only that one lead.
 */
void
hotlist_lead_detail_set_lead (HotlistLeadDetail *self, HotlistWorkspace *workspace, gint64 lead)
{
  gboolean same;

  g_return_if_fail (HOTLIST_IS_LEAD_DETAIL (self));
  g_return_if_fail (workspace == NULL || HOTLIST_IS_WORKSPACE (workspace));

  same = workspace == self->workspace && lead == self->lead_row_id;
  g_set_object (&self->workspace, workspace);
  self->lead_row_id = lead;
  if (!same)
    {
      clear_error (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
    }
  hotlist_lead_detail_refresh (self);
}

/**
 * hotlist_lead_detail_get_lead:
 * @self: a #HotlistLeadDetail
 *
 * Returns: the row id of the lead shown, or 0
 */
gint64
hotlist_lead_detail_get_lead (HotlistLeadDetail *self)
{
  g_return_val_if_fail (HOTLIST_IS_LEAD_DETAIL (self), 0);
  return self->workspace != NULL ? self->lead_row_id : 0;
}

/**
 * hotlist_lead_detail_refresh:
 * @self: a #HotlistLeadDetail
 *
 * Reads the shown lead again from the store, as after it was rescored.
 */
void
hotlist_lead_detail_refresh (HotlistLeadDetail *self)
{
  g_autoptr (GError)             error = NULL;
  g_autoptr (HotlistExplanation) explanation = NULL;
  HotlistStore                  *store;
  gint64                         now = g_get_real_time () / G_USEC_PER_SEC;
  int                            verdict;

  g_return_if_fail (HOTLIST_IS_LEAD_DETAIL (self));

  if (self->workspace == NULL || self->lead_row_id == 0)
    {
      show_empty (self, _ ("No Lead Selected"), _ ("Select a lead to see why it scored as it did"));
      return;
    }

  store = hotlist_workspace_get_store (self->workspace);
  g_clear_pointer (&self->lead, hotlist_lead_free);
  self->lead = hotlist_store_get_lead (store, self->lead_row_id, &error);
  if (self->lead == NULL)
    {
      if (g_error_matches (error, HOTLIST_STORE_ERROR, HOTLIST_STORE_ERROR_NOT_FOUND))
        show_empty (self, _ ("Lead Not Found"),
                    _ ("The lead is no longer in this workspace. Select another one."));
      else
        show_empty (self, _ ("Could Not Read the Lead"), error->message);
      return;
    }

  if (self->lead->lead_score >= 0)
    {
      explanation = hotlist_scorer_explain (hotlist_workspace_get_scorer (self->workspace),
                                            self->lead_row_id, &error);
      if (explanation != NULL)
        update_factors (self, explanation);
      else
        {
          g_autofree char *message =
              g_strdup_printf (_ ("The score cannot be explained: %s"), error->message);

          g_ptr_array_set_size (self->factor_texts, 0);
          show_factors_placeholder (self, message);
        }
    }
  else
    {
      g_ptr_array_set_size (self->factor_texts, 0);
      show_factors_placeholder (
          self, _ ("This lead has no score yet: the workspace has no model to score it with."));
    }

  update_header (self, explanation, now);
  update_activities (self, store, now);
  update_contact (self);

  g_clear_error (&error);
  verdict = hotlist_store_get_feedback (store, self->lead_row_id, &error);
  set_feedback_state (self, error == NULL ? verdict : 0);

  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "lead");
}

/**
 * hotlist_lead_detail_dup_factor_texts:
 * @self: a #HotlistLeadDetail
 *
 * For tests: the factors shown under "Why this score", positive ones first, in plain words.
 *
 * Returns: (transfer container) (element-type utf8): the sentences
 */
GPtrArray *
hotlist_lead_detail_dup_factor_texts (HotlistLeadDetail *self)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HOTLIST_IS_LEAD_DETAIL (self), texts);

  for (guint i = 0; i < self->factor_texts->len; i++)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (self->factor_texts, i)));
  return texts;
}
