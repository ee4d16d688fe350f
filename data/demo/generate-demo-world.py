#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate Hotlist's synthetic B2B demo world.

Hotlist's demo workspace (the one `make run` opens) and the starter model that
ships with the app are both built from the two files this script writes:

    demo-leads.csv        one row per lead, with its outcome if it has one
    demo-activities.csv   one row per thing a lead did (or that was done to it)

Regenerate them, from the root of the repository, with

    python3 data/demo/generate-demo-world.py

Options: --seed (default 20261126), --leads (default 3000), --today (the
reference date, default 2026-11-01) and --out-dir (default: the folder this
script is in).  The script uses only the Python standard library, never reads
the clock, and draws every random number from one generator seeded with
--seed, so the same options always give byte-identical files.

Nothing in the output is real.  Companies, people, SDR owners, e-mail
addresses, activities and outcomes are all invented here.  Company e-mail
domains end in the reserved ".example" top-level domain; the free-mail
addresses use real provider names (gmail.com and so on), because a free-mail
address is one of the signals in this world, but the mailbox names are random
combinations of word-list names and belong to nobody we know of.

THE WORLD
---------
* 400 companies.  Each gets a made-up name (two word-list halves plus an
  industry-flavoured suffix, e.g. "Cinderbrook Freight"), a domain derived from
  the name, one of 11 industries, a head-count drawn from a log-normal
  distribution (median about 120, clipped to 5..20000) and a headquarters
  country from 12 countries weighted roughly like the customer base of a
  US/European B2B software vendor.  A lead's country is its company's country.

* Leads are people at those companies.  Larger companies produce more leads
  (weight ~ size^0.35, with some random spread), so big companies appear many
  times.  First and last names come from word lists.  85 % use
  first.last@<company domain>; 15 % (FREE_MAIL_SHARE) signed up with a
  free-mail address such as gmail.com.

* Job titles are built from a seniority level (Intern; Coordinator / Specialist
  / Analyst; Manager; Senior Manager; Director; Head of; VP; C-level; Founder)
  and a department (Marketing, Sales, Engineering, IT, Operations, Finance,
  HR, Product, Customer Success), e.g. "Senior Marketing Manager",
  "VP of Sales", "Chief Financial Officer" or "CFO".  Founders only appear at
  companies below 500 employees and carry no department.

* Each lead has a lead source (Website, Webinar, Referral, Paid Search,
  LinkedIn Ads, Trade Show, Cold Outbound, Partner, Content Download) and an
  owner, one of six SDRs picked at random.

* Create dates are spread over the 548 days (18 months) before --today, a
  little denser towards the present (the pipeline grows over time).

THE TIMELINE: ENGAGEMENT FIRST, OUTCOME LAST
--------------------------------------------
The order of the steps matters, because a lead-scoring model must only learn
from what was known before the outcome.

1. Closing.  71 % of leads (P_EVER_CLOSE) are "going to close"; they get a
   sales cycle of 5 to 120 days (a skewed Beta draw, mean about 44 days).  If
   the close date would fall after --today the lead simply has not closed yet
   and stays open.  This gives about 63 % closed leads.  The length of the
   cycle does not depend on the outcome.

2. Interest.  Each lead gets a latent interest: a fixed part (normal, sd
   INTEREST_SD) plus a week-to-week drift (an AR(1) process with correlation
   DRIFT_RHO and sd DRIFT_SD), so some leads warm up and others go cold.

3. Activities.  Week by week from the create date up to the close date (or
   --today for open leads), each activity type is drawn from a Poisson
   distribution with rate ACTIVITY_RATE[type] per week, multiplied by
   exp(ACTIVITY_INTEREST_SENSITIVITY[type] * interest that week) and by an
   attention curve that fades from 1 to ACTIVITY_FLOOR with a time constant
   of ACTIVITY_DECAY_WEEKS (leads are most active when they are new).  Weekend
   days are mostly skipped and times are mostly business hours (UTC).  Most
   lead sources also leave a first-touch activity on the create date (a
   webinar lead attended a webinar, a website lead filled in a form, ...).
   All of these activities fall on days strictly before the close date.

4. Outcome.  Only for leads that closed, and only from activity strictly
   before the close date, the log-odds of converting are

       INTERCEPT
       + SENIORITY_EFFECT[seniority] + DEPARTMENT_EFFECT[department]
       + INDUSTRY_EFFECT[industry]   + size fit (see below)
       + SOURCE_EFFECT[source]       + FREE_MAIL_EFFECT (if free-mail)
       + OWNER_EFFECT[owner]         (tiny on purpose)
       + sum over types of ENGAGEMENT_EFFECT[type] * ln(1 + recency-weighted
         count of that type), where an activity d days before the close
         counts 0.5 ** (d / ENGAGEMENT_HALF_LIFE_DAYS)
       + RECENT_ACTIVITY_EFFECT if the lead did anything other than receive
         a call in the RECENT_WINDOW_DAYS days before the close
       + a normal noise term with sd NOISE_SD (everything a CRM never sees:
         budgets, timing, a champion who leaves, ...)

   and the outcome is converted with probability 1 / (1 + exp(-log-odds)),
   lost otherwise.  About 25 % of closed leads convert.  The noise and the
   coin flip keep the world honest: a gradient-boosted model trained on 80 %
   of the closed leads reaches a held-out ROC AUC of roughly 0.82 (0.80 to
   0.84 depending on the split), not 1.0.  Even the true log-odds, which no
   model can see, only reach about 0.89.

   Size fit: SIZE_FIT_GAIN * exp(-0.5 * ((log10(size) - log10(
   SIZE_FIT_PEAK_EMPLOYEES)) / SIZE_FIT_WIDTH_DECADES) ** 2) - SIZE_FIT_GAIN / 2,
   a bell curve over log head-count that peaks (+0.8) at 600 employees, is
   still positive between about 200 and 2000, and falls to -0.8 for very small
   and very large companies.

5. After the outcome.  Some converted leads keep going (a kickoff meeting, a
   call, a reply: POST_CONVERSION_SHARE) and some lost leads still open a
   nurture e-mail (POST_LOSS_SHARE).  These activities are dated after the
   close date and did not feed the outcome; a model that used them would be
   cheating, and they are there so that a leakage check has something to find.

6. Status follows the outcome the way it does in a real CRM: converted leads
   are Qualified (96 %, otherwise still Working), lost leads are Unqualified
   (85 %, otherwise back in Nurturing).  Open leads are New, Working,
   Nurturing or (if they booked a meeting) often Qualified.  Status is
   therefore a leaky field, not a cause.

WHAT DOES NOT MATTER
--------------------
* Country has no effect at all (COUNTRY_WEIGHTS only sets how common each is).
* Owner has a deliberately tiny effect (at most +/-0.08 in log-odds), which
  no model should be able to tell apart from noise at this sample size.
* Names, e-mail local parts, the exact create date, the length of the sales
  cycle, phone calls (ENGAGEMENT_EFFECT["call"] = 0; SDRs call everyone) and
  the Details text of activities carry no signal of their own.

EFFECT SIZES IN PLAIN WORDS
---------------------------
All effects are in log-odds: +0.7 roughly doubles the odds of converting,
-0.7 halves them.  The constants below are the authority; in short:

* Engagement (per ln(1 + recency-weighted count) before the close):
  a booked meeting 2.0 (the first recent meeting alone multiplies the odds by
  about 4), a pricing page view 1.6, an e-mail reply 1.4, a webinar 0.9, a
  form 0.7, an e-mail click 0.6, a content download 0.5, a page view 0.3, an
  e-mail open 0.1, a call 0.  Any non-call activity in the last 14 days
  before the close adds 0.8.  Activity weight halves every 30 days.
* Seniority, relative to a Manager: Intern -1.6, Coordinator / Specialist /
  Analyst -0.7, Senior Manager +0.3, Director and Head of +0.8, VP +0.9,
  C-level +0.6, Founder +0.5.
* Department: Sales +0.8, Marketing +0.6, Operations +0.3, Customer Success
  +0.1, Product 0, IT -0.3, Engineering -0.6, Finance -0.6, HR -0.9.
* Industry: Software +0.6, Financial Services +0.4, Professional Services and
  Telecommunications +0.2, Media +0.1, Logistics 0, Manufacturing -0.1,
  Retail -0.3, Healthcare -0.5, Education -0.7, Government -1.0.
* Company size: -0.8 to +0.8 along the bell curve above, best near 600.
* Lead source, relative to Paid Search: Referral +1.0, Partner +0.6, Webinar
  +0.3, Website +0.2, Trade Show +0.1, Content Download -0.1, LinkedIn Ads
  -0.3, Cold Outbound -0.7.
* Free-mail address -0.9.  Owner -0.08 .. +0.08.  Country 0.
* INTERCEPT -4.0 (low because every engagement term is zero or positive),
  NOISE_SD 0.5.
"""

import argparse
import csv
import datetime
import math
import os
import random
import sys
import unicodedata

# --------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------

DEFAULT_SEED = 20261126
DEFAULT_LEADS = 3000
DEFAULT_TODAY = "2026-11-01"

N_COMPANIES = 400
HISTORY_DAYS = 548                # create dates fall in the 18 months before --today
GROWTH = 0.3                      # the newest day gets (1 + GROWTH) / (1 - GROWTH)
                                  # times as many new leads as the oldest: about 1.9x

# --------------------------------------------------------------------------
# Outcome model: effect sizes in log-odds
# --------------------------------------------------------------------------

INTERCEPT = -4.0                      # engagement terms only add, so this starts low

SENIORITY_EFFECT = {
    "Intern": -1.6,
    "Individual contributor": -0.7,   # Coordinator, Specialist, Analyst
    "Manager": 0.0,
    "Senior Manager": 0.3,
    "Director": 0.8,
    "Head of": 0.8,
    "VP": 0.9,
    "C-level": 0.6,                   # decide, but rarely fill in forms themselves
    "Founder": 0.5,
}

DEPARTMENT_EFFECT = {
    "Sales": 0.8,                     # the product is for sales teams
    "Marketing": 0.6,
    "Operations": 0.3,                # revenue operations
    "Customer Success": 0.1,
    "Product": 0.0,
    "IT": -0.3,
    "Engineering": -0.6,
    "Finance": -0.6,
    "HR": -0.9,
    None: 0.0,                        # founders have no department
}

INDUSTRY_EFFECT = {
    "Software": 0.6,
    "Financial Services": 0.4,
    "Professional Services": 0.2,
    "Telecommunications": 0.2,
    "Media": 0.1,
    "Logistics": 0.0,
    "Manufacturing": -0.1,
    "Retail": -0.3,
    "Healthcare": -0.5,
    "Education": -0.7,
    "Government": -1.0,               # long procurement, rarely closes
}

SIZE_FIT_PEAK_EMPLOYEES = 600
SIZE_FIT_WIDTH_DECADES = 0.5
SIZE_FIT_GAIN = 1.6                   # from -0.8 (poor fit) to +0.8 (ideal fit)

SOURCE_EFFECT = {
    "Referral": 1.0,
    "Partner": 0.6,
    "Webinar": 0.3,
    "Website": 0.2,
    "Trade Show": 0.1,
    "Paid Search": 0.0,
    "Content Download": -0.1,
    "LinkedIn Ads": -0.3,
    "Cold Outbound": -0.7,
}

FREE_MAIL_EFFECT = -0.9

OWNER_EFFECT = {                      # tiny on purpose
    "Dana Whitcombe": 0.08,
    "Marcus Ilves": 0.04,
    "Priya Ramaswamy": 0.0,
    "Tomasz Brenner": 0.0,
    "Leah Okonkwo": -0.04,
    "Jonah Castellanos": -0.08,
}

COUNTRY_EFFECT = 0.0                  # country never matters

# Per ln(1 + recency-weighted count) of each activity type before the close.
ENGAGEMENT_EFFECT = {
    "meeting_booked": 2.0,
    "pricing_page_view": 1.6,
    "email_reply": 1.4,
    "webinar_attended": 0.9,
    "form_submission": 0.7,
    "email_click": 0.6,
    "content_download": 0.5,
    "page_view": 0.3,
    "email_open": 0.1,
    "call": 0.0,
}
ENGAGEMENT_HALF_LIFE_DAYS = 30
RECENT_ACTIVITY_EFFECT = 0.8
RECENT_WINDOW_DAYS = 14

NOISE_SD = 0.5

# --------------------------------------------------------------------------
# Engagement process
# --------------------------------------------------------------------------

INTEREST_SD = 1.2                     # fixed part of a lead's interest
DRIFT_SD = 0.6                        # week-to-week part
DRIFT_RHO = 0.8                       # how much of last week's drift remains

ACTIVITY_TYPES = [
    "page_view", "pricing_page_view", "email_open", "email_click", "email_reply",
    "form_submission", "content_download", "webinar_attended", "call", "meeting_booked",
]

# Expected count per week for a new lead of average interest.
ACTIVITY_RATE = {
    "page_view": 0.55,
    "pricing_page_view": 0.08,
    "email_open": 0.5,
    "email_click": 0.12,
    "email_reply": 0.035,
    "form_submission": 0.02,
    "content_download": 0.04,
    "webinar_attended": 0.015,
    "call": 0.2,
    "meeting_booked": 0.02,
}

# How strongly each type follows interest (rate x exp(sensitivity x interest)).
ACTIVITY_INTEREST_SENSITIVITY = {
    "page_view": 0.6,
    "pricing_page_view": 1.0,
    "email_open": 0.3,
    "email_click": 0.7,
    "email_reply": 1.1,
    "form_submission": 0.8,
    "content_download": 0.6,
    "webinar_attended": 0.6,
    "call": 0.2,
    "meeting_booked": 1.3,
}

ACTIVITY_DECAY_WEEKS = 8.0
ACTIVITY_FLOOR = 0.05
WEEKEND_SKIP = 0.75                   # share of weekend draws moved to a weekday

# The activity a lead source leaves on the create date, with its details.
SOURCE_FIRST_TOUCH = {
    "Website": ("form_submission", "Contact us form"),
    "Webinar": ("webinar_attended", None),          # details: a webinar title
    "Content Download": ("content_download", None), # details: an asset title
    "Paid Search": ("form_submission", "Landing page form /lp/lead-scoring"),
    "LinkedIn Ads": ("form_submission", "LinkedIn lead gen form"),
    "Cold Outbound": ("call", "Cold call, no answer"),
    "Referral": None,
    "Trade Show": None,
    "Partner": None,
}

# --------------------------------------------------------------------------
# Closing, status and after-the-outcome activity
# --------------------------------------------------------------------------

P_EVER_CLOSE = 0.71
CYCLE_MIN_DAYS = 5
CYCLE_MAX_DAYS = 120
CYCLE_BETA = (1.3, 2.5)               # shape of the cycle length between min and max

POST_CONVERSION_SHARE = 0.5           # converted leads with 1-3 later activities
POST_LOSS_SHARE = 0.15                # lost leads that open one more e-mail
P_CONVERTED_QUALIFIED = 0.96
P_LOST_UNQUALIFIED = 0.85

# --------------------------------------------------------------------------
# Population
# --------------------------------------------------------------------------

INDUSTRY_WEIGHTS = {
    "Software": 18, "Financial Services": 11, "Professional Services": 7,
    "Telecommunications": 5, "Media": 7, "Logistics": 8, "Manufacturing": 13,
    "Retail": 10, "Healthcare": 9, "Education": 7, "Government": 5,
}

COUNTRY_WEIGHTS = {
    "United States": 34, "United Kingdom": 12, "Germany": 10, "Canada": 7,
    "France": 6, "India": 6, "Netherlands": 5, "Australia": 5, "Spain": 4,
    "Brazil": 4, "Sweden": 3, "Singapore": 3,
}

SIZE_MEDIAN = 120
SIZE_SIGMA = 1.7                      # of ln(size)
SIZE_MIN, SIZE_MAX = 5, 20000
LEADS_PER_COMPANY_EXPONENT = 0.35

SENIORITY_WEIGHTS = {
    "Intern": 3, "Individual contributor": 30, "Manager": 24, "Senior Manager": 10,
    "Director": 13, "Head of": 6, "VP": 6, "C-level": 4, "Founder": 4,
}
FOUNDER_MAX_SIZE = 500

DEPARTMENT_WEIGHTS = {
    "Marketing": 22, "Sales": 20, "Operations": 10, "IT": 12, "Engineering": 10,
    "Finance": 6, "HR": 6, "Product": 8, "Customer Success": 6,
}

SOURCE_WEIGHTS = {
    "Website": 20, "Paid Search": 13, "LinkedIn Ads": 10, "Webinar": 9,
    "Content Download": 12, "Cold Outbound": 16, "Trade Show": 6, "Referral": 7,
    "Partner": 7,
}

OWNERS = list(OWNER_EFFECT)

FREE_MAIL_SHARE = 0.15
FREE_MAIL_DOMAINS = {
    "gmail.com": 55, "outlook.com": 12, "yahoo.com": 10, "hotmail.com": 8,
    "icloud.com": 6, "proton.me": 4, "gmx.de": 3, "web.de": 2,
}

FIRST_NAMES = [
    "Ada", "Adebayo", "Agnes", "Aleksander", "Alma", "Amir", "Ana", "Anouk", "Arjun",
    "Astrid", "Bastian", "Bea", "Bongani", "Bruno", "Carys", "Cecilia", "Chen", "Cyrus",
    "Dagny", "Daniel", "Deepa", "Dominik", "Eamon", "Elif", "Elena", "Emil", "Esme",
    "Ezra", "Fatima", "Felix", "Fiona", "Florin", "Gabriel", "Gemma", "Giulia", "Hana",
    "Hassan", "Helga", "Hugo", "Ines", "Ingrid", "Isaac", "Ivana", "Jamal", "Jana",
    "Javier", "Jonas", "Josephine", "Kaito", "Karin", "Kavya", "Kofi", "Laila", "Laura",
    "León", "Liam", "Lotte", "Lucas", "Maeve", "Malik", "Marisol", "Mei", "Mikael",
    "Miriam", "Nadia", "Naveen", "Nell", "Niamh", "Noah", "Olga", "Omar", "Paula",
    "Pedro", "Petra", "Ravi", "Rosa", "Ruth", "Samir", "Sanne", "Selin", "Simone",
    "Sofia", "Stefan", "Sunita", "Tariq", "Thea", "Theo", "Tobias", "Uma", "Vera",
    "Viktor", "Wei", "Wiebke", "Yusuf", "Zainab", "Zoltan", "Zoë",
]

LAST_NAMES = [
    "Achebe", "Adler", "Almeida", "Andersson", "Ashworth", "Bakshi", "Barros",
    "Beaumont", "Bergmann", "Brandt", "Brennan", "Carvalho", "Chandra", "Clarke",
    "Dąbrowski", "Delgado", "Dixon", "Eriksen", "Esposito", "Fairbairn", "Fischer",
    "Fontaine", "Gallagher", "García", "Goh", "Haddad", "Halloran", "Hartmann",
    "Holm", "Hughes", "Iyer", "Jansen", "Jensen", "Kapoor", "Keller", "Kim", "Kovács",
    "Krüger", "Lambert", "Larsen", "Lefebvre", "Lim", "Lindgren", "MacLeod", "Mahlangu",
    "Marín", "Meyer", "Molina", "Moreau", "Murphy", "Nair", "Nguyen", "Novak",
    "Nyström", "O'Brien", "Ogunleye", "Okada", "Oliveira", "Park", "Patel", "Perrin",
    "Petrov", "Quinn", "Rahman", "Reyes", "Richter", "Rossi", "Sato", "Schmidt",
    "Shah", "Silva", "Sokolov", "Stewart", "Suzuki", "Tan", "Thorsen", "Torres",
    "Van Dijk", "Varga", "Vogel", "Wagner", "Walsh", "Weber", "Whitfield", "Wójcik",
    "Yamamoto", "Yeo", "Zhang", "Ziegler",
]

NAME_HEADS = [
    "Amber", "Ash", "Birch", "Black", "Bright", "Cinder", "Clear", "Cobalt", "Copper",
    "Crane", "Drift", "Elder", "Ember", "Fern", "Flint", "Frost", "Glen", "Granite",
    "Harbor", "Hazel", "Heron", "Iron", "Juniper", "Kestrel", "Lark", "Linden", "Lumen",
    "Maple", "Marsh", "Nimbus", "North", "Oak", "Onyx", "Pebble", "Pine", "Quill",
    "Raven", "Red", "Ridge", "Rowan", "Saffron", "Salt", "Silver", "Slate", "Stone",
    "Summit", "Tide", "Umber", "Vale", "West", "Willow", "Wren", "Yarrow", "Zephyr",
]

NAME_TAILS = [
    "bank", "bay", "bridge", "brook", "crest", "dale", "field", "ford", "gate",
    "haven", "hill", "hollow", "land", "light", "line", "mark", "mere", "moor",
    "point", "port", "reach", "shore", "stead", "view", "well", "wick", "wood",
]

INDUSTRY_SUFFIXES = {
    "Software": ["Software", "Labs", "Systems", "Cloud", "Analytics", "Technologies", ""],
    "Financial Services": ["Capital", "Financial", "Bank", "Payments", "Insurance", "Partners"],
    "Professional Services": ["Consulting", "Advisory", "Group", "& Associates", "Partners"],
    "Telecommunications": ["Telecom", "Networks", "Communications", "Mobile"],
    "Media": ["Media", "Studios", "Publishing", "Creative", "Broadcasting"],
    "Logistics": ["Logistics", "Freight", "Shipping", "Transport", "Distribution"],
    "Manufacturing": ["Industries", "Manufacturing", "Works", "Components", "Materials"],
    "Retail": ["Retail", "Outfitters", "Stores", "Home & Garden", "Goods", "Market"],
    "Healthcare": ["Health", "Medical", "Clinics", "Care", "Diagnostics"],
    "Education": ["Academy", "College", "University", "Learning", "Schools"],
    "Government": ["County Council", "City Services", "Regional Authority", "Water Board"],
}

IC_ROLES = ["Coordinator", "Specialist", "Analyst"]

C_LEVEL_TITLES = {
    "Marketing": ["Chief Marketing Officer", "CMO"],
    "Sales": ["Chief Revenue Officer", "CRO", "Chief Sales Officer"],
    "Engineering": ["Chief Technology Officer", "CTO"],
    "IT": ["Chief Information Officer", "CIO"],
    "Operations": ["Chief Operating Officer", "COO"],
    "Finance": ["Chief Financial Officer", "CFO"],
    "HR": ["Chief People Officer", "CHRO"],
    "Product": ["Chief Product Officer", "CPO"],
    "Customer Success": ["Chief Customer Officer", "CCO"],
}

FOUNDER_TITLES = ["Founder", "Co-Founder", "Founder & CEO", "Co-Founder & CEO"]

# Activity details.
WEB_PAGES = [
    "/", "/features", "/features/scoring", "/features/explanations", "/integrations",
    "/integrations/salesforce", "/integrations/hubspot", "/customers", "/customers/case-studies",
    "/about", "/careers", "/security", "/docs/getting-started", "/blog/what-is-lead-scoring",
    "/blog/sdr-prioritization", "/blog/mql-vs-sql", "/blog/speed-to-lead", "/blog/crm-hygiene",
    "/changelog", "/contact",
]
PRICING_PAGES = ["/pricing", "/pricing", "/pricing", "/pricing#team", "/pricing#enterprise",
                 "/pricing/compare", "/pricing/faq"]
EMAIL_SUBJECTS = [
    "Welcome to the Hotlist newsletter", "Your leads are talking. Are you listening?",
    "3 signals your best leads have in common", "New: explanations for every score",
    "How SDR teams cut response time in half", "Invitation: live Q&A on lead scoring",
    "Quick question about your pipeline", "Following up on my last note",
    "Case study: from spreadsheet to scored pipeline", "Your free benchmark report",
    "Is lead routing on your roadmap?", "Last call: pricing webinar tomorrow",
    "Checking in", "Worth a 15-minute call?", "What changed in the November release",
]
FORM_NAMES = ["Contact us form", "Demo request form", "Newsletter signup", "Free trial signup",
              "Pricing quote request", "Event registration form"]
ASSET_TITLES = [
    "Lead Scoring Benchmark Report 2026", "The SDR Prioritization Playbook",
    "Guide: Cleaning Up Your CRM Data", "Checklist: Ready for Predictive Scoring?",
    "Ebook: From MQL to Revenue", "Template: Lead Qualification Scorecard",
    "Whitepaper: Explainable Models for Sales Teams", "ROI Calculator Workbook",
]
WEBINAR_TITLES = [
    "Webinar: Scoring Leads Without a Data Team", "Webinar: What Converts in B2B Pipelines",
    "Webinar: Building an Outbound Cadence That Works", "Webinar: Pricing Q&A",
    "Webinar: Product Tour and Live Demo", "Webinar: RevOps Office Hours",
]
CALL_RESULTS = ["Call, no answer", "Call, left voicemail", "Call, connected 3 min",
                "Call, connected 9 min", "Call, wrong number", "Call, gatekeeper"]
MEETING_NAMES = ["Discovery call", "Product demo", "Demo with buying team",
                 "Technical deep dive", "Pricing discussion"]
POST_CONVERSION_DETAILS = {
    "meeting_booked": ["Kickoff meeting", "Onboarding session", "Handover to account executive"],
    "call": ["Call, connected 12 min", "Call, onboarding check-in"],
    "email_reply": ["Re: Next steps", "Re: Contract and onboarding"],
    "email_open": ["Welcome aboard: getting started", "Your onboarding checklist"],
}

LEAD_HEADER = ["Lead ID", "First Name", "Last Name", "Email", "Company", "Job Title",
               "Industry", "Company Size", "Country", "Lead Source", "Lead Status", "Owner",
               "Create Date", "Outcome", "Close Date"]
ACTIVITY_HEADER = ["Activity ID", "Lead ID", "Activity Type", "Activity Date", "Details"]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def weighted(rng, table):
    """Pick a key of @table with probability proportional to its value."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def poisson(rng, lam):
    """Poisson draw by counting exponential gaps (fine for the small rates here)."""
    if lam <= 0.0:
        return 0
    if lam > 30.0:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit = math.exp(-lam)
    n, p = 0, rng.random()
    while p > limit:
        n += 1
        p *= rng.random()
    return n


def ascii_slug(text):
    """Lower-case ASCII letters only, for e-mail local parts and domains."""
    special = {"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "ı": "i"}
    text = "".join(special.get(c, c) for c in text.lower())
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if "a" <= c <= "z")


def size_fit(size):
    x = (math.log10(size) - math.log10(SIZE_FIT_PEAK_EMPLOYEES)) / SIZE_FIT_WIDTH_DECADES
    return SIZE_FIT_GAIN * math.exp(-0.5 * x * x) - SIZE_FIT_GAIN / 2


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------

def make_companies(rng):
    companies, used = [], set()
    while len(companies) < N_COMPANIES:
        stem = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        if stem in used:
            continue
        used.add(stem)
        industry = weighted(rng, INDUSTRY_WEIGHTS)
        suffix = rng.choice(INDUSTRY_SUFFIXES[industry])
        name = (stem + " " + suffix).strip()
        while True:
            size = int(round(SIZE_MEDIAN * math.exp(rng.gauss(0.0, SIZE_SIGMA))))
            if SIZE_MIN <= size <= SIZE_MAX:
                break
        companies.append({
            "name": name,
            "domain": ascii_slug(stem) + ".example",
            "industry": industry,
            "size": size,
            "country": weighted(rng, COUNTRY_WEIGHTS),
            "weight": size ** LEADS_PER_COMPANY_EXPONENT * rng.lognormvariate(0.0, 0.5),
        })
    return companies


def make_title(rng, company):
    while True:
        seniority = weighted(rng, SENIORITY_WEIGHTS)
        if seniority != "Founder" or company["size"] < FOUNDER_MAX_SIZE:
            break
    if seniority == "Founder":
        return seniority, None, rng.choice(FOUNDER_TITLES)
    dept = weighted(rng, DEPARTMENT_WEIGHTS)
    if seniority == "Intern":
        title = dept + " Intern"
    elif seniority == "Individual contributor":
        title = dept + " " + rng.choice(IC_ROLES)
    elif seniority == "Manager":
        title = dept + " Manager"
    elif seniority == "Senior Manager":
        title = "Senior " + dept + " Manager"
    elif seniority == "Director":
        title = rng.choice(["Director of ", "Director, ", ""]) + dept
        if not title.startswith("Director"):
            title += " Director"
    elif seniority == "Head of":
        title = "Head of " + dept
    elif seniority == "VP":
        title = rng.choice(["VP of ", "VP, ", "Vice President, "]) + dept
    else:
        title = rng.choice(C_LEVEL_TITLES[dept])
    return seniority, dept, title


def make_email(rng, first, last, company, used):
    f, l = ascii_slug(first), ascii_slug(last)
    free = rng.random() < FREE_MAIL_SHARE
    for attempt in range(100):
        if free:
            domain = weighted(rng, FREE_MAIL_DOMAINS)
            style = rng.randrange(4)
            if style == 0:
                local = f + "." + l
            elif style == 1:
                local = f + l + str(rng.randrange(1, 100))
            elif style == 2:
                local = f[0] + "." + l + str(rng.randrange(60, 100))
            else:
                local = f + "_" + l
        else:
            domain = company["domain"]
            local = f + "." + l if attempt == 0 else f + "." + l + str(attempt + 1)
        email = local + "@" + domain
        if email not in used:
            used.add(email)
            return email, free
    raise RuntimeError("could not make a unique e-mail address")


def activity_time(rng, day, kind):
    """A timestamp on @day: business hours (UTC) mostly, e-mail opens any time."""
    if kind in ("email_open", "email_click") and rng.random() < 0.3:
        hour = rng.randrange(24)
    else:
        hour = min(19, max(7, int(rng.gauss(12.5, 2.5))))
    return datetime.datetime(day.year, day.month, day.day, hour,
                             rng.randrange(60), rng.randrange(60))


def pick_day(rng, start, span):
    """A day in [start, start + span), avoiding most weekend days."""
    day = start + datetime.timedelta(days=rng.randrange(span))
    if day.weekday() >= 5 and rng.random() < WEEKEND_SKIP:
        day = start + datetime.timedelta(days=rng.randrange(span))
    return day


def details_for(rng, kind):
    if kind == "page_view":
        return rng.choice(WEB_PAGES)
    if kind == "pricing_page_view":
        return rng.choice(PRICING_PAGES)
    if kind in ("email_open", "email_reply"):
        subject = rng.choice(EMAIL_SUBJECTS)
        return ("Re: " + subject) if kind == "email_reply" else subject
    if kind == "email_click":
        return rng.choice(EMAIL_SUBJECTS) + " -> " + rng.choice(WEB_PAGES + PRICING_PAGES)
    if kind == "form_submission":
        return rng.choice(FORM_NAMES)
    if kind == "content_download":
        return rng.choice(ASSET_TITLES)
    if kind == "webinar_attended":
        return rng.choice(WEBINAR_TITLES)
    if kind == "call":
        return rng.choice(CALL_RESULTS)
    return rng.choice(MEETING_NAMES)


def simulate_engagement(rng, lead, start, end):
    """Activities on the days start .. end - 1, driven by a drifting latent interest."""
    acts = []
    first = SOURCE_FIRST_TOUCH[lead["source"]]
    if first is not None:
        kind, text = first
        acts.append((activity_time(rng, start, kind), kind, text or details_for(rng, kind)))

    interest = rng.gauss(0.0, INTEREST_SD)
    drift = rng.gauss(0.0, DRIFT_SD)
    lead["interest"] = interest
    week, day = 0, start
    while day < end:
        span = min(7, (end - day).days)
        level = interest + drift
        attention = ACTIVITY_FLOOR + (1.0 - ACTIVITY_FLOOR) * math.exp(-week / ACTIVITY_DECAY_WEEKS)
        for kind in ACTIVITY_TYPES:
            lam = (ACTIVITY_RATE[kind] * span / 7.0 * attention
                   * math.exp(ACTIVITY_INTEREST_SENSITIVITY[kind] * level))
            for _ in range(poisson(rng, lam)):
                when = pick_day(rng, day, span)
                acts.append((activity_time(rng, when, kind), kind, details_for(rng, kind)))
        drift = DRIFT_RHO * drift + math.sqrt(1.0 - DRIFT_RHO ** 2) * rng.gauss(0.0, DRIFT_SD)
        day += datetime.timedelta(days=7)
        week += 1
    return acts


def outcome_log_odds(lead, acts, close):
    """The stated model; only activity on days before @close may be passed in."""
    z = (INTERCEPT
         + SENIORITY_EFFECT[lead["seniority"]]
         + DEPARTMENT_EFFECT[lead["department"]]
         + INDUSTRY_EFFECT[lead["company"]["industry"]]
         + size_fit(lead["company"]["size"])
         + SOURCE_EFFECT[lead["source"]]
         + (FREE_MAIL_EFFECT if lead["free_mail"] else 0.0)
         + OWNER_EFFECT[lead["owner"]]
         + COUNTRY_EFFECT)
    weight = dict.fromkeys(ACTIVITY_TYPES, 0.0)
    recent = False
    for when, kind, _ in acts:
        age = (close - when.date()).days
        assert age >= 1, "an activity on or after the close date reached the outcome model"
        weight[kind] += 0.5 ** (age / ENGAGEMENT_HALF_LIFE_DAYS)
        if kind != "call" and age <= RECENT_WINDOW_DAYS:
            recent = True
    for kind in ACTIVITY_TYPES:
        z += ENGAGEMENT_EFFECT[kind] * math.log1p(weight[kind])
    if recent:
        z += RECENT_ACTIVITY_EFFECT
    return z


def post_close_activities(rng, lead, close, today):
    acts = []
    room = (today - close).days          # days close + 1 .. today - 1 are free
    if room < 2:
        return acts
    if lead["outcome"] == "converted" and rng.random() < POST_CONVERSION_SHARE:
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(list(POST_CONVERSION_DETAILS))
            day = close + datetime.timedelta(days=1 + rng.randrange(min(30, room - 1)))
            acts.append((activity_time(rng, day, kind), kind,
                         rng.choice(POST_CONVERSION_DETAILS[kind])))
    elif lead["outcome"] == "lost" and rng.random() < POST_LOSS_SHARE:
        day = close + datetime.timedelta(days=1 + rng.randrange(min(60, room - 1)))
        acts.append((activity_time(rng, day, "email_open"), "email_open",
                     rng.choice(EMAIL_SUBJECTS)))
    return acts


def open_status(rng, lead, acts, today):
    age = (today - lead["created"]).days
    touches = sum(1 for _, kind, _ in acts if kind != "call")
    if any(kind == "meeting_booked" for _, kind, _ in acts) and rng.random() < 0.6:
        return "Qualified"
    if age <= 14 and touches <= 2:
        return "New"
    if age <= 60:
        return "Working" if rng.random() < 0.75 else "Nurturing"
    return "Nurturing" if rng.random() < 0.7 else "Working"


def create_day(rng, today):
    """A create date in the HISTORY_DAYS before @today, denser towards the present."""
    while True:
        u = rng.random()
        if rng.random() * (1.0 + GROWTH) < 1.0 - GROWTH + 2.0 * GROWTH * u:
            break
    back = HISTORY_DAYS - int(u * HISTORY_DAYS)   # 1 .. HISTORY_DAYS days ago
    day = today - datetime.timedelta(days=back)
    if day.weekday() >= 5 and rng.random() < WEEKEND_SKIP:
        day -= datetime.timedelta(days=day.weekday() - 4)  # back to Friday
    return day


def build_world(seed, n_leads, today):
    rng = random.Random(seed)
    companies = make_companies(rng)
    company_weights = [c["weight"] for c in companies]
    used_emails = set()
    leads = []
    for _ in range(n_leads):
        company = rng.choices(companies, weights=company_weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        seniority, dept, title = make_title(rng, company)
        email, free = make_email(rng, first, last, company, used_emails)
        lead = {
            "first": first, "last": last, "email": email, "free_mail": free,
            "company": company, "seniority": seniority, "department": dept, "title": title,
            "source": weighted(rng, SOURCE_WEIGHTS), "owner": rng.choice(OWNERS),
            "created": create_day(rng, today),
        }
        cycle = CYCLE_MIN_DAYS + int(round(rng.betavariate(*CYCLE_BETA)
                                           * (CYCLE_MAX_DAYS - CYCLE_MIN_DAYS)))
        close = lead["created"] + datetime.timedelta(days=cycle)
        closes = rng.random() < P_EVER_CLOSE and close <= today

        # Engagement first ...
        acts = simulate_engagement(rng, lead, lead["created"], close if closes else today)
        # ... then the outcome, from what happened before the close only ...
        if closes:
            lead["log_odds"] = outcome_log_odds(lead, acts, close) + rng.gauss(0.0, NOISE_SD)
            lead["outcome"] = "converted" if rng.random() < logistic(lead["log_odds"]) else "lost"
            lead["closed"] = close
            if lead["outcome"] == "converted":
                lead["status"] = "Qualified" if rng.random() < P_CONVERTED_QUALIFIED else "Working"
            else:
                lead["status"] = "Unqualified" if rng.random() < P_LOST_UNQUALIFIED else "Nurturing"
            # ... and what happened after it, which the outcome never saw.
            lead["post_close"] = post_close_activities(rng, lead, close, today)
        else:
            lead["outcome"], lead["closed"] = "", None
            lead["status"] = open_status(rng, lead, acts, today)
            lead["post_close"] = []
        lead["activities"] = acts
        leads.append(lead)

    # IDs follow creation order, as a CRM's would.
    leads.sort(key=lambda l: (l["created"], l["email"]))
    for i, lead in enumerate(leads, 1):
        lead["id"] = "L-%05d" % i
    return leads


def write_files(leads, out_dir):
    leads_path = os.path.join(out_dir, "demo-leads.csv")
    acts_path = os.path.join(out_dir, "demo-activities.csv")
    with open(leads_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LEAD_HEADER)
        for l in leads:
            c = l["company"]
            w.writerow([l["id"], l["first"], l["last"], l["email"], c["name"], l["title"],
                        c["industry"], c["size"], c["country"], l["source"], l["status"],
                        l["owner"], l["created"].isoformat(), l["outcome"],
                        l["closed"].isoformat() if l["closed"] else ""])

    rows = []
    for l in leads:
        for when, kind, text in l["activities"] + l["post_close"]:
            rows.append((when, l["id"], kind, text))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    with open(acts_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ACTIVITY_HEADER)
        for i, (when, lead_id, kind, text) in enumerate(rows, 1):
            w.writerow(["A-%06d" % i, lead_id, kind, when.strftime("%Y-%m-%dT%H:%M:%SZ"), text])
    return leads_path, acts_path, len(rows)


def summarize(leads, paths, n_rows):
    closed = [l for l in leads if l["outcome"]]
    won = [l for l in closed if l["outcome"] == "converted"]
    post = sum(len(l["post_close"]) for l in leads)

    def mean(xs):
        return sum(xs) / len(xs) if xs else 0.0

    print("leads:               %d" % len(leads))
    print("closed:              %d (%.1f %%)" % (len(closed), 100.0 * len(closed) / len(leads)))
    print("converted:           %d (%.1f %% of closed)" % (len(won), 100.0 * len(won) / max(1, len(closed))))
    print("activities:          %d (%.1f per lead; %d after the close)" % (n_rows, n_rows / len(leads), post))
    print("  per converted lead %.1f, per lost lead %.1f, per open lead %.1f (before any close)"
          % (mean([len(l["activities"]) for l in won]),
             mean([len(l["activities"]) for l in closed if l["outcome"] == "lost"]),
             mean([len(l["activities"]) for l in leads if not l["outcome"]])))
    print("free-mail leads:     %.1f %%" % (100.0 * mean([l["free_mail"] for l in leads])))
    print("create dates:        %s .. %s" % (leads[0]["created"], leads[-1]["created"]))
    for path in paths:
        print("%-20s %d bytes" % (os.path.basename(path) + ":", os.path.getsize(path)))


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Generate Hotlist's synthetic demo world.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--leads", type=int, default=DEFAULT_LEADS)
    parser.add_argument("--today", default=DEFAULT_TODAY, help="reference date, YYYY-MM-DD")
    parser.add_argument("--out-dir", default=here)
    args = parser.parse_args(argv)
    if args.leads < 1:
        parser.error("--leads must be at least 1")
    try:
        today = datetime.date.fromisoformat(args.today)
    except ValueError:
        parser.error("--today must be a date like 2026-11-01")
    os.makedirs(args.out_dir, exist_ok=True)

    leads = build_world(args.seed, args.leads, today)
    leads_path, acts_path, n_rows = write_files(leads, args.out_dir)
    summarize(leads, (leads_path, acts_path), n_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
