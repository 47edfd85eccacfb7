// Listings of unbounded size, a page at a time, through the real slated: a client that follows
// `next` from the first page to the last sees every row once, in order, while the catalogue
// grows between its requests; each page is an index walk from its cursor.
#include <gtest/gtest.h>
#include <mutex>
#include <regex>
#include <sqlite3.h>

#include <slate/testing/in_process_daemon.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

// Every statement the daemon's catalogue readers run, with its bound values, so that a test can
// ask SQLite how it ran exactly what the daemon ran.
class StatementLog {
 public:
  // Readers are pooled: each one the pool holds (it keeps 8) is taken, traced and given back.
  void trace(catalogue::Catalogue& catalogue) {
    std::vector<catalogue::ReaderLease> leases;
    for (int i = 0; i < 8; ++i) {
      leases.push_back(catalogue.lease());
      sqlite3_trace_v2(leases.back()->db().handle(), SQLITE_TRACE_STMT, &StatementLog::on_statement,
                       this);
    }
  }
  std::vector<std::string> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(statements_, {});
  }

 private:
  static int on_statement(unsigned, void* self, void* statement, void* text) {
    // Statements of triggers come as "-- …" comments; readers run none.
    if (static_cast<const char*>(text)[0] == '-') {
      return 0;
    }
    char* expanded = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement));
    auto* log = static_cast<StatementLog*>(self);
    std::lock_guard lock(log->mutex_);
    log->statements_.emplace_back(expanded ? expanded : "");
    sqlite3_free(expanded);
    return 0;
  }

  std::mutex mutex_;
  std::vector<std::string> statements_;
};

class ListingPages : public ::testing::Test {
 protected:
  void SetUp() override { offload_ = add_offload(); }

  std::string answer(const std::string& method, const std::string& target,
                     const std::string& body = {}) {
    return testing::raw_http(
        daemon_.port(), method + " " + target +
                            " HTTP/1.1\r\nHost: s\r\nConnection: close\r\nAuthorization: Bearer " +
                            daemon_.token() + "\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\n\r\n" + body);
  }
  json send(const std::string& method, const std::string& target, const std::string& body = {}) {
    const auto text = answer(method, target, body);
    EXPECT_LT(testing::status_of(text), 300) << method << " " << target << ": " << text;
    return json::parse(testing::body_of(text));
  }

  // Rows as the offload engine and the media service write them, straight into the catalogue.
  std::int64_t add_offload() {
    return daemon_.catalogue().write([](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, "
              "min_destinations, path_template, state, created_at) VALUES ('/card', 'card', "
              "'A001', 'xxh64', 'full', 1, '{roll}', 'finished', '2026-12-02T10:00:00Z')")
          .run();
      return tx.db().last_insert_rowid();
    });
  }
  std::int64_t add_clip(std::int64_t offload) {
    return daemon_.catalogue().write([&](catalogue::Transaction& tx) {
      const auto position = [&] {
        auto next = tx.db().prepare(
            "SELECT coalesce(max(position), 0) + 1 FROM clips WHERE offload_id = ?");
        next.bind(1, offload).step();
        return next.column_int(0);
      }();
      tx.db()
          .prepare(
              "INSERT INTO clips (offload_id, position, name, maker, camera) VALUES (?, ?, "
              "'A001C' || printf('%03d', ?2), 'arri', 'A')")
          .bind(1, offload)
          .bind(2, position)
          .run();
      const auto clip = tx.db().last_insert_rowid();
      tx.db()
          .prepare(
              "INSERT INTO media_jobs (clip_id, kind, state, created_at) VALUES (?, 'probe', "
              "'done', '2026-12-02T10:00:00Z')")
          .bind(1, clip)
          .run();
      return clip;
    });
  }
  std::int64_t add_take() {
    const auto scene =
        send("POST", "/api/v1/scenes", json{{"number", std::to_string(++scenes_)}}.dump())["id"]
            .dump();
    const auto setup = send("POST", "/api/v1/scenes/" + scene + "/setups", "{}")["id"].dump();
    return send("POST", "/api/v1/setups/" + setup + "/roll", "{}")["id"].get<std::int64_t>();
  }

  // Follows `next` from `first` to the last page, calling `between` after each page; the ids in
  // the order the pages gave them.
  std::vector<std::int64_t> follow(const std::string& first, const char* name,
                                   const std::function<void()>& between) {
    std::vector<std::int64_t> ids;
    std::optional<std::string> target = first;
    for (int pages = 0; target && pages < 100; ++pages) {
      const auto page = send("GET", *target);
      for (const auto& row : page.at(name)) {
        ids.push_back(row.at("id").get<std::int64_t>());
      }
      target = page.at("next").is_null() ? std::nullopt
                                         : std::optional(page.at("next").get<std::string>());
      between();
    }
    return ids;
  }
  std::vector<std::int64_t> ids_of(const std::string& sql) {
    auto reader = daemon_.catalogue().lease();
    auto select = reader->db().prepare(sql);
    std::vector<std::int64_t> ids;
    while (select.step()) {
      ids.push_back(select.column_int(0));
    }
    return ids;
  }

  StatementLog statements_;  // outlives the daemon, whose readers call it
  testing::TempDir dir_;
  testing::InProcessDaemon daemon_{dir_ / "data"};
  std::int64_t offload_ = 0;
  int scenes_ = 0;
};

TEST_F(ListingPages, ClipsNewestFirstEachOnceWhileCardsArrive) {
  for (int i = 0; i < 10; ++i) {
    add_clip(offload_);
  }
  const auto before = ids_of("SELECT id FROM clips ORDER BY id DESC");
  const auto seen = follow("/api/v1/clips?limit=3", "clips", [&] {
    add_clip(add_offload());
    add_clip(offload_);
  });
  EXPECT_EQ(seen, before) << "the pages skipped or repeated a clip";
  // The clips that came while paging lead the next listing.
  const auto now = send("GET", "/api/v1/clips?limit=1");
  EXPECT_EQ(now["clips"][0]["id"], ids_of("SELECT max(id) FROM clips")[0]);
  EXPECT_EQ(now["next"], "/api/v1/clips?after=" + now["clips"][0]["id"].dump() + "." +
                             now["clips"][0]["id"].dump() + "&limit=1");
}

TEST_F(ListingPages, OneCardsClipsInCardOrderIncludingThoseAddedWhilePaging) {
  for (int i = 0; i < 7; ++i) {
    add_clip(offload_);
  }
  const auto other = add_offload();
  std::int64_t last_added = 0;
  const auto seen =
      follow("/api/v1/clips?offload=" + std::to_string(offload_) + "&limit=2", "clips", [&] {
        add_clip(other);
        last_added = add_clip(offload_);
      });
  // All the card's clips but the one added after the last page.
  EXPECT_EQ(seen, ids_of("SELECT id FROM clips WHERE offload_id = " + std::to_string(offload_) +
                         " AND id != " + std::to_string(last_added) + " ORDER BY position"));
  EXPECT_GT(seen.size(), 7u) << "clips added to the card while paging were not listed";
}

TEST_F(ListingPages, OffloadsNewestFirstEachOnceWhileOffloadsStart) {
  for (int i = 0; i < 8; ++i) {
    add_offload();
  }
  const auto before = ids_of("SELECT id FROM offloads ORDER BY id DESC");
  const auto seen = follow("/api/v1/offloads?limit=3", "offloads", [&] {
    add_offload();
    add_offload();
  });
  EXPECT_EQ(seen, before) << "the pages skipped or repeated an offload";
  EXPECT_TRUE(send("GET", "/api/v1/offloads")["next"].is_null()) << "15 offloads fill no page";
}

TEST_F(ListingPages, MediaJobsNewestFirstEachOnceWhileJobsAreQueued) {
  for (int i = 0; i < 8; ++i) {
    add_clip(offload_);
  }
  const auto before = ids_of("SELECT id FROM media_jobs ORDER BY id DESC");
  const auto seen = follow("/api/v1/media/jobs?limit=3", "jobs", [&] { add_clip(offload_); });
  EXPECT_EQ(seen, before) << "the pages skipped or repeated a job";
}

// Oldest first: clips that arrive while paging come on later pages, and a clip matched on a page
// already read shifts nothing after it.
TEST_F(ListingPages, UnmatchedClipsEachOnceWhileClipsArriveAndOthersAreMatched) {
  std::vector<std::int64_t> clips;
  for (int i = 0; i < 9; ++i) {
    clips.push_back(add_clip(offload_));
  }
  const auto take = add_take();
  std::vector<std::int64_t> added;
  std::size_t matched = 0;
  const auto seen = follow("/api/v1/unmatched-clips?limit=2", "clips", [&] {
    added.push_back(add_clip(offload_));
    // The oldest clip still unmatched, already listed, goes on the take.
    if (matched < 3) {
      send("PUT", "/api/v1/clips/" + std::to_string(clips[matched++]) + "/take",
           json{{"take", take}}.dump());
    }
  });
  auto expected = clips;
  expected.insert(expected.end(), added.begin(), added.end() - 1);  // the last came after the end
  EXPECT_EQ(seen, expected) << "the pages skipped or repeated a clip";
  // What the set holds is what the clips on no take are.
  EXPECT_EQ(ids_of("SELECT clip_id FROM unmatched_clips ORDER BY clip_id"),
            ids_of("SELECT c.id FROM clips c LEFT JOIN clip_takes ct ON ct.clip_id = c.id WHERE "
                   "ct.take_id IS NULL ORDER BY c.id"));
  const auto first = send("GET", "/api/v1/unmatched-clips?limit=1000");
  EXPECT_EQ(first["clips"].size(), expected.size() + 1 - 3);
  EXPECT_TRUE(first["next"].is_null());
  // Unassigned by hand: still on no take.
  send("PUT", "/api/v1/clips/" + std::to_string(clips[0]) + "/take", R"({"take": null})");
  EXPECT_EQ(send("GET", "/api/v1/unmatched-clips?limit=1")["clips"][0]["id"], clips[0]);
  // A resumed offload writes its card's clips again: the old ones go, matched or not.
  daemon_.catalogue().write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare("DELETE FROM clips WHERE id IN (?, ?)")
        .bind(1, clips[1])
        .bind(2, clips[4])
        .run();
  });
  EXPECT_EQ(ids_of("SELECT clip_id FROM unmatched_clips ORDER BY clip_id"),
            ids_of("SELECT c.id FROM clips c LEFT JOIN clip_takes ct ON ct.clip_id = c.id WHERE "
                   "ct.take_id IS NULL ORDER BY c.id"));
}

TEST_F(ListingPages, ABadLimitOrCursorIsRefusedNamingTheParameter) {
  for (int i = 0; i < 3; ++i) {
    add_clip(offload_);
  }
  const auto listed = send("GET", "/api/v1/clips");
  const std::vector<std::string> listings = {"/api/v1/clips", "/api/v1/offloads",
                                             "/api/v1/media/jobs", "/api/v1/unmatched-clips"};
  for (const auto& path : listings) {
    for (const auto* limit : {"0", "1001", "ten", "-5", "", "10x", "99999999999999999999"}) {
      const auto refused = answer("GET", path + "?limit=" + limit);
      EXPECT_EQ(testing::status_of(refused), 400) << path << " limit=" << limit;
      const auto error = json::parse(testing::body_of(refused))["error"];
      EXPECT_EQ(error["code"], "bad_limit");
      EXPECT_NE(error["message"].get<std::string>().find("limit is a whole number from 1 to 1000"),
                std::string::npos)
          << error;
    }
    for (const auto* after : {"x", "12", "3.", ".3", "3.0", "-1.4", "1.2.3", "1.2x"}) {
      const auto refused = answer("GET", path + "?after=" + after);
      EXPECT_EQ(testing::status_of(refused), 400) << path << " after=" << after;
      const auto error = json::parse(testing::body_of(refused))["error"];
      EXPECT_EQ(error["code"], "bad_cursor");
      EXPECT_NE(error["message"].get<std::string>().find("after is the cursor"), std::string::npos)
          << error;
    }
  }
  EXPECT_EQ(send("GET", "/api/v1/clips"), listed) << "a refused request changed the listing";
  const auto whole = send("GET", "/api/v1/clips?limit=1000");
  EXPECT_EQ(whole["clips"].size(), 3u);
  EXPECT_TRUE(whole["next"].is_null());
}

// Each page reads from an index at its cursor, in the index's order: no sort of the whole listing
// and, once there is a cursor, no walk of the table from its start.
TEST_F(ListingPages, EachPageIsAnIndexWalkFromItsCursor) {
  for (int i = 0; i < 6; ++i) {
    add_clip(offload_);
  }
  statements_.trace(daemon_.catalogue());
  const auto offload = std::to_string(offload_);
  const std::vector<std::pair<std::string, const char*>> listings = {
      {"/api/v1/clips?limit=2", "clips"},
      {"/api/v1/clips?offload=" + offload + "&limit=2", "clips"},
      {"/api/v1/offloads?limit=1", "offloads"},
      {"/api/v1/media/jobs?limit=2", "jobs"},
      {"/api/v1/unmatched-clips?limit=2", "clips"}};
  add_offload();
  const std::regex listing_table(R"(FROM (clips|offloads|media_jobs|unmatched_clips) )");
  for (const auto& [first, name] : listings) {
    const auto next = send("GET", first).at("next");
    ASSERT_TRUE(next.is_string()) << first;
    statements_.take();
    send("GET", next.get<std::string>());
    int explained = 0;
    auto reader = daemon_.catalogue().lease();
    for (const auto& sql : statements_.take()) {
      if (!std::regex_search(sql, listing_table)) {
        continue;
      }
      ++explained;
      auto plan = reader->db().prepare("EXPLAIN QUERY PLAN " + sql);
      std::string steps;
      while (plan.step()) {
        steps += plan.column_text(3) + "\n";
      }
      EXPECT_EQ(steps.find("SCAN"), std::string::npos) << next << "\n" << sql << "\n" << steps;
      EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << next << "\n"
                                                              << sql << "\n"
                                                              << steps;
      EXPECT_NE(steps.find("SEARCH"), std::string::npos) << steps;
    }
    EXPECT_GT(explained, 0) << "no listing statement was seen for " << next;
  }
}

}  // namespace
}  // namespace slate
