#pragma once
/// slated's configuration: a TOML file (slated --config FILE), or the embedded defaults.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <slate/log/log.hpp>

namespace slate::app {

/// A configuration that cannot be used. The message names the file, the line and the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerConfig {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;  ///< 0 picks a free port (tests).
  std::filesystem::path ui_dir;      ///< The tablet UI's files; empty means the built-in location.
  std::uint64_t max_body_bytes = 1024 * 1024;
  /// Connections open at once, in all and from one client address; at a cap the one waiting
  /// longest for a request is closed to make room.
  std::uint32_t max_connections = 2048;
  std::uint32_t max_connections_per_address = 256;
  /// HTTPS with the box's own CA on tls_listen; plain HTTP then serves the whole app to loopback
  /// only, and the trust page to the set's addresses.
  bool tls = false;
  std::string tls_address = "127.0.0.1";
  std::uint16_t tls_port = 8443;  ///< 0 picks a free port (tests).
  /// Names the box answers to besides slate.local and its host name: in its certificate, and
  /// accepted as an event stream's Origin.
  std::vector<std::string> names;
};

struct StorageConfig {
  std::filesystem::path data_dir = "var";
  /// How long the answer to a request sent with an Idempotency-Key is kept for its retries
  /// (a tablet offline for a day's shoot replays its marks when it is back).
  int idempotency_hours = 24;
};

struct LogConfig {
  log::Level level = log::Level::info;
};

/// `[offload]`: what an offload request leaves out.
struct OffloadConfig {
  std::string hashes = "xxh64";  ///< Comma-separated; the first verifies the copies.
  std::string verify = "full";   ///< full, source or none.
  std::string path_template = "{date}/{roll}";
  int min_destinations = 2;  ///< Verified destinations a card needs to be safe to format.
};

/// One `[[destinations]]` entry: a drive folder offloads can name.
struct DestinationConfig {
  std::string name;
  std::filesystem::path path;
  bool is_default = false;  ///< Used when an offload names none.
};

/// `[cards]`: noticing camera cards.
struct CardsConfig {
  /// Offload every card as it is noticed, to the default destinations.
  bool auto_offload = false;
  /// Each sub-folder of these is a card once it has stopped changing for settle_seconds.
  std::vector<std::filesystem::path> watch_folders;
  /// Volumes mounted below these are cards.
  std::vector<std::filesystem::path> mount_roots = {"/media", "/run/media"};
  int settle_seconds = 3;
  /// Block devices that appear are mounted read-only by slate-mountd, Slate's own helper.
  bool automount = false;
  /// The helper's socket.
  std::filesystem::path mount_helper = "/run/slate/mountd.sock";
  /// Where the helper mounts cards (its --cards-dir); a mount root too.
  std::filesystem::path cards_dir = "/run/slate/cards";
  /// Loop devices are cards too (images set up by hand for tests and demos).
  bool automount_loop_devices = false;
  /// A card Slate mounted is unmounted once its offload is safe to format.
  bool eject_when_safe = false;
};

/// `[tether]`: cameras on USB or the network, through libgphoto2.
struct TetherConfig {
  bool autodetect = true;   ///< Look for USB cameras at start and when USB devices come and go.
  double poll_seconds = 2;  ///< How often a camera without events is listed.
  /// A burst is one offload: it stays open while stills come less than this far apart; 0 offloads
  /// each still on its own.
  double batch_gap_seconds = 5;
  std::int64_t batch_max_files = 500;  ///< A batch closes at this many stills.
};

/// One `[[cameras]]` entry: a camera that cannot be found by itself (network PTP, disk:).
struct CameraConfig {
  std::string model;  ///< libgphoto2's model name: "Canon EOS R5", "Directory Browse".
  std::string port;   ///< "usb:001,005", "ptpip:192.0.2.10", "disk:/srv/camera".
  std::string roll;   ///< The roll its files are offloaded as; default the camera's id.
};

/// `[project]`: the first project of a fresh catalogue.
struct ProjectConfig {
  std::string name = "Untitled";
  std::string fps = "23.976";  ///< The project's timecode rate.
  /// Added to the box's time of day when takes are stamped: for cameras jammed to a clock that is
  /// not the box's (a set whose timecode runs 1 h ahead says 3600).
  double timecode_offset_seconds = 0;
  /// How far past a take's roll and cut a clip may run and still be matched to it.
  double match_tolerance_seconds = 2;
  /// The cameras record scratch sound: the wrap check then finds a take with sound whose clips
  /// have none.
  bool camera_audio = false;
  /// Local time of day ("19:00") the current day's ALE and CSV also go to the drives; -1: only
  /// when a new day starts.
  int wrap_at_minutes = -1;
};

/// `[timecode]`: the box's clock, which every roll and cut is stamped with.
struct TimecodeConfig {
  std::string source = "time_of_day";  ///< "time_of_day", "manual" or "ltc".
  /// Local time of day ("06:00") a time-of-day jam is made at, or when the day starts if later.
  int jam_at_minutes = 6 * 60;
  /// "alsa:hw:1,0" (an ALSA capture device) or "file:/path/ltc.wav" (played in real time).
  std::string ltc_input;
  int ltc_channel = 0;    ///< Which channel of the input carries the LTC, from 0.
  bool ltc_loop = false;  ///< Play the file again at its end (demos).
};

/// `[media]`: probing clips, thumbnails and proxies.
struct MediaConfig {
  int concurrency = 1;  ///< Media jobs at a time (they run below offloads in priority).
  int proxy_width = 960;
  int proxy_height = 540;
};

/// `[reports]`: the PDF reports (offload reports, Editor's Log, Daily Progress Report).
struct ReportsConfig {
  std::string paper = "a4";  ///< "a4" or "letter", landscape either way.
};

/// `[tablet]`: what the tablets offer.
struct TabletConfig {
  /// One-tap notes on the script supervisor's view.
  std::vector<std::string> quick_phrases = {"Plane overhead", "Boom in shot", "Focus soft",
                                            "Actor flub",     "Camera bump",  "Good for sound"};
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  LogConfig log;
  OffloadConfig offload;
  std::vector<DestinationConfig> destinations;
  CardsConfig cards;
  TetherConfig tether;
  std::vector<CameraConfig> cameras;
  MediaConfig media;
  ProjectConfig project;
  TabletConfig tablet;
  TimecodeConfig timecode;
  ReportsConfig reports;
};

/// The embedded defaults: data in ./var, listening on 127.0.0.1:8080.
Config default_config();

/// Reads a TOML file over the defaults. Unknown keys, wrong types and bad values are refused with
/// the file, line and key named; relative paths are taken from the file's folder.
Config load_config(const std::filesystem::path& file);

/// Parses "host:port", "[v6]:port" into server.listen_*; throws std::invalid_argument with the
/// reason.
void parse_listen(const std::string& text, ServerConfig& server);

/// The tablet UI of an installed slated (`<prefix>/share/slate/ui`, beside `<prefix>/bin`), else
/// the source tree's it was built from.
std::filesystem::path default_ui_dir();

log::Level parse_log_level(const std::string& text);
const char* to_string(log::Level level);

}  // namespace slate::app
