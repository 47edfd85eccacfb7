#include <chrono>
#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/ltc/ltc_encoder.hpp>
#include <slate/ltc/ltc_input.hpp>
#include <slate/ltc/wav.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::ltc {
namespace {

using core::FrameRate;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

// What an LtcInput reported, gathered from its thread.
struct Heard {
  struct Frame {
    std::string timecode;
    std::int64_t sample;
    steady_clock::time_point at;
    steady_clock::time_point delivered;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Frame> frames;
  std::vector<LtcStatus> statuses;

  LtcInput::OnFrame on_frame() {
    return [this](const LtcReading& reading, steady_clock::time_point at) {
      std::lock_guard lock(mutex);
      frames.push_back({reading.timecode.to_string(), reading.sample, at, steady_clock::now()});
    };
  }
  LtcInput::OnStatus on_status() {
    return [this](const LtcStatus& status) {
      std::lock_guard lock(mutex);
      statuses.push_back(status);
      changed.notify_all();
    };
  }
  // Waits until a status in `state` is reported; false after `timeout`.
  bool wait_for(LtcState state, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout,
                            [&] { return !statuses.empty() && statuses.back().state == state; });
  }
};

TEST(LtcInput, PlaysAFileInRealTimeThenHoldsOver) {
  slate::testing::TempDir dir;
  LtcSignal signal;
  signal.start = core::Timecode::parse("10:00:00:00", FrameRate::fps25);
  signal.frames = 30;  // 1.2 s
  signal.silence_before_seconds = 0.2;
  write_ltc_wav(dir / "ltc.wav", signal);

  Heard heard;
  LtcInput input({.input = "file:" + (dir / "ltc.wav").string(), .project_rate = FrameRate::fps25},
                 heard.on_frame(), heard.on_status());
  const auto started = steady_clock::now();
  input.start();
  ASSERT_TRUE(heard.wait_for(LtcState::holdover, 5s));
  const auto took = steady_clock::now() - started;
  input.stop();

  // Played at its own pace: 1.4 s of audio takes about 1.4 s (more on a busy machine).
  EXPECT_GE(took, 1350ms);
  EXPECT_LE(took, 4s);
  std::lock_guard lock(heard.mutex);
  ASSERT_GE(heard.frames.size(), 20u);
  EXPECT_EQ(heard.frames.back().timecode, "10:00:01:04");
  for (std::size_t i = 1; i < heard.frames.size(); ++i) {
    const auto step = heard.frames[i].at - heard.frames[i - 1].at;
    EXPECT_GE(step, 39ms);
    EXPECT_LE(step, 41ms);
  }
  for (const auto& frame : heard.frames) {
    // Delivered once heard (the frame's 40 ms and a 10 ms chunk later), never before.
    EXPECT_GE(frame.delivered, frame.at);
    EXPECT_LE(frame.delivered - frame.at, 500ms);
  }
  // The first frame starts 0.2 s into the file, which starts playing once the thread runs.
  const auto first = heard.frames.front();
  const double expected = 0.2 + static_cast<double>(first.sample - 9600) / 48000;
  const double seen = std::chrono::duration<double>(first.at - started).count();
  EXPECT_GE(seen, expected - 0.001);
  EXPECT_LE(seen, expected + 0.3);
  ASSERT_GE(heard.statuses.size(), 2u);
  // The level rises before the first frame is decoded: that is reported too, as no_signal.
  std::vector<LtcState> states;
  for (const auto& status : heard.statuses) {
    if (states.empty() ? status.state != LtcState::no_signal : states.back() != status.state) {
      states.push_back(status.state);
    }
  }
  EXPECT_EQ(states,
            (std::vector<LtcState>{LtcState::locking, LtcState::locked, LtcState::holdover}));
  EXPECT_EQ(heard.statuses.back().message,
            "The LTC stopped after 10:00:01:04: the clock runs on from its last frame.");
}

TEST(LtcInput, TheLevelAloneIsReportedOnlyWhenItMovesAWholeDecibel) {
  slate::testing::TempDir dir;
  LtcSignal signal;
  signal.start = core::Timecode::parse("10:00:00:00", FrameRate::fps25);
  signal.frames = 40;  // 1.6 s
  std::vector<float> samples = encode_ltc(signal);
  // Fading by 0.9 dB over the file: the level moves on every tenth of a second, by too little.
  for (std::size_t i = 0; i < samples.size(); ++i) {
    samples[i] *= 1.0f - 0.1f * static_cast<float>(i) / static_cast<float>(samples.size());
  }
  write_wav(dir / "fading.wav", samples, 48000);
  Heard heard;
  LtcInput input(
      {.input = "file:" + (dir / "fading.wav").string(), .project_rate = FrameRate::fps25},
      heard.on_frame(), heard.on_status());
  input.start();
  ASSERT_TRUE(heard.wait_for(LtcState::holdover, 5s));
  input.stop();
  std::lock_guard lock(heard.mutex);
  int locked = 0;
  for (const auto& status : heard.statuses) {
    locked += status.state == LtcState::locked ? 1 : 0;
  }
  EXPECT_EQ(locked, 1);
}

TEST(LtcInput, LoopsAFileWithTheSampleCountStillRising) {
  slate::testing::TempDir dir;
  LtcSignal signal;
  signal.start = core::Timecode::parse("10:00:00:00", FrameRate::fps25);
  signal.frames = 12;  // 0.48 s, played twice and a bit
  write_ltc_wav(dir / "ltc.wav", signal);
  Heard heard;
  LtcInput input({.input = "file:" + (dir / "ltc.wav").string(),
                  .loop = true,
                  .project_rate = FrameRate::fps25},
                 heard.on_frame(), heard.on_status());
  input.start();
  std::this_thread::sleep_for(1100ms);
  input.stop();
  std::lock_guard lock(heard.mutex);
  int restarts = 0;
  for (std::size_t i = 1; i < heard.frames.size(); ++i) {
    EXPECT_GT(heard.frames[i].sample, heard.frames[i - 1].sample);
    restarts += heard.frames[i].timecode < heard.frames[i - 1].timecode ? 1 : 0;
  }
  EXPECT_GE(restarts, 1);
  EXPECT_NE(heard.statuses.back().state, LtcState::holdover);
}

TEST(LtcInput, ABadFileIsNoSignalWithWhy) {
  slate::testing::TempDir dir;
  slate::testing::write_file(dir / "bad.wav", "not a wave");
  Heard heard;
  LtcInput input({.input = "file:" + (dir / "bad.wav").string()}, heard.on_frame(),
                 heard.on_status());
  input.start();
  ASSERT_TRUE(heard.wait_for(LtcState::no_signal, 2s));
  input.stop();
  std::lock_guard lock(heard.mutex);
  EXPECT_EQ(heard.statuses.back().message,
            "The LTC file cannot be played: " + (dir / "bad.wav").string() +
                ": not a WAV file (no RIFF/WAVE header).");
}

TEST(LtcInput, AnAlsaDeviceThatCannotBeOpenedIsNoSignalWithWhy) {
  Heard heard;
  LtcInput input({.input = "alsa:hw:97,0"}, heard.on_frame(), heard.on_status());
  input.start();
  ASSERT_TRUE(heard.wait_for(LtcState::no_signal, 2s));
  const auto stopping = steady_clock::now();
  input.stop();
  EXPECT_LE(steady_clock::now() - stopping, 500ms);  // Not waiting out the retry.
  std::lock_guard lock(heard.mutex);
  ASSERT_EQ(heard.statuses.size(), 1u);
  EXPECT_TRUE(heard.statuses.back().message.starts_with(
      "The ALSA capture device hw:97,0 cannot be opened: "))
      << heard.statuses.back().message;
  EXPECT_TRUE(heard.frames.empty());
}

TEST(LtcInput, ChecksTheInputsShape) {
  EXPECT_EQ(LtcInput::check("alsa:hw:1,0"), std::nullopt);
  EXPECT_EQ(LtcInput::check("file:/srv/ltc.wav"), std::nullopt);
  EXPECT_EQ(LtcInput::check("file:"),
            "The LTC input must be \"alsa:<device>\" (such as \"alsa:hw:1,0\") or \"file:<path "
            "to a WAV file>\", not \"file:\".");
  EXPECT_EQ(LtcInput::check("hw:1,0"),
            "The LTC input must be \"alsa:<device>\" (such as \"alsa:hw:1,0\") or \"file:<path "
            "to a WAV file>\", not \"hw:1,0\".");
}

}  // namespace
}  // namespace slate::ltc
