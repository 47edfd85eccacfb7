#pragma once
/// The catalogue's upkeep while slated runs: its integrity check, once, after the appliance is
/// ready, and the pruning of what is kept only for a while.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <slate/catalogue/catalogue.hpp>

namespace slate::app {

/// Where the integrity check of this start stands.
struct CatalogueCheck {
  enum class State { pending, running, ok, damaged };
  State state = State::pending;
  std::string detail;  ///< What the check found when it ended; empty before.
};

std::string_view to_string(CatalogueCheck::State state);

class CatalogueUpkeep {
 public:
  /// Forgets the kept answers older than its argument; returns how many went.
  using Prune = std::function<std::int64_t(std::chrono::seconds)>;
  /// Told, on the upkeep's thread, what a damaged catalogue's check found.
  using Damaged = std::function<void(const std::string& detail)>;

  struct Options {
    std::filesystem::path file;
    std::chrono::seconds keep_replays{std::chrono::hours(24)};
    std::chrono::seconds prune_every{std::chrono::hours(1)};
  };

  CatalogueUpkeep(Options options, Prune prune, Damaged damaged);
  /// Stops: a check still reading is interrupted.
  ~CatalogueUpkeep();
  CatalogueUpkeep(const CatalogueUpkeep&) = delete;
  CatalogueUpkeep& operator=(const CatalogueUpkeep&) = delete;

  /// Prunes now, then checks the catalogue, then prunes every `prune_every`, on a thread of its
  /// own.
  void start();
  void stop();
  CatalogueCheck check() const;

 private:
  void run();
  void prune();

  Options options_;
  Prune prune_;
  Damaged damaged_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  catalogue::IntegrityCheck integrity_;
  CatalogueCheck check_;
  std::thread thread_;
};

}  // namespace slate::app
