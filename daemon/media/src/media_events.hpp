#pragma once
// The payloads of the media library's events, as JSON text: made here and nowhere else in it.

#include <cstdint>
#include <string>

namespace slate::media::payload {

/// media.probed, with the probe as the catalogue stores it.
std::string probed(std::int64_t clip, const std::string& name, const std::string& stored_probe);
std::string thumbnail_ready(std::int64_t clip, const std::string& name);
/// media.previews_ready: every probe and thumbnail of the offload's clips has ended.
std::string previews_ready(std::int64_t offload);
std::string proxy_progress(std::int64_t clip, std::int64_t job, double progress);
std::string proxy_ready(std::int64_t clip, const std::string& name);
std::string cancelled(std::int64_t clip, std::int64_t job, const std::string& kind);
std::string failed(std::int64_t clip, const std::string& name, std::int64_t job,
                   const std::string& kind, const std::string& reason);

}  // namespace slate::media::payload
