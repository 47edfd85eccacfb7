#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include <slate/cardmount/mount_point.hpp>

namespace slate::cardmount {

std::string sanitise_mount_name(std::string_view wanted) {
  std::string name;
  for (const char c : wanted) {
    const auto byte = static_cast<unsigned char>(c);
    const bool printable = byte >= 0x20 && byte < 0x7f;
    name += printable && c != '/' && c != '\\' ? c : '_';
  }
  const auto first = name.find_first_not_of(". ");
  if (first == std::string::npos) {
    return {};
  }
  name.erase(0, first);
  if (name.size() > kMaxMountNameBytes) {
    name.resize(kMaxMountNameBytes);
  }
  name.erase(name.find_last_not_of(' ') + 1);
  if (name.find_first_not_of('_') == std::string::npos) {
    return {};
  }
  return name;
}

std::optional<std::filesystem::path> make_mount_point(const std::filesystem::path& cards_dir,
                                                      const std::string& name, std::string& error) {
  for (int attempt = 1; attempt <= 100; ++attempt) {
    std::string candidate = name;
    if (attempt > 1) {
      const auto suffix = "-" + std::to_string(attempt);
      candidate.resize(std::min(candidate.size(), kMaxMountNameBytes - suffix.size()));
      candidate += suffix;
    }
    const auto point = cards_dir / candidate;
    if (::mkdir(point.c_str(), 0755) == 0) {
      return point;
    }
    if (errno != EEXIST) {
      error = "cannot make the mount point " + point.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
  }
  error = "cannot make a mount point for " + name + " in " + cards_dir.string() +
          ": 100 names are taken";
  return std::nullopt;
}

}  // namespace slate::cardmount
