#pragma once
/// The media jobs of a running slated: every clip an offload verifies is probed on its first
/// verified copy, then given thumbnails and a proxy, one job at a time (media.concurrency), below
/// the offloads in CPU and I/O priority. Jobs are kept in the catalogue: a restart resumes them.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include <slate/api/router.hpp>
#include <slate/catalogue/catalogue.hpp>

namespace slate::media {

struct MediaOptions {
  std::filesystem::path data_dir;  ///< Previews go in data_dir/previews/<clip id>/.
  int concurrency = 1;
  int proxy_width = 960;
  int proxy_height = 540;
};

class MediaService {
 public:
  MediaService(catalogue::Catalogue& catalogue, MediaOptions options);
  ~MediaService();
  MediaService(const MediaService&) = delete;
  MediaService& operator=(const MediaService&) = delete;

  /// Jobs a previous run left running are queued again; the workers start.
  void start();
  /// Running jobs stop where they are (queued again for the next start).
  void stop();

  /// An offload has ended: its clips are queued for probing. Cheap and safe to call from the
  /// catalogue's event observer (no catalogue access here).
  void offload_finished(std::int64_t offload_id);
  /// Cancels a queued or running job. False when it is neither.
  bool cancel(std::int64_t job_id);

  nlohmann::json jobs(int limit);
  nlohmann::json clip(std::int64_t clip_id);
  nlohmann::json clips(std::int64_t offload_id);
  /// A preview file of a clip ("thumbnail-320.jpg", "proxy.mp4"), if made.
  std::optional<std::filesystem::path> preview(std::int64_t clip_id, const std::string& name);

  /// Waits until no job is queued or running (tests).
  void wait_idle();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// GET /api/v1/clips?offload=N, GET /api/v1/clips/{id}, GET /api/v1/clips/{id}/thumbnail?width=,
/// GET /api/v1/clips/{id}/proxy, GET /api/v1/media/jobs, POST /api/v1/media/jobs/{id}/cancel.
void add_media_routes(api::Router& router, MediaService& media);

}  // namespace slate::media
