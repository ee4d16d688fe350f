#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes demo-leads.csv, the ~150-lead sample workspace Hotlist offers on first run.
#
# Everything in the output is synthetic: the people, companies, e-mail addresses
# (all under the reserved .example domain), SDR owners and outcomes are invented
# by this script and describe no real person or business.  The generator is
# deterministic (fixed seed, fixed reference date), so running it again gives a
# byte-identical file:
#
#     python3 data/demo/generate-demo-leads.py [OUTPUT]     (default: demo-leads.csv
#                                                           next to this script)
#
# About 60 % of the leads are closed (outcome 1 = converted, 0 = lost); the rest
# are open and have an empty outcome.  Conversion is more likely with more pricing
# page views, a started trial, a senior job title and a company of 200-5000
# people, so a model trained on the sample learns something sensible.  `status`
# mostly follows the outcome (as it does in real CRMs), which makes it a leaky
# attribute the app's leakage guard should flag.

import csv
import datetime
import math
import os
import random
import sys

SEED = 20240601
N_LEADS = 150
TODAY = datetime.date(2024, 6, 1)

FIRST_NAMES = [
    "Abigail", "Adrian", "Aiko", "Alina", "Amara", "Anders", "Aurelio", "Beatriz",
    "Benedikt", "Bryony", "Camille", "Caspar", "Chidi", "Clara", "Dario", "Delia",
    "Dmitri", "Edith", "Elias", "Emeric", "Esra", "Fabian", "Farah", "Freya",
    "Gideon", "Greta", "Hamid", "Hanne", "Ilse", "Imran", "Isolde", "Jasper",
    "Joaquin", "Juno", "Kai", "Kalani", "Keira", "Lars", "Leonie", "Linnea",
    "Lorenzo", "Lucia", "Magnus", "Maia", "Mateo", "Milo", "Nadia", "Nikolai",
    "Noor", "Oskar", "Paloma", "Quentin", "Rhea", "Rowan", "Saskia", "Soren",
    "Tamsin", "Teodor", "Ulla", "Valeria", "Wren", "Xavier", "Yara", "Zeno",
]

LAST_NAMES = [
    "Abernethy", "Achterberg", "Alderton", "Amsel", "Baptiste", "Bellamy", "Birkeland",
    "Blackthorn", "Caldwell", "Castellane", "Corrigan", "Dalgliesh", "Delacourt",
    "Eastwick", "Falkner", "Fenwick", "Galloway", "Gruber", "Hallström", "Hargreave",
    "Ishikawa", "Jovanovic", "Kettleby", "Kowalczyk", "Lindqvist", "Lockhart",
    "Marchetti", "Mbeki-Rowe", "Nakamura", "Northcott", "Okafor", "Ortega", "Pemberton",
    "Quintero", "Ravensworth", "Rosales", "Sandoval", "Sørensen", "Thistlewood",
    "Underhill", "Vasquez", "Wakefield", "Whitlock", "Yilmaz", "Zimmermann",
]

# (company, domain stem, industry, employees, country); all invented.
COMPANIES = [
    ("Brightwater Analytics", "brightwater", "Software", 420, "United States"),
    ("Quillmark", "quillmark", "Marketing & Advertising", 85, "United Kingdom"),
    ("Fernhollow Logistics", "fernhollow", "Logistics", 1200, "France"),
    ("Kestrel Systems", "kestrel", "Software", 60, "United States"),
    ("Lindqvist & Partner", "lindqvist-partner", "Financial Services", 310, "Germany"),
    ("Northpeak Health", "northpeak", "Healthcare", 2600, "United States"),
    ("Saltmarsh Studio", "saltmarsh", "Marketing & Advertising", 8, "Ireland"),
    ("Tallgrass Robotics", "tallgrass", "Manufacturing", 510, "Sweden"),
    ("Polderline", "polderline", "Financial Services", 950, "Netherlands"),
    ("Cobalt Pine Software", "cobaltpine", "Software", 45, "United States"),
    ("Harbourlight Insurance", "harbourlight", "Insurance", 780, "United Kingdom"),
    ("Ironvale Manufacturing", "ironvale", "Manufacturing", 3400, "United States"),
    ("Clairvent", "clairvent", "Software", 230, "France"),
    ("Wickerbay Outfitters", "wickerbay", "Retail", 175, "Canada"),
    ("Larchwood University", "larchwood", "Education", 5200, "United Kingdom"),
    ("Tessellate Data", "tessellate", "Software", 680, "United States"),
    ("Bluecairn Telecom", "bluecairn", "Telecommunications", 1900, "Ireland"),
    ("Vantor Labs", "vantor", "Software", 95, "United States"),
    ("Amberlight Energy", "amberlight", "Energy", 260, "Australia"),
    ("Quayside Freight", "quayside", "Logistics", 1450, "United Kingdom"),
    ("Pinnaclebrook Consulting", "pinnaclebrook", "Consulting", 38, "Canada"),
    ("Stormcliff Software", "stormcliff", "Software", 650, "United States"),
    ("Oakmere Foods", "oakmere", "Retail", 220, "United Kingdom"),
    ("Nordhavn Shipping", "nordhavn", "Logistics", 1800, "Denmark"),
    ("Lanternfield Health", "lanternfield", "Healthcare", 2400, "United States"),
    ("Greymantle Capital", "greymantle", "Financial Services", 55, "United States"),
    ("Copperline Utilities", "copperline", "Energy", 4100, "United States"),
    ("Fjellstad Engineering", "fjellstad", "Manufacturing", 760, "Norway"),
    ("Thistlewick", "thistlewick", "Consulting", 12, "Ireland"),
    ("Brightspire Insurance", "brightspire", "Insurance", 1350, "Germany"),
    ("Redfern Telecom", "redfern", "Telecommunications", 900, "Canada"),
    ("Quartzline Semiconductors", "quartzline", "Manufacturing", 2950, "United States"),
    ("Kiteworks Media", "kiteworks-media", "Marketing & Advertising", 280, "United States"),
    ("Eisenwald Maschinenbau", "eisenwald", "Manufacturing", 3700, "Germany"),
    ("Velaris Cloud", "velaris", "Software", 480, "France"),
    ("Solhjem Energi", "solhjem", "Energy", 830, "Denmark"),
    ("Lumenreach", "lumenreach", "Software", 360, "Netherlands"),
    ("Ravensholt Analytics", "ravensholt", "Software", 140, "United States"),
    ("Tidewater Payments", "tidewater", "Financial Services", 1100, "United States"),
    ("Granitepeak Security", "granitepeak", "Software", 320, "United States"),
    ("Brightforge Labs", "brightforge", "Software", 210, "United States"),
    ("Copperkettle Coffee", "copperkettle", "Retail", 65, "United States"),
    ("Wexley Fintech", "wexley", "Financial Services", 7200, "United Kingdom"),
    ("Osei Solar", "oseisolar", "Energy", 30, "Australia"),
    ("Meridian Tile & Stone", "meridiantile", "Manufacturing", 140, "Spain"),
    ("Glimmerfjord Media", "glimmerfjord", "Marketing & Advertising", 32, "Norway"),
    ("Rivebleue Hotels", "rivebleue", "Hospitality", 400, "France"),
    ("Harrowgate Retail Group", "harrowgate", "Retail", 12000, "United States"),
]

# (title, seniority 0 = individual contributor ... 3 = executive)
JOB_TITLES = [
    ("Chief Executive Officer", 3), ("Chief Revenue Officer", 3), ("CTO", 3),
    ("VP of Sales", 3), ("VP, Marketing", 3), ("VP Operations", 3),
    ("Head of Growth", 2), ("Head of Sales Development", 2), ("Director of IT", 2),
    ("Director, Revenue Operations", 2), ("Marketing Director", 2),
    ("Sales Manager", 1), ("Marketing Manager", 1), ("IT Manager", 1),
    ("Operations Manager", 1), ("Product Manager", 1),
    ("Marketing Specialist", 0), ("Business Analyst", 0), ("Software Engineer", 0),
    ("Account Executive", 0), ("Marketing Coordinator", 0), ("Office Manager", 0),
    ("Intern", 0),
]

LEAD_SOURCES = ["Webinar", "Organic", "Paid search", "Referral", "Event", "Outbound"]
SOURCE_WEIGHTS = [18, 26, 20, 10, 10, 16]
SOURCE_EFFECT = {"Webinar": 0.3, "Organic": 0.1, "Paid search": -0.1,
                 "Referral": 0.6, "Event": 0.2, "Outbound": -0.4}

OWNERS = ["Avery Lindholm", "Jordan Okoye", "Riley Castaño", "Sam Whitaker"]
PLANS = ["Starter", "Team", "Enterprise"]

FIELDS = [
    "external_id", "first_name", "last_name", "email", "company", "job_title",
    "industry", "company_size", "country", "lead_source", "status", "owner",
    "outcome", "Website visits (30d)", "Pricing page views", "Trial started",
    "Plan interest", "Last webinar",
]


def ascii_local_part(text):
    """Lower-case ASCII e-mail local part for a name ("Sørensen" -> "sorensen")."""
    table = str.maketrans({"ø": "o", "ö": "o", "ä": "a", "å": "a", "é": "e",
                           "ñ": "n", "ü": "u", "-": ""})
    return text.lower().translate(table)


def conversion_log_odds(seniority, size, pricing_views, trial, source):
    logit = -2.4
    logit += 0.45 * min(pricing_views, 6)
    logit += 1.3 if trial else 0.0
    logit += 0.55 * seniority
    logit += 0.9 if 200 <= size <= 5000 else -0.3
    logit += SOURCE_EFFECT[source]
    return logit


def make_lead(rng, index, taken_emails):
    # Draw again on the rare repeat of name and company: e-mails stay unique.
    while True:
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        company, domain, industry, size, country = rng.choice(COMPANIES)
        email = "%s.%s@%s.example" % (ascii_local_part(first), ascii_local_part(last), domain)
        if email not in taken_emails:
            taken_emails.add(email)
            break
    title, seniority = rng.choice(JOB_TITLES)
    source = rng.choices(LEAD_SOURCES, weights=SOURCE_WEIGHTS)[0]
    owner = OWNERS[index % len(OWNERS)] if rng.random() < 0.7 else rng.choice(OWNERS)

    visits = int(rng.expovariate(1 / 6.0))
    engaged = visits >= 4 or source in ("Webinar", "Referral")
    pricing_views = min(visits, int(rng.expovariate(1 / (2.5 if engaged else 0.8))))
    trial = rng.random() < (0.15 + 0.08 * pricing_views)

    if size >= 1000 or seniority >= 3:
        plan = rng.choices(PLANS, weights=[1, 3, 6])[0]
    elif size >= 200:
        plan = rng.choices(PLANS, weights=[2, 6, 2])[0]
    else:
        plan = rng.choices(PLANS, weights=[6, 3, 1])[0]

    attended = rng.random() < (0.85 if source == "Webinar" else 0.15)
    webinar = ""
    if attended:
        webinar = (TODAY - datetime.timedelta(days=rng.randint(3, 170))).isoformat()

    probability = 1 / (1 + math.exp(-conversion_log_odds(seniority, size, pricing_views,
                                                          trial, source)))
    closed = rng.random() < 0.6
    outcome = ""
    if closed:
        converted = rng.random() < probability
        outcome = "1" if converted else "0"
        if converted:
            status = "Qualified" if rng.random() < 0.85 else "Working"
        else:
            status = rng.choices(["Unqualified", "Nurture"], weights=[6, 4])[0]
    else:
        status = rng.choices(["New", "Working", "Nurture"], weights=[4, 4.5, 1.5])[0]

    return {
        "external_id": "DEMO-%04d" % (index + 1),
        "first_name": first,
        "last_name": last,
        "email": email,
        "company": company,
        "job_title": title,
        "industry": industry,
        "company_size": str(size),
        "country": country,
        "lead_source": source,
        "status": status,
        "owner": owner,
        "outcome": outcome,
        "Website visits (30d)": str(visits),
        "Pricing page views": str(pricing_views),
        "Trial started": "yes" if trial else "no",
        "Plan interest": plan,
        "Last webinar": webinar,
    }


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    output = argv[1] if len(argv) > 1 else os.path.join(here, "demo-leads.csv")

    rng = random.Random(SEED)
    taken_emails = set()
    leads = [make_lead(rng, i, taken_emails) for i in range(N_LEADS)]

    with open(output, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(leads)

    closed = [l for l in leads if l["outcome"]]
    won = sum(1 for l in closed if l["outcome"] == "1")
    print("wrote %d leads to %s (%d closed, %d converted)"
          % (len(leads), output, len(closed), won), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
