#include <atomic>
#include <string>
#include <unistd.h>

#include <slate/log/log.hpp>

namespace slate::log {
namespace {
std::atomic<Level> threshold{Level::info};
}

void set_level(Level level) {
  threshold.store(level);
}

Level level() {
  return threshold.load();
}

void write(Level level, std::string_view message) {
  if (static_cast<int>(level) > static_cast<int>(threshold.load())) {
    return;
  }
  // One write(2) per line, so lines from different threads never interleave.
  std::string line;
  line.reserve(message.size() + 5);
  line += '<';
  line += static_cast<char>('0' + static_cast<int>(level));
  line += '>';
  line += message;
  line += '\n';
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t written = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (written <= 0) {
      return;
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace slate::log
