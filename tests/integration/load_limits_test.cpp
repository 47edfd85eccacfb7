// The real slated under the load an outside attack put on it: thousands of idle connections with
// the descriptors systemd allows by default, hundreds of tablets that stop reading during a burst
// of marks, WebSocket frames that announce 15 MB, and a shot list over the body limit. Each ends
// with slated answering and its memory bounded.
#include <arpa/inet.h>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

// What an appliance may hold at its peak while tablets misbehave: slated starts at about 30 MB.
constexpr long kRssBoundKb = 100 * 1024;

// The test's own sockets: a test of 2,000 connections needs more than the default 1024.
bool raise_own_file_limit(rlim_t needed) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  return files.rlim_cur >= needed;
}

// What systemd gives a service without LimitNOFILE, set on the running slated after it started
// (and raised its own soft limit to the hard one), so that its connections run out of descriptors.
void limit_files_of(pid_t pid, rlim_t limit) {
  const rlimit files{limit, limit};
  ASSERT_EQ(prlimit(pid, RLIMIT_NOFILE, &files, nullptr), 0) << std::strerror(errno);
}

long rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) {
      return std::stol(line.substr(6));
    }
  }
  return -1;
}

// RSS once it has come down to `bound`, or what it still is after 10 s.
long rss_settled_below(pid_t pid, long bound) {
  long rss = rss_kb(pid);
  for (int i = 0; i < 100 && rss > bound; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rss = rss_kb(pid);
  }
  return rss;
}

// A folder in memory when the machine has one: the catalogue syncs every mark to the disk, and a
// burst of marks would take most of the test's time on a slow one.
class MemoryFolder {
 public:
  MemoryFolder() {
    std::string pattern =
        std::filesystem::is_directory("/dev/shm")
            ? "/dev/shm/slate-test-XXXXXX"
            : (std::filesystem::temp_directory_path() / "slate-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      throw std::runtime_error("cannot make a temporary folder");
    }
    path_ = pattern;
  }
  ~MemoryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

int connect_to(std::uint16_t port, int receive_buffer = 0) {
  return testing::connect_loopback(port, std::chrono::seconds(10), receive_buffer);
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// A WebSocket handshake on the event stream, read up to the end of the 101's headers only.
int open_event_stream(std::uint16_t port, const std::string& token, int receive_buffer = 0) {
  const int fd = connect_to(port, receive_buffer);
  if (fd < 0) {
    return -1;
  }
  send_all(fd,
           "GET /api/v1/events HTTP/1.1\r\nHost: s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
           "Authorization: Bearer " +
               token + "\r\n\r\n");
  std::string head;
  char byte = 0;
  while (!head.ends_with("\r\n\r\n") && recv(fd, &byte, 1, 0) == 1) {
    head += byte;
  }
  if (!head.starts_with("HTTP/1.1 101")) {
    close(fd);
    return -1;
  }
  return fd;
}

int status_code(std::uint16_t port) {
  return testing::status_of(
      testing::raw_http(port, "GET /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n",
                        std::chrono::seconds(10)));
}

std::size_t lines_containing(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

// One keep-alive connection, as a tablet's browser sends its marks.
class ApiConnection {
 public:
  ApiConnection(std::uint16_t port, std::string token) : token_(std::move(token)) {
    stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::address_v4::loopback(), port));
  }

  json send(http::verb method, const std::string& target, const json& body) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "s");
    request.set(http::field::authorization, "Bearer " + token_);
    request.set(http::field::content_type, "application/json");
    request.body() = body.is_null() ? std::string() : body.dump();
    request.prepare_payload();
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return json::parse(response.body(), nullptr, false);
  }

 private:
  boost::asio::io_context io_;
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  std::string token_;
};

TEST(LoadLimits, TwoThousandIdleConnectionsWithTheDefaultDescriptorLimitLeaveStatusAnswered) {
  ASSERT_TRUE(raise_own_file_limit(2200)) << "this test needs 2,200 open files of its own";
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n");
  limit_files_of(daemon.process().pid(), 1024);

  std::vector<int> idle;
  for (int i = 0; i < 2000; ++i) {
    if (const int fd = connect_to(daemon.port()); fd >= 0) {
      idle.push_back(fd);
    }
  }
  EXPECT_EQ(idle.size(), 2000u);
  // The cap per address closed the oldest of them to make room: a request still gets in.
  EXPECT_EQ(status_code(daemon.port()), 200);
  EXPECT_EQ(status_code(daemon.port()), 200);
  for (const int fd : idle) {
    close(fd);
  }
  EXPECT_EQ(lines_containing(daemon.process().stderr_text(), "Too many open files"), 0u);
}

// With caps above what the descriptors allow, accept itself fails: slated closes the connection
// idle longest rather than spinning on the error, and says so in a line or two, not a flood.
TEST(LoadLimits, RunningOutOfDescriptorsClosesTheOldestIdleConnectionAndLogsOnce) {
  ASSERT_TRUE(raise_own_file_limit(2200)) << "this test needs 2,200 open files of its own";
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n", {},
                                  "max_connections = 4096\nmax_connections_per_address = 4096\n");
  limit_files_of(daemon.process().pid(), 1024);

  std::vector<int> idle;
  for (int i = 0; i < 2000; ++i) {
    if (const int fd = connect_to(daemon.port()); fd >= 0) {
      idle.push_back(fd);
    }
  }
  EXPECT_EQ(status_code(daemon.port()), 200);
  EXPECT_EQ(status_code(daemon.port()), 200);
  for (const int fd : idle) {
    close(fd);
  }
  const auto log = daemon.process().stderr_text();
  const auto failures = lines_containing(log, "Too many open files");
  EXPECT_GE(failures, 1u) << "the test did not run slated out of descriptors";
  EXPECT_LE(failures, 3u) << log.substr(0, 2000);
}

// 500 tablets that stop reading while 600 marks with 4 KB notes are made (the old stream would
// hold 256 events of 8 KB, the notes before and after, for each: a gigabyte): each event is
// serialised once and shared, and each stream reads only 256 KiB ahead of its socket.
TEST(LoadLimits, FiveHundredStalledEventStreamsDuringAMarkBurstKeepMemoryBounded) {
  ASSERT_TRUE(raise_own_file_limit(700)) << "this test needs 700 open files of its own";
  MemoryFolder dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n", {},
                                  "max_connections_per_address = 1000\n");
  const auto pid = daemon.process().pid();
  const long before = rss_kb(pid);

  ApiConnection api(daemon.port(), daemon.token());
  const auto scene = api.send(http::verb::post, "/api/v1/scenes", {{"number", "12"}});
  ASSERT_TRUE(scene.contains("setups")) << scene.dump();
  const auto setup = scene["setups"][0]["id"].get<std::int64_t>();
  const auto take =
      api.send(http::verb::post, "/api/v1/setups/" + std::to_string(setup) + "/roll", nullptr);
  ASSERT_TRUE(take.contains("id")) << take.dump();
  const auto take_path = "/api/v1/takes/" + std::to_string(take["id"].get<std::int64_t>());

  std::vector<int> stalled;
  for (int i = 0; i < 500; ++i) {
    const int fd = open_event_stream(daemon.port(), daemon.token(), 4096);
    ASSERT_GE(fd, 0) << "stream " << i << " was refused";
    stalled.push_back(fd);
  }
  long peak = rss_kb(pid);
  for (int i = 0; i < 600; ++i) {
    const std::string notes = std::to_string(i) + std::string(3990, 'n');
    api.send(http::verb::patch, take_path, {{"notes", notes}});
    if (i % 100 == 0) {
      peak = std::max(peak, rss_kb(pid));
    }
  }
  peak = std::max(peak, rss_kb(pid));
  EXPECT_LT(peak, kRssBoundKb) << "started at " << before << " kB";

  // Cut off (the tablets leave); the memory their streams held goes back.
  for (const int fd : stalled) {
    close(fd);
  }
  EXPECT_LT(rss_settled_below(pid, before + 32 * 1024), before + 32 * 1024)
      << "started at " << before << " kB, peak " << peak << " kB";
  EXPECT_EQ(status_code(daemon.port()), 200);
}

// 30 tablets each start a 15 MB frame and send 14 MB of it: the frame is refused from its header
// (1009, too big), so no stream buffers it.
TEST(LoadLimits, AnUnfinishedFifteenMegabyteFrameClosesItsStreamAndTakesNoMemory) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n");
  const auto pid = daemon.process().pid();

  // A masked text frame header announcing 15,000,000 bytes of payload.
  std::string header = {'\x81', '\xff'};
  const std::uint64_t length = 15'000'000;
  for (int shift = 56; shift >= 0; shift -= 8) {
    header += static_cast<char>((length >> shift) & 0xff);
  }
  header += std::string("\x01\x02\x03\x04", 4);
  const std::string chunk(1024 * 1024, 'x');

  std::vector<int> streams;
  long peak = 0;
  for (int i = 0; i < 30; ++i) {
    const int fd = open_event_stream(daemon.port(), daemon.token());
    ASSERT_GE(fd, 0);
    streams.push_back(fd);
    if (send_all(fd, header)) {
      for (int sent = 0; sent < 14 && send_all(fd, chunk); ++sent) {
      }
    }
    peak = std::max(peak, rss_kb(pid));
  }
  EXPECT_LT(peak, kRssBoundKb);

  std::size_t closed_too_big = 0;
  for (const int fd : streams) {
    // The hello, then a close frame with 1009 (too big) and the end of the connection.
    timeval timeout{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string received;
    char buffer[4096];
    ssize_t got = 0;
    while ((got = recv(fd, buffer, sizeof buffer, 0)) > 0) {
      received.append(buffer, static_cast<std::size_t>(got));
    }
    if (got == 0 && received.find("\x88\x02\x03\xf1") != std::string::npos) {
      ++closed_too_big;
    }
    close(fd);
  }
  EXPECT_EQ(closed_too_big, streams.size());
  EXPECT_EQ(status_code(daemon.port()), 200);
}

std::string shot_list_of(std::size_t rows) {
  std::string csv = "Scene,Setup,Description\n";
  for (std::size_t row = 0; row < rows; ++row) {
    csv += std::to_string(row + 1) + ",A,Wide on the alley as the van pulls in\n";
  }
  return csv;
}

TEST(LoadLimits, AShotListOverTheBodyLimitIsCalledTooLarge) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n", {},
                                  "max_body_bytes = 65536\n");
  const auto csv = shot_list_of(100'000);
  testing::write_file(dir / "big.csv", csv);
  const auto result = daemon.slate({"shotlist", "import", (dir / "big.csv").string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("the shot list is too large: " + std::to_string(csv.size()) +
                            " bytes, slated takes at most 65536 (server.max_body_bytes)"),
            std::string::npos)
      << result.err;
}

// slated refuses the body from its Content-Length, then reads the rest away for a moment rather
// than closing on it: a close with unread data would reset the connection under the 413.
TEST(LoadLimits, TheRestOfABodyOverTheLimitIsReadAwaySoTheClientHearsThe413) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n", {},
                                  "max_body_bytes = 65536\n");
  const std::string body(32 * 1024 * 1024, 'x');
  const int fd = connect_to(daemon.port());
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(send_all(
      fd, "POST /api/v1/shotlist HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer " + daemon.token() +
              "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body))
      << "the write was cut off: " << std::strerror(errno);
  std::string received;
  char buffer[4096];
  ssize_t got = 0;
  while ((got = recv(fd, buffer, sizeof buffer, 0)) > 0) {
    received.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  ASSERT_EQ(testing::status_of(received), 413) << received;
  EXPECT_EQ(json::parse(testing::body_of(received))["error"]["max_bytes"], 65536);
}

// A server that answers 413 from the headers and closes at once, the rest of the body unread:
// the CLI's write breaks, and it must still read the answer rather than say "not running".
TEST(LoadLimits, TheCliReadsA413EvenWhenItsWriteWasCutShort) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t size = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  const auto port = ntohs(address.sin_port);
  std::thread server([listener] {
    const int fd = accept(listener, nullptr, nullptr);
    char buffer[4096];
    recv(fd, buffer, sizeof buffer, 0);  // the headers, and a little of the body
    const std::string body =
        R"({"error": {"code": "body_too_large", "message": "The request body is larger than )"
        R"(the limit of 65536 bytes.", "max_bytes": 65536}})";
    send_all(fd,
             "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
             "Connection: close\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
    close(fd);  // with most of the body unread: a reset
  });
  testing::TempDir dir;
  const auto csv = shot_list_of(200'000);
  testing::write_file(dir / "big.csv", csv);
  testing::write_file(dir / "token", "0123456789abcdef0123456789abcdef\n");
  const auto result = testing::run_command(
      {testing::binary("slate").string(), "--server", "http://127.0.0.1:" + std::to_string(port),
       "--token-file", (dir / "token").string(), "shotlist", "import", (dir / "big.csv").string()});
  server.join();
  close(listener);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("the shot list is too large: " + std::to_string(csv.size()) +
                            " bytes, slated takes at most 65536"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace slate
