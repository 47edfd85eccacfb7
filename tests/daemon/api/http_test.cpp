#include <gtest/gtest.h>

#include <slate/api/http.hpp>
#include <slate/api/router.hpp>
#include <slate/api/static_files.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::api {
namespace {

std::string refusal(std::string_view target) {
  try {
    parse_target(target);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(RequestTarget, DecodesThePathAndTheQuery) {
  const auto target = parse_target("/api/v1/takes%20list?since=42&scene=12A&note=a+b%26c");
  EXPECT_EQ(target.path, "/api/v1/takes list");
  EXPECT_EQ(target.query.find("since")->second, "42");
  EXPECT_EQ(target.query.find("scene")->second, "12A");
  EXPECT_EQ(target.query.find("note")->second, "a b&c");
}

TEST(RequestTarget, RefusesTraversalRawOrEncoded) {
  EXPECT_EQ(refusal("/../etc/passwd"), "the path holds a '..' segment");
  EXPECT_EQ(refusal("/a/%2e%2e/b"), "the path holds a '..' segment");
  EXPECT_EQ(refusal("/a/%2E%2e%2Fetc"), "the path holds a '..' segment");
  EXPECT_EQ(refusal("/a/./b"), "the path holds a '.' segment");
  EXPECT_EQ(refusal("/.."), "the path holds a '..' segment");
}

TEST(RequestTarget, RefusesNulBackslashBadEscapesAndNonPaths) {
  EXPECT_EQ(refusal("/index.html%00.png"), "the path holds a NUL byte");
  EXPECT_EQ(refusal("/..%5c..%5cetc"), "the path holds a backslash");
  EXPECT_EQ(refusal("/a%zz"), "bad percent escape");
  EXPECT_EQ(refusal("/a%2"), "incomplete percent escape");
  EXPECT_EQ(refusal("http://example.com/etc/passwd"),
            "the request target must be an absolute path");
  EXPECT_EQ(refusal("*"), "the request target must be an absolute path");
  EXPECT_EQ(refusal("/x?k=%00"), "the query holds a NUL byte");
}

TEST(RequestTarget, AcceptsDotsInsideNames) {
  EXPECT_EQ(parse_target("/clips/A001C003..mov").path, "/clips/A001C003..mov");
  EXPECT_EQ(parse_target("/.well-known/x").path, "/.well-known/x");
}

TEST(Router, PassesPatternParametersToTheHandler) {
  Router router;
  router.add("GET", "/api/v1/offloads/{id}", Right::read, [](Request& request) {
    return Response::json({{"id", request.params.at("id")}});
  });
  Request request;
  request.method = "GET";
  request.path = "/api/v1/offloads/17";
  const auto response = router.dispatch(request);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(response.body)["id"], "17");
}

TEST(Router, WrongMethodIs405WithAllowAndUnknownPathIs404) {
  Router router;
  router.add("GET", "/api/v1/status", Right::read, [](Request&) { return Response::json({}); });
  Request request;
  request.method = "DELETE";
  request.path = "/api/v1/status";
  auto response = router.dispatch(request);
  EXPECT_EQ(response.status, 405u);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "GET");
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "method_not_allowed");

  request.path = "/api/v1/nothing";
  response = router.dispatch(request);
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "not_found");
}

TEST(Router, AHandlerThatThrowsGives500WithoutInternals) {
  Router router;
  router.add("GET", "/api/v1/boom", Right::read,
             [](Request&) -> Response { throw std::runtime_error("secret detail"); });
  Request request;
  request.method = "GET";
  request.path = "/api/v1/boom";
  const auto response = router.dispatch(request);
  EXPECT_EQ(response.status, 500u);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST(StaticFiles, ServesIndexAndFilesWithTheirTypes) {
  testing::TempDir dir;
  testing::write_file(dir / "ui/index.html", "<!doctype html>");
  testing::write_file(dir / "ui/app/main.js", "export {}");
  StaticFiles files(dir / "ui");
  Request request;
  request.method = "GET";
  request.path = "/";
  auto response = files.serve(request);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.file, std::filesystem::canonical(dir / "ui/index.html"));
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  request.path = "/app/main.js";
  response = files.serve(request);
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
}

TEST(StaticFiles, NeverServesOutsideItsFolderEvenThroughASymlink) {
  testing::TempDir dir;
  testing::write_file(dir / "ui/index.html", "<!doctype html>");
  testing::write_file(dir / "secret.txt", "the crew's phone numbers");
  std::filesystem::create_symlink(dir / "secret.txt", dir / "ui/link.txt");
  StaticFiles files(dir / "ui");
  Request request;
  request.method = "GET";
  for (const char* path : {"/link.txt", "//secret.txt", "/secret.txt", "/missing.html"}) {
    request.path = path;
    const auto response = files.serve(request);
    EXPECT_EQ(response.status, 404u) << path;
    EXPECT_FALSE(response.file) << path;
  }
}

TEST(StaticFiles, RangesAreServedAsSafariAndChromiumAskForThem) {
  testing::TempDir dir;
  testing::write_file(dir / "proxy.mp4", "0123456789");
  const auto ranged = [&](std::optional<std::string> range) {
    Response response;
    response.file = dir / "proxy.mp4";
    apply_range(response, range);
    return response;
  };
  auto whole = ranged(std::nullopt);
  EXPECT_EQ(whole.status, 200u);
  EXPECT_TRUE(whole.file);
  auto first_two = ranged("bytes=0-1");  // Safari's first question
  EXPECT_EQ(first_two.status, 206u);
  EXPECT_EQ(first_two.body, "01");
  EXPECT_FALSE(first_two.file);
  const auto header = [](const Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) {
        return value;
      }
    }
    return std::string();
  };
  EXPECT_EQ(header(first_two, "Content-Range"), "bytes 0-1/10");
  EXPECT_EQ(header(first_two, "Accept-Ranges"), "bytes");
  EXPECT_EQ(ranged("bytes=7-").body, "789");
  EXPECT_EQ(ranged("bytes=-3").body, "789");
  EXPECT_EQ(ranged("bytes=5-100").body, "56789");
  auto past = ranged("bytes=10-");
  EXPECT_EQ(past.status, 416u);
  EXPECT_EQ(header(past, "Content-Range"), "bytes */10");
  // Malformed or several ranges: the whole file.
  for (const char* odd : {"bytes=x-1", "bytes=3-1", "items=0-1", "bytes=0-1,4-5", "bytes=-0"}) {
    SCOPED_TRACE(odd);
    const auto response = ranged(std::string(odd));
    EXPECT_EQ(response.status, 200u);
    EXPECT_TRUE(response.file);
  }
}

}  // namespace
}  // namespace slate::api
