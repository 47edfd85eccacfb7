#include <charconv>

#include <slate/api/media_routes.hpp>

#include "listing_page.hpp"
#include "route_values.hpp"

namespace slate::api {

namespace {

using media::ClipMedia;
using media::MediaService;
using nlohmann::json;

json clip_json(const ClipMedia& clip) {
  const auto base = "/api/v1/clips/" + std::to_string(clip.id);
  const auto empty_or = [](const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
  };
  const auto job = [&](const char* kind) {
    const auto found = clip.jobs.find(kind);
    return found == clip.jobs.end() ? std::string() : found->second;
  };
  return {{"id", clip.id},
          {"offload", clip.offload},
          {"name", clip.name},
          {"maker", clip.maker},
          {"camera", clip.camera},
          {"reel", clip.reel},
          {"clip_number", clip.clip_number},
          {"date", clip.date},
          {"media_path", empty_or(clip.media_path)},
          {"probe", clip.probe.empty() ? json(nullptr) : json::parse(clip.probe, nullptr, false)},
          {"start_tc", empty_or(clip.start_tc)},
          {"end_tc", empty_or(clip.end_tc)},
          {"rate", empty_or(clip.rate)},
          {"previewable", clip.previewable},
          {"recorded_at", empty_or(clip.recorded_at)},
          {"jobs", clip.jobs},
          {"thumbnail", job("thumbnail") == "done" ? json(base + "/thumbnail") : json(nullptr)},
          {"proxy", job("proxy") == "done" ? json(base + "/proxy") : json(nullptr)}};
}

json job_json(const media::MediaJob& job) {
  return {{"id", job.id},
          {"clip", job.clip},
          {"name", job.clip_name},
          {"kind", media::to_string(job.kind)},
          {"state", media::to_string(job.state)},
          {"reason", job.reason},
          {"progress", job.progress},
          {"created_at", job.created_at},
          {"finished_at", job.finished_at}};
}

api::Response bad_id() {
  return api::Response::error(400, "bad_id", "An id is a whole number from 1.");
}

}  // namespace

void add_media_routes(api::Router& router, MediaService& media) {
  // Newest first, or one card's clips in card order, a page at a time.
  router.add("GET", "/api/v1/clips", api::Right::read, [&media](api::Request& request) {
    std::int64_t offload = 0;
    if (const auto found = request.query.find("offload"); found != request.query.end()) {
      const auto id = id_of(found->second);
      if (!id) {
        return bad_id();
      }
      offload = *id;
    }
    const auto kept = offload > 0 ? "offload=" + std::to_string(offload) + '&' : std::string();
    return listing_answer(
        request, "/api/v1/clips", "clips",
        [&](const catalogue::PageRequest& page) { return media.clips(offload, page); }, clip_json,
        kept);
  });
  router.add("GET", "/api/v1/clips/{id}", api::Right::read, [&media](api::Request& request) {
    const auto id = id_of(request.params.at("id"));
    if (!id) {
      return bad_id();
    }
    const auto clip = media.clip(*id);
    if (!clip) {
      return api::Response::error(404, "not_found",
                                  "There is no clip " + std::to_string(*id) + ".");
    }
    return api::Response::json(clip_json(*clip));
  });
  // Previews are files: streamed from the disk, never read into memory.
  const auto preview = [&media](api::Request& request, const std::string& name,
                                const char* content_type) {
    const auto id = id_of(request.params.at("id"));
    if (!id) {
      return bad_id();
    }
    const auto file = media.preview(*id, name);
    if (!file) {
      return api::Response::error(404, "not_ready",
                                  "Clip " + std::to_string(*id) + " has no " + name + " (yet).");
    }
    api::Response response;
    response.content_type = content_type;
    response.file = *file;
    response.headers.emplace_back("Cache-Control", "max-age=60");
    return response;
  };
  router.add(
      "GET", "/api/v1/clips/{id}/thumbnail", api::Right::read, [preview](api::Request& request) {
        std::string width = "320";
        if (const auto found = request.query.find("width"); found != request.query.end()) {
          width = found->second;
        }
        if (width != "320" && width != "640") {
          return api::Response::error(400, "bad_width", "Thumbnails are 320 or 640 pixels wide.");
        }
        return preview(request, "thumbnail-" + width + ".jpg", "image/jpeg");
      });
  router.add("GET", "/api/v1/clips/{id}/proxy", api::Right::read, [preview](api::Request& request) {
    return preview(request, "proxy.mp4", "video/mp4");
  });
  router.add("GET", "/api/v1/media/jobs", api::Right::read, [&media](api::Request& request) {
    return listing_answer(
        request, "/api/v1/media/jobs", "jobs",
        [&](const catalogue::PageRequest& page) { return media.jobs(page); }, job_json);
  });
  router.add("POST", "/api/v1/media/jobs/{id}/cancel", api::Right::offload,
             [&media](api::Request& request) {
               const auto id = id_of(request.params.at("id"));
               if (!id) {
                 return bad_id();
               }
               if (!media.cancel(*id)) {
                 return api::Response::error(
                     409, "not_cancellable",
                     "Media job " + std::to_string(*id) + " is neither queued nor running.");
               }
               return api::Response::json({{"job", *id}, {"cancelling", true}}, 202);
             });
}

}  // namespace slate::api
