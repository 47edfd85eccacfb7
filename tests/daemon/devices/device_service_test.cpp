// The appliance's side of cards: a card noticed is offloaded on its own; pulled in the middle, its
// offload stops interrupted; put back, the same offload resumes and ends safe.
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <gtest/gtest.h>
#include <mutex>
#include <sys/mount.h>
#include <thread>

#include <slate/devices/device_service.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::devices {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

// The card reader: reads wait at a gate the test opens, and fail as a pulled card's do.
class CardReader : public offload::SourceFiles {
 public:
  int open(const fs::path& file) override {
    if (pulled_) {
      errno = ENODEV;
      return -1;
    }
    return real_->open(file);
  }
  ssize_t read_at(int fd, std::byte* buffer, std::size_t length, std::uint64_t offset) override {
    {
      std::unique_lock lock(mutex_);
      ++reads_waiting_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return open_; });
      --reads_waiting_;
    }
    if (pulled_) {
      errno = EIO;
      return -1;
    }
    return real_->read_at(fd, buffer, length, offset);
  }
  void close(int fd) override { real_->close(fd); }

  void wait_for_a_read() {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(
        changed_.wait_for(lock, std::chrono::seconds(20), [&] { return reads_waiting_ > 0; }));
  }
  void set_open(bool open) {
    std::lock_guard lock(mutex_);
    open_ = open;
    changed_.notify_all();
  }
  std::atomic<bool> pulled_{false};

 private:
  std::shared_ptr<offload::SourceFiles> real_ = offload::posix_source_files();
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int reads_waiting_ = 0;
};

// No tethered cameras here: this driver finds none.
class NoCameras : public camera::CameraDriver {
 public:
  std::vector<camera::CameraSpec> detect() override { return {}; }
  std::unique_ptr<camera::CameraConnection> open(const camera::CameraSpec&) override {
    throw camera::CameraError(camera::CameraError::Kind::disconnected, "no camera");
  }
};

class DeviceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "incoming");
    fs::create_directories(dir_ / "raid");
    fs::create_directories(dir_ / "shuttle");
    catalogue_ = catalogue::Catalogue::open(dir_ / "catalogue.db");
    offload::JobEnvironment environment;
    environment.catalogue = catalogue_.get();
    environment.source_files = reader_;
    environment.tool_version = "test";
    environment.hostname = "test";
    environment.read_backoff = std::chrono::milliseconds(1);
    environment.free_space_margin = 0;
    offloads_ = std::make_unique<offload::OffloadService>(environment);

    options_.cards.mount_roots = {dir_ / "media"};
    auto& options = options_;
    options.cards.watch_folders = {dir_ / "incoming"};
    options.cards.settle = std::chrono::milliseconds(0);
    options.cards.tick = std::chrono::milliseconds(20);
    options.auto_offload = true;
    options.tether.autodetect = false;
    options.tether.staging_dir = dir_ / "tether";
    options.offload.path_template = "{roll}";
    options.offload.destinations = {{"raid", dir_ / "raid", true},
                                    {"shuttle", dir_ / "shuttle", true}};
    devices_ = std::make_unique<DeviceService>(*catalogue_, *offloads_, options,
                                               std::make_shared<NoCameras>());
  }
  void TearDownMounts() {
    for (auto it = mounted_.rbegin(); it != mounted_.rend(); ++it) {
      ::umount2(it->c_str(), MNT_DETACH);
    }
    mounted_.clear();
  }
  void TearDown() override {
    TearDownMounts();
    reader_->set_open(true);
    devices_->stop();
    offloads_->shutdown();
    offloads_->wait_idle();
  }
  // The only card's latest offload, once `done` holds.
  template <class Check>
  std::vector<CardView> wait_for_card(Check done) {
    std::vector<CardView> cards;
    for (int i = 0; i < 1000; ++i) {
      cards = devices_->cards();
      if (done(cards)) {
        return cards;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the card never reached the state waited for (" << cards.size() << " cards)";
    return cards;
  }

  TempDir dir_;
  DeviceOptions options_;
  std::vector<fs::path> mounted_;
  std::shared_ptr<CardReader> reader_ = std::make_shared<CardReader>();
  std::unique_ptr<catalogue::Catalogue> catalogue_;
  std::unique_ptr<offload::OffloadService> offloads_;
  std::unique_ptr<DeviceService> devices_;
};

TEST_F(DeviceServiceTest, APulledCardStopsItsOffloadAndPutBackItResumesToSafe) {
  const auto card = dir_ / "incoming/A003R7KQ";
  write_file(card / "A003C001_261127_R7KQ.mov", std::string(300'000, 'x'));
  write_file(card / "A003C002_261127_R7KQ.mov", std::string(200'000, 'y'));
  devices_->start();

  // Noticed and offloaded on its own; the first read waits at the gate.
  reader_->wait_for_a_read();
  const auto started = devices_->cards();
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].card.layout.roll, "A003");
  ASSERT_TRUE(started[0].offload);
  const auto id = started[0].offload->id;

  // Pulled: the folder goes, and reads fail as a pulled card's do.
  reader_->pulled_ = true;
  fs::rename(card, dir_ / "pocket");
  reader_->set_open(true);
  offloads_->wait_idle();
  EXPECT_EQ(offloads_->store().load(id, false).state, "interrupted");
  wait_for_card([](const std::vector<CardView>& cards) { return cards.empty(); });

  // Put back: the same offload resumes and ends safe; no second offload is made.
  reader_->pulled_ = false;
  fs::rename(dir_ / "pocket", card);
  const auto cards = wait_for_card([](const std::vector<CardView>& list) {
    return list.size() == 1 && list[0].offload && list[0].offload->verdict == "safe";
  });
  EXPECT_EQ(cards[0].offload->id, id);
  EXPECT_EQ(offloads_->store().list(10).size(), 1u);
  EXPECT_EQ(testing::read_file(dir_ / "shuttle/A003/A003C002_261127_R7KQ.mov"),
            std::string(200'000, 'y'));
}

TEST_F(DeviceServiceTest, AFolderWithoutFilesIsNoCardAndAnUnknownOneGoesUnderItsName) {
  reader_->set_open(true);
  fs::create_directories(dir_ / "incoming/EMPTY/DCIM");  // a copy not begun: nothing to take yet
  write_file(dir_ / "incoming/NOTES/readme.txt", "not a camera");
  devices_->start();
  const auto cards = wait_for_card([](const std::vector<CardView>& list) {
    return list.size() == 1 && list[0].offload && list[0].offload->verdict == "safe";
  });
  EXPECT_EQ(cards[0].card.label, "NOTES");
  EXPECT_EQ(cards[0].card.layout.layout, camera::Maker::unknown);
  EXPECT_EQ(cards[0].card.layout.roll, "");
  // Its roll is the folder's name, for the operator to correct.
  EXPECT_TRUE(fs::exists(dir_ / "raid/NOTES/readme.txt"));
  EXPECT_EQ(offloads_->store().list(10).size(), 1u);
}

TEST_F(DeviceServiceTest, AVolumeMountedUnderAMountRootIsOffloadedAndRemovedWhenUnmounted) {
  reader_->set_open(true);
  // The card is filled where no monitor looks, then appears whole, as a card in a reader does.
  fs::create_directories(dir_ / "stage");
  if (::mount("tmpfs", (dir_ / "stage").c_str(), "tmpfs", 0, "size=8m") != 0) {
    GTEST_SKIP() << "this machine refuses to mount a tmpfs (" << std::strerror(errno)
                 << "): auto-offload of a mounted card is not tested here";
  }
  mounted_.push_back(dir_ / "stage");
  write_file(dir_ / "stage/XDROOT/Clip/A014C003_220314AB.MXF", std::string(100'000, 'v'));
  write_file(dir_ / "stage/XDROOT/Clip/A014C003_220314ABM01.XML", "<xml/>");
  devices_->start();
  fs::create_directories(dir_ / "media/VENICE_A014");
  ASSERT_EQ(::mount((dir_ / "stage").c_str(), (dir_ / "media/VENICE_A014").c_str(), nullptr,
                    MS_BIND, nullptr),
            0);
  mounted_.push_back(dir_ / "media/VENICE_A014");
  const auto cards = wait_for_card([](const std::vector<CardView>& list) {
    return list.size() == 1 && list[0].offload && list[0].offload->verdict == "safe";
  });
  EXPECT_EQ(cards[0].card.kind, "volume");
  EXPECT_EQ(cards[0].card.layout.layout, camera::Maker::sony);
  EXPECT_EQ(cards[0].card.layout.roll, "A014");
  EXPECT_EQ(cards[0].card.layout.clips, 1u);
  EXPECT_EQ(testing::read_file(dir_ / "raid/A014/XDROOT/Clip/A014C003_220314AB.MXF"),
            std::string(100'000, 'v'));

  ASSERT_EQ(::umount2((dir_ / "media/VENICE_A014").c_str(), 0), 0);
  mounted_.pop_back();
  wait_for_card([](const std::vector<CardView>& list) { return list.empty(); });
  // The events in the catalogue, in order, once the removal is recorded too.
  auto reader = catalogue_->reader();
  std::string kinds;
  for (int i = 0; i < 500 && kinds != "card.inserted card.safe card.removed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto select = reader->db().prepare(
        "SELECT coalesce(group_concat(kind, ' '), '') FROM (SELECT kind FROM events "
        "WHERE kind LIKE 'card.%' ORDER BY sequence)");
    ASSERT_TRUE(select.step());
    kinds = select.column_text(0);
  }
  EXPECT_EQ(kinds, "card.inserted card.safe card.removed");
}

TEST_F(DeviceServiceTest, FilesStagedByAnEarlierRunAreOffloadedAndHalfDownloadsDropped) {
  reader_->set_open(true);
  const auto staging = dir_ / "tether/directory-browse-disk-cam";
  write_file(staging / "1700000000000-1/DCIM/100TEST/IMG_0001.JPG", "a whole shot");
  write_file(staging / "1700000000000-2/DCIM/100TEST/IMG_0002.JPG.part", "half a sh");
  devices_->start();
  for (int i = 0; i < 500 && fs::exists(staging / "1700000000000-1"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(fs::exists(staging / "1700000000000-1")) << "kept after it was offloaded safely";
  EXPECT_FALSE(fs::exists(staging / "1700000000000-2")) << "a half download was kept";
  const auto offloads = offloads_->store().list(10);
  ASSERT_EQ(offloads.size(), 1u);
  EXPECT_EQ(offloads[0].verdict, "safe");
  EXPECT_EQ(offloads[0].roll, "directory-browse-disk-cam");
  EXPECT_EQ(testing::read_file(dir_ / "raid/directory-browse-disk-cam/DCIM/100TEST/IMG_0001.JPG"),
            "a whole shot");
  EXPECT_FALSE(fs::exists(dir_ / "raid/directory-browse-disk-cam/DCIM/100TEST/IMG_0002.JPG"));
}

}  // namespace
}  // namespace slate::devices
