#include "flow.hpp"

#include <algorithm>

namespace slate::reports {

namespace {

class Paginator {
 public:
  explicit Paginator(const Body& body) : body_(body), pages_(1), y_(body.top) {}

  void add(const std::vector<Block>& blocks, std::size_t index) {
    const Block& block = blocks[index];
    if (!fresh_ && y_ + kept_height(blocks, index) > body_.bottom) {
      break_page();
    }
    if (broken_) {
      for (const auto& carried : block.carried) {
        place(*carried, 0, carried->height);
      }
      broken_ = false;
    }
    double from = 0;
    while (y_ + (block.height - from) > body_.bottom && !block.breaks.empty()) {
      const double cut = cut_between(block, from, from + (body_.bottom - y_));
      if (cut <= from) {
        break;
      }
      place(block, from, cut);
      from = cut;
      break_page();
      for (const auto& carried : block.carried) {
        place(*carried, 0, carried->height);
      }
      broken_ = false;
    }
    place(block, from, block.height);
    fresh_ = false;
  }

  std::vector<Page> pages() && { return std::move(pages_); }

 private:
  // The block with the headings kept with it: a scene's heading, its first setup's and its first
  // row.
  static double kept_height(const std::vector<Block>& blocks, std::size_t index) {
    double height = 0;
    for (std::size_t i = index; i < blocks.size(); ++i) {
      height += blocks[i].height;
      if (!blocks[i].keep_with_next) {
        break;
      }
    }
    return height;
  }

  // The lowest break that leaves the part above it no taller than `limit`; at `limit` itself when
  // the block has no line boundary there (a line is cut rather than the page overrun).
  static double cut_between(const Block& block, double from, double limit) {
    double cut = from;
    for (const double at : block.breaks) {
      if (at > from && at <= limit) {
        cut = std::max(cut, at);
      }
    }
    return cut > from ? cut : limit;
  }

  void place(const Block& block, double from, double to) {
    pages_.back().push_back({&block, y_, from, to});
    y_ += to - from;
  }

  void break_page() {
    pages_.emplace_back();
    y_ = body_.top;
    broken_ = true;
    fresh_ = true;
  }

  Body body_;
  std::vector<Page> pages_;
  double y_ = 0;
  bool fresh_ = true;
  bool broken_ = false;
};

}  // namespace

std::vector<Page> paginate(const std::vector<Block>& blocks, const Body& body) {
  Paginator paginator(body);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    paginator.add(blocks, i);
  }
  return std::move(paginator).pages();
}

void draw_pages(PdfDocument& document, const std::vector<Page>& pages) {
  cairo_t* cr = document.cr();
  const Body& body = document.body();
  const int total = static_cast<int>(pages.size());
  for (std::size_t number = 0; number < pages.size(); ++number) {
    for (const Placed& placed : pages[number]) {
      const bool whole = placed.from == 0 && placed.to >= placed.block->height;
      cairo_save(cr);
      if (!whole) {
        cairo_rectangle(cr, 0, placed.top, body.left * 2 + body.width, placed.to - placed.from);
        cairo_clip(cr);
      }
      placed.block->draw(cr, placed.top - placed.from);
      cairo_restore(cr);
    }
    document.finish_page(static_cast<int>(number) + 1, total);
  }
}

}  // namespace slate::reports
