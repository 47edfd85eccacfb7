#pragma once
// The payloads of the devices library's events, as JSON text: made here and nowhere else in it.
// A card.inserted payload is a card as GET /api/v1/cards lists it, a camera.connected one a camera
// as GET /api/v1/cameras does (the schema test holds both to one schema).

#include <cstdint>
#include <string>

#include <slate/camera/card_monitor.hpp>
#include <slate/camera/tether.hpp>

namespace slate::devices::payload {

std::string card(const camera::Card& card);
/// card.mount_failed: {device, file_system, error, at}, as GET /api/v1/cards lists mount failures.
std::string mount_failure(const std::string& device, const std::string& file_system,
                          const std::string& error, const std::string& at);
/// card.mounted: {device, mount_point, file_system, label, uuid}.
std::string card_mounted(const std::string& device, const std::string& mount_point,
                         const std::string& file_system, const std::string& label,
                         const std::string& uuid);
/// card.unmounted: {device, mount_point, reason}; card.mount_failure_cleared: {device}.
std::string card_unmounted(const std::string& device, const std::string& mount_point,
                           const std::string& reason);
std::string device_gone(const std::string& device);
/// camera.connected, or with `reason` camera.disconnected.
std::string camera(const camera::TetheredCamera& camera, const std::string& reason = {});
std::string camera_file_added(const camera::TetheredCamera& camera, const camera::CameraFile& file,
                              std::int64_t offload_id);

}  // namespace slate::devices::payload
