#pragma once
/// The shot list as a script supervisor or 1st AD exports it: one CSV row per setup. The format is
/// documented in schemas/shotlist.md. Rows are checked first; a file with any error imports
/// nothing, and every error says its line, its column and why.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slate::production {

/// The longest texts a scene or setup keeps, in bytes, from a shot list as from the API: what a
/// tablet lists must stay small however the file was made.
inline constexpr std::size_t kMaxDescriptionBytes = 2000;
inline constexpr std::size_t kMaxLocationBytes = 200;

/// One setup of the shot list. Only the scene is required.
struct ShotListRow {
  std::size_t line = 0;  ///< Line of the file the row starts on (1-based; quoted newlines
                         ///< make a row span lines).
  std::string scene;     ///< As parse_scene normalises it: "12", "12A", "A12", "12PT2" ("OMIT 14"
                         ///< gives "14").
  std::string setup;     ///< "A", "B", … ; empty when the row describes the scene only.
  std::string description;
  std::string int_ext;  ///< "INT", "EXT", "INT/EXT" or empty.
  std::string location;
  std::string day_night;             ///< "DAY", "NIGHT", "DAWN", "DUSK", "CONTINUOUS" or empty.
  std::optional<int> pages_eighths;  ///< "1 3/8" → 11; "4/8" → 4; "2" → 16.
  std::vector<std::string> cameras;  ///< "A", "B"…, from "A, B" or "A+B" or "AB" (parse_cameras).
  std::vector<std::string> characters;
  std::string notes;
  bool omitted = false;  ///< The scene was written "OMIT 14" / "OMITTED".
};

/// A problem with one cell or row.
struct ShotListError {
  std::size_t line = 0;
  std::string column;  ///< The header name ("pages"), or "" for the whole row or file.
  std::string reason;
  /// "line 7, column pages: \"1 9/8\" is not a page count (whole pages and eighths, like 1 3/8)".
  std::string to_string() const;
};

struct ShotListParse {
  std::vector<ShotListRow> rows;
  std::vector<ShotListError> errors;  ///< Empty when the file may be imported.
  char delimiter = ',';               ///< As detected.
};

/// Parses and validates a whole file (UTF-8, with or without BOM; ',' ';' or tab detected from
/// the header line; RFC 4180 quoting with embedded delimiters, quotes and newlines). The header
/// names columns case-insensitively, in any order, with the aliases listed in schemas/shotlist.md
/// (e.g. "Sc", "Scene #" for scene; "Shot" for setup; "I/E" for int_ext); unknown columns are an
/// error. Checks: scene present and well-formed on every row, pages a valid eighths value, invalid
/// UTF-8, an unterminated quote, a row with more cells than the header, a delimiter other than the
/// detected one used to separate the header's columns… and duplicate scene+setup in one file.
ShotListParse parse_shot_list(std::string_view text);

/// "1 3/8" → 11 eighths; nullopt if not a page count.
std::optional<int> parse_pages(std::string_view text);
/// 11 → "1 3/8".
std::string format_pages(int eighths);

}  // namespace slate::production
