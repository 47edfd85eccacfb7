#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <linux/netlink.h>
#include <mutex>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

#include <slate/camera/block_devices.hpp>
#include <slate/log/log.hpp>

namespace slate::camera {

namespace fs = std::filesystem;

std::string Uevent::property(std::string_view name) const {
  const auto found = properties.find(name);
  return found == properties.end() ? std::string() : found->second;
}

std::optional<Uevent> parse_uevent(std::string_view datagram) {
  // "add@/devices/virtual/block/loop3\0ACTION=add\0DEVPATH=/devices/virtual/block/loop3\0…"
  const auto header_end = datagram.find('\0');
  const auto header = datagram.substr(0, header_end);
  const auto at = header.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= header.size() ||
      header.substr(at + 1).front() != '/') {
    return std::nullopt;  // udevd's "libudev" messages and anything else
  }
  Uevent event;
  event.action = std::string(header.substr(0, at));
  event.devpath = std::string(header.substr(at + 1));
  if (header_end == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = datagram.substr(header_end + 1);
  while (!rest.empty()) {
    const auto end = rest.find('\0');
    const auto pair = rest.substr(0, end);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && equals > 0) {
      event.properties[std::string(pair.substr(0, equals))] = std::string(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(end + 1);
  }
  if (event.property("ACTION") != event.action || event.property("DEVPATH") != event.devpath) {
    return std::nullopt;
  }
  return event;
}

namespace {

std::string read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

bool has_prefix_number(std::string_view name, std::string_view prefix) {
  return name.starts_with(prefix) && name.size() > prefix.size() &&
         std::isdigit(static_cast<unsigned char>(name[prefix.size()]));
}

}  // namespace

std::optional<BlockDevice> read_block_device(const fs::path& folder, const std::string& name) {
  std::error_code error;
  const auto dir = fs::canonical(folder / name, error);
  if (error || !fs::exists(dir / "dev", error)) {
    return std::nullopt;
  }
  BlockDevice device;
  device.name = name;
  unsigned major_number = 0, minor_number = 0;
  if (std::sscanf(read_line(dir / "dev").c_str(), "%u:%u", &major_number, &minor_number) != 2) {
    return std::nullopt;
  }
  device.device = makedev(major_number, minor_number);
  device.node = "/dev/" + name;
  std::ifstream uevent(dir / "uevent");
  for (std::string line; std::getline(uevent, line);) {
    if (line.starts_with("DEVNAME=")) {
      device.node = "/dev/" + line.substr(8);
    }
  }
  try {
    device.size_bytes = std::stoull(read_line(dir / "size")) * 512;
  } catch (const std::exception&) {
    device.size_bytes = 0;
  }
  device.partition = fs::exists(dir / "partition", error);
  const auto disk_dir = device.partition ? dir.parent_path() : dir;
  device.disk = disk_dir.filename().string();
  if (!device.partition) {
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      if (fs::exists(entry.path() / "partition", error)) {
        device.has_partitions = true;
        break;
      }
    }
  }
  device.removable = read_line(disk_dir / "removable") == "1";
  if (fs::exists(disk_dir / "loop", error)) {
    device.loop = true;
    std::string backing = read_line(disk_dir / "loop/backing_file");
    // The image was deleted: the card is gone, whatever the kernel still holds.
    if (!backing.ends_with(" (deleted)")) {
      device.backing_file = backing;
    }
    device.autoclear = read_line(disk_dir / "loop/autoclear") == "1";
  }
  return device;
}

std::vector<BlockDevice> scan_block_devices(const fs::path& folder) {
  std::vector<BlockDevice> devices;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (auto device = read_block_device(folder, entry.path().filename().string())) {
      devices.push_back(std::move(*device));
    }
  }
  std::sort(devices.begin(), devices.end(),
            [](const BlockDevice& a, const BlockDevice& b) { return a.name < b.name; });
  return devices;
}

bool may_be_card(const BlockDevice& device, const CardDeviceRules& rules) {
  if (device.size_bytes == 0 || device.has_partitions) {
    return false;
  }
  const std::string_view name = device.disk;
  if (has_prefix_number(name, "ram") || has_prefix_number(name, "zram") ||
      name.starts_with("dm-") || has_prefix_number(name, "md") || name.starts_with("md_")) {
    return false;
  }
  if (device.loop) {
    return rules.loop_devices && !device.backing_file.empty() && !device.autoclear;
  }
  return true;
}

int open_kernel_uevents() {
  const int fd =
      ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
  if (fd < 0) {
    return -1;
  }
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = 1;  // the kernel's own events, not udevd's
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

std::vector<Uevent> read_kernel_uevents(int fd) {
  std::vector<Uevent> events;
  char buffer[8192];
  for (;;) {
    sockaddr_nl sender{};
    iovec vector{buffer, sizeof buffer};
    msghdr message{};
    message.msg_name = &sender;
    message.msg_namelen = sizeof sender;
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    const auto got = ::recvmsg(fd, &message, 0);
    if (got <= 0) {
      return events;
    }
    if (sender.nl_pid != 0) {
      continue;  // only the kernel speaks on group 1
    }
    if (auto event = parse_uevent({buffer, static_cast<std::size_t>(got)})) {
      events.push_back(std::move(*event));
    }
  }
}

struct BlockDeviceWatcher::Impl {
  BlockWatcherOptions options;
  Listener listener;
  std::mutex mutex;  // one look at a time: the thread's, or a test's
  std::map<std::string, BlockDevice> present;
  std::thread thread;
  int wake_fd = -1;
  int uevent_fd = -1;

  void open_uevents() {
    uevent_fd = open_kernel_uevents();
    if (uevent_fd < 0) {
      log::info(std::string("block devices: no kernel uevents (") + std::strerror(errno) +
                "); /sys/class/block is read every " + std::to_string(options.rescan.count()) +
                " ms");
    }
  }

  // Drains the socket; true when a block device changed.
  bool read_uevents() {
    bool block = false;
    for (const auto& event : read_kernel_uevents(uevent_fd)) {
      if (event.property("SUBSYSTEM") == "block") {
        log::debug("block devices: " + event.action + " " + event.devpath);
        block = true;
      }
    }
    return block;
  }
};

BlockDeviceWatcher::BlockDeviceWatcher(BlockWatcherOptions options, Listener listener)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->listener = std::move(listener);
}

BlockDeviceWatcher::~BlockDeviceWatcher() {
  stop();
}

void BlockDeviceWatcher::start() {
  // Opened before the first look, so that a device added between the two is still heard of.
  impl_->open_uevents();
  impl_->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  // The first look too is on the thread: what a listener does with a device (mount it) can take
  // seconds, and start() must not wait for it.
  impl_->thread = std::thread([this] {
    auto& self = *impl_;
    rescan();
    for (;;) {
      pollfd fds[2] = {{self.wake_fd, POLLIN, 0}, {self.uevent_fd, POLLIN, 0}};
      const int ready = ::poll(fds, 2, static_cast<int>(self.options.rescan.count()));
      if (ready < 0 && errno != EINTR) {
        log::error(std::string("block devices: watching stopped: ") + std::strerror(errno));
        return;
      }
      if (fds[0].revents & POLLIN) {
        return;
      }
      if (fds[1].revents & POLLIN) {
        self.read_uevents();
      }
      rescan();
    }
  });
}

void BlockDeviceWatcher::stop() {
  if (impl_->thread.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(impl_->wake_fd, &one, sizeof one);
    impl_->thread.join();
  }
  for (int* fd : {&impl_->wake_fd, &impl_->uevent_fd}) {
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  }
}

bool BlockDeviceWatcher::hears_uevents() const {
  return impl_->uevent_fd >= 0;
}

void BlockDeviceWatcher::rescan() {
  auto& self = *impl_;
  std::lock_guard lock(self.mutex);
  std::map<std::string, BlockDevice> now;
  for (auto& device : scan_block_devices(self.options.sys_block)) {
    if (may_be_card(device, self.options.rules)) {
      now.emplace(device.name, std::move(device));
    }
  }
  // The same name for another medium (a new image on the loop device, another card in the
  // reader) is one device gone and another come.
  auto same = [](const BlockDevice& a, const BlockDevice& b) {
    return a.device == b.device && a.backing_file == b.backing_file && a.size_bytes == b.size_bytes;
  };
  for (auto it = self.present.begin(); it != self.present.end();) {
    const auto found = now.find(it->first);
    if (found == now.end() || !same(found->second, it->second)) {
      const auto gone = it->second;
      it = self.present.erase(it);
      if (self.listener) {
        self.listener(gone, false);
      }
    } else {
      ++it;
    }
  }
  for (const auto& [name, device] : now) {
    if (!self.present.contains(name)) {
      self.present.emplace(name, device);
      if (self.listener) {
        self.listener(device, true);
      }
    }
  }
}

}  // namespace slate::camera
