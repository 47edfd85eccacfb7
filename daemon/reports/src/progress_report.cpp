// The Daily Progress Report: the day's times, what was shot, the scenes, the cards and whether
// each may be formatted, and what the wrap check found still open.

#include <algorithm>

#include <slate/reports/reports.hpp>

#include "flow.hpp"
#include "table.hpp"
#include "wording.hpp"

namespace slate::reports {

namespace {

// Label over value, a row of them across the body; as many rows as the pairs need.
Block figures_block(PangoContext* text, const Body& body,
                    const std::vector<std::pair<std::string, std::string>>& figures,
                    std::size_t per_row, bool mono) {
  struct Figure {
    Text label, value;
    double x = 0, y = 0;
  };
  auto laid = std::make_shared<std::vector<Figure>>();
  const double width = body.width / static_cast<double>(per_row);
  double y = 0;
  double row_height = 0;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    if (i > 0 && i % per_row == 0) {
      y += row_height + 6;
      row_height = 0;
    }
    Figure figure{Text(text, figures[i].first, {7.5}, width - 8),
                  Text(text, figures[i].second.empty() ? "—" : figures[i].second, {12, true, mono},
                       width - 8),
                  body.left + static_cast<double>(i % per_row) * width, y};
    row_height = std::max(row_height, figure.label.height() + 1 + figure.value.height());
    laid->push_back(std::move(figure));
  }
  Block block;
  block.height = y + row_height + 10;
  block.draw = [laid](cairo_t* cr, double top) {
    for (const auto& figure : *laid) {
      figure.label.draw(cr, figure.x, top + figure.y, kMuted);
      figure.value.draw(cr, figure.x, top + figure.y + figure.label.height() + 1);
    }
  };
  return block;
}

std::string day_of(const ProgressReport& report) {
  std::string day = "Day " + std::to_string(report.day_number);
  if (report.schedule_days) {
    day += " of " + std::to_string(*report.schedule_days);
  }
  return day;
}

void add_heading(std::vector<Block>& blocks, PangoContext* text, const Body& body,
                 const std::string& title) {
  Block heading = text_block(text, body, title, {10, true}, kInk, 4, 3);
  heading.keep_with_next = true;
  blocks.push_back(std::move(heading));
}

void add_scenes(std::vector<Block>& blocks, PangoContext* text, const Body& body,
                const ProgressReport& report) {
  add_heading(blocks, text, body, "Scenes");
  const Table table(text, body,
                    {{"Scene", 0.08},
                     {"Description", 0.5},
                     {"Shot", 0.1},
                     {"Setups", 0.08, PANGO_ALIGN_RIGHT},
                     {"Takes", 0.08, PANGO_ALIGN_RIGHT},
                     {"Circled", 0.08, PANGO_ALIGN_RIGHT},
                     {"Pages", 0.08, PANGO_ALIGN_RIGHT}});
  Block heads = *table.heads();
  heads.keep_with_next = true;
  blocks.push_back(std::move(heads));
  const auto continued = std::make_shared<const Block>(
      text_block(text, body, "Scenes (continued)", {9, true}, kMuted, 2, 2));
  for (const auto& scene : report.scenes) {
    blocks.push_back(table.row({{scene.number, {8, true}},
                                {scene.description},
                                {scene.complete ? "Complete" : "Part", {7.5, scene.complete}},
                                {std::to_string(scene.setups)},
                                {std::to_string(scene.takes)},
                                {std::to_string(scene.circled)},
                                {scene.pages.empty() ? "—" : scene.pages}},
                               {continued, table.heads()}));
  }
  if (report.scenes.empty()) {
    blocks.push_back(text_block(text, body, "No scenes shot.", {8.5}, kMuted, 2));
  }
  blocks.back().height += 8;
}

std::string plural_cards(std::size_t count) {
  return count == 1 ? "1 card" : std::to_string(count) + " cards";
}

void add_cards(std::vector<Block>& blocks, PangoContext* text, const Body& body,
               const ProgressReport& report) {
  add_heading(blocks, text, body, "Cards");
  const Table table(text, body,
                    {{"Roll", 0.1},
                     {"Camera", 0.08},
                     {"Files", 0.08, PANGO_ALIGN_RIGHT},
                     {"Size", 0.24, PANGO_ALIGN_RIGHT},
                     {"Verdict", 0.5}});
  Block heads = *table.heads();
  heads.keep_with_next = true;
  blocks.push_back(std::move(heads));
  const auto continued = std::make_shared<const Block>(
      text_block(text, body, "Cards (continued)", {9, true}, kMuted, 2, 2));
  int files = 0;
  for (const auto& card : report.cards) {
    files += card.files;
    blocks.push_back(table.row(
        {{card.roll, {8, true}},
         {card.camera},
         {with_thousands(static_cast<std::uint64_t>(std::max(card.files, 0)))},
         {size_in_full(card.bytes)},
         {card.verdict.empty() ? (card.safe ? "SAFE TO FORMAT" : "NOT SAFE") : card.verdict,
          {7.5, true},
          card.safe ? kSafe : kUnsafe}},
        {continued, table.heads()}));
  }
  blocks.push_back(table.row({{"Total", {8, true}},
                              {plural_cards(report.cards.size())},
                              {with_thousands(static_cast<std::uint64_t>(std::max(files, 0)))},
                              {size_in_full(report.bytes), {7.5, true}},
                              {""}},
                             {continued, table.heads()}));
  blocks.back().height += 8;
}

void add_open_items(std::vector<Block>& blocks, PangoContext* text, const Body& body,
                    const ProgressReport& report) {
  if (report.open_items.empty()) {
    blocks.push_back(text_block(text, body, "Wrap check: nothing open.", {9, true}, kSafe, 4));
    return;
  }
  add_heading(blocks, text, body, "Wrap check: open items");
  const auto continued = std::make_shared<const Block>(
      text_block(text, body, "Wrap check: open items (continued)", {9, true}, kMuted, 2, 2));
  for (const auto& item : report.open_items) {
    Block line = text_block(text, body, "• " + item, {8.5}, kUnsafe, 1, 2);
    line.carried = {continued};
    blocks.push_back(std::move(line));
  }
}

std::vector<Block> report_blocks(PangoContext* text, const Body& body,
                                 const ProgressReport& report) {
  std::vector<Block> blocks;
  const std::string unit = report.unit.empty() ? report.masthead.unit : report.unit;
  blocks.push_back(figures_block(text, body,
                                 {{"Production", report.masthead.production},
                                  {"Day", day_of(report)},
                                  {"Unit", unit},
                                  {"Date", report.date}},
                                 4, false));
  std::vector<std::pair<std::string, std::string>> times;
  for (const auto& mark : report.times) {
    times.emplace_back(mark.label, mark.at.empty() ? "—" : mark.at);
  }
  if (!times.empty()) {
    add_heading(blocks, text, body, "Times");
    blocks.push_back(figures_block(text, body, times, 6, true));
  }
  add_heading(blocks, text, body, "Shot today");
  blocks.push_back(figures_block(text, body,
                                 {{"Scenes complete", std::to_string(report.scenes_complete)},
                                  {"Scenes partly shot", std::to_string(report.scenes_part)},
                                  {"Setups", std::to_string(report.setups)},
                                  {"Takes", std::to_string(report.takes)},
                                  {"Circled", std::to_string(report.circled)},
                                  {"Minutes of picture", report.minutes_all},
                                  {"Circled minutes", report.minutes_circled},
                                  {"Pages shot", report.pages_shot}},
                                 8, false));
  add_scenes(blocks, text, body, report);
  add_cards(blocks, text, body, report);
  add_open_items(blocks, text, body, report);
  return blocks;
}

}  // namespace

Document render_progress_report(const ProgressReport& report, Paper paper) {
  PdfDocument document(paper, report.masthead, "Daily Progress Report");
  const auto blocks = report_blocks(document.text(), document.body(), report);
  draw_pages(document, paginate(blocks, document.body()));
  return document.finish();
}

}  // namespace slate::reports
