#pragma once
/// The kernel's mount table, read from /proc/self/mountinfo.

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace slate::camera {

struct MountEntry {
  std::filesystem::path mount_point;
  std::string file_system;  ///< "ext4", "exfat", "tmpfs"…
  std::string source;       ///< "/dev/sdb1", "tmpfs"…
  dev_t device = 0;         ///< major:minor of the mounted device.
};

/// Parses mountinfo text (proc(5)); the octal escapes of spaces and tabs in paths are decoded.
/// Malformed lines are skipped: the kernel writes this file, and a half-read line must not stop
/// card detection.
std::vector<MountEntry> parse_mountinfo(std::string_view text);

/// Reads and parses /proc/self/mountinfo. Throws std::system_error when it cannot be read.
std::vector<MountEntry> read_mount_table();

/// Pseudo and system file systems that are never a camera card (proc, cgroup, overlay…).
bool is_pseudo_file_system(std::string_view file_system);

}  // namespace slate::camera
