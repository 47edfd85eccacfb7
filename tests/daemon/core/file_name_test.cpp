#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <slate/core/file_name.hpp>

namespace slate::core {
namespace {

TEST(FileName, Utf8NamesAreShownAsTheyAre) {
  EXPECT_EQ(printable_name("A001C003_261123_R1AB.mov"), "A001C003_261123_R1AB.mov");
  EXPECT_EQ(printable_name("caf\xC3\xA9.mov"), "caf\xC3\xA9.mov");
  EXPECT_EQ(printable_name("\xF0\x9F\x8E\xAC.mov"), "\xF0\x9F\x8E\xAC.mov");
}

TEST(FileName, BytesThatAreNotUtf8AreEscapedAndComeBack) {
  EXPECT_EQ(printable_name("caf\xE9.mov"), "caf\\xE9.mov");
  EXPECT_EQ(printable_name("a\\b"), "a\\\\b");
  EXPECT_EQ(printable_name("\xC0\xAF"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(printable_name("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable_name("\xE2\x82"), "\\xE2\\x82");           // cut short
  const std::vector<std::string> names = {"caf\xE9.mov", "a\\b",         "\\xE9",
                                          "x\\",         "\xC0\xAF\xFF", std::string("n\0ul", 4)};
  for (const auto& name : names) {
    const auto shown = printable_name(name);
    EXPECT_TRUE(is_utf8(shown)) << shown;
    EXPECT_EQ(name_bytes(shown), name) << shown;
  }
}

TEST(FileName, TextThatNoNameGivesIsRefused) {
  EXPECT_FALSE(name_bytes("a\\").has_value());
  EXPECT_FALSE(name_bytes("a\\x4").has_value());
  EXPECT_FALSE(name_bytes("a\\xZZ").has_value());
  EXPECT_FALSE(name_bytes("a\\n").has_value());
  EXPECT_EQ(name_bytes("a\\x41\\\\"), "aA\\");
}

}  // namespace
}  // namespace slate::core
