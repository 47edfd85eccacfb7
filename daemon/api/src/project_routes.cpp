#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include <slate/api/project_routes.hpp>
#include <slate/production/production_store.hpp>

#include "route_values.hpp"

namespace slate::api {

namespace {

using nlohmann::json;
using production::Refusal;

// ---------------------------------------------------------------------------------------------
// Answers: the store's values as the API's JSON (schemas/api/{project,scenes,days}.schema.json).

json pages_json(const std::optional<int>& eighths) {
  return eighths ? json(production::format_pages(*eighths)) : json(nullptr);
}

// {"call": "2026-12-01T07:00:00.000Z", "lunch_end": …}: only the kinds marked.
json marks_json(const production::Day& day) {
  json marks = json::object();
  for (const auto& mark : day.marks) {
    marks[production::to_string(mark.kind)] = mark.at;
  }
  return marks;
}

json to_json(const production::Day& day) {
  return {{"id", day.id},
          {"number", day.number},
          {"date", day.date},
          {"unit", production::to_string(day.unit)},
          {"started_at", day.started_at},
          {"marks", marks_json(day)}};
}

json listed_json(const production::Day& day) {
  auto listed = to_json(day);
  listed["current"] = day.current;
  listed["takes"] = day.takes;
  return listed;
}

json to_json(const production::Current& current) {
  return {{"project",
           {{"id", current.project.id},
            {"name", current.project.name},
            {"fps", core::to_string(current.project.fps)},
            {"cameras", current.project.cameras}}},
          {"day", current.day ? to_json(*current.day) : json(nullptr)}};
}

json to_json(const production::Setup& setup) {
  return {{"id", setup.id},
          {"letter", setup.letter},
          {"description", setup.description},
          {"cameras", setup.cameras},
          {"characters", setup.characters},
          {"notes", setup.notes},
          {"pages", pages_json(setup.pages_eighths)},
          {"next_take", setup.next_take}};
}

json to_json(const production::AddedSetup& added) {
  auto setup = to_json(added.setup);
  setup["scene_id"] = added.scene_id;
  setup["scene"] = added.scene;
  return setup;
}

json to_json(const production::Scene& scene) {
  json setups = json::array();
  for (const auto& setup : scene.setups) {
    setups.push_back(to_json(setup));
  }
  return {{"id", scene.id},
          {"number", scene.number.text},
          {"omitted", scene.omitted},
          {"int_ext", scene.int_ext},
          {"location", scene.location},
          {"day_night", scene.day_night},
          {"pages", pages_json(scene.pages_eighths)},
          {"description", scene.description},
          {"next_wild", scene.next_wild},
          {"setups", std::move(setups)}};
}

json to_json(const production::ImportReport& report) {
  json errors = json::array();
  for (const auto& error : report.errors) {
    errors.push_back({{"line", error.line},
                      {"column", error.column},
                      {"reason", error.reason},
                      {"message", error.to_string()}});
  }
  return {{"applied", report.applied},           {"errors", std::move(errors)},
          {"scenes_added", report.scenes_added}, {"scenes_updated", report.scenes_updated},
          {"setups_added", report.setups_added}, {"setups_updated", report.setups_updated},
          {"unchanged", report.unchanged}};
}

// ---------------------------------------------------------------------------------------------
// Refusals: the store's kind as a status and a stable code.

Response refusal(const Refusal& refused) {
  const std::string message = refused.message + ".";
  switch (refused.kind) {
    case Refusal::Kind::invalid:
      return Response::error(400, "bad_request", message);
    case Refusal::Kind::not_found:
      return Response::error(404, "not_found", message);
    case Refusal::Kind::conflict:
      return Response::error(409, "conflict", message);
    case Refusal::Kind::undone:
      return Response::error(409, "take_undone", message);
  }
  return Response::error(400, "bad_request", message);
}

Response bad_request(const std::string& message) {
  return refusal(production::invalid(message));
}

template <class T, class Answer>
Response answer(const production::Outcome<T>& outcome, unsigned success, Answer to_body) {
  if (!outcome) {
    return refusal(outcome.error());
  }
  return Response::json(to_body(outcome.value()), success);
}

// ---------------------------------------------------------------------------------------------
// Requests: the body's JSON read into the store's typed changes, each wrong field refused by name.

// A request body: {} when empty; nullopt when it is not JSON.
std::optional<json> body_of(const Request& request) {
  if (request.body.empty()) {
    return json::object();
  }
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return std::nullopt;
  }
  return body;
}

Response not_json() {
  return Response::error(400, "bad_request", "The body is not JSON.");
}
Response bad_id() {
  return Response::error(400, "bad_id", "An id is a whole number from 1.");
}

// A string field: "" when absent or null; a refusal when it is something else.
struct Text {
  std::string value;
  std::optional<Response> refused;
};
Text text_field(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) {
    return {};
  }
  if (!body[key].is_string()) {
    return {{}, bad_request(std::string(key) + " must be a string")};
  }
  return {body[key].get<std::string>(), std::nullopt};
}

// A list of strings ("cameras": ["A", "B"]), or nullopt when it is not one.
std::optional<std::vector<std::string>> string_list(const json& value) {
  if (!value.is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> list;
  for (const auto& item : value) {
    if (!item.is_string()) {
      return std::nullopt;
    }
    list.push_back(item.get<std::string>());
  }
  return list;
}

const char* const kCamerasForm = "cameras must be a list of camera letters, such as [\"A\", \"B\"]";

Response update_project(production::ProductionStore& store, const Request& request) {
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object() || body->empty()) {
    return bad_request("the body must give name, fps or cameras");
  }
  production::ProjectChange change;
  for (const auto& [key, value] : body->items()) {
    if (key == "name") {
      auto name = text_field(*body, "name");
      if (name.refused) {
        return *name.refused;
      }
      change.name = name.value;
    } else if (key == "fps") {
      const auto rate =
          value.is_string() ? core::parse_frame_rate(value.get<std::string>()) : std::nullopt;
      if (!rate) {
        return bad_request(
            "fps must be a timecode rate: 23.976, 24, 25, 29.97, 30, 48, 50, 59.94 or 60");
      }
      change.fps = *rate;
    } else if (key == "cameras") {
      change.cameras = string_list(value);
      if (!change.cameras) {
        return bad_request(kCamerasForm);
      }
    } else {
      return bad_request("a project has no field \"" + key + "\" to change");
    }
  }
  return answer(store.update_project(change, request.actor), 200,
                [](const production::Current& current) { return to_json(current); });
}

Response add_scene(production::ProductionStore& store, const Request& request) {
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object()) {
    return bad_request("the body must be {\"number\": \"12A\"}");
  }
  production::NewScene scene;
  for (const auto& [key, field] :
       {std::pair{"number", &scene.number}, std::pair{"description", &scene.description},
        std::pair{"int_ext", &scene.int_ext}, std::pair{"location", &scene.location},
        std::pair{"day_night", &scene.day_night}}) {
    auto text = text_field(*body, key);
    if (text.refused) {
      return *text.refused;
    }
    *field = std::move(text.value);
  }
  return answer(store.add_scene(scene, request.actor), 201,
                [](const production::Scene& added) { return to_json(added); });
}

Response add_setup(production::ProductionStore& store, const Request& request) {
  const auto id = id_of(request.params.at("id"));
  if (!id) {
    return bad_id();
  }
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object()) {
    return bad_request("the body must be a JSON object ({} for the next letter)");
  }
  production::NewSetup setup;
  for (const auto& [key, field] :
       {std::pair{"letter", &setup.letter}, std::pair{"description", &setup.description}}) {
    auto text = text_field(*body, key);
    if (text.refused) {
      return *text.refused;
    }
    *field = std::move(text.value);
  }
  if (body->contains("cameras")) {
    auto cameras = string_list((*body)["cameras"]);
    if (!cameras) {
      return bad_request(kCamerasForm);
    }
    setup.cameras = std::move(*cameras);
  }
  return answer(store.add_setup(*id, setup, request.actor), 201,
                [](const production::AddedSetup& added) { return to_json(added); });
}

Response add_day(production::ProductionStore& store, const Request& request) {
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object()) {
    return bad_request("the body must be a JSON object ({} for today, main unit)");
  }
  production::NewDay day;
  auto date = text_field(*body, "date");
  if (date.refused) {
    return *date.refused;
  }
  day.date = std::move(date.value);
  auto unit = text_field(*body, "unit");
  if (unit.refused) {
    return *unit.refused;
  }
  if (!unit.value.empty()) {
    const auto parsed = production::parse_unit(unit.value);
    if (!parsed) {
      return bad_request("unit must be main, second or splinter");
    }
    day.unit = *parsed;
  }
  return answer(store.add_day(day, request.actor), 201,
                [](const production::Day& started) { return to_json(started); });
}

Response set_current_day(production::ProductionStore& store, const Request& request) {
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object() || !body->contains("id") || !(*body)["id"].is_number_integer()) {
    return bad_request("the body must be {\"id\": 3}, a day's id");
  }
  return answer(store.set_current_day((*body)["id"].get<std::int64_t>(), request.actor), 200,
                [](const production::Day& day) { return to_json(day); });
}

// A mark's kind as a URL spells it: "call", "lunch", "lunch-end", "wrap" (hyphens in paths, as
// the CLI takes them; the JSON and the catalogue write lunch_end).
std::optional<production::DayMarkKind> mark_kind_of(const std::string& segment) {
  for (const auto kind : production::kDayMarkKinds) {
    std::string spelled = production::to_string(kind);
    std::replace(spelled.begin(), spelled.end(), '_', '-');
    if (segment == spelled) {
      return kind;
    }
  }
  return std::nullopt;
}

Response unknown_mark_kind(const std::string& segment) {
  return Response::error(404, "not_found",
                         "A day has no mark \"" + segment.substr(0, 32) +
                             "\"; its marks are call, lunch, lunch-end and wrap.");
}

// The day and the mark a marks URL names (/api/v1/days/{id}/marks/{kind}), or the refusal.
std::variant<std::pair<std::int64_t, production::DayMarkKind>, Response> mark_of(
    const Request& request) {
  const auto id = id_of(request.params.at("id"));
  if (!id) {
    return bad_id();
  }
  const auto kind = mark_kind_of(request.params.at("kind"));
  if (!kind) {
    return unknown_mark_kind(request.params.at("kind"));
  }
  return std::pair{*id, *kind};
}

Response mark_day(production::ProductionStore& store, const Request& request) {
  const auto mark = mark_of(request);
  if (const auto* refused = std::get_if<Response>(&mark)) {
    return *refused;
  }
  const auto [id, kind] = std::get<0>(mark);
  const auto body = body_of(request);
  if (!body) {
    return not_json();
  }
  if (!body->is_object()) {
    return bad_request("the body must be {\"at\": \"2026-12-01T07:00:00.000Z\"}, or {} for now");
  }
  for (const auto& [key, value] : body->items()) {
    if (key != "at") {
      return bad_request("a day mark has no field \"" + key + "\"; it takes only at");
    }
  }
  std::optional<std::string> at;
  if (body->contains("at") && !(*body)["at"].is_null()) {
    if (!(*body)["at"].is_string()) {
      return bad_request("at must be a UTC time in ISO 8601, such as \"2026-12-01T07:00:00.000Z\"");
    }
    at = (*body)["at"].get<std::string>();
  }
  return answer(store.mark_day(id, kind, at, request.actor), 200,
                [](const production::Day& day) { return to_json(day); });
}

Response clear_day_mark(production::ProductionStore& store, const Request& request) {
  const auto mark = mark_of(request);
  if (const auto* refused = std::get_if<Response>(&mark)) {
    return *refused;
  }
  const auto [id, kind] = std::get<0>(mark);
  return answer(store.clear_day_mark(id, kind, request.actor), 200,
                [](const production::Day& day) { return to_json(day); });
}

Response import_shot_list(production::ProductionStore& store, const Request& request) {
  const auto dry_run = request.query_value("dry_run");
  if (dry_run && *dry_run != "true" && *dry_run != "false") {
    return Response::error(400, "bad_request", "dry_run is true or false.");
  }
  if (request.body.empty()) {
    return Response::error(400, "bad_request",
                           "The body must be the shot list, a CSV file (see "
                           "schemas/shotlist.md).");
  }
  const auto report = store.import_shot_list(request.body, dry_run && *dry_run == "true",
                                             request.actor.empty() ? "api" : request.actor);
  if (!report) {
    return refusal(report.error());
  }
  return Response::json(to_json(*report), report->errors.empty() ? 200 : 422);
}

}  // namespace

void add_project_routes(Router& router, production::ProductionStore& store) {
  router.add("GET", "/api/v1/project", Right::read, [&store](Request&) {
    const auto current = store.current();
    return Response::json(current ? to_json(*current) : json(nullptr));
  });
  router.add("PATCH", "/api/v1/project", Right::settings,
             [&store](Request& request) { return update_project(store, request); });
  router.add("GET", "/api/v1/scenes", Right::read, [&store](Request&) {
    json scenes = json::array();
    for (const auto& scene : store.scenes()) {
      scenes.push_back(to_json(scene));
    }
    return Response::json({{"scenes", std::move(scenes)}});
  });
  router.add("POST", "/api/v1/scenes", Right::log,
             [&store](Request& request) { return add_scene(store, request); });
  router.add("POST", "/api/v1/scenes/{id}/setups", Right::log,
             [&store](Request& request) { return add_setup(store, request); });
  router.add("GET", "/api/v1/days", Right::read, [&store](Request&) {
    json days = json::array();
    for (const auto& day : store.days()) {
      days.push_back(listed_json(day));
    }
    return Response::json({{"days", std::move(days)}});
  });
  router.add("POST", "/api/v1/days", Right::days,
             [&store](Request& request) { return add_day(store, request); });
  // {"id": 3}: which day tablets and imports are about from now on.
  router.add("PUT", "/api/v1/days/current", Right::days,
             [&store](Request& request) { return set_current_day(store, request); });
  // The script supervisor's times of the day for the Daily Progress Report: {"at": "…Z"} or {}
  // for now. They log the day as they log takes, so the right is the log's, not the DIT's days.
  router.add("PUT", "/api/v1/days/{id}/marks/{kind}", Right::log,
             [&store](Request& request) { return mark_day(store, request); });
  router.add("DELETE", "/api/v1/days/{id}/marks/{kind}", Right::log,
             [&store](Request& request) { return clear_day_mark(store, request); });
  // The body is the CSV file itself; ?dry_run=true reports what would change and changes nothing.
  router.add("POST", "/api/v1/shotlist", Right::log,
             [&store](Request& request) { return import_shot_list(store, request); });
}

}  // namespace slate::api
