// slate cards, slate cameras: what is plugged into the box, at a glance.
#include <iostream>

#include "commands.hpp"

namespace slate::cli {
namespace {

std::string text(const nlohmann::json& object, const char* key, const std::string& fallback = "") {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() && !found->get<std::string>().empty()
             ? found->get<std::string>()
             : fallback;
}

// The verdict a camera assistant asks for before handing a card back.
std::string verdict_of(const nlohmann::json& card) {
  const auto& offload = card["offload"];
  if (!offload.is_object()) {
    return "not offloaded";
  }
  const auto id = std::to_string(offload.value("id", 0));
  if (text(offload, "verdict") == "safe") {
    return "SAFE TO FORMAT (offload " + id + ")";
  }
  if (text(offload, "verdict") == "not_safe") {
    return "NOT SAFE (offload " + id + ": " + text(offload, "reason") + ")";
  }
  const auto state = text(offload, "state");
  if (state == "finished") {
    return "not safe (offload " + id + ")";
  }
  return "NOT SAFE: offload " + id + " " + state +
         (text(offload, "reason").empty() ? "" : ": " + text(offload, "reason"));
}

}  // namespace

int cards(const Options& options) {
  nlohmann::json answer;
  if (const int code = call(options, "GET", "/api/v1/cards", nullptr, answer); code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  const auto& list = answer["cards"];
  if (list.empty()) {
    std::cout << "No card present.\n";
    return kSuccess;
  }
  for (const auto& card : list) {
    std::cout << text(card, "path") << "  " << text(card, "label") << "\n"
              << "  " << text(card, "layout") << ", roll " << text(card, "roll", "? (say which)")
              << ", " << card.value("clips", 0) << " clips in " << card.value("files", 0)
              << " files, " << human_bytes(card.value("used_bytes", 0.0)) << "\n"
              << "  " << verdict_of(card) << "\n";
  }
  return kSuccess;
}

int cameras(const Options& options, const std::string& offload_camera) {
  nlohmann::json answer;
  if (!offload_camera.empty()) {
    const int code =
        call(options, "POST", "/api/v1/cameras/" + offload_camera + "/offload", nullptr, answer);
    if (code == kSuccess) {
      std::cout << "Offloading every file on " << offload_camera << " not taken before.\n";
    }
    return code;
  }
  if (const int code = call(options, "GET", "/api/v1/cameras", nullptr, answer); code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  const auto& list = answer["cameras"];
  if (list.empty()) {
    std::cout << "No camera found or configured.\n";
    return kSuccess;
  }
  for (const auto& camera : list) {
    std::cout << text(camera, "id") << "  " << text(camera, "model") << " on "
              << text(camera, "port") << "\n"
              << "  " << (camera.value("connected", false) ? "connected" : "not connected")
              << (camera.value("polled", false) ? " (listed every few seconds)" : "") << ", roll "
              << text(camera, "roll") << ", " << camera.value("files_taken", 0) << " files taken ("
              << human_bytes(camera.value("bytes_taken", 0.0)) << ")\n";
    if (!text(camera, "last_error").empty()) {
      std::cout << "  last error: " << text(camera, "last_error") << "\n";
    }
  }
  return kSuccess;
}

}  // namespace slate::cli
