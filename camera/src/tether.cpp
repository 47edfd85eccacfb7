#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>

#include <slate/camera/tether.hpp>
#include <slate/log/log.hpp>

namespace slate::camera {

namespace fs = std::filesystem;

std::string camera_id(const CameraSpec& spec) {
  std::string id;
  for (char c : spec.model + " " + spec.port) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') {
    id.pop_back();
  }
  return id.empty() ? "camera" : id;
}

struct TetherService::Worker {
  TetheredCamera camera;  // guarded by the service's mutex
  std::thread thread;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;     // guarded by mutex
  bool take_all = false;     // guarded by mutex
  std::uint64_t staged = 0;  // numbers the staging folders of this run
};

namespace {

// A file the camera lists is the same file while its name, size and time are.
std::string key_of(const CameraFile& file) {
  return file.path() + "\n" + std::to_string(file.size) + "\n" + std::to_string(file.mtime);
}

}  // namespace

TetherService::TetherService(std::shared_ptr<CameraDriver> driver, TetherOptions options,
                             TetherCallbacks callbacks)
    : driver_(std::move(driver)), options_(std::move(options)), callbacks_(std::move(callbacks)) {}

TetherService::~TetherService() {
  stop();
}

void TetherService::add(const CameraSpec& spec, const std::string& roll) {
  TetheredCamera camera;
  camera.id = camera_id(spec);
  camera.spec = spec;
  camera.configured = true;
  camera.roll = roll.empty() ? camera.id : roll;
  std::lock_guard lock(mutex_);
  if (workers_.contains(camera.id)) {
    return;
  }
  auto worker = std::make_unique<Worker>();
  worker->camera = std::move(camera);
  workers_.emplace(worker->camera.id, std::move(worker));
}

void TetherService::start() {
  {
    std::lock_guard lock(mutex_);
    started_ = true;
    for (auto& [id, worker] : workers_) {
      if (!worker->thread.joinable()) {
        launch(worker->camera);
      }
    }
  }
  if (options_.autodetect) {
    rescan();
  }
}

void TetherService::rescan() {
  if (!options_.autodetect) {
    return;
  }
  std::vector<CameraSpec> found;
  try {
    found = driver_->detect();
  } catch (const CameraError& error) {
    log::warning(std::string("looking for USB cameras: ") + error.what());
    return;
  }
  std::vector<std::unique_ptr<Worker>> gone;
  std::unique_lock lock(mutex_);
  if (!started_) {
    return;
  }
  // A USB camera unplugged is forgotten (plugged in again it is found again, perhaps on another
  // port); a configured one stays, waiting to be reconnected.
  for (auto it = workers_.begin(); it != workers_.end();) {
    const auto& camera = it->second->camera;
    const bool still_there = std::any_of(found.begin(), found.end(), [&](const CameraSpec& spec) {
      return camera_id(spec) == camera.id;
    });
    if (!camera.configured && !camera.connected && !still_there) {
      {
        std::lock_guard worker_lock(it->second->mutex);
        it->second->stopping = true;
        it->second->wake.notify_all();
      }
      gone.push_back(std::move(it->second));
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& spec : found) {
    const auto id = camera_id(spec);
    if (workers_.contains(id)) {
      continue;
    }
    log::notice("camera found: " + spec.model + " on " + spec.port);
    auto worker = std::make_unique<Worker>();
    worker->camera.id = id;
    worker->camera.spec = spec;
    worker->camera.roll = id;
    workers_.emplace(id, std::move(worker));
    launch(workers_.at(id)->camera);
  }
  lock.unlock();
  for (auto& worker : gone) {
    log::notice("camera gone: " + worker->camera.spec.model + " on " + worker->camera.spec.port);
    if (worker->thread.joinable()) {
      worker->thread.join();
    }
  }
}

void TetherService::stop() {
  std::map<std::string, std::unique_ptr<Worker>> workers;
  {
    std::lock_guard lock(mutex_);
    started_ = false;
    for (auto& [id, worker] : workers_) {
      std::lock_guard worker_lock(worker->mutex);
      worker->stopping = true;
      worker->wake.notify_all();
    }
    workers.swap(workers_);
  }
  for (auto& [id, worker] : workers) {
    if (worker->thread.joinable()) {
      worker->thread.join();
    }
  }
}

std::vector<TetheredCamera> TetherService::cameras() const {
  std::lock_guard lock(mutex_);
  std::vector<TetheredCamera> result;
  for (const auto& [id, worker] : workers_) {
    result.push_back(worker->camera);
  }
  return result;
}

bool TetherService::take_all(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto found = workers_.find(id);
  if (found == workers_.end()) {
    return false;
  }
  std::lock_guard worker_lock(found->second->mutex);
  found->second->take_all = true;
  found->second->wake.notify_all();
  return true;
}

// The camera's thread. What it holds between turns of the loop is the set of files it has taken
// or decided to leave; everything else it asks the camera again.
void TetherService::launch(TetheredCamera wanted) {
  Worker& worker = *workers_.at(wanted.id);
  worker.thread = std::thread([this, &worker] {
    const auto snapshot = [&] {
      std::lock_guard lock(mutex_);
      return worker.camera;
    };
    const auto update = [&](auto change) {
      std::lock_guard lock(mutex_);
      change(worker.camera);
    };
    // Sleeps until the time is up, or returns true at once when the service stops.
    const auto pause = [&](std::chrono::milliseconds duration) {
      std::unique_lock lock(worker.mutex);
      worker.wake.wait_for(lock, duration, [&] { return worker.stopping || worker.take_all; });
      return worker.stopping;
    };
    const auto stopping = [&] {
      std::lock_guard lock(worker.mutex);
      return worker.stopping;
    };
    // Busy is the camera saying "not now" (writing the card, showing a menu): ask again.
    const auto patiently = [&](auto operation) {
      for (int attempt = 1;; ++attempt) {
        try {
          return operation();
        } catch (const CameraError& error) {
          if (error.kind() != CameraError::Kind::busy || attempt >= options_.busy_attempts ||
              pause(options_.busy_backoff)) {
            throw;
          }
        }
      }
    };

    const auto spec = snapshot().spec;
    const auto staging = options_.staging_dir / snapshot().id;
    std::set<std::string> known;
    std::map<std::string, int> failures;
    std::unique_ptr<CameraConnection> connection;

    // Streams one file to <staging>/<n>/<camera path>.part, renames it complete, hands it on.
    const auto take = [&](const CameraFile& file) {
      // A folder of its own, never one an earlier run left (a file not offloaded safely stays).
      fs::create_directories(staging);
      fs::path root;
      do {
        root = staging / (std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count()) +
                          "-" + std::to_string(++worker.staged));
      } while (!fs::create_directory(root));
      const auto target = root / fs::path(file.folder).relative_path() / file.name;
      fs::create_directories(target.parent_path());
      const auto part = fs::path(target.string() + ".part");
      const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
      if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "cannot stage " + part.string());
      }
      try {
        patiently([&] {
          // A busy camera may have written half the file: start the staging file again.
          if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) {
            throw std::system_error(errno, std::generic_category(), part.string());
          }
          connection->download(file, fd);
          return 0;
        });
        struct stat written {};
        if (::fsync(fd) != 0 || ::fstat(fd, &written) != 0) {
          throw std::system_error(errno, std::generic_category(), "cannot stage " + part.string());
        }
        if (file.size != 0 && static_cast<std::uint64_t>(written.st_size) != file.size) {
          throw CameraError(CameraError::Kind::failed,
                            file.path() + ": the camera sent " + std::to_string(written.st_size) +
                                " bytes of " + std::to_string(file.size));
        }
        ::close(fd);
        fs::rename(part, target);
      } catch (...) {
        // Half a file is never offloaded: it goes, and the file is fetched again later.
        ::close(fd);
        std::error_code ignored;
        fs::remove_all(root, ignored);
        throw;
      }
      known.insert(key_of(file));
      failures.erase(key_of(file));
      update([&](TetheredCamera& camera) {
        ++camera.files_taken;
        camera.bytes_taken += file.size;
      });
      log::info(spec.model + ": took " + file.path());
      if (callbacks_.file_taken) {
        callbacks_.file_taken(snapshot(), file, root);
      }
    };
    // Takes what is new in a listing; a file that keeps failing is left after a few tries, so one
    // bad file does not stop the camera's other shots.
    // A sweep asked for by the operator looks again at files left after failures.
    const auto take_new = [&](const std::vector<CameraFile>& files, bool sweep = false) {
      for (const auto& file : files) {
        if (stopping()) {
          return;
        }
        const auto key = key_of(file);
        if (known.contains(key) && !(sweep && failures.contains(key))) {
          continue;
        }
        if (callbacks_.already_taken && callbacks_.already_taken(snapshot(), file)) {
          known.insert(key);
          continue;
        }
        try {
          take(file);
        } catch (const CameraError& error) {
          if (error.kind() != CameraError::Kind::failed) {
            throw;
          }
          log::warning(error.what());
          update([&](TetheredCamera& camera) { camera.last_error = error.what(); });
          if (++failures[key] >= 3) {
            known.insert(key);
            failures[key] = 0;
          }
        }
      }
    };
    const auto lost = [&](const std::string& reason) {
      connection.reset();
      bool was_connected = false;
      update([&](TetheredCamera& camera) {
        was_connected = camera.connected;
        camera.connected = false;
        camera.last_error = reason;
      });
      if (was_connected) {
        log::warning(spec.model + " disconnected: " + reason);
        if (callbacks_.disconnected) {
          callbacks_.disconnected(snapshot(), reason);
        }
      }
    };

    bool polled = false;
    while (!stopping()) {
      try {
        if (!connection) {
          connection = driver_->open(spec);
          polled = false;
          update([&](TetheredCamera& camera) {
            camera.connected = true;
            camera.polled = false;
            camera.last_error.clear();
          });
          log::notice("camera connected: " + spec.model + " on " + spec.port);
          if (callbacks_.connected) {
            callbacks_.connected(snapshot());
          }
          // Whatever arrived while it was away, and whatever a cut cable left half-taken.
          take_new(patiently([&] { return connection->list_files(); }));
          continue;
        }
        bool sweep = false;
        {
          std::lock_guard lock(worker.mutex);
          sweep = std::exchange(worker.take_all, false);
        }
        if (sweep) {
          take_new(patiently([&] { return connection->list_files(); }), true);
          continue;
        }
        if (!polled) {
          CameraEvent event;
          try {
            event = patiently([&] { return connection->wait_for_event(options_.event_timeout); });
          } catch (const CameraError& error) {
            if (error.kind() != CameraError::Kind::not_supported) {
              throw;
            }
            polled = true;
            update([](TetheredCamera& camera) { camera.polled = true; });
            log::info(spec.model + " has no events: its folders are listed every " +
                      std::to_string(options_.poll_interval.count()) + " ms");
            continue;
          }
          if (event.type == CameraEvent::Type::file_added) {
            const auto file = patiently(
                [&] { return connection->file_info(event.file.folder, event.file.name); });
            take_new({file});
          }
        } else {
          if (pause(options_.poll_interval)) {
            break;
          }
          take_new(patiently([&] { return connection->list_files(); }));
        }
      } catch (const CameraError& error) {
        if (error.kind() == CameraError::Kind::disconnected || !connection) {
          lost(error.what());
          if (pause(options_.reconnect_interval)) {
            break;
          }
        } else {
          // Still busy after every retry, or one request failed: the camera stays, the loop goes
          // on.
          log::warning(error.what());
          update([&](TetheredCamera& camera) { camera.last_error = error.what(); });
          if (pause(options_.busy_backoff)) {
            break;
          }
        }
      } catch (const std::exception& error) {
        // The staging disk, not the camera: say so, and try again later.
        log::error(spec.model + ": " + error.what());
        update([&](TetheredCamera& camera) { camera.last_error = error.what(); });
        if (pause(options_.reconnect_interval)) {
          break;
        }
      }
    }
    connection.reset();
  });
}

}  // namespace slate::camera
