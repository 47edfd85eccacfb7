#pragma once
/// What people see of a clip on a tablet: poster frames and a small proxy that browsers play, made
/// with GStreamer.

#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>

namespace slate::media {

/// A preview that could not be made: the message names the file and what GStreamer said.
class PreviewError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Initialises GStreamer once for the process (safe to call from any thread, any number of times).
void ensure_gstreamer();

/// Writes one JPEG per width, of the frame at 1 s or 10 % in, whichever is earlier, keeping the
/// picture's shape. Each is written to a temporary name and renamed when whole.
void make_thumbnails(const std::filesystem::path& source, double duration_seconds,
                     const std::vector<std::pair<int, std::filesystem::path>>& outputs);

/// The first, middle and last frame, each `width` wide with the picture's shape, as JPEGs: the
/// strip an offload report prints for the clip. A frame that cannot be reached is left out (no
/// file); returns how many were written.
int make_strip(const std::filesystem::path& source, double duration_seconds,
               double frames_per_second, int width,
               const std::array<std::filesystem::path, 3>& outputs);

struct ProxyOptions {
  int width = 960;
  int height = 540;
  std::string burn_in;                   ///< Text at the top: the clip's name, scene and take.
  std::optional<core::Timecode> start;   ///< Running timecode burnt in from here.
  bool audio = true;                     ///< The source has audio to carry over.
  std::function<void(double)> progress;  ///< 0 to 1, now and then.
  const std::atomic<bool>* cancelled = nullptr;  ///< Stops early when set.
};

/// Whether a proxy was made, or stopped early because it was asked to.
enum class ProxyOutcome { made, cancelled };

/// An H.264 (4:2:0, 8-bit, Main profile) + AAC MP4 with its index at the front, which Chromium and
/// Safari play. Written to "<output>.part" and renamed when whole; a cancelled one leaves nothing.
/// Throws PreviewError when it cannot be made.
ProxyOutcome make_proxy(const std::filesystem::path& source, const std::filesystem::path& output,
                        const ProxyOptions& options);

}  // namespace slate::media
