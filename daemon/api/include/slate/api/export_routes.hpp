#pragma once
/// Editorial's deliverables over HTTP: GET /api/v1/exports/ale and …/csv (downloads named for
/// their day) and GET /api/v1/check (the wrap check).

#include <slate/api/router.hpp>
#include <slate/catalogue/catalogue.hpp>
#include <slate/production/production_store.hpp>

namespace slate::api {

struct ExportSettings {
  /// [project] camera_audio: the cameras record scratch sound.
  bool camera_audio = false;
};

void add_export_routes(Router& router, catalogue::Catalogue& catalogue,
                       production::ProductionStore& production, ExportSettings settings);

}  // namespace slate::api
