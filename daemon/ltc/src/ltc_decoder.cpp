#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ltc.h>
#include <stdexcept>
#include <utility>

#include <slate/ltc/ltc_decoder.hpp>

namespace slate::ltc {

namespace {

using core::FrameRate;
using core::Timecode;

// Frames in a row, each one after the other, before the signal is trusted.
constexpr std::size_t kFramesToLock = 5;
// How far the measured samples per frame may stray from a rate's (relative). The nearest other
// LTC rate is 0.1% away (24 against 23.976, 30 against 29.97), so a tenth of that tells them apart.
constexpr double kRateTolerance = 0.0004;
// A frame that starts this far (in frames) after the last one ended means the signal was lost.
constexpr double kLossFrames = 3.0;
// Frames heard while locking are forgotten after this long without one (seconds).
constexpr double kForgetSeconds = 1.0;
// Longest run kept while the rate is still unclear, so it cannot grow without bound.
constexpr std::size_t kLongestRun = 250;
// libltc works on its own blocks; the float wrapper converts this many at a time.
constexpr std::size_t kBlock = 1024;

// The rates LTC is sent at: its 80-bit frame has room for frame numbers up to 39 only.
constexpr std::array<FrameRate, 5> kLtcRates{FrameRate::fps23_976, FrameRate::fps24,
                                             FrameRate::fps25, FrameRate::fps29_97,
                                             FrameRate::fps30};

// A frame as libltc decoded it, before it is known at which rate to read it.
struct HeardFrame {
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  int frame = 0;
  bool drop_frame = false;
  bool reversed = false;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::optional<std::string> date;
};

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// SMPTE 309M dates carry a two-digit year; user bits that are not a date (all zero, reel
// numbers) rarely decode as a real day, which is what makes this check worth doing.
std::optional<std::string> plausible_date(int year_in_century, int month, int day) {
  if (year_in_century < 0 || year_in_century > 99 || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  const int year = 2000 + year_in_century;
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days =
      kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && is_leap(year) ? 1 : 0);
  if (day > days) {
    return std::nullopt;
  }
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02d", year, month, day);
  return std::string(text.data());
}

HeardFrame heard(LTCFrameExt& ext) {
  SMPTETimecode time{};
  ltc_frame_to_time(&time, &ext.ltc, LTC_USE_DATE);
  HeardFrame f;
  f.hours = time.hours;
  f.minutes = time.mins;
  f.seconds = time.secs;
  f.frame = time.frame;
  f.drop_frame = ext.ltc.dfbit != 0;
  f.reversed = ext.reverse != 0;
  f.start = ext.off_start;
  f.end = ext.off_end;
  f.date = plausible_date(time.years, time.months, time.days);
  return f;
}

// Whether `next` can be the frame after `previous` at some LTC rate: the rate is not known yet,
// so a new second may start after any frame number from 23 up. The exact check comes at lock.
bool may_follow(const HeardFrame& previous, const HeardFrame& next) {
  if (next.reversed || previous.reversed || next.drop_frame != previous.drop_frame) {
    return false;
  }
  const auto same_second = [&] {
    return next.hours == previous.hours && next.minutes == previous.minutes &&
           next.seconds == previous.seconds;
  };
  if (same_second()) {
    return next.frame == previous.frame + 1;
  }
  int s = previous.seconds + 1;
  int m = previous.minutes;
  int h = previous.hours;
  if (s == 60) {
    s = 0;
    ++m;
  }
  if (m == 60) {
    m = 0;
    ++h;
  }
  if (h == 24) {
    h = 0;
  }
  const bool dropped_start = next.drop_frame && s == 0 && m % 10 != 0;
  return previous.frame >= 23 && next.hours == h && next.minutes == m && next.seconds == s &&
         (next.frame == 0 || (dropped_start && (next.frame == 2 || next.frame == 4)));
}

std::optional<Timecode> timecode_of(const HeardFrame& f, FrameRate rate, bool drop_frame) {
  try {
    return Timecode::from_parts(f.hours, f.minutes, f.seconds, f.frame, rate, drop_frame);
  } catch (const core::TimecodeError&) {
    return std::nullopt;
  }
}

double samples_per_frame(int sample_rate, FrameRate rate) {
  const core::Rational r = core::exact(rate);
  return static_cast<double>(sample_rate) * static_cast<double>(r.denominator) /
         static_cast<double>(r.numerator);
}

// "24 fps", "29.97 fps drop-frame": how the LTC is described in a refusal.
std::string ltc_text(FrameRate rate, bool drop_frame) {
  std::string text = std::string(core::to_string(rate)) + " fps";
  if (core::allows_drop_frame(rate)) {
    text += drop_frame ? " drop-frame" : " non-drop";
  }
  return text;
}

std::string project_text(FrameRate rate, bool drop_frame) {
  std::string text = core::to_string(rate);
  if (core::allows_drop_frame(rate)) {
    text += drop_frame ? " drop-frame" : " non-drop";
  }
  return text;
}

// Peak level over the last second, kept as the peaks of ten tenths of a second.
class LevelMeter {
 public:
  explicit LevelMeter(int sample_rate)
      : block_(static_cast<std::size_t>(std::max(1, sample_rate / 10))) {}

  void add(std::span<const float> samples) {
    for (const float sample : samples) {
      peaks_[current_] = std::max(peaks_[current_], std::fabs(sample));
      if (++in_block_ == block_) {
        in_block_ = 0;
        current_ = (current_ + 1) % peaks_.size();
        peaks_[current_] = 0;
      }
    }
  }
  void clear() { peaks_.fill(0); }

  double dbfs() const {
    const float peak = *std::max_element(peaks_.begin(), peaks_.end());
    if (peak <= 1e-6f) {
      return -120;
    }
    return std::max(-120.0, 20.0 * std::log10(static_cast<double>(peak)));
  }

 private:
  std::size_t block_;
  std::size_t in_block_ = 0;
  std::size_t current_ = 0;
  std::array<float, 10> peaks_{};
};

}  // namespace

std::string_view to_string(LtcState state) {
  switch (state) {
    case LtcState::no_signal:
      return "no_signal";
    case LtcState::locking:
      return "locking";
    case LtcState::locked:
      return "locked";
    case LtcState::holdover:
      return "holdover";
    case LtcState::refused:
      return "refused";
  }
  return "no_signal";
}

struct LtcDecoder::State {
  State(int rate, FrameRate project, bool project_df)
      : sample_rate(rate), project_rate(project), project_drop_frame(project_df), meter(rate) {}
  ~State() {
    if (decoder != nullptr) {
      ltc_decoder_free(decoder);
    }
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  void hear(const HeardFrame& frame, std::vector<LtcReading>& out);
  void start_locking(const HeardFrame& frame);
  void try_lock(std::vector<LtcReading>& out);
  void lose_signal();
  void check_for_silence();

  int sample_rate;
  FrameRate project_rate;
  bool project_drop_frame;
  LTCDecoder* decoder = nullptr;
  std::int64_t fed = 0;
  LtcStatus status;
  std::optional<std::int64_t> locked_at;
  LevelMeter meter;
  // While locking: the frames heard in a row so far.
  std::vector<HeardFrame> run;
  // While locked or refused: the last frame, as heard and as read at the locked rate.
  std::optional<HeardFrame> last;
  std::optional<Timecode> last_timecode;
  bool counting_drop_frame = false;
  double frame_samples = 0;
};

void LtcDecoder::State::start_locking(const HeardFrame& frame) {
  run.assign(1, frame);
  last.reset();
  last_timecode.reset();
  status.state = LtcState::locking;
  status.message.clear();
}

void LtcDecoder::State::lose_signal() {
  ++status.dropouts;
  status.state = LtcState::holdover;
  status.message = "The LTC stopped after " + last_timecode->to_string() +
                   ": the clock runs on from its last frame.";
  last.reset();
  last_timecode.reset();
}

void LtcDecoder::State::hear(const HeardFrame& frame, std::vector<LtcReading>& out) {
  const bool following = status.state == LtcState::locked || status.state == LtcState::refused;
  if (following && last) {
    const double gap = static_cast<double>(frame.start - last->end);
    if (status.state == LtcState::locked && gap > kLossFrames * frame_samples) {
      lose_signal();
      start_locking(frame);
      return;
    }
    const double step = static_cast<double>(frame.start - last->start);
    const auto timecode = timecode_of(frame, *status.rate, counting_drop_frame);
    const bool next = !frame.reversed && frame.drop_frame == status.drop_frame && timecode &&
                      *timecode == *last_timecode + 1 &&
                      std::fabs(step - frame_samples) <= 0.1 * frame_samples;
    if (!next) {
      // A jump (the source was re-jammed, or a frame was missed): trust nothing until five more.
      start_locking(frame);
      return;
    }
    last = frame;
    last_timecode = timecode;
    if (status.state == LtcState::locked) {
      status.date = frame.date;
      out.push_back({*timecode, frame.start});
    }
    return;
  }
  if (status.state != LtcState::locking || run.empty() || !may_follow(run.back(), frame)) {
    start_locking(frame);
    return;
  }
  // Frames that follow in timecode but not one frame's worth of samples apart are not a signal:
  // every step must be an LTC frame (23 to 31 a second) and like the first step of the run.
  const double step = static_cast<double>(frame.start - run.back().start);
  const double reference =
      run.size() >= 2 ? static_cast<double>(run[1].start - run[0].start) : step;
  const double rate = static_cast<double>(sample_rate);
  if (step < rate / 31 || step > rate / 23 || std::fabs(step - reference) > 0.1 * reference) {
    start_locking(frame);
    return;
  }
  run.push_back(frame);
  if (run.size() > kLongestRun) {
    run.erase(run.begin());
  }
  try_lock(out);
}

void LtcDecoder::State::try_lock(std::vector<LtcReading>& out) {
  if (run.size() < kFramesToLock) {
    return;
  }
  const double measured = static_cast<double>(run.back().start - run.front().start) /
                          static_cast<double>(run.size() - 1);
  std::optional<FrameRate> rate;
  for (const FrameRate candidate : kLtcRates) {
    const double expected = samples_per_frame(sample_rate, candidate);
    if (std::fabs(measured - expected) <= kRateTolerance * expected) {
      rate = candidate;
    }
  }
  if (!rate) {
    return;  // Not clearly one rate yet: more frames measure it more finely.
  }
  const bool drop_frame = run.back().drop_frame;
  // A drop-frame bit at a rate without drop-frame is read as plain counting, and refused below.
  const bool counting = drop_frame && core::allows_drop_frame(*rate);
  // The frame numbers must count at the measured rate, a new second after the last frame.
  std::optional<Timecode> previous;
  for (const HeardFrame& f : run) {
    const auto timecode = timecode_of(f, *rate, counting);
    if (!timecode || (previous && *timecode != *previous + 1)) {
      run.erase(run.begin());  // The oldest frame may be the odd one out.
      return;
    }
    previous = timecode;
  }
  status.rate = rate;
  status.drop_frame = drop_frame;
  counting_drop_frame = counting;
  last = run.back();
  last_timecode = previous;
  frame_samples = samples_per_frame(sample_rate, *rate);
  run.clear();
  if (drop_frame != counting) {
    status.state = LtcState::refused;
    status.message = "The LTC is marked drop-frame at " + std::string(core::to_string(*rate)) +
                     " fps, which has no drop-frame counting: it is not used.";
    return;
  }
  if (*rate != project_rate || drop_frame != project_drop_frame) {
    status.state = LtcState::refused;
    status.message = "The LTC is at " + ltc_text(*rate, drop_frame) + " but the project is at " +
                     project_text(project_rate, project_drop_frame) +
                     ": it is not used until they agree.";
    return;
  }
  status.state = LtcState::locked;
  status.message.clear();
  status.date = last->date;
  locked_at = last->end + 1;
  out.push_back({*last_timecode, last->start});
}

void LtcDecoder::State::check_for_silence() {
  if (status.state == LtcState::locked) {
    if (static_cast<double>(fed - (last->end + 1)) > kLossFrames * frame_samples) {
      lose_signal();
    }
  } else if (status.state == LtcState::locking && !run.empty()) {
    if (static_cast<double>(fed - run.back().end) > kForgetSeconds * sample_rate) {
      run.clear();
      status.state = LtcState::no_signal;
    }
  }
}

LtcDecoder::LtcDecoder(int sample_rate, core::FrameRate project_rate, bool project_drop_frame) {
  if (sample_rate < 8000) {
    throw std::invalid_argument("LTC needs a sample rate of 8 kHz or more, not " +
                                std::to_string(sample_rate));
  }
  if (project_drop_frame && !core::allows_drop_frame(project_rate)) {
    throw std::invalid_argument(std::string("drop-frame does not exist at ") +
                                core::to_string(project_rate) + " fps");
  }
  state_ = std::make_unique<State>(sample_rate, project_rate, project_drop_frame);
  // libltc follows the speed of the signal; the start value only helps with the first frame.
  const int apv = static_cast<int>(std::lround(samples_per_frame(sample_rate, project_rate)));
  state_->decoder = ltc_decoder_create(apv, 32);
  if (state_->decoder == nullptr) {
    throw std::bad_alloc();
  }
}

LtcDecoder::~LtcDecoder() = default;
LtcDecoder::LtcDecoder(LtcDecoder&&) noexcept = default;
LtcDecoder& LtcDecoder::operator=(LtcDecoder&&) noexcept = default;

std::vector<LtcReading> LtcDecoder::feed(std::span<const float> mono) {
  State& s = *state_;
  std::vector<LtcReading> out;
  std::array<float, kBlock> block{};
  for (std::size_t offset = 0; offset < mono.size(); offset += kBlock) {
    const std::size_t count = std::min(kBlock, mono.size() - offset);
    const auto samples = mono.subspan(offset, count);
    std::copy(samples.begin(), samples.end(), block.begin());
    ltc_decoder_write_float(s.decoder, block.data(), count, s.fed);
    s.meter.add(samples);
    s.fed += static_cast<std::int64_t>(count);
    LTCFrameExt ext{};
    while (ltc_decoder_read(s.decoder, &ext) != 0) {
      s.hear(heard(ext), out);
    }
  }
  s.check_for_silence();
  s.status.level_dbfs = s.meter.dbfs();
  return out;
}

void LtcDecoder::end_of_signal() {
  State& s = *state_;
  if (s.status.state == LtcState::locked) {
    s.status.state = LtcState::holdover;
    s.status.message = "The LTC stopped after " + s.last_timecode->to_string() +
                       ": the clock runs on from its last frame.";
  } else if (s.status.state == LtcState::locking) {
    s.status.state = LtcState::no_signal;
  }
  s.run.clear();
  s.last.reset();
  s.last_timecode.reset();
  s.meter.clear();
  s.status.level_dbfs = -120;
}

const LtcStatus& LtcDecoder::status() const {
  return state_->status;
}

std::optional<std::int64_t> LtcDecoder::locked_at() const {
  return state_->locked_at;
}

}  // namespace slate::ltc
