#pragma once
/// Editorial's deliverables over HTTP: GET /api/v1/exports/ale and …/csv (downloads named for
/// their day) and GET /api/v1/check (the wrap check); the PDF reports: GET
/// /api/v1/offloads/{id}/report.pdf and GET /api/v1/reports/day?kind=editors-log|progress.

#include <slate/api/router.hpp>
#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/offload_reports.hpp>
#include <slate/exports/report_data.hpp>
#include <slate/production/production_store.hpp>

namespace slate::api {

struct ExportSettings {
  /// [project] camera_audio: the cameras record scratch sound.
  bool camera_audio = false;
};

void add_export_routes(Router& router, catalogue::Catalogue& catalogue,
                       production::ProductionStore& production, ExportSettings settings);

void add_report_routes(Router& router, catalogue::Catalogue& catalogue,
                       exports::OffloadReports& offload_reports, exports::ReportSettings settings);

}  // namespace slate::api
