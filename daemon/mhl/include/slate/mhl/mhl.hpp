#pragma once
/// ASC MHL v2.0: the history of a folder's hashes (`<folder>/ascmhl/`), read and continued. See
/// ../shared/standards/ascmhl/ for the specification, the schemas and reference outputs.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <slate/hashing/hash.hpp>

namespace slate::mhl {

/// A history that cannot be read or trusted (unreadable, not the schema's XML, a manifest whose C4
/// does not match the chain). The message names the file and what is wrong.
class MhlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class HashAction { original, verified, failed };

/// One hash of one file in one generation.
struct RecordedHash {
  hashing::Algorithm algorithm;
  hashing::Digest digest;
  HashAction action = HashAction::original;
  std::string hash_date;  ///< ISO 8601, e.g. "2020-01-17T14:30:00+00:00".
};

/// One <hash> element: a file and its hashes.
struct FileRecord {
  std::string path;  ///< Relative to the history's folder, '/'-separated.
  std::uint64_t size = 0;
  std::string last_modified;  ///< ISO 8601, as written.
  std::vector<RecordedHash> hashes;
};

/// One generation: a manifest file named in the chain.
struct Generation {
  int number = 0;
  std::string file_name;  ///< e.g. "0002_A002R2EC_2020-01-17_143000Z.mhl"
  std::string c4;         ///< Of the manifest file, as the chain records it.
  std::string creation_date;
  std::string process;  ///< "in-place", "transfer" or "flatten"
  std::vector<FileRecord> files;
};

/// True for what ASC MHL does not track: the `ascmhl` folders themselves and .DS_Store files.
bool is_ignored(const std::filesystem::path& relative_path);

/// The history of a folder, oldest generation first.
class History {
 public:
  /// Reads `<folder>/ascmhl/ascmhl_chain.xml` and every manifest it names, checking each manifest's
  /// C4 against the chain. A folder without `ascmhl/` has an empty history. Throws MhlError.
  static History load(const std::filesystem::path& folder);

  bool empty() const { return generations_.empty(); }
  int latest_generation() const { return generations_.empty() ? 0 : generations_.back().number; }
  const std::vector<Generation>& generations() const { return generations_; }

  /// The most recent hash recorded for `path` in `algorithm`, in any generation.
  std::optional<hashing::Digest> latest_hash(const std::string& path,
                                             hashing::Algorithm algorithm) const;
  /// The most recent record of `path` (its size and hashes), in any generation.
  const FileRecord* latest_record(const std::string& path) const;
  /// Every path any generation recorded, sorted.
  std::vector<std::string> known_paths() const;

 private:
  std::vector<Generation> generations_;
  /// Where each path is recorded: (generation, file) indices, oldest first.
  std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> records_;
};

/// A file of the folder, with the digests computed for it now.
struct FileEntry {
  std::string path;  ///< Relative, '/'-separated.
  std::uint64_t size = 0;
  std::chrono::system_clock::time_point last_modified;
  hashing::Digests digests;  ///< Every algorithm of the generation.
};

struct GenerationInput {
  std::filesystem::path folder;  ///< The folder whose history this continues (a card's copy).
  std::chrono::system_clock::time_point started;  ///< Names the manifest; dates its hashes.
  std::string process = "transfer";
  std::string tool_version;  ///< Of Slate; the tool is named "Slate".
  std::string hostname;
  std::vector<FileEntry> files;  ///< Not ignored ones; any order.
};

struct GenerationResult {
  int number = 0;
  std::filesystem::path manifest;
  /// Paths whose digest differs from the one the history recorded before: action "failed".
  std::vector<std::string> failed;
};

/// Writes the next generation of `input.folder`'s history: a manifest (each hash "original" the
/// first time the history sees that path and algorithm, "verified" when it matches the latest
/// recorded digest, "failed" when it does not; directory content and structure hashes and the root
/// hash for every algorithm, per ASC MHL Appendix G) and the chain file with the manifest's C4.
/// Each file is written to a temporary name, synced and renamed, so a crash leaves the previous
/// history intact. Throws MhlError (or std::system_error for I/O) naming the file.
GenerationResult write_generation(const GenerationInput& input);

/// What heal_interrupted_write cleared away.
struct HealReport {
  std::vector<std::filesystem::path> removed;  ///< Temporary files and manifests no chain named.
  bool reset = false;  ///< The folder had no chain, only what Slate left of a first generation.
};

/// Repairs what a crash while Slate wrote a generation can leave in `<folder>/ascmhl/`: temporary
/// files, and, where no chain was ever written, the manifest of a first generation cut short (or
/// an empty folder). write_generation does this first, so a crash during sealing heals on the next
/// write; a history another tool wrote that lost its chain stays refused (MhlError naming it).
HealReport heal_interrupted_write(const std::filesystem::path& folder);

/// Removes manifests Slate wrote that are numbered past the chain's last generation: cut short
/// before the chain named them.
void remove_unchained_manifests(const std::filesystem::path& folder, const History& history);

/// What `slate verify` finds when it re-hashes a folder against its history.
struct VerifyReport {
  struct Changed {
    std::string path;
    hashing::Algorithm algorithm;
    hashing::Digest expected;
    hashing::Digest actual;
    std::uint64_t expected_size = 0;
    std::uint64_t actual_size = 0;
  };
  std::size_t matched = 0;
  std::vector<std::string> missing;  ///< Recorded, not on disk.
  std::vector<Changed> changed;      ///< On disk, hash differs (a flipped byte, a truncation).
  std::vector<std::string> added;    ///< On disk, never recorded.
  bool ok() const { return missing.empty() && changed.empty() && added.empty(); }
};

/// Re-hashes every file of `folder` with the algorithm each was last recorded with, and compares.
/// Throws MhlError when the folder has no history or it cannot be read.
VerifyReport verify_folder(const std::filesystem::path& folder);

/// ISO 8601 with "+00:00", as the reference implementation writes dates.
std::string iso_date(std::chrono::system_clock::time_point time);

}  // namespace slate::mhl
