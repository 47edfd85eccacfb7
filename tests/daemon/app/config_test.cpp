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
  EXPECT_EQ(config.storage.data_dir, example.parent_path() / defaults.storage.data_dir);
  EXPECT_EQ(config.log.level, defaults.log.level);
}

}  // namespace
}  // namespace slate::app
