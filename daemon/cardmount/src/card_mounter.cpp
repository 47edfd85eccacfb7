#include <blkid/blkid.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <slate/cardmount/card_mounter.hpp>
#include <slate/cardmount/file_systems.hpp>
#include <slate/cardmount/mount_point.hpp>
#include <slate/log/log.hpp>

namespace slate::cardmount {

namespace fs = std::filesystem;

namespace {

constexpr unsigned long kCardFlags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
constexpr auto kFuseStartTimeout = std::chrono::seconds(20);

Reply refused(std::string sentence, std::string file_system = {}) {
  Reply reply;
  reply.error = std::move(sentence);
  reply.file_system = std::move(file_system);
  return reply;
}

struct Mounted {
  dev_t device = 0;
  std::string source;
  fs::path mount_point;
  std::string file_system;
};

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(const std::string& text) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const char a = text[i + 1], b = text[i + 2], c = text[i + 3];
      if (a >= '0' && a <= '7' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        result += static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0'));
        i += 3;
        continue;
      }
    }
    result += text[i];
  }
  return result;
}

std::vector<Mounted> mount_table() {
  std::ifstream file("/proc/self/mountinfo");
  std::vector<Mounted> table;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string id, parent, numbers, root, point, options, field;
    if (!(fields >> id >> parent >> numbers >> root >> point >> options)) {
      continue;
    }
    while (fields >> field && field != "-") {
    }
    Mounted entry;
    if (!(fields >> entry.file_system >> entry.source)) {
      continue;
    }
    unsigned major_number = 0, minor_number = 0;
    if (std::sscanf(numbers.c_str(), "%u:%u", &major_number, &minor_number) == 2) {
      entry.device = makedev(major_number, minor_number);
    }
    entry.mount_point = unescape(point);
    entry.source = unescape(entry.source);
    table.push_back(std::move(entry));
  }
  return table;
}

// The block devices a mount stands on: its own number, and for FUSE the node it names.
std::vector<dev_t> devices_of(const Mounted& mounted) {
  std::vector<dev_t> devices;
  if (major(mounted.device) != 0) {
    devices.push_back(mounted.device);
  }
  struct stat node {};
  if (mounted.source.starts_with("/dev/") && ::stat(mounted.source.c_str(), &node) == 0 &&
      S_ISBLK(node.st_mode)) {
    devices.push_back(node.st_rdev);
  }
  return devices;
}

fs::path sysfs_of(dev_t device) {
  std::error_code error;
  auto path = fs::canonical(
      "/sys/dev/block/" + std::to_string(major(device)) + ":" + std::to_string(minor(device)),
      error);
  return error ? fs::path() : path;
}

bool kernel_has(std::string_view type) {
  std::ifstream file("/proc/filesystems");
  std::string line;
  while (std::getline(file, line)) {
    const auto tab = line.rfind('\t');
    if (std::string_view(line).substr(tab == std::string::npos ? 0 : tab + 1) == type) {
      return true;
    }
  }
  return false;
}

std::string exit_text(int status) {
  if (WIFEXITED(status)) {
    return "exit code " + std::to_string(WEXITSTATUS(status));
  }
  return "signal " + std::to_string(WTERMSIG(status));
}

bool under(const fs::path& path, const fs::path& folder) {
  const auto relative = path.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != ".." && *relative.begin() != ".";
}

}  // namespace

struct CardMounter::Checked {
  fs::path node;  // the device node, symlinks resolved
  dev_t device = 0;
  std::string type, label, uuid;
};

CardMounter::CardMounter(MounterOptions options) : options_(std::move(options)) {
  options_.cards_dir = fs::absolute(options_.cards_dir).lexically_normal();
}

Reply CardMounter::check_device(const std::string& device, Checked& checked) {
  std::error_code error;
  const auto dev_dir = fs::weakly_canonical(options_.dev_dir, error);
  const fs::path named(device);
  if (!under(named.lexically_normal(), options_.dev_dir.lexically_normal())) {
    return refused(device + " is not a device under " + options_.dev_dir.string());
  }
  checked.node = fs::canonical(named, error);
  if (error) {
    return refused("cannot find " + device + ": " + error.message());
  }
  if (!under(checked.node, dev_dir)) {
    return refused(device + " leads to " + checked.node.string() + ", which is not under " +
                   options_.dev_dir.string());
  }
  struct stat node {};
  if (::stat(checked.node.c_str(), &node) != 0) {
    return refused("cannot look at " + device + ": " + std::strerror(errno));
  }
  if (!S_ISBLK(node.st_mode)) {
    return refused(device + " is not a block device");
  }
  checked.device = node.st_rdev;

  const auto own_sysfs = sysfs_of(checked.device);
  for (const auto& mounted : mount_table()) {
    for (const dev_t used : devices_of(mounted)) {
      if (used == checked.device) {
        return refused(device + " is mounted already, on " + mounted.mount_point.string());
      }
      if (!own_sysfs.empty() && sysfs_of(used).parent_path() == own_sysfs) {
        return refused(device + " holds a partition mounted on " + mounted.mount_point.string());
      }
    }
  }
  if (!own_sysfs.empty()) {
    for (const auto& holder : fs::directory_iterator(own_sysfs / "holders", error)) {
      return refused(device + " is in use by " + holder.path().filename().string());
    }
  }

  blkid_probe probe = blkid_new_probe_from_filename(checked.node.c_str());
  if (!probe) {
    return refused("cannot read " + device + ": " + std::strerror(errno ? errno : EIO));
  }
  blkid_probe_enable_superblocks(probe, 1);
  blkid_probe_set_superblocks_flags(probe,
                                    BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
  blkid_probe_enable_partitions(probe, 1);
  const int found = blkid_do_safeprobe(probe);
  auto value = [&](const char* name) {
    const char* data = nullptr;
    return blkid_probe_lookup_value(probe, name, &data, nullptr) == 0 && data ? std::string(data)
                                                                              : std::string();
  };
  if (found == 0) {
    checked.type = value("TYPE");
    checked.label = value("LABEL");
    checked.uuid = value("UUID");
  }
  const auto partitions = value("PTTYPE");
  blkid_free_probe(probe);
  if (found == -2) {
    return refused(device + " holds signatures of more than one file system; Slate will not guess");
  }
  if (found < 0) {
    return refused("cannot read " + device + ": libblkid could not probe it");
  }
  if (checked.type.empty() && !partitions.empty()) {
    return refused(device + " holds a partition table (" + partitions +
                   ") and no file system of its own: mount its partitions");
  }
  if (!find_card_file_system(checked.type)) {
    return refused(refusal_of(device, checked.type), checked.type);
  }
  Reply reply;
  reply.ok = true;
  reply.volume = {{}, checked.type, checked.label, checked.uuid};
  return reply;
}

Reply CardMounter::probe(const std::string& device) {
  std::lock_guard lock(mutex_);
  Checked checked;
  return check_device(device, checked);
}

Reply CardMounter::mount(const std::string& device) {
  std::lock_guard lock(mutex_);
  Checked checked;
  if (auto reply = check_device(device, checked); !reply.ok) {
    return reply;
  }
  const auto* file_system = find_card_file_system(checked.type);
  std::string name = sanitise_mount_name(checked.label);
  if (name.empty()) {
    name = sanitise_mount_name(checked.uuid);
  }
  if (name.empty()) {
    name = sanitise_mount_name(checked.node.filename().string());
  }
  std::error_code error;
  fs::create_directories(options_.cards_dir, error);
  if (error) {
    return refused("cannot make the cards folder " + options_.cards_dir.string() + ": " +
                   error.message());
  }
  std::string why;
  const auto point = make_mount_point(options_.cards_dir, name, why);
  if (!point) {
    return refused(why, checked.type);
  }

  std::string kernel_error;
  for (const auto type : file_system->kernel_types) {
    if (!kernel_has(type)) {
      continue;
    }
    const std::string kernel_type(type);
    if (::mount(checked.node.c_str(), point->c_str(), kernel_type.c_str(), kCardFlags, nullptr) ==
        0) {
      log::notice("mounted " + device + " (" + checked.type + ") read-only on " + point->string());
      Reply reply;
      reply.ok = true;
      reply.volume = {*point, checked.type, checked.label, checked.uuid};
      return reply;
    }
    if (errno != ENODEV) {
      kernel_error = std::strerror(errno);
      break;
    }
  }
  if (kernel_error.empty() && !file_system->fuse_driver.empty()) {
    auto reply = mount_with_fuse(checked, *point, file_system->fuse_driver);
    if (reply.ok) {
      log::notice("mounted " + device + " (" + checked.type + ", through " +
                  std::string(file_system->fuse_driver) + ") read-only on " + point->string());
      reply.volume = {*point, checked.type, checked.label, checked.uuid};
      return reply;
    }
    ::rmdir(point->c_str());
    reply.error = "cannot mount " + device + " (" + checked.type + ") on " + point->string() +
                  ": " + reply.error;
    reply.file_system = checked.type;
    return reply;
  }
  ::rmdir(point->c_str());
  if (kernel_error.empty()) {
    return refused("cannot mount " + device + ": the kernel has no " + checked.type + " driver",
                   checked.type);
  }
  return refused("cannot mount " + device + " (" + checked.type + ") on " + point->string() + ": " +
                     kernel_error,
                 checked.type);
}

Reply CardMounter::mount_with_fuse(const Checked& checked, const fs::path& point,
                                   std::string_view driver) {
  fs::path program;
  for (const auto& folder : options_.program_dirs) {
    if (::access((folder / driver).c_str(), X_OK) == 0) {
      program = folder / driver;
      break;
    }
  }
  if (program.empty()) {
    return refused("the kernel has no " + checked.type + " driver and " + std::string(driver) +
                   " is not installed");
  }
  int output[2];
  if (::pipe2(output, O_CLOEXEC) != 0) {
    return refused(std::string("cannot start ") + program.string() + ": " + std::strerror(errno));
  }
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(output[0]);
    ::close(output[1]);
    return refused(std::string("cannot start ") + program.string() + ": " + std::strerror(errno));
  }
  if (child == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(output[1], 1);
    ::dup2(output[1], 2);
    // The driver lives on as the mount's daemon: it must hold none of the helper's sockets.
    ::close_range(3, ~0U, 0);
    const std::string options = "ro,nosuid,nodev,noexec";
    const char* argv[] = {program.c_str(),      "-o",          options.c_str(),
                          checked.node.c_str(), point.c_str(), nullptr};
    ::execv(program.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(output[1]);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + kFuseStartTimeout;
  pid_t done = 0;
  while ((done = ::waitpid(child, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (done == 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
  }
  ::fcntl(output[0], F_SETFL, O_NONBLOCK);
  std::string said;
  char buffer[1024];
  ssize_t got = 0;
  while ((got = ::read(output[0], buffer, sizeof buffer)) > 0 && said.size() < 4096) {
    said.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(output[0]);
  while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) {
    said.pop_back();
  }
  if (done == 0) {
    return refused(program.filename().string() + " did not finish within 20 s");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return refused(program.filename().string() + " failed (" + exit_text(status) + ")" +
                   (said.empty() ? "" : ": " + said));
  }
  // FUSE drivers drop noexec (exfat-fuse does): the mount's own flags are set again, all four.
  if (::mount(nullptr, point.c_str(), nullptr, MS_REMOUNT | MS_BIND | kCardFlags, nullptr) != 0) {
    const std::string why = std::strerror(errno);
    ::umount2(point.c_str(), MNT_DETACH);
    return refused("cannot make the mount read-only, nosuid, nodev, noexec: " + why);
  }
  Reply reply;
  reply.ok = true;
  return reply;
}

Reply CardMounter::unmount(const std::string& mount_point) {
  std::lock_guard lock(mutex_);
  const fs::path point = fs::path(mount_point).lexically_normal();
  const auto name = point.filename().string();
  if (point.parent_path() != options_.cards_dir || name.empty() || name.starts_with('.')) {
    return refused(mount_point + " is not a card's folder in " + options_.cards_dir.string());
  }
  struct stat folder {};
  if (::lstat(point.c_str(), &folder) != 0) {
    return refused(mount_point + " is not mounted (" + std::strerror(errno) + ")");
  }
  if (!S_ISDIR(folder.st_mode)) {
    return refused(mount_point + " is not a folder");
  }
  std::string file_system;
  for (const auto& mounted : mount_table()) {
    if (mounted.mount_point == point) {
      file_system = mounted.file_system;
    }
  }
  if (file_system.empty()) {
    // Unmounted behind the helper's back: only the empty folder is left to tidy.
    if (::rmdir(point.c_str()) != 0) {
      return refused(mount_point +
                     " is not mounted, and its folder cannot be removed: " + std::strerror(errno));
    }
    return Reply{true, {}, {}, {}};
  }
  if (::umount2(point.c_str(), UMOUNT_NOFOLLOW) != 0) {
    const int first = errno;
    // A card pulled while something still reads it: detached now, released when the reader stops.
    if (first != EBUSY || ::umount2(point.c_str(), UMOUNT_NOFOLLOW | MNT_DETACH) != 0) {
      return refused("cannot unmount " + mount_point + " (" + file_system +
                     "): " + std::strerror(first));
    }
    log::notice("unmounted " + mount_point + " lazily: it was still in use");
  } else {
    log::notice("unmounted " + mount_point);
  }
  if (::rmdir(point.c_str()) != 0) {
    log::warning("unmounted " + mount_point +
                 " but cannot remove its folder: " + std::strerror(errno));
  }
  return Reply{true, {}, {}, {}};
}

Reply CardMounter::answer(std::string_view line) {
  const auto parsed = parse_request(line);
  if (!parsed.request) {
    return refused(parsed.error);
  }
  switch (parsed.request->verb) {
    case Verb::mount:
      return mount(parsed.request->argument);
    case Verb::unmount:
      return unmount(parsed.request->argument);
    case Verb::probe:
      return probe(parsed.request->argument);
  }
  return refused("unknown request");
}

}  // namespace slate::cardmount
