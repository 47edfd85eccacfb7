#include "device_events.hpp"

#include <nlohmann/json.hpp>

#include <slate/core/clock.hpp>
#include <slate/core/file_name.hpp>

namespace slate::devices::payload {
namespace {

using nlohmann::json;

std::string text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string card(const camera::Card& card) {
  return text({{"id", card.id},
               {"path", core::printable_name(card.path.string())},
               {"kind", card.kind},
               {"label", core::printable_name(card.label)},
               {"uuid", card.uuid},
               {"device", card.device},
               {"file_system", card.file_system},
               {"capacity_bytes", card.capacity_bytes},
               {"used_bytes", card.used_bytes},
               {"files", card.file_count},
               {"clips", card.layout.clips},
               {"layout", camera::to_string(card.layout.layout)},
               {"roll", core::printable_name(card.layout.roll)},
               {"inserted_at", core::utc_text(card.inserted_at)}});
}

std::string mount_failure(const std::string& device, const std::string& file_system,
                          const std::string& error, const std::string& at) {
  return text({{"device", core::printable_name(device)},
               {"file_system", core::printable_name(file_system)},
               {"error", core::printable_name(error)},
               {"at", at}});
}

std::string card_mounted(const std::string& device, const std::string& mount_point,
                         const std::string& file_system, const std::string& label,
                         const std::string& uuid) {
  return text({{"device", core::printable_name(device)},
               {"mount_point", core::printable_name(mount_point)},
               {"file_system", file_system},
               {"label", core::printable_name(label)},
               {"uuid", core::printable_name(uuid)}});
}

std::string card_unmounted(const std::string& device, const std::string& mount_point,
                           const std::string& reason) {
  return text({{"device", core::printable_name(device)},
               {"mount_point", core::printable_name(mount_point)},
               {"reason", reason}});
}

std::string device_gone(const std::string& device) {
  return text({{"device", core::printable_name(device)}});
}

std::string camera(const camera::TetheredCamera& camera, const std::string& reason) {
  json result = {{"id", camera.id},
                 {"model", camera.spec.model},
                 {"port", camera.spec.port},
                 {"configured", camera.configured},
                 {"roll", camera.roll},
                 {"connected", camera.connected},
                 {"polled", camera.polled},
                 {"files_taken", camera.files_taken},
                 {"bytes_taken", camera.bytes_taken},
                 {"last_error", camera.last_error}};
  if (!reason.empty()) {
    result["reason"] = reason;
  }
  return text(result);
}

std::string camera_file_added(const camera::TetheredCamera& camera, const camera::CameraFile& file,
                              std::int64_t offload_id) {
  return text({{"camera", camera.id},
               {"path", core::printable_name(file.path())},
               {"size", file.size},
               {"roll", camera.roll},
               {"offload", offload_id == 0 ? json(nullptr) : json(offload_id)}});
}

}  // namespace slate::devices::payload
