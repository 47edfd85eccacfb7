#include <chrono>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/production/matching.hpp>

namespace slate::production {
namespace {

using core::FrameRate;
using core::Timecode;

constexpr double kNear = 1e-6;

Timecode tc(const std::string& text, FrameRate rate = FrameRate::fps25) {
  return Timecode::parse(text, rate);
}

TakeSpan take(std::int64_t id, const std::string& roll, const std::string& cut,
              std::vector<std::string> cameras = {"A"}, FrameRate rate = FrameRate::fps25) {
  return TakeSpan{id, tc(roll, rate), tc(cut, rate), std::move(cameras)};
}

ClipSpan clip(const std::string& start, std::int64_t frames, const std::string& camera = "A",
              FrameRate rate = FrameRate::fps25) {
  return ClipSpan{1, camera, tc(start, rate), frames};
}

TEST(MatchClip, ClipInsideTakeMatchesIt) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  const std::optional<Match> match = match_clip(clip("10:00:05:00", 250), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 10.0, kNear);
}

TEST(MatchClip, LargerOverlapWins) {
  // The clip starts inside the first take's padding but runs through the second: the second take
  // wins although it is listed and rolled later.
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00"),
                                       take(2, "10:00:33:00", "10:01:00:00")};
  const std::optional<Match> match = match_clip(clip("10:00:31:00", 500), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 2);
  EXPECT_NEAR(match->overlap_seconds, 20.0, kNear);
}

TEST(MatchClip, ClipStraddlingTwoTakesGoesToTheBiggerShare) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00"),
                                       take(2, "10:00:40:00", "10:01:30:00")};
  // [20 s, 45 s): 12 s with take 1 padded to 32 s, 7 s with take 2 padded from 38 s.
  std::optional<Match> match = match_clip(clip("10:00:20:00", 25 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 12.0, kNear);
  // [25 s, 55 s): 7 s against 17 s.
  match = match_clip(clip("10:00:25:00", 30 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 2);
  EXPECT_NEAR(match->overlap_seconds, 17.0, kNear);
}

TEST(MatchClip, TieGoesToTheTakeThatRolledFirst) {
  // The clip [20 s, 44 s) overlaps each padded take by 12 s.
  const std::vector<TakeSpan> takes = {take(2, "10:00:40:00", "10:01:30:00"),
                                       take(1, "10:00:00:00", "10:00:30:00")};
  const std::optional<Match> match = match_clip(clip("10:00:20:00", 24 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 12.0, kNear);
}

TEST(MatchClip, TieWithTheSameRollGoesToTheLowerId) {
  const std::vector<TakeSpan> takes = {take(7, "10:00:00:00", "10:00:30:00"),
                                       take(3, "10:00:00:00", "10:00:30:00")};
  const std::optional<Match> match = match_clip(clip("10:00:05:00", 250), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 3);
}

TEST(MatchClip, ClipStartingAfterCutMatchesWithinTolerance) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  // 1.5 s after cut (12 frames at 25 fps is half a second).
  const ClipSpan late = clip("10:00:31:12", 250);
  const std::optional<Match> match = match_clip(late, takes, 2.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 0.52, kNear);  // 32 s - 31.48 s
  EXPECT_FALSE(match_clip(late, takes, 1.0).has_value());
}

TEST(MatchClip, ClipStartingBeforeRollMatches) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  const ClipSpan early = clip("09:59:59:00", 250);  // 1 s before roll, for 10 s
  std::optional<Match> match = match_clip(early, takes, 2.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 10.0, kNear);
  // Without padding the second before roll does not count.
  match = match_clip(early, takes, 0.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_NEAR(match->overlap_seconds, 9.0, kNear);
}

TEST(MatchClip, ClipEndingBeforeRollNeedsTolerance) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  const ClipSpan before = clip("09:59:50:00", 225);  // ends 1 s before roll
  EXPECT_FALSE(match_clip(before, takes, 1.0).has_value());
  const std::optional<Match> match = match_clip(before, takes, 2.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_NEAR(match->overlap_seconds, 1.0, kNear);
}

TEST(MatchClip, NegativeToleranceIsNone) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  const std::optional<Match> match = match_clip(clip("10:00:25:00", 250), takes, -3.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_NEAR(match->overlap_seconds, 5.0, kNear);
}

TEST(MatchClip, TwoCamerasOnOneTake) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00", {"A", "B"})};
  for (const std::string camera : {"A", "B", "a", "b"}) {
    const std::optional<Match> match = match_clip(clip("10:00:05:00", 250, camera), takes);
    ASSERT_TRUE(match.has_value()) << camera;
    EXPECT_EQ(match->take_id, 1) << camera;
  }
  EXPECT_FALSE(match_clip(clip("10:00:05:00", 250, "C"), takes).has_value());
}

TEST(MatchClip, CameraPicksTheTakeItRolledOn) {
  // Camera B was only rolling on take 2, although the clip overlaps take 1 more.
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00", {"A"}),
                                       take(2, "10:00:25:00", "10:01:00:00", {"B"})};
  const std::optional<Match> match = match_clip(clip("10:00:10:00", 500, "B"), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 2);
  EXPECT_NEAR(match->overlap_seconds, 7.0, kNear);  // [23 s, 30 s)
}

TEST(MatchClip, EmptyCameraMatchesAny) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00", {"C"}),
                                       take(2, "11:00:00:00", "11:00:30:00", {})};
  std::optional<Match> match = match_clip(clip("10:00:05:00", 250, ""), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  // Even a take with no camera logged.
  match = match_clip(clip("11:00:05:00", 250, ""), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 2);
  // A clip from a named camera does need the take to list it.
  EXPECT_FALSE(match_clip(clip("11:00:05:00", 250, "A"), takes).has_value());
}

TEST(MatchClip, TakeAcrossMidnight) {
  const std::vector<TakeSpan> takes = {take(1, "23:59:50:00", "00:00:20:00")};
  // Before midnight into the next day: the whole 20 s are inside the take.
  std::optional<Match> match = match_clip(clip("23:59:55:00", 20 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 20.0, kNear);
  // Starting after midnight.
  match = match_clip(clip("00:00:05:00", 10 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 10.0, kNear);
  // A clip the next afternoon does not match.
  EXPECT_FALSE(match_clip(clip("12:00:00:00", 250), takes).has_value());
}

TEST(MatchClip, ClipAcrossMidnightIntoATakeAfterIt) {
  // The take rolled just after midnight; the clip started 3 s before roll, before midnight.
  const std::vector<TakeSpan> takes = {take(1, "00:00:01:00", "00:00:30:00")};
  const std::optional<Match> match = match_clip(clip("23:59:58:00", 10 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 9.0, kNear);  // padded from -1 s; the clip runs to 8 s
}

TEST(MatchClip, TieAcrossMidnightGoesToTheTakeRolledBeforeIt) {
  // Take 1 rolled the evening before; by time of day it "rolled" later, but it came first.
  const std::vector<TakeSpan> takes = {take(2, "00:00:00:00", "00:00:20:00"),
                                       take(1, "23:59:50:00", "00:00:10:00")};
  const std::optional<Match> match = match_clip(clip("00:00:00:00", 5 * 25), takes);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 5.0, kNear);
}

TEST(MatchClip, DropFrame) {
  const std::vector<TakeSpan> takes = {
      take(1, "00:09:59;28", "00:10:30;00", {"A"}, FrameRate::fps29_97)};
  // 300 frames at 30000/1001 last 10.01 s.
  const ClipSpan inside = clip("00:10:00;00", 300, "A", FrameRate::fps29_97);
  const std::optional<Match> match = match_clip(inside, takes, 0.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 10.01, kNear);
  // Drop-frame numbers skip 00:01:00;00 and ;01, so 00:00:59;28 is two frames, not four, before
  // 00:01:00;02: a three-frame clip from there overlaps a take rolled at ;02 by one frame.
  const std::vector<TakeSpan> dropped = {
      take(2, "00:01:00;02", "00:01:30;00", {"A"}, FrameRate::fps29_97)};
  EXPECT_FALSE(
      match_clip(clip("00:00:59;28", 2, "A", FrameRate::fps29_97), dropped, 0.0).has_value());
  const std::optional<Match> edge =
      match_clip(clip("00:00:59;28", 3, "A", FrameRate::fps29_97), dropped, 0.0);
  ASSERT_TRUE(edge.has_value());
  EXPECT_EQ(edge->take_id, 2);
  EXPECT_NEAR(edge->overlap_seconds, 1001.0 / 30000.0, kNear);
}

TEST(MatchClip, DifferentRatesCompareInTimeOfDay) {
  const TakeSpan logged = take(1, "10:00:00;00", "10:01:00;02", {"A"}, FrameRate::fps29_97);
  // A 23.976 camera whose clock read 10 s after roll: its frame count says nothing about 29.97
  // frames, only its time of day lines up.
  const Timecode start = Timecode::from_time_of_day(
      logged.roll.time_of_day() + std::chrono::seconds(10), FrameRate::fps23_976, false);
  const ClipSpan other_rate{4, "A", start, 240};  // 240 frames at 24000/1001: 10.01 s
  const std::optional<Match> match = match_clip(other_rate, {logged}, 0.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 10.01, kNear);
  // Its frame count read as 29.97 would land elsewhere; the clip one hour later does not match.
  const Timecode later = Timecode::from_time_of_day(
      logged.roll.time_of_day() + std::chrono::hours(1), FrameRate::fps23_976, false);
  EXPECT_FALSE(match_clip(ClipSpan{5, "A", later, 240}, {logged}, 0.0).has_value());
}

TEST(MatchClip, MidnightAtAnNtscRate) {
  // A 23.976 timecode day lasts 24 h 1 min 26.4 s of real time, so the cut is moved on by that
  // day, not by 24 h (which would put it before roll).
  const std::vector<TakeSpan> takes = {
      take(1, "23:59:50:00", "00:00:20:00", {"A"}, FrameRate::fps23_976)};
  std::optional<Match> match =
      match_clip(clip("00:00:05:00", 120, "A", FrameRate::fps23_976), takes, 0.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->take_id, 1);
  EXPECT_NEAR(match->overlap_seconds, 5.005, kNear);
  match = match_clip(clip("23:59:55:00", 240, "A", FrameRate::fps23_976), takes, 0.0);
  ASSERT_TRUE(match.has_value());
  EXPECT_NEAR(match->overlap_seconds, 10.01, kNear);
}

TEST(MatchClip, NoMatch) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00"),
                                       take(2, "10:05:00:00", "10:05:30:00")};
  EXPECT_FALSE(match_clip(clip("10:02:00:00", 250), takes).has_value());
  EXPECT_FALSE(match_clip(clip("10:00:05:00", 250), {}).has_value());
  // A clip of no frames overlaps nothing.
  EXPECT_FALSE(match_clip(clip("10:00:05:00", 0), takes).has_value());
  EXPECT_FALSE(match_clip(clip("10:00:05:00", -5), takes).has_value());
  // An absurd length is still an answer, not an overflow: all of take 1 padded.
  const std::optional<Match> endless =
      match_clip(clip("09:00:00:00", std::numeric_limits<std::int64_t>::max()), {takes[0]});
  ASSERT_TRUE(endless.has_value());
  EXPECT_EQ(endless->take_id, 1);
  EXPECT_NEAR(endless->overlap_seconds, 34.0, kNear);
}

TEST(MatchClip, TouchingIsNotOverlapping) {
  const std::vector<TakeSpan> takes = {take(1, "10:00:00:00", "10:00:30:00")};
  // Ends exactly at roll: no positive overlap.
  EXPECT_FALSE(match_clip(clip("09:59:50:00", 250), takes, 0.0).has_value());
}

}  // namespace
}  // namespace slate::production
