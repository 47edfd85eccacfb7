// What slated sends matches the JSON Schemas in schemas/api, which tablets and tools code against.
#include <gtest/gtest.h>
#include <thread>

#include <slate/testing/in_process_daemon.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

// Validates each document against schemas/api/<schema>; returns the validator's complaints.
testing::CommandResult validate(const std::string& schema,
                                const std::vector<nlohmann::json>& documents) {
  testing::TempDir dir;
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   std::string(SLATE_SOURCE_DIR) + "/tests/tools/validate_json.py",
                                   std::string(SLATE_SOURCE_DIR) + "/schemas/api/" + schema};
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const auto file = dir / ("doc" + std::to_string(i) + ".json");
    testing::write_file(file, documents[i].dump());
    argv.push_back(file.string());
  }
  return testing::run_command(argv);
}

nlohmann::json get_json(std::uint16_t port, const std::string& request) {
  return nlohmann::json::parse(testing::body_of(testing::raw_http(port, request)));
}

TEST(ApiSchemas, StatusMatchesItsSchema) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  const auto status = get_json(
      daemon.port(), "GET /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n");
  const auto result = validate("status.schema.json", {status});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  // The schema is strict enough to catch a payload that lost a field.
  auto broken = status;
  broken.erase("schema_version");
  EXPECT_EQ(validate("status.schema.json", {broken}).exit_code, 1);
}

TEST(ApiSchemas, StatusOfABoxWithHttpsMatchesItsSchema) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path(), "", {}, "tls = true\ntls_listen = \"127.0.0.1:0\"\n");
  const auto status = get_json(
      daemon.port(), "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(status["https"].is_object()) << status.dump();
  const auto result = validate("status.schema.json", {status});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto broken = status;
  broken["https"].erase("ca_fingerprint");
  EXPECT_EQ(validate("status.schema.json", {broken}).exit_code, 1);
}

TEST(ApiSchemas, EveryKindOfErrorMatchesTheErrorSchema) {
  testing::TempDir dir;
  testing::DaemonUnderTest daemon(dir.path());
  const auto port = daemon.port();
  const std::vector<nlohmann::json> errors = {
      get_json(port, testing::get_request("/api/v1/nothing", daemon.token())),
      get_json(port, "PUT /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"),
      get_json(port, testing::get_request("/%2e%2e/x", daemon.token())),
      get_json(port, "POST /api/v1/status HTTP/1.1\r\nHost: s\r\nContent-Length: 99999999\r\n\r\n"),
      get_json(port, testing::get_request("/api/v1/events", daemon.token())),
  };
  const auto result = validate("error.schema.json", errors);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(ApiSchemas, EventStreamMessagesMatchTheirSchema) {
  testing::TempDir dir;
  testing::InProcessDaemon daemon(dir / "data");
  testing::EventStreamClient tablet(daemon.port(), 0, daemon.token());
  daemon.catalogue().append({"card.safe", "card/1", R"({"roll": "A001"})", "daemon", std::nullopt});
  const auto hello = tablet.next();
  const auto event = tablet.next();
  ASSERT_TRUE(hello && event);
  const auto result = validate("event-stream.schema.json", {*hello, *event});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto broken = *event;
  broken.erase("seq");
  EXPECT_EQ(validate("event-stream.schema.json", {broken}).exit_code, 1);
}

// A card in a watch folder and a "Directory Browse" camera, as the API and the events show them.
TEST(ApiSchemas, CardsCamerasAndTheirEventsMatchTheirSchemas) {
  testing::TempDir dir;
  testing::write_file(
      dir / "incoming/A001_0613XY.RDM/A001_C001_0613XY.RDC/A001_C001_0613XY_001.R3D", "r3d");
  testing::write_file(dir / "camera/DCIM/100TEST/IMG_0001.JPG", "jpeg");
  testing::DaemonUnderTest daemon(
      dir.path(), "[cards]\nsettle_seconds = 0\nmount_roots = []\nwatch_folders = [\"" +
                      (dir / "incoming").string() +
                      "\"]\n[tether]\nautodetect = false\npoll_seconds = 0.2\n"
                      "[[cameras]]\nmodel = \"Directory Browse\"\nport = \"disk:" +
                      (dir / "camera").string() + "\"\n");
  const auto port = daemon.port();
  nlohmann::json cards, cameras;
  for (int i = 0; i < 400; ++i) {
    cards = get_json(port, testing::get_request("/api/v1/cards", daemon.token()));
    cameras = get_json(port, testing::get_request("/api/v1/cameras", daemon.token()));
    if (cards["cards"].size() == 1 && cameras["cameras"].size() == 1 &&
        cameras["cameras"][0]["files_taken"] == 1) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(cards["cards"].size(), 1u) << cards.dump();
  EXPECT_EQ(cards["cards"][0]["layout"], "red");
  auto result = validate("cards.schema.json", {cards});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  result = validate("cameras.schema.json", {cameras});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;

  // The same shapes in the events: a card.inserted payload is a card, a camera.connected one a
  // camera.
  testing::EventStreamClient stream(port, 0, daemon.token());
  nlohmann::json inserted, connected;
  while (auto message = stream.next(std::chrono::milliseconds(500))) {
    if ((*message)["kind"] == "card.inserted") {
      inserted = (*message)["payload"];
    } else if ((*message)["kind"] == "camera.connected") {
      connected = (*message)["payload"];
    }
  }
  result = validate("cards.schema.json", {{{"cards", {inserted}}}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  result = validate("cameras.schema.json", {{{"cameras", {connected}}}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto broken = cards;
  broken["cards"][0]["layout"] = "betamax";
  EXPECT_EQ(validate("cards.schema.json", {broken}).exit_code, 1);
}

// The production's log as tablets read and change it: every answer matches its schema.
TEST(ApiSchemas, TheProductionsPayloadsMatchTheirSchemas) {
  testing::TempDir dir;
  testing::InProcessDaemon daemon(dir / "data");
  const auto send = [&](const std::string& method, const std::string& target,
                        const std::string& body = {}) {
    const auto answer = testing::raw_http(
        daemon.port(), method + " " + target +
                           " HTTP/1.1\r\nHost: s\r\nConnection: close\r\nAuthorization: Bearer " +
                           daemon.token() + "\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body);
    EXPECT_LT(testing::status_of(answer), 300) << method << " " << target << ": " << answer;
    return nlohmann::json::parse(testing::body_of(answer));
  };
  send("POST", "/api/v1/shotlist",
       "Scene,Setup,Description,Pages,Cameras,Characters\n12,A,Wide,1 3/8,A+B,Ann;Bo\n");
  const auto scene = send("POST", "/api/v1/scenes", R"({"number": "12A"})");
  const auto setup = send("POST", "/api/v1/scenes/" + scene["id"].dump() + "/setups", "{}");
  const auto rolled = send("POST", "/api/v1/setups/" + setup["id"].dump() + "/roll", "{}");
  const auto cut = send("POST", "/api/v1/takes/" + rolled["id"].dump() + "/cut");
  const auto marked =
      send("PATCH", "/api/v1/takes/" + rolled["id"].dump(), R"({"status": "ng", "flagged": true})");
  const auto offload = daemon.catalogue().write([](catalogue::Transaction& tx) {
    tx.db()
        .prepare(
            "INSERT INTO offloads (source, card_name, roll, hashes, verify_mode, min_destinations, "
            "path_template, state, created_at) VALUES ('/card', 'card', 'A001', 'xxh64', 'full', "
            "2, '{roll}', 'finished', '2026-11-27T10:00:00Z')")
        .run();
    const auto id = tx.db().last_insert_rowid();
    tx.db()
        .prepare(
            "INSERT INTO clips (offload_id, position, name, maker, camera, start_tc, end_tc, "
            "rate) VALUES (?, 1, 'A001C001', 'arri', 'A', '03:00:00:00', '03:00:10:00', '25')")
        .bind(1, id)
        .run();
    return id;
  });
  ASSERT_GT(offload, 0);

  const std::vector<std::pair<std::string, std::vector<nlohmann::json>>> cases = {
      // Day 1 before the next one starts: a take with no clip of either camera.
      {"check.schema.json", {send("GET", "/api/v1/check"), send("GET", "/api/v1/check?day=1")}},
      {"project.schema.json", {send("GET", "/api/v1/project")}},
      {"scenes.schema.json", {send("GET", "/api/v1/scenes"), scene, setup}},
      {"takes.schema.json", {send("GET", "/api/v1/takes"), rolled, cut, marked}},
      {"days.schema.json",
       {send("POST", "/api/v1/days", R"({"date": "2026-12-02", "unit": "second"})"),
        send("GET", "/api/v1/days")}},
      {"unmatched-clips.schema.json", {send("GET", "/api/v1/unmatched-clips")}},
      {"timecode.schema.json",
       {send("GET", "/api/v1/timecode"),
        send("POST", "/api/v1/timecode/jam", R"({"timecode": "07:00:00:00"})")}},
      {"devices.schema.json",
       {send("POST", "/api/v1/pairing/pins", R"({"role": "script"})"),
        send("POST", "/api/v1/pairing",
             nlohmann::json{
                 {"pin", send("POST", "/api/v1/pairing/pins", R"({"role": "director"})")["pin"]},
                 {"name", "Director iPad"}}
                 .dump()),
        send("GET", "/api/v1/devices")}},
  };
  for (const auto& [schema, documents] : cases) {
    const auto result = validate(schema, documents);
    EXPECT_EQ(result.exit_code, 0) << schema << ": " << result.out << result.err;
  }
  EXPECT_EQ(send("GET", "/api/v1/unmatched-clips")["clips"].size(), 1u);
  // No clip of camera A or B is on the take (the clip has no media file to judge).
  EXPECT_EQ(send("GET", "/api/v1/check?day=1")["items"].size(), 2u);
  auto broken = marked;
  broken["status"] = "great";
  EXPECT_EQ(validate("takes.schema.json", {broken}).exit_code, 1);
}

}  // namespace
}  // namespace slate
