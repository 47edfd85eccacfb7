// The box's clock through the real slated: what GET /api/v1/timecode says, a jam by hand told to
// every tablet and stamping the next roll, and LTC played in real time: locked, a roll carrying
// its timecode, holdover when it ends, and LTC at another rate refused with why.
#include <gtest/gtest.h>

#include <slate/core/clock.hpp>
#include <slate/ltc/ltc_encoder.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class BoxTimecode : public ::testing::Test {
 protected:
  // A daemon with [timecode] `timecode` and the project at 23.976 (the default).
  void start(const std::string& timecode) {
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(), "[tether]\nautodetect = false\n[timecode]\n" + timecode);
    testing::write_file(dir_ / "list.csv", "Scene,Setup,Cameras\n4,A,A\n");
    ASSERT_EQ(daemon_->slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
    setup_ = get("/api/v1/scenes")["scenes"][0]["setups"][0]["id"].get<std::int64_t>();
  }
  json get(const std::string& target) {
    return json::parse(testing::body_of(
        testing::raw_http(daemon_->port(), testing::get_request(target, daemon_->token()))));
  }
  std::string send(const std::string& method, const std::string& target, const json& body) {
    const auto text = body.dump();
    return testing::raw_http(daemon_->port(), method + " " + target +
                                                  " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                                  "Authorization: Bearer " +
                                                  daemon_->token() + "\r\nContent-Length: " +
                                                  std::to_string(text.size()) + "\r\n\r\n" + text);
  }
  json roll() {
    const auto answer =
        send("POST", "/api/v1/setups/" + std::to_string(setup_) + "/roll", json::object());
    EXPECT_EQ(testing::status_of(answer), 200) << answer;
    return json::parse(testing::body_of(answer));
  }
  // Polls the clock until `done` holds for it (LTC plays in real time), for up to 30 s.
  json until(const std::function<bool(const json&)>& done) {
    json clock;
    for (int i = 0; i < 300; ++i) {
      clock = get("/api/v1/timecode");
      if (done(clock)) {
        break;
      }
      std::this_thread::sleep_for(100ms);
    }
    return clock;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
  std::int64_t setup_ = 0;
};

TEST_F(BoxTimecode, AJamByHandIsToldToEveryTabletAndStampsTheNextRoll) {
  start("jam_at = \"00:00\"\n");  // jammed when the day starts, whatever the hour of the test
  const auto fresh = get("/api/v1/timecode");
  EXPECT_EQ(fresh["source"], "time_of_day");
  EXPECT_EQ(fresh["state"], "free_run");
  ASSERT_TRUE(fresh["jam"].is_object()) << fresh;
  EXPECT_EQ(fresh["jam"]["how"], "time_of_day");
  EXPECT_EQ(fresh["rate"], "23.976");
  EXPECT_EQ(fresh["message"], "");
  EXPECT_EQ(roll()["tc_source"], "time_of_day");

  testing::EventStreamClient tablet(daemon_->port(), std::nullopt, daemon_->token());
  ASSERT_TRUE(tablet.next());  // hello
  const auto jammed = send("POST", "/api/v1/timecode/jam", {{"timecode", "07:00:00:00"}});
  ASSERT_EQ(testing::status_of(jammed), 200) << jammed;
  const auto answer = json::parse(testing::body_of(jammed));
  EXPECT_EQ(answer["jam"]["timecode"], "07:00:00:00");
  EXPECT_EQ(answer["jam"]["how"], "manual");
  EXPECT_EQ(answer["timecode"].get<std::string>().substr(0, 7), "07:00:0");
  std::optional<json> told;
  while (auto message = tablet.next()) {
    if ((*message)["kind"] == "timecode.changed") {
      told = message;
      break;
    }
  }
  ASSERT_TRUE(told) << "the tablets were not told of the jam";
  EXPECT_EQ((*told)["payload"]["jam"]["timecode"], "07:00:00:00");

  const auto take = get("/api/v1/takes")["takes"][0];
  EXPECT_NE(take["roll_tc"].get<std::string>().substr(0, 6), "07:00:")
      << "a jam moved a logged take";
  const auto cut = send("POST", "/api/v1/takes/" + take["id"].dump() + "/cut", json::object());
  ASSERT_EQ(testing::status_of(cut), 200) << cut;
  const auto next = roll();
  EXPECT_EQ(next["roll_tc"].get<std::string>().substr(0, 7), "07:00:0");
  EXPECT_EQ(next["tc_source"], "manual");

  const auto bad = send("POST", "/api/v1/timecode/jam", {{"timecode", "25:00:00:00"}});
  EXPECT_EQ(testing::status_of(bad), 400);
  EXPECT_NE(testing::body_of(bad).find("hours"), std::string::npos) << bad;
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/timecode/jam", {{"clip", "x"}})), 400);

  const auto printed = daemon_->slate({"timecode"});
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("jammed to 07:00:00:00"), std::string::npos) << printed.out;
  const auto by_cli = daemon_->slate({"timecode", "jam", "08:00:00:00"});
  EXPECT_EQ(by_cli.exit_code, 0) << by_cli.err;
  EXPECT_EQ(get("/api/v1/timecode")["jam"]["timecode"], "08:00:00:00");
}

TEST_F(BoxTimecode, ATakeAcrossMidnightAt23976KeepsItsLengthAndACardShotAfterMidnightFindsIt) {
  namespace fs = std::filesystem;
  fs::create_directories(dir_ / "raid");
  fs::create_directories(dir_ / "shuttle");
  start("\n[[destinations]]\nname = \"raid\"\npath = \"" + (dir_ / "raid").string() +
        "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" + (dir_ / "shuttle").string() +
        "\"\n");
  // The cameras were jammed so that half a minute ago it was midnight: a take rolled a minute
  // ago and cut now runs across it.
  ASSERT_EQ(testing::status_of(send("POST", "/api/v1/timecode/jam", {{"timecode", "00:00:30:00"}})),
            200);
  const auto now = std::chrono::system_clock::now();
  const auto rolled = send("POST", "/api/v1/setups/" + std::to_string(setup_) + "/roll",
                           {{"at", core::utc_text_ms(now - 60s)}});
  ASSERT_EQ(testing::status_of(rolled), 200) << rolled;
  const auto take = json::parse(testing::body_of(rolled));
  EXPECT_EQ(take["roll_tc"].get<std::string>().substr(0, 8), "23:59:30") << take;
  const auto cut = json::parse(testing::body_of(send(
      "POST", "/api/v1/takes/" + take["id"].dump() + "/cut", {{"at", core::utc_text_ms(now)}})));
  EXPECT_EQ(cut["cut_tc"].get<std::string>().substr(0, 8), "00:00:30") << cut;

  // Camera A's card, shot on that clock: one clip starting five seconds after midnight.
  const auto made = testing::run_command(
      {"/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/make_media_card.py",
       (dir_ / "card").string(), "--layout", "arri", "--roll", "A001", "--clips", "1", "--frames",
       "48", "--size", "320x180", "--rate", "23.976", "--start-tc", "00:00:05:00"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto card = dir_ / "card" / fs::directory_iterator(dir_ / "card")->path().filename();
  const auto offload = daemon_->slate({"offload", card.string()});
  ASSERT_EQ(offload.exit_code, 0) << offload.out << offload.err;
  json clips;
  for (int i = 0; i < 600 && clips.empty(); ++i) {
    clips = get("/api/v1/takes/" + take["id"].dump())["clips"];
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(clips.size(), 1u) << get("/api/v1/unmatched-clips");
  EXPECT_EQ(clips[0]["start_tc"], "00:00:05:00");
}

TEST_F(BoxTimecode, LtcLocksARollCarriesItsTimecodeAndItHoldsOverWhenItEnds) {
  // Eight seconds of 23.976 LTC from 10:00:00:00, half a second of silence first: room for a
  // loaded machine to see it locked before it ends.
  ltc::LtcSignal signal;
  signal.start = core::Timecode::parse("10:00:00:00", core::FrameRate::fps23_976);
  signal.frames = 192;
  signal.silence_before_seconds = 0.5;
  ltc::write_ltc_wav(dir_ / "ltc.wav", signal);
  start("source = \"ltc\"\nltc_input = \"file:" + (dir_ / "ltc.wav").string() + "\"\n");
  const auto locked = until([](const json& clock) { return clock["state"] == "locked"; });
  ASSERT_EQ(locked["state"], "locked") << locked;
  EXPECT_EQ(locked["source"], "ltc");
  EXPECT_EQ(locked["ltc"]["rate"], "23.976");
  const auto rolled = roll();
  EXPECT_EQ(rolled["roll_tc"].get<std::string>().substr(0, 7), "10:00:0") << rolled;
  EXPECT_EQ(rolled["tc_source"], "ltc");
  const auto held = until([](const json& clock) { return clock["state"] == "holdover"; });
  ASSERT_EQ(held["state"], "holdover") << held;
  EXPECT_TRUE(held["holdover_since"].is_string());
  EXPECT_NE(held["message"].get<std::string>().find("stopped"), std::string::npos);
  // Holdover keeps counting: a while later it reads on past the end of the signal.
  std::this_thread::sleep_for(1s);
  EXPECT_GT(get("/api/v1/timecode")["frames"].get<std::int64_t>(),
            held["frames"].get<std::int64_t>());
}

TEST_F(BoxTimecode, LtcAtAnotherRateIsRefusedWithWhy) {
  ltc::LtcSignal signal;
  signal.start = core::Timecode::parse("10:00:00:00", core::FrameRate::fps24);
  signal.frames = 96;
  ltc::write_ltc_wav(dir_ / "ltc24.wav", signal);
  start("source = \"ltc\"\nltc_input = \"file:" + (dir_ / "ltc24.wav").string() + "\"\n");
  const auto refused = until([](const json& clock) { return clock["state"] == "refused"; });
  ASSERT_EQ(refused["state"], "refused") << refused;
  EXPECT_NE(refused["message"].get<std::string>().find("24 fps"), std::string::npos) << refused;
  EXPECT_EQ(roll()["tc_source"], "time_of_day") << "refused LTC stamped a take";
}

}  // namespace
}  // namespace slate
