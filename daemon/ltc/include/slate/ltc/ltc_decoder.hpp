#pragma once
/// Linear timecode (LTC) read from audio samples: frames, the rate measured from the signal, and
/// whether it may be used at the project's rate. Pure: no I/O and no clock inside.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <slate/core/timecode.hpp>

namespace slate::ltc {

/// A frame of LTC, and the sample (counted from the first sample fed) at which it starts.
struct LtcReading {
  core::Timecode timecode;
  std::int64_t sample = 0;
};

/// no_signal: nothing decodable heard. locking: frames heard, not yet five in a row. locked:
/// frames are being delivered. holdover: the signal stopped after being locked. refused: a good
/// signal whose rate or counting disagrees with the project's.
enum class LtcState { no_signal, locking, locked, holdover, refused };

/// "no_signal", "locking", "locked", "holdover", "refused".
std::string_view to_string(LtcState state);

struct LtcStatus {
  LtcState state = LtcState::no_signal;
  /// Measured from samples per frame (and checked against the frame numbers).
  std::optional<core::FrameRate> rate;
  /// The LTC's drop-frame bit.
  bool drop_frame = false;
  /// Peak signal level over about the last second.
  double level_dbfs = -120;
  /// Times a locked signal was lost (not counting the end of a file).
  std::int64_t dropouts = 0;
  /// "2026-12-01" from the user bits (SMPTE 309M), when they hold a plausible date.
  std::optional<std::string> date;
  /// "" or a sentence for the script view.
  std::string message;
  bool operator==(const LtcStatus&) const = default;
};

/// Decodes mono audio into LTC frames. It locks after five consecutive frames, each exactly one
/// frame after the one before and one frame's worth of samples later; a frame that breaks the
/// sequence after that starts locking again.
class LtcDecoder {
 public:
  /// Throws std::invalid_argument for a sample rate below 8 kHz or drop-frame at a rate without.
  LtcDecoder(int sample_rate, core::FrameRate project_rate, bool project_drop_frame);
  ~LtcDecoder();
  LtcDecoder(LtcDecoder&&) noexcept;
  LtcDecoder& operator=(LtcDecoder&&) noexcept;
  LtcDecoder(const LtcDecoder&) = delete;
  LtcDecoder& operator=(const LtcDecoder&) = delete;

  /// Decodes the next samples (-1 to 1). Returns the frames accepted while locked: the frame that
  /// completed the lock, then every frame that follows it.
  std::vector<LtcReading> feed(std::span<const float> mono);
  /// No more samples will come (a file ended): locked becomes holdover.
  void end_of_signal();
  const LtcStatus& status() const;
  /// The sample count at which it last locked (the end of the fifth frame), if it has.
  std::optional<std::int64_t> locked_at() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace slate::ltc
