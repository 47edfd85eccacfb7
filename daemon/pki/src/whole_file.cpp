#include "whole_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <slate/pki/pki.hpp>

namespace slate::pki::detail {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& file, int error) {
  throw PkiError("cannot " + what + " " + file.string() + ": " + std::strerror(error));
}

void write_all(int fd, const std::string& text, const fs::path& file) {
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      fail("write", file, n < 0 ? errno : EIO);
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

void write_whole(const fs::path& file, const std::string& text, mode_t mode) {
  const auto partial = fs::path(file).concat(".partial");
  // A partial file left by a power cut may have another mode; O_EXCL makes the new one with ours.
  ::unlink(partial.c_str());
  const int fd =
      ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    fail("write", file, errno);
  }
  try {
    write_all(fd, text, file);
    if (::fsync(fd) != 0) {
      fail("write", file, errno);
    }
  } catch (...) {
    ::close(fd);
    ::unlink(partial.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(partial.c_str(), file.c_str()) != 0) {
    const int error = errno;
    ::unlink(partial.c_str());
    fail("write", file, error);
  }
  // The rename is only on the disk once the folder is.
  const int folder = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder < 0) {
    fail("sync the folder of", file, errno);
  }
  const int synced = ::fsync(folder);
  const int error = errno;
  ::close(folder);
  if (synced != 0) {
    fail("sync the folder of", file, error);
  }
}

std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return std::nullopt;
  }
  return text.str();
}

void make_private_folder(const fs::path& folder) {
  std::error_code error;
  if (fs::is_directory(folder, error)) {
    return;
  }
  if (folder.has_parent_path()) {
    fs::create_directories(folder.parent_path(), error);
    if (error) {
      throw PkiError("cannot make " + folder.parent_path().string() + ": " + error.message());
    }
  }
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    fail("make", folder, errno);
  }
}

}  // namespace slate::pki::detail
