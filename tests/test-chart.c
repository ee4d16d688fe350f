/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI tests of the report chart: tick values, what is under the pointer, pixels drawn, light and dark. */

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "hotlist-chart.h"

#define WIDTH 480
#define HEIGHT 320

static const char *const bands[] = { "Hot", "Warm", "Cool", "Cold", NULL };
static const double      band_rates[] = { 0.8, 0.5, 0.2, 0.1 };

static void
wait_for_idle (void)
{
  for (int i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static HotlistChart *
make_bar_chart (void)
{
  HotlistChart *chart = HOTLIST_CHART (hotlist_chart_new (HOTLIST_CHART_BAR));

  g_object_ref_sink (chart);
  hotlist_chart_set_series (chart, "Conversion", NULL, band_rates, G_N_ELEMENTS (band_rates));
  hotlist_chart_set_labels (chart, bands);
  hotlist_chart_set_axis_titles (chart, "Score band", "Conversion rate");
  hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_set_y_range (chart, 0, 1);
  hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_HORIZONTAL, 0.12, "Base rate");
  return chart;
}

/* A ROC curve of 11 points with the diagonal of chance. */
static HotlistChart *
make_roc_chart (void)
{
  HotlistChart *chart = HOTLIST_CHART (hotlist_chart_new (HOTLIST_CHART_LINE));
  double        fpr[11], tpr[11];

  g_object_ref_sink (chart);
  for (guint i = 0; i < G_N_ELEMENTS (fpr); i++)
    {
      fpr[i] = i / 10.0;
      tpr[i] = pow (fpr[i], 0.35);
    }
  hotlist_chart_set_series (chart, "ROC", fpr, tpr, G_N_ELEMENTS (fpr));
  hotlist_chart_set_axis_titles (chart, "False positive rate", "True positive rate");
  hotlist_chart_set_value_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_set_x_format (chart, HOTLIST_CHART_FORMAT_PERCENT);
  hotlist_chart_set_x_range (chart, 0, 1);
  hotlist_chart_set_y_range (chart, 0, 1);
  hotlist_chart_set_reference_line (chart, HOTLIST_CHART_REFERENCE_DIAGONAL, 0, "Chance");
  return chart;
}

static GtkWindow *
show_in_window (HotlistChart *chart)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (chart));
  gtk_window_present (window);
  wait_for_idle ();
  return window;
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_for_idle ();
}

static cairo_surface_t *
draw_chart (HotlistChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t         *cr = cairo_create (surface);

  hotlist_chart_draw_to_cairo (chart, cr, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

typedef struct
{
  int r, g, b;
} Pixel;

static Pixel
pixel_at (cairo_surface_t *surface, double x, double y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);
  guint32       argb;

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpfloat (y, <, cairo_image_surface_get_height (surface));
  memcpy (&argb, data + (int)y * stride + (int)x * 4, 4);
  return (Pixel){ (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };
}

static int
pixel_distance (Pixel a, Pixel b)
{
  return abs (a.r - b.r) + abs (a.g - b.g) + abs (a.b - b.b);
}

static double
luminance (Pixel p)
{
  return 0.2126 * p.r + 0.7152 * p.g + 0.0722 * p.b;
}

static void
save_png (cairo_surface_t *surface, const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/chart-%s.png", g_get_tmp_dir (), name);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("saved %s", path);
}

static void
save_chart_png (HotlistChart *chart, const char *name)
{
  cairo_surface_t *surface = draw_chart (chart);

  save_png (surface, name);
  cairo_surface_destroy (surface);
}

static void
test_nice_ticks (void)
{
  static const struct
  {
    double min, max;
    guint  target;
    double first, step;
    guint  n;
  } cases[] = {
    { 0, 1, 6, 0, 0.2, 6 },          /* rates: 0%, 20% … 100% */
    { 0, 0.37, 5, 0, 0.1, 5 },       /* 0 to 0.4 by 0.1 */
    { 13, 987, 5, 0, 200, 6 },       /* lead counts: 0 to 1000 by 200 */
    { -3.2, 7.9, 5, -5, 5, 4 },      /* -5, 0, 5, 10 */
    { 0.52, 0.58, 4, 0.5, 0.05, 3 }, /* AUC over time: 0.5, 0.55, 0.6 */
    { 42, 42, 5, 42, 1, 6 },         /* one value still gets an axis */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double first = NAN, step = NAN;
      guint  n =
          hotlist_chart_nice_ticks (cases[i].min, cases[i].max, cases[i].target, &first, &step);

      g_test_message ("case %u: [%g, %g] → first %g step %g n %u", i, cases[i].min, cases[i].max,
                      first, step, n);
      g_assert_cmpfloat_with_epsilon (step, cases[i].step, 1e-9);
      g_assert_cmpfloat_with_epsilon (first, cases[i].first, 1e-9);
      g_assert_cmpuint (n, ==, cases[i].n);
      /* The ticks cover the range. */
      g_assert_cmpfloat (first, <=, cases[i].min + 1e-9);
      g_assert_cmpfloat (first + (n - 1) * step, >=, cases[i].max - 1e-9);
    }
}

static void
test_hit_bars (void)
{
  g_autoptr (HotlistChart) chart = make_bar_chart ();
  graphene_rect_t          plot;
  guint                    series, index;

  g_assert_true (hotlist_chart_get_plot_area (chart, WIDTH, HEIGHT, &plot));
  for (guint i = 0; i < G_N_ELEMENTS (band_rates); i++)
    {
      graphene_point_t point;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      /* In the middle of the bar, and in the empty space above it. */
      g_assert_true (
          hotlist_chart_value_to_point (chart, WIDTH, HEIGHT, i, band_rates[i] / 2, &point));
      g_assert_true (
          hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, point.x, point.y, &series, &index));
      g_assert_cmpuint (series, ==, 0);
      g_assert_cmpuint (index, ==, i);
      g_assert_true (hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, point.x, plot.origin.y + 2,
                                                &series, &index));
      g_assert_cmpuint (index, ==, i);

      text = hotlist_chart_dup_item_text (chart, series, index);
      expected = g_strdup_printf ("%s: %.0f%%", bands[i], band_rates[i] * 100);
      g_assert_cmpstr (text, ==, expected);
    }

  /* Over the axis labels and outside the plot there is no bar. */
  g_assert_false (hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, plot.origin.x - 3,
                                             plot.origin.y + plot.size.height / 2, NULL, NULL));
  g_assert_false (hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, plot.origin.x + 10,
                                             plot.origin.y + plot.size.height + 5, NULL, NULL));
  g_assert_false (hotlist_chart_dup_item_text (chart, 0, 99));

  /* Two series side by side: the left half of a slot is the first, the right half the second. */
  {
    static const double other[] = { 0.6, 0.4, 0.3, 0.05 };
    double              slot_w;

    hotlist_chart_set_series (chart, "Email", NULL, other, G_N_ELEMENTS (other));
    g_assert_true (hotlist_chart_get_plot_area (chart, WIDTH, HEIGHT, &plot));
    slot_w = plot.size.width / 4;
    g_assert_true (
        hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, plot.origin.x + 2 * slot_w + slot_w * 0.3,
                                   plot.origin.y + plot.size.height - 2, &series, &index));
    g_assert_cmpuint (series, ==, 0);
    g_assert_cmpuint (index, ==, 2);
    g_assert_true (
        hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, plot.origin.x + 2 * slot_w + slot_w * 0.7,
                                   plot.origin.y + plot.size.height - 2, &series, &index));
    g_assert_cmpuint (series, ==, 1);
    g_assert_cmpuint (index, ==, 2);
    {
      g_autofree char *text = hotlist_chart_dup_item_text (chart, 1, 2);

      g_assert_cmpstr (text, ==, "Cool, Email: 30%");
    }
    save_chart_png (chart, "bars-grouped");
    {
      /* Outside any window (as for an export) the axis labels still stand out. */
      cairo_surface_t *surface = draw_chart (chart);
      Pixel            bg = pixel_at (surface, 1, 1);
      int              darkest = 0;

      for (int y = plot.origin.y; y < plot.origin.y + plot.size.height; y++)
        for (int x = 0; x < plot.origin.x - 2; x++)
          darkest = MAX (darkest, pixel_distance (pixel_at (surface, x, y), bg));
      g_assert_cmpint (darkest, >, 300);
      cairo_surface_destroy (surface);
    }
  }
}

static void
test_hit_line (void)
{
  g_autoptr (HotlistChart) chart = make_roc_chart ();

  for (guint i = 0; i <= 10; i++)
    {
      graphene_point_t point;
      guint            series = 99, index = 99;
      double           x = i / 10.0;

      g_assert_true (hotlist_chart_value_to_point (chart, WIDTH, HEIGHT, x, pow (x, 0.35), &point));
      /* A few pixels off the point still finds it. */
      g_assert_true (hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, point.x + 3, point.y - 2,
                                                &series, &index));
      g_assert_cmpuint (series, ==, 0);
      g_assert_cmpuint (index, ==, i);
    }

  {
    graphene_point_t point;
    g_autofree char *text = hotlist_chart_dup_item_text (chart, 0, 2);

    /* Far below the curve, at the lower right, nothing. */
    g_assert_true (hotlist_chart_value_to_point (chart, WIDTH, HEIGHT, 0.85, 0.1, &point));
    g_assert_false (hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, point.x, point.y, NULL, NULL));
    g_assert_cmpstr (text, ==, "ROC\nFalse positive rate: 20%\nTrue positive rate: 56.9%");
  }
}

static void
test_hit_histogram (void)
{
  g_autoptr (HotlistChart) chart = HOTLIST_CHART (hotlist_chart_new (HOTLIST_CHART_HISTOGRAM));
  static const double      edges[] = { 0, 20, 40, 60, 80 };
  static const double      counts[] = { 120, 340, 280, 90, 15 };
  guint                    index;

  g_object_ref_sink (chart);
  hotlist_chart_set_series (chart, "Leads", edges, counts, G_N_ELEMENTS (counts));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      graphene_point_t point;

      /* The middle of bin i, just above the baseline. */
      g_assert_true (hotlist_chart_value_to_point (chart, WIDTH, HEIGHT, edges[i] + 10, 1, &point));
      g_assert_true (
          hotlist_chart_get_item_at (chart, WIDTH, HEIGHT, point.x, point.y, NULL, &index));
      g_assert_cmpuint (index, ==, i);
    }
  {
    g_autofree char *text = hotlist_chart_dup_item_text (chart, 0, 1);

    g_assert_cmpstr (text, ==, "20–40: 340");
  }
  hotlist_chart_set_axis_titles (chart, "Score", "Leads");
  save_chart_png (chart, "histogram");
}

static void
test_summary (void)
{
  g_autoptr (HotlistChart) chart = make_bar_chart ();
  g_autoptr (HotlistChart) empty = HOTLIST_CHART (hotlist_chart_new (HOTLIST_CHART_LINE));
  g_autofree char         *summary = hotlist_chart_dup_summary (chart);
  g_autofree char         *nothing = NULL;

  g_object_ref_sink (empty);
  g_assert_cmpstr (summary, ==,
                   "Bar chart. Hot: 80%; Warm: 50%; Cool: 20%; Cold: 10%. Base rate: 12%.");
  nothing = hotlist_chart_dup_summary (empty);
  g_assert_cmpstr (nothing, ==, "Line chart. No data.");
}

/* Where the bars are the surface has their colour, elsewhere in the plot the background. */
static void
check_bar_pixels (HotlistChart *chart, cairo_surface_t *surface)
{
  Pixel           bg = pixel_at (surface, 1, 1);
  graphene_rect_t plot;
  double          slot_w;

  g_assert_true (hotlist_chart_get_plot_area (chart, WIDTH, HEIGHT, &plot));
  slot_w = plot.size.width / G_N_ELEMENTS (band_rates);
  for (guint i = 0; i < G_N_ELEMENTS (band_rates); i++)
    {
      /* Levels between any ticks' grid lines: 35% (in the first two bars) and 75% (the first). */
      static const double levels[] = { 0.05, 0.35, 0.75 };

      for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
        {
          graphene_point_t point;
          Pixel            in_slot, between;

          g_assert_true (hotlist_chart_value_to_point (chart, WIDTH, HEIGHT, i, levels[l], &point));
          in_slot = pixel_at (surface, point.x, point.y);
          between = pixel_at (surface, plot.origin.x + i * slot_w + 2, point.y);
          g_test_message ("bar %u at %.0f%%: (%d,%d,%d), background (%d,%d,%d)", i, levels[l] * 100,
                          in_slot.r, in_slot.g, in_slot.b, bg.r, bg.g, bg.b);
          if (levels[l] < band_rates[i])
            {
              /* Bars are in the accent colour, blue in both schemes. */
              g_assert_cmpint (pixel_distance (in_slot, bg), >, 60);
              g_assert_cmpint (in_slot.b, >, in_slot.r + 40);
            }
          else
            g_assert_cmpint (pixel_distance (in_slot, bg), <=, 3);
          /* Bars keep apart. */
          g_assert_cmpint (pixel_distance (between, bg), <=, 3);
        }
    }
  /* Right of the plot, level with its middle: background. */
  g_assert_cmpint (pixel_distance (pixel_at (surface, WIDTH - 3,
                                             plot.origin.y + plot.size.height / 2),
                                   bg),
                   <=, 3);
}

static void
test_draw_pixels (void)
{
  g_autoptr (HotlistChart) chart = make_bar_chart ();
  GtkWindow               *window = show_in_window (chart);
  cairo_surface_t         *surface;

  set_dark (FALSE);
  surface = draw_chart (chart);
  check_bar_pixels (chart, surface);
  cairo_surface_destroy (surface);
  gtk_window_destroy (window);
  wait_for_idle ();
}

static void
test_light_dark (void)
{
  g_autoptr (HotlistChart) bars = make_bar_chart ();
  g_autoptr (HotlistChart) roc = make_roc_chart ();
  GtkWidget               *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow               *window = GTK_WINDOW (gtk_window_new ());
  cairo_surface_t         *light, *dark, *line;
  graphene_point_t         point;
  Pixel                    light_bar, dark_bar;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (bars));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (roc));
  gtk_window_set_child (window, box);
  gtk_window_present (window);

  set_dark (FALSE);
  light = draw_chart (bars);
  save_png (light, "bar-light");
  line = draw_chart (roc);
  save_png (line, "line-light");
  cairo_surface_destroy (line);

  set_dark (TRUE);
  dark = draw_chart (bars);
  save_png (dark, "bar-dark");
  line = draw_chart (roc);
  save_png (line, "line-dark");
  cairo_surface_destroy (line);

  /* A dark background under light text, and bars that still read on it. */
  g_assert_cmpfloat (luminance (pixel_at (dark, 1, 1)), <, 80);
  g_assert_cmpfloat (luminance (pixel_at (light, 1, 1)), >, 200);
  check_bar_pixels (bars, dark);
  g_assert_true (hotlist_chart_value_to_point (bars, WIDTH, HEIGHT, 0, 0.4, &point));
  light_bar = pixel_at (light, point.x, point.y);
  dark_bar = pixel_at (dark, point.x, point.y);
  g_assert_cmpint (pixel_distance (light_bar, dark_bar), >, 30);

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
  set_dark (FALSE);
  gtk_window_destroy (window);
  wait_for_idle ();
}

/* The widget's own snapshot shows the same bars as hotlist_chart_draw_to_cairo(). */
static void
test_snapshot (void)
{
  g_autoptr (HotlistChart)  chart = make_bar_chart ();
  GtkWindow                *window = show_in_window (chart);
  g_autoptr (GdkPaintable)  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture)    texture = NULL;
  GtkSnapshot              *snapshot = gtk_snapshot_new ();
  int                       width = gtk_widget_get_width (GTK_WIDGET (chart));
  int                       height = gtk_widget_get_height (GTK_WIDGET (chart));
  int                       wwidth = gtk_widget_get_width (GTK_WIDGET (window));
  int                       wheight = gtk_widget_get_height (GTK_WIDGET (window));
  graphene_point_t          point, origin;
  g_autofree guchar        *data = NULL;
  guint32                   argb;
  int                       min_w, min_h;

  set_dark (FALSE);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, wwidth, wheight);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, wwidth, wheight));
  {
    g_autofree char *path = g_strdup_printf ("%s/chart-widget-light.png", g_get_tmp_dir ());

    gdk_texture_save_to_png (texture, path);
  }
  data = g_malloc (gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, data, gdk_texture_get_width (texture) * 4);

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (chart), GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (0, 0), &origin));
  g_assert_true (hotlist_chart_value_to_point (chart, width, height, 0, 0.4, &point));
  memcpy (&argb,
          data
              + ((int)(origin.y + point.y) * gdk_texture_get_width (texture)
                 + (int)(origin.x + point.x))
                    * 4,
          4);
  g_assert_cmpint (argb & 0xff, >, ((argb >> 16) & 0xff) + 40);

  /* Small enough for a card, big enough for its axes. */
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
  g_assert_cmpint (min_w, >=, 150);
  g_assert_cmpint (min_w, <=, 400);
  g_assert_cmpint (min_h, >=, 120);
  g_assert_cmpint (min_h, <=, 300);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (chart)));

  gtk_window_destroy (window);
  wait_for_idle ();
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart/nice-ticks", test_nice_ticks);
  g_test_add_func ("/chart/hit/bars", test_hit_bars);
  g_test_add_func ("/chart/hit/line", test_hit_line);
  g_test_add_func ("/chart/hit/histogram", test_hit_histogram);
  g_test_add_func ("/chart/summary", test_summary);
  g_test_add_func ("/chart/draw/pixels", test_draw_pixels);
  g_test_add_func ("/chart/draw/light-dark", test_light_dark);
  g_test_add_func ("/chart/draw/snapshot", test_snapshot);
  return g_test_run ();
}
