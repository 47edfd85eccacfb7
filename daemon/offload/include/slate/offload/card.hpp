#pragma once
/// A card as the offload sees it: a folder tree of files to copy, with what identifies it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace slate::offload {

/// One file of a card.
struct CardFile {
  std::string relative_path;  ///< '/'-separated, as on the card.
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;   ///< Modification time, nanoseconds since the epoch.
  std::int64_t change_ns = 0;  ///< Status-change time (ctime); 0 when not known.
  std::uint64_t inode = 0;     ///< 0 when not known.
};

/// The identity of an open card file as the file system gives it now (fstat). Throws
/// std::system_error.
CardFile identify(int fd, const std::string& relative_path);

/// Why `now` is not the file that was `recorded` (scanned, or read), in words a camera assistant
/// reads: "A001C003.mov changed during the copy: 171,966,464 bytes now, 167,772,160 copied".
/// Empty when it is the same file. A change or inode of 0 on either side is not compared.
std::string describe_change(const CardFile& recorded, const CardFile& now);

/// How a card differs from what an offload recorded of it.
struct CardChanges {
  std::vector<std::size_t> changed;  ///< Indexes into the recorded list.
  std::vector<std::size_t> removed;  ///< Indexes into the recorded list.
  std::vector<CardFile> added;       ///< On the card now, not recorded.
  std::vector<std::string> reasons;  ///< One sentence per file, changed, removed and added.
  bool empty() const { return changed.empty() && removed.empty() && added.empty(); }
};

/// Compares a rescan of the card with what was recorded, in any order.
CardChanges compare_card(const std::vector<CardFile>& recorded, const std::vector<CardFile>& now);

/// 167772160 as "167,772,160".
std::string grouped(std::uint64_t number);

/// Every regular file under `source`, sorted by path. Symlinks and special files are skipped (a
/// card has none; a link could lead outside it). Throws std::system_error naming the folder or file
/// that cannot be read.
std::vector<CardFile> scan_card(const std::filesystem::path& source);

std::uint64_t total_size(const std::vector<CardFile>& files);

/// What tells one card from another without reading all of it: every file's name and size and the
/// xxh64 of its first and last MiB. Throws std::system_error when a file cannot be read.
std::string card_fingerprint(const std::filesystem::path& source,
                             const std::vector<CardFile>& files);

/// The roll a card's camera names give ("A002" for a card of A002C006_141024_R2EC.mov clips, "A001"
/// for a RED magazine A001_0613XY.RDM), else the card folder's name.
std::string propose_roll(const std::filesystem::path& source, const std::vector<CardFile>& files);

}  // namespace slate::offload
