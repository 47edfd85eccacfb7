// The Editor's Log of a day: scene by scene, setup by setup, a row per take with its clips and the
// script supervisor's notes in full, and each scene's totals, then the day's.

#include <slate/reports/reports.hpp>

#include "flow.hpp"
#include "table.hpp"

namespace slate::reports {

namespace {

const std::vector<Column>& take_columns() {
  static const std::vector<Column> columns{
      {"Take", 0.08},     {"Status", 0.08}, {"Flags", 0.06}, {"Roll / cut", 0.11},
      {"Duration", 0.09}, {"Clips", 0.3},   {"Notes", 0.28},
  };
  return columns;
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "—" : text;
}

std::string plural(int count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string totals(int takes, int circled, const std::string& duration,
                   const std::string& circled_duration) {
  return plural(takes, "take", "takes") + " · " + std::to_string(circled) + " circled · " +
         "duration " + or_dash(duration) + " · circled " + or_dash(circled_duration);
}

// "A  A002C006_141024_R2EC  reel A002 · roll A002  01:02:03:04–01:02:15:09", one a line.
std::string clip_lines(const LoggedTake& take) {
  std::string lines;
  for (const auto& clip : take.clips) {
    std::string line = clip.camera.empty() ? clip.name : clip.camera + "  " + clip.name;
    if (!clip.reel.empty()) {
      line += "  reel " + clip.reel;
    }
    if (!clip.roll.empty() && clip.roll != clip.reel) {
      line += " · roll " + clip.roll;
    }
    if (!clip.tc_in.empty() || !clip.tc_out.empty()) {
      line += "  " + or_dash(clip.tc_in) + "–" + or_dash(clip.tc_out);
    }
    lines += (lines.empty() ? "" : "\n") + line;
  }
  return lines.empty() ? "—" : lines;
}

Block take_row(const Table& table, const LoggedTake& take,
               std::vector<std::shared_ptr<const Block>> carried) {
  std::string status = or_dash(take.status);
  if (take.director_pick) {
    status += "\n★ Director";
  }
  const std::string name = take.circled ? "◉ " + take.name : take.name;
  const std::string timecode = "Roll " + or_dash(take.rolled_at) + "\nCut  " + or_dash(take.cut_at);
  return table.row({{name, {8, take.circled}},
                    {status, {7.5, take.circled}},
                    {take.flags, {7.5, true}},
                    {timecode, {6.8, false, true}},
                    {or_dash(take.duration), {7.5, false, true}},
                    {clip_lines(take), {6.8}},
                    {take.notes, {7.5}}},
                   std::move(carried),
                   take.circled ? std::optional<Colour>({0.95, 0.97, 1.0}) : std::nullopt);
}

std::vector<Block> log_blocks(PangoContext* text, const Body& body, const EditorsLog& log) {
  std::vector<Block> blocks;
  const Table table(text, body, take_columns());
  blocks.push_back(text_block(text, body, log.day, {12, true}, kInk, 0, 6));
  blocks.push_back(*table.heads());
  for (const auto& scene : log.scenes) {
    std::string heading = "Scene " + scene.number;
    if (!scene.description.empty()) {
      heading += " — " + scene.description;
    }
    Block scene_heading = text_block(text, body, heading, {10.5, true}, kInk, 6, 3);
    scene_heading.keep_with_next = true;
    scene_heading.carried = {table.heads()};
    blocks.push_back(std::move(scene_heading));
    const auto scene_continued = std::make_shared<const Block>(
        text_block(text, body, "Scene " + scene.number + " (continued)", {9, true}, kMuted, 3, 2));

    for (const auto& setup : scene.setups) {
      std::string subheading = "Setup " + setup.name;
      if (!setup.description.empty()) {
        subheading += " — " + setup.description;
      }
      Block setup_heading = text_block(text, body, subheading, {8.5, true}, kInk, 3, 2);
      setup_heading.keep_with_next = true;
      setup_heading.carried = {table.heads(), scene_continued};
      blocks.push_back(std::move(setup_heading));
      const auto setup_continued = std::make_shared<const Block>(
          text_block(text, body, "Setup " + setup.name + " (continued)", {8, true}, kMuted, 1, 2));
      for (const auto& take : setup.takes) {
        blocks.push_back(take_row(table, take, {table.heads(), scene_continued, setup_continued}));
      }
    }
    Block scene_total = text_block(
        text, body,
        "Scene " + scene.number +
            " total: " + totals(scene.takes, scene.circled, scene.duration, scene.circled_duration),
        {8, true}, kInk, 2, 4);
    scene_total.carried = {table.heads(), scene_continued};
    blocks.push_back(std::move(scene_total));
  }
  if (log.scenes.empty()) {
    blocks.push_back(text_block(text, body, "No takes logged.", {8.5}, kMuted, 4));
  }
  blocks.push_back(
      text_block(text, body,
                 "Day total: " + totals(log.takes, log.circled, log.duration, log.circled_duration),
                 {10, true}, kInk, 8));
  return blocks;
}

}  // namespace

Document render_editors_log(const EditorsLog& log, Paper paper) {
  PdfDocument document(paper, log.masthead, "Editor's Log — " + log.day);
  const auto blocks = log_blocks(document.text(), document.body(), log);
  draw_pages(document, paginate(blocks, document.body()));
  return document.finish();
}

}  // namespace slate::reports
