#pragma once
/// Which take a clip belongs to: the take whose logged timecode range its own range overlaps most,
/// on a camera that was rolling on that take, padded by a tolerance, across midnight, at any rate.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <slate/core/timecode.hpp>

namespace slate::production {

struct TakeSpan {
  std::int64_t take_id = 0;
  core::Timecode roll;               ///< Timecode at roll.
  core::Timecode cut;                ///< At cut (may be past midnight: earlier than roll).
  std::vector<std::string> cameras;  ///< Cameras rolling: "A", "B".
};

struct ClipSpan {
  std::int64_t clip_id = 0;
  std::string camera;       ///< The clip's camera letter; empty matches any camera.
  core::Timecode start;     ///< First frame.
  std::int64_t frames = 0;  ///< Length.
};

struct Match {
  std::int64_t take_id = 0;
  double overlap_seconds = 0;  ///< Of the clip with the padded take.
  /// The take with the next most overlap, when the clip really runs through it too (unpadded):
  /// that take shows a warning, since some of its picture is on this clip.
  std::optional<std::int64_t> also_take_id;
  double also_overlap_seconds = 0;
};

/// The take the clip overlaps most (padded on both sides by `tolerance_seconds`), on a camera
/// rolling on it; nullopt when none overlaps. Timecodes of different rates are compared in real
/// time of day; ranges that cross midnight are handled (a take rolled 23:59:50 and cut 00:00:20).
/// Ties go to the take that rolled first.
std::optional<Match> match_clip(const ClipSpan& clip, const std::vector<TakeSpan>& takes,
                                double tolerance_seconds = 2.0);

}  // namespace slate::production
