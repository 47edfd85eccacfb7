#include "typeset.hpp"

#include <algorithm>
#include <cmath>

namespace slate::reports {

namespace {

int pango_units(double points) {
  return static_cast<int>(std::lround(points * PANGO_SCALE));
}

double points(int units) {
  return static_cast<double>(units) / PANGO_SCALE;
}

struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};

std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> description_of(Font font) {
  std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> description(
      pango_font_description_new());
  pango_font_description_set_family(description.get(),
                                    font.mono ? "DejaVu Sans Mono" : "DejaVu Sans");
  pango_font_description_set_weight(description.get(),
                                    font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  // Absolute: in the surface's points, whatever resolution Pango assumes for the context.
  pango_font_description_set_absolute_size(description.get(), font.size * PANGO_SCALE);
  return description;
}

}  // namespace

void set_colour(cairo_t* cr, Colour colour) {
  cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue);
}

void fill_rectangle(cairo_t* cr, double x, double y, double width, double height, Colour colour) {
  set_colour(cr, colour);
  cairo_rectangle(cr, x, y, width, height);
  cairo_fill(cr);
}

void horizontal_rule(cairo_t* cr, double x, double y, double width, Colour colour,
                     double thickness) {
  set_colour(cr, colour);
  cairo_set_line_width(cr, thickness);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + width, y);
  cairo_stroke(cr);
}

Text::Text(PangoContext* context, const std::string& text, Font font, double width, Fit fit,
           PangoAlignment alignment, int max_lines)
    : layout_(pango_layout_new(context)) {
  pango_layout_set_font_description(layout_.get(), description_of(font).get());
  pango_layout_set_width(layout_.get(), pango_units(std::max(width, 1.0)));
  pango_layout_set_alignment(layout_.get(), alignment);
  switch (fit) {
    case Fit::wrap:
      pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
      if (max_lines > 0) {
        pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_END);
        pango_layout_set_height(layout_.get(), -max_lines);
      }
      break;
    case Fit::ellipsize_end:
      pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_END);
      break;
    case Fit::ellipsize_middle:
      pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_MIDDLE);
      break;
  }
  pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
}

double Text::width() const {
  if (!layout_) {
    return 0;
  }
  PangoRectangle logical;
  pango_layout_get_extents(layout_.get(), nullptr, &logical);
  return points(logical.width);
}

double Text::height() const {
  if (!layout_) {
    return 0;
  }
  PangoRectangle logical;
  pango_layout_get_extents(layout_.get(), nullptr, &logical);
  return points(logical.height);
}

bool Text::ellipsized() const {
  return layout_ && pango_layout_is_ellipsized(layout_.get());
}

std::vector<double> Text::line_bottoms() const {
  std::vector<double> bottoms;
  if (!layout_) {
    return bottoms;
  }
  PangoLayoutIter* iter = pango_layout_get_iter(layout_.get());
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    bottoms.push_back(points(logical.y + logical.height));
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return bottoms;
}

void Text::draw(cairo_t* cr, double x, double y, Colour colour) const {
  if (!layout_) {
    return;
  }
  set_colour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout_.get());
}

Text fitted_line(PangoContext* context, const std::string& text, Font font, double width,
                 double smallest) {
  // No wrapping and no ellipsis: a checksum is whole or it is not there.
  constexpr double kUnbounded = 1e6;
  Text natural(context, text, font, kUnbounded);
  if (natural.width() <= width) {
    return natural;
  }
  // Glyph advances scale with the size (metrics are neither hinted nor rounded on this context).
  font.size = std::max(smallest, font.size * width / natural.width() * 0.99);
  return Text(context, text, font, kUnbounded);
}

PangoContextPtr text_context(cairo_t* cr) {
  PangoContextPtr context(pango_cairo_create_context(cr));
  // Pango rounds glyph positions to whole device units by default: whole points here, which
  // would widen a 3-point checksum by half and make measured widths stop scaling with the size.
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  return context;
}

}  // namespace slate::reports
