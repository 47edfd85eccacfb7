// The take log over HTTP: requests read into the production core's values, refusals mapped to
// statuses, and takes answered in the form their events carry (to_payload).

#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include <slate/api/take_routes.hpp>
#include <slate/core/clock.hpp>
#include <slate/production/take_events.hpp>

#include "listing_page.hpp"
#include "route_values.hpp"

namespace slate::api {

namespace {

using nlohmann::json;
using production::Outcome;
using production::Refusal;

Response refused(const Refusal& refusal) {
  switch (refusal.kind) {
    case Refusal::Kind::not_found:
      return Response::error(404, "not_found", refusal.message + ".");
    case Refusal::Kind::conflict:
      return Response::error(409, "conflict", refusal.message + ".");
    case Refusal::Kind::undone:
      return Response::error(409, "take_undone", refusal.message + ".");
    case Refusal::Kind::invalid:
      break;
  }
  return Response::error(400, "bad_request", refusal.message + ".");
}

Response bad_request(const std::string& message) {
  return Response::error(400, "bad_request", message);
}

Response take_answer(const Outcome<production::Take>& outcome, unsigned status = 200) {
  if (!outcome) {
    return refused(outcome.error());
  }
  Response response;
  response.status = status;
  response.body = production::to_payload(*outcome);
  return response;
}

// A JSON object body (an empty body is an empty object), or nullopt.
std::optional<json> object_body(const Request& request) {
  if (request.body.empty()) {
    return json::object();
  }
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return std::nullopt;
  }
  return body;
}

// When a roll or cut happened: the "at" the tablet sends (the instant it showed, its clock
// corrected by the box's, ISO 8601 UTC), at most a day old; a time ahead of the box's clock is a
// tablet whose clock is off, and the box's now is the best guess (refusing would lose the mark).
std::optional<std::chrono::system_clock::time_point> mark_time(const json& body,
                                                               std::string& error) {
  if (!body.contains("at")) {
    return std::nullopt;
  }
  const auto now = std::chrono::system_clock::now();
  const auto at =
      body["at"].is_string() ? core::parse_utc(body["at"].get<std::string>()) : std::nullopt;
  if (!at) {
    error = "\"at\" must be a UTC time such as 2026-11-27T10:00:00.000Z.";
    return std::nullopt;
  }
  if (*at < now - std::chrono::hours(24)) {
    error = "\"at\" must be within the last 24 hours (the box's clock says " + core::utc_text(now) +
            ").";
    return std::nullopt;
  }
  return std::min(*at, now);
}

bool read_flag(const json& body, const char* key, bool& into, std::string& error) {
  if (!body.contains(key)) {
    return true;
  }
  if (!body[key].is_boolean()) {
    error = std::string("\"") + key + "\" must be true or false.";
    return false;
  }
  into = body[key].get<bool>();
  return true;
}

std::optional<std::vector<std::string>> read_cameras(const json& value, std::string& error) {
  if (!value.is_array() || value.size() > 26) {
    error = "\"cameras\" must be a list of camera letters, like [\"A\", \"B\"].";
    return std::nullopt;
  }
  std::vector<std::string> cameras;
  for (const auto& camera : value) {
    if (!camera.is_string()) {
      error = "\"cameras\" must be a list of camera letters, like [\"A\", \"B\"].";
      return std::nullopt;
    }
    cameras.push_back(camera.get<std::string>());
  }
  return cameras;
}

std::optional<int> read_number(const json& body, std::string& error) {
  if (!body.contains("number")) {
    return std::nullopt;
  }
  if (!body["number"].is_number_integer()) {
    error = "\"number\" must be a whole take number, like 4.";
    return std::nullopt;
  }
  const auto number = body["number"].get<std::int64_t>();
  if (number < 1 || number > 9999) {
    error = "\"number\" must be from 1 to 9999.";
    return std::nullopt;
  }
  return static_cast<int>(number);
}

Response roll(production::TakeStore& takes, Request& request, std::int64_t setup_id) {
  const auto body = object_body(request);
  if (!body) {
    return bad_request("The body must be a JSON object.");
  }
  for (const auto& [key, value] : body->items()) {
    if (key != "at" && key != "number" && key != "cameras" && key != "kind" && key != "wild" &&
        key != "mos" && key != "vfx") {
      return bad_request("\"" + key +
                         "\" is not part of a roll (at, number, cameras, kind, wild, mos, vfx "
                         "are).");
    }
  }
  production::RollRequest roll;
  std::string error;
  if (body->contains("kind")) {
    const auto kind = (*body)["kind"].is_string()
                          ? production::parse_take_kind((*body)["kind"].get<std::string>())
                          : std::nullopt;
    if (!kind) {
      return bad_request("\"kind\" must be normal, pickup or series.");
    }
    roll.kind = *kind;
  }
  if (!read_flag(*body, "wild", roll.wild, error) || !read_flag(*body, "mos", roll.mos, error) ||
      !read_flag(*body, "vfx", roll.vfx, error)) {
    return bad_request(error);
  }
  if (body->contains("cameras")) {
    roll.cameras = read_cameras((*body)["cameras"], error);
    if (!roll.cameras) {
      return bad_request(error);
    }
  }
  roll.number = read_number(*body, error);
  roll.at = mark_time(*body, error);
  if (!error.empty()) {
    return bad_request(error);
  }
  return take_answer(takes.roll(setup_id, roll, request.actor, std::chrono::system_clock::now()));
}

Response cut(production::TakeStore& takes, Request& request, std::int64_t take_id) {
  const auto body = object_body(request);
  if (!body) {
    return bad_request("The body must be a JSON object.");
  }
  std::string error;
  const auto at = mark_time(*body, error);
  if (!error.empty()) {
    return bad_request(error);
  }
  return take_answer(
      takes.cut(take_id, request.actor, at.value_or(std::chrono::system_clock::now())));
}

Response update(production::TakeStore& takes, Request& request, std::int64_t take_id) {
  const auto body = object_body(request);
  if (!body || body->empty()) {
    return bad_request("The body must be a JSON object of the fields to change.");
  }
  production::TakeChange change;
  std::string error;
  for (const auto& [key, value] : body->items()) {
    if (key == "status") {
      const auto status = value.is_string()
                              ? production::parse_take_status(value.get<std::string>())
                              : std::nullopt;
      if (!status) {
        return bad_request("\"status\" must be none, circled, hold, ng or false_start.");
      }
      change.status = status;
    } else if (key == "notes") {
      if (!value.is_string()) {
        return bad_request("\"notes\" must be text of at most 4000 bytes.");
      }
      change.notes = value.get<std::string>();
    } else if (key == "flagged" || key == "mos" || key == "vfx") {
      if (!value.is_boolean()) {
        return bad_request("\"" + key + "\" must be true or false.");
      }
      (key == "flagged" ? change.flagged
       : key == "mos"   ? change.mos
                        : change.vfx) = value.get<bool>();
    } else if (key == "number") {
      return bad_request(
          "A take is renumbered with PUT /api/v1/takes/{id}/number {\"number\": 5}.");
    } else if (key == "wild") {
      return bad_request("A wild track is chosen at roll (roll with \"wild\": true), not after.");
    } else {
      return bad_request("\"" + key +
                         "\" cannot be changed (status, flagged, notes, mos, vfx and number "
                         "can).");
    }
  }
  return take_answer(takes.update(take_id, change, request.actor));
}

template <class Handler>
Router::Handler with_id(production::TakeStore& takes, Handler handler) {
  return [&takes, handler](Request& request) {
    const auto id = id_of(request.params.at("id"));
    if (!id) {
      return Response::error(400, "bad_id", "An id is a whole number from 1.");
    }
    return handler(takes, request, *id);
  };
}

// Listings as last answered, by filter, with the event sequence they were made at: tablets asking
// again between changes (a reconnect, a second tablet) cost a lookup, not a listing. Each take's
// text is also kept at its revision, so that a listing after a change reads and writes again only
// the takes that changed (one mark: one take of a day's 2,000).
class ListingCache {
 public:
  std::optional<std::string> find(const std::string& key, std::int64_t sequence) {
    std::lock_guard lock(mutex_);
    const auto found = listings_.find(key);
    if (found == listings_.end() || found->second.sequence != sequence) {
      return std::nullopt;
    }
    return found->second.text;
  }

  std::string build(production::TakeStore& takes, const production::TakeFilter& filter,
                    const std::string& key) {
    // The texts held for this listing, taken while the listing's transaction decides what to
    // read: another request clearing the cache meanwhile cannot take them away.
    std::map<std::int64_t, std::shared_ptr<const std::string>> held;
    const auto listing = takes.list(filter, [&](const production::ListedTake& listed) {
      std::lock_guard lock(mutex_);
      const auto found = texts_.find(listed.id);
      if (found == texts_.end() || found->second.revision != listed.revision) {
        return false;
      }
      held.emplace(listed.id, found->second.text);
      return true;
    });
    std::map<std::int64_t, std::shared_ptr<const std::string>> fresh;
    for (const auto& take : listing.takes) {
      fresh.emplace(take.id, std::make_shared<const std::string>(production::to_payload(take)));
    }
    std::size_t size = 16;
    for (const auto& [id, text] : held) {
      size += text->size() + 1;
    }
    for (const auto& [id, text] : fresh) {
      size += text->size() + 1;
    }
    std::string body;
    body.reserve(size);
    body += "{\"takes\":[";
    for (const auto& listed : listing.order) {
      const auto found = held.find(listed.id);
      body += *(found != held.end() ? found->second : fresh.at(listed.id));
      body += ',';
    }
    if (!listing.order.empty()) {
      body.pop_back();
    }
    body += "],\"sequence\":" + std::to_string(listing.sequence) + "}";

    std::lock_guard lock(mutex_);
    if (texts_.size() + fresh.size() > kMaxTexts) {
      texts_.clear();  // past a few days' takes: start again with what is asked for now
    }
    for (const auto& take : listing.takes) {
      texts_[take.id] = {take.revision, fresh.at(take.id)};
    }
    if (listings_.size() >= 32 && !listings_.contains(key)) {
      listings_.clear();  // a handful of filters are in use at a time; start again past that
    }
    listings_[key] = {listing.sequence, body};
    return body;
  }

 private:
  static constexpr std::size_t kMaxTexts = 20000;
  struct Listing {
    std::int64_t sequence = 0;
    std::string text;
  };
  struct Text {
    std::int64_t revision = 0;
    std::shared_ptr<const std::string> text;
  };
  std::mutex mutex_;
  std::map<std::string, Listing> listings_;
  std::map<std::int64_t, Text> texts_;
};

json unmatched_json(const production::UnmatchedClip& clip) {
  const auto optional_text = [](const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
  };
  return {{"id", clip.id},
          {"name", clip.name},
          {"camera", clip.camera},
          {"roll", clip.roll},
          {"start_tc", optional_text(clip.start_tc)},
          {"end_tc", optional_text(clip.end_tc)},
          {"rate", optional_text(clip.rate)},
          {"reason", clip.reason}};
}

}  // namespace

void add_take_routes(Router& router, production::TakeStore& takes) {
  router.add("POST", "/api/v1/setups/{id}/roll", Right::log, with_id(takes, roll));
  router.add("POST", "/api/v1/takes/{id}/cut", Right::log, with_id(takes, cut));
  router.add("PATCH", "/api/v1/takes/{id}", Right::mark, with_id(takes, update));
  // Renumbering by hand, how a clash is resolved: the script supervisor's, not a director's mark.
  router.add(
      "PUT", "/api/v1/takes/{id}/number", Right::log,
      with_id(takes, [](production::TakeStore& store, Request& request, std::int64_t take_id) {
        const auto body = object_body(request);
        std::string error;
        const auto number = body ? read_number(*body, error) : std::nullopt;
        if (!number) {
          return bad_request(error.empty() ? "The body must be {\"number\": 5}." : error);
        }
        production::TakeChange change;
        change.number = number;
        return take_answer(store.update(take_id, change, request.actor));
      }));
  router.add("GET", "/api/v1/takes/{id}", Right::read,
             with_id(takes, [](production::TakeStore& store, Request&, std::int64_t id) {
               return take_answer(store.take(id));
             }));
  // {"take": 12} attaches a clip to a take by hand, {"take": null} detaches it; matching by
  // timecode never changes either.
  router.add(
      "PUT", "/api/v1/clips/{id}/take", Right::log,
      with_id(takes, [](production::TakeStore& store, Request& request, std::int64_t clip_id) {
        const auto body = object_body(request);
        if (!body || !body->contains("take") ||
            !((*body)["take"].is_null() ||
              ((*body)["take"].is_number_integer() && (*body)["take"].get<std::int64_t>() > 0))) {
          return bad_request("The body must be {\"take\": ID} or {\"take\": null}.");
        }
        const auto take_id = (*body)["take"].is_null()
                                 ? std::nullopt
                                 : std::optional((*body)["take"].get<std::int64_t>());
        const auto assigned = store.assign(clip_id, take_id, request.actor);
        if (!assigned) {
          return refused(assigned.error());
        }
        return Response::json({{"clip", clip_id},
                               {"take", take_id ? json(*take_id) : json(nullptr)},
                               {"method", "manual"}});
      }));
  // A wrong jam mended after the fact: the day's takes moved by whole frames, one change that undo
  // takes back.
  router.add(
      "POST", "/api/v1/days/{id}/restamp", Right::log,
      with_id(takes, [](production::TakeStore& store, Request& request, std::int64_t day_id) {
        const auto body = object_body(request);
        if (!body || !body->contains("frames") || !(*body)["frames"].is_number_integer() ||
            body->size() != 1) {
          return bad_request(
              "The body must be {\"frames\": -612}: whole frames to move every take "
              "of the day by.");
        }
        const auto restamped =
            store.restamp(day_id, (*body)["frames"].get<std::int64_t>(), request.actor);
        if (!restamped) {
          return refused(restamped.error());
        }
        return Response::json({{"day", restamped->day_id},
                               {"frames", restamped->frames},
                               {"takes", restamped->takes},
                               {"matched", restamped->matched}});
      }));
  // Undo is per device: a tablet takes back its own last change, never another's.
  router.add("POST", "/api/v1/undo", Right::mark, [&takes](Request& request) {
    const auto undo = takes.undo(request.actor);
    if (!undo) {
      return Response::error(undo.error().kind == Refusal::Kind::conflict ? 409 : 400,
                             "nothing_to_undo", undo.error().message + ".");
    }
    return Response::json({{"take", undo->take_id},
                           {"name", undo->name.to_string()},
                           {"undid", production::to_string(undo->what)},
                           {"message", undo->message + "."}});
  });
  auto cache = std::make_shared<ListingCache>();
  router.add("GET", "/api/v1/takes", Right::read, [&takes, cache](Request& request) {
    production::TakeFilter filter;
    if (const auto text = request.query_value("day")) {
      const auto id = id_of(*text);
      if (!id) {
        return Response::error(400, "bad_id", "A day is a whole number from 1.");
      }
      filter.day = *id;
    }
    filter.scene = request.query_value("scene").value_or("");
    filter.camera = request.query_value("camera").value_or("");
    if (filter.scene.size() > 32 || filter.camera.size() > 8) {
      return Response::error(400, "bad_filter", "scene or camera is too long.");
    }
    if (const auto status = request.query_value("status"); status && !status->empty()) {
      filter.status = production::parse_take_status(*status);
      if (!filter.status) {
        return Response::error(400, "bad_filter",
                               "status is none, circled, hold, ng or false_start.");
      }
    }
    if (const auto flagged = request.query_value("flagged")) {
      if (*flagged != "true" && *flagged != "false") {
        return Response::error(400, "bad_filter", "flagged is true or false.");
      }
      filter.flagged = *flagged == "true";
    }
    const auto key = std::to_string(filter.day) + '\n' + filter.scene + '\n' +
                     (filter.status ? std::string(production::to_string(*filter.status)) : "") +
                     '\n' + filter.camera + '\n' +
                     (filter.flagged ? (*filter.flagged ? "1" : "0") : "-");
    Response response;
    if (auto text = cache->find(key, takes.sequence())) {
      response.body = std::move(*text);
      return response;
    }
    response.body = cache->build(takes, filter, key);
    return response;
  });
  router.add("GET", "/api/v1/unmatched-clips", Right::read, [&takes](Request& request) {
    return listing_answer(
        request, "/api/v1/unmatched-clips", "clips",
        [&](const catalogue::PageRequest& page) { return takes.unmatched_clips(page); },
        unmatched_json);
  });
}

}  // namespace slate::api
