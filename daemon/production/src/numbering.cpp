#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <slate/core/result.hpp>
#include <slate/production/numbering.hpp>

namespace slate::production {

namespace {

// The 24 letters a slate uses for setups: I and O are left out because they read as 1 and 0.
constexpr std::string_view kSetupLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr int kSetupBase = static_cast<int>(kSetupLetters.size());

// Longer letter runs than this are words ("SCENE12", "12CONT"), not scene numbering: refusing them
// keeps typos and notes out of the scene list.
constexpr std::size_t kMaxSceneLetters = 3;
// Scene numbers this long are no script's; the bound also keeps the value inside an int.
constexpr std::size_t kMaxSceneDigits = 6;

// Locale-free on purpose: scene numbers and setup letters are ASCII, and a server locale must not
// change what a slate reads.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string upper(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), to_upper);
  return result;
}

bool all_of(std::string_view text, bool (*predicate)(char)) {
  return std::all_of(text.begin(), text.end(), predicate);
}

// Strips an OMIT marker ("OMIT 14", "OMITTED 14", "14 OMIT", "14 OMITTED") from upper-case,
// trimmed text; true when there was one. The marker must be a separate word, so "OMITA12" is not
// read as an omitted A12.
bool strip_omit(std::string_view& text) {
  for (const std::string_view word : {"OMITTED", "OMIT"}) {
    if (text.size() > word.size() && text.starts_with(word) && is_space(text[word.size()])) {
      text = trim(text.substr(word.size()));
      return true;
    }
    if (text.size() > word.size() && text.ends_with(word) &&
        is_space(text[text.size() - word.size() - 1])) {
      text = trim(text.substr(0, text.size() - word.size()));
      return true;
    }
  }
  return false;
}

// A part suffix: "PT" followed by digits ("12PT2"). Its number, or nullopt for anything else.
std::optional<int> part_number(std::string_view suffix) {
  constexpr std::string_view kPart = "PT";
  if (!suffix.starts_with(kPart)) {
    return std::nullopt;
  }
  const std::string_view digits = suffix.substr(kPart.size());
  if (digits.empty() || digits.size() > kMaxSceneDigits || !all_of(digits, is_digit)) {
    return std::nullopt;
  }
  int value = 0;
  for (const char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// Letter runs ordered as they are added to a script: A, B … Z, then AA, AB …; so shorter first,
// then alphabetical. <0, 0, >0 like strcmp.
int compare_letters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b);
}

// Where a suffix sorts among those of one scene: plain, then letters, then parts.
enum class SuffixKind { kNone, kLetters, kPart };

SuffixKind suffix_kind(const std::string& suffix) {
  if (suffix.empty()) {
    return SuffixKind::kNone;
  }
  return part_number(suffix) ? SuffixKind::kPart : SuffixKind::kLetters;
}

}  // namespace

namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// The scene number `text` is, or the sentence saying why it is none: the one scene grammar.
core::Result<SceneNumber, std::string> scan_scene(std::string_view text) {
  const std::string_view as_written = trim(text);
  const std::string normalised = upper(as_written);
  if (normalised.empty()) {
    return std::string("the scene is missing");
  }
  std::string_view scene = normalised;
  SceneNumber result;
  result.omitted = strip_omit(scene);
  if (scene == "OMIT" || scene == "OMITTED") {
    return quoted(as_written) + " has no scene number (write the omitted scene as OMIT 14)";
  }
  const std::string not_one =
      quoted(as_written) + " is not a scene number (like 12, 12A, A12, 12PT2 or OMIT 14)";

  // Letters, digits, then letters or "PT" digits; anything left over (a space, a dash, a second
  // number as in "12-14") means the text is not one scene number.
  std::size_t at = 0;
  while (at < scene.size() && is_upper(scene[at])) {
    ++at;
  }
  const std::string_view prefix = scene.substr(0, at);
  const std::size_t digits_start = at;
  while (at < scene.size() && is_digit(scene[at])) {
    ++at;
  }
  const std::string_view digits = scene.substr(digits_start, at - digits_start);
  const std::string_view suffix = scene.substr(at);
  if (digits.empty() || digits.size() > kMaxSceneDigits || prefix.size() > kMaxSceneLetters) {
    return not_one;
  }
  // A suffix starting "PT" must be a whole part marker: "12PT" is a part number left off.
  const bool letter_suffix =
      suffix.size() <= kMaxSceneLetters && all_of(suffix, is_upper) && !suffix.starts_with("PT");
  if (!letter_suffix && !part_number(suffix)) {
    if (suffix == "PT") {
      return quoted(as_written) +
             " is not a scene number: a part is written with its number, like 12PT2";
    }
    return not_one;
  }

  for (const char c : digits) {
    result.number = result.number * 10 + (c - '0');
  }
  result.prefix = std::string(prefix);
  result.suffix = std::string(suffix);
  // Rebuilt rather than copied so "012" and "12" are the same scene.
  result.text = result.prefix + std::to_string(result.number) + result.suffix;
  return result;
}

}  // namespace

std::optional<SceneNumber> parse_scene(std::string_view text) {
  auto scanned = scan_scene(text);
  if (!scanned) {
    return std::nullopt;
  }
  return std::move(scanned).value();
}

std::string scene_number_problem(std::string_view text) {
  const auto scanned = scan_scene(text);
  return scanned ? std::string() : scanned.error();
}

bool scene_before(const SceneNumber& a, const SceneNumber& b) {
  if (a.number != b.number) {
    return a.number < b.number;
  }
  // A12 is a scene added before 12, so prefixed scenes come first, A12 before B12.
  if (a.prefix.empty() != b.prefix.empty()) {
    return !a.prefix.empty();
  }
  if (const int order = compare_letters(a.prefix, b.prefix); order != 0) {
    return order < 0;
  }
  // Then 12, then its added scenes 12A, 12B … 12AA, then its parts 12PT2, 12PT3 …: a part splits
  // a scene that already exists, so parts go after every lettered insert.
  const SuffixKind a_kind = suffix_kind(a.suffix);
  const SuffixKind b_kind = suffix_kind(b.suffix);
  if (a_kind != b_kind) {
    return a_kind < b_kind;
  }
  if (a_kind == SuffixKind::kPart) {
    // Numerically, so PT10 follows PT9.
    return *part_number(a.suffix) < *part_number(b.suffix);
  }
  return compare_letters(a.suffix, b.suffix) < 0;
}

std::string setup_letter(int index) {
  if (index < 0) {
    return {};  // No setup has a negative index; an empty letter cannot be mistaken for one.
  }
  // Bijective base 24, as spreadsheet columns are bijective base 26: Z is followed by AA.
  std::string letters;
  std::int64_t n = std::int64_t{index} + 1;
  while (n > 0) {
    --n;
    letters.push_back(kSetupLetters[static_cast<std::size_t>(n % kSetupBase)]);
    n /= kSetupBase;
  }
  std::reverse(letters.begin(), letters.end());
  return letters;
}

std::optional<int> setup_index(std::string_view letters) {
  if (letters.empty()) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (const char c : letters) {
    const std::size_t position = kSetupLetters.find(to_upper(c));
    if (position == std::string_view::npos) {
      return std::nullopt;  // I, O, a digit, a space …
    }
    value = value * kSetupBase + static_cast<std::int64_t>(position) + 1;
    if (value - 1 > std::numeric_limits<int>::max()) {
      return std::nullopt;  // More letters than any index: not a setup this code ever made.
    }
  }
  return static_cast<int>(value - 1);
}

std::string next_setup(const std::vector<std::string>& used) {
  int highest = -1;
  for (const std::string& letters : used) {
    if (const std::optional<int> index = setup_index(letters)) {
      highest = std::max(highest, *index);
    }
  }
  if (highest == std::numeric_limits<int>::max()) {
    return setup_letter(highest);  // Nothing follows; repeating the last beats overflowing.
  }
  return setup_letter(highest + 1);
}

int next_take(const std::vector<int>& existing, int highest_ever) {
  // Deleted takes keep their numbers: a new take must not be confused with one that was logged,
  // so the count goes on from the highest ever seen, not from what is left.
  int highest = std::max(highest_ever, 0);
  for (const int number : existing) {
    highest = std::max(highest, number);
  }
  return highest == std::numeric_limits<int>::max() ? highest : highest + 1;
}

Outcome<std::vector<std::string>> parse_cameras(const std::vector<std::string>& cameras) {
  if (cameras.size() > kMaxCameras) {
    return invalid("a camera list holds at most " + std::to_string(kMaxCameras) +
                   " cameras, one per letter A to Z");
  }
  std::vector<std::string> letters;
  for (const std::string& camera : cameras) {
    const std::string letter = upper(trim(camera));
    if (letter.size() != 1 || !is_upper(letter.front())) {
      return invalid(quoted(camera) + " is not a camera: a camera is one letter, A to Z");
    }
    if (std::find(letters.begin(), letters.end(), letter) == letters.end()) {
      letters.push_back(letter);
    }
  }
  return letters;
}

Outcome<std::vector<std::string>> parse_cameras(std::string_view text) {
  constexpr std::string_view kSeparators = ",+/& \t\n\r";
  std::vector<std::string> letters;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && kSeparators.find(text[i]) == std::string_view::npos) {
      continue;
    }
    const std::string_view token = text.substr(start, i - start);
    start = i + 1;
    if (token.empty()) {
      continue;
    }
    // "AB" is cameras A and B: a shot list writes them run together.
    for (const char c : token) {
      if (!is_upper(to_upper(c))) {
        return invalid(quoted(token) + " is not a camera: cameras are letters, like A, A+B or AB");
      }
      letters.emplace_back(1, to_upper(c));
    }
  }
  // Repeats are dropped before the count: "A+A" is camera A.
  std::vector<std::string> unique;
  for (auto& letter : letters) {
    if (std::find(unique.begin(), unique.end(), letter) == unique.end()) {
      unique.push_back(std::move(letter));
    }
  }
  return parse_cameras(unique);
}

}  // namespace slate::production
