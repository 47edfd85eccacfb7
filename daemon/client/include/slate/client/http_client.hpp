#pragma once
/// A small blocking HTTP/1.1 client for the CLI (and the tests) to talk to slated.

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace slate::client {

/// Where slated listens, from a URL such as "http://127.0.0.1:8080".
struct ServerUrl {
  std::string host;
  std::string port;
  std::string text;  ///< As given, without a trailing slash.

  /// Throws std::invalid_argument for anything but http://host[:port].
  static ServerUrl parse(const std::string& url);
};

/// slated could not be reached at all (not running, wrong address): no HTTP answer came.
class UnreachableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Sends one request and returns the answer, whatever its status. Throws UnreachableError when the
/// connection or the exchange fails.
HttpResponse send_request(const ServerUrl& server, const std::string& method,
                          const std::string& target, const std::string& body = {},
                          const std::vector<std::pair<std::string, std::string>>& headers = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace slate::client
