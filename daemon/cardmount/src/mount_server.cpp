#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <slate/cardmount/mount_server.hpp>
#include <slate/log/log.hpp>

namespace slate::cardmount {

namespace {

std::string peer_of(int fd) {
  ucred peer{};
  socklen_t size = sizeof peer;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0) {
    return "an unknown peer";
  }
  return "pid " + std::to_string(peer.pid) + " uid " + std::to_string(peer.uid) + " gid " +
         std::to_string(peer.gid);
}

bool send_all(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const auto wrote = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      return false;
    }
    sent += static_cast<std::size_t>(wrote);
  }
  return true;
}

// One client, request after request, until it closes, goes quiet or oversteps.
void converse(int client, int stop_fd, CardMounter& mounter, const ServerLimits& limits,
              const std::string& peer) {
  std::string buffer;
  auto deadline = std::chrono::steady_clock::now() + limits.idle;
  for (;;) {
    std::size_t newline;
    while ((newline = buffer.find('\n')) != std::string::npos) {
      const auto line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      const auto reply = mounter.answer(line);
      log::info("mount helper: " + peer + " asked \"" + line.substr(0, 200) +
                "\": " + (reply.ok ? "ok" : reply.error));
      if (!send_all(client, format_reply(reply))) {
        return;
      }
      deadline = std::chrono::steady_clock::now() + limits.idle;
    }
    if (buffer.size() > kMaxRequestBytes) {
      log::warning("mount helper: " + peer + " sent a line over " +
                   std::to_string(kMaxRequestBytes) + " bytes; dropped");
      Reply refused;
      refused.error = "the request is longer than " + std::to_string(kMaxRequestBytes) + " bytes";
      send_all(client, format_reply(refused));
      return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      log::warning("mount helper: " + peer + " sent nothing for " +
                   std::to_string(limits.idle.count() / 1000) + " s; dropped");
      return;
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) {
      return;
    }
    if (fds[1].revents & POLLIN) {
      return;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char chunk[4096];
      const auto got = ::recv(client, chunk, sizeof chunk, 0);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        return;
      }
      buffer.append(chunk, static_cast<std::size_t>(got));
    }
  }
}

}  // namespace

void serve(int listen_fd, int stop_fd, CardMounter& mounter, ServerLimits limits) {
  for (;;) {
    pollfd fds[2] = {{listen_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      log::error(std::string("mount helper: cannot wait for clients: ") + std::strerror(errno));
      return;
    }
    if (fds[1].revents & POLLIN) {
      return;
    }
    if (!(fds[0].revents & POLLIN)) {
      continue;
    }
    const int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
        log::warning(std::string("mount helper: cannot accept a client: ") + std::strerror(errno));
      }
      continue;
    }
    const auto peer = peer_of(client);
    log::debug("mount helper: client " + peer);
    converse(client, stop_fd, mounter, limits, peer);
    ::close(client);
  }
}

}  // namespace slate::cardmount
