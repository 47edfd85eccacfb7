// The shot list grown on set and the shooting days, in a real catalogue and through the typed
// production core (no HTTP): a scene added between takes can be rolled at once, setups are lettered
// on, a new day becomes the current one, and the numbers the box will give come from every take
// a setup or scene ever had.
#include <chrono>
#include <gtest/gtest.h>
#include <set>

#include <slate/core/clock.hpp>
#include <slate/production/production_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using namespace std::chrono_literals;

// The store's requests, spelled as a test needs them.
NewScene numbered(std::string number, std::string location = {}) {
  NewScene scene;
  scene.number = std::move(number);
  scene.location = std::move(location);
  return scene;
}
NewSetup lettered(std::string letter, std::vector<std::string> cameras = {}) {
  NewSetup setup;
  setup.letter = std::move(letter);
  setup.cameras = std::move(cameras);
  return setup;
}
NewDay dated(std::string date, Unit unit = Unit::main) {
  NewDay day;
  day.date = std::move(date);
  day.unit = unit;
  return day;
}
ProjectChange renamed(std::string name) {
  ProjectChange change;
  change.name = std::move(name);
  return change;
}
ProjectChange at_rate(core::FrameRate fps) {
  ProjectChange change;
  change.fps = fps;
  return change;
}
ProjectChange with_cameras(std::vector<std::string> cameras) {
  ProjectChange change;
  change.cameras = std::move(cameras);
  return change;
}

class OnSet : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    store_ = std::make_unique<ProductionStore>(*catalogue_);
    store_->ensure_current({"Night Run", "25"}, "2026-11-27", day_one_);
  }
  std::vector<std::string> kinds() {
    std::vector<std::string> list;
    for (const auto& event : catalogue_->reader()->events_after(0, 100)) {
      list.push_back(event.kind);
    }
    return list;
  }
  template <class T>
  static std::optional<Refusal::Kind> refusal_of(const Outcome<T>& outcome) {
    return outcome ? std::nullopt : std::optional(outcome.error().kind);
  }
  std::vector<std::string> scene_numbers() {
    std::vector<std::string> order;
    for (const auto& scene : store_->scenes()) {
      order.push_back(scene.number.text);
    }
    return order;
  }
  const Scene& scene(const std::vector<Scene>& scenes, const std::string& number) {
    for (const auto& scene : scenes) {
      if (scene.number.text == number) {
        return scene;
      }
    }
    ADD_FAILURE() << "no scene " << number;
    static const Scene none;
    return none;
  }
  // A take row as the take log writes one: numbers are per setup; wild tracks are flagged.
  void log_take(std::int64_t setup, std::int64_t day, int number, bool wild) {
    catalogue_->write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "INSERT INTO takes (setup_id, day_id, number, wild, rate, rolled_at, roll_tc) VALUES "
              "(?, ?, ?, ?, '25', '2026-11-27T10:00:00.000Z', '10:00:00:00')")
          .bind(1, setup)
          .bind(2, day)
          .bind(3, std::int64_t{number})
          .bind(4, std::int64_t{wild ? 1 : 0})
          .run();
    });
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<ProductionStore> store_;
  // 2026-11-27 07:30:00.250 UTC.
  std::chrono::system_clock::time_point day_one_ =
      std::chrono::sys_days(std::chrono::year(2026) / 11 / 27) + 7h + 30min + 250ms;
};

TEST_F(OnSet, ANewSceneComesWithSetupAAndTakesItsPlaceInScriptOrder) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n12,A\n13,A\n", false, "t")->applied);
  const auto added = store_->add_scene(numbered("12a", "Roof"), "device/3");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->number.text, "12A");
  EXPECT_EQ(added->location, "Roof");
  ASSERT_EQ(added->setups.size(), 1u);
  EXPECT_EQ(added->setups[0].letter, "A");
  EXPECT_EQ(added->setups[0].next_take, 1);
  EXPECT_EQ(added->next_wild, 1);
  EXPECT_EQ(scene_numbers(), (std::vector<std::string>{"12", "12A", "13"}));
  EXPECT_EQ(kinds().back(), "scene.added");

  EXPECT_EQ(refusal_of(store_->add_scene(numbered("12A"), "t")), Refusal::Kind::conflict);
  EXPECT_EQ(refusal_of(store_->add_scene(numbered("twelve"), "t")), Refusal::Kind::invalid);
  EXPECT_EQ(refusal_of(store_->add_scene(numbered(""), "t")), Refusal::Kind::invalid);
  EXPECT_EQ(refusal_of(store_->add_scene(numbered("14", std::string(201, 'x')), "t")),
            Refusal::Kind::invalid);
  EXPECT_EQ(store_->scenes().size(), 3u) << "a refused scene changed the shot list";
}

TEST_F(OnSet, SetupsAreLetteredOnSkippingIAndO) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n5,A\n5,H\n", false, "t")->applied);
  const auto scene = store_->scenes()[0].id;
  EXPECT_EQ(store_->add_setup(scene, {}, "t")->setup.letter, "J");
  const auto named = store_->add_setup(scene, lettered("p", {"A", "b"}), "t");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->setup.letter, "P");
  EXPECT_EQ(named->setup.cameras, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(named->scene, "5");
  EXPECT_EQ(named->scene_id, scene);
  EXPECT_EQ(store_->add_setup(scene, {}, "t")->setup.letter, "Q");
  EXPECT_EQ(refusal_of(store_->add_setup(scene, lettered("O"), "t")), Refusal::Kind::invalid);
  EXPECT_EQ(refusal_of(store_->add_setup(scene, lettered("J"), "t")), Refusal::Kind::conflict);
  EXPECT_EQ(refusal_of(store_->add_setup(999, {}, "t")), Refusal::Kind::not_found);
  EXPECT_EQ(refusal_of(store_->add_setup(scene, lettered("", {"A1"}), "t")),
            Refusal::Kind::invalid);
  EXPECT_EQ(store_->scenes()[0].setups.size(), 5u);
  EXPECT_EQ(kinds().back(), "setup.added");
}

TEST_F(OnSet, ANewDayIsNumberedPerUnitStartsNowAndBecomesCurrent) {
  const auto first_day = store_->current()->day;
  ASSERT_TRUE(first_day);
  EXPECT_EQ(first_day->started_at, "2026-11-27T07:30:00.250Z");

  const auto next_morning = day_one_ + 24h + 5ms;
  const auto second = store_->add_day(dated("2026-11-28"), "cli", next_morning);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->number, 2);
  EXPECT_EQ(second->started_at, "2026-11-28T07:30:00.255Z");
  EXPECT_EQ(store_->current()->day->id, second->id);
  EXPECT_EQ(store_->current()->day->started_at, second->started_at);
  const auto splinter = store_->add_day(dated("2026-11-28", Unit::splinter), "cli", next_morning);
  EXPECT_EQ(splinter->number, 1);
  EXPECT_EQ(store_->current()->day->unit, Unit::splinter);
  const auto first = store_->days()[0].id;
  EXPECT_EQ(store_->set_current_day(first, "cli")->number, 1);
  EXPECT_EQ(store_->current()->day->date, "2026-11-27");
  const auto days = store_->days();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_TRUE(days[0].current);
  EXPECT_FALSE(days[1].current);
  EXPECT_EQ(days[1].started_at, "2026-11-28T07:30:00.255Z");
  EXPECT_EQ(kinds().back(), "day.current");

  EXPECT_EQ(refusal_of(store_->add_day(dated("28/11/2026"), "cli")), Refusal::Kind::invalid);
  EXPECT_EQ(refusal_of(store_->set_current_day(999, "cli")), Refusal::Kind::not_found);
  EXPECT_EQ(store_->days().size(), 3u);
  EXPECT_EQ(store_->add_day({}, "cli")->date, local_date_today());
}

TEST_F(OnSet, DaysFromBeforeStartTimesStartAtMidnightOfTheirDate) {
  // A catalogue migrated from before 0012 has no start times; the migration fills them so.
  catalogue_->write([](catalogue::Transaction& tx) {
    tx.db().exec("UPDATE shooting_days SET started_at = NULL");
  });
  EXPECT_EQ(store_->days()[0].started_at, "2026-11-27T00:00:00.000Z");
}

TEST_F(OnSet, NextTakeFollowsEveryPictureTakeOfTheSetupOnEveryDay) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n12,A\n12,B\n13,A\n", false, "t")->applied);
  auto scenes = store_->scenes();
  const auto twelve_a = scene(scenes, "12").setups[0].id;
  const auto twelve_b = scene(scenes, "12").setups[1].id;
  const auto day1 = store_->current()->day->id;
  log_take(twelve_a, day1, 1, false);
  log_take(twelve_a, day1, 2, false);
  const auto day2 = store_->add_day(dated("2026-11-28"), "cli", day_one_ + 24h)->id;
  // Numbers need not be dense: take 5 was slated after 3 and 4 were undone and kept.
  log_take(twelve_a, day2, 5, false);
  // Wild tracks are numbered per scene, on their own: they do not move the setups' numbers.
  log_take(twelve_b, day2, 1, true);
  log_take(twelve_b, day2, 2, true);

  scenes = store_->scenes();
  const auto& twelve = scene(scenes, "12");
  EXPECT_EQ(twelve.setups[0].next_take, 6) << "the next take is counted over every day";
  EXPECT_EQ(twelve.setups[1].next_take, 1) << "wild tracks counted as picture takes";
  EXPECT_EQ(twelve.next_wild, 3);
  EXPECT_EQ(scene(scenes, "13").setups[0].next_take, 1);
  EXPECT_EQ(scene(scenes, "13").next_wild, 1);
  // What a tablet is given with a new scene is counted the same way.
  const auto added = store_->add_scene(numbered("14"), "t");
  EXPECT_EQ(added->setups[0].next_take, 1);
}

TEST_F(OnSet, ADryRunCountsTheChangesAndRollsThemBack) {
  ASSERT_TRUE(
      store_->import_shot_list("Scene,Setup,Description\n12,A,Wide\n", false, "t")->applied);
  const auto events_before = kinds().size();
  const std::string csv = "Scene,Setup,Description\n12,A,Wider\n12,B,Close\n13,A,Two shot\n";
  const auto dry = store_->import_shot_list(csv, true, "t");
  ASSERT_TRUE(dry);
  EXPECT_FALSE(dry->applied);
  EXPECT_EQ(dry->scenes_added, 1);
  EXPECT_EQ(dry->setups_added, 2);
  EXPECT_EQ(dry->setups_updated, 1);
  EXPECT_EQ(scene_numbers(), (std::vector<std::string>{"12"})) << "a dry run changed the list";
  EXPECT_EQ(store_->scenes()[0].setups[0].description, "Wide");
  EXPECT_EQ(kinds().size(), events_before) << "a dry run logged an event";

  const auto real = store_->import_shot_list(csv, false, "t");
  ASSERT_TRUE(real);
  EXPECT_TRUE(real->applied);
  EXPECT_EQ(real->scenes_added, dry->scenes_added);
  EXPECT_EQ(real->setups_added, dry->setups_added);
  EXPECT_EQ(real->setups_updated, dry->setups_updated);
  EXPECT_EQ(scene_numbers(), (std::vector<std::string>{"12", "13"}));
  EXPECT_EQ(kinds().back(), "shotlist.imported");

  const auto broken = store_->import_shot_list("Scene,Pages\n15,9/8\n", false, "t");
  ASSERT_TRUE(broken);
  EXPECT_FALSE(broken->applied);
  ASSERT_EQ(broken->errors.size(), 1u);
  EXPECT_EQ(broken->errors[0].column, "pages");
  EXPECT_EQ(scene_numbers(), (std::vector<std::string>{"12", "13"}));
}

// Every scene form the import read before there was one grammar, listed from the import's old
// rules (up to 3 letters, up to 6 digits, then up to 3 letters or PT and up to 3 digits; OMIT or
// OMITTED as a word before or after): each still imports, and POST /api/v1/scenes takes it too.
TEST_F(OnSet, EverySceneFormTheImportAcceptedIsAcceptedByImportAndAddSceneAlike) {
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"12", "12"},           {"012", "12"},        {"7 ", "7"},
      {"12A", "12A"},         {"12a", "12A"},       {"12AB", "12AB"},
      {"12ABC", "12ABC"},     {"A12", "A12"},       {"AB12", "AB12"},
      {"abc12", "ABC12"},     {"A12B", "A12B"},     {"ABC123456XYZ", "ABC123456XYZ"},
      {"12PT2", "12PT2"},     {"12pt2", "12PT2"},   {"12PT0", "12PT0"},
      {"12PT999", "12PT999"}, {"A12PT3", "A12PT3"}, {"999999", "999999"},
      {"OMIT 14", "14"},      {"OMITTED 15", "15"}, {"16 OMIT", "16"},
      {"17 OMITTED", "17"},   {"omit 18", "18"},    {"OMIT\t19", "19"},
      {"OMITTED  20A", "20A"}};
  std::set<std::string> added_before;
  for (const auto& [form, normalised] : forms) {
    const auto parse = parse_shot_list("Scene\n" + form + "\n");
    ASSERT_TRUE(parse.errors.empty()) << form << ": " << parse.errors[0].to_string();
    EXPECT_EQ(parse.rows[0].scene, normalised) << form;
    const auto added = store_->add_scene(numbered(form), "t");
    if (!added_before.insert(normalised).second) {
      // "12a" after "12A", "012" after "12": the API reads them as the scene already there.
      ASSERT_FALSE(added) << form;
      EXPECT_EQ(added.error().kind, Refusal::Kind::conflict) << form;
      continue;
    }
    ASSERT_TRUE(added) << form << ": " << added.error().message;
    EXPECT_EQ(added->number.text, normalised) << form;
    EXPECT_EQ(added->omitted, form.find_first_of("Oo") != std::string::npos) << form;
    // The import finds the scene the API added: one grammar, one normalised number.
    const auto again = store_->import_shot_list("Scene\n" + form + "\n", false, "t");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->scenes_added, 0) << form;
  }
}

// The one form the import took and the one grammar refuses: a part marker with no part number.
TEST_F(OnSet, APartWithoutItsNumberIsRefusedByImportAndAddSceneAlike) {
  for (const std::string form : {"12PT", "12pt", "A12PT", "OMIT 12PT"}) {
    const auto parse = parse_shot_list("Scene\n" + form + "\n");
    ASSERT_EQ(parse.errors.size(), 1u) << form;
    EXPECT_NE(parse.errors[0].reason.find("a part is written with its number, like 12PT2"),
              std::string::npos)
        << parse.errors[0].reason;
    const auto added = store_->add_scene(numbered(form), "t");
    ASSERT_FALSE(added) << form;
    EXPECT_EQ(added.error().message, parse.errors[0].reason);
  }
}

TEST_F(OnSet, CamerasAreCheckedOnceForImportSetupsAndTheProject) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup,Cameras\n12,A,a+b\n", false, "t")->applied);
  const auto scene = store_->scenes()[0].id;
  const auto added = store_->add_setup(scene, lettered("", {"a", "B"}), "t");
  EXPECT_EQ(store_->scenes()[0].setups[0].cameras, added->setup.cameras);

  const auto changed = store_->update_project(with_cameras({"c", "A", "C"}), "cli");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->project.cameras, (std::vector<std::string>{"C", "A"}));
  EXPECT_EQ(store_->current()->project.cameras, (std::vector<std::string>{"C", "A"}));
  for (const std::vector<std::string>& wrong :
       {std::vector<std::string>{}, {"CAM1"}, {"A", "1"}, {""}}) {
    EXPECT_EQ(refusal_of(store_->update_project(with_cameras(wrong), "cli")),
              Refusal::Kind::invalid);
  }
  EXPECT_EQ(store_->current()->project.cameras, (std::vector<std::string>{"C", "A"}));
}

TEST_F(OnSet, TheProjectIsRenamedAndItsRateChangesOnlyWithoutTakesAtTheOldRate) {
  const auto changed = store_->update_project(renamed("Night Run II"), "cli");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->project.name, "Night Run II");
  EXPECT_EQ(changed->project.fps, core::FrameRate::fps25);
  EXPECT_EQ(kinds().back(), "project.updated");
  EXPECT_EQ(refusal_of(store_->update_project(renamed(""), "cli")), Refusal::Kind::invalid);
  EXPECT_EQ(refusal_of(store_->update_project({}, "cli")), Refusal::Kind::invalid);

  EXPECT_EQ(store_->update_project(at_rate(core::FrameRate::fps24), "cli")->project.fps,
            core::FrameRate::fps24);
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n12,A\n", false, "t")->applied);
  // A take logged at 25 while the project was at 25 keeps its rate: the project cannot move off it.
  log_take(store_->scenes()[0].setups[0].id, store_->current()->day->id, 1, false);
  EXPECT_EQ(refusal_of(store_->update_project(at_rate(core::FrameRate::fps30), "cli")),
            Refusal::Kind::conflict);
  EXPECT_EQ(store_->current()->project.fps, core::FrameRate::fps24);
}

}  // namespace
}  // namespace slate::production
