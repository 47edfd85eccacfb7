#include "take_payloads.hpp"

#include <nlohmann/json.hpp>

namespace slate::production {

using nlohmann::json;

namespace {

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json take_json(const Take& take) {
  json clips = json::array();
  for (const auto& clip : take.clips) {
    clips.push_back({{"id", clip.id},
                     {"name", clip.name},
                     {"camera", clip.camera},
                     {"reel", clip.reel},
                     {"start_tc", optional_text(clip.start_tc)},
                     {"end_tc", optional_text(clip.end_tc)},
                     {"method", clip.manual ? "manual" : "timecode"}});
  }
  return {{"id", take.id},
          {"scene", take.scene},
          {"setup", take.setup},
          {"setup_id", take.setup_id},
          {"take", take.number},
          {"name", take.name().to_string()},
          {"kind", to_string(take.kind)},
          {"wild", take.wild},
          {"mos", take.mos},
          {"vfx", take.vfx},
          {"status", to_string(take.status)},
          {"flagged", take.flagged},
          {"notes", take.notes},
          {"cameras", take.cameras},
          {"rate", take.rate},
          {"rolled_at", take.rolled_at},
          {"roll_tc", take.roll_tc},
          {"tc_source", core::to_string(take.tc_source)},
          {"cut_at", optional_text(take.cut_at)},
          {"cut_tc", optional_text(take.cut_tc)},
          {"day", take.day_id},
          {"undone", take.undone},
          {"renumbered_from", take.renumbered_from ? json(*take.renumbered_from) : json(nullptr)},
          {"clash", take.clash},
          {"warnings", take.warnings},
          {"clips", clips}};
}

json marks_json(const TakeChange& change) {
  json marks = json::object();
  if (change.status) {
    marks["status"] = to_string(*change.status);
  }
  if (change.flagged) {
    marks["flagged"] = *change.flagged;
  }
  if (change.notes) {
    marks["notes"] = *change.notes;
  }
  if (change.mos) {
    marks["mos"] = *change.mos;
  }
  if (change.vfx) {
    marks["vfx"] = *change.vfx;
  }
  return marks;
}

// The payload's text: bytes that are not UTF-8 (a note pasted from anywhere) are replaced, never
// thrown on, so a change is never lost to its event.
std::string text(const json& payload) {
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

catalogue::NewEvent event(std::string kind, std::int64_t take_id, json payload,
                          const std::string& actor) {
  payload["id"] = take_id;
  return {std::move(kind), "take/" + std::to_string(take_id), text(payload), actor, {}};
}

}  // namespace

std::string to_payload(const Take& take) {
  return text(take_json(take));
}

void write_marks(catalogue::Database& db, std::int64_t take_id, const MarkValues& marks) {
  db.prepare("UPDATE takes SET status = ?, flagged = ?, notes = ?, mos = ?, vfx = ? WHERE id = ?")
      .bind(1, std::string(to_string(marks.status)))
      .bind(2, std::int64_t{marks.flagged})
      .bind(3, marks.notes)
      .bind(4, std::int64_t{marks.mos})
      .bind(5, std::int64_t{marks.vfx})
      .bind(6, take_id)
      .run();
}

catalogue::NewEvent take_event(std::string kind, const Take& take, const std::string& actor) {
  return event(std::move(kind), take.id, {{"take", take_json(take)}}, actor);
}

catalogue::NewEvent take_updated_event(const Take& take, const TakeChange& change,
                                       const MarkValues& before, const std::string& actor) {
  TakeChange was;
  if (change.status) {
    was.status = before.status;
  }
  if (change.flagged) {
    was.flagged = before.flagged;
  }
  if (change.notes) {
    was.notes = before.notes;
  }
  if (change.mos) {
    was.mos = before.mos;
  }
  if (change.vfx) {
    was.vfx = before.vfx;
  }
  return event(
      "take.updated", take.id,
      {{"take", take_json(take)}, {"changes", marks_json(change)}, {"before", marks_json(was)}},
      actor);
}

catalogue::NewEvent take_renumbered_event(const Take& take, int from, const std::string& actor) {
  return event("take.renumbered", take.id,
               {{"take", take_json(take)}, {"from", from}, {"to", take.number}}, actor);
}

catalogue::NewEvent take_undone_event(const Take& take, std::int64_t undid_sequence,
                                      const Undo& undo, const std::string& actor) {
  return event("take.undone", take.id,
               {{"take", take_json(take)},
                {"undid", undid_sequence},
                {"what", to_string(undo.what)},
                {"message", undo.message}},
               actor);
}

catalogue::NewEvent clip_matched_event(std::int64_t clip_id, const Take& take, bool manual,
                                       double overlap_seconds, const std::string& actor) {
  json payload = {{"clip", clip_id},
                  {"take", take.id},
                  {"method", manual ? "manual" : "timecode"},
                  {"take_object", take_json(take)}};
  if (!manual) {
    payload["overlap_seconds"] = overlap_seconds;
  }
  return {"clip.matched", "clip/" + std::to_string(clip_id), text(payload), actor, {}};
}

catalogue::NewEvent clip_unassigned_event(std::int64_t clip_id, const std::string& actor) {
  return {
      "clip.matched",
      "clip/" + std::to_string(clip_id),
      text(json{
          {"clip", clip_id}, {"take", nullptr}, {"method", "manual"}, {"take_object", nullptr}}),
      actor,
      {}};
}

catalogue::NewEvent day_restamped_event(const Restamp& restamp,
                                        std::optional<std::int64_t> undid_sequence,
                                        const std::string& actor) {
  json payload = {{"day", restamp.day_id},
                  {"frames", restamp.frames},
                  {"takes", restamp.takes},
                  {"matched", restamp.matched}};
  if (undid_sequence) {
    payload["undid"] = *undid_sequence;
  }
  return {"day.restamped", "day/" + std::to_string(restamp.day_id), text(payload), actor, {}};
}

RecordedChange read_take_change(const std::string& payload) {
  RecordedChange change;
  const auto parsed = json::parse(payload, nullptr, false);
  if (!parsed.is_object()) {
    return change;
  }
  change.take_id = parsed.value("id", std::int64_t{0});
  change.from_number = parsed.value("from", 0);
  change.day_id = parsed.value("day", std::int64_t{0});
  change.frames = parsed.value("frames", std::int64_t{0});
  if (const auto before = parsed.find("before"); before != parsed.end() && before->is_object()) {
    if (before->contains("status") && (*before)["status"].is_string()) {
      change.before.status = parse_take_status((*before)["status"].get<std::string>());
    }
    for (const auto& [key, field] :
         {std::pair{"flagged", &change.before.flagged}, std::pair{"mos", &change.before.mos},
          std::pair{"vfx", &change.before.vfx}}) {
      if (before->contains(key) && (*before)[key].is_boolean()) {
        *field = (*before)[key].get<bool>();
      }
    }
    if (before->contains("notes") && (*before)["notes"].is_string()) {
      change.before.notes = (*before)["notes"].get<std::string>();
    }
  }
  return change;
}

}  // namespace slate::production
