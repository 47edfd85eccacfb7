// Which camera wrote a card, and which roll it is, from its files alone; and the mount table.
#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include <slate/camera/card_layout.hpp>
#include <slate/camera/mounts.hpp>

namespace slate::camera {
namespace {

struct LayoutCase {
  const char* name;
  std::vector<std::string> files;
  Maker layout;
  std::string roll;
  std::size_t clips;
};

TEST(CardLayout, EachMakersCardIsRecognisedWithItsRoll) {
  const std::vector<LayoutCase> cases = {
      {"ALEXA Mini reel folder",
       {"A002R2EC/A002C006_141024_R2EC.mov", "A002R2EC/A002C007_141024_R2EC.mov",
        "A002R2EC/A002R2EC.ale"},
       Maker::arri,
       "A002",
       3},
      {"ALEXA 35 clip folders",
       {"A_0001C001_230202_052359_h12NR/A_0001C001_230202_052359_h12NR.mxf",
        "A_0001C002_230202_053012_h12NR/A_0001C002_230202_053012_h12NR.mxf"},
       Maker::arri,
       "A_0001",
       2},
      {"RED magazine with spanned clips",
       {"A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY_001.R3D",
        "A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY_002.R3D",
        "A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY.RMD",
        "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D"},
       Maker::red,
       "A001",
       2},
      {"Sony Venice on XDROOT",
       {"XDROOT/Clip/A014C003_220314AB.MXF", "XDROOT/Clip/A014C003_220314ABM01.XML",
        "XDROOT/MEDIAPRO.XML"},
       Maker::sony,
       "A014",
       1},
      {"Sony FX6 on M4ROOT, no roll in its names",
       {"PRIVATE/M4ROOT/CLIP/C0001.MP4", "PRIVATE/M4ROOT/CLIP/C0001M01.XML",
        "PRIVATE/M4ROOT/SUB/C0001S03.MP4", "PRIVATE/M4ROOT/MEDIAPRO.XML"},
       Maker::sony,
       "",
       1},
      {"Canon Cinema EOS",
       {"CONTENTS/CLIPS001/B003C012_220101AB_CANON.MXF",
        "CONTENTS/CLIPS001/B003C012_220101AB_CANON.XML"},
       Maker::canon,
       "B003",
       1},
      {"Blackmagic BRAW at the root",
       {"A001_08151512_C001.braw", "A001_08151512_C001.sidecar", "A001_08151530_C002.braw"},
       Maker::blackmagic,
       "A001",
       2},
      {"Stills camera DCIM",
       {"DCIM/100CANON/IMG_0001.JPG", "DCIM/100CANON/IMG_0001.CR3", "DCIM/100CANON/IMG_0002.CR3"},
       Maker::generic,
       "",
       2},
      {"Anything else", {"Day 3/sound/001.wav", "notes.txt"}, Maker::unknown, "", 2},
      {"Empty", {}, Maker::unknown, "", 0},
  };
  for (const auto& card : cases) {
    SCOPED_TRACE(card.name);
    const auto layout = classify_card(card.files);
    EXPECT_EQ(to_string(layout.layout), std::string(to_string(card.layout)));
    EXPECT_EQ(layout.roll, card.roll);
    EXPECT_EQ(layout.clips, card.clips);
  }
}

TEST(CardLayout, TheRollMostClipsNameWins) {
  const auto layout = classify_card({"A003C001_141024_R2EC.mov", "A002C001_141024_R2EC.mov",
                                     "A002C002_141024_R2EC.mov", "take.mov"});
  EXPECT_EQ(layout.layout, Maker::arri);
  EXPECT_EQ(layout.roll, "A002");
}

TEST(MountTable, ParsesMountinfoLinesAndDecodesEscapedPaths) {
  const auto mounts = parse_mountinfo(
      "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
      "95 22 8:17 / /media/dit/A001\\040CARD rw,nosuid master:3 - exfat /dev/sdb1 rw\n"
      "96 22 0:45 / /run/user/0 rw - tmpfs tmpfs rw,size=1000k\n"
      "garbage line\n"
      "97 22 8:33 / /media/x rw no-separator exfat /dev/sdc1\n");
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[1].mount_point, "/media/dit/A001 CARD");
  EXPECT_EQ(mounts[1].file_system, "exfat");
  EXPECT_EQ(mounts[1].source, "/dev/sdb1");
  EXPECT_EQ(mounts[1].device, makedev(8, 17));
  EXPECT_EQ(mounts[2].file_system, "tmpfs");
  EXPECT_TRUE(is_pseudo_file_system("proc"));
  EXPECT_FALSE(is_pseudo_file_system("exfat"));
}

TEST(MountTable, ReadsThisProcesssMounts) {
  const auto mounts = read_mount_table();
  ASSERT_FALSE(mounts.empty());
  EXPECT_TRUE(std::any_of(mounts.begin(), mounts.end(),
                          [](const MountEntry& m) { return m.mount_point == "/"; }));
}

}  // namespace
}  // namespace slate::camera
