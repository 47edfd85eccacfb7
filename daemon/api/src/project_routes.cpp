#include <charconv>

#include <slate/api/production_routes.hpp>

namespace slate::api {

using production::ProductionError;

namespace {

std::optional<std::int64_t> id_of(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0
             ? std::optional(value)
             : std::nullopt;
}

// A refused change as its status, with a stable code and the reason.
Response refusal(const ProductionError& error) {
  const char* code = error.status() == 404   ? "not_found"
                     : error.status() == 409 ? "conflict"
                                             : "bad_request";
  return Response::error(error.status(), code, std::string(error.what()) + ".");
}

// Runs a request that changes the shot list or the days: the body is JSON, the path's {id} (when
// there is one) a whole number, and refusals become their statuses.
template <class Action>
Response production_request(Request& request, unsigned success, Action action) {
  std::int64_t id = 0;
  if (const auto found = request.params.find("id"); found != request.params.end()) {
    const auto parsed = id_of(found->second);
    if (!parsed) {
      return Response::error(400, "bad_id", "An id is a whole number from 1.");
    }
    id = *parsed;
  }
  const auto body = request.body.empty() ? nlohmann::json::object()
                                         : nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return Response::error(400, "bad_request", "The body is not JSON.");
  }
  try {
    return Response::json(action(body, id), success);
  } catch (const ProductionError& error) {
    return refusal(error);
  }
}

}  // namespace

void add_project_routes(Router& router, production::ProductionStore& store) {
  router.add("GET", "/api/v1/project", Right::read,
             [&store](Request&) { return Response::json(store.current()); });
  router.add("PATCH", "/api/v1/project", Right::settings, [&store](Request& request) {
    return production_request(request, 200, [&](const nlohmann::json& body, std::int64_t) {
      return store.update_project(body, request.actor);
    });
  });
  router.add("GET", "/api/v1/scenes", Right::read, [&store](Request&) {
    return Response::json({{"scenes", store.scenes()}});
  });
  router.add("POST", "/api/v1/scenes", Right::log, [&store](Request& request) {
    return production_request(request, 201, [&](const nlohmann::json& body, std::int64_t) {
      return store.add_scene(body, request.actor);
    });
  });
  router.add("POST", "/api/v1/scenes/{id}/setups", Right::log, [&store](Request& request) {
    return production_request(request, 201, [&](const nlohmann::json& body, std::int64_t id) {
      return store.add_setup(id, body, request.actor);
    });
  });
  router.add("GET", "/api/v1/days", Right::read, [&store](Request&) {
    return Response::json({{"days", store.days()}});
  });
  router.add("POST", "/api/v1/days", Right::days, [&store](Request& request) {
    return production_request(request, 201, [&](const nlohmann::json& body, std::int64_t) {
      return store.add_day(body, request.actor);
    });
  });
  // {"id": 3}: which day tablets and imports are about from now on.
  router.add("PUT", "/api/v1/days/current", Right::days, [&store](Request& request) {
    return production_request(request, 200, [&](const nlohmann::json& body, std::int64_t) {
      if (!body.is_object() || !body.contains("id") || !body["id"].is_number_integer()) {
        throw ProductionError(400, "the body must be {\"id\": 3}, a day's id");
      }
      return store.set_current_day(body["id"].get<std::int64_t>(), request.actor);
    });
  });
  // The body is the CSV file itself; ?dry_run=true reports what would change and changes nothing.
  router.add("POST", "/api/v1/shotlist", Right::log, [&store](Request& request) {
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
    return Response::json(report.to_json(), report.errors.empty() ? 200 : 422);
  });
}

}  // namespace slate::api
