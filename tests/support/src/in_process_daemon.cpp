#include <slate/testing/in_process_daemon.hpp>
#include <slate/testing/net.hpp>

namespace slate::testing {

InProcessDaemon::InProcessDaemon(const std::filesystem::path& data_dir) : data_dir_(data_dir) {
  app::Config config = app::default_config();
  config.server.listen_port = 0;
  config.storage.data_dir = data_dir;
  config.log.level = log::Level::warning;
  daemon_ = std::make_unique<app::Daemon>(config);
  daemon_->start(false);
  thread_ = std::thread([this] { daemon_->run(); });
}

InProcessDaemon::~InProcessDaemon() {
  daemon_->stop();
  thread_.join();
}

std::string InProcessDaemon::token() const {
  return admin_token(data_dir_);
}

std::uint16_t InProcessDaemon::port() const {
  const auto url = daemon_->url();
  return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

}  // namespace slate::testing
