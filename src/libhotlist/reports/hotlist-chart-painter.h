/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts of report figures drawn with cairo and pango, for the app's widgets and the PDF. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

G_END_DECLS
