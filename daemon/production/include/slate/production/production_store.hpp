#pragma once
/// The production's log in the catalogue: the current project and shooting day, and the shot list
/// (scenes and their setups) imported from CSV.

#include <nlohmann/json.hpp>
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

class ProductionStore {
 public:
  explicit ProductionStore(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

  /// A fresh catalogue gets its first project (from the config) and a first shooting day on
  /// `today` (YYYY-MM-DD); an existing one keeps its own.
  void ensure_current(const ProjectDefaults& defaults, const std::string& today);
  /// {"project": {...}, "day": {...}}.
  nlohmann::json current();

  /// Imports a shot list into the current project, all or nothing: a file with any error changes
  /// nothing. Importing again merges by scene and setup: new ones are added, the file's non-empty
  /// values replace the stored ones, and nothing is ever deleted. A dry run reports the same
  /// counts and changes nothing.
  ImportReport import_shot_list(std::string_view csv, bool dry_run, const std::string& actor);

  /// The current project's scenes in script order, each with its setups.
  nlohmann::json scenes();

 private:
  catalogue::Catalogue& catalogue_;
};

}  // namespace slate::production
