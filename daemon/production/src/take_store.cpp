#include <ctime>
#include <set>

#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/log/log.hpp>
#include <slate/production/matching.hpp>
#include <slate/production/numbering.hpp>
#include <slate/production/take_store.hpp>

namespace slate::production {

using nlohmann::json;

namespace {

const std::set<std::string> kStatuses = {"none", "circled", "hold", "ng", "false_start"};

// On set, 29.97 and 59.94 run drop-frame so that timecode keeps to the clock.
core::Timecode time_of_day_timecode(std::chrono::system_clock::time_point now,
                                    std::chrono::milliseconds offset, core::FrameRate rate) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  const auto since_midnight = std::chrono::hours(local.tm_hour) +
                              std::chrono::minutes(local.tm_min) +
                              std::chrono::seconds(local.tm_sec) +
                              std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  now - std::chrono::system_clock::from_time_t(seconds)) +
                              offset;
  return core::Timecode::from_time_of_day(since_midnight, rate, core::allows_drop_frame(rate));
}

catalogue::NewEvent event(std::string kind, std::int64_t take_id, json payload,
                          const std::string& actor) {
  return {std::move(kind), "take/" + std::to_string(take_id), payload.dump(), actor, {}};
}

// The marks a take has, and the only column names an update or undo may write.
const std::set<std::string> kMarks = {"status", "flagged", "notes", "wild", "mos", "vfx"};

void set_mark(catalogue::Database& db, std::int64_t take_id, const std::string& mark,
              const json& value) {
  if (!kMarks.contains(mark)) {
    throw TakeError(400, "\"" + mark + "\" is not a mark");
  }
  auto statement = db.prepare("UPDATE takes SET " + mark + " = ? WHERE id = ?");
  if (value.is_boolean()) {
    statement.bind(1, std::int64_t{value.get<bool>() ? 1 : 0});
  } else {
    statement.bind(1, value.get<std::string>());
  }
  statement.bind(2, take_id).run();
}

bool flag_of(const json& body, const char* key, bool fallback) {
  if (!body.contains(key)) {
    return fallback;
  }
  if (!body[key].is_boolean()) {
    throw TakeError(400, std::string("\"") + key + "\" must be true or false");
  }
  return body[key].get<bool>();
}

}  // namespace

TakeStore::TakeStore(catalogue::Catalogue& catalogue, std::chrono::milliseconds timecode_offset,
                     double match_tolerance_seconds)
    : catalogue_(catalogue), offset_(timecode_offset), tolerance_seconds_(match_tolerance_seconds) {
  matcher_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      wake_.wait(lock, [this] { return stopping_ || pending_; });
      if (stopping_) {
        return;
      }
      pending_ = false;
      lock.unlock();
      try {
        match_clips();
      } catch (const std::exception& error) {
        log::error(std::string("matching clips to takes: ") + error.what());
      }
      lock.lock();
    }
  });
}

TakeStore::~TakeStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  matcher_.join();
}

void TakeStore::request_match() {
  std::lock_guard lock(mutex_);
  pending_ = true;
  wake_.notify_all();
}

json TakeStore::roll(std::int64_t setup_id, const json& body, const std::string& actor,
                     std::chrono::system_clock::time_point now) {
  if (!body.is_object()) {
    throw TakeError(400, "the body must be a JSON object");
  }
  const std::string kind = body.value("kind", std::string("normal"));
  if (kind != "normal" && kind != "pickup" && kind != "series") {
    throw TakeError(400, "\"kind\" must be normal, pickup or series");
  }
  const bool wild = flag_of(body, "wild", false);
  const bool mos = flag_of(body, "mos", false);
  const bool vfx = flag_of(body, "vfx", false);
  const auto id = catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto setup = db.prepare(
        "SELECT u.cameras, p.fps, p.cameras, c.day_id, s.number, u.letter FROM setups u JOIN "
        "scenes s ON s.id = u.scene_id JOIN projects p ON p.id = s.project_id JOIN "
        "current_production c ON c.project_id = p.id WHERE u.id = ?");
    setup.bind(1, setup_id);
    if (!setup.step()) {
      throw TakeError(404,
                      "there is no setup " + std::to_string(setup_id) + " in the current project");
    }
    json cameras = json::parse(setup.column_text(0), nullptr, false);
    if (body.contains("cameras")) {
      cameras = body["cameras"];
      if (!cameras.is_array() || cameras.size() > 26 ||
          !std::all_of(cameras.begin(), cameras.end(), [](const json& c) {
            return c.is_string() && c.get<std::string>().size() == 1 &&
                   std::isupper(static_cast<unsigned char>(c.get<std::string>()[0]));
          })) {
        throw TakeError(400, "\"cameras\" must be a list of camera letters, like [\"A\", \"B\"]");
      }
    } else if (!cameras.is_array() || cameras.empty()) {
      cameras = json::parse(setup.column_text(2), nullptr, false);
    }
    const auto rate = core::parse_frame_rate(setup.column_text(1)).value_or(core::FrameRate::fps24);
    // Numbers are never reused, not even after a take is deleted.
    auto highest = db.prepare("SELECT coalesce(max(number), 0) FROM takes WHERE setup_id = ?");
    highest.bind(1, setup_id);
    highest.step();
    const int number = next_take({}, static_cast<int>(highest.column_int(0)));
    auto running = db.prepare("SELECT id FROM takes WHERE setup_id = ? AND cut_at IS NULL");
    running.bind(1, setup_id);
    if (running.step()) {
      throw TakeError(409, "take " + std::to_string(running.column_int(0)) +
                               " of this setup is still rolling: cut it first");
    }
    const auto roll_tc = time_of_day_timecode(now, offset_, rate);
    auto insert = db.prepare(
        "INSERT INTO takes (setup_id, day_id, number, kind, wild, mos, vfx, cameras, rate, "
        "rolled_at, roll_tc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, setup_id);
    if (setup.column_is_null(3)) {
      insert.bind_null(2);
    } else {
      insert.bind(2, setup.column_int(3));
    }
    insert.bind(3, std::int64_t{number})
        .bind(4, kind)
        .bind(5, std::int64_t{wild})
        .bind(6, std::int64_t{mos})
        .bind(7, std::int64_t{vfx})
        .bind(8, cameras.dump())
        .bind(9, std::string(core::to_string(rate)))
        .bind(10, core::utc_text(now))
        .bind(11, roll_tc.to_string())
        .run();
    const auto take_id = db.last_insert_rowid();
    tx.append(event("take.rolled", take_id,
                    {{"id", take_id},
                     {"scene", setup.column_text(4)},
                     {"setup", setup.column_text(5)},
                     {"take", number},
                     {"roll_tc", roll_tc.to_string()},
                     {"cameras", cameras}},
                    actor));
    return take_id;
  });
  return take(id);
}

json TakeStore::cut(std::int64_t take_id, const std::string& actor,
                    std::chrono::system_clock::time_point now) {
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto found = db.prepare("SELECT rate, cut_at IS NOT NULL, rolled_at FROM takes WHERE id = ?");
    found.bind(1, take_id);
    if (!found.step()) {
      throw TakeError(404, "there is no take " + std::to_string(take_id));
    }
    if (found.column_int(1) != 0) {
      throw TakeError(409, "take " + std::to_string(take_id) + " is already cut");
    }
    // ISO 8601 UTC text compares as time does.
    if (core::utc_text(now) < found.column_text(2)) {
      throw TakeError(400, "a take is cut after it rolls: take " + std::to_string(take_id) +
                               " rolled at " + found.column_text(2) + ", the cut says " +
                               core::utc_text(now));
    }
    const auto rate = core::parse_frame_rate(found.column_text(0)).value_or(core::FrameRate::fps24);
    const auto cut_tc = time_of_day_timecode(now, offset_, rate);
    db.prepare("UPDATE takes SET cut_at = ?, cut_tc = ? WHERE id = ?")
        .bind(1, core::utc_text(now))
        .bind(2, cut_tc.to_string())
        .bind(3, take_id)
        .run();
    tx.append(event("take.cut", take_id, {{"id", take_id}, {"cut_tc", cut_tc.to_string()}}, actor));
  });
  match_clips();
  return take(take_id);
}

json TakeStore::update(std::int64_t take_id, const json& patch, const std::string& actor) {
  if (!patch.is_object() || patch.empty()) {
    throw TakeError(400, "the body must be a JSON object of the fields to change");
  }
  for (const auto& [key, value] : patch.items()) {
    if (!kMarks.contains(key)) {
      throw TakeError(400, "\"" + key +
                               "\" cannot be changed (status, flagged, notes, wild, mos, "
                               "vfx can)");
    }
  }
  if (patch.contains("status") &&
      (!patch["status"].is_string() || !kStatuses.contains(patch["status"].get<std::string>()))) {
    throw TakeError(400, "\"status\" must be none, circled, hold, ng or false_start");
  }
  if (patch.contains("notes") &&
      (!patch["notes"].is_string() || patch["notes"].get<std::string>().size() > 4000)) {
    throw TakeError(400, "\"notes\" must be text of at most 4000 bytes");
  }
  for (const char* flag : {"flagged", "wild", "mos", "vfx"}) {
    flag_of(patch, flag, false);
  }
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto found = db.prepare(
        "SELECT status, flagged != 0, notes, wild != 0, mos != 0, vfx != 0 FROM takes WHERE id = "
        "?");
    found.bind(1, take_id);
    if (!found.step()) {
      throw TakeError(404, "there is no take " + std::to_string(take_id));
    }
    // What the fields were, so that the change can be undone.
    const json was = {{"status", found.column_text(0)},  {"flagged", found.column_int(1) != 0},
                      {"notes", found.column_text(2)},   {"wild", found.column_int(3) != 0},
                      {"mos", found.column_int(4) != 0}, {"vfx", found.column_int(5) != 0}};
    json before = json::object();
    for (const auto& [key, value] : patch.items()) {
      before[key] = was[key];
    }
    for (const auto& [key, value] : patch.items()) {
      set_mark(db, take_id, key, value);
    }
    tx.append(event("take.updated", take_id,
                    {{"id", take_id}, {"changes", patch}, {"before", before}}, actor));
  });
  return take(take_id);
}

namespace {

// A take as the API shows it, built by SQLite's own JSON functions: a day of 2,000 takes and
// 20,000 clips is one query and one string, with no per-field work in C++. Its clips are kept
// ready on the take (takes.clips_json, migration 0010) and spliced in as text, not parsed again.
constexpr std::string_view kTakeObject =
    "json_object('id', t.id, 'scene', s.number, 'setup', u.letter, 'setup_id', u.id, 'take', "
    "t.number, 'kind', t.kind, 'wild', json(CASE WHEN t.wild THEN 'true' ELSE 'false' END), "
    "'mos', json(CASE WHEN t.mos THEN 'true' ELSE 'false' END), 'vfx', json(CASE WHEN t.vfx THEN "
    "'true' ELSE 'false' END), 'status', t.status, 'flagged', json(CASE WHEN t.flagged THEN "
    "'true' ELSE 'false' END), 'notes', t.notes, 'cameras', json(t.cameras), 'rate', t.rate, "
    "'rolled_at', t.rolled_at, 'roll_tc', t.roll_tc, 'cut_at', t.cut_at, 'cut_tc', t.cut_tc, "
    "'day', t.day_id)";
// The object without its closing brace, then its clips: {"id":…,"day":1,"clips":[…]}, from a
// row of (o, clips).
constexpr std::string_view kSpliced =
    "substr(o, 1, length(o) - 1) || ',\"clips\":' || clips || '}'";
constexpr std::string_view kFromTakes =
    " FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON s.id = u.scene_id ";

}  // namespace

json TakeStore::take(std::int64_t take_id) {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare("SELECT " + std::string(kSpliced) + " FROM (SELECT " +
                                     std::string(kTakeObject) + " AS o, t.clips_json AS clips" +
                                     std::string(kFromTakes) + "WHERE t.id = ?)");
  select.bind(1, take_id);
  if (!select.step()) {
    throw TakeError(404, "there is no take " + std::to_string(take_id));
  }
  return json::parse(select.column_text(0));
}

std::string TakeStore::list_text(const TakeFilter& filter) {
  // One statement for every filter: an empty one matches everything.
  const std::string where =
      "WHERE t.day_id = (CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT day_id FROM current_production) "
      "END) AND (?2 = '' OR s.number = ?2) AND (?3 = '' OR t.status = ?3) AND (?4 = '' OR EXISTS "
      "(SELECT 1 FROM json_each(t.cameras) WHERE value = ?4)) AND (?5 < 0 OR t.flagged = ?5)";
  const auto key = std::to_string(filter.day) + '\n' + filter.scene + '\n' + filter.status + '\n' +
                   filter.camera + '\n' + (filter.flagged ? (*filter.flagged ? "1" : "0") : "-");
  auto reader = catalogue_.lease();
  // One read transaction: the listing is of the catalogue as it stood at `sequence`. Every change
  // to takes, clips and the shot list appends an event, so an answer made at the same sequence is
  // still exact, and tablets asking again between changes cost a lookup.
  reader->db().exec("BEGIN");
  struct Done {
    catalogue::Database& db;
    ~Done() {
      try {
        db.exec("COMMIT");  // a read transaction: nothing to lose if it cannot end cleanly
      } catch (const std::exception&) {
      }
    }
  } done{reader->db()};
  const auto sequence = reader->latest_sequence();
  {
    std::lock_guard lock(listing_mutex_);
    if (const auto found = listings_.find(key);
        found != listings_.end() && found->second.sequence == sequence) {
      return found->second.text;
    }
  }
  auto select =
      reader->db().prepare("SELECT '{\"takes\":[' || coalesce(group_concat(" +
                           std::string(kSpliced) + ", ','), '') || ']}' FROM (SELECT " +
                           std::string(kTakeObject) + " AS o, t.clips_json AS clips" +
                           std::string(kFromTakes) + where + " ORDER BY t.rolled_at, t.id)");
  select.bind(1, filter.day)
      .bind(2, filter.scene)
      .bind(3, filter.status)
      .bind(4, filter.camera)
      .bind(5, std::int64_t{filter.flagged ? (*filter.flagged ? 1 : 0) : -1});
  select.step();
  auto text = select.column_text(0);
  std::lock_guard lock(listing_mutex_);
  if (listings_.size() >= 32 && !listings_.contains(key)) {
    listings_.clear();  // a handful of filters are in use at a time; start again past that
  }
  listings_[key] = {sequence, text};
  return text;
}

json TakeStore::list(std::int64_t day_id) {
  TakeFilter filter;
  filter.day = day_id;
  return json::parse(list_text(filter))["takes"];
}

json TakeStore::unmatched_clips() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT c.id, c.name, c.camera, o.roll, c.start_tc, c.end_tc, c.rate, ct.method FROM clips "
      "c JOIN offloads o ON o.id = c.offload_id LEFT JOIN clip_takes ct ON ct.clip_id = c.id "
      "WHERE ct.take_id IS NULL ORDER BY c.id");
  json list = json::array();
  while (select.step()) {
    const bool timecode = !select.column_is_null(4);
    const char* reason = !select.column_is_null(7) ? "unassigned by hand"
                         : timecode                ? "no take overlaps"
                                                   : "no timecode";
    list.push_back(
        {{"id", select.column_int(0)},
         {"name", select.column_text(1)},
         {"camera", select.column_text(2)},
         {"roll", select.column_text(3)},
         {"start_tc", timecode ? json(select.column_text(4)) : json(nullptr)},
         {"end_tc", select.column_is_null(5) ? json(nullptr) : json(select.column_text(5))},
         {"rate", select.column_is_null(6) ? json(nullptr) : json(select.column_text(6))},
         {"reason", reason}});
  }
  return list;
}

json TakeStore::assign(std::int64_t clip_id, std::int64_t take_id, const std::string& actor) {
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto clip = db.prepare("SELECT 1 FROM clips WHERE id = ?");
    clip.bind(1, clip_id);
    if (!clip.step()) {
      throw TakeError(404, "there is no clip " + std::to_string(clip_id));
    }
    if (take_id != 0) {
      auto found = db.prepare("SELECT 1 FROM takes WHERE id = ?");
      found.bind(1, take_id);
      if (!found.step()) {
        throw TakeError(404, "there is no take " + std::to_string(take_id));
      }
    }
    auto upsert = db.prepare(
        "INSERT INTO clip_takes (clip_id, take_id, method, overlap_seconds, assigned_at) VALUES "
        "(?, ?, 'manual', NULL, ?) ON CONFLICT (clip_id) DO UPDATE SET take_id = "
        "excluded.take_id, method = 'manual', overlap_seconds = NULL, assigned_at = "
        "excluded.assigned_at");
    upsert.bind(1, clip_id);
    if (take_id == 0) {
      upsert.bind_null(2);  // unassigned by hand: matching leaves it so
    } else {
      upsert.bind(2, take_id);
    }
    upsert.bind(3, core::utc_now()).run();
    tx.append({"clip.matched",
               "clip/" + std::to_string(clip_id),
               json{{"clip", clip_id},
                    {"take", take_id == 0 ? json(nullptr) : json(take_id)},
                    {"method", "manual"}}
                   .dump(),
               actor,
               {}});
  });
  return {{"clip", clip_id},
          {"take", take_id == 0 ? json(nullptr) : json(take_id)},
          {"method", "manual"}};
}

json TakeStore::undo(const std::string& actor) {
  std::int64_t undone_take = 0;
  std::string what;
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    // The device's latest change to a take that no undo has taken back yet.
    auto last = db.prepare(
        "SELECT sequence, kind, payload FROM events WHERE actor = ? AND kind IN ('take.rolled', "
        "'take.cut', 'take.updated') AND sequence NOT IN (SELECT json_extract(payload, "
        "'$.undid') FROM events WHERE kind = 'take.undone') ORDER BY sequence DESC LIMIT 1");
    last.bind(1, actor);
    if (!last.step()) {
      throw TakeError(409, "there is nothing of yours to undo");
    }
    const auto sequence = last.column_int(0);
    const auto kind = last.column_text(1);
    const auto payload = json::parse(last.column_text(2), nullptr, false);
    undone_take = payload.value("id", std::int64_t{0});
    if (kind == "take.rolled") {
      auto clips = db.prepare("SELECT count(*) FROM clip_takes WHERE take_id = ?");
      clips.bind(1, undone_take);
      clips.step();
      if (clips.column_int(0) > 0) {
        throw TakeError(409, "take " + std::to_string(undone_take) +
                                 " already has clips: mark it false start instead");
      }
      db.prepare("DELETE FROM takes WHERE id = ?").bind(1, undone_take).run();
      what = "roll";
    } else if (kind == "take.cut") {
      db.prepare("UPDATE takes SET cut_at = NULL, cut_tc = NULL WHERE id = ?")
          .bind(1, undone_take)
          .run();
      what = "cut";
    } else {
      for (const auto& [key, value] : payload["before"].items()) {
        set_mark(db, undone_take, key, value);
      }
      what = "marks";
    }
    tx.append(event("take.undone", undone_take,
                    {{"id", undone_take}, {"undid", sequence}, {"what", what}}, actor));
  });
  if (what == "cut") {
    match_clips();
  }
  return {{"take", undone_take}, {"undid", what}};
}

int TakeStore::match_clips() {
  return catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    std::vector<TakeSpan> takes;
    auto take_rows = db.prepare(
        "SELECT id, rate, roll_tc, cut_tc, cameras FROM takes WHERE cut_tc IS NOT NULL AND wild = "
        "0");
    while (take_rows.step()) {
      try {
        const auto rate = core::parse_frame_rate(take_rows.column_text(1));
        if (!rate) {
          continue;
        }
        TakeSpan span{take_rows.column_int(0),
                      core::Timecode::parse(take_rows.column_text(2), *rate),
                      core::Timecode::parse(take_rows.column_text(3), *rate),
                      {}};
        for (const auto& camera : json::parse(take_rows.column_text(4), nullptr, false)) {
          if (camera.is_string()) {
            span.cameras.push_back(camera.get<std::string>());
          }
        }
        takes.push_back(std::move(span));
      } catch (const core::TimecodeError&) {
      }
    }
    auto clips = db.prepare(
        "SELECT c.id, c.camera, c.start_tc, c.rate, c.frames, ct.take_id, ct.method FROM clips c "
        "LEFT JOIN clip_takes ct ON ct.clip_id = c.id WHERE c.start_tc IS NOT NULL AND "
        "c.start_tc != '' AND c.frames > 0");
    auto assign = db.prepare(
        "INSERT INTO clip_takes (clip_id, take_id, method, overlap_seconds, assigned_at) VALUES "
        "(?, ?, 'timecode', ?, ?) ON CONFLICT (clip_id) DO UPDATE SET take_id = excluded.take_id, "
        "overlap_seconds = excluded.overlap_seconds, assigned_at = excluded.assigned_at");
    auto unassign = db.prepare("DELETE FROM clip_takes WHERE clip_id = ? AND method = 'timecode'");
    int changed = 0;
    while (clips.step()) {
      if (clips.column_text(6) == "manual") {
        continue;  // a person's assignment always wins
      }
      const auto rate = core::parse_frame_rate(clips.column_text(3));
      if (!rate) {
        continue;
      }
      std::optional<Match> match;
      try {
        ClipSpan clip{clips.column_int(0), clips.column_text(1),
                      core::Timecode::parse(clips.column_text(2), *rate), clips.column_int(4)};
        match = match_clip(clip, takes, tolerance_seconds_);
      } catch (const core::TimecodeError&) {
        continue;
      }
      const std::optional<std::int64_t> before =
          clips.column_is_null(5) ? std::nullopt : std::optional(clips.column_int(5));
      const std::optional<std::int64_t> after =
          match ? std::optional(match->take_id) : std::nullopt;
      if (before == after) {
        continue;
      }
      const auto clip_id = clips.column_int(0);
      if (match) {
        assign.reset();
        assign.bind(1, clip_id)
            .bind(2, match->take_id)
            .bind(3, match->overlap_seconds)
            .bind(4, core::utc_now())
            .run();
      } else {
        unassign.reset();
        unassign.bind(1, clip_id).run();
      }
      tx.append({"clip.matched",
                 "clip/" + std::to_string(clip_id),
                 json{{"clip", clip_id},
                      {"take", after ? json(*after) : json(nullptr)},
                      {"method", "timecode"},
                      {"overlap_seconds", match ? match->overlap_seconds : 0.0}}
                     .dump(),
                 "slated",
                 {}});
      ++changed;
    }
    return changed;
  });
}

}  // namespace slate::production
