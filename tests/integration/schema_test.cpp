// What slated sends matches the JSON Schemas in schemas/api, which tablets and tools code against.
#include <gtest/gtest.h>

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
      get_json(port, "GET /api/v1/nothing HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"),
      get_json(port, "PUT /api/v1/status HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"),
      get_json(port, "GET /%2e%2e/x HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"),
      get_json(port, "POST /api/v1/status HTTP/1.1\r\nHost: s\r\nContent-Length: 99999999\r\n\r\n"),
      get_json(port, "GET /api/v1/events HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"),
  };
  const auto result = validate("error.schema.json", errors);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(ApiSchemas, EventStreamMessagesMatchTheirSchema) {
  testing::TempDir dir;
  testing::InProcessDaemon daemon(dir / "data");
  testing::EventStreamClient tablet(daemon.port(), 0);
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

}  // namespace
}  // namespace slate
