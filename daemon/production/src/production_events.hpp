#pragma once
// The events the production store appends, each built from typed values. Their payloads are JSON
// made here and nowhere else in the store, so that what the log keeps of a change is read in one
// place (schemas/api/event-stream.schema.json describes them).

#include <cstdint>
#include <optional>
#include <string>

#include <slate/catalogue/event.hpp>
#include <slate/production/production_store.hpp>

namespace slate::production::events {

catalogue::NewEvent project_created(std::int64_t project, const ProjectDefaults& defaults,
                                    const std::string& first_day);
/// Only what the change set.
catalogue::NewEvent project_updated(std::int64_t project, const ProjectChange& change,
                                    const std::string& actor);
catalogue::NewEvent shot_list_imported(std::int64_t project, const ImportReport& report,
                                       const std::string& actor);
catalogue::NewEvent scene_added(std::int64_t scene, const std::string& number,
                                std::int64_t first_setup, const std::string& actor);
catalogue::NewEvent setup_added(const AddedSetup& added, const std::string& actor);
catalogue::NewEvent day_started(const Day& day, const std::string& actor);
catalogue::NewEvent day_made_current(const Day& day, const std::string& actor);
/// A day's mark set (`at`) or cleared (nullopt).
catalogue::NewEvent day_marked(std::int64_t day, DayMarkKind kind,
                               const std::optional<std::string>& at, const std::string& actor);

}  // namespace slate::production::events
