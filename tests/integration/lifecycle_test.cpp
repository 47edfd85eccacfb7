// slated under a service manager: a notify socket made by the test stands in for systemd's.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

class FakeNotifySocket {
 public:
  explicit FakeNotifySocket(const std::filesystem::path& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot bind the notify socket");
    }
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~FakeNotifySocket() { close(fd_); }

  /// The next datagram, or "" after 10 s of silence.
  std::string next() {
    char buffer[4096];
    const ssize_t got = recv(fd_, buffer, sizeof buffer, 0);
    return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : std::string();
  }

  /// Datagrams until one contains `what`; returns it, or "" if silence came first.
  std::string until(const std::string& what) {
    while (true) {
      std::string message = next();
      if (message.empty() || message.find(what) != std::string::npos) {
        return message;
      }
    }
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

bool accepts_connections(std::uint16_t port) {
  try {
    return testing::status_of(testing::raw_http(
               port, "GET /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n")) == 200;
  } catch (const std::exception&) {
    return false;
  }
}

TEST(Lifecycle, ReadyAfterBindThenWatchdogPingsThenStoppingAndExitZeroOnSigterm) {
  testing::TempDir dir;
  FakeNotifySocket notify(dir / "notify.sock");
  // Port 0 would hide which port READY refers to; take one the test knows is free now.
  testing::DaemonUnderTest probe(dir / "probe");
  const auto port = probe.port();
  probe.process().signal(SIGTERM);
  ASSERT_EQ(probe.process().wait(std::chrono::seconds(10)), 0);

  testing::write_file(dir / "slated.toml",
                      "[server]\nlisten = \"127.0.0.1:" + std::to_string(port) +
                          "\"\n[storage]\ndata_dir = \"data\"\n");
  testing::ChildProcess slated(
      {testing::binary("slated").string(), "--config", (dir / "slated.toml").string()},
      {"NOTIFY_SOCKET=" + notify.path().string(), "WATCHDOG_USEC=400000"});

  const auto ready = notify.until("READY=1");
  ASSERT_NE(ready, "") << slated.stderr_text();
  // READY means the catalogue is open and the socket is bound: a request succeeds at once.
  EXPECT_TRUE(accepts_connections(port));
  EXPECT_TRUE(std::filesystem::exists(dir / "data/catalogue.db"));

  // Pinged at a quarter of WatchdogSec: several pings arrive.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(notify.until("WATCHDOG=1"), "WATCHDOG=1") << "ping " << i;
  }

  testing::EventStreamClient tablet(port, std::nullopt, testing::admin_token(dir / "data"));
  ASSERT_TRUE(tablet.next());  // hello

  slated.signal(SIGTERM);
  EXPECT_NE(notify.until("STOPPING=1"), "");
  // Open event streams are closed with "going away" rather than cut.
  EXPECT_FALSE(tablet.next(std::chrono::seconds(10)));
  EXPECT_EQ(tablet.close_code(), 1001);
  EXPECT_EQ(slated.wait(std::chrono::seconds(10)), 0) << slated.stderr_text();
  EXPECT_FALSE(accepts_connections(port));
}

TEST(Lifecycle, WithoutANotifySocketSlatedRunsAndStopsQuietly) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  daemon.process().signal(SIGINT);
  EXPECT_EQ(daemon.process().wait(std::chrono::seconds(10)), 0);
  const auto log = daemon.process().stderr_text();
  EXPECT_NE(log.find("<5>stopping on SIGINT"), std::string::npos) << log;
  EXPECT_NE(log.find("<5>slated stopped"), std::string::npos) << log;
}

TEST(Lifecycle, LogLinesCarryTheirSyslogPriority) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  const auto log = daemon.process().stderr_text();
  EXPECT_TRUE(log.starts_with("<5>slated ")) << log;
}

}  // namespace
}  // namespace slate
