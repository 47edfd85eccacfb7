// The server's limits, with small values so that tests reach them quickly: the ApiServer of slated
// on an io thread of the test's own, over a real catalogue.
#include <arpa/inet.h>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <slate/api/event_hub.hpp>
#include <slate/api/router.hpp>
#include <slate/api/server.hpp>
#include <slate/api/static_files.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using testing::EventStreamClient;

class LimitedServer {
 public:
  LimitedServer(const std::filesystem::path& folder, api::ServerLimits limits)
      : catalogue_(catalogue::Catalogue::open(folder / "c.db")),
        hub_(catalogue_->reader(), 64),
        files_(folder),
        server_(io_, limits, router_, files_, hub_) {
    catalogue_->set_event_observer([this](const std::vector<catalogue::Event>& events) {
      boost::asio::post(io_, [this, events] { hub_.publish(events); });
    });
    port_ = server_.listen("127.0.0.1", 0).port();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~LimitedServer() {
    boost::asio::post(io_, [this] { server_.shutdown(); });
    thread_.join();
    catalogue_->set_event_observer(nullptr);
  }
  std::uint16_t port() const { return port_; }
  catalogue::Catalogue& catalogue() { return *catalogue_; }

 private:
  boost::asio::io_context io_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  api::EventHub hub_;
  api::Router router_;
  api::StaticFiles files_;
  api::ApiServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(ServerLimits, AConnectionThatSendsNothingIsClosed) {
  testing::TempDir dir;
  api::ServerLimits limits;
  limits.request_timeout = std::chrono::seconds(1);
  LimitedServer server(dir.path(), limits);
  // Half a request line, then silence: the server must not wait forever.
  bool closed_by_server = false;
  const auto received = testing::raw_http(server.port(), "GET /api/v1/st", std::chrono::seconds(20),
                                          &closed_by_server);
  EXPECT_TRUE(closed_by_server);
  EXPECT_EQ(received, "");
}

// A tablet that stops reading must not hold the appliance's memory: it is closed with the
// sequence to resume from, and resuming from there loses nothing.
TEST(ServerLimits, ATabletThatCannotKeepUpIsClosedWithWhereToResume) {
  testing::TempDir dir;
  api::ServerLimits limits;
  limits.event_queue_limit = 8;
  limits.event_max_lag = 40;
  LimitedServer server(dir.path(), limits);

  EventStreamClient slow(server.port(), 0, "");
  // Big events fill the socket buffers quickly, so the server sees the tablet fall behind.
  const std::string bulk(64 * 1024, 'x');
  for (int i = 0; i < 400; ++i) {
    server.catalogue().append(
        {"bulk.data", "", nlohmann::json{{"data", bulk}}.dump(), "test", std::nullopt});
  }
  std::vector<std::int64_t> seen;
  while (auto message = slow.next(std::chrono::seconds(10))) {
    if ((*message)["type"] == "event") {
      seen.push_back((*message)["seq"].get<std::int64_t>());
    }
  }
  EXPECT_TRUE(slow.closed());
  EXPECT_EQ(slow.close_code(), 1008);  // policy error
  const std::string reason = slow.close_reason();
  const std::string marker = "reconnect with since=";
  ASSERT_NE(reason.find(marker), std::string::npos) << reason;
  const std::int64_t resume_from = std::stoll(reason.substr(reason.find(marker) + marker.size()));
  EXPECT_LT(resume_from, 400);
  EXPECT_EQ(seen.empty() ? 0 : seen.back(), resume_from);

  EventStreamClient again(server.port(), resume_from, "");
  std::vector<std::int64_t> rest;
  while (auto message = again.next(std::chrono::seconds(10))) {
    if ((*message)["type"] == "event") {
      rest.push_back((*message)["seq"].get<std::int64_t>());
      if (rest.back() == 400) {
        break;
      }
    }
  }
  ASSERT_EQ(rest.size(), static_cast<std::size_t>(400 - resume_from));
  EXPECT_EQ(rest.front(), resume_from + 1);
}

int open_idle_connection(std::uint16_t port) {
  return testing::connect_loopback(port, std::chrono::milliseconds(300));
}

// Whether the server has closed it: end of stream or a reset, rather than a read that times out.
bool closed_by_server(int fd) {
  char byte = 0;
  const ssize_t got = recv(fd, &byte, 1, 0);
  return got == 0 || (got < 0 && errno == ECONNRESET);
}

TEST(ServerLimits, AtTheCapTheConnectionIdleLongestMakesRoom) {
  testing::TempDir dir;
  api::ServerLimits limits;
  limits.max_connections_per_address = 2;
  LimitedServer server(dir.path(), limits);
  // Accepted in the order they connected: the listen queue is first in, first out.
  const int oldest = open_idle_connection(server.port());
  const int newer = open_idle_connection(server.port());
  const auto answer = testing::raw_http(server.port(), testing::get_request("/api/v1/nothing", ""));
  EXPECT_EQ(testing::status_of(answer), 404) << answer;
  EXPECT_TRUE(closed_by_server(oldest));
  EXPECT_FALSE(closed_by_server(newer));
  close(oldest);
  close(newer);
}

TEST(ServerLimits, AtTheCapWithNothingIdleANewConnectionGets503) {
  testing::TempDir dir;
  api::ServerLimits limits;
  limits.max_connections = 2;
  LimitedServer server(dir.path(), limits);
  // Event streams are never closed to make room.
  EventStreamClient first(server.port(), 0, "");
  EventStreamClient second(server.port(), 0, "");
  const auto answer = testing::raw_http(server.port(), testing::get_request("/api/v1/status", ""));
  EXPECT_EQ(testing::status_of(answer), 503) << answer;
  EXPECT_NE(answer.find("too_many_connections"), std::string::npos) << answer;
  ASSERT_TRUE(first.next().has_value());  // the hello: still open
}

}  // namespace
}  // namespace slate
