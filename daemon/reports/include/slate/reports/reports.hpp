#pragma once
/// The PDF reports people sign off on: a card's offload report, the script supervisor's Editor's
/// Log and Daily Progress Report. Typeset with Pango on Cairo's PDF surface, fonts embedded, text
/// searchable. Typed values in, the PDF's bytes out: what goes in them is read from the catalogue
/// elsewhere (daemon/exports), already worded and formatted for a person.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace slate::reports {

/// A report that cannot be made (Cairo or Pango refused); the message says which and why.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Every report is landscape.
enum class Paper { a4, letter };
/// "a4" or "letter"; nullopt for anything else.
std::optional<Paper> parse_paper(const std::string& text);

/// What every page carries: the production and unit at the top, Slate's version, when it was made
/// and "Page N of M" at the foot.
struct Masthead {
  std::string production;    ///< "Night Train"
  std::string unit;          ///< "Main unit"
  std::string version;       ///< Slate's version: "0.2.0"
  std::string generated_at;  ///< The box's local time, as printed: "2026-12-01 19:42"
};

/// A report made: the PDF and how many pages it has.
struct Document {
  std::string pdf;
  int pages = 0;
};

// The offload report of one card.

struct OffloadDestination {
  std::string name;                         ///< Configured name; may be empty.
  std::string path;                         ///< The card folder on the drive.
  std::string volume_label;                 ///< May be empty (not known).
  std::optional<std::uint64_t> free_bytes;  ///< At the end of the offload; none: not mounted.
  std::string state;                        ///< "verified", "failed", "copied, not verified"…
  std::string reason;                       ///< Why it failed; empty when it did not.
  int files_verified = 0;
  int files = 0;
  std::uint64_t bytes_verified = 0;
  std::string
      manifest;  ///< The ASC MHL generation written: "ascmhl/0001_A002_2026-12-01_184200Z.mhl"
};

struct ClipCopy {
  std::string destination;  ///< The destination's name, or its path when it has none.
  std::string state;        ///< "verified", "failed: <reason>", "pending"…
  bool ok = false;          ///< Verified.
};

struct OffloadClip {
  std::string name;  ///< "A002C006_141024_R2EC"
  std::string file;  ///< Its media file on the card: "A002C006_141024_R2EC.mov"
  /// JPEG files: the first, middle and last frame (a still: its one image). Drawn with their shape
  /// kept, never stretched; one that is missing or cannot be read is drawn as a placeholder.
  std::vector<std::filesystem::path> thumbnails;
  /// Printed in a placeholder box when there are no thumbnails: "RAW", "No preview".
  std::string placeholder;
  std::string tc_in;  ///< "01:02:03:04"; empty when not known
  std::string tc_out;
  std::string duration;    ///< "00:00:12:05"
  std::string rate;        ///< "23.976"
  std::string resolution;  ///< "3840×2160"
  std::string codec;       ///< "ProRes 422 HQ"
  int audio_channels = 0;
  std::uint64_t size = 0;  ///< Bytes, all the clip's files.
  /// ("xxh64", "1f2e…"), in the offload's hash order; C4 ids are 90 characters.
  std::vector<std::pair<std::string, std::string>> checksums;
  std::string scene_take;        ///< "12A-3" when matched to a take; empty when not.
  std::vector<ClipCopy> copies;  ///< One per destination.
  /// A copy failed or is not verified, or something else is wrong: listed before the rest.
  bool failed = false;
  std::vector<std::string> warnings;  ///< Printed in the clip's row; these clips come next.
};

struct OffloadReport {
  Masthead masthead;
  std::string card;        ///< The card folder's name: "A002_SSD"
  std::string roll;        ///< "A002"
  std::string camera;      ///< "A" ("A, B" when mixed)
  std::string layout;      ///< The card's layout, by maker: "ARRI", "Sony", "generic"
  std::string source;      ///< Where it was read: the device and mount "/dev/sdb1 on /media/A002"
  std::string started_at;  ///< Local, as printed: "2026-12-01 18:42:00"
  std::string finished_at;
  std::string elapsed;  ///< "4 min 12 s"
  std::uint64_t bytes = 0;
  int files = 0;
  std::vector<std::string> hashes;   ///< "xxh64", "md5"…: the first verifies the copies.
  std::string verify_mode;           ///< "full", "source", "none"
  bool safe = false;                 ///< SAFE TO FORMAT, else NOT SAFE.
  std::vector<std::string> reasons;  ///< Why it is not safe: every one, on page 1.
  int destinations_required = 0;
  int destinations_verified = 0;
  std::vector<OffloadDestination> destinations;
  std::vector<OffloadClip> clips;  ///< In card order; the report lists failed, then warned first.
};

/// How the offload report's clip table falls onto pages: `first_page` rows under the header block
/// and destinations on page 1 (it depends on how many reasons and destinations there are), then
/// `per_page` on each page after, under the repeated table header. Every row has the same height.
struct OffloadLayout {
  int first_page = 0;
  int per_page = 0;
  /// The pages the header block and destinations take: 1 unless there are more reasons or
  /// destinations than one page holds; `first_page` rows then go under them on the last of these.
  int lead_pages = 1;
  /// `lead_pages` (1) + the pages the rows past the first page's need.
  int pages_for(std::size_t clips) const;
};
OffloadLayout offload_layout(const OffloadReport& report, Paper paper);

Document render_offload_report(const OffloadReport& report, Paper paper);

// The Editor's Log of a day.

struct LoggedClip {
  std::string camera;  ///< "A"
  std::string name;    ///< "A002C006_141024_R2EC"
  std::string reel;
  std::string roll;
  std::string tc_in;  ///< The clip's own timecode
  std::string tc_out;
};

struct LoggedTake {
  std::string name;      ///< "12A-3"
  std::string status;    ///< "Circled", "Kept", "No good", "False start", "Rolling"…
  bool circled = false;  ///< Printed bold.
  bool director_pick = false;
  std::string flags;      ///< "MOS WT PU S" as they apply, space-separated
  std::string rolled_at;  ///< Roll timecode "14:02:10:00"
  std::string cut_at;     ///< Cut timecode
  std::string duration;   ///< "00:01:12"
  std::vector<LoggedClip> clips;
  std::string notes;  ///< Wrapped, never clipped
};

struct LoggedSetup {
  std::string name;         ///< "12A"
  std::string description;  ///< "MCU Anna, 50 mm"
  std::vector<LoggedTake> takes;
};

struct LoggedScene {
  std::string number;       ///< "12"
  std::string description;  ///< "INT. KITCHEN - NIGHT. Anna finds the letter."
  std::vector<LoggedSetup> setups;
  int takes = 0;
  int circled = 0;
  std::string duration;  ///< All takes: "00:12:40"
  std::string circled_duration;
};

struct EditorsLog {
  Masthead masthead;
  std::string day;                  ///< "Day 3 · Tuesday 2026-12-01"
  std::vector<LoggedScene> scenes;  ///< Scenes by first take shot, setups likewise, takes in order
  int takes = 0;
  int circled = 0;
  std::string duration;
  std::string circled_duration;
};

Document render_editors_log(const EditorsLog& log, Paper paper);

// The Daily Progress Report of a day.

struct TimeMark {
  std::string label;  ///< "Call", "First roll", "Lunch", "Back from lunch", "Last cut", "Wrap"
  std::string at;     ///< "07:00"; empty: not marked
};

struct SceneProgress {
  std::string number;
  std::string description;
  bool complete = false;  ///< Shot out today (else partly shot)
  int setups = 0;
  int takes = 0;
  int circled = 0;
  std::string pages;  ///< "1 3/8"; empty when the shot list gives none
};

struct CardProgress {
  std::string roll;
  std::string camera;
  int files = 0;
  std::uint64_t bytes = 0;
  bool safe = false;
  std::string verdict;  ///< "SAFE TO FORMAT", "NOT SAFE: <first reason>", "Copying"
};

struct ProgressReport {
  Masthead masthead;
  std::string date;  ///< "Tuesday 2026-12-01"
  int day_number = 0;
  std::optional<int> schedule_days;  ///< "Day 3 of 40" when known
  std::string unit;
  std::vector<TimeMark> times;  ///< In the order given
  std::vector<SceneProgress> scenes;
  int scenes_complete = 0;
  int scenes_part = 0;
  int setups = 0;
  int takes = 0;
  int circled = 0;
  std::string minutes_all;  ///< Minutes of picture: "42.5"
  std::string minutes_circled;
  std::string pages_shot;  ///< "4 6/8"
  std::vector<CardProgress> cards;
  std::uint64_t bytes = 0;
  std::vector<std::string> open_items;  ///< The wrap check's, as worded; none: all clear
};

Document render_progress_report(const ProgressReport& report, Paper paper);

}  // namespace slate::reports
