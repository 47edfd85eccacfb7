#pragma once
/// Where an offload may write: never the system, never slated's own folders, never into the card
/// it copies. A destination is judged by the folder it really is, symlinks resolved, so a link to
/// /etc is /etc.

#include <filesystem>
#include <optional>
#include <string>

namespace slate::offload {

/// The folders slated itself lives in, which no offload may write into or around.
struct ProtectedFolders {
  std::filesystem::path data_dir;  ///< The catalogue, the admin token, staging and previews.
  std::filesystem::path ui_dir;    ///< Served to anyone on the network: a copy there is public.
};

enum class RefusalKind {
  not_absolute,
  file_system_root,
  system_tree,
  data_dir,
  ui_dir,
  inside_source,
};

/// Why a destination is refused, with a sentence for people that names the folder it hit.
struct DestinationRefusal {
  RefusalKind kind;
  std::string sentence;
};

/// The refusal of a destination already resolved (absolute, no symlinks, no "." or ".."), judged
/// against resolved protected folders and source; nothing when an offload may write below it.
/// Pure: it looks at no file system.
std::optional<DestinationRefusal> judge_resolved_destination(
    const std::filesystem::path& destination, const ProtectedFolders& folders,
    const std::filesystem::path& source = {});

/// The folder a path really is: absolute, symlinks of its existing part resolved.
std::filesystem::path resolve_folder(const std::filesystem::path& path);

/// Resolves the destination, the protected folders and the source, then judges; the sentence names
/// the destination as given and, when a symlink led elsewhere, where it leads.
std::optional<DestinationRefusal> judge_destination(const std::filesystem::path& destination,
                                                    const ProtectedFolders& folders,
                                                    const std::filesystem::path& source = {});

}  // namespace slate::offload
