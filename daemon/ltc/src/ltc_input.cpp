#include <cmath>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "ltc_source.hpp"

namespace slate::ltc {

namespace detail {

namespace {

// The level alone is reported when it moves this far: LTC's peak wobbles by a fraction of a dB.
constexpr double kLevelStepDb = 1.0;

bool same_apart_from_level(LtcStatus a, const LtcStatus& b) {
  a.level_dbfs = b.level_dbfs;
  return a == b;
}

}  // namespace

void LtcSink::frame(const LtcReading& reading,
                    std::chrono::steady_clock::time_point heard_at) const {
  if (on_frame_) {
    on_frame_(reading, heard_at);
  }
}

void LtcSink::status(const LtcStatus& status) {
  if (same_apart_from_level(status, reported_) &&
      std::fabs(status.level_dbfs - reported_.level_dbfs) < kLevelStepDb) {
    return;
  }
  reported_ = status;
  if (on_status_) {
    on_status_(status);
  }
}

bool sleep_until(std::stop_token stop, std::chrono::steady_clock::time_point deadline) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  return !wake.wait_until(lock, stop, deadline, [] { return false; });
}

std::chrono::steady_clock::time_point after(std::chrono::steady_clock::time_point start,
                                            std::int64_t samples, int sample_rate) {
  // Whole seconds first, so a day of samples in nanoseconds does not overflow.
  const std::int64_t seconds = samples / sample_rate;
  const std::int64_t rest = samples % sample_rate;
  const auto offset =
      std::chrono::seconds(seconds) + std::chrono::nanoseconds(rest * 1'000'000'000 / sample_rate);
  return start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(offset);
}

}  // namespace detail

LtcInput::LtcInput(Options options, OnFrame on_frame, OnStatus on_status)
    : options_(std::move(options)),
      on_frame_(std::move(on_frame)),
      on_status_(std::move(on_status)) {}

LtcInput::~LtcInput() {
  stop();
}

void LtcInput::start() {
  if (thread_.joinable()) {
    return;
  }
  thread_ = std::jthread([this](std::stop_token stop) {
    detail::LtcSink sink(on_frame_, on_status_);
    if (const auto problem = check(options_.input)) {
      LtcStatus status;
      status.message = *problem;
      sink.status(status);
      return;
    }
    const std::string_view input = options_.input;
    const std::string rest(input.substr(input.find(':') + 1));
    if (input.starts_with("file:")) {
      detail::play_file(rest, options_, sink, stop);
    } else {
      detail::capture_alsa(rest, options_, sink, stop);
    }
  });
}

void LtcInput::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

std::optional<std::string> LtcInput::check(std::string_view input) {
  for (const std::string_view scheme : {"alsa:", "file:"}) {
    if (input.starts_with(scheme) && input.size() > scheme.size()) {
      return std::nullopt;
    }
  }
  return "The LTC input must be \"alsa:<device>\" (such as \"alsa:hw:1,0\") or "
         "\"file:<path to a WAV file>\", not \"" +
         std::string(input) + "\".";
}

}  // namespace slate::ltc
