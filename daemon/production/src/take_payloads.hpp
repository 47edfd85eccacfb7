#pragma once
// The take log's events, built in one place: each kind with its payload (JSON text, with the take
// as to_payload writes it), and what undo reads back from them.

#include <cstdint>
#include <string>
#include <vector>

#include <slate/catalogue/event.hpp>
#include <slate/catalogue/sqlite.hpp>
#include <slate/production/take.hpp>
#include <slate/production/take_events.hpp>

namespace slate::production {

/// The marks undo restores.
struct MarkValues {
  TakeStatus status = TakeStatus::none;
  bool flagged = false;
  std::string notes;
  bool mos = false;
  bool vfx = false;
};

void write_marks(catalogue::Database& db, std::int64_t take_id, const MarkValues& marks);

catalogue::NewEvent take_event(std::string kind, const Take& take, const std::string& actor);
catalogue::NewEvent take_updated_event(const Take& take, const TakeChange& change,
                                       const MarkValues& before, const std::string& actor);
catalogue::NewEvent take_renumbered_event(const Take& take, int from, const std::string& actor);
catalogue::NewEvent take_undone_event(const Take& take, std::int64_t undid_sequence,
                                      const Undo& undo, const std::string& actor);
catalogue::NewEvent clip_matched_event(std::int64_t clip_id, const Take& take, bool manual,
                                       double overlap_seconds, const std::string& actor);
catalogue::NewEvent clip_unassigned_event(std::int64_t clip_id, const std::string& actor);

/// day.restamped: {"day", "frames", "takes", "undid" (the re-stamp an undo took back)}.
catalogue::NewEvent day_restamped_event(const Restamp& restamp,
                                        std::optional<std::int64_t> undid_sequence,
                                        const std::string& actor);

/// What a take event's payload says undo must restore.
struct RecordedChange {
  std::int64_t take_id = 0;
  TakeChange before;        ///< take.updated: the marks it changed, as they were
  int from_number = 0;      ///< take.renumbered
  std::int64_t day_id = 0;  ///< day.restamped
  std::int64_t frames = 0;  ///< day.restamped
};
RecordedChange read_take_change(const std::string& payload);

}  // namespace slate::production
