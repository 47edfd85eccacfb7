// The reports' words and figures, from the catalogue. Times are printed in the box's own time
// zone (a shooting day is a local day), sizes in decimal units as drives are sold, and every
// value a person reads is worded here, so that the typesetting never decides what a report says.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/statvfs.h>

#include <slate/camera/mounts.hpp>
#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/exports/deliverables.hpp>
#include <slate/exports/report_data.hpp>
#include <slate/media/probe.hpp>
#include <slate/offload/offload_store.hpp>

#include "take_words.hpp"

namespace slate::exports {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string local_text(std::chrono::system_clock::time_point time, const char* format) {
  const auto seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[64];
  std::strftime(text, sizeof text, format, &local);
  return text;
}

// A stored UTC instant in local time, as printed; empty for none.
std::string local_text(const std::string& utc, const char* format = "%Y-%m-%d %H:%M:%S") {
  const auto time = core::parse_utc(utc);
  return time ? local_text(*time, format) : "";
}

std::string unit_words(const std::string& unit) {
  if (unit.empty()) {
    return "Main unit";
  }
  std::string words = unit + " unit";
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

reports::Masthead masthead_of(const std::string& production, const std::string& unit,
                              const ReportSettings& settings) {
  return {production.empty() ? "Slate" : production, unit_words(unit), settings.version,
          local_text(std::chrono::system_clock::now(), "%Y-%m-%d %H:%M")};
}

// "Tuesday 2026-12-01".
std::string date_words(const std::string& date) {
  std::tm day{};
  if (date.size() != 10 || !strptime(date.c_str(), "%Y-%m-%d", &day)) {
    return date;
  }
  day.tm_hour = 12;
  const auto time = std::mktime(&day);
  std::tm local{};
  localtime_r(&time, &local);
  char weekday[16];
  std::strftime(weekday, sizeof weekday, "%A", &local);
  return std::string(weekday) + " " + date;
}

std::string elapsed_words(const std::string& from, const std::string& to) {
  const auto start = core::parse_utc(from);
  const auto end = core::parse_utc(to);
  if (!start || !end || *end < *start) {
    return "";
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*end - *start).count();
  if (seconds < 60) {
    return std::to_string(seconds) + " s";
  }
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
  }
  return std::to_string(seconds / 3600) + " h " + std::to_string(seconds % 3600 / 60) + " min";
}

// Splits the verdict's reason, which the offload joins with "; ", into its reasons.
std::vector<std::string> reasons_of(const std::string& reason) {
  std::vector<std::string> reasons;
  std::size_t start = 0;
  while (start < reason.size()) {
    auto end = reason.find("; ", start);
    if (end == std::string::npos) {
      end = reason.size();
    }
    if (end > start) {
      reasons.push_back(reason.substr(start, end - start));
    }
    start = end + 2;
  }
  return reasons;
}

// Where a path is mounted from: the mount table's entry with the longest mount point above it.
std::optional<camera::MountEntry> mount_of(const fs::path& path,
                                           const std::vector<camera::MountEntry>& mounts) {
  const auto normal = path.lexically_normal().string();
  std::optional<camera::MountEntry> best;
  for (const auto& mount : mounts) {
    const auto point = mount.mount_point.string();
    const bool above = normal == point || point == "/" ||
                       (normal.size() > point.size() &&
                        normal.compare(0, point.size(), point) == 0 && normal[point.size()] == '/');
    if (above && (!best || point.size() > best->mount_point.string().size())) {
      best = mount;
    }
  }
  return best;
}

// A volume's label as udev names it in /dev/disk/by-label ("\x20" for a space), or "".
std::string label_of(const std::string& device) {
  std::error_code error;
  if (device.empty() || device[0] != '/') {
    return "";
  }
  const auto target = fs::canonical(device, error);
  if (error) {
    return "";
  }
  for (fs::directory_iterator it("/dev/disk/by-label", error), end; !error && it != end;
       it.increment(error)) {
    if (fs::canonical(it->path(), error) == target && !error) {
      std::string label;
      const auto name = it->path().filename().string();
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name.compare(i, 2, "\\x") == 0 && i + 3 < name.size()) {
          label += static_cast<char>(std::stoi(name.substr(i + 2, 2), nullptr, 16));
          i += 3;
        } else {
          label += name[i];
        }
      }
      return label;
    }
  }
  return "";
}

std::optional<std::uint64_t> free_bytes_of(const fs::path& path) {
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) != 0) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

std::string maker_words(const std::string& maker) {
  static const std::map<std::string, std::string> words = {{"arri", "ARRI"},
                                                           {"red", "RED"},
                                                           {"sony", "Sony"},
                                                           {"canon", "Canon"},
                                                           {"blackmagic", "Blackmagic"},
                                                           {"generic", "generic"}};
  const auto found = words.find(maker);
  return found == words.end() ? "unknown" : found->second;
}

// What the catalogue knows of a clip beyond its files: probe, previews, take.
struct ClipFacts {
  std::string start_tc;
  std::string end_tc;
  std::int64_t frames = 0;
  std::string rate;
  json probe;
  bool previewable = false;
  std::map<std::string, std::pair<std::string, std::string>> jobs;  // kind → (state, reason)
  std::string take;
};

std::map<std::int64_t, ClipFacts> clip_facts(catalogue::Database& db, std::int64_t offload_id) {
  std::map<std::int64_t, ClipFacts> facts;
  auto rows = db.prepare(
      "SELECT c.id, coalesce(c.start_tc, ''), coalesce(c.end_tc, ''), coalesce(c.frames, 0), "
      "coalesce(c.rate, ''), coalesce(c.probe, ''), c.previewable, s.number, u.letter, t.number, "
      "t.wild FROM clips c LEFT JOIN clip_takes ct ON ct.clip_id = c.id LEFT JOIN takes t ON "
      "t.id = ct.take_id AND t.undone_at IS NULL LEFT JOIN setups u ON u.id = t.setup_id LEFT "
      "JOIN scenes s ON s.id = u.scene_id WHERE c.offload_id = ?");
  rows.bind(1, offload_id);
  while (rows.step()) {
    auto& clip = facts[rows.column_int(0)];
    clip.start_tc = rows.column_text(1);
    clip.end_tc = rows.column_text(2);
    clip.frames = rows.column_int(3);
    clip.rate = rows.column_text(4);
    clip.probe = json::parse(rows.column_text(5), nullptr, false);
    clip.previewable = rows.column_int(6) != 0;
    if (!rows.column_is_null(7) && !rows.column_is_null(9)) {
      clip.take =
          production::TakeName{rows.column_text(7), rows.column_text(8),
                               static_cast<int>(rows.column_int(9)), rows.column_int(10) != 0}
              .to_string();
    }
  }
  auto jobs = db.prepare(
      "SELECT j.clip_id, j.kind, j.state, j.reason FROM media_jobs j JOIN clips c ON c.id = "
      "j.clip_id WHERE c.offload_id = ?");
  jobs.bind(1, offload_id);
  while (jobs.step()) {
    facts[jobs.column_int(0)].jobs[jobs.column_text(1)] = {jobs.column_text(2),
                                                           jobs.column_text(3)};
  }
  return facts;
}

std::string probe_text(const json& probe, const char* key) {
  return probe.is_object() && probe.contains(key) && probe[key].is_string()
             ? probe[key].get<std::string>()
             : "";
}

int probe_int(const json& probe, const char* key) {
  return probe.is_object() && probe.contains(key) && probe[key].is_number_integer()
             ? probe[key].get<int>()
             : 0;
}

// The clip's strip for the report; a still (or a clip previewed before strips were made) shows its
// thumbnail; a placeholder says why there is no picture.
void previews_of(reports::OffloadClip& row, std::int64_t clip_id, const ClipFacts& facts,
                 const ReportSettings& settings) {
  const auto folder = settings.data_dir / "previews" / std::to_string(clip_id);
  std::error_code error;
  for (const char* frame : {"strip-1.jpg", "strip-2.jpg", "strip-3.jpg"}) {
    if (fs::exists(folder / frame, error)) {
      row.thumbnails.push_back(folder / frame);
    }
  }
  if (row.thumbnails.empty() && fs::exists(folder / "thumbnail-320.jpg", error)) {
    row.thumbnails.push_back(folder / "thumbnail-320.jpg");
  }
  if (!row.thumbnails.empty()) {
    return;
  }
  const auto job = [&](const char* kind) {
    const auto found = facts.jobs.find(kind);
    return found == facts.jobs.end() ? std::string() : found->second.first;
  };
  if (media::is_raw_format(row.file)) {
    row.placeholder = "RAW";
  } else if (job("probe") == "failed") {
    row.placeholder = "Unreadable";
  } else if (job("probe").empty()) {
    row.placeholder = "Not copied";
  } else if (job("probe") != "done" || job("thumbnail") == "queued" ||
             job("thumbnail") == "running") {
    row.placeholder = "Preview pending";
  } else {
    row.placeholder = "No preview";
  }
}

}  // namespace

std::optional<reports::OffloadReport> offload_report_of(catalogue::Catalogue& catalogue,
                                                        std::int64_t offload_id,
                                                        const ReportSettings& settings) {
  offload::OffloadStore store(catalogue);
  const auto record = store.find(offload_id, true);
  if (!record) {
    return std::nullopt;
  }
  const auto clips = store.clips(offload_id);
  auto reader = catalogue.lease();
  auto& db = reader->db();
  const auto facts = clip_facts(db, offload_id);

  // The production and unit of the day its clips were shot on, else of the current day.
  auto production = db.prepare(
      "SELECT p.name, coalesce((SELECT d.unit FROM clips c JOIN shooting_days d ON d.id = "
      "c.shooting_day_id WHERE c.offload_id = ?1 LIMIT 1), cd.unit, 'main') FROM "
      "current_production cp JOIN projects p ON p.id = cp.project_id LEFT JOIN shooting_days cd "
      "ON cd.id = cp.day_id");
  production.bind(1, offload_id);
  reports::OffloadReport report;
  report.masthead = production.step() ? masthead_of(production.column_text(0),
                                                    production.column_text(1), settings)
                                      : masthead_of("", "main", settings);

  report.card = record->card_name;
  report.roll = record->roll;
  std::vector<camera::MountEntry> mounts;
  try {
    mounts = camera::read_mount_table();
  } catch (const std::exception&) {
    // No mount table: the report names paths only.
  }
  report.source = record->source.string();
  if (const auto mount = mount_of(record->source, mounts);
      mount && mount->mount_point != "/" && !mount->source.empty()) {
    report.source =
        mount->source + " on " + mount->mount_point.string() + " (" + record->source.string() + ")";
  }
  report.started_at =
      local_text(record->started_at.empty() ? record->created_at : record->started_at);
  report.finished_at = local_text(record->finished_at);
  report.elapsed = elapsed_words(record->started_at, record->finished_at);
  report.bytes = record->total_bytes;
  report.files = static_cast<int>(record->total_files);
  for (const auto algorithm : record->hashes) {
    report.hashes.emplace_back(hashing::name(algorithm));
  }
  report.verify_mode = offload::to_string(record->verify);
  report.safe = record->verdict == "safe";
  if (!report.safe) {
    report.reasons = reasons_of(record->reason);
    if (report.reasons.empty()) {
      report.reasons.push_back(record->verdict.empty()
                                   ? "the offload has not ended (" + record->state + ")"
                                   : "no reason was recorded");
    }
  }
  report.destinations_required = record->min_destinations;
  for (const auto& destination : record->destinations) {
    reports::OffloadDestination row;
    row.name = destination.name;
    row.path =
        (destination.card_folder.empty() ? destination.root : destination.card_folder).string();
    if (const auto mount = mount_of(destination.root, mounts)) {
      row.volume_label = label_of(mount->source);
    }
    std::error_code error;
    if (fs::is_directory(destination.root, error)) {
      row.free_bytes = free_bytes_of(destination.root);
    }
    row.state = destination.state == "done"     ? "verified"
                : destination.state == "failed" ? "failed"
                                                : destination.state;
    if (destination.state == "done" && record->verify == offload::VerifyMode::none) {
      row.state = "copied, not verified";
    }
    row.reason = destination.reason;
    row.files_verified = static_cast<int>(destination.files_verified);
    row.files = static_cast<int>(record->total_files);
    row.bytes_verified = destination.bytes_verified;
    // The generation as the card folder names it ("ascmhl/0001_….mhl"): the path is above.
    row.manifest = destination.manifest;
    if (const auto folder = destination.card_folder.string() + "/";
        !destination.card_folder.empty() && row.manifest.starts_with(folder)) {
      row.manifest = row.manifest.substr(folder.size());
    }
    if (destination.state == "done") {
      ++report.destinations_verified;
    }
    report.destinations.push_back(std::move(row));
  }

  std::map<std::string, std::size_t> file_index;
  for (std::size_t i = 0; i < record->files.size(); ++i) {
    file_index[record->files[i].file.relative_path] = i;
  }
  std::set<std::string> cameras;
  std::map<std::string, int> makers;
  for (const auto& clip : clips) {
    reports::OffloadClip row;
    row.name = clip.name;
    if (!clip.camera.empty()) {
      cameras.insert(clip.camera);
    }
    ++makers[clip.maker];
    row.size = clip.bytes;
    const offload::ClipFileView* media = nullptr;
    for (const auto& file : clip.files) {
      if (file.role == "media" && (!media || file.segment < media->segment)) {
        media = &file;
      }
    }
    row.file =
        media ? detail::file_name_of(media->path) : (clip.files.empty() ? "" : clip.files[0].path);
    // Each copy is as good as its worst file.
    std::vector<std::string> states(record->destinations.size(), "verified");
    std::vector<bool> ok(record->destinations.size(), true);
    for (const auto& file : clip.files) {
      const auto found = file_index.find(file.path);
      if (found == file_index.end()) {
        continue;
      }
      const auto& copies = record->copies[found->second];
      for (std::size_t d = 0; d < copies.size() && d < states.size(); ++d) {
        const auto& copy = copies[d];
        if (copy.state == offload::CopyState::verified || !ok[d]) {
          continue;
        }
        ok[d] = false;
        states[d] = copy.state == offload::CopyState::failed
                        ? "failed" + (copy.reason.empty() ? "" : ": " + copy.reason)
                        : offload::to_string(copy.state);
      }
    }
    for (std::size_t d = 0; d < states.size(); ++d) {
      const auto& destination = record->destinations[d];
      row.copies.push_back({destination.name.empty() ? destination.root.string() : destination.name,
                            states[d], ok[d]});
      if (!ok[d] && states[d].rfind("failed", 0) == 0) {
        row.failed = true;
      } else if (!ok[d]) {
        row.warnings.push_back("not verified on " + row.copies.back().destination);
      }
    }
    if (media) {
      if (const auto found = file_index.find(media->path); found != file_index.end()) {
        const auto& digests = record->files[found->second].digests;
        for (const auto algorithm : record->hashes) {
          if (const auto digest = digests.find(algorithm); digest != digests.end()) {
            row.checksums.emplace_back(hashing::name(algorithm), digest->second);
          }
        }
      }
    }
    if (const auto found = facts.find(clip.id); found != facts.end()) {
      const auto& fact = found->second;
      row.tc_in = fact.start_tc;
      row.tc_out = fact.end_tc;
      row.rate = fact.rate;
      if (const auto rate = core::parse_frame_rate(fact.rate); rate && fact.frames > 0) {
        const bool drop = fact.start_tc.find(';') != std::string::npos;
        row.duration = core::Timecode::from_frames(fact.frames, *rate, drop).to_string();
      }
      const int width = probe_int(fact.probe, "width");
      const int height = probe_int(fact.probe, "height");
      if (width > 0 && height > 0) {
        row.resolution = std::to_string(width) + "\xC3\x97" + std::to_string(height);
      }
      row.codec = probe_text(fact.probe, "video_codec");
      if (const auto profile = probe_text(fact.probe, "video_profile"); !profile.empty()) {
        row.codec += (row.codec.empty() ? "" : " ") + profile;
      }
      row.audio_channels = probe_int(fact.probe, "audio_channels");
      row.scene_take = fact.take;
      if (const auto probe = fact.jobs.find("probe");
          probe != fact.jobs.end() && probe->second.first == "failed") {
        row.warnings.push_back("cannot be read: " + probe->second.second);
      }
      previews_of(row, clip.id, fact, settings);
    } else {
      previews_of(row, clip.id, {}, settings);
    }
    report.clips.push_back(std::move(row));
  }
  for (const auto& camera : cameras) {
    report.camera += (report.camera.empty() ? "" : ", ") + camera;
  }
  if (!makers.empty()) {
    const auto most =
        std::max_element(makers.begin(), makers.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    report.layout = maker_words(most->first);
  }
  return report;
}

std::string offload_report_name(const std::string& roll) {
  std::string name;
  for (const char c : roll) {
    name += (c == '/' || c == '\\' || c == '\0') ? '_' : c;
  }
  if (name.empty() || name == "." || name == "..") {
    name = "card";
  }
  return name + "_offload.pdf";
}

std::string_view to_string(DayReportKind kind) {
  return kind == DayReportKind::editors_log ? "editors-log" : "progress";
}

std::optional<DayReportKind> parse_day_report_kind(std::string_view text) {
  if (text == "editors-log") {
    return DayReportKind::editors_log;
  }
  if (text == "progress") {
    return DayReportKind::progress;
  }
  return std::nullopt;
}

namespace {

// Seconds of a take's picture, and its length as "00:01:12"; none while it rolls.
double take_seconds(const production::Take& take) {
  const auto length = detail::take_length(take);
  if (!length) {
    return 0;
  }
  const auto rate = core::exact(length->rate);
  return static_cast<double>(length->frames) * static_cast<double>(rate.denominator) /
         static_cast<double>(rate.numerator);
}

std::string clock_words(double seconds) {
  const auto whole = static_cast<long>(std::lround(seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%02ld:%02ld:%02ld", whole / 3600, whole % 3600 / 60,
                whole % 60);
  return text;
}

std::string minutes_words(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds / 60.0);
  return text;
}

std::string flags_of(const production::Take& take) {
  std::string flags;
  const auto add = [&](bool on, const char* flag) {
    if (on) {
      flags += (flags.empty() ? "" : " ") + std::string(flag);
    }
  };
  add(take.mos, "MOS");
  add(take.wild, "WT");
  add(take.kind == production::TakeKind::pickup, "PU");
  add(take.kind == production::TakeKind::series, "S");
  add(take.vfx, "VFX");
  return flags;
}

std::string eighths_words(int eighths) {
  if (eighths <= 0) {
    return eighths == 0 ? "0" : "";
  }
  const int pages = eighths / 8;
  const int rest = eighths % 8;
  if (rest == 0) {
    return std::to_string(pages);
  }
  return (pages > 0 ? std::to_string(pages) + " " : "") + std::to_string(rest) + "/8";
}

}  // namespace

reports::EditorsLog editors_log_of(const EditorialLog& log, const ReportSettings& settings) {
  reports::EditorsLog report;
  const auto& day = log.days.front();
  report.masthead = masthead_of(log.project, day.unit, settings);
  report.day = "Day " + std::to_string(day.number) + " \xC2\xB7 " + date_words(day.date);

  std::vector<std::vector<const EditorialClip*>> clips_of(log.takes.size());
  for (const auto& clip : log.clips) {
    if (clip.take) {
      clips_of[*clip.take].push_back(&clip);
    }
  }
  std::map<std::string, std::size_t> scene_index;
  std::vector<std::map<std::string, std::size_t>> setup_index;
  std::vector<double> scene_seconds, scene_circled_seconds;
  double seconds = 0, circled_seconds = 0;
  for (std::size_t i = 0; i < log.takes.size(); ++i) {
    const auto& logged = log.takes[i];
    const auto& take = logged.take;
    auto [scene_at, new_scene] = scene_index.try_emplace(take.scene, report.scenes.size());
    if (new_scene) {
      report.scenes.push_back({take.scene, logged.scene_description, {}, 0, 0, "", ""});
      setup_index.emplace_back();
      scene_seconds.push_back(0);
      scene_circled_seconds.push_back(0);
    }
    auto& scene = report.scenes[scene_at->second];
    auto [setup_at, new_setup] =
        setup_index[scene_at->second].try_emplace(take.setup, scene.setups.size());
    if (new_setup) {
      scene.setups.push_back({take.scene + take.setup, logged.setup_description, {}});
    }
    reports::LoggedTake row;
    row.name = logged.name;
    row.status = detail::status_words(take.status);
    if (row.status.empty()) {
      row.status = take.cut_tc ? "" : "Rolling";
    }
    row.circled = take.status == production::TakeStatus::circled;
    row.director_pick = take.flagged;
    row.flags = flags_of(take);
    row.rolled_at = take.roll_tc;
    row.cut_at = take.cut_tc.value_or("");
    row.duration = detail::take_duration(take);
    row.notes = take.notes;
    for (const auto* clip : clips_of[i]) {
      reports::LoggedClip line{
          clip->camera, clip->name, clip->reel, clip->roll, clip->start_tc.value_or(""), ""};
      if (const auto rate = core::parse_frame_rate(clip->rate); rate && clip->start_tc) {
        try {
          const auto start = core::Timecode::parse(*clip->start_tc, *rate);
          line.tc_out = (start + std::max<std::int64_t>(clip->frames - 1, 0)).to_string();
        } catch (const core::TimecodeError&) {
        }
      }
      row.clips.push_back(std::move(line));
    }
    const double length = take.wild ? 0 : take_seconds(take);
    scene_seconds[scene_at->second] += length;
    seconds += length;
    ++scene.takes;
    ++report.takes;
    if (row.circled) {
      scene_circled_seconds[scene_at->second] += length;
      circled_seconds += length;
      ++scene.circled;
      ++report.circled;
    }
    scene.setups[setup_at->second].takes.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < report.scenes.size(); ++i) {
    report.scenes[i].duration = clock_words(scene_seconds[i]);
    report.scenes[i].circled_duration = clock_words(scene_circled_seconds[i]);
  }
  report.duration = clock_words(seconds);
  report.circled_duration = clock_words(circled_seconds);
  return report;
}

reports::ProgressReport progress_report_of(catalogue::CatalogueReader& reader,
                                           const EditorialLog& log,
                                           const ReportSettings& settings) {
  auto& db = reader.db();
  const catalogue::ReadSnapshot snapshot(db);
  const auto& day = log.days.front();
  reports::ProgressReport report;
  report.masthead = masthead_of(log.project, day.unit, settings);
  report.date = date_words(day.date);
  report.day_number = day.number;
  report.unit = unit_words(day.unit);

  // The times: the script supervisor's marks, and the first roll and last cut of the day's takes.
  std::map<std::string, std::string> marks;
  auto marked = db.prepare("SELECT kind, at FROM day_marks WHERE day_id = ?");
  marked.bind(1, day.id);
  while (marked.step()) {
    marks[marked.column_text(0)] = local_text(marked.column_text(1), "%H:%M");
  }
  std::string first_roll, last_cut;
  for (const auto& logged : log.takes) {
    if (first_roll.empty() || logged.take.rolled_at < first_roll) {
      first_roll = logged.take.rolled_at;
    }
    if (logged.take.cut_at && *logged.take.cut_at > last_cut) {
      last_cut = *logged.take.cut_at;
    }
  }
  report.times = {{"Call", marks["call"]},
                  {"First roll", local_text(first_roll, "%H:%M")},
                  {"Lunch", marks["lunch"]},
                  {"Back from lunch", marks["lunch_end"]},
                  {"Last cut", local_text(last_cut, "%H:%M")},
                  {"Wrap", marks["wrap"]}};

  // Scenes shot today, in the order first shot; a scene is complete once every setup the shot
  // list gives it has a circled take, on any day up to this one.
  std::map<std::string, std::size_t> scene_index;
  std::vector<std::set<std::string>> setups_of;
  double seconds = 0, circled_seconds = 0;
  std::set<std::string> setups;
  for (const auto& logged : log.takes) {
    const auto& take = logged.take;
    auto [at, added] = scene_index.try_emplace(take.scene, report.scenes.size());
    if (added) {
      report.scenes.push_back({take.scene, "", false, 0, 0, 0, ""});
      setups_of.emplace_back();
    }
    auto& scene = report.scenes[at->second];
    if (!take.wild) {
      setups_of[at->second].insert(take.setup);
      setups.insert(take.scene + "-" + take.setup);
    }
    ++scene.takes;
    ++report.takes;
    const double length = take.wild ? 0 : take_seconds(take);
    seconds += length;
    if (take.status == production::TakeStatus::circled) {
      ++scene.circled;
      ++report.circled;
      circled_seconds += length;
    }
  }
  auto scene_row = db.prepare(
      "SELECT s.description, s.pages_eighths, (SELECT count(*) FROM setups u WHERE u.scene_id = "
      "s.id), (SELECT count(*) FROM setups u WHERE u.scene_id = s.id AND EXISTS (SELECT 1 FROM "
      "takes t JOIN shooting_days d ON d.id = t.day_id WHERE t.setup_id = u.id AND t.undone_at "
      "IS NULL AND t.status = 'circled' AND d.started_at <= (SELECT started_at FROM "
      "shooting_days WHERE id = ?2))) FROM scenes s JOIN shooting_days d ON d.project_id = "
      "s.project_id WHERE d.id = ?2 AND s.number = ?1");
  int pages = 0;
  for (std::size_t i = 0; i < report.scenes.size(); ++i) {
    auto& scene = report.scenes[i];
    scene.setups = static_cast<int>(setups_of[i].size());
    scene_row.reset();
    scene_row.bind(1, scene.number).bind(2, day.id);
    if (scene_row.step()) {
      scene.description = scene_row.column_text(0);
      if (!scene_row.column_is_null(1)) {
        scene.pages = eighths_words(static_cast<int>(scene_row.column_int(1)));
      }
      const auto planned = scene_row.column_int(2);
      scene.complete = planned > 0 && scene_row.column_int(3) == planned;
      if (scene.complete && !scene_row.column_is_null(1)) {
        pages += static_cast<int>(scene_row.column_int(1));
      }
    }
    (scene.complete ? report.scenes_complete : report.scenes_part) += 1;
  }
  report.setups = static_cast<int>(setups.size());
  report.minutes_all = minutes_words(seconds);
  report.minutes_circled = minutes_words(circled_seconds);
  report.pages_shot = eighths_words(pages);

  // The cards of the day: those its clips came on, and those offloaded while it was current.
  auto cards = db.prepare(
      "SELECT o.roll, o.total_files, o.total_bytes, o.state, coalesce(o.verdict, ''), o.reason, "
      "(SELECT group_concat(DISTINCT c.camera) FROM clips c WHERE c.offload_id = o.id AND "
      "c.camera != '') FROM offloads o WHERE o.state NOT IN ('duplicate', 'cancelled') AND (o.id "
      "IN (SELECT offload_id FROM clips WHERE shooting_day_id = ?1) OR (o.created_at >= (SELECT "
      "started_at FROM shooting_days WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM shooting_days "
      "n WHERE n.project_id = (SELECT project_id FROM shooting_days WHERE id = ?1) AND n.unit = "
      "(SELECT unit FROM shooting_days WHERE id = ?1) AND n.started_at > (SELECT started_at FROM "
      "shooting_days WHERE id = ?1) AND n.started_at <= o.created_at))) ORDER BY o.created_at, "
      "o.id");
  cards.bind(1, day.id);
  while (cards.step()) {
    reports::CardProgress card;
    card.roll = cards.column_text(0);
    card.files = static_cast<int>(cards.column_int(1));
    card.bytes = static_cast<std::uint64_t>(cards.column_int(2));
    const auto state = cards.column_text(3);
    const auto verdict = cards.column_text(4);
    const auto reasons = reasons_of(cards.column_text(5));
    card.camera = cards.column_is_null(6) ? "" : cards.column_text(6);
    card.safe = verdict == "safe";
    if (card.safe) {
      card.verdict = "SAFE TO FORMAT";
    } else if (verdict == "not_safe") {
      card.verdict = "NOT SAFE" + (reasons.empty() ? "" : ": " + reasons.front());
    } else {
      card.verdict = state;
      card.verdict[0] =
          static_cast<char>(std::toupper(static_cast<unsigned char>(card.verdict[0])));
      if (!reasons.empty()) {
        card.verdict += ": " + reasons.front();
      }
    }
    report.bytes += card.bytes;
    report.cards.push_back(std::move(card));
  }
  for (const auto& item : check_day(reader, day.id, settings.check)) {
    report.open_items.push_back(item.message);
  }
  return report;
}

reports::Document day_report(catalogue::CatalogueReader& reader, const EditorialLog& log,
                             DayReportKind kind, const ReportSettings& settings) {
  if (kind == DayReportKind::editors_log) {
    return reports::render_editors_log(editors_log_of(log, settings), settings.paper);
  }
  return reports::render_progress_report(progress_report_of(reader, log, settings), settings.paper);
}

std::string day_report_name(const EditorialLog& log, DayReportKind kind) {
  auto name = deliverable_name(log, "pdf");
  return name.substr(0, name.size() - 4) + "_" + std::string(to_string(kind)) + ".pdf";
}

}  // namespace slate::exports
