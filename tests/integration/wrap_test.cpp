// Wrap through the real slated, as the README's demo runs it: the demo day logged and its card
// offloaded on its own, then `slate export ale` passes Avid's rules with the clips on their takes,
// `slate check` says what is missing, and `slate day new` puts the day's ALE and CSV beside the
// card folders on every destination, a drive plugged in only afterwards included.
#include <fstream>
#include <gtest/gtest.h>

#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/ale.hpp>
#include <slate/testing/ale_lint.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Wrap : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    fs::create_directories(dir_ / "incoming");
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(),
        "[project]\nname = \"Night Run\"\n[tether]\nautodetect = false\n"
        "[cards]\nauto_offload = true\nsettle_seconds = 1\nwatch_folders = [\"" +
            (dir_ / "incoming").string() +
            "\"]\n[[destinations]]\nname = \"raid\"\n"
            "path = \"" +
            (dir_ / "raid").string() + "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" +
            (dir_ / "shuttle").string() + "\"\n");
    ASSERT_EQ(daemon_->slate({"shotlist", "import", SLATE_SOURCE_DIR "/daemon/demo/shotlist.csv"})
                  .exit_code,
              0);
  }
  json get(const std::string& target) {
    return json::parse(testing::body_of(
        testing::raw_http(daemon_->port(), testing::get_request(target, daemon_->token()))));
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(Wrap, TheDemoDaysAleMergesItsCheckSaysWhatIsMissingAndTheDrivesGetItAtWrap) {
  fs::create_directories(dir_ / "data");
  const auto token_file = dir_ / "token";
  testing::write_file(token_file, daemon_->token());
  const auto logged =
      testing::run_command({"/usr/bin/python3", SLATE_SOURCE_DIR "/tests/tools/demo_day.py",
                            daemon_->url(), token_file.string(), (dir_ / "incoming").string()});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  // The card arrives in the watch folder, is offloaded, probed, and its clips find their takes.
  json takes;
  for (int i = 0; i < 900; ++i) {
    takes = get("/api/v1/takes")["takes"];
    if (takes.size() == 2 && takes[0]["clips"].size() == 1 && takes[1]["clips"].size() == 1) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(takes.size(), 2u);
  ASSERT_EQ(takes[1]["clips"].size(), 1u) << daemon_->slate({"cards"}).out;

  const auto exported = daemon_->slate({"export", "ale", "-o", (dir_ / "day1.ale").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto text = read_text(dir_ / "day1.ale");
  EXPECT_EQ(testing::lint_ale(text), std::vector<std::string>{}) << text;
  const auto ale = exports::read_ale(text);
  ASSERT_EQ(ale.rows.size(), 2u) << text;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& row = ale.rows[i];
    EXPECT_EQ(row[*ale.column("Name")], takes[i]["clips"][0]["name"]);
    EXPECT_EQ(row[*ale.column("Scene")], takes[i]["scene"]);
    EXPECT_EQ(row[*ale.column("Take")], "1");
    EXPECT_EQ(row[*ale.column("Setup")], takes[i]["setup"]);
    EXPECT_EQ(row[*ale.column("Start")], takes[i]["clips"][0]["start_tc"]);
    EXPECT_EQ(row[*ale.column("Tracks")], "VA1A2");
    EXPECT_EQ(row[*ale.column("Checksum")].substr(0, 6), "xxh64:");
  }

  // Camera B rolled on the first take and no B card came: the check says so, and exits 1.
  const auto checked = daemon_->slate({"check"});
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  EXPECT_NE(checked.out.find("camera_missing: No clip of camera B is on 12-A/1"), std::string::npos)
      << checked.out;
  const auto day = get("/api/v1/check");
  EXPECT_EQ(day["complete"], false);
  ASSERT_EQ(day["items"].size(), 1u) << day.dump(2);
  EXPECT_EQ(day["items"][0]["kind"], "camera_missing");
  EXPECT_EQ(day["items"][0]["take_id"], takes[0]["id"]);

  // The shuttle drive leaves for the lab before wrap.
  fs::rename(dir_ / "shuttle", dir_ / "shuttle-away");
  // Wrap: the day's ALE and CSV go beside the card folders on the raid, which is there.
  const auto started = daemon_->slate({"day", "new"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  const auto date = get("/api/v1/days")["days"][0]["date"].get<std::string>();
  const auto name = "Night_Run_day01_" + date;
  const auto on_raid = dir_ / "raid" / date / "_slate";
  for (int i = 0; i < 300 && !fs::exists(on_raid / (name + ".csv")); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(fs::exists(on_raid / (name + ".ale")));
  EXPECT_EQ(testing::lint_ale(read_text(on_raid / (name + ".ale"))), std::vector<std::string>{});
  EXPECT_EQ(read_text(on_raid / (name + ".csv")).substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(fs::is_directory(dir_ / "raid" / date / "A002")) << "beside the card folder";
  EXPECT_FALSE(fs::exists(dir_ / "shuttle")) << "nothing is made where a drive is absent";
  // The box has found the shuttle drive absent, and keeps its delivery waiting for it.
  catalogue::CatalogueReader catalogue(daemon_->data_dir() / "catalogue.db");
  std::string waiting;
  for (int i = 0; i < 300 && waiting.empty(); ++i) {
    auto row = catalogue.db().prepare(
        "SELECT reason FROM day_deliveries WHERE folder = ? AND state = 'pending'");
    row.bind(1, (dir_ / "shuttle" / date / "_slate").string());
    waiting = row.step() ? row.column_text(0) : "";
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(waiting.find("is not there"), std::string::npos) << waiting;

  // The shuttle drive is plugged in again after wrap: it gets them too, with no one asking.
  fs::rename(dir_ / "shuttle-away", dir_ / "shuttle");
  const auto on_shuttle = dir_ / "shuttle" / date / "_slate";
  for (int i = 0; i < 600 && !fs::exists(on_shuttle / (name + ".csv")); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(fs::exists(on_shuttle / (name + ".ale")));
  EXPECT_TRUE(fs::exists(on_shuttle / (name + ".csv")));
  // The new day is empty; asking for the old one by id still answers it.
  EXPECT_EQ(get("/api/v1/check")["day"]["number"], 2);
  const auto first = get("/api/v1/check?day=" + day["day"]["id"].dump());
  EXPECT_EQ(first["items"].size(), 1u);
}

}  // namespace
}  // namespace slate
