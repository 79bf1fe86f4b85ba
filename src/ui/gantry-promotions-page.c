/* gantry-promotions-page.c
 *
 * Copyright 2026 The Gantry developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gantry-promotions-page"

#include "config.h"

#include "gantry-promotions-page.h"

struct _GantryPromotionsPage
{
  GtkWidget      parent_instance;

  /* template */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (GantryPromotionsPage, gantry_promotions_page, GTK_TYPE_WIDGET)

static void
gantry_promotions_page_reload (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  /* The window forwards win.refresh here so that it never needs to know
   * page types. Candidates arrive with the promotion engine in core. */
  g_debug ("Nothing to reload yet");
}

static void
gantry_promotions_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GANTRY_TYPE_PROMOTIONS_PAGE);

  G_OBJECT_CLASS (gantry_promotions_page_parent_class)->dispose (object);
}

static void
gantry_promotions_page_class_init (GantryPromotionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gantry_promotions_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/gantry-promotions-page.ui");
  /* A plain widget with a bin layout rather than an AdwBin: AdwBin's own
   * dispose would unparent the child gtk_widget_dispose_template() already
   * unparented. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GantryPromotionsPage, status_page);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL, gantry_promotions_page_reload);
}

static void
gantry_promotions_page_init (GantryPromotionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
