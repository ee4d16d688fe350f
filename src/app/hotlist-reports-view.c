/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports view of the main window. */

#include "config.h"

#include "hotlist-reports-view.h"
