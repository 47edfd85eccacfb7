// Takes in a real catalogue, through the typed production core (no HTTP): rolled and cut with
// time-of-day timecode at the project rate, numbered per setup across days and never reused,
// marked, undone as the slate allows, and the clips of their own day and camera attached.
#include <ctime>
#include <gtest/gtest.h>
#include <map>
#include <sqlite3.h>

#include <slate/core/clock.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_events.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using std::chrono::system_clock;

// Today (or `days_later` days on) at hh:mm:ss on the box's clock, as the set's time-of-day
// timecode reads it.
system_clock::time_point at(int hours, int minutes, int seconds, int days_later = 0) {
  const std::time_t now = std::time(nullptr) - 3 * 86400;  // room for the days after
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_mday += days_later;
  local.tm_hour = hours;
  local.tm_min = minutes;
  local.tm_sec = seconds;
  local.tm_isdst = -1;
  return system_clock::from_time_t(std::mktime(&local));
}

RollRequest with_number(int number, system_clock::time_point when) {
  RollRequest request;
  request.number = number;
  request.at = when;
  return request;
}

class Takes : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", "25"}, "2026-11-27");
    ASSERT_TRUE(production
                    .import_shot_list("Scene,Setup,Cameras\n12,A,A+B\n12,B,A\n12A,A,A\n12,AA,A\n",
                                      false, "t")
                    ->applied);
    setup_a_ = setup("12", "A");
    setup_b_ = setup("12", "B");
    // The first day began at 06:00 of the first test day.
    sql("UPDATE shooting_days SET started_at = '" + core::utc_text_ms(at(6, 0, 0)) + "'");
    takes_ = std::make_unique<TakeStore>(*catalogue_);
  }

  void sql(const std::string& statement) {
    catalogue_->write([&](catalogue::Transaction& tx) { tx.db().exec(statement); });
  }
  std::int64_t setup(const std::string& scene, const std::string& letter) {
    auto reader = catalogue_->reader();
    auto select = reader->db().prepare(
        "SELECT u.id FROM setups u JOIN scenes s ON s.id = u.scene_id WHERE s.number = ? AND "
        "u.letter = ?");
    select.bind(1, scene).bind(2, letter);
    EXPECT_TRUE(select.step()) << scene << letter;
    return select.column_int(0);
  }
  // A new shooting day, begun at `start`, made current.
  std::int64_t new_day(system_clock::time_point start) {
    return catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      db.prepare(
            "INSERT INTO shooting_days (project_id, number, date, started_at) SELECT project_id, "
            "(SELECT max(number) + 1 FROM shooting_days), '2026-11-28', ? FROM "
            "current_production")
          .bind(1, core::utc_text_ms(start))
          .run();
      const auto id = db.last_insert_rowid();
      db.prepare("UPDATE current_production SET day_id = ?").bind(1, id).run();
      return id;
    });
  }
  Take roll(std::int64_t setup_id, system_clock::time_point when, RollRequest request = {}) {
    auto rolled = takes_->roll(setup_id, request, "script", when);
    EXPECT_TRUE(rolled) << rolled.error().message;
    return rolled ? *rolled : Take{};
  }
  Take roll_and_cut(std::int64_t setup_id, system_clock::time_point from,
                    system_clock::time_point to) {
    const auto take = roll(setup_id, from);
    auto cut = takes_->cut(take.id, "script", to);
    EXPECT_TRUE(cut) << cut.error().message;
    return cut ? *cut : Take{};
  }
  // A probed clip on a card of roll `roll`, recorded at `recorded`, as the media jobs leave it.
  std::int64_t clip(const std::string& name, const std::string& camera, const std::string& start_tc,
                    std::int64_t frames, system_clock::time_point recorded,
                    const std::string& roll = "A001") {
    return catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      db.prepare(
            "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, "
            "min_destinations, path_template, state, created_at) VALUES ('/card', 'card', ?, "
            "'xxh64', 'full', 2, '{roll}', 'finished', '2026-11-27T10:00:00Z')")
          .bind(1, roll)
          .run();
      const auto offload = db.last_insert_rowid();
      db.prepare(
            "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, rate, "
            "frames, probe, recorded_at) VALUES (?, 1, ?, 'arri', ?, ?, '25', ?, '{}', ?)")
          .bind(1, offload)
          .bind(2, name)
          .bind(3, camera)
          .bind(4, start_tc)
          .bind(5, frames)
          .bind(6, core::utc_text_ms(recorded))
          .run();
      return db.last_insert_rowid();
    });
  }
  std::optional<std::int64_t> take_of(std::int64_t clip_id) {
    auto reader = catalogue_->reader();
    auto select = reader->db().prepare("SELECT take_id FROM clip_takes WHERE clip_id = ?");
    select.bind(1, clip_id);
    if (!select.step() || select.column_is_null(0)) {
      return std::nullopt;
    }
    return select.column_int(0);
  }
  std::string reason_of(std::int64_t clip_id) {
    for (const auto& clip : takes_->unmatched_clips()) {
      if (clip.id == clip_id) {
        return clip.reason;
      }
    }
    return "(on a take)";
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<TakeStore> takes_;
  std::int64_t setup_a_ = 0, setup_b_ = 0;
};

TEST(TakeNames, LetteredScenesAndSetupsNeverReadAlike) {
  EXPECT_EQ((TakeName{"12A", "A", 1, false}.to_string()), "12A-A/1");
  EXPECT_EQ((TakeName{"12", "AA", 1, false}.to_string()), "12-AA/1");
  EXPECT_NE((TakeName{"12A", "A", 1, false}.to_string()),
            (TakeName{"12", "AA", 1, false}.to_string()));
  EXPECT_EQ((TakeName{"12A", "", 2, true}.to_string()), "12A/WT2");
  for (const auto& name : {TakeName{"12A", "A", 1, false}, TakeName{"12", "AA", 14, false},
                           TakeName{"A12", "B", 3, false}, TakeName{"12PT2", "C", 9, false},
                           TakeName{"12A", "", 2, true}}) {
    EXPECT_EQ(TakeName::parse(name.to_string()), name) << name.to_string();
  }
  for (const auto* bad : {"12A/1", "12-A/", "12-A/0", "-A/1", "12-/1", "12-A-B/1", "12/WTx"}) {
    EXPECT_EQ(TakeName::parse(bad), std::nullopt) << bad;
  }
}

TEST_F(Takes, RollAndCutAreStampedToTheMillisecond) {
  const auto when = at(10, 0, 0) + std::chrono::milliseconds(437);
  const auto take = roll(setup_a_, when);
  EXPECT_EQ(take.scene, "12");
  EXPECT_EQ(take.setup, "A");
  EXPECT_EQ(take.number, 1);
  EXPECT_EQ(take.name().to_string(), "12-A/1");
  EXPECT_EQ(take.rolled_at, core::utc_text_ms(when));
  EXPECT_TRUE(take.rolled_at.ends_with(".437Z")) << take.rolled_at;
  EXPECT_EQ(take.roll_tc, "10:00:00:10") << "437 ms at 25 fps is frame 10";
  EXPECT_EQ(take.cameras, (std::vector<std::string>{"A", "B"})) << "the setup's cameras";
  // Frame 2 of the second runs from 80 to 120 ms; 81 ms keeps clear of its edge, where the clock's
  // reading of the wall clock (to a microsecond) could fall either side.
  const auto cut = takes_->cut(take.id, "script", at(10, 0, 30) + std::chrono::milliseconds(81));
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->cut_tc, "10:00:30:02");
  EXPECT_TRUE(cut->cut_at->ends_with(".081Z"));
}

TEST_F(Takes, NumbersRunPerSetupAcrossDays) {
  for (int minute = 0; minute < 5; ++minute) {
    roll_and_cut(setup_a_, at(10, minute, 0), at(10, minute, 30));
  }
  new_day(at(6, 0, 0, 1));
  const auto next = roll(setup_a_, at(9, 0, 0, 1));
  EXPECT_EQ(next.number, 6) << "day 2 goes on from day 1's take 5";
  TakeFilter today;
  const auto listing = takes_->list(today);
  ASSERT_EQ(listing.takes.size(), 1u) << "the listing is the current day's";
  EXPECT_EQ(listing.takes[0].number, 6);
  EXPECT_EQ(roll(setup_b_, at(9, 1, 0, 1)).number, 1) << "numbers are per setup";
}

TEST_F(Takes, UndoNeverFreesANumberOrAnId) {
  const auto one = roll_and_cut(setup_a_, at(10, 0, 0), at(10, 0, 30));
  const auto two = roll(setup_a_, at(10, 1, 0));
  ASSERT_TRUE(takes_->undo("script"));  // the roll of take 2
  const auto three = roll(setup_a_, at(10, 2, 0));
  EXPECT_EQ(three.number, 3) << "take 2's number was given again";
  EXPECT_GT(three.id, two.id) << "take 2's id was given again";
  ASSERT_TRUE(takes_->undo("script"));  // the roll of take 3
  const auto four = roll(setup_a_, at(10, 3, 0));
  EXPECT_EQ(four.number, 4);
  EXPECT_GT(four.id, three.id);
  TakeFilter today;
  std::vector<int> numbers;
  for (const auto& take : takes_->list(today).takes) {
    numbers.push_back(take.number);
  }
  EXPECT_EQ(numbers, (std::vector<int>{1, 4})) << "undone rolls leave the log";
  EXPECT_EQ(one.number, 1);
}

TEST_F(Takes, AMarkQueuedForAnUndoneTakeIsRefusedAndGoesNowhereElse) {
  const auto undone = roll(setup_a_, at(10, 0, 0));
  ASSERT_TRUE(takes_->undo("script"));
  const auto next = roll(setup_a_, at(10, 1, 0));
  TakeChange circle;
  circle.status = TakeStatus::circled;
  const auto refused = takes_->update(undone.id, circle, "director");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Refusal::Kind::undone);
  EXPECT_NE(refused.error().message.find("12-A/1"), std::string::npos) << refused.error().message;
  EXPECT_EQ(takes_->take(next.id)->status, TakeStatus::none) << "the mark landed on another take";
  EXPECT_FALSE(takes_->cut(undone.id, "script", at(10, 2, 0)));
}

TEST_F(Takes, UndoOfARollTheCamerasRolledOnVoidsIt) {
  const auto take = roll_and_cut(setup_a_, at(11, 0, 0), at(11, 0, 40));
  const auto on_it = clip("A001C001", "A", "11:00:01:00", 25 * 30, at(11, 0, 1));
  takes_->match_new_clips();
  ASSERT_EQ(take_of(on_it), take.id);
  ASSERT_TRUE(takes_->undo("script"));       // the cut
  const auto undo = takes_->undo("script");  // the roll
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->what, Undo::What::voided);
  EXPECT_NE(undo->message.find("false start"), std::string::npos) << undo->message;
  const auto after = takes_->take(take.id);
  EXPECT_FALSE(after->undone) << "a take with clips stays in the log";
  EXPECT_EQ(after->status, TakeStatus::false_start);
  EXPECT_EQ(take_of(on_it), take.id);
  EXPECT_EQ(roll(setup_a_, at(11, 2, 0)).number, 2);
}

TEST_F(Takes, AnOfflineRollKeepsItsSlatesNumberAndBothTakesShowTheClash) {
  // Tablet 1 was offline and rolled take 2 at 10:01; tablet 2 rolled take 2 at 10:02, online.
  roll_and_cut(setup_a_, at(10, 0, 0), at(10, 0, 30));
  const auto online = roll(setup_a_, at(10, 2, 0), with_number(2, at(10, 2, 0)));
  const auto offline = roll(setup_a_, at(10, 3, 0), with_number(2, at(10, 1, 0)));
  EXPECT_EQ(offline.number, 2) << "renumbered behind the slate's back";
  EXPECT_EQ(online.number, 2);
  EXPECT_EQ(offline.rolled_at, core::utc_text_ms(at(10, 1, 0))) << "it keeps its own time";
  TakeFilter today;
  auto listing = takes_->list(today).takes;
  ASSERT_EQ(listing.size(), 3u);
  EXPECT_EQ(listing[1].id, offline.id) << "listings follow roll time";
  EXPECT_EQ(listing[1].clash, std::vector<std::int64_t>{online.id});
  EXPECT_EQ(listing[2].clash, std::vector<std::int64_t>{offline.id});
  // The script supervisor renumbers one by hand; the clash is gone on both.
  TakeChange renumber;
  renumber.number = 2;
  EXPECT_EQ(takes_->update(online.id, renumber, "script").ok(), true) << "same number: no change";
  renumber.number = 1;
  const auto taken = takes_->update(online.id, renumber, "script");
  ASSERT_FALSE(taken) << "take 1 exists";
  EXPECT_EQ(taken.error().kind, Refusal::Kind::conflict);
  renumber.number = 3;
  const auto resolved = takes_->update(online.id, renumber, "script");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->number, 3);
  EXPECT_EQ(resolved->renumbered_from, 2);
  EXPECT_TRUE(resolved->clash.empty());
  EXPECT_TRUE(takes_->take(offline.id)->clash.empty());
  {
    // The other take heard of its flag both times: when the clash arose and when it went.
    auto reader = catalogue_->reader();
    auto told = reader->db().prepare(
        "SELECT json_extract(payload, '$.take.clash') FROM events WHERE kind = 'take.clash' AND "
        "entity = ? ORDER BY sequence");
    told.bind(1, "take/" + std::to_string(online.id));
    ASSERT_TRUE(told.step());
    EXPECT_EQ(told.column_text(0), "[" + std::to_string(offline.id) + "]");
    told.reset();
    told.bind(1, "take/" + std::to_string(offline.id));
    std::vector<std::string> flags;
    while (told.step()) {
      flags.push_back(told.column_text(0));
    }
    EXPECT_EQ(flags, std::vector<std::string>{"[]"}) << "the offline take's flag was not cleared";
  }
  ASSERT_TRUE(takes_->cut(online.id, "script", at(10, 4, 0)));
  ASSERT_TRUE(takes_->cut(offline.id, "script", at(10, 4, 0)));
  EXPECT_EQ(roll(setup_a_, at(10, 5, 0)).number, 4);
}

TEST_F(Takes, ARollWithItsTimeIsAcceptedWhileAnotherStillRolls) {
  roll(setup_a_, at(10, 0, 0));
  EXPECT_FALSE(takes_->roll(setup_a_, {}, "script", at(10, 0, 5))) << "online: cut it first";
  RollRequest offline;
  offline.at = at(9, 59, 0);
  EXPECT_TRUE(takes_->roll(setup_a_, offline, "script", at(10, 0, 5)));
}

TEST_F(Takes, WildTracksAreChosenAtRollAndNumberedPerScene) {
  RollRequest wild;
  wild.wild = true;
  const auto first = roll(setup_a_, at(10, 0, 0), wild);
  ASSERT_TRUE(takes_->cut(first.id, "script", at(10, 0, 20)));
  const auto second = roll(setup_b_, at(10, 1, 0), wild);
  EXPECT_EQ(first.name().to_string(), "12/WT1");
  EXPECT_EQ(second.name().to_string(), "12/WT2") << "wild tracks count per scene";
  EXPECT_EQ(roll(setup_a_, at(10, 2, 0)).number, 1) << "picture takes count on their own";
}

TEST_F(Takes, MarksChangeWhatTheySayAndUndoPutsThemBack) {
  const auto take = roll(setup_a_, at(9, 0, 0));
  TakeChange marks;
  marks.status = TakeStatus::circled;
  marks.notes = "Boom in shot at the end";
  auto marked = takes_->update(take.id, marks, "director");
  ASSERT_TRUE(marked);
  EXPECT_EQ(marked->status, TakeStatus::circled);
  EXPECT_EQ(marked->notes, "Boom in shot at the end");
  TakeChange flag;
  flag.flagged = true;
  EXPECT_EQ(takes_->update(take.id, flag, "director")->status, TakeStatus::circled);
  const auto undo = takes_->undo("director");
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->what, Undo::What::marks);
  EXPECT_NE(undo->message.find("12-A/1"), std::string::npos) << undo->message;
  EXPECT_FALSE(takes_->take(take.id)->flagged);
  EXPECT_EQ(takes_->take(take.id)->status, TakeStatus::circled);
  EXPECT_FALSE(takes_->undo("device/3")) << "another device's changes are not its own";
}

// A cut tries every waiting clip of its day again. On a long day thousands wait (a second unit's
// cards, a camera with no takes), and a cut that wrote each of them again cost 20 ms at the size
// of a production: only the clips whose standing changed are written.
TEST_F(Takes, ACutWritesOnlyTheWaitingClipsWhoseStandingChanged) {
  const auto changes = [&] {
    return catalogue_->write(
        [&](catalogue::Transaction& tx) { return sqlite3_total_changes(tx.db().handle()); });
  };
  const auto rows_a_cut_writes = [&](int minute) {
    const auto before = changes();
    roll_and_cut(setup_b_, at(9, minute, 0), at(9, minute, 30));
    return changes() - before;
  };
  roll_and_cut(setup_b_, at(8, 0, 0), at(8, 0, 30));
  const auto alone = rows_a_cut_writes(0);
  // Twenty clips of camera A that no take overlaps, tried once as their probes come in.
  std::vector<std::int64_t> waiting;
  for (int i = 0; i < 20; ++i) {
    waiting.push_back(
        clip("A001C1" + std::to_string(10 + i), "A", "15:00:00:00", 25 * 10, at(15, 0, i)));
  }
  takes_->match_new_clips();
  for (const auto id : waiting) {
    EXPECT_EQ(reason_of(id), "no take overlaps");
  }
  EXPECT_EQ(rows_a_cut_writes(10), alone) << "clips tried again with nothing new are not written";
  for (const auto id : waiting) {
    EXPECT_EQ(reason_of(id), "no take overlaps");
  }
  // Clips that a cut does change are written: a take over their timecode.
  const auto over = roll_and_cut(setup_a_, at(15, 0, 2), at(15, 0, 40));
  for (const auto id : waiting) {
    EXPECT_EQ(take_of(id), over.id);
  }
}

TEST_F(Takes, AClipMatchesOnlyTakesOfTheDayItWasRecordedOn) {
  const auto day1 = roll_and_cut(setup_a_, at(11, 0, 0), at(11, 0, 40));
  new_day(at(6, 0, 0, 1));
  // Day 2, at the same time of day as day 1's take: not day 1's.
  const auto day2_clip = clip("A002C001", "A", "11:00:01:00", 25 * 30, at(11, 0, 1, 1));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(day2_clip), std::nullopt);
  EXPECT_EQ(reason_of(day2_clip), "no take overlaps");
  // Day 1's card, offloaded on day 2: still day 1's.
  const auto day1_clip = clip("A001C007", "A", "11:00:02:00", 25 * 30, at(11, 0, 2));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(day1_clip), day1.id);
  // Day 2 rolls the same time of day: its own clip finds it; day 1's match does not move.
  const auto day2 = roll_and_cut(setup_b_, at(11, 0, 0, 1), at(11, 0, 40, 1));
  EXPECT_EQ(take_of(day2_clip), day2.id) << "the cut matches its day's waiting clips";
  EXPECT_EQ(take_of(day1_clip), day1.id) << "day 2 moved a day-1 match";
}

TEST_F(Takes, ASettledMatchIsNeverMovedByALaterRun) {
  const auto first = roll_and_cut(setup_a_, at(12, 0, 0), at(12, 0, 10));
  const auto on_first = clip("A001C002", "A", "12:00:01:00", 25 * 60, at(12, 0, 1));
  takes_->match_new_clips();
  ASSERT_EQ(take_of(on_first), first.id);
  // A take logged later (offline) that the clip overlaps more.
  RollRequest late;
  late.at = at(12, 0, 12);
  const auto second = takes_->roll(setup_b_, late, "script", at(12, 5, 0));
  ASSERT_TRUE(takes_->cut(second->id, "script", at(12, 1, 10)));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(on_first), first.id);
}

TEST_F(Takes, ALetterlessClipTakesItsCameraFromTheCardsRoll) {
  const auto a_take = roll_and_cut(setup_b_, at(13, 0, 0), at(13, 0, 40));  // camera A only
  const auto sony = clip("C0001", "", "13:00:01:00", 25 * 30, at(13, 0, 1), "B002");
  takes_->match_new_clips();
  EXPECT_EQ(take_of(sony), std::nullopt) << "a B clip went on an A-only take";
  EXPECT_EQ(reason_of(sony), "no take overlaps");
  RollRequest b_only;
  b_only.cameras = std::vector<std::string>{"B"};
  const auto b_take = roll(setup_a_, at(13, 1, 0), b_only);
  ASSERT_TRUE(takes_->cut(b_take.id, "script", at(13, 1, 40)));
  const auto sony_b = clip("C0002", "", "13:01:01:00", 25 * 30, at(13, 1, 1), "B002");
  takes_->match_new_clips();
  EXPECT_EQ(take_of(sony_b), b_take.id);
  // No letter, no roll, and a project of several cameras: said so.
  const auto phone = clip("IMG_0001", "", "13:00:01:00", 25 * 30, at(13, 0, 1), "phone");
  takes_->match_new_clips();
  EXPECT_EQ(reason_of(phone), "camera unknown");
  EXPECT_NE(a_take.id, 0);
}

TEST_F(Takes, EveryUnmatchedClipSaysWhy) {
  const auto no_tc = catalogue_->write([&](catalogue::Transaction& tx) {
    tx.db().exec(
        "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
        "path_template, state, created_at) VALUES ('/card', 'card', 'A003', 'xxh64', 'full', 2, "
        "'{roll}', 'finished', '2026-11-27T10:00:00Z')");
    tx.db()
        .prepare(
            "INSERT INTO clips (offload_id, position, name, maker, camera, probe) VALUES (?, 1, "
            "'A003C001', 'arri', 'A', '{}')")
        .bind(1, tx.db().last_insert_rowid())
        .run();
    return tx.db().last_insert_rowid();
  });
  takes_->match_new_clips();
  EXPECT_EQ(reason_of(no_tc), "no timecode");
  for (const auto& clip : takes_->unmatched_clips()) {
    EXPECT_FALSE(clip.reason.empty()) << clip.name;
  }
}

TEST_F(Takes, AClipAcrossTwoTakesGoesToTheLargerOverlapAndWarnsTheOther) {
  const auto first = roll_and_cut(setup_a_, at(14, 0, 0), at(14, 0, 20));
  const auto second = roll_and_cut(setup_b_, at(14, 0, 30), at(14, 1, 30));
  // 14:00:10 to 14:01:10: 10 s of the first, 40 s of the second.
  const auto across = clip("A001C009", "A", "14:00:10:00", 25 * 60, at(14, 0, 10));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(across), second.id);
  const auto warned = takes_->take(first.id);
  ASSERT_EQ(warned->warnings.size(), 1u);
  EXPECT_NE(warned->warnings[0].find("A001C009"), std::string::npos);
  EXPECT_NE(warned->warnings[0].find("12-B/1"), std::string::npos) << warned->warnings[0];
  EXPECT_TRUE(takes_->take(second.id)->warnings.empty());
}

TEST_F(Takes, ATakeAcrossMidnightStillMatchesOnItsDay) {
  const auto take = roll_and_cut(setup_a_, at(23, 59, 30), at(0, 0, 40, 1));
  const auto clip_id = clip("A001C010", "A", "23:59:31:00", 25 * 60, at(23, 59, 31));
  const auto after_midnight = clip("A001C011", "A", "00:00:05:00", 25 * 20, at(0, 0, 5, 1));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(clip_id), take.id);
  EXPECT_EQ(take_of(after_midnight), take.id) << "a night past midnight is still one day";
}

TEST_F(Takes, APersonsAssignmentWinsAndUnassignedStaysSo) {
  const auto one = roll_and_cut(setup_a_, at(15, 0, 0), at(15, 0, 40));
  const auto two = roll_and_cut(setup_b_, at(15, 2, 0), at(15, 2, 40));
  const auto moved = clip("A001C012", "A", "15:00:01:00", 25 * 30, at(15, 0, 1));
  ASSERT_TRUE(takes_->assign(moved, two.id, "script"));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(moved), two.id);
  ASSERT_TRUE(takes_->assign(moved, std::nullopt, "script"));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(moved), std::nullopt);
  EXPECT_EQ(reason_of(moved), "unassigned by hand");
  EXPECT_FALSE(takes_->assign(moved, 999, "script"));
  EXPECT_FALSE(takes_->assign(999, one.id, "script"));
}

TEST_F(Takes, AWrongJamIsMendedByReStampingTheDayAndUndoTakesItBack) {
  const auto take = roll_and_cut(setup_a_, at(16, 0, 0), at(16, 0, 30));
  // The cameras were jammed 25 s behind the box: their clip starts at 15:59:40.
  const auto late = clip("A001C030", "A", "15:59:40:00", 25 * 10, at(15, 59, 40));
  takes_->match_new_clips();
  EXPECT_EQ(take_of(late), std::nullopt);
  const auto day = takes_->take(take.id)->day_id;
  const auto restamped = takes_->restamp(day, -25 * 25, "script");
  ASSERT_TRUE(restamped) << restamped.error().message;
  EXPECT_EQ(restamped->takes, 1);
  EXPECT_EQ(restamped->matched, 1);
  EXPECT_EQ(takes_->take(take.id)->roll_tc, "15:59:35:00");
  EXPECT_EQ(takes_->take(take.id)->cut_tc, "16:00:05:00");
  EXPECT_EQ(take_of(late), take.id);
  const auto undone = takes_->undo("script");
  ASSERT_TRUE(undone) << undone.error().message;
  EXPECT_EQ(undone->what, Undo::What::restamp);
  EXPECT_EQ(takes_->take(take.id)->roll_tc, "16:00:00:00");
  EXPECT_EQ(take_of(late), take.id) << "a clip matched stays where it is";
  // The undo of the re-stamp is not itself undone next: the cut before it is.
  EXPECT_EQ(takes_->undo("script")->what, Undo::What::cut);
  EXPECT_FALSE(takes_->restamp(day, 0, "script"));
  EXPECT_EQ(takes_->restamp(999, 25, "script").error().kind, Refusal::Kind::not_found);
}

// A view that keeps each take it showed at its revision and asks only for the others, as the
// API's listing does for the tablets.
class HeldView {
 public:
  std::vector<std::string> refresh(TakeStore& store) {
    const auto listing = store.list({}, [&](const ListedTake& listed) {
      const auto found = held_.find(listed.id);
      return found != held_.end() && found->second.revision == listed.revision;
    });
    read_ = listing.takes.size();
    for (const auto& take : listing.takes) {
      held_[take.id] = take;
    }
    std::vector<std::string> shown;
    for (const auto& listed : listing.order) {
      shown.push_back(to_payload(held_.at(listed.id)));
    }
    return shown;
  }
  std::size_t read() const { return read_; }

 private:
  std::map<std::int64_t, Take> held_;
  std::size_t read_ = 0;
};

TEST_F(Takes, AListingReadAgainOnlyForWhatChangedIsTheWholeListing) {
  const auto full = [&] {
    std::vector<std::string> shown;
    for (const auto& take : takes_->list({}).takes) {
      shown.push_back(to_payload(take));
    }
    return shown;
  };
  HeldView view;
  const auto one = roll_and_cut(setup_a_, at(11, 0, 0), at(11, 0, 20));
  const auto two = roll_and_cut(setup_b_, at(11, 0, 30), at(11, 1, 30));
  roll_and_cut(setup("12A", "A"), at(11, 2, 0), at(11, 2, 30));
  EXPECT_EQ(view.refresh(*takes_), full());
  EXPECT_EQ(view.read(), 3u);
  EXPECT_EQ(view.refresh(*takes_), full());
  EXPECT_EQ(view.read(), 0u) << "nothing changed, nothing read";

  // Each change below alters what some take shows, often a take other than the one changed.
  const auto step = [&](const std::string& what, std::size_t at_least_read) {
    SCOPED_TRACE(what);
    EXPECT_EQ(view.refresh(*takes_), full());
    EXPECT_GE(view.read(), at_least_read);
    EXPECT_LT(view.read(), 5u) << "read again more than changed";
  };
  TakeChange note;
  note.notes = "boom in frame";
  ASSERT_TRUE(takes_->update(one.id, note, "script"));
  step("a mark", 1);
  EXPECT_EQ(view.read(), 1u) << "one mark, one take read again";

  const auto clashing = roll(setup_a_, at(11, 3, 0), with_number(1, at(11, 3, 0)));
  step("a roll on a number in use flags the other take", 2);
  ASSERT_TRUE(takes_->cut(clashing.id, "script", at(11, 3, 20)));
  step("a cut", 1);

  // 11:00:15 to 11:01:15: mostly the second take, and also through the first.
  const auto across = clip("A001C020", "A", "11:00:15:00", 25 * 60, at(11, 0, 15));
  takes_->match_new_clips();
  ASSERT_EQ(take_of(across), two.id);
  step("a clip matched, and its warning on the take it also runs through", 2);

  sql("UPDATE clips SET start_tc = '11:00:16:00' WHERE id = " + std::to_string(across));
  step("a clip's timecode, probed again", 2);

  TakeChange renumber;
  renumber.number = 7;
  ASSERT_TRUE(takes_->update(two.id, renumber, "script"));
  step("the take a warning names renumbered", 2);
  renumber.number = 2;
  ASSERT_TRUE(takes_->update(clashing.id, renumber, "script"));
  step("a clash resolved by hand clears the other take's flag", 2);

  ASSERT_TRUE(takes_->undo("script"));
  step("an undo of the renumbering brings the clash back", 2);

  ASSERT_TRUE(takes_->assign(across, one.id, "script"));
  step("a clip moved by hand", 2);

  // Nothing in Slate renames a scene or a setup or deletes a take today; the listing still may
  // not go stale if something does.
  sql("UPDATE setups SET letter = 'C' WHERE id = " + std::to_string(setup_b_));
  step("a setup lettered again", 1);
  sql("UPDATE scenes SET number = '12X' WHERE number = '12A'");
  step("a scene numbered again", 1);
  sql("DELETE FROM takes WHERE id = " + std::to_string(clashing.id));
  step("a take gone clears its clash", 1);

  sql("DELETE FROM clips WHERE id = " + std::to_string(across));
  step("a clip gone with its card's offload", 1);
  EXPECT_TRUE(takes_->take(one.id)->clips.empty());
}

}  // namespace
}  // namespace slate::production
