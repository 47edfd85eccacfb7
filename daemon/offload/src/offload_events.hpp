#pragma once
// The JSON the offload library stores: its events' payloads, and a file's digests. Made here and
// nowhere else in the library, so that nothing else of it knows JSON.

#include <cstdint>
#include <string>
#include <string_view>

#include <slate/hashing/hash.hpp>
#include <slate/offload/offload_store.hpp>

namespace slate::offload::payload {

std::string queued(std::int64_t id, const OffloadRequest& request, const std::string& roll);
std::string state_changed(std::int64_t id, std::string_view state, const std::string& reason);
std::string started(const OffloadRecord& record, std::size_t clips);
std::string files_added(const OffloadRecord& record, std::size_t first);
/// file.verified or file.failed of one copy.
std::string copy_ended(const OffloadRecord& record, const FileRecord& file,
                       const DestinationRecord& destination, const CopyUpdate& copy);
std::string destination_failed(const OffloadRecord& record, const DestinationRecord& destination);
std::string progress(const OffloadRecord& record, const Progress& progress);
/// offload.finished: the verdict, and each destination's final figures (they replace the last
/// progress message's); with the stage times of the run, when it copied.
std::string finished(std::int64_t id, std::string_view state, std::string_view verdict,
                     const std::string& reason, const std::vector<DestinationRecord>& destinations,
                     const StageTimes* stages = nullptr);
std::string card_safe(const OffloadRecord& record);

}  // namespace slate::offload::payload

namespace slate::offload {

/// A file's digests as offload_files.digests keeps them: {"xxh64": "…"}.
std::string digests_text(const hashing::Digests& digests);
hashing::Digests parse_digests(const std::string& text);

/// Zeros for what the text lacks (an offload from before stages were measured).
StageTimes parse_stage_times(const std::string& text);

}  // namespace slate::offload
