// The box's timecode clock against readings worked out by hand (frames elapsed = real seconds ×
// the exact rate, rounded down, added to the jam): the literals below are not computed by the
// clock's arithmetic.
#include <chrono>
#include <gtest/gtest.h>

#include <slate/core/timecode_clock.hpp>

namespace slate::core {
namespace {

using namespace std::chrono_literals;

const TimecodeClock::Instant kJam{std::chrono::hours(1000)};

TEST(TimecodeClock, At23976AJamAt6ReadsWhatAJammedCameraReadsAllDayAndPastMidnight) {
  const TimecodeClock clock(Timecode::parse("06:00:00:00", FrameRate::fps23_976), kJam);
  // One real hour is 86,313.69 frames: 3,596 timecode seconds and 9 frames, 3.6 s behind.
  EXPECT_EQ(clock.read(kJam + 1h).to_string(), "06:59:56:09");
  EXPECT_EQ(clock.read(kJam + 12h).to_string(), "17:59:16:20");
  // 19 h: past midnight with no jump back.
  EXPECT_EQ(clock.read(kJam + 19h).to_string(), "00:58:51:16");
  EXPECT_EQ(clock.read(kJam + 30h).to_string(), "11:58:12:02");
  EXPECT_EQ(clock.frames_since_jam(kJam + 30h), 2'589'410) << "not wrapped at midnight";
  EXPECT_EQ(clock.read(kJam).to_string(), "06:00:00:00");
  EXPECT_EQ(clock.read(kJam + 41ms).to_string(), "06:00:00:00") << "frame 1 starts at 41.7 ms";
  EXPECT_EQ(clock.read(kJam + 42ms).to_string(), "06:00:00:01");
  EXPECT_EQ(clock.read(kJam - 1ms).to_string(), "05:59:59:23") << "before the jam, counting back";
}

TEST(TimecodeClock, At2997DropFrameAnHourOfTimecodeIsAnHourOfClock) {
  const TimecodeClock clock(Timecode::parse("06:00:00;00", FrameRate::fps29_97), kJam);
  // One real hour is 107,892.1 frames, and drop-frame counts an hour as 107,892.
  EXPECT_EQ(clock.read(kJam + 1h).to_string(), "07:00:00;00");
  EXPECT_EQ(clock.read(kJam + 12h).to_string(), "18:00:00;01");
  EXPECT_EQ(clock.read(kJam + 18h).to_string(), "00:00:00;01");
  // A real minute is 1,798.2 frames, short of the 1,800 the first minute counts.
  EXPECT_EQ(clock.read(kJam + 1min).to_string(), "06:00:59;28");
  // 1,801.2 frames: the second frame of minute 1, whose frames 00 and 01 do not exist.
  EXPECT_EQ(clock.read(kJam + 60100ms).to_string(), "06:01:00;03");
}

TEST(TimecodeClock, At24And25ItIsTimeOfDayToTheFrame) {
  const TimecodeClock film(Timecode::parse("23:59:30:00", FrameRate::fps24), kJam);
  EXPECT_EQ(film.read(kJam + 70s).to_string(), "00:00:40:00");
  EXPECT_EQ(film.frames_since_jam(kJam + 70s), 1680);
  const TimecodeClock pal(Timecode::parse("10:00:00:00", FrameRate::fps25), kJam);
  EXPECT_EQ(pal.read(kJam + 5h + 40ms).to_string(), "15:00:00:01");
}

TEST(TimecodeClock, ATakeAcrossMidnightAt23976LastsItsRealLength) {
  // Rolled at 23:59:30 on a clock jammed at 23:59:30:00, cut 70 s later.
  const TimecodeClock clock(Timecode::parse("23:59:30:00", FrameRate::fps23_976), kJam);
  const auto cut = clock.read(kJam + 70s);
  EXPECT_EQ(cut.to_string(), "00:00:39:22");  // 1,678.3 frames: 69 s 22 fr of timecode
  EXPECT_EQ(clock.frames_since_jam(kJam + 70s), 1678);
}

TEST(TimecodeClock, SourcesAreNamedAsConfigWritesThem) {
  EXPECT_EQ(parse_timecode_source("ltc"), TimecodeSource::ltc);
  EXPECT_EQ(parse_timecode_source("time_of_day"), TimecodeSource::time_of_day);
  EXPECT_EQ(parse_timecode_source("manual"), TimecodeSource::manual);
  EXPECT_EQ(parse_timecode_source("LTC"), std::nullopt);
  EXPECT_STREQ(to_string(TimecodeSource::manual), "manual");
}

}  // namespace
}  // namespace slate::core
