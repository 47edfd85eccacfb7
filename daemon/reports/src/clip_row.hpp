#pragma once
// The offload report's clip table: its columns and a clip's row, every row the same height so
// that the pages follow from the number of clips alone.

#include <slate/reports/reports.hpp>

#include "page.hpp"
#include "thumbnails.hpp"

namespace slate::reports {

inline constexpr double kClipRowHeight = 56;
inline constexpr double kTableHeaderHeight = 15;

// The clip table's columns, left to right; the clip's and the copies' share what the fixed ones
// leave, so A4's extra width goes to names.
struct ClipColumns {
  double thumbnails = 0, clip = 0, timecode = 0, picture = 0, checksums = 0, copies = 0;
  double thumbnails_width = 136, clip_width = 0, timecode_width = 72, picture_width = 74,
         checksums_width = 196, copies_width = 0;
  double right = 0;
};
ClipColumns clip_columns(const Body& body);

/// A table's column heads on a shaded band, each (x, title) up to the next one's x.
void draw_column_heads(cairo_t* cr, PangoContext* text, double top, double left, double width,
                       const std::vector<std::pair<double, std::string>>& heads);
void draw_clip_heads(cairo_t* cr, PangoContext* text, const ClipColumns& columns, double top);

/// One clip's row, drawn from its top edge; kClipRowHeight tall whatever it holds.
class ClipRow {
 public:
  ClipRow(PangoContext* text, ThumbnailCache& thumbnails, const ClipColumns& columns)
      : text_(text), thumbnails_(thumbnails), c_(columns) {}

  void draw(cairo_t* cr, const OffloadClip& clip, double top, bool shaded) const;

 private:
  void draw_thumbnails(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_clip(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_timecode(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_picture(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_checksums(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_copies(cairo_t* cr, const OffloadClip& clip, double top) const;
  void draw_detail(cairo_t* cr, const OffloadClip& clip, double top) const;

  PangoContext* text_;
  ThumbnailCache& thumbnails_;
  ClipColumns c_;
};

}  // namespace slate::reports
