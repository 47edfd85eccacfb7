#pragma once
/// The live side of the event log: what the WebSocket sessions read, on the io thread.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <slate/catalogue/catalogue.hpp>

namespace slate::api {

/// An event as the stream sends it (`{"type": "event", …}`), serialised once: every tablet's queue
/// holds the same immutable text, so 500 tablets cost one copy of an event, not 500.
struct StreamedEvent {
  std::int64_t sequence = 0;
  std::shared_ptr<const std::string> text;

  static StreamedEvent of(const catalogue::Event& event);
};

/// A live reader of the event stream (a WebSocket session).
class EventSubscriber {
 public:
  virtual ~EventSubscriber() = default;
  /// New events were published; read them with EventHub::after.
  virtual void on_events_available() = 0;
  /// An event told live and never stored (no sequence): sent now to a reader that is caught up,
  /// dropped for one that is behind (the next such event says more than this one did).
  virtual void on_live_event(const StreamedEvent& event) = 0;
  /// The appliance is going away (shutdown).
  virtual void close(std::string reason) = 0;
  /// The subscriber lost its right to read (its token was revoked).
  virtual void refuse(std::string reason) = 0;
  /// Who reads: the actor its token was issued to ("cli", "device/7").
  virtual const std::string& actor() const = 0;
};

/// Keeps the most recent events in memory and finds older ones in the catalogue, so a reconnecting
/// tablet gets every event after the last one it saw, with no gap and no duplicate. Only for the io
/// thread: it takes no locks.
class EventHub {
 public:
  EventHub(std::unique_ptr<catalogue::CatalogueReader> reader, std::size_t recent_capacity = 4096);

  /// Takes events just committed (in sequence order) and tells every subscriber. Unsequenced
  /// events (announced, not stored) go to the subscribers there and then, kept nowhere.
  void publish(const std::vector<catalogue::Event>& events);

  /// Events with a sequence above `after`, oldest first, at most `limit` of them and, past the
  /// first, at most `max_bytes` of text: from memory when it holds them all, else from the
  /// catalogue.
  std::vector<StreamedEvent> after(std::int64_t after, std::size_t limit,
                                   std::size_t max_bytes = SIZE_MAX);

  std::int64_t latest() const { return latest_; }

  void subscribe(std::weak_ptr<EventSubscriber> subscriber);
  void close_all(const std::string& reason);
  /// Closes the streams of one actor at once: a revoked tablet reads nothing more.
  void close_actor(const std::string& actor, const std::string& reason);
  std::size_t subscriber_count();

 private:
  void prune();
  // Tells subscribers that `count` stored events were just kept (nothing when none).
  void tell_stored(std::size_t count);
  void tell_live(const StreamedEvent& event);

  std::unique_ptr<catalogue::CatalogueReader> reader_;
  std::size_t capacity_;
  std::deque<StreamedEvent> recent_;
  std::int64_t recent_base_ = 0;  ///< Every event above this sequence is in recent_.
  std::int64_t latest_ = 0;
  std::vector<std::weak_ptr<EventSubscriber>> subscribers_;
};

}  // namespace slate::api
