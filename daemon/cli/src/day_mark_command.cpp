// slate day mark: the script supervisor's call, lunch, back from lunch and wrap from the command
// line, and how `slate day` shows them. Times are read and written in the box's local time, the
// clock the call sheet is in; slated keeps them in UTC.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>

#include <slate/core/clock.hpp>

#include "commands.hpp"

namespace slate::cli {

namespace {

using Clock = std::chrono::system_clock;

// The JSON's names of the marks with the CLI's (and the URL's), in the order of the day.
struct MarkName {
  const char* json;
  const char* cli;
};
constexpr MarkName kMarks[] = {
    {"call", "call"}, {"lunch", "lunch"}, {"lunch_end", "lunch-end"}, {"wrap", "wrap"}};

// "07:00" (or "07:00:30" when the mark has seconds) in local time.
std::string local_clock(const std::string& utc) {
  const auto time = core::parse_utc(utc);
  if (!time) {
    return utc;
  }
  const std::time_t seconds = Clock::to_time_t(*time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[16];
  std::strftime(text, sizeof text, local.tm_sec ? "%H:%M:%S" : "%H:%M", &local);
  return text;
}

// HH:MM or HH:MM:SS on the local `date` (YYYY-MM-DD) as a UTC instant; nullopt when it is neither.
std::optional<Clock::time_point> local_time_on(const std::string& date, const std::string& clock) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) {
    return std::nullopt;
  }
  const int read = std::sscanf(clock.c_str(), "%2d:%2d:%2d%c", &hour, &minute, &second, &tail);
  const int read_short = std::sscanf(clock.c_str(), "%2d:%2d%c", &hour, &minute, &tail);
  if (!(read == 3 || (read_short == 2 && clock.size() <= 5)) || hour > 23 || minute > 59 ||
      second > 59 || hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  if (read != 3) {
    second = 0;
  }
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = month - 1;
  local.tm_mday = day;
  local.tm_hour = hour;
  local.tm_min = minute;
  local.tm_sec = second;
  local.tm_isdst = -1;  // whichever is in force on that date
  const std::time_t seconds = std::mktime(&local);
  if (seconds == -1) {
    return std::nullopt;
  }
  return Clock::from_time_t(seconds);
}

// The day a mark is for: the one with `id`, or the current day when 0.
std::optional<nlohmann::json> day_of(const nlohmann::json& days, std::int64_t id) {
  for (const auto& each : days["days"]) {
    if (id == 0 ? each.value("current", false) : each.value("id", std::int64_t{0}) == id) {
      return each;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string day_marks_text(const nlohmann::json& day) {
  std::string text;
  if (!day.contains("marks") || !day["marks"].is_object()) {
    return text;
  }
  for (const auto& mark : kMarks) {
    if (day["marks"].contains(mark.json) && day["marks"][mark.json].is_string()) {
      text += std::string(text.empty() ? "" : "  ") + mark.cli + " " +
              local_clock(day["marks"][mark.json].get<std::string>());
    }
  }
  return text;
}

int day_mark(const Options& options, const DayMarkOptions& mark) {
  const MarkName* name = nullptr;
  for (const auto& each : kMarks) {
    if (mark.kind == each.cli) {
      name = &each;
    }
  }
  if (!name) {
    std::cerr << "slate day mark: " << mark.kind
              << " is not a mark: call, lunch, lunch-end or wrap\n";
    return kUsage;
  }
  nlohmann::json days;
  if (const int code = call(options, "GET", "/api/v1/days", nullptr, days); code != kSuccess) {
    return code;
  }
  const auto day = day_of(days, mark.day);
  if (!day) {
    std::cerr << "slate day mark: there is no shooting day "
              << (mark.day ? std::to_string(mark.day) : std::string("current"))
              << " in the current project (slate day lists them)\n";
    return kFailed;
  }
  const std::string target =
      "/api/v1/days/" + std::to_string(day->value("id", std::int64_t{0})) + "/marks/" + name->cli;
  nlohmann::json answer;
  if (mark.clear) {
    if (const int code = call(options, "DELETE", target, nullptr, answer); code != kSuccess) {
      return code;
    }
  } else {
    nlohmann::json body = nlohmann::json::object();
    if (mark.at.find('T') != std::string::npos) {
      body["at"] = mark.at;  // an ISO instant, as it is
    } else if (!mark.at.empty()) {
      auto at = local_time_on(day->value("date", ""), mark.at);
      if (!at) {
        std::cerr << "slate day mark: --at " << mark.at
                  << " is not a time: HH:MM or HH:MM:SS (local), or an ISO 8601 instant\n";
        return kUsage;
      }
      // A night shoot: a time before the day's call is the morning after, past midnight.
      const bool marked = day->contains("marks") && (*day)["marks"].is_object();
      const auto called =
          marked ? core::parse_utc((*day)["marks"].value("call", "")) : std::nullopt;
      if (name->json != std::string("call") && called && *at < *called) {
        at = *at + std::chrono::hours(24);
      }
      body["at"] = core::utc_text_ms(*at);
    }
    if (const int code = call(options, "PUT", target, &body, answer); code != kSuccess) {
      return code;
    }
  }
  if (options.json) {
    std::cout << answer.dump(2) << "\n";
    return kSuccess;
  }
  std::cout << "Day " << answer.value("number", 0) << ": " << name->cli << " ";
  if (mark.clear) {
    std::cout << "cleared\n";
  } else {
    const auto& marks = answer["marks"];
    std::cout << (marks.is_object() ? local_clock(marks.value(name->json, "")) : "?") << "\n";
  }
  return kSuccess;
}

}  // namespace slate::cli
