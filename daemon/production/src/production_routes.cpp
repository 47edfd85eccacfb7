#include <charconv>

#include <slate/core/clock.hpp>
#include <slate/production/production_routes.hpp>

namespace slate::production {

namespace {

std::optional<std::int64_t> id_of(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0
             ? std::optional(value)
             : std::nullopt;
}

// A refused change as its status, with a stable code and the reason.
api::Response refusal(const ProductionError& error) {
  const char* code = error.status() == 404   ? "not_found"
                     : error.status() == 409 ? "conflict"
                                             : "bad_request";
  return api::Response::error(error.status(), code, std::string(error.what()) + ".");
}

// Runs a take request, turning its refusals into their statuses.
template <class Action>
api::Response take_request(api::Request& request, Action action) {
  const auto id = id_of(request.params.at("id"));
  if (!id) {
    return api::Response::error(400, "bad_id", "An id is a whole number from 1.");
  }
  try {
    nlohmann::json body = nlohmann::json::object();
    if (!request.body.empty()) {
      body = nlohmann::json::parse(request.body, nullptr, false);
      if (body.is_discarded()) {
        return api::Response::error(400, "bad_request", "The body is not JSON.");
      }
    }
    return api::Response::json(action(*id, body));
  } catch (const ProductionError& error) {
    return refusal(error);
  }
}

// When a roll or cut happened: now, or the "at" a tablet sends with a mark it made offline and
// sends later (its clock corrected by the box's, ISO 8601 UTC). At most a day old. A time ahead of
// the box's clock is a tablet whose clock is off and not yet set by the box: the box's now is the
// best guess, and refusing would lose the mark.
std::chrono::system_clock::time_point mark_time(const nlohmann::json& body) {
  const auto now = std::chrono::system_clock::now();
  if (!body.is_object() || !body.contains("at")) {
    return now;
  }
  const auto at =
      body["at"].is_string() ? core::parse_utc(body["at"].get<std::string>()) : std::nullopt;
  if (!at) {
    throw TakeError(400, "\"at\" must be a UTC time such as 2026-11-27T10:00:00.000Z");
  }
  if (*at < now - std::chrono::hours(24)) {
    throw TakeError(400, "\"at\" must be within the last 24 hours (the box's clock says " +
                             core::utc_text(now) + ")");
  }
  return std::min(*at, now);
}

}  // namespace

void add_production_routes(api::Router& router, ProductionStore&, TakeStore& takes) {
  router.add("POST", "/api/v1/setups/{id}/roll", api::Right::log, [&takes](api::Request& request) {
    return take_request(request, [&](std::int64_t id, const nlohmann::json& body) {
      return takes.roll(id, body, request.actor, mark_time(body));
    });
  });
  router.add("POST", "/api/v1/takes/{id}/cut", api::Right::log, [&takes](api::Request& request) {
    return take_request(request, [&](std::int64_t id, const nlohmann::json& body) {
      return takes.cut(id, request.actor, mark_time(body));
    });
  });
  router.add("PATCH", "/api/v1/takes/{id}", api::Right::mark, [&takes](api::Request& request) {
    return take_request(request, [&](std::int64_t id, const nlohmann::json& body) {
      return takes.update(id, body, request.actor);
    });
  });
  // {"take": 12} attaches a clip to a take by hand, {"take": null} detaches it; matching by
  // timecode never changes either.
  router.add("PUT", "/api/v1/clips/{id}/take", api::Right::log, [&takes](api::Request& request) {
    return take_request(request, [&](std::int64_t id, const nlohmann::json& body) {
      if (!body.is_object() || !body.contains("take") ||
          !(body["take"].is_null() ||
            (body["take"].is_number_integer() && body["take"].get<std::int64_t>() > 0))) {
        throw TakeError(400, "the body must be {\"take\": ID} or {\"take\": null}");
      }
      return takes.assign(id, body["take"].is_null() ? 0 : body["take"].get<std::int64_t>(),
                          request.actor);
    });
  });
  // Undo is per device: a tablet takes back its own last change, never another's.
  router.add("POST", "/api/v1/undo", api::Right::mark, [&takes](api::Request& request) {
    try {
      return api::Response::json(takes.undo(request.actor));
    } catch (const TakeError& error) {
      return api::Response::error(error.status(), "nothing_to_undo",
                                  std::string(error.what()) + ".");
    }
  });
  router.add("GET", "/api/v1/takes", api::Right::read, [&takes](api::Request& request) {
    TakeFilter filter;
    if (const auto text = request.query_value("day")) {
      const auto id = id_of(*text);
      if (!id) {
        return api::Response::error(400, "bad_id", "A day is a whole number from 1.");
      }
      filter.day = *id;
    }
    filter.scene = request.query_value("scene").value_or("");
    filter.status = request.query_value("status").value_or("");
    filter.camera = request.query_value("camera").value_or("");
    if (filter.scene.size() > 32 || filter.camera.size() > 8) {
      return api::Response::error(400, "bad_filter", "scene or camera is too long.");
    }
    if (!filter.status.empty() && filter.status != "none" && filter.status != "circled" &&
        filter.status != "hold" && filter.status != "ng" && filter.status != "false_start") {
      return api::Response::error(400, "bad_filter",
                                  "status is none, circled, hold, ng or false_start.");
    }
    if (const auto flagged = request.query_value("flagged")) {
      if (*flagged != "true" && *flagged != "false") {
        return api::Response::error(400, "bad_filter", "flagged is true or false.");
      }
      filter.flagged = *flagged == "true";
    }
    api::Response response;
    response.body = takes.list_text(filter);
    return response;
  });
  router.add("GET", "/api/v1/unmatched-clips", api::Right::read, [&takes](api::Request&) {
    return api::Response::json({{"clips", takes.unmatched_clips()}});
  });
}

}  // namespace slate::production
