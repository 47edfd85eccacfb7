#pragma once
/// What an offload is asked to do, and what it reports while and after it runs.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <slate/hashing/hash.hpp>

namespace slate::offload {

/// How copies are checked. `full` reads every destination copy back from the disk; `source` also
/// reads the card a second time (a flaky reader gives different bytes); `none` only copies, and a
/// card copied so is never safe to format.
enum class VerifyMode { full, source, none };

const char* to_string(VerifyMode mode);
std::optional<VerifyMode> parse_verify_mode(std::string_view text);

enum class CopyState { pending, copying, copied, verified, failed };
const char* to_string(CopyState state);
CopyState parse_copy_state(std::string_view text);

struct DestinationRequest {
  std::filesystem::path root;  ///< The drive folder; the card goes in root/<template>.
  std::string name;            ///< Configured name, if it came from the config.
};

struct OffloadRequest {
  std::filesystem::path source;
  std::vector<DestinationRequest> destinations;
  std::vector<hashing::Algorithm> hashes = {hashing::Algorithm::xxh64};
  VerifyMode verify = VerifyMode::full;
  std::string roll;   ///< Empty: proposed from the card.
  std::string label;  ///< Empty: the card folder's name.
  std::string path_template = "{date}/{roll}";
  int min_destinations = 2;
  bool again = false;  ///< Copy even if this card was offloaded before.
  /// A batch (a tethered camera's burst): more files arrive in the source folder while it runs,
  /// each copied and verified as it comes (OffloadService::feed); its ASC MHL and verdict wait for
  /// OffloadService::close. Not recorded: a batch resumed after a restart is closed.
  bool open = false;
};

/// States of an offload as a whole.
namespace state {
inline constexpr std::string_view queued = "queued";
inline constexpr std::string_view preflight = "preflight";
inline constexpr std::string_view copying = "copying";
inline constexpr std::string_view sealing = "sealing";
inline constexpr std::string_view finished = "finished";
inline constexpr std::string_view refused = "refused";
inline constexpr std::string_view duplicate = "duplicate";
inline constexpr std::string_view interrupted = "interrupted";
inline constexpr std::string_view cancelled = "cancelled";
/// Whether an offload in this state has stopped for good (it may still be resumed if interrupted).
bool is_terminal(std::string_view state);
}  // namespace state

/// Live figures of one destination.
struct DestinationProgress {
  std::uint64_t bytes_written = 0;
  std::uint64_t bytes_verified = 0;
  std::size_t files_copied = 0;
  std::size_t files_verified = 0;
  std::size_t files_failed = 0;
  double bytes_per_second = 0;
};

/// Where an offload's time went, by stage, measured in the engine. Each figure is seconds of work
/// summed over the threads that do it (two destinations written for 3 s each make 6 s of write), so
/// a stage near `copying` is the one that holds the others up.
struct StageTimes {
  double copying = 0;  ///< Wall time of the copy, from the first read to the last read-back.
  double read = 0;     ///< Reading the card.
  /// Time the reader waited for a free block: the consumers (hashes, writes) were behind.
  double read_stalled = 0;
  std::map<hashing::Algorithm, double> hash;  ///< Hashing the card's bytes, per algorithm.
  double write = 0;                           ///< Writing copies (O_DIRECT), every destination.
  double sync = 0;                            ///< Syncing, trimming and renaming finished copies.
  double read_back = 0;                       ///< Reading copies back and hashing them.
  double mhl = 0;                             ///< Writing the ASC MHL generations.
};

/// Live figures of a running offload.
struct Progress {
  std::uint64_t bytes_read = 0;
  std::vector<DestinationProgress> destinations;
};

}  // namespace slate::offload
