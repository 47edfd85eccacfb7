#pragma once
/// The production's log in the catalogue: the current project and shooting day, the shooting days,
/// and the shot list (scenes and their setups) imported from CSV or grown on set. Typed values in,
/// typed values or a Refusal out; the HTTP layer maps them to JSON and statuses.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/core/timecode.hpp>
#include <slate/production/numbering.hpp>
#include <slate/production/refusal.hpp>
#include <slate/production/shot_list.hpp>

namespace slate::production {

struct ProjectDefaults {
  std::string name = "Untitled";
  std::string fps = "23.976";  ///< One of core::FrameRate's names.
};

/// The longest project name, in bytes.
inline constexpr std::size_t kMaxProjectNameBytes = 200;

struct Project {
  std::int64_t id = 0;
  std::string name;
  core::FrameRate fps = core::FrameRate::fps24;  ///< The rate takes are logged at.
  std::vector<std::string> cameras;              ///< "A", "B": what a setup without its own rolls.
};

/// A change to the current project; what is not set stays as it is.
struct ProjectChange {
  std::optional<std::string> name;
  /// Only while the project has no takes at another rate: their timecodes are at the rate they
  /// were logged at.
  std::optional<core::FrameRate> fps;
  std::optional<std::vector<std::string>> cameras;  ///< Checked by parse_cameras; at least one.
};

enum class Unit { main, second, splinter };
/// "main", "second", "splinter".
const char* to_string(Unit unit);
std::optional<Unit> parse_unit(std::string_view text);

/// The times the script supervisor marks on a day, for the Daily Progress Report: crew call, lunch,
/// back from lunch, camera wrap.
enum class DayMarkKind { call, lunch, lunch_end, wrap };
inline constexpr std::array kDayMarkKinds = {DayMarkKind::call, DayMarkKind::lunch,
                                             DayMarkKind::lunch_end, DayMarkKind::wrap};
/// "call", "lunch", "lunch_end", "wrap": as the catalogue, events and JSON name them.
const char* to_string(DayMarkKind kind);
std::optional<DayMarkKind> parse_day_mark_kind(std::string_view text);

struct DayMark {
  DayMarkKind kind = DayMarkKind::call;
  std::string at;  ///< When it happened: UTC ISO 8601 with milliseconds.
};

struct Day {
  std::int64_t id = 0;
  int number = 0;    ///< Per unit, from 1.
  std::string date;  ///< YYYY-MM-DD, the box's local date the day was started for.
  Unit unit = Unit::main;
  /// When it was started, UTC ISO 8601 with milliseconds ("2026-12-01T06:30:00.000Z"): the days'
  /// start times map a clip's recorded time to its shooting day. Days from before start times were
  /// kept start at 00:00 UTC of their date.
  std::string started_at;
  std::int64_t takes = 0;      ///< How many takes were rolled on it.
  bool current = false;        ///< The project's current day.
  std::vector<DayMark> marks;  ///< Those marked, in the order of kDayMarkKinds.

  /// The time of the day's mark of `kind`, if it is marked.
  std::optional<std::string> mark(DayMarkKind kind) const;
};

/// A new shooting day; it becomes the current one.
struct NewDay {
  std::string date;  ///< YYYY-MM-DD; empty: the local date at the day's start.
  Unit unit = Unit::main;
};

/// The current project and its current day (none only in a catalogue with no day yet).
struct Current {
  Project project;
  std::optional<Day> day;
};

struct Setup {
  std::int64_t id = 0;
  std::string letter;  ///< "A" … skipping I and O.
  std::string description;
  std::vector<std::string> cameras;  ///< Empty: the project's.
  std::vector<std::string> characters;
  std::string notes;
  std::optional<int> pages_eighths;
  /// The number the next picture take of the setup gets: 1 + the highest any picture take of it
  /// ever had, on any day, undone ones included (numbers are never given twice).
  int next_take = 1;
};

struct Scene {
  std::int64_t id = 0;
  SceneNumber number;  ///< Its text is what the script prints: "12A".
  std::string description;
  std::string int_ext;  ///< "INT", "EXT", "INT/EXT" or empty.
  std::string location;
  std::string day_night;
  std::optional<int> pages_eighths;
  bool omitted = false;
  /// The number the scene's next wild track gets (WT1, WT2 …: numbered per scene, on their own).
  int next_wild = 1;
  std::vector<Setup> setups;  ///< In letter order: A … Z, AA.
};

/// A scene added on set; it comes with setup A, so it can be rolled at once.
struct NewScene {
  std::string number;  ///< As typed: "12a", "OMIT 14"; parse_scene reads it.
  std::string description;
  std::string int_ext;
  std::string location;
  std::string day_night;
};

/// A setup added on set.
struct NewSetup {
  std::string letter;  ///< Empty: the scene's next (skipping I and O).
  std::string description;
  std::vector<std::string> cameras;  ///< Checked by parse_cameras; empty: the project's.
};

/// A setup just added, with the scene it belongs to.
struct AddedSetup {
  std::int64_t scene_id = 0;
  std::string scene;  ///< The scene's number: "12A".
  Setup setup;
};

/// What importing a shot list did, or would do (dry run), or why it did nothing.
struct ImportReport {
  bool applied = false;
  std::vector<ShotListError> errors;  ///< Any error: nothing was imported.
  int scenes_added = 0;
  int scenes_updated = 0;
  int setups_added = 0;
  int setups_updated = 0;
  int unchanged = 0;
  std::size_t rows = 0;  ///< Rows the file holds.
};

/// The box's own date, YYYY-MM-DD in its time zone: a shooting day is a local day.
std::string local_date_today();
/// The local date at `time`.
std::string local_date(std::chrono::system_clock::time_point time);

class ProductionStore {
 public:
  using Clock = std::chrono::system_clock;

  explicit ProductionStore(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// A fresh catalogue gets its first project (from the config) and a first shooting day on
  /// `today` (YYYY-MM-DD) started `now`; an existing one keeps its own.
  void ensure_current(const ProjectDefaults& defaults, const std::string& today,
                      Clock::time_point now = Clock::now());
  /// The current project and day; nullopt before ensure_current.
  std::optional<Current> current();
  /// Changes the current project's name, rate or cameras; answers the project as it now is.
  Outcome<Current> update_project(const ProjectChange& change, const std::string& actor);

  /// Imports a shot list into the current project, all or nothing: a file with any error changes
  /// nothing (the errors are in the report). Importing again merges by scene and setup: new ones
  /// are added, the file's non-empty values replace the stored ones, and nothing is ever deleted.
  /// A dry run makes the same changes, counts them and rolls them back.
  Outcome<ImportReport> import_shot_list(std::string_view csv, bool dry_run,
                                         const std::string& actor);

  /// The current project's scenes in script order, each with its setups and next numbers.
  std::vector<Scene> scenes();
  /// Adds a scene with its setup A; refused (conflict) when its number is in the shot list.
  Outcome<Scene> add_scene(const NewScene& scene, const std::string& actor);
  /// Adds a setup to a scene of the current project.
  Outcome<AddedSetup> add_setup(std::int64_t scene_id, const NewSetup& setup,
                                const std::string& actor);

  /// The current project's shooting days, in order, with how many takes each has.
  std::vector<Day> days();
  /// Starts a new shooting day `now` and makes it current, numbered the unit's next.
  Outcome<Day> add_day(const NewDay& day, const std::string& actor,
                       Clock::time_point now = Clock::now());
  /// Makes an existing day of the current project the current day.
  Outcome<Day> set_current_day(std::int64_t day_id, const std::string& actor);
  /// Marks the time of a day's call, lunch, back from lunch or wrap, replacing any earlier mark of
  /// the kind: at `at_utc` (ISO 8601 UTC, with or without milliseconds), or `now` without one. A
  /// tablet that was offline sends the time it was tapped. Refused for a day of another project,
  /// and for a back from lunch before lunch or a wrap before call.
  Outcome<Day> mark_day(std::int64_t day_id, DayMarkKind kind, std::optional<std::string> at_utc,
                        const std::string& actor, Clock::time_point now = Clock::now());
  /// Clears a day's mark of `kind`; a kind not marked is left as it is, with no event.
  Outcome<Day> clear_day_mark(std::int64_t day_id, DayMarkKind kind, const std::string& actor);

 private:
  catalogue::Catalogue& catalogue_;
};

}  // namespace slate::production
