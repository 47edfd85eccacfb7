#include <slate/devices/device_service.hpp>

namespace slate::devices {

void add_device_routes(api::Router& router, DeviceService& devices,
                       offload::OffloadService& offloads, offload::OffloadDefaults defaults) {
  router.add("GET", "/api/v1/cards", api::Right::read, [&devices](api::Request&) {
    return api::Response::json({{"cards", devices.cards()}});
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
               return offload::start_offload(
                   offloads, defaults, request,
                   offload::FoundSource{card->path, card->layout.roll, card->label});
             });
  router.add("GET", "/api/v1/cameras", api::Right::read, [&devices](api::Request&) {
    return api::Response::json({{"cameras", devices.cameras()}});
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

}  // namespace slate::devices
