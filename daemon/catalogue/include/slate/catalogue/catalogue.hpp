#pragma once
/// The catalogue: one SQLite file in the data dir that holds everything Slate knows, and the event
/// log that records every change to it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <slate/catalogue/event.hpp>
#include <slate/catalogue/sqlite.hpp>

namespace slate::catalogue {

/// The schema versions this build knows: the newest migration compiled in.
int latest_schema_version();

/// One write transaction on the catalogue's single writer connection.
class Transaction {
 public:
  Database& db() { return db_; }
  /// Appends an event to the log; it reaches subscribers only if the transaction commits.
  Event append(NewEvent event);

 private:
  friend class Catalogue;
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  std::vector<Event> appended_;
};

/// A read-only connection of its own, for one thread (WAL lets it read while the writer writes).
class CatalogueReader {
 public:
  explicit CatalogueReader(const std::filesystem::path& file);
  /// Events with a sequence above `after`, oldest first, at most `limit` of them.
  std::vector<Event> events_after(std::int64_t after, int limit);
  std::int64_t latest_sequence();
  Database& db() { return db_; }

 private:
  Database db_;
};

/// Read-only connections kept open between short reads: opening one costs more than most reads.
class ReaderPool {
 public:
  explicit ReaderPool(std::filesystem::path file) : file_(std::move(file)) {}
  std::unique_ptr<CatalogueReader> take();
  void give_back(std::unique_ptr<CatalogueReader> reader);

 private:
  std::filesystem::path file_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<CatalogueReader>> idle_;
};

/// A pooled reader, back in its pool when the lease ends.
class ReaderLease {
 public:
  ReaderLease(std::shared_ptr<ReaderPool> pool) : pool_(std::move(pool)), reader_(pool_->take()) {}
  ~ReaderLease() {
    if (reader_) {
      pool_->give_back(std::move(reader_));
    }
  }
  ReaderLease(ReaderLease&&) = default;
  ReaderLease& operator=(ReaderLease&&) = delete;
  CatalogueReader* operator->() { return reader_.get(); }
  CatalogueReader& operator*() { return *reader_; }

 private:
  std::shared_ptr<ReaderPool> pool_;
  std::unique_ptr<CatalogueReader> reader_;
};

class Catalogue {
 public:
  /// Called after each commit that appended events, with them in sequence order. It runs on the
  /// committing thread while the writer is still held, so calls arrive in sequence order too.
  using EventObserver = std::function<void(const std::vector<Event>&)>;

  /// Opens the catalogue at `file`, creating it if missing, checks it, and applies every migration
  /// it lacks (each in one transaction). Throws CatalogueError, naming the file, when the file is
  /// not a SQLite database, is damaged, or was written by a newer Slate.
  static std::unique_ptr<Catalogue> open(const std::filesystem::path& file);

  const std::filesystem::path& file() const { return file_; }
  int schema_version();
  std::string appliance_id();

  void set_event_observer(EventObserver observer);

  /// Runs `change` in one IMMEDIATE transaction; commits if it returns, rolls back if it throws.
  /// Events it appended are handed to the observer after the commit.
  template <class Change>
  auto write(Change&& change) {
    std::lock_guard lock(writer_mutex_);
    Transaction tx(writer_);
    begin();
    try {
      if constexpr (std::is_void_v<decltype(change(tx))>) {
        change(tx);
        commit(tx);
      } else {
        auto result = change(tx);
        commit(tx);
        return result;
      }
    } catch (...) {
      rollback();
      throw;
    }
  }

  /// Appends one event in a transaction of its own.
  Event append(NewEvent event);

  /// A new read-only connection to the same file, for a thread of its own.
  std::unique_ptr<CatalogueReader> reader() const;
  /// A read-only connection from the pool, for one short read on any thread (an API request).
  ReaderLease lease() const { return ReaderLease(readers_); }

 private:
  explicit Catalogue(const std::filesystem::path& file);
  void migrate();
  void begin();
  void commit(Transaction& tx);
  void rollback();

  std::filesystem::path file_;
  std::mutex writer_mutex_;
  Database writer_;
  EventObserver observer_;
  std::shared_ptr<ReaderPool> readers_;
};

}  // namespace slate::catalogue
