#pragma once
/// Cards and tethered cameras in the running appliance: noticed, announced as events, listed by
/// the API, and offloaded through the same verified pipeline as everything else.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <slate/camera/camera_driver.hpp>
#include <slate/camera/card_monitor.hpp>
#include <slate/camera/tether.hpp>
#include <slate/catalogue/catalogue.hpp>
#include <slate/offload/offload_defaults.hpp>
#include <slate/offload/offload_service.hpp>

namespace slate::devices {

/// `[cards]` automount: block devices that appear are mounted by slate-mountd, Slate's own
/// privileged helper, under `cards_dir` (one of the card monitor's mount roots).
struct AutomountOptions {
  bool enabled = false;
  std::filesystem::path helper_socket = "/run/slate/mountd.sock";
  std::filesystem::path cards_dir = "/run/slate/cards";
  /// Loop devices (images set up by hand: tests, demos) are cards too.
  bool loop_devices = false;
  /// A card is unmounted once its offload is safe to format.
  bool eject_when_safe = false;
  std::chrono::milliseconds rescan{2000};
};

/// A device that appeared and could not be mounted as a card: shown until it goes or mounts.
struct MountFailure {
  std::string device;       ///< "/dev/sdb1"
  std::string file_system;  ///< What it holds, as libblkid names it; empty if none or unknown.
  std::string error;        ///< The helper's sentence.
  std::chrono::system_clock::time_point at;
};

/// `[tether]` batches: a burst of stills is one offload, each still verified as it comes, its ASC
/// MHL generation and verdict written when the burst ends.
struct TetherBatching {
  /// The batch closes once no still has come for this long; zero: an offload per still.
  std::chrono::milliseconds gap{5000};
  std::size_t max_files = 500;  ///< Or once it holds this many.
};

struct DeviceOptions {
  camera::CardMonitorOptions cards;
  AutomountOptions automount;
  /// Offload each card as it is noticed, to the default destinations.
  bool auto_offload = false;
  camera::TetherOptions tether;
  TetherBatching batching;
  struct ConfiguredCamera {
    camera::CameraSpec spec;
    std::string roll;
  };
  std::vector<ConfiguredCamera> cameras;
  /// What offloads of cards and tethered files are made of.
  offload::OffloadDefaults offload;
};

/// A card present in the box, with its latest offload (and so its safe-to-format verdict).
struct CardView {
  camera::Card card;
  std::optional<offload::OffloadRecord> offload;
};

class DeviceService {
 public:
  DeviceService(catalogue::Catalogue& catalogue, offload::OffloadService& offloads,
                DeviceOptions options,
                std::shared_ptr<camera::CameraDriver> driver = camera::gphoto2_driver());
  ~DeviceService();
  DeviceService(const DeviceService&) = delete;
  DeviceService& operator=(const DeviceService&) = delete;

  /// Looks at the mounts, watch folders and cameras, and keeps watching until stop().
  void start();
  void stop();

  /// The cards present, each with its latest offload.
  std::vector<CardView> cards();
  /// The card present with this id (as GET /api/v1/cards gives it), if any.
  std::optional<camera::Card> card(const std::string& id) const;
  /// Devices that could not be mounted as cards, while they are present.
  std::vector<MountFailure> mount_failures() const;
  std::vector<camera::TetheredCamera> cameras();
  /// Offloads every file on the camera not taken before. False when there is no such camera.
  bool offload_camera(const std::string& id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::devices
