// slate export, slate report and slate check: the day's deliverables for editorial and the PDF
// reports, saved under the name slated gives them, and what an assistant editor would find
// missing from the day.

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <strings.h>

#include "commands.hpp"

namespace slate::cli {

namespace {

// Query values here are ids, rolls ("A001") and format names; anything else is escaped.
std::string query_escaped(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string text;
  for (const char character : value) {
    const auto c = static_cast<unsigned char>(character);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      text += static_cast<char>(c);
    } else {
      text += '%';
      text += hex[c >> 4];
      text += hex[c & 15];
    }
  }
  return text;
}

std::string day_query(std::int64_t day) {
  return day > 0 ? "day=" + std::to_string(day) : "";
}

// The file name from `Content-Disposition: attachment; filename="…"`, kept to a plain name.
std::string attachment_name(const client::HttpResponse& response, const std::string& fallback) {
  for (const auto& [name, value] : response.headers) {
    if (name.size() != 19 || strcasecmp(name.c_str(), "content-disposition") != 0) {
      continue;
    }
    const auto start = value.find("filename=\"");
    const auto end = start == std::string::npos ? start : value.find('"', start + 10);
    if (end != std::string::npos) {
      const auto file = std::filesystem::path(value.substr(start + 10, end - start - 10));
      if (file.has_filename() && file.filename() == file) {
        return file.string();
      }
    }
  }
  return fallback;
}

// An error answer's message, for an answer that is not the file asked for.
int refused(const client::HttpResponse& response) {
  const auto answer = nlohmann::json::parse(response.body, nullptr, false);
  std::cerr << "slate: "
            << (answer.is_object()
                    ? answer.value("/error/message"_json_pointer, std::string("error"))
                    : std::string("slated refused"))
            << " (HTTP " << response.status << ")\n";
  return kFailed;
}

// Fetches a file from slated and writes it to `output` ("-": stdout; empty: the name slated gives
// it, in this folder).
int save(const Options& options, const std::string& target, const std::string& output,
         const std::string& fallback) {
  client::HttpResponse response;
  if (const int code = exchange(options, "GET", target, {}, response); code != kSuccess) {
    return code;
  }
  if (response.status != 200) {
    return refused(response);
  }
  if (output == "-") {
    std::cout << response.body;
    return kSuccess;
  }
  const auto file = output.empty() ? std::filesystem::path(attachment_name(response, fallback))
                                   : std::filesystem::path(output);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << response.body;
  out.close();
  if (!out) {
    std::cerr << "slate: cannot write " << file.string() << "\n";
    return kFailed;
  }
  std::cout << "Wrote " << file.string() << " ("
            << human_bytes(static_cast<double>(response.body.size())) << ")\n";
  return kSuccess;
}

}  // namespace

int export_log(const Options& options, const ExportOptions& exported) {
  std::string query;
  const auto add = [&query](const std::string& pair) {
    if (!pair.empty()) {
      query += (query.empty() ? "?" : "&") + pair;
    }
  };
  for (const auto day : exported.days) {
    add(day_query(day));
  }
  if (!exported.roll.empty()) {
    add("roll=" + query_escaped(exported.roll));
  }
  if (exported.circled) {
    add("circled=true");
  }
  if (exported.no_unmatched) {
    add("unmatched=false");
  }
  if (!exported.video_format.empty()) {
    add("video_format=" + query_escaped(exported.video_format));
  }
  return save(options, "/api/v1/exports/" + exported.kind + query, exported.output,
              "slate." + exported.kind);
}

int report(const Options& options, const ReportOptions& asked) {
  if (asked.offload > 0) {
    return save(options, "/api/v1/offloads/" + std::to_string(asked.offload) + "/report.pdf",
                asked.output, "offload.pdf");
  }
  const auto day = day_query(asked.day);
  return save(
      options,
      "/api/v1/reports/day?kind=" + query_escaped(asked.kind) + (day.empty() ? "" : "&" + day),
      asked.output, asked.kind + ".pdf");
}

int check(const Options& options, std::int64_t day) {
  nlohmann::json answer;
  const auto query = day_query(day);
  if (const int code = call(options, "GET", "/api/v1/check" + (query.empty() ? "" : "?" + query),
                            nullptr, answer);
      code != kSuccess) {
    return code;
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return answer.value("complete", false) ? kSuccess : kFailed;
  }
  const auto& checked = answer["day"];
  const auto day_words = "Day " + std::to_string(checked.value("number", 0)) + " (" +
                         checked.value("date", std::string("?")) + ")";
  const auto& items = answer["items"];
  if (items.empty()) {
    std::cout << day_words
              << " is complete: every clip is on a take, every take has its "
                 "cameras' clips, every card is safe to format.\n";
    return kSuccess;
  }
  std::cout << day_words << ": " << items.size() << (items.size() == 1 ? " item" : " items")
            << " to look at\n";
  for (const auto& item : items) {
    std::cout << "  " << item.value("kind", std::string()) << ": "
              << item.value("message", std::string()) << "\n";
  }
  return kFailed;
}

}  // namespace slate::cli
