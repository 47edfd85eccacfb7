#pragma once
/// The privileged half of card mounting: checks a device the caller names, mounts it read-only
/// under the cards folder, and unmounts what is there. It trusts nothing the caller says.

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <slate/cardmount/protocol.hpp>

namespace slate::cardmount {

struct MounterOptions {
  /// Cards are mounted in folders made directly inside this one.
  std::filesystem::path cards_dir = "/run/slate/cards";
  /// Only device nodes below this folder are taken.
  std::filesystem::path dev_dir = "/dev";
  /// Where the FUSE drivers are looked for (their names are in card_file_systems()).
  std::vector<std::filesystem::path> program_dirs = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};
};

class CardMounter {
 public:
  explicit CardMounter(MounterOptions options);

  /// Mounts a card read-only, nosuid, nodev, noexec under the cards folder. Refused, with the
  /// device and what is wrong named: a path that is not a block device under /dev, a device
  /// mounted already or with a mounted partition, a file system cameras do not write.
  Reply mount(const std::string& device);
  /// Unmounts a card mounted directly in the cards folder (lazily, for a card pulled while in
  /// use) and removes its folder.
  Reply unmount(const std::string& mount_point);
  /// What a device holds, checked as mount() checks it but mounting nothing.
  Reply probe(const std::string& device);
  /// Answers one request line.
  Reply answer(std::string_view line);

 private:
  struct Checked;
  Reply check_device(const std::string& device, Checked& checked);
  Reply mount_with_fuse(const Checked& checked, const std::filesystem::path& point,
                        std::string_view driver);

  MounterOptions options_;
  std::mutex mutex_;
};

}  // namespace slate::cardmount
