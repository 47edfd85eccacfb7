#include <algorithm>

#include <slate/api/event_hub.hpp>
#include <slate/api/event_json.hpp>

namespace slate::api {

StreamedEvent StreamedEvent::of(const catalogue::Event& event) {
  auto json = to_json(event);
  json["type"] = "event";
  return {event.sequence, std::make_shared<const std::string>(
                              json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))};
}

EventHub::EventHub(std::unique_ptr<catalogue::CatalogueReader> reader, std::size_t recent_capacity)
    : reader_(std::move(reader)), capacity_(recent_capacity) {
  latest_ = reader_->latest_sequence();
  recent_base_ = latest_;
}

void EventHub::publish(const std::vector<catalogue::Event>& events) {
  // In the order committed: the stored events before an unsequenced one reach every subscriber
  // before it does.
  std::size_t stored = 0;
  for (const auto& event : events) {
    if (!event.sequenced()) {
      tell_stored(stored);
      stored = 0;
      tell_live(StreamedEvent::of(event));
      continue;
    }
    if (event.sequence <= latest_) {
      continue;
    }
    recent_.push_back(StreamedEvent::of(event));
    latest_ = event.sequence;
    ++stored;
  }
  tell_stored(stored);
}

void EventHub::tell_stored(std::size_t count) {
  if (count == 0) {
    return;
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

void EventHub::tell_live(const StreamedEvent& event) {
  prune();
  const auto subscribers = subscribers_;
  for (const auto& weak : subscribers) {
    if (auto subscriber = weak.lock()) {
      subscriber->on_live_event(event);
    }
  }
}

std::vector<StreamedEvent> EventHub::after(std::int64_t after, std::size_t limit,
                                           std::size_t max_bytes) {
  std::vector<StreamedEvent> result;
  std::size_t bytes = 0;
  // The first always fits, however large, or a reader could never get past it.
  const auto fits = [&](const StreamedEvent& event) {
    if (result.size() >= limit || (!result.empty() && bytes + event.text->size() > max_bytes)) {
      return false;
    }
    bytes += event.text->size();
    return true;
  };
  if (after >= recent_base_) {
    auto next = std::upper_bound(recent_.begin(), recent_.end(), after,
                                 [](std::int64_t sequence, const StreamedEvent& event) {
                                   return sequence < event.sequence;
                                 });
    for (; next != recent_.end() && fits(*next); ++next) {
      result.push_back(*next);
    }
    return result;
  }
  // Older than memory: the catalogue has them. It may also hold events committed but not yet
  // published here; the subscriber's own sequence keeps it from seeing those twice.
  for (const auto& event : reader_->events_after(after, static_cast<int>(limit))) {
    auto streamed = StreamedEvent::of(event);
    if (!fits(streamed)) {
      break;
    }
    result.push_back(std::move(streamed));
  }
  return result;
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
