#pragma once
/// slated as a whole: the catalogue, the event stream, the API server and the life cycle under
/// systemd, wired on one io_context.

#include <memory>
#include <string>
#include <vector>

#include <slate/api/router.hpp>
#include <slate/app/config.hpp>
#include <slate/catalogue/catalogue.hpp>

namespace slate::app {

class Daemon {
 public:
  explicit Daemon(Config config);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  /// Creates the data dir, opens and migrates the catalogue, binds the socket, then tells systemd
  /// it is ready. Throws (with a sentence naming what failed) when any of it cannot be done.
  /// With `handle_signals`, SIGTERM and SIGINT stop it gracefully from here on.
  void start(bool handle_signals = true);

  /// Serves until a handled signal or stop(); returns the exit code.
  int run();

  /// Asks a running daemon to stop gracefully. Safe from any thread.
  void stop();

  /// "http://127.0.0.1:8080", with the port actually bound.
  std::string url() const;
  catalogue::Catalogue& catalogue();
  /// Every route the API serves, with the right it requires (after start).
  std::vector<api::Router::RouteInfo> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::app
