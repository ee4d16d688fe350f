/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake Salesforce on 127.0.0.1 (being written). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

G_END_DECLS
