#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <slate/client/http_client.hpp>

namespace slate::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

ServerUrl ServerUrl::parse(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) {
    throw std::invalid_argument("the server URL must start with http://, as http://127.0.0.1:8080");
  }
  std::string rest = url.substr(scheme.size());
  while (!rest.empty() && rest.back() == '/') {
    rest.pop_back();
  }
  if (rest.empty() || rest.find('/') != std::string::npos) {
    throw std::invalid_argument("the server URL must be http://host[:port], with no path");
  }
  ServerUrl server;
  server.text = std::string(scheme) + rest;
  const auto bracket = rest.find(']');
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    server.host = rest.substr(0, colon);
    server.port = rest.substr(colon + 1);
  } else {
    server.host = rest;
    server.port = "80";
  }
  if (server.host.size() > 2 && server.host.front() == '[') {
    server.host = server.host.substr(1, server.host.size() - 2);
  }
  return server;
}

HttpResponse send_request(const ServerUrl& server, const std::string& method,
                          const std::string& target, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code error;
  asio::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(server.host, server.port, error);
  if (error) {
    throw UnreachableError("cannot resolve " + server.host + ": " + error.message());
  }
  stream.expires_after(timeout);
  stream.connect(endpoints, error);
  if (error) {
    throw UnreachableError(error.message());
  }

  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, server.host);
  request.set(http::field::user_agent, "slate");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  http::write(stream, request, error);
  // slated refuses a body over its limit from the headers (413) and closes without reading the
  // rest, so the write may break: its answer may still be there to read, and says why.
  const auto write_error = error;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256 * 1024 * 1024);
  http::read(stream, buffer, parser, error);
  if (error) {
    throw UnreachableError(write_error ? "sending the request failed: " + write_error.message()
                                       : "no answer: " + error.message());
  }
  auto& message = parser.get();
  HttpResponse response;
  response.status = message.result_int();
  response.content_type = std::string(message[http::field::content_type]);
  response.body = std::move(message.body());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, error);
  return response;
}

}  // namespace slate::client
