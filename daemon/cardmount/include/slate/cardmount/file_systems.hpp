#pragma once
/// The file systems cameras write, and how each is mounted.

#include <string>
#include <string_view>
#include <vector>

namespace slate::cardmount {

/// How one card file system is mounted: the kernel's drivers to try in order, then a FUSE driver.
struct CardFileSystem {
  std::string_view name;  ///< As libblkid names it.
  std::vector<std::string_view> kernel_types;
  std::string_view fuse_driver;  ///< A mount program for when the kernel has no driver, or empty.
};

/// The file systems Slate takes as camera cards: exfat, vfat (FAT32, FAT16), hfsplus, ext4, udf,
/// ntfs. Anything else is refused, by name.
const std::vector<CardFileSystem>& card_file_systems();

/// The entry for a file system as libblkid names it, or nullptr when cameras do not write it.
const CardFileSystem* find_card_file_system(std::string_view blkid_type);

/// The sentence for a device whose file system is refused ("/dev/loop3 holds xfs, which Slate does
/// not take as a camera card"); an empty `blkid_type` is a device with none.
std::string refusal_of(std::string_view device, std::string_view blkid_type);

}  // namespace slate::cardmount
