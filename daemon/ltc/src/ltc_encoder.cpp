#include <cmath>
#include <cstdio>
#include <cstring>
#include <ltc.h>
#include <memory>
#include <stdexcept>

#include <slate/ltc/ltc_encoder.hpp>
#include <slate/ltc/wav.hpp>

namespace slate::ltc {

namespace {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

Date parse_date(const std::string& text) {
  Date d;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &extra) != 3 ||
      d.year < 2000 || d.year > 2099 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) {
    throw std::invalid_argument("LTC date must be YYYY-MM-DD from 2000 to 2099, not \"" + text +
                                "\"");
  }
  return d;
}

// Which flag bits libltc uses for the binary groups depends on the television system.
LTC_TV_STANDARD standard_for(core::FrameRate rate) {
  switch (core::nominal_fps(rate)) {
    case 25:
      return LTC_TV_625_50;
    case 24:
      return LTC_TV_FILM_24;
    default:
      return LTC_TV_525_60;
  }
}

// Moves what the encoder has made so far into `out`.
void take_buffer(LTCEncoder* encoder, std::vector<float>& out) {
  ltcsnd_sample_t* buffer = nullptr;
  const int size = ltc_encoder_get_bufferptr(encoder, &buffer, 1);
  for (int i = 0; i < size; ++i) {
    // libltc writes unsigned 8-bit audio around 128.
    out.push_back((static_cast<float>(buffer[i]) - 128.0f) / 128.0f);
  }
}

void append_silence(std::vector<float>& out, double seconds, int sample_rate) {
  if (seconds < 0) {
    throw std::invalid_argument("LTC silence cannot be negative");
  }
  out.insert(out.end(), static_cast<std::size_t>(std::lround(seconds * sample_rate)), 0.0f);
}

struct EncoderFree {
  void operator()(LTCEncoder* encoder) const { ltc_encoder_free(encoder); }
};

}  // namespace

std::vector<float> encode_ltc(const LtcSignal& signal) {
  if (signal.sample_rate < 8000) {
    throw std::invalid_argument("LTC needs a sample rate of 8 kHz or more");
  }
  if (signal.frames < 0) {
    throw std::invalid_argument("LTC length cannot be negative");
  }
  const core::FrameRate rate = signal.start.rate();
  const core::Rational exact = core::exact(rate);
  const double fps = static_cast<double>(exact.numerator) / static_cast<double>(exact.denominator);
  const int flags = signal.date ? LTC_USE_DATE : 0;
  const LTC_TV_STANDARD standard = standard_for(rate);
  std::unique_ptr<LTCEncoder, EncoderFree> encoder(
      ltc_encoder_create(signal.sample_rate, fps, standard, flags));
  if (!encoder) {
    throw std::bad_alloc();
  }

  SMPTETimecode time{};
  std::strncpy(time.timezone, "+0000", sizeof time.timezone);
  if (signal.date) {
    const Date date = parse_date(*signal.date);
    time.years = static_cast<unsigned char>(date.year - 2000);
    time.months = static_cast<unsigned char>(date.month);
    time.days = static_cast<unsigned char>(date.day);
  }
  time.hours = static_cast<unsigned char>(signal.start.hours());
  time.mins = static_cast<unsigned char>(signal.start.minutes());
  time.secs = static_cast<unsigned char>(signal.start.seconds());
  time.frame = static_cast<unsigned char>(signal.start.frame());
  ltc_encoder_set_timecode(encoder.get(), &time);
  // libltc sets the drop-frame bit for every 29.97 signal; the counting is the start's.
  LTCFrame frame{};
  ltc_encoder_get_frame(encoder.get(), &frame);
  frame.dfbit = signal.start.drop_frame() ? 1 : 0;
  ltc_frame_set_parity(&frame, standard);
  ltc_encoder_set_frame(encoder.get(), &frame);

  std::vector<float> out;
  append_silence(out, signal.silence_before_seconds, signal.sample_rate);
  out.reserve(
      out.size() +
      static_cast<std::size_t>(static_cast<double>(signal.frames) * signal.sample_rate / fps) + 16);
  for (std::int64_t i = 0; i < signal.frames; ++i) {
    ltc_encoder_encode_frame(encoder.get());
    take_buffer(encoder.get(), out);
    ltc_encoder_inc_timecode(encoder.get());
  }
  // The edge that ends the last frame, without which a decoder never sees it end.
  ltc_encoder_end_encode(encoder.get());
  take_buffer(encoder.get(), out);
  append_silence(out, signal.silence_after_seconds, signal.sample_rate);
  return out;
}

void write_ltc_wav(const std::filesystem::path& file, const LtcSignal& signal) {
  write_wav(file, encode_ltc(signal), signal.sample_rate);
}

}  // namespace slate::ltc
