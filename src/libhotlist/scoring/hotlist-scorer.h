/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scores leads with a workspace's models: weights, cached contributions, tiers, explanations. */
#pragma once

#include <gio/gio.h>

#include "scoring/hotlist-model.h"

G_BEGIN_DECLS

/* Fewer closed leads of either outcome than this, and a workspace scores with the starter model. */
#define HOTLIST_MIN_OUTCOMES_PER_CLASS 30

/* A write that changes more leads than this gets plain scores in its transaction, and their
 * explanations are filled in afterwards (hotlist_scorer_fill_contributions). */
#define HOTLIST_SCORER_INLINE_CONTRIBUTIONS 2000

typedef void (*HotlistProgressFunc) (double fraction, const char *stage, gpointer user_data);

typedef struct
{
  char  *attribute;
  char  *label;
  char  *value; /* the lead's value in plain words, or NULL */
  double contribution;
  double weight;
} HotlistFactor;

typedef struct
{
  char      *lead_id;
  gint64     model_id;
  char      *model_name;
  int        score;
  double     probability;
  double     logit;
  double     bias;
  GPtrArray *factors; /* HotlistFactor, by |weight·contribution|, largest first */
} HotlistExplanation;

void hotlist_explanation_free (HotlistExplanation *explanation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistExplanation, hotlist_explanation_free)

#define HOTLIST_TYPE_SCORER (hotlist_scorer_get_type ())
G_DECLARE_FINAL_TYPE (HotlistScorer, hotlist_scorer, HOTLIST, SCORER, GObject)

HotlistScorer *hotlist_scorer_new (HotlistStore *store, GError **error);
HotlistStore  *hotlist_scorer_get_store (HotlistScorer *self);
gboolean       hotlist_scorer_reload (HotlistScorer *self, GError **error);
HotlistModel  *hotlist_scorer_get_model (HotlistScorer *self);
HotlistModel  *hotlist_scorer_get_challenger (HotlistScorer *self);
HotlistModel  *hotlist_scorer_get_model_for_lead (HotlistScorer *self, const guint8 lead_id[16]);
gboolean       hotlist_scorer_weights_are_neutral (HotlistScorer *self, HotlistModel *model);

gboolean hotlist_scorer_rescore (HotlistScorer *self,
                                 const gint64  *leads,
                                 guint          n_leads,
                                 gboolean       contributions,
                                 GError       **error);
gboolean hotlist_scorer_rescore_all (HotlistScorer      *self,
                                     HotlistProgressFunc progress,
                                     gpointer            user_data,
                                     GCancellable       *cancellable,
                                     GError            **error);
gboolean hotlist_scorer_reweight_all (HotlistScorer      *self,
                                      HotlistProgressFunc progress,
                                      gpointer            user_data,
                                      GCancellable       *cancellable,
                                      GError            **error);
gboolean hotlist_scorer_fill_contributions (HotlistScorer      *self,
                                            HotlistProgressFunc progress,
                                            gpointer            user_data,
                                            GCancellable       *cancellable,
                                            GError            **error);
gboolean hotlist_scorer_update_tiers (HotlistScorer *self, GError **error);

gboolean            hotlist_scorer_score_set (HotlistScorer  *self,
                                              HotlistLeadSet *set,
                                              double         *out_probability,
                                              GError        **error);
HotlistExplanation *hotlist_scorer_explain (HotlistScorer *self, gint64 lead, GError **error);

typedef enum
{
  HOTLIST_RESCORE_ALL,
  HOTLIST_RESCORE_REWEIGHT,
} HotlistRescoreKind;

void     hotlist_rescore_async (const char         *store_path,
                                HotlistRescoreKind  kind,
                                HotlistProgressFunc progress,
                                gpointer            progress_data,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
gboolean hotlist_rescore_finish (GAsyncResult *result, GError **error);

gboolean
hotlist_store_install_starter_model (HotlistStore *store, gboolean *out_installed, GError **error);
GBytes *hotlist_starter_model_bytes (void);

guint64 hotlist_lead_arm_hash (const guint8 lead_id[16]);

G_END_DECLS
