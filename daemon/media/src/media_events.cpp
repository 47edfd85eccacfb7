#include "media_events.hpp"

#include <nlohmann/json.hpp>

namespace slate::media::payload {
namespace {

using nlohmann::json;

std::string text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string clip_path(std::int64_t clip, const char* what) {
  return "/api/v1/clips/" + std::to_string(clip) + "/" + what;
}

}  // namespace

std::string probed(std::int64_t clip, const std::string& name, const std::string& stored_probe) {
  return text(
      {{"clip", clip}, {"name", name}, {"probe", json::parse(stored_probe, nullptr, false)}});
}

std::string thumbnail_ready(std::int64_t clip, const std::string& name) {
  return text({{"clip", clip}, {"name", name}, {"thumbnail", clip_path(clip, "thumbnail")}});
}

std::string previews_ready(std::int64_t offload) {
  return text({{"offload", offload}});
}

std::string proxy_progress(std::int64_t clip, std::int64_t job, double progress) {
  return text({{"clip", clip}, {"job", job}, {"progress", progress}});
}

std::string proxy_ready(std::int64_t clip, const std::string& name) {
  return text({{"clip", clip}, {"name", name}, {"proxy", clip_path(clip, "proxy")}});
}

std::string cancelled(std::int64_t clip, std::int64_t job, const std::string& kind) {
  return text({{"clip", clip}, {"job", job}, {"kind", kind}});
}

std::string failed(std::int64_t clip, const std::string& name, std::int64_t job,
                   const std::string& kind, const std::string& reason) {
  return text({{"clip", clip}, {"name", name}, {"job", job}, {"kind", kind}, {"reason", reason}});
}

}  // namespace slate::media::payload
