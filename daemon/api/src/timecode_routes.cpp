// The box's clock over HTTP: GET answers the reading in the form its events carry
// (production::to_payload), and a jam is a request read into the clock's values.

#include <nlohmann/json.hpp>

#include <slate/api/timecode_routes.hpp>
#include <slate/core/clock.hpp>
#include <slate/production/clock_events.hpp>

namespace slate::api {

namespace {

using nlohmann::json;

Response reading_answer(const production::Outcome<production::ClockReading>& outcome) {
  if (!outcome) {
    const auto& refusal = outcome.error();
    switch (refusal.kind) {
      case production::Refusal::Kind::not_found:
        return Response::error(404, "not_found", refusal.message + ".");
      case production::Refusal::Kind::conflict:
      case production::Refusal::Kind::undone:
        return Response::error(409, "conflict", refusal.message + ".");
      case production::Refusal::Kind::invalid:
        break;
    }
    return Response::error(400, "bad_request", refusal.message + ".");
  }
  Response response;
  response.body = production::to_payload(*outcome);
  return response;
}

Response jam(production::BoxClock& clock, const Request& request) {
  const auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Response::error(400, "bad_request",
                           "The body must be {\"timecode\": \"07:00:00:00\"} or "
                           "{\"clip\": ID, \"take\": ID}.");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "timecode" && key != "at" && key != "clip" && key != "take") {
      return Response::error(
          400, "bad_request",
          "\"" + key + "\" is not part of a jam (timecode, at, clip, take are).");
    }
  }
  if (body.contains("clip") || body.contains("take")) {
    const auto id = [&](const char* key) -> std::int64_t {
      return body.contains(key) && body[key].is_number_integer() ? body[key].get<std::int64_t>()
                                                                 : 0;
    };
    if (id("clip") < 1 || id("take") < 1 || body.contains("timecode")) {
      return Response::error(400, "bad_request",
                             "A jam from a clip is {\"clip\": ID, \"take\": ID}: the clock moves "
                             "so that the take's roll reads the clip's start.");
    }
    return reading_answer(clock.jam_from_clip(id("clip"), id("take"), request.actor));
  }
  if (!body.contains("timecode") || !body["timecode"].is_string() ||
      body["timecode"].get<std::string>().size() > 16) {
    return Response::error(400, "bad_request",
                           "\"timecode\" must be text such as \"07:00:00:00\".");
  }
  std::optional<std::chrono::system_clock::time_point> at;
  if (body.contains("at")) {
    at = body["at"].is_string() ? core::parse_utc(body["at"].get<std::string>()) : std::nullopt;
    if (!at) {
      return Response::error(400, "bad_request",
                             "\"at\" must be a UTC time such as 2026-11-27T10:00:00.000Z.");
    }
  }
  return reading_answer(clock.jam(body["timecode"].get<std::string>(), at, request.actor));
}

}  // namespace

void add_timecode_routes(Router& router, production::BoxClock& clock) {
  router.add("GET", "/api/v1/timecode", Right::read, [&clock](Request&) {
    Response response;
    response.body = production::to_payload(clock.reading());
    return response;
  });
  router.add("POST", "/api/v1/timecode/jam", Right::log,
             [&clock](Request& request) { return jam(clock, request); });
}

}  // namespace slate::api
