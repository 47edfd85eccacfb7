#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <stdexcept>

#include <slate/camera/clip_name.hpp>
#include <slate/core/clock.hpp>
#include <slate/core/file_name.hpp>
#include <slate/offload/offload_store.hpp>

#include "offload_events.hpp"

namespace slate::offload {
namespace {

using catalogue::Statement;
using catalogue::Transaction;
using core::utc_now;

std::string join_hashes(const std::vector<hashing::Algorithm>& hashes) {
  std::string text;
  for (auto algorithm : hashes) {
    text += (text.empty() ? "" : ",") + std::string(hashing::name(algorithm));
  }
  return text;
}

constexpr std::string_view kSelectOffload =
    "SELECT id, source, card_name, roll, label, hashes, verify_mode, min_destinations, "
    "path_template, again, state, coalesce(verdict, ''), reason, coalesce(fingerprint, ''), "
    "total_bytes, total_files, created_at, coalesce(started_at, ''), coalesce(finished_at, ''), "
    "stage_seconds FROM offloads ";

OffloadRecord read_offload(Statement& row) {
  OffloadRecord record;
  record.id = row.column_int(0);
  record.source = row.column_text(1);
  record.card_name = row.column_text(2);
  record.roll = row.column_text(3);
  record.label = row.column_text(4);
  record.hashes = hashing::parse_algorithm_list(row.column_text(5));
  record.verify = parse_verify_mode(row.column_text(6)).value_or(VerifyMode::full);
  record.min_destinations = static_cast<int>(row.column_int(7));
  record.path_template = row.column_text(8);
  record.again = row.column_int(9) != 0;
  record.state = row.column_text(10);
  record.verdict = row.column_text(11);
  record.reason = row.column_text(12);
  record.fingerprint = row.column_text(13);
  record.total_bytes = static_cast<std::uint64_t>(row.column_int(14));
  record.total_files = static_cast<std::size_t>(row.column_int(15));
  record.created_at = row.column_text(16);
  record.started_at = row.column_text(17);
  record.finished_at = row.column_text(18);
  record.stages = parse_stage_times(row.column_text(19));
  return record;
}

void load_destinations(catalogue::Database& db, OffloadRecord& record) {
  auto select = db.prepare(
      "SELECT id, position, name, root, card_folder, state, reason, sync_refused, manifest "
      "FROM offload_destinations WHERE offload_id = ? ORDER BY position");
  select.bind(1, record.id);
  while (select.step()) {
    DestinationRecord destination;
    destination.id = select.column_int(0);
    destination.position = static_cast<int>(select.column_int(1));
    destination.name = select.column_text(2);
    destination.root = select.column_text(3);
    destination.card_folder = select.column_text(4);
    destination.state = select.column_text(5);
    destination.reason = select.column_text(6);
    destination.sync_refused = select.column_int(7) != 0;
    destination.manifest = select.column_text(8);
    record.destinations.push_back(std::move(destination));
  }
  // Figures from the copies themselves: what a tablet is told once the live ones are gone.
  auto figures = db.prepare(
      "SELECT c.destination_id, sum(c.state = 'verified'), sum(c.state = 'failed'), "
      "sum(CASE WHEN c.state = 'verified' THEN f.size ELSE 0 END) FROM offload_copies c "
      "JOIN offload_files f ON f.id = c.file_id WHERE f.offload_id = ? GROUP BY c.destination_id");
  figures.bind(1, record.id);
  while (figures.step()) {
    for (auto& destination : record.destinations) {
      if (destination.id == figures.column_int(0)) {
        destination.files_verified = static_cast<std::size_t>(figures.column_int(1));
        destination.files_failed = static_cast<std::size_t>(figures.column_int(2));
        destination.bytes_verified = static_cast<std::uint64_t>(figures.column_int(3));
      }
    }
  }
}

void load_files(catalogue::Database& db, OffloadRecord& record) {
  auto files = db.prepare(
      "SELECT id, relative_path, size, mtime_ns, digests, change_ns, inode FROM offload_files "
      "WHERE offload_id = ? ORDER BY position");
  files.bind(1, record.id);
  std::map<std::int64_t, std::size_t> file_index;
  while (files.step()) {
    FileRecord file;
    file.id = files.column_int(0);
    file.file.relative_path = files.column_text(1);
    file.file.size = static_cast<std::uint64_t>(files.column_int(2));
    file.file.mtime_ns = files.column_int(3);
    file.digests = parse_digests(files.column_text(4));
    file.file.change_ns = files.column_int(5);
    file.file.inode = static_cast<std::uint64_t>(files.column_int(6));
    file_index[file.id] = record.files.size();
    record.files.push_back(std::move(file));
  }
  std::map<std::int64_t, std::size_t> destination_index;
  for (std::size_t i = 0; i < record.destinations.size(); ++i) {
    destination_index[record.destinations[i].id] = i;
  }
  record.copies.assign(record.files.size(), std::vector<CopyRecord>(record.destinations.size()));
  auto copies = db.prepare(
      "SELECT c.file_id, c.destination_id, c.state, c.reason FROM offload_copies c "
      "JOIN offload_files f ON f.id = c.file_id WHERE f.offload_id = ?");
  copies.bind(1, record.id);
  while (copies.step()) {
    auto& copy = record.copies[file_index.at(copies.column_int(0))]
                              [destination_index.at(copies.column_int(1))];
    copy.state = parse_copy_state(copies.column_text(2));
    copy.reason = copies.column_text(3);
  }
}

std::string entity(std::int64_t id) {
  return "offload/" + std::to_string(id);
}

catalogue::NewEvent event(std::string kind, std::int64_t id, std::string payload) {
  return {std::move(kind), entity(id), std::move(payload), "slated", std::nullopt};
}

// The offload's destinations as the catalogue has them now, with their figures.
std::vector<DestinationRecord> destinations_of(catalogue::Database& db, std::int64_t id) {
  OffloadRecord record;
  record.id = id;
  load_destinations(db, record);
  return std::move(record.destinations);
}

}  // namespace

std::int64_t OffloadStore::create(const OffloadRequest& request, const std::string& roll,
                                  const std::string& label, const std::string& actor) {
  return catalogue_.write([&](Transaction& tx) {
    auto& db = tx.db();
    db.prepare(
          "INSERT INTO offloads (source, card_name, roll, label, hashes, verify_mode, "
          "min_destinations, path_template, again, state, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)")
        .bind(1, request.source.string())
        .bind(2, request.source.filename().string())
        .bind(3, roll)
        .bind(4, label)
        .bind(5, join_hashes(request.hashes))
        .bind(6, std::string(to_string(request.verify)))
        .bind(7, static_cast<std::int64_t>(request.min_destinations))
        .bind(8, request.path_template)
        .bind(9, std::int64_t{request.again ? 1 : 0})
        .bind(10, utc_now())
        .run();
    const auto id = db.last_insert_rowid();
    for (std::size_t i = 0; i < request.destinations.size(); ++i) {
      const auto& destination = request.destinations[i];
      db.prepare(
            "INSERT INTO offload_destinations (offload_id, position, name, root, state) "
            "VALUES (?, ?, ?, ?, 'pending')")
          .bind(1, id)
          .bind(2, static_cast<std::int64_t>(i))
          .bind(3, destination.name)
          .bind(4, destination.root.string())
          .run();
    }
    tx.append(
        {"offload.queued", entity(id), payload::queued(id, request, roll), actor, std::nullopt});
    return id;
  });
}

OffloadRecord OffloadStore::load(std::int64_t id, bool with_files) {
  auto record = find(id, with_files);
  if (!record) {
    throw std::out_of_range("there is no offload " + std::to_string(id));
  }
  return std::move(*record);
}

std::optional<OffloadRecord> OffloadStore::find(std::int64_t id, bool with_files) {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(std::string(kSelectOffload) + "WHERE id = ?");
  select.bind(1, id);
  if (!select.step()) {
    return std::nullopt;
  }
  auto record = read_offload(select);
  load_destinations(reader->db(), record);
  if (with_files) {
    load_files(reader->db(), record);
  }
  return record;
}

catalogue::Page<OffloadRecord> OffloadStore::list(const catalogue::PageRequest& page) {
  auto reader = catalogue_.lease();
  auto select =
      reader->db().prepare(std::string(kSelectOffload) + catalogue::id_page_sql("id", true, page));
  catalogue::bind_id_page(select, page);
  std::vector<OffloadRecord> records;
  while (select.step()) {
    records.push_back(read_offload(select));
  }
  auto listed = catalogue::close_page(std::move(records), page, [](const OffloadRecord& record) {
    return catalogue::Cursor{record.id, record.id};
  });
  for (auto& record : listed.items) {
    load_destinations(reader->db(), record);
  }
  return listed;
}

std::optional<OffloadRecord> OffloadStore::latest_of_source(const std::filesystem::path& source) {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(std::string(kSelectOffload) +
                                     "WHERE source = ? ORDER BY id DESC LIMIT 1");
  select.bind(1, source.string());
  if (!select.step()) {
    return std::nullopt;
  }
  auto record = read_offload(select);
  load_destinations(reader->db(), record);
  return record;
}

std::optional<OffloadRecord> OffloadStore::find_offloaded(const std::string& fingerprint,
                                                          std::int64_t except) {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      std::string(kSelectOffload) +
      "WHERE fingerprint = ? AND id != ? AND state = 'finished' ORDER BY id DESC LIMIT 1");
  select.bind(1, fingerprint).bind(2, except);
  if (!select.step()) {
    return std::nullopt;
  }
  auto record = read_offload(select);
  load_destinations(reader->db(), record);
  return record;
}

void OffloadStore::set_state(std::int64_t id, std::string_view state, const std::string& reason) {
  catalogue_.write([&](Transaction& tx) {
    tx.db()
        .prepare("UPDATE offloads SET state = ?, reason = ? WHERE id = ?")
        .bind(1, state)
        .bind(2, reason)
        .bind(3, id)
        .run();
    tx.append(
        event("offload." + std::string(state), id, payload::state_changed(id, state, reason)));
  });
}

namespace {

// A roll as cards and camera reports write it: the camera's letter, then the roll's number, and
// perhaps the camera's own mark ("B002", "A002R2EC"). Returns the camera letter, or nothing.
std::optional<std::string> camera_of_roll(const std::string& roll) {
  if (roll.size() < 4 || roll.size() > 16 || roll[0] < 'A' || roll[0] > 'Z') {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < 4; ++i) {
    if (roll[i] < '0' || roll[i] > '9') {
      return std::nullopt;
    }
  }
  for (const char c : roll) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  return roll.substr(0, 1);
}

// The UTC instant of a file's modification time on the card, to the millisecond.
std::string utc_of_mtime(std::int64_t mtime_ns) {
  const auto seconds = static_cast<std::time_t>(mtime_ns / 1'000'000'000);
  const auto millis = (mtime_ns % 1'000'000'000) / 1'000'000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char full[64];
  std::snprintf(full, sizeof full, "%s.%03dZ", text, static_cast<int>(millis));
  return full;
}

// The card's files as clips, by what the camera's names say, so the catalogue has one clip per shot
// with all its files. A clip whose name gives no camera or reel (Sony "C0001", phones) takes them
// from the card's roll: the one the offload was given, else the card's label when it reads like
// one. Each clip is recorded at its media file's modification time on the card until a probe of
// its media says better. Returns how many clips there are.
std::size_t record_clips(catalogue::Database& db, const OffloadRecord& record) {
  std::vector<std::string> paths;
  std::map<std::string, const FileRecord*> files;
  for (const auto& file : record.files) {
    paths.push_back(file.file.relative_path);
    files[file.file.relative_path] = &file;
  }
  std::string roll = record.roll;
  auto roll_camera = camera_of_roll(roll);
  if (!roll_camera && camera_of_roll(record.label)) {
    roll = record.label;
    roll_camera = camera_of_roll(roll);
  }
  const auto clips = camera::group_clips(paths);
  auto insert_clip = db.prepare(
      "INSERT INTO clips (offload_id, position, name, maker, camera, reel, clip_number, shot_date, "
      "camera_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto insert_file =
      db.prepare("INSERT INTO clip_files (file_id, clip_id, role, segment) VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < clips.size(); ++i) {
    const auto& name = clips[i].name;
    auto camera_letter = core::printable_name(name.camera);
    auto reel = core::printable_name(name.reel);
    // The roll speaks for the clip only where the name is silent, and only for its own camera.
    if (roll_camera && (camera_letter.empty() || camera_letter == *roll_camera)) {
      camera_letter = *roll_camera;
      if (reel.empty()) {
        reel = core::printable_name(roll);
      }
    }
    // Recorded when its media file was last written; a clip of sidecars only, by its first file.
    const FileRecord* recorded_by = clips[i].files.empty() ? nullptr : files.at(clips[i].files[0]);
    for (const auto& path : clips[i].files) {
      if (camera::parse_clip_name(path).role == camera::FileRole::media) {
        recorded_by = files.at(path);
        break;
      }
    }
    insert_clip.reset();
    insert_clip.bind(1, record.id)
        .bind(2, static_cast<std::int64_t>(i))
        // What the clip is called is read by people and sent as JSON: its printable form.
        .bind(3, core::printable_name(name.clip))
        .bind(4, std::string(camera::to_string(name.maker)))
        .bind(5, camera_letter)
        .bind(6, reel)
        .bind(7, core::printable_name(name.clip_number))
        .bind(8, core::printable_name(name.date))
        .bind(9, core::printable_name(name.camera_id));
    if (recorded_by && recorded_by->file.mtime_ns > 0) {
      insert_clip.bind(10, utc_of_mtime(recorded_by->file.mtime_ns));
    } else {
      insert_clip.bind(10, std::optional<std::string>());
    }
    insert_clip.run();
    const auto clip_id = db.last_insert_rowid();
    for (const auto& path : clips[i].files) {
      const auto file = camera::parse_clip_name(path);
      insert_file.reset();
      insert_file.bind(1, files.at(path)->id)
          .bind(2, clip_id)
          .bind(3, std::string(camera::to_string(file.role)))
          .bind(4, static_cast<std::int64_t>(file.segment))
          .run();
    }
  }
  return clips.size();
}

// Records files [first, end) of the offload and the first state of each of their copies.
void insert_files(catalogue::Database& db, OffloadRecord& record, std::size_t first) {
  auto insert_file = db.prepare(
      "INSERT INTO offload_files (offload_id, position, relative_path, size, mtime_ns, digests, "
      "change_ns, inode) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto insert_copy = db.prepare(
      "INSERT INTO offload_copies (file_id, destination_id, state, reason) VALUES (?, ?, ?, ?)");
  for (std::size_t i = first; i < record.files.size(); ++i) {
    auto& file = record.files[i];
    insert_file.reset();
    insert_file.bind(1, record.id)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, file.file.relative_path)
        .bind(4, static_cast<std::int64_t>(file.file.size))
        .bind(5, file.file.mtime_ns)
        .bind(6, digests_text(file.digests))
        .bind(7, file.file.change_ns)
        .bind(8, static_cast<std::int64_t>(file.file.inode))
        .run();
    file.id = db.last_insert_rowid();
    for (std::size_t d = 0; d < record.destinations.size(); ++d) {
      insert_copy.reset();
      insert_copy.bind(1, file.id)
          .bind(2, record.destinations[d].id)
          .bind(3, std::string(to_string(record.copies[i][d].state)))
          .bind(4, record.copies[i][d].reason)
          .run();
    }
  }
}

}  // namespace

std::vector<ClipView> OffloadStore::clips(std::int64_t id) {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT c.id, c.name, c.maker, c.camera, c.reel, c.clip_number, c.shot_date, c.camera_id, "
      "f.relative_path, cf.role, cf.segment, f.size, coalesce(c.recorded_at, '') FROM clips c "
      "JOIN clip_files cf ON cf.clip_id = c.id JOIN offload_files f ON f.id = cf.file_id "
      "WHERE c.offload_id = ? ORDER BY c.position, "
      "CASE cf.role WHEN 'media' THEN 0 WHEN 'proxy' THEN 1 ELSE 2 END, f.relative_path");
  select.bind(1, id);
  std::vector<ClipView> clips;
  while (select.step()) {
    if (clips.empty() || select.column_int(0) != clips.back().id) {
      ClipView clip;
      clip.id = select.column_int(0);
      clip.name = select.column_text(1);
      clip.maker = select.column_text(2);
      clip.camera = select.column_text(3);
      clip.reel = select.column_text(4);
      clip.clip_number = select.column_text(5);
      clip.date = select.column_text(6);
      clip.camera_id = select.column_text(7);
      clip.recorded_at = select.column_text(12);
      clips.push_back(std::move(clip));
    }
    auto& clip = clips.back();
    ClipFileView file;
    file.path = core::printable_name(select.column_text(8));
    file.role = select.column_text(9);
    file.size = static_cast<std::uint64_t>(select.column_int(11));
    file.segment = static_cast<int>(select.column_int(10));
    clip.bytes += file.size;
    clip.files.push_back(std::move(file));
  }
  return clips;
}

void OffloadStore::begin(OffloadRecord& record, const std::string& fingerprint) {
  catalogue_.write([&](Transaction& tx) {
    auto& db = tx.db();
    if (record.started_at.empty()) {
      record.started_at = utc_now();
    }
    db.prepare(
          "UPDATE offloads SET state = 'copying', reason = '', fingerprint = ?, total_files = ?, "
          "total_bytes = ?, started_at = ?, roll = ? WHERE id = ?")
        .bind(1, fingerprint)
        .bind(2, static_cast<std::int64_t>(record.files.size()))
        .bind(3, static_cast<std::int64_t>(record.total_bytes))
        .bind(4, record.started_at)
        .bind(5, record.roll)
        .bind(6, record.id)
        .run();
    for (auto& destination : record.destinations) {
      db.prepare("UPDATE offload_destinations SET card_folder = ?, state = ? WHERE id = ?")
          .bind(1, destination.card_folder.string())
          .bind(2, destination.state)
          .bind(3, destination.id)
          .run();
    }
    insert_files(db, record, 0);
    const auto clips = record_clips(db, record);
    tx.append(event("offload.started", record.id, payload::started(record, clips)));
  });
  record.state = state::copying;
}

void OffloadStore::add_files(OffloadRecord& record, std::size_t first) {
  catalogue_.write([&](Transaction& tx) {
    auto& db = tx.db();
    insert_files(db, record, first);
    // The card's clips are grouped again with the new files among them: nothing is probed or
    // matched before an offload ends, so nothing else refers to them yet.
    db.prepare("DELETE FROM clips WHERE offload_id = ?").bind(1, record.id).run();
    record_clips(db, record);
    record.total_bytes = 0;
    for (const auto& file : record.files) {
      record.total_bytes += file.file.size;
    }
    db.prepare("UPDATE offloads SET total_files = ?, total_bytes = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(record.files.size()))
        .bind(2, static_cast<std::int64_t>(record.total_bytes))
        .bind(3, record.id)
        .run();
    tx.append(event("offload.files_added", record.id, payload::files_added(record, first)));
  });
}

void OffloadStore::replace_file(OffloadRecord& record, std::size_t index) {
  auto& file = record.files[index];
  file.digests.clear();
  for (auto& copy : record.copies[index]) {
    copy = {CopyState::pending, ""};
  }
  catalogue_.write([&](Transaction& tx) {
    auto& db = tx.db();
    db.prepare(
          "UPDATE offload_files SET size = ?, mtime_ns = ?, change_ns = ?, inode = ?, "
          "digests = '{}' WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(file.file.size))
        .bind(2, file.file.mtime_ns)
        .bind(3, file.file.change_ns)
        .bind(4, static_cast<std::int64_t>(file.file.inode))
        .bind(5, file.id)
        .run();
    db.prepare("UPDATE offload_copies SET state = 'pending', reason = '' WHERE file_id = ?")
        .bind(1, file.id)
        .run();
    record.total_bytes = 0;
    for (const auto& each : record.files) {
      record.total_bytes += each.file.size;
    }
    db.prepare("UPDATE offloads SET total_bytes = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(record.total_bytes))
        .bind(2, record.id)
        .run();
  });
}

void OffloadStore::apply(const OffloadRecord& record, const std::vector<CopyUpdate>& copies,
                         const std::vector<std::pair<std::size_t, hashing::Digests>>& digests) {
  if (copies.empty() && digests.empty()) {
    return;
  }
  catalogue_.write([&](Transaction& tx) {
    auto& db = tx.db();
    auto update_digests = db.prepare("UPDATE offload_files SET digests = ? WHERE id = ?");
    for (const auto& [file, values] : digests) {
      update_digests.reset();
      update_digests.bind(1, digests_text(values)).bind(2, record.files[file].id).run();
    }
    auto update_copy = db.prepare(
        "UPDATE offload_copies SET state = ?, reason = ? WHERE file_id = ? AND destination_id = ?");
    for (const auto& copy : copies) {
      const auto& file = record.files[copy.file];
      const auto& destination = record.destinations[copy.destination];
      update_copy.reset();
      update_copy.bind(1, std::string(to_string(copy.state)))
          .bind(2, copy.reason)
          .bind(3, file.id)
          .bind(4, destination.id)
          .run();
      if (copy.state == CopyState::verified || copy.state == CopyState::failed) {
        tx.append(event(copy.state == CopyState::verified ? "file.verified" : "file.failed",
                        record.id, payload::copy_ended(record, file, destination, copy)));
      }
    }
  });
}

void OffloadStore::set_destination(const OffloadRecord& record, std::size_t index) {
  const auto& destination = record.destinations[index];
  catalogue_.write([&](Transaction& tx) {
    tx.db()
        .prepare(
            "UPDATE offload_destinations SET state = ?, reason = ?, sync_refused = ?, "
            "manifest = ? WHERE id = ?")
        .bind(1, destination.state)
        .bind(2, destination.reason)
        .bind(3, std::int64_t{destination.sync_refused ? 1 : 0})
        .bind(4, destination.manifest)
        .bind(5, destination.id)
        .run();
    if (destination.state == "failed") {
      tx.append(event("offload.destination_failed", record.id,
                      payload::destination_failed(record, destination)));
    }
  });
}

void OffloadStore::progress(const OffloadRecord& record, const Progress& progress) {
  // Told to tablets live, never stored: the offload's row and its final events keep its figures.
  catalogue_.announce(event("offload.progress", record.id, payload::progress(record, progress)));
}

void OffloadStore::finish(const OffloadRecord& record, bool safe, const std::string& reason) {
  catalogue_.write([&](Transaction& tx) {
    tx.db()
        .prepare(
            "UPDATE offloads SET state = 'finished', verdict = ?, reason = ?, finished_at = ?, "
            "stage_seconds = ? WHERE id = ?")
        .bind(1, std::string(safe ? "safe" : "not_safe"))
        .bind(2, reason)
        .bind(3, utc_now())
        .bind(4, stage_times_text(record.stages))
        .bind(5, record.id)
        .run();
    tx.append(
        event("offload.finished", record.id,
              payload::finished(record.id, state::finished, safe ? "safe" : "not_safe", reason,
                                destinations_of(tx.db(), record.id), &record.stages)));
    if (safe) {
      tx.append(event("card.safe", record.id, payload::card_safe(record)));
    }
  });
}

void OffloadStore::stop(std::int64_t id, std::string_view state, const std::string& reason) {
  catalogue_.write([&](Transaction& tx) {
    tx.db()
        .prepare("UPDATE offloads SET state = ?, reason = ?, finished_at = ? WHERE id = ?")
        .bind(1, state)
        .bind(2, reason)
        .bind(3, utc_now())
        .bind(4, id)
        .run();
    tx.append(
        event("offload.finished", id,
              payload::finished(id, state, "not_safe", reason, destinations_of(tx.db(), id))));
  });
}

std::vector<std::int64_t> OffloadStore::unfinished() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT id FROM offloads WHERE state IN ('queued', 'preflight', 'copying', 'sealing') "
      "ORDER BY id");
  std::vector<std::int64_t> ids;
  while (select.step()) {
    ids.push_back(select.column_int(0));
  }
  return ids;
}

}  // namespace slate::offload
