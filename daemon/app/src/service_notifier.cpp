#include <string>
#include <systemd/sd-daemon.h>

#include <slate/app/service_notifier.hpp>

namespace slate::app {

void ServiceNotifier::ready(std::string_view status) {
  sd_notify(0, ("READY=1\nSTATUS=" + std::string(status)).c_str());
}

void ServiceNotifier::watchdog() {
  sd_notify(0, "WATCHDOG=1");
}

void ServiceNotifier::stopping() {
  sd_notify(0, "STOPPING=1\nSTATUS=Stopping");
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_interval() const {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
    return std::nullopt;
  }
  return std::chrono::microseconds(usec / 4);
}

}  // namespace slate::app
