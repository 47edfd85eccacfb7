#include <chrono>
#include <ctime>
#include <sqlite3.h>
#include <string>

#include <slate/catalogue/catalogue.hpp>

#include "migrations.hpp"

namespace slate::catalogue {
namespace {

std::string utc_now_iso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char result[40];
  std::snprintf(result, sizeof result, "%s.%03dZ", text, static_cast<int>(millis));
  return result;
}

[[noreturn]] void refuse_damaged(const Database& db, const std::string& detail) {
  throw CatalogueError("catalogue " + db.file().string() + " is damaged (" + detail +
                       "); move it aside or restore it from a backup");
}

// Every connection, writer or reader, works the same way: WAL so readers never block the writer,
// FULL sync because the catalogue records what is safe to format.
void configure(Database& db) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA foreign_keys=ON");
  db.exec("PRAGMA synchronous=FULL");
}

Event read_event(Statement& row) {
  Event event;
  event.sequence = row.column_int(0);
  event.time = row.column_text(1);
  event.kind = row.column_text(2);
  event.entity = row.column_text(3);
  event.payload = row.column_text(4);
  event.actor = row.column_text(5);
  if (!row.column_is_null(6)) {
    event.idempotency_key = row.column_text(6);
  }
  return event;
}

constexpr std::string_view kSelectEvents =
    "SELECT sequence, time, kind, entity, payload, actor, idempotency_key FROM events ";

}  // namespace

IntegrityReport IntegrityCheck::run() {
  IntegrityReport report;
  try {
    CatalogueReader reader(file_);
    {
      std::lock_guard lock(mutex_);
      if (stopped_) {
        return {false, "stopped before it finished"};
      }
      running_ = &reader.db();
    }
    std::string problems;
    try {
      auto check = reader.db().prepare("PRAGMA quick_check(5)");
      while (check.step()) {
        const std::string line = check.column_text(0);
        if (line != "ok") {
          problems += (problems.empty() ? "" : "; ") + line;
        }
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      running_ = nullptr;
      throw;
    }
    std::lock_guard lock(mutex_);
    running_ = nullptr;
    report.ok = problems.empty();
    report.detail = report.ok ? "ok" : problems;
  } catch (const CatalogueError& error) {
    std::lock_guard lock(mutex_);
    report.ok = false;
    report.detail = stopped_ ? std::string("stopped before it finished") : error.what();
  }
  return report;
}

void IntegrityCheck::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  if (running_) {
    // The one SQLite call made safe from another thread while its connection is in use.
    sqlite3_interrupt(running_->handle());
  }
}

int latest_schema_version() {
  return migrations().empty() ? 0 : migrations().back().version;
}

namespace {

// The event as told: stamped now, its payload "{}" when empty; its sequence is given on storing.
Event stamped(NewEvent event) {
  Event told;
  told.time = utc_now_iso();
  told.kind = std::move(event.kind);
  told.entity = std::move(event.entity);
  told.payload = event.payload.empty() ? std::string("{}") : std::move(event.payload);
  told.actor = std::move(event.actor);
  told.idempotency_key = std::move(event.idempotency_key);
  return told;
}

}  // namespace

Event Transaction::append(NewEvent event) {
  Event committed = stamped(std::move(event));
  db_.prepare(
         "INSERT INTO events (time, kind, entity, payload, actor, idempotency_key) "
         "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, committed.time)
      .bind(2, committed.kind)
      .bind(3, committed.entity)
      // The schema checks the text is JSON: a malformed payload fails the whole change.
      .bind(4, committed.payload)
      .bind(5, committed.actor)
      .bind(6, committed.idempotency_key)
      .run();
  committed.sequence = db_.last_insert_rowid();
  appended_.push_back(committed);
  return committed;
}

ReadSnapshot::ReadSnapshot(Database& db) : db_(db) {
  db_.exec("SAVEPOINT slate_read");
}

ReadSnapshot::~ReadSnapshot() {
  sqlite3_exec(db_.handle(), "RELEASE slate_read", nullptr, nullptr, nullptr);
}

CatalogueReader::CatalogueReader(const std::filesystem::path& file)
    : owned_(std::make_unique<Database>(file, false)), db_(owned_.get()) {
  db_->exec("PRAGMA query_only=ON");
}

std::vector<Event> CatalogueReader::events_after(std::int64_t after, int limit) {
  auto select =
      db_->prepare(std::string(kSelectEvents) + "WHERE sequence > ? ORDER BY sequence LIMIT ?");
  select.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Event> events;
  while (select.step()) {
    events.push_back(read_event(select));
  }
  return events;
}

std::int64_t CatalogueReader::latest_sequence() {
  auto select = db_->prepare("SELECT coalesce(max(sequence), 0) FROM events");
  select.step();
  return select.column_int(0);
}

Catalogue::Catalogue(const std::filesystem::path& file)
    : file_(file),
      writer_(file, true),
      writer_view_(std::make_unique<CatalogueReader>(writer_)),
      readers_(std::make_shared<ReaderPool>(file)) {
  // A write waits for another holder of the lock (a checkpoint, a backup, a slow disk) for up to
  // a minute rather than failing the mark it carries: it waits on a worker thread, never on the io
  // thread, so status, event streams and the watchdog go on answering meanwhile.
  sqlite3_busy_timeout(writer_.handle(), 60'000);
}

std::unique_ptr<CatalogueReader> ReaderPool::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return reader;
    }
  }
  return std::make_unique<CatalogueReader>(file_);
}

void ReaderPool::give_back(std::unique_ptr<CatalogueReader> reader) {
  constexpr std::size_t kKeptIdle = 8;  // one per thread that reads in bursts is plenty
  std::lock_guard lock(mutex_);
  if (idle_.size() < kKeptIdle) {
    idle_.push_back(std::move(reader));
  }
}

std::unique_ptr<Catalogue> Catalogue::open(const std::filesystem::path& file) {
  std::unique_ptr<Catalogue> catalogue(new Catalogue(file));
  Database& db = catalogue->writer_;
  try {
    // Whether its pages are all sound is checked after the appliance is up (IntegrityCheck): on
    // a production's catalogue that reads a gigabyte. A file that is not a database, or whose
    // header or schema is broken, is refused here, by the first statements that read it.
    configure(db);
    catalogue->migrate();
  } catch (const CatalogueError& error) {
    // SQLite says which: not a database at all, or one whose pages are broken.
    const int code = sqlite3_errcode(db.handle()) & 0xff;
    if (code == SQLITE_NOTADB) {
      throw CatalogueError("catalogue " + file.string() +
                           " is not a SQLite database (damaged, or another kind of file); move it "
                           "aside or restore it from a backup");
    }
    if (code == SQLITE_CORRUPT) {
      refuse_damaged(db, sqlite3_errmsg(db.handle()));
    }
    throw;
  }
  return catalogue;
}

void Catalogue::migrate() {
  auto& db = writer_;
  bool empty = false;
  bool ours = false;
  {
    // Finished before any migration runs: a statement still reading the schema would keep a
    // migration from dropping a table it rebuilds ("database table is locked").
    auto tables = db.prepare(
        "SELECT count(*), coalesce(sum(name = 'schema_migrations'), 0) FROM sqlite_schema "
        "WHERE type = 'table'");
    tables.step();
    empty = tables.column_int(0) == 0;
    ours = tables.column_int(1) == 1;
  }
  if (!empty && !ours) {
    throw CatalogueError("catalogue " + file_.string() +
                         " is a SQLite database but not a Slate catalogue; refusing to change it");
  }
  if (empty) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  }

  const int current = schema_version();
  if (current > latest_schema_version()) {
    throw CatalogueError("catalogue " + file_.string() + " was written by a newer Slate (schema " +
                         std::to_string(current) + "; this slated knows up to " +
                         std::to_string(latest_schema_version()) +
                         "); refusing to open it. Upgrade Slate, or use another data dir.");
  }
  for (const Migration& migration : migrations()) {
    if (migration.version <= current) {
      continue;
    }
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .bind(1, static_cast<std::int64_t>(migration.version))
          .bind(2, migration.name)
          .bind(3, utc_now_iso())
          .run();
      db.exec("COMMIT");
    } catch (const CatalogueError& error) {
      db.exec("ROLLBACK");
      throw CatalogueError("catalogue " + file_.string() + ": migration " +
                           std::string(migration.name) +
                           " failed, nothing of it applied: " + error.what());
    }
  }
}

int Catalogue::schema_version() {
  std::lock_guard lock(writer_mutex_);
  auto select = writer_.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  select.step();
  return static_cast<int>(select.column_int(0));
}

std::string Catalogue::appliance_id() {
  std::lock_guard lock(writer_mutex_);
  auto select = writer_.prepare("SELECT uuid FROM appliance WHERE id = 1");
  return select.step() ? select.column_text(0) : std::string();
}

void Catalogue::set_event_observer(EventObserver observer) {
  std::lock_guard lock(writer_mutex_);
  observer_ = std::move(observer);
}

void Catalogue::begin() {
  writer_.exec("BEGIN IMMEDIATE");
}

void Catalogue::commit(Transaction& tx) {
  writer_.exec("COMMIT");
  if (observer_ && !tx.appended_.empty()) {
    observer_(tx.appended_);
  }
}

void Catalogue::rollback() {
  // A failed COMMIT may already have rolled back; a second ROLLBACK must not hide the first error.
  if (!sqlite3_get_autocommit(writer_.handle())) {
    writer_.exec("ROLLBACK");
  }
}

// One savepoint name serves every depth: ROLLBACK TO and RELEASE act on the innermost of that name.
void Catalogue::begin_nested() {
  writer_.exec("SAVEPOINT slate_nested");
}

void Catalogue::release_nested() {
  writer_.exec("RELEASE slate_nested");
}

void Catalogue::rollback_nested() {
  // An error that ended the whole transaction (a full disk) leaves no savepoint to go back to;
  // the outer write rolls back and rethrows.
  if (!sqlite3_get_autocommit(writer_.handle())) {
    writer_.exec("ROLLBACK TO slate_nested");
    writer_.exec("RELEASE slate_nested");
  }
}

Event Catalogue::append(NewEvent event) {
  return write([&](Transaction& tx) { return tx.append(std::move(event)); });
}

void Catalogue::announce(NewEvent event) {
  Event told = stamped(std::move(event));
  if (in_write()) {
    current_->appended_.push_back(std::move(told));
    return;
  }
  // Under the writer's lock, like a commit's events: the observer hears them in one order.
  std::lock_guard lock(writer_mutex_);
  if (observer_) {
    observer_({std::move(told)});
  }
}

std::unique_ptr<CatalogueReader> Catalogue::reader() const {
  return std::make_unique<CatalogueReader>(file_);
}

}  // namespace slate::catalogue
