#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

#include <slate/offload/file_io.hpp>

namespace slate::offload {
namespace {

std::system_error io_error(int code, const std::string& what, const std::filesystem::path& file) {
  return std::system_error(code, std::generic_category(), what + " " + file.string());
}

bool sync_refused(int code) {
  return code == EINVAL || code == ENOTSUP || code == EROFS;
}

class PosixSourceFiles final : public SourceFiles {
 public:
  int open(const std::filesystem::path& file) override {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
      posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    return fd;
  }
  ssize_t read_at(int fd, std::byte* buffer, std::size_t length, std::uint64_t offset) override {
    return ::pread(fd, buffer, length, static_cast<off_t>(offset));
  }
  void close(int fd) override {
    // The card is read once: keep its pages from crowding out what the box needs cached.
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
};

}  // namespace

// Mapped, not malloc'ed: glibc serves big blocks freed once from its arenas the next time (its
// mmap threshold rises to their size), and each offload's threads then keep arenas of them that
// never shrink. A mapping of our own is page-aligned and goes back to the system when freed.
AlignedBuffer::AlignedBuffer(std::size_t size) : size_(size) {
  static_assert(kDirectAlignment <= 4096, "mmap gives page alignment");
  void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    throw std::bad_alloc();
  }
  data_ = static_cast<std::byte*>(memory);
}

AlignedBuffer::~AlignedBuffer() {
  if (data_ != nullptr) {
    ::munmap(data_, size_);
  }
}

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

std::shared_ptr<SourceFiles> posix_source_files() {
  return std::make_shared<PosixSourceFiles>();
}

std::filesystem::path DestinationFile::part_path(const std::filesystem::path& final_path) {
  return final_path.parent_path() / ("." + final_path.filename().string() + ".part");
}

DestinationFile::DestinationFile(const std::filesystem::path& final_path, std::uint64_t size)
    : final_(final_path), part_(part_path(final_path)) {
  std::error_code error;
  std::filesystem::create_directories(final_.parent_path(), error);
  if (error) {
    throw io_error(error.value(), "cannot create the folder", final_.parent_path());
  }
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(part_.c_str(), kFlags | O_DIRECT, 0644);
  direct_ = fd_ >= 0;
  if (fd_ < 0 && errno == EINVAL) {
    fd_ = ::open(part_.c_str(), kFlags, 0644);
  }
  if (fd_ < 0) {
    throw io_error(errno, "cannot create", part_);
  }
  // Reserve the space up front: a full drive fails here, at once, not half-way through a clip.
  if (size > 0) {
    // fallocate(2), not posix_fallocate: where the file system cannot reserve, go on without it
    // rather than have glibc write the whole file twice.
    if (::fallocate(fd_, 0, 0, static_cast<off_t>(size)) != 0 &&
        (errno == ENOSPC || errno == EDQUOT)) {
      // A throwing constructor runs no destructor: the part file goes here, or it would stay.
      const int code = errno;
      ::close(fd_);
      fd_ = -1;
      ::unlink(part_.c_str());
      throw io_error(code, "no space for", part_);
    }
  }
}

DestinationFile::~DestinationFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  if (!finished_) {
    ::unlink(part_.c_str());
  }
}

void DestinationFile::write(const std::byte* data, std::size_t length) {
  const std::size_t padded = (length + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  // O_DIRECT takes whole sectors only; the padding past `length` is trimmed by finish().
  std::size_t to_write = direct_ ? padded : length;
  std::size_t done = 0;
  while (done < to_write) {
    const ssize_t wrote =
        ::pwrite(fd_, data + done, to_write - done, static_cast<off_t>(written_ + done));
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote < 0 && errno == EINVAL && direct_) {
      // The file system took O_DIRECT at open but not for this write: go on through the cache.
      fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_DIRECT);
      direct_ = false;
      to_write = length;
      continue;
    }
    if (wrote < 0) {
      throw io_error(errno, "cannot write", part_);
    }
    if (wrote == 0) {
      throw io_error(EIO, "cannot write", part_);
    }
    done += static_cast<std::size_t>(wrote);
  }
  written_ += length;
}

bool DestinationFile::finish(std::int64_t mtime_ns) {
  bool synced = true;
  if (::ftruncate(fd_, static_cast<off_t>(written_)) != 0) {
    throw io_error(errno, "cannot trim", part_);
  }
  if (::fdatasync(fd_) != 0) {
    if (!sync_refused(errno)) {
      throw io_error(errno, "cannot sync", part_);
    }
    synced = false;
  }
  const timespec times[2] = {
      {static_cast<time_t>(mtime_ns / 1'000'000'000), static_cast<long>(mtime_ns % 1'000'000'000)},
      {static_cast<time_t>(mtime_ns / 1'000'000'000), static_cast<long>(mtime_ns % 1'000'000'000)},
  };
  if (::futimens(fd_, times) != 0) {
    throw io_error(errno, "cannot set the modification time of", part_);
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    throw io_error(errno, "cannot close", part_);
  }
  if (::rename(part_.c_str(), final_.c_str()) != 0) {
    throw io_error(errno, "cannot rename into place", final_);
  }
  finished_ = true;
  return sync_folder(final_.parent_path()) && synced;
}

bool sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

int open_uncached(const std::filesystem::path& file, bool& direct) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
  direct = fd >= 0;
  if (fd < 0 && errno == EINVAL) {
    fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      // Synced pages are clean, so dropping them makes the next reads go to the disk.
      posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    }
  }
  if (fd < 0) {
    throw io_error(errno, "cannot open", file);
  }
  return fd;
}

ssize_t read_uncached(int fd, bool& direct, std::byte* buffer, std::size_t length,
                      std::uint64_t offset, const std::filesystem::path& file) {
  while (true) {
    const ssize_t got = ::pread(fd, buffer, length, static_cast<off_t>(offset));
    if (got >= 0) {
      return got;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EINVAL && direct) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_DIRECT);
      posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
      direct = false;
      continue;
    }
    throw io_error(errno, "cannot read back", file);
  }
}

void close_fd(int fd) {
  ::close(fd);
}

}  // namespace slate::offload
