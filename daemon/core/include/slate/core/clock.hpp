#pragma once
/// Times as Slate writes them for people and for the catalogue.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace slate::core {

/// "2026-11-27T04:42:04Z": UTC, ISO 8601, to the second.
std::string utc_text(std::chrono::system_clock::time_point time);
/// "2026-11-27T04:42:04.125Z": to the millisecond, for times a take is stamped with.
std::string utc_text_ms(std::chrono::system_clock::time_point time);
inline std::string utc_now() {
  return utc_text(std::chrono::system_clock::now());
}

/// "2026-11-27T04:42:04Z" or "2026-11-27T04:42:04.125Z" (as a browser's toISOString() writes it)
/// back to a time; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

}  // namespace slate::core
