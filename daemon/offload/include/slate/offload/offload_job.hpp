#pragma once
/// One offload from start to verdict: preflight, copy, read-back verification, ASC MHL, and the
/// safe-to-format verdict; or, for an interrupted one, the rest of it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <slate/catalogue/catalogue.hpp>
#include <slate/offload/file_io.hpp>
#include <slate/offload/offload.hpp>

namespace slate::offload {

struct JobEnvironment {
  catalogue::Catalogue* catalogue = nullptr;
  std::shared_ptr<SourceFiles> source_files = posix_source_files();
  std::string tool_version;
  std::string hostname;
  std::string project = "Untitled";  ///< The {project} token.
  std::chrono::milliseconds progress_interval{250};
  int read_attempts = 4;
  std::chrono::milliseconds read_backoff{100};
  /// Free space a destination must keep beyond the card's size.
  std::uint64_t free_space_margin = 64ull * 1024 * 1024;
  /// Called on a verifying thread once a copy is on the disk and before it is read back (may be
  /// empty): tests change the disk under a copy here.
  std::function<void(const std::filesystem::path& copy)> before_read_back;
};

class CopyPipeline;

class OffloadJob {
 public:
  /// An `open` job is a batch: it copies what its source folder holds, then waits for feed() to
  /// say more has arrived, until close().
  OffloadJob(JobEnvironment environment, std::int64_t id, bool open = false);
  ~OffloadJob();
  OffloadJob(const OffloadJob&) = delete;
  OffloadJob& operator=(const OffloadJob&) = delete;

  /// Runs a queued offload, or resumes an interrupted one, to its end. Blocking: call it on a
  /// thread of its own. Everything it finds is in the catalogue when it returns.
  void run();

  /// Asks the job to stop at the next block; what is verified stays verified. A cancelled offload
  /// ends cancelled; one stopped for a shutdown ends interrupted, to resume at the next start
  /// (a batch waiting for more, all it holds verified, is closed instead, and sealed).
  /// Thread-safe.
  void cancel(bool for_shutdown = false);

  /// A batch's source folder holds new files: they are recorded and copied. False when the job no
  /// longer takes files (closed, stopped, or not a batch): the caller offloads them otherwise.
  /// Thread-safe.
  bool feed();
  /// No more files come to this batch: once what it holds is verified, it is sealed and given its
  /// verdict. Thread-safe.
  void close();

  std::int64_t id() const { return id_; }
  /// Live figures; empty until copying starts. Thread-safe.
  Progress progress() const;

 private:
  struct Impl;
  std::int64_t id_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::offload
