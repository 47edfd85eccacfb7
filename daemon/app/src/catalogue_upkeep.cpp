#include "catalogue_upkeep.hpp"

#include <malloc.h>

#include <slate/log/log.hpp>

namespace slate::app {

std::string_view to_string(CatalogueCheck::State state) {
  switch (state) {
    case CatalogueCheck::State::pending:
      return "pending";
    case CatalogueCheck::State::running:
      return "running";
    case CatalogueCheck::State::ok:
      return "ok";
    case CatalogueCheck::State::damaged:
      return "damaged";
  }
  return "pending";
}

CatalogueUpkeep::CatalogueUpkeep(Options options, Prune prune, Damaged damaged)
    : options_(std::move(options)),
      prune_(std::move(prune)),
      damaged_(std::move(damaged)),
      integrity_(options_.file) {}

CatalogueUpkeep::~CatalogueUpkeep() {
  stop();
}

void CatalogueUpkeep::start() {
  thread_ = std::thread([this] { run(); });
}

void CatalogueUpkeep::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  integrity_.stop();
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

CatalogueCheck CatalogueUpkeep::check() const {
  std::lock_guard lock(mutex_);
  return check_;
}

void CatalogueUpkeep::run() {
  prune();
  {
    std::lock_guard lock(mutex_);
    check_.state = CatalogueCheck::State::running;
  }
  log::info("checking the catalogue " + options_.file.string());
  const auto report = integrity_.run();
  if (stopping_.load()) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    check_.state = report.ok ? CatalogueCheck::State::ok : CatalogueCheck::State::damaged;
    check_.detail = report.detail;
  }
  // The check read every page: what it took is given back, not kept at its peak.
  ::malloc_trim(0);
  if (report.ok) {
    log::info("catalogue " + options_.file.string() + " checked: ok");
  } else {
    log::error("catalogue " + options_.file.string() + " is damaged (" + report.detail +
               "); back it up now and restore it from a backup, or move it aside");
    damaged_(report.detail);
  }
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, options_.prune_every, [this] { return stopping_.load(); })) {
    lock.unlock();
    prune();
    lock.lock();
  }
}

void CatalogueUpkeep::prune() {
  try {
    if (const auto forgotten = prune_(options_.keep_replays); forgotten > 0) {
      log::info("forgot " + std::to_string(forgotten) + " kept answers to idempotent requests");
    }
  } catch (const std::exception& error) {
    // Kept answers stay until the next round; nothing else depends on their going.
    log::warning(std::string("could not prune kept idempotent answers: ") + error.what());
  }
}

}  // namespace slate::app
