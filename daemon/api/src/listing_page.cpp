#include "listing_page.hpp"

#include <charconv>
#include <cstdint>

namespace slate::api {

namespace {

using catalogue::Cursor;
using catalogue::PageRequest;

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty() &&
                 text.front() != '-'
             ? std::optional(value)
             : std::nullopt;
}

}  // namespace

std::string cursor_text(const Cursor& cursor) {
  return std::to_string(cursor.key) + '.' + std::to_string(cursor.id);
}

std::optional<Cursor> parse_cursor(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto key = whole_number(text.substr(0, dot));
  const auto id = whole_number(text.substr(dot + 1));
  if (!key || !id || *id < 1) {
    return std::nullopt;
  }
  return Cursor{*key, *id};
}

std::variant<PageRequest, Response> requested_page(const Request& request) {
  PageRequest page;
  if (const auto limit = request.query_value("limit")) {
    const auto value = whole_number(*limit);
    if (!value || *value < 1 || *value > PageRequest::kMaxLimit) {
      return Response::error(400, "bad_limit",
                             "limit is a whole number from 1 to " +
                                 std::to_string(PageRequest::kMaxLimit) + " (rows per page).");
    }
    page.limit = static_cast<int>(*value);
  }
  if (const auto after = request.query_value("after")) {
    page.after = parse_cursor(*after);
    if (!page.after) {
      return Response::error(400, "bad_cursor",
                             "after is the cursor of an earlier page, as its next link gives it.");
    }
  }
  return page;
}

nlohmann::json next_link(std::string_view path, const std::optional<Cursor>& next,
                         const PageRequest& page, std::string_view kept) {
  if (!next) {
    return nullptr;
  }
  return std::string(path) + '?' + std::string(kept) + "after=" + cursor_text(*next) +
         "&limit=" + std::to_string(page.limit);
}

}  // namespace slate::api
