// Tethered bursts through the real slated: libgphoto2's "Directory Browse" driver on a disk: port
// stands in for the camera. A burst of stills is one offload, each still verified on both drives
// as it comes, and one ASC MHL generation and one verdict once the burst is over.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
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

constexpr const char* kDrives[] = {"raid", "shuttle"};

// The ASC MHL generations of a card folder: one .mhl file each.
std::size_t generations_in(const fs::path& card_folder) {
  std::size_t count = 0;
  if (fs::exists(card_folder / "ascmhl")) {
    for (const auto& entry : fs::directory_iterator(card_folder / "ascmhl")) {
      count += entry.path().extension() == ".mhl";
    }
  }
  return count;
}

std::string still_name(int n) {
  char name[32];
  std::snprintf(name, sizeof name, "IMG_%04d.JPG", n);
  return name;
}

ino_t inode_of(const fs::path& file) {
  struct stat status {};
  return ::stat(file.c_str(), &status) == 0 ? status.st_ino : 0;
}

class TetherBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto* drive : kDrives) {
      fs::create_directories(dir_ / drive);
    }
    fs::create_directories(dir_ / "camera/DCIM/100TEST");
    fs::create_directories(dir_ / "darkroom");
  }
  std::string config(double batch_gap) const {
    return "[[destinations]]\nname = \"raid\"\npath = \"" + (dir_ / "raid").string() +
           "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" + (dir_ / "shuttle").string() +
           "\"\n[offload]\npath_template = \"{roll}\"\n"
           "[cards]\nmount_roots = []\n"
           "[tether]\nautodetect = false\npoll_seconds = 0.2\nbatch_gap = " +
           std::to_string(batch_gap) +
           "\n[[cameras]]\nmodel = \"Directory Browse\"\nport = \"disk:" +
           (dir_ / "camera").string() + "\"\nroll = \"STILLS\"\n";
  }
  void start(double batch_gap) {
    daemon_ = std::make_unique<testing::DaemonUnderTest>(dir_.path(), config(batch_gap));
  }
  // Stops slated as systemd does, and starts it again with the same catalogue.
  void restart(double batch_gap) {
    daemon_->process().signal(SIGTERM);
    ASSERT_EQ(daemon_->process().wait(std::chrono::seconds(30)), 0)
        << daemon_->process().stderr_text();
    start(batch_gap);
  }
  json get(const std::string& target) { return testing::get_json(*daemon_, target); }
  // Asks until `done` holds: a stuck daemon fails the test, never hangs it.
  template <class Check>
  json wait_for(const std::string& target, Check done) {
    return testing::wait_for_json(*daemon_, target, done, std::chrono::minutes(2));
  }
  void wait_until_polled() {
    wait_for("/api/v1/cameras", [](const json& answer) {
      return answer["cameras"].size() == 1 && answer["cameras"][0]["polled"] == true;
    });
  }
  // The camera shoots stills `first`..`last`: each appears whole on its card, as a camera writes.
  void shoot(int first, int last) {
    for (int n = first; n <= last; ++n) {
      const auto dark = dir_ / "darkroom" / still_name(n);
      write_file(
          dark, pseudo_random(static_cast<std::size_t>(60'000 + n), static_cast<std::uint32_t>(n)));
      fs::rename(dark, dir_ / "camera/DCIM/100TEST" / still_name(n));
    }
  }
  // With a batch_gap of a minute, the camera shoots `stills` and they make one open batch, each
  // verified on both drives. Returns the batch's offload as the API serves it.
  std::string open_a_batch_of(int stills) {
    start(60);
    wait_until_polled();
    shoot(1, stills);
    const auto list = wait_for("/api/v1/offloads", [&](const json& answer) {
      return answer["offloads"].size() == 1 && answer["offloads"][0]["total_files"] == stills;
    });
    const auto target = "/api/v1/offloads/" + std::to_string(list["offloads"][0].value("id", 0));
    wait_for(target, [&](const json& answer) { return verified_on_both(answer, stills); });
    return target;
  }
  fs::path copy_of(const char* drive, int n) const {
    return dir_ / drive / "STILLS/DCIM/100TEST" / still_name(n);
  }
  fs::path shot(int n) const { return dir_ / "camera/DCIM/100TEST" / still_name(n); }
  static bool verified_on_both(const json& offload, int files) {
    return offload["destinations"].size() == 2 &&
           offload["destinations"][0]["files"].value("verified", 0) == files &&
           offload["destinations"][1]["files"].value("verified", 0) == files;
  }
  static bool one_ended(const json& answer) {
    return answer["offloads"].size() == 1 && answer["offloads"][0]["verdict"].is_string();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(TetherBatch, ABurstOfThirtyStillsIsOneOffloadWithOneGenerationAndOneVerdict) {
  start(2);
  wait_until_polled();
  shoot(1, 30);

  const auto list = wait_for("/api/v1/offloads", [](const json& answer) {
    return !answer["offloads"].empty() && answer["offloads"][0]["verdict"].is_string();
  });
  ASSERT_EQ(list["offloads"].size(), 1u) << list.dump(2);
  const auto& summary = list["offloads"][0];
  EXPECT_EQ(summary["verdict"], "safe") << summary.dump(2);
  EXPECT_EQ(summary["total_files"], 30);
  const auto offload = get("/api/v1/offloads/" + std::to_string(summary["id"].get<int>()));
  EXPECT_TRUE(verified_on_both(offload, 30)) << offload.dump(2);
  for (const auto* drive : kDrives) {
    for (int n = 1; n <= 30; ++n) {
      EXPECT_EQ(read_file(copy_of(drive, n)), read_file(shot(n))) << copy_of(drive, n);
    }
    EXPECT_EQ(generations_in(dir_ / drive / "STILLS"), 1u) << drive;
    const auto verify =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "STILLS").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }
  // One verdict, and every still recorded as taken into that one offload.
  testing::EventStreamClient stream(daemon_->port(), 0, daemon_->token());
  std::size_t verdicts = 0;
  std::size_t taken = 0;
  while (auto event = stream.next(std::chrono::milliseconds(300))) {
    verdicts += event->value("kind", "") == "offload.finished";
    if (event->value("kind", "") == "camera.file_added") {
      ++taken;
      EXPECT_EQ((*event)["payload"]["offload"], summary["id"]) << event->dump();
    }
  }
  EXPECT_EQ(verdicts, 1u);
  EXPECT_EQ(taken, 30u);
}

TEST_F(TetherBatch, AStillAfterTheBatchClosedStartsTheNextOffload) {
  start(1);
  wait_until_polled();
  shoot(1, 3);
  const auto first = wait_for("/api/v1/offloads", one_ended);
  ASSERT_EQ(first["offloads"].size(), 1u);
  EXPECT_EQ(first["offloads"][0]["total_files"], 3);

  shoot(4, 4);
  const auto both = wait_for("/api/v1/offloads", [](const json& answer) {
    return answer["offloads"].size() == 2 && answer["offloads"][0]["verdict"].is_string() &&
           answer["offloads"][1]["verdict"].is_string();
  });
  for (const auto& offload : both["offloads"]) {
    EXPECT_EQ(offload["verdict"], "safe") << offload.dump(2);
  }
  // Newest first: the late still is an offload of its own.
  EXPECT_EQ(both["offloads"][0]["total_files"], 1);
  EXPECT_EQ(both["offloads"][1]["total_files"], 3);
  for (const auto* drive : kDrives) {
    EXPECT_EQ(read_file(copy_of(drive, 4)), read_file(shot(4)));
    EXPECT_EQ(generations_in(dir_ / drive / "STILLS"), 2u) << drive;
  }
}

TEST_F(TetherBatch, EachStillIsVerifiedOnBothDrivesWhileItsBatchIsStillOpen) {
  const auto target = open_a_batch_of(3);
  auto offload = get(target);
  // Verified, yet the batch is open: no ASC MHL generation, no verdict.
  EXPECT_EQ(offload["state"], "copying");
  EXPECT_TRUE(offload["verdict"].is_null()) << offload.dump(2);
  for (const auto* drive : kDrives) {
    EXPECT_EQ(generations_in(dir_ / drive / "STILLS"), 0u) << drive;
    EXPECT_EQ(read_file(copy_of(drive, 2)), read_file(shot(2)));
  }

  // More of the burst joins the same offload, and is verified as it comes.
  shoot(4, 5);
  offload = wait_for(target, [](const json& answer) { return verified_on_both(answer, 5); });
  EXPECT_EQ(offload["total_files"], 5);
  EXPECT_TRUE(offload["verdict"].is_null());
  EXPECT_EQ(get("/api/v1/offloads")["offloads"].size(), 1u);

  // A shutdown ends the burst: it is sealed with its five stills, safe.
  restart(60);
  offload = get(target);
  EXPECT_EQ(offload["verdict"], "safe") << offload.dump(2);
  EXPECT_EQ(offload["total_files"], 5);
  EXPECT_TRUE(verified_on_both(offload, 5));
  for (const auto* drive : kDrives) {
    EXPECT_EQ(generations_in(dir_ / drive / "STILLS"), 1u) << drive;
  }
}

TEST_F(TetherBatch, ABatchCutOffByACrashKeepsWhatWasVerifiedAndEndsWithAVerdictAfterRestart) {
  const auto target = open_a_batch_of(4);
  const auto id = get(target)["id"];
  std::map<std::string, ino_t> copies;
  for (const auto* drive : kDrives) {
    for (int n = 1; n <= 4; ++n) {
      copies[copy_of(drive, n).string()] = inode_of(copy_of(drive, n));
    }
  }

  daemon_->process().signal(SIGKILL);
  daemon_->process().wait(std::chrono::seconds(10));
  start(60);
  // The batch resumes closed: its four stills, sealed once, safe, none copied again.
  const auto offload =
      wait_for(target, [](const json& answer) { return answer["verdict"].is_string(); });
  EXPECT_EQ(offload["verdict"], "safe") << offload.dump(2);
  EXPECT_EQ(offload["total_files"], 4);
  EXPECT_TRUE(verified_on_both(offload, 4)) << offload.dump(2);
  for (const auto& [copy, inode] : copies) {
    EXPECT_EQ(inode_of(copy), inode) << copy << " was copied again";
  }
  for (const auto* drive : kDrives) {
    EXPECT_EQ(generations_in(dir_ / drive / "STILLS"), 1u) << drive;
    const auto verify =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "STILLS").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }

  // Nothing is taken twice; the next still starts a batch of its own.
  wait_until_polled();
  shoot(5, 5);
  const auto list = wait_for("/api/v1/offloads", [](const json& answer) {
    return answer["offloads"].size() == 2 && answer["offloads"][0]["total_files"] == 1;
  });
  EXPECT_NE(list["offloads"][0]["id"], id);
  EXPECT_EQ(get("/api/v1/cameras")["cameras"][0]["files_taken"], 1);
}

}  // namespace
}  // namespace slate
