#pragma once
/// The helper's socket: one connection at a time, one request per line, one reply line each.

#include <chrono>

#include <slate/cardmount/card_mounter.hpp>

namespace slate::cardmount {

struct ServerLimits {
  /// A client that sends no complete line for this long is dropped.
  std::chrono::milliseconds idle{10'000};
};

/// Serves `listen_fd` (a listening Unix stream socket) until `stop_fd` becomes readable. Logs each
/// client's credentials (SO_PEERCRED) and each request with its outcome.
void serve(int listen_fd, int stop_fd, CardMounter& mounter, ServerLimits limits = {});

}  // namespace slate::cardmount
