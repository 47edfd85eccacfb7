#include <MediaInfo/MediaInfo.h>
#include <algorithm>
#include <cmath>
#include <mutex>
#include <system_error>

#include <slate/core/file_name.hpp>
#include <slate/media/probe.hpp>

#include "readable_path.hpp"

namespace slate::media {

namespace {

// MediaInfoLib is built with UNICODE here: its strings are wchar_t, UTF-32 on Linux.
std::wstring widen(const std::string& utf8) {
  std::wstring wide;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    const int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : 4;
    char32_t code = length == 1   ? byte
                    : length == 2 ? byte & 0x1fu
                    : length == 3 ? byte & 0x0fu
                                  : byte & 0x07u;
    for (int k = 1; k < length && i + static_cast<std::size_t>(k) < utf8.size(); ++k) {
      code =
          (code << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3fu);
    }
    wide += static_cast<wchar_t>(code);
    i += static_cast<std::size_t>(length);
  }
  return wide;
}

std::string narrow(const std::wstring& wide) {
  std::string utf8;
  for (wchar_t character : wide) {
    const auto code = static_cast<char32_t>(character);
    if (code < 0x80) {
      utf8 += static_cast<char>(code);
    } else if (code < 0x800) {
      utf8 += static_cast<char>(0xc0 | (code >> 6));
      utf8 += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      utf8 += static_cast<char>(0xe0 | (code >> 12));
      utf8 += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      utf8 += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      utf8 += static_cast<char>(0xf0 | (code >> 18));
      utf8 += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      utf8 += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      utf8 += static_cast<char>(0x80 | (code & 0x3f));
    }
  }
  return utf8;
}

std::string text(const nlohmann::json& track, const char* key) {
  const auto found = track.find(key);
  return found != track.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The first of these keys the track has: MediaInfo names the same thing differently per format.
std::string first_of(const nlohmann::json& track, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (auto value = text(track, key); !value.empty()) {
      return value;
    }
  }
  return {};
}

std::int64_t integer(const nlohmann::json& track, const char* key) {
  const auto value = text(track, key);
  try {
    return value.empty() ? 0 : static_cast<std::int64_t>(std::llround(std::stod(value)));
  } catch (const std::exception&) {
    return 0;
  }
}

const nlohmann::json* track_of(const nlohmann::json& tracks, std::string_view type) {
  for (const auto& track : tracks) {
    if (track.is_object() && text(track, "@type") == type) {
      return &track;
    }
  }
  return nullptr;
}

}  // namespace

bool is_raw_format(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".r3d" || extension == ".braw" || extension == ".ari" ||
         extension == ".arx" || extension == ".crm" || extension == ".dng";
}

ProbeResult probe_file(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) {
    throw ProbeError(core::printable_name(file.string()) + ": cannot read: " + error.message());
  }
  if (size == 0) {
    throw ProbeError(core::printable_name(file.string()) + ": the file is empty");
  }
  std::string report;
  {
    MediaInfoLib::MediaInfo info;
    info.Option(L"Complete", L"1");
    info.Option(L"Output", L"JSON");
    const ReadablePath readable(file);
    if (info.Open(widen(readable.path())) == 0) {
      throw ProbeError(core::printable_name(file.string()) + ": MediaInfo cannot open it");
    }
    report = narrow(info.Inform());
    info.Close();
  }
  const auto parsed = nlohmann::json::parse(report, nullptr, false);
  const nlohmann::json* tracks =
      parsed.is_object() && parsed.contains("media") && parsed["media"].is_object()
          ? &parsed["media"]["track"]
          : nullptr;
  if (!tracks || !tracks->is_array()) {
    throw ProbeError(core::printable_name(file.string()) + ": MediaInfo recognises nothing in it");
  }
  const auto* general = track_of(*tracks, "General");
  const auto* video = track_of(*tracks, "Video");
  const auto* audio = track_of(*tracks, "Audio");
  const auto* other = track_of(*tracks, "Other");
  const bool raw = is_raw_format(file);

  ProbeResult result;
  if (general) {
    // MediaInfo calls a MOV "MPEG-4" with the profile "QuickTime".
    result.container =
        text(*general, "Format_Profile") == "QuickTime" ? "QuickTime" : text(*general, "Format");
    result.camera_make = first_of(*general, {"Encoded_Hardware_CompanyName", "Make"});
    result.camera_model =
        first_of(*general, {"Encoded_Hardware_Name", "Encoded_Hardware_Model", "Model"});
    result.camera_serial = first_of(*general, {"Encoded_Hardware_SerialNumber", "SerialNumber"});
    result.reel = first_of(*general, {"Reel", "ReelName", "TapeName"});
  }
  // A still (a continuity photo from a tethered camera, a DCIM JPEG or raw) is media too.
  const auto* image = track_of(*tracks, "Image");
  if (image && !video && !audio) {
    result.video_codec = text(*image, "Format");
    result.width = static_cast<int>(integer(*image, "Width"));
    result.height = static_cast<int>(integer(*image, "Height"));
    return result;
  }
  if (!video && !audio && !raw) {
    throw ProbeError(core::printable_name(file.string()) +
                     ": holds no audio or video that MediaInfo recognises (not a media file, or "
                     "truncated)");
  }
  if (video) {
    result.video_codec = text(*video, "Format");
    result.video_profile = text(*video, "Format_Profile");
    result.chroma_subsampling = text(*video, "ChromaSubsampling");
    result.bit_depth = static_cast<int>(integer(*video, "BitDepth"));
    result.width = static_cast<int>(integer(*video, "Width"));
    result.height = static_cast<int>(integer(*video, "Height"));
    const auto numerator = integer(*video, "FrameRate_Num");
    const auto denominator = integer(*video, "FrameRate_Den");
    if (numerator > 0 && denominator > 0) {
      result.frame_rate = core::Rational{numerator, denominator};
    } else if (const auto rate = text(*video, "FrameRate"); !rate.empty()) {
      // Whole rates come without a fraction: "25.000".
      const double value = std::stod(rate);
      if (std::abs(value - std::round(value)) < 1e-6) {
        result.frame_rate = core::Rational{static_cast<std::int64_t>(std::llround(value)), 1};
      }
    }
    if (const auto rate = text(*video, "FrameRate"); !rate.empty()) {
      result.rate = core::nearest_frame_rate(std::stod(rate));
    }
    result.frames = integer(*video, "FrameCount");
    result.duration_seconds = std::stod(
        first_of(*video, {"Duration"}).empty() ? std::string("0") : first_of(*video, {"Duration"}));
    if (result.reel.empty()) {
      result.reel = first_of(*video, {"TimeCode_Source_Reel", "Reel"});
    }
  }
  if (audio) {
    result.audio_channels = static_cast<int>(integer(*audio, "Channels"));
    result.audio_sample_rate = static_cast<int>(integer(*audio, "SamplingRate"));
    if (!video) {
      result.duration_seconds =
          std::stod(text(*audio, "Duration").empty() ? std::string("0") : text(*audio, "Duration"));
    }
  }
  // The start timecode: the tmcd track of a MOV is an "Other" track; MXF puts it on the video.
  std::string first_frame = other ? text(*other, "TimeCode_FirstFrame") : std::string();
  bool drop_frame = other && text(*other, "TimeCode_DropFrame") == "Yes";
  if (first_frame.empty() && video) {
    first_frame = text(*video, "TimeCode_FirstFrame");
    drop_frame = text(*video, "TimeCode_DropFrame") == "Yes";
  }
  if (!first_frame.empty() && result.rate) {
    try {
      // MediaInfo marks drop-frame with ';' too; a ':' with the drop-frame flag is still DF.
      auto start = core::Timecode::parse(first_frame, *result.rate);
      if (drop_frame && !start.drop_frame() && core::allows_drop_frame(*result.rate)) {
        start = core::Timecode::from_parts(start.hours(), start.minutes(), start.seconds(),
                                           start.frame(), *result.rate, true);
      }
      result.start = start;
      if (result.frames > 0) {
        result.end = start + (result.frames - 1);
      }
    } catch (const core::TimecodeError&) {
      // A timecode the file states wrongly is left out rather than guessed.
    }
  }
  result.previewable = !raw && video && !result.video_codec.empty();
  return result;
}

nlohmann::json ProbeResult::to_json() const {
  nlohmann::json json = {
      {"container", container},
      {"video_codec", video_codec},
      {"video_profile", video_profile},
      {"chroma_subsampling", chroma_subsampling},
      {"bit_depth", bit_depth},
      {"width", width},
      {"height", height},
      {"frame_rate", frame_rate ? nlohmann::json(std::to_string(frame_rate->numerator) + "/" +
                                                 std::to_string(frame_rate->denominator))
                                : nlohmann::json(nullptr)},
      {"rate", rate ? nlohmann::json(core::to_string(*rate)) : nlohmann::json(nullptr)},
      {"frames", frames},
      {"duration_seconds", duration_seconds},
      {"start_tc", start ? nlohmann::json(start->to_string()) : nlohmann::json(nullptr)},
      {"end_tc", end ? nlohmann::json(end->to_string()) : nlohmann::json(nullptr)},
      {"drop_frame", start && start->drop_frame()},
      {"camera_make", camera_make},
      {"camera_model", camera_model},
      {"camera_serial", camera_serial},
      {"reel", reel},
      {"audio_channels", audio_channels},
      {"audio_sample_rate", audio_sample_rate},
      {"previewable", previewable},
  };
  return json;
}

}  // namespace slate::media
