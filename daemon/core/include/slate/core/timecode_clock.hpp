#pragma once
/// A timecode clock as a camera or a sync box keeps one: jammed to a timecode at an instant, then
/// counting frames at the exact rate, whatever the wall clock does. 23.976 counts 24 frames to a
/// timecode second but runs 24000/1001 frames a real second, so its timecode falls 3.6 s an hour
/// behind time of day; a camera jammed at call does the same, and the box must agree with it, not
/// with the wall clock. A value with no I/O: instants are given to it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include <slate/core/timecode.hpp>

namespace slate::core {

/// Where the box's timecode comes from.
enum class TimecodeSource {
  time_of_day,  ///< Jammed to the wall clock when a shooting day starts, then free-running.
  manual,       ///< Jammed by a person: from a sync box or a camera read by eye, or from a clip.
  ltc,          ///< Read from linear timecode on an audio input; free-runs when it stops.
};
const char* to_string(TimecodeSource source);
std::optional<TimecodeSource> parse_timecode_source(std::string_view text);

class TimecodeClock {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  /// Jammed at `instant` to read `timecode` then; its rate and counting are the clock's.
  TimecodeClock(Timecode timecode, Instant instant);

  /// The frame showing at `instant` (before the jam too: counting back).
  Timecode read(Instant instant) const;
  /// Frames from the jam to `instant`, not wrapped at midnight (negative before the jam).
  std::int64_t frames_since_jam(Instant instant) const;

  const Timecode& jam_timecode() const { return jam_; }
  Instant jam_instant() const { return instant_; }

 private:
  Timecode jam_;
  Instant instant_;
};

/// Whole frames elapsed in `elapsed` at `rate`'s exact rate (rounded toward the past).
std::int64_t frames_in(std::chrono::nanoseconds elapsed, FrameRate rate);

}  // namespace slate::core
