#pragma once
// Text on Cairo through Pango: owned Cairo and Pango objects, the report's fonts and colours, and a
// piece of text laid out once (measured for pagination) and drawn later from the same layout, so
// what was measured is what is printed.

#include <cairo.h>
#include <memory>
#include <pango/pangocairo.h>
#include <string>
#include <vector>

namespace slate::reports {

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using Cairo = std::unique_ptr<cairo_t, CairoDeleter>;
using Surface = std::unique_ptr<cairo_surface_t, CairoDeleter>;

struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using Layout = std::unique_ptr<PangoLayout, GObjectDeleter>;

struct Colour {
  double red = 0;
  double green = 0;
  double blue = 0;
};
inline constexpr Colour kInk{0.10, 0.10, 0.12};
inline constexpr Colour kMuted{0.38, 0.38, 0.42};
inline constexpr Colour kRule{0.72, 0.72, 0.75};
inline constexpr Colour kShade{0.93, 0.93, 0.95};
inline constexpr Colour kSafe{0.10, 0.48, 0.22};
inline constexpr Colour kUnsafe{0.75, 0.10, 0.10};
inline constexpr Colour kWarning{0.62, 0.36, 0.00};
inline constexpr Colour kWhite{1, 1, 1};

void set_colour(cairo_t* cr, Colour colour);
void fill_rectangle(cairo_t* cr, double x, double y, double width, double height, Colour colour);
void horizontal_rule(cairo_t* cr, double x, double y, double width, Colour colour,
                     double thickness = 0.5);

/// DejaVu Sans for words, DejaVu Sans Mono for checksums and timecode; sizes in points.
struct Font {
  double size = 8;
  bool bold = false;
  bool mono = false;
};

/// How text meets its box's width: wrapped onto as many lines as it needs (never clipped), or one
/// line shortened with "…" where it does not fit.
enum class Fit { wrap, ellipsize_end, ellipsize_middle };

/// Laid-out text: a PangoLayout of a given width, drawn at a point in a colour.
class Text {
 public:
  Text() = default;
  /// `max_lines` > 0 ends wrapped text with "…" on its last line where a fixed-height box
  /// cannot take more.
  Text(PangoContext* context, const std::string& text, Font font, double width, Fit fit = Fit::wrap,
       PangoAlignment alignment = PANGO_ALIGN_LEFT, int max_lines = 0);

  double width() const;  ///< The ink that is there, not the box.
  double height() const;
  bool ellipsized() const;
  /// Where each line ends, from the top: where the text may be cut between pages.
  std::vector<double> line_bottoms() const;
  bool empty() const { return !layout_; }
  void draw(cairo_t* cr, double x, double y, Colour colour = kInk) const;

 private:
  Layout layout_;
};

/// Text on one line at the largest size up to `font.size` that fits `width` (a 90-character C4 id
/// in a checksum column), never smaller than `smallest`: below that it runs over, whole.
Text fitted_line(PangoContext* context, const std::string& text, Font font, double width,
                 double smallest);

/// The Pango context every layout of one document is made in: the PDF surface's own, so measuring
/// and drawing agree.
PangoContextPtr text_context(cairo_t* cr);

}  // namespace slate::reports
