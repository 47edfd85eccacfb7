#pragma once
// How the editor's log words a take and names a clip's file, shared by the ALE, the CSV and the
// PDF reports.

#include <cstdint>
#include <optional>
#include <string>

#include <slate/core/timecode.hpp>
#include <slate/production/take.hpp>

namespace slate::exports::detail {

/// The file's name of a card-relative path: "A002C006.mov" of "Clips/A002C006.mov".
std::string file_name_of(const std::string& relative_path);

/// "Circled", "Hold", "NG", "False start"; empty for none.
std::string status_words(production::TakeStatus status);

/// How long a take ran, roll to cut, in frames at its rate.
struct TakeLength {
  std::int64_t frames = 0;
  core::FrameRate rate = core::FrameRate::fps24;
  bool drop_frame = false;
};
/// nullopt while it rolls, or when its timecodes do not read at its rate.
std::optional<TakeLength> take_length(const production::Take& take);
/// The length as a timecode, "00:01:12:05"; empty while it rolls.
std::string take_duration(const production::Take& take);

}  // namespace slate::exports::detail
