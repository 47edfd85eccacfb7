// Cards noticed as a camera assistant brings them: a folder dropped into a watch folder, a volume
// mounted (tmpfs, a loop-mounted ext4 image) under a mount root; and gone again.
#include <condition_variable>
#include <cstring>
#include <gtest/gtest.h>
#include <mutex>
#include <sys/mount.h>
#include <thread>

#include <slate/camera/card_monitor.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::camera {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

// What the monitor announced, in order.
class Announcements {
 public:
  CardMonitor::Listener listener() {
    return [this](const Card& card, bool present) {
      std::lock_guard lock(mutex_);
      seen_.push_back({card, present});
      changed_.notify_all();
    };
  }
  // Waits (a generous deadline: a stuck monitor fails the test rather than hanging it) for the
  // n-th announcement.
  std::pair<Card, bool> wait(std::size_t n) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(20), [&] { return seen_.size() >= n; })) {
      ADD_FAILURE() << "announcement " << n << " did not come";
      return {};
    }
    return seen_[n - 1];
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<Card, bool>> seen_;
};

CardMonitorOptions watching(const fs::path& folder) {
  CardMonitorOptions options;
  options.mount_roots.clear();
  options.watch_folders = {folder};
  options.settle = std::chrono::milliseconds(300);
  options.tick = std::chrono::milliseconds(50);
  return options;
}

void make_red_magazine(const fs::path& root) {
  write_file(root / "A007_0613XY.RDM/A007_C001_0613XY.RDC/A007_C001_0613XY_001.R3D", "r3d 1");
  write_file(root / "A007_0613XY.RDM/A007_C001_0613XY.RDC/A007_C001_0613XY_002.R3D", "r3d 2");
  write_file(root / "A007_0613XY.RDM/A007_C001_0613XY.RDC/A007_C001_0613XY.RMD", "<rmd/>");
}

TEST(WatchFolder, AFolderDroppedInIsACardOnceItStopsChangingAndGoneWhenRemoved) {
  TempDir dir;
  fs::create_directories(dir / "incoming");
  Announcements seen;
  CardMonitor monitor(watching(dir / "incoming"), seen.listener());
  monitor.start();

  make_red_magazine(dir / "incoming/MAG7");
  fs::create_directories(dir / "incoming/.staging");  // a copy tool's hidden folder: no card
  const auto [card, present] = seen.wait(1);
  EXPECT_TRUE(present);
  EXPECT_EQ(card.kind, "folder");
  EXPECT_EQ(card.path, dir / "incoming/MAG7");
  EXPECT_EQ(card.label, "MAG7");
  EXPECT_EQ(card.layout.layout, Maker::red);
  EXPECT_EQ(card.layout.roll, "A007");
  EXPECT_EQ(card.layout.clips, 1u);
  EXPECT_EQ(card.file_count, 3u);
  EXPECT_EQ(card.used_bytes, 16u);
  ASSERT_EQ(monitor.cards().size(), 1u);

  fs::remove_all(dir / "incoming/MAG7");
  const auto [gone, still_present] = seen.wait(2);
  EXPECT_FALSE(still_present);
  EXPECT_EQ(gone.path, dir / "incoming/MAG7");
  EXPECT_TRUE(monitor.cards().empty());
  monitor.stop();
  EXPECT_EQ(seen.count(), 2u);
}

TEST(WatchFolder, AFolderStillBeingCopiedIsNotTakenUntilItSettles) {
  TempDir dir;
  fs::create_directories(dir / "incoming/A002R2EC");
  Announcements seen;
  auto options = watching(dir / "incoming");
  options.settle = std::chrono::milliseconds(200);
  CardMonitor monitor(options, seen.listener());
  // Looked at by hand, so the test decides when time passes.
  monitor.update_folders();
  EXPECT_TRUE(monitor.cards().empty()) << "an empty folder is not a card yet";
  for (int i = 1; i <= 4; ++i) {
    write_file(dir / "incoming/A002R2EC" / ("A002C00" + std::to_string(i) + "_141024_R2EC.mov"),
               "clip");
    monitor.update_folders();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    monitor.update_folders();
    EXPECT_TRUE(monitor.cards().empty()) << "taken while still changing, after file " << i;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  monitor.update_folders();
  ASSERT_EQ(monitor.cards().size(), 1u);
  EXPECT_EQ(monitor.cards()[0].file_count, 4u);
  EXPECT_EQ(monitor.cards()[0].layout.roll, "A002");
}

// A real mount: where this machine refuses one (no privilege, no loop devices), say so and skip.
class MountedCard : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto it = mounted_.rbegin(); it != mounted_.rend(); ++it) {
      ::umount2(it->c_str(), MNT_DETACH);
    }
  }
  bool mount_tmpfs(const fs::path& point) {
    fs::create_directories(point);
    if (::mount("tmpfs", point.c_str(), "tmpfs", 0, "size=8m") != 0) {
      return false;
    }
    mounted_.push_back(point);
    return true;
  }
  bool mount_image(const fs::path& image, const fs::path& point) {
    fs::create_directories(point);
    const auto result = testing::run_command({"/usr/bin/mount", "-o", "loop,ro", image, point});
    if (result.exit_code != 0) {
      return false;
    }
    mounted_.push_back(point);
    return true;
  }
  std::vector<fs::path> mounted_;
};

TEST_F(MountedCard, ATmpfsMountedUnderAMountRootIsACardUntilUnmounted) {
  TempDir dir;
  // The card is filled where no monitor looks, then appears whole under the mount root, as a card
  // in a reader does.
  if (!mount_tmpfs(dir / "stage")) {
    GTEST_SKIP() << "this machine refuses to mount a tmpfs (" << std::strerror(errno)
                 << "): mounted-card detection is not tested here";
  }
  make_red_magazine(dir / "stage");
  CardMonitorOptions options;
  options.mount_roots = {dir / "media"};
  options.excluded = {dir / "media/raid"};
  options.tick = std::chrono::milliseconds(100);
  Announcements seen;
  CardMonitor monitor(options, seen.listener());
  monitor.start();
  ASSERT_TRUE(mount_tmpfs(dir / "media/raid"));  // a destination drive: never a card
  fs::create_directories(dir / "media/A007");
  ASSERT_EQ(
      ::mount((dir / "stage").c_str(), (dir / "media/A007").c_str(), nullptr, MS_BIND, nullptr), 0);
  mounted_.push_back(dir / "media/A007");

  const auto [card, present] = seen.wait(1);
  EXPECT_TRUE(present);
  EXPECT_EQ(card.kind, "volume");
  EXPECT_EQ(card.path, dir / "media/A007");
  EXPECT_EQ(card.file_system, "tmpfs");
  EXPECT_EQ(card.layout.layout, Maker::red);
  EXPECT_EQ(card.layout.roll, "A007");
  EXPECT_EQ(card.file_count, 3u);

  ASSERT_EQ(::umount2((dir / "media/A007").c_str(), 0), 0);
  mounted_.pop_back();
  const auto [gone, gone_present] = seen.wait(2);
  EXPECT_FALSE(gone_present);
  EXPECT_EQ(gone.path, dir / "media/A007");
  monitor.stop();
  EXPECT_EQ(seen.count(), 2u) << "the destination drive was taken for a card";
}

TEST_F(MountedCard, ALoopMountedExt4ImageWithAnArriLayoutIsClassified) {
  TempDir dir;
  write_file(dir / "tree/A003R7KQ/A003C001_261127_R7KQ.mov", "clip one");
  write_file(dir / "tree/A003R7KQ/A003C002_261127_R7KQ.mov", "clip two");
  const auto image = dir / "card.img";
  const auto made = testing::run_command({"/usr/sbin/mkfs.ext4", "-q", "-L", "A003", "-d",
                                          (dir / "tree").string(), image.string(), "16M"});
  if (made.exit_code != 0) {
    GTEST_SKIP() << "mkfs.ext4 cannot make an image here: " << made.err;
  }
  CardMonitorOptions options;
  options.mount_roots = {dir / "media"};
  options.tick = std::chrono::milliseconds(100);
  Announcements seen;
  CardMonitor monitor(options, seen.listener());
  monitor.start();
  if (!mount_image(image, dir / "media/A003")) {
    GTEST_SKIP() << "this machine refuses to loop-mount an image: loop-mounted cards are not "
                    "tested here";
  }
  const auto [card, present] = seen.wait(1);
  EXPECT_TRUE(present);
  EXPECT_EQ(card.kind, "volume");
  EXPECT_EQ(card.path, dir / "media/A003");
  EXPECT_EQ(card.file_system, "ext4");
  EXPECT_EQ(card.layout.layout, Maker::arri);
  EXPECT_EQ(card.layout.roll, "A003");
  EXPECT_EQ(card.file_count, 2u);  // lost+found holds no file
  EXPECT_GT(card.capacity_bytes, 8u * 1024 * 1024);

  ASSERT_EQ(::umount2((dir / "media/A003").c_str(), 0), 0);
  mounted_.clear();
  const auto [gone, gone_present] = seen.wait(2);
  EXPECT_FALSE(gone_present);
  EXPECT_TRUE(monitor.cards().empty());
  monitor.stop();
}

}  // namespace
}  // namespace slate::camera
