#pragma once
/// Notices camera cards: volumes mounted under the card mount roots (the mount table and udev
/// block events say when), and sub-folders of watch folders once they have stopped changing.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <slate/camera/card_layout.hpp>
#include <slate/camera/mounts.hpp>

namespace slate::camera {

struct CardMonitorOptions {
  /// Volumes mounted below these folders are cards (where udisks mounts removable media); the
  /// folders themselves are not. /mnt is left out: it is where drives are mounted by hand.
  std::vector<std::filesystem::path> mount_roots = {"/media", "/run/media"};
  /// Every sub-folder of these is a card, once it has stopped changing for `settle`.
  std::vector<std::filesystem::path> watch_folders;
  std::chrono::milliseconds settle{3000};
  /// Never cards, and nothing inside or around them either: the destinations and the data dir.
  std::vector<std::filesystem::path> excluded;
  /// How often the watch folders are looked at, and the mount table if its change cannot be waited
  /// for.
  std::chrono::milliseconds tick{500};
};

/// A card that is present.
struct Card {
  /// Names this card while it is present, so a tablet can ask for it without naming a folder; a
  /// card taken out and put back is a new presence with a new id.
  std::string id;
  std::string kind;  ///< "volume" (a mounted file system) or "folder" (in a watch folder).
  std::filesystem::path path;
  std::string label;  ///< The file system's label, or the folder's name.
  std::string uuid;   ///< The file system's UUID, when udev knows it.
  std::string device;
  std::string file_system;
  std::uint64_t capacity_bytes = 0;  ///< The volume's size; for a folder, its files' bytes.
  std::uint64_t used_bytes = 0;      ///< Bytes in its files.
  std::size_t file_count = 0;
  CardLayout layout;
  std::chrono::system_clock::time_point inserted_at;
};

/// Lists a card's regular files, '/'-separated and sorted, with their total size. Symlinks are not
/// followed. Throws std::system_error naming the folder that cannot be read.
std::vector<std::string> list_card_files(const std::filesystem::path& root,
                                         std::uint64_t* total_bytes = nullptr);

class CardMonitor {
 public:
  /// Called on the monitor's thread: `present` true for an inserted card, false for a removed one.
  using Listener = std::function<void(const Card& card, bool present)>;
  /// Called on the monitor's thread when udev reports a USB device added or removed.
  using UsbListener = std::function<void()>;

  CardMonitor(CardMonitorOptions options, Listener listener, UsbListener usb_listener = {});
  ~CardMonitor();
  CardMonitor(const CardMonitor&) = delete;
  CardMonitor& operator=(const CardMonitor&) = delete;

  /// Looks once, then watches on a thread of its own until stop().
  void start();
  void stop();

  std::vector<Card> cards() const;

  /// One look at a mount table (the thread's work; public for tests).
  void update_volumes(const std::vector<MountEntry>& mounts);
  /// One look at the watch folders.
  void update_folders();

 private:
  void watch();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace slate::camera
