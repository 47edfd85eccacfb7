#include <slate/api/device_routes.hpp>
#include <slate/api/offload_routes.hpp>
#include <slate/core/clock.hpp>
#include <slate/core/file_name.hpp>

namespace slate::api {

namespace {

using nlohmann::json;

// The same shape as a card.inserted event's payload (devices/src/device_events.cpp).
json card_json(const camera::Card& card) {
  return {{"id", card.id},
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
          {"inserted_at", core::utc_text(card.inserted_at)}};
}

// The same shape as a camera.connected event's payload.
json camera_json(const camera::TetheredCamera& camera) {
  return {{"id", camera.id},
          {"model", camera.spec.model},
          {"port", camera.spec.port},
          {"configured", camera.configured},
          {"roll", camera.roll},
          {"connected", camera.connected},
          {"polled", camera.polled},
          {"files_taken", camera.files_taken},
          {"bytes_taken", camera.bytes_taken},
          {"last_error", camera.last_error}};
}

json offload_json(const offload::OffloadRecord& record) {
  return {{"id", record.id},
          {"state", record.state},
          {"verdict", record.verdict.empty() ? json(nullptr) : json(record.verdict)},
          {"reason", record.reason}};
}

}  // namespace

void add_device_routes(Router& router, devices::DeviceService& devices,
                       offload::OffloadService& offloads, offload::OffloadDefaults defaults) {
  router.add("GET", "/api/v1/cards", api::Right::read, [&devices](api::Request&) {
    json list = json::array();
    for (const auto& view : devices.cards()) {
      auto entry = card_json(view.card);
      entry["offload"] = view.offload ? offload_json(*view.offload) : json(nullptr);
      list.push_back(std::move(entry));
    }
    // The same shape as a card.mount_failed event's payload.
    json failures = json::array();
    for (const auto& failure : devices.mount_failures()) {
      failures.push_back({{"device", core::printable_name(failure.device)},
                          {"file_system", core::printable_name(failure.file_system)},
                          {"error", core::printable_name(failure.error)},
                          {"at", core::utc_text(failure.at)}});
    }
    return api::Response::json({{"cards", list}, {"mount_failures", failures}});
  });
  // A tablet offloads a card by the id the box gave it, never by a folder it names: what it can
  // copy is only what is in the box.
  router.add("POST", "/api/v1/cards/{id}/offload", api::Right::offload,
             [&devices, &offloads, defaults](api::Request& request) {
               const auto& id = request.params.at("id");
               const auto card = devices.card(id);
               if (!card) {
                 return api::Response::error(
                     404, "not_found",
                     "There is no card \"" + id +
                         "\" in the box now (GET /api/v1/cards lists those present).");
               }
               return start_offload(offloads, defaults, request,
                                    FoundSource{card->path, card->layout.roll, card->label});
             });
  router.add("GET", "/api/v1/cameras", api::Right::read, [&devices](api::Request&) {
    json list = json::array();
    for (const auto& camera : devices.cameras()) {
      list.push_back(camera_json(camera));
    }
    return api::Response::json({{"cameras", list}});
  });
  router.add("POST", "/api/v1/cameras/{id}/offload", api::Right::offload,
             [&devices](api::Request& request) {
               const auto& id = request.params.at("id");
               if (!devices.offload_camera(id)) {
                 return api::Response::error(404, "not_found",
                                             "There is no camera \"" + id + "\".");
               }
               return api::Response::json({{"camera", id}, {"queued", true}}, 202);
             });
}

}  // namespace slate::api
