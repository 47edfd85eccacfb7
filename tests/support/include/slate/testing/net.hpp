#pragma once
/// Network clients for tests: raw HTTP bytes (to send what a well-behaved client never would) and
/// an event-stream WebSocket client.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace slate::testing {

/// A TCP socket connected to 127.0.0.1:port, with `timeout` on its reads and writes and, when
/// `receive_buffer` is given, that receive buffer (set before connect, so the window the client
/// offers stays that small); -1 when it cannot connect.
int connect_loopback(std::uint16_t port, std::chrono::milliseconds timeout, int receive_buffer = 0);

/// Sends `bytes` as they are to 127.0.0.1:port and returns everything received until the server
/// closes or `timeout` passes; `closed_by_server` tells which.
std::string raw_http(std::uint16_t port, const std::string& bytes,
                     std::chrono::milliseconds timeout = std::chrono::seconds(5),
                     bool* closed_by_server = nullptr);

/// A request's bytes: `method target`, `headers` as they are (each ending in CRLF), the body with
/// its length, and the connection closed after the answer.
std::string http_request(const std::string& method, const std::string& target,
                         const std::string& body, const std::string& headers);

/// "GET target" with a Bearer token, closing the connection after the answer.
std::string get_request(const std::string& target, const std::string& token);

/// The admin token slated wrote into its data dir, which the CLI on the box uses.
std::string admin_token(const std::filesystem::path& data_dir);

/// The HTTP status code of a raw response ("HTTP/1.1 404 Not Found" gives 404), or 0.
int status_of(const std::string& raw_response);
/// The body of a raw response (after the blank line).
std::string body_of(const std::string& raw_response);

/// A tablet's view of /api/v1/events.
class EventStreamClient {
 public:
  /// Connects to ws://127.0.0.1:port/api/v1/events, with ?since= when given, sending `token` as a
  /// Bearer token. Throws on failure (a refused token is a failed handshake).
  EventStreamClient(std::uint16_t port, std::optional<std::int64_t> since,
                    const std::string& token);
  ~EventStreamClient();

  /// The next message, or nullopt if the stream closed or nothing came within `timeout`.
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool closed() const;
  /// The close frame's code and reason, once closed by the server.
  int close_code() const;
  std::string close_reason() const;
  /// Drops the TCP connection without a close frame, as a tablet leaving Wi-Fi range does.
  void drop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::testing
