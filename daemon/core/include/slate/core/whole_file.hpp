#pragma once
/// Files written whole or not at all: a temporary file beside the real one, synced, renamed over
/// it, and the folder synced. A power cut or a drive pulled half-way leaves the old file or the
/// new one under the real name, never half of one.

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace slate::core {

struct WholeFile {
  /// The new file's mode, from its creation: a key is never readable by others, not even for a
  /// moment.
  mode_t mode = 0644;
  /// A failed fsync fails the write. Off for drives on file systems that refuse fsync (some FUSE
  /// and network mounts), which still get the rename.
  bool sync_required = true;
};

/// Throws std::system_error whose message names the file.
void write_whole_file(const std::filesystem::path& file, std::string_view text,
                      const WholeFile& how = {});

}  // namespace slate::core
