#include <MediaInfo/MediaInfo.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
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

// MediaInfo's dates in UTC: "2026-11-27 14:03:07 UTC", "UTC 2026-11-27 14:03:07",
// "2026-11-27T14:03:07.120Z". A date in local time, or QuickTime's 1904 zero, says nothing.
std::string utc_date(std::string text) {
  bool utc = false;
  if (const auto at = text.find("UTC"); at != std::string::npos) {
    text.erase(at, 3);
    utc = true;
  }
  while (!text.empty() && text.front() == ' ') {
    text.erase(0, 1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
  }
  if (!text.empty() && text.back() == 'Z') {
    text.pop_back();
    utc = true;
  }
  if (!utc || text.size() < 19 || (text[10] != ' ' && text[10] != 'T')) {
    return {};
  }
  for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      return {};
    }
  }
  if (text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' ||
      text.compare(0, 4, "1971") < 0) {
    return {};
  }
  std::string millis = "000";
  if (text.size() > 20 && text[19] == '.') {
    for (std::size_t i = 0;
         i < 3 && 20 + i < text.size() && std::isdigit(static_cast<unsigned char>(text[20 + i]));
         ++i) {
      millis[i] = text[20 + i];
    }
  }
  return text.substr(0, 10) + "T" + text.substr(11, 8) + "." + millis + "Z";
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
    result.recorded_at = utc_date(first_of(*general, {"Recorded_Date", "Encoded_Date"}));
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

std::string stored_probe(const ProbeResult& result) {
  using nlohmann::json;
  const auto& start = result.start;
  const auto& end = result.end;
  const json stored = {
      {"container", result.container},
      {"video_codec", result.video_codec},
      {"video_profile", result.video_profile},
      {"chroma_subsampling", result.chroma_subsampling},
      {"bit_depth", result.bit_depth},
      {"width", result.width},
      {"height", result.height},
      {"frame_rate", result.frame_rate ? json(std::to_string(result.frame_rate->numerator) + "/" +
                                              std::to_string(result.frame_rate->denominator))
                                       : json(nullptr)},
      {"rate", result.rate ? json(core::to_string(*result.rate)) : json(nullptr)},
      {"frames", result.frames},
      {"duration_seconds", result.duration_seconds},
      {"start_tc", start ? json(start->to_string()) : json(nullptr)},
      {"end_tc", end ? json(end->to_string()) : json(nullptr)},
      {"drop_frame", start && start->drop_frame()},
      {"camera_make", result.camera_make},
      {"camera_model", result.camera_model},
      {"camera_serial", result.camera_serial},
      {"reel", result.reel},
      {"audio_channels", result.audio_channels},
      {"audio_sample_rate", result.audio_sample_rate},
      {"previewable", result.previewable},
      {"recorded_at", result.recorded_at.empty() ? json(nullptr) : json(result.recorded_at)},
  };
  return stored.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredProbe read_stored_probe(const std::string& text) {
  StoredProbe probe;
  const auto stored = nlohmann::json::parse(text, nullptr, false);
  if (!stored.is_object()) {
    return probe;
  }
  if (stored.contains("duration_seconds") && stored["duration_seconds"].is_number()) {
    probe.duration_seconds = stored["duration_seconds"].get<double>();
  }
  if (stored.contains("audio_channels") && stored["audio_channels"].is_number_integer()) {
    probe.audio_channels = stored["audio_channels"].get<int>();
  }
  if (stored.contains("start_tc") && stored["start_tc"].is_string()) {
    probe.start_tc = stored["start_tc"].get<std::string>();
  }
  if (stored.contains("rate") && stored["rate"].is_string()) {
    probe.rate = stored["rate"].get<std::string>();
  }
  return probe;
}

}  // namespace slate::media
