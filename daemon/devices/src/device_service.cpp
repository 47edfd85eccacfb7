#include <chrono>
#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <slate/core/clock.hpp>
#include <slate/core/file_name.hpp>
#include <slate/devices/device_service.hpp>
#include <slate/log/log.hpp>

#include "card_automount.hpp"
#include "device_events.hpp"

namespace slate::devices {

namespace fs = std::filesystem;

namespace {

std::string taken_key(const std::string& camera, const camera::CameraFile& file) {
  return camera + "\n" + file.path() + "\n" + std::to_string(file.size) + "\n" +
         std::to_string(file.mtime);
}

}  // namespace

struct DeviceService::Impl {
  catalogue::Catalogue& catalogue;
  offload::OffloadService& offloads;
  DeviceOptions options;
  std::shared_ptr<camera::CameraDriver> driver;
  std::unique_ptr<camera::CardMonitor> monitor;
  std::unique_ptr<camera::TetherService> tether;
  std::unique_ptr<CardAutomount> automount;
  std::set<fs::path> ejected;  // cards asked to be unmounted once safe, while they are present

  std::mutex mutex;
  std::set<std::string> taken;  // every camera file ever handed over, from camera_files
  std::vector<std::pair<std::int64_t, fs::path>> staged;  // offload id, staging folder
  // A camera's burst: one offload whose staging folder (its first still's) the next stills move
  // into while they come within the gap.
  struct OpenBatch {
    std::int64_t offload = 0;
    fs::path root;
    std::size_t files = 0;
    std::chrono::steady_clock::time_point closes_at;
  };
  std::map<std::string, OpenBatch> batches;  // by camera id
  std::condition_variable wake;
  bool stopping = false;
  std::thread janitor;

  Impl(catalogue::Catalogue& c, offload::OffloadService& o, DeviceOptions opts,
       std::shared_ptr<camera::CameraDriver> d)
      : catalogue(c), offloads(o), options(std::move(opts)), driver(std::move(d)) {}

  void announce(std::string kind, std::string entity, std::string payload) {
    try {
      catalogue.append({std::move(kind), std::move(entity), std::move(payload), "slated", {}});
    } catch (const std::exception& error) {
      log::error(std::string("cannot record a device event: ") + error.what());
    }
  }

  void on_card(const camera::Card& card, bool present) {
    announce(present ? "card.inserted" : "card.removed", "card/" + card.path.string(),
             payload::card(card));
    if (!present || !options.auto_offload) {
      return;
    }
    if (card.file_count == 0) {
      log::notice("auto-offload of " + card.path.string() + ": the card is empty; nothing to copy");
      return;
    }
    try {
      // A card pulled half-way and put back carries on where it stopped.
      if (auto earlier = offloads.store().latest_of_source(card.path);
          earlier && earlier->state == offload::state::interrupted) {
        log::notice("card " + card.path.string() + " is back: resuming offload " +
                    std::to_string(earlier->id));
        if (const auto refused = offloads.resume(earlier->id)) {
          log::warning("cannot resume offload " + std::to_string(earlier->id) + ": " +
                       refused->sentence);
        }
        return;
      }
      auto request = offload::default_request(options.offload, card.path);
      if (request.destinations.empty()) {
        log::warning("auto-offload of " + card.path.string() +
                     ": no destination is configured; offload it by hand");
        return;
      }
      request.roll = card.layout.roll;
      request.label = card.label;
      const auto id = offloads.start(std::move(request), "auto-offload");
      log::notice("auto-offload of " + card.path.string() + " started: offload " +
                  std::to_string(id));
    } catch (const std::exception& error) {
      log::error("auto-offload of " + card.path.string() + ": " + error.what());
    }
  }

  bool already_taken(const camera::TetheredCamera& camera, const camera::CameraFile& file) {
    std::lock_guard lock(mutex);
    return taken.contains(taken_key(camera.id, file));
  }

  // A tethered file, complete in its staging folder: offloaded as a card of the camera's roll (a
  // batch of a burst's stills, or one file), so it is hashed, copied, verified and catalogued like
  // a card's files.
  void on_file(const camera::TetheredCamera& camera, const camera::CameraFile& file,
               const fs::path& staged_root) {
    std::int64_t offload_id = 0;
    try {
      offload_id = options.batching.gap.count() > 0
                       ? batch(camera, file, staged_root)
                       : start_offload(camera, file, staged_root, false);
    } catch (const std::exception& error) {
      log::error(camera.id + ": cannot offload " + file.name + ": " + error.what());
    }
    catalogue.write([&](catalogue::Transaction& tx) {
      tx.db()
          .prepare(
              "INSERT OR REPLACE INTO camera_files (camera, path, size, mtime, taken_at, "
              "offload_id) VALUES (?, ?, ?, ?, ?, ?)")
          .bind(1, camera.id)
          .bind(2, file.path())
          .bind(3, static_cast<std::int64_t>(file.size))
          .bind(4, file.mtime)
          .bind(5, core::utc_now())
          .bind(6, offload_id)
          .run();
      tx.append({"camera.file_added",
                 "camera/" + camera.id,
                 payload::camera_file_added(camera, file, offload_id),
                 "slated",
                 {}});
    });
    std::lock_guard lock(mutex);
    taken.insert(taken_key(camera.id, file));
  }

  // Starts the offload of a staged still: on its own, or (`open`) as the first of a batch.
  // Returns its id, or 0 when there is no destination to offload to.
  std::int64_t start_offload(const camera::TetheredCamera& camera, const camera::CameraFile& file,
                             const fs::path& staged_root, bool open) {
    auto request = offload::default_request(options.offload, staged_root);
    if (request.destinations.empty()) {
      log::warning(camera.id + ": no destination is configured; " + file.name + " stays in " +
                   staged_root.string());
      return 0;
    }
    request.roll = camera.roll;
    request.label = file.name;
    // A batch is its own stills, whatever an earlier offload of its first still was.
    request.again = request.again || open;
    request.open = open;
    const auto id = offloads.start(std::move(request), "camera/" + camera.id);
    std::lock_guard lock(mutex);
    staged.emplace_back(id, staged_root);
    return id;
  }

  // A still joins its camera's open batch (moved into the batch's folder, copied and verified at
  // once), or starts the next one.
  std::int64_t batch(const camera::TetheredCamera& camera, const camera::CameraFile& file,
                     const fs::path& staged_root) {
    const auto relative = fs::path(file.folder).relative_path() / file.name;
    const auto now = std::chrono::steady_clock::now();
    {
      std::unique_lock lock(mutex);
      if (const auto open = batches.find(camera.id); open != batches.end()) {
        auto& current = open->second;
        if (const auto id = join_batch(current, staged_root, relative)) {
          current.files += 1;
          current.closes_at = now + options.batching.gap;
          if (current.files >= options.batching.max_files) {
            close_batch(camera.id);
          }
          return id;
        }
        // Ended, or already holding a file of that name (the camera's counter went round): this
        // still starts the next batch.
        close_batch(camera.id);
      }
    }
    const auto id = start_offload(camera, file, staged_root, options.batching.max_files > 1);
    if (id != 0 && options.batching.max_files > 1) {
      std::lock_guard lock(mutex);
      batches[camera.id] = {id, staged_root, 1, now + options.batching.gap};
      wake.notify_all();
    }
    return id;
  }

  // Moves a staged still into the batch's folder and has the batch take it; the still's own
  // staging folder goes. Returns the batch's offload id, or 0 (the still left where it was).
  std::int64_t join_batch(const OpenBatch& current, const fs::path& staged_root,
                          const fs::path& relative) {
    const auto from = staged_root / relative;
    const auto into = current.root / relative;
    std::error_code error;
    if (fs::exists(fs::symlink_status(into, error))) {
      return 0;
    }
    fs::create_directories(into.parent_path(), error);
    if (error) {
      return 0;
    }
    fs::rename(from, into, error);
    if (error) {
      log::warning("cannot add " + from.string() + " to the batch in " + current.root.string() +
                   ": " + error.message());
      return 0;
    }
    if (!offloads.feed(current.offload)) {
      fs::rename(into, from, error);
      return 0;
    }
    fs::remove_all(staged_root, error);
    return current.offload;
  }

  // Under `mutex`. The batch takes no more stills; its ASC MHL and verdict follow its last copy.
  void close_batch(const std::string& camera) {
    const auto open = batches.find(camera);
    if (open == batches.end()) {
      return;
    }
    offloads.close(open->second.offload);
    log::info(camera + ": the batch of " + std::to_string(open->second.files) +
              " still(s) closes: offload " + std::to_string(open->second.offload));
    batches.erase(open);
  }

  // Under `mutex`. Closes the batches whose gap has passed; returns when the next one would.
  std::chrono::steady_clock::time_point close_quiet_batches() {
    const auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::seconds(1);
    std::vector<std::string> quiet;
    for (const auto& [camera, open] : batches) {
      if (open.closes_at <= now) {
        quiet.push_back(camera);
      } else {
        next = std::min(next, open.closes_at);
      }
    }
    for (const auto& camera : quiet) {
      close_batch(camera);
    }
    return next;
  }

  // Staged files a previous run left: a crash mid-download leaves a .part (never offloaded: it
  // goes); a whole file whose offload never started or was not safe is offloaded again (an
  // identical copy already on the drives counts as verified, so nothing is copied twice).
  void recover_staging() {
    std::error_code error;
    if (!fs::is_directory(options.tether.staging_dir, error)) {
      return;
    }
    for (const auto& camera_dir : fs::directory_iterator(options.tether.staging_dir, error)) {
      std::string roll = camera_dir.path().filename().string();
      for (const auto& configured : options.cameras) {
        if (camera::camera_id(configured.spec) == roll && !configured.roll.empty()) {
          roll = configured.roll;
        }
      }
      for (const auto& root : fs::directory_iterator(camera_dir.path(), error)) {
        std::vector<fs::path> parts;
        bool whole = false;
        for (const auto& entry : fs::recursive_directory_iterator(root.path(), error)) {
          if (!entry.is_regular_file()) {
            continue;
          }
          if (entry.path().extension() == ".part") {
            parts.push_back(entry.path());
          } else {
            whole = true;
          }
        }
        for (const auto& part : parts) {
          fs::remove(part, error);
        }
        if (!whole) {
          fs::remove_all(root.path(), error);
          continue;
        }
        try {
          // The folder is the card of its batch's (or still's) offload: safe, it goes; left running
          // by a crash, the offload service's recovery resumes it; stopped by a shutdown, it
          // resumes here. Only a folder no offload finished with is offloaded anew.
          const auto earlier = offloads.store().latest_of_source(root.path());
          if (earlier && earlier->verdict == "safe") {
            fs::remove_all(root.path(), error);
            continue;
          }
          if (earlier && (!offload::state::is_terminal(earlier->state) ||
                          earlier->state == offload::state::interrupted)) {
            if (earlier->state == offload::state::interrupted) {
              if (const auto refused = offloads.resume(earlier->id)) {
                log::warning("cannot resume offload " + std::to_string(earlier->id) + ": " +
                             refused->sentence);
              }
            }
            std::lock_guard lock(mutex);
            staged.emplace_back(earlier->id, root.path());
            continue;
          }
          auto request = offload::default_request(options.offload, root.path());
          if (request.destinations.empty()) {
            continue;
          }
          request.roll = roll;
          const auto id =
              offloads.start(std::move(request), "camera/" + camera_dir.path().filename().string());
          log::notice("offloading " + root.path().string() +
                      ", staged by an earlier run: offload " + std::to_string(id));
          std::lock_guard lock(mutex);
          staged.emplace_back(id, root.path());
        } catch (const std::exception& failure) {
          log::error("cannot offload " + root.path().string() + ": " + failure.what());
        }
      }
    }
  }

  // With eject_when_safe, a card Slate mounted is unmounted once an offload of this presence of
  // it is safe to format (an older offload of the same folder name says nothing of this card).
  void eject_safe_cards() {
    if (!automount || !options.automount.eject_when_safe || !monitor) {
      return;
    }
    std::set<fs::path> present;
    for (const auto& card : monitor->cards()) {
      present.insert(card.path);
      if (ejected.contains(card.path) || !automount->mounted_here(card.path)) {
        continue;
      }
      const auto latest = offloads.store().latest_of_source(card.path);
      if (latest && latest->verdict == "safe" &&
          latest->created_at >= core::utc_text(card.inserted_at)) {
        ejected.insert(card.path);
        automount->eject(card.path);
      }
    }
    std::erase_if(ejected, [&](const fs::path& path) { return !present.contains(path); });
  }

  // A staged file goes once its offload has made it safe: the camera and the destinations have it.
  // One that is not safe stays, for the DIT to look at.
  void sweep_staging() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      wake.wait_until(lock, close_quiet_batches());
      close_quiet_batches();
      auto pending = staged;
      lock.unlock();
      try {
        eject_safe_cards();
      } catch (const std::exception& error) {
        log::error(std::string("cannot eject a safe card: ") + error.what());
      }
      std::vector<std::int64_t> done;
      for (const auto& [id, folder] : pending) {
        try {
          const auto record = offloads.store().load(id, false);
          if (!offload::state::is_terminal(record.state) ||
              record.state == offload::state::interrupted) {
            continue;
          }
          if (record.verdict == "safe" || record.state == offload::state::duplicate) {
            std::error_code ignored;
            fs::remove_all(folder, ignored);
          } else {
            log::warning("tethered file in " + folder.string() + " was not offloaded safely (" +
                         record.reason + "); it stays there");
          }
          done.push_back(id);
        } catch (const std::exception&) {
          done.push_back(id);
        }
      }
      lock.lock();
      std::erase_if(staged, [&](const auto& entry) {
        return std::find(done.begin(), done.end(), entry.first) != done.end();
      });
    }
  }
};

DeviceService::DeviceService(catalogue::Catalogue& catalogue, offload::OffloadService& offloads,
                             DeviceOptions options, std::shared_ptr<camera::CameraDriver> driver)
    : impl_(std::make_unique<Impl>(catalogue, offloads, std::move(options), std::move(driver))) {}

DeviceService::~DeviceService() {
  stop();
}

void DeviceService::start() {
  auto& self = *impl_;
  {
    auto reader = self.catalogue.lease();
    auto select = reader->db().prepare("SELECT camera, path, size, mtime FROM camera_files");
    while (select.step()) {
      camera::CameraFile file;
      const auto path = fs::path(select.column_text(1));
      file.folder = path.parent_path().string();
      file.name = path.filename().string();
      file.size = static_cast<std::uint64_t>(select.column_int(2));
      file.mtime = select.column_int(3);
      self.taken.insert(taken_key(select.column_text(0), file));
    }
  }
  camera::TetherCallbacks callbacks;
  callbacks.already_taken = [this](const auto& camera, const auto& file) {
    return impl_->already_taken(camera, file);
  };
  callbacks.file_taken = [this](const auto& camera, const auto& file, const auto& root) {
    impl_->on_file(camera, file, root);
  };
  callbacks.connected = [this](const camera::TetheredCamera& camera) {
    impl_->announce("camera.connected", "camera/" + camera.id, payload::camera(camera));
  };
  callbacks.disconnected = [this](const camera::TetheredCamera& camera, const std::string& why) {
    {
      std::lock_guard lock(impl_->mutex);
      impl_->close_batch(camera.id);
    }
    impl_->announce("camera.disconnected", "camera/" + camera.id, payload::camera(camera, why));
  };
  self.tether =
      std::make_unique<camera::TetherService>(self.driver, self.options.tether, callbacks);
  for (const auto& configured : self.options.cameras) {
    self.tether->add(configured.spec, configured.roll);
  }
  self.monitor = std::make_unique<camera::CardMonitor>(
      self.options.cards,
      [this](const camera::Card& card, bool present) { impl_->on_card(card, present); },
      [this] { impl_->tether->rescan(); });
  self.recover_staging();
  self.janitor = std::thread([this] { impl_->sweep_staging(); });
  self.tether->start();
  self.monitor->start();
  if (self.options.automount.enabled) {
    std::vector<fs::path> protected_paths = self.options.cards.excluded;
    self.automount = std::make_unique<CardAutomount>(
        self.options.automount, std::move(protected_paths),
        [this](std::string kind, std::string entity, std::string payload) {
          impl_->announce(std::move(kind), std::move(entity), std::move(payload));
        });
    self.automount->start();
  }
}

void DeviceService::stop() {
  auto& self = *impl_;
  if (self.automount) {
    self.automount->stop();
  }
  if (self.monitor) {
    self.monitor->stop();
  }
  if (self.tether) {
    self.tether->stop();
  }
  {
    std::lock_guard lock(self.mutex);
    // A shutdown ends each burst: what it holds is sealed before the offloads wind down.
    while (!self.batches.empty()) {
      self.close_batch(self.batches.begin()->first);
    }
    self.stopping = true;
    self.wake.notify_all();
  }
  if (self.janitor.joinable()) {
    self.janitor.join();
  }
}

std::vector<CardView> DeviceService::cards() {
  std::vector<CardView> list;
  if (!impl_->monitor) {
    return list;
  }
  for (auto& card : impl_->monitor->cards()) {
    auto latest = impl_->offloads.store().latest_of_source(card.path);
    list.push_back({std::move(card), std::move(latest)});
  }
  return list;
}

std::optional<camera::Card> DeviceService::card(const std::string& id) const {
  if (impl_->monitor) {
    for (auto& card : impl_->monitor->cards()) {
      if (card.id == id) {
        return card;
      }
    }
  }
  return std::nullopt;
}

std::vector<MountFailure> DeviceService::mount_failures() const {
  return impl_->automount ? impl_->automount->failures() : std::vector<MountFailure>{};
}

std::vector<camera::TetheredCamera> DeviceService::cameras() {
  return impl_->tether ? impl_->tether->cameras() : std::vector<camera::TetheredCamera>{};
}

bool DeviceService::offload_camera(const std::string& id) {
  return impl_->tether && impl_->tether->take_all(id);
}

}  // namespace slate::devices
