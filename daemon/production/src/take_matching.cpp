#include "take_matching.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/production/matching.hpp>

#include "stored_lists.hpp"

namespace slate::production::detail {

namespace {

// A clip as matching reads it: with the card's roll and its recorded time, for clips whose names
// say neither camera nor day.
constexpr std::string_view kClipColumns =
    "SELECT c.id, c.camera, c.start_tc, c.rate, c.frames, o.roll, "
    "coalesce(c.recorded_at, o.started_at, o.created_at), c.shooting_day_id, c.match_reason FROM "
    "clips c JOIN offloads o ON o.id = c.offload_id ";

struct ClipRow {
  std::int64_t id = 0;
  std::string camera;
  std::string start_tc;
  std::string rate;
  std::int64_t frames = 0;
  std::string roll;
  std::string recorded_at;
  std::int64_t day_id = 0;
  std::optional<std::string> reason;  // why it matched no take when last tried; none if never
};

std::vector<ClipRow> read_clips(catalogue::Statement& select) {
  std::vector<ClipRow> clips;
  while (select.step()) {
    clips.push_back(
        {select.column_int(0), select.column_text(1),
         select.column_is_null(2) ? "" : select.column_text(2),
         select.column_is_null(3) ? "" : select.column_text(3),
         select.column_is_null(4) ? 0 : select.column_int(4), select.column_text(5),
         select.column_is_null(6) ? "" : select.column_text(6),
         select.column_is_null(7) ? 0 : select.column_int(7),
         select.column_is_null(8) ? std::nullopt : std::optional(select.column_text(8))});
  }
  return clips;
}

// The camera a clip was shot on: from its name, else the card's roll ("B002" is camera B's), else
// the project's only camera.
std::string camera_of(const ClipRow& clip, const std::vector<std::string>& project_cameras) {
  if (!clip.camera.empty()) {
    return clip.camera;
  }
  const auto& roll = clip.roll;
  if (roll.size() >= 2 && std::isalpha(static_cast<unsigned char>(roll[0])) &&
      std::all_of(roll.begin() + 1, roll.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(roll[0]))));
  }
  return project_cameras.size() == 1 ? project_cameras.front() : "";
}

std::vector<std::string> project_cameras(catalogue::Database& db) {
  auto select = db.prepare(
      "SELECT p.cameras FROM projects p JOIN current_production c ON c.project_id = p.id");
  return select.step() ? read_stored_list(select.column_text(0)) : std::vector<std::string>{};
}

// The shooting days of the current project by when each began: its start, or its first roll if
// that was earlier. A clip belongs to the last day begun at or before it was recorded, so a night
// shoot past midnight stays one day and a card offloaded the next morning keeps its own day.
struct DayStart {
  std::string start;
  std::int64_t id = 0;
};

std::vector<DayStart> day_starts(catalogue::Database& db) {
  auto select = db.prepare(
      "SELECT d.id, d.started_at, (SELECT min(rolled_at) FROM takes t WHERE t.day_id = d.id) FROM "
      "shooting_days d JOIN current_production c ON c.project_id = d.project_id");
  std::vector<DayStart> days;
  while (select.step()) {
    std::string start = select.column_is_null(1) ? "" : select.column_text(1);
    if (!select.column_is_null(2) && (start.empty() || select.column_text(2) < start)) {
      start = select.column_text(2);
    }
    if (!start.empty()) {
      days.push_back({start, select.column_int(0)});
    }
  }
  std::sort(days.begin(), days.end(),
            [](const DayStart& a, const DayStart& b) { return a.start < b.start; });
  return days;
}

// Both in UTC ISO 8601; a time to the second and one to the millisecond compare as times once
// both are to the millisecond.
std::string comparable(const std::string& time) {
  return time.size() == 20 && time.back() == 'Z' ? time.substr(0, 19) + ".000Z" : time;
}

std::int64_t day_of(const std::vector<DayStart>& days, const std::string& recorded_at) {
  if (days.empty() || recorded_at.empty()) {
    return 0;
  }
  const auto at = comparable(recorded_at);
  std::int64_t day = days.front().id;  // before the first day began: still the first day
  for (const auto& start : days) {
    if (comparable(start.start) <= at) {
      day = start.id;
    }
  }
  return day;
}

std::vector<TakeSpan> takes_of_day(catalogue::Database& db, std::int64_t day_id) {
  auto rows = db.prepare(
      "SELECT id, rate, roll_tc, cut_tc, cameras FROM takes WHERE day_id = ? AND cut_tc IS NOT "
      "NULL AND wild = 0 AND undone_at IS NULL");
  rows.bind(1, day_id);
  std::vector<TakeSpan> takes;
  while (rows.step()) {
    const auto rate = core::parse_frame_rate(rows.column_text(1));
    if (!rate) {
      continue;
    }
    try {
      takes.push_back({rows.column_int(0), core::Timecode::parse(rows.column_text(2), *rate),
                       core::Timecode::parse(rows.column_text(3), *rate),
                       read_stored_list(rows.column_text(4))});
    } catch (const core::TimecodeError&) {
    }
  }
  return takes;
}

class Matcher {
 public:
  Matcher(catalogue::Transaction& tx, double tolerance)
      : db_(tx.db()),
        tolerance_(tolerance),
        cameras_(project_cameras(db_)),
        days_(day_starts(db_)),
        assign_(db_.prepare(
            "INSERT INTO clip_takes (clip_id, take_id, method, overlap_seconds, assigned_at, "
            "also_take_id) VALUES (?, ?, 'timecode', ?, ?, ?) ON CONFLICT (clip_id) DO NOTHING")),
        note_(db_.prepare("UPDATE clips SET match_reason = ?, shooting_day_id = ? WHERE id = ?")) {}

  void try_clip(const ClipRow& clip, std::vector<MatchedClip>& matched) {
    const auto day = clip.day_id != 0 ? clip.day_id : day_of(days_, clip.recorded_at);
    const auto reason = [&]() -> std::string {
      if (clip.start_tc.empty() || clip.frames <= 0) {
        return "no timecode";
      }
      const auto rate = core::parse_frame_rate(clip.rate);
      if (!rate) {
        return "no timecode";
      }
      const auto camera = camera_of(clip, cameras_);
      if (camera.empty()) {
        return "camera unknown";
      }
      if (day == 0) {
        return "shooting day unknown";
      }
      std::optional<Match> match;
      try {
        match =
            match_clip({clip.id, camera, core::Timecode::parse(clip.start_tc, *rate), clip.frames},
                       takes(day), tolerance_);
      } catch (const core::TimecodeError&) {
        return "no timecode";
      }
      if (!match) {
        return "no take overlaps";
      }
      assign_.reset();
      assign_.bind(1, clip.id)
          .bind(2, match->take_id)
          .bind(3, match->overlap_seconds)
          .bind(4, core::utc_text_ms(std::chrono::system_clock::now()));
      if (match->also_take_id) {
        assign_.bind(5, *match->also_take_id);
      } else {
        assign_.bind_null(5);
      }
      assign_.run();
      matched.push_back({clip.id, match->take_id, match->overlap_seconds});
      return "";
    }();
    // A cut tries every waiting clip of its day again, and most stay as they were: writing only
    // what changed keeps a cut's cost to reading the day's waiting clips.
    const bool unchanged =
        (reason.empty() ? !clip.reason.has_value() : clip.reason == reason) && clip.day_id == day;
    if (unchanged) {
      return;
    }
    note_.reset();
    if (reason.empty()) {
      note_.bind_null(1);
    } else {
      note_.bind(1, reason);
    }
    if (day == 0) {
      note_.bind_null(2);
    } else {
      note_.bind(2, day);
    }
    note_.bind(3, clip.id).run();
  }

 private:
  const std::vector<TakeSpan>& takes(std::int64_t day) {
    auto found = takes_.find(day);
    if (found == takes_.end()) {
      found = takes_.emplace(day, takes_of_day(db_, day)).first;
    }
    return found->second;
  }

  catalogue::Database& db_;
  double tolerance_;
  std::vector<std::string> cameras_;
  std::vector<DayStart> days_;
  std::map<std::int64_t, std::vector<TakeSpan>> takes_;
  catalogue::Statement assign_;
  catalogue::Statement note_;
};

// Clips that wait for a take: none yet, and no person's assignment (to a take or to none).
constexpr std::string_view kWaiting =
    "NOT EXISTS (SELECT 1 FROM clip_takes ct WHERE ct.clip_id = c.id)";

}  // namespace

std::vector<MatchedClip> match_day(catalogue::Transaction& tx, std::int64_t day_id,
                                   const std::vector<std::string>& cameras, double tolerance) {
  auto select = tx.db().prepare(std::string(kClipColumns) + "WHERE c.shooting_day_id = ? AND " +
                                std::string(kWaiting) + " ORDER BY c.id");
  select.bind(1, day_id);
  auto clips = read_clips(select);
  Matcher matcher(tx, tolerance);
  const auto project = project_cameras(tx.db());
  std::vector<MatchedClip> matched;
  for (const auto& clip : clips) {
    const auto camera = camera_of(clip, project);
    if (!cameras.empty() && !camera.empty() &&
        std::find(cameras.begin(), cameras.end(), camera) == cameras.end()) {
      continue;  // a camera that did not roll on the cut take: nothing changed for it
    }
    matcher.try_clip(clip, matched);
  }
  return matched;
}

std::vector<MatchedClip> match_untried(catalogue::Transaction& tx, double tolerance, int limit,
                                       int& tried) {
  // Probed (a probe answer is stored, timecode or not) and never tried since.
  auto select = tx.db().prepare(std::string(kClipColumns) +
                                "WHERE c.probe IS NOT NULL AND c.match_reason IS NULL AND "
                                "c.shooting_day_id IS NULL AND " +
                                std::string(kWaiting) + " ORDER BY c.id LIMIT ?");
  select.bind(1, std::int64_t{limit});
  auto clips = read_clips(select);
  tried = static_cast<int>(clips.size());
  Matcher matcher(tx, tolerance);
  std::vector<MatchedClip> matched;
  for (const auto& clip : clips) {
    matcher.try_clip(clip, matched);
  }
  return matched;
}

}  // namespace slate::production::detail
