// The ALE and the CSV editor's log, made from the editorial log. The ALE follows what Media
// Composer needs to merge a log into its master clips (merged on Tape or Source File, with Start
// and End matching the media's own timecode); the CSV is the script supervisor's log for people.

#include <algorithm>
#include <map>
#include <stdexcept>

#include <slate/core/timecode.hpp>
#include <slate/exports/deliverables.hpp>

#include "take_words.hpp"

namespace slate::exports {

namespace {

using detail::status_words;
using detail::take_duration;
using production::TakeKind;
using production::TakeStatus;

// Avid keeps 32 characters of a clip's name; cut on a character, never inside one.
std::string first_characters(const std::string& text, std::size_t count) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80 && characters++ == count) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::string yes_or_empty(bool value) {
  return value ? "Yes" : "";
}

// YYYYMMDD, as Resolve and the camera labs write Shoot Date.
std::string compact_date(const std::string& date) {
  std::string digits;
  for (const char c : date.substr(0, 10)) {
    if (c >= '0' && c <= '9') {
      digits += c;
    }
  }
  return digits.size() == 8 ? digits : date;
}

// The clip's timecodes as Avid reads them: Start its first frame, End the frame after its last
// (End wraps past midnight to 00:…), Duration its length; ';' only at a drop-frame rate, exactly
// as probed. A clip with no timecode starts at 00:00:00:00, as Resolve logs one.
struct ClipTimes {
  std::string start;
  std::string end;
  std::string duration;
};

ClipTimes times_of(const EditorialClip& clip, core::FrameRate fallback) {
  const auto rate = core::parse_frame_rate(clip.rate).value_or(fallback);
  const bool drop_frame = clip.drop_frame && core::allows_drop_frame(rate);
  core::Timecode start = core::Timecode::from_frames(0, rate, drop_frame);
  if (clip.start_tc) {
    try {
      start = core::Timecode::parse(*clip.start_tc, rate);
    } catch (const core::TimecodeError&) {
      // A stored timecode that does not read at the clip's rate stays out of the ALE.
    }
  }
  const auto frames = std::max<std::int64_t>(clip.frames, 0);
  return {start.to_string(), (start + frames).to_string(),
          core::Timecode::from_frames(frames, rate, start.drop_frame()).to_string()};
}

std::string tracks_of(const EditorialClip& clip, const EditorialTake* take) {
  std::string tracks = "V";
  if (take && take->take.mos) {
    return tracks;
  }
  for (int channel = 1; channel <= clip.audio_channels; ++channel) {
    tracks += "A" + std::to_string(channel);
  }
  return tracks;
}

// The most frequent of the values `of` gives the clips (ties: the first seen); `otherwise` for
// none.
template <class Of>
std::string most_frequent(const std::vector<EditorialClip>& clips, Of of,
                          const std::string& otherwise) {
  std::map<std::string, std::size_t> counts;
  std::vector<std::string> seen;
  for (const auto& clip : clips) {
    auto value = of(clip);
    if (value.empty()) {
      continue;
    }
    if (counts[value]++ == 0) {
      seen.push_back(value);
    }
  }
  std::string best = otherwise;
  std::size_t most = 0;
  for (const auto& value : seen) {
    if (counts[value] > most) {
      best = value;
      most = counts[value];
    }
  }
  return best;
}

const std::vector<std::string>& ale_columns() {
  static const std::vector<std::string> columns = {
      "Name",       "Tracks",      "Start",    "End",      "Duration",    "FPS",
      "Tape",       "Source File", "Camroll",  "Camera",   "Scene",       "Take",
      "Shoot Date", "DESCRIPT",    "Comments", "Circled",  "Take Status", "Director Flag",
      "Setup",      "Unit",        "Day",      "Checksum", "Image Size",  "Codec"};
  return columns;
}

// RFC 4180: a field with a comma, a quote, a CR or an LF is quoted, its quotes doubled. A field
// a spreadsheet would run as a formula (=, +, @, or - before a character) starts with an
// apostrophe, so that a note typed on set can never execute in the office's Excel.
std::string csv_field(const std::string& value) {
  std::string text = value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' ||
                        (text[0] == '-' && text.size() > 1 && text[1] != ' '))) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    line += (i ? "," : "") + csv_field(fields[i]);
  }
  return line + "\r\n";
}

}  // namespace

namespace detail {

std::string file_name_of(const std::string& relative_path) {
  const auto slash = relative_path.find_last_of('/');
  return slash == std::string::npos ? relative_path : relative_path.substr(slash + 1);
}

std::string status_words(production::TakeStatus status) {
  switch (status) {
    case production::TakeStatus::circled:
      return "Circled";
    case production::TakeStatus::hold:
      return "Hold";
    case production::TakeStatus::ng:
      return "NG";
    case production::TakeStatus::false_start:
      return "False start";
    case production::TakeStatus::none:
      break;
  }
  return "";
}

std::optional<TakeLength> take_length(const production::Take& take) {
  const auto rate = core::parse_frame_rate(take.rate);
  if (!rate || !take.cut_tc) {
    return std::nullopt;
  }
  try {
    const auto roll = core::Timecode::parse(take.roll_tc, *rate);
    const auto cut = core::Timecode::parse(*take.cut_tc, *rate);
    auto frames = cut - roll;
    if (frames < 0) {  // cut after midnight
      frames += core::Timecode::frames_per_day(*rate, roll.drop_frame());
    }
    return TakeLength{frames, *rate, roll.drop_frame()};
  } catch (const core::TimecodeError&) {
    return std::nullopt;
  }
}

std::string take_duration(const production::Take& take) {
  const auto length = take_length(take);
  return length ? core::Timecode::from_frames(length->frames, length->rate, length->drop_frame)
                      .to_string()
                : "";
}

}  // namespace detail

std::string video_format_of(int width, int height) {
  if (height == 1080 && (width == 1920 || width == 1440)) {
    return "1080";
  }
  if (height == 720 && width == 1280) {
    return "720";
  }
  if (width == 720 && (height == 480 || height == 486)) {
    return "NTSC";
  }
  if (width == 720 && height == 576) {
    return "PAL";
  }
  return "CUSTOM";
}

std::string ale_fps(const std::string& rate) {
  const auto parsed = core::parse_frame_rate(rate);
  return parsed ? core::to_string(*parsed) : rate;
}

Ale ale_of(const EditorialLog& log, const AleOptions& options) {
  const auto project_rate =
      core::parse_frame_rate(log.project_fps).value_or(core::FrameRate::fps23_976);
  Ale ale;
  const auto pictured = [](const EditorialClip& clip) {
    return clip.width > 0 && !clip.still ? video_format_of(clip.width, clip.height) : std::string();
  };
  const auto sampled = [](const EditorialClip& clip) {
    return clip.audio_sample_rate > 0 ? std::to_string(clip.audio_sample_rate / 1000) + "kHz"
                                      : std::string();
  };
  ale.heading = {
      {"FIELD_DELIM", "TABS"},
      {"VIDEO_FORMAT", options.video_format.empty() ? most_frequent(log.clips, pictured, "1080")
                                                    : options.video_format},
      {"AUDIO_FORMAT", most_frequent(log.clips, sampled, "48kHz")},
      {"FPS", core::to_string(project_rate)},
  };
  ale.columns = ale_columns();
  for (const auto& clip : log.clips) {
    const EditorialTake* take = clip.take ? &log.takes.at(*clip.take) : nullptr;
    // A wild track is sound only: its clips have no picture to merge with. A still is not a
    // master clip Avid merges a log into.
    if ((take && take->take.wild) || clip.still) {
      continue;
    }
    const auto times = times_of(clip, project_rate);
    const auto rate = core::parse_frame_rate(clip.rate).value_or(project_rate);
    ale.rows.push_back({
        first_characters(clip.name, 32),
        tracks_of(clip, take),
        times.start,
        times.end,
        times.duration,
        core::to_string(rate),
        clip.tape,
        clip.source_file,
        clip.roll,
        clip.camera,
        take ? take->take.scene : "",
        take ? std::to_string(take->take.number) : "",
        compact_date(clip.shoot_date.empty() ? clip.recorded_at : clip.shoot_date),
        take ? take->setup_description : "",
        take ? take->take.notes : "",
        take ? yes_or_empty(take->take.status == TakeStatus::circled) : "",
        take ? status_words(take->take.status) : "",
        take ? yes_or_empty(take->take.flagged) : "",
        take ? take->take.setup : "",
        clip.unit,
        clip.day_number > 0 ? std::to_string(clip.day_number) : "",
        clip.checksum,
        clip.width > 0 ? std::to_string(clip.width) + "x" + std::to_string(clip.height) : "",
        clip.codec,
    });
    for (auto& value : ale.rows.back()) {
      value = ale_value(value);
    }
  }
  return ale;
}

std::string editors_log_csv(const EditorialLog& log) {
  std::string text = "\xEF\xBB\xBF";
  text += csv_line({"Day",      "Date",   "Unit",          "Scene",      "Setup",      "Take",
                    "Number",   "Status", "Director Flag", "Cameras",    "Roll TC",    "Cut TC",
                    "Duration", "Rate",   "Clips",         "MOS",        "Wild Track", "Pickup",
                    "Series",   "VFX",    "Notes",         "Description"});
  // Each take's clips by camera, with the card they are on: "A: A001C003 (A001); B: …".
  std::vector<std::string> clips_of(log.takes.size());
  for (const auto& clip : log.clips) {
    if (!clip.take) {
      continue;
    }
    auto& listed = clips_of[*clip.take];
    listed += (listed.empty() ? "" : "; ") + (clip.camera.empty() ? "?" : clip.camera) + ": " +
              clip.name + " (" + (clip.reel.empty() ? clip.roll : clip.reel) + ")";
  }
  for (std::size_t i = 0; i < log.takes.size(); ++i) {
    const auto& logged = log.takes[i];
    const auto& take = logged.take;
    std::string cameras;
    for (const auto& camera : take.cameras) {
      cameras += (cameras.empty() ? "" : " ") + camera;
    }
    text += csv_line({std::to_string(logged.day_number),
                      logged.day_date,
                      logged.unit,
                      take.scene,
                      take.wild ? "" : take.setup,
                      logged.name,
                      (take.wild ? "WT" : "") + std::to_string(take.number),
                      status_words(take.status),
                      yes_or_empty(take.flagged),
                      cameras,
                      take.roll_tc,
                      take.cut_tc.value_or(""),
                      take_duration(take),
                      take.rate,
                      clips_of[i],
                      yes_or_empty(take.mos),
                      yes_or_empty(take.wild),
                      yes_or_empty(take.kind == TakeKind::pickup),
                      yes_or_empty(take.kind == TakeKind::series),
                      yes_or_empty(take.vfx),
                      take.notes,
                      logged.setup_description});
  }
  return text;
}

std::string deliverable_name(const EditorialLog& log, const std::string& extension) {
  std::string project;
  for (const char c : log.project) {
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.';
    if (kept) {
      project += c;
    } else if (!project.empty() && project.back() != '_') {
      project += '_';
    }
  }
  while (!project.empty() && (project.back() == '_' || project.back() == '.')) {
    project.pop_back();
  }
  if (project.empty()) {
    project = "Slate";
  }
  const auto two_digits = [](int number) {
    return (number < 10 ? "0" : "") + std::to_string(number);
  };
  std::string name = project + "_";
  if (!log.days.empty() && log.days.front().unit != "main") {
    name += log.days.front().unit + "_";
  }
  if (log.days.empty()) {
    return name + "log." + extension;
  }
  name += "day" + two_digits(log.days.front().number);
  if (log.days.size() > 1) {
    name += "-" + two_digits(log.days.back().number);
  }
  return name + "_" + log.days.front().date + "." + extension;
}

}  // namespace slate::exports
