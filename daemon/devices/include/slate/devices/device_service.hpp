#pragma once
/// Cards and tethered cameras in the running appliance: noticed, announced as events, listed by
/// the API, and offloaded through the same verified pipeline as everything else.

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

struct DeviceOptions {
  camera::CardMonitorOptions cards;
  /// Offload each card as it is noticed, to the default destinations.
  bool auto_offload = false;
  camera::TetherOptions tether;
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
  std::vector<camera::TetheredCamera> cameras();
  /// Offloads every file on the camera not taken before. False when there is no such camera.
  bool offload_camera(const std::string& id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::devices
