#pragma once
/// The offload API: /api/v1/offloads and /api/v1/destinations.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <slate/api/router.hpp>
#include <slate/offload/offload_service.hpp>
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

/// Something the box found that a tablet may offload by its id: a card present now.
struct FoundSource {
  std::filesystem::path path;
  std::string roll;  ///< Proposed by the card's layout; the request may say another.
  std::string label;
};

/// An offload of `source` with everything from the defaults: hashes, verification, template, and
/// the default destinations (those marked default, or all configured ones when none is).
OffloadRequest default_request(const OffloadDefaults& defaults, std::filesystem::path source);

/// Starts an offload as the request's JSON body asks: 202 with the offload, else 400 or 403 with
/// why. `found` is what a tablet named by id; without it the body names a source folder, which
/// only the admin token (the CLI on the box) may do, as it alone may name destination folders
/// rather than configured names. Every destination must pass the path policy.
api::Response start_offload(OffloadService& service, const OffloadDefaults& defaults,
                            const api::Request& request,
                            const std::optional<FoundSource>& found = std::nullopt);

void add_offload_routes(api::Router& router, OffloadService& service, OffloadDefaults defaults);

}  // namespace slate::offload
