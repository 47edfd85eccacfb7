#pragma once
/// The take log's routes: rolls, cuts, marks, renumbering, undo, clips on takes. (The project,
/// days, scenes and the shot list are in project_routes.hpp.)

#include <slate/api/router.hpp>
#include <slate/production/take_store.hpp>

namespace slate::api {

void add_take_routes(Router& router, production::TakeStore& takes);

}  // namespace slate::api
