#pragma once
/// What the configuration says an offload is when a request leaves things out.

#include <filesystem>
#include <string>
#include <vector>

#include <slate/offload/offload.hpp>
#include <slate/offload/path_policy.hpp>

namespace slate::offload {

/// A destination named in the configuration.
struct NamedDestination {
  std::string name;
  std::filesystem::path path;
  bool is_default = false;
};

/// What an offload request leaves out is taken from here.
struct OffloadDefaults {
  std::vector<hashing::Algorithm> hashes = {hashing::Algorithm::xxh64};
  VerifyMode verify = VerifyMode::full;
  std::string path_template = "{date}/{roll}";
  int min_destinations = 2;
  std::vector<NamedDestination> destinations;
  /// Slated's own folders, which no destination may be, hold or be inside.
  ProtectedFolders protected_folders;
};

/// An offload of `source` with everything from the defaults: hashes, verification, template, and
/// the default destinations (those marked default, or all configured ones when none is).
OffloadRequest default_request(const OffloadDefaults& defaults, std::filesystem::path source);

}  // namespace slate::offload
