#pragma once
/// The mount helper's one narrow protocol: one request per line, one reply line.
///
///   mount /dev/sdb1        -> ok\t<mount point>\t<file system>\t<label>\t<uuid>
///   unmount <mount point>  -> ok
///   probe /dev/sdb1        -> ok\t\t<file system>\t<label>\t<uuid>
///   anything refused       -> error\t<sentence>[\t<file system>]

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slate::cardmount {

/// The longest request line the helper reads, newline excluded.
inline constexpr std::size_t kMaxRequestBytes = 4096;

enum class Verb { mount, unmount, probe };

struct Request {
  Verb verb = Verb::probe;
  std::string argument;  ///< A device node for mount and probe, a mount point for unmount.
};

/// A request line parsed, or the sentence saying why it is not one.
struct ParsedRequest {
  std::optional<Request> request;
  std::string error;
};

/// Parses one request line (without its newline): a verb, one space, an absolute path.
ParsedRequest parse_request(std::string_view line);

/// What a card is once mounted, or what a probe found.
struct CardVolume {
  std::filesystem::path mount_point;  ///< Empty for a probe.
  std::string file_system;            ///< As libblkid names it: "exfat", "vfat"…
  std::string label;
  std::string uuid;
};

/// A reply line as the helper sends it, or as a client reads it.
struct Reply {
  bool ok = false;
  CardVolume volume;        ///< For an ok to mount or probe.
  std::string error;        ///< The helper's sentence, for an error.
  std::string file_system;  ///< For an error about a device, what it holds, if known.
};

/// The reply line, newline included; tabs and control characters in fields become spaces.
std::string format_reply(const Reply& reply);
/// Reads a reply line (with or without its newline). A line that is not one is an error reply.
Reply parse_reply(std::string_view line);

}  // namespace slate::cardmount
