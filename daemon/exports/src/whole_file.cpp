// Files written whole or not at all, onto drives that may be pulled at any moment.

#include "whole_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace slate::exports::detail {

namespace fs = std::filesystem;

void write_whole(const fs::path& file, const std::string& text) {
  const auto partial = file.string() + ".partial";
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot write " + partial + ": " + std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const auto error = std::strerror(errno);
      ::close(fd);
      ::unlink(partial.c_str());
      throw std::runtime_error("cannot write " + partial + ": " + error);
    }
    written += static_cast<std::size_t>(n);
  }
  // A file system that refuses fsync (some FUSE and network mounts) still gets the rename.
  ::fsync(fd);
  ::close(fd);
  if (::rename(partial.c_str(), file.c_str()) != 0) {
    const auto error = std::strerror(errno);
    ::unlink(partial.c_str());
    throw std::runtime_error("cannot write " + file.string() + ": " + error);
  }
  const int folder = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
}

}  // namespace slate::exports::detail
