#pragma once
// The copy itself: the card read once in large blocks; each block hashed and written to every
// destination by threads of their own; each copy read back from the disk and compared.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <slate/hashing/hash.hpp>
#include <slate/offload/file_io.hpp>
#include <slate/offload/offload.hpp>

namespace slate::offload {

struct PipelineFile {
  std::size_t index = 0;  ///< In the offload's file list; callbacks use it.
  std::filesystem::path source;
  std::filesystem::path relative;
  CardFile card;  ///< The file as the offload recorded it: what it must still be once read.
  std::vector<std::size_t> write_to;      ///< Destinations to copy to.
  std::vector<std::size_t> verify_only;   ///< Destinations holding a copy not yet read back.
  std::optional<hashing::Digests> known;  ///< Digests from an earlier run, for verify_only.
};

struct PipelineDestination {
  std::filesystem::path card_folder;
  bool failed = false;
};

struct PipelineCallbacks {
  std::function<void(std::size_t file, const hashing::Digests&)> digests;
  std::function<void(std::size_t file, std::size_t destination, CopyState, const std::string&)>
      copy_state;
  std::function<void(std::size_t destination, const std::string& reason)> destination_failed;
  std::function<void(std::size_t destination)> sync_refused;
  /// The file on the card is not the one recorded (it grew, was rewritten, vanished): whatever was
  /// copied of it is not the card's file.
  std::function<void(std::size_t file, const std::string& reason)> card_changed;
  /// A copy is synced and about to be read back (may be empty): the seam where a test changes
  /// the disk under a copy whose pages are still cached.
  std::function<void(const std::filesystem::path& copy)> before_read_back;
};

struct ReadRetry {
  int attempts = 4;  ///< Card readers and hubs glitch: a read error is tried again this often.
  std::chrono::milliseconds first_backoff{100};
};

class CopyPipeline {
 public:
  CopyPipeline(std::vector<PipelineFile> files, std::vector<PipelineDestination> destinations,
               std::vector<hashing::Algorithm> algorithms, VerifyMode verify,
               std::shared_ptr<SourceFiles> source_files, PipelineCallbacks callbacks,
               const std::atomic<bool>& cancel, ReadRetry retry);
  ~CopyPipeline();

  /// Copies and verifies everything. Returns why it stopped early (the card stopped answering,
  /// or cancelled), or nothing when it went to the end.
  std::optional<std::string> run();

  Progress progress() const;
  /// Where the time went so far (all but `mhl`, which is the job's).
  StageTimes stage_times() const;

 private:
  struct Block;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::offload
