#include <string>

#include <slate/log/throttle.hpp>

namespace slate::log {

void Throttle::write(std::string_view message) {
  const auto now = std::chrono::steady_clock::now();
  if (written_ && now - last_ < interval_) {
    ++suppressed_;
    return;
  }
  std::string line(message);
  if (suppressed_ > 0) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - last_).count();
    line += " (" + std::to_string(suppressed_) + " more like it in the last " +
            std::to_string(seconds) + " s)";
  }
  log::write(level_, line);
  written_ = true;
  last_ = now;
  suppressed_ = 0;
}

}  // namespace slate::log
