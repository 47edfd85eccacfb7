#pragma once
/// Keyset paging of the catalogue's listings: a page starts after the last row of the page before,
/// named by its sort key and id, so rows added while a client pages never shift a page.

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/catalogue/sqlite.hpp>

namespace slate::catalogue {

/// The last row a page ended on: the listing's sort key and the row's id, its tie-breaker. For a
/// listing sorted by id alone, the key is the id.
struct Cursor {
  std::int64_t key = 0;
  std::int64_t id = 0;
  friend bool operator==(const Cursor&, const Cursor&) = default;
};

/// Which page of a listing: from its start, or after `after`; at most `limit` rows.
struct PageRequest {
  static constexpr int kDefaultLimit = 100;
  static constexpr int kMaxLimit = 1000;

  std::optional<Cursor> after;
  int limit = kDefaultLimit;
};

/// A page of a listing, and where the next one starts; none when this page is its last.
template <class Row>
struct Page {
  std::vector<Row> items;
  std::optional<Cursor> next;
};

/// The end of the query of a page of a listing in the order of one id column, which SQLite walks as
/// a rowid range from the cursor on: "[WHERE column < ?2] ORDER BY column DESC LIMIT ?1", or with
/// > and ASC oldest first. Two texts rather than `?2 IS NULL OR …`, which it cannot walk so.
inline std::string id_page_sql(std::string_view column, bool newest_first,
                               const PageRequest& page) {
  const std::string name(column);
  return (page.after ? "WHERE " + name + (newest_first ? " < ?2 " : " > ?2 ") : std::string()) +
         "ORDER BY " + name + (newest_first ? " DESC" : "") + " LIMIT ?1";
}

/// Binds what id_page_sql() asks: ?1 one row more than the page (that row only tells whether a
/// next page exists, see close_page()), and ?2 the cursor's id.
inline void bind_id_page(Statement& select, const PageRequest& page) {
  select.bind(1, static_cast<std::int64_t>(page.limit) + 1);
  if (page.after) {
    select.bind(2, page.after->id);
  }
}

/// Ends a page read with one row more than asked: that row only tells that a next page exists, and
/// the page's last row is where it starts.
template <class Row, class CursorOf>
Page<Row> close_page(std::vector<Row> rows, const PageRequest& request, CursorOf cursor_of) {
  Page<Row> page;
  if (rows.size() > static_cast<std::size_t>(request.limit)) {
    rows.erase(rows.begin() + request.limit, rows.end());
    page.next = cursor_of(rows.back());
  }
  page.items = std::move(rows);
  return page;
}

/// Every row of a listing, read page after page with `read(PageRequest)`: for the callers that
/// need it whole (a card's report, tests), never for an answer to a client.
template <class Read>
auto every_row(Read read) {
  PageRequest request{std::nullopt, PageRequest::kMaxLimit};
  auto page = read(request);
  auto rows = std::move(page.items);
  while (page.next) {
    request.after = page.next;
    page = read(request);
    rows.insert(rows.end(), std::make_move_iterator(page.items.begin()),
                std::make_move_iterator(page.items.end()));
  }
  return rows;
}

}  // namespace slate::catalogue
