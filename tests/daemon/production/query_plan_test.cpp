// The hot queries of a shooting day stay flat with the size of the production: every statement
// that a roll, a cut, an undo, the scene list and a day's take listing run is planned by SQLite on
// an index, never as a walk over every row of the events, clips or takes of the whole production,
// nor over every event of a kind or every take of a setup.
// The statements are the ones the code really runs, caught as they run (sqlite3_trace_v2).
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sqlite3.h>

#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using std::chrono::system_clock;

int record(unsigned, void* context, void* statement, void*) {
  const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
  if (sql) {
    static_cast<std::set<std::string>*>(context)->insert(sql);
  }
  return 0;
}

// The tables that grow with the production: walking one of them whole is what must not happen.
const std::set<std::string> kGrowing = {"events", "clips", "takes", "clip_takes"};

// Searches that still read a growing table's rows of a whole kind or setup: every take event of the
// production, every take a setup ever had.
const std::regex kWideSearch(
    R"(INDEX (events_by_kind \(kind=\?\)|takes_by_setup \(setup_id=\?\))$)");

// "SCAN x …" lines of the plan whose x (a table, or an alias of one) is a growing table, and wide
// searches.
std::vector<std::string> full_scans(catalogue::Database& db, const std::string& sql) {
  std::map<std::string, std::string> tables;  // name or alias as the plan shows it → table
  static const std::regex named(R"(\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?)",
                                std::regex::icase);
  for (std::sregex_iterator it(sql.begin(), sql.end(), named), end; it != end; ++it) {
    tables[(*it)[1]] = (*it)[1];
    if ((*it)[2].matched) {
      tables[(*it)[2]] = (*it)[1];
    }
  }
  std::vector<std::string> scans;
  auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql);
  while (plan.step()) {
    const std::string detail = plan.column_text(3);
    if (std::regex_search(detail, kWideSearch)) {
      scans.push_back(detail);
      continue;
    }
    static const std::regex scan(R"(^SCAN (\w+))");
    std::smatch match;
    if (std::regex_search(detail, match, scan)) {
      const auto table = tables.count(match[1]) ? tables[match[1]] : std::string(match[1]);
      if (kGrowing.count(table)) {
        scans.push_back(detail);
      }
    }
  }
  return scans;
}

class QueryPlans : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    production_ = std::make_unique<ProductionStore>(*catalogue_);
    production_->ensure_current({"Night Run", "25"}, "2026-11-27");
    ASSERT_TRUE(production_->import_shot_list("Scene,Setup\n12,A\n", false, "t")->applied);
    takes_ = std::make_unique<TakeStore>(*catalogue_);
    // Every statement through the writer, and through the pooled reader that short reads lease.
    catalogue_->write([&](catalogue::Transaction& tx) {
      sqlite3_trace_v2(tx.db().handle(), SQLITE_TRACE_STMT, record, &ran_);
    });
    auto lease = catalogue_->lease();
    sqlite3_trace_v2(lease->db().handle(), SQLITE_TRACE_STMT, record, &ran_);
  }

  std::int64_t setup() {
    const auto scenes = production_->scenes();
    return scenes.at(0).setups.at(0).id;
  }

  // Each statement run since SetUp, with the growing tables it walks whole.
  std::map<std::string, std::vector<std::string>> walks() {
    auto reader = catalogue_->reader();
    std::map<std::string, std::vector<std::string>> found;
    for (const auto& sql : ran_) {
      // Statements of triggers show as comments; explaining the statement that fired them
      // covers them.
      if (sql.starts_with("--") || sql.starts_with("SAVEPOINT") || sql.starts_with("RELEASE") ||
          sql.starts_with("BEGIN") || sql.starts_with("COMMIT") || sql.starts_with("ROLLBACK") ||
          sql.starts_with("PRAGMA")) {
        continue;
      }
      if (auto scans = full_scans(reader->db(), sql); !scans.empty()) {
        found[sql] = scans;
      }
    }
    return found;
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<ProductionStore> production_;
  std::unique_ptr<TakeStore> takes_;
  std::set<std::string> ran_;
};

std::string describe(const std::map<std::string, std::vector<std::string>>& walks) {
  std::string text;
  for (const auto& [sql, scans] : walks) {
    text += "\n  " + sql + "\n    walks:";
    for (const auto& scan : scans) {
      text += " [" + scan + "]";
    }
  }
  return text;
}

TEST_F(QueryPlans, UndoFindsTheDevicesLastChangeOnAnIndex) {
  const auto id = setup();
  const auto now = system_clock::now();
  const auto take = takes_->roll(id, {}, "device/3", now);
  ASSERT_TRUE(take) << take.error().message;
  ASSERT_TRUE(takes_->cut(take->id, "device/3", now + std::chrono::seconds(30)));
  ran_.clear();
  ASSERT_TRUE(takes_->undo("device/3"));   // the cut
  ASSERT_TRUE(takes_->undo("device/3"));   // the roll
  EXPECT_FALSE(takes_->undo("device/3"));  // nothing left
  ASSERT_FALSE(ran_.empty());
  const auto found = walks();
  EXPECT_TRUE(found.empty()) << describe(found);
}

TEST_F(QueryPlans, TheSceneListAndADaysTakesAreReadOnIndexes) {
  const auto id = setup();
  const auto now = system_clock::now();
  for (int i = 0; i < 3; ++i) {
    const auto take = takes_->roll(id, {}, "device/3", now + std::chrono::minutes(i));
    ASSERT_TRUE(take) << take.error().message;
    ASSERT_TRUE(takes_->cut(take->id, "device/3",
                            now + std::chrono::minutes(i) + std::chrono::seconds(30)));
  }
  ran_.clear();
  EXPECT_EQ(production_->scenes().size(), 1u);
  EXPECT_EQ(takes_->list(TakeFilter{}).order.size(), 3u);
  ASSERT_FALSE(ran_.empty());
  const auto found = walks();
  EXPECT_TRUE(found.empty()) << describe(found);
}

}  // namespace
}  // namespace slate::production
