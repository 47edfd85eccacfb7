#pragma once
/// The box's timecode: the clock every roll and cut is stamped with, so that it reads what the
/// cameras read at the same instant. It is jammed like a camera (to time of day when a shooting
/// day starts, by a person, from a clip, or continuously from LTC) and between jams it counts
/// frames at the project's exact rate on the monotonic clock, so that 23.976 runs on across
/// midnight with no jump and a wall-clock step moves nothing. Each jam is kept in the catalogue
/// with its event (`timecode.changed`); a jam never changes a take already logged.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <slate/catalogue/catalogue.hpp>
#include <slate/core/timecode_clock.hpp>
#include <slate/production/refusal.hpp>

namespace slate::production {

/// How the clock was last set.
enum class JamHow { time_of_day, manual, clip, ltc };
std::string_view to_string(JamHow how);

/// What the clock is doing.
enum class ClockState {
  free_run,   ///< Counting from its last jam, as a camera does between jams.
  locked,     ///< Following LTC frame by frame.
  holdover,   ///< The LTC stopped: counting from its last good frame.
  no_signal,  ///< LTC is the source and none has come yet: counting from the last jam.
  refused,    ///< The LTC's rate or counting is not the project's: it is not used.
};
std::string_view to_string(ClockState state);

struct Jam {
  core::Timecode timecode{core::FrameRate::fps25, false};
  std::chrono::system_clock::time_point at;  ///< On the box's wall clock.
  JamHow how = JamHow::time_of_day;
  std::string by;  ///< Who jammed it: a device's name, or "slated".
};

/// The LTC input as the clock last heard of it (filled by the daemon from its LTC reader).
struct LtcSignal {
  std::string input;                ///< "file:/path/ltc.wav", "alsa:hw:1,0"
  bool locked = false;              ///< Frames arrive, one after the other, at the project's rate.
  bool refused = false;             ///< The rate or counting disagrees with the project's.
  bool ended = false;               ///< It was locked and stopped.
  std::optional<std::string> rate;  ///< Measured: "23.976"
  bool drop_frame = false;
  double level_dbfs = -120;
  std::int64_t dropouts = 0;
  std::optional<std::string> date;  ///< From the user bits: "2026-12-01"
  std::string message;              ///< Why it is refused or silent, for the script view.
};

/// The clock as a view shows it.
struct ClockReading {
  core::TimecodeSource source = core::TimecodeSource::time_of_day;
  ClockState state = ClockState::free_run;
  core::Timecode timecode{core::FrameRate::fps25, false};  ///< The reading at `at`.
  std::chrono::system_clock::time_point at;
  std::optional<Jam> jam;
  std::optional<std::chrono::system_clock::time_point> holdover_since;
  /// Frames an hour the clock gains (+) or loses on the box's wall clock since its jam; nullopt
  /// in the first minute.
  std::optional<double> drift_frames_per_hour;
  std::optional<LtcSignal> ltc;
  std::string message;  ///< For a person, when something needs one; else "".
};

struct BoxClockOptions {
  core::TimecodeSource source = core::TimecodeSource::time_of_day;
  /// The local time of day a time-of-day jam is made at, or when the day starts if later.
  std::chrono::minutes jam_at{6 * 60};
  /// Added to time of day ([project] timecode_offset_seconds), for cameras jammed to a clock that
  /// is not the box's.
  std::chrono::milliseconds offset{0};
  /// Where LTC comes from, when it is the source ("alsa:hw:1,0"): named when none is heard.
  std::string ltc_input;
};

/// The two clocks a reading needs: the monotonic one the timecode counts on, and the wall clock
/// that says when a tablet's tap happened. A seam for tests, which step the wall clock.
struct Instants {
  std::chrono::steady_clock::time_point steady;
  std::chrono::system_clock::time_point wall;
};

class BoxClock {
 public:
  using Now = std::function<Instants()>;
  /// `now` defaults to the real clocks; `boot_id` to the kernel's (a monotonic reading means
  /// nothing after a reboot).
  BoxClock(catalogue::Catalogue& catalogue, BoxClockOptions options, Now now = {},
           std::string boot_id = {});

  struct Stamp {
    core::Timecode timecode;
    core::TimecodeSource source;
  };
  /// The timecode at `at` (the box's wall clock) at `rate`: what a roll at that instant is
  /// stamped with, by the jam that held then (or at `jam_of`: a cut is read on the clock its
  /// roll was, so that a jam meanwhile does not change a take's length). Inside the caller's
  /// transaction: the day's time-of-day jam is made here when it is due.
  Stamp stamp(catalogue::Transaction& tx, std::chrono::system_clock::time_point at,
              core::FrameRate rate,
              std::optional<std::chrono::system_clock::time_point> jam_of = std::nullopt);

  /// The clock now, at the current project's rate.
  ClockReading reading();
  /// "Jam now": the clock reads `timecode` at `at` (default now) from then on.
  Outcome<ClockReading> jam(const std::string& timecode,
                            std::optional<std::chrono::system_clock::time_point> at,
                            const std::string& actor);
  /// "Jam from this clip": moves the clock so that the take's roll would have read the clip's
  /// start timecode (the cameras' clock, recovered from what they shot).
  Outcome<ClockReading> jam_from_clip(std::int64_t clip_id, std::int64_t take_id,
                                      const std::string& actor);

  /// From the LTC reader's thread: a frame heard at `instant`, and the input's state.
  void ltc_frame(const core::Timecode& timecode, std::chrono::steady_clock::time_point instant);
  void ltc_signal(const LtcSignal& signal);

 private:
  struct Held {
    std::int64_t id = 0;  ///< Its row in timecode_jams; 0 for none.
    Jam jam;
    std::chrono::steady_clock::time_point steady;
  };
  /// The jam in force at `at`: the latest made by then (the first one for a time before all).
  std::optional<Held> jam_at(catalogue::Database& db, std::chrono::system_clock::time_point at);
  void make_day_jam(catalogue::Transaction& tx, const Instants& now);
  Held keep(catalogue::Transaction& tx, const Jam& jam,
            std::chrono::steady_clock::time_point steady);
  ClockReading reading_at(catalogue::Database& db, const Instants& now);
  std::chrono::steady_clock::time_point steady_of(std::chrono::system_clock::time_point wall,
                                                  const Instants& now) const;
  core::Timecode read(const Held& held, const Instants& instant, core::FrameRate rate,
                      bool drop_frame) const;
  void announce(catalogue::Transaction& tx, const Instants& now);

  catalogue::Catalogue& catalogue_;
  BoxClockOptions options_;
  Now now_;
  std::string boot_id_;
  std::mutex mutex_;
  // LTC, as heard: the last good frame (the clock while locked) and the input's state.
  std::optional<Held> ltc_;
  std::optional<LtcSignal> signal_;
  std::optional<std::chrono::system_clock::time_point> holdover_since_;
};

}  // namespace slate::production
