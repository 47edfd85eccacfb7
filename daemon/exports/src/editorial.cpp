// The editorial log read from the catalogue: a few statements per day, each reading what one of
// the deliverables' columns needs, with SQLite's own JSON functions for the stored probe and
// digests, so that a day of 2,000 takes and 20,000 clips is read in one pass of each table.

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include <slate/exports/editorial.hpp>

#include "take_words.hpp"

namespace slate::exports {

namespace {

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    names.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

// The days asked for, oldest first; the current day when none is.
std::vector<EditorialDay> chosen_days(catalogue::Database& db, const Selection& selection) {
  std::vector<std::int64_t> ids = selection.days;
  if (ids.empty()) {
    auto current = db.prepare("SELECT day_id FROM current_production WHERE day_id IS NOT NULL");
    if (!current.step()) {
      throw std::invalid_argument("there is no current shooting day");
    }
    ids.push_back(current.column_int(0));
  }
  std::vector<EditorialDay> days;
  auto row = db.prepare("SELECT number, date, unit FROM shooting_days WHERE id = ?");
  for (const auto id : ids) {
    row.reset();
    row.bind(1, id);
    if (!row.step()) {
      throw std::invalid_argument("no shooting day " + std::to_string(id));
    }
    if (std::any_of(days.begin(), days.end(), [&](const auto& day) { return day.id == id; })) {
      continue;
    }
    days.push_back(
        {id, static_cast<int>(row.column_int(0)), row.column_text(1), row.column_text(2)});
  }
  std::sort(days.begin(), days.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.number, a.id) < std::tie(b.date, b.number, b.id);
  });
  return days;
}

constexpr std::string_view kSelectTakes =
    "SELECT t.id, t.setup_id, s.number, u.letter, t.number, t.kind, t.wild, t.mos, t.vfx, "
    "t.status, t.flagged, t.notes, (SELECT group_concat(value, ',') FROM json_each(t.cameras)), "
    "t.rate, t.rolled_at, t.roll_tc, t.cut_at, t.cut_tc, t.renumbered_from, u.description, "
    "s.description "
    "FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON s.id = u.scene_id "
    "WHERE t.day_id = ? AND t.undone_at IS NULL ORDER BY t.rolled_at, t.id";

EditorialTake read_take(catalogue::Statement& row, const EditorialDay& day) {
  EditorialTake logged;
  auto& take = logged.take;
  take.id = row.column_int(0);
  take.setup_id = row.column_int(1);
  take.day_id = day.id;
  take.scene = row.column_text(2);
  take.setup = row.column_text(3);
  take.number = static_cast<int>(row.column_int(4));
  take.kind =
      production::parse_take_kind(row.column_text(5)).value_or(production::TakeKind::normal);
  take.wild = row.column_int(6) != 0;
  take.mos = row.column_int(7) != 0;
  take.vfx = row.column_int(8) != 0;
  take.status =
      production::parse_take_status(row.column_text(9)).value_or(production::TakeStatus::none);
  take.flagged = row.column_int(10) != 0;
  take.notes = row.column_text(11);
  take.cameras = comma_list(row.column_text(12));
  take.rate = row.column_text(13);
  take.rolled_at = row.column_text(14);
  take.roll_tc = row.column_text(15);
  if (!row.column_is_null(16)) {
    take.cut_at = row.column_text(16);
  }
  if (!row.column_is_null(17)) {
    take.cut_tc = row.column_text(17);
  }
  if (!row.column_is_null(18)) {
    take.renumbered_from = static_cast<int>(row.column_int(18));
  }
  logged.setup_description = row.column_text(19);
  logged.scene_description = row.column_text(20);
  logged.name = production::TakeName{take.scene, take.setup, take.number, take.wild}.to_string();
  logged.day_number = day.number;
  logged.day_date = day.date;
  logged.unit = day.unit;
  return logged;
}

// The clips of a day: recorded during it, or put on one of its takes by hand; two index walks,
// not a scan of every clip of the production. The media file is the first segment's; the
// checksum is its first hash (the one copies are verified with) once a copy of it is verified.
constexpr std::string_view kSelectClips =
    "WITH day_clips (id) AS (SELECT id FROM clips WHERE shooting_day_id = ?1 UNION SELECT "
    "ct.clip_id FROM takes t JOIN clip_takes ct ON ct.take_id = t.id WHERE t.day_id = ?1) "
    "SELECT c.id, c.name, c.camera, c.reel, o.roll, o.card_name, c.start_tc, coalesce(c.frames, "
    "0), coalesce(c.rate, ''), coalesce(json_extract(c.probe, '$.drop_frame'), 0), "
    "coalesce(json_extract(c.probe, '$.width'), 0), coalesce(json_extract(c.probe, '$.height'), "
    "0), coalesce(json_extract(c.probe, '$.video_codec'), ''), "
    "coalesce(json_extract(c.probe, '$.video_profile'), ''), "
    "coalesce(json_extract(c.probe, '$.audio_channels'), 0), "
    "coalesce(json_extract(c.probe, '$.audio_sample_rate'), 0), coalesce(c.recorded_at, ''), "
    "ct.take_id, m.relative_path, CASE WHEN EXISTS (SELECT 1 FROM offload_copies v WHERE "
    "v.file_id = m.id AND v.state = 'verified') THEN m.digests END, o.hashes, "
    "coalesce(json_extract(c.probe, '$.reel'), ''), "
    "c.probe IS NOT NULL AND coalesce(c.frames, 0) <= 1 "
    "FROM day_clips d JOIN clips c ON c.id = d.id JOIN offloads o ON o.id = c.offload_id "
    "LEFT JOIN clip_takes ct ON ct.clip_id = c.id "
    "LEFT JOIN offload_files m ON m.id = (SELECT cf.file_id FROM clip_files cf JOIN offload_files "
    "f ON f.id = cf.file_id WHERE cf.clip_id = c.id AND cf.role = 'media' ORDER BY cf.segment, "
    "f.position LIMIT 1) "
    "ORDER BY c.camera, o.roll, o.id, c.position, c.id";

EditorialClip read_clip(catalogue::Statement& row, const EditorialDay& day) {
  EditorialClip clip;
  clip.id = row.column_int(0);
  clip.name = row.column_text(1);
  clip.camera = row.column_text(2);
  clip.reel = row.column_text(3);
  clip.roll = row.column_text(4);
  clip.card = row.column_text(5);
  if (!row.column_is_null(6)) {
    clip.start_tc = row.column_text(6);
  }
  clip.frames = row.column_int(7);
  clip.rate = row.column_text(8);
  clip.drop_frame = row.column_int(9) != 0;
  clip.width = static_cast<int>(row.column_int(10));
  clip.height = static_cast<int>(row.column_int(11));
  clip.codec = row.column_text(12);
  if (const auto profile = row.column_text(13); !profile.empty()) {
    clip.codec += clip.codec.empty() ? profile : " " + profile;
  }
  clip.audio_channels = static_cast<int>(row.column_int(14));
  clip.audio_sample_rate = static_cast<int>(row.column_int(15));
  clip.recorded_at = row.column_text(16);
  clip.source_file = row.column_is_null(18) ? clip.name : detail::file_name_of(row.column_text(18));
  if (!row.column_is_null(19)) {
    // The first of the offload's hashes ("xxh64" of "xxh64,md5") is the one copies are verified
    // with.
    const auto hashes = row.column_text(20);
    const auto algorithm = hashes.substr(0, hashes.find(','));
    const auto digests = nlohmann::json::parse(row.column_text(19), nullptr, false);
    if (digests.is_object() && digests.contains(algorithm) && digests[algorithm].is_string()) {
      clip.checksum = algorithm + ":" + digests[algorithm].get<std::string>();
    }
  }
  clip.tape = row.column_text(21);
  clip.still = row.column_int(22) != 0;
  if (clip.tape.empty()) {
    clip.tape = clip.reel.empty() ? clip.roll : clip.reel;
  }
  clip.shoot_date = day.date;
  clip.day_number = day.number;
  clip.unit = day.unit;
  return clip;
}

}  // namespace

EditorialLog read_editorial_log(catalogue::CatalogueReader& reader, const Selection& selection) {
  auto& db = reader.db();
  // The takes and the clips on them are of one moment.
  const catalogue::ReadSnapshot snapshot(db);

  EditorialLog log;
  log.days = chosen_days(db, selection);
  auto project = db.prepare(
      "SELECT p.name, p.fps FROM shooting_days d JOIN projects p ON p.id = d.project_id WHERE "
      "d.id = ?");
  project.bind(1, log.days.front().id);
  if (project.step()) {
    log.project = project.column_text(0);
    log.project_fps = project.column_text(1);
  }

  auto takes = db.prepare(kSelectTakes);
  auto clips = db.prepare(kSelectClips);
  for (const auto& day : log.days) {
    std::map<std::int64_t, std::size_t> take_index;
    takes.reset();
    takes.bind(1, day.id);
    while (takes.step()) {
      auto take = read_take(takes, day);
      if (selection.circled_only && take.take.status != production::TakeStatus::circled) {
        continue;
      }
      take_index[take.take.id] = log.takes.size();
      log.takes.push_back(std::move(take));
    }
    const auto first_take = log.takes.size() - take_index.size();
    std::vector<bool> take_has_roll(take_index.size(), !selection.roll);

    clips.reset();
    clips.bind(1, day.id);
    while (clips.step()) {
      auto clip = read_clip(clips, day);
      if (selection.roll && clip.roll != *selection.roll) {
        continue;
      }
      if (!clips.column_is_null(17)) {
        // A clip on a take left out (not circled, undone) goes with it.
        const auto found = take_index.find(clips.column_int(17));
        if (found != take_index.end()) {
          clip.take = found->second;
          take_has_roll[found->second - first_take] = true;
          auto& on = log.takes[found->second].take;
          on.clips.push_back(
              {clip.id, clip.name, clip.camera, clip.reel, clip.start_tc, {}, false});
        } else if (selection.circled_only) {
          continue;
        }
      }
      if (!clip.take && (!selection.unmatched || selection.circled_only)) {
        continue;
      }
      log.clips.push_back(std::move(clip));
    }
    // A card's export holds the takes its clips are on, not the whole day's.
    if (selection.roll) {
      std::vector<std::size_t> moved(take_index.size());
      std::vector<EditorialTake> kept(log.takes.begin(),
                                      log.takes.begin() + static_cast<long>(first_take));
      for (std::size_t i = 0; i < take_index.size(); ++i) {
        moved[i] = kept.size();
        if (take_has_roll[i]) {
          kept.push_back(std::move(log.takes[first_take + i]));
        }
      }
      log.takes = std::move(kept);
      for (auto& clip : log.clips) {
        if (clip.take && *clip.take >= first_take) {
          clip.take = moved[*clip.take - first_take];
        }
      }
    }
  }
  return log;
}

}  // namespace slate::exports
