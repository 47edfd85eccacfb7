#pragma once
/// The offload API: /api/v1/offloads and /api/v1/destinations.

#include <filesystem>
#include <string>
#include <vector>

#include <slate/api/router.hpp>
#include <slate/offload/offload_service.hpp>

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
};

/// An offload of `source` with everything from the defaults: hashes, verification, template, and
/// the default destinations (those marked default, or all configured ones when none is).
OffloadRequest default_request(const OffloadDefaults& defaults, std::filesystem::path source);

void add_offload_routes(api::Router& router, OffloadService& service, OffloadDefaults defaults);

}  // namespace slate::offload
