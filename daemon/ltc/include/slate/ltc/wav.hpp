#pragma once
/// WAV files of audio: reading one channel of 16-bit PCM or 32-bit float, and writing 16-bit mono
/// (the LTC fixtures).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include <slate/core/result.hpp>

namespace slate::ltc {

/// Why a WAV file cannot be read: a sentence naming the file and what is wrong with it.
struct WavError {
  std::string message;
};

/// Reads one channel of a WAV file as floats from -1 to 1, a block at a time.
class WavReader {
 public:
  /// Checks the header: 16-bit PCM or 32-bit float, any channel count, `channel` (from 0) present.
  static core::Result<WavReader, WavError> open(const std::filesystem::path& file, int channel);

  int sample_rate() const { return sample_rate_; }
  int channels() const { return channels_; }
  /// Sample frames in the file (samples per channel).
  std::int64_t frames() const { return frames_; }

  /// The next `count` samples of the channel, fewer at the end of the file, none after it.
  std::vector<float> read(std::size_t count);
  /// Back to the first sample (to play a file in a loop).
  void rewind();

 private:
  WavReader() = default;
  std::ifstream in_;
  int sample_rate_ = 0;
  int channels_ = 0;
  int channel_ = 0;
  bool is_float_ = false;
  std::int64_t frames_ = 0;
  std::int64_t position_ = 0;
  std::streamoff data_offset_ = 0;
};

/// The whole of one channel of a WAV file.
struct WavAudio {
  int sample_rate = 0;
  std::vector<float> samples;
};
core::Result<WavAudio, WavError> read_wav(const std::filesystem::path& file, int channel = 0);

/// Writes mono 16-bit PCM. Throws std::runtime_error naming the file if it cannot be written.
void write_wav(const std::filesystem::path& file, std::span<const float> mono, int sample_rate);

}  // namespace slate::ltc
