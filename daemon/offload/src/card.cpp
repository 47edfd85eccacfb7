#include <algorithm>
#include <array>
#include <cctype>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <slate/camera/card_layout.hpp>
#include <slate/hashing/hash.hpp>
#include <slate/offload/card.hpp>

namespace slate::offload {
namespace {

std::int64_t mtime_ns_of(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot read " + file.string());
  }
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

// Reads up to `length` bytes at `offset`; a short file gives fewer.
std::string read_at(int fd, std::uint64_t offset, std::size_t length,
                    const std::filesystem::path& file) {
  std::string bytes(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const ssize_t got =
        pread(fd, bytes.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      throw std::system_error(errno, std::generic_category(), "cannot read " + file.string());
    }
    if (got == 0) {
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace

std::vector<CardFile> scan_card(const std::filesystem::path& source) {
  std::vector<CardFile> files;
  std::error_code error;
  std::filesystem::recursive_directory_iterator walk(source, error);
  if (error) {
    throw std::system_error(error, "cannot read the card folder " + source.string());
  }
  for (auto end = std::filesystem::recursive_directory_iterator(); walk != end;
       walk.increment(error)) {
    if (error) {
      throw std::system_error(error, "cannot read the card folder " + source.string());
    }
    const auto& entry = *walk;
    if (entry.is_symlink(error) || !entry.is_regular_file(error)) {
      continue;
    }
    CardFile file;
    file.relative_path = entry.path().lexically_relative(source).generic_string();
    file.size = entry.file_size(error);
    if (error) {
      throw std::system_error(error, "cannot read " + entry.path().string());
    }
    file.mtime_ns = mtime_ns_of(entry.path());
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const CardFile& a, const CardFile& b) { return a.relative_path < b.relative_path; });
  return files;
}

std::uint64_t total_size(const std::vector<CardFile>& files) {
  std::uint64_t total = 0;
  for (const auto& file : files) {
    total += file.size;
  }
  return total;
}

std::string card_fingerprint(const std::filesystem::path& source,
                             const std::vector<CardFile>& files) {
  constexpr std::size_t kEdge = 1024 * 1024;
  hashing::Hasher fingerprint(hashing::Algorithm::xxh64);
  for (const auto& file : files) {
    fingerprint.update(file.relative_path);
    fingerprint.update(std::string_view("\0", 1));
    fingerprint.update(std::to_string(file.size));
    const auto path = source / file.relative_path;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
    }
    try {
      fingerprint.update(read_at(fd, 0, kEdge, path));
      if (file.size > kEdge) {
        fingerprint.update(
            read_at(fd, std::max(file.size - kEdge, std::uint64_t{kEdge}), kEdge, path));
      }
    } catch (...) {
      close(fd);
      throw;
    }
    close(fd);
  }
  return fingerprint.finish();
}

std::string propose_roll(const std::filesystem::path& source, const std::vector<CardFile>& files) {
  // The camera's own names say best which roll a card is; a card they say nothing of is named by
  // its folder, for the operator to correct.
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const auto& file : files) {
    paths.push_back(file.relative_path);
  }
  if (auto layout = camera::classify_card(paths); !layout.roll.empty()) {
    return layout.roll;
  }
  // A card copied as its reel folder ("A002R2EC") or RED magazine folder ("A001_0613XY.RDM"):
  // camera letter and three digits lead both.
  const std::string name = source.filename().string();
  if (name.size() >= 4 && std::isupper(static_cast<unsigned char>(name[0])) &&
      std::all_of(name.begin() + 1, name.begin() + 4,
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return name.substr(0, 4);
  }
  return name;
}

}  // namespace slate::offload
