#include "connection_table.hpp"

#include <vector>

namespace slate::api {

void ConnectionTable::add(TrackedConnection* connection, std::string address) {
  ++per_address_[address];
  entries_.emplace(connection, Entry{std::move(address), 0});
}

void ConnectionTable::remove(TrackedConnection* connection) {
  const auto found = entries_.find(connection);
  if (found == entries_.end()) {
    return;
  }
  const auto count = per_address_.find(found->second.address);
  if (--count->second == 0) {
    per_address_.erase(count);
  }
  entries_.erase(found);
}

void ConnectionTable::set_idle(TrackedConnection* connection, bool idle) {
  if (const auto found = entries_.find(connection); found != entries_.end()) {
    found->second.idle_since = idle ? ++clock_ : 0;
  }
}

std::size_t ConnectionTable::count(const std::string& address) const {
  const auto found = per_address_.find(address);
  return found == per_address_.end() ? 0 : found->second;
}

bool ConnectionTable::evict_oldest_idle(const std::string* address) {
  // A scan: the caps keep the table to a few thousand entries, and it runs only at a cap.
  TrackedConnection* oldest = nullptr;
  std::uint64_t oldest_since = 0;
  for (const auto& [connection, entry] : entries_) {
    if (entry.idle_since != 0 && (!address || entry.address == *address) &&
        (!oldest || entry.idle_since < oldest_since)) {
      oldest = connection;
      oldest_since = entry.idle_since;
    }
  }
  if (!oldest) {
    return false;
  }
  remove(oldest);
  oldest->evict();
  return true;
}

bool ConnectionTable::make_room(const std::string& address, std::size_t max_total,
                                std::size_t max_per_address) {
  while (count(address) >= max_per_address) {
    if (!evict_oldest_idle(&address)) {
      return false;
    }
  }
  while (size() >= max_total) {
    if (!evict_oldest_idle()) {
      return false;
    }
  }
  return true;
}

void ConnectionTable::evict_idle() {
  std::vector<TrackedConnection*> idle;
  for (const auto& [connection, entry] : entries_) {
    if (entry.idle_since != 0) {
      idle.push_back(connection);
    }
  }
  for (auto* connection : idle) {
    remove(connection);
    connection->evict();
  }
}

}  // namespace slate::api
