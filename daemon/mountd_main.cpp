// slate-mountd: mounts camera cards read-only for slated, which runs unprivileged. Root; one
// narrow request per line on a Unix socket (systemd socket activation, or --socket).
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <grp.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <slate/cardmount/card_mounter.hpp>
#include <slate/cardmount/mount_server.hpp>
#include <slate/log/log.hpp>

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;

// A socket of its own, for tests and for running without systemd: mode 0660, group `group`.
int listen_on(const std::string& path, const std::string& group_name) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    throw std::runtime_error("the socket path " + path + " is too long");
  }
  std::strcpy(address.sun_path, path.c_str());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error(std::string("cannot make a socket: ") + std::strerror(errno));
  }
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0 && S_ISSOCK(existing.st_mode)) {
    ::unlink(path.c_str());
  }
  const mode_t previous = ::umask(0117);
  const int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  ::umask(previous);
  if (bound != 0) {
    throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(errno));
  }
  if (!group_name.empty()) {
    const struct group* entry = ::getgrnam(group_name.c_str());
    if (!entry) {
      throw std::runtime_error("there is no group " + group_name);
    }
    if (::chown(path.c_str(), 0, entry->gr_gid) != 0) {
      throw std::runtime_error("cannot give " + path + " to group " + group_name + ": " +
                               std::strerror(errno));
    }
  }
  ::chmod(path.c_str(), 0660);
  if (::listen(fd, 8) != 0) {
    throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"slate-mountd: mounts camera cards read-only for slated", "slate-mountd"};
  app.set_version_flag("--version", std::string("slate-mountd ") + SLATE_MOUNTD_VERSION);
  std::string socket_path, group;
  slate::cardmount::MounterOptions options;
  std::string cards_dir = options.cards_dir.string();
  app.add_option("--socket", socket_path,
                 "listen on this Unix socket (mode 0660) instead of the one systemd passes");
  app.add_option("--group", group, "group of --socket: the group slated runs in");
  app.add_option("--cards-dir", cards_dir, "folder in which cards are mounted")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }
  options.cards_dir = cards_dir;

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  const int stop_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);

  int listen_fd = -1;
  try {
    const int passed = sd_listen_fds(1);
    if (passed > 1) {
      throw std::runtime_error("systemd passed " + std::to_string(passed) +
                               " sockets; slate-mountd takes one");
    }
    if (passed == 1) {
      listen_fd = SD_LISTEN_FDS_START;
    } else if (!socket_path.empty()) {
      listen_fd = listen_on(socket_path, group);
    } else {
      slate::log::error(
          "slate-mountd: no socket: run it from its systemd socket unit, or give "
          "--socket PATH");
      return kExitUsage;
    }
  } catch (const std::exception& error) {
    slate::log::error(std::string("slate-mountd cannot start: ") + error.what());
    return kExitFailure;
  }
  slate::cardmount::CardMounter mounter(options);
  slate::log::notice(
      "slate-mountd " + std::string(SLATE_MOUNTD_VERSION) + ": mounting cards in " +
      options.cards_dir.string() +
      (socket_path.empty() ? std::string(", on systemd's socket") : ", on " + socket_path));
  sd_notify(0, "READY=1");
  slate::cardmount::serve(listen_fd, stop_fd, mounter);
  sd_notify(0, "STOPPING=1");
  if (!socket_path.empty()) {
    ::unlink(socket_path.c_str());
  }
  return 0;
}
