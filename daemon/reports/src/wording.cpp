#include "wording.hpp"

#include <array>
#include <cstdio>

namespace slate::reports {

std::string with_thousands(std::uint64_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t at = digits.size(); at > 3; at -= 3) {
    digits.insert(at - 3, ",");
  }
  return digits;
}

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1000) {
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  }
  constexpr std::array<const char*, 6> units{"KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes) / 1000;
  std::size_t unit = 0;
  // 999.96 GB prints as "1000.0 GB" otherwise.
  while (value >= 999.95 && unit + 1 < units.size()) {
    value /= 1000;
    ++unit;
  }
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.1f %s", value, units[unit]);
  return text.data();
}

std::string size_in_full(std::uint64_t bytes) {
  if (bytes < 1000) {
    return human_size(bytes);
  }
  return human_size(bytes) + " (" + with_thousands(bytes) + " bytes)";
}

}  // namespace slate::reports
