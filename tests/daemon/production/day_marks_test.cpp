// The script supervisor's marks of the day (call, lunch, back from lunch, wrap) in a real
// catalogue, through the typed production core: a mark replaces the one before, clears, is kept
// in the file, writes its event, and a time that makes no sense for the day is refused by name.
#include <chrono>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <slate/production/production_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using namespace std::chrono_literals;

class DayMarks : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    store_.reset();
    catalogue_.reset();
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    store_ = std::make_unique<ProductionStore>(*catalogue_);
    store_->ensure_current({"Night Run", "25"}, "2026-12-01", morning_);
    day_ = store_->current()->day->id;
  }
  std::vector<catalogue::Event> events_of(const std::string& kind) {
    std::vector<catalogue::Event> found;
    for (auto& event : catalogue_->reader()->events_after(0, 1000)) {
      if (event.kind == kind) {
        found.push_back(std::move(event));
      }
    }
    return found;
  }
  template <class T>
  static std::string refused(const Outcome<T>& outcome) {
    return outcome ? std::string("(not refused)") : outcome.error().message;
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<ProductionStore> store_;
  std::int64_t day_ = 0;
  // 2026-12-01 06:30:00 UTC, when the day was started.
  std::chrono::system_clock::time_point morning_ =
      std::chrono::sys_days(std::chrono::year(2026) / 12 / 1) + 6h + 30min;
};

TEST_F(DayMarks, AMarkAtAGivenTimeIsKeptToTheMillisecondInUtc) {
  const auto marked = store_->mark_day(day_, DayMarkKind::call, "2026-12-01T07:00:00Z", "device/2");
  ASSERT_TRUE(marked) << marked.error().message;
  EXPECT_EQ(marked->mark(DayMarkKind::call), "2026-12-01T07:00:00.000Z");
  EXPECT_FALSE(marked->mark(DayMarkKind::wrap));
  EXPECT_EQ(store_->days()[0].mark(DayMarkKind::call), "2026-12-01T07:00:00.000Z");
  EXPECT_EQ(store_->current()->day->mark(DayMarkKind::call), "2026-12-01T07:00:00.000Z");
}

TEST_F(DayMarks, AMarkWithoutATimeIsNow) {
  const auto tapped = morning_ + 5h + 125ms;
  const auto marked = store_->mark_day(day_, DayMarkKind::lunch, std::nullopt, "cli", tapped);
  ASSERT_TRUE(marked) << marked.error().message;
  EXPECT_EQ(marked->mark(DayMarkKind::lunch), "2026-12-01T11:30:00.125Z");
}

TEST_F(DayMarks, MarkingAgainReplacesTheTime) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::wrap, "2026-12-01T18:00:00.000Z", "t"));
  const auto again = store_->mark_day(day_, DayMarkKind::wrap, "2026-12-01T19:15:00.000Z", "t");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->marks.size(), 1u);
  EXPECT_EQ(again->mark(DayMarkKind::wrap), "2026-12-01T19:15:00.000Z");
}

TEST_F(DayMarks, MarksListInTheOrderOfTheDay) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::wrap, "2026-12-01T19:00:00.000Z", "t"));
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::call, "2026-12-01T07:00:00.000Z", "t"));
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::lunch, "2026-12-01T12:00:00.000Z", "t"));
  const auto marks = store_->days()[0].marks;
  ASSERT_EQ(marks.size(), 3u);
  EXPECT_EQ(marks[0].kind, DayMarkKind::call);
  EXPECT_EQ(marks[1].kind, DayMarkKind::lunch);
  EXPECT_EQ(marks[2].kind, DayMarkKind::wrap);
}

TEST_F(DayMarks, ClearingAMarkRemovesItAndLeavesTheOthers) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::call, "2026-12-01T07:00:00.000Z", "t"));
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::lunch, "2026-12-01T12:00:00.000Z", "t"));
  const auto cleared = store_->clear_day_mark(day_, DayMarkKind::lunch, "device/4");
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_FALSE(cleared->mark(DayMarkKind::lunch));
  EXPECT_EQ(cleared->mark(DayMarkKind::call), "2026-12-01T07:00:00.000Z");
  EXPECT_FALSE(store_->days()[0].mark(DayMarkKind::lunch));
  // Clearing what is not marked changes nothing and says nothing.
  const auto before = events_of("day.marked").size();
  EXPECT_TRUE(store_->clear_day_mark(day_, DayMarkKind::wrap, "t"));
  EXPECT_EQ(events_of("day.marked").size(), before);
}

TEST_F(DayMarks, EachChangeWritesADayMarkedEvent) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::call, "2026-12-01T07:00:00.000Z", "device/2"));
  ASSERT_TRUE(store_->clear_day_mark(day_, DayMarkKind::call, "device/3"));
  const auto events = events_of("day.marked");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].entity, "day/" + std::to_string(day_));
  EXPECT_EQ(events[0].actor, "device/2");
  const auto set = nlohmann::json::parse(events[0].payload);
  EXPECT_EQ(set["day"], day_);
  EXPECT_EQ(set["kind"], "call");
  EXPECT_EQ(set["at"], "2026-12-01T07:00:00.000Z");
  EXPECT_EQ(set["actor"], "device/2");
  const auto cleared = nlohmann::json::parse(events[1].payload);
  EXPECT_TRUE(cleared["at"].is_null());
  EXPECT_EQ(cleared["actor"], "device/3");
}

TEST_F(DayMarks, MarksSurviveReopeningTheCatalogue) {
  ASSERT_TRUE(
      store_->mark_day(day_, DayMarkKind::lunch_end, "2026-12-01T13:00:00.500Z", "device/2"));
  open();
  EXPECT_EQ(store_->days()[0].mark(DayMarkKind::lunch_end), "2026-12-01T13:00:00.500Z");
}

TEST_F(DayMarks, AnUnknownDayIsRefusedAsNotFound) {
  const auto marked = store_->mark_day(999, DayMarkKind::call, std::nullopt, "t");
  ASSERT_FALSE(marked);
  EXPECT_EQ(marked.error().kind, Refusal::Kind::not_found);
  EXPECT_NE(marked.error().message.find("999"), std::string::npos) << marked.error().message;
  EXPECT_FALSE(store_->clear_day_mark(999, DayMarkKind::call, "t"));
  EXPECT_TRUE(events_of("day.marked").empty());
}

TEST_F(DayMarks, ADayOfAnotherProjectIsRefused) {
  std::int64_t other_day = 0;
  catalogue_->write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    db.exec("INSERT INTO projects (name, fps, created_at) VALUES ('Old', '25', '2026-01-01')");
    db.prepare(
          "INSERT INTO shooting_days (project_id, number, date, started_at) VALUES (?, 1, "
          "'2026-01-02', '2026-01-02T07:00:00.000Z')")
        .bind(1, db.last_insert_rowid())
        .run();
    other_day = db.last_insert_rowid();
  });
  const auto marked = store_->mark_day(other_day, DayMarkKind::call, std::nullopt, "t");
  ASSERT_FALSE(marked);
  EXPECT_NE(marked.error().message.find("another project"), std::string::npos)
      << marked.error().message;
}

TEST_F(DayMarks, ATimeThatIsNotAnIsoInstantIsRefused) {
  for (const char* bad : {"07:00", "2026-12-01 07:00:00", "2026-12-01T07:00:00+01:00", "", "yes"}) {
    const auto marked = store_->mark_day(day_, DayMarkKind::call, bad, "t");
    ASSERT_FALSE(marked) << bad;
    EXPECT_EQ(marked.error().kind, Refusal::Kind::invalid) << bad;
    EXPECT_NE(marked.error().message.find("ISO 8601"), std::string::npos) << bad;
  }
  EXPECT_TRUE(store_->days()[0].marks.empty());
}

TEST_F(DayMarks, BackFromLunchBeforeLunchIsRefusedEitherWayRound) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::lunch, "2026-12-01T12:00:00.000Z", "t"));
  const auto early = store_->mark_day(day_, DayMarkKind::lunch_end, "2026-12-01T11:59:00Z", "t");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, Refusal::Kind::invalid);
  EXPECT_NE(early.error().message.find("back from lunch at 2026-12-01T11:59:00.000Z would be "
                                       "before lunch at 2026-12-01T12:00:00.000Z"),
            std::string::npos)
      << early.error().message;
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::lunch_end, "2026-12-01T12:45:00Z", "t"));
  const auto late = store_->mark_day(day_, DayMarkKind::lunch, "2026-12-01T13:00:00Z", "t");
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("lunch at 2026-12-01T13:00:00.000Z would be after back "
                                      "from lunch"),
            std::string::npos)
      << late.error().message;
  EXPECT_EQ(store_->days()[0].mark(DayMarkKind::lunch), "2026-12-01T12:00:00.000Z");
}

TEST_F(DayMarks, WrapBeforeCallIsRefused) {
  ASSERT_TRUE(store_->mark_day(day_, DayMarkKind::call, "2026-12-01T07:00:00.000Z", "t"));
  const auto wrap = store_->mark_day(day_, DayMarkKind::wrap, "2026-12-01T06:00:00.000Z", "t");
  ASSERT_FALSE(wrap);
  EXPECT_NE(wrap.error().message.find("wrap at 2026-12-01T06:00:00.000Z would be before call"),
            std::string::npos)
      << wrap.error().message;
  EXPECT_FALSE(store_->days()[0].mark(DayMarkKind::wrap));
}

TEST_F(DayMarks, KindsReadBackFromTheirNames) {
  for (const auto kind : kDayMarkKinds) {
    EXPECT_EQ(parse_day_mark_kind(to_string(kind)), kind);
  }
  EXPECT_EQ(to_string(DayMarkKind::lunch_end), std::string("lunch_end"));
  EXPECT_FALSE(parse_day_mark_kind("lunch-end"));
  EXPECT_FALSE(parse_day_mark_kind("breakfast"));
}

}  // namespace
}  // namespace slate::production
