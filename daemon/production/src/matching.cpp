#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/production/matching.hpp>

namespace slate::production {

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
// A tolerance beyond a day would make every take match every clip; it is capped there, which also
// keeps the arithmetic below far from overflow.
constexpr double kMaxToleranceSeconds = 86'400.0;

// Nanoseconds `frames` frames last at `rate`, rounded to the nearest. 128-bit because frames times
// 1001 times 10^9 overflows 64 bits after some hundred hours of frames.
std::int64_t frames_duration(std::int64_t frames, core::FrameRate rate) {
  __extension__ using Wide = __int128;
  const core::Rational r = core::exact(rate);
  const Wide scaled = static_cast<Wide>(frames) * r.denominator * kNanosPerSecond;
  return static_cast<std::int64_t>((scaled + r.numerator / 2) / r.numerator);
}

// The real length of one timecode day at this rate and counting: where time_of_day() starts again
// from 0. Exactly 24 h at whole rates; at 23.976 a timecode day lasts 24 h 1 min 26.4 s, so adding
// a flat 24 h to a time past its midnight would land before the time it followed.
std::int64_t day_length(const core::Timecode& timecode) {
  return frames_duration(core::Timecode::frames_per_day(timecode.rate(), timecode.drop_frame()),
                         timecode.rate());
}

// Camera letters as people type them: "a" is camera A.
bool same_camera(const std::string& a, const std::string& b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [&](char x, char y) { return lower(x) == lower(y); });
}

bool camera_rolling(const ClipSpan& clip, const TakeSpan& take) {
  if (clip.camera.empty()) {
    return true;
  }
  return std::any_of(take.cameras.begin(), take.cameras.end(),
                     [&](const std::string& camera) { return same_camera(camera, clip.camera); });
}

std::int64_t tolerance_nanos(double seconds) {
  // A negative or NaN tolerance would shrink the take or poison the sums: read it as none.
  if (!(seconds > 0)) {
    return 0;
  }
  return std::llround(std::min(seconds, kMaxToleranceSeconds) *
                      static_cast<double>(kNanosPerSecond));
}

// A clip's best overlap with one take: how much, and where the take rolled as seen from the clip
// (so that a take rolled just before midnight counts as earlier than one rolled just after).
struct Overlap {
  std::int64_t nanos = 0;
  std::int64_t roll = 0;
};

}  // namespace

std::optional<Match> match_clip(const ClipSpan& clip, const std::vector<TakeSpan>& takes,
                                double tolerance_seconds) {
  // Everything is in real nanoseconds since the midnight of the timecode, so a 23.976 clip and a
  // 29.97 drop-frame take compare where they were in time, not by their frame numbers.
  const std::int64_t clip_start = clip.start.time_of_day().count();
  // A take lasts under two days even padded, so no clip can overlap one by more: capping the
  // length there keeps an absurd frame count from overflowing the sums.
  const std::int64_t max_frames =
      2 * core::Timecode::frames_per_day(clip.start.rate(), clip.start.drop_frame());
  const std::int64_t clip_end =
      clip_start +
      frames_duration(std::clamp<std::int64_t>(clip.frames, 0, max_frames), clip.start.rate());
  const std::int64_t clip_day = day_length(clip.start);
  const std::int64_t pad = tolerance_nanos(tolerance_seconds);

  std::optional<Match> best;
  Overlap best_overlap;
  double best_real_seconds = 0;
  std::optional<std::int64_t> runner_up;
  double runner_up_seconds = 0;
  for (const TakeSpan& take : takes) {
    if (!camera_rolling(clip, take)) {
      continue;
    }
    const std::int64_t roll = take.roll.time_of_day().count();
    std::int64_t cut = take.cut.time_of_day().count();
    if (cut < roll) {
      cut += day_length(take.cut);  // Cut after midnight: the cut is on the next day.
    }
    // The take runs within [-pad, 2 days + pad) and the clip starts within its first day, so one
    // of these three placements of the clip lines them up when they meet across midnight (a clip
    // at 00:00:05 for a take rolled at 23:59:50, or a clip at 23:59:58 for a take rolled at
    // 00:00:01 padded back past midnight). The largest overlap of the three is the one meant.
    const auto overlap_with = [&](std::int64_t padding) {
      std::optional<Overlap> found;
      for (const std::int64_t shift : std::array<std::int64_t, 3>{0, clip_day, -clip_day}) {
        const std::int64_t overlap = std::min(clip_end + shift, cut + padding) -
                                     std::max(clip_start + shift, roll - padding);
        if (overlap > 0 && (!found || overlap > found->nanos)) {
          found = Overlap{overlap, roll - shift};
        }
      }
      return found;
    };
    const auto found = overlap_with(pad);
    if (!found) {
      continue;
    }
    // Most overlap wins; on a tie the take that rolled first, then the lower id so the answer
    // never depends on the order the takes were listed in.
    const bool better = !best || found->nanos > best_overlap.nanos ||
                        (found->nanos == best_overlap.nanos &&
                         (found->roll < best_overlap.roll ||
                          (found->roll == best_overlap.roll && take.take_id < best->take_id)));
    // The clip also runs through another take when it overlaps it unpadded, by more than the pad
    // alone could explain: that take is told, since its picture is on a clip of another.
    const auto real = overlap_with(0);
    const double real_seconds =
        real ? static_cast<double>(real->nanos) / static_cast<double>(kNanosPerSecond) : 0.0;
    if (better) {
      if (best && best_real_seconds > runner_up_seconds) {
        runner_up = best->take_id;
        runner_up_seconds = best_real_seconds;
      }
      best_overlap = *found;
      best_real_seconds = real_seconds;
      best = Match{};
      best->take_id = take.take_id;
      best->overlap_seconds =
          static_cast<double>(found->nanos) / static_cast<double>(kNanosPerSecond);
    } else if (real_seconds > runner_up_seconds) {
      runner_up = take.take_id;
      runner_up_seconds = real_seconds;
    }
  }
  if (best && runner_up && *runner_up != best->take_id) {
    best->also_take_id = runner_up;
    best->also_overlap_seconds = runner_up_seconds;
  }
  return best;
}

}  // namespace slate::production
