#pragma once
// The TLS files are written whole or not at all: a power cut while the box renews its
// certificate leaves the old file or the new one, never half of one.

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>

namespace slate::pki::detail {

/// Writes `text` to a temporary file in the same folder, created with `mode` (so a key is never
/// readable by others, not even for a moment), fsyncs it, renames it over `file` and fsyncs the
/// folder. Throws PkiError naming the file.
void write_whole(const std::filesystem::path& file, const std::string& text, mode_t mode);

/// The whole file, or nullopt when it is missing or cannot be read.
std::optional<std::string> read_whole(const std::filesystem::path& file);

/// Makes `folder` (mode 0700: it holds the keys) and its parents when missing.
void make_private_folder(const std::filesystem::path& folder);

}  // namespace slate::pki::detail
