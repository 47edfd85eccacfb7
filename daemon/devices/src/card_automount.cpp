#include "card_automount.hpp"

#include <set>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <slate/camera/mounts.hpp>
#include <slate/cardmount/mount_client.hpp>
#include <slate/core/clock.hpp>
#include <slate/log/log.hpp>

#include "device_events.hpp"

namespace slate::devices {

namespace fs = std::filesystem;

namespace {

bool is_inside(const fs::path& path, const fs::path& folder) {
  const auto relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
  return !relative.empty() && *relative.begin() != ".." && *relative.begin() != ".";
}

// The whole disk a device number is on ("sda" for sda1), from sysfs; empty if not a block device.
std::string disk_of(dev_t device) {
  if (major(device) == 0) {
    return {};
  }
  std::error_code error;
  const auto dir = fs::canonical(
      "/sys/dev/block/" + std::to_string(major(device)) + ":" + std::to_string(minor(device)),
      error);
  if (error) {
    return {};
  }
  return (fs::exists(dir / "partition", error) ? dir.parent_path() : dir).filename().string();
}

}  // namespace

CardAutomount::CardAutomount(AutomountOptions options, std::vector<fs::path> protected_paths,
                             Announce announce)
    : options_(std::move(options)),
      protected_paths_(std::move(protected_paths)),
      announce_(std::move(announce)) {
  options_.cards_dir = fs::absolute(options_.cards_dir).lexically_normal();
}

CardAutomount::~CardAutomount() {
  stop();
}

void CardAutomount::start() {
  camera::BlockWatcherOptions watch;
  watch.rules.loop_devices = options_.loop_devices;
  watch.rescan = options_.rescan;
  watcher_ = std::make_unique<camera::BlockDeviceWatcher>(
      watch,
      [this](const camera::BlockDevice& device, bool present) { on_device(device, present); });
  log::info("card automount: block devices that appear are mounted in " +
            options_.cards_dir.string() + " by the mount helper at " +
            options_.helper_socket.string());
  watcher_->start();
}

void CardAutomount::stop() {
  if (watcher_) {
    watcher_->stop();
  }
}

std::vector<MountFailure> CardAutomount::failures() const {
  std::lock_guard lock(state_);
  std::vector<MountFailure> list;
  for (const auto& [name, failure] : failures_) {
    list.push_back(failure);
  }
  return list;
}

bool CardAutomount::mounted_here(const fs::path& mount_point) const {
  std::lock_guard lock(state_);
  for (const auto& [name, point] : mounted_) {
    if (point == mount_point.lexically_normal()) {
      return true;
    }
  }
  return false;
}

void CardAutomount::on_device(const camera::BlockDevice& device, bool present) {
  std::lock_guard work(work_);
  try {
    present ? appeared(device) : gone(device);
  } catch (const std::exception& error) {
    log::error("card automount: " + device.node.string() + ": " + error.what());
  }
}

void CardAutomount::appeared(const camera::BlockDevice& device) {
  // A disk holding the system, the data dir or a destination is never a card, nor any of its
  // partitions (an EFI partition is FAT too).
  std::set<std::string> busy_disks;
  std::optional<fs::path> mounted_on;
  for (const auto& mount : camera::read_mount_table()) {
    struct stat node {};
    const dev_t source = mount.source.starts_with("/dev/") &&
                                 ::stat(mount.source.c_str(), &node) == 0 && S_ISBLK(node.st_mode)
                             ? node.st_rdev
                             : 0;
    if (mount.device == device.device || source == device.device) {
      mounted_on = mount.mount_point;
    }
    if (!is_inside(mount.mount_point, options_.cards_dir)) {
      for (const dev_t used : {mount.device, source}) {
        if (const auto disk = disk_of(used); !disk.empty()) {
          busy_disks.insert(disk);
        }
      }
    }
  }
  for (const auto& path : protected_paths_) {
    struct stat where {};
    if (::stat(path.c_str(), &where) == 0) {
      if (const auto disk = disk_of(where.st_dev); !disk.empty()) {
        busy_disks.insert(disk);
      }
    }
  }
  if (mounted_on) {
    if (is_inside(*mounted_on, options_.cards_dir)) {
      // Mounted by the helper before slated (re)started: still Slate's to unmount.
      std::lock_guard lock(state_);
      mounted_[device.name] = mounted_on->lexically_normal();
    } else {
      log::debug("card automount: " + device.node.string() + " is mounted on " +
                 mounted_on->string() + " already");
    }
    return;
  }
  if (busy_disks.contains(device.disk)) {
    log::debug("card automount: " + device.node.string() + " is on " + device.disk +
               ", which holds the system, the data dir or a destination");
    return;
  }

  const cardmount::MountHelperClient helper(options_.helper_socket);
  const auto reply = helper.mount(device.node.string());
  if (reply.ok) {
    log::notice("card automount: " + device.node.string() + " (" + reply.volume.file_system +
                ") mounted read-only on " + reply.volume.mount_point.string());
    {
      std::lock_guard lock(state_);
      mounted_[device.name] = reply.volume.mount_point.lexically_normal();
      failures_.erase(device.name);
    }
    announce_(
        "card.mounted", "device/" + device.name,
        payload::card_mounted(device.node.string(), reply.volume.mount_point.string(),
                              reply.volume.file_system, reply.volume.label, reply.volume.uuid));
    return;
  }
  log::warning("card automount: " + device.node.string() + " not mounted: " + reply.error);
  MountFailure failure{device.node.string(), reply.file_system, reply.error,
                       std::chrono::system_clock::now()};
  {
    std::lock_guard lock(state_);
    failures_[device.name] = failure;
  }
  announce_("card.mount_failed", "device/" + device.name,
            payload::mount_failure(failure.device, failure.file_system, failure.error,
                                   core::utc_text(failure.at)));
}

void CardAutomount::gone(const camera::BlockDevice& device) {
  std::optional<fs::path> point;
  bool had_failed = false;
  {
    std::lock_guard lock(state_);
    had_failed = failures_.erase(device.name) > 0;
    if (const auto found = mounted_.find(device.name); found != mounted_.end()) {
      point = found->second;
      mounted_.erase(found);
    }
  }
  if (had_failed) {
    announce_("card.mount_failure_cleared", "device/" + device.name,
              payload::device_gone(device.node.string()));
  }
  if (!point) {
    return;
  }
  const cardmount::MountHelperClient helper(options_.helper_socket);
  const auto reply = helper.unmount(*point);
  if (!reply.ok) {
    log::warning("card automount: " + device.node.string() + " is gone but " + point->string() +
                 " could not be unmounted: " + reply.error);
    return;
  }
  log::notice("card automount: " + device.node.string() + " is gone; unmounted " + point->string());
  announce_("card.unmounted", "device/" + device.name,
            payload::card_unmounted(device.node.string(), point->string(), "removed"));
}

bool CardAutomount::eject(const fs::path& mount_point) {
  std::lock_guard work(work_);
  std::string name;
  {
    std::lock_guard lock(state_);
    for (const auto& [device, point] : mounted_) {
      if (point == mount_point.lexically_normal()) {
        name = device;
      }
    }
    if (name.empty()) {
      return false;
    }
  }
  const cardmount::MountHelperClient helper(options_.helper_socket);
  const auto reply = helper.unmount(mount_point);
  if (!reply.ok) {
    log::warning("card automount: cannot eject " + mount_point.string() + ": " + reply.error);
    return false;
  }
  {
    std::lock_guard lock(state_);
    mounted_.erase(name);
  }
  log::notice("card automount: " + mount_point.string() +
              " is safe to format; unmounted, the card can be taken out");
  announce_("card.unmounted", "device/" + name,
            payload::card_unmounted("/dev/" + name, mount_point.string(), "safe"));
  return true;
}

}  // namespace slate::devices
