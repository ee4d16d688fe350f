/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the model-evaluation metrics: AUCs, losses, calibration, Platt scaling, z-test. */

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "scoring/hotlist-metrics.h"

/* Marks the current test failed but lets it go on, so one run lists every wrong case. */
static void G_GNUC_PRINTF (1, 2) report_failure (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("%s", message);
  g_test_fail_printf ("%s", message);
}

/* Equal within @tolerance, or both NaN. */
static void
check_close (const char *what, double value, double expected, double tolerance)
{
  if (isnan (expected) && isnan (value))
    return;
  if (isnan (expected) || isnan (value) || !(fabs (value - expected) <= tolerance))
    report_failure ("%s is %.17g, expected %.17g (± %g)", what, value, expected, tolerance);
}

static void
check_nan (const char *what, double value)
{
  if (!isnan (value))
    report_failure ("%s is %.17g, expected NaN", what, value);
}

/* A small labelled sample, with what scikit-learn says about it. */
typedef struct
{
  const char   *name;
  const double *probability;
  const guint8 *label;
  gsize         n;
  double        roc_auc, pr_auc, log_loss, brier, ece;
  double        best_threshold, f1, precision, recall;
  double        decile_conversion[10], decile_lift[10];
} Reference;

/* The expected values below were computed with scikit-learn 1.2.1 and NumPy 1.24 (Debian's
 * /usr/bin/python3): roc_auc_score, average_precision_score, log_loss (eps=1e-15) and
 * brier_score_loss; the ECE with NumPy over bins min(floor(10 p), 9), weighted by bin count;
 * the best threshold by trying every distinct probability t with f1_score, precision_score
 * and recall_score of (p >= t) (each maximum is unique); the deciles from
 * np.argsort(-p, kind="stable"), decile k being items [k n // 10, (k + 1) n // 10). */

/* Hand-written, with tied scores across the classes (0.8 and 0.3). */
static const double set_a_p[] = { 0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.3, 0.3, 0.2, 0.1 };
static const guint8 set_a_y[] = { 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0 };

/* Probabilities on a 0.1 grid, many ties, and confident mistakes at 0 and 1 that the clipping
 * of the log loss bounds. */
static const double set_b_p[] = { 0.6, 0.9, 0.8, 0.2, 0.3, 0.9, 0.0, 0.8, 0.8, 0.5, 0.3, 0.3,
                                  0.3, 0.4, 0.5, 0.6, 1.0, 0.8, 0.6, 1.0, 0.2, 0.0, 1.0 };
static const guint8 set_b_y[] = { 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1,
                                  1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0 };

/* 25 leads, so the deciles have unequal sizes (2 or 3 leads). */
static const double set_c_p[] = { 0.51, 0.85, 0.64, 0.74, 0.09, 0.54, 0.51, 0.87, 0.36,
                                  0.6,  0.06, 0.39, 0.32, 0.15, 0.82, 0.38, 0.98, 0.59,
                                  0.61, 0.64, 0.68, 0.15, 0.44, 0.24, 0.4 };
static const guint8 set_c_y[] = { 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1,
                                  0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0 };

static const Reference references[] = {
  {
      "A",
      set_a_p,
      set_a_y,
      G_N_ELEMENTS (set_a_p),
      0.7714285714285715,
      0.7166666666666666,
      0.5751557729614404,
      0.19854166666666664,
      0.22916666666666666,
      0.55,
      0.7272727272727272,
      0.6666666666666666,
      0.8,
      { 1.0, 1.0, 0.0, 1.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0 },
      { 2.4, 2.4, 0.0, 2.4, 1.2, 0.0, 0.0, 2.4, 0.0, 0.0 },
  },
  {
      "B",
      set_b_p,
      set_b_y,
      G_N_ELEMENTS (set_b_p),
      0.6274509803921569,
      0.7853181547218431,
      3.5129875505127237,
      0.26782608695652177,
      0.30434782608695654,
      0.0,
      0.85,
      0.7391304347826086,
      1.0,
      { 1.0, 0.5, 1.0, 0.6666666666666666, 1.0, 1.0, 0.3333333333333333, 1.0, 1.0,
        0.3333333333333333 },
      { 1.3529411764705883, 0.6764705882352942, 1.3529411764705883, 0.9019607843137255,
        1.3529411764705883, 1.3529411764705883, 0.45098039215686275, 1.3529411764705883,
        1.3529411764705883, 0.45098039215686275 },
  },
  {
      "C",
      set_c_p,
      set_c_y,
      G_N_ELEMENTS (set_c_p),
      0.7100000000000001,
      0.6726190476190476,
      0.6424658228149441,
      0.22839199999999998,
      0.19840000000000005,
      0.64,
      0.6666666666666665,
      0.75,
      0.6,
      { 1.0, 0.3333333333333333, 1.0, 0.3333333333333333, 0.0, 0.6666666666666666, 0.0,
        0.3333333333333333, 0.5, 0.0 },
      { 2.5, 0.8333333333333333, 2.5, 0.8333333333333333, 0.0, 1.6666666666666665, 0.0,
        0.8333333333333333, 1.25, 0.0 },
  },
};

#define TOL 1e-12

static void
check_reference (const Reference *ref)
{
  HotlistMetrics m;
  guint          n_pos = 0;
  char           what[64];

  for (gsize i = 0; i < ref->n; i++)
    n_pos += ref->label[i];

  hotlist_metrics_compute (ref->probability, ref->label, ref->n, &m);
  if (m.n != ref->n || m.n_pos != n_pos)
    report_failure ("set %s: n = %u, n_pos = %u, expected %u and %u", ref->name, m.n, m.n_pos,
                    (guint)ref->n, n_pos);

#define CHECK(field, expected)                                       \
  G_STMT_START                                                       \
  {                                                                  \
    g_snprintf (what, sizeof what, "set %s: %s", ref->name, #field); \
    check_close (what, m.field, expected, TOL);                      \
  }                                                                  \
  G_STMT_END

  CHECK (base_rate, (double)n_pos / (double)ref->n);
  CHECK (roc_auc, ref->roc_auc);
  CHECK (pr_auc, ref->pr_auc);
  CHECK (log_loss, ref->log_loss);
  CHECK (brier, ref->brier);
  CHECK (ece, ref->ece);
  CHECK (best_threshold, ref->best_threshold);
  CHECK (f1, ref->f1);
  CHECK (precision, ref->precision);
  CHECK (recall, ref->recall);
#undef CHECK

  for (guint k = 0; k < 10; k++)
    {
      g_snprintf (what, sizeof what, "set %s: decile_conversion[%u]", ref->name, k);
      check_close (what, m.decile_conversion[k], ref->decile_conversion[k], TOL);
      g_snprintf (what, sizeof what, "set %s: decile_lift[%u]", ref->name, k);
      check_close (what, m.decile_lift[k], ref->decile_lift[k], TOL);
    }

  /* The stand-alone functions agree with the sklearn values too. */
  g_snprintf (what, sizeof what, "set %s: hotlist_metrics_roc_auc", ref->name);
  check_close (what, hotlist_metrics_roc_auc (ref->probability, ref->label, ref->n), ref->roc_auc,
               TOL);
  g_snprintf (what, sizeof what, "set %s: hotlist_metrics_pr_auc", ref->name);
  check_close (what, hotlist_metrics_pr_auc (ref->probability, ref->label, ref->n), ref->pr_auc,
               TOL);
  g_snprintf (what, sizeof what, "set %s: hotlist_metrics_log_loss", ref->name);
  check_close (what, hotlist_metrics_log_loss (ref->probability, ref->label, ref->n), ref->log_loss,
               TOL);
  g_snprintf (what, sizeof what, "set %s: hotlist_metrics_brier", ref->name);
  check_close (what, hotlist_metrics_brier (ref->probability, ref->label, ref->n), ref->brier, TOL);
  g_snprintf (what, sizeof what, "set %s: hotlist_metrics_ece", ref->name);
  check_close (what, hotlist_metrics_ece (ref->probability, ref->label, ref->n), ref->ece, TOL);
}

static void
test_reference_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    check_reference (&references[i]);
}

static void
test_roc_auc_all_tied (void)
{
  double p[8];
  guint8 y[8] = { 1, 0, 0, 1, 0, 1, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (p); i++)
    p[i] = 0.37;
  check_close ("AUC of all-equal scores", hotlist_metrics_roc_auc (p, y, 8), 0.5, 0);
}

/* Hand-worked: positives {3, 2}, negatives {2, 1}: pairs (3,2) 1, (3,1) 1, (2,2) ½, (2,1) 1. */
static void
test_roc_auc_half_credit (void)
{
  const double p[] = { 3, 2, 2, 1 };
  const guint8 y[] = { 1, 1, 0, 0 };

  check_close ("AUC with one tied pair", hotlist_metrics_roc_auc (p, y, 4), 3.5 / 4, 0);
}

static void
test_roc_auc_reversed (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240501);
  enum
  {
    N = 5000
  };
  g_autofree double *p = g_new (double, N);
  g_autofree double *neg = g_new (double, N);
  g_autofree guint8 *y = g_new (guint8, N);
  g_autofree guint8 *flipped = g_new (guint8, N);
  double             auc;

  for (guint i = 0; i < N; i++)
    {
      /* Coarse scores so that many pairs tie. */
      p[i] = floor (g_rand_double (rand) * 50) / 50;
      y[i] = g_rand_double (rand) < 0.2 + 0.6 * p[i];
      neg[i] = -p[i];
      flipped[i] = !y[i];
    }
  auc = hotlist_metrics_roc_auc (p, y, N);
  if (!(auc > 0.6 && auc < 0.9))
    report_failure ("AUC of an informative score is %g", auc);
  check_close ("AUC of reversed scores", hotlist_metrics_roc_auc (neg, y, N), 1 - auc, 1e-12);
  check_close ("AUC with labels swapped", hotlist_metrics_roc_auc (p, flipped, N), 1 - auc, 1e-12);

  for (guint r = 0; r < G_N_ELEMENTS (references); r++)
    {
      const Reference *ref = &references[r];
      double           rev[32];

      g_assert_cmpuint (ref->n, <=, G_N_ELEMENTS (rev));
      for (gsize i = 0; i < ref->n; i++)
        rev[i] = 1 - ref->probability[i];
      check_close ("AUC of reversed reference scores",
                   hotlist_metrics_roc_auc (rev, ref->label, ref->n), 1 - ref->roc_auc, 1e-12);
    }
}

/* A million leads on 1000 score levels: the sort must be O(n log n) to finish in time, and
 * the AUC must match one counted from a histogram, an algorithm that needs no sort. */
static void
test_roc_auc_large (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  enum
  {
    N = 1000000,
    LEVELS = 1000
  };
  g_autofree double  *p = g_new (double, N);
  g_autofree guint8  *y = g_new (guint8, N);
  g_autofree guint64 *pos = g_new0 (guint64, LEVELS);
  g_autofree guint64 *neg = g_new0 (guint64, LEVELS);
  guint64             n_pos = 0, n_neg = 0, neg_below = 0;
  double              wins = 0, expected;
  HotlistMetrics      m;

  for (guint i = 0; i < N; i++)
    {
      /* Ascending input, the classic worst case of a naive quicksort. */
      guint level = (guint)((guint64)i * LEVELS / N);

      p[i] = (level + 0.5) / LEVELS;
      y[i] = g_rand_double (rand) < p[i] * 0.5;
      if (y[i])
        pos[level]++;
      else
        neg[level]++;
    }
  for (guint l = 0; l < LEVELS; l++)
    {
      wins += pos[l] * (neg_below + 0.5 * neg[l]);
      neg_below += neg[l];
      n_pos += pos[l];
      n_neg += neg[l];
    }
  expected = wins / ((double)n_pos * (double)n_neg);

  check_close ("AUC of a million leads", hotlist_metrics_roc_auc (p, y, N), expected, 1e-12);
  hotlist_metrics_compute (p, y, N, &m);
  check_close ("AUC of a million leads via compute", m.roc_auc, expected, 1e-12);
  check_close ("base rate of a million leads", m.base_rate, (double)n_pos / N, 1e-15);
  /* The top decile holds exactly the top 100 levels. */
  {
    guint64 top = 0;

    for (guint l = LEVELS - 100; l < LEVELS; l++)
      top += pos[l];
    check_close ("top decile of a million leads", m.decile_conversion[0], top / (N / 10.0), 1e-15);
  }
}

static void
test_pr_auc_edges (void)
{
  const double p[] = { 0.9, 0.7, 0.4, 0.2 };
  const guint8 perfect[] = { 1, 1, 0, 0 };
  const guint8 all_pos[] = { 1, 1, 1, 1 };
  const guint8 no_pos[] = { 0, 0, 0, 0 };
  /* Hand-worked: positives at ranks 2 and 4: ½ · ½ + ½ · 2/4 = 0.5. */
  const guint8 second_and_last[] = { 0, 1, 0, 1 };
  /* All tied: one step to recall 1 at precision 2/4. */
  const double tied[] = { 0.5, 0.5, 0.5, 0.5 };

  check_close ("AP of a perfect ranking", hotlist_metrics_pr_auc (p, perfect, 4), 1, 1e-15);
  check_close ("AP without negatives", hotlist_metrics_pr_auc (p, all_pos, 4), 1, 1e-15);
  check_nan ("AP without positives", hotlist_metrics_pr_auc (p, no_pos, 4));
  check_close ("AP, positives 2nd and 4th", hotlist_metrics_pr_auc (p, second_and_last, 4), 0.5,
               1e-15);
  check_close ("AP of tied scores", hotlist_metrics_pr_auc (tied, perfect, 4), 0.5, 1e-15);
}

static void
test_one_class (void)
{
  const double   p[] = { 0.1, 0.4, 0.4, 0.8, 0.3 };
  const guint8   none[] = { 0, 0, 0, 0, 0 };
  const guint8   all[] = { 1, 1, 1, 1, 1 };
  HotlistMetrics m;

  hotlist_metrics_compute (p, none, 5, &m);
  if (m.n != 5 || m.n_pos != 0)
    report_failure ("no conversions: n = %u, n_pos = %u", m.n, m.n_pos);
  check_close ("no conversions: base rate", m.base_rate, 0, 0);
  check_nan ("no conversions: roc_auc", m.roc_auc);
  check_nan ("no conversions: pr_auc", m.pr_auc);
  check_nan ("no conversions: best_threshold", m.best_threshold);
  check_nan ("no conversions: f1", m.f1);
  check_nan ("no conversions: lift[0]", m.decile_lift[0]);
  /* Brier and log loss stay defined: mean of p² and of −log(1 − p). */
  check_close ("no conversions: brier", m.brier, (0.01 + 0.16 + 0.16 + 0.64 + 0.09) / 5, 1e-15);
  check_close ("no conversions: log_loss", m.log_loss,
               -(log (0.9) + 2 * log (0.6) + log (0.2) + log (0.7)) / 5, 1e-15);
  check_nan ("hotlist_metrics_roc_auc without conversions", hotlist_metrics_roc_auc (p, none, 5));

  hotlist_metrics_compute (p, all, 5, &m);
  check_nan ("all converted: roc_auc", m.roc_auc);
  check_close ("all converted: pr_auc", m.pr_auc, 1, 0);
  check_close ("all converted: f1", m.f1, 1, 0);
  check_close ("all converted: best_threshold", m.best_threshold, 0.1, 0);
  check_close ("all converted: lift[9]", m.decile_lift[9], 1, 0);

  hotlist_metrics_compute (NULL, NULL, 0, &m);
  if (m.n != 0 || m.n_pos != 0)
    report_failure ("empty: n = %u, n_pos = %u", m.n, m.n_pos);
  check_nan ("empty: base_rate", m.base_rate);
  check_nan ("empty: log_loss", m.log_loss);
  check_nan ("empty: brier", m.brier);
  check_nan ("empty: ece", m.ece);
  check_nan ("empty: decile_conversion[0]", m.decile_conversion[0]);
}

/* Hand-worked: F1 = 2 TP / (flagged + positives) is 2/3 both at 0.8 (TP 1, 1 flagged) and at
 * 0.2 (TP 2, 4 flagged); the higher threshold wins. */
static void
test_best_threshold_tie (void)
{
  const double   p[] = { 0.2, 0.4, 0.6, 0.8 };
  const guint8   y[] = { 1, 0, 0, 1 };
  HotlistMetrics m;

  hotlist_metrics_compute (p, y, 4, &m);
  check_close ("tied F1: threshold", m.best_threshold, 0.8, 0);
  check_close ("tied F1: f1", m.f1, 2.0 / 3, 1e-15);
  check_close ("tied F1: precision", m.precision, 1, 0);
  check_close ("tied F1: recall", m.recall, 0.5, 0);
}

static void
test_deciles_stable (void)
{
  double         p[20];
  guint8         y[20] = { 0 };
  const double   few_p[] = { 0.1, 0.9, 0.5, 0.7, 0.3 };
  const guint8   few_y[] = { 0, 1, 1, 0, 0 };
  HotlistMetrics m;

  /* Every score tied: input order decides, so the two first leads form the top decile. */
  for (guint i = 0; i < 20; i++)
    p[i] = 0.5;
  y[0] = y[1] = 1;
  hotlist_metrics_compute (p, y, 20, &m);
  check_close ("tied deciles: top", m.decile_conversion[0], 1, 0);
  check_close ("tied deciles: top lift", m.decile_lift[0], 10, 1e-12);
  for (guint k = 1; k < 10; k++)
    check_close ("tied deciles: others", m.decile_conversion[k], 0, 0);

  /* Five leads: deciles k hold [k·5/10, (k+1)·5/10), so the even ones are empty. Sorted, the
   * leads are 0.9 (1), 0.7 (0), 0.5 (1), 0.3 (0), 0.1 (0). */
  hotlist_metrics_compute (few_p, few_y, 5, &m);
  for (guint k = 0; k < 10; k += 2)
    check_nan ("five leads: empty decile", m.decile_conversion[k]);
  check_close ("five leads: decile 1", m.decile_conversion[1], 1, 0);
  check_close ("five leads: decile 3", m.decile_conversion[3], 0, 0);
  check_close ("five leads: decile 5", m.decile_conversion[5], 1, 0);
  check_close ("five leads: decile 5 lift", m.decile_lift[5], 2.5, 1e-15);
  check_close ("five leads: decile 9", m.decile_conversion[9], 0, 0);
}

static void
test_ece_synthetic (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  enum
  {
    N = 200000
  };
  g_autofree double *p = g_new (double, N);
  g_autofree guint8 *calibrated = g_new (guint8, N);
  g_autofree guint8 *squashed = g_new (guint8, N);
  double             ece;

  for (guint i = 0; i < N; i++)
    {
      double u = g_rand_double (rand);

      p[i] = g_rand_double (rand);
      calibrated[i] = u < p[i];
      /* The true rate is p², so the model overstates it by p − p², 1/6 on average. */
      squashed[i] = u < p[i] * p[i];
    }
  ece = hotlist_metrics_ece (p, calibrated, N);
  if (!(ece < 0.01))
    report_failure ("ECE of a calibrated sample is %g, expected below 0.01", ece);
  ece = hotlist_metrics_ece (p, squashed, N);
  if (!(ece > 0.15 && ece < 0.18))
    report_failure ("ECE of a miscalibrated sample is %g, expected about 1/6", ece);
}

/* Margins and labels drawn once with NumPy (1.3 m − 0.4 logistic truth). */
static const double platt_margin[] = { 1.337,  -0.68,  2.104,  -0.011, 1.167,  -2.582, 0.693,
                                       -3.376, -4.071, -0.609, -1.8,   0.328,  4.49,   -1.663,
                                       -1.248, 0.411,  0.986,  -0.353, -0.412, 1.405 };
static const guint8 platt_label[] = { 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1 };

static void
test_platt_reference (void)
{
  double a = 0, b = 0;

  /* The minimum of the cross-entropy against Platt's smoothed targets, found with
   * scipy.optimize.minimize (BFGS) and polished with Newton steps in NumPy; sklearn's
   * calibration._sigmoid_calibration gives a = 1.12732996, b = −0.78800859 (to its looser
   * tolerance). */
  if (!hotlist_metrics_platt_fit (platt_margin, platt_label, G_N_ELEMENTS (platt_margin), &a, &b))
    report_failure ("Platt fit of the reference sample failed");
  check_close ("Platt a", a, 1.1273298829614031, 1e-7);
  check_close ("Platt b", b, -0.7880087947656439, 1e-7);
  check_close ("Platt apply", hotlist_metrics_platt_apply (2, a, b), 1 / (1 + exp (-(2 * a + b))),
               1e-15);
  check_close ("Platt apply, far negative", hotlist_metrics_platt_apply (-1000, 1, 0), 0, 1e-300);
}

static double
gaussian (GRand *rand)
{
  double u = g_rand_double (rand);
  double v = g_rand_double (rand);

  return sqrt (-2 * log1p (-u)) * cos (2 * G_PI * v);
}

static void
test_platt_recovers (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (1999);
  enum
  {
    N = 100000
  };
  g_autofree double *margin = g_new (double, N);
  g_autofree guint8 *label = g_new (guint8, N);
  const double       true_a = 1.5, true_b = -0.7;
  double             a = 0, b = 0;

  for (guint i = 0; i < N; i++)
    {
      margin[i] = 2 * gaussian (rand);
      label[i] = g_rand_double (rand) < 1 / (1 + exp (-(true_a * margin[i] + true_b)));
    }
  if (!hotlist_metrics_platt_fit (margin, label, N, &a, &b))
    report_failure ("Platt fit of a large sample failed");
  /* The standard errors are about 0.01 at this size. */
  check_close ("recovered a", a, true_a, 0.05);
  check_close ("recovered b", b, true_b, 0.05);
}

static void
test_platt_fails (void)
{
  const double m[] = { -1, 0.5, 2 };
  const double bad[] = { -1, NAN, 2 };
  const guint8 none[] = { 0, 0, 0 };
  const guint8 some[] = { 0, 1, 1 };
  double       a = 7, b = 7;

  if (hotlist_metrics_platt_fit (m, none, 3, &a, &b))
    report_failure ("Platt fit without conversions succeeded");
  if (a != 1 || b != 0)
    report_failure ("failed Platt fit gave a = %g, b = %g, expected 1 and 0", a, b);
  a = b = 7;
  if (hotlist_metrics_platt_fit (bad, some, 3, &a, &b))
    report_failure ("Platt fit with a NaN margin succeeded");
  if (a != 1 || b != 0)
    report_failure ("failed Platt fit gave a = %g, b = %g, expected 1 and 0", a, b);
  /* Perfectly separated classes still converge, thanks to the smoothed targets. */
  if (!hotlist_metrics_platt_fit (m, some, 3, &a, &b) || !(a > 0))
    report_failure ("Platt fit of separable classes gave a = %g, b = %g", a, b);
}

static void
test_two_proportion_z (void)
{
  double z = NAN, p = NAN;

  /* By hand: rates 0.12 and 0.09, pooled 210/2000 = 0.105,
   * se = √(0.105 · 0.895 · (1/1000 + 1/1000)) = √0.00018795 = 0.0137095...,
   * z = 0.03 / se = 2.18827; p = 2 (1 − Φ(2.18827)) = 0.02865 (scipy: norm.sf ×2 gives
   * 0.028650240398448473 for z = 2.1882658846227234). */
  hotlist_metrics_two_proportion_z (120, 1000, 90, 1000, &z, &p);
  check_close ("z for 120/1000 vs 90/1000", z, 2.1882658846227234, 1e-12);
  check_close ("p for 120/1000 vs 90/1000", p, 0.028650240398448473, 1e-12);
  hotlist_metrics_two_proportion_z (90, 1000, 120, 1000, &z, &p);
  check_close ("z for 90/1000 vs 120/1000", z, -2.1882658846227234, 1e-12);
  check_close ("p for 90/1000 vs 120/1000", p, 0.028650240398448473, 1e-12);

  /* Unequal groups; reference from NumPy and scipy.stats.norm.sf. */
  hotlist_metrics_two_proportion_z (30, 200, 45, 250, &z, &p);
  check_close ("z for 30/200 vs 45/250", z, -0.8485281374238568, 1e-12);
  check_close ("p for 30/200 vs 45/250", p, 0.3961439091520741, 1e-12);

  hotlist_metrics_two_proportion_z (50, 1000, 50, 1000, &z, &p);
  check_close ("z for equal rates", z, 0, 0);
  check_close ("p for equal rates", p, 1, 0);

  hotlist_metrics_two_proportion_z (5, 10, 0, 0, &z, &p);
  check_close ("z with an empty group", z, 0, 0);
  check_close ("p with an empty group", p, 1, 0);
  hotlist_metrics_two_proportion_z (0, 10, 0, 20, &z, &p);
  check_close ("z with no conversions", z, 0, 0);
  check_close ("p with no conversions", p, 1, 0);
  hotlist_metrics_two_proportion_z (10, 10, 20, 20, &z, &p);
  check_close ("z with only conversions", z, 0, 0);
  check_close ("p with only conversions", p, 1, 0);
}

static JsonObject *
round_trip (const HotlistMetrics *m, HotlistMetrics *back)
{
  g_autoptr (JsonBuilder)   builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonParser)    parser = json_parser_new ();
  g_autoptr (JsonNode)      root = NULL;
  g_autofree char          *text = NULL;
  g_autoptr (GError)        error = NULL;
  JsonNode                 *parsed;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "test");
  hotlist_metrics_add_to_builder (m, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      report_failure ("metrics JSON does not parse: %s\n%s", error->message, text);
      return NULL;
    }
  parsed = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));
  hotlist_metrics_from_json (json_node_get_object (parsed), back);
  return json_object_ref (json_node_get_object (parsed));
}

static void
check_same_metrics (const char *what, const HotlistMetrics *m, const HotlistMetrics *back)
{
  char label[96];

  if (back->n != m->n || back->n_pos != m->n_pos)
    report_failure ("%s: n, n_pos read back as %u, %u, expected %u, %u", what, back->n, back->n_pos,
                    m->n, m->n_pos);
#define SAME(field)                                                      \
  G_STMT_START                                                           \
  {                                                                      \
    g_snprintf (label, sizeof label, "%s: %s", what, #field);            \
    check_close (label, back->field, m->field, 1e-15 * fabs (m->field)); \
  }                                                                      \
  G_STMT_END
  SAME (base_rate);
  SAME (roc_auc);
  SAME (pr_auc);
  SAME (log_loss);
  SAME (brier);
  SAME (ece);
  SAME (best_threshold);
  SAME (precision);
  SAME (recall);
  SAME (f1);
  for (guint k = 0; k < 10; k++)
    {
      SAME (decile_conversion[k]);
      SAME (decile_lift[k]);
    }
#undef SAME
}

static void
test_json_round_trip (void)
{
  HotlistMetrics m, back;
  const guint8   none[] = { 0, 0, 0, 0, 0 };
  const char    *members[] = {
       "roc_auc",   "pr_auc", "log_loss", "brier", "ece",   "base_rate", "best_threshold",
       "precision", "recall", "f1",       "n",     "n_pos", "lift",      "decile_conversion"
  };
  g_autoptr (JsonObject) object = NULL;

  hotlist_metrics_compute (set_c_p, set_c_y, G_N_ELEMENTS (set_c_p), &m);
  object = round_trip (&m, &back);
  g_assert_nonnull (object);
  check_same_metrics ("round trip", &m, &back);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!json_object_has_member (object, members[i]))
      report_failure ("metrics JSON lacks \"%s\"", members[i]);
  if (json_array_get_length (json_object_get_array_member (object, "lift")) != 10)
    report_failure ("\"lift\" does not hold 10 deciles");
  check_close ("lift[0] in the JSON",
               json_array_get_double_element (json_object_get_array_member (object, "lift"), 0),
               m.decile_lift[0], 0);
  g_clear_pointer (&object, json_object_unref);

  /* NaN is written as null and read back as NaN. */
  hotlist_metrics_compute (set_a_p, none, 5, &m);
  object = round_trip (&m, &back);
  g_assert_nonnull (object);
  if (!json_object_get_null_member (object, "roc_auc"))
    report_failure ("an undefined roc_auc is not written as null");
  if (!json_node_is_null (
          json_array_get_element (json_object_get_array_member (object, "lift"), 3)))
    report_failure ("an undefined lift is not written as null");
  check_same_metrics ("round trip without conversions", &m, &back);
}

static void
test_json_missing (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  HotlistMetrics         m;

  memset (&m, 0, sizeof m);
  g_assert_true (json_parser_load_from_data (
      parser, "{\"roc_auc\": 0.75, \"n\": 40, \"ece\": \"bad\", \"lift\": [2, null]}", -1, NULL));
  hotlist_metrics_from_json (json_node_get_object (json_parser_get_root (parser)), &m);
  check_close ("roc_auc read", m.roc_auc, 0.75, 0);
  if (m.n != 40 || m.n_pos != 0)
    report_failure ("n, n_pos read as %u, %u, expected 40 and 0", m.n, m.n_pos);
  check_nan ("missing pr_auc", m.pr_auc);
  check_nan ("missing brier", m.brier);
  check_nan ("non-numeric ece", m.ece);
  check_close ("integer lift[0]", m.decile_lift[0], 2, 0);
  check_nan ("null lift[1]", m.decile_lift[1]);
  check_nan ("missing lift[2]", m.decile_lift[2]);
  check_nan ("missing decile_conversion[0]", m.decile_conversion[0]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/reference/sklearn", test_reference_values);
  g_test_add_func ("/metrics/roc-auc/all-tied", test_roc_auc_all_tied);
  g_test_add_func ("/metrics/roc-auc/half-credit", test_roc_auc_half_credit);
  g_test_add_func ("/metrics/roc-auc/reversed", test_roc_auc_reversed);
  g_test_add_func ("/metrics/roc-auc/large", test_roc_auc_large);
  g_test_add_func ("/metrics/pr-auc/edges", test_pr_auc_edges);
  g_test_add_func ("/metrics/one-class", test_one_class);
  g_test_add_func ("/metrics/best-threshold/tie", test_best_threshold_tie);
  g_test_add_func ("/metrics/deciles/stable", test_deciles_stable);
  g_test_add_func ("/metrics/ece/synthetic", test_ece_synthetic);
  g_test_add_func ("/metrics/platt/reference", test_platt_reference);
  g_test_add_func ("/metrics/platt/recovers", test_platt_recovers);
  g_test_add_func ("/metrics/platt/fails", test_platt_fails);
  g_test_add_func ("/metrics/z-test", test_two_proportion_z);
  g_test_add_func ("/metrics/json/round-trip", test_json_round_trip);
  g_test_add_func ("/metrics/json/missing", test_json_missing);

  return g_test_run ();
}
