#include <slate/devices/device_service.hpp>

namespace slate::devices {

void add_device_routes(api::Router& router, DeviceService& devices) {
  router.add("GET", "/api/v1/cards", [&devices](api::Request&) {
    return api::Response::json({{"cards", devices.cards()}});
  });
  router.add("GET", "/api/v1/cameras", [&devices](api::Request&) {
    return api::Response::json({{"cameras", devices.cameras()}});
  });
  router.add("POST", "/api/v1/cameras/{id}/offload", [&devices](api::Request& request) {
    const auto& id = request.params.at("id");
    if (!devices.offload_camera(id)) {
      return api::Response::error(404, "not_found", "There is no camera \"" + id + "\".");
    }
    return api::Response::json({{"camera", id}, {"queued", true}}, 202);
  });
}

}  // namespace slate::devices
