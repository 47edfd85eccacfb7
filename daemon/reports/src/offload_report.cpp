// The offload report of one card: what was read, where it went, whether the card may be formatted
// and why not, then every clip in rows of one height, so the pages are known from the count alone.

#include <algorithm>
#include <cmath>

#include <slate/reports/reports.hpp>

#include "clip_row.hpp"
#include "flow.hpp"
#include "page.hpp"
#include "thumbnails.hpp"
#include "wording.hpp"

namespace slate::reports {

namespace {

constexpr double kSectionGap = 10;

std::string report_title(const OffloadReport& report) {
  return "Offload report — " + (report.roll.empty() ? report.card : report.roll);
}

// Page 1's header: the card's facts on the left, the verdict and every reason on the right; as one
// block, or `split` into a block per reason when they are too many for one page.
std::vector<Block> header_blocks(PangoContext* text, const OffloadReport& report, const Body& body,
                                 bool split) {
  const double facts_width = std::floor(body.width * 0.56);
  const double verdict_width = body.width - facts_width - 12;
  const double label_width = 62;
  const double half = (facts_width - 8) / 2;

  std::string hashes;
  for (const auto& hash : report.hashes) {
    hashes += (hashes.empty() ? "" : ", ") + hash;
  }
  if (report.hashes.size() > 1) {
    hashes += " (" + report.hashes.front() + " verifies the copies)";
  }
  const std::vector<std::vector<std::pair<std::string, std::string>>> columns = {
      {{"Card", report.card},
       {"Roll", report.roll},
       {"Camera", report.camera},
       {"Layout", report.layout},
       {"Source", report.source}},
      {{"Started", report.started_at},
       {"Finished", report.finished_at},
       {"Elapsed", report.elapsed},
       {"Size", size_in_full(report.bytes)},
       {"Files", with_thousands(static_cast<std::uint64_t>(std::max(report.files, 0)))},
       {"Hashes", hashes.empty() ? "—" : hashes},
       {"Verify", report.verify_mode.empty() ? "—" : report.verify_mode}}};

  struct Fact {
    Text label, value;
    double x = 0, y = 0;
  };
  auto facts = std::make_shared<std::vector<Fact>>();
  double facts_height = 0;
  for (std::size_t column = 0; column < columns.size(); ++column) {
    const double x = body.left + static_cast<double>(column) * (half + 8);
    double y = 0;
    for (const auto& [label, value] : columns[column]) {
      Fact fact{Text(text, label, {7.5}, label_width, Fit::ellipsize_end),
                Text(text, value.empty() ? "—" : value, {8.5}, half - label_width), x, y};
      y += std::max(fact.value.height(), 10.0) + 2;
      facts->push_back(std::move(fact));
    }
    facts_height = std::max(facts_height, y);
  }

  struct Verdict {
    Text title, count;
    std::vector<Text> reasons;
  };
  auto verdict = std::make_shared<Verdict>();
  const double inner = verdict_width - 20;
  verdict->title = Text(text, report.safe ? "SAFE TO FORMAT" : "NOT SAFE", {22, true}, inner,
                        Fit::ellipsize_end);
  verdict->count = Text(text,
                        "Destinations verified: " + std::to_string(report.destinations_verified) +
                            " · required: " + std::to_string(report.destinations_required),
                        {9, true}, inner);
  double verdict_height = 10 + verdict->title.height() + 2 + verdict->count.height();
  for (const auto& reason : report.reasons) {
    verdict->reasons.emplace_back(text, "• " + reason, Font{8.5}, inner);
    verdict_height += 3 + verdict->reasons.back().height();
  }
  verdict_height += 10;

  const double verdict_x = body.left + facts_width + 12;
  const Colour ground = report.safe ? kSafe : kUnsafe;
  const auto draw_facts = [facts, label_width](cairo_t* cr, double top) {
    for (const auto& fact : *facts) {
      fact.label.draw(cr, fact.x, top + fact.y + 1, kMuted);
      fact.value.draw(cr, fact.x + label_width, top + fact.y);
    }
  };
  const auto draw_verdict = [verdict, verdict_x](cairo_t* cr, double top) {
    verdict->title.draw(cr, verdict_x + 10, top + 10, kWhite);
    verdict->count.draw(cr, verdict_x + 10, top + 12 + verdict->title.height(), kWhite);
  };
  const double verdict_top = 10 + verdict->title.height() + 2 + verdict->count.height();

  std::vector<Block> blocks;
  if (!split) {
    Block block;
    block.height = std::max(facts_height, verdict_height) + kSectionGap;
    block.draw = [=](cairo_t* cr, double top) {
      draw_facts(cr, top);
      fill_rectangle(cr, verdict_x, top, verdict_width, verdict_height, ground);
      draw_verdict(cr, top);
      double y = top + verdict_top;
      for (const auto& reason : verdict->reasons) {
        reason.draw(cr, verdict_x + 10, y + 3, kWhite);
        y += 3 + reason.height();
      }
    };
    blocks.push_back(std::move(block));
    return blocks;
  }
  // More reasons than a page holds: the box goes on down the pages, a block per reason.
  Block head;
  head.height = std::max(facts_height, verdict_top);
  head.draw = [=, height = head.height](cairo_t* cr, double top) {
    draw_facts(cr, top);
    fill_rectangle(cr, verdict_x, top, verdict_width, height, ground);
    draw_verdict(cr, top);
  };
  blocks.push_back(std::move(head));
  for (std::size_t i = 0; i < verdict->reasons.size(); ++i) {
    Block line;
    line.height = 3 + verdict->reasons[i].height();
    line.draw = [=, height = line.height](cairo_t* cr, double top) {
      fill_rectangle(cr, verdict_x, top, verdict_width, height, ground);
      verdict->reasons[i].draw(cr, verdict_x + 10, top + 3, kWhite);
    };
    blocks.push_back(std::move(line));
  }
  Block foot;
  foot.height = 10 + kSectionGap;
  foot.draw = [=](cairo_t* cr, double top) {
    fill_rectangle(cr, verdict_x, top, verdict_width, 10, ground);
  };
  blocks.push_back(std::move(foot));
  return blocks;
}

Block section_title(PangoContext* text, const std::string& title, const Body& body) {
  auto words = std::make_shared<Text>(text, title, Font{10, true}, body.width, Fit::ellipsize_end);
  Block block;
  block.height = words->height() + 4;
  block.draw = [words, left = body.left](cairo_t* cr, double top) { words->draw(cr, left, top); };
  return block;
}

// The destinations: one row each, as tall as its longest cell (a failure's reason wraps).
std::vector<Block> destination_blocks(PangoContext* text, const OffloadReport& report,
                                      const Body& body) {
  std::vector<Block> blocks;
  blocks.push_back(section_title(text, "Destinations", body));
  // Fractions of the width: name, path, volume, free, state, files, bytes, manifest.
  const std::vector<double> shares{0.11, 0.2, 0.08, 0.07, 0.19, 0.07, 0.14, 0.14};
  std::vector<double> xs;
  double x = body.left;
  for (const double share : shares) {
    xs.push_back(x);
    x += body.width * share;
  }
  const auto cell_width = [&](std::size_t column) { return body.width * shares[column] - 4; };

  auto heads = std::make_shared<Block>();
  heads->height = kTableHeaderHeight;
  heads->draw = [text, xs, body](cairo_t* cr, double top) {
    const std::vector<std::string> names{"Name",  "Path",     "Volume",         "Free",
                                         "State", "Verified", "Bytes verified", "MHL generation"};
    std::vector<std::pair<double, std::string>> columns;
    for (std::size_t i = 0; i < names.size(); ++i) {
      columns.emplace_back(xs[i], names[i]);
    }
    draw_column_heads(cr, text, top, body.left, body.width, columns);
  };
  blocks.push_back(*heads);

  if (report.destinations.empty()) {
    auto none = std::make_shared<Text>(text, "No destinations.", Font{8.5}, body.width);
    blocks.push_back({none->height() + 4,
                      [none, left = body.left](cairo_t* cr, double top) {
                        none->draw(cr, left + 1, top + 2, kUnsafe);
                      },
                      false,
                      {},
                      {}});
  }
  for (const auto& destination : report.destinations) {
    const bool verified = destination.reason.empty() && destination.state == "verified";
    struct Cell {
      Text text;
      double x;
      Colour colour;
    };
    auto cells = std::make_shared<std::vector<Cell>>();
    const auto add = [&](std::size_t column, const std::string& words, Font font,
                         Colour colour = kInk) {
      cells->push_back(
          {Text(text, words.empty() ? "—" : words, font, cell_width(column)), xs[column], colour});
    };
    add(0, destination.name, {8, true});
    add(1, destination.path, {7.5});
    add(2, destination.volume_label, {7.5});
    add(3, destination.free_bytes ? human_size(*destination.free_bytes) : "not mounted", {7.5});
    std::string state = destination.state;
    if (!destination.reason.empty()) {
      state += ": " + destination.reason;
    }
    add(4, state, {7.5, true}, verified ? kSafe : kUnsafe);
    add(5, std::to_string(destination.files_verified) + " of " + std::to_string(destination.files),
        {7.5});
    add(6, size_in_full(destination.bytes_verified), {7.5});
    add(7, destination.manifest, {7, false, true});
    double height = 0;
    for (const auto& cell : *cells) {
      height = std::max(height, cell.text.height());
    }
    Block row;
    row.height = height + 6;
    row.carried = {heads};
    row.draw = [cells, body, height](cairo_t* cr, double top) {
      for (const auto& cell : *cells) {
        cell.text.draw(cr, cell.x + 1, top + 3, cell.colour);
      }
      horizontal_rule(cr, body.left, top + height + 5.5, body.width, kRule);
    };
    blocks.push_back(std::move(row));
  }
  blocks.back().height += kSectionGap;
  return blocks;
}

// Everything above the clip table (on page 1, unless the reasons or the destinations run over),
// and what it leaves for the table.
struct OffloadPlan {
  std::vector<Block> lead;
  std::vector<Page> lead_pages;  ///< Points into `lead`: an OffloadPlan is never copied.
  OffloadLayout layout;
  OffloadPlan() = default;
  OffloadPlan(const OffloadPlan&) = delete;
  OffloadPlan& operator=(const OffloadPlan&) = delete;
};

std::vector<Block> lead_blocks(PangoContext* text, const OffloadReport& report, const Body& body,
                               bool split) {
  std::vector<Block> lead = header_blocks(text, report, body, split);
  for (auto& block : destination_blocks(text, report, body)) {
    lead.push_back(std::move(block));
  }
  lead.push_back(section_title(text, "Clips (" + with_thousands(report.clips.size()) + ")", body));
  return lead;
}

void plan_into(OffloadPlan& plan, PangoContext* text, const OffloadReport& report,
               const Body& body) {
  plan.lead = lead_blocks(text, report, body, false);
  double lead_height = 0;
  for (const auto& block : plan.lead) {
    lead_height += block.height;
  }
  if (lead_height > body.height()) {
    plan.lead = lead_blocks(text, report, body, true);
  }
  plan.lead_pages = paginate(plan.lead, body);
  const Placed& last = plan.lead_pages.back().back();
  const double lead_end = last.top + (last.to - last.from);
  plan.layout.lead_pages = static_cast<int>(plan.lead_pages.size());
  const auto rows_in = [](double height) {
    // A hair of slack so that a height that is exactly N rows is N rows.
    return std::max(0, static_cast<int>(std::floor((height + 1e-6) / kClipRowHeight)));
  };
  plan.layout.first_page = rows_in(body.bottom - lead_end - kTableHeaderHeight);
  plan.layout.per_page = std::max(1, rows_in(body.height() - kTableHeaderHeight));
}

// Failed clips first, then those with warnings, then the rest, each group in card order.
std::vector<const OffloadClip*> clips_in_report_order(const OffloadReport& report) {
  std::vector<const OffloadClip*> clips;
  for (const auto& clip : report.clips) {
    clips.push_back(&clip);
  }
  const auto rank = [](const OffloadClip* clip) {
    return clip->failed ? 0 : clip->warnings.empty() ? 2 : 1;
  };
  std::stable_sort(clips.begin(), clips.end(),
                   [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
  return clips;
}

void draw_clip_rows(PdfDocument& document, const std::vector<const OffloadClip*>& clips,
                    std::size_t first, std::size_t count, double top, ClipRow& row) {
  draw_clip_heads(document.cr(), document.text(), clip_columns(document.body()), top);
  top += kTableHeaderHeight;
  for (std::size_t i = first; i < std::min(first + count, clips.size()); ++i) {
    row.draw(document.cr(), *clips[i], top, (i - first) % 2 == 1);
    top += kClipRowHeight;
  }
}

}  // namespace

int OffloadLayout::pages_for(std::size_t clips) const {
  const auto first = static_cast<std::size_t>(std::max(first_page, 0));
  const int lead = std::max(lead_pages, 1);
  if (clips <= first) {
    return lead;
  }
  const auto per = static_cast<std::size_t>(std::max(per_page, 1));
  return lead + static_cast<int>((clips - first + per - 1) / per);
}

OffloadLayout offload_layout(const OffloadReport& report, Paper paper) {
  // Measured as the renderer measures: on a PDF surface of the same paper, then thrown away.
  PdfDocument scratch(paper, report.masthead, report_title(report));
  OffloadPlan plan;
  plan_into(plan, scratch.text(), report, scratch.body());
  return plan.layout;
}

Document render_offload_report(const OffloadReport& report, Paper paper) {
  PdfDocument document(paper, report.masthead, report_title(report));
  const Body& body = document.body();
  OffloadPlan plan;
  plan_into(plan, document.text(), report, body);
  const OffloadLayout& layout = plan.layout;
  const auto clips = clips_in_report_order(report);
  const int pages = layout.pages_for(clips.size());
  ThumbnailCache thumbnails;
  ClipRow row(document.text(), thumbnails, clip_columns(body));

  // The header and destinations: page 1, and more only when they run over.
  int page = 0;
  double top = body.top;
  for (const Page& lead_page : plan.lead_pages) {
    if (page > 0) {
      document.finish_page(page, pages);
    }
    ++page;
    for (const Placed& placed : lead_page) {
      placed.block->draw(document.cr(), placed.top);
      top = placed.top + placed.block->height;
    }
  }
  const auto first = static_cast<std::size_t>(layout.first_page);
  if (first > 0 || (clips.empty() && top + kTableHeaderHeight <= body.bottom)) {
    draw_clip_rows(document, clips, 0, first, top, row);
  }
  if (clips.empty() && top + kTableHeaderHeight + 12 <= body.bottom) {
    Text(document.text(), "No clips on this card.", {8.5}, body.width)
        .draw(document.cr(), body.left, top + kTableHeaderHeight + 2, kMuted);
  }
  document.finish_page(page, pages);
  const auto per_page = static_cast<std::size_t>(layout.per_page);
  for (std::size_t start = first; start < clips.size(); start += per_page) {
    draw_clip_rows(document, clips, start, per_page, body.top, row);
    document.finish_page(++page, pages);
  }
  return document.finish();
}

}  // namespace slate::reports
