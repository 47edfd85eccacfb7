#pragma once
/// Takes: rolled and cut on a setup, stamped with the appliance clock and time-of-day timecode at
/// the project rate, marked (circled, hold, NG, false start, the director's flag, notes), and the
/// clips whose timecode falls in them.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <slate/catalogue/catalogue.hpp>
#include <slate/production/production_store.hpp>

namespace slate::production {

/// A change to the production refused: `status` is the HTTP status it means (400, 404, 409).
class ProductionError : public std::runtime_error {
 public:
  ProductionError(unsigned status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

/// A take request that cannot be done: `status` is the HTTP status it means (400, 404, 409).
using TakeError = ProductionError;

/// Which takes a listing holds; empty fields do not filter.
struct TakeFilter {
  std::int64_t day = 0;  ///< 0: the current day
  std::string scene;     ///< "12A"
  std::string status;    ///< none, circled, hold, ng, false_start
  std::string camera;    ///< takes this camera rolled on: "B"
  std::optional<bool> flagged;
};

class TakeStore {
 public:
  /// `timecode_offset` shifts the clock's time of day, for a set whose cameras are jammed to a
  /// clock that is not the box's.
  explicit TakeStore(catalogue::Catalogue& catalogue,
                     std::chrono::milliseconds timecode_offset = std::chrono::milliseconds(0),
                     double match_tolerance_seconds = 2.0);
  ~TakeStore();
  TakeStore(const TakeStore&) = delete;
  TakeStore& operator=(const TakeStore&) = delete;

  /// Rolls the next take on a setup. `body` may give "cameras" (else the setup's, else the
  /// project's), "kind" (normal, pickup, series), "wild", "mos", "vfx".
  nlohmann::json roll(std::int64_t setup_id, const nlohmann::json& body, const std::string& actor,
                      std::chrono::system_clock::time_point now);
  /// Cuts a rolling take, then matches clips to takes again.
  nlohmann::json cut(std::int64_t take_id, const std::string& actor,
                     std::chrono::system_clock::time_point now);
  /// Changes "status", "flagged", "notes", "wild", "mos", "vfx".
  nlohmann::json update(std::int64_t take_id, const nlohmann::json& patch,
                        const std::string& actor);
  /// Takes back the device's last change to a take (a roll, a cut, marks), one at a time.
  nlohmann::json undo(const std::string& actor);
  /// A person's assignment of a clip to a take, or (take 0) to none: kept over any matching.
  nlohmann::json assign(std::int64_t clip_id, std::int64_t take_id, const std::string& actor);
  /// Takes of a day (the current one when 0), with scene, setup and their matched clips.
  nlohmann::json list(std::int64_t day_id);
  /// The API's answer, {"takes": [...]}, as text: the takes the filter lets through.
  std::string list_text(const TakeFilter& filter);
  /// Clips on no take, for the DIT and the script supervisor to assign: each with why ("no
  /// timecode", "no take overlaps", "unassigned by hand").
  nlohmann::json unmatched_clips();

  /// Assigns every probed clip to the take its timecode overlaps most; a clip assigned or
  /// unassigned by hand is left alone. Returns how many assignments changed.
  int match_clips();
  /// Asks for match_clips() on the store's own thread (from the catalogue's observer: a clip was
  /// probed). Cheap; does not touch the catalogue.
  void request_match();

 private:
  nlohmann::json take(std::int64_t take_id);

  catalogue::Catalogue& catalogue_;
  std::chrono::milliseconds offset_;
  double tolerance_seconds_;
  // Listings as last made, by filter, with the event sequence they were made at.
  struct Listing {
    std::int64_t sequence = 0;
    std::string text;
  };
  std::mutex listing_mutex_;
  std::map<std::string, Listing> listings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread matcher_;
};

}  // namespace slate::production
