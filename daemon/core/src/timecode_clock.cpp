#include <slate/core/timecode_clock.hpp>

namespace slate::core {

const char* to_string(TimecodeSource source) {
  switch (source) {
    case TimecodeSource::manual:
      return "manual";
    case TimecodeSource::ltc:
      return "ltc";
    case TimecodeSource::time_of_day:
      break;
  }
  return "time_of_day";
}

std::optional<TimecodeSource> parse_timecode_source(std::string_view text) {
  for (const auto source :
       {TimecodeSource::time_of_day, TimecodeSource::manual, TimecodeSource::ltc}) {
    if (text == to_string(source)) {
      return source;
    }
  }
  return std::nullopt;
}

namespace {

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const auto quotient = value / divisor;
  return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
}

}  // namespace

std::int64_t frames_in(std::chrono::nanoseconds elapsed, FrameRate rate) {
  const auto [numerator, denominator] = exact(rate);
  constexpr std::int64_t kNanos = 1'000'000'000;
  // Whole seconds and the rest apart, so that no product overflows: a year of nanoseconds times
  // 60000 would.
  const auto seconds = floor_div(elapsed.count(), kNanos);
  const auto rest = elapsed.count() - seconds * kNanos;
  const auto scaled = seconds * numerator;
  const auto whole = floor_div(scaled, denominator);
  const auto left = scaled - whole * denominator;  // 0 .. denominator - 1
  return whole + (left * kNanos + rest * numerator) / (denominator * kNanos);
}

TimecodeClock::TimecodeClock(Timecode timecode, Instant instant)
    : jam_(timecode), instant_(instant) {}

std::int64_t TimecodeClock::frames_since_jam(Instant instant) const {
  return frames_in(instant - instant_, jam_.rate());
}

Timecode TimecodeClock::read(Instant instant) const {
  return jam_ + frames_since_jam(instant);
}

}  // namespace slate::core
