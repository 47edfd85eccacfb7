#pragma once
/// The production API so far: GET /api/v1/project, GET /api/v1/scenes, POST /api/v1/shotlist;
/// POST /api/v1/setups/{id}/roll, POST /api/v1/takes/{id}/cut, PATCH /api/v1/takes/{id},
/// GET /api/v1/takes[?day=N].

#include <slate/api/router.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>

namespace slate::production {

void add_production_routes(api::Router& router, ProductionStore& store, TakeStore& takes);

}  // namespace slate::production
