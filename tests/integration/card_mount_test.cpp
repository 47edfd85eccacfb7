// Cards on a headless box, end to end: the real slated watches block devices with no udevd, and
// the real slate-mountd mounts them. An exFAT image holding a camera card is attached to a loop
// device as a card pushed into a reader; it is mounted read-only in the cards folder, classified,
// offloaded to two drives and shown safe; detached, it is unmounted and its folder goes. A file
// system cameras do not write is shown to the DIT, named, and nothing is mounted.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>
#include <sys/mount.h>
#include <thread>
#include <unistd.h>

#include <slate/cardmount/mount_client.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/polling.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::binary;
using testing::read_file;
using testing::run_command;
using testing::write_file;

bool installed(const char* program) {
  return ::access(program, X_OK) == 0;
}

bool kernel_has(const std::string& type) {
  std::ifstream file("/proc/filesystems");
  for (std::string line; std::getline(file, line);) {
    if (line.substr(line.rfind('\t') + 1) == type) {
      return true;
    }
  }
  return false;
}

// The mountinfo line of a mount point, or empty.
std::string mountinfo_of(const fs::path& point) {
  std::ifstream file("/proc/self/mountinfo");
  std::string found;
  for (std::string line; std::getline(file, line);) {
    std::istringstream fields(line);
    std::string id, parent, numbers, root, mounted_on;
    fields >> id >> parent >> numbers >> root >> mounted_on;
    if (mounted_on == point.string()) {
      found = line;
    }
  }
  return found;
}

// The per-mount options (ro,nosuid,…) of a mountinfo line.
std::string mount_options(const std::string& line) {
  std::istringstream fields(line);
  std::string skip, options;
  for (int i = 0; i < 5; ++i) {
    fields >> skip;
  }
  fields >> options;
  return "," + options + ",";
}

// Loop devices and mounts a test made go when it ends, passed or failed.
class Cleanup {
 public:
  explicit Cleanup(fs::path cards) : cards_(std::move(cards)) {}
  ~Cleanup() {
    // Whatever is still mounted in the test's cards folder (FUSE daemons outlive the helper).
    std::ifstream file("/proc/self/mountinfo");
    std::vector<std::string> points;
    for (std::string line; std::getline(file, line);) {
      std::istringstream fields(line);
      std::string id, parent, numbers, root, point;
      fields >> id >> parent >> numbers >> root >> point;
      if (point.starts_with(cards_.string() + "/") || mounts_.count(point)) {
        points.push_back(point);
      }
    }
    for (auto it = points.rbegin(); it != points.rend(); ++it) {
      ::umount2(it->c_str(), MNT_DETACH);
    }
    for (const auto& device : loops_) {
      run_command({"/usr/sbin/losetup", "-d", device});
    }
  }
  void loop(const std::string& device) { loops_.push_back(device); }
  void mounted(const fs::path& point) { mounts_.insert(point.string()); }

 private:
  fs::path cards_;
  std::vector<std::string> loops_;
  std::set<std::string> mounts_;
};

class CardMount : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "loop devices and mounts need root; this test runs as uid " << ::geteuid();
    }
    if (!installed("/usr/sbin/losetup") || run_command({"/usr/sbin/losetup", "-f"}).exit_code) {
      GTEST_SKIP() << "no free loop device here (losetup -f fails): cards cannot be attached";
    }
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
  }

  fs::path cards() const { return dir_ / "cards"; }
  fs::path socket() const { return dir_ / "mountd.sock"; }

  void start_helper() {
    helper_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{binary("slate-mountd").string(), "--socket", socket().string(),
                                 "--cards-dir", cards().string()});
    const auto ready = helper_->wait_for_line(
        [](const std::string& line) { return line.find("mounting cards in") != std::string::npos; },
        std::chrono::seconds(10));
    ASSERT_TRUE(ready) << "slate-mountd did not start: " << helper_->stderr_text();
  }

  void start_daemon(const std::string& cards_keys = {}) {
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(),
        "[[destinations]]\nname = \"raid\"\npath = \"" + (dir_ / "raid").string() +
            "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" + (dir_ / "shuttle").string() +
            "\"\n[offload]\npath_template = \"{roll}\"\n[cards]\nauto_offload = true\n"
            "mount_roots = []\nautomount = true\nautomount_loop_devices = true\nmount_helper = \"" +
            socket().string() + "\"\ncards_dir = \"" + cards().string() + "\"\n" + cards_keys +
            "[tether]\nautodetect = false\n");
  }

  // Attaches an image as a card pushed into a reader; detached again at the end in any case.
  std::string attach(const fs::path& image) {
    const auto attached = run_command({"/usr/sbin/losetup", "-f", "--show", image.string()});
    if (attached.exit_code != 0) {
      ADD_FAILURE() << "losetup -f --show " << image << ": " << attached.err;
      return {};
    }
    auto device = attached.out.substr(0, attached.out.find('\n'));
    cleanup_.loop(device);
    return device;
  }

  // A 64 MiB card image holding a synthetic ARRI card (roll A001, label A001): exFAT as cameras
  // write it, or where its tools are missing ext4. Fails the test when it cannot be made.
  void make_card_image(fs::path& image, std::string& file_system) {
    const auto made = run_command(
        {"/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/make_media_card.py",
         (dir_ / "card").string(), "--layout", "arri", "--roll", "A001", "--clips", "2", "--frames",
         "12", "--size", "320x180"});
    ASSERT_EQ(made.exit_code, 0) << made.err;

    // Without exFAT's tools, ext4 stands in (mkfs.ext4 -d fills it).
    image = dir_ / "A001.img";
    file_system = "exfat";
    if (!installed("/usr/sbin/mkfs.exfat") || !installed("/usr/sbin/mount.exfat-fuse")) {
      file_system = "ext4";
      std::cout
          << "[ NOTE ] mkfs.exfat or mount.exfat-fuse is missing (Debian packages exfatprogs, "
             "exfat-fuse): the card is an ext4 image instead\n";
    }
    ASSERT_EQ(run_command({"/usr/bin/truncate", "-s", "64M", image.string()}).exit_code, 0);
    if (file_system == "exfat") {
      const auto formatted = run_command({"/usr/sbin/mkfs.exfat", "-L", "A001", image.string()});
      ASSERT_EQ(formatted.exit_code, 0) << formatted.err;
      // Written as a camera would, through a read-write mount (exfat-fuse wants a block device),
      // then unmounted and detached.
      const auto writing = attach(image);
      ASSERT_FALSE(writing.empty());
      const auto writable = dir_ / "writable";
      fs::create_directories(writable);
      const auto mounted = run_command({"/usr/sbin/mount.exfat-fuse", writing, writable.string()});
      ASSERT_EQ(mounted.exit_code, 0) << mounted.err;
      cleanup_.mounted(writable);
      fs::copy(dir_ / "card", writable, fs::copy_options::recursive);
      ASSERT_EQ(run_command({"/usr/bin/umount", writable.string()}).exit_code, 0);
      ASSERT_EQ(run_command({"/usr/sbin/losetup", "-d", writing}).exit_code, 0);
      std::cout << "[ NOTE ] the card is exFAT; the kernel "
                << (kernel_has("exfat") ? "has" : "has no") << " exfat driver, so slate-mountd "
                << (kernel_has("exfat") ? "mounts it with mount(2)" : "mounts it with exfat-fuse")
                << "\n";
    } else {
      const auto formatted = run_command({"/usr/sbin/mkfs.ext4", "-q", "-L", "A001", "-d",
                                          (dir_ / "card").string(), image.string()});
      ASSERT_EQ(formatted.exit_code, 0) << formatted.err;
    }
  }

  json get(const std::string& target) { return testing::get_json(*daemon_, target); }

  // Asks until `done` holds, for at most a minute: a stuck daemon fails the test, never hangs.
  template <class Check>
  json wait_for(const std::string& target, Check done) {
    json answer;
    for (int i = 0; i < 600; ++i) {
      answer = get(target);
      if (done(answer)) {
        return answer;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << target << " never reached the state waited for; last: " << answer.dump()
                  << "\nslated said:\n"
                  << daemon_->process().stderr_text() << "\nslate-mountd said:\n"
                  << helper_->stderr_text();
    return answer;
  }

  std::vector<json> events() {
    testing::EventStreamClient stream(daemon_->port(), 0, daemon_->token());
    std::vector<json> all;
    while (auto message = stream.next(std::chrono::milliseconds(300))) {
      all.push_back(*message);
    }
    return all;
  }

  testing::TempDir dir_;
  Cleanup cleanup_{dir_ / "cards"};
  std::unique_ptr<testing::ChildProcess> helper_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(CardMount, AnExfatCardIsMountedReadOnlyClassifiedOffloadedSafeAndUnmountedWhenDetached) {
  fs::path image;
  std::string file_system;
  make_card_image(image, file_system);
  ASSERT_FALSE(image.empty() || HasFailure());
  start_helper();
  start_daemon();
  const auto device = attach(image);
  ASSERT_FALSE(device.empty());

  const auto point = cards() / "A001";
  const auto listed = wait_for("/api/v1/cards", [](const json& answer) {
    return answer["cards"].size() == 1 && answer["cards"][0]["offload"].is_object() &&
           answer["cards"][0]["offload"]["verdict"] == "safe";
  });
  const auto& card = listed["cards"][0];
  EXPECT_EQ(card["path"], point.string());
  EXPECT_EQ(card["kind"], "volume");
  EXPECT_EQ(card["device"], device);
  EXPECT_EQ(card["layout"], "arri");
  EXPECT_EQ(card["roll"], "A001");
  EXPECT_EQ(card["clips"], 2);
  EXPECT_TRUE(listed["mount_failures"].empty()) << listed.dump();

  // Read-only, and nothing on it can be run, set-uid or a device node.
  const auto line = mountinfo_of(point);
  ASSERT_FALSE(line.empty()) << point << " is not in /proc/self/mountinfo";
  const auto options = mount_options(line);
  for (const auto* flag : {",ro,", ",nosuid,", ",nodev,", ",noexec,"}) {
    EXPECT_NE(options.find(flag), std::string::npos) << flag << " missing: " << line;
  }
  EXPECT_NE(::access(point.c_str(), W_OK), 0) << "the card's mount can be written";

  // Copied to both drives, byte for byte.
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "card")) {
    if (entry.is_regular_file()) {
      const auto relative = entry.path().lexically_relative(dir_ / "card");
      for (const auto* drive : {"raid", "shuttle"}) {
        EXPECT_EQ(read_file(dir_ / drive / "A001" / relative), read_file(entry.path()))
            << drive << "/A001/" << relative.string();
      }
    }
  }
  const auto cli = daemon_->slate({"cards"});
  EXPECT_NE(cli.out.find("SAFE TO FORMAT"), std::string::npos) << cli.out << cli.err;

  // Pulled: losetup -d of an image in use only marks it to detach once free.
  ASSERT_EQ(run_command({"/usr/sbin/losetup", "-d", device}).exit_code, 0);
  wait_for("/api/v1/cards", [](const json& answer) { return answer["cards"].empty(); });
  for (int i = 0; i < 100 && (fs::exists(point) || !mountinfo_of(point).empty()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(mountinfo_of(point), "") << "the card is still mounted";
  EXPECT_FALSE(fs::exists(point)) << "the card's folder is left behind";

  std::vector<std::string> kinds;
  for (int attempt = 0; attempt < 20; ++attempt) {
    kinds.clear();
    for (const auto& event : events()) {
      const std::string kind = event.value("kind", "");
      if (kind == "card.mounted" || kind == "card.inserted" || kind == "card.safe" ||
          kind == "card.removed" || kind == "card.unmounted") {
        kinds.push_back(kind);
      }
      if (kind == "card.mounted") {
        EXPECT_EQ(event["payload"]["device"], device);
        EXPECT_EQ(event["payload"]["mount_point"], point.string());
        EXPECT_EQ(event["payload"]["file_system"], file_system);
        EXPECT_EQ(event["payload"]["label"], "A001");
      }
    }
    if (kinds.size() >= 5) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The automount and the card monitor each tell of the card; between them the order is not
  // fixed, but it was inserted before it was safe, and unmounted and removed at the end.
  ASSERT_EQ(kinds.size(), 5u) << ::testing::PrintToString(kinds);
  const auto at = [&](const char* kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  for (const auto* kind :
       {"card.mounted", "card.inserted", "card.safe", "card.unmounted", "card.removed"}) {
    EXPECT_LT(at(kind), 5) << kind << " missing: " << ::testing::PrintToString(kinds);
  }
  EXPECT_LT(at("card.inserted"), at("card.safe"));
  EXPECT_LT(at("card.mounted"), at("card.unmounted"));
  EXPECT_LT(at("card.safe"), at("card.removed"));
}

TEST_F(CardMount, WithEjectWhenSafeACardIsUnmountedOnceItsOffloadIsSafe) {
  fs::path image;
  std::string file_system;
  make_card_image(image, file_system);
  ASSERT_FALSE(image.empty() || HasFailure());
  start_helper();
  start_daemon("eject_when_safe = true\n");
  const auto device = attach(image);
  ASSERT_FALSE(device.empty());

  // Still in the reader, but unmounted: the card can be pulled, and it is safe on both drives.
  const auto point = cards() / "A001";
  std::vector<std::string> kinds;
  json unmounted;
  // For at most a minute, so that a card never ejected fails the test well within its timeout.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (unmounted.is_null() && std::chrono::steady_clock::now() < deadline) {
    kinds.clear();
    for (const auto& event : events()) {
      const std::string kind = event.value("kind", "");
      if (kind.starts_with("card.")) {
        kinds.push_back(kind);
      }
      if (kind == "card.unmounted") {
        unmounted = event["payload"];
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(unmounted.is_null())
      << "the card was never ejected: " << ::testing::PrintToString(kinds) << "\n"
      << daemon_->process().stderr_text();
  EXPECT_EQ(unmounted["reason"], "safe");
  EXPECT_EQ(unmounted["device"], device);
  EXPECT_EQ(unmounted["mount_point"], point.string());
  const auto at = [&](const char* kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  EXPECT_LT(at("card.safe"), at("card.unmounted")) << ::testing::PrintToString(kinds);
  EXPECT_EQ(mountinfo_of(point), "");
  wait_for("/api/v1/cards", [](const json& answer) { return answer["cards"].empty(); });
  EXPECT_TRUE(run_command({"/usr/sbin/losetup", device}).exit_code == 0)
      << "the loop device went away with the mount";
  const auto offloads = get("/api/v1/offloads");
  ASSERT_EQ(offloads["offloads"].size(), 1u) << offloads.dump();
  EXPECT_EQ(offloads["offloads"][0]["verdict"], "safe");
  // Nothing mounts it again while it stays in.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(mountinfo_of(point), "");
}

TEST_F(CardMount, ADeviceWithAFileSystemCamerasDoNotWriteIsShownAndNotMounted) {
  // xfs if it can be made here (it needs 300 MiB, sparse), and an image holding nothing at all.
  const bool xfs = installed("/usr/sbin/mkfs.xfs");
  if (!xfs) {
    std::cout << "[ NOTE ] mkfs.xfs is missing (Debian package xfsprogs): only the blank image\n";
  }
  const auto blank = dir_ / "blank.img";
  ASSERT_EQ(run_command({"/usr/bin/truncate", "-s", "16M", blank.string()}).exit_code, 0);
  const auto other = dir_ / "xfs.img";
  if (xfs) {
    ASSERT_EQ(run_command({"/usr/bin/truncate", "-s", "320M", other.string()}).exit_code, 0);
    const auto formatted = run_command({"/usr/sbin/mkfs.xfs", "-q", other.string()});
    ASSERT_EQ(formatted.exit_code, 0) << formatted.err;
  }

  start_helper();
  start_daemon();
  const auto blank_device = attach(blank);
  const auto xfs_device = xfs ? attach(other) : std::string();
  const std::size_t expected = xfs ? 2 : 1;
  const auto listed = wait_for("/api/v1/cards", [&](const json& answer) {
    return answer["mount_failures"].size() >= expected;
  });
  std::map<std::string, json> failures;
  for (const auto& failure : listed["mount_failures"]) {
    failures[failure["device"]] = failure;
  }
  ASSERT_TRUE(failures.contains(blank_device)) << listed.dump();
  EXPECT_EQ(failures[blank_device]["file_system"], "");
  EXPECT_EQ(failures[blank_device]["error"], blank_device + " holds no file system Slate can read");
  if (xfs) {
    ASSERT_TRUE(failures.contains(xfs_device)) << listed.dump();
    EXPECT_EQ(failures[xfs_device]["file_system"], "xfs");
    EXPECT_TRUE(failures[xfs_device]["error"].get<std::string>().starts_with(
        xfs_device + " holds xfs, which Slate does not take as a camera card"))
        << failures[xfs_device];
  }
  EXPECT_TRUE(listed["cards"].empty());
  // The listing, failures included, is what its schema says.
  write_file(dir_ / "cards.json", listed.dump());
  const auto valid = run_command({"/usr/bin/python3",
                                  std::string(SLATE_SOURCE_DIR) + "/tests/tools/validate_json.py",
                                  std::string(SLATE_SOURCE_DIR) + "/schemas/api/cards.schema.json",
                                  (dir_ / "cards.json").string()});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  EXPECT_TRUE(!fs::exists(cards()) || fs::is_empty(cards())) << "a folder was left in " << cards();
  EXPECT_EQ(mountinfo_of(cards() / "blank"), "");

  bool told = false;
  for (int attempt = 0; attempt < 20 && !told; ++attempt) {
    for (const auto& event : events()) {
      if (event.value("kind", "") == "card.mount_failed" &&
          event["payload"]["device"] == blank_device) {
        told = true;
        EXPECT_EQ(event["payload"]["file_system"], "");
        EXPECT_EQ(event["payload"]["error"], blank_device + " holds no file system Slate can read");
      }
    }
  }
  EXPECT_TRUE(told) << "no card.mount_failed event for " << blank_device;

  // The message stays until the device goes.
  ASSERT_EQ(run_command({"/usr/sbin/losetup", "-d", blank_device}).exit_code, 0);
  wait_for("/api/v1/cards", [&](const json& answer) {
    for (const auto& failure : answer["mount_failures"]) {
      if (failure["device"] == blank_device) {
        return false;
      }
    }
    return true;
  });
}

TEST_F(CardMount, TheHelperRefusesWhatIsNotACardOrNotItsToUnmount) {
  start_helper();
  const cardmount::MountHelperClient helper(socket());
  EXPECT_EQ(helper.mount("/etc/passwd").error, "/etc/passwd is not a device under /dev");
  EXPECT_EQ(helper.mount("/dev/../etc/passwd").error,
            "/dev/../etc/passwd is not a device under /dev");
  EXPECT_EQ(helper.mount("/dev/null").error, "/dev/null is not a block device");
  EXPECT_EQ(helper.mount("/dev/no-such-card").error,
            "cannot find /dev/no-such-card: No such file or directory");
  EXPECT_EQ(helper.ask("format /dev/sda").error,
            "unknown request \"format\": the helper takes \"mount DEVICE\", \"unmount "
            "MOUNT_POINT\" or \"probe DEVICE\"");

  // A device mounted already (here by hand, read-write) is left alone.
  const auto image = dir_ / "ext4.img";
  ASSERT_EQ(run_command({"/usr/bin/truncate", "-s", "16M", image.string()}).exit_code, 0);
  ASSERT_EQ(run_command({"/usr/sbin/mkfs.ext4", "-q", "-L", "B002", image.string()}).exit_code, 0);
  const auto device = attach(image);
  ASSERT_FALSE(device.empty());
  const auto probed = helper.probe(device);
  EXPECT_TRUE(probed.ok) << probed.error;
  EXPECT_EQ(probed.volume.file_system, "ext4");
  EXPECT_EQ(probed.volume.label, "B002");
  const auto by_hand = dir_ / "by-hand";
  fs::create_directories(by_hand);
  ASSERT_EQ(::mount(device.c_str(), by_hand.c_str(), "ext4", 0, nullptr), 0)
      << std::strerror(errno);
  cleanup_.mounted(by_hand);
  EXPECT_EQ(helper.mount(device).error, device + " is mounted already, on " + by_hand.string());
  EXPECT_FALSE(fs::exists(cards() / "B002"));

  // Only folders directly in the cards folder are unmounted: not the mount made by hand.
  EXPECT_EQ(helper.unmount(by_hand).error,
            by_hand.string() + " is not a card's folder in " + cards().string());
  EXPECT_EQ(helper.unmount(cards() / "../by-hand").error,
            (cards() / "../by-hand").string() + " is not a card's folder in " + cards().string());
  EXPECT_EQ(helper.unmount("/").error, "/ is not a card's folder in " + cards().string());
  EXPECT_FALSE(mountinfo_of(by_hand).empty()) << "the mount made by hand is gone";
  ::umount2(by_hand.c_str(), 0);

  // Unmounted by hand, it is a card again: mounted read-only in the cards folder, and unmounted.
  const auto mounted = helper.mount(device);
  ASSERT_TRUE(mounted.ok) << mounted.error;
  EXPECT_EQ(mounted.volume.mount_point, cards() / "B002");
  EXPECT_NE(mount_options(mountinfo_of(cards() / "B002")).find(",ro,"), std::string::npos);
  EXPECT_EQ(helper.mount(device).error,
            device + " is mounted already, on " + (cards() / "B002").string());
  const auto unmounted = helper.unmount(cards() / "B002");
  EXPECT_TRUE(unmounted.ok) << unmounted.error;
  EXPECT_EQ(mountinfo_of(cards() / "B002"), "");
  EXPECT_FALSE(fs::exists(cards() / "B002"));

  // A line longer than the helper reads is refused, and the helper serves the next client.
  EXPECT_EQ(helper.ask("mount /dev/" + std::string(5000, 'x')).error,
            "the request is longer than 4096 bytes");
  EXPECT_EQ(helper.mount("/dev/null").error, "/dev/null is not a block device");
}

}  // namespace
}  // namespace slate
