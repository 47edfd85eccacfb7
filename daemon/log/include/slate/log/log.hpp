#pragma once
/// slated's log: one line per message on stderr, prefixed with its syslog priority ("<6>") so that
/// journald keeps the level when slated runs under systemd.

#include <string_view>

namespace slate::log {

enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

/// Messages less severe than `level` are dropped. Thread-safe.
void set_level(Level level);
Level level();

void write(Level level, std::string_view message);

inline void error(std::string_view message) {
  write(Level::error, message);
}
inline void warning(std::string_view message) {
  write(Level::warning, message);
}
inline void notice(std::string_view message) {
  write(Level::notice, message);
}
inline void info(std::string_view message) {
  write(Level::info, message);
}
inline void debug(std::string_view message) {
  write(Level::debug, message);
}

}  // namespace slate::log
