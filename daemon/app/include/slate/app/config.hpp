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
};

struct StorageConfig {
  std::filesystem::path data_dir = "var";
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

struct Config {
  ServerConfig server;
  StorageConfig storage;
  LogConfig log;
  OffloadConfig offload;
  std::vector<DestinationConfig> destinations;
};

/// The embedded defaults: data in ./var, listening on 127.0.0.1:8080.
Config default_config();

/// Reads a TOML file over the defaults. Unknown keys, wrong types and bad values are refused with
/// the file, line and key named; relative paths are taken from the file's folder.
Config load_config(const std::filesystem::path& file);

/// Parses "host:port", "[v6]:port"; throws std::invalid_argument with the reason.
void parse_listen(const std::string& text, ServerConfig& server);

log::Level parse_log_level(const std::string& text);
const char* to_string(log::Level level);

}  // namespace slate::app
