#include <exception>

#include <slate/api/router.hpp>
#include <slate/log/log.hpp>

namespace slate::api {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) {
    return false;
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& want = pattern[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (path[i].empty()) {
        return false;
      }
      if (params) {
        (*params)[want.substr(1, want.size() - 2)] = path[i];
      }
    } else if (want != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Right right, Handler handler) {
  routes_.push_back({std::move(method), split_path(pattern), right, std::move(handler)});
}

bool Router::matches(const std::string& path) const {
  const auto segments = split_path(path);
  for (const auto& route : routes_) {
    if (match(route.segments, segments, nullptr)) {
      return true;
    }
  }
  return false;
}

std::optional<Response> Router::authorize(Request& request, Right right) const {
  return guard_ ? guard_(request, right) : std::nullopt;
}

Response Router::dispatch(Request& request) const {
  const auto segments = split_path(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match(route.segments, segments, &params)) {
      continue;
    }
    if (route.method != request.method) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    request.params = std::move(params);
    if (auto refusal = authorize(request, route.right)) {
      return std::move(*refusal);
    }
    const auto key = request.method != "GET" && request.method != "HEAD"
                         ? request.header("idempotency-key")
                         : std::nullopt;
    if (key && (key->empty() || key->size() > 200)) {
      return Response::error(400, "bad_idempotency_key",
                             "An Idempotency-Key is 1 to 200 characters, one per mutation.");
    }
    if (key && replays_.find) {
      if (auto first = replays_.find(*key, request)) {
        first->headers.emplace_back("Idempotent-Replayed", "true");
        return std::move(*first);
      }
    }
    try {
      auto response = route.handler(request);
      if (key && replays_.keep && response.status < 500 && !response.file) {
        replays_.keep(*key, request, response);
      }
      return response;
    } catch (const std::exception& error) {
      log::error("internal error on " + request.method + " " + request.path + ": " + error.what());
      return Response::error(500, "internal_error",
                             "Slate failed to answer this request; the appliance log says why.");
    }
  }
  if (!allowed.empty()) {
    auto response = Response::error(
        405, "method_not_allowed",
        request.method + " is not allowed on " + request.path + "; allowed: " + allowed + ".");
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  return Response::error(404, "not_found", "There is no API endpoint at " + request.path + ".");
}

}  // namespace slate::api
