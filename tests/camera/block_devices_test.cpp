// Block devices seen as the kernel reports them, with no udevd: uevent datagrams as they arrive on
// NETLINK_KOBJECT_UEVENT, and /sys/class/block (here a folder laid out like it) read again.
#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include <slate/camera/block_devices.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate::camera {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;
using testing::TempDir;
using testing::write_file;

TEST(Uevent, AnAddOfAUsbCardReaderPartitionIsParsed) {
  const auto datagram =
      "add@/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host6/target6:0:0/6:0:0:0/block/sdb/"
      "sdb1\0ACTION=add\0DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host6/"
      "target6:0:0/6:0:0:0/block/sdb/sdb1\0SUBSYSTEM=block\0MAJOR=8\0MINOR=17\0DEVNAME=sdb1\0"
      "DEVTYPE=partition\0DISKSEQ=12\0PARTN=1\0SEQNUM=4711\0"s;
  const auto event = parse_uevent(datagram);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->action, "add");
  EXPECT_TRUE(event->devpath.ends_with("/block/sdb/sdb1"));
  EXPECT_EQ(event->property("SUBSYSTEM"), "block");
  EXPECT_EQ(event->property("DEVNAME"), "sdb1");
  EXPECT_EQ(event->property("DEVTYPE"), "partition");
  EXPECT_EQ(event->property("MAJOR"), "8");
  EXPECT_EQ(event->property("MINOR"), "17");
  EXPECT_EQ(event->property("SEQNUM"), "4711");
  EXPECT_EQ(event->property("PARTN"), "1");
  EXPECT_EQ(event->property("ID_FS_TYPE"), "");
}

TEST(Uevent, ARemoveOfALoopDeviceIsParsed) {
  const auto event = parse_uevent(
      "remove@/devices/virtual/block/loop3\0ACTION=remove\0DEVPATH=/devices/virtual/block/loop3\0"
      "SUBSYSTEM=block\0MAJOR=7\0MINOR=3\0DEVNAME=loop3\0DEVTYPE=disk\0SEQNUM=90"s);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->action, "remove");
  EXPECT_EQ(event->property("DEVNAME"), "loop3");
  EXPECT_EQ(event->property("SEQNUM"), "90");  // the last pair may lack its NUL
}

TEST(Uevent, WhatIsNotAKernelUeventIsRefused) {
  // udevd's own messages on group 2 start with a binary "libudev" header.
  EXPECT_FALSE(parse_uevent("libudev\0\xfe\xed\xca\xfe\0\0\0\0"s));
  EXPECT_FALSE(parse_uevent(""s));
  EXPECT_FALSE(parse_uevent("add@/devices/virtual/block/loop3"s));  // no properties
  EXPECT_FALSE(parse_uevent("add@loop3\0ACTION=add\0DEVPATH=loop3\0"s));
  // A header that disagrees with its own properties is not the kernel's.
  EXPECT_FALSE(parse_uevent(
      "add@/devices/virtual/block/loop3\0ACTION=remove\0DEVPATH=/devices/virtual/block/loop3\0"s));
  EXPECT_FALSE(parse_uevent(
      "add@/devices/virtual/block/loop3\0ACTION=add\0DEVPATH=/devices/virtual/block/loop4\0"s));
}

// A folder laid out like /sys/class/block: each device a folder of its own (the kernel's are
// symlinks into /sys/devices; a partition's folder is inside its disk's).
class FakeSysBlock {
 public:
  fs::path add(const std::string& name, const std::string& dev, std::uint64_t sectors,
               const std::string& inside = {}) {
    const auto folder =
        inside.empty() ? dir_ / ("devices/" + name) : dir_ / ("devices/" + inside + "/" + name);
    write_file(folder / "dev", dev + "\n");
    write_file(folder / "size", std::to_string(sectors) + "\n");
    write_file(folder / "uevent", "MAJOR=0\nDEVNAME=" + name + "\nDEVTYPE=disk\n");
    if (!inside.empty()) {
      write_file(folder / "partition", "1\n");
    } else {
      write_file(folder / "removable", "0\n");
    }
    fs::create_directories(dir_ / "class");
    fs::create_symlink(folder, dir_ / "class" / name);
    return folder;
  }
  fs::path add_loop(const std::string& name, const std::string& dev, std::uint64_t sectors,
                    const std::string& backing, bool autoclear) {
    const auto folder = add(name, dev, sectors);
    fs::create_directories(folder / "loop");
    if (!backing.empty()) {
      write_file(folder / "loop/backing_file", backing + "\n");
    }
    write_file(folder / "loop/autoclear", autoclear ? "1\n" : "0\n");
    return folder;
  }
  void remove(const std::string& name) { fs::remove(dir_ / "class" / name); }
  fs::path folder() const { return dir_ / "class"; }

 private:
  TempDir dir_;
};

TEST(BlockDevices, SysClassBlockIsReadAsTheKernelLaysItOut) {
  FakeSysBlock sys;
  sys.add("sdb", "8:16", 62'521'344);
  sys.add("sdb1", "8:17", 62'519'296, "sdb");
  sys.add_loop("loop3", "7:3", 131'072, "/tmp/card.img", false);
  const auto devices = scan_block_devices(sys.folder());
  ASSERT_EQ(devices.size(), 3u);
  EXPECT_EQ(devices[0].name, "loop3");
  EXPECT_TRUE(devices[0].loop);
  EXPECT_EQ(devices[0].backing_file, "/tmp/card.img");
  EXPECT_EQ(devices[0].node, "/dev/loop3");
  EXPECT_EQ(devices[0].device, makedev(7, 3));
  EXPECT_EQ(devices[0].size_bytes, 131'072u * 512);
  EXPECT_EQ(devices[1].name, "sdb");
  EXPECT_TRUE(devices[1].has_partitions);
  EXPECT_FALSE(devices[1].partition);
  EXPECT_EQ(devices[2].name, "sdb1");
  EXPECT_TRUE(devices[2].partition);
  EXPECT_EQ(devices[2].disk, "sdb");
  EXPECT_EQ(devices[2].device, makedev(8, 17));
}

TEST(BlockDevices, OnlyDevicesThatMayHoldACardAreTaken) {
  FakeSysBlock sys;
  sys.add("sdb", "8:16", 1000);
  sys.add("sdb1", "8:17", 900, "sdb");
  sys.add("sdc", "8:32", 0);     // a card reader with no card in it
  sys.add("sdd", "8:48", 2000);  // a card formatted without a partition table
  sys.add("zram0", "252:0", 8000);
  sys.add("ram0", "1:0", 8000);
  sys.add("dm-0", "253:0", 8000);
  sys.add("md0", "9:0", 8000);
  sys.add("sr0", "11:0", 0);
  sys.add_loop("loop0", "7:0", 1000, "/srv/card.img", false);
  sys.add_loop("loop1", "7:1", 0, "", false);                  // no image
  sys.add_loop("loop2", "7:2", 1000, "/srv/other.img", true);  // losetup -d while in use
  sys.add_loop("loop4", "7:4", 1000, "/srv/gone.img (deleted)", false);
  std::vector<std::string> taken, with_loops;
  for (const auto& device : scan_block_devices(sys.folder())) {
    if (may_be_card(device, {})) {
      taken.push_back(device.name);
    }
    if (may_be_card(device, {.loop_devices = true})) {
      with_loops.push_back(device.name);
    }
  }
  EXPECT_EQ(taken, (std::vector<std::string>{"sdb1", "sdd"}));
  EXPECT_EQ(with_loops, (std::vector<std::string>{"loop0", "sdb1", "sdd"}));
}

TEST(BlockDevices, TheWatcherReportsEachDeviceOnceWhenItComesAndWhenItGoes) {
  FakeSysBlock sys;
  sys.add("sdd", "8:48", 2000);
  std::vector<std::string> seen;
  BlockWatcherOptions options;
  options.sys_block = sys.folder();
  options.rules.loop_devices = true;
  BlockDeviceWatcher watcher(options, [&](const BlockDevice& device, bool present) {
    seen.push_back((present ? "+" : "-") + device.name);
  });
  watcher.rescan();
  watcher.rescan();
  EXPECT_EQ(seen, (std::vector<std::string>{"+sdd"}));

  const auto loop = sys.add_loop("loop5", "7:5", 1000, "/srv/card.img", false);
  watcher.rescan();
  EXPECT_EQ(seen, (std::vector<std::string>{"+sdd", "+loop5"}));
  // losetup -d on a mounted image only sets autoclear: the card is gone all the same.
  write_file(loop / "loop/autoclear", "1\n");
  watcher.rescan();
  EXPECT_EQ(seen, (std::vector<std::string>{"+sdd", "+loop5", "-loop5"}));
  sys.remove("sdd");
  watcher.rescan();
  EXPECT_EQ(seen, (std::vector<std::string>{"+sdd", "+loop5", "-loop5", "-sdd"}));
}

TEST(BlockDevices, AnotherImageOnTheSameLoopDeviceIsAnotherCard) {
  FakeSysBlock sys;
  const auto loop = sys.add_loop("loop6", "7:6", 1000, "/srv/a.img", false);
  std::vector<std::string> seen;
  BlockWatcherOptions options;
  options.sys_block = sys.folder();
  options.rules.loop_devices = true;
  BlockDeviceWatcher watcher(options, [&](const BlockDevice& device, bool present) {
    seen.push_back((present ? "+" : "-") + device.backing_file.string());
  });
  watcher.rescan();
  write_file(loop / "loop/backing_file", "/srv/b.img\n");
  watcher.rescan();
  EXPECT_EQ(seen, (std::vector<std::string>{"+/srv/a.img", "-/srv/a.img", "+/srv/b.img"}));
}

}  // namespace
}  // namespace slate::camera
