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
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/catalogue/page.hpp>

namespace slate::media {

struct MediaOptions {
  std::filesystem::path data_dir;  ///< Previews go in data_dir/previews/<clip id>/.
  int concurrency = 1;
  int proxy_width = 960;
  int proxy_height = 540;
};

enum class JobKind { probe, thumbnail, proxy };
const char* to_string(JobKind kind);

enum class JobState { queued, running, done, failed, cancelled };
const char* to_string(JobState state);

/// A media job as listed.
struct MediaJob {
  std::int64_t id = 0;
  std::int64_t clip = 0;
  std::string clip_name;
  JobKind kind = JobKind::probe;
  JobState state = JobState::queued;
  std::string reason;
  double progress = 0;
  std::string created_at;
  std::string finished_at;
};

/// A clip with what media work has found of it.
struct ClipMedia {
  std::int64_t id = 0;
  std::int64_t offload = 0;
  std::int64_t position = 0;  ///< Order on its card.
  std::string name;
  std::string maker;
  std::string camera;
  std::string reel;
  std::string clip_number;
  std::string date;
  std::string media_path;  ///< Printable; empty before its offload ended.
  std::string probe;       ///< As stored: JSON text (see stored_probe), empty before a probe.
  std::string start_tc;
  std::string end_tc;
  std::string rate;
  bool previewable = false;
  std::string recorded_at;  ///< UTC ISO 8601 with ms; empty when not known.
  /// Each job of the clip by kind ("probe", "thumbnail", "proxy") and its state.
  std::map<std::string, std::string> jobs;
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

  /// A page of jobs, newest first; the cursor's key is the id.
  catalogue::Page<MediaJob> jobs(const catalogue::PageRequest& page);
  /// The latest `limit` jobs: the first page.
  std::vector<MediaJob> jobs(int limit) { return jobs({std::nullopt, limit}).items; }
  std::optional<ClipMedia> clip(std::int64_t clip_id);
  /// A page of the clips of an offload in card order (the cursor's key is the position on the
  /// card), or with offload_id 0 of every clip, newest first (the key is the id).
  catalogue::Page<ClipMedia> clips(std::int64_t offload_id, const catalogue::PageRequest& page);
  /// Every clip of an offload in card order, page after page.
  std::vector<ClipMedia> clips(std::int64_t offload_id);
  /// A preview file of a clip ("thumbnail-320.jpg", "proxy.mp4"), if made.
  std::optional<std::filesystem::path> preview(std::int64_t clip_id, const std::string& name);

  /// Waits until no job is queued or running (tests).
  void wait_idle();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::media
