#pragma once
/// Which camera wrote a card, and which roll it is, from the card's folders and file names.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <slate/camera/clip_name.hpp>

namespace slate::camera {

/// A card's layout is named after its maker: ARRI, RED, Sony, Canon, Blackmagic; `generic` for a
/// DCIM/ card (stills, phones, drones); `unknown` for anything else, still offloadable.
struct CardLayout {
  Maker layout = Maker::unknown;
  /// The roll the card's names give ("A002"); empty when they give none and the operator must say.
  std::string roll;
  std::size_t clips = 0;  ///< Clips on the card, by group_clips.
};

/// Classifies a card from its files ('/'-separated, relative to its root). Folder marks decide
/// first (XDROOT/ or PRIVATE/M4ROOT/ is Sony, CONTENTS/CLIPS001/ Canon, an .RDM folder RED, DCIM/
/// generic); otherwise the maker most of its clips are named by. The roll is the reel most of its
/// clips name, or the reel a RED magazine or ARRI reel folder is named by.
CardLayout classify_card(const std::vector<std::string>& relative_paths);

}  // namespace slate::camera
