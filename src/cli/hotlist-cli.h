/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What hotlist-cli's command files share: option parsing, errors, JSON and CSV output. */
#pragma once

#include <json-glib/json-glib.h>

#include "hotlist.h"

G_BEGIN_DECLS

int      hotlist_cli_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
gboolean hotlist_cli_parse_options (GOptionEntry *entries,
                                    const char   *usage,
                                    int          *argc,
                                    char       ***argv,
                                    GError      **error);
void     hotlist_cli_print_json (JsonBuilder *builder, gboolean pretty);
gboolean hotlist_cli_parse_delimiter (const char *text, char *delimiter);
char    *hotlist_cli_csv_quote (const char *text);

int hotlist_cli_train (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_score (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_explain (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_attributes_set (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_models (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_experiment (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_import_activities (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_accounts (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_sync (HotlistWorkspace *workspace, int argc, char **argv);
int hotlist_cli_report (HotlistWorkspace *workspace, int argc, char **argv);

G_END_DECLS
