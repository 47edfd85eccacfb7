#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <toml++/toml.h>

#include <slate/app/config.hpp>
#include <slate/core/timecode.hpp>
#include <slate/core/timecode_clock.hpp>
#include <slate/hashing/hash.hpp>
#include <slate/offload/destination_template.hpp>
#include <slate/offload/offload.hpp>
#include <slate/offload/path_policy.hpp>
#include <slate/reports/reports.hpp>

namespace slate::app {
namespace {

std::string where(const std::filesystem::path& file, const toml::node& node) {
  const auto& begin = node.source().begin;
  return file.string() + ":" + std::to_string(begin.line);
}

[[noreturn]] void refuse(const std::filesystem::path& file, const toml::node& node,
                         const std::string& key, const std::string& reason) {
  throw ConfigError(where(file, node) + ": " + key + ": " + reason);
}

// Every key slated reads, by section. A key not listed here is a typo or a key from another
// version: refusing it is kinder than ignoring a setting the operator thinks is in force.
const std::array<std::pair<std::string_view, std::set<std::string_view>>, 11> kKnownKeys = {{
    {"server",
     {"listen", "ui_dir", "max_body_bytes", "max_connections", "max_connections_per_address", "tls",
      "tls_listen", "names"}},
    {"storage", {"data_dir", "idempotency_hours"}},
    {"log", {"level"}},
    {"offload", {"hashes", "verify", "path_template", "min_destinations"}},
    {"cards",
     {"auto_offload", "watch_folders", "mount_roots", "settle_seconds", "automount", "mount_helper",
      "cards_dir", "automount_loop_devices", "eject_when_safe"}},
    {"tether", {"autodetect", "poll_seconds", "batch_gap", "batch_max_files"}},
    {"tablet", {"quick_phrases"}},
    {"media", {"concurrency", "proxy_width", "proxy_height"}},
    {"project",
     {"name", "fps", "timecode_offset_seconds", "match_tolerance_seconds", "camera_audio",
      "wrap_at"}},
    {"timecode", {"source", "jam_at", "ltc_input", "ltc_channel", "ltc_loop"}},
    {"reports", {"paper"}},
}};

const std::set<std::string_view> kDestinationKeys = {"name", "path", "default"};
const std::set<std::string_view> kCameraKeys = {"model", "port", "roll"};

const std::set<std::string_view>* known_keys(std::string_view section) {
  for (const auto& [name, keys] : kKnownKeys) {
    if (name == section) {
      return &keys;
    }
  }
  return nullptr;
}

std::string string_value(const std::filesystem::path& file, const toml::node& node,
                         const std::string& key) {
  const auto* value = node.as_string();
  if (!value) {
    refuse(file, node, key, "expected a string");
  }
  return value->get();
}

std::filesystem::path path_value(const std::filesystem::path& file, const toml::node& node,
                                 const std::string& key) {
  std::filesystem::path path = string_value(file, node, key);
  if (path.empty()) {
    refuse(file, node, key, "must not be empty");
  }
  return (path.is_relative() ? file.parent_path() / path : path).lexically_normal();
}

void read_destinations(const std::filesystem::path& file, const toml::node& node,
                       std::vector<DestinationConfig>& destinations) {
  const auto* array = node.as_array();
  if (!array) {
    refuse(file, node, "destinations", "expected [[destinations]] entries");
  }
  for (const auto& entry : *array) {
    const auto* table = entry.as_table();
    if (!table) {
      refuse(file, entry, "destinations", "expected [[destinations]] entries");
    }
    DestinationConfig destination;
    for (const auto& [key_name, value] : *table) {
      const std::string key = "destinations." + std::string(key_name.str());
      if (!kDestinationKeys.contains(key_name.str())) {
        refuse(file, value, key, "unknown key");
      }
      if (key_name.str() == "name") {
        destination.name = string_value(file, value, key);
        if (destination.name.empty() || destination.name.size() > 64 ||
            destination.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") !=
                std::string::npos) {
          refuse(file, value, key, "use 1 to 64 lower-case letters, digits, '-' or '_'");
        }
      } else if (key_name.str() == "path") {
        destination.path = path_value(file, value, key);
      } else {
        const auto* flag = value.as_boolean();
        if (!flag) {
          refuse(file, value, key, "expected true or false");
        }
        destination.is_default = flag->get();
      }
    }
    if (destination.name.empty() || destination.path.empty()) {
      refuse(file, entry, "destinations", "each destination needs a name and a path");
    }
    for (const auto& other : destinations) {
      if (other.name == destination.name) {
        refuse(file, entry, "destinations.name", "\"" + destination.name + "\" is used twice");
      }
    }
    destinations.push_back(std::move(destination));
  }
}

// A DNS name ("slate-b.local": letters, digits, hyphens, dots; at most 253) or an IP address: what
// a certificate's subjectAltName can carry.
bool host_name_or_address(const std::string& name) {
  unsigned char address[16];
  if (inet_pton(AF_INET, name.c_str(), address) == 1 ||
      inet_pton(AF_INET6, name.c_str(), address) == 1) {
    return true;
  }
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.' ||
      name.front() == '-' || name.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

bool bool_value(const std::filesystem::path& file, const toml::node& node, const std::string& key) {
  const auto* flag = node.as_boolean();
  if (!flag) {
    refuse(file, node, key, "expected true or false");
  }
  return flag->get();
}

std::vector<std::filesystem::path> paths_value(const std::filesystem::path& file,
                                               const toml::node& node, const std::string& key) {
  const auto* array = node.as_array();
  if (!array) {
    refuse(file, node, key, "expected a list of folders, such as [\"/srv/cards\"]");
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : *array) {
    paths.push_back(path_value(file, entry, key));
  }
  return paths;
}

void read_cameras(const std::filesystem::path& file, const toml::node& node,
                  std::vector<CameraConfig>& cameras) {
  const auto* array = node.as_array();
  if (!array) {
    refuse(file, node, "cameras", "expected [[cameras]] entries");
  }
  for (const auto& entry : *array) {
    const auto* table = entry.as_table();
    if (!table) {
      refuse(file, entry, "cameras", "expected [[cameras]] entries");
    }
    CameraConfig camera;
    for (const auto& [key_name, value] : *table) {
      const std::string key = "cameras." + std::string(key_name.str());
      if (!kCameraKeys.contains(key_name.str())) {
        refuse(file, value, key, "unknown key");
      }
      auto text = string_value(file, value, key);
      if (text.size() > 256) {
        refuse(file, value, key, "longer than 256 characters");
      }
      if (key_name.str() == "model") {
        camera.model = std::move(text);
      } else if (key_name.str() == "port") {
        // A disk: camera's folder is taken from this file's folder like every other path.
        if (text.starts_with("disk:") && std::filesystem::path(text.substr(5)).is_relative()) {
          text = "disk:" + std::filesystem::absolute(file.parent_path() / text.substr(5))
                               .lexically_normal()
                               .string();
        }
        camera.port = std::move(text);
      } else {
        camera.roll = std::move(text);
      }
    }
    if (camera.model.empty() || camera.port.empty()) {
      refuse(file, entry, "cameras", "each camera needs a model and a port");
    }
    cameras.push_back(std::move(camera));
  }
}

// The configured destinations, held to the same policy as a folder an offload request names, so a
// mistake stops slated at start rather than failing every offload. After every section is read:
// the data dir and the UI folder may come after [[destinations]].
void check_destinations(const std::filesystem::path& file, const toml::table& root,
                        const Config& config) {
  const auto* entries = root["destinations"].as_array();
  if (!entries) {
    return;
  }
  // Relative when the file was named relative to the working folder, as slated then takes them.
  const offload::ProtectedFolders folders{std::filesystem::absolute(config.storage.data_dir),
                                          std::filesystem::absolute(config.server.ui_dir)};
  for (std::size_t i = 0; i < entries->size() && i < config.destinations.size(); ++i) {
    const auto* path = (*entries)[i].as_table()->get("path");
    if (const auto refusal = offload::judge_destination(
            std::filesystem::absolute(config.destinations[i].path), folders)) {
      refuse(file, *path, "destinations.path", refusal->sentence);
    }
  }
}

}  // namespace

std::filesystem::path default_ui_dir() {
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    auto installed = executable.parent_path().parent_path() / "share" / "slate" / "ui";
    if (std::filesystem::is_regular_file(installed / "index.html", error)) {
      return installed;
    }
  }
  return SLATE_DEFAULT_UI_DIR;
}

Config default_config() {
  Config config;
  config.server.ui_dir = default_ui_dir();
  return config;
}

void parse_listen(const std::string& text, ServerConfig& server) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    throw std::invalid_argument("expected host:port, such as \"127.0.0.1:8080\" or \"[::1]:8080\"");
  }
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  bool v6 = false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    v6 = true;
  }
  unsigned char address[16];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), address) != 1) {
    throw std::invalid_argument("\"" + host + "\" is not an IP address" +
                                (v6 ? "" : " (write IPv6 addresses in brackets)"));
  }
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    throw std::invalid_argument("\"" + port_text + "\" is not a port number (0 to 65535)");
  }
  server.listen_address = host;
  server.listen_port = static_cast<std::uint16_t>(port);
}

log::Level parse_log_level(const std::string& text) {
  for (auto level : {log::Level::error, log::Level::warning, log::Level::notice, log::Level::info,
                     log::Level::debug}) {
    if (text == to_string(level)) {
      return level;
    }
  }
  throw std::invalid_argument("expected one of error, warning, notice, info, debug");
}

const char* to_string(log::Level level) {
  switch (level) {
    case log::Level::error:
      return "error";
    case log::Level::warning:
      return "warning";
    case log::Level::notice:
      return "notice";
    case log::Level::info:
      return "info";
    case log::Level::debug:
      return "debug";
  }
  return "info";
}

Config load_config(const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    if (begin.line == 0) {
      throw ConfigError(file.string() + ": cannot read: " + std::string(error.description()));
    }
    throw ConfigError(file.string() + ":" + std::to_string(begin.line) + ":" +
                      std::to_string(begin.column) + ": " + std::string(error.description()));
  }

  Config config = default_config();
  for (const auto& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    if (section == "destinations") {
      read_destinations(file, section_node, config.destinations);
      continue;
    }
    if (section == "cameras") {
      read_cameras(file, section_node, config.cameras);
      continue;
    }
    const auto* keys = known_keys(section);
    if (!keys) {
      refuse(file, section_node, section, "unknown section");
    }
    const auto* table = section_node.as_table();
    if (!table) {
      refuse(file, section_node, section, "expected a table ([" + section + "])");
    }
    for (const auto& [key_name, node] : *table) {
      const std::string key = section + "." + std::string(key_name.str());
      if (!keys->contains(key_name.str())) {
        refuse(file, node, key, "unknown key");
      }
      try {
        if (key == "server.listen") {
          parse_listen(string_value(file, node, key), config.server);
        } else if (key == "server.tls") {
          config.server.tls = bool_value(file, node, key);
        } else if (key == "server.tls_listen") {
          ServerConfig parsed;
          parse_listen(string_value(file, node, key), parsed);
          config.server.tls_address = parsed.listen_address;
          config.server.tls_port = parsed.listen_port;
        } else if (key == "server.names") {
          const auto* array = node.as_array();
          constexpr const char* kExpected =
              "expected a list of up to 16 host names or addresses, such as [\"slate-b.local\"]";
          if (!array || array->size() > 16) {
            refuse(file, node, key, kExpected);
          }
          config.server.names.clear();
          for (const auto& entry : *array) {
            const auto name = entry.value<std::string>();
            if (!name || !host_name_or_address(*name)) {
              refuse(file, entry, key, kExpected);
            }
            config.server.names.push_back(*name);
          }
        } else if (key == "server.ui_dir") {
          config.server.ui_dir = path_value(file, node, key);
        } else if (key == "server.max_body_bytes") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 1024 || value->get() > (std::int64_t{1} << 30)) {
            refuse(file, node, key, "expected a whole number of bytes from 1024 to 1073741824");
          }
          config.server.max_body_bytes = static_cast<std::uint64_t>(value->get());
        } else if (key == "server.max_connections" || key == "server.max_connections_per_address") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 1 || value->get() > 65536) {
            refuse(file, node, key, "expected a whole number of connections from 1 to 65536");
          }
          (key == "server.max_connections" ? config.server.max_connections
                                           : config.server.max_connections_per_address) =
              static_cast<std::uint32_t>(value->get());
        } else if (key == "storage.data_dir") {
          config.storage.data_dir = path_value(file, node, key);
        } else if (key == "storage.idempotency_hours") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 1 || value->get() > 8760) {
            refuse(file, node, key, "expected a whole number of hours from 1 to 8760");
          }
          config.storage.idempotency_hours = static_cast<int>(value->get());
        } else if (key == "log.level") {
          config.log.level = parse_log_level(string_value(file, node, key));
        } else if (key == "offload.hashes") {
          config.offload.hashes = string_value(file, node, key);
          hashing::parse_algorithm_list(config.offload.hashes);
        } else if (key == "offload.verify") {
          config.offload.verify = string_value(file, node, key);
          if (!offload::parse_verify_mode(config.offload.verify)) {
            throw std::invalid_argument("expected full, source or none");
          }
        } else if (key == "offload.path_template") {
          config.offload.path_template = string_value(file, node, key);
          offload::check_template(config.offload.path_template);
        } else if (key == "offload.min_destinations") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 1 || value->get() > 16) {
            refuse(file, node, key, "expected a whole number from 1 to 16");
          }
          config.offload.min_destinations = static_cast<int>(value->get());
        } else if (key == "cards.auto_offload") {
          config.cards.auto_offload = bool_value(file, node, key);
        } else if (key == "cards.watch_folders") {
          config.cards.watch_folders = paths_value(file, node, key);
        } else if (key == "tablet.quick_phrases") {
          const auto* array = node.as_array();
          constexpr const char* kExpected =
              "expected a list of up to 24 phrases of 1 to 40 characters, such as [\"Plane "
              "overhead\"]";
          if (!array || array->size() > 24) {
            refuse(file, node, key, kExpected);
          }
          config.tablet.quick_phrases.clear();
          for (const auto& entry : *array) {
            const auto phrase = entry.value<std::string>();
            if (!phrase || phrase->empty() || phrase->size() > 40) {
              refuse(file, entry, key, kExpected);
            }
            config.tablet.quick_phrases.push_back(*phrase);
          }
        } else if (key == "cards.mount_roots") {
          config.cards.mount_roots = paths_value(file, node, key);
        } else if (key == "cards.settle_seconds") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 0 || value->get() > 3600) {
            refuse(file, node, key, "expected a whole number of seconds from 0 to 3600");
          }
          config.cards.settle_seconds = static_cast<int>(value->get());
        } else if (key == "cards.automount") {
          config.cards.automount = bool_value(file, node, key);
        } else if (key == "cards.automount_loop_devices") {
          config.cards.automount_loop_devices = bool_value(file, node, key);
        } else if (key == "cards.eject_when_safe") {
          config.cards.eject_when_safe = bool_value(file, node, key);
        } else if (key == "cards.mount_helper") {
          config.cards.mount_helper = path_value(file, node, key);
        } else if (key == "cards.cards_dir") {
          config.cards.cards_dir = path_value(file, node, key);
          if (config.cards.cards_dir.lexically_normal() == "/") {
            refuse(file, node, key, "expected a folder of its own, such as \"/run/slate/cards\"");
          }
        } else if (key == "media.concurrency" || key == "media.proxy_width" ||
                   key == "media.proxy_height") {
          const bool size = key != "media.concurrency";
          const auto* value = node.as_integer();
          const std::int64_t low = size ? 64 : 1, high = size ? 3840 : 8;
          if (!value || value->get() < low || value->get() > high || (size && value->get() % 2)) {
            refuse(file, node, key,
                   size ? "expected an even number of pixels from 64 to 3840"
                        : "expected a whole number from 1 to 8");
          }
          (key == "media.concurrency"   ? config.media.concurrency
           : key == "media.proxy_width" ? config.media.proxy_width
                                        : config.media.proxy_height) =
              static_cast<int>(value->get());
        } else if (key == "project.name") {
          config.project.name = string_value(file, node, key);
          if (config.project.name.empty() || config.project.name.size() > 200) {
            refuse(file, node, key, "use 1 to 200 characters");
          }
        } else if (key == "project.fps") {
          config.project.fps = string_value(file, node, key);
          if (!core::parse_frame_rate(config.project.fps)) {
            refuse(file, node, key, "expected one of 23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60");
          }
        } else if (key == "project.timecode_offset_seconds" ||
                   key == "project.match_tolerance_seconds") {
          const bool offset = key == "project.timecode_offset_seconds";
          const auto value = node.value<double>();
          if (!value || (offset ? std::abs(*value) > 86400 : (*value < 0 || *value > 60))) {
            refuse(
                file, node, key,
                offset ? "expected seconds from -86400 to 86400" : "expected seconds from 0 to 60");
          }
          (offset ? config.project.timecode_offset_seconds
                  : config.project.match_tolerance_seconds) = *value;
        } else if (key == "reports.paper") {
          config.reports.paper = string_value(file, node, key);
          if (!reports::parse_paper(config.reports.paper)) {
            refuse(file, node, key, "expected \"a4\" or \"letter\"");
          }
        } else if (key == "project.camera_audio") {
          config.project.camera_audio = bool_value(file, node, key);
        } else if (key == "timecode.source") {
          config.timecode.source = string_value(file, node, key);
          if (!core::parse_timecode_source(config.timecode.source)) {
            refuse(file, node, key, "expected time_of_day, manual or ltc");
          }
        } else if (key == "timecode.jam_at" || key == "project.wrap_at") {
          const auto text = string_value(file, node, key);
          int hours = -1;
          int minutes = -1;
          if (text.size() != 5 || text[2] != ':' ||
              std::sscanf(text.c_str(), "%2d:%2d", &hours, &minutes) != 2 || hours < 0 ||
              hours > 23 || minutes < 0 || minutes > 59) {
            refuse(file, node, key,
                   key == "timecode.jam_at" ? "expected a local time of day such as \"06:00\""
                                            : "expected a local time of day such as \"19:00\"");
          }
          (key == "timecode.jam_at" ? config.timecode.jam_at_minutes
                                    : config.project.wrap_at_minutes) = hours * 60 + minutes;
        } else if (key == "timecode.ltc_input") {
          config.timecode.ltc_input = string_value(file, node, key);
          if (!config.timecode.ltc_input.starts_with("alsa:") &&
              !config.timecode.ltc_input.starts_with("file:")) {
            refuse(file, node, key,
                   "expected \"alsa:DEVICE\" (such as alsa:hw:1,0) or \"file:/path/ltc.wav\"");
          }
          // A file named relative to the config file, as every other path in it.
          if (auto& input = config.timecode.ltc_input;
              input.starts_with("file:") && std::filesystem::path(input.substr(5)).is_relative()) {
            input = "file:" + std::filesystem::absolute(file.parent_path() / input.substr(5))
                                  .lexically_normal()
                                  .string();
          }
        } else if (key == "timecode.ltc_channel") {
          const auto value = node.value<std::int64_t>();
          if (!value || *value < 0 || *value > 31) {
            refuse(file, node, key, "expected a channel number from 0 to 31");
          }
          config.timecode.ltc_channel = static_cast<int>(*value);
        } else if (key == "timecode.ltc_loop") {
          config.timecode.ltc_loop = bool_value(file, node, key);
        } else if (key == "tether.autodetect") {
          config.tether.autodetect = bool_value(file, node, key);
        } else if (key == "tether.poll_seconds") {
          const auto value = node.value<double>();
          if (!value || *value < 0.1 || *value > 3600) {
            refuse(file, node, key, "expected a number of seconds from 0.1 to 3600");
          }
          config.tether.poll_seconds = *value;
        } else if (key == "tether.batch_gap") {
          const auto value = node.value<double>();
          if (!value || *value < 0 || *value > 3600) {
            refuse(file, node, key, "expected a number of seconds from 0 to 3600");
          }
          config.tether.batch_gap_seconds = *value;
        } else if (key == "tether.batch_max_files") {
          const auto* value = node.as_integer();
          if (!value || value->get() < 1 || value->get() > 100000) {
            refuse(file, node, key, "expected a whole number of files from 1 to 100000");
          }
          config.tether.batch_max_files = value->get();
        }
      } catch (const std::invalid_argument& error) {
        refuse(file, node, key, error.what());
      }
    }
  }
  check_destinations(file, root, config);
  if (config.timecode.source == "ltc" && config.timecode.ltc_input.empty()) {
    throw ConfigError(file.string() +
                      ": timecode.source: \"ltc\" needs timecode.ltc_input, such as "
                      "\"alsa:hw:1,0\" or \"file:/path/ltc.wav\"");
  }
  return config;
}

}  // namespace slate::app
