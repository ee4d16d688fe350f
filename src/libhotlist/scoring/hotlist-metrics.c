/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evaluation statistics for a binary lead-conversion classifier, computed on plain arrays. */

#include "hotlist-metrics.h"

#include <math.h>
#include <stdlib.h>

#define LOG_LOSS_EPSILON 1e-15

/* Platt calibration, after Lin, Lin and Weng (2007), "A note on Platt's probabilistic outputs
 * for support vector machines". */
#define PLATT_MAX_ITERATIONS 100
#define PLATT_MIN_STEP 1e-10
#define PLATT_SIGMA 1e-12

typedef struct
{
  double score;
  gsize  index;
  guint8 positive;
} ScoredItem;

/* Highest score first; equal scores keep their input order, which makes qsort stable. NaN
 * sorts after every number. */
static int
compare_scored_items (const void *pa, const void *pb)
{
  const ScoredItem *a = pa;
  const ScoredItem *b = pb;
  gboolean          a_nan, b_nan;

  if (a->score > b->score)
    return -1;
  if (a->score < b->score)
    return 1;
  a_nan = isnan (a->score);
  b_nan = isnan (b->score);
  if (a_nan != b_nan)
    return a_nan ? 1 : -1;
  if (a->index < b->index)
    return -1;
  return a->index > b->index ? 1 : 0;
}

static gboolean
same_score (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Returns the items sorted by descending score, stable for ties, and counts the positives. */
static ScoredItem *
sort_scored (const double *score, const guint8 *label, gsize n, gsize *n_pos)
{
  ScoredItem *items = g_new (ScoredItem, MAX (n, 1));
  gsize       pos = 0;

  for (gsize i = 0; i < n; i++)
    {
      items[i].score = score[i];
      items[i].index = i;
      items[i].positive = label[i] != 0;
      pos += items[i].positive;
    }
  if (n > 1)
    qsort (items, n, sizeof (ScoredItem), compare_scored_items);
  *n_pos = pos;
  return items;
}

/* Mann–Whitney: each (positive, negative) pair counts 1 when the positive scores higher and
 * 1/2 when they tie. The count of half-pairs is exact in 64 bits for any array that fits in
 * memory. */
static double
roc_auc_sorted (const ScoredItem *items, gsize n, gsize n_pos)
{
  gsize   n_neg = n - n_pos;
  guint64 half_pairs = 0;
  guint64 pos_above = 0;

  if (n_pos == 0 || n_neg == 0)
    return NAN;

  for (gsize start = 0; start < n;)
    {
      gsize   end = start + 1;
      guint64 pos_here = items[start].positive;

      while (end < n && same_score (items[end].score, items[start].score))
        pos_here += items[end++].positive;
      /* Negatives in this group lose to every positive above it and tie with those here. */
      half_pairs += (guint64)(end - start - pos_here) * (2 * pos_above + pos_here);
      pos_above += pos_here;
      start = end;
    }
  return (double)half_pairs / (2.0 * (double)n_pos * (double)n_neg);
}

/* Σ (R_k − R_{k−1}) P_k over the distinct thresholds, highest first. */
static double
pr_auc_sorted (const ScoredItem *items, gsize n, gsize n_pos)
{
  double ap = 0;
  gsize  tp = 0;

  if (n_pos == 0)
    return NAN;

  for (gsize start = 0; start < n;)
    {
      gsize end = start + 1;
      gsize pos_here = items[start].positive;

      while (end < n && same_score (items[end].score, items[start].score))
        pos_here += items[end++].positive;
      tp += pos_here;
      if (pos_here > 0)
        ap += ((double)pos_here / (double)n_pos) * ((double)tp / (double)end);
      start = end;
    }
  return ap;
}

/* Tries each distinct score as a threshold, highest first, keeping the first best F1. */
static void
best_f1_sorted (const ScoredItem *items, gsize n, gsize n_pos, HotlistMetrics *out)
{
  double best = -1;
  gsize  tp = 0;

  out->best_threshold = out->precision = out->recall = out->f1 = NAN;
  if (n_pos == 0)
    return;

  for (gsize start = 0; start < n;)
    {
      gsize  end = start + 1;
      double f1;

      tp += items[start].positive;
      while (end < n && same_score (items[end].score, items[start].score))
        tp += items[end++].positive;
      /* F1 = 2 TP / (2 TP + FP + FN) = 2 TP / (flagged + positives). */
      f1 = 2.0 * (double)tp / ((double)end + (double)n_pos);
      if (f1 > best && !isnan (items[start].score))
        {
          best = f1;
          out->best_threshold = items[start].score;
          out->precision = (double)tp / (double)end;
          out->recall = (double)tp / (double)n_pos;
          out->f1 = f1;
        }
      start = end;
    }
}

static void
deciles_sorted (const ScoredItem *items, gsize n, double base_rate, HotlistMetrics *out)
{
  for (gsize k = 0; k < HOTLIST_METRICS_N_DECILES; k++)
    {
      gsize first = k * n / HOTLIST_METRICS_N_DECILES;
      gsize last = (k + 1) * n / HOTLIST_METRICS_N_DECILES;
      gsize pos = 0;

      for (gsize i = first; i < last; i++)
        pos += items[i].positive;
      if (last > first)
        out->decile_conversion[k] = (double)pos / (double)(last - first);
      else
        out->decile_conversion[k] = NAN;
      if (base_rate > 0)
        out->decile_lift[k] = out->decile_conversion[k] / base_rate;
      else
        out->decile_lift[k] = NAN;
    }
}

static void
metrics_clear (HotlistMetrics *out)
{
  out->n = out->n_pos = 0;
  out->base_rate = out->roc_auc = out->pr_auc = out->log_loss = out->brier = out->ece = NAN;
  out->best_threshold = out->precision = out->recall = out->f1 = NAN;
  for (guint k = 0; k < HOTLIST_METRICS_N_DECILES; k++)
    out->decile_conversion[k] = out->decile_lift[k] = NAN;
}

/**
 * hotlist_metrics_compute:
 * @probability: (array length=n): the predicted probability of conversion of each lead
 * @label: (array length=n): whether each lead converted (any non-zero value means it did)
 * @n: the number of leads
 * @out: (out caller-allocates): where to store the metrics
 *
 * Computes every statistic of #HotlistMetrics with one O(n log n) sort. Probabilities are
 * expected to be numbers in [0, 1]; a NaN probability makes the statistics it enters NaN.
 */
void
hotlist_metrics_compute (const double   *probability,
                         const guint8   *label,
                         gsize           n,
                         HotlistMetrics *out)
{
  g_autofree ScoredItem *items = NULL;
  gsize                  n_pos = 0;

  g_return_if_fail (out != NULL);
  metrics_clear (out);
  g_return_if_fail (n == 0 || (probability != NULL && label != NULL));
  g_return_if_fail (n <= G_MAXUINT);
  if (n == 0)
    return;

  items = sort_scored (probability, label, n, &n_pos);
  out->n = n;
  out->n_pos = n_pos;
  out->base_rate = (double)n_pos / (double)n;
  out->roc_auc = roc_auc_sorted (items, n, n_pos);
  out->pr_auc = pr_auc_sorted (items, n, n_pos);
  out->log_loss = hotlist_metrics_log_loss (probability, label, n);
  out->brier = hotlist_metrics_brier (probability, label, n);
  out->ece = hotlist_metrics_ece (probability, label, n);
  best_f1_sorted (items, n, n_pos, out);
  deciles_sorted (items, n, out->base_rate, out);
}

/**
 * hotlist_metrics_roc_auc:
 * @score: (array length=n): a score for each lead, higher meaning likelier to convert
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 *
 * The area under the ROC curve: the chance that a random converted lead scores higher than a
 * random lost one, tied scores counting one half (the Mann–Whitney U statistic divided by
 * the number of pairs). It equals scikit-learn's `roc_auc_score`.
 *
 * Returns: the area, or %NAN when either class is absent
 */
double
hotlist_metrics_roc_auc (const double *score, const guint8 *label, gsize n)
{
  g_autofree ScoredItem *items = NULL;
  gsize                  n_pos = 0;

  g_return_val_if_fail (n == 0 || (score != NULL && label != NULL), NAN);
  if (n == 0)
    return NAN;
  items = sort_scored (score, label, n, &n_pos);
  return roc_auc_sorted (items, n, n_pos);
}

/**
 * hotlist_metrics_pr_auc:
 * @score: (array length=n): a score for each lead, higher meaning likelier to convert
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 *
 * The average precision, Σ (R_k − R_{k−1}) P_k over the distinct score thresholds, as
 * scikit-learn's `average_precision_score` computes it: the precision-recall curve is a
 * step function and tied scores form one step.
 *
 * Returns: the average precision, 1 when no lead was lost, %NAN when none converted
 */
double
hotlist_metrics_pr_auc (const double *score, const guint8 *label, gsize n)
{
  g_autofree ScoredItem *items = NULL;
  gsize                  n_pos = 0;

  g_return_val_if_fail (n == 0 || (score != NULL && label != NULL), NAN);
  if (n == 0)
    return NAN;
  items = sort_scored (score, label, n, &n_pos);
  return pr_auc_sorted (items, n, n_pos);
}

/**
 * hotlist_metrics_log_loss:
 * @probability: (array length=n): the predicted probability of conversion of each lead
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 *
 * Returns: the mean cross-entropy, with probabilities clipped to [1e-15, 1 − 1e-15] as
 *   scikit-learn's `log_loss (eps=1e-15)` does; %NAN when @n is 0
 */
double
hotlist_metrics_log_loss (const double *probability, const guint8 *label, gsize n)
{
  double sum = 0;

  g_return_val_if_fail (n == 0 || (probability != NULL && label != NULL), NAN);
  if (n == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      double p = probability[i];

      if (p < LOG_LOSS_EPSILON)
        p = LOG_LOSS_EPSILON;
      else if (p > 1 - LOG_LOSS_EPSILON)
        p = 1 - LOG_LOSS_EPSILON;
      sum -= label[i] ? log (p) : log1p (-p);
    }
  return sum / (double)n;
}

/**
 * hotlist_metrics_brier:
 * @probability: (array length=n): the predicted probability of conversion of each lead
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 *
 * Returns: the Brier score, the mean of (probability − outcome)²; %NAN when @n is 0
 */
double
hotlist_metrics_brier (const double *probability, const guint8 *label, gsize n)
{
  double sum = 0;

  g_return_val_if_fail (n == 0 || (probability != NULL && label != NULL), NAN);
  if (n == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      double d = probability[i] - (label[i] ? 1.0 : 0.0);

      sum += d * d;
    }
  return sum / (double)n;
}

/**
 * hotlist_metrics_ece:
 * @probability: (array length=n): the predicted probability of conversion of each lead
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 *
 * The expected calibration error: the leads fall into 10 equal-width bins of probability,
 * [0, 0.1), [0.1, 0.2), … [0.9, 1] (a lead goes to bin ⌊10 p⌋, clamped to 0–9), and the
 * gaps between each bin's mean probability and its conversion rate are averaged, weighted
 * by the number of leads in the bin.
 *
 * Returns: the error, between 0 and 1 for probabilities in [0, 1]; %NAN when @n is 0
 */
double
hotlist_metrics_ece (const double *probability, const guint8 *label, gsize n)
{
  double sum_p[HOTLIST_METRICS_N_BINS] = { 0 };
  double sum_y[HOTLIST_METRICS_N_BINS] = { 0 };
  double ece = 0;

  g_return_val_if_fail (n == 0 || (probability != NULL && label != NULL), NAN);
  if (n == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      double p = probability[i];
      guint  bin = 0;

      /* Written so that NaN lands in bin 0 (and poisons the result) instead of overflowing. */
      if (p >= 1)
        bin = HOTLIST_METRICS_N_BINS - 1;
      else if (p > 0)
        bin = MIN ((guint)(p * HOTLIST_METRICS_N_BINS), HOTLIST_METRICS_N_BINS - 1);
      sum_p[bin] += p;
      sum_y[bin] += label[i] ? 1.0 : 0.0;
    }
  /* Σ (n_b / n) |Σp / n_b − Σy / n_b| = Σ |Σp − Σy| / n */
  for (guint b = 0; b < HOTLIST_METRICS_N_BINS; b++)
    ece += fabs (sum_p[b] - sum_y[b]);
  return ece / (double)n;
}

/* Platt's objective, the cross-entropy of the smoothed targets, written so that exp() never
 * overflows. With p = 1 / (1 + exp (A f + B)). */
static double
platt_objective (const double *margin, const double *target, gsize n, double A, double B)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      double fApB = margin[i] * A + B;

      if (fApB >= 0)
        sum += target[i] * fApB + log1p (exp (-fApB));
      else
        sum += (target[i] - 1) * fApB + log1p (exp (fApB));
    }
  return sum;
}

/**
 * hotlist_metrics_platt_fit:
 * @margin: (array length=n): the raw, uncalibrated score of each lead
 * @label: (array length=n): whether each lead converted (non-zero) or not
 * @n: the number of leads
 * @a: (out): the slope
 * @b: (out): the intercept
 *
 * Platt scaling: fits p = 1 / (1 + exp (−(a · margin + b))) by Newton's method with a
 * backtracking line search (Lin, Lin and Weng, 2007), against Platt's (1999) smoothed
 * targets (N₊ + 1) / (N₊ + 2) for conversions and 1 / (N₋ + 2) for the rest.
 *
 * Returns: %TRUE on success; %FALSE, with @a = 1 and @b = 0, when a class is absent, a
 *   margin is not finite or the fit does not converge
 */
gboolean
hotlist_metrics_platt_fit (const double *margin, const guint8 *label, gsize n, double *a, double *b)
{
  g_autofree double *target = NULL;
  double             n_pos = 0, n_neg = 0;
  double             hi_target, lo_target;
  double             A, B, fval;
  double             g1_tolerance = 0, g2_tolerance;
  gboolean           converged = FALSE;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  *a = 1;
  *b = 0;
  g_return_val_if_fail (n == 0 || (margin != NULL && label != NULL), FALSE);

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (margin[i]))
        return FALSE;
      if (label[i])
        n_pos++;
      else
        n_neg++;
      g1_tolerance += fabs (margin[i]);
    }
  if (n_pos == 0 || n_neg == 0)
    return FALSE;

  hi_target = (n_pos + 1) / (n_pos + 2);
  lo_target = 1 / (n_neg + 2);
  target = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    target[i] = label[i] ? hi_target : lo_target;

  /* Each gradient component is a sum over the leads, so its tolerance scales with them. */
  g1_tolerance *= 1e-10;
  g2_tolerance = 1e-10 * (double)n;

  A = 0;
  B = log ((n_neg + 1) / (n_pos + 1));
  fval = platt_objective (margin, target, n, A, B);

  for (guint iteration = 0; iteration < PLATT_MAX_ITERATIONS; iteration++)
    {
      double h11 = PLATT_SIGMA, h22 = PLATT_SIGMA, h21 = 0, g1 = 0, g2 = 0;
      double det, dA, dB, gd, step;

      for (gsize i = 0; i < n; i++)
        {
          double fApB = margin[i] * A + B;
          double p, q, d1, d2;

          if (fApB >= 0)
            {
              double e = exp (-fApB);

              p = e / (1 + e);
              q = 1 / (1 + e);
            }
          else
            {
              double e = exp (fApB);

              p = 1 / (1 + e);
              q = e / (1 + e);
            }
          d2 = p * q;
          h11 += margin[i] * margin[i] * d2;
          h22 += d2;
          h21 += margin[i] * d2;
          d1 = target[i] - p;
          g1 += margin[i] * d1;
          g2 += d1;
        }

      if (fabs (g1) <= g1_tolerance && fabs (g2) <= g2_tolerance)
        {
          converged = TRUE;
          break;
        }

      det = h11 * h22 - h21 * h21;
      dA = -(h22 * g1 - h21 * g2) / det;
      dB = -(-h21 * g1 + h11 * g2) / det;
      gd = g1 * dA + g2 * dB;

      /* At the optimum, rounding in the sums can keep the gradient above its tolerance
       * while the Newton step has shrunk to nothing. */
      if (fabs (dA) <= 1e-12 * (1 + fabs (A)) && fabs (dB) <= 1e-12 * (1 + fabs (B)))
        {
          converged = TRUE;
          break;
        }

      for (step = 1; step >= PLATT_MIN_STEP; step /= 2)
        {
          double new_A = A + step * dA;
          double new_B = B + step * dB;
          double new_f = platt_objective (margin, target, n, new_A, new_B);

          if (new_f < fval + 0.0001 * step * gd)
            {
              A = new_A;
              B = new_B;
              fval = new_f;
              break;
            }
        }
      if (step < PLATT_MIN_STEP)
        break;
    }

  if (!converged || !isfinite (A) || !isfinite (B))
    return FALSE;
  *a = -A;
  *b = -B;
  return TRUE;
}

/**
 * hotlist_metrics_platt_apply:
 * @margin: a raw score
 * @a: the slope from hotlist_metrics_platt_fit()
 * @b: the intercept from hotlist_metrics_platt_fit()
 *
 * Returns: the calibrated probability 1 / (1 + exp (−(a · margin + b)))
 */
double
hotlist_metrics_platt_apply (double margin, double a, double b)
{
  double x = a * margin + b;

  if (x >= 0)
    return 1 / (1 + exp (-x));
  return exp (x) / (1 + exp (x));
}

/**
 * hotlist_metrics_two_proportion_z:
 * @conv_a: conversions in group A
 * @n_a: leads in group A
 * @conv_b: conversions in group B
 * @n_b: leads in group B
 * @z: (out) (optional): the z statistic, positive when A converts at the higher rate
 * @p_value: (out) (optional): its two-sided p-value
 *
 * The two-proportion z-test with pooled variance:
 * z = (p_A − p_B) / √(p̂ (1 − p̂) (1/n_A + 1/n_B)), p̂ = (conv_A + conv_B) / (n_A + n_B),
 * and p = erfc (|z| / √2). When either group is empty, or the pooled rate is 0 or 1, there
 * is no evidence of a difference: z = 0 and p = 1.
 */
void
hotlist_metrics_two_proportion_z (guint64 conv_a,
                                  guint64 n_a,
                                  guint64 conv_b,
                                  guint64 n_b,
                                  double *z,
                                  double *p_value)
{
  double pooled, se, zz;

  if (z != NULL)
    *z = 0;
  if (p_value != NULL)
    *p_value = 1;
  g_return_if_fail (conv_a <= n_a && conv_b <= n_b);
  if (n_a == 0 || n_b == 0)
    return;

  pooled = ((double)conv_a + (double)conv_b) / ((double)n_a + (double)n_b);
  if (pooled <= 0 || pooled >= 1)
    return;
  se = sqrt (pooled * (1 - pooled) * (1 / (double)n_a + 1 / (double)n_b));
  zz = ((double)conv_a / (double)n_a - (double)conv_b / (double)n_b) / se;
  if (z != NULL)
    *z = zz;
  if (p_value != NULL)
    *p_value = erfc (fabs (zz) / G_SQRT2);
}

static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double_array (JsonBuilder *builder, const char *name, const double *values, guint n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    add_double (builder, NULL, values[i]);
  json_builder_end_array (builder);
}

/**
 * hotlist_metrics_add_to_builder:
 * @metrics: the metrics
 * @builder: a builder inside an object
 *
 * Adds the metrics as members of the object @builder is building: `roc_auc`, `pr_auc`,
 * `log_loss`, `brier`, `ece`, `base_rate`, `best_threshold`, `precision`, `recall`, `f1`,
 * `n`, `n_pos`, `lift` (the 10 decile lifts) and `decile_conversion`. NaN, which JSON
 * cannot express, is written as null.
 */
void
hotlist_metrics_add_to_builder (const HotlistMetrics *metrics, JsonBuilder *builder)
{
  g_return_if_fail (metrics != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  add_double (builder, "roc_auc", metrics->roc_auc);
  add_double (builder, "pr_auc", metrics->pr_auc);
  add_double (builder, "log_loss", metrics->log_loss);
  add_double (builder, "brier", metrics->brier);
  add_double (builder, "ece", metrics->ece);
  add_double (builder, "base_rate", metrics->base_rate);
  add_double (builder, "best_threshold", metrics->best_threshold);
  add_double (builder, "precision", metrics->precision);
  add_double (builder, "recall", metrics->recall);
  add_double (builder, "f1", metrics->f1);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, metrics->n);
  json_builder_set_member_name (builder, "n_pos");
  json_builder_add_int_value (builder, metrics->n_pos);
  add_double_array (builder, "lift", metrics->decile_lift, HOTLIST_METRICS_N_DECILES);
  add_double_array (builder, "decile_conversion", metrics->decile_conversion,
                    HOTLIST_METRICS_N_DECILES);
}

/* A number, or NaN for a missing node, null or anything that is not a number. */
static double
node_double (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return NAN;
  return json_node_get_double (node);
}

static double
member_double (JsonObject *object, const char *name)
{
  return node_double (json_object_get_member (object, name));
}

static guint
member_count (JsonObject *object, const char *name)
{
  double value = member_double (object, name);

  if (!(value >= 0) || value > G_MAXUINT)
    return 0;
  return (guint)value;
}

static void
member_double_array (JsonObject *object, const char *name, double *values, guint n)
{
  JsonNode  *node = json_object_get_member (object, name);
  JsonArray *array = NULL;
  guint      length = 0;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      length = json_array_get_length (array);
    }
  for (guint i = 0; i < n; i++)
    values[i] = i < length ? node_double (json_array_get_element (array, i)) : NAN;
}

/**
 * hotlist_metrics_from_json:
 * @object: (nullable): an object written by hotlist_metrics_add_to_builder()
 * @out: (out caller-allocates): where to store the metrics
 *
 * Reads metrics back. Missing members, nulls and values that are not numbers read as NaN
 * (`n` and `n_pos` as 0), as do missing array elements; a %NULL @object reads as empty.
 */
void
hotlist_metrics_from_json (JsonObject *object, HotlistMetrics *out)
{
  g_return_if_fail (out != NULL);

  metrics_clear (out);
  if (object == NULL)
    return;

  out->roc_auc = member_double (object, "roc_auc");
  out->pr_auc = member_double (object, "pr_auc");
  out->log_loss = member_double (object, "log_loss");
  out->brier = member_double (object, "brier");
  out->ece = member_double (object, "ece");
  out->base_rate = member_double (object, "base_rate");
  out->best_threshold = member_double (object, "best_threshold");
  out->precision = member_double (object, "precision");
  out->recall = member_double (object, "recall");
  out->f1 = member_double (object, "f1");
  out->n = member_count (object, "n");
  out->n_pos = member_count (object, "n_pos");
  member_double_array (object, "lift", out->decile_lift, HOTLIST_METRICS_N_DECILES);
  member_double_array (object, "decile_conversion", out->decile_conversion,
                       HOTLIST_METRICS_N_DECILES);
}
