// Tethered cameras through the camera seam, with a scripted camera for what no machine here has:
// USB events, a camera that answers busy, a cable pulled in the middle of a download.
#include <condition_variable>
#include <deque>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

#include <slate/camera/tether.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::camera {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

// The camera's side: its files, its events, and the trouble it is scripted to make.
struct ScriptedState {
  std::mutex mutex;
  std::map<std::string, std::pair<CameraFile, std::string>> files;
  std::deque<CameraEvent> events;
  bool has_events = true;
  bool present = true;
  int busy = 0;  // the next downloads answer busy
  int cut = 0;   // the next downloads send half the file, then the cable is pulled
  std::map<std::string, int> broken;  // downloads of these paths fail (the camera stays)
  int downloads = 0;
  std::vector<CameraSpec> on_usb;  // what autodetection finds

  void add(const std::string& folder, const std::string& name, const std::string& content,
           bool announce) {
    std::lock_guard lock(mutex);
    CameraFile file{folder, name, content.size(), 1'700'000'000 + std::int64_t(files.size())};
    files[file.path()] = {file, content};
    if (announce) {
      events.push_back({CameraEvent::Type::file_added, {folder, name, 0, 0}});
    }
  }
};

void check_present(ScriptedState& state) {
  if (!state.present) {
    throw CameraError(CameraError::Kind::disconnected, "Could not find the requested device");
  }
}

class ScriptedConnection : public CameraConnection {
 public:
  explicit ScriptedConnection(std::shared_ptr<ScriptedState> state) : state_(std::move(state)) {}

  CameraEvent wait_for_event(std::chrono::milliseconds timeout) override {
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->has_events) {
        throw CameraError(CameraError::Kind::not_supported, "Unsupported operation");
      }
      check_present(*state_);
      if (!state_->events.empty()) {
        auto event = state_->events.front();
        state_->events.pop_front();
        return event;
      }
    }
    std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(10)));
    return {};
  }

  std::vector<CameraFile> list_files() override {
    std::lock_guard lock(state_->mutex);
    check_present(*state_);
    std::vector<CameraFile> files;
    for (const auto& [path, entry] : state_->files) {
      files.push_back(entry.first);
    }
    return files;
  }

  CameraFile file_info(const std::string& folder, const std::string& name) override {
    std::lock_guard lock(state_->mutex);
    check_present(*state_);
    return state_->files.at(folder + "/" + name).first;
  }

  void download(const CameraFile& file, int fd) override {
    std::lock_guard lock(state_->mutex);
    check_present(*state_);
    ++state_->downloads;
    const auto& content = state_->files.at(file.path()).second;
    if (state_->busy > 0) {
      --state_->busy;
      // A busy camera may have sent some bytes already.
      write_all(fd, content.substr(0, 3));
      throw CameraError(CameraError::Kind::busy, "Camera is busy");
    }
    if (state_->cut > 0) {
      --state_->cut;
      write_all(fd, content.substr(0, content.size() / 2));
      state_->present = false;
      throw CameraError(CameraError::Kind::disconnected, "I/O problem");
    }
    if (auto found = state_->broken.find(file.path());
        found != state_->broken.end() && found->second > 0) {
      --found->second;
      throw CameraError(CameraError::Kind::failed, "Corrupted data");
    }
    write_all(fd, content);
  }

 private:
  static void write_all(int fd, const std::string& bytes) {
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  std::shared_ptr<ScriptedState> state_;
};

class ScriptedDriver : public CameraDriver {
 public:
  explicit ScriptedDriver(std::shared_ptr<ScriptedState> state) : state_(std::move(state)) {}
  std::vector<CameraSpec> detect() override {
    std::lock_guard lock(state_->mutex);
    return state_->on_usb;
  }
  std::unique_ptr<CameraConnection> open(const CameraSpec&) override {
    std::lock_guard lock(state_->mutex);
    check_present(*state_);
    return std::make_unique<ScriptedConnection>(state_);
  }

 private:
  std::shared_ptr<ScriptedState> state_;
};

// What the service handed on, as the appliance would see it.
class Received {
 public:
  TetherCallbacks callbacks() {
    TetherCallbacks callbacks;
    callbacks.already_taken = [this](const TetheredCamera&, const CameraFile& file) {
      std::lock_guard lock(mutex_);
      return taken_before_.contains(file.path());
    };
    callbacks.file_taken = [this](const TetheredCamera&, const CameraFile& file,
                                  const fs::path& root) {
      std::lock_guard lock(mutex_);
      files_.push_back(
          {file.path(), read_file(root / fs::path(file.folder).relative_path() / file.name)});
      changed_.notify_all();
    };
    callbacks.connected = [this](const TetheredCamera&) {
      std::lock_guard lock(mutex_);
      ++connected_;
      changed_.notify_all();
    };
    callbacks.disconnected = [this](const TetheredCamera&, const std::string&) {
      std::lock_guard lock(mutex_);
      ++disconnected_;
      changed_.notify_all();
    };
    return callbacks;
  }
  void taken_before(const std::string& path) {
    std::lock_guard lock(mutex_);
    taken_before_.insert(path);
  }
  // A generous deadline: a stuck service fails the test rather than hanging it.
  template <class Predicate>
  bool wait(Predicate done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(20), [&] { return done(*this); });
  }
  std::vector<std::pair<std::string, std::string>> files_;
  int connected_ = 0;
  int disconnected_ = 0;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> taken_before_;
};

TetherOptions quick(const fs::path& staging) {
  TetherOptions options;
  options.staging_dir = staging;
  options.poll_interval = std::chrono::milliseconds(30);
  options.event_timeout = std::chrono::milliseconds(20);
  options.reconnect_interval = std::chrono::milliseconds(30);
  options.busy_backoff = std::chrono::milliseconds(5);
  options.autodetect = false;
  return options;
}

std::vector<fs::path> staged_files(const fs::path& staging) {
  std::vector<fs::path> files;
  if (fs::exists(staging)) {
    for (const auto& entry : fs::recursive_directory_iterator(staging)) {
      if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
  }
  return files;
}

TEST(Tether, EventsBusyAndAPulledCableNeverHandOnHalfAFile) {
  TempDir dir;
  auto camera = std::make_shared<ScriptedState>();
  Received received;
  TetherService service(std::make_shared<ScriptedDriver>(camera), quick(dir / "staging"),
                        received.callbacks());
  service.add({"Scripted EOS", "usb:001,007"}, "STILLS");
  service.start();
  ASSERT_TRUE(received.wait([](auto& r) { return r.connected_ == 1; }));

  // Busy twice, then the file comes whole; the bytes a busy answer left are not kept.
  camera->busy = 2;
  camera->add("/DCIM/100EOS", "IMG_0001.CR3", std::string(1000, 'a') + "end one", true);
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 1; }));
  EXPECT_EQ(received.files_[0].first, "/DCIM/100EOS/IMG_0001.CR3");
  EXPECT_EQ(received.files_[0].second, std::string(1000, 'a') + "end one");
  EXPECT_EQ(camera->downloads, 3);

  // The cable is pulled half-way through the next file: it is not handed on, not left staged.
  camera->cut = 1;
  const std::string second = std::string(5000, 'b') + "end two";
  camera->add("/DCIM/100EOS", "IMG_0002.CR3", second, true);
  ASSERT_TRUE(received.wait([](auto& r) { return r.disconnected_ == 1; }));
  EXPECT_TRUE(received.wait([](auto& r) { return r.files_.size() == 1; }));
  for (const auto& file : staged_files(dir / "staging")) {
    EXPECT_EQ(file.string().find("IMG_0002"), std::string::npos) << file << " left staged";
  }
  ASSERT_EQ(service.cameras().size(), 1u);
  EXPECT_FALSE(service.cameras()[0].connected);

  // The camera comes back: the file is fetched again, whole, once.
  {
    std::lock_guard lock(camera->mutex);
    camera->present = true;
  }
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 2; }));
  EXPECT_EQ(received.connected_, 2);
  EXPECT_EQ(received.files_[1].first, "/DCIM/100EOS/IMG_0002.CR3");
  EXPECT_EQ(received.files_[1].second, second);
  service.stop();
  EXPECT_EQ(received.files_.size(), 2u);
  EXPECT_EQ(service.cameras().size(), 0u);
}

TEST(Tether, ACameraWithoutEventsIsListedAndItsNewFilesTaken) {
  TempDir dir;
  auto camera = std::make_shared<ScriptedState>();
  camera->has_events = false;
  camera->add("/DCIM/100TEST", "IMG_0001.JPG", "one", false);
  camera->add("/DCIM/100TEST", "IMG_0003.JPG", "three", false);
  Received received;
  received.taken_before("/DCIM/100TEST/IMG_0003.JPG");  // taken by an earlier run
  TetherService service(std::make_shared<ScriptedDriver>(camera), quick(dir / "staging"),
                        received.callbacks());
  service.add({"Scripted", "disk:/nowhere"}, "");
  service.start();
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 1; }));
  EXPECT_EQ(received.files_[0].first, "/DCIM/100TEST/IMG_0001.JPG");

  camera->add("/DCIM/101TEST", "IMG_0002.JPG", "two", false);
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 2; }));
  EXPECT_EQ(received.files_[1].first, "/DCIM/101TEST/IMG_0002.JPG");
  EXPECT_EQ(received.files_[1].second, "two");
  const auto cameras = service.cameras();
  ASSERT_EQ(cameras.size(), 1u);
  EXPECT_TRUE(cameras[0].polled);
  EXPECT_EQ(cameras[0].roll, "scripted-disk-nowhere");
  EXPECT_EQ(cameras[0].files_taken, 2u);
  service.stop();
  for (const auto& [path, content] : received.files_) {
    EXPECT_NE(path, "/DCIM/100TEST/IMG_0003.JPG") << "taken twice";
  }
}

TEST(Tether, AFileThatKeepsFailingIsLeftUntilTheOperatorAsksAgain) {
  TempDir dir;
  auto camera = std::make_shared<ScriptedState>();
  camera->has_events = false;
  camera->broken["/DCIM/100TEST/IMG_0001.JPG"] = 1000;  // a file the camera cannot read back
  camera->add("/DCIM/100TEST", "IMG_0001.JPG", "one", false);
  Received received;
  TetherService service(std::make_shared<ScriptedDriver>(camera), quick(dir / "staging"),
                        received.callbacks());
  service.add({"Scripted", "disk:/nowhere"}, "STILLS");
  service.start();
  // Three failures, then the camera's later shots still come.
  camera->add("/DCIM/100TEST", "IMG_0002.JPG", "two", false);
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 1; }));
  EXPECT_EQ(received.files_[0].first, "/DCIM/100TEST/IMG_0002.JPG");
  EXPECT_FALSE(service.cameras()[0].last_error.empty());
  // Left after three tries: the camera is not asked for it again at every listing.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    std::lock_guard lock(camera->mutex);
    EXPECT_EQ(camera->broken["/DCIM/100TEST/IMG_0001.JPG"], 1000 - 3);
    camera->broken.clear();  // the operator fixed it
  }

  EXPECT_FALSE(service.take_all("no-such-camera"));
  ASSERT_TRUE(service.take_all(camera_id({"Scripted", "disk:/nowhere"})));
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 2; }));
  EXPECT_EQ(received.files_[1].first, "/DCIM/100TEST/IMG_0001.JPG");
  EXPECT_EQ(received.files_[1].second, "one");
}

TEST(Tether, AUsbCameraIsFoundWhenPluggedInAndForgottenWhenUnplugged) {
  TempDir dir;
  auto camera = std::make_shared<ScriptedState>();
  Received received;
  auto options = quick(dir / "staging");
  options.autodetect = true;
  TetherService service(std::make_shared<ScriptedDriver>(camera), options, received.callbacks());
  service.start();
  EXPECT_TRUE(service.cameras().empty());

  {
    std::lock_guard lock(camera->mutex);
    camera->on_usb = {{"Scripted Z 9", "usb:002,004"}};
  }
  service.rescan();  // udev: a USB device was added
  ASSERT_TRUE(received.wait([](auto& r) { return r.connected_ == 1; }));
  auto cameras = service.cameras();
  ASSERT_EQ(cameras.size(), 1u);
  EXPECT_FALSE(cameras[0].configured);
  EXPECT_EQ(cameras[0].id, "scripted-z-9-usb-002-004");
  camera->add("/store_00010001/DCIM/100NZ9", "DSC_0001.NEF", "raw", true);
  ASSERT_TRUE(received.wait([](auto& r) { return r.files_.size() == 1; }));

  {
    std::lock_guard lock(camera->mutex);
    camera->on_usb.clear();
    camera->present = false;
  }
  ASSERT_TRUE(received.wait([](auto& r) { return r.disconnected_ == 1; }));
  service.rescan();  // udev: a USB device was removed
  EXPECT_TRUE(service.cameras().empty());
}

TEST(Tether, CameraIdsAreSlugsOfModelAndPort) {
  EXPECT_EQ(camera_id({"Canon EOS R5", "usb:001,005"}), "canon-eos-r5-usb-001-005");
  EXPECT_EQ(camera_id({"Directory Browse", "disk:/srv/cam"}), "directory-browse-disk-srv-cam");
  EXPECT_EQ(camera_id({"", ""}), "camera");
}

}  // namespace
}  // namespace slate::camera
