#pragma once
// What the route files share in reading a request: an id from the path or the query.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace slate::api {

/// An id as a path segment or query value carries it: a whole number from 1, nothing else ("12",
/// not "12x", "-1" or "0").
inline std::optional<std::int64_t> id_of(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0
             ? std::optional(value)
             : std::nullopt;
}

}  // namespace slate::api
