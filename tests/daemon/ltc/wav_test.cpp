#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <slate/ltc/wav.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::ltc {
namespace {

using slate::testing::TempDir;
using slate::testing::write_file;

void put32(std::string& out, std::uint32_t value) {
  for (unsigned shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFFU));
  }
}

void put16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value & 0xFFU));
  out.push_back(static_cast<char>(value >> 8U));
}

// A WAV header as a recorder writes it, with a LIST chunk before the data to be skipped.
std::string wav_header(std::uint16_t format, std::uint16_t channels, std::uint32_t rate,
                       std::uint16_t bits, std::uint32_t data_bytes) {
  std::string out = "RIFF";
  put32(out, 36 + 12 + data_bytes);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, format);
  put16(out, channels);
  put32(out, rate);
  put32(out, rate * channels * bits / 8);
  put16(out, static_cast<std::uint16_t>(channels * bits / 8));
  put16(out, bits);
  out += "LIST";
  put32(out, 4);
  out += "INFO";
  out += "data";
  put32(out, data_bytes);
  return out;
}

TEST(LtcWav, ReadsOneChannelOfStereoFloat) {
  TempDir dir;
  std::string file = wav_header(3, 2, 48000, 32, 3 * 8);
  const float samples[] = {0.5f, -0.25f, 0.125f, 1.0f, -1.0f, 0.0f};
  for (const float s : samples) {
    std::uint32_t raw = 0;
    std::memcpy(&raw, &s, sizeof raw);
    put32(file, raw);
  }
  write_file(dir / "stereo.wav", file);
  const auto right = read_wav(dir / "stereo.wav", 1);
  ASSERT_TRUE(right.ok()) << right.error().message;
  EXPECT_EQ(right->sample_rate, 48000);
  EXPECT_EQ(right->samples, (std::vector<float>{-0.25f, 1.0f, 0.0f}));
  const auto left = read_wav(dir / "stereo.wav", 0);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->samples, (std::vector<float>{0.5f, 0.125f, -1.0f}));
}

TEST(LtcWav, ReadsSixteenBitPcmAsWrittenByWriteWav) {
  TempDir dir;
  write_wav(dir / "mono.wav", std::vector<float>{0.0f, 0.5f, -0.5f, 1.0f}, 44100);
  const auto audio = read_wav(dir / "mono.wav");
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->sample_rate, 44100);
  ASSERT_EQ(audio->samples.size(), 4u);
  EXPECT_NEAR(audio->samples[1], 0.5, 1e-4);
  EXPECT_NEAR(audio->samples[2], -0.5, 1e-4);
  EXPECT_NEAR(audio->samples[3], 1.0, 1e-4);
}

TEST(LtcWav, ReadsSixteenBitPcmInBlocksAndRewinds) {
  TempDir dir;
  std::string file = wav_header(1, 3, 48000, 16, 4 * 6);
  for (std::int16_t i = 0; i < 12; ++i) {
    put16(file, static_cast<std::uint16_t>(i * 1024));
  }
  write_file(dir / "three.wav", file);
  auto reader = WavReader::open(dir / "three.wav", 2);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->channels(), 3);
  EXPECT_EQ(reader->frames(), 4);
  EXPECT_EQ(reader->read(3), (std::vector<float>{0.0625f, 0.15625f, 0.25f}));
  EXPECT_EQ(reader->read(3), (std::vector<float>{0.34375f}));
  EXPECT_TRUE(reader->read(3).empty());
  reader->rewind();
  EXPECT_EQ(reader->read(1), (std::vector<float>{0.0625f}));
}

TEST(LtcWav, RefusesAFileThatIsNotWav) {
  TempDir dir;
  write_file(dir / "bad.wav", "RIFX this is not a wave file at all");
  const auto audio = read_wav(dir / "bad.wav");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().message,
            (dir / "bad.wav").string() + ": not a WAV file (no RIFF/WAVE header)");
}

TEST(LtcWav, RefusesTwentyFourBitPcm) {
  TempDir dir;
  write_file(dir / "deep.wav", wav_header(1, 1, 48000, 24, 0));
  const auto audio = read_wav(dir / "deep.wav");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().message, (dir / "deep.wav").string() +
                                       ": 24-bit PCM is not supported (16-bit PCM or 32-bit "
                                       "float only)");
}

TEST(LtcWav, RefusesAChannelTheFileDoesNotHave) {
  TempDir dir;
  write_wav(dir / "mono.wav", std::vector<float>{0.0f}, 48000);
  const auto audio = read_wav(dir / "mono.wav", 1);
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().message, (dir / "mono.wav").string() +
                                       ": has 1 channel, so no channel 1 (channels count from 0)");
}

TEST(LtcWav, RefusesAFileThatIsMissing) {
  TempDir dir;
  const auto audio = read_wav(dir / "gone.wav");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().message,
            (dir / "gone.wav").string() + ": cannot be opened: No such file or directory");
}

TEST(LtcWav, RefusesAHeaderWithoutData) {
  TempDir dir;
  std::string file = wav_header(1, 1, 48000, 16, 0);
  file.resize(file.size() - 8);  // No data chunk.
  write_file(dir / "empty.wav", file);
  const auto audio = read_wav(dir / "empty.wav");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().message, (dir / "empty.wav").string() + ": no data chunk");
}

}  // namespace
}  // namespace slate::ltc
