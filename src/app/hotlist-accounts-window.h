/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts: the CRM and outreach services a workspace is connected to, and their syncs. */
#pragma once

#include <adwaita.h>

#include "hotlist.h"

G_BEGIN_DECLS

#define HOTLIST_TYPE_ACCOUNTS_WINDOW (hotlist_accounts_window_get_type ())

G_DECLARE_FINAL_TYPE (HotlistAccountsWindow,
                      hotlist_accounts_window,
                      HOTLIST,
                      ACCOUNTS_WINDOW,
                      AdwPreferencesWindow)

HotlistAccountsWindow *hotlist_accounts_window_new (GtkWindow *parent, HotlistWorkspace *workspace);

void hotlist_accounts_window_reload (HotlistAccountsWindow *self);

/* What tests drive; each goes through the same code as the widget it stands for. */
GtkWindow *
hotlist_accounts_window_open_connect_dialog (HotlistAccountsWindow *self, const char *service);
GtkWindow        *hotlist_accounts_window_sign_in (HotlistAccountsWindow *self,
                                                   const char            *service,
                                                   const char            *account,
                                                   const char            *base_url);
void              hotlist_accounts_window_set_oauth_launcher (HotlistAccountsWindow *self,
                                                              HotlistOAuthLauncher   launcher,
                                                              gpointer               user_data,
                                                              GDestroyNotify         destroy);
void              hotlist_accounts_window_connect_with_token (HotlistAccountsWindow *self,
                                                              const char            *service,
                                                              const char            *account,
                                                              const char            *base_url,
                                                              const char            *token);
gboolean          hotlist_accounts_window_sync_now (HotlistAccountsWindow *self,
                                                    const char            *service,
                                                    const char            *account);
gboolean          hotlist_accounts_window_cancel_sync (HotlistAccountsWindow *self,
                                                       const char            *service,
                                                       const char            *account);
AdwMessageDialog *hotlist_accounts_window_disconnect (HotlistAccountsWindow *self,
                                                      const char            *service,
                                                      const char            *account);

GtkWidget *
hotlist_accounts_window_get_service_row (HotlistAccountsWindow *self, const char *service);
GtkWidget  *hotlist_accounts_window_get_account_row (HotlistAccountsWindow *self,
                                                     const char            *service,
                                                     const char            *account);
const char *hotlist_accounts_window_get_account_state (HotlistAccountsWindow *self,
                                                       const char            *service,
                                                       const char            *account);
const char *hotlist_accounts_window_get_last_sync_text (HotlistAccountsWindow *self,
                                                        const char            *service,
                                                        const char            *account);
const char *hotlist_accounts_window_get_error_text (HotlistAccountsWindow *self,
                                                    const char            *service,
                                                    const char            *account);
const char *hotlist_accounts_window_get_progress_text (HotlistAccountsWindow *self,
                                                       const char            *service,
                                                       const char            *account);
gboolean    hotlist_accounts_window_is_busy (HotlistAccountsWindow *self);

G_END_DECLS
