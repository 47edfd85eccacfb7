// The production's log through the real slated and slate: the project and day a fresh catalogue
// starts with, and shot-list imports that are all or nothing and merge on import again.
#include <ctime>
#include <gtest/gtest.h>
#include <map>
#include <thread>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using nlohmann::json;
using testing::binary;
using testing::run_command;
using testing::write_file;

class ShotListImport : public ::testing::Test {
 protected:
  testing::CommandResult slate(const std::vector<std::string>& args) { return daemon_.slate(args); }
  json scenes() {
    return json::parse(testing::body_of(testing::raw_http(
        daemon_.port(), testing::get_request("/api/v1/scenes", daemon_.token()))))["scenes"];
  }

  testing::TempDir dir_;
  testing::DaemonUnderTest daemon_{dir_.path(),
                                   "[project]\nname = \"Night Run\"\nfps = \"25\"\n"
                                   "[tether]\nautodetect = false\n"};
};

TEST_F(ShotListImport, AFreshCatalogueHasTheConfiguredProjectAndADay) {
  const auto shown = slate({"project"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Night Run at 25 fps, cameras A B"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("day 1 (main unit)"), std::string::npos) << shown.out;

  const auto changed = slate({"project", "--name", "Night Run II", "--cameras", "A,B,C"});
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("Night Run II at 25 fps, cameras A B C"), std::string::npos)
      << changed.out;
  EXPECT_EQ(slate({"project", "--fps", "31"}).exit_code, 1);
  EXPECT_EQ(slate({"project", "--fps", "24"}).exit_code, 0);
  // Once a take is logged at the project's rate, the rate stays.
  write_file(dir_ / "list.csv", "Scene,Setup\n1,A\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto setup = std::to_string(scenes()[0]["setups"][0]["id"].get<std::int64_t>());
  ASSERT_EQ(
      testing::status_of(testing::raw_http(
          daemon_.port(),
          "POST /api/v1/setups/" + setup + "/roll HTTP/1.1\r\nHost: s\r\nAuthorization: Bearer " +
              daemon_.token() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
      200);
  const auto refused = slate({"project", "--fps", "25"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("cannot change now"), std::string::npos) << refused.err;
  EXPECT_NE(slate({"project"}).out.find("Night Run II at 24 fps"), std::string::npos);
}

TEST_F(ShotListImport, AFileWithAnyErrorImportsNothingAndSaysWhereEachIs) {
  write_file(dir_ / "bad.csv",
             "Scene,Setup,Description,Pages\n"
             "12,A,\"Wide, the alley\",1 3/8\n"
             "12,B,Close on Mara,1 9/8\n"
             ",C,No scene here,1\n");
  const auto result = slate({"shotlist", "import", (dir_ / "bad.csv").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("line 3, column pages"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("line 4, column scene"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Nothing was imported: 2 problems"), std::string::npos) << result.err;
  EXPECT_TRUE(scenes().empty());
}

// The API keeps a description to 2,000 characters; a shot list could once bring in a megabyte.
TEST_F(ShotListImport, AMegabyteDescriptionIsRefusedWithItsLineAndColumn) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "[tether]\nautodetect = false\n", {},
                                  "max_body_bytes = 4194304\n");
  write_file(dir / "long.csv",
             "Scene,Setup,Description\n12,A,Wide\n12,B," + std::string(1024 * 1024, 'x') + "\n");
  const auto result = daemon.slate({"shotlist", "import", (dir / "long.csv").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("line 3, column description: a description holds at most 2000 bytes"),
            std::string::npos)
      << result.err.substr(0, 2000);
  EXPECT_LT(result.err.size(), 2000u) << "the refusal repeats the megabyte";
  const auto listed = json::parse(testing::body_of(
      testing::raw_http(daemon.port(), testing::get_request("/api/v1/scenes", daemon.token()))));
  EXPECT_TRUE(listed["scenes"].empty());
}

TEST_F(ShotListImport, ADryRunChangesNothingAndImportingAgainMerges) {
  write_file(dir_ / "day1.csv",
             "Sc,Shot,Description,I/E,Location,D/N,Pgs,Cam,Cast\n"
             "13,A,Master,EXT,Rooftop,NIGHT,2,A,\"Mara, Jonas\"\n"
             "12,A,\"Wide, the alley\",EXT,Alley,NIGHT,1 3/8,A+B,Mara\n"
             "12,B,Close on Mara,EXT,Alley,NIGHT,,A,Mara\n"
             "12A,A,Insert: the key,INT,Car,NIGHT,1/8,B,\n");
  const auto dry = slate({"shotlist", "import", "--dry-run", (dir_ / "day1.csv").string()});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Would add 3 scenes and 4 setups"), std::string::npos) << dry.out;
  EXPECT_TRUE(scenes().empty());

  const auto imported = slate({"shotlist", "import", (dir_ / "day1.csv").string()});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  auto list = scenes();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["number"], "12");
  EXPECT_EQ(list[1]["number"], "12A");
  EXPECT_EQ(list[2]["number"], "13");
  ASSERT_EQ(list[0]["setups"].size(), 2u);
  EXPECT_EQ(list[0]["setups"][0]["description"], "Wide, the alley");
  EXPECT_EQ(list[0]["setups"][0]["cameras"], json::array({"A", "B"}));
  EXPECT_EQ(list[0]["setups"][0]["pages"], "1 3/8");
  EXPECT_EQ(list[2]["setups"][0]["characters"], json::array({"Mara", "Jonas"}));

  // The AD's revised list: a new setup, a changed description, a row left out. Nothing is lost.
  write_file(dir_ / "day1-revised.csv",
             "Scene;Setup;Description\n"
             "12;B;Close on Mara, tighter\n"
             "12;C;Over the shoulder\n");
  const auto merged = slate({"shotlist", "import", (dir_ / "day1-revised.csv").string()});
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("Added 0 scenes and 1 setups; updated 0 scenes and 1 setups"),
            std::string::npos)
      << merged.out;
  list = scenes();
  ASSERT_EQ(list.size(), 3u);
  ASSERT_EQ(list[0]["setups"].size(), 3u);
  EXPECT_EQ(list[0]["setups"][1]["description"], "Close on Mara, tighter");
  EXPECT_EQ(list[0]["setups"][1]["cameras"], json::array({"A"})) << "an empty cell blanked a value";
  EXPECT_EQ(list[0]["setups"][2]["letter"], "C");
  EXPECT_EQ(list[0]["setups"][0]["description"], "Wide, the alley");

  // Without the token, nothing.
  const auto anonymous = testing::raw_http(
      daemon_.port(),
      "POST /api/v1/shotlist HTTP/1.1\r\nHost: s\r\nContent-Length: 9\r\nConnection: "
      "close\r\n\r\nScene\n99\n");
  EXPECT_EQ(testing::status_of(anonymous), 401);
  EXPECT_EQ(scenes().size(), 3u);
}

TEST_F(ShotListImport, TakesAreRolledCutAndMarkedThroughTheApiWithTheToken) {
  write_file(dir_ / "list.csv", "Scene,Setup\n21,A\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto setup = scenes()[0]["setups"][0]["id"].get<std::int64_t>();
  const auto token = testing::read_file(daemon_.data_dir() / "admin.token").substr(0, 64);
  const auto send = [&](const std::string& method, const std::string& target,
                        const std::string& body, bool with_token = true) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n";
    if (with_token) {
      request += "Authorization: Bearer " + token + "\r\n";
    }
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return testing::raw_http(daemon_.port(), request);
  };
  EXPECT_EQ(testing::status_of(
                send("POST", "/api/v1/setups/" + std::to_string(setup) + "/roll", "", false)),
            401);
  const auto rolled = send("POST", "/api/v1/setups/" + std::to_string(setup) + "/roll", "");
  ASSERT_EQ(testing::status_of(rolled), 200) << rolled;
  const auto take = json::parse(testing::body_of(rolled));
  EXPECT_EQ(take["take"], 1);
  EXPECT_EQ(take["rate"], "25");
  const auto id = std::to_string(take["id"].get<std::int64_t>());
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/takes/" + id + "/cut", "")), 200);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/takes/" + id + "/cut", "")), 409);
  // Listed once before the mark: the listing after it is made from the take kept at its old
  // revision, and must show the mark.
  const auto before = json::parse(testing::body_of(
      testing::raw_http(daemon_.port(), testing::get_request("/api/v1/takes", daemon_.token()))));
  ASSERT_EQ(before["takes"].size(), 1u);
  EXPECT_EQ(before["takes"][0]["status"], "none");
  const auto marked = send("PATCH", "/api/v1/takes/" + id, R"({"status": "circled"})");
  EXPECT_EQ(json::parse(testing::body_of(marked))["status"], "circled");
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/" + id, R"({"status": "super"})")),
            400);
  EXPECT_EQ(testing::status_of(send("PATCH", "/api/v1/takes/999", R"({"notes": "x"})")), 404);
  const auto listed = json::parse(testing::body_of(
      testing::raw_http(daemon_.port(), testing::get_request("/api/v1/takes", daemon_.token()))));
  ASSERT_EQ(listed["takes"].size(), 1u);
  EXPECT_EQ(listed["takes"][0]["status"], "circled");
  EXPECT_FALSE(listed["takes"][0]["cut_tc"].is_null());
  const auto printed = slate({"takes"});
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  // Scene 21, setup A, take 1: the name form that never reads like scene 21A.
  EXPECT_EQ(printed.out.substr(0, 16), "21-A/1  circled ") << printed.out;
  EXPECT_NE(printed.out.find("A: no clip  B: no clip"), std::string::npos) << printed.out;
  EXPECT_EQ(testing::status_of(send("PUT", "/api/v1/clips/5/take", R"({"take": 1})")), 404);
  EXPECT_EQ(testing::status_of(send("PUT", "/api/v1/clips/5/take", R"({"take": "one"})")), 400);
}

TEST_F(ShotListImport, AMarkReplayedWithItsIdempotencyKeyIsAppliedOnce) {
  write_file(dir_ / "list.csv", "Scene,Setup\n30,A\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto setup = std::to_string(scenes()[0]["setups"][0]["id"].get<std::int64_t>());
  const auto token = testing::read_file(daemon_.data_dir() / "admin.token").substr(0, 64);
  const auto send = [&](const std::string& method, const std::string& target,
                        const std::string& body, const std::string& key) {
    return testing::raw_http(daemon_.port(), method + " " + target +
                                                 " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                                 "Authorization: Bearer " +
                                                 token + "\r\nIdempotency-Key: " + key +
                                                 "\r\nContent-Length: " +
                                                 std::to_string(body.size()) + "\r\n\r\n" + body);
  };
  // A tablet rolls while offline, and sends its queue five times over a flaky link.
  std::string first;
  for (int i = 0; i < 5; ++i) {
    const auto answer = send("POST", "/api/v1/setups/" + setup + "/roll", "", "tablet-7:roll-1");
    ASSERT_EQ(testing::status_of(answer), 200) << answer;
    if (i == 0) {
      first = testing::body_of(answer);
    } else {
      EXPECT_EQ(testing::body_of(answer), first) << "a replay answered differently";
      EXPECT_NE(answer.find("Idempotent-Replayed: true"), std::string::npos);
    }
  }
  const auto take = json::parse(first)["id"].get<std::int64_t>();
  for (int i = 0; i < 5; ++i) {
    send("PATCH", "/api/v1/takes/" + std::to_string(take), R"({"notes": "Plane overhead"})",
         "tablet-7:note-1");
  }
  const auto listed = json::parse(testing::body_of(
      testing::raw_http(daemon_.port(), testing::get_request("/api/v1/takes", daemon_.token()))));
  EXPECT_EQ(listed["takes"].size(), 1u) << "a replayed roll made another take";
  // The same key on another mutation is a mistake the tablet must hear of.
  const auto reused =
      send("POST", "/api/v1/takes/" + std::to_string(take) + "/cut", "", "tablet-7:roll-1");
  EXPECT_EQ(testing::status_of(reused), 422);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/takes/" + std::to_string(take) + "/cut", "",
                                    std::string(201, 'k'))),
            400);
}

// A request with the admin token (or a tablet's) and a JSON body.
std::string send_json(std::uint16_t port, const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body) {
  return testing::raw_http(port, method + " " + target +
                                     " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                                     "Authorization: Bearer " +
                                     token + "\r\nContent-Length: " + std::to_string(body.size()) +
                                     "\r\n\r\n" + body);
}

TEST_F(ShotListImport, TheShotListGrowsOnSetAndANewDayBecomesCurrent) {
  write_file(dir_ / "list.csv", "Scene,Setup\n40,A\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto send = [&](const std::string& method, const std::string& target,
                        const std::string& body) {
    return send_json(daemon_.port(), daemon_.token(), method, target, body);
  };
  const auto added = send("POST", "/api/v1/scenes", R"({"number": "40pt2"})");
  ASSERT_EQ(testing::status_of(added), 201) << added;
  const auto scene = json::parse(testing::body_of(added));
  EXPECT_EQ(scene["number"], "40PT2");
  EXPECT_EQ(scene["setups"][0]["letter"], "A");
  const auto scene_id = std::to_string(scene["id"].get<std::int64_t>());
  const auto setup = send("POST", "/api/v1/scenes/" + scene_id + "/setups", "");
  ASSERT_EQ(testing::status_of(setup), 201) << setup;
  EXPECT_EQ(json::parse(testing::body_of(setup))["letter"], "B");
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/scenes", R"({"number": "40PT2"})")), 409);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/scenes", "{not json")), 400);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/scenes/abc/setups", "")), 400);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/scenes/999/setups", "")), 404);
  ASSERT_EQ(scenes().size(), 2u);
  EXPECT_EQ(scenes()[1]["setups"].size(), 2u);

  // Roll and circle on the new setup, then read it back through the listing's filters.
  const auto setup_b = json::parse(testing::body_of(setup))["id"].get<std::int64_t>();
  const auto rolled = send("POST", "/api/v1/setups/" + std::to_string(setup_b) + "/roll", "");
  const auto take = json::parse(testing::body_of(rolled))["id"].get<std::int64_t>();
  send("PATCH", "/api/v1/takes/" + std::to_string(take), R"({"status": "circled"})");
  const auto listed = [&](const std::string& query) {
    return json::parse(testing::body_of(testing::raw_http(
        daemon_.port(), testing::get_request("/api/v1/takes" + query, daemon_.token()))))["takes"];
  };
  EXPECT_EQ(listed("?scene=40PT2&status=circled").size(), 1u);
  EXPECT_EQ(listed("?scene=40").size(), 0u);
  EXPECT_EQ(listed("?flagged=true").size(), 0u);
  EXPECT_EQ(
      testing::status_of(testing::raw_http(
          daemon_.port(), testing::get_request("/api/v1/takes?status=great", daemon_.token()))),
      400);
  const auto unmatched = json::parse(testing::body_of(testing::raw_http(
      daemon_.port(), testing::get_request("/api/v1/unmatched-clips", daemon_.token()))));
  EXPECT_EQ(unmatched["clips"], json::array());

  // A new day: numbered on, current at once, and today's takes are no longer the listing's.
  const auto started = slate({"day", "new", "--date", "2026-12-01"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  EXPECT_NE(started.out.find("Now shooting day 2 (main unit), 2026-12-01"), std::string::npos)
      << started.out;
  EXPECT_EQ(listed("").size(), 0u);
  const auto days = slate({"day"});
  EXPECT_NE(days.out.find("  id 1  day 1  main unit"), std::string::npos) << days.out;
  EXPECT_NE(days.out.find("* id 2  day 2  main unit  2026-12-01  0 takes"), std::string::npos)
      << days.out;
  EXPECT_EQ(slate({"day", "new", "--unit", "third"}).exit_code, 1);
  EXPECT_EQ(slate({"day", "set", "1"}).exit_code, 0);
  EXPECT_EQ(listed("").size(), 1u);
  EXPECT_EQ(slate({"day", "set", "99"}).exit_code, 1);
  EXPECT_NE(slate({"project"}).out.find("day 1 (main unit)"), std::string::npos);
}

TEST_F(ShotListImport, MarksFromTwoTabletsOnOneTakeAllLandInTheEventLogInTheirOrder) {
  write_file(dir_ / "list.csv", "Scene,Setup\n50,A\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto setup = std::to_string(scenes()[0]["setups"][0]["id"].get<std::int64_t>());
  const auto rolled =
      send_json(daemon_.port(), daemon_.token(), "POST", "/api/v1/setups/" + setup + "/roll", "");
  const auto take = "/api/v1/takes/" +
                    std::to_string(json::parse(testing::body_of(rolled))["id"].get<std::int64_t>());
  // Two paired tablets: the script supervisor and the director.
  const auto pair = [&](const std::string& role) {
    const auto printed = slate({"pair", "--role", role});
    const auto pin = printed.out.substr(printed.out.find("PIN ") + 4, 6);
    const auto body = json{{"pin", pin}, {"name", role + " iPad"}}.dump();
    const auto answer =
        testing::raw_http(daemon_.port(),
                          "POST /api/v1/pairing HTTP/1.1\r\nHost: s\r\nConnection: close\r\n"
                          "Content-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(testing::status_of(answer), 201) << answer;
    return json::parse(testing::body_of(answer));
  };
  const auto script = pair("script");
  const auto director = pair("director");
  testing::EventStreamClient stream(daemon_.port(), std::nullopt, daemon_.token());
  ASSERT_TRUE(stream.next());  // hello

  constexpr int kMarks = 25;
  const auto marks = [&](const json& tablet, const std::string& prefix) {
    for (int i = 0; i < kMarks; ++i) {
      const auto answer = send_json(daemon_.port(), tablet["token"], "PATCH", take,
                                    json{{"notes", prefix + std::to_string(i)}}.dump());
      EXPECT_EQ(testing::status_of(answer), 200) << answer;
    }
  };
  std::thread script_tablet(marks, script, "s");
  std::thread director_tablet(marks, director, "d");
  script_tablet.join();
  director_tablet.join();

  // Every mark is one event, numbered in the order applied; each tablet's in the order it sent.
  std::map<std::string, std::vector<std::string>> notes_by_actor;
  std::int64_t last_sequence = 0;
  std::string last_notes;
  for (int seen = 0; seen < 2 * kMarks;) {
    const auto message = stream.next();
    ASSERT_TRUE(message) << "only " << seen << " marks reached the stream";
    if ((*message)["kind"] != "take.updated") {
      continue;
    }
    ++seen;
    EXPECT_GT((*message)["seq"].get<std::int64_t>(), last_sequence);
    last_sequence = (*message)["seq"];
    last_notes = (*message)["payload"]["changes"]["notes"];
    notes_by_actor[(*message)["actor"]].push_back(last_notes);
  }
  for (const auto& [tablet, prefix] :
       {std::pair{script, std::string("s")}, std::pair{director, std::string("d")}}) {
    const auto& notes =
        notes_by_actor["device/" + std::to_string(tablet["device"].get<std::int64_t>())];
    ASSERT_EQ(notes.size(), static_cast<std::size_t>(kMarks)) << prefix;
    for (int i = 0; i < kMarks; ++i) {
      EXPECT_EQ(notes[static_cast<std::size_t>(i)], prefix + std::to_string(i));
    }
  }
  // The take holds the mark applied last.
  const auto listed = json::parse(testing::body_of(
      testing::raw_http(daemon_.port(), testing::get_request("/api/v1/takes", daemon_.token()))));
  EXPECT_EQ(listed["takes"][0]["notes"], last_notes);
}

// "2026-11-27T10:00:00.000Z" for a time `seconds_ago` before now, as a browser writes it.
std::string iso_ago(int seconds_ago) {
  const auto when = std::chrono::system_clock::now() - std::chrono::seconds(seconds_ago);
  const std::time_t whole = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return text;
}

TEST_F(ShotListImport, AMarkMadeOfflineKeepsTheTimeItWasMade) {
  write_file(dir_ / "list.csv", "Scene,Setup\n60,A\n60,B\n");
  ASSERT_EQ(slate({"shotlist", "import", (dir_ / "list.csv").string()}).exit_code, 0);
  const auto setup = std::to_string(scenes()[0]["setups"][0]["id"].get<std::int64_t>());
  const auto send = [&](const std::string& target, const json& body) {
    return send_json(daemon_.port(), daemon_.token(), "POST", target, body.dump());
  };
  // Rolled 40 s ago and cut 10 s ago on a tablet with no Wi-Fi, sent only now.
  const auto rolled = send("/api/v1/setups/" + setup + "/roll", {{"at", iso_ago(40)}});
  ASSERT_EQ(testing::status_of(rolled), 200) << rolled;
  const auto take = json::parse(testing::body_of(rolled));
  EXPECT_EQ(take["rolled_at"], iso_ago(40)) << "kept to the millisecond the tablet sent";
  const auto id = std::to_string(take["id"].get<std::int64_t>());
  // A cut before the roll, a day-old one or a malformed one: refused.
  for (const auto& at : {json(iso_ago(50)), json(iso_ago(90000)), json("yesterday"), json(1234)}) {
    const auto refused = send("/api/v1/takes/" + id + "/cut", {{"at", at}});
    EXPECT_EQ(testing::status_of(refused), 400) << at << refused;
  }
  const auto cut = send("/api/v1/takes/" + id + "/cut", {{"at", iso_ago(10)}});
  ASSERT_EQ(testing::status_of(cut), 200) << cut;
  const auto stamped = json::parse(testing::body_of(cut));
  // 30 s apart at 25 fps: 750 frames, whatever the time of day.
  const auto frames = [](const std::string& tc) {
    return ((std::stoi(tc.substr(0, 2)) * 60 + std::stoi(tc.substr(3, 2))) * 60 +
            std::stoi(tc.substr(6, 2))) *
               25 +
           std::stoi(tc.substr(9, 2));
  };
  const auto length =
      (frames(stamped["cut_tc"]) - frames(stamped["roll_tc"]) + 25 * 86400) % (25 * 86400);
  EXPECT_EQ(length, 750) << stamped.dump();

  // A tablet whose clock runs a minute ahead: stamped at the box's now, not in the future.
  const auto setup_b = std::to_string(scenes()[0]["setups"][1]["id"].get<std::int64_t>());
  const auto early = send("/api/v1/setups/" + setup_b + "/roll", {{"at", iso_ago(-60)}});
  ASSERT_EQ(testing::status_of(early), 200) << early;
  EXPECT_LE(json::parse(testing::body_of(early))["rolled_at"].get<std::string>(),
            iso_ago(0).substr(0, 19) + "Z");
}

}  // namespace
}  // namespace slate
