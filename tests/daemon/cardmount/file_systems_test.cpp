// The file systems Slate takes as camera cards, and the sentence for the ones it does not.
#include <gtest/gtest.h>

#include <slate/cardmount/file_systems.hpp>

namespace slate::cardmount {
namespace {

TEST(CardFileSystems, WhatCamerasWriteIsTaken) {
  for (const auto* name : {"exfat", "vfat", "hfsplus", "ext4", "udf", "ntfs"}) {
    EXPECT_NE(find_card_file_system(name), nullptr) << name;
  }
  EXPECT_EQ(find_card_file_system("exfat")->fuse_driver, "mount.exfat-fuse");
  EXPECT_EQ(find_card_file_system("ntfs")->fuse_driver, "ntfs-3g");
  EXPECT_EQ(find_card_file_system("vfat")->fuse_driver, "");
}

TEST(CardFileSystems, AnythingElseIsRefusedByName) {
  for (const auto* name :
       {"xfs", "btrfs", "ext3", "swap", "crypto_LUKS", "iso9660", "squashfs", "EXFAT", ""}) {
    EXPECT_EQ(find_card_file_system(name), nullptr) << name;
  }
  EXPECT_EQ(refusal_of("/dev/loop3", "xfs"),
            "/dev/loop3 holds xfs, which Slate does not take as a camera card (it takes exfat, "
            "vfat, hfsplus, ext4, udf, ntfs)");
  EXPECT_EQ(refusal_of("/dev/loop4", ""), "/dev/loop4 holds no file system Slate can read");
}

}  // namespace
}  // namespace slate::cardmount
