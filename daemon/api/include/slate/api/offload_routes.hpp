#pragma once
/// The offload API: /api/v1/offloads and /api/v1/destinations.

#include <filesystem>
#include <optional>
#include <string>

#include <slate/api/router.hpp>
#include <slate/offload/offload_defaults.hpp>
#include <slate/offload/offload_service.hpp>

namespace slate::api {

/// Something the box found that a tablet may offload by its id: a card present now.
struct FoundSource {
  std::filesystem::path path;
  std::string roll;  ///< Proposed by the card's layout; the request may say another.
  std::string label;
};

/// Starts an offload as the request's JSON body asks: 202 with the offload, else 400 or 403 with
/// why. `found` is what a tablet named by id; without it the body names a source folder, which
/// only the admin token (the CLI on the box) may do, as it alone may name destination folders
/// rather than configured names. Every destination must pass the path policy.
Response start_offload(offload::OffloadService& service, const offload::OffloadDefaults& defaults,
                       const Request& request,
                       const std::optional<FoundSource>& found = std::nullopt);

void add_offload_routes(Router& router, offload::OffloadService& service,
                        offload::OffloadDefaults defaults);

}  // namespace slate::api
