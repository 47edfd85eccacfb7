#include "production_events.hpp"

#include <nlohmann/json.hpp>

#include <slate/production/shot_list.hpp>

namespace slate::production::events {

namespace {

using nlohmann::json;

// The one place a payload becomes what the catalogue keeps, its text. Bytes that are not UTF-8
// are replaced, never thrown on, so a change is never lost to its event.
std::string payload(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

catalogue::NewEvent event(std::string kind, std::string entity, json value, std::string actor) {
  return {std::move(kind), std::move(entity), payload(value), std::move(actor), {}};
}

json day_object(const Day& day) {
  return {{"id", day.id},
          {"number", day.number},
          {"date", day.date},
          {"unit", to_string(day.unit)},
          {"started_at", day.started_at}};
}

}  // namespace

catalogue::NewEvent project_created(std::int64_t project, const ProjectDefaults& defaults,
                                    const std::string& first_day) {
  return event(
      "project.created", "project/" + std::to_string(project),
      {{"id", project}, {"name", defaults.name}, {"fps", defaults.fps}, {"day", first_day}},
      "slated");
}

catalogue::NewEvent project_updated(std::int64_t project, const ProjectChange& change,
                                    const std::string& actor) {
  json changed = json::object();
  if (change.name) {
    changed["name"] = *change.name;
  }
  if (change.fps) {
    changed["fps"] = core::to_string(*change.fps);
  }
  if (change.cameras) {
    changed["cameras"] = *change.cameras;
  }
  return event("project.updated", "project/" + std::to_string(project), std::move(changed), actor);
}

catalogue::NewEvent shot_list_imported(std::int64_t project, const ImportReport& report,
                                       const std::string& actor) {
  return event("shotlist.imported", "project/" + std::to_string(project),
               {{"scenes_added", report.scenes_added},
                {"scenes_updated", report.scenes_updated},
                {"setups_added", report.setups_added},
                {"setups_updated", report.setups_updated},
                {"rows", report.rows}},
               actor);
}

catalogue::NewEvent scene_added(std::int64_t scene, const std::string& number,
                                std::int64_t first_setup, const std::string& actor) {
  return event("scene.added", "scene/" + std::to_string(scene),
               {{"id", scene}, {"number", number}, {"setup", first_setup}}, actor);
}

catalogue::NewEvent setup_added(const AddedSetup& added, const std::string& actor) {
  const Setup& setup = added.setup;
  return event(
      "setup.added", "setup/" + std::to_string(setup.id),
      {{"id", setup.id},
       {"scene_id", added.scene_id},
       {"scene", added.scene},
       {"letter", setup.letter},
       {"description", setup.description},
       {"cameras", setup.cameras},
       {"characters", setup.characters},
       {"notes", setup.notes},
       {"pages", setup.pages_eighths ? json(format_pages(*setup.pages_eighths)) : json(nullptr)}},
      actor);
}

catalogue::NewEvent day_started(const Day& day, const std::string& actor) {
  return event("day.started", "day/" + std::to_string(day.id), day_object(day), actor);
}

catalogue::NewEvent day_made_current(const Day& day, const std::string& actor) {
  return event("day.current", "day/" + std::to_string(day.id), day_object(day), actor);
}

catalogue::NewEvent day_marked(std::int64_t day, DayMarkKind kind,
                               const std::optional<std::string>& at, const std::string& actor) {
  // The actor is in the payload too: the Daily Progress Report says who marked each time.
  return event("day.marked", "day/" + std::to_string(day),
               {{"day", day},
                {"kind", to_string(kind)},
                {"at", at ? json(*at) : json(nullptr)},
                {"actor", actor}},
               actor);
}

}  // namespace slate::production::events
