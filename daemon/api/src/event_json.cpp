#include <slate/api/event_json.hpp>

namespace slate::api {

nlohmann::json to_json(const catalogue::Event& event) {
  auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  if (payload.is_discarded()) {
    payload = nlohmann::json::object();  // the schema keeps it JSON; this is only a guard
  }
  // An event told live and never stored has no place in the log: a client's last-seen sequence
  // stays where it was.
  return {{"seq", event.sequenced() ? nlohmann::json(event.sequence) : nlohmann::json()},
          {"time", event.time},
          {"kind", event.kind},
          {"entity", event.entity},
          {"actor", event.actor},
          {"payload", std::move(payload)}};
}

}  // namespace slate::api
