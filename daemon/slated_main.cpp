// slated: the Slate appliance daemon. Everything it does lives in the core libraries.
#include <CLI/CLI.hpp>
#include <iostream>
#include <malloc.h>

#include <slate/app/config.hpp>
#include <slate/app/daemon.hpp>
#include <slate/app/version.hpp>
#include <slate/log/log.hpp>

namespace {
// sysexits.h: what a service manager or a script can tell apart.
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;
constexpr int kExitConfig = 78;
}  // namespace

int main(int argc, char** argv) {
  // glibc gives each thread that allocates an arena of its own (up to eight per core), and each
  // keeps what it freed: the worker, offload and media threads held slated's RSS far above what it
  // uses. Two arenas keep contention low on the appliance's cores.
  mallopt(M_ARENA_MAX, 2);
  // glibc raises its mmap threshold (to 32 MiB) once a large block is freed; from then on every
  // large transient buffer (a listing's answer, a media job's frames, a report) comes from the heap
  // and stays there, and the next card's copy ring lands on top of it. A fixed threshold hands
  // such buffers back to the system when they are freed: three cards in a row peaked at 100 to
  // 124 MB before, 91 MB after.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024);
  CLI::App app{"slated: the Slate on-set capture and logging appliance", "slated"};
  app.set_version_flag("--version", std::string("slated ") + slate::kVersion);
  std::string config_file;
  app.add_option("--config", config_file, "TOML configuration file (see slated.example.toml)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }

  slate::app::Config config;
  try {
    config =
        config_file.empty() ? slate::app::default_config() : slate::app::load_config(config_file);
  } catch (const slate::app::ConfigError& error) {
    slate::log::error(std::string("configuration refused: ") + error.what());
    return kExitConfig;
  }

  try {
    slate::app::Daemon daemon(std::move(config));
    daemon.start();
    return daemon.run();
  } catch (const std::exception& error) {
    slate::log::error(std::string("slated cannot start: ") + error.what());
    return kExitFailure;
  }
}
