#pragma once
/// A seam for the tests that kill slated at one exact step (between two writes of the ASC MHL,
/// between sealing and the verdict), as a power cut or kill -9 would. Without
/// `SLATE_TEST_CRASH_AT` in the environment nothing happens.

#include <string_view>

namespace slate::core {

/// Kills the process with SIGKILL, there and then, when `SLATE_TEST_CRASH_AT` names this point.
void crash_point(std::string_view name);

}  // namespace slate::core
