#include "clip_row.hpp"

#include <algorithm>
#include <cmath>

#include "wording.hpp"

namespace slate::reports {

namespace {

constexpr double kColumnGap = 6;
constexpr double kLine = 8.5;  // A line of the row's 7-point text.
constexpr double kPad = 3;
constexpr int kBandLines = 4;  // The columns' lines; the detail strip is under them.
constexpr int kThumbnails = 3;
constexpr std::size_t kChecksums = 4;

}  // namespace

ClipColumns clip_columns(const Body& body) {
  ClipColumns c;
  const double shared = body.width - c.thumbnails_width - c.timecode_width - c.picture_width -
                        c.checksums_width - 5 * kColumnGap;
  c.clip_width = std::floor(shared * 0.55);
  c.copies_width = shared - c.clip_width;
  c.thumbnails = body.left;
  c.clip = c.thumbnails + c.thumbnails_width + kColumnGap;
  c.timecode = c.clip + c.clip_width + kColumnGap;
  c.picture = c.timecode + c.timecode_width + kColumnGap;
  c.checksums = c.picture + c.picture_width + kColumnGap;
  c.copies = c.checksums + c.checksums_width + kColumnGap;
  c.right = body.left + body.width;
  return c;
}

void draw_column_heads(cairo_t* cr, PangoContext* text, double top, double left, double width,
                       const std::vector<std::pair<double, std::string>>& heads) {
  fill_rectangle(cr, left, top, width, kTableHeaderHeight - 2, kShade);
  for (std::size_t i = 0; i < heads.size(); ++i) {
    const double end = i + 1 < heads.size() ? heads[i + 1].first : left + width;
    Text(text, heads[i].second, {7, true}, end - heads[i].first - 2, Fit::ellipsize_end)
        .draw(cr, heads[i].first + 1, top + 3, kMuted);
  }
}

void draw_clip_heads(cairo_t* cr, PangoContext* text, const ClipColumns& c, double top) {
  draw_column_heads(cr, text, top, c.thumbnails, c.right - c.thumbnails,
                    {{c.thumbnails, "Thumbnails"},
                     {c.clip, "Clip"},
                     {c.timecode, "Timecode"},
                     {c.picture, "Picture"},
                     {c.checksums, "Checksums"},
                     {c.copies, "Copies"}});
}

void ClipRow::draw(cairo_t* cr, const OffloadClip& clip, double top, bool shaded) const {
  if (clip.failed) {
    fill_rectangle(cr, c_.thumbnails, top, c_.right - c_.thumbnails, kClipRowHeight - 1,
                   {1.0, 0.93, 0.93});
  } else if (!clip.warnings.empty()) {
    fill_rectangle(cr, c_.thumbnails, top, c_.right - c_.thumbnails, kClipRowHeight - 1,
                   {1.0, 0.96, 0.88});
  } else if (shaded) {
    fill_rectangle(cr, c_.thumbnails, top, c_.right - c_.thumbnails, kClipRowHeight - 1,
                   {0.975, 0.975, 0.98});
  }
  draw_thumbnails(cr, clip, top);
  draw_clip(cr, clip, top);
  draw_timecode(cr, clip, top);
  draw_picture(cr, clip, top);
  draw_checksums(cr, clip, top);
  draw_copies(cr, clip, top);
  draw_detail(cr, clip, top);
  horizontal_rule(cr, c_.thumbnails, top + kClipRowHeight - 0.5, c_.right - c_.thumbnails, kRule);
}

void ClipRow::draw_thumbnails(cairo_t* cr, const OffloadClip& clip, double top) const {
  const double width = (c_.thumbnails_width - (kThumbnails - 1) * 2.0) / kThumbnails;
  const double height = width * 9 / 16;
  const double y = top + (kClipRowHeight - height) / 2;
  if (clip.thumbnails.empty()) {
    draw_placeholder(cr, text_, clip.placeholder.empty() ? "No preview" : clip.placeholder,
                     c_.thumbnails, y, width, height);
    return;
  }
  const std::size_t shown = std::min<std::size_t>(clip.thumbnails.size(), kThumbnails);
  for (std::size_t i = 0; i < shown; ++i) {
    const double x = c_.thumbnails + static_cast<double>(i) * (width + 2);
    if (cairo_surface_t* picture = thumbnails_.picture(clip.thumbnails[i])) {
      draw_letterboxed(cr, picture, x, y, width, height);
    } else {
      draw_placeholder(cr, text_, clip.placeholder.empty() ? "No preview" : clip.placeholder, x, y,
                       width, height);
    }
  }
}

void ClipRow::draw_clip(cairo_t* cr, const OffloadClip& clip, double top) const {
  const double y = top + kPad;
  Text(text_, clip.name, {8, true}, c_.clip_width, Fit::ellipsize_middle).draw(cr, c_.clip, y);
  const std::string take =
      clip.scene_take.empty() ? "No take matched" : "Scene/take " + clip.scene_take;
  Text(text_, take, {7}, c_.clip_width, Fit::ellipsize_end)
      .draw(cr, c_.clip, y + 11, clip.scene_take.empty() ? kMuted : kInk);
  if (clip.failed) {
    Text(text_, "FAILED", {7, true}, c_.clip_width, Fit::ellipsize_end)
        .draw(cr, c_.clip, y + 11 + kLine, kUnsafe);
  }
}

void ClipRow::draw_timecode(cairo_t* cr, const OffloadClip& clip, double top) const {
  const auto or_dash = [](const std::string& value) { return value.empty() ? "—" : value; };
  const std::string lines = "In  " + or_dash(clip.tc_in) + "\nOut " + or_dash(clip.tc_out) +
                            "\nDur " + or_dash(clip.duration) + "\n" +
                            (clip.rate.empty() ? "—" : clip.rate + " fps");
  Text(text_, lines, {6.8, false, true}, c_.timecode_width, Fit::ellipsize_end)
      .draw(cr, c_.timecode, top + kPad);
}

void ClipRow::draw_picture(cairo_t* cr, const OffloadClip& clip, double top) const {
  const std::string audio = clip.audio_channels == 0 ? "No audio"
                            : clip.audio_channels == 1
                                ? "1 audio channel"
                                : std::to_string(clip.audio_channels) + " audio channels";
  const std::string lines = (clip.resolution.empty() ? "—" : clip.resolution) + "\n" +
                            (clip.codec.empty() ? "—" : clip.codec) + "\n" + audio + "\n" +
                            human_size(clip.size);
  Text(text_, lines, {7}, c_.picture_width, Fit::ellipsize_end).draw(cr, c_.picture, top + kPad);
}

// One line per algorithm, whole: a checksum is compared by eye or searched for, never read across
// a break. The longest (C4's 90 characters) is set smaller to fit.
void ClipRow::draw_checksums(cairo_t* cr, const OffloadClip& clip, double top) const {
  const double label_width = 22;
  const std::size_t shown = std::min(clip.checksums.size(), kChecksums);
  for (std::size_t i = 0; i < shown; ++i) {
    const double y = top + kPad + static_cast<double>(i) * kLine;
    const auto& [algorithm, digest] = clip.checksums[i];
    Text(text_, algorithm, {5.5}, label_width - 2, Fit::ellipsize_end)
        .draw(cr, c_.checksums, y + 1, kMuted);
    const Text value =
        fitted_line(text_, digest, {6.5, false, true}, c_.checksums_width - label_width, 2.5);
    value.draw(cr, c_.checksums + label_width, y + (6.5 * 1.17 - value.height()) / 2);
  }
  if (clip.checksums.empty()) {
    Text(text_, "No checksums", {7}, c_.checksums_width, Fit::ellipsize_end)
        .draw(cr, c_.checksums, top + kPad, kUnsafe);
  }
}

void ClipRow::draw_copies(cairo_t* cr, const OffloadClip& clip, double top) const {
  double y = top + kPad;
  const double bottom = top + kPad + kBandLines * kLine;
  for (std::size_t i = 0; i < clip.copies.size(); ++i) {
    const auto& copy = clip.copies[i];
    const std::string line =
        copy.ok ? "✓ " + copy.destination : "✗ " + copy.destination + " — " + copy.state;
    const int lines_left = static_cast<int>((bottom - y) / kLine);
    const bool last_room = lines_left <= 1 && i + 1 < clip.copies.size();
    if (lines_left <= 0) {
      break;
    }
    if (last_room) {
      const auto more = clip.copies.size() - i;
      Text(text_, "+" + std::to_string(more) + " more destinations", {7}, c_.copies_width,
           Fit::ellipsize_end)
          .draw(cr, c_.copies, y, kMuted);
      break;
    }
    const Text words(text_, line, {7, !copy.ok}, c_.copies_width, Fit::wrap, PANGO_ALIGN_LEFT,
                     std::min(2, lines_left));
    words.draw(cr, c_.copies, y, copy.ok ? kSafe : kUnsafe);
    y += words.height();
  }
  if (clip.copies.empty()) {
    Text(text_, "No copies", {7, true}, c_.copies_width, Fit::ellipsize_end)
        .draw(cr, c_.copies, y, kUnsafe);
  }
}

// Under the columns, across the row: the name in full (the cell above may have shortened it), the
// file, and the clip's warnings.
void ClipRow::draw_detail(cairo_t* cr, const OffloadClip& clip, double top) const {
  const double y = top + kPad + kBandLines * kLine + 1;
  const double width = c_.right - c_.clip;
  std::string detail = clip.name;
  if (!clip.file.empty() && clip.file != clip.name) {
    detail += "  ·  " + clip.file;
  }
  Text(text_, detail, {6.5}, width, Fit::ellipsize_end).draw(cr, c_.clip, y, kMuted);
  std::string warnings;
  for (const auto& warning : clip.warnings) {
    warnings += (warnings.empty() ? "⚠ " : "  ⚠ ") + warning;
  }
  Text(text_, warnings, {6.5, true}, width, Fit::ellipsize_end)
      .draw(cr, c_.clip, y + 7.8, kWarning);
}

}  // namespace slate::reports
