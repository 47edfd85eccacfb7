#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace slate::catalogue {

/// An entry of the append-only event log, as committed.
struct Event {
  std::int64_t sequence = 0;
  std::string time;  ///< UTC, ISO 8601 with milliseconds.
  std::string kind;
  std::string entity;
  nlohmann::json payload = nlohmann::json::object();
  std::string actor;
  std::optional<std::string> idempotency_key;
};

/// What a change appends to the log; the sequence and time are given at commit.
struct NewEvent {
  std::string kind;
  std::string entity;
  nlohmann::json payload = nlohmann::json::object();
  std::string actor;
  std::optional<std::string> idempotency_key;
};

/// The event as the API and the WebSocket stream send it.
nlohmann::json to_json(const Event& event);

}  // namespace slate::catalogue
