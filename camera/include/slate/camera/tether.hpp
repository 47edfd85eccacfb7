#pragma once
/// Tethered cameras: one thread per camera that takes each new file the moment the camera has it
/// (its events, or a listing every few seconds where the driver has none), streams it to a
/// staging file, and hands it on complete, or not at all.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <slate/camera/camera_driver.hpp>

namespace slate::camera {

struct TetherOptions {
  /// Downloads are staged here, in a folder per camera, until handed on.
  std::filesystem::path staging_dir;
  std::chrono::milliseconds poll_interval{2000};  ///< For drivers without events.
  std::chrono::milliseconds event_timeout{1000};
  std::chrono::milliseconds reconnect_interval{2000};
  int busy_attempts = 10;
  std::chrono::milliseconds busy_backoff{200};
  bool autodetect = true;  ///< Look for USB cameras at start and on every USB change.
};

/// A camera the service knows of, connected or not.
struct TetheredCamera {
  std::string id;  ///< Stable while slated runs: a slug of the model and port.
  CameraSpec spec;
  bool configured = false;  ///< From the config (kept when gone) or autodetected (dropped).
  std::string roll;         ///< The roll its files are offloaded as.
  bool connected = false;
  bool polled = false;  ///< The driver has no events: its folders are listed every poll.
  std::string last_error;
  std::size_t files_taken = 0;
  std::uint64_t bytes_taken = 0;
};

struct TetherCallbacks {
  /// Whether a file was taken before (the catalogue knows, across restarts).
  std::function<bool(const TetheredCamera&, const CameraFile&)> already_taken;
  /// A file, complete, staged at `staged_root`/<its camera path>. The callee owns `staged_root`
  /// from then on.
  std::function<void(const TetheredCamera&, const CameraFile&,
                     const std::filesystem::path& staged_root)>
      file_taken;
  std::function<void(const TetheredCamera&)> connected;
  std::function<void(const TetheredCamera&, const std::string& reason)> disconnected;
};

class TetherService {
 public:
  TetherService(std::shared_ptr<CameraDriver> driver, TetherOptions options,
                TetherCallbacks callbacks);
  ~TetherService();  ///< Stops every camera thread.
  TetherService(const TetherService&) = delete;
  TetherService& operator=(const TetherService&) = delete;

  /// A camera from the config; its files go to `roll` (empty: the camera's id).
  void add(const CameraSpec& spec, const std::string& roll);
  /// Starts the configured cameras' threads and, with autodetect, looks for USB cameras.
  void start();
  /// Looks for USB cameras again (a USB device came or went).
  void rescan();
  void stop();

  std::vector<TetheredCamera> cameras() const;
  /// Queues every file on the camera not taken before, in the same pipeline as new shots.
  /// Returns false when there is no such camera.
  bool take_all(const std::string& id);

 private:
  struct Worker;
  void launch(TetheredCamera wanted);

  std::shared_ptr<CameraDriver> driver_;
  TetherOptions options_;
  TetherCallbacks callbacks_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Worker>> workers_;
  bool started_ = false;
};

/// "Canon EOS R5" on "usb:001,005" → "canon-eos-r5-usb-001-005".
std::string camera_id(const CameraSpec& spec);

}  // namespace slate::camera
