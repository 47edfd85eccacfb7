// The shot list grown on set and the shooting days, in a real catalogue: a scene added between
// takes can be rolled at once, setups are lettered on, and a new day becomes the current one.
#include <gtest/gtest.h>

#include <slate/production/production_store.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::production {
namespace {

using nlohmann::json;

class OnSet : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    store_ = std::make_unique<ProductionStore>(*catalogue_);
    store_->ensure_current({"Night Run", "25"}, "2026-11-27");
  }
  std::vector<std::string> kinds() {
    std::vector<std::string> list;
    for (const auto& event : catalogue_->reader()->events_after(0, 100)) {
      list.push_back(event.kind);
    }
    return list;
  }
  unsigned status_of(const std::function<void()>& change) {
    try {
      change();
    } catch (const ProductionError& error) {
      return error.status();
    }
    return 0;
  }

  testing::TempDir dir_;
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<ProductionStore> store_;
};

TEST_F(OnSet, ANewSceneComesWithSetupAAndTakesItsPlaceInScriptOrder) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n12,A\n13,A\n", false, "t").applied);
  const auto added = store_->add_scene({{"number", "12a"}, {"location", "Roof"}}, "device/3");
  EXPECT_EQ(added["number"], "12A");
  EXPECT_EQ(added["location"], "Roof");
  ASSERT_EQ(added["setups"].size(), 1u);
  EXPECT_EQ(added["setups"][0]["letter"], "A");
  std::vector<std::string> order;
  for (const auto& scene : store_->scenes()) {
    order.push_back(scene["number"]);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"12", "12A", "13"}));
  EXPECT_EQ(kinds().back(), "scene.added");

  EXPECT_EQ(status_of([&] { store_->add_scene({{"number", "12A"}}, "t"); }), 409u);
  EXPECT_EQ(status_of([&] { store_->add_scene({{"number", "twelve"}}, "t"); }), 400u);
  EXPECT_EQ(status_of([&] { store_->add_scene({{"number", 12}}, "t"); }), 400u);
  EXPECT_EQ(status_of([&] { store_->add_scene(json::array(), "t"); }), 400u);
  EXPECT_EQ(store_->scenes().size(), 3u) << "a refused scene changed the shot list";
}

TEST_F(OnSet, SetupsAreLetteredOnSkippingIAndO) {
  ASSERT_TRUE(store_->import_shot_list("Scene,Setup\n5,A\n5,H\n", false, "t").applied);
  const auto scene = store_->scenes()[0]["id"].get<std::int64_t>();
  EXPECT_EQ(store_->add_setup(scene, json::object(), "t")["letter"], "J");
  const auto named = store_->add_setup(scene, {{"letter", "p"}, {"cameras", {"A", "B"}}}, "t");
  EXPECT_EQ(named["letter"], "P");
  EXPECT_EQ(named["cameras"], json({"A", "B"}));
  EXPECT_EQ(store_->add_setup(scene, json::object(), "t")["letter"], "Q");
  EXPECT_EQ(status_of([&] { store_->add_setup(scene, {{"letter", "O"}}, "t"); }), 400u);
  EXPECT_EQ(status_of([&] { store_->add_setup(scene, {{"letter", "J"}}, "t"); }), 409u);
  EXPECT_EQ(status_of([&] { store_->add_setup(999, json::object(), "t"); }), 404u);
  EXPECT_EQ(status_of([&] { store_->add_setup(scene, {{"cameras", "A"}}, "t"); }), 400u);
  EXPECT_EQ(store_->scenes()[0]["setups"].size(), 5u);
}

TEST_F(OnSet, ANewDayIsNumberedPerUnitAndBecomesCurrent) {
  const auto second = store_->add_day({{"date", "2026-11-28"}}, "cli");
  EXPECT_EQ(second["number"], 2);
  EXPECT_EQ(store_->current()["day"]["id"], second["id"]);
  const auto splinter = store_->add_day({{"date", "2026-11-28"}, {"unit", "splinter"}}, "cli");
  EXPECT_EQ(splinter["number"], 1);
  EXPECT_EQ(store_->current()["day"]["unit"], "splinter");
  const auto first = store_->days()[0]["id"].get<std::int64_t>();
  EXPECT_EQ(store_->set_current_day(first, "cli")["number"], 1);
  EXPECT_EQ(store_->current()["day"]["date"], "2026-11-27");
  const auto days = store_->days();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_TRUE(days[0]["current"]);
  EXPECT_FALSE(days[1]["current"]);
  EXPECT_EQ(kinds().back(), "day.current");

  EXPECT_EQ(status_of([&] { store_->add_day({{"date", "28/11/2026"}}, "cli"); }), 400u);
  EXPECT_EQ(status_of([&] { store_->add_day({{"unit", "third"}}, "cli"); }), 400u);
  EXPECT_EQ(status_of([&] { store_->set_current_day(999, "cli"); }), 404u);
  EXPECT_EQ(store_->days().size(), 3u);
  EXPECT_EQ(store_->add_day(json::object(), "cli")["date"], local_date_today());
}

}  // namespace
}  // namespace slate::production
