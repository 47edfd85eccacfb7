#pragma once
// A report's PDF: Cairo's PDF surface writing into a string, and the furniture every page carries
// (the production and unit, the title, Slate's version, when it was made and "Page N of M").

#include <string>

#include <slate/reports/reports.hpp>

#include "typeset.hpp"

namespace slate::reports {

inline constexpr double kMargin = 28;

/// Where a page's content goes: under the masthead, above the foot, in points.
struct Body {
  double left = 0;
  double top = 0;
  double width = 0;
  double bottom = 0;
  double height() const { return bottom - top; }
};

/// A report being written: its pages are drawn in order on one context, each finished with its
/// furniture once the body is drawn.
class PdfDocument {
 public:
  PdfDocument(Paper paper, Masthead masthead, std::string title);
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  cairo_t* cr() const { return cr_.get(); }
  PangoContext* text() const { return text_.get(); }
  const Body& body() const { return body_; }

  /// Draws the masthead and the foot on the current page, numbered `number` of `total`, and
  /// starts the next.
  void finish_page(int number, int total);
  /// Ends the PDF and hands its bytes over.
  Document finish();

 private:
  Masthead masthead_;
  std::string title_;
  double page_width_ = 0;
  double page_height_ = 0;
  Body body_;
  int pages_ = 0;
  std::string bytes_;
  Surface surface_;
  Cairo cr_;
  PangoContextPtr text_;
};

}  // namespace slate::reports
