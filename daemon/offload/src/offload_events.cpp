#include "offload_events.hpp"

#include <nlohmann/json.hpp>

#include <slate/core/file_name.hpp>

namespace slate::offload {
namespace {

using nlohmann::json;

// Names reach payloads in their printable form; a byte that slipped through unescaped is replaced
// rather than failing the whole transaction (an offload must still be recorded).
std::string text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json final_figures(const std::vector<DestinationRecord>& destinations) {
  json list = json::array();
  for (const auto& destination : destinations) {
    list.push_back({{"position", destination.position},
                    {"state", destination.state},
                    {"files_verified", destination.files_verified},
                    {"files_failed", destination.files_failed},
                    {"bytes_verified", destination.bytes_verified}});
  }
  return list;
}

json stages_json(const StageTimes& stages) {
  json hash = json::object();
  for (const auto& [algorithm, seconds] : stages.hash) {
    hash[std::string(hashing::name(algorithm))] = seconds;
  }
  return {{"copying", stages.copying},
          {"read", stages.read},
          {"read_stalled", stages.read_stalled},
          {"hash", hash},
          {"write", stages.write},
          {"sync", stages.sync},
          {"read_back", stages.read_back},
          {"mhl", stages.mhl}};
}

}  // namespace

namespace payload {

std::string queued(std::int64_t id, const OffloadRequest& request, const std::string& roll) {
  json destinations = json::array();
  for (const auto& destination : request.destinations) {
    destinations.push_back(destination.root.string());
  }
  return text({{"id", id},
               {"source", request.source.string()},
               {"roll", roll},
               {"destinations", destinations}});
}

std::string state_changed(std::int64_t id, std::string_view state, const std::string& reason) {
  return text({{"id", id}, {"state", state}, {"reason", reason}});
}

std::string started(const OffloadRecord& record, std::size_t clips) {
  json destinations = json::array();
  for (const auto& destination : record.destinations) {
    destinations.push_back({{"position", destination.position},
                            {"name", destination.name},
                            {"card_folder", destination.card_folder.string()}});
  }
  return text({{"id", record.id},
               {"source", record.source.string()},
               {"roll", record.roll},
               {"files", record.files.size()},
               {"clips", clips},
               {"bytes", record.total_bytes},
               {"destinations", destinations}});
}

std::string files_added(const OffloadRecord& record, std::size_t first) {
  json added = json::array();
  for (std::size_t i = first; i < record.files.size(); ++i) {
    added.push_back(core::printable_name(record.files[i].file.relative_path));
  }
  // The whole count with the new names: a batch's line on a tablet grows with each arrival.
  return text({{"id", record.id},
               {"files", added},
               {"total_files", record.files.size()},
               {"bytes", record.total_bytes}});
}

std::string copy_ended(const OffloadRecord& record, const FileRecord& file,
                       const DestinationRecord& destination, const CopyUpdate& copy) {
  json result = {{"offload", record.id},
                 {"path", core::printable_name(file.file.relative_path)},
                 {"destination", destination.position},
                 {"card_folder", destination.card_folder.string()}};
  if (copy.state == CopyState::failed) {
    result["reason"] = copy.reason;
  }
  return text(result);
}

std::string destination_failed(const OffloadRecord& record, const DestinationRecord& destination) {
  return text({{"id", record.id},
               {"destination", destination.position},
               {"root", destination.root.string()},
               {"reason", destination.reason}});
}

std::string progress(const OffloadRecord& record, const Progress& progress) {
  json destinations = json::array();
  for (std::size_t i = 0; i < progress.destinations.size(); ++i) {
    const auto& figures = progress.destinations[i];
    destinations.push_back({{"position", i},
                            {"bytes_written", figures.bytes_written},
                            {"bytes_verified", figures.bytes_verified},
                            {"files_copied", figures.files_copied},
                            {"files_verified", figures.files_verified},
                            {"files_failed", figures.files_failed},
                            {"bytes_per_second", figures.bytes_per_second}});
  }
  return text({{"id", record.id},
               {"bytes_read", progress.bytes_read},
               {"total_bytes", record.total_bytes},
               {"destinations", destinations}});
}

std::string finished(std::int64_t id, std::string_view state, std::string_view verdict,
                     const std::string& reason, const std::vector<DestinationRecord>& destinations,
                     const StageTimes* stages) {
  json result = {{"id", id},
                 {"state", state},
                 {"verdict", verdict},
                 {"reason", reason},
                 {"destinations", final_figures(destinations)}};
  if (stages) {
    result["stage_seconds"] = stages_json(*stages);
  }
  return text(result);
}

std::string card_safe(const OffloadRecord& record) {
  json folders = json::array();
  for (const auto& destination : record.destinations) {
    folders.push_back(destination.card_folder.string());
  }
  return text({{"offload", record.id},
               {"roll", record.roll},
               {"source", record.source.string()},
               {"destinations", folders}});
}

}  // namespace payload

std::string digests_text(const hashing::Digests& digests) {
  json object = json::object();
  for (const auto& [algorithm, digest] : digests) {
    object[std::string(hashing::name(algorithm))] = digest;
  }
  return object.dump();
}

std::string stage_times_text(const StageTimes& stages) {
  return stages_json(stages).dump();
}

StageTimes parse_stage_times(const std::string& text) {
  StageTimes stages;
  const auto object = json::parse(text, nullptr, false);
  if (!object.is_object()) {
    return stages;
  }
  const auto seconds = [&](const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_number() ? found->get<double>() : 0.0;
  };
  stages.copying = seconds("copying");
  stages.read = seconds("read");
  stages.read_stalled = seconds("read_stalled");
  stages.write = seconds("write");
  stages.sync = seconds("sync");
  stages.read_back = seconds("read_back");
  stages.mhl = seconds("mhl");
  if (const auto hash = object.find("hash"); hash != object.end() && hash->is_object()) {
    for (const auto& [key, value] : hash->items()) {
      if (auto algorithm = hashing::parse_algorithm(key); algorithm && value.is_number()) {
        stages.hash[*algorithm] = value.get<double>();
      }
    }
  }
  return stages;
}

hashing::Digests parse_digests(const std::string& text) {
  hashing::Digests digests;
  const auto object = json::parse(text, nullptr, false);
  if (!object.is_object()) {
    return digests;
  }
  for (const auto& [key, value] : object.items()) {
    if (auto algorithm = hashing::parse_algorithm(key); algorithm && value.is_string()) {
      digests[*algorithm] = value.get<std::string>();
    }
  }
  return digests;
}

}  // namespace slate::offload
