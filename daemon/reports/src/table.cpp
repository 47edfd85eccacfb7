#include "table.hpp"

#include <algorithm>

namespace slate::reports {

namespace {

constexpr double kPad = 3;
constexpr double kHeadHeight = 15;

}  // namespace

Table::Table(PangoContext* text, const Body& body, std::vector<Column> columns)
    : text_(text), body_(body), columns_(std::move(columns)) {
  double x = body_.left;
  for (const auto& column : columns_) {
    xs_.push_back(x);
    x += column.share * body_.width;
  }
  auto heads = std::make_shared<Block>();
  heads->height = kHeadHeight;
  heads->draw = [text = text_, body = body_, columns = columns_, xs = xs_](cairo_t* cr,
                                                                           double top) {
    fill_rectangle(cr, body.left, top, body.width, kHeadHeight - 2, kShade);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      Text(text, columns[i].title, {7, true}, columns[i].share * body.width - 2 * kPad,
           Fit::ellipsize_end, columns[i].alignment)
          .draw(cr, xs[i] + kPad, top + 3, kMuted);
    }
  };
  heads_ = std::move(heads);
}

Block Table::row(const std::vector<Cell>& cells, std::vector<std::shared_ptr<const Block>> carried,
                 std::optional<Colour> ground) const {
  struct Laid {
    Text text;
    double x;
    Colour colour;
  };
  auto laid = std::make_shared<std::vector<Laid>>();
  double tallest = 0;
  std::vector<double> breaks;
  for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
    Text text(text_, cells[i].text, cells[i].font, columns_[i].share * body_.width - 2 * kPad,
              cells[i].fit, columns_[i].alignment);
    if (text.height() > tallest) {
      tallest = text.height();
      breaks = text.line_bottoms();
    }
    laid->push_back({std::move(text), xs_[i] + kPad, cells[i].colour});
  }
  Block block;
  block.height = tallest + 2 * kPad;
  for (double& at : breaks) {
    at += kPad;
  }
  block.breaks = std::move(breaks);
  block.carried = std::move(carried);
  block.draw = [laid, body = body_, height = block.height, ground](cairo_t* cr, double top) {
    if (ground) {
      fill_rectangle(cr, body.left, top, body.width, height, *ground);
    }
    for (const auto& cell : *laid) {
      cell.text.draw(cr, cell.x, top + kPad, cell.colour);
    }
    horizontal_rule(cr, body.left, top + height - 0.25, body.width, kRule);
  };
  return block;
}

Block text_block(PangoContext* text, const Body& body, const std::string& words, Font font,
                 Colour colour, double space_above, double space_below) {
  auto laid = std::make_shared<Text>(text, words, font, body.width);
  Block block;
  block.height = space_above + laid->height() + space_below;
  block.draw = [laid, left = body.left, colour, space_above](cairo_t* cr, double top) {
    laid->draw(cr, left, top + space_above, colour);
  };
  return block;
}

}  // namespace slate::reports
