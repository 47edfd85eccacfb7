#pragma once
/// Tells systemd how slated is doing (sd_notify): ready, alive, stopping. A no-op when slated was
/// not started by systemd (no NOTIFY_SOCKET).

#include <chrono>
#include <optional>
#include <string_view>

namespace slate::app {

class ServiceNotifier {
 public:
  void ready(std::string_view status);
  void watchdog();
  void stopping();
  /// How often to ping the watchdog: a quarter of WatchdogSec, if systemd asked for pings.
  std::optional<std::chrono::microseconds> watchdog_interval() const;
};

}  // namespace slate::app
