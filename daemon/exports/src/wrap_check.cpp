#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include <slate/exports/wrap_check.hpp>
#include <slate/production/take.hpp>

namespace slate::exports {

namespace {

using production::Take;
using production::TakeStatus;

std::vector<std::string> read_names(const std::string& text) {
  const auto value = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> names;
  if (value.is_array()) {
    for (const auto& name : value) {
      if (name.is_string()) {
        names.push_back(name.get<std::string>());
      }
    }
  }
  return names;
}

// Both UTC ISO 8601; a time to the second and one to the millisecond compare as times once both
// are to the millisecond (offloads are stamped to the second, days and takes to the millisecond).
std::string comparable(const std::string& time) {
  return time.size() == 20 && time.back() == 'Z' ? time.substr(0, 19) + ".000Z" : time;
}

struct CheckedDay {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::vector<std::string> project_cameras;
  // When the day began and when the project's next day did (empty: none has yet). A day begins at
  // its start or at its first roll if that was earlier, as matching places clips on days.
  std::string begins;
  std::string ends;
  bool first = false;  // what happened before any day began is the first day's, as for clips
};

CheckedDay read_day(catalogue::Database& db, std::int64_t day_id) {
  auto select = db.prepare(
      "SELECT d.project_id, p.cameras FROM shooting_days d JOIN projects p ON p.id = d.project_id "
      "WHERE d.id = ?");
  select.bind(1, day_id);
  if (!select.step()) {
    throw std::invalid_argument("no shooting day " + std::to_string(day_id));
  }
  CheckedDay day;
  day.id = day_id;
  day.project_id = select.column_int(0);
  day.project_cameras = read_names(select.column_text(1));

  auto starts = db.prepare(
      "SELECT d.id, coalesce(d.started_at, d.date || 'T00:00:00.000Z'), (SELECT min(rolled_at) "
      "FROM takes t WHERE t.day_id = d.id) FROM shooting_days d WHERE d.project_id = ?");
  starts.bind(1, day.project_id);
  std::vector<std::pair<std::string, std::int64_t>> begun;
  while (starts.step()) {
    auto start = comparable(starts.column_text(1));
    if (!starts.column_is_null(2) && comparable(starts.column_text(2)) < start) {
      start = comparable(starts.column_text(2));
    }
    begun.emplace_back(start, starts.column_int(0));
  }
  std::sort(begun.begin(), begun.end());
  for (std::size_t i = 0; i < begun.size(); ++i) {
    if (begun[i].second == day_id) {
      day.begins = begun[i].first;
      day.first = i == 0;
      day.ends = i + 1 < begun.size() ? begun[i + 1].first : "";
    }
  }
  return day;
}

bool during(const CheckedDay& day, const std::string& time) {
  const auto at = comparable(time);
  return (day.first || at >= day.begins) && (day.ends.empty() || at < day.ends);
}

// The offloads begun while the day was the project's latest: the day of a card none of whose clips
// knows its own (a refused card, one not probed yet), as a JSON list of ids.
std::string offloads_during(catalogue::Database& db, const CheckedDay& day) {
  auto select = db.prepare("SELECT id, created_at FROM offloads ORDER BY id");
  auto ids = nlohmann::json::array();
  while (select.step()) {
    if (during(day, select.column_text(1))) {
      ids.push_back(select.column_int(0));
    }
  }
  return ids.dump();
}

struct Card {
  std::int64_t id = 0;
  std::string name;
  std::string roll;
  std::string state;
  std::string verdict;
  std::string reason;
};

struct Clip {
  std::int64_t id = 0;
  std::string name;
  std::string camera;  // resolved: from the name, else the card's roll
  std::int64_t offload_id = 0;
  std::string card;
  std::string roll;
  std::string start_tc;  // empty: none (a probe that found none writes '')
  std::string end_tc;
  bool probed = false;
  std::optional<int> audio_channels;
  std::optional<std::int64_t> take_id;  // on a live take
  bool unassigned_by_hand = false;
  std::string undone_take;  // the take it was on, when that was undone
  std::string match_reason;
  std::string probe_failure;  // why its probe failed, when it did
};

// The camera a clip was shot on, as matching reads it: from its name, else the card's roll
// ("B002" is camera B's), else the project's only camera.
std::string camera_of(const std::string& named, const std::string& roll,
                      const std::vector<std::string>& project_cameras) {
  if (!named.empty()) {
    return named;
  }
  if (roll.size() >= 2 && std::isalpha(static_cast<unsigned char>(roll[0])) &&
      std::all_of(roll.begin() + 1, roll.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(roll[0]))));
  }
  return project_cameras.size() == 1 ? project_cameras.front() : "";
}

// The day's picture clips: those on its live takes, those matching placed on it and on no live
// take, and those whose day is not known yet on a card begun during it. A clip of sidecars only
// is no picture, and neither is a file the probe found sound and no picture in.
std::vector<Clip> read_clips(catalogue::Database& db, const CheckedDay& day) {
  auto select = db.prepare(
      "SELECT c.id, c.name, c.camera, o.id, o.card_name, o.roll, coalesce(c.start_tc, ''), "
      "coalesce(c.end_tc, ''), c.probe IS NOT NULL, json_extract(c.probe, '$.audio_channels'), "
      "t.id, ct.clip_id IS NOT NULL AND ct.take_id IS NULL, coalesce(c.match_reason, ''), "
      "CASE WHEN ut.id IS NULL THEN NULL ELSE us.number END, uu.letter, ut.number, ut.wild, "
      "CASE WHEN j.state = 'failed' THEN coalesce(nullif(j.reason, ''), 'failed') END "
      "FROM clips c JOIN offloads o ON o.id = c.offload_id "
      "LEFT JOIN clip_takes ct ON ct.clip_id = c.id "
      "LEFT JOIN takes t ON t.id = ct.take_id AND t.undone_at IS NULL "
      "LEFT JOIN takes ut ON ut.id = ct.take_id AND ut.undone_at IS NOT NULL "
      "LEFT JOIN setups uu ON uu.id = ut.setup_id LEFT JOIN scenes us ON us.id = uu.scene_id "
      "LEFT JOIN media_jobs j ON j.clip_id = c.id AND j.kind = 'probe' "
      // Three index walks for the candidates, then which day each one is on.
      "WHERE c.id IN (SELECT ct2.clip_id FROM takes t2 JOIN clip_takes ct2 ON ct2.take_id = t2.id "
      "WHERE t2.day_id = ?1 AND t2.undone_at IS NULL UNION ALL SELECT id FROM clips WHERE "
      "shooting_day_id = ?1 UNION ALL SELECT id FROM clips WHERE shooting_day_id IS NULL AND "
      "offload_id IN (SELECT value FROM json_each(?2))) "
      "AND (t.day_id = ?1 OR (t.id IS NULL AND (c.shooting_day_id = ?1 OR (c.shooting_day_id IS "
      "NULL AND c.offload_id IN (SELECT value FROM json_each(?2)))))) "
      "AND EXISTS (SELECT 1 FROM clip_files cf WHERE cf.clip_id = c.id AND cf.role = 'media') "
      "AND NOT (coalesce(json_extract(c.probe, '$.width'), 1) = 0 AND "
      "coalesce(json_extract(c.probe, '$.audio_channels'), 0) > 0) "
      // A still (a tethered camera's shot, a JPEG on a card) has no take and no timecode to have.
      "AND NOT (c.probe IS NOT NULL AND coalesce(c.frames, 0) <= 1) "
      "ORDER BY o.roll, o.id, c.position");
  select.bind(1, day.id).bind(2, offloads_during(db, day));
  std::vector<Clip> clips;
  while (select.step()) {
    Clip clip;
    clip.id = select.column_int(0);
    clip.name = select.column_text(1);
    clip.offload_id = select.column_int(3);
    clip.card = select.column_text(4);
    clip.roll = select.column_text(5);
    clip.camera = camera_of(select.column_text(2), clip.roll, day.project_cameras);
    clip.start_tc = select.column_text(6);
    clip.end_tc = select.column_text(7);
    clip.probed = select.column_int(8) != 0;
    if (!select.column_is_null(9)) {
      clip.audio_channels = static_cast<int>(select.column_int(9));
    }
    if (!select.column_is_null(10)) {
      clip.take_id = select.column_int(10);
    }
    clip.unassigned_by_hand = select.column_int(11) != 0;
    clip.match_reason = select.column_text(12);
    if (!select.column_is_null(13)) {
      clip.undone_take =
          production::TakeName{select.column_text(13), select.column_text(14),
                               static_cast<int>(select.column_int(15)), select.column_int(16) != 0}
              .to_string();
    }
    if (!select.column_is_null(17)) {
      clip.probe_failure = select.column_text(17);
    }
    clips.push_back(std::move(clip));
  }
  return clips;
}

// The day's live takes in shooting order; undone takes are out of the log.
std::vector<Take> read_takes(catalogue::Database& db, std::int64_t day_id) {
  auto select = db.prepare(
      "SELECT t.id, s.number, u.letter, t.number, t.wild, t.mos, t.status, t.cameras, "
      "t.rolled_at, t.roll_tc, t.cut_at, t.cut_tc FROM takes t JOIN setups u ON u.id = "
      "t.setup_id JOIN scenes s ON s.id = u.scene_id WHERE t.day_id = ? AND t.undone_at IS NULL "
      "ORDER BY t.rolled_at, t.id");
  select.bind(1, day_id);
  std::vector<Take> takes;
  while (select.step()) {
    Take take;
    take.id = select.column_int(0);
    take.day_id = day_id;
    take.scene = select.column_text(1);
    take.setup = select.column_text(2);
    take.number = static_cast<int>(select.column_int(3));
    take.wild = select.column_int(4) != 0;
    take.mos = select.column_int(5) != 0;
    take.status = production::parse_take_status(select.column_text(6)).value_or(TakeStatus::none);
    take.cameras = read_names(select.column_text(7));
    take.rolled_at = select.column_text(8);
    take.roll_tc = select.column_text(9);
    if (!select.column_is_null(10)) {
      take.cut_at = select.column_text(10);
    }
    if (!select.column_is_null(11)) {
      take.cut_tc = select.column_text(11);
    }
    takes.push_back(std::move(take));
  }
  return takes;
}

// The cards whose offload belongs to the day and is not finished safe. A card offloaded again
// safely since (same fingerprint, or the same roll and card name) is safe; so is one refused as a
// duplicate, which is what an earlier safe offload of it means.
std::vector<Card> read_cards(catalogue::Database& db, const CheckedDay& day,
                             const std::vector<Clip>& clips) {
  std::set<std::int64_t> ids;
  for (const auto& clip : clips) {
    ids.insert(clip.offload_id);
  }
  // A card with no picture clip (refused before it was read, all sidecars) is the day it was
  // begun on.
  auto clipless = db.prepare(
      "SELECT o.id, o.created_at FROM offloads o WHERE NOT EXISTS (SELECT 1 FROM clips c JOIN "
      "clip_files cf ON cf.clip_id = c.id AND cf.role = 'media' WHERE c.offload_id = o.id)");
  while (clipless.step()) {
    if (during(day, clipless.column_text(1))) {
      ids.insert(clipless.column_int(0));
    }
  }
  auto list = nlohmann::json::array();
  for (const auto id : ids) {
    list.push_back(id);
  }
  auto select = db.prepare(
      "SELECT o.id, o.card_name, o.roll, o.state, coalesce(o.verdict, ''), o.reason FROM offloads "
      "o WHERE o.id IN (SELECT value FROM json_each(?)) AND NOT (o.state = 'finished' AND "
      "o.verdict = 'safe') AND o.state != 'duplicate' AND NOT EXISTS (SELECT 1 FROM offloads "
      "later WHERE later.id > o.id AND later.state = 'finished' AND later.verdict = 'safe' AND "
      "(later.fingerprint = o.fingerprint OR (o.roll != '' AND later.roll = o.roll AND "
      "later.card_name = o.card_name))) ORDER BY o.roll, o.id");
  select.bind(1, list.dump());
  std::vector<Card> cards;
  while (select.step()) {
    cards.push_back({select.column_int(0), select.column_text(1), select.column_text(2),
                     select.column_text(3), select.column_text(4), select.column_text(5)});
  }
  return cards;
}

std::string card_words(const Card& card) {
  return "card " + card.name + (card.roll.empty() ? "" : " (roll " + card.roll + ")");
}

std::string clip_words(const Clip& clip) {
  return clip.name + " (card " + clip.card + (clip.roll.empty() ? "" : ", roll " + clip.roll) + ")";
}

std::string why_not_safe(const Card& card) {
  std::string why;
  if (card.state == "finished") {
    why = card.verdict.empty() ? "its offload finished with no verdict"
                               : "its offload finished not safe";
  } else if (card.state == "queued") {
    why = "its offload is queued and has not started";
  } else if (card.state == "preflight") {
    why = "its offload is still in preflight";
  } else if (card.state == "copying" || card.state == "sealing") {
    why = "its offload is still " + card.state;
  } else {
    why = "its offload was " + card.state;  // refused, interrupted, cancelled
  }
  return card.reason.empty() ? why : why + ": " + card.reason;
}

std::string why_on_no_take(const Clip& clip) {
  if (!clip.undone_take.empty()) {
    return "it was on " + clip.undone_take + ", which was undone";
  }
  if (clip.unassigned_by_hand) {
    return "it was taken off its take by hand";
  }
  if (clip.match_reason == "no take overlaps") {
    const auto camera = clip.camera.empty() ? "any camera" : "camera " + clip.camera;
    return "no take of " + camera + " was rolling " +
           (clip.end_tc.empty() ? "at " + clip.start_tc
                                : "from " + clip.start_tc + " to " + clip.end_tc);
  }
  if (clip.match_reason == "no timecode") {
    return "it has no timecode to match it by";
  }
  if (clip.match_reason == "camera unknown") {
    return "neither its name nor its card's roll says which camera shot it";
  }
  if (!clip.match_reason.empty()) {
    return clip.match_reason;
  }
  return "it is not matched yet";
}

std::string rolled_words(const Take& take) {
  return "rolled at " + take.roll_tc + (take.cut_tc ? ", cut at " + *take.cut_tc : ", never cut");
}

std::string joined(const std::vector<const Clip*>& clips) {
  std::string text;
  for (std::size_t i = 0; i < clips.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == clips.size() ? " and " : ", ") + clips[i]->name;
  }
  return text;
}

CheckItem take_item(Finding finding, const Take& take, std::string message,
                    const Clip* clip = nullptr) {
  CheckItem item{finding, std::move(message), take.id, take.name().to_string(), {}, "", {}};
  if (clip) {
    item.clip_id = clip->id;
    item.clip = clip->name;
    item.offload_id = clip->offload_id;
  }
  return item;
}

CheckItem clip_item(Finding finding, const Clip& clip, std::string message) {
  return {finding, std::move(message), {}, "", clip.id, clip.name, clip.offload_id};
}

// What is wrong with one take, in the order a script supervisor reads a take: whether it ended,
// then its picture on each camera, then its sound.
void check_take(const Take& take, bool last_rolled, const std::vector<const Clip*>& on_it,
                const CheckOptions& options, std::vector<CheckItem>& items) {
  const auto name = take.name().to_string();
  // A false start ends when it is marked (the log rolls its setup again without a cut).
  if (!take.cut_at && take.status != TakeStatus::false_start) {
    items.push_back(take_item(
        Finding::never_cut, take,
        last_rolled ? name + " is still rolling (rolled at " + take.roll_tc +
                          "): cut it, or its clips cannot be matched by timecode"
                    : name + " rolled at " + take.roll_tc +
                          " and was never cut, though later takes rolled: its clips cannot be "
                          "matched by timecode"));
    // A take still rolling has no clips yet: what its cameras recorded is judged once it is cut.
    if (last_rolled) {
      return;
    }
  }
  if (take.wild) {
    for (const auto* clip : on_it) {
      items.push_back(take_item(Finding::wild_track_with_picture, take,
                                "Wild track " + name + " has a picture clip on it: " +
                                    clip_words(*clip) + "; a wild track is sound only",
                                clip));
    }
    return;
  }
  std::map<std::string, std::vector<const Clip*>> by_camera;
  for (const auto* clip : on_it) {
    if (!clip->camera.empty()) {
      by_camera[clip->camera].push_back(clip);
    }
  }
  // A false start still rolled picture: its clips go to editorial like any other take's.
  const std::string false_start = take.status == TakeStatus::false_start ? ", a false start" : "";
  for (const auto& camera : take.cameras) {
    if (!by_camera.contains(camera)) {
      items.push_back(take_item(Finding::camera_missing, take,
                                "No clip of camera " + camera + " is on " + name + false_start +
                                    " (" + rolled_words(take) + ")"));
    }
  }
  for (const auto& [camera, clips] : by_camera) {
    if (clips.size() > 1) {
      items.push_back(take_item(Finding::two_clips_one_camera, take,
                                std::to_string(clips.size()) + " clips of camera " + camera +
                                    " are on " + name + ": " + joined(clips)));
    }
  }
  for (const auto* clip : on_it) {
    // Cameras that record scratch sound record it on MOS takes too: there it says nothing.
    if (take.mos && !options.camera_audio && clip->audio_channels.value_or(0) > 0) {
      items.push_back(take_item(Finding::mos_with_audio, take,
                                name + " is MOS but its clip " + clip_words(*clip) +
                                    " records sound on " + std::to_string(*clip->audio_channels) +
                                    " audio channels",
                                clip));
    }
    // A clip not probed yet (no audio_channels known) is not judged: its probe will tell.
    if (options.camera_audio && !take.mos && clip->audio_channels == 0) {
      items.push_back(take_item(Finding::sound_missing, take,
                                name + " has sound but its clip " + clip_words(*clip) +
                                    " has no audio channels; the cameras record scratch sound",
                                clip));
    }
  }
}

}  // namespace

std::string_view to_string(Finding finding) {
  switch (finding) {
    case Finding::clip_on_no_take:
      return "clip_on_no_take";
    case Finding::camera_missing:
      return "camera_missing";
    case Finding::mos_with_audio:
      return "mos_with_audio";
    case Finding::sound_missing:
      return "sound_missing";
    case Finding::wild_track_with_picture:
      return "wild_track_with_picture";
    case Finding::two_clips_one_camera:
      return "two_clips_one_camera";
    case Finding::never_cut:
      return "never_cut";
    case Finding::card_not_safe:
      return "card_not_safe";
    case Finding::clip_without_timecode:
      return "clip_without_timecode";
  }
  return "clip_on_no_take";
}

std::vector<CheckItem> check_day(catalogue::CatalogueReader& reader, std::int64_t day_id,
                                 const CheckOptions& options) {
  auto& db = reader.db();
  // Cards, takes and clips as they stood at one instant.
  const catalogue::ReadSnapshot snapshot(db);
  const auto day = read_day(db, day_id);
  const auto clips = read_clips(db, day);
  const auto takes = read_takes(db, day_id);
  std::vector<CheckItem> items;

  for (const auto& card : read_cards(db, day, clips)) {
    items.push_back({Finding::card_not_safe,
                     "The " + card_words(card) + " is not safe to format: " + why_not_safe(card),
                     {},
                     "",
                     {},
                     "",
                     card.id});
  }

  std::map<std::int64_t, std::vector<const Clip*>> on_take;
  for (const auto& clip : clips) {
    if (clip.take_id) {
      on_take[*clip.take_id].push_back(&clip);
    }
  }
  for (std::size_t i = 0; i < takes.size(); ++i) {
    check_take(takes[i], i + 1 == takes.size(), on_take[takes[i].id], options, items);
  }

  for (const auto& clip : clips) {
    // Not probed yet: its timecode, and so its take, is not known; one item says both.
    if (!clip.probed) {
      items.push_back(clip_item(
          Finding::clip_without_timecode, clip,
          clip_words(clip) +
              (clip.probe_failure.empty() ? " is not probed yet"
                                          : " could not be probed (" + clip.probe_failure + ")") +
              ": its timecode is not known" + (clip.take_id ? "" : ", so it is on no take")));
      continue;
    }
    if (!clip.take_id) {
      items.push_back(clip_item(Finding::clip_on_no_take, clip,
                                clip_words(clip) + " is on no take: " + why_on_no_take(clip)));
    }
    if (clip.start_tc.empty()) {
      items.push_back(clip_item(
          Finding::clip_without_timecode, clip,
          clip_words(clip) + " has no timecode: editorial must sync it by slate or sound"));
    }
  }
  return items;
}

}  // namespace slate::exports
