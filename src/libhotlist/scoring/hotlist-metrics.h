/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evaluation statistics for a binary lead-conversion classifier, computed on plain arrays. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * HOTLIST_METRICS_N_DECILES:
 *
 * The number of score deciles in #HotlistMetrics.
 */
#define HOTLIST_METRICS_N_DECILES 10

/**
 * HOTLIST_METRICS_N_BINS:
 *
 * The number of equal-width probability bins the expected calibration error uses.
 */
#define HOTLIST_METRICS_N_BINS 10

/**
 * HotlistMetrics:
 * @n: the number of leads evaluated
 * @n_pos: how many of them converted
 * @base_rate: @n_pos / @n
 * @roc_auc: area under the ROC curve; tied scores get half credit (Mann–Whitney);
 *   %NAN when one class is absent
 * @pr_auc: average precision, as scikit-learn's `average_precision_score` (step-wise,
 *   tied scores grouped); %NAN when no lead converted
 * @log_loss: mean cross-entropy, probabilities clipped to [1e-15, 1 − 1e-15]
 * @brier: mean squared error of the probability
 * @ece: expected calibration error over 10 equal-width bins of [0, 1], weighted by bin count
 * @best_threshold: the probability threshold that maximises F1, predicting a conversion when
 *   the probability is at least the threshold (the highest such threshold on a tie);
 *   %NAN when no lead converted
 * @precision: precision at @best_threshold
 * @recall: recall at @best_threshold
 * @f1: F1 at @best_threshold
 * @decile_conversion: the conversion rate in each score decile, [0] being the top 10 % by
 *   probability; %NAN for an empty decile
 * @decile_lift: @decile_conversion / @base_rate
 *
 * How well a model's probabilities rank and predict conversions. Undefined statistics
 * are %NAN; all of them are %NAN when @n is 0.
 */
typedef struct
{
  guint  n, n_pos;
  double base_rate;
  double roc_auc;
  double pr_auc;
  double log_loss;
  double brier;
  double ece;
  double best_threshold;
  double precision, recall, f1;
  double decile_conversion[HOTLIST_METRICS_N_DECILES];
  double decile_lift[HOTLIST_METRICS_N_DECILES];
} HotlistMetrics;

void   hotlist_metrics_compute (const double   *probability,
                                const guint8   *label,
                                gsize           n,
                                HotlistMetrics *out);
double hotlist_metrics_roc_auc (const double *score, const guint8 *label, gsize n);
double hotlist_metrics_pr_auc (const double *score, const guint8 *label, gsize n);
double hotlist_metrics_log_loss (const double *probability, const guint8 *label, gsize n);
double hotlist_metrics_brier (const double *probability, const guint8 *label, gsize n);
double hotlist_metrics_ece (const double *probability, const guint8 *label, gsize n);

gboolean hotlist_metrics_platt_fit (const double *margin,
                                    const guint8 *label,
                                    gsize         n,
                                    double       *a,
                                    double       *b);
double   hotlist_metrics_platt_apply (double margin, double a, double b);

void hotlist_metrics_two_proportion_z (guint64 conv_a,
                                       guint64 n_a,
                                       guint64 conv_b,
                                       guint64 n_b,
                                       double *z,
                                       double *p_value);

void hotlist_metrics_add_to_builder (const HotlistMetrics *metrics, JsonBuilder *builder);
void hotlist_metrics_from_json (JsonObject *object, HotlistMetrics *out);

G_END_DECLS
