#pragma once
/// The numbering conventions of a film set: scene numbers as written on the script, setup letters,
/// take numbers, camera letters. The one grammar of each: the shot-list import, the API and take
/// numbering all read scene numbers and camera lists through these functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <slate/production/refusal.hpp>

namespace slate::production {

/// A scene number as the script prints it: "12", "12A", "A12", "12pt2", "OMIT 14".
struct SceneNumber {
  std::string text;  ///< Normalised: upper case, "12PT2", "OMIT 14" → "14" with omitted set.
  bool omitted = false;
  /// For ordering: leading letters, the number, trailing part ("A12" < "12" < "12A" < "12B" <
  /// "12PT2" < "13"). Compare with operator<.
  std::string prefix;
  int number = 0;
  std::string suffix;
};
/// Parses a scene number; nullopt with nothing it could mean (empty, no digits, "12-14", "12PT").
/// Up to 3 leading letters, up to 6 digits, then up to 3 letters or "PT" and up to 6 digits;
/// "OMIT"/"OMITTED" as a separate word before or after; case and surrounding space ignored.
std::optional<SceneNumber> parse_scene(std::string_view text);
/// Why parse_scene refuses `text`, as a sentence that quotes it ("\"12-14\" is not a scene number
/// (like 12, 12A, A12, 12PT2 or OMIT 14)"); empty when it accepts it.
std::string scene_number_problem(std::string_view text);
/// Script order: 12 before 12A before 12B before 13; A12 (an added scene before 12) sorts just
/// before 12.
bool scene_before(const SceneNumber& a, const SceneNumber& b);

/// Setup letters skip I and O (they read as 1 and 0 on a slate): A … H, J … N, P … Z, then AA, AB,
/// … skipping I and O in each place. index 0 → "A", 23 → "Z", 24 → "AA".
std::string setup_letter(int index);
/// The inverse; nullopt for a letter that is not used ("I", "O", "AI", lower case is accepted).
std::optional<int> setup_index(std::string_view letters);
/// The next setup letter after those already used in a scene (the highest used + 1; "A" when
/// none).
std::string next_setup(const std::vector<std::string>& used);

/// The take number to propose next in a setup, given the numbers already taken (deleted takes are
/// not in the list, but their numbers are never reused: `highest_ever` is the highest number the
/// setup has had, deleted or not). Pickups and series continue the count.
int next_take(const std::vector<int>& existing, int highest_ever);

/// The most cameras a project, setup or take names: one per letter.
inline constexpr std::size_t kMaxCameras = 26;

/// The one check of a camera list, for a project, a setup, a shot-list row and a roll: each camera
/// is one letter A to Z (lower case is upper-cased), a repeat is dropped, order is kept, at most
/// kMaxCameras. An empty list is valid here (a setup with no cameras of its own rolls the
/// project's); a caller that needs one says so. Refused (invalid) with the entry that is wrong.
Outcome<std::vector<std::string>> parse_cameras(const std::vector<std::string>& cameras);
/// The same from a shot list's cell: "A, B", "A+B", "A/B", "A&B", "A B" or "AB".
Outcome<std::vector<std::string>> parse_cameras(std::string_view text);

}  // namespace slate::production
