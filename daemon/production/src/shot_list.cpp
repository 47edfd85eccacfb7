#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/production/numbering.hpp>
#include <slate/production/shot_list.hpp>

namespace slate::production {

namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers. Everything here is ASCII-only on purpose: the format's keywords are ASCII, and
// free text (descriptions, names) is kept exactly as written.

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = to_upper(c);
  }
  return out;
}

// Splits on any of `separators`, trimming each part and dropping empty ones.
std::vector<std::string> split_any(std::string_view text, std::string_view separators) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      const auto part = trim(text.substr(start, i - start));
      if (!part.empty()) {
        parts.emplace_back(part);
      }
      start = i + 1;
    }
  }
  return parts;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string describe_delimiter(char delimiter) {
  return delimiter == '\t' ? std::string("tabs") : "'" + std::string(1, delimiter) + "'";
}

constexpr std::array<char, 3> kDelimiters = {',', ';', '\t'};

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 if there is none (stray
// continuation byte, truncated sequence, overlong form, surrogate, beyond U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  unsigned code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (pos + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[pos + k]);
    if ((next & 0xC0u) != 0x80u) {
      return 0;
    }
    code = (code << 6) | (next & 0x3Fu);
  }
  if (length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) {
    return 0;
  }
  if (length == 4 && (code < 0x10000 || code > 0x10FFFF)) {
    return 0;
  }
  return length;
}

// Drops a BOM and turns CRLF and lone CR (old Mac exports) into LF, so line counting and quoted
// newlines only ever deal with '\n'. Byte positions within a line do not move.
std::string normalise_newlines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Columns.

enum class Column {
  kScene,
  kSetup,
  kDescription,
  kIntExt,
  kLocation,
  kDayNight,
  kPages,
  kCameras,
  kCharacters,
  kNotes,
  kUnnamed,  // An empty header cell: spreadsheets export trailing empty columns.
  kIgnored,  // Unknown or duplicate: already reported, its cells are not read.
};

constexpr std::array<std::string_view, 10> kColumnNames = {
    "scene",     "setup", "description", "int_ext",    "location",
    "day_night", "pages", "cameras",     "characters", "notes"};

std::string column_name(Column column) {
  const auto index = static_cast<std::size_t>(column);
  return index < kColumnNames.size() ? std::string(kColumnNames[index]) : std::string();
}

struct Alias {
  std::string_view name;
  Column column;
};

// Lower case, single spaces: the key a header cell is looked up by.
constexpr std::array kAliases = {
    Alias{"scene", Column::kScene},        Alias{"sc", Column::kScene},
    Alias{"sc.", Column::kScene},          Alias{"sc #", Column::kScene},
    Alias{"sc#", Column::kScene},          Alias{"scene #", Column::kScene},
    Alias{"scene#", Column::kScene},       Alias{"scene no", Column::kScene},
    Alias{"scene no.", Column::kScene},    Alias{"scene number", Column::kScene},
    Alias{"setup", Column::kSetup},        Alias{"set-up", Column::kSetup},
    Alias{"set up", Column::kSetup},       Alias{"setup #", Column::kSetup},
    Alias{"shot", Column::kSetup},         Alias{"shot #", Column::kSetup},
    Alias{"slate", Column::kSetup},        Alias{"description", Column::kDescription},
    Alias{"desc", Column::kDescription},   Alias{"desc.", Column::kDescription},
    Alias{"action", Column::kDescription}, Alias{"int_ext", Column::kIntExt},
    Alias{"int/ext", Column::kIntExt},     Alias{"int ext", Column::kIntExt},
    Alias{"int-ext", Column::kIntExt},     Alias{"i/e", Column::kIntExt},
    Alias{"location", Column::kLocation},  Alias{"loc", Column::kLocation},
    Alias{"set", Column::kLocation},       Alias{"day_night", Column::kDayNight},
    Alias{"day/night", Column::kDayNight}, Alias{"day night", Column::kDayNight},
    Alias{"d/n", Column::kDayNight},       Alias{"time", Column::kDayNight},
    Alias{"pages", Column::kPages},        Alias{"pgs", Column::kPages},
    Alias{"pgs.", Column::kPages},         Alias{"page count", Column::kPages},
    Alias{"length", Column::kPages},       Alias{"cameras", Column::kCameras},
    Alias{"camera", Column::kCameras},     Alias{"cam", Column::kCameras},
    Alias{"cams", Column::kCameras},       Alias{"characters", Column::kCharacters},
    Alias{"cast", Column::kCharacters},    Alias{"cast members", Column::kCharacters},
    Alias{"notes", Column::kNotes},        Alias{"note", Column::kNotes},
    Alias{"comments", Column::kNotes},
};

// Lower case with whitespace runs folded to one space: "Scene  #" and "scene #" are one name.
std::string header_key(std::string_view name) {
  std::string key;
  bool space = false;
  for (const char c : trim(name)) {
    if (is_blank(c)) {
      space = true;
      continue;
    }
    if (space) {
      key.push_back(' ');
      space = false;
    }
    key.push_back(to_lower(c));
  }
  return key;
}

std::optional<Column> find_column(std::string_view name) {
  const auto key = header_key(name);
  for (const auto& alias : kAliases) {
    if (alias.name == key) {
      return alias.column;
    }
  }
  return std::nullopt;
}

// How many header names `line` yields when split on `delimiter`. A rough split (quotes only
// stripped around a name) is enough to tell the delimiters apart.
int known_names(std::string_view line, char delimiter) {
  int count = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == delimiter) {
      auto name = trim(line.substr(start, i - start));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      }
      if (find_column(name)) {
        ++count;
      }
      start = i + 1;
    }
  }
  return count;
}

char detect_delimiter(std::string_view text) {
  // The header is the first line with something in it: a row of bare delimiters (",,,") is as
  // blank as an empty line to the reader, so it is skipped here too.
  std::string_view line;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t,;\"") != std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  char best = ',';
  int best_count = -1;
  for (const char delimiter : kDelimiters) {
    const int count = known_names(line, delimiter);
    if (count > best_count) {  // Strictly more: ties keep the earlier, ',' first.
      best = delimiter;
      best_count = count;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The CSV reader: RFC 4180 with the detected delimiter. It only splits rows and cells and
// reports structural trouble; the values are checked afterwards, once the columns are known.

struct RawCell {
  std::string text;
  bool quoted = false;
  bool broken = false;  // Its trouble is already reported: its value is not checked as well.
};

struct CellError {
  std::size_t line = 0;
  std::size_t cell = 0;  // Index of the cell in its row, to name the column.
  std::string reason;
};

struct RawRow {
  std::size_t line = 0;
  std::vector<RawCell> cells;
  std::vector<CellError> errors;

  bool blank() const {
    if (!errors.empty()) {
      return false;
    }
    for (const auto& cell : cells) {
      if (!trim(cell.text).empty()) {
        return false;
      }
    }
    return true;
  }
};

class Reader {
 public:
  Reader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  std::vector<RawRow> read_all() {
    std::vector<RawRow> rows;
    while (!at_end()) {
      rows.push_back(read_row());
    }
    return rows;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool ends_cell() const { return at_end() || peek() == delimiter_ || peek() == '\n'; }

  void skip_spaces() {
    while (!at_end() && (peek() == ' ' || (peek() == '\t' && delimiter_ != '\t'))) {
      ++pos_;
    }
  }

  RawRow read_row() {
    RawRow row;
    row.line = line_;
    while (true) {
      RawCell cell;
      read_cell(row, cell);
      row.cells.push_back(std::move(cell));
      if (at_end()) {
        break;
      }
      const char separator = peek();
      ++pos_;
      if (separator == '\n') {
        new_line();
        break;
      }
    }
    return row;
  }

  void read_cell(RawRow& row, RawCell& cell) {
    const std::size_t index = row.cells.size();
    skip_spaces();
    if (at_end() || peek() != '"') {
      while (!ends_cell()) {
        if (peek() == '"' && !cell.broken) {
          row.errors.push_back(
              {line_, index,
               "broken quotes: a quote in the middle of a cell that does not start with one "
               "(put the whole cell in quotes and double the quote inside: \"\")"});
          cell.broken = true;
        }
        take(row, cell, index);
      }
      return;
    }
    cell.quoted = true;
    const std::size_t opened_on = line_;
    ++pos_;
    while (true) {
      if (at_end()) {
        row.errors.push_back(
            {opened_on, index,
             "a quote opened on line " + std::to_string(opened_on) + " is never closed"});
        cell.broken = true;
        return;
      }
      if (peek() == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          cell.text.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      take(row, cell, index);
    }
    skip_spaces();
    if (ends_cell()) {
      return;
    }
    row.errors.push_back({line_, index,
                          "broken quotes: the cell goes on after its closing quote (inside "
                          "quotes, write a quote as \"\")"});
    cell.broken = true;
    while (!ends_cell()) {
      take(row, cell, index);
    }
  }

  // Moves one character (or one UTF-8 sequence) into the cell, checking the encoding.
  void take(RawRow& row, RawCell& cell, std::size_t index) {
    const char c = peek();
    if (c == '\n') {
      cell.text.push_back(c);
      ++pos_;
      new_line();
      return;
    }
    const std::size_t length = utf8_length(text_, pos_);
    if (length == 0) {
      // One report per line: a file saved as Latin-1 would otherwise flood the list.
      if (utf8_error_line_ != line_) {
        row.errors.push_back({line_, index,
                              "invalid UTF-8 at byte " + std::to_string(pos_ - line_start_ + 1) +
                                  " of the line (save the file as UTF-8)"});
        utf8_error_line_ = line_;
      }
      cell.broken = true;
      // The replacement character keeps later messages (JSON) valid UTF-8.
      cell.text += "\xEF\xBF\xBD";
      ++pos_;
      return;
    }
    cell.text.append(text_.substr(pos_, length));
    pos_ += length;
  }

  void new_line() {
    ++line_;
    line_start_ = pos_;
  }

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t utf8_error_line_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Values.

// Why a text is refused as too long; the text itself is not repeated, it may be a megabyte.
std::string too_long(std::string_view what, std::string_view value, std::size_t limit) {
  return std::string(what) + " holds at most " + std::to_string(limit) + " bytes, as in the API; " +
         "this one has " + std::to_string(value.size());
}

// Normalised setup letters, or the reason they are refused.
std::pair<std::string, std::string> read_setup(std::string_view value) {
  const auto letters = upper(value);
  const bool all_letters = !letters.empty() && letters.size() <= 2 && is_upper(letters.front()) &&
                           is_upper(letters.back());
  if (!all_letters) {
    return {"", quoted(value) + " is not a setup (one or two letters, like A or AB)"};
  }
  if (letters.find_first_of("IO") != std::string::npos) {
    return {"", "setup " + quoted(letters) +
                    " is not used: setups skip I and O (they read as 1 and 0 on a slate)"};
  }
  return {letters, ""};
}

// Upper case with spaces and dots dropped: "Int. / Ext." → "INT/EXT".
std::string keyword(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (!is_blank(c) && c != '.') {
      out.push_back(to_upper(c));
    }
  }
  return out;
}

std::optional<std::string> read_int_ext(std::string_view value) {
  const auto key = keyword(value);
  if (key == "INT" || key == "INTERIOR" || key == "I") {
    return "INT";
  }
  if (key == "EXT" || key == "EXTERIOR" || key == "E") {
    return "EXT";
  }
  if (key == "INT/EXT" || key == "EXT/INT" || key == "I/E" || key == "E/I" || key == "INT-EXT") {
    return "INT/EXT";
  }
  return std::nullopt;
}

std::optional<std::string> read_day_night(std::string_view value) {
  const auto key = keyword(value);
  if (key == "DAY" || key == "D") {
    return "DAY";
  }
  if (key == "NIGHT" || key == "N") {
    return "NIGHT";
  }
  if (key == "DAWN" || key == "DUSK") {
    return key;
  }
  if (key == "CONTINUOUS" || key == "CONT") {
    return "CONTINUOUS";
  }
  return std::nullopt;
}

// A run of digits of at most `max_digits`, or nullopt; advances `text` past it.
std::optional<int> take_number(std::string_view& text, std::size_t max_digits) {
  std::size_t count = 0;
  int value = 0;
  while (count < text.size() && is_digit(text[count])) {
    if (count == max_digits) {
      return std::nullopt;
    }
    value = value * 10 + (text[count] - '0');
    ++count;
  }
  if (count == 0) {
    return std::nullopt;
  }
  text.remove_prefix(count);
  return value;
}

// "/8" after a numerator: the eighths, 1..7.
std::optional<int> take_eighths(std::string_view text, int numerator) {
  if (text != "/8" || numerator < 1 || numerator > 7) {
    return std::nullopt;
  }
  return numerator;
}

}  // namespace

std::string ShotListError::to_string() const {
  auto text = "line " + std::to_string(line);
  if (!column.empty()) {
    text += ", column " + column;
  }
  return text + ": " + reason;
}

std::optional<int> parse_pages(std::string_view text) {
  text = trim(text);
  // 9999 pages is far beyond any script and keeps the arithmetic well inside an int.
  const auto first = take_number(text, 4);
  if (!first) {
    return std::nullopt;
  }
  if (text.empty()) {
    return *first * 8;
  }
  if (text.front() == '/') {
    return take_eighths(text, *first);
  }
  // Whole pages, then the eighths after spaces or a dash: "1 3/8", "1-3/8".
  const auto rest = trim(text);
  std::string_view fraction = rest;
  if (!fraction.empty() && fraction.front() == '-') {
    fraction = trim(fraction.substr(1));
  } else if (rest.size() == text.size()) {
    return std::nullopt;  // Nothing separates the whole pages from the eighths.
  }
  const auto numerator = take_number(fraction, 1);
  if (!numerator) {
    return std::nullopt;
  }
  const auto eighths = take_eighths(fraction, *numerator);
  if (!eighths) {
    return std::nullopt;
  }
  return *first * 8 + *eighths;
}

std::string format_pages(int eighths) {
  // A negative value is not a page count; it is formatted anyway so it shows rather than hides.
  const long long value = eighths;
  const long long size = value < 0 ? -value : value;
  const long long whole = size / 8;
  const long long rest = size % 8;
  std::string text = value < 0 ? "-" : "";
  if (rest == 0) {
    return text + std::to_string(whole);
  }
  if (whole != 0) {
    text += std::to_string(whole) + " ";
  }
  return text + std::to_string(rest) + "/8";
}

ShotListParse parse_shot_list(std::string_view input) {
  ShotListParse result;
  const std::string text = normalise_newlines(input);
  result.delimiter = detect_delimiter(text);
  const char delimiter = result.delimiter;

  auto rows = Reader(text, delimiter).read_all();
  auto row = rows.begin();
  while (row != rows.end() && row->blank()) {
    ++row;
  }
  if (row == rows.end()) {
    result.errors.push_back({1, "",
                             "the file is empty: its first line names the columns, like "
                             "Scene,Setup,Description"});
    return result;
  }

  // The header.
  const RawRow& header = *row;
  std::vector<Column> columns;
  std::array<std::string, kColumnNames.size()> written{};  // How each column was named.
  for (const auto& error : header.errors) {
    result.errors.push_back({error.line, "", error.reason});
  }
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const auto& cell = header.cells[i];
    const auto name = std::string(trim(cell.text));
    if (cell.broken) {
      columns.push_back(Column::kIgnored);
      continue;
    }
    if (name.empty()) {
      columns.push_back(Column::kUnnamed);
      continue;
    }
    const auto column = find_column(name);
    if (!column) {
      auto reason = "unknown column " + quoted(name);
      for (const char other : kDelimiters) {
        if (other != delimiter && known_names(name, other) > 0) {
          reason += " (it looks like columns separated by " + describe_delimiter(other) +
                    ", but this header separates them with " + describe_delimiter(delimiter) + ")";
          break;
        }
      }
      result.errors.push_back({header.line, name, reason});
      columns.push_back(Column::kIgnored);
      continue;
    }
    auto& first_name = written[static_cast<std::size_t>(*column)];
    if (!first_name.empty()) {
      result.errors.push_back({header.line, column_name(*column),
                               quoted(first_name) + " and " + quoted(name) + " both name the " +
                                   column_name(*column) + " column"});
      columns.push_back(Column::kIgnored);
      continue;
    }
    first_name = name;
    columns.push_back(*column);
  }
  const bool has_scene = !written[static_cast<std::size_t>(Column::kScene)].empty();
  if (!has_scene) {
    result.errors.push_back(
        {header.line, "scene", "the header has no scene column (name it Scene or Sc)"});
  }
  const auto column_of = [&columns](std::size_t index) {
    return index < columns.size() ? column_name(columns[index]) : std::string();
  };

  // The rows. Every error is collected: a file is fixed once, not once per error.
  std::map<std::string, std::size_t> first_seen;  // scene + setup → line
  for (++row; row != rows.end(); ++row) {
    if (row->blank()) {
      continue;
    }
    ShotListRow out;
    out.line = row->line;
    const auto error = [&](Column column, std::string reason) {
      result.errors.push_back({out.line, column_name(column), std::move(reason)});
    };
    for (const auto& cell_error : row->errors) {
      result.errors.push_back({cell_error.line, column_of(cell_error.cell), cell_error.reason});
    }
    if (row->cells.size() > columns.size()) {
      result.errors.push_back({out.line, "",
                               std::to_string(row->cells.size()) + " cells, but the header has " +
                                   std::to_string(columns.size()) + " (a cell that contains " +
                                   describe_delimiter(delimiter) + " must be in double quotes)"});
    }

    bool scene_ok = false;
    bool setup_ok = true;
    bool scene_reported = false;
    for (std::size_t i = 0; i < row->cells.size() && i < columns.size(); ++i) {
      const Column column = columns[i];
      const RawCell& cell = row->cells[i];
      const auto value = trim(cell.text);
      if (column == Column::kIgnored) {
        continue;
      }
      if (cell.broken) {
        scene_reported = scene_reported || column == Column::kScene;
        setup_ok = setup_ok && column != Column::kSetup;
        continue;
      }
      if (column == Column::kUnnamed) {
        if (!value.empty()) {
          error(column, "cell " + std::to_string(i + 1) +
                            " has a value, but its column has no name in the header");
        }
        continue;
      }
      if (value.empty()) {
        continue;  // Only the scene is required; it is checked below.
      }
      // A value the wrong delimiter glued together says so: the fix is in the file's format.
      std::string hint;
      if (!cell.quoted) {
        for (const char other : kDelimiters) {
          if (other != delimiter && value.find(other) != std::string_view::npos) {
            hint = "; this file separates columns with " + describe_delimiter(delimiter) +
                   ", not " + describe_delimiter(other);
            break;
          }
        }
      }
      switch (column) {
        case Column::kScene: {
          scene_reported = true;
          if (auto number = parse_scene(value)) {
            out.scene = std::move(number->text);
            out.omitted = number->omitted;
            scene_ok = true;
          } else {
            error(column, scene_number_problem(value) + hint);
          }
          break;
        }
        case Column::kSetup: {
          auto [letters, reason] = read_setup(value);
          if (!reason.empty()) {
            error(column, reason + hint);
            setup_ok = false;
          } else {
            out.setup = std::move(letters);
          }
          break;
        }
        case Column::kDescription:
          if (value.size() > kMaxDescriptionBytes) {
            error(column, too_long("a description", value, kMaxDescriptionBytes));
          } else {
            out.description = value;
          }
          break;
        case Column::kIntExt:
          if (auto int_ext = read_int_ext(value)) {
            out.int_ext = std::move(*int_ext);
          } else {
            error(column, quoted(value) + " is not INT, EXT or INT/EXT" + hint);
          }
          break;
        case Column::kLocation:
          if (value.size() > kMaxLocationBytes) {
            error(column, too_long("a location", value, kMaxLocationBytes));
          } else {
            out.location = value;
          }
          break;
        case Column::kDayNight:
          if (auto day_night = read_day_night(value)) {
            out.day_night = std::move(*day_night);
          } else {
            error(column, quoted(value) + " is not DAY, NIGHT, DAWN, DUSK or CONTINUOUS" + hint);
          }
          break;
        case Column::kPages:
          out.pages_eighths = parse_pages(value);
          if (!out.pages_eighths) {
            error(column, quoted(value) +
                              " is not a page count (whole pages and eighths, like 1 3/8)" + hint);
          }
          break;
        case Column::kCameras: {
          auto cameras = parse_cameras(value);
          if (!cameras) {
            error(column, cameras.error().message + hint);
          } else {
            out.cameras = std::move(cameras).value();
          }
          break;
        }
        case Column::kCharacters:
          out.characters = split_any(value, ",;\n");
          break;
        case Column::kNotes:
          out.notes = value;
          break;
        case Column::kUnnamed:
        case Column::kIgnored:
          break;
      }
    }
    // Without a scene column the header error says it all; one per row would only repeat it.
    if (has_scene && !scene_reported) {
      error(Column::kScene, "the scene is missing");
    }
    if (scene_ok && setup_ok) {
      const auto key = out.scene + '\n' + out.setup;
      const auto [first, inserted] = first_seen.emplace(key, out.line);
      if (!inserted) {
        result.errors.push_back({out.line, "",
                                 "duplicate scene " + out.scene +
                                     (out.setup.empty() ? "" : " setup " + out.setup) +
                                     " (first on line " + std::to_string(first->second) + ")"});
      }
    }
    result.rows.push_back(std::move(out));
  }
  return result;
}

}  // namespace slate::production
