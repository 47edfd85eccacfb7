// Media through the real slated: an offloaded card of real clips is probed on its verified copy;
// its clips, thumbnails and proxies are served; slate probe reads a clip on its own.
#include <gtest/gtest.h>
#include <thread>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::binary;
using testing::run_command;

TEST(DaemonMedia, AnOffloadedCardsClipsHaveTimecodeThumbnailsAndProxies) {
  testing::TempDir dir;
  const auto made = run_command(
      {"/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/make_media_card.py",
       (dir / "card").string(), "--json", "--clips", "2", "--frames", "24", "--size", "320x180",
       "--rate", "29.97df", "--start-tc", "09:59:59;28"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  fs::create_directories(dir / "raid");
  fs::create_directories(dir / "shuttle");
  testing::DaemonUnderTest daemon(
      dir.path(), "[[destinations]]\nname = \"raid\"\npath = \"" + (dir / "raid").string() +
                      "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" +
                      (dir / "shuttle").string() +
                      "\"\n[tether]\nautodetect = false\n[media]\nproxy_width = 320\n"
                      "proxy_height = 180\n");
  const auto card = dir / "card" / fs::directory_iterator(dir / "card")->path().filename();
  const auto offload =
      run_command({binary("slate").string(), "--server", daemon.url(), "--token-file",
                   (daemon.data_dir() / "admin.token").string(), "offload", card.string()});
  ASSERT_EQ(offload.exit_code, 0) << offload.out << offload.err;

  const auto get = [&](const std::string& target) {
    return testing::raw_http(daemon.port(), testing::get_request(target, daemon.token()));
  };
  json clips;
  for (int i = 0; i < 1200; ++i) {
    clips = json::parse(testing::body_of(get("/api/v1/clips?offload=1")));
    if (clips["clips"].size() == 2 && !clips["clips"][1]["proxy"].is_null()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(clips["clips"].size(), 2u) << clips.dump();
  const auto& first = clips["clips"][0];
  EXPECT_EQ(first["start_tc"], "09:59:59;28");
  EXPECT_EQ(first["end_tc"], "10:00:00;21");  // minute 00 of a tenth minute drops nothing
  EXPECT_EQ(first["rate"], "29.97");
  EXPECT_EQ(first["probe"]["frames"], 24);
  EXPECT_EQ(first["probe"]["drop_frame"], true);
  ASSERT_TRUE(first["thumbnail"].is_string()) << clips.dump();
  ASSERT_TRUE(clips["clips"][1]["proxy"].is_string()) << clips.dump();

  const auto thumbnail = get(first["thumbnail"].get<std::string>() + "?width=640");
  EXPECT_EQ(testing::status_of(thumbnail), 200);
  EXPECT_NE(thumbnail.find("Content-Type: image/jpeg"), std::string::npos);
  EXPECT_EQ(testing::body_of(thumbnail).substr(0, 2), std::string("\xff\xd8"));
  const auto proxy = get(clips["clips"][1]["proxy"].get<std::string>());
  EXPECT_EQ(testing::status_of(proxy), 200);
  EXPECT_NE(proxy.find("Content-Type: video/mp4"), std::string::npos);
  EXPECT_EQ(testing::body_of(proxy).substr(4, 4), "ftyp");
  EXPECT_NE(proxy.find("Accept-Ranges: bytes"), std::string::npos);
  // Safari asks for two bytes first, then the rest in ranges. A <video> element sends no
  // Authorization header: the tablet's token comes as its cookie.
  const auto first_bytes = testing::raw_http(
      daemon.port(), "GET " + clips["clips"][1]["proxy"].get<std::string>() +
                         " HTTP/1.1\r\nHost: s\r\nRange: bytes=0-1\r\nCookie: theme=dark; "
                         "slate_token=" +
                         daemon.token() + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(testing::status_of(first_bytes), 206);
  EXPECT_EQ(testing::body_of(first_bytes), testing::body_of(proxy).substr(0, 2));
  EXPECT_NE(first_bytes.find("Content-Range: bytes 0-1/" +
                             std::to_string(testing::body_of(proxy).size())),
            std::string::npos);
  // What tablets code against: the clips match their JSON Schema.
  testing::write_file(dir / "clips.json", clips.dump());
  const auto valid = run_command({"/usr/bin/python3",
                                  std::string(SLATE_SOURCE_DIR) + "/tests/tools/validate_json.py",
                                  std::string(SLATE_SOURCE_DIR) + "/schemas/api/clips.schema.json",
                                  (dir / "clips.json").string()});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  EXPECT_EQ(testing::status_of(get("/api/v1/clips/1/thumbnail?width=99")), 400);
  EXPECT_EQ(testing::status_of(get("/api/v1/clips/999/proxy")), 404);
  EXPECT_EQ(testing::status_of(get("/api/v1/clips/x")), 400);

  // slate probe, locally, says the same of the card's clip.
  const auto file =
      card / fs::path(json::parse(made.out)["clips"][0]["path"].get<std::string>()).filename();
  const auto probed = run_command({binary("slate").string(), "probe", "--json", file.string()});
  ASSERT_EQ(probed.exit_code, 0) << probed.err;
  EXPECT_EQ(json::parse(probed.out)["start_tc"], "09:59:59;28");
  const auto text = run_command({binary("slate").string(), "probe", file.string()});
  EXPECT_NE(text.out.find("timecode 09:59:59;28 to 10:00:00;21"), std::string::npos) << text.out;
  testing::write_file(dir / "notes.mov", "not a movie");
  const auto refused =
      run_command({binary("slate").string(), "probe", (dir / "notes.mov").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("notes.mov"), std::string::npos);
}

}  // namespace
}  // namespace slate
