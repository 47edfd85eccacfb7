// Takes in a real catalogue: rolled and cut with time-of-day timecode at the project rate, marked,
// numbered on, and the clips whose timecode falls in them attached, unless a person said otherwise.
#include <ctime>
#include <gtest/gtest.h>
#include <map>

#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using nlohmann::json;

// Today at hh:mm:ss on the box's clock, as the set's time-of-day timecode reads it.
std::chrono::system_clock::time_point today_at(int hours, int minutes, int seconds) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = hours;
  local.tm_min = minutes;
  local.tm_sec = seconds;
  local.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&local));
}

class Takes : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    ProductionStore production(*catalogue_);
    production.ensure_current({"Night Run", "25"}, "2026-11-27");
    ASSERT_TRUE(production.import_shot_list("Scene,Setup,Cameras\n12,A,A+B\n12,B,A\n", false, "t")
                    ->applied);
    const auto scenes = production.scenes();
    setup_a_ = scenes[0].setups[0].id;
    setup_b_ = scenes[0].setups[1].id;
    takes_ = std::make_unique<TakeStore>(*catalogue_);
  }
  // A probed clip, as the media jobs leave it.
  std::int64_t clip(const std::string& camera, const std::string& start_tc, std::int64_t frames) {
    return catalogue_->write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      if (offload_ == 0) {
        db.prepare(
              "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, "
              "min_destinations, path_template, state, created_at) VALUES ('/card', 'card', "
              "'A001', 'xxh64', 'full', 2, '{roll}', 'finished', '2026-11-27T10:00:00Z')")
            .run();
        offload_ = db.last_insert_rowid();
      }
      const auto position = ++clips_;
      db.prepare(
            "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, rate, "
            "frames) VALUES (?, ?, ?, 'arri', ?, ?, '25', ?)")
          .bind(1, offload_)
          .bind(2, position)
          .bind(3, camera + "001C00" + std::to_string(position))
          .bind(4, camera)
          .bind(5, start_tc)
          .bind(6, frames)
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

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<TakeStore> takes_;
  std::int64_t setup_a_ = 0, setup_b_ = 0, offload_ = 0, clips_ = 0;
};

TEST_F(Takes, RollAndCutAreStampedWithTimeOfDayTimecodeAndNumberedOn) {
  const auto first = takes_->roll(setup_a_, json::object(), "script", today_at(10, 0, 0));
  EXPECT_EQ(first["scene"], "12");
  EXPECT_EQ(first["setup"], "A");
  EXPECT_EQ(first["take"], 1);
  EXPECT_EQ(first["roll_tc"], "10:00:00:00");
  EXPECT_EQ(first["rate"], "25");
  EXPECT_EQ(first["cameras"], json::array({"A", "B"})) << "the setup's cameras";
  EXPECT_TRUE(first["cut_tc"].is_null());
  try {
    takes_->roll(setup_a_, json::object(), "script", today_at(10, 0, 5));
    ADD_FAILURE() << "rolled twice";
  } catch (const TakeError& error) {
    EXPECT_EQ(error.status(), 409u);
  }
  const auto cut = takes_->cut(first["id"], "script", today_at(10, 0, 30));
  EXPECT_EQ(cut["cut_tc"], "10:00:30:00");
  const auto second =
      takes_->roll(setup_a_, {{"kind", "pickup"}, {"mos", true}}, "script", today_at(10, 2, 0));
  EXPECT_EQ(second["take"], 2);
  EXPECT_EQ(second["kind"], "pickup");
  EXPECT_EQ(second["mos"], true);
  const auto other = takes_->roll(setup_b_, {{"cameras", {"B"}}}, "script", today_at(10, 3, 0));
  EXPECT_EQ(other["take"], 1) << "numbers are per setup";
  EXPECT_EQ(other["cameras"], json::array({"B"}));
  EXPECT_EQ(takes_->list(0).size(), 3u);
  for (const auto& bad : {json{{"kind", "retake"}}, json{{"cameras", {"a"}}}, json{{"mos", 1}}}) {
    EXPECT_THROW(takes_->roll(setup_b_, bad, "script", today_at(10, 4, 0)), TakeError) << bad;
  }
  EXPECT_THROW(takes_->roll(999, json::object(), "script", today_at(10, 4, 0)), TakeError);
}

TEST_F(Takes, MarksChangeWhatTheySayAndNothingElse) {
  const auto take = takes_->roll(setup_a_, json::object(), "script", today_at(9, 0, 0));
  const auto marked = takes_->update(
      take["id"], {{"status", "circled"}, {"notes", "Boom in shot at the end"}}, "director");
  EXPECT_EQ(marked["status"], "circled");
  EXPECT_EQ(marked["notes"], "Boom in shot at the end");
  EXPECT_EQ(marked["flagged"], false);
  EXPECT_EQ(takes_->update(take["id"], {{"flagged", true}}, "director")["status"], "circled");
  for (const auto& bad :
       {json{{"status", "great"}}, json{{"number", 7}}, json::object(), json{{"flagged", "yes"}}}) {
    try {
      takes_->update(take["id"], bad, "director");
      ADD_FAILURE() << bad;
    } catch (const TakeError& error) {
      EXPECT_EQ(error.status(), 400u) << bad;
    }
  }
  auto reader = catalogue_->reader();
  auto events = reader->db().prepare(
      "SELECT count(*) FROM events WHERE kind = 'take.updated' AND actor = 'director'");
  events.step();
  EXPECT_EQ(events.column_int(0), 2);
}

TEST_F(Takes, AnOffsetShiftsTheStampsForCamerasJammedElsewhere) {
  // Cameras jammed an hour ahead of the box, and another set an hour behind across midnight.
  TakeStore ahead(*catalogue_, std::chrono::hours(1));
  const auto take = ahead.roll(setup_a_, json::object(), "script", today_at(10, 0, 0));
  EXPECT_EQ(take["roll_tc"], "11:00:00:00");
  EXPECT_EQ(ahead.cut(take["id"], "script", today_at(23, 30, 0))["cut_tc"], "00:30:00:00");
  TakeStore behind(*catalogue_, -std::chrono::hours(1));
  EXPECT_EQ(behind.roll(setup_b_, json::object(), "script", today_at(0, 30, 0))["roll_tc"],
            "23:30:00:00");
}

TEST_F(Takes, TheToleranceDecidesHowFarAClipMayRunPastItsTake) {
  TakeStore strict(*catalogue_, std::chrono::milliseconds(0), 0.0);
  const auto take = strict.roll(setup_b_, json::object(), "script", today_at(14, 0, 0));
  strict.cut(take["id"], "script", today_at(14, 0, 10));
  // Started a second before the roll, ended a second before the cut: overlaps whatever the
  // tolerance. Entirely in the second after the cut: only a tolerance reaches it.
  const auto early = clip("A", "13:59:59:00", 25 * 10);
  const auto after = clip("A", "14:00:10:05", 15);
  strict.match_clips();
  EXPECT_EQ(take_of(early), take["id"].get<std::int64_t>());
  EXPECT_EQ(take_of(after), std::nullopt);
  TakeStore usual(*catalogue_, std::chrono::milliseconds(0), 2.0);
  usual.match_clips();
  EXPECT_EQ(take_of(after), take["id"].get<std::int64_t>());
}

TEST_F(Takes, ClipsAreAttachedByTimecodeAndAPersonsAssignmentWins) {
  const auto one = takes_->roll(setup_a_, json::object(), "script", today_at(11, 0, 0));
  takes_->cut(one["id"], "script", today_at(11, 0, 40));
  const auto two = takes_->roll(setup_b_, json::object(), "script", today_at(11, 2, 0));
  takes_->cut(two["id"], "script", today_at(11, 2, 30));

  const auto a_clip = clip("A", "11:00:01:00", 25 * 38);  // inside take one
  const auto b_clip = clip("B", "11:00:00:10", 25 * 40);  // B rolled on take one too
  const auto c_clip = clip("C", "11:00:01:00", 25 * 38);  // camera C rolled on nothing
  const auto late = clip("A", "11:02:01:00", 25 * 30);    // take two (camera A only)
  const auto manual = clip("A", "11:00:02:00", 25 * 10);
  catalogue_->write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare(
            "INSERT INTO clip_takes (clip_id, take_id, method, assigned_at) VALUES (?, ?, "
            "'manual', '2026-11-27T11:05:00Z')")
        .bind(1, manual)
        .bind(2, two["id"].get<std::int64_t>())
        .run();
  });
  EXPECT_EQ(takes_->match_clips(), 3);
  EXPECT_EQ(take_of(a_clip), one["id"].get<std::int64_t>());
  EXPECT_EQ(take_of(b_clip), one["id"].get<std::int64_t>());
  EXPECT_EQ(take_of(c_clip), std::nullopt);
  EXPECT_EQ(take_of(late), two["id"].get<std::int64_t>());
  EXPECT_EQ(take_of(manual), two["id"].get<std::int64_t>()) << "re-matching overrode a person";
  EXPECT_EQ(takes_->match_clips(), 0) << "matching again changes nothing";
  // Unassigned by hand: matching leaves it unassigned, though its timecode fits take one.
  takes_->assign(a_clip, 0, "script");
  EXPECT_EQ(takes_->match_clips(), 0);
  EXPECT_EQ(take_of(a_clip), std::nullopt);
  EXPECT_THROW(takes_->assign(a_clip, 999, "script"), TakeError);
  EXPECT_THROW(takes_->assign(999, one["id"], "script"), TakeError);
  const auto listed = takes_->list(0);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["clips"].size(), 1u);
  EXPECT_EQ(listed[1]["clips"].size(), 2u);
  EXPECT_EQ(listed[1]["clips"][0]["id"], late);
  EXPECT_EQ(listed[1]["clips"][0]["method"], "timecode");
  EXPECT_EQ(listed[1]["clips"][1]["id"], manual);
  EXPECT_EQ(listed[1]["clips"][1]["method"], "manual");
  // Moved by hand from take two to take one: both listings follow.
  takes_->assign(manual, one["id"], "script");
  EXPECT_EQ(takes_->list(0)[0]["clips"].size(), 2u);
  EXPECT_EQ(takes_->list(0)[1]["clips"].size(), 1u);
  takes_->assign(manual, two["id"], "script");

  // What is left for a person to assign, and why each is left.
  const auto no_timecode = catalogue_->write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare(
            "INSERT INTO clips (offload_id, position, name, maker) VALUES (?, 99, 'IMG_0001', "
            "'generic')")
        .bind(1, offload_)
        .run();
    return tx.db().last_insert_rowid();
  });
  std::map<std::int64_t, std::string> unmatched;
  for (const auto& each : takes_->unmatched_clips()) {
    unmatched[each["id"].get<std::int64_t>()] = each["reason"];
    EXPECT_EQ(each["roll"], "A001");
  }
  EXPECT_EQ(unmatched, (std::map<std::int64_t, std::string>{{a_clip, "unassigned by hand"},
                                                            {c_clip, "no take overlaps"},
                                                            {no_timecode, "no timecode"}}));

  // Clips that go (their offload removed) leave their takes' listings too.
  catalogue_->write([&](catalogue::Transaction& tx) { tx.db().exec("DELETE FROM offloads"); });
  for (const auto& take : takes_->list(0)) {
    EXPECT_EQ(take["clips"], json::array()) << take.dump();
  }
}

TEST_F(Takes, ListingsFilterBySceneStatusCameraAndFlag) {
  ProductionStore production(*catalogue_);
  ASSERT_TRUE(production.import_shot_list("Scene,Setup\n14,A\n", false, "t")->applied);
  const auto scene_14 = production.scenes()[1].setups[0].id;
  const auto a = takes_->roll(setup_a_, json::object(), "s", today_at(9, 0, 0));  // A and B
  const auto b = takes_->roll(setup_b_, json::object(), "s", today_at(9, 1, 0));  // A only
  const auto c = takes_->roll(scene_14, {{"cameras", {"C"}}}, "s", today_at(9, 2, 0));
  takes_->update(a["id"], {{"status", "circled"}, {"flagged", true}}, "s");
  takes_->update(c["id"], {{"status", "circled"}}, "s");
  // The takes a filter lets through, set field by field ("scene", "14").
  const auto ids = [&](std::map<std::string, std::string> fields) {
    TakeFilter filter;
    filter.day = fields.contains("day") ? std::stoll(fields["day"]) : 0;
    filter.scene = fields["scene"];
    filter.status = fields["status"];
    filter.camera = fields["camera"];
    if (fields.contains("flagged")) {
      filter.flagged = fields["flagged"] == "true";
    }
    std::vector<std::int64_t> found;
    const auto listed = json::parse(takes_->list_text(filter));
    for (const auto& take : listed["takes"]) {
      found.push_back(take["id"]);
    }
    return found;
  };
  using Ids = std::vector<std::int64_t>;
  const Ids all = {a["id"], b["id"], c["id"]};
  EXPECT_EQ(ids({}), all);
  EXPECT_EQ(ids({{"scene", "14"}}), Ids{c["id"]});
  EXPECT_EQ(ids({{"status", "circled"}}), (Ids{a["id"], c["id"]}));
  EXPECT_EQ(ids({{"camera", "B"}}), Ids{a["id"]});
  EXPECT_EQ(ids({{"flagged", "true"}}), Ids{a["id"]});
  EXPECT_EQ(ids({{"flagged", "false"}}), (Ids{b["id"], c["id"]}));
  EXPECT_EQ(ids({{"scene", "12"}, {"status", "circled"}, {"camera", "A"}}), Ids{a["id"]});
  EXPECT_EQ(ids({{"day", "999"}}), Ids{});
  // Asked again after a change, a listing shows it.
  takes_->update(b["id"], {{"status", "circled"}}, "s");
  EXPECT_EQ(ids({{"status", "circled"}}), all);
  takes_->update(a["id"], {{"flagged", false}}, "s");
  EXPECT_EQ(ids({{"flagged", "true"}}), Ids{});
}

TEST_F(Takes, EachDeviceUndoesItsOwnLastChangesOneAtATime) {
  const auto take = takes_->roll(setup_a_, json::object(), "device/1", today_at(12, 0, 0));
  takes_->cut(take["id"], "device/1", today_at(12, 0, 20));
  takes_->update(take["id"], {{"status", "circled"}}, "device/2");  // the director
  takes_->update(take["id"], {{"notes", "Lovely"}, {"status", "hold"}}, "device/1");

  // device/1's notes and status go back; the director's circle, set before, is what remains.
  EXPECT_EQ(takes_->undo("device/1")["undid"], "marks");
  const auto now = takes_->list(0)[0];
  EXPECT_EQ(now["status"], "circled");
  EXPECT_EQ(now["notes"], "");
  // Then device/1's cut, then its roll.
  EXPECT_EQ(takes_->undo("device/1")["undid"], "cut");
  EXPECT_TRUE(takes_->list(0)[0]["cut_tc"].is_null());
  EXPECT_EQ(takes_->undo("device/1")["undid"], "roll");
  EXPECT_TRUE(takes_->list(0).empty());
  EXPECT_THROW(takes_->undo("device/1"), TakeError);
  EXPECT_THROW(takes_->undo("device/3"), TakeError) << "another device's changes are not its own";
}

}  // namespace
}  // namespace slate::production
