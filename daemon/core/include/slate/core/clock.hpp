#pragma once
/// Times as Slate writes them for people and for the catalogue.

#include <chrono>
#include <string>

namespace slate::core {

/// "2026-11-27T04:42:04Z": UTC, ISO 8601, to the second.
std::string utc_text(std::chrono::system_clock::time_point time);
inline std::string utc_now() {
  return utc_text(std::chrono::system_clock::now());
}

}  // namespace slate::core
