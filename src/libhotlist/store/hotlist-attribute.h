/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An attribute a scoring model may use: a core lead field or a custom column. */
#pragma once

#include <glib-object.h>

#include "hotlist-value.h"

G_BEGIN_DECLS

/**
 * HotlistAttributeGroup:
 *
 * The group an attribute is shown under in the weights settings.
 */
typedef enum
{
  HOTLIST_ATTRIBUTE_GROUP_DEMOGRAPHICS,
  HOTLIST_ATTRIBUTE_GROUP_FIRMOGRAPHICS,
  HOTLIST_ATTRIBUTE_GROUP_BEHAVIOR,
  HOTLIST_ATTRIBUTE_GROUP_ENGAGEMENT,
  HOTLIST_ATTRIBUTE_GROUP_CRM,
  HOTLIST_ATTRIBUTE_GROUP_CUSTOM,
} HotlistAttributeGroup;

const char *hotlist_attribute_group_to_string (HotlistAttributeGroup group);
gboolean    hotlist_attribute_group_from_string (const char *text, HotlistAttributeGroup *group);

/**
 * HotlistAttribute:
 * @key: stable key ("company_size", "pricing_page_views")
 * @label: what the user sees
 * @column_name: (nullable): the column the attribute came from, for custom attributes
 * @leakage: (nullable): why the attribute was flagged as leaking the outcome
 */
typedef struct
{
  char                 *key;
  char                 *label;
  HotlistValueKind      kind;
  HotlistAttributeGroup group;
  gboolean              is_core;
  char                 *column_name;
  int                   position;
  gboolean              enabled;
  double                weight;
  char                 *leakage;
} HotlistAttribute;

#define HOTLIST_TYPE_ATTRIBUTE (hotlist_attribute_get_type ())

GType             hotlist_attribute_get_type (void) G_GNUC_CONST;
HotlistAttribute *hotlist_attribute_copy (const HotlistAttribute *attribute);
void              hotlist_attribute_free (HotlistAttribute *attribute);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HotlistAttribute, hotlist_attribute_free)

G_END_DECLS
