// The script supervisor's marks of the day through the real slated and slate: set and cleared over
// HTTP by the roles that log (and no others), answered in the days schema, live on the event
// stream, kept per Idempotency-Key, and typed on the box as local times.
#include <ctime>
#include <gtest/gtest.h>
#include <regex>

#include <slate/core/clock.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;

class DayMarksApi : public ::testing::Test {
 protected:
  void SetUp() override { day_ = days()[0]["id"].get<std::int64_t>(); }

  std::string send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& token, const std::string& headers = {}) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n";
    if (!token.empty()) {
      request += "Authorization: Bearer " + token + "\r\n";
    }
    request += headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return testing::raw_http(daemon_.port(), request);
  }
  std::string marks_of(const std::string& kind) {
    return "/api/v1/days/" + std::to_string(day_) + "/marks/" + kind;
  }
  json days() {
    return json::parse(testing::body_of(testing::raw_http(
        daemon_.port(), testing::get_request("/api/v1/days", daemon_.token()))))["days"];
  }
  // A tablet's token, paired as `role`.
  std::string paired(const std::string& role) {
    const auto printed = daemon_.slate({"pair", "--role", role});
    std::smatch match;
    EXPECT_TRUE(std::regex_search(printed.out, match, std::regex("PIN ([0-9]{6})"))) << printed.out;
    const auto answer = send("POST", "/api/v1/pairing",
                             json{{"pin", match[1].str()}, {"name", role + " tablet"}}.dump(), {});
    EXPECT_EQ(testing::status_of(answer), 201) << answer;
    return json::parse(testing::body_of(answer))["token"];
  }
  // The complaints of tests/tools/validate_json.py about `document` against schemas/api/<schema>.
  testing::CommandResult validate(const std::string& schema, const json& document) {
    const auto file = dir_ / (schema + ".doc.json");
    testing::write_file(file, document.dump());
    return testing::run_command(
        {"/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/validate_json.py",
         std::string(SLATE_SOURCE_DIR) + "/schemas/api/" + schema, file.string()});
  }

  testing::TempDir dir_;
  testing::DaemonUnderTest daemon_{dir_.path(), "[tether]\nautodetect = false\n"};
  std::int64_t day_ = 0;
};

TEST_F(DayMarksApi, TheScriptSupervisorMarksAndClearsCallAndTheDayShowsIt) {
  const auto script = paired("script");
  const auto marked = send("PUT", marks_of("call"), R"({"at": "2026-12-01T07:00:00Z"})", script);
  ASSERT_EQ(testing::status_of(marked), 200) << marked;
  const auto day = json::parse(testing::body_of(marked));
  EXPECT_EQ(day["id"], day_);
  EXPECT_EQ(day["marks"], json({{"call", "2026-12-01T07:00:00.000Z"}}));
  const auto schema = validate("days.schema.json", day);
  EXPECT_EQ(schema.exit_code, 0) << schema.out << schema.err;
  EXPECT_EQ(days()[0]["marks"]["call"], "2026-12-01T07:00:00.000Z");

  const auto project = json::parse(testing::body_of(
      testing::raw_http(daemon_.port(), testing::get_request("/api/v1/project", daemon_.token()))));
  EXPECT_EQ(project["day"]["marks"]["call"], "2026-12-01T07:00:00.000Z");
  const auto project_schema = validate("project.schema.json", project);
  EXPECT_EQ(project_schema.exit_code, 0) << project_schema.out << project_schema.err;
  const auto listed_schema = validate("days.schema.json", json{{"days", days()}});
  EXPECT_EQ(listed_schema.exit_code, 0) << listed_schema.out << listed_schema.err;

  const auto cleared = send("DELETE", marks_of("call"), "", script);
  ASSERT_EQ(testing::status_of(cleared), 200) << cleared;
  EXPECT_EQ(json::parse(testing::body_of(cleared))["marks"], json::object());
  EXPECT_TRUE(days()[0]["marks"].empty());
}

TEST_F(DayMarksApi, AMarkWithoutATimeIsNowAndLunchEndIsSpelledWithAHyphen) {
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(1);
  ASSERT_EQ(testing::status_of(send("PUT", marks_of("lunch"), "{}", daemon_.token())), 200);
  const auto back = send("PUT", marks_of("lunch-end"), "", daemon_.token());
  ASSERT_EQ(testing::status_of(back), 200) << back;
  const auto marks = json::parse(testing::body_of(back))["marks"];
  const auto lunch = core::parse_utc(marks["lunch"].get<std::string>());
  ASSERT_TRUE(lunch);
  EXPECT_GE(*lunch, before);
  EXPECT_TRUE(marks.contains("lunch_end")) << marks;
}

TEST_F(DayMarksApi, OnlyTheRolesThatLogMayMark) {
  EXPECT_EQ(testing::status_of(send("PUT", marks_of("wrap"), "{}", {})), 401);
  EXPECT_EQ(testing::status_of(send("DELETE", marks_of("wrap"), "", {})), 401);
  for (const auto* role : {"viewer", "director", "camera"}) {
    const auto token = paired(role);
    EXPECT_EQ(testing::status_of(send("PUT", marks_of("wrap"), "{}", token)), 403) << role;
    EXPECT_EQ(testing::status_of(send("DELETE", marks_of("wrap"), "", token)), 403) << role;
  }
  EXPECT_TRUE(days()[0]["marks"].empty());
  EXPECT_EQ(testing::status_of(send("PUT", marks_of("wrap"), "{}", paired("dit"))), 200);
}

TEST_F(DayMarksApi, WrongRequestsAreRefusedByName) {
  const auto token = daemon_.token();
  const auto unknown = send("PUT", marks_of("breakfast"), "{}", token);
  EXPECT_EQ(testing::status_of(unknown), 404);
  EXPECT_NE(unknown.find("call, lunch, lunch-end and wrap"), std::string::npos) << unknown;
  EXPECT_EQ(testing::status_of(send("PUT", marks_of("lunch_end"), "{}", token)), 404);
  const auto no_day = send("PUT", "/api/v1/days/999/marks/call", "{}", token);
  EXPECT_EQ(testing::status_of(no_day), 404);
  EXPECT_NE(no_day.find("no shooting day 999"), std::string::npos) << no_day;
  const auto bad_time = send("PUT", marks_of("call"), R"({"at": "7am"})", token);
  EXPECT_EQ(testing::status_of(bad_time), 400);
  EXPECT_NE(bad_time.find("at must be a UTC time"), std::string::npos) << bad_time;
  const auto not_text = send("PUT", marks_of("call"), R"({"at": 7})", token);
  EXPECT_EQ(testing::status_of(not_text), 400);
  EXPECT_NE(not_text.find("at must be"), std::string::npos) << not_text;
  const auto other_field = send("PUT", marks_of("call"), R"({"when": "now"})", token);
  EXPECT_EQ(testing::status_of(other_field), 400);
  EXPECT_NE(other_field.find("\\\"when\\\""), std::string::npos) << other_field;
  EXPECT_EQ(testing::status_of(send("PUT", marks_of("call"), "{", token)), 400);
  ASSERT_EQ(testing::status_of(
                send("PUT", marks_of("lunch"), R"({"at": "2026-12-01T12:00:00Z"})", token)),
            200);
  const auto early = send("PUT", marks_of("lunch-end"), R"({"at": "2026-12-01T11:00:00Z"})", token);
  EXPECT_EQ(testing::status_of(early), 400);
  EXPECT_NE(early.find("back from lunch"), std::string::npos) << early;
  const auto refusal_schema = validate("error.schema.json", json::parse(testing::body_of(early)));
  EXPECT_EQ(refusal_schema.exit_code, 0) << refusal_schema.out << refusal_schema.err;
}

TEST_F(DayMarksApi, AMarkReplayedWithItsIdempotencyKeyIsAppliedOnce) {
  const std::string key = "Idempotency-Key: mark-call-1\r\n";
  const auto first =
      send("PUT", marks_of("call"), R"({"at": "2026-12-01T07:00:00Z"})", daemon_.token(), key);
  ASSERT_EQ(testing::status_of(first), 200) << first;
  // A later mark in between: the replay must not put the first one back.
  ASSERT_EQ(testing::status_of(send("PUT", marks_of("call"), R"({"at": "2026-12-01T07:30:00Z"})",
                                    daemon_.token())),
            200);
  const auto replay =
      send("PUT", marks_of("call"), R"({"at": "2026-12-01T07:00:00Z"})", daemon_.token(), key);
  EXPECT_EQ(testing::status_of(replay), 200);
  EXPECT_NE(replay.find("Idempotent-Replayed: true"), std::string::npos) << replay;
  EXPECT_EQ(days()[0]["marks"]["call"], "2026-12-01T07:30:00.000Z");
}

TEST_F(DayMarksApi, AMarkReachesEveryTabletOnTheEventStream) {
  testing::EventStreamClient tablet(daemon_.port(), std::nullopt, daemon_.token());
  ASSERT_TRUE(tablet.next());  // the hello
  ASSERT_EQ(testing::status_of(send("PUT", marks_of("wrap"), R"({"at": "2026-12-01T19:00:00Z"})",
                                    daemon_.token())),
            200);
  std::optional<json> marked;
  while (auto message = tablet.next()) {
    if ((*message)["kind"] == "day.marked") {
      marked = message;
      break;
    }
  }
  ASSERT_TRUE(marked) << "no day.marked event came";
  EXPECT_EQ((*marked)["entity"], "day/" + std::to_string(day_));
  EXPECT_EQ((*marked)["payload"]["day"], day_);
  EXPECT_EQ((*marked)["payload"]["kind"], "wrap");
  EXPECT_EQ((*marked)["payload"]["at"], "2026-12-01T19:00:00.000Z");
  const auto schema = validate("event-stream.schema.json", *marked);
  EXPECT_EQ(schema.exit_code, 0) << schema.out << schema.err;
}

// 07:00 on the day's date in this machine's time zone, as UTC: what the CLI should send.
std::string local_seven_on(const std::string& date) {
  std::tm local{};
  local.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  local.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  local.tm_mday = std::stoi(date.substr(8, 2));
  local.tm_hour = 7;
  local.tm_isdst = -1;
  return core::utc_text_ms(std::chrono::system_clock::from_time_t(std::mktime(&local)));
}

TEST_F(DayMarksApi, TheCliMarksInLocalTimeAndTheDayListShowsIt) {
  const auto marked = daemon_.slate({"day", "mark", "call", "--at", "07:00"});
  ASSERT_EQ(marked.exit_code, 0) << marked.err;
  EXPECT_NE(marked.out.find("Day 1: call 07:00"), std::string::npos) << marked.out;
  EXPECT_EQ(days()[0]["marks"]["call"], local_seven_on(days()[0]["date"]));
  const auto listed = daemon_.slate({"day"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("call 07:00"), std::string::npos) << listed.out;

  const auto cleared = daemon_.slate({"day", "mark", "call", "--clear"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_NE(cleared.out.find("Day 1: call cleared"), std::string::npos) << cleared.out;
  EXPECT_EQ(daemon_.slate({"day"}).out.find("call 07:00"), std::string::npos);
  EXPECT_NE(daemon_.slate({"day", "mark", "brunch"}).exit_code, 0);
  EXPECT_NE(daemon_.slate({"day", "mark", "wrap", "--at", "25:00"}).exit_code, 0);
}

}  // namespace
}  // namespace slate
