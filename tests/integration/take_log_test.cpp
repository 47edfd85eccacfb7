// The take log through the real slated, as two tablets and the CLI use it: the number the box
// says it will give is the number it gives, across days; a tablet's slate number is kept and a
// clash shown until renumbered; an undone take keeps its number and refuses a queued mark.
#include <gtest/gtest.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

class TakeLog : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_file(dir_ / "list.csv", "Scene,Setup\n12A,A\n12,AA\n");
    const auto imported = daemon_.slate({"shotlist", "import", (dir_ / "list.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto scenes = get("/api/v1/scenes")["scenes"];
    for (const auto& scene : scenes) {
      setups_[scene["number"].get<std::string>() + "-" +
              scene["setups"][0]["letter"].get<std::string>()] = scene["setups"][0]["id"];
    }
  }
  json get(const std::string& target) {
    return json::parse(testing::body_of(
        testing::raw_http(daemon_.port(), testing::get_request(target, daemon_.token()))));
  }
  std::string send(const std::string& method, const std::string& target, const json& body) {
    const auto text = body.dump();
    return testing::raw_http(daemon_.port(), method + " " + target +
                                                 " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                                 "Authorization: Bearer " +
                                                 daemon_.token() + "\r\nContent-Length: " +
                                                 std::to_string(text.size()) + "\r\n\r\n" + text);
  }
  json roll(const std::string& setup, const json& body = json::object()) {
    const auto answer =
        send("POST", "/api/v1/setups/" + std::to_string(setups_.at(setup)) + "/roll", body);
    EXPECT_EQ(testing::status_of(answer), 200) << answer;
    return json::parse(testing::body_of(answer));
  }
  json cut(const json& take) {
    const auto answer = send(
        "POST", "/api/v1/takes/" + std::to_string(take["id"].get<int>()) + "/cut", json::object());
    EXPECT_EQ(testing::status_of(answer), 200) << answer;
    return json::parse(testing::body_of(answer));
  }
  int next_take(const std::string& setup) {
    const auto scenes = get("/api/v1/scenes")["scenes"];
    for (const auto& scene : scenes) {
      for (const auto& each : scene["setups"]) {
        if (each["id"] == setups_.at(setup)) {
          return each.value("next_take", -1);
        }
      }
    }
    return -1;
  }

  testing::TempDir dir_;
  testing::DaemonUnderTest daemon_{dir_.path(), "[tether]\nautodetect = false\n"};
  std::map<std::string, std::int64_t> setups_;
};

TEST_F(TakeLog, TheNumberTheBoxOffersIsTheNumberItGivesAfterANewDay) {
  for (int i = 0; i < 3; ++i) {
    cut(roll("12A-A"));
  }
  const auto started = daemon_.slate({"day", "new"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  const int offered = next_take("12A-A");
  EXPECT_EQ(offered, 4) << "the tablet would show take 1 after a new day";
  const auto rolled = roll("12A-A");
  EXPECT_EQ(rolled["take"], offered);
  EXPECT_EQ(rolled["name"], "12A-A/4");
  EXPECT_EQ(roll("12-AA")["name"], "12-AA/1") << "scene 12 setup AA never reads like 12A-A";
}

TEST_F(TakeLog, AnOfflineRollKeepsItsNumberAndTheClashShowsUntilRenumbered) {
  cut(roll("12A-A"));
  const auto online = roll("12A-A", {{"number", 2}});
  EXPECT_EQ(testing::status_of(
                send("POST", "/api/v1/setups/" + std::to_string(setups_.at("12A-A")) + "/roll",
                     {{"number", 2}, {"at", "2020-01-01T00:00:00.000Z"}})),
            400)
      << "an `at` over a day old is refused";
  const auto late = roll("12A-A", {{"number", 2}, {"at", online["rolled_at"]}});
  EXPECT_EQ(late["take"], 2) << "renumbered behind the slate's back";
  auto listed = get("/api/v1/takes")["takes"];
  ASSERT_EQ(listed.size(), 3u);
  for (const auto& take : listed) {
    if (take["take"] == 2) {
      EXPECT_EQ(take["clash"].size(), 1u) << take.dump();
    }
  }
  const auto renumbered = send(
      "PUT", "/api/v1/takes/" + std::to_string(late["id"].get<int>()) + "/number", {{"number", 3}});
  ASSERT_EQ(testing::status_of(renumbered), 200) << renumbered;
  EXPECT_EQ(json::parse(testing::body_of(renumbered))["renumbered_from"], 2);
  const auto after = get("/api/v1/takes")["takes"];
  for (const auto& take : after) {
    EXPECT_TRUE(take["clash"].empty()) << take.dump();
  }
  EXPECT_EQ(testing::status_of(
                send("PUT", "/api/v1/takes/" + std::to_string(online["id"].get<int>()) + "/number",
                     {{"number", 3}})),
            409)
      << "3 is in use now";
}

TEST_F(TakeLog, AnUndoneTakeKeepsItsNumberAndAQueuedMarkForItIsRefused) {
  cut(roll("12A-A"));
  const auto undone = roll("12A-A");
  const auto undo = send("POST", "/api/v1/undo", json::object());
  ASSERT_EQ(testing::status_of(undo), 200) << undo;
  const auto said = json::parse(testing::body_of(undo));
  EXPECT_EQ(said["undid"], "roll");
  EXPECT_EQ(said["name"], "12A-A/2");
  EXPECT_NE(said["message"].get<std::string>().find("12A-A/2"), std::string::npos);
  const auto next = roll("12A-A");
  EXPECT_EQ(next["take"], 3);
  EXPECT_NE(next["id"], undone["id"]);
  const auto mark = send("PATCH", "/api/v1/takes/" + std::to_string(undone["id"].get<int>()),
                         {{"status", "circled"}});
  EXPECT_EQ(testing::status_of(mark), 409) << mark;
  EXPECT_NE(mark.find("take_undone"), std::string::npos) << mark;
  EXPECT_NE(mark.find("12A-A/2"), std::string::npos) << mark;
  const auto after = get("/api/v1/takes")["takes"];
  for (const auto& take : after) {
    EXPECT_EQ(take["status"], "none") << "the mark landed on " << take["name"];
  }
  const auto printed = daemon_.slate({"takes"});
  EXPECT_EQ(printed.exit_code, 0);
  EXPECT_EQ(printed.out.find("12A-A/2"), std::string::npos) << "an undone roll is listed";
  EXPECT_NE(printed.out.find("12A-A/3"), std::string::npos) << printed.out;
}

TEST_F(TakeLog, TheCliPrintsEveryMarkAScriptSupervisorWrites) {
  const auto take = roll("12A-A", {{"kind", "pickup"}, {"mos", true}});
  cut(take);
  ASSERT_EQ(
      testing::status_of(send("PATCH", "/api/v1/takes/" + std::to_string(take["id"].get<int>()),
                              {{"status", "circled"}, {"notes", "soft focus"}})),
      200);
  cut(roll("12A-A", {{"kind", "series"}}));
  const auto wild = roll("12A-A", {{"wild", true}});
  const auto printed = daemon_.slate({"takes"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("12A-A/1  PU  MOS  circled"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("\"soft focus\""), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("12A-A/2  SER"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("12A/WT1  WT"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("A: no clip"), std::string::npos) << printed.out;
  EXPECT_EQ(wild["name"], "12A/WT1");
  EXPECT_EQ(
      testing::status_of(send("PATCH", "/api/v1/takes/" + std::to_string(take["id"].get<int>()),
                              {{"wild", true}})),
      400)
      << "wild is chosen at roll";
}

}  // namespace
}  // namespace slate
