/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The numbers behind the Reports view, the CSV and PDF exports and `hotlist-cli report`. */
#pragma once

#include <gio/gio.h>

#include "store/hotlist-store.h"

G_BEGIN_DECLS

/**
 * HOTLIST_REPORT_N_BANDS:
 *
 * The number of score bands: band k holds the scores 10 k to 10 k + 9, the last one also 100.
 */
#define HOTLIST_REPORT_N_BANDS 10

/**
 * HOTLIST_REPORT_N_DECILES:
 *
 * The number of probability deciles; decile 0 is the top 10 %.
 */
#define HOTLIST_REPORT_N_DECILES 10

/**
 * HOTLIST_REPORT_N_CALIBRATION_BINS:
 *
 * The number of equal-width probability bins of the calibration curve.
 */
#define HOTLIST_REPORT_N_CALIBRATION_BINS 10

/**
 * HOTLIST_REPORT_MAX_ROC_POINTS:
 *
 * The ROC curves of more distinct probabilities than this are thinned to points 1/250 apart.
 */
#define HOTLIST_REPORT_MAX_ROC_POINTS 500

/**
 * HotlistReportQuery:
 * @from: the start of the date range, Unix seconds, included
 * @to: the end of the date range, Unix seconds, excluded
 * @owner: (nullable): only the leads of this owner (SDR)
 * @source: (nullable): only the leads of this lead source
 * @campaign: (nullable): only the leads whose campaign attribute has this value
 *
 * What a report covers. Reports on closed leads (conversion, model accuracy) take the leads
 * whose outcome_at falls in the range; the others (score distribution, SDR efficiency, ROI)
 * take the leads created in it, with all of their activities. The strings are not owned.
 */
typedef struct
{
  gint64      from;
  gint64      to;
  const char *owner;
  const char *source;
  const char *campaign;
} HotlistReportQuery;

void  hotlist_report_query_init (HotlistReportQuery *query);
char *hotlist_report_format_percent (double value);
char *hotlist_report_format_number (double value, int decimals);

/**
 * HotlistScoreDistribution:
 * @n_scored: the leads with a score
 * @n_unscored: the leads without one
 * @bands: how many scored leads fall in each score band
 */
typedef struct
{
  guint n_scored;
  guint n_unscored;
  guint bands[HOTLIST_REPORT_N_BANDS];
} HotlistScoreDistribution;

/**
 * HotlistConversionBin:
 * @n: the closed leads in the bin
 * @conversions: how many of them converted
 * @rate: @conversions / @n, %NAN when @n is 0
 * @lift: @rate over the base rate, %NAN when either is undefined or the base rate is 0
 */
typedef struct
{
  guint  n;
  guint  conversions;
  double rate;
  double lift;
} HotlistConversionBin;

/**
 * HotlistConversionReport:
 * @n: the closed, scored leads
 * @conversions: how many of them converted
 * @base_rate: @conversions / @n, %NAN when @n is 0
 * @bands: by score band (lead_score)
 * @deciles: by probability decile, [0] the top 10 %: the leads sorted by probability (highest
 *   first, ties by row), decile k being the leads [⌈k n / 10⌉, ⌈(k + 1) n / 10⌉) (with fewer
 *   than ten leads, the last deciles are the empty ones)
 */
typedef struct
{
  guint                n;
  guint                conversions;
  double               base_rate;
  HotlistConversionBin bands[HOTLIST_REPORT_N_BANDS];
  HotlistConversionBin deciles[HOTLIST_REPORT_N_DECILES];
} HotlistConversionReport;

/**
 * HotlistRocPoint:
 * @threshold: the probability at or above which a lead is predicted to convert
 * @fpr: the false positive rate at @threshold
 * @tpr: the true positive rate at @threshold
 */
typedef struct
{
  double threshold;
  double fpr;
  double tpr;
} HotlistRocPoint;

/**
 * HotlistCalibrationBin:
 * @n: the leads whose probability falls in [k / 10, (k + 1) / 10) (the last bin includes 1)
 * @predicted: their mean probability, %NAN when @n is 0
 * @observed: their conversion rate, %NAN when @n is 0
 */
typedef struct
{
  guint  n;
  double predicted;
  double observed;
} HotlistCalibrationBin;

/**
 * HotlistModelAccuracy:
 * @model_id: the active model, 0 when there is none
 * @model_name: (nullable): its name
 * @trained_at: when it was trained
 * @n: the closed leads it scored that were resolved after @trained_at, in the range
 * @n_pos: how many of them converted
 * @auc: the area under the ROC curve, %NAN when a class is absent
 * @brier: the mean squared error of the probability, %NAN when @n is 0
 * @ece: the expected calibration error over the calibration bins, %NAN when @n is 0
 * @roc: (array length=n_roc): the ROC curve from (0, 0) to (1, 1), one point per distinct
 *   probability — or, past %HOTLIST_REPORT_MAX_ROC_POINTS of them, the points 1/250 apart along
 *   either axis; the first point's threshold is +∞
 * @n_roc: the number of points, 0 when a class is absent
 * @calibration: the calibration curve
 */
typedef struct
{
  gint64                model_id;
  char                 *model_name;
  gint64                trained_at;
  guint                 n;
  guint                 n_pos;
  double                auc;
  double                brier;
  double                ece;
  HotlistRocPoint      *roc;
  guint                 n_roc;
  HotlistCalibrationBin calibration[HOTLIST_REPORT_N_CALIBRATION_BINS];
} HotlistModelAccuracy;

/**
 * HotlistOwnerEfficiency:
 * @owner: the SDR
 * @leads: their leads
 * @leads_worked: the leads with at least one activity
 * @touches: the activities on their leads
 * @touches_per_lead: @touches / @leads_worked, %NAN when none was worked
 * @median_first_touch: the median time from a worked lead's creation to its first activity,
 *   in seconds (0 when the activity came first), %NAN when none was worked
 * @meetings: the meeting_booked activities on their leads
 * @conversions: their leads that converted
 * @conversion_rate: @conversions / @leads_worked, %NAN when none was worked
 * @top_n: of the worked, closed and scored leads, the top-scored fifth (rounded up)
 * @top_conversions: how many of those converted
 * @top_rate: @top_conversions / @top_n, %NAN when @top_n is 0
 * @rest_n: the other worked, closed and scored leads
 * @rest_conversions: how many of those converted
 * @rest_rate: @rest_conversions / @rest_n, %NAN when @rest_n is 0
 */
typedef struct
{
  char  *owner;
  guint  leads;
  guint  leads_worked;
  guint  touches;
  double touches_per_lead;
  double median_first_touch;
  guint  meetings;
  guint  conversions;
  double conversion_rate;
  guint  top_n;
  guint  top_conversions;
  double top_rate;
  guint  rest_n;
  guint  rest_conversions;
  double rest_rate;
} HotlistOwnerEfficiency;

/**
 * HotlistSdrEfficiency:
 * @owners: (array length=n_owners): one row per owner, by name
 * @n_owners: the number of owners
 *
 * Leads without an owner are left out.
 */
typedef struct
{
  HotlistOwnerEfficiency *owners;
  guint                   n_owners;
} HotlistSdrEfficiency;

/**
 * HotlistRoiRow:
 * @name: the lead source or campaign
 * @leads: its leads
 * @meetings: the meeting_booked activities on them
 * @conversions: its leads that converted
 * @cost: the costs entered for it that apply to the range: a cost with a period counts for the
 *   share of its period inside the range (a monthly cost counts a third for ten days of it); a
 *   cost without a period always counts in full; %NAN when none was entered
 * @cost_per_meeting: @cost / @meetings, %NAN when either is unknown or 0
 * @cost_per_conversion: @cost / @conversions, %NAN when either is unknown or 0
 * @revenue: the sum of the revenue attribute over the converted leads, %NAN when the
 *   workspace has no revenue attribute
 * @roi: (@revenue − @cost) / @cost, %NAN when either is unknown or the cost is 0
 */
typedef struct
{
  char  *name;
  guint  leads;
  guint  meetings;
  guint  conversions;
  double cost;
  double cost_per_meeting;
  double cost_per_conversion;
  double revenue;
  double roi;
} HotlistRoiRow;

/**
 * HotlistRoiReport:
 * @revenue_attribute: (nullable): the key of the custom number attribute read as revenue
 * @campaign_attribute: (nullable): the key of the custom attribute read as the campaign
 * @sources: (array length=n_sources): one row per lead source (with leads or a cost), by name
 * @n_sources: the number of sources
 * @campaigns: (array length=n_campaigns): one row per campaign, by name
 * @n_campaigns: the number of campaigns
 *
 * Leads without a source (or campaign) are left out of that table. Costs are summed as
 * entered, whatever their currency.
 */
typedef struct
{
  char          *revenue_attribute;
  char          *campaign_attribute;
  HotlistRoiRow *sources;
  guint          n_sources;
  HotlistRoiRow *campaigns;
  guint          n_campaigns;
} HotlistRoiReport;

/**
 * HotlistExperimentArmReport:
 * @model_id: the arm's model
 * @model_name: (nullable): its name
 * @n_leads: the leads in the arm (created before the experiment ended, whatever the range)
 * @n_resolved: of those, the leads closed in the range and after the experiment started (and
 *   before it ended)
 * @conversions: how many of them converted
 * @rate: @conversions / @n_resolved, %NAN when none resolved
 * @rate_low: the lower end of the 95 % Wilson interval of @rate, %NAN when none resolved
 * @rate_high: the upper end
 * @bands: the resolved leads by score band (their lead_score)
 */
typedef struct
{
  gint64               model_id;
  char                *model_name;
  guint                n_leads;
  guint                n_resolved;
  guint                conversions;
  double               rate;
  double               rate_low;
  double               rate_high;
  HotlistConversionBin bands[HOTLIST_REPORT_N_BANDS];
} HotlistExperimentArmReport;

/**
 * HotlistExperimentReport:
 * @experiment_id: the experiment
 * @started_at: when it started
 * @ended_at: when it ended, 0 while it runs
 * @winner: the model promoted when it ended, 0 before
 * @split: the share of leads in arm B
 * @arms: arm A (the incumbent) and arm B (the challenger)
 * @difference: the conversion rate of B minus that of A, %NAN when an arm has none resolved
 * @difference_low: the lower end of its 95 % confidence interval (Wald, unpooled)
 * @difference_high: the upper end
 * @z: the two-proportion z statistic (pooled), positive when B converts better, %NAN when
 *   an arm has none resolved
 * @p_value: its two-sided p-value, %NAN when undefined
 */
typedef struct
{
  gint64                     experiment_id;
  gint64                     started_at;
  gint64                     ended_at;
  gint64                     winner;
  double                     split;
  HotlistExperimentArmReport arms[2];
  double                     difference;
  double                     difference_low;
  double                     difference_high;
  double                     z;
  double                     p_value;
} HotlistExperimentReport;

/**
 * HotlistExperimentsReport:
 * @experiments: (array length=n_experiments): the experiments that ran during the range, the
 *   latest first
 * @n_experiments: how many
 */
typedef struct
{
  HotlistExperimentReport *experiments;
  guint                    n_experiments;
} HotlistExperimentsReport;

/**
 * HotlistDriftPeriod:
 * @start: the start of the period, Unix seconds, included
 * @end: its end, excluded
 * @n_scored: the scored leads created in the period
 * @mean_score: their mean lead_score, %NAN when none
 * @bands: how many of them fall in each score band
 * @n_closed: the scored leads closed in the period
 * @n_pos: how many of them converted
 * @auc: the ROC AUC of their probability, %NAN when a class is absent
 */
typedef struct
{
  gint64 start;
  gint64 end;
  guint  n_scored;
  double mean_score;
  guint  bands[HOTLIST_REPORT_N_BANDS];
  guint  n_closed;
  guint  n_pos;
  double auc;
} HotlistDriftPeriod;

/**
 * HotlistDriftUnit:
 * @HOTLIST_DRIFT_WEEK: periods of seven days from the start of the range
 * @HOTLIST_DRIFT_MONTH: calendar months (UTC)
 */
typedef enum
{
  HOTLIST_DRIFT_WEEK,
  HOTLIST_DRIFT_MONTH,
} HotlistDriftUnit;

/**
 * HotlistDriftReport:
 * @unit: the length of the periods: weeks for a range of up to 92 days, else months
 * @periods: (array length=n_periods): the periods covering the range, oldest first (at most
 *   the last 36 of them)
 * @n_periods: how many
 */
typedef struct
{
  HotlistDriftUnit    unit;
  HotlistDriftPeriod *periods;
  guint               n_periods;
} HotlistDriftReport;

/**
 * HotlistReportKind:
 * @HOTLIST_REPORT_SCORE_DISTRIBUTION: #HotlistScoreDistribution
 * @HOTLIST_REPORT_CONVERSION: #HotlistConversionReport
 * @HOTLIST_REPORT_MODEL_ACCURACY: #HotlistModelAccuracy
 * @HOTLIST_REPORT_SDR_EFFICIENCY: #HotlistSdrEfficiency
 * @HOTLIST_REPORT_ROI: #HotlistRoiReport
 * @HOTLIST_REPORT_EXPERIMENTS: #HotlistExperimentsReport
 * @HOTLIST_REPORT_DRIFT: #HotlistDriftReport
 * @HOTLIST_REPORT_N_KINDS: the number of kinds
 *
 * The reports, in the order of the dashboard, the PDF and the JSON.
 */
typedef enum
{
  HOTLIST_REPORT_SCORE_DISTRIBUTION,
  HOTLIST_REPORT_CONVERSION,
  HOTLIST_REPORT_MODEL_ACCURACY,
  HOTLIST_REPORT_SDR_EFFICIENCY,
  HOTLIST_REPORT_ROI,
  HOTLIST_REPORT_EXPERIMENTS,
  HOTLIST_REPORT_DRIFT,
  HOTLIST_REPORT_N_KINDS,
} HotlistReportKind;

/**
 * HotlistReports:
 * @query: what the reports cover (its strings point into this struct)
 * @workspace_name: (nullable): the workspace's name
 * @computed_at: when they were computed
 * @distribution: the score distribution
 * @conversion: conversion by score band and decile
 * @accuracy: the active model's accuracy
 * @sdr: SDR efficiency
 * @roi: source and campaign ROI
 * @experiments: A/B experiment results
  * @drift: model drift
 * @owners: (nullable): every owner of the workspace's leads, by name, whatever the range —
 *   the choices of the owner filter; %NULL when the query had an owner, source or campaign
 *   filter (the leads read then were not all of them)
 * @sources: (nullable): every lead source, likewise
 * @campaigns: (nullable): every campaign, likewise (empty without a campaign attribute)
 *
 * Every report over one query, computed together: the Reports view, the exports and
 * `hotlist-cli report` all render one of these.
 */
typedef struct
{
  HotlistReportQuery        query;
  char                     *workspace_name;
  gint64                    computed_at;
  HotlistScoreDistribution *distribution;
  HotlistConversionReport  *conversion;
  HotlistModelAccuracy     *accuracy;
  HotlistSdrEfficiency     *sdr;
  HotlistRoiReport         *roi;
  HotlistExperimentsReport *experiments;
  HotlistDriftReport       *drift;
  char                    **owners;
  char                    **sources;
  char                    **campaigns;
  /*< private >*/
  char *owned_strings[3];
} HotlistReports;

const char *hotlist_report_kind_to_id (HotlistReportKind kind);
gboolean    hotlist_report_kind_from_id (const char *id, HotlistReportKind *kind);
const char *hotlist_report_kind_to_title (HotlistReportKind kind);

HotlistReports      *
hotlist_reports_compute (HotlistStore *store, const HotlistReportQuery *query, GError **error);
void hotlist_reports_compute_async (const char               *workspace_path,
                                    const HotlistReportQuery *query,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data);
HotlistReports *hotlist_reports_compute_finish (GAsyncResult *result, GError **error);
void            hotlist_reports_free (HotlistReports *reports);
char           *hotlist_reports_to_json (const HotlistReports *reports);
char           *hotlist_reports_to_csv (const HotlistReports *reports, HotlistReportKind kind);

char **hotlist_reports_list_owners (HotlistStore *store, GError **error);
char **hotlist_reports_list_sources (HotlistStore *store, GError **error);
char **hotlist_reports_list_campaigns (HotlistStore *store, GError **error);

HotlistExperimentsReport *
hotlist_reports_experiments (HotlistStore *store, const HotlistReportQuery *query, GError **error);
HotlistDriftReport      *
hotlist_reports_drift (HotlistStore *store, const HotlistReportQuery *query, GError **error);
void hotlist_experiments_report_free (HotlistExperimentsReport *report);
void hotlist_drift_report_free (HotlistDriftReport *report);

HotlistScoreDistribution *hotlist_reports_score_distribution (HotlistStore             *store,
                                                              const HotlistReportQuery *query,
                                                              GError                  **error);
HotlistConversionReport *
hotlist_reports_conversion (HotlistStore *store, const HotlistReportQuery *query, GError **error);
HotlistModelAccuracy *hotlist_reports_model_accuracy (HotlistStore             *store,
                                                      const HotlistReportQuery *query,
                                                      GError                  **error);
HotlistSdrEfficiency *hotlist_reports_sdr_efficiency (HotlistStore             *store,
                                                      const HotlistReportQuery *query,
                                                      GError                  **error);
HotlistRoiReport *
hotlist_reports_roi (HotlistStore *store, const HotlistReportQuery *query, GError **error);

void hotlist_score_distribution_free (HotlistScoreDistribution *report);
void hotlist_conversion_report_free (HotlistConversionReport *report);
void hotlist_model_accuracy_free (HotlistModelAccuracy *report);
void hotlist_sdr_efficiency_free (HotlistSdrEfficiency *report);
void hotlist_roi_report_free (HotlistRoiReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistScoreDistribution, hotlist_score_distribution_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistConversionReport, hotlist_conversion_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistModelAccuracy, hotlist_model_accuracy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistSdrEfficiency, hotlist_sdr_efficiency_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistRoiReport, hotlist_roi_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistExperimentsReport, hotlist_experiments_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistDriftReport, hotlist_drift_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistReports, hotlist_reports_free)

G_END_DECLS
