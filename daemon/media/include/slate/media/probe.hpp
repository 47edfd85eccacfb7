#pragma once
/// What a clip is: container, codec, size, exact rate, length in frames, start and end timecode,
/// camera and reel, audio. Read with MediaInfoLib, which reads the timecode of MOV (tmcd) and MXF
/// that GStreamer 1.22 does not.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <slate/core/timecode.hpp>

namespace slate::media {

/// A file that cannot be probed: the message names the file and says why.
class ProbeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProbeResult {
  std::string container;      ///< "QuickTime", "MPEG-4", "MXF".
  std::string video_codec;    ///< "ProRes", "AVC", "HEVC", "DNxHD"…; empty without video.
  std::string video_profile;  ///< "422 HQ", "High@L4.1"…
  std::string chroma_subsampling;
  int bit_depth = 0;
  int width = 0;
  int height = 0;
  std::optional<core::Rational> frame_rate;  ///< Exact, as the file says: 24000/1001.
  std::optional<core::FrameRate> rate;       ///< The timecode rate it is, when it is one.
  std::int64_t frames = 0;
  double duration_seconds = 0;
  std::optional<core::Timecode> start;  ///< The first frame's timecode.
  std::optional<core::Timecode> end;    ///< The last frame's (start + frames - 1).
  std::string camera_make;
  std::string camera_model;
  std::string camera_serial;
  std::string reel;
  int audio_channels = 0;
  int audio_sample_rate = 0;
  /// Whether this appliance can show it: thumbnails and proxies need a codec GStreamer decodes
  /// here. R3D, ARRIRAW and BRAW are not.
  bool previewable = false;
  /// When the media says it was recorded (UTC, ISO 8601 with ms); empty when it does not say, or
  /// says it only in local time.
  std::string recorded_at;
};

/// The probe as the catalogue stores it in clips.probe, and `slate probe --json` prints it: JSON
/// text with every field above.
std::string stored_probe(const ProbeResult& result);

/// What media jobs read back of a stored probe.
struct StoredProbe {
  double duration_seconds = 0;
  int audio_channels = 0;
  std::string start_tc;  ///< Empty when the clip has none.
  std::string rate;
};
StoredProbe read_stored_probe(const std::string& text);

/// Probes one file. Formats no library here decodes (R3D, ARRIRAW, BRAW, Cinema RAW Light) give
/// what MediaInfo reads of them, not previewable, and no error. Throws ProbeError for a file that
/// cannot be read or holds no audio or video MediaInfo recognises (a text file named .mov, a
/// zero-byte or badly truncated file).
ProbeResult probe_file(const std::filesystem::path& file);

/// Raw formats: probed for what their names and headers give, never previewed.
bool is_raw_format(const std::filesystem::path& file);

}  // namespace slate::media
