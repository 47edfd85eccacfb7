#pragma once
/// Avid Log Exchange: the tab-separated text editorial merges into Media Composer and Resolve
/// master clips. Three sections in order — Heading (name TAB value), Column (the column names),
/// Data (one line per clip) — with no TAB, CR or LF inside a value. The writer writes exactly
/// that; the reader also takes what other tools write (CRLF, several heading pairs on one line,
/// blank lines anywhere, a trailing TAB on a row or on the column line).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slate::exports {

/// Text that is not an ALE: the message names the line and says what is wrong there.
class AleError : public std::runtime_error {
 public:
  AleError(std::size_t line, const std::string& what);
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

struct Ale {
  /// In the order written: FIELD_DELIM, VIDEO_FORMAT, AUDIO_FORMAT, FPS, …
  std::vector<std::pair<std::string, std::string>> heading;
  std::vector<std::string> columns;
  /// Each as long as `columns`.
  std::vector<std::vector<std::string>> rows;

  /// The value of a heading, matched without regard to case ("FPS", "fps").
  std::optional<std::string> heading_value(std::string_view name) const;
  /// The index of a column, matched exactly as spelled (Avid's names are case-sensitive).
  std::optional<std::size_t> column(std::string_view name) const;
};

/// A value as an ALE may carry it: each TAB, CR and LF (and a CR LF pair) becomes one space.
std::string ale_value(std::string_view text);

/// The ALE's text: "Heading", its pairs, a blank line, "Column", the names, a blank line, "Data",
/// the rows; LF line ends; every value passed through ale_value. Throws std::invalid_argument
/// for a row whose length is not the number of columns.
std::string write_ale(const Ale& ale);

/// Reads an ALE as Avid, Resolve and camera labs write it. A row shorter than the columns is
/// padded with empty values; a row with more non-empty values than columns, a missing Column or
/// Data section, or sections out of order throw AleError naming the line.
Ale read_ale(std::string_view text);

}  // namespace slate::exports
