#pragma once
/// The HTTP and WebSocket server: one io_context thread, Boost.Beast underneath.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <slate/api/event_hub.hpp>
#include <slate/api/router.hpp>
#include <slate/api/static_files.hpp>

namespace slate::api {

struct ServerLimits {
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::chrono::seconds request_timeout{30};
  /// Messages waiting to be sent to one tablet; the stream reads no further ahead than this.
  std::size_t event_queue_limit = 256;
  /// A tablet this many events behind the newest is closed, to resume with ?since= when it can.
  std::int64_t event_max_lag = 20000;
  /// A tablet that takes no data for this long is cut off.
  std::chrono::seconds stalled_write_timeout{15};
};

class ApiServer {
 public:
  ApiServer(boost::asio::io_context& io, ServerLimits limits, Router& router, StaticFiles& files,
            EventHub& hub);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds and starts accepting. Throws std::system_error naming the address when it cannot bind.
  boost::asio::ip::tcp::endpoint listen(const std::string& address, std::uint16_t port);

  /// Graceful stop: no new connections, idle connections closed, requests in flight answered,
  /// event streams closed with "going away".
  void shutdown();

  /// HTTP connections and event streams still open.
  std::size_t open_connections() const;

  /// What the connections share; defined where the connections are.
  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace slate::api
