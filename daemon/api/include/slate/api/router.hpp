#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <slate/api/http.hpp>
#include <slate/api/rights.hpp>

namespace slate::catalogue {
class Catalogue;
}

namespace slate::api {

class Idempotency;

/// Maps a method and a path pattern ("/api/v1/offloads/{id}") to a handler. Handlers run on a
/// worker thread, not the io thread, unless added with add_inline; they may block on the catalogue.
class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  /// Decides whether a request may proceed with the right its route needs: sets request.actor and
  /// returns nothing, or returns the refusal (401, 403).
  using Guard = std::function<std::optional<Response>(Request&, Right)>;

  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  /// Adds a route and the one right a caller must hold to use it. Its handler runs on a worker.
  void add(std::string method, std::string pattern, Right right, Handler handler);
  /// Adds a route whose handler runs on the io thread: only for answers made from memory, with no
  /// catalogue and no blocking (the status a health check reads). Its right must be Right::open,
  /// since checking a token reads the catalogue.
  void add_inline(std::string method, std::string pattern, Right right, Handler handler);

  /// A route as added, for tests and listings.
  struct RouteInfo {
    std::string method;
    std::string pattern;
    Right right;
    bool runs_inline;
  };
  std::vector<RouteInfo> routes() const;

  /// Answers to mutations sent with an Idempotency-Key are kept in this catalogue, in the same
  /// transaction as the mutation, so that a tablet replaying a mark it made offline gets the
  /// first answer back and changes nothing again.
  void keep_replays_in(catalogue::Catalogue& catalogue);
  /// Forgets kept answers older than `age` (none when no catalogue keeps them); how many went.
  std::int64_t forget_replays_older_than(std::chrono::seconds age);

  /// Every request passes the guard before its handler runs, and so does an event stream before it
  /// is opened.
  void set_guard(Guard guard) { guard_ = std::move(guard); }

  /// The guard's refusal of this request, if any; sets request.actor when it passes.
  std::optional<Response> authorize(Request& request, Right right) const;

  /// The response of the matching route. Authentication comes first: a request with no valid
  /// token on a route that is not open gets 401, whatever the path or method. Then 404 when no
  /// pattern matches the path, 405 (with Allow) when one does but not for this method, 403 when
  /// the caller lacks the route's right. A handler that throws gives a 500 with no internals.
  Response dispatch(Request& request) const;

  /// Whether this request's route runs on the io thread (added with add_inline).
  bool runs_inline(const Request& request) const;

  /// Whether some route matches this path, whatever the method.
  bool matches(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Right right;
    bool runs_inline;
    Handler handler;
  };
  const Route* find(const Request& request, std::map<std::string, std::string>* params,
                    std::string* allowed) const;

  std::vector<Route> routes_;
  Guard guard_;
  std::unique_ptr<Idempotency> idempotency_;
};

}  // namespace slate::api
