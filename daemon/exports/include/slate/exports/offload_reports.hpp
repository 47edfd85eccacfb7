#pragma once
/// Each card's offload report, made once its clips' thumbnails are made (or cannot be), kept in
/// the data dir and the catalogue, and written beside the card folder on every destination
/// (`<destination>/<date>/_slate/<roll>_offload.pdf`: outside the folder its ASC MHL covers).

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/exports/report_data.hpp>

namespace slate::exports {

/// Where one offload's report went.
struct OffloadReportRecord {
  std::int64_t offload_id = 0;
  std::filesystem::path file;  ///< The kept copy, in the data dir.
  int pages = 0;
  std::uint64_t bytes = 0;
  std::vector<std::filesystem::path> written;                         ///< On the destinations.
  std::vector<std::pair<std::filesystem::path, std::string>> failed;  ///< Path, why.
  std::string made_at;                                                ///< UTC
};

class OffloadReports {
 public:
  /// With `background`, a thread of its own makes the reports (the first pass makes those an
  /// earlier run did not get to); without it (tests), only what make() is asked for.
  OffloadReports(catalogue::Catalogue& catalogue, ReportSettings settings, bool background = true);
  ~OffloadReports();
  OffloadReports(const OffloadReports&) = delete;
  OffloadReports& operator=(const OffloadReports&) = delete;

  /// An offload's previews are done (media.previews_ready): its report is due. Cheap; called
  /// from the catalogue's observer.
  void previews_ready(std::int64_t offload_id);

  /// Makes the offload's report, keeps it and writes it onto its destinations, with an
  /// offload.report_ready event. nullopt for an offload that is not there or has no verdict.
  std::optional<OffloadReportRecord> make(std::int64_t offload_id);
  /// The report as kept; nullopt when none was made.
  std::optional<OffloadReportRecord> find(std::int64_t offload_id);
  /// The report's PDF: the kept one, else one made now from what the catalogue has (not kept).
  /// nullopt for an offload that is not there.
  std::optional<std::string> pdf(std::int64_t offload_id);

 private:
  void run();
  std::vector<std::int64_t> overdue();

  catalogue::Catalogue& catalogue_;
  ReportSettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::int64_t> due_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace slate::exports
