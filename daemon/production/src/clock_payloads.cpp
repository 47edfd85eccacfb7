#include <cmath>
#include <nlohmann/json.hpp>

#include <slate/core/clock.hpp>
#include <slate/production/clock_events.hpp>

namespace slate::production {

using nlohmann::json;

namespace {

json optional_time(const std::optional<std::chrono::system_clock::time_point>& time) {
  return time ? json(core::utc_text_ms(*time)) : json(nullptr);
}

}  // namespace

std::string to_payload(const ClockReading& reading) {
  json jam = nullptr;
  if (reading.jam) {
    jam = {{"timecode", reading.jam->timecode.to_string()},
           {"at", core::utc_text_ms(reading.jam->at)},
           {"how", to_string(reading.jam->how)},
           {"by", reading.jam->by}};
  }
  json ltc = nullptr;
  if (reading.ltc) {
    ltc = {{"input", reading.ltc->input},
           {"rate", reading.ltc->rate ? json(*reading.ltc->rate) : json(nullptr)},
           {"drop_frame", reading.ltc->drop_frame},
           {"level_dbfs",
            std::isfinite(reading.ltc->level_dbfs) ? json(reading.ltc->level_dbfs) : json(nullptr)},
           {"dropouts", reading.ltc->dropouts},
           {"date", reading.ltc->date ? json(*reading.ltc->date) : json(nullptr)}};
  }
  const json payload = {
      {"source", core::to_string(reading.source)},
      {"state", to_string(reading.state)},
      {"rate", core::to_string(reading.timecode.rate())},
      {"drop_frame", reading.timecode.drop_frame()},
      {"timecode", reading.timecode.to_string()},
      {"frames", reading.timecode.frames()},
      {"at", core::utc_text_ms(reading.at)},
      {"jam", jam},
      {"holdover_since", optional_time(reading.holdover_since)},
      {"drift_frames_per_hour",
       reading.drift_frames_per_hour ? json(*reading.drift_frames_per_hour) : json(nullptr)},
      {"ltc", ltc},
      {"message", reading.message}};
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace slate::production
