#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace slate::catalogue {

/// An entry of the append-only event log, as committed.
struct Event {
  /// Its place in the log, from 1; 0 for an event told live and never stored (Catalogue::announce).
  std::int64_t sequence = 0;
  std::string time;  ///< UTC, ISO 8601 with milliseconds.
  std::string kind;
  std::string entity;
  std::string payload = "{}";  ///< JSON text, as the library that made the event wrote it.
  std::string actor;
  std::optional<std::string> idempotency_key;

  bool sequenced() const { return sequence > 0; }
};

/// What a change appends to the log; the sequence and time are given at commit.
struct NewEvent {
  std::string kind;
  std::string entity;
  std::string payload = "{}";  ///< JSON text; an empty one is stored as "{}".
  std::string actor;
  std::optional<std::string> idempotency_key;
};

}  // namespace slate::catalogue
