#pragma once
/// The take routes: POST /api/v1/setups/{id}/roll, POST /api/v1/takes/{id}/cut, PATCH
/// /api/v1/takes/{id}, GET /api/v1/takes[?day=N]. (The project, scenes, days and shot list are in
/// slate/api/project_routes.hpp.)

#include <slate/api/router.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>

namespace slate::production {

void add_production_routes(api::Router& router, ProductionStore& store, TakeStore& takes);

}  // namespace slate::production
