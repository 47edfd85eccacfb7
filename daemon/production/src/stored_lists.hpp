#pragma once
// Lists of names as the catalogue's columns keep them (projects.cameras, setups.cameras,
// setups.characters): JSON arrays of strings, which SQLite's json functions read as well.

#include <string>
#include <string_view>
#include <vector>

namespace slate::production {

std::string stored_list(const std::vector<std::string>& names);
/// The strings of a stored list; a value that is not a list of strings reads as empty.
std::vector<std::string> read_stored_list(std::string_view text);

}  // namespace slate::production
