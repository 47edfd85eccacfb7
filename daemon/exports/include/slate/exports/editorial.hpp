#pragma once
/// What editorial is handed, read from the catalogue: the chosen days' takes in shooting order and
/// the clips the cameras recorded, each with the take it is on, its timecode and what the probe
/// and the verified offload know of it. Typed values only; the ALE and the CSV are made from it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/production/take.hpp>

namespace slate::exports {

/// Which clips and takes an export holds.
struct Selection {
  std::vector<std::int64_t> days;   ///< Shooting day ids; empty: the current day.
  std::optional<std::string> roll;  ///< Only this card's clips (its roll, "A001"), and their takes.
  bool circled_only = false;        ///< Only circled takes and their clips.
  bool unmatched = true;            ///< Clips on no take, with empty scene and take.
};

struct EditorialDay {
  std::int64_t id = 0;
  int number = 0;
  std::string date;  ///< YYYY-MM-DD
  std::string unit;  ///< "main", "second", "splinter"
};

/// A take as editorial reads it.
struct EditorialTake {
  production::Take take;          ///< As the log holds it, clips included.
  std::string name;               ///< "12A-A/3", "12A/WT2"
  std::string setup_description;  ///< The setup's, from the shot list.
  std::string scene_description;  ///< The scene's, from the shot list.
  int day_number = 0;
  std::string day_date;
  std::string unit;
};

/// A picture (or sound) clip as editorial reads it.
struct EditorialClip {
  std::int64_t id = 0;
  std::string name;         ///< The camera's clip name: "A002C006_141024_R2EC"
  std::string source_file;  ///< The media file's name on the card: "A002C006_141024_R2EC.mov"
  std::string camera;       ///< "A"
  std::string reel;         ///< The card's reel as the camera names it: "A002"
  /// The reel as the media's own metadata names it (what Avid reads when it links the file), else
  /// the reel of its name, else the roll: the Tape an ALE is merged on.
  std::string tape;
  std::string roll;                     ///< The offload's roll: "A002"
  std::string card;                     ///< The card folder's name
  std::optional<std::string> start_tc;  ///< First frame, ';' for drop-frame
  std::int64_t frames = 0;              ///< 0: not probed
  std::string rate;                     ///< "23.976", "29.97"; empty: not probed
  bool drop_frame = false;
  int width = 0;
  int height = 0;
  std::string codec;  ///< "ProRes 422 HQ"
  int audio_channels = 0;
  int audio_sample_rate = 0;
  /// A single picture (a tethered camera's shot, a JPEG on a card): no timecode, no take, no row
  /// in an ALE.
  bool still = false;
  std::string checksum;  ///< "xxh64:9b0f…": the first hash of the verified offload; empty if none
  std::string recorded_at;  ///< UTC
  std::string shoot_date;   ///< YYYY-MM-DD: the shooting day's date, else the recorded date
  int day_number = 0;       ///< 0: on no known day
  std::string unit;
  /// The take it is on, an index into EditorialLog::takes.
  std::optional<std::size_t> take;
};

struct EditorialLog {
  std::string project;
  std::string project_fps;  ///< "23.976"
  std::vector<EditorialDay> days;
  std::vector<EditorialTake> takes;  ///< In shooting order (rolled_at), undone takes left out.
  /// In shooting order per day, camera and card (as the clips are on the card).
  std::vector<EditorialClip> clips;
};

/// Reads the selection from the catalogue. An unknown day id gives std::invalid_argument naming
/// it; a day with nothing on it gives a log with no takes and no clips.
EditorialLog read_editorial_log(catalogue::CatalogueReader& reader, const Selection& selection);

}  // namespace slate::exports
