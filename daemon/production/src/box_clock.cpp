#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>

#include <slate/core/clock.hpp>
#include <slate/production/box_clock.hpp>
#include <slate/production/clock_events.hpp>

namespace slate::production {

namespace {

using std::chrono::steady_clock;
using std::chrono::system_clock;

std::string kernel_boot_id() {
  std::ifstream file("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(file, id);
  return id.empty() ? "unknown" : id;
}

// The two clocks read as one instant: a thread preempted between the two reads would put them
// milliseconds apart, so the wall clock is read between two monotonic reads close together.
Instants read_both_clocks() {
  Instants best{};
  auto spread = steady_clock::duration::max();
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto before = steady_clock::now();
    const auto wall = system_clock::now();
    const auto after = steady_clock::now();
    if (after - before < spread) {
      spread = after - before;
      best = {before + (after - before) / 2, wall};
    }
    if (spread < std::chrono::microseconds(20)) {
      break;
    }
  }
  return best;
}

// Where the wall clock's local day began for `at`, and how far into it `at` is.
std::chrono::nanoseconds local_time_of_day(system_clock::time_point at) {
  const std::time_t seconds = system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(at));
  std::tm local{};
  localtime_r(&seconds, &local);
  return std::chrono::hours(local.tm_hour) + std::chrono::minutes(local.tm_min) +
         std::chrono::seconds(local.tm_sec) + (at - std::chrono::floor<std::chrono::seconds>(at));
}

// The timecode a camera set to a clock reading `since_midnight` shows: the clock's hours, minutes
// and seconds, and the frame of its second. (Drop-frame labels keep to real time by themselves;
// 23.976 counts 24 labels to a second and only drifts from the jam on.)
core::Timecode label_at(std::chrono::nanoseconds since_midnight, core::FrameRate rate) {
  if (core::allows_drop_frame(rate)) {
    return core::Timecode::from_time_of_day(since_midnight, rate, true);
  }
  const auto day = std::chrono::nanoseconds(std::chrono::hours(24)).count();
  const auto nanos = ((since_midnight.count() % day) + day) % day;
  const auto seconds = nanos / 1'000'000'000;
  const auto frame = (nanos % 1'000'000'000) * core::nominal_fps(rate) / 1'000'000'000;
  return core::Timecode::from_parts(
      static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
      static_cast<int>(seconds % 60), static_cast<int>(frame), rate, false);
}

// The clock time a label stands for: the inverse of label_at.
std::chrono::nanoseconds label_time(const core::Timecode& timecode) {
  if (timecode.drop_frame()) {
    return timecode.time_of_day();
  }
  return std::chrono::hours(timecode.hours()) + std::chrono::minutes(timecode.minutes()) +
         std::chrono::seconds(timecode.seconds()) +
         std::chrono::nanoseconds(std::int64_t{timecode.frame()} * 1'000'000'000 /
                                  core::nominal_fps(timecode.rate()));
}

// "14:02", the box's local time, as a person on set reads a clock.
std::string local_clock_text(system_clock::time_point at) {
  const std::time_t seconds = system_clock::to_time_t(at);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", local.tm_hour, local.tm_min);
  return text;
}

// The sign that the cameras' clock and the box's disagree: clips of the current day that were shot
// on a camera that rolled takes, and found none. A few can be clips shot between takes; many are a
// clock that is off.
std::string disagreement(catalogue::Database& db) {
  constexpr int kEnough = 3;
  auto lost = db.prepare(
      "SELECT count(*) FROM clips c JOIN current_production p ON c.shooting_day_id = p.day_id "
      "WHERE c.match_reason = 'no take overlaps'");
  const auto count = lost.step() ? lost.column_int(0) : 0;
  if (count < kEnough) {
    return "";
  }
  return std::to_string(count) +
         " clips of today found no take: the cameras' timecode may not agree with the box's. "
         "Compare a camera's display with this clock, and jam the box if they differ (by hand, or "
         "from one of those clips and its take).";
}

// What a camera jammed to the wall clock at `at` reads then.
core::Timecode time_of_day(system_clock::time_point at, std::chrono::milliseconds offset,
                           core::FrameRate rate) {
  return label_at(local_time_of_day(at) + offset, rate);
}

core::FrameRate project_rate(catalogue::Database& db) {
  auto select =
      db.prepare("SELECT p.fps FROM current_production c JOIN projects p ON p.id = c.project_id");
  return select.step()
             ? core::parse_frame_rate(select.column_text(0)).value_or(core::FrameRate::fps25)
             : core::FrameRate::fps25;
}

std::optional<JamHow> parse_how(std::string_view text) {
  for (const auto how : {JamHow::time_of_day, JamHow::manual, JamHow::clip, JamHow::ltc}) {
    if (text == to_string(how)) {
      return how;
    }
  }
  return std::nullopt;
}

core::TimecodeSource source_of(JamHow how) {
  switch (how) {
    case JamHow::manual:
    case JamHow::clip:
      return core::TimecodeSource::manual;
    case JamHow::ltc:
      return core::TimecodeSource::ltc;
    case JamHow::time_of_day:
      break;
  }
  return core::TimecodeSource::time_of_day;
}

// When today's time-of-day jam is due: at jam_at on the day's local date, or when the day started
// if later; moved past a take that was rolling then (a jam never falls inside a take). nullopt:
// not due (made already, not yet time, no day, or a take still rolling).
std::optional<system_clock::time_point> day_jam_due(catalogue::Database& db,
                                                    const BoxClockOptions& options,
                                                    system_clock::time_point now,
                                                    std::int64_t& day_id) {
  if (options.source != core::TimecodeSource::time_of_day) {
    return std::nullopt;
  }
  auto day = db.prepare(
      "SELECT d.id, d.started_at, EXISTS (SELECT 1 FROM timecode_jams j WHERE j.day_id = d.id) "
      "FROM current_production c JOIN shooting_days d ON d.id = c.day_id");
  if (!day.step() || day.column_int(2) != 0 || day.column_is_null(1)) {
    return std::nullopt;
  }
  day_id = day.column_int(0);
  const auto started = core::parse_utc(day.column_text(1));
  if (!started) {
    return std::nullopt;
  }
  auto due = std::max(*started, *started - local_time_of_day(*started) + options.jam_at);
  if (due > now) {
    return std::nullopt;
  }
  auto rolling = db.prepare(
      "SELECT max(coalesce(cut_at, '~')) FROM takes WHERE undone_at IS NULL AND rolled_at < ?1 "
      "AND (cut_at IS NULL OR cut_at > ?1)");
  for (int moved = 0; moved < 100; ++moved) {
    rolling.reset();
    rolling.bind(1, core::utc_text_ms(due));
    if (!rolling.step() || rolling.column_is_null(0)) {
      return due;
    }
    const auto cut = core::parse_utc(rolling.column_text(0));
    if (!cut || *cut > now) {
      return std::nullopt;  // rolling now ('~' sorts after any time): jammed after its cut
    }
    due = *cut;
  }
  return due;
}

}  // namespace

std::string_view to_string(JamHow how) {
  switch (how) {
    case JamHow::manual:
      return "manual";
    case JamHow::clip:
      return "clip";
    case JamHow::ltc:
      return "ltc";
    case JamHow::time_of_day:
      break;
  }
  return "time_of_day";
}

std::string_view to_string(ClockState state) {
  switch (state) {
    case ClockState::locked:
      return "locked";
    case ClockState::holdover:
      return "holdover";
    case ClockState::no_signal:
      return "no_signal";
    case ClockState::refused:
      return "refused";
    case ClockState::free_run:
      break;
  }
  return "free_run";
}

BoxClock::BoxClock(catalogue::Catalogue& catalogue, BoxClockOptions options, Now now,
                   std::string boot_id)
    : catalogue_(catalogue),
      options_(options),
      now_(now ? std::move(now) : Now(read_both_clocks)),
      boot_id_(boot_id.empty() ? kernel_boot_id() : std::move(boot_id)) {}

steady_clock::time_point BoxClock::steady_of(system_clock::time_point wall,
                                             const Instants& now) const {
  return now.steady - std::chrono::duration_cast<steady_clock::duration>(now.wall - wall);
}

core::Timecode BoxClock::read(const Held& held, const Instants& instant, core::FrameRate rate,
                              bool drop_frame) const {
  auto jam = held.jam.timecode;
  if (jam.rate() != rate || jam.drop_frame() != drop_frame) {
    // The project's rate changed since the jam: the same instant of the day at the new rate.
    jam = label_at(label_time(jam), rate);
  }
  // Counted on the monotonic clock. While the wall clock has kept in step with it since the jam
  // (within a millisecond: no step, no large slew), the wall clock's own count is the same and
  // exact, where converting one clock to the other would put an instant on a frame's edge a
  // microsecond either side.
  const auto steady = instant.steady - held.steady;
  const auto wall = instant.wall - held.jam.at;
  if (std::chrono::abs(steady - std::chrono::duration_cast<steady_clock::duration>(wall)) <
      std::chrono::milliseconds(1)) {
    return jam + core::frames_in(wall, rate);
  }
  return core::TimecodeClock(jam, held.steady).read(instant.steady);
}

std::optional<BoxClock::Held> BoxClock::jam_at(catalogue::Database& db,
                                               system_clock::time_point at) {
  const auto now = now_();
  auto select = db.prepare(
      "SELECT id, how, timecode, rate, jammed_at, steady_ns, boot_id, actor FROM timecode_jams "
      "ORDER BY jammed_at <= ?1 DESC, CASE WHEN jammed_at <= ?1 THEN jammed_at END DESC, "
      "jammed_at, id DESC LIMIT 1");
  select.bind(1, core::utc_text_ms(at));
  if (!select.step()) {
    return std::nullopt;
  }
  const auto rate = core::parse_frame_rate(select.column_text(3));
  const auto jammed_at = core::parse_utc(select.column_text(4));
  const auto how = parse_how(select.column_text(1));
  if (!rate || !jammed_at || !how) {
    return std::nullopt;
  }
  Held held;
  held.id = select.column_int(0);
  held.jam.timecode = core::Timecode::parse(select.column_text(2), *rate);
  held.jam.at = *jammed_at;
  held.jam.how = *how;
  held.jam.by = select.column_text(7);
  held.steady = select.column_text(6) == boot_id_
                    ? steady_clock::time_point(std::chrono::nanoseconds(select.column_int(5)))
                    : steady_of(*jammed_at, now);
  std::lock_guard lock(mutex_);
  if (ltc_ && ltc_->id == held.id) {
    return ltc_;  // the lock's row: LTC has moved the clock on since, frame by frame
  }
  return held;
}

BoxClock::Held BoxClock::keep(catalogue::Transaction& tx, const Jam& jam,
                              steady_clock::time_point steady) {
  auto& db = tx.db();
  auto day = db.prepare("SELECT day_id FROM current_production");
  const bool has_day = day.step() && !day.column_is_null(0);
  auto insert = db.prepare(
      "INSERT INTO timecode_jams (day_id, how, timecode, rate, jammed_at, steady_ns, boot_id, "
      "actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (has_day) {
    insert.bind(1, day.column_int(0));
  } else {
    insert.bind_null(1);
  }
  insert.bind(2, std::string(to_string(jam.how)))
      .bind(3, jam.timecode.to_string())
      .bind(4, std::string(core::to_string(jam.timecode.rate())))
      .bind(5, core::utc_text_ms(jam.at))
      .bind(6, static_cast<std::int64_t>(
                   std::chrono::duration_cast<std::chrono::nanoseconds>(steady.time_since_epoch())
                       .count()))
      .bind(7, boot_id_)
      .bind(8, jam.by)
      .run();
  return {db.last_insert_rowid(), jam, steady};
}

void BoxClock::make_day_jam(catalogue::Transaction& tx, const Instants& now) {
  std::int64_t day_id = 0;
  const auto due = day_jam_due(tx.db(), options_, now.wall, day_id);
  if (!due) {
    return;
  }
  const auto rate = project_rate(tx.db());
  keep(tx, {time_of_day(*due, options_.offset, rate), *due, JamHow::time_of_day, "slated"},
       steady_of(*due, now));
  announce(tx, now);
}

BoxClock::Stamp BoxClock::stamp(catalogue::Transaction& tx, system_clock::time_point at,
                                core::FrameRate rate,
                                std::optional<system_clock::time_point> jam_of) {
  const auto now = now_();
  make_day_jam(tx, now);
  const auto held = jam_at(tx.db(), jam_of.value_or(at));
  if (!held) {
    // Never jammed (no shooting day yet): time of day, as a camera set from the wall clock.
    return {time_of_day(at, options_.offset, rate), core::TimecodeSource::time_of_day};
  }
  return {read(*held, {steady_of(at, now), at}, rate, core::allows_drop_frame(rate)),
          source_of(held->jam.how)};
}

ClockReading BoxClock::reading_at(catalogue::Database& db, const Instants& now) {
  ClockReading reading;
  reading.source = options_.source;
  reading.at = now.wall;
  const auto rate = project_rate(db);
  const bool drop_frame = core::allows_drop_frame(rate);
  const auto held = jam_at(db, now.wall);
  if (held) {
    reading.jam = held->jam;
    reading.timecode = read(*held, now, rate, drop_frame);
  } else {
    reading.timecode = time_of_day(now.wall, options_.offset, rate);
  }
  std::lock_guard lock(mutex_);
  if (options_.source == core::TimecodeSource::ltc) {
    reading.ltc = signal_;
    if (!signal_) {
      reading.state = ClockState::no_signal;
    } else if (signal_->refused) {
      reading.state = ClockState::refused;
    } else if (signal_->locked && ltc_ && ltc_->id != 0) {
      // Locked once the lock's first frame is kept as the jam: until then a roll is not stamped
      // from LTC, and no view may say it is.
      reading.state = ClockState::locked;
    } else if (holdover_since_) {
      reading.state = ClockState::holdover;
      reading.holdover_since = holdover_since_;
    } else {
      reading.state = ClockState::no_signal;
    }
  }
  // The drift: frames counted since the jam against frames the wall clock says have passed.
  // While LTC is locked each frame is a jam, so it is measured from the jam of the lock.
  if (held) {
    const auto since = now.steady - held->steady;
    if (since >= std::chrono::minutes(1)) {
      const auto counted = core::frames_in(since, rate);
      const auto walled = core::frames_in(now.wall - held->jam.at, rate);
      reading.drift_frames_per_hour =
          static_cast<double>(counted - walled) /
          std::chrono::duration<double, std::ratio<3600>>(since).count();
    }
  }
  const auto last_jam = [&] {
    return held ? " (" + held->jam.timecode.to_string() + " at " + local_clock_text(held->jam.at) +
                      ")"
                : std::string();
  };
  switch (reading.state) {
    case ClockState::refused:
      reading.message = signal_ ? signal_->message : "";
      if (!reading.message.empty()) {
        reading.message += " ";
      }
      reading.message += "The clock counts on from its last jam" + last_jam() + ".";
      break;
    case ClockState::no_signal:
      reading.message = "No LTC" +
                        (!options_.ltc_input.empty() ? " on " + options_.ltc_input : "") +
                        ": the clock counts from its last jam" + last_jam() +
                        ". Check the cable from the sound cart or the sync box.";
      break;
    case ClockState::holdover:
      reading.message =
          "The LTC stopped at " + local_clock_text(*holdover_since_) +
          ": the clock counts on from its last frame, as a camera would. Check the cable or the "
          "sync box; it locks again by itself.";
      break;
    case ClockState::free_run:
    case ClockState::locked:
      reading.message = disagreement(db);
      break;
  }
  return reading;
}

void BoxClock::announce(catalogue::Transaction& tx, const Instants& now) {
  tx.append({"timecode.changed", "timecode", to_payload(reading_at(tx.db(), now)), "slated", {}});
}

ClockReading BoxClock::reading() {
  const auto now = now_();
  {
    auto reader = catalogue_.lease();
    std::int64_t day_id = 0;
    if (!day_jam_due(reader->db(), options_, now.wall, day_id)) {
      return reading_at(reader->db(), now);
    }
  }
  return catalogue_.write([&](catalogue::Transaction& tx) {
    make_day_jam(tx, now);
    return reading_at(tx.db(), now);
  });
}

Outcome<ClockReading> BoxClock::jam(const std::string& text,
                                    std::optional<system_clock::time_point> at,
                                    const std::string& actor) {
  const auto now = now_();
  const auto when = std::min(at.value_or(now.wall), now.wall);
  if (when < now.wall - std::chrono::minutes(1)) {
    return invalid("a jam is made as the clock is read: \"at\" must be within the last minute");
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<ClockReading> {
    {
      std::lock_guard lock(mutex_);
      if (options_.source == core::TimecodeSource::ltc && signal_ && signal_->locked) {
        return conflict("the clock follows the LTC while it is locked; jam the sync box instead");
      }
    }
    const auto rate = project_rate(tx.db());
    std::optional<core::Timecode> timecode;
    try {
      timecode = core::Timecode::parse(text, rate);
    } catch (const core::TimecodeError& error) {
      return invalid(std::string(error.what()) + " (the project runs at " + core::to_string(rate) +
                     ")");
    }
    if (timecode->drop_frame() != core::allows_drop_frame(rate)) {
      *timecode =
          core::Timecode::from_frames(timecode->frames(), rate, core::allows_drop_frame(rate));
    }
    keep(tx, {*timecode, when, JamHow::manual, actor}, steady_of(when, now));
    announce(tx, now);
    return reading_at(tx.db(), now);
  });
}

Outcome<ClockReading> BoxClock::jam_from_clip(std::int64_t clip_id, std::int64_t take_id,
                                              const std::string& actor) {
  const auto now = now_();
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<ClockReading> {
    auto& db = tx.db();
    auto clip = db.prepare("SELECT name, start_tc, rate FROM clips WHERE id = ?");
    clip.bind(1, clip_id);
    if (!clip.step()) {
      return not_found("there is no clip " + std::to_string(clip_id));
    }
    auto take = db.prepare("SELECT roll_tc, rate FROM takes WHERE id = ? AND undone_at IS NULL");
    take.bind(1, take_id);
    if (!take.step()) {
      return not_found("there is no take " + std::to_string(take_id));
    }
    const auto rate = core::parse_frame_rate(take.column_text(1));
    if (clip.column_is_null(1) || !rate || clip.column_is_null(2) ||
        core::parse_frame_rate(clip.column_text(2)) != rate) {
      return invalid("clip " + clip.column_text(0) +
                     " has no timecode at the take's rate to jam from");
    }
    const auto start = core::Timecode::parse(clip.column_text(1), *rate);
    const auto roll = core::Timecode::parse(take.column_text(0), *rate);
    // The short way round midnight: a clip and its take are minutes apart, not a day.
    const auto per_day = core::Timecode::frames_per_day(*rate, start.drop_frame());
    auto shift = (start.frames() - roll.frames()) % per_day;
    if (shift > per_day / 2) {
      shift -= per_day;
    } else if (shift < -per_day / 2) {
      shift += per_day;
    }
    const auto here = reading_at(db, now).timecode;
    const auto jammed =
        core::Timecode::from_frames(here.frames() + shift, here.rate(), here.drop_frame());
    keep(tx, {jammed, now.wall, JamHow::clip, actor}, now.steady);
    announce(tx, now);
    return reading_at(db, now);
  });
}

void BoxClock::ltc_frame(const core::Timecode& timecode, steady_clock::time_point instant) {
  const auto now = now_();
  const auto wall =
      now.wall - std::chrono::duration_cast<system_clock::duration>(now.steady - instant);
  bool first = false;
  Jam jam{timecode, wall, JamHow::ltc, "ltc"};
  {
    std::lock_guard lock(mutex_);
    if (!signal_ || !signal_->locked) {
      return;  // only frames of a locked signal move the clock
    }
    first = !ltc_ || ltc_->id == 0;
    if (!first) {
      ltc_->jam = jam;
      ltc_->steady = instant;
      return;
    }
  }
  // The lock's first frame is kept as a jam, so that a restart counts on from it.
  catalogue_.write([&](catalogue::Transaction& tx) {
    const auto held = keep(tx, jam, instant);
    {
      std::lock_guard lock(mutex_);
      ltc_ = held;
    }
    announce(tx, now);
  });
}

void BoxClock::ltc_signal(const LtcSignal& signal) {
  const auto now = now_();
  {
    std::lock_guard lock(mutex_);
    const bool was_locked = signal_ && signal_->locked;
    // The level and the count of dropouts change often; views hear of them with the next change
    // of state, and GET /api/v1/timecode has them at once.
    const bool news = !signal_ || signal_->locked != signal.locked ||
                      signal_->refused != signal.refused || signal_->ended != signal.ended ||
                      signal_->rate != signal.rate || signal_->drop_frame != signal.drop_frame ||
                      signal_->message != signal.message || signal_->date != signal.date;
    signal_ = signal;
    if (signal.locked) {
      holdover_since_.reset();
      if (!was_locked) {
        ltc_.reset();  // a new lock: its first frame is its jam
      }
    } else if (was_locked) {
      holdover_since_ = now.wall;
    }
    if (!news) {
      return;
    }
  }
  catalogue_.write([&](catalogue::Transaction& tx) { announce(tx, now); });
}

}  // namespace slate::production
