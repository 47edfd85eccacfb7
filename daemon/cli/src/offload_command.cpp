// slate offload: start an offload on slated and follow it to its verdict.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "commands.hpp"

namespace slate::cli {
namespace {

bool is_terminal_state(const std::string& state) {
  return state == "finished" || state == "refused" || state == "duplicate" ||
         state == "interrupted" || state == "cancelled";
}

std::string clock_text(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  char text[32];
  std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

// One line per destination: a bar of what is written and read back, the speed and the ETA.
std::string destination_line(const nlohmann::json& offload, const nlohmann::json& destination) {
  const double total = offload.value("total_bytes", 0.0);
  const bool verifying = offload.value("verify", "full") != "none";
  const double written = destination.value("bytes_written", 0.0);
  const double verified = destination.value("bytes_verified", 0.0);
  const double work = total * (verifying ? 2 : 1);
  const double fraction = work > 0 ? std::min(1.0, (written + (verifying ? verified : 0)) / work)
                                   : (offload.value("state", "") == "finished" ? 1.0 : 0.0);
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string line = "  [" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] ";
  char percent[8];
  std::snprintf(percent, sizeof percent, "%3d%%", static_cast<int>(fraction * 100));
  line += percent;
  line += "  " + human_bytes(written) + " of " + human_bytes(total);
  if (verifying) {
    line += ", " + human_bytes(verified) + " verified";
  }
  const double speed = destination.value("bytes_per_second", 0.0);
  if (speed > 0) {
    line += "  " + human_bytes(speed) + "/s";
  }
  if (destination.contains("eta_seconds") && destination["eta_seconds"].is_number()) {
    line += "  ETA " + clock_text(destination["eta_seconds"].get<double>());
  }
  const std::string state = destination.value("state", "");
  line += "  " + destination.value("card_folder", destination.value("root", ""));
  if (state == "failed") {
    line += "  FAILED: " + destination.value("reason", "");
  }
  return line;
}

// Where the time went, from the offload's stage_seconds: work per stage, summed over threads.
std::string stages_line(const nlohmann::json& stages) {
  if (!stages.is_object()) {
    return "stages: not measured (the offload did not finish)";
  }
  const auto seconds = [&](const char* key) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", stages.value(key, 0.0));
    return std::string(text);
  };
  std::string hashes;
  const auto by_algorithm = stages.value("hash", nlohmann::json::object());
  for (const auto& [name, value] : by_algorithm.items()) {
    char text[48];
    std::snprintf(text, sizeof text, "%s%s %.2f s", hashes.empty() ? "" : ", ", name.c_str(),
                  value.is_number() ? value.get<double>() : 0.0);
    hashes += text;
  }
  return "stages (seconds of work, summed over threads): copying " + seconds("copying") +
         "; read " + seconds("read") + " (stalled " + seconds("read_stalled") + "); hash " +
         hashes + "; write " + seconds("write") + "; sync " + seconds("sync") + "; read-back " +
         seconds("read_back") + "; mhl " + seconds("mhl");
}

std::string destination_argument(const std::string& given) {
  // A folder that exists here is a path; anything else is a name from slated's configuration.
  std::error_code error;
  if (given.find('/') != std::string::npos || std::filesystem::is_directory(given, error)) {
    return std::filesystem::absolute(given).lexically_normal().string();
  }
  return given;
}

}  // namespace

int offload(const Options& options, const OffloadOptions& request) {
  nlohmann::json body = {
      {"source", std::filesystem::absolute(request.source).lexically_normal().string()}};
  nlohmann::json destinations = nlohmann::json::array();
  for (const auto& destination : request.destinations) {
    destinations.push_back(destination_argument(destination));
  }
  if (!destinations.empty()) {
    body["destinations"] = destinations;
  }
  if (!request.hashes.empty()) {
    body["hashes"] = request.hashes;
  }
  if (!request.verify.empty()) {
    body["verify"] = request.verify;
  }
  if (!request.roll.empty()) {
    body["roll"] = request.roll;
  }
  if (!request.path_template.empty()) {
    body["template"] = request.path_template;
  }
  if (request.again) {
    body["again"] = true;
  }

  nlohmann::json offload;
  if (const int code = call(options, "POST", "/api/v1/offloads", &body, offload);
      code != kSuccess) {
    return code;
  }
  const auto id = offload.value("id", std::int64_t{0});
  const std::string target = "/api/v1/offloads/" + std::to_string(id);
  const bool tty = isatty(STDOUT_FILENO) == 1;
  if (!options.json) {
    const std::string roll = offload.value("roll", "");
    std::cout << "offload " << id << ": " << offload.value("source", "")
              << (roll.empty() ? " (roll proposed from the card's names)" : " (roll " + roll + ")")
              << "\n";
  }

  std::size_t drawn = 0;
  std::string last_state;
  auto last_plain = std::chrono::steady_clock::now();
  while (true) {
    // The figures only; `--json` prints the whole detail (clips, per-file tallies) once it ends.
    if (const int code = call(options, "GET", target + "?files=none", nullptr, offload);
        code != kSuccess) {
      return code;
    }
    const std::string state = offload.value("state", "");
    const bool done = is_terminal_state(state);
    if (done && options.json) {
      if (const int code = call(options, "GET", target, nullptr, offload); code != kSuccess) {
        return code;
      }
    }
    if (!options.json && tty && offload.contains("destinations")) {
      // Redraw the bars in place.
      if (drawn > 0) {
        std::cout << "\x1b[" << drawn << "A";
      }
      drawn = 0;
      for (const auto& destination : offload["destinations"]) {
        std::cout << "\x1b[2K" << destination_line(offload, destination) << "\n";
        ++drawn;
      }
      std::cout << std::flush;
    } else if (!options.json) {
      const auto now = std::chrono::steady_clock::now();
      if (state != last_state || done || now - last_plain > std::chrono::seconds(5)) {
        std::cout << state << "\n";
        for (const auto& destination : offload["destinations"]) {
          std::cout << destination_line(offload, destination) << "\n";
        }
        last_plain = now;
      }
    }
    last_state = state;
    if (done) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }

  const std::string state = offload.value("state", "");
  const bool safe = offload.value("safe", false);
  if (options.json) {
    std::cout << offload.dump(2) << "\n";
  } else if (safe) {
    std::cout << "SAFE TO FORMAT: roll " << offload.value("roll", "") << ", "
              << offload.value("total_files", 0) << " files, "
              << human_bytes(offload.value("total_bytes", 0.0)) << ", verified on "
              << offload["destinations"].size() << " destinations\n";
  } else if (state == "duplicate") {
    std::cout << "NOT COPIED: " << offload.value("reason", "") << "\n";
  } else {
    std::cout << "NOT SAFE TO FORMAT (" << state << "): " << offload.value("reason", "") << "\n";
  }
  if (request.stages && !options.json) {
    std::cout << stages_line(offload.value("stage_seconds", nlohmann::json())) << "\n";
  }
  if (safe) {
    return kSuccess;
  }
  return state == "duplicate" ? kAlreadyOffloaded : kFailed;
}

}  // namespace slate::cli
