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
  daemon.catalogue().append({"card.safe", "card/1", {{"roll", "A001"}}, "daemon", std::nullopt});
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

}  // namespace
}  // namespace slate
