/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: the main window's lead list at 10,000 and 1,000,000 leads — first frame, reading
 * every lead, sorting, search keystrokes, filters and memory, each size measured in a process
 * of its own. */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bench-util.h"

#include "hotlist-window.h"

#define DEFAULT_LARGE 1000000
#define SMALL_LEADS 10000
#define MAX_LEADS 50000000
#define RANDOM_SEED 20260402
#define GOAL_INTERACTION_MS 100.0
#define GOAL_RSS_MIB 400.0
#define FRAME_TIMEOUT_S 30
#define LISTED_TIMEOUT_S 1800
#define SEARCH_SIGNAL_TIMEOUT_S 10
#define STALL_TICK_MS 5
#define SETTLE_MS 150
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 800
#define XVFB_MARK "HOTLIST_BENCH_UNDER_XVFB"

/* What the measuring process reports, in the order the table shows it. */
typedef enum
{
  UNIT_MS,
  UNIT_MIB,
  UNIT_COUNT,
} Unit;

typedef enum
{
  GOAL_NONE,
  GOAL_INTERACTION, /* under GOAL_INTERACTION_MS at the large size */
  GOAL_RSS,         /* under GOAL_RSS_MIB */
} Goal;

typedef struct
{
  const char *key;
  const char *label;
  Unit        unit;
  Goal        goal;
} Metric;

enum
{
  M_OPEN,
  M_WINDOW,
  M_FIRST_FRAME,
  M_LISTED,
  M_LISTED_FRAME,
  M_LOAD_STALL,
  M_SORT_NAME_MODEL,
  M_SORT_NAME_FRAME,
  M_SORT_NAME_DESC_MODEL,
  M_SORT_NAME_DESC_FRAME,
  M_SORT_SCORE_MODEL,
  M_SORT_SCORE_FRAME,
  M_SORT_COMPANY_MODEL,
  M_SORT_COMPANY_FRAME,
  M_CLICK_NAME_MODEL,
  M_CLICK_NAME_FRAME,
  M_CLICK_NAME_DESC_MODEL,
  M_CLICK_NAME_DESC_FRAME,
  M_CLICK_SCORE_MODEL,
  M_CLICK_SCORE_FRAME,
  M_SEARCH_M_MODEL,
  M_SEARCH_M_FRAME,
  M_SEARCH_MA_MODEL,
  M_SEARCH_MA_FRAME,
  M_SEARCH_MAR_MODEL,
  M_SEARCH_MAR_FRAME,
  M_SEARCH_MARI_MODEL,
  M_SEARCH_MARI_FRAME,
  M_SEARCH_BACK_MODEL,
  M_SEARCH_BACK_FRAME,
  M_SEARCH_CLEAR_MODEL,
  M_SEARCH_CLEAR_FRAME,
  M_ENTRY_MAR_SIGNAL,
  M_ENTRY_MAR_FRAME,
  M_ENTRY_CLEAR_SIGNAL,
  M_ENTRY_CLEAR_FRAME,
  M_OWNER_MODEL,
  M_OWNER_FRAME,
  M_OWNER_ANY_MODEL,
  M_OWNER_ANY_FRAME,
  M_TIER_MODEL,
  M_TIER_FRAME,
  M_TIER_ANY_MODEL,
  M_TIER_ANY_FRAME,
  M_RSS_LISTED,
  M_PEAK_LISTED,
  M_RSS_END,
  M_PEAK_END,
  M_ALONE_LOAD,
  M_ALONE_SORT_NAME,
  M_ALONE_SORT_COMPANY,
  M_ALONE_SORT_SCORE,
  M_ALONE_SEARCH_M,
  M_ALONE_SEARCH_MARI,
  M_ALONE_SEARCH_CLEAR,
  M_ALONE_OWNER,
  M_ALONE_TIER,
  M_N_LISTED,
  M_N_M,
  M_N_MARI,
  M_N_OWNER,
  M_N_HOT,
  N_METRICS
};

static const Metric metrics[N_METRICS] = {
  [M_OPEN] = { "open_ms", "workspace open", UNIT_MS, GOAL_NONE },
  [M_WINDOW] = { "window_ms", "window new (reads the top 500)", UNIT_MS, GOAL_NONE },
  [M_FIRST_FRAME] = { "first_frame_ms", "open -> first frame painted", UNIT_MS, GOAL_NONE },
  [M_LISTED] = { "listed_ms", "open -> every lead listed", UNIT_MS, GOAL_NONE },
  [M_LISTED_FRAME] = { "listed_frame_ms", "open -> every lead listed, painted", UNIT_MS,
                       GOAL_NONE },
  [M_LOAD_STALL] = { "load_stall_ms", "longest main-loop stall while reading", UNIT_MS, GOAL_NONE },
  [M_SORT_NAME_MODEL] = { "sort_name_model_ms", "sort name asc: model call", UNIT_MS,
                          GOAL_INTERACTION },
  [M_SORT_NAME_FRAME] = { "sort_name_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_SORT_NAME_DESC_MODEL] = { "sort_name_desc_model_ms", "sort name desc: model call", UNIT_MS,
                               GOAL_INTERACTION },
  [M_SORT_NAME_DESC_FRAME] = { "sort_name_desc_frame_ms", "  ... until painted", UNIT_MS,
                               GOAL_INTERACTION },
  [M_SORT_SCORE_MODEL] = { "sort_score_model_ms", "sort score desc (back): model call", UNIT_MS,
                           GOAL_INTERACTION },
  [M_SORT_SCORE_FRAME] = { "sort_score_frame_ms", "  ... until painted", UNIT_MS,
                           GOAL_INTERACTION },
  [M_SORT_COMPANY_MODEL] = { "sort_company_model_ms", "sort company asc: model call", UNIT_MS,
                             GOAL_INTERACTION },
  [M_SORT_COMPANY_FRAME] = { "sort_company_frame_ms", "  ... until painted", UNIT_MS,
                             GOAL_INTERACTION },
  [M_CLICK_NAME_MODEL] = { "click_name_model_ms", "header click Name asc: call", UNIT_MS,
                           GOAL_INTERACTION },
  [M_CLICK_NAME_FRAME] = { "click_name_frame_ms", "  ... until painted", UNIT_MS,
                           GOAL_INTERACTION },
  [M_CLICK_NAME_DESC_MODEL] = { "click_name_desc_model_ms", "header click Name desc: call", UNIT_MS,
                                GOAL_INTERACTION },
  [M_CLICK_NAME_DESC_FRAME] = { "click_name_desc_frame_ms", "  ... until painted", UNIT_MS,
                                GOAL_INTERACTION },
  [M_CLICK_SCORE_MODEL] = { "click_score_model_ms", "header click Score desc: call", UNIT_MS,
                            GOAL_INTERACTION },
  [M_CLICK_SCORE_FRAME] = { "click_score_frame_ms", "  ... until painted", UNIT_MS,
                            GOAL_INTERACTION },
  [M_SEARCH_M_MODEL] = { "search_m_model_ms", "search \"m\": model call", UNIT_MS,
                         GOAL_INTERACTION },
  [M_SEARCH_M_FRAME] = { "search_m_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_SEARCH_MA_MODEL] = { "search_ma_model_ms", "search \"ma\": model call", UNIT_MS,
                          GOAL_INTERACTION },
  [M_SEARCH_MA_FRAME] = { "search_ma_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_SEARCH_MAR_MODEL] = { "search_mar_model_ms", "search \"mar\": model call", UNIT_MS,
                           GOAL_INTERACTION },
  [M_SEARCH_MAR_FRAME] = { "search_mar_frame_ms", "  ... until painted", UNIT_MS,
                           GOAL_INTERACTION },
  [M_SEARCH_MARI_MODEL] = { "search_mari_model_ms", "search \"mari\": model call", UNIT_MS,
                            GOAL_INTERACTION },
  [M_SEARCH_MARI_FRAME] = { "search_mari_frame_ms", "  ... until painted", UNIT_MS,
                            GOAL_INTERACTION },
  [M_SEARCH_BACK_MODEL] = { "search_back_model_ms", "search backspace \"mar\": model call", UNIT_MS,
                            GOAL_INTERACTION },
  [M_SEARCH_BACK_FRAME] = { "search_back_frame_ms", "  ... until painted", UNIT_MS,
                            GOAL_INTERACTION },
  [M_SEARCH_CLEAR_MODEL] = { "search_clear_model_ms", "search cleared: model call", UNIT_MS,
                             GOAL_INTERACTION },
  [M_SEARCH_CLEAR_FRAME] = { "search_clear_frame_ms", "  ... until painted", UNIT_MS,
                             GOAL_INTERACTION },
  [M_ENTRY_MAR_SIGNAL] = { "entry_mar_signal_ms", "entry \"mar\": -> search-changed handled",
                           UNIT_MS, GOAL_NONE },
  [M_ENTRY_MAR_FRAME] = { "entry_mar_frame_ms", "  ... until painted (150 ms delay in it)", UNIT_MS,
                          GOAL_NONE },
  [M_ENTRY_CLEAR_SIGNAL] = { "entry_clear_signal_ms", "entry cleared: -> search-changed handled",
                             UNIT_MS, GOAL_NONE },
  [M_ENTRY_CLEAR_FRAME] = { "entry_clear_frame_ms", "  ... until painted", UNIT_MS, GOAL_NONE },
  [M_OWNER_MODEL] = { "owner_model_ms", "filter owner: model call", UNIT_MS, GOAL_INTERACTION },
  [M_OWNER_FRAME] = { "owner_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_OWNER_ANY_MODEL] = { "owner_any_model_ms", "filter owner back to any: model call", UNIT_MS,
                          GOAL_INTERACTION },
  [M_OWNER_ANY_FRAME] = { "owner_any_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_TIER_MODEL] = { "tier_model_ms", "filter tier hot: model call", UNIT_MS, GOAL_INTERACTION },
  [M_TIER_FRAME] = { "tier_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_TIER_ANY_MODEL] = { "tier_any_model_ms", "filter tier back to any: model call", UNIT_MS,
                         GOAL_INTERACTION },
  [M_TIER_ANY_FRAME] = { "tier_any_frame_ms", "  ... until painted", UNIT_MS, GOAL_INTERACTION },
  [M_RSS_LISTED] = { "rss_listed_mib", "VmRSS when every lead is listed", UNIT_MIB, GOAL_RSS },
  [M_PEAK_LISTED] = { "peak_listed_mib", "peak RSS when every lead is listed", UNIT_MIB, GOAL_RSS },
  [M_RSS_END] = { "rss_end_mib", "VmRSS after the interactions", UNIT_MIB, GOAL_RSS },
  [M_PEAK_END] = { "peak_end_mib", "peak RSS after the interactions", UNIT_MIB, GOAL_RSS },
  [M_ALONE_LOAD] = { "alone_load_ms", "list alone, no view: read every lead", UNIT_MS, GOAL_NONE },
  [M_ALONE_SORT_NAME] = { "alone_sort_name_ms", "list alone: sort name asc", UNIT_MS, GOAL_NONE },
  [M_ALONE_SORT_COMPANY] = { "alone_sort_company_ms", "list alone: sort company asc", UNIT_MS,
                             GOAL_NONE },
  [M_ALONE_SORT_SCORE] = { "alone_sort_score_ms", "list alone: sort score desc", UNIT_MS,
                           GOAL_NONE },
  [M_ALONE_SEARCH_M] = { "alone_search_m_ms", "list alone: search \"m\"", UNIT_MS, GOAL_NONE },
  [M_ALONE_SEARCH_MARI] = { "alone_search_mari_ms", "list alone: search \"m\" to \"mari\"", UNIT_MS,
                            GOAL_NONE },
  [M_ALONE_SEARCH_CLEAR] = { "alone_search_clear_ms", "list alone: search cleared", UNIT_MS,
                             GOAL_NONE },
  [M_ALONE_OWNER] = { "alone_owner_ms", "list alone: filter owner", UNIT_MS, GOAL_NONE },
  [M_ALONE_TIER] = { "alone_tier_ms", "list alone: filter tier hot", UNIT_MS, GOAL_NONE },
  [M_N_LISTED] = { "n_listed", "leads listed", UNIT_COUNT, GOAL_NONE },
  [M_N_M] = { "n_m", "  shown for \"m\"", UNIT_COUNT, GOAL_NONE },
  [M_N_MARI] = { "n_mari", "  shown for \"mari\"", UNIT_COUNT, GOAL_NONE },
  [M_N_OWNER] = { "n_owner", "  shown for one owner", UNIT_COUNT, GOAL_NONE },
  [M_N_HOT] = { "n_hot", "  shown for tier hot", UNIT_COUNT, GOAL_NONE },
};

typedef struct
{
  guint64 leads;
  double  values[N_METRICS];
  char   *renderer;
  double  generate_s;
  double  import_s;
} SizeResult;

/* The synthetic leads: every name is invented. */
static const char *const first_names[] = {
  "Maria",  "Mario",   "Mark",   "Marta", "Marcus", "Omar",    "Tamara", "Anna",
  "James",  "Linda",   "Robert", "Sofia", "Lukas",  "Emma",    "Noah",   "Olivia",
  "Liam",   "Chloe",   "Ethan",  "Zoe",   "Hugo",   "Ines",    "Pablo",  "Lucia",
  "Jonas",  "Leonie",  "Felix",  "Clara", "Oscar",  "Alice",   "Victor", "Nina",
  "Daniel", "Sarah",   "Thomas", "Julia", "Kevin",  "Laura",   "Peter",  "Helen",
  "Samir",  "Aisha",   "Kenji",  "Yuki",  "Ravi",   "Priya",   "Diego",  "Elena",
  "Igor",   "Olga",    "Tobias", "Greta", "Henrik", "Astrid",  "Pierre", "Camille",
  "Fatima", "Youssef", "Chen",   "Mei",   "Arjun",  "Deepika", "Jack",   "Ruby",
};

static const char *const last_names[] = {
  "Martin",  "Marquez",   "Smith",    "Jones",    "Garcia",   "Muller",  "Schmidt",  "Dubois",
  "Rossi",   "Bianchi",   "Novak",    "Kowalski", "Jensen",   "Hansen",  "Larsen",   "Nielsen",
  "Brown",   "Wilson",    "Taylor",   "Clarke",   "Lopez",    "Perez",   "Sanchez",  "Romero",
  "Fischer", "Weber",     "Wagner",   "Becker",   "Moreau",   "Laurent", "Fontaine", "Girard",
  "Costa",   "Silva",     "Santos",   "Pereira",  "Ivanov",   "Petrov",  "Popescu",  "Horvat",
  "Tanaka",  "Suzuki",    "Kim",      "Park",     "Patel",    "Sharma",  "Singh",    "Khan",
  "Haddad",  "Nasser",    "Cohen",    "Levi",     "OBrien",   "Murphy",  "Walsh",    "Byrne",
  "Berg",    "Lindqvist", "Virtanen", "Korhonen", "Andersen", "Eriksen", "Dahl",     "Holm",
};

static const char *const company_heads[] = {
  "Northwind",   "Bluepeak",   "Silverline", "Brightwave", "Ironwood",  "Redfern",    "Clearwater",
  "Stonebridge", "Greenfield", "Goldcrest",  "Skyforge",   "Oakridge",  "Pinecone",   "Riverbend",
  "Sunmill",     "Starling",   "Copperleaf", "Westgate",   "Eastbrook", "Highpoint",  "Lakeshore",
  "Moonrise",    "Fairview",   "Harborline", "Quickstep",  "Evergreen", "Blackstone", "Whitecap",
  "Swiftlane",   "Tallgrass",  "Kestrel",    "Falconer",   "Amberly",   "Cobalt",     "Granite",
  "Juniper",     "Lumen",      "Meridian",   "Nimbus",     "Orchard",   "Pioneer",    "Quarry",
  "Radiant",     "Summit",     "Tidewater",  "Upland",     "Vantage",   "Willow",     "Zephyr",
  "Atlas",
};

static const char *const company_tails[] = {
  "Systems",    "Labs",     "Logistics", "Health",    "Analytics", "Foods",      "Media",
  "Robotics",   "Capital",  "Energy",    "Software",  "Partners",  "Networks",   "Retail",
  "Motors",     "Textiles", "Pharma",    "Security",  "Cloud",     "Studios",    "Dynamics",
  "Industries", "Works",    "Group",     "Solutions", "Ventures",  "Consulting", "Bank",
  "Insurance",  "Telecom",  "Airlines",  "Hotels",    "Education", "Materials",  "Chemicals",
  "Devices",    "Apparel",  "Games",     "Farms",     "Marine",
};

static const char *const job_titles[] = {
  "Chief Executive Officer",
  "Chief Revenue Officer",
  "VP of Sales",
  "VP, Marketing",
  "Head of Growth",
  "Director of IT",
  "Marketing Director",
  "Sales Manager",
  "Marketing Manager",
  "IT Manager",
  "Operations Manager",
  "Product Manager",
  "Marketing Specialist",
  "Business Analyst",
  "Software Engineer",
  "Account Executive",
  "Office Manager",
  "Procurement Lead",
  "Data Scientist",
  "Intern",
};

static const char *const sdr_first[] = { "Alex",   "Sam",   "Jordan", "Taylor",
                                         "Morgan", "Casey", "Riley",  "Jamie" };
static const char *const sdr_last[] = { "Reed", "Hayes", "Quinn", "Blake", "Ellis" };

static const char *const lead_sources[] = { "Referral",    "Webinar",  "Event",   "Organic",
                                            "Paid search", "Outbound", "Partner", "Content" };

static const char *const statuses[] = { "New", "Working", "Nurturing", "Qualified", "Unqualified" };

static const char *const countries[] = { "United States", "United Kingdom", "Germany", "France",
                                         "Canada",        "Netherlands",    "Spain",   "Australia",
                                         "Sweden",        "Japan" };

static const char *const industries[] = { "Software",   "Financial Services",
                                          "Healthcare", "Manufacturing",
                                          "Retail",     "Education",
                                          "Logistics",  "Hospitality" };

/* Helpers */

static double
ms_between (gint64 start, gint64 end)
{
  return (double)(end - start) / 1000.0;
}

/* This process's resident memory now, from /proc/self/status, in MiB. */
static double
current_rss_mib (void)
{
  g_autofree char *text = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL)
      || (line = strstr (text, "VmRSS:")) == NULL)
    return NAN;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* The most this process has had resident, in MiB. */
static double
peak_rss_mib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return NAN;
  return (double)usage.ru_maxrss / 1024.0;
}

/* The measuring process: one window on one workspace. */

typedef struct
{
  GtkWindow       *window;
  HotlistLeadList *list;
  guint            frames;     /* frames painted so far */
  gint64           last_paint; /* when the last one was */
  gint64           listed;     /* when every lead was listed, 0 before */
  gint64           last_tick;
  gint64           longest_gap;
  guint            search_signals;
  gint64           last_search_signal;
  double           values[N_METRICS];
} Session;

static void
after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  Session *session = user_data;

  session->frames++;
  session->last_paint = g_get_monotonic_time ();
}

static void
list_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       gpointer    user_data)
{
  Session *session = user_data;

  if (session->listed == 0 && hotlist_lead_list_is_complete (session->list))
    session->listed = g_get_monotonic_time ();
}

/* A clock ticking while the leads are read: the longest gap between its ticks is how long the
 * window could not answer. */
static gboolean
stall_tick_cb (gpointer user_data)
{
  Session *session = user_data;
  gint64   now = g_get_monotonic_time ();

  if (session->last_tick != 0)
    session->longest_gap = MAX (session->longest_gap, now - session->last_tick);
  session->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
search_changed_cb (GtkSearchEntry *entry, gpointer user_data)
{
  Session *session = user_data;

  session->search_signals++;
  session->last_search_signal = g_get_monotonic_time ();
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until a frame after the @before-th is painted; returns when it was, or 0
 * when none came in time. */
static gint64
wait_for_frame (Session *session, guint before)
{
  gint64 deadline = g_get_monotonic_time () + FRAME_TIMEOUT_S * G_USEC_PER_SEC;
  guint  wake = g_timeout_add (100, wake_cb, NULL);

  gtk_widget_queue_draw (GTK_WIDGET (session->window));
  while (session->frames <= before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return session->frames > before ? session->last_paint : 0;
}

/* Lets the window finish what it does after a change (a frame or two, idles). */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + SETTLE_MS * 1000;
  guint  wake = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

typedef void (*Operation) (Session *session, gconstpointer data);

/* Times @operation: the call itself, and until the next frame is painted. */
static void
measure (Session      *session,
         guint         model_metric,
         guint         frame_metric,
         Operation     operation,
         gconstpointer data)
{
  guint  before = session->frames;
  gint64 start = g_get_monotonic_time ();
  gint64 done, painted;

  operation (session, data);
  done = g_get_monotonic_time ();
  painted = wait_for_frame (session, before);
  session->values[model_metric] = ms_between (start, done);
  session->values[frame_metric] = painted != 0 ? ms_between (start, painted) : NAN;
  settle ();
}

typedef struct
{
  HotlistLeadSort sort;
  gboolean        descending;
} SortStep;

static void
sort_operation (Session *session, gconstpointer data)
{
  const SortStep *step = data;

  hotlist_lead_list_set_sort (session->list, step->sort, step->descending);
}

typedef struct
{
  GtkColumnView       *view;
  GtkColumnViewColumn *column;
  GtkSortType          order;
} ClickStep;

static void
click_operation (Session *session, gconstpointer data)
{
  const ClickStep *step = data;

  gtk_column_view_sort_by_column (step->view, step->column, step->order);
}

static void
search_operation (Session *session, gconstpointer data)
{
  hotlist_lead_list_set_search (session->list, data);
}

typedef struct
{
  HotlistLeadFilter filter;
  const char       *value;
} FilterStep;

static void
filter_operation (Session *session, gconstpointer data)
{
  const FilterStep *step = data;

  hotlist_lead_list_set_filter (session->list, step->filter, step->value);
}

/* Times @operation on a list that no view shows. */
static void
time_alone (Session *session, guint metric, Operation operation, gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();

  operation (session, data);
  session->values[metric] = ms_between (start, g_get_monotonic_time ());
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

static GtkColumnViewColumn *
find_column (GtkColumnView *view, const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  return NULL;
}

/* Types @text into the search entry and waits for its search-changed and the next frame. */
static void
type_in_entry (Session     *session,
               GtkEditable *entry,
               const char  *text,
               guint        signal_metric,
               guint        frame_metric)
{
  guint  signals = session->search_signals;
  guint  before;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + SEARCH_SIGNAL_TIMEOUT_S * G_USEC_PER_SEC;
  guint  wake = g_timeout_add (20, wake_cb, NULL);
  gint64 painted;

  gtk_editable_set_text (entry, text);
  while (session->search_signals == signals && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (session->search_signals == signals)
    return;
  before = session->frames;
  painted = wait_for_frame (session, before);
  session->values[signal_metric] = ms_between (start, session->last_search_signal);
  session->values[frame_metric] = painted != 0 ? ms_between (start, painted) : NAN;
  settle ();
}

static const char *
renderer_name (GtkWindow *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  return renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none";
}

static guint
n_shown (Session *session)
{
  return g_list_model_get_n_items (G_LIST_MODEL (session->list));
}

static int
measure_window (const char *path)
{
  g_autoptr (GError)           error = NULL;
  g_autoptr (HotlistWorkspace) workspace = NULL;
  g_autoptr (JsonBuilder)      builder = json_builder_new ();
  g_autoptr (JsonGenerator)    generator = json_generator_new ();
  g_autoptr (JsonNode)         root = NULL;
  g_autofree char             *json = NULL;
  g_auto (GStrv)               owners = NULL;
  Session                      session = { 0 };
  GdkFrameClock               *clock;
  GtkColumnView               *view;
  GtkEditable                 *entry;
  gint64                       start, opened, created, deadline;
  guint                        stall_source, wake;

  for (guint i = 0; i < N_METRICS; i++)
    session.values[i] = NAN;
  if (!gtk_init_check ())
    {
      g_printerr ("bench-ui: no display to open a window on\n");
      return 77;
    }
  adw_init ();

  /* 1. Opening: from the workspace file to the first frame, then until every lead is read. */
  start = g_get_monotonic_time ();
  workspace = hotlist_workspace_open (path, &error);
  if (workspace == NULL)
    {
      g_printerr ("bench-ui: %s: %s\n", path, error->message);
      return 1;
    }
  opened = g_get_monotonic_time ();
  session.window = GTK_WINDOW (hotlist_window_new (NULL, workspace));
  created = g_get_monotonic_time ();
  session.list = hotlist_window_get_lead_list (HOTLIST_WINDOW (session.window));
  g_signal_connect (session.list, "items-changed", G_CALLBACK (list_items_changed_cb), &session);
  list_items_changed_cb (G_LIST_MODEL (session.list), 0, 0, 0, &session);
  stall_source = g_timeout_add (STALL_TICK_MS, stall_tick_cb, &session);
  gtk_window_set_default_size (session.window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (session.window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (session.window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &session);
  if (wait_for_frame (&session, 0) == 0)
    {
      g_printerr ("bench-ui: the window painted no frame in %d s\n", FRAME_TIMEOUT_S);
      return 1;
    }
  session.values[M_OPEN] = ms_between (start, opened);
  session.values[M_WINDOW] = ms_between (opened, created);
  session.values[M_FIRST_FRAME] = ms_between (start, session.last_paint);

  deadline = start + (gint64)LISTED_TIMEOUT_S * G_USEC_PER_SEC;
  wake = g_timeout_add (10, wake_cb, NULL);
  while (session.listed == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      list_items_changed_cb (G_LIST_MODEL (session.list), 0, 0, 0, &session);
    }
  g_source_remove (wake);
  if (session.listed == 0)
    {
      g_printerr ("bench-ui: the leads were not all listed in %d s\n", LISTED_TIMEOUT_S);
      return 1;
    }
  {
    gint64 painted = wait_for_frame (&session, session.frames);

    session.values[M_LISTED] = ms_between (start, session.listed);
    session.values[M_LISTED_FRAME] = painted != 0 ? ms_between (start, painted) : NAN;
  }
  /* The stall clock's own tick is not a stall. */
  session.values[M_LOAD_STALL] = MAX (0.0, session.longest_gap / 1000.0 - STALL_TICK_MS);
  g_source_remove (stall_source);
  settle ();
  session.values[M_N_LISTED] = n_shown (&session);
  session.values[M_RSS_LISTED] = current_rss_mib ();
  session.values[M_PEAK_LISTED] = peak_rss_mib ();

  /* 2. Sorting through the model, then as a header click does. */
  {
    static const SortStep name = { HOTLIST_LEAD_SORT_NAME, FALSE };
    static const SortStep name_desc = { HOTLIST_LEAD_SORT_NAME, TRUE };
    static const SortStep score = { HOTLIST_LEAD_SORT_SCORE, TRUE };
    static const SortStep company = { HOTLIST_LEAD_SORT_COMPANY, FALSE };

    measure (&session, M_SORT_NAME_MODEL, M_SORT_NAME_FRAME, sort_operation, &name);
    measure (&session, M_SORT_NAME_DESC_MODEL, M_SORT_NAME_DESC_FRAME, sort_operation, &name_desc);
    measure (&session, M_SORT_SCORE_MODEL, M_SORT_SCORE_FRAME, sort_operation, &score);
    measure (&session, M_SORT_COMPANY_MODEL, M_SORT_COMPANY_FRAME, sort_operation, &company);
    hotlist_lead_list_set_sort (session.list, HOTLIST_LEAD_SORT_SCORE, TRUE);
    settle ();
  }
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (session.window), GTK_TYPE_COLUMN_VIEW));
  if (view != NULL && find_column (view, "Name") != NULL && find_column (view, "Score") != NULL)
    {
      ClickStep name = { view, find_column (view, "Name"), GTK_SORT_ASCENDING };
      ClickStep name_desc = { view, name.column, GTK_SORT_DESCENDING };
      ClickStep score = { view, find_column (view, "Score"), GTK_SORT_DESCENDING };

      measure (&session, M_CLICK_NAME_MODEL, M_CLICK_NAME_FRAME, click_operation, &name);
      measure (&session, M_CLICK_NAME_DESC_MODEL, M_CLICK_NAME_DESC_FRAME, click_operation,
               &name_desc);
      measure (&session, M_CLICK_SCORE_MODEL, M_CLICK_SCORE_FRAME, click_operation, &score);
    }
  else
    g_printerr ("bench-ui: no column view with Name and Score columns: header clicks not "
                "measured\n");

  /* 3. Search keystrokes, the filter itself; then through the entry, with its delay. */
  measure (&session, M_SEARCH_M_MODEL, M_SEARCH_M_FRAME, search_operation, "m");
  session.values[M_N_M] = n_shown (&session);
  measure (&session, M_SEARCH_MA_MODEL, M_SEARCH_MA_FRAME, search_operation, "ma");
  measure (&session, M_SEARCH_MAR_MODEL, M_SEARCH_MAR_FRAME, search_operation, "mar");
  measure (&session, M_SEARCH_MARI_MODEL, M_SEARCH_MARI_FRAME, search_operation, "mari");
  session.values[M_N_MARI] = n_shown (&session);
  measure (&session, M_SEARCH_BACK_MODEL, M_SEARCH_BACK_FRAME, search_operation, "mar");
  measure (&session, M_SEARCH_CLEAR_MODEL, M_SEARCH_CLEAR_FRAME, search_operation, "");
  entry = hotlist_window_get_search_entry (HOTLIST_WINDOW (session.window));
  g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &session);
  type_in_entry (&session, entry, "mar", M_ENTRY_MAR_SIGNAL, M_ENTRY_MAR_FRAME);
  type_in_entry (&session, entry, "", M_ENTRY_CLEAR_SIGNAL, M_ENTRY_CLEAR_FRAME);

  /* 4. Filters. */
  owners = hotlist_lead_list_dup_values (session.list, HOTLIST_LEAD_FILTER_OWNER);
  if (owners[0] != NULL)
    {
      FilterStep owner = { HOTLIST_LEAD_FILTER_OWNER, owners[0] };
      FilterStep any_owner = { HOTLIST_LEAD_FILTER_OWNER, NULL };

      measure (&session, M_OWNER_MODEL, M_OWNER_FRAME, filter_operation, &owner);
      session.values[M_N_OWNER] = n_shown (&session);
      measure (&session, M_OWNER_ANY_MODEL, M_OWNER_ANY_FRAME, filter_operation, &any_owner);
    }
  {
    static const FilterStep hot = { HOTLIST_LEAD_FILTER_TIER, "hot" };
    static const FilterStep any_tier = { HOTLIST_LEAD_FILTER_TIER, NULL };

    measure (&session, M_TIER_MODEL, M_TIER_FRAME, filter_operation, &hot);
    session.values[M_N_HOT] = n_shown (&session);
    measure (&session, M_TIER_ANY_MODEL, M_TIER_ANY_FRAME, filter_operation, &any_tier);
  }
  session.values[M_RSS_END] = current_rss_mib ();
  session.values[M_PEAK_END] = peak_rss_mib ();

  /* 5. The same calls on a list no view shows: what of each is the model's own work. */
  {
    g_autoptr (HotlistLeadList) alone = hotlist_lead_list_new ();
    HotlistLeadList            *shown = session.list;
    gint64                      t = g_get_monotonic_time ();

    if (hotlist_lead_list_load (alone, hotlist_workspace_get_store (workspace), -1, &error))
      {
        static const SortStep   name = { HOTLIST_LEAD_SORT_NAME, FALSE };
        static const SortStep   company = { HOTLIST_LEAD_SORT_COMPANY, FALSE };
        static const SortStep   score = { HOTLIST_LEAD_SORT_SCORE, TRUE };
        static const FilterStep hot = { HOTLIST_LEAD_FILTER_TIER, "hot" };
        const FilterStep        owner = { HOTLIST_LEAD_FILTER_OWNER, owners[0] };

        session.values[M_ALONE_LOAD] = ms_between (t, g_get_monotonic_time ());
        session.list = alone;
        time_alone (&session, M_ALONE_SORT_NAME, sort_operation, &name);
        time_alone (&session, M_ALONE_SORT_COMPANY, sort_operation, &company);
        time_alone (&session, M_ALONE_SORT_SCORE, sort_operation, &score);
        time_alone (&session, M_ALONE_SEARCH_M, search_operation, "m");
        hotlist_lead_list_set_search (alone, "mar");
        time_alone (&session, M_ALONE_SEARCH_MARI, search_operation, "mari");
        time_alone (&session, M_ALONE_SEARCH_CLEAR, search_operation, "");
        if (owners[0] != NULL)
          time_alone (&session, M_ALONE_OWNER, filter_operation, &owner);
        hotlist_lead_list_set_filter (alone, HOTLIST_LEAD_FILTER_OWNER, NULL);
        time_alone (&session, M_ALONE_TIER, filter_operation, &hot);
        session.list = shown;
      }
    else
      g_printerr ("bench-ui: reading the leads again: %s\n", error->message);
  }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "renderer");
  json_builder_add_string_value (builder, renderer_name (session.window));
  for (guint i = 0; i < N_METRICS; i++)
    if (!isnan (session.values[i]))
      {
        json_builder_set_member_name (builder, metrics[i].key);
        json_builder_add_double_value (builder, session.values[i]);
      }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);
  fflush (stdout);

  gtk_window_destroy (session.window);
  return 0;
}

/* The main process: makes each workspace, then measures it in a process of its own. */

static const char *const run_files[] = {
  "leads.csv",
  "bench" HOTLIST_WORKSPACE_SUFFIX,
  "bench" HOTLIST_WORKSPACE_SUFFIX "-wal",
  "bench" HOTLIST_WORKSPACE_SUFFIX "-shm",
  "bench" HOTLIST_WORKSPACE_SUFFIX "-journal",
};

#define PICK(rand, table) ((table)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (table))])

static gboolean
write_leads (const char *path, guint64 n, GError **error)
{
  g_autoptr (GRand)             rand = g_rand_new_with_seed (RANDOM_SEED);
  g_autoptr (GFile)             file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GString)           buffer = g_string_sized_new (2 * 1024 * 1024);
  g_autoptr (GPtrArray)         owners = g_ptr_array_new_with_free_func (g_free);

  /* About forty SDRs. */
  for (guint i = 0; i < G_N_ELEMENTS (sdr_first); i++)
    for (guint j = 0; j < G_N_ELEMENTS (sdr_last); j++)
      g_ptr_array_add (owners, g_strdup_printf ("%s %s", sdr_first[i], sdr_last[j]));

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return FALSE;
  g_string_append (buffer, "External ID,First Name,Last Name,Company,Job Title,Email,Owner,"
                           "Lead Source,Status,Country,Industry,Company Size\n");
  for (guint64 i = 1; i <= n; i++)
    {
      const char      *first = PICK (rand, first_names);
      const char      *last = PICK (rand, last_names);
      const char      *head = PICK (rand, company_heads);
      const char      *tail = PICK (rand, company_tails);
      const char      *title = PICK (rand, job_titles);
      const char      *owner = g_ptr_array_index (owners, g_rand_int_range (rand, 0, owners->len));
      const char      *source = PICK (rand, lead_sources);
      const char      *status = PICK (rand, statuses);
      const char      *country = PICK (rand, countries);
      const char      *industry = PICK (rand, industries);
      gint64           size = (gint64)exp (g_rand_double_range (rand, log (5), log (20000)));
      g_autofree char *email = g_ascii_strdown (first, -1);
      g_autofree char *surname = g_ascii_strdown (last, -1);
      g_autofree char *domain = g_ascii_strdown (head, -1);
      g_autofree char *domain_tail = g_ascii_strdown (tail, -1);

      g_string_append_printf (buffer, "L%08" G_GUINT64_FORMAT ",%s,%s,%s %s,", i, first, last, head,
                              tail);
      hotlist_csv_append_cell (buffer, title);
      g_string_append_printf (buffer,
                              ",%s.%s%" G_GUINT64_FORMAT
                              "@%s%s.example,%s,%s,%s,%s,%s,%" G_GINT64_FORMAT "\n",
                              email, surname, i % 1000, domain, domain_tail, owner, source, status,
                              country, industry, size);
      if (buffer->len >= 1024 * 1024 || i == n)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), buffer->str, buffer->len, NULL,
                                          NULL, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

/* Makes the workspace of @n leads in @tmpdir: the CSV, then its import (which scores every
 * lead with the starter model). */
static char *
make_workspace (const char *tmpdir, guint64 n, SizeResult *result, GError **error)
{
  g_autofree char *csv = g_build_filename (tmpdir, "leads.csv", NULL);
  g_autofree char *db_path = g_build_filename (tmpdir, "bench" HOTLIST_WORKSPACE_SUFFIX, NULL);
  g_autofree char *label = bench_format_count (n);
  g_autoptr (HotlistWorkspace)    workspace = NULL;
  g_autoptr (HotlistCsvImport)    import = hotlist_csv_import_new ();
  g_autoptr (HotlistImportReport) report = NULL;
  gint64                          start = g_get_monotonic_time ();

  bench_say ("[%s] generating leads in %s", label, tmpdir);
  if (!write_leads (csv, n, error))
    return NULL;
  result->generate_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  bench_say ("[%s] generated in %.2f s; importing", label, result->generate_s);
  start = g_get_monotonic_time ();
  workspace = hotlist_workspace_open (db_path, error);
  if (workspace == NULL)
    return NULL;
  report = hotlist_csv_import_run_path (import, hotlist_workspace_get_store (workspace), csv, NULL,
                                        error);
  if (report == NULL)
    return NULL;
  result->import_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  bench_say ("[%s] imported in %.2f s (%" G_GUINT64_FORMAT " created, %" G_GUINT64_FORMAT
             " rejected)",
             label, result->import_s, report->created, report->rejected);
  if (report->created != n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%" G_GUINT64_FORMAT " leads created out of %" G_GUINT64_FORMAT, report->created,
                   n);
      return NULL;
    }
  g_clear_object (&workspace);
  g_remove (csv);
  return g_steal_pointer (&db_path);
}

static gboolean
parse_child_output (const char *output, SizeResult *result, GError **error)
{
  g_auto (GStrv)         lines = g_strsplit (output, "\n", -1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char            *line = NULL;
  JsonObject            *object;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == '{')
      line = lines[i];
  if (line == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the measuring process printed no figures");
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, line, -1, error))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  result->renderer =
      g_strdup (json_object_get_string_member_with_default (object, "renderer", "?"));
  for (guint i = 0; i < N_METRICS; i++)
    result->values[i] = json_object_has_member (object, metrics[i].key)
                            ? json_object_get_double_member (object, metrics[i].key)
                            : NAN;
  return TRUE;
}

/* Makes the workspace and runs this program again on it, to measure it in a fresh process.
 * Returns 0, 77 when the window could not be opened, or 1. */
static int
run_size (const char *self_path, guint64 n, SizeResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *tmpdir = NULL;
  g_autofree char   *db_path = NULL;
  g_autofree char   *output = NULL;
  g_autofree char   *label = bench_format_count (n);
  int                status = 0;
  int                code = 1;

  for (guint i = 0; i < N_METRICS; i++)
    result->values[i] = NAN;
  result->leads = n;
  tmpdir = g_dir_make_tmp ("hotlist-bench-ui-XXXXXX", &error);
  if (tmpdir == NULL)
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }
  bench_scratch_set (tmpdir, run_files, G_N_ELEMENTS (run_files));
  db_path = make_workspace (tmpdir, n, result, &error);
  if (db_path != NULL)
    {
      const char *argv[] = { self_path, "--measure", db_path, NULL };

      bench_say ("[%s] measuring the window in a process of its own", label);
      if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                         &status, &error))
        g_prefix_error (&error, "could not run the measuring process: ");
      else if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
        code = 77;
      else if (!g_spawn_check_wait_status (status, &error))
        g_prefix_error (&error, "the measuring process: ");
      else if (parse_child_output (output, result, &error))
        code = 0;
    }
  if (error != NULL)
    g_printerr ("bench-ui: %s leads: %s\n", label, error->message);
  bench_remove_tree (tmpdir);
  bench_scratch_set (NULL, NULL, 0);
  return code;
}

static void
format_value (double value, Unit unit, char out[32])
{
  if (isnan (value))
    g_strlcpy (out, "n/a", 32);
  else if (unit == UNIT_COUNT)
    {
      g_autofree char *count = bench_format_count ((guint64)value);

      g_strlcpy (out, count, 32);
    }
  else
    g_snprintf (out, 32, value < 10 ? "%.2f" : "%.1f", value);
}

static const char *
unit_suffix (Unit unit)
{
  switch (unit)
    {
    case UNIT_MS:
      return " (ms)";
    case UNIT_MIB:
      return " (MiB)";
    default:
      return "";
    }
}

static const char *
goal_verdict (const Metric *metric, double value, char out[32])
{
  double limit = metric->goal == GOAL_INTERACTION ? GOAL_INTERACTION_MS : GOAL_RSS_MIB;

  if (metric->goal == GOAL_NONE)
    return "";
  if (isnan (value))
    return "n/a";
  g_snprintf (out, 32, "< %.0f: %s", limit, value < limit ? "met" : "NOT met");
  return out;
}

static void
print_machine (double load_start)
{
  g_autofree char *cpu = bench_cpu_model ();
  g_autofree char *memory = bench_memory_total ();

  g_print ("  machine: %u processors, %s, %s RAM; load average at start %.2f, at end %.2f\n",
           g_get_num_processors (), cpu, memory, load_start, bench_load_average ());
}

static void
print_table (const SizeResult *small,
             const SizeResult *large,
             gboolean          have_small,
             double            load_start)
{
  g_autofree char *n_small = bench_format_count (small->leads);
  g_autofree char *n_large = bench_format_count (large->leads);
  const char      *display = g_getenv ("WAYLAND_DISPLAY");
  double           worst_frame = 0, worst_model = 0;
  g_autofree char *worst_frame_what = NULL, *worst_model_what = NULL;

  if (display == NULL)
    display = g_getenv ("DISPLAY");
  g_print ("\nbench-ui: the lead list of the main window (ratio = %s / %s; goals apply to %s "
           "leads)\n",
           n_large, n_small, n_large);
  print_machine (load_start);
  g_print ("  display %s, GSK renderer %s, window %dx%d; \"until painted\" ends at the frame "
           "clock's after-paint\n",
           display != NULL ? display : "?", large->renderer != NULL ? large->renderer : "?",
           WINDOW_WIDTH, WINDOW_HEIGHT);
  g_print ("  workspace made (not measured): %s leads generated in %.1f s, imported in %.1f s; "
           "%s leads %.1f s, %.1f s\n",
           n_small, small->generate_s, small->import_s, n_large, large->generate_s,
           large->import_s);
  g_print ("  %-46s %11s %11s %9s  %s\n", "", n_small, n_large, "ratio", "goal");
  for (guint i = 0; i < N_METRICS; i++)
    {
      const Metric    *metric = &metrics[i];
      double           a = have_small ? small->values[i] : NAN, b = large->values[i];
      g_autofree char *what = g_strconcat (metric->label, unit_suffix (metric->unit), NULL);
      char             x[32], y[32], ratio[32], verdict[32];

      format_value (a, metric->unit, x);
      format_value (b, metric->unit, y);
      if (isnan (a) || isnan (b) || a <= 0)
        g_strlcpy (ratio, "-", sizeof ratio);
      else
        g_snprintf (ratio, sizeof ratio, "%.1fx", b / a);
      g_print ("  %-46s %11s %11s %9s  %s\n", what, x, y, ratio, goal_verdict (metric, b, verdict));
      if (metric->goal == GOAL_INTERACTION && !isnan (b))
        {
          gboolean frame = strstr (metric->label, "painted") != NULL;

          if (frame && b > worst_frame)
            {
              worst_frame = b;
              g_free (worst_frame_what);
              worst_frame_what =
                  g_strndup (metrics[i - 1].label, strcspn (metrics[i - 1].label, ":"));
            }
          else if (!frame && b > worst_model)
            {
              worst_model = b;
              g_free (worst_model_what);
              worst_model_what = g_strndup (metric->label, strcspn (metric->label, ":"));
            }
        }
    }
  if (worst_model_what != NULL)
    g_print ("  goal: a keystroke's filter or a sort under %.0f ms at %s leads: slowest model "
             "call %.1f ms (%s), slowest until painted %.1f ms (%s): %s\n",
             GOAL_INTERACTION_MS, n_large, worst_model, worst_model_what, worst_frame,
             worst_frame_what != NULL ? worst_frame_what : "?",
             worst_frame < GOAL_INTERACTION_MS && worst_model < GOAL_INTERACTION_MS ? "met"
                                                                                    : "NOT met");
  if (!isnan (large->values[M_PEAK_LISTED]))
    g_print ("  goal: RSS under %.0f MiB at %s leads: peak %.1f MiB when listed, %.1f MiB after "
             "the interactions: %s\n",
             GOAL_RSS_MIB, n_large, large->values[M_PEAK_LISTED], large->values[M_PEAK_END],
             MAX (large->values[M_PEAK_LISTED], large->values[M_PEAK_END]) < GOAL_RSS_MIB
                 ? "met"
                 : "NOT met");
}

/* Without a display, runs again under xvfb-run; returns only when it cannot. */
static void
reexec_under_xvfb (const char *self_path, int argc, char **argv)
{
  g_autofree char      *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  if (xvfb_run == NULL || g_getenv (XVFB_MARK) != NULL)
    return;
  g_setenv (XVFB_MARK, "1", TRUE);
  g_ptr_array_add (args, xvfb_run);
  g_ptr_array_add (args, (char *)"-a");
  g_ptr_array_add (args, (char *)"-s");
  g_ptr_array_add (args, (char *)"-screen 0 1400x900x24");
  g_ptr_array_add (args, (char *)self_path);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  fflush (stdout);
  execv (xvfb_run, (char **)args->pdata);
  g_printerr ("bench-ui: could not run %s: %s\n", xvfb_run, g_strerror (errno));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *self_path = NULL;
  const char        *env = g_getenv ("HOTLIST_BENCH_LEADS");
  guint64            large = DEFAULT_LARGE;
  guint64            small_n;
  SizeResult         small = { 0 }, big = { 0 };
  gboolean           have_small;
  double             load_start;
  int                code;

  g_set_prgname ("bench-ui");
  if (argc == 3 && g_str_equal (argv[1], "--measure"))
    return measure_window (argv[2]);
  if (argc != 1)
    {
      g_printerr ("usage: %s (or %s --measure WORKSPACE)\n", argv[0], argv[0]);
      return 1;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      reexec_under_xvfb (self_path, argc, argv);
      g_print ("bench-ui: no display (DISPLAY and WAYLAND_DISPLAY unset, no xvfb-run): "
               "skipped\n");
      return 77;
    }

  bench_scratch_install_handlers ();
  if (env != NULL && *env != '\0'
      && !g_ascii_string_to_unsigned (env, 10, 100, MAX_LEADS, &large, &error))
    {
      g_printerr ("bench-ui: HOTLIST_BENCH_LEADS: %s\n", error->message);
      return 1;
    }
  load_start = bench_load_average ();
  small_n = MIN ((guint64)SMALL_LEADS, large);
  have_small = small_n < large;
  if (have_small && (code = run_size (self_path, small_n, &small)) != 0)
    return code;
  if ((code = run_size (self_path, large, &big)) != 0)
    return code;
  if (!have_small)
    small = big;
  print_table (&small, &big, TRUE, load_start);
  g_free (big.renderer);
  if (have_small)
    g_free (small.renderer);
  return 0;
}
