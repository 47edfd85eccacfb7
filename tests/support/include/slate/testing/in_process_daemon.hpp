#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <thread>

#include <slate/app/daemon.hpp>

namespace slate::testing {

/// slated's core running in the test's own process on an ephemeral port, so that the test can
/// append to its catalogue the way offload and logging threads do.
class InProcessDaemon {
 public:
  explicit InProcessDaemon(const std::filesystem::path& data_dir);
  ~InProcessDaemon();
  InProcessDaemon(const InProcessDaemon&) = delete;
  InProcessDaemon& operator=(const InProcessDaemon&) = delete;

  std::uint16_t port() const;
  /// The admin token, for requests and event streams.
  std::string token() const;
  catalogue::Catalogue& catalogue() { return daemon_->catalogue(); }

 private:
  std::filesystem::path data_dir_;
  std::unique_ptr<app::Daemon> daemon_;
  std::thread thread_;
};

}  // namespace slate::testing
