#pragma once
/// Catalogue events as the API and the WebSocket stream send them.

#include <nlohmann/json.hpp>

#include <slate/catalogue/event.hpp>

namespace slate::api {

/// {"seq", "time", "kind", "entity", "actor", "payload"}, the payload parsed from its stored text.
nlohmann::json to_json(const catalogue::Event& event);

}  // namespace slate::api
