#pragma once
/// Thin RAII wrappers over the SQLite C API, so that catalogue code reads as SQL and values.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace slate::catalogue {

/// A failure of the catalogue: a damaged or foreign file, a schema this build cannot use, or SQL
/// that SQLite refused. The message names the file and says what is wrong.
class CatalogueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement;

/// One connection to a catalogue file. Not thread-safe: each thread uses its own.
class Database {
 public:
  /// Opens (creating if asked) the file with the pragmas every Slate connection uses.
  Database(const std::filesystem::path& file, bool create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  const std::filesystem::path& file() const { return file_; }
  sqlite3* handle() { return db_; }

  /// Throws CatalogueError naming the file, with SQLite's own words, when rc is not OK/ROW/DONE.
  void check(int rc, std::string_view what) const;

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind with 1-based indexes, step, read columns with 0-based indexes.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);

  /// Advances to the next row; false when there are no more.
  bool step();
  /// Runs a statement that returns no rows.
  void run();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace slate::catalogue
