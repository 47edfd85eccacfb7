#pragma once
/// The production's routes: the project, shooting days, scenes and setups, the shot list
/// (add_project_routes); rolls, cuts, marks, undo, clips on takes (add_take_routes).

#include <slate/api/router.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/take_store.hpp>

namespace slate::api {

void add_project_routes(Router& router, production::ProductionStore& store);
void add_take_routes(Router& router, production::TakeStore& takes);

}  // namespace slate::api
