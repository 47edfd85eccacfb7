#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <libudev.h>
#include <linux/netlink.h>
#include <poll.h>
#include <random>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <system_error>
#include <unistd.h>

#include <slate/camera/block_devices.hpp>
#include <slate/camera/card_monitor.hpp>
#include <slate/log/log.hpp>

namespace slate::camera {

namespace fs = std::filesystem;

std::vector<std::string> list_card_files(const fs::path& root, std::uint64_t* total_bytes) {
  std::vector<std::string> files;
  std::uint64_t total = 0;
  std::error_code error;
  fs::recursive_directory_iterator walk(root, fs::directory_options::none, error);
  if (error) {
    throw std::system_error(error, "cannot read " + root.string());
  }
  for (; walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    if (error) {
      throw std::system_error(error, "cannot read a folder of " + root.string());
    }
    if (walk->is_symlink(error) || !walk->is_regular_file(error)) {
      continue;
    }
    files.push_back(walk->path().lexically_relative(root).generic_string());
    total += walk->file_size(error);
  }
  if (error) {
    throw std::system_error(error, "cannot read a folder of " + root.string());
  }
  std::sort(files.begin(), files.end());
  if (total_bytes) {
    *total_bytes = total;
  }
  return files;
}

namespace {

bool is_inside(const fs::path& path, const fs::path& folder) {
  const auto relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
  return !relative.empty() && *relative.begin() != "..";
}

bool overlaps(const fs::path& a, const fs::path& b) {
  return a.lexically_normal() == b.lexically_normal() || is_inside(a, b) || is_inside(b, a);
}

// What changes while a card reader station is still copying a folder in.
struct FolderSignature {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  fs::file_time_type newest{};
  bool operator==(const FolderSignature&) const = default;
};

FolderSignature signature_of(const fs::path& folder) {
  FolderSignature signature;
  std::error_code error;
  fs::recursive_directory_iterator walk(folder, error);
  for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    const auto time = walk->last_write_time(error);
    signature.newest = std::max(signature.newest, time);
    if (walk->is_regular_file(error)) {
      ++signature.files;
      signature.bytes += walk->file_size(error);
    }
  }
  return signature;
}

struct PendingFolder {
  FolderSignature signature;
  std::chrono::steady_clock::time_point unchanged_since;
};

// Reads what the file system itself says of a card: its layout, its files, and from udev its label
// and UUID (a card reader without udev gives neither; the folder name stands in for the label).
Card describe(Card card) {
  const auto files = list_card_files(card.path, &card.used_bytes);
  card.file_count = files.size();
  card.layout = classify_card(files);
  if (card.kind == "volume") {
    struct statvfs volume {};
    if (::statvfs(card.path.c_str(), &volume) == 0) {
      card.capacity_bytes = std::uint64_t{volume.f_blocks} * volume.f_frsize;
    }
  } else {
    card.capacity_bytes = card.used_bytes;
  }
  if (card.label.empty()) {
    card.label = card.path.filename().string();
  }
  card.inserted_at = std::chrono::system_clock::now();
  return card;
}

// Without udevd (no /run/udev/control), udev's monitor hears nothing: the kernel's own uevents
// say when a USB device comes or goes instead. -1 where udevd runs or the socket is refused.
int open_uevents_without_udevd() {
  std::error_code error;
  if (fs::exists("/run/udev/control", error)) {
    return -1;
  }
  return open_kernel_uevents();
}

// What the kernel's uevents say changed, as udev's monitor would have said it.
void read_uevents_without_udevd(int fd, bool& block_changed, bool& usb_changed) {
  for (const auto& event : read_kernel_uevents(fd)) {
    if (event.action != "add" && event.action != "remove") {
      continue;
    }
    const auto subsystem = event.property("SUBSYSTEM");
    block_changed = block_changed || subsystem == "block";
    usb_changed = usb_changed || (subsystem == "usb" && event.property("DEVTYPE") == "usb_device");
  }
}

void read_udev_names(udev* context, dev_t device, Card& card) {
  if (!context || device == 0) {
    return;
  }
  udev_device* block = udev_device_new_from_devnum(context, 'b', device);
  if (!block) {
    return;
  }
  if (const char* label = udev_device_get_property_value(block, "ID_FS_LABEL")) {
    card.label = label;
  }
  if (const char* uuid = udev_device_get_property_value(block, "ID_FS_UUID")) {
    card.uuid = uuid;
  }
  udev_device_unref(block);
}

}  // namespace

struct CardMonitor::Impl {
  CardMonitorOptions options;
  Listener listener;
  UsbListener usb_listener;
  mutable std::mutex mutex;
  std::mt19937_64 random{std::random_device{}()};
  std::map<fs::path, Card> cards;
  std::map<fs::path, PendingFolder> pending;
  std::thread thread;
  int wake_fd = -1;
  int mounts_fd = -1;
  udev* udev_context = nullptr;

  void announce(const Card& card, bool present) {
    log::notice(std::string(present ? "card inserted: " : "card removed: ") + card.path.string() +
                (present ? " (" + std::string(to_string(card.layout.layout)) + ", roll " +
                               (card.layout.roll.empty() ? "?" : card.layout.roll) + ", " +
                               std::to_string(card.file_count) + " files)"
                         : ""));
    if (listener) {
      listener(card, present);
    }
  }

  // Reads a card that has appeared, records it as present and announces it; one that cannot be
  // read is logged and left for the next look.
  void insert(Card card) {
    try {
      card = describe(std::move(card));
    } catch (const std::exception& error) {
      log::warning(std::string("card detection: ") + error.what());
      return;
    }
    {
      std::lock_guard lock(mutex);
      card.id = new_card_id();
      pending.erase(card.path);
      cards[card.path] = card;
    }
    announce(card, true);
  }

  // Random rather than counted: an id a tablet kept from before a restart names no other card.
  std::string new_card_id() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    do {
      const std::uint64_t bits = random();
      id.clear();
      for (int shift = 60; shift >= 0; shift -= 4) {
        id += kHex[(bits >> shift) & 15];
      }
    } while (std::any_of(cards.begin(), cards.end(),
                         [&](const auto& entry) { return entry.second.id == id; }));
    return id;
  }

  bool excluded(const fs::path& path) const {
    return std::any_of(options.excluded.begin(), options.excluded.end(),
                       [&](const fs::path& other) { return overlaps(path, other); });
  }
};

CardMonitor::CardMonitor(CardMonitorOptions options, Listener listener, UsbListener usb_listener)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  // Cards are named by absolute paths: offloads and the API take them as they are.
  for (auto* paths :
       {&impl_->options.mount_roots, &impl_->options.watch_folders, &impl_->options.excluded}) {
    for (auto& path : *paths) {
      path = fs::absolute(path).lexically_normal();
    }
  }
  impl_->listener = std::move(listener);
  impl_->usb_listener = std::move(usb_listener);
  impl_->udev_context = udev_new();
}

CardMonitor::~CardMonitor() {
  stop();
  if (impl_->udev_context) {
    udev_unref(impl_->udev_context);
  }
}

void CardMonitor::start() {
  // Opened before the first look, so that a mount between the look and the watch is still seen.
  impl_->mounts_fd = ::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
  try {
    update_volumes(read_mount_table());
  } catch (const std::exception& error) {
    log::warning(std::string("card detection: ") + error.what());
  }
  update_folders();
  impl_->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  impl_->thread = std::thread([this] { watch(); });
}

void CardMonitor::stop() {
  if (impl_->thread.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(impl_->wake_fd, &one, sizeof one);
    impl_->thread.join();
  }
  for (int* fd : {&impl_->wake_fd, &impl_->mounts_fd}) {
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  }
}

std::vector<Card> CardMonitor::cards() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<Card> result;
  for (const auto& [path, card] : impl_->cards) {
    result.push_back(card);
  }
  return result;
}

void CardMonitor::update_volumes(const std::vector<MountEntry>& mounts) {
  auto& self = *impl_;
  std::map<fs::path, const MountEntry*> volumes;
  for (const auto& mount : mounts) {
    if (is_pseudo_file_system(mount.file_system) || self.excluded(mount.mount_point)) {
      continue;
    }
    const bool under_root =
        std::any_of(self.options.mount_roots.begin(), self.options.mount_roots.end(),
                    [&](const fs::path& root) { return is_inside(mount.mount_point, root); });
    if (under_root) {
      volumes[mount.mount_point.lexically_normal()] = &mount;  // the last mount on a point wins
    }
  }

  std::vector<Card> removed;
  std::vector<const MountEntry*> added;
  {
    std::lock_guard lock(self.mutex);
    for (auto it = self.cards.begin(); it != self.cards.end();) {
      if (it->second.kind == "volume" && !volumes.contains(it->first)) {
        removed.push_back(it->second);
        it = self.cards.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [point, mount] : volumes) {
      if (!self.cards.contains(point)) {
        added.push_back(mount);
      }
    }
  }
  for (const auto& card : removed) {
    self.announce(card, false);
  }
  for (const auto* mount : added) {
    Card card;
    card.kind = "volume";
    card.path = mount->mount_point.lexically_normal();
    card.device = mount->source;
    card.file_system = mount->file_system;
    read_udev_names(self.udev_context, mount->device, card);
    self.insert(std::move(card));
  }
}

void CardMonitor::update_folders() {
  auto& self = *impl_;
  const auto now = std::chrono::steady_clock::now();
  std::map<fs::path, bool> seen;
  std::vector<Card> removed;
  std::vector<fs::path> settled;
  for (const auto& watch : self.options.watch_folders) {
    std::error_code error;
    for (fs::directory_iterator it(watch, error), end; !error && it != end; it.increment(error)) {
      const auto name = it->path().filename().string();
      // Hidden folders are a copy tool's staging, not a card.
      if (name.starts_with(".") || !it->is_directory(error) || it->is_symlink(error)) {
        continue;
      }
      const auto path = it->path().lexically_normal();
      seen[path] = true;
      std::lock_guard lock(self.mutex);
      if (self.cards.contains(path)) {
        continue;
      }
      const auto signature = signature_of(path);
      auto [pending, fresh] = self.pending.try_emplace(path, PendingFolder{signature, now});
      if (!fresh && !(pending->second.signature == signature)) {
        pending->second = {signature, now};
      } else if (!fresh && signature.files > 0 &&
                 now - pending->second.unchanged_since >= self.options.settle) {
        settled.push_back(path);
      }
    }
  }
  {
    std::lock_guard lock(self.mutex);
    for (auto it = self.cards.begin(); it != self.cards.end();) {
      if (it->second.kind == "folder" && !seen.contains(it->first)) {
        removed.push_back(it->second);
        it = self.cards.erase(it);
      } else {
        ++it;
      }
    }
    std::erase_if(self.pending, [&](const auto& entry) { return !seen.contains(entry.first); });
  }
  for (const auto& card : removed) {
    self.announce(card, false);
  }
  for (const auto& path : settled) {
    Card card;
    card.kind = "folder";
    card.path = path;
    self.insert(std::move(card));
  }
}

void CardMonitor::watch() {
  auto& self = *impl_;
  // The kernel flags /proc/self/mountinfo with POLLPRI when the mount table changes.
  const int mounts_fd = self.mounts_fd;
  // And a look now and then regardless, should a change notification ever be lost.
  constexpr auto kLookAnyway = std::chrono::seconds(5);
  auto last_look = std::chrono::steady_clock::now();
  udev_monitor* monitor =
      self.udev_context ? udev_monitor_new_from_netlink(self.udev_context, "udev") : nullptr;
  if (monitor) {
    udev_monitor_filter_add_match_subsystem_devtype(monitor, "block", nullptr);
    udev_monitor_filter_add_match_subsystem_devtype(monitor, "usb", "usb_device");
    if (udev_monitor_enable_receiving(monitor) < 0) {
      udev_monitor_unref(monitor);
      monitor = nullptr;
    }
  }
  const int kernel_fd = open_uevents_without_udevd();
  if (!monitor && kernel_fd < 0) {
    log::info("card detection: no udev events here; the mount table and watch folders still work");
  }
  for (;;) {
    pollfd fds[4] = {{self.wake_fd, POLLIN, 0},
                     {mounts_fd, POLLPRI, 0},
                     {monitor ? udev_monitor_get_fd(monitor) : -1, POLLIN, 0},
                     {kernel_fd, POLLIN, 0}};
    const int ready = ::poll(fds, 4, static_cast<int>(self.options.tick.count()));
    if (ready < 0 && errno != EINTR) {
      log::error(std::string("card detection stopped: ") + std::strerror(errno));
      break;
    }
    if (fds[0].revents & POLLIN) {
      break;
    }
    bool mounts_changed = (fds[1].revents & (POLLPRI | POLLERR)) != 0;
    if (fds[2].revents & POLLIN) {
      while (udev_device* device = udev_monitor_receive_device(monitor)) {
        const char* subsystem = udev_device_get_subsystem(device);
        if (subsystem && std::strcmp(subsystem, "usb") == 0) {
          if (self.usb_listener) {
            self.usb_listener();
          }
        } else {
          mounts_changed = true;
        }
        udev_device_unref(device);
      }
    }
    if (fds[3].revents & POLLIN) {
      bool usb_changed = false;
      read_uevents_without_udevd(kernel_fd, mounts_changed, usb_changed);
      if (usb_changed && self.usb_listener) {
        self.usb_listener();
      }
    }
    if (mounts_changed || mounts_fd < 0 ||
        std::chrono::steady_clock::now() - last_look >= kLookAnyway) {
      last_look = std::chrono::steady_clock::now();
      try {
        update_volumes(read_mount_table());
      } catch (const std::exception& error) {
        log::warning(std::string("card detection: ") + error.what());
      }
    }
    update_folders();
  }
  if (monitor) {
    udev_monitor_unref(monitor);
  }
  if (kernel_fd >= 0) {
    ::close(kernel_fd);
  }
}

}  // namespace slate::camera
