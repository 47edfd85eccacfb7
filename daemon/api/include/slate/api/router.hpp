#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <slate/api/http.hpp>
#include <slate/api/rights.hpp>

namespace slate::api {

/// Maps a method and a path pattern ("/api/v1/offloads/{id}") to a handler. Handlers run on the io
/// thread: they must not block.
class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  /// Decides whether a request may proceed with the right its route needs: sets request.actor and
  /// returns nothing, or returns the refusal (401, 403).
  using Guard = std::function<std::optional<Response>(Request&, Right)>;

  /// Adds a route and the one right a caller must hold to use it.
  void add(std::string method, std::string pattern, Right right, Handler handler);

  /// Where answers to mutations sent with an Idempotency-Key are kept, so that a tablet replaying
  /// a mark it made offline gets the first answer back and changes nothing again.
  struct Replays {
    /// The answer first given to this key by this actor, if any.
    std::function<std::optional<Response>(const std::string& key, const Request& request)> find;
    /// Keeps an answer (only answers below 500: a failure may be tried again).
    std::function<void(const std::string& key, const Request& request, const Response& response)>
        keep;
  };
  void set_replays(Replays replays) { replays_ = std::move(replays); }

  /// Every request passes the guard before its handler runs, and so does an event stream before it
  /// is opened.
  void set_guard(Guard guard) { guard_ = std::move(guard); }

  /// The guard's refusal of this request, if any; sets request.actor when it passes.
  std::optional<Response> authorize(Request& request, Right right) const;

  /// The response of the matching route; 404 when no pattern matches the path, 405 (with Allow)
  /// when one does but not for this method. A handler that throws gives a 500 with no internals.
  Response dispatch(Request& request) const;

  /// Whether some route matches this path, whatever the method.
  bool matches(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Right right;
    Handler handler;
  };
  std::vector<Route> routes_;
  Guard guard_;
  Replays replays_;
};

}  // namespace slate::api
