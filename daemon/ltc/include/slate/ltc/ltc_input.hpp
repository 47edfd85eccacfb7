#pragma once
/// LTC heard in real time, on its own thread: from an ALSA capture device or a WAV file played at
/// its own pace, decoded by LtcDecoder.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <slate/core/timecode.hpp>
#include <slate/ltc/ltc_decoder.hpp>

namespace slate::ltc {

class LtcInput {
 public:
  struct Options {
    /// "alsa:hw:1,0" (the rest is the ALSA device name) or "file:/path/ltc.wav".
    std::string input;
    /// Which channel carries the LTC, from 0.
    int channel = 0;
    /// Play the file again and again (demos); the sample count keeps increasing.
    bool loop = false;
    core::FrameRate project_rate = core::FrameRate::fps25;
    bool drop_frame = false;
  };
  /// A frame accepted while locked, and the steady_clock instant its first sample was heard.
  using OnFrame = std::function<void(const LtcReading&, std::chrono::steady_clock::time_point)>;
  /// On a change of status, not every frame; the level alone counts as a change when it moves by
  /// 1 dB or more from the level last reported.
  using OnStatus = std::function<void(const LtcStatus&)>;

  /// Both callbacks are called on the input's own thread.
  LtcInput(Options options, OnFrame on_frame, OnStatus on_status);
  ~LtcInput();  ///< Stops and joins.
  LtcInput(const LtcInput&) = delete;
  LtcInput& operator=(const LtcInput&) = delete;

  /// Starts listening; an input that cannot be opened is reported as no_signal with why.
  void start();
  /// Stops listening and waits for the thread; no callback runs after it returns.
  void stop();

  /// nullopt if `input` is a well-formed "alsa:<device>" or "file:<path>", else a sentence why not.
  static std::optional<std::string> check(std::string_view input);

 private:
  Options options_;
  OnFrame on_frame_;
  OnStatus on_status_;
  std::jthread thread_;
};

}  // namespace slate::ltc
