#pragma once
/// The production's project, shooting days and shot list over HTTP: GET and PATCH
/// /api/v1/project, GET and POST /api/v1/scenes, POST /api/v1/scenes/{id}/setups, GET and POST
/// /api/v1/days, PUT /api/v1/days/current, POST /api/v1/shotlist — their JSON, statuses and rights.

#include <slate/api/router.hpp>

namespace slate::production {
class ProductionStore;
}

namespace slate::api {

void add_project_routes(Router& router, production::ProductionStore& store);

}  // namespace slate::api
