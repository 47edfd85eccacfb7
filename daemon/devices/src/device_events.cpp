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
