#include <gtest/gtest.h>

#include <slate/app/config.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::app {
namespace {

using testing::TempDir;
using testing::write_file;

std::string refusal(const std::string& toml) {
  TempDir dir;
  write_file(dir / "slated.toml", toml);
  try {
    load_config(dir / "slated.toml");
  } catch (const ConfigError& error) {
    std::string message = error.what();
    // Tests compare the part after the folder, which differs each run.
    const auto name = message.find("slated.toml");
    return name == std::string::npos ? message : message.substr(name);
  }
  return "(accepted)";
}

TEST(Config, DefaultsServeOnLoopbackWithDataInVar) {
  const Config config = default_config();
  EXPECT_EQ(config.server.listen_address, "127.0.0.1");
  EXPECT_EQ(config.server.listen_port, 8080);
  EXPECT_EQ(config.storage.data_dir, "var");
  EXPECT_EQ(config.log.level, log::Level::info);
  EXPECT_FALSE(config.server.ui_dir.empty());
}

TEST(Config, ReadsEveryKeyAndResolvesPathsFromTheFilesFolder) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[server]\nlisten = \"[::1]:9090\"\nui_dir = \"ui\"\nmax_body_bytes = 4096\n"
             "[storage]\ndata_dir = \"data\"\n[log]\nlevel = \"debug\"\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_EQ(config.server.listen_address, "::1");
  EXPECT_EQ(config.server.listen_port, 9090);
  EXPECT_EQ(config.server.ui_dir, dir / "ui");
  EXPECT_EQ(config.server.max_body_bytes, 4096u);
  EXPECT_EQ(config.storage.data_dir, dir / "data");
  EXPECT_EQ(config.log.level, log::Level::debug);
}

TEST(Config, AnEmptyFileKeepsTheDefaults) {
  TempDir dir;
  write_file(dir / "slated.toml", "# nothing set\n");
  EXPECT_EQ(load_config(dir / "slated.toml").server.listen_port, 8080);
}

TEST(Config, UnknownKeyIsNamedWithItsLine) {
  EXPECT_EQ(refusal("[server]\nlisten = \"127.0.0.1:8080\"\nlisen = \"x\"\n"),
            "slated.toml:3: server.lisen: unknown key");
}

TEST(Config, UnknownSectionIsNamedWithItsLine) {
  EXPECT_EQ(refusal("\n[sever]\nlisten = \"127.0.0.1:8080\"\n"),
            "slated.toml:2: sever: unknown section");
}

TEST(Config, WrongTypeIsRefused) {
  EXPECT_EQ(refusal("[server]\nlisten = 8080\n"),
            "slated.toml:2: server.listen: expected a string");
}

TEST(Config, BadListenAddressIsRefusedWithTheReason) {
  EXPECT_EQ(
      refusal("[server]\nlisten = \"localhost:8080\"\n"),
      "slated.toml:2: server.listen: \"localhost\" is not an IP address (write IPv6 addresses "
      "in brackets)");
  EXPECT_EQ(refusal("[server]\nlisten = \"127.0.0.1:99999\"\n"),
            "slated.toml:2: server.listen: \"99999\" is not a port number (0 to 65535)");
  EXPECT_EQ(refusal("[server]\nlisten = \"127.0.0.1\"\n"),
            "slated.toml:2: server.listen: expected host:port, such as \"127.0.0.1:8080\" or "
            "\"[::1]:8080\"");
}

TEST(Config, BadLogLevelIsRefused) {
  EXPECT_EQ(refusal("[log]\nlevel = \"loud\"\n"),
            "slated.toml:2: log.level: expected one of error, warning, notice, info, debug");
}

TEST(Config, OutOfRangeBodyLimitIsRefused) {
  EXPECT_EQ(refusal("[server]\nmax_body_bytes = 10\n"),
            "slated.toml:2: server.max_body_bytes: expected a whole number of bytes from 1024 to "
            "1073741824");
}

TEST(Config, ConnectionCapsAreReadAndOutOfRangeOnesRefused) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[server]\nmax_connections = 100\nmax_connections_per_address = 10\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_EQ(config.server.max_connections, 100u);
  EXPECT_EQ(config.server.max_connections_per_address, 10u);
  EXPECT_EQ(refusal("[server]\nmax_connections = 0\n"),
            "slated.toml:2: server.max_connections: expected a whole number of connections from 1 "
            "to 65536");
  EXPECT_EQ(refusal("[server]\nmax_connections_per_address = \"many\"\n"),
            "slated.toml:2: server.max_connections_per_address: expected a whole number of "
            "connections from 1 to 65536");
}

TEST(Config, EmptyDataDirIsRefused) {
  EXPECT_EQ(refusal("[storage]\ndata_dir = \"\"\n"),
            "slated.toml:2: storage.data_dir: must not be empty");
}

TEST(Config, SyntaxErrorGivesLineAndColumn) {
  const std::string message = refusal("[server]\nlisten = \"127.0.0.1:8080\n");
  EXPECT_TRUE(message.starts_with("slated.toml:2:")) << message;
}

TEST(Config, MissingFileIsRefusedNamingIt) {
  TempDir dir;
  try {
    load_config(dir / "absent.toml");
    FAIL() << "a missing file was accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("absent.toml"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace slate::app

namespace slate::app {
namespace {

// The example file documents every key with its default: it must load, and agree with the code.
TEST(Config, TheExampleFileLoadsAndStatesTheDefaults) {
  const auto example = std::filesystem::path(SLATE_SOURCE_DIR) / "daemon/slated.example.toml";
  const Config config = load_config(example);
  const Config defaults = default_config();
  EXPECT_EQ(config.server.listen_address, defaults.server.listen_address);
  EXPECT_EQ(config.server.listen_port, defaults.server.listen_port);
  EXPECT_EQ(config.server.max_body_bytes, defaults.server.max_body_bytes);
  EXPECT_EQ(config.server.max_connections, defaults.server.max_connections);
  EXPECT_EQ(config.server.max_connections_per_address, defaults.server.max_connections_per_address);
  EXPECT_EQ(config.server.tls, defaults.server.tls);
  EXPECT_EQ(config.server.tls_address, defaults.server.tls_address);
  EXPECT_EQ(config.server.tls_port, defaults.server.tls_port);
  EXPECT_EQ(config.server.names, defaults.server.names);
  EXPECT_EQ(config.storage.data_dir, example.parent_path() / defaults.storage.data_dir);
  EXPECT_EQ(config.log.level, defaults.log.level);
  EXPECT_EQ(config.timecode.source, defaults.timecode.source);
  EXPECT_EQ(config.timecode.jam_at_minutes, defaults.timecode.jam_at_minutes);
  EXPECT_EQ(config.timecode.ltc_input, defaults.timecode.ltc_input);
  EXPECT_EQ(config.timecode.ltc_channel, defaults.timecode.ltc_channel);
  EXPECT_EQ(config.timecode.ltc_loop, defaults.timecode.ltc_loop);
  EXPECT_EQ(config.offload.hashes, defaults.offload.hashes);
  EXPECT_EQ(config.offload.verify, defaults.offload.verify);
  EXPECT_EQ(config.offload.path_template, defaults.offload.path_template);
  EXPECT_EQ(config.offload.min_destinations, defaults.offload.min_destinations);
  EXPECT_TRUE(config.destinations.empty());
  EXPECT_EQ(config.cards.auto_offload, defaults.cards.auto_offload);
  EXPECT_EQ(config.cards.watch_folders, defaults.cards.watch_folders);
  EXPECT_EQ(config.cards.mount_roots, defaults.cards.mount_roots);
  EXPECT_EQ(config.cards.settle_seconds, defaults.cards.settle_seconds);
  EXPECT_EQ(config.cards.automount, defaults.cards.automount);
  EXPECT_EQ(config.cards.mount_helper, defaults.cards.mount_helper);
  EXPECT_EQ(config.cards.cards_dir, defaults.cards.cards_dir);
  EXPECT_EQ(config.cards.automount_loop_devices, defaults.cards.automount_loop_devices);
  EXPECT_EQ(config.cards.eject_when_safe, defaults.cards.eject_when_safe);
  EXPECT_EQ(config.tether.autodetect, defaults.tether.autodetect);
  EXPECT_EQ(config.tether.poll_seconds, defaults.tether.poll_seconds);
  EXPECT_EQ(config.tether.batch_gap_seconds, defaults.tether.batch_gap_seconds);
  EXPECT_EQ(config.tether.batch_max_files, defaults.tether.batch_max_files);
  EXPECT_TRUE(config.cameras.empty());
  EXPECT_EQ(config.media.concurrency, defaults.media.concurrency);
  EXPECT_EQ(config.media.proxy_width, defaults.media.proxy_width);
  EXPECT_EQ(config.media.proxy_height, defaults.media.proxy_height);
  EXPECT_EQ(config.project.name, defaults.project.name);
  EXPECT_EQ(config.project.fps, defaults.project.fps);
  EXPECT_EQ(config.project.timecode_offset_seconds, defaults.project.timecode_offset_seconds);
  EXPECT_EQ(config.project.match_tolerance_seconds, defaults.project.match_tolerance_seconds);
  EXPECT_EQ(config.project.camera_audio, defaults.project.camera_audio);
  EXPECT_EQ(config.project.wrap_at_minutes, defaults.project.wrap_at_minutes);
  EXPECT_EQ(config.tablet.quick_phrases, defaults.tablet.quick_phrases);
  EXPECT_EQ(config.reports.paper, "a4");
}

TEST(Config, HttpsIsReadAndBadNamesOrAddressesRefused) {
  EXPECT_FALSE(default_config().server.tls);
  TempDir dir;
  write_file(dir / "slated.toml",
             "[server]\ntls = true\ntls_listen = \"[::]:443\"\n"
             "names = [\"slate-b.local\", \"192.0.2.7\", \"fd00::7\"]\n");
  const auto config = load_config(dir / "slated.toml");
  EXPECT_TRUE(config.server.tls);
  EXPECT_EQ(config.server.tls_address, "::");
  EXPECT_EQ(config.server.tls_port, 443);
  EXPECT_EQ(config.server.names,
            (std::vector<std::string>{"slate-b.local", "192.0.2.7", "fd00::7"}));
  EXPECT_EQ(refusal("[server]\ntls_listen = \"slate.local:443\"\n"),
            "slated.toml:2: server.tls_listen: \"slate.local\" is not an IP address (write IPv6 "
            "addresses in brackets)");
  const std::string expected =
      "expected a list of up to 16 host names or addresses, such as [\"slate-b.local\"]";
  for (const char* bad : {"\"slate local\"", "\"-x\"", "\"a..b\"", "\"\"", "7"}) {
    EXPECT_EQ(refusal(std::string("[server]\nnames = [") + bad + "]\n"),
              "slated.toml:2: server.names: " + expected)
        << bad;
  }
}

TEST(Config, TheReportsPaperIsA4OrLetter) {
  TempDir dir;
  write_file(dir / "slated.toml", "[reports]\npaper = \"letter\"\n");
  EXPECT_EQ(load_config(dir / "slated.toml").reports.paper, "letter");
  EXPECT_EQ(refusal("[reports]\npaper = \"legal\"\n"),
            "slated.toml:2: reports.paper: expected \"a4\" or \"letter\"");
}

TEST(Config, QuickPhrasesAreReadAndBadOnesRefused) {
  TempDir dir;
  write_file(dir / "slated.toml", "[tablet]\nquick_phrases = [\"Siren\", \"Dog barking\"]\n");
  EXPECT_EQ(load_config(dir / "slated.toml").tablet.quick_phrases,
            (std::vector<std::string>{"Siren", "Dog barking"}));
  const std::string expected =
      "expected a list of up to 24 phrases of 1 to 40 characters, such as [\"Plane overhead\"]";
  EXPECT_EQ(refusal("[tablet]\nquick_phrases = \"Siren\"\n"),
            "slated.toml:2: tablet.quick_phrases: " + expected);
  EXPECT_EQ(refusal("[tablet]\nquick_phrases = [\"\"]\n"),
            "slated.toml:2: tablet.quick_phrases: " + expected);
  EXPECT_EQ(refusal("[tablet]\nquick_phrases = [\"" + std::string(41, 'x') + "\"]\n"),
            "slated.toml:2: tablet.quick_phrases: " + expected);
}

TEST(Config, ProjectTimingIsReadAndBadValuesRefused) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[project]\ntimecode_offset_seconds = -3600.5\nmatch_tolerance_seconds = 0.5\n"
             "camera_audio = true\nwrap_at = \"19:30\"\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_TRUE(config.project.camera_audio);
  EXPECT_EQ(config.project.wrap_at_minutes, 19 * 60 + 30);
  EXPECT_EQ(refusal("[project]\nwrap_at = \"7pm\"\n"),
            "slated.toml:2: project.wrap_at: expected a local time of day such as \"19:00\"");
  EXPECT_EQ(refusal("[project]\ncamera_audio = \"yes\"\n"),
            "slated.toml:2: project.camera_audio: expected true or false");
  EXPECT_EQ(config.project.timecode_offset_seconds, -3600.5);
  EXPECT_EQ(config.project.match_tolerance_seconds, 0.5);
  EXPECT_EQ(refusal("[project]\nmatch_tolerance_seconds = 61\n"),
            "slated.toml:2: project.match_tolerance_seconds: expected seconds from 0 to 60");
  EXPECT_EQ(refusal("[project]\ntimecode_offset_seconds = \"1h\"\n"),
            "slated.toml:2: project.timecode_offset_seconds: expected seconds from -86400 to "
            "86400");
}

TEST(Config, TheTimecodeClockIsReadAndBadValuesRefused) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[timecode]\nsource = \"ltc\"\njam_at = \"07:30\"\nltc_input = \"file:ltc.wav\"\n"
             "ltc_channel = 1\nltc_loop = true\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_EQ(config.timecode.source, "ltc");
  EXPECT_EQ(config.timecode.jam_at_minutes, 7 * 60 + 30);
  EXPECT_EQ(config.timecode.ltc_input,
            "file:" + std::filesystem::absolute(dir / "ltc.wav").lexically_normal().string())
      << "a file is named relative to the config file";
  EXPECT_EQ(config.timecode.ltc_channel, 1);
  EXPECT_TRUE(config.timecode.ltc_loop);
  EXPECT_EQ(default_config().timecode.source, "time_of_day");
  EXPECT_EQ(refusal("[timecode]\nsource = \"sync box\"\n"),
            "slated.toml:2: timecode.source: expected time_of_day, manual or ltc");
  EXPECT_EQ(refusal("[timecode]\njam_at = \"6am\"\n"),
            "slated.toml:2: timecode.jam_at: expected a local time of day such as \"06:00\"");
  EXPECT_EQ(refusal("[timecode]\nltc_input = \"/dev/dsp\"\n"),
            "slated.toml:2: timecode.ltc_input: expected \"alsa:DEVICE\" (such as alsa:hw:1,0) or "
            "\"file:/path/ltc.wav\"");
  EXPECT_EQ(refusal("[timecode]\nsource = \"ltc\"\n"),
            "slated.toml: timecode.source: \"ltc\" needs timecode.ltc_input, such as "
            "\"alsa:hw:1,0\" or \"file:/path/ltc.wav\"");
}

TEST(Config, MediaSettingsAreReadAndBadOnesRefused) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[media]\nconcurrency = 2\nproxy_width = 640\nproxy_height = 360\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_EQ(config.media.concurrency, 2);
  EXPECT_EQ(config.media.proxy_width, 640);
  EXPECT_EQ(config.media.proxy_height, 360);
  EXPECT_EQ(refusal("[media]\nproxy_width = 641\n"),
            "slated.toml:2: media.proxy_width: expected an even number of pixels from 64 to 3840");
  EXPECT_EQ(refusal("[media]\nconcurrency = 0\n"),
            "slated.toml:2: media.concurrency: expected a whole number from 1 to 8");
}

TEST(Config, ReadsCardsAndCameras) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[cards]\nauto_offload = true\nwatch_folders = [\"incoming\", \"/srv/cards\"]\n"
             "settle_seconds = 1\n[tether]\nautodetect = false\npoll_seconds = 0.5\n"
             "batch_gap = 1.5\nbatch_max_files = 40\n[[cameras]]\nmodel = \"Directory "
             "Browse\"\nport = \"disk:camera\"\n"
             "roll = \"STILLS\"\n[[cameras]]\nmodel = \"Canon EOS R5\"\n"
             "port = \"ptpip:192.0.2.10\"\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_TRUE(config.cards.auto_offload);
  EXPECT_EQ(config.cards.watch_folders,
            (std::vector<std::filesystem::path>{dir / "incoming", "/srv/cards"}));
  EXPECT_EQ(config.cards.settle_seconds, 1);
  EXPECT_FALSE(config.tether.autodetect);
  EXPECT_EQ(config.tether.poll_seconds, 0.5);
  EXPECT_EQ(config.tether.batch_gap_seconds, 1.5);
  EXPECT_EQ(config.tether.batch_max_files, 40);
  ASSERT_EQ(config.cameras.size(), 2u);
  EXPECT_EQ(config.cameras[0].port, "disk:" + (dir / "camera").string());
  EXPECT_EQ(config.cameras[0].roll, "STILLS");
  EXPECT_EQ(config.cameras[1].port, "ptpip:192.0.2.10");
}

TEST(Config, CardsAreNotMountedUnlessAsked) {
  const Config defaults;
  EXPECT_FALSE(defaults.cards.automount);
  EXPECT_EQ(defaults.cards.mount_helper, "/run/slate/mountd.sock");
  EXPECT_EQ(defaults.cards.cards_dir, "/run/slate/cards");
  EXPECT_FALSE(defaults.cards.automount_loop_devices);
  EXPECT_FALSE(defaults.cards.eject_when_safe);
}

TEST(Config, ReadsCardAutomount) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[cards]\nautomount = true\nmount_helper = \"run/mountd.sock\"\n"
             "cards_dir = \"/srv/cards/\"\nautomount_loop_devices = true\n"
             "eject_when_safe = true\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_TRUE(config.cards.automount);
  EXPECT_EQ(config.cards.mount_helper, dir / "run/mountd.sock");  // beside the config file
  EXPECT_EQ(config.cards.cards_dir, "/srv/cards/");
  EXPECT_TRUE(config.cards.automount_loop_devices);
  EXPECT_TRUE(config.cards.eject_when_safe);
}

TEST(Config, BadCardAutomountIsRefused) {
  EXPECT_EQ(refusal("[cards]\nautomount = 1\n"),
            "slated.toml:2: cards.automount: expected true or false");
  EXPECT_EQ(refusal("[cards]\neject_when_safe = \"yes\"\n"),
            "slated.toml:2: cards.eject_when_safe: expected true or false");
  EXPECT_EQ(refusal("[cards]\nautomount_loop_devices = \"on\"\n"),
            "slated.toml:2: cards.automount_loop_devices: expected true or false");
  EXPECT_EQ(refusal("[cards]\nmount_helper = 3\n"),
            "slated.toml:2: cards.mount_helper: expected a string");
  EXPECT_EQ(refusal("[cards]\ncards_dir = \"\"\n"),
            "slated.toml:2: cards.cards_dir: must not be empty");
  EXPECT_EQ(refusal("[cards]\ncards_dir = \"/\"\n"),
            "slated.toml:2: cards.cards_dir: expected a folder of its own, such as "
            "\"/run/slate/cards\"");
  EXPECT_EQ(refusal("[cards]\nautomount_loops = true\n"),
            "slated.toml:2: cards.automount_loops: unknown key");
}

TEST(Config, BadCardsAndCamerasAreRefused) {
  EXPECT_EQ(refusal("[cards]\nauto_offload = \"yes\"\n"),
            "slated.toml:2: cards.auto_offload: expected true or false");
  EXPECT_EQ(
      refusal("[cards]\nwatch_folders = \"/srv\"\n"),
      "slated.toml:2: cards.watch_folders: expected a list of folders, such as [\"/srv/cards\"]");
  EXPECT_EQ(refusal("[tether]\npoll_seconds = 0\n"),
            "slated.toml:2: tether.poll_seconds: expected a number of seconds from 0.1 to 3600");
  EXPECT_EQ(refusal("[tether]\nbatch_gap = -1\n"),
            "slated.toml:2: tether.batch_gap: expected a number of seconds from 0 to 3600");
  EXPECT_EQ(refusal("[tether]\nbatch_max_files = 0\n"),
            "slated.toml:2: tether.batch_max_files: expected a whole number of files from 1 to "
            "100000");
  EXPECT_EQ(refusal("[[cameras]]\nmodel = \"Directory Browse\"\n"),
            "slated.toml:1: cameras: each camera needs a model and a port");
  EXPECT_EQ(refusal("[[cameras]]\nmodel = \"X\"\nport = \"usb:\"\nspeed = 3\n"),
            "slated.toml:4: cameras.speed: unknown key");
}

TEST(Config, ReadsOffloadSettingsAndDestinations) {
  TempDir dir;
  write_file(dir / "slated.toml",
             "[offload]\nhashes = \"xxh128,md5\"\nverify = \"source\"\n"
             "path_template = \"{project}/{roll}\"\nmin_destinations = 3\n"
             "[[destinations]]\nname = \"raid\"\npath = \"/mnt/raid\"\ndefault = true\n"
             "[[destinations]]\nname = \"shuttle\"\npath = \"shuttle\"\n");
  const Config config = load_config(dir / "slated.toml");
  EXPECT_EQ(config.offload.hashes, "xxh128,md5");
  EXPECT_EQ(config.offload.verify, "source");
  EXPECT_EQ(config.offload.min_destinations, 3);
  ASSERT_EQ(config.destinations.size(), 2u);
  EXPECT_EQ(config.destinations[0].name, "raid");
  EXPECT_TRUE(config.destinations[0].is_default);
  EXPECT_EQ(config.destinations[1].path, dir / "shuttle");
  EXPECT_FALSE(config.destinations[1].is_default);
}

TEST(Config, BadOffloadSettingsAndDestinationsAreRefused) {
  EXPECT_EQ(refusal("[offload]\nhashes = \"crc32\"\n"),
            "slated.toml:2: offload.hashes: unknown hash \"crc32\"; use xxh64, xxh3, xxh128, md5, "
            "sha1 or c4");
  EXPECT_EQ(refusal("[offload]\nverify = \"maybe\"\n"),
            "slated.toml:2: offload.verify: expected full, source or none");
  EXPECT_EQ(refusal("[offload]\nmin_destinations = 0\n"),
            "slated.toml:2: offload.min_destinations: expected a whole number from 1 to 16");
  EXPECT_NE(refusal("[offload]\npath_template = \"{reel}\"\n").find("unknown token {reel}"),
            std::string::npos);
  EXPECT_EQ(refusal("[[destinations]]\nname = \"Raid One\"\npath = \"/x\"\n"),
            "slated.toml:2: destinations.name: use 1 to 64 lower-case letters, digits, '-' or '_'");
  EXPECT_EQ(refusal("[[destinations]]\nname = \"raid\"\n"),
            "slated.toml:1: destinations: each destination needs a name and a path");
  EXPECT_EQ(refusal("[[destinations]]\nname = \"raid\"\npath = \"/x\"\nsize = 3\n"),
            "slated.toml:4: destinations.size: unknown key");
  EXPECT_EQ(refusal("[[destinations]]\nname = \"raid\"\npath = \"/x\"\n"
                    "[[destinations]]\nname = \"raid\"\npath = \"/y\"\n"),
            "slated.toml:4: destinations.name: \"raid\" is used twice");
}

TEST(Config, ADestinationInTheSystemOrInSlatedsOwnFoldersIsRefused) {
  EXPECT_EQ(refusal("[[destinations]]\nname = \"raid\"\npath = \"/etc/raid\"\n"),
            "slated.toml:3: destinations.path: /etc/raid is inside /etc, a system folder: an "
            "offload never writes there");
  EXPECT_EQ(refusal("[[destinations]]\nname = \"raid\"\npath = \"/\"\n"),
            "slated.toml:3: destinations.path: / is the root of the file system: an offload never "
            "writes there");
  // The data dir may be named after the destination that is inside it.
  const auto data_dir = refusal(
      "[[destinations]]\nname = \"raid\"\npath = \"data\"\n"
      "[storage]\ndata_dir = \"data\"\n");
  EXPECT_NE(data_dir.find("slated.toml:3: destinations.path: "), std::string::npos) << data_dir;
  EXPECT_NE(data_dir.find("is slated's data dir"), std::string::npos) << data_dir;
  const auto ui = refusal(
      "[server]\nui_dir = \"ui\"\n[[destinations]]\nname = \"raid\"\n"
      "path = \"ui/raid\"\n");
  EXPECT_NE(ui.find("slated.toml:5: destinations.path: "), std::string::npos) << ui;
  EXPECT_NE(ui.find("is inside the UI folder"), std::string::npos) << ui;
  // A drive below the data dir is fine: the demo keeps its destinations there.
  EXPECT_EQ(refusal("[storage]\ndata_dir = \"var\"\n[[destinations]]\nname = \"raid\"\n"
                    "path = \"var/destinations/raid\"\n"),
            "(accepted)");
}

}  // namespace
}  // namespace slate::app
