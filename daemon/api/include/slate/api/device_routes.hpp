#pragma once
/// The devices API: the cards and tethered cameras in the box, offloaded by the ids it gave.

#include <slate/api/router.hpp>
#include <slate/devices/device_service.hpp>
#include <slate/offload/offload_defaults.hpp>
#include <slate/offload/offload_service.hpp>

namespace slate::api {

/// GET /api/v1/cards, POST /api/v1/cards/{id}/offload, GET /api/v1/cameras,
/// POST /api/v1/cameras/{id}/offload: what tablets offload, by the ids the box gave.
void add_device_routes(Router& router, devices::DeviceService& devices,
                       offload::OffloadService& offloads, offload::OffloadDefaults defaults);

}  // namespace slate::api
