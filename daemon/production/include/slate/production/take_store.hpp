#pragma once
/// The take log in the catalogue: rolls and cuts on setups, marks, undo, and which take each clip
/// belongs to. Every operation is one transaction (nested in the caller's when there is one) with
/// its event, and answers from inside it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <slate/catalogue/catalogue.hpp>
#include <slate/catalogue/page.hpp>
#include <slate/production/box_clock.hpp>
#include <slate/production/refusal.hpp>
#include <slate/production/take.hpp>

namespace slate::production {

struct TakeClockOptions {
  /// How far a clip may start before its take rolled or end after it was cut and still match.
  double match_tolerance_seconds = 2.0;
};

class TakeStore {
 public:
  /// Rolls and cuts are stamped by `clock`, the box's timecode; without one, by a clock of the
  /// store's own jammed to time of day.
  explicit TakeStore(catalogue::Catalogue& catalogue, TakeClockOptions options = {},
                     BoxClock* clock = nullptr);
  ~TakeStore();
  TakeStore(const TakeStore&) = delete;
  TakeStore& operator=(const TakeStore&) = delete;

  /// Rolls a take on a setup of the current project, on the current day. Its number is the one
  /// the request gives (what the tablet's slate showed), else the setup's next: one more than any
  /// take of the setup ever had (wild tracks: of the scene's wild tracks). Numbers and ids are
  /// never given again, not even after an undo.
  Outcome<Take> roll(std::int64_t setup_id, const RollRequest& request, const std::string& actor,
                     std::chrono::system_clock::time_point now);
  /// Cuts a rolling take at `at` (the instant the tablet displayed), and attaches the clips of its
  /// day and cameras that wait for a take.
  Outcome<Take> cut(std::int64_t take_id, const std::string& actor,
                    std::chrono::system_clock::time_point at);
  /// Changes marks, or renumbers by hand.
  Outcome<Take> update(std::int64_t take_id, const TakeChange& change, const std::string& actor);
  /// Takes back the device's last change to a take (a roll, a cut, marks, a renumbering), one at
  /// a time. A roll with nothing on it leaves the log (its number stays used); a roll a camera
  /// already has clips on, or that someone marked, is voided (false start) instead.
  Outcome<Undo> undo(const std::string& actor);
  /// Mends a wrong jam: every live take of the day moves by `frames` of its rate (roll and cut
  /// timecode), as one change of the actor's that undo takes back. The day's clips still on no
  /// take are tried again; clips already on takes stay where they are.
  Outcome<Restamp> restamp(std::int64_t day_id, std::int64_t frames, const std::string& actor);
  /// A person's assignment of a clip to a take, or (nullopt) to none: kept over any matching.
  Outcome<Assignment> assign(std::int64_t clip_id, std::optional<std::int64_t> take_id,
                             const std::string& actor);
  /// One take, undone or not.
  Outcome<Take> take(std::int64_t take_id);
  /// The live takes the filter lets through, in the order they rolled.
  TakeListing list(const TakeFilter& filter);
  /// The same, read in full only for the takes `held` says the caller does not hold at their
  /// revision: a view that keeps what it showed reads again only what changed. `held` is asked
  /// inside the listing's read transaction, once per take.
  TakeListing list(const TakeFilter& filter, const std::function<bool(const ListedTake&)>& held);
  /// The event sequence the catalogue stands at: a listing made at it is still exact, since
  /// every change to takes, clips and the shot list appends an event.
  std::int64_t sequence();
  /// A page of the clips on no take, each with why, oldest first; the cursor's key is the id.
  catalogue::Page<UnmatchedClip> unmatched_clips(const catalogue::PageRequest& page);
  /// Every clip on no take, page after page.
  std::vector<UnmatchedClip> unmatched_clips();

  /// Matches clips that have not been tried since they were probed; a settled clip (matched by
  /// timecode, or assigned by hand) is never moved. Returns how many clips got a take.
  int match_new_clips();
  /// Asks for match_new_clips() on the store's own thread (from the catalogue's observer: a clip
  /// was probed). Cheap; does not touch the catalogue.
  void request_match();

 private:
  static constexpr int kMatchBatch = 2000;
  /// One transaction's worth of untried clips; returns how many were tried.
  int match_batch(int* matched = nullptr);

  catalogue::Catalogue& catalogue_;
  TakeClockOptions options_;
  std::unique_ptr<BoxClock> own_clock_;
  BoxClock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread matcher_;
};

}  // namespace slate::production
