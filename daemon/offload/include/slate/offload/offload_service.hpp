#pragma once
/// The offloads of a running slated: started from the API, each on threads of its own, resumed
/// after a restart, cancelled on request.

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <slate/catalogue/catalogue.hpp>
#include <slate/offload/offload.hpp>
#include <slate/offload/offload_job.hpp>
#include <slate/offload/offload_store.hpp>

namespace slate::offload {

/// Why an offload cannot be resumed or cancelled, in a sentence for people.
struct ControlError {
  enum class Kind { not_found, not_resumable, not_running };
  Kind kind;
  std::string sentence;  ///< "offload 4 is finished; only an interrupted offload can be resumed"
};

class OffloadService {
 public:
  explicit OffloadService(JobEnvironment environment);
  ~OffloadService();  ///< Cancels running offloads and waits for them to stop at a safe point.

  /// Records and starts an offload; the roll and label are proposed from the card when empty.
  /// Returns its id at once: preflight and copying go on in the background.
  std::int64_t start(OffloadRequest request, const std::string& actor);

  /// A running batch (started with OffloadRequest::open) has new files in its source folder.
  /// False when it takes no more: it ended, or was closed.
  bool feed(std::int64_t id);
  /// Closes a running batch: its ASC MHL and verdict are written once its files are verified.
  void close(std::int64_t id);

  /// Resumes an interrupted offload; else says why not.
  std::optional<ControlError> resume(std::int64_t id);
  /// Asks a running offload to stop at its next safe point; else says why not.
  std::optional<ControlError> cancel(std::int64_t id);

  /// At start-up: offloads a previous run left unfinished are resumed (if the card is there;
  /// otherwise they end interrupted, saying so).
  void recover();

  OffloadStore& store() { return store_; }
  /// Live figures of a running offload.
  std::optional<Progress> progress(std::int64_t id);

  /// Waits until no offload runs (tests, shutdown).
  void wait_idle();

  /// Stops every running offload at its next safe point, to resume at the next start; refuses new
  /// ones. Returns at once; wait_idle() waits for them.
  void shutdown();

 private:
  void launch(std::int64_t id, bool open = false);
  void reap();

  JobEnvironment env_;
  OffloadStore store_;
  std::mutex mutex_;
  struct Running {
    std::shared_ptr<OffloadJob> job;
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::map<std::int64_t, Running> running_;
  bool shutting_down_ = false;
};

}  // namespace slate::offload
