#pragma once
// A table of rows as tall as their tallest cell, for the reports whose rows vary: the Editor's Log
// and the Daily Progress Report. Its header is a block of its own, carried onto every page the
// table continues on.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flow.hpp"

namespace slate::reports {

struct Column {
  std::string title;
  double share = 0;  ///< Of the body's width.
  PangoAlignment alignment = PANGO_ALIGN_LEFT;
};

struct Cell {
  std::string text;
  Font font{7.5};
  Colour colour = kInk;
  Fit fit = Fit::wrap;
};

class Table {
 public:
  Table(PangoContext* text, const Body& body, std::vector<Column> columns);

  /// The column heads, on a shaded band.
  std::shared_ptr<const Block> heads() const { return heads_; }
  /// A row: every cell's text wrapped in full; `carried` goes above it on a page it opens.
  Block row(const std::vector<Cell>& cells, std::vector<std::shared_ptr<const Block>> carried,
            std::optional<Colour> ground = std::nullopt) const;

 private:
  PangoContext* text_;
  Body body_;
  std::vector<Column> columns_;
  std::vector<double> xs_;
  std::shared_ptr<const Block> heads_;
};

/// A line of text across the body: a heading, a total, a "(continued)".
Block text_block(PangoContext* text, const Body& body, const std::string& words, Font font,
                 Colour colour = kInk, double space_above = 0, double space_below = 2);

}  // namespace slate::reports
