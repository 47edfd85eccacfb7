#pragma once
/// Block devices coming and going, seen without udevd: the kernel's own uevents (a netlink socket)
/// and /sys/class/block, looked at again every few seconds should an event be missed or the
/// socket refused.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace slate::camera {

/// One kernel uevent, as sent to NETLINK_KOBJECT_UEVENT group 1.
struct Uevent {
  std::string action;                                          ///< "add", "remove", "change"…
  std::string devpath;                                         ///< "/devices/virtual/block/loop3"
  std::map<std::string, std::string, std::less<>> properties;  ///< SUBSYSTEM, DEVNAME, DEVTYPE…

  std::string property(std::string_view name) const;
};

/// Parses one datagram: "ACTION@DEVPATH" then NUL-separated KEY=VALUE pairs. nullopt for what is
/// not a kernel uevent (udevd's "libudev" messages included) or disagrees with its own header.
std::optional<Uevent> parse_uevent(std::string_view datagram);

/// A non-blocking socket on the kernel's own uevents (NETLINK_KOBJECT_UEVENT, group 1), which
/// work with or without udevd; -1 with errno set when the kernel refuses it.
int open_kernel_uevents();
/// The uevents waiting on `fd` that the kernel itself sent, in order; none when none waits.
std::vector<Uevent> read_kernel_uevents(int fd);

/// A block device as /sys/class/block shows it.
struct BlockDevice {
  std::string name;            ///< "sdb1", "loop3"
  std::filesystem::path node;  ///< "/dev/sdb1"
  dev_t device = 0;
  std::uint64_t size_bytes = 0;
  bool partition = false;
  std::string disk;  ///< The whole disk it is on: its own name for a disk.
  bool has_partitions = false;
  bool removable = false;
  bool loop = false;
  std::filesystem::path backing_file;  ///< A loop device's image; empty when detached.
  bool autoclear =
      false;  ///< A loop device detached once its last user goes (losetup -d when busy).

  bool operator==(const BlockDevice&) const = default;
};

/// Reads one device's folder of /sys/class/block (`folder`/`name`); nullopt when it is gone.
std::optional<BlockDevice> read_block_device(const std::filesystem::path& folder,
                                             const std::string& name);
/// Every block device in `folder` (/sys/class/block), sorted by name.
std::vector<BlockDevice> scan_block_devices(
    const std::filesystem::path& folder = "/sys/class/block");

struct CardDeviceRules {
  /// Loop devices are images set up by hand (tests, demos): cards only when asked for.
  bool loop_devices = false;
};

/// Whether a block device may hold a card: it has a size, is not a RAM disk, device-mapper or RAID
/// device, not a whole disk whose partitions are the volumes; a loop device only by `rules`, and
/// only while attached to a file and not set to detach (autoclear).
bool may_be_card(const BlockDevice& device, const CardDeviceRules& rules);

struct BlockWatcherOptions {
  CardDeviceRules rules;
  std::filesystem::path sys_block = "/sys/class/block";
  /// How often /sys/class/block is read even without an event.
  std::chrono::milliseconds rescan{2000};
};

/// Watches for devices that may hold a card: appeared (present true) and gone (false), once each.
/// A loop device set to detach while in use (losetup -d of a mounted image) counts as gone.
class BlockDeviceWatcher {
 public:
  /// Called on the watcher's thread.
  using Listener = std::function<void(const BlockDevice& device, bool present)>;

  BlockDeviceWatcher(BlockWatcherOptions options, Listener listener);
  ~BlockDeviceWatcher();
  BlockDeviceWatcher(const BlockDeviceWatcher&) = delete;
  BlockDeviceWatcher& operator=(const BlockDeviceWatcher&) = delete;

  /// Watches on a thread of its own until stop(), first reporting the devices present now.
  void start();
  void stop();
  /// One look at /sys/class/block (the thread's work; public for tests).
  void rescan();
  /// Whether kernel uevents are being read (false where the socket is refused).
  bool hears_uevents() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::camera
