#pragma once
/// What a camera's file names say: which camera, which roll, which clip, when. And which files on a
/// card make up one clip, so the catalogue holds one clip per shot with all its files.
///
/// The rules live in one table in clip_name.cpp, one row per naming scheme: add a camera there.

#include <string>
#include <string_view>
#include <vector>

namespace slate::camera {

/// Who made the camera that wrote a file, as far as its name and folder tell.
enum class Maker { arri, red, sony, canon, blackmagic, generic, unknown };
const char* to_string(Maker maker);

/// The part a file plays in its clip.
enum class FileRole {
  media,    ///< The picture (or sound) essence: what a clip is named after.
  sidecar,  ///< Metadata written beside it: Sony M01.XML, Canon .XML, RED .RMD, BRAW .sidecar.
  proxy,    ///< A smaller copy the camera recorded beside it: Sony S03.MP4, GoPro .LRV.
  card,     ///< The card's own bookkeeping, part of no clip: MEDIAPRO.XML, ascmhl/, .DS_Store.
};
const char* to_string(FileRole role);

/// The fields one file name carries. Empty strings where the name does not tell.
struct ClipName {
  Maker maker = Maker::unknown;
  std::string clip;         ///< Shared by every file of the clip: "A002C006_141024_R2EC".
  std::string camera;       ///< Camera letter or index: "A".
  std::string reel;         ///< Reel, roll or magazine: "A002", "A_0001".
  std::string clip_number;  ///< As written, leading zeros kept: "006".
  std::string date;         ///< ISO 8601 "2014-10-24" when the name carries a full date.
  std::string camera_id;    ///< The camera's own mark in the name: "R2EC", "h12NR", "XY".
  int segment = 0;          ///< 1-based part of a spanned clip (RED _001.R3D); 0 if not spanned.
  FileRole role = FileRole::media;

  bool operator==(const ClipName&) const = default;
};

/// Parses one file, given by its '/'-separated path relative to the card's root (folders matter:
/// a Sony proxy is told by its SUB folder, an ARRIRAW frame by its clip folder). A name no rule
/// knows is a clip of its own (maker unknown, or generic under DCIM/), named by its file name
/// without the extension.
ClipName parse_clip_name(std::string_view relative_path);

/// One shot: its name and fields (from its first media file), and its files, media first in path
/// order, then proxies, then sidecars.
struct Clip {
  ClipName name;
  std::vector<std::string> files;
};

/// Groups a card's files into clips: spanned RED segments, sidecars and proxies beside their
/// clip, ARRI per-clip folders. Files with the role `card` are in no clip. Clips come in the order
/// of their first file's path.
std::vector<Clip> group_clips(const std::vector<std::string>& relative_paths);

}  // namespace slate::camera
