#include <csignal>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <slate/core/crash_point.hpp>

namespace slate::core {

void crash_point(std::string_view name) {
  static const std::string chosen = [] {
    const char* value = std::getenv("SLATE_TEST_CRASH_AT");
    return std::string(value ? value : "");
  }();
  if (!chosen.empty() && chosen == name) {
    ::kill(::getpid(), SIGKILL);
    ::pause();
  }
}

}  // namespace slate::core
