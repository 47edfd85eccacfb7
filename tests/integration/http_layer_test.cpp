// The HTTP layer against the real slated: authentication before anything else, a mutation and
// its idempotency record in one transaction (across a crash between commit and answer), the
// event stream's Origin check and its answer to a `since` older than it replays, and the session.
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>
#include <optional>
#include <regex>
#include <thread>

#include <slate/api/event_hub.hpp>
#include <slate/api/router.hpp>
#include <slate/api/server.hpp>
#include <slate/api/static_files.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

std::string bearer(const std::string& token) {
  return "Authorization: Bearer " + token + "\r\n";
}

std::string upgrade_bytes(const std::string& headers) {
  return "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
         "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
         headers + "\r\n";
}

class HttpLayer : public ::testing::Test {
 protected:
  std::string send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& headers = {}) {
    return testing::raw_http(daemon_->port(), testing::http_request(method, target, body, headers));
  }

  testing::TempDir dir_;
  std::optional<testing::DaemonUnderTest> daemon_{std::in_place, dir_.path(),
                                                  "[tether]\nautodetect = false\n"};
};

TEST_F(HttpLayer, WithoutATokenAnUnknownRouteOrWrongMethodIs401) {
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/api/v1/no-such-route"},
           {"POST", "/api/v1/takes"},     // a path that takes GET only
           {"DELETE", "/api/v1/status"},  // an open path, the wrong method
           {"GET", "/api/v1/pairing"}}) {
    SCOPED_TRACE(method + " " + target);
    const auto answer = send(method, target, "{}");
    EXPECT_EQ(testing::status_of(answer), 401) << answer;
    EXPECT_EQ(answer.find("Allow:"), std::string::npos) << answer;
  }
  const auto token = bearer(daemon_->token());
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/no-such-route", "{}", token)), 404);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/takes", "{}", token)), 405);
}

TEST_F(HttpLayer, TheSameKeyWithAnotherBodyIs422) {
  const auto headers = bearer(daemon_->token()) + "Idempotency-Key: scene-key-1\r\n";
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/scenes", R"({"number": "41"})", headers)),
            201);
  const auto other = send("POST", "/api/v1/scenes", R"({"number": "42"})", headers);
  EXPECT_EQ(testing::status_of(other), 422) << other;
  EXPECT_EQ(json::parse(testing::body_of(other))["error"]["code"], "idempotency_key_reused");
  // Scene 42 was not added on the way.
  const auto scenes =
      json::parse(testing::body_of(send("GET", "/api/v1/scenes", "", bearer(daemon_->token()))));
  for (const auto& scene : scenes["scenes"]) {
    EXPECT_NE(scene["number"], "42");
  }
}

// The numbers of the scenes the box lists, and how many scene.added events it streams.
std::pair<std::vector<std::string>, int> scenes_and_events(testing::DaemonUnderTest& daemon) {
  const auto answer = testing::raw_http(
      daemon.port(), testing::http_request("GET", "/api/v1/scenes", "", bearer(daemon.token())));
  std::vector<std::string> numbers;
  EXPECT_EQ(testing::status_of(answer), 200) << answer;
  const auto listing = json::parse(testing::body_of(answer));
  for (const auto& scene : listing["scenes"]) {
    numbers.push_back(scene["number"]);
  }
  testing::EventStreamClient stream(daemon.port(), 0, daemon.token());
  int added = 0;
  while (const auto message = stream.next(std::chrono::seconds(2))) {
    if ((*message)["type"] == "event" && (*message)["kind"] == "scene.added") {
      ++added;
    }
  }
  return {numbers, added};
}

TEST_F(HttpLayer, AMutationCommittedBeforeACrashIsReplayedOnceAfterTheRestart) {
  const std::string body = R"({"number": "77"})";
  const std::string key = "Idempotency-Key: crash-key-1\r\n";
  // A slated that kills itself once the change and its record are committed, before it answers.
  daemon_.reset();
  daemon_.emplace(dir_.path(), "[tether]\nautodetect = false\n",
                  std::vector<std::string>{"SLATE_TEST_CRASH_AT=api.after_commit"});
  const auto lost = send("POST", "/api/v1/scenes", body, bearer(daemon_->token()) + key);
  EXPECT_EQ(testing::status_of(lost), 0) << lost;  // no answer came
  EXPECT_EQ(daemon_->process().wait(std::chrono::seconds(10)), 128 + SIGKILL);

  daemon_.reset();
  daemon_.emplace(dir_.path(), "[tether]\nautodetect = false\n");
  const auto retried = send("POST", "/api/v1/scenes", body, bearer(daemon_->token()) + key);
  EXPECT_EQ(testing::status_of(retried), 201) << retried;
  EXPECT_NE(retried.find("Idempotent-Replayed: true"), std::string::npos) << retried;
  EXPECT_EQ(json::parse(testing::body_of(retried))["number"], "77");

  const auto [numbers, added] = scenes_and_events(*daemon_);
  EXPECT_EQ(std::count(numbers.begin(), numbers.end(), "77"), 1) << json(numbers);
  EXPECT_EQ(added, 1);
}

TEST_F(HttpLayer, AnEventStreamFromAForeignOriginIsRefused) {
  const auto token = bearer(daemon_->token());
  const auto foreign =
      testing::raw_http(daemon_->port(), upgrade_bytes(token + "Origin: http://evil.example\r\n"),
                        std::chrono::seconds(2));
  EXPECT_EQ(testing::status_of(foreign), 403) << foreign;
  EXPECT_EQ(json::parse(testing::body_of(foreign))["error"]["code"], "foreign_origin");
  // A look-alike suffix is another host.
  EXPECT_EQ(testing::status_of(testing::raw_http(
                daemon_->port(), upgrade_bytes(token + "Origin: http://127.0.0.1.evil.example\r\n"),
                std::chrono::seconds(2))),
            403);
  EXPECT_EQ(
      testing::status_of(testing::raw_http(
          daemon_->port(), upgrade_bytes(token + "Origin: null\r\n"), std::chrono::seconds(2))),
      403);
}

TEST_F(HttpLayer, AnEventStreamFromTheBoxItselfOrWithNoOriginOpens) {
  const auto token = bearer(daemon_->token());
  const auto port = std::to_string(daemon_->port());
  for (const std::string& origin : std::vector<std::string>{
           "", "Origin: http://127.0.0.1:" + port + "\r\n",
           "Origin: http://localhost:" + port + "\r\n", "Origin: https://slate.local\r\n",
           "Origin: http://[::1]:" + port + "\r\n"}) {
    SCOPED_TRACE(origin);
    const auto answer = testing::raw_http(daemon_->port(), upgrade_bytes(token + origin),
                                          std::chrono::milliseconds(500));
    EXPECT_EQ(testing::status_of(answer), 101) << answer;
  }
  // The Host the tablet reached the box at is the box's own too.
  const auto by_address = testing::raw_http(
      daemon_->port(),
      "GET /api/v1/events HTTP/1.1\r\nHost: 10.1.2.3:8080\r\nConnection: Upgrade\r\n"
      "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
          token + "Origin: http://10.1.2.3:8080\r\n\r\n",
      std::chrono::milliseconds(500));
  EXPECT_EQ(testing::status_of(by_address), 101) << by_address;
}

TEST_F(HttpLayer, TheSessionSaysWhoAsksAndWhatItMayDo) {
  const auto cli = send("GET", "/api/v1/session", "", bearer(daemon_->token()));
  ASSERT_EQ(testing::status_of(cli), 200) << cli;
  EXPECT_EQ(json::parse(testing::body_of(cli)),
            (json{{"actor", "cli"},
                  {"role", "dit"},
                  {"name", "cli"},
                  {"rights", {"open", "read", "mark", "log", "days", "offload", "settings"}}}));

  const auto printed = daemon_->slate({"pair", "--role", "script"});
  std::smatch pin;
  ASSERT_TRUE(std::regex_search(printed.out, pin, std::regex("PIN ([0-9]{6})"))) << printed.out;
  const auto paired =
      send("POST", "/api/v1/pairing", json{{"pin", pin[1].str()}, {"name", "Script iPad"}}.dump());
  ASSERT_EQ(testing::status_of(paired), 201) << paired;
  const auto device = json::parse(testing::body_of(paired));
  const auto session =
      send("GET", "/api/v1/session", "", bearer(device["token"].get<std::string>()));
  ASSERT_EQ(testing::status_of(session), 200) << session;
  EXPECT_EQ(json::parse(testing::body_of(session)),
            (json{{"actor", "device/" + std::to_string(device["device"].get<int>())},
                  {"role", "script"},
                  {"name", "Script iPad"},
                  {"rights", {"open", "read", "mark", "log"}}}));
  EXPECT_EQ(testing::status_of(send("GET", "/api/v1/session", "")), 401);
}

// The ApiServer of slated with a small replay window, on an io thread of the test's own.
class SmallWindowServer {
 public:
  SmallWindowServer(const std::filesystem::path& folder, std::int64_t max_lag)
      : catalogue_(catalogue::Catalogue::open(folder / "c.db")),
        hub_(catalogue_->reader(), 16),
        files_(folder),
        server_(io_, limits(max_lag), router_, files_, hub_) {
    catalogue_->set_event_observer([this](const std::vector<catalogue::Event>& events) {
      boost::asio::post(io_, [this, events] { hub_.publish(events); });
    });
    port_ = server_.listen("127.0.0.1", 0).port();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~SmallWindowServer() {
    boost::asio::post(io_, [this] { server_.shutdown(); });
    thread_.join();
    catalogue_->set_event_observer(nullptr);
  }
  std::uint16_t port() const { return port_; }
  void append(int count) {
    for (int i = 0; i < count; ++i) {
      catalogue::NewEvent event;
      event.kind = "test.event";
      event.entity = "test/1";
      catalogue_->append(std::move(event));
    }
  }

 private:
  static api::ServerLimits limits(std::int64_t max_lag) {
    api::ServerLimits limits;
    limits.event_max_lag = max_lag;
    limits.replay_window = max_lag;
    return limits;
  }
  boost::asio::io_context io_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  api::EventHub hub_;
  api::Router router_;
  api::StaticFiles files_;
  api::ApiServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(EventStreamWindow, ASinceOlderThanTheWindowIsToldSoAndFollowsFromTheLatest) {
  testing::TempDir dir;
  SmallWindowServer server(dir.path(), 10);
  server.append(50);
  testing::EventStreamClient client(server.port(), 5, "");
  const auto hello = client.next();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["type"], "hello");
  const auto too_old = client.next();
  ASSERT_TRUE(too_old);
  EXPECT_EQ(*too_old, (json{{"kind", "stream.too_old"}, {"sequence", 50}}));
  server.append(1);
  const auto live = client.next();
  ASSERT_TRUE(live);
  EXPECT_EQ((*live)["seq"], 51) << *live;
}

TEST(EventStreamWindow, ASinceWithinTheWindowIsReplayed) {
  testing::TempDir dir;
  SmallWindowServer server(dir.path(), 10);
  server.append(50);
  testing::EventStreamClient client(server.port(), 45, "");
  ASSERT_EQ((*client.next())["type"], "hello");
  for (int sequence = 46; sequence <= 50; ++sequence) {
    const auto event = client.next();
    ASSERT_TRUE(event);
    EXPECT_EQ((*event)["seq"], sequence) << *event;
  }
}

}  // namespace
}  // namespace slate
