#include <algorithm>

#include <slate/cardmount/file_systems.hpp>

namespace slate::cardmount {

const std::vector<CardFileSystem>& card_file_systems() {
  // Debian's exfat-fuse and ntfs-3g stand in where the kernel lacks exfat or ntfs3.
  static const std::vector<CardFileSystem> kAll = {
      {"exfat", {"exfat"}, "mount.exfat-fuse"},
      {"vfat", {"vfat"}, {}},
      {"hfsplus", {"hfsplus"}, {}},
      {"ext4", {"ext4"}, {}},
      {"udf", {"udf"}, {}},
      {"ntfs", {"ntfs3", "ntfs"}, "ntfs-3g"},
  };
  return kAll;
}

const CardFileSystem* find_card_file_system(std::string_view blkid_type) {
  const auto& all = card_file_systems();
  const auto found = std::find_if(all.begin(), all.end(), [&](const CardFileSystem& known) {
    return known.name == blkid_type;
  });
  return found == all.end() ? nullptr : &*found;
}

std::string refusal_of(std::string_view device, std::string_view blkid_type) {
  if (blkid_type.empty()) {
    return std::string(device) + " holds no file system Slate can read";
  }
  std::string names;
  for (const auto& known : card_file_systems()) {
    names += (names.empty() ? "" : ", ") + std::string(known.name);
  }
  return std::string(device) + " holds " + std::string(blkid_type) +
         ", which Slate does not take as a camera card (it takes " + names + ")";
}

}  // namespace slate::cardmount
