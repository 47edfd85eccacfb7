#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <slate/ltc/wav.hpp>

namespace slate::ltc {

namespace {

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatFloat = 3;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;

std::uint32_t le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8U |
         static_cast<std::uint32_t>(p[2]) << 16U | static_cast<std::uint32_t>(p[3]) << 24U;
}

std::uint16_t le16(const unsigned char* p) {
  return static_cast<std::uint16_t>(p[0] | p[1] << 8U);
}

void put32(std::string& out, std::uint32_t value) {
  for (unsigned shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFFU));
  }
}

void put16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value & 0xFFU));
  out.push_back(static_cast<char>(value >> 8U));
}

WavError error(const std::filesystem::path& file, const std::string& what) {
  return WavError{file.string() + ": " + what};
}

}  // namespace

core::Result<WavReader, WavError> WavReader::open(const std::filesystem::path& file, int channel) {
  WavReader reader;
  reader.in_.open(file, std::ios::binary);
  if (!reader.in_) {
    return error(file, std::string("cannot be opened: ") + std::strerror(errno));
  }
  std::error_code size_error;
  const auto file_size = static_cast<std::int64_t>(std::filesystem::file_size(file, size_error));
  std::array<unsigned char, 12> riff{};
  if (!reader.in_.read(reinterpret_cast<char*>(riff.data()), riff.size()) ||
      std::memcmp(riff.data(), "RIFF", 4) != 0 || std::memcmp(riff.data() + 8, "WAVE", 4) != 0) {
    return error(file, "not a WAV file (no RIFF/WAVE header)");
  }
  bool have_format = false;
  std::uint16_t bits = 0;
  std::uint16_t block_align = 0;
  while (true) {
    std::array<unsigned char, 8> header{};
    if (!reader.in_.read(reinterpret_cast<char*>(header.data()), header.size())) {
      return error(file, have_format ? "no data chunk" : "no fmt chunk before the end of the file");
    }
    const std::uint32_t size = le32(header.data() + 4);
    const std::string id(reinterpret_cast<const char*>(header.data()), 4);
    if (id == "fmt ") {
      if (size < 16 || size > 1024) {
        return error(file, "fmt chunk of " + std::to_string(size) + " bytes (16 to 40 expected)");
      }
      std::vector<unsigned char> fmt(size);
      if (!reader.in_.read(reinterpret_cast<char*>(fmt.data()), size)) {
        return error(file, "fmt chunk cut short");
      }
      std::uint16_t tag = le16(fmt.data());
      if (tag == kFormatExtensible && size >= 26) {
        tag = le16(fmt.data() + 24);  // The first two bytes of the sub-format GUID.
      }
      reader.channels_ = le16(fmt.data() + 2);
      reader.sample_rate_ = static_cast<int>(le32(fmt.data() + 4));
      block_align = le16(fmt.data() + 12);
      bits = le16(fmt.data() + 14);
      if (tag == kFormatPcm && bits == 16) {
        reader.is_float_ = false;
      } else if (tag == kFormatFloat && bits == 32) {
        reader.is_float_ = true;
      } else {
        const std::string kind = tag == kFormatPcm     ? std::to_string(bits) + "-bit PCM"
                                 : tag == kFormatFloat ? std::to_string(bits) + "-bit float"
                                                       : "format " + std::to_string(tag);
        return error(file, kind + " is not supported (16-bit PCM or 32-bit float only)");
      }
      if (reader.channels_ < 1 || reader.sample_rate_ < 8000 || reader.sample_rate_ > 384000 ||
          block_align != reader.channels_ * bits / 8) {
        return error(file, "a fmt chunk that does not add up (" + std::to_string(reader.channels_) +
                               " channels, " + std::to_string(reader.sample_rate_) + " Hz, " +
                               std::to_string(block_align) + " bytes a frame)");
      }
      if (size % 2 != 0) {
        reader.in_.ignore(1);
      }
      have_format = true;
    } else if (id == "data") {
      if (!have_format) {
        return error(file, "data chunk before the fmt chunk");
      }
      reader.data_offset_ = reader.in_.tellg();
      // Recorders that were cut off leave the size unwritten: read what is there.
      std::int64_t bytes = size;
      if (size_error == std::error_code{} && reader.data_offset_ + bytes > file_size) {
        bytes = file_size - reader.data_offset_;
      }
      reader.frames_ = bytes / block_align;
      break;
    } else {
      reader.in_.ignore(static_cast<std::streamsize>(size) + (size % 2));
    }
  }
  if (channel < 0 || channel >= reader.channels_) {
    return error(file, "has " + std::to_string(reader.channels_) + " channel" +
                           (reader.channels_ == 1 ? "" : "s") + ", so no channel " +
                           std::to_string(channel) + " (channels count from 0)");
  }
  reader.channel_ = channel;
  return reader;
}

std::vector<float> WavReader::read(std::size_t count) {
  const auto left = static_cast<std::size_t>(frames_ - position_);
  count = std::min(count, left);
  const std::size_t width = is_float_ ? 4 : 2;
  const std::size_t frame_bytes = width * static_cast<std::size_t>(channels_);
  std::vector<unsigned char> bytes(count * frame_bytes);
  in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  count = static_cast<std::size_t>(in_.gcount()) / frame_bytes;
  std::vector<float> samples(count);
  const std::size_t at = width * static_cast<std::size_t>(channel_);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* p = bytes.data() + i * frame_bytes + at;
    if (is_float_) {
      const std::uint32_t raw = le32(p);
      float value = 0;
      std::memcpy(&value, &raw, sizeof value);
      samples[i] = std::isfinite(value) ? std::clamp(value, -1.0f, 1.0f) : 0.0f;
    } else {
      samples[i] = static_cast<float>(static_cast<std::int16_t>(le16(p))) / 32768.0f;
    }
  }
  position_ += static_cast<std::int64_t>(count);
  if (count == 0) {
    position_ = frames_;  // A file shorter than its header says ends here.
  }
  return samples;
}

void WavReader::rewind() {
  in_.clear();
  in_.seekg(data_offset_);
  position_ = 0;
}

core::Result<WavAudio, WavError> read_wav(const std::filesystem::path& file, int channel) {
  auto reader = WavReader::open(file, channel);
  if (!reader) {
    return reader.error();
  }
  WavAudio audio;
  audio.sample_rate = reader->sample_rate();
  audio.samples = reader->read(static_cast<std::size_t>(reader->frames()));
  return audio;
}

void write_wav(const std::filesystem::path& file, std::span<const float> mono, int sample_rate) {
  const auto data_bytes = static_cast<std::uint32_t>(mono.size() * 2);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, kFormatPcm);
  put16(out, 1);
  put32(out, static_cast<std::uint32_t>(sample_rate));
  put32(out, static_cast<std::uint32_t>(sample_rate) * 2);
  put16(out, 2);
  put16(out, 16);
  out += "data";
  put32(out, data_bytes);
  for (const float sample : mono) {
    const long value = std::lround(std::clamp(sample, -1.0f, 1.0f) * 32767.0f);
    put16(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(value)));
  }
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream.write(out.data(), static_cast<std::streamsize>(out.size()));
  stream.close();
  if (!stream) {
    throw std::runtime_error(file.string() + ": cannot be written");
  }
}

}  // namespace slate::ltc
