#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: Hotlist's held-out accuracy, training time and scoring throughput
against Python reference models run in the same benchmark run.

Acceptance rule this serves: on bank-marketing.csv without `duration`, with a
stratified 80/20 split, Hotlist's test ROC AUC is at least that of
scikit-learn's HistGradientBoostingClassifier and of XGBoost with early stopping
on the same split.  The benchmark checks that on more than one data set so
Hotlist's defaults are not tuned to one; it prints numbers and never fails on
them (it exits non-zero only when a command fails, 77 when it cannot run).

Runs under Debian's /usr/bin/python3 (python3-numpy, python3-sklearn,
python3-xgboost); no pandas.  Usage:

    /usr/bin/python3 tests/bench/bench-accuracy.py --cli build/src/cli/hotlist-cli \\
        --data tests/data [--demo data/demo] [--work DIR] [--datasets bank,demo,synth] \\
        [--json OUT.json] [--repeats N] [--references-only]

or `meson test -C build --benchmark accuracy -v`.

Data sets
---------
bank   tests/data/bank-marketing.csv: the UCI Machine Learning Repository's Bank
       Marketing data set, S. Moro, P. Cortez, P. Rita, "A Data-Driven Approach to
       Predict the Success of Bank Telemarketing", Decision Support Systems 62,
       2014; CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
       `;`-separated, label `y`.  `duration` (call length) is dropped: it is known
       only after the call and leaks the outcome.
demo   data/demo/demo-leads.csv + demo-activities.csv (synthetic B2B world).  Only
       closed leads (Outcome converted/lost) are used.  `Lead Status` is left out
       of both files (CRMs set it from the outcome, so it leaks); `Close Date`
       stays in train.csv (Hotlist reads it as the outcome date, not a feature)
       and is left out of test.csv, which holds the test leads as if still open.
       Activities dated on or after a lead's close date are dropped from the
       activities file Hotlist imports, so Hotlist and the references see the
       same activities.  The test leads are first imported as open leads (so that
       their activities can be imported); after `train` they are imported again
       from test-closed.csv with their outcome and close date, which makes Hotlist
       rescore them, without retraining, as they stood on their close date.
       Skipped when the files are not there.
synth  generated here (numpy, fixed seed): 30,000 leads with numeric features
       with nonlinear effects and interactions, categorical columns with 3-30
       levels, missing values (some informative), ~10 % positives; `id` column
       and label `converted` (1/0).

Procedure per data set
----------------------
One stratified 80/20 split (sklearn train_test_split, stratify=y,
random_state=SEED).  train.csv (with label) and test.csv (label removed, an id
column: the source row index, or the Lead ID for demo) are written to the work
directory with the source's delimiter.  test.csv repeated to >= 100,000 rows
(big.csv; repeated ids get a "-rN" suffix, as `score` prints one row per id)
measures scoring throughput.

Hotlist: `hotlist-cli --db D import train.csv --label L --id ID --json`,
`hotlist-cli --db D train --json`, `hotlist-cli --db D score test.csv --id ID`
(CSV id,score,probability on stdout), and the same score command on big.csv.
Train and score are timed as whole processes (wall clock): process start,
workspace, CSV parsing and output included.  For demo, `score FILE.csv` sees
only the file's columns, not activities, so the test leads are also imported
(`import test.csv --id "Lead ID"`, as open leads without outcome or close date)
before `import-activities activities.csv` and `train`, then closed (see demo
above), and Hotlist's test probabilities are the ones `export --format json` shows for them; the AUC of
`score test.csv` (no activities) is printed too.

References, fitted on the same train rows and evaluated on the same test rows:
- sklearn: HistGradientBoostingClassifier(random_state=SEED), default
  parameters; categories ordinal-encoded and declared with categorical_features
  (boolean mask); numbers as they are (empty = NaN).
- xgboost: XGBClassifier(tree_method="hist", n_estimators=2000,
  early_stopping_rounds=50, eval_metric="logloss", random_state=SEED), fitted
  on 90 % of the train rows with a stratified 10 % held out as eval_set;
  categories one-hot encoded.
Both time fit() on in-memory arrays, predict_proba() on big.csv's rows encoded
in memory ("rows/s"), and, closer to what Hotlist's number includes, reading
big.csv with the csv module + encoding + predict_proba ("e2e rows/s").
With --repeats N every timed step (Hotlist's train and big.csv score too) runs
N times and the fastest counts; accuracy comes from the first run.  Timings are
wall clock: on a busy machine they swing widely (OpenMP-parallel fits such as
HistGradientBoosting's suffer most), so the load average is printed too.

Features for the references: every remaining column; a column whose non-empty
train values all parse as numbers is numeric, any other is categorical.
Categories are learnt on the train rows; at most 250 levels are kept per column
(the most frequent), the rest share one "other" level; levels unseen in
training and empty cells are missing (NaN for HGB, all-zero for one-hot).
For demo the references use Job Title, Industry, Company Size, Country, Lead
Source and Owner, Create Date as a day number, and the count of each activity
type (plus the total) before the lead's close date; names, e-mail, company and
Lead ID are identifiers and are not used.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

SEED = 20240601
TEST_SIZE = 0.2
XGB_EVAL_SIZE = 0.1
BIG_ROWS = 100_000
MAX_LEVELS = 250
SYNTH_ROWS = 30_000
SKIP = 77

BANK_CITATION = ("UCI Bank Marketing data set: S. Moro, P. Cortez, P. Rita, \"A Data-Driven "
                 "Approach to Predict the Success of Bank Telemarketing\", Decision Support "
                 "Systems 62, 2014; CC BY 4.0")

try:
    import numpy as np
    import sklearn
    import sklearn.base
    import xgboost
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
    from sklearn.model_selection import train_test_split
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"SKIPPED: {sys.executable} cannot import numpy/sklearn/xgboost ({exc}); "
          "run with Debian's /usr/bin/python3 (python3-sklearn, python3-xgboost)")
    sys.exit(SKIP)


class CommandFailed(Exception):
    pass


def log(msg=""):
    print(msg, flush=True)


# ---------------------------------------------------------------------------
# Data sets: each yields a Dataset with the rows for the Hotlist files and the
# feature spec for the references.
# ---------------------------------------------------------------------------

class Dataset:
    def __init__(self, name, title, delimiter, header, rows, id_col, label_col, y,
                 feature_cols, notes, test_drop=(), derived=None, derived_names=(),
                 activities=None, oracle=None):
        self.name = name
        self.title = title
        self.delimiter = delimiter
        self.header = header            # columns of train.csv (id and label included)
        self.rows = rows                # lists of strings, aligned with header
        self.id_col = id_col
        self.label_col = label_col
        self.y = y                      # numpy int array, 1 = converted
        self.feature_cols = feature_cols  # header columns the references use
        self.notes = notes
        self.test_drop = set(test_drop)  # columns left out of test.csv besides the label
        self.derived = derived          # id -> list of floats (extra numeric features)
        self.derived_names = list(derived_names)
        self.activities = activities    # (header, rows) for import-activities, or None
        self.oracle = oracle            # true probabilities (synth only), or None


POSITIVE = {"1", "yes", "y", "true", "converted", "won", "closed won", "closed - converted"}
NEGATIVE = {"0", "no", "n", "false", "lost", "closed lost", "closed - not converted"}


def parse_label(value):
    v = value.strip().lower()
    if v in POSITIVE:
        return 1
    if v in NEGATIVE:
        return 0
    return None


def read_csv(path, delimiter=None):
    with open(path, newline="", encoding="utf-8-sig") as f:
        if delimiter is None:
            sample = f.read(65536)
            f.seek(0)
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        rows = [r for r in reader if r]
    return header, rows, delimiter


def load_bank(data_dir):
    path = os.path.join(data_dir, "bank-marketing.csv")
    header, rows, delim = read_csv(path, ";")
    label = "y"
    drop = "duration"
    keep = [i for i, c in enumerate(header) if c != drop]
    out_header = ["id"] + [header[i] for i in keep]
    out_rows, y = [], []
    li = header.index(label)
    for n, r in enumerate(rows):
        lab = parse_label(r[li])
        if lab is None:
            raise ValueError(f"{path}: row {n + 2}: label {r[li]!r} is not yes/no or 1/0")
        out_rows.append([str(n)] + [r[i] for i in keep])
        y.append(lab)
    features = [c for c in out_header if c not in ("id", label)]
    return Dataset("bank", f"bank: {BANK_CITATION}", delim, out_header, out_rows, "id", label,
                   np.array(y, dtype=np.int64), features,
                   [f"`{drop}` dropped: the call length is known only after the call "
                    "and leaks the outcome"])


def parse_date(text):
    t = text.strip()
    if not t:
        return None
    for fmt, n in (("%Y-%m-%d", 10), ("%Y/%m/%d", 10), ("%d.%m.%Y", 10)):
        try:
            return datetime.datetime.strptime(t[:n], fmt).date()
        except ValueError:
            pass
    for fmt in ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(t, fmt).date()
        except ValueError:
            pass
    try:
        return datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def load_demo(demo_dir):
    leads_path = os.path.join(demo_dir, "demo-leads.csv")
    acts_path = os.path.join(demo_dir, "demo-activities.csv")
    for p in (leads_path, acts_path):
        if not os.path.exists(p):
            return None, f"{p} is not there (yet)"
    header, rows, delim = read_csv(leads_path)
    need = ["Lead ID", "Outcome", "Close Date", "Create Date", "Lead Status"]
    missing = [c for c in need if c not in header]
    if missing:
        return None, (f"{leads_path} has no column(s) {', '.join(missing)} "
                      "(expected the Lead ID,…,Outcome,Close Date header)")
    ix = {c: i for i, c in enumerate(header)}
    closed, y, close_dates, create_dates = [], [], {}, {}
    for r in rows:
        lab = parse_label(r[ix["Outcome"]]) if r[ix["Outcome"]].strip() else None
        if lab is None:
            continue                       # open lead (or an outcome we do not know)
        closed.append(r)
        y.append(lab)
        close_dates[r[ix["Lead ID"]]] = parse_date(r[ix["Close Date"]])
        create_dates[r[ix["Lead ID"]]] = parse_date(r[ix["Create Date"]])
    if len(set(y)) < 2:
        return None, f"{leads_path}: the closed leads are all of one outcome"

    a_header, a_rows, a_delim = read_csv(acts_path)
    aix = {c: i for i, c in enumerate(a_header)}
    for c in ("Lead ID", "Activity Type", "Activity Date"):
        if c not in aix:
            return None, f"{acts_path} has no column {c!r}"
    types = sorted({r[aix["Activity Type"]] for r in a_rows if r[aix["Activity Type"]]})
    tix = {t: i for i, t in enumerate(types)}
    counts = {lid: [0.0] * (len(types) + 1) for lid in close_dates}
    kept, dropped_after = [], 0
    for r in a_rows:
        lid = r[aix["Lead ID"]]
        if lid not in close_dates:
            continue                       # activity of an open lead: not in the benchmark
        when = parse_date(r[aix["Activity Date"]])
        cutoff = close_dates[lid]
        if cutoff is not None and (when is None or when >= cutoff):
            dropped_after += 1
            continue
        kept.append(r)
        t = r[aix["Activity Type"]]
        if t in tix:
            counts[lid][tix[t]] += 1
        counts[lid][-1] += 1

    epoch = datetime.date(1970, 1, 1)
    derived = {}
    for lid, c in counts.items():
        d = create_dates.get(lid)
        derived[lid] = [float((d - epoch).days) if d else float("nan")] + c

    out_header = [c for c in header if c != "Lead Status"]
    keep = [ix[c] for c in out_header]
    out_rows = [[r[i] for i in keep] for r in closed]
    features = [c for c in ("Job Title", "Industry", "Company Size", "Country", "Lead Source",
                            "Owner") if c in out_header]
    ds = Dataset("demo", "demo: synthetic B2B leads (data/demo), closed leads only", delim,
                 out_header, out_rows, "Lead ID", "Outcome", np.array(y, dtype=np.int64),
                 features,
                 ["`Lead Status` left out (set from the outcome); `Close Date` only in "
                  "train.csv (outcome date), not in test.csv",
                  f"{len(kept):,} activities of closed leads before their close date kept, "
                  f"{dropped_after:,} on/after it dropped; {len(types)} activity types",
                  f"{len(rows) - len(closed):,} open leads not used"],
                 test_drop=("Close Date",), derived=derived,
                 derived_names=["create_day"] + [f"n_{t}" for t in types] + ["n_activities"],
                 activities=(a_header, kept, a_delim))
    return ds, None


SYNTH_INDUSTRIES = ["Software", "Financial Services", "Healthcare", "Manufacturing", "Retail",
                    "Logistics", "Energy", "Education", "Telecommunications", "Media",
                    "Construction", "Hospitality", "Government", "Insurance", "Pharmaceuticals"]
SYNTH_COUNTRIES = ["United States", "United Kingdom", "Germany", "France", "Netherlands",
                   "Spain", "Italy", "Sweden", "Norway", "Denmark", "Finland", "Poland",
                   "Austria", "Switzerland", "Belgium", "Ireland", "Portugal", "Canada",
                   "Mexico", "Brazil", "Argentina", "Chile", "Japan", "South Korea",
                   "Singapore", "India", "Australia", "New Zealand", "South Africa", "Israel"]
SYNTH_SOURCES = ["Web form", "Paid search", "Organic search", "Referral", "Event",
                 "Outbound", "Partner", "Webinar"]
SYNTH_LEVELS = ["C-level", "VP", "Director", "Manager", "Individual contributor", "Student"]
SYNTH_PLANS = ["Starter", "Team", "Enterprise"]


def generate_synth(path, n=SYNTH_ROWS, seed=SEED):
    """Writes the synthetic data set to PATH (deterministic for a given seed) and returns
    each row's true probability of converting."""
    rng = np.random.default_rng(seed)

    def pick(levels, p=None):
        return rng.choice(len(levels), size=n, p=p)

    industry = pick(SYNTH_INDUSTRIES)
    country = pick(SYNTH_COUNTRIES, p=np.r_[np.full(5, 0.1), np.full(25, 0.02)])
    source = pick(SYNTH_SOURCES)
    level = pick(SYNTH_LEVELS, p=[0.05, 0.1, 0.2, 0.3, 0.3, 0.05])
    plan = pick(SYNTH_PLANS, p=[0.5, 0.35, 0.15])

    interest = rng.gamma(1.5, 1.0, n)                     # latent, not in the file
    size = np.round(np.exp(rng.normal(5.0, 1.6, n))) + 1
    visits = rng.poisson(2.0 + 3.0 * interest)
    pricing = rng.poisson(0.3 + 0.8 * interest)
    opens = rng.poisson(4.0, n)
    days = rng.uniform(0, 365, n)
    webinar = np.where(rng.random(n) < 0.7, 0.0, np.round(rng.exponential(25.0, n), 1))
    revenue = np.round(np.exp(rng.normal(1.5, 1.2, n)), 3)
    trial = rng.random(n) < 0.15 + 0.1 * np.minimum(interest, 3)
    trial_days = np.where(trial, rng.integers(0, 31, n), -1)
    noise_a = np.round(rng.normal(0, 1, n), 4)
    noise_b = rng.integers(0, 100, n)

    ind_eff = rng.normal(0, 0.5, len(SYNTH_INDUSTRIES))
    cty_eff = rng.normal(0, 0.3, len(SYNTH_COUNTRIES))
    src_eff = rng.normal(0, 0.4, len(SYNTH_SOURCES))
    lvl_eff = np.array([0.6, 0.5, 0.3, 0.0, -0.3, -1.2])
    plan_eff = np.array([-0.2, 0.1, 0.3])

    size_missing = rng.random(n) < 0.08
    z = (0.9 * np.log1p(pricing)
         + np.where((size >= 200) & (size <= 5000), 0.7, 0.0) - np.where(size > 20000, 0.4, 0.0)
         + np.where(size_missing, -0.4, 0.0)
         + np.where(trial & (pricing >= 2), 0.9, 0.0)
         + np.where(trial, 0.02 * np.where(trial_days < 0, 0, trial_days) - 0.2, 0.0)
         + 0.4 * np.sin(days / 365.0 * 2 * np.pi) - 0.003 * days
         + np.where(visits > 10, 0.5, 0.0)
         + np.where(webinar > 30, 0.4, 0.0)
         + 0.15 * np.log1p(revenue) * (plan == 2)
         + ind_eff[industry] + cty_eff[country] + src_eff[source] + lvl_eff[level]
         + plan_eff[plan]
         + np.where((plan == 2) & (SYNTH_SOURCES.index("Outbound") == source), 0.7, 0.0)
         + np.where((level <= 1) & (industry == 0), 0.5, 0.0))
    lo, hi = -15.0, 5.0                                   # intercept for ~10 % positives
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.mean(1 / (1 + np.exp(-(z + mid)))) > 0.10:
            hi = mid
        else:
            lo = mid
    p = 1 / (1 + np.exp(-(z + lo)))
    converted = (rng.random(n) < p).astype(int)

    def miss(frac):
        return rng.random(n) < frac

    m_ind, m_cty, m_src, m_lvl, m_rev, m_vis = (miss(0.05), miss(0.03), miss(0.04), miss(0.1),
                                                miss(0.15), miss(0.02))
    header = ["id", "company_size", "industry", "country", "lead_source", "job_level",
              "plan_interest", "web_visits_30d", "pricing_page_views", "email_opens",
              "days_since_signup", "webinar_minutes", "annual_revenue_musd", "trial_days_used",
              "noise_a", "noise_b", "converted"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i in range(n):
            w.writerow([
                f"S{i:06d}",
                "" if size_missing[i] else str(int(size[i])),
                "" if m_ind[i] else SYNTH_INDUSTRIES[industry[i]],
                "" if m_cty[i] else SYNTH_COUNTRIES[country[i]],
                "" if m_src[i] else SYNTH_SOURCES[source[i]],
                "" if m_lvl[i] else SYNTH_LEVELS[level[i]],
                SYNTH_PLANS[plan[i]],
                "" if m_vis[i] else str(int(visits[i])),
                str(int(pricing[i])),
                str(int(opens[i])),
                f"{days[i]:.1f}",
                f"{webinar[i]:g}",
                "" if m_rev[i] else f"{revenue[i]:g}",
                "" if trial_days[i] < 0 else str(int(trial_days[i])),
                f"{noise_a[i]:g}",
                str(int(noise_b[i])),
                str(int(converted[i])),
            ])
    return p


def load_synth(work_dir):
    path = os.path.join(work_dir, "synth-source.csv")
    p_true = generate_synth(path)
    header, rows, delim = read_csv(path, ",")
    li = header.index("converted")
    y = np.array([int(r[li]) for r in rows], dtype=np.int64)
    features = [c for c in header if c not in ("id", "converted")]
    return Dataset("synth", f"synth: generated (numpy seed {SEED}), {SYNTH_ROWS:,} synthetic leads",
                   delim, header, rows, "id", "converted", y, features,
                   ["numeric features with nonlinear effects and interactions, categorical "
                    "columns with 3-30 levels, missing values (some informative)"],
                   oracle=p_true)


# ---------------------------------------------------------------------------
# Features for the references
# ---------------------------------------------------------------------------

def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def to_float(text):
    if text == "":
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


class Encoder:
    """Learns column kinds and category levels on the train rows."""

    def __init__(self, ds, train_rows):
        hix = {c: i for i, c in enumerate(ds.header)}
        self.ds = ds
        self.id_index = hix[ds.id_col]
        self.cols = []                  # (name, header index, kind, levels dict or None)
        for c in ds.feature_cols:
            i = hix[c]
            values = [r[i].strip() for r in train_rows]
            nonempty = [v for v in values if v != ""]
            if nonempty and all(is_number(v) for v in nonempty):
                self.cols.append((c, i, "num", None))
                continue
            freq = {}
            for v in nonempty:
                freq[v] = freq.get(v, 0) + 1
            ordered = sorted(freq, key=lambda v: (-freq[v], v))
            levels = {v: k for k, v in enumerate(ordered[:MAX_LEVELS])}
            other = len(levels) if len(ordered) > MAX_LEVELS else None
            for v in ordered[MAX_LEVELS:]:
                levels[v] = other
            self.cols.append((c, i, "cat", levels))
        self.n_derived = len(ds.derived_names)

    def describe(self):
        num = [c for c, _, k, _ in self.cols if k == "num"] + self.ds.derived_names
        cat = [f"{c} ({len(set(lv.values()))})" for c, _, k, lv in self.cols if k == "cat"]
        return num, cat

    def _derived(self, rows):
        out = np.full((len(rows), self.n_derived), np.nan)
        if self.n_derived:
            for j, r in enumerate(rows):
                d = self.ds.derived.get(r[self.id_index])
                if d is not None:
                    out[j] = d
        return out

    def ordinal(self, rows):
        """Matrix for HistGradientBoosting and its categorical_features mask."""
        X = np.empty((len(rows), len(self.cols)), dtype=np.float64)
        mask = []
        for k, (_, i, kind, levels) in enumerate(self.cols):
            if kind == "num":
                X[:, k] = [to_float(r[i].strip()) for r in rows]
            else:
                get = levels.get
                X[:, k] = [get(r[i].strip(), math.nan) for r in rows]
            mask.append(kind == "cat")
        X = np.hstack([X, self._derived(rows)])
        mask += [False] * self.n_derived
        return X, np.array(mask, dtype=bool)

    def onehot(self, rows):
        """Matrix for XGBoost: numbers as they are, one column per category level."""
        blocks = []
        for _, i, kind, levels in self.cols:
            if kind == "num":
                blocks.append(np.array([to_float(r[i].strip()) for r in rows])[:, None])
            else:
                width = len(set(levels.values()))
                b = np.zeros((len(rows), width), dtype=np.float64)
                get = levels.get
                codes = np.array([get(r[i].strip(), -1) for r in rows], dtype=np.int64)
                hit = codes >= 0
                b[np.nonzero(hit)[0], codes[hit]] = 1.0
                blocks.append(b)
        blocks.append(self._derived(rows))
        return np.hstack(blocks)


# ---------------------------------------------------------------------------
# Running things
# ---------------------------------------------------------------------------

def metrics(y, p):
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-15, 1 - 1e-15)
    return {"roc_auc": float(roc_auc_score(y, p)),
            "log_loss": float(log_loss(y, p, labels=[0, 1])),
            "brier": float(brier_score_loss(y, p)),
            "mean_probability": float(p.mean())}


def run(cmd, what):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise CommandFailed(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                            + proc.stderr.decode("utf-8", "replace")[-4000:])
    return proc.stdout, proc.stderr.decode("utf-8", "replace"), seconds


def hotlist_commands(cli):
    try:
        out = subprocess.run([cli, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=60).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    cmds = set()
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("  ") and not line.startswith("    ") and parts:
            cmds.add(parts[0])
    return cmds, out


def write_csv(path, delimiter, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_files(ds, wdir, train_idx, test_idx):
    os.makedirs(wdir, exist_ok=True)
    train_path = os.path.join(wdir, "train.csv")
    test_path = os.path.join(wdir, "test.csv")
    big_path = os.path.join(wdir, "big.csv")
    write_csv(train_path, ds.delimiter, ds.header, [ds.rows[i] for i in train_idx])
    keep = [k for k, c in enumerate(ds.header) if c != ds.label_col and c not in ds.test_drop]
    test_header = [ds.header[k] for k in keep]
    test_rows = [[ds.rows[i][k] for k in keep] for i in test_idx]
    write_csv(test_path, ds.delimiter, test_header, test_rows)
    # The test labels, for trying other settings by hand against the same split.
    id_at, label_at = test_header.index(ds.id_col), ds.header.index(ds.label_col)
    write_csv(os.path.join(wdir, "test-labels.csv"), ",", [ds.id_col, ds.label_col],
              [[row[id_at], ds.rows[i][label_at]] for i, row in zip(test_idx, test_rows)])
    if ds.test_drop:
        # The test rows whole (label and close date too), imported only after training.
        write_csv(os.path.join(wdir, "test-closed.csv"), ds.delimiter, ds.header,
                  [ds.rows[i] for i in test_idx])
    # big.csv: the test rows repeated; ids stay unique (the first copy keeps them, later
    # copies get "-rN"), since `score` prints one row per id.
    reps = -(-BIG_ROWS // len(test_rows))
    id_pos = test_header.index(ds.id_col)
    with open(big_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=ds.delimiter, lineterminator="\n")
        w.writerow(test_header)
        w.writerows(test_rows)
        for k in range(1, reps):
            for r in test_rows:
                r = list(r)
                r[id_pos] = f"{r[id_pos]}-r{k}"
                w.writerow(r)
    acts_path = None
    if ds.activities is not None:
        acts_path = os.path.join(wdir, "activities.csv")
        a_header, a_rows, a_delim = ds.activities
        write_csv(acts_path, a_delim, a_header, a_rows)
    return train_path, test_path, big_path, reps * len(test_rows), acts_path


def read_big_rows(path, delimiter, ds):
    """What a Python scorer would do with big.csv: read it and line its columns up."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        pos = {c: i for i, c in enumerate(header)}
        src = [pos.get(c) for c in ds.header]
        rows = []
        for r in reader:
            rows.append([r[i] if i is not None else "" for i in src])
    return rows


def parse_scores(text):
    reader = csv.reader(text.decode("utf-8").splitlines())
    header = next(reader)
    try:
        ii, pi = header.index("id"), header.index("probability")
    except ValueError:
        raise CommandFailed(f"score printed header {header!r}, expected id,score,probability")
    return [(r[ii], float(r[pi])) for r in reader if r]


def run_hotlist(ds, cli, wdir, paths, y_test, test_ids, big_n, repeats):
    train_path, test_path, big_path, _, acts_path = paths
    db = os.path.join(wdir, f"{ds.name}.hotlist")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    res = {}
    out, _, s = run([cli, "--db", db, "import", train_path, "--label", ds.label_col,
                     "--id", ds.id_col, "--json"], "hotlist import")
    res["import_seconds"] = s
    try:
        res["import"] = json.loads(out)
    except ValueError:
        res["import"] = out.decode("utf-8", "replace").strip()
    if acts_path:
        # `score FILE.csv` sees only the file's columns, not the workspace's activities, so
        # the test leads go into the workspace as open leads (no outcome, no close date):
        # Hotlist's test probabilities are the ones it stores for them after `train`.
        out, _, s = run([cli, "--db", db, "import", test_path, "--id", ds.id_col, "--json"],
                        "hotlist import (test leads, open)")
        res["import_test_seconds"] = s
        out, _, s = run([cli, "--db", db, "import-activities", acts_path, "--json"],
                        "hotlist import-activities")
        res["import_activities_seconds"] = s
        try:
            res["import_activities"] = json.loads(out)
        except ValueError:
            res["import_activities"] = out.decode("utf-8", "replace").strip()
    out, _, s = run([cli, "--db", db, "train", "--json"], "hotlist train")
    res["train_seconds"] = s
    try:
        res["train"] = json.loads(out)
    except ValueError:
        raise CommandFailed(f"hotlist train --json printed no JSON: {out[:500]!r}")
    timing_db = db
    if acts_path:
        # Later `train` runs (timing only) use a copy made before the test leads are closed.
        timing_db = db + "-timing"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                shutil.copy(db + suffix, timing_db + suffix)
        # After training, the test leads get their outcome and close date: the model is not
        # retrained, but the leads are rescored as they stood on their close date (activities
        # up to it, recency counted from it), which is what the references see.
        run([cli, "--db", db, "import", os.path.join(wdir, "test-closed.csv"), "--id", ds.id_col,
             "--label", ds.label_col, "--json"], "hotlist import (test leads, closed)")

    out, _, s = run([cli, "--db", db, "score", test_path, "--id", ds.id_col], "hotlist score")
    res["score_test_seconds"] = s
    scores = dict(parse_scores(out))
    missing = [i for i in test_ids if i not in scores]
    if missing:
        raise CommandFailed(f"hotlist score gave no probability for {len(missing)} of "
                            f"{len(test_ids)} test ids (e.g. {missing[:3]})")
    p = np.array([scores[i] for i in test_ids])
    if acts_path:
        res["score_csv"] = metrics(y_test, p)
        out, _, s = run([cli, "--db", db, "export", "--format", "json"], "hotlist export")
        stored = {}
        for lead in json.loads(out):
            if lead.get("external_id") is not None and lead.get("probability") is not None:
                stored[str(lead["external_id"])] = float(lead["probability"])
        missing = [i for i in test_ids if i not in stored]
        if missing:
            raise CommandFailed(f"hotlist export has no probability for {len(missing)} of "
                                f"{len(test_ids)} test leads (e.g. {missing[:3]})")
        p = np.array([stored[i] for i in test_ids])
    res.update(metrics(y_test, p))

    # More `train` runs only for timing (each one trains and activates an equal model).
    # `train --json` also says how long the training itself took (`train_seconds`), apart from
    # rescoring and explaining every lead of the workspace afterwards (`rescore_seconds`).
    train_s = [res["train_seconds"]]
    model_s = [res["train"].get("train_seconds")]
    for _ in range(repeats - 1):
        out, _, s = run([cli, "--db", timing_db, "train", "--json"], "hotlist train")
        train_s.append(s)
        model_s.append(json.loads(out).get("train_seconds"))
    res["train_seconds"], res["train_seconds_all"] = min(train_s), train_s
    if None not in model_s:
        res["train_model_seconds"] = min(model_s)

    score_s = []
    for _ in range(repeats):
        out, _, s = run([cli, "--db", db, "score", big_path, "--id", ds.id_col],
                        "hotlist score (big)")
        n_out = len(parse_scores(out))
        if n_out != big_n:
            log(f"  warning: hotlist score printed {n_out:,} rows for {big_n:,} in big.csv")
        score_s.append(s)
    res["score_seconds"], res["score_seconds_all"] = min(score_s), score_s
    res["score_rows"] = big_n
    res["score_rows_per_s"] = big_n / min(score_s)
    return res


def run_references(ds, train_rows, test_rows, y_train, y_test, big_path, big_n, repeats):
    enc = Encoder(ds, train_rows)
    num, cat = enc.describe()
    log(f"  reference features: {len(num)} numeric [{', '.join(num)}]")
    log(f"                      {len(cat)} categorical [{', '.join(cat)}]")
    out = {}

    # scikit-learn HistGradientBoostingClassifier, defaults.
    Xtr, mask = enc.ordinal(train_rows)
    Xte, _ = enc.ordinal(test_rows)
    hgb = HistGradientBoostingClassifier(categorical_features=mask if mask.any() else None,
                                         random_state=SEED)
    fit_s = []
    for k in range(repeats):
        model = hgb if k == 0 else sklearn.base.clone(hgb)
        t0 = time.perf_counter()
        model.fit(Xtr, y_train)
        fit_s.append(time.perf_counter() - t0)
    r = metrics(y_test, hgb.predict_proba(Xte)[:, 1])
    r.update(train_seconds=min(fit_s), train_seconds_all=fit_s, n_iter=int(hgb.n_iter_))
    out["sklearn"] = r

    # XGBoost, hist, early stopping on a stratified 10 % of the train rows.
    Otr = enc.onehot(train_rows)
    Ote = enc.onehot(test_rows)
    fit_idx, eval_idx = train_test_split(np.arange(len(y_train)), test_size=XGB_EVAL_SIZE,
                                         stratify=y_train, random_state=SEED)
    xgb = xgboost.XGBClassifier(tree_method="hist", n_estimators=2000, early_stopping_rounds=50,
                                eval_metric="logloss", random_state=SEED)
    fit_s = []
    for k in range(repeats):
        model = xgb if k == 0 else sklearn.base.clone(xgb)
        t0 = time.perf_counter()
        model.fit(Otr[fit_idx], y_train[fit_idx], eval_set=[(Otr[eval_idx], y_train[eval_idx])],
                  verbose=False)
        fit_s.append(time.perf_counter() - t0)
    r = metrics(y_test, xgb.predict_proba(Ote)[:, 1])
    r.update(train_seconds=min(fit_s), train_seconds_all=fit_s,
             best_iteration=int(xgb.best_iteration),
             n_features=int(Otr.shape[1]))
    out["xgboost"] = r

    # Scoring throughput on big.csv: predict only, and read + encode + predict.
    for name, model, encode in (("sklearn", hgb, lambda rows: enc.ordinal(rows)[0]),
                                ("xgboost", xgb, enc.onehot)):
        pred_s, e2e_s = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            rows = read_big_rows(big_path, ds.delimiter, ds)
            X = encode(rows)
            t1 = time.perf_counter()
            model.predict_proba(X)
            t2 = time.perf_counter()
            pred_s.append(t2 - t1)
            e2e_s.append(t2 - t0)
            del rows, X
        out[name].update(score_rows=big_n, score_seconds=min(pred_s),
                         score_rows_per_s=big_n / min(pred_s), score_e2e_seconds=min(e2e_s),
                         score_e2e_rows_per_s=big_n / min(e2e_s))
    return out


def load():
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def print_table(name, models):
    log(f"  {'model':<14} {'ROC AUC':>8} {'log loss':>9} {'Brier':>7} {'mean p':>7} "
        f"{'train s':>9} {'rows/s':>11} {'e2e rows/s':>11}")
    for m in ("hotlist", "sklearn", "xgboost"):
        r = models.get(m)
        if r is None:
            continue
        label = {"hotlist": "hotlist", "sklearn": "sklearn HGB",
                 "xgboost": f"xgb, {r.get('best_iteration', 0) + 1} trees"}[m]
        e2e = r.get("score_e2e_rows_per_s", r.get("score_rows_per_s"))
        log(f"  {label:<14} {r['roc_auc']:>8.4f} {r['log_loss']:>9.4f} {r['brier']:>7.4f} "
            f"{r['mean_probability']:>7.4f} "
            f"{r['train_seconds']:>9.2f} {fmt(r.get('score_rows_per_s'), ',.0f'):>11} "
            f"{fmt(e2e, ',.0f'):>11}")
        if m == "hotlist" and "score_csv" in r:
            c = r["score_csv"]
            log(f"  {'  score CSV':<14} {c['roc_auc']:>8.4f} {c['log_loss']:>9.4f} "
                f"{c['brier']:>7.4f} {c['mean_probability']:>7.4f}   (same model, "
                "`score test.csv`: no activities)")
    h = models.get("hotlist")
    verdict = {}
    if h is not None:
        for m, label in (("sklearn", "sklearn"), ("xgboost", "xgboost")):
            r = models[m]
            rt = ratio(h["train_seconds"], r["train_seconds"])
            rm = ratio(h.get("train_model_seconds"), r["train_seconds"])
            rs = ratio(h["score_rows_per_s"], r["score_rows_per_s"])
            re = ratio(h["score_rows_per_s"], r["score_e2e_rows_per_s"])
            log(f"  hotlist/{label}: train time x{fmt(rt, '.2f')} (training alone "
                f"x{fmt(rm, '.2f')}), scoring throughput "
                f"x{fmt(rs, '.2f')} (vs predict only), x{fmt(re, '.2f')} (vs read+encode+predict)")
        verdict = {"auc_ge_sklearn": h["roc_auc"] >= models["sklearn"]["roc_auc"],
                   "auc_ge_xgboost": h["roc_auc"] >= models["xgboost"]["roc_auc"]}
        yn = {True: "yes", False: "no"}
        log(f"  {name}: hotlist AUC >= sklearn: {yn[verdict['auc_ge_sklearn']]}, "
            f">= xgboost: {yn[verdict['auc_ge_xgboost']]}")
    else:
        log(f"  {name}: hotlist not run; reference AUCs only")
    return verdict


def bench_dataset(ds, args, run_cli):
    n, npos = len(ds.y), int(ds.y.sum())
    log(f"== {ds.title}")
    log(f"  {n:,} rows, {npos:,} positive ({100 * npos / n:.1f} %)")
    for note in ds.notes:
        log(f"  {note}")
    idx = np.arange(n)
    train_idx, test_idx = train_test_split(idx, test_size=TEST_SIZE, stratify=ds.y,
                                           random_state=SEED)
    y_train, y_test = ds.y[train_idx], ds.y[test_idx]
    log(f"  split: stratified {100 - 100 * TEST_SIZE:.0f}/{100 * TEST_SIZE:.0f}, seed {SEED}: "
        f"{len(train_idx):,} train ({int(y_train.sum()):,} positive) / {len(test_idx):,} test "
        f"({int(y_test.sum()):,} positive, rate {y_test.mean():.4f}: compare mean p)")
    oracle_auc = None
    if ds.oracle is not None:
        oracle_auc = float(roc_auc_score(y_test, ds.oracle[test_idx]))
        log(f"  ROC AUC of the true probabilities on the test rows (the best any model can "
            f"expect): {oracle_auc:.4f}")
    wdir = os.path.join(args.work, ds.name)
    paths = write_files(ds, wdir, train_idx, test_idx)
    big_n = paths[3]
    train_rows = [ds.rows[i] for i in train_idx]
    test_rows = [ds.rows[i] for i in test_idx]
    log(f"  files: {paths[0]}, {paths[1]}, {paths[2]} ({big_n:,} rows)"
        + (f", {paths[4]}" if paths[4] else ""))

    models = run_references(ds, train_rows, test_rows, y_train, y_test, paths[2], big_n,
                            args.repeats)
    if run_cli:
        hix = ds.header.index(ds.id_col)
        test_ids = [r[hix] for r in test_rows]
        h = run_hotlist(ds, args.cli, wdir, paths, y_test, test_ids, big_n, args.repeats)
        models["hotlist"] = h
        t = h["train"]
        log(f"  hotlist train: model {t.get('model_id')}, n_train {t.get('n_train')}, "
            f"n_valid {t.get('n_valid')}, validation ROC AUC {fmt(t.get('roc_auc'), '.4f')}; "
            f"import {h['import_seconds']:.2f} s"
            + (f", import-activities {h['import_activities_seconds']:.2f} s "
               f"{h.get('import_activities')}" if "import_activities_seconds" in h else ""))
        if "score_csv" in h:
            log("  hotlist test probabilities: the workspace's, after `train` (test leads imported"
                " as open leads, with their activities)")
    if args.repeats > 1:
        log(f"  (times: fastest of {args.repeats} runs)")
    log("  (train s: hotlist = whole `train` process, which also rescores and explains every"
        " lead; \"training alone\" = the `train_seconds` it reports; references = fit() on in-memory arrays."
        " rows/s: hotlist = whole `score` process on big.csv; references = predict_proba on"
        " in-memory arrays; e2e = csv read + encode + predict_proba)")
    verdict = print_table(ds.name, models)
    log()
    return {"rows": n, "positives": npos, "train_rows": int(len(train_idx)),
            "test_rows": int(len(test_idx)), "big_rows": big_n, "notes": ds.notes,
            "oracle_roc_auc": oracle_auc, "models": models, "verdict": verdict}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", help="path to hotlist-cli")
    ap.add_argument("--data", default=os.path.join(here, "..", "data"), help="tests/data")
    ap.add_argument("--demo", default=os.path.join(here, "..", "..", "data", "demo"),
                    help="directory with demo-leads.csv and demo-activities.csv")
    ap.add_argument("--work", help="work directory, kept (default: a new temporary directory, "
                    "removed at the end unless a command failed)")
    ap.add_argument("--datasets", default="bank,demo,synth", help="comma list of bank,demo,synth")
    ap.add_argument("--json", help="write all numbers as JSON to this file")
    ap.add_argument("--repeats", type=int, default=1,
                    help="time each train and big.csv scoring N times and report the fastest "
                    "(default 1; applies to Hotlist and the references alike)")
    ap.add_argument("--references-only", action="store_true",
                    help="run only the Python reference models")
    args = ap.parse_args()
    if args.repeats < 1:
        ap.error("--repeats must be at least 1")
    names = [s.strip() for s in args.datasets.split(",") if s.strip()]
    for s in names:
        if s not in ("bank", "demo", "synth"):
            ap.error(f"unknown data set {s!r}")
    own_work = args.work is None
    if own_work:
        args.work = tempfile.mkdtemp(prefix="hotlist-bench-accuracy-")
    os.makedirs(args.work, exist_ok=True)

    log(f"bench-accuracy: Python {platform.python_version()} ({sys.executable}), numpy "
        f"{np.__version__}, scikit-learn {sklearn.__version__}, xgboost {xgboost.__version__}; "
        f"{os.cpu_count()} CPUs, load average {load()}; work dir {args.work}")
    log(f"Data: {BANK_CITATION}; demo and synth are synthetic.")

    run_cli, skip_reason = False, None
    if args.references_only:
        skip_reason = None
    elif not args.cli:
        skip_reason = "no --cli given"
    else:
        cmds, help_text = hotlist_commands(args.cli)
        if cmds is None:
            skip_reason = f"cannot run {args.cli}: {help_text}"
        elif not {"import", "train", "score"} <= cmds:
            skip_reason = (f"{args.cli} has no {'/'.join(sorted({'train', 'score'} - cmds))} "
                           "command yet")
        else:
            run_cli = True
            if "demo" in names and "import-activities" not in cmds:
                log(f"note: {args.cli} --help lists no import-activities command")
    if skip_reason:
        log(f"Hotlist not run: {skip_reason}; reference models only.")
    log()

    results = {"seed": SEED, "test_size": TEST_SIZE, "repeats": args.repeats,
               "python": platform.python_version(),
               "numpy": np.__version__, "sklearn": sklearn.__version__,
               "xgboost": xgboost.__version__, "cpus": os.cpu_count(), "datasets": {}}
    failed = None
    for name in names:
        try:
            if name == "bank":
                ds = load_bank(args.data)
            elif name == "demo":
                ds, why = load_demo(args.demo)
                if ds is None:
                    log(f"== demo: skipped: {why}\n")
                    results["datasets"]["demo"] = {"skipped": why}
                    continue
            else:
                ds = load_synth(os.path.join(args.work))
            results["datasets"][name] = bench_dataset(ds, args, run_cli)
        except CommandFailed as exc:
            log(f"  FAILED: {exc}")
            failed = failed or str(exc)
            results["datasets"][name] = {"failed": str(exc)}
            log()

    log("Summary (test ROC AUC):")
    for name, d in results["datasets"].items():
        if "models" not in d:
            log(f"  {name:<6} {'skipped' if 'skipped' in d else 'FAILED'}")
            continue
        m = d["models"]
        h = m.get("hotlist")
        line = (f"  {name:<6} hotlist {fmt(h['roc_auc'] if h else None, '.4f'):>6}  sklearn "
                f"{m['sklearn']['roc_auc']:.4f}  xgboost {m['xgboost']['roc_auc']:.4f}")
        if d["verdict"]:
            yn = {True: "yes", False: "no"}
            line += (f"  hotlist AUC >= sklearn: {yn[d['verdict']['auc_ge_sklearn']]}, "
                     f">= xgboost: {yn[d['verdict']['auc_ge_xgboost']]}")
        log(line)
    if "bank" in results["datasets"] and results["datasets"]["bank"].get("verdict"):
        v = results["datasets"]["bank"]["verdict"]
        ok = v["auc_ge_sklearn"] and v["auc_ge_xgboost"]
        log(f"Acceptance rule (bank, without duration): {'met' if ok else 'NOT met'} "
            "(reported only; the benchmark does not fail on numbers)")
    log(f"load average at the end: {load()} (timings are wall clock; a busy machine skews them)")
    results["hotlist_run"] = run_cli
    results["hotlist_skip_reason"] = skip_reason
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, default=str)
        log(f"numbers written to {args.json}")

    if failed:
        log(f"work dir kept for inspection: {args.work}")
        return 1
    if own_work:
        shutil.rmtree(args.work, ignore_errors=True)
    if skip_reason:
        log(f"SKIPPED (Hotlist part): {skip_reason}")
        return SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
