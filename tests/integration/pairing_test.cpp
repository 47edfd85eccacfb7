// Pairing tablets and their roles, through the real slated and slate: a PIN from `slate pair`
// gives a token and a role; each role may change only what it should; a revoked token stops at
// once; PINs expire, are used once, and cannot be guessed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <slate/api/rights.hpp>
#include <slate/app/daemon.hpp>
#include <slate/auth/roles.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;
using testing::binary;
using testing::run_command;

// Sends `bytes` to 127.0.0.1:port from `source`, another loopback address (127.0.0.2 …), as a
// second tablet on the set's Wi-Fi would; returns what came back until the server closed.
std::string raw_http_from(const char* source, std::uint16_t port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source, &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    close(fd);
    throw std::runtime_error(std::string("cannot connect from ") + source);
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string received;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    received.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return received;
}

class Pairing : public ::testing::Test {
 protected:
  testing::CommandResult slate(const std::vector<std::string>& args) { return daemon_.slate(args); }
  std::string pin(const std::string& role) {
    const auto printed = slate({"pair", "--role", role});
    EXPECT_EQ(printed.exit_code, 0) << printed.err;
    std::smatch match;
    EXPECT_TRUE(std::regex_search(printed.out, match, std::regex("PIN ([0-9]{6})"))) << printed.out;
    return match[1];
  }
  std::string send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& token = {}) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n";
    if (!token.empty()) {
      request += "Authorization: Bearer " + token + "\r\n";
    }
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return testing::raw_http(daemon_.port(), request);
  }
  // The status of POST /api/v1/pairing with this PIN, sent from `source`.
  int pair_from(const char* source, const std::string& code) {
    const auto body = json{{"pin", code}, {"name", std::string("Tablet at ") + source}}.dump();
    return testing::status_of(raw_http_from(
        source, daemon_.port(),
        "POST /api/v1/pairing HTTP/1.1\r\nHost: s\r\nConnection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body));
  }
  // A tablet's token, paired as `role`.
  std::string paired(const std::string& role, const std::string& name) {
    const auto answer =
        send("POST", "/api/v1/pairing", json{{"pin", pin(role)}, {"name", name}}.dump());
    EXPECT_EQ(testing::status_of(answer), 201) << answer;
    const auto body = json::parse(testing::body_of(answer));
    EXPECT_EQ(body["role"], role);
    return body["token"];
  }

  testing::TempDir dir_;
  testing::DaemonUnderTest daemon_{dir_.path(), "[tether]\nautodetect = false\n"};
};

// Which role may use which route is checked for every route slated registers, below
// (EveryRouteRefusesExactlyTheRolesWithoutItsRight); this checks what the rights table alone
// does not say.
TEST_F(Pairing, TabletsOffloadByIdAndOnlyTheDitSeesDevices) {
  for (const auto* role : {"dit", "script", "director", "camera", "viewer"}) {
    const auto token = paired(role, std::string(role) + " tablet");
    // A tablet offloads what the box found, by its id: no role may name a folder.
    EXPECT_EQ(testing::status_of(
                  send("POST", "/api/v1/offloads", R"({"source": "/nonexistent"})", token)),
              403);
    // Every role reads; only the DIT sees the paired devices.
    EXPECT_EQ(testing::status_of(send("GET", "/api/v1/takes", "", token)), 200);
    EXPECT_EQ(testing::status_of(send("GET", "/api/v1/devices", "", token)),
              std::string(role) == "dit" ? 200 : 403);
  }
  // No token, or a made-up one: 401, for reads as for changes. The status stays open to health
  // checks.
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/1", "{}")), 401);
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/1", "{}", std::string(64, 'f'))), 401);
  EXPECT_EQ(testing::status_of(send("GET", "/api/v1/takes", "")), 401);
  EXPECT_EQ(testing::status_of(send("GET", "/api/v1/clips", "", std::string(64, 'f'))), 401);
  EXPECT_EQ(testing::status_of(send("GET", "/api/v1/status", "")), 200);
}

// Every route slated registers, as its own wiring adds them: listed by a slated core started in
// this process, so that a route added tomorrow is in the table below without anyone writing it.
std::vector<api::Router::RouteInfo> routes_of_slated() {
  testing::TempDir dir;
  app::Config config = app::default_config();
  config.server.listen_port = 0;
  config.storage.data_dir = dir / "data";
  config.log.level = log::Level::warning;
  config.tether.autodetect = false;
  app::Daemon daemon(config);
  daemon.start(false);
  std::thread running([&] { daemon.run(); });
  auto routes = daemon.routes();
  daemon.stop();
  running.join();
  return routes;
}

// "/api/v1/takes/{id}/cut" with every parameter an id nothing has, so no route changes anything.
std::string target_of(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{[a-z_]+\\}"), "999999");
}

TEST(Routes, EveryMutationNeedsMoreThanReadingExceptPairingItself) {
  const auto routes = routes_of_slated();
  ASSERT_GT(routes.size(), 30u);
  for (const auto& route : routes) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    if (route.method == "GET" || route.method == "HEAD") {
      continue;
    }
    if (route.method == "POST" && route.pattern == "/api/v1/pairing") {
      EXPECT_EQ(route.right, api::Right::open);
      continue;
    }
    EXPECT_NE(route.right, api::Right::open);
    EXPECT_NE(route.right, api::Right::read);
  }
}

TEST_F(Pairing, EveryRouteRefusesExactlyTheRolesWithoutItsRight) {
  const auto routes = routes_of_slated();
  for (const auto role : auth::kRoles) {
    const auto token = paired(std::string(role), std::string(role) + " tablet");
    for (const auto& route : routes) {
      const auto target = target_of(route.pattern);
      SCOPED_TRACE(std::string(role) + " " + route.method + " " + target + " (needs " +
                   std::string(api::to_string(route.right)) + ")");
      const auto answer = send(route.method, target, "", token);
      const auto status = testing::status_of(answer);
      EXPECT_NE(status, 401) << answer;
      // The route's right refused it, not the handler about what was asked (that has its own
      // code, such as folders_for_admin_only).
      const bool refused_by_right =
          status == 403 && nlohmann::json::parse(testing::body_of(answer), nullptr,
                                                 false)["error"]["code"] == "forbidden";
      EXPECT_EQ(refused_by_right, !api::role_has(role, route.right)) << answer;
    }
  }
}

TEST_F(Pairing, ACookieReadsButNeverChanges) {
  const auto token = paired("script", "Script iPad");
  const auto with_cookie = [&](const std::string& method, const std::string& target) {
    return testing::status_of(testing::raw_http(
        daemon_.port(), method + " " + target +
                            " HTTP/1.1\r\nHost: s\r\nConnection: close\r\nCookie: slate_token=" +
                            token + "\r\nContent-Length: 2\r\n\r\n{}"));
  };
  EXPECT_EQ(with_cookie("GET", "/api/v1/takes"), 200);
  // Another site can make a browser send its cookies, never its Authorization header.
  EXPECT_EQ(with_cookie("POST", "/api/v1/setups/1/roll"), 401);
}

TEST_F(Pairing, APinIsUsedOnceAndARevokedTabletStopsAtOnce) {
  const auto code = pin("director");
  const auto first =
      send("POST", "/api/v1/pairing", json{{"pin", code}, {"name", "Director iPad"}}.dump());
  ASSERT_EQ(testing::status_of(first), 201);
  EXPECT_EQ(testing::status_of(
                send("POST", "/api/v1/pairing", json{{"pin", code}, {"name", "Another"}}.dump())),
            401)
      << "a PIN paired twice";
  const auto token = json::parse(testing::body_of(first))["token"].get<std::string>();
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/1", R"({"status": "hold"})", token)),
            404);  // allowed through; there is no take 1
  const auto listed = slate({"devices"});
  EXPECT_NE(listed.out.find("Director iPad  director"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("never"), std::string::npos) << "seen when it made a request";
  testing::EventStreamClient stream(daemon_.port(), std::nullopt, token);
  ASSERT_TRUE(stream.next());  // hello
  const auto id = json::parse(testing::body_of(first))["device"].get<std::int64_t>();
  EXPECT_EQ(slate({"revoke", std::to_string(id)}).exit_code, 0);
  // Its open event stream is closed at once, as a policy violation, and nothing more is read.
  EXPECT_FALSE(stream.next());
  EXPECT_TRUE(stream.closed());
  EXPECT_EQ(stream.close_code(), 1008);
  EXPECT_EQ(stream.close_reason(), "revoked");
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/1", R"({"status": "hold"})", token)),
            401);
  EXPECT_EQ(testing::status_of(send("GET", "/api/v1/takes", "", token)), 401);
  EXPECT_THROW(testing::EventStreamClient(daemon_.port(), std::nullopt, token), std::exception);
  EXPECT_EQ(slate({"revoke", "999"}).exit_code, 1);
}

TEST_F(Pairing, AnExpiredPinIsRefusedAndWrongPinsAreRateLimited) {
  const auto code = pin("script");
  // Five minutes later, as far as the catalogue knows.
  const auto aged = run_command({"/usr/bin/sqlite3", (daemon_.data_dir() / "catalogue.db").string(),
                                 "UPDATE pairing_pins SET expires_at = 0;"});
  ASSERT_EQ(aged.exit_code, 0) << aged.err;
  EXPECT_EQ(testing::status_of(
                send("POST", "/api/v1/pairing", json{{"pin", code}, {"name", "Late"}}.dump())),
            401);
  // Four more wrong guesses from the same address are answered 401, the next 429 to that
  // address, even with a right PIN.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(testing::status_of(send("POST", "/api/v1/pairing",
                                      json{{"pin", "000000"}, {"name", "Guess"}}.dump())),
              401);
  }
  const auto good = pin("viewer");
  EXPECT_EQ(testing::status_of(
                send("POST", "/api/v1/pairing", json{{"pin", good}, {"name", "Viewer"}}.dump())),
            429);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/pairing", R"({"pin": 123456})")), 400);
}

// One tablet guessing, or mistyping, must not lock every other tablet out of pairing.
TEST_F(Pairing, WrongPinsFromOneAddressDoNotStopAnotherFromPairing) {
  const auto code = pin("script");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(pair_from("127.0.0.2", "000000"), 401);
  }
  EXPECT_EQ(pair_from("127.0.0.2", "000000"), 429) << "that address is limited";
  EXPECT_EQ(pair_from("127.0.0.2", code), 429) << "even with the right PIN, for a while";
  EXPECT_EQ(pair_from("127.0.0.3", code), 201) << "another address pairs at once";
}

// Guessing from many addresses at once voids the PINs being guessed at, rather than locking
// the set out; the next PIN made works at once.
TEST_F(Pairing, ManyWrongPinsVoidTheOutstandingPinsAndANewOneWorksAtOnce) {
  const auto code = pin("camera");
  const auto other = pin("viewer");
  // Ten wrong PINs in all, each address within its own limit of five.
  for (const char* source : {"127.0.0.2", "127.0.0.3"}) {
    for (int i = 0; i < 5; ++i) {
      ASSERT_EQ(pair_from(source, "000000"), 401) << source;
    }
  }
  EXPECT_EQ(pair_from("127.0.0.4", code), 401) << "the PIN is void";
  EXPECT_EQ(pair_from("127.0.0.4", other), 401) << "every unused PIN is void";
  EXPECT_NE(daemon_.process().stderr_text().find("PIN(s) not yet used are void"),
            std::string::npos);
  EXPECT_EQ(pair_from("127.0.0.4", pin("camera")), 201) << "a new PIN pairs at once";
  EXPECT_EQ(pair_from("127.0.0.2", pin("camera")), 429) << "the limit per address still holds";
}

}  // namespace
}  // namespace slate
