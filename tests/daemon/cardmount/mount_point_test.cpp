// The folder a card is mounted on is named from its label: one safe path component whatever the
// label holds, and never a folder already there.
#include <gtest/gtest.h>

#include <slate/cardmount/mount_point.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::cardmount {
namespace {

TEST(MountPointName, ACameraLabelIsKeptAsItIs) {
  EXPECT_EQ(sanitise_mount_name("A001"), "A001");
  EXPECT_EQ(sanitise_mount_name("EOS_DIGITAL"), "EOS_DIGITAL");
  EXPECT_EQ(sanitise_mount_name("Untitled 2"), "Untitled 2");
  EXPECT_EQ(sanitise_mount_name("EF0F-DD33"), "EF0F-DD33");
}

TEST(MountPointName, ALabelIsMadeOneSafePathComponent) {
  EXPECT_EQ(sanitise_mount_name("../../etc"), "_.._etc");
  EXPECT_EQ(sanitise_mount_name("A/B"), "A_B");
  EXPECT_EQ(sanitise_mount_name(".hidden"), "hidden");
  EXPECT_EQ(sanitise_mount_name("..."), "");
  EXPECT_EQ(sanitise_mount_name("  A001  "), "A001");
  EXPECT_EQ(sanitise_mount_name("A\n001\t\x7f"), "A_001__");
  EXPECT_EQ(sanitise_mount_name("caf\xc3\xa9"), "caf__");
  EXPECT_EQ(sanitise_mount_name(std::string(100, 'x')), std::string(64, 'x'));
  EXPECT_EQ(sanitise_mount_name(""), "");
  EXPECT_EQ(sanitise_mount_name("/"), "");  // nothing left but the replacement
}

TEST(MountPointName, ATakenNameGetsASuffix) {
  testing::TempDir cards;
  std::string error;
  const auto first = make_mount_point(cards.path(), "A001", error);
  const auto second = make_mount_point(cards.path(), "A001", error);
  const auto third = make_mount_point(cards.path(), "A001", error);
  ASSERT_TRUE(first && second && third) << error;
  EXPECT_EQ(*first, cards / "A001");
  EXPECT_EQ(*second, cards / "A001-2");
  EXPECT_EQ(*third, cards / "A001-3");
  EXPECT_TRUE(std::filesystem::is_directory(*third));
  // The suffix keeps the name within 64 bytes.
  const auto long_name = std::string(64, 'y');
  ASSERT_TRUE(make_mount_point(cards.path(), long_name, error));
  const auto suffixed = make_mount_point(cards.path(), long_name, error);
  ASSERT_TRUE(suffixed);
  EXPECT_EQ(suffixed->filename().string(), std::string(62, 'y') + "-2");

  EXPECT_FALSE(make_mount_point(cards / "missing", "A001", error));
  EXPECT_EQ(error, "cannot make the mount point " + (cards / "missing/A001").string() +
                       ": No such file or directory");
}

}  // namespace
}  // namespace slate::cardmount
