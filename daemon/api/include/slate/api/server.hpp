#pragma once
/// The HTTP and WebSocket server: one io_context thread, Boost.Beast underneath.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <slate/api/event_hub.hpp>
#include <slate/api/router.hpp>
#include <slate/api/static_files.hpp>

namespace slate::api {

struct ServerLimits {
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::chrono::seconds request_timeout{30};
  /// Connections open at once, in all and from one client address (event streams included). At
  /// either cap the connection that has waited longest for a request is closed to make room; when
  /// none is waiting, the new one is answered 503.
  std::size_t max_connections = 2048;
  std::size_t max_connections_per_address = 256;
  /// How long a connection refused before its request was read (413, 431, 400) is still read, and
  /// what it sends thrown away, before it is closed: closing with unread data resets the
  /// connection, and the reset can destroy the answer before the client has read it.
  std::chrono::seconds linger_timeout{2};
  /// Messages waiting to be sent to one tablet; the stream reads no further ahead than this.
  std::size_t event_queue_limit = 256;
  /// Bytes of those messages: the stream also stops reading ahead once this much waits (an event
  /// larger than this is still sent, alone).
  std::size_t event_queue_bytes = 256 * 1024;
  /// The largest message a tablet may send on the event stream (it sends none yet); a larger one
  /// closes the stream with 1009 as soon as its frame header says so.
  std::size_t max_incoming_message_bytes = 64 * 1024;
  /// A tablet this many events behind the newest is closed, to resume with ?since= when it can.
  std::int64_t event_max_lag = 20000;
  /// A tablet that asks for events further back than this (`?since=`) is told
  /// `{"kind": "stream.too_old"}` and follows from the newest instead, to refetch its listings;
  /// more than event_max_lag, so that a tablet closed for falling behind can always resume.
  std::int64_t replay_window = 100000;
  /// A tablet that takes no data for this long is cut off.
  std::chrono::seconds stalled_write_timeout{15};
  /// Threads that run route handlers (and check tokens), so that the io thread never waits on the
  /// catalogue.
  std::size_t worker_threads = 4;
};

/// The names the box answers to, which an event stream's Origin must name: besides these, the
/// Host the request was sent to, the listen address, localhost, 127.0.0.1, ::1, the machine's
/// hostname and `<hostname>.local`, and slate.local are always the box's own.
struct ServerNames {
  std::vector<std::string> extra;
};

/// How a listening socket speaks: plain HTTP, or HTTPS with the box's certificate.
enum class Transport { plain, tls };

/// The way to HTTPS: the trust page and the box's CA. `across_network` is true for plain HTTP that
/// is not loopback to loopback once the box speaks HTTPS: a tablet there would send its PIN and
/// token in clear and, with no secure context, get no service worker, so the handler answers every
/// request (with the page, the CA, or a redirect to the page). Otherwise it answers only its own
/// paths and gives nullopt for the rest.
using TrustHandler =
    std::function<std::optional<Response>(const Request& request, bool across_network)>;

class ApiServer {
 public:
  ApiServer(boost::asio::io_context& io, ServerLimits limits, Router& router, StaticFiles& files,
            EventHub& hub, ServerNames names = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds and starts accepting. Throws std::system_error naming the address when it cannot bind.
  /// A TLS listener needs set_certificate() first.
  boost::asio::ip::tcp::endpoint listen(const std::string& address, std::uint16_t port,
                                        Transport transport = Transport::plain);
  /// Accepts on a socket that is bound and listening already (systemd's socket activation: the
  /// box's ports 80 and 443 without privileges). Throws std::system_error when it is not one.
  boost::asio::ip::tcp::endpoint adopt(int descriptor, Transport transport);

  /// The certificate chain (server first) and its key that TLS listeners present from now on;
  /// connections already open keep theirs. Throws std::runtime_error when OpenSSL refuses them.
  void set_certificate(const std::string& chain_pem, const std::string& key_pem);

  /// From now on, plain HTTP to anything but loopback from loopback is answered by `handler`, and
  /// its own paths on every transport.
  void set_trust_handler(TrustHandler handler);

  /// Graceful stop: no new connections, idle connections closed, requests in flight answered,
  /// event streams closed with "going away".
  void shutdown();

  /// HTTP connections and event streams still open.
  std::size_t open_connections() const;

  /// Waits for the handlers running on workers to finish; for after the io thread has stopped and
  /// before what the handlers use goes away. Their answers are dropped.
  void join_workers();

  /// What the connections share; defined where the connections are.
  struct State;

 private:
  std::unique_ptr<boost::asio::thread_pool> workers_;
  std::shared_ptr<State> state_;
};

}  // namespace slate::api
