// Editorial's deliverables over HTTP: the ALE and the editor's log as downloads named for their
// day, and the wrap check as JSON. The exports library makes them; this maps the query to a
// selection and the answers to HTTP.

#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include <slate/api/export_routes.hpp>
#include <slate/exports/deliverables.hpp>
#include <slate/exports/wrap_check.hpp>

#include "route_values.hpp"

namespace slate::api {

namespace {

using nlohmann::json;

// More days than a production shoots, so that one request cannot ask for thousands.
constexpr std::size_t kMaxDays = 400;

std::optional<Response> bad_flag(const Request& request, const std::string& name, bool& value) {
  if (const auto text = request.query_value(name)) {
    if (*text != "true" && *text != "false") {
      return Response::error(400, "bad_request", name + " is true or false.");
    }
    value = *text == "true";
  }
  return std::nullopt;
}

// The selection a query asks for, or the 400 that says what is wrong with it.
std::variant<exports::Selection, Response> selection_of(const Request& request) {
  exports::Selection selection;
  const auto [first, last] = request.query.equal_range("day");
  for (auto it = first; it != last; ++it) {
    const auto id = id_of(it->second);
    if (!id) {
      return Response::error(400, "bad_request",
                             "day is a shooting day's id, a whole number from 1 (slate day).");
    }
    selection.days.push_back(*id);
  }
  if (selection.days.size() > kMaxDays) {
    return Response::error(400, "bad_request",
                           "at most " + std::to_string(kMaxDays) + " days in one export.");
  }
  if (const auto roll = request.query_value("roll")) {
    if (roll->empty() || roll->size() > 64) {
      return Response::error(400, "bad_request", "roll is a card's roll, such as A001.");
    }
    selection.roll = *roll;
  }
  if (auto refused = bad_flag(request, "circled", selection.circled_only)) {
    return *refused;
  }
  if (auto refused = bad_flag(request, "unmatched", selection.unmatched)) {
    return *refused;
  }
  return selection;
}

template <class Make>
Response with_log(catalogue::Catalogue& catalogue, const exports::Selection& selection,
                  Make&& make) {
  exports::EditorialLog log;
  try {
    auto reader = catalogue.lease();
    log = exports::read_editorial_log(*reader, selection);
  } catch (const std::invalid_argument& unknown) {
    // "no shooting day 12" as a sentence.
    std::string message = unknown.what();
    if (!message.empty()) {
      message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
    }
    return Response::error(404, "not_found", message + ".");
  }
  return make(log);
}

// A file the browser saves; a PDF it shows (the DIT opens a report in a tab, then prints it).
Response download(std::string body, std::string content_type, const std::string& file,
                  bool show = false) {
  Response response;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  response.headers.emplace_back("Content-Disposition", std::string(show ? "inline" : "attachment") +
                                                           "; filename=\"" + file + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

void add_export_routes(Router& router, catalogue::Catalogue& catalogue,
                       production::ProductionStore& production, ExportSettings settings) {
  router.add("GET", "/api/v1/exports/ale", Right::read, [&catalogue](Request& request) {
    auto selection = selection_of(request);
    if (auto* refused = std::get_if<Response>(&selection)) {
      return *refused;
    }
    exports::AleOptions options;
    if (const auto format = request.query_value("video_format")) {
      if (*format != "1080" && *format != "720" && *format != "PAL" && *format != "NTSC" &&
          *format != "CUSTOM") {
        return Response::error(400, "bad_request",
                               "video_format is 1080, 720, PAL, NTSC or CUSTOM, as the Avid "
                               "project's format.");
      }
      options.video_format = *format;
    }
    return with_log(
        catalogue, std::get<exports::Selection>(selection), [&](const exports::EditorialLog& log) {
          return download(exports::write_ale(exports::ale_of(log, options)),
                          "text/plain; charset=utf-8", exports::deliverable_name(log, "ale"));
        });
  });
  router.add("GET", "/api/v1/exports/csv", Right::read, [&catalogue](Request& request) {
    auto selection = selection_of(request);
    if (auto* refused = std::get_if<Response>(&selection)) {
      return *refused;
    }
    return with_log(catalogue, std::get<exports::Selection>(selection),
                    [](const exports::EditorialLog& log) {
                      return download(exports::editors_log_csv(log), "text/csv; charset=utf-8",
                                      exports::deliverable_name(log, "csv"));
                    });
  });
  router.add("GET", "/api/v1/check", Right::read,
             [&catalogue, &production, settings](Request& request) {
               std::optional<production::Day> day;
               const auto days = production.days();
               if (const auto text = request.query_value("day")) {
                 const auto id = id_of(*text);
                 if (!id) {
                   return Response::error(400, "bad_request",
                                          "day is a shooting day's id, a whole number from 1.");
                 }
                 for (const auto& each : days) {
                   if (each.id == *id) {
                     day = each;
                   }
                 }
                 if (!day) {
                   return Response::error(404, "not_found",
                                          "No shooting day " + std::to_string(*id) + ".");
                 }
               } else {
                 for (const auto& each : days) {
                   if (each.current) {
                     day = each;
                   }
                 }
                 if (!day) {
                   return Response::error(404, "not_found", "There is no current shooting day.");
                 }
               }
               std::vector<exports::CheckItem> items;
               {
                 auto reader = catalogue.lease();
                 items = exports::check_day(*reader, day->id, {settings.camera_audio});
               }
               json listed = json::array();
               for (const auto& item : items) {
                 json each = {{"kind", exports::to_string(item.finding)},
                              {"message", item.message},
                              {"take", item.take},
                              {"clip", item.clip}};
                 if (item.take_id) {
                   each["take_id"] = *item.take_id;
                 }
                 if (item.clip_id) {
                   each["clip_id"] = *item.clip_id;
                 }
                 if (item.offload_id) {
                   each["offload_id"] = *item.offload_id;
                 }
                 listed.push_back(std::move(each));
               }
               return Response::json({{"day",
                                       {{"id", day->id},
                                        {"number", day->number},
                                        {"date", day->date},
                                        {"unit", production::to_string(day->unit)}}},
                                      {"complete", items.empty()},
                                      {"items", std::move(listed)}});
             });
}

void add_report_routes(Router& router, catalogue::Catalogue& catalogue,
                       exports::OffloadReports& offload_reports, exports::ReportSettings settings) {
  router.add("GET", "/api/v1/offloads/{id}/report.pdf", Right::read,
             [&catalogue, &offload_reports](Request& request) {
               const auto id = id_of(request.params.at("id"));
               if (!id) {
                 return Response::error(400, "bad_id", "An offload id is a whole number from 1.");
               }
               std::string roll;
               {
                 auto reader = catalogue.lease();
                 auto row = reader->db().prepare("SELECT roll FROM offloads WHERE id = ?");
                 row.bind(1, *id);
                 if (row.step()) {
                   roll = row.column_text(0);
                 }
               }
               auto pdf = roll.empty() ? std::nullopt : offload_reports.pdf(*id);
               if (!pdf) {
                 return Response::error(404, "not_found",
                                        "No offload " + std::to_string(*id) + ".");
               }
               return download(std::move(*pdf), "application/pdf",
                               exports::offload_report_name(roll), true);
             });
  router.add("GET", "/api/v1/reports/day", Right::read, [&catalogue, settings](Request& request) {
    const auto kind = exports::parse_day_report_kind(request.query_value("kind").value_or(""));
    if (!kind) {
      return Response::error(400, "bad_request", "kind is editors-log or progress.");
    }
    exports::Selection selection;
    if (const auto text = request.query_value("day")) {
      const auto id = id_of(*text);
      if (!id) {
        return Response::error(400, "bad_request",
                               "day is a shooting day's id, a whole number from 1 (slate day).");
      }
      selection.days.push_back(*id);
    }
    return with_log(catalogue, selection, [&](const exports::EditorialLog& log) {
      auto reader = catalogue.lease();
      auto document = exports::day_report(*reader, log, *kind, settings);
      return download(std::move(document.pdf), "application/pdf",
                      exports::day_report_name(log, *kind), true);
    });
  });
}

}  // namespace slate::api
