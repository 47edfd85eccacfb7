#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>

namespace slate::core {
namespace {

using std::chrono::nanoseconds;

constexpr std::array<FrameRate, 9> kAllRates{
    FrameRate::fps23_976, FrameRate::fps24,    FrameRate::fps25,
    FrameRate::fps29_97,  FrameRate::fps30,    FrameRate::fps48,
    FrameRate::fps50,     FrameRate::fps59_94, FrameRate::fps60};

// The message parse() throws for `text`, or "" if it does not throw.
std::string parse_error(const std::string& text, FrameRate rate) {
  try {
    Timecode::parse(text, rate);
  } catch (const TimecodeError& error) {
    return error.what();
  }
  return "";
}

std::string parts_error(int h, int m, int s, int f, FrameRate rate, bool drop_frame) {
  try {
    Timecode::from_parts(h, m, s, f, rate, drop_frame);
  } catch (const TimecodeError& error) {
    return error.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// ---- Rates ----

TEST(FrameRateTest, NamesNominalAndExactValues) {
  struct Expected {
    FrameRate rate;
    const char* name;
    int nominal;
    Rational exact;
    bool drop_frame;
  };
  const std::array<Expected, 9> expected{{
      {FrameRate::fps23_976, "23.976", 24, {24000, 1001}, false},
      {FrameRate::fps24, "24", 24, {24, 1}, false},
      {FrameRate::fps25, "25", 25, {25, 1}, false},
      {FrameRate::fps29_97, "29.97", 30, {30000, 1001}, true},
      {FrameRate::fps30, "30", 30, {30, 1}, false},
      {FrameRate::fps48, "48", 48, {48, 1}, false},
      {FrameRate::fps50, "50", 50, {50, 1}, false},
      {FrameRate::fps59_94, "59.94", 60, {60000, 1001}, true},
      {FrameRate::fps60, "60", 60, {60, 1}, false},
  }};
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    EXPECT_STREQ(to_string(e.rate), e.name);
    EXPECT_EQ(nominal_fps(e.rate), e.nominal);
    EXPECT_EQ(exact(e.rate), e.exact);
    EXPECT_EQ(allows_drop_frame(e.rate), e.drop_frame);
    EXPECT_EQ(parse_frame_rate(e.name), e.rate);
    EXPECT_EQ(nearest_frame_rate(static_cast<double>(e.exact.numerator) /
                                 static_cast<double>(e.exact.denominator)),
              e.rate);
  }
}

TEST(FrameRateTest, ParsesAlternativeSpellings) {
  EXPECT_EQ(parse_frame_rate("23.98"), FrameRate::fps23_976);
  EXPECT_EQ(parse_frame_rate("24000/1001"), FrameRate::fps23_976);
  EXPECT_EQ(parse_frame_rate("30000/1001"), FrameRate::fps29_97);
  EXPECT_EQ(parse_frame_rate("60000/1001"), FrameRate::fps59_94);
  EXPECT_EQ(parse_frame_rate("24/1"), FrameRate::fps24);
  EXPECT_EQ(parse_frame_rate("25/1"), FrameRate::fps25);
  EXPECT_EQ(parse_frame_rate("30/1"), FrameRate::fps30);
  EXPECT_EQ(parse_frame_rate("48/1"), FrameRate::fps48);
  EXPECT_EQ(parse_frame_rate("50/1"), FrameRate::fps50);
  EXPECT_EQ(parse_frame_rate("60/1"), FrameRate::fps60);
}

TEST(FrameRateTest, RefusesOtherSpellings) {
  for (const char* text : {"", " 24", "24 ", "24.0", "29.970", "26", "23.97", "2997", "25/2",
                           "30000/1000", "fps25", "59,94"}) {
    EXPECT_EQ(parse_frame_rate(text), std::nullopt) << text;
  }
}

TEST(FrameRateTest, NearestWithinOneHundredth) {
  EXPECT_EQ(nearest_frame_rate(23.976023976), FrameRate::fps23_976);
  EXPECT_EQ(nearest_frame_rate(23.98), FrameRate::fps23_976);
  EXPECT_EQ(nearest_frame_rate(24.0), FrameRate::fps24);
  EXPECT_EQ(nearest_frame_rate(24.005), FrameRate::fps24);
  EXPECT_EQ(nearest_frame_rate(29.97), FrameRate::fps29_97);
  EXPECT_EQ(nearest_frame_rate(29.97002997), FrameRate::fps29_97);
  EXPECT_EQ(nearest_frame_rate(30.0), FrameRate::fps30);
  EXPECT_EQ(nearest_frame_rate(59.94), FrameRate::fps59_94);
  EXPECT_EQ(nearest_frame_rate(49.995), FrameRate::fps50);
  EXPECT_EQ(nearest_frame_rate(26.0), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(23.95), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(24.02), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(0.0), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(-25.0), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(std::nan("")), std::nullopt);
  EXPECT_EQ(nearest_frame_rate(std::numeric_limits<double>::infinity()), std::nullopt);
}

TEST(FrameRateTest, FramesPerDay) {
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps23_976, false), 2'073'600);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps24, false), 2'073'600);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps25, false), 2'160'000);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps29_97, false), 2'592'000);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps29_97, true), 2'589'408);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps30, false), 2'592'000);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps48, false), 4'147'200);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps50, false), 4'320'000);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps59_94, false), 5'184'000);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps59_94, true), 5'178'816);
  EXPECT_EQ(Timecode::frames_per_day(FrameRate::fps60, false), 5'184'000);
}

// ---- Printing and parsing ----

TEST(TimecodeTest, MidnightByDefault) {
  const Timecode tc(FrameRate::fps25, false);
  EXPECT_EQ(tc.frames(), 0);
  EXPECT_EQ(tc.rate(), FrameRate::fps25);
  EXPECT_FALSE(tc.drop_frame());
  EXPECT_EQ(tc.to_string(), "00:00:00:00");
  EXPECT_EQ(Timecode(FrameRate::fps29_97, true).to_string(), "00:00:00;00");
}

TEST(TimecodeTest, DropFrameOnlyWhereItExists) {
  for (const FrameRate rate : kAllRates) {
    SCOPED_TRACE(to_string(rate));
    if (allows_drop_frame(rate)) {
      EXPECT_NO_THROW(Timecode(rate, true));
      continue;
    }
    EXPECT_THROW(Timecode(rate, true), TimecodeError);
    EXPECT_THROW(Timecode::from_frames(10, rate, true), TimecodeError);
    EXPECT_THROW(Timecode::from_time_of_day(nanoseconds(0), rate, true), TimecodeError);
    EXPECT_TRUE(contains(parts_error(1, 0, 0, 0, rate, true), "drop-frame"));
  }
  try {
    Timecode(FrameRate::fps25, true);
    FAIL() << "expected TimecodeError";
  } catch (const TimecodeError& error) {
    EXPECT_TRUE(contains(error.what(), "drop-frame timecode does not exist at 25 fps"))
        << error.what();
  }
}

TEST(TimecodeTest, RoundTripsAFewValuesAtEveryRate) {
  for (const FrameRate rate : kAllRates) {
    SCOPED_TRACE(to_string(rate));
    const int last = nominal_fps(rate) - 1;
    const std::string last_frame = (last < 10 ? "0" : "") + std::to_string(last);
    for (const std::string& text :
         {std::string("00:00:00:00"), std::string("01:00:00:00"), std::string("12:34:56:07"),
          "23:59:59:" + last_frame, "10:09:08:" + last_frame}) {
      const Timecode tc = Timecode::parse(text, rate);
      EXPECT_FALSE(tc.drop_frame());
      EXPECT_EQ(tc.rate(), rate);
      EXPECT_EQ(tc.to_string(), text);
      EXPECT_EQ(Timecode::from_frames(tc.frames(), rate, false), tc);
    }
    const Timecode tc = Timecode::parse("12:34:56:07", rate);
    EXPECT_EQ(tc.hours(), 12);
    EXPECT_EQ(tc.minutes(), 34);
    EXPECT_EQ(tc.seconds(), 56);
    EXPECT_EQ(tc.frame(), 7);
    EXPECT_EQ(tc.frames(), (12 * 3600 + 34 * 60 + 56) * std::int64_t{nominal_fps(rate)} + 7);
    EXPECT_EQ(Timecode::from_parts(12, 34, 56, 7, rate, false), tc);
    EXPECT_EQ(Timecode::parse("23:59:59:" + last_frame, rate).frames(),
              Timecode::frames_per_day(rate, false) - 1);
  }
  for (const FrameRate rate : {FrameRate::fps29_97, FrameRate::fps59_94}) {
    SCOPED_TRACE(to_string(rate));
    for (const char* text : {"00:00:00;00", "00:00:59;29", "00:01:00;04", "00:10:00;00",
                             "01:00:00;00", "12:34:56;07", "23:59:59;29"}) {
      const Timecode tc = Timecode::parse(text, rate);
      EXPECT_TRUE(tc.drop_frame());
      EXPECT_EQ(tc.to_string(), text);
    }
  }
}

TEST(TimecodeTest, AcceptsEveryDropFrameSpelling) {
  const Timecode expected = Timecode::from_parts(1, 2, 3, 4, FrameRate::fps29_97, true);
  EXPECT_EQ(expected.to_string(), "01:02:03;04");
  for (const char* text : {"01:02:03;04", "01;02;03;04", "01:02:03.04", "01:02:03,04"}) {
    const Timecode tc = Timecode::parse(text, FrameRate::fps29_97);
    EXPECT_EQ(tc, expected) << text;
    EXPECT_TRUE(tc.drop_frame()) << text;
  }
  // Non-drop counting at an NTSC rate is legitimate and distinct.
  const Timecode non_drop = Timecode::parse("01:02:03:04", FrameRate::fps29_97);
  EXPECT_FALSE(non_drop.drop_frame());
  EXPECT_EQ(non_drop.frames(), (3600 + 2 * 60 + 3) * 30 + 4);
  EXPECT_NE(non_drop, expected);
}

// ---- Drop-frame numbering ----

TEST(DropFrameTest, SkipsTwoNumbersEachMinuteAt2997) {
  const FrameRate rate = FrameRate::fps29_97;
  EXPECT_EQ((Timecode::parse("00:00:59;29", rate) + 1).to_string(), "00:01:00;02");
  EXPECT_EQ((Timecode::parse("00:01:00;02", rate) - 1).to_string(), "00:00:59;29");
  EXPECT_EQ(Timecode::parse("00:01:00;02", rate).frames(), 1800);
  EXPECT_EQ((Timecode::parse("00:01:59;29", rate) + 1).to_string(), "00:02:00;02");
  EXPECT_EQ((Timecode::parse("00:09:59;29", rate) + 1).to_string(), "00:10:00;00");
  EXPECT_EQ(Timecode::parse("00:10:00;00", rate).frames(), 17982);
  EXPECT_EQ((Timecode::parse("00:10:59;29", rate) + 1).to_string(), "00:11:00;02");
  EXPECT_EQ((Timecode::parse("00:59:59;29", rate) + 1).to_string(), "01:00:00;00");
  EXPECT_EQ(Timecode::parse("01:00:00;00", rate).frames(), 107892);
  EXPECT_EQ(Timecode::parse("10:00:00;00", rate).frames(), 1078920);
  EXPECT_EQ(Timecode::from_frames(107892, rate, true).to_string(), "01:00:00;00");
  EXPECT_EQ(Timecode::from_frames(1078920, rate, true).to_string(), "10:00:00;00");
  EXPECT_EQ(Timecode::from_frames(1799, rate, true).to_string(), "00:00:59;29");
  EXPECT_EQ(Timecode::parse("23:59:59;29", rate).frames(), 2'589'407);
}

TEST(DropFrameTest, SkipsFourNumbersEachMinuteAt5994) {
  const FrameRate rate = FrameRate::fps59_94;
  EXPECT_EQ((Timecode::parse("00:00:59;59", rate) + 1).to_string(), "00:01:00;04");
  EXPECT_EQ((Timecode::parse("00:01:00;04", rate) - 1).to_string(), "00:00:59;59");
  EXPECT_EQ(Timecode::parse("00:01:00;04", rate).frames(), 3600);
  EXPECT_EQ((Timecode::parse("00:09:59;59", rate) + 1).to_string(), "00:10:00;00");
  EXPECT_EQ(Timecode::parse("00:10:00;00", rate).frames(), 35964);
  EXPECT_EQ((Timecode::parse("00:19:59;59", rate) + 1).to_string(), "00:20:00;00");
  EXPECT_EQ((Timecode::parse("00:20:59;59", rate) + 1).to_string(), "00:21:00;04");
  EXPECT_EQ(Timecode::parse("01:00:00;00", rate).frames(), 215784);
  EXPECT_EQ(Timecode::from_frames(215784, rate, true).to_string(), "01:00:00;00");
  EXPECT_EQ(Timecode::parse("23:59:59;59", rate).frames(), 5'178'815);
}

// "HH:MM:SS:FF" from parts known to be in range, built without the code under test.
std::string format(int h, int m, int s, int f, bool drop_frame) {
  std::string text = "00:00:00:00";
  const int parts[] = {h, m, s, f};
  for (std::size_t i = 0; i < 4; ++i) {
    text[3 * i] = static_cast<char>('0' + parts[i] / 10);
    text[3 * i + 1] = static_cast<char>('0' + parts[i] % 10);
  }
  if (drop_frame) {
    text[8] = ';';
  }
  return text;
}

// Walks a whole day frame by frame with a plain digit counter that skips the dropped numbers,
// and checks every frame prints as the counter reads and parses back to itself.
void check_whole_day(FrameRate rate, bool drop_frame) {
  const int fps = nominal_fps(rate);
  const int dropped = drop_frame ? (fps == 30 ? 2 : 4) : 0;
  const std::int64_t per_day = Timecode::frames_per_day(rate, drop_frame);
  int h = 0;
  int m = 0;
  int s = 0;
  int f = 0;
  std::int64_t failures = 0;
  for (std::int64_t i = 0; i < per_day && failures < 5; ++i) {
    const Timecode tc = Timecode::from_frames(i, rate, drop_frame);
    const std::string text = tc.to_string();
    const std::string expected = format(h, m, s, f, drop_frame);
    if (text != expected) {
      ADD_FAILURE() << "frame " << i << " prints " << text << ", expected " << expected;
      ++failures;
    }
    const Timecode back = Timecode::parse(text, rate);
    if (back.frames() != i || back.drop_frame() != drop_frame) {
      ADD_FAILURE() << "frame " << i << " printed " << text << " reads back as " << back.frames();
      ++failures;
    }
    // The accessors and from_parts share the conversion; a sample is enough.
    if (i % 101 == 0 &&
        (tc.hours() != h || tc.minutes() != m || tc.seconds() != s || tc.frame() != f ||
         Timecode::from_parts(h, m, s, f, rate, drop_frame) != tc)) {
      ADD_FAILURE() << "parts disagree at frame " << i << " " << expected;
      ++failures;
    }
    if (++f == fps) {
      f = 0;
      if (++s == 60) {
        s = 0;
        if (++m == 60) {
          m = 0;
          ++h;
        }
        if (m % 10 != 0) {
          f = dropped;
        }
      }
    }
  }
  // The counter must have come round to exactly midnight.
  EXPECT_EQ(h, 24);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  EXPECT_EQ(f, 0);
}

TEST(DropFrameTest, WholeDayRoundTripAt2997) {
  check_whole_day(FrameRate::fps29_97, true);
}

TEST(DropFrameTest, WholeDayRoundTripAt5994) {
  check_whole_day(FrameRate::fps59_94, true);
}

TEST(TimecodeTest, NonDropRoundTripThroughTheDay) {
  for (const FrameRate rate : kAllRates) {
    SCOPED_TRACE(to_string(rate));
    const std::int64_t fps = nominal_fps(rate);
    const std::int64_t per_day = Timecode::frames_per_day(rate, false);
    // A stride prime to every rate, so each frame number within a second gets visited.
    for (std::int64_t i = 0; i < per_day; i += 7) {
      const Timecode tc = Timecode::from_frames(i, rate, false);
      const std::string text = tc.to_string();
      const int h = static_cast<int>(i / fps / 3600);
      const int m = static_cast<int>((i / fps / 60) % 60);
      const int s = static_cast<int>((i / fps) % 60);
      const int f = static_cast<int>(i % fps);
      ASSERT_EQ(text, format(h, m, s, f, false)) << i;
      ASSERT_EQ(Timecode::parse(text, rate).frames(), i) << text;
    }
  }
}

// ---- Wrapping and arithmetic ----

TEST(TimecodeTest, WrapsAtMidnight) {
  const Timecode last = Timecode::parse("23:59:59:23", FrameRate::fps24);
  EXPECT_EQ((last + 1).to_string(), "00:00:00:00");
  EXPECT_EQ((last + 2).to_string(), "00:00:00:01");
  const Timecode midnight(FrameRate::fps24, false);
  EXPECT_EQ((midnight - 1).to_string(), "23:59:59:23");
  EXPECT_EQ((midnight + -1).to_string(), "23:59:59:23");
  EXPECT_EQ((midnight - -1).to_string(), "00:00:00:01");
  EXPECT_EQ((Timecode(FrameRate::fps29_97, true) - 1).to_string(), "23:59:59;29");
  EXPECT_EQ((Timecode(FrameRate::fps59_94, true) - 1).to_string(), "23:59:59;59");

  const std::int64_t day = Timecode::frames_per_day(FrameRate::fps24, false);
  EXPECT_EQ((midnight + day).frames(), 0);
  EXPECT_EQ((midnight + 3 * day + 5).frames(), 5);
  EXPECT_EQ((midnight - 3 * day - 5).frames(), day - 5);
  EXPECT_EQ((last + std::numeric_limits<std::int64_t>::max()).frames(),
            ((day - 1) + std::numeric_limits<std::int64_t>::max() % day) % day);
  EXPECT_NO_THROW(midnight - std::numeric_limits<std::int64_t>::min());
  EXPECT_NO_THROW(midnight + std::numeric_limits<std::int64_t>::min());
}

TEST(TimecodeTest, FromFramesWrapsIntoOneDay) {
  const FrameRate rate = FrameRate::fps25;
  const std::int64_t day = Timecode::frames_per_day(rate, false);
  EXPECT_EQ(Timecode::from_frames(-1, rate, false).to_string(), "23:59:59:24");
  EXPECT_EQ(Timecode::from_frames(-day, rate, false).frames(), 0);
  EXPECT_EQ(Timecode::from_frames(-day - 25, rate, false).to_string(), "23:59:59:00");
  EXPECT_EQ(Timecode::from_frames(day, rate, false).frames(), 0);
  EXPECT_EQ(Timecode::from_frames(day + 90'000, rate, false).to_string(), "01:00:00:00");
  EXPECT_EQ(Timecode::from_frames(5 * day + 1, rate, false).frames(), 1);
  const std::int64_t df_day = Timecode::frames_per_day(FrameRate::fps29_97, true);
  EXPECT_EQ(Timecode::from_frames(df_day + 107892, FrameRate::fps29_97, true).to_string(),
            "01:00:00;00");
  EXPECT_EQ(Timecode::from_frames(-1, FrameRate::fps29_97, true).to_string(), "23:59:59;29");
  const std::int64_t huge = std::numeric_limits<std::int64_t>::min();
  const Timecode wrapped = Timecode::from_frames(huge, rate, false);
  EXPECT_GE(wrapped.frames(), 0);
  EXPECT_LT(wrapped.frames(), day);
}

TEST(TimecodeTest, DifferenceOfFrameCounts) {
  const Timecode a = Timecode::parse("01:00:00;00", FrameRate::fps29_97);
  const Timecode b = Timecode::parse("00:10:00;00", FrameRate::fps29_97);
  EXPECT_EQ(a - b, 107892 - 17982);
  EXPECT_EQ(b - a, 17982 - 107892);
  EXPECT_EQ(a - a, 0);
  // Not the short way round midnight: plain difference within the day.
  const Timecode late = Timecode::parse("23:59:59:24", FrameRate::fps25);
  const Timecode early = Timecode::parse("00:00:00:00", FrameRate::fps25);
  EXPECT_EQ(early - late, -(Timecode::frames_per_day(FrameRate::fps25, false) - 1));
  EXPECT_EQ((b + (a - b)), a);
}

TEST(TimecodeTest, DifferenceNeedsSameRateAndCounting) {
  const Timecode df = Timecode::parse("01:00:00;00", FrameRate::fps29_97);
  const Timecode nd = Timecode::parse("01:00:00:00", FrameRate::fps29_97);
  const Timecode at30 = Timecode::parse("01:00:00:00", FrameRate::fps30);
  EXPECT_THROW(static_cast<void>(df - nd), TimecodeError);
  EXPECT_THROW(static_cast<void>(nd - at30), TimecodeError);
  EXPECT_THROW(static_cast<void>(at30 - nd), TimecodeError);
  EXPECT_NE(nd, at30);
}

// ---- Time of day ----

TEST(TimeOfDayTest, FrameStarts) {
  EXPECT_EQ(Timecode::parse("01:00:00:00", FrameRate::fps25).time_of_day(),
            std::chrono::seconds(3600));
  EXPECT_EQ(Timecode::parse("00:00:00:01", FrameRate::fps25).time_of_day(),
            std::chrono::milliseconds(40));
  // 107892 * 1001 / 30000 s = 3599.9964 s exactly.
  EXPECT_EQ(Timecode::parse("01:00:00;00", FrameRate::fps29_97).time_of_day(),
            nanoseconds(3'599'996'400'000));
  EXPECT_EQ(Timecode::parse("01:00:00;00", FrameRate::fps59_94).time_of_day(),
            nanoseconds(3'599'996'400'000));
  // 86400 frames at 24000/1001 take 3603.6 s: non-drop runs slow against the wall.
  EXPECT_EQ(Timecode::parse("01:00:00:00", FrameRate::fps23_976).time_of_day(),
            nanoseconds(3'603'600'000'000));
  // Frame 1 at 29.97 starts at 33,366,666.67 ns: the first whole nanosecond within it.
  EXPECT_EQ(Timecode::from_frames(1, FrameRate::fps29_97, false).time_of_day(),
            nanoseconds(33'366'667));
  EXPECT_EQ(Timecode::parse("23:59:59;59", FrameRate::fps59_94).time_of_day(),
            nanoseconds((5'178'815LL * 1001 * 1'000'000'000 + 59'999) / 60'000));
}

TEST(TimeOfDayTest, FrameShownAtATime) {
  const Timecode tc =
      Timecode::from_time_of_day(std::chrono::seconds(3600), FrameRate::fps23_976, false);
  EXPECT_EQ(tc.frames(), 86313);  // floor(3600 * 24000 / 1001)
  EXPECT_EQ(tc.to_string(), "00:59:56:09");
  EXPECT_EQ(
      Timecode::from_time_of_day(std::chrono::seconds(3600), FrameRate::fps25, false).to_string(),
      "01:00:00:00");
  EXPECT_EQ(Timecode::from_time_of_day(nanoseconds(3'599'996'400'000), FrameRate::fps29_97, true)
                .to_string(),
            "01:00:00;00");
  EXPECT_EQ(Timecode::from_time_of_day(nanoseconds(3'599'996'399'999), FrameRate::fps29_97, true)
                .to_string(),
            "00:59:59;29");
  // Rounded down: the last nanosecond of frame 0 and the first of frame 1.
  EXPECT_EQ(
      Timecode::from_time_of_day(nanoseconds(33'366'666), FrameRate::fps29_97, false).frames(), 0);
  EXPECT_EQ(
      Timecode::from_time_of_day(nanoseconds(33'366'667), FrameRate::fps29_97, false).frames(), 1);
  EXPECT_EQ(Timecode::from_time_of_day(nanoseconds(39'999'999), FrameRate::fps25, false).frames(),
            0);
  EXPECT_EQ(Timecode::from_time_of_day(nanoseconds(40'000'000), FrameRate::fps25, false).frames(),
            1);
}

TEST(TimeOfDayTest, WrapsIntoOneDay) {
  const FrameRate rate = FrameRate::fps25;
  EXPECT_EQ(Timecode::from_time_of_day(std::chrono::hours(24), rate, false).frames(), 0);
  EXPECT_EQ(Timecode::from_time_of_day(std::chrono::hours(25), rate, false).to_string(),
            "01:00:00:00");
  EXPECT_EQ(Timecode::from_time_of_day(nanoseconds(-1), rate, false).to_string(), "23:59:59:24");
  EXPECT_EQ(Timecode::from_time_of_day(-std::chrono::hours(1), rate, false).to_string(),
            "23:00:00:00");
  // A real day at 29.97 holds 2,589,410.59 frames, a drop-frame timecode day 2,589,408.
  EXPECT_EQ(Timecode::from_time_of_day(std::chrono::hours(24), FrameRate::fps29_97, true).frames(),
            2);
  // A real day at 23.976 holds fewer frames than the timecode day: no wrap yet.
  EXPECT_EQ(
      Timecode::from_time_of_day(std::chrono::hours(24), FrameRate::fps23_976, false).frames(),
      2'071'528);
  for (const FrameRate any : kAllRates) {
    const nanoseconds extremes[] = {nanoseconds::max(), nanoseconds::min()};
    for (const nanoseconds t : extremes) {
      const Timecode far = Timecode::from_time_of_day(t, any, false);
      EXPECT_GE(far.frames(), 0);
      EXPECT_LT(far.frames(), Timecode::frames_per_day(any, false));
    }
  }
}

TEST(TimeOfDayTest, RoundTripsBothWays) {
  for (const FrameRate rate : kAllRates) {
    for (const bool drop_frame : {false, true}) {
      if (drop_frame && !allows_drop_frame(rate)) {
        continue;
      }
      SCOPED_TRACE(std::string(to_string(rate)) + (drop_frame ? " DF" : " ND"));
      const Rational r = exact(rate);
      // One frame's duration, rounded up.
      const std::int64_t frame_ns = (r.denominator * 1'000'000'000 + r.numerator - 1) / r.numerator;
      // Times within the first 23 h, so no NTSC rate wraps.
      for (std::int64_t t = 0; t < 23LL * 3600 * 1'000'000'000; t += 999'999'937) {
        const Timecode tc = Timecode::from_time_of_day(nanoseconds(t), rate, drop_frame);
        const std::int64_t start = tc.time_of_day().count();
        ASSERT_LE(start, t) << t;
        ASSERT_LT(t - start, frame_ns) << t;
      }
      const std::int64_t per_day = Timecode::frames_per_day(rate, drop_frame);
      for (std::int64_t i = 0; i < per_day; i += 997) {
        const Timecode tc = Timecode::from_frames(i, rate, drop_frame);
        ASSERT_EQ(Timecode::from_time_of_day(tc.time_of_day(), rate, drop_frame), tc) << i;
        ASSERT_EQ(Timecode::from_time_of_day(tc.time_of_day() - nanoseconds(1), rate, drop_frame),
                  tc - 1)
            << i;
      }
    }
  }
}

// ---- Refusals ----

TEST(ParseTest, RefusesPartsOutOfRange) {
  std::string message = parse_error("25:00:00:00", FrameRate::fps25);
  EXPECT_EQ(message, "25:00:00:00: hours must be 00 to 23");
  message = parse_error("24:00:00:00", FrameRate::fps24);
  EXPECT_TRUE(starts_with(message, "24:00:00:00: ")) << message;
  EXPECT_TRUE(contains(message, "hours")) << message;
  message = parse_error("10:60:00:00", FrameRate::fps25);
  EXPECT_TRUE(starts_with(message, "10:60:00:00: ")) << message;
  EXPECT_TRUE(contains(message, "minutes must be 00 to 59")) << message;
  message = parse_error("10:00:60:00", FrameRate::fps25);
  EXPECT_TRUE(starts_with(message, "10:00:60:00: ")) << message;
  EXPECT_TRUE(contains(message, "seconds must be 00 to 59")) << message;
  EXPECT_EQ(parse_error("10:00:00:24", FrameRate::fps24),
            "10:00:00:24: frames must be 00 to 23 at 24 fps");
  message = parse_error("10:00:00:24", FrameRate::fps23_976);
  EXPECT_TRUE(contains(message, "frames must be 00 to 23 at 23.976 fps")) << message;
  message = parse_error("10:00:00:25", FrameRate::fps25);
  EXPECT_TRUE(contains(message, "frames must be 00 to 24 at 25 fps")) << message;
  message = parse_error("10:00:00;30", FrameRate::fps29_97);
  EXPECT_TRUE(contains(message, "frames must be 00 to 29")) << message;
  message = parse_error("10:00:00:60", FrameRate::fps60);
  EXPECT_TRUE(contains(message, "frames must be 00 to 59 at 60 fps")) << message;
  EXPECT_EQ(parse_error("10:00:00:24", FrameRate::fps25), "");
  EXPECT_EQ(parse_error("10:00:00:59", FrameRate::fps60), "");
}

TEST(ParseTest, RefusesDropFrameAtRatesWithoutIt) {
  for (const FrameRate rate : {FrameRate::fps25, FrameRate::fps24, FrameRate::fps23_976,
                               FrameRate::fps30, FrameRate::fps60}) {
    for (const char* text : {"10:00:00;00", "10;00;00;00", "10:00:00.00", "10:00:00,00"}) {
      const std::string message = parse_error(text, rate);
      EXPECT_TRUE(starts_with(message, std::string(text) + ": ")) << message;
      EXPECT_TRUE(contains(message, "drop-frame timecode does not exist at " +
                                        std::string(to_string(rate)) + " fps"))
          << message;
    }
  }
  EXPECT_EQ(parse_error("10:00:00;00", FrameRate::fps25),
            "10:00:00;00: drop-frame timecode does not exist at 25 fps");
}

TEST(ParseTest, RefusesDroppedFrameNumbers) {
  const FrameRate ntsc30 = FrameRate::fps29_97;
  EXPECT_EQ(parse_error("00:01:00;00", ntsc30),
            "00:01:00;00: frames 00 and 01 do not exist at the start of minute 01 in drop-frame");
  std::string message = parse_error("00:01:00;01", ntsc30);
  EXPECT_TRUE(contains(message, "do not exist")) << message;
  message = parse_error("13:59:00;01", ntsc30);
  EXPECT_TRUE(contains(message, "minute 59")) << message;
  EXPECT_EQ(parse_error("00:01:00;02", ntsc30), "");
  EXPECT_EQ(parse_error("00:10:00;00", ntsc30), "");
  EXPECT_EQ(parse_error("00:00:00;00", ntsc30), "");
  EXPECT_EQ(parse_error("05:50:00;01", ntsc30), "");
  EXPECT_EQ(parse_error("00:01:01;00", ntsc30), "");
  // Without drop-frame counting every number exists.
  EXPECT_EQ(parse_error("00:01:00:00", ntsc30), "");

  const FrameRate ntsc60 = FrameRate::fps59_94;
  for (const char* text : {"00:01:00;00", "00:01:00;01", "00:01:00;02", "00:01:00;03"}) {
    message = parse_error(text, ntsc60);
    EXPECT_TRUE(starts_with(message, std::string(text) + ": ")) << message;
    EXPECT_TRUE(contains(message, "do not exist")) << message;
    EXPECT_TRUE(contains(message, "00 to 03")) << message;
  }
  EXPECT_EQ(parse_error("00:01:00;04", ntsc60), "");
  EXPECT_EQ(parse_error("00:20:00;00", ntsc60), "");

  message = parts_error(0, 1, 0, 1, ntsc30, true);
  EXPECT_TRUE(contains(message, "do not exist")) << message;
  EXPECT_TRUE(starts_with(message, "00:01:00;01: ")) << message;
  EXPECT_NO_THROW(Timecode::from_parts(0, 1, 0, 1, ntsc30, false));
}

TEST(ParseTest, RefusesMalformedShapes) {
  for (const char* text :
       {"1:00:00:00", "01:00:00", "01:00:00:00:00", "aa:bb:cc:dd", "", "01-00-00-00",
        " 01:00:00:00", "01:00:00:00 ", "01:00:00:0", "001:00:00:00", "01:00;00;00", "01;00:00;00",
        "01;00;00:00", "01.00.00.00", "+1:00:00:00", "-1:00:00:00", "01:00:00:0x", "ab:cd"}) {
    const std::string message = parse_error(text, FrameRate::fps25);
    EXPECT_TRUE(contains(message, "expected HH:MM:SS:FF")) << "'" << text << "': " << message;
    if (*text != '\0') {
      EXPECT_TRUE(starts_with(message, std::string(text) + ": ")) << message;
    }
  }
  EXPECT_THROW(Timecode::parse(std::string_view("01:00\0:00:00", 11), FrameRate::fps25),
               TimecodeError);
}

TEST(ParseTest, FromPartsNamesThePart) {
  EXPECT_EQ(parts_error(25, 0, 0, 0, FrameRate::fps25, false),
            "25:00:00:00: hours must be 00 to 23");
  EXPECT_TRUE(contains(parts_error(-1, 0, 0, 0, FrameRate::fps25, false), "hours"));
  EXPECT_TRUE(contains(parts_error(0, -1, 0, 0, FrameRate::fps25, false), "minutes"));
  EXPECT_TRUE(contains(parts_error(0, 0, 60, 0, FrameRate::fps25, false), "seconds"));
  EXPECT_TRUE(contains(parts_error(0, 0, 0, -1, FrameRate::fps25, false), "frames"));
  EXPECT_TRUE(contains(parts_error(0, 0, 0, 48, FrameRate::fps48, false), "00 to 47 at 48 fps"));
  EXPECT_EQ(parts_error(0, 0, 0, 47, FrameRate::fps48, false), "");
  EXPECT_TRUE(contains(parts_error(1, 0, 0, 0, FrameRate::fps50, true),
                       "drop-frame timecode does not exist at 50 fps"));
}

}  // namespace
}  // namespace slate::core
