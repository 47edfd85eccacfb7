#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <sys/sysmacros.h>
#include <system_error>

#include <slate/camera/mounts.hpp>

namespace slate::camera {

namespace {

// mountinfo writes space, tab, newline and backslash in paths as \ooo octal escapes.
std::string unescape(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const auto digits = text.substr(i + 1, 3);
      if (digits.size() == 3 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        result +=
            static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0'));
        i += 3;
        continue;
      }
    }
    result += text[i];
  }
  return result;
}

}  // namespace

std::vector<MountEntry> parse_mountinfo(std::string_view text) {
  // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
  std::vector<MountEntry> mounts;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, mount_point, options, field;
    if (!(fields >> id >> parent >> device >> root >> mount_point >> options)) {
      continue;
    }
    // Optional fields end with a lone "-".
    bool separator = false;
    while (fields >> field) {
      if (field == "-") {
        separator = true;
        break;
      }
    }
    MountEntry entry;
    if (!separator || !(fields >> entry.file_system >> entry.source)) {
      continue;
    }
    const auto colon = device.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    try {
      entry.device = makedev(static_cast<unsigned>(std::stoul(device.substr(0, colon))),
                             static_cast<unsigned>(std::stoul(device.substr(colon + 1))));
    } catch (const std::exception&) {
      continue;
    }
    entry.mount_point = unescape(mount_point);
    entry.source = unescape(entry.source);
    mounts.push_back(std::move(entry));
  }
  return mounts;
}

std::vector<MountEntry> read_mount_table() {
  std::ifstream file("/proc/self/mountinfo");
  if (!file) {
    throw std::system_error(errno, std::generic_category(), "cannot read /proc/self/mountinfo");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_mountinfo(text.str());
}

bool is_pseudo_file_system(std::string_view file_system) {
  static constexpr std::string_view kPseudo[] = {
      "autofs",          "binfmt_misc", "bpf",       "cgroup",   "cgroup2", "configfs",
      "debugfs",         "devpts",      "devtmpfs",  "efivarfs", "fusectl", "hugetlbfs",
      "mqueue",          "nsfs",        "overlay",   "proc",     "pstore",  "ramfs",
      "rpc_pipefs",      "securityfs",  "selinuxfs", "squashfs", "sysfs",   "tracefs",
      "fuse.gvfsd-fuse", "fuse.portal"};
  for (auto pseudo : kPseudo) {
    if (file_system == pseudo) {
      return true;
    }
  }
  return false;
}

}  // namespace slate::camera
