// The catalogue's upkeep on a real slated: the box answers as soon as it is up while the integrity
// check runs after it (its state in GET /api/v1/status, a damaged catalogue told as an event), and
// the answers kept for Idempotency-Key retries are forgotten once they are old.
#include <gtest/gtest.h>
#include <thread>

#include <slate/catalogue/sqlite.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

json status(const testing::DaemonUnderTest& daemon) {
  const auto answer =
      testing::raw_http(daemon.port(), testing::http_request("GET", "/api/v1/status", "", ""));
  EXPECT_EQ(testing::status_of(answer), 200) << answer;
  return json::parse(testing::body_of(answer));
}

// The check's state once it leaves pending and running (a minute at most: the catalogue is small).
json check_result(const testing::DaemonUnderTest& daemon) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < give_up) {
    const auto check = status(daemon)["catalogue_check"];
    if (check["state"] != "pending" && check["state"] != "running") {
      return check;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status(daemon)["catalogue_check"];
}

constexpr const char* kConfig = "[tether]\nautodetect = false\n";

TEST(CatalogueUpkeep, TheBoxAnswersAtOnceAndItsCatalogueIsCheckedAfter) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), kConfig);
  // Up and answering before the check has said anything.
  const auto first = status(daemon)["catalogue_check"];
  EXPECT_TRUE(first["state"] == "pending" || first["state"] == "running" || first["state"] == "ok")
      << first;
  const auto check = check_result(daemon);
  EXPECT_EQ(check["state"], "ok") << check;
  EXPECT_EQ(check["detail"], "ok") << check;
}

TEST(CatalogueUpkeep, ADamagedCatalogueIsReportedInTheStatusAndToTablets) {
  testing::TempDir dir;
  const auto file = dir / "data/catalogue.db";
  { testing::DaemonUnderTest first(dir.path(), kConfig); }
  {
    // A day of notes, then a failing disk's work on one page in the middle of them: the pages a
    // start reads (the schema, the newest events) are whole.
    catalogue::Database db(file, false);
    db.exec("BEGIN");
    for (int i = 0; i < 2000; ++i) {
      db.prepare(
            "INSERT INTO events (time, kind, entity, payload, actor) VALUES "
            "('2026-01-01T00:00:00.000Z', 'note.added', '', json_object('text', ?), 'test')")
          .bind(1, std::string(200, 'x'))
          .run();
    }
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  auto bytes = testing::read_file(file);
  const std::size_t page = 4096;
  const std::size_t middle = bytes.size() / page / 2 * page;
  for (std::size_t i = 0; i < page; ++i) {
    bytes[middle + i] = static_cast<char>(0xA5 ^ (i * 31));
  }
  testing::write_file(file, bytes);

  testing::DaemonUnderTest daemon(dir.path(), kConfig);
  const auto check = check_result(daemon);
  EXPECT_EQ(check["state"], "damaged") << check;
  ASSERT_TRUE(check["detail"].is_string()) << check;
  EXPECT_NE(check["detail"], "ok");
  // Tablets hear of it: the newest event, as a tablet that was following the stream reads it.
  const auto latest = status(daemon)["latest_event"].get<std::int64_t>();
  testing::EventStreamClient stream(daemon.port(), latest - 1, daemon.token());
  bool told = false;
  while (const auto message = stream.next(std::chrono::seconds(5))) {
    if ((*message)["type"] == "event" && (*message)["kind"] == "catalogue.damaged") {
      told = true;
      EXPECT_EQ((*message)["payload"]["detail"], check["detail"]);
      break;
    }
  }
  EXPECT_TRUE(told);
  EXPECT_NE(daemon.process().stderr_text().find("is damaged"), std::string::npos);
}

TEST(CatalogueUpkeep, AnOldIdempotencyRecordIsForgottenAndAFreshOneStillAnswersItsRetry) {
  testing::TempDir dir;
  const auto file = dir / "data/catalogue.db";
  std::optional<testing::DaemonUnderTest> daemon(std::in_place, dir.path(), kConfig);
  const auto post = [&](const std::string& key, const std::string& number) {
    return testing::raw_http(
        daemon->port(),
        testing::http_request(
            "POST", "/api/v1/scenes", json{{"number", number}}.dump(),
            "Authorization: Bearer " + daemon->token() + "\r\nIdempotency-Key: " + key + "\r\n"));
  };
  ASSERT_EQ(testing::status_of(post("yesterday", "41")), 201);
  ASSERT_EQ(testing::status_of(post("today", "42")), 201);
  daemon.reset();
  {
    // Kept two days ago, as far as the catalogue knows.
    catalogue::Database db(file, false);
    db.exec(
        "UPDATE idempotent_requests SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
        "'-2 days') WHERE key = 'yesterday'");
  }
  daemon.emplace(dir.path(), kConfig);
  // Pruned at the start, before the check: once the check has ended, so has the pruning.
  check_result(*daemon);
  {
    catalogue::Database db(file, false);
    auto kept = db.prepare("SELECT key FROM idempotent_requests ORDER BY key");
    std::vector<std::string> keys;
    while (kept.step()) {
      keys.push_back(kept.column_text(0));
    }
    EXPECT_EQ(keys, std::vector<std::string>{"today"});
  }
  const auto retried = post("today", "42");
  EXPECT_EQ(testing::status_of(retried), 201) << retried;
  EXPECT_NE(retried.find("Idempotent-Replayed: true"), std::string::npos) << retried;
  // The forgotten key is a new request: scene 41 is there already, and nothing says replayed.
  const auto late = post("yesterday", "41");
  EXPECT_EQ(late.find("Idempotent-Replayed"), std::string::npos) << late;
}

}  // namespace
}  // namespace slate
