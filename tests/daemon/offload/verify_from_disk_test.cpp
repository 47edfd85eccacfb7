// The read-back that makes a copy "verified" reads the disk, not the page cache: a copy damaged on
// the disk after it was written, while its good pages are still cached, is caught.
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <new>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <slate/testing/process.hpp>

#include "offload_fixture.hpp"

namespace slate::offload {
namespace {

using slate::testing::read_file;
using slate::testing::run_command;
using testing::make_card;
using testing::OffloadTest;

constexpr const char* kLosetup = "/usr/sbin/losetup";
constexpr const char* kMkfs = "/usr/sbin/mkfs.ext4";
constexpr const char* kDamagedClip = "A002C007_141024_R2EC.mov";
constexpr std::size_t kSector = 4096;

// Where the file's first byte lies on the device under its file system (FIEMAP), or -1.
off_t physical_offset(int fd) {
  // struct fiemap ends in a flexible array: room for one extent after it.
  alignas(fiemap) std::array<std::byte, sizeof(fiemap) + sizeof(fiemap_extent)> memory{};
  auto* map = new (memory.data()) fiemap{};
  map->fm_start = 0;
  map->fm_length = FIEMAP_MAX_OFFSET;
  map->fm_flags = FIEMAP_FLAG_SYNC;
  map->fm_extent_count = 1;
  if (::ioctl(fd, FS_IOC_FIEMAP, map) != 0 || map->fm_mapped_extents == 0 ||
      map->fm_extents[0].fe_logical != 0) {
    return -1;
  }
  return static_cast<off_t>(map->fm_extents[0].fe_physical);
}

// An ext4 image on a loop device, mounted for the test; all of it undone at the end.
class LoopDrive {
 public:
  LoopDrive(const std::filesystem::path& image, const std::filesystem::path& mount_point)
      : mount_point_(mount_point) {
    {
      const int fd = ::open(image.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
      if (fd < 0 || ::ftruncate(fd, 64 * 1024 * 1024) != 0) {
        error_ = "cannot make the image " + image.string() + ": " + std::strerror(errno);
        return;
      }
      ::close(fd);
    }
    if (auto made = run_command({kMkfs, "-q", "-F", image.string()}); made.exit_code != 0) {
      error_ = "mkfs.ext4 failed: " + made.err;
      return;
    }
    auto attached = run_command({kLosetup, "-f", "--show", image.string()});
    if (attached.exit_code != 0) {
      error_ = "losetup -f --show failed: " + attached.err;
      return;
    }
    device_ = attached.out.substr(0, attached.out.find('\n'));
    std::filesystem::create_directories(mount_point);
    if (::mount(device_.c_str(), mount_point.c_str(), "ext4", 0, nullptr) != 0) {
      error_ = "cannot mount " + device_ + ": " + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~LoopDrive() {
    if (mounted_) {
      ::umount2(mount_point_.c_str(), MNT_DETACH);
    }
    if (!device_.empty()) {
      run_command({kLosetup, "-d", device_});
    }
  }
  LoopDrive(const LoopDrive&) = delete;
  LoopDrive& operator=(const LoopDrive&) = delete;

  bool ready() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& device() const { return device_; }

 private:
  std::filesystem::path mount_point_;
  std::string device_;
  bool mounted_ = false;
  std::string error_;
};

class OffloadVerifyFromDisk : public OffloadTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "loop devices and mounts need root; this test runs as uid " << ::geteuid();
    }
    if (::access(kMkfs, X_OK) != 0 || ::access(kLosetup, X_OK) != 0) {
      GTEST_SKIP() << "mkfs.ext4 or losetup is not installed: no drive image can be made";
    }
    if (run_command({kLosetup, "-f"}).exit_code != 0) {
      GTEST_SKIP() << "no free loop device here (losetup -f fails): no drive can be attached";
    }
  }
};

// Between the copy's sync and its read-back: its pages are read into the page cache, then a
// sector of it is overwritten on the device itself, beneath the file system. Returns what went
// wrong, or nothing.
std::string damage_on_disk(const std::filesystem::path& copy, const std::string& device,
                           const std::string& card_bytes) {
  const int file = ::open(copy.c_str(), O_RDONLY);
  if (file < 0) {
    return "cannot open the copy " + copy.string();
  }
  // Read through the cache: every page of the copy is now cached, and good.
  std::string cached(card_bytes.size(), '\0');
  const auto got = ::pread(file, cached.data(), cached.size(), 0);
  const off_t physical = physical_offset(file);
  if (got != static_cast<ssize_t>(card_bytes.size()) || cached != card_bytes || physical < 0) {
    ::close(file);
    return "the copy could not be read, or FIEMAP gave no extent for it";
  }
  const int disk = ::open(device.c_str(), O_RDWR | O_DIRECT);
  void* memory = nullptr;
  if (disk < 0 || posix_memalign(&memory, kSector, kSector) != 0) {
    ::close(file);
    return "cannot open the loop device " + device;
  }
  auto* sector = static_cast<unsigned char*>(memory);
  std::string problem;
  if (::pread(disk, sector, kSector, physical) != static_cast<ssize_t>(kSector)) {
    problem = "cannot read the device at the copy's offset";
  } else {
    for (std::size_t i = 0; i < kSector; ++i) {
      sector[i] ^= 0xff;
    }
    if (::pwrite(disk, sector, kSector, physical) != static_cast<ssize_t>(kSector) ||
        ::fsync(disk) != 0) {
      problem = "cannot write the device at the copy's offset";
    }
  }
  std::free(memory);
  ::close(disk);
  // The cache still holds the good bytes: a read-back through it would find nothing wrong.
  std::string again(kSector, '\0');
  if (problem.empty() && (::pread(file, again.data(), kSector, 0) != kSector ||
                          again != card_bytes.substr(0, kSector))) {
    problem = "the damage reached the page cache too: the test proves nothing";
  }
  ::close(file);
  return problem;
}

TEST_F(OffloadVerifyFromDisk, CopyDamagedOnDiskWhileItsPagesAreCachedFailsVerification) {
  const auto card = dir_ / "card";
  make_card(card);
  const auto drive = dir_ / "drive";
  LoopDrive loop(dir_ / "drive.img", drive);
  ASSERT_TRUE(loop.ready()) << loop.error();
  const std::string card_bytes = read_file(card / kDamagedClip);

  auto env = environment();
  std::string damage;
  bool damaged = false;
  env.before_read_back = [&](const std::filesystem::path& copy) {
    if (!damaged && copy.filename() == kDamagedClip && copy.string().starts_with(drive.string())) {
      damaged = true;
      damage = damage_on_disk(copy, loop.device(), card_bytes);
    }
  };
  const auto record = run(request(card, {drive, dir_ / "shuttle"}), env);

  ASSERT_TRUE(damaged) << "the copy on the drive was never read back";
  ASSERT_EQ(damage, "");
  EXPECT_EQ(record.verdict, "not_safe");
  const auto damaged_file = [&] {
    for (std::size_t i = 0; i < record.files.size(); ++i) {
      if (record.files[i].file.relative_path == kDamagedClip) {
        return i;
      }
    }
    return record.files.size();
  }();
  ASSERT_LT(damaged_file, record.files.size());
  const auto& on_drive = record.copies[damaged_file][0];
  EXPECT_EQ(on_drive.state, CopyState::failed);
  EXPECT_NE(on_drive.reason.find("the copy is damaged"), std::string::npos) << on_drive.reason;
  EXPECT_EQ(record.copies[damaged_file][1].state, CopyState::verified)
      << "the other destination's copy is good";
  EXPECT_NE(record.destinations[0].reason.find(kDamagedClip), std::string::npos)
      << record.destinations[0].reason;
}

}  // namespace
}  // namespace slate::offload
