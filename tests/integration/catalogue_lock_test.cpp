// Catalogue work never runs on the io thread: while another process holds the catalogue's write
// lock and a mutation waits for it, the status answers and event streams keep going; the
// mutation completes once the lock is released.
#include <future>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <slate/catalogue/sqlite.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

// A WebSocket on the event stream, spoken by hand: enough to send a ping and see the pong.
class RawEventStream {
 public:
  RawEventStream(std::uint16_t port, const std::string& token)
      : fd_(testing::connect_loopback(port, std::chrono::seconds(10))) {
    if (fd_ < 0) {
      throw std::runtime_error("cannot connect");
    }
    const std::string upgrade =
        "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
        "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " +
        token + "\r\n\r\n";
    write_all(upgrade);
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (!fill()) {
        throw std::runtime_error("no upgrade answer");
      }
    }
    const auto end = buffer_.find("\r\n\r\n") + 4;
    if (testing::status_of(buffer_.substr(0, end)) != 101) {
      throw std::runtime_error("not upgraded: " + buffer_);
    }
    buffer_.erase(0, end);
  }
  ~RawEventStream() { ::close(fd_); }

  void ping(const std::string& payload) {
    std::string frame = {static_cast<char>(0x89), static_cast<char>(0x80 | payload.size())};
    const char mask[4] = {1, 2, 3, 4};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) {
      frame += static_cast<char>(payload[i] ^ mask[i % 4]);
    }
    write_all(frame);
  }

  /// The next frame's opcode and payload; nullopt when the stream ended or timed out.
  std::optional<std::pair<int, std::string>> next_frame() {
    if (!need(2)) {
      return std::nullopt;
    }
    const int opcode = buffer_[0] & 0x0f;
    std::size_t length = static_cast<unsigned char>(buffer_[1]) & 0x7fu;
    std::size_t header = 2;
    if (length == 126) {
      if (!need(4)) {
        return std::nullopt;
      }
      length = static_cast<std::size_t>(static_cast<unsigned char>(buffer_[2])) << 8 |
               static_cast<unsigned char>(buffer_[3]);
      header = 4;
    } else if (length == 127) {
      return std::nullopt;  // no message here is that large
    }
    if (!need(header + length)) {
      return std::nullopt;
    }
    auto payload = buffer_.substr(header, length);
    buffer_.erase(0, header + length);
    return std::pair{opcode, std::move(payload)};
  }

 private:
  bool need(std::size_t bytes) {
    while (buffer_.size() < bytes) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }
  bool fill() {
    char chunk[4096];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  void write_all(const std::string& bytes) {
    ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }

  int fd_;
  std::string buffer_;
};

TEST(CatalogueLock, StatusAndEventStreamsAnswerWhileAWriteWaitsForTheLock) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n");
  const auto token = daemon.token();
  RawEventStream open_before(daemon.port(), token);
  const auto hello = open_before.next_frame();
  ASSERT_TRUE(hello);
  EXPECT_EQ(json::parse(hello->second)["type"], "hello");

  // Another process's transaction holds the write lock, as a backup or a stuck writer would.
  catalogue::Database other(daemon.data_dir() / "catalogue.db", false);
  other.exec("BEGIN IMMEDIATE");

  const std::string body = R"({"number": "88"})";
  auto mutation = std::async(std::launch::async, [&] {
    return testing::raw_http(daemon.port(),
                             "POST /api/v1/scenes HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                             "Authorization: Bearer " +
                                 token + "\r\nContent-Length: " + std::to_string(body.size()) +
                                 "\r\n\r\n" + body,
                             std::chrono::seconds(90));
  });
  // Give the mutation time to reach the lock (not a timing assertion: what follows holds however
  // long it waits).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const auto status = testing::raw_http(daemon.port(), testing::get_request("/api/v1/status", ""));
  EXPECT_EQ(testing::status_of(status), 200) << status;

  open_before.ping("still there?");
  std::optional<std::pair<int, std::string>> frame;
  while ((frame = open_before.next_frame()) && frame->first != 0xA) {
  }
  ASSERT_TRUE(frame) << "the open event stream did not answer its ping";
  EXPECT_EQ(frame->second, "still there?");

  // A stream opened now says hello too: its token is checked without the writer.
  testing::EventStreamClient opened_during(daemon.port(), std::nullopt, token);
  const auto greeting = opened_during.next();
  ASSERT_TRUE(greeting);
  EXPECT_EQ((*greeting)["type"], "hello");

  // All of that happened while the lock was still held and the mutation still waited.
  EXPECT_EQ(mutation.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  other.exec("ROLLBACK");

  const auto answer = mutation.get();
  EXPECT_EQ(testing::status_of(answer), 201) << answer;
  const auto added = opened_during.next(std::chrono::seconds(10));
  ASSERT_TRUE(added);
  EXPECT_EQ((*added)["kind"], "scene.added");
}

}  // namespace
}  // namespace slate
