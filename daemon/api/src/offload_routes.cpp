#include <set>
#include <stdexcept>
#include <sys/statvfs.h>
#include <unistd.h>

#include <slate/api/offload_routes.hpp>
#include <slate/core/file_name.hpp>

#include "listing_page.hpp"

namespace slate::api {
namespace {

using nlohmann::json;
using namespace offload;

constexpr std::size_t kMaxDestinations = 16;
constexpr std::size_t kMaxText = 4096;

struct BadRequest : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

std::string text_field(const json& body, const char* key, bool required) {
  if (!body.contains(key)) {
    if (required) {
      throw BadRequest(std::string("\"") + key + "\" is required");
    }
    return {};
  }
  if (!body[key].is_string()) {
    throw BadRequest(std::string("\"") + key + "\" must be a string");
  }
  auto value = body[key].get<std::string>();
  if (value.size() > kMaxText || value.find('\0') != std::string::npos) {
    throw BadRequest(std::string("\"") + key + "\" is too long or holds a NUL");
  }
  return value;
}

// A request refused for what it asks, not how it is written: 403 when the sender may not ask it.
struct Refused {
  unsigned status;
  std::string code;
  std::string message;
};

// Only the CLI on the box, with the admin token, may name folders: a tablet's token is on a
// device that walks around the set and can be lost.
bool sends_admin_token(const Request& request) {
  return request.actor == "cli";
}

OffloadRequest parse_request(const Request& sent, const OffloadDefaults& defaults,
                             const std::optional<FoundSource>& found) {
  const bool admin = sends_admin_token(sent);
  if (!admin && !found) {
    throw Refused{403, "folders_for_admin_only",
                  "A tablet offloads only what the box found, by its id: POST "
                  "/api/v1/cards/{id}/offload for a card in GET /api/v1/cards, POST "
                  "/api/v1/cameras/{id}/offload for a tethered camera; folders are named only by "
                  "the CLI on the box."};
  }
  const auto body =
      sent.body.empty() && found ? json::object() : json::parse(sent.body, nullptr, false);
  if (!body.is_object()) {
    throw BadRequest("the body must be a JSON object");
  }
  for (const auto& [key, value] : body.items()) {
    static const std::set<std::string> known = {"source", "destinations", "hashes", "verify",
                                                "roll",   "label",        "again",  "template"};
    if (!known.contains(key) || (found && key == "source")) {
      throw BadRequest("unknown field \"" + key + "\"" +
                       (key == "source" ? ": a card offloaded by its id is its own source" : ""));
    }
  }
  if (!admin && body.contains("template")) {
    throw Refused{403, "template_for_admin_only",
                  "A tablet offloads into the folders the configuration's template makes; another "
                  "\"template\" is for the CLI on the box."};
  }
  OffloadRequest request;
  request.source = found ? found->path : std::filesystem::path(text_field(body, "source", true));
  if (!request.source.is_absolute()) {
    throw BadRequest("\"source\" must be an absolute path");
  }
  request.roll = text_field(body, "roll", false);
  request.label = text_field(body, "label", false);
  if (found && !body.contains("roll")) {
    request.roll = found->roll;
  }
  if (found && !body.contains("label")) {
    request.label = found->label;
  }
  request.hashes = defaults.hashes;
  request.verify = defaults.verify;
  request.path_template = defaults.path_template;
  request.min_destinations = defaults.min_destinations;
  if (body.contains("template")) {
    request.path_template = text_field(body, "template", true);
  }
  if (body.contains("hashes")) {
    const auto& hashes = body["hashes"];
    std::string list;
    if (hashes.is_string()) {
      list = hashes.get<std::string>();
    } else if (hashes.is_array()) {
      for (const auto& entry : hashes) {
        if (!entry.is_string()) {
          throw BadRequest("\"hashes\" must be strings");
        }
        list += (list.empty() ? "" : ",") + entry.get<std::string>();
      }
    } else {
      throw BadRequest("\"hashes\" must be a list such as [\"xxh64\", \"md5\"]");
    }
    try {
      request.hashes = hashing::parse_algorithm_list(list);
    } catch (const std::invalid_argument& error) {
      throw BadRequest(error.what());
    }
  }
  if (body.contains("verify")) {
    const auto mode = parse_verify_mode(text_field(body, "verify", true));
    if (!mode) {
      throw BadRequest("\"verify\" must be full, source or none");
    }
    request.verify = *mode;
  }
  if (body.contains("again")) {
    if (!body["again"].is_boolean()) {
      throw BadRequest("\"again\" must be true or false");
    }
    request.again = body["again"].get<bool>();
  }

  std::vector<std::string> named;
  if (body.contains("destinations")) {
    const auto& list = body["destinations"];
    if (!list.is_array() || list.size() > kMaxDestinations) {
      throw BadRequest("\"destinations\" must be a list of at most 16 names or absolute paths");
    }
    for (const auto& entry : list) {
      if (!entry.is_string() || entry.get<std::string>().empty()) {
        throw BadRequest("each destination must be a configured name or an absolute path");
      }
      named.push_back(entry.get<std::string>());
    }
  }
  if (named.empty()) {
    for (const auto& destination : default_request(defaults, request.source).destinations) {
      named.push_back(destination.name);
    }
  }
  if (named.empty()) {
    throw BadRequest("no destination given, and none is configured");
  }
  for (const auto& entry : named) {
    if (entry.front() == '/') {
      if (!admin) {
        throw Refused{403, "folders_for_admin_only",
                      "A tablet names destinations by their configured names (GET "
                      "/api/v1/destinations); \"" +
                          entry + "\" is a folder, which only the CLI on the box may name."};
      }
      // The folder it really is, so that a link changed after this check cannot redirect it.
      request.destinations.push_back({resolve_folder(entry), ""});
    } else {
      const auto found_destination =
          std::find_if(defaults.destinations.begin(), defaults.destinations.end(),
                       [&](const auto& d) { return d.name == entry; });
      if (found_destination == defaults.destinations.end()) {
        throw BadRequest("\"" + entry +
                         "\" is neither a configured destination nor an absolute path");
      }
      request.destinations.push_back({found_destination->path, found_destination->name});
    }
    // Configured ones too: the configuration was checked at start, but a folder may since have
    // become a link.
    if (const auto refusal = judge_destination(
            entry.front() == '/' ? std::filesystem::path(entry)
                                 : std::filesystem::absolute(request.destinations.back().root),
            defaults.protected_folders, request.source)) {
      throw Refused{400, "destination_refused",
                    "The destination " + refusal->sentence + "; nothing was copied."};
    }
  }
  return request;
}

std::optional<std::int64_t> parse_id(const Request& request) {
  const auto& text = request.params.at("id");
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

json summary(const OffloadRecord& record) {
  json destinations = json::array();
  for (const auto& destination : record.destinations) {
    destinations.push_back({{"position", destination.position},
                            {"name", destination.name},
                            {"root", destination.root.string()},
                            {"card_folder", destination.card_folder.string()},
                            {"state", destination.state},
                            {"reason", destination.reason},
                            {"sync_refused", destination.sync_refused},
                            {"manifest", destination.manifest},
                            {"files_verified", destination.files_verified},
                            {"files_failed", destination.files_failed},
                            {"bytes_verified", destination.bytes_verified}});
  }
  std::string hashes;
  for (auto algorithm : record.hashes) {
    hashes += (hashes.empty() ? "" : ",") + std::string(hashing::name(algorithm));
  }
  return {{"id", record.id},
          {"source", record.source.string()},
          {"roll", record.roll},
          {"label", record.label},
          {"hashes", hashes},
          {"verify", to_string(record.verify)},
          {"state", record.state},
          {"verdict", record.verdict.empty() ? json(nullptr) : json(record.verdict)},
          {"safe", record.verdict == "safe"},
          {"reason", record.reason},
          {"total_files", record.total_files},
          {"total_bytes", record.total_bytes},
          {"created_at", record.created_at},
          {"started_at", record.started_at},
          {"finished_at", record.finished_at},
          {"destinations", destinations}};
}

json clips_json(const std::vector<ClipView>& clips) {
  json list = json::array();
  for (const auto& clip : clips) {
    json files = json::array();
    for (const auto& file : clip.files) {
      json entry = {{"path", file.path}, {"role", file.role}, {"size", file.size}};
      if (file.segment > 0) {
        entry["segment"] = file.segment;
      }
      files.push_back(std::move(entry));
    }
    list.push_back(
        {{"id", clip.id},
         {"name", clip.name},
         {"maker", clip.maker},
         {"camera", clip.camera},
         {"reel", clip.reel},
         {"clip_number", clip.clip_number},
         {"date", clip.date},
         {"camera_id", clip.camera_id},
         {"recorded_at", clip.recorded_at.empty() ? json(nullptr) : json(clip.recorded_at)},
         {"bytes", clip.bytes},
         {"files", files}});
  }
  return list;
}

// A running offload's live figures for destination `d`: written, verified (never below what the
// catalogue already holds as verified), speed and time left.
void add_live_figures(json& destination, const OffloadRecord& record,
                      const std::optional<offload::Progress>& live, std::size_t d,
                      std::uint64_t verified_bytes) {
  if (!live || d >= live->destinations.size()) {
    return;
  }
  const auto& figures = live->destinations[d];
  destination["bytes_written"] = figures.bytes_written;
  destination["bytes_verified"] = std::max(verified_bytes, figures.bytes_verified);
  destination["bytes_per_second"] = figures.bytes_per_second;
  // Each byte is written once and read back once (none in copy-only mode).
  const double work =
      static_cast<double>(record.total_bytes) * (record.verify == VerifyMode::none ? 1.0 : 2.0);
  const double done = static_cast<double>(figures.bytes_written + figures.bytes_verified);
  destination["eta_seconds"] =
      figures.bytes_per_second > 0 ? json((work - done) / figures.bytes_per_second) : json(nullptr);
}

// What to read for an offload's detail: everything, or only what a progress display polls.
enum class Detail { whole, progress };

json detail(OffloadService& service, const OffloadRecord& record, Detail wanted) {
  const auto id = record.id;
  auto result = summary(record);
  result["stage_seconds"] = record.state == offload::state::finished
                                ? json::parse(stage_times_text(record.stages))
                                : json(nullptr);
  const auto live = service.progress(id);
  result["bytes_read"] = live ? live->bytes_read : 0;
  if (wanted == Detail::whole) {
    result["clips"] = clips_json(service.store().clips(id));
  }
  for (std::size_t d = 0; d < record.destinations.size(); ++d) {
    auto& destination = result["destinations"][d];
    if (wanted == Detail::progress) {
      // The record's own counters stand for the per-file tally a whole detail makes.
      add_live_figures(destination, record, live, d, record.destinations[d].bytes_verified);
      continue;
    }
    std::map<std::string, std::size_t> counts;
    std::uint64_t verified_bytes = 0;
    for (std::size_t i = 0; i < record.files.size(); ++i) {
      const auto state = record.copies[i][d].state;
      ++counts[to_string(state)];
      if (state == CopyState::verified) {
        verified_bytes += record.files[i].file.size;
      }
    }
    destination["files"] = counts;
    destination["bytes_verified"] = verified_bytes;
    json failures = json::array();
    for (std::size_t i = 0; i < record.files.size() && failures.size() < 50; ++i) {
      if (record.copies[i][d].state == CopyState::failed) {
        failures.push_back({{"path", core::printable_name(record.files[i].file.relative_path)},
                            {"reason", record.copies[i][d].reason}});
      }
    }
    destination["failures"] = failures;
    add_live_figures(destination, record, live, d, verified_bytes);
  }
  return result;
}

Response not_found(std::int64_t id) {
  return Response::error(404, "offload_not_found",
                         "There is no offload " + std::to_string(id) + ".");
}

json destination_status(const NamedDestination& destination) {
  struct statvfs fs {};
  json result = {{"name", destination.name},
                 {"path", destination.path.string()},
                 {"default", destination.is_default}};
  if (statvfs(destination.path.c_str(), &fs) == 0) {
    result["present"] = true;
    result["free_bytes"] = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    result["total_bytes"] = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
    result["writable"] = !(fs.f_flag & ST_RDONLY) && access(destination.path.c_str(), W_OK) == 0;
  } else {
    result["present"] = false;
    result["free_bytes"] = nullptr;
    result["total_bytes"] = nullptr;
    result["writable"] = false;
  }
  return result;
}

}  // namespace

Response start_offload(OffloadService& service, const OffloadDefaults& defaults,
                       const Request& request, const std::optional<FoundSource>& found) {
  OffloadRequest offload;
  try {
    offload = parse_request(request, defaults, found);
  } catch (const BadRequest& error) {
    return Response::error(400, "bad_offload_request", std::string(error.what()) + ".");
  } catch (const Refused& refused) {
    return Response::error(refused.status, refused.code, refused.message);
  }
  const auto id = service.start(std::move(offload), request.actor);
  return Response::json(summary(service.store().load(id, false)), 202);
}

void add_offload_routes(Router& router, OffloadService& service, OffloadDefaults defaults) {
  router.add(
      "POST", "/api/v1/offloads", api::Right::offload,
      [&service, defaults](Request& request) { return start_offload(service, defaults, request); });

  router.add("GET", "/api/v1/offloads", api::Right::read, [&service](Request& request) {
    return listing_answer(
        request, "/api/v1/offloads", "offloads",
        [&](const catalogue::PageRequest& page) { return service.store().list(page); }, summary);
  });

  router.add("GET", "/api/v1/offloads/{id}", api::Right::read, [&service](Request& request) {
    const auto id = parse_id(request);
    if (!id) {
      return Response::error(400, "bad_id", "An offload id is a whole number.");
    }
    // `?files=none`: the figures a progress display polls for, without reading every file of the
    // card (20,000 file records four times a second is most of what a watched offload costs).
    const auto files = request.query_value("files");
    if (files && *files != "none") {
      return Response::error(400, "bad_files", "files is none (the figures only) or left out.");
    }
    const auto wanted = files ? Detail::progress : Detail::whole;
    const auto record = service.store().find(*id, wanted == Detail::whole);
    if (!record) {
      return not_found(*id);
    }
    return Response::json(detail(service, *record, wanted));
  });

  const auto control = [&service](Request& request, bool resume) {
    const auto id = parse_id(request);
    if (!id) {
      return Response::error(400, "bad_id", "An offload id is a whole number.");
    }
    const auto refused = resume ? service.resume(*id) : service.cancel(*id);
    if (!refused) {
      return Response::json(summary(service.store().load(*id, false)), 202);
    }
    switch (refused->kind) {
      case ControlError::Kind::not_found:
        return not_found(*id);
      case ControlError::Kind::not_resumable:
        return Response::error(409, "not_resumable", refused->sentence + ".");
      case ControlError::Kind::not_running:
        break;
    }
    return Response::error(409, "not_running", refused->sentence + ".");
  };
  router.add("POST", "/api/v1/offloads/{id}/cancel", api::Right::offload,
             [control](Request& request) { return control(request, false); });
  router.add("POST", "/api/v1/offloads/{id}/resume", api::Right::offload,
             [control](Request& request) { return control(request, true); });

  router.add("GET", "/api/v1/destinations", api::Right::read, [defaults](Request&) {
    json list = json::array();
    for (const auto& destination : defaults.destinations) {
      list.push_back(destination_status(destination));
    }
    return Response::json({{"destinations", list}});
  });
}

}  // namespace slate::api
