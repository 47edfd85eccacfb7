#include <set>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <slate/core/clock.hpp>
#include <slate/core/file_name.hpp>
#include <slate/log/log.hpp>
#include <slate/media/media_service.hpp>
#include <slate/media/preview.hpp>
#include <slate/media/probe.hpp>

#include "media_events.hpp"

namespace slate::media {

namespace fs = std::filesystem;

namespace {

struct Job {
  std::int64_t id = 0;
  std::int64_t clip_id = 0;
  std::string kind;
  std::string clip_name;
  fs::path media_path;
  StoredProbe probe;
};

// Media work yields to offloads: a lower CPU priority and the lowest best-effort I/O class, for
// this thread and the GStreamer threads it starts (they inherit both).
void lower_priority() {
  const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
  ::setpriority(PRIO_PROCESS, thread, 10);
  constexpr int kWhoProcess = 1, kClassBestEffort = 2, kClassShift = 13;
  ::syscall(SYS_ioprio_set, kWhoProcess, static_cast<int>(thread),
            (kClassBestEffort << kClassShift) | 7);
}

catalogue::NewEvent event(std::string kind, std::int64_t clip_id, std::string payload) {
  return {std::move(kind), "clip/" + std::to_string(clip_id), std::move(payload), "slated", {}};
}

// The width of the frames in a clip's strip: sharp at the size an offload report prints them.
constexpr int kStripWidth = 192;

// Once no probe or thumbnail of an offload's clips waits or runs, its previews are as done as they
// will get (some may have failed, some clips cannot be previewed): media.previews_ready says so, in
// the transaction that ended the last of them, so the card's offload report can be made. Also for
// an offload with nothing to preview.
void note_previews_ready(catalogue::Transaction& tx, std::int64_t offload_id) {
  auto waiting = tx.db().prepare(
      "SELECT EXISTS (SELECT 1 FROM clips c JOIN media_jobs j ON j.clip_id = c.id WHERE "
      "c.offload_id = ? AND j.kind IN ('probe', 'thumbnail') AND j.state IN ('queued', "
      "'running'))");
  waiting.bind(1, offload_id);
  if (waiting.step() && waiting.column_int(0) == 0) {
    tx.append({"media.previews_ready",
               "offload/" + std::to_string(offload_id),
               payload::previews_ready(offload_id),
               "slated",
               {}});
  }
}

}  // namespace

struct MediaService::Impl {
  catalogue::Catalogue& catalogue;
  MediaOptions options;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::int64_t> finished_offloads;
  std::map<std::int64_t, std::shared_ptr<std::atomic<bool>>> running;  // job id → cancel flag
  std::set<std::int64_t> cancelled;
  bool stopping = false;
  int busy = 0;
  std::vector<std::thread> workers;

  Impl(catalogue::Catalogue& c, MediaOptions o) : catalogue(c), options(std::move(o)) {}

  fs::path preview_dir(std::int64_t clip_id) const {
    return options.data_dir / "previews" / std::to_string(clip_id);
  }

  // The clips of an ended offload, on its first verified destination, queued for probing.
  void queue_offload(std::int64_t offload_id) {
    catalogue.write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      auto destination = db.prepare(
          "SELECT card_folder FROM offload_destinations WHERE offload_id = ? AND state = 'done' "
          "ORDER BY position LIMIT 1");
      destination.bind(1, offload_id);
      if (!destination.step()) {
        // Nothing verified: nothing to look at but the card, which media work never reads.
        note_previews_ready(tx, offload_id);
        return;
      }
      const fs::path folder = destination.column_text(0);
      auto clips = db.prepare(
          "SELECT c.id, (SELECT f.relative_path FROM clip_files cf JOIN offload_files f ON "
          "f.id = cf.file_id WHERE cf.clip_id = c.id AND cf.role = 'media' ORDER BY "
          "f.relative_path LIMIT 1) FROM clips c WHERE c.offload_id = ? ORDER BY c.position");
      clips.bind(1, offload_id);
      auto set_path = db.prepare("UPDATE clips SET media_path = ? WHERE id = ?");
      auto insert = db.prepare(
          "INSERT INTO media_jobs (clip_id, kind, state, created_at) VALUES (?, 'probe', "
          "'queued', ?) ON CONFLICT (clip_id, kind) DO NOTHING");
      while (clips.step()) {
        if (clips.column_is_null(1)) {
          continue;  // a clip of sidecars only: nothing to probe
        }
        const auto clip_id = clips.column_int(0);
        set_path.reset();
        set_path.bind(1, (folder / clips.column_text(1)).string()).bind(2, clip_id).run();
        insert.reset();
        insert.bind(1, clip_id).bind(2, core::utc_now()).run();
      }
      note_previews_ready(tx, offload_id);
    });
  }

  std::optional<Job> claim() {
    return catalogue.write([&](catalogue::Transaction& tx) -> std::optional<Job> {
      auto& db = tx.db();
      // Probes first (they make clips findable by timecode), then thumbnails, then proxies.
      auto next = db.prepare(
          "SELECT j.id, j.clip_id, j.kind, c.name, coalesce(c.media_path, ''), "
          "coalesce(c.probe, '') FROM media_jobs j JOIN clips c ON c.id = j.clip_id "
          "WHERE j.state = 'queued' ORDER BY CASE j.kind WHEN 'probe' THEN 0 WHEN 'thumbnail' "
          "THEN 1 ELSE 2 END, j.id LIMIT 1");
      if (!next.step()) {
        return std::nullopt;
      }
      Job job{next.column_int(0),  next.column_int(1),  next.column_text(2),
              next.column_text(3), next.column_text(4), read_stored_probe(next.column_text(5))};
      db.prepare("UPDATE media_jobs SET state = 'running', reason = '' WHERE id = ?")
          .bind(1, job.id)
          .run();
      return job;
    });
  }

  void finish(const Job& job, const std::string& state, const std::string& reason,
              const std::string& output, std::vector<catalogue::NewEvent> events,
              const std::function<void(catalogue::Database&)>& more = {}) {
    catalogue.write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "UPDATE media_jobs SET state = ?, reason = ?, output = ?, progress = ?, "
              "finished_at = ? WHERE id = ?")
          .bind(1, state)
          .bind(2, reason)
          .bind(3, output)
          .bind(4, state == "done" ? 1.0 : 0.0)
          .bind(5, state == "queued" ? std::string() : core::utc_now())
          .bind(6, job.id)
          .run();
      if (more) {
        more(tx.db());
      }
      for (auto& event : events) {
        tx.append(std::move(event));
      }
      if (job.kind != "proxy" && state != "queued") {
        auto offload = tx.db().prepare("SELECT offload_id FROM clips WHERE id = ?");
        offload.bind(1, job.clip_id);
        if (offload.step()) {
          note_previews_ready(tx, offload.column_int(0));
        }
      }
    });
  }

  void run_probe(const Job& job) {
    const auto result = probe_file(job.media_path);
    const auto probe = stored_probe(result);
    finish(
        job, "done", "", "",
        {event("media.probed", job.clip_id, payload::probed(job.clip_id, job.clip_name, probe))},
        [&](catalogue::Database& db) {
          // The media's own recorded date, where it gives one, is better than the file's time.
          db.prepare(
                "UPDATE clips SET probe = ?, start_tc = ?, end_tc = ?, rate = ?, start_frame = "
                "?, frames = ?, previewable = ?, recorded_at = coalesce(?, recorded_at) "
                "WHERE id = ?")
              .bind(1, probe)
              .bind(2, result.start ? result.start->to_string() : std::string())
              .bind(3, result.end ? result.end->to_string() : std::string())
              .bind(4, result.rate ? std::string(core::to_string(*result.rate)) : std::string())
              .bind(5, result.start ? result.start->frames() : std::int64_t{-1})
              .bind(6, result.frames)
              .bind(7, std::int64_t{result.previewable ? 1 : 0})
              .bind(8, result.recorded_at.empty() ? std::nullopt
                                                  : std::optional<std::string>(result.recorded_at))
              .bind(9, job.clip_id)
              .run();
          // A still the decoders here read (a JPEG or PNG shot) gets its thumbnail, for the
          // tablets and the card's offload report; a proxy of one picture is no use.
          const bool still = !result.previewable && result.frames <= 1 && result.width > 0 &&
                             (result.video_codec == "JPEG" || result.video_codec == "PNG");
          if (result.previewable || still) {
            auto insert = db.prepare(
                "INSERT INTO media_jobs (clip_id, kind, state, created_at) VALUES (?, ?, "
                "'queued', ?) ON CONFLICT (clip_id, kind) DO NOTHING");
            for (const char* kind : {"thumbnail", "proxy"}) {
              if (still && std::string_view(kind) == "proxy") {
                continue;
              }
              insert.reset();
              insert.bind(1, job.clip_id).bind(2, std::string(kind)).bind(3, core::utc_now()).run();
            }
          }
        });
  }

  void run_thumbnail(const Job& job) {
    const auto dir = preview_dir(job.clip_id);
    make_thumbnails(job.media_path, job.probe.duration_seconds,
                    {{320, dir / "thumbnail-320.jpg"}, {640, dir / "thumbnail-640.jpg"}});
    std::string output = "thumbnail-320.jpg,thumbnail-640.jpg";
    // A moving clip also gets its first, middle and last frame for the card's offload report; a
    // still is its one picture.
    if (job.probe.duration_seconds > 0) {
      double fps = 0;
      if (const auto rate = core::parse_frame_rate(job.probe.rate)) {
        const auto exact = core::exact(*rate);
        fps = static_cast<double>(exact.numerator) / static_cast<double>(exact.denominator);
      }
      const std::array<fs::path, 3> strip = {dir / "strip-1.jpg", dir / "strip-2.jpg",
                                             dir / "strip-3.jpg"};
      make_strip(job.media_path, job.probe.duration_seconds, fps, kStripWidth, strip);
      for (const auto& frame : strip) {
        if (fs::exists(frame)) {
          output += "," + frame.filename().string();
        }
      }
    }
    finish(job, "done", "", output,
           {event("media.thumbnail_ready", job.clip_id,
                  payload::thumbnail_ready(job.clip_id, job.clip_name))});
  }

  // False when it stopped early, asked to by cancel() or stop().
  bool run_proxy(const Job& job, const std::shared_ptr<std::atomic<bool>>& cancel_flag) {
    ProxyOptions proxy;
    proxy.width = options.proxy_width;
    proxy.height = options.proxy_height;
    proxy.burn_in = job.clip_name;
    proxy.audio = job.probe.audio_channels > 0;
    if (!job.probe.start_tc.empty() && !job.probe.rate.empty()) {
      if (auto rate = core::parse_frame_rate(job.probe.rate)) {
        try {
          proxy.start = core::Timecode::parse(job.probe.start_tc, *rate);
        } catch (const core::TimecodeError&) {
        }
      }
    }
    proxy.cancelled = cancel_flag.get();
    auto last = std::chrono::steady_clock::now();
    proxy.progress = [&](double fraction) {
      // A few events a minute: enough for a progress bar, few enough to keep the log small.
      if (std::chrono::steady_clock::now() - last < std::chrono::seconds(2)) {
        return;
      }
      last = std::chrono::steady_clock::now();
      catalogue.write([&](catalogue::Transaction& tx) {
        tx.db()
            .prepare("UPDATE media_jobs SET progress = ? WHERE id = ?")
            .bind(1, fraction)
            .bind(2, job.id)
            .run();
        tx.append(event("media.proxy_progress", job.clip_id,
                        payload::proxy_progress(job.clip_id, job.id, fraction)));
      });
    };
    if (make_proxy(job.media_path, preview_dir(job.clip_id) / "proxy.mp4", proxy) ==
        ProxyOutcome::cancelled) {
      return false;
    }
    finish(job, "done", "", "proxy.mp4",
           {event("media.proxy_ready", job.clip_id,
                  payload::proxy_ready(job.clip_id, job.clip_name))});
    return true;
  }

  // A job stopped early: cancelled, or queued again for the next start when slated stops.
  void end_stopped(const Job& job) {
    bool was_cancelled = false;
    {
      std::lock_guard lock(mutex);
      was_cancelled = cancelled.erase(job.id) > 0;
    }
    if (was_cancelled) {
      finish(job, "cancelled", "cancelled", "",
             {event("media.cancelled", job.clip_id,
                    payload::cancelled(job.clip_id, job.id, job.kind))});
    } else {
      finish(job, "queued", "", "", {});
    }
  }

  void work() {
    lower_priority();
    for (;;) {
      std::vector<std::int64_t> ended;
      {
        std::unique_lock lock(mutex);
        if (stopping) {
          return;
        }
        ended.assign(finished_offloads.begin(), finished_offloads.end());
        finished_offloads.clear();
        ++busy;
      }
      for (auto id : ended) {
        try {
          queue_offload(id);
        } catch (const std::exception& error) {
          log::error("media: cannot queue the clips of offload " + std::to_string(id) + ": " +
                     error.what());
        }
      }
      std::optional<Job> job;
      try {
        job = claim();
      } catch (const std::exception& error) {
        log::error(std::string("media: ") + error.what());
      }
      if (!job) {
        std::unique_lock lock(mutex);
        --busy;
        wake.notify_all();
        wake.wait_for(lock, std::chrono::seconds(1),
                      [&] { return stopping || !finished_offloads.empty(); });
        continue;
      }
      auto flag = std::make_shared<std::atomic<bool>>(false);
      {
        std::lock_guard lock(mutex);
        running[job->id] = flag;
      }
      try {
        if (job->kind == "probe") {
          run_probe(*job);
        } else if (job->kind == "thumbnail") {
          run_thumbnail(*job);
        } else if (!run_proxy(*job, flag)) {
          end_stopped(*job);
        }
      } catch (const std::exception& error) {
        bool for_shutdown = false;
        bool was_cancelled = false;
        {
          std::lock_guard lock(mutex);
          for_shutdown = stopping;
          was_cancelled = cancelled.erase(job->id) > 0;
        }
        const std::string reason = error.what();
        try {
          if (for_shutdown && !was_cancelled) {
            finish(*job, "queued", "", "", {});  // taken up again at the next start
          } else if (was_cancelled) {
            finish(*job, "cancelled", "cancelled", "",
                   {event("media.cancelled", job->clip_id,
                          payload::cancelled(job->clip_id, job->id, job->kind))});
          } else {
            log::warning("media: " + job->kind + " of " + job->clip_name + " failed: " + reason);
            finish(
                *job, "failed", reason, "",
                {event("media.failed", job->clip_id,
                       payload::failed(job->clip_id, job->clip_name, job->id, job->kind, reason))});
          }
        } catch (const std::exception& failure) {
          log::error(std::string("media: cannot record a job's end: ") + failure.what());
        }
      }
      std::lock_guard lock(mutex);
      running.erase(job->id);
      --busy;
      wake.notify_all();
    }
  }
};

MediaService::MediaService(catalogue::Catalogue& catalogue, MediaOptions options)
    : impl_(std::make_unique<Impl>(catalogue, std::move(options))) {}

MediaService::~MediaService() {
  stop();
}

void MediaService::start() {
  impl_->catalogue.write([](catalogue::Transaction& tx) {
    tx.db().prepare("UPDATE media_jobs SET state = 'queued' WHERE state = 'running'").run();
  });
  ensure_gstreamer();
  for (int i = 0; i < std::max(1, impl_->options.concurrency); ++i) {
    impl_->workers.emplace_back([this] { impl_->work(); });
  }
}

void MediaService::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    for (auto& [id, flag] : impl_->running) {
      flag->store(true);
    }
    impl_->wake.notify_all();
  }
  for (auto& worker : impl_->workers) {
    if (worker.joinable()) {
      worker.join();
    }
  }
  impl_->workers.clear();
}

void MediaService::offload_finished(std::int64_t offload_id) {
  std::lock_guard lock(impl_->mutex);
  impl_->finished_offloads.push_back(offload_id);
  impl_->wake.notify_all();
}

bool MediaService::cancel(std::int64_t job_id) {
  {
    std::lock_guard lock(impl_->mutex);
    if (const auto found = impl_->running.find(job_id); found != impl_->running.end()) {
      impl_->cancelled.insert(job_id);
      found->second->store(true);
      return true;
    }
  }
  return impl_->catalogue.write([&](catalogue::Transaction& tx) {
    auto update = tx.db().prepare(
        "UPDATE media_jobs SET state = 'cancelled', reason = 'cancelled', finished_at = ? WHERE "
        "id = ? AND state = 'queued'");
    update.bind(1, core::utc_now()).bind(2, job_id).run();
    return tx.db().changes() > 0;
  });
}

void MediaService::wait_idle() {
  for (;;) {
    {
      std::unique_lock lock(impl_->mutex);
      impl_->wake.wait_for(lock, std::chrono::milliseconds(100),
                           [&] { return impl_->busy == 0 && impl_->finished_offloads.empty(); });
    }
    auto reader = impl_->catalogue.lease();
    auto count = reader->db().prepare(
        "SELECT count(*) FROM media_jobs WHERE state IN ('queued', 'running')");
    count.step();
    std::lock_guard lock(impl_->mutex);
    if (count.column_int(0) == 0 && impl_->busy == 0 && impl_->finished_offloads.empty()) {
      return;
    }
  }
}

namespace {

JobKind parse_job_kind(const std::string& text) {
  return text == "thumbnail" ? JobKind::thumbnail
         : text == "proxy"   ? JobKind::proxy
                             : JobKind::probe;
}

JobState parse_job_state(const std::string& text) {
  if (text == "running") {
    return JobState::running;
  }
  if (text == "done") {
    return JobState::done;
  }
  if (text == "failed") {
    return JobState::failed;
  }
  if (text == "cancelled") {
    return JobState::cancelled;
  }
  return JobState::queued;
}

}  // namespace

const char* to_string(JobKind kind) {
  switch (kind) {
    case JobKind::probe:
      return "probe";
    case JobKind::thumbnail:
      return "thumbnail";
    case JobKind::proxy:
      return "proxy";
  }
  return "probe";
}

const char* to_string(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "queued";
}

catalogue::Page<MediaJob> MediaService::jobs(const catalogue::PageRequest& page) {
  auto reader = impl_->catalogue.lease();
  auto select = reader->db().prepare(
      "SELECT j.id, j.clip_id, c.name, j.kind, j.state, j.reason, j.progress, j.created_at, "
      "coalesce(j.finished_at, '') FROM media_jobs j JOIN clips c ON c.id = j.clip_id " +
      catalogue::id_page_sql("j.id", true, page));
  catalogue::bind_id_page(select, page);
  std::vector<MediaJob> list;
  while (select.step()) {
    MediaJob job;
    job.id = select.column_int(0);
    job.clip = select.column_int(1);
    job.clip_name = select.column_text(2);
    job.kind = parse_job_kind(select.column_text(3));
    job.state = parse_job_state(select.column_text(4));
    job.reason = select.column_text(5);
    job.progress = select.column_double(6);
    job.created_at = select.column_text(7);
    job.finished_at = select.column_text(8);
    list.push_back(std::move(job));
  }
  return catalogue::close_page(std::move(list), page, [](const MediaJob& job) {
    return catalogue::Cursor{job.id, job.id};
  });
}

namespace {

constexpr std::string_view kSelectClip =
    "SELECT c.id, c.offload_id, c.name, c.maker, c.camera, c.reel, c.clip_number, c.shot_date, "
    "coalesce(c.media_path, ''), coalesce(c.probe, ''), coalesce(c.start_tc, ''), "
    "coalesce(c.end_tc, ''), coalesce(c.rate, ''), c.previewable, "
    "(SELECT group_concat(kind || '=' || state) FROM media_jobs j WHERE j.clip_id = c.id), "
    "coalesce(c.recorded_at, ''), c.position FROM clips c ";

ClipMedia read_clip(catalogue::Statement& row) {
  ClipMedia clip;
  clip.id = row.column_int(0);
  clip.offload = row.column_int(1);
  clip.name = row.column_text(2);
  clip.maker = row.column_text(3);
  clip.camera = row.column_text(4);
  clip.reel = row.column_text(5);
  clip.clip_number = row.column_text(6);
  clip.date = row.column_text(7);
  clip.media_path = core::printable_name(row.column_text(8));
  clip.probe = row.column_text(9);
  clip.start_tc = row.column_text(10);
  clip.end_tc = row.column_text(11);
  clip.rate = row.column_text(12);
  clip.previewable = row.column_int(13) != 0;
  if (!row.column_is_null(14)) {
    const auto text = row.column_text(14);
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find(',', start);
      end = end == std::string::npos ? text.size() : end;
      const auto pair = text.substr(start, end - start);
      const auto equals = pair.find('=');
      clip.jobs[pair.substr(0, equals)] = pair.substr(equals + 1);
      start = end + 1;
    }
  }
  clip.recorded_at = row.column_text(15);
  clip.position = row.column_int(16);
  return clip;
}

template <class CursorOf>
catalogue::Page<ClipMedia> read_clips(catalogue::Statement& select,
                                      const catalogue::PageRequest& page, CursorOf cursor_of) {
  std::vector<ClipMedia> list;
  while (select.step()) {
    list.push_back(read_clip(select));
  }
  return catalogue::close_page(std::move(list), page, cursor_of);
}

}  // namespace

std::optional<ClipMedia> MediaService::clip(std::int64_t clip_id) {
  auto reader = impl_->catalogue.lease();
  auto select = reader->db().prepare(std::string(kSelectClip) + "WHERE c.id = ?");
  select.bind(1, clip_id);
  return select.step() ? std::optional(read_clip(select)) : std::nullopt;
}

catalogue::Page<ClipMedia> MediaService::clips(std::int64_t offload_id,
                                               const catalogue::PageRequest& page) {
  auto reader = impl_->catalogue.lease();
  // The production's clips walk the rowid from the cursor on, a card's its (offload_id, position)
  // index: a position is unique on its card, so it alone says where a card's page ends.
  if (offload_id == 0) {
    auto select =
        reader->db().prepare(std::string(kSelectClip) + catalogue::id_page_sql("c.id", true, page));
    catalogue::bind_id_page(select, page);
    return read_clips(select, page, [](const ClipMedia& clip) {
      return catalogue::Cursor{clip.id, clip.id};
    });
  }
  auto select = reader->db().prepare(std::string(kSelectClip) + "WHERE c.offload_id = ?2 " +
                                     (page.after ? "AND c.position > ?3 " : "") +
                                     "ORDER BY c.position LIMIT ?1");
  select.bind(1, static_cast<std::int64_t>(page.limit) + 1).bind(2, offload_id);
  if (page.after) {
    select.bind(3, page.after->key);
  }
  return read_clips(select, page, [](const ClipMedia& clip) {
    return catalogue::Cursor{clip.position, clip.id};
  });
}

std::vector<ClipMedia> MediaService::clips(std::int64_t offload_id) {
  return catalogue::every_row(
      [&](const catalogue::PageRequest& page) { return clips(offload_id, page); });
}

std::optional<fs::path> MediaService::preview(std::int64_t clip_id, const std::string& name) {
  const auto file = impl_->preview_dir(clip_id) / name;
  std::error_code error;
  return fs::is_regular_file(file, error) ? std::optional(file) : std::nullopt;
}

}  // namespace slate::media
