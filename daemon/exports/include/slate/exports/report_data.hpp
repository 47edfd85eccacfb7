#pragma once
/// What the PDF reports say, read from the catalogue: a card's offload report, and a day's Editor's
/// Log and Daily Progress Report, worded and formatted for a person (slate/reports typesets them).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/editorial.hpp>
#include <slate/exports/wrap_check.hpp>
#include <slate/reports/reports.hpp>

namespace slate::exports {

/// How the box makes its reports ([reports] in the config, and the build's version).
struct ReportSettings {
  reports::Paper paper = reports::Paper::a4;
  std::string version;             ///< Slate's, printed at every page's foot.
  std::filesystem::path data_dir;  ///< Clips' previews are in data_dir/previews/<clip id>/.
  CheckOptions check;              ///< For the progress report's open items.
};

/// The offload report of an offload as the catalogue has it now; nullopt when there is none.
/// `now` is printed as when it was made.
std::optional<reports::OffloadReport> offload_report_of(catalogue::Catalogue& catalogue,
                                                        std::int64_t offload_id,
                                                        const ReportSettings& settings);

/// The file an offload report has beside the card folders: "A002_offload.pdf".
std::string offload_report_name(const std::string& roll);

enum class DayReportKind { editors_log, progress };
/// "editors-log", "progress".
std::string_view to_string(DayReportKind kind);
std::optional<DayReportKind> parse_day_report_kind(std::string_view text);

/// A day's Editor's Log: its takes grouped by scene and setup, each with its clips.
reports::EditorsLog editors_log_of(const EditorialLog& log, const ReportSettings& settings);
/// A day's Daily Progress Report; `log` is the day's editorial log (one day, unmatched clips in).
reports::ProgressReport progress_report_of(catalogue::CatalogueReader& reader,
                                           const EditorialLog& log, const ReportSettings& settings);

/// A day's report, made now from its editorial log (one day, unmatched clips in).
reports::Document day_report(catalogue::CatalogueReader& reader, const EditorialLog& log,
                             DayReportKind kind, const ReportSettings& settings);
/// "Night_Train_day03_2026-12-01_editors-log.pdf".
std::string day_report_name(const EditorialLog& log, DayReportKind kind);

}  // namespace slate::exports
