#pragma once
/// SMPTE timecode as a value: a frame count since midnight at a rate, drop-frame or not. How clips
/// are matched to takes, shown to people, and written for editorial.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace slate::core {

/// The rates cameras and sound record at. 23.976, 29.97 and 59.94 are the NTSC rates
/// (24000/1001, 30000/1001, 60000/1001): drop-frame counting exists only for 29.97 and 59.94.
enum class FrameRate { fps23_976, fps24, fps25, fps29_97, fps30, fps48, fps50, fps59_94, fps60 };

/// "23.976", "24", "25", "29.97", "30", "48", "50", "59.94", "60".
const char* to_string(FrameRate rate);
/// Parses the names above (also "23.98", "24000/1001", "30000/1001", "60000/1001" and integral
/// forms such as "25/1"); nullopt for anything else.
std::optional<FrameRate> parse_frame_rate(std::string_view text);
/// The exact rate as a fraction: {24000, 1001} for 23.976.
struct Rational {
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;
  bool operator==(const Rational&) const = default;
};
Rational exact(FrameRate rate);
/// The rate nearest to `frames_per_second` within 0.01, if any (a probe's 23.976023...).
std::optional<FrameRate> nearest_frame_rate(double frames_per_second);
/// Frames counted per timecode second: 24 for 23.976, 30 for 29.97, 60 for 59.94.
int nominal_fps(FrameRate rate);
/// Whether drop-frame counting is possible at this rate (29.97 and 59.94 only).
bool allows_drop_frame(FrameRate rate);

/// A timecode that cannot be: the message says which part and why, e.g.
/// "25:00:00:00: hours must be 00 to 23".
class TimecodeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Timecode {
 public:
  /// Frames in one day at this rate and counting (2,073,600 at 24 fps; 2,589,408 at 29.97 DF).
  static std::int64_t frames_per_day(FrameRate rate, bool drop_frame);

  /// 00:00:00:00. Throws TimecodeError for drop-frame at a rate that has none.
  Timecode(FrameRate rate, bool drop_frame);
  /// The timecode `frames` after midnight, wrapped into one day (negative counts wrap back).
  static Timecode from_frames(std::int64_t frames, FrameRate rate, bool drop_frame);
  /// Throws TimecodeError naming the part that is wrong: hours 0-23, minutes and seconds 0-59,
  /// frames below the nominal rate, and at drop-frame, frames 00 and 01 (02 and 03 at 59.94) of
  /// every minute but each tenth, which do not exist.
  static Timecode from_parts(int hours, int minutes, int seconds, int frames, FrameRate rate,
                             bool drop_frame);
  /// Parses "HH:MM:SS:FF" (non-drop) or "HH:MM:SS;FF" (drop-frame; "HH;MM;SS;FF", "HH:MM:SS.FF"
  /// and "HH:MM:SS,FF" are read as drop-frame too). A ';' at a rate without drop-frame, a wrong
  /// shape, or a part out of range is refused with TimecodeError saying which.
  static Timecode parse(std::string_view text, FrameRate rate);
  /// The frame being shown at `time` after midnight (rounded down), as a time-of-day clock gives.
  static Timecode from_time_of_day(std::chrono::nanoseconds since_midnight, FrameRate rate,
                                   bool drop_frame);

  FrameRate rate() const { return rate_; }
  bool drop_frame() const { return drop_frame_; }
  /// Frames since midnight: 0 to frames_per_day - 1.
  std::int64_t frames() const { return frames_; }
  int hours() const;
  int minutes() const;
  int seconds() const;
  int frame() const;  ///< The frame within its second, as printed.

  /// "01:00:00:00", or "01:00:00;00" at drop-frame.
  std::string to_string() const;
  /// Real time since midnight of the frame's start (at 29.97 DF, 01:00:00;00 is 3599.9964 s).
  std::chrono::nanoseconds time_of_day() const;

  /// Moves by `frames`, wrapping at midnight either way.
  Timecode operator+(std::int64_t frames) const;
  Timecode operator-(std::int64_t frames) const;
  /// Frames from `other` to this one, the short way round midnight is NOT assumed: plain
  /// difference of the frame counts within one day (may be negative). Same rate and counting
  /// required, else TimecodeError.
  std::int64_t operator-(const Timecode& other) const;

  bool operator==(const Timecode&) const = default;

 private:
  Timecode(std::int64_t frames, FrameRate rate, bool drop_frame);
  std::int64_t frames_ = 0;
  FrameRate rate_ = FrameRate::fps24;
  bool drop_frame_ = false;
};

}  // namespace slate::core
