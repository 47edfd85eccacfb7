#include <stdexcept>

#include <slate/api/http.hpp>

namespace slate::api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        throw std::invalid_argument("incomplete percent escape");
      }
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) {
        throw std::invalid_argument("bad percent escape");
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> Request::query_value(const std::string& name) const {
  const auto found = query.find(name);
  return found == query.end() ? std::nullopt : std::optional(found->second);
}

std::optional<std::string> Request::header(const std::string& lower_case_name) const {
  const auto found = headers.find(lower_case_name);
  return found == headers.end() ? std::nullopt : std::optional(found->second);
}

Response Response::json(const nlohmann::json& value, unsigned status) {
  Response response;
  response.status = status;
  // Never a 500 for a stray byte that is not UTF-8: it shows as U+FFFD (names are escaped before).
  response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::error(unsigned status, std::string code, std::string message) {
  return json({{"error", {{"code", std::move(code)}, {"message", std::move(message)}}}}, status);
}

ParsedTarget parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    throw std::invalid_argument("the request target must be an absolute path");
  }
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  ParsedTarget parsed;
  parsed.path = percent_decode(raw_path, false);
  if (parsed.path.find('\0') != std::string::npos) {
    throw std::invalid_argument("the path holds a NUL byte");
  }
  if (parsed.path.find('\\') != std::string::npos) {
    throw std::invalid_argument("the path holds a backslash");
  }
  std::string_view rest = parsed.path;
  while (!rest.empty()) {
    rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") {
      throw std::invalid_argument("the path holds a '" + std::string(segment) + "' segment");
    }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }

  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (!pair.empty()) {
        const auto equals = pair.find('=');
        std::string key = percent_decode(pair.substr(0, equals), true);
        std::string value =
            equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1), true);
        if (key.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
          throw std::invalid_argument("the query holds a NUL byte");
        }
        parsed.query.emplace(std::move(key), std::move(value));
      }
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  return parsed;
}

}  // namespace slate::api
