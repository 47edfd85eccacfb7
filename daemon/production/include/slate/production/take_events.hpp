#pragma once
/// A take as its events carry it, JSON text: the form the API answers with too, so that a tablet
/// applies an event's take and an answer's take alike.

#include <string>

#include <slate/production/take.hpp>

namespace slate::production {

/// {"id", "scene", "setup", "setup_id", "take", "name", "kind", "wild", "mos", "vfx", "status",
/// "flagged", "notes", "cameras", "rate", "rolled_at", "roll_tc", "cut_at", "cut_tc", "day",
/// "undone", "renumbered_from", "clash", "warnings", "clips"} (schemas/api/take.json).
std::string to_payload(const Take& take);

}  // namespace slate::production
