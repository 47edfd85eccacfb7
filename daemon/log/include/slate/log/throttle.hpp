#pragma once
/// A log line that can repeat thousands of times a second (a refused connection, a failed accept)
/// written at most once per interval, with how many were held back, so a flood cannot fill the
/// journal or the disk.

#include <chrono>
#include <cstdint>
#include <string_view>

#include <slate/log/log.hpp>

namespace slate::log {

/// One kind of repeated line. Not thread-safe: each belongs to one thread (the io thread).
class Throttle {
 public:
  explicit Throttle(Level level,
                    std::chrono::steady_clock::duration interval = std::chrono::seconds(10))
      : level_(level), interval_(interval) {}

  /// Writes `message` if the last line was at least an interval ago, adding how many were held
  /// back since; otherwise only counts it.
  void write(std::string_view message);

  /// Lines held back since the last one written.
  std::uint64_t suppressed() const { return suppressed_; }

 private:
  Level level_;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point last_{};
  bool written_ = false;
  std::uint64_t suppressed_ = 0;
};

}  // namespace slate::log
