#include <vector>

#include <slate/cardmount/protocol.hpp>

namespace slate::cardmount {

namespace {

std::string shown_text(std::string_view text) {
  std::string shown;
  for (const char c : text.substr(0, 64)) {
    const auto byte = static_cast<unsigned char>(c);
    shown += byte < 0x20 || byte == 0x7f ? '?' : c;
  }
  return "\"" + shown + (text.size() > 64 ? "…\"" : "\"");
}

// A field cannot carry the reply's own separators.
std::string field(std::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      c = ' ';
    }
  }
  return clean;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    const auto tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) {
      return fields;
    }
    line.remove_prefix(tab + 1);
  }
}

}  // namespace

ParsedRequest parse_request(std::string_view line) {
  if (line.ends_with('\r')) {
    line.remove_suffix(1);
  }
  if (line.size() > kMaxRequestBytes) {
    return {std::nullopt,
            "the request is longer than " + std::to_string(kMaxRequestBytes) + " bytes"};
  }
  const auto space = line.find(' ');
  const auto verb = line.substr(0, space);
  Request request;
  if (verb == "mount") {
    request.verb = Verb::mount;
  } else if (verb == "unmount") {
    request.verb = Verb::unmount;
  } else if (verb == "probe") {
    request.verb = Verb::probe;
  } else {
    return {std::nullopt, "unknown request " + shown_text(verb) +
                              ": the helper takes \"mount DEVICE\", \"unmount MOUNT_POINT\" or "
                              "\"probe DEVICE\""};
  }
  if (space == std::string_view::npos || space + 1 >= line.size()) {
    return {std::nullopt,
            std::string(verb) + " needs a path, such as \"" + std::string(verb) +
                (request.verb == Verb::unmount ? " /run/slate/cards/A001\"" : " /dev/sdb1\"")};
  }
  request.argument = std::string(line.substr(space + 1));
  for (const char c : request.argument) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return {std::nullopt,
              "the path " + shown_text(request.argument) + " holds a control character"};
    }
  }
  if (!request.argument.starts_with('/')) {
    return {std::nullopt, "the path " + shown_text(request.argument) + " is not absolute"};
  }
  return {std::move(request), {}};
}

std::string format_reply(const Reply& reply) {
  if (!reply.ok) {
    return "error\t" + field(reply.error) +
           (reply.file_system.empty() ? "" : "\t" + field(reply.file_system)) + "\n";
  }
  if (reply.volume.file_system.empty() && reply.volume.mount_point.empty()) {
    return "ok\n";
  }
  return "ok\t" + field(reply.volume.mount_point.string()) + "\t" +
         field(reply.volume.file_system) + "\t" + field(reply.volume.label) + "\t" +
         field(reply.volume.uuid) + "\n";
}

Reply parse_reply(std::string_view line) {
  if (line.ends_with('\n')) {
    line.remove_suffix(1);
  }
  const auto fields = split_tabs(line);
  Reply reply;
  if (fields[0] == "ok") {
    reply.ok = true;
    if (fields.size() >= 5) {
      reply.volume = {std::string(fields[1]), std::string(fields[2]), std::string(fields[3]),
                      std::string(fields[4])};
    }
    return reply;
  }
  if (fields[0] == "error" && fields.size() >= 2) {
    reply.error = std::string(fields[1]);
    if (fields.size() >= 3) {
      reply.file_system = std::string(fields[2]);
    }
    return reply;
  }
  reply.error = "the mount helper answered " + shown_text(line) + ", which is not a reply";
  return reply;
}

}  // namespace slate::cardmount
