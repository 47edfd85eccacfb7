// The event stream as a tablet sees it: a real slated core on an ephemeral port, a WebSocket
// client, events appended from another thread the way offload and logging threads append them.
#include <gtest/gtest.h>
#include <thread>

#include <slate/testing/in_process_daemon.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using testing::EventStreamClient;

using RunningDaemon = testing::InProcessDaemon;

void append_events(catalogue::Catalogue& catalogue, int count, int per_transaction) {
  for (int done = 0; done < count; done += per_transaction) {
    catalogue.write([&](catalogue::Transaction& tx) {
      for (int i = done; i < std::min(count, done + per_transaction); ++i) {
        tx.append({"take.marked", "take/" + std::to_string(i), "{\"n\": " + std::to_string(i) + "}",
                   "test", std::nullopt});
      }
    });
  }
}

// Reads events until `last` is seen or the stream ends; returns their sequences.
std::vector<std::int64_t> read_until(EventStreamClient& client, std::int64_t last,
                                     std::size_t at_most = SIZE_MAX) {
  std::vector<std::int64_t> seen;
  while (seen.size() < at_most) {
    auto message = client.next(std::chrono::seconds(10));
    if (!message) {
      break;
    }
    if ((*message)["type"] != "event") {
      continue;
    }
    seen.push_back((*message)["seq"].get<std::int64_t>());
    if (seen.back() == last) {
      break;
    }
  }
  return seen;
}

TEST(EventStream, GreetsWithTheLatestSequenceThenStreamsLiveEvents) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  // A fresh catalogue already holds what slated recorded at its first start (its project).
  const auto before = daemon.catalogue().reader()->latest_sequence();
  append_events(daemon.catalogue(), 3, 1);

  EventStreamClient client(daemon.port(), std::nullopt, daemon.token());
  const auto hello = client.next();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["type"], "hello");
  // The box's clock, which tablets stamp offline marks by.
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  EXPECT_NEAR((*hello)["time_ms"].get<double>(), static_cast<double>(now_ms), 5000.0);
  EXPECT_EQ((*hello)["latest"], before + 3);

  daemon.catalogue().append({"card.safe", "card/7", R"({"roll": "A001"})", "daemon", std::nullopt});
  const auto event = client.next();
  ASSERT_TRUE(event);
  EXPECT_EQ((*event)["seq"], before + 4);
  EXPECT_EQ((*event)["kind"], "card.safe");
  EXPECT_EQ((*event)["entity"], "card/7");
  EXPECT_EQ((*event)["payload"]["roll"], "A001");
  EXPECT_EQ((*event)["actor"], "daemon");
}

TEST(EventStream, ProgressReachesATabletLiveButIsNeverReplayed) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  EventStreamClient live(daemon.port(), std::nullopt, daemon.token());
  ASSERT_TRUE(live.next());  // hello

  // An offload's life as the offload thread tells it: stored steps with progress between them.
  auto& catalogue = daemon.catalogue();
  catalogue.append({"offload.started", "offload/1", R"({"id": 1})", "daemon", std::nullopt});
  for (int tick = 1; tick <= 3; ++tick) {
    catalogue.announce({"offload.progress", "offload/1",
                        R"({"id": 1, "bytes_read": )" + std::to_string(tick * 100) + "}", "daemon",
                        std::nullopt});
  }
  catalogue.append({"offload.finished", "offload/1", R"({"id": 1})", "daemon", std::nullopt});

  std::vector<std::string> kinds;
  std::vector<nlohmann::json> sequences;
  while (kinds.empty() || kinds.back() != "offload.finished") {
    const auto message = live.next(std::chrono::seconds(10));
    ASSERT_TRUE(message) << "the stream ended after " << kinds.size() << " events";
    if ((*message)["type"] != "event" ||
        !(*message)["kind"].get<std::string>().starts_with("offload.")) {
      continue;  // what the box itself records meanwhile (its clock)
    }
    kinds.push_back((*message)["kind"]);
    sequences.push_back((*message)["seq"]);
    if (kinds.back() == "offload.progress") {
      EXPECT_EQ((*message)["payload"]["bytes_read"], 100 * (kinds.size() - 1));
    }
  }
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"offload.started", "offload.progress", "offload.progress",
                                      "offload.progress", "offload.finished"}));
  // No place in the log: a tablet's last-seen sequence stays on the stored event before.
  ASSERT_TRUE(sequences.front().is_number_integer());
  for (std::size_t i = 1; i + 1 < sequences.size(); ++i) {
    EXPECT_TRUE(sequences[i].is_null()) << sequences[i];
  }
  ASSERT_TRUE(sequences.back().is_number_integer());
  const auto finished = sequences.back().get<std::int64_t>();

  // A tablet replaying from the start gets every stored event, with no hole to wait on, and no
  // progress.
  EventStreamClient replay(daemon.port(), 0, daemon.token());
  std::vector<std::int64_t> replayed;
  while (replayed.empty() || replayed.back() != finished) {
    const auto message = replay.next(std::chrono::seconds(10));
    ASSERT_TRUE(message) << "the replay ended after " << replayed.size() << " events";
    if ((*message)["type"] != "event") {
      continue;
    }
    EXPECT_NE((*message)["kind"], "offload.progress");
    replayed.push_back((*message)["seq"].get<std::int64_t>());
  }
  for (std::size_t i = 0; i < replayed.size(); ++i) {
    EXPECT_EQ(replayed[i], static_cast<std::int64_t>(i) + 1);
  }
}

TEST(EventStream, AReconnectingTabletGetsEveryEventExactlyOnceInOrder) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  constexpr int kEvents = 1000;

  EventStreamClient first(daemon.port(), 0, daemon.token());
  std::thread writer([&] { append_events(daemon.catalogue(), kEvents, 3); });

  // Take part of the stream, then vanish mid-stream as a tablet leaving Wi-Fi does.
  auto seen = read_until(first, kEvents, 300);
  first.drop();
  ASSERT_FALSE(seen.empty());

  EventStreamClient second(daemon.port(), seen.back(), daemon.token());
  const auto rest = read_until(second, kEvents);
  writer.join();
  seen.insert(seen.end(), rest.begin(), rest.end());

  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) {
    ASSERT_EQ(seen[static_cast<std::size_t>(i)], i + 1) << "at position " << i;
  }
}

TEST(EventStream, ReplaysFromTheCatalogueWhenTheTabletIsFarBehind) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  append_events(daemon.catalogue(), 6000, 500);  // More than the hub keeps in memory.

  EventStreamClient client(daemon.port(), 10, daemon.token());
  const auto seen = read_until(client, 6000);
  ASSERT_EQ(seen.size(), 5990u);
  EXPECT_EQ(seen.front(), 11);
  EXPECT_EQ(seen.back(), 6000);
}

std::string upgrade_request(const std::string& target, const std::string& credentials) {
  return "GET " + target +
         " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
         "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
         credentials + "\r\n";
}

TEST(EventStream, RefusesABadSince) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  const auto response = testing::raw_http(
      daemon.port(), upgrade_request("/api/v1/events?since=abc",
                                     "Authorization: Bearer " + daemon.token() + "\r\n"));
  EXPECT_EQ(testing::status_of(response), 400);
  EXPECT_EQ(nlohmann::json::parse(testing::body_of(response))["error"]["code"], "bad_since");
}

TEST(EventStream, IsReadOnlyWithAToken) {
  testing::TempDir dir;
  RunningDaemon daemon(dir / "data");
  for (const std::string credentials :
       {"", "Authorization: Bearer not-a-token\r\n", "Cookie: slate_token=not-a-token\r\n"}) {
    const auto response =
        testing::raw_http(daemon.port(), upgrade_request("/api/v1/events", credentials));
    EXPECT_EQ(testing::status_of(response), 401) << credentials;
    EXPECT_EQ(nlohmann::json::parse(testing::body_of(response))["error"]["code"], "unauthorized");
  }
  // A browser cannot set a header on a WebSocket: the tablet's cookie opens the stream.
  const auto opened = testing::raw_http(
      daemon.port(),
      upgrade_request("/api/v1/events",
                      "Cookie: theme=dark; slate_token=" + daemon.token() + "\r\n"),
      std::chrono::milliseconds(500));
  EXPECT_EQ(testing::status_of(opened), 101);
}

}  // namespace
}  // namespace slate
