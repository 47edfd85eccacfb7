#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/testing/ale_lint.hpp>

namespace slate::testing {

namespace {

using core::FrameRate;
using core::Timecode;

// Avid's limits, from its log file format: a clip name longer than 32 characters is cut, and a
// custom column name longer than 14 is truncated when the bin makes the column.
constexpr std::size_t kMaxName = 32;
constexpr std::size_t kMaxCustomColumn = 14;

constexpr std::array<std::string_view, 5> kVideoFormats{"1080", "720", "NTSC", "PAL", "CUSTOM"};
constexpr std::array<std::string_view, 10> kFpsValues{"23.976", "24", "25", "29.97", "30",
                                                      "47.952", "48", "50", "59.94", "60"};
constexpr std::array<std::string_view, 4> kRequiredColumns{"Name", "Tracks", "Start", "End"};

// Avid's standard columns: the 14-character limit is on custom columns only. Kept short on
// purpose: the columns Slate writes, the usual ones from camera, sound and lab logs, and the long
// ones Media Composer writes in its own export (tests/fixtures/ale/sample.ale), which are its
// built-in columns: a custom one that long would have been cut to 14. A long name missing here is
// reported, and whoever adds it checks it against a Media Composer bin first.
constexpr std::array<std::string_view, 54> kStandardColumns{
    // Slate's, and the usual short ones.
    "Name", "Tracks", "Start", "End", "Duration", "FPS", "Tape", "Source File", "Source Path",
    "Camroll", "Camera", "Scene", "Take", "Shoot Date", "DESCRIPT", "Comments", "Soundroll",
    "Labroll", "Reel", "Mark IN", "Mark OUT", "IN-OUT", "Sound TC", "Auxiliary TC1",
    "Auxiliary TC2", "Auxiliary TC3", "Auxiliary TC4", "Auxiliary TC5", "KN Start", "KN End",
    "Image Size", "Audio SR", "Creation Date",
    // Media Composer's own, longer than 14 characters.
    "Audio Bit Depth", "Color Transformation", "Frame Count Duration", "Frame Count End",
    "Frame Count Start", "Image Aspect Ratio", "Pixel Aspect Ratio", "Raster Dimension",
    "S3D Contributors", "S3D Leading Eye", "Vendor Asset Description", "Vendor Asset ID",
    "Vendor Asset Keywords", "Vendor Asset Name", "Vendor Asset Price", "Vendor Asset Rights",
    "Vendor Asset Status", "Vendor Download Master", "Vendor Invoice ID", "Vendor Original Master",
    "Video File Format"};

template <std::size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
std::string listed(const std::array<std::string_view, N>& values) {
  std::string text;
  for (const std::string_view value : values) {
    text += (text.empty() ? "" : ", ") + std::string(value);
  }
  return text;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// ASCII only: section names are ASCII, and recognising a misspelt one lets the lint go on.
bool same_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// Whether the bytes are UTF-8 as Avid reads it: no overlong forms, no surrogates, nothing past
// U+10FFFF.
bool valid_utf8(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++at;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (at + length > text.size()) {
      return false;
    }
    for (std::size_t i = 1; i < length; ++i) {
      const auto next = static_cast<unsigned char>(text[at + i]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code = (code << 6) | (next & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return false;
    }
    at += length;
  }
  return true;
}

// Characters as a person counts them, which is what Avid's limits count: UTF-8 code points.
std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.emplace_back(line.substr(start));
      return fields;
    }
    fields.emplace_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

struct Line {
  std::size_t number;
  std::string_view text;
  bool ended_by_cr;
};

// Split at LF, CR LF and a lone CR alike, so that one CR problem is reported once and the other
// rules still see the lines a reader would.
std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\n' && text[at] != '\r') {
      continue;
    }
    const bool cr = text[at] == '\r';
    lines.push_back({lines.size() + 1, text.substr(start, at - start), cr});
    if (cr && at + 1 < text.size() && text[at + 1] == '\n') {
      ++at;
    }
    start = at + 1;
  }
  if (start < text.size()) {
    lines.push_back({lines.size() + 1, text.substr(start), false});
  }
  return lines;
}

// The rate timecodes are counted at, from an FPS value. 47.952 is counted like 48: 48 frames in
// each timecode second, never drop-frame.
std::optional<FrameRate> counting_rate(std::string_view fps) {
  if (fps == "47.952") {
    return FrameRate::fps48;
  }
  return core::parse_frame_rate(fps);
}

class Lint {
 public:
  explicit Lint(std::string_view text) : lines_(split_lines(text)) {}

  std::vector<std::string> run() {
    check_encoding();
    if (find_sections()) {
      check_heading();
      if (check_columns()) {
        check_rows();
      }
    }
    return std::move(problems_);
  }

 private:
  void problem(std::size_t line, const std::string& what) {
    problems_.push_back("line " + std::to_string(line) + ": " + what);
  }

  std::size_t last_line() const { return lines_.empty() ? 1 : lines_.back().number; }

  void check_encoding() {
    std::size_t with_cr = 0;
    std::size_t first_cr = 0;
    for (const Line& line : lines_) {
      if (line.ended_by_cr && with_cr++ == 0) {
        first_cr = line.number;
      }
      if (!valid_utf8(line.text)) {
        problem(line.number, "not valid UTF-8");
      }
    }
    if (with_cr > 0) {
      const std::string count = with_cr == 1 ? std::string("1 line has one")
                                             : std::to_string(with_cr) + " lines have one";
      problem(first_cr, "a CR in the line end (" + count + "); Avid wants LF line ends only");
    }
  }

  // Finds the three section lines; false when the rest cannot be read for their absence or order.
  bool find_sections() {
    const std::array<std::string_view, 3> names{"Heading", "Column", "Data"};
    for (std::size_t s = 0; s < names.size(); ++s) {
      for (std::size_t i = 0; i < lines_.size(); ++i) {
        if (same_ignoring_case(trim_blanks(lines_[i].text), names[s])) {
          section_[s] = i;
          if (lines_[i].text != names[s]) {
            problem(lines_[i].number, "the section line " + quoted(lines_[i].text) +
                                          " must read exactly " + quoted(names[s]));
          }
          break;
        }
      }
      if (!section_[s]) {
        problem(last_line(), "no " + std::string(names[s]) + " section");
      }
    }
    if (!section_[0] || !section_[1] || !section_[2]) {
      return false;
    }
    if (!(*section_[0] < *section_[1] && *section_[1] < *section_[2])) {
      problem(lines_[*section_[0]].number,
              "the sections must be Heading, Column, Data in that order");
      return false;
    }
    if (*section_[0] != 0) {
      problem(1, "text before Heading; an ALE starts with the line \"Heading\"");
    }
    for (std::size_t s = 1; s < names.size(); ++s) {
      const std::size_t at = *section_[s];
      if (at - 1 == *section_[s - 1] || !lines_[at - 1].text.empty()) {
        problem(lines_[at].number, "no blank line before " + std::string(names[s]) +
                                       "; Avid wants one between sections");
      }
    }
    return true;
  }

  // The lines strictly between a section line and the blank line ending its section.
  std::pair<std::size_t, std::size_t> body(std::size_t section) const {
    const std::size_t first = *section_[section] + 1;
    std::size_t end = *section_[section + 1];
    if (end > first && lines_[end - 1].text.empty()) {
      --end;
    }
    return {first, end};
  }

  void check_heading() {
    const auto [first, end] = body(0);
    std::set<std::string> seen;
    for (std::size_t i = first; i < end; ++i) {
      const Line& line = lines_[i];
      if (line.text.empty()) {
        problem(line.number, "blank line inside the Heading section");
        continue;
      }
      const std::vector<std::string> fields = split_fields(line.text);
      if (fields.size() != 2) {
        problem(line.number, "a heading line has " + std::to_string(fields.size()) +
                                 " fields; Avid wants one NAME TAB VALUE per line");
      }
      // Read the pairs anyway, so that a line of several still has its values checked.
      for (std::size_t f = 0; f + 1 < fields.size(); f += 2) {
        if (!seen.insert(fields[f]).second) {
          problem(line.number, "heading " + fields[f] + " appears twice");
          continue;
        }
        heading_.push_back({line.number, fields[f], fields[f + 1]});
      }
    }
    const std::size_t heading_line = lines_[*section_[0]].number;
    check_heading_value(heading_line, "FIELD_DELIM", [](const std::string& value) {
      return value == "TABS" ? std::string() : std::string("must be TABS");
    });
    check_heading_value(heading_line, "VIDEO_FORMAT", [](const std::string& value) {
      return one_of(value, kVideoFormats) ? std::string()
                                          : "must be one of " + listed(kVideoFormats);
    });
    check_heading_value(heading_line, "AUDIO_FORMAT", [](const std::string& value) {
      // A rate in kHz: Avid writes "48khz" itself, so the unit's case does not matter.
      const std::size_t unit = value.size() >= 3 ? value.size() - 3 : 0;
      const std::string_view number = std::string_view(value).substr(0, unit);
      const bool digits_and_point =
          !number.empty() && is_digit(number.front()) && is_digit(number.back()) &&
          std::count(number.begin(), number.end(), '.') <= 1 &&
          std::all_of(number.begin(), number.end(), [](char c) { return is_digit(c) || c == '.'; });
      return digits_and_point && same_ignoring_case(std::string_view(value).substr(unit), "khz")
                 ? std::string()
                 : std::string("must be a sample rate in kHz like 48kHz");
    });
    check_heading_value(heading_line, "FPS", [](const std::string& value) {
      return one_of(value, kFpsValues) ? std::string() : "must be one of " + listed(kFpsValues);
    });
    for (const HeadingPair& pair : heading_) {
      // A misspelt rate such as "23.98" is reported above, but still counts the timecodes.
      if (pair.name == "FPS" && counting_rate(pair.value)) {
        heading_fps_ = pair.value;
      }
    }
  }

  template <typename Check>
  void check_heading_value(std::size_t heading_line, std::string_view name, Check check) {
    const auto found = std::find_if(heading_.begin(), heading_.end(),
                                    [&](const HeadingPair& pair) { return pair.name == name; });
    if (found == heading_.end()) {
      problem(heading_line, "Heading has no " + std::string(name));
      return;
    }
    const std::string wrong = check(found->value);
    if (!wrong.empty()) {
      problem(found->line, std::string(name) + " " + quoted(found->value) + " " + wrong);
    }
  }

  // False when there are no column names to read rows by.
  bool check_columns() {
    const auto [first, end] = body(1);
    std::optional<std::size_t> names_at;
    for (std::size_t i = first; i < end; ++i) {
      if (lines_[i].text.empty()) {
        problem(lines_[i].number, "blank line inside the Column section");
      } else if (names_at) {
        problem(lines_[i].number, "a second column line; Column holds one line of names");
      } else {
        names_at = i;
      }
    }
    if (!names_at) {
      problem(lines_[*section_[1]].number, "no column names after Column");
      return false;
    }
    const Line& line = lines_[*names_at];
    columns_ = split_fields(line.text);
    std::set<std::string> seen;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& name = columns_[c];
      if (name.empty()) {
        problem(line.number, c + 1 == columns_.size() && c > 0
                                 ? "a stray TAB at the end of the column line"
                                 : "column " + std::to_string(c + 1) + " has no name");
        continue;
      }
      if (!seen.insert(name).second) {
        problem(line.number, "column " + quoted(name) + " appears twice");
      }
      if (!one_of(name, kStandardColumns) && characters(name) > kMaxCustomColumn) {
        problem(line.number, "custom column " + quoted(name) + " is " +
                                 std::to_string(characters(name)) + " characters; Avid keeps " +
                                 std::to_string(kMaxCustomColumn));
      }
    }
    for (const std::string_view required : kRequiredColumns) {
      if (!column(required)) {
        problem(line.number, "no " + std::string(required) + " column; Avid requires " +
                                 listed(kRequiredColumns));
      }
    }
    return true;
  }

  std::optional<std::size_t> column(std::string_view name) const {
    const auto found = std::find(columns_.begin(), columns_.end(), name);
    if (found == columns_.end()) {
      return std::nullopt;
    }
    return static_cast<std::size_t>(found - columns_.begin());
  }

  void check_rows() {
    for (std::size_t i = *section_[2] + 1; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (line.text.empty()) {
        problem(line.number,
                "blank line in the Data section; Avid reads every line there as a clip");
        continue;
      }
      const std::vector<std::string> values = split_fields(line.text);
      if (values.size() != columns_.size()) {
        const bool trailing_tab = values.size() == columns_.size() + 1 && values.back().empty();
        problem(line.number,
                std::string(trailing_tab ? "a stray TAB at the end of the row: " : "") +
                    std::to_string(values.size()) + " fields for " +
                    std::to_string(columns_.size()) + " columns");
        // The values no longer line up with their columns: checking them would only mislead.
        continue;
      }
      check_row(line.number, values);
    }
  }

  void check_row(std::size_t line, const std::vector<std::string>& values) {
    const auto value = [&](std::string_view name) -> std::optional<std::string> {
      const std::optional<std::size_t> at = column(name);
      return at ? std::optional<std::string>(values[*at]) : std::nullopt;
    };
    if (const auto name = value("Name")) {
      if (name->empty()) {
        problem(line, "Name is empty");
      } else if (characters(*name) > kMaxName) {
        problem(line, "Name " + quoted(*name) + " is " + std::to_string(characters(*name)) +
                          " characters; Avid keeps " + std::to_string(kMaxName));
      }
    }
    if (const auto tracks = value("Tracks")) {
      check_tracks(line, *tracks);
    }
    // A clip's own FPS wins over the heading's: Media Composer keeps a rate per clip.
    std::string fps = heading_fps_;
    if (const auto clip_fps = value("FPS"); clip_fps && !clip_fps->empty()) {
      if (!one_of(*clip_fps, kFpsValues)) {
        problem(line, "FPS " + quoted(*clip_fps) + " must be one of " + listed(kFpsValues));
      }
      if (counting_rate(*clip_fps)) {
        fps = *clip_fps;
      }
    }
    const std::optional<FrameRate> rate = counting_rate(fps);
    if (!rate) {
      return;  // The missing or unknown FPS is already reported; no timecode can be read.
    }
    const std::optional<Timecode> start = timecode(line, "Start", value("Start"), *rate, fps);
    const std::optional<Timecode> end = timecode(line, "End", value("End"), *rate, fps);
    const std::optional<std::string> duration_text = value("Duration");
    if (!duration_text || duration_text->empty()) {
      return;  // Avid works the duration out from Start and End.
    }
    const std::optional<Timecode> duration = timecode(line, "Duration", duration_text, *rate, fps);
    if (!start || !end || !duration) {
      return;
    }
    if (start->drop_frame() != end->drop_frame() || start->drop_frame() != duration->drop_frame()) {
      problem(line, "Start, End and Duration mix drop-frame (;) and non-drop (:) timecode");
      return;
    }
    // End is exclusive, and a clip rolling through midnight ends on the next day's timecode.
    const Timecode expected_end = *start + duration->frames();
    if (expected_end != *end) {
      problem(line, "Start " + start->to_string() + " + Duration " + duration->to_string() +
                        " is " + expected_end.to_string() + ", not End " + end->to_string() +
                        " (at " + fps + " fps)");
    }
  }

  void check_tracks(std::size_t line, const std::string& tracks) {
    if (tracks.empty()) {
      problem(line, "Tracks is empty; Avid wants V, A1…, or both (VA1A2)");
      return;
    }
    const std::string shape = "Tracks " + quoted(tracks) + " is not V, A1A2… or VA1A2…";
    std::size_t at = tracks.front() == 'V' ? 1 : 0;
    int expected = 1;
    while (at < tracks.size()) {
      if (tracks[at] != 'A' || at + 1 >= tracks.size() || tracks[at + 1] < '1' ||
          tracks[at + 1] > '9') {
        problem(line, shape);
        return;
      }
      ++at;
      int number = 0;
      // No clip has ten thousand audio tracks; bounding the digits keeps the number an int.
      for (std::size_t digits = 0; at < tracks.size() && is_digit(tracks[at]); ++at, ++digits) {
        if (digits == 4) {
          problem(line, shape);
          return;
        }
        number = number * 10 + (tracks[at] - '0');
      }
      if (number != expected) {
        problem(line, "Tracks " + quoted(tracks) +
                          ": audio tracks count from A1 with none left out, so A" +
                          std::to_string(expected) + " comes before A" + std::to_string(number));
        return;
      }
      ++expected;
    }
  }

  std::optional<Timecode> timecode(std::size_t line, std::string_view column,
                                   const std::optional<std::string>& text, FrameRate rate,
                                   const std::string& fps) {
    if (!text) {
      return std::nullopt;  // The missing column is already reported.
    }
    const std::string label = std::string(column) + " " + quoted(*text);
    if (text->empty()) {
      problem(line, std::string(column) + " is empty");
      return std::nullopt;
    }
    // Only Avid's two forms: Timecode::parse also takes "HH;MM;SS;FF" and '.' or ',', Avid does
    // not.
    const std::string& tc = *text;
    bool shape = tc.size() == 11 && tc[2] == ':' && tc[5] == ':' && (tc[8] == ':' || tc[8] == ';');
    for (const std::size_t i : {0U, 1U, 3U, 4U, 6U, 7U, 9U, 10U}) {
      shape = shape && is_digit(tc[i]);
    }
    if (!shape) {
      problem(line, label + " is not HH:MM:SS:FF or HH:MM:SS;FF");
      return std::nullopt;
    }
    if (tc[8] == ';' && !core::allows_drop_frame(rate)) {
      problem(line, label + " is drop-frame, which exists only at 29.97 and 59.94, not at " + fps +
                        " fps");
      return std::nullopt;
    }
    try {
      return Timecode::parse(tc, rate);
    } catch (const core::TimecodeError& error) {
      problem(line, std::string(column) + " " + error.what());
      return std::nullopt;
    }
  }

  struct HeadingPair {
    std::size_t line;
    std::string name;
    std::string value;
  };

  std::vector<Line> lines_;
  std::vector<std::string> problems_;
  // Indexes into lines_ of the Heading, Column and Data lines.
  std::array<std::optional<std::size_t>, 3> section_;
  std::vector<HeadingPair> heading_;
  std::string heading_fps_;
  std::vector<std::string> columns_;
};

}  // namespace

std::vector<std::string> lint_ale(std::string_view text) {
  return Lint(text).run();
}

}  // namespace slate::testing
