// Cards and tethered cameras through the real slated: a folder dropped into a watch folder is
// offloaded on its own and shown safe; libgphoto2's own "Directory Browse" driver on a disk: port
// stands in for a camera, its files downloaded into the verified pipeline.
#include <gtest/gtest.h>
#include <random>
#include <signal.h>
#include <thread>

#include <slate/testing/net.hpp>
#include <slate/testing/polling.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::binary;
using testing::pseudo_random;
using testing::read_file;
using testing::run_command;
using testing::write_file;

// Every .mhl file under `folder`, as one text.
std::string manifests_under(const fs::path& folder) {
  std::string text;
  if (fs::exists(folder)) {
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      if (entry.path().extension() == ".mhl") {
        text += read_file(entry.path());
      }
    }
  }
  return text;
}

std::string xxh64_of(const fs::path& file) {
  const auto result = run_command({"/usr/bin/xxhsum", "-H1", file.string()});
  return result.out.substr(0, result.out.find(' '));
}

class Devices : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    fs::create_directories(dir_ / "incoming");
    fs::create_directories(dir_ / "camera/DCIM/100TEST");
  }
  std::string config() const {
    return "[[destinations]]\nname = \"raid\"\npath = \"" + (dir_ / "raid").string() +
           "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" + (dir_ / "shuttle").string() +
           "\"\n[offload]\npath_template = \"{roll}\"\n"
           "[cards]\nauto_offload = true\nsettle_seconds = 0\nmount_roots = []\n"
           "watch_folders = [\"" +
           (dir_ / "incoming").string() +
           "\"]\n[tether]\nautodetect = false\npoll_seconds = 0.2\nbatch_gap = 0\n"
           "[[cameras]]\nmodel = \"Directory Browse\"\nport = \"disk:" +
           (dir_ / "camera").string() + "\"\nroll = \"STILLS\"\n";
  }
  void start() { daemon_ = std::make_unique<testing::DaemonUnderTest>(dir_.path(), config()); }
  json get(const std::string& target) { return testing::get_json(*daemon_, target); }
  testing::CommandResult slate(const std::vector<std::string>& args) {
    return daemon_->slate(args);
  }
  // Asks until `done` holds: a stuck daemon fails the test, never hangs it.
  template <class Check>
  json wait_for(const std::string& target, Check done) {
    return testing::wait_for_json(*daemon_, target, done, std::chrono::minutes(1));
  }
  std::vector<json> events() {
    testing::EventStreamClient stream(daemon_->port(), 0, daemon_->token());
    std::vector<json> all;
    while (auto message = stream.next(std::chrono::milliseconds(300))) {
      all.push_back(*message);
    }
    return all;
  }
  static bool all_offloads_ended_safe(const json& list, std::size_t count) {
    std::size_t safe = 0;
    for (const auto& offload : list["offloads"]) {
      safe += offload.value("verdict", json()).is_string() && offload["verdict"] == "safe";
    }
    return list["offloads"].size() == count && safe == count;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(Devices, AFolderDroppedIntoTheWatchFolderIsClassifiedOffloadedAndShownSafe) {
  start();
  // Copied in by a card-reader station: the monitor waits until it stops changing.
  const auto card = dir_ / "incoming/A002R2EC";
  for (int i = 1; i <= 3; ++i) {
    write_file(card / ("A002C00" + std::to_string(i) + "_141024_R2EC.mov"),
               pseudo_random(300'000, static_cast<std::uint32_t>(i)));
  }
  write_file(card / "A002R2EC.ale", "Heading\n");

  const auto cards = wait_for("/api/v1/cards", [](const json& answer) {
    return answer["cards"].size() == 1 && answer["cards"][0]["offload"].is_object() &&
           answer["cards"][0]["offload"]["verdict"] == "safe";
  });
  const auto& found = cards["cards"][0];
  EXPECT_EQ(found["path"], card.string());
  EXPECT_EQ(found["kind"], "folder");
  EXPECT_EQ(found["layout"], "arri");
  EXPECT_EQ(found["roll"], "A002");
  EXPECT_EQ(found["files"], 4);
  EXPECT_EQ(found["clips"], 4);
  for (const auto* drive : {"raid", "shuttle"}) {
    EXPECT_EQ(read_file(dir_ / drive / "A002/A002C002_141024_R2EC.mov"),
              read_file(card / "A002C002_141024_R2EC.mov"));
  }
  const auto offload = get("/api/v1/offloads/" + std::to_string(found["offload"]["id"].get<int>()));
  EXPECT_EQ(offload["roll"], "A002");
  ASSERT_EQ(offload["clips"].size(), 4u);
  EXPECT_EQ(offload["clips"][1]["name"], "A002C002_141024_R2EC");
  EXPECT_EQ(offload["clips"][1]["reel"], "A002");
  EXPECT_EQ(offload["clips"][1]["date"], "2014-10-24");

  const auto listed = slate({"cards"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("arri, roll A002"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("SAFE TO FORMAT"), std::string::npos) << listed.out;

  fs::remove_all(card);
  wait_for("/api/v1/cards", [](const json& answer) { return answer["cards"].empty(); });
  // The removal is recorded just after the card leaves the list.
  std::vector<std::string> kinds;
  for (int attempt = 0; attempt < 50 && kinds.size() < 3; ++attempt) {
    kinds.clear();
    for (const auto& event : events()) {
      if (event.value("kind", "").starts_with("card.")) {
        kinds.push_back(event["kind"]);
        if (event["kind"] == "card.inserted") {
          EXPECT_EQ(event["payload"]["layout"], "arri");
          EXPECT_EQ(event["payload"]["roll"], "A002");
          EXPECT_EQ(event["payload"]["files"], 4);
        }
      }
    }
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"card.inserted", "card.safe", "card.removed"}));
}

TEST_F(Devices, ADirectoryBrowseCameraIsListedDownloadedVerifiedAndWatched) {
  const auto shots = dir_ / "camera/DCIM/100TEST";
  write_file(shots / "IMG_0001.JPG", pseudo_random(200'000, 1));
  write_file(shots / "IMG_0002.CR3", pseudo_random(500'000, 2));
  start();

  // Both shots on the camera are taken, offloaded to both drives and verified.
  auto cameras = wait_for("/api/v1/cameras", [](const json& answer) {
    // Taken at connection; polled from the first wait for an event, which the driver refuses.
    return answer["cameras"].size() == 1 && answer["cameras"][0]["files_taken"] == 2 &&
           answer["cameras"][0]["polled"] == true;
  });
  const auto& camera = cameras["cameras"][0];
  EXPECT_EQ(camera["model"], "Directory Browse");
  EXPECT_TRUE(camera["connected"].get<bool>());
  EXPECT_EQ(camera["roll"], "STILLS");
  wait_for("/api/v1/offloads", [](const json& list) { return all_offloads_ended_safe(list, 2); });
  for (const auto* name : {"IMG_0001.JPG", "IMG_0002.CR3"}) {
    for (const auto* drive : {"raid", "shuttle"}) {
      const auto copy = dir_ / drive / "STILLS/DCIM/100TEST" / name;
      EXPECT_EQ(read_file(copy), read_file(shots / name)) << copy;
      EXPECT_NE(manifests_under(dir_ / drive / "STILLS").find(xxh64_of(shots / name)),
                std::string::npos)
          << "the ASC MHL of " << drive << " lacks the xxh64 of " << name;
    }
  }
  EXPECT_EQ(
      run_command({binary("slate").string(), "verify", (dir_ / "raid/STILLS").string()}).exit_code,
      0);

  // A shot made while slated runs is picked up at the next listing.
  write_file(dir_ / "camera/DCIM/101TEST/IMG_0003.JPG", pseudo_random(100'000, 3));
  wait_for("/api/v1/offloads", [](const json& list) { return all_offloads_ended_safe(list, 3); });
  EXPECT_EQ(read_file(dir_ / "shuttle/STILLS/DCIM/101TEST/IMG_0003.JPG"),
            read_file(dir_ / "camera/DCIM/101TEST/IMG_0003.JPG"));
  // Staged copies go once they are safe on the drives.
  wait_for("/api/v1/status", [&](const json&) {
    return !fs::exists(daemon_->data_dir() / "tether") ||
           fs::recursive_directory_iterator(daemon_->data_dir() / "tether") ==
               fs::recursive_directory_iterator() ||
           std::none_of(fs::recursive_directory_iterator(daemon_->data_dir() / "tether"),
                        fs::recursive_directory_iterator(),
                        [](const fs::directory_entry& e) { return e.is_regular_file(); });
  });

  const auto listed = slate({"cameras"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("roll STILLS, 3 files taken"), std::string::npos) << listed.out;
  std::size_t added = 0;
  for (const auto& event : events()) {
    added += event.value("kind", "") == "camera.file_added";
    if (event.value("kind", "") == "camera.file_added" &&
        event["payload"]["path"] == "/DCIM/101TEST/IMG_0003.JPG") {
      EXPECT_EQ(event["payload"]["size"], 100'000);
      EXPECT_TRUE(event["payload"]["offload"].is_number());
    }
  }
  EXPECT_EQ(added, 3u);

  // After a restart nothing is taken twice; a new shot still is.
  daemon_->process().signal(SIGTERM);
  ASSERT_EQ(daemon_->process().wait(std::chrono::seconds(20)), 0);
  start();
  wait_for("/api/v1/cameras",
           [](const json& answer) { return answer["cameras"][0]["polled"] == true; });
  write_file(dir_ / "camera/DCIM/101TEST/IMG_0004.JPG", pseudo_random(1000, 4));
  wait_for("/api/v1/cameras",
           [](const json& answer) { return answer["cameras"][0]["files_taken"] == 1; });
  wait_for("/api/v1/offloads", [](const json& list) { return all_offloads_ended_safe(list, 4); });
  const auto unknown = slate({"cameras", "--offload", "no-such-camera"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("There is no camera \"no-such-camera\""), std::string::npos)
      << unknown.err;
}

}  // namespace
}  // namespace slate
