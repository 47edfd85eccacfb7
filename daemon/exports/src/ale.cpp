#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/exports/ale.hpp>

namespace slate::exports {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// ASCII only on purpose: heading and section names are ASCII, and a server locale must not change
// which heading an editor's FPS is.
char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

std::string_view trim_blanks(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

struct Line {
  std::size_t number;
  std::string_view text;
};

// Lines as Avid, Resolve and old Mac tools end them: LF, CR LF, or a lone CR, each one line end.
std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  std::size_t number = 1;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\n' && text[at] != '\r') {
      continue;
    }
    lines.push_back({number++, text.substr(start, at - start)});
    if (text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n') {
      ++at;
    }
    start = at + 1;
  }
  if (start < text.size()) {
    lines.push_back({number, text.substr(start)});
  }
  return lines;
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

enum class Section { kNone, kHeading, kColumn, kData };

const char* section_name(Section section) {
  switch (section) {
    case Section::kHeading:
      return "Heading";
    case Section::kColumn:
      return "Column";
    case Section::kData:
      return "Data";
    case Section::kNone:
      break;
  }
  return "";
}

// The section a line opens, if it is a section name. Other tools write "DATA" or "Data " too.
std::optional<Section> section_line(std::string_view line) {
  const std::string_view name = trim_blanks(line);
  for (const Section section : {Section::kHeading, Section::kColumn, Section::kData}) {
    if (same_ignoring_case(name, section_name(section))) {
      return section;
    }
  }
  return std::nullopt;
}

// Blank lines carry nothing anywhere in an ALE, and tools scatter them. A line of spaces is blank
// too, but a line of TABs in Data is a row of empty values.
bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' '; });
}

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      text += '\t';
    }
    text += ale_value(values[i]);
  }
  return text;
}

void read_heading_line(const Line& line, Ale& ale) {
  const std::vector<std::string> fields = split_fields(line.text);
  if (fields.size() % 2 != 0) {
    throw AleError(line.number, "a heading line holds NAME TAB VALUE pairs, but this one has " +
                                    std::to_string(fields.size()) + " fields");
  }
  for (std::size_t i = 0; i < fields.size(); i += 2) {
    ale.heading.emplace_back(fields[i], fields[i + 1]);
  }
}

void read_column_line(const Line& line, Ale& ale) {
  std::vector<std::string> names = split_fields(line.text);
  // Resolve ends the column line with a TAB: the empty name after it is no column.
  while (!names.empty() && names.back().empty()) {
    names.pop_back();
  }
  if (names.empty()) {
    throw AleError(line.number, "the column line names no column");
  }
  const auto unnamed = std::find(names.begin(), names.end(), std::string());
  if (unnamed != names.end()) {
    throw AleError(line.number, "column " + std::to_string(unnamed - names.begin() + 1) + " of " +
                                    std::to_string(names.size()) + " has no name");
  }
  ale.columns = std::move(names);
}

void read_row(const Line& line, Ale& ale) {
  std::vector<std::string> values = split_fields(line.text);
  const std::size_t columns = ale.columns.size();
  if (values.size() > columns) {
    // Trailing TABs after the last column are other tools' habit; a value there has no column.
    const auto extra = std::find_if(values.begin() + static_cast<std::ptrdiff_t>(columns),
                                    values.end(), [](const std::string& v) { return !v.empty(); });
    if (extra != values.end()) {
      throw AleError(line.number, "value " + std::to_string(extra - values.begin() + 1) + " \"" +
                                      *extra + "\" is past the last of " + std::to_string(columns) +
                                      " columns");
    }
  }
  // Tools leave out trailing empty values; the row still has every column.
  values.resize(columns);
  ale.rows.push_back(std::move(values));
}

}  // namespace

AleError::AleError(std::size_t line, const std::string& what)
    : std::runtime_error("line " + std::to_string(line) + ": " + what), line_(line) {}

std::optional<std::string> Ale::heading_value(std::string_view name) const {
  for (const auto& [heading_name, value] : heading) {
    if (same_ignoring_case(heading_name, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> Ale::column(std::string_view name) const {
  const auto found = std::find(columns.begin(), columns.end(), name);
  if (found == columns.end()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(found - columns.begin());
}

std::string ale_value(std::string_view text) {
  std::string value;
  value.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '\r' && at + 1 < text.size() && text[at + 1] == '\n') {
      // One line break typed on Windows is one break, so one space, not two.
      ++at;
      value += ' ';
    } else if (c == '\t' || c == '\r' || c == '\n') {
      value += ' ';
    } else {
      value += c;
    }
  }
  return value;
}

std::string write_ale(const Ale& ale) {
  for (std::size_t i = 0; i < ale.rows.size(); ++i) {
    if (ale.rows[i].size() != ale.columns.size()) {
      throw std::invalid_argument("ALE row " + std::to_string(i + 1) + " has " +
                                  std::to_string(ale.rows[i].size()) + " values for " +
                                  std::to_string(ale.columns.size()) + " columns");
    }
  }
  std::string text = "Heading\n";
  for (const auto& [name, value] : ale.heading) {
    text += ale_value(name) + '\t' + ale_value(value) + '\n';
  }
  text += "\nColumn\n" + joined(ale.columns) + "\n\nData\n";
  for (const std::vector<std::string>& row : ale.rows) {
    text += joined(row) + '\n';
  }
  return text;
}

Ale read_ale(std::string_view text) {
  // Windows tools put a byte order mark before "Heading".
  if (text.starts_with(kUtf8Bom)) {
    text.remove_prefix(kUtf8Bom.size());
  }
  const std::vector<Line> lines = split_lines(text);
  Ale ale;
  Section section = Section::kNone;
  bool column_line_read = false;
  for (const Line& line : lines) {
    if (is_blank(line.text)) {
      continue;
    }
    if (const std::optional<Section> opened = section_line(line.text)) {
      // Each section once, in Avid's order: the rows mean nothing without the columns before them.
      const auto expected = static_cast<Section>(static_cast<int>(section) + 1);
      if (*opened != expected) {
        const std::string name = section_name(*opened);
        if (*opened <= section) {
          throw AleError(line.number, name + " again, after " + section_name(section));
        }
        throw AleError(line.number, name + " before " + section_name(expected) +
                                        ": the sections are Heading, Column, Data in that order");
      }
      if (*opened == Section::kData && !column_line_read) {
        throw AleError(line.number, "Data before any column names: the Column section is empty");
      }
      section = *opened;
      continue;
    }
    switch (section) {
      case Section::kNone:
        throw AleError(line.number, "\"" + std::string(line.text) +
                                        "\" before Heading: an ALE starts with its Heading");
      case Section::kHeading:
        read_heading_line(line, ale);
        break;
      case Section::kColumn:
        if (column_line_read) {
          throw AleError(line.number, "a second column line; Column holds one line of names");
        }
        read_column_line(line, ale);
        column_line_read = true;
        break;
      case Section::kData:
        read_row(line, ale);
        break;
    }
  }
  const std::size_t last_line = lines.empty() ? 1 : lines.back().number;
  if (section != Section::kData) {
    const auto missing = static_cast<Section>(static_cast<int>(section) + 1);
    throw AleError(last_line,
                   std::string("the text ends with no ") + section_name(missing) + " section");
  }
  return ale;
}

}  // namespace slate::exports
