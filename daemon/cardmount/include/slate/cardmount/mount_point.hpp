#pragma once
/// Names of the folders cards are mounted on.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slate::cardmount {

/// The longest mount point name, in bytes.
inline constexpr std::size_t kMaxMountNameBytes = 64;

/// A card's label (or UUID, or device name) made into one safe path component: printable ASCII
/// only, no '/', no leading '.', no surrounding spaces, at most 64 bytes. Empty when nothing of
/// `wanted` is usable.
std::string sanitise_mount_name(std::string_view wanted);

/// Creates a new empty folder `cards_dir`/`name` (mode 0755), or `name-2`, `name-3`… when taken,
/// and returns it; nullopt with `error` set when none can be made.
std::optional<std::filesystem::path> make_mount_point(const std::filesystem::path& cards_dir,
                                                      const std::string& name, std::string& error);

}  // namespace slate::cardmount
