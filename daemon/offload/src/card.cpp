#include <algorithm>
#include <array>
#include <cctype>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <slate/camera/card_layout.hpp>
#include <slate/core/file_name.hpp>
#include <slate/hashing/hash.hpp>
#include <slate/offload/card.hpp>

namespace slate::offload {
namespace {

std::int64_t nanoseconds(const timespec& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

CardFile identity_of(const struct stat& info, std::string relative_path) {
  CardFile file;
  file.relative_path = std::move(relative_path);
  file.size = static_cast<std::uint64_t>(info.st_size);
  file.mtime_ns = nanoseconds(info.st_mtim);
  file.change_ns = nanoseconds(info.st_ctim);
  file.inode = static_cast<std::uint64_t>(info.st_ino);
  return file;
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
    struct stat info {};
    if (::lstat(entry.path().c_str(), &info) != 0) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot read " + entry.path().string());
    }
    if (!S_ISREG(info.st_mode)) {
      continue;  // Replaced by a link or a folder since the walk saw it.
    }
    files.push_back(identity_of(info, entry.path().lexically_relative(source).generic_string()));
  }
  std::sort(files.begin(), files.end(),
            [](const CardFile& a, const CardFile& b) { return a.relative_path < b.relative_path; });
  return files;
}

CardFile identify(int fd, const std::string& relative_path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot read " + core::printable_name(relative_path));
  }
  return identity_of(info, relative_path);
}

std::string grouped(std::uint64_t number) {
  std::string digits = std::to_string(number);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return digits;
}

std::string describe_change(const CardFile& recorded, const CardFile& now) {
  const auto name = core::printable_name(recorded.relative_path);
  if (now.size != recorded.size) {
    return name + " changed during the copy: " + grouped(now.size) + " bytes now, " +
           grouped(recorded.size) + " copied";
  }
  const bool known = recorded.change_ns != 0 && now.change_ns != 0;
  if (now.mtime_ns != recorded.mtime_ns || (known && now.change_ns != recorded.change_ns) ||
      (recorded.inode != 0 && now.inode != 0 && now.inode != recorded.inode)) {
    return name + " changed during the copy: it was rewritten (" + grouped(now.size) +
           " bytes, modified since it was read)";
  }
  return {};
}

CardChanges compare_card(const std::vector<CardFile>& recorded, const std::vector<CardFile>& now) {
  CardChanges changes;
  std::map<std::string_view, const CardFile*> on_card;
  for (const auto& file : now) {
    on_card.emplace(file.relative_path, &file);
  }
  for (std::size_t r = 0; r < recorded.size(); ++r) {
    const auto found = on_card.find(recorded[r].relative_path);
    if (found == on_card.end()) {
      changes.removed.push_back(r);
      changes.reasons.push_back(core::printable_name(recorded[r].relative_path) +
                                " is no longer on the card");
      continue;
    }
    if (auto change = describe_change(recorded[r], *found->second); !change.empty()) {
      changes.changed.push_back(r);
      changes.reasons.push_back(std::move(change));
    }
    on_card.erase(found);
  }
  for (const auto& file : now) {
    if (on_card.contains(file.relative_path)) {
      changes.reasons.push_back(core::printable_name(file.relative_path) +
                                " is on the card but was not when the offload began: it is on no "
                                "destination");
      changes.added.push_back(file);
    }
  }
  return changes;
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
