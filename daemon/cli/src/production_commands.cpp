// slate project, slate shotlist import: the production's log from the command line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <slate/core/clock.hpp>
#include <slate/pki/pki.hpp>

#include "commands.hpp"

namespace slate::cli {

int project(const Options& options, const std::string& name, const std::string& fps,
            const std::string& cameras) {
  nlohmann::json answer;
  nlohmann::json patch = nlohmann::json::object();
  if (!name.empty()) {
    patch["name"] = name;
  }
  if (!fps.empty()) {
    patch["fps"] = fps;
  }
  if (!cameras.empty()) {
    patch["cameras"] = nlohmann::json::array();
    std::stringstream list(cameras);
    for (std::string camera; std::getline(list, camera, ',');) {
      patch["cameras"].push_back(camera);
    }
  }
  if (const int code = patch.empty() ? call(options, "GET", "/api/v1/project", nullptr, answer)
                                     : call(options, "PATCH", "/api/v1/project", &patch, answer);
      code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  const auto& project = answer["project"];
  std::cout << project.value("name", "?") << " at " << project.value("fps", "?") << " fps, cameras";
  for (const auto& camera : project["cameras"]) {
    std::cout << " " << camera.get<std::string>();
  }
  std::cout << "\n";
  if (answer["day"].is_object()) {
    const auto& day = answer["day"];
    std::cout << "  day " << day.value("number", 0) << " (" << day.value("unit", "main")
              << " unit), " << day.value("date", "?") << "\n";
  }
  return kSuccess;
}

int timecode(const Options& options, const std::string& jam, std::int64_t clip, std::int64_t take) {
  nlohmann::json answer;
  int code = kSuccess;
  if (!jam.empty()) {
    const nlohmann::json body = {{"timecode", jam}};
    code = call(options, "POST", "/api/v1/timecode/jam", &body, answer);
  } else if (clip != 0) {
    const nlohmann::json body = {{"clip", clip}, {"take", take}};
    code = call(options, "POST", "/api/v1/timecode/jam", &body, answer);
  } else {
    code = call(options, "GET", "/api/v1/timecode", nullptr, answer);
  }
  if (code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  const auto source = answer.value("source", "?");
  const auto state = answer.value("state", "?");
  std::cout << answer.value("timecode", "?") << " at " << answer.value("rate", "?") << " fps"
            << (answer.value("drop_frame", false) ? " drop-frame" : "") << "  "
            << (source == "time_of_day" ? "time of day"
                : source == "ltc"       ? "LTC"
                                        : "jammed by hand")
            << ", "
            << (state == "free_run"    ? "free-running"
                : state == "no_signal" ? "no signal"
                                       : state)
            << "\n";
  if (answer["jam"].is_object()) {
    const auto& last = answer["jam"];
    std::cout << "  jammed to " << last.value("timecode", "?") << " at " << last.value("at", "?")
              << " (" << last.value("how", "?") << ", by " << last.value("by", "?") << ")\n";
  } else {
    std::cout << "  not jammed yet: time of day\n";
  }
  if (answer["drift_frames_per_hour"].is_number()) {
    std::cout << "  drift against the box's wall clock: "
              << std::round(answer["drift_frames_per_hour"].get<double>() * 10) / 10
              << " frames an hour\n";
  }
  if (answer["ltc"].is_object()) {
    const auto& ltc = answer["ltc"];
    std::cout << "  LTC from " << ltc.value("input", "?");
    if (ltc["rate"].is_string()) {
      std::cout << " at " << ltc["rate"].get<std::string>() << " fps";
    }
    if (ltc["level_dbfs"].is_number()) {
      std::cout << ", level " << std::lround(ltc["level_dbfs"].get<double>()) << " dBFS";
    }
    std::cout << ", " << ltc.value("dropouts", std::int64_t{0}) << " dropouts\n";
  }
  if (const auto message = answer.value("message", ""); !message.empty()) {
    std::cout << "  " << message << "\n";
  }
  return kSuccess;
}

int day(const Options& options, const std::string& action, const std::string& date,
        const std::string& unit, std::int64_t id) {
  nlohmann::json answer;
  if (action == "new") {
    nlohmann::json body = nlohmann::json::object();
    if (!date.empty()) {
      body["date"] = date;
    }
    if (!unit.empty()) {
      body["unit"] = unit;
    }
    if (const int code = call(options, "POST", "/api/v1/days", &body, answer); code != kSuccess) {
      return code;
    }
  } else if (action == "set") {
    const nlohmann::json body = {{"id", id}};
    if (const int code = call(options, "PUT", "/api/v1/days/current", &body, answer);
        code != kSuccess) {
      return code;
    }
  }
  if (!action.empty() && !options.json) {
    std::cout << "Now shooting day " << answer.value("number", 0) << " ("
              << answer.value("unit", "main") << " unit), " << answer.value("date", "?") << ": id "
              << answer.value("id", 0) << "\n";
    return kSuccess;
  }
  if (action.empty()) {
    if (const int code = call(options, "GET", "/api/v1/days", nullptr, answer); code != kSuccess) {
      return code;
    }
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  for (const auto& each : answer["days"]) {
    std::cout << (each.value("current", false) ? "* " : "  ") << "id " << each.value("id", 0)
              << "  day " << each.value("number", 0) << "  " << each.value("unit", "main")
              << " unit  " << each.value("date", "?") << "  " << each.value("takes", 0) << " takes";
    if (const auto marks = day_marks_text(each); !marks.empty()) {
      std::cout << "  " << marks;
    }
    std::cout << "\n";
  }
  return kSuccess;
}

int import_shot_list(const Options& options, const std::string& file, bool dry_run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "slate shotlist import: cannot read " << file << "\n";
    return kFailed;
  }
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json report;
  const int code = call_with_body(
      options, "POST", std::string("/api/v1/shotlist") + (dry_run ? "?dry_run=true" : ""),
      text.str(), report, "the shot list");
  if (report.is_object() && report.contains("errors") && !report["errors"].empty()) {
    for (const auto& error : report["errors"]) {
      std::cerr << file << ": " << error.value("message", "") << "\n";
    }
    std::cerr << "Nothing was imported: " << report["errors"].size()
              << (report["errors"].size() == 1 ? " problem" : " problems") << " to fix.\n";
    return kFailed;
  }
  if (code != kSuccess) {
    return code;
  }
  std::cout << (dry_run ? "Would add " : "Added ") << report.value("scenes_added", 0)
            << " scenes and " << report.value("setups_added", 0) << " setups; "
            << (dry_run ? "would update " : "updated ") << report.value("scenes_updated", 0)
            << " scenes and " << report.value("setups_updated", 0) << " setups; "
            << report.value("unchanged", 0) << " rows unchanged."
            << (dry_run ? " Nothing was changed (dry run)." : "") << "\n";
  return kSuccess;
}

namespace {

// Seconds between two UTC times of the log, or nullopt.
std::optional<double> seconds_between(const nlohmann::json& from, const nlohmann::json& to) {
  if (!from.is_string() || !to.is_string()) {
    return std::nullopt;
  }
  const auto start = core::parse_utc(from.get<std::string>());
  const auto end = core::parse_utc(to.get<std::string>());
  if (!start || !end) {
    return std::nullopt;
  }
  return std::chrono::duration<double>(*end - *start).count();
}

// One take as a script supervisor's log line: its name (12A-A/3, 12A/WT1), every mark she writes
// (PU, SER, WT, MOS, FS, NG, HOLD, circled), the times and duration, each camera with its clips
// and reels, and the notes.
std::string take_line(const nlohmann::json& take) {
  std::ostringstream line;
  line << take.value("name", "?");
  const std::string kind = take.value("kind", "normal");
  std::vector<std::string> marks;
  if (kind == "pickup") {
    marks.push_back("PU");
  } else if (kind == "series") {
    marks.push_back("SER");
  }
  if (take.value("wild", false)) {
    marks.push_back("WT");
  }
  if (take.value("mos", false)) {
    marks.push_back("MOS");
  }
  if (take.value("vfx", false)) {
    marks.push_back("VFX");
  }
  const std::string status = take.value("status", "none");
  if (status == "circled") {
    marks.push_back("circled");
  } else if (status == "false_start") {
    marks.push_back("FS");
  } else if (status == "ng") {
    marks.push_back("NG");
  } else if (status == "hold") {
    marks.push_back("HOLD");
  }
  if (take.value("flagged", false)) {
    marks.push_back("flagged");
  }
  if (take.contains("clash") && take["clash"].is_array() && !take["clash"].empty()) {
    marks.push_back("CLASH");
  }
  for (const auto& mark : marks) {
    line << "  " << mark;
  }
  line << "  " << take.value("roll_tc", "?") << " to "
       << (take["cut_tc"].is_string() ? take["cut_tc"].get<std::string>() : "(rolling)");
  if (const auto seconds = seconds_between(take["rolled_at"], take["cut_at"])) {
    const auto whole = static_cast<long long>(*seconds + 0.5);
    line << "  " << whole / 60 << ":" << (whole % 60 < 10 ? "0" : "") << whole % 60;
  }
  const auto& clips = take["clips"];
  for (const auto& camera : take["cameras"]) {
    const auto letter = camera.get<std::string>();
    line << "  " << letter << ":";
    bool any = false;
    for (const auto& clip : clips) {
      if (clip.value("camera", "") == letter) {
        line << " " << clip.value("name", "?");
        if (!clip.value("reel", "").empty()) {
          line << " (" << clip.value("reel", "") << ")";
        }
        any = true;
      }
    }
    if (!any) {
      line << " no clip";
    }
  }
  // Clips of cameras not listed on the take (assigned by hand).
  for (const auto& clip : clips) {
    const auto camera = clip.value("camera", "");
    const auto& cameras = take["cameras"];
    if (std::find(cameras.begin(), cameras.end(), camera) == cameras.end()) {
      line << "  " << (camera.empty() ? "?" : camera) << ": " << clip.value("name", "?");
    }
  }
  if (!take.value("notes", "").empty()) {
    line << "  \"" << take.value("notes", "") << "\"";
  }
  if (take.contains("warnings")) {
    for (const auto& warning : take["warnings"]) {
      line << "\n    warning: " << warning.get<std::string>();
    }
  }
  return line.str();
}

}  // namespace

int takes(const Options& options, int day) {
  nlohmann::json answer;
  const std::string target = "/api/v1/takes" + (day > 0 ? "?day=" + std::to_string(day) : "");
  if (const int code = call(options, "GET", target, nullptr, answer); code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  const auto& list = answer["takes"];
  if (list.empty()) {
    std::cout << "No take logged yet.\n";
    return kSuccess;
  }
  for (const auto& take : list) {
    std::cout << take_line(take) << "\n";
  }
  return kSuccess;
}

int pair(const Options& options, const std::string& role) {
  nlohmann::json answer;
  const nlohmann::json body = {{"role", role}};
  if (const int code = call(options, "POST", "/api/v1/pairing/pins", &body, answer);
      code != kSuccess) {
    return code;
  }
  std::cout << "PIN " << answer.value("pin", "?") << " pairs one tablet as " << role
            << ", for 5 minutes.\n";
  // Where the tablet goes: the box's HTTPS address, as text and as a code its camera reads.
  nlohmann::json status;
  if (call(options, "GET", "/api/v1/status", nullptr, status) == kSuccess &&
      status.contains("https") && status["https"].is_object()) {
    const auto url = status["https"].value("url", "");
    std::cout << "On the tablet open " << url << "\n"
              << "(the first time, open " << status["https"].value("trust_url", "/trust")
              << " to trust the box: its CA's SHA-256 is "
              << status["https"].value("ca_fingerprint", "?") << ")\n";
    try {
      std::cout << pki::qr_terminal(pki::qr_encode(url));
    } catch (const pki::PkiError&) {
      // Too long for a code: the address above is the way.
    }
  }
  return kSuccess;
}

int devices(const Options& options) {
  nlohmann::json answer;
  if (const int code = call(options, "GET", "/api/v1/devices", nullptr, answer); code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  if (answer["devices"].empty()) {
    std::cout << "No tablet is paired.\n";
  }
  for (const auto& device : answer["devices"]) {
    std::cout << device.value("id", 0) << "  " << device.value("name", "") << "  "
              << device.value("role", "") << "  paired " << device.value("paired_at", "")
              << "  last seen "
              << (device.value("last_seen", "").empty() ? "never" : device.value("last_seen", ""))
              << (device.value("revoked_at", "").empty()
                      ? ""
                      : "  REVOKED " + device.value("revoked_at", ""))
              << "\n";
  }
  return kSuccess;
}

int revoke(const Options& options, const std::string& id) {
  nlohmann::json answer;
  if (const int code = call(options, "POST", "/api/v1/devices/" + id + "/revoke", nullptr, answer);
      code != kSuccess) {
    return code;
  }
  std::cout << "Device " << id << " is revoked: its token no longer works.\n";
  return kSuccess;
}

}  // namespace slate::cli
