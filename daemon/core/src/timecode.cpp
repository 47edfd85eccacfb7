#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include <slate/core/timecode.hpp>

namespace slate::core {

namespace {

struct RateInfo {
  const char* name;
  Rational exact;
  int nominal;
  // Frame numbers skipped at the start of each minute but every tenth; 0 means no drop-frame.
  int dropped;
};

// Indexed by FrameRate; the order must match the enum.
constexpr std::array<RateInfo, 9> kRates{{
    {"23.976", {24000, 1001}, 24, 0},
    {"24", {24, 1}, 24, 0},
    {"25", {25, 1}, 25, 0},
    {"29.97", {30000, 1001}, 30, 2},
    {"30", {30, 1}, 30, 0},
    {"48", {48, 1}, 48, 0},
    {"50", {50, 1}, 50, 0},
    {"59.94", {60000, 1001}, 60, 4},
    {"60", {60, 1}, 60, 0},
}};

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

const RateInfo& info(FrameRate rate) {
  const auto index = static_cast<std::size_t>(rate);
  if (index >= kRates.size()) {
    // Only reachable through a cast of an out-of-range integer.
    throw std::invalid_argument("unknown frame rate");
  }
  return kRates[index];
}

std::int64_t wrap(std::int64_t frames, std::int64_t per_day) {
  const std::int64_t r = frames % per_day;
  return r < 0 ? r + per_day : r;
}

std::string rate_text(FrameRate rate) {
  return std::string(info(rate).name) + " fps";
}

void require_drop_frame_allowed(FrameRate rate, bool drop_frame, std::string_view prefix) {
  if (drop_frame && !allows_drop_frame(rate)) {
    std::string message(prefix);
    if (!message.empty()) {
      message += ": ";
    }
    throw TimecodeError(message + "drop-frame timecode does not exist at " + rate_text(rate));
  }
}

struct Parts {
  int hours;
  int minutes;
  int seconds;
  int frames;
};

std::string two_digits(int value) {
  std::string text = std::to_string(value);
  if (value >= 0 && value < 10) {
    text.insert(text.begin(), '0');
  }
  return text;
}

// Also labels errors from from_parts, so parts may be out of range (even negative).
std::string parts_text(const Parts& parts, bool drop_frame) {
  const char frame_separator = drop_frame ? ';' : ':';
  const int values[] = {parts.hours, parts.minutes, parts.seconds, parts.frames};
  bool in_range = true;
  for (const int value : values) {
    in_range = in_range && value >= 0 && value <= 99;
  }
  if (!in_range) {
    return two_digits(parts.hours) + ":" + two_digits(parts.minutes) + ":" +
           two_digits(parts.seconds) + frame_separator + two_digits(parts.frames);
  }
  // The common case, printed without temporaries since whole days of frames get printed.
  std::string text = "00:00:00:00";
  for (std::size_t i = 0; i < 4; ++i) {
    text[3 * i] = static_cast<char>('0' + values[i] / 10);
    text[3 * i + 1] = static_cast<char>('0' + values[i] % 10);
  }
  text[8] = frame_separator;
  return text;
}

// Checks parts against the rate and turns them into a frame count; `label` prefixes errors.
std::int64_t to_frames(const Parts& p, FrameRate rate, bool drop_frame, std::string_view label) {
  require_drop_frame_allowed(rate, drop_frame, label);
  const RateInfo& r = info(rate);
  const auto fail = [&](const std::string& reason) {
    throw TimecodeError(std::string(label) + ": " + reason);
  };
  if (p.hours < 0 || p.hours > 23) {
    fail("hours must be 00 to 23");
  }
  if (p.minutes < 0 || p.minutes > 59) {
    fail("minutes must be 00 to 59");
  }
  if (p.seconds < 0 || p.seconds > 59) {
    fail("seconds must be 00 to 59");
  }
  if (p.frames < 0 || p.frames >= r.nominal) {
    fail("frames must be 00 to " + two_digits(r.nominal - 1) + " at " + rate_text(rate));
  }
  const int dropped = drop_frame ? r.dropped : 0;
  if (dropped > 0 && p.seconds == 0 && p.frames < dropped && p.minutes % 10 != 0) {
    const std::string which =
        dropped == 2 ? "frames 00 and 01" : "frames 00 to " + two_digits(dropped - 1);
    fail(which + " do not exist at the start of minute " + two_digits(p.minutes) +
         " in drop-frame");
  }
  const std::int64_t total_minutes = 60 * std::int64_t{p.hours} + p.minutes;
  const std::int64_t nominal_count =
      (total_minutes * 60 + p.seconds) * r.nominal + std::int64_t{p.frames};
  // Every minute but each tenth skips `dropped` frame numbers.
  return nominal_count - dropped * (total_minutes - total_minutes / 10);
}

Parts to_parts(std::int64_t frames, FrameRate rate, bool drop_frame) {
  const RateInfo& r = info(rate);
  std::int64_t count = frames;
  const int dropped = drop_frame ? r.dropped : 0;
  if (dropped > 0) {
    // Put the skipped numbers back so the count reads like non-drop.
    const std::int64_t full_minute = 60 * std::int64_t{r.nominal};
    const std::int64_t short_minute = full_minute - dropped;
    const std::int64_t ten_minutes = full_minute + 9 * short_minute;
    const std::int64_t tens = frames / ten_minutes;
    const std::int64_t within = frames % ten_minutes;
    const std::int64_t short_minutes_passed =
        within < full_minute ? 0 : 1 + (within - full_minute) / short_minute;
    count += dropped * (9 * tens + short_minutes_passed);
  }
  const std::int64_t fps = r.nominal;
  Parts parts{};
  parts.frames = static_cast<int>(count % fps);
  const std::int64_t total_seconds = count / fps;
  parts.seconds = static_cast<int>(total_seconds % 60);
  parts.minutes = static_cast<int>((total_seconds / 60) % 60);
  parts.hours = static_cast<int>(total_seconds / 3600);
  return parts;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

const char* to_string(FrameRate rate) {
  return info(rate).name;
}

std::optional<FrameRate> parse_frame_rate(std::string_view text) {
  struct Name {
    std::string_view text;
    FrameRate rate;
  };
  static constexpr std::array<Name, 19> kNames{{
      {"23.976", FrameRate::fps23_976},     {"23.98", FrameRate::fps23_976},
      {"24000/1001", FrameRate::fps23_976}, {"24", FrameRate::fps24},
      {"24/1", FrameRate::fps24},           {"25", FrameRate::fps25},
      {"25/1", FrameRate::fps25},           {"29.97", FrameRate::fps29_97},
      {"30000/1001", FrameRate::fps29_97},  {"30", FrameRate::fps30},
      {"30/1", FrameRate::fps30},           {"48", FrameRate::fps48},
      {"48/1", FrameRate::fps48},           {"50", FrameRate::fps50},
      {"50/1", FrameRate::fps50},           {"59.94", FrameRate::fps59_94},
      {"60000/1001", FrameRate::fps59_94},  {"60", FrameRate::fps60},
      {"60/1", FrameRate::fps60},
  }};
  for (const Name& name : kNames) {
    if (name.text == text) {
      return name.rate;
    }
  }
  return std::nullopt;
}

Rational exact(FrameRate rate) {
  return info(rate).exact;
}

std::optional<FrameRate> nearest_frame_rate(double frames_per_second) {
  if (!std::isfinite(frames_per_second)) {
    return std::nullopt;
  }
  // The exact rates are at least 0.02 apart, so at most one is within 0.01.
  for (std::size_t i = 0; i < kRates.size(); ++i) {
    const double rate = static_cast<double>(kRates[i].exact.numerator) /
                        static_cast<double>(kRates[i].exact.denominator);
    if (std::fabs(frames_per_second - rate) <= 0.01) {
      return static_cast<FrameRate>(i);
    }
  }
  return std::nullopt;
}

int nominal_fps(FrameRate rate) {
  return info(rate).nominal;
}

bool allows_drop_frame(FrameRate rate) {
  return info(rate).dropped > 0;
}

std::int64_t Timecode::frames_per_day(FrameRate rate, bool drop_frame) {
  require_drop_frame_allowed(rate, drop_frame, "");
  const RateInfo& r = info(rate);
  const std::int64_t nominal_day = 86'400 * std::int64_t{r.nominal};
  // 24 h hold 144 ten-minute blocks, each with 9 short minutes.
  return drop_frame ? nominal_day - 144 * 9 * std::int64_t{r.dropped} : nominal_day;
}

Timecode::Timecode(FrameRate rate, bool drop_frame) : Timecode(0, rate, drop_frame) {}

Timecode::Timecode(std::int64_t frames, FrameRate rate, bool drop_frame)
    : frames_(wrap(frames, frames_per_day(rate, drop_frame))),
      rate_(rate),
      drop_frame_(drop_frame) {}

Timecode Timecode::from_frames(std::int64_t frames, FrameRate rate, bool drop_frame) {
  return Timecode(frames, rate, drop_frame);
}

Timecode Timecode::from_parts(int hours, int minutes, int seconds, int frames, FrameRate rate,
                              bool drop_frame) {
  const Parts parts{hours, minutes, seconds, frames};
  return Timecode(to_frames(parts, rate, drop_frame, parts_text(parts, drop_frame)), rate,
                  drop_frame);
}

Timecode Timecode::parse(std::string_view text, FrameRate rate) {
  const auto shape_error = [&] {
    const std::string label = text.empty() ? std::string("empty text") : std::string(text);
    return TimecodeError(label + ": expected HH:MM:SS:FF or HH:MM:SS;FF");
  };
  if (text.size() != 11) {
    throw shape_error();
  }
  for (const std::size_t i : {0U, 1U, 3U, 4U, 6U, 7U, 9U, 10U}) {
    if (!is_digit(text[i])) {
      throw shape_error();
    }
  }
  const char first = text[2];
  const char frame_separator = text[8];
  if (text[5] != first) {
    throw shape_error();
  }
  bool drop_frame = false;
  if (first == ':') {
    if (frame_separator != ':' && frame_separator != ';' && frame_separator != '.' &&
        frame_separator != ',') {
      throw shape_error();
    }
    drop_frame = frame_separator != ':';
  } else if (first == ';' && frame_separator == ';') {
    drop_frame = true;
  } else {
    throw shape_error();
  }
  const auto two = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
  const Parts parts{two(0), two(3), two(6), two(9)};
  return Timecode(to_frames(parts, rate, drop_frame, text), rate, drop_frame);
}

Timecode Timecode::from_time_of_day(std::chrono::nanoseconds since_midnight, FrameRate rate,
                                    bool drop_frame) {
  // floor(ns * num / (den * 1e9)), wrapped into one timecode day. A timecode day at the NTSC rates
  // is longer than a real one (24 h of 23.976 timecode last 24 h 1 min 26 s), so the frame count is
  // wrapped, not the time: then every frame's time_of_day() maps back to the same frame. 128-bit
  // arithmetic keeps any input, even centuries away, exact and defined.
  __extension__ using Wide = __int128;
  const Rational r = info(rate).exact;
  const Wide scaled = static_cast<Wide>(since_midnight.count()) * r.numerator;
  const Wide divisor = static_cast<Wide>(r.denominator) * kNanosPerSecond;
  Wide frames = scaled / divisor;
  if (scaled % divisor != 0 && scaled < 0) {
    --frames;  // floor, not truncation, before midnight
  }
  const Wide per_day = frames_per_day(rate, drop_frame);
  frames %= per_day;
  if (frames < 0) {
    frames += per_day;
  }
  return Timecode(static_cast<std::int64_t>(frames), rate, drop_frame);
}

int Timecode::hours() const {
  return to_parts(frames_, rate_, drop_frame_).hours;
}
int Timecode::minutes() const {
  return to_parts(frames_, rate_, drop_frame_).minutes;
}
int Timecode::seconds() const {
  return to_parts(frames_, rate_, drop_frame_).seconds;
}
int Timecode::frame() const {
  return to_parts(frames_, rate_, drop_frame_).frames;
}

std::string Timecode::to_string() const {
  return parts_text(to_parts(frames_, rate_, drop_frame_), drop_frame_);
}

std::chrono::nanoseconds Timecode::time_of_day() const {
  const Rational r = info(rate_).exact;
  // The first whole nanosecond at or after the frame's start (the start itself is rarely a whole
  // nanosecond at NTSC rates), so from_time_of_day(time_of_day()) gives this frame back.
  const std::int64_t scaled = frames_ * r.denominator;
  const std::int64_t seconds = scaled / r.numerator;
  const std::int64_t rest = scaled % r.numerator;
  const std::int64_t rest_ns = (rest * kNanosPerSecond + r.numerator - 1) / r.numerator;
  return std::chrono::nanoseconds(seconds * kNanosPerSecond + rest_ns);
}

Timecode Timecode::operator+(std::int64_t frames) const {
  const std::int64_t per_day = frames_per_day(rate_, drop_frame_);
  // Reduce first so frames_ + frames cannot overflow.
  return Timecode(frames_ + frames % per_day, rate_, drop_frame_);
}

Timecode Timecode::operator-(std::int64_t frames) const {
  const std::int64_t per_day = frames_per_day(rate_, drop_frame_);
  return Timecode(frames_ - frames % per_day, rate_, drop_frame_);
}

std::int64_t Timecode::operator-(const Timecode& other) const {
  if (rate_ != other.rate_ || drop_frame_ != other.drop_frame_) {
    throw TimecodeError(to_string() + " at " + rate_text(rate_) + " minus " + other.to_string() +
                        " at " + rate_text(other.rate_) + ": timecodes differ in rate or counting");
  }
  return frames_ - other.frames_;
}

}  // namespace slate::core
