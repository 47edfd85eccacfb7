#pragma once
/// The file I/O of an offload: reading the card (behind a seam, so tests can make a card reader
/// glitch), writing destination copies durably, and reading copies back from the disk.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>

#include <slate/offload/card.hpp>

namespace slate::offload {

/// Block size of every read and write: large, and a multiple of every disk's sector size.
inline constexpr std::size_t kBlockSize = 8 * 1024 * 1024;
/// Alignment that O_DIRECT asks of buffers, offsets and lengths.
inline constexpr std::size_t kDirectAlignment = 4096;

/// A buffer aligned for O_DIRECT.
class AlignedBuffer {
 public:
  explicit AlignedBuffer(std::size_t size);
  ~AlignedBuffer();
  AlignedBuffer(AlignedBuffer&& other) noexcept;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(AlignedBuffer&&) = delete;

  std::byte* data() { return data_; }
  const std::byte* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

/// How the card is read. The real one is plain POSIX; tests substitute one that fails on cue.
class SourceFiles {
 public:
  virtual ~SourceFiles() = default;
  /// A file descriptor, or -1 with errno set.
  virtual int open(const std::filesystem::path& file) = 0;
  /// As pread(2): bytes read, 0 at the end, -1 with errno set.
  virtual ssize_t read_at(int fd, std::byte* buffer, std::size_t length, std::uint64_t offset) = 0;
  virtual void close(int fd) = 0;
  /// What the file system says of the open file now: size, times, inode. Throws
  /// std::system_error. The real one is fstat(2).
  virtual CardFile identify(int fd, const std::string& relative_path) {
    return offload::identify(fd, relative_path);
  }
};

/// The real card: open(2), pread(2), close(2).
std::shared_ptr<SourceFiles> posix_source_files();

/// A copy being written: a hidden ".<name>.part" file beside its final name, renamed only once all
/// of it is on the disk. Uses O_DIRECT where the file system takes it.
class DestinationFile {
 public:
  /// Creates the part file (and missing folders). Throws std::system_error naming the file.
  DestinationFile(const std::filesystem::path& final_path, std::uint64_t size);
  ~DestinationFile();  ///< Removes the part file unless finished.
  DestinationFile(const DestinationFile&) = delete;
  DestinationFile& operator=(const DestinationFile&) = delete;

  /// Appends `length` bytes. `data` must hold round_up(length, 4096) bytes (zeros past `length`)
  /// so the last block can be written directly too. Throws std::system_error.
  void write(const std::byte* data, std::size_t length);

  /// Trims to the real size, syncs the data, sets the modification time, renames to the final
  /// name and syncs the folder. Returns false if the file system refused a sync (some exFAT and
  /// FUSE drives do): the copy is complete, but its durability rests on the drive. Throws
  /// std::system_error.
  bool finish(std::int64_t mtime_ns);

  static std::filesystem::path part_path(const std::filesystem::path& final_path);

 private:
  std::filesystem::path final_;
  std::filesystem::path part_;
  int fd_ = -1;
  bool direct_ = false;
  std::uint64_t written_ = 0;
  bool finished_ = false;
};

/// Reads a file back from the disk, not the page cache (O_DIRECT, else dropping its cached pages
/// first), feeding every block to `consume`. Throws std::system_error naming the file.
template <class Consume>
void read_back(const std::filesystem::path& file, AlignedBuffer& buffer, Consume&& consume);

/// The non-template part of read_back: opens for reading past the cache; returns the descriptor.
int open_uncached(const std::filesystem::path& file, bool& direct);
/// One read of read_back; handles a file system that refuses O_DIRECT mid-way.
ssize_t read_uncached(int fd, bool& direct, std::byte* buffer, std::size_t length,
                      std::uint64_t offset, const std::filesystem::path& file);
void close_fd(int fd);

template <class Consume>
void read_back(const std::filesystem::path& file, AlignedBuffer& buffer, Consume&& consume) {
  bool direct = false;
  const int fd = open_uncached(file, direct);
  std::uint64_t offset = 0;
  try {
    while (true) {
      const ssize_t got = read_uncached(fd, direct, buffer.data(), buffer.size(), offset, file);
      if (got == 0) {
        break;
      }
      consume(buffer.data(), static_cast<std::size_t>(got));
      offset += static_cast<std::uint64_t>(got);
    }
  } catch (...) {
    close_fd(fd);
    throw;
  }
  close_fd(fd);
}

/// Syncs a folder so that a rename in it survives a power cut. False where the file system refuses.
bool sync_folder(const std::filesystem::path& folder);

}  // namespace slate::offload
