#pragma once
/// The production's log in the catalogue: the current project and shooting day, and the shot list
/// (scenes and their setups) imported from CSV.

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/production/shot_list.hpp>

namespace slate::production {

struct ProjectDefaults {
  std::string name = "Untitled";
  std::string fps = "23.976";  ///< One of core::FrameRate's names.
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

  nlohmann::json to_json() const;
};

/// A change to the production refused: `status` is the HTTP status it means (400, 404, 409).
class ProductionError : public std::runtime_error {
 public:
  ProductionError(unsigned status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

/// The box's own date, YYYY-MM-DD in its time zone: a shooting day is a local day.
std::string local_date_today();

class ProductionStore {
 public:
  explicit ProductionStore(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// A fresh catalogue gets its first project (from the config) and a first shooting day on
  /// `today` (YYYY-MM-DD); an existing one keeps its own.
  void ensure_current(const ProjectDefaults& defaults, const std::string& today);
  /// {"project": {...}, "day": {...}}.
  nlohmann::json current();
  /// Renames the current project, or changes its cameras ["A", "B", "C"] or its rate (only while
  /// it has no takes: their timecodes are at the rate they were logged at). Answers current().
  nlohmann::json update_project(const nlohmann::json& patch, const std::string& actor);

  /// Imports a shot list into the current project, all or nothing: a file with any error changes
  /// nothing. Importing again merges by scene and setup: new ones are added, the file's non-empty
  /// values replace the stored ones, and nothing is ever deleted. A dry run reports the same
  /// counts and changes nothing.
  ImportReport import_shot_list(std::string_view csv, bool dry_run, const std::string& actor);

  /// The current project's scenes in script order, each with its setups.
  nlohmann::json scenes();

  /// Adds a scene on set ({"number": "12A", "description", "int_ext", "location", "day_night"}),
  /// with its first setup A so that it can be rolled at once. 409 when the number is taken.
  nlohmann::json add_scene(const nlohmann::json& body, const std::string& actor);
  /// Adds a setup to a scene: the next letter (skipping I and O) unless one is given;
  /// {"letter", "description", "cameras": ["A", "B"]}.
  nlohmann::json add_setup(std::int64_t scene_id, const nlohmann::json& body,
                           const std::string& actor);

  /// The current project's shooting days, in order, with how many takes each has.
  nlohmann::json days();
  /// Starts a new shooting day and makes it current: {"date": "YYYY-MM-DD", "unit": "main"}, the
  /// date defaulting to today and the number to the unit's next.
  nlohmann::json add_day(const nlohmann::json& body, const std::string& actor);
  /// Makes an existing day of the current project the current day.
  nlohmann::json set_current_day(std::int64_t day_id, const std::string& actor);

 private:
  catalogue::Catalogue& catalogue_;
};

}  // namespace slate::production
