#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <unistd.h>

#include <slate/api/event_hub.hpp>
#include <slate/api/router.hpp>
#include <slate/api/server.hpp>
#include <slate/api/static_files.hpp>
#include <slate/app/daemon.hpp>
#include <slate/app/service_notifier.hpp>
#include <slate/app/version.hpp>
#include <slate/log/log.hpp>

namespace slate::app {

namespace asio = boost::asio;

namespace {
// SIGTERM must end the process within systemd's TimeoutStopSec even if a tablet hangs on.
constexpr std::chrono::seconds kShutdownGrace{5};
}  // namespace

struct Daemon::Impl {
  explicit Impl(Config cfg) : config(std::move(cfg)) {}

  Config config;
  asio::io_context io{1};
  ServiceNotifier notifier;
  std::unique_ptr<catalogue::Catalogue> catalogue;
  std::unique_ptr<api::EventHub> hub;
  std::unique_ptr<api::StaticFiles> files;
  api::Router router;
  std::unique_ptr<api::ApiServer> server;
  std::optional<asio::steady_timer> watchdog;
  std::optional<asio::steady_timer> shutdown_deadline;
  std::optional<asio::steady_timer> idle_poll;
  std::optional<asio::signal_set> signals;
  std::string url;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool stopping = false;

  void add_routes();
  void ping_watchdog(std::chrono::microseconds interval);
  void begin_shutdown(const std::string& why);
  void wait_for_idle();
};

Daemon::Daemon(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Daemon::~Daemon() {
  if (impl_->catalogue) {
    impl_->catalogue->set_event_observer(nullptr);
  }
}

void Daemon::start(bool handle_signals) {
  auto& self = *impl_;
  log::set_level(self.config.log.level);
  if (handle_signals) {
    // Before anything can announce that slated is up: a SIGTERM from then on must stop it
    // gracefully, never kill it half-way.
    self.signals.emplace(self.io, SIGTERM, SIGINT);
    self.signals->async_wait([this](const boost::system::error_code& error, int signal) {
      if (!error) {
        impl_->begin_shutdown(signal == SIGTERM ? "SIGTERM" : "SIGINT");
      }
    });
  }

  std::error_code error;
  const auto data_dir = std::filesystem::absolute(self.config.storage.data_dir);
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    throw std::runtime_error("cannot create the data dir " + data_dir.string() + ": " +
                             error.message());
  }
  self.config.storage.data_dir = data_dir;
  self.catalogue = catalogue::Catalogue::open(data_dir / "catalogue.db");
  self.hub = std::make_unique<api::EventHub>(self.catalogue->reader());
  // Committed events reach the io thread in commit order: the observer runs under the writer lock
  // and asio runs posted handlers in the order they were posted.
  self.catalogue->set_event_observer([this](const std::vector<catalogue::Event>& events) {
    asio::post(impl_->io, [this, events] { impl_->hub->publish(events); });
  });

  self.files = std::make_unique<api::StaticFiles>(self.config.server.ui_dir);
  self.add_routes();
  api::ServerLimits limits;
  limits.max_body_bytes = self.config.server.max_body_bytes;
  self.server =
      std::make_unique<api::ApiServer>(self.io, limits, self.router, *self.files, *self.hub);
  const auto endpoint =
      self.server->listen(self.config.server.listen_address, self.config.server.listen_port);
  const auto address = endpoint.address();
  self.url = "http://" + (address.is_v6() ? "[" + address.to_string() + "]" : address.to_string()) +
             ":" + std::to_string(endpoint.port());
  log::notice("slated " + std::string(kVersion) + " listening on " + self.url + " (data in " +
              data_dir.string() + ", catalogue schema " +
              std::to_string(self.catalogue->schema_version()) + ")");
  self.notifier.ready("Serving on " + self.url);
}

int Daemon::run() {
  auto& self = *impl_;
  if (auto interval = self.notifier.watchdog_interval()) {
    self.watchdog.emplace(self.io);
    self.ping_watchdog(*interval);
  }
  self.io.run();
  log::notice("slated stopped");
  return 0;
}

void Daemon::stop() {
  asio::post(impl_->io, [this] { impl_->begin_shutdown("a stop request"); });
}

std::string Daemon::url() const {
  return impl_->url;
}

catalogue::Catalogue& Daemon::catalogue() {
  return *impl_->catalogue;
}

void Daemon::Impl::add_routes() {
  // Read once: neither changes while slated runs, and the io thread must not wait on the writer.
  const int schema_version = catalogue->schema_version();
  const std::string appliance_id = catalogue->appliance_id();
  router.add("GET", "/api/v1/status", [this, schema_version, appliance_id](api::Request&) {
    const auto uptime = std::chrono::steady_clock::now() - started;
    return api::Response::json({
        {"service", "slated"},
        {"version", kVersion},
        {"pid", static_cast<std::int64_t>(::getpid())},
        {"uptime_seconds", std::chrono::duration_cast<std::chrono::seconds>(uptime).count()},
        {"data_dir", config.storage.data_dir.string()},
        {"schema_version", schema_version},
        {"appliance_id", appliance_id},
        {"latest_event", hub->latest()},
    });
  });
}

void Daemon::Impl::ping_watchdog(std::chrono::microseconds interval) {
  // The ping comes from the io thread itself, so a stuck loop stops it and systemd restarts slated.
  notifier.watchdog();
  watchdog->expires_after(interval);
  watchdog->async_wait([this, interval](const boost::system::error_code& error) {
    if (!error && !stopping) {
      ping_watchdog(interval);
    }
  });
}

void Daemon::Impl::begin_shutdown(const std::string& why) {
  if (stopping) {
    return;
  }
  stopping = true;
  log::notice("stopping on " + why);
  notifier.stopping();
  if (signals) {
    signals->cancel();
  }
  if (watchdog) {
    watchdog->cancel();
  }
  server->shutdown();
  shutdown_deadline.emplace(io, kShutdownGrace);
  shutdown_deadline->async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      log::warning("connections still open after the grace period; closing them");
      io.stop();
    }
  });
  idle_poll.emplace(io);
  wait_for_idle();
}

void Daemon::Impl::wait_for_idle() {
  // Asio cannot say how much work is left, so look: once every connection has closed, only the
  // deadline keeps the loop running.
  if (server->open_connections() == 0) {
    shutdown_deadline->cancel();
    return;
  }
  idle_poll->expires_after(std::chrono::milliseconds(20));
  idle_poll->async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      wait_for_idle();
    }
  });
}

}  // namespace slate::app
