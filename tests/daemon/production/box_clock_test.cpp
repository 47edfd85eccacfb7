// The box's clock in a real catalogue, on clocks the test moves: jammed to time of day when the
// day starts (never inside a take), by hand, counting at the exact rate across midnight, deaf to a
// wall-clock step, and never changing a take already logged. Readings are worked out by hand.
#include <ctime>
#include <gtest/gtest.h>

#include <slate/core/clock.hpp>
#include <slate/production/box_clock.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

// A local time two days ago (or `days_later` on), so that every instant is in the past.
system_clock::time_point local(int hours, int minutes, int seconds, int days_later = 0) {
  const std::time_t now = std::time(nullptr) - 2 * 86400;
  std::tm when{};
  localtime_r(&now, &when);
  when.tm_mday += days_later;
  when.tm_hour = hours;
  when.tm_min = minutes;
  when.tm_sec = seconds;
  when.tm_isdst = -1;
  return system_clock::from_time_t(std::mktime(&when));
}

class Clock : public ::testing::Test {
 protected:
  void open(const std::string& fps, system_clock::time_point day_start) {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", fps}, "2026-11-27");
    ASSERT_TRUE(production.import_shot_list("Scene,Setup,Cameras\n7,A,A\n", false, "t")->applied);
    catalogue_->write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare("UPDATE shooting_days SET started_at = ?")
          .bind(1, core::utc_text_ms(day_start))
          .run();
    });
    {
      auto reader = catalogue_->reader();
      auto select = reader->db().prepare("SELECT id FROM setups");
      ASSERT_TRUE(select.step());
      setup_ = select.column_int(0);
    }
    base_wall_ = day_start;
    now_ = {base_steady_, day_start};
    clock_ = std::make_unique<BoxClock>(
        *catalogue_, BoxClockOptions{}, [this] { return now_; }, "this-boot");
    takes_ = std::make_unique<TakeStore>(*catalogue_, TakeClockOptions{}, clock_.get());
  }
  // Both clocks to `wall`, as time passes with no step.
  void pass_to(system_clock::time_point wall) {
    now_.steady +=
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(wall - now_.wall);
    now_.wall = wall;
  }
  Take roll(system_clock::time_point when) {
    pass_to(when);
    auto rolled = takes_->roll(setup_, {}, "script", when);
    EXPECT_TRUE(rolled) << rolled.error().message;
    return rolled ? *rolled : Take{};
  }
  Take cut(const Take& take, system_clock::time_point when) {
    pass_to(when);
    auto cut = takes_->cut(take.id, "script", when);
    EXPECT_TRUE(cut) << cut.error().message;
    return cut ? *cut : Take{};
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<BoxClock> clock_;
  std::unique_ptr<TakeStore> takes_;
  std::int64_t setup_ = 0;
  const std::chrono::steady_clock::time_point base_steady_{std::chrono::hours(9000)};
  system_clock::time_point base_wall_;
  Instants now_;
};

TEST_F(Clock, JammedToTimeOfDayAtSixItReadsWhatACameraJammedThenReads) {
  open("23.976", local(5, 0, 0));
  pass_to(local(14, 0, 0));
  const auto reading = clock_->reading();
  // 8 real hours at 24000/1001 are 690,509 frames after 06:00:00:00: 28.8 s behind the wall.
  EXPECT_EQ(reading.timecode.to_string(), "13:59:31:05");
  ASSERT_TRUE(reading.jam);
  EXPECT_EQ(reading.jam->timecode.to_string(), "06:00:00:00");
  EXPECT_EQ(reading.jam->how, JamHow::time_of_day);
  EXPECT_EQ(reading.jam->at, local(6, 0, 0)) << "jam_at, the day having started earlier";
  EXPECT_EQ(reading.state, ClockState::free_run);
  EXPECT_EQ(roll(local(14, 0, 0)).roll_tc, "13:59:31:05");
}

TEST_F(Clock, AWallClockStepMovesNothing) {
  open("23.976", local(5, 0, 0));
  pass_to(local(14, 0, 0));
  EXPECT_EQ(clock_->reading().timecode.to_string(), "13:59:31:05");
  // Ten seconds pass, and NTP steps the wall clock an hour on.
  now_.steady += 10s;
  now_.wall += 10s + 1h;
  EXPECT_EQ(clock_->reading().timecode.to_string(), "13:59:41:05");
  auto rolled = takes_->roll(setup_, {}, "script", now_.wall);
  ASSERT_TRUE(rolled);
  EXPECT_EQ(rolled->roll_tc, "13:59:41:05");
}

TEST_F(Clock, AJamByHandNeverChangesATakeAlreadyLogged) {
  open("23.976", local(5, 0, 0));
  const auto before = roll(local(14, 0, 0));
  const auto across = cut(before, local(14, 0, 10));
  EXPECT_EQ(across.cut_tc, "13:59:41:05");
  const auto rolling = roll(local(14, 0, 50));
  pass_to(local(14, 1, 0));
  const auto jammed = clock_->jam("07:00:00:00", std::nullopt, "Script iPad");
  ASSERT_TRUE(jammed) << jammed.error().message;
  EXPECT_EQ(jammed->jam->how, JamHow::manual);
  EXPECT_EQ(jammed->jam->by, "Script iPad");
  EXPECT_EQ(takes_->take(before.id)->roll_tc, "13:59:31:05");
  EXPECT_EQ(takes_->take(before.id)->cut_tc, "13:59:41:05");
  // A take rolling across the jam is cut on the clock it rolled on: its length stays true.
  EXPECT_EQ(cut(rolling, local(14, 1, 20)).cut_tc, "14:00:51:03");
  const auto after = roll(local(14, 1, 30));
  EXPECT_EQ(after.roll_tc, "07:00:29:23") << "30 real seconds are 719 frames";
  EXPECT_EQ(after.tc_source, core::TimecodeSource::manual);
  EXPECT_EQ(before.tc_source, core::TimecodeSource::time_of_day);

  const auto bad = clock_->jam("25:00:00:00", std::nullopt, "Script iPad");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("hours"), std::string::npos) << bad.error().message;
}

TEST_F(Clock, AJamFromAClipSetsTheClockToTheCamerasClock) {
  open("25", local(5, 0, 0));
  const auto take = cut(roll(local(10, 0, 0)), local(10, 0, 20));
  EXPECT_EQ(take.roll_tc, "10:00:00:00");
  // The camera, jammed by hand at call, reads 25 s ahead of the box: its clip of this take starts
  // at 10:00:25:00.
  const auto clip = catalogue_->write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    db.exec(
        "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
        "path_template, state, created_at) VALUES ('/card', 'card', 'A001', 'xxh64', 'full', 2, "
        "'{roll}', 'finished', '2026-11-27T10:00:00Z')");
    db.prepare(
          "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, rate, frames, "
          "probe) VALUES (?, 1, 'A001C001', 'arri', 'A', '10:00:25:00', '25', 250, '{}')")
        .bind(1, db.last_insert_rowid())
        .run();
    return db.last_insert_rowid();
  });
  pass_to(local(11, 0, 0));
  const auto jammed = clock_->jam_from_clip(clip, take.id, "DIT");
  ASSERT_TRUE(jammed) << jammed.error().message;
  EXPECT_EQ(jammed->jam->how, JamHow::clip);
  EXPECT_EQ(jammed->timecode.to_string(), "11:00:25:00");
  EXPECT_EQ(roll(local(11, 1, 0)).roll_tc, "11:01:25:00");
  EXPECT_EQ(takes_->take(take.id)->roll_tc, "10:00:00:00") << "a jam moved a logged take";
  EXPECT_EQ(clock_->jam_from_clip(999, take.id, "DIT").error().kind, Refusal::Kind::not_found);
}

TEST_F(Clock, ClipsOfTodayThatFindNoTakeSayTheClocksMayDisagree) {
  open("25", local(5, 0, 0));
  pass_to(local(12, 0, 0));
  EXPECT_EQ(clock_->reading().message, "");
  const auto lost = [&](int count) {
    catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      db.exec(
          "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
          "path_template, state, created_at) VALUES ('/card', 'card', 'A001', 'xxh64', 'full', "
          "2, '{roll}', 'finished', '2026-11-27T10:00:00Z')");
      const auto offload = db.last_insert_rowid();
      for (int i = 0; i < count; ++i) {
        db.prepare(
              "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, rate, "
              "frames, probe, match_reason, shooting_day_id) SELECT ?, ?, 'A001C00' || ?, 'arri', "
              "'A', '11:00:00:00', '25', 250, '{}', 'no take overlaps', day_id FROM "
              "current_production")
            .bind(1, offload)
            .bind(2, std::int64_t{i})
            .bind(3, std::int64_t{i})
            .run();
      }
    });
  };
  lost(2);
  EXPECT_EQ(clock_->reading().message, "") << "two clips between takes are no sign";
  lost(1);
  const auto message = clock_->reading().message;
  EXPECT_EQ(message.substr(0, 33), "3 clips of today found no take: t") << message;
  EXPECT_NE(message.find("jam the box"), std::string::npos);
}

TEST_F(Clock, TheDaysJamWaitsForATakeThatIsRolling) {
  open("25", local(5, 0, 0));
  const auto early = roll(local(5, 58, 0));
  pass_to(local(6, 10, 0));
  EXPECT_FALSE(clock_->reading().jam) << "jammed inside a take";
  cut(early, local(6, 12, 0));
  pass_to(local(6, 13, 0));
  const auto reading = clock_->reading();
  ASSERT_TRUE(reading.jam);
  EXPECT_EQ(reading.jam->at, local(6, 12, 0)) << "at the cut";
  EXPECT_EQ(reading.jam->timecode.to_string(), "06:12:00:00");
}

TEST_F(Clock, A70SecondTakeAcrossMidnightAt23976LastsSeventySecondsAndFindsItsClip) {
  open("23.976",
       local(23, 0, 0));  // a night shoot: the day starts, and the clock is jammed, at 23:00
  const auto take = roll(local(23, 59, 30));
  EXPECT_EQ(take.roll_tc, "23:59:26:10");
  const auto done = cut(take, local(0, 0, 40, 1));
  EXPECT_EQ(done.cut_tc, "00:00:36:08") << "1,678 frames later: 70 s, past midnight, no jump";
  // Camera A's clip starts five seconds after midnight on the same clock.
  const auto clip = catalogue_->write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    db.exec(
        "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
        "path_template, state, created_at) VALUES ('/card', 'card', 'A001', 'xxh64', 'full', 2, "
        "'{roll}', 'finished', '2026-11-27T10:00:00Z')");
    db.prepare(
          "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, rate, frames, "
          "probe, recorded_at) VALUES (?, 1, 'A001C001', 'arri', 'A', '00:00:05:00', '23.976', "
          "240, '{}', ?)")
        .bind(1, db.last_insert_rowid())
        .bind(2, core::utc_text_ms(local(0, 0, 9, 1)))
        .run();
    return db.last_insert_rowid();
  });
  takes_->match_new_clips();
  const auto matched = takes_->take(take.id);
  ASSERT_EQ(matched->clips.size(), 1u);
  EXPECT_EQ(matched->clips[0].id, clip);
}

}  // namespace
}  // namespace slate::production
