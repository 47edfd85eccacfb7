#include <slate/ltc/wav.hpp>

#include "ltc_source.hpp"

namespace slate::ltc::detail {

void play_file(const std::string& path, const LtcInput::Options& options, LtcSink& sink,
               std::stop_token stop) {
  auto reader = WavReader::open(path, options.channel);
  if (!reader) {
    LtcStatus status;
    status.message = "The LTC file cannot be played: " + reader.error().message + ".";
    sink.status(status);
    return;
  }
  const int rate = reader->sample_rate();
  LtcDecoder decoder(rate, options.project_rate, options.drop_frame);
  // About 10 ms at a time, as a sound card would deliver it.
  const auto chunk = static_cast<std::size_t>(rate / 100);
  const auto start = std::chrono::steady_clock::now();
  std::int64_t played = 0;
  while (!stop.stop_requested()) {
    std::vector<float> samples = reader->read(chunk);
    if (samples.empty() && options.loop && played > 0 && reader->frames() > 0) {
      reader->rewind();
      continue;
    }
    if (samples.empty()) {
      decoder.end_of_signal();
      sink.status(decoder.status());
      return;
    }
    // A chunk is heard once its last sample has been played.
    const auto heard = static_cast<std::int64_t>(samples.size());
    if (!sleep_until(stop, after(start, played + heard, rate))) {
      return;
    }
    for (const LtcReading& reading : decoder.feed(samples)) {
      sink.frame(reading, after(start, reading.sample, rate));
    }
    played += heard;
    sink.status(decoder.status());
  }
}

}  // namespace slate::ltc::detail
