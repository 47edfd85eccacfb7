#pragma once
// The two places LTC is heard from, each run on LtcInput's thread until it is asked to stop.

#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include <slate/ltc/ltc_input.hpp>

namespace slate::ltc::detail {

/// Hands a source's frames and status changes to LtcInput's callbacks.
class LtcSink {
 public:
  LtcSink(const LtcInput::OnFrame& on_frame, const LtcInput::OnStatus& on_status)
      : on_frame_(on_frame), on_status_(on_status) {}

  void frame(const LtcReading& reading, std::chrono::steady_clock::time_point heard_at) const;
  /// Reports `status` if it differs from the last one reported, leaving aside level jitter.
  void status(const LtcStatus& status);

 private:
  const LtcInput::OnFrame& on_frame_;
  const LtcInput::OnStatus& on_status_;
  LtcStatus reported_;
};

/// Sleeps until `deadline`; false if a stop was asked for first.
bool sleep_until(std::stop_token stop, std::chrono::steady_clock::time_point deadline);

/// The instant `samples` at `sample_rate` after `start`.
std::chrono::steady_clock::time_point after(std::chrono::steady_clock::time_point start,
                                            std::int64_t samples, int sample_rate);

/// Plays a WAV file in real time, once or in a loop.
void play_file(const std::string& path, const LtcInput::Options& options, LtcSink& sink,
               std::stop_token stop);

/// Captures from an ALSA device, reopening it while it cannot be opened.
void capture_alsa(const std::string& device, const LtcInput::Options& options, LtcSink& sink,
                  std::stop_token stop);

}  // namespace slate::ltc::detail
