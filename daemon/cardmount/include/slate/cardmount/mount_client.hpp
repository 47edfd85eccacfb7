#pragma once
/// How slated asks the mount helper: one connection and one line per request.

#include <chrono>
#include <filesystem>
#include <string>

#include <slate/cardmount/protocol.hpp>

namespace slate::cardmount {

class MountHelperClient {
 public:
  explicit MountHelperClient(std::filesystem::path socket,
                             std::chrono::milliseconds timeout = std::chrono::seconds(30));

  /// Asks for a device to be mounted. A helper that cannot be reached is an error reply that
  /// names its socket.
  Reply mount(const std::string& device) const;
  Reply unmount(const std::filesystem::path& mount_point) const;
  Reply probe(const std::string& device) const;
  /// Sends one request line (without newline) and reads the reply line.
  Reply ask(const std::string& line) const;

  const std::filesystem::path& socket() const { return socket_; }

 private:
  std::filesystem::path socket_;
  std::chrono::milliseconds timeout_;
};

}  // namespace slate::cardmount
