// Times as tablets send them back: ISO 8601 UTC, to the second or with a fraction, and nothing
// else.
#include <gtest/gtest.h>

#include <slate/core/clock.hpp>

namespace slate::core {
namespace {

using std::chrono::system_clock;

TEST(Clock, ParsesWhatItWritesAndWhatBrowsersWrite) {
  const auto now = std::chrono::floor<std::chrono::seconds>(system_clock::now());
  EXPECT_EQ(parse_utc(utc_text(now)), now);
  const auto parsed = parse_utc("2026-11-27T10:00:01.250Z");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(utc_text(*parsed), "2026-11-27T10:00:01Z");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(
                *parsed - *parse_utc("2026-11-27T10:00:00Z"))
                .count(),
            1250);
  EXPECT_EQ(parse_utc("2024-02-29T23:59:59.123456789Z").has_value(), true);
}

TEST(Clock, RefusesAnythingElse) {
  for (const char* text :
       {"", "2026-11-27", "2026-11-27T10:00:00", "2026-11-27 10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-02-30T10:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T10:00:00+01:00",
        "2026-11-27T10:00:00.Z", "2026-11-27T10:00:00.1234567890Z", "2026-11-27T1a:00:00Z",
        "20261127T100000Z"}) {
    EXPECT_FALSE(parse_utc(text)) << text;
  }
}

}  // namespace
}  // namespace slate::core
