#pragma once
/// The catalogue: one SQLite file in the data dir that holds everything Slate knows, and the event
/// log that records every change to it.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <slate/catalogue/event.hpp>
#include <slate/catalogue/sqlite.hpp>

namespace slate::catalogue {

/// What `PRAGMA quick_check` found in a catalogue file.
struct IntegrityReport {
  bool ok = false;
  std::string detail;  ///< "ok", or the problems found, or why the check could not run.
};

/// Checks every page of the catalogue at `file` (PRAGMA quick_check) on a read-only connection of
/// its own, so that the appliance serves meanwhile: on a production's catalogue it reads a
/// gigabyte, for seconds.
class IntegrityCheck {
 public:
  explicit IntegrityCheck(std::filesystem::path file) : file_(std::move(file)) {}
  /// Runs the check to its end, or until stop(); a stopped check is not ok and says so.
  IntegrityReport run();
  /// From any thread: ends a check under way at once, and any run() after this before it starts.
  void stop();

 private:
  std::filesystem::path file_;
  std::mutex mutex_;
  bool stopped_ = false;
  Database* running_ = nullptr;  ///< The connection checking, while run() is under way.
};

/// The schema versions this build knows: the newest migration compiled in.
int latest_schema_version();

/// One write transaction on the catalogue's single writer connection.
class Transaction {
 public:
  Database& db() { return db_; }
  /// Appends an event to the log; it reaches subscribers only if the outermost transaction
  /// commits.
  Event append(NewEvent event);

 private:
  friend class Catalogue;
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  std::vector<Event> appended_;
};

/// One consistent read: what a connection reads while this lives is of one moment, however many
/// statements it takes. A savepoint, so that on the writer's connection inside a write (a lease
/// taken there) it nests in that write instead of failing to begin a transaction of its own.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db);
  /// Ends it; never throws (it wrote nothing, so nothing is lost if it cannot end cleanly).
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
};

/// A read-only connection of its own, for one thread (WAL lets it read while the writer writes).
class CatalogueReader {
 public:
  explicit CatalogueReader(const std::filesystem::path& file);
  /// Reads through the writer's own connection: what a thread inside a write reads must include
  /// what that write changed.
  explicit CatalogueReader(Database& writer) : db_(&writer) {}
  /// Events with a sequence above `after`, oldest first, at most `limit` of them.
  std::vector<Event> events_after(std::int64_t after, int limit);
  std::int64_t latest_sequence();
  Database& db() { return *db_; }

 private:
  std::unique_ptr<Database> owned_;
  Database* db_;
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
  ReaderLease(std::shared_ptr<ReaderPool> pool)
      : pool_(std::move(pool)), reader_(pool_->take()), in_use_(reader_.get()) {}
  /// Lends the writer's view to a thread inside a write; nothing goes back to a pool.
  explicit ReaderLease(CatalogueReader& writer_view) : in_use_(&writer_view) {}
  ~ReaderLease() {
    if (reader_) {
      pool_->give_back(std::move(reader_));
    }
  }
  ReaderLease(ReaderLease&&) = default;
  ReaderLease& operator=(ReaderLease&&) = delete;
  CatalogueReader* operator->() { return in_use_; }
  CatalogueReader& operator*() { return *in_use_; }

 private:
  std::shared_ptr<ReaderPool> pool_;
  std::unique_ptr<CatalogueReader> reader_;
  CatalogueReader* in_use_ = nullptr;
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
  ///
  /// Called again on a thread already inside `write`, it runs `change` in a SAVEPOINT of the
  /// outer transaction instead: released when `change` returns, rolled back to when it throws,
  /// and its events are published when the outer transaction commits. So the HTTP layer can wrap
  /// a domain operation and its idempotency record in one transaction.
  template <class Change>
  auto write(Change&& change) {
    if (writing_thread_.load() == std::this_thread::get_id()) {
      return nested(*current_, std::forward<Change>(change));
    }
    std::lock_guard lock(writer_mutex_);
    Transaction tx(writer_);
    begin();
    const Ownership owned(*this, tx);
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

  /// Whether this thread is inside a write (its reads through lease() then see that write).
  bool in_write() const { return writing_thread_.load() == std::this_thread::get_id(); }

  /// Appends one event in a transaction of its own.
  Event append(NewEvent event);

  /// Tells the observer of an event without storing it: no sequence, never replayed. For what
  /// is only news while it happens (an offload's progress, several times a second), so the log
  /// grows with what people and devices did. Inside a write it is told after that write commits,
  /// in order with the write's events; if the write rolls back, it is never told.
  void announce(NewEvent event);

  /// A new read-only connection to the same file, for a thread of its own.
  std::unique_ptr<CatalogueReader> reader() const;
  /// A read-only connection from the pool, for one short read on any thread (an API request).
  /// Inside a write, on its thread, the lease reads through the writer, so that an answer built
  /// after a change sees it.
  ReaderLease lease() const {
    return in_write() ? ReaderLease(*writer_view_) : ReaderLease(readers_);
  }

 private:
  // Marks the writer as this thread's for the outer transaction's lifetime.
  class Ownership {
   public:
    Ownership(Catalogue& catalogue, Transaction& tx) : catalogue_(catalogue) {
      catalogue_.current_ = &tx;
      catalogue_.writing_thread_.store(std::this_thread::get_id());
    }
    ~Ownership() {
      catalogue_.writing_thread_.store(std::thread::id());
      catalogue_.current_ = nullptr;
    }
    Ownership(const Ownership&) = delete;
    Ownership& operator=(const Ownership&) = delete;

   private:
    Catalogue& catalogue_;
  };

  template <class Change>
  auto nested(Transaction& tx, Change&& change) {
    const auto appended = tx.appended_.size();
    begin_nested();
    try {
      if constexpr (std::is_void_v<decltype(change(tx))>) {
        change(tx);
        release_nested();
      } else {
        auto result = change(tx);
        release_nested();
        return result;
      }
    } catch (...) {
      rollback_nested();
      tx.appended_.resize(appended);
      throw;
    }
  }

  explicit Catalogue(const std::filesystem::path& file);
  void migrate();
  void begin();
  void commit(Transaction& tx);
  void rollback();
  void begin_nested();
  void release_nested();
  void rollback_nested();

  std::filesystem::path file_;
  std::mutex writer_mutex_;
  Database writer_;
  std::unique_ptr<CatalogueReader> writer_view_;
  std::atomic<std::thread::id> writing_thread_;
  Transaction* current_ = nullptr;  ///< The outer transaction, while writing_thread_ is set.
  EventObserver observer_;
  std::shared_ptr<ReaderPool> readers_;
};

}  // namespace slate::catalogue
