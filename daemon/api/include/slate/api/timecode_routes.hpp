#pragma once
/// The box's clock over HTTP: what it reads and why, and jams by a person.

#include <slate/api/router.hpp>
#include <slate/production/box_clock.hpp>

namespace slate::api {

void add_timecode_routes(Router& router, production::BoxClock& clock);

}  // namespace slate::api
