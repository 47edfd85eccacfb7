#pragma once
// Files written whole or not at all, onto drives that may be pulled at any moment.

#include <filesystem>
#include <string>

namespace slate::exports::detail {

/// Writes `text` to `file`: a temporary file beside it, synced, renamed over it, and the folder
/// synced, so that a drive pulled half-way never holds half a file under its real name. Throws
/// std::runtime_error naming the file and why.
void write_whole(const std::filesystem::path& file, const std::string& text);

}  // namespace slate::exports::detail
