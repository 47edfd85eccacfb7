#pragma once
// A clip's thumbnails in the offload report: JPEG files decoded with libjpeg for their size and
// pixels, with the file's own bytes attached so the PDF stores the JPEG as it is (DCT) rather
// than its pixels again, and each drawn with its shape kept inside a fixed cell.

#include <filesystem>
#include <map>
#include <string>

#include "typeset.hpp"

namespace slate::reports {

/// The thumbnails of one report, each file read and decoded once however often it is drawn.
class ThumbnailCache {
 public:
  /// The file's picture, or nullptr when it is missing or is not a JPEG libjpeg can read.
  cairo_surface_t* picture(const std::filesystem::path& file);

 private:
  std::map<std::filesystem::path, Surface> pictures_;
};

/// Draws `picture` as large as fits the cell without changing its shape, centred on the cell's
/// ground.
void draw_letterboxed(cairo_t* cr, cairo_surface_t* picture, double x, double y, double width,
                      double height);

/// A grey box with `label` in it, where a thumbnail cannot be drawn.
void draw_placeholder(cairo_t* cr, PangoContext* text, const std::string& label, double x, double y,
                      double width, double height);

}  // namespace slate::reports
