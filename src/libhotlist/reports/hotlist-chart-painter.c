/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts of report figures drawn with cairo and pango, for the app's widgets and the PDF. */

#include "config.h"

#include "hotlist-chart-painter.h"
