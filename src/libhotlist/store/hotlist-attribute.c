/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An attribute a scoring model may use: group names, copying and freeing. */

#include "hotlist-attribute.h"

#include <string.h>

static const char *group_names[] = { "demographics", "firmographics", "behavior",
                                     "engagement",   "crm",           "custom" };

G_DEFINE_BOXED_TYPE (HotlistAttribute,
                     hotlist_attribute,
                     hotlist_attribute_copy,
                     hotlist_attribute_free)

const char *
hotlist_attribute_group_to_string (HotlistAttributeGroup group)
{
  g_return_val_if_fail (group <= HOTLIST_ATTRIBUTE_GROUP_CUSTOM, NULL);
  return group_names[group];
}

gboolean
hotlist_attribute_group_from_string (const char *text, HotlistAttributeGroup *group)
{
  g_return_val_if_fail (group != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    if (strcmp (text, group_names[i]) == 0)
      {
        *group = i;
        return TRUE;
      }
  return FALSE;
}

HotlistAttribute *
hotlist_attribute_copy (const HotlistAttribute *attribute)
{
  HotlistAttribute *copy;

  g_return_val_if_fail (attribute != NULL, NULL);

  copy = g_memdup2 (attribute, sizeof *attribute);
  copy->key = g_strdup (attribute->key);
  copy->label = g_strdup (attribute->label);
  copy->column_name = g_strdup (attribute->column_name);
  copy->leakage = g_strdup (attribute->leakage);
  return copy;
}

void
hotlist_attribute_free (HotlistAttribute *attribute)
{
  if (attribute == NULL)
    return;
  g_free (attribute->key);
  g_free (attribute->label);
  g_free (attribute->column_name);
  g_free (attribute->leakage);
  g_free (attribute);
}
