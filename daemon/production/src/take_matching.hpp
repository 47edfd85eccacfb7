#pragma once
// Matching clips to takes within their shooting day: which day a clip was recorded on, which
// camera shot it, and the take of that day and camera it overlaps most. Runs inside the caller's
// write transaction and touches only the clips a change can affect.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <slate/catalogue/catalogue.hpp>

namespace slate::production::detail {

struct MatchedClip {
  std::int64_t clip_id = 0;
  std::int64_t take_id = 0;
  double overlap_seconds = 0;
};

/// Tries the clips of `day_id` that wait for a take (never matched, or found no take), on the
/// given cameras (all when empty). Returns the clips that got a take.
std::vector<MatchedClip> match_day(catalogue::Transaction& tx, std::int64_t day_id,
                                   const std::vector<std::string>& cameras, double tolerance);

/// Tries every probed clip not tried since: finds its day and camera first. Returns the clips
/// that got a take.
std::vector<MatchedClip> match_untried(catalogue::Transaction& tx, double tolerance, int limit,
                                       int& tried);

}  // namespace slate::production::detail
