#include <slate/api/event_json.hpp>

namespace slate::api {

nlohmann::json to_json(const catalogue::Event& event) {
  auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  if (payload.is_discarded()) {
    payload = nlohmann::json::object();  // the schema keeps it JSON; this is only a guard
  }
  return {{"seq", event.sequence},  {"time", event.time},   {"kind", event.kind},
          {"entity", event.entity}, {"actor", event.actor}, {"payload", std::move(payload)}};
}

}  // namespace slate::api
