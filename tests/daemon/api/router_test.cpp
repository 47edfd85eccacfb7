// Who asks comes first: a caller without a valid token learns nothing of which routes exist.
#include <gtest/gtest.h>

#include <slate/api/router.hpp>

namespace slate::api {
namespace {

// A guard that knows one token, "good", held by a viewer (who reads and nothing else).
void add_guarded_routes(Router& router) {
  router.set_guard([](Request& request, Right right) -> std::optional<Response> {
    if (right == Right::open) {
      return std::nullopt;
    }
    if (request.header("authorization") != "Bearer good") {
      return Response::error(401, "unauthorized", "no token");
    }
    request.actor = "device/1";
    if (right != Right::read) {
      return Response::error(403, "forbidden", "a viewer only reads");
    }
    return std::nullopt;
  });
  router.add("GET", "/api/v1/takes", Right::read, [](Request&) { return Response::json({}); });
  router.add("PATCH", "/api/v1/takes/{id}", Right::mark,
             [](Request&) { return Response::json({}); });
  router.add("POST", "/api/v1/pairing", Right::open,
             [](Request&) { return Response::json({}, 201); });
}

unsigned status_of(const Router& router, std::string method, std::string path, bool authenticated) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  if (authenticated) {
    request.headers["authorization"] = "Bearer good";
  }
  return router.dispatch(request).status;
}

TEST(Router, WithoutATokenAnUnknownPathOrWrongMethodIs401) {
  Router router;
  add_guarded_routes(router);
  EXPECT_EQ(status_of(router, "POST", "/api/v1/no-such-thing", false), 401u);
  EXPECT_EQ(status_of(router, "POST", "/api/v1/takes", false), 401u);
  EXPECT_EQ(status_of(router, "DELETE", "/api/v1/takes/3", false), 401u);
  // A wrong method on an open route tells no more than any other path.
  EXPECT_EQ(status_of(router, "GET", "/api/v1/pairing", false), 401u);
}

TEST(Router, WithATokenAnUnknownPathIs404AWrongMethod405AndAMissingRight403) {
  Router router;
  add_guarded_routes(router);
  EXPECT_EQ(status_of(router, "POST", "/api/v1/no-such-thing", true), 404u);
  EXPECT_EQ(status_of(router, "POST", "/api/v1/takes", true), 405u);
  EXPECT_EQ(status_of(router, "PATCH", "/api/v1/takes/3", true), 403u);
  EXPECT_EQ(status_of(router, "GET", "/api/v1/takes", true), 200u);
}

TEST(Router, AnOpenRouteNeedsNoToken) {
  Router router;
  add_guarded_routes(router);
  EXPECT_EQ(status_of(router, "POST", "/api/v1/pairing", false), 201u);
}

TEST(Router, ListsEachRouteWithItsRightAndWhereItRuns) {
  Router router;
  router.add("GET", "/api/v1/takes", Right::read, [](Request&) { return Response::json({}); });
  router.add_inline("GET", "/api/v1/status", Right::open,
                    [](Request&) { return Response::json({}); });
  const auto routes = router.routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].pattern, "/api/v1/takes");
  EXPECT_EQ(routes[0].right, Right::read);
  EXPECT_FALSE(routes[0].runs_inline);
  EXPECT_EQ(routes[1].method, "GET");
  EXPECT_TRUE(routes[1].runs_inline);

  Request status;
  status.method = "GET";
  status.path = "/api/v1/status";
  EXPECT_TRUE(router.runs_inline(status));
  Request takes;
  takes.method = "GET";
  takes.path = "/api/v1/takes";
  EXPECT_FALSE(router.runs_inline(takes));
}

TEST(Router, OnlyAnOpenRouteMayRunOnTheIoThread) {
  Router router;
  // Checking its token would read the catalogue on the io thread.
  EXPECT_THROW(router.add_inline("GET", "/api/v1/tablet", Right::read,
                                 [](Request&) { return Response::json({}); }),
               std::logic_error);
}

}  // namespace
}  // namespace slate::api
