// The one translation unit that holds Boost.Beast on the server side: HTTP and HTTPS sessions, the
// WebSocket event stream, and the listeners. Shaped after Beast 1.74's advanced server (flex) and
// chat-multi examples.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <malloc.h>
#include <openssl/ssl.h>
#include <optional>
#include <sys/socket.h>
#include <system_error>
#include <type_traits>
#include <unistd.h>

#include <slate/api/server.hpp>
#include <slate/log/log.hpp>
#include <slate/log/throttle.hpp>

#include "connection_table.hpp"

namespace slate::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {
constexpr std::string_view kEventsPath = "/api/v1/events";
constexpr std::string_view kServerName = "slated";
// After a failed accept for want of file descriptors, the first wait and the longest.
constexpr std::chrono::milliseconds kFirstAcceptBackoff{10};
constexpr std::chrono::milliseconds kLongestAcceptBackoff{1000};
// Freed memory goes back to the system this long after the last event stream closed or drained, so
// that a burst of closes costs one trim.
constexpr std::chrono::seconds kTrimDelay{1};

bool out_of_descriptors(const beast::error_code& error) {
  return error == asio::error::no_descriptors ||
         error == boost::system::errc::too_many_files_open_in_system ||
         error == asio::error::no_buffer_space || error == asio::error::no_memory;
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lowered;
}

// "Slate.local:8080" -> "slate.local", "[::1]:80" -> "::1"; empty when it names no host.
std::string host_of_authority(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto end = authority.find(']');
    return end == std::string_view::npos ? std::string() : lower_case(authority.substr(1, end - 1));
  }
  const auto colon = authority.find(':');
  // Two colons or more without brackets: a bare IPv6 address, as a listen address is written.
  if (colon != std::string_view::npos && authority.find(':', colon + 1) == std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  return lower_case(authority);
}

// The host an Origin header names ("http://slate.local:8080"); empty for "null" or no scheme.
std::string host_of_origin(std::string_view origin) {
  const auto scheme = origin.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  auto authority = origin.substr(scheme + 3);
  authority = authority.substr(0, authority.find('/'));
  return host_of_authority(authority);
}

bool loopback_host(std::string_view host_header) {
  const auto host = host_of_authority(host_header);
  if (host == "localhost") {
    return true;
  }
  beast::error_code error;
  const auto address = asio::ip::make_address(host, error);
  return !error && address.is_loopback();
}

// TLS 1.2 and later only, whatever the system's OpenSSL configuration allows: older versions have
// known breaks, and every tablet of the last decade speaks 1.2.
std::shared_ptr<ssl::context> make_tls_context(const std::string& chain_pem,
                                               const std::string& key_pem) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  if (::SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    throw std::runtime_error("OpenSSL refused TLS 1.2 as the lowest version");
  }
  // Renegotiation is a denial-of-service lever and nothing here needs it.
  ::SSL_CTX_set_options(context->native_handle(), SSL_OP_NO_RENEGOTIATION);
  beast::error_code error;
  context->use_certificate_chain(asio::buffer(chain_pem), error);
  if (!error) {
    context->use_private_key(asio::buffer(key_pem), ssl::context::pem, error);
  }
  if (error) {
    throw std::runtime_error("the TLS certificate or key is refused: " + error.message());
  }
  if (::SSL_CTX_check_private_key(context->native_handle()) != 1) {
    throw std::runtime_error("the TLS key does not belong to the certificate");
  }
  return context;
}

std::vector<std::string> own_names(const ServerNames& names) {
  std::vector<std::string> own = {"localhost", "127.0.0.1", "::1", "slate.local"};
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0 && host[0] != '\0') {
    own.push_back(lower_case(host));
    own.push_back(lower_case(host) + ".local");
  }
  for (const auto& name : names.extra) {
    own.push_back(host_of_authority(name));
  }
  return own;
}
}  // namespace

struct ApiServer::State : std::enable_shared_from_this<ApiServer::State> {
  State(asio::io_context& context, ServerLimits server_limits, Router& api_router,
        StaticFiles& static_files, EventHub& event_hub, asio::thread_pool& worker_pool,
        const ServerNames& server_names)
      : io(context),
        workers(worker_pool),
        names(own_names(server_names)),
        trim_timer(context),
        limits(server_limits),
        router(api_router),
        files(static_files),
        hub(event_hub) {}

  asio::io_context& io;
  asio::thread_pool& workers;
  /// Lower-case host names and addresses an event stream's Origin may name.
  std::vector<std::string> names;
  struct Listener {
    explicit Listener(asio::io_context& context, Transport how)
        : acceptor(context), timer(context), transport(how) {}
    tcp::acceptor acceptor;
    asio::steady_timer timer;
    Transport transport;
    std::chrono::milliseconds backoff{0};
  };
  std::vector<std::unique_ptr<Listener>> listeners;
  /// What new TLS connections present; swapped whole when the certificate is renewed.
  std::shared_ptr<ssl::context> tls;
  TrustHandler trust;
  asio::steady_timer trim_timer;
  ServerLimits limits;
  Router& router;
  StaticFiles& files;
  EventHub& hub;
  bool stopping = false;
  ConnectionTable connections;
  bool trim_pending = false;
  log::Throttle accept_failures{log::Level::warning};
  log::Throttle refusals{log::Level::warning};
  log::Throttle evictions{log::Level::notice};
  log::Throttle handshakes{log::Level::info};

  void accept(Listener& listener);
  void on_accept(Listener& listener, beast::error_code error, tcp::socket socket);
  tcp::endpoint start_listening(std::unique_ptr<Listener> listener);
  void refuse(tcp::socket socket, const std::string& address);
  void schedule_trim();
  /// Whether an Origin header names the box itself (reached at `host`, the Host header).
  bool own_origin(std::string_view origin, std::string_view host) const;
};

// One tablet's event stream. Reads events from the hub no further ahead than its queue allows, so a
// slow tablet costs a bounded amount of memory; one that falls too far behind is closed with the
// sequence to resume from. `Next` is the stream under the WebSocket: TCP, or TLS over TCP.
template <class Next>
class EventStreamSession : public EventSubscriber,
                           public TrackedConnection,
                           public std::enable_shared_from_this<EventStreamSession<Next>> {
 public:
  EventStreamSession(Next&& next, std::shared_ptr<ApiServer::State> server, std::string actor,
                     std::string address)
      : ws_(std::move(next)),
        timer_(ws_.get_executor()),
        server_(std::move(server)),
        incoming_(server_->limits.max_incoming_message_bytes),
        actor_(std::move(actor)) {
    // Never idle: a stream is not closed to make room for another connection.
    server_->connections.add(this, std::move(address));
  }

  ~EventStreamSession() override {
    server_->connections.remove(this);
    server_->schedule_trim();
  }

  /// `too_old`: the tablet asked for events older than the stream replays; it is told so first and
  /// then follows from `since`, the latest.
  void start(http::request<http::string_body> request, std::int64_t since, bool too_old) {
    too_old_ = too_old;
    last_queued_ = since;
    last_sent_ = since;
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    // A tablet sends nothing large: a bigger frame is refused from its header, before its payload
    // takes any memory.
    ws_.read_message_max(server_->limits.max_incoming_message_bytes);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(http::field::server, kServerName);
    }));
    ws_.async_accept(request, [self = this->shared_from_this()](beast::error_code error) {
      self->on_accept(error);
    });
  }

  void on_events_available() override {
    if (closing_) {
      return;
    }
    if (server_->hub.latest() - last_sent_ > server_->limits.event_max_lag) {
      close_with(websocket::close_code::policy_error,
                 "too far behind; reconnect with since=", true);
      return;
    }
    pump();
  }

  void on_live_event(const StreamedEvent& event) override {
    if (closing_ || close_code_) {
      return;
    }
    pump();
    // Only to a tablet that has every stored event before it queued, with room: a tablet still
    // catching up would show it ahead of what it follows, and the next one says more anyway.
    const auto& limits = server_->limits;
    if (last_queued_ < server_->hub.latest() || queue_.size() >= limits.event_queue_limit ||
        queued_bytes_ >= limits.event_queue_bytes) {
      return;
    }
    // Its sequence is the stream's position when sent: a tablet's resume point stays there.
    push({event.text, last_queued_});
    write_next();
  }

  void close(std::string reason) override {
    close_with(websocket::close_code::going_away, std::move(reason));
  }

  void refuse(std::string reason) override {
    close_with(websocket::close_code::policy_error, std::move(reason));
  }

  const std::string& actor() const override { return actor_; }

  void evict() override {}

 private:
  struct Outgoing {
    std::shared_ptr<const std::string> text;
    std::int64_t sequence;
  };

  void on_accept(beast::error_code error) {
    if (error) {
      return;
    }
    // The box's clock, for tablets to stamp marks they make offline in the box's time.
    const auto time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    nlohmann::json hello = {
        {"type", "hello"}, {"latest", server_->hub.latest()}, {"time_ms", time_ms}};
    push({std::make_shared<const std::string>(hello.dump()), last_queued_});
    if (too_old_) {
      // The tablet refetches its listings and goes on from here, rather than the box replaying
      // more events than it keeps a tablet behind by.
      const nlohmann::json too_old = {{"kind", "stream.too_old"}, {"sequence", last_queued_}};
      push({std::make_shared<const std::string>(too_old.dump()), last_queued_});
    }
    server_->hub.subscribe(this->weak_from_this());
    read();
    pump();
  }

  // Tablets send nothing on this stream yet; reading keeps control frames (ping, close) flowing.
  void read() {
    ws_.async_read(incoming_,
                   [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                     if (error) {
                       self->closing_ = true;
                       self->timer_.cancel();
                       return;
                     }
                     self->incoming_.consume(self->incoming_.size());
                     self->read();
                   });
  }

  void push(Outgoing message) {
    queued_bytes_ += message.text->size();
    queue_.push_back(std::move(message));
  }

  // Reads ahead of the socket no further than the queue's bounds, in messages and in bytes: the
  // events stay in the hub or the catalogue until the tablet can take them.
  void pump() {
    const auto& limits = server_->limits;
    while (!closing_ && !close_code_ && queue_.size() < limits.event_queue_limit &&
           queued_bytes_ < limits.event_queue_bytes) {
      const auto events = server_->hub.after(last_queued_, limits.event_queue_limit - queue_.size(),
                                             limits.event_queue_bytes - queued_bytes_);
      if (events.empty()) {
        break;
      }
      for (const auto& event : events) {
        push({event.text, event.sequence});
        last_queued_ = event.sequence;
      }
    }
    if (queue_.size() >= limits.event_queue_limit || queued_bytes_ >= limits.event_queue_bytes) {
      held_back_ = true;
    }
    write_next();
  }

  void write_next() {
    if (writing_) {
      return;
    }
    if (close_code_) {
      send_close();
      return;
    }
    if (queue_.empty() || closing_) {
      return;
    }
    writing_ = true;
    arm_stall_timer();
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front().text),
                    [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                      self->on_write(error);
                    });
  }

  void on_write(beast::error_code error) {
    writing_ = false;
    timer_.cancel();
    if (error) {
      closing_ = true;
      return;
    }
    last_sent_ = queue_.front().sequence;
    queued_bytes_ -= queue_.front().text->size();
    queue_.pop_front();
    pump();
    // A tablet that caught up after being held back leaves freed memory behind: give it back.
    if (queue_.empty() && held_back_) {
      held_back_ = false;
      server_->schedule_trim();
    }
  }

  // `resume_hint` adds the sequence to resume from, as it stands when the close frame is sent.
  void close_with(websocket::close_code code, std::string reason, bool resume_hint = false) {
    if (closing_ || close_code_) {
      return;
    }
    close_code_ = code;
    close_text_ = std::move(reason);
    resume_hint_ = resume_hint;
    // Keep only a message being written: its buffer is in use until the write completes.
    queue_.erase(writing_ && !queue_.empty() ? queue_.begin() + 1 : queue_.begin(), queue_.end());
    queued_bytes_ = queue_.empty() ? 0 : queue_.front().text->size();
    if (!writing_) {
      send_close();
    }
  }

  void send_close() {
    closing_ = true;
    writing_ = true;
    std::string text = close_text_;
    if (resume_hint_) {
      text += std::to_string(last_sent_);
    }
    arm_stall_timer();
    ws_.async_close(
        websocket::close_reason(*close_code_, text),
        [self = this->shared_from_this()](beast::error_code) { self->timer_.cancel(); });
  }

  // A tablet that stops reading (asleep, out of range) would hold a write open forever; cut it off.
  void arm_stall_timer() {
    timer_.expires_after(server_->limits.stalled_write_timeout);
    timer_.async_wait([weak = this->weak_from_this()](beast::error_code error) {
      if (error) {
        return;
      }
      if (auto self = weak.lock()) {
        self->closing_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      }
    });
  }

  websocket::stream<Next> ws_;
  asio::steady_timer timer_;
  std::shared_ptr<ApiServer::State> server_;
  beast::flat_buffer incoming_;
  std::deque<Outgoing> queue_;
  std::size_t queued_bytes_ = 0;
  bool held_back_ = false;
  std::string actor_;
  std::int64_t last_queued_ = 0;
  std::int64_t last_sent_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<websocket::close_code> close_code_;
  std::string close_text_;
  bool resume_hint_ = false;
  bool too_old_ = false;
};

// One connection's requests, over plain TCP or over TLS (`Stream` is beast::tcp_stream or
// TlsStream).
template <class Stream>
class HttpSession : public TrackedConnection,
                    public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  /// `local`: from loopback to loopback, where plain HTTP crosses no network.
  HttpSession(Stream&& stream, std::shared_ptr<ApiServer::State> server, std::string address,
              bool local)
      : stream_(std::move(stream)),
        server_(std::move(server)),
        address_(std::move(address)),
        local_(local) {
    server_->connections.add(this, address_);
  }

  ~HttpSession() override { server_->connections.remove(this); }

  void start() {
    if constexpr (kTls) {
      // The handshake counts against the request deadline: a client that opens a connection and
      // says nothing holds it no longer than one that sends no request.
      lowest().expires_after(server_->limits.request_timeout);
      stream_.async_handshake(
          ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code error) {
            if (error) {
              // Most often a tablet that does not trust the box's CA yet.
              self->server_->handshakes.write("TLS handshake with " + self->address_ +
                                              " failed: " + error.message());
              return self->close();
            }
            self->read();
          });
    } else {
      read();
    }
  }

  /// Closes it now: it is idle (waiting for a request), and the table needs its place, or slated
  /// is shutting down. One answering a request closes after the answer.
  void evict() override {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close();
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // The headers first: until they are in, the connection is idle and may be closed for another.
  void read() {
    parser_.emplace();
    parser_->body_limit(server_->limits.max_body_bytes);
    parser_->header_limit(server_->limits.max_header_bytes);
    lowest().expires_after(server_->limits.request_timeout);
    server_->connections.set_idle(this, true);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](
                                beast::error_code error, std::size_t) { self->on_header(error); });
  }

  void on_header(beast::error_code error) {
    server_->connections.set_idle(this, false);
    if (error || parser_->is_done()) {
      return on_read(error);
    }
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code body_error, std::size_t) {
                       self->on_read(body_error);
                     });
  }

  void on_read(beast::error_code error) {
    if (error == http::error::end_of_stream || error == beast::error::timeout ||
        error == asio::error::operation_aborted || error == asio::error::connection_reset ||
        error == asio::error::bad_descriptor || error == ssl::error::stream_truncated) {
      return close();
    }
    // The rest of a refused request may still be on its way: read it away before closing.
    linger_ = static_cast<bool>(error);
    if (error == http::error::body_limit) {
      const auto limit = server_->limits.max_body_bytes;
      // The limit as a number too, so a client can say by how much its request is over.
      return send(Response::json({{"error",
                                   {{"code", "body_too_large"},
                                    {"message", "The request body is larger than the limit of " +
                                                    std::to_string(limit) + " bytes."},
                                    {"max_bytes", limit}}}},
                                 413),
                  11, false, false);
    }
    if (error == http::error::header_limit) {
      return send_error(431, "headers_too_large",
                        "The request headers are larger than the limit of " +
                            std::to_string(server_->limits.max_header_bytes) + " bytes.");
    }
    if (error) {
      return send_error(400, "bad_request",
                        "The request is not valid HTTP/1.1: " + error.message());
    }

    auto message = parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.remote_address = address_;
    try {
      auto target = parse_target(request.target);
      request.path = std::move(target.path);
      request.query = std::move(target.query);
    } catch (const std::invalid_argument& refusal) {
      return send_error(400, "bad_path",
                        std::string("The request path is refused: ") + refusal.what() + ".");
    }

    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      request.headers.emplace(std::move(name), std::string(field.value()));
    }

    // Once the box speaks HTTPS, plain HTTP across the network offers only the way to it.
    if (server_->trust) {
      const bool across_network =
          !kTls && !(local_ && loopback_host(request.header("host").value_or("")));
      if (auto answer = server_->trust(request, across_network)) {
        return send(std::move(*answer), message.version(), message.keep_alive(),
                    request.method == "HEAD");
      }
    }
    if (request.path == kEventsPath && websocket::is_upgrade(message)) {
      return upgrade(std::move(message), request);
    }
    request.body = std::move(message.body());

    if (request.path.starts_with("/api/") && request.path != kEventsPath &&
        !server_->router.runs_inline(request)) {
      return answer_on_worker(std::move(request), message.version(), message.keep_alive());
    }
    Response response;
    if (request.path.starts_with("/api/")) {
      response = request.path == kEventsPath
                     ? Response::error(400, "websocket_required",
                                       "The event stream is a WebSocket: connect with an Upgrade.")
                     : server_->router.dispatch(request);
    } else {
      response = server_->files.serve(request);
    }
    apply_range(response, request.header("range"));
    send(std::move(response), message.version(), message.keep_alive(), request.method == "HEAD");
  }

  // The handler (and the token check) may wait on the catalogue: a worker runs it and the answer
  // comes back to the io thread. No next request is read meanwhile, so answers keep their order.
  void answer_on_worker(Request request, unsigned version, bool keep_alive) {
    asio::post(server_->workers, [self = this->shared_from_this(), request = std::move(request),
                                  version, keep_alive]() mutable {
      Response response;
      try {
        response = self->server_->router.dispatch(request);
      } catch (...) {
        response = Response::error(500, "internal_error",
                                   "Slate failed to answer this request; the appliance log says "
                                   "why.");
      }
      apply_range(response, request.header("range"));
      const bool head = request.method == "HEAD";
      // The session moves along, so that its last owner is never a worker: it must end on the
      // io thread, which owns the connection table.
      auto& io = self->server_->io;
      asio::post(io,
                 [self = std::move(self), response = std::move(response), version, keep_alive,
                  head]() mutable { self->send(std::move(response), version, keep_alive, head); });
    });
  }

  // Checking the token reads the catalogue: on a worker, like a handler.
  void upgrade(http::request<http::string_body> message, Request& request) {
    asio::post(server_->workers, [self = this->shared_from_this(), message = std::move(message),
                                  request = std::move(request)]() mutable {
      std::optional<Response> refusal;
      try {
        refusal = self->server_->router.authorize(request, Right::read);
      } catch (...) {
        refusal = Response::error(500, "internal_error",
                                  "Slate failed to check this token; the appliance log says why.");
      }
      auto& io = self->server_->io;
      asio::post(io, [self = std::move(self), message = std::move(message),
                      request = std::move(request), refusal = std::move(refusal)]() mutable {
        self->open_stream(std::move(message), request, std::move(refusal));
      });
    });
  }

  void open_stream(http::request<http::string_body> message, Request& request,
                   std::optional<Response> refusal) {
    if (refusal) {
      return send(std::move(*refusal), message.version(), false, false);
    }
    // A page of another site must not read the set's events through a tablet's cookie. The CLI
    // and bench/takes send no Origin.
    if (const auto origin = request.header("origin");
        origin && !server_->own_origin(*origin, request.header("host").value_or(""))) {
      return send(Response::error(403, "foreign_origin",
                                  "The event stream is not open to pages of " + *origin +
                                      "; open the tablet app from the box itself."),
                  message.version(), false, false);
    }
    const std::int64_t latest = server_->hub.latest();
    std::int64_t since = latest;
    if (auto text = request.query_value("since")) {
      try {
        std::size_t used = 0;
        since = std::stoll(*text, &used);
        if (used != text->size() || since < 0) {
          throw std::invalid_argument("negative");
        }
      } catch (const std::exception&) {
        return send_error(400, "bad_since",
                          "since must be the sequence number of the last event seen (0 or more).");
      }
    }
    // Further back than the stream replays: replaying it all would cost more than the tablet
    // refetching its listings.
    const bool too_old =
        since < latest - std::max(server_->limits.replay_window, server_->limits.event_max_lag);
    if (too_old) {
      since = latest;
    }
    lowest().expires_never();
    server_->connections.remove(this);
    if constexpr (kTls) {
      std::make_shared<EventStreamSession<TlsStream>>(std::move(stream_), server_, request.actor,
                                                      address_)
          ->start(std::move(message), since, too_old);
    } else {
      std::make_shared<EventStreamSession<beast::tcp_stream>>(
          beast::tcp_stream(stream_.release_socket()), server_, request.actor, address_)
          ->start(std::move(message), since, too_old);
    }
  }

  void send_error(unsigned status, std::string code, std::string message) {
    send(Response::error(status, std::move(code), std::move(message)), 11, false, false);
  }

  void send(Response response, unsigned version, bool keep_alive, bool head) {
    keep_alive = keep_alive && !server_->stopping;
    if (response.file) {
      http::file_body::value_type body;
      beast::error_code error;
      body.open(response.file->c_str(), beast::file_mode::scan, error);
      if (error) {
        return send(Response::error(404, "not_found", "The file could not be opened."), version,
                    keep_alive, head);
      }
      const auto size = body.size();
      http::response<http::file_body> message{std::piecewise_construct,
                                              std::make_tuple(std::move(body)),
                                              std::make_tuple(http::status::ok, version)};
      decorate(message, response, keep_alive);
      message.content_length(size);
      if (head) {
        http::response<http::empty_body> header_only{message.base()};
        return write(std::move(header_only));
      }
      return write(std::move(message));
    }
    http::response<http::string_body> message{static_cast<http::status>(response.status), version};
    decorate(message, response, keep_alive);
    message.body() = head ? std::string() : std::move(response.body);
    message.prepare_payload();
    if (head) {
      message.content_length(response.body.size());
    }
    write(std::move(message));
  }

  template <class Message>
  static void decorate(Message& message, const Response& response, bool keep_alive) {
    message.set(http::field::server, kServerName);
    message.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) {
      message.set(name, value);
    }
    message.keep_alive(keep_alive);
  }

  template <class Body>
  void write(http::response<Body>&& message) {
    // The request's deadline has passed if a worker waited long on the catalogue; the answer
    // gets one of its own.
    lowest().expires_after(server_->limits.request_timeout);
    auto owned = std::make_shared<http::response<Body>>(std::move(message));
    pending_ = owned;
    http::async_write(stream_, *owned,
                      [self = this->shared_from_this(), close = owned->need_eof()](
                          beast::error_code error, std::size_t) { self->on_write(error, close); });
  }

  void on_write(beast::error_code error, bool must_close) {
    pending_.reset();
    if (!error && linger_) {
      return linger();
    }
    if (error || must_close || server_->stopping) {
      return close();
    }
    read();
  }

  // The answer is sent; say so with a FIN, then discard what the client still sends for a short
  // while (Apache's lingering close). Idle meanwhile: it is the first to go when room is needed.
  void linger() {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().expires_after(server_->limits.linger_timeout);
    server_->connections.set_idle(this, true);
    discard();
  }

  void discard() {
    buffer_.clear();
    lowest().async_read_some(buffer_.prepare(16 * 1024), [self = this->shared_from_this()](
                                                             beast::error_code error, std::size_t) {
      if (error) {
        return self->close();
      }
      self->discard();
    });
  }

  void close() {
    server_->connections.remove(this);
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ApiServer::State> server_;
  std::string address_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> pending_;
  bool linger_ = false;
  bool local_ = false;
};

void ApiServer::State::accept(Listener& listener) {
  listener.acceptor.async_accept(io, [self = this->shared_from_this(), &listener](
                                         beast::error_code error, tcp::socket socket) {
    self->on_accept(listener, error, std::move(socket));
  });
}

void ApiServer::State::on_accept(Listener& listener, beast::error_code error, tcp::socket socket) {
  if (error == asio::error::operation_aborted || stopping) {
    return;
  }
  if (out_of_descriptors(error)) {
    // The connection waits in the listen queue. Closing the connection idle longest frees a
    // descriptor for it now; with none idle, trying again at once would only spin.
    if (connections.evict_oldest_idle()) {
      accept_failures.write("accepting a connection failed: " + error.message() +
                            "; closed the connection idle longest to make room");
      return accept(listener);
    }
    listener.backoff = std::clamp(listener.backoff * 2, kFirstAcceptBackoff, kLongestAcceptBackoff);
    accept_failures.write("accepting a connection failed: " + error.message() +
                          "; no connection is idle, trying again in " +
                          std::to_string(listener.backoff.count()) + " ms");
    listener.timer.expires_after(listener.backoff);
    listener.timer.async_wait(
        [self = this->shared_from_this(), &listener](beast::error_code wait_error) {
          if (!wait_error && !self->stopping) {
            self->accept(listener);
          }
        });
    return;
  }
  if (error) {
    // The client gave up before it was accepted (ECONNABORTED) or similar: nothing to keep.
    accept_failures.write("accepting a connection failed: " + error.message());
    return accept(listener);
  }
  listener.backoff = std::chrono::milliseconds(0);
  beast::error_code peer_error;
  const auto peer = socket.remote_endpoint(peer_error);
  const auto here = socket.local_endpoint(peer_error);
  if (peer_error) {
    return accept(listener);  // Gone already.
  }
  const bool local = peer.address().is_loopback() && here.address().is_loopback();
  auto address = peer.address().to_string();
  const auto open_before = connections.size();
  if (connections.make_room(address, limits.max_connections, limits.max_connections_per_address)) {
    if (connections.size() < open_before) {
      evictions.write("closed the connection idle longest to make room for one from " + address +
                      " (server.max_connections " + std::to_string(limits.max_connections) +
                      ", server.max_connections_per_address " +
                      std::to_string(limits.max_connections_per_address) + ")");
    }
    if (listener.transport == Transport::tls) {
      std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *tls),
                                               this->shared_from_this(), std::move(address), local)
          ->start();
    } else {
      std::make_shared<HttpSession<beast::tcp_stream>>(
          beast::tcp_stream(std::move(socket)), this->shared_from_this(), std::move(address), local)
          ->start();
    }
  } else {
    refuse(std::move(socket), address);
  }
  accept(listener);
}

void ApiServer::State::refuse(tcp::socket socket, const std::string& address) {
  const bool per_address = connections.count(address) >= limits.max_connections_per_address;
  refusals.write("refused a connection from " + address + ": " +
                 (per_address ? std::to_string(limits.max_connections_per_address) +
                                    " connections from that address are open"
                              : std::to_string(limits.max_connections) + " connections are open") +
                 " and none is idle");
  const auto body =
      Response::error(503, "too_many_connections",
                      "slated has as many connections open as it takes; try again shortly.")
          .body;
  auto answer = std::make_shared<std::string>(
      "HTTP/1.1 503 Service Unavailable\r\nServer: slated\r\nContent-Type: "
      "application/json\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  auto owned = std::make_shared<tcp::socket>(std::move(socket));
  // A few hundred bytes into an empty send buffer: this completes at once, reader or not.
  asio::async_write(*owned, asio::buffer(*answer), [owned, answer](beast::error_code, std::size_t) {
    beast::error_code ignored;
    owned->shutdown(tcp::socket::shutdown_send, ignored);
    owned->close(ignored);
  });
}

void ApiServer::State::schedule_trim() {
  if (trim_pending || stopping) {
    return;
  }
  trim_pending = true;
  trim_timer.expires_after(kTrimDelay);
  trim_timer.async_wait([self = this->shared_from_this()](beast::error_code error) {
    self->trim_pending = false;
    if (!error) {
      // glibc keeps freed memory in its arenas; a burst of events to many tablets would otherwise
      // hold the appliance's RSS at its peak for good.
      ::malloc_trim(0);
    }
  });
}

bool ApiServer::State::own_origin(std::string_view origin, std::string_view host) const {
  const auto named = host_of_origin(origin);
  if (named.empty()) {
    return false;
  }
  if (named == host_of_authority(host)) {
    return true;
  }
  for (const auto& listener : listeners) {
    beast::error_code ignored;
    const auto listening = listener->acceptor.local_endpoint(ignored);
    if (!ignored && named == lower_case(listening.address().to_string())) {
      return true;
    }
  }
  return std::find(names.begin(), names.end(), named) != names.end();
}

ApiServer::ApiServer(asio::io_context& io, ServerLimits limits, Router& router, StaticFiles& files,
                     EventHub& hub, ServerNames names)
    : workers_(
          std::make_unique<asio::thread_pool>(std::max<std::size_t>(limits.worker_threads, 1))),
      state_(std::make_shared<State>(io, limits, router, files, hub, *workers_, names)) {}

ApiServer::~ApiServer() {
  join_workers();
}

void ApiServer::join_workers() {
  workers_->join();
}

tcp::endpoint ApiServer::State::start_listening(std::unique_ptr<Listener> listener) {
  if (listener->transport == Transport::tls && !tls) {
    throw std::logic_error("a TLS listener needs the certificate first");
  }
  const auto endpoint = listener->acceptor.local_endpoint();
  listeners.push_back(std::move(listener));
  accept(*listeners.back());
  return endpoint;
}

tcp::endpoint ApiServer::listen(const std::string& address, std::uint16_t port,
                                Transport transport) {
  const tcp::endpoint endpoint(asio::ip::make_address(address), port);
  auto listener = std::make_unique<State::Listener>(state_->io, transport);
  auto& acceptor = listener->acceptor;
  try {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& error) {
    throw std::system_error(error.code().value(), std::generic_category(),
                            "cannot listen on " + address + ":" + std::to_string(port));
  }
  return state_->start_listening(std::move(listener));
}

tcp::endpoint ApiServer::adopt(int descriptor, Transport transport) {
  auto listener = std::make_unique<State::Listener>(state_->io, transport);
  sockaddr_storage name{};
  socklen_t length = sizeof name;
  if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&name), &length) != 0 ||
      (name.ss_family != AF_INET && name.ss_family != AF_INET6)) {
    throw std::system_error(
        errno ? errno : ENOTSOCK, std::generic_category(),
        "socket " + std::to_string(descriptor) + " passed by systemd is not a TCP socket");
  }
  try {
    listener->acceptor.assign(name.ss_family == AF_INET ? tcp::v4() : tcp::v6(), descriptor);
  } catch (const boost::system::system_error& error) {
    throw std::system_error(
        error.code().value(), std::generic_category(),
        "cannot accept on socket " + std::to_string(descriptor) + " passed by systemd");
  }
  return state_->start_listening(std::move(listener));
}

void ApiServer::set_certificate(const std::string& chain_pem, const std::string& key_pem) {
  state_->tls = make_tls_context(chain_pem, key_pem);
}

void ApiServer::set_trust_handler(TrustHandler handler) {
  state_->trust = std::move(handler);
}

std::size_t ApiServer::open_connections() const {
  return state_->connections.size();
}

void ApiServer::shutdown() {
  state_->stopping = true;
  for (auto& listener : state_->listeners) {
    beast::error_code ignored;
    listener->acceptor.close(ignored);
    listener->timer.cancel();
  }
  state_->trim_timer.cancel();
  state_->connections.evict_idle();
  state_->hub.close_all("slated is shutting down");
}

}  // namespace slate::api
