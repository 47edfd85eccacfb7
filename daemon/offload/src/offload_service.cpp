#include <malloc.h>
#include <stdexcept>

#include <slate/offload/card.hpp>
#include <slate/offload/offload_service.hpp>

namespace slate::offload {

OffloadService::OffloadService(JobEnvironment environment)
    : env_(std::move(environment)), store_(*env_.catalogue) {}

OffloadService::~OffloadService() {
  std::map<std::int64_t, Running> running;
  {
    std::lock_guard lock(mutex_);
    running.swap(running_);
  }
  for (auto& [id, entry] : running) {
    entry.job->cancel(true);
  }
  for (auto& [id, entry] : running) {
    entry.thread.join();
  }
}

std::int64_t OffloadService::start(OffloadRequest request, const std::string& actor) {
  request.source = std::filesystem::absolute(request.source).lexically_normal();
  for (auto& destination : request.destinations) {
    destination.root = std::filesystem::absolute(destination.root).lexically_normal();
  }
  // An empty roll is proposed at preflight, from the card's names, off the caller's thread: a
  // card of 100,000 frames takes a while to list.
  const std::string roll = request.roll;
  const std::string label =
      request.label.empty() ? request.source.filename().string() : request.label;
  const auto id = store_.create(request, roll, label, actor);
  launch(id, request.open);
  return id;
}

bool OffloadService::feed(std::int64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = running_.find(id);
  return found != running_.end() && found->second.job->feed();
}

void OffloadService::close(std::int64_t id) {
  std::lock_guard lock(mutex_);
  if (const auto found = running_.find(id); found != running_.end()) {
    found->second.job->close();
  }
}

std::optional<ControlError> OffloadService::resume(std::int64_t id) {
  const auto record = store_.find(id, false);
  if (!record) {
    return ControlError{ControlError::Kind::not_found, "there is no offload " + std::to_string(id)};
  }
  if (record->state != state::interrupted) {
    return ControlError{ControlError::Kind::not_resumable,
                        "offload " + std::to_string(id) + " is " + record->state +
                            "; only an interrupted offload can be resumed"};
  }
  {
    std::lock_guard lock(mutex_);
    reap();
    if (running_.contains(id)) {
      return ControlError{ControlError::Kind::not_resumable,
                          "offload " + std::to_string(id) + " is already running"};
    }
  }
  launch(id);
  return std::nullopt;
}

std::optional<ControlError> OffloadService::cancel(std::int64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = running_.find(id);
  if (found == running_.end() || *found->second.done) {
    if (!store_.find(id, false)) {
      return ControlError{ControlError::Kind::not_found,
                          "there is no offload " + std::to_string(id)};
    }
    return ControlError{ControlError::Kind::not_running,
                        "offload " + std::to_string(id) + " is not running"};
  }
  found->second.job->cancel();
  return std::nullopt;
}

void OffloadService::recover() {
  for (auto id : store_.unfinished()) {
    launch(id);
  }
}

std::optional<Progress> OffloadService::progress(std::int64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = running_.find(id);
  if (found == running_.end()) {
    return std::nullopt;
  }
  return found->second.job->progress();
}

void OffloadService::shutdown() {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
  for (auto& [id, entry] : running_) {
    entry.job->cancel(true);
  }
}

void OffloadService::launch(std::int64_t id, bool open) {
  std::lock_guard lock(mutex_);
  reap();
  if (shutting_down_) {
    return;  // Stays queued or interrupted: the next start takes it up.
  }
  if (running_.contains(id)) {
    throw std::invalid_argument("offload " + std::to_string(id) + " is already running");
  }
  auto job = std::make_shared<OffloadJob>(env_, id, open);
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([job, done] {
    job->run();
    // The offload's threads leave what they freed (its file records, their events) in glibc's
    // arenas: give it back, so slated's memory returns to its size between cards.
    malloc_trim(0);
    *done = true;
  });
  running_.emplace(id, Running{std::move(job), std::move(thread), std::move(done)});
}

void OffloadService::reap() {
  for (auto entry = running_.begin(); entry != running_.end();) {
    if (*entry->second.done) {
      entry->second.thread.join();
      entry = running_.erase(entry);
    } else {
      ++entry;
    }
  }
}

void OffloadService::wait_idle() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      reap();
      if (running_.empty()) {
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace slate::offload
