// Files written whole or not at all, onto drives that may be pulled at any moment.

#include "whole_file.hpp"

#include <slate/core/whole_file.hpp>

namespace slate::exports::detail {

void write_whole(const std::filesystem::path& file, const std::string& text) {
  // A file system that refuses fsync (some FUSE and network mounts) still gets the rename.
  core::write_whole_file(file, text, {0644, false});
}

}  // namespace slate::exports::detail
