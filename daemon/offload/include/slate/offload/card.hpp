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
  std::int64_t mtime_ns = 0;  ///< Modification time, nanoseconds since the epoch.
};

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
