#include <exception>
#include <stdexcept>

#include <slate/api/router.hpp>
#include <slate/log/log.hpp>

#include "idempotency.hpp"

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

Router::Router() = default;
Router::~Router() = default;

void Router::add(std::string method, std::string pattern, Right right, Handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), right, false,
                     std::move(handler)});
}

void Router::add_inline(std::string method, std::string pattern, Right right, Handler handler) {
  if (right != Right::open) {
    // Checking a token reads the catalogue, which the io thread must never wait on.
    throw std::logic_error("a route answered on the io thread must be open: " + pattern);
  }
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), right, true,
                     std::move(handler)});
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> listed;
  for (const auto& route : routes_) {
    listed.push_back({route.method, route.pattern, route.right, route.runs_inline});
  }
  return listed;
}

void Router::keep_replays_in(catalogue::Catalogue& catalogue) {
  idempotency_ = std::make_unique<Idempotency>(catalogue);
}

std::int64_t Router::forget_replays_older_than(std::chrono::seconds age) {
  return idempotency_ ? idempotency_->forget_older_than(age) : 0;
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

const Router::Route* Router::find(const Request& request,
                                  std::map<std::string, std::string>* params,
                                  std::string* allowed) const {
  const auto segments = split_path(request.path);
  for (const auto& route : routes_) {
    std::map<std::string, std::string> found;
    if (!match(route.segments, segments, &found)) {
      continue;
    }
    if (route.method != request.method) {
      if (allowed) {
        *allowed += (allowed->empty() ? "" : ", ") + route.method;
      }
      continue;
    }
    if (params) {
      *params = std::move(found);
    }
    return &route;
  }
  return nullptr;
}

bool Router::runs_inline(const Request& request) const {
  const auto* route = find(request, nullptr, nullptr);
  return route && route->runs_inline;
}

Response Router::dispatch(Request& request) const {
  std::map<std::string, std::string> params;
  std::string allowed;
  const auto* route = find(request, &params, &allowed);
  if (!route) {
    // Who asks comes first: without a valid token, a caller learns nothing of which paths and
    // methods exist. Every paired role reads, so a valid token passes this whatever its role.
    if (auto refusal = authorize(request, Right::read)) {
      return std::move(*refusal);
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
  request.params = std::move(params);
  if (auto refusal = authorize(request, route->right)) {
    return std::move(*refusal);
  }
  const auto key = request.method != "GET" && request.method != "HEAD"
                       ? request.header("idempotency-key")
                       : std::nullopt;
  if (key && (key->empty() || key->size() > 200)) {
    return Response::error(400, "bad_idempotency_key",
                           "An Idempotency-Key is 1 to 200 characters, one per mutation.");
  }
  try {
    if (key && idempotency_) {
      return idempotency_->run(*key, request, route->handler);
    }
    return route->handler(request);
  } catch (const std::exception& error) {
    log::error("internal error on " + request.method + " " + request.path + ": " + error.what());
    return Response::error(500, "internal_error",
                           "Slate failed to answer this request; the appliance log says why.");
  }
}

}  // namespace slate::api
