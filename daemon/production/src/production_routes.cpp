#include <slate/production/production_routes.hpp>

namespace slate::production {

void add_production_routes(api::Router& router, ProductionStore& store) {
  router.add("GET", "/api/v1/project",
             [&store](api::Request&) { return api::Response::json(store.current()); });
  router.add("GET", "/api/v1/scenes", [&store](api::Request&) {
    return api::Response::json({{"scenes", store.scenes()}});
  });
  // The body is the CSV file itself; ?dry_run=true reports what would change and changes nothing.
  router.add("POST", "/api/v1/shotlist", [&store](api::Request& request) {
    const auto dry_run = request.query_value("dry_run");
    if (dry_run && *dry_run != "true" && *dry_run != "false") {
      return api::Response::error(400, "bad_request", "dry_run is true or false.");
    }
    if (request.body.empty()) {
      return api::Response::error(400, "bad_request",
                                  "The body must be the shot list, a CSV file (see "
                                  "schemas/shotlist.md).");
    }
    const auto report = store.import_shot_list(request.body, dry_run && *dry_run == "true",
                                               request.actor.empty() ? "api" : request.actor);
    return api::Response::json(report.to_json(), report.errors.empty() ? 200 : 422);
  });
}

}  // namespace slate::production
