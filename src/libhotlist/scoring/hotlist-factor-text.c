/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Score factors in plain words for SDRs: "Viewed the pricing page 4 times in the last 30 days". */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "hotlist-factor-text.h"
#include "store/hotlist-lead.h"

/* How many activities of a kind a lead had, read back from the scorer's words for them
 * (hotlist_feature_schema_describe_value): "1 in the last 7 days, 4 in 30 days, 10 in all; last
 * 4 days ago", or "none". */
typedef struct
{
  guint in_7_days;
  guint in_30_days;
  guint in_all;
  int   last_days_ago;
} ActivityCounts;

static gboolean
parse_activity_counts (const char *value, ActivityCounts *counts)
{
  int end = -1;

  memset (counts, 0, sizeof *counts);
  if (value == NULL)
    return FALSE;
  if (strcmp (value, "none") == 0)
    return TRUE;
  if (sscanf (value, "%u in the last 7 days, %u in 30 days, %u in all; last %d days ago%n",
              &counts->in_7_days, &counts->in_30_days, &counts->in_all, &counts->last_days_ago,
              &end)
          != 4
      || end < 0 || value[end] != '\0')
    return FALSE;
  /* An activity dated in the future (a clock off by a little) happened, as far as anyone
   * can tell, today. */
  counts->last_days_ago = MAX (counts->last_days_ago, 0);
  return TRUE;
}

/* "Viewed the pricing page 4 times", without the window; NULL for an activity type without
 * words of its own. */
static char *
activity_action (const char *type, guint n)
{
  if (strcmp (type, "page_view") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Viewed %u page", "Viewed %u pages", n),
                            n);
  if (strcmp (type, "pricing_page_view") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Viewed the pricing page %u time",
                                         "Viewed the pricing page %u times", n),
                            n);
  if (strcmp (type, "form_submission") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Submitted %u form", "Submitted %u forms",
                                         n),
                            n);
  if (strcmp (type, "content_download") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Downloaded %u piece of content",
                                         "Downloaded %u pieces of content", n),
                            n);
  if (strcmp (type, "webinar_attended") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Attended %u webinar",
                                         "Attended %u webinars", n),
                            n);
  if (strcmp (type, "email_open") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened %u email", "Opened %u emails", n),
                            n);
  if (strcmp (type, "email_click") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Clicked %u email link",
                                         "Clicked %u email links", n),
                            n);
  if (strcmp (type, "email_reply") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replied to %u email",
                                         "Replied to %u emails", n),
                            n);
  if (strcmp (type, "call") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Had %u call", "Had %u calls", n), n);
  if (strcmp (type, "meeting_booked") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Booked %u meeting", "Booked %u meetings",
                                         n),
                            n);
  return NULL;
}

static const char *
activity_never (const char *type)
{
  if (strcmp (type, "page_view") == 0)
    return _ ("No page views yet");
  if (strcmp (type, "pricing_page_view") == 0)
    return _ ("Never viewed the pricing page");
  if (strcmp (type, "form_submission") == 0)
    return _ ("No forms submitted yet");
  if (strcmp (type, "content_download") == 0)
    return _ ("No content downloaded yet");
  if (strcmp (type, "webinar_attended") == 0)
    return _ ("No webinars attended yet");
  if (strcmp (type, "email_open") == 0)
    return _ ("No emails opened yet");
  if (strcmp (type, "email_click") == 0)
    return _ ("No email links clicked yet");
  if (strcmp (type, "email_reply") == 0)
    return _ ("No email replies yet");
  if (strcmp (type, "call") == 0)
    return _ ("No calls yet");
  if (strcmp (type, "meeting_booked") == 0)
    return _ ("No meetings booked yet");
  return NULL;
}

static char *
days_ago (int days)
{
  if (days == 0)
    return g_strdup (_ ("today"));
  if (days == 1)
    return g_strdup (_ ("yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
}

/*
 * An activity count in the most telling window: the last 7 days when there were any, else the
 * last 30, else all time with how long ago the last one was. @type is NULL for engagement (all
 * activities); @label names an activity type that has no words of its own.
 */
static char *
describe_activity (const char *type, const char *label, const ActivityCounts *counts)
{
  g_autofree char *action = NULL;
  guint            n;

  if (counts->in_all == 0)
    {
      const char *never = type != NULL ? activity_never (type) : _ ("No activity yet");

      if (never != NULL)
        return g_strdup (never);
      /* TRANSLATORS: an activity type nobody named in words, like “Trial signups: never” */
      return g_strdup_printf (_ ("%s: never"), label);
    }

  n = counts->in_7_days > 0    ? counts->in_7_days
      : counts->in_30_days > 0 ? counts->in_30_days
                               : counts->in_all;
  if (type == NULL)
    action = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u activity", "%u activities", n), n);
  else
    action = activity_action (type, n);
  if (action == NULL)
    /* TRANSLATORS: an activity type and how often, like “Trial signups: 3 times” */
    action =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u time", "%s: %u times", n), label, n);

  if (counts->in_7_days > 0 || counts->in_30_days > 0)
    {
      g_autofree char *recent =
          counts->in_7_days > 0
              /* TRANSLATORS: “Viewed the pricing page 2 times in the last 7 days” */
              ? g_strdup_printf (_ ("%s in the last 7 days"), action)
              : g_strdup_printf (_ ("%s in the last 30 days"), action);

      if (n == counts->in_all)
        return g_steal_pointer (&recent);
      /* TRANSLATORS: a recent count and the count of all time, like “Viewed the pricing page
       * 1 time in the last 7 days (10 in all)” */
      return g_strdup_printf (_ ("%s (%u in all)"), recent, counts->in_all);
    }
  {
    g_autofree char *when = days_ago (counts->last_days_ago);

    /* TRANSLATORS: “Attended 2 webinars, most recently 45 days ago” */
    return g_strdup_printf (_ ("%s, most recently %s"), action, when);
  }
}

static char *
describe_email (const char *email)
{
  const char *at = strrchr (email, '@');
  const char *domain = at != NULL && at[1] != '\0' ? at + 1 : NULL;

  if (domain == NULL)
    return NULL;
  if (hotlist_email_is_free_mail (email))
    return g_strdup_printf (_ ("Personal email address (%s)"), domain);
  return g_strdup_printf (_ ("Work email at %s"), domain);
}

/* A lead field the model reads, like "Job title CMO" or "Company size 653 fits". */
static char *
describe_field (const HotlistFactor *factor, const char *label, HotlistLeadField field)
{
  double           impact = factor->weight * factor->contribution;
  g_autofree char *phrase = NULL;

  if (factor->value == NULL || factor->value[0] == '\0')
    /* TRANSLATORS: a lead field with no value, like “Company size not given” */
    return g_strdup_printf (_ ("%s not given"), label);

  if (field == HOTLIST_LEAD_FIELD_EMAIL)
    phrase = describe_email (factor->value);
  if (phrase == NULL)
    /* TRANSLATORS: a lead field and its value, like “Job title CMO” */
    phrase = g_strdup_printf (_ ("%s %s"), label, factor->value);

  if (impact < 0)
    /* TRANSLATORS: a field that lowers the score, like “Company size 12 counts against” */
    return g_strdup_printf (_ ("%s counts against"), phrase);
  if (impact > 0 && field == HOTLIST_LEAD_FIELD_COMPANY_SIZE)
    /* TRANSLATORS: a number that raises the score, like “Company size 653 fits” */
    return g_strdup_printf (_ ("%s fits"), phrase);
  return g_steal_pointer (&phrase);
}

/**
 * hotlist_factor_describe:
 * @factor: a factor of a lead's score, from hotlist_scorer_explain()
 *
 * Says what a factor means for the lead in one plain sentence, for the people who call it:
 * activities as counts in their most telling window ("Viewed the pricing page 4 times in the
 * last 30 days", "No calls yet"), lead fields with their value, and whether a number helps or
 * hurts ("Company size 653 fits", "Company size 12 counts against"). Custom attributes read
 * "Label: value".
 *
 * Returns: (transfer full): the sentence
 */
char *
hotlist_factor_describe (const HotlistFactor *factor)
{
  const char      *key;
  const char      *label;
  ActivityCounts   counts;
  HotlistLeadField field;

  g_return_val_if_fail (factor != NULL, NULL);

  key = factor->attribute != NULL ? factor->attribute : "";
  label = factor->label != NULL && factor->label[0] != '\0' ? factor->label : key;

  if (strcmp (key, "engagement") == 0 && parse_activity_counts (factor->value, &counts))
    return describe_activity (NULL, label, &counts);
  if (g_str_has_prefix (key, "act_") && parse_activity_counts (factor->value, &counts))
    return describe_activity (key + strlen ("act_"), label, &counts);
  if (hotlist_lead_field_from_column (key, &field))
    return describe_field (factor, label, field);

  if (factor->value == NULL || factor->value[0] == '\0')
    /* TRANSLATORS: a custom attribute the lead has no value for */
    return g_strdup_printf (_ ("%s: not given"), label);
  /* TRANSLATORS: a custom attribute and its value, like “Plan: Enterprise” */
  return g_strdup_printf (_ ("%s: %s"), label, factor->value);
}
