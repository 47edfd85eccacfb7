#pragma once
/// A take as the log holds it: rolled and cut on a setup, stamped to the millisecond with the
/// appliance clock and with timecode at the project rate, marked by the script supervisor and the
/// director, and the clips the cameras recorded during it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/core/timecode_clock.hpp>

namespace slate::production {

enum class TakeStatus { none, circled, hold, ng, false_start };
enum class TakeKind { normal, pickup, series };

std::string_view to_string(TakeStatus status);
std::optional<TakeStatus> parse_take_status(std::string_view text);
std::string_view to_string(TakeKind kind);
std::optional<TakeKind> parse_take_kind(std::string_view text);

/// How a take is written everywhere (CLI, every view, exports): scene, a dash, the setup, a
/// slash, the take — `12A-A/3`, `12-AA/1` — so that scene 12A setup A never reads like scene 12
/// setup AA. Wild tracks are numbered per scene and have no setup: `12A/WT2`.
struct TakeName {
  std::string scene;  ///< "12A"
  std::string setup;  ///< "A"; unused for a wild track
  int number = 0;
  bool wild = false;

  std::string to_string() const;
  /// The inverse of to_string; nullopt for text that is not a take name.
  static std::optional<TakeName> parse(std::string_view text);
  bool operator==(const TakeName&) const = default;
};

/// A clip on a take.
struct TakeClip {
  std::int64_t id = 0;
  std::string name;
  std::string camera;  ///< "A"
  std::string reel;    ///< "A001"
  std::optional<std::string> start_tc;
  std::optional<std::string> end_tc;
  bool manual = false;  ///< Assigned by a person, not by timecode.
};

struct Take {
  std::int64_t id = 0;
  std::int64_t setup_id = 0;
  std::int64_t day_id = 0;
  std::string scene;
  std::string setup;
  int number = 0;
  TakeKind kind = TakeKind::normal;
  bool wild = false;
  bool mos = false;
  bool vfx = false;
  TakeStatus status = TakeStatus::none;
  bool flagged = false;
  std::string notes;
  std::vector<std::string> cameras;
  std::string rate;       ///< "23.976": the rate its timecodes are at
  std::string rolled_at;  ///< UTC to the millisecond
  std::string roll_tc;
  /// Which clock stamped it: time of day, a jam by hand, or LTC.
  core::TimecodeSource tc_source = core::TimecodeSource::time_of_day;
  std::optional<std::string> cut_at;
  std::optional<std::string> cut_tc;
  bool undone = false;  ///< Taken back: out of the log; its number and id are never reused.
  std::optional<int> renumbered_from;  ///< The number the slate said, when renumbered by hand.
  std::vector<std::int64_t> clash;     ///< Other live takes with the same number.
  std::vector<std::string> warnings;   ///< "A001C003 also runs through this take; it is on 12-A/4"
  std::vector<TakeClip> clips;
  /// Changes whenever anything above changes, this take's or what it shows of others (a clash,
  /// a warning, a clip's timecode): a view holding a take at its revision holds it exactly.
  std::int64_t revision = 0;

  TakeName name() const { return {scene, setup, number, wild}; }
};

/// What a roll asks for. Empty fields take the setup's (cameras) or the box's (number, time).
struct RollRequest {
  std::optional<std::vector<std::string>> cameras;
  TakeKind kind = TakeKind::normal;
  bool wild = false;  ///< A wild track, chosen at roll: numbered WT1, WT2 … per scene.
  bool mos = false;
  bool vfx = false;
  /// The number the tablet showed when it rolled: what the slate said. It is kept even when
  /// another take has it meanwhile (both are then flagged as a clash).
  std::optional<int> number;
  /// When the tablet rolled (offline rolls send it later); nullopt: now. With a time, a roll is
  /// accepted even while another take of the setup is still rolling (the offline case).
  std::optional<std::chrono::system_clock::time_point> at;
};

/// Marks to change on a take; empty fields stay as they are.
struct TakeChange {
  std::optional<TakeStatus> status;
  std::optional<bool> flagged;
  std::optional<std::string> notes;
  std::optional<bool> mos;
  std::optional<bool> vfx;
  /// Renumbering by hand, how a clash is resolved: refused when the number is in use.
  std::optional<int> number;

  bool empty() const { return !status && !flagged && !notes && !mos && !vfx && !number; }
};

/// What an undo took back.
struct Undo {
  enum class What { roll, cut, marks, number, voided, restamp };
  std::int64_t take_id = 0;  ///< 0 for a re-stamp, which is of a day
  TakeName name;
  What what = What::marks;
  std::string message;  ///< "Undid the roll of 12A-A/3; its number is not given again."
};
std::string_view to_string(Undo::What what);

/// A day's takes moved in timecode, to mend a wrong jam.
struct Restamp {
  std::int64_t day_id = 0;
  std::int64_t frames = 0;  ///< Added to every roll and cut timecode, at each take's rate.
  int takes = 0;            ///< How many takes moved.
  int matched = 0;          ///< Clips that found their take once it moved.
};

/// A clip's assignment to a take, or to none.
struct Assignment {
  std::int64_t clip_id = 0;
  std::optional<std::int64_t> take_id;
  bool manual = true;
};

/// A clip on no take, and why.
struct UnmatchedClip {
  std::int64_t id = 0;
  std::string name;
  std::string camera;
  std::string roll;
  std::optional<std::string> start_tc;
  std::optional<std::string> end_tc;
  std::optional<std::string> rate;
  std::string
      reason;  ///< "no timecode", "no take overlaps", "camera unknown", "unassigned by hand"
};

/// Which takes a listing holds; empty fields do not filter.
struct TakeFilter {
  std::int64_t day = 0;  ///< 0: the current day
  std::string scene;     ///< "12A"
  std::optional<TakeStatus> status;
  std::string camera;  ///< takes this camera rolled on: "B"
  std::optional<bool> flagged;
};

/// A take of a listing, by id and revision.
struct ListedTake {
  std::int64_t id = 0;
  std::int64_t revision = 0;
};

/// A listing and the event sequence the catalogue stood at when it was made: a listing made at
/// the same sequence is the same. `order` is every take listed, in roll order; `takes` holds those
/// of them the caller does not already hold at their revision, in the same order (all of them
/// when the caller holds none).
struct TakeListing {
  std::int64_t sequence = 0;
  std::vector<ListedTake> order;
  std::vector<Take> takes;
};

}  // namespace slate::production
