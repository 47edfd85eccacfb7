#pragma once
/// The day's deliverables for editorial, made from an EditorialLog: the ALE Avid merges into its
/// master clips, the editor's log as CSV for spreadsheets, and the names they are saved under.

#include <optional>
#include <string>

#include <slate/exports/ale.hpp>
#include <slate/exports/editorial.hpp>

namespace slate::exports {

struct AleOptions {
  /// VIDEO_FORMAT as the editor's Avid project has it ("1080", "720", "PAL", "NTSC", "CUSTOM");
  /// empty: from the clips' size.
  std::string video_format;
};

/// The VIDEO_FORMAT Avid names a picture size by: 1080 for 1920x1080 (and 1440x1080), 720 for
/// 1280x720, NTSC for 720x480/486, PAL for 720x576, CUSTOM for anything else.
std::string video_format_of(int width, int height);

/// The rate as Avid writes it in an ALE: "23.976", "24", "25", "29.97", "30", "47.952", "48",
/// "50", "59.94", "60".
std::string ale_fps(const std::string& rate);

/// One row per picture clip (a wild track has none), with Slate's columns: Name, Tracks, Start,
/// End, Duration, FPS, Tape, Source File, Camroll, Camera, Scene, Take, Shoot Date, DESCRIPT,
/// Comments, Circled, Take Status, Director Flag, Setup, Unit, Day, Checksum, Image Size, Codec.
Ale ale_of(const EditorialLog& log, const AleOptions& options);

/// The editor's log: one row per take in shooting order, RFC 4180 quoting, CRLF line ends, UTF-8
/// with a byte-order mark so that Excel reads it as UTF-8. The columns are documented in
/// schemas/editors-log.md.
std::string editors_log_csv(const EditorialLog& log);

/// "<project>_day<NN>_<date>.<extension>", with the project name made safe for any file system:
/// "Night_Train_day03_2026-12-01.ale". Several days: the first and last ("…_day01-03_…").
std::string deliverable_name(const EditorialLog& log, const std::string& extension);

}  // namespace slate::exports
