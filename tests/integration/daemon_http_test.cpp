// The real slated, started as a user starts it, on an ephemeral port with a temporary data dir.
#include <gtest/gtest.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using testing::body_of;
using testing::raw_http;
using testing::status_of;

class DaemonHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    testing::write_file(*dir_ / "ui/index.html", "<!doctype html><title>Slate</title>");
    testing::write_file(*dir_ / "ui/app.js", "console.log('slate')");
    testing::write_file(*dir_ / "outside.txt", "root:x:0:0:outside the UI folder");
    daemon_ = new testing::DaemonUnderTest(dir_->path(), "[log]\nlevel = \"info\"\n", {},
                                           "ui_dir = \"ui\"\n");
  }
  static void TearDownTestSuite() {
    delete daemon_;
    delete dir_;
  }

  static std::string get(const std::string& target) {
    return raw_http(daemon_->port(), testing::get_request(target, daemon_->token()));
  }

  static testing::TempDir* dir_;
  static testing::DaemonUnderTest* daemon_;
};

testing::TempDir* DaemonHttp::dir_ = nullptr;
testing::DaemonUnderTest* DaemonHttp::daemon_ = nullptr;

TEST_F(DaemonHttp, StatusAnswersJsonAboutThisDaemon) {
  const auto response = get("/api/v1/status");
  ASSERT_EQ(status_of(response), 200) << response;
  EXPECT_NE(response.find("Content-Type: application/json"), std::string::npos);
  const auto status = nlohmann::json::parse(body_of(response));
  EXPECT_EQ(status["service"], "slated");
  EXPECT_EQ(status["version"], SLATE_VERSION);
  EXPECT_EQ(status["pid"], daemon_->process().pid());
  EXPECT_EQ(status["data_dir"], daemon_->data_dir().string());
  EXPECT_GE(status["schema_version"].get<int>(), 2);
  EXPECT_GE(status["uptime_seconds"].get<int>(), 0);
  EXPECT_EQ(status["appliance_id"].get<std::string>().size(), 36u);
  EXPECT_TRUE(std::filesystem::exists(daemon_->data_dir() / "catalogue.db"));
}

TEST_F(DaemonHttp, ServesTheTabletUi) {
  auto response = get("/");
  ASSERT_EQ(status_of(response), 200);
  EXPECT_EQ(body_of(response), "<!doctype html><title>Slate</title>");
  EXPECT_NE(response.find("Content-Type: text/html"), std::string::npos);
  response = get("/app.js");
  EXPECT_EQ(status_of(response), 200);
  EXPECT_NE(response.find("Content-Type: text/javascript"), std::string::npos);
}

TEST_F(DaemonHttp, HeadGivesTheHeadersWithoutTheBody) {
  const auto response = raw_http(
      daemon_->port(), "HEAD /app.js HTTP/1.1\r\nHost: slate\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(response), 200);
  EXPECT_NE(response.find("Content-Length: 20"), std::string::npos) << response;
  EXPECT_EQ(body_of(response), "");
}

TEST_F(DaemonHttp, TraversalAttemptsAreRefusedAndServeNothing) {
  const char* attempts[] = {
      "/../outside.txt",
      "/..%2foutside.txt",
      "/%2e%2e/outside.txt",
      "/%2E%2E%2Foutside.txt",
      "/ui/../../outside.txt",
      "/index.html%00.js",
      "/%00",
      "//outside.txt",
      "/..\\outside.txt",
      "http://slate/../outside.txt",
      "/.%2e/outside.txt",
      "/api/v1/../../outside.txt",
  };
  for (const char* target : attempts) {
    const auto response = get(target);
    const int status = status_of(response);
    EXPECT_TRUE(status == 400 || status == 404) << target << " gave " << status;
    EXPECT_EQ(response.find("root:x"), std::string::npos) << target;
    const auto error = nlohmann::json::parse(body_of(response), nullptr, false);
    ASSERT_FALSE(error.is_discarded()) << target << ": " << response;
    EXPECT_TRUE(error["error"]["message"].is_string()) << target;
  }
  // A raw NUL in the request line is not HTTP at all.
  const auto response =
      raw_http(daemon_->port(), std::string("GET /index.html\0/x HTTP/1.1\r\nHost: s\r\n\r\n", 36));
  EXPECT_EQ(status_of(response), 400);
}

TEST_F(DaemonHttp, OversizedBodyGets413) {
  const std::string body(2 * 1024 * 1024, 'a');
  const auto response =
      raw_http(daemon_->port(), "POST /api/v1/status HTTP/1.1\r\nHost: slate\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_EQ(status_of(response), 413) << response.substr(0, 200);
  EXPECT_EQ(nlohmann::json::parse(body_of(response))["error"]["code"], "body_too_large");
}

TEST_F(DaemonHttp, OversizedHeadersGet431) {
  const auto response = raw_http(daemon_->port(), "GET / HTTP/1.1\r\nHost: slate\r\nX-Big: " +
                                                      std::string(64 * 1024, 'h') + "\r\n\r\n");
  EXPECT_EQ(status_of(response), 431);
}

TEST_F(DaemonHttp, GarbageIsABadRequest) {
  const auto response = raw_http(daemon_->port(), "HELLO THERE\r\n\r\n");
  EXPECT_EQ(status_of(response), 400);
}

TEST_F(DaemonHttp, UnknownRouteIs404JsonAndWrongMethodIs405) {
  auto response = get("/api/v1/no-such-thing");
  EXPECT_EQ(status_of(response), 404);
  EXPECT_EQ(nlohmann::json::parse(body_of(response))["error"]["code"], "not_found");
  // With a token: without one, any route answers 401 (see http_layer_test.cpp).
  response = raw_http(daemon_->port(),
                      "DELETE /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                      "Authorization: Bearer " +
                          daemon_->token() + "\r\n\r\n");
  EXPECT_EQ(status_of(response), 405);
  EXPECT_NE(response.find("Allow: GET"), std::string::npos);
  response = get("/no-such-page.html");
  EXPECT_EQ(status_of(response), 404);
}

TEST_F(DaemonHttp, EventStreamWithoutUpgradeIsExplained) {
  const auto response = get("/api/v1/events");
  EXPECT_EQ(status_of(response), 400);
  EXPECT_EQ(nlohmann::json::parse(body_of(response))["error"]["code"], "websocket_required");
}

TEST_F(DaemonHttp, KeepAliveServesSeveralRequestsOnOneConnection) {
  const auto response =
      raw_http(daemon_->port(),
               "GET /api/v1/status HTTP/1.1\r\nHost: s\r\n\r\n"
               "GET /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n");
  std::size_t count = 0;
  for (auto at = response.find("HTTP/1.1 200"); at != std::string::npos;
       at = response.find("HTTP/1.1 200", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 2u);
}

TEST(DaemonStart, BadConfigIsRefusedWithFileLineAndKeyAndNothingStarts) {
  testing::TempDir dir;
  const auto config = dir / "slated.toml";
  testing::write_file(config,
                      "[storage]\ndata_dir = \"data\"\n[server]\nlisten = \"127.0.0.1:0\"\n"
                      "port = 9\n");
  const auto result =
      testing::run_command({testing::binary("slated").string(), "--config", config.string()});
  EXPECT_EQ(result.exit_code, 78);
  EXPECT_NE(result.err.find(config.string() + ":5: server.port: unknown key"), std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "data"));
}

TEST(DaemonStart, EachKindOfBadConfigHasItsMessage) {
  const std::pair<std::string, std::string> cases[] = {
      {"[log]\nlevel = 3\n", ":2: log.level: expected a string"},
      {"[server]\nlisten = \"nowhere\"\n", ":2: server.listen: expected host:port"},
      {"[server\n", ":1:"},
      {"[lenses]\n", ":1: lenses: unknown section"},
      {"[cameras]\n", ":1: cameras: expected [[cameras]] entries"},
  };
  for (const auto& [toml, expected] : cases) {
    testing::TempDir dir;
    const auto config = dir / "slated.toml";
    testing::write_file(config, toml);
    const auto result =
        testing::run_command({testing::binary("slated").string(), "--config", config.string()});
    EXPECT_EQ(result.exit_code, 78) << toml;
    EXPECT_NE(result.err.find(config.string() + expected), std::string::npos)
        << toml << " gave: " << result.err;
  }
}

TEST(DaemonStart, ADamagedCatalogueStopsTheStartNamingTheFile) {
  testing::TempDir dir;
  testing::write_file(dir / "data/catalogue.db", std::string(8192, 'Z'));
  testing::write_file(dir / "slated.toml",
                      "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"data\"\n");
  const auto result = testing::run_command(
      {testing::binary("slated").string(), "--config", (dir / "slated.toml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find((dir / "data/catalogue.db").string() + " is not a SQLite database"),
            std::string::npos)
      << result.err;
}

TEST(DaemonStart, AnAddressInUseIsNamed) {
  testing::TempDir dir;
  testing::DaemonUnderTest first(dir / "one");
  testing::write_file(dir / "two.toml",
                      "[server]\nlisten = \"127.0.0.1:" + std::to_string(first.port()) +
                          "\"\n[storage]\ndata_dir = \"two\"\n");
  const auto result = testing::run_command(
      {testing::binary("slated").string(), "--config", (dir / "two.toml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << result.err;
}

}  // namespace
TEST(DaemonStart, ServesTheTabletAppAndNothingElseOfItsFolder) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());  // the default ui_dir: the source tree's app
  const auto page =
      raw_http(daemon.port(), "GET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(page), 200);
  EXPECT_NE(body_of(page).find("<title>Slate</title>"), std::string::npos);
  EXPECT_EQ(status_of(raw_http(daemon.port(),
                               "GET /sw.js HTTP/1.1\r\nHost: s\r\n"
                               "Connection: close\r\n\r\n")),
            200);
  // The app's tests, their npm packages and the lock file are beside it, never served.
  for (const char* target : {"/package.json", "/tests/slated.js",
                             "/node_modules/.package-lock.json", "/../package.json"}) {
    EXPECT_NE(status_of(raw_http(daemon.port(), std::string("GET ") + target +
                                                    " HTTP/1.1\r\nHost: s\r\nConnection: "
                                                    "close\r\n\r\n")),
              200)
        << target;
  }
}

}  // namespace slate
