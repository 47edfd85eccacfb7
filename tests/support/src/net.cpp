#include <arpa/inet.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include <slate/testing/net.hpp>

namespace slate::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

int connect_loopback(std::uint16_t port, std::chrono::milliseconds timeout, int receive_buffer) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (receive_buffer > 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{};
  tv.tv_sec = timeout.count() / 1000;
  tv.tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

std::string raw_http(std::uint16_t port, const std::string& bytes,
                     std::chrono::milliseconds timeout, bool* closed_by_server) {
  const int fd = connect_loopback(port, timeout);
  if (fd < 0) {
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      break;  // The server may answer and close before it has read everything (413).
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string received;
  char buffer[8192];
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      if (closed_by_server) {
        *closed_by_server = n == 0 || errno == ECONNRESET;
      }
      break;
    }
    received.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return received;
}

int status_of(const std::string& raw_response) {
  if (raw_response.size() < 12 || !raw_response.starts_with("HTTP/1.")) {
    return 0;
  }
  return std::stoi(raw_response.substr(9, 3));
}

std::string body_of(const std::string& raw_response) {
  const auto end = raw_response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : raw_response.substr(end + 4);
}

struct EventStreamClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  bool closed = false;
};

std::string http_request(const std::string& method, const std::string& target,
                         const std::string& body, const std::string& headers) {
  return method + " " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string get_request(const std::string& target, const std::string& token) {
  return "GET " + target + " HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer " + token +
         "\r\nConnection: close\r\n\r\n";
}

std::string admin_token(const std::filesystem::path& data_dir) {
  std::ifstream file(data_dir / "admin.token");
  std::string token;
  std::getline(file, token);
  return token;
}

EventStreamClient::EventStreamClient(std::uint16_t port, std::optional<std::int64_t> since,
                                     const std::string& token)
    : impl_(std::make_unique<Impl>()) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.expires_after(std::chrono::seconds(10));
  lowest.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  lowest.expires_never();
  std::string target = "/api/v1/events";
  if (since) {
    target += "?since=" + std::to_string(*since);
  }
  impl_->ws.set_option(websocket::stream_base::decorator([token](websocket::request_type& request) {
    request.set(beast::http::field::authorization, "Bearer " + token);
  }));
  impl_->ws.handshake("127.0.0.1:" + std::to_string(port), target);
}

EventStreamClient::~EventStreamClient() = default;

std::optional<nlohmann::json> EventStreamClient::next(std::chrono::milliseconds timeout) {
  if (impl_->closed) {
    return std::nullopt;
  }
  impl_->buffer.consume(impl_->buffer.size());
  std::optional<beast::error_code> outcome;
  impl_->ws.async_read(impl_->buffer,
                       [&](beast::error_code error, std::size_t) { outcome = error; });
  impl_->io.restart();
  impl_->io.run_for(timeout);
  if (!outcome) {
    // Nothing came in time: abandon the read (the connection is then of no further use).
    beast::get_lowest_layer(impl_->ws).cancel();
    impl_->io.restart();
    impl_->io.run();
    impl_->closed = true;
    return std::nullopt;
  }
  if (*outcome) {
    impl_->closed = true;
    return std::nullopt;
  }
  return nlohmann::json::parse(beast::buffers_to_string(impl_->buffer.data()));
}

bool EventStreamClient::closed() const {
  return impl_->closed;
}

int EventStreamClient::close_code() const {
  return impl_->ws.reason().code;
}

std::string EventStreamClient::close_reason() const {
  return std::string(impl_->ws.reason().reason);
}

void EventStreamClient::drop() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().shutdown(asio::ip::tcp::socket::shutdown_both,
                                                       ignored);
  beast::get_lowest_layer(impl_->ws).close();
  impl_->closed = true;
}

}  // namespace slate::testing
