#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <slate/cardmount/mount_client.hpp>

namespace slate::cardmount {

namespace {

Reply failed(const std::filesystem::path& socket, const std::string& what) {
  Reply reply;
  reply.error = "the mount helper at " + socket.string() + " " + what;
  return reply;
}

}  // namespace

MountHelperClient::MountHelperClient(std::filesystem::path socket,
                                     std::chrono::milliseconds timeout)
    : socket_(std::move(socket)), timeout_(timeout) {}

Reply MountHelperClient::mount(const std::string& device) const {
  return ask("mount " + device);
}

Reply MountHelperClient::unmount(const std::filesystem::path& mount_point) const {
  return ask("unmount " + mount_point.string());
}

Reply MountHelperClient::probe(const std::string& device) const {
  return ask("probe " + device);
}

Reply MountHelperClient::ask(const std::string& line) const {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_.string().size() >= sizeof address.sun_path) {
    return failed(socket_, "cannot be reached: the path is too long for a socket");
  }
  std::strcpy(address.sun_path, socket_.c_str());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return failed(socket_, std::string("cannot be reached: ") + std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return failed(socket_, std::string("cannot be reached: ") + std::strerror(errno));
  }
  const std::string request = line + "\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return failed(socket_, std::string("did not take the request: ") + std::strerror(errno));
  }
  std::string answer;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  while (answer.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd wait{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&wait, 1, static_cast<int>(left.count())) == 0) {
      return failed(socket_,
                    "did not answer within " + std::to_string(timeout_.count() / 1000) + " s");
    }
    char chunk[1024];
    const auto got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return failed(socket_, "closed the connection without answering");
    }
    answer.append(chunk, static_cast<std::size_t>(got));
  }
  return parse_reply(answer.substr(0, answer.find('\n')));
}

}  // namespace slate::cardmount
