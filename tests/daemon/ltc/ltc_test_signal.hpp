#pragma once
// LTC made by the tests with libltc's encoder, written to a WAV file and read back as the decoder
// would be given it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <slate/core/timecode.hpp>
#include <slate/ltc/ltc_decoder.hpp>
#include <slate/ltc/ltc_encoder.hpp>
#include <slate/ltc/wav.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::ltc::testing {

inline std::vector<float> through_wav(const LtcSignal& signal) {
  slate::testing::TempDir dir;
  const auto file = dir / "ltc.wav";
  write_ltc_wav(file, signal);
  auto audio = read_wav(file);
  if (!audio) {
    throw std::runtime_error(audio.error().message);
  }
  return std::move(audio->samples);
}

// A signal of `frames` frames from `start`, after `silence` seconds of silence.
inline std::vector<float> ltc_samples(const std::string& start, core::FrameRate rate,
                                      std::int64_t frames, double silence = 0.5) {
  LtcSignal signal;
  signal.start = core::Timecode::parse(start, rate);
  signal.frames = frames;
  signal.silence_before_seconds = silence;
  return through_wav(signal);
}

// What the decoder accepted, as the timecodes people read.
inline std::vector<std::string> texts(const std::vector<LtcReading>& readings) {
  std::vector<std::string> out;
  for (const LtcReading& r : readings) {
    out.push_back(r.timecode.to_string());
  }
  return out;
}

// Feeds `samples` 480 at a time (10 ms at 48 kHz), as a sound card delivers them.
inline std::vector<LtcReading> feed_in_chunks(LtcDecoder& decoder,
                                              const std::vector<float>& samples) {
  std::vector<LtcReading> out;
  const std::span<const float> all(samples);
  for (std::size_t at = 0; at < samples.size(); at += 480) {
    const auto got = decoder.feed(all.subspan(at, std::min<std::size_t>(480, samples.size() - at)));
    out.insert(out.end(), got.begin(), got.end());
  }
  return out;
}

}  // namespace slate::ltc::testing
