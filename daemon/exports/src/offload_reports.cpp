// Each card's offload report onto its drives. The report waits for the card's thumbnails (the
// media jobs say when with media.previews_ready) so that it shows the pictures; a card whose clips
// cannot be previewed gets placeholders. A destination that cannot take it (pulled, full) is
// named in the record; the kept copy is always in the data dir.

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <slate/core/clock.hpp>
#include <slate/exports/offload_reports.hpp>
#include <slate/exports/wrap_delivery.hpp>
#include <slate/log/log.hpp>

#include "whole_file.hpp"

namespace slate::exports {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path kept_file(std::int64_t offload_id) {
  return fs::path("reports") / ("offload-" + std::to_string(offload_id) + ".pdf");
}

}  // namespace

OffloadReports::OffloadReports(catalogue::Catalogue& catalogue, ReportSettings settings,
                               bool background)
    : catalogue_(catalogue), settings_(std::move(settings)) {
  if (background) {
    thread_ = std::thread([this] { run(); });
  }
}

OffloadReports::~OffloadReports() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void OffloadReports::previews_ready(std::int64_t offload_id) {
  {
    std::lock_guard lock(mutex_);
    due_.push_back(offload_id);
  }
  wake_.notify_all();
}

std::optional<OffloadReportRecord> OffloadReports::make(std::int64_t offload_id) {
  struct Destination {
    fs::path root;
    fs::path folder;
  };
  std::vector<Destination> destinations;
  std::string roll;
  {
    auto reader = catalogue_.lease();
    auto offload = reader->db().prepare(
        "SELECT roll, path_template FROM offloads WHERE id = ? AND verdict IS NOT NULL");
    offload.bind(1, offload_id);
    if (!offload.step()) {
      return std::nullopt;
    }
    roll = offload.column_text(0);
    const auto path_template = offload.column_text(1);
    auto rows = reader->db().prepare(
        "SELECT root, card_folder FROM offload_destinations WHERE offload_id = ? AND card_folder "
        "!= '' ORDER BY position");
    rows.bind(1, offload_id);
    while (rows.step()) {
      destinations.push_back(
          {rows.column_text(0), deliverables_folder(rows.column_text(1), path_template)});
    }
  }
  const auto report = offload_report_of(catalogue_, offload_id, settings_);
  if (!report) {
    return std::nullopt;
  }
  const auto document = reports::render_offload_report(*report, settings_.paper);

  OffloadReportRecord record;
  record.offload_id = offload_id;
  record.file = kept_file(offload_id);
  record.pages = document.pages;
  record.bytes = document.pdf.size();
  record.made_at = core::utc_text_ms(std::chrono::system_clock::now());
  fs::create_directories(settings_.data_dir / record.file.parent_path());
  detail::write_whole(settings_.data_dir / record.file, document.pdf);
  for (const auto& destination : destinations) {
    const auto file = destination.folder / offload_report_name(roll);
    std::error_code error;
    // A drive that is not there: nothing is made on the box's own disk in its place.
    if (!fs::is_directory(destination.root, error)) {
      record.failed.emplace_back(file, destination.root.string() + " is not there");
      continue;
    }
    try {
      fs::create_directories(destination.folder);
      detail::write_whole(file, document.pdf);
      record.written.push_back(file);
    } catch (const std::exception& failure) {
      record.failed.emplace_back(file, failure.what());
    }
  }

  json written = json::array();
  for (const auto& path : record.written) {
    written.push_back(path.string());
  }
  json failed = json::array();
  for (const auto& [path, reason] : record.failed) {
    failed.push_back({{"path", path.string()}, {"reason", reason}});
    log::warning("The offload report of " + roll + " could not be written to " + path.string() +
                 ": " + reason);
  }
  catalogue_.write([&](catalogue::Transaction& tx) {
    tx.db()
        .prepare(
            "INSERT INTO offload_reports (offload_id, file, pages, bytes, written, failed, "
            "made_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (offload_id) DO UPDATE SET file = "
            "excluded.file, pages = excluded.pages, bytes = excluded.bytes, written = "
            "excluded.written, failed = excluded.failed, made_at = excluded.made_at")
        .bind(1, offload_id)
        .bind(2, record.file.string())
        .bind(3, std::int64_t{record.pages})
        .bind(4, static_cast<std::int64_t>(record.bytes))
        .bind(5, written.dump())
        .bind(6, failed.dump())
        .bind(7, record.made_at)
        .run();
    tx.append({"offload.report_ready",
               "offload/" + std::to_string(offload_id),
               json{{"id", offload_id},
                    {"roll", roll},
                    {"pages", record.pages},
                    {"written", written},
                    {"failed", failed}}
                   .dump(),
               "slated",
               {}});
  });
  log::info("Offload report of " + roll + ": " + std::to_string(record.pages) + " pages on " +
            std::to_string(record.written.size()) + " destination(s)");
  return record;
}

std::optional<OffloadReportRecord> OffloadReports::find(std::int64_t offload_id) {
  auto reader = catalogue_.lease();
  auto row = reader->db().prepare(
      "SELECT file, pages, bytes, written, failed, made_at FROM offload_reports WHERE offload_id "
      "= ?");
  row.bind(1, offload_id);
  if (!row.step()) {
    return std::nullopt;
  }
  OffloadReportRecord record;
  record.offload_id = offload_id;
  record.file = row.column_text(0);
  record.pages = static_cast<int>(row.column_int(1));
  record.bytes = static_cast<std::uint64_t>(row.column_int(2));
  for (const auto& path : json::parse(row.column_text(3), nullptr, false)) {
    if (path.is_string()) {
      record.written.emplace_back(path.get<std::string>());
    }
  }
  for (const auto& each : json::parse(row.column_text(4), nullptr, false)) {
    if (each.is_object()) {
      record.failed.emplace_back(each.value("path", ""), each.value("reason", ""));
    }
  }
  record.made_at = row.column_text(5);
  return record;
}

std::optional<std::string> OffloadReports::pdf(std::int64_t offload_id) {
  if (const auto record = find(offload_id)) {
    std::ifstream file(settings_.data_dir / record->file, std::ios::binary);
    if (file) {
      std::ostringstream text;
      text << file.rdbuf();
      return text.str();
    }
  }
  // Not made yet (the thumbnails are still coming, or the offload still runs): as it is now.
  const auto report = offload_report_of(catalogue_, offload_id, settings_);
  if (!report) {
    return std::nullopt;
  }
  return reports::render_offload_report(*report, settings_.paper).pdf;
}

// Offloads with a verdict and no report whose previews are done: those a stop or a crash came
// between. An offload whose clips were never queued for probing (a verified copy and a media
// clip with no probe job) is not done yet: media work queues it at its own pace.
std::vector<std::int64_t> OffloadReports::overdue() {
  std::vector<std::int64_t> ids;
  auto reader = catalogue_.lease();
  auto rows = reader->db().prepare(
      "SELECT o.id FROM offloads o WHERE o.verdict IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
      "offload_reports r WHERE r.offload_id = o.id) AND NOT EXISTS (SELECT 1 FROM clips c JOIN "
      "media_jobs j ON j.clip_id = c.id WHERE c.offload_id = o.id AND j.kind IN ('probe', "
      "'thumbnail') AND j.state IN ('queued', 'running')) AND (NOT EXISTS (SELECT 1 FROM "
      "offload_destinations d WHERE d.offload_id = o.id AND d.state = 'done') OR NOT EXISTS "
      "(SELECT 1 FROM clips c WHERE c.offload_id = o.id AND EXISTS (SELECT 1 FROM clip_files f "
      "WHERE f.clip_id = c.id AND f.role = 'media') AND NOT EXISTS (SELECT 1 FROM media_jobs j "
      "WHERE j.clip_id = c.id AND j.kind = 'probe'))) ORDER BY o.id");
  while (rows.step()) {
    ids.push_back(rows.column_int(0));
  }
  return ids;
}

void OffloadReports::run() {
  try {
    for (const auto id : overdue()) {
      make(id);
    }
  } catch (const std::exception& failure) {
    log::warning(std::string("Offload reports: ") + failure.what());
  }
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait(lock, [this] { return stopping_ || !due_.empty(); });
    while (!stopping_ && !due_.empty()) {
      const auto id = due_.front();
      due_.pop_front();
      lock.unlock();
      try {
        make(id);
      } catch (const std::exception& failure) {
        log::warning("The offload report of offload " + std::to_string(id) +
                     " could not be made: " + failure.what());
      }
      lock.lock();
    }
  }
}

}  // namespace slate::exports
