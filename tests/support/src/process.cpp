#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

extern char** environ;

namespace slate::testing {
namespace {

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    const std::string text = *entry;
    const auto name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& add : extra) {
      replaced = replaced || add.substr(0, add.find('=')) == name;
    }
    if (!replaced) {
      env.push_back(text);
    }
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) {
    result.push_back(text.data());
  }
  result.push_back(nullptr);
  return result;
}

pid_t spawn(const std::vector<std::string>& argv_in, const std::vector<std::string>& env_in,
            int out_fd, int err_fd) {
  std::vector<std::string> argv = argv_in;
  std::vector<std::string> env = merged_environment(env_in);
  auto argv_ptrs = pointers(argv);
  auto env_ptrs = pointers(env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, argv_ptrs[0], &actions, nullptr, argv_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

}  // namespace

std::filesystem::path binary(const std::string& name) {
  return std::filesystem::path(SLATE_BINARY_DIR) / name;
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env) {
  TempDir dir;
  const auto out_path = dir / "out";
  const auto err_path = dir / "err";
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const pid_t pid = spawn(argv, env, out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  int status = 0;
  waitpid(pid, &status, 0);
  return {decode_status(status), read_file(out_path), read_file(err_path)};
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  const int null_out = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_ = spawn(argv, env, null_out, fds[1]);
  close(null_out);
  close(fds[1]);
  reader_ = std::thread([this, fd = fds[0]] { collect(fd); });
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
  if (reader_.joinable()) {
    reader_.join();
  }
}

void ChildProcess::collect(int fd) {
  char buffer[4096];
  while (true) {
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) {
      break;
    }
    std::lock_guard lock(mutex_);
    err_.append(buffer, static_cast<std::size_t>(got));
    changed_.notify_all();
  }
  close(fd);
}

void ChildProcess::signal(int number) {
  ::kill(pid_, number);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (exit_code_) {
    return exit_code_;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = decode_status(status);
      // Everything it wrote is in the pipe: read it to the end, so stderr_text() is complete.
      if (reader_.joinable()) {
        reader_.join();
      }
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<std::string> ChildProcess::wait_for_line(
    const std::function<bool(const std::string&)>& match, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::optional<std::string> found;
  changed_.wait_for(lock, timeout, [&] {
    std::size_t start = 0;
    while (true) {
      const auto end = err_.find('\n', start);
      if (end == std::string::npos) {
        return false;
      }
      std::string line = err_.substr(start, end - start);
      if (match(line)) {
        found = std::move(line);
        return true;
      }
      start = end + 1;
    }
  });
  return found;
}

std::string ChildProcess::stderr_text() {
  std::lock_guard lock(mutex_);
  return err_;
}

DaemonUnderTest::DaemonUnderTest(const std::filesystem::path& folder,
                                 const std::string& config_extra,
                                 const std::vector<std::string>& env,
                                 const std::string& server_keys)
    : folder_(folder) {
  const auto config = folder / "slated.toml";
  write_file(config, "[server]\nlisten = \"127.0.0.1:0\"\n" + server_keys +
                         "\n[storage]\ndata_dir = \"" + (folder / "data").string() + "\"\n" +
                         config_extra);
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{binary("slated").string(), "--config", config.string()}, env);
  static constexpr std::string_view kListening = "listening on http://127.0.0.1:";
  const auto line = process_->wait_for_line(
      [](const std::string& text) { return text.find(kListening) != std::string::npos; },
      std::chrono::seconds(20));
  if (!line) {
    throw std::runtime_error("slated did not start; it said:\n" + process_->stderr_text());
  }
  const auto url_start = line->find("http://");
  const auto port_start = line->find(kListening) + kListening.size();
  const auto port_end = line->find_first_not_of("0123456789", port_start);
  url_ = line->substr(url_start, port_end - url_start);
  port_ = static_cast<std::uint16_t>(std::stoi(line->substr(port_start, port_end - port_start)));
  static constexpr std::string_view kSecure = " and https://127.0.0.1:";
  if (const auto secure = line->find(kSecure); secure != std::string::npos) {
    const auto start = secure + kSecure.size();
    https_port_ = static_cast<std::uint16_t>(
        std::stoi(line->substr(start, line->find_first_not_of("0123456789", start) - start)));
  }
}

CommandResult DaemonUnderTest::slate(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {binary("slate").string(), "--server", url_, "--token-file",
                                   (data_dir() / "admin.token").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

std::string DaemonUnderTest::token() const {
  return admin_token(data_dir());
}

}  // namespace slate::testing
