#pragma once
// How a listing's page travels over HTTP: `?limit=N&after=CURSOR` asks for it, and the answer
// names its array as before and adds `next`, the link to the page after it or null on the last.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <slate/api/http.hpp>
#include <slate/catalogue/page.hpp>

namespace slate::api {

/// The page `?limit=` and `?after=` ask for, or the 400 answer that names the parameter that is
/// wrong. With neither, the first page of catalogue::PageRequest::kDefaultLimit rows.
std::variant<catalogue::PageRequest, Response> requested_page(const Request& request);

/// The cursor as clients see it: opaque text they only hand back.
std::string cursor_text(const catalogue::Cursor& cursor);
std::optional<catalogue::Cursor> parse_cursor(std::string_view text);

/// `path?<kept>after=…&limit=…` for the page after `next` at the same limit, or null on the last
/// page. `kept` holds the listing's other query parameters, each ending in '&' ("offload=3&").
nlohmann::json next_link(std::string_view path, const std::optional<catalogue::Cursor>& next,
                         const catalogue::PageRequest& page, std::string_view kept = {});

/// Answers a listing's GET at `path`: reads the page asked for with `read(PageRequest)`, gives its
/// rows as the array `name`, each through `to_json`, and the link to the next page.
template <class Read, class ToJson>
Response listing_answer(const Request& request, std::string_view path, const char* name,
                        Read&& read, ToJson&& to_json, std::string_view kept = {}) {
  auto page = requested_page(request);
  if (auto* refused = std::get_if<Response>(&page)) {
    return std::move(*refused);
  }
  const auto& asked = std::get<catalogue::PageRequest>(page);
  const auto rows = read(asked);
  auto list = nlohmann::json::array();
  for (const auto& row : rows.items) {
    list.push_back(to_json(row));
  }
  return Response::json(
      {{name, std::move(list)}, {"next", next_link(path, rows.next, asked, kept)}});
}

}  // namespace slate::api
