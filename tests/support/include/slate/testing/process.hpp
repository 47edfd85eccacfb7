#pragma once
/// Runs Slate's own executables as a user would, from the build tree.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace slate::testing {

/// The build's bin folder, where slated and slate are.
std::filesystem::path binary(const std::string& name);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a command to the end and returns its exit code and output. `env` entries ("NAME=value")
/// are added to this process's environment.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env = {});

/// A child process whose stderr is collected as it comes (slated logs there).
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
  ~ChildProcess();  ///< Kills the child if it still runs.
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int number);
  /// The exit code once it exits on its own (128 + N if killed by signal N); nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  /// Waits until stderr holds a line for which `match` returns true; returns that line.
  std::optional<std::string> wait_for_line(const std::function<bool(const std::string&)>& match,
                                           std::chrono::milliseconds timeout);
  std::string stderr_text();

 private:
  void collect(int fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string err_;
};

/// slated started on an ephemeral port with a config file written for the test.
class DaemonUnderTest {
 public:
  /// The config has listen 127.0.0.1:0 and data_dir `folder`/data; `server_keys` are added to its
  /// [server] section and `config_extra` (other sections) after it.
  DaemonUnderTest(const std::filesystem::path& folder, const std::string& config_extra = {},
                  const std::vector<std::string>& env = {}, const std::string& server_keys = {});

  const std::string& url() const { return url_; }
  std::uint16_t port() const { return port_; }
  /// The HTTPS port, with `tls = true` in server_keys (and tls_listen = "127.0.0.1:0"); else 0.
  std::uint16_t https_port() const { return https_port_; }
  ChildProcess& process() { return *process_; }
  std::filesystem::path data_dir() const { return folder_ / "data"; }
  /// The admin token slated wrote at start, as the CLI on the box sends it.
  std::string token() const;
  /// Runs `slate --server URL --token-file ADMIN_TOKEN ARGS…` against this daemon.
  CommandResult slate(const std::vector<std::string>& args) const;

 private:
  std::filesystem::path folder_;
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
  std::uint16_t port_ = 0;
  std::uint16_t https_port_ = 0;
};

}  // namespace slate::testing
