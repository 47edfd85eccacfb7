#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <optional>
#include <sys/resource.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <slate/api/device_routes.hpp>
#include <slate/api/event_hub.hpp>
#include <slate/api/export_routes.hpp>
#include <slate/api/media_routes.hpp>
#include <slate/api/offload_routes.hpp>
#include <slate/api/project_routes.hpp>
#include <slate/api/router.hpp>
#include <slate/api/server.hpp>
#include <slate/api/static_files.hpp>
#include <slate/api/take_routes.hpp>
#include <slate/api/timecode_routes.hpp>
#include <slate/app/daemon.hpp>
#include <slate/app/service_notifier.hpp>
#include <slate/app/version.hpp>
#include <slate/auth/devices.hpp>
#include <slate/devices/device_service.hpp>
#include <slate/exports/offload_reports.hpp>
#include <slate/exports/wrap_delivery.hpp>
#include <slate/log/log.hpp>
#include <slate/ltc/ltc_input.hpp>
#include <slate/media/media_service.hpp>
#include <slate/offload/offload_service.hpp>
#include <slate/production/production_store.hpp>

#include "box_tls.hpp"
#include "catalogue_upkeep.hpp"

namespace slate::app {

namespace asio = boost::asio;

namespace {

// The CLI on the box proves itself with this file's contents: readable by root and the service's
// group only, made at first start.
std::string load_or_create_token(const std::filesystem::path& file) {
  std::ifstream existing(file);
  std::string token;
  if (existing >> token && token.size() >= 32) {
    return token;
  }
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[32];
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
    throw std::runtime_error("cannot read /dev/urandom to make the admin token");
  }
  static const char* hex = "0123456789abcdef";
  token.clear();
  for (unsigned char byte : bytes) {
    token += hex[byte >> 4];
    token += hex[byte & 15];
  }
  const auto temporary = file.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0 ||
      ::write(fd, (token + "\n").data(), token.size() + 1) !=
          static_cast<ssize_t>(token.size() + 1) ||
      ::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(temporary.c_str(), file.c_str()) != 0) {
    throw std::runtime_error("cannot write the admin token " + file.string());
  }
  return token;
}

bool same_secret(const std::string& a, const std::string& b) {
  // Constant time, so the comparison does not tell how much of a guess was right.
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

// SIGTERM must end the process within systemd's TimeoutStopSec even if a tablet hangs on.
constexpr std::chrono::seconds kShutdownGrace{5};

// Descriptors kept for everything but connections: the catalogue, offloads (a card's file and one
// per destination, each copy read back), media jobs, udev, libgphoto2.
constexpr rlim_t kDescriptorsForTheRest = 256;

// The soft limit on open files up to the hard one (systemd's default soft limit, 1024, is a
// leftover of select(2), which slated does not use), and the connection caps kept below it, so a
// flood of connections never leaves an offload unable to open a file.
void fit_connections_to_descriptors(api::ServerLimits& limits) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) {
    return;
  }
  if (files.rlim_cur < files.rlim_max) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      files = raised;
    }
  }
  const rlim_t room = files.rlim_cur > kDescriptorsForTheRest * 2
                          ? files.rlim_cur - kDescriptorsForTheRest
                          : files.rlim_cur / 2;
  if (files.rlim_cur != RLIM_INFINITY && limits.max_connections > room) {
    log::warning(
        "only " + std::to_string(files.rlim_cur) +
        " open files are allowed (LimitNOFILE): at most " + std::to_string(room) +
        " connections, not server.max_connections = " + std::to_string(limits.max_connections));
    limits.max_connections = room;
    limits.max_connections_per_address =
        std::min<std::size_t>(limits.max_connections_per_address, limits.max_connections);
  }
}
// The rights a role holds, by name, as GET /api/v1/session and the pairing answer give them.
nlohmann::json rights_json(const std::string& role) {
  auto rights = nlohmann::json::array();
  for (const auto right : api::rights_of(role)) {
    rights.push_back(std::string(api::to_string(right)));
  }
  return rights;
}

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
  std::unique_ptr<offload::OffloadService> offloads;
  std::unique_ptr<devices::DeviceService> devices;
  std::unique_ptr<media::MediaService> media;
  std::unique_ptr<production::ProductionStore> production;
  std::unique_ptr<production::BoxClock> clock;
  std::unique_ptr<production::TakeStore> takes;
  std::unique_ptr<exports::WrapDelivery> delivery;
  std::unique_ptr<exports::OffloadReports> offload_reports;
  // After the clock, which it feeds: stopped and gone before it.
  std::unique_ptr<ltc::LtcInput> ltc;
  std::unique_ptr<auth::DeviceRegistry> registry;
  std::unique_ptr<BoxTls> tls;
  std::string admin_token;
  std::optional<asio::steady_timer> watchdog;
  std::optional<asio::steady_timer> shutdown_deadline;
  std::optional<asio::steady_timer> idle_poll;
  std::optional<asio::signal_set> signals;
  std::string url;
  std::string https_url;  ///< Where tablets go: "https://slate.local/"; empty without TLS.
  std::string trust_url;  ///< The trust page over plain HTTP: "http://slate.local/trust".
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool stopping = false;
  // Last: its thread prunes through the router and writes to the catalogue, so it stops first.
  std::unique_ptr<CatalogueUpkeep> upkeep;

  void add_routes();
  void start_upkeep(const std::filesystem::path& data_dir);
  nlohmann::json catalogue_check_json() const;
  void add_offloads();
  void add_pairing();
  void listen_to_ltc();
  void add_devices(const offload::OffloadDefaults& defaults);
  void listen(const std::filesystem::path& data_dir);
  std::optional<api::Response> authenticate(api::Request& request, api::Right right) const;
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
  const auto data_dir = std::filesystem::absolute(self.config.storage.data_dir).lexically_normal();
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
    // A revoked tablet's streams close before its revocation is published: it reads nothing more,
    // not even that. From here, in commit order, whichever thread revoked it.
    for (const auto& event : events) {
      if (event.kind == "device.revoked") {
        asio::post(impl_->io,
                   [this, actor = event.entity] { impl_->hub->close_actor(actor, "revoked"); });
      }
    }
    asio::post(impl_->io, [this, events] { impl_->hub->publish(events); });
    // An offload that ended has clips to probe on its verified copies.
    for (const auto& event : events) {
      if (event.kind == "offload.finished" && impl_->media) {
        const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
        impl_->media->offload_finished(payload.is_object() ? payload.value("id", std::int64_t{0})
                                                           : 0);
      }
      // Another day is current: the one before it is wrapped, and its deliverables go out.
      if ((event.kind == "day.started" || event.kind == "day.current") && impl_->delivery) {
        const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
        if (payload.is_object() && payload.value("id", std::int64_t{0}) > 0) {
          impl_->delivery->current_day_is(payload.value("id", std::int64_t{0}));
        }
      }
      // The day's wrap was marked: its deliverables and reports go out now.
      if (event.kind == "day.marked" && impl_->delivery) {
        const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
        if (payload.is_object() && payload.value("kind", "") == "wrap" && payload.contains("at") &&
            payload["at"].is_string() && payload.value("day", std::int64_t{0}) > 0) {
          impl_->delivery->wrapped(payload.value("day", std::int64_t{0}));
        }
      }
      // A card's thumbnails are made: its offload report can show them.
      if (event.kind == "media.previews_ready" && impl_->offload_reports) {
        const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
        if (payload.is_object() && payload.value("offload", std::int64_t{0}) > 0) {
          impl_->offload_reports->previews_ready(payload.value("offload", std::int64_t{0}));
        }
      }
      // A probed clip has a timecode: it may belong to a take.
      if (event.kind == "media.probed" && impl_->takes) {
        impl_->takes->request_match();
      }
    }
  });

  self.admin_token = load_or_create_token(data_dir / "admin.token");
  self.registry = std::make_unique<auth::DeviceRegistry>(*self.catalogue);
  self.router.set_guard([this](api::Request& request, api::Right right) {
    return impl_->authenticate(request, right);
  });
  self.router.keep_replays_in(*self.catalogue);
  self.add_pairing();
  self.files = std::make_unique<api::StaticFiles>(self.config.server.ui_dir);
  self.add_routes();
  media::MediaOptions media_options;
  media_options.data_dir = data_dir;
  media_options.concurrency = self.config.media.concurrency;
  media_options.proxy_width = self.config.media.proxy_width;
  media_options.proxy_height = self.config.media.proxy_height;
  self.media = std::make_unique<media::MediaService>(*self.catalogue, media_options);
  api::add_media_routes(self.router, *self.media);
  self.production = std::make_unique<production::ProductionStore>(*self.catalogue);
  // The first shooting day is today, on the box's own clock and time zone.
  self.production->ensure_current({self.config.project.name, self.config.project.fps},
                                  production::local_date_today());
  production::BoxClockOptions clock_options;
  clock_options.source = core::parse_timecode_source(self.config.timecode.source)
                             .value_or(core::TimecodeSource::time_of_day);
  clock_options.jam_at = std::chrono::minutes(self.config.timecode.jam_at_minutes);
  clock_options.offset =
      std::chrono::milliseconds(std::llround(self.config.project.timecode_offset_seconds * 1000.0));
  clock_options.ltc_input = self.config.timecode.ltc_input;
  self.clock = std::make_unique<production::BoxClock>(*self.catalogue, clock_options);
  if (clock_options.source == core::TimecodeSource::ltc) {
    self.listen_to_ltc();
  }
  production::TakeClockOptions matching;
  matching.match_tolerance_seconds = self.config.project.match_tolerance_seconds;
  self.takes = std::make_unique<production::TakeStore>(*self.catalogue, matching, self.clock.get());
  api::add_project_routes(self.router, *self.production);
  api::add_take_routes(self.router, *self.takes);
  api::add_timecode_routes(self.router, *self.clock);
  api::add_export_routes(self.router, *self.catalogue, *self.production,
                         {self.config.project.camera_audio});
  exports::DeliveryOptions delivery;
  for (const auto& destination : self.config.destinations) {
    delivery.destinations.push_back(destination.path);
  }
  delivery.path_template = self.config.offload.path_template;
  if (self.config.project.wrap_at_minutes >= 0) {
    delivery.wrap_at = std::chrono::minutes(self.config.project.wrap_at_minutes);
  }
  exports::ReportSettings reports;
  reports.paper = reports::parse_paper(self.config.reports.paper).value_or(reports::Paper::a4);
  reports.version = kVersion;
  reports.data_dir = data_dir;
  reports.check = {self.config.project.camera_audio};
  delivery.reports = reports;
  self.delivery = std::make_unique<exports::WrapDelivery>(*self.catalogue, delivery);
  self.offload_reports = std::make_unique<exports::OffloadReports>(*self.catalogue, reports);
  api::add_report_routes(self.router, *self.catalogue, *self.offload_reports, reports);
  // Clips probed before this start (or before a crash) still wait for their takes.
  self.takes->request_match();
  self.add_offloads();
  api::ServerLimits limits;
  limits.max_body_bytes = self.config.server.max_body_bytes;
  limits.max_connections = self.config.server.max_connections;
  limits.max_connections_per_address = self.config.server.max_connections_per_address;
  fit_connections_to_descriptors(limits);
  self.server =
      std::make_unique<api::ApiServer>(self.io, limits, self.router, *self.files, *self.hub,
                                       api::ServerNames{self.config.server.names});
  self.listen(data_dir);
  self.media->start();
  self.offloads->recover();
  // After recovery: a card found now may resume an offload recovery left interrupted.
  self.devices->start();
  self.notifier.ready("Serving on " + self.url);
  // After READY: checking every page of a production's catalogue takes seconds, and the box
  // answers meanwhile (GET /api/v1/status says how the check stands).
  self.start_upkeep(data_dir);
}

void Daemon::Impl::start_upkeep(const std::filesystem::path& data_dir) {
  CatalogueUpkeep::Options options;
  options.file = data_dir / "catalogue.db";
  options.keep_replays = std::chrono::hours(config.storage.idempotency_hours);
  upkeep = std::make_unique<CatalogueUpkeep>(
      options, [this](std::chrono::seconds age) { return router.forget_replays_older_than(age); },
      [this](const std::string& detail) {
        // In the log and on every tablet's DIT view: the catalogue is what says a card is safe.
        try {
          catalogue->append({"catalogue.damaged", "", nlohmann::json{{"detail", detail}}.dump(),
                             "daemon", std::nullopt});
        } catch (const std::exception& error) {
          log::error(std::string("could not record that the catalogue is damaged: ") +
                     error.what());
        }
      });
  upkeep->start();
}

int Daemon::run() {
  auto& self = *impl_;
  if (auto interval = self.notifier.watchdog_interval()) {
    self.watchdog.emplace(self.io);
    self.ping_watchdog(*interval);
  }
  self.io.run();
  if (self.upkeep) {
    self.upkeep->stop();
  }
  if (self.server) {
    // A handler still running on a worker uses the services below: let it finish first.
    self.server->join_workers();
  }
  if (self.ltc) {
    self.ltc->stop();
  }
  if (self.devices) {
    // No new cards or camera files while the offloads wind down.
    self.devices->stop();
  }
  if (self.media) {
    // A proxy half made is made again at the next start.
    self.media->stop();
  }
  if (self.offloads) {
    // Copies stop at their next block, recorded as interrupted, and resume at the next start.
    self.offloads->shutdown();
    self.offloads->wait_idle();
  }
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

std::vector<api::Router::RouteInfo> Daemon::routes() const {
  return impl_->router.routes();
}

namespace {

// The token a request carries: the Authorization header, or, for reads only, the `slate_token`
// cookie. A browser cannot put a header on an <img>, a <video> or a WebSocket, but sends the
// cookie; a mutation never takes the cookie, so another site cannot make a tablet's browser change
// anything.
std::optional<std::string> token_of(const api::Request& request, bool read) {
  constexpr std::string_view kBearer = "Bearer ";
  if (const auto header = request.header("authorization")) {
    if (header->starts_with(kBearer)) {
      return header->substr(kBearer.size());
    }
    return std::nullopt;
  }
  const auto cookies = request.header("cookie");
  if (!read || !cookies) {
    return std::nullopt;
  }
  constexpr std::string_view kName = "slate_token=";
  std::string_view rest = *cookies;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    auto pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') {
      pair.remove_prefix(1);
    }
    if (pair.starts_with(kName)) {
      return std::string(pair.substr(kName.size()));
    }
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json Daemon::Impl::catalogue_check_json() const {
  const auto check = upkeep ? upkeep->check() : CatalogueCheck{};
  return {{"state", to_string(check.state)},
          {"detail", check.detail.empty() ? nlohmann::json() : nlohmann::json(check.detail)}};
}

void Daemon::Impl::add_routes() {
  // What the tablets offer, from [tablet]: read by every tablet when it loads the day.
  router.add("GET", "/api/v1/tablet", api::Right::read,
             [phrases = config.tablet.quick_phrases](api::Request&) {
               return api::Response::json({{"quick_phrases", phrases}});
             });
  // Read once: neither changes while slated runs, and the io thread must not wait on the writer.
  const int schema_version = catalogue->schema_version();
  const std::string appliance_id = catalogue->appliance_id();
  // On the io thread, from memory: a health check and the watchdog's view of the box answer while
  // a write waits on a slow disk.
  router.add_inline(
      "GET", "/api/v1/status", api::Right::open,
      [this, schema_version, appliance_id](api::Request&) {
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
            // The integrity check runs after READY: pending, running, then ok or damaged.
            {"catalogue_check", catalogue_check_json()},
            // Where tablets go, and the CA they trust first; null when the box has no HTTPS.
            {"https", tls ? nlohmann::json{{"url", https_url},
                                           {"trust_url", trust_url},
                                           {"ca_fingerprint", tls->ca_fingerprint()}}
                          : nlohmann::json()},
        });
      });
  // Who the caller is and what it may do, from the one rights table: the tablet shows only what
  // its role may use, and keeps no copy of the table.
  router.add("GET", "/api/v1/session", api::Right::read, [this](api::Request& request) {
    std::string role = "dit";
    std::string name = "cli";
    if (request.actor != "cli") {
      const auto token = token_of(request, true);
      const auto device = token ? registry->authenticate(*token) : std::nullopt;
      if (!device) {
        return api::Response::error(401, "unauthorized", "This token is no longer valid.");
      }
      role = device->role;
      name = device->name;
    }
    return api::Response::json(
        {{"actor", request.actor}, {"role", role}, {"name", name}, {"rights", rights_json(role)}});
  });
}

std::optional<api::Response> Daemon::Impl::authenticate(api::Request& request,
                                                        api::Right right) const {
  const bool read = request.method == "GET" || request.method == "HEAD";
  // A tablet pairs before it has a token: its PIN is what it proves itself with. The status is
  // what a health check reads.
  if (right == api::Right::open) {
    request.actor = "anonymous";
    return std::nullopt;
  }
  const auto token = token_of(request, read);
  if (token && same_secret(*token, admin_token)) {
    request.actor = "cli";
    return std::nullopt;
  }
  if (token && token->size() <= 200) {
    if (const auto device = registry->authenticate(*token)) {
      request.actor = "device/" + std::to_string(device->id);
      if (!api::role_has(device->role, right)) {
        return api::Response::error(403, "forbidden",
                                    "A " + device->role + " tablet may not " + request.method +
                                        " " + request.path + " (it needs the right \"" +
                                        std::string(api::to_string(right)) + "\").");
      }
      return std::nullopt;
    }
  }
  auto refusal = api::Response::error(
      401, "unauthorized",
      token ? "This token is not valid: the tablet was revoked or never paired; pair it again."
            : "This request needs a token (Authorization: Bearer …); pair the tablet first.");
  refusal.headers.emplace_back("WWW-Authenticate", "Bearer");
  return refusal;
}

namespace {

struct PassedSocket {
  int descriptor;
  api::Transport transport;
};

// The listening sockets systemd passes (slated-http.socket, slated-https.socket), by their
// FileDescriptorName: how the box serves ports 80 and 443 with no privilege of its own.
std::vector<PassedSocket> passed_sockets() {
  char** names = nullptr;
  const int count = ::sd_listen_fds_with_names(1, &names);
  std::vector<PassedSocket> sockets;
  for (int i = 0; i < count; ++i) {
    const std::string name = names && names[i] ? names[i] : "";
    const int descriptor = SD_LISTEN_FDS_START + i;
    if (name == "http" || name == "https") {
      sockets.push_back(
          {descriptor, name == "https" ? api::Transport::tls : api::Transport::plain});
    } else {
      log::warning("systemd passed socket " + std::to_string(descriptor) + " named \"" + name +
                   "\"; slated takes sockets named http and https only, and closes it");
      ::close(descriptor);
    }
  }
  if (names) {
    for (int i = 0; i < count; ++i) {
      std::free(names[i]);
    }
    std::free(names);
  }
  return sockets;
}

asio::ip::address bound_address(int descriptor) {
  sockaddr_storage name{};
  socklen_t length = sizeof name;
  if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&name), &length) == 0) {
    if (auto address = address_of(reinterpret_cast<const sockaddr*>(&name))) {
      return *address;
    }
  }
  return asio::ip::address_v6::any();
}

std::string url_of(const char* scheme, const asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  return std::string(scheme) + "://" +
         (address.is_v6() ? "[" + address.to_string() + "]" : address.to_string()) + ":" +
         std::to_string(endpoint.port());
}

}  // namespace

void Daemon::Impl::listen(const std::filesystem::path& data_dir) {
  const auto passed = passed_sockets();
  const auto passes = [&passed](api::Transport transport) {
    return std::any_of(passed.begin(), passed.end(), [transport](const PassedSocket& socket) {
      return socket.transport == transport;
    });
  };
  const bool tls_on = config.server.tls || passes(api::Transport::tls);
  if (tls_on) {
    // The certificate before the TLS listener: it names the addresses it listens on.
    std::vector<asio::ip::address> addresses;
    for (const auto& socket : passed) {
      if (socket.transport == api::Transport::tls) {
        addresses.push_back(bound_address(socket.descriptor));
      }
    }
    if (addresses.empty()) {
      addresses.push_back(asio::ip::make_address(config.server.tls_address));
    }
    tls = std::make_unique<BoxTls>(io, data_dir / "tls", catalogue->appliance_id(), config.server);
    tls->start(*server, addresses);
  }
  std::optional<asio::ip::tcp::endpoint> plain;
  std::optional<asio::ip::tcp::endpoint> secure;
  for (const auto& socket : passed) {
    const auto endpoint = server->adopt(socket.descriptor, socket.transport);
    auto& first = socket.transport == api::Transport::tls ? secure : plain;
    if (!first) {
      first = endpoint;
    }
  }
  if (!plain) {
    plain = server->listen(config.server.listen_address, config.server.listen_port);
  }
  if (tls_on && !secure) {
    secure = server->listen(config.server.tls_address, config.server.tls_port, api::Transport::tls);
  }
  url = url_of("http", *plain);
  std::string also;
  if (secure) {
    tls->offer_trust(secure->port());
    https_url = tls->https_url();
    trust_url = "http://slate.local" +
                (plain->port() == 80 ? std::string() : ":" + std::to_string(plain->port())) +
                "/trust";
    also = " and " + url_of("https", *secure);
  }
  log::notice("slated " + std::string(kVersion) + " listening on " + url + also + " (data in " +
              data_dir.string() + ", catalogue schema " +
              std::to_string(catalogue->schema_version()) + ")");
}

void Daemon::Impl::add_pairing() {
  const auto refused = [](const auth::PairingError& error) {
    const char* code = error.status() == 429   ? "too_many_attempts"
                       : error.status() == 401 ? "wrong_pin"
                                               : "bad_request";
    return api::Response::error(error.status(), code, std::string(error.what()) + ".");
  };
  router.add(
      "POST", "/api/v1/pairing/pins", api::Right::settings, [this, refused](api::Request& request) {
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        try {
          if (!body.is_object() || !body.contains("role") || !body["role"].is_string()) {
            throw auth::PairingError(400,
                                     "the body must be {\"role\": \"script\"} or another role");
          }
          return api::Response::json(registry->create_pin(body["role"].get<std::string>()), 201);
        } catch (const auth::PairingError& error) {
          return refused(error);
        }
      });
  router.add("POST", "/api/v1/pairing", api::Right::open, [this, refused](api::Request& request) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    try {
      if (!body.is_object() || !body.contains("pin") || !body["pin"].is_string() ||
          !body.contains("name") || !body["name"].is_string()) {
        throw auth::PairingError(
            400, "the body must be {\"pin\": \"123456\", \"name\": \"Script iPad\"}");
      }
      auto paired = registry->pair(body["pin"].get<std::string>(), body["name"].get<std::string>(),
                                   request.remote_address);
      // What the new tablet may do, from the one table, so that its first view is already right.
      paired["rights"] = rights_json(paired.value("role", ""));
      return api::Response::json(paired, 201);
    } catch (const auth::PairingError& error) {
      return refused(error);
    }
  });
  router.add("GET", "/api/v1/devices", api::Right::settings, [this](api::Request&) {
    return api::Response::json({{"devices", registry->devices()}});
  });
  router.add(
      "POST", "/api/v1/devices/{id}/revoke", api::Right::settings, [this](api::Request& request) {
        std::int64_t id = 0;
        const auto& text = request.params.at("id");
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (error != std::errc() || end != text.data() + text.size() ||
            !registry->revoke(id, request.actor)) {
          return api::Response::error(404, "not_found",
                                      "There is no paired device " + text + " to revoke.");
        }
        // Its event streams are closed when the revocation commits (see the event observer).
        return api::Response::json({{"device", id}, {"revoked", true}});
      });
}

// The LTC input feeds the box's clock: each frame heard moves it, each change of the input's state
// is the clock's to tell. The input is read at the project's rate, which the clock knows.
void Daemon::Impl::listen_to_ltc() {
  const auto rate = clock->reading().timecode.rate();
  ltc::LtcInput::Options options;
  options.input = config.timecode.ltc_input;
  options.channel = config.timecode.ltc_channel;
  options.loop = config.timecode.ltc_loop;
  options.project_rate = rate;
  options.drop_frame = core::allows_drop_frame(rate);
  auto* box_clock = clock.get();
  const auto input = options.input;
  ltc = std::make_unique<ltc::LtcInput>(
      options,
      [box_clock](const ltc::LtcReading& reading, std::chrono::steady_clock::time_point instant) {
        box_clock->ltc_frame(reading.timecode, instant);
      },
      [box_clock, input](const ltc::LtcStatus& status) {
        production::LtcSignal signal;
        signal.input = input;
        signal.locked = status.state == ltc::LtcState::locked;
        signal.refused = status.state == ltc::LtcState::refused;
        signal.ended = status.state == ltc::LtcState::holdover;
        if (status.rate) {
          signal.rate = core::to_string(*status.rate);
        }
        signal.drop_frame = status.drop_frame;
        signal.level_dbfs = status.level_dbfs;
        signal.dropouts = status.dropouts;
        signal.date = status.date;
        signal.message = status.message;
        box_clock->ltc_signal(signal);
      });
  ltc->start();
  log::notice("timecode from LTC on " + input);
}

void Daemon::Impl::add_offloads() {
  offload::JobEnvironment environment;
  environment.catalogue = catalogue.get();
  environment.tool_version = kVersion;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  environment.hostname = host;
  offloads = std::make_unique<offload::OffloadService>(environment);

  offload::OffloadDefaults defaults;
  defaults.hashes = hashing::parse_algorithm_list(config.offload.hashes);
  defaults.verify =
      offload::parse_verify_mode(config.offload.verify).value_or(offload::VerifyMode::full);
  defaults.path_template = config.offload.path_template;
  defaults.min_destinations = config.offload.min_destinations;
  for (const auto& destination : config.destinations) {
    defaults.destinations.push_back({destination.name, destination.path, destination.is_default});
  }
  defaults.protected_folders = {config.storage.data_dir, files->root()};
  add_devices(defaults);
  api::add_offload_routes(router, *offloads, std::move(defaults));
}

void Daemon::Impl::add_devices(const offload::OffloadDefaults& defaults) {
  devices::DeviceOptions options;
  options.cards.mount_roots = config.cards.mount_roots;
  options.cards.watch_folders = config.cards.watch_folders;
  options.cards.settle = std::chrono::seconds(config.cards.settle_seconds);
  // A destination drive mounted under /media is where cards go, never a card.
  options.cards.excluded.push_back(config.storage.data_dir);
  for (const auto& destination : config.destinations) {
    options.cards.excluded.push_back(destination.path);
  }
  options.auto_offload = config.cards.auto_offload;
  // Cards slate-mountd mounts are found where any other card is: under a mount root.
  options.cards.mount_roots.push_back(config.cards.cards_dir);
  options.automount.enabled = config.cards.automount;
  options.automount.helper_socket = config.cards.mount_helper;
  options.automount.cards_dir = config.cards.cards_dir;
  options.automount.loop_devices = config.cards.automount_loop_devices;
  options.automount.eject_when_safe = config.cards.eject_when_safe;
  options.tether.staging_dir = config.storage.data_dir / "tether";
  options.tether.autodetect = config.tether.autodetect;
  options.tether.poll_interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(config.tether.poll_seconds * 1000));
  options.batching.gap =
      std::chrono::milliseconds(static_cast<std::int64_t>(config.tether.batch_gap_seconds * 1000));
  options.batching.max_files = static_cast<std::size_t>(config.tether.batch_max_files);
  for (const auto& camera : config.cameras) {
    options.cameras.push_back({{camera.model, camera.port}, camera.roll});
  }
  options.offload = defaults;
  devices = std::make_unique<devices::DeviceService>(*catalogue, *offloads, std::move(options));
  api::add_device_routes(router, *devices, *offloads, defaults);
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
  if (offloads) {
    offloads->shutdown();
  }
  if (signals) {
    signals->cancel();
  }
  if (watchdog) {
    watchdog->cancel();
  }
  if (tls) {
    tls->stop();
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
