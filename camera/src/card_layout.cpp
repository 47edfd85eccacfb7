#include <algorithm>
#include <map>
#include <regex>

#include <slate/camera/card_layout.hpp>

namespace slate::camera {

namespace {

// The first path component, upper-cased: folder marks are matched case-insensitively because
// FAT file systems and the cameras that format them do not agree on case.
std::string upper(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return result;
}

bool has_prefix_folder(const std::string& upper_path, std::string_view folder) {
  return upper_path.starts_with(folder) ||
         upper_path.find("/" + std::string(folder)) != std::string::npos;
}

// A folder named for the roll: a RED magazine "A001_0613XY.RDM" or an ARRI reel "A002R2EC".
std::string roll_from_folders(const std::vector<std::string>& paths, Maker layout) {
  static const std::regex red_magazine(R"((?:^|/)([A-Z]\d{3})_\w+\.RDM/)", std::regex::icase);
  static const std::regex arri_reel(R"((?:^|/)([A-Z]\d{3})R[0-9A-Z]{3}/)", std::regex::icase);
  const std::regex& pattern = layout == Maker::red ? red_magazine : arri_reel;
  if (layout != Maker::red && layout != Maker::arri) {
    return {};
  }
  std::smatch match;
  for (const auto& path : paths) {
    if (std::regex_search(path, match, pattern)) {
      return upper(match[1].str());
    }
  }
  return {};
}

}  // namespace

CardLayout classify_card(const std::vector<std::string>& relative_paths) {
  CardLayout result;
  const auto clips = group_clips(relative_paths);
  result.clips = clips.size();

  bool sony = false, canon = false, red = false, generic = false;
  for (const auto& path : relative_paths) {
    const auto folder = upper(path);
    sony = sony || has_prefix_folder(folder, "XDROOT/") || has_prefix_folder(folder, "M4ROOT/");
    canon = canon || has_prefix_folder(folder, "CONTENTS/CLIPS");
    red = red || folder.find(".RDM/") != std::string::npos;
    generic = generic || has_prefix_folder(folder, "DCIM/");
  }

  // Without a folder mark, the maker most clips are named by; the unknown ones do not vote.
  std::map<Maker, std::size_t> votes;
  for (const auto& clip : clips) {
    if (clip.name.maker != Maker::unknown && clip.name.role != FileRole::card) {
      ++votes[clip.name.maker];
    }
  }
  if (sony) {
    result.layout = Maker::sony;
  } else if (canon) {
    result.layout = Maker::canon;
  } else if (red) {
    result.layout = Maker::red;
  } else if (!votes.empty()) {
    result.layout = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
                      return a.second < b.second;
                    })->first;
  } else if (generic) {
    result.layout = Maker::generic;
  }

  // The reel named by most of the layout's clips; a tie goes to the first in path order, which is
  // the lowest reel on a card that was never reformatted.
  std::map<std::string, std::size_t> reels;
  std::string first_reel;
  std::size_t best = 0;
  for (const auto& clip : clips) {
    if (clip.name.maker != result.layout || clip.name.reel.empty()) {
      continue;
    }
    const auto count = ++reels[clip.name.reel];
    if (count > best) {
      best = count;
      first_reel = clip.name.reel;
    }
  }
  result.roll = !first_reel.empty() ? first_reel : roll_from_folders(relative_paths, result.layout);
  return result;
}

}  // namespace slate::camera
