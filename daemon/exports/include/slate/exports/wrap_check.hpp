#pragma once
/// The wrap check: what an assistant editor would otherwise find the next morning, for one
/// shooting day. Each finding says what is wrong and where; none means the day is complete.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/catalogue/catalogue.hpp>

namespace slate::exports {

enum class Finding {
  clip_on_no_take,          ///< A picture clip of the day matched to no take.
  camera_missing,           ///< A take that rolled picture on a camera with no clip of it.
  mos_with_audio,           ///< A MOS take whose clip records sound (unless cameras always do).
  sound_missing,            ///< A take with sound whose clip has none (cameras record sound).
  wild_track_with_picture,  ///< A wild track with a picture clip on it.
  two_clips_one_camera,     ///< Two clips of one camera on one take.
  never_cut,                ///< A take rolled and never cut.
  card_not_safe,            ///< A card of the day not safe to format (or its offload unfinished).
  clip_without_timecode,    ///< A clip with no timecode.
};

/// "clip_on_no_take", … as the API and the CLI name them.
std::string_view to_string(Finding finding);

struct CheckItem {
  Finding finding = Finding::clip_on_no_take;
  /// What and where, for a person: "A003C004 (card A003) is on no take: no take of camera A was
  /// rolling at 14:02:11:05".
  std::string message;
  std::optional<std::int64_t> take_id;
  std::string take;  ///< The take's name, "12A-A/3", when the item is about a take.
  std::optional<std::int64_t> clip_id;
  std::string clip;  ///< The clip's name, when the item is about a clip.
  std::optional<std::int64_t> offload_id;
};

struct CheckOptions {
  /// The cameras record scratch sound ([project] camera_audio): a take with sound whose clip has
  /// none is an item.
  bool camera_audio = false;
};

/// The items of one shooting day, in this order: cards, takes in shooting order, clips. Throws
/// std::invalid_argument for an unknown day.
std::vector<CheckItem> check_day(catalogue::CatalogueReader& reader, std::int64_t day_id,
                                 const CheckOptions& options);

}  // namespace slate::exports
