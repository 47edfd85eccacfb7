#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <regex>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <slate/camera/clip_name.hpp>

namespace slate::camera {

const char* to_string(Maker maker) {
  switch (maker) {
    case Maker::arri:
      return "arri";
    case Maker::red:
      return "red";
    case Maker::sony:
      return "sony";
    case Maker::canon:
      return "canon";
    case Maker::blackmagic:
      return "blackmagic";
    case Maker::generic:
      return "generic";
    case Maker::unknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(FileRole role) {
  switch (role) {
    case FileRole::media:
      return "media";
    case FileRole::sidecar:
      return "sidecar";
    case FileRole::proxy:
      return "proxy";
    case FileRole::card:
      return "card";
  }
  return "media";
}

namespace {

// How a rule turns its match into fields: format strings over the match, "$1" being the first
// group as the path spells it and other text copied as is. Empty means the name does not tell.
struct Fields {
  const char* clip = "";
  const char* camera = "";
  const char* reel = "";
  const char* clip_number = "";
  const char* date = "";
  const char* camera_id = "";
  const char* segment = "";
  int segment_offset = 0;  // Added to a non-empty segment: legacy GoPro calls chapter 2 "GP01".
};

struct Rule {
  Maker maker;
  FileRole role;
  std::regex pattern;  // Matched against the whole relative path.
  Fields fields;
};

// Every rule ignores case: cameras differ (.mov/.MOV, _P/_p), and so do the tools that copied a
// card before it reached us (FAT volumes mounted lower-case, macOS Finder keeping either). Rather
// than std::regex::icase, which makes libstdc++ look up the locale for every character compared
// (3-4x slower, and a card can hold 100 000 ARRIRAW or DNG frames), patterns and paths are both
// upper-cased and matched exactly; fields are then cut from the path as written.
char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// Joins the pieces and upper-cases every letter but the one after a backslash, so "\d", "\w" and
// "\." keep their meaning.
std::regex pattern(std::initializer_list<std::string_view> pieces) {
  std::string text;
  for (const std::string_view piece : pieces) {
    text += piece;
  }
  bool escaped = false;
  for (char& c : text) {
    if (!escaped) {
      c = ascii_upper(c);
    }
    escaped = !escaped && c == '\\';
  }
  return std::regex(text, std::regex::ECMAScript | std::regex::optimize);
}

// Pieces the rules are built from. Each stem's groups are listed so the rows' format strings can
// be checked against them; a row's own tail adds groups after the stem's.

// Any leading folders: a card may be offloaded from a subfolder, or a camera tree copied one
// level down, so every rule matches at any depth.
constexpr std::string_view kAnyFolders = "(?:.*/)?";

// ARRI ALEXA classic, XT, SXT, Mini, Mini LF, LF: "A002C006_141024_R2EC".
// $1 clip, $2 camera, $3 reel number, $4 clip number, $5-$7 YYMMDD, $8 camera id.
// Sony Venice/FX and Canon Cinema EOS write the same fields with no '_' before the 2-char id:
// "A001C003_220314AB"; kReelClipDateId has the same groups, so both share kReelClipDateFields.
constexpr std::string_view kArriClassicStem =
    R"((([A-Z])(\d{3})C(\d{3})_(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_([A-Z0-9]{4})))";
constexpr std::string_view kReelClipDateId =
    R"((([A-Z])(\d{3})C(\d{3})_(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([A-Z0-9]{2})))";
constexpr Fields kReelClipDateFields = {.clip = "$1",
                                        .camera = "$2",
                                        .reel = "$2$3",
                                        .clip_number = "$4",
                                        .date = "20$5-$6-$7",
                                        .camera_id = "$8"};

// ARRI ALEXA 35 and later: "A_0001C001_230202_052359_h12NR" (date, time of day, camera id).
// $1 clip, $2 reel, $3 camera, $4 clip number, $5-$7 YYMMDD, $8 camera id.
constexpr std::string_view kArriReelStem =
    R"(((([A-Z])_\d{4})C(\d{3})_(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_\d{6}_([A-Z0-9]{4,5})))";
constexpr Fields kArriReelFields = {.clip = "$1",
                                    .camera = "$3",
                                    .reel = "$2",
                                    .clip_number = "$4",
                                    .date = "20$5-$6-$7",
                                    .camera_id = "$8"};

// RED: "A001_C002_0613XY". The MMDD carries no year, so it is no date.
// $1 clip, $2 camera, $3 reel number, $4 clip number, $5 camera id.
constexpr std::string_view kRedStem = R"((([A-Z])(\d{3})_C(\d{3})_\d{4}([A-Z0-9]{2})))";
constexpr Fields kRedFields = {
    .clip = "$1", .camera = "$2", .reel = "$2$3", .clip_number = "$4", .camera_id = "$5"};
// The same, when a row's tail adds the segment as $6: "_001.R3D".
constexpr Fields kRedSegmentFields = {.clip = "$1",
                                      .camera = "$2",
                                      .reel = "$2$3",
                                      .clip_number = "$4",
                                      .camera_id = "$5",
                                      .segment = "$6"};

// Sony's default and titled clip names: "C0001", or a user title such as "Shoot0001".
// $1 clip, $2 clip number (only for the default "C" form).
constexpr std::string_view kSonyStem = R"((C(\d{4})|[^/]+?))";
constexpr Fields kSonyFields = {.clip = "$1", .clip_number = "$2"};

// Sony's card roots: XDROOT (XDCAM, FX6, FX9, Venice on SxS) and PRIVATE/M4ROOT (XAVC S).
constexpr std::string_view kSonyRoot = "(?:XDROOT|M4ROOT)/";

// Blackmagic: "A001_08151512_C001". MMDDHHMM carries no year, so it is no date.
// $1 clip, $2 camera, $3 reel number, $4 clip number.
constexpr std::string_view kBlackmagicStem = R"((([A-Z])(\d{3})_\d{8}_C(\d{3})))";
constexpr Fields kBlackmagicFields = {
    .clip = "$1", .camera = "$2", .reel = "$2$3", .clip_number = "$4"};

// A file name without its last extension: "IMG_0001" of "IMG_0001.JPG". $1 is the stem.
constexpr std::string_view kStemAndExtension = R"(([^/]+?)(?:\.[^./]*)?)";
constexpr Fields kStemFields = {.clip = "$1"};

// GoPro numbers a recording once and splits it into chapters; every chapter, proxy and thumbnail
// of recording 0042 is clip "GOPR0042", GoPro's own name for the recording's first file.
constexpr Fields kGoProFields = {.clip = "GOPR$2", .clip_number = "$2", .segment = "$1"};
constexpr Fields kGoProLegacyFirstFields = {.clip = "GOPR$1", .clip_number = "$1", .segment = "1"};
constexpr Fields kGoProLegacyLaterFields = {
    .clip = "GOPR$2", .clip_number = "$2", .segment = "$1", .segment_offset = 1};

// The rules, tried in order; the first that matches the whole path wins. Card bookkeeping comes
// first so that nothing inside an ascmhl/ folder or an AppleDouble twin passes for a clip; folder
// rules come before name rules so a clip folder names the frames inside it; the catch-all last.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      // ---- Card bookkeeping of any camera or computer.
      // "ascmhl/0001_A002R2EC_2022-03-14_120000.mhl", "System Volume Information/IndexerVolumeGuid"
      {Maker::unknown,
       FileRole::card,
       pattern({kAnyFolders,
                R"((?:ascmhl|System Volume Information|\.Spotlight-V100|\.Trashes|\.fseventsd)"
                R"(|\.TemporaryItems|\.DocumentRevisions-V100|\$RECYCLE\.BIN)/.*)"}),
       {}},
      // macOS and Windows leave these on any volume: ".DS_Store", "._A002C006.mov", "Thumbs.db".
      {Maker::unknown,
       FileRole::card,
       pattern({kAnyFolders, R"((?:\.DS_Store|\._[^/]*|Thumbs\.db|desktop\.ini))"}),
       {}},

      // ---- ARRI.
      // ARRIRAW frames in a per-clip folder:
      // "A001C001_141024_R2EC/A001C001_141024_R2EC.0000001.ari".
      {Maker::arri, FileRole::media,
       pattern({kAnyFolders, kArriClassicStem, R"(/[^/]+\.(?:ari|mxf|mov))"}), kReelClipDateFields},
      // Anything else the clip folder holds belongs to it too: "A001C001_141024_R2EC/....xml".
      {Maker::arri, FileRole::sidecar, pattern({kAnyFolders, kArriClassicStem, "/[^/]+"}),
       kReelClipDateFields},
      // ALEXA classic ProRes/MXF, loose or in a reel folder: "A002R2EC/A002C006_141024_R2EC.mov",
      // and ARRIRAW frames outside a clip folder: "A001C001_141024_R2EC.0000001.ari".
      {Maker::arri, FileRole::media,
       pattern({kAnyFolders, kArriClassicStem, R"((?:\.\d+)?\.(?:ari|mxf|mov))"}),
       kReelClipDateFields},
      // Metadata written beside a loose clip under its name: "A002C006_141024_R2EC.xml".
      {Maker::arri, FileRole::sidecar, pattern({kAnyFolders, kArriClassicStem, R"(\.[^/.]+)"}),
       kReelClipDateFields},
      // ALEXA 35 in a per-clip folder:
      // "A_0001C001_230202_052359_h12NR/A_0001C001_230202_052359_h12NR.mxf".
      {Maker::arri, FileRole::media,
       pattern({kAnyFolders, kArriReelStem, R"(/[^/]+\.(?:ari|mxf|mov))"}), kArriReelFields},
      // ... and anything else in it: "A_0001C001_230202_052359_h12NR/....xml".
      {Maker::arri, FileRole::sidecar, pattern({kAnyFolders, kArriReelStem, "/[^/]+"}),
       kArriReelFields},
      // ALEXA 35 loose: "A_0001C001_230202_052359_h12NR.mxf".
      {Maker::arri, FileRole::media,
       pattern({kAnyFolders, kArriReelStem, R"((?:\.\d+)?\.(?:ari|mxf|mov))"}), kArriReelFields},
      // ... and metadata beside it under its name: "A_0001C001_230202_052359_h12NR.xml".
      {Maker::arri, FileRole::sidecar, pattern({kAnyFolders, kArriReelStem, R"(\.[^/.]+)"}),
       kArriReelFields},

      // ---- RED: "A001_0613XY.RDM/A001_C002_0613XY.RDC/A001_C002_0613XY_001.R3D".
      // Spanned R3D segments: "A001_C002_0613XY_002.R3D" is part 2. $6 is the segment.
      {Maker::red, FileRole::media, pattern({kAnyFolders, kRedStem, R"(_(\d{3})\.R3D)"}),
       kRedSegmentFields},
      // ProRes proxy recorded beside the R3D: "A001_C002_0613XY_P.mov", "..._p.mov".
      {Maker::red, FileRole::proxy, pattern({kAnyFolders, kRedStem, R"(_P\.(?:mov|mxf|mp4))"}),
       kRedFields},
      // Clip metadata: "A001_C002_0613XY.RMD".
      {Maker::red, FileRole::sidecar, pattern({kAnyFolders, kRedStem, R"(\.RMD)"}), kRedFields},
      // KOMODO/V-RAPTOR ProRes as the clip itself: "A001_C002_0613XY.mov". $6 is the segment.
      {Maker::red, FileRole::media,
       pattern({kAnyFolders, kRedStem, R"((?:_(\d{3}))?\.(?:R3D|mov|mxf))"}), kRedSegmentFields},

      // ---- Sony on XDROOT (XDCAM, FX6, FX9, Venice) or PRIVATE/M4ROOT (XAVC S).
      // Venice/FX names with camera, reel and date: "XDROOT/Clip/A001C003_220314AB.MXF".
      {Maker::sony, FileRole::media,
       pattern({kAnyFolders, kSonyRoot, "Clip/", kReelClipDateId, R"(\.(?:MXF|MP4))"}),
       kReelClipDateFields},
      // Its metadata "XDROOT/Clip/A001C003_220314ABM01.XML", and whatever else the camera names
      // after the clip with a letter and a two-digit index beside it.
      {Maker::sony, FileRole::sidecar,
       pattern({kAnyFolders, kSonyRoot, "Clip/", kReelClipDateId, R"([A-Z]\d\d\.[^./]+)"}),
       kReelClipDateFields},
      // Its proxy: "XDROOT/Sub/A001C003_220314ABS03.MXF".
      {Maker::sony, FileRole::proxy,
       pattern({kAnyFolders, kSonyRoot, "Sub/", kReelClipDateId, R"(S\d\d\.(?:MXF|MP4))"}),
       kReelClipDateFields},
      // Its thumbnail: "XDROOT/Thmbnl/A001C003_220314ABT01.JPG".
      {Maker::sony, FileRole::sidecar,
       pattern({kAnyFolders, kSonyRoot, "Thmbnl/", kReelClipDateId, R"(T\d\d\.JPG)"}),
       kReelClipDateFields},
      // Default or titled names: "XDROOT/Clip/C0001.MXF", "PRIVATE/M4ROOT/CLIP/C0001.MP4".
      {Maker::sony, FileRole::media,
       pattern({kAnyFolders, kSonyRoot, "Clip/", kSonyStem, R"(\.(?:MXF|MP4))"}), kSonyFields},
      // "XDROOT/Clip/C0001M01.XML", "PRIVATE/M4ROOT/CLIP/C0001M01.XML", as above.
      {Maker::sony, FileRole::sidecar,
       pattern({kAnyFolders, kSonyRoot, "Clip/", kSonyStem, R"([A-Z]\d\d\.[^./]+)"}), kSonyFields},
      // "XDROOT/Sub/C0001S01.MXF", "PRIVATE/M4ROOT/SUB/C0001S03.MP4".
      {Maker::sony, FileRole::proxy,
       pattern({kAnyFolders, kSonyRoot, "Sub/", kSonyStem, R"(S\d\d\.(?:MXF|MP4))"}), kSonyFields},
      // "XDROOT/Thmbnl/C0001T01.JPG", "PRIVATE/M4ROOT/THMBNL/C0001T01.JPG".
      {Maker::sony, FileRole::sidecar,
       pattern({kAnyFolders, kSonyRoot, "Thmbnl/", kSonyStem, R"(T\d\d\.JPG)"}), kSonyFields},
      // The rest of the tree is the card's: "XDROOT/MEDIAPRO.XML", "PRIVATE/M4ROOT/STATUS.BIN",
      // "XDROOT/General/...", and the memory stick's "PRIVATE/SONY/SONYCARD.IND", "AVF_INFO/...".
      {Maker::sony,
       FileRole::card,
       pattern({kAnyFolders, R"((?:XDROOT|M4ROOT|PRIVATE/SONY|AVF_INFO)/.*)"}),
       {}},

      // ---- Canon Cinema EOS: "CONTENTS/CLIPS001/A001C002_220101AB_CANON.MXF".
      // Proxies in a PROXY folder: "CONTENTS/CLIPS001/PROXY/A001C002_220101AB_CANON.MP4".
      {Maker::canon, FileRole::proxy,
       pattern(
           {kAnyFolders, "PROXY/(?:.*/)?", kReelClipDateId, R"(_CANON(?:_P)?\.(?:MP4|MXF|MOV))"}),
       kReelClipDateFields},
      // Proxies beside the clip: "CONTENTS/CLIPS001/A001C002_220101AB_CANON_P.MP4".
      {Maker::canon, FileRole::proxy,
       pattern({kAnyFolders, kReelClipDateId, R"(_CANON_P\.(?:MP4|MXF|MOV))"}),
       kReelClipDateFields},
      // XF-AVC, MP4 and Cinema RAW Light: "A001C002_220101AB_CANON.CRM".
      {Maker::canon, FileRole::media,
       pattern({kAnyFolders, kReelClipDateId, R"(_CANON\.(?:MXF|MP4|CRM|MOV))"}),
       kReelClipDateFields},
      // Clip metadata: "A001C002_220101AB_CANON.XML".
      {Maker::canon, FileRole::sidecar, pattern({kAnyFolders, kReelClipDateId, R"(_CANON\.XML)"}),
       kReelClipDateFields},
      // The card's index files: "CONTENTS/CLIPS001/INDEX.CIF", "CONTENTS/MEDIAINF.XML". Only CIF
      // and XML: Panasonic P2 also writes a CONTENTS folder, and its media must not vanish here.
      {Maker::canon,
       FileRole::card,
       pattern({kAnyFolders, R"(CONTENTS/(?:CLIPS\d{3}/(?:PROXY/)?)?[^/]+\.(?:CIF|XML))"}),
       {}},

      // ---- Blackmagic: "A001_08151512_C001.braw".
      // CinemaDNG frames and sound in a per-clip folder: "A001_08151512_C001/..._000000.dng".
      {Maker::blackmagic, FileRole::media,
       pattern({kAnyFolders, kBlackmagicStem, R"(/[^/]+\.(?:dng|wav))"}), kBlackmagicFields},
      // ... and anything else in it: "A001_08151512_C001/A001_08151512_C001.sidecar".
      {Maker::blackmagic, FileRole::sidecar, pattern({kAnyFolders, kBlackmagicStem, "/[^/]+"}),
       kBlackmagicFields},
      // Proxies the camera writes to a Proxy folder: "Proxy/A001_08151512_C001.mp4".
      {Maker::blackmagic, FileRole::proxy,
       pattern({kAnyFolders, "Proxy/", kBlackmagicStem, R"(\.(?:mov|mp4|braw))"}),
       kBlackmagicFields},
      // "A001_08151512_C001.braw", "A001_08151512_C001.mov".
      {Maker::blackmagic, FileRole::media,
       pattern({kAnyFolders, kBlackmagicStem, R"(\.(?:braw|mov|mp4|mxf))"}), kBlackmagicFields},
      // DaVinci Resolve's grading metadata: "A001_08151512_C001.sidecar".
      {Maker::blackmagic, FileRole::sidecar,
       pattern({kAnyFolders, kBlackmagicStem, R"(\.sidecar)"}), kBlackmagicFields},

      // ---- Anything under a DCIM folder (stills cameras, phones, action cameras, drones).
      // GoPro HERO6 and later: chapter 01, 02 … of recording 0042: "DCIM/100GOPRO/GX010042.MP4",
      // "GH020042.MP4", MAX "GS010042.360". $1 chapter, $2 recording.
      {Maker::generic, FileRole::media,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?G[HXS](\d\d)(\d{4})\.(?:MP4|360))"}), kGoProFields},
      // Its low-resolution proxy "GL010042.LRV" and thumbnail "GX010042.THM".
      {Maker::generic, FileRole::proxy,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?G[HXSL](\d\d)(\d{4})\.LRV)"}), kGoProFields},
      {Maker::generic, FileRole::sidecar,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?G[HXS](\d\d)(\d{4})\.THM)"}), kGoProFields},
      // GoPro before HERO6: first chapter "GOPR0042.MP4", later ones "GP010042.MP4", "GP020042".
      {Maker::generic, FileRole::media, pattern({kAnyFolders, R"(DCIM/(?:.*/)?GOPR(\d{4})\.MP4)"}),
       kGoProLegacyFirstFields},
      // Its proxy "GOPR0042.LRV" and thumbnail "GOPR0042.THM".
      {Maker::generic, FileRole::proxy, pattern({kAnyFolders, R"(DCIM/(?:.*/)?GOPR(\d{4})\.LRV)"}),
       kGoProLegacyFirstFields},
      {Maker::generic, FileRole::sidecar,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?GOPR(\d{4})\.THM)"}), kGoProLegacyFirstFields},
      // Chapter 2 onwards "GP010042.MP4" (chapter 2), with its "GP010042.LRV" and ".THM".
      {Maker::generic, FileRole::media,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?GP(\d\d)(\d{4})\.MP4)"}), kGoProLegacyLaterFields},
      {Maker::generic, FileRole::proxy,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?GP(\d\d)(\d{4})\.LRV)"}), kGoProLegacyLaterFields},
      {Maker::generic, FileRole::sidecar,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?GP(\d\d)(\d{4})\.THM)"}), kGoProLegacyLaterFields},
      // Low-resolution copies: DJI "DCIM/100MEDIA/DJI_0001.LRF".
      {Maker::generic, FileRole::proxy,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?([^/]+?)\.(?:LRF|LRV))"}), kStemFields},
      // Metadata beside a picture: DJI telemetry "DJI_0001.SRT", Canon DSLR "MVI_0001.THM",
      // iPhone edits "IMG_1234.AAE", raw developer settings "IMG_0001.XMP".
      {Maker::generic, FileRole::sidecar,
       pattern({kAnyFolders, R"(DCIM/(?:.*/)?([^/]+?)\.(?:SRT|THM|AAE|XMP))"}), kStemFields},
      // Canon EOS's own catalogue: "DCIM/CANONMSC/M0100.CTG".
      {Maker::generic, FileRole::card, pattern({kAnyFolders, R"(DCIM/CANONMSC/.*)"}), {}},
      // Everything else: "DCIM/100CANON/IMG_0001.CR3", "DCIM/100APPLE/IMG_1234.HEIC".
      {Maker::generic, FileRole::media, pattern({kAnyFolders, "DCIM/(?:.*/)?", kStemAndExtension}),
       kStemFields},

      // ---- No rule knows it: "take3_final.mov", "Sound/Day1/001.wav". A clip of its own.
      {Maker::unknown, FileRole::media, pattern({kAnyFolders, kStemAndExtension}), kStemFields},
  };
  return table;
}

// Expands "$n" (n from 1 to 9) in `format` to group n of `match`, taken from `path`: the match
// ran over an upper-cased copy of it, and "h12NR" is to stay "h12NR".
std::string expand(const char* format, const std::smatch& match, std::string_view path) {
  std::string text;
  for (const char* c = format; *c != '\0'; ++c) {
    if (c[0] == '$' && c[1] >= '1' && c[1] <= '9') {
      const auto group = static_cast<std::size_t>(c[1] - '0');
      if (group < match.size() && match[group].matched) {
        text += path.substr(static_cast<std::size_t>(match.position(group)),
                            static_cast<std::size_t>(match.length(group)));
      }
      ++c;
    } else {
      text += *c;
    }
  }
  return text;
}

int to_segment(const std::string& digits, int offset) {
  int value = 0;
  const char* const end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || error != std::errc() || stop != end) {
    return 0;
  }
  return value + offset;
}

// Which clip a file joins. Names from the camera makers carry the camera and reel, so they are
// unique on a card wherever the file sits; generic and unknown names ("IMG_0001", "001") repeat
// from folder to folder, so the folder is part of who they are. Case is ignored, as it is by the
// card file systems (FAT, exFAT, HFS+) these paths come from.
std::string group_key(std::string_view path, const ClipName& name) {
  std::string key;
  if (name.maker == Maker::generic || name.maker == Maker::unknown) {
    const std::size_t slash = path.rfind('/');
    if (slash != std::string_view::npos) {
      key = path.substr(0, slash);
    }
    key += '\0';
  }
  key += to_string(name.maker);
  key += '\0';
  key += name.clip;
  for (char& c : key) {
    c = ascii_upper(c);
  }
  return key;
}

int role_rank(FileRole role) {
  switch (role) {
    case FileRole::media:
      return 0;
    case FileRole::proxy:
      return 1;
    case FileRole::sidecar:
      return 2;
    case FileRole::card:
      return 3;
  }
  return 3;
}

}  // namespace

ClipName parse_clip_name(std::string_view relative_path) {
  std::string upper(relative_path);
  for (char& c : upper) {
    c = ascii_upper(c);
  }
  std::smatch match;
  for (const Rule& rule : rules()) {
    if (!std::regex_match(upper, match, rule.pattern)) {
      continue;
    }
    const Fields& fields = rule.fields;
    ClipName name;
    name.maker = rule.maker;
    name.role = rule.role;
    name.clip = expand(fields.clip, match, relative_path);
    name.camera = expand(fields.camera, match, relative_path);
    name.reel = expand(fields.reel, match, relative_path);
    name.clip_number = expand(fields.clip_number, match, relative_path);
    name.date = expand(fields.date, match, relative_path);
    name.camera_id = expand(fields.camera_id, match, relative_path);
    name.segment = to_segment(expand(fields.segment, match, relative_path), fields.segment_offset);
    return name;
  }
  return ClipName{};
}

std::vector<Clip> group_clips(const std::vector<std::string>& relative_paths) {
  // Walking the paths in order makes each clip's first file its smallest path, so clips are
  // created in the order they are to be returned, and files within a role stay in path order.
  std::vector<std::string> paths = relative_paths;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());

  struct Member {
    std::string path;
    ClipName name;
  };
  std::vector<std::vector<Member>> groups;
  std::unordered_map<std::string, std::size_t> group_of_key;
  for (std::string& path : paths) {
    ClipName name = parse_clip_name(path);
    if (name.role == FileRole::card) {
      continue;
    }
    const auto [found, inserted] = group_of_key.try_emplace(group_key(path, name), groups.size());
    if (inserted) {
      groups.emplace_back();
    }
    groups[found->second].push_back({std::move(path), std::move(name)});
  }

  std::vector<Clip> clips;
  clips.reserve(groups.size());
  for (std::vector<Member>& members : groups) {
    std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
      return role_rank(a.name.role) < role_rank(b.name.role);
    });
    Clip clip;
    clip.name = members.front().name;
    clip.files.reserve(members.size());
    for (Member& member : members) {
      clip.files.push_back(std::move(member.path));
    }
    clips.push_back(std::move(clip));
  }
  return clips;
}

}  // namespace slate::camera
