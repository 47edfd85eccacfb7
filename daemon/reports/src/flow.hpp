#pragma once
// Rows of varying height flowed onto pages: everything is measured first, so the pages are known
// (and "Page N of M" can be printed) before the first is drawn.

#include <functional>
#include <memory>
#include <vector>

#include "page.hpp"

namespace slate::reports {

/// A piece of a page's body, measured: drawn with its top edge at `top`.
struct Block {
  double height = 0;
  std::function<void(cairo_t* cr, double top)> draw;
  /// A heading: moved to the next page with the block after it rather than left at a page's foot.
  bool keep_with_next = false;
  /// Drawn above it when it opens a page after a break: the table's header, "Scene 12
  /// (continued)".
  std::vector<std::shared_ptr<const Block>> carried;
  /// Where it may be cut (from its top), between lines, when it is taller than a page; one
  /// that is not is never cut.
  std::vector<double> breaks;
};

/// A block or the part of it from `from` to `to`, placed at `top`.
struct Placed {
  const Block* block = nullptr;
  double top = 0;
  double from = 0;
  double to = 0;
};
using Page = std::vector<Placed>;

std::vector<Page> paginate(const std::vector<Block>& blocks, const Body& body);

/// Draws the pages and their furniture, numbered "of pages.size()".
void draw_pages(PdfDocument& document, const std::vector<Page>& pages);

}  // namespace slate::reports
