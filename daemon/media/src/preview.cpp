#include <algorithm>
#include <array>
#include <chrono>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <memory>
#include <mutex>
#include <thread>

#include <slate/core/file_name.hpp>
#include <slate/media/preview.hpp>

#include "readable_path.hpp"

namespace slate::media {

namespace fs = std::filesystem;

void ensure_gstreamer() {
  static std::once_flag once;
  std::call_once(once, [] { gst_init(nullptr, nullptr); });
}

namespace {

// GStreamer's launch syntax quotes with "…"; a path with a quote or backslash cannot be written in
// it safely, so such paths go through properties set after parsing instead.
std::string quoted(const std::string& text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      result += '\\';
    }
    result += c;
  }
  return result + "\"";
}

struct PipelineDeleter {
  void operator()(GstElement* pipeline) const {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
  }
};
using Pipeline = std::unique_ptr<GstElement, PipelineDeleter>;

Pipeline launch(const std::string& description, const fs::path& source) {
  ensure_gstreamer();
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error) {
    const std::string message = error->message;
    g_error_free(error);
    if (pipeline) {
      gst_object_unref(pipeline);
    }
    throw PreviewError(core::printable_name(source.string()) +
                       ": cannot build the pipeline: " + message);
  }
  return Pipeline(pipeline);
}

// Runs the pipeline until end of stream (true), an error (PreviewError), or cancellation (false);
// reports progress as the position over the duration.
bool run(GstElement* pipeline, const fs::path& source, const std::function<void(double)>& progress,
         const std::atomic<bool>* cancelled) {
  if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    // The bus says why.
  }
  GstBus* bus = gst_element_get_bus(pipeline);
  std::unique_ptr<GstBus, decltype(&gst_object_unref)> owned_bus(bus, gst_object_unref);
  for (;;) {
    GstMessage* message = gst_bus_timed_pop_filtered(
        bus, 250 * GST_MSECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    if (cancelled && cancelled->load()) {
      if (message) {
        gst_message_unref(message);
      }
      return false;
    }
    if (!message) {
      gint64 position = 0, duration = 0;
      if (progress && gst_element_query_position(pipeline, GST_FORMAT_TIME, &position) &&
          gst_element_query_duration(pipeline, GST_FORMAT_TIME, &duration) && duration > 0) {
        progress(static_cast<double>(position) / static_cast<double>(duration));
      }
      continue;
    }
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
      gst_message_unref(message);
      return true;
    }
    GError* error = nullptr;
    gchar* debug = nullptr;
    gst_message_parse_error(message, &error, &debug);
    const std::string reason = error ? error->message : "unknown error";
    g_clear_error(&error);
    g_free(debug);
    gst_message_unref(message);
    throw PreviewError(core::printable_name(source.string()) + ": " + reason);
  }
}

void finish(const fs::path& part, const fs::path& output, const fs::path& source) {
  std::error_code error;
  if (fs::file_size(part, error) == 0 || error) {
    fs::remove(part, error);
    throw PreviewError(core::printable_name(source.string()) + ": GStreamer wrote nothing");
  }
  fs::rename(part, output, error);
  if (error) {
    throw PreviewError("cannot write " + output.string() + ": " + error.message());
  }
}

}  // namespace

namespace {

// One pipeline per picture: decodebin finds the demuxer and decoder; each branch scales to its
// width with square pixels, so the height follows the picture's shape.
void snapshot(const fs::path& source, double at_seconds,
              const std::vector<std::pair<int, fs::path>>& outputs) {
  const ReadablePath readable(source);
  std::string description = "filesrc location=" + quoted(readable.path()) +
                            " ! decodebin ! videoconvert ! videoscale ! tee name=t";
  std::vector<fs::path> parts;
  for (const auto& [width, path] : outputs) {
    parts.push_back(path.string() + ".part");
    fs::create_directories(path.parent_path());
    description += " t. ! queue ! videoscale ! video/x-raw,width=" + std::to_string(width) +
                   ",pixel-aspect-ratio=1/1 ! videoconvert ! jpegenc quality=85 snapshot=true ! "
                   "filesink location=" +
                   quoted(parts.back().string());
  }
  auto pipeline = launch(description, source);
  // Paused first, so the seek lands before the first frame is encoded.
  gst_element_set_state(pipeline.get(), GST_STATE_PAUSED);
  GstState state = GST_STATE_NULL;
  if (gst_element_get_state(pipeline.get(), &state, nullptr, 10 * GST_SECOND) ==
      GST_STATE_CHANGE_FAILURE) {
    run(pipeline.get(), source, {}, nullptr);  // throws with the bus's reason
  }
  if (at_seconds > 0) {
    gst_element_seek_simple(pipeline.get(), GST_FORMAT_TIME,
                            static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
                            static_cast<gint64>(at_seconds * static_cast<double>(GST_SECOND)));
  }
  run(pipeline.get(), source, {}, nullptr);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    finish(parts[i], outputs[i].second, source);
  }
}

}  // namespace

void make_thumbnails(const fs::path& source, double duration_seconds,
                     const std::vector<std::pair<int, fs::path>>& outputs) {
  snapshot(source, std::min(1.0, duration_seconds * 0.1), outputs);
}

int make_strip(const fs::path& source, double duration_seconds, double frames_per_second, int width,
               const std::array<fs::path, 3>& outputs) {
  // The last frame starts one frame before the end; half a frame earlier still, so that a
  // rounded duration never seeks past it (which ends the stream with no picture).
  const double frame = frames_per_second > 0 ? 1.0 / frames_per_second : 0.04;
  const std::array<double, 3> at = {0.0, duration_seconds / 2,
                                    std::max(0.0, duration_seconds - 1.5 * frame)};
  int made = 0;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    try {
      snapshot(source, at[i], {{width, outputs[i]}});
      ++made;
    } catch (const PreviewError&) {
      // A frame the decoder cannot reach leaves a gap the report draws as a placeholder; the
      // other frames still show the clip.
    }
  }
  return made;
}

ProxyOutcome make_proxy(const fs::path& source, const fs::path& output,
                        const ProxyOptions& options) {
  fs::create_directories(output.parent_path());
  const fs::path part = output.string() + ".part";
  // The camera's 10-bit 4:2:2 (or 4:4:4) becomes 8-bit planar YUV of the same chroma first, then
  // is scaled, then becomes 4:2:0 on the small frame: GStreamer 1.22 has vectorised paths for
  // scaling 8-bit planes and for 4:2:2 or 4:4:4 to 4:2:0, none for scaling 10-bit, so this takes
  // about two thirds of the time of converting to 4:2:0 first and of scaling first (or of both in
  // one videoconvertscale). The chroma keeps its grid: nothing is resampled twice. An 8-bit 4:2:0
  // source stays 4:2:0 throughout. Both elements split their work across the cores.
  const auto threads = std::to_string(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  std::string video = "d. ! queue ! videoconvert n-threads=" + threads +
                      " ! video/x-raw,format={Y444,Y42B,I420} ! videoscale n-threads=" + threads +
                      " add-borders=true ! video/x-raw,width=" + std::to_string(options.width) +
                      ",height=" + std::to_string(options.height) +
                      ",pixel-aspect-ratio=1/1 ! videoconvert ! video/x-raw,format=I420";
  if (options.start) {
    video += " ! timecodestamper name=stamper source=internal drop-frame=" +
             std::string(options.start->drop_frame() ? "true" : "false") +
             " ! timeoverlay time-mode=time-code halignment=right valignment=bottom "
             "font-desc=\"Sans 18\" shaded-background=true";
  }
  if (!options.burn_in.empty()) {
    video +=
        " ! textoverlay name=label halignment=left valignment=top font-desc=\"Sans 18\" "
        "shaded-background=true";
  }
  // 4:2:0 8-bit Main profile: what every tablet's browser decodes (x264enc would pick 4:4:4).
  video +=
      " ! videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=veryfast "
      "bitrate=2500 key-int-max=48 ! video/x-h264,profile=main ! h264parse ! queue ! m.";
  const ReadablePath readable(source);
  std::string description = "filesrc location=" + quoted(readable.path()) +
                            " ! decodebin name=d mp4mux name=m faststart=true ! filesink "
                            "location=" +
                            quoted(part.string()) + " " + video;
  if (options.audio) {
    description +=
        " d. ! queue ! audioconvert ! audioresample ! audio/x-raw,rate=48000 ! "
        "avenc_aac bitrate=128000 ! aacparse ! queue ! m.";
  }
  auto pipeline = launch(description, source);
  if (options.start) {
    GstElement* stamper = gst_bin_get_by_name(GST_BIN(pipeline.get()), "stamper");
    const auto rate = core::exact(options.start->rate());
    GstVideoTimeCode* start = gst_video_time_code_new(
        static_cast<guint>(rate.numerator), static_cast<guint>(rate.denominator), nullptr,
        options.start->drop_frame() ? GST_VIDEO_TIME_CODE_FLAGS_DROP_FRAME
                                    : GST_VIDEO_TIME_CODE_FLAGS_NONE,
        static_cast<guint>(options.start->hours()), static_cast<guint>(options.start->minutes()),
        static_cast<guint>(options.start->seconds()), static_cast<guint>(options.start->frame()),
        0);
    g_object_set(stamper, "set-internal-timecode", start, nullptr);
    gst_video_time_code_free(start);
    gst_object_unref(stamper);
  }
  if (!options.burn_in.empty()) {
    GstElement* label = gst_bin_get_by_name(GST_BIN(pipeline.get()), "label");
    // Pango takes UTF-8 only: the clip's name as people read it.
    const auto text = core::printable_name(options.burn_in);
    g_object_set(label, "text", text.c_str(), nullptr);
    gst_object_unref(label);
  }
  bool whole = false;
  try {
    whole = run(pipeline.get(), source, options.progress, options.cancelled);
  } catch (...) {
    pipeline.reset();
    std::error_code ignored;
    fs::remove(part, ignored);
    throw;
  }
  pipeline.reset();
  if (!whole) {
    std::error_code ignored;
    fs::remove(part, ignored);
    return ProxyOutcome::cancelled;
  }
  finish(part, output, source);
  return ProxyOutcome::made;
}

}  // namespace slate::media
