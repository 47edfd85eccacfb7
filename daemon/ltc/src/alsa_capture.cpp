#include <algorithm>
#include <alsa/asoundlib.h>
#include <cerrno>
#include <memory>
#include <optional>
#include <variant>

#include "ltc_source.hpp"

namespace slate::ltc::detail {

namespace {

constexpr unsigned kWantedRate = 48000;
constexpr unsigned kPeriodMicroseconds = 10'000;
constexpr unsigned kBufferMicroseconds = 200'000;
// How long to wait before trying a device again that could not be opened or went away.
constexpr auto kRetry = std::chrono::seconds(2);
constexpr int kWaitMilliseconds = 100;

struct PcmClose {
  void operator()(snd_pcm_t* pcm) const { snd_pcm_close(pcm); }
};
using Pcm = std::unique_ptr<snd_pcm_t, PcmClose>;

struct Capture {
  Pcm pcm;
  unsigned rate = 0;
  unsigned channels = 0;
  snd_pcm_uframes_t period = 0;
};

LtcStatus failed(const std::string& device, const std::string& what, int error) {
  LtcStatus status;
  status.message =
      "The ALSA capture device " + device + " " + what + ": " + snd_strerror(error) + ".";
  return status;
}

// Opens `device` for 16-bit interleaved capture near 48 kHz, with at least channel + 1 channels.
std::variant<Capture, LtcStatus> open_capture(const std::string& device, int channel) {
  snd_pcm_t* raw = nullptr;
  int error = snd_pcm_open(&raw, device.c_str(), SND_PCM_STREAM_CAPTURE, 0);
  if (error < 0) {
    return failed(device, "cannot be opened", error);
  }
  Capture capture;
  capture.pcm.reset(raw);
  snd_pcm_hw_params_t* params = nullptr;
  snd_pcm_hw_params_alloca(&params);
  snd_pcm_t* pcm = capture.pcm.get();
  unsigned min_channels = 1;
  unsigned max_channels = 1;
  unsigned period_time = kPeriodMicroseconds;
  unsigned buffer_time = kBufferMicroseconds;
  int direction = 0;
  capture.rate = kWantedRate;
  if ((error = snd_pcm_hw_params_any(pcm, params)) < 0 ||
      (error = snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
      (error = snd_pcm_hw_params_set_format(pcm, params, SND_PCM_FORMAT_S16_LE)) < 0 ||
      (error = snd_pcm_hw_params_get_channels_min(params, &min_channels)) < 0 ||
      (error = snd_pcm_hw_params_get_channels_max(params, &max_channels)) < 0) {
    return failed(device, "does not capture 16-bit audio", error);
  }
  const auto wanted = static_cast<unsigned>(channel) + 1;
  if (wanted > max_channels) {
    return failed(device, "has no channel " + std::to_string(channel), -EINVAL);
  }
  capture.channels = std::max(wanted, min_channels);
  if ((error = snd_pcm_hw_params_set_channels(pcm, params, capture.channels)) < 0 ||
      (error = snd_pcm_hw_params_set_rate_near(pcm, params, &capture.rate, &direction)) < 0 ||
      (error = snd_pcm_hw_params_set_buffer_time_near(pcm, params, &buffer_time, &direction)) < 0 ||
      (error = snd_pcm_hw_params_set_period_time_near(pcm, params, &period_time, &direction)) < 0 ||
      (error = snd_pcm_hw_params(pcm, params)) < 0 ||
      (error = snd_pcm_hw_params_get_period_size(params, &capture.period, &direction)) < 0 ||
      (error = snd_pcm_prepare(pcm)) < 0) {
    return failed(device, "cannot be set up for capture", error);
  }
  return capture;
}

// Captures until stopped or the device fails; returns the status to report on failure.
std::optional<LtcStatus> run_capture(const std::string& device, Capture& capture,
                                     const LtcInput::Options& options, LtcSink& sink,
                                     const std::stop_token& stop) {
  const int rate = static_cast<int>(capture.rate);
  LtcDecoder decoder(rate, options.project_rate, options.drop_frame);
  std::vector<std::int16_t> interleaved(capture.period * capture.channels);
  std::vector<float> mono;
  std::int64_t captured = 0;
  while (!stop.stop_requested()) {
    // Waiting a bounded time first keeps stop() prompt even if the device stalls.
    const int ready = snd_pcm_wait(capture.pcm.get(), kWaitMilliseconds);
    if (ready == 0) {
      continue;
    }
    snd_pcm_sframes_t got =
        ready < 0 ? ready : snd_pcm_readi(capture.pcm.get(), interleaved.data(), capture.period);
    if (got < 0) {
      // An overrun loses samples; the decoder sees a jump and locks again.
      got = snd_pcm_recover(capture.pcm.get(), static_cast<int>(got), 1);
      if (got < 0) {
        decoder.end_of_signal();
        LtcStatus status = failed(device, "stopped capturing", static_cast<int>(got));
        status.dropouts = decoder.status().dropouts;
        return status;
      }
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    snd_pcm_sframes_t delay = 0;
    if (snd_pcm_delay(capture.pcm.get(), &delay) < 0 || delay < 0) {
      delay = 0;
    }
    mono.resize(static_cast<std::size_t>(got));
    for (std::size_t i = 0; i < mono.size(); ++i) {
      mono[i] = static_cast<float>(
                    interleaved[i * capture.channels + static_cast<std::size_t>(options.channel)]) /
                32768.0f;
    }
    captured += got;
    // The sample after the newest one read was heard `delay` frames ago: still buffered.
    const auto next_heard =
        now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                  std::chrono::duration<double>(static_cast<double>(delay) / rate));
    for (const LtcReading& reading : decoder.feed(mono)) {
      const auto behind = after({}, captured - reading.sample, rate).time_since_epoch();
      sink.frame(reading, next_heard - behind);
    }
    sink.status(decoder.status());
  }
  return std::nullopt;
}

}  // namespace

void capture_alsa(const std::string& device, const LtcInput::Options& options, LtcSink& sink,
                  std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto opened = open_capture(device, options.channel);
    if (auto* status = std::get_if<LtcStatus>(&opened)) {
      sink.status(*status);
    } else if (auto problem = run_capture(device, std::get<Capture>(opened), options, sink, stop)) {
      sink.status(*problem);
    }
    if (!sleep_until(stop, std::chrono::steady_clock::now() + kRetry)) {
      return;
    }
  }
}

}  // namespace slate::ltc::detail
