#include <slate/catalogue/event.hpp>

namespace slate::catalogue {

nlohmann::json to_json(const Event& event) {
  nlohmann::json json = {{"seq", event.sequence}, {"time", event.time},
                         {"kind", event.kind},    {"entity", event.entity},
                         {"actor", event.actor},  {"payload", event.payload}};
  return json;
}

}  // namespace slate::catalogue
