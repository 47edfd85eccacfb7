// slate-ltc-wav: writes a 48 kHz 16-bit mono WAV file of LTC, to feed Slate's LTC input.
#include <CLI/CLI.hpp>
#include <cmath>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <slate/core/timecode.hpp>
#include <slate/ltc/ltc_encoder.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Writes a WAV file of linear timecode (LTC)"};
  std::string rate_text = "25";
  bool drop_frame = false;
  std::string start_text = "00:00:00:00";
  double seconds = 10;
  std::string date;
  double silence_before = 0;
  double silence_after = 0;
  std::string out;
  app.add_option("--rate", rate_text, "23.976, 24, 25, 29.97 or 30")->capture_default_str();
  app.add_flag("--drop-frame", drop_frame, "Drop-frame counting (29.97 only)");
  app.add_option("--start", start_text, "The first frame, HH:MM:SS:FF")->capture_default_str();
  app.add_option("--seconds", seconds, "How long the LTC lasts")->capture_default_str();
  app.add_option("--date", date, "YYYY-MM-DD to carry in the user bits");
  app.add_option("--silence-before", silence_before, "Seconds of silence before the LTC");
  app.add_option("--silence-after", silence_after, "Seconds of silence after the LTC");
  app.add_option("OUT.wav", out, "The file to write")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    const auto rate = slate::core::parse_frame_rate(rate_text);
    if (!rate || slate::core::nominal_fps(*rate) > 30) {
      std::cerr << "slate-ltc-wav: LTC runs at 23.976, 24, 25, 29.97 or 30 fps, not " << rate_text
                << "\n";
      return 2;
    }
    const auto parsed = slate::core::Timecode::parse(start_text, *rate);
    const bool counting = drop_frame || parsed.drop_frame();
    slate::ltc::LtcSignal signal;
    signal.start = slate::core::Timecode::from_parts(
        parsed.hours(), parsed.minutes(), parsed.seconds(), parsed.frame(), *rate, counting);
    const slate::core::Rational exact = slate::core::exact(*rate);
    signal.frames = std::llround(seconds * static_cast<double>(exact.numerator) /
                                 static_cast<double>(exact.denominator));
    if (!date.empty()) {
      signal.date = date;
    }
    signal.silence_before_seconds = silence_before;
    signal.silence_after_seconds = silence_after;
    slate::ltc::write_ltc_wav(out, signal);
  } catch (const std::exception& error) {
    std::cerr << "slate-ltc-wav: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
