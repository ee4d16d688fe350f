/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a lead source or a campaign cost: entered by a manager, read by the ROI report. */

#include "config.h"

#include "hotlist-campaign-costs.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "store/hotlist-store-private.h"

static const char *const kind_names[] = { "source", "campaign" };

/**
 * hotlist_campaign_cost_new:
 * @kind: a source's or a campaign's
 * @name: the source or campaign
 * @cost: the amount
 *
 * Returns: (transfer full): a cost without a period, in US dollars, not yet stored
 */
HotlistCampaignCost *
hotlist_campaign_cost_new (HotlistCostKind kind, const char *name, double cost)
{
  HotlistCampaignCost *self = g_new0 (HotlistCampaignCost, 1);

  self->kind = kind;
  self->name = g_strdup (name);
  self->cost = cost;
  self->currency = g_strdup ("USD");
  return self;
}

HotlistCampaignCost *
hotlist_campaign_cost_copy (const HotlistCampaignCost *cost)
{
  HotlistCampaignCost *copy = g_memdup2 (cost, sizeof *cost);

  copy->name = g_strdup (cost->name);
  copy->currency = g_strdup (cost->currency);
  return copy;
}

void
hotlist_campaign_cost_free (HotlistCampaignCost *cost)
{
  if (cost == NULL)
    return;
  g_free (cost->name);
  g_free (cost->currency);
  g_free (cost);
}

static gboolean
cost_check (const HotlistCampaignCost *cost, GError **error)
{
  const char *name = cost->name != NULL ? cost->name : "";

  while (g_ascii_isspace (*name))
    name++;
  if (*name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           cost->kind == HOTLIST_COST_SOURCE ? _ ("A cost needs a lead source")
                                                             : _ ("A cost needs a campaign"));
      return FALSE;
    }
  if (!isfinite (cost->cost) || cost->cost < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("A cost must be a number of 0 or more"));
      return FALSE;
    }
  if (cost->period_start != 0 && cost->period_end != 0 && cost->period_end <= cost->period_start)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("A cost’s period must end after it starts"));
      return FALSE;
    }
  return TRUE;
}

static void
bind_period (sqlite3_stmt *stmt, int column, gint64 value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_cost (sqlite3_stmt *stmt, const HotlistCampaignCost *cost)
{
  g_autofree char *name = g_strstrip (g_strdup (cost->name));

  sqlite3_bind_text (stmt, 1, kind_names[cost->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, cost->cost);
  sqlite3_bind_text (stmt, 4, cost->currency != NULL && *cost->currency ? cost->currency : "USD",
                     -1, SQLITE_TRANSIENT);
  bind_period (stmt, 5, cost->period_start);
  bind_period (stmt, 6, cost->period_end);
}

/**
 * hotlist_campaign_costs_list:
 * @store: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type HotlistCampaignCost): every cost, sources first, then
 *   by name and period, or %NULL with @error set
 */
GPtrArray *
hotlist_campaign_costs_list (HotlistStore *store, GError **error)
{
  g_autoptr (GPtrArray) costs = NULL;
  sqlite3_stmt         *stmt;
  int                   rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), NULL);

  stmt = hotlist_store_prepare (store,
                                "SELECT id, kind, name, cost, currency, period_start, period_end"
                                " FROM campaign_costs"
                                " ORDER BY kind = 'campaign', name, period_start, id",
                                error);
  if (stmt == NULL)
    return NULL;
  costs = g_ptr_array_new_with_free_func ((GDestroyNotify)hotlist_campaign_cost_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HotlistCampaignCost *cost = g_new0 (HotlistCampaignCost, 1);

      cost->id = sqlite3_column_int64 (stmt, 0);
      cost->kind = g_strcmp0 (hotlist_store_column_text (stmt, 1), "campaign") == 0
                       ? HOTLIST_COST_CAMPAIGN
                       : HOTLIST_COST_SOURCE;
      cost->name = g_strdup (hotlist_store_column_text (stmt, 2));
      cost->cost = sqlite3_column_double (stmt, 3);
      cost->currency = g_strdup (hotlist_store_column_text (stmt, 4));
      cost->period_start = sqlite3_column_int64 (stmt, 5);
      cost->period_end = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (costs, cost);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not read the costs"));
      return NULL;
    }
  return g_steal_pointer (&costs);
}

/**
 * hotlist_campaign_costs_add:
 * @store: a store
 * @cost: the cost (its id is ignored)
 * @error: return location for a #GError
 *
 * Returns: the new cost's id, or 0 with @error set (an empty name, a negative amount, a period
 *   that ends before it starts)
 */
gint64
hotlist_campaign_costs_add (HotlistStore *store, const HotlistCampaignCost *cost, GError **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), 0);
  g_return_val_if_fail (cost != NULL, 0);

  if (!cost_check (cost, error))
    return 0;
  stmt = hotlist_store_prepare (store,
                                "INSERT INTO campaign_costs"
                                " (kind, name, cost, currency, period_start, period_end)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                error);
  if (stmt == NULL)
    return 0;
  bind_cost (stmt, cost);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not save the cost"));
      return 0;
    }
  return sqlite3_last_insert_rowid (hotlist_store_get_db (store));
}

/**
 * hotlist_campaign_costs_update:
 * @store: a store
 * @cost: the cost, with the id of a stored one
 * @error: return location for a #GError
 *
 * Returns: %TRUE when it was saved; %FALSE with @error set (%G_IO_ERROR_NOT_FOUND when no cost
 *   has that id)
 */
gboolean
hotlist_campaign_costs_update (HotlistStore *store, const HotlistCampaignCost *cost, GError **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  if (!cost_check (cost, error))
    return FALSE;
  stmt = hotlist_store_prepare (store,
                                "UPDATE campaign_costs SET kind = ?1, name = ?2, cost = ?3,"
                                " currency = ?4, period_start = ?5, period_end = ?6 WHERE id = ?7",
                                error);
  if (stmt == NULL)
    return FALSE;
  bind_cost (stmt, cost);
  sqlite3_bind_int64 (stmt, 7, cost->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not save the cost"));
      return FALSE;
    }
  if (sqlite3_changes (hotlist_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("That cost is gone"));
      return FALSE;
    }
  return TRUE;
}

/**
 * hotlist_campaign_costs_remove:
 * @store: a store
 * @id: the cost
 * @error: return location for a #GError
 *
 * Returns: %TRUE when it is gone (or was not there)
 */
gboolean
hotlist_campaign_costs_remove (HotlistStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (HOTLIST_IS_STORE (store), FALSE);

  stmt = hotlist_store_prepare (store, "DELETE FROM campaign_costs WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hotlist_store_set_error (store, error, _ ("Could not remove the cost"));
      return FALSE;
    }
  return TRUE;
}
