#include <algorithm>

#include <slate/api/event_hub.hpp>

namespace slate::api {

EventHub::EventHub(std::unique_ptr<catalogue::CatalogueReader> reader, std::size_t recent_capacity)
    : reader_(std::move(reader)), capacity_(recent_capacity) {
  latest_ = reader_->latest_sequence();
  recent_base_ = latest_;
}

void EventHub::publish(const std::vector<catalogue::Event>& events) {
  for (const auto& event : events) {
    if (event.sequence <= latest_) {
      continue;
    }
    recent_.push_back(event);
    latest_ = event.sequence;
  }
  while (recent_.size() > capacity_) {
    recent_base_ = recent_.front().sequence;
    recent_.pop_front();
  }
  prune();
  // Copy first: a subscriber may close and unsubscribe while we walk the list.
  const auto subscribers = subscribers_;
  for (const auto& weak : subscribers) {
    if (auto subscriber = weak.lock()) {
      subscriber->on_events_available();
    }
  }
}

std::vector<catalogue::Event> EventHub::after(std::int64_t after, std::size_t limit) {
  if (after >= recent_base_) {
    const auto first = std::upper_bound(recent_.begin(), recent_.end(), after,
                                        [](std::int64_t sequence, const catalogue::Event& event) {
                                          return sequence < event.sequence;
                                        });
    const auto count =
        std::min<std::size_t>(limit, static_cast<std::size_t>(recent_.end() - first));
    return {first, first + static_cast<std::ptrdiff_t>(count)};
  }
  // Older than memory: the catalogue has them. It may also hold events committed but not yet
  // published here; the subscriber's own sequence keeps it from seeing those twice.
  return reader_->events_after(after, static_cast<int>(limit));
}

void EventHub::subscribe(std::weak_ptr<EventSubscriber> subscriber) {
  prune();
  subscribers_.push_back(std::move(subscriber));
}

void EventHub::close_all(const std::string& reason) {
  const auto subscribers = subscribers_;
  for (const auto& weak : subscribers) {
    if (auto subscriber = weak.lock()) {
      subscriber->close(reason);
    }
  }
}

void EventHub::close_actor(const std::string& actor, const std::string& reason) {
  const auto subscribers = subscribers_;
  for (const auto& weak : subscribers) {
    if (auto subscriber = weak.lock(); subscriber && subscriber->actor() == actor) {
      subscriber->refuse(reason);
    }
  }
}

std::size_t EventHub::subscriber_count() {
  prune();
  return subscribers_.size();
}

void EventHub::prune() {
  std::erase_if(subscribers_, [](const auto& weak) { return weak.expired(); });
}

}  // namespace slate::api
