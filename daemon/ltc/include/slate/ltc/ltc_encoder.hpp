#pragma once
/// LTC audio made with libltc's encoder: the fixtures the tests and the demo feed to the decoder.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>

namespace slate::ltc {

/// What to encode. The rate and counting are the start timecode's.
struct LtcSignal {
  core::Timecode start{core::FrameRate::fps25, false};
  /// Frames of LTC after the start, one per frame at the exact rate.
  std::int64_t frames = 250;
  /// "2026-12-01" to put in the user bits (SMPTE 309M, the date moves on at midnight).
  std::optional<std::string> date;
  int sample_rate = 48000;
  double silence_before_seconds = 0;
  double silence_after_seconds = 0;
};

/// The signal as mono samples from -1 to 1 (at -3 dBFS). Throws std::invalid_argument for a date
/// that is not YYYY-MM-DD from 2000 to 2099, a sample rate below 8 kHz or a negative length.
std::vector<float> encode_ltc(const LtcSignal& signal);

/// encode_ltc written as a 16-bit mono WAV file; throws std::runtime_error if it cannot be written.
void write_ltc_wav(const std::filesystem::path& file, const LtcSignal& signal);

}  // namespace slate::ltc
