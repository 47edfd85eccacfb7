#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <slate/camera/clip_name.hpp>

namespace slate::camera {
namespace {

using Files = std::vector<std::string>;

// One file as a camera (or a computer) leaves it on a card, and every field its name should give.
struct NameCase {
  const char* path;
  Maker maker;
  const char* clip;
  const char* camera;
  const char* reel;
  const char* clip_number;
  const char* date;
  const char* camera_id;
  int segment;
  FileRole role;
};

constexpr Maker kArri = Maker::arri;
constexpr Maker kRed = Maker::red;
constexpr Maker kSony = Maker::sony;
constexpr Maker kCanon = Maker::canon;
constexpr Maker kBmd = Maker::blackmagic;
constexpr Maker kGeneric = Maker::generic;
constexpr Maker kUnknown = Maker::unknown;
constexpr FileRole kMedia = FileRole::media;
constexpr FileRole kSidecar = FileRole::sidecar;
constexpr FileRole kProxy = FileRole::proxy;
constexpr FileRole kCard = FileRole::card;

const NameCase kNameCases[] = {
    // path, maker, clip, camera, reel, clip_number, date, camera_id, segment, role
    // ARRI ALEXA classic ProRes, in a reel folder and loose; ALEXA Mini MXF.
    {"A002R2EC/A002C006_141024_R2EC.mov", kArri, "A002C006_141024_R2EC", "A", "A002", "006",
     "2014-10-24", "R2EC", 0, kMedia},
    {"A002C006_141024_R2EC.mov", kArri, "A002C006_141024_R2EC", "A", "A002", "006", "2014-10-24",
     "R2EC", 0, kMedia},
    {"A003R1AB/A003C012_190520_R1AB.MXF", kArri, "A003C012_190520_R1AB", "A", "A003", "012",
     "2019-05-20", "R1AB", 0, kMedia},
    {"A003R1AB/A003C012_190520_R1AB.xml", kArri, "A003C012_190520_R1AB", "A", "A003", "012",
     "2019-05-20", "R1AB", 0, kSidecar},
    {"A_0002C004_230203_101500_h12NR.xml", kArri, "A_0002C004_230203_101500_h12NR", "A", "A_0002",
     "004", "2023-02-03", "h12NR", 0, kSidecar},
    // ARRIRAW frames in per-clip folders.
    {"A001C001_141024_R2EC/A001C001_141024_R2EC.0000001.ari", kArri, "A001C001_141024_R2EC", "A",
     "A001", "001", "2014-10-24", "R2EC", 0, kMedia},
    {"B004R3FD/B004C017_151231_R3FD/B004C017_151231_R3FD.0001234.ari", kArri,
     "B004C017_151231_R3FD", "B", "B004", "017", "2015-12-31", "R3FD", 0, kMedia},
    // ARRI ALEXA 35, loose and in its clip folder.
    {"A_0001C001_230202_052359_h12NR.mxf", kArri, "A_0001C001_230202_052359_h12NR", "A", "A_0001",
     "001", "2023-02-02", "h12NR", 0, kMedia},
    {"A_0001C001_230202_052359_h12NR/A_0001C001_230202_052359_h12NR.mxf", kArri,
     "A_0001C001_230202_052359_h12NR", "A", "A_0001", "001", "2023-02-02", "h12NR", 0, kMedia},
    {"C_0012C004_240531_173015_K3M7Q/C_0012C004_240531_173015_K3M7Q.MXF", kArri,
     "C_0012C004_240531_173015_K3M7Q", "C", "C_0012", "004", "2024-05-31", "K3M7Q", 0, kMedia},
    // RED: spanned R3D segments, the RMD and the ProRes proxy.
    {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D", kRed, "A001_C002_0613XY", "A",
     "A001", "002", "", "XY", 1, kMedia},
    {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_002.R3D", kRed, "A001_C002_0613XY", "A",
     "A001", "002", "", "XY", 2, kMedia},
    {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_012.R3D", kRed, "A001_C002_0613XY", "A",
     "A001", "002", "", "XY", 12, kMedia},
    {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY.RMD", kRed, "A001_C002_0613XY", "A",
     "A001", "002", "", "XY", 0, kSidecar},
    {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_P.mov", kRed, "A001_C002_0613XY", "A",
     "A001", "002", "", "XY", 0, kProxy},
    {"Proxies/A001_C002_0613XY_p.mov", kRed, "A001_C002_0613XY", "A", "A001", "002", "", "XY", 0,
     kProxy},
    {"B012_1203K7.RDM/B012_C045_1203K7.RDC/B012_C045_1203K7_001.R3D", kRed, "B012_C045_1203K7", "B",
     "B012", "045", "", "K7", 1, kMedia},
    // Sony XDCAM/FX6/FX9 on XDROOT.
    {"XDROOT/Clip/C0001.MXF", kSony, "C0001", "", "", "0001", "", "", 0, kMedia},
    {"XDROOT/Clip/C0001M01.XML", kSony, "C0001", "", "", "0001", "", "", 0, kSidecar},
    {"XDROOT/Sub/C0001S01.MXF", kSony, "C0001", "", "", "0001", "", "", 0, kProxy},
    {"XDROOT/Thmbnl/C0001T01.JPG", kSony, "C0001", "", "", "0001", "", "", 0, kSidecar},
    {"XDROOT/Clip/Interview0007.MXF", kSony, "Interview0007", "", "", "", "", "", 0, kMedia},
    {"xdroot/clip/c0002.mxf", kSony, "c0002", "", "", "0002", "", "", 0, kMedia},
    // Sony Venice and FX names with camera, reel and date.
    {"XDROOT/Clip/A001C003_220314AB.MXF", kSony, "A001C003_220314AB", "A", "A001", "003",
     "2022-03-14", "AB", 0, kMedia},
    {"XDROOT/Clip/A001C003_220314ABM01.XML", kSony, "A001C003_220314AB", "A", "A001", "003",
     "2022-03-14", "AB", 0, kSidecar},
    {"XDROOT/Sub/A001C003_220314ABS03.MXF", kSony, "A001C003_220314AB", "A", "A001", "003",
     "2022-03-14", "AB", 0, kProxy},
    {"XDROOT/Thmbnl/A001C003_220314ABT01.JPG", kSony, "A001C003_220314AB", "A", "A001", "003",
     "2022-03-14", "AB", 0, kSidecar},
    // Sony XAVC S on PRIVATE/M4ROOT.
    {"PRIVATE/M4ROOT/CLIP/C0001.MP4", kSony, "C0001", "", "", "0001", "", "", 0, kMedia},
    {"PRIVATE/M4ROOT/CLIP/C0001M01.XML", kSony, "C0001", "", "", "0001", "", "", 0, kSidecar},
    {"PRIVATE/M4ROOT/SUB/C0001S03.MP4", kSony, "C0001", "", "", "0001", "", "", 0, kProxy},
    {"PRIVATE/M4ROOT/THMBNL/C0001T01.JPG", kSony, "C0001", "", "", "0001", "", "", 0, kSidecar},
    // Sony card files.
    {"XDROOT/MEDIAPRO.XML", kSony, "", "", "", "", "", "", 0, kCard},
    {"XDROOT/DISCMETA.XML", kSony, "", "", "", "", "", "", 0, kCard},
    {"XDROOT/CUEUP.XML", kSony, "", "", "", "", "", "", 0, kCard},
    {"PRIVATE/M4ROOT/MEDIAPRO.XML", kSony, "", "", "", "", "", "", 0, kCard},
    {"PRIVATE/M4ROOT/STATUS.BIN", kSony, "", "", "", "", "", "", 0, kCard},
    // Canon Cinema EOS: XF-AVC, MP4, Cinema RAW Light, its XML, proxies beside and in PROXY.
    {"CONTENTS/CLIPS001/A001C002_220101AB_CANON.MXF", kCanon, "A001C002_220101AB", "A", "A001",
     "002", "2022-01-01", "AB", 0, kMedia},
    {"CONTENTS/CLIPS001/A001C002_220101AB_CANON.XML", kCanon, "A001C002_220101AB", "A", "A001",
     "002", "2022-01-01", "AB", 0, kSidecar},
    {"CONTENTS/CLIPS001/A001C002_220101AB_CANON_P.MP4", kCanon, "A001C002_220101AB", "A", "A001",
     "002", "2022-01-01", "AB", 0, kProxy},
    {"CONTENTS/CLIPS001/PROXY/A001C002_220101AB_CANON.MP4", kCanon, "A001C002_220101AB", "A",
     "A001", "002", "2022-01-01", "AB", 0, kProxy},
    {"CONTENTS/CLIPS001/B003C017_230915XY_CANON.CRM", kCanon, "B003C017_230915XY", "B", "B003",
     "017", "2023-09-15", "XY", 0, kMedia},
    {"CONTENTS/CLIPS001/A002C010_211231QZ_CANON.MP4", kCanon, "A002C010_211231QZ", "A", "A002",
     "010", "2021-12-31", "QZ", 0, kMedia},
    {"CONTENTS/CLIPS001/INDEX.CIF", kCanon, "", "", "", "", "", "", 0, kCard},
    // Blackmagic RAW and ProRes, at the root or in folders, and the Resolve sidecar.
    {"A001_08151512_C001.braw", kBmd, "A001_08151512_C001", "A", "A001", "001", "", "", 0, kMedia},
    {"Footage/Day 2/A001_08151512_C001.BRAW", kBmd, "A001_08151512_C001", "A", "A001", "001", "",
     "", 0, kMedia},
    {"A002_09011034_C014.mov", kBmd, "A002_09011034_C014", "A", "A002", "014", "", "", 0, kMedia},
    {"A001_08151512_C002/A001_08151512_C002_000000.dng", kBmd, "A001_08151512_C002", "A", "A001",
     "002", "", "", 0, kMedia},
    {"Proxy/A001_08151512_C001.mp4", kBmd, "A001_08151512_C001", "A", "A001", "001", "", "", 0,
     kProxy},
    {"A001_08151512_C001.sidecar", kBmd, "A001_08151512_C001", "A", "A001", "001", "", "", 0,
     kSidecar},
    // GoPro chapters, proxy and thumbnail, new and legacy naming.
    {"DCIM/100GOPRO/GX010042.MP4", kGeneric, "GOPR0042", "", "", "0042", "", "", 1, kMedia},
    {"DCIM/100GOPRO/GX020042.MP4", kGeneric, "GOPR0042", "", "", "0042", "", "", 2, kMedia},
    {"DCIM/100GOPRO/GH010107.MP4", kGeneric, "GOPR0107", "", "", "0107", "", "", 1, kMedia},
    {"DCIM/100GOPRO/GL010042.LRV", kGeneric, "GOPR0042", "", "", "0042", "", "", 1, kProxy},
    {"DCIM/100GOPRO/GX010042.THM", kGeneric, "GOPR0042", "", "", "0042", "", "", 1, kSidecar},
    {"DCIM/100GOPRO/GOPR0007.MP4", kGeneric, "GOPR0007", "", "", "0007", "", "", 1, kMedia},
    {"DCIM/100GOPRO/GP010007.MP4", kGeneric, "GOPR0007", "", "", "0007", "", "", 2, kMedia},
    // DJI drone: clip, telemetry subtitles, low-resolution copy.
    {"DCIM/100MEDIA/DJI_0001.MP4", kGeneric, "DJI_0001", "", "", "", "", "", 0, kMedia},
    {"DCIM/100MEDIA/DJI_0001.SRT", kGeneric, "DJI_0001", "", "", "", "", "", 0, kSidecar},
    {"DCIM/100MEDIA/DJI_0001.LRF", kGeneric, "DJI_0001", "", "", "", "", "", 0, kProxy},
    // Phones and stills cameras.
    {"DCIM/100APPLE/IMG_1234.MOV", kGeneric, "IMG_1234", "", "", "", "", "", 0, kMedia},
    {"DCIM/100APPLE/IMG_1234.HEIC", kGeneric, "IMG_1234", "", "", "", "", "", 0, kMedia},
    {"DCIM/100CANON/IMG_0001.JPG", kGeneric, "IMG_0001", "", "", "", "", "", 0, kMedia},
    {"DCIM/100CANON/IMG_0001.CR3", kGeneric, "IMG_0001", "", "", "", "", "", 0, kMedia},
    {"Backup/DCIM/101MSDCF/DSC01234.ARW", kGeneric, "DSC01234", "", "", "", "", "", 0, kMedia},
    // Names no rule knows, including near misses of camera schemes.
    {"IMG_1234.MOV", kUnknown, "IMG_1234", "", "", "", "", "", 0, kMedia},
    {"take3_final.mov", kUnknown, "take3_final", "", "", "", "", "", 0, kMedia},
    {"Sound/Day1/001.wav", kUnknown, "001", "", "", "", "", "", 0, kMedia},
    {"notes.txt", kUnknown, "notes", "", "", "", "", "", 0, kMedia},
    {"README", kUnknown, "README", "", "", "", "", "", 0, kMedia},
    {"A001C006.mov", kUnknown, "A001C006", "", "", "", "", "", 0, kMedia},
    {"A002C006_141324_R2EC.mov", kUnknown, "A002C006_141324_R2EC", "", "", "", "", "", 0, kMedia},
    {"A001_C002_0613XY.txt", kUnknown, "A001_C002_0613XY", "", "", "", "", "", 0, kMedia},
    // Card bookkeeping, anywhere on the card.
    {"ascmhl/0001_A002R2EC_2024-03-14_120000Z.mhl", kUnknown, "", "", "", "", "", "", 0, kCard},
    {"ascmhl/ascmhl_chain.xml", kUnknown, "", "", "", "", "", "", 0, kCard},
    {"A002R2EC/ascmhl/0001_A002R2EC.mhl", kUnknown, "", "", "", "", "", "", 0, kCard},
    {".DS_Store", kUnknown, "", "", "", "", "", "", 0, kCard},
    {"A002R2EC/._A002C006_141024_R2EC.mov", kUnknown, "", "", "", "", "", "", 0, kCard},
    {"DCIM/100CANON/Thumbs.db", kUnknown, "", "", "", "", "", "", 0, kCard},
    {"System Volume Information/IndexerVolumeGuid", kUnknown, "", "", "", "", "", "", 0, kCard},
    {".Spotlight-V100/Store-V2/store.db", kUnknown, "", "", "", "", "", "", 0, kCard},
    {".Trashes/501/A002C007_141024_R2EC.mov", kUnknown, "", "", "", "", "", "", 0, kCard},
    {".fseventsd/fseventsd-uuid", kUnknown, "", "", "", "", "", "", 0, kCard},
};

TEST(ParseClipName, ReadsEveryFieldOfRealWorldNames) {
  ASSERT_GE(std::size(kNameCases), 45U);
  for (const NameCase& expected : kNameCases) {
    SCOPED_TRACE(expected.path);
    const ClipName actual = parse_clip_name(expected.path);
    EXPECT_STREQ(to_string(actual.maker), to_string(expected.maker));
    EXPECT_STREQ(to_string(actual.role), to_string(expected.role));
    EXPECT_EQ(actual.clip, expected.clip);
    EXPECT_EQ(actual.camera, expected.camera);
    EXPECT_EQ(actual.reel, expected.reel);
    EXPECT_EQ(actual.clip_number, expected.clip_number);
    EXPECT_EQ(actual.date, expected.date);
    EXPECT_EQ(actual.camera_id, expected.camera_id);
    EXPECT_EQ(actual.segment, expected.segment);
  }
}

TEST(ParseClipName, EmptyPathIsAnUnknownClipWithNoName) {
  EXPECT_EQ(parse_clip_name(""), ClipName{});
}

TEST(ParseClipName, MakersAndRolesHaveNames) {
  EXPECT_STREQ(to_string(Maker::arri), "arri");
  EXPECT_STREQ(to_string(Maker::red), "red");
  EXPECT_STREQ(to_string(Maker::sony), "sony");
  EXPECT_STREQ(to_string(Maker::canon), "canon");
  EXPECT_STREQ(to_string(Maker::blackmagic), "blackmagic");
  EXPECT_STREQ(to_string(Maker::generic), "generic");
  EXPECT_STREQ(to_string(Maker::unknown), "unknown");
  EXPECT_STREQ(to_string(FileRole::media), "media");
  EXPECT_STREQ(to_string(FileRole::sidecar), "sidecar");
  EXPECT_STREQ(to_string(FileRole::proxy), "proxy");
  EXPECT_STREQ(to_string(FileRole::card), "card");
}

std::vector<Files> files_of(const std::vector<Clip>& clips) {
  std::vector<Files> files;
  for (const Clip& clip : clips) {
    files.push_back(clip.files);
  }
  return files;
}

TEST(GroupClips, RedCardSpansSegmentsIntoOneClip) {
  // Listed out of order, as a directory walk may return them.
  const Files card = {
      "A001_0613XY.RDM/A001_C003_0613XY.RDC/A001_C003_0613XY.RMD",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_003.R3D",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY.RMD",
      "A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY_001.R3D",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D",
      "A001_0613XY.RDM/A001_C003_0613XY.RDC/A001_C003_0613XY_001.R3D",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_002.R3D",
      "A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY.RMD",
      "A001_0613XY.RDM/.DS_Store",
      "ascmhl/0001_A001_0613XY.mhl",
  };
  const std::vector<Clip> clips = group_clips(card);
  ASSERT_EQ(clips.size(), 3U);
  EXPECT_EQ(files_of(clips), (std::vector<Files>{
                                 {"A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY_001.R3D",
                                  "A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY.RMD"},
                                 {"A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D",
                                  "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_002.R3D",
                                  "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_003.R3D",
                                  "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY.RMD"},
                                 {"A001_0613XY.RDM/A001_C003_0613XY.RDC/A001_C003_0613XY_001.R3D",
                                  "A001_0613XY.RDM/A001_C003_0613XY.RDC/A001_C003_0613XY.RMD"},
                             }));
  // The clip is named by its first segment.
  const ClipName& spanned = clips[1].name;
  EXPECT_EQ(spanned.maker, Maker::red);
  EXPECT_EQ(spanned.clip, "A001_C002_0613XY");
  EXPECT_EQ(spanned.reel, "A001");
  EXPECT_EQ(spanned.clip_number, "002");
  EXPECT_EQ(spanned.segment, 1);
  EXPECT_EQ(spanned.role, FileRole::media);
}

TEST(GroupClips, RedProxyComesAfterSegmentsAndBeforeMetadata) {
  const std::vector<Clip> clips = group_clips({
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY.RMD",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_P.mov",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_002.R3D",
      "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D",
  });
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].files, (Files{
                                "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D",
                                "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_002.R3D",
                                "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_P.mov",
                                "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY.RMD",
                            }));
}

TEST(GroupClips, SonyXdrootCardKeepsProxiesAndSidecarsWithTheirClip) {
  const Files card = {
      "XDROOT/MEDIAPRO.XML",        "XDROOT/DISCMETA.XML",
      "XDROOT/CUEUP.XML",           "XDROOT/Clip/C0001.MXF",
      "XDROOT/Clip/C0001M01.XML",   "XDROOT/Clip/C0002.MXF",
      "XDROOT/Clip/C0002M01.XML",   "XDROOT/Sub/C0001S01.MXF",
      "XDROOT/Sub/C0002S01.MXF",    "XDROOT/Thmbnl/C0001T01.JPG",
      "XDROOT/Thmbnl/C0002T01.JPG", "XDROOT/General/Sony/Planning/a.xml",
  };
  const std::vector<Clip> clips = group_clips(card);
  ASSERT_EQ(clips.size(), 2U);
  EXPECT_EQ(clips[0].name.maker, Maker::sony);
  EXPECT_EQ(clips[0].name.clip, "C0001");
  EXPECT_EQ(clips[0].name.role, FileRole::media);
  EXPECT_EQ(clips[1].name.clip, "C0002");
  EXPECT_EQ(files_of(clips), (std::vector<Files>{
                                 {"XDROOT/Clip/C0001.MXF", "XDROOT/Sub/C0001S01.MXF",
                                  "XDROOT/Clip/C0001M01.XML", "XDROOT/Thmbnl/C0001T01.JPG"},
                                 {"XDROOT/Clip/C0002.MXF", "XDROOT/Sub/C0002S01.MXF",
                                  "XDROOT/Clip/C0002M01.XML", "XDROOT/Thmbnl/C0002T01.JPG"},
                             }));
}

TEST(GroupClips, VeniceAndM4rootClipsGroupLikeXdcam) {
  const std::vector<Clip> venice = group_clips({
      "XDROOT/Thmbnl/A001C003_220314ABT01.JPG",
      "XDROOT/Sub/A001C003_220314ABS03.MXF",
      "XDROOT/Clip/A001C003_220314ABM01.XML",
      "XDROOT/Clip/A001C003_220314AB.MXF",
  });
  ASSERT_EQ(venice.size(), 1U);
  EXPECT_EQ(venice[0].name.date, "2022-03-14");
  EXPECT_EQ(
      venice[0].files,
      (Files{"XDROOT/Clip/A001C003_220314AB.MXF", "XDROOT/Sub/A001C003_220314ABS03.MXF",
             "XDROOT/Clip/A001C003_220314ABM01.XML", "XDROOT/Thmbnl/A001C003_220314ABT01.JPG"}));

  const std::vector<Clip> m4root = group_clips({
      "PRIVATE/M4ROOT/MEDIAPRO.XML",
      "PRIVATE/M4ROOT/STATUS.BIN",
      "PRIVATE/M4ROOT/CLIP/C0001.MP4",
      "PRIVATE/M4ROOT/CLIP/C0001M01.XML",
      "PRIVATE/M4ROOT/SUB/C0001S03.MP4",
      "PRIVATE/M4ROOT/THMBNL/C0001T01.JPG",
  });
  ASSERT_EQ(m4root.size(), 1U);
  EXPECT_EQ(m4root[0].files,
            (Files{"PRIVATE/M4ROOT/CLIP/C0001.MP4", "PRIVATE/M4ROOT/SUB/C0001S03.MP4",
                   "PRIVATE/M4ROOT/CLIP/C0001M01.XML", "PRIVATE/M4ROOT/THMBNL/C0001T01.JPG"}));
}

TEST(GroupClips, ArriRawClipFolderIsOneClip) {
  const Files card = {
      "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000004.ari",
      "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000000.ari",
      "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000003.ari",
      "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000001.ari",
      "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000002.ari",
      "A001R2EC/A001C001_141024_R2EC/.DS_Store",
  };
  const std::vector<Clip> clips = group_clips(card);
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].name.maker, Maker::arri);
  EXPECT_EQ(clips[0].name.clip, "A001C001_141024_R2EC");
  EXPECT_EQ(clips[0].name.date, "2014-10-24");
  EXPECT_EQ(clips[0].files,
            (Files{"A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000000.ari",
                   "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000001.ari",
                   "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000002.ari",
                   "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000003.ari",
                   "A001R2EC/A001C001_141024_R2EC/A001C001_141024_R2EC.0000004.ari"}));
}

TEST(GroupClips, CanonClipGathersProxiesAndXml) {
  const std::vector<Clip> clips = group_clips({
      "CONTENTS/CLIPS001/INDEX.CIF",
      "CONTENTS/CLIPS001/PROXY/A001C002_220101AB_CANON.MP4",
      "CONTENTS/CLIPS001/A001C002_220101AB_CANON.XML",
      "CONTENTS/CLIPS001/A001C002_220101AB_CANON.MXF",
      "CONTENTS/CLIPS001/A001C003_220101AB_CANON.MXF",
  });
  ASSERT_EQ(clips.size(), 2U);
  EXPECT_EQ(clips[0].name.clip, "A001C002_220101AB");
  EXPECT_EQ(clips[0].files, (Files{"CONTENTS/CLIPS001/A001C002_220101AB_CANON.MXF",
                                   "CONTENTS/CLIPS001/PROXY/A001C002_220101AB_CANON.MP4",
                                   "CONTENTS/CLIPS001/A001C002_220101AB_CANON.XML"}));
  EXPECT_EQ(clips[1].files, (Files{"CONTENTS/CLIPS001/A001C003_220101AB_CANON.MXF"}));
}

TEST(GroupClips, SameStillNameInTwoDcimFoldersIsTwoClips) {
  const std::vector<Clip> clips = group_clips({
      "DCIM/101CANON/IMG_0001.JPG",
      "DCIM/100CANON/IMG_0001.CR3",
      "DCIM/101CANON/IMG_0001.CR3",
      "DCIM/100CANON/IMG_0001.JPG",
  });
  ASSERT_EQ(clips.size(), 2U);
  EXPECT_EQ(files_of(clips), (std::vector<Files>{
                                 {"DCIM/100CANON/IMG_0001.CR3", "DCIM/100CANON/IMG_0001.JPG"},
                                 {"DCIM/101CANON/IMG_0001.CR3", "DCIM/101CANON/IMG_0001.JPG"},
                             }));
  EXPECT_EQ(clips[0].name.maker, Maker::generic);
  EXPECT_EQ(clips[0].name.clip, "IMG_0001");
}

TEST(GroupClips, GoProChaptersAreOneClip) {
  const std::vector<Clip> clips = group_clips({
      "DCIM/100GOPRO/GX020042.MP4",
      "DCIM/100GOPRO/GL020042.LRV",
      "DCIM/100GOPRO/GX010042.THM",
      "DCIM/100GOPRO/GX010042.MP4",
      "DCIM/100GOPRO/GL010042.LRV",
      "DCIM/100GOPRO/GX030042.MP4",
      "DCIM/100GOPRO/GX010043.MP4",
      "MISC/version.txt",
  });
  ASSERT_EQ(clips.size(), 3U);
  EXPECT_EQ(clips[0].files, (Files{"DCIM/100GOPRO/GX010042.MP4", "DCIM/100GOPRO/GX020042.MP4",
                                   "DCIM/100GOPRO/GX030042.MP4", "DCIM/100GOPRO/GL010042.LRV",
                                   "DCIM/100GOPRO/GL020042.LRV", "DCIM/100GOPRO/GX010042.THM"}));
  EXPECT_EQ(clips[0].name.clip, "GOPR0042");
  EXPECT_EQ(clips[0].name.segment, 1);
  EXPECT_EQ(clips[1].files, (Files{"DCIM/100GOPRO/GX010043.MP4"}));
  EXPECT_EQ(clips[2].files, (Files{"MISC/version.txt"}));
  EXPECT_EQ(clips[2].name.maker, Maker::unknown);
}

TEST(GroupClips, LegacyGoProChaptersAreOneClip) {
  const std::vector<Clip> clips = group_clips({
      "DCIM/100GOPRO/GP010007.MP4",
      "DCIM/100GOPRO/GOPR0007.MP4",
      "DCIM/100GOPRO/GOPR0007.THM",
      "DCIM/100GOPRO/GP020007.MP4",
  });
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].files, (Files{"DCIM/100GOPRO/GOPR0007.MP4", "DCIM/100GOPRO/GP010007.MP4",
                                   "DCIM/100GOPRO/GP020007.MP4", "DCIM/100GOPRO/GOPR0007.THM"}));
  EXPECT_EQ(clips[0].name.segment, 1);
}

TEST(GroupClips, DjiTelemetryAndProxyJoinTheirClip) {
  const std::vector<Clip> clips = group_clips({
      "DCIM/100MEDIA/DJI_0001.SRT",
      "DCIM/100MEDIA/DJI_0001.MP4",
      "DCIM/100MEDIA/DJI_0001.LRF",
      "DCIM/100MEDIA/DJI_0002.MP4",
  });
  ASSERT_EQ(clips.size(), 2U);
  EXPECT_EQ(clips[0].files, (Files{"DCIM/100MEDIA/DJI_0001.MP4", "DCIM/100MEDIA/DJI_0001.LRF",
                                   "DCIM/100MEDIA/DJI_0001.SRT"}));
  EXPECT_EQ(clips[1].files, (Files{"DCIM/100MEDIA/DJI_0002.MP4"}));
}

TEST(GroupClips, UnknownFilesAreAClipEachPerFolder) {
  const std::vector<Clip> clips = group_clips({
      "take3_final.mov",
      "Sound/Day2/001.wav",
      "Sound/Day1/001.wav",
      "Sound/Day1/002.wav",
      "notes.txt",
  });
  ASSERT_EQ(clips.size(), 5U);
  EXPECT_EQ(files_of(clips), (std::vector<Files>{
                                 {"Sound/Day1/001.wav"},
                                 {"Sound/Day1/002.wav"},
                                 {"Sound/Day2/001.wav"},
                                 {"notes.txt"},
                                 {"take3_final.mov"},
                             }));
  EXPECT_EQ(clips[0].name.maker, Maker::unknown);
  EXPECT_EQ(clips[0].name.clip, "001");
}

TEST(GroupClips, ClipsComeInTheOrderOfTheirFirstPath) {
  const std::vector<Clip> clips = group_clips({
      "take3_final.mov",
      "XDROOT/Clip/C0001.MXF",
      "A001_08151512_C001.sidecar",
      "DCIM/100GOPRO/GX010042.MP4",
      "A001_08151512_C001.braw",
      "A002R2EC/A002C006_141024_R2EC.mov",
      // Its proxy sorts before its media, so the proxy's path places the clip.
      "Proxies/A001_C002_0613XY_P.mov",
      "RED/A001_C002_0613XY_001.R3D",
  });
  ASSERT_EQ(clips.size(), 6U);
  EXPECT_EQ(clips[0].name.clip, "A001_08151512_C001");
  EXPECT_EQ(clips[1].name.clip, "A002C006_141024_R2EC");
  EXPECT_EQ(clips[2].name.clip, "GOPR0042");
  EXPECT_EQ(clips[3].name.clip, "A001_C002_0613XY");
  EXPECT_EQ(clips[3].files,
            (Files{"RED/A001_C002_0613XY_001.R3D", "Proxies/A001_C002_0613XY_P.mov"}));
  EXPECT_EQ(clips[4].name.clip, "C0001");
  EXPECT_EQ(clips[5].name.clip, "take3_final");
}

TEST(GroupClips, ClipWithoutMediaIsNamedByItsFirstFile) {
  const std::vector<Clip> clips = group_clips({
      "XDROOT/Thmbnl/C0003T01.JPG",
      "XDROOT/Clip/C0003M01.XML",
      "XDROOT/Sub/C0003S01.MXF",
  });
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].name.role, FileRole::proxy);
  EXPECT_EQ(clips[0].name.clip, "C0003");
  EXPECT_EQ(clips[0].files, (Files{"XDROOT/Sub/C0003S01.MXF", "XDROOT/Clip/C0003M01.XML",
                                   "XDROOT/Thmbnl/C0003T01.JPG"}));
}

TEST(GroupClips, CardFilesOnlyGiveNoClips) {
  EXPECT_TRUE(group_clips({}).empty());
  EXPECT_TRUE(group_clips({"XDROOT/MEDIAPRO.XML", "ascmhl/ascmhl_chain.xml", ".DS_Store",
                           "._C0001.MXF", "System Volume Information/WPSettings.dat"})
                  .empty());
}

TEST(GroupClips, CaseOfACopiedCardDoesNotSplitAClip) {
  const std::vector<Clip> clips = group_clips({
      "DCIM/100CANON/IMG_0001.JPG",
      "dcim/100canon/img_0001.cr3",
  });
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].files, (Files{"DCIM/100CANON/IMG_0001.JPG", "dcim/100canon/img_0001.cr3"}));
}

TEST(GroupClips, ListingAFileTwiceKeepsItOnce) {
  const std::vector<Clip> clips = group_clips({"take3_final.mov", "take3_final.mov"});
  ASSERT_EQ(clips.size(), 1U);
  EXPECT_EQ(clips[0].files, (Files{"take3_final.mov"}));
}

}  // namespace
}  // namespace slate::camera
