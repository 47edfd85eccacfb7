#pragma once
/// The seam between Slate and tethered cameras: find them, open one, wait for its events, list and
/// download its files. libgphoto2 is behind it in the appliance; tests script a camera through it
/// for what no machine here has (USB events, a cable pulled mid-download).

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace slate::camera {

/// A camera to open: libgphoto2's model name and port ("usb:001,005", "ptpip:192.0.2.10",
/// "disk:/srv/camera").
struct CameraSpec {
  std::string model;
  std::string port;
  bool operator==(const CameraSpec&) const = default;
};

/// A file on a camera.
struct CameraFile {
  std::string folder;  ///< Absolute on the camera: "/store_00010001/DCIM/100CANON".
  std::string name;    ///< "IMG_0001.CR3".
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  ///< Seconds since the epoch, as the camera says; 0 when it does not.

  std::string path() const { return folder == "/" ? "/" + name : folder + "/" + name; }
  bool operator==(const CameraFile&) const = default;
};

/// What went wrong, sorted by what the tethering loop does about it.
class CameraError : public std::runtime_error {
 public:
  enum class Kind {
    busy,           ///< Try again shortly.
    disconnected,   ///< The camera is gone (I/O, USB find or claim, lock): reconnect later.
    not_supported,  ///< The driver cannot do this (events on "Directory Browse"): fall back.
    failed,         ///< This one operation failed; the camera is still there.
  };
  CameraError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct CameraEvent {
  enum class Type { timeout, file_added, other };
  Type type = Type::timeout;
  CameraFile file;  ///< For file_added: folder and name (size and time not yet known).
};

/// An open camera. Used from one thread at a time.
class CameraConnection {
 public:
  virtual ~CameraConnection() = default;
  /// Waits up to `timeout` for the camera to say something. Throws CameraError.
  virtual CameraEvent wait_for_event(std::chrono::milliseconds timeout) = 0;
  /// Every file on every storage of the camera, with size and time. Throws CameraError.
  virtual std::vector<CameraFile> list_files() = 0;
  /// Size and time of one file. Throws CameraError.
  virtual CameraFile file_info(const std::string& folder, const std::string& name) = 0;
  /// Streams one file's bytes into `fd` (never the whole file in memory). Throws CameraError; the
  /// bytes written so far are then not the file.
  virtual void download(const CameraFile& file, int fd) = 0;
};

class CameraDriver {
 public:
  virtual ~CameraDriver() = default;
  /// Cameras that can be found without being told (USB). Throws CameraError.
  virtual std::vector<CameraSpec> detect() = 0;
  /// Throws CameraError: disconnected when the camera is not there.
  virtual std::unique_ptr<CameraConnection> open(const CameraSpec& camera) = 0;
};

/// The real thing, through libgphoto2.
std::shared_ptr<CameraDriver> gphoto2_driver();

}  // namespace slate::camera
