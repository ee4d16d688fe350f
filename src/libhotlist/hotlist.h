/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Hotlist engine's public headers, for the app, the CLI and the tests. */
#pragma once

#include "hotlist-workspace.h"
#include "import/hotlist-column-match.h"
#include "import/hotlist-csv-import.h"
#include "import/hotlist-csv-reader.h"
#include "import/hotlist-activity-import.h"
#include "import/hotlist-lead-export.h"
#include "scoring/hotlist-experiment.h"
#include "scoring/hotlist-factor-text.h"
#include "scoring/hotlist-features.h"
#include "scoring/hotlist-metrics.h"
#include "scoring/hotlist-model.h"
#include "scoring/hotlist-scorer.h"
#include "scoring/hotlist-trainer.h"
#include "store/hotlist-activity.h"
#include "store/hotlist-attribute.h"
#include "store/hotlist-feedback.h"
#include "store/hotlist-lead.h"
#include "store/hotlist-store.h"
#include "store/hotlist-value.h"
