#pragma once
/// The production API so far: GET /api/v1/project, GET /api/v1/scenes, POST /api/v1/shotlist.

#include <slate/api/router.hpp>
#include <slate/production/production_store.hpp>

namespace slate::production {

void add_production_routes(api::Router& router, ProductionStore& store);

}  // namespace slate::production
