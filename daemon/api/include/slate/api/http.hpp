#pragma once
/// Requests and responses as route handlers see them, free of the HTTP library's types, so that the
/// handlers of every area (status, offloads, takes, …) compile without Boost.Beast.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slate::api {

struct Request {
  std::string method;  ///< "GET", "POST", …
  std::string target;  ///< As sent, with the query.
  std::string path;    ///< Percent-decoded, checked: absolute, no NUL, no "." or ".." segments.
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  ///< Lower-case names.
  std::map<std::string, std::string> params;   ///< From the route pattern, e.g. {id}.
  std::string body;
  std::string actor;  ///< Who sends it, once authenticated: "cli", a paired device.
  /// The client's IP address as the connection was accepted ("127.0.0.2", "::1"); what limits on
  /// guessing count by, since a header can say anything.
  std::string remote_address;

  /// The first value of a query parameter, if present.
  std::optional<std::string> query_value(const std::string& name) const;
  std::optional<std::string> header(const std::string& lower_case_name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// When set, the body is this file, streamed from the disk.
  std::optional<std::filesystem::path> file;

  static Response json(const nlohmann::json& value, unsigned status = 200);
  /// A JSON error: {"error": {"code": code, "message": message}} with the given status.
  static Response error(unsigned status, std::string code, std::string message);
};

/// What a request target says once decoded, or why it is refused.
struct ParsedTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};

/// Splits and percent-decodes a request target. Refuses (std::invalid_argument, with the reason) a
/// target that is not an absolute path, has a bad escape, a NUL, a backslash, or a "." or ".."
/// segment, raw or encoded.
ParsedTarget parse_target(std::string_view target);

}  // namespace slate::api
