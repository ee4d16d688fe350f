/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A score factor in plain words: "Viewed the pricing page 3× in the last 7 days". */
#pragma once

#include "scoring/hotlist-scorer.h"

G_BEGIN_DECLS

char *hotlist_factor_describe (const HotlistFactor *factor);

G_END_DECLS
