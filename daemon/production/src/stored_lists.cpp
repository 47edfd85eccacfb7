#include "stored_lists.hpp"

#include <nlohmann/json.hpp>

namespace slate::production {

std::string stored_list(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump();
}

std::vector<std::string> read_stored_list(std::string_view text) {
  const auto value = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> names;
  if (!value.is_array()) {
    return names;
  }
  for (const auto& name : value) {
    if (name.is_string()) {
      names.push_back(name.get<std::string>());
    }
  }
  return names;
}

}  // namespace slate::production
