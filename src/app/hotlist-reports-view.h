/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports view of the main window. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

G_END_DECLS
