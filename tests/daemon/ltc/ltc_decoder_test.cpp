#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/ltc/ltc_decoder.hpp>
#include <slate/ltc/ltc_encoder.hpp>

#include "ltc_test_signal.hpp"

namespace slate::ltc {
namespace {

using core::FrameRate;
using core::Timecode;
using testing::feed_in_chunks;
using testing::ltc_samples;
using testing::texts;
using testing::through_wav;

// Half a second of silence at 48 kHz comes before every signal here.
constexpr std::int64_t kSignalStart = 24000;

// Index of `text` in `all`, or -1.
std::ptrdiff_t index_of(const std::vector<std::string>& all, const std::string& text) {
  const auto it = std::find(all.begin(), all.end(), text);
  return it == all.end() ? -1 : it - all.begin();
}

TEST(LtcDecoder, LocksWithinTenFramesOfSignalAtEachRate) {
  struct Case {
    FrameRate rate;
    const char* start;
    std::int64_t ten_frames;  // Samples in ten frames at 48 kHz.
  };
  const Case cases[] = {{FrameRate::fps25, "23:59:59:20", 19200},
                        {FrameRate::fps29_97, "23:59:59;20", 16016},
                        {FrameRate::fps23_976, "23:59:59:20", 20020},
                        {FrameRate::fps24, "23:59:59:20", 20000}};
  for (const Case& c : cases) {
    SCOPED_TRACE(core::to_string(c.rate));
    const bool drop_frame = c.rate == FrameRate::fps29_97;
    LtcDecoder decoder(48000, c.rate, drop_frame);
    const auto readings = feed_in_chunks(decoder, ltc_samples(c.start, c.rate, 20));
    ASSERT_TRUE(decoder.locked_at().has_value());
    EXPECT_LE(*decoder.locked_at(), kSignalStart + c.ten_frames);
    EXPECT_GT(*decoder.locked_at(), kSignalStart);
    EXPECT_EQ(decoder.status().state, LtcState::locked);
    EXPECT_GE(readings.size(), 10u);
  }
}

TEST(LtcDecoder, ReadsEachFrameAcrossMidnightAt24) {
  LtcDecoder decoder(48000, FrameRate::fps24, false);
  const auto readings = decoder.feed(ltc_samples("23:59:59:10", FrameRate::fps24, 30));
  const auto all = texts(readings);
  const auto before = index_of(all, "23:59:59:23");
  ASSERT_GE(before, 0);
  ASSERT_LT(before + 1, static_cast<std::ptrdiff_t>(all.size()));
  EXPECT_EQ(all[static_cast<std::size_t>(before + 1)], "00:00:00:00");
  EXPECT_EQ(all.back(), "00:00:00:15");
  // 00:00:00:00 is the 15th frame: 14 frames of 2000 samples after the first.
  const auto midnight = static_cast<std::size_t>(before + 1);
  EXPECT_NEAR(static_cast<double>(readings[midnight].sample), 24000 + 14 * 2000, 2);
  for (std::size_t i = 1; i < readings.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(readings[i].sample - readings[i - 1].sample), 2000, 2);
  }
  EXPECT_EQ(decoder.status().rate, FrameRate::fps24);
  EXPECT_FALSE(decoder.status().drop_frame);
}

TEST(LtcDecoder, ReadsEachFrameAcrossMidnightAt25) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  const auto all = texts(decoder.feed(ltc_samples("23:59:59:10", FrameRate::fps25, 30)));
  const auto before = index_of(all, "23:59:59:24");
  ASSERT_GE(before, 0);
  EXPECT_EQ(all.at(static_cast<std::size_t>(before + 1)), "00:00:00:00");
  EXPECT_EQ(all.back(), "00:00:00:14");
  EXPECT_EQ(decoder.status().rate, FrameRate::fps25);
}

TEST(LtcDecoder, ReadsEachFrameAcrossMidnightAt2997DropFrame) {
  LtcDecoder decoder(48000, FrameRate::fps29_97, true);
  LtcSignal signal;
  signal.start = Timecode::from_parts(23, 59, 59, 10, FrameRate::fps29_97, true);
  signal.frames = 30;
  signal.silence_before_seconds = 0.5;
  const auto readings = decoder.feed(through_wav(signal));
  const auto all = texts(readings);
  const auto before = index_of(all, "23:59:59;29");
  ASSERT_GE(before, 0);
  EXPECT_EQ(all.at(static_cast<std::size_t>(before + 1)), "00:00:00;00");
  EXPECT_EQ(all.back(), "00:00:00;09");
  for (std::size_t i = 1; i < readings.size(); ++i) {
    // 1601.6 samples a frame: 1601 or 1602 apart.
    EXPECT_NEAR(static_cast<double>(readings[i].sample - readings[i - 1].sample), 1601.6, 1.5);
  }
  EXPECT_EQ(decoder.status().rate, FrameRate::fps29_97);
  EXPECT_TRUE(decoder.status().drop_frame);
}

TEST(LtcDecoder, SkipsTheDroppedFrameNumbersAt2997DropFrame) {
  LtcDecoder decoder(48000, FrameRate::fps29_97, true);
  LtcSignal signal;
  signal.start = Timecode::from_parts(0, 0, 59, 10, FrameRate::fps29_97, true);
  signal.frames = 30;
  const auto all = texts(decoder.feed(through_wav(signal)));
  const auto before = index_of(all, "00:00:59;29");
  ASSERT_GE(before, 0);
  EXPECT_EQ(all.at(static_cast<std::size_t>(before + 1)), "00:01:00;02");
}

TEST(LtcDecoder, ReadsEachFrameAcrossMidnightAt23976) {
  LtcDecoder decoder(48000, FrameRate::fps23_976, false);
  const auto readings = decoder.feed(ltc_samples("23:59:59:10", FrameRate::fps23_976, 30));
  const auto all = texts(readings);
  const auto before = index_of(all, "23:59:59:23");
  ASSERT_GE(before, 0);
  EXPECT_EQ(all.at(static_cast<std::size_t>(before + 1)), "00:00:00:00");
  EXPECT_EQ(all.back(), "00:00:00:15");
  for (std::size_t i = 1; i < readings.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(readings[i].sample - readings[i - 1].sample), 2002, 1);
  }
}

TEST(LtcDecoder, MeasuresTheRateFromSamplesPerFrame) {
  // The same frame numbers at 23.976 and at 24: only the samples per frame differ.
  LtcDecoder at_23976(48000, FrameRate::fps23_976, false);
  at_23976.feed(ltc_samples("10:00:00:00", FrameRate::fps23_976, 12));
  EXPECT_EQ(at_23976.status().rate, FrameRate::fps23_976);
  EXPECT_EQ(at_23976.status().state, LtcState::locked);

  LtcDecoder at_24(48000, FrameRate::fps24, false);
  at_24.feed(ltc_samples("10:00:00:00", FrameRate::fps24, 12));
  EXPECT_EQ(at_24.status().rate, FrameRate::fps24);
  EXPECT_EQ(at_24.status().state, LtcState::locked);

  LtcDecoder at_30(48000, FrameRate::fps30, false);
  at_30.feed(ltc_samples("10:00:00:00", FrameRate::fps30, 12));
  EXPECT_EQ(at_30.status().rate, FrameRate::fps30);
}

TEST(LtcDecoder, Refuses24LtcOnA23976Project) {
  LtcDecoder decoder(48000, FrameRate::fps23_976, false);
  const auto readings = decoder.feed(ltc_samples("23:59:59:10", FrameRate::fps24, 30));
  EXPECT_TRUE(readings.empty());
  EXPECT_EQ(decoder.status().state, LtcState::refused);
  EXPECT_EQ(decoder.status().rate, FrameRate::fps24);
  EXPECT_EQ(decoder.status().message,
            "The LTC is at 24 fps but the project is at 23.976: it is not used until they agree.");
  EXPECT_FALSE(decoder.locked_at().has_value());
}

TEST(LtcDecoder, RefusesDropFrameLtcOnANonDropProject) {
  LtcDecoder decoder(48000, FrameRate::fps29_97, false);
  LtcSignal signal;
  signal.start = Timecode::from_parts(1, 0, 0, 0, FrameRate::fps29_97, true);
  signal.frames = 20;
  EXPECT_TRUE(decoder.feed(through_wav(signal)).empty());
  EXPECT_EQ(decoder.status().state, LtcState::refused);
  EXPECT_TRUE(decoder.status().drop_frame);
  EXPECT_EQ(decoder.status().message,
            "The LTC is at 29.97 fps drop-frame but the project is at 29.97 non-drop: it is not "
            "used until they agree.");
}

TEST(LtcDecoder, HoldsOverWhenTheSignalEnds) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  const auto all = texts(decoder.feed(ltc_samples("00:00:00:00", FrameRate::fps25, 16)));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), "00:00:00:15");
  EXPECT_EQ(decoder.status().state, LtcState::locked);
  decoder.end_of_signal();
  EXPECT_EQ(decoder.status().state, LtcState::holdover);
  EXPECT_EQ(decoder.status().message,
            "The LTC stopped after 00:00:00:15: the clock runs on from its last frame.");
  EXPECT_EQ(decoder.status().dropouts, 0);
  EXPECT_EQ(decoder.status().level_dbfs, -120);
}

TEST(LtcDecoder, CountsADropoutAndLocksAgainWhenTheSignalReturns) {
  std::vector<float> samples = ltc_samples("01:00:00:00", FrameRate::fps25, 20);
  // A second of silence, and the source carries on where it would be by then.
  const auto after = ltc_samples("01:00:01:20", FrameRate::fps25, 20, 1.0);
  samples.insert(samples.end(), after.begin(), after.end());
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  const auto all = texts(feed_in_chunks(decoder, samples));
  EXPECT_EQ(decoder.status().dropouts, 1);
  EXPECT_EQ(decoder.status().state, LtcState::locked);
  EXPECT_GE(index_of(all, "01:00:00:19"), 0);
  EXPECT_GE(index_of(all, "01:00:02:14"), 0);
  EXPECT_EQ(all.back(), "01:00:02:14");
}

TEST(LtcDecoder, GoesToHoldoverWhenTheSignalIsLostWhileLocked) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  feed_in_chunks(decoder, ltc_samples("01:00:00:00", FrameRate::fps25, 20));
  feed_in_chunks(decoder, std::vector<float>(9600, 0.0f));  // 200 ms of nothing.
  EXPECT_EQ(decoder.status().state, LtcState::holdover);
  EXPECT_EQ(decoder.status().dropouts, 1);
  EXPECT_EQ(decoder.status().message,
            "The LTC stopped after 01:00:00:19: the clock runs on from its last frame.");
}

TEST(LtcDecoder, AJumpInTimecodeStartsLockingAgain) {
  // Re-jammed: 01:00:00:19 is followed straight away by 10:00:00:00.
  std::vector<float> samples = ltc_samples("01:00:00:00", FrameRate::fps25, 20);
  const auto jumped = ltc_samples("10:00:00:00", FrameRate::fps25, 20, 0);
  samples.insert(samples.end(), jumped.begin(), jumped.end());
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  const auto all = texts(feed_in_chunks(decoder, samples));
  const auto last_before = index_of(all, "01:00:00:19");
  ASSERT_GE(last_before, 0);
  ASSERT_LT(last_before + 1, static_cast<std::ptrdiff_t>(all.size()));
  // Five frames of the new timecode are heard before it is trusted (libltc misses the first
  // frame after the cut, which started mid-phase).
  const std::string first_after = all[static_cast<std::size_t>(last_before + 1)];
  EXPECT_TRUE(first_after == "10:00:00:04" || first_after == "10:00:00:05") << first_after;
  EXPECT_EQ(all.back(), "10:00:00:19");
  EXPECT_EQ(decoder.status().dropouts, 0);
}

TEST(LtcDecoder, ReadsTheDateFromTheUserBits) {
  LtcSignal signal;
  signal.start = Timecode::parse("23:59:59:00", FrameRate::fps25);
  signal.frames = 20;
  signal.date = "2026-12-01";
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  decoder.feed(through_wav(signal));
  EXPECT_EQ(decoder.status().date, "2026-12-01");
  // Past midnight the date in the user bits moves on with the timecode.
  signal.start = Timecode::parse("00:00:00:00", FrameRate::fps25);
  signal.date = "2026-12-02";
  signal.silence_before_seconds = 0;
  decoder.feed(through_wav(signal));
  EXPECT_EQ(decoder.status().date, "2026-12-02");
}

TEST(LtcDecoder, TheDateMovesOnAtMidnight) {
  LtcSignal signal;
  signal.start = Timecode::parse("23:59:59:20", FrameRate::fps25);
  signal.frames = 20;
  signal.date = "2026-12-31";
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  decoder.feed(through_wav(signal));
  EXPECT_EQ(decoder.status().date, "2027-01-01");
}

TEST(LtcDecoder, NoDateWhenTheUserBitsHoldNone) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  decoder.feed(ltc_samples("12:00:00:00", FrameRate::fps25, 20));
  EXPECT_EQ(decoder.status().state, LtcState::locked);
  EXPECT_EQ(decoder.status().date, std::nullopt);
}

TEST(LtcDecoder, LevelIsThePeakOverTheLastSecond) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  EXPECT_EQ(decoder.status().level_dbfs, -120);
  decoder.feed(ltc_samples("12:00:00:00", FrameRate::fps25, 25));
  // libltc's encoder writes LTC at -3 dBFS.
  EXPECT_NEAR(decoder.status().level_dbfs, -3.0, 0.3);
  decoder.feed(std::vector<float>(24000, 0.0f));
  EXPECT_NEAR(decoder.status().level_dbfs, -3.0, 0.3);
  decoder.feed(std::vector<float>(33600, 0.0f));  // 1.2 s of silence in all.
  EXPECT_EQ(decoder.status().level_dbfs, -120);
}

TEST(LtcDecoder, SilenceIsNoSignal) {
  LtcDecoder decoder(48000, FrameRate::fps25, false);
  EXPECT_TRUE(decoder.feed(std::vector<float>(48000, 0.0f)).empty());
  EXPECT_EQ(decoder.status().state, LtcState::no_signal);
  EXPECT_EQ(decoder.status().message, "");
  decoder.end_of_signal();
  EXPECT_EQ(decoder.status().state, LtcState::no_signal);
}

TEST(LtcDecoder, StateNames) {
  EXPECT_EQ(to_string(LtcState::no_signal), "no_signal");
  EXPECT_EQ(to_string(LtcState::locking), "locking");
  EXPECT_EQ(to_string(LtcState::locked), "locked");
  EXPECT_EQ(to_string(LtcState::holdover), "holdover");
  EXPECT_EQ(to_string(LtcState::refused), "refused");
}

}  // namespace
}  // namespace slate::ltc
