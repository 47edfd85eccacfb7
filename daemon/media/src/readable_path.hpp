#pragma once
// MediaInfoLib takes a file name as wide characters and GStreamer a launch line as UTF-8 text: a
// clip whose name is not UTF-8 (a Latin-1 name from a FAT card) reaches neither as the bytes it
// is. Opened here first, it is handed to them as /proc/self/fd/N, which names the same file in
// ASCII for as long as this object lives.

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include <slate/core/file_name.hpp>

namespace slate::media {

class ReadablePath {
 public:
  explicit ReadablePath(const std::filesystem::path& file) : path_(file.string()) {
    if (core::is_utf8(path_)) {
      return;
    }
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot open " + core::printable_name(path_));
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~ReadablePath() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  ReadablePath(const ReadablePath&) = delete;
  ReadablePath& operator=(const ReadablePath&) = delete;

  /// The path to give the library: the file's own when it is UTF-8.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace slate::media
