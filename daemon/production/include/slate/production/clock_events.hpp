#pragma once
/// The box's clock as its events (`timecode.changed`) carry it, JSON text: the form
/// GET /api/v1/timecode answers with too (schemas/api/timecode.json).

#include <string>

#include <slate/production/box_clock.hpp>

namespace slate::production {

/// {"source", "state", "rate", "drop_frame", "timecode", "frames", "at", "jam", "holdover_since",
/// "drift_frames_per_hour", "ltc", "message"}
std::string to_payload(const ClockReading& reading);

}  // namespace slate::production
