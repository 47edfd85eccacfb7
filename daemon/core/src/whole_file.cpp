#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

#include <slate/core/whole_file.hpp>

namespace slate::core {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& file, int error) {
  throw std::system_error(error, std::generic_category(), "cannot " + what + " " + file.string());
}

void write_all(int fd, std::string_view text, const fs::path& file) {
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

void write_whole_file(const fs::path& file, std::string_view text, const WholeFile& how) {
  const auto partial = fs::path(file).concat(".partial");
  // A partial file left by a power cut may have another mode; O_EXCL makes the new one with ours.
  ::unlink(partial.c_str());
  const int fd =
      ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, how.mode);
  if (fd < 0) {
    fail("write", file, errno);
  }
  try {
    write_all(fd, text, file);
    if (::fsync(fd) != 0 && how.sync_required) {
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
    if (how.sync_required) {
      fail("sync the folder of", file, errno);
    }
    return;
  }
  const int synced = ::fsync(folder);
  const int error = errno;
  ::close(folder);
  if (synced != 0 && how.sync_required) {
    fail("sync the folder of", file, error);
  }
}

}  // namespace slate::core
