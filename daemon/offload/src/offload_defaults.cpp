#include <slate/offload/offload_defaults.hpp>

namespace slate::offload {

OffloadRequest default_request(const OffloadDefaults& defaults, std::filesystem::path source) {
  OffloadRequest request;
  request.source = std::move(source);
  request.hashes = defaults.hashes;
  request.verify = defaults.verify;
  request.path_template = defaults.path_template;
  request.min_destinations = defaults.min_destinations;
  // The configured defaults, or every configured destination if none is marked.
  for (const auto& destination : defaults.destinations) {
    if (destination.is_default) {
      request.destinations.push_back({destination.path, destination.name});
    }
  }
  if (request.destinations.empty()) {
    for (const auto& destination : defaults.destinations) {
      request.destinations.push_back({destination.path, destination.name});
    }
  }
  return request;
}

}  // namespace slate::offload
