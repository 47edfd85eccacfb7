#pragma once
// Block devices that appear are asked of slate-mountd to be mounted under the cards folder, where
// the card monitor then finds them; gone, they are unmounted. A device that cannot be mounted is
// kept as a failure, with the helper's sentence, until it goes or mounts.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <slate/camera/block_devices.hpp>
#include <slate/devices/device_service.hpp>

namespace slate::devices {

class CardAutomount {
 public:
  /// Records an event: kind, entity, payload.
  using Announce = std::function<void(std::string, std::string, std::string)>;

  /// `protected_paths`: the data dir and the destinations; a disk holding one is never a card.
  CardAutomount(AutomountOptions options, std::vector<std::filesystem::path> protected_paths,
                Announce announce);
  ~CardAutomount();

  void start();
  void stop();
  std::vector<MountFailure> failures() const;
  /// Unmounts a card Slate mounted, once its offload is safe; false when it is not one of them.
  bool eject(const std::filesystem::path& mount_point);
  /// Whether a card's folder is one Slate mounted and has not ejected.
  bool mounted_here(const std::filesystem::path& mount_point) const;

 private:
  void on_device(const camera::BlockDevice& device, bool present);
  void appeared(const camera::BlockDevice& device);
  void gone(const camera::BlockDevice& device);

  AutomountOptions options_;
  std::vector<std::filesystem::path> protected_paths_;
  Announce announce_;
  std::unique_ptr<camera::BlockDeviceWatcher> watcher_;
  std::mutex work_;  // one device at a time: the watcher's thread, or an eject
  mutable std::mutex state_;
  std::map<std::string, std::filesystem::path> mounted_;  // device name -> mount point
  std::map<std::string, MountFailure> failures_;          // device name -> why not
};

}  // namespace slate::devices
