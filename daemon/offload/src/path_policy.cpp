#include <algorithm>
#include <array>
#include <string_view>
#include <system_error>
#include <vector>

#include <slate/offload/path_policy.hpp>

namespace slate::offload {

namespace fs = std::filesystem;

namespace {

// What the system itself is made of; on Debian /bin, /sbin and /lib are links into /usr and
// resolve there, but a system that is not usr-merged has them as folders.
constexpr std::array<std::string_view, 13> kSystemTrees = {
    "/etc", "/usr",  "/boot", "/proc",  "/sys",   "/dev",    "/run",
    "/bin", "/sbin", "/lib",  "/lib32", "/lib64", "/libx32",
};

// Where udisks mounts removable drives: a shuttle drive under it is a fine destination.
constexpr std::string_view kRemovableMounts = "/run/media";

// The named parts of a path, without the empty one a trailing slash leaves.
std::vector<std::string> parts_of(const fs::path& path) {
  std::vector<std::string> parts;
  for (const auto& part : path.lexically_normal()) {
    if (!part.empty()) {
      parts.push_back(part.string());
    }
  }
  return parts;
}

// Whether `inner` is `outer` or below it, part by part ("/etc2" is not inside "/etc").
bool within(const fs::path& inner, const fs::path& outer) {
  const auto a = parts_of(inner), b = parts_of(outer);
  return b.size() <= a.size() && std::equal(b.begin(), b.end(), a.begin());
}

bool same(const fs::path& a, const fs::path& b) {
  return parts_of(a) == parts_of(b);
}

std::optional<DestinationRefusal> judge(const fs::path& destination, const std::string& shown,
                                        const ProtectedFolders& folders, const fs::path& source) {
  const auto refuse = [](RefusalKind kind, std::string sentence) {
    return DestinationRefusal{kind, std::move(sentence)};
  };
  if (!destination.is_absolute()) {
    return refuse(RefusalKind::not_absolute, shown + " is not an absolute path");
  }
  if (parts_of(destination).size() == 1) {  // only the root "/"
    return refuse(RefusalKind::file_system_root,
                  shown + " is the root of the file system: an offload never writes there");
  }
  for (const auto tree : kSystemTrees) {
    if (within(destination, tree) && !within(destination, kRemovableMounts)) {
      return refuse(
          RefusalKind::system_tree,
          shown +
              (same(destination, tree) ? std::string(" is a system folder")
                                       : " is inside " + std::string(tree) + ", a system folder") +
              ": an offload never writes there");
    }
  }
  if (!folders.ui_dir.empty()) {
    const auto ui = folders.ui_dir.string();
    const char* relation = same(destination, folders.ui_dir)     ? " is the UI folder"
                           : within(destination, folders.ui_dir) ? " is inside the UI folder"
                           : within(folders.ui_dir, destination) ? " holds the UI folder"
                                                                 : nullptr;
    if (relation) {
      return refuse(RefusalKind::ui_dir,
                    shown + relation + " (" + ui +
                        "), which slated serves to anyone on the network: a copy there would be "
                        "public");
    }
  }
  if (!folders.data_dir.empty()) {
    const auto data = folders.data_dir.string();
    if (within(folders.data_dir, destination)) {
      return refuse(RefusalKind::data_dir, shown +
                                               (same(destination, folders.data_dir)
                                                    ? " is slated's data dir"
                                                    : " holds slated's data dir (" + data + ")") +
                                               ": an offload never writes there");
    }
    // Below the data dir is allowed (the demo keeps its destinations there), but not in the
    // folders slated fills itself: tethered files wait in tether/, previews are kept in previews/.
    for (const auto* own : {"tether", "previews"}) {
      if (within(destination, folders.data_dir / own)) {
        return refuse(RefusalKind::data_dir, shown + " is inside " +
                                                 (folders.data_dir / own).string() +
                                                 ", which slated fills itself");
      }
    }
  }
  if (!source.empty() && within(destination, source)) {
    return refuse(RefusalKind::inside_source,
                  shown + (same(destination, source)
                               ? " is the card being offloaded"
                               : " is inside the card being offloaded (" + source.string() + ")"));
  }
  return std::nullopt;
}

}  // namespace

std::optional<DestinationRefusal> judge_resolved_destination(const fs::path& destination,
                                                             const ProtectedFolders& folders,
                                                             const fs::path& source) {
  return judge(destination, destination.string(), folders, source);
}

fs::path resolve_folder(const fs::path& path) {
  if (path.empty()) {
    return path;
  }
  std::error_code error;
  auto resolved = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) {
    // A folder that cannot be looked at is judged as written; preflight says what is wrong with it.
    return fs::absolute(path, error).lexically_normal();
  }
  return resolved;
}

std::optional<DestinationRefusal> judge_destination(const fs::path& destination,
                                                    const ProtectedFolders& folders,
                                                    const fs::path& source) {
  if (!destination.is_absolute()) {
    return judge(destination, destination.string(), folders, source);
  }
  const auto resolved = resolve_folder(destination);
  const auto shown = same(resolved, destination)
                         ? destination.string()
                         : destination.string() + " (which leads to " + resolved.string() + ")";
  return judge(resolved, shown, {resolve_folder(folders.data_dir), resolve_folder(folders.ui_dir)},
               resolve_folder(source));
}

}  // namespace slate::offload
