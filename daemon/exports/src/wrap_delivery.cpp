// A wrapped day's ALE, CSV and PDF reports onto every destination. Each folder's delivery is a row
// of day_deliveries: pending until written, written once both files are on the drive and synced. A
// drive that is not there (not mounted, unplugged for the shuttle run) keeps its rows pending; the
// thread looks again every few seconds and writes them when it is back.

#include <ctime>
#include <set>

#include <slate/core/clock.hpp>
#include <slate/exports/deliverables.hpp>
#include <slate/exports/report_data.hpp>
#include <slate/exports/wrap_delivery.hpp>
#include <slate/log/log.hpp>
#include <slate/offload/destination_template.hpp>

#include "whole_file.hpp"

namespace slate::exports {

namespace {

namespace fs = std::filesystem;

// The template's parts from the first one that names a card ({roll}, {camera}, {label}) on.
std::size_t card_parts(const std::string& path_template, std::size_t* leading = nullptr) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path_template.size()) {
    const auto slash = path_template.find('/', start);
    const auto end = slash == std::string::npos ? path_template.size() : slash;
    if (end > start) {
      parts.push_back(path_template.substr(start, end - start));
    }
    start = end + 1;
  }
  std::size_t first = parts.size();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& part = parts[i];
    if (part.find("{roll}") != std::string::npos || part.find("{camera}") != std::string::npos ||
        part.find("{label}") != std::string::npos) {
      first = i;
      break;
    }
  }
  if (leading) {
    *leading = first;
  }
  return parts.size() - first;
}

struct Target {
  fs::path folder;
  fs::path root;
};

// Every folder the day's deliverables go in: beside the card folders its offloads wrote, and on
// each configured destination none of them went to.
std::vector<Target> targets_of(catalogue::Database& db, std::int64_t day_id,
                               const DeliveryOptions& options) {
  std::vector<Target> targets;
  std::set<fs::path> roots;
  std::set<fs::path> folders;
  auto used = db.prepare(
      "SELECT DISTINCT d.root, d.card_folder, o.path_template FROM offload_destinations d JOIN "
      "offloads o ON o.id = d.offload_id WHERE d.card_folder != '' AND o.id IN (SELECT "
      "offload_id FROM clips WHERE shooting_day_id = ?1 UNION SELECT c.offload_id FROM clips c "
      "JOIN clip_takes ct ON ct.clip_id = c.id JOIN takes t ON t.id = ct.take_id WHERE t.day_id "
      "= ?1) ORDER BY d.root, d.card_folder");
  used.bind(1, day_id);
  while (used.step()) {
    const fs::path root = used.column_text(0);
    auto folder = deliverables_folder(used.column_text(1), used.column_text(2));
    roots.insert(root.lexically_normal());
    if (folders.insert(folder).second) {
      targets.push_back({std::move(folder), root});
    }
  }
  auto day = db.prepare(
      "SELECT p.name, d.date FROM shooting_days d JOIN projects p ON p.id = d.project_id WHERE "
      "d.id = ?");
  day.bind(1, day_id);
  if (!day.step()) {
    return targets;
  }
  for (const auto& root : options.destinations) {
    if (roots.contains(root.lexically_normal())) {
      continue;
    }
    try {
      auto folder =
          deliverables_folder(root, options.path_template, day.column_text(0), day.column_text(1));
      if (folders.insert(folder).second) {
        targets.push_back({std::move(folder), root});
      }
    } catch (const std::invalid_argument& error) {
      log::warning("The day's deliverables have no folder on " + root.string() + ": " +
                   error.what());
    }
  }
  return targets;
}

}  // namespace

fs::path deliverables_folder(const fs::path& card_folder, const std::string& path_template) {
  auto folder = card_folder.lexically_normal();
  if (!folder.has_filename()) {
    folder = folder.parent_path();  // "…/A001/" names A001
  }
  for (auto up = card_parts(path_template); up > 0 && folder.has_parent_path(); --up) {
    folder = folder.parent_path();
  }
  return folder / "_slate";
}

fs::path deliverables_folder(const fs::path& root, const std::string& path_template,
                             const std::string& project, const std::string& date) {
  std::size_t leading = 0;
  card_parts(path_template, &leading);
  std::string above;
  std::size_t start = 0;
  for (std::size_t i = 0; i < leading; ++i) {
    const auto slash = path_template.find('/', start);
    above += (above.empty() ? "" : "/") + path_template.substr(start, slash - start);
    start = slash + 1;
  }
  if (above.empty()) {
    return root / "_slate";
  }
  return root / offload::expand_template(above, {{"project", project}, {"date", date}}) / "_slate";
}

WrapDelivery::WrapDelivery(catalogue::Catalogue& catalogue, DeliveryOptions options)
    : catalogue_(catalogue), options_(std::move(options)) {
  auto reader = catalogue_.lease();
  auto current = reader->db().prepare("SELECT day_id FROM current_production");
  if (current.step() && !current.column_is_null(0)) {
    current_ = current.column_int(0);
  }
  if (options_.background) {
    thread_ = std::thread([this] { run(); });
  }
}

WrapDelivery::~WrapDelivery() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void WrapDelivery::wrapped(std::int64_t day_id) {
  {
    std::lock_guard lock(mutex_);
    wrapped_.push_back(day_id);
  }
  wake_.notify_all();
}

void WrapDelivery::current_day_is(std::int64_t day_id) {
  {
    std::lock_guard lock(mutex_);
    if (current_ == day_id) {
      return;
    }
    if (current_) {
      wrapped_.push_back(*current_);
    }
    current_ = day_id;
  }
  wake_.notify_all();
}

int WrapDelivery::deliver(std::int64_t day_id) {
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    // Written again at each wrap of the day: a day made current again may have changed since.
    auto queue = db.prepare(
        "INSERT INTO day_deliveries (day_id, folder, root, state, requested_at) VALUES (?, ?, "
        "?, 'pending', ?) ON CONFLICT (day_id, folder) DO UPDATE SET state = 'pending', reason = "
        "'', requested_at = excluded.requested_at");
    const auto now = core::utc_text_ms(std::chrono::system_clock::now());
    for (const auto& target : targets_of(db, day_id, options_)) {
      queue.reset();
      queue.bind(1, day_id).bind(2, target.folder.string()).bind(3, target.root.string());
      queue.bind(4, now).run();
    }
  });
  return deliver_pending();
}

int WrapDelivery::deliver_pending() {
  struct Pending {
    std::int64_t day_id;
    fs::path folder;
    fs::path root;
  };
  std::vector<Pending> pending;
  {
    auto reader = catalogue_.lease();
    auto rows = reader->db().prepare(
        "SELECT day_id, folder, root FROM day_deliveries WHERE state = 'pending' ORDER BY day_id, "
        "folder");
    while (rows.step()) {
      pending.push_back({rows.column_int(0), rows.column_text(1), rows.column_text(2)});
    }
  }
  // Each day's files are made once per pass, however many drives they go to (the rows come in
  // day order).
  struct Made {
    std::int64_t day_id = 0;
    int number = 0;
    std::vector<std::pair<std::string, std::string>> files;  // name, contents
  };
  std::optional<Made> made;
  const auto files_of = [&](std::int64_t day_id) -> const Made& {
    if (!made || made->day_id != day_id) {
      auto reader = catalogue_.lease();
      Selection selection;
      selection.days = {day_id};
      const auto log = read_editorial_log(*reader, selection);
      made = Made{day_id, log.days.front().number, {}};
      made->files.emplace_back(deliverable_name(log, "ale"), write_ale(ale_of(log, {})));
      made->files.emplace_back(deliverable_name(log, "csv"), editors_log_csv(log));
      if (options_.reports) {
        // The script supervisor's reports go with the files editorial reads.
        for (const auto kind : {DayReportKind::editors_log, DayReportKind::progress}) {
          made->files.emplace_back(day_report_name(log, kind),
                                   day_report(*reader, log, kind, *options_.reports).pdf);
        }
      }
    }
    return *made;
  };
  int written = 0;
  for (const auto& each : pending) {
    std::error_code error;
    // An absent drive: its mount point (or the folder itself) is not there. Nothing is created
    // on the box's own disk in its place.
    if (!fs::is_directory(each.root, error)) {
      // Said once, for whoever looks at the delivery: it waits for the drive.
      catalogue_.write([&](catalogue::Transaction& tx) {
        tx.db()
            .prepare(
                "UPDATE day_deliveries SET reason = ? WHERE day_id = ? AND folder = ? AND state = "
                "'pending' AND reason = ''")
            .bind(1, each.root.string() + " is not there; written when it is back")
            .bind(2, each.day_id)
            .bind(3, each.folder.string())
            .run();
      });
      continue;
    }
    std::string state = "written";
    std::string reason;
    std::string files;
    try {
      const auto& day = files_of(each.day_id);
      fs::create_directories(each.folder);
      for (const auto& [name, contents] : day.files) {
        detail::write_whole(each.folder / name, contents);
        files += (files.empty() ? "" : ",") + name;
      }
      ++written;
      log::info("Wrote day " + std::to_string(day.number) + "'s deliverables to " +
                each.folder.string());
    } catch (const std::exception& failure) {
      state = "failed";
      reason = failure.what();
      log::warning("The day's deliverables could not be written to " + each.folder.string() + ": " +
                   reason);
    }
    catalogue_.write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "UPDATE day_deliveries SET state = ?, reason = ?, files = ?, written_at = ? WHERE "
              "day_id = ? AND folder = ? AND state = 'pending'")
          .bind(1, state)
          .bind(2, reason)
          .bind(3, files)
          .bind(4, core::utc_text_ms(std::chrono::system_clock::now()))
          .bind(5, each.day_id)
          .bind(6, each.folder.string())
          .run();
    });
  }
  return written;
}

bool WrapDelivery::wrap_if_due(std::chrono::system_clock::time_point now) {
  if (!options_.wrap_at) {
    return false;
  }
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &local);
  std::optional<std::int64_t> day;
  {
    std::lock_guard lock(mutex_);
    if (local.tm_hour * 60 + local.tm_min < options_.wrap_at->count() || wrapped_on_ == date) {
      return false;
    }
    wrapped_on_ = date;
    day = current_;
  }
  if (day) {
    log::notice("Wrap time: day " + std::to_string(*day) + "'s deliverables go to the drives");
    deliver(*day);
  }
  return true;
}

void WrapDelivery::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto wrapped = std::move(wrapped_);
    wrapped_.clear();
    lock.unlock();
    try {
      for (const auto day : wrapped) {
        deliver(day);
      }
      if (!wrap_if_due(std::chrono::system_clock::now())) {
        deliver_pending();
      }
    } catch (const std::exception& failure) {
      log::warning(std::string("The day's deliverables: ") + failure.what());
    }
    lock.lock();
    wake_.wait_for(lock, options_.retry_every, [this] { return stopping_ || !wrapped_.empty(); });
  }
}

}  // namespace slate::exports
