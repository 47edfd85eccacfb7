#pragma once
// The open connections as the caps on them see them: how many in all and from each client address,
// and which has waited longest for a request. Private to the server; io thread only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace slate::api {

/// A connection the table can close to make room for another.
class TrackedConnection {
 public:
  virtual ~TrackedConnection() = default;
  /// Closes it now. Asked only of an idle one, after the table has forgotten it.
  virtual void evict() = 0;
};

class ConnectionTable {
 public:
  void add(TrackedConnection* connection, std::string address);
  /// Forgets a connection (closed, or gone); a second call does nothing.
  void remove(TrackedConnection* connection);
  /// Idle: waiting for a request, which a client may never send. Only idle ones are evicted.
  void set_idle(TrackedConnection* connection, bool idle);

  std::size_t size() const { return entries_.size(); }
  std::size_t count(const std::string& address) const;

  /// Makes room for one more connection from `address` under both caps by closing the connections
  /// idle longest: first of that address, then of any. False when not enough of them are idle.
  bool make_room(const std::string& address, std::size_t max_total, std::size_t max_per_address);

  /// Closes the connection idle longest, of one address or (null) of any. False if none is idle.
  bool evict_oldest_idle(const std::string* address = nullptr);

  /// Closes every idle connection (shutdown).
  void evict_idle();

 private:
  struct Entry {
    std::string address;
    /// When it became idle, as a count of set_idle calls; 0 while busy. Smaller is older.
    std::uint64_t idle_since = 0;
  };

  std::unordered_map<TrackedConnection*, Entry> entries_;
  std::unordered_map<std::string, std::size_t> per_address_;
  std::uint64_t clock_ = 0;
};

}  // namespace slate::api
