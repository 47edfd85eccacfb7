#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::catalogue {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

// Builds a catalogue file from an SQL text, as an older (or foreign) program would have left it.
void make_database(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::string pragma(Catalogue& catalogue, const std::string& name) {
  auto reader = catalogue.reader();
  auto statement = reader->db().prepare("PRAGMA " + name);
  statement.step();
  return statement.column_text(0);
}

std::string open_error(const std::filesystem::path& file) {
  try {
    Catalogue::open(file);
  } catch (const CatalogueError& error) {
    return error.what();
  }
  return "(opened without an error)";
}

TEST(Catalogue, FreshFileGetsEveryMigrationAndTheSafePragmas) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  EXPECT_EQ(catalogue->schema_version(), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
  EXPECT_EQ(pragma(*catalogue, "journal_mode"), "wal");
  EXPECT_EQ(catalogue->appliance_id().size(), 36u);
  EXPECT_EQ(catalogue->reader()->latest_sequence(), 0);

  // The writer's own settings: foreign keys on, synchronous FULL (2).
  catalogue->write([](Transaction& tx) {
    auto sync = tx.db().prepare("PRAGMA synchronous");
    sync.step();
    EXPECT_EQ(sync.column_int(0), 2);
    auto keys = tx.db().prepare("PRAGMA foreign_keys");
    keys.step();
    EXPECT_EQ(keys.column_int(0), 1);
  });
}

TEST(Catalogue, ReopeningKeepsTheApplianceIdAndAppliesNothingTwice) {
  TempDir dir;
  std::string id;
  {
    auto catalogue = Catalogue::open(dir / "catalogue.db");
    id = catalogue->appliance_id();
    catalogue->append({"card.inserted", "card/1", R"({"label": "A001"})", "daemon", std::nullopt});
  }
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  EXPECT_EQ(catalogue->appliance_id(), id);
  EXPECT_EQ(catalogue->reader()->latest_sequence(), 1);
}

TEST(Catalogue, UpgradesAVersionOneCatalogueKeepingItsEvents) {
  TempDir dir;
  const auto file = dir / "catalogue.db";
  make_database(file, read_file(std::filesystem::path(SLATE_FIXTURES_DIR) / "catalogue-v1.sql"));

  auto catalogue = Catalogue::open(file);
  EXPECT_EQ(catalogue->schema_version(), latest_schema_version());
  EXPECT_FALSE(catalogue->appliance_id().empty());
  const auto events = catalogue->reader()->events_after(0, 10);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].kind, "take.rolled");
  EXPECT_EQ(nlohmann::json::parse(events[1].payload)["scene"], "12A");
  EXPECT_EQ(events[1].idempotency_key, "k-1");
  // New events continue the old sequence.
  EXPECT_EQ(catalogue->append({"card.removed", "card/1", {}, "daemon", std::nullopt}).sequence, 4);
}

TEST(Catalogue, UpgradingForgetsStoredProgressTicksAndNeverGivesTheirSequencesAgain) {
  TempDir dir;
  const auto file = dir / "catalogue.db";
  // An older catalogue, whose offloads stored their progress: the last events are ticks.
  make_database(
      file, read_file(std::filesystem::path(SLATE_FIXTURES_DIR) / "catalogue-v1.sql") +
                "INSERT INTO events (time, kind, entity, payload, actor) VALUES "
                "('2026-01-01T00:00:00.000Z', 'offload.progress', 'offload/1', '{}', 'daemon'),"
                "('2026-01-01T00:00:00.250Z', 'offload.progress', 'offload/1', '{}', 'daemon');");

  auto catalogue = Catalogue::open(file);
  const auto events = catalogue->reader()->events_after(0, 10);
  ASSERT_EQ(events.size(), 3u);
  for (const auto& event : events) {
    EXPECT_NE(event.kind, "offload.progress");
  }
  // 4 and 5 were the ticks': the next event is 6, so no tablet that saw them waits on another.
  EXPECT_EQ(catalogue->append({"card.removed", "card/1", {}, "daemon", std::nullopt}).sequence, 6);
}

TEST(Catalogue, RefusesACatalogueFromANewerSlateAndLeavesItAsItWas) {
  TempDir dir;
  const auto file = dir / "catalogue.db";
  Catalogue::open(file).reset();
  make_database(file,
                "INSERT INTO schema_migrations VALUES (99, '0099_future.sql', '2030-01-01');"
                "PRAGMA wal_checkpoint(TRUNCATE);");
  const std::string before = read_file(file);

  const std::string message = open_error(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("written by a newer Slate (schema 99"), std::string::npos) << message;
  EXPECT_EQ(read_file(file), before);
}

TEST(Catalogue, RefusesAFileThatIsNotADatabaseNamingIt) {
  TempDir dir;
  const auto file = dir / "catalogue.db";
  std::string garbage(64 * 1024, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) {
    garbage[i] = static_cast<char>((i * 7919 + 13) % 251);
  }
  write_file(file, garbage);

  const std::string message = open_error(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("is not a SQLite database"), std::string::npos) << message;
  EXPECT_EQ(read_file(file), garbage);
}

// A closed catalogue of 2000 notes (closing the last connection folds the WAL back into the file).
std::filesystem::path catalogue_of_notes(const TempDir& dir) {
  const auto file = dir / "catalogue.db";
  auto catalogue = Catalogue::open(file);
  catalogue->write([](Transaction& tx) {
    for (int i = 0; i < 2000; ++i) {
      tx.append({"note.added", "take/" + std::to_string(i),
                 R"({"text": ")" + std::string(200, 'x') + R"("})", "test", std::nullopt});
    }
  });
  return file;
}

TEST(Catalogue, ItsCheckFindsATruncatedCatalogueDamaged) {
  TempDir dir;
  const auto file = catalogue_of_notes(dir);
  const auto size = std::filesystem::file_size(file);
  ASSERT_GT(size, 100'000u);
  std::filesystem::resize_file(file, size / 2);

  // Found by the check the appliance runs once it is up, whatever a start read before it.
  const auto report = IntegrityCheck(file).run();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.detail, "ok");
  EXPECT_FALSE(report.detail.empty());
}

// The catalogue of notes with one page in the middle of its events overwritten: what a failing
// disk leaves. The pages a start reads (the schema, the newest events) are whole.
std::filesystem::path damaged_catalogue(const TempDir& dir) {
  const auto file = catalogue_of_notes(dir);
  auto bytes = read_file(file);
  const std::size_t page = 4096;
  const std::size_t middle = bytes.size() / page / 2 * page;
  for (std::size_t i = 0; i < page; ++i) {
    bytes[middle + i] = static_cast<char>(0xA5 ^ (i * 31));
  }
  write_file(file, bytes);
  return file;
}

TEST(Catalogue, OpensAtOnceAndItsCheckFindsADamagedPage) {
  TempDir dir;
  const auto file = damaged_catalogue(dir);
  // The start does not read every page: the appliance is up, and the check after it says.
  auto catalogue = Catalogue::open(file);
  const auto report = IntegrityCheck(file).run();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.detail, "ok");
  EXPECT_FALSE(report.detail.empty());
}

TEST(Catalogue, ItsCheckSaysOkOfASoundCatalogue) {
  TempDir dir;
  const auto file = dir / "catalogue.db";
  auto catalogue = Catalogue::open(file);
  catalogue->append({"card.safe", "card/1", {}, "test", std::nullopt});
  const auto report = IntegrityCheck(file).run();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_EQ(report.detail, "ok");
}

TEST(Catalogue, ItsCheckStopsWhenAsked) {
  TempDir dir;
  const auto file = damaged_catalogue(dir);
  IntegrityCheck check(file);
  check.stop();
  const auto report = check.run();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.detail, "stopped before it finished");
}

TEST(Catalogue, RefusesAnotherProgramsDatabase) {
  TempDir dir;
  const auto file = dir / "photos.db";
  make_database(file, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);");

  const std::string message = open_error(file);
  EXPECT_NE(message.find("not a Slate catalogue"), std::string::npos) << message;
}

std::int64_t events_seen(Database& db) {
  auto count = db.prepare("SELECT count(*) FROM events");
  count.step();
  return count.column_int(0);
}

TEST(ReadSnapshot, ReadsOfOneMomentAndNestsInAWriteOnTheWritersConnection) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  auto reader = catalogue->reader();
  const auto before = events_seen(reader->db());
  {
    const ReadSnapshot snapshot(reader->db());
    EXPECT_EQ(events_seen(reader->db()), before);
    catalogue->append({"test.one", "test/1", "{}", "test", {}});
    EXPECT_EQ(events_seen(reader->db()), before) << "a write between two reads was seen";
  }
  EXPECT_EQ(events_seen(reader->db()), before + 1);
  // A lease inside a write reads through the writer, already in a transaction.
  catalogue->write([&](Transaction& tx) {
    tx.append({"test.two", "test/2", "{}", "test", {}});
    auto lease = catalogue->lease();
    const ReadSnapshot snapshot(lease->db());
    EXPECT_EQ(events_seen(lease->db()), before + 2) << "the write's own change is read";
  });
  EXPECT_EQ(events_seen(reader->db()), before + 2) << "the snapshot did not end the write";
}

TEST(EventLog, EventsOfARolledBackChangeAreNeitherStoredNorObserved) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  std::vector<std::int64_t> observed;
  catalogue->set_event_observer([&](const std::vector<Event>& events) {
    for (const auto& event : events) {
      observed.push_back(event.sequence);
    }
  });

  EXPECT_THROW(catalogue->write([](Transaction& tx) {
    tx.append({"take.rolled", "take/1", {}, "tablet/1", std::nullopt});
    throw std::runtime_error("the change failed half-way");
  }),
               std::runtime_error);
  EXPECT_TRUE(observed.empty());
  EXPECT_EQ(catalogue->reader()->latest_sequence(), 0);

  catalogue->write([](Transaction& tx) {
    tx.append({"take.rolled", "take/1", {}, "tablet/1", std::nullopt});
    tx.append({"take.cut", "take/1", {}, "tablet/1", std::nullopt});
  });
  EXPECT_EQ(observed, (std::vector<std::int64_t>{1, 2}));
}

TEST(EventLog, AnIdempotencyKeyIsStoredOnce) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  catalogue->append({"take.circled", "take/4", {}, "tablet/2", "mark-77"});
  EXPECT_THROW(catalogue->append({"take.circled", "take/4", {}, "tablet/2", "mark-77"}),
               CatalogueError);
  EXPECT_EQ(catalogue->reader()->latest_sequence(), 1);
}

TEST(EventLog, ReaderPagesThroughEventsInSequenceOrder) {
  TempDir dir;
  auto catalogue = Catalogue::open(dir / "catalogue.db");
  catalogue->write([](Transaction& tx) {
    for (int i = 0; i < 25; ++i) {
      tx.append({"file.verified", "file/" + std::to_string(i), "{\"n\": " + std::to_string(i) + "}",
                 "daemon", std::nullopt});
    }
  });
  auto reader = catalogue->reader();
  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  while (true) {
    const auto page = reader->events_after(after, 10);
    if (page.empty()) {
      break;
    }
    for (const auto& event : page) {
      seen.push_back(event.sequence);
      EXPECT_EQ(nlohmann::json::parse(event.payload)["n"], event.sequence - 1);
      EXPECT_EQ(event.time.size(), 24u) << event.time;  // 2026-11-23T19:22:39.123Z
    }
    after = page.back().sequence;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), 1);
  EXPECT_EQ(seen.back(), 25);
}

}  // namespace
}  // namespace slate::catalogue
