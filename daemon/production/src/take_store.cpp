#include <algorithm>
#include <map>
#include <set>

#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/log/log.hpp>
#include <slate/production/numbering.hpp>
#include <slate/production/take_store.hpp>

#include "stored_lists.hpp"
#include "take_matching.hpp"
#include "take_payloads.hpp"

namespace slate::production {

namespace {

// Thrown inside a write transaction to roll it back, and turned into the operation's answer at
// its edge: the catalogue rolls back on an exception, and nothing of a refused change may stay.
struct Refused {
  Refusal refusal;
};

[[noreturn]] void refuse(Refusal refusal) {
  throw Refused{std::move(refusal)};
}

template <class T, class Change>
Outcome<T> in_transaction(catalogue::Catalogue& catalogue, Change&& change) {
  try {
    return catalogue.write(std::forward<Change>(change));
  } catch (const Refused& refused) {
    return refused.refusal;
  }
}

constexpr std::string_view kSelectTakes =
    "SELECT t.id, t.setup_id, coalesce(t.day_id, 0), s.number, u.letter, t.number, t.kind, "
    "t.wild, t.mos, t.vfx, t.status, t.flagged, t.notes, t.cameras, t.rate, t.rolled_at, "
    "t.roll_tc, t.cut_at, t.cut_tc, t.undone_at IS NOT NULL, t.renumbered_from, "
    // Other live takes with the same number: of the setup, or for a wild track of the scene. Two
    // plain lookups on takes (setup_id, number), so a day of 2,000 takes costs 2,000 index probes.
    "CASE WHEN t.undone_at IS NOT NULL THEN NULL WHEN t.wild = 0 THEN (SELECT group_concat(o.id) "
    "FROM takes o WHERE o.setup_id = t.setup_id AND o.number = t.number AND o.wild = 0 AND o.id "
    "!= t.id AND o.undone_at IS NULL) ELSE (SELECT group_concat(o.id) FROM setups ou JOIN takes o "
    "ON o.setup_id = ou.id WHERE ou.scene_id = u.scene_id AND o.number = t.number AND o.wild = 1 "
    "AND o.id != t.id AND o.undone_at IS NULL) END, t.revision, t.tc_source "
    "FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON s.id = u.scene_id ";

std::vector<std::int64_t> id_list(const std::string& text) {
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    ids.push_back(std::stoll(text.substr(start, end - start)));
    start = end + 1;
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<Take> read_takes(catalogue::Statement& select) {
  std::vector<Take> takes;
  while (select.step()) {
    Take take;
    take.id = select.column_int(0);
    take.setup_id = select.column_int(1);
    take.day_id = select.column_int(2);
    take.scene = select.column_text(3);
    take.setup = select.column_text(4);
    take.number = static_cast<int>(select.column_int(5));
    take.kind = parse_take_kind(select.column_text(6)).value_or(TakeKind::normal);
    take.wild = select.column_int(7) != 0;
    take.mos = select.column_int(8) != 0;
    take.vfx = select.column_int(9) != 0;
    take.status = parse_take_status(select.column_text(10)).value_or(TakeStatus::none);
    take.flagged = select.column_int(11) != 0;
    take.notes = select.column_text(12);
    take.cameras = read_stored_list(select.column_text(13));
    take.rate = select.column_text(14);
    take.rolled_at = select.column_text(15);
    take.roll_tc = select.column_text(16);
    if (!select.column_is_null(17)) {
      take.cut_at = select.column_text(17);
    }
    if (!select.column_is_null(18)) {
      take.cut_tc = select.column_text(18);
    }
    take.undone = select.column_int(19) != 0;
    if (!select.column_is_null(20)) {
      take.renumbered_from = static_cast<int>(select.column_int(20));
    }
    if (!select.column_is_null(21)) {
      take.clash = id_list(select.column_text(21));
    }
    take.revision = select.column_int(22);
    take.tc_source = core::parse_timecode_source(select.column_text(23))
                         .value_or(core::TimecodeSource::time_of_day);
    takes.push_back(std::move(take));
  }
  return takes;
}

// Clips and warnings of the takes listed, from the clips on takes that `where` selects (a
// condition on `t`, with ?1 bound to `key`).
template <class Key>
void attach_clips(catalogue::Database& db, std::vector<Take>& takes, const std::string& where,
                  const Key& key) {
  std::map<std::int64_t, Take*> by_id;
  for (auto& take : takes) {
    by_id[take.id] = &take;
  }
  auto clips = db.prepare(
      "SELECT ct.take_id, c.id, c.name, c.camera, c.reel, c.start_tc, c.end_tc, ct.method FROM "
      "clip_takes ct JOIN clips c ON c.id = ct.clip_id JOIN takes t ON t.id = ct.take_id WHERE " +
      where + " ORDER BY c.id");
  clips.bind(1, key);
  while (clips.step()) {
    const auto found = by_id.find(clips.column_int(0));
    if (found == by_id.end()) {
      continue;
    }
    TakeClip clip;
    clip.id = clips.column_int(1);
    clip.name = clips.column_text(2);
    clip.camera = clips.column_text(3);
    clip.reel = clips.column_text(4);
    if (!clips.column_is_null(5)) {
      clip.start_tc = clips.column_text(5);
    }
    if (!clips.column_is_null(6)) {
      clip.end_tc = clips.column_text(6);
    }
    clip.manual = clips.column_text(7) == "manual";
    found->second->clips.push_back(std::move(clip));
  }
  // A clip that also runs through a take it is not on: that take tells where its picture is.
  auto also = db.prepare(
      "SELECT ct.also_take_id, c.name, s.number, u.letter, o.number, o.wild FROM clip_takes ct "
      "JOIN clips c ON c.id = ct.clip_id JOIN takes o ON o.id = ct.take_id JOIN setups u ON u.id "
      "= o.setup_id JOIN scenes s ON s.id = u.scene_id JOIN takes t ON t.id = ct.also_take_id "
      "WHERE " +
      where + " ORDER BY c.id");
  also.bind(1, key);
  while (also.step()) {
    const auto found = by_id.find(also.column_int(0));
    if (found == by_id.end()) {
      continue;
    }
    const TakeName other{also.column_text(2), also.column_text(3),
                         static_cast<int>(also.column_int(4)), also.column_int(5) != 0};
    found->second->warnings.push_back(
        also.column_text(1) + " also runs through this take; it is on " + other.to_string());
  }
}

std::optional<Take> read_take(catalogue::Database& db, std::int64_t take_id) {
  auto select = db.prepare(std::string(kSelectTakes) + "WHERE t.id = ?");
  select.bind(1, take_id);
  auto takes = read_takes(select);
  if (takes.empty()) {
    return std::nullopt;
  }
  attach_clips(db, takes, "t.id = ?1", take_id);
  return std::move(takes.front());
}

// Moves every live take of the day by `frames` of its own rate; returns how many moved.
int shift_day(catalogue::Database& db, std::int64_t day_id, std::int64_t frames) {
  auto select = db.prepare(
      "SELECT id, rate, roll_tc, cut_tc FROM takes WHERE day_id = ? AND undone_at IS NULL");
  select.bind(1, day_id);
  auto update = db.prepare("UPDATE takes SET roll_tc = ?, cut_tc = ? WHERE id = ?");
  int moved = 0;
  while (select.step()) {
    const auto rate =
        core::parse_frame_rate(select.column_text(1)).value_or(core::FrameRate::fps24);
    update.reset();
    update.bind(1, (core::Timecode::parse(select.column_text(2), rate) + frames).to_string());
    if (select.column_is_null(3)) {
      update.bind_null(2);
    } else {
      update.bind(2, (core::Timecode::parse(select.column_text(3), rate) + frames).to_string());
    }
    update.bind(3, select.column_int(0)).run();
    ++moved;
  }
  return moved;
}

Take must_read(catalogue::Database& db, std::int64_t take_id) {
  auto take = read_take(db, take_id);
  if (!take) {
    refuse(not_found("there is no take " + std::to_string(take_id)));
  }
  return std::move(*take);
}

Take live_take(catalogue::Database& db, std::int64_t take_id) {
  auto take = must_read(db, take_id);
  if (take.undone) {
    refuse({Refusal::Kind::undone, "take " + take.name().to_string() + " (id " +
                                       std::to_string(take_id) +
                                       ") was undone; nothing was applied to it or to any other"});
  }
  return take;
}

// Takes whose clash changed with another's number (a roll onto a number in use, a renumbering,
// an undone roll) are told too: each event carries only its own take, and every view must show
// or clear the flag on both.
void announce_clash_mates(catalogue::Transaction& tx, std::vector<std::int64_t> mates,
                          std::int64_t changed) {
  std::sort(mates.begin(), mates.end());
  mates.erase(std::unique(mates.begin(), mates.end()), mates.end());
  for (const auto id : mates) {
    if (id != changed) {
      if (auto mate = read_take(tx.db(), id)) {
        tx.append(take_event("take.clash", *mate, "slated"));
      }
    }
  }
}

// The highest number a setup's picture takes (or, for wild tracks, a scene's) ever had, undone
// takes included: numbers are never given again.
int highest_number(catalogue::Database& db, std::int64_t setup_id, std::int64_t scene_id,
                   bool wild) {
  auto select =
      wild ? db.prepare(
                 "SELECT coalesce(max(number), 0) FROM takes WHERE wild = 1 AND setup_id "
                 "IN (SELECT id FROM setups WHERE scene_id = ?)")
           : db.prepare(
                 "SELECT coalesce(max(number), 0) FROM takes WHERE wild = 0 AND setup_id = "
                 "?");
  select.bind(1, wild ? scene_id : setup_id);
  select.step();
  return static_cast<int>(select.column_int(0));
}

bool number_in_use(catalogue::Database& db, const Take& take, int number) {
  auto select = take.wild ? db.prepare(
                                "SELECT 1 FROM takes WHERE wild = 1 AND undone_at IS NULL "
                                "AND number = ? AND id != ? AND setup_id IN (SELECT id "
                                "FROM setups WHERE scene_id = (SELECT scene_id FROM "
                                "setups WHERE id = ?))")
                          : db.prepare(
                                "SELECT 1 FROM takes WHERE wild = 0 AND undone_at IS NULL "
                                "AND number = ? AND id != ? AND setup_id = ?");
  select.bind(1, std::int64_t{number}).bind(2, take.id).bind(3, take.setup_id);
  return select.step();
}

constexpr int kHighestTakeNumber = 9999;

// The one camera-list check of the production (numbering's), as import and the API use it.
std::vector<std::string> checked_cameras(const std::vector<std::string>& cameras) {
  auto checked = parse_cameras(cameras);
  if (!checked) {
    refuse(checked.error());
  }
  return std::move(*checked);
}

}  // namespace

TakeStore::TakeStore(catalogue::Catalogue& catalogue, TakeClockOptions options, BoxClock* clock)
    : catalogue_(catalogue),
      options_(options),
      own_clock_(clock ? nullptr : std::make_unique<BoxClock>(catalogue, BoxClockOptions{})),
      clock_(clock ? *clock : *own_clock_) {
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
        // A batch at a time, so that the writer is never held for long.
        while (match_batch() == kMatchBatch && !stopping_) {
        }
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

Outcome<Take> TakeStore::roll(std::int64_t setup_id, const RollRequest& request,
                              const std::string& actor, std::chrono::system_clock::time_point now) {
  return in_transaction<Take>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto setup = db.prepare(
        "SELECT u.cameras, p.fps, p.cameras, c.day_id, u.scene_id FROM setups u JOIN scenes s ON "
        "s.id = u.scene_id JOIN projects p ON p.id = s.project_id JOIN current_production c ON "
        "c.project_id = p.id WHERE u.id = ?");
    setup.bind(1, setup_id);
    if (!setup.step()) {
      refuse(
          not_found("there is no setup " + std::to_string(setup_id) + " in the current project"));
    }
    std::vector<std::string> cameras;
    if (request.cameras) {
      cameras = checked_cameras(*request.cameras);
    } else {
      cameras = read_stored_list(setup.column_text(0));
      if (cameras.empty()) {
        cameras = read_stored_list(setup.column_text(2));
      }
    }
    const auto rate = core::parse_frame_rate(setup.column_text(1)).value_or(core::FrameRate::fps24);
    const auto scene_id = setup.column_int(4);
    int number = highest_number(db, setup_id, scene_id, request.wild) + 1;
    if (request.number) {
      if (*request.number < 1 || *request.number > kHighestTakeNumber) {
        refuse(invalid("a take number is from 1 to " + std::to_string(kHighestTakeNumber)));
      }
      number = *request.number;  // what the slate said, even if another take has it meanwhile
    }
    if (!request.at) {
      auto running = db.prepare(
          "SELECT id FROM takes WHERE setup_id = ? AND cut_at IS NULL AND undone_at IS NULL AND "
          "status != 'false_start' AND wild = ?");
      running.bind(1, setup_id).bind(2, std::int64_t{request.wild});
      if (running.step()) {
        const auto other = must_read(db, running.column_int(0));
        refuse(conflict("take " + other.name().to_string() +
                        " of this setup is still rolling: cut it first"));
      }
    }
    const auto at = std::min(request.at.value_or(now), now);
    const auto roll_tc = clock_.stamp(tx, at, rate);
    auto insert = db.prepare(
        "INSERT INTO takes (setup_id, day_id, number, kind, wild, mos, vfx, cameras, rate, "
        "rolled_at, roll_tc, tc_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, setup_id);
    if (setup.column_is_null(3)) {
      insert.bind_null(2);
    } else {
      insert.bind(2, setup.column_int(3));
    }
    insert.bind(3, std::int64_t{number})
        .bind(4, std::string(to_string(request.kind)))
        .bind(5, std::int64_t{request.wild})
        .bind(6, std::int64_t{request.mos})
        .bind(7, std::int64_t{request.vfx})
        .bind(8, stored_list(cameras))
        .bind(9, std::string(core::to_string(rate)))
        .bind(10, core::utc_text_ms(at))
        .bind(11, roll_tc.timecode.to_string())
        .bind(12, std::string(core::to_string(roll_tc.source)))
        .run();
    auto take = must_read(db, db.last_insert_rowid());
    tx.append(take_event("take.rolled", take, actor));
    announce_clash_mates(tx, take.clash, take.id);
    return take;
  });
}

Outcome<Take> TakeStore::cut(std::int64_t take_id, const std::string& actor,
                             std::chrono::system_clock::time_point at) {
  return in_transaction<Take>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    const auto before = live_take(db, take_id);
    if (before.cut_at) {
      refuse(conflict("take " + before.name().to_string() + " is already cut"));
    }
    const auto stamp = core::utc_text_ms(at);
    if (stamp < before.rolled_at) {
      refuse(invalid("a take is cut after it rolls: take " + before.name().to_string() +
                     " rolled at " + before.rolled_at + ", the cut says " + stamp));
    }
    // Read on the clock the roll was read on, as the cameras' free-running clocks count: a jam
    // meanwhile does not stretch or shrink a take, and neither does midnight.
    const auto rate = core::parse_frame_rate(before.rate).value_or(core::FrameRate::fps24);
    const auto cut_tc = clock_.stamp(tx, at, rate, core::parse_utc(before.rolled_at)).timecode;
    db.prepare("UPDATE takes SET cut_at = ?, cut_tc = ? WHERE id = ?")
        .bind(1, stamp)
        .bind(2, cut_tc.to_string())
        .bind(3, take_id)
        .run();
    auto take = must_read(db, take_id);
    tx.append(take_event("take.cut", take, actor));
    // The clips of this day and these cameras that wait for a take may have found theirs.
    if (!take.wild && take.day_id != 0) {
      const auto matched =
          detail::match_day(tx, take.day_id, take.cameras, options_.match_tolerance_seconds);
      for (const auto& clip : matched) {
        tx.append(clip_matched_event(clip.clip_id, must_read(db, clip.take_id), false,
                                     clip.overlap_seconds, "slated"));
      }
      if (!matched.empty()) {
        take = must_read(db, take_id);
      }
    }
    return take;
  });
}

Outcome<Take> TakeStore::update(std::int64_t take_id, const TakeChange& change,
                                const std::string& actor) {
  if (change.empty()) {
    return invalid("nothing to change: give status, flagged, notes, mos, vfx or number");
  }
  if (change.notes && change.notes->size() > 4000) {
    return invalid("notes are at most 4000 bytes");
  }
  return in_transaction<Take>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    const auto before = live_take(db, take_id);
    if (change.number && *change.number != before.number) {
      if (*change.number < 1 || *change.number > kHighestTakeNumber) {
        refuse(invalid("a take number is from 1 to " + std::to_string(kHighestTakeNumber)));
      }
      if (number_in_use(db, before, *change.number)) {
        refuse(conflict("take number " + std::to_string(*change.number) +
                        " is in use in this setup: choose another"));
      }
      db.prepare(
            "UPDATE takes SET renumbered_from = coalesce(renumbered_from, number), number = ? "
            "WHERE id = ?")
          .bind(1, std::int64_t{*change.number})
          .bind(2, take_id)
          .run();
      const auto renumbered = must_read(db, take_id);
      tx.append(take_renumbered_event(renumbered, before.number, actor));
      auto mates = before.clash;
      mates.insert(mates.end(), renumbered.clash.begin(), renumbered.clash.end());
      announce_clash_mates(tx, mates, take_id);
    }
    MarkValues was{before.status, before.flagged, before.notes, before.mos, before.vfx};
    MarkValues now = was;
    now.status = change.status.value_or(was.status);
    now.flagged = change.flagged.value_or(was.flagged);
    now.notes = change.notes.value_or(was.notes);
    now.mos = change.mos.value_or(was.mos);
    now.vfx = change.vfx.value_or(was.vfx);
    if (change.status || change.flagged || change.notes || change.mos || change.vfx) {
      write_marks(db, take_id, now);
      tx.append(take_updated_event(must_read(db, take_id), change, was, actor));
    }
    return must_read(db, take_id);
  });
}

Outcome<Undo> TakeStore::undo(const std::string& actor) {
  return in_transaction<Undo>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    // The device's latest change to a take that no undo has taken back yet: walking back through
    // the device's own events (events_by_actor), each looked up among the undos by the sequence
    // they undid (events_by_undid; the unary + lets the index's untyped expression match).
    auto last = db.prepare(
        "SELECT e.sequence, e.kind, e.payload FROM events e WHERE e.actor = ?1 AND e.kind IN "
        "('take.rolled', 'take.cut', 'take.updated', 'take.renumbered', 'day.restamped') AND "
        "json_extract(e.payload, '$.undid') IS NULL AND NOT EXISTS (SELECT 1 FROM events u WHERE "
        "json_extract(u.payload, '$.undid') = +e.sequence AND +u.kind IN ('take.undone', "
        "'day.restamped') AND +u.actor = ?1) ORDER BY e.sequence DESC LIMIT 1");
    last.bind(1, actor);
    if (!last.step()) {
      refuse(conflict("there is nothing of yours to undo"));
    }
    const auto sequence = last.column_int(0);
    const auto kind = last.column_text(1);
    const auto change = read_take_change(last.column_text(2));
    if (kind == "day.restamped") {
      Restamp back{change.day_id, -change.frames, shift_day(db, change.day_id, -change.frames), 0};
      tx.append(day_restamped_event(back, sequence, actor));
      return Undo{0,
                  {},
                  Undo::What::restamp,
                  "Undid the re-stamp of " + std::to_string(back.takes) + " takes by " +
                      std::to_string(change.frames) + " frames"};
    }
    auto take = must_read(db, change.take_id);
    const auto name = take.name().to_string();
    Undo undo{take.id, take.name(), Undo::What::marks, ""};
    if (take.undone) {
      refuse(conflict("take " + name + " was already undone"));
    }
    if (kind == "take.rolled") {
      const bool marked = take.status != TakeStatus::none || take.flagged || !take.notes.empty();
      if (!take.clips.empty() || marked) {
        // The cameras rolled on it (or someone marked it): it stays in the log, as a false start.
        write_marks(db, take.id,
                    {TakeStatus::false_start, take.flagged, take.notes, take.mos, take.vfx});
        undo.what = Undo::What::voided;
        undo.message = "Take " + name + " " +
                       (take.clips.empty() ? "is marked" : "already has clips") +
                       ", so it stays in the log as a false start; its number is not given again";
      } else {
        db.prepare("UPDATE takes SET undone_at = ? WHERE id = ?")
            .bind(1, core::utc_text_ms(std::chrono::system_clock::now()))
            .bind(2, take.id)
            .run();
        undo.what = Undo::What::roll;
        undo.message = "Undid the roll of " + name + "; its number is not given again";
      }
    } else if (kind == "take.cut") {
      db.prepare("UPDATE takes SET cut_at = NULL, cut_tc = NULL WHERE id = ?")
          .bind(1, take.id)
          .run();
      undo.what = Undo::What::cut;
      undo.message = "Undid the cut of " + name + ": it is rolling again";
    } else if (kind == "take.renumbered") {
      db.prepare("UPDATE takes SET number = ? WHERE id = ?")
          .bind(1, std::int64_t{change.from_number})
          .bind(2, take.id)
          .run();
      undo.what = Undo::What::number;
      undo.message = "Take " + name + " is take " + std::to_string(change.from_number) + " again";
    } else {
      write_marks(
          db, take.id,
          {change.before.status.value_or(take.status), change.before.flagged.value_or(take.flagged),
           change.before.notes.value_or(take.notes), change.before.mos.value_or(take.mos),
           change.before.vfx.value_or(take.vfx)});
      undo.what = Undo::What::marks;
      undo.message = "Undid the marks on " + name;
    }
    const auto after = must_read(db, take.id);
    tx.append(take_undone_event(after, sequence, undo, actor));
    auto mates = take.clash;
    mates.insert(mates.end(), after.clash.begin(), after.clash.end());
    announce_clash_mates(tx, mates, take.id);
    return undo;
  });
}

Outcome<Restamp> TakeStore::restamp(std::int64_t day_id, std::int64_t frames,
                                    const std::string& actor) {
  return in_transaction<Restamp>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto day = db.prepare("SELECT 1 FROM shooting_days WHERE id = ?");
    day.bind(1, day_id);
    if (!day.step()) {
      refuse(not_found("there is no shooting day " + std::to_string(day_id)));
    }
    if (frames == 0 || frames > 12 * 3600 * 60 || frames < -12 * 3600 * 60) {
      refuse(invalid("a re-stamp moves takes by 1 frame to 12 hours, either way"));
    }
    Restamp restamp{day_id, frames, shift_day(db, day_id, frames), 0};
    if (restamp.takes == 0) {
      refuse(conflict("day " + std::to_string(day_id) + " has no takes to re-stamp"));
    }
    tx.append(day_restamped_event(restamp, std::nullopt, actor));
    for (const auto& clip : detail::match_day(tx, day_id, {}, options_.match_tolerance_seconds)) {
      tx.append(clip_matched_event(clip.clip_id, must_read(db, clip.take_id), false,
                                   clip.overlap_seconds, "slated"));
      ++restamp.matched;
    }
    return restamp;
  });
}

Outcome<Assignment> TakeStore::assign(std::int64_t clip_id, std::optional<std::int64_t> take_id,
                                      const std::string& actor) {
  return in_transaction<Assignment>(catalogue_, [&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto clip = db.prepare("SELECT 1 FROM clips WHERE id = ?");
    clip.bind(1, clip_id);
    if (!clip.step()) {
      refuse(not_found("there is no clip " + std::to_string(clip_id)));
    }
    std::optional<Take> take;
    if (take_id) {
      take = live_take(db, *take_id);
    }
    auto upsert = db.prepare(
        "INSERT INTO clip_takes (clip_id, take_id, method, overlap_seconds, assigned_at) VALUES "
        "(?, ?, 'manual', NULL, ?) ON CONFLICT (clip_id) DO UPDATE SET take_id = "
        "excluded.take_id, method = 'manual', overlap_seconds = NULL, also_take_id = NULL, "
        "assigned_at = excluded.assigned_at");
    upsert.bind(1, clip_id);
    if (take_id) {
      upsert.bind(2, *take_id);
    } else {
      upsert.bind_null(2);  // unassigned by hand: matching leaves it so
    }
    upsert.bind(3, core::utc_text_ms(std::chrono::system_clock::now())).run();
    if (take) {
      take = must_read(db, *take_id);
      tx.append(clip_matched_event(clip_id, *take, true, 0, actor));
    } else {
      tx.append(clip_unassigned_event(clip_id, actor));
    }
    return Assignment{clip_id, take_id, true};
  });
}

Outcome<Take> TakeStore::take(std::int64_t take_id) {
  auto reader = catalogue_.lease();
  auto take = read_take(reader->db(), take_id);
  if (!take) {
    return not_found("there is no take " + std::to_string(take_id));
  }
  return std::move(*take);
}

TakeListing TakeStore::list(const TakeFilter& filter) {
  return list(filter, [](const ListedTake&) { return false; });
}

TakeListing TakeStore::list(const TakeFilter& filter,
                            const std::function<bool(const ListedTake&)>& held) {
  auto reader = catalogue_.lease();
  auto& db = reader->db();
  // The listing is of the catalogue as it stood at `sequence`.
  const catalogue::ReadSnapshot snapshot(db);
  TakeListing listing;
  listing.sequence = reader->latest_sequence();
  std::int64_t day = filter.day;
  if (day <= 0) {
    auto current = db.prepare("SELECT day_id FROM current_production");
    day = current.step() && !current.column_is_null(0) ? current.column_int(0) : 0;
  }
  // Which takes, and at which revision: one index walk of the day, with no clash or clips.
  auto order = db.prepare(
      "SELECT t.id, t.revision FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON "
      "s.id = u.scene_id WHERE t.day_id = ?1 AND t.undone_at IS NULL AND (?2 = '' OR s.number = "
      "?2) AND (?3 = '' OR t.status = ?3) AND (?4 = '' OR EXISTS (SELECT 1 FROM "
      "json_each(t.cameras) WHERE value = ?4)) AND (?5 < 0 OR t.flagged = ?5) ORDER BY "
      "t.rolled_at, t.id");
  order.bind(1, day)
      .bind(2, filter.scene)
      .bind(3, filter.status ? std::string(to_string(*filter.status)) : std::string())
      .bind(4, filter.camera)
      .bind(5, std::int64_t{filter.flagged ? (*filter.flagged ? 1 : 0) : -1});
  std::string wanted = "[";
  while (order.step()) {
    const ListedTake listed{order.column_int(0), order.column_int(1)};
    listing.order.push_back(listed);
    if (!held(listed)) {
      wanted += (wanted.size() > 1 ? "," : "") + std::to_string(listed.id);
    }
  }
  wanted += ']';
  if (wanted.size() > 2) {
    auto select = db.prepare(std::string(kSelectTakes) +
                             "WHERE t.id IN (SELECT value FROM json_each(?1)) ORDER BY "
                             "t.rolled_at, t.id");
    select.bind(1, wanted);
    listing.takes = read_takes(select);
    attach_clips(db, listing.takes, "t.id IN (SELECT value FROM json_each(?1))", wanted);
  }
  return listing;
}

std::int64_t TakeStore::sequence() {
  auto reader = catalogue_.lease();
  return reader->latest_sequence();
}

std::vector<UnmatchedClip> TakeStore::unmatched_clips() {
  return catalogue::every_row(
      [this](const catalogue::PageRequest& page) { return unmatched_clips(page); });
}

catalogue::Page<UnmatchedClip> TakeStore::unmatched_clips(const catalogue::PageRequest& page) {
  auto reader = catalogue_.lease();
  // unmatched_clips holds exactly the clips on no take (migration 0023): a page reads only them.
  auto select = reader->db().prepare(
      "SELECT c.id, c.name, c.camera, o.roll, c.start_tc, c.end_tc, c.rate, ct.method, "
      "c.match_reason, c.probe IS NOT NULL FROM unmatched_clips u JOIN clips c ON c.id = "
      "u.clip_id JOIN offloads o ON o.id = c.offload_id LEFT JOIN clip_takes ct ON ct.clip_id = "
      "c.id " +
      catalogue::id_page_sql("u.clip_id", false, page));
  catalogue::bind_id_page(select, page);
  std::vector<UnmatchedClip> clips;
  while (select.step()) {
    UnmatchedClip clip;
    clip.id = select.column_int(0);
    clip.name = select.column_text(1);
    clip.camera = select.column_text(2);
    clip.roll = select.column_text(3);
    const auto optional_text = [&](int column) -> std::optional<std::string> {
      return select.column_is_null(column) ? std::nullopt
                                           : std::optional(select.column_text(column));
    };
    clip.start_tc = optional_text(4);
    clip.end_tc = optional_text(5);
    clip.rate = optional_text(6);
    if (!select.column_is_null(7)) {
      clip.reason = "unassigned by hand";
    } else if (!select.column_is_null(8)) {
      clip.reason = select.column_text(8);
    } else if (select.column_int(9) == 0) {
      clip.reason = "not probed yet";
    } else {
      clip.reason = clip.start_tc ? "not matched yet" : "no timecode";
    }
    clips.push_back(std::move(clip));
  }
  return catalogue::close_page(std::move(clips), page, [](const UnmatchedClip& clip) {
    return catalogue::Cursor{clip.id, clip.id};
  });
}

int TakeStore::match_new_clips() {
  int matched = 0;
  int tried = 0;
  do {
    tried = match_batch(&matched);
  } while (tried == kMatchBatch);
  return matched;
}

int TakeStore::match_batch(int* matched_count) {
  return catalogue_.write([&](catalogue::Transaction& tx) {
    int tried = 0;
    const auto matched =
        detail::match_untried(tx, options_.match_tolerance_seconds, kMatchBatch, tried);
    for (const auto& clip : matched) {
      tx.append(clip_matched_event(clip.clip_id, must_read(tx.db(), clip.take_id), false,
                                   clip.overlap_seconds, "slated"));
    }
    if (matched_count) {
      *matched_count += static_cast<int>(matched.size());
    }
    return tried;
  });
}

}  // namespace slate::production
